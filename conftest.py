"""Fixtures shared by every test in the repository live in tests/support."""

pytest_plugins = ["tests.support.infra", "tests.support.bus", "tests.support.audit",
                  "tests.support.gateway"]
