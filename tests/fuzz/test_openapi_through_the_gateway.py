"""Schemathesis against every service's OpenAPI document, through the real gateway.

The five documents are fetched through the gateway (``/api/<service>/openapi.json``) and joined
into one API under the gateway's prefixes; every operation is called with generated requests,
valid and invalid, each with a token of a role the route admits (an administrator's on the admin
write routes), and every answer is checked: no 5xx, a status, content type, headers and body
that the document declares. The APIs write into a database and a bus namespace of their own
(``tests.support.gateway.apis``), so the fuzzed admin writes meet no other test's data.

Bounded: a few examples per operation (``FUZZ_EXAMPLES``), no shrinking.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

import httpx
import pytest
import schemathesis
from schemathesis import Case, GenerationMode
from schemathesis.schemas import BaseSchema

from daiban_common.auth import issue_dev_token
from daiban_common.settings import CommonSettings
from daiban_kernel.roles import Role
from tests.api.conftest import widest
from tests.api.endpoints import ENDPOINTS
from tests.support.gateway import SERVICES, ApisBehindGateway

pytestmark = pytest.mark.integration

NOT_CHECKED = [schemathesis.checks.positive_data_acceptance]
"""A request valid by the schema may still break a rule no JSON Schema states (an ID number's
check digit, a village in the caller's place): its 422 problem is right."""
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
ROLES = {(e.service, e.method, e.path): min(e.allowed) for e in ENDPOINTS if e.protected}
"""The role each protected route is called as: the first it admits (an admin's for the admin
routes, which admit no other)."""


def joined(documents: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """One OpenAPI document of the services' under their gateway prefixes, components renamed
    ``<service>.<name>`` (the services name theirs alike)."""
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    security: dict[str, Any] = {}
    for service, document in documents.items():
        text = re.sub(r'"#/components/schemas/([^"]+)"',
                      rf'"#/components/schemas/{service}.\1"', json.dumps(document))
        renamed = json.loads(text)
        for path, operations in renamed["paths"].items():
            for operation in operations.values():
                operation["operationId"] = f"{service}.{operation['operationId']}"
                operation["tags"] = [service]
            paths[f"/api/{service}{path}"] = operations
        for name, schema in renamed.get("components", {}).get("schemas", {}).items():
            schemas[f"{service}.{name}"] = schema
        security.update(renamed.get("components", {}).get("securitySchemes", {}))
    return {"openapi": "3.1.0", "info": {"title": "Daiban through the gateway", "version": "1"},
            "paths": paths, "components": {"schemas": schemas, "securitySchemes": security}}


@pytest.fixture(scope="session")
def gateway_api(apis: ApisBehindGateway) -> BaseSchema:
    documents = {}
    for service in SERVICES:
        answer = httpx.get(f"{apis.url}/api/{service}/openapi.json", timeout=30)
        assert answer.status_code == 200, (service, answer.text[:200])
        documents[service] = answer.json()
    schema = schemathesis.openapi.from_dict(joined(documents))
    schema.config.update(base_url=apis.url, request_timeout=30)
    # No query parameters the document does not declare: the services ignore them today
    # (refusing them is a rule of their own to make, not a conformance fault).
    schema.config.generation.update(max_examples=EXAMPLES, no_shrink=True, deterministic=True,
                                    allow_extra_parameters=False,
                                    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
    return schema


api = schemathesis.pytest.from_fixture("gateway_api")


def test_the_joined_document_has_every_route_of_every_service(gateway_api: BaseSchema) -> None:
    operations = {(service, method.upper(), "/" + path)
                  for full, methods in gateway_api.raw_schema["paths"].items()
                  for service, _, path in [full.removeprefix("/api/").partition("/")]
                  for method in methods}
    assert operations == {(e.service, e.method, e.path) for e in ENDPOINTS}


@pytest.fixture(scope="session")
def tokens(apis: ApisBehindGateway) -> dict[Role, str]:
    settings = CommonSettings(**apis.env)  # type: ignore[arg-type]
    return {role: issue_dev_token(settings, role=role, place=widest(role),
                                  subject=f"fuzz-{role.value}") for role in Role}


def _route(case: Case[Any]) -> tuple[str, str, str]:
    service, _, path = case.operation.path.removeprefix("/api/").partition("/")
    return service, case.method.upper(), "/" + path


@api.parametrize()
def test_every_operation_answers_as_its_document_says(case: Case[Any],
                                                      tokens: dict[Role, str]) -> None:
    role = ROLES.get(_route(case))
    headers = {} if role is None else {"Authorization": f"Bearer {tokens[role]}"}
    case.call_and_validate(headers=headers, excluded_checks=NOT_CHECKED)
