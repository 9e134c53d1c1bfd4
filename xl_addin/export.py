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
from pathlib import Path

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from . import __version__, layout, styles
from .errors import FileError, XlAddinError
from .indonesian import format_datetime, now
from .layout import UDF_NAMES
from .package import is_folder
from .plan import Outcome, plan_targets
from .workbook import (
    CellValues,
    TableArea,
    collector_paused,
    document_settings,
    find_table,
    open_workbook,
    read_counts,
    read_settings,
    save,
    write_cell,
    write_fill,
)

__all__ = ["default_copy_path", "export", "udf_value"]

log = logging.getLogger(__name__)

COPY_SUFFIX = " (salinan email)"
_UDF_CALL = re.compile(r"^=\s*(" + "|".join(UDF_NAMES) + r")\s*\((.*)\)\s*$", re.IGNORECASE)
_UDF_ANYWHERE = re.compile(r"\b(" + "|".join(UDF_NAMES) + r")\s*\(", re.IGNORECASE)
# Each name holds a V, a J or an underscore, which nothing else matches, whatever the case: a formula
# with none of them (most formulas) cannot call one, and that is quicker to see than the search above.
_UDF_MARKS = ("_", "v", "V", "j", "J")
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
    """The value of a cell formula that calls one of our UDFs, computed here; None if it calls none.

    Covers what clerks type: =RESPONDEN_MINIMAL(B5), =SLOVIN(25; 0,1) with numbers or
    single cells as arguments. Anything more complex gets an explanatory text instead.
    """
    if not any(mark in formula for mark in _UDF_MARKS) or not _UDF_ANYWHERE.search(formula):
        return None
    from . import udfs  # imports xlwings: only when a workbook really holds one of our formulas

    match = _UDF_CALL.match(formula)
    try:
        if match is None:
            raise ValueError(formula)
        function = getattr(udfs, match.group(1).upper())
        inside = match.group(2).strip()
        # Files store formulas the en-US way whatever the user's locale: "," separates, "." is decimal.
        arguments = [_argument(book, sheet, part) for part in inside.split(",")] if inside else []
        if not arguments:
            raise ValueError(formula)
        return function([[arguments[0]]], *arguments[1:])[0][0]
    except (ValueError, KeyError, TypeError):
        return f"(rumus {formula} hanya dapat dihitung di Excel dengan xl_addin)"


def _freeze_udf_formulas(book: Workbook) -> int:
    """Replace every formula cell that calls our UDFs by its value; text that merely looks like one stays."""
    replaced = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" and isinstance(cell.value, str):
                    value = udf_value(book, sheet, cell.value)
                    if value is not None:
                        write_cell(cell, value)
                        replaced += 1
    return replaced


def _stamp(book: Workbook, source: Path, outcome: Outcome, settings_text: str, outdated: bool) -> None:
    sheet = book.create_sheet(layout.SHEET_STAMP, 0)
    rows = [
        ("Salinan tanpa makro untuk dikirim melalui email", None),
        (None, None),
        ("Dibuat pada", format_datetime(now(document_settings(book).get("time_zone")))),
        ("Dari file", source.name),
        ("Dihitung dengan", f"xl_addin {__version__}"),
        ("Pengaturan", settings_text),
        (
            "Jumlah satker",
            f"{len(outcome.targets)} ({len(outcome.targets) - len(outcome.problems)} bertarget, "
            f"{len(outcome.problems)} perlu diperiksa)",
        ),
        (
            "Catatan",
            "Target di salinan ini dihitung ulang saat salinan dibuat dari data Pengguna Layanan dan Pengaturan."
            + (" Target di file asal BELUM diperbarui: klik Hitung Target di file asal." if outdated else "")
            + "".join(" " + notice for notice in outcome.notices),
        ),
        (
            "Memeriksa",
            "Kolom 'Rumus dengan Angka' memuat rumus dengan angkanya; kolom 'Cek Rumus Excel' menghitung "
            "ulang target dengan rumus Excel biasa (tanpa makro), hasilnya harus sama dengan 'Target per Bulan'.",
        ),
    ]
    rows += _survey_stamp(book)
    for row_number, (label, value) in enumerate(rows, start=1):
        label_cell = write_cell(sheet.cell(row_number, 1), label)
        label_cell.font, label_cell.alignment = styles.BOLD, styles.TOP
        write_cell(sheet.cell(row_number, 2), value).alignment = styles.WRAP
    sheet["A1"].font = styles.TITLE_FONT
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 62
    styles.fit_row_heights(sheet, 2, len(rows))
    office = document_settings(book).get("office")
    styles.print_layout(sheet, landscape=False, office=office if isinstance(office, str) else None)


def _current_targets(book: Workbook) -> list[object]:
    area = TableArea.of(*find_table(book, layout.TABLE_TARGETS))
    column = area.column_of(layout.COLUMN_TARGET)
    return [area.sheet.cell(row, column).value for row in range(area.first_row, area.last_row + 1)]


def export(source: str | os.PathLike, out: str | os.PathLike | None = None) -> Path:
    """Write the macro-free .xlsx copy of ``source``; returns its path. ``source`` is never modified."""
    source = Path(source)
    out = Path(out) if out is not None else default_copy_path(source)
    if is_folder(out):
        raise FileError(
            f"{out} is a folder",
            f"'{out}' adalah folder; sebutkan nama salinan, misalnya {out / default_copy_path(source).name}.",
        )
    if out.suffix.lower() != ".xlsx":
        raise FileError(f"the copy must be an .xlsx file: {out}", f"Salinan harus berekstensi .xlsx: {out.name}")
    if out.exists() and source.exists() and out.resolve() == source.resolve():
        raise FileError("the copy would overwrite the source", "Salinan tidak boleh menimpa file asal.")
    with collector_paused():  # as fill does: the workbook's many objects live until the save
        _export(source, out)
    return out


def _export(source: Path, out: Path) -> None:
    book = open_workbook(source, keep_vba=False)  # no VBA, and with it no ribbon parts
    book.code_name = None
    values = CellValues(book)
    settings, missing = read_settings(book, values)
    rows, outside = read_counts(book, settings, values)
    targets = plan_targets(rows, settings)
    before = _current_targets(book)
    notices = write_fill(book, targets, settings, use_names=not missing)
    outdated = [t.target for t in targets] + [None] * (len(before) - len(targets)) != before
    _freeze_udf_formulas(book)
    dropped = {name.casefold() for name in layout.PYTHON_ONLY_SHEETS}
    for sheet in [s for s in book.worksheets if s.title.casefold() in dropped]:
        book.remove(sheet)
    outcome = Outcome.of(targets, settings, missing=missing, notices=[outside, *notices])
    _stamp(book, source, outcome, settings.describe(), outdated)
    book.active = 0
    save(book, out)
    log.info("exported %s to %s (%d targets, outdated original: %s)", source, out, len(targets), outdated)


def _survey_stamp(book: Workbook) -> list[tuple[str, str]]:
    """A line on the survey import the copy carries (Realisasi counts, sheet Indeks Survei), if there was one."""
    from .survey_workbook import table_rows

    try:
        rows = table_rows(book, CellValues(book), layout.TABLE_IMPORT_LOG, layout.IMPORT_LOG_HEADERS) or []
    except XlAddinError:
        return []
    imports = [cells for _row, cells in rows if cells[0]]
    if not imports:
        return []
    last = imports[-1][0]
    files = [cells[1] for cells in imports if cells[0] == last]
    return [
        (
            "Impor survei",
            f"Terakhir {last} ({len(files)} file). Realisasi dan sheet {layout.SHEET_INDICES} di salinan ini memuat "
            f"hasil impor itu; riwayat lengkap di sheet {layout.SHEET_IMPORT_LOG}.",
        )
    ]
