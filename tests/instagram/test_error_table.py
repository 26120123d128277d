"""Every recorded Instagram error body ends in the state docs/instagram.md's table promises.

Each file in recordings/ is one answer recorded from real Instagram by another project (its
source beside it). The fake replays it, with its real status, at the step it belongs to; the REAL
instagrapi client (sandbox backend) meets it inside a real publish pass on a real SQLite store.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tipqueue.instagram.connect import connector
from tipqueue.instagram.errors import classify_body
from tipqueue.instagram.fake.server import FakeInstagram
from tipqueue.posts.models import MediaKind, PostStatus
from tipqueue.scheduler.publish import LazyPublishers, publish_due
from tipqueue.scheduler.store import Store

from tests.scheduler.test_publish_kit import ACCOUNT, make_post, open_store, write_sandbox_workspace

RECORDINGS = Path(__file__).with_name("recordings")
DOC = Path(__file__).parents[2] / "docs" / "instagram.md"
STEP_PATHS = {
    "upload": r"^/rupload_igphoto/",
    "configure": r"/media/configure/$",
    "configure_sidecar": r"/media/configure_sidecar/$",
    "comment": r"/media/[^/]+/comment/$",
    "connect": r"/accounts/current_user/$",
}


def recordings() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(RECORDINGS.glob("*.json"))]


def test_every_recording_names_its_source_and_the_doc_table_lists_it() -> None:
    table = DOC.read_text(encoding="utf-8")
    found = recordings()
    assert len(found) >= 16
    for rec in found:
        source = rec["source"]
        assert source.get("url", "").startswith("https://github.com/") or {"repository", "path"} <= set(
            source
        )
        assert f"`{rec['name']}`" in table, f"docs/instagram.md does not list {rec['name']}"


@pytest.mark.parametrize("rec", recordings(), ids=lambda r: r["name"])
def test_the_body_alone_says_what_kind_of_problem_it_is(rec: dict[str, Any]) -> None:
    body = rec["body"] if isinstance(rec["body"], str) else json.dumps(rec["body"])
    kind = classify_body(rec["status"], body)
    expected = None if rec["kind"] == "transient_maybe_done" else rec["kind"]
    assert kind == expected


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[FakeInstagram, Path]]:
    with FakeInstagram(username=ACCOUNT, hang_seconds=0.3) as fake:
        yield fake, tmp_path


@pytest.mark.parametrize("rec", recordings(), ids=lambda r: r["name"])
def test_recorded_answer_ends_in_its_documented_state(
    world: tuple[FakeInstagram, Path], rec: dict[str, Any]
) -> None:
    fake, tmp = world
    url = f"sqlite:///{tmp / 'tipqueue.db'}"
    comment = rec["step"] == "comment"
    settings = write_sandbox_workspace(tmp / "ws", fake, url, first_comment=comment, backoff_seconds=30)
    store = open_store(url)
    now = datetime.now(UTC)
    carousel = rec["step"] == "configure_sidecar"
    first = make_post(
        tmp / "posts",
        "tip-01",
        at=now - timedelta(minutes=2),
        kind=MediaKind.CAROUSEL if carousel else MediaKind.PHOTO,
        slides=2 if carousel else 1,
        first_comment="#skincare #jaw" if comment else None,
    )
    second = make_post(tmp / "posts", "tip-02", at=now - timedelta(minutes=1))
    store.add_posts([first, second], now=now - timedelta(hours=1))
    fake.respond_next(STEP_PATHS[rec["step"]], rec["status"], rec["body"])
    waits: list[float] = []
    try:
        publish_due(
            store,
            LazyPublishers([ACCOUNT], connector(settings)),
            now=now,
            settings=settings,
            runner_id="table",
            sleep=waits.append,
        )
        _check(store, fake, rec, waits)
    finally:
        store.close()


def _check(store: Store, fake: FakeInstagram, rec: dict[str, Any], waits: list[float]) -> None:
    post = store.get_post("tip-01")
    state = store.account_state(ACCOUNT)
    alerts = [a.message for a in store.list_alerts(limit=50)]
    live = [m for m in fake.media_list() if not m["deleted"]]
    assert post.status.value == rec["post_end"], post.last_error
    assert ("paused" if state.paused else "active") == rec["account_end"], state.pause_reason
    # never two copies of one post
    assert sorted(m["caption"] for m in live).count(post.caption) == (
        1 if post.status is PostStatus.PUBLISHED else 0
    )
    seen = " | ".join([post.last_error or "", state.pause_reason or "", *alerts])
    if rec["staff_message"]:
        assert rec["staff_message"].lower() in seen.lower()
    assert "challenge_code_handler" not in seen  # instagrapi's developer text never reaches staff
    second = store.get_post("tip-02")
    if state.paused:
        # an account-level problem ends the pass for the account: its next post was not tried
        assert second.status is PostStatus.SCHEDULED
        assert sum("paused" in a for a in alerts) == 1  # alerted once
    elif rec["kind"] == "rate_limited":
        assert second.status is PostStatus.SCHEDULED  # the account rests for the rest of the pass
    else:
        assert second.status is PostStatus.PUBLISHED
    if rec["kind"] == "media_retry":
        uploads = fake.requests_to(r"^/rupload_igphoto/")
        per_send = 2 if rec["step"] == "configure_sidecar" else 1
        assert len(uploads) == 2 * per_send + 1  # tip-01 uploaded twice (a fresh upload), tip-02 once
    if rec["kind"] == "transient_maybe_done":
        assert post.outcome_unknown and waits  # the feed was read again before giving up
    if rec["kind"] == "rate_limited":
        assert post.next_attempt_at is not None
        assert post.next_attempt_at - datetime.now(UTC) > timedelta(minutes=9)
