"""Shared pieces for the publish, daemon, alert and crash tests (no tests of its own).

A real store on SQLite (always) and on PostgreSQL (when TIPQUEUE_TEST_DATABASE_URL is set, each
test in a schema of its own), posts with real JPEG files, and a small in-test Publisher whose
faults are scripted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from tipqueue.config.errors import AuthRequired, InstagramError
from tipqueue.config.settings import Settings, load_settings
from tipqueue.posts.models import MediaKind, Post, PostKind, PostStatus, PublishedMedia, Slide
from tipqueue.scheduler.store import Store

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ACCOUNT = "clinic"
PG_URL = os.environ.get("TIPQUEUE_TEST_DATABASE_URL")

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(not PG_URL, reason="TIPQUEUE_TEST_DATABASE_URL is not set"),
        ],
    ),
]


def pg_schema_url(base: str) -> Iterator[str]:
    """A fresh schema on the test PostgreSQL, dropped afterwards; the URL points at it."""
    import psycopg

    schema = f"tq_pub_{uuid.uuid4().hex[:10]}"
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'tipqueue.db'}"
    else:
        assert PG_URL is not None
        yield from pg_schema_url(PG_URL)


def make_settings(workspace: Path, db_url: str, **publish: object) -> Settings:
    overrides: dict[str, object] = {
        "database_url": db_url,
        "accounts": {ACCOUNT: {"username": "clinic.demo", "delay_range": [0, 0]}},
        "publish": {"backoff_seconds": 60, "max_attempts": 3, "grace_minutes": 30, **publish},
    }
    return load_settings(workspace, overrides=overrides, environ={})


def jpeg(path: Path, colour: str = "#88aacc") -> Path:
    from PIL import Image

    Image.new("RGB", (1080, 1350), colour).save(path, "JPEG", quality=70)
    return path


def make_post(
    folder: Path,
    post_id: str,
    *,
    at: datetime = T0,
    caption: str | None = None,
    kind: MediaKind = MediaKind.PHOTO,
    slides: int = 1,
    first_comment: str | None = None,
    account: str = ACCOUNT,
) -> Post:
    """A scheduled post with real JPEGs in its own folder."""
    post_dir = folder / post_id
    post_dir.mkdir(parents=True, exist_ok=True)
    images = [jpeg(post_dir / f"card-{i}.jpg") for i in range(1, slides + 1)]
    return Post(
        id=post_id,
        kind=PostKind.TIP,
        series_label="1/1",
        quote=f"Quote of {post_id}",
        caption=caption if caption is not None else f"Tip {post_id}: relax your jaw.\n\n#skincare",
        alt_text=f"Card for {post_id}",
        first_comment=first_comment,
        slides=tuple(
            Slide(text=f"slide {i}", alt_text=f"alt {post_id} {i}", image=img)
            for i, img in enumerate(images, start=1)
        ),
        media_kind=kind,
        account=account,
        status=PostStatus.SCHEDULED,
        scheduled_at=at,
        source_dir=post_dir,
    )


def open_store(url: str) -> Store:
    store = Store.open(url)
    store.ensure_account(ACCOUNT, username="clinic.demo", timezone="UTC", now=T0 - timedelta(days=1))
    return store


@dataclass
class Sent:
    kind: str
    images: list[Path]
    caption: str
    alt_texts: list[str]


@dataclass
class FakePublisher:
    """An in-test Publisher: keeps what was "posted", raises the faults it is given, in order.

    A fault given with ``live=True`` is raised AFTER the media went live (a dropped connection
    after configure): the media exists, the caller only sees the error.
    """

    account: str = ACCOUNT
    clock: datetime = T0
    media: list[PublishedMedia] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    comments: list[tuple[str, str]] = field(default_factory=list)
    faults: list[tuple[InstagramError, bool]] = field(default_factory=list)
    recent_faults: list[InstagramError] = field(default_factory=list)
    relogins: int = 0
    relogin_fixes: bool = True
    recent_calls: int = 0
    captionless: bool = False  # Instagram drops the caption of what goes live

    def fail_next(self, exc: InstagramError, *, live: bool = False) -> None:
        self.faults.append((exc, live))

    def _post(
        self, kind: str, images: list[Path], caption: str, alts: list[str], on_send: Any = None
    ) -> PublishedMedia:
        fault = self.faults.pop(0) if self.faults else None
        if fault is not None and not fault[1]:
            raise fault[0]
        n = len(self.media) + 1
        if on_send is not None:
            on_send([f"up{n}"])
        self.sent.append(Sent(kind, images, caption, alts))
        media = PublishedMedia(
            media_id=f"{1000 + n}_42",
            code=f"C{n:04d}",
            taken_at=self.clock,
            caption="" if self.captionless else caption,
            caption_missing=self.captionless,
            media_type={"carousel": 8, "photo": 1}.get(kind, 0),  # 0: a story (never in the feed)
            slides=len(images),
            width=1080,
            height=1350,
            ids=(f"{1000 + n}_42", f"up{n}"),
        )
        self.media.insert(0, media)
        if fault is not None:
            raise fault[0]
        return media

    def publish_photo(
        self, image: Path, caption: str, *, alt_text: str = "", on_send: Any = None
    ) -> PublishedMedia:
        return self._post("photo", [image], caption, [alt_text], on_send)

    def publish_carousel(
        self, images: Sequence[Path], caption: str, *, alt_texts: Sequence[str], on_send: Any = None
    ) -> PublishedMedia:
        return self._post("carousel", list(images), caption, list(alt_texts), on_send)

    def publish_story(self, image: Path, *, on_send: Any = None) -> PublishedMedia:
        return self._post("story", [image], "", [], on_send)

    def recent_media(self, *, limit: int = 20) -> list[PublishedMedia]:
        self.recent_calls += 1
        if self.recent_faults:
            raise self.recent_faults.pop(0)
        # the feed lists media ids, never the upload ids of the attempts
        return [replace(m, ids=(m.media_id,)) for m in self.media if m.media_type][:limit]

    def comment(self, media_id: str, text: str) -> str:
        self.comments.append((media_id, text))
        return f"c{len(self.comments)}"

    def delete(self, media_id: str) -> None:
        self.media = [m for m in self.media if m.media_id != media_id]

    def relogin(self) -> None:
        self.relogins += 1
        if self.relogin_fixes:
            self.faults = [(e, live) for e, live in self.faults if not isinstance(e, AuthRequired)]


class CountingMapping(dict[str, FakePublisher]):
    """A publishers mapping that counts how often a publisher was asked for (laziness checks)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.lookups = 0

    def __getitem__(self, key: str) -> FakePublisher:
        self.lookups += 1
        return super().__getitem__(key)


# --- the fake Instagram, through the REAL instagrapi client (sandbox backend) ---


def write_sandbox_workspace(
    workspace: Path, fake: Any, db_url: str, *, account_lines: str = "", **publish: object
) -> Settings:
    """tipqueue.toml for a sandbox account ``clinic`` on ``fake``, a saved session it accepts.

    ``account_lines``: more TOML lines for ``[accounts.clinic]`` (e.g. ``daily_cap = 50``).
    """
    from tipqueue.instagram.client import session_path, write_session

    workspace.mkdir(parents=True, exist_ok=True)
    publish_lines = "".join(f"{k} = {json.dumps(v)}\n" for k, v in publish.items())
    (workspace / "tipqueue.toml").write_text(
        f"database_url = {json.dumps(db_url)}\n"
        f'default_account = "{ACCOUNT}"\n\n'
        f"[accounts.{ACCOUNT}]\n"
        f'username = "{ACCOUNT}"\nbackend = "sandbox"\n'
        f"sandbox_url = {json.dumps(fake.base_url)}\ndelay_range = [0.0, 0.0]\n{account_lines}\n"
        f"[publish]\n{publish_lines}",
        encoding="utf-8",
    )
    settings = load_settings(workspace, environ={})
    write_session(session_path(settings.sessions_dir, ACCOUNT), fake.issue_session(ACCOUNT))
    return settings


def make_due_now(db_url: str, post_ids: Sequence[str]) -> None:
    """Bring these scheduled posts' time to now, as waiting would (no sleeping in tests)."""
    from sqlalchemy import create_engine, update
    from tipqueue.scheduler import db
    from tipqueue.scheduler.store import normalise_url

    past = datetime.now(UTC) - timedelta(seconds=5)
    engine = create_engine(normalise_url(db_url))
    try:
        with engine.begin() as conn:
            conn.execute(
                update(db.posts)
                .where(db.posts.c.id.in_(list(post_ids)), db.posts.c.status == PostStatus.SCHEDULED.value)
                .values(scheduled_at=past, due_at=past)
            )
    finally:
        engine.dispose()


def retry_now(db_url: str) -> None:
    """Bring every failed post's retry time to now, as waiting would."""
    from sqlalchemy import create_engine, update
    from tipqueue.scheduler import db
    from tipqueue.scheduler.store import normalise_url

    past = datetime.now(UTC) - timedelta(seconds=5)
    engine = create_engine(normalise_url(db_url))
    try:
        with engine.begin() as conn:
            conn.execute(
                update(db.posts)
                .where(db.posts.c.status == PostStatus.FAILED.value)
                .values(next_attempt_at=past, due_at=past)
            )
    finally:
        engine.dispose()


def expire_leases(db_url: str) -> int:
    """Make every claim look older than its lease, as time would (no sleeping in tests)."""
    from sqlalchemy import create_engine, update
    from tipqueue.scheduler import db
    from tipqueue.scheduler.store import normalise_url

    past = datetime.now(UTC) - timedelta(hours=1)
    engine = create_engine(normalise_url(db_url))
    try:
        with engine.begin() as conn:
            result = conn.execute(
                update(db.posts)
                .where(db.posts.c.status == PostStatus.PUBLISHING.value)
                .values(lease_expires_at=past, due_at=past)
            )
            return int(result.rowcount)
    finally:
        engine.dispose()


def captions_on_instagram(fake: Any) -> list[str]:
    return [m["caption"] for m in fake.media_list() if not m["deleted"]]


# --- real processes ---

TIPQUEUE_BIN = str(Path(sys.executable).with_name("tipqueue"))


def cli_env(workspace: Path, **extra: str) -> dict[str, str]:
    """A small, cron-like environment: no inherited TIPQUEUE_* settings, no real keyring."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(workspace),
        "TIPQUEUE_HOME": str(workspace),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        "LANG": "C.UTF-8",
        **extra,
    }


def run_cli(workspace: Path, *args: str, timeout: float = 90, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [TIPQUEUE_BIN, *args],
        cwd=workspace,
        env=cli_env(workspace, **env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start_cli(workspace: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [TIPQUEUE_BIN, *args],
        cwd=workspace,
        env=cli_env(workspace, **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


# --- the official-API backend: the loopback Graph fake and `tipqueue web` as the media host ---

#: Which Instagram backend a test drives: instagrapi (against the sandbox fake) or the Graph API.
INSTAGRAM_BACKENDS = ["instagrapi", "graph"]


def graph_workspace(workspace: Path, db_url: str, **publish: object) -> Any:
    """A started FakeGraph, `tipqueue web` serving the workspace's media, and the Settings.

    Returns (fake, settings, stop) where ``stop()`` shuts both down.
    """
    from contextlib import ExitStack

    from tipqueue.instagram.graph.fake import FakeGraph

    from tests.instagram.graph.kit import free_port, serving_web, write_graph_workspace

    stack = ExitStack()
    fake = stack.enter_context(FakeGraph(polls_to_finish=1, hang_seconds=0.5))
    port = free_port()
    settings = write_graph_workspace(
        workspace,
        fake,
        db_url,
        media={"kind": "web", "public_base_url": f"http://127.0.0.1:{port}"},
        **publish,
    )
    stack.enter_context(serving_web(settings, port=port))
    return fake, settings, stack.close


@dataclass
class GraphPublisher(FakePublisher):
    """FakePublisher's scripted faults, but every post really goes out through the graph backend.

    The real GraphAccount (httpx) publishes to a Graph fake that fetches each image from
    `tipqueue web`; the fake's clock follows ``clock``, so media are taken at the engine's time and
    reconciliation reads them back from the fake. A fault given with ``live=True`` is raised after
    the media went live, as FakePublisher does.
    """

    graph: Any = None
    fake: Any = None
    card: Path | None = None

    def _post(
        self, kind: str, images: list[Path], caption: str, alts: list[str], on_send: Any = None
    ) -> PublishedMedia:
        fault = self.faults.pop(0) if self.faults else None
        if fault is not None and not fault[1]:
            raise fault[0]
        self.sent.append(Sent(kind, images, caption, alts))
        when = self.clock.timestamp()
        self.fake.clock = lambda: when
        real = [p if Path(p).is_file() else self.card for p in images]
        if kind == "photo":
            media = self.graph.publish_photo(real[0], caption, alt_text=alts[0], on_send=on_send)
        elif kind == "carousel":
            media = self.graph.publish_carousel(real, caption, alt_texts=alts, on_send=on_send)
        else:
            media = self.graph.publish_story(real[0], on_send=on_send)
        self.media.insert(0, media)
        if fault is not None:
            raise fault[0]
        return media  # type: ignore[no-any-return]

    def recent_media(self, *, limit: int = 20) -> list[PublishedMedia]:
        self.recent_calls += 1
        if self.recent_faults:
            raise self.recent_faults.pop(0)
        return self.graph.recent_media(limit=limit)  # type: ignore[no-any-return]

    def comment(self, media_id: str, text: str) -> str:
        self.comments.append((media_id, text))
        return str(self.graph.comment(media_id, text))


@dataclass
class MediaServer:
    """`tipqueue web` serving one media folder for a whole test module (signed links)."""

    host: Any
    stop: Any


def media_server(root: Path) -> MediaServer:
    from contextlib import ExitStack

    from tipqueue.instagram.graph.hosting import WebMediaHost, load_link_secret, media_folder, secret_path

    from tests.instagram.graph.kit import free_port, serving_web

    port = free_port()
    ws = root / "media-ws"
    ws.mkdir(parents=True, exist_ok=True)
    settings = load_settings(ws, overrides={"database_url": f"sqlite:///{ws / 'web.db'}"}, environ={})
    stack = ExitStack()
    stack.enter_context(serving_web(settings, port=port))
    host = WebMediaHost(media_folder(ws), f"http://127.0.0.1:{port}", load_link_secret(secret_path(ws), {}))
    return MediaServer(host, stack.close)


def graph_publisher(server: MediaServer, folder: Path) -> tuple[GraphPublisher, Any]:
    """A GraphPublisher on a fresh Graph fake; returns it and the fake (stop it afterwards)."""
    from tipqueue.instagram.graph.client import GraphAccount
    from tipqueue.instagram.graph.fake import FakeGraph

    fake = FakeGraph(polls_to_finish=1).start()
    token = fake.issue_token(lifetime=10 * 365 * 86400)
    account = GraphAccount(
        ACCOUNT,
        ig_user_id=fake.ig_user_id,
        token=lambda: token,
        media_host=server.host,
        base_url=f"{fake.base_url}/v24.0",
        poll_interval=0.01,
    )
    folder.mkdir(parents=True, exist_ok=True)
    return GraphPublisher(graph=account, fake=fake, card=jpeg(folder / "stand-in.jpg")), fake
