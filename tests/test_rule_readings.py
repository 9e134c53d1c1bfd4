"""The rule as offices read it: where N comes from, a floor, the change from the old flat 30, sanity notes,
example rows, formulas that agree with the table, and the Kalkulator and table sheets that need no Python."""

from __future__ import annotations

import math

import openpyxl
import oracle
import pytest
from support import (
    CSV_ALL_SHEETS,
    TEMPLATE,
    counts_workbook,
    csv_sheet,
    libreoffice_convert,
    template_book,
    write_realisation,
)

from xl_addin import InputError, layout, udfs
from xl_addin.build.template import CALCULATOR_INPUTS, KM_TABLE_POPULATIONS, calculator_cells
from xl_addin.cli import main
from xl_addin.consolidate import ABOVE_POPULATION, EXAMPLE_ROWS, consolidate
from xl_addin.plan import CountRow, Settings, comparison_with_old_rule, plan_targets
from xl_addin.sampling import krejcie_morgan, minimum_respondents, slovin
from xl_addin.workbook import fill

# An invented example: a small satker (12, 9, 15 users), a middling one and a large one.
ROWS = [
    CountRow("Rutan Contoh", [12, 9, 15], 5),
    CountRow("Bapas Contoh", [21, 18, 25], 6),
    CountRow("Kanim Contoh", [1850, 1720, 1905], 7),
]


def test_population_from_the_monthly_average_or_the_quarter_total():
    average = {t.satker: t for t in plan_targets(ROWS)}
    total = {t.satker: t for t in plan_targets(ROWS, Settings.from_cells({"Dasar_N": "jumlah seluruh bulan dasar"}))}
    assert average["Rutan Contoh"].population == 12 and total["Rutan Contoh"].population == 36  # 12+9+15
    assert average["Bapas Contoh"].population == 22 and total["Bapas Contoh"].population == 64  # 21+18+25
    assert total["Bapas Contoh"].target == krejcie_morgan(64) > average["Bapas Contoh"].target == slovin(22)
    assert average["Bapas Contoh"].note.startswith("N = (21 + 18 + 25) / 3 = 21,33 → 22.")  # rounded up
    assert total["Bapas Contoh"].note.startswith("N = 21 + 18 + 25 = 64.")


def test_a_floor_raises_small_targets_but_never_above_n():
    settings = Settings.from_cells({"Batas_Minimal": 30})
    targets = {t.satker: t for t in plan_targets(ROWS, settings)}
    # N = 12 < 30: every user is a respondent; N = 22: Slovin 21 → floor 30 → but N = 22 caps it
    assert targets["Rutan Contoh"].target == 12 and targets["Bapas Contoh"].target == 22
    assert targets["Kanim Contoh"].target == 317  # above the floor: untouched
    rows = plan_targets([CountRow("Lapas Contoh", [40, 40, 40])], settings)
    assert rows[0].sample.computed == krejcie_morgan(40) == 36 and rows[0].target == 36
    rows = plan_targets([CountRow("Lapas Contoh", [35, 35, 35])], Settings.from_cells({"Batas_Minimal": "33"}))
    assert rows[0].sample.computed == 32 and rows[0].target == 33
    assert "batas minimal 33 → 33" in rows[0].formula and "batas minimal" in rows[0].note
    assert (
        minimum_respondents(10, floor=30).size == 10
        and "seluruh pengguna layanan" in minimum_respondents(10, floor=30).explanation
    )


@pytest.mark.parametrize(
    "cells, wanted",
    [
        ({"Dasar_N": "bulanan"}, "'rata-rata per bulan' atau 'jumlah seluruh bulan dasar'"),
        ({"Dasar_N": None}, "'rata-rata per bulan' atau 'jumlah seluruh bulan dasar'"),
        ({"Batas_Minimal": -1}, "bilangan bulat ≥ 0"),
        ({"Batas_Minimal": 2.5}, "bilangan bulat ≥ 0"),
        ({"Batas_Minimal": "tiga puluh"}, "bilangan bulat ≥ 0"),
    ],
    ids=repr,
)
def test_the_new_settings_have_bad_input_messages(cells, wanted):
    with pytest.raises(InputError) as raised:
        Settings.from_cells(cells)
    assert wanted in raised.value.user_message
    assert Settings.from_cells({"Batas_Minimal": ""}).floor is None  # an empty floor is no floor


def test_the_old_rule_and_the_change_from_it():
    targets = plan_targets(ROWS)
    assert [(t.old_target, t.target, t.change) for t in targets] == [(12, 12, 0), (22, 21, -1), (30, 317, 287)]
    assert comparison_with_old_rule(targets).endswith("target 1 satker naik, 1 satker turun, 1 satker tetap.")


def test_a_target_above_the_quietest_month_is_noted():
    [rutan] = plan_targets([ROWS[0]])  # 12, 9, 15 users → N 12 → 12 respondents, more than February's 9
    assert rutan.ok and rutan.note == "N = (12 + 9 + 15) / 3 = 12. Perhatian: bulan Februari hanya 9 pengguna layanan."
    [kanim] = plan_targets([ROWS[2]])
    assert "Perhatian" not in kanim.note


def test_fill_writes_the_comparison_columns_and_line(tmp_path, capsys):
    source = counts_workbook(
        tmp_path / "satker.xlsx", [("Rutan Contoh", 12, 9, 15), ("Kanim Contoh", 1850, 1720, 1905)]
    )
    assert main(["fill", str(source)]) == 0
    printed = capsys.readouterr().out
    assert "target 1 satker naik, 0 satker turun, 1 satker tetap" in printed
    sheet = openpyxl.load_workbook(source)[layout.SHEET_TARGETS]
    header = [cell.value for cell in sheet[layout.TABLE_HEADER_ROW]]
    old, change = header.index(layout.COLUMN_OLD_TARGET) + 1, header.index(layout.COLUMN_CHANGE) + 1
    assert [(sheet.cell(r, old).value, sheet.cell(r, change).value) for r in (5, 6)] == [(12, 0), (30, 287)]
    ((name_sheet, cell),) = openpyxl.load_workbook(source).defined_names[layout.NAME_TARGET_SUMMARY].destinations
    assert name_sheet == layout.SHEET_TARGETS and sheet[cell.replace("$", "")].value.startswith("Dibandingkan aturan")


def test_example_rows_are_warned_about_in_fill_and_in_the_summary(tmp_path, capsys):
    source = tmp_path / "satker.xlsm"
    source.write_bytes(TEMPLATE.read_bytes())
    assert main(["fill", str(source)]) == 0
    assert "masih memuat 8 baris CONTOH" in capsys.readouterr().out
    result = consolidate([source], tmp_path / "rekap.xlsx")
    [example] = [p for p in result.problems if p.kind == EXAMPLE_ROWS]
    assert "8 baris CONTOH" in example.detail


def test_the_summary_flags_realisasi_above_n(tmp_path):
    book = template_book()
    path = counts_workbook(tmp_path / "a.xlsx", [("Rutan Contoh", 12, 9, 15)], book=book)
    book = openpyxl.load_workbook(path)
    write_realisation(book, ["Rutan Contoh"], {"Rutan Contoh": {("SPKP", "Juli"): 40, ("SPAK", "Juli"): 12}})
    book.save(path)
    fill(path)
    result = consolidate([path], tmp_path / "rekap.xlsx")
    [above] = [p for p in result.problems if p.kind == ABOVE_POPULATION]
    assert "N = 12" in above.detail and "SPKP Juli 2024 (40)" in above.detail and "SPAK" not in above.detail


SETTINGS_CASES = [
    {},
    {"Ambang_N": 50, "Slovin_e": 0.1, "Pembulatan_Slovin": "terdekat", "Batas_Minimal": 30},
    {"KM_d": 0.03, "KM_Kepercayaan": 0.99, "KM_P": 0.3, "Pembulatan_KM": "ke atas", "Batas_Minimal": 20},
]


@pytest.mark.parametrize("cells", SETTINGS_CASES, ids=["defaults", "threshold-e-floor", "km-up-floor"])
def test_the_formula_in_a_cell_agrees_with_the_table_when_given_the_named_settings(cells):
    """=RESPONDEN_MINIMAL(N; Ambang_N; Slovin_e; KM_d; KM_Kepercayaan; KM_P; Pembulatan_Slovin; Pembulatan_KM;
    Batas_Minimal), with the named cells' values, gives the table's target for every N."""
    settings = Settings.from_cells(cells)
    named = settings.as_cells()
    arguments = [
        named[name]
        for name in (
            "Ambang_N",
            "Slovin_e",
            "KM_d",
            "KM_Kepercayaan",
            "KM_P",
            "Pembulatan_Slovin",
            "Pembulatan_KM",
            "Batas_Minimal",
        )
    ]
    populations = [0, 1, 7, 12, 19, 20, 29, 30, 31, 49, 50, 51, 100, 384, 1000, 9000, 10**6]
    grid = udfs.RESPONDEN_MINIMAL([[float(n)] for n in populations], *arguments)
    table = plan_targets([CountRow(f"S{n}", [n, n, n]) for n in populations], settings)
    assert [row[0] for row in grid] == [t.target for t in table]
    assert udfs.RESPONDEN_MINIMAL([[25.0]], None, None, None, None, None, "bawah") == [
        ["#Pembulatan harus 'ke atas' atau 'terdekat'"]
    ]


# -- the sheets that need no Python, recalculated by LibreOffice -------------------------------------------


@pytest.mark.libreoffice
def test_the_reference_sheet_reproduces_the_1970_table(km_table, lo_profile, tmp_path):
    assert [n for n, _ in km_table] == list(KM_TABLE_POPULATIONS)  # the sheet lists exactly the published Ns
    files = libreoffice_convert(TEMPLATE, tmp_path / "csv", CSV_ALL_SHEETS, lo_profile)
    sheet = csv_sheet(files, layout.SHEET_KM_TABLE)
    header, rows = sheet[layout.TABLE_HEADER_ROW - 1], sheet[layout.TABLE_HEADER_ROW :]
    blocks = [column for column, text in enumerate(header) if text == layout.COLUMN_KM_N]  # read down, block by block
    assert len(blocks) == 3 and all(header[column + 1] == layout.COLUMN_KM_S for column in blocks)
    computed = [(int(row[c]), int(row[c + 1])) for c in blocks for row in rows if len(row) > c and row[c]]
    assert computed == km_table


def _calculator_copy(settings: dict, population: int, book) -> None:
    sheet = book.copy_worksheet(book[layout.SHEET_CALCULATOR])
    sheet.title = f"K{len(book.worksheets)}"
    cells = calculator_cells()
    sheet[cells["N"]] = population
    for key, value in settings.items():
        sheet[cells[key]] = value


CALCULATOR_SETTINGS = [
    {},
    {"threshold": 50, "e": 0.1, "slovin_rounding": "terdekat", "floor": 30},
    {"d": 0.03, "confidence": 0.99, "P": 0.3, "km_rounding": "ke atas"},
]
CALCULATOR_N = [0, 1, 9, 25, 29, 30, 31, 49, 50, 120, 384, 1000, 9000, 40000]


@pytest.mark.libreoffice
def test_the_calculator_equals_python(lo_profile, tmp_path):
    book = openpyxl.load_workbook(TEMPLATE)
    cases = [(settings, n) for settings in CALCULATOR_SETTINGS for n in CALCULATOR_N]
    for settings, n in cases:
        _calculator_copy(settings, n, book)
    path = tmp_path / "kalkulator.xlsx"
    book.save(path)
    files = libreoffice_convert(path, tmp_path / "csv", CSV_ALL_SHEETS, lo_profile)
    cells = calculator_cells()
    defaults = {key: default for key, (_, default, _) in zip(cells, CALCULATOR_INPUTS)}
    for index, (settings, n) in enumerate(cases):
        grid = csv_sheet(files, f"K{len(book.worksheets) - len(cases) + index + 1}")

        def value(key: str, grid=grid) -> str:
            row, column = int(cells[key][1:]), ord(cells[key][0]) - 64
            return grid[row - 1][column - 1]

        given = {**defaults, **settings}
        expected = oracle.expected(  # the rule worked out independently (tests/oracle.py)
            n,
            threshold=given["threshold"],
            e=given["e"],
            d=given["d"],
            confidence=given["confidence"],
            p=given["P"],
            slovin_rounding="up" if given["slovin_rounding"] == "ke atas" else "nearest",
            km_rounding="up" if given["km_rounding"] == "ke atas" else "nearest",
            floor=given["floor"],
        )
        assert int(value("target")) == expected.target, (settings, n)
        assert value("method") == {"slovin": "Slovin", "krejcie_morgan": "Krejcie & Morgan"}[expected.method]
        # χ² as the published tables print it, whichever formula this N uses (3,841 at 95 %, 6,635 at 99 %)
        assert math.isclose(float(value("chi2")), float(oracle.CHI_SQUARE[given["confidence"]])), (settings, n)
        assert value("formula").startswith("n = " if expected.method == "slovin" else "s = "), value("formula")


def test_the_calculator_s_prompts_give_each_input_its_own_example_and_its_rows_line_up():
    sheet = openpyxl.load_workbook(TEMPLATE)[layout.SHEET_CALCULATOR]
    cells = calculator_cells()
    said = {}
    for rule in sheet.data_validations.dataValidation:
        for key, cell in cells.items():
            if cell in str(rule.sqref).split():
                said[key] = rule.error
    # the usual values as the Indonesian rule states them: e and d 0,05, confidence 0,95, P 0,5
    assert "0,05" in said["e"] and "0,05" in said["d"]
    assert "misalnya 0,95" in said["confidence"] and "0,05" not in said["confidence"]
    assert "misalnya 0,5." in said["P"] and "0,05" not in said["P"]
    # each row's label, value and note start on the same line, the numbers with the wrapped labels beside them
    for key, cell in cells.items():
        row = int(cell[1:])
        looks = {sheet.cell(row, column).alignment.vertical for column in (1, 2) if sheet.cell(row, column).value}
        assert looks == {"top"}, (key, looks)
