"""Short handles: one per post, unique per store, typed in any case, with or without the hyphen."""

from __future__ import annotations

from dataclasses import replace

import pytest
from tipqueue.config.errors import NotFoundError
from tipqueue.scheduler.handles import normalise, series_code
from tipqueue.scheduler.store import Store

from tests.scheduler.test_store_kit import NOW, make_post

#: Slugs `tipqueue split` made from real article titles (the bundled article and two others).
FACIAL = "strong-facial-muscles-and-home-gadgets-for-a-younger-looking-face"
FILLERS = "fillers-muscles-and-gravity"
FACE = "face-masks-that-guard-your-skin"


def series(slug: str, count: int, prefix: str | None = None) -> list:
    return [
        replace(make_post(f"{prefix or slug}-{n:02d}"), article_slug=slug, position=n)
        for n in range(1, count + 1)
    ]


def test_each_series_gets_its_own_code_and_each_post_its_number(queue_store: Store) -> None:
    queue_store.add_posts(series(FACIAL, 12), now=NOW)
    queue_store.add_posts(series(FILLERS, 3), now=NOW)
    queue_store.add_posts(series(FACE, 2), now=NOW)
    got = {p.id: p.handle for p in queue_store.list_posts()}
    assert got[f"{FACIAL}-01"] == "SFM-1" and got[f"{FACIAL}-12"] == "SFM-12"
    assert got[f"{FILLERS}-03"] == "FMG-3"
    assert got[f"{FACE}-02"] == "FMT-2"
    assert len(set(got.values())) == len(got)
    assert max(len(h) for h in got.values()) <= 6  # against ids of up to 68 characters


def test_clashing_initials_get_a_longer_code(queue_store: Store) -> None:
    queue_store.add_posts(series("fillers-muscles-gravity", 2), now=NOW)
    queue_store.add_posts(series("facial-massage-guide", 2), now=NOW)
    handles = [p.handle for p in queue_store.list_posts()]
    assert sorted(handles) == ["FMG-1", "FMG-2", "FMGA-1", "FMGA-2"]


def test_a_series_split_again_under_new_ids_never_reuses_a_handle(queue_store: Store) -> None:
    queue_store.add_posts(series(FILLERS, 3), now=NOW)
    queue_store.add_posts(series(FILLERS, 2, prefix="fillers-v2"), now=NOW)
    assert [p.handle for p in queue_store.list_posts()][-2:] == ["FMG-4", "FMG-5"]


@pytest.mark.parametrize("typed", ["FMG-3", "fmg-3", "fmg3", " Fmg03 "])
def test_a_handle_is_accepted_wherever_an_id_is(queue_store: Store, typed: str) -> None:
    queue_store.add_posts(series(FILLERS, 3), now=NOW)
    assert queue_store.get_post(typed).id == f"{FILLERS}-03"
    assert [p.id for p in queue_store.get_posts([typed, f"{FILLERS}-01"])] == [
        f"{FILLERS}-03",
        f"{FILLERS}-01",
    ]
    assert queue_store.history(typed)[0].event == "added"


def test_an_unknown_handle_names_what_was_typed(queue_store: Store) -> None:
    queue_store.add_posts(series(FILLERS, 1), now=NOW)
    with pytest.raises(NotFoundError, match="no post with id 'FMG-7'"):
        queue_store.get_post("FMG-7")


def test_what_is_not_a_handle_is_only_an_id() -> None:
    assert normalise("facial-muscles-03") is None and normalise("f3") == "F-3"


def test_queue_commands_take_a_handle(queue_store: Store, settings) -> None:  # type: ignore[no-untyped-def]
    from tipqueue.scheduler import queue

    queue_store.add_posts(series(FILLERS, 3), now=NOW)
    edited = queue.edit_post(queue_store, settings, "fmg1", now=NOW, first_comment="More below")
    assert edited.id == f"{FILLERS}-01" and edited.first_comment == "More below"
    (cancelled,) = queue.cancel(queue_store, ["FMG-2"], now=NOW)
    assert cancelled.id == f"{FILLERS}-02"
    with pytest.raises(NotFoundError, match="no post with id 'FMG-9'"):
        queue.cancel(queue_store, ["FMG-3", "FMG-9"], now=NOW)
    assert queue_store.get_post("FMG-3").status.value == "scheduled"  # all or nothing


def test_many_series_with_the_same_initials_get_the_codes_one_at_a_time_would(queue_store: Store) -> None:
    """A bulk add picks up the count where the previous clashing series stopped (no re-trying
    every taken code), and gives exactly the codes that trying every code for each one gives."""
    slugs = [f"summer-skin-{n}" for n in range(60)]
    queue_store.add_posts([replace(make_post("first"), article_slug="sunny-side")], now=NOW)  # SS is stored
    queue_store.add_posts(
        [replace(make_post(f"p-{n}"), article_slug=s) for n, s in enumerate(slugs)], now=NOW
    )
    taken: set[str] = {"SS"}
    expected = []
    for slug in slugs:
        code = series_code(slug, taken)  # no resume: every code tried from the start
        taken.add(code)
        expected.append(f"{code}-1")
    assert [queue_store.get_post(f"p-{n}").handle for n in range(60)] == expected
    assert expected[0] == "SSA-1" and len(set(expected)) == 60
