"""The compliance gate in the publish engine: held posts wait, expire, or go out once signed off.

The engine runs against the real store (SQLite, and PostgreSQL when configured) with time as an
argument; test_compliance_cli.py drives the same path through `tipqueue publish-due` and the
real instagrapi client against the sandbox.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from tipqueue.config.errors import ConflictError, InputError
from tipqueue.config.settings import Settings, load_settings
from tipqueue.posts.models import PostStatus, Reply
from tipqueue.scheduler.publish import PublishReport, publish_due
from tipqueue.scheduler.queue import edit_post
from tipqueue.scheduler.review import approve_post
from tipqueue.scheduler.signoffs import signoff_history
from tipqueue.scheduler.store import Store

from tests.scheduler.test_publish_kit import (
    ACCOUNT,
    BACKENDS,
    T0,
    CountingMapping,
    FakePublisher,
    database_url,
    make_post,
    open_store,
)

FLAGGED = "Botox/Dysport are the best ways still to soften lines.\n\n#skincare"
REVIEWERS = [{"name": "Dr Ana Ruiz", "role": "dermatologist"}]


def settings_for(workspace: Path, url: str, **compliance: Any) -> Settings:
    return load_settings(
        workspace,
        overrides={
            "database_url": url,
            "accounts": {ACCOUNT: {"username": "clinic.demo", "delay_range": [0, 0]}},
            "publish": {"backoff_seconds": 60, "max_attempts": 3, "grace_minutes": 30},
            "compliance": {"reviewers": REVIEWERS, "approval_grace_minutes": 60, **compliance},
        },
        environ={},
    )


@dataclass
class Env:
    store: Store
    settings: Settings
    pub: FakePublisher
    folder: Path

    def run(self, at: timedelta = timedelta(0), settings: Settings | None = None) -> PublishReport:
        self.pub.clock = T0 + at
        return publish_due(
            self.store,
            CountingMapping({ACCOUNT: self.pub}),
            now=T0 + at,
            settings=settings or self.settings,
            runner_id="r1",
            rng=random.Random(7),
        )

    def add(self, post_id: str, **kw: Any) -> None:
        self.store.add_posts([make_post(self.folder, post_id, **kw)], now=T0 - timedelta(hours=1))

    def status(self, post_id: str) -> PostStatus:
        return self.store.get_post(post_id).status

    def captions(self) -> list[str]:
        return [s.caption for s in self.pub.sent]


@pytest.fixture(params=BACKENDS)
def env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Env]:
    urls = database_url(request.param, tmp_path)
    url = next(urls)
    store = open_store(url)
    try:
        yield Env(store, settings_for(tmp_path, url), FakePublisher(), tmp_path / "posts")
    finally:
        store.close()
        for _ in urls:
            pass


def test_a_flagged_post_without_sign_off_waits_at_its_slot_and_alerts(env: Env) -> None:
    env.add("flagged", caption=FLAGGED)
    env.add("plain")
    env.run(timedelta(minutes=1))
    assert env.status("flagged") is PostStatus.NEEDS_APPROVAL
    assert env.status("plain") is PostStatus.PUBLISHED
    assert env.captions() == ["Tip plain: relax your jaw.\n\n#skincare"]
    post = env.store.get_post("flagged")
    assert post.attempts == 0  # never claimed
    assert "us.superiority" in (post.last_error or "")
    alerts = [a for a in env.store.list_alerts() if a.post_id == "flagged"]
    assert alerts and "tipqueue compliance approve flagged" in alerts[0].message


def test_it_expires_after_the_grace_period_instead_of_going_out_late(env: Env) -> None:
    env.add("flagged", caption=FLAGGED)
    env.run(timedelta(minutes=1))
    env.run(timedelta(minutes=59))
    assert env.status("flagged") is PostStatus.NEEDS_APPROVAL  # still within the 60 min grace
    env.run(timedelta(minutes=61))
    assert env.status("flagged") is PostStatus.EXPIRED
    assert env.captions() == []
    history = [e.event for e in env.store.history("flagged")]
    assert history[-2:] == ["needs_approval", "expired"]
    # a later pass leaves it alone
    env.run(timedelta(hours=5))
    assert env.status("flagged") is PostStatus.EXPIRED and env.captions() == []


def test_signed_off_in_time_it_publishes_with_the_record_of_who_accepted_what(env: Env) -> None:
    env.add("flagged", caption=FLAGGED)
    env.run(timedelta(minutes=1))
    signoff, post = approve_post(
        env.store,
        env.settings,
        "flagged",
        reviewer="dr ana  ruiz",
        accept=["us.superiority"],
        now=T0 + timedelta(minutes=10),
    )
    assert post.status is PostStatus.SCHEDULED
    assert (signoff.reviewer, signoff.role) == ("Dr Ana Ruiz", "dermatologist")
    assert signoff.accepted == ("us.superiority:the best ways",)
    stored = signoff_history(env.store, "flagged")
    assert [(s.reviewer, s.at) for s in stored] == [("Dr Ana Ruiz", T0 + timedelta(minutes=10))]
    env.run(timedelta(minutes=11))
    assert env.status("flagged") is PostStatus.PUBLISHED
    assert env.captions() == [FLAGGED]
    events = env.store.history("flagged")
    signed = next(e for e in events if e.event == "signed_off")
    assert "Dr Ana Ruiz (dermatologist)" in (signed.detail or "") and "the best ways" in (signed.detail or "")


def test_a_sign_off_before_the_slot_lets_it_publish_on_time(env: Env) -> None:
    env.add("flagged", caption=FLAGGED)
    approve_post(
        env.store,
        env.settings,
        "flagged",
        reviewer="Dr Ana Ruiz",
        accept=["all"],
        now=T0 - timedelta(minutes=30),
    )
    env.run(timedelta(minutes=1))
    assert env.status("flagged") is PostStatus.PUBLISHED


def test_approval_by_a_non_reviewer_is_refused_and_records_nothing(env: Env) -> None:
    env.add("flagged", caption=FLAGGED)
    with pytest.raises(InputError, match=r"'Nurse Bob' is not a reviewer .*Dr Ana Ruiz \(dermatologist\)"):
        approve_post(env.store, env.settings, "flagged", reviewer="Nurse Bob", accept=["all"], now=T0)
    assert signoff_history(env.store, "flagged") == []
    env.run(timedelta(minutes=1))
    assert env.status("flagged") is PostStatus.NEEDS_APPROVAL


def test_every_review_flag_must_be_accepted(env: Env) -> None:
    env.add("flagged", caption=FLAGGED + "\n20% off this week.")
    with pytest.raises(InputError, match=r"not accepted: us\.price"):
        approve_post(
            env.store, env.settings, "flagged", reviewer="Dr Ana Ruiz", accept=["us.superiority"], now=T0
        )
    assert signoff_history(env.store, "flagged") == []


def test_an_edit_after_approval_clears_it(env: Env) -> None:
    env.add("flagged", caption=FLAGGED)
    approve_post(
        env.store,
        env.settings,
        "flagged",
        reviewer="Dr Ana Ruiz",
        accept=["all"],
        now=T0 - timedelta(hours=1),
    )
    edit_post(
        env.store,
        env.settings,
        "flagged",
        now=T0 - timedelta(minutes=30),
        caption="Botox/Dysport are the best ways to soften lines, and the only treatment you need.",
    )
    env.run(timedelta(minutes=1))
    post = env.store.get_post("flagged")
    assert post.status is PostStatus.NEEDS_APPROVAL
    assert "was for an earlier text" in (post.last_error or "")
    assert env.captions() == []


def test_a_block_flag_cannot_be_signed_off_and_never_goes_out(env: Env) -> None:
    env.add("blocked", caption="Our peel is 100% safe with no side effects.")
    with pytest.raises(ConflictError, match=r"cannot be signed off: blocked by us\.absolute-safety"):
        approve_post(env.store, env.settings, "blocked", reviewer="Dr Ana Ruiz", accept=["all"], now=T0)
    env.run(timedelta(minutes=1))
    post = env.store.get_post("blocked")
    assert post.status is PostStatus.NEEDS_ATTENTION
    assert "us.absolute-safety" in (post.last_error or "") and env.captions() == []


def test_patient_data_in_the_first_comment_is_refused_before_sending(env: Env) -> None:
    env.store.add_replies([Reply(platform_id="c1", text="Loved it", username="jane_doe88", collected_at=T0)])
    env.add("p", first_comment="Thank you jane_doe88 for trusting us with your lip filler!")
    env.run(timedelta(minutes=1))
    post = env.store.get_post("p")
    assert post.status is PostStatus.NEEDS_ATTENTION
    assert "patient data in the first comment" in (post.last_error or "")
    assert env.captions() == []


def test_without_reviewers_flags_are_shown_and_nothing_waits(env: Env, tmp_path: Path) -> None:
    open_settings = settings_for(tmp_path, env.settings.db_url, reviewers=[])
    env.add("flagged", caption=FLAGGED)
    env.run(timedelta(minutes=1), settings=open_settings)
    assert env.status("flagged") is PostStatus.PUBLISHED
