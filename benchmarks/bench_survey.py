"""Print how fast `impor-survei` imports a Kanwil's half year of responses. A benchmark: it asserts nothing.

    .venv/bin/python benchmarks/bench_survey.py [RESPONSES]

Generates one Google Forms-style CSV export of RESPONSES (default 100,000) invented SPKP
responses from 26 satker over July–December 2024 (English-locale timestamps, so a third of the
dates read two ways and the file's order decides them), then prints, side by side in one run:

* the floor: the standard ``csv`` module reading the same file (``csv.reader`` over the text);
* the responses' part of the import: reading and counting every row (``ImportSession.add``),
  first time and again (every row already counted: a weekly re-import), each as a multiple of the floor
  (goals of issue 21: at most 10× the floor; a re-import at most 3×);
* the workbook's part: loading it and saving it back, next to openpyxl loading and saving the same
  workbook (the floor of any import that writes a workbook);
* the whole import (what the user waits for), the workbook's size, and the peak resident memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_survey import SPKP_TITLES, survey_book

from xl_addin.survey_exports import read_export
from xl_addin.survey_workbook import import_survey, read_state, run_session
from xl_addin.workbook import FileBook, open_workbook

SATKER = tuple(f"Satker Contoh {index:02d}" for index in range(1, 27))  # 26 satker, invented names
ROUNDS = 3  # each figure is the best of this many runs, so a busy machine disturbs it less


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


def best(work) -> tuple[float, object]:
    times, result = [], None
    for _ in range(ROUNDS):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


def csv_floor(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as stream:
        return sum(1 for _ in csv.reader(stream))


def main() -> None:
    responses = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        export = folder / "Respons SPKP.csv"
        write_export(export, responses)
        book = survey_book(folder / "Kanwil.xlsx", names=SATKER)
        fresh = book.read_bytes()
        print(f"export: {responses:,} responses, {export.stat().st_size / 2**20:.1f} MiB; best of {ROUNDS} runs")

        floor, rows = best(lambda: csv_floor(export))
        print(f"floor: csv module reading the file: {floor:.3f} s ({rows:,} rows)")
        reader, _ = best(lambda: sum(1 for _ in read_export(export).rows))
        print(f"read_export alone: {reader:.3f} s ({reader / floor:.1f}× the floor)")

        state = read_state(FileBook(open_workbook(book)))

        def count() -> int:
            _session, outcome = run_session(state, [export], False, False, "")
            return outcome.counted

        counting, counted = best(count)
        print(
            f"responses, first import (read and count): {counting:.3f} s ({counted:,} counted) = {counting / floor:.1f}× the floor (goal ≤ 10×)"
        )

        whole_first, _ = best(lambda: (book.write_bytes(fresh), import_survey([export], book))[1].counted)
        reread = read_state(FileBook(open_workbook(book)))

        def recount() -> int:
            _session, outcome = run_session(reread, [export], False, False, "")
            return outcome.reports[0].earlier

        recounting, earlier = best(recount)
        print(
            f"responses, re-import (all counted before): {recounting:.3f} s ({earlier:,} already counted) = {recounting / floor:.1f}× the floor (goal ≤ 3×)"
        )

        opened, _ = best(lambda: openpyxl.load_workbook(book, keep_vba=False))
        loaded = openpyxl.load_workbook(book)
        saved, _ = best(lambda: loaded.save(folder / "floor.xlsx"))
        print(f"workbook floor: openpyxl load {opened:.3f} s + save {saved:.3f} s = {opened + saved:.3f} s")

        whole_again, _ = best(lambda: import_survey([export], book).reports[0].earlier)
        print(
            f"whole import (load, read, count, write, save): first {whole_first:.3f} s = workbook floor + "
            f"{whole_first - opened - saved:.3f} s; again {whole_again:.3f} s = workbook floor + "
            f"{whole_again - opened - saved:.3f} s"
        )
        print(f"workbook after import: {book.stat().st_size / 2**20:.1f} MiB")
        peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        print(f"peak RSS of this process: {peak_rss:.0f} MiB")


if __name__ == "__main__":
    main()
