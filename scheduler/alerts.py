"""Say loudly when a post needs a person: the store's alert list, a webhook, an email.

Every alert is stored (``tipqueue status`` shows it), then sent to ``alerts.webhook_url`` as
Slack-compatible JSON (``{"text": ...}``) and/or mailed to ``alerts.email_to`` through
``alerts.smtp_host:smtp_port``: a local relay in plain SMTP, or a mail service (Microsoft 365,
Google Workspace, a host's SMTP) with STARTTLS or implicit TLS and a login whose password comes
from ``TIPQUEUE_SMTP_PASSWORD`` or the keyring. The standard library's smtplib does this; Apprise
was considered and not taken: its mail target carries the password inside a URL (the kind of
setting that ends up in tipqueue.toml and logs), and it reports a failed delivery as False plus
log lines, where staff need the one-line reason. Delivery failures never stop publishing: they are
logged and stored as an alert of their own.

Alerts never carry secrets: tokens, session ids and passwords that an error text might contain
are masked, and the webhook address (a Slack webhook URL is itself a secret) is never logged.
"""

from __future__ import annotations

import json
import logging
import re
import smtplib
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tipqueue.config.secrets import SMTP_PASSWORD_ENV, smtp_password
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


class _NoPassword(smtplib.SMTPException):
    """alerts.smtp_username is set but neither the environment nor the keyring has its password."""


def _tls_context(ca_file: str | None) -> ssl.SSLContext:
    # the system's trust store and hostname checking; a clinic's own relay may name its CA file
    return ssl.create_default_context(cafile=ca_file)


def _send_email(
    settings: Settings, subject: str, text: str, timeout: float, environ: Mapping[str, str] | None
) -> None:
    """Mail the alert: plain to a local relay, or STARTTLS / implicit TLS with a login."""
    alerts = settings.alerts
    assert alerts.email_to is not None
    recipients = [a.strip() for a in alerts.email_to.split(",") if a.strip()]
    msg = EmailMessage()
    msg["From"] = alerts.email_from
    msg["To"] = ", ".join(recipients)
    msg["Subject"] = subject
    msg.set_content(text)
    password = None
    if alerts.smtp_username:
        password = smtp_password(alerts.smtp_username, environ, use_keyring=environ is None)
        if not password:
            raise _NoPassword(
                f"no password for SMTP login {alerts.smtp_username!r}; set {SMTP_PASSWORD_ENV} or store "
                f"it with `keyring set tipqueue smtp:{alerts.smtp_username}`"
            )
    security = alerts.security
    context = _tls_context(alerts.smtp_ca_file) if security != "none" else None
    smtp: smtplib.SMTP
    if security == "ssl":
        smtp = smtplib.SMTP_SSL(alerts.smtp_host, alerts.smtp_port, timeout=timeout, context=context)
    else:
        smtp = smtplib.SMTP(alerts.smtp_host, alerts.smtp_port, timeout=timeout)
    with smtp:
        if security == "starttls":
            smtp.starttls(context=context)
        if alerts.smtp_username and password:
            smtp.login(alerts.smtp_username, password)
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
    environ: Mapping[str, str] | None = None,
) -> Delivery:
    """Store the alert, then deliver it to the configured webhook and/or email address.

    ``environ`` is where the SMTP password is looked up (None: the process environment, then the
    keyring).
    """
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
            _send_email(settings, subject or f"tipqueue: {text[:70]}", text, timeout, environ)
            delivery.email = "sent"
        except (OSError, smtplib.SMTPException) as exc:
            reason = (
                f"email to {settings.alerts.email_to} via {settings.alerts.smtp_host}:{settings.alerts.smtp_port} "
                f"({settings.alerts.security}) failed ({redact(_brief(exc))}){_email_hint(exc)}"
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


def _email_hint(exc: BaseException) -> str:
    if isinstance(exc, _NoPassword):
        return ""
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return f"; check alerts.smtp_username and {SMTP_PASSWORD_ENV} (or the keyring entry)"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return "; the server's certificate is not trusted: set alerts.smtp_ca_file to its CA's PEM file"
    if isinstance(exc, smtplib.SMTPNotSupportedError | ssl.SSLError | smtplib.SMTPServerDisconnected):
        return "; check alerts.smtp_security (starttls on port 587, ssl on 465) against the mail service"
    return ""


def _brief(exc: BaseException) -> str:
    if isinstance(exc, _NoPassword):
        return str(exc)
    if isinstance(exc, smtplib.SMTPResponseException):
        detail = (
            exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        )
        return f"{type(exc).__name__}: {exc.smtp_code} {' '.join(str(detail).split())}"
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
