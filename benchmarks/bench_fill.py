"""Print how fast the engine and `fill` are. A benchmark, not a test: it asserts nothing.

    .venv/bin/python benchmarks/bench_fill.py

Figures: minimum_respondents calls per second; `fill` on 26 and 2,600 satker next to the
time openpyxl alone needs to load and save the same file (the floor any openpyxl path pays).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from support import counts_workbook

from xl_addin import minimum_respondents
from xl_addin.workbook import fill


def best_of(repeats: int, action) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    calls = 100_000
    seconds = best_of(3, lambda: [minimum_respondents(n % 5000) for n in range(calls)])
    print(f"minimum_respondents: {calls / seconds:,.0f} calls/s")
    with tempfile.TemporaryDirectory() as folder:
        for satker in (26, 2600):
            rows = [(f"Satker Contoh {i:04d}", 10 + i % 2000, 12 + i % 1800, 9 + i % 2100) for i in range(satker)]
            path = counts_workbook(Path(folder) / f"bench_{satker}.xlsx", rows)
            baseline = best_of(3, lambda path=path: openpyxl.load_workbook(path).save(Path(folder) / "copy.xlsx"))
            filled = best_of(3, lambda path=path: fill(path, Path(folder) / "out.xlsx"))
            print(
                f"fill, {satker:>5} satker: {filled * 1000:8.1f} ms "
                f"(openpyxl load+save alone: {baseline * 1000:8.1f} ms, overhead {filled / baseline:4.2f}x)"
            )


if __name__ == "__main__":
    main()
