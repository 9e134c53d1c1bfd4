"""Print what users run next to the least any implementation must pay. A benchmark: it asserts nothing.

    XLWINGS_LICENSE_KEY=noncommercial .venv/bin/python benchmarks/bench_goals.py [--quick]

One table, one row per goal of issue 16, medians over repeated runs, ratio = ours ÷ floor:

* ``fill`` on the real template (``template/SPAK_SPKP.xlsm``, VBA and ribbon kept) with 26 and
  2,600 satker typed in (invented "Satker Contoh" names and numbers), in-process CPU time, next
  to openpyxl loading (keep_vba) and saving the same input, and next to openpyxl loading it,
  writing the very cells the fill changes, and saving (the floor of any openpyxl fill). ``fill``
  pauses the garbage collector (``workbook.collector_paused``); the floors are printed as openpyxl
  runs by default and, in brackets, with the collector paused the same way;
* ``minimum_respondents`` and ``Rule.size`` calls per second next to a plain closed-form function;
* ``=RESPONDEN_MINIMAL`` over a 10,000-cell column (called as xlwings calls it) next to the plain
  function over the same column;
* ``xl-addin size 25`` as a whole process next to ``python -c pass``, wall time (CPU time in
  brackets), with hyperfine when it is installed, otherwise repeated runs;
* ``export`` of a filled workbook next to openpyxl's load and save of it.

``--quick`` runs everything once, 260 satker in place of 2,600 (to check the script, not to read the figures).
"""

from __future__ import annotations

import gc
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # before xlwings is imported

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from support import REPO_ROOT, TEMPLATE, counts_workbook

from xl_addin import minimum_respondents, udfs
from xl_addin.export import export
from xl_addin.sampling import Rule
from xl_addin.workbook import collector_paused, fill, save

QUICK = "--quick" in sys.argv[1:]
LARGE = 260 if QUICK else 2600  # the many-satker case: a tenth of it when only checking that the script runs
ROWS: list[tuple[str, str, str, str, str]] = []


def median_cpu(repeats: int, *actions: Callable[[], object]) -> list[float]:
    """Median process CPU seconds of each action, run in turn (so a busier moment hits them alike)."""
    for action in actions:
        action()  # warm: imports, caches, the file system
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(1 if QUICK else repeats):
        for action, spent in zip(actions, times):
            gc.collect()  # the previous run's garbage is not this run's cost
            start = time.process_time()
            action()
            spent.append(time.process_time() - start)
    return [statistics.median(spent) for spent in times]


def report(what: str, ours: str, floor: str, ratio: float, goal: str) -> None:
    ROWS.append((what, ours, floor, f"{ratio:.2f}×", goal))
    print(f"  {what}: {ours} vs {floor} = {ratio:.2f}× (goal {goal})", flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def paused(action: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        with collector_paused():
            return action()

    return run


# -- fill ---------------------------------------------------------------------------------------


def satker_xlsm(path: Path, satker: int) -> Path:
    """The template with ``satker`` rows typed into Pengguna Layanan (and listed on Realisasi), saved as .xlsm."""
    rows = [(f"Satker Contoh {i:04d}", 10 + i % 2000, 12 + i % 1800, 9 + i % 2100) for i in range(satker)]
    book = openpyxl.load_workbook(TEMPLATE, keep_vba=True)
    counts_workbook(path, rows, book=book)
    save(book, path, source=TEMPLATE)  # as Excel saves it: the ribbon relationship kept
    return path


def changed_cells(before: Path, after: Path) -> list[tuple[str, int, int, object]]:
    """(sheet, row, column, value) of every cell whose stored value differs between two files."""
    old, new = openpyxl.load_workbook(before), openpyxl.load_workbook(after)
    changes = []
    for sheet in new.worksheets:
        if sheet.title not in old.sheetnames:
            continue
        other = old[sheet.title]
        for row, column in sorted(set(sheet._cells) | set(other._cells)):
            value = sheet.cell(row, column).value
            if value != other.cell(row, column).value:
                changes.append((sheet.title, row, column, value))
    return changes


def load_save(source: Path, target: Path, keep_vba: bool = True) -> None:
    load_write_save(source, target, [], keep_vba)


def load_write_save(
    source: Path, target: Path, changes: list[tuple[str, int, int, object]], keep_vba: bool = True
) -> None:
    book = openpyxl.load_workbook(source, keep_vba=keep_vba)
    for sheet, row, column, value in changes:
        book[sheet].cell(row, column).value = value
    book.save(target)
    if book.vba_archive is not None:
        book.vba_archive.close()  # as fill does; left open, the collector may complain on stderr


def bench_fill(folder: Path) -> None:
    for satker, repeats in ((26, 21), (LARGE, 7)):
        source = satker_xlsm(folder / f"satker-{satker}.xlsm", satker)
        out, copy = folder / "filled.xlsm", folder / "copy.xlsm"
        fill(source, out)
        changes = changed_cells(source, out)
        ours, floor, floor_written, floor_paused, floor_written_paused = median_cpu(
            repeats,
            partial(fill, source, out),
            partial(load_save, source, copy),
            partial(load_write_save, source, copy, changes),
            paused(partial(load_save, source, copy)),
            paused(partial(load_write_save, source, copy, changes)),
        )
        what = f"fill, {satker:,} satker, .xlsm"
        # the goals: 26 satker within 1.15× of load+save; 2,600 within 1.2× of load+write+save
        goal = "≤ 1.15×" if satker == 26 else "-"
        report(what, ms(ours), f"load+save {ms(floor)} ({ms(floor_paused)})", ours / floor, goal)
        report(
            what,
            ms(ours),
            f"load+write {len(changes):,} cells+save {ms(floor_written)} ({ms(floor_written_paused)})",
            ours / floor_written,
            "≤ 1.2×",
        )
        # the second fill of the same workbook: the tables already have their rows
        again = folder / "again.xlsm"
        shutil.copyfile(out, again)
        refill, floor, floor_paused = median_cpu(
            repeats,
            partial(fill, again, out),
            partial(load_save, again, copy),
            paused(partial(load_save, again, copy)),
        )
        what = f"fill again, {satker:,} satker"
        report(what, ms(refill), f"load+save {ms(floor)} ({ms(floor_paused)})", refill / floor, "-")


# -- the engine and the UDF column --------------------------------------------------------------


def plain(population: int) -> int:
    """The default rule as one closed-form expression: the least a call can cost in Python."""
    if population < 30:
        return min(math.ceil(round(population / (1 + population * 0.0025), 9)), population)
    size = 3.841 * population * 0.25 / (0.0025 * (population - 1) + 3.841 * 0.25)
    return min(math.floor(round(size, 9) + 0.5), population)


def call_each(function: Callable[[int], object], calls: int) -> list[object]:
    return [function(n % 5000) for n in range(calls)]  # results kept, as a column of formulas keeps them


def bench_engine() -> None:
    calls = 20_000 if QUICK else 200_000
    rule = Rule()
    functions = (minimum_respondents, rule.size, plain)
    seconds = median_cpu(5, *(partial(call_each, function, calls) for function in functions))
    ours, size, floor = (calls / s for s in seconds)
    report("minimum_respondents", f"{ours:,.0f}/s", f"plain {floor:,.0f}/s", floor / ours, "≥ 300k/s")
    report("Rule.size", f"{size:,.0f}/s", f"plain {floor:,.0f}/s", floor / size, "-")


def bench_udf() -> None:
    column = [[float(n)] for n in range(10_000)]
    ours, floor = median_cpu(
        11, lambda: udfs.RESPONDEN_MINIMAL(column), lambda: [[plain(int(row[0]))] for row in column]
    )
    report("=RESPONDEN_MINIMAL, 10,000 cells", ms(ours), f"plain {ms(floor)}", ours / floor, "≤ 50 ms")


# -- start-up -----------------------------------------------------------------------------------


def whole_process(commands: dict[str, list[str]], cache: str) -> dict[str, tuple[float, float]]:
    """(median wall, median CPU) seconds of each command as a whole process; hyperfine gives wall only.

    Byte code is cached (in ``cache``, outside the checkout) as an installed package has it:
    the warm-up runs write it, whatever PYTHONDONTWRITEBYTECODE says.
    """
    environment = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "PYTHONPYCACHEPREFIX": cache}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    runs = 5 if QUICK else 40
    if shutil.which("hyperfine"):
        with tempfile.NamedTemporaryFile(suffix=".json") as results:
            subprocess.run(
                ["hyperfine", "-N", "--warmup=3", f"--runs={runs}", "--style=none", f"--export-json={results.name}"]
                + [subprocess.list2cmdline(command) for command in commands.values()],
                check=True,
                env=environment,
                cwd=REPO_ROOT,
                stdout=subprocess.DEVNULL,
            )
            found = json.loads(Path(results.name).read_text())["results"]
        return {name: (result["median"], result["user"] + result["system"]) for name, result in zip(commands, found)}
    wall: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for run in range(3 + runs):
        for name, command in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, check=True, env=environment, cwd=REPO_ROOT, stdout=subprocess.DEVNULL)
            elapsed = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if run >= 3:  # the warm-up runs write the byte code and fill the page cache
                wall[name].append(elapsed)
                cpu[name].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return {name: (statistics.median(wall[name]), statistics.median(cpu[name])) for name in commands}


def bench_startup() -> None:
    entry = "import sys; from xl_addin.cli import main; sys.exit(main())"  # what the console script runs
    with tempfile.TemporaryDirectory() as cache:
        measured = whole_process(
            {"pass": [sys.executable, "-c", "pass"], "size": [sys.executable, "-c", entry, "size", "25"]}, cache
        )
    (ours, ours_cpu), (floor, floor_cpu) = measured["size"], measured["pass"]
    report(
        "xl-addin size 25, whole process",
        f"{ms(ours)} ({ms(ours_cpu)} CPU)",
        f"python -c pass {ms(floor)} ({ms(floor_cpu)} CPU)",
        ours / floor,
        "≤ 2×",
    )


# -- export -------------------------------------------------------------------------------------


def bench_export(folder: Path) -> None:
    for satker, repeats in ((26, 21), (LARGE, 7)):
        filled = folder / f"filled-{satker}.xlsm"
        fill(satker_xlsm(folder / f"export-{satker}.xlsm", satker), filled)
        out = folder / "copy.xlsx"
        ours, floor, floor_paused = median_cpu(
            repeats,
            partial(export, filled, out),
            partial(load_save, filled, out, keep_vba=False),
            paused(partial(load_save, filled, out, keep_vba=False)),
        )
        report(
            f"export, {satker:,} satker",
            ms(ours),
            f"load+save {ms(floor)} ({ms(floor_paused)})",
            ours / floor,
            "≤ 1.3×",
        )


def main() -> None:
    print(f"Python {sys.version.split()[0]}, openpyxl {openpyxl.__version__}; medians of CPU time unless noted")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        bench_fill(folder)
        bench_engine()
        bench_udf()
        bench_startup()
        bench_export(folder)
    header = ("what", "ours", "floor (with the collector paused)", "ratio", "goal")
    widths = [max(len(row[i]) for row in [header, *ROWS]) for i in range(5)]
    print()
    for row in [header, tuple("-" * width for width in widths), *ROWS]:
        print(" | ".join(cell.ljust(width) for cell, width in zip(row, widths)))


if __name__ == "__main__":
    main()
