"""`tipqueue run`: a long-running publisher on APScheduler's BlockingScheduler.

The store is the queue: APScheduler only decides *when* to look (no job store state is kept),
so a daemon, cron runs and other machines can share one store safely. The daemon

* publishes at start (posts missed while it was down: within the grace window they go out,
  older ones need attention), then every minute as a safety net, and also wakes exactly when
  the next post falls due within that minute;
* runs the jobs it is handed (reply collection; ``scheduler`` never imports ``replies``) on
  their own interval, one job at a time on a single worker thread;
* stops on SIGTERM / SIGINT (or ``stop_event``): the post in flight is finished and recorded,
  nothing new is started.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import FrameType
from typing import TYPE_CHECKING, Any

from tipqueue.config.errors import TipqueueError
from tipqueue.config.settings import Settings
from tipqueue.instagram.protocols import Publisher
from tipqueue.scheduler.publish import Notify, due_time, publish_due, runner_name

if TYPE_CHECKING:
    from tipqueue.scheduler.store import Store

log = logging.getLogger("tipqueue.daemon")

#: The safety-net interval between two looks at the queue.
SAFETY_INTERVAL = timedelta(minutes=1)


@dataclass(frozen=True)
class JobContext:
    """What a handed-in job gets: the daemon's store, its publishers (also reply sources), now."""

    store: Any
    publishers: Mapping[str, Publisher]
    settings: Settings
    now: datetime


@dataclass(frozen=True)
class DaemonJob:
    """A job and how often it runs."""

    func: Callable[[JobContext], object]
    every: timedelta


@dataclass
class DaemonReport:
    """What the daemon did before it stopped."""

    publish_passes: int = 0
    published: int = 0
    problems: int = 0
    job_runs: dict[str, int] = field(default_factory=dict)
    job_errors: dict[str, int] = field(default_factory=dict)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def run_daemon(
    store_factory: Callable[[], Store],
    publishers_factory: Callable[[], Mapping[str, Publisher]],
    *,
    settings: Settings,
    jobs: Mapping[str, Callable[[JobContext], object] | DaemonJob] | None = None,
    clock: Callable[[], datetime] = _utc_now,
    stop_event: threading.Event | None = None,
    account: str | None = None,
    runner_id: str | None = None,
    notify_factory: Callable[[Store], Notify] | None = None,
    safety_interval: timedelta = SAFETY_INTERVAL,
    install_signal_handlers: bool = True,
    speed: float = 1.0,
) -> DaemonReport:
    """Publish and run ``jobs`` until SIGTERM / SIGINT / ``stop_event``; return what was done.

    ``store_factory`` and ``publishers_factory`` are called once, lazily, on the worker thread
    (so nothing connects to Instagram until a post is claimed, when the mapping is lazy).
    A bare callable in ``jobs`` runs every ``settings.replies.collect_every_minutes``.
    ``clock`` is what "now" means to the engine (tests pass a fake one); APScheduler's own
    waits are real seconds, computed from that clock. ``speed``: how many seconds of ``clock``
    pass per real second (a sandbox rehearsal of a day in minutes); every wait is divided by it.
    """
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.schedulers.base import SchedulerNotRunningError
    from apscheduler.schedulers.blocking import BlockingScheduler
    from apscheduler.triggers.date import DateTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    stop = stop_event or threading.Event()
    runner = runner_id or runner_name("daemon")
    report = DaemonReport()
    busy = threading.Lock()  # held while a job runs: shutdown waits for it
    finished = threading.Event()
    state: dict[str, Any] = {}

    def resources() -> tuple[Store, Mapping[str, Publisher], Notify | None]:
        if "store" not in state:
            state["store"] = store_factory()
            state["publishers"] = publishers_factory()
            state["notify"] = notify_factory(state["store"]) if notify_factory else None
        return state["store"], state["publishers"], state["notify"]

    scheduler = BlockingScheduler(
        executors={"default": ThreadPoolExecutor(1)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        timezone=UTC,
    )

    if speed <= 0:
        raise ValueError(f"speed {speed} must be more than 0")

    def real_time_in(delay: timedelta) -> datetime:
        return datetime.now(UTC) + max(delay, timedelta(0)) / speed

    def wake_for_next_due(store: Store) -> None:
        """Add a one-off wake-up when the next post falls due before the safety-net tick."""
        now = clock()
        upcoming = store.due_posts(now + safety_interval, account=account, limit=1)
        if not upcoming:
            return
        due = due_time(upcoming[0], settings.publish.lease_seconds)
        if due is None or due <= now:
            return  # due already and not taken this pass (e.g. account resting): the safety net retries
        scheduler.add_job(
            publish_tick,
            DateTrigger(real_time_in(due - now)),
            id="publish-next-due",
            replace_existing=True,
            name="publish at the next due time",
        )

    def publish_tick() -> None:
        with busy:
            if stop.is_set():
                return
            try:
                store, publishers, notify = resources()
                result = publish_due(
                    store,
                    publishers,
                    now=clock,
                    settings=settings,
                    runner_id=runner,
                    account=account,
                    notify=notify,
                    should_stop=stop.is_set,
                )
                report.publish_passes += 1
                report.published += result.published
                report.problems += result.retrying + result.needs_attention
                if result.outcomes:
                    log.info("publish pass: %s", result.summary())
                if not stop.is_set():
                    wake_for_next_due(store)
            except TipqueueError as exc:
                log.error("publish pass failed: %s", exc)
            except Exception:
                log.exception("publish pass failed unexpectedly; the next pass tries again")

    def job_runner(name: str, func: Callable[[JobContext], object]) -> Callable[[], None]:
        def run() -> None:
            with busy:
                if stop.is_set():
                    return
                try:
                    store, publishers, _ = resources()
                    func(JobContext(store=store, publishers=publishers, settings=settings, now=clock()))
                    report.job_runs[name] = report.job_runs.get(name, 0) + 1
                except TipqueueError as exc:
                    report.job_errors[name] = report.job_errors.get(name, 0) + 1
                    log.error("job %s failed: %s", name, exc)
                except Exception:
                    report.job_errors[name] = report.job_errors.get(name, 0) + 1
                    log.exception("job %s failed unexpectedly; it runs again at its next time", name)

        return run

    start = datetime.now(UTC)
    scheduler.add_job(
        publish_tick,
        IntervalTrigger(seconds=safety_interval.total_seconds() / speed, start_date=start),
        next_run_time=start,
        id="publish-safety-net",
        name="publish every minute",
    )
    default_every = timedelta(minutes=settings.replies.collect_every_minutes)
    for name, job in (jobs or {}).items():
        spec = job if isinstance(job, DaemonJob) else DaemonJob(func=job, every=default_every)
        scheduler.add_job(
            job_runner(name, spec.func),
            IntervalTrigger(seconds=spec.every.total_seconds() / speed, start_date=start),
            next_run_time=start + timedelta(seconds=1),
            id=f"job-{name}",
            name=name,
        )

    received: list[int] = []

    def watcher() -> None:
        stop.wait()
        if received:
            name = signal.Signals(received[0]).name
            log.info("received %s: finishing the post in flight, then stopping", name)
        while not finished.is_set():
            try:
                scheduler.shutdown(wait=False)
                return
            except SchedulerNotRunningError:
                time.sleep(0.02)  # not started yet: try again in a moment

    previous: dict[signal.Signals, Any] = {}

    def on_signal(signum: int, frame: FrameType | None) -> None:
        # Only set flags here: a signal handler that writes (logs) can interrupt a write in progress.
        received.append(signum)
        stop.set()

    if install_signal_handlers and threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            previous[sig] = signal.signal(sig, on_signal)

    threading.Thread(target=watcher, name="tipqueue-daemon-stop", daemon=True).start()
    log.info(
        "daemon %s started: publishing every %ds and at each due time; jobs: %s",
        runner,
        int(safety_interval.total_seconds()),
        ", ".join(jobs or {}) or "none",
    )
    try:
        scheduler.start()
    finally:
        finished.set()
        stop.set()
        with busy:  # the post in flight is finished and recorded before we go
            pass
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        store = state.get("store")
        close = getattr(store, "close", None)
        if callable(close):
            close()
    log.info(
        "daemon %s stopped: %d published, %d need a look, %d passes",
        runner,
        report.published,
        report.problems,
        report.publish_passes,
    )
    return report
