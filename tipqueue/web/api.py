"""The JSON API under /api/: the dashboard's operations for scripts, described by OpenAPI.

Handlers are thin: validate the body (pydantic), call one library function, return its result.
Errors come back as ``{"error": "<one line>"}`` with 404 (unknown id), 409 (the post changed
state meanwhile), 422 (bad input or a limit) or 401/403 (token, cross-site).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from tipqueue.config.errors import NotFoundError
from tipqueue.posts.models import AccountState, Event, Post, PostStatus, Reply
from tipqueue.scheduler import queue
from tipqueue.scheduler.notices import Notice, dismiss, explain
from tipqueue.web.context import Dashboard

router = APIRouter(prefix="/api", tags=["api"])
EXPORT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

PostId = Annotated[
    str,
    Path(
        min_length=1,
        max_length=200,
        description="The post's id (e.g. 'facial-muscles-03') or its handle (e.g. 'FMG-3').",
    ),
]


class ErrorOut(BaseModel):
    error: str = Field(description="One line: what was wrong and how to fix it.")


ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorOut, "description": "A token is required."},
    404: {"model": ErrorOut, "description": "No such post or account."},
    409: {"model": ErrorOut, "description": "The post is not in a state that allows this."},
    422: {"model": ErrorOut, "description": "Invalid input, or a publishing limit would be broken."},
}


class SlideOut(BaseModel):
    text: str
    alt_text: str
    image_url: str | None = Field(
        description="Where the dashboard serves the card, or null when not rendered."
    )


class PostOut(BaseModel):
    model_config = ConfigDict(use_enum_values=True)

    id: str
    handle: str = Field(description="The short name people type (e.g. FMG-3); every post URL takes it too.")
    kind: str
    series_label: str
    status: PostStatus
    account: str | None
    scheduled_at: datetime | None = Field(description="UTC.")
    scheduled_local: str | None = Field(description="The same time in the account's zone, ISO 8601.")
    timezone: str
    quote: str
    caption: str
    hashtags: list[str]
    alt_text: str
    first_comment: str | None
    media_kind: str
    slides: list[SlideOut]
    attempts: int
    last_error: str | None
    next_attempt_at: datetime | None
    media_id: str | None
    permalink: str | None
    published_at: datetime | None


class EventOut(BaseModel):
    at: datetime
    event: str
    detail: str | None
    runner: str | None


class FlagOut(BaseModel):
    rule: str
    severity: Literal["block", "review", "note"]
    field: str = Field(description="Which text of the post the rule fired on.")
    matched: str = Field(description="The words the rule fired on.")
    reason: str
    source: str = Field(description="The guidance the rule comes from.")


class PatientDataOut(BaseModel):
    kind: str
    matched: str
    field: str
    reason: str


class SignoffOut(BaseModel):
    reviewer: str
    role: str
    at: datetime
    accepted: list[str]
    applies: bool = Field(description="False once the post was edited after the sign-off.")


class ComplianceOut(BaseModel):
    flags: list[FlagOut]
    patient_data: list[PatientDataOut]
    blocked: bool
    signoff: SignoffOut | None
    problem: str | None = Field(description="Why it may not be published yet; null when it may.")


class PostDetailOut(PostOut):
    history: list[EventOut]
    compliance: ComplianceOut | None = None


class AccountOut(BaseModel):
    name: str
    username: str
    timezone: str
    paused: bool
    pause_reason: str | None
    paused_at: datetime | None
    counts: dict[str, int] = Field(description="How many posts are in each status.")


class AlertOut(BaseModel):
    number: int = Field(description="What POST /api/alerts/{number}/dismiss takes.")
    at: datetime
    level: str
    message: str
    account: str | None
    post_id: str | None
    post: str | None = Field(None, description="The post's handle.")
    since: str | None = Field(None, description="What became of the post after the alert, e.g. published.")
    resolved: bool = Field(False, description="The post was published (or cancelled) after the alert.")
    dismissed_at: datetime | None = None


class ReplyOut(BaseModel):
    platform_id: str
    kind: str
    post_id: str | None
    username: str | None
    text: str
    created_at: datetime | None
    gadgets: list[str]


def dash(request: Request) -> Dashboard:
    dashboard: Dashboard = request.app.state.dashboard
    return dashboard


def post_out(d: Dashboard, post: Post) -> PostOut:
    zone = d.post_zone(post)
    return PostOut(
        id=post.id,
        handle=post.handle,
        kind=post.kind.value,
        series_label=post.series_label,
        status=post.status,
        account=post.account,
        scheduled_at=post.scheduled_at,
        scheduled_local=post.scheduled_at.astimezone(zone).isoformat() if post.scheduled_at else None,
        timezone=str(zone),
        quote=post.quote,
        caption=post.caption,
        hashtags=list(post.hashtags),
        alt_text=post.alt_text,
        first_comment=post.first_comment,
        media_kind=post.media_kind.value,
        slides=[
            SlideOut(
                text=s.text,
                alt_text=s.alt_text,
                image_url=f"/cards/{post.id}/{i}" if s.image is not None else None,
            )
            for i, s in enumerate(post.slides, start=1)
        ],
        attempts=post.attempts,
        last_error=post.last_error,
        next_attempt_at=post.next_attempt_at,
        media_id=post.media_id,
        permalink=post.permalink,
        published_at=post.published_at,
    )


def event_out(event: Event) -> EventOut:
    return EventOut(at=event.at, event=event.event, detail=event.detail, runner=event.runner)


def account_out(d: Dashboard, state: AccountState) -> AccountOut:
    counts = d.store.count_posts(account=state.name)
    return AccountOut(
        name=state.name,
        username=state.username,
        timezone=state.timezone,
        paused=state.paused,
        pause_reason=state.pause_reason,
        paused_at=state.paused_at,
        counts={s.value: n for s, n in counts.items()},
    )


def alert_out(notice: Notice) -> AlertOut:
    alert = notice.alert
    return AlertOut(
        number=alert.id,
        at=alert.at,
        level=alert.level,
        message=alert.message,
        account=alert.account,
        post_id=alert.post_id,
        post=notice.handle,
        since=notice.since,
        resolved=notice.resolved,
        dismissed_at=alert.dismissed_at,
    )


def reply_out(reply: Reply) -> ReplyOut:
    return ReplyOut(
        platform_id=reply.platform_id,
        kind=reply.kind.value,
        post_id=reply.post_id,
        username=reply.username,
        text=reply.text,
        created_at=reply.created_at,
        gadgets=list(reply.gadgets),
    )


# --- posts ---


NEXT_CURSOR = {
    "X-Next-Cursor": {
        "description": "Pass it as ``cursor`` for the next page; absent on the last page.",
        "schema": {"type": "string"},
    },
    "Link": {"description": 'The next page as ``<url>; rel="next"``.', "schema": {"type": "string"}},
}


def _next_page(request: Request, response: Response, cursor: str | None) -> None:
    if cursor is None:
        return
    response.headers["X-Next-Cursor"] = cursor
    response.headers["Link"] = f'<{request.url.include_query_params(cursor=cursor)}>; rel="next"'


@router.get(
    "/posts",
    response_model=list[PostOut],
    responses={200: {"description": "A page of posts.", "headers": NEXT_CURSOR}, **ERRORS},
)
def list_posts(
    request: Request,
    response: Response,
    status: Annotated[list[PostStatus] | None, Query(description="Only posts in these statuses.")] = None,
    account: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    cursor: Annotated[
        str | None, Query(max_length=600, description="The X-Next-Cursor of the previous page.")
    ] = None,
) -> list[PostOut]:
    """Posts ordered by scheduled time (unscheduled last), one page at a time: ``limit`` posts,
    and the next page's ``cursor`` in the X-Next-Cursor header (and Link) while there is one."""
    from tipqueue.scheduler.paging import decode, page_posts

    d = dash(request)
    start = decode(cursor) if cursor else None
    page = page_posts(d.store, statuses=status or None, account=account, limit=limit, start=start)
    _next_page(request, response, page.cursor)
    return [post_out(d, p) for p in page.posts]


@router.get("/posts/{post_id}", response_model=PostDetailOut, responses=ERRORS)
def get_post(request: Request, post_id: PostId) -> PostDetailOut:
    """One post with its history."""
    d = dash(request)
    post = d.store.get_post(post_id)
    from tipqueue.scheduler.review import review_stored

    review = review_stored(d.store, d.settings, [post])[0]
    return PostDetailOut(
        **post_out(d, post).model_dump(),
        history=[event_out(e) for e in d.store.history(post.id)],
        compliance=ComplianceOut.model_validate(review.to_json()),
    )


# --- accounts and alerts ---


@router.get("/accounts", response_model=list[AccountOut], responses=ERRORS)
def list_accounts(request: Request) -> list[AccountOut]:
    """Every account with its publishing state and post counts."""
    d = dash(request)
    return [account_out(d, a) for a in d.store.list_accounts()]


@router.get("/alerts", response_model=list[AlertOut], responses=ERRORS)
def list_alerts(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    dismissed: Annotated[bool, Query(description="Include dismissed alerts.")] = False,
) -> list[AlertOut]:
    """The newest alerts first (open ones only, unless ``dismissed``)."""
    d = dash(request)
    alerts = d.store.list_alerts(limit=limit, include_dismissed=dismissed)
    return [alert_out(n) for n in explain(d.store, alerts, d.settings)]


@router.post("/alerts/{number}/dismiss", responses=ERRORS)
def dismiss_alert(request: Request, number: Annotated[int, Path(ge=1)]) -> dict[str, int]:
    """Dismiss one alert: status and the dashboard stop showing it."""
    d = dash(request)
    return {"dismissed": dismiss(d.store, [number], now=d.now())}


# --- replies ---


REPLIES_MAX = 1000


@router.get(
    "/replies",
    response_model=list[ReplyOut],
    responses={
        200: {
            "description": "A page of replies, newest first.",
            "headers": {
                "X-Total-Count": {
                    "description": "How many replies match in all (for paging with offset).",
                    "schema": {"type": "integer"},
                },
                **NEXT_CURSOR,
            },
        },
        **ERRORS,
    },
)
def list_replies(
    request: Request,
    response: Response,
    post_id: Annotated[str | None, Query(max_length=200, description="Only replies to this post.")] = None,
    limit: Annotated[
        int, Query(ge=1, le=REPLIES_MAX, description=f"At most this many replies (up to {REPLIES_MAX}).")
    ] = 200,
    offset: Annotated[
        int, Query(ge=0, le=1_000_000_000, description="Skip this many of the newest first.")
    ] = 0,
    cursor: Annotated[
        str | None,
        Query(max_length=200, description="The X-Next-Cursor of the previous page (instead of offset)."),
    ] = None,
) -> list[ReplyOut]:
    """Stored replies, newest first, one page at a time: ``limit`` + ``cursor`` (an index seek
    however deep the page; the next one is in X-Next-Cursor), or ``limit`` + ``offset``."""
    store = dash(request).store
    if post_id is not None:
        post_id = store.resolve([post_id])[0]
    replies = store.list_replies(
        post_id=post_id, limit=limit + 1, offset=0 if cursor else offset, newest_first=True, after=cursor
    )
    response.headers["X-Total-Count"] = str(store.count_replies(post_id=post_id))
    if len(replies) > limit:
        replies = replies[:limit]
        _next_page(request, response, replies[-1].platform_id)
    return [reply_out(r) for r in replies]


#: How the leaderboard is rolled up (replies.export's roll-ups).
RollupBy = Literal["gadget", "brand", "category"]
ByQuery = Annotated[
    RollupBy,
    Query(
        description="One row per gadget (default), per brand (its gadgets rolled up) or per category.",
    ),
]


class GadgetRowOut(BaseModel):
    rank: int
    by: RollupBy = Field(description="What a row is: a gadget, a brand or a category.")
    gadget: str = Field(description="The row's name: the gadget, or the brand or category when rolled up.")
    includes: list[str] = Field(
        description="The gadgets rolled up into a brand or category row, most people first; empty per gadget."
    )
    category: str
    brand: str | None
    mentions: int = Field(description="Replies naming it.")
    people: int = Field(description="Distinct readers naming it.")
    recommends: int = Field(description="Readers whose latest opinion on it recommends it.")
    dislikes: int = Field(description="Readers whose latest opinion on it dislikes it.")
    first_seen: datetime | None
    last_seen: datetime | None
    sample: str = Field(description="A quote from a reply, preferably one that recommends it.")


@router.get("/replies/leaderboard", response_model=list[GadgetRowOut], responses=ERRORS)
def replies_leaderboard(request: Request, by: ByQuery = "gadget") -> list[GadgetRowOut]:
    """What readers named, most people first: per gadget, or rolled up per brand or category
    (ranked again only after the stored replies changed)."""
    from tipqueue.replies.leaderboard import current_leaderboard

    store = dash(request).store
    with store.snapshot():
        rows = current_leaderboard(store, by=by)
    return [
        GadgetRowOut(
            rank=n,
            by=by,
            gadget=r.gadget,
            includes=list(r.includes),
            category=r.category,
            brand=r.brand,
            mentions=r.mentions,
            people=r.people,
            recommends=r.recommends,
            dislikes=r.dislikes,
            first_seen=r.first_seen,
            last_seen=r.last_seen,
            sample=r.sample,
        )
        for n, r in enumerate(rows, start=1)
    ]


@router.get(
    "/replies/chart.png",
    response_class=Response,
    responses={
        200: {"content": {"image/png": {}}, "description": "The leaderboard as a bar chart."},
        **ERRORS,
    },
)
def replies_chart(request: Request, by: ByQuery = "gadget") -> Response:
    """The leaderboard as a bar chart, rolled up like the leaderboard (404 while nothing was named)."""
    from tipqueue.web.pages import chart_response

    return chart_response(dash(request), by)


@router.get(
    "/replies/export.{fmt}",
    response_class=Response,
    responses={
        200: {
            "content": {"text/csv": {}, "application/x-ndjson": {}, EXPORT_XLSX: {}},
            "description": "Every stored reply with the gadgets found in it, as a download.",
        },
        **ERRORS,
    },
)
def replies_export(
    request: Request,
    fmt: Annotated[Literal["csv", "xlsx", "jsonl"], Path(description="csv (Excel-safe), xlsx or jsonl.")],
    anonymize: Annotated[bool, Query(description="Replace readers' names by stable pseudonyms.")] = False,
) -> Response:
    """Download the replies export."""
    from tipqueue.web.pages import export_response

    return export_response(dash(request), fmt, anonymize=anonymize)


# --- changing posts and accounts ---


class PostEditIn(BaseModel):
    """The fields to change; at least one. A tag that is not one word is refused (422)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"minProperties": 1})

    caption: str | None = Field(
        default=None,
        min_length=1,
        max_length=10_000,
        description="The text published under the card (Instagram allows 2,200 characters).",
    )
    hashtags: (
        list[Annotated[str, Field(max_length=200, json_schema_extra={"pattern": r"^#?\w+$"})]] | None
    ) = Field(
        default=None,
        max_length=30,
        description="The post's hashtags, with or without '#'; each one word. An empty list removes them.",
        examples=[["skincare", "dermatology"]],
    )
    alt_text: str | list[Annotated[str, Field(max_length=10_000)]] | None = Field(
        default=None,
        max_length=10_000,
        description="One alt text for the post and every image, or a list with one per image "
        "(Instagram allows 1,000 characters each).",
    )
    first_comment: str | None = Field(
        default=None,
        max_length=10_000,
        description="The comment posted right after the post; an empty text removes it.",
    )


class RescheduleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    at: str = Field(
        min_length=1,
        max_length=40,
        description="'YYYY-MM-DD HH:MM' in the account's zone, or ISO 8601 with an offset; must be in the future.",
        examples=["2026-05-04 09:00", "2026-05-04T09:00+01:00"],
    )


class PauseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(default=None, max_length=500)


@router.patch("/posts/{post_id}", response_model=PostOut, responses=ERRORS)
def edit_post(request: Request, post_id: PostId, body: PostEditIn) -> PostOut:
    """Change the caption, hashtags, alt text or first comment of a post not yet published.

    Fields left out (or null) stay as they are. The edited post is checked against Instagram's
    limits before anything is saved; a post published or cancelled meanwhile is a 409.
    """
    d = dash(request)
    post = queue.edit_post(
        d.store,
        d.settings,
        post_id,
        now=d.now(),
        caption=body.caption,
        hashtags=body.hashtags,
        alt_text=body.alt_text,
        first_comment=body.first_comment,
    )
    return post_out(d, post)


@router.post("/posts/{post_id}/approve", response_model=PostOut, responses=ERRORS)
def approve_post(request: Request, post_id: PostId) -> PostOut:
    """Approve a draft and put it in the account's next free slot."""
    d = dash(request)
    (post,) = queue.approve(d.store, d.settings, [post_id], now=d.now())
    return post_out(d, post)


@router.post("/posts/{post_id}/reschedule", response_model=PostOut, responses=ERRORS)
def reschedule_post(request: Request, post_id: PostId, body: RescheduleIn) -> PostOut:
    """Pin a post to a new time (keeping the account's daily cap and spacing)."""
    d = dash(request)
    return post_out(d, queue.move(d.store, d.settings, post_id, body.at, now=d.now()))


@router.post("/posts/{post_id}/publish-now", response_model=PostOut, responses=ERRORS)
def publish_now_post(request: Request, post_id: PostId) -> PostOut:
    """Publish a queued post now, through the same claim as `publish-due` (exactly once).

    The post comes back as it is afterwards: ``published``, or ``failed`` / ``needs_attention``
    with ``last_error`` saying why.
    """
    from tipqueue.scheduler.alerts import notifier
    from tipqueue.scheduler.publish import runner_name
    from tipqueue.scheduler.publish_now import publish_now

    d = dash(request)
    result = publish_now(
        d.store,
        d.settings,
        post_id,
        publishers=d.publishers(),
        clock=d.now,
        runner_id=runner_name("api"),
        notify=notifier(d.store, d.settings, clock=d.now),
    )
    return post_out(d, result.post)


@router.post("/posts/{post_id}/share-next", response_model=PostOut, responses=ERRORS)
def share_next_post(request: Request, post_id: PostId) -> PostOut:
    """Make the post the account's next one out (the others move one place later)."""
    from tipqueue.scheduler.publish_now import share_next

    d = dash(request)
    return post_out(d, share_next(d.store, d.settings, post_id, now=d.now()).post)


@router.post("/posts/{post_id}/cancel", response_model=PostOut, responses=ERRORS)
def cancel_post(request: Request, post_id: PostId) -> PostOut:
    """Cancel a post that is not yet being published."""
    d = dash(request)
    (post,) = queue.cancel(d.store, [post_id], now=d.now())
    return post_out(d, post)


AccountName = Annotated[
    str, Path(min_length=1, max_length=100, description="The account's name in tipqueue.toml.")
]


@router.post("/accounts/{name}/pause", response_model=AccountOut, responses=ERRORS)
def pause_account(request: Request, name: AccountName, body: PauseIn | None = None) -> AccountOut:
    """Stop publishing for an account until it is resumed."""
    d = dash(request)
    reason = (body.reason if body else None) or "paused from the dashboard API"
    return account_out(
        d, queue.set_paused(d.store, d.settings, known_account(d, name), True, now=d.now(), reason=reason)
    )


@router.post("/accounts/{name}/resume", response_model=AccountOut, responses=ERRORS)
def resume_account(request: Request, name: AccountName) -> AccountOut:
    """Publish for an account again."""
    d = dash(request)
    return account_out(d, queue.set_paused(d.store, d.settings, known_account(d, name), False, now=d.now()))


def known_account(d: Dashboard, name: str) -> str:
    if name not in d.settings.accounts:
        raise NotFoundError(f"unknown account {name!r}; pick one of {', '.join(d.account_names) or 'none'}")
    return name
