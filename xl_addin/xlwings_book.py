"""The workbook port on the workbook open in Excel, through xlwings (what the ribbon's commands run on).

Every read and write is a round trip to Excel, so they are made in bulk: a table in one read, the
named settings in one read per sheet, a block of rows in one write. The number of round trips per
command does not grow with the number of satker (``benchmarks/bench_ribbon.py`` counts them).
``excel_value`` is this adapter's one cell writer. Tests run it on xlwings' own remote engine
(``xw.Book(json=…)``), which carries values only: page setup and row heights are Excel's.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Mapping, Sequence

import xlwings as xw

from . import layout, port, styles
from .cells import DocumentLine, Formula, column_letter
from .errors import LayoutError, table_missing
from .plan import EXCEL_ERRORS, CellError

__all__ = ["LiveBook", "excel_value"]

log = logging.getLogger(__name__)


def excel_value(value: object) -> object:
    """A value as it must be handed to Excel so that Excel stores exactly it.

    Excel parses any string written through COM (or Office.js) as if typed: "=…"
    becomes a formula, "1.234" a number, "'x" loses its apostrophe. A leading
    apostrophe makes Excel store the rest as text, verbatim, so every text gets one;
    only a ``Formula`` this package built goes in as a formula.
    """
    if isinstance(value, Formula):
        return str(value)
    if isinstance(value, str):
        return "'" + value
    return value


def _block(rows: Sequence[Sequence[object]]) -> list[list[object]]:
    return [[excel_value(value) for value in row] for row in rows]


def read_values(cells: xw.Range) -> list[list[object]]:
    """Values of a range in one read; a cell showing an Excel error reads as ``CellError``, as in the file path."""

    def value(item: object) -> object:
        return CellError(item) if isinstance(item, str) and item in EXCEL_ERRORS else item

    return [[value(v) for v in row] for row in cells.options(ndim=2, err_to_str=True).value]


class LiveBook:
    """The workbook port (``port.WorkbookPort``) on an ``xlwings.Book``."""

    def __init__(self, book: xw.Book) -> None:
        self.book = book

    def _find(self, name: str):
        for sheet in self.book.sheets:
            for table in sheet.tables:
                if table.name.casefold() == name.casefold():
                    return sheet, table
        raise table_missing(name)

    def table(self, name: str, read: Sequence[str | int] = (), below: bool = False) -> port.Table:
        sheet, table = self._find(name)
        whole = table.range
        totals = bool(table.show_totals)
        if read or below:  # header, body, totals (and the row below) in one read
            block = read_values(whole.resize(whole.rows.count + 1) if below else whole)
            under = tuple(block.pop()) if below else ()
            if totals:
                block = block[:-1]
            headers, body = block[0], block[1:]
        else:  # the header row only: one small read
            headers, body, under = read_values(whole.resize(1))[0], [], ()
        indexes = port.columns_wanted(headers, read, table.name)
        return port.Table(
            table.name,
            sheet.name,
            whole.row,
            whole.column,
            tuple(headers),
            whole.rows.count - 1 - (1 if totals else 0),
            totals,
            tuple(indexes),
            tuple(tuple(row[index] for index in indexes) for row in body) if read else (),
            under,
        )

    def named_values(self, names: Iterable[str]) -> tuple[dict[str, object], dict[str, str]]:
        wanted = {name.casefold(): name for name in names}
        places, broken = {}, {}
        for defined in self.book.names:
            key = defined.name.casefold()
            if key not in wanted:
                continue
            try:
                place = defined.refers_to_range
            except Exception:  # a name that refers to no range (#REF!, a constant): Excel raises
                place = None
            if place is None or place.count != 1:
                broken[wanted[key]] = str(getattr(defined, "refers_to", "#REF!"))
                continue
            places[wanted[key]] = place
        found: dict[str, object] = {}
        for sheet_name in {place.sheet.name for place in places.values()}:  # one read per sheet
            here = {name: place for name, place in places.items() if place.sheet.name == sheet_name}
            top, left = min(p.row for p in here.values()), min(p.column for p in here.values())
            bottom, right = max(p.row for p in here.values()), max(p.column for p in here.values())
            block = read_values(self.book.sheets[sheet_name].range((top, left), (bottom, right)))
            for name, place in here.items():
                found[name] = block[place.row - top][place.column - left]
        return found, broken

    def read_block(self, sheet: str, first_row: int, first_column: int, last_row: int, last_column: int) -> list[list]:
        return read_values(self.book.sheets[sheet].range((first_row, first_column), (last_row, last_column)))

    def merged(self, sheet: str, first_row: int, first_column: int, last_row: int, last_column: int) -> list:
        """Excel tells only whether a range has merged cells (True, or None for some): the whole rectangle is
        reported then. xlwings' remote engine cannot tell at all."""
        cells = self.book.sheets[sheet].range((first_row, first_column), (last_row, last_column))
        try:
            merged = cells.merge_cells
        except (NotImplementedError, AttributeError):
            merged = False
        return [] if merged is False else [(first_column, first_row, last_column, last_row)]

    def last_used_row(self, sheet: str, first_column: int, last_column: int, from_row: int) -> int:
        found = self.book.sheets[sheet]
        last = found.used_range.last_cell.row
        if last < from_row:
            return from_row - 1
        block = read_values(found.range((from_row, first_column), (last, last_column)))
        used = [row for row, values in enumerate(block, start=from_row) if any(v not in (None, "") for v in values)]
        return max(used, default=from_row - 1)

    def write_rows(self, write: port.RowsWrite) -> None:
        sheet, table = self._find(write.table)
        first_column = write.first_column or table.range.column
        if write.ref is not None:
            table.resize(sheet.range(write.ref))
        if write.block:
            sheet.range((write.first_row, first_column)).value = _block(write.block)  # one write
        if write.prints:
            try:
                sheet.api.PageSetup.PrintArea = ""  # Excel's page setup (Windows); the remote engine has none
            except Exception as error:
                log.info("print area of %s not cleared: %s", sheet.name, type(error).__name__)
        if write.fit or write.fit_text:
            rows = [*write.fit, *write.fit_text]
            width = max(len(row) for row in write.block) if write.block else 1
            self._autofit(sheet.range((min(rows), first_column), (max(rows), first_column + width - 1)))

    @staticmethod
    def _autofit(cells: xw.Range) -> None:
        """Rows as tall as their wrapped text: Excel's own autofit (the file path sets heights itself)."""
        try:
            cells.rows.autofit()
        except (NotImplementedError, AttributeError):  # the remote engine in tests; Excel always has it
            log.info("rows not autofitted")

    def write_cells(self, sheet: str, cells: Mapping[tuple[int, int], object]) -> None:
        found = self.book.sheets[sheet]
        for (row, column), value in cells.items():  # one write each: only the cells that change
            found.range((row, column)).value = excel_value(value)

    def write_lines(self, sheet: str, lines: Sequence[DocumentLine]) -> None:
        """Nothing to write: the lines are the template's live formulas (``cells.decision_document`` writes the
        same text in every workbook), and Excel computes their values itself. The file path rewrites them only
        to store the values a preview shows."""

    def write_name(self, name: str, value: object) -> None:
        for defined in self.book.names:
            if defined.name.casefold() == name.casefold():
                defined.refers_to_range.value = excel_value(value)

    def set_choices(self, name: str, choices: Sequence[str]) -> None:
        """The list through xlwings' data validation (Office.js clients and Excel); its value, when it holds
        none of the choices, in one read and one write."""
        for defined in self.book.names:
            if defined.name.casefold() == name.casefold():
                cell = defined.refers_to_range
                with contextlib.suppress(NotImplementedError, AttributeError):  # an engine without validation
                    cell.data_validation.set_list(list(choices))
                if read_values(cell)[0][0] not in choices and choices:
                    cell.value = excel_value(choices[0])

    def has_sheet(self, name: str) -> bool:
        return any(sheet.name.casefold() == name.casefold() for sheet in self.book.sheets)

    def _sheet_for(self, name: str, hidden: bool, after: str | None = None):
        """The sheet called ``name``; when the workbook lacks it, made right after the sheet ``after`` if there is
        one, else before xlwings.conf (the last sheet)."""
        for sheet in self.book.sheets:
            if sheet.name.casefold() == name.casefold():
                return sheet
        sheets = list(self.book.sheets)
        names = [s.name.casefold() for s in sheets]
        if after is not None and after.casefold() in names:
            behind = sheets[names.index(after.casefold())]
        elif layout.SHEET_XLWINGS_CONF.casefold() in names[1:]:
            # after the sheet before xlwings.conf: the same place as before it, and xlwings' remote engine, which
            # puts a sheet added "before" one place too early, agrees
            behind = sheets[names.index(layout.SHEET_XLWINGS_CONF.casefold()) - 1]
        else:
            behind = sheets[-1]
        sheet = self.book.sheets.add(name, after=behind)
        if hidden:
            sheet.visible = False
        return sheet

    def replace_sheet(self, plan: port.SheetPlan, hidden: bool = False, after: str | None = None) -> None:
        """Every cell of the plan in one write (clearing what the sheet held), then its number formats (one write
        per formatted column) and its tables. A list's styles, widths and page setup are the template's; a
        document (the monthly report, a sheet no template holds) is cleared whole first and gets its looks here
        (``_document_looks``, ``_document_print``)."""
        sheet = self._sheet_for(plan.name, hidden, after)
        if plan.document:
            sheet.clear()  # an earlier report's values, looks and merged cells: the command owns the sheet whole
        last = sheet.used_range.last_cell
        height, width = max(plan.last_row, last.row), max(plan.last_column, last.column)
        grid: list[list[object]] = [[None] * width for _ in range(height)]
        for block in plan.blocks:
            for row_offset, line in enumerate(block.values):
                for column_offset, value in enumerate(line):
                    grid[block.row + row_offset - 1][block.column + column_offset - 1] = value
        sheet.range("A1").value = _block(grid)
        for block in plan.blocks:
            for offset, number_format in block.formats:
                column = block.column + offset
                sheet.range((block.row, column), (block.last_row, column)).number_format = number_format
        for spec in plan.tables:
            place = sheet.range((spec.header_row, 1), (spec.last_row, len(spec.headers)))
            existing = [table for table in sheet.tables if table.name.casefold() == spec.name.casefold()]
            if existing:
                existing[0].resize(place)
            else:
                sheet.tables.add(source=place, name=spec.name, has_headers=True)
        if plan.document:
            _document_looks(sheet, plan)
            _document_print(sheet, plan)

    def page_heads(self, office: str) -> None:
        """The office in every visible sheet's page head, as the file path writes it (``styles.header_footer``).

        Through Excel's PageSetup (Windows); xlwings' remote engine and Excel for Mac's scripting have
        no such call here, so the head stays as the template has it there.
        """
        # "&9 " sets the size as the file path's heads do (openpyxl writes that space, so a name starting with a
        # digit cannot run into the size)
        text = f"&{styles.PAGE_HEAD_SIZE} {styles.page_head_text(office)}"
        try:
            decision = self._find(layout.TABLE_DECISION)[0].name
        except LayoutError:
            decision = None
        for sheet in self.book.sheets:
            try:
                if sheet.visible and sheet.name != decision:  # the decision page carries its own letterhead
                    sheet.api.PageSetup.LeftHeader = text
            except Exception as error:  # no COM object behind this sheet (remote engine, Mac)
                log.info("page head of %s not set: %s", sheet.name, type(error).__name__)
                return

    def ensure_sheet(self, spec: port.SheetSpec) -> bool:
        """The sheet's plan (``replace_sheet``) and its names, as the file path makes them; its looks are Excel's
        defaults (the template has the sheet styled: only a workbook from an older template gets here)."""
        try:
            self._find(spec.table)
            return False
        except LayoutError:
            pass
        if self.has_sheet(spec.sheet):
            from .workbook import sheet_taken

            raise sheet_taken(spec)
        self.replace_sheet(spec.plan())
        quoted = "'" + spec.sheet.replace("'", "''") + "'"
        for name, (row, column) in spec.names.items():
            self.book.names.add(name, f"={quoted}!${column_letter(column)}${row}")
        return True


# -- a document's looks, as the file path renders them (workbook.render_plan) -------------------------------

_FONTS = {  # the file path's fonts for a plan's block styles (workbook._FONTS, styles.header_look)
    "title": styles.TITLE_FONT,
    "heading": styles.HEADING_FONT,
    "note": styles.NOTE_FONT,
    "header": styles.HEADER_FONT,
    "label": styles.BOLD,
    "total": styles.BOLD,
    "group": styles.BOLD,
}
_STANDARD_HEIGHT = 15.0  # points: a row of 11-pt Calibri, as the plan counts its lines
_BOXED = ("body", "total", "group")


def _spans(values: Sequence[tuple[int, object]]) -> list[tuple[int, int, object]]:
    """(first, last, value) for each run of consecutive positions holding the same value."""
    runs: list[tuple[int, int, object]] = []
    for position, value in values:
        if runs and runs[-1][1] == position - 1 and runs[-1][2] == value:
            runs[-1] = (runs[-1][0], position, value)
        else:
            runs.append((position, position, value))
    return runs


def _document_looks(sheet, plan: port.SheetPlan) -> None:
    """What xlwings sets on every engine: column widths, fonts, the headers' fill, wrapped text, merged paragraphs
    and every row's height (a cleared sheet keeps an earlier report's heights). One call per run of equal widths or
    heights, per block and per merged row: a fixed number for a report, whatever the number of satker, but for
    its merged lines."""
    for first, last, width in _spans(list(enumerate(plan.widths, start=1))):
        sheet.range((1, first), (1, last)).column_width = width
    for block in plan.blocks:
        cells = sheet.range((block.row, block.column), (block.last_row, block.column + max(block.width, 1) - 1))
        font = _FONTS.get(block.style)
        if font is not None:
            if font.b:
                cells.font.bold = True
            if font.i:
                cells.font.italic = True
            if font.sz and font.sz != 11:
                cells.font.size = font.sz
            if font.color is not None and font.color.rgb:
                cells.font.color = "#" + str(font.color.rgb)[-6:]
        if block.style == "header":
            cells.color = "#" + str(styles.HEADER_FILL.fgColor.rgb)[-6:]
            cells.wrap_text = True
        elif block.style in _BOXED:
            for column in plan.wrap:
                if block.column <= column < block.column + block.width:
                    sheet.range((block.row, column), (block.last_row, column)).wrap_text = True
    for row, first, last in plan.merged:
        merged = sheet.range((row, first), (row, last))
        merged.merge()
        merged.wrap_text = True
    heights = dict(plan.heights)
    rows = [(row, heights.get(row) or _STANDARD_HEIGHT) for row in range(1, plan.last_row + 1)]
    for first, last, points in _spans(rows):
        sheet.range((first, 1), (last, 1)).row_height = points


# Excel's constants (XlPageOrientation, XlPaperSize, XlVAlign, XlLineStyle), for the page setup through COM.
_PORTRAIT, _LANDSCAPE, _A4, _TOP, _CONTINUOUS = 1, 2, 9, -4160, 1


def _bgr(rgb: str) -> int:
    """A colour as COM takes it (blue, green, red) from openpyxl's (alpha,) red, green, blue hex."""
    red, green, blue = (int(rgb[-6:][i : i + 2], 16) for i in (0, 2, 4))
    return red + 256 * green + 65536 * blue


def _document_print(sheet, plan: port.SheetPlan) -> None:
    """Borders, text at the top of its cell, and the printed page as the file path sets it (``styles.print_layout``,
    ``styles.header_footer``): A4, fitted to the page's width, margins, head and foot, the page break.

    Through Excel's COM objects (Windows); xlwings' remote engine and Excel for Mac's scripting have none here,
    so the sheet keeps Excel's defaults there (the report still reads, and prints wider)."""
    try:
        api = sheet.api
        for block in plan.blocks:
            if block.style in _BOXED:
                cells = sheet.range((block.row, block.column), (block.last_row, block.column + block.width - 1)).api
                cells.Borders.LineStyle = _CONTINUOUS
                cells.Borders.Color = _bgr(styles.THIN.color.rgb)
                cells.VerticalAlignment = _TOP
        setup = api.PageSetup
        setup.PaperSize = _A4
        setup.Orientation = _LANDSCAPE if plan.landscape else _PORTRAIT
        setup.LeftMargin = setup.RightMargin = 0.5 * 72  # points, as the file path's inches
        setup.TopMargin = setup.BottomMargin = 0.75 * 72
        setup.HeaderMargin = setup.FooterMargin = 0.3 * 72
        setup.PrintTitleRows = ""
        setup.Zoom = False
        setup.FitToPagesWide = 1
        setup.FitToPagesTall = False
        size = f"&{styles.PAGE_HEAD_SIZE} "
        setup.LeftHeader = size + styles.page_head_text(plan.office) if plan.office else ""
        setup.RightHeader = size + "&A"
        setup.LeftFooter = size + "Dicetak &D pukul &T"
        setup.RightFooter = size + "Halaman &P dari &N"
        api.ResetAllPageBreaks()
        if plan.break_before:
            api.HPageBreaks.Add(Before=api.Range(f"A{plan.break_before}"))
    except Exception as error:  # no COM object behind this sheet (remote engine, Mac)
        log.info("page setup of %s not set: %s", sheet.name, type(error).__name__)
