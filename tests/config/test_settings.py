"""Settings: precedence of the sources, and one clear line for each kind of bad value."""

from __future__ import annotations

from pathlib import Path

import pytest
from tipqueue.config.errors import SettingsError
from tipqueue.config.settings import load_settings, resolve_workspace
from tipqueue.config.slots import parse_slot_rule


def write_toml(ws: Path, text: str) -> None:
    (ws / "tipqueue.toml").write_text(text, encoding="utf-8")


def test_defaults_without_a_config_file_use_a_sqlite_store_in_the_workspace(tmp_path: Path) -> None:
    settings = load_settings(tmp_path, environ={})
    assert settings.hashtag_limit == 5
    assert settings.db_url == f"sqlite:///{tmp_path.resolve() / 'tipqueue.db'}"
    assert settings.quote_max_chars == 200


def test_later_sources_win_defaults_then_file_then_environment_then_flags(tmp_path: Path) -> None:
    write_toml(tmp_path, 'hashtag_limit = 4\nquote_max_chars = 150\ndisclaimer = "from file"\n')
    env = {"TIPQUEUE_HASHTAG_LIMIT": "3", "TIPQUEUE_QUOTE_MAX_CHARS": "180"}
    settings = load_settings(tmp_path, environ=env, overrides={"hashtag_limit": 2})
    assert settings.hashtag_limit == 2  # flag beats environment
    assert settings.quote_max_chars == 180  # environment beats file
    assert settings.disclaimer == "from file"  # file beats default
    assert settings.card_format == "portrait"  # default


def test_nested_environment_variables_override_one_key_of_a_table(tmp_path: Path) -> None:
    write_toml(tmp_path, '[brand]\ntext_color = "#101010"\nhandle = "@clinic"\n')
    settings = load_settings(tmp_path, environ={"TIPQUEUE_BRAND__TEXT_COLOR": "#202020"})
    assert settings.brand.text_color == "#202020"
    assert settings.brand.handle == "@clinic"


def test_secrets_in_the_environment_are_not_mistaken_for_settings(tmp_path: Path) -> None:
    env = {
        "TIPQUEUE_PASSWORD_CLINIC": "hunter2",
        "TIPQUEUE_HOME": str(tmp_path),
        "TIPQUEUE_TEST_DATABASE_URL": "x",
    }
    settings = load_settings(tmp_path, environ=env)
    assert "hunter2" not in settings.model_dump_json()


def test_workspace_comes_from_the_flag_then_tipqueue_home_then_the_current_folder(tmp_path: Path) -> None:
    assert resolve_workspace(str(tmp_path / "a"), {"TIPQUEUE_HOME": str(tmp_path / "b")}) == tmp_path / "a"
    assert resolve_workspace(None, {"TIPQUEUE_HOME": str(tmp_path / "b")}) == tmp_path / "b"
    assert resolve_workspace(None, {}) == Path.cwd().resolve()


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        (
            '[accounts.clinic]\nusername = "clinic"\ntimezone = "Europe/Lodnon"\n',
            ["accounts.clinic.timezone", "'Europe/Lodnon'", "IANA", "Europe/London"],
        ),
        (
            '[accounts.clinic]\nusername = "clinic"\nslots = ["mon,wed,fry 09:00"]\n',
            ["accounts.clinic.slots", "'fry'", "mon..sun"],
        ),
        (
            '[accounts.clinic]\nusername = "clinic"\nslots = ["mon 9am"]\n',
            ["accounts.clinic.slots", "'9am'", "HH:MM"],
        ),
        ('database_url = "postgres://db/tipqueue"\n', ["database_url", "postgres://", "postgresql://"]),
        ('default_account = "shop"\n', ["default_account", "'shop'", "[accounts.shop]"]),
        ('[brand]\nquote_font = "Missing.ttf"\n', ["brand.quote_font", "'Missing.ttf'", "no such file"]),
        ('[brand]\ntext_color = "black"\n', ["brand.text_color", "'black'", "#RRGGBB"]),
        ("[brand]\ncolour = 1\n", ["unknown setting", "brand.colour"]),
        ("hashtag_limit = = 3\n", ["tipqueue.toml is not valid TOML"]),
    ],
)
def test_each_bad_setting_gets_one_line_naming_the_key_the_value_and_the_fix(
    tmp_path: Path, toml: str, expected: list[str]
) -> None:
    write_toml(tmp_path, toml)
    with pytest.raises(SettingsError) as caught:
        load_settings(tmp_path, environ={})
    message = str(caught.value)
    assert "\n" not in message
    for part in expected:
        assert part in message
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(
    "url",
    [
        "postgres://clinic:hunter2secret@db.example.internal/tipqueue",
        "mysql://clinic:hunter2secret@db.example.internal/tipqueue",
    ],
)
def test_a_refused_database_url_never_shows_its_password(tmp_path: Path, url: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(tmp_path, environ={"TIPQUEUE_DATABASE_URL": url})
    message = str(caught.value)
    assert "hunter2secret" not in message
    assert "clinic:***@db.example.internal/tipqueue" in message


def test_an_unknown_account_is_named_with_the_ones_that_exist(tmp_path: Path) -> None:
    write_toml(tmp_path, '[accounts.clinic]\nusername = "clinic"\n')
    settings = load_settings(tmp_path, environ={})
    with pytest.raises(SettingsError, match=r"unknown account 'shop' \(configured: clinic\)"):
        settings.account("shop")
    assert settings.account(None)[0] == "clinic"


def test_a_bad_environment_value_is_reported_like_a_bad_file_value(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="hashtag_limit"):
        load_settings(tmp_path, environ={"TIPQUEUE_HASHTAG_LIMIT": "many"})


@pytest.mark.parametrize(
    ("rule", "days", "times"),
    [
        ("mon,wed,fri 09:00,18:30", ("mon", "wed", "fri"), ("09:00", "18:30")),
        ("weekdays 8:05", ("mon", "tue", "wed", "thu", "fri"), ("08:05",)),
        ("fri-mon 12:00", ("mon", "fri", "sat", "sun"), ("12:00",)),
        ("Daily 23:59,00:00", ("mon", "tue", "wed", "thu", "fri", "sat", "sun"), ("00:00", "23:59")),
    ],
)
def test_slot_rules_parse_days_and_times(rule: str, days: tuple[str, ...], times: tuple[str, ...]) -> None:
    parsed = parse_slot_rule(rule)
    assert parsed.days == days
    assert tuple(t.strftime("%H:%M") for t in parsed.times) == times


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ("hashtag_limt = 4\n", "unknown setting 'hashtag_limt'; did you mean 'hashtag_limit'?"),
        ('[brand]\ntext_colour = "#101010"\n', "did you mean 'brand.text_color'?"),
        ("[publish]\nmax_attempt = 3\n", "did you mean 'publish.max_attempts'?"),
        (
            '[accounts.clinic]\nusername = "c"\ntimezon = "UTC"\n',
            "unknown setting 'accounts.clinic.timezon'; did you mean 'accounts.clinic.timezone'?",
        ),
        (
            '[accounts.clinic]\nusername = "c"\n[accounts.clinic.brand]\nhandel = "@c"\n',
            "did you mean 'accounts.clinic.brand.handle'?",
        ),
    ],
)
def test_an_unknown_setting_key_suggests_the_closest_known_key(
    tmp_path: Path, toml: str, expected: str
) -> None:
    write_toml(tmp_path, toml)
    with pytest.raises(SettingsError) as caught:
        load_settings(tmp_path, environ={})
    assert expected in str(caught.value)


def test_an_unlike_key_gets_no_guess(tmp_path: Path) -> None:
    write_toml(tmp_path, "zzzz = 1\n")
    with pytest.raises(SettingsError) as caught:
        load_settings(tmp_path, environ={})
    assert "did you mean" not in str(caught.value) and "'zzzz'" in str(caught.value)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("weekday 8:30", "unknown day 'weekday'; did you mean 'weekdays'?"),
        ("weekend 10:00", "unknown day 'weekend'; did you mean 'weekends'?"),
        ("mon,wed,fir 09:00", "unknown day 'fir'; did you mean 'fri'?"),
        ("mon-fird 09:00", "unknown day 'fird'"),
    ],
)
def test_a_slot_day_typo_names_the_whole_word_and_suggests_one(rule: str, expected: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_slot_rule(rule)
    assert expected in str(caught.value)


def test_full_and_short_day_names_are_days() -> None:
    assert parse_slot_rule("Monday,tues,thursday 09:00").days == ("mon", "tue", "thu")
    assert parse_slot_rule("wed-friday 09:00").days == ("wed", "thu", "fri")


def test_a_nested_environment_table_merges_with_the_files_account(tmp_path: Path) -> None:
    write_toml(tmp_path, '[accounts.clinic]\nusername = "clinic.one"\ntimezone = "Europe/London"\n')
    env = {"TIPQUEUE_ACCOUNTS__CLINIC__SLOTS": '["daily 09:00"]', "TIPQUEUE_HASHTAGS": "spf,#glow"}
    settings = load_settings(tmp_path, environ=env)
    clinic = settings.accounts["clinic"]
    assert (clinic.username, clinic.timezone, clinic.slots) == (
        "clinic.one",
        "Europe/London",
        ("daily 09:00",),
    )
    assert settings.hashtags == ("spf", "glow")


def test_a_table_in_the_environment_that_is_not_json_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(tmp_path, environ={"TIPQUEUE_ACCOUNTS": "clinic"})
    assert "'accounts'" in str(caught.value) and "as JSON" in str(caught.value)


def test_a_broken_toml_file_is_one_line(tmp_path: Path) -> None:
    write_toml(tmp_path, "hashtag_limit = = 3\n")
    with pytest.raises(SettingsError, match=r"tipqueue.toml is not valid TOML"):
        load_settings(tmp_path, environ={})
