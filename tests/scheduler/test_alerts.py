"""Alerts reach a real loopback webhook and a real loopback SMTP server, and never carry secrets."""

from __future__ import annotations

import json
import socketserver
import threading
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_string
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from tipqueue.config.errors import Rejected
from tipqueue.config.settings import Settings, load_settings
from tipqueue.posts.models import PostStatus
from tipqueue.scheduler.alerts import notifier, redact, send_alert
from tipqueue.scheduler.publish import publish_due
from tipqueue.scheduler.store import Store

from tests.scheduler.test_publish_kit import ACCOUNT, T0, FakePublisher, make_post, open_store


class Webhook:
    """A loopback HTTP server that keeps every JSON body posted to it."""

    def __init__(self, status: int = 200) -> None:
        self.bodies: list[dict[str, object]] = []
        self.status = status
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                outer.bodies.append(json.loads(self.rfile.read(length)))
                self.send_response(outer.status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/services/T000/B000/xyz"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class SMTPServer:
    """A tiny loopback SMTP server (enough of RFC 5321 for smtplib) that keeps each message."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], str]] = []
        outer = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(f"{line}\r\n".encode())

            def handle(self) -> None:
                self.reply("220 localhost test SMTP")
                sender, rcpts = "", []
                while True:
                    raw = self.rfile.readline()
                    if not raw:
                        return
                    cmd = raw.decode().strip()
                    verb = cmd.split(" ", 1)[0].upper()
                    if verb in ("EHLO", "HELO"):
                        self.reply("250 localhost")
                    elif verb == "MAIL":
                        sender = cmd.split(":", 1)[1].strip().strip("<>")
                        self.reply("250 OK")
                    elif verb == "RCPT":
                        rcpts.append(cmd.split(":", 1)[1].strip().strip("<>"))
                        self.reply("250 OK")
                    elif verb == "DATA":
                        self.reply("354 end with .")
                        lines = []
                        while (line := self.rfile.readline().decode()) not in (".\r\n", ""):
                            lines.append(line)
                        outer.messages.append((sender, rcpts, "".join(lines)))
                        self.reply("250 queued")
                    elif verb == "QUIT":
                        self.reply("221 bye")
                        return
                    else:
                        self.reply("250 OK")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    hook = Webhook()
    yield hook
    hook.close()


@pytest.fixture
def smtp() -> Iterator[SMTPServer]:
    server = SMTPServer()
    yield server
    server.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(f"sqlite:///{tmp_path / 'tipqueue.db'}")
    yield s
    s.close()


def settings_for(tmp_path: Path, **alerts: object) -> Settings:
    return load_settings(
        tmp_path,
        overrides={"accounts": {ACCOUNT: {"username": "clinic.demo"}}, "alerts": alerts},
        environ={},
    )


def test_a_post_needing_attention_reaches_webhook_email_and_status(
    tmp_path: Path, store: Store, webhook: Webhook, smtp: SMTPServer
) -> None:
    settings = settings_for(
        tmp_path,
        webhook_url=webhook.url,
        email_to="team@example.test, lead@example.test",
        smtp_host="127.0.0.1",
        smtp_port=smtp.port,
    )
    store.add_posts([make_post(tmp_path / "posts", "tip-01")], now=T0)
    pub = FakePublisher()
    pub.fail_next(Rejected("Instagram refused the image", detail="Aspect ratio not supported"))
    publish_due(
        store,
        {ACCOUNT: pub},
        now=T0 + timedelta(minutes=1),
        settings=settings,
        runner_id="r1",
        notify=notifier(store, settings, clock=lambda: T0 + timedelta(minutes=1)),
    )
    assert store.get_post("tip-01").status is PostStatus.NEEDS_ATTENTION
    assert len(webhook.bodies) == 1
    text = str(webhook.bodies[0]["text"])
    assert "tip-01" in text and "Aspect ratio not supported" in text
    ((sender, rcpts, raw),) = smtp.messages
    assert sender == "tipqueue@localhost"
    assert rcpts == ["team@example.test", "lead@example.test"]
    mail = message_from_string(raw)
    assert "tip-01 (clinic) needs attention" in mail["Subject"]
    assert "Aspect ratio not supported" in mail.get_payload()
    assert any("tip-01" in a.message and a.level == "error" for a in store.list_alerts())


def test_secrets_in_an_error_text_never_leave_in_an_alert(
    tmp_path: Path, store: Store, webhook: Webhook
) -> None:
    settings = settings_for(tmp_path, webhook_url=webhook.url)
    leaky = (
        "login failed: sessionid=8812345%3Aabc password: hunter2 Authorization: Bearer IGT:2:eyJkc191c2VyX2lk"
    )
    delivery = send_alert(store, settings, message=leaky, now=T0)
    sent = str(webhook.bodies[0]["text"])
    for secret in ("8812345", "hunter2", "eyJkc191c2VyX2lk"):
        assert secret not in sent and secret not in delivery.message
        assert all(secret not in a.message for a in store.list_alerts())
    assert "sessionid=***" in sent and "password: ***" in sent


def test_an_unreachable_webhook_or_mail_relay_is_reported_without_the_webhook_address(
    tmp_path: Path, store: Store, webhook: Webhook
) -> None:
    webhook.status = 500
    settings = settings_for(tmp_path, webhook_url=webhook.url, email_to="team@example.test", smtp_port=9)
    delivery = send_alert(store, settings, message="post x needs attention", now=T0)
    assert delivery.webhook is not None and "HTTP 500" in delivery.webhook
    assert delivery.email is not None and "failed" in delivery.email
    messages = [a.message for a in store.list_alerts()]
    assert any("could not be delivered" in m and "HTTP 500" in m for m in messages)
    assert all("/services/T000" not in m for m in messages)  # the webhook's secret path stays private


def test_redact_keeps_ordinary_text() -> None:
    text = "post tip-03 needs attention: Instagram refused the caption (over 2,200 characters)"
    assert redact(text) == text
