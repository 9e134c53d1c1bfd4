"""The macro-free copy for email: what it holds, what it drops, and that a real spreadsheet agrees."""

from __future__ import annotations

import re
import zipfile

import openpyxl
import pytest
from support import CSV_ALL_SHEETS, GOOD_AND_BAD_ROWS, TEMPLATE, counts_workbook, csv_sheet, libreoffice_convert

from xl_addin import XlAddinError, __version__, layout
from xl_addin.cli import main
from xl_addin.document import UncheckedRows
from xl_addin.export import _UDF_MARKS, UDF_NAMES, default_copy_path, export, udf_value
from xl_addin.layout import SHEET_STAMP as STAMP_SHEET
from xl_addin.plan import CountRow, Settings, plan_targets


def test_copy_has_no_macros_ribbon_or_xlwings_and_leaves_the_source_alone(tmp_path):
    source = tmp_path / "SPAK_SPKP.xlsm"
    source.write_bytes(TEMPLATE.read_bytes())
    before = source.read_bytes()
    copy = export(source)
    assert copy == default_copy_path(source) and copy.suffix == ".xlsx"
    assert source.read_bytes() == before
    with zipfile.ZipFile(copy) as archive:
        names = archive.namelist()
        content_types = archive.read("[Content_Types].xml").decode()
        root_rels = archive.read("_rels/.rels").decode()
    assert not [n for n in names if "vbaProject" in n or n.startswith("customUI")]
    assert "macroEnabled" not in content_types and "ui/extensibility" not in root_rels
    book = openpyxl.load_workbook(copy)
    assert layout.SHEET_XLWINGS_CONF not in book.sheetnames
    assert book.sheetnames[0] == STAMP_SHEET
    stamp = {row[0]: row[1] for row in book[STAMP_SHEET].iter_rows(values_only=True) if row[0]}
    assert stamp["Dihitung dengan"] == f"xl_addin {__version__}"
    assert "e (batas toleransi kesalahan Slovin): 0,05" in stamp["Pengaturan"]
    assert "Ambang N (batas metode): 30" in stamp["Pengaturan"] and "Slovin_e" not in stamp["Pengaturan"]
    assert "BELUM diperbarui" in stamp["Catatan"]  # the template's targets table is empty


def test_copy_targets_are_recomputed_and_match_the_plan(tmp_path):
    source = counts_workbook(tmp_path / "satker.xlsx")
    copy = export(source, tmp_path / "copy.xlsx", ignore_unchecked=True)  # its PERIKSA rows are computed too
    book = openpyxl.load_workbook(copy)
    sheet = book[layout.SHEET_TARGETS]
    rows = list(sheet[sheet.tables[layout.TABLE_TARGETS].ref])
    headers = [c.value for c in rows[0]]
    got = [dict(zip(headers, (c.value for c in row))) for row in rows[1:]]
    counts = openpyxl.load_workbook(source)[layout.SHEET_COUNTS]
    expected = plan_targets(
        [CountRow(r[0], r[1:4]) for r in counts.iter_rows(min_row=5, max_row=4 + len(got), values_only=True)]
    )
    assert [g["Target per Bulan"] for g in got] == [t.target for t in expected]
    assert [g["Satuan Kerja"] for g in got] == [t.satker or None for t in expected]


def test_udf_formulas_become_values(tmp_path):
    source = counts_workbook(tmp_path / "satker.xlsx")
    book = openpyxl.load_workbook(source)
    sheet = book[layout.SHEET_COUNTS]
    sheet["G5"] = "=RESPONDEN_MINIMAL(B6)"  # B6 holds 12 → Slovin 12
    sheet["G6"] = "=SLOVIN(25,0.1)"  # 25 / 1.25 = 20
    sheet["G7"] = "=METODE_SAMPEL('Pengguna Layanan'!B5)"  # 1850 → Krejcie & Morgan
    sheet["G8"] = "=SUM(B5:B6)"  # not ours: stays a formula
    book.save(source)
    copy = export(source, tmp_path / "copy.xlsx", ignore_unchecked=True)
    values = openpyxl.load_workbook(copy)[layout.SHEET_COUNTS]
    assert [values[c].value for c in ("G5", "G6", "G7", "G8")] == [12, 20, "Krejcie & Morgan", "=SUM(B5:B6)"]


def test_udf_value_explains_what_it_cannot_compute():
    book = openpyxl.Workbook()
    assert "hanya dapat dihitung di Excel" in udf_value(book, book.active, "=SLOVIN(A1:A3*2)")
    assert "hanya dapat dihitung di Excel" in udf_value(book, book.active, "=2*RESPONDEN_MINIMAL(A1)")
    assert udf_value(book, book.active, "=SUM(1,2)") is None


def test_the_quick_look_for_a_udf_call_misses_none():
    # udf_value skips a formula without V, J or "_"; the search ignores case, so no other character may match them
    assert all(any(mark in name for mark in _UDF_MARKS) for name in UDF_NAMES)
    marks = re.compile("[" + "".join(_UDF_MARKS) + "]", re.IGNORECASE)
    assert [chr(c) for c in range(0x110000) if marks.fullmatch(chr(c))] == sorted(_UDF_MARKS)
    book = openpyxl.Workbook()
    assert [udf_value(book, book.active, f) for f in ("=sLoViN(25, 0.1)", "=KrEjCiE(9000)", "=metode_sampel(10)")] == [
        20,
        368,
        "Slovin",
    ]


@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"Slovin_e": 0.1, "Pembulatan_KM": "ke atas", "Ambang_N": 50},
        {"KM_Kepercayaan": 0.99, "KM_d": 0.1, "KM_P": 0.3, "Pembulatan_Slovin": "terdekat"},
        {"Batas_Minimal": 30, "Dasar_N": "jumlah seluruh bulan dasar"},
    ],
    ids=["defaults", "e10-up-threshold50", "conf99-d10-p30", "floor30-total"],
)
@pytest.mark.libreoffice
def test_libreoffice_recomputes_every_target_with_native_formulas(tmp_path, lo_profile, settings):
    rows = [(f"Satker Contoh {n}", n, n, n) for n in (0, 1, 7, 29, 30, 31, 49, 50, 120, 384, 1000, 9000, 40000)]
    source = counts_workbook(tmp_path / "satker.xlsx", rows)
    book = openpyxl.load_workbook(source)
    for name, value in settings.items():
        sheet_name, coordinate = next(iter(book.defined_names[name].destinations))
        book[sheet_name][coordinate.replace("$", "")] = value
    book.save(source)
    copy = export(source, tmp_path / "copy.xlsx")
    files = libreoffice_convert(copy, tmp_path / "csv", CSV_ALL_SHEETS, lo_profile)
    table = csv_sheet(files, layout.SHEET_TARGETS)
    header = table[layout.TABLE_HEADER_ROW - 1]
    body = table[layout.TABLE_HEADER_ROW : layout.TABLE_HEADER_ROW + len(rows)]
    target, check = header.index(layout.COLUMN_TARGET), header.index(layout.COLUMN_EXCEL_CHECK)
    python = [t.target for t in plan_targets([CountRow(*r[:1], r[1:]) for r in rows], Settings.from_cells(settings))]
    assert [int(r[target]) for r in body] == python
    assert [int(r[check]) for r in body] == python, "LibreOffice's native formula disagrees with Python"


def test_export_refuses_bad_destinations_and_sources(tmp_path):
    source = counts_workbook(tmp_path / "satker.xlsx")
    with pytest.raises(XlAddinError, match=r"\.xlsx"):
        export(source, tmp_path / "copy.xlsm")
    with pytest.raises(XlAddinError):
        export(source, source)
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"bukan excel")
    with pytest.raises(XlAddinError) as raised:
        export(broken, tmp_path / "out.xlsx")
    assert "Excel" in raised.value.user_message
    assert not (tmp_path / "out.xlsx").exists()


def test_cli_export(tmp_path, capsys):
    source = counts_workbook(tmp_path / "satker.xlsx", GOOD_AND_BAD_ROWS[:3])
    assert main(["export", str(source), "-o", str(tmp_path / "kirim.xlsx")]) == 0
    assert "kirim.xlsx" in capsys.readouterr().out
    assert main(["export", str(tmp_path / "hilang.xlsm")]) == 2


def test_export_refuses_while_a_satker_needs_checking(tmp_path, capsys):
    # GOOD_AND_BAD_ROWS: rows 8 to 13 have a problem each (blank, negative, fractional, text, duplicate twice), row 13
    # has no name
    source = counts_workbook(tmp_path / "satker.xlsx")
    copy = tmp_path / "kirim.xlsx"
    with pytest.raises(UncheckedRows) as raised:
        export(source, copy)
    message = raised.value.user_message
    assert message.startswith("Data 7 satuan kerja perlu diperiksa (bertanda PERIKSA") and "Penetapan" in message
    assert "baris 5 (Satker Contoh A), baris 8 (Satker Contoh D)" in message and "dan 2 baris lain" in message
    assert not copy.exists()
    # the command line says how to go ahead anyway, and does with --abaikan-periksa
    assert main(["export", str(source), "-o", str(copy)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("Kesalahan: salinan tidak dibuat. Data 7") and "--abaikan-periksa" in error
    assert not copy.exists()
    assert main(["export", str(source), "-o", str(copy), "--abaikan-periksa"]) == 0
    page = openpyxl.load_workbook(copy)[layout.SHEET_DECISION]
    shown = [c.value for row in page.iter_rows(min_row=layout.DECISION_HEADER_ROW + 1) for c in row if c.value]
    assert shown == [
        "Target belum dapat ditetapkan: data 7 dari 10 satuan kerja perlu diperiksa (bertanda PERIKSA di sheet "
        "Target Responden). Perbaiki datanya di sheet Pengguna Layanan, lalu hitung ulang; tabel target tampil di sini "
        "setelah semua data benar."
    ]


def test_the_copy_speaks_to_its_reader_and_needs_no_button(tmp_path):
    source = counts_workbook(tmp_path / "satker.xlsx", GOOD_AND_BAD_ROWS[:3])
    book = openpyxl.load_workbook(source)
    for name, value in {"Nama_Kantor": "Kantor Imigrasi Contoh", "Narahubung": "Budi (0812 0000 0000)"}.items():
        ((sheet, cell),) = book.defined_names[name].destinations
        book[sheet][cell.replace("$", "")] = value
    book.save(source)
    copy = openpyxl.load_workbook(export(source, tmp_path / "copy.xlsx"))
    first = copy.worksheets[0]
    assert first.title == STAMP_SHEET and first["A2"].value == "Kantor Imigrasi Contoh"
    labels = [row[0] for row in first.iter_rows(values_only=True)]
    said = {row[0]: row[1] for row in first.iter_rows(values_only=True) if row[0]}
    # for the reader first: what it is, where the targets and the decision are, what to do, whom to ask
    assert labels.index("Isi file ini") < labels.index("Keterangan teknis") < labels.index("Dibuat pada")
    assert layout.SHEET_TARGETS in said["Targetnya"] and layout.SHEET_DECISION in said["Targetnya"]
    assert "(Juli–Desember 2024)" in said["Yang dilakukan"]
    assert said["Pertanyaan"] == "Hubungi Kantor Imigrasi Contoh, narahubung: Budi (0812 0000 0000)."
    # no sentence sends the reader to a button the copy does not have
    assert layout.SHEET_GUIDE not in copy.sheetnames
    for sheet in copy.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and ("Hitung Target" in value or "tab SPAK-SPKP" in value)), (
                    sheet.title,
                    value,
                )
