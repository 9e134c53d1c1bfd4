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

from . import __version__, commands, layout, styles
from .document import is_unfilled, refuse_while_unchecked
from .errors import FileError, XlAddinError
from .indonesian import format_datetime, now
from .layout import UDF_NAMES
from .package import is_folder
from .plan import Outcome
from .workbook import (
    CellValues,
    FileBook,
    collector_paused,
    document_settings,
    open_workbook,
    save,
    write_cell,
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


def _reader_sheet(book: Workbook, source: Path, outcome: Outcome, settings, outdated: bool) -> None:
    """The copy's first sheet, for whoever receives it: what the file is, where the targets and the decision
    are, what to do, whom to ask; the technical stamp (when, from which file, which settings) below."""
    sheet = book.create_sheet(layout.SHEET_STAMP, 0)
    documents = document_settings(book)
    office = _filled(documents.get("office")) or "kantor pengirim"
    contact = _filled(documents.get("contact"))
    months = settings.target_period.label
    reader = [
        (
            "Isi file ini",
            f"Target responden minimal per bulan setiap satuan kerja {office} untuk Survei Persepsi Kualitas "
            "Pelayanan (SPKP) dan Survei Persepsi Anti Korupsi (SPAK). File ini salinan tanpa makro: dapat dibuka "
            "di Excel mana pun, juga di ponsel, dan tidak perlu diubah.",
        ),
        (
            "Targetnya",
            f"Sheet {layout.SHEET_TARGETS}: target setiap satuan kerja beserta cara menghitungnya. Sheet "
            f"{layout.SHEET_DECISION}: naskah penetapan dengan lampiran target, siap dicetak. Sheet "
            f"{layout.SHEET_REALISATION}: responden yang sudah diperoleh per bulan.",
        ),
        (
            "Yang dilakukan",
            f"Cari satuan kerja Anda di sheet {layout.SHEET_TARGETS} atau {layout.SHEET_DECISION}, lalu capai "
            f"jumlah responden itu setiap bulan ({months}), untuk SPKP dan untuk SPAK masing-masing. Untuk "
            f"mencetak naskah penetapan: buka sheet {layout.SHEET_DECISION}, lalu File → Cetak.",
        ),
        *_report_line(book),
        (
            "Pertanyaan",
            f"Hubungi {office}" + (f", narahubung: {contact}." if contact else "."),
        ),
    ]
    if outcome.problems:
        reader.append(
            (
                "Perhatian",
                f"Data {len(outcome.problems)} satuan kerja masih perlu diperiksa (bertanda PERIKSA di sheet "
                f"{layout.SHEET_TARGETS}); target belum dapat ditetapkan dan halaman {layout.SHEET_DECISION} "
                "belum memuat tabel target.",
            )
        )
    technical = [
        ("Dibuat pada", format_datetime(now(documents.get("time_zone")))),
        ("Dari file", source.name),
        ("Dihitung dengan", f"xl_addin {__version__}"),
        ("Pengaturan", settings.describe()),
        (
            "Jumlah satker",
            f"{len(outcome.targets)} ({len(outcome.targets) - len(outcome.problems)} bertarget, "
            f"{len(outcome.problems)} perlu diperiksa)",
        ),
        (
            "Catatan",
            "Target di salinan ini dihitung ulang saat salinan dibuat dari data Pengguna Layanan dan Pengaturan."
            + (
                " Target di file asal BELUM diperbarui: pengirim perlu menghitung ulang target di file asal."
                if outdated
                else ""
            )
            + "".join(" " + notice for notice in outcome.notices),
        ),
        (
            "Memeriksa",
            "Kolom 'Rumus dengan Angka' memuat rumus dengan angkanya; kolom 'Cek Rumus Excel' menghitung "
            "ulang target dengan rumus Excel biasa (tanpa makro), hasilnya harus sama dengan 'Target per Bulan'.",
        ),
        *_survey_stamp(book),
    ]
    write_cell(sheet["A1"], "Target Responden Minimal SPKP dan SPAK").font = styles.TITLE_FONT
    write_cell(sheet["A2"], office).font = styles.HEADING_FONT
    row = 4
    for label, value in reader:
        _stamp_row(sheet, row, label, value)
        row += 1
    write_cell(sheet.cell(row + 1, 1), "Keterangan teknis").font = styles.HEADING_FONT
    for offset, (label, value) in enumerate(technical, start=row + 2):
        _stamp_row(sheet, offset, label, value)
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 64
    styles.fit_row_heights(sheet, 4, sheet.max_row)
    styles.print_layout(sheet, landscape=False, office=office)


def _report_line(book: Workbook) -> list[tuple[str, str]]:
    """A line on the monthly report the copy carries, as its sheet stands (``report_command``): which month it reports
    and when it was made. The copy carries it unchanged: it says what the sender's office reported, when."""
    from .report_sheet import made_in_note, month_in_title

    sheet = next((s for s in book.worksheets if s.title.casefold() == layout.SHEET_REPORT.casefold()), None)
    month = month_in_title(sheet["A1"].value) if sheet is not None else None
    if sheet is None or month is None:
        return []
    made = made_in_note(sheet["A2"].value)
    return [
        (
            "Laporan bulanan",
            f"Sheet {sheet.title}: laporan realisasi responden bulan {month} untuk kepala kantor"
            + (f", disusun {made}" if made else "")
            + ". Kalimat dan daftarnya menggambarkan angka saat laporan disusun; tabel capaiannya mengikuti sheet "
            f"{layout.SHEET_REALISATION} di salinan ini.",
        )
    ]


def _stamp_row(sheet: Worksheet, row: int, label: str, value: object) -> None:
    label_cell = write_cell(sheet.cell(row, 1), label)
    label_cell.font, label_cell.alignment = styles.BOLD, styles.TOP
    write_cell(sheet.cell(row, 2), value).alignment = styles.WRAP


def _filled(value: object) -> str:
    """A document setting's text, or "" while it still holds a blank to fill or the template's placeholder."""
    return (
        ""
        if not isinstance(value, str) or is_unfilled(value) or value == layout.DOCUMENT_SETTINGS[0].default
        else (" ".join(value.split()))
    )


# What the copy's sheets say in place of a note that sends the reader to a button the copy does not have.
_COPY_NOTES = {
    layout.SHEET_SETTINGS: "Pengaturan yang dipakai untuk menghitung target di salinan ini. Mengubahnya di sini tidak "
    "mengubah target; bila perlu diubah, minta kantor pengirim menghitung ulang.",
    layout.SHEET_TARGETS: "Dihitung saat salinan ini dibuat, dari data Pengguna Layanan dan Pengaturan. Target berlaku "
    "untuk setiap bulan target, bagi SPKP dan SPAK masing-masing.",
    layout.SHEET_REALISATION: "Jumlah responden yang benar-benar diperoleh tiap bulan, untuk SPKP dan SPAK "
    "masing-masing. Persentase = realisasi / target per bulan (merah: di bawah target, hijau: tercapai).",
}
_BUTTON_WORDS = ("Hitung Target", "tab SPAK-SPKP")


def _copy_notes(book: Workbook) -> None:
    """Notes that tell the reader to click a ribbon button are replaced by what holds in a copy without one."""
    for sheet in book.worksheets:
        for cell in (sheet["A2"], sheet["B2"]):  # the targets' note sits beside the title's column
            note = cell.value
            if sheet.title in _COPY_NOTES and isinstance(note, str) and any(word in note for word in _BUTTON_WORDS):
                write_cell(cell, _COPY_NOTES[sheet.title])


def _current_targets(book: FileBook) -> list[object]:
    return book.table(layout.TABLE_TARGETS, read=(layout.COLUMN_TARGET,)).values(layout.COLUMN_TARGET)


def export(source: str | os.PathLike, out: str | os.PathLike | None = None, ignore_unchecked: bool = False) -> Path:
    """Write the macro-free .xlsx copy of ``source``; returns its path. ``source`` is never modified.

    Refused (``document.UncheckedRows``) while any satker needs checking, unless ``ignore_unchecked``: the copy's
    decision page would say the targets cannot be set yet.
    """
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
        _export(source, out, ignore_unchecked)
    return out


def _export(source: Path, out: Path, ignore_unchecked: bool) -> None:
    book = open_workbook(source, keep_vba=False)  # no VBA, and with it no ribbon parts
    book.code_name = None
    port = FileBook(book)
    before = _current_targets(port)
    outcome = commands.fill(port)  # recomputed: the copy's targets cannot be stale
    targets = outcome.targets
    if not ignore_unchecked:
        refuse_while_unchecked(targets)  # nothing is saved: the copy is not made
    settings = outcome.settings
    assert settings is not None
    outdated = [t.target for t in targets] + [None] * (len(before) - len(targets)) != before
    _freeze_udf_formulas(book)
    # the guide is the macro workbook's (its buttons, installing Python): the copy's first sheet replaces it
    dropped = {name.casefold() for name in (*layout.PYTHON_ONLY_SHEETS, layout.SHEET_GUIDE)}
    for sheet in [s for s in book.worksheets if s.title.casefold() in dropped]:
        book.remove(sheet)
    _copy_notes(book)
    _reader_sheet(book, source, outcome, settings, outdated)
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
