"""The nginx gateway's own refusals are RFC 9457 problem+json, whatever the client sent.

The real nginx runs deploy/gateway/nginx.conf.template as scripts/render-gateway.sh renders it.
No service runs behind it: intake's port is closed (502), routing's accepts and never answers
(504). What a service answers itself passes through untouched (tests/e2e shows that).
Requests go over raw sockets, because the malformed ones are what no HTTP client sends.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.gateway import (
    Answer,
    exchange,
    free_port,
    get,
    nginx_binary,
    wait_listening,
)

REPO = Path(__file__).resolve().parents[2]
PROBLEM = "urn:daiban:problem:"
MAX_BODY = "16k"


@dataclass(frozen=True)
class Gateway:
    """Where the gateway listens and the configuration it runs."""

    port: int
    config: str


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    """The gateway, with a closed port behind intake and a silent one behind routing."""
    run_dir = tmp_path_factory.mktemp("gateway")
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)  # the kernel accepts; nobody ever reads or answers
    port = free_port()
    env = {"PATH": "/usr/sbin:/usr/bin:/bin", "GATEWAY_PORT": str(port),
           "INTAKE_PORT": str(free_port()), "ROUTING_PORT": str(silent.getsockname()[1]),
           "GATEWAY_MAX_BODY": MAX_BODY, "GATEWAY_PROXY_TIMEOUT": "1s",
           "NGINX": nginx_binary()}
    rendered = subprocess.run([str(REPO / "scripts/render-gateway.sh"), str(run_dir)], env=env,
                              capture_output=True, text=True, check=False)
    assert rendered.returncode == 0, rendered.stderr
    log = (run_dir / "nginx.log").open("wb")
    nginx = subprocess.Popen([env["NGINX"], "-p", f"{run_dir}/", "-c", f"{run_dir}/nginx.conf",
                              "-e", "stderr"], stdout=log, stderr=log)
    try:
        wait_listening(port, nginx)
        yield Gateway(port, (run_dir / "nginx.conf").read_text())
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        log.close()
        silent.close()


def send(gateway: Gateway, request: bytes) -> Answer:
    """Send raw bytes, read the whole answer."""
    return exchange(gateway.port, request)


def assert_problem(answer: Answer, status: int, slug: str) -> dict[str, Any]:
    assert answer.status == status, answer
    document = answer.problem()
    assert document["type"] == PROBLEM + slug
    assert document["status"] == status
    assert isinstance(document["title"], str)
    assert document["title"]
    assert isinstance(document["detail"], str)
    assert document["detail"]
    assert re.fullmatch(r"[0-9a-f]{32}", document["request_id"])
    assert answer.headers["cache-control"] == "no-store"
    return document


MALFORMED = {
    "a NUL byte in the path": get("/api/intake/v1/cases/%00"),
    "dot segments above the root": get("/api/../../../etc/passwd"),
    "a lower-case method": get("/api/intake/v1/cases", method="get"),
    "no Host in HTTP/1.1": b"GET /api/intake/v1/cases HTTP/1.1\r\n\r\n",
    "two Host headers": get("/api/intake/v1/cases", "Host: other.test"),
    "a Host with a slash": b"GET /api/intake/ HTTP/1.1\r\nHost: a/b\r\n\r\n",
    "a Content-Length that is no number": get("/api/intake/v1/cases", "Content-Length: x",
                                              method="POST"),
    "both Content-Length and chunked": get("/api/intake/v1/cases", "Content-Length: 3",
                                           "Transfer-Encoding: chunked", method="POST")
                                       + b"0\r\n\r\n",
    "TLS spoken to the plain port": b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n",
}


@pytest.mark.parametrize("request_bytes", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_request_is_a_400_problem_not_a_500_page(gateway: Gateway,
                                                             request_bytes: bytes) -> None:
    assert_problem(send(gateway, request_bytes), 400, "bad-request")


def test_a_header_over_8k_is_a_431_problem(gateway: Gateway) -> None:
    answer = send(gateway, get("/api/intake/v1/cases", "X-Padding: " + "a" * 9000))
    document = assert_problem(answer, 431, "request-header-fields-too-large")
    assert "8k" in document["detail"]


def test_a_request_line_over_8k_is_a_414_problem(gateway: Gateway) -> None:
    answer = send(gateway, get("/api/intake/v1/cases?q=" + "a" * 9000))
    assert_problem(answer, 414, "uri-too-long")


def test_trace_is_a_405_problem_that_names_the_allowed_methods(gateway: Gateway) -> None:
    answer = send(gateway, get("/api/intake/v1/cases", method="TRACE"))
    assert_problem(answer, 405, "method-not-allowed")
    assert "TRACE" not in answer.headers["allow"]
    assert {"GET", "POST"} <= {m.strip() for m in answer.headers["allow"].split(",")}


def test_a_body_over_the_gateway_limit_is_a_413_problem(gateway: Gateway) -> None:
    request = get("/api/intake/v1/cases", f"Content-Length: {64 * 1024}", method="POST")
    document = assert_problem(send(gateway, request), 413, "payload-too-large")
    assert MAX_BODY in document["detail"]


def test_an_unknown_transfer_encoding_is_a_501_problem(gateway: Gateway) -> None:
    request = get("/api/intake/v1/cases", "Transfer-Encoding: gzip", method="POST")
    assert_problem(send(gateway, request), 501, "not-implemented")


def test_an_http_version_above_1_is_a_505_problem(gateway: Gateway) -> None:
    answer = send(gateway, get("/api/intake/v1/cases", version="HTTP/3.0"))
    assert_problem(answer, 505, "http-version-not-supported")


def test_a_service_that_cannot_be_reached_is_a_502_problem(gateway: Gateway) -> None:
    for method in ("GET", "POST"):
        answer = send(gateway, get("/api/intake/v1/cases", "Content-Length: 0", method=method))
        assert_problem(answer, 502, "bad-gateway")


def test_a_service_that_does_not_answer_in_time_is_a_504_problem(gateway: Gateway) -> None:
    assert_problem(send(gateway, get("/api/routing/v1/cases")), 504, "gateway-timeout")


@pytest.mark.parametrize("path", ["/nowhere", "/api/intake/metrics", "/api/sla/metrics/",
                                  "/api/intake/%2e%2e/sla/metrics", "/_gateway/problem/502"])
def test_unknown_paths_metrics_and_the_renderer_itself_are_404_problems(gateway: Gateway,
                                                                       path: str) -> None:
    for method in ("GET", "DELETE"):
        assert_problem(send(gateway, get(path, method=method)), 404, "not-found")


def test_a_head_request_gets_the_status_and_type_without_a_body(gateway: Gateway) -> None:
    with socket.create_connection(("127.0.0.1", gateway.port), timeout=10) as conn:
        conn.sendall(get("/nowhere", "Connection: close", method="HEAD"))
        data = b"".join(iter(lambda: conn.recv(65536), b""))
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 404 ")
    assert b"Content-Type: application/problem+json" in head
    assert body == b""


def test_every_status_the_gateway_renders_has_a_document_of_that_status(gateway: Gateway
                                                                       ) -> None:
    pages = re.findall(r"^\s*error_page\s+(\d+)\s+(?:=(\d+)\s+)?(\S+);", gateway.config, re.M)
    documents = dict(re.findall(r"^\s*(/_gateway/problem/\d+)\s+'(.*)';$", gateway.config, re.M))
    rendered = {int(code) for code, _, _ in pages}
    assert {400, 404, 405, 413, 414, 494, 500, 502, 503, 504} <= rendered
    for code, overwrite, uri in pages:
        document = json.loads(documents[uri].replace("$request_id", "0" * 32))
        assert document["status"] == int(overwrite or code), uri
        assert document["type"].startswith(PROBLEM)
        assert {"type", "title", "status", "detail"} <= set(document)
