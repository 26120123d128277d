"""Render a series: every card of every post folder, in parallel, skipping what has not changed.

Each post folder gets ``card-1.jpg`` (``card-2.jpg`` ... for carousel slides) and its
``post.json`` slides point at them. ``.render.json`` in the folder records, per card, a digest of
everything that shaped it (text, layout, brand, font files, renderer version) and the sha256 of
the bytes written; a card whose digest is unchanged and whose file is intact is skipped. The same
inputs always give the same bytes. Every card is checked against Instagram's limits right after
it is written, and the series gets a contact sheet laid out like the profile grid.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PIL import Image
from tipqueue.config.errors import CardError, LimitError
from tipqueue.config.settings import Settings
from tipqueue.posts.cards import (
    BrandKit,
    CardLayout,
    brand_kit,
    card_inputs_digest,
    card_jpeg,
    card_text,
    draw_card,
    load_layout,
)
from tipqueue.posts.contrast import TEXT_MINIMUM, check_palette
from tipqueue.posts.folder import atomic_write_bytes, find_post_folders, read_post_folder, write_post
from tipqueue.posts.media_checks import check_image
from tipqueue.posts.models import Post, Slide

STATE_FILE = ".render.json"
CONTACT_SHEET = "contact-sheet.png"
#: Profile grid tiles are 3:4 since 2025; the grid crops each post's first image to that.
GRID_TILE = (360, 480)
STORY_TILE = (270, 480)
GRID_GAP = 4


def card_name(index: int) -> str:
    return f"card-{index + 1}.jpg"


@dataclass(frozen=True)
class RenderReport:
    """What a render did. ``failed`` holds (post id, one-line reason) for each refused card."""

    format: str
    rendered: tuple[Path, ...]
    skipped: tuple[Path, ...]
    failed: tuple[tuple[str, str], ...]
    contact_sheet: Path | None

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass(frozen=True)
class _Job:
    post_id: str
    folder: Path
    slide_index: int
    digest: str
    out: Path
    story: bool


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _read_state(folder: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _render_job(job: _Job, post: Post, layout: CardLayout, kit: BrandKit) -> tuple[str | None, str | None]:
    """Draw, write and check one card. Returns (sha256 of the file, None) or (None, reason)."""
    try:
        content = card_text(post, job.slide_index, kit)
        data = card_jpeg(draw_card(content, layout, kit))
        atomic_write_bytes(job.out, data)
        check_image(job.out, story=job.story)
    except (CardError, LimitError) as exc:
        job.out.unlink(missing_ok=True)
        return None, str(exc)
    return hashlib.sha256(data).hexdigest(), None


def _worker(args: tuple[_Job, Post, CardLayout, BrandKit]) -> tuple[str | None, str | None]:
    return _render_job(*args)


def _progress_bar(enabled: bool, total: int) -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("rendering cards"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        disable=not enabled or total == 0,
        transient=False,
    )


def render_folder(
    paths: Iterable[Path],
    settings: Settings,
    *,
    fmt: str | None = None,
    jobs: int | None = None,
    force: bool = False,
    progress: bool = True,
) -> RenderReport:
    """Render every card of the post folders under ``paths`` (series or post folders).

    Raises CardError before drawing anything when the brand palette is not legible; a card that
    cannot be drawn (text too long, a character no font has) is reported in ``failed`` and the
    others are still rendered.
    """
    layout = load_layout(fmt or settings.card_format, settings.workspace)
    folders = find_post_folders(paths)
    posts = [read_post_folder(f) for f in folders]
    # each post's cards carry its account's brand ([brand] with [accounts.NAME.brand])
    kits: dict[str | None, BrandKit] = {}
    for account in dict.fromkeys(p.account for p in posts) or [None]:
        kits[account] = brand_kit(settings, account)
        try:
            check_palette(kits[account].brand, min_accent=TEXT_MINIMUM if layout.inverts else 3.0)
        except CardError as exc:
            if kits[account].brand == settings.brand:
                raise
            # the colours come from [brand] with this account's [accounts.NAME.brand] over it
            raise CardError(
                f"{exc} (the brand of account {account!r}: [accounts.{account}.brand] over [brand])"
            ) from None

    todo: list[tuple[_Job, Post, BrandKit]] = []
    skipped: list[Path] = []
    failed: list[tuple[str, str]] = []
    states: dict[Path, dict[str, dict[str, str]]] = {}
    for folder, post in zip(folders, posts, strict=True):
        state = _read_state(folder)
        states[folder] = state
        kit = kits[post.account]
        for i in range(max(1, len(post.slides))):
            out = folder / card_name(i)
            try:
                digest = card_inputs_digest(card_text(post, i, kit), layout, kit)
            except CardError as exc:
                failed.append((post.id, str(exc)))
                continue
            known = state.get(out.name, {})
            if (
                not force
                and known.get("inputs") == digest
                and known.get("format") == layout.name
                and known.get("sha256") == _sha256(out)
            ):
                skipped.append(out)
                continue
            todo.append((_Job(post.id, folder, i, digest, out, layout.story), post, kit))

    results = _run(todo, layout, jobs=jobs, progress=progress)

    rendered: list[Path] = []
    for (job, _post, _kit), (sha, error) in zip(todo, results, strict=True):
        state = states[job.folder]
        if error is not None:
            failed.append((job.post_id, error))
            state.pop(job.out.name, None)
        else:
            assert sha is not None
            state[job.out.name] = {"inputs": job.digest, "sha256": sha, "format": layout.name}
            rendered.append(job.out)

    for folder, post in zip(folders, posts, strict=True):
        _update_folder(folder, post, states[folder])

    sheet = contact_sheet(folders, story=layout.story) if folders else None
    return RenderReport(
        format=layout.name,
        rendered=tuple(rendered),
        skipped=tuple(skipped),
        failed=tuple(failed),
        contact_sheet=sheet,
    )


def _run(
    todo: Sequence[tuple[_Job, Post, BrandKit]],
    layout: CardLayout,
    *,
    jobs: int | None,
    progress: bool,
) -> list[tuple[str | None, str | None]]:
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    args = [(job, post, layout, kit) for job, post, kit in todo]
    results: list[tuple[str | None, str | None]] = []
    if workers == 1:
        with _progress_bar(progress, len(args)) as bar:
            task = bar.add_task("cards", total=len(args))
            for item in args:
                results.append(_worker(item))
                bar.advance(task)
        return results
    # Start the pool (fork) before the progress bar starts its refresh thread.
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_worker, item) for item in args]
        with _progress_bar(progress, len(args)) as bar:
            task = bar.add_task("cards", total=len(args))
            for future in futures:
                results.append(future.result())
                bar.advance(task)
    return results


def _update_folder(folder: Path, post: Post, state: dict[str, dict[str, str]]) -> None:
    """Point post.json at the cards that exist, drop cards of removed slides, save the state."""
    count = max(1, len(post.slides))
    for name in list(state):
        if name.startswith("card-") and name not in {card_name(i) for i in range(count)}:
            (folder / name).unlink(missing_ok=True)
            del state[name]
    slides = list(post.slides) or [Slide(text=post.quote, alt_text=post.alt_text)]
    updated = []
    for i, slide in enumerate(slides):
        path = folder / card_name(i)
        image = path if card_name(i) in state and path.is_file() else None
        updated.append(replace(slide, image=image))
    if tuple(updated) != post.slides:
        write_post(replace(post, slides=tuple(updated)), folder)
    text = json.dumps(state, indent=2, sort_keys=True) + "\n"
    if _read_state(folder) != state:
        atomic_write_bytes(folder / STATE_FILE, text.encode("utf-8"))


def contact_sheet(folders: Sequence[Path], *, story: bool = False, out: Path | None = None) -> Path | None:
    """A PNG of the series as the profile grid shows it: 3 columns, newest (last) post first.

    Feed tiles are cropped to 3:4 from the middle, as the grid does; story tiles stay 9:16.
    Returns None when no post has a card yet.
    """
    firsts = [f / card_name(0) for f in reversed(folders) if (f / card_name(0)).is_file()]
    if not firsts:
        return None
    tile_w, tile_h = STORY_TILE if story else GRID_TILE
    rows = (len(firsts) + 2) // 3
    sheet = Image.new("RGB", (3 * tile_w + 2 * GRID_GAP, rows * tile_h + (rows - 1) * GRID_GAP), "white")
    for n, path in enumerate(firsts):
        with Image.open(path) as img:
            card = img.convert("RGB")
        scale = max(tile_w / card.width, tile_h / card.height)
        resized = card.resize(
            (round(card.width * scale), round(card.height * scale)), Image.Resampling.LANCZOS
        )
        left, top = (resized.width - tile_w) // 2, (resized.height - tile_h) // 2
        tile = resized.crop((left, top, left + tile_w, top + tile_h))
        row, col = divmod(n, 3)
        sheet.paste(tile, (col * (tile_w + GRID_GAP), row * (tile_h + GRID_GAP)))
    if out is None:
        parents = {f.resolve().parent for f in folders}
        out = (
            parents.pop() if len(parents) == 1 else Path(os.path.commonpath(list(parents)))
        ) / CONTACT_SHEET
    atomic_write_bytes(out, _png_bytes(sheet))
    return out


def _png_bytes(image: Image.Image) -> bytes:
    import io

    buf = io.BytesIO()
    image.save(buf, "PNG", optimize=False, compress_level=6)
    return buf.getvalue()
