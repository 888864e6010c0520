"""`make bench` runs every benchmark module: each must at least import with today's code (a
benchmark is run by hand, rarely, so a rename elsewhere would otherwise break it unseen)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.mark.parametrize("module", sorted(p.stem for p in BENCHMARKS.glob("*.py")
                                          if p.stem != "__init__"))
def test_every_benchmark_module_imports(module: str) -> None:
    importlib.import_module(f"benchmarks.{module}")
