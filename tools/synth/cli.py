"""The command line: python -m tools.synth --commitments N --out DIR [--seed S] [--periods K]."""

from __future__ import annotations

import argparse
import time

from tools.synth.shape import DEFAULT_PERIODS, DEFAULT_SEED
from tools.synth.write import write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.synth",
                                     description="Write a synthetic dataset (clearly marked) for benchmarks.")
    parser.add_argument("--commitments", type=int, required=True, help="number of commitments (>= 1)")
    parser.add_argument("--out", required=True, help="output directory (created if missing)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--periods", type=int, default=DEFAULT_PERIODS,
                        help=f"number of annual reporting periods, plus one mid-term (default {DEFAULT_PERIODS})")
    args = parser.parse_args(argv)
    if args.commitments < 1 or args.periods < 1:
        parser.error("--commitments and --periods must be >= 1")
    t0 = time.perf_counter()
    counts = write(args.out, args.commitments, seed=args.seed, periods=args.periods)
    dt = time.perf_counter() - t0
    summary = ", ".join(f"{k} {v:,}" for k, v in counts.items())
    print(f"synthetic dataset written to {args.out} in {dt:.2f} s: {summary}")
    return 0
