"""Benchmarks: run as modules (``python -m tests.bench.bench_vault``); pytest does not collect them."""
