"""Two of every API and worker behind the one gateway (what `make run REPLICAS=2` starts)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.conftest import Platform, running_platform

REPLICAS = 2


# Module scope: torn down before the next module's platform starts, so relays never overlap.
@pytest.fixture(scope="module")
def scaled_platform(migrated: dict[str, str], tmp_path_factory: pytest.TempPathFactory
                    ) -> Iterator[Platform]:
    """Two replicas of every API and worker, all ready and consuming."""
    with running_platform(migrated, tmp_path_factory.mktemp("scaled"),
                          replicas=REPLICAS) as running:
        yield running
