"""Every error response of every service's OpenAPI document is application/problem+json only,
as the services send it (FastAPI would add the route's media types: JSON, HTML, CSV...)."""

from __future__ import annotations

from typing import Any

import pytest

from daiban_common.service import discover

SERVICES = discover()


def error_responses(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(f"{method.upper()} {path}", status, response)
            for path, operations in schema["paths"].items()
            for method, operation in operations.items()
            for status, response in operation["responses"].items() if status[0] in "45"]


@pytest.mark.parametrize("name", list(SERVICES))
def test_error_responses_are_documented_as_problem_json_only(name: str) -> None:
    spec = SERVICES[name]
    schema = spec.create_app(spec.settings()).openapi()
    errors = error_responses(schema)
    assert errors
    for where, status, response in errors:
        assert response["content"] == {"application/problem+json": {
            "schema": {"$ref": "#/components/schemas/Problem"}}}, (where, status)
    assert {"Problem", "FieldError"} <= set(schema["components"]["schemas"])


def test_a_route_answering_html_leaves_the_other_routes_errors_alone() -> None:
    intake = SERVICES["intake"]
    schema = intake.create_app(intake.settings()).openapi()
    html = [op for ops in schema["paths"].values() for op in ops.values()
            if "text/html" in op["responses"].get("200", {}).get("content", {})]
    assert html  # the notice as HTML: the case that once leaked text/html into every error
    for _, _, response in error_responses(schema):
        assert "text/html" not in response["content"]
