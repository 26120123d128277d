"""One post-id check (posts/ids.py) for every way a post enters: post.json folders and queue import.

An id with a '/' used to be accepted and then could never be opened from the dashboard or the API.
"""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tipqueue.config.errors import InputError
from tipqueue.posts.ids import MAX_CHARS, check_post_id, post_id_problem
from tipqueue.posts.models import slugify

from tests.input_kit import FUZZ, assert_refused, invoke, queued_workspace, run, store_bytes
from tests.scheduler.test_store_kit import make_series


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return queued_workspace(tmp_path_factory.mktemp("ids"))


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("facial/01", "it contains '/'"),
        ("../etc", "it starts with '.'"),
        ("tip 3", "it contains a space"),
        ("tip?3", "it contains '?'"),
        ("tip#3", "it contains '#'"),
        ("50%", "it contains '%'"),
        ("tip\x003", "the control character U+0000"),
        ("café-1", "it contains 'é'"),
        ("", "it is empty"),
        ("x" * (MAX_CHARS + 1), f"at most {MAX_CHARS}"),
    ],
)
def test_an_id_that_cannot_be_in_a_link_is_refused_with_the_reason_and_the_fix(
    value: str, problem: str
) -> None:
    with pytest.raises(InputError) as caught:
        check_post_id(value, "posts.json row 3")
    message = str(caught.value)
    assert message.startswith("posts.json row 3: post id ") and problem in message
    assert "use letters, digits, '-', '_' and '.'" in message and "\n" not in message


@FUZZ
@given(title=st.text(max_size=80), position=st.integers(min_value=0, max_value=999))
def test_every_id_tipqueue_makes_itself_passes(title: str, position: int) -> None:
    assert post_id_problem(f"{slugify(title)}-{position:02d}") is None


def test_queue_import_refuses_a_post_id_with_a_slash(workspace: Path) -> None:
    rows = [{"id": "facial/04", "caption": "Tip four. #skincare", "status": "draft"}]
    (workspace / "new.json").write_text(json.dumps(rows), encoding="utf-8")
    before = store_bytes(workspace)
    assert_refused(run(workspace, "queue", "import", str(workspace / "new.json")), "'facial/04'", "'/'")
    assert store_bytes(workspace) == before


@pytest.mark.parametrize("bad", ["facial/09", "facial 09", "facial?09"])
def test_queue_add_refuses_a_post_json_whose_id_cannot_be_in_a_link(workspace: Path, bad: str) -> None:
    series = make_series(workspace / "more", 1)
    post_file = next(series.glob("*/post.json"))
    data = json.loads(post_file.read_text(encoding="utf-8"))
    post_file.write_text(json.dumps({**data, "id": bad}), encoding="utf-8")
    before = store_bytes(workspace)
    assert_refused(invoke(workspace, "queue", "add", str(series)), repr(bad), "post.json")
    assert store_bytes(workspace) == before


_ALLOWED = string.ascii_letters + string.digits + "._-"


@FUZZ
@given(value=st.text(min_size=1, max_size=40))
def test_the_check_agrees_with_what_a_link_can_carry(value: str) -> None:
    ok = post_id_problem(value) is None
    assert ok == (value[0].isascii() and value[0].isalnum() and all(c in _ALLOWED for c in value))
