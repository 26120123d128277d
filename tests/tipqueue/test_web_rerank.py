"""The dashboard's leaderboard after the workspace lexicon changed: the page says it is being
ranked again (never a silently stale board), and the board then names what the new lexicon finds."""

from __future__ import annotations

import time
from typing import Any

from tipqueue.config.settings import Settings
from tipqueue.replies import leaderboard, refind

FRIDGE_STONE = (
    '[[gadgets]]\nname = "Fridge Stone"\nbrand = "Chillco"\ncategory = "cleansing-brush"\n'
    'aliases = ["from the fridge"]\n'
)


def test_the_replies_page_says_it_is_re_ranking_after_a_lexicon_change(
    client: Any, web_settings: Settings
) -> None:
    leaderboard.forget()
    before = client.get("/replies")
    assert before.status_code == 200 and "re-ranking" not in before.text
    assert "Fridge Stone" not in client.get("/api/replies/leaderboard").text
    (web_settings.workspace / "gadgets.toml").write_text(FRIDGE_STONE, encoding="utf-8")
    during = client.get("/replies")
    assert "re-ranking after a lexicon change" in during.text
    for _ in range(100):  # the gadgets are found again in the background
        if not refind._running:
            break
        time.sleep(0.05)
    after = client.get("/replies")
    assert "re-ranking" not in after.text
    rows = client.get("/api/replies/leaderboard").json()
    assert [r["people"] for r in rows if r["gadget"] == "Fridge Stone"] == [1]  # "… from the fridge!"


def test_the_replies_page_does_not_wait_for_the_leaderboard_to_be_prepared(
    client: Any, web_store: Any, monkeypatch: Any
) -> None:
    """After an upgrade (replies stored without their mention rows) the rows are made in the
    background: the page answers at once and says so above the board, which then appears."""
    import threading

    from sqlalchemy import text
    from tipqueue.replies import counting
    from tipqueue.scheduler import mentions

    leaderboard.forget()
    with web_store._tx(write=True) as conn:  # as a store from before revision 0009 holds them
        conn.execute(text("DELETE FROM reply_mentions"))
        conn.execute(text("UPDATE mentions_state SET replies = 0"))
    release = threading.Event()
    real = mentions.rebuild

    def slow_rebuild(store: Any, **kw: Any) -> int:
        assert release.wait(30)
        return real(store, **kw)

    monkeypatch.setattr(mentions, "rebuild", slow_rebuild)
    monkeypatch.setattr(leaderboard, "WAIT_S", 0.05)
    started = time.perf_counter()
    during = client.get("/replies")
    assert time.perf_counter() - started < 10 and during.status_code == 200
    assert "preparing the leaderboard" in during.text
    assert "No gadget has been mentioned yet" not in during.text  # not a silently empty board
    release.set()
    for _ in range(200):
        if not counting._jobs:
            break
        time.sleep(0.05)
    after = client.get("/replies")
    assert "preparing the leaderboard" not in after.text and 'id="leaderboard"' in after.text
    assert client.get("/api/replies/leaderboard").json()[0]["people"] >= 1
