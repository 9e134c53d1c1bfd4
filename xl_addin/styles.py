"""How the sheets we write look and print: fonts, fills, borders, conditional colours, page setup.

openpyxl style objects only; nothing here writes a cell value. Used by the template
builder, the email copy and the Kanwil summary, so they look alike.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import CellIsRule, Rule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.worksheet.table import TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from . import layout
from .realisation import read_column

__all__ = [
    "BOX",
    "HEADER_FILL",
    "HEADER_FONT",
    "INPUT_FILL",
    "NAVY",
    "NOTE_FONT",
    "PERCENT_FORMAT",
    "TABLE_STYLE",
    "TITLE_FONT",
    "WRAP",
    "colour_percentages",
    "count_rule",
    "fit_row_heights",
    "header_footer",
    "header_look",
    "page_head_text",
    "print_layout",
    "print_nothing",
    "realisation_marks",
    "realisation_parts",
]

NAVY = "1F3864"
TITLE_FONT = Font(name="Calibri", size=14, bold=True, color=NAVY)
HEADING_FONT = Font(name="Calibri", size=12, bold=True, color=NAVY)
NOTE_FONT = Font(name="Calibri", size=10, italic=True, color="595959")
HEADER_FONT = Font(name="Calibri", size=11, bold=True, color="FFFFFF")
BOLD = Font(name="Calibri", size=11, bold=True)
HEADER_FILL = PatternFill("solid", fgColor=NAVY)
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # the cells a clerk may change
THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")
TABLE_STYLE = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
COUNT_FORMAT = layout.COUNT_FORMAT
PERCENT_FORMAT = "0.0%"  # 316 of 317 must not read "100%"
BELOW_TARGET = PatternFill("solid", fgColor="F8CBAD")
TARGET_REACHED = PatternFill("solid", fgColor="C6EFCE")
# Numbers sit at the top of their cell like the wrapped names beside them.
NUMBER_ALIGNMENT = Alignment(vertical="top")


@dataclass(frozen=True)
class Look:
    """How one kind of line of the decision page looks and how much room its text takes."""

    font: Font
    alignment: Alignment
    line_points: float  # the height of one line of its text
    characters_per_unit: float  # as _CHARACTERS_PER_UNIT, for its font


_CENTER_WRAP = Alignment(horizontal="center", vertical="top", wrap_text=True)
_LEFT_WRAP = Alignment(horizontal="justify", vertical="top", wrap_text=True)
# The decision page's lines (cells.DocumentLine.look): an official document's letterhead, heading and body.
DOCUMENT_LOOKS = {
    "letterhead": Look(Font(name="Calibri", size=13, bold=True), _CENTER_WRAP, 18.0, 0.8),
    "letterhead_small": Look(Font(name="Calibri", size=9), _CENTER_WRAP, 12.5, 1.2),
    "heading": Look(Font(name="Calibri", size=12, bold=True), _CENTER_WRAP, 16.0, 0.85),
    "center": Look(Font(name="Calibri", size=11), _CENTER_WRAP, 15.0, 1.0),
    "title": Look(Font(name="Calibri", size=11, bold=True), _CENTER_WRAP, 15.0, 0.9),
    "list": Look(Font(name="Calibri", size=11), Alignment(vertical="top", wrap_text=True), 15.0, 1.0),
    "text": Look(Font(name="Calibri", size=11), _LEFT_WRAP, 15.0, 1.0),
    "signature": Look(Font(name="Calibri", size=11), Alignment(vertical="top", wrap_text=True), 15.0, 1.0),
    "position": Look(Font(name="Calibri", size=11), Alignment(vertical="top", wrap_text=True), 15.0, 1.0),
    "name": Look(Font(name="Calibri", size=11, bold=True), Alignment(vertical="top", wrap_text=True), 15.0, 0.9),
    "lampiran": Look(Font(name="Calibri", size=11, bold=True), Alignment(vertical="top", wrap_text=True), 15.0, 0.9),
}
# Lines the template leaves room for before a fill fits the rows to the text (the ribbon's fill cannot: Excel
# does not fit merged cells): a two-line title and position, the legal basis's heading and three items.
DOCUMENT_ROOM = {"title": 2, "position": 2, "list": 4}
# The letterhead's closing rule: on top of the row under it, which is merged with nothing (openpyxl reshapes the
# borders of merged cells each time it loads a file, so a rule there would change with every fill).
LETTERHEAD_RULE = Border(top=Side(style="double", color="000000"))


def header_look(cell: Cell) -> Cell:
    """Give a table header cell its look (white bold on navy, boxed, wrapped)."""
    cell.font, cell.fill, cell.border, cell.alignment = HEADER_FONT, HEADER_FILL, BOX, HEADER_ALIGNMENT
    return cell


def colour_percentages(sheet: Worksheet, cells: str) -> None:
    """Red below 100 %, green from 100 %; a month not reported yet (blank or "") stays plain.

    The first rule matters: Excel compares text as greater than any number, so ""
    would turn green, and a true blank compares as 0, so it would turn red.
    """
    top_left = cells.split(":")[0]
    sheet.conditional_formatting.add(
        cells,
        Rule(type="containsBlanks", stopIfTrue=True, dxf=DifferentialStyle(), formula=[f"LEN(TRIM({top_left}))=0"]),
    )
    sheet.conditional_formatting.add(cells, CellIsRule(operator="lessThan", formula=["1"], fill=BELOW_TARGET))
    sheet.conditional_formatting.add(
        cells, CellIsRule(operator="greaterThanOrEqual", formula=["1"], fill=TARGET_REACHED)
    )


def realisation_parts(headers: Sequence[object], first_column: int = 1) -> list[tuple[int, int]]:
    """The printed parts of the Realisasi table (after the satker and its target, which every part repeats):
    SPKP, SPAK, their percentages, then the chart's columns and the notes; months kept outside the period last."""

    def part_of(header: object) -> tuple[str, str | None]:
        column = read_column(header)
        if column.kind in ("count", "percent"):
            return column.kind, column.survey
        return ("outside", None) if column.kind == "outside" else ("rest", None)

    parts: list[tuple[int, int]] = []
    keys = [part_of(header) for header in headers[2:]]
    for index, key in enumerate(keys, start=first_column + 2):
        if parts and keys[index - first_column - 3] == key:
            parts[-1] = (parts[-1][0], index)
        else:
            parts.append((index, index))
    return parts


def realisation_marks(sheet: Worksheet, headers: Sequence[object], header_row: int, first_column: int = 1) -> None:
    """What the Realisasi sheet's colours and validation owe to its columns, made again when they move (a new
    target period): red/green on the percentages and the chart's columns from the totals row down, and whole
    numbers ≥ 0 in the count cells; both reach past the table, so rows a fill adds are covered."""
    from openpyxl.utils import get_column_letter

    totals_row, first, reach = header_row - 1, header_row + 1, header_row + layout.CAPACITY

    def ours(ranges, low: int) -> bool:  # every range of it in the table's rows band, from its first column
        bounds = [cell_range.bounds for cell_range in ranges]  # (min_col, min_row, max_col, max_row)
        return all(b[0] >= first_column and b[1] >= low and b[3] <= reach for b in bounds)

    kept = [
        (area, rules)
        for area, rules in sheet.conditional_formatting._cf_rules.items()
        if not ours(area.sqref, totals_row)
    ]
    sheet.conditional_formatting = type(sheet.conditional_formatting)()
    for area, rules in kept:
        for rule in rules:
            sheet.conditional_formatting.add(str(area.sqref), rule)
    sheet.data_validations.dataValidation = [
        rule
        for rule in sheet.data_validations.dataValidation
        if not (rule.type == "whole" and ours(rule.sqref.ranges, first))
    ]
    kinds = [read_column(header).kind for header in headers]

    def span(*wanted: str) -> str | None:
        found = [index for index, kind in enumerate(kinds, start=first_column) if kind in wanted]
        return f"{get_column_letter(min(found))}{{}}:{get_column_letter(max(found))}{{}}" if found else None

    percents, counts = span("percent", "chart"), span("count")
    if percents:
        colour_percentages(sheet, percents.format(totals_row, reach))
    if counts:
        rule = count_rule("Isi jumlah responden: bilangan bulat 0 atau lebih.")
        rule.add(counts.format(first, reach))
        sheet.add_data_validation(rule)


def count_rule(error: str, prompt: tuple[str, str] | None = None):
    """Excel's check of a cell where a person types a count: a whole number ≥ 0, or nothing. ``error``: what Excel
    says when it is not; ``prompt``: (title, text) shown when the cell is selected."""
    from openpyxl.worksheet.datavalidation import DataValidation

    rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    rule.errorTitle, rule.error, rule.showErrorMessage = "Jumlah tidak valid", error, True
    if prompt is not None:
        (rule.promptTitle, rule.prompt), rule.showInputMessage = prompt, True
    return rule


# -- printing ------------------------------------------------------------------------------------------

# A4 minus 0,5-inch side margins, in points. A column of width w is about 5,25·w + 3,75 pt wide in Excel
# (Calibri 11) but about 7·w pt in LibreOffice; pages are planned for the wider, so they fit in both.
_USABLE_WIDTH = {"landscape": 770.0, "portrait": 523.0}
_MIN_SCALE = 75  # 11-pt text stays above 8 pt, 10-pt notes above 7 pt
# Characters of 11-pt text per unit of column width, as narrow as Excel renders them: row heights planned
# with it leave no wrapped line hidden.
_CHARACTERS_PER_UNIT = 1.0


def _points(width: float | None) -> float:
    return 7.0 * (width or 8.43)


def column_points(sheet: Worksheet, first: int, last: int) -> float:
    from openpyxl.utils import get_column_letter

    return sum(_points(sheet.column_dimensions[get_column_letter(c)].width) for c in range(first, last + 1))


# Excel keeps a page head or foot of at most 255 characters (its codes included) and shows none when it is longer.
HEADER_LIMIT = 255
_SHEET_NAME_CODE = "&A"


PAGE_HEAD_SIZE = 9  # points


def page_head_text(office: str | None) -> str:
    """The office name as a page head's left part: "&" doubled (Excel's code mark), cut to what the limit leaves."""
    room = HEADER_LIMIT - len("&L&9 &R&9 " + _SHEET_NAME_CODE)  # the codes openpyxl writes around the two parts
    text = " ".join((office or "").split()).replace("&", "&&")
    if len(text) <= room:
        return text
    cut = text[: room - 1]
    if cut.endswith("&") and not cut.endswith("&&"):  # never half a doubled "&"
        cut = cut[:-1]
    return cut.rstrip() + "…"


def header_footer(sheet: Worksheet, office: str | None = None, document: bool = False) -> None:
    """Every printed page says what it is, whose it is, which page and when: head and foot of the page.

    ``office`` None keeps the office a head already names (a sheet rewritten by an import keeps it).
    ``document``: a page to sign (the decision page) has its own letterhead: no head and no foot (a workbook
    printed whole would number it "Halaman 9 dari 20").
    """
    if office is None:
        office = _office_in(sheet)
    for header in (sheet.oddHeader, sheet.evenHeader, sheet.firstHeader):
        header.left.text = None if document else page_head_text(office)
        header.right.text = None if document else _SHEET_NAME_CODE  # the sheet's name
        header.left.size = header.right.size = None if document else PAGE_HEAD_SIZE
    for footer in (sheet.oddFooter, sheet.evenFooter, sheet.firstFooter):
        footer.left.text = None if document else "Dicetak &D pukul &T"
        footer.right.text = None if document else "Halaman &P dari &N"
        footer.left.size = footer.right.size = None if document else 9


def _office_in(sheet: Worksheet) -> str:
    """The office name a sheet's page head already shows ("" when none)."""
    text = sheet.oddHeader.left.text or ""
    return text.replace("&&", "&")


def print_layout(
    sheet: Worksheet,
    landscape: bool,
    header_row: int | None = None,
    parts: list[tuple[int, int]] | str | None = None,
    repeat_columns: tuple[int, int] | None = None,
    office: str | None = None,
    columns: tuple[int, int] | None = None,
    document: bool = False,
    pages_tall: int = 0,
) -> None:
    """A4 pages a person can read: fitted to the width, or, for a wide table, in ``parts`` (column ranges)
    printed on pages of their own with ``repeat_columns`` (the satker's name) on each.

    ``office`` None keeps the office the page head names already; ``document``: a page to sign (no head or foot);
    ``pages_tall``: a long list fitted to that many pages (0: as many as it takes at full size).
    """
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.pagebreak import Break

    orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = orientation
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.75
    sheet.page_margins.header = sheet.page_margins.footer = 0.3
    if header_row:  # repeated at the top of every page
        sheet.print_title_rows = f"{header_row}:{header_row}"
    if columns:  # print only these columns (e.g. not the internal cell names)
        first, last = (get_column_letter(c) for c in columns)
        sheet.print_area = f"{first}1:{last}{sheet.max_row}"
    else:  # a sheet that printed nothing while it was empty prints what it holds now
        sheet.print_area = None
    header_footer(sheet, office, document)
    if parts == "auto":
        parts = auto_parts(sheet, landscape, repeat_columns)
    if not parts:
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, pages_tall
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        return
    repeated = column_points(sheet, *repeat_columns) if repeat_columns else 0.0
    widest = max(column_points(sheet, first, last) + repeated for first, last in parts)
    sheet.sheet_properties.pageSetUpPr.fitToPage = False
    sheet.page_setup.scale = max(_MIN_SCALE, min(100, int(100 * _USABLE_WIDTH[orientation] / widest)))
    if repeat_columns:
        sheet.print_title_cols = f"{get_column_letter(repeat_columns[0])}:{get_column_letter(repeat_columns[1])}"
    for _, last in parts[:-1]:
        sheet.col_breaks.append(Break(id=last))


def print_nothing(sheet: Worksheet) -> None:
    """An empty sheet (a survey sheet before any import) prints no page: its print area is one empty cell.

    LibreOffice leaves out pages with nothing on them; Excel finds nothing to print in an empty print area.
    The next ``print_layout`` (an import that fills the sheet) gives the sheet its pages back.
    """
    from openpyxl.utils import get_column_letter

    sheet.print_area = f"{get_column_letter(sheet.max_column + 2)}1"


# Bold text runs about a tenth wider than regular: a header's width counts for this much.
BOLD_WIDTH = 0.9
# A header row of one line, for headers short for their columns (write_header gives every table two lines).
ONE_LINE_HEADER = 17.0
# Characters drawn about twice as wide as a digit: "…" (the blanks to fill, layout.BLANK) counts for two.
_WIDE_CHARACTERS = "…"


def lines_needed(text: str, width: float | None) -> int:
    """How many lines ``text`` takes in a wrapped cell of column width ``width``, as narrow as Excel draws it.

    Words wrap whole, as Excel wraps them (a word longer than a line is broken).
    """
    per_line = max(1.0, (width or 8.43) * _CHARACTERS_PER_UNIT)
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split():
            length = len(word) + sum(word.count(wide) for wide in _WIDE_CHARACTERS)
            if used and used + 1 + length <= per_line:
                used += 1 + length
                continue
            if used:
                lines += 1
            lines += math.ceil(length / per_line) - 1
            used = length - per_line * (math.ceil(length / per_line) - 1)
    return max(lines, 1)


def auto_parts(sheet: Worksheet, landscape: bool, repeat_columns: tuple[int, int] | None) -> list[tuple[int, int]]:
    """Column ranges that each fit a page at the smallest readable scale (none: the sheet fits as it is)."""
    room = _USABLE_WIDTH["landscape" if landscape else "portrait"] * 100 / _MIN_SCALE
    repeated = column_points(sheet, *repeat_columns) if repeat_columns else 0.0
    first = (repeat_columns[1] + 1) if repeat_columns else 1
    last = sheet.max_column
    if column_points(sheet, 1, last) <= room:
        return []
    parts, start, used = [], first, repeated
    for column in range(first, last + 1):
        width = column_points(sheet, column, column)
        if used + width > room and column > start:
            parts.append((start, column - 1))
            start, used = column, repeated
        used += width
    parts.append((start, last))
    return parts


def fit_row_heights(sheet: Worksheet, first_row: int, last_row: int, line_points: float = 15.0) -> None:
    """Row heights for wrapped text (neither openpyxl nor LibreOffice fits them when a file opens)."""
    from openpyxl.utils import get_column_letter

    widths: dict[int, float | None] = {}
    # iter_rows walks the rows once; sheet[row] would recount the sheet's width for every row
    for cells in sheet.iter_rows(min_row=first_row, max_row=last_row):
        lines = 1
        for cell in cells:
            value = cell.value
            if not isinstance(value, str) or cell.data_type == "f" or not cell.alignment.wrap_text:
                continue
            if cell.column not in widths:
                widths[cell.column] = sheet.column_dimensions[get_column_letter(cell.column)].width
            lines = max(lines, lines_needed(value, widths[cell.column]))
        if cells:
            sheet.row_dimensions[cells[0].row].height = lines * line_points if lines > 1 else None
