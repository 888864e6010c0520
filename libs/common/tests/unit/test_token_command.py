"""``daiban token``: one development key whatever the directory, and no token for a role at a
place of the wrong tier."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from daiban_common.auth import TokenVerifier
from daiban_common.settings import CommonSettings, dev_key_path


def daiban_token(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "daiban_common.cli", "token", *args], cwd=cwd,
                          env=env, capture_output=True, text=True, check=False, timeout=60)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    data_home = tmp_path / "data"
    clean = {k: v for k, v in os.environ.items() if k != "JWT_DEV_KEY_FILE"}
    return {**clean, "XDG_DATA_HOME": str(data_home), "ENVIRONMENT": "development",
            "COLUMNS": "300"}  # the refusal on one line


def test_tokens_minted_in_any_directory_verify_with_the_one_key(
        tmp_path: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    here, elsewhere = tmp_path / "a", tmp_path / "b" / "deeper"
    here.mkdir()
    elsewhere.mkdir(parents=True)
    first = daiban_token(here, env, "--role", "town_clerk", "--place", "110116104")
    second = daiban_token(elsewhere, env, "--role", "village_agent", "--place", "110116104201")
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert not (here / ".dev").exists()
    assert not (elsewhere / ".dev").exists()
    key = tmp_path / "data" / "daiban" / "jwt-dev-signing-key.pem"
    assert key.stat().st_mode & 0o777 == 0o600
    monkeypatch.setenv("XDG_DATA_HOME", env["XDG_DATA_HOME"])
    monkeypatch.chdir(tmp_path)  # a service started anywhere verifies them
    verifier = TokenVerifier(CommonSettings())
    assert verifier.verify(first.stdout.strip()).place == "110116104"
    assert verifier.verify(second.stdout.strip()).place == "110116104201"


def test_without_xdg_data_home_the_key_is_under_the_home_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert dev_key_path() == tmp_path / ".local/share/daiban/jwt-dev-signing-key.pem"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/dir")  # ignored, as the XDG spec says
    assert dev_key_path() == tmp_path / ".local/share/daiban/jwt-dev-signing-key.pem"


def test_a_process_with_no_home_still_has_one_absolute_key_path(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.setattr("os.path.expanduser", lambda path: path)  # no user entry either
    assert dev_key_path().is_absolute()
    assert CommonSettings().jwt_dev_key_file == dev_key_path()


def test_a_relative_key_file_setting_is_refused() -> None:
    with pytest.raises(ValueError, match="absolute"):
        CommonSettings(jwt_dev_key_file=Path(".dev/key.pem"))


@pytest.mark.parametrize(("role", "place", "tier"), [  # every pair: test_auth.py
    ("village_agent", "110116", "county"), ("department_officer", "110116104", "town"),
])
def test_the_command_mints_no_token_for_a_role_at_the_wrong_tier(
        tmp_path: Path, env: dict[str, str], role: str, place: str, tier: str) -> None:
    refused = daiban_token(tmp_path, env, "--role", role, "--place", place)
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert f"is a {tier}" in refused.stderr
