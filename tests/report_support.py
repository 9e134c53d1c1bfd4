"""The monthly report on a workbook file for the tests: the real command (``report_command.make_report_file``) at a
fixed time, and a Kanwil of 26 invented satker (CONTOH) with Realisasi typed as a clerk types it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xl_addin import layout
from xl_addin.period import month_label
from xl_addin.report_command import make_report_file
from xl_addin.workbook import TableArea, find_table, save

WITA = dt.timezone(dt.timedelta(hours=8))


def write_report(path: Path, month: tuple[int, int], today: dt.date, out: Path | None = None) -> Path:
    """``xl-addin laporan`` on ``path`` for ``month`` as named in Indonesian ("Agustus 2024"), at 09.00 WITA on
    ``today``; returns the file saved."""
    when = dt.datetime.combine(today, dt.time(9, 0), WITA)
    outcome = make_report_file(path, month_label(*month), out, now=when)
    assert outcome.output is not None
    return outcome.output


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
        column = area.column_of(
            layout.realisation_column(survey, month_label(*layout.DEFAULT_TARGET_PERIOD.month_of(month)))
        )
        write_cell(area.sheet.cell(area.first_row + offset, column), value)
    if chart_month is not None:
        ((sheet, cell),) = book.defined_names[layout.NAME_CHART_MONTH].destinations
        book[sheet][cell.replace("$", "")] = chart_month
    save(book, path)
