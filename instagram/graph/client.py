"""GraphAccount: one professional account through the official Instagram API, over httpx.

It implements :class:`instagram.protocols.Publisher` and, through :class:`GraphReplies`
(instagram/graph/replies.py), :class:`instagram.protocols.ReplySource`.

Publishing goes through media containers (Content Publishing guide):

1. each image is put on the media host and ``POST /{ig-user-id}/media`` creates a container
   naming its URL (a carousel: one ``is_carousel_item`` container per image, then a ``CAROUSEL``
   parent; a story: ``media_type=STORIES``). Creating a container publishes nothing, so this
   step is safe to repeat: an unused container simply expires after 24 hours;
2. ``GET /{container-id}?fields=status_code`` is polled until ``FINISHED`` (``ERROR`` and
   ``EXPIRED`` end the attempt, nothing went live);
3. the publishing quota is read (``content_publishing_limit``; never hard-coded): when it is
   used up the post waits (RateLimited) instead of being refused;
4. ``POST /{ig-user-id}/media_publish`` is the point of no return. When its outcome is unknown
   (no answer, a 5xx; Meta has been seen to publish despite a 500) the container is asked: once
   ``PUBLISHED`` the media is looked up among the account's recent media (or stories) and
   returned; still ``FINISHED`` means nothing went live, and publishing it is tried once more; if
   even that cannot be told, a ``TransientError(maybe_done=True)`` makes the engine reconcile
   against recent media before anything is sent again.

Hosted images are removed when the attempt is over (``remove_after_publish``). Every Graph error
becomes one of ours in :mod:`instagram.graph.errors`; the access token never appears in a message,
a repr or a log line (httpx's request log is filtered).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from tipqueue.config.errors import InstagramError, RateLimited, Rejected, TransientError
from tipqueue.instagram.graph.errors import DOCUMENTED, GraphError, map_graph_error
from tipqueue.instagram.graph.hosting import HostedImage, MediaHost
from tipqueue.instagram.graph.replies import PAGE, GraphReplies, after_cursor, when
from tipqueue.instagram.images import checked_card, checked_carousel
from tipqueue.instagram.protocols import OnSend
from tipqueue.posts.models import INSTAGRAM_URL, PublishedMedia, caption_fingerprint

log = logging.getLogger("tipqueue.graph")
_TOKEN_IN_TEXT = re.compile(r"(access_token=)[^&\s\"']+")
MEDIA_FIELDS = "id,caption,timestamp,shortcode,permalink,media_type"


class _RedactTokens(logging.Filter):
    """httpx logs each request's URL, which carries the token in its query: hide it."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if "access_token=" in text:
            record.msg, record.args = _TOKEN_IN_TEXT.sub(r"\1***", text), None
        return True


for _name in ("httpx", "httpcore"):
    logging.getLogger(_name).addFilter(_RedactTokens())


class GraphAccount(GraphReplies):
    """A Publisher and ReplySource for ``backend = "graph"``."""

    def __init__(
        self,
        account: str,
        *,
        ig_user_id: str,
        token: Callable[[], str],
        media_host: MediaHost | None,
        base_url: str,
        http: httpx.Client | None = None,
        remove_after_publish: bool = True,
        poll_interval: float = 2.0,
        max_polls: int = 30,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        page_size: int = PAGE,
    ) -> None:
        self.account = account
        self.page_size = page_size
        self.ig_user_id = ig_user_id
        self._token = token
        self.media_host = media_host
        self.base = base_url.rstrip("/")
        self.http = http or httpx.Client(timeout=httpx.Timeout(60.0, connect=10.0))
        self.remove_after_publish = remove_after_publish
        self.poll_interval = poll_interval
        self.max_polls = max_polls
        self._sleep = sleep
        self._clock = clock
        self.http_requests = 0

    def __repr__(self) -> str:  # never the token
        return f"GraphAccount(account={self.account!r}, ig_user_id={self.ig_user_id!r})"

    # --- HTTP ---

    def _call(
        self,
        method: str,
        path: str,
        *,
        action: str,
        params: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
        maybe_done: bool = False,
    ) -> dict[str, Any]:
        url = path if path.startswith("http") else f"{self.base}/{path.lstrip('/')}"
        query = dict(params or {})
        form = dict(data or {}) if data is not None else None
        # As Meta documents it: the token in the form of a POST, in the query of a GET (the query
        # never reaches a log line: see _RedactTokens; no error message shows a URL).
        if form is not None:
            form["access_token"] = self._token()
        else:
            query["access_token"] = self._token()
        self.http_requests += 1
        try:
            response = self.http.request(method, url, params=query or None, data=form)
        except httpx.TimeoutException as exc:
            raise TransientError(
                f"Instagram did not answer in time ({action}, account {self.account!r}); it is tried again"
                + ("; the request may have taken effect" if maybe_done else ""),
                maybe_done=maybe_done,
            ) from exc
        except httpx.HTTPError as exc:
            raise TransientError(
                f"could not reach Instagram ({type(exc).__name__}) to {action} for account {self.account!r}",
                maybe_done=maybe_done and not isinstance(exc, httpx.ConnectError),
            ) from exc
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status_code >= 400 or (isinstance(body, Mapping) and "error" in body):
            error = GraphError.parse(response.status_code, body)
            retry = _retry_after(response)
            # A definite refusal (4xx with a Graph error) did nothing; a 5xx may have.
            unknown = maybe_done and (response.status_code >= 500 or error.code is None)
            raise map_graph_error(
                error, account=self.account, action=action, maybe_done=unknown, retry_after=retry
            )
        if not isinstance(body, dict):
            raise TransientError(
                f"Instagram sent an unreadable answer to {action} for account {self.account!r}",
                maybe_done=maybe_done,
            )
        return body

    # --- Publisher ---

    def publish_photo(
        self, image: Path, caption: str, *, alt_text: str = "", on_send: OnSend | None = None
    ) -> PublishedMedia:
        path = _existing_image(image)
        return self._publish(
            [path],
            caption,
            lambda urls: [self._container({"image_url": urls[0], "caption": caption, **_alt(alt_text)})],
            on_send=on_send,
        )

    def publish_carousel(
        self,
        images: Sequence[Path],
        caption: str,
        *,
        alt_texts: Sequence[str],
        on_send: OnSend | None = None,
    ) -> PublishedMedia:
        paths = checked_carousel(images, alt_texts, suffixes=_SUFFIXES, wrong_kind=_WRONG_KIND)

        def containers(urls: list[str]) -> list[str]:
            children = [
                self._container({"image_url": url, "is_carousel_item": "true", **_alt(alt)})
                for url, alt in zip(urls, alt_texts, strict=True)
            ]
            for child in children:
                self._wait_finished(child)
            parent = self._container(
                {"media_type": "CAROUSEL", "children": ",".join(children), "caption": caption}
            )
            return [parent]

        return self._publish(paths, caption, containers, on_send=on_send)

    def publish_story(self, image: Path, *, on_send: OnSend | None = None) -> PublishedMedia:
        path = _existing_image(image)
        return self._publish(
            [path],
            "",
            lambda urls: [self._container({"image_url": urls[0], "media_type": "STORIES"})],
            story=True,
            on_send=on_send,
        )

    def _publish(
        self,
        images: list[Path],
        caption: str,
        make: Callable[[list[str]], list[str]],
        *,
        story: bool = False,
        on_send: OnSend | None = None,
    ) -> PublishedMedia:
        """Host the images, make the container(s), then ``media_publish``: the point of no return,
        announced to ``on_send`` (with the container id) just before it; if ``on_send`` raises,
        nothing is published."""
        if self.media_host is None:
            raise Rejected(
                f"account {self.account!r} uses the Instagram API, which fetches images from a public URL; "
                "configure [media_host] in tipqueue.toml (docs/instagram.md)"
            )
        hosted: list[HostedImage] = []
        try:
            hosted = [self.media_host.put(p, now=self._clock()) for p in images]
            (container,) = make([h.url for h in hosted])
            self._wait_finished(container)
            self._check_quota()
            started = self._clock()
            if on_send is not None:
                on_send([container])
            media_id = self._media_publish(container, caption, started, story=story)
            return self._media(media_id, caption)
        finally:
            if self.remove_after_publish:
                for item in hosted:
                    try:
                        self.media_host.remove(item.key)
                    except InstagramError as exc:
                        log.warning(
                            "media host     account=%s could not remove %s: %s", self.account, item.key, exc
                        )

    def _container(self, fields: Mapping[str, str]) -> str:
        answer = self._call(
            "POST", f"{self.ig_user_id}/media", data=fields, action="create a media container"
        )
        return str(answer["id"])

    def _wait_finished(self, container: str) -> None:
        for attempt in range(self.max_polls):
            status = self._status(container)
            code = status.get("status_code")
            if code in ("FINISHED", "PUBLISHED"):
                return
            if code == "ERROR":
                raise _container_error(str(status.get("status") or ""), self.account)
            if code == "EXPIRED":
                raise TransientError(
                    f"the media container of account {self.account!r} expired before it was published; "
                    "a new one is made on the next attempt"
                )
            if attempt + 1 < self.max_polls:
                self._sleep(self.poll_interval)
        raise TransientError(
            f"Instagram was still processing the image for account {self.account!r} after "
            f"{self.max_polls} checks; it is tried again later"
        )

    def _status(self, container: str) -> dict[str, Any]:
        return self._call(
            "GET", container, params={"fields": "status_code,status"}, action="check a media container"
        )

    def _check_quota(self) -> None:
        answer = self._call(
            "GET",
            f"{self.ig_user_id}/content_publishing_limit",
            params={"fields": "quota_usage,config"},
            action="read the publishing quota",
        )
        rows = answer.get("data") or [{}]
        used = int(rows[0].get("quota_usage") or 0)
        config = rows[0].get("config") or {}
        total = config.get("quota_total")
        if total is not None and used >= int(total):
            hours = int(config.get("quota_duration") or 86400) // 3600
            raise RateLimited(
                f"account {self.account!r} has published {used} of its {total} posts allowed in "
                f"{hours} hours through the Instagram API; it is tried again in an hour",
                retry_after=3600.0,
            )

    def _media_publish(self, container: str, caption: str, started: datetime, *, story: bool) -> str:
        for attempt in (1, 2):
            try:
                answer = self._call(
                    "POST",
                    f"{self.ig_user_id}/media_publish",
                    data={"creation_id": container},
                    action="publish",
                    maybe_done=True,
                )
                return str(answer["id"])
            except TransientError as exc:
                if not exc.maybe_done:
                    raise
                found = self._settle(container, caption, started, story=story)
                if found is not None:
                    return found
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _settle(self, container: str, caption: str, started: datetime, *, story: bool) -> str | None:
        """After an unknown outcome: the media id if it went live, None if it certainly did not."""
        try:
            code = self._status(container).get("status_code")
            if code == "FINISHED":
                return None  # not published: safe to publish this container again
            if code == "PUBLISHED":
                match = self._find_live(caption, started, story=story)
                if match is not None:
                    return match
        except InstagramError:
            pass
        raise TransientError(
            f"Instagram may have published the post of account {self.account!r}; it is checked against "
            "recent media before anything is sent again",
            maybe_done=True,
        )

    def _find_live(self, caption: str, started: datetime, *, story: bool) -> str | None:
        if story:
            answer = self._call(
                "GET", f"{self.ig_user_id}/stories", params={"fields": "id,timestamp"}, action="read stories"
            )
            for item in answer.get("data") or []:
                if when(item.get("timestamp")) >= started.replace(microsecond=0) - _SKEW:
                    return str(item["id"])
            return None
        want = caption_fingerprint(caption)
        for media in self.recent_media(limit=10):
            if caption_fingerprint(media.caption) == want and media.taken_at >= started - _SKEW:
                return media.media_id
        return None

    def _media(self, media_id: str, caption: str) -> PublishedMedia:
        try:
            item = self._call("GET", media_id, params={"fields": MEDIA_FIELDS}, action="read the new media")
        except InstagramError:
            # It is live; only its details are missing. The permalink is filled from the id.
            return PublishedMedia(media_id, "", self._clock(), caption)
        return _published(item, caption)

    def recent_media(self, *, limit: int = 20) -> list[PublishedMedia]:
        out: list[PublishedMedia] = []
        params: dict[str, Any] = {"fields": MEDIA_FIELDS, "limit": min(limit, self.page_size)}
        while len(out) < limit:
            answer = self._call("GET", f"{self.ig_user_id}/media", params=params, action="read recent media")
            out.extend(_published(item, "") for item in answer.get("data") or [])
            after = after_cursor(answer)
            if not after or not answer.get("data"):
                break
            params = {**params, "after": after}
        return out[:limit]

    def comment(self, media_id: str, text: str) -> str:
        answer = self._call(
            "POST", f"{media_id}/comments", data={"message": text}, action="post a comment", maybe_done=True
        )
        return str(answer["id"])

    def delete(self, media_id: str) -> None:
        raise Rejected(
            f"the Instagram API cannot delete media {media_id}; delete it in the Instagram app "
            "(or use the instagrapi backend)"
        )

    def close(self) -> None:
        self.http.close()


_SKEW = timedelta(minutes=2)


def _container_error(status: str, account: str) -> InstagramError:
    """A container in ERROR: ``status`` carries the subcode (sometimes as 'code/subcode')."""
    numbers = [int(n) for n in re.findall(r"-?\d+", status)]
    subcode = numbers[-1] if numbers else None
    code = next((c for (c, s) in DOCUMENTED if s == subcode), None)
    error = GraphError(400, code, subcode, status or "container in ERROR")
    return map_graph_error(error, account=account, action="prepare the image")


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _published(item: Mapping[str, Any], caption: str) -> PublishedMedia:
    return PublishedMedia(
        media_id=str(item["id"]),
        code=str(item.get("shortcode") or _code_from(item.get("permalink")) or ""),
        taken_at=when(item.get("timestamp")),
        caption=str(item.get("caption") or caption),
        link_base=_site_of(item.get("permalink")),
    )


def _site_of(permalink: Any) -> str:
    """Where the post's page lives: Instagram's site for the real API, the fake's own address in
    rehearsals and the demo (the Graph API answers each media with its permalink)."""
    match = re.match(r"(https?://[^/]+)/", str(permalink or ""))
    return match.group(1) if match else INSTAGRAM_URL


def _code_from(permalink: Any) -> str | None:
    match = re.search(r"/(?:p|reel|stories/[^/]+)/([^/?#]+)", str(permalink or ""))
    return match.group(1) if match else None


def _alt(text: str) -> dict[str, str]:
    return {"alt_text": text} if text.strip() else {}


_SUFFIXES = (".jpg", ".jpeg")
_WRONG_KIND = "a JPEG; the Instagram API publishes JPEG images only"


def _existing_image(image: Path) -> Path:
    return checked_card(image, suffixes=_SUFFIXES, wrong_kind=_WRONG_KIND)
