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
    sheet = render_plan(book, report_plan(report, made, office if isinstance(office, str) else None, live))
    if layout.SHEET_CHART in book.sheetnames:  # the head reads it after the charts
        book.move_sheet(sheet, book.index(book[layout.SHEET_CHART]) + 1 - book.index(sheet))
    book.calculation.fullCalcOnLoad = True
    return save(book, out or path)


# -- a Kanwil of 26 invented satker (CONTOH: names and numbers are fictitious) ----------------------------------

KINDS = (
    "Kantor Imigrasi Kelas II TPI",
    "Lembaga Pemasyarakatan Kelas IIB",
    "Rumah Tahanan Negara Kelas IIB",
    "Balai Pemasyarakatan Kelas II",
    "Rumah Penyimpanan Benda Sitaan Negara Kelas II",
)
SATKER = [(f"{KINDS[i % 5]} Kota Fiktif {i + 1}", 40 + 7 * i, 44 + 40 * i, 11 + 25 * i * i % 900) for i in range(26)]
OFFICE = "Kantor Wilayah Contoh (fiktif)"


def kanwil_workbook(path: Path, satker: int = 26) -> Path:
    """The template filled for ``satker`` invented satker (Realisasi rows added by the fill), office named."""
    import shutil

    import openpyxl
    from support import TEMPLATE, set_table_rows

    from xl_addin.workbook import fill, write_cell

    shutil.copy(TEMPLATE, path)
    book = openpyxl.load_workbook(path, keep_vba=True)
    counts = book[layout.SHEET_COUNTS]
    for row in counts.iter_rows(min_row=5, max_row=40, max_col=4):
        for cell in row:
            cell.value = None
    for row, values in enumerate(SATKER[:satker], start=5):
        for column, value in enumerate(values, start=1):
            write_cell(counts.cell(row, column), value)
    set_table_rows(counts, layout.TABLE_COUNTS, 4 + satker)
    realisasi = book[layout.SHEET_REALISATION]
    for row in realisasi.iter_rows(min_row=5, max_row=12):
        for cell in row:
            if cell.row > 5 or cell.data_type != "f":  # as deleting the table's rows in Excel leaves it
                cell.value = None
    realisasi["A5"] = SATKER[0][0]
    set_table_rows(realisasi, layout.TABLE_REALISATION, 5)
    ((sheet, cell),) = book.defined_names["Nama_Kantor"].destinations
    book[sheet][cell.replace("$", "")] = OFFICE
    save(book, path, source=TEMPLATE)
    fill(path)
    return path


def type_realisation(path: Path, typed: dict[tuple[int, str, str], object], chart_month: str | None = None) -> None:
    """Type {(row offset, survey, "Juli"): value} into the Realisasi table as a clerk would (text stays text)."""
    import openpyxl

    from xl_addin.workbook import write_cell

    book = openpyxl.load_workbook(path, keep_vba=True)
    area = TableArea.of(*find_table(book, layout.TABLE_REALISATION))
    for (offset, survey, month), value in typed.items():
        column = area.column_of(layout.realisation_column(survey, month))
        write_cell(area.sheet.cell(area.first_row + offset, column), value)
    if chart_month is not None:
        ((sheet, cell),) = book.defined_names[layout.NAME_CHART_MONTH].destinations
        book[sheet][cell.replace("$", "")] = chart_month
    save(book, path)
