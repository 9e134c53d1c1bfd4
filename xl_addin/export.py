"""The macro-free copy for email: ``xl-addin export`` and the ribbon's Salinan untuk Email.

Mail systems and Office block macro-enabled attachments from outside, and the
recipient may have no Python. The copy is a plain .xlsx that opens anywhere:
targets recomputed from the workbook's own counts and settings (so they cannot
be stale), formulas that call this project's UDFs replaced by their values,
no VBA, no ribbon, no xlwings.conf, and a stamp saying when, with which
xl_addin version and with which settings the targets were computed. The native
"Cek Rumus Excel" formulas stay: any spreadsheet recomputes them.
"""

from __future__ import annotations

import logging
import os
import re
from datetime import datetime
from pathlib import Path

from openpyxl.styles import Alignment, Font
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from . import __version__, layout
from .plan import plan_targets, problems
from .sampling import XlAddinError
from .udfs import UDF_NAMES
from .workbook import TableArea, find_table, open_workbook, read_counts, read_settings, save_atomic, write_targets

log = logging.getLogger(__name__)

STAMP_SHEET = "Tentang Salinan"
COPY_SUFFIX = " (salinan email)"
# Sheets that only make sense with Python and xlwings at hand.
DROPPED_SHEETS = (layout.SHEET_XLWINGS_CONF, "_xlwings.conf", "Tes Instalasi")
_UDF_CALL = re.compile(r"^=\s*(" + "|".join(UDF_NAMES) + r")\s*\((.*)\)\s*$", re.IGNORECASE)
_CELL = re.compile(r"^(?:'?([^'!]+)'?!)?\$?([A-Z]{1,3})\$?(\d+)$", re.IGNORECASE)


def default_copy_path(source: Path) -> Path:
    return source.with_name(source.stem + COPY_SUFFIX + ".xlsx")


def _argument(book: Workbook, sheet: Worksheet, text: str) -> object:
    """One argument of a UDF call: a number, a quoted text, or a single cell (maybe on another sheet)."""
    text = text.strip()
    if not text:
        return None
    if text.startswith('"') and text.endswith('"'):
        return text[1:-1]
    try:
        return float(text)
    except ValueError:
        pass
    match = _CELL.match(text)
    if match is None:
        raise ValueError(text)
    where = book[match.group(1)] if match.group(1) else sheet
    return where[f"{match.group(2)}{match.group(3)}"].value


def udf_value(book: Workbook, sheet: Worksheet, formula: str) -> object:
    """The value of a cell formula that calls one of our UDFs, computed here; None if it is not one.

    Covers what clerks type: =RESPONDEN_MINIMAL(B5), =SLOVIN(25; 0,1) with numbers or
    single cells as arguments. Anything more complex gets an explanatory text instead.
    """
    from . import udfs

    match = _UDF_CALL.match(formula)
    if match is None:
        return None
    function = getattr(udfs, match.group(1).upper())
    try:
        inside = match.group(2).strip()
        # Files store formulas the en-US way whatever the user's locale: "," separates, "." is decimal.
        arguments = [_argument(book, sheet, part) for part in inside.split(",")] if inside else []
        if not arguments:
            raise ValueError(formula)
        first, rest = arguments[0], arguments[1:]
        return function([[first]], *rest)[0][0]
    except (ValueError, KeyError, TypeError):
        return f"(rumus {formula} hanya bisa dihitung di Excel dengan xl_addin)"


def _freeze_udf_formulas(book: Workbook) -> int:
    replaced = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("=") and _UDF_CALL.match(cell.value):
                    cell.value = udf_value(book, sheet, cell.value)
                    replaced += 1
    return replaced


def _stamp(book: Workbook, source: Path, settings_text: str, targets, outdated: bool) -> None:
    sheet = book.create_sheet(STAMP_SHEET, 0)
    now = datetime.now().astimezone()
    bad = problems(targets)
    rows = [
        ("Salinan tanpa makro untuk dikirim lewat email", ""),
        ("", ""),
        ("Dibuat pada", now.strftime("%d-%m-%Y %H:%M %Z").strip()),
        ("Dari file", source.name),
        ("Dihitung dengan", f"xl_addin {__version__}"),
        ("Pengaturan", settings_text),
        ("Jumlah satker", f"{len(targets)} ({len(targets) - len(bad)} bertarget, {len(bad)} perlu diperiksa)"),
        (
            "Catatan",
            "Target di salinan ini dihitung ulang saat salinan dibuat dari data Pengguna Layanan dan Pengaturan."
            + (" Target di file asal BELUM diperbarui: klik Hitung Target di file asal." if outdated else ""),
        ),
        ("Memeriksa", "Kolom 'Rumus dengan Angka' memuat rumus dengan angkanya; kolom 'Cek Rumus Excel' menghitung "
         "ulang target dengan rumus Excel biasa (tanpa makro), hasilnya harus sama dengan 'Target per Bulan'."),
    ]
    for row_number, (label, value) in enumerate(rows, start=1):
        sheet.cell(row_number, 1, label).font = Font(bold=True)
        sheet.cell(row_number, 2, value).alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True, size=14, color="1F3864")
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 100


def _current_targets(book: Workbook) -> list[object]:
    sheet, table = find_table(book, layout.TABLE_TARGETS)
    area = TableArea.of(sheet, table)
    column = area.column_of(layout.COLUMN_TARGET, layout.TABLE_TARGETS)
    return [sheet.cell(row, column).value for row in range(area.first_row, area.last_row + 1)]


def export(source: str | os.PathLike, out: str | os.PathLike | None = None) -> Path:
    """Write the macro-free .xlsx copy of ``source``; returns its path. ``source`` is never modified."""
    source = Path(source)
    out = Path(out) if out is not None else default_copy_path(source)
    if out.suffix.lower() != ".xlsx":
        raise XlAddinError(f"the copy must be an .xlsx file: {out}", f"Salinan harus berekstensi .xlsx: {out.name}")
    if out.resolve() == source.resolve():
        raise XlAddinError("the copy would overwrite the source", "Salinan tidak boleh menimpa file asal.")
    book = open_workbook(source)
    book.vba_archive = None  # no VBA, and with it no ribbon parts
    book.code_name = None
    settings = read_settings(book)
    targets = plan_targets(read_counts(book, settings), settings)
    before = _current_targets(book)
    write_targets(book, targets, settings)
    outdated = [t.target for t in targets] + [None] * (len(before) - len(targets)) != before
    _freeze_udf_formulas(book)
    for name in DROPPED_SHEETS:
        if name in book.sheetnames:
            book.remove(book[name])
    _stamp(book, source, settings.describe(), targets, outdated)
    book.active = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    save_atomic(book, out)
    log.info("exported %s to %s (%d targets, outdated original: %s)", source, out, len(targets), outdated)
    return out


