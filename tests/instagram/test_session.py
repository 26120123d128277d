"""Sessions and login: a stored session costs one request; password + 2FA logins save 0600 files;
a rejected session is re-established once."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from tipqueue.config.errors import AuthRequired
from tipqueue.config.settings import Settings
from tipqueue.instagram.client import read_session, session_path
from tipqueue.instagram.connect import connect, login
from tipqueue.instagram.fake.server import totp_code


def test_stored_session_is_validated_with_a_single_request(
    sandbox_settings: Settings, fake_instagram: Any
) -> None:
    account = connect(sandbox_settings, "clinic", environ={})

    assert [(r.method, r.path) for r in fake_instagram.requests] == [
        ("GET", "/api/v1/accounts/current_user/")
    ]
    assert fake_instagram.requests[0].host == "i.instagram.com"
    assert account.user_id == str(fake_instagram.owner["pk"])


def test_instagrapi_safety_settings_are_forced_over_the_saved_session(
    sandbox_settings: Settings, fake_instagram: Any
) -> None:
    path = session_path(sandbox_settings.sessions_dir, "clinic")
    saved = read_session(path)
    assert saved is not None
    saved.update(request_timeout=5, session_retry_total=3)  # what an old instagrapi session may carry
    path.write_text(__import__("json").dumps(saved))

    client = connect(sandbox_settings, "clinic", environ={}).client

    assert client.request_timeout == 0
    assert client.session_retry_total == 0
    assert client.with_challenge_flow is False


def test_password_and_two_factor_code_login_saves_a_private_session(
    sandbox_settings: Settings, fake_instagram: Any
) -> None:
    fake_instagram.password = "correct horse"
    fake_instagram.two_factor_code = "123456"
    path = session_path(sandbox_settings.sessions_dir, "clinic")
    path.unlink()

    with pytest.raises(AuthRequired, match="two-factor code"):
        login(sandbox_settings, "clinic", password="correct horse")
    with pytest.raises(AuthRequired, match="rejected the password"):
        login(sandbox_settings, "clinic", password="wrong", verification_code="123456")
    account = login(sandbox_settings, "clinic", password="correct horse", verification_code="123456")

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    saved = read_session(path)
    assert saved is not None and saved["authorization_data"]["sessionid"] in fake_instagram.sessions
    assert "correct horse" not in path.read_text()
    assert account.user_id == str(fake_instagram.owner["pk"])
    verify = fake_instagram.requests_to(r"two_step_verification\.verify_code")
    assert verify and verify[-1].form["params"] != "123456"  # recorded, but the code never in clear


def test_totp_seed_login_and_the_next_run_reuses_the_session(
    sandbox_settings: Settings, fake_instagram: Any
) -> None:
    seed = "JBSWY3DPEHPK3PXP"
    fake_instagram.totp_seed = seed
    session_path(sandbox_settings.sessions_dir, "clinic").unlink()

    login(sandbox_settings, "clinic", password="pw", totp_seed=seed)
    before = len(fake_instagram.requests)
    connect(sandbox_settings, "clinic", environ={})

    assert [r.path for r in fake_instagram.requests[before:]] == ["/api/v1/accounts/current_user/"]


def test_login_errors_name_the_variables_that_fix_them(tmp_path: Path, fake_instagram: Any) -> None:
    """An account named with '-' reads TIPQUEUE_..._MY_CLINIC; a code made from the stored seed that
    Instagram refuses points at the seed, not at typing a fresh code."""
    from tipqueue.config.settings import load_settings

    (tmp_path / "tipqueue.toml").write_text(
        f'[accounts.my-clinic]\nusername = "clinic"\nbackend = "sandbox"\n'
        f'sandbox_url = "{fake_instagram.base_url}"\n',
        encoding="utf-8",
    )
    settings = load_settings(tmp_path, environ={})
    fake_instagram.password = "pw"
    fake_instagram.totp_seed = "JBSWY3DPEHPK3PXP"

    with pytest.raises(AuthRequired, match="TIPQUEUE_PASSWORD_MY_CLINIC "):
        login(settings, "my-clinic", password="wrong")
    with pytest.raises(AuthRequired, match=r"TIPQUEUE_TOTP_SEED_MY_CLINIC$"):
        login(settings, "my-clinic", password="pw")
    with pytest.raises(AuthRequired, match="check the TOTP seed in TIPQUEUE_TOTP_SEED_MY_CLINIC "):
        login(settings, "my-clinic", password="pw", totp_seed="GEZDGNBVGY3TQOJQ")
    with pytest.raises(AuthRequired, match="use a fresh code"):
        login(settings, "my-clinic", password="pw", verification_code="000000")


def test_fake_speaks_legacy_two_factor_login(fake_instagram: Any) -> None:
    from instagrapi import Client
    from instagrapi.exceptions import TwoFactorRequired
    from tipqueue.instagram.fake.redirect import route_client_to

    fake_instagram.totp_seed = "JBSWY3DPEHPK3PXP"
    client = Client(private_transport="requests", request_timeout=0, session_retry_total=0)
    route_client_to(client, fake_instagram.base_url)
    with pytest.raises(TwoFactorRequired):
        client.login_legacy("clinic", "pw")
    code = totp_code("JBSWY3DPEHPK3PXP", fake_instagram.clock())

    assert client.login_legacy("clinic", "pw", verification_code=code)
    assert fake_instagram.requests_to("two_factor_login")


def test_rejected_session_is_relogged_once_then_the_call_retried(
    sandbox_settings: Settings, fake_instagram: Any, jpegs: list[Path]
) -> None:
    account = connect(sandbox_settings, "clinic", password="pw", environ={})
    fake_instagram.expire_sessions()

    media = account.publish_photo(jpegs[0], "after a relogin", alt_text="a card")

    assert [m["caption"] for m in fake_instagram.media_list()] == ["after a relogin"]
    assert len(fake_instagram.requests_to("send_login_request")) == 1
    saved = read_session(session_path(sandbox_settings.sessions_dir, "clinic"))
    assert saved is not None and saved["authorization_data"]["sessionid"] in fake_instagram.sessions
    assert media.caption == "after a relogin"


def test_session_rejected_twice_gives_auth_required_without_a_loop(
    sandbox_settings: Settings, fake_instagram: Any, jpegs: list[Path]
) -> None:
    account = connect(sandbox_settings, "clinic", password="pw", environ={})
    fake_instagram.fail_next(r"/media/configure/$", "login_required", times=2)

    with pytest.raises(AuthRequired, match="tipqueue login clinic"):
        account.publish_photo(jpegs[0], "never", alt_text="x")
    assert len(fake_instagram.requests_to("send_login_request")) == 1
    assert fake_instagram.media_list() == []


def test_without_a_password_a_rejected_session_asks_for_tipqueue_login(
    sandbox_settings: Settings, fake_instagram: Any
) -> None:
    account = connect(sandbox_settings, "clinic", environ={})
    fake_instagram.expire_sessions()
    # connect() for a sandbox falls back to the sandbox password; a real account has none
    account._password = None

    with pytest.raises(AuthRequired, match="run `tipqueue login clinic`"):
        account.recent_media()


def test_a_session_refreshed_by_another_process_is_picked_up(
    sandbox_settings: Settings, fake_instagram: Any
) -> None:
    from tipqueue.instagram.client import write_session

    account = connect(sandbox_settings, "clinic", environ={})
    account._password = None
    fake_instagram.expire_sessions()
    path = session_path(sandbox_settings.sessions_dir, "clinic")
    write_session(path, fake_instagram.issue_session("clinic"))  # e.g. `tipqueue login` elsewhere
    os.utime(path, ns=(1, 10**18))

    assert account.recent_media() == []
    assert not fake_instagram.requests_to("send_login_request")


def test_real_account_without_a_saved_session_says_how_to_log_in(tmp_path: Path) -> None:
    from tipqueue.config.settings import load_settings

    settings = load_settings(
        tmp_path, overrides={"accounts": {"shop": {"username": "shop"}}}, environ={}, check_files=False
    )
    with pytest.raises(AuthRequired, match="tipqueue login shop"):
        connect(settings, "shop", environ={})


OLD_APP = {  # the app profile an instagrapi#1505 log shows (2023): a version Instagram now bans
    "app_version": "269.0.0.18.75",
    "version_code": "314665256",
    "manufacturer": "OnePlus",
    "model": "6T Dev",
    "android_version": 26,
    "android_release": "8.0.0",
}


def _age_session(settings: Settings) -> dict[str, Any]:
    import json

    path = session_path(settings.sessions_dir, "clinic")
    saved = read_session(path)
    assert saved is not None
    saved["device_settings"] = dict(OLD_APP)
    saved["user_agent"] = "Instagram 269.0.0.18.75 Android (26/8.0.0; 480dpi; 1080x2137; OnePlus; 6T Dev)"
    path.write_text(json.dumps(saved))
    return saved


def test_login_moves_an_old_session_to_the_installed_app_version_and_keeps_the_device(
    sandbox_settings: Settings, fake_instagram: Any
) -> None:
    from instagrapi import config

    old = _age_session(sandbox_settings)
    login(sandbox_settings, "clinic", password="pw")
    saved = read_session(session_path(sandbox_settings.sessions_dir, "clinic"))
    assert saved is not None
    assert saved["device_settings"]["app_version"] == config.DEFAULT_APP_VERSION
    assert config.DEFAULT_APP_VERSION in saved["user_agent"] and "269.0.0" not in saved["user_agent"]
    assert saved["device_settings"]["manufacturer"] == "OnePlus"  # same phone
    assert saved["uuids"]["uuid"] == old["uuids"]["uuid"]  # same device identity
    sent = fake_instagram.requests_to("send_login_request")[-1]
    assert config.DEFAULT_APP_VERSION in sent.headers.get("User-Agent", "")


def test_relogin_uses_the_installed_app_version_too(
    sandbox_settings: Settings, fake_instagram: Any, jpegs: list[Path]
) -> None:
    from instagrapi import config

    _age_session(sandbox_settings)
    account = connect(sandbox_settings, "clinic", password="pw", environ={})
    fake_instagram.expire_sessions()
    account.publish_photo(jpegs[0], "after a relogin", alt_text="a card")
    saved = read_session(session_path(sandbox_settings.sessions_dir, "clinic"))
    assert saved is not None and saved["device_settings"]["app_version"] == config.DEFAULT_APP_VERSION


def test_a_pinned_app_profile_is_kept(tmp_path: Path, fake_instagram: Any) -> None:
    from tipqueue.config.settings import load_settings
    from tipqueue.instagram.client import write_session

    overrides = {
        "accounts": {
            "clinic": {
                "username": "clinic",
                "backend": "sandbox",
                "sandbox_url": fake_instagram.base_url,
                "device_settings": {"app_version": "428.0.0.47.67", "version_code": "961145276"},
            }
        }
    }
    settings = load_settings(tmp_path, overrides=overrides, environ={})
    write_session(session_path(settings.sessions_dir, "clinic"), fake_instagram.issue_session("clinic"))
    login(settings, "clinic", password="pw")
    saved = read_session(session_path(settings.sessions_dir, "clinic"))
    assert saved is not None and saved["device_settings"]["app_version"] == "428.0.0.47.67"
