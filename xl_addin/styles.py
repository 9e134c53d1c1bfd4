"""How the sheets we write look and print: fonts, fills, borders, conditional colours, page setup.

openpyxl style objects only; nothing here writes a cell value. Used by the template
builder, the email copy and the Kanwil summary, so they look alike.
"""

from __future__ import annotations

from openpyxl.formatting.rule import CellIsRule, Rule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.worksheet.table import TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

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
    "print_setup",
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
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")
TABLE_STYLE = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
COUNT_FORMAT = "#,##0"
PERCENT_FORMAT = "0.0%"  # 316 of 317 must not read "100%"
BELOW_TARGET = PatternFill("solid", fgColor="F8CBAD")
TARGET_REACHED = PatternFill("solid", fgColor="C6EFCE")


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


def print_setup(sheet: Worksheet, landscape: bool, title_rows: str | None = None) -> None:
    """A4, fitted to the page width, with the table's header row repeated on every page."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    if title_rows:
        sheet.print_title_rows = title_rows
