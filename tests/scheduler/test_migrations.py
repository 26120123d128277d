"""Migrations: from an empty database, and from the previous revision with data in it."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from tipqueue.config.errors import StoreError
from tipqueue.scheduler.store import HEAD_REVISION, MIGRATIONS_DIR, Store, normalise_url

from tests.scheduler.test_store_kit import NOW

TABLES = {"accounts", "posts", "post_events", "replies", "cursors", "alerts", "alembic_version"}


def test_the_known_head_is_alembics_head() -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(cfg).get_current_head() == HEAD_REVISION


def test_an_empty_database_gets_every_table(db_url: str) -> None:
    with Store.open(db_url) as store:
        assert store.revision() == HEAD_REVISION
    engine = create_engine(normalise_url(db_url))
    try:
        names = set(inspect(engine).get_table_names())
        assert names >= TABLES
        assert {"ix_posts_due_at_id", "ix_posts_scheduled_at_id"} <= {
            i["name"] for i in inspect(engine).get_indexes("posts")
        }
    finally:
        engine.dispose()


def test_upgrading_from_the_previous_revision_keeps_the_data(db_url: str) -> None:
    from alembic import command

    engine = create_engine(normalise_url(db_url))
    try:
        with engine.begin() as conn:
            cfg = Config()
            cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0001")
            when = (NOW + timedelta(days=1)).replace(tzinfo=None)
            stamp = NOW.replace(tzinfo=None)
            conn.execute(
                text(
                    "INSERT INTO accounts (name, username, timezone, paused, created_at) "
                    "VALUES ('clinic', 'clinic.demo', 'Europe/London', false, :t)"
                ),
                {"t": stamp},
            )
            conn.execute(
                text(
                    "INSERT INTO posts (id, account, kind, series_label, quote, caption, caption_fingerprint,"
                    " hashtags, alt_text, slides, media_kind, article_slug, position, collect_replies, status,"
                    " scheduled_at, due_at, attempts, created_at, updated_at) VALUES ('old-01', 'clinic', 'tip',"
                    " '1/1', 'q', 'An old caption', 'fp', '[\"skincare\"]', 'alt', '[]', 'photo', 'old', 1, false,"
                    " 'scheduled', :w, :w, 0, :t, :t)"
                ),
                {"w": when, "t": stamp},
            )
            conn.execute(
                text("INSERT INTO post_events (post_id, at, event) VALUES ('old-01', :t, 'added')"),
                {"t": stamp},
            )
    finally:
        engine.dispose()
    with pytest.raises(
        StoreError, match=f"revision 0001 but tipqueue needs {HEAD_REVISION}; run `tipqueue db upgrade`"
    ):
        Store.open(db_url, upgrade=False)
    with Store.open(db_url) as store:
        assert store.revision() == HEAD_REVISION
        post = store.get_post("old-01")
        assert (post.caption, post.hashtags, post.pinned) == ("An old caption", ("skincare",), False)
        assert (post.sent_at, post.outcome_unknown) == (None, False)  # never sent
        assert post.scheduled_at == NOW + timedelta(days=1)
        assert [e.event for e in store.history("old-01")] == ["added"]
        assert [p.id for p in store.due_posts(NOW + timedelta(days=2))] == ["old-01"]
        # the posts stored before handles existed got one, and typing it finds the post
        assert post.handle == "O-1" and store.get_post("o1").id == "old-01"
        # a new post of the same series continues its numbering; a new series gets its own code
        store.add_posts([replace(post, id="old-02", handle="", position=2)], now=NOW)
        assert store.get_post("old-02").handle == "O-2"


def test_upgrading_takes_the_hashtag_paragraph_out_of_captions_not_yet_sent(db_url: str) -> None:
    """Before 0003 a caption ended with its tags and an edited hashtag list was never applied."""
    from alembic import command

    engine = create_engine(normalise_url(db_url))
    stamp = NOW.replace(tzinfo=None)
    try:
        with engine.begin() as conn:
            cfg = Config()
            cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0002")
            conn.execute(
                text(
                    "INSERT INTO accounts (name, username, timezone, paused, created_at) "
                    "VALUES ('clinic', 'clinic.demo', 'UTC', false, :t)"
                ),
                {"t": stamp},
            )
            for post_id, status, caption, tags in [
                ("queued", "scheduled", "Relax your jaw.\n\n#skincare #glow", '["botox"]'),
                ("sent", "published", "Sent as is.\n\n#skincare", '["skincare"]'),
            ]:
                conn.execute(
                    text(
                        "INSERT INTO posts (id, account, kind, series_label, quote, caption,"
                        " caption_fingerprint, hashtags, alt_text, slides, media_kind, article_slug,"
                        " position, collect_replies, status, scheduled_at, due_at, attempts, created_at,"
                        " updated_at, pinned) VALUES (:i, 'clinic', 'tip', '1/1', 'q', :c, 'fp', :h, 'alt',"
                        " '[]', 'photo', 'old', 1, false, :s, :t, :t, 0, :t, :t, false)"
                    ),
                    {"i": post_id, "s": status, "c": caption, "h": tags, "t": stamp},
                )
    finally:
        engine.dispose()
    with Store.open(db_url) as store:
        queued, sent = store.get_post("queued"), store.get_post("sent")
    assert queued.caption == "Relax your jaw."
    assert queued.published_caption == "Relax your jaw.\n\n#botox"  # the edited list, the old tags gone
    assert sent.caption == sent.published_caption == "Sent as is.\n\n#skincare"
