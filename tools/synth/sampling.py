"""Vectorised draws and counts over numpy index arrays."""

from __future__ import annotations

import numpy as np


def choose_without_replacement(rng: np.random.Generator, n: int, k: np.ndarray, weights: np.ndarray):
    """For each of n rows draw k[i] distinct categories (weighted). Returns (row index, category index)."""
    g = np.log(weights)[None, :] - np.log(-np.log(rng.random((n, len(weights)))))  # Gumbel top-k
    order = np.argsort(-g, axis=1, kind="stable")
    keep = np.arange(len(weights))[None, :] < k[:, None]
    rows = np.broadcast_to(np.arange(n)[:, None], order.shape)[keep]
    cats = order[keep]
    o = np.lexsort((cats, rows))                                          # by row, then category
    return rows[o], cats[o]


def group_positions(group: np.ndarray) -> np.ndarray:
    """1-based position of each element within its group, in order of appearance."""
    n = len(group)
    order = np.argsort(group, kind="stable")
    g = group[order]
    starts = np.r_[0, np.flatnonzero(np.diff(g)) + 1]
    pos = np.empty(n, dtype=np.int64)
    pos[order] = np.arange(n) - np.repeat(starts, np.diff(np.r_[starts, n])) + 1
    return pos
