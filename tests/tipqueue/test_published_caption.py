"""One source of truth for what goes out: caption + hashtags + first comment, as staff see them.

Each edit path staff have (``queue edit``, the JSON API, the dashboard form, ``"hashtags"`` in
post.json) is followed by a real publish pass: the real instagrapi client against the loopback
fake Instagram. The caption the fake received is compared byte for byte with what the post
shows. Before, hashtags were a list beside the caption that nothing applied again: the fake got
the old tags.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from tipqueue.config.settings import Settings, load_settings
from tipqueue.instagram.connect import connector
from tipqueue.posts.models import PostStatus
from tipqueue.scheduler.publish import run_publish_pass
from tipqueue.scheduler.store import Store

from tests.conftest import write_sandbox_session

TIPQUEUE = str(Path(sys.executable).with_name("tipqueue"))
CAPTION = "Relax your jaw before bed: it softens the lines around your mouth.\n\nTip 1/1 · from “Jaw care”"
POST_ID = "jaw-care-01"


def tipqueue(ws: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIPQUEUE_")}
    result = subprocess.run(
        [TIPQUEUE, "--workspace", str(ws), *args], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, f"tipqueue {' '.join(args)}: {result.stderr}"
    return result


def write_post_folder(ws: Path, hashtags: list[str], *, fmt: int = 2, caption: str = CAPTION) -> Path:
    from PIL import Image

    folder = ws / "posts" / "jaw-care" / "01-tip"
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (1080, 1350), "#1F3A5F").save(folder / "card-1.jpg", "JPEG", quality=80)
    data = {
        "format": fmt,
        "id": POST_ID,
        "kind": "tip",
        "series_label": "1/1",
        "position": 1,
        "article_slug": "jaw-care",
        "approved": True,
        "media_kind": "photo",
        "quote": "Relax your jaw before bed.",
        "caption": caption,
        "hashtags": hashtags,
        "alt_text": "Quote card: Relax your jaw before bed.",
        "first_comment": None,
        "collect_replies": False,
        "account": "clinic",
        "slides": [{"text": "Relax your jaw before bed.", "alt_text": "Quote card", "image": "card-1.jpg"}],
    }
    (folder / "post.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return folder.parent


@pytest.fixture
def ws(tmp_path: Path, fake_instagram: Any) -> Path:
    workspace = tmp_path / "clinic"
    workspace.mkdir()
    (workspace / "tipqueue.toml").write_text(
        'default_account = "clinic"\n\n[accounts.clinic]\nusername = "clinic"\nbackend = "sandbox"\n'
        f'sandbox_url = "{fake_instagram.base_url}"\ndelay_range = [0.0, 0.0]\ntimezone = "UTC"\n'
        'slots = ["daily 09:00"]\n\n[publish]\nfirst_comment = true\n',
        encoding="utf-8",
    )
    write_sandbox_session(load_settings(workspace, environ={}), fake_instagram)
    return workspace


def settings_of(ws: Path) -> Settings:
    return load_settings(ws, environ={})


def queued(ws: Path) -> Any:
    with Store.open(settings_of(ws).db_url) as store:
        return store.get_post(POST_ID)


def publish(ws: Path, fake: Any) -> dict[str, Any]:
    """Run one publish pass at the post's slot; return what the fake Instagram received."""
    settings = settings_of(ws)
    post = queued(ws)
    assert post.status is PostStatus.SCHEDULED and post.scheduled_at is not None
    report = run_publish_pass(
        settings, connect=connector(settings), clock=lambda: post.scheduled_at + timedelta(seconds=5)
    )
    assert [o.outcome.value for o in report.outcomes] == ["published"], [o.line() for o in report.outcomes]
    (media,) = fake.media_list()
    comments = fake.medias[int(media["pk"])].comments
    return {"caption": media["caption"], "comments": [c.text for c in comments]}


def test_hashtags_edited_with_queue_edit_are_the_ones_instagram_gets(ws: Path, fake_instagram: Any) -> None:
    tipqueue(ws, "queue", "add", str(write_post_folder(ws, ["skincare", "dermatology"])))
    edited = tipqueue(
        ws, "queue", "edit", POST_ID, "--hashtags", "botox,#jawline", "--first-comment", "More in our bio."
    )
    assert "hashtags #botox #jawline" in edited.stdout
    sent = publish(ws, fake_instagram)
    assert sent["caption"] == f"{CAPTION}\n\n#botox #jawline"
    assert sent["caption"] == queued(ws).published_caption
    assert sent["comments"] == ["More in our bio."]


def test_hashtags_in_post_json_are_the_ones_instagram_gets(ws: Path, fake_instagram: Any) -> None:
    series = write_post_folder(ws, ["skincare"])
    post_json = series / "01-tip" / "post.json"
    data = json.loads(post_json.read_text(encoding="utf-8"))
    data["hashtags"] = ["facecare", "spf"]  # staff edit the list before queueing
    post_json.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    tipqueue(ws, "queue", "add", str(series))
    assert publish(ws, fake_instagram)["caption"] == f"{CAPTION}\n\n#facecare #spf"


def test_a_post_json_from_before_keeps_the_list_staff_edited(ws: Path, fake_instagram: Any) -> None:
    """Format 1 captions ended with the tags; the list beside them is what staff changed."""
    series = write_post_folder(ws, ["botox"], fmt=1, caption=f"{CAPTION}\n\n#skincare #dermatology")
    tipqueue(ws, "queue", "add", str(series))
    assert publish(ws, fake_instagram)["caption"] == f"{CAPTION}\n\n#botox"


def test_hashtags_edited_through_the_json_api_are_the_ones_instagram_gets(
    ws: Path, fake_instagram: Any
) -> None:
    from tipqueue.web import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    tipqueue(ws, "queue", "add", str(write_post_folder(ws, ["skincare"])))
    settings = settings_of(ws)
    with Store.open(settings.db_url) as store:
        app = create_app(settings, store=store)
        with TestClient(app, base_url="http://127.0.0.1:8000") as client:
            answer = client.patch(
                f"/api/posts/{POST_ID}", json={"caption": "Unclench.", "hashtags": ["jawline", "#botox"]}
            )
            assert answer.status_code == 200, answer.text
            assert answer.json()["hashtags"] == ["jawline", "botox"]
    assert publish(ws, fake_instagram)["caption"] == "Unclench.\n\n#jawline #botox"


@pytest.fixture
def dashboard(ws: Path) -> Iterator[str]:
    from tests.tipqueue.conftest import LiveServer
    from tipqueue.web import create_app

    settings = settings_of(ws)
    with Store.open(settings.db_url) as store, LiveServer(create_app(settings, store=store)) as server:
        yield server.url


@pytest.mark.browser
def test_hashtags_edited_on_the_dashboard_are_the_ones_instagram_gets(
    ws: Path, fake_instagram: Any, chromium: Any, request: pytest.FixtureRequest
) -> None:
    tipqueue(ws, "queue", "add", str(write_post_folder(ws, ["skincare", "dermatology"])))
    url = request.getfixturevalue("dashboard")
    context = chromium.new_context(base_url=url)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"/posts/{POST_ID}")
        page.get_by_label("Hashtags").fill("#glow, spf")
        page.get_by_label("First comment").fill("Questions? Ask below.")
        page.get_by_role("button", name="Save changes").click()
        assert page.get_by_role("status").inner_text() == "Changes saved."
        shown = page.locator("#published-caption").inner_text()
        assert (
            page.locator("#published-comment").inner_text() == "Then the first comment: Questions? Ask below."
        )
    finally:
        context.close()
    sent = publish(ws, fake_instagram)
    assert sent["caption"] == f"{CAPTION}\n\n#glow #spf"
    assert shown.strip() == sent["caption"]  # the preview staff saw is what went out
    assert sent["comments"] == ["Questions? Ask below."]
