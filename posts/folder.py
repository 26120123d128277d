"""Post folders: how a series lies on disk between splitting, review, rendering and queueing.

    <out>/<article-slug>/
        series.json        the article (title, author, hash), dropped text, post ids in order
        review.md          the whole series on one page, for a human reviewer
        01-cover/post.json one folder per post; staff edit post.json and set "approved": true
        01-cover/card-1.jpg  written by `tipqueue render` (one per slide)
        .series-write.json only while a split writes the series (see write_files_together)

``post.json`` is the one interface between the splitter, the card renderer and the queue.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from tipqueue.config.errors import InputError, NotFoundError
from tipqueue.posts.ids import check_post_id
from tipqueue.posts.models import MediaKind, Post, PostKind, PostStatus, Slide, split_hashtag_block

POST_FILE = "post.json"
SERIES_FILE = "series.json"
#: Written first by :func:`write_files_together`, removed last: a series write that was cut off.
JOURNAL_FILE = ".series-write.json"
#: 2: ``caption`` holds the text without the hashtags, which are the ``hashtags`` list alone.
#: Format 1 captions ended with a paragraph of the tags; reading one, that paragraph is dropped
#: and the list (what staff edit) is the post's hashtags.
FORMAT_VERSION = 2


def post_to_dict(post: Post) -> dict[str, Any]:
    """The JSON form of a post as staff see it (no queue state)."""
    return {
        "format": FORMAT_VERSION,
        "id": post.id,
        "kind": post.kind.value,
        "series_label": post.series_label,
        "position": post.position,
        "article_slug": post.article_slug,
        "approved": post.status is PostStatus.APPROVED,
        "media_kind": post.media_kind.value,
        "quote": post.quote,
        "caption": post.caption,
        "hashtags": list(post.hashtags),
        "alt_text": post.alt_text,
        "first_comment": post.first_comment,
        "collect_replies": post.collect_replies,
        "account": post.account,
        "slides": [
            {"text": s.text, "alt_text": s.alt_text, "image": s.image.name if s.image else None}
            for s in post.slides
        ],
    }


def _need(data: dict[str, Any], key: str, kind: type, where: Path) -> Any:
    value = data.get(key)
    if not isinstance(value, kind):
        raise InputError(
            f"{where}: field {key!r} is missing or not a {kind.__name__}; fix it or re-run `tipqueue split`"
        )
    return value


def post_from_dict(data: dict[str, Any], folder: Path) -> Post:
    where = folder / POST_FILE
    try:
        kind = PostKind(_need(data, "kind", str, where))
        media_kind = MediaKind(data.get("media_kind", "photo"))
    except ValueError as exc:
        raise InputError(f"{where}: {exc}; use one of cover/tip/cta and photo/carousel/story") from None
    slides = tuple(
        Slide(
            text=str(s.get("text", "")),
            alt_text=str(s.get("alt_text", "")),
            image=(folder / s["image"]) if s.get("image") else None,
        )
        for s in _need(data, "slides", list, where)
    )
    approved = data.get("approved", False)
    if not isinstance(approved, bool):
        raise InputError(f'{where}: "approved" must be true or false, not {approved!r}')
    caption = _need(data, "caption", str, where)
    tags = data.get("hashtags", [])
    if not isinstance(tags, list):
        raise InputError(
            f'{where}: "hashtags" must be a list of tags, e.g. ["skincare", "spf"], not {tags!r}'
        )
    hashtags = tuple(str(h).strip().lstrip("#") for h in tags if str(h).strip().lstrip("#"))
    if data.get("format", 1) == 1:
        caption, old_tags = split_hashtag_block(caption)
        if "hashtags" not in data:
            hashtags = old_tags
    return Post(
        id=check_post_id(_need(data, "id", str, where), str(where)),
        kind=kind,
        series_label=str(data.get("series_label", "")),
        quote=str(data.get("quote", "")),
        caption=caption,
        hashtags=hashtags,
        alt_text=str(data.get("alt_text", "")),
        first_comment=data.get("first_comment"),
        slides=slides,
        media_kind=media_kind,
        account=data.get("account"),
        status=PostStatus.APPROVED if approved else PostStatus.DRAFT,
        article_slug=str(data.get("article_slug", "")),
        position=int(data.get("position", 0)),
        collect_replies=bool(data.get("collect_replies", False)),
        source_dir=folder,
    )


def _process_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: The mode an ordinary open() would give a new file. mkstemp makes its files 0600, which would
#: leave post folders, cards and exports unreadable to the publishing service's user or a colleague.
FILE_MODE = 0o666 & ~_process_umask()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write a file so a crash never leaves it half-written; permissions follow the umask.

    An OSError names ``path`` (not the temporary file beside it).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise type(exc)(exc.errno, exc.strerror, str(path)) from exc
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(path: Path, text: str) -> None:
    """Write a text file (UTF-8) so a crash never leaves it half-written."""
    atomic_write_bytes(path, text.encode("utf-8"))


def _raw_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_files_together(folder: Path, files: Mapping[str, str], remove: Iterable[str] = ()) -> None:
    """Write ``files`` (path relative to ``folder`` -> text) and delete ``remove`` as one change.

    A series is many files, and the fingerprints that say which post.json staff edited are in
    series.json, written last. A run cut off half way (killed, the machine stopped) would leave
    new post.json files beside the old fingerprints, and the next run would take them for staff
    edits. So the whole change goes first into a journal (:data:`JOURNAL_FILE`, synced to disk),
    then into the files in the order given, and the journal is removed when all are done; a
    journal found later is finished by :func:`finish_interrupted_write` before anything is read.
    """
    gone = list(remove)
    journal = {
        "format": 1,
        "files": [
            {"path": rel, "before": _raw_hash(folder / rel), "text": text} for rel, text in files.items()
        ],
        "remove": [{"path": rel, "before": _raw_hash(folder / rel)} for rel in gone],
    }
    journal_path = folder / JOURNAL_FILE
    atomic_write(journal_path, json.dumps(journal, ensure_ascii=False))
    _fsync_file(journal_path)
    for rel, text in files.items():
        atomic_write(folder / rel, text)
    for rel in gone:
        (folder / rel).unlink(missing_ok=True)
    journal_path.unlink()


def finish_interrupted_write(folder: Path) -> list[str]:
    """Complete a :func:`write_files_together` that was cut off; return the files it wrote.

    Each file is brought to what the journal says unless someone changed it after the cut (it
    then holds neither its old content nor the new): that file is left as they made it. A journal
    that cannot be read is set aside as ``.series-write.json.broken`` rather than acted on.
    """
    journal_path = folder / JOURNAL_FILE
    if not journal_path.is_file():
        return []
    try:
        journal = json.loads(journal_path.read_text(encoding="utf-8"))
        files = [(str(f["path"]), f["before"], str(f["text"])) for f in journal["files"]]
        gone = [(str(f["path"]), f["before"]) for f in journal["remove"]]
    except (ValueError, KeyError, TypeError) as exc:
        broken = journal_path.with_name(JOURNAL_FILE + ".broken")
        os.replace(journal_path, broken)
        raise InputError(
            f"{journal_path} (the record of an interrupted write) cannot be read ({exc}); it was moved to "
            f"{broken.name}; check the series folder, then run `tipqueue split --force` to rewrite it"
        ) from None
    done: list[str] = []
    root = folder.resolve()
    for rel, before, text in files:
        path = folder / rel
        if not path.resolve().is_relative_to(root):
            continue  # never outside the series folder, whatever the journal says
        now = _raw_hash(path)
        if now == before or now == hashlib.sha256(text.encode("utf-8")).hexdigest():
            atomic_write(path, text)
            done.append(rel)
    for rel, before in gone:
        path = folder / rel
        if path.resolve().is_relative_to(root) and _raw_hash(path) == before and before is not None:
            path.unlink()
            done.append(rel)
    journal_path.unlink()
    return done


def post_folder_name(post: Post) -> str:
    return f"{post.position:02d}-{post.kind.value}"


def write_post(post: Post, folder: Path) -> Path:
    atomic_write(folder / POST_FILE, json.dumps(post_to_dict(post), indent=2, ensure_ascii=False) + "\n")
    return folder


def read_post_folder(folder: Path) -> Post:
    """Read one post folder (the folder, or its post.json)."""
    if folder.name == POST_FILE:
        folder = folder.parent
    # Absolute, so the store's image paths work from any folder cron or the daemon runs in.
    folder = folder.expanduser().resolve()
    path = folder / POST_FILE
    if not path.is_file():
        raise NotFoundError(f"{folder} has no {POST_FILE}; give a post folder made by `tipqueue split`")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path} is not valid JSON ({exc}); fix it or re-run `tipqueue split`") from None
    if not isinstance(data, dict):
        raise InputError(f"{path} must hold a JSON object; re-run `tipqueue split`")
    return post_from_dict(data, folder)


def find_post_folders(paths: Iterable[Path]) -> list[Path]:
    """Expand series folders and post folders into post folders, in series order."""
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise NotFoundError(
                f"{path} does not exist; give a series or post folder made by `tipqueue split`"
            )
        if (path / POST_FILE).is_file() or path.name == POST_FILE:
            found.append(path.parent if path.name == POST_FILE else path)
            continue
        children = sorted(p.parent for p in path.glob(f"*/{POST_FILE}"))
        if not children:
            raise NotFoundError(f"{path} holds no post folders; run `tipqueue split ARTICLE` first")
        found.extend(children)
    return found


def read_posts(paths: Iterable[Path]) -> list[Post]:
    return [read_post_folder(f) for f in find_post_folders(paths)]


def json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")
