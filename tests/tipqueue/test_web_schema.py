"""schemathesis over the API's OpenAPI description: generated requests never cause a server error
and every response matches the description."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

LOOPBACK = {"host": "127.0.0.1:8000"}
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


def test_the_api_answers_generated_requests_without_a_server_error(app: Any) -> None:
    # schemathesis' pytest integration does not run under this pytest; drive its strategies directly
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app, headers=LOOPBACK)
    checked = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
        def check(case: Any) -> None:
            response = case.call(headers=LOOPBACK)
            case.validate_response(response, checks=CHECKS)

        check()
        checked.append(operation.label)
    assert "GET /api/posts" in checked and len(checked) >= 8
