"""Importing replies gathered elsewhere: every format, idempotence, clear errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tipqueue.config.errors import InputError, NotFoundError
from tipqueue.posts.models import Post, ReplyKind, Stance
from tipqueue.replies.gadgets import GadgetMatcher
from tipqueue.replies.importer import import_replies, read_replies
from tipqueue.replies.lexicon import Lexicon
from tipqueue.scheduler.store import Store

ROWS = [
    {"text": "I love my NuFace mini!", "username": "amy", "created_at": "2025-03-01T10:00:00Z"},
    {"text": "returned my Foreo 👎", "username": "@bob", "created_at": "2025-03-02 08:30"},
    {"text": "great article", "username": "cat"},
]


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_json_list(store: Store, now: datetime, tmp_path: Path) -> None:
    path = _write(tmp_path / "r.json", json.dumps(ROWS))
    report = import_replies(store, path, now=now)
    assert (report.format, report.read, report.added, report.with_gadgets) == ("json", 3, 3, 2)
    stored = {r.text: r for r in store.list_replies()}
    assert stored["returned my Foreo 👎"].username == "bob"
    assert stored["returned my Foreo 👎"].mentions[0].stance is Stance.DISLIKES
    assert stored["I love my NuFace mini!"].created_at == datetime(2025, 3, 1, 10, tzinfo=UTC)
    assert all(r.kind is ReplyKind.IMPORTED and r.collected_at == now for r in stored.values())


def test_json_lines(store: Store, now: datetime, tmp_path: Path) -> None:
    path = _write(tmp_path / "r.jsonl", "\n".join(json.dumps(r) for r in ROWS) + "\n\n")
    assert import_replies(store, path, now=now).added == 3


def test_csv_with_bom_semicolons_and_extra_columns(store: Store, now: datetime, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(
        "\ufeffUsername;Text;created_at;likes\namy;I love my NuFace mini!;1740823200;3\n"
        'bob;"two lines\nabout my jade roller";;0\n'.encode()
    )
    report = import_replies(store, path, now=now)
    assert (report.format, report.added) == ("csv", 2)
    stored = {r.username: r for r in store.list_replies()}
    assert stored["amy"].created_at == datetime(2025, 3, 1, 10, tzinfo=UTC)
    assert stored["bob"].gadgets == ("Facial roller",)


def test_instaloader_comments_with_answers(
    store: Store, now: datetime, tmp_path: Path, cta_post: Post
) -> None:
    data = [
        {
            "id": 17890000000000001,
            "created_at": 1740823200,
            "text": "Clarisonic forever",
            "owner": {"id": "111", "username": "amy", "is_verified": False},
            "likes_count": 4,
            "answers": [
                {
                    "id": 17890000000000002,
                    "created_at": 1740823300,
                    "text": "same! mine still works",
                    "owner": {"id": "222", "username": "bob"},
                    "likes_count": 0,
                }
            ],
        }
    ]
    path = _write(tmp_path / "2025-03-01_10-00-00_UTC_comments.json", json.dumps(data))
    report = import_replies(store, path, now=now, post_id=cta_post.id)
    assert report.added == 2
    amy, bob = store.list_replies()
    assert (amy.platform_id, amy.username, amy.user_id) == ("17890000000000001", "amy", "111")
    assert (bob.parent_id, bob.post_id) == ("17890000000000001", "gadgets-08")


@pytest.mark.parametrize("name", ["r.json", "r.jsonl", "r.csv"])
def test_importing_the_same_file_twice_adds_nothing(
    store: Store, now: datetime, tmp_path: Path, name: str
) -> None:
    rows = [*ROWS, ROWS[2]]  # a true repeat in the file is kept as a second reply
    if name.endswith(".csv"):
        text = "text,username,created_at\n" + "".join(
            f'"{r["text"]}",{r["username"]},{r.get("created_at", "")}\n' for r in rows
        )
    elif name.endswith(".jsonl"):
        text = "\n".join(json.dumps(r) for r in rows)
    else:
        text = json.dumps({"comments": rows})
    path = _write(tmp_path / name, text)
    first = import_replies(store, path, now=now)
    second = import_replies(store, path, now=datetime(2026, 1, 1, tzinfo=UTC))
    assert (first.added, second.added, second.duplicates) == (4, 0, 4)
    assert len(store.list_replies()) == 4


def test_ids_other_than_instagram_ones_do_not_clash_across_files(
    store: Store, now: datetime, tmp_path: Path
) -> None:
    a = _write(tmp_path / "a.csv", "id,text\n1,NuFace\n2,Foreo\n")
    b = _write(tmp_path / "b.csv", "id,text\n1,ZIIP\n")
    assert import_replies(store, a, now=now).added == 2
    assert import_replies(store, b, now=now).added == 1


def test_empty_texts_are_skipped_and_counted(store: Store, now: datetime, tmp_path: Path) -> None:
    path = _write(tmp_path / "r.csv", "text,username\n,amy\n   ,bob\nNuFace,cat\n")
    report = import_replies(store, path, now=now)
    assert (report.read, report.added, report.skipped_empty) == (3, 1, 2)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("r.csv", "comment_body,user\nhi,amy\n", "no 'text' column"),
        ("r.json", '[{"text": "a"},', "not valid JSON"),
        ("r.jsonl", '{"text": "a"}\nnot json\n', "line 2"),
        ("r.json", '[{"body2": "a"}]', "item 1 has no 'text'"),
        ("r.json", '[{"text": "a", "created_at": "yesterday"}]', "'yesterday'"),
        ("r.json", '"just a string"', "JSON str"),
    ],
)
def test_bad_files_fail_with_one_line_and_store_nothing(
    store: Store, now: datetime, tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = _write(tmp_path / name, content)
    with pytest.raises(InputError, match=message) as caught:
        import_replies(store, path, now=now)
    assert "\n" not in str(caught.value)
    assert store.list_replies() == []


def test_not_utf8_and_missing_files(tmp_path: Path, now: datetime) -> None:
    latin = tmp_path / "r.csv"
    latin.write_bytes("text\nmy jade roller is très bien\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_replies(latin, now=now)
    with pytest.raises(InputError, match="does not exist"):
        read_replies(tmp_path / "missing.json", now=now)


def test_a_post_id_that_is_not_stored_is_refused_and_nothing_is_stored(
    store: Store, now: datetime, tmp_path: Path, cta_post: Post
) -> None:
    path = _write(tmp_path / "r.jsonl", "\n".join(json.dumps(r) for r in ROWS))
    with pytest.raises(NotFoundError, match="no post with id 'gadgets-8'; see `tipqueue queue list --all`"):
        import_replies(store, path, now=now, post_id="gadgets-8")
    assert store.list_replies() == []


def test_reimport_skips_stored_rows_before_finding_gadgets(
    store: Store, now: datetime, tmp_path: Path
) -> None:
    # A second import of the same file leaves the stored replies alone: even with a lexicon that
    # knows no gadget at all, the stored mentions stay and the report counts the same rows as
    # naming a gadget; a new row in the file is the only one looked at.
    path = _write(tmp_path / "r.json", json.dumps(ROWS))
    first = import_replies(store, path, now=now)
    before = store.list_replies()
    empty = GadgetMatcher(Lexicon(gadgets=(), categories={}))
    path.write_text(json.dumps([*ROWS, {"text": "my NuFace again", "username": "dan"}]), encoding="utf-8")
    second = import_replies(store, path, now=now, matcher=empty)
    assert (first.with_gadgets, second.with_gadgets, second.added, second.duplicates) == (2, 2, 1, 3)
    after = store.list_replies()
    assert after[:3] == before and after[3].text == "my NuFace again" and after[3].mentions == ()


@pytest.mark.parametrize("first_with_post", [False, True], ids=["without-then-with", "with-then-without"])
def test_the_same_file_with_and_without_post_stores_each_reply_once(
    store: Store, now: datetime, tmp_path: Path, cta_post: Post, first_with_post: bool
) -> None:
    path = _write(
        tmp_path / "r.csv",
        "text,username,created_at\n"
        + "".join(f'"{r["text"]}",{r["username"]},{r.get("created_at", "")}\n' for r in ROWS),
    )
    order = [cta_post.id, None] if first_with_post else [None, cta_post.id]
    first = import_replies(store, path, now=now, post_id=order[0])
    second = import_replies(store, path, now=now, post_id=order[1])
    assert (first.added, second.added, second.duplicates) == (3, 0, 3)
    replies = store.list_replies()
    assert len(replies) == 3
    # either way round, the replies end up filed under the post that was named
    assert {r.post_id for r in replies} == {cta_post.id}
    assert second.filed == (0 if first_with_post else 3)


def test_after_a_large_import_the_planner_knows_the_replies(
    store: Store, now: datetime, tmp_path: Path
) -> None:
    """The statistics are refreshed once, when the import ends (not after every batch): queries
    right after it plan with the replies' real size."""
    from tipqueue.scheduler import planner

    rows = [{"text": f"my jade roller, day {n}", "username": f"u{n % 50}"} for n in range(2500)]
    path = _write(tmp_path / "r.jsonl", "\n".join(json.dumps(r) for r in rows))
    assert import_replies(store, path, now=now, workers=0).added == 2500
    with store._tx() as conn:
        assert planner.analysed_sizes(conn)["replies"] == 2500
        assert "replies" not in planner.stale_tables(conn)


def test_after_a_large_import_the_planner_knows_the_gadget_rows_too(
    db_url: str, now: datetime, tmp_path: Path
) -> None:
    """The leaderboard reads reply_mentions: its statistics are refreshed with the replies', so
    its reads are not planned as if the table were still empty."""
    from sqlalchemy import text

    rows = [{"text": f"my jade roller, day {n}", "username": f"u{n % 50}"} for n in range(2500)]
    path = _write(tmp_path / "r.jsonl", "\n".join(json.dumps(r) for r in rows))
    store = Store.open(db_url)
    assert import_replies(store, path, now=now, workers=0).added == 2500
    with store._tx() as conn:
        if conn.dialect.name == "sqlite":
            stat = conn.execute(text("SELECT stat FROM sqlite_stat1 WHERE tbl = 'reply_mentions'")).scalar()
            assert stat is not None and int(str(stat).split()[0]) >= 2500
        else:
            analysed = conn.execute(
                text(
                    "SELECT c.reltuples, COALESCE(s.last_analyze, s.last_autoanalyze) IS NOT NULL "
                    "FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid "
                    "WHERE c.oid = to_regclass('reply_mentions')"
                )
            ).first()
            assert analysed is not None and analysed[1] and analysed[0] >= 2500
    store.close()
