"""Helpers shared by the store, queue, slot and migration tests (imported, not collected as tests)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from tipqueue.config.settings import Settings, load_settings
from tipqueue.posts.folder import write_post
from tipqueue.posts.models import MediaKind, Post, PostKind, PostStatus, Slide
from tipqueue.scheduler.store import normalise_url

PG_ENV = "TIPQUEUE_TEST_DATABASE_URL"
#: A fixed "now": Monday 2 March 2026, 12:00 UTC (before the US and UK clock changes).
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
ACCOUNT = "clinic"


def _pg_schema(base: str) -> Iterator[str]:
    from sqlalchemy import create_engine, text

    schema = f"tq_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalise_url(base))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def make_settings(workspace: Path, db_url: str, **account: object) -> Settings:
    acct: dict[str, object] = {
        "username": "clinic.demo",
        "timezone": "America/Los_Angeles",
        "slots": ["mon,wed,fri 09:00,18:30"],
        "daily_cap": 2,
        "min_spacing_minutes": 60,
    }
    acct.update(account)
    return load_settings(
        workspace,
        overrides={"database_url": db_url, "accounts": {ACCOUNT: acct}},
        environ={},
        check_files=False,
    )


def jpeg(path: Path, size: tuple[int, int] = (1080, 1350)) -> Path:
    from PIL import Image

    Image.new("RGB", size, "#d8c8b8").save(path, "JPEG", quality=60)
    return path


def make_post(
    post_id: str,
    *,
    status: PostStatus = PostStatus.SCHEDULED,
    scheduled_at: datetime | None = None,
    account: str | None = ACCOUNT,
    caption: str | None = None,
    slides: tuple[Slide, ...] | None = None,
) -> Post:
    return Post(
        id=post_id,
        kind=PostKind.TIP,
        series_label="1/3",
        quote=f"Quote of {post_id}",
        caption=caption if caption is not None else f"Tip {post_id}. #skincare",
        hashtags=("skincare",),
        alt_text="A quote card",
        slides=slides if slides is not None else (Slide(text="quote", alt_text="A quote card"),),
        account=account,
        status=status,
        scheduled_at=scheduled_at,
        article_slug="facial",
        position=1,
    )


def make_series(root: Path, count: int = 3, *, approved: bool = True, render: bool = True) -> Path:
    """A series folder as `tipqueue split` + `tipqueue render` leave it."""
    series = root / "facial"
    for n in range(1, count + 1):
        folder = series / f"{n:02d}-tip"
        folder.mkdir(parents=True, exist_ok=True)
        image = jpeg(folder / "card-1.jpg") if render else None
        post = Post(
            id=f"facial-{n:02d}",
            kind=PostKind.TIP,
            series_label=f"{n}/{count}",
            quote=f"Tip number {n}",
            caption=f"Tip number {n} for your face. #skincare #dermatology",
            hashtags=("skincare", "dermatology"),
            alt_text=f"Card with tip {n}",
            slides=(Slide(text=f"Tip number {n}", alt_text=f"Card with tip {n}", image=image),),
            media_kind=MediaKind.PHOTO,
            status=PostStatus.APPROVED if approved else PostStatus.DRAFT,
            article_slug="facial",
            position=n,
        )
        write_post(post, folder)
    (series / "series.json").write_text(json.dumps({"posts": count}), encoding="utf-8")
    return series
