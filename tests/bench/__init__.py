"""Benchmarks with budgets: `python -m tests.bench` prints the table (`--quick` for a smoke run)."""
