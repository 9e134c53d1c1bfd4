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
import os
import re
import sys
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from openpyxl.cell.cell import Cell
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableFormula
from openpyxl.worksheet.worksheet import Worksheet

from . import layout, styles
from .cells import (
    TOTALS_ROW_NOTICE,
    DecisionPage,
    Formula,
    RealisationUpdate,
    TableResize,
    decision_not_updated,
    decision_target_letters,
    excel_could_misread,
    realisation_not_updated,
    target_letters,
    target_table,
)
from .errors import FileError, LayoutError, os_error_reason, shown_name, table_missing, totals_row_not_allowed
from .indonesian import format_number
from .package import (
    MAX_UNPACKED_BYTES,
    check_package,
    is_folder,
    ribbon_relationships,
    workbook_bytes,
    write_bytes_atomic,
)
from .plan import (
    EXCEL_ERRORS,
    CellError,
    CountRow,
    Outcome,
    Settings,
    TargetRow,
    UncalculatedFormula,
    comparison_with_old_rule,
    outside_table_notice,
    plan_targets,
    settings_from_named_cells,
)

__all__ = [
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
    "write_cell",
    "write_targets",
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
    edited gets Excel's quote-prefix (the apostrophe a clerk would type).
    """
    if isinstance(value, Formula):
        cell.value = str(value)
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
    sheet.row_dimensions[row].height = 32  # two lines of wrapped header text
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
) -> Table:
    """An Excel table from ``header_row`` to ``last_row`` (columns from A), as Excel itself writes one.

    ``totals`` (header → label text or ``Formula``) adds a totals row below ``last_row``:
    its cells are written, and each column says what its totals cell holds
    (``totalsRowLabel``, or ``custom`` with its ``totalsRowFormula``), and the
    autoFilter stops above it, as Excel requires.
    """
    last_column = get_column_letter(len(headers))
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
            write_cell(sheet.cell(total_row, index), value).font = styles.BOLD
        columns.append(column)
    table = Table(
        displayName=name,
        ref=f"A{header_row}:{last_column}{total_row}",
        autoFilter=AutoFilter(ref=f"A{header_row}:{last_column}{last_row}") if filter_buttons else None,
        tableStyleInfo=styles.TABLE_STYLE,
        totalsRowCount=1 if totals is not None else None,
    )
    table.tableColumns = columns
    sheet.add_table(table)
    return table


def sum_above(column: int, first_row: int) -> Formula:
    """SUBTOTAL of a column from ``first_row`` to the row above this one: right after rows are added or removed."""
    letter = get_column_letter(column)
    return Formula(f"=SUBTOTAL(109,{letter}${first_row}:INDEX({letter}:{letter},ROW()-1))")


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
    """Settings from the workbook's defined names, and the names that are absent (their defaults are used)."""
    values = values or CellValues(book)
    cells, broken = named_cells(book, [setting.defined_name for setting in layout.SETTINGS])
    found = {name: values(cell.parent, cell.row, cell.column) for name, cell in cells.items()}
    settings, missing = settings_from_named_cells(found, broken)
    if missing:
        log.warning("defined names absent, defaults used: %s", ", ".join(missing))
    return settings, missing


def read_counts(book: Workbook, settings: Settings, values: CellValues | None = None) -> tuple[list[CountRow], str]:
    """The counts table as rows, and a notice when a row just below the table holds data."""
    values = values or CellValues(book)
    area = TableArea.of(*find_table(book, layout.TABLE_COUNTS))
    sheet = area.sheet
    name_column = area.column_of(layout.COLUMN_SATKER)
    month_columns = [area.column_of(month) for month in settings.base_months]
    rows = [
        CountRow(
            values(sheet, row, name_column),
            [values(sheet, row, column) for column in month_columns],
            source_row=row,
        )
        for row in range(area.first_row, area.last_row + 1)
    ]
    below = area.last_row + 1 + (area.table.totalsRowCount or 0)
    outside = [sheet.cell(below, column).value for column in range(area.first_column, area.last_column + 1)]
    return rows, outside_table_notice(layout.TABLE_COUNTS, sheet.title, below, outside)


# -- writing ---------------------------------------------------------------------------------


def write_targets(book: Workbook, targets: list[TargetRow], settings: Settings, use_names: bool) -> TableArea:
    """Write the targets into the TargetResponden table and resize it to one row per satker.

    What to write, clear and refuse is decided in ``cells`` (shared with the ribbon);
    this function only reads and writes the cells.
    """
    sheet, table = find_table(book, layout.TABLE_TARGETS)
    if table.totalsRowCount:
        raise totals_row_not_allowed(layout.TABLE_TARGETS)
    area = TableArea.of(sheet, table)
    for header in layout.REQUIRED_TARGET_HEADERS:
        area.column_of(header)  # a missing required column is an error
    resize = TableResize.plan(
        layout.TABLE_TARGETS,
        sheet.title,
        area.header_row,
        area.first_column,
        len(area.headers),
        area.last_row,
        len(targets),
    )
    grown = _grown_cells(sheet, resize)
    block = resize.padded(target_table(targets, area.headers, resize.first_row, settings, use_names))
    kept = [_row_cells(sheet, resize, row) for row in range(resize.first_row, resize.new_rows.start)]
    for cells, values in zip(kept + grown, block):
        for cell, value in zip(cells, values):
            write_cell(cell, value)
    set_table_ref(table, resize.ref)
    styles.fit_row_heights(sheet, resize.first_row, resize.rows_written[-1])  # the notes wrap over several lines
    # Excel recomputes the check formulas when the file opens; openpyxl stores no cached values.
    book.calculation.fullCalcOnLoad = True
    return TableArea.of(sheet, table)


def set_table_ref(table: Table, ref: str) -> None:
    """Give a table its new range; its filter buttons cover the same range (Excel repairs a file where they differ)."""
    table.ref = ref
    if table.autoFilter is not None:
        table.autoFilter.ref = ref


def _row_cells(sheet: Worksheet, resize: TableResize, row: int) -> list[Cell]:
    return [sheet.cell(row, column) for column in range(resize.first_column, resize.last_column + 1)]


def _grown_cells(sheet: Worksheet, resize: TableResize) -> list[list[Cell]]:
    """The cells of the rows a table grows into, styled like its first row.

    Refused when merged cells cross the rows the table will span, or any grown cell holds something.
    """
    resize.check_merged([range_boundaries(str(merged)) for merged in sheet.merged_cells.ranges])
    grown = [_row_cells(sheet, resize, row) for row in resize.new_rows]
    resize.check_growth([[cell.value for cell in cells] for cells in grown])
    looks = [cell._style for cell in _row_cells(sheet, resize, resize.first_row)]
    for cells in grown:
        for cell, look in zip(cells, looks):
            cell._style = _own_copy(look)
    return grown


def _own_copy(look: StyleArray | None) -> StyleArray | None:
    """A copy of a cell's style for another cell: cells sharing one would all change with the
    first quote-prefix written into any of them (the original's own cell included)."""
    return None if look is None else StyleArray(look)


def update_realisation(book: Workbook, targets: list[TargetRow], settings: Settings) -> list[str]:
    """Add Realisasi rows for new satker and note rows whose satker is gone; typed numbers are never touched.

    Returns notices for the user. A workbook without the Realisasi table has nothing to follow.
    """
    try:
        sheet, table = find_table(book, layout.TABLE_REALISATION)
    except LayoutError:
        return []
    try:
        return _update_realisation(book, sheet, table, targets, settings)
    except LayoutError as error:  # the targets are still filled; the user is told why Realisasi was not
        return [realisation_not_updated(error)]


def _update_realisation(book: Workbook, sheet: Worksheet, table: Table, targets, settings: Settings) -> list[str]:
    area = TableArea.of(sheet, table)
    area.column_of(layout.COLUMN_TARGET)  # new rows look their target up: the column must be there
    name_column = area.column_of(layout.COLUMN_SATKER)
    values = CellValues(book)
    existing = [values(sheet, row, name_column) for row in range(area.first_row, area.last_row + 1)]
    update = RealisationUpdate.plan(existing, [t.satker for t in targets])
    try:
        note_column = area.column_of(layout.COLUMN_NOTE)
    except LayoutError:  # a Realisasi table from before the notes: rows are still added
        note_column = None
    if note_column is not None:
        for row, note in zip(range(area.first_row, area.last_row + 1), update.notes):
            write_cell(sheet.cell(row, note_column), note)
    if not update.new_names:
        return []
    if table.totalsRowCount:
        return [TOTALS_ROW_NOTICE]
    resize = TableResize.plan(
        layout.TABLE_REALISATION,
        sheet.title,
        area.header_row,
        area.first_column,
        len(area.headers),
        area.last_row,
        len(existing) + len(update.new_names),
    )
    grown = _grown_cells(sheet, resize)
    target_area = TableArea.of(*find_table(book, layout.TABLE_TARGETS))  # new rows look up its actual columns
    letters = target_letters(target_area.headers, target_area.first_column)
    block = update.rows(area.headers, area.first_column, resize.new_rows.start, settings.target_months, letters)
    for cells, row_values in zip(grown, block):
        for cell, value in zip(cells, row_values):
            write_cell(cell, value)
    set_table_ref(table, resize.ref)
    _extend_chart_references(book, sheet.title, area.first_row, resize.new_last_row)
    styles.fit_row_heights(sheet, resize.new_rows.start, resize.new_last_row)
    return []


def _extend_chart_references(book: Workbook, sheet_title: str, first_row: int, new_last: int) -> None:
    """Charts drawing a table's body rows follow it when it grows (as Excel's charts follow a table)."""
    # the sheet may be named with or without quotes: 'Realisasi'!$B$5:$B$12 or Realisasi!$B$5:$B$12
    sheet = "(?:'" + re.escape(sheet_title.replace("'", "''")) + "'|" + re.escape(sheet_title) + ")"
    pattern = re.compile("(" + sheet + r"!\$[A-Z]+\$" + str(first_row) + r":\$[A-Z]+\$)\d+\b")
    for chart_sheet in book.worksheets:
        for chart in chart_sheet._charts:
            for series in chart.series:
                for reference in (
                    series.val and series.val.numRef,
                    series.cat and (series.cat.strRef or series.cat.numRef),
                ):
                    if reference is not None and reference.f:
                        reference.f = pattern.sub(lambda m: f"{m.group(1)}{new_last}", reference.f)


def write_summary(book: Workbook, text: str) -> None:
    """The comparison with the old rule, in its named cell (when the workbook has one)."""
    cell = named_cells(book, [layout.NAME_TARGET_SUMMARY])[0].get(layout.NAME_TARGET_SUMMARY)
    if cell is not None:
        write_cell(cell, text or None)


def update_decision(book: Workbook, targets: list[TargetRow]) -> list[str]:
    """Keep the decision page's table one row per satker and its signature block right below it."""
    try:
        sheet, table = find_table(book, layout.TABLE_DECISION)
    except LayoutError:
        return []  # a workbook from before the decision page
    try:
        target_area = TableArea.of(*find_table(book, layout.TABLE_TARGETS))
        letters = decision_target_letters(target_area.headers, target_area.first_column)
    except LayoutError as error:
        return [decision_not_updated(error)]
    area = TableArea.of(sheet, table)
    columns = range(area.first_column, area.first_column + len(layout.DECISION_HEADERS))
    used = [
        row
        for row in range(area.first_row, sheet.max_row + 1)
        if any(sheet.cell(row, column).value not in (None, "") for column in columns)
    ]
    page = DecisionPage(area.header_row, max(used, default=area.last_row), len(targets))
    body_look = [_own_copy(sheet.cell(page.first_row, column)._style) for column in columns]  # before any write
    below_look = [_own_copy(sheet.cell(area.header_row - 1, column)._style) for column in columns]
    for row, values in enumerate(page.block(target_area.first_row, letters), start=page.first_row):
        looks = body_look if row <= page.last_row else below_look
        for column, value, look in zip(columns, values, looks):
            cell = sheet.cell(row, column)
            if row > page.first_row:
                cell._style = _own_copy(look)
            write_cell(cell, value)
    set_table_ref(table, page.ref)
    # the rows show the satker's names through formulas: their heights follow the names they show
    name_width = sheet.column_dimensions[get_column_letter(area.first_column + 1)].width or 8.43
    for row, target in zip(range(page.first_row, page.last_row + 1), targets):
        lines = styles.lines_needed(target.name, name_width)
        sheet.row_dimensions[row].height = 15.0 * lines if lines > 1 else None
    return []


def document_settings(book: Workbook) -> dict[str, object]:
    """The Pengaturan cells for documents (office name, signer, time zone), by field; absent ones are left out."""
    values = CellValues(book)
    cells, _broken = named_cells(book, [setting.defined_name for setting in layout.DOCUMENT_SETTINGS])
    return {
        setting.field: values(cell.parent, cell.row, cell.column)
        for setting in layout.DOCUMENT_SETTINGS
        if (cell := cells.get(setting.defined_name)) is not None
    }


def write_page_headers(book: Workbook) -> None:
    """Every printed page names the office, as Pengaturan says it (the template says where to type it)."""
    office = document_settings(book).get("office")
    if isinstance(office, str) and office.strip():
        for sheet in book.worksheets:
            if sheet.sheet_state == "visible":
                styles.header_footer(sheet, office.strip())


def write_fill(book: Workbook, targets: list[TargetRow], settings: Settings, use_names: bool) -> list[str]:
    """Everything a fill writes: the targets table, the Realisasi rows, the decision page, the comparison line.

    Returns notices for the user.
    """
    write_targets(book, targets, settings, use_names)
    notices = update_realisation(book, targets, settings)
    notices += update_decision(book, targets)
    write_summary(book, comparison_with_old_rule(targets))
    write_page_headers(book)
    return notices


def save(book: Workbook, target: str | os.PathLike, source: str | os.PathLike | None = None) -> Path:
    """Save ``book`` to ``target`` atomically, keeping the ribbon of the file it was opened from (or ``source``'s)."""
    relationships = getattr(book, "_xl_addin_ribbon", None)
    if book.vba_archive is None:
        relationships = []  # no VBA project kept (the email copy drops it): no ribbon either
    elif relationships is None and source is not None and zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as original:
            relationships = ribbon_relationships(original)
    try:
        data = workbook_bytes(book, relationships)
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


def fill(path: str | os.PathLike, out: str | os.PathLike | None = None) -> Outcome:
    """Read counts and settings from ``path``, write the targets, save to ``out`` (default: in place)."""
    path = Path(path)
    destination = Path(out) if out is not None else path
    if out is not None and is_folder(destination):
        raise FileError(
            f"{destination} is a folder",
            f"'{destination}' adalah folder; sebutkan nama file, misalnya {destination / ('hasil' + path.suffix)}.",
        )
    if destination.suffix.lower() != path.suffix.lower():
        raise FileError(
            f"output must keep the extension {path.suffix}: {destination}",
            f"File hasil harus berekstensi {path.suffix} seperti file asal.",
        )
    with collector_paused():
        book = open_workbook(path)
        values = CellValues(book)
        settings, missing = read_settings(book, values)
        rows, outside = read_counts(book, settings, values)
        targets = plan_targets(rows, settings)
        notices = write_fill(book, targets, settings, use_names=not missing)
        save(book, destination)
        if book.vba_archive is not None:
            # openpyxl never closes its in-memory copy of the package; left to the collector, which may
            # close its buffer first, it prints "Exception ignored in ZipFile.__del__" on stderr
            book.vba_archive.close()
    outcome = Outcome.of(targets, settings, missing=missing, notices=[outside, *notices])
    log.info("filled %d targets (%d with problems) into %s", len(targets), len(outcome.problems), destination)
    return outcome
