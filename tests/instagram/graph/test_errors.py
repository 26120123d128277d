"""Every Graph error code and subcode Meta documents lands in our error tree, as Meta advises.

The list in data/graph_error_codes.json was typed in from Meta's pages (sources inside); a code
added there without an entry in instagram.graph.errors fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tipqueue.config.errors import AuthRequired, NeedsPerson, RateLimited, Rejected, TransientError
from tipqueue.instagram.graph.errors import DOCUMENTED, PERMISSION_CODES, GraphError, map_graph_error

DATA = json.loads((Path(__file__).parent / "data" / "graph_error_codes.json").read_text(encoding="utf-8"))
CODES = [tuple(row) for row in DATA["codes"]]
EXPECTED = {
    "retry": TransientError,
    "slow down": RateLimited,
    "login": AuthRequired,
    "person": NeedsPerson,
    "refused": Rejected,
}


@pytest.mark.parametrize(
    ("page", "code", "subcode", "advice", "what"), CODES, ids=[f"{c[1]}/{c[2]}" for c in CODES]
)
def test_each_documented_code_has_its_own_entry_and_the_advised_kind(
    page: str, code: int, subcode: int | None, advice: str, what: str
) -> None:
    assert (code, subcode) in DOCUMENTED or (subcode is None and code in PERMISSION_CODES), (
        f"unmapped: {what}"
    )
    error = map_graph_error(GraphError(400, code, subcode, what), account="clinic", action="publish")
    assert type(error) is EXPECTED[advice] or (advice == "retry" and type(error) is TransientError)
    assert "clinic" in str(error) and str(code) in str(error)
    if isinstance(error, AuthRequired):
        assert "tipqueue login clinic" in str(error)


def test_the_table_has_nothing_the_pages_do_not_list() -> None:
    listed = {(c[1], c[2]) for c in CODES}
    assert set(DOCUMENTED) <= listed


def test_an_unknown_code_falls_back_on_the_http_status() -> None:
    def kind(status: int, body: object) -> type:
        return type(map_graph_error(GraphError.parse(status, body), account="a", action="x"))

    assert kind(500, None) is TransientError
    assert kind(429, {}) is RateLimited
    assert kind(400, {"error": {"code": 987654, "message": "new"}}) is Rejected
    assert kind(400, {"error": {"code": 987654, "is_transient": True}}) is TransientError


def test_only_a_5xx_after_the_point_of_no_return_is_an_unknown_outcome() -> None:
    refused = map_graph_error(
        GraphError(400, 9, 2207042, "limit"), account="a", action="publish", maybe_done=False
    )
    assert isinstance(refused, RateLimited) and not refused.maybe_done and refused.retry_after == 3600


def test_every_cross_checked_row_is_in_the_table_and_names_its_sources() -> None:
    checked = DATA["verified"]
    listed = {f"{c[1]}/{c[2]}" for c in CODES}
    assert set(checked["rows"]) <= listed
    for source in (checked["mirror_of_meta_page"], checked["scheduler_provider"]):
        assert source["repo"] and source["path"] and len(source["commit"]) == 40
