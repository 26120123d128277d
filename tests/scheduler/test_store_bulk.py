"""The store's bulk write path: many posts at once, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace

from tipqueue.scheduler.store import Store

from tests.scheduler.test_store_kit import NOW, make_post


def test_find_posts_names_stored_posts_by_id_or_handle_and_leaves_out_the_rest(queue_store: Store) -> None:
    queue_store.add_posts([make_post("facial-01"), replace(make_post("facial-02"), position=2)], now=NOW)
    found = queue_store.find_posts(["facial-01", "f-2", "nope", "facial-01"])
    assert {ref: post.id for ref, post in found.items()} == {"facial-01": "facial-01", "f-2": "facial-02"}


def test_postgresql_statements_are_never_prepared_on_a_plan_from_an_empty_table(queue_store: Store) -> None:
    """psycopg prepares a statement on its fifth run; PostgreSQL may then keep a generic plan
    made while the posts table was empty (a scan per duplicate check: bulk adds grew
    quadratically). Many batches later, the duplicate check still answers by the index."""
    for batch in range(8):  # more runs than psycopg's prepare threshold (5)
        queue_store.add_posts(
            [replace(make_post(f"b{batch}-{n}"), article_slug=f"series-{batch}") for n in range(50)], now=NOW
        )
    if queue_store.dialect == "postgresql":
        raw = queue_store._engine.raw_connection()
        try:
            assert raw.driver_connection.prepare_threshold is None  # type: ignore[union-attr]
        finally:
            raw.close()
    assert len(queue_store.list_posts()) == 400
