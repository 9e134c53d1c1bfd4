"""The Kanwil ↔ satker loop next to openpyxl handling the same files. A benchmark: it asserts nothing.

    .venv/bin/python benchmarks/bench_loop.py [--quick]

On the real template (``template/SPAK_SPKP.xlsm``) with 26 invented satker ("Satker Contoh …"),
filled, and a satker list giving each an address, medians of process CPU time:

* ``kirim`` (``loop.send_file``: load the Kanwil workbook, make 26 satker workbooks and 26 email
  drafts, save the Kanwil workbook) next to openpyxl loading and saving the 26 satker files it made,
  and (in brackets) that plus loading and saving the Kanwil workbook;
* ``terima`` of the 26 returned files (``loop.receive_files``: read 26 files, load and save the Kanwil
  workbook) next to openpyxl loading and saving the 26 returned files, and (in brackets) that plus
  loading and saving the Kanwil workbook; also a rerun of the same files (nothing changes, nothing saved).

Goal: ≤ 1.5× the floor. ``--quick`` runs everything once (to check the script, not to read the figures).
"""

from __future__ import annotations

import datetime as dt
import gc
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from support import TEMPLATE, add_satker_list, counts_workbook

from xl_addin import layout, loop
from xl_addin.workbook import fill, save

QUICK = "--quick" in sys.argv[1:]
SATKER = 26
SENT_AT = dt.datetime(2024, 7, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
RECEIVED_AT = dt.datetime(2024, 8, 7, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def median_cpu(repeats: int, *actions: Callable[[], object]) -> list[float]:
    """Median process CPU seconds of each action, run in turn (so a busier moment hits them alike)."""
    for action in actions:
        action()
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(1 if QUICK else repeats):
        for action, spent in zip(actions, times):
            gc.collect()
            start = time.process_time()
            action()
            spent.append(time.process_time() - start)
    return [statistics.median(spent) for spent in times]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def kanwil_xlsm(path: Path) -> Path:
    """The template with 26 satker, a satker list with their addresses, filled, saved as .xlsm."""
    rows = [(f"Satker Contoh {i:02d}", 10 + 37 * i, 12 + 35 * i, 9 + 41 * i) for i in range(SATKER)]
    book = openpyxl.load_workbook(TEMPLATE, keep_vba=True)

    def satker_list(book):
        names = [row[0] for row in rows]
        add_satker_list(book, names, {name: f"{name.replace(' ', '.').lower()}@contoh.go.id" for name in names})

    counts_workbook(path, rows, book=book, edit=satker_list)
    save(book, path, source=TEMPLATE)
    fill(path)
    return path


def load_save(paths: list[Path], out: Path) -> None:
    for path in paths:
        keep = path.suffix == ".xlsm"
        book = openpyxl.load_workbook(path, keep_vba=keep)
        book.save(out / (path.stem + path.suffix))


def main() -> None:
    print(f"Python {sys.version.split()[0]}, openpyxl {openpyxl.__version__}; {SATKER} satker; medians of CPU time")
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        source = kanwil_xlsm(work / "Kanwil.xlsm")
        kanwil = work / "kanwil-run.xlsm"
        sent = work / "kirim"
        scratch = work / "scratch"
        scratch.mkdir()

        def send() -> None:
            shutil.copyfile(source, kanwil)
            loop.send_file(kanwil, sent, now=SENT_AT)

        send()
        files = sorted(sent.glob("*.xlsx"))
        drafts = sorted(sent.glob("*.eml"))
        print(f"  kirim made {len(files)} workbooks and {len(drafts)} email drafts")

        def copy_only() -> None:
            shutil.copyfile(source, kanwil)

        ours, floor, floor_kanwil, copying = median_cpu(
            5,
            send,
            lambda: load_save(files, scratch),
            lambda: load_save([*files, source], scratch),
            copy_only,
        )
        ours -= copying
        print(
            f"  kirim: {ms(ours)} vs openpyxl load+save of the {len(files)} files {ms(floor)} = {ours / floor:.2f}× "
            f"({ms(floor_kanwil)} with the Kanwil workbook: {ours / floor_kanwil:.2f}×; goal ≤ 1.5×)"
        )

        send()  # the Kanwil workbook and the files of one run (each run gives the workbook a new code)
        back = work / "kembali"
        back.mkdir()
        for index, path in enumerate(files):
            book = openpyxl.load_workbook(path)
            sheet = book[layout.SHEET_REALISATION]
            sheet["C5"], sheet["I5"], sheet["D5"], sheet["J5"] = index, index + 1, index + 2, index + 3
            book.save(back / path.name)
        returned = sorted(back.glob("*.xlsx"))
        sent_kanwil = work / "Kanwil terkirim.xlsm"
        shutil.copyfile(kanwil, sent_kanwil)

        def receive() -> None:
            shutil.copyfile(sent_kanwil, kanwil)
            loop.receive_files([back], kanwil, now=RECEIVED_AT)

        def copy_sent() -> None:
            shutil.copyfile(sent_kanwil, kanwil)

        receive()
        received = kanwil.read_bytes()

        def rerun() -> None:
            loop.receive_files([back], kanwil, now=RECEIVED_AT)

        ours, floor, floor_kanwil, copying = median_cpu(
            5,
            receive,
            lambda: load_save(returned, scratch),
            lambda: load_save([*returned, sent_kanwil], scratch),
            copy_sent,
        )
        ours -= copying
        print(
            f"  terima of {len(returned)} files: {ms(ours)} vs openpyxl load+save of the {len(returned)} files "
            f"{ms(floor)} = {ours / floor:.2f}× ({ms(floor_kanwil)} with the Kanwil workbook: "
            f"{ours / floor_kanwil:.2f}×; goal ≤ 1.5×)"
        )
        kanwil.write_bytes(received)
        (again,) = median_cpu(5, rerun)
        print(
            f"  terima again (nothing changes, nothing saved): {ms(again)}; workbook unchanged: "
            f"{kanwil.read_bytes() == received}"
        )


if __name__ == "__main__":
    main()
