"""Request bodies over the size limit, and the Idempotency-Key header, on POST /v1/cases.

The apps run with a limit of ``MAX_BODY`` bytes; bodies name a village outside the caller's
place, so one that passes validation is refused with 403 and no case is opened.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest

from daiban_common.service import discover
from tests.api.conftest import (
    MAX_BODY,
    Service,
    assert_client_problem,
    assert_problem,
    post_case,
    valid_case,
)

pytestmark = [pytest.mark.integration, pytest.mark.asyncio(loop_scope="package")]

SERVICES = sorted(discover())


# --------------------------------------------------------------------------------------------
# Body size
# --------------------------------------------------------------------------------------------


def _padded(size: int) -> bytes:
    """A JSON body of exactly ``size`` bytes."""
    empty = json.dumps(valid_case(pad="")).encode()
    raw = json.dumps(valid_case(pad="x" * (size - len(empty)))).encode()
    assert len(raw) == size
    return raw


async def _chunks(raw: bytes, size: int = 512) -> AsyncIterator[bytes]:
    for i in range(0, len(raw), size):
        yield raw[i:i + size]


async def test_a_body_over_the_limit_by_its_content_length_is_a_413_problem(
    intake: Service,
) -> None:
    body = assert_problem(await post_case(intake, content=_padded(MAX_BODY + 1)), 413)
    assert str(MAX_BODY) in body["detail"]


async def test_a_body_at_the_limit_is_read_and_validated(intake: Service) -> None:
    # the unknown `pad` member is refused: the body got past the size limit
    assert_problem(await post_case(intake, content=_padded(MAX_BODY)), 422, field="pad")


async def test_a_streamed_body_under_the_limit_is_read_and_validated(intake: Service) -> None:
    response = await post_case(intake, content=_chunks(_padded(MAX_BODY)))
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert_problem(response, 422, field="pad")


async def test_a_streamed_body_over_the_limit_is_a_413_problem(intake: Service) -> None:
    response = await post_case(intake, content=_chunks(_padded(MAX_BODY * 4)))
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert_problem(response, 413)


async def test_a_content_length_that_is_not_a_number_is_a_4xx_problem(intake: Service) -> None:
    response = await post_case(intake, content=b"{}", headers={"Content-Length": "abc"})
    assert response.request.headers["content-length"] == "abc"
    assert_client_problem(response)


@pytest.mark.parametrize("name", SERVICES)
async def test_every_service_refuses_an_oversized_body_with_a_413_problem(
    services: dict[str, Service], name: str,
) -> None:
    svc = services[name]
    response = await svc.client.post("/v1/anything", content=b"x" * (MAX_BODY + 1),
                                     headers={**svc.auth(), "Content-Type": "application/json"})
    assert_problem(response, 413)


# --------------------------------------------------------------------------------------------
# Idempotency-Key
# --------------------------------------------------------------------------------------------


async def test_a_well_formed_idempotency_key_is_accepted(intake: Service) -> None:
    response = await post_case(intake, valid_case(), headers={"Idempotency-Key": "retry-0001"})
    assert_problem(response, 403)


@pytest.mark.parametrize("key", [
    pytest.param("short", id="under 8 characters"),
    pytest.param("k" * 129, id="over 128 characters"),
    pytest.param("has a space", id="a space"),
    pytest.param("slash/in/key", id="a slash"),
    pytest.param("", id="empty"),
])
async def test_an_invalid_idempotency_key_is_a_422_naming_the_header(
    intake: Service, key: str,
) -> None:
    response = await post_case(intake, valid_case(), headers={"Idempotency-Key": key})
    assert_problem(response, 422, field="Idempotency-Key")
