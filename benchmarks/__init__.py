"""Benchmarks at scale (not timed tests): ``python -m benchmarks``; see benchmarks/run.py."""
