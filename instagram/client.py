"""InstagrapiAccount: one Instagram account through the real instagrapi client.

It implements :class:`instagram.protocols.Publisher` and :class:`instagram.protocols.ReplySource`.
Build one with :func:`instagram.connect.connect`; this module holds the mechanics:

* one saved session per account (``<sessions_dir>/<account>.json``, permissions 0600), written
  atomically after every login;
* on ``LoginRequired``: reload the session file if another process refreshed it, else log in
  again once with the password (and TOTP seed) from the environment or keyring, then retry the
  call once; otherwise :class:`AuthRequired` ("run tipqueue login ACCOUNT");
* instagrapi's own retries are off (``session_retry_total=0``: a retried configure can publish
  twice), ``request_timeout=0`` (pacing is ``delay_range`` with jitter), ``with_challenge_flow``
  off (a challenge becomes :class:`NeedsPerson`, never a prompt);
* publishing calls instagrapi's upload and configure steps separately, so we know whether a
  failure happened before the point of no return (upload: safe to retry) or at configure
  (``maybe_done``: reconcile first), and so the pause between them is ours (``configure_pause``,
  3 s by default like instagrapi's hard-coded sleep; 0 for the sandbox) and configure is sent
  exactly once;
* a card that already meets Instagram's limits is uploaded as the bytes we rendered
  (:mod:`instagram.upload`); instagrapi re-encodes only the images that do not;
* alt text goes with every image: ``custom_accessibility_caption`` in the configure form, and in
  each ``children_metadata`` entry of a carousel;
* reads use explicit private-API requests (no silent web/GraphQL fallbacks, no swallowed 429s).

instagrapi is imported only when an account is built.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from tipqueue.config.errors import (
    AuthRequired,
    MediaRetry,
    Rejected,
    TipqueueError,
    TransientError,
)
from tipqueue.config.secrets import write_private_json
from tipqueue.instagram.errors import map_error
from tipqueue.instagram.images import checked_card, checked_carousel
from tipqueue.instagram.replies import ReplyReader
from tipqueue.instagram.upload import upload_photo
from tipqueue.posts.models import INSTAGRAM_URL, PublishedMedia

T = TypeVar("T")
#: Told the upload ids just before the configure request (the point of no return) is sent; if it
#: raises, nothing is sent (the scheduler records "sending" in the store here).
OnSend = Callable[[Sequence[str]], None]

#: Seconds before a request with no answer is abandoned (connect, read).
DEFAULT_HTTP_TIMEOUT: tuple[float, float] = (10.0, 60.0)
#: Pause between upload and configure for a real account (instagrapi's own value).
DEFAULT_CONFIGURE_PAUSE = 3.0


def session_path(sessions_dir: Path, account: str) -> Path:
    """Where an account's saved session lives."""
    return sessions_dir / f"{account}.json"


def write_session(path: Path, data: Mapping[str, Any]) -> None:
    """Write a session file atomically with permissions 0600 (its folder 0700)."""
    write_private_json(path, data)


def read_session(path: Path) -> dict[str, Any] | None:
    """A saved session, or None when there is none (or it is unreadable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def client_settings(saved: Mapping[str, Any] | None) -> dict[str, Any]:
    """A saved session with tipqueue's safety settings forced (they override the constructor)."""
    data = dict(saved or {})
    data["request_timeout"] = 0
    data["session_retry_total"] = 0
    data["session_retry_statuses"] = []
    return data


def build_client(
    saved: Mapping[str, Any] | None,
    *,
    proxy: str | None = None,
    delay_range: tuple[float, float] | None = None,
    private_transport: str | None = None,
    http_timeout: float | tuple[float, float] = DEFAULT_HTTP_TIMEOUT,
) -> Any:
    """An instagrapi Client with retries off, no challenge prompts and a default timeout."""
    from instagrapi import Client

    kwargs: dict[str, Any] = {
        "with_challenge_flow": False,
        "request_timeout": 0,
        "session_retry_total": 0,
        "public_request_retries_count": 0,
    }
    if private_transport:
        kwargs["private_transport"] = private_transport
    data = client_settings(saved)
    if private_transport:
        data["private_transport"] = private_transport
    delays = list(delay_range) if delay_range and max(delay_range) > 0 else None
    client = Client(settings=data, proxy=proxy, delay_range=delays, **kwargs)
    for session in (client.private, client.public, client.graphql):
        _default_timeout(session, http_timeout)
    return client


_APP_KEYS = ("app_version", "version_code", "bloks_versioning_id")


def use_current_app_profile(client: Any, pinned: Mapping[str, Any] | None = None) -> None:
    """Give ``client`` the installed instagrapi's current app profile (or the pinned one).

    A session saved months ago keeps the app version it was made with, and Instagram bans old
    versions (``needs_upgrade``, ``checkpoint_required`` at ``/web/unsupported_version/``): a
    login must move it forward. The hardware part of the device and every uuid are kept.
    """
    hardware = {k: v for k, v in dict(client.device_settings or {}).items() if k not in _APP_KEYS}
    pin = dict(pinned or {})
    client.override_app_version = not any(k in pin for k in _APP_KEYS)
    try:
        client.set_device({**hardware, **pin})
    finally:
        client.override_app_version = False


def _default_timeout(session: Any, timeout: float | tuple[float, float]) -> None:
    """requests has no session-wide timeout and instagrapi passes none: add one."""
    original = session.request

    def request(method: str, url: str, **kwargs: Any) -> Any:
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = timeout
        return original(method, url, **kwargs)

    session.request = request


@contextmanager
def _no_connection_reuse(client: Any) -> Iterator[None]:
    """During the configure request: a fresh connection, never a reused one.

    libcurl silently re-sends a request when a REUSED connection dies before any answer arrives
    ("connection died, retrying a fresh connect"). For configure that is a second post: seen
    with instagrapi's production curl HTTP/2 transport against the fake, one dropped answer made
    two media. On a connection that was not reused, libcurl reports the error instead.
    """
    options: list[dict[Any, Any]] = []
    try:
        from curl_cffi import CurlOpt

        adapter = client.private.get_adapter("https://i.instagram.com/api/v1/")
        adapter = getattr(adapter, "production", adapter)  # tests wrap it to reach loopback
        curl_options = getattr(getattr(adapter, "client", None), "curl_options", None)
        if isinstance(curl_options, dict):
            curl_options[CurlOpt.FRESH_CONNECT] = 1
            curl_options[CurlOpt.FORBID_REUSE] = 1
            options.append(curl_options)
    except Exception:  # not the curl transport (requests/urllib3 never re-sends a POST with retries off)
        options = []
    try:
        yield
    finally:
        for curl_options in options:
            from curl_cffi import CurlOpt

            curl_options.pop(CurlOpt.FRESH_CONNECT, None)
            curl_options.pop(CurlOpt.FORBID_REUSE, None)


@dataclass
class _Stage:
    """Where a call is: once ``maybe_done`` is set, a failure may have taken effect."""

    maybe_done: bool = False


class InstagrapiAccount(ReplyReader):
    """One Instagram account: a Publisher and a ReplySource over the real instagrapi client."""

    def __init__(
        self,
        account: str,
        client: Any,
        *,
        username: str,
        session_file: Path,
        password: str | None = None,
        totp_seed: str | None = None,
        configure_pause: float = DEFAULT_CONFIGURE_PAUSE,
        sleep: Callable[[float], None] = time.sleep,
        reload_client: Callable[[Mapping[str, Any]], Any] | None = None,
        pinned_device: Mapping[str, Any] | None = None,
    ) -> None:
        self.account = account
        self.client = client
        self.username = username
        self.session_file = session_file
        self.configure_pause = configure_pause
        self._password = password
        self._totp_seed = totp_seed
        self._sleep = sleep
        self._reload_client = reload_client
        self._pinned_device = dict(pinned_device) if pinned_device else None
        self._session_mtime = _mtime(session_file)
        #: where published media are linked to (the sandbox sets its own address)
        self.link_base = INSTAGRAM_URL
        self.http_requests = 0
        for session in (client.private, client.public, client.graphql):
            session.hooks["response"].append(self._count_response)

    def __repr__(self) -> str:  # never show the session or password
        return f"InstagrapiAccount(account={self.account!r}, username={self.username!r})"

    def _count_response(self, response: Any, *args: Any, **kwargs: Any) -> Any:
        self.http_requests += 1
        return response

    @property
    def user_id(self) -> str:
        return str(self.client.user_id)

    # --- session ---

    def save_session(self) -> None:
        write_session(self.session_file, self.client.get_settings())
        self._session_mtime = _mtime(self.session_file)

    def validate(self) -> None:
        """Check the saved session with one request (``accounts/current_user``)."""
        self._run("validate the session", lambda stage: self.client.account_info())

    def _relogin(self) -> bool:
        """After LoginRequired: pick up a session another process saved, else log in once."""
        mtime = _mtime(self.session_file)
        if mtime is not None and mtime != self._session_mtime and self._reload_client is not None:
            saved = read_session(self.session_file)
            if saved is not None:
                self._adopt(self._reload_client(saved))
                self._session_mtime = mtime
                return True
        if not self._password:
            return False
        code = ""
        if self._totp_seed:
            code = self.client.totp_generate_code(self._totp_seed)
        try:
            use_current_app_profile(self.client, self._pinned_device)
            self.client.login(self.username, self._password, relogin=True, verification_code=code)
        except Exception as exc:
            raise map_error(exc, account=self.account, action="log in again") from exc
        self.save_session()
        return True

    def _adopt(self, client: Any) -> None:
        self.client = client
        for session in (client.private, client.public, client.graphql):
            session.hooks["response"].append(self._count_response)

    def _run(self, action: str, call: Callable[[_Stage], T]) -> T:
        """Run one operation; map every failure; relogin once on AuthRequired and retry once."""
        relogged = False
        while True:
            stage = _Stage()
            try:
                return call(stage)
            except TipqueueError:  # ours already (an InstagramError, or the store refusing on_send)
                raise
            except Exception as exc:
                error = map_error(exc, account=self.account, action=action, maybe_done=stage.maybe_done)
                # A rejected session means the request did nothing: safe to log in again and retry.
                if isinstance(error, AuthRequired) and not relogged:
                    relogged = True
                    if self._relogin():
                        continue
                raise error from exc

    @contextmanager
    def _counting(self) -> Iterator[list[int]]:
        start = self.http_requests
        box = [0]
        try:
            yield box
        finally:
            box[0] = self.http_requests - start

    # --- Publisher ---

    def publish_photo(
        self, image: Path, caption: str, *, alt_text: str = "", on_send: OnSend | None = None
    ) -> PublishedMedia:
        path = _existing_image(image)

        def call(stage: _Stage) -> PublishedMedia:
            upload_id, width, height = upload_photo(self.client, path)
            self._pause()
            if on_send is not None:
                on_send([str(upload_id)])
            stage.maybe_done = True
            with _no_connection_reuse(self.client):
                answer = self.client.photo_configure(
                    upload_id, width, height, caption, extra_data=_alt_extra(alt_text)
                )
            return self._published(answer, caption, [str(upload_id)])

        return self._run("publish_photo", call)

    def publish_carousel(
        self,
        images: Sequence[Path],
        caption: str,
        *,
        alt_texts: Sequence[str],
        on_send: OnSend | None = None,
    ) -> PublishedMedia:
        paths = checked_carousel(images, alt_texts, suffixes=_SUFFIXES, wrong_kind=_WRONG_KIND)

        def call(stage: _Stage) -> PublishedMedia:
            from instagrapi.utils import dumps

            children = []
            for path, alt in zip(paths, alt_texts, strict=True):
                upload_id, width, height = upload_photo(self.client, path, to_album=True)
                child: dict[str, Any] = {
                    "upload_id": upload_id,
                    "edits": dumps(
                        {"crop_original_size": [width, height], "crop_center": [0.0, -0.0], "crop_zoom": 1.0}
                    ),
                    "extra": dumps({"source_width": width, "source_height": height}),
                    "scene_capture_type": "",
                    "scene_type": None,
                }
                child.update(_alt_extra(alt))
                children.append(child)
            self._pause()
            ids = [str(c["upload_id"]) for c in children]
            if on_send is not None:
                on_send(ids)
            stage.maybe_done = True
            with _no_connection_reuse(self.client):
                answer = self.client.album_configure(children, caption)
            return self._published(answer, caption, ids)

        return self._run("publish_carousel", call)

    def publish_story(
        self, image: Path, *, alt_text: str = "", on_send: OnSend | None = None
    ) -> PublishedMedia:
        path = _existing_image(image)

        def call(stage: _Stage) -> PublishedMedia:
            upload_id, width, height = upload_photo(self.client, path, for_story=True)
            self._pause()
            if on_send is not None:
                on_send([str(upload_id)])
            stage.maybe_done = True
            with _no_connection_reuse(self.client):
                answer = self.client.photo_configure_to_story(
                    upload_id, width, height, "", extra_data=_alt_extra(alt_text)
                )
            return self._published(answer, "", [str(upload_id)])

        return self._run("publish_story", call)

    def recent_media(self, *, limit: int = 20) -> list[PublishedMedia]:
        def call(stage: _Stage) -> list[PublishedMedia]:
            out: list[PublishedMedia] = []
            max_id = ""
            while len(out) < limit:
                answer = self.client.private_request(
                    f"feed/user/{self.user_id}/",
                    params={
                        "max_id": max_id,
                        "count": limit - len(out),
                        "rank_token": self.client.rank_token,
                        "ranked_content": "true",
                    },
                )
                out.extend(
                    replace(_media(item), link_base=self.link_base) for item in answer.get("items") or []
                )
                max_id = str(answer.get("next_max_id") or "")
                if not answer.get("more_available") or not max_id:
                    break
            return out[:limit]

        return self._run("recent_media", call)

    def comment(self, media_id: str, text: str) -> str:
        def call(stage: _Stage) -> str:
            stage.maybe_done = True
            return str(self.client.media_comment(_full_media_id(media_id, self.user_id), text).pk)

        return self._run("comment", call)

    def delete(self, media_id: str) -> None:
        def call(stage: _Stage) -> None:
            if not self.client.media_delete(_full_media_id(media_id, self.user_id)):
                raise Rejected(f"Instagram did not delete media {media_id}; check it still exists")

        self._run("delete", call)

    # --- helpers ---

    def _pause(self) -> None:
        if self.configure_pause > 0:
            self._sleep(self.configure_pause)

    def _published(
        self, answer: Mapping[str, Any], caption: str, upload_ids: Sequence[str]
    ) -> PublishedMedia:
        media = answer.get("media") if isinstance(answer, Mapping) else None
        message = str(answer.get("message") or "") if isinstance(answer, Mapping) else ""
        if message == "media_needs_reupload":  # a 200 "ok" answer that published nothing (instagram4j#419)
            title = str(answer.get("error_title") or "")
            raise MediaRetry(
                f"Instagram did not take the uploaded image for account {self.account!r} "
                f"(media_needs_reupload: {title}); it will be uploaded again",
                detail=f"media_needs_reupload {title}".strip(),
            )
        if not isinstance(media, Mapping) or "pk" not in media:
            raise TransientError(
                f"Instagram accepted the post for account {self.account!r} but returned no media; "
                "it will be reconciled against recent media before any retry",
                maybe_done=True,
            )
        found = _media(media)
        return replace(
            found,
            caption=found.caption or caption,
            ids=tuple(dict.fromkeys([*found.ids, *upload_ids])),
            link_base=self.link_base,
        )


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime_ns / 1e9
    except OSError:
        return None


_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
_WRONG_KIND = "a JPEG, PNG or WebP file; render it as JPEG"


def _existing_image(image: Path) -> Path:
    return checked_card(image, suffixes=_SUFFIXES, wrong_kind=_WRONG_KIND)


def _alt_extra(alt_text: str) -> dict[str, str]:
    return {"custom_accessibility_caption": alt_text} if alt_text.strip() else {}


def _full_media_id(media_id: str, user_id: str) -> str:
    return media_id if "_" in media_id else f"{media_id}_{user_id}"


def _media(item: Mapping[str, Any]) -> PublishedMedia:
    pk = str(item["pk"])
    owner = (item.get("user") or {}).get("pk")
    media_id = str(item.get("id") or (f"{pk}_{owner}" if owner is not None else pk))
    caption = item.get("caption")
    text = str(caption.get("text") or "") if isinstance(caption, Mapping) else ""
    children = [c for c in item.get("carousel_media") or [] if isinstance(c, Mapping)]
    first = children[0] if children else item
    candidates = ((first.get("image_versions2") or {}).get("candidates") or [{}]) if first else [{}]
    best = max(candidates, key=lambda c: int(c.get("width") or 0) * int(c.get("height") or 0))
    ids = [pk, media_id, *(str(item[k]) for k in ("upload_id", "client_sidecar_id") if item.get(k))]
    return PublishedMedia(
        media_id=media_id,
        code=str(item.get("code") or ""),
        taken_at=datetime.fromtimestamp(int(item["taken_at"]), UTC),
        caption=text,
        media_type=int(item.get("media_type") or 0),
        slides=len(children) if children else 1,
        width=int(best.get("width") or item.get("original_width") or 0),
        height=int(best.get("height") or item.get("original_height") or 0),
        ids=tuple(dict.fromkeys(ids)),
        caption_missing=not text,
    )
