"""Print what one click on Hitung Target costs, through xlwings' own remote engine. No asserts.

    XLWINGS_LICENSE_KEY=noncommercial .venv/bin/python benchmarks/bench_ribbon.py

For 26 and 2,600 satker: the number of xlwings Range value reads and writes per fill
(each one is a round-trip to Excel when the button runs through COM, so it must not
grow with the satker), the actions queued for the client, the payload sizes, and the
wall time of ``ribbon.fill_targets`` on ``xw.Book(json=...)`` (best of 3, payload
parsing included, converting the openpyxl workbook to a payload not included).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # before xlwings is imported

import openpyxl
import xlwings as xw
import xlwings.main

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import remote_book
from support import counts_workbook

from xl_addin import ribbon

COUNTS = Counter()


def fill_once(payload_text: str) -> tuple[float, list[dict]]:
    start = time.perf_counter()
    with xw.Book(json=json.loads(payload_text)) as book:
        ribbon.fill_targets(book)
        actions = book.json()["actions"]
    return time.perf_counter() - start, actions


def main() -> None:
    original = xlwings.main.Range.value
    xlwings.main.Range.value = remote_book.counting_value_property(COUNTS)
    try:
        with tempfile.TemporaryDirectory() as folder:
            for satker in (26, 2600):
                rows = [(f"Satker Contoh {i:04d}", 10 + i % 2000, 12 + i % 1800, 9 + i % 2100) for i in range(satker)]
                book = openpyxl.load_workbook(counts_workbook(Path(folder) / f"satker-{satker}.xlsx", rows))
                payload_text = json.dumps(remote_book.payload(book))
                times = []
                for _ in range(3):
                    COUNTS.clear()
                    seconds, actions = fill_once(payload_text)
                    times.append(seconds)
                kinds = Counter(action["func"] for action in actions)
                written = sum(a["row_count"] * a["column_count"] for a in actions if a["func"] == "setValues")
                print(
                    f"{satker:>5} satker: {COUNTS['read']} range reads, {COUNTS['write']} range writes per fill; "
                    f"actions {dict(kinds)}; {written:,} cells written; "
                    f"payload {len(payload_text) / 1024:,.0f} KiB in, {len(json.dumps(actions)) / 1024:,.0f} KiB out; "
                    f"{min(times) * 1000:,.1f} ms per fill (best of 3)"
                )
    finally:
        xlwings.main.Range.value = original


if __name__ == "__main__":
    main()
