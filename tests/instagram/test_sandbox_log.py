"""The sandbox's request log (``GET /__fake__/requests``) never shows a password or a 2FA code.

The bloks login sends the code as JSON inside the ``params`` field
(``client_input_params.code``); the log used to keep that JSON as it came, code included.
"""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any

from tipqueue.config.settings import Settings
from tipqueue.instagram.client import session_path
from tipqueue.instagram.connect import login
from tipqueue.instagram.fake.server import totp_code

PASSWORD = "correct horse battery"


def _log(fake: Any) -> str:
    with urllib.request.urlopen(f"{fake.base_url}/__fake__/requests", timeout=5) as response:
        return str(response.read().decode())


def test_a_typed_two_factor_code_is_not_in_the_request_log(
    sandbox_settings: Settings, fake_instagram: Any
) -> None:
    fake_instagram.password = PASSWORD
    fake_instagram.two_factor_code = "864209"
    session_path(sandbox_settings.sessions_dir, "clinic").unlink()

    login(sandbox_settings, "clinic", password=PASSWORD, verification_code="864209")

    log = _log(fake_instagram)
    verify = [r for r in json.loads(log) if "two_step_verification.verify_code" in r["path"]]
    assert verify, "the login did not go through the 2FA step"
    params = json.loads(verify[-1]["form"]["params"])
    assert params["client_input_params"]["code"] == "<redacted>"
    assert params["server_params"]["two_step_verification_context"]  # the rest stays readable
    assert "864209" not in log and PASSWORD not in log
    assert all(
        "864209" not in json.dumps(r.form) and not r.body for r in fake_instagram.requests_to("verify_code")
    )


def test_a_code_made_from_the_totp_seed_is_not_in_the_request_log(
    sandbox_settings: Settings, fake_instagram: Any
) -> None:
    seed = "JBSWY3DPEHPK3PXP"
    fake_instagram.password = PASSWORD
    fake_instagram.totp_seed = seed
    session_path(sandbox_settings.sessions_dir, "clinic").unlink()

    login(sandbox_settings, "clinic", password=PASSWORD, totp_seed=seed)

    log = _log(fake_instagram)
    now = time.time()
    codes = {totp_code(seed, now + step) for step in (-60, -30, 0, 30)}
    assert not [c for c in codes if c in log]
    assert PASSWORD not in log and seed not in log
