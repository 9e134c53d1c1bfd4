"""Print how fast `impor-survei` imports a Kanwil's half year of responses. A benchmark: it asserts nothing.

    .venv/bin/python benchmarks/bench_survey.py [RESPONSES]

Generates one Google Forms-style CSV export of RESPONSES (default 100,000) invented SPKP
responses from 26 satker over July–December 2024 (English-locale timestamps), then prints:

* reading the same file alone (``survey_exports.read_export``: the CSV rows, nothing else);
* the whole import into a workbook listing the 26 satker (parse, count, write, save);
* the same import again (every response already counted: what a weekly re-import costs);
* the workbook's size, and the peak resident memory of this process.
"""

from __future__ import annotations

import csv
import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_survey import SPKP_TITLES, survey_book

from xl_addin.survey_exports import read_export
from xl_addin.survey_workbook import import_survey

SATKER = tuple(f"Satker Contoh {index:02d}" for index in range(1, 27))  # 26 satker, invented names


def write_export(path: Path, responses: int) -> None:
    start = dt.datetime(2024, 7, 1, 7, 0, 0)
    span = (dt.datetime(2024, 12, 31, 17, 0, 0) - start).total_seconds()
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Timestamp", "Email Address", "Satuan Kerja", *SPKP_TITLES])
        for index in range(responses):
            when = start + dt.timedelta(seconds=int(span * index / responses))
            answers = [1 + (index * 7 + element * 3 + index // 5) % 4 for element in range(9)]
            stamp = f"{when.month}/{when.day}/{when.year} {when.hour}:{when.minute:02d}:{when.second:02d}"
            writer.writerow([stamp, "", SATKER[index % len(SATKER)], *answers])


def timed(label: str, work) -> float:
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    print(f"{label}: {seconds:.2f} s{'' if result is None else ' (' + result + ')'}")
    return seconds


def main() -> None:
    responses = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        export = folder / "Respons SPKP.csv"
        write_export(export, responses)
        book = survey_book(folder / "Kanwil.xlsx", names=SATKER, settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
        print(f"export: {responses:,} responses, {export.stat().st_size / 2**20:.1f} MiB")

        read = timed("read the file alone", lambda: f"{sum(1 for _ in read_export(export).rows):,} rows")
        first = timed(
            "import (parse, count, write, save)",
            lambda: f"{import_survey([export], book).counted:,} counted",
        )
        again = timed(
            "import the same file again",
            lambda: f"{import_survey([export], book).reports[0].earlier:,} already counted",
        )
        print(f"import / read alone: {first / read:.1f}×; re-import / read alone: {again / read:.1f}×")
        print(f"workbook after import: {book.stat().st_size / 2**20:.1f} MiB")
        peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        print(f"peak RSS of this process: {peak_rss:.0f} MiB")


if __name__ == "__main__":
    main()
