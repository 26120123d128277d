"""Publishing through the official API: containers, the media host, and exactly once at media_publish.

The REAL GraphAccount (httpx) against the loopback FakeGraph, which fetches every image_url over
HTTP from the media host: `tipqueue web` (signed links) or moto's S3 server (presigned URLs).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from tipqueue.config.errors import NeedsPerson, RateLimited, Rejected, TransientError
from tipqueue.config.settings import Settings
from tipqueue.instagram.graph.client import GraphAccount
from tipqueue.instagram.graph.connect import connect_graph
from tipqueue.instagram.graph.fake import FakeGraph
from tipqueue.instagram.graph.hosting import media_folder
from tipqueue.instagram.protocols import Publisher, ReplySource

from tests.instagram.graph.conftest import WebHosted


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def account(settings: Settings) -> GraphAccount:
    return connect_graph(settings, "clinic", environ={})


def test_photo_carousel_and_story_go_live_with_every_image_fetched_from_tipqueue_web(
    web_hosted: WebHosted, fake_graph: FakeGraph, jpegs: list[Path]
) -> None:
    acct = account(web_hosted.settings)
    assert isinstance(acct, Publisher) and isinstance(acct, ReplySource)
    photo = acct.publish_photo(jpegs[0], "Tip 1: relax your jaw.", alt_text="A card about the jaw")
    album = acct.publish_carousel(jpegs, "Three tips", alt_texts=["one", "two", "three"])
    story = acct.publish_story(jpegs[1])

    media = {m["media_id"]: m for m in fake_graph.media_list()}
    assert media[photo.media_id]["caption"] == "Tip 1: relax your jaw."
    assert media[photo.media_id]["alt_texts"] == ["A card about the jaw"]
    assert media[album.media_id]["kind"] == "carousel"
    assert media[album.media_id]["alt_texts"] == ["one", "two", "three"]
    assert [s["media_id"] for s in fake_graph.story_list()] == [story.media_id]
    # the fake's own page for the post (a rehearsal never links to instagram.com)
    assert photo.permalink == f"{fake_graph.base_url}/p/{media[photo.media_id]['code']}/"
    # Every image Instagram now shows was fetched over HTTP from `tipqueue web`'s signed links.
    assert len(fake_graph.fetches) == 5
    assert all(f.url.startswith(web_hosted.base + "/media/") and "sig=" in f.url for f in fake_graph.fetches)
    assert all(f.status == 200 for f in fake_graph.fetches)
    assert media[photo.media_id]["sha256"] == [sha(jpegs[0])]
    assert media[album.media_id]["sha256"] == [sha(p) for p in jpegs]
    assert fake_graph.story_list()[0]["sha256"] == [sha(jpegs[1])]
    # ... and removed once published: the folder is empty and the links now fail.
    assert list(media_folder(web_hosted.settings.workspace).iterdir()) == []
    assert httpx.get(fake_graph.fetches[0].url).status_code == 403


def test_an_expired_link_is_refused_and_nothing_goes_live(
    web_hosted: WebHosted, fake_graph: FakeGraph, jpegs: list[Path]
) -> None:
    acct = account(web_hosted.settings)
    acct._clock = lambda: datetime.now(UTC) - timedelta(hours=2)  # links signed 2 h ago expired 1 h ago
    with pytest.raises(TransientError, match="2207052"):
        acct.publish_photo(jpegs[0], "late")
    assert [f.status for f in fake_graph.fetches] == [403]
    assert fake_graph.media_list() == []
    # A link with a forged signature is refused too.
    acct._clock = lambda: datetime.now(UTC)
    hosted = acct.media_host.put(jpegs[0], now=datetime.now(UTC))  # type: ignore[union-attr]
    assert httpx.get(hosted.url).status_code == 200
    assert httpx.get(hosted.url[:-4] + "0000").status_code == 403


def test_images_are_fetched_from_s3_presigned_urls_then_removed_from_the_bucket(
    s3_settings: Settings, fake_graph: FakeGraph, jpegs: list[Path], s3_endpoint: str
) -> None:
    acct = account(s3_settings)
    photo = acct.publish_photo(jpegs[0], "From the bucket", alt_text="alt")
    album = acct.publish_carousel(jpegs[:2], "Two from the bucket", alt_texts=["a", "b"])

    assert len(fake_graph.fetches) == 3
    for fetch in fake_graph.fetches:
        assert fetch.url.startswith(f"{s3_endpoint}/tipqueue-media/t/") and fetch.status == 200
        assert "X-Amz-Signature=" in fetch.url and "X-Amz-Expires=3600" in fetch.url  # link_minutes = 60
    media = {m["media_id"]: m for m in fake_graph.media_list()}
    assert media[photo.media_id]["sha256"] == [sha(jpegs[0])]
    assert media[album.media_id]["sha256"] == [sha(p) for p in jpegs[:2]]
    # Removed after publishing: the same presigned URL now finds nothing.
    assert httpx.get(fake_graph.fetches[0].url).status_code == 404


def test_container_error_and_expiry_end_the_attempt_before_the_point_of_no_return(
    web_hosted: WebHosted, fake_graph: FakeGraph, jpegs: list[Path]
) -> None:
    acct = account(web_hosted.settings)
    fake_graph.fail_next(r"/media$", "container_error")
    with pytest.raises(TransientError) as failed:
        acct.publish_photo(jpegs[0], "x")
    assert not failed.value.maybe_done and "2207003" in str(failed.value)
    fake_graph.fail_next(r"/media$", "container_expired")
    with pytest.raises(TransientError, match="expired") as expired:
        acct.publish_photo(jpegs[0], "x")
    assert not expired.value.maybe_done
    assert fake_graph.requests_to(r"/media_publish$") == [] and fake_graph.media_list() == []


def test_a_container_takes_a_few_polls(
    web_hosted: WebHosted, fake_graph: FakeGraph, jpegs: list[Path]
) -> None:
    fake_graph.polls_to_finish = 3
    account(web_hosted.settings).publish_photo(jpegs[0], "slow")
    status_checks = [
        r for r in fake_graph.requests if r[0] == "GET" and r[2].get("fields") == "status_code,status"
    ]
    assert len(status_checks) == 4  # IN_PROGRESS three times, then FINISHED


def test_the_quota_is_read_before_publishing_and_a_full_one_waits(
    web_hosted: WebHosted, fake_graph: FakeGraph, jpegs: list[Path]
) -> None:
    fake_graph.quota_total = 1
    acct = account(web_hosted.settings)
    acct.publish_photo(jpegs[0], "the only one today")
    with pytest.raises(RateLimited, match="1 of its 1 posts") as limited:
        acct.publish_photo(jpegs[1], "one too many")
    assert limited.value.retry_after == 3600
    assert len(fake_graph.requests_to(r"/content_publishing_limit$")) == 2
    assert len(fake_graph.requests_to(r"/media_publish$")) == 1


@pytest.mark.parametrize("fault", ["500_after_publish", "drop_after_publish", "timeout"])
def test_an_unknown_outcome_at_media_publish_that_went_live_is_found_not_resent(
    web_hosted: WebHosted, fake_graph: FakeGraph, jpegs: list[Path], fault: str
) -> None:
    fake_graph.hang_seconds = 0.05
    acct = account(web_hosted.settings)
    fake_graph.fail_next(r"/media_publish$", fault)
    media = acct.publish_photo(jpegs[0], f"Went live despite {fault}")
    assert [m["media_id"] for m in fake_graph.media_list()] == [media.media_id]
    assert len(fake_graph.requests_to(r"/media_publish$")) == 1  # never sent again


def test_an_unknown_outcome_that_did_not_go_live_publishes_the_same_container_once_more(
    web_hosted: WebHosted, fake_graph: FakeGraph, jpegs: list[Path]
) -> None:
    acct = account(web_hosted.settings)
    fake_graph.fail_next(r"/media_publish$", "500")
    media = acct.publish_photo(jpegs[0], "second time lucky")
    assert [m["media_id"] for m in fake_graph.media_list()] == [media.media_id]
    creations = fake_graph.requests_to(r"/media_publish$")
    assert len(creations) == 2 and creations[0][2]["creation_id"] == creations[1][2]["creation_id"]


def test_when_the_outcome_cannot_be_told_the_engine_is_asked_to_reconcile(
    web_hosted: WebHosted, fake_graph: FakeGraph, jpegs: list[Path]
) -> None:
    acct = account(web_hosted.settings)
    fake_graph.fail_next(r"/media_publish$", "500_after_publish")
    ask = acct._status

    def status_unreachable_after_publish(container: str) -> dict[str, object]:
        if fake_graph.requests_to(r"/media_publish$"):
            raise TransientError("the container cannot be asked either")
        return ask(container)

    acct._status = status_unreachable_after_publish  # type: ignore[method-assign]
    with pytest.raises(TransientError) as unknown:
        acct.publish_photo(jpegs[0], "cannot tell")
    assert unknown.value.maybe_done
    # The engine's reconciliation then finds it among recent media.
    assert [m.caption for m in acct.recent_media()] == ["cannot tell"]


@pytest.mark.parametrize(
    ("fault", "kind"),
    [("spam", NeedsPerson), ("restricted", NeedsPerson), ("aspect", Rejected), ("quota", RateLimited)],
)
def test_documented_refusals_at_publish_are_what_they_say_and_nothing_went_live(
    web_hosted: WebHosted, fake_graph: FakeGraph, jpegs: list[Path], fault: str, kind: type[Exception]
) -> None:
    acct = account(web_hosted.settings)
    fake_graph.fail_next(r"/media_publish$", fault)
    with pytest.raises(kind) as refused:
        acct.publish_photo(jpegs[0], "refused")
    assert not getattr(refused.value, "maybe_done", False)
    assert fake_graph.media_list() == []


def test_a_first_comment_and_recent_media_paged_with_after(
    web_hosted: WebHosted, fake_graph: FakeGraph, jpegs: list[Path]
) -> None:
    acct = account(web_hosted.settings)
    posted = [acct.publish_photo(jpegs[i % 3], f"caption {i}") for i in range(3)]
    acct.comment(posted[0].media_id, "#skincare #jaw")
    assert fake_graph.media_list()[-1]["comment_count"] == 1
    recent = acct.recent_media(limit=3)
    assert [m.caption for m in recent] == ["caption 2", "caption 1", "caption 0"]
    acct.page_size = 1
    assert [m.media_id for m in acct.recent_media(limit=3)] == [m.media_id for m in recent]
    assert any("after" in r[2] for r in fake_graph.requests_to(r"/media$") if r[0] == "GET")


def test_a_real_answer_links_to_the_post_on_instagram() -> None:
    from tipqueue.instagram.graph.client import _published

    # the shape of a media node in Meta's documentation: permalink on www.instagram.com
    item = {
        "id": "17895695668004550",
        "timestamp": "2026-11-30T09:00:00+0000",
        "permalink": "https://www.instagram.com/p/DAbc123xyz/",
    }
    assert _published(item, "caption").permalink == "https://www.instagram.com/p/DAbc123xyz/"
    assert _published({**item, "permalink": None}, "c").link_base == "https://www.instagram.com"
