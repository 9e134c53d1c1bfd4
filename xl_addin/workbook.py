"""The openpyxl adapter: read counts and settings from a workbook file, write targets, save safely.

Used by the CLI (``xl-addin fill``), the email copy, the Kanwil summary and the
template builder. ``write_cell`` is the one way this adapter puts a value in a cell:
text stays text, whatever it starts with. A fill touches only the TargetResponden
table; everything else in the file is kept as it was.
"""

from __future__ import annotations

import gc
import io
import logging
import math
import os
import re
import sys
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from copy import copy
from dataclasses import dataclass
from pathlib import Path

from openpyxl.cell.cell import Cell
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles import Alignment, Font
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.pagebreak import Break, RowBreak
from openpyxl.worksheet.table import Table, TableColumn, TableFormula
from openpyxl.worksheet.worksheet import Worksheet

from . import commands, layout, port, styles
from .cells import DocumentLine, Formula, excel_could_misread
from .charts import fit_to_satker
from .errors import FileError, LayoutError, os_error_reason, shown_name, table_missing
from .indonesian import format_number
from .package import (
    MAX_UNPACKED_BYTES,
    check_package,
    is_folder,
    ribbon_relationships,
    workbook_bytes,
    write_bytes_atomic,
)
from .plan import EXCEL_ERRORS, CellError, CountRow, Outcome, Settings, UncalculatedFormula

__all__ = [
    "FileBook",
    "TableArea",
    "add_table",
    "collector_paused",
    "fill",
    "find_table",
    "open_workbook",
    "read_counts",
    "read_settings",
    "save",
    "style_cells",
    "table_sheet",
    "write_cell",
]

log = logging.getLogger(__name__)

MACRO_SUFFIXES = {".xlsm", ".xltm", ".xlam"}
EXCEL_SUFFIXES = MACRO_SUFFIXES | {".xlsx", ".xltx"}
# A table reaching row 1,048,576 would take minutes and gigabytes to walk; no Kanwil has
# more than a few thousand satker.
MAX_TABLE_ROWS = 100_000


# -- the one cell writer ---------------------------------------------------------------------


def write_cell(cell: Cell, value: object) -> Cell:
    """Put ``value`` in ``cell``: a ``Formula`` as a formula, any other text as text, numbers as numbers.

    openpyxl would store a string starting with "=" as a formula and "#N/A" as an
    error; text is forced back to text, and text Excel would misread when the cell is
    edited gets Excel's quote-prefix (the apostrophe a clerk would type). A ``Formula``
    stays in the cell as itself, so the file gets the value it carries (``Formula.value``).
    """
    if isinstance(value, Formula):
        cell.value = str(value)  # openpyxl's checks (length, characters), and the cell becomes a formula
        cell._value = value  # the Formula itself: the writer stores its value beside it (package.workbook_bytes)
        return cell
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if excel_could_misread(value):
            cell.quotePrefix = True
    elif cell.quotePrefix:
        cell.quotePrefix = False  # a number replacing guarded text must not stay marked as text
    return cell


def style_cells(cells: Iterable[Cell], **attributes: object) -> None:
    """Set the same style attributes (``border=``, ``alignment=``, ``number_format=``, …) on many cells, in order.

    Cell by cell, openpyxl looks each border or alignment up in the workbook's list by equality,
    which costs more than everything else a summary row needs. What a cell ends with depends only
    on the style it had, so that is worked out once per distinct style and copied (each cell its
    own copy: openpyxl's cells never share one).
    """
    done: dict[bytes | None, StyleArray] = {}
    for cell in cells:
        before = None if cell._style is None else cell._style.tobytes()
        if before in done:
            cell._style = StyleArray(done[before])
            continue
        for name, value in attributes.items():
            setattr(cell, name, value)
        done[before] = StyleArray(cell._style)


def write_title(sheet: Worksheet, title: str, note: str) -> None:
    write_cell(sheet["A1"], title).font = styles.TITLE_FONT
    write_cell(sheet["A2"], note).font = styles.NOTE_FONT


def spread_note(sheet: Worksheet, across: int, row: int = 2) -> None:
    """Wrap a long note across the first ``across`` columns (once their widths are set): a note left to
    overflow runs past the printed page, because LibreOffice prints what overflows."""
    cell = sheet.cell(row, 1)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=across)
    cell.alignment = styles.WRAP
    width = sum(sheet.column_dimensions[get_column_letter(c)].width or 8.43 for c in range(1, across + 1))
    lines = styles.lines_needed(str(cell.value or ""), width * 1.15)  # 10-pt italic runs narrower than 11-pt
    sheet.row_dimensions[row].height = 14.0 * lines if lines > 1 else None


def write_header(
    sheet: Worksheet, row: int, headers: Sequence[str], widths: Sequence[float], first_column: int = 1
) -> None:
    """A table's header row, as tall as its longest header wraps (at least two lines): every header whole."""
    lines = max(
        (styles.lines_needed(header, width * styles.BOLD_WIDTH) for header, width in zip(headers, widths)), default=1
    )
    sheet.row_dimensions[row].height = 15.0 * max(lines, 2) + 2
    for column, (header, width) in enumerate(zip(headers, widths), start=first_column):
        cell = styles.header_look(write_cell(sheet.cell(row, column), header))
        sheet.column_dimensions[cell.column_letter].width = width


def add_table(
    sheet: Worksheet,
    name: str,
    headers: Sequence[str],
    header_row: int,
    last_row: int,
    totals: Mapping[str, str | Formula] | None = None,
    filter_buttons: bool = True,
    first_column: int = 1,
) -> Table:
    """An Excel table from ``header_row`` to ``last_row`` (columns from ``first_column``), as Excel itself writes one.

    ``totals`` (header → label text or ``Formula``) adds a totals row below ``last_row``:
    its cells are written, and each column says what its totals cell holds
    (``totalsRowLabel``, or ``custom`` with its ``totalsRowFormula``), and the
    autoFilter stops above it, as Excel requires.
    """
    first, last_column = get_column_letter(first_column), get_column_letter(first_column + len(headers) - 1)
    total_row = last_row + 1 if totals is not None else last_row
    columns = []
    for index, header in enumerate(headers, start=1):
        column = TableColumn(id=index, name=header)
        value = (totals or {}).get(header)
        if isinstance(value, Formula):
            column.totalsRowFunction = "custom"
            column.totalsRowFormula = TableFormula(attr_text=str(value)[1:])
        elif isinstance(value, str):
            column.totalsRowLabel = value
        if value is not None:
            write_cell(sheet.cell(total_row, first_column + index - 1), value).font = styles.BOLD
        columns.append(column)
    table = Table(
        displayName=name,
        ref=f"{first}{header_row}:{last_column}{total_row}",
        autoFilter=AutoFilter(ref=f"{first}{header_row}:{last_column}{last_row}") if filter_buttons else None,
        tableStyleInfo=styles.TABLE_STYLE,
        totalsRowCount=1 if totals is not None else None,
    )
    table.tableColumns = columns
    sheet.add_table(table)
    return table


def table_sheet(book: Workbook, spec: port.SheetSpec) -> Worksheet:
    """``spec``'s sheet as the template ships it, and as a command makes it in an older workbook: its plan
    (``render_plan``: styled, set up to print), its named cells, and the colours of its highlighted words."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill
    from openpyxl.workbook.defined_name import DefinedName

    sheet = render_plan(book, spec.plan())
    body = layout.TABLE_HEADER_ROW + 1
    reach = layout.TABLE_HEADER_ROW + layout.CAPACITY
    for column, word, colour in spec.highlights:
        letter = get_column_letter(column)
        sheet.conditional_formatting.add(
            f"{letter}{body}:{letter}{reach}",
            FormulaRule(
                formula=[f'LEFT(${letter}{body},{len(word)})="{word}"'], fill=PatternFill("solid", fgColor=colour)
            ),
        )
    quoted = "'" + spec.sheet.replace("'", "''") + "'"
    for name, (row, column) in spec.names.items():
        book.defined_names[name] = DefinedName(name, attr_text=f"{quoted}!${get_column_letter(column)}${row}")
    return sheet


def sum_above(column: int, first_row: int, value: object = None) -> Formula:
    """SUBTOTAL of a column from ``first_row`` to the row above this one: right after rows are added or removed.

    ``value``: what it adds up to (``cells.subtotal_sum`` of the cells above), when the caller knows it.
    """
    letter = get_column_letter(column)
    return Formula(f"=SUBTOTAL(109,{letter}${first_row}:INDEX({letter}:{letter},ROW()-1))", value)


# -- reading ---------------------------------------------------------------------------------


def _load(data: bytes, name: str, keep_vba: bool = False, data_only: bool = False) -> tuple[Workbook, list[str]]:
    """openpyxl's load of checked bytes, and the sheets whose part is missing; any failure is a ``FileError``.

    openpyxl leaves its zip objects open when a load fails: closed here, or the garbage
    collector finalises them in any order at exit and prints "Exception ignored … I/O
    operation on closed file" after our message.
    """
    reader = None
    try:
        reader = ExcelReader(io.BytesIO(data), keep_vba=keep_vba, data_only=data_only)
        reader.read()
        missing = [sheet.name for sheet, rel in reader.parser.find_sheets() if rel.target not in reader.valid_files]
        return reader.wb, missing
    except MemoryError:
        raise
    except Exception as error:  # openpyxl raises many types (KeyError, TypeError, ParseError…) for a damaged file
        log.info("cannot load %s: %r", name, error)
        if reader is not None:
            reader.archive.close()
            archive = getattr(getattr(reader, "wb", None), "vba_archive", None)
            if archive is not None:
                archive.close()
        raise FileError(
            f"cannot open {name} as an Excel workbook: {type(error).__name__}: {error}",
            f"File {shown_name(name)} rusak atau bukan file Excel yang utuh; buka di Excel lalu simpan ulang.",
        ) from None


def _read_file(path: Path) -> bytes:
    """The file's bytes, read once: what is checked is what is loaded, and no handle stays open."""
    try:
        size = path.stat().st_size
        if size > MAX_UNPACKED_BYTES:
            raise FileError(
                f"{path} is {size} bytes: over the limit",
                f"File {shown_name(path.name)} terlalu besar ({format_number(size // 2**20)} MB); batasnya "
                f"{format_number(MAX_UNPACKED_BYTES // 2**20)} MB. Apakah ini benar workbook satker?",
            )
        return path.read_bytes()
    except PermissionError:
        raise FileError(
            f"cannot read {path}: permission denied", f"File {shown_name(path.name)} tidak dapat dibaca (izin ditolak)."
        ) from None
    except OSError as error:
        raise FileError(
            f"cannot read {path}: {error.strerror or error}",
            f"File {shown_name(path.name)} tidak dapat dibaca ({os_error_reason(error)}).",
        ) from None


def open_workbook(path: str | os.PathLike, keep_vba: bool | None = None) -> Workbook:
    """Load a workbook for editing, keeping its VBA project; Indonesian errors for what users meet.

    ``keep_vba=False`` is for a caller that drops the VBA or only reads: openpyxl keeps it by
    copying every part of the package into a new zip in memory, compressed again.
    """
    path = Path(path)
    try:
        exists, is_dir = path.exists(), path.is_dir()
    except OSError as error:  # a name too long for the file system, a loop of links
        raise FileError(
            f"cannot look up {path}: {error.strerror or error}",
            f"File tidak ditemukan: {shown_name(str(path))} ({os_error_reason(error)}).",
        ) from None
    if not exists:
        raise FileError(f"file not found: {path}", f"File tidak ditemukan: {shown_name(str(path))}")
    if is_dir:
        raise FileError(f"{path} is a folder", f"'{shown_name(path.name)}' adalah folder, bukan file Excel.")
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        raise FileError(
            f"not an Excel workbook (.xlsx/.xlsm): {path}",
            f"Bukan file Excel (.xlsx/.xlsm): {shown_name(path.name)}",
        )
    data = _read_file(path)
    check_package(data, path.name)
    if keep_vba is None:
        keep_vba = path.suffix.lower() in MACRO_SUFFIXES
    book, missing = _load(data, path.name, keep_vba=keep_vba)
    if missing:
        raise FileError(
            f"{path}: sheets {missing} have no part in the package",
            f"File {shown_name(path.name)} rusak: isi sheet {', '.join(map(repr, missing))} tidak ada di dalam "
            "file. Buka di Excel (Excel akan menawarkan perbaikan), simpan, lalu ulangi.",
        )
    if keep_vba:
        # openpyxl rewrites the package's root relationships from this copy when it saves.
        try:
            book._xl_addin_ribbon = ribbon_relationships(book.vba_archive, required=True)
        except Exception as error:
            book.vba_archive.close()
            raise FileError(
                f"{path}: the package relationships (_rels/.rels) are missing or damaged: {error!r}",
                f"File {shown_name(path.name)} rusak atau bukan file Excel yang utuh; buka di Excel lalu simpan ulang.",
            ) from None
    else:
        book._xl_addin_ribbon = []  # openpyxl keeps no ribbon part in a workbook without macros
    book._xl_addin_path = path
    book._xl_addin_bytes = data
    return book


class CellValues:
    """Cell values as a reader means them: a formula cell gives the value Excel last computed.

    openpyxl gives either formulas or cached values per load; the cached values are
    loaded (from the same bytes) only when a cell we read holds a formula.
    """

    def __init__(self, book: Workbook) -> None:
        self._book = book
        self._cached: Workbook | None = None

    def __call__(self, sheet: Worksheet, row: int, column: int) -> object:
        cell = sheet.cell(row, column)
        # A cell reading exactly like an error value is one, however it got there: xlwings cannot tell them apart.
        if cell.data_type == "e" or (isinstance(cell.value, str) and cell.value in EXCEL_ERRORS):
            return CellError(cell.value)
        if cell.data_type != "f":
            return cell.value
        if self._cached is None:
            data = getattr(self._book, "_xl_addin_bytes", None)
            if data is None:
                return UncalculatedFormula(str(cell.value))
            name = getattr(self._book, "_xl_addin_path", Path("workbook")).name
            self._cached = _load(data, name, data_only=True)[0]
        cached = self._cached[sheet.title].cell(row, column)
        if cached.value is None:
            return UncalculatedFormula(str(cell.value))
        return CellError(cached.value) if cached.data_type == "e" else cached.value


def find_table(book: Workbook, name: str) -> tuple[Worksheet, Table]:
    """The Excel table called ``name``, wherever it sits (case-insensitive, as Excel's names are)."""
    for sheet in book.worksheets:
        for table in sheet.tables.values():  # (TableList.items() yields refs, not tables)
            if table.displayName.casefold() == name.casefold():
                return sheet, table
    raise table_missing(name)


@dataclass(frozen=True)
class TableArea:
    """Where a table sits: header row, first and last body rows, first column, and headers."""

    sheet: Worksheet
    table: Table
    header_row: int
    first_row: int
    last_row: int
    first_column: int
    headers: tuple[object, ...]

    @classmethod
    def of(cls, sheet: Worksheet, table: Table) -> TableArea:
        min_col, min_row, max_col, max_row = range_boundaries(table.ref)
        if max_row - min_row > MAX_TABLE_ROWS:
            raise FileError(
                f"table {table.displayName} has {max_row - min_row} rows: over the limit",
                f"Tabel {table.displayName} (sheet '{sheet.title}') berjangkauan {max_row - min_row:,} baris "
                f"(sampai baris {max_row}); batasnya {MAX_TABLE_ROWS:,}. Perkecil tabel (Desain Tabel → Ubah Ukuran "
                "Tabel).".replace(",", "."),
            )
        headers = tuple(sheet.cell(min_row, col).value for col in range(min_col, max_col + 1))
        last_row = max_row - (table.totalsRowCount or 0)  # a Total Row is not data
        return cls(sheet, table, min_row, min_row + 1, last_row, min_col, headers)

    def column_of(self, header: str) -> int:
        return self.first_column + layout.column_index(self.headers, header, self.table.displayName)

    @property
    def last_column(self) -> int:
        return self.first_column + len(self.headers) - 1


def named_cells(book: Workbook, names: Iterable[str]) -> tuple[dict[str, Cell], dict[str, str]]:
    """The cell each of ``names`` points at, found as Excel finds names (case-insensitively).

    Also returns the names that point elsewhere (a range, another workbook, #REF!), with what
    they refer to; names the workbook does not define are in neither.
    """
    by_key = {name.casefold(): defined for name, defined in book.defined_names.items()}
    cells: dict[str, Cell] = {}
    broken: dict[str, str] = {}
    for name in names:
        defined = by_key.get(name.casefold())
        if defined is None:
            continue
        destinations = list(defined.destinations)
        if len(destinations) != 1 or destinations[0][0] not in book.sheetnames or ":" in destinations[0][1]:
            broken[name] = str(defined.attr_text)
            continue
        sheet_name, coordinate = destinations[0]
        cells[name] = book[sheet_name][coordinate.replace("$", "")]
    return cells, broken


def read_settings(book: Workbook, values: CellValues | None = None) -> tuple[Settings, tuple[str, ...]]:
    """``commands.read_settings`` on a loaded workbook (for the readers that only read: consolidate, the import)."""
    return commands.read_settings(FileBook(book, values))


def read_counts(book: Workbook, settings: Settings, values: CellValues | None = None) -> tuple[list[CountRow], str]:
    """``commands.read_counts`` on a loaded workbook."""
    return commands.read_counts(FileBook(book, values), settings)


def document_settings(book: Workbook) -> dict[str, object]:
    """``commands.document_settings`` on a loaded workbook."""
    return commands.document_settings(FileBook(book))


def write_page_headers(book: Workbook) -> None:
    """Every printed page names the office, as Pengaturan says it (``FileBook.page_heads``)."""
    office = document_settings(book).get("office")
    if isinstance(office, str) and office.strip():
        FileBook(book).page_heads(office.strip())


def write_document(sheet: Worksheet, lines: Sequence[DocumentLine], styled: bool = False) -> None:
    """The decision page's lines above its table, each row as tall as its text; ``styled`` (the template builder)
    also gives each line its look and merges its cells."""
    last_column = max((line.columns[1] for line in lines), default=1)
    widths = [sheet.column_dimensions[get_column_letter(c)].width or 8.43 for c in range(1, last_column + 1)]
    for line in lines:
        first, last = line.columns
        cell = sheet.cell(line.row, first)
        look = styles.DOCUMENT_LOOKS[line.look]
        if styled:
            if last > first:
                sheet.merge_cells(start_row=line.row, start_column=first, end_row=line.row, end_column=last)
            cell.font, cell.alignment = look.font, look.alignment
        write_cell(cell, line.value)
        width = sum(widths[first - 1 : last]) * look.characters_per_unit
        lines_ = styles.lines_needed(line.text, width) if line.text else 1
        if styled:
            lines_ = max(lines_, styles.DOCUMENT_ROOM.get(line.look, 1))
        sheet.row_dimensions[line.row].height = (
            look.line_points * lines_ if lines_ > 1 or look.line_points != 15.0 else None
        )


def _holds_table(sheet: Worksheet, name: str) -> bool:
    return any(table.casefold() == name.casefold() for table in sheet.tables)


def set_table_ref(table: Table, ref: str) -> None:
    """Give a table its new range; its filter buttons cover the same range (Excel repairs a file where they differ)."""
    table.ref = ref
    if table.autoFilter is not None:
        table.autoFilter.ref = ref


def _own_copy(look: StyleArray | None) -> StyleArray | None:
    """A copy of a cell's style for another cell: cells sharing one would all change with the
    first quote-prefix written into any of them (the original's own cell included)."""
    return None if look is None else StyleArray(look)


def _series_references(sheet: Worksheet):
    """The cell references of every chart series on ``sheet`` (values and categories) that hold a formula."""
    for chart in sheet._charts:
        for series in chart.series:
            for reference in (
                series.val and series.val.numRef,
                series.cat and (series.cat.strRef or series.cat.numRef),
            ):
                if reference is not None and reference.f:
                    yield reference


def _extend_chart_references(book: Workbook, sheet_title: str, first_row: int, new_last: int) -> None:
    """Charts drawing a table's body rows follow it when it grows (as Excel's charts follow a table)."""
    # the sheet may be named with or without quotes: 'Realisasi'!$B$5:$B$12 or Realisasi!$B$5:$B$12
    sheet = "(?:'" + re.escape(sheet_title.replace("'", "''")) + "'|" + re.escape(sheet_title) + ")"
    pattern = re.compile("(" + sheet + r"!\$[A-Z]+\$" + str(first_row) + r":\$[A-Z]+\$)\d+\b")
    for chart_sheet in book.worksheets:
        followed = False
        for reference in _series_references(chart_sheet):
            reference.f, changes = pattern.subn(lambda m: f"{m.group(1)}{new_last}", reference.f)
            followed = followed or bool(changes)
        if followed:  # the charts' height follows the number of satker too
            fit_to_satker(chart_sheet._charts, new_last - first_row + 1)


# -- a sheet written whole from a plan ---------------------------------------------------------

_TOP = Alignment(vertical="top")
_FONTS: dict[str, Font] = {
    "title": styles.TITLE_FONT,
    "note": styles.NOTE_FONT,
    "heading": styles.HEADING_FONT,
    "label": styles.BOLD,
    "total": styles.BOLD,
    "group": styles.BOLD,
}


def sheet_named(book: Workbook, name: str, after: str | None = None) -> Worksheet:
    """The sheet called ``name`` (case ignored, as Excel does); when absent, created right after the sheet
    ``after`` if the workbook has it, else before xlwings.conf."""
    for sheet in book.worksheets:
        if sheet.title.casefold() == name.casefold():
            return sheet
    index = len(book.sheetnames)
    for position, title in enumerate(book.sheetnames):
        if title.casefold() == layout.SHEET_XLWINGS_CONF.casefold():
            index = position
    for position, title in enumerate(book.sheetnames):
        if after is not None and title.casefold() == after.casefold():
            index = position + 1
    return book.create_sheet(name, index)


def render_plan(book: Workbook, plan: port.SheetPlan, after: str | None = None) -> Worksheet:
    """Write ``plan`` on its sheet, replacing what the sheet held (a command owns it whole); a new sheet goes
    after ``after`` (``sheet_named``)."""
    sheet = sheet_named(book, plan.name, after)
    for name in list(sheet.tables):
        del sheet.tables[name]
    for merged in list(sheet.merged_cells.ranges):  # deleting rows leaves merged ranges behind
        sheet.unmerge_cells(str(merged))
    if sheet.max_row > 1 or sheet.max_column > 1 or sheet["A1"].value is not None:
        sheet.delete_rows(1, sheet.max_row)
    sheet.merged_cells = MultiCellRange()  # the note's earlier merge (openpyxl keeps merges of deleted rows)
    for row in list(sheet.row_dimensions):  # heights of the rows as they were before stay otherwise
        del sheet.row_dimensions[row]
    sheet.row_breaks = RowBreak()
    # Setting a style looks it up among the workbook's styles, which is slow; cells that look alike share one.
    looks: dict[tuple[str, str | None, int, bool], StyleArray] = {}
    for block in plan.blocks:
        formats = dict(block.formats)
        for row_offset, line in enumerate(block.values):
            for column_offset, value in enumerate(line):
                cell = sheet.cell(block.row + row_offset, block.column + column_offset)
                column = block.column + column_offset
                look = (block.style, formats.get(column_offset), column, column in plan.wrap)
                if look in looks:
                    cell._style = copy(looks[look])
                else:
                    _style(cell, plan, block.style, formats.get(column_offset))
                    looks[look] = copy(cell._style)
                write_cell(cell, value)
        if block.style == "header":
            sheet.row_dimensions[block.row].height = _header_height(block, plan.widths)
        elif block.style in ("body", "group") and plan.wrap:
            for row_offset, line in enumerate(block.values):
                lines = max(
                    (
                        wrapped_lines(line[column - block.column], plan.widths[column - 1])
                        for column in plan.wrap
                        if 0 <= column - block.column < len(line)
                    ),
                    default=1,
                )
                if lines > 1:
                    sheet.row_dimensions[block.row + row_offset].height = 15.0 * lines
    for table in plan.tables:
        add_table(sheet, table.name, table.headers, table.header_row, table.last_row)
    for index, width in enumerate(plan.widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row, first, last in plan.merged:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
        sheet.cell(row, first).alignment = styles.WRAP
        width = sum(plan.widths[first - 1 : last])
        lines = styles.lines_needed(str(sheet.cell(row, first).value or ""), width * 1.1)
        sheet.row_dimensions[row].height = 15.0 * lines if lines > 1 else None
    for row, height in plan.heights:
        sheet.row_dimensions[row].height = height
    if plan.break_before:
        sheet.row_breaks.append(Break(id=plan.break_before - 1))
    if not plan.document:
        sheet.freeze_panes = f"A{layout.TABLE_HEADER_ROW + 1}"
    if isinstance(sheet["A2"].value, str) and "A2" not in sheet.merged_cells:
        spread_note(sheet, min(sheet.max_column, 6))  # a note left to overflow runs past the printed page
    if plan.document:
        styles.print_layout(sheet, landscape=plan.landscape, office=plan.office)
    else:
        styles.print_layout(
            sheet, landscape=plan.landscape, header_row=layout.TABLE_HEADER_ROW, parts="auto", repeat_columns=(1, 1)
        )
    if _tables_empty(plan):
        styles.print_nothing(sheet)  # no import yet: pages of empty tables and explanations are paper wasted
    return sheet


def _tables_empty(plan: port.SheetPlan) -> bool:
    """Whether every table of the plan has no data (before any import)."""
    bodies = [block for block in plan.blocks if block.style == "body" and block.row == layout.TABLE_HEADER_ROW + 1]
    return bool(plan.tables) and all(value in (None, "") for block in bodies for line in block.values for value in line)


def _style(cell, plan: port.SheetPlan, style: str, number_format: str | None) -> None:
    if style == "header":
        styles.header_look(cell)
    elif style == "paragraph":
        cell.alignment = styles.WRAP
    elif style in ("body", "total", "group"):
        cell.border = styles.BOX
        if cell.column in plan.wrap:
            cell.alignment = styles.WRAP
        elif plan.wrap:
            cell.alignment = _TOP  # beside a wrapped cell, text sits at the top like it
    if style in _FONTS:
        cell.font = _FONTS[style]
    if number_format:
        cell.number_format = number_format


def wrapped_lines(text: object, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide (a generous estimate)."""
    if text is None:
        return 1
    return max(1, math.ceil(len(str(text)) / max(width * 0.95 - 1, 1)))


def _header_height(block: port.Block, widths: Sequence[float]) -> float:
    """A header row tall enough for its longest wrapped title (openpyxl cannot measure text)."""
    lines = max(
        wrapped_lines(value, widths[block.column + offset - 1] if block.column + offset - 1 < len(widths) else 10)
        for offset, value in enumerate(block.values[0])
    )
    return 15.0 * max(lines, 2) + 2


def _move_chart_columns(book: Workbook, sheet_title: str, moved: Mapping[int, int]) -> None:
    """Charts drawing a table's columns follow them when the table's columns move (a new period), by header."""
    sheet = "(?:'" + re.escape(sheet_title.replace("'", "''")) + "'|" + re.escape(sheet_title) + ")"
    pattern = re.compile("(" + sheet + r"!\$)([A-Z]+)(\$\d+:\$)([A-Z]+)(\$\d+)")

    def follow(match: re.Match) -> str:
        first, last = (column_index_from_string(match[i]) for i in (2, 4))
        if first != last or first not in moved:
            return match[0]
        letter = get_column_letter(moved[first])
        return f"{match[1]}{letter}{match[3]}{letter}{match[5]}"

    for chart_sheet in book.worksheets:
        for reference in _series_references(chart_sheet):
            reference.f = pattern.sub(follow, reference.f)


# -- the port --------------------------------------------------------------------------------------


class FileBook:
    """The workbook port (``port.WorkbookPort``) on a workbook loaded with openpyxl.

    Reads give what a reader means (``CellValues``); writes go through ``write_cell``, style the rows
    a table grows into like its first row, and fit row heights to wrapped text (Excel would; openpyxl
    and LibreOffice do not). Saving stays with the caller (``save``).
    """

    def __init__(self, book: Workbook, values: CellValues | None = None) -> None:
        self.book = book
        self.values = values or CellValues(book)

    def _sheet(self, title: str) -> Worksheet:
        return self.book[title]

    def table(self, name: str, read: Sequence[str | int] = (), below: bool = False) -> port.Table:
        sheet, table = find_table(self.book, name)
        area = TableArea.of(sheet, table)
        positions = port.columns_wanted(area.headers, read, table.displayName)
        columns = [area.first_column + position for position in positions]
        body = ()
        if columns:
            body = tuple(
                tuple(self.values(sheet, row, column) for column in columns)
                for row in range(area.first_row, area.last_row + 1)
            )
        under: tuple[object, ...] = ()
        if below:
            row = area.last_row + 1 + (table.totalsRowCount or 0)
            under = tuple(sheet.cell(row, column).value for column in range(area.first_column, area.last_column + 1))
        return port.Table(
            table.displayName,
            sheet.title,
            area.header_row,
            area.first_column,
            area.headers,
            area.last_row - area.header_row,
            bool(table.totalsRowCount),
            tuple(positions),
            body,
            under,
        )

    def named_values(self, names: Iterable[str]) -> tuple[dict[str, object], dict[str, str]]:
        cells, broken = named_cells(self.book, names)
        return {name: self.values(cell.parent, cell.row, cell.column) for name, cell in cells.items()}, broken

    def read_block(self, sheet: str, first_row: int, first_column: int, last_row: int, last_column: int) -> list[list]:
        rows = self._sheet(sheet).iter_rows(
            min_row=first_row, max_row=last_row, min_col=first_column, max_col=last_column, values_only=True
        )
        return [list(row) for row in rows]

    def merged(self, sheet: str, first_row: int, first_column: int, last_row: int, last_column: int) -> list:
        return [range_boundaries(str(merged)) for merged in self._sheet(sheet).merged_cells.ranges]

    def last_used_row(self, sheet: str, first_column: int, last_column: int, from_row: int) -> int:
        found = self._sheet(sheet)
        used = [
            row
            for row in range(from_row, found.max_row + 1)
            if any(found.cell(row, column).value not in (None, "") for column in range(first_column, last_column + 1))
        ]
        return max(used, default=from_row - 1)

    def write_rows(self, write: port.RowsWrite) -> None:
        sheet, table = find_table(self.book, write.table)
        area = TableArea.of(sheet, table)
        first_column = write.first_column or area.first_column
        width = max((len(row) for row in write.block), default=0)
        columns = range(first_column, first_column + width)
        # the looks are taken before anything is written: a write may give a cell its quote prefix
        grown_look = [_own_copy(sheet.cell(area.first_row, column)._style) for column in columns]
        below_look = [_own_copy(sheet.cell(area.header_row - 1, column)._style) for column in columns]
        moved = self._moved_looks(sheet, area, write, columns)
        old_headers = area.headers
        for row, values in enumerate(write.block, start=write.first_row):
            look = grown_look if row in write.grown else below_look if row in write.below else None
            for index, (column, value) in enumerate(zip(columns, values)):
                cell = sheet.cell(row, column)
                if look is not None:
                    cell._style = _own_copy(look[index])
                elif (row, index) in moved:
                    cell._style = _own_copy(moved[row, index])
                write_cell(cell, value)
        if write.ref is not None:
            set_table_ref(table, write.ref)
        if write.looks_from is not None and write.first_row <= area.header_row <= write.last_row:
            self._name_columns(sheet, table)
            new = {layout.header_key(h): c for c, h in enumerate(TableArea.of(sheet, table).headers, area.first_column)}
            moved_columns = {
                column: new[layout.header_key(header)]
                for column, header in enumerate(old_headers, area.first_column)
                if layout.header_key(header) in new
            }
            _move_chart_columns(self.book, sheet.title, moved_columns)
            if table.displayName.casefold() == layout.TABLE_REALISATION.casefold():  # the one table whose columns move
                self._realisation_looks(sheet, area.header_row, area.first_column, TableArea.of(sheet, table).headers)
        if write.follow_charts:
            _extend_chart_references(self.book, sheet.title, area.first_row, write.last_row)
        if write.prints:
            sheet.print_area = None
        if write.fit:
            styles.fit_row_heights(sheet, write.fit[0], write.fit[-1])
        for row, (column, text) in write.fit_text.items():
            lines = styles.lines_needed(text, sheet.column_dimensions[get_column_letter(column)].width or 8.43)
            sheet.row_dimensions[row].height = 15.0 * lines if lines > 1 else None

    @staticmethod
    def _realisation_looks(sheet: Worksheet, header_row: int, first_column: int, headers: Sequence[object]) -> None:
        """Realisasi's colours, validation and printed parts made again for its new columns (the template's own)."""
        from openpyxl.worksheet.pagebreak import ColBreak

        styles.realisation_marks(sheet, headers, header_row, first_column)
        sheet.col_breaks = ColBreak()
        parts = styles.realisation_parts(headers, first_column)
        styles.print_layout(
            sheet, landscape=True, header_row=header_row, parts=parts, repeat_columns=(first_column, first_column + 1)
        )

    @staticmethod
    def _moved_looks(sheet: Worksheet, area: TableArea, write: port.RowsWrite, columns: range) -> dict:
        """For a table whose columns change: each written cell's new look, (row, column offset) -> style, taken
        from the column it comes from before anything is written; the columns' widths follow too."""
        if write.looks_from is None:
            return {}
        looks = {}
        widths = {}
        for index, source in enumerate(write.looks_from):
            if source is None:  # a column the table gives up: plain again, or it would still print as used
                widths[columns[index]] = None
                for row in range(write.first_row, write.last_row + 1):
                    looks[row, index] = StyleArray()
                continue
            column = area.first_column + source
            widths[columns[index]] = sheet.column_dimensions[get_column_letter(column)].width
            for row in range(write.first_row, write.last_row + 1):
                looks[row, index] = _own_copy(sheet.cell(row, column)._style)
        for column, width in widths.items():
            if width is None:  # the sheet's default width
                sheet.column_dimensions.pop(get_column_letter(column), None)
            else:
                sheet.column_dimensions[get_column_letter(column)].width = width
        return looks

    @staticmethod
    def _name_columns(sheet: Worksheet, table: Table) -> None:
        """The table's columns named by its header row, as Excel names them when a header cell changes."""
        min_col, min_row, max_col, _ = range_boundaries(table.ref)
        old = {column.name: column for column in table.tableColumns}
        table.tableColumns = [
            old.get(str(sheet.cell(min_row, column).value))
            or TableColumn(id=0, name=str(sheet.cell(min_row, column).value))
            for column in range(min_col, max_col + 1)
        ]
        for number, column in enumerate(table.tableColumns, start=1):
            column.id = number

    def set_choices(self, name: str, choices: Sequence[str]) -> None:
        cell = named_cells(self.book, [name])[0].get(name)
        if cell is None:
            return
        sheet = cell.parent
        for rule in sheet.data_validations.dataValidation:
            if rule.type == "list" and cell.coordinate in rule.sqref:
                rule.formula1 = '"' + ",".join(choices) + '"'
        if cell.value not in choices and choices:
            write_cell(cell, choices[0])

    def write_cells(self, sheet: str, cells: Mapping[tuple[int, int], object]) -> None:
        found = self._sheet(sheet)
        for (row, column), value in cells.items():
            write_cell(found.cell(row, column), value)

    def write_name(self, name: str, value: object) -> None:
        cell = named_cells(self.book, [name])[0].get(name)
        if cell is not None:
            write_cell(cell, value)

    def write_lines(self, sheet: str, lines: Sequence[DocumentLine]) -> None:
        write_document(self._sheet(sheet), lines)

    def has_sheet(self, name: str) -> bool:
        return any(title.casefold() == name.casefold() for title in self.book.sheetnames)

    def replace_sheet(self, plan: port.SheetPlan, hidden: bool = False, after: str | None = None) -> None:
        made = not self.has_sheet(plan.name)
        sheet = render_plan(self.book, plan, after)
        if made and hidden:
            sheet.sheet_state = "hidden"

    def page_heads(self, office: str) -> None:
        for sheet in self.book.worksheets:
            # the decision page carries its own letterhead: its pages have no head
            if sheet.sheet_state == "visible" and not _holds_table(sheet, layout.TABLE_DECISION):
                styles.header_footer(sheet, office)

    def ensure_sheet(self, spec: port.SheetSpec) -> bool:
        try:
            find_table(self.book, spec.table)
            return False
        except LayoutError:
            pass
        if spec.sheet.casefold() in (title.casefold() for title in self.book.sheetnames):
            raise sheet_taken(spec)
        table_sheet(self.book, spec)
        return True


def sheet_taken(spec: port.SheetSpec) -> LayoutError:
    """The sheet a command would make exists without its table: it is someone's own, never written over."""
    return LayoutError(
        f"sheet {spec.sheet!r} exists without table {spec.table}",
        f"Sheet '{spec.sheet}' sudah ada tetapi tidak memuat tabel {spec.table}. Ganti nama sheet itu (isinya tidak "
        "diubah), lalu ulangi; sheet baru akan dibuat.",
    )


def save(book: Workbook, target: str | os.PathLike, source: str | os.PathLike | None = None) -> Path:
    """Save ``book`` to ``target`` atomically, keeping the ribbon of the file it was opened from (or ``source``'s).

    The formulas this package knows get the values Excel computes for them now (``stored_values``).
    """
    from .stored_values import refresh  # it reads tables through this module: imported here, not at the top

    refresh(book)
    relationships = getattr(book, "_xl_addin_ribbon", None)
    if book.vba_archive is None:
        relationships = []  # no VBA project kept (the email copy drops it): no ribbon either
    elif relationships is None and source is not None and zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as original:
            relationships = ribbon_relationships(original)
    try:
        data = workbook_bytes(book, relationships, getattr(book, "_xl_addin_bytes", None))
    except OverflowError:  # openpyxl cannot write a whole number beyond a double's range
        raise _unwritable_number(book) from None
    return write_bytes_atomic(target, data)


def _unwritable_number(book: Workbook) -> FileError:
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, int) and not isinstance(value, bool) and abs(value) > sys.float_info.max:
                    digits = len(str(abs(value)))
                    return FileError(
                        f"cell {sheet.title}!{cell.coordinate} holds a {digits}-digit number no spreadsheet stores",
                        f"Sel {cell.coordinate} di sheet '{sheet.title}' berisi angka {digits} digit, di luar batas "
                        "Excel, sehingga file tidak dapat disimpan. Perbaiki isi sel itu lalu ulangi; tidak ada file "
                        "yang diubah.",
                    )
    return FileError(
        "a value in the workbook cannot be written",
        "Ada nilai di workbook yang tidak dapat disimpan; tidak ada file yang diubah.",
    )


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while one workbook is loaded, changed and saved.

    openpyxl keeps several objects per cell alive until the save, and the collector would walk
    them all again and again as they pile up: a sixth of a 2,600-satker fill (more in a process
    holding other objects), freeing nothing, since the peak memory is the same. Collection resumes
    afterwards as usual.
    """
    if not gc.isenabled():  # paused already (by the caller, or an outer pause): leave it so
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def output_path(path: Path, out: str | os.PathLike | None, example: str) -> Path:
    """Where a command on the workbook ``path`` saves: ``out``, else ``path`` itself. Refused when ``out`` is a
    folder (``example``: the file name the message suggests in it) or changes the extension (an .xlsm saved as
    .xlsx would lose its buttons)."""
    destination = Path(out) if out is not None else path
    if out is not None and is_folder(destination):
        raise FileError(
            f"{destination} is a folder",
            f"'{destination}' adalah folder; sebutkan nama file, misalnya {destination / (example + path.suffix)}.",
        )
    if destination.suffix.lower() != path.suffix.lower():
        raise FileError(
            f"output must keep the extension {path.suffix}: {destination}",
            f"File hasil harus berekstensi {path.suffix} seperti file asal.",
        )
    return destination


def fill(path: str | os.PathLike, out: str | os.PathLike | None = None) -> Outcome:
    """Read counts and settings from ``path``, write the targets, save to ``out`` (default: in place)."""
    path = Path(path)
    destination = output_path(path, out, "hasil")
    with collector_paused():
        book = open_workbook(path)
        outcome = commands.fill(FileBook(book))
        save(book, destination)
        if book.vba_archive is not None:
            # openpyxl never closes its in-memory copy of the package; left to the collector, which may
            # close its buffer first, it prints "Exception ignored in ZipFile.__del__" on stderr
            book.vba_archive.close()
    log.info("filled %d targets (%d with problems) into %s", len(outcome.targets), len(outcome.problems), destination)
    return outcome
