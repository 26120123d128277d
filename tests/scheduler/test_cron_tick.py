"""The cron tick: `publish-due` with nothing to do loads nothing heavy, on SQLite and PostgreSQL,
and still publishes, gates, migrates and reports settings errors when there is something to do.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tipqueue.config.quick import CronView
from tipqueue.instagram.fake.server import FakeInstagram
from tipqueue.posts.models import PostStatus
from tipqueue.scheduler import cron
from tipqueue.scheduler.cron import nothing_due, nothing_to_do
from tipqueue.scheduler.store import HEAD_REVISION

from tests.scheduler.test_publish_kit import (
    ACCOUNT,
    T0,
    captions_on_instagram,
    cli_env,
    make_post,
    open_store,
    run_cli,
    write_sandbox_workspace,
)
from tipqueue.cli.cron import parse_tick

#: What a quiet tick must not load (the pass, the settings schema, the clients, the app).
HEAVY = (
    "pydantic",
    "pydantic_settings",
    "sqlalchemy",
    "alembic",
    "instagrapi",
    "httpx",
    "typer",
    "click",
    "psycopg",
)
QUIET = "import sys; from tipqueue.cli import main; sys.argv[0] = 'tipqueue'; main()"


@pytest.fixture
def fake() -> Iterator[FakeInstagram]:
    with FakeInstagram(username=ACCOUNT, hang_seconds=0.5) as f:
        yield f


@pytest.fixture
def ws(tmp_path: Path, fake: FakeInstagram, db_url: str) -> Path:
    workspace = tmp_path / "ws"
    write_sandbox_workspace(workspace, fake, db_url)
    open_store(db_url).close()
    return workspace


def add(db_url: str, ws: Path, *ids: str, minutes_ago: float) -> None:
    store = open_store(db_url)
    now = datetime.now(UTC)
    store.add_posts(
        [make_post(ws / "posts", i, at=now - timedelta(minutes=minutes_ago)) for i in ids], now=now
    )
    store.close()


def imported_by_tick(ws: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", QUIET, "publish-due", *args],
        cwd=ws,
        env=cli_env(ws),
        capture_output=True,
        text=True,
        timeout=60,
    )
    names = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    return result, names


def test_a_tick_with_nothing_due_loads_nothing_heavy(ws: Path, db_url: str) -> None:
    add(db_url, ws, "later", minutes_ago=-120)  # due in two hours
    first = run_cli(ws, "publish-due")  # checks the settings once (the full loader), remembers them
    assert first.returncode == 0 and first.stdout == "" and first.stderr == ""
    for args in ((), ("--account", ACCOUNT)):
        result, imported = imported_by_tick(ws, *args)
        assert result.returncode == 0 and result.stdout == ""
        assert "tipqueue.scheduler.cron" in imported  # the measurement is real
        assert sorted(m for m in imported if m.split(".")[0] in HEAVY) == []
        if db_url.startswith("postgresql"):
            assert "ctypes" in imported  # libpq itself answered


def test_a_due_post_still_publishes_through_the_same_command(
    ws: Path, db_url: str, fake: FakeInstagram
) -> None:
    add(db_url, ws, "later", minutes_ago=-120)
    assert run_cli(ws, "publish-due").returncode == 0
    add(db_url, ws, "tip-01", minutes_ago=1)
    result = run_cli(ws, "publish-due")
    assert result.returncode == 0, result.stderr
    assert " tip-01 " in result.stdout and "1 published" in result.stdout
    assert captions_on_instagram(fake) == ["Tip tip-01: relax your jaw.\n\n#skincare"]
    result, imported = imported_by_tick(ws)  # and the next quiet tick is quiet again
    assert result.returncode == 0 and result.stdout == "" and "sqlalchemy" not in imported


def test_a_post_waiting_for_sign_off_is_still_expired_by_the_tick(ws: Path, db_url: str) -> None:
    assert run_cli(ws, "publish-due").returncode == 0  # settings checked: the next tick is a quick one
    add(db_url, ws, "waiting", minutes_ago=120)
    store = open_store(db_url)
    store.update_post(
        "waiting", now=datetime.now(UTC), event="needs_approval", status=PostStatus.NEEDS_APPROVAL
    )
    store.close()
    result = run_cli(ws, "publish-due")
    assert result.returncode == 1 and "expired" in result.stdout  # the pass ran and expired the late post
    store = open_store(db_url)
    assert store.get_post("waiting").status is PostStatus.EXPIRED
    store.close()


def test_the_first_tick_after_a_settings_change_checks_them(ws: Path, db_url: str) -> None:
    assert run_cli(ws, "publish-due").returncode == 0
    toml = ws / "tipqueue.toml"
    good = toml.read_text(encoding="utf-8")
    toml.write_text(good.replace("[publish]\n", "[publish]\nmax_attempts = 0\n"), encoding="utf-8")
    broken = run_cli(ws, "publish-due")
    assert (
        broken.returncode == 2
        and "publish.max_attempts" in broken.stderr
        and "Traceback" not in broken.stderr
    )
    assert run_cli(ws, "publish-due", TIPQUEUE_PUBLISH__MAX_ATTEMPTS="0").returncode == 2
    toml.write_text(good, encoding="utf-8")
    assert run_cli(ws, "publish-due", TIPQUEUE_PUBLISH__MAX_ATTEMPTS="0").returncode == 2  # a variable too
    assert run_cli(ws, "publish-due").returncode == 0
    result, imported = imported_by_tick(ws)
    assert result.returncode == 0 and "pydantic" not in imported
    unknown = run_cli(ws, "publish-due", "--account", "nope")
    assert unknown.returncode == 2 and "unknown account 'nope'" in unknown.stderr


def test_the_check_agrees_with_the_store_at_every_step(db_url: str, tmp_path: Path) -> None:
    store = open_store(db_url)
    assert nothing_due(db_url, T0)
    store.add_posts([make_post(tmp_path, "a", at=T0 + timedelta(minutes=5))], now=T0)
    for minutes in (0, 4, 5, 6):
        at = T0 + timedelta(minutes=minutes)
        assert nothing_due(db_url, at) == (store.due_posts(at) == [])
    store.claim("a", runner="r", now=T0 + timedelta(minutes=5), lease_seconds=600)  # then the runner died
    for minutes in (6, 14, 15, 16):
        at = T0 + timedelta(minutes=minutes)
        assert nothing_due(db_url, at) == (store.due_posts(at) == [])
    later = T0 + timedelta(minutes=16)
    assert not nothing_due(db_url, later, account=ACCOUNT) and nothing_due(db_url, later, account="other")
    store.set_paused(ACCOUNT, True, reason="checkpoint", now=later)
    assert nothing_due(db_url, later) and store.due_posts(later) == []  # paused: nothing to claim
    store.close()


def test_a_store_not_at_this_revision_takes_the_full_path(db_url: str) -> None:
    open_store(db_url).close()
    assert nothing_due(db_url, T0)
    from sqlalchemy import create_engine, text
    from tipqueue.scheduler.store import normalise_url

    engine = create_engine(normalise_url(db_url))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0005'"))
    engine.dispose()
    assert not nothing_due(db_url, T0)  # the full path migrates it first


def test_anything_unusual_takes_the_full_path(tmp_path: Path) -> None:
    assert not nothing_due(f"sqlite:///{tmp_path / 'missing.db'}", T0)
    (tmp_path / "other.db").write_bytes(b"")
    assert not nothing_due(f"sqlite:///{tmp_path / 'other.db'}", T0)  # not a tipqueue store
    assert not nothing_due("mysql://someone@127.0.0.1/test", T0)
    assert not nothing_due("postgresql://nobody@127.0.0.1:1/none", T0)  # cannot connect


def test_a_graph_token_near_expiry_takes_the_full_path(tmp_path: Path) -> None:
    from tipqueue.instagram.graph.token import Token, TokenStore

    url = f"sqlite:///{tmp_path / 'tipqueue.db'}"
    open_store(url).close()
    view = CronView(str(tmp_path), url, {"clinic": ("graph", "file")}, checked=True)
    assert nothing_to_do(view, T0)  # no token yet: nothing to refresh
    token = Token("secret", "1789", expires_at=T0 + timedelta(days=10), refreshed_at=T0 - timedelta(days=50))
    TokenStore("clinic", "file", tmp_path / "sessions").save(token)
    assert not nothing_to_do(view, T0)  # 10 days left: refresh it now
    assert not nothing_to_do(CronView(str(tmp_path), url, {}, checked=False), T0)  # settings unchecked


def test_the_quick_check_reads_the_stores_revision() -> None:
    assert cron.HEAD_REVISION is HEAD_REVISION


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["publish-due"], (None, None, None)),
        (["-w", "/ws", "--debug", "publish-due", "-a", "clinic"], ("/ws", None, "clinic")),
        (
            ["--workspace=/ws", "--database-url", "sqlite:///x.db", "publish-due", "--account=c"],
            ("/ws", "sqlite:///x.db", "c"),
        ),
        (["-w/ws", "publish-due", "-aclinic"], ("/ws", None, "clinic")),
        (["publish-due", "--dry-run"], None),
        (["publish-due", "--now", "09:00"], None),
        (["publish-due", "--help"], None),
        (["publish-due", "--debug"], None),  # a root option after the command: the app says why
        (["publish-due", "--account"], None),
        (["publish-due", "--account", "--dry-run"], None),
        (["status"], None),
        ([], None),
        (["--workspace"], None),
    ],
)
def test_only_a_plain_publish_due_is_answered_early(
    args: list[str], expected: tuple[str | None, ...] | None
) -> None:
    parsed = parse_tick(args)
    if expected is None:
        assert parsed is None
    else:
        assert (
            parsed is not None
            and (parsed["workspace"], parsed["database_url"], parsed["account"]) == expected
        )


def test_without_libpq_psycopg_gives_the_same_answers(db_url: str, tmp_path: Path) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("the PostgreSQL drivers only")
    store = open_store(db_url)
    store.add_posts([make_post(tmp_path, "a", at=T0 + timedelta(minutes=5))], now=T0)
    store.close()
    url = db_url + "&connect_timeout=10"
    for minutes, account in ((0, None), (5, None), (5, ACCOUNT), (5, "other")):
        at = T0 + timedelta(minutes=minutes)
        assert (
            cron._psycopg(url, at, account)
            == cron._postgresql(db_url, at, account)
            == (minutes < 5 or account == "other")
        )
