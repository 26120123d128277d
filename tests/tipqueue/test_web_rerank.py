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
