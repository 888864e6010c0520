"""deploy/gateway/nginx.conf.template: a scan passes the gateway on the routes that carry one, up
to what intake takes; a body too large for a workbench form is refused with a page in Chinese,
not the problem document an API client reads.

The real nginx runs the template as scripts/render-gateway.sh renders it (its default limit,
1088k), with nothing listening behind it: a body let through is a 502 problem.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.gateway import Answer, exchange, free_port, get, nginx_binary, wait_listening

REPO = Path(__file__).resolve().parents[2]
CASE = "110116-20261201-000001"
SCAN_FORMS = (f"/workbench/cases/{CASE}/materials/2/scan", f"/workbench/cases/{CASE}/authorization")
UPLOAD = f"/api/intake/v1/cases/{CASE}/attachments?item=2&filename=scan.jpg"
TOO_LARGE = 11 * 2**20  # over intake's 10 MiB and the gateway's 10 MiB + 128 KiB
LARGER_THAN_A_FORM = 2 * 2**20  # over the gateway's 1088k, under a scan's limit


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """The gateway's port; every service's and the web's port closed."""
    run_dir = tmp_path_factory.mktemp("gateway")
    port = free_port()
    env = {"PATH": "/usr/sbin:/usr/bin:/bin", "GATEWAY_PORT": str(port),
           "INTAKE_PORT": str(free_port()), "WEB_PORT": str(free_port()),
           "NGINX": nginx_binary()}
    rendered = subprocess.run([str(REPO / "scripts/render-gateway.sh"), str(run_dir)], env=env,
                              capture_output=True, text=True, check=False)
    assert rendered.returncode == 0, rendered.stderr
    log = (run_dir / "nginx.log").open("wb")
    nginx = subprocess.Popen([env["NGINX"], "-p", f"{run_dir}/", "-c", f"{run_dir}/nginx.conf",
                              "-e", "stderr"], stdout=log, stderr=log)
    try:
        wait_listening(port, nginx)
        yield port
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        log.close()


def announced(port: int, path: str, length: int) -> Answer:
    """A POST that announces ``length`` bytes and sends none: what the gateway answers before
    it reads a body."""
    return exchange(port, get(path, f"Content-Length: {length}",
                              "Content-Type: multipart/form-data; boundary=x", method="POST"))


def sent(port: int, path: str, length: int) -> Answer:
    """A POST of ``length`` bytes, all of them sent."""
    return exchange(port, get(path, f"Content-Length: {length}", method="POST") + b"x" * length)


@pytest.mark.parametrize("path", [*SCAN_FORMS, "/workbench/cases/new"])
def test_a_body_too_large_for_a_workbench_form_is_a_page_in_chinese(gateway: int,
                                                                    path: str) -> None:
    length = TOO_LARGE if path in SCAN_FORMS else LARGER_THAN_A_FORM
    answer = announced(gateway, path, length)
    assert answer.status == 413
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert answer.headers["cache-control"] == "no-store"
    page = answer.body.decode()
    assert "文件太大" in page
    assert "10 MB" in page


@pytest.mark.parametrize(("path", "length"), [(UPLOAD, TOO_LARGE),
                                              ("/api/intake/v1/cases", LARGER_THAN_A_FORM)])
def test_a_body_too_large_for_an_api_stays_the_413_problem(gateway: int, path: str,
                                                           length: int) -> None:
    answer = announced(gateway, path, length)
    assert answer.status == 413
    assert answer.problem()["type"] == "urn:daiban:problem:payload-too-large"


@pytest.mark.parametrize("path", [*SCAN_FORMS, UPLOAD])
def test_a_scan_over_a_forms_limit_is_passed_on(gateway: int, path: str) -> None:
    answer = sent(gateway, path, LARGER_THAN_A_FORM)
    # passed on to the web or intake, where nothing listens: the gateway's 502, not its 413
    assert answer.status == 502
    assert answer.problem()["type"] == "urn:daiban:problem:bad-gateway"
