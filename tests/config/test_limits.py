"""[limits]: defaults far above real use, each settable, each refused in one line naming it."""

from __future__ import annotations

from pathlib import Path

import pytest
from tipqueue.config.errors import SizeLimitError
from tipqueue.config.limits import check_import_rows, check_series_size
from tipqueue.config.settings import load_settings


def test_the_limits_come_from_the_file_and_the_environment(tmp_path: Path) -> None:
    (tmp_path / "tipqueue.toml").write_text(
        "[limits]\narticle_mb = 12.5\nimport_rows = 10\n", encoding="utf-8"
    )
    limits = load_settings(tmp_path, environ={"TIPQUEUE_LIMITS__POSTS_PER_SERIES": "40"}).limits
    assert (limits.article_mb, limits.article_bytes, limits.import_rows) == (12.5, 12_500_000, 10)
    assert (limits.posts_per_series, limits.request_body_bytes) == (40, 1_000_000)


def test_import_rows_over_the_limit_are_one_line_that_names_the_setting() -> None:
    check_import_rows(250_000, Path("replies.csv"), 250_000)
    with pytest.raises(SizeLimitError) as caught:
        check_import_rows(250_001, Path("/data/replies.csv"), 250_000)
    assert str(caught.value) == (
        "import file replies.csv is 250,001 rows, over the limit of 250,000 rows (limits.import_rows); "
        "split it into several files, or raise the limit: [limits] import_rows = N in tipqueue.toml "
        "(or TIPQUEUE_LIMITS__IMPORT_ROWS=N)"
    )
    assert caught.value.exit_code == 2


def test_a_series_at_the_limit_passes_and_one_more_post_does_not() -> None:
    check_series_size(30, Path("a.txt"), 30)
    with pytest.raises(
        SizeLimitError, match=r"the series from article a.txt is 31 posts, over the limit of 30 posts"
    ):
        check_series_size(31, Path("a.txt"), 30)


def test_an_article_just_over_the_limit_says_by_how_much(tmp_path: Path) -> None:
    from tipqueue.config.errors import ArticleError
    from tipqueue.posts.article import read_article

    article = tmp_path / "long.txt"
    article.write_bytes(b"Sunscreen every day. " * 238_099 + b"x" * 94)  # 5,000,173 bytes
    with pytest.raises((SizeLimitError, ArticleError)) as refused:
        read_article(article, max_bytes=5_000_000)
    message = str(refused.value)
    assert "is 5.0002 MB, over the limit of 5 MB (limits.article_mb)" in message, message
