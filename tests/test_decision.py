"""The decision page (Penetapan) as a document: its settings checked (the NIP), and every formula it holds carrying
the value LibreOffice computes for it, whatever Pengaturan says (the rule's settings, the document's lines).

What the printed page looks like is checked in test_printouts.py.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from support import CSV_ALL_SHEETS, GOOD_AND_BAD_ROWS, counts_workbook, csv_sheet, libreoffice_convert

from xl_addin import layout
from xl_addin.cells import DecisionPage, Formula, decision_document, decision_target_letters
from xl_addin.cli import main
from xl_addin.document import document_notices, nip_problem
from xl_addin.plan import plan_targets
from xl_addin.workbook import CellValues, FileBook, TableArea, find_table, read_counts, read_settings

# (typed in the NIP cell, a piece of what the user is told, or None when it is right or not filled in yet)
NIPS = [
    ("196805121990031001", None),
    ("19680512 199003 1 001", None),  # as printed on documents
    ("  19680512  199003 1 001 ", None),  # extra spaces typed by hand
    (layout.BLANK, None),  # the template's blank: printed as dots, filled by hand
    ("(NIP)", None),  # an older template's placeholder
    (None, None),
    ("19680512 199003 1 00", "memuat 17 angka"),
    ("1968051219900310011", "memuat 19 angka"),
    ("19680512-199003-1-001", "selain angka dan spasi"),
    ("NIP 196805121990031001", "selain angka dan spasi"),
    ("１９６８０５１２１９９００３１００１", "selain angka dan spasi"),  # full-width digits are not typed on a document
    (1.96805121990031e17, "tersimpan sebagai bilangan (196805121990031008)"),  # Excel kept 15 digits
    (196805121990031001, "tersimpan sebagai bilangan (196805121990031001)"),
    (True, "nilai logika"),
]


@pytest.mark.parametrize("typed, said", NIPS, ids=[repr(typed) for typed, _ in NIPS])
def test_the_nip_is_18_digits_spaces_allowed(typed, said):
    problem = nip_problem(typed)
    if said is None:
        assert problem is None
    else:
        assert said in problem and "NIP" in problem
        assert document_notices({"nip": typed}) == [f"Perhatian: {problem}"]


def test_a_bad_nip_is_told_by_fill_and_leaves_the_targets_alone(tmp_path, capsys):
    source = counts_workbook(tmp_path / "satker.xlsx", GOOD_AND_BAD_ROWS[:3])
    book = openpyxl.load_workbook(source)
    ((sheet, cell),) = book.defined_names["NIP_Penanda_Tangan"].destinations
    book[sheet][cell.replace("$", "")] = "19680512 199003 1"
    book.save(source)
    assert main(["fill", str(source)]) == 0
    out = capsys.readouterr().out
    assert "Perhatian: NIP penanda tangan '19680512 199003 1' memuat 15 angka; NIP terdiri atas 18 angka" in out
    assert "Target 3 satker berhasil dihitung." in out


def test_the_template_keeps_a_typed_nip_as_text():
    from support import TEMPLATE

    book = openpyxl.load_workbook(TEMPLATE)
    ((sheet, cell),) = book.defined_names["NIP_Penanda_Tangan"].destinations
    nip = book[sheet][cell.replace("$", "")]
    assert nip.number_format == "@"  # what a clerk types stays text: all 18 digits
    [rule] = [r for r in book[sheet].data_validations.dataValidation if nip.coordinate in str(r.sqref).split()]
    assert rule.type == "custom" and "18" in rule.formula1 and "18 angka" in rule.error


# Pengaturan as offices fill it, each case changing what the page's formulas show.
SETTINGS_CASES = {
    "defaults": {},
    "an office's page": {
        "Kop_Baris_1": "KEMENTERIAN CONTOH",
        "Jenis_Naskah": "NOTA DINAS",
        "Nomor_Naskah": 'W.99-"UM"-01',  # a quote in a text the formulas show
        "Dasar_1": None,
        "Dasar_2": "Peraturan contoh kedua",  # numbered 1: the empty item before it takes no number
        "Dasar_3": "   ",  # spaces only: empty
        "Tanggal_Penetapan": dt.datetime(2024, 12, 31),
        "Jabatan_Penanda_Tangan": "Kepala Kantor Wilayah Kementerian Hukum dan Hak Asasi Manusia Provinsi Contoh",
        "NIP_Penanda_Tangan": 1.96805121990031e17,
    },
    "other rule settings": {
        "Dasar_N": "jumlah seluruh bulan dasar",
        "Slovin_e": "10%",
        "KM_Kepercayaan": 0.975,
        "KM_P": 0.3,
        "Pembulatan_Slovin": "terdekat",
        "Batas_Minimal": 30,
        "Ambang_N": 50,
    },
}


@pytest.mark.libreoffice
@pytest.mark.parametrize("case", list(SETTINGS_CASES))
def test_every_formula_of_the_page_carries_the_value_libreoffice_computes(case, tmp_path, lo_profile):
    source = counts_workbook(tmp_path / "satker.xlsx", [*GOOD_AND_BAD_ROWS[:3], ("Satker Contoh 12345", 30, 31, 29)])
    book = openpyxl.load_workbook(source)
    for name, value in SETTINGS_CASES[case].items():
        ((sheet, cell),) = book.defined_names[name].destinations
        book[sheet][cell.replace("$", "")] = value
    book.save(source)
    assert main(["fill", str(source)]) == 0

    # the values the page's formulas carry, as this package works them out from the filled workbook
    book = openpyxl.load_workbook(source)
    values = CellValues(book)
    settings, _ = read_settings(book, values)
    targets = plan_targets(read_counts(book, settings, values)[0], settings)
    names = [setting.defined_name for setting in (*layout.SETTINGS, *layout.DOCUMENT_SETTINGS)]
    carried = {
        (line.row, line.columns[0]): line.value
        for line in decision_document(settings, FileBook(book).named_values(names)[0])
    }
    target_area = TableArea.of(*find_table(book, layout.TABLE_TARGETS))
    page = DecisionPage(layout.DECISION_HEADER_ROW, layout.DECISION_HEADER_ROW + 1, len(targets))
    letters = decision_target_letters(target_area.headers, target_area.first_column)
    for row, cells in enumerate(page.block(target_area.first_row, letters, targets), start=page.first_row):
        carried.update({(row, column): value for column, value in enumerate(cells, start=1)})
    formulas = {place: value for place, value in carried.items() if isinstance(value, Formula)}
    assert len(formulas) >= 14 + 4 * len(targets)
    sheet = book[layout.SHEET_DECISION]
    for (row, column), formula in formulas.items():  # the same formulas as the fill wrote
        assert sheet.cell(row, column).value == str(formula), (row, column)

    computed = csv_sheet(
        libreoffice_convert(source, tmp_path / "csv", CSV_ALL_SHEETS, lo_profile), layout.SHEET_DECISION
    )
    for (row, column), formula in formulas.items():
        shown = computed[row - 1][column - 1]
        value = formula.value
        assert shown == (str(value) if not isinstance(value, float) else f"{value:g}"), (
            case,
            row,
            column,
            str(formula),
        )
