"""schemathesis over the API's OpenAPI description: generated requests never cause a server error
and every response matches the description."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance
from tipqueue.posts.models import Post

LOOPBACK = {"host": "127.0.0.1:8000"}
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


def checker(operation: Any, real: dict[str, Any], statuses: dict[str, set[int]]) -> Callable[[], None]:
    """A hypothesis test of one operation; path ids are half generated, half real ones."""

    @given(case=operation.as_strategy(), data=st.data())
    @settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    def check(case: Any, data: Any) -> None:
        for key, strategy in real.items():
            if case.path_parameters and key in case.path_parameters and data.draw(st.booleans()):
                case.path_parameters[key] = data.draw(strategy)
        response = case.call(headers=LOOPBACK)
        statuses.setdefault(operation.label, set()).add(response.status_code)
        case.validate_response(response, checks=CHECKS)

    return check  # type: ignore[no-any-return]


def test_the_api_answers_generated_requests_without_a_server_error(app: Any, seeded: list[Post]) -> None:
    # schemathesis' pytest integration does not run under this pytest; drive its strategies directly
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app, headers=LOOPBACK)
    real = {"post_id": st.sampled_from([p.id for p in seeded]), "name": st.just("studio")}
    statuses: dict[str, set[int]] = {}
    for result in schema.get_all_operations():
        checker(result.ok(), real, statuses)()
    assert len(statuses) >= 14
    assert 200 in statuses["POST /api/posts/{post_id}/cancel"]
    assert 200 in statuses["PATCH /api/posts/{post_id}"]
    assert 200 in statuses["POST /api/accounts/{name}/pause"]
