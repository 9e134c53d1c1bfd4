"""The values stored beside the formulas this package knows, recomputed from the cells before every save.

A reader that never recalculates (a preview, Protected View, a phone) shows what a file stores beside
each formula; the writer (``package.workbook_bytes``) stores the value a ``cells.Formula`` carries.
A formula written now carries the value computed where it is built. A formula already in the file
lost its value when openpyxl loaded it, and what it reads may have changed since (a fill changes the
targets Realisasi looks up, an import its counts). So before every save (``workbook.save``, and the
template's build) each formula this package writes is recognised by its exact text at its place and
given the value Excel computes for it now, from the cells as they are: the check column of the
targets, Realisasi's rows and totals, the Krejcie & Morgan table, the Kalkulator and the IKM's
worked example. Any other formula (one a user typed, or one of ours a user changed) keeps the value
its file stored, and the file asks Excel to recalculate on load.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property

from openpyxl.cell.cell import Cell
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.table import Table
from openpyxl.worksheet.worksheet import Worksheet

from . import layout
from .cells import (
    CALCULATOR_INPUT_NAMES,
    UNKNOWN,
    Formula,
    RealisationFormulas,
    calculator_cells,
    calculator_formulas,
    column_letter,
    decision_document,
    excel_check_formula,
    km_table_formula,
    lookup_in_column,
    subtotal_sum,
    target_letters,
)
from .errors import XlAddinError
from .plan import CellError, Settings, settings_from_named_cells
from .survey_indices import IKM_ELEMENT_NAMES, ElementScore, IkmResult
from .survey_sheets import worked_example_formulas
from .workbook import TableArea, named_cells

__all__ = ["PROVIDERS", "Reading", "refresh"]


class Reading:
    """The workbook's cells as the formulas read them, for the providers of values."""

    def __init__(self, book: Workbook) -> None:
        self.book = book

    @staticmethod
    def value(cell: Cell | None) -> object:
        """A cell's value as a formula reads it: UNKNOWN for a formula whose value this package does not know."""
        if cell is None:
            return None
        if cell.data_type == "f":
            formula = cell._value
            return formula.value if isinstance(formula, Formula) and formula.value is not None else UNKNOWN
        if cell.data_type == "e":
            return CellError(cell._value)
        return cell._value

    def at(self, sheet: Worksheet, row: int, column: int) -> object:
        return self.value(sheet._cells.get((row, column)))  # (sheet.cell would create the cell)

    def sheet(self, title: str) -> Worksheet | None:
        """The sheet called ``title``, as Excel finds it (case-insensitively)."""
        return next((sheet for sheet in self.book.worksheets if sheet.title.casefold() == title.casefold()), None)

    def table(self, name: str) -> TableArea | None:
        for sheet in self.book.worksheets:
            for table in sheet.tables.values():
                if isinstance(table, Table) and table.displayName.casefold() == name.casefold():
                    try:
                        return TableArea.of(sheet, table)
                    except XlAddinError:
                        return None
        return None

    @cached_property
    def settings(self) -> tuple[Settings, bool] | None:
        """The rule's settings as the named cells hold them, and whether they are all there; None when unreadable."""
        cells, broken = named_cells(self.book, [setting.defined_name for setting in layout.SETTINGS])
        found = {name: self.value(cell) for name, cell in cells.items()}
        if any(value is UNKNOWN for value in found.values()):
            return None
        try:
            settings, missing = settings_from_named_cells(found, broken)
        except XlAddinError:
            return None
        return settings, not missing

    def named_value(self, name: str) -> object:
        """The value of the cell a defined name points at; #NAME? when there is no such name."""
        cells, broken = named_cells(self.book, [name])
        if name in cells:
            return self.value(cells[name])
        return UNKNOWN if name in broken else CellError("#NAME?")

    @staticmethod
    def attach(cell: Cell | None, formula: Formula) -> None:
        """Give ``cell`` the value ``formula`` carries, when it holds exactly that formula and no value yet."""
        if cell is None or cell.data_type != "f":
            return
        current = cell._value
        if isinstance(current, str) and current == formula and getattr(current, "value", None) is None:
            cell._value = formula


# -- the providers: each recognises one kind of this package's formulas and gives them their values -------


def _target_checks(reading: Reading) -> None:
    """The check column of the targets table (a fill writes it with its values; an import keeps it)."""
    area = reading.table(layout.TABLE_TARGETS)
    if area is None or reading.settings is None:
        return
    settings, use_names = reading.settings
    try:
        check = area.column_of(layout.COLUMN_EXCEL_CHECK)
        # as the fill writes it (cells.target_table): the N column counted from column A
        population = layout.column_index(area.headers, layout.COLUMN_POPULATION, layout.TABLE_TARGETS) + 1
    except XlAddinError:
        return
    letter = column_letter(population)
    for row in range(area.first_row, area.last_row + 1):
        cell = area.sheet._cells.get((row, check))
        if cell is not None and cell.data_type == "f" and getattr(cell._value, "value", None) is None:  # not a fill's
            population_value = reading.at(area.sheet, row, population)
            reading.attach(cell, excel_check_formula(row, letter, settings, use_names, population_value))


def _realisation(reading: Reading) -> None:
    """Realisasi's rows (the target looked up, the percentages, the chart's month) and the totals above it."""
    area = reading.table(layout.TABLE_REALISATION)
    if area is None or reading.settings is None:
        return
    sheet = area.sheet
    formulas = RealisationFormulas(
        area.headers, reading.settings[0].target_period, area.first_column, _target_letters(reading)
    )
    keys = [layout.header_key(header) for header in area.headers]
    columns = dict(zip(keys, range(area.first_column, area.first_column + len(keys))))
    name_key, target_key = layout.header_key(layout.COLUMN_SATKER), formulas.target_key
    if name_key not in columns or target_key not in columns:
        return
    read = {key: columns[key] for key in formulas.read_keys if key in columns}
    placed = {header: columns[layout.header_key(header)] for header in formulas.row(area.first_row)}
    # the chart's formulas match the month among the headers in the template's header row
    chart_month = (
        reading.named_value(layout.NAME_CHART_MONTH) if area.header_row == layout.TABLE_HEADER_ROW else UNKNOWN
    )
    lookup = _target_lookup(reading)
    for row in range(area.first_row, area.last_row + 1):
        cells = {key: reading.at(sheet, row, column) for key, column in read.items()}
        target_cell = sheet._cells.get((row, columns[target_key]))
        cells[target_key] = lookup(cells[name_key])  # what the row's target formula finds
        row_formulas = formulas.row(row, cells, chart_month)
        if target_cell is None or target_cell._value != row_formulas[layout.COLUMN_TARGET]:
            cells[target_key] = reading.value(target_cell)  # a target typed over the formula: the others read it
            row_formulas = formulas.row(row, cells, chart_month)
        for header, formula in row_formulas.items():
            reading.attach(sheet._cells.get((row, placed[header])), formula)
    _realisation_totals(reading, area, formulas, columns)


def _realisation_totals(reading: Reading, area: TableArea, formulas: RealisationFormulas, columns: dict) -> None:
    """The totals one row above the header (as the template has them): SUBTOTAL of the visible rows."""
    totals_row, first, reach = area.header_row - 1, area.first_row, area.first_row + layout.CAPACITY - 1
    sheet = area.sheet
    expected = formulas.totals(totals_row, first, reach)
    if not any(
        (cell := sheet._cells.get((totals_row, columns[layout.header_key(header)]))) is not None
        and cell._value == formula
        for header, formula in expected.items()
    ):
        return  # a workbook without the totals
    hidden = {row for row, dimension in sheet.row_dimensions.items() if dimension.hidden}
    rows = [row for row in range(first, reach + 1) if row not in hidden]
    sums = {
        key: subtotal_sum([reading.at(sheet, row, columns[key]) for row in rows])
        for key in (layout.header_key(header) for header in expected if not header.startswith(layout.PERCENT_PREFIX))
    }
    for header, formula in formulas.totals(totals_row, first, reach, sums).items():
        reading.attach(sheet._cells.get((totals_row, columns[layout.header_key(header)])), formula)


def _target_letters(reading: Reading) -> dict[str, str]:
    """Where Realisasi's rows look their target up: the targets table's satker and target columns, where it has
    them (as the fill writes the formulas), else where the template puts them."""
    area = reading.table(layout.TABLE_TARGETS)
    try:
        return (
            target_letters(area.headers, area.first_column)
            if area is not None
            else target_letters(layout.TARGET_HEADERS, 1)
        )
    except XlAddinError:
        return target_letters(layout.TARGET_HEADERS, 1)


def _target_lookup(reading: Reading) -> Callable[[object], object]:
    """What Realisasi's target formula finds for a name: whole columns of the Target Responden sheet."""
    sheet = reading.sheet(layout.SHEET_TARGETS)
    if sheet is None:
        return lambda _name: UNKNOWN
    letters = _target_letters(reading)
    name_column, target_column = (
        column_index_from_string(letters[key]) for key in (layout.COLUMN_SATKER, layout.COLUMN_TARGET)
    )
    rows = range(1, sheet.max_row + 1)
    return lookup_in_column(
        [reading.at(sheet, row, name_column) for row in rows], [reading.at(sheet, row, target_column) for row in rows]
    )


def _km_table(reading: Reading) -> None:
    """The Krejcie & Morgan table: one native formula per published N, in each block of the table."""
    for name in layout.KM_TABLES:
        area = reading.table(name)
        if area is None:
            continue
        n, s = area.first_column, area.first_column + 1
        for row in range(area.first_row, area.last_row + 1):
            population = reading.at(area.sheet, row, n)
            reading.attach(area.sheet._cells.get((row, s)), km_table_formula(row, population, get_column_letter(n)))


def _calculator(reading: Reading) -> None:
    """The Kalkulator: its results from its inputs."""
    sheet = reading.sheet(layout.SHEET_CALCULATOR)
    if sheet is None:
        return
    at = calculator_cells()
    inputs = {name: reading.value(sheet._cells.get(_row_column(at[name]))) for name in CALCULATOR_INPUT_NAMES}
    for name, formula in calculator_formulas(inputs).items():
        reading.attach(sheet._cells.get(_row_column(at[name])), formula)


def _row_column(reference: str) -> tuple[int, int]:
    """ "B5" → (5, 2): the Kalkulator's cells are in one column (A–Z)."""
    return int(reference[1:]), ord(reference[0]) - 64


# The worked example's header, as survey_sheets writes it: the row that finds the example on the sheet.
_EXAMPLE_HEADER = ("Unsur", "Jumlah Nilai", "Kuesioner Terisi", "NRR per Unsur", "Bobot", "NRR Tertimbang")


def _ikm_example(reading: Reading) -> None:
    """The IKM's worked example on Indeks Survei, from the sums and counts it shows."""
    sheet = reading.sheet(layout.SHEET_INDICES)
    if sheet is None:
        return
    header = next(
        (
            row
            for (row, column), cell in sheet._cells.items()
            if column == 1
            and cell._value == _EXAMPLE_HEADER[0]
            and tuple(reading.at(sheet, row, c) for c in range(1, 7)) == _EXAMPLE_HEADER
        ),
        None,
    )
    if header is None:
        return
    scores = []
    for offset in range(len(IKM_ELEMENT_NAMES)):
        label, total, answered = (reading.at(sheet, header + 1 + offset, column) for column in (1, 2, 3))
        code = label.split(" ", 1)[0] if isinstance(label, str) else None
        if code not in IKM_ELEMENT_NAMES or type(total) is not int or type(answered) is not int or answered <= 0:
            return  # not the example as written (its formulas keep what the file stored)
        scores.append(ElementScore(code, total, answered))
    for (row, column), formula in worked_example_formulas(header - 1, IkmResult(tuple(scores))).items():
        reading.attach(sheet._cells.get((row, column)), formula)


# The counts over Realisasi's columns that the chart sheet's trend and the monthly report keep live
# (``report_sheet``): COUNT/COUNTIF/COUNTIFS of a column of the table, by its structured reference.
_COLUMN = r"RealisasiResponden\[([^\]]+)\]"
_COUNTS = {
    "countif": re.compile(rf'=COUNTIF\({_COLUMN},"(>0|>=1|<1)"\)'),
    "count": re.compile(rf"=COUNT\({_COLUMN}\)"),
    "not_reported": re.compile(rf'=COUNTIFS\({_COLUMN},">0",{_COLUMN},""\)'),
    "reported_or_blank": re.compile(rf'=IF\(COUNT\({_COLUMN}\)=0,"",COUNT\({_COLUMN}\)\)'),
    "reached_or_blank": re.compile(rf'=IF\(COUNT\({_COLUMN}\)=0,"",COUNTIF\({_COLUMN},">=1"\)\)'),
    "share_of_row": re.compile(r'=IF\(([A-Z]+)(\d+)=0,"",([A-Z]+)(\d+)/([A-Z]+)(\d+)\)'),
    "unchanged": re.compile(r'=IF\(AND\(((?:[A-Z]+\d+=\d+,?)+)\),"","([^"]*)"\)'),
    "titled": re.compile(r'="([^"]*)"&([A-Za-z_][A-Za-z0-9_.]*)'),  # a chart's heading: text and the chosen month
}
_CRITERIA = {">0": lambda v: v > 0, ">=1": lambda v: v >= 1, "<1": lambda v: v < 1}


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _realisation_counts(reading: Reading) -> None:
    """COUNT, COUNTIF and COUNTIFS over Realisasi's columns (after ``_realisation`` gave its formulas values), and
    the report's shares and its "numbers changed since" line, which read those counts on their own sheet."""
    area = reading.table(layout.TABLE_REALISATION)
    if area is None:
        return
    by_header = {layout.name_key(header): area.first_column + index for index, header in enumerate(area.headers)}

    def column(header: str) -> list[object] | None:
        place = by_header.get(layout.name_key(header))
        if place is None:
            return None
        return [reading.at(area.sheet, row, place) for row in range(area.first_row, area.last_row + 1)]

    def counted(header: str, test: Callable[[object], bool]) -> object:
        values = column(header)
        if values is None:
            return CellError("#REF!")
        if any(value is UNKNOWN for value in values):
            return UNKNOWN
        return sum(1 for value in values if test(value))

    def number_test(criterion: str | None) -> Callable[[object], bool]:
        check = _CRITERIA.get(criterion) if criterion else None
        return lambda value: _is_number(value) and (check is None or check(value))

    def blank_if_none(count: object, then: object) -> object:
        if count is UNKNOWN or then is UNKNOWN:
            return UNKNOWN
        return "" if count == 0 else then

    def value_of(text: str, sheet: Worksheet) -> object:
        if match := _COUNTS["countif"].fullmatch(text):
            return counted(match[1], number_test(match[2]))
        if match := _COUNTS["count"].fullmatch(text):
            return counted(match[1], number_test(None))
        if match := _COUNTS["not_reported"].fullmatch(text):
            targets, counts = column(match[1]), column(match[2])
            if targets is None or counts is None:
                return CellError("#REF!")
            if any(value is UNKNOWN for value in (*targets, *counts)):
                return UNKNOWN
            return sum(1 for t, c in zip(targets, counts) if _is_number(t) and t > 0 and c in (None, ""))
        if match := _COUNTS["reported_or_blank"].fullmatch(text):
            return blank_if_none(counted(match[1], number_test(None)), counted(match[2], number_test(None)))
        if match := _COUNTS["reached_or_blank"].fullmatch(text):
            return blank_if_none(counted(match[1], number_test(None)), counted(match[2], number_test(">=1")))
        if match := _COUNTS["share_of_row"].fullmatch(text):
            test = reading.at(sheet, int(match[2]), column_index_from_string(match[1]))
            top = reading.at(sheet, int(match[4]), column_index_from_string(match[3]))
            bottom = reading.at(sheet, int(match[6]), column_index_from_string(match[5]))
            if UNKNOWN in (test, top, bottom) or not all(_is_number(v) for v in (test, top, bottom)):
                return UNKNOWN
            return "" if test == 0 else top / bottom if bottom else CellError("#DIV/0!")
        if match := _COUNTS["unchanged"].fullmatch(text):
            checks = [part.split("=") for part in match[1].rstrip(",").split(",")]
            found = [reading.at(sheet, *coordinate_to_tuple(cell)) for cell, _ in checks]
            if UNKNOWN in found:
                return UNKNOWN
            same = all(_is_number(v) and v == int(n) for v, (_cell, n) in zip(found, checks))
            return "" if same else match[2]
        if match := _COUNTS["titled"].fullmatch(text):
            named = reading.named_value(match[2])
            return match[1] + named if isinstance(named, str) else UNKNOWN
        return UNKNOWN

    for title in (layout.SHEET_CHART, layout.SHEET_REPORT):  # the sheets that keep such counts
        sheet = reading.sheet(title)
        if sheet is None:
            continue
        for cell in list(sheet._cells.values()):  # row by row: a share reads the counts left of it and above it
            if cell.data_type == "f":
                text = str(cell._value)
                value = value_of(text, sheet)
                if value is not UNKNOWN and not isinstance(value, CellError):
                    reading.attach(cell, Formula(text, value))


_SHOWN_CELL = re.compile(r"=IF\('([^']+)'!\$([A-Z]+)\$(\d+)=\"\",\"\",'\1'!\$\2\$\3\)")


def _decision_page(reading: Reading) -> None:
    """The decision page: its lines above the table (``cells.decision_document``, from the named settings) and
    its rows, each showing a cell of the targets table (IF(cell="","",cell))."""
    area = reading.table(layout.TABLE_DECISION)
    if area is None:
        return
    sheet = area.sheet
    if area.header_row == layout.DECISION_HEADER_ROW and reading.settings is not None:
        names = [s.defined_name for s in (*layout.SETTINGS, *layout.DOCUMENT_SETTINGS)]
        named = {name: reading.named_value(name) for name in names}
        if not any(value is UNKNOWN for value in named.values()):
            for line in decision_document(reading.settings[0], named):
                if isinstance(line.value, Formula):
                    reading.attach(sheet._cells.get((line.row, line.columns[0])), line.value)
    for row in range(area.first_row, area.last_row + 1):
        for column in range(area.first_column, area.first_column + len(area.headers)):
            cell = sheet._cells.get((row, column))
            if cell is None or cell.data_type != "f":
                continue
            match = _SHOWN_CELL.fullmatch(str(cell._value))
            source = reading.sheet(match[1]) if match else None
            if source is None:
                continue
            shown = reading.at(source, int(match[3]), column_index_from_string(match[2]))
            if shown is not UNKNOWN:
                reading.attach(cell, Formula(str(cell._value), "" if shown is None else shown))


# In the order values flow: the targets before what looks them up.
PROVIDERS: list[Callable[[Reading], None]] = [
    _target_checks,
    _realisation,
    _realisation_counts,
    _decision_page,
    _km_table,
    _calculator,
    _ikm_example,
]


def refresh(book: Workbook) -> None:
    """Give every formula this package knows the value Excel computes for it now, from the cells as they are."""
    reading = Reading(book)
    for provider in PROVIDERS:
        provider(reading)
