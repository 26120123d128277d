"""Bad tipqueue.toml files: one line naming the file or the setting, exit 2, the store untouched.

The corpus in tests/config/malformed/ holds the mistakes seen (``slots = 5`` was a TypeError, a
Latin-1 file a UnicodeDecodeError, ``delay_range = [5, -1]`` was accepted); Hypothesis then puts
values of every type under every known key.
"""

from __future__ import annotations

import json
import math
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel
from tipqueue.config.errors import SettingsError
from tipqueue.config.settings import CONFIG_FILE, Settings, load_settings

from tests.input_kit import CONFIG, FUZZ, assert_refused, invoke, queued_workspace, run, store_bytes

MALFORMED = Path(__file__).parent / "malformed"
CORPUS = sorted(MALFORMED.glob("*.toml"))
#: what each file's one line must say (beyond "error: ")
EXPECTED = {
    "slots-a-number.toml": ["accounts.clinic.slots = 5", "a list of texts"],
    "delay-range-backwards.toml": ["accounts.clinic.delay_range = [5, -1]", "0 <= MIN <= MAX"],
    "default-account-typo.toml": ["setting default_account = 'clnic'", "[accounts.clnic]"],
    "latin-1.toml": ["tipqueue.toml is not UTF-8", "0xe9 on line 1"],
    "utf-16.toml": ["tipqueue.toml is not UTF-8"],
    "nested-5000.toml": ["nests tables or lists too deeply"],
    "limit-zero.toml": ["limits.article_mb", "greater than 0", "change it in tipqueue.toml"],
}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield queued_workspace(tmp_path_factory.mktemp("settings"))


@pytest.fixture
def restored(workspace: Path) -> Iterator[Path]:
    yield workspace
    (workspace / CONFIG_FILE).write_text(CONFIG, encoding="utf-8")


@pytest.mark.parametrize("name", ["slots-a-number.toml", "latin-1.toml"])
def test_the_real_process_refuses_the_files_that_raised_tracebacks(restored: Path, name: str) -> None:
    shutil.copyfile(MALFORMED / name, restored / CONFIG_FILE)
    before = store_bytes(restored)
    assert_refused(run(restored, "status"), *EXPECTED[name])
    assert store_bytes(restored) == before


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_malformed_settings_file_is_one_line_and_changes_nothing(restored: Path, path: Path) -> None:
    shutil.copyfile(path, restored / CONFIG_FILE)
    before = store_bytes(restored)
    line = assert_refused(invoke(restored, "queue", "list"), *EXPECTED.get(path.name, []))
    assert "tipqueue.toml" in line or "setting" in line
    assert store_bytes(restored) == before


def test_delay_range_takes_a_sane_range_of_seconds(tmp_path: Path) -> None:
    for good in ([0, 0], [1, 3], [2.5, 2.5]):
        (tmp_path / CONFIG_FILE).write_text(
            f'[accounts.clinic]\nusername = "c"\ndelay_range = {json.dumps(good)}\n', encoding="utf-8"
        )
        assert load_settings(tmp_path, environ={}).accounts["clinic"].delay_range == tuple(good)
    for bad in ([5, -1], [-1, 2], [3, 1], [0, 601]):
        (tmp_path / CONFIG_FILE).write_text(
            f'[accounts.clinic]\nusername = "c"\ndelay_range = {json.dumps(bad)}\n', encoding="utf-8"
        )
        with pytest.raises(SettingsError, match=r"delay_range .*0 <= MIN <= MAX <= 600"):
            load_settings(tmp_path, environ={})


def test_a_bad_default_account_message_names_the_setting(tmp_path: Path) -> None:
    (tmp_path / CONFIG_FILE).write_text('default_account = "shop"\n', encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(tmp_path, environ={})
    assert str(caught.value) == (
        "setting default_account = 'shop' names no [accounts.*] table (configured: none); "
        "fix the name or add [accounts.shop]"
    )


# --- Hypothesis: any value under any known key ---


def _leaf_paths(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, field in model.model_fields.items():
        if name == "workspace":
            continue
        inner = next(
            (
                a
                for a in (field.annotation, *get_args(field.annotation))
                if isinstance(a, type) and issubclass(a, BaseModel)
            ),
            None,
        )
        if inner is None:
            yield (*prefix, name)
        elif get_origin(field.annotation) is dict:
            yield from _leaf_paths(inner, (*prefix, name, "clinic"))
        else:
            yield from _leaf_paths(inner, (*prefix, name))


PATHS = sorted(_leaf_paths(Settings))
_SCALARS = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["#FFFFFF", "daily 09:00", "UTC", "sqlite:///x.db", "clinic", "", "file"]),
)
VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["a", "username", "name"]), inner, max_size=2),
    ),
    max_leaves=6,
)
_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else ("inf" if value > 0 else "-inf")
            if math.isinf(value)
            else repr(value)
        )
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{_key(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"


def _key(key: str) -> str:
    return key if _BARE.match(key) else json.dumps(key)


def _document(changes: list[tuple[tuple[str, ...], Any]]) -> str:
    tree: dict[str, Any] = {"accounts": {"clinic": {"username": "clinic.demo"}}}
    for path, value in changes:
        node = tree
        for part in path[:-1]:
            child = node.get(part)
            node[part] = child = child if isinstance(child, dict) else {}
            node = child
        node[path[-1]] = value
    return "".join(f"{_key(k)} = {_toml_value(v)}\n" for k, v in tree.items())


@FUZZ
@given(changes=st.lists(st.tuples(st.sampled_from(PATHS), VALUES), min_size=1, max_size=3))
def test_any_value_under_any_setting_loads_or_is_one_settings_error(
    tmp_path: Path, changes: list[Any]
) -> None:
    (tmp_path / CONFIG_FILE).write_text(_document(changes), encoding="utf-8")
    try:
        load_settings(tmp_path, environ={})
    except SettingsError as exc:
        assert str(exc) and "\n" not in str(exc) and exc.exit_code == 2


@FUZZ
@given(data=st.binary(max_size=200))
def test_any_bytes_as_the_settings_file_load_or_are_one_settings_error(tmp_path: Path, data: bytes) -> None:
    (tmp_path / CONFIG_FILE).write_bytes(data)
    try:
        load_settings(tmp_path, environ={})
    except SettingsError as exc:
        assert str(exc) and "\n" not in str(exc) and exc.exit_code == 2


ENV_TEXTS = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["5", "[5]", '{"a": 1}', "[[", "null", "[1, -1]", '{"username": 5}', "~nobody0/x", "\n"]),
)


@FUZZ
@given(path=st.sampled_from([*PATHS, ("accounts",), ("accounts", "clinic"), ("brand",)]), text=ENV_TEXTS)
def test_any_text_in_any_tipqueue_variable_loads_or_is_one_settings_error(
    tmp_path: Path, path: tuple[str, ...], text: str
) -> None:
    (tmp_path / CONFIG_FILE).write_text('[accounts.clinic]\nusername = "c"\n', encoding="utf-8")
    try:
        load_settings(tmp_path, environ={"TIPQUEUE_" + "__".join(path).upper(): text})
    except SettingsError as exc:
        assert str(exc) and "\n" not in str(exc) and exc.exit_code == 2


def test_a_home_folder_of_an_unknown_user_is_one_line(tmp_path: Path) -> None:
    (tmp_path / CONFIG_FILE).write_text(
        '[accounts.clinic]\nusername = "c"\n[brand]\nlogo = "~nobody0/logo.png"\n', encoding="utf-8"
    )
    with pytest.raises(SettingsError, match=r"brand.logo = '~nobody0/logo.png': there is no home folder"):
        load_settings(tmp_path, environ={})
    assert_refused(invoke(Path("~nobody0/x"), "status"), "there is no home folder for '~nobody0'")
