"""`tipqueue publish-due` and `tipqueue compliance …` as a clinic runs them, on the sandbox.

Real processes, the real instagrapi client against the loopback fake Instagram, the real store.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, update
from tipqueue.instagram.fake.server import FakeInstagram
from tipqueue.posts.models import PostStatus
from tipqueue.scheduler import db
from tipqueue.scheduler.store import normalise_url

from tests.scheduler.test_publish_kit import (
    ACCOUNT,
    BACKENDS,
    captions_on_instagram,
    database_url,
    make_post,
    open_store,
    run_cli,
    write_sandbox_workspace,
)

FLAGGED = "Botox/Dysport are the best ways still to soften lines.\n\n#skincare"
COMPLIANCE = '\n[compliance]\nreviewers = ["Dr Ana Ruiz (dermatologist)"]\napproval_grace_minutes = 30\n'


@pytest.fixture
def fake() -> Iterator[FakeInstagram]:
    with FakeInstagram(username=ACCOUNT) as f:
        yield f


@pytest.fixture(params=BACKENDS)
def ws(request: pytest.FixtureRequest, tmp_path: Path, fake: FakeInstagram) -> Iterator[tuple[Path, str]]:
    urls = database_url(request.param, tmp_path)
    url = next(urls)
    workspace = tmp_path / "ws"
    write_sandbox_workspace(workspace, fake, url)
    with (workspace / "tipqueue.toml").open("a", encoding="utf-8") as fh:
        fh.write(COMPLIANCE)
    open_store(url).close()
    yield workspace, url
    for _ in urls:
        pass


def add_due(workspace: Path, url: str, post_id: str, caption: str, *, minutes_ago: float = 1) -> None:
    store = open_store(url)
    now = datetime.now(UTC)
    try:
        store.add_posts(
            [
                make_post(
                    workspace / "posts", post_id, caption=caption, at=now - timedelta(minutes=minutes_ago)
                )
            ],
            now=now,
        )
    finally:
        store.close()


def status_of(url: str, post_id: str) -> PostStatus:
    store = open_store(url)
    try:
        return store.get_post(post_id).status
    finally:
        store.close()


def age_slot(url: str, post_id: str, minutes: int) -> None:
    """Move a waiting post's slot into the past, as the clock would (no sleeping in tests)."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as conn:
            conn.execute(
                update(db.posts)
                .where(db.posts.c.id == post_id)
                .values(scheduled_at=datetime.now(UTC) - timedelta(minutes=minutes))
            )
    finally:
        engine.dispose()


def test_held_at_its_slot_then_refused_for_a_non_reviewer_then_published_once_signed_off(
    ws: tuple[Path, str], fake: FakeInstagram
) -> None:
    workspace, url = ws
    add_due(workspace, url, "flagged", FLAGGED)
    done = run_cli(workspace, "publish-due")
    assert done.returncode == 1, done.stderr  # a person must act: exit 1, as for needs_attention
    assert "flagged" in done.stdout and "us.superiority" in done.stdout
    assert status_of(url, "flagged") is PostStatus.NEEDS_APPROVAL
    assert captions_on_instagram(fake) == []
    shown = run_cli(workspace, "status")
    assert (
        "needs approval" in shown.stdout
        and "us.superiority" in shown.stdout
        and "the best ways" in shown.stdout
    )

    refused = run_cli(
        workspace, "compliance", "approve", "flagged", "--reviewer", "Nurse Bob", "--accept", "all"
    )
    assert refused.returncode == 2
    assert (
        refused.stderr.startswith("error: 'Nurse Bob' is not a reviewer")
        and "Traceback" not in refused.stderr
    )
    assert status_of(url, "flagged") is PostStatus.NEEDS_APPROVAL

    signed = run_cli(
        workspace,
        "compliance",
        "approve",
        "flagged",
        "--reviewer",
        "Dr Ana Ruiz",
        "--accept",
        "us.superiority",
    )
    assert signed.returncode == 0, signed.stderr
    assert "signed off flagged by Dr Ana Ruiz (dermatologist)" in signed.stdout
    assert run_cli(workspace, "publish-due").returncode == 0
    assert status_of(url, "flagged") is PostStatus.PUBLISHED
    assert captions_on_instagram(fake) == [FLAGGED]


def test_still_unsigned_after_the_grace_period_it_expires_and_is_never_sent(
    ws: tuple[Path, str], fake: FakeInstagram
) -> None:
    workspace, url = ws
    add_due(workspace, url, "flagged", FLAGGED)
    assert run_cli(workspace, "publish-due").returncode == 1
    age_slot(url, "flagged", 45)  # grace is 30 minutes
    expired = run_cli(workspace, "publish-due")
    assert expired.returncode == 1 and "expired: no sign-off within 30 min" in expired.stdout
    assert status_of(url, "flagged") is PostStatus.EXPIRED
    assert captions_on_instagram(fake) == []
    listed = json.loads(run_cli(workspace, "queue", "list", "--json").stdout)
    record = next(r for r in listed if r["id"] == "flagged")
    assert record["status"] == "expired" and "not posted late" in record["last_error"]
    assert record["compliance"]["flags"][0]["rule"] == "us.superiority"


def test_compliance_check_prints_flags_and_exits_1_on_a_block(ws: tuple[Path, str]) -> None:
    workspace, url = ws
    add_due(workspace, url, "review-only", FLAGGED, minutes_ago=-600)
    ok = run_cli(workspace, "compliance", "check", "review-only")
    assert ok.returncode == 0, ok.stderr
    assert "review us.superiority caption: “the best ways”" in ok.stdout
    add_due(workspace, url, "blocked", "Guaranteed results, 100% safe!", minutes_ago=-900)
    bad = run_cli(workspace, "compliance", "check", "blocked", "--json")
    assert bad.returncode == 1
    record = json.loads(bad.stdout)[0]
    assert record["blocked"] is True
    assert {f["rule"] for f in record["flags"]} >= {"us.guarantee", "us.absolute-safety"}
    unknown = run_cli(workspace, "compliance", "check", "no-such-post")
    assert unknown.returncode == 2 and unknown.stderr.startswith("error: no post with id 'no-such-post'")


def test_queue_edit_prints_the_new_flags_and_the_sign_off_stops_applying(ws: tuple[Path, str]) -> None:
    workspace, url = ws
    add_due(workspace, url, "later", FLAGGED, minutes_ago=-600)
    signed = run_cli(
        workspace, "compliance", "approve", "later", "--reviewer", "Dr Ana Ruiz", "--accept", "all"
    )
    assert signed.returncode == 0, signed.stderr
    edited = run_cli(
        workspace, "queue", "edit", "later", "--caption", "The only treatment you will ever need."
    )
    assert edited.returncode == 0, edited.stderr
    assert "P-1: review us.superiority “The only treatment”" in edited.stdout
    checked = run_cli(workspace, "compliance", "check", "later")
    assert "signed off by Dr Ana Ruiz (dermatologist)" in checked.stdout
    assert "was for an earlier text" in checked.stdout
