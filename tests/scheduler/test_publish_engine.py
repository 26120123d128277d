"""The publish engine against the real store (SQLite, and PostgreSQL when configured).

Instagram is an in-test Publisher with scripted faults, run twice: once keeping its posts in
memory, once sending every post for real through the graph backend (GraphAccount over httpx to
the Graph fake, images fetched from `tipqueue web`) with the same scripted faults. The real
instagrapi client against the fake Instagram is exercised in test_crash_recovery.py. Time is
always an argument.
"""

from __future__ import annotations

import logging
import random
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from tipqueue.config.errors import AuthRequired, NeedsPerson, RateLimited, Rejected, TransientError
from tipqueue.config.settings import Settings
from tipqueue.posts.models import MediaKind, PostStatus
from tipqueue.scheduler.publish import Outcome, PublishReport, backoff_delay, publish_due
from tipqueue.scheduler.store import Store

from tests.scheduler.test_publish_kit import (
    ACCOUNT,
    BACKENDS,
    T0,
    CountingMapping,
    FakePublisher,
    MediaServer,
    database_url,
    graph_publisher,
    make_post,
    make_settings,
    media_server,
    open_store,
)


@dataclass
class Env:
    store: Store
    settings: Settings
    pub: FakePublisher
    pubs: CountingMapping
    folder: Path
    waits: list[float] = field(default_factory=list)

    def run(self, at: timedelta = timedelta(0), runner: str = "r1", **kw: object) -> PublishReport:
        self.pub.clock = T0 + at
        return publish_due(
            self.store,
            self.pubs,
            now=T0 + at,
            settings=kw.pop("settings", self.settings),  # type: ignore[arg-type]
            runner_id=runner,
            rng=random.Random(7),
            sleep=self.waits.append,
            **kw,  # type: ignore[arg-type]
        )

    def add(self, *post_ids: str, **kw: Any) -> None:
        self.store.add_posts(
            [make_post(self.folder, pid, **kw) for pid in post_ids], now=T0 - timedelta(hours=1)
        )

    def status(self, post_id: str) -> PostStatus:
        return self.store.get_post(post_id).status


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MediaServer]:
    server = media_server(tmp_path_factory.mktemp("media"))
    yield server
    server.stop()


#: (database, publisher): the in-memory publisher on every database; the graph backend on SQLite
#: (the database side is the same for both publishers, so PostgreSQL once is enough).
ENVS = [
    *(pytest.param((b.values[0], "memory"), id=f"{b.id}", marks=b.marks) for b in BACKENDS),
    pytest.param(("sqlite", "graph"), id="sqlite-graph"),
]


@pytest.fixture(params=ENVS)
def env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Env]:
    db, publisher_kind = request.param
    urls = database_url(db, tmp_path)
    url = next(urls)
    store = open_store(url)
    fake = None
    if publisher_kind == "graph":
        pub, fake = graph_publisher(request.getfixturevalue("media"), tmp_path / "stand-in")
    else:
        pub = FakePublisher()
    try:
        yield Env(
            store, make_settings(tmp_path, url), pub, CountingMapping({ACCOUNT: pub}), tmp_path / "posts"
        )
    finally:
        store.close()
        if fake is not None:
            fake.stop()
        for _ in urls:  # run the generator's cleanup (drop the PostgreSQL schema)
            pass


def test_a_due_post_goes_live_once_with_its_media_id_and_permalink(env: Env) -> None:
    env.add("tip-01")
    report = env.run(timedelta(minutes=1))
    post = env.store.get_post("tip-01")
    assert post.status is PostStatus.PUBLISHED
    assert post.media_id == env.pub.media[0].media_id
    assert post.permalink == env.pub.media[0].permalink
    assert [s.caption for s in env.pub.sent] == [post.caption]
    assert env.pub.sent[0].alt_texts == ["alt tip-01 1"]
    assert report.published == 1 and report.exit_code == 0
    # A second pass finds nothing to do and sends nothing.
    assert env.run(timedelta(minutes=2)).outcomes == []
    assert len(env.pub.sent) == 1


def test_posts_not_yet_due_are_left_alone_and_nothing_connects(env: Env) -> None:
    env.add("later", at=T0 + timedelta(hours=2))
    report = env.run(timedelta(minutes=1))
    assert report.outcomes == [] and env.pubs.lookups == 0
    assert env.status("later") is PostStatus.SCHEDULED


def test_carousel_gets_alt_text_per_slide_and_story_goes_to_stories(env: Env) -> None:
    env.add("carousel", kind=MediaKind.CAROUSEL, slides=3)
    env.add("story", kind=MediaKind.STORY)
    env.run(timedelta(minutes=1))
    by_kind = {s.kind: s for s in env.pub.sent}
    assert by_kind["carousel"].alt_texts == ["alt carousel 1", "alt carousel 2", "alt carousel 3"]
    assert len(by_kind["carousel"].images) == 3
    assert "story" in by_kind
    assert env.status("carousel") is PostStatus.PUBLISHED and env.status("story") is PostStatus.PUBLISHED


def test_first_comment_is_posted_only_when_the_setting_is_on(env: Env, tmp_path: Path) -> None:
    env.add("a", first_comment="#skincare #dermatology")
    env.run(timedelta(minutes=1))
    assert env.pub.comments == []
    env.add("b", first_comment="#skincare #dermatology", at=T0 + timedelta(hours=1))
    on = make_settings(tmp_path, env.settings.db_url, first_comment=True)
    env.run(timedelta(hours=1, minutes=1), settings=on)
    assert env.pub.comments == [(env.store.get_post("b").media_id, "#skincare #dermatology")]


def test_a_transient_error_retries_later_with_backoff_then_publishes(env: Env) -> None:
    env.add("tip-01")
    env.pub.fail_next(TransientError("Instagram answered 500; will retry"))
    report = env.run(timedelta(minutes=1))
    post = env.store.get_post("tip-01")
    assert post.status is PostStatus.FAILED and report.exit_code == 1
    assert post.next_attempt_at is not None
    wait = post.next_attempt_at - (T0 + timedelta(minutes=1))
    assert timedelta(seconds=30) <= wait <= timedelta(seconds=60)  # base 60 s, half of it jitter
    # Before the retry time nothing happens; after it, the post goes live once.
    assert env.run(timedelta(minutes=1, seconds=20)).outcomes == []
    env.run(timedelta(minutes=3))
    assert env.status("tip-01") is PostStatus.PUBLISHED and len(env.pub.sent) == 1


def test_rate_limit_waits_at_least_as_long_as_instagram_asks(env: Env) -> None:
    env.add("a", "b")
    env.pub.fail_next(RateLimited("Instagram asked to slow down", retry_after=900))
    report = env.run(timedelta(minutes=1))
    a = env.store.get_post("a")
    assert a.status is PostStatus.FAILED and a.next_attempt_at is not None
    assert a.next_attempt_at - (T0 + timedelta(minutes=1)) >= timedelta(seconds=900)
    # The account is rested for the rest of this pass: b was not even claimed.
    assert env.status("b") is PostStatus.SCHEDULED and [o.post_id for o in report.outcomes] == ["a"]


def test_attempts_are_capped_then_a_person_is_asked(env: Env) -> None:
    env.add("tip-01")
    for _ in range(3):
        env.pub.fail_next(TransientError("timed out talking to Instagram"))
    for minutes in (1, 5, 15):  # each run after the previous retry time, within the grace window
        env.run(timedelta(minutes=minutes))
    post = env.store.get_post("tip-01")
    assert post.status is PostStatus.NEEDS_ATTENTION and post.attempts == 3
    assert "gave up after 3 attempts" in (post.last_error or "")
    assert env.pub.sent == []


def test_backoff_doubles_and_is_capped() -> None:
    rng = random.Random(1)
    delays = [backoff_delay(n, 60, rng).total_seconds() for n in range(1, 6)]
    for n, d in enumerate(delays, start=1):
        full = 60 * 2 ** (n - 1)
        assert full / 2 <= d <= full
    assert backoff_delay(30, 60, rng) <= timedelta(hours=6)


def test_a_rejection_needs_attention_with_instagrams_reason(env: Env) -> None:
    env.add("tip-01")
    env.pub.fail_next(Rejected("Instagram refused the image", detail="Aspect ratio not supported"))
    report = env.run(timedelta(minutes=1))
    post = env.store.get_post("tip-01")
    assert post.status is PostStatus.NEEDS_ATTENTION
    assert "Aspect ratio not supported" in (post.last_error or "")
    assert report.exit_code == 1


def test_a_challenge_pauses_the_account_and_keeps_its_other_posts(env: Env) -> None:
    env.add("a", "b")
    env.pub.fail_next(
        NeedsPerson("Instagram wants a challenge solved in the app", detail="challenge_required")
    )
    env.run(timedelta(minutes=1))
    assert env.status("a") is PostStatus.NEEDS_ATTENTION
    assert env.status("b") is PostStatus.SCHEDULED
    state = env.store.account_state(ACCOUNT)
    assert state.paused and "challenge" in (state.pause_reason or "")
    # Paused: later passes do not touch b.
    assert env.run(timedelta(minutes=5)).outcomes == [] and len(env.pub.sent) == 0


def test_login_required_means_one_relogin_then_one_retry(env: Env) -> None:
    env.add("tip-01")
    env.pub.fail_next(AuthRequired("session rejected"))
    env.run(timedelta(minutes=1))
    assert env.pub.relogins == 1
    assert env.status("tip-01") is PostStatus.PUBLISHED and len(env.pub.sent) == 1


def test_login_still_rejected_after_one_relogin_needs_a_person(env: Env) -> None:
    env.add("a", "b")
    env.pub.relogin_fixes = False
    env.pub.fail_next(AuthRequired("session rejected"))
    env.pub.fail_next(AuthRequired("session rejected"))
    env.run(timedelta(minutes=1))
    assert env.pub.relogins == 1
    a = env.store.get_post("a")
    assert a.status is PostStatus.NEEDS_ATTENTION and "tipqueue login clinic" in (a.last_error or "")
    assert env.status("b") is PostStatus.SCHEDULED and env.store.account_state(ACCOUNT).paused


def test_dropped_connection_after_configure_is_recorded_not_resent(env: Env) -> None:
    env.add("tip-01")
    env.pub.fail_next(TransientError("connection dropped", maybe_done=True), live=True)
    report = env.run(timedelta(minutes=1))
    post = env.store.get_post("tip-01")
    assert post.status is PostStatus.PUBLISHED and post.media_id == env.pub.media[0].media_id
    assert len(env.pub.sent) == 1 and report.outcomes[0].outcome is Outcome.RECOVERED


def test_unknown_outcome_that_did_not_go_live_is_never_resent_without_a_person(env: Env) -> None:
    env.add("tip-01")
    env.pub.fail_next(TransientError("read timed out", maybe_done=True))
    env.pub.recent_faults.append(TransientError("Instagram answered 502"))  # cannot even look now
    env.run(timedelta(minutes=1))
    post = env.store.get_post("tip-01")
    assert post.status is PostStatus.FAILED and (post.last_error or "").startswith("outcome unknown")
    assert post.outcome_unknown
    calls = env.pub.recent_calls
    env.run(timedelta(minutes=10))
    # looked again, polling the feed with doubling waits, and did not find it: a person decides
    assert env.pub.recent_calls == calls + env.settings.publish.reconcile_polls
    assert env.waits == [2.0, 4.0, 8.0, 16.0]
    post = env.store.get_post("tip-01")
    assert post.status is PostStatus.NEEDS_ATTENTION and len(env.pub.sent) == 0
    assert "may be live: check the profile" in (post.last_error or "")
    assert "queue resend tip-01" in (post.last_error or "")


def _crash_after(env: Env, step: str, runner: str = "dead") -> None:
    """Run a pass that dies at ``step`` (as a SIGKILL would: nothing after it runs)."""

    class Died(BaseException):
        pass

    def hooks(name: str, post: object) -> None:
        if name == step:
            raise Died

    with pytest.raises(Died):
        env.run(timedelta(minutes=1), runner=runner, hooks=hooks)


@pytest.mark.parametrize("step", ["after_claim", "before_send", "after_send"])
def test_a_runner_dying_at_any_step_is_taken_over_after_its_lease_and_published_once(
    env: Env, step: str
) -> None:
    env.add("tip-01")
    _crash_after(env, step)
    assert env.status("tip-01") is PostStatus.PUBLISHING
    # Within the lease nobody touches it ...
    assert env.run(timedelta(minutes=5), runner="other").outcomes == []
    # ... after it, the next runner reconciles and ends with exactly one media.
    report = env.run(timedelta(minutes=12), runner="other")
    post = env.store.get_post("tip-01")
    assert post.status is PostStatus.PUBLISHED
    assert len(env.pub.media) == 1 and post.media_id == env.pub.media[0].media_id
    expected = Outcome.RECOVERED if step == "after_send" else Outcome.PUBLISHED
    assert report.outcomes[0].outcome is expected
    assert any("took over the expired claim of dead" in (e.detail or "") for e in env.store.history("tip-01"))


def test_an_old_identical_caption_is_not_mistaken_for_this_post(env: Env) -> None:
    env.add("tip-01")
    # The same caption was posted by hand last week: not our post.
    env.pub.clock = T0 - timedelta(days=7)
    env.pub.publish_photo(Path("x.jpg"), env.store.get_post("tip-01").caption)
    _crash_after(env, "before_send")
    env.run(timedelta(minutes=12), runner="other")
    post = env.store.get_post("tip-01")
    assert post.status is PostStatus.PUBLISHED and len(env.pub.media) == 2
    assert post.media_id == env.pub.media[0].media_id


def test_a_story_with_an_unknown_outcome_asks_a_person_instead_of_risking_a_duplicate(env: Env) -> None:
    env.add("story", kind=MediaKind.STORY)
    _crash_after(env, "after_send")
    env.run(timedelta(minutes=12), runner="other")
    post = env.store.get_post("story")
    assert post.status is PostStatus.NEEDS_ATTENTION and "stories" in (post.last_error or "")
    assert len(env.pub.sent) == 1


def test_posts_missed_while_nothing_ran_publish_within_grace_and_otherwise_ask(env: Env) -> None:
    env.add("recent", at=T0)
    env.add("old", at=T0 - timedelta(hours=3))
    report = env.run(timedelta(minutes=20))
    assert env.status("recent") is PostStatus.PUBLISHED
    old = env.store.get_post("old")
    assert old.status is PostStatus.NEEDS_ATTENTION and "missed its time by 200 min" in (old.last_error or "")
    assert [s.caption for s in env.pub.sent] == [env.store.get_post("recent").caption]
    assert report.exit_code == 1


def test_dry_run_claims_nothing_sends_nothing_and_connects_nothing(env: Env) -> None:
    env.add("due")
    env.add("old", at=T0 - timedelta(hours=3))
    report = env.run(timedelta(minutes=1), dry_run=True)
    assert {o.post_id: o.outcome for o in report.outcomes} == {
        "due": Outcome.WOULD_PUBLISH,
        "old": Outcome.WOULD_NEED_ATTENTION,
    }
    assert env.pubs.lookups == 0 and env.status("due") is PostStatus.SCHEDULED
    assert report.exit_code == 0


def test_a_missing_card_image_needs_attention_and_nothing_is_sent(env: Env) -> None:
    env.add("tip-01")
    post = env.store.get_post("tip-01")
    assert post.slides[0].image is not None
    post.slides[0].image.unlink()
    env.run(timedelta(minutes=1))
    after = env.store.get_post("tip-01")
    assert after.status is PostStatus.NEEDS_ATTENTION and "card-1.jpg" in (after.last_error or "")
    assert env.pub.sent == []


def test_a_post_for_an_account_not_configured_here_needs_attention(env: Env) -> None:
    env.store.ensure_account("other", username="other.acct", timezone="UTC")
    env.store.add_posts([replace(make_post(env.folder, "x"), account="other")], now=T0)
    env.run(timedelta(minutes=1))
    assert "account 'other' is not configured" in (env.store.get_post("x").last_error or "")


def test_needs_attention_and_repeated_failure_reach_the_notifier(env: Env) -> None:
    env.add("a")
    env.pub.fail_next(TransientError("500"))
    env.pub.fail_next(TransientError("500"))
    env.pub.fail_next(Rejected("caption refused"))
    seen: list[tuple[str, Outcome, int]] = []
    for minutes in (1, 5, 15):
        env.run(
            timedelta(minutes=minutes), notify=lambda o, p: seen.append((o.post_id, o.outcome, o.attempts))
        )
    assert seen == [("a", Outcome.RETRY, 2), ("a", Outcome.NEEDS_ATTENTION, 3)]


def test_one_log_line_per_post(env: Env, caplog: pytest.LogCaptureFixture) -> None:
    env.add("a", "b")
    env.pub.fail_next(Rejected("bad media"))
    with caplog.at_level(logging.INFO, logger="tipqueue.publish"):
        env.run(timedelta(minutes=1))
    lines = [r.getMessage() for r in caplog.records if r.name == "tipqueue.publish"]
    assert len(lines) == 2
    assert lines[0].startswith("needs_attention") and " a " in lines[0]
    # the line ends with the post's link (Instagram's, or the fake's own page for it)
    assert (
        lines[1].startswith("published")
        and " b " in lines[1]
        and re.search(r" https?://\S+/p/\w+/$", lines[1])
    )


def test_should_stop_finishes_the_post_in_flight_and_leaves_the_rest(env: Env) -> None:
    env.add("a", "b", "c")
    report = env.run(timedelta(minutes=1), should_stop=lambda: len(env.pub.sent) >= 1)
    assert report.stopped_early and [o.post_id for o in report.outcomes] == ["a"]
    assert env.status("b") is PostStatus.SCHEDULED


def test_racing_runners_in_threads_publish_each_post_once(env: Env) -> None:
    ids = [f"p{i:02d}" for i in range(12)]
    env.add(*ids)
    errors: list[BaseException] = []

    def runner(name: str) -> None:
        try:
            env.run(timedelta(minutes=1), runner=name)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=runner, args=(f"r{i}",)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    assert sorted(s.caption for s in env.pub.sent) == sorted(env.store.get_post(i).caption for i in ids)
    assert all(env.status(i) is PostStatus.PUBLISHED for i in ids)
