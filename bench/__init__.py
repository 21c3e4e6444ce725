"""Benchmarks: `make bench` prints speed and memory figures; no test asserts on time."""
