"""Every service has the same shape: the same file names hold the same roles.

Read by the code's own structure (files and the definitions in them), not by running anything.
See docs/architecture.md, "Every service has the same shape".
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("intake", "routing", "sla", "audit", "notify")

REQUIRED = {"__init__.py", "app.py", "bootstrap.py", "consumer.py", "service.py", "settings.py",
            "ports.py", "domain", "handlers", "adapters", "api", "migrations"}
OPTIONAL = {"demo.py", "seed.py", "metrics.py", "workers.py", "cli.py", "templates"}
VAGUE_NAMES = {"utils", "helpers", "helper", "common", "misc", "manager", "records", "stuff"}


def _package(service: str) -> Path:
    return ROOT / "services" / service / "src" / f"daiban_{service}"


def _entries(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.name != "__pycache__"}


def _modules(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "migrations" not in p.parts)


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _classes(path: Path) -> dict[str, ast.ClassDef]:
    return {n.name: n for n in _tree(path).body if isinstance(n, ast.ClassDef)}


@pytest.mark.parametrize("service", SERVICES)
def test_the_top_level_holds_the_same_roles_in_every_service(service: str) -> None:
    entries = _entries(_package(service))
    assert REQUIRED - entries == set(), "missing"
    assert entries - REQUIRED - OPTIONAL == set(), "not part of the shape"


@pytest.mark.parametrize("service", SERVICES)
def test_domain_handlers_api_and_adapters_have_their_fixed_modules(service: str) -> None:
    package = _package(service)
    for folder in ("domain", "handlers", "adapters", "api"):
        assert (package / folder / "__init__.py").exists(), f"{folder} is a package"
    assert (package / "domain" / "errors.py").exists()
    assert [p.name for p in package.rglob("*errors*.py")] == ["errors.py"], "one errors module"
    assert {"orm.py", "uow.py"} <= _entries(package / "adapters")
    api = _entries(package / "api")
    assert {"__init__.py", "deps.py", "routes"} <= api
    assert api - {"__init__.py", "deps.py", "routes", "schemas.py", "schemas"} == set()
    assert (package / "api" / "routes" / "__init__.py").exists(), "routes is a package"


@pytest.mark.parametrize("service", SERVICES)
def test_no_module_has_a_name_that_says_nothing(service: str) -> None:
    vague = [str(p.relative_to(ROOT)) for p in _modules(_package(service))
             if p.stem in VAGUE_NAMES or p.stem.startswith(("handlers_", "utils_"))]
    assert vague == []


@pytest.mark.parametrize("service", SERVICES)
def test_every_repository_port_has_its_postgres_adapter(service: str) -> None:
    package = _package(service)
    ports = [name for name, node in _classes(package / "ports.py").items()
             if name.endswith("Repository")
             and any(getattr(b, "id", getattr(b, "attr", "")) == "Protocol" for b in node.bases)]
    assert ports, "ports.py names the repositories"
    adapters = {name for path in _modules(package / "adapters") for name in _classes(path)}
    assert [p for p in ports if f"Postgres{p}" not in adapters] == []
    assert "UnitOfWork" in _classes(package / "ports.py")
    assert any(n.startswith("Postgres") and n.endswith("UnitOfWork")
               for n in _classes(package / "adapters" / "uow.py"))


@pytest.mark.parametrize("service", SERVICES)
def test_bootstrap_builds_one_service_of_bound_commands_and_queries(service: str) -> None:
    path = _package(service) / "bootstrap.py"
    classes = _classes(path)
    assert {"Commands", "Queries"} <= set(classes)
    build = next(n for n in _tree(path).body
                 if isinstance(n, ast.FunctionDef) and n.name == "build")
    assert [a.arg for a in build.args.args] == ["settings"]
    assert [a.arg for a in build.args.kwonlyargs] == ["uow_factory", "clock", "ids"]
    assert ast.unparse(build.returns) == "Service[Commands, Queries]" if build.returns else False


@pytest.mark.parametrize("service", SERVICES)
def test_only_bootstrap_wires_and_nothing_narrows_types_with_assert(service: str) -> None:
    package = _package(service)
    found = []
    for path in _modules(package):
        text = path.read_text(encoding="utf-8")
        if "assert isinstance(" in text:
            found.append(f"{path.relative_to(ROOT)}: assert isinstance")
        if path.name != "bootstrap.py" and any(
                word in text for word in ("uow_factory()", "datetime.now(", "uuid4(")):
            found.append(f"{path.relative_to(ROOT)}: wires a unit of work, a clock or ids")
    assert found == []
