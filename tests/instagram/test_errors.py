"""Every instagrapi exception maps to one of our error types, and every fault the fake injects
reaches the caller as the right type through the real client."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import pytest
from tipqueue.config.errors import AuthRequired, NeedsPerson, RateLimited, Rejected, TransientError
from tipqueue.config.settings import Settings
from tipqueue.instagram.connect import connect
from tipqueue.instagram.errors import CATEGORY, map_error

KINDS = {
    "rate_limited": RateLimited,
    "transient": TransientError,
    "auth": AuthRequired,
    "person": NeedsPerson,
    "rejected": Rejected,
}


def _instagrapi_exception_classes() -> dict[str, type[BaseException]]:
    import instagrapi.exceptions as module

    return {
        name: klass
        for name, klass in inspect.getmembers(module, inspect.isclass)
        if issubclass(klass, BaseException) and klass.__module__ == module.__name__
    }


def test_every_instagrapi_exception_class_is_mapped_explicitly() -> None:
    classes = _instagrapi_exception_classes()

    unmapped = sorted(set(classes) - set(CATEGORY))
    stale = sorted(set(CATEGORY) - set(classes))
    assert not unmapped, f"add these instagrapi exceptions to instagram/errors.py CATEGORY: {unmapped}"
    assert not stale, f"CATEGORY names classes instagrapi no longer has: {stale}"


@pytest.mark.parametrize("name", sorted(CATEGORY))
def test_each_exception_becomes_one_of_our_types(name: str) -> None:
    klass = _instagrapi_exception_classes()[name]
    exc = klass("something happened")

    error = map_error(exc, account="clinic", action="publish_photo")

    expected = KINDS.get(CATEGORY[name], Rejected)  # by_status without a status: permanent
    assert type(error) is expected
    assert "\n" not in str(error) and "clinic" in str(error)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("LoginRequired", AuthRequired),
        ("ChallengeRequired", NeedsPerson),
        ("AccountSuspended", NeedsPerson),
        ("FeedbackRequired", NeedsPerson),
        ("SentryBlock", NeedsPerson),
        ("PleaseWaitFewMinutes", RateLimited),
        ("ClientThrottledError", RateLimited),
        ("ClientConnectionError", TransientError),
        ("MediaUnavailable", Rejected),
    ],
)
def test_the_important_ones(name: str, expected: type) -> None:
    exc = _instagrapi_exception_classes()[name]("x")
    assert type(map_error(exc, account="a", action="b")) is expected


def test_network_errors_below_instagrapi_are_transient_and_keep_maybe_done() -> None:
    import requests

    for exc in (requests.ReadTimeout("slow"), requests.ConnectionError("reset"), ConnectionResetError()):
        error = map_error(exc, account="a", action="publish_photo", maybe_done=True)
        assert type(error) is TransientError and error.maybe_done


FAULT_CASES = [
    ("429", RateLimited, False),
    ("please_wait", RateLimited, False),
    ("500", TransientError, True),
    ("login_required", AuthRequired, False),
    ("challenge", NeedsPerson, False),
    ("feedback", NeedsPerson, False),
    ("rejected", Rejected, False),
    ("drop_after_configure", TransientError, True),
]


@pytest.mark.parametrize(("fault", "expected", "maybe_done"), FAULT_CASES)
def test_fault_on_configure_reaches_the_publisher_as_the_right_type(
    sandbox_account: Any, fake_instagram: Any, jpegs: list[Path], fault: str, expected: type, maybe_done: bool
) -> None:
    sandbox_account._password = None  # no relogin: see the mapping itself
    fake_instagram.fail_next(r"/media/configure/$", fault)

    with pytest.raises(expected) as caught:
        sandbox_account.publish_photo(jpegs[0], f"fault {fault}", alt_text="x")

    assert type(caught.value) is expected
    if isinstance(caught.value, TransientError):
        assert caught.value.maybe_done is maybe_done
    assert len(fake_instagram.requests_to("configure")) == 1  # never re-sent by instagrapi
    if fault == "429":
        # The real body carries no Retry-After header: tipqueue's own "Please wait" pause applies.
        assert isinstance(caught.value, RateLimited) and caught.value.retry_after == 600
    created = [m["caption"] for m in fake_instagram.media_list()]
    assert created == (["fault drop_after_configure"] if fault == "drop_after_configure" else [])


def test_dropped_connection_after_configure_is_found_by_reconciliation(
    sandbox_account: Any, fake_instagram: Any, jpegs: list[Path]
) -> None:
    from tipqueue.posts.models import caption_fingerprint

    fake_instagram.fail_next(r"/media/configure/$", "drop_after_configure")
    with pytest.raises(TransientError) as caught:
        sandbox_account.publish_photo(jpegs[0], "Tip 3/8  exactly once", alt_text="x")
    assert caught.value.maybe_done

    recent = sandbox_account.recent_media()
    assert [caption_fingerprint(m.caption) for m in recent] == [caption_fingerprint("Tip 3/8 exactly once")]


def test_fault_during_upload_is_safe_to_retry(
    sandbox_account: Any, fake_instagram: Any, jpegs: list[Path]
) -> None:
    fake_instagram.fail_next(r"^/rupload_igphoto/", "500")

    with pytest.raises(TransientError) as caught:
        sandbox_account.publish_photo(jpegs[0], "x", alt_text="x")

    assert caught.value.maybe_done is False
    assert fake_instagram.requests_to("configure") == []


def test_timeout_on_configure_is_transient_and_maybe_done(
    sandbox_settings: Settings, fake_instagram: Any, jpegs: list[Path]
) -> None:
    account = connect(sandbox_settings, "clinic", environ={}, http_timeout=0.2)
    fake_instagram.fail_next(r"/media/configure/$", "timeout")

    with pytest.raises(TransientError) as caught:
        account.publish_photo(jpegs[0], "slow", alt_text="x")

    assert caught.value.maybe_done is True
    assert "Timeout" in str(caught.value)


@pytest.mark.parametrize(
    ("fault", "expected"), [("429", RateLimited), ("500", TransientError), ("challenge", NeedsPerson)]
)
def test_faults_on_reads_map_too_and_are_never_swallowed(
    sandbox_account: Any, fake_instagram: Any, fault: str, expected: type
) -> None:
    fake_instagram.fail_next(r"/feed/user/", fault)

    with pytest.raises(expected) as caught:
        sandbox_account.recent_media()

    if isinstance(caught.value, TransientError):
        assert caught.value.maybe_done is False
