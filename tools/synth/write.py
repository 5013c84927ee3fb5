"""Writing a generated dataset: one CSV per table of schema.TABLES and dataset.json marking it synthetic."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dashboard import schema
from tools.synth import cells
from tools.synth.generate import generate
from tools.synth.shape import DEFAULT_PERIODS, DEFAULT_SEED

GENERATED_BY = "tools.synth"
CHUNK_ROWS = 200_000


def write_csv(path: Path, columns: cells.Table) -> int:
    """Write already-encoded cells as CSV (UTF-8, '\\n' line ends); returns the number of rows."""
    names = list(columns)
    arrays = list(columns.values())
    rows = len(arrays[0]) if arrays else 0
    with open(path, "wb") as f:
        f.write((",".join(names) + "\n").encode("utf-8"))
        for lo in range(0, rows, CHUNK_ROWS):
            chunk = [pc.fill_null(a.slice(lo, CHUNK_ROWS), "") for a in arrays]
            line = pc.binary_join_element_wise(*chunk, ",") if len(chunk) > 1 else chunk[0]
            line = cells.cat(line, "\n")
            if isinstance(line, pa.ChunkedArray):
                line = line.combine_chunks()
            offsets = np.frombuffer(line.buffers()[1], dtype=np.int32)[line.offset:line.offset + len(line) + 1]
            data = line.buffers()[2]
            f.write(memoryview(data)[int(offsets[0]):int(offsets[-1])])
    return rows


def metadata(commitments: int, seed: int, periods: int, milestones: int | None = None) -> dict:
    """The contents of dataset.json: synthetic, with its title, seed and size."""
    meta = {
        "synthetic": True,
        "title_en": f"Synthetic data ({commitments} commitments)",
        "title_ka": f"სინთეზური მონაცემები ({commitments} ვალდებულება)",
        "generated_by": GENERATED_BY,
        "seed": seed,
        "commitments": commitments,
        "periods": periods,
    }
    if milestones is not None:
        meta["milestones"] = milestones
    return meta


def write(out: str | Path, commitments: int, seed: int = DEFAULT_SEED, periods: int = DEFAULT_PERIODS) -> dict:
    """Generate and write the dataset to `out` (created if missing); returns {table: rows}."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tables = generate(commitments, seed=seed, periods=periods)
    counts = {t.name: write_csv(out / t.file, tables[t.name]) for t in schema.TABLES}
    meta = metadata(commitments, seed, periods, milestones=counts["milestones"])
    (out / schema.METADATA_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return counts
