"""The openpyxl adapter: read counts and settings from a workbook file, write targets, save safely.

Used by the CLI (``xl-addin fill``) and by every headless path. It touches only
the TargetResponden table; everything else in the file is kept as it was.
"""

from __future__ import annotations

import io
import logging
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable
from xml.etree import ElementTree

import openpyxl
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.table import Table
from openpyxl.worksheet.worksheet import Worksheet

from . import layout
from .plan import CountRow, Settings, TargetRow, plan_targets, target_table
from .sampling import XlAddinError

log = logging.getLogger(__name__)

MACRO_SUFFIXES = {".xlsm", ".xltm", ".xlam"}
EXCEL_SUFFIXES = MACRO_SUFFIXES | {".xlsx", ".xltx"}
# openpyxl rewrites _rels/.rels from scratch and forgets the ribbon (customUI) there.
RIBBON_RELATIONSHIP_TYPES = (
    "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility",
    "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility",
)


def open_workbook(path: str | os.PathLike) -> Workbook:
    """Load a workbook for editing, keeping its VBA project; Indonesian errors for what users meet."""
    path = Path(path)
    if not path.exists():
        raise XlAddinError(f"file not found: {path}", f"File tidak ditemukan: {path}")
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        raise XlAddinError(
            f"not an Excel workbook (.xlsx/.xlsm): {path}",
            f"Bukan file Excel (.xlsx/.xlsm): {path.name}",
        )
    try:
        return openpyxl.load_workbook(path, keep_vba=path.suffix.lower() in MACRO_SUFFIXES)
    except PermissionError:
        raise XlAddinError(f"cannot read {path}: permission denied", f"File tidak bisa dibaca (izin ditolak): {path.name}") from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise XlAddinError(
            f"cannot open {path} as an Excel workbook: {error}",
            f"File {path.name} bukan file Excel yang utuh atau rusak; buka di Excel dan simpan ulang.",
        ) from None


def find_table(book: Workbook, name: str) -> tuple[Worksheet, Table]:
    """The Excel table called ``name``, wherever it sits (case-insensitive, as Excel's names are)."""
    for sheet in book.worksheets:
        for table in sheet.tables.values():  # (TableList.items() yields refs, not tables)
            if table.displayName.casefold() == name.casefold():
                return sheet, table
    raise layout.table_missing(name)


@dataclass(frozen=True)
class TableArea:
    """Where a table sits: header row, first and last data rows, first column, and headers."""

    sheet: Worksheet
    table: Table
    header_row: int
    first_row: int
    last_row: int
    first_column: int
    headers: tuple[str, ...]

    @classmethod
    def of(cls, sheet: Worksheet, table: Table) -> "TableArea":
        min_col, min_row, max_col, max_row = range_boundaries(table.ref)
        headers = tuple(layout.clean_header(sheet.cell(min_row, col).value) for col in range(min_col, max_col + 1))
        last_row = max_row - (table.totalsRowCount or 0)  # a Total Row is not data
        return cls(sheet, table, min_row, min_row + 1, last_row, min_col, headers)

    def column_of(self, header: str, table_label: str) -> int:
        return self.first_column + layout.column_index(self.headers, header, table_label)


def read_settings(book: Workbook) -> Settings:
    """Settings from the workbook's defined names; a name that is absent keeps its default."""
    cells: dict[str, object] = {}
    for setting in layout.SETTINGS:
        defined = book.defined_names.get(setting.defined_name)
        if defined is None:
            log.warning("defined name %s absent, using default %r", setting.defined_name, setting.default)
            continue
        destinations = list(defined.destinations)
        if len(destinations) != 1 or destinations[0][0] not in book.sheetnames:
            raise XlAddinError(
                f"defined name {setting.defined_name} does not point at one cell: {defined.attr_text}",
                f"Nama '{setting.defined_name}' (Pengaturan: {setting.label}) tidak menunjuk satu sel: "
                f"{defined.attr_text}. Apakah sheet {layout.SHEET_SETTINGS} diganti nama atau terhapus?",
            )
        sheet_name, coordinate = destinations[0]
        cells[setting.defined_name] = book[sheet_name][coordinate.replace("$", "")].value
    return Settings.from_cells(cells)


def read_counts(book: Workbook, settings: Settings) -> list[CountRow]:
    sheet, table = find_table(book, layout.TABLE_COUNTS)
    area = TableArea.of(sheet, table)
    name_column = area.column_of(layout.COLUMN_SATKER, layout.TABLE_COUNTS)
    month_columns = [area.column_of(month, layout.TABLE_COUNTS) for month in settings.base_months]
    return [
        CountRow(
            sheet.cell(row, name_column).value,
            [sheet.cell(row, column).value for column in month_columns],
            source_row=row,
        )
        for row in range(area.first_row, area.last_row + 1)
    ]


def write_targets(book: Workbook, targets: list[TargetRow], settings: Settings) -> TableArea:
    """Write the targets into the TargetResponden table and resize it to one row per satker.

    Only the table's own columns are written, from its first data row down to the
    larger of its old and new last row. Growing into cells that hold anything is
    refused, so nothing outside the table is ever overwritten.
    """
    sheet, table = find_table(book, layout.TABLE_TARGETS)
    if table.totalsRowCount:
        raise layout.totals_row_not_allowed(layout.TABLE_TARGETS)
    area = TableArea.of(sheet, table)
    for header in layout.REQUIRED_TARGET_HEADERS:
        area.column_of(header, layout.TABLE_TARGETS)  # a missing required column is an error
    last_column = area.first_column + len(area.headers) - 1
    new_last_row = area.first_row + max(len(targets), 1) - 1  # a table keeps at least one data row

    for row in range(area.last_row + 1, new_last_row + 1):
        for column in range(area.first_column, last_column + 1):
            if sheet.cell(row, column).value not in (None, ""):
                raise XlAddinError(
                    f"cell {get_column_letter(column)}{row} below table {table.displayName} is not empty",
                    f"Sel {get_column_letter(column)}{row} di bawah tabel {layout.TABLE_TARGETS} (sheet "
                    f"'{sheet.title}') berisi data; kosongkan dulu agar tabel bisa diperpanjang.",
                )

    use_names = all(book.defined_names.get(s.defined_name) is not None for s in layout.SETTINGS)
    population_letter = get_column_letter(area.column_of(layout.COLUMN_POPULATION, layout.TABLE_TARGETS))
    block = target_table(targets, area.headers, area.first_row, population_letter, settings, use_names)
    for offset in range(max(area.last_row, new_last_row) - area.first_row + 1):
        row = area.first_row + offset
        values = block[offset] if offset < len(block) else [None] * len(area.headers)
        for column_offset, value in enumerate(values):
            cell = sheet.cell(row, area.first_column + column_offset)
            cell.value = value
            if row > area.last_row:  # new rows look like the first
                cell._style = sheet.cell(area.first_row, cell.column)._style
    table.ref = f"{get_column_letter(area.first_column)}{area.header_row}:{get_column_letter(last_column)}{new_last_row}"
    if table.autoFilter is not None:
        table.autoFilter.ref = table.ref
    # Excel recomputes the check formulas when the file opens; openpyxl stores no cached values.
    book.calculation.fullCalcOnLoad = True
    return TableArea.of(sheet, table)


def _check_writable(path: Path) -> None:
    lock = path.with_name("~$" + path.name)
    if lock.exists():
        raise XlAddinError(
            f"{path} appears to be open in Excel (lock file {lock.name} exists)",
            f"File {path.name} sedang dibuka di Excel; tutup dulu lalu ulangi.",
        )
    # The mode bits too: root may write anything, but a file marked read-only was marked on purpose.
    if path.exists() and (not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222):
        raise XlAddinError(f"{path} is read-only", f"File {path.name} hanya-baca (read-only); tidak bisa disimpan.")
    if not os.access(path.parent if str(path.parent) else Path("."), os.W_OK):
        raise XlAddinError(f"cannot write in {path.parent}", f"Folder {path.parent} tidak bisa ditulisi.")


def restore_ribbon(source: zipfile.ZipFile, written: bytes) -> bytes:
    """Put back the ribbon (customUI) parts and root relationship that openpyxl dropped."""
    names = source.namelist()
    original_rels = source.read("_rels/.rels").decode("utf-8") if "_rels/.rels" in names else ""
    saved = zipfile.ZipFile(io.BytesIO(written))
    saved_rels = saved.read("_rels/.rels").decode("utf-8")
    wanted = [t for t in RIBBON_RELATIONSHIP_TYPES if t in original_rels and t not in saved_rels]
    missing_parts = [name for name in names if name.startswith("customUI/") and name not in saved.namelist()]
    if not wanted and not missing_parts:
        return written
    new_rels = saved_rels.replace("</Relationships>", "".join(_relationships(original_rels, wanted)) + "</Relationships>")
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as out:
        for item in saved.infolist():
            out.writestr(item, new_rels.encode("utf-8") if item.filename == "_rels/.rels" else saved.read(item))
        for name in missing_parts:
            out.writestr(source.getinfo(name), source.read(name))
    return output.getvalue()


def _relationships(rels_xml: str, types: Iterable[str]) -> list[str]:
    namespace = "{http://schemas.openxmlformats.org/package/2006/relationships}"
    return [
        f'<Relationship Id="{element.get("Id")}" Type="{element.get("Type")}" Target="{element.get("Target")}"/>'
        for element in ElementTree.fromstring(rels_xml).iter(namespace + "Relationship")
        if element.get("Type") in types
    ]


def write_bytes_atomic(target: str | os.PathLike, data: bytes) -> Path:
    """Write to a temporary file beside ``target``, then replace it: a failure leaves ``target`` as it was."""
    target = Path(target)
    _check_writable(target)
    handle, temporary_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=target.parent)
    temporary = Path(temporary_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except PermissionError:
        raise XlAddinError(
            f"cannot write {target}: permission denied", f"File {target.name} tidak bisa disimpan (izin ditolak)."
        ) from None
    finally:
        temporary.unlink(missing_ok=True)
    return target


def workbook_bytes(book: Workbook, source: zipfile.ZipFile | None = None) -> bytes:
    """The saved workbook as bytes, with the ribbon of ``source`` (the file it was read from) kept."""
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    return restore_ribbon(source, data) if source is not None else data


def save_atomic(book: Workbook, target: str | os.PathLike, source: str | os.PathLike | None = None) -> Path:
    """Save ``book`` to ``target`` atomically, keeping the ribbon of the file at ``source``."""
    if source is not None and zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as original:
            data = workbook_bytes(book, original)
    else:
        data = workbook_bytes(book)
    return write_bytes_atomic(target, data)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def fill(path: str | os.PathLike, out: str | os.PathLike | None = None) -> list[TargetRow]:
    """Read counts and settings from ``path``, write the targets, save to ``out`` (default: in place)."""
    path = Path(path)
    book = open_workbook(path)
    settings = read_settings(book)
    targets = plan_targets(read_counts(book, settings), settings)
    write_targets(book, targets, settings)
    destination = Path(out) if out is not None else path
    if destination.suffix.lower() != path.suffix.lower():
        raise XlAddinError(
            f"output must keep the extension {path.suffix}: {destination}",
            f"File hasil harus berekstensi {path.suffix} seperti file asal.",
        )
    destination.parent.mkdir(parents=True, exist_ok=True)
    save_atomic(book, destination, source=path)
    log.info("filled %d targets (%d with problems) into %s", len(targets), sum(not t.ok for t in targets), destination)
    return targets
