"""Make the dashboard screenshots in this folder: `python docs/screenshots/take.py`.

The bundled article is split and rendered for real, its first eight posts queued (the last four
stay drafts), the first two published to the sandbox (the real instagrapi client against the
fake Instagram) with the demo's made-up sample replies on one of them; the dashboard runs on a
fixed clock and Debian's Chromium (/usr/bin/chromium) photographs each page at a laptop's
(1280 px) and a phone's (390 px) width.
"""

from __future__ import annotations

import json
import socket
import sys
import tempfile
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: The dashboard's clock: a Wednesday morning in Los Angeles.
NOW = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)
PAGES = {
    "calendar-week": "/calendar?view=week&date=2026-12-02",
    "calendar-month": "/calendar?view=month&date=2026-12-01",
    "post": "/posts/SFM-6",
    "drafts": "/drafts",
    "accounts": "/accounts",
    "replies": "/replies?by=brand",
    "grid": "/grid",
}


def build(workspace: Path) -> tuple[object, object]:
    import tipqueue.templates
    from tipqueue.config.settings import load_settings
    from tipqueue.instagram.connect import connect
    from tipqueue.instagram.fake.server import FakeInstagram
    from tipqueue.posts.render import render_folder
    from tipqueue.posts.series import split_to_folder
    from tipqueue.replies.collect import collect_replies
    from tipqueue.scheduler.publish import LazyPublishers, publish_due
    from tipqueue.scheduler.queue import add_folders, open_store

    fake = FakeInstagram(username="yourclinic").start()
    (workspace / "tipqueue.toml").write_text(
        'default_account = "clinic"\n[accounts.clinic]\nusername = "yourclinic"\n'
        'timezone = "America/Los_Angeles"\nslots = ["mon,wed,fri 09:00,18:30"]\n'
        f'backend = "sandbox"\nsandbox_url = "{fake.base_url}"\n',
        encoding="utf-8",
    )
    settings = load_settings(workspace, environ={})
    article = Path(tipqueue.templates.__file__).with_name("articles") / "facial-muscles-and-gadgets.txt"
    series = split_to_folder(article, workspace / "posts", settings).folder
    render_folder([series], settings, jobs=1, progress=False)
    folders = sorted(p.parent for p in series.glob("*/post.json"))
    start = NOW - timedelta(days=3)
    store = open_store(settings, now=start)
    add_folders(store, settings, folders[:8], now=start, approve=True)
    publishers = LazyPublishers(["clinic"], lambda name: connect(settings, name))
    first, second = store.list_posts()[:2]
    store.add_alert(
        account="clinic",
        post_id=second.id,
        level="warning",
        message=f"post {second.id} failed twice: Instagram said 500",
        now=start,
    )
    for post in (first, second):
        assert post.scheduled_at is not None
        publish_due(store, publishers, now=post.scheduled_at, settings=settings, runner_id="cron@studio")
    entries = json.loads(
        (Path(tipqueue.templates.__file__).with_name("demo") / "sample-replies.json").read_text()
    )
    media = store.get_post(second.id).media_id
    assert media is not None
    fake.add_comments(media, entries["replies"][:14])
    collect_replies(store, publishers["clinic"], now=NOW - timedelta(hours=2), post_id=second.id)
    store.add_alert(
        account="clinic",
        post_id=None,
        level="info",
        message="account clinic resumed",
        now=NOW - timedelta(hours=1),
    )
    return store, fake


def serve(app: object) -> tuple[str, object, threading.Thread]:
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))  # type: ignore[arg-type]
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        threading.Event().wait(0.05)
    return f"http://127.0.0.1:{sock.getsockname()[1]}", server, thread


def main() -> int:
    from playwright.sync_api import sync_playwright
    from tipqueue.config.settings import load_settings

    from tipqueue.web import create_app

    with tempfile.TemporaryDirectory(prefix="tipqueue-shots-") as folder:
        workspace = Path(folder)
        store, fake = build(workspace)
        app = create_app(load_settings(workspace, environ={}), now=lambda: NOW, store=store)  # type: ignore[arg-type]
        url, server, thread = serve(app)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox", "--disable-gpu"]
                )
                for width, suffix in ((1280, ""), (390, "-phone")):
                    page = browser.new_page(viewport={"width": width, "height": 900})
                    for name, path in PAGES.items():
                        page.goto(url + path)
                        page.wait_for_load_state("networkidle")
                        target = HERE / f"{name}{suffix}.png"
                        page.screenshot(path=str(target), full_page=True)
                        print(f"wrote {target.relative_to(HERE.parent.parent)}")
                    page.close()
                browser.close()
        finally:
            server.should_exit = True  # type: ignore[attr-defined]
            thread.join(timeout=10)
            store.close()  # type: ignore[attr-defined]
            fake.stop()  # type: ignore[attr-defined]
    return 0


if __name__ == "__main__":
    sys.exit(main())
