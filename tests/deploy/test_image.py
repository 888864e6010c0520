"""The `daiban` image (Dockerfile) installs exactly what uv.lock pins for production.

There is no container engine here, so the build stage is replayed: its WORKDIR, ENV and COPY
instructions (the build context filtered by .dockerignore, as Docker filters it) are laid out in a
temporary directory, and its `uv sync` commands run there as written, with the pinned uv of
scripts/bootstrap-venv.sh and its warm cache. What they installed is then compared with the
packages uv.lock resolves for the root project without the dev group: every one at its locked
version, and nothing else. A Dockerfile that drifts from the lock (another command, a missing
COPY, a dev package) fails here. The one liberty taken: byte-code is not compiled, which changes
no installed distribution and saves most of the time.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from packaging.markers import Marker
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]
UV = REPO / ".cache" / "uv-venv" / "bin" / "uv"
RUNTIME_UID = 10001  # deploy/k8s: runAsUser / runAsGroup
Obj = dict[str, Any]


@dataclass
class Stage:
    """One stage of the Dockerfile: its base, name and instructions (keyword, arguments)."""

    base: str
    name: str
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def args(self, keyword: str) -> list[str]:
        return [a for k, a in self.instructions if k == keyword]


def _instructions(text: str) -> list[tuple[str, str]]:
    joined = re.sub(r"\\\n(\s*#.*\n)*", " ", text)  # continuation lines (comments inside them)
    found = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            found.append((keyword.upper(), rest.strip()))
    return found


@functools.cache
def stages() -> dict[str, Stage]:
    """The Dockerfile's stages by name, the global ARG defaults substituted into FROM."""
    defaults: dict[str, str] = {}
    found: dict[str, Stage] = {}
    current: Stage | None = None
    for keyword, rest in _instructions((REPO / "Dockerfile").read_text()):
        if keyword == "ARG" and current is None:
            name, _, value = rest.partition("=")
            defaults[name] = value
        elif keyword == "FROM":
            base, _, name = re.sub(r"\$\{(\w+)\}", lambda m: defaults[m[1]], rest).partition(" AS ")
            current = found[name.strip()] = Stage(base.strip(), name.strip())
        else:
            assert current is not None, f"{keyword} before the first FROM"
            current.instructions.append((keyword, rest))
    return found


def _env_pairs(rest: str) -> dict[str, str]:
    return dict(word.split("=", 1) for word in shlex.split(rest))


# --- the build context, as .dockerignore filters it --------------------------------------------

def _pattern(glob: str) -> re.Pattern[str]:
    regex = ""
    for token in re.split(r"(\*\*/|\*\*|\*|\?)", glob.strip("/")):
        regex += {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}.get(
            token, re.escape(token))
    return re.compile(regex)


def _ignore_rules() -> list[tuple[bool, re.Pattern[str]]]:
    rules = []
    for line in (REPO / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            rules.append((line.startswith("!"), _pattern(line.removeprefix("!"))))
    return rules


def _ignored(path: str, rules: list[tuple[bool, re.Pattern[str]]]) -> bool:
    """Docker's rule: the last pattern matching the path or one of its parents decides."""
    parts = path.split("/")
    prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    ignored = False
    for negated, regex in rules:
        if any(regex.fullmatch(p) for p in prefixes):
            ignored = not negated
    return ignored


def build_context() -> set[str]:
    """The files `docker build .` would send, relative to the repository."""
    rules = _ignore_rules()
    # Big trees pruned for speed; they must be ignored wholesale, which is checked.
    pruned = {".git", ".venv", ".cache", ".run", ".dev"}
    assert all(_ignored(f"{d}/x", rules) for d in pruned)
    files = set()
    for root, dirs, names in os.walk(REPO):
        rel_root = Path(root).relative_to(REPO).as_posix()
        dirs[:] = [d for d in dirs if rel_root != "." or d not in pruned]
        for name in names:
            rel = name if rel_root == "." else f"{rel_root}/{name}"
            if not _ignored(rel, rules):
                files.add(rel)
    return files


# --- replaying the build stage ---------------------------------------------------------------

@dataclass
class Replay:
    """The build stage laid out under ``root`` (its / ), and where uv installed."""

    root: Path
    environment: Path


def _inside(root: Path, path: str, cwd: Path) -> Path:
    return root / path.lstrip("/") if path.startswith("/") else cwd / path


def _copy(context: set[str], sources: list[str], dest: Path, *, into: bool) -> None:
    for source in sources:
        source = source.strip("/").removeprefix("./") if source not in (".", "./") else ""
        if source in context:
            target = dest / Path(source).name if into else dest
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / source, target)
            continue
        below = sorted(f for f in context if not source or f.startswith(source + "/"))
        assert below, f"COPY {source}: nothing in the build context"
        for f in below:
            target = dest / Path(f).relative_to(source or ".")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / f, target)


def _uv_version() -> str:
    match = re.search(r'^UV_VERSION="([^"]+)"', (REPO / "scripts/bootstrap-venv.sh").read_text(),
                      re.M)
    assert match
    return match[1]


def replay_build_stage(root: Path) -> Replay:
    """Run the build stage's instructions under ``root``; its RUN commands as written."""
    if not UV.exists():
        pytest.fail(f"no {UV}: run `make venv` first", pytrace=False)
    context = build_context()
    cwd = root
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV" and not k.startswith("UV_")}
    env["PATH"] = f"{UV.parent}:{env['PATH']}"
    docker_env: dict[str, str] = {}
    for keyword, rest in stages()["build"].instructions:
        if keyword == "WORKDIR":
            cwd = _inside(root, rest, cwd)
            cwd.mkdir(parents=True, exist_ok=True)
        elif keyword == "ENV":
            for name, value in _env_pairs(rest).items():
                absolute = value.startswith("/")
                docker_env[name] = str(_inside(root, value, cwd)) if absolute else value
        elif keyword == "COPY":
            assert not rest.startswith("--"), f"COPY {rest}: only plain COPY is replayed"
            *sources, dest = shlex.split(rest)
            into = dest.endswith("/") or len(sources) > 1
            _copy(context, sources, _inside(root, dest, cwd), into=into)
        elif keyword == "RUN":
            command = " ".join(w for w in shlex.split(rest) if not w.startswith("--mount="))
            if command.startswith("pip install"):
                # uv itself, which the replay takes from the bootstrap venv: the same version?
                assert f"uv=={_uv_version()}" in command.split(), command
                continue
            assert command.startswith("uv sync "), f"RUN {command}: not replayable"
            run_env = {**env, **docker_env, "UV_COMPILE_BYTECODE": "0",
                       "UV_PYTHON": getattr(sys, "_base_executable", sys.executable)}
            done = subprocess.run(command, shell=True, cwd=cwd, env=run_env, capture_output=True,
                                  text=True, timeout=300, check=False)
            assert done.returncode == 0, f"{command}\n{done.stderr}"
        else:
            raise AssertionError(f"{keyword} in the build stage: the replay does not know it")
    return Replay(root, Path(docker_env["UV_PROJECT_ENVIRONMENT"]))


@pytest.fixture(scope="module")
def replay(tmp_path_factory: pytest.TempPathFactory) -> Replay:
    """The build stage, replayed once for this module."""
    return replay_build_stage(tmp_path_factory.mktemp("image"))


def in_image(replay: Replay, code: str) -> Any:
    """Run Python in the installed environment (not this one); its JSON output."""
    done = subprocess.run([str(replay.environment / "bin" / "python"), "-c", code],
                          capture_output=True, text=True, timeout=60, check=False,
                          env={"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"},
                          cwd=replay.root)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# --- what the lock says ----------------------------------------------------------------------

def locked_production_packages(environment: dict[str, str]) -> dict[str, str]:
    """name -> version of every package the root project needs without its dev group."""
    lock = tomllib.loads((REPO / "uv.lock").read_text())
    versions: dict[str, list[Obj]] = defaultdict(list)
    for package in lock["package"]:
        versions[package["name"]].append(package)
    (root,) = [p for p in lock["package"] if p["source"].get("virtual") == "."]
    needed: dict[str, str] = {}
    pending: list[tuple[Obj, tuple[str, ...]]] = [(d, tuple(d.get("extra", ())))
                                                  for d in root.get("dependencies", [])]
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    while pending:
        dependency, extras = pending.pop()
        marker = dependency.get("marker")
        if marker and not Marker(marker).evaluate({**environment, "extra": ""}):
            continue
        candidates = [p for p in versions[dependency["name"]]
                      if "version" not in dependency or p["version"] == dependency["version"]]
        (package,) = candidates
        key = (package["name"], package["version"], extras)
        if key in seen:
            continue
        seen.add(key)
        needed[package["name"]] = package["version"]
        below = list(package.get("dependencies", []))
        for extra in extras:
            below += package.get("optional-dependencies", {}).get(extra, [])
        pending += [(d, tuple(d.get("extra", ()))) for d in below]
    return needed


# --- the tests -------------------------------------------------------------------------------

def test_the_image_installs_every_locked_production_package_at_its_version_and_no_other(
        replay: Replay) -> None:
    installed = in_image(replay, "import importlib.metadata as m, json; print(json.dumps("
                                 "{d.metadata['Name']: d.version for d in m.distributions()}))")
    expected = locked_production_packages(_marker_environment(replay))
    got = {canonicalize_name(name): version for name, version in installed.items()}
    assert got == expected
    assert "pytest" not in got  # the dev group stays out


def _marker_environment(replay: Replay) -> dict[str, str]:
    """PEP 508 marker values of the image's interpreter (computed there: packaging is not)."""
    code = ("import json, os, platform, sys; print(json.dumps({"
            "'implementation_name': sys.implementation.name,"
            "'implementation_version': platform.python_version(),"
            "'os_name': os.name, 'platform_machine': platform.machine(),"
            "'platform_python_implementation': platform.python_implementation(),"
            "'platform_release': platform.release(), 'platform_system': platform.system(),"
            "'platform_version': platform.version(),"
            "'python_full_version': platform.python_version(),"
            "'python_version': '.'.join(platform.python_version_tuple()[:2]),"
            "'sys_platform': sys.platform}))")
    result: dict[str, str] = in_image(replay, code)
    return result


def test_daibans_own_packages_are_installed_as_wheels_not_links_to_the_sources(
        replay: Replay) -> None:
    locations = in_image(replay, "import json, daiban_common, daiban_intake, daiban_routing, "
                                 "daiban_sla, daiban_audit, daiban_notify as n; "
                                 "print(json.dumps([m.__file__ for m in (daiban_common, "
                                 "daiban_intake, daiban_routing, daiban_sla, daiban_audit, n)]))")
    for location in locations:
        assert Path(location).is_relative_to(replay.environment), location


def test_the_image_carries_the_notice_font_and_every_services_migrations(replay: Replay) -> None:
    found = in_image(replay, "import json; from importlib.resources import files; "
                             "from daiban_common.service import discover; "
                             "from daiban_intake.adapters.notice_document import find_cjk_font; "
                             "print(json.dumps({'font': str(find_cjk_font(None)), "
                             "'migrations': {n: (files(s.package) / 'migrations' / 'env.py')"
                             ".is_file() for n, s in discover().items()}}))")
    assert Path(found["font"]).is_relative_to(replay.environment)  # not the machine's fonts
    assert found["migrations"] == dict.fromkeys(
        ("audit", "intake", "notify", "routing", "sla"), True)


def test_the_daiban_command_of_the_image_runs(replay: Replay) -> None:
    done = subprocess.run([str(replay.environment / "bin" / "daiban"), "--help"],
                          capture_output=True, text=True, timeout=60, check=False,
                          env={"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"})
    assert done.returncode == 0, done.stderr
    for command in ("migrate", "api", "worker"):
        assert command in done.stdout


def test_the_runtime_stage_runs_the_built_environment_as_the_pods_unprivileged_user() -> None:
    build, runtime = stages()["build"], stages()["runtime"]
    assert runtime.base == build.base  # the environment's interpreter is the same Python
    environment = _env_pairs(" ".join(build.args("ENV")))["UV_PROJECT_ENVIRONMENT"]
    assert f"--from=build {environment} {environment}" in runtime.args("COPY")
    runtime_env = _env_pairs(" ".join(runtime.args("ENV")))
    assert runtime_env["PATH"].split(":")[0] == f"{environment}/bin"
    assert runtime_env["PYTHONDONTWRITEBYTECODE"] == "1"  # the root filesystem is read-only
    assert runtime.args("USER") == [f"{RUNTIME_UID}:{RUNTIME_UID}"]
    assert json.loads(runtime.args("ENTRYPOINT")[0]) == ["daiban"]
    assert not [r for r in runtime.args("RUN") if "pip" in r or "uv " in r]
    context = build_context()
    for copy in runtime.args("COPY"):
        if not copy.startswith("--from="):
            *sources, _ = shlex.split(copy)
            assert all(any(f.startswith(src.rstrip("/") + "/") or f == src for f in context)
                       for src in sources), copy


def test_the_build_context_holds_the_sources_and_the_lock_but_no_tests_keys_or_caches() -> None:
    context = build_context()
    assert {"uv.lock", "pyproject.toml", "services/intake/pyproject.toml"} <= context
    assert any(f.startswith("services/sla/src/daiban_sla/migrations/") for f in context)
    assert not [f for f in context if f.startswith(("tests/", ".venv/", ".dev/", "docs/"))
                or "/tests/" in f or "__pycache__" in f or f.endswith(".pyc")]
