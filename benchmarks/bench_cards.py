"""Card rendering speed: Pillow (this project) against a warm headless Chromium.

Measures the median milliseconds per 1080x1350 JPEG tip card, text fitted to its box, on one
core, over the bundled article's tips; then a warm headless Chromium (one browser, one page,
same fonts, same fitting done in the page) rendering the same cards from HTML to JPEG.

    python benchmarks/bench_cards.py [--cards 120] [--chromium /usr/bin/chromium] [--no-chromium]

Bars (docs/cards.md): <= 9 ms per card, and >= 6x faster than Chromium.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from tipqueue.config.settings import bundled_path, load_settings
from tipqueue.posts import cards
from tipqueue.posts.models import Post, PostKind, Slide


def tip_texts() -> list[str]:
    """The bundled article's tips, cut by the splitter when it is there, else its paragraphs."""
    article = bundled_path("articles", "facial-muscles-and-gadgets.txt")
    try:
        from tipqueue.posts.article import read_article
        from tipqueue.posts.split import split_article

        tips = split_article(read_article(article), max_chars=200)
        return [tip.text for tip in tips]
    except ImportError:
        import re

        text = article.read_text(encoding="utf-8")
        sentences = re.split(r"(?<=[.?!])\s+", text)
        return [s.strip() for s in sentences if 40 <= len(s.strip()) <= 200]


def load_average() -> str:
    """The 1-minute load average and cores: above ~0.5 other work skews the figures."""
    if not hasattr(os, "getloadavg"):
        return "unknown"
    load = os.getloadavg()[0]
    busy = " (busy machine: figures are noisy)" if load > 0.5 else ""
    return f"{load:.2f} on {os.cpu_count()} cores{busy}"


def pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity here)"


def bench_pillow(posts: list[Post], rounds: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU (this thread) milliseconds of every card drawn and encoded."""
    with tempfile.TemporaryDirectory() as ws:
        settings = load_settings(
            Path(ws),
            overrides={"brand": {"handle": "tipqueue.demo", "attribution": "Dr. Brandith Irwin"}},
            environ={},
        )
        layout = cards.load_layout("portrait")
        kit = cards.brand_kit(settings)
        for post in posts:  # warm: fonts loaded, cmaps read, background drawn once
            cards.card_jpeg(cards.draw_card(cards.card_text(post, 0, kit), layout, kit))
        times: list[float] = []
        cpu: list[float] = []
        for _ in range(rounds):
            for post in posts:
                start, start_cpu = time.perf_counter(), time.thread_time()
                cards.card_jpeg(cards.draw_card(cards.card_text(post, 0, kit), layout, kit))
                cpu.append((time.thread_time() - start_cpu) * 1000)
                times.append((time.perf_counter() - start) * 1000)
    return times, cpu


HTML = """<!doctype html><html><head><meta charset="utf-8"><style>
@font-face { font-family: Q; src: url("file://%(serif)s"); }
@font-face { font-family: B; src: url("file://%(sans)s"); }
@font-face { font-family: BB; src: url("file://%(sansbold)s"); }
html, body { margin: 0; width: 1080px; height: 1350px; background: #F6F0E8; overflow: hidden; }
.abs { position: absolute; }
#handle { left: 96px; top: 96px; font: 30px BB; color: #2A2A2A; }
#label { right: 96px; top: 96px; font: 30px BB; color: #8A3B2E; }
#mark { left: 84px; top: 150px; font: bold 200px Q; color: #8A3B2E; line-height: 1; }
#box { left: 96px; top: 330px; width: 888px; height: 726px; display: flex; align-items: center; }
#quote { font-family: Q; color: #2A2A2A; line-height: 1.34; text-wrap: balance; margin: 0; }
#rule { left: 96px; top: 1096px; width: 80px; height: 6px; background: #8A3B2E; }
#attr { left: 96px; top: 1126px; font: 30px B; color: #2A2A2A; }
#bar { left: 0; top: 1332px; width: 1080px; height: 18px; background: #8A3B2E; }
</style></head><body>
<div id="handle" class="abs">@tipqueue.demo</div><div id="label" class="abs"></div>
<div id="mark" class="abs">&#8220;</div>
<div id="box" class="abs"><p id="quote"></p></div>
<div id="rule" class="abs"></div><div id="attr" class="abs">Dr. Brandith Irwin</div><div id="bar" class="abs"></div>
<script>
function card(text, label) {
  document.getElementById('label').textContent = label;
  const q = document.getElementById('quote'), box = document.getElementById('box');
  q.textContent = text;
  let lo = 38, hi = 80;            // the same fitting as the Pillow card: largest size that fits
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    q.style.fontSize = mid + 'px';
    if (q.scrollHeight <= box.clientHeight && q.scrollWidth <= box.clientWidth) lo = mid; else hi = mid - 1;
  }
  q.style.fontSize = lo + 'px';
  return lo;
}
</script></body></html>"""


def bench_chromium(posts: list[Post], rounds: int, executable: str) -> float:
    from playwright.sync_api import sync_playwright

    fonts = bundled_path("fonts")
    html = HTML % {
        "serif": fonts / "DejaVuSerif.ttf",
        "sans": fonts / "DejaVuSans.ttf",
        "sansbold": fonts / "DejaVuSans-Bold.ttf",
    }
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        page_file = Path(tmp) / "card.html"
        page_file.write_text(html, encoding="utf-8")
        browser = pw.chromium.launch(
            executable_path=executable,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--allow-file-access-from-files",
            ],
        )
        page = browser.new_page(viewport={"width": 1080, "height": 1350}, device_scale_factor=1)
        page.goto(page_file.as_uri())
        page.evaluate("document.fonts.ready")

        def one(post: Post) -> None:
            page.evaluate(
                "([t, l]) => card(t, l)", [post.slides[0].text, post.series_label.replace("/", " / ")]
            )
            page.screenshot(type="jpeg", quality=90, clip={"x": 0, "y": 0, "width": 1080, "height": 1350})

        for post in posts[:5]:  # warm
            one(post)
        times = []
        for _ in range(rounds):
            for post in posts:
                start = time.perf_counter()
                one(post)
                times.append((time.perf_counter() - start) * 1000)
        browser.close()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=660, help="cards rendered by Pillow (default 660)")
    parser.add_argument(
        "--chromium-cards", type=int, default=40, help="cards rendered by Chromium (default 40)"
    )
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--no-chromium", action="store_true")
    args = parser.parse_args()

    texts = tip_texts()
    posts = [
        Post(
            id=f"bench-{i:02d}",
            kind=PostKind.TIP,
            series_label=f"{i + 1}/{len(texts)}",
            quote=text,
            caption="",
            slides=(Slide(text, ""),),
        )
        for i, text in enumerate(texts)
    ]
    print(
        f"cards: {len(posts)} distinct tips of the bundled article, 1080x1350 JPEG (quality {cards.JPEG_QUALITY})"
    )
    print(f"cpu: {pin_to_one_core()}; raqm layout: {cards.HAS_RAQM}")
    rounds = max(1, args.cards // len(posts))
    print(f"load average before: {load_average()}")
    times, cpu = bench_pillow(posts, rounds)
    pillow_ms = statistics.median(times)
    q = statistics.quantiles(times, n=10)
    print(
        f"pillow: median {pillow_ms:.2f} ms wall (p10 {q[0]:.2f}, p90 {q[-1]:.2f}), "
        f"{statistics.median(cpu):.2f} ms CPU per card over {len(times)} cards (bar <= 9 ms)"
    )
    print(f"load average after pillow: {load_average()}")
    if args.no_chromium:
        return
    if not Path(args.chromium).exists():
        print(f"chromium: not found at {args.chromium}; install Debian's chromium or pass --chromium")
        return
    chromium_ms = bench_chromium(posts, max(1, args.chromium_cards // len(posts)), args.chromium)
    ratio = chromium_ms / pillow_ms
    print(f"chromium: median {chromium_ms:.2f} ms per card, warm browser, fitting in the page")
    print(f"ratio: pillow is {ratio:.1f}x faster than chromium (bar >= 6x)")
    ok = pillow_ms <= 9 and ratio >= 6
    print(f"load average after chromium: {load_average()}")
    print(f"figures: pillow {pillow_ms:.2f} ms, chromium {chromium_ms:.2f} ms, ratio {ratio:.1f}x")
    print("result:", "both bars met" if ok else "a bar is NOT met")


if __name__ == "__main__":
    main()
