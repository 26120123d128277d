"""`tipqueue demo`: the whole pipeline on the bundled article, in a fresh SQLite workspace.

The article is split into a series, its cards are rendered, the series is queued into the
account's slots and published with the clock advanced (no waiting) through the real instagrapi
client to the loopback fake Instagram. Sample readers (made-up replies, labelled as such) answer
the call-to-action post; their replies are collected and become a gadget leaderboard, a chart
and CSV / XLSX / JSON Lines exports. Nothing keeps running afterwards.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tipqueue.config.errors import InputError, TipqueueError
from tipqueue.config.settings import CONFIG_FILE, Settings, bundled_path, load_settings
from tipqueue.config.workspace import EXAMPLE_ARTICLE, init_workspace
from tipqueue.posts.models import PostStatus

DEMO_ACCOUNT = "clinic"
SAMPLE_REPLIES = ("demo", "sample-replies.json")

Step = Callable[[str], None]


@dataclass
class DemoSummary:
    workspace: Path
    lines: list[str] = field(default_factory=list)
    outputs: dict[str, Path] = field(default_factory=dict)
    seconds: float = 0.0

    def render(self) -> str:
        out = [f"tipqueue demo: workspace {self.workspace}", *self.lines]
        if self.outputs:
            out.append("Outputs:")
            width = max(len(k) for k in self.outputs)
            out += [f"  {name.ljust(width)}  {path}" for name, path in self.outputs.items()]
        out.append(f"Done in {self.seconds:.1f} s. Nothing is left running.")
        return "\n".join(out)


def _fresh_folder(base: Path) -> Path:
    n = 1
    while (base / f"tipqueue-demo-{n}").exists():
        n += 1
    return base / f"tipqueue-demo-{n}"


def sample_replies() -> list[dict[str, Any]]:
    """The demo's made-up reader replies, with ``reply_to`` as the index of the earlier entry."""
    data = json.loads(bundled_path(*SAMPLE_REPLIES).read_text(encoding="utf-8"))
    entries: list[dict[str, Any]] = []
    first_by_user: dict[str, int] = {}
    for raw in data["replies"]:
        entry = {"text": raw["text"], "username": raw["username"]}
        if raw.get("reply_to") in first_by_user:
            entry["reply_to"] = first_by_user[raw["reply_to"]]
        first_by_user.setdefault(raw["username"], len(entries))
        entries.append(entry)
    return entries


def run_demo(
    out: Path | None = None,
    *,
    step: Step | None = None,
    now: datetime | None = None,
    backend: str = "sandbox",
) -> DemoSummary:
    """Run every stage and say where each output lies. ``step`` is told as each stage starts.

    ``backend = "graph"`` runs it on the official-API path instead (tipqueue.demo_graph): the
    Graph fake, `tipqueue web` as the media host, a real login, containers for a photo series,
    a carousel and a story, comments and replies read page by page, and mentions.
    """
    if backend not in ("sandbox", "graph"):
        raise InputError(f"--backend {backend!r} is not a demo backend; use 'sandbox' or 'graph'")
    say: Step = step or (lambda _msg: None)
    started = time.perf_counter()
    workspace = (out or _fresh_folder(Path.cwd())).expanduser().resolve()
    if (workspace / CONFIG_FILE).exists():
        raise InputError(f"{workspace} already holds a workspace; give --out a new folder for the demo")
    say("Creating the workspace")
    init_workspace(workspace)
    summary = DemoSummary(workspace)

    base = load_settings(workspace, environ={})
    _, account = base.account(DEMO_ACCOUNT)
    if backend == "graph":
        from tipqueue.demo_graph import graph_world

        say("Starting the Instagram API fake and `tipqueue web` as the media host; logging in")
        with graph_world(workspace, DEMO_ACCOUNT, account.username) as (settings, graph, media_base):
            summary.lines.append(
                f"0. logged in through the authorisation-code flow; images served by `tipqueue web` at {media_base}"
            )
            _run_stages(settings, graph, summary, say, now or datetime.now(UTC))
        summary.outputs["settings"] = workspace / CONFIG_FILE
        summary.outputs["store"] = workspace / "tipqueue.db"
        summary.seconds = time.perf_counter() - started
        return summary

    # The sandbox: the loopback fake Instagram, for the demo's lifetime only.
    from tipqueue.instagram.fake.server import FakeInstagram

    fake = FakeInstagram(username=account.username).start()
    try:
        settings = load_settings(
            workspace,
            environ={},
            overrides={"accounts": {DEMO_ACCOUNT: {"sandbox_url": fake.base_url, "backend": "sandbox"}}},
        )
        _run_stages(settings, fake, summary, say, now or datetime.now(UTC))
    finally:
        fake.stop()
    summary.outputs["settings"] = workspace / CONFIG_FILE
    summary.outputs["store"] = workspace / "tipqueue.db"
    summary.seconds = time.perf_counter() - started
    return summary


def _run_stages(settings: Settings, fake: Any, summary: DemoSummary, say: Step, now: datetime) -> None:
    workspace = settings.workspace
    output = settings.output_dir

    say("Splitting the article into a series")
    from tipqueue.posts.series import split_to_folder

    article = workspace / "articles" / EXAMPLE_ARTICLE
    series = split_to_folder(article, workspace / "posts", settings, DEMO_ACCOUNT)
    tips = sum(1 for p in series.posts if p.kind.value == "tip")
    summary.lines.append(
        f"1. split '{series.article.title}': {len(series.posts)} posts (cover, {tips} tips, call to action); "
        f"{len(series.article.dropped)} boilerplate lines dropped"
    )
    summary.outputs["series"] = series.folder
    summary.outputs["review"] = series.folder / "review.md"

    say("Rendering the cards")
    from tipqueue.posts.render import render_folder

    report = render_folder([series.folder], settings, progress=False, jobs=1)
    if not report.ok:
        raise TipqueueError(f"the demo could not render every card: {report.failed}")
    summary.lines.append(
        f"2. rendered {len(report.rendered)} cards ({report.format}); every one passed Instagram's image checks"
    )
    if report.contact_sheet is not None:
        summary.outputs["contact sheet"] = report.contact_sheet

    say("Queueing the series into posting slots")
    from tipqueue.scheduler.queue import add_folders, open_store

    store = open_store(settings, now=now)
    try:
        added = add_folders(store, settings, [series.folder], now=now, approve=True).added
        first, last = added[0].scheduled_at, added[-1].scheduled_at
        assert first is not None and last is not None
        zone = settings.account(DEMO_ACCOUNT)[1].zone
        summary.lines.append(
            f"3. queued {len(added)} posts from {first.astimezone(zone):%a %d %b %H:%M} "
            f"to {last.astimezone(zone):%a %d %b %H:%M} ({zone.key})"
        )

        graph = settings.account(DEMO_ACCOUNT)[1].backend == "graph"
        route = "the Instagram API (media containers)" if graph else "instagrapi"
        say(f"Publishing through {route} to the sandbox, clock advanced slot by slot")
        published, clock = _publish_all(store, settings, [p.id for p in added])
        summary.lines.append(
            f"4. published {published} posts exactly once through {route} to the sandbox at {fake.base_url} "
            f"({len(fake.media_list())} media there)"
        )
        if graph:
            from tipqueue.demo_graph import publish_extras

            say("Publishing a carousel and a story through containers")
            carousel, story, clock = publish_extras(store, settings, DEMO_ACCOUNT, clock)
            fetched = sum(1 for f in fake.fetches if f.status == 200)
            comments = fake.media_list()[0]["comment_count"]
            summary.lines.append(
                f"4b. carousel {store.get_post(carousel).status.value} ({comments} first comment), story "
                f"{store.get_post(story).status.value}; the fake fetched all {fetched} images from the media "
                f"host, {len(fake.stories)} story live"
            )

        say("Sample readers reply to the call-to-action post")
        cta = next(p for p in store.list_posts() if p.collect_replies)
        if cta.media_id is None:
            raise TipqueueError("the call-to-action post was not published; see `tipqueue status`")
        entries = sample_replies()
        fake.seed_replies(entries, media_id=cta.media_id)

        say("Collecting replies and finding the gadgets readers name")
        from tipqueue.instagram.connect import connect
        from tipqueue.replies.collect import collect_replies

        source = connect(settings, DEMO_ACCOUNT)
        mentions = False
        if hasattr(source, "page_size"):  # the graph backend: small pages, so paging shows
            source.page_size = 10
            fake.add_tag("Tried the jaw tips from @clinic.demo with my gua sha", "sample.reader.a")
            fake.add_tag("@clinic.demo your cheek tip + my NuFace = glow", "sample.reader.b")
            mentions = True
        collected = collect_replies(store, source, now=clock + timedelta(hours=1), mentions=mentions)
        kinds = [r.kind.value for r in store.list_replies()]
        counted = ", ".join(f"{kinds.count(k)} {k}s" for k in ("comment", "reply", "mention") if k in kinds)
        summary.lines.append(
            f"5. collected {collected.added} sample replies (made-up demo data: {counted}) in "
            f"{collected.requests} requests; {collected.with_gadgets} name a gadget"
        )

        say("Writing the leaderboard, chart and exports")
        from tipqueue.replies.chart import ChartColours, write_chart
        from tipqueue.replies.export import export_leaderboard, export_replies, leaderboard
        from tipqueue.replies.lexicon import load_lexicon

        lexicon = load_lexicon(workspace)
        rows = leaderboard(store, lexicon)
        by_brand = leaderboard(store, lexicon, by="brand")
        top = ", ".join(f"{r.gadget} ({r.people} readers)" for r in by_brand[:3])
        summary.lines.append(f"6. gadget leaderboard: {len(rows)} gadgets named; top by brand: {top}")
        summary.outputs["leaderboard"] = output / "gadgets-leaderboard.csv"
        export_leaderboard(rows, summary.outputs["leaderboard"], "csv")
        summary.outputs["by brand"] = output / "gadgets-by-brand.csv"
        export_leaderboard(by_brand, summary.outputs["by brand"], "csv")
        summary.outputs["chart"] = write_chart(
            by_brand, output / "gadgets-chart.png", colours=ChartColours.of_brand(settings.brand)
        )
        zone = settings.account(DEMO_ACCOUNT)[1].zone
        for fmt in ("csv", "xlsx", "jsonl"):
            path = output / f"replies.{fmt}"
            export_replies(store, path, fmt, zone=zone)
            summary.outputs[f"replies {fmt}"] = path
    finally:
        store.close()


def _publish_all(store: Any, settings: Settings, ids: list[str]) -> tuple[int, datetime]:
    """Publish the queued posts by advancing a clock to each one's slot in turn."""
    from tipqueue.instagram.connect import connect
    from tipqueue.scheduler.publish import LazyPublishers, publish_due

    publishers = LazyPublishers([DEMO_ACCOUNT], lambda name: connect(settings, name))
    published = 0
    clock = datetime.now(UTC)
    for _ in range(len(ids) * 2):
        pending = [
            p for p in store.list_posts(statuses=[PostStatus.SCHEDULED, PostStatus.FAILED]) if p.id in ids
        ]
        if not pending:
            break
        due = min(
            p.next_attempt_at or p.scheduled_at for p in pending if (p.next_attempt_at or p.scheduled_at)
        )
        clock = due
        report = publish_due(store, publishers, now=clock, settings=settings, runner_id="demo")
        published += sum(1 for o in report.outcomes if o.outcome.value == "published")
    left = [
        p.id
        for p in store.list_posts(
            statuses=[PostStatus.SCHEDULED, PostStatus.FAILED, PostStatus.NEEDS_ATTENTION]
        )
    ]
    if left:
        raise TipqueueError(f"the demo could not publish {', '.join(left)}; see `tipqueue status`")
    return published, clock
