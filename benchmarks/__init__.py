"""Benchmarks: `make bench` runs them against the real servers and writes docs/benchmarks.md."""
