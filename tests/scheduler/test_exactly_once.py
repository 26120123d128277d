"""The exactly-once rules of the engine, with the in-test publisher (fast, both databases).

Decisions come from the claimed row; an unknown outcome is never re-sent by a machine; store
errors after the point of no return keep the outcome unknown; media problems get a fresh upload;
a damaged card is permanent; the send state survives every edit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from tipqueue.config.errors import ConflictError, InputError, MediaRetry, StoreError, TransientError
from tipqueue.config.settings import Settings
from tipqueue.posts.models import PostStatus
from tipqueue.scheduler.publish import Outcome, PublishReport, publish_due
from tipqueue.scheduler.queue import confirm_live, move, resend
from tipqueue.scheduler.store import Store

from tests.scheduler.test_publish_kit import (
    ACCOUNT,
    BACKENDS,
    T0,
    FakePublisher,
    database_url,
    make_post,
    make_settings,
    open_store,
)


@dataclass
class Env:
    store: Store
    settings: Settings
    pub: FakePublisher
    folder: Path
    waits: list[float] = field(default_factory=list)

    def run(self, at: timedelta = timedelta(minutes=1), runner: str = "r1", **kw: Any) -> PublishReport:
        self.pub.clock = T0 + at
        return publish_due(
            kw.pop("store", self.store),
            {ACCOUNT: self.pub},
            now=T0 + at,
            settings=self.settings,
            runner_id=runner,
            sleep=self.waits.append,
            **kw,
        )

    def add(self, *ids: str, **kw: Any) -> None:
        self.store.add_posts([make_post(self.folder, pid, **kw) for pid in ids], now=T0 - timedelta(hours=1))


@pytest.fixture(params=BACKENDS)
def env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Env]:
    urls = database_url(request.param, tmp_path)
    url = next(urls)
    store = open_store(url)
    try:
        settings = make_settings(tmp_path, url, backoff_seconds=0)  # a retry is due at once
        yield Env(store, settings, FakePublisher(), tmp_path / "posts")
    finally:
        store.close()
        for _ in urls:
            pass


def _lost_and_unseen(env: Env, post_id: str) -> None:
    """The answer to configure is lost, and the feed cannot be read afterwards."""
    env.pub.fail_next(TransientError("connection dropped", maybe_done=True), live=True)
    env.pub.recent_faults.append(TransientError("feed answered 502"))


def test_the_decision_comes_from_the_claimed_row_not_the_list_read_before(env: Env) -> None:
    env.add("first", "second")
    other_pass: list[PublishReport] = []

    def meanwhile(step: str, post: Any) -> None:
        # Runner A has read [first, second] and claimed "first"; runner B handles "second" now:
        # its answer is lost and it cannot look, so "second" is left failed, outcome unknown.
        if step == "after_claim" and post.id == "first" and not other_pass:
            _lost_and_unseen(env, "second")
            other_pass.append(env.run(runner="B", account=None))

    report = env.run(runner="A", hooks=meanwhile)
    assert other_pass[0].outcomes[0].post_id == "second"
    assert other_pass[0].outcomes[0].outcome is Outcome.RETRY
    # A reached "second" from its old list, claimed it and reconciled it from the row it took
    outcomes = {o.post_id: o.outcome for o in report.outcomes}
    assert outcomes == {"first": Outcome.PUBLISHED, "second": Outcome.RECOVERED}
    assert [s.caption for s in env.pub.sent].count(env.store.get_post("second").caption) == 1


def test_claim_returns_the_post_as_it_was_at_claim_time(env: Env) -> None:
    env.add("p")
    _lost_and_unseen(env, "p")
    env.run()
    before = env.store.get_post("p")
    assert before.status is PostStatus.FAILED and before.outcome_unknown and before.sent_at is not None
    claim = env.store.claim("p", runner="r2", now=T0 + timedelta(hours=1), lease_seconds=60)
    assert claim is not None
    assert claim.before.status is PostStatus.FAILED and claim.before.outcome_unknown
    assert claim.before.claimed_by == "r1" and claim.before.attempts == 1
    assert claim.post.status is PostStatus.PUBLISHING and claim.post.attempts == 2


def test_only_the_claim_holder_within_its_lease_may_pass_the_point_of_no_return(env: Env) -> None:
    env.add("p")
    claim = env.store.claim("p", runner="slow", now=T0 + timedelta(minutes=1), lease_seconds=60)
    assert claim is not None
    with pytest.raises(ConflictError, match="not sending it"):
        env.store.mark_sending("p", runner="other", now=T0 + timedelta(minutes=1, seconds=5))
    with pytest.raises(ConflictError, match="claim ran out"):
        env.store.mark_sending("p", runner="slow", now=T0 + timedelta(minutes=3))  # lease over
    assert env.store.get_post("p").sent_at is None  # nothing was sent


def test_a_slow_runner_whose_lease_ran_out_sends_nothing(env: Env) -> None:
    env.add("p")
    real_post = env.pub._post

    def slow_upload(*args: Any, **kw: Any) -> Any:
        # the lease runs out during the upload and another runner takes the post over
        taken = env.store.claim("p", runner="r2", now=T0 + timedelta(hours=1), lease_seconds=600)
        assert taken is not None
        return real_post(*args, **kw)

    env.pub._post = slow_upload  # type: ignore[method-assign]
    report = env.run()
    assert report.outcomes[0].outcome is Outcome.RETRY and "not sending it" in report.outcomes[0].detail
    assert env.pub.sent == []


def test_unknown_outcome_not_found_needs_a_person_and_survives_every_reschedule(env: Env) -> None:
    env.add("p")
    env.pub.fail_next(TransientError("read timed out", maybe_done=True))  # not live
    env.run()
    post = env.store.get_post("p")
    assert post.status is PostStatus.NEEDS_ATTENTION and post.outcome_unknown
    assert "may be live: check the profile" in (post.last_error or "")
    assert env.waits == [2.0, 4.0, 8.0, 16.0]
    # staff reschedule it (move); the edit cannot clear the unknown outcome
    moved = move(env.store, env.settings, "p", "2026-03-02 12:00", now=T0)
    assert moved.status is PostStatus.SCHEDULED and moved.outcome_unknown
    with pytest.raises(InputError, match="cannot change outcome_unknown"):
        env.store.update_post("p", now=T0, event="hack", outcome_unknown=False)
    env.run(timedelta(hours=3, minutes=1))
    assert env.store.get_post("p").status is PostStatus.NEEDS_ATTENTION and env.pub.sent == []
    # a person checked the profile: not there -> send again, exactly once
    resend(env.store, env.settings, "p", at=None, now=T0 + timedelta(hours=4))
    env.run(timedelta(hours=4, minutes=1))
    assert env.store.get_post("p").status is PostStatus.PUBLISHED and len(env.pub.sent) == 1


def test_confirm_live_records_the_post_without_sending(env: Env) -> None:
    env.add("p")
    env.pub.fail_next(TransientError("read timed out", maybe_done=True))
    env.run()
    with pytest.raises(InputError, match="not a post link"):
        confirm_live(env.store, "p", url="my profile", now=T0)
    link = "https://www.instagram.com/p/DAbc123/"
    done = confirm_live(env.store, "p", url=link, now=T0 + timedelta(hours=1))
    assert done.status is PostStatus.PUBLISHED and done.permalink == link
    assert not done.outcome_unknown and env.pub.sent == []
    with pytest.raises(ConflictError, match="already live"):
        confirm_live(env.store, "p", url=None, now=T0)


def test_live_with_caption_null_after_a_lost_answer_is_found(env: Env) -> None:
    env.add("p")
    env.pub.fail_next(TransientError("connection dropped", maybe_done=True), live=True)
    env.pub.captionless = True  # Instagram dropped the caption
    report = env.run()
    assert report.outcomes[0].outcome is Outcome.RECOVERED
    assert "without a caption" in report.outcomes[0].detail
    assert len(env.pub.sent) == 1


def test_a_store_error_after_the_point_of_no_return_keeps_the_outcome_unknown(env: Env) -> None:
    env.add("p")
    real = env.store.mark_published
    broken: list[bool] = []

    def locked(*args: Any, **kw: Any) -> Any:
        if not broken:
            broken.append(True)
            raise StoreError("the database at sqlite:///x cannot be used (database is locked)")
        return real(*args, **kw)

    env.store.mark_published = locked  # type: ignore[method-assign]
    report = env.run()
    assert report.outcomes[0].outcome is Outcome.RETRY
    post = env.store.get_post("p")
    assert post.outcome_unknown and (post.last_error or "").startswith("outcome unknown")
    assert post.status is PostStatus.FAILED  # never a plain needs_attention
    assert env.pub.media[0].media_id in post.sent_ids  # the id configure gave is kept for reconciliation
    # following the old advice to "reschedule it" is safe now: it is found, not sent again
    move(env.store, env.settings, "p", "2026-03-02 12:00", now=T0)
    report = env.run(timedelta(hours=3, minutes=1))
    assert env.store.get_post("p").status is PostStatus.PUBLISHED and len(env.pub.sent) == 1
    assert "found by id" in report.outcomes[0].detail


def test_media_not_taken_gets_a_bounded_number_of_fresh_uploads(env: Env) -> None:
    env.add("once")
    env.pub.fail_next(MediaRetry("media_needs_reupload"))
    env.run()
    assert env.store.get_post("once").status is PostStatus.PUBLISHED
    for _ in range(env.settings.publish.media_retries + 1):
        env.pub.fail_next(MediaRetry("Transcode not finished yet"))
    env.add("later", at=T0 + timedelta(minutes=10))
    report = env.run(timedelta(minutes=11))
    later = env.store.get_post("later")
    assert later.status is PostStatus.FAILED and not later.outcome_unknown  # nothing was published
    assert report.outcomes[0].outcome is Outcome.RETRY


def test_a_damaged_card_is_permanent(env: Env, tmp_path: Path) -> None:
    from tipqueue.config.errors import Rejected
    from tipqueue.instagram.client import _existing_image

    post = make_post(env.folder, "broken")
    image = post.slides[0].image
    assert image is not None
    image.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    with pytest.raises(Rejected, match="damaged"):
        _existing_image(image)
    env.store.add_posts([replace(post)], now=T0)
    env.pub.fail_next(Rejected("card image broken/card-1.jpg is damaged (UnidentifiedImageError)"))
    env.run()
    assert env.store.get_post("broken").status is PostStatus.NEEDS_ATTENTION
    assert env.store.get_post("broken").attempts == 1  # not retried
