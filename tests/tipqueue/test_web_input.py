"""Bad request bodies and oversized ones: a 4xx with one line, nothing stored, nothing read whole.

Before: an impossible time in a reschedule was an HTTP 500 (ValueError, OverflowError), a 200 MB
body was read whole before anything looked at it, and JSON nested 100,000 deep or a list where
an object belongs got pydantic's words or "There was an error parsing the body".
"""

from __future__ import annotations

import contextlib
import json
import select
import socket
import sqlite3
import string
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import example, given
from hypothesis import strategies as st
from tipqueue.config.settings import Settings, load_settings
from tipqueue.posts.models import Post
from tipqueue.scheduler.store import Store

from tests.input_kit import FUZZ
from tests.tipqueue.conftest import NOW

LIMIT = "limits.request_body_mb"


def dump(settings: Settings) -> str:
    """Every row of the store, in order (the app holds the SQLite file open, so rows, not bytes)."""
    path = settings.db_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        return "\n".join(conn.iterdump())


def one_line_error(response: Any, status: int, *words: str) -> str:
    assert response.status_code == status, (response.status_code, response.text)
    message = response.json()["error"]
    assert isinstance(message, str) and message and "\n" not in message and "Traceback" not in message
    for word in words:
        assert word in message, (word, message)
    return str(message)


@pytest.mark.parametrize(
    ("at", "words"),
    [
        ("2027-02-30 09:00", ["'2027-02-30 09:00'", "February 2027 has 28 days"]),
        ("9999-12-31 23:59", ["'9999-12-31 23:59'", "from 1970 to 2099"]),
    ],
)
def test_an_impossible_time_in_a_reschedule_is_a_422_not_a_500(
    client: Any, web_settings: Settings, at: str, words: list[str]
) -> None:
    before = dump(web_settings)
    response = client.post("/api/posts/facial-muscles-03/reschedule", json={"at": at})
    one_line_error(response, 422, *words)
    assert dump(web_settings) == before


def test_the_dashboard_form_refuses_the_same_times(client: Any, web_settings: Settings, csrf: Any) -> None:
    token = csrf(client, "/posts/facial-muscles-03")
    before = dump(web_settings)
    for at in ("2027-02-30 09:00", "9999-12-31 23:59"):
        page = client.post("/posts/facial-muscles-03/reschedule", data={"at": at, "csrf_token": token})
        assert page.status_code == 422 and at in page.text
    assert dump(web_settings) == before


def test_a_body_declared_too_large_is_refused_before_the_route_runs(
    client: Any, web_settings: Settings
) -> None:
    before = dump(web_settings)
    response = client.post(
        "/api/posts/facial-muscles-05/approve",
        content=b"x" * 1_500_000,
        headers={"content-type": "application/json"},
    )
    one_line_error(response, 413, "the request body is 1.5 MB", "over the limit of 1 MB", LIMIT)
    assert dump(web_settings) == before  # the draft was not approved
    assert client.get("/api/posts/facial-muscles-05").json()["status"] == "draft"


def test_a_chunked_body_is_counted_and_refused_once_over_the_limit(
    client: Any, web_settings: Settings
) -> None:
    sent = []

    def chunks() -> Any:
        for _ in range(50):  # 5 MB if it were all read
            sent.append(1)
            yield b" " * 100_000

    before = dump(web_settings)
    response = client.post(
        "/api/posts/facial-muscles-03/reschedule",
        content=chunks(),
        headers={"content-type": "application/json"},
    )
    one_line_error(response, 413, "the request body is over the limit of 1 MB", LIMIT)
    assert dump(web_settings) == before


def test_the_limit_is_a_setting(tmp_path: Path, web_store: Store, seeded: list[Post]) -> None:
    from tipqueue.web import create_app

    settings = load_settings(
        tmp_path,
        overrides={
            "accounts": {"studio": {"username": "glow.studio", "timezone": "Europe/London"}},
            "limits": {"request_body_mb": 0.002},
        },
        environ={},
    )
    app = create_app(settings, store=web_store)
    with TestClient(app, base_url="http://127.0.0.1:8000") as small:
        refused = small.patch("/api/posts/facial-muscles-05", json={"caption": "x" * 2500})
        one_line_error(refused, 413, "over the limit of 0.002 MB", LIMIT)
        taken = small.patch("/api/posts/facial-muscles-05", json={"caption": "Relax your brow."})
        assert taken.status_code == 200, taken.text


def _raw_request(port: int, head: bytes, body_chunks: Any, *, wait: float = 10.0) -> bytes:
    """Send ``head`` then whole chunks until the server answers (or the chunks run out); the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as sock:
        sock.sendall(head)
        for chunk in body_chunks:
            if select.select([sock], [], [], 0)[0]:
                break  # the server has answered (or closed): stop sending
            try:
                sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError, TimeoutError):
                break
        answer = b""
        with contextlib.suppress(ConnectionResetError, TimeoutError):
            while b"\r\n\r\n" not in answer or not answer.split(b"\r\n\r\n", 1)[1]:
                more = sock.recv(65536)
                if not more:
                    break
                answer += more
        return answer


def test_a_real_server_answers_413_to_a_200_mb_body_without_waiting_for_it(live_server: Any) -> None:
    head = (
        b"POST /api/posts/facial-muscles-03/reschedule HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/json\r\nContent-Length: 200000000\r\n\r\n"
    )
    # only 1 MB of the 200 promised: a server that reads the body first never answers
    answer = _raw_request(live_server.port, head, [b" " * 65536] * 16)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"the request body is 200 MB, over the limit of 1 MB" in answer


def test_a_real_server_stops_reading_a_chunked_body_at_the_limit(live_server: Any) -> None:
    head = (
        b"POST /api/posts/facial-muscles-03/reschedule HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    piece = b" " * 65536
    chunk = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    answer = _raw_request(live_server.port, head, [chunk] * 64)  # 4 MB, never the closing chunk
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"over the limit of 1 MB" in answer


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        (b"[" * 100_000 + b"]" * 100_000, 400, ["nests lists or objects too deeply"]),
        (b'{"at": ', 422, ["not valid JSON", "at character 7"]),
        (b"[1, 2]", 422, ["the request body is a list, not a JSON object"]),
        (b'"2027-01-01 10:00"', 422, ["the request body is a text, not a JSON object"]),
        (b'{"at": 5}', 422, ["at = 5", "valid string"]),
        (b'{"at": "2027-01-01 10:00", "when": 1}', 422, ["when is not a field of this request"]),
        (b"{}", 422, ["at is missing from the request body"]),
        (b"\xff\xfe{}", 422, ["not valid JSON"]),
    ],
)
def test_a_malformed_body_gets_one_line_that_says_what_to_send(
    client: Any, web_settings: Settings, body: bytes, status: int, words: list[str]
) -> None:
    before = dump(web_settings)
    response = client.post(
        "/api/posts/facial-muscles-03/reschedule", content=body, headers={"content-type": "application/json"}
    )
    one_line_error(response, status, *words)
    assert dump(web_settings) == before


# --- Hypothesis: any body to every operation that takes one ---

JSON = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        st.text(max_size=20),
        st.sampled_from(["2027-02-30 09:00", "9999-12-31 23:59", "2027-01-01 10:00", "#skin care", ""]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(["at", "caption", "hashtags", "alt_text", "first_comment", "reason", "x"]),
            inner,
            max_size=3,
        ),
    ),
    max_leaves=8,
)
OPERATIONS = [
    ("PATCH", "/api/posts/{post}"),
    ("POST", "/api/posts/{post}/reschedule"),
    ("POST", "/api/accounts/studio/pause"),
]
POSTS = st.one_of(
    st.sampled_from(["facial-muscles-02", "facial-muscles-05", "FM-2"]),
    st.text(alphabet=string.ascii_letters + string.digits + "-._~%", min_size=1, max_size=30),
)


@FUZZ
@given(
    operation=st.sampled_from(OPERATIONS),
    post=POSTS,
    body=st.one_of(JSON.map(json.dumps).map(str.encode), st.binary(max_size=60)),
)
@example(operation=OPERATIONS[1], post="facial-muscles-02", body=b'{"at": "2027-02-30 09:00"}')
@example(operation=OPERATIONS[0], post="facial-muscles-02", body=b'{"caption": {"text": 1}}')
def test_any_body_is_answered_or_refused_in_one_line_and_a_refusal_changes_nothing(
    client: Any, web_settings: Settings, operation: tuple[str, str], post: str, body: bytes
) -> None:
    method, path = operation
    before = dump(web_settings)
    response = client.request(
        method, path.format(post=post), content=body, headers={"content-type": "application/json"}
    )
    if response.status_code < 300:
        return
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    one_line_error(response, response.status_code)
    assert dump(web_settings) == before


@FUZZ
@given(post_id=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,40}", fullmatch=True))
def test_every_id_the_post_id_check_passes_is_reachable_in_the_api_and_the_dashboard(
    client: Any, web_store: Store, post_id: str
) -> None:
    from tipqueue.posts.ids import post_id_problem
    from tipqueue.posts.models import PostStatus

    from tests.scheduler.test_store_kit import make_post

    assert post_id_problem(post_id) is None
    if post_id not in web_store.stored_ids([post_id]):
        web_store.add_posts([make_post(post_id, status=PostStatus.DRAFT, account="studio")], now=NOW)
    api = client.get(f"/api/posts/{post_id}")
    assert api.status_code == 200 and api.json()["id"] == post_id, api.text
    assert client.get(f"/posts/{post_id}").status_code == 200
