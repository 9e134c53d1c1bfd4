"""Writing the monthly report into a workbook file with openpyxl, as the ``laporan`` command will once the
workbook port exists: read the Realisasi table and the targets, compute, render the plan, save.

Test support only (the command is wired on the port): it shows what to read, what to call and what to write.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xl_addin import layout
from xl_addin.indonesian import MONTHS, format_datetime
from xl_addin.report import ReportMonth, SatkerInput, monthly_report
from xl_addin.report_sheet import live_columns, report_plan
from xl_addin.survey_workbook import render_plan
from xl_addin.workbook import CellValues, TableArea, document_settings, find_table, open_workbook, read_settings, save


def target_months(book) -> list[ReportMonth]:
    """The target months with their year, as the Realisasi headers name them (the period is data soon)."""
    settings, _missing = read_settings(book, CellValues(book))
    return [
        ReportMonth(layout.TARGET_YEAR, MONTHS.index(month) + 1, layout.dated(month, layout.TARGET_YEAR))
        for month in settings.target_months
    ]


def report_inputs(book) -> tuple[list[SatkerInput], list[ReportMonth], object]:
    """The Realisasi rows (counts as typed), each satker's target from TargetResponden, and the live columns."""
    values = CellValues(book)
    months = target_months(book)
    targets_area = TableArea.of(*find_table(book, layout.TABLE_TARGETS))
    name_column = targets_area.column_of(layout.COLUMN_SATKER)
    target_column = targets_area.column_of(layout.COLUMN_TARGET)
    targets = {
        layout.name_key(values(targets_area.sheet, row, name_column)): values(targets_area.sheet, row, target_column)
        for row in range(targets_area.first_row, targets_area.last_row + 1)
    }
    area = TableArea.of(*find_table(book, layout.TABLE_REALISATION))
    columns = {
        (survey, month.key): area.column_of(layout.realisation_column(survey, month.label))
        for survey in layout.SURVEYS
        for month in months
    }
    rows = []
    for row in range(area.first_row, area.last_row + 1):
        name = values(area.sheet, row, area.column_of(layout.COLUMN_SATKER))
        if not layout.name_key(name):
            continue
        counts = {key: values(area.sheet, row, column) for key, column in columns.items()}
        cells = {key: f"{area.sheet.cell(row, column).coordinate}" for key, column in columns.items()}
        rows.append(SatkerInput(name, targets.get(layout.name_key(name)), counts, cells))
    live = live_columns(
        layout.TABLE_REALISATION, [str(h) for h in area.headers], [(m.key, m.label.split()[0]) for m in months]
    )
    return rows, months, live


def write_report(path: Path, month: tuple[int, int], today: dt.date, out: Path | None = None) -> Path:
    book = open_workbook(path)
    rows, months, live = report_inputs(book)
    report = monthly_report(rows, months, month, today)
    office = document_settings(book).get("office")
    made = format_datetime(dt.datetime.combine(today, dt.time(9, 0), dt.timezone(dt.timedelta(hours=8))))
    render_plan(book, report_plan(report, made, office if isinstance(office, str) else None, live))
    book.calculation.fullCalcOnLoad = True
    return save(book, out or path)
