"""Print how fast `consolidate` reads satker workbooks. A benchmark, not a test: it asserts nothing.

    XLWINGS_LICENSE_KEY=noncommercial .venv/bin/python benchmarks/bench_consolidate.py [FILES]

Generates FILES (default 1,000) filled satker workbooks of one to three satker each (every
kanwil together, invented numbers) in a temporary folder, then times one consolidation and
prints files per second; a second run under tracemalloc gives the peak of Python allocations,
and getrusage the process's peak resident memory.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
import tracemalloc
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_consolidate import SPAK, SPKP, satker_workbook

from xl_addin.consolidate import consolidate


def make(args: tuple[Path, int]) -> None:
    folder, index = args
    counts = [
        (f"Satker Contoh {index:04d}-{k}", 10 + index % 2000, 12 + index % 1800, 9 + (index * 7) % 2100)
        for k in range(1 + index % 3)
    ]
    realisasi = {
        name: {(SPKP, "Juli"): 20 + index % 400, (SPAK, "Juli"): 25 + index % 380, (SPKP, "Agustus"): 30}
        for name, *_ in counts
    }
    satker_workbook(folder / f"satker_{index:04d}.xlsx", counts, realisasi)


def main() -> None:
    files = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "masuk"
        folder.mkdir()
        start = time.perf_counter()
        with ProcessPoolExecutor() as pool:
            list(pool.map(make, [(folder, i) for i in range(files)], chunksize=20))
        print(f"generated {files} workbooks in {time.perf_counter() - start:.1f} s")

        start = time.perf_counter()
        result = consolidate([folder], Path(temporary) / "KANWIL.xlsx")
        seconds = time.perf_counter() - start
        print(
            f"consolidate: {files} files, {len(result.rows)} satker, {len(result.problems)} problems "
            f"in {seconds:.1f} s = {files / seconds:.1f} files/s"
        )
        print(f"summary: {(Path(temporary) / 'KANWIL.xlsx').stat().st_size / 1024:.0f} KiB")

        tracemalloc.start()
        consolidate([folder], Path(temporary) / "KANWIL.xlsx")
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        print(
            f"peak Python allocations (tracemalloc): {peak / 2**20:.1f} MiB; peak RSS of this process: {peak_rss:.0f} MiB"
        )


if __name__ == "__main__":
    main()
