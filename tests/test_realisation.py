"""The Realisasi sheet: percentages, formatting, a native chart, and fill never touching it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter, range_boundaries
from support import (
    CSV_ALL_SHEETS,
    OWNED_AREAS,
    TEMPLATE,
    cell_snapshot,
    counts_workbook,
    csv_sheet,
    libreoffice_convert,
    set_table_rows,
    write_realisation,
)

from xl_addin import layout
from xl_addin.build.template import EXAMPLE_COUNTS
from xl_addin.realisation import headers_for
from xl_addin.workbook import fill, set_table_ref

# Respondents reached in July and August, typed by this test into the template's rows: (SPKP, SPAK) per satker in
# EXAMPLE_COUNTS order (invented; the template itself holds no realisasi numbers).
EXAMPLE_REALISATION = {
    "Juli": ((320, 305), (12, 11), (230, 244), (215, 199), (190, 193), (80, 77), (19, 21), (28, 30)),
    "Agustus": ((310, 322), (12, 12), (241, 238), (220, 216), (185, 192), (70, 79), (21, 22), (29, 28)),
}

# Where the rendered pictures go, for a human to look at (CI keeps them as artefacts).
ARTEFACTS = Path(os.environ.get("XL_ADDIN_ARTEFACTS", Path(__file__).resolve().parents[1] / "out" / "artefacts"))


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("realisasi")
    path = folder / "SPAK_SPKP.xlsm"
    shutil.copy(TEMPLATE, path)
    book = openpyxl.load_workbook(path, keep_vba=True)
    sheet = book[layout.SHEET_REALISATION]
    headers = [layout.header_key(cell.value) for cell in sheet[layout.TABLE_HEADER_ROW]]
    for month, rows in EXAMPLE_REALISATION.items():
        for offset, pair in enumerate(rows):
            for survey, value in zip(layout.SURVEYS, pair):
                column = headers.index(layout.header_key(layout.realisation_column(survey, f"{month} 2024"))) + 1
                sheet.cell(layout.TABLE_HEADER_ROW + 1 + offset, column, value)
    book.save(path)
    fill(path)
    return path


def test_fill_never_touches_realisasi(tmp_path):
    path = tmp_path / "SPAK_SPKP.xlsm"
    shutil.copy(TEMPLATE, path)
    book = openpyxl.load_workbook(path, keep_vba=True)
    book[layout.SHEET_REALISATION]["E5"] = 123  # a clerk types September's SPKP figure
    book.save(path)
    before = cell_snapshot(path, skip=OWNED_AREAS)
    fill(path)
    fill(path)
    after = cell_snapshot(path, skip=OWNED_AREAS)
    assert after == before
    assert openpyxl.load_workbook(path)[layout.SHEET_REALISATION]["E5"].value == 123


def test_realisasi_table_chart_and_formatting_survive_fill(filled):
    book = openpyxl.load_workbook(filled, keep_vba=True)
    sheet = book[layout.SHEET_REALISATION]
    table = sheet.tables[layout.TABLE_REALISATION]
    assert not table.totalsRowCount  # the totals sit above the header, so the table can grow at the bottom
    assert sheet.cell(layout.TABLE_HEADER_ROW - 1, 1).value.startswith("Jumlah")
    headers = [c.value for c in sheet[layout.TABLE_HEADER_ROW]][: len(headers_for(layout.DEFAULT_TARGET_PERIOD))]
    assert tuple(headers) == headers_for(layout.DEFAULT_TARGET_PERIOD)
    rules = sorted((rule for cf in sheet.conditional_formatting for rule in cf.rules), key=lambda rule: rule.priority)
    # a month not reported yet ("" from the formula) must stop before "≥ 1", which text would satisfy in Excel
    assert [(r.type, r.operator, r.stopIfTrue) for r in rules] == [
        ("containsBlanks", None, True),
        ("cellIs", "lessThan", None),
        ("cellIs", "greaterThanOrEqual", None),
    ]
    assert [r.formula[0] for r in rules[1:]] == ["1", "1"]
    assert sorted(chart.type for chart in book[layout.SHEET_CHART]._charts) == ["bar", "col"], "a chart was lost"
    assert layout.NAME_CHART_MONTH in book.defined_names


@pytest.mark.libreoffice
def test_libreoffice_computes_percentages_and_renders_the_chart(filled, tmp_path, lo_profile):
    profile = lo_profile
    files = libreoffice_convert(filled, tmp_path / "csv", CSV_ALL_SHEETS, profile)
    table = csv_sheet(files, layout.SHEET_REALISATION)
    header = [layout.header_key(h) for h in table[layout.TABLE_HEADER_ROW - 1]]
    targets = {
        row[0]: int(row[3])
        for row in csv_sheet(files, layout.SHEET_TARGETS)[layout.TABLE_HEADER_ROW :]
        if row and row[3]
    }
    for offset, (name, *_counts) in enumerate(EXAMPLE_COUNTS):
        row = table[layout.TABLE_HEADER_ROW + offset]
        assert int(row[header.index(layout.header_key(layout.COLUMN_TARGET))]) == targets[name]
        reached = EXAMPLE_REALISATION["Juli"][offset][0]
        shown = row[
            header.index(layout.header_key(layout.PERCENT_PREFIX + layout.realisation_column("SPKP", "Juli 2024")))
        ]
        assert float(shown.rstrip("%")) == pytest.approx(100 * reached / targets[name])
        charted = row[header.index(layout.header_key(layout.CHART_PREFIX + "SPKP"))]
        assert charted == shown  # the chart's month is Juli: its column shows Juli's percentage
    total = table[layout.TABLE_HEADER_ROW - 2]  # the totals line just above the header
    assert total[0].startswith("Jumlah")
    assert int(total[header.index(layout.header_key(layout.realisation_column("SPAK", "Agustus 2024")))]) == sum(
        v[1] for v in EXAMPLE_REALISATION["Agustus"]
    )

    pdf = libreoffice_convert(filled, tmp_path / "pdf", "pdf", profile)[0]
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTEFACTS.glob("halaman-*.png"):  # pages of an earlier run must not be mistaken for these
        old.unlink()
    shutil.copy(pdf, ARTEFACTS / "SPAK_SPKP_terisi.pdf")
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("pdftoppm (poppler-utils) is not installed; `bash .ci/run` installs it")
    subprocess.run([pdftoppm, "-png", "-r", "60", str(pdf), str(ARTEFACTS / "halaman")], check=True)
    pages = sorted(ARTEFACTS.glob("halaman-*.png"))
    assert pages, "LibreOffice rendered no page"
    # The chart sheet's satker page must show the chart's bars: the survey colours (blue 2E75B6, orange
    # C55A11) appear nowhere else in the workbook, so enough pixels of each mean the series were drawn.
    # The page is the one whose text carries the satker chart's heading.
    from PIL import Image  # pillow: in the test extra

    texts = [
        subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True).stdout
        for n in range(1, len(pages) + 1)
    ]
    [page] = [
        pages[n] for n, text in enumerate(texts) if "Target per Satuan Kerja, Juli 2024" in " ".join(text.split())
    ]
    colours = {colour: count for count, colour in Image.open(page).convert("RGB").getcolors(1 << 20)}
    for name, colour in (("SPKP (blue)", (46, 117, 182)), ("SPAK (orange)", (197, 90, 17))):
        assert colours.get(colour, 0) > 100, f"no {name} bars on {page.name}: look at it in {ARTEFACTS}"


def test_realisasi_follows_the_satker_and_never_touches_typed_numbers(tmp_path):
    """A new satker gets a row (name and formulas); a satker gone gets a note; typed numbers stay."""
    path = tmp_path / "SPAK_SPKP.xlsm"
    shutil.copy(TEMPLATE, path)
    book = openpyxl.load_workbook(path, keep_vba=True)
    counts = book[layout.SHEET_COUNTS]
    gone, *_ = EXAMPLE_COUNTS[1]
    counts["A6"] = "Lapas Contoh Baru"  # a clerk replaces the second example satker by another one
    book.save(path)
    before = cell_snapshot(path)
    fill(path)
    after = openpyxl.load_workbook(path)
    sheet = after[layout.SHEET_REALISATION]
    table = sheet.tables[layout.TABLE_REALISATION]
    headers = [layout.header_key(h) for h in headers_for(layout.DEFAULT_TARGET_PERIOD)]
    first = layout.TABLE_HEADER_ROW + 1
    new_row = first + len(EXAMPLE_COUNTS)
    assert table.ref.endswith(str(new_row)) and table.autoFilter.ref == table.ref
    assert sheet.cell(new_row, 1).value == "Lapas Contoh Baru"
    target_formula = sheet.cell(new_row, headers.index(layout.header_key(layout.COLUMN_TARGET)) + 1).value
    assert target_formula.startswith("=IFERROR(INDEX(") and f"$A{new_row}" in target_formula
    note = {
        sheet.cell(row, 1).value: sheet.cell(row, headers.index(layout.header_key(layout.COLUMN_NOTE)) + 1).value
        for row in range(first, new_row + 1)
    }
    assert "tidak ada lagi" in note[gone] and note["Lapas Contoh Baru"] is None
    # every number a clerk typed is where it was
    for (title, coordinate), value in before.items():
        if title == layout.SHEET_REALISATION and isinstance(value, (int, float)):
            assert sheet[coordinate].value == value, coordinate
    # the chart now draws the new row too
    [chart] = [chart for chart in after[layout.SHEET_CHART]._charts if chart.type == "bar"]
    assert all(series.val.numRef.f.endswith(f"${new_row}") for series in chart.series)
    assert chart.series[0].cat.strRef.f.endswith(f"${new_row}")
    # and a second fill changes nothing more
    fill(path)
    assert openpyxl.load_workbook(path)[layout.SHEET_REALISATION].tables[layout.TABLE_REALISATION].ref == table.ref


def test_the_template_s_example_rows_leak_no_number_and_are_reported_until_deleted(tmp_path, capsys):
    from xl_addin.cli import main

    path = tmp_path / "SPAK_SPKP.xlsm"
    shutil.copy(TEMPLATE, path)
    sheet = openpyxl.load_workbook(path)[layout.SHEET_REALISATION]
    body = sheet.iter_rows(min_row=layout.TABLE_HEADER_ROW + 1, max_row=layout.TABLE_HEADER_ROW + len(EXAMPLE_COUNTS))
    typed = [cell.value for row in body for cell in row if cell.data_type != "f" and cell.column > 1]
    assert typed and all(value is None for value in typed), "the template's Realisasi holds numbers"
    # A clerk follows Petunjuk on Pengguna Layanan only: the CONTOH rows are replaced by the office's satker.
    book = openpyxl.load_workbook(path, keep_vba=True)
    counts = book[layout.SHEET_COUNTS]
    for offset, row in enumerate(counts.iter_rows(min_row=5, max_row=4 + len(EXAMPLE_COUNTS), max_col=4)):
        for cell, value in zip(row, (f"Satker Nyata {offset}", 100, 110, 120)):
            cell.value = value
    book.save(path)
    assert main(["fill", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"tabel {layout.TABLE_REALISATION} (sheet {layout.SHEET_REALISATION}) masih memuat 8 baris CONTOH" in out
    assert "Pengguna Layanan masih memuat" not in out
    assert main(["fill", "--strict", str(path)]) == 3  # CONTOH rows left: not done
    capsys.readouterr()
    # the clerk deletes them (the rows below move up, the table shrinks; only the names matter here)
    book = openpyxl.load_workbook(path, keep_vba=True)
    sheet = book[layout.SHEET_REALISATION]
    sheet.delete_rows(layout.TABLE_HEADER_ROW + 1, len(EXAMPLE_COUNTS))
    set_table_rows(sheet, layout.TABLE_REALISATION, layout.TABLE_HEADER_ROW + len(EXAMPLE_COUNTS))
    book.save(path)
    assert main(["fill", "--strict", str(path)]) == 0
    assert "CONTOH" not in capsys.readouterr().out


def _targets_moved_one_column_right(book) -> None:
    """A clerk inserted a column before the targets table: it now starts in column B."""
    sheet = book[layout.SHEET_TARGETS]
    table = sheet.tables[layout.TABLE_TARGETS]
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    sheet.move_range(f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}", cols=1)
    set_table_ref(table, f"{get_column_letter(min_col + 1)}{min_row}:{get_column_letter(max_col + 1)}{max_row}")


def test_a_new_realisasi_row_looks_its_target_up_where_the_targets_table_has_it(tmp_path):
    rows = [("Satker Contoh A", 100, 100, 100), ("Satker Contoh Baru", 12, 12, 12)]

    def edit(book):
        write_realisation(book, ["Satker Contoh A"])  # the new satker has no Realisasi row yet
        _targets_moved_one_column_right(book)

    path = counts_workbook(tmp_path / "geser.xlsx", rows, edit=edit)
    fill(path)
    book = openpyxl.load_workbook(path)
    sheet = book[layout.SHEET_REALISATION]
    new_row = layout.TABLE_HEADER_ROW + 2
    assert sheet.cell(new_row, 1).value == "Satker Contoh Baru"
    # the satker names are now in column B of Target Responden and the targets in column E
    assert sheet.cell(new_row, 2).value == (
        f"=IFERROR(INDEX('Target Responden'!$E:$E,MATCH($A{new_row},'Target Responden'!$B:$B,0)),\"\")"
    )
    targets = book[layout.SHEET_TARGETS]
    assert [targets.cell(layout.TABLE_HEADER_ROW + 2, column).value for column in (2, 5)] == ["Satker Contoh Baru", 12]
