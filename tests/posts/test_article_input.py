"""Article input to `tipqueue split`: too large, too many posts, or not an article at all is one
line and exit 2, with nothing written; anything else becomes a series.

Before: a 52 MB article was split for 9 minutes in 3.4 GB and made 254,513 post folders.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from tipqueue.config.errors import TipqueueError
from tipqueue.config.settings import load_settings
from tipqueue.posts.series import split_to_folder

from tests.input_kit import FUZZ, assert_refused, invoke, run

MALFORMED = Path(__file__).parent / "malformed"
WORDS = [
    "skin",
    "muscle",
    "face",
    "cream",
    "light",
    "mask",
    "tone",
    "eye",
    "sleep",
    "water",
    "night",
    "gentle",
    "daily",
]


def _workspace(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "tipqueue.toml").write_text('[accounts.clinic]\nusername = "clinic.demo"\n', encoding="utf-8")
    return root


def _long_article(path: Path, size: int) -> Path:
    rng = random.Random(7)
    parts = ["Skin Care Every Day\n\n"]
    length = len(parts[0])
    while length < size:
        sentence = " ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + ". "
        parts.append(sentence + ("\n\n" if rng.random() < 0.1 else ""))
        length += len(parts[-1])
    path.write_text("".join(parts), encoding="utf-8")
    return path


def _written(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*")) if folder.exists() else []


def test_an_article_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    ws = _workspace(tmp_path / "ws")
    article = _long_article(tmp_path / "huge.txt", 6_000_000)
    done = run(ws, "split", str(article))
    assert_refused(
        done, "article huge.txt is 6 MB, over the limit of 5 MB (limits.article_mb)", "article_mb = N"
    )
    assert _written(ws / "posts") == []


def test_the_article_size_limit_is_a_setting(tmp_path: Path, bundled_article: Path) -> None:
    ws = _workspace(tmp_path / "ws")
    refused = invoke(ws, "split", str(bundled_article), env={"TIPQUEUE_LIMITS__ARTICLE_MB": "0.001"})
    assert_refused(refused, "over the limit of 0.001 MB (limits.article_mb)")
    assert _written(ws / "posts") == []
    taken = invoke(ws, "split", str(bundled_article), env={"TIPQUEUE_LIMITS__ARTICLE_MB": "1"})
    assert taken.returncode == 0, taken.stderr


def test_a_device_that_never_ends_is_read_only_up_to_the_limit(tmp_path: Path) -> None:
    ws = _workspace(tmp_path / "ws")
    assert_refused(invoke(ws, "split", "/dev/zero"), "article zero is over the limit of 5 MB")


def test_a_series_over_the_posts_limit_is_refused_and_nothing_is_written(
    tmp_path: Path, bundled_article: Path
) -> None:
    ws = _workspace(tmp_path / "ws")
    done = invoke(ws, "split", str(bundled_article), env={"TIPQUEUE_LIMITS__POSTS_PER_SERIES": "5"})
    assert_refused(
        done,
        "posts, over the limit of 5 posts (limits.posts_per_series)",
        "TIPQUEUE_LIMITS__POSTS_PER_SERIES",
    )
    assert _written(ws / "posts") == []


def test_a_long_text_read_as_one_article_becomes_a_bounded_series(tmp_path: Path) -> None:
    """60,000 words in one file: the series holds the best ten tips, not one post per paragraph,
    and asking for more tips than the posts limit allows is refused with nothing written."""
    ws = _workspace(tmp_path / "ws")
    article = _long_article(tmp_path / "long.txt", 60_000)
    done = invoke(ws, "split", str(article))
    assert done.returncode == 0, done.stderr
    assert len(list((ws / "posts").rglob("post.json"))) == 12  # cover, 10 tips, call to action
    before = {p: p.read_bytes() for p in _written(ws / "posts") if p.is_file()}
    more = invoke(
        ws, "split", str(article), "--tips", "20", "--force", env={"TIPQUEUE_LIMITS__POSTS_PER_SERIES": "15"}
    )
    assert_refused(more, "over the limit of 15 posts (limits.posts_per_series)")
    assert {p: p.read_bytes() for p in _written(ws / "posts") if p.is_file()} == before


@pytest.mark.parametrize(
    "path", sorted(p for p in MALFORMED.iterdir() if p.name != "README.md"), ids=lambda p: p.name
)
def test_a_file_that_is_not_an_article_is_one_line_and_writes_nothing(tmp_path: Path, path: Path) -> None:
    ws = _workspace(tmp_path / "ws")
    copy = shutil.copyfile(path, tmp_path / path.name)
    assert_refused(invoke(ws, "split", str(copy)), path.name)
    assert _written(ws / "posts") == []


_ARTICLE_TEXT = st.lists(
    st.one_of(
        st.sampled_from(
            ["# Skin tips\n", "Sleep on your back.", "<p>", "</div>", "\n\n", "- ", "> ", "\x00", "\ufeff"]
        ),
        st.text(max_size=40),
    ),
    max_size=25,
).map("".join)


@FUZZ
@given(
    data=st.one_of(_ARTICLE_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=300))
)
@example(data=b"\xff\xfeS\x00k\x00i\x00n\x00")
@example(data=b"Title\n\n" + b"word " * 20 + b"\xe9")
def test_any_file_becomes_a_series_or_is_one_line_with_nothing_written(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    article = root / "article.md"
    article.write_bytes(data)
    settings = load_settings(_workspace(root / "ws"), environ={}, check_files=False)
    out = root / "posts"
    try:
        result = split_to_folder(article, out, settings)
    except TipqueueError as exc:
        assert str(exc) and "\n" not in str(exc) and exc.exit_code == 2
        assert _written(out) == []
        return
    assert 1 <= len(result.posts) <= settings.limits.posts_per_series
