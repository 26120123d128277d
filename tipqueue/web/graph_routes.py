"""What `tipqueue web` serves to Meta for graph accounts: signed media links and webhooks.

``GET /media/<key>?expires=..&sig=..``: a card Meta fetches while publishing (the web media host);
refused with 403 when the signature is wrong or the link has expired.
``GET|POST /webhooks/instagram``: Meta's verification and its signed comment/mention notifications
(only when ``[webhooks] enabled = true``).

Both authenticate themselves (signature), so the dashboard's token and loopback-Host rules do
not apply to them; nothing else is reachable this way.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, PlainTextResponse, Response

router = APIRouter(include_in_schema=False)


@router.get("/media/{key}")
def media(request: Request, key: str, expires: str = "", sig: str = "") -> Response:
    from tipqueue.instagram.graph.hosting import check_link, load_link_secret, media_folder, secret_path

    dashboard = request.app.state.dashboard
    workspace = dashboard.settings.workspace
    secret = load_link_secret(secret_path(workspace))
    refused = check_link(secret, key, expires, sig, now=dashboard.clock())
    path = media_folder(workspace) / key
    if refused is None and not path.is_file():
        refused = "no such media"
    if refused is not None:
        return PlainTextResponse(refused, status_code=403)
    return FileResponse(path, media_type="image/png" if key.endswith(".png") else "image/jpeg")


def _secrets(settings: object) -> list[str]:
    from tipqueue.config.secrets import app_secret

    names = [n for n, a in settings.accounts.items() if a.backend == "graph"]  # type: ignore[attr-defined]
    return [s for s in (app_secret(n) for n in names) if s]


@router.get("/webhooks/instagram")
def verify(request: Request) -> Response:
    from tipqueue.config.secrets import webhook_verify_token
    from tipqueue.instagram.graph.webhooks import challenge

    if not request.app.state.dashboard.settings.webhooks.enabled:
        return PlainTextResponse("webhooks are off; set [webhooks] enabled = true", status_code=404)
    answer = challenge(dict(request.query_params), webhook_verify_token())
    if answer is None:
        return PlainTextResponse("verify token mismatch", status_code=403)
    return PlainTextResponse(answer)


@router.post("/webhooks/instagram")
async def notify(request: Request) -> Response:
    from tipqueue.instagram.graph.webhooks import signed_by
    from tipqueue.replies.notifications import store_notification

    dashboard = request.app.state.dashboard
    if not dashboard.settings.webhooks.enabled:
        return PlainTextResponse("webhooks are off; set [webhooks] enabled = true", status_code=404)
    body = await request.body()
    if not signed_by(body, request.headers.get("x-hub-signature-256"), _secrets(dashboard.settings)):
        return PlainTextResponse("bad signature", status_code=403)
    try:
        payload = json.loads(body)
    except ValueError:
        return PlainTextResponse("not JSON", status_code=400)
    added = store_notification(
        dashboard.store,
        payload,
        now=dashboard.clock(),
        read_mention=_mention_reader(dashboard.settings, payload),
    )
    return PlainTextResponse(f"stored {added}")


def _mention_reader(settings: Any, payload: Any) -> Callable[[str], Any] | None:
    """Reads a mentioning comment through the graph account the notification is for (lazily)."""
    names = [n for n, a in settings.accounts.items() if a.backend == "graph"]
    entry_ids = {str(e.get("id")) for e in (payload.get("entry") or []) if isinstance(e, dict)}
    chosen = next(
        (n for n in names if settings.accounts[n].ig_user_id in entry_ids), names[0] if names else None
    )
    if chosen is None:
        return None
    made: dict[str, Any] = {}

    def read(comment_id: str) -> Any:
        from tipqueue.instagram.graph.connect import connect_graph

        if "account" not in made:
            made["account"] = connect_graph(settings, chosen)
        return made["account"].mentioned_comment(comment_id)

    return read
