"""The files of the Kanwil ↔ satker loop: each satker's own workbook, its email draft, and reading a returned file.

A satker's workbook (``build``) is a plain .xlsx made for it alone: a first sheet addressed to it (its
SPKP and SPAK target per month in large type, how it was computed, what to fill, by when, to whom),
its Realisasi row (the count cells unlocked and validated, everything else protected without a
password), its line of the Penetapan, and a hidden stamp (``loop.Stamp``). The email draft
(``email_draft``) is an ``.eml`` built with the standard library, marked ``X-Unsent: 1`` so that
Outlook opens it as a message to send; nothing is sent. ``read_return`` reads any returned file (this
workbook, a copy of the Kanwil's workbook, a satker's own ``.xlsm``) into ``loop.ReturnedFile``, never
guessing a number: what it reads is decided on in ``loop.decide``.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from . import layout, styles
from .errors import InputError, XlAddinError
from .indonesian import format_date, format_number, name_text
from .loop import CountColumn, ReturnedFile, ReturnedRow, Stamp, match_header, period_label
from .package import MAX_UNPACKED_BYTES, workbook_bytes, write_bytes_atomic
from .plan import TargetRow
from .workbook import CellValues, TableArea, add_table, find_table, named_cells, open_workbook, write_cell

__all__ = ["SatkerSheet", "build", "email_draft", "file_stem", "read_return", "workbook_bytes_for", "write"]

log = logging.getLogger(__name__)

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
LARGE = Font(name="Calibri", size=22, bold=True, color=styles.NAVY)
TITLE = Font(name="Calibri", size=16, bold=True, color=styles.NAVY)
ADDRESSEE = Font(name="Calibri", size=14, bold=True)
PLAIN = Font(name="Calibri", size=11)
CENTRE = Alignment(horizontal="center", vertical="center")
UNLOCKED = Protection(locked=False)
LETTER_WIDTHS = (24, 15, 15, 30)


@dataclass(frozen=True)
class SatkerSheet:
    """Everything one satker's file says."""

    satker: object  # as typed in the Kanwil workbook
    office: str
    months: tuple[tuple[str, str], ...]  # (month, by when its numbers come back)
    target: TargetRow
    number: int  # its row on the Kanwil's Penetapan
    how: str  # how the target was computed, in one line
    columns: tuple[CountColumn, ...]
    values: tuple[object, ...]  # the Kanwil's Realisasi numbers for it now, aligned with ``columns``
    deadline: str  # "tanggal 5 bulan berikutnya"
    return_address: str | None
    documents: Mapping[str, object]
    stamp: Stamp

    @property
    def name(self) -> str:
        return " ".join(name_text(self.satker).split())

    @property
    def period(self) -> str:
        return period_label(self.stamp.months)

    @property
    def send_to(self) -> str:
        if self.return_address:
            return f"kepada {self.return_address}"
        return "kepada Kanwil dengan membalas email pengantar file ini"


# -- the first sheet: a letter to the satker ------------------------------------------------------------


def letter_paragraphs(sheet: SatkerSheet) -> list[tuple[str, str]]:
    """(heading, text) of the paragraphs under the target table."""
    target = format_number(sheet.target.target or 0)
    first_month, first_date = sheet.months[0] if sheet.months else ("", "")
    return [
        (
            "Target",
            f"Target berlaku untuk SPKP dan untuk SPAK masing-masing: setiap bulan paling sedikit {target} responden "
            f"Survei Persepsi Kualitas Pelayanan (SPKP) dan {target} responden Survei Persepsi Anti Korupsi (SPAK).",
        ),
        ("Cara menghitung", sheet.how),
        (
            "Yang perlu diisi",
            f"Di sheet {layout.SHEET_REALISATION}, ketik jumlah responden yang benar-benar mengisi survei pada sel "
            "berwarna kuning: kolom SPKP dan kolom SPAK untuk setiap bulan. Isi dengan bilangan bulat 0 atau lebih "
            "(misalnya 24); sel lain terkunci.",
        ),
        (
            "Kapan dan ke mana dikirim",
            f"Kirim kembali file ini setiap bulan paling lambat {sheet.deadline} (untuk {first_month}: "
            f"{first_date}; lihat tabel di atas), {sheet.send_to}. Angka bulan yang sudah dikirim biarkan tetap "
            "terisi.",
        ),
        (
            "Penting",
            f"File ini dibuat khusus untuk {sheet.name} dan dicocokkan otomatis saat diterima Kanwil. Jangan mengubah "
            "nama satker, nama sheet atau susunan kolom; nama file boleh diganti. Penetapan target ada di sheet "
            f"{layout.SHEET_SATKER_DECISION}.",
        ),
    ]


def _merged_text(sheet: Worksheet, row: int, text: str, font: Font, widths: Sequence[float]) -> None:
    """A paragraph across the letter's columns, as tall as its wrapped text."""
    cell = write_cell(sheet.cell(row, 1), text)
    cell.font, cell.alignment = font, styles.WRAP
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(widths))
    lines = styles.lines_needed(text, sum(widths) * 0.95 * 11 / max(font.sz or 11, 11))
    size = font.sz or 11
    sheet.row_dimensions[row].height = math.ceil(lines * size * 1.4) if lines > 1 or size > 11 else None


def _letter(book: Workbook, sheet: Worksheet, data: SatkerSheet) -> None:
    for index, width in enumerate(LETTER_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    _merged_text(sheet, 1, data.office, styles.HEADING_FONT, LETTER_WIDTHS)
    _merged_text(sheet, 2, "TARGET RESPONDEN SURVEI SPKP DAN SPAK", TITLE, LETTER_WIDTHS)
    _merged_text(sheet, 3, f"Kepada: {data.name}", ADDRESSEE, LETTER_WIDTHS)
    _merged_text(sheet, 4, f"Periode: {data.period}", PLAIN, LETTER_WIDTHS)
    header = 6
    for column, text in enumerate(("Bulan", "Target SPKP", "Target SPAK", "Dikirim kembali paling lambat"), 1):
        styles.header_look(write_cell(sheet.cell(header, column), text))
    sheet.row_dimensions[header].height = 32
    target = data.target.target
    for row, (month, due) in enumerate(data.months, start=header + 1):
        for column, value in enumerate((month, target, target, due), start=1):
            cell = write_cell(sheet.cell(row, column), value)
            cell.border = styles.BOX
            if column in (2, 3):
                cell.font, cell.alignment, cell.number_format = LARGE, CENTRE, styles.COUNT_FORMAT
            else:
                cell.font, cell.alignment = PLAIN, Alignment(vertical="center")
        sheet.row_dimensions[row].height = 34
    row = header + len(data.months) + 2
    for heading, text in letter_paragraphs(data):
        write_cell(sheet.cell(row, 1), heading).font = styles.HEADING_FONT
        _merged_text(sheet, row + 1, text, PLAIN, LETTER_WIDTHS)
        row += 3
    made = (
        f"Dibuat {data.stamp.made} oleh xl_addin {data.stamp.version} dari workbook Kanwil berkode "
        f"{data.stamp.workbook_id}."
    )
    _merged_text(sheet, row, made, styles.NOTE_FONT, LETTER_WIDTHS)
    styles.print_layout(sheet, landscape=False, office=data.office)


# -- the Realisasi sheet: only its row ---------------------------------------------------------------------


def _realisation(sheet: Worksheet, data: SatkerSheet) -> None:
    from openpyxl.styles import PatternFill

    title = f"Realisasi Responden per Bulan: {data.name}"
    write_cell(sheet["A1"], title).font = styles.TITLE_FONT
    note = (
        "Ketik jumlah responden tiap bulan di sel kuning (bilangan bulat 0 atau lebih). Sel lain terkunci; sheet "
        "dapat dibuka kuncinya tanpa kata sandi, tetapi jangan mengubah nama satker atau judul kolom."
    )
    write_cell(sheet["A2"], note).font = styles.NOTE_FONT
    headers = [layout.COLUMN_SATKER, layout.COLUMN_TARGET, *(column.header for column in data.columns)]
    row = layout.TABLE_HEADER_ROW
    for column, header in enumerate(headers, start=1):
        styles.header_look(write_cell(sheet.cell(row, column), header))
    sheet.row_dimensions[row].height = 45
    body = row + 1
    for column, value in enumerate((data.satker, data.target.target, *data.values), start=1):
        cell = write_cell(sheet.cell(body, column), value)
        cell.border = styles.BOX
        if column == 1:
            cell.alignment = styles.WRAP
        else:
            cell.number_format = styles.COUNT_FORMAT
        if column > 2:
            cell.protection = UNLOCKED
            cell.fill = PatternFill("solid", fgColor="FFF2CC")
    sheet.row_dimensions[body].height = 15.0 * styles.lines_needed(data.name, 40) if len(data.name) > 40 else None
    add_table(sheet, layout.TABLE_REALISATION, headers, row, body, filter_buttons=False)
    rule = styles.count_rule(
        "Isi jumlah responden: bilangan bulat 0 atau lebih (bukan pecahan, negatif atau teks).",
        ("Jumlah responden", "Bilangan bulat 0 atau lebih, misalnya 24."),
    )
    rule.add(f"C{body}:{get_column_letter(len(headers))}{body}")
    sheet.add_data_validation(rule)
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 11
    for column in range(3, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 11
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=min(len(headers), 8))
    sheet["A2"].alignment = styles.WRAP
    sheet.row_dimensions[2].height = 30
    sheet.freeze_panes = f"C{body}"
    sheet.protection.sheet = True  # no password: the satker may unlock it, the looks say which cells are theirs
    styles.print_layout(sheet, landscape=True, header_row=row, office=data.office)


# -- its line of the Penetapan ------------------------------------------------------------------------------


def _decision(sheet: Worksheet, data: SatkerSheet) -> None:
    write_cell(sheet["A1"], "PETIKAN PENETAPAN TARGET RESPONDEN MINIMAL SPKP DAN SPAK").font = styles.TITLE_FONT
    write_cell(sheet["A2"], data.office).font = styles.HEADING_FONT
    write_cell(
        sheet["A3"], f"Berlaku setiap bulan {data.period}, untuk SPKP dan untuk SPAK masing-masing."
    ).font = PLAIN
    header = 5
    widths = (6, 40, 13, 17, 12, 16)
    for column, (text, width) in enumerate(zip(layout.DECISION_HEADERS, widths), start=1):
        styles.header_look(write_cell(sheet.cell(header, column), text))
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.row_dimensions[header].height = 32
    target = data.target
    method = layout.METHOD_LABELS.get(target.method or "", target.method)
    for column, value in enumerate(
        (data.number, data.satker, target.population, method, target.target, target.change), start=1
    ):
        cell = write_cell(sheet.cell(header + 1, column), value)
        cell.border, cell.alignment = styles.BOX, styles.WRAP
        if column in (3, 5):
            cell.number_format = styles.COUNT_FORMAT
        if column == 6:
            cell.number_format = "+#,##0;−#,##0;0"
    lines = styles.lines_needed(data.name, widths[1])
    sheet.row_dimensions[header + 1].height = 15.0 * lines if lines > 1 else None
    documents = data.documents

    def shown(field: str, empty: str = "..............................") -> str:
        value = documents.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            return empty
        if hasattr(value, "year") and hasattr(value, "month"):
            return format_date(value)
        return " ".join(name_text(value).split())

    signature = [
        f"Ditetapkan di {shown('place')}",
        f"pada tanggal {shown('date')}",
        shown("position"),
        None,
        None,
        None,
        shown("signer"),
        f"NIP {shown('nip')}",
    ]
    for offset, text in enumerate(signature, start=header + 3):
        if text is not None:
            write_cell(sheet.cell(offset, 4), text).font = PLAIN
    note_row = header + 3 + len(signature) + 1
    write_cell(
        sheet.cell(note_row, 1),
        f"Petikan ini memuat baris {data.name} dari halaman Penetapan Kanwil; penetapan lengkap ada pada Kanwil.",
    ).font = styles.NOTE_FONT
    styles.print_layout(sheet, landscape=False, office=data.office)


def _stamp(sheet: Worksheet, data: SatkerSheet) -> None:
    write_cell(sheet["A1"], "Cap kiriman Kanwil (dibaca saat file diterima kembali; jangan diubah)").font = styles.BOLD
    for row, (label, value) in enumerate(data.stamp.rows(), start=2):
        write_cell(sheet.cell(row, 1), label)
        write_cell(sheet.cell(row, 2), value)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 60
    sheet.protection.sheet = True
    sheet.sheet_state = "hidden"


def build(data: SatkerSheet) -> Workbook:
    """The satker's workbook: letter, Realisasi, Petikan Penetapan, and the hidden stamp; its sheets locked in place."""
    book = Workbook()
    letter = book.active
    letter.title = layout.SHEET_SATKER_LETTER
    _letter(book, letter, data)
    letter.protection.sheet = True
    _realisation(book.create_sheet(layout.SHEET_REALISATION), data)
    decision = book.create_sheet(layout.SHEET_SATKER_DECISION)
    _decision(decision, data)
    decision.protection.sheet = True
    _stamp(book.create_sheet(layout.SHEET_SATKER_STAMP), data)
    # Sheets cannot be added, removed, renamed or unhidden without unprotecting the workbook (no password).
    book.security = WorkbookProtection(lockStructure=True)
    book.properties.title = f"Target dan realisasi SPKP/SPAK {data.period}: {data.name}"[:250]
    book.properties.creator = "xl_addin"
    book.active = 0
    return book


def workbook_bytes_for(data: SatkerSheet) -> bytes:
    return workbook_bytes(build(data))


def write(path: Path, data: bytes) -> Path:
    return write_bytes_atomic(path, data)


# -- file names -------------------------------------------------------------------------------------------

_NOT_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
SUFFIX = " - Target dan Realisasi"


def file_stem(satker: str, used: set[str]) -> str:
    """A file name for the satker's files, safe on Windows and unlike any name already ``used`` (case ignored)."""
    text = _NOT_IN_NAMES.sub("_", " ".join(satker.split())).strip(" .")[:100].strip(" .") or "satker"
    if text.split(".")[0].casefold() in _RESERVED:
        text = "_" + text
    stem, number = text + SUFFIX, 2
    while stem.casefold() in used:
        stem, number = f"{text} ({number}){SUFFIX}", number + 1
    used.add(stem.casefold())
    return stem


# -- the email draft ----------------------------------------------------------------------------------------


def email_body(data: SatkerSheet, person: str | None) -> str:
    target = format_number(data.target.target or 0)
    first_month, first_date = data.months[0] if data.months else ("", "")
    back = f"kepada {data.return_address}" if data.return_address else "dengan membalas email ini"
    lines = [f"Yth. Kepala {data.name}"]
    if person:
        lines.append(f"u.p. {' '.join(person.split())}")
    lines += [
        "",
        "Dengan hormat,",
        "",
        f"Bersama ini kami sampaikan target responden minimal Survei Persepsi Kualitas Pelayanan (SPKP) dan Survei "
        f"Persepsi Anti Korupsi (SPAK) bagi {data.name} untuk periode {data.period}: {target} responden SPKP dan "
        f"{target} responden SPAK setiap bulan. Cara penghitungannya tercantum pada file terlampir.",
        "",
        f"Mohon jumlah responden yang diperoleh setiap bulan diisikan pada sheet {layout.SHEET_REALISATION} dalam file "
        f"terlampir (sel berwarna kuning), kemudian file tersebut dikirim kembali {back} paling lambat {data.deadline} (untuk {first_month}: {first_date}). Mohon nama satker dan susunan sheet di "
        "dalam file tidak diubah.",
        "",
        "Atas perhatian dan kerja sama Saudara, kami ucapkan terima kasih.",
        "",
        data.office,
    ]
    return "\n".join(lines) + "\n"


def email_draft(
    data: SatkerSheet, addresses: Sequence[str], attachment: str, content: bytes, person: str | None = None
) -> bytes:
    """An unsent message (Outlook opens it as a draft to send): To the satker, the file attached; nothing is sent."""
    recipients = []
    for address in addresses:
        try:
            recipients.append(Address(addr_spec=address.strip()))
        except (ValueError, IndexError, TypeError) as error:  # the parser's own errors for a malformed address
            raise InputError(
                f"email address {address!r}: {error}",
                f"alamat email '{' '.join(address.split())}' di daftar satker tidak valid; draf email tidak dibuat (file tetap dibuat).",
            ) from None
    message = EmailMessage()
    message["To"] = recipients
    message["Subject"] = f"Target responden SPKP dan SPAK {data.period}: {data.name}"
    message["X-Unsent"] = "1"
    message.set_content(email_body(data, person))
    message.add_attachment(content, maintype=XLSX_TYPE[0], subtype=XLSX_TYPE[1], filename=attachment)
    return message.as_bytes(policy=SMTP)


# -- reading a returned file ------------------------------------------------------------------------------


def _sheet_named(book: Workbook, title: str) -> Worksheet | None:
    for sheet in book.worksheets:
        if sheet.title.casefold() == title.casefold():
            return sheet
    return None


def _read_stamp(book: Workbook, values: CellValues) -> tuple[Stamp | None, bool]:
    """The stamp, and whether a stamp sheet is there but unreadable (edited)."""
    sheet = _sheet_named(book, layout.SHEET_SATKER_STAMP)
    if sheet is None:
        return None, False
    rows = [[values(sheet, row, 1), values(sheet, row, 2)] for row in range(1, min(sheet.max_row, 50) + 1)]
    stamp = Stamp.from_rows(rows)
    return stamp, stamp is None


HEADER_SCAN_ROWS = 30


def _locate(book: Workbook, columns: Sequence[CountColumn]) -> tuple[Worksheet, int, int, int, tuple] | None:
    """(sheet, header row, first column, last body row, headers) of the Realisasi table, or of a header row on a
    sheet named Realisasi when the table was lost (a spreadsheet program that keeps no tables)."""
    try:
        area = TableArea.of(*find_table(book, layout.TABLE_REALISATION))
        return area.sheet, area.header_row, area.first_column, area.last_row, area.headers
    except XlAddinError:
        pass
    sheet = _sheet_named(book, layout.SHEET_REALISATION)
    if sheet is None:
        return None
    for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, HEADER_SCAN_ROWS)):
        keys = [layout.name_key(cell.value) for cell in row]
        if layout.name_key(layout.COLUMN_SATKER) in keys and any(any(match_header(c.value, columns)) for c in row):
            headers = tuple(cell.value for cell in row)
            return sheet, row[0].row, row[0].column, sheet.max_row, headers
    return None


def read_return(path: str | os.PathLike, columns: Sequence[CountColumn]) -> ReturnedFile:
    """What a returned file holds for the Kanwil's count ``columns``; a file that cannot be read says why."""
    path = Path(path)
    name = path.name
    try:
        book = open_workbook(path, keep_vba=False)
    except XlAddinError as error:
        return ReturnedFile(name, _digest_of(path), failed=error.user_message)
    try:
        return _read(book, name, columns)
    except MemoryError:
        raise
    except XlAddinError as error:
        return ReturnedFile(name, _digest_of(path), failed=error.user_message)
    except Exception as error:  # a file damaged in a way openpyxl only notices late
        log.warning("cannot read %s: %s: %s", path, type(error).__name__, error)
        return ReturnedFile(
            name,
            _digest_of(path),
            failed=f"{name}: file ini tidak dapat dibaca ({type(error).__name__}); minta satker membukanya di Excel, "
            "menyimpan ulang, lalu mengirim lagi.",
        )


def _digest(data: bytes) -> str:
    """A file's fingerprint in the history: the same bytes again are the same file."""
    return hashlib.sha256(data).hexdigest()[:16]


def _digest_of(path: Path) -> str:
    """The fingerprint of a file that could not be read as a workbook ("" when it cannot be read at all)."""
    try:
        if path.is_file() and path.stat().st_size <= MAX_UNPACKED_BYTES:
            return _digest(path.read_bytes())
    except OSError:
        pass
    return ""


def _read(book: Workbook, name: str, columns: Sequence[CountColumn]) -> ReturnedFile:
    digest = _digest(book._xl_addin_bytes)
    values = CellValues(book)
    stamp, damaged = _read_stamp(book, values)
    cells, _broken = named_cells(book, [layout.NAME_WORKBOOK_ID])
    workbook_id = None
    if layout.NAME_WORKBOOK_ID in cells:
        cell = cells[layout.NAME_WORKBOOK_ID]
        found = values(cell.parent, cell.row, cell.column)
        workbook_id = " ".join(str(found).split()) if isinstance(found, str) and found.strip() else None
    located = _locate(book, columns)
    if located is None:
        return ReturnedFile(
            name,
            digest,
            stamp,
            damaged,
            workbook_id,
            failed=f"{name}: file ini tidak memuat tabel {layout.SHEET_REALISATION} ({layout.TABLE_REALISATION}); apakah "
            "sheet Realisasi terhapus atau diganti? Minta satker mengirim file aslinya.",
        )
    sheet, header_row, first_column, last_row, headers = located
    found_columns: dict[str, int] = {}
    other_period = []
    name_column = None
    for offset, header in enumerate(headers):
        if layout.name_key(header) == layout.name_key(layout.COLUMN_SATKER) and name_column is None:
            name_column = first_column + offset
        column, other = match_header(header, columns)
        if column is not None:
            found_columns.setdefault(column.key, first_column + offset)
        elif other is not None:
            other_period.append((" ".join(str(header).split()), other.header))
    if name_column is None or not (found_columns or other_period):
        shown = ", ".join(" ".join(str(h).split()) for h in headers if h is not None) or "(kosong)"
        # said after the stamp is checked: a file of another period has none of this period's columns either
        return ReturnedFile(
            name,
            digest,
            stamp,
            damaged,
            workbook_id,
            unmatched=f"tabel {layout.SHEET_REALISATION} di file ini tidak memiliki kolom {layout.COLUMN_SATKER} dan "
            f"kolom bulan workbook ini (kolom di file: {shown}).",
        )
    rows = []
    for row in range(header_row + 1, last_row + 1):
        satker = values(sheet, row, name_column)
        cells = {key: values(sheet, row, column) for key, column in found_columns.items()}
        if (satker is None or not str(satker).strip()) and all(v is None or v == "" for v in cells.values()):
            continue
        rows.append(ReturnedRow(row, satker, cells))
    return ReturnedFile(name, digest, stamp, damaged, workbook_id, tuple(rows), tuple(other_period))


def read_returns(paths: Sequence[str | os.PathLike]):
    """A reader for ``loop.receive``: every path read for the Kanwil's count columns."""

    def read(columns: Sequence[CountColumn]) -> list[ReturnedFile]:
        return [read_return(path, columns) for path in paths]

    return read
