"""Helpers shared by the tests that open workbooks: build inputs, snapshot every cell."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
from openpyxl.utils import range_boundaries

from xl_addin import layout
from xl_addin.template import build_workbook

GOOD_AND_BAD_ROWS = [
    # (satker, Januari, Februari, Maret): an invented example, good rows first
    ("Satker Contoh A", 1850, 1720, 1905),  # N = 1825 → Krejcie & Morgan 317
    ("Satker Contoh B", 12, 9, 15),  # N = 12 → Slovin 12
    ("Satker Contoh C", "1.234", "1.000", 900),  # Indonesian thousands → N = 1045 → 281
    ("Satker Contoh D", 10, None, 12),  # blank count
    ("Satker Contoh E", -4, 20, 20),  # negative
    ("Satker Contoh F", 10.5, 20, 20),  # fractional
    ("Satker Contoh G", "banyak", 20, 20),  # text
    ("Satker Contoh A", 1, 2, 3),  # duplicate of the first row
    (None, 5, 5, 5),  # missing name
    ("Satker Contoh H", 30, 30, 30),  # N = 30 → Krejcie & Morgan 28
]


def counts_workbook(path: Path, rows=GOOD_AND_BAD_ROWS) -> Path:
    """The template's layout (no VBA) with the given counts, saved as .xlsx."""
    book = build_workbook()
    sheet = book[layout.SHEET_COUNTS]
    table = sheet.tables[layout.TABLE_COUNTS]
    first = layout.TABLE_HEADER_ROW + 1
    for row in range(first, first + 100):
        for column in range(1, 5):
            sheet.cell(row, column).value = None
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=1):
            sheet.cell(first + offset, column, value)
    table.ref = f"A{layout.TABLE_HEADER_ROW}:D{first + max(len(rows), 1) - 1}"
    book.save(path)
    return path


def cell_snapshot(path: Path, skip: dict[str, str] | None = None) -> dict[tuple[str, str], object]:
    """Every non-empty cell's value, by (sheet, coordinate), except the ranges in ``skip`` {sheet: "A4:I50"}."""
    skip = skip or {}
    book = openpyxl.load_workbook(path)
    snapshot = {}
    for sheet in book.worksheets:
        bounds = range_boundaries(skip[sheet.title]) if sheet.title in skip else None
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                if bounds and bounds[0] <= cell.column <= bounds[2] and bounds[1] <= cell.row <= bounds[3]:
                    continue
                snapshot[(sheet.title, cell.coordinate)] = cell.value
    return snapshot


def package_parts(path: Path, ignore=("docProps/core.xml",)) -> dict[str, bytes]:
    """The zip parts of a workbook, for comparing content rather than zip timestamps."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name not in ignore}
