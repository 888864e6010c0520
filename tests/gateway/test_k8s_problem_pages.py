"""deploy/k8s/components/gateway-problems: the backend ingress-nginx sends its own refusals to.

Its nginx.conf (from the component's ConfigMap) runs in the real nginx on a free port. The
controller asks it with the status in X-Code and passes the answer on as it is, so the answer
must carry that status and the same problem document as the local gateway's.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from tests.support.gateway import free_port, nginx_binary, wait_listening

REPO = Path(__file__).resolve().parents[2]
COMPONENT = REPO / "deploy/k8s/components/gateway-problems/gateway-problems.yaml"
TEMPLATE = REPO / "deploy/gateway/nginx.conf.template"


def _config() -> str:
    (config,) = [d for d in yaml.safe_load_all(COMPONENT.read_text())
                 if d and d["kind"] == "ConfigMap"]
    text: str = config["data"]["nginx.conf"]
    return text


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The backend on a free port (its one `listen 8080;` moved there)."""
    prefix = tmp_path_factory.mktemp("problems")
    (prefix / "tmp").mkdir()
    config = _config()
    assert config.count("listen 8080;") == 1
    port = free_port()
    (prefix / "nginx.conf").write_text(config.replace("listen 8080;",
                                                      f"listen 127.0.0.1:{port};"))
    log = (prefix / "nginx.log").open("wb")
    # As in the pod: `nginx -p /tmp/ -c ...` (the prefix here is the test's directory).
    nginx = subprocess.Popen([nginx_binary(), "-p", f"{prefix}/", "-c", f"{prefix}/nginx.conf",
                              "-e", "stderr"], stdout=log, stderr=log)
    try:
        wait_listening(port, nginx)
        yield f"http://127.0.0.1:{port}"
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        log.close()


def _template_documents() -> dict[int, dict[str, Any]]:
    documents = re.findall(r"^\s*/_gateway/problem/(\d+)\s+'(.*)';$", TEMPLATE.read_text(), re.M)
    return {int(code): json.loads(body.replace("$request_id", "x")) for code, body in documents}


@pytest.mark.parametrize("code", [413, 502, 503, 504])
def test_the_status_in_x_code_is_answered_with_its_problem(backend: str, code: int) -> None:
    response = httpx.get(f"{backend}/api/intake/v1/cases",
                         headers={"X-Code": str(code), "X-Request-ID": "a1b2c3"})
    assert response.status_code == code
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["cache-control"] == "no-store"
    document = response.json()
    assert document["status"] == code
    assert document["request_id"] == "a1b2c3"
    local = _template_documents()[code]
    assert (document["type"], document["title"]) == (local["type"], local["title"])


@pytest.mark.parametrize("headers", [{}, {"X-Code": "200"}, {"X-Code": "404"}])
def test_anything_else_is_the_404_problem_of_the_local_gateway(backend: str,
                                                               headers: dict[str, str]) -> None:
    response = httpx.get(f"{backend}/api/intake/metrics", headers=headers)
    assert response.status_code == 404
    document = response.json()
    assert document["type"] == _template_documents()[404]["type"]


def test_a_request_id_that_is_not_a_plain_id_stays_out_of_the_document(backend: str) -> None:
    response = httpx.get(backend + "/", headers={"X-Code": "502",
                                                 "X-Request-ID": 'x","status":200,"a":"'})
    assert response.status_code == 502
    assert response.json()["request_id"] == ""
    assert response.json()["status"] == 502


def test_the_kubelet_probe_is_answered(backend: str) -> None:
    response = httpx.get(backend + "/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
