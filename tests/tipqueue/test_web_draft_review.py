"""The draft view shows the editor's decisions: each post's score, why it was chosen, its flags,
and the ideas left out of the series, in Debian's Chromium."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from tipqueue.config.settings import Settings
from tipqueue.posts.series import split_to_folder

pytestmark = pytest.mark.browser

#: a real Q&A blog post with no title, an opening the cover leaves off and no request to its readers
ARTICLE = Path(__file__).parents[1] / "posts" / "corpus" / "lesaint-jean-vitamin-c-questions.txt"


@pytest.fixture
def review_drafts(web_settings: Settings, tmp_path: Path) -> Any:
    out = tmp_path / "split"
    result = split_to_folder(ARTICLE, out, web_settings)
    shutil.copytree(result.folder, web_settings.workspace / "posts" / result.folder.name)
    return result


def test_the_drafts_page_shows_each_posts_score_flags_and_the_unused_ideas(
    page: Any, review_drafts: Any
) -> None:
    plan = review_drafts.plan
    page.goto("/drafts")
    items = page.locator(".draft-list > li")
    expect(items).to_have_count(len(review_drafts.posts))
    cover, first_tip, cta = items.nth(0), items.nth(1), items.last
    expect(cover).to_contain_text("guessed title")
    expect(cover).to_contain_text("opening paragraph left off the cover")
    chosen = plan.chosen[0]
    expect(first_tip.locator(".draft-score")).to_contain_text(f"Score {chosen.score:g}")
    expect(first_tip.locator(".draft-score")).to_contain_text(chosen.why)
    expect(cta).to_contain_text("defaulted call to action")
    unused = page.locator(".draft-unused li")
    expect(unused).to_have_count(len(plan.unused))
    first = plan.unused[0]
    expect(unused.first).to_contain_text(f"Idea {first.number}")
    expect(unused.first).to_contain_text(f"score {first.score:g}")
    expect(unused.first).to_contain_text(first.reason)


def test_a_drafts_own_page_shows_its_score_and_flags(page: Any, review_drafts: Any) -> None:
    page.goto("/drafts")
    page.locator(".draft-list > li").nth(1).locator("a").first.click()
    review = page.locator(".details .card").first
    expect(review.locator("h2")).to_have_text("Review")
    expect(review.locator(".draft-score")).to_contain_text(f"Score {review_drafts.plan.chosen[0].score:g}")


def test_a_claim_the_rules_want_checked_is_flagged_on_its_draft(
    page: Any, web_settings: Settings, tmp_path: Path
) -> None:
    # a real acne guide whose opening speaks to teenagers: an ad that cannot be boosted
    article = ARTICLE.with_name("electronsmagazine-acne-routine.txt")
    result = split_to_folder(article, tmp_path / "split", web_settings)
    shutil.copytree(result.folder, web_settings.workspace / "posts" / result.folder.name)
    page.goto("/drafts")
    cover = page.locator(".draft-list > li").first
    expect(cover.locator(".draft-flags")).to_contain_text("claim to check")
    expect(cover.locator(".draft-flags")).to_contain_text("“teenagers”")
