"""Helpers shared by the tests that open workbooks: build inputs, snapshot every cell."""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter, range_boundaries

from xl_addin import layout
from xl_addin.build.template import build_workbook, realisation_sheet
from xl_addin.workbook import find_table, set_table_ref, write_cell

REPO_ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = REPO_ROOT / "template" / "SPAK_SPKP.xlsm"

# The targets table's last column, and what a fill owns on the targets sheet (the summary line in A3 and the table).
LAST = get_column_letter(len(layout.TARGET_HEADERS))
OWNED_TARGETS_AREA = f"A3:{LAST}200"
# Every area a fill owns besides Realisasi's notes and new rows: the targets (and the line above them),
# and the decision page (its lines above the table show Pengaturan as it is when the file path fills).
OWNED_AREAS = {layout.SHEET_TARGETS: OWNED_TARGETS_AREA, layout.SHEET_DECISION: "A1:F600"}

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


@functools.cache
def _template_bytes() -> bytes:
    """The template's sheets (no VBA), built once per test session: building takes 0.2 s, loading less."""
    buffer = io.BytesIO()
    build_workbook().save(buffer)
    return buffer.getvalue()


def template_book() -> openpyxl.Workbook:
    """A fresh copy of the template's sheets (no VBA), for a test to change."""
    return openpyxl.load_workbook(io.BytesIO(_template_bytes()))


def set_table_rows(sheet, name: str, last_row: int) -> None:
    """Make a table end at ``last_row`` (its autoFilter too), as Excel does when a clerk extends it."""
    table = sheet.tables[name]
    min_col, min_row, max_col, _ = range_boundaries(table.ref)
    set_table_ref(table, f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{last_row}")


def counts_workbook(
    path: Path,
    rows=GOOD_AND_BAD_ROWS,
    book: openpyxl.Workbook | None = None,
    edit: Callable[[openpyxl.Workbook], None] | None = None,
) -> Path:
    """The template's layout (no VBA) with ``rows`` [(satker, Jan, Feb, Mar)] typed in, then ``edit``, saved as .xlsx.

    Values are typed as a clerk types them: text stays text (an apostrophe entry), numbers are numbers.
    """
    book = book or template_book()
    sheet = book[layout.SHEET_COUNTS]
    first = layout.TABLE_HEADER_ROW + 1
    for row in sheet.iter_rows(min_row=first, max_row=sheet.max_row, max_col=4):
        for cell in row:
            cell.value = None
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=1):
            write_cell(sheet.cell(first + offset, column), value)
    set_table_rows(sheet, layout.TABLE_COUNTS, first + max(len(rows), 1) - 1)
    # the Realisasi table lists the same satker, as a clerk keeps it
    write_realisation(book, list(dict.fromkeys(r[0] for r in rows if layout.name_key(r[0]))))
    if edit is not None:
        edit(book)
    book.save(path)
    return path


def add_satker_list(
    book: openpyxl.Workbook, names: list, emails: dict[str, str], aliases: dict[str, str] | None = None
) -> None:
    """The satker list (sheet Daftar Satker) as a clerk keeps it: the template's CONTOH rows replaced by the
    satker, their aliases, their addresses and a contact person."""
    sheet, _table = find_table(book, layout.TABLE_SATKER_LIST)
    first = layout.TABLE_HEADER_ROW + 1
    for row in sheet.iter_rows(min_row=first, max_row=sheet.max_row):
        for cell in row:
            cell.value = None
    for row, name in enumerate(names, start=first):  # typed as a clerk types: text stays text
        values = (name, (aliases or {}).get(name), emails.get(name), "Operator")
        for column, value in enumerate(values, start=1):
            write_cell(sheet.cell(row, column), value)
    set_table_rows(sheet, layout.TABLE_SATKER_LIST, first + max(len(names), 1) - 1)


def write_realisation(book, names, realisasi=None) -> None:
    """Replace the Realisasi sheet with one listing ``names``, realisasi {name: {(survey, month): n}}, as the template builds it."""
    realisasi = realisasi or {}
    old = book[layout.SHEET_REALISATION]
    index = book.index(old)
    book.remove(old)
    sheet = book.create_sheet(layout.SHEET_REALISATION, index)
    realisation_sheet(book, sheet, [(name, realisasi.get(name, {})) for name in names])


def cell_snapshot(path: Path, skip: dict[str, str | tuple[str, ...]] | None = None) -> dict[tuple[str, str], object]:
    """Every non-empty cell's value, by (sheet, coordinate), except the ranges in ``skip`` {sheet: "A4:I50"}
    (or a tuple of ranges)."""
    skip = skip or {}
    book = openpyxl.load_workbook(path)
    snapshot = {}
    for sheet in book.worksheets:
        ranges = skip.get(sheet.title, ())
        bounds = [range_boundaries(r) for r in ((ranges,) if isinstance(ranges, str) else ranges)]
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                if any(b[0] <= cell.column <= b[2] and b[1] <= cell.row <= b[3] for b in bounds):
                    continue
                snapshot[(sheet.title, cell.coordinate)] = cell.value
    return snapshot


def package_parts(path: Path, ignore=("docProps/core.xml",)) -> dict[str, bytes]:
    """The zip parts of a workbook, for comparing content rather than zip timestamps."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name not in ignore}


CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1"


def soffice() -> str:
    """LibreOffice's command, or a failed test that says how to get it (never a silent skip)."""
    import shutil

    import pytest

    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.fail(
            "LibreOffice headless (soffice) is not installed; `bash .ci/run` installs it "
            "(apt-get install libreoffice-calc)."
        )
    return found


def libreoffice_convert(source: Path, outdir: Path, target: str, profile: Path) -> list[Path]:
    """Open ``source`` in LibreOffice headless (a real spreadsheet application) and convert it.

    ``target`` is e.g. "ods", "pdf" or CSV_ALL_SHEETS (one CSV per sheet, values as
    LibreOffice calculated them). Returns the files written.
    """
    import subprocess

    outdir.mkdir(parents=True, exist_ok=True)
    before = set(outdir.iterdir())
    completed = subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
    written = sorted(set(outdir.iterdir()) - before)
    assert completed.returncode == 0 and written, (
        f"LibreOffice could not convert {source.name}: rc={completed.returncode}\n{completed.stdout}\n{completed.stderr}"
    )
    return written


def csv_sheet(files: list[Path], sheet: str) -> list[list[str]]:
    """The rows of one sheet from a CSV_ALL_SHEETS conversion (files are '<stem>-<sheet>.csv')."""
    import csv

    for path in files:
        if path.name.endswith(f"-{sheet}.csv"):
            with path.open(encoding="utf-8", newline="") as stream:
                return list(csv.reader(stream))
    raise AssertionError(f"no CSV for sheet {sheet!r} among {[p.name for p in files]}")
