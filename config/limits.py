"""``[limits]``: how much input tipqueue takes in one go, and the one line that refuses more.

Each limit keeps a careless or hostile input from costing minutes and gigabytes before anything
useful happens (a 52 MB article once made 254,513 post folders in 9 minutes and 3.4 GB; a 200 MB
request body was read whole into memory). The defaults are far above what a real article, series,
dashboard request or import needs; a workspace that needs more raises the setting.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from tipqueue.config.errors import SizeLimitError

MB = 1_000_000


class LimitsSettings(BaseModel):
    """The ``[limits]`` table of tipqueue.toml (``TIPQUEUE_LIMITS__<KEY>`` in the environment)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: the largest article file `tipqueue split` reads, in megabytes (a long blog post is 0.1 MB)
    article_mb: float = Field(default=5.0, gt=0, le=1000)
    #: the most posts one series may have (cover and call to action included). A ceiling, not a
    #: target: the series is built from the article's best ideas (12 posts by default), and this
    #: refuses a split that would make more (a long text read as one article, `--tips` too high)
    posts_per_series: int = Field(default=30, ge=3, le=1000)
    #: the largest request body the dashboard and its API accept, in megabytes
    request_body_mb: float = Field(default=1.0, gt=0, le=1000)
    #: the most rows one `queue import` file may hold (`replies import` streams files of any size)
    import_rows: int = Field(default=250_000, ge=1, le=100_000_000)

    @property
    def article_bytes(self) -> int:
        return int(self.article_mb * MB)

    @property
    def request_body_bytes(self) -> int:
        return int(self.request_body_mb * MB)


def _number(value: float) -> str:
    """A size or count as people read it: 254,513 / 52.3 / 1 / 0.002."""
    if isinstance(value, int) or value >= 100:
        return f"{value:,.0f}"
    if value >= 1:
        return f"{value:.1f}".removesuffix(".0")
    return f"{value:.2g}"


def over_limit(
    what: str, found: float | None, key: str, limit: float, *, unit: str = "", fix: str
) -> SizeLimitError:
    """The error for ``what`` (e.g. "article big.txt") being ``found``, over ``limits.<key>`` = ``limit``.

    ``found`` and ``limit`` are in ``unit`` ("MB" for the *_mb limits, "" for counts); ``found`` is
    None when only "more than the limit" is known. ``fix`` says how to get under the limit.
    """
    allowed = f"{_number(limit)} {unit}".strip()
    shown = _number(found) if found is not None else ""
    if found is not None and found > limit and shown == _number(limit):
        # "is 5 MB, over the limit of 5 MB" reads as a contradiction: as many decimals as it takes
        for digits in range(2, 10):
            shown = f"{found:.{digits}f}".rstrip("0").rstrip(".")
            if shown != f"{limit:.{digits}f}".rstrip("0").rstrip("."):
                break
    size = f"is {shown} {unit}".strip() + ", over" if found is not None else "is over"
    return SizeLimitError(
        f"{what} {size} the limit of {allowed} (limits.{key}); {fix}, or raise the limit: "
        f"[limits] {key} = N in tipqueue.toml (or TIPQUEUE_LIMITS__{key.upper()}=N)"
    )


def check_series_size(count: int, article: Path, limit: int) -> None:
    """Refuse a series of more than ``limits.posts_per_series`` posts, before anything is written."""
    if count > limit:
        raise over_limit(
            f"the series from article {article.name}",
            count,
            "posts_per_series",
            limit,
            unit="posts",
            fix="split the article into shorter ones",
        )


def check_import_rows(count: int, file: Path, limit: int) -> None:
    """Refuse a `queue import` file of more than ``limits.import_rows`` rows.

    Call it once the rows are counted and before any is stored, so nothing is half-imported.
    """
    if count > limit:
        raise over_limit(
            f"import file {file.name}",
            count,
            "import_rows",
            limit,
            unit="rows",
            fix="split it into several files",
        )
