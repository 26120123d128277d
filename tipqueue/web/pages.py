"""The server-rendered pages. Each view parses its input, calls one library function, renders."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from tipqueue.config.errors import InputError, NotFoundError, TipqueueError
from tipqueue.posts.models import EDITABLE_STATUSES, Post, PostStatus
from tipqueue.scheduler import drafts, queue
from tipqueue.scheduler.history import sentence, when
from tipqueue.scheduler.notices import dismiss, open_notices
from tipqueue.scheduler.publish_now import PUBLISHABLE_NOW
from tipqueue.web.api import RollupBy
from tipqueue.web.app import error_status
from tipqueue.web.calendar import build_calendar, calendar_bounds
from tipqueue.web.context import Dashboard
from tipqueue.web.draft_review import series_review
from tipqueue.web.security import csrf_protect

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

NAV = (
    ("/calendar", "Calendar", "calendar"),
    ("/drafts", "Drafts", "drafts"),
    ("/grid", "Grid", "grid"),
    ("/accounts", "Accounts", "accounts"),
    ("/replies", "Replies", "replies"),
)
#: What a finished action says; only these fixed texts are ever shown from a URL.
NOTICES = {
    "approved": "Approved.",
    "rescheduled": "Rescheduled.",
    "cancelled": "Cancelled: this post will not be published.",
    "edited": "Changes saved.",
    "published": "Published.",
    "dismissed": "Alert dismissed.",
    "draft-saved": "Draft saved to its post.json.",
    "shared-next": "It goes out next.",
    "paused": "Publishing paused for this account.",
    "resumed": "Publishing resumed for this account.",
}
TROUBLE = (PostStatus.FAILED, PostStatus.NEEDS_ATTENTION)
STATIC = Path(__file__).with_name("static")
CARD_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


def dash(request: Request) -> Dashboard:
    dashboard: Dashboard = request.app.state.dashboard
    return dashboard


def render(
    request: Request, name: str, context: dict[str, Any], *, status: int = 200, section: str = ""
) -> Response:
    d = dash(request)
    done = request.query_params.get("done", "")
    try:
        attention = d.store.count_status(PostStatus.NEEDS_ATTENTION)
    except TipqueueError:
        attention = 0
    zone = d.zone(None)
    base = {
        "title": context.get("heading", "tipqueue"),
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "nav": NAV,
        "section": section,
        "show_nav": name != "login.html",
        "notice": NOTICES.get(done),
        "error": None,
        "attention_count": attention,
        "now_local": d.now().astimezone(zone).strftime("%a %d %b %H:%M ") + str(zone),
        "token_mode": d.token_mode,
    }
    base.update(context)
    templates = request.app.state.templates
    return templates.TemplateResponse(request, name, base, status_code=status)  # type: ignore[no-any-return]


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


# --- sign in (only when a token is required) ---


@router.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for /favicon.ico whatever the page says: the same icon, never a 404."""
    return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")


@router.get("/login")
def login_form(request: Request) -> Response:
    if not dash(request).token_mode:
        return _redirect("/calendar")
    return render(request, "login.html", {"title": "Sign in"})


@router.post("/login")
def login(request: Request, token: str = Form("")) -> Response:
    guard = request.app.state.guard
    wait = guard.retry_after(request)
    if wait or not guard.try_token(request, token):
        error = f"Too many wrong tokens; try again in {wait} seconds." if wait else "That token is not right."
        page = render(
            request, "login.html", {"title": "Sign in", "error": error}, status=429 if wait else 401
        )
        if wait:
            page.headers["retry-after"] = str(wait)
        return page
    response = _redirect("/calendar")
    guard.sign_in(request, response)
    return response


# --- the calendar ---


@router.get("/")
def home() -> Response:
    return _redirect("/calendar")


def _parse_day(value: str | None, fallback: date) -> date:
    if not value:
        return fallback
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"date {value!r} is not a date; write it as YYYY-MM-DD") from None


def _known_account(d: Dashboard, account: str | None) -> str | None:
    if account and account not in d.settings.accounts:
        raise NotFoundError(
            f"unknown account {account!r}; pick one of {', '.join(d.account_names) or 'none'}"
        )
    return account or d.default_account


#: Posts drawn on one calendar page at most; the slots waiting for a post shown at most.
CALENDAR_MAX = 5000
UNSCHEDULED_SHOWN = 50


@router.get("/calendar")
def calendar_page(
    request: Request,
    view: Literal["week", "month"] = "week",
    date_: str | None = Query(None, alias="date"),
    account: str | None = None,
) -> Response:
    d = dash(request)
    name = _known_account(d, account)
    zone = d.zone(name)
    today = d.now().astimezone(zone).date()
    anchor = _parse_day(date_, today)
    start, end = calendar_bounds(view, anchor, zone)
    with d.store.snapshot():  # the page's reads (the range, the waiting posts, the counts) in one
        # only the shown range is read (an index range on account and time), and the first of
        # the posts waiting for a slot
        shown = d.store.list_posts(account=name, since=start, until=end, limit=CALENDAR_MAX)
        cal = build_calendar(view, anchor, zone, shown, today)
        unscheduled = d.store.list_posts(
            statuses=EDITABLE_STATUSES, account=name, scheduled=False, limit=UNSCHEDULED_SHOWN
        )
        return render(
            request,
            "calendar.html",
            {
                "title": "Calendar",
                "cal": cal,
                "today": today,
                "zone_name": str(zone),
                "unscheduled": unscheduled,
                "accounts": d.account_names,
                "account": name,
                "account_q": f"&account={name}" if account else "",
            },
            section="calendar",
        )


# --- a post ---


def post_page(
    request: Request,
    post_id: str,
    *,
    error: str | None = None,
    status: int = 200,
    kept: dict[str, Any] | None = None,
) -> Response:
    """The post page; after a refused change, ``kept`` holds what was typed so it is shown again."""
    d = dash(request)
    post = d.store.get_post(post_id)
    zone = d.post_zone(post)
    local = post.scheduled_at.astimezone(zone) if post.scheduled_at else None
    suggested = local or (d.now().astimezone(zone) + timedelta(days=1)).replace(
        minute=0, second=0, microsecond=0
    )
    return render(
        request,
        "post.html",
        {
            "title": f"Post {post.series_label or post.kind.value}",
            "post": post,
            "zone": zone,
            "zone_name": str(zone),
            "scheduled_local": local,
            "local_date": local.date() if local else "",
            "at_value": (kept or {}).get("at") or suggested.strftime("%Y-%m-%dT%H:%M"),
            "kept": kept or {},
            "editable": post.status in EDITABLE_STATUSES,
            "hashtag_limit": d.settings.hashtag_limit,
            "first_comment_on": d.settings.publish.first_comment,
            "can_approve": post.status in (PostStatus.DRAFT, PostStatus.APPROVED),
            "can_move": post.status in queue.MOVABLE,
            "can_cancel": post.status in queue.CANCELLABLE,
            "can_publish_now": post.status in PUBLISHABLE_NOW,
            "history": _history(d, post, zone),
            "error": error,
            "compliance": _compliance(d, post),
            "is_draft": False,
            "action_base": f"/posts/{quote(post.id, safe='')}",
            "card_base": f"/cards/{quote(post.id, safe='')}",
        },
        status=status,
        section="calendar",
    )


def _compliance(d: Dashboard, post: Post) -> Any:
    """The claims flags, patient data and sign-off state shown on the post page."""
    from tipqueue.scheduler.review import review_stored

    return review_stored(d.store, d.settings, [post])[0]


def _history(d: Dashboard, post: Any, zone: tzinfo) -> list[tuple[str, str]]:
    """(when, sentence) for each change of the post, in the account's zone."""
    events = d.store.history(post.id)
    others = sorted(
        {e.detail.removeprefix("took the time of ") for e in events if e.event == "swapped" and e.detail}
    )
    handles: dict[str, str] = {}
    with contextlib.suppress(NotFoundError):
        handles = {p.id: p.ref for p in d.store.get_posts(others)}
    return [(when(e.at, zone), sentence(e, zone, handles)) for e in events]


@router.get("/posts/{post_id}")
def show_post(request: Request, post_id: str) -> Response:
    return post_page(request, post_id)


def _act(
    request: Request,
    post_id: str,
    done: str,
    action: Callable[[Dashboard], object],
    kept: dict[str, Any] | None = None,
) -> Response:
    """Run one queue operation; on success back to the post, else the post page with the error
    and the form as it was typed (``kept``), so a refused edit does not throw the typing away."""
    try:
        action(dash(request))
    except NotFoundError:
        raise
    except TipqueueError as exc:
        return post_page(request, post_id, error=str(exc), status=error_status(exc), kept=kept)
    return _redirect(f"/posts/{quote(post_id, safe='')}?done={done}")


@router.post("/posts/{post_id}/approve")
def approve_post(request: Request, post_id: str) -> Response:
    return _act(
        request, post_id, "approved", lambda d: queue.approve(d.store, d.settings, [post_id], now=d.now())
    )


@router.post("/posts/{post_id}/reschedule")
def reschedule_post(request: Request, post_id: str, at: str = Form(..., max_length=40)) -> Response:
    return _act(
        request,
        post_id,
        "rescheduled",
        lambda d: queue.move(d.store, d.settings, post_id, at, now=d.now()),
        kept={"at": at},
    )


@router.post("/posts/{post_id}/publish-now")
def publish_now_post(request: Request, post_id: str) -> Response:
    """Publish the post now through the publish engine's claim (the same path as cron)."""
    from tipqueue.scheduler.alerts import notifier
    from tipqueue.scheduler.publish import runner_name
    from tipqueue.scheduler.publish_now import publish_now

    d = dash(request)
    try:
        result = publish_now(
            d.store,
            d.settings,
            post_id,
            publishers=d.publishers(),
            clock=d.now,
            runner_id=runner_name("web"),
            notify=notifier(d.store, d.settings, clock=d.now),
        )
    except NotFoundError:
        raise
    except TipqueueError as exc:
        return post_page(request, post_id, error=str(exc), status=error_status(exc))
    if result.outcome is None:
        message = f"another runner took this post first; it is {result.post.status.value}"
        return post_page(request, post_id, error=message, status=409)
    if result.outcome.problem:
        return post_page(request, post_id, error=f"Not published: {result.outcome.detail}", status=409)
    return _redirect(f"/posts/{quote(post_id, safe='')}?done=published")


@router.post("/posts/{post_id}/share-next")
def share_next_post(request: Request, post_id: str) -> Response:
    from tipqueue.scheduler.publish_now import share_next

    return _act(
        request, post_id, "shared-next", lambda d: share_next(d.store, d.settings, post_id, now=d.now())
    )


@router.post("/posts/{post_id}/cancel")
def cancel_post(request: Request, post_id: str) -> Response:
    return _act(request, post_id, "cancelled", lambda d: queue.cancel(d.store, [post_id], now=d.now()))


@router.post("/posts/{post_id}/edit")
def edit_post(
    request: Request,
    post_id: str,
    caption: str = Form(..., max_length=10_000),
    hashtags: str = Form("", max_length=2_000),
    alt_text: list[str] = Form([], max_length=10),
    first_comment: str = Form("", max_length=10_000),
) -> Response:
    """Save the post's text fields; one alt text field per image (a single one for a photo)."""
    alt: str | list[str] | None = alt_text[0] if len(alt_text) == 1 else alt_text or None
    return _act(
        request,
        post_id,
        "edited",
        lambda d: queue.edit_post(
            d.store,
            d.settings,
            post_id,
            now=d.now(),
            caption=caption,
            hashtags=queue.split_hashtags(hashtags),
            alt_text=alt,
            first_comment=first_comment,
        ),
        kept={"caption": caption, "hashtags": hashtags, "alt_text": alt_text, "first_comment": first_comment},
    )


@lru_cache(maxsize=256)
def _thumbnail(path: str, mtime_ns: int, width: int) -> bytes:
    from PIL import Image

    with Image.open(path) as image:
        image.thumbnail((width, width * 2))
        out = BytesIO()
        image.convert("RGB").save(out, "JPEG", quality=82, optimize=True)
    return out.getvalue()


@router.get("/cards/{post_id}/{number}")
def card_image(request: Request, post_id: str, number: int, w: int | None = None) -> Response:
    """A post's n-th card (1-based), optionally scaled down to ``w`` pixels wide for thumbnails."""
    post = dash(request).store.get_post(post_id)
    if not 1 <= number <= len(post.slides) or post.slides[number - 1].image is None:
        raise NotFoundError(f"post {post_id!r} has no card {number}; run `tipqueue render`")
    path = Path(str(post.slides[number - 1].image))
    media_type = CARD_TYPES.get(path.suffix.lower())
    if media_type is None or not path.is_file():
        raise NotFoundError(f"the card file of post {post_id!r} is missing; run `tipqueue render` again")
    if w is not None:
        width = max(64, min(w, 1080))
        data = _thumbnail(str(path), path.stat().st_mtime_ns, width)
        return Response(data, media_type="image/jpeg", headers={"cache-control": "private, max-age=60"})
    return FileResponse(path, media_type=media_type, headers={"cache-control": "private, max-age=60"})


# --- drafts not yet queued ---


@router.get("/drafts")
def drafts_page(request: Request) -> Response:
    d = dash(request)
    found = drafts.list_drafts(d.store, d.settings)
    by_series: dict[str, list[Any]] = {}
    for draft in found:
        by_series.setdefault(draft.series, []).append(draft)
    root = drafts.drafts_root(d.settings)
    reviews = {name: series_review(root / name) for name in by_series}
    return render(
        request,
        "drafts.html",
        {"title": "Drafts", "series": by_series, "root": root, "reviews": reviews},
        section="drafts",
    )


def draft_page(
    request: Request,
    series: str,
    folder: str,
    *,
    error: str | None = None,
    status: int = 200,
    kept: dict[str, Any] | None = None,
) -> Response:
    d = dash(request)
    name = f"{series}/{folder}"
    draft = drafts.get_draft(d.store, d.settings, name)
    post = draft.post
    account = post.account or d.default_account
    zone = d.zone(account)
    base = f"/drafts/{quote(series, safe='')}/{quote(folder, safe='')}"
    return render(
        request,
        "post.html",
        {
            "title": f"Draft {post.series_label or post.kind.value}",
            "post": post,
            "zone": zone,
            "zone_name": str(zone),
            "scheduled_local": None,
            "local_date": "",
            "at_value": "",
            "kept": kept or {},
            "editable": True,
            "hashtag_limit": d.settings.hashtag_limit,
            "can_approve": False,
            "can_move": False,
            "can_cancel": False,
            "can_publish_now": False,
            "history": [],
            "error": error,
            "first_comment_on": d.settings.publish.first_comment,
            "is_draft": True,
            "draft_review": series_review(drafts.drafts_root(d.settings) / series).of(post.id),
            "draft_name": name,
            "draft_account": account,
            "action_base": base,
            "card_base": base + "/cards",
        },
        status=status,
        section="drafts",
    )


@router.get("/drafts/{series}/{folder}")
def show_draft(request: Request, series: str, folder: str) -> Response:
    return draft_page(request, series, folder)


@router.get("/drafts/{series}/{folder}/cards/{number}")
def draft_card(request: Request, series: str, folder: str, number: int) -> Response:
    d = dash(request)
    post = drafts.get_draft(d.store, d.settings, f"{series}/{folder}").post
    if not 1 <= number <= len(post.slides) or post.slides[number - 1].image is None:
        raise NotFoundError(f"draft {series}/{folder} has no card {number}; run `tipqueue render`")
    path = post.slides[number - 1].image
    assert path is not None
    if not path.is_file() or path.suffix.lower() not in CARD_TYPES:
        raise NotFoundError(
            f"the card file of draft {series}/{folder} is missing; run `tipqueue render` again"
        )
    return FileResponse(path, media_type=CARD_TYPES[path.suffix.lower()])


@router.post("/drafts/{series}/{folder}/edit")
def edit_draft(
    request: Request,
    series: str,
    folder: str,
    caption: str = Form(..., max_length=10_000),
    hashtags: str = Form("", max_length=2_000),
    alt_text: list[str] = Form([], max_length=10),
    first_comment: str = Form("", max_length=10_000),
) -> Response:
    d = dash(request)
    alt: str | list[str] | None = alt_text[0] if len(alt_text) == 1 else alt_text or None
    try:
        drafts.edit_draft(
            d.store,
            d.settings,
            f"{series}/{folder}",
            caption=caption,
            hashtags=queue.split_hashtags(hashtags),
            alt_text=alt,
            first_comment=first_comment,
        )
    except NotFoundError:
        raise
    except TipqueueError as exc:
        kept = {
            "caption": caption,
            "hashtags": hashtags,
            "alt_text": alt_text,
            "first_comment": first_comment,
        }
        return draft_page(request, series, folder, error=str(exc), status=error_status(exc), kept=kept)
    return _redirect(f"/drafts/{quote(series, safe='')}/{quote(folder, safe='')}?done=draft-saved")


@router.post("/drafts/{series}/{folder}/approve")
def approve_draft(request: Request, series: str, folder: str) -> Response:
    d = dash(request)
    try:
        result = drafts.approve_draft(d.store, d.settings, f"{series}/{folder}", now=d.now())
    except NotFoundError:
        raise
    except TipqueueError as exc:
        return draft_page(request, series, folder, error=str(exc), status=error_status(exc))
    (post,) = result.added
    return _redirect(f"/posts/{quote(post.id, safe='')}?done=approved")


# --- accounts ---


@router.get("/accounts")
def accounts_page(request: Request) -> Response:
    d = dash(request)
    rows = []
    for state in d.store.list_accounts():
        counts = d.store.count_posts(account=state.name)
        configured = d.settings.accounts.get(state.name)
        rows.append(
            {
                "name": state.name,
                "username": state.username,
                "timezone": state.timezone,
                "paused": state.paused,
                "pause_reason": state.pause_reason,
                "paused_at": state.paused_at.astimezone(d.zone(state.name)) if state.paused_at else None,
                "slots": configured.slots if configured else (),
                "counts": [
                    ("Scheduled", counts.get(PostStatus.SCHEDULED, 0)),
                    ("Published", counts.get(PostStatus.PUBLISHED, 0)),
                    ("Failed", counts.get(PostStatus.FAILED, 0)),
                    ("Attention", counts.get(PostStatus.NEEDS_ATTENTION, 0)),
                ],
                "troubled": d.store.list_posts(statuses=TROUBLE, account=state.name, limit=TROUBLED_SHOWN),
            }
        )
    return render(
        request,
        "accounts.html",
        {"title": "Accounts", "accounts": rows, "alerts": open_notices(d.store, d.settings, limit=50)},
        section="accounts",
    )


TROUBLED_SHOWN = 50

# --- the profile grid preview ---

GRID_SIZE = 12


@router.get("/grid")
def grid_page(request: Request, account: str | None = None) -> Response:
    """The next posts as the profile grid will show them once out: newest first, three a row.

    Instagram's grid shows 3:4 tiles, so a 4:5 card loses a little at the top and bottom here
    exactly as it will there. Recent published posts fill the rest of the 12 tiles.
    """
    d = dash(request)
    name = _known_account(d, account)
    zone = d.zone(name)
    upcoming = d.store.list_posts(
        statuses={PostStatus.SCHEDULED}, account=name, after=d.now(), limit=GRID_SIZE
    )
    tiles: list[dict[str, Any]] = [
        {"post": p, "when": p.scheduled_at.astimezone(zone) if p.scheduled_at else None, "published": False}
        for p in reversed(upcoming)
    ]
    if len(tiles) < GRID_SIZE:
        published = d.store.list_posts(
            statuses={PostStatus.PUBLISHED}, account=name, newest_first=True, limit=GRID_SIZE - len(tiles)
        )
        for p in published:
            tiles.append({"post": p, "when": None, "published": True})
    return render(
        request,
        "grid.html",
        {"title": "Grid preview", "tiles": tiles, "upcoming": upcoming, "username": d.username(name)},
        section="grid",
    )


# --- accounts: pause and resume ---


@router.post("/alerts/{number}/dismiss")
def dismiss_alert(request: Request, number: int) -> Response:
    d = dash(request)
    dismiss(d.store, [number], now=d.now())
    return _redirect("/accounts?done=dismissed#alerts")


@router.post("/alerts/dismiss")
def dismiss_all_alerts(request: Request) -> Response:
    d = dash(request)
    dismiss(d.store, None, now=d.now())
    return _redirect("/accounts?done=dismissed#alerts")


@router.post("/accounts/{name}/pause")
def pause_account(request: Request, name: str) -> Response:
    d = dash(request)
    queue.set_paused(
        d.store, d.settings, _known_account(d, name), True, now=d.now(), reason="paused from the dashboard"
    )
    return _redirect("/accounts?done=paused")


@router.post("/accounts/{name}/resume")
def resume_account(request: Request, name: str) -> Response:
    d = dash(request)
    queue.set_paused(d.store, d.settings, _known_account(d, name), False, now=d.now())
    return _redirect("/accounts?done=resumed")


# --- replies ---

REPLIES_PER_PAGE = 50
LEADERBOARD_ROWS = 15
EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jsonl": "application/x-ndjson",
}
ExportFormat = Literal["csv", "xlsx", "jsonl"]


ROLLUP_LINKS = (("gadget", "Gadget"), ("brand", "Brand"), ("category", "Category"))


@router.get("/replies")
def replies_page(
    request: Request,
    page: int = Query(1, ge=1, le=1_000_000),
    by: RollupBy = "gadget",
    after: str | None = Query(None, max_length=200),
) -> Response:
    """The leaderboard and one page of replies, newest first (only that page is read).

    ``after`` (the last reply of the previous page, which the Older link carries) starts the page
    with an index seek, so a deep page costs what the first does; without it, or when that reply
    is gone, the page number says where to start. The leaderboard is ranked again only after the
    replies changed (replies.leaderboard); while it is counted from the first row in the
    background (after an upgrade, in a new server), the page says so above it (replies.counting).
    """
    from tipqueue.replies.counting import notice
    from tipqueue.replies.leaderboard import current_leaderboard

    d = dash(request)
    with d.store.snapshot():  # the page's reads in one transaction (one round trip each, not a BEGIN too)
        total = d.store.count_replies()
        pages = max(1, -(-total // REPLIES_PER_PAGE))
        first = (page - 1) * REPLIES_PER_PAGE
        shown = None
        if after:
            with contextlib.suppress(NotFoundError):
                shown = d.store.list_replies(newest_first=True, limit=REPLIES_PER_PAGE, after=after)
        if shown is None:
            shown = d.store.list_replies(newest_first=True, limit=REPLIES_PER_PAGE, offset=first)
        values = {
            "title": "Replies",
            "reply_count": total,
            "replies": _with_local_times(d, shown),
            "page": page,
            "pages": pages,
            "first_shown": first + 1,
            "last_shown": first + len(shown),
            "leaderboard": current_leaderboard(d.store, by=by, wait=False),
            "older_q": f"&after={quote(shown[-1].platform_id, safe='')}" if shown else "",
            "by": by,
            "by_q": "" if by == "gadget" else f"&by={by}",
            "rollups": ROLLUP_LINKS,
            "top": LEADERBOARD_ROWS,
            "unknown": _unknown_names(d),
            "reranking": _reranking(d),
            "counting": notice(d.store),
        }
    return render(request, "replies.html", values, section="replies")


def _workspace_matcher(d: Dashboard) -> tuple[Any, str]:
    """The workspace lexicon's matcher and fingerprint, made again only when gadgets.toml changed."""
    from tipqueue.replies.gadgets import GadgetMatcher
    from tipqueue.replies.lexicon import LEXICON_FILE, load_lexicon
    from tipqueue.replies.refind import fingerprint

    lexicon = d.settings.workspace / LEXICON_FILE
    stamp = (str(d.settings.workspace), lexicon.stat().st_mtime_ns if lexicon.is_file() else 0)
    known = _matchers.get(stamp)
    if known is None:
        loaded = load_lexicon(d.settings.workspace)
        matcher = GadgetMatcher(loaded, fuzzy_threshold=d.settings.replies.fuzzy_threshold)
        known = _matchers[stamp] = (matcher, fingerprint(loaded))
    return known


#: The workspace lexicon's matcher and fingerprint, by the lexicon file's modification time.
_matchers: dict[tuple[str, int], tuple[Any, str]] = {}


def _reranking(d: Dashboard) -> str | None:
    """What the page says while the gadgets are found again after the lexicon changed (started
    here, in the background, when the stored ones were found with another lexicon)."""
    from tipqueue.replies.refind import in_background

    matcher, digest = _workspace_matcher(d)
    running = in_background(d.store, matcher, digest=digest)
    if running is None:
        return None
    if running.error:
        return f"re-ranking after a lexicon change stopped: {running.error}; reload to try again"
    return (
        f"re-ranking after a lexicon change: {running.done:,} of {running.total:,} replies read again; "
        "the leaderboard below is the one found with the previous lexicon until then"
    )


UNKNOWN_SCANNED = 5000  # the latest replies read for names the lexicon lacks
UNKNOWN_SHOWN = 8


def _unknown_names(d: Dashboard) -> list[Any]:
    """Names readers used lately that the workspace's lexicon does not know (see replies.discovery),
    over the latest replies: found again only after the replies changed, by looking at the replies
    stored since (replies.recent_names), in the background when there is a list to show meanwhile."""
    from tipqueue.replies.leaderboard import by_version
    from tipqueue.replies.recent_names import window_of

    matcher, digest = _workspace_matcher(d)
    what = ("unknown-names", str(d.settings.workspace), digest)
    window = window_of(d.store, what, matcher, UNKNOWN_SCANNED)
    return by_version(
        d.store, what, lambda: window.names(d.store, samples=1, limit=UNKNOWN_SHOWN), slow=lambda: True
    )


def _with_local_times(d: Dashboard, shown: list[Any]) -> list[tuple[Any, datetime | None, Any]]:
    """Each reply with the time it was written in its post's account zone (the default account's
    zone for a reply without a known post), as the rest of the dashboard shows times, and the
    post it answers (None for direct messages, mentions and replies to posts not stored)."""
    posts: dict[str, Any] = {}
    for post_id in {r.post_id for r in shown if r.post_id}:
        with contextlib.suppress(NotFoundError):
            posts[post_id] = d.store.get_post(post_id)
    fallback = d.zone(None)
    out: list[tuple[Any, datetime | None, Any]] = []
    for r in shown:
        post = posts.get(r.post_id or "")
        zone = d.post_zone(post) if post is not None else fallback
        out.append((r, r.created_at.astimezone(zone) if r.created_at else None, post))
    return out


@router.get("/replies/chart.png")
def replies_chart(request: Request, by: RollupBy = "gadget") -> Response:
    return chart_response(dash(request), by)


@router.get("/replies/export.{fmt}")
def replies_export(request: Request, fmt: ExportFormat, anonymize: bool = False) -> Response:
    return export_response(dash(request), fmt, anonymize=anonymize)


def chart_response(d: Dashboard, by: RollupBy = "gadget") -> Response:
    """The leaderboard's bar chart as a PNG, per gadget, brand or category (404 while none is named)."""
    from PIL.PngImagePlugin import PngInfo

    from tipqueue.replies.chart import ChartColours, describe_chart, render_chart
    from tipqueue.replies.leaderboard import current_leaderboard

    rows = current_leaderboard(d.store, by=by)
    if not rows:
        raise NotFoundError("no gadgets found in the stored replies yet; collect or import replies first")
    out = BytesIO()
    info = PngInfo()
    info.add_itxt("Description", describe_chart(rows, top=LEADERBOARD_ROWS))
    colours = ChartColours.of_brand(d.settings.brand)
    render_chart(rows, top=LEADERBOARD_ROWS, colours=colours).save(
        out, format="PNG", optimize=True, pnginfo=info
    )
    return Response(out.getvalue(), media_type="image/png", headers={"cache-control": "no-store"})


def export_response(d: Dashboard, fmt: str, *, anonymize: bool = False) -> Response:
    """Every stored reply with its gadgets, as a download (written by replies.export)."""
    import tempfile

    from tipqueue.replies.export import anonymization_key, export_replies

    key = anonymization_key(d.settings.workspace) if anonymize else None
    with tempfile.TemporaryDirectory(prefix="tipqueue-export-") as folder:
        path = Path(folder) / f"replies.{fmt}"
        export_replies(d.store, path, fmt, anonymize=anonymize, key=key, zone=d.zone(None))
        data = path.read_bytes()
    stamp = d.now().strftime("%Y%m%d-%H%M")
    name = f"replies-{stamp}{'-anonymized' if anonymize else ''}.{fmt}"
    return Response(
        data,
        media_type=EXPORT_TYPES[fmt],
        headers={"content-disposition": f'attachment; filename="{name}"', "cache-control": "no-store"},
    )
