"""The gadget meant by "mine" is found when replies are imported, on SQLite and PostgreSQL alike:
the context pass reads the stored threads back with the database driver (see
RepliesStore.iter_thread_replies), so it must read them in thread order on both."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from tipqueue.posts.models import Reply, ReplyKind, Stance
from tipqueue.replies.gadgets import default_matcher
from tipqueue.replies.importer import import_replies
from tipqueue.scheduler.store import Store

from tests.replies.conftest import add_cta_post

NOW = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)


def _comment(
    n: int, text: str, user: str, answers: list[dict[str, object]] | None = None
) -> dict[str, object]:
    return {
        "id": 17890000000000000 + n,
        "created_at": 1740823200 + 60 * n,
        "text": text,
        "owner": {"id": str(100 + len(user)), "username": user},
        "answers": answers or [],
    }


def _store_with_post(url: str) -> Store:
    store = Store.open(url)
    add_cta_post(store, NOW)
    return store


def test_an_answer_that_names_nothing_takes_the_gadget_of_the_comment_it_answers(
    db_url: str, tmp_path: Path
) -> None:
    store = _store_with_post(db_url)
    try:
        first = [
            _comment(1, "My NuFace mini is the best thing I ever bought", "amy",
                     [_comment(2, "mine broke after a year, sent it back", "bob")]),
            _comment(3, "I use my gua sha every night", "cat",
                     [_comment(4, "great article", "dan"), _comment(5, "same, I love it", "eve")]),
        ]  # fmt: skip
        path = tmp_path / "one_comments.json"
        path.write_text(json.dumps(first), encoding="utf-8")
        report = import_replies(store, path, now=NOW, post_id="gadgets-08", matcher=default_matcher())
        assert report.added == 5
        by_id = {r.platform_id: r for r in store.list_replies()}
        bob = by_id["17890000000000002"].mentions
        assert [(m.gadget, m.inferred, m.stance) for m in bob] == [("NuFace Mini", True, Stance.DISLIKES)]
        eve = by_id["17890000000000005"].mentions
        assert [m.category for m in eve] == ["gua sha"] and eve[0].inferred
        assert by_id["17890000000000004"].mentions == ()  # names nothing, refers to nothing

        # a later import reads only its own replies' threads, and still finds what they mean
        later = [_comment(6, "the jade roller I got for Christmas is great", "amy",
                          [_comment(7, "does it still feel cold?", "fay")])]  # fmt: skip
        path = tmp_path / "two_comments.json"
        path.write_text(json.dumps(later), encoding="utf-8")
        import_replies(store, path, now=NOW, post_id="gadgets-08", matcher=default_matcher())
        by_id = {r.platform_id: r for r in store.list_replies()}
        assert by_id["17890000000000002"].mentions == bob  # earlier replies left as they were
        assert [(m.category, m.inferred) for m in by_id["17890000000000007"].mentions] == [
            ("facial roller", True)
        ]
    finally:
        store.close()


def test_threads_are_read_back_by_post_then_in_written_order(db_url: str) -> None:
    store = _store_with_post(db_url)
    try:
        at = [datetime(2025, 3, 1, h, tzinfo=UTC) for h in range(4)]
        replies = [
            Reply(
                platform_id="b", text="second", kind=ReplyKind.COMMENT, post_id="gadgets-08", created_at=at[2]
            ),
            Reply(platform_id="z", text="no post", kind=ReplyKind.IMPORTED, created_at=at[3]),
            Reply(
                platform_id="a", text="first", kind=ReplyKind.COMMENT, post_id="gadgets-08", created_at=at[1]
            ),
            Reply(
                platform_id="c", text="no time", kind=ReplyKind.COMMENT, post_id="gadgets-08", parent_id="a"
            ),
        ]
        store.add_replies(replies)
        read = list(store.iter_thread_replies(batch=2))
        assert [(r.platform_id, r.post_id) for r in read] == [
            ("z", None), ("c", "gadgets-08"), ("a", "gadgets-08"), ("b", "gadgets-08")
        ]  # fmt: skip
        assert read[1].parent_id == "a"
        stored = {r.platform_id: r.mentions for r in store.list_replies()}
        assert {r.platform_id: r.mentions for r in read} == stored
        after = store.last_reply_id()
        store.add_replies([Reply(platform_id="d", text="I love my Foreo", post_id="gadgets-08")])
        assert [r.platform_id for r in store.iter_thread_replies(after_id=after)] == ["d"]
    finally:
        store.close()
