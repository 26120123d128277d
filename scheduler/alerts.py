"""Say loudly when a post needs a person: the store's alert list, a webhook, an email.

Every alert is stored (``tipqueue status`` shows it), then sent to ``alerts.webhook_url`` as
Slack-compatible JSON (``{"text": ...}``) and/or mailed to ``alerts.email_to`` through the SMTP
relay at ``alerts.smtp_host:smtp_port``. Delivery failures never stop publishing: they are
logged and stored as an alert of their own.

Alerts never carry secrets: tokens, session ids and passwords that an error text might contain
are masked, and the webhook address (a Slack webhook URL is itself a secret) is never logged.
"""

from __future__ import annotations

import json
import logging
import re
import smtplib
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tipqueue.config.settings import Settings
from tipqueue.posts.models import Post
from tipqueue.scheduler.publish import Outcome, PostOutcome

if TYPE_CHECKING:
    from tipqueue.scheduler.store import Store

log = logging.getLogger("tipqueue.alerts")

_SECRETS = [
    re.compile(
        r"(?i)\b(sessionid|csrftoken|ds_user_id|password|passwd|token|secret|api_key|totp)(\s*[=:]\s*)\S+"
    ),
    re.compile(r"(?i)\b(bearer)(\s+)\S+"),
    re.compile(r"()()\bIGT:\d:[A-Za-z0-9+/=._-]+"),
    re.compile(r"()()https://hooks\.slack\.com/\S+"),
]


def redact(text: str) -> str:
    """Mask anything that looks like a credential (keeps the name of the field)."""
    for pattern in _SECRETS:
        text = pattern.sub(lambda m: f"{m.group(1)}{m.group(2)}***", text)
    return text


@dataclass
class Delivery:
    """What happened to one alert."""

    message: str
    webhook: str | None = None  # "sent", or why not; None when no webhook is configured
    email: str | None = None
    errors: list[str] = field(default_factory=list)


def _where(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or '?'}"


def _post_webhook(url: str, text: str, timeout: float) -> None:
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValueError("alerts.webhook_url must be an http:// or https:// address")
    body = json.dumps({"text": text}).encode("utf-8")
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json", "User-Agent": "tipqueue"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        response.read()


def _send_email(settings: Settings, subject: str, text: str, timeout: float) -> None:
    alerts = settings.alerts
    assert alerts.email_to is not None
    recipients = [a.strip() for a in alerts.email_to.split(",") if a.strip()]
    msg = EmailMessage()
    msg["From"] = alerts.email_from
    msg["To"] = ", ".join(recipients)
    msg["Subject"] = subject
    msg.set_content(text)
    with smtplib.SMTP(alerts.smtp_host, alerts.smtp_port, timeout=timeout) as smtp:
        smtp.send_message(msg, from_addr=alerts.email_from, to_addrs=recipients)


def send_alert(
    store: Store,
    settings: Settings,
    *,
    message: str,
    now: datetime,
    level: str = "error",
    account: str | None = None,
    post_id: str | None = None,
    subject: str | None = None,
    timeout: float = 5.0,
) -> Delivery:
    """Store the alert, then deliver it to the configured webhook and/or email address."""
    text = redact(" ".join(message.split()))
    store.add_alert(account=account, post_id=post_id, level=level, message=text, now=now)
    delivery = Delivery(text)
    webhook = settings.alerts.webhook_url
    if webhook:
        try:
            _post_webhook(webhook, f"tipqueue: {text}", timeout)
            delivery.webhook = "sent"
        except (OSError, ValueError, urllib.error.URLError) as exc:
            reason = f"webhook at {_where(webhook)} did not take the alert ({redact(_brief(exc))})"
            delivery.webhook = reason
            delivery.errors.append(reason)
    if settings.alerts.email_to:
        try:
            _send_email(settings, subject or f"tipqueue: {text[:70]}", text, timeout)
            delivery.email = "sent"
        except (OSError, smtplib.SMTPException) as exc:
            reason = (
                f"email to {settings.alerts.email_to} via {settings.alerts.smtp_host}:{settings.alerts.smtp_port} "
                f"failed ({redact(_brief(exc))})"
            )
            delivery.email = reason
            delivery.errors.append(reason)
    for reason in delivery.errors:
        log.warning("alert not delivered: %s", reason)
        store.add_alert(
            account=account,
            post_id=post_id,
            level="warning",
            message=f"an alert could not be delivered: {reason}; check the [alerts] settings",
            now=now,
        )
    return delivery


def _brief(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code}"
    if isinstance(exc, urllib.error.URLError):
        return str(exc.reason)
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def outcome_message(outcome: PostOutcome) -> tuple[str, str]:
    """(subject, text) for a post that needs a person or keeps failing."""
    who = f"post {outcome.post_id} ({outcome.account or 'no account'})"
    if outcome.outcome is Outcome.NEEDS_ATTENTION:
        return (
            f"tipqueue: {who} needs attention",
            f"{who} needs attention: {outcome.detail}",
        )
    when = outcome.next_attempt_at.isoformat(timespec="minutes") if outcome.next_attempt_at else "later"
    return (
        f"tipqueue: {who} keeps failing",
        f"{who} failed {outcome.attempts} times in a row; next try at {when}: {outcome.detail}",
    )


def notifier(
    store: Store, settings: Settings, *, clock: Callable[[], datetime]
) -> Callable[[PostOutcome, Post], None]:
    """The ``notify`` callable for :func:`scheduler.publish.publish_due`."""

    def notify(outcome: PostOutcome, post: Post) -> None:
        subject, text = outcome_message(outcome)
        level = "error" if outcome.outcome is Outcome.NEEDS_ATTENTION else "warning"
        send_alert(
            store,
            settings,
            message=text,
            subject=subject,
            now=clock(),
            level=level,
            account=outcome.account,
            post_id=outcome.post_id,
        )

    return notify
