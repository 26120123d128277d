"""The publish engine's exactly-once guarantees on the graph backend (in-process, real store).

test_publish_engine.py scripts faults at the Publisher protocol, which no backend can tell
apart; here the same situations are produced for real: the REAL GraphAccount against the Graph
fake (images fetched from `tipqueue web`), a runner dying at each step, runners racing in
threads, an unknown outcome at media_publish, a story whose outcome is unknown.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tipqueue.config.settings import Settings
from tipqueue.instagram.connect import connector
from tipqueue.posts.models import MediaKind, PostStatus
from tipqueue.scheduler.publish import LazyPublishers, Outcome, PublishReport, publish_due
from tipqueue.scheduler.store import Store

from tests.scheduler.test_publish_kit import (
    ACCOUNT,
    BACKENDS,
    database_url,
    graph_workspace,
    make_post,
    open_store,
)


@dataclass
class Graph:
    fake: Any
    store: Store
    settings: Settings
    folder: Path
    t0: datetime

    def run(self, after: timedelta, runner: str = "r1", **kw: Any) -> PublishReport:
        publishers = LazyPublishers([ACCOUNT], connector(self.settings))
        return publish_due(
            self.store, publishers, now=self.t0 + after, settings=self.settings, runner_id=runner, **kw
        )

    def add(self, *ids: str, **kw: Any) -> None:
        self.store.add_posts(
            [make_post(self.folder, i, at=self.t0, **kw) for i in ids], now=self.t0 - timedelta(hours=1)
        )

    def live_captions(self) -> Counter[str]:
        return Counter(m["caption"] for m in self.fake.media_list())


@pytest.fixture(params=BACKENDS)
def graph(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Graph]:
    urls = database_url(request.param, tmp_path)
    url = next(urls)
    store = open_store(url)
    fake, settings, stop = graph_workspace(tmp_path / "ws", url)
    try:
        yield Graph(fake, store, settings, tmp_path / "posts", datetime.now(UTC).replace(microsecond=0))
    finally:
        stop()
        store.close()
    for _ in urls:
        pass


def _crash_after(graph: Graph, step: str) -> None:
    class Died(BaseException):
        pass

    def hooks(name: str, post: object) -> None:
        if name == step:
            raise Died

    with pytest.raises(Died):
        graph.run(timedelta(minutes=1), runner="dead", hooks=hooks)


@pytest.mark.parametrize("step", ["after_claim", "before_send", "after_send"])
def test_a_runner_dying_at_any_step_is_taken_over_and_the_post_is_live_once(graph: Graph, step: str) -> None:
    graph.add("tip-01")
    _crash_after(graph, step)
    assert graph.store.get_post("tip-01").status is PostStatus.PUBLISHING
    assert graph.run(timedelta(minutes=5), runner="other").outcomes == []  # within the lease
    report = graph.run(timedelta(minutes=12), runner="other")
    post = graph.store.get_post("tip-01")
    assert post.status is PostStatus.PUBLISHED
    assert graph.live_captions() == Counter({post.caption: 1})
    assert post.media_id == graph.fake.media_list()[0]["media_id"]
    assert report.outcomes[0].outcome is (Outcome.RECOVERED if step == "after_send" else Outcome.PUBLISHED)


def test_racing_runners_in_threads_publish_each_post_once(graph: Graph) -> None:
    ids = [f"p{i:02d}" for i in range(8)]
    graph.add(*ids)
    errors: list[BaseException] = []

    def runner(name: str) -> None:
        try:
            graph.run(timedelta(minutes=1), runner=name)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=runner, args=(f"r{i}",)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    assert graph.live_captions() == Counter({graph.store.get_post(i).caption: 1 for i in ids})
    assert all(graph.store.get_post(i).status is PostStatus.PUBLISHED for i in ids)


def test_an_unknown_outcome_that_went_live_is_recorded_not_resent(graph: Graph) -> None:
    graph.add("tip-01")
    graph.fake.fail_next(r"/media_publish$", "500_after_publish")
    report = graph.run(timedelta(minutes=1))
    post = graph.store.get_post("tip-01")
    assert report.outcomes[0].outcome is Outcome.PUBLISHED and post.status is PostStatus.PUBLISHED
    assert graph.live_captions() == Counter({post.caption: 1})
    assert len(graph.fake.requests_to(r"/media_publish$")) == 1


def test_a_carousel_and_a_story_go_out_through_containers_with_a_first_comment(
    graph: Graph, tmp_path: Path
) -> None:
    fake, settings, stop = graph_workspace(tmp_path / "ws2", graph.settings.db_url, first_comment=True)
    try:
        graph.fake, graph.settings = fake, settings
        graph.store.add_posts(
            [
                make_post(
                    graph.folder, "car", at=graph.t0, kind=MediaKind.CAROUSEL, slides=3, first_comment="#jaw"
                ),
                make_post(graph.folder, "sto", at=graph.t0, kind=MediaKind.STORY),
            ],
            now=graph.t0,
        )
        graph.run(timedelta(minutes=1))
        (album,) = fake.media_list()
        assert album["kind"] == "carousel" and album["alt_texts"] == ["alt car 1", "alt car 2", "alt car 3"]
        assert album["comment_count"] == 1
        assert graph.store.get_post("sto").media_id == fake.story_list()[0]["media_id"]
        assert len(fake.fetches) == 4 and all(f.status == 200 for f in fake.fetches)
    finally:
        stop()
