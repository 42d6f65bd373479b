"""Benchmarks: ``python -m tests.bench.report`` runs them all and writes docs/PERFORMANCE.md; each also runs alone
as a module (``python -m tests.bench.bench_vault``). pytest does not collect them."""
