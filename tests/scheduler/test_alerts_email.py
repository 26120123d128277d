"""Email alerts through a real SMTP server on loopback (aiosmtpd): STARTTLS and implicit TLS with
a login, certificates from a throw-away local CA (trustme). The password comes from the
environment and never appears in an alert, a message or the log."""

from __future__ import annotations

import logging
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from tipqueue.config.errors import SettingsError
from tipqueue.config.settings import Settings, load_settings
from tipqueue.scheduler.alerts import send_alert
from tipqueue.scheduler.store import Store

from tests.scheduler.test_publish_kit import ACCOUNT, T0, open_store

PASSWORD = "correct-horse-battery-staple"
USER = "alerts@clinic.example"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Mailbox:
    messages: list[Any] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture(scope="module")
def ca() -> Any:
    import trustme

    return trustme.CA()


def _server(ca: Any, mailbox: Mailbox, *, implicit: bool) -> Any:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_ctx)

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> Any:
        ok = auth_data.login.decode() == USER and auth_data.password.decode() == PASSWORD
        mailbox.logins.append(f"{auth_data.login.decode()}:{'ok' if ok else 'refused'}")
        return AuthResult(success=ok, handled=False)

    # one mechanism, so a refused login is answered once (smtplib would try the next one)
    options: dict[str, Any] = {"authenticator": authenticator, "auth_exclude_mechanism": ["LOGIN"]}
    if implicit:
        # the whole connection is TLS; aiosmtpd only counts STARTTLS for auth_require_tls
        options |= {"ssl_context": server_ctx, "auth_require_tls": False}
    else:
        options |= {"tls_context": server_ctx, "require_starttls": True, "auth_require_tls": True}
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    return controller


@pytest.fixture
def starttls_server(ca: Any) -> Iterator[tuple[Any, Mailbox]]:
    mailbox = Mailbox()
    controller = _server(ca, mailbox, implicit=False)
    yield controller, mailbox
    controller.stop()


@pytest.fixture
def ssl_server(ca: Any) -> Iterator[tuple[Any, Mailbox]]:
    mailbox = Mailbox()
    controller = _server(ca, mailbox, implicit=True)
    yield controller, mailbox
    controller.stop()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(f"sqlite:///{tmp_path / 'tipqueue.db'}")
    yield s
    s.close()


def settings_for(tmp_path: Path, ca: Any, port: int, **alerts: object) -> Settings:
    ca_file = tmp_path / "clinic-ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    values: dict[str, object] = {
        "email_to": "team@clinic.example",
        "email_from": USER,
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_username": USER,
        "smtp_ca_file": str(ca_file),
        **alerts,
    }
    return load_settings(
        tmp_path, overrides={"accounts": {ACCOUNT: {"username": "clinic.demo"}}, "alerts": values}, environ={}
    )


def everything_said(store: Store, delivery: Any, caplog: pytest.LogCaptureFixture) -> str:
    return " ".join(
        [delivery.message, str(delivery.email), caplog.text, *(a.message for a in store.list_alerts())]
    )


def test_starttls_with_a_login_delivers_and_the_password_stays_secret(
    tmp_path: Path,
    store: Store,
    ca: Any,
    starttls_server: tuple[Any, Mailbox],
    caplog: pytest.LogCaptureFixture,
) -> None:
    controller, mailbox = starttls_server
    settings = settings_for(tmp_path, ca, controller.port, smtp_security="starttls")
    caplog.set_level(logging.DEBUG)
    delivery = send_alert(
        store,
        settings,
        message="post tip-01 needs attention",
        now=T0,
        environ={"TIPQUEUE_SMTP_PASSWORD": PASSWORD},
    )
    assert delivery.email == "sent", delivery.errors
    assert mailbox.logins == [f"{USER}:ok"]
    (envelope,) = mailbox.messages
    assert envelope.rcpt_tos == ["team@clinic.example"]
    assert "tip-01 needs attention" in message_from_bytes(envelope.content).get_payload()
    assert PASSWORD not in everything_said(store, delivery, caplog)


def test_implicit_tls_on_port_465_style_servers(
    tmp_path: Path, store: Store, ca: Any, ssl_server: tuple[Any, Mailbox]
) -> None:
    controller, mailbox = ssl_server
    settings = settings_for(tmp_path, ca, controller.port, smtp_security="ssl")
    delivery = send_alert(store, settings, message="x", now=T0, environ={"TIPQUEUE_SMTP_PASSWORD": PASSWORD})
    assert delivery.email == "sent", delivery.errors
    assert len(mailbox.messages) == 1


def test_auto_picks_tls_by_port() -> None:
    from tipqueue.config.settings import AlertSettings

    assert [AlertSettings(smtp_port=p).security for p in (465, 587, 25)] == ["ssl", "starttls", "none"]


def test_a_wrong_password_says_what_to_check_without_showing_it(
    tmp_path: Path,
    store: Store,
    ca: Any,
    starttls_server: tuple[Any, Mailbox],
    caplog: pytest.LogCaptureFixture,
) -> None:
    controller, mailbox = starttls_server
    settings = settings_for(tmp_path, ca, controller.port, smtp_security="starttls")
    delivery = send_alert(
        store, settings, message="x", now=T0, environ={"TIPQUEUE_SMTP_PASSWORD": "wrong-secret"}
    )
    assert delivery.email is not None and "SMTPAuthenticationError: 535" in delivery.email
    assert "check alerts.smtp_username and TIPQUEUE_SMTP_PASSWORD" in delivery.email
    assert "wrong-secret" not in everything_said(store, delivery, caplog)
    assert mailbox.messages == []


def test_no_password_anywhere_names_where_to_put_it(
    tmp_path: Path, store: Store, ca: Any, starttls_server: tuple[Any, Mailbox]
) -> None:
    controller, _ = starttls_server
    settings = settings_for(tmp_path, ca, controller.port, smtp_security="starttls")
    delivery = send_alert(store, settings, message="x", now=T0, environ={})
    assert delivery.email is not None
    assert f"no password for SMTP login '{USER}'; set TIPQUEUE_SMTP_PASSWORD" in delivery.email


def test_a_server_certificate_nobody_vouches_for_is_refused_with_the_fix(
    tmp_path: Path, store: Store, ca: Any, starttls_server: tuple[Any, Mailbox]
) -> None:
    controller, mailbox = starttls_server
    settings = settings_for(tmp_path, ca, controller.port, smtp_security="starttls", smtp_ca_file=None)
    delivery = send_alert(store, settings, message="x", now=T0, environ={"TIPQUEUE_SMTP_PASSWORD": PASSWORD})
    assert delivery.email is not None and "set alerts.smtp_ca_file" in delivery.email
    assert mailbox.logins == []  # the password was never sent to an unverified server


def test_the_password_cannot_be_put_in_tipqueue_toml(tmp_path: Path) -> None:
    (tmp_path / "tipqueue.toml").write_text('[alerts]\nsmtp_password = "hunter2"\n', encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(tmp_path, environ={})
    assert "unknown setting 'alerts.smtp_password'" in str(caught.value) and "hunter2" not in str(
        caught.value
    )
