"""The leaderboard counted from the mention rows, a batch at a time (replies.board), is the board
ranked from every stored reply (replies.export.leaderboard): after one import, after several,
after gadgets are found again, after replies are deleted or written round the store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from tipqueue.posts.models import GadgetMention, Reply, ReplyKind, Stance
from tipqueue.replies import board
from tipqueue.replies.export import ROLLUPS, leaderboard
from tipqueue.replies.importer import import_replies
from tipqueue.scheduler import mentions
from tipqueue.scheduler.signoffs import prune_replies
from tipqueue.scheduler.store import Store

REALSET = Path(__file__).parent / "realset"
T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A store on SQLite, and on PostgreSQL when TIPQUEUE_TEST_DATABASE_URL is set."""
    opened = Store.open(db_url)
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    board.forget()
    yield
    board.forget()


def _import_file(tmp_path: Path, name: str, *, start: int, backwards: bool = False) -> Path:
    """The real set's excerpts as an export of readers' replies: one thread per source page, a
    reader per page and language (so readers write several replies), one minute apart (going
    back in time when ``backwards``: an export of older replies imported later)."""
    out = tmp_path / f"import-{name}"
    lines = []
    for n, line in enumerate((REALSET / name).read_text(encoding="utf-8").splitlines()):
        item = json.loads(line)
        minutes = start - n if backwards else start + n
        lines.append(
            {
                "id": item["id"],
                "text": item["text"],
                "username": f"reader-{abs(hash((item['source'], item['lang']))) % 97}",
                "post": item["source"][-60:],
                "created_at": (T0 + timedelta(minutes=minutes)).isoformat(),
            }
        )
    out.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return out


def _same_for_every_rollup(store: Store) -> None:
    for by in ROLLUPS:
        ranked = board.rank(store, by=by)
        assert ranked == leaderboard(store, by=by), by
        assert ranked, by


def test_the_real_set_ranks_the_same_after_each_of_three_imports(
    store: Store, tmp_path: Path, now: datetime
) -> None:
    import_replies(store, _import_file(tmp_path, "replies.jsonl", start=0), now=now)
    _same_for_every_rollup(store)
    first = board.rank(store)
    assert first[0].people >= 2 and any(row.recommends for row in first)
    # two more imports, the second of replies written before the first ones
    import_replies(store, _import_file(tmp_path, "fresh.jsonl", start=1000), now=now)
    import_replies(store, _import_file(tmp_path, "fresh2.jsonl", start=-10, backwards=True), now=now)
    kept = {by: board.rank(store, by=by) for by in ROLLUPS}  # counted from what was added since
    assert kept["gadget"] != first
    board.forget()  # counted again from the first row
    assert {by: board.rank(store, by=by) for by in ROLLUPS} == kept
    _same_for_every_rollup(store)


def _reply(n: int, gadgets: list[GadgetMention], *, reader: str | None, minutes: int | None) -> Reply:
    return Reply(
        f"c{n}",
        f"reply {n} about {', '.join(m.gadget for m in gadgets) or 'nothing'}",
        ReplyKind.COMMENT,
        "post-1",
        username=reader,
        created_at=None if minutes is None else T0 + timedelta(minutes=minutes),
        mentions=tuple(gadgets),
    )


def _m(
    gadget: str, stance: Stance, *, brand: str | None = None, category: str = "microcurrent", **kw: bool
) -> GadgetMention:
    return GadgetMention(gadget, category, stance, gadget.lower(), brand=brand, **kw)


R, D, M = Stance.RECOMMENDS, Stance.DISLIKES, Stance.MENTIONS


def _made_up() -> list[list[Reply]]:
    """Three batches of replies with every rule of the ranking in play: a reader changing their
    mind (and an older opinion stored later), replies without a time, relayed verdicts, two of a
    brand's gadgets in one reply, one gadget written in two cases, anonymous readers."""
    mini, trinity = "NuFace Mini", "NuFace Trinity"
    return [
        [
            _reply(1, [_m(mini, R, brand="NuFace")], reader="ana", minutes=10),
            _reply(
                2, [_m(mini, D, brand="NuFace"), _m(trinity, R, brand="NuFace")], reader="ben", minutes=11
            ),
            _reply(3, [_m("Gua sha", M, category="gua-sha")], reader=None, minutes=12),
            _reply(4, [_m(trinity, D, brand="NuFace", relayed=True)], reader="cat", minutes=None),
            _reply(5, [], reader="dan", minutes=13),
        ],
        [
            _reply(6, [_m(mini, D, brand="NuFace")], reader="ana", minutes=30),  # changed her mind
            _reply(7, [_m("nuface mini", R, brand="NuFace", inferred=True)], reader="Eve", minutes=5),
            _reply(
                8,
                [_m("Gua sha", R, category="gua-sha"), _m("LED mask", M, category="led-mask")],
                reader="ben",
                minutes=None,
            ),
        ],
        [
            _reply(9, [_m(mini, R, brand="NuFace")], reader="ANA", minutes=1),  # older: still dislikes
            _reply(10, [_m(trinity, R, brand="NuFace", relayed=True)], reader="fay", minutes=40),
            _reply(11, [_m("LED mask", D, category="led-mask")], reader=None, minutes=41),
        ],
    ]


def test_a_made_up_set_ranks_the_same_batch_by_batch(store: Store) -> None:
    for batch in _made_up():
        store.add_replies(batch)
        _same_for_every_rollup(store)
    rows = {row.gadget: row for row in board.rank(store)}
    assert (rows["NuFace Mini"].recommends, rows["NuFace Mini"].dislikes) == (1, 2)  # Eve; Ana and Ben
    assert rows["NuFace Trinity"].relayed == 2  # Cat and Fay only report others' verdicts


def test_gadgets_found_again_and_deleted_replies_are_counted_again(store: Store, now: datetime) -> None:
    for batch in _made_up():
        store.add_replies(batch)
    board.rank(store)
    store.set_reply_mentions({"c1": (), "c2": (_m("Gua sha", D, category="gua-sha"),)})  # a lexicon change
    _same_for_every_rollup(store)
    with store._tx(write=True) as conn:
        conn.execute(text("UPDATE replies SET collected_at = created_at"))
    prune_replies(store, keep_days=1, now=T0 + timedelta(days=1, minutes=12))  # c1..c3 and c9 go
    _same_for_every_rollup(store)
    assert "c1" not in {r.platform_id for r in store.list_replies()}


def test_replies_written_round_the_store_get_their_rows_first(store: Store) -> None:
    store.add_replies(_made_up()[0])
    board.rank(store)
    store.add_replies(_made_up()[1])
    with store._tx(write=True) as conn:  # a restore or a hand-made fix, not through the store
        conn.execute(text("DELETE FROM reply_mentions"))
        conn.execute(text("UPDATE mentions_state SET replies = 0"))
    assert not mentions.in_step(store)
    _same_for_every_rollup(store)
    assert mentions.in_step(store)


def test_a_board_reads_only_the_rows_written_since_it_last_counted(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    batches = _made_up()
    store.add_replies(batches[0] + batches[1])
    board.rank(store)
    read: list[tuple[object, ...]] = []
    since = mentions.rows_since

    def counting(*args: object, **kw: object) -> Iterator[tuple[object, ...]]:
        for row in since(*args, **kw):  # type: ignore[arg-type]
            read.append(row)
            yield row

    monkeypatch.setattr(mentions, "rows_since", counting)
    store.add_replies(batches[2])
    assert board.rank(store) == leaderboard(store)
    with store._tx() as conn:
        new = conn.execute(text("SELECT id FROM replies WHERE platform_id IN ('c9', 'c10', 'c11')")).scalars()
        assert {row[1] for row in read} == set(new)  # the new replies' rows, no other


def _same_for_the_post(store: Store, post_id: str) -> None:
    for by in ROLLUPS:
        assert board.rank(store, by=by, post_id=post_id) == leaderboard(store, by=by, post_id=post_id), by


def test_one_posts_board_is_kept_the_same_way(store: Store, now: datetime) -> None:
    """A post's board adds the rows of that post's new replies, and is counted again when
    replies stored without a post are filed under it, or when replies are removed."""
    from tipqueue.posts.models import Post, PostKind

    for post_id in ("post-1", "post-2"):
        store.add_posts([Post(post_id, PostKind.TIP, "1/1", "q", "c")], now=now)
    first, second, third = _made_up()
    store.add_replies(first)
    store.add_replies([replace(r, post_id="post-2") for r in second])
    _same_for_the_post(store, "post-1")
    _same_for_the_post(store, "post-2")
    assert {row.gadget for row in board.rank(store, post_id="post-2")} == {
        "NuFace Mini",
        "Gua sha",
        "LED mask",
    }
    store.add_replies([replace(r, post_id=None) for r in third])  # a file with no post named
    _same_for_the_post(store, "post-1")
    before = {row.gadget: row for row in board.rank(store, post_id="post-1")}
    assert store.file_replies_under(["c9", "c10"], "post-1") == 2
    _same_for_the_post(store, "post-1")
    after = {row.gadget: row for row in board.rank(store, post_id="post-1")}
    assert after["NuFace Trinity"].relayed == before["NuFace Trinity"].relayed + 1  # Fay's, filed
    with store._tx(write=True) as conn:
        conn.execute(text("DELETE FROM replies WHERE platform_id = 'c6'"))
    _same_for_the_post(store, "post-2")
