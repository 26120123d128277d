"""Exactly once under the races that posted twice before: real processes, SQLite and PostgreSQL.

* Two runners: runner A works from the due list it read at start while its first answer from
  Instagram is slow; meanwhile runner B takes the next post and its configure answer is lost.
  A must decide from the row it claims, not from its old list.
* Rescheduling a post whose outcome is unknown through the CLI (`queue move`), the dashboard
  (form POST), the JSON API and `queue import`: it is reconciled before anything is sent.
* A cron job and the daemon over a 50-post backlog with random SIGKILLs and random faults,
  ``TIPQUEUE_RACE_TRIALS`` trials per database (1 in the suite; the closing note's figures come
  from ``TIPQUEUE_RACE_TRIALS=100``).

Every trial ends with: no caption live twice, every post either published (with the media that
is live) or in needs_attention with its reason, and a post not live is never marked published.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tipqueue.instagram.fake.server import FakeInstagram
from tipqueue.posts.models import PostStatus
from tipqueue.scheduler.store import Store

from tests.scheduler.test_publish_kit import (
    ACCOUNT,
    BACKENDS,
    database_url,
    expire_leases,
    make_due_now,
    make_post,
    open_store,
    retry_now,
    run_cli,
    start_cli,
    write_sandbox_workspace,
)

CONFIGURE = r"/media/configure/$"
FEED = r"/feed/user/\d+/$"
TRIALS = int(os.environ.get("TIPQUEUE_RACE_TRIALS", "1"))
#: how long runners are killed and faults injected in one trial
CHAOS_SECONDS = float(os.environ.get("TIPQUEUE_RACE_CHAOS_SECONDS", "3"))
ACCOUNT_LINES = "daily_cap = 100\nmin_spacing_minutes = 0\n"
FAST = {
    "reconcile_polls": 3,
    "reconcile_wait_seconds": 0.05,
    "backoff_seconds": 0,
    "max_attempts": 6,
    "lease_seconds": 30,
}


@dataclass
class World:
    fake: FakeInstagram
    store: Store
    url: str
    workspace: Path
    folder: Path

    def add_due(self, ids: list[str], *, ago: timedelta = timedelta(minutes=1)) -> None:
        now = datetime.now(UTC)
        posts = [
            make_post(self.folder, pid, at=now - ago + timedelta(seconds=i)) for i, pid in enumerate(ids)
        ]
        self.store.add_posts(posts, now=now - timedelta(hours=1))

    def live(self) -> Counter[str]:
        """Captions live on the fake (as sent: Instagram may have dropped one from the post)."""
        return Counter(m["sent_caption"] for m in self.fake.media_list() if not m["deleted"])

    def story(self, post_id: str) -> str:
        return "\n".join(
            f"  {e.at:%H:%M:%S.%f} {e.event} {e.runner or ''} {e.detail or ''}"
            for e in self.store.history(post_id)
        )

    def check_exactly_once(self, ids: list[str]) -> dict[str, str]:
        """The invariants of every trial; returns post id -> final status."""
        posts = self.store.get_posts(ids)
        live = self.live()
        by_caption = {m["sent_caption"]: m["media_id"] for m in self.fake.media_list() if not m["deleted"]}
        assert all(n == 1 for n in live.values()), f"posted twice: {[c for c, n in live.items() if n > 1]}"
        for post in posts:
            assert post.status in (PostStatus.PUBLISHED, PostStatus.NEEDS_ATTENTION), (
                f"{post.id} is {post.status.value}:\n{self.story(post.id)}"
            )
            if post.status is PostStatus.PUBLISHED:
                assert live[post.caption] == 1, (
                    f"{post.id} marked published but not live:\n{self.story(post.id)}"
                )
                assert post.media_id == by_caption[post.caption]
            else:
                assert post.last_error, f"{post.id} needs attention without a reason"
                if live[post.caption]:
                    # live but unconfirmed: it must say it may be live, never invite a plain resend
                    assert "may be live" in post.last_error, post.last_error
        return {p.id: p.status.value for p in posts}


@pytest.fixture(params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    urls = database_url(request.param, tmp_path)
    url = next(urls)
    with FakeInstagram(username=ACCOUNT, hang_seconds=0.5) as fake:
        workspace = tmp_path / "ws"
        write_sandbox_workspace(workspace, fake, url, account_lines=ACCOUNT_LINES, **FAST)
        store = open_store(url)
        try:
            yield World(fake, store, url, workspace, tmp_path / "posts")
        finally:
            store.close()
    for _ in urls:
        pass


def _wait_for(predicate: Any, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("timed out waiting")


def test_a_runner_with_a_stale_list_reconciles_the_post_another_runner_left_unknown(world: World) -> None:
    world.add_due(["first", "second"])
    world.fake.delay_next(CONFIGURE, 60.0)  # runner A: its first answer is slow ...
    world.fake.fail_next(CONFIGURE, "drop_after_configure")  # ... runner B: its answer is lost
    world.fake.fail_next(FEED, "500")  # and B cannot even look afterwards
    runner_a = start_cli(world.workspace, "publish-due")
    _wait_for(lambda: world.fake.requests_to(CONFIGURE))  # A is inside its slow configure of "first"
    runner_b = run_cli(world.workspace, "publish-due")
    assert " retry " in runner_b.stdout and "second" in runner_b.stdout, runner_b.stdout + runner_b.stderr
    assert world.store.get_post("second").outcome_unknown  # B left it failed, outcome unknown, due now
    world.fake.release_delays()  # A's answer arrives at last
    out, err = runner_a.communicate(timeout=60)
    assert runner_a.returncode == 0, out + err
    # A still had "second" as scheduled in its list; it reconciled from the claimed row instead
    assert "recovered" in out and "second" in out, out
    assert world.check_exactly_once(["first", "second"]) == {"first": "published", "second": "published"}
    claims = [e for e in world.store.history("second") if e.event == "claimed"]
    assert "reconcile before sending" in (claims[-1].detail or "")


def test_a_runner_with_a_stale_list_that_cannot_find_the_post_leaves_it_to_a_person(world: World) -> None:
    world.add_due(["first", "second"])
    world.fake.delay_next(CONFIGURE, 60.0)
    world.fake.fail_next(CONFIGURE, "drop_after_configure")
    world.fake.fail_next(FEED, "500")
    runner_a = start_cli(world.workspace, "publish-due")
    _wait_for(lambda: world.fake.requests_to(CONFIGURE))
    world.fake.lag_feed(reads=50)  # from now on the feed lags behind for every read
    run_cli(world.workspace, "publish-due")
    world.fake.release_delays()
    out, err = runner_a.communicate(timeout=60)
    statuses = world.check_exactly_once(["first", "second"])
    assert statuses["second"] == "needs_attention", out + err
    assert "queue confirm-live second" in (world.store.get_post("second").last_error or "")


# --- rescheduling an unknown outcome through every front door ---


def _unknown_outcomes(world: World) -> tuple[list[str], list[str]]:
    """Four posts live with the outcome unknown, four not live with the outcome unknown."""
    live_ids = [f"live-{n}" for n in range(1, 5)]
    gone_ids = [f"gone-{n}" for n in range(1, 5)]
    world.add_due(live_ids + gone_ids)
    world.fake.fail_next(CONFIGURE, "drop_after_configure", times=4)  # live, answers lost
    world.fake.fail_next(CONFIGURE, "500", times=4)  # not live, answers lost
    world.fake.lag_feed(reads=4 * 3)  # the feed does not show the live ones while they are looked for
    run_cli(world.workspace, "publish-due")
    for post in world.store.get_posts(live_ids + gone_ids):
        assert post.status is PostStatus.NEEDS_ATTENTION and post.outcome_unknown, (post.id, post.last_error)
    assert sum(world.live().values()) == 4
    return live_ids, gone_ids


def _web_client(world: World) -> Any:
    from tipqueue.config.settings import load_settings

    from tipqueue.web import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    settings = load_settings(world.workspace, environ={})
    return TestClient(create_app(settings), base_url="http://127.0.0.1:8000")


def test_rescheduling_an_unknown_outcome_anywhere_reconciles_before_sending(world: World) -> None:
    live_ids, gone_ids = _unknown_outcomes(world)
    later = (datetime.now(UTC) + timedelta(hours=2)).replace(microsecond=0)
    at = lambda n: (later + timedelta(minutes=n)).strftime("%Y-%m-%d %H:%M")  # noqa: E731
    # 1. the CLI
    for n, pid in enumerate(("live-1", "gone-1")):
        moved = run_cli(world.workspace, "queue", "move", pid, "--at", at(n))
        assert moved.returncode == 0, moved.stdout + moved.stderr
    # 2. the dashboard (form POST) and 3. the JSON API
    with _web_client(world) as client:
        page = client.get("/calendar")
        token = page.text.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
        for n, pid in enumerate(("live-2", "gone-2"), start=2):
            form = client.post(f"/posts/{pid}/reschedule", data={"csrf_token": token, "at": at(n)})
            assert form.status_code in (200, 303), form.text[:300]
        for n, pid in enumerate(("live-3", "gone-3"), start=4):
            api = client.post(f"/api/posts/{pid}/reschedule", json={"at": at(n)})
            assert api.status_code == 200, api.text
    # 4. an import
    records = [
        {"id": pid, "status": "scheduled", "scheduled_at": (later + timedelta(minutes=n)).isoformat()}
        for n, pid in enumerate(("live-4", "gone-4"), start=6)
    ]
    (world.workspace / "queue.json").write_text(json.dumps(records))
    imported = run_cli(world.workspace, "queue", "import", "queue.json")
    assert imported.returncode == 0, imported.stdout + imported.stderr

    everything = live_ids + gone_ids
    for post in world.store.get_posts(everything):
        assert post.status is PostStatus.SCHEDULED and post.outcome_unknown, post.id  # still remembered
    make_due_now(world.url, everything)
    again = run_cli(world.workspace, "publish-due")
    assert not world.fake.requests_to(CONFIGURE)[8:], "something was sent again"
    statuses = world.check_exactly_once(everything)
    assert all(statuses[p] == "published" for p in live_ids), again.stdout
    assert all(statuses[p] == "needs_attention" for p in gone_ids), again.stdout
    for post in world.store.get_posts(gone_ids):
        assert "may be live: check the profile" in (post.last_error or "")
    # a person checked the profile: gone-1 is not there, so it may be sent again, exactly once
    assert run_cli(world.workspace, "queue", "resend", "gone-1").returncode == 0
    run_cli(world.workspace, "publish-due")
    assert (
        world.store.get_post("gone-1").status is PostStatus.PUBLISHED
        and world.live()["Tip gone-1: relax your jaw.\n\n#skincare"] == 1
    )
    # ... and gone-2 IS there (the person says so): recorded, never sent
    assert run_cli(world.workspace, "queue", "confirm-live", "gone-2").returncode == 0
    assert world.store.get_post("gone-2").status is PostStatus.PUBLISHED


# --- cron + daemon, random SIGKILLs and random faults ---

FAULT_MENU: list[tuple[str, str, Any]] = [
    ("fail", CONFIGURE, "drop_after_configure"),
    ("fail", CONFIGURE, "500"),
    ("fail", CONFIGURE, "timeout"),
    ("fail", CONFIGURE, "please_wait"),
    ("fail", r"^/rupload_igphoto/", "500"),
    ("fail", FEED, "500"),
    ("delay", CONFIGURE, 1.5),
    ("captionless", "", 1),
    ("lag", "", 6),
]


def _inject(fake: FakeInstagram, rng: random.Random) -> str:
    kind, path, arg = rng.choice(FAULT_MENU)
    if kind == "fail":
        fake.fail_next(path, arg)
    elif kind == "delay":
        fake.delay_next(path, arg)
    elif kind == "captionless":
        fake.captionless_next(arg)
    else:
        fake.lag_feed(reads=arg)
    return f"{kind}:{arg}"


def _kill(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)


def _open_ids(world: World, ids: list[str]) -> list[str]:
    return [
        p.id
        for p in world.store.get_posts(ids)
        if p.status not in (PostStatus.PUBLISHED, PostStatus.NEEDS_ATTENTION)
    ]


def _trial(world: World, rng: random.Random, trial: int) -> dict[str, Any]:
    ids = [f"t{trial:03d}-{n:02d}" for n in range(1, 51)]
    world.add_due(ids)
    kills = faults = 0
    daemon = start_cli(world.workspace, "run", "--no-replies")
    cron: subprocess.Popen[str] | None = None
    deadline = time.monotonic() + CHAOS_SECONDS  # then the settling runs finish the rest
    while _open_ids(world, ids) and time.monotonic() < deadline:
        if cron is None or cron.poll() is not None:
            if cron is not None:
                cron.communicate()
            cron = start_cli(world.workspace, "publish-due")
        if rng.random() < 0.5:
            _inject(world.fake, rng)
            faults += 1
        time.sleep(rng.uniform(0.1, 0.6))
        if rng.random() < 0.3:  # SIGKILL the daemon or the cron run, wherever it is
            victim = daemon if rng.random() < 0.5 else cron
            _kill(victim)
            kills += 1
            if victim is daemon:
                daemon = start_cli(world.workspace, "run", "--no-replies")
        expire_leases(world.url) if rng.random() < 0.1 else None  # time passes: dead claims run out
    for proc in (daemon, cron):
        if proc is not None:
            _kill(proc)
    # settle: leases run out, the next runs reconcile everything left
    crashes: list[str] = []
    settled = None
    for _ in range(8):
        if not _open_ids(world, ids):
            break
        expire_leases(world.url)
        retry_now(world.url)
        settled = run_cli(world.workspace, "publish-due")
        if settled.returncode not in (0, 1):
            crashes.append(settled.stdout[-2000:] + settled.stderr[-3000:])
    assert not crashes, crashes[0]
    left = _open_ids(world, ids)
    assert not left, (
        f"{len(left)} post(s) still open after settling; account paused: "
        f"{world.store.account_state(ACCOUNT).pause_reason!r}; last run:\n{(settled.stdout + settled.stderr)[-3000:] if settled else ''}"
    )
    statuses = world.check_exactly_once(ids)
    counts = Counter(statuses.values())
    live = world.live()
    reasons = Counter(
        _reason_kind(p.last_error or "") + (" (live)" if live[p.caption] else " (not live)")
        for p in world.store.get_posts(ids)
        if p.status is PostStatus.NEEDS_ATTENTION
    )
    return {"kills": kills, "faults": faults, **counts, "reasons": dict(reasons)}


def _reason_kind(text: str) -> str:
    for key in ("may be live", "gave up after", "missed its time", "Instagram refused", "paused"):
        if key in text:
            return key
    return text[:60]


@pytest.mark.slow
def test_cron_and_daemon_over_a_50_post_backlog_with_random_kills_and_faults(world: World) -> None:
    seed = int(os.environ.get("TIPQUEUE_RACE_SEED", "15"))
    rng = random.Random(seed)
    out = os.environ.get("TIPQUEUE_RACE_REPORT")
    results = []
    for n in range(TRIALS):
        results.append(_trial(world, rng, n))
        if out:  # one line per trial, so a long run's figures survive a failure
            with open(out + ".trials", "a", encoding="utf-8") as handle:
                handle.write(json.dumps({"backend": world.store.dialect, "trial": n, **results[-1]}) + "\n")
    summary = {
        "trials": TRIALS,
        "posts": 50 * TRIALS,
        "kills": sum(r["kills"] for r in results),
        "faults": sum(r["faults"] for r in results),
        "published": sum(r.get("published", 0) for r in results),
        "needs_attention": sum(r.get("needs_attention", 0) for r in results),
        "reasons": dict(sum((Counter(r["reasons"]) for r in results), Counter())),
        "duplicates": 0,
        "lost": 0,
    }
    print(f"\nrace summary ({world.store.dialect}): {json.dumps(summary)}")
    if out:
        with open(out, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"backend": world.store.dialect, "seed": seed, **summary}) + "\n")
    assert summary["published"] + summary["needs_attention"] == 50 * TRIALS
