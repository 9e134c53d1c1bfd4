"""`xl-addin fill` end to end through openpyxl: right targets, nothing else touched, nothing lost."""

from __future__ import annotations

import os

import openpyxl
import pytest
from support import (
    GOOD_AND_BAD_ROWS,
    LAST,
    OWNED_AREAS,
    cell_snapshot,
    counts_workbook,
    package_parts,
    write_realisation,
)

from xl_addin import FileError, InputError, LayoutError, XlAddinError, layout
from xl_addin.cli import main
from xl_addin.commands import read_counts, read_settings, update_decision
from xl_addin.plan import plan_targets
from xl_addin.workbook import FileBook, fill, find_table

TARGETS_AREA = OWNED_AREAS


def target_rows(path):
    book = openpyxl.load_workbook(path)
    sheet, table = find_table(book, layout.TABLE_TARGETS)
    rows = list(sheet[table.ref])
    headers = [cell.value for cell in rows[0]]
    return table.ref, [dict(zip(headers, (cell.value for cell in row))) for row in rows[1:]]


@pytest.fixture
def workbook(tmp_path):
    return counts_workbook(tmp_path / "satker.xlsx")


def test_fill_writes_good_rows_and_notes_bad_rows(workbook, tmp_path):
    out = tmp_path / "out.xlsx"
    fill(workbook, out)
    ref, rows = target_rows(out)
    assert ref == f"A4:{LAST}{4 + len(GOOD_AND_BAD_ROWS)}"
    by_name = {}
    for row in rows:
        by_name.setdefault(row["Satuan Kerja"], []).append(row)
    b = by_name["Satker Contoh B"][0]
    assert (b["Populasi (N)"], b["Metode"], b["Target per Bulan"]) == (12, "Slovin", 12)
    c = by_name["Satker Contoh C"][0]
    assert (c["Populasi (N)"], c["Metode"], c["Target per Bulan"]) == (1045, "Krejcie & Morgan", 281)
    h = by_name["Satker Contoh H"][0]
    assert (h["Populasi (N)"], h["Metode"], h["Target per Bulan"]) == (30, "Krejcie & Morgan", 28)
    assert "12 / (1 + 12 × 0,05²)" in b["Rumus dengan Angka"]
    assert b["Pembanding Slovin"] == 12 and h["Pembanding Krejcie & Morgan"] == 28
    assert h["Cek Rumus Excel"].startswith("=IF(ISNUMBER(B")
    for name, problem in [
        ("Satker Contoh D", "Februari 2024: jumlah kosong"),
        ("Satker Contoh E", "negatif"),
        ("Satker Contoh F", "pecahan"),
        ("Satker Contoh G", "bukan angka"),
        ("Satker Contoh A", "ganda"),
    ]:
        for row in by_name[name]:
            assert row["Target per Bulan"] is None
            assert row["Keterangan"].startswith("PERIKSA") and problem in row["Keterangan"]
    assert "nama satuan kerja kosong" in by_name[None][0]["Keterangan"]


def test_fill_touches_nothing_outside_the_targets_table(workbook, tmp_path):
    out = tmp_path / "out.xlsx"
    before = cell_snapshot(workbook, skip=TARGETS_AREA)
    fill(workbook, out)
    assert cell_snapshot(out, skip=TARGETS_AREA) == before
    book = openpyxl.load_workbook(out)
    assert set(book.defined_names) >= {s.defined_name for s in layout.SETTINGS}
    assert book[layout.SHEET_COUNTS].data_validations.dataValidation, "data validation lost"


def test_fill_in_place_twice_gives_the_same_content(workbook):
    fill(workbook)
    first = package_parts(workbook)
    fill(workbook)
    assert package_parts(workbook) == first


def test_targets_table_shrinks_and_clears_old_rows(workbook, tmp_path):
    fill(workbook)
    counts_workbook(tmp_path / "small.xlsx", rows=[("Satu", 5, 5, 5), ("Dua", 100, 100, 100)])
    small = openpyxl.load_workbook(tmp_path / "small.xlsx")
    book = openpyxl.load_workbook(workbook)
    # put the small counts into the already-filled workbook
    counts_sheet = book[layout.SHEET_COUNTS]
    for row in counts_sheet.iter_rows(min_row=5, max_row=40, max_col=4):
        for cell in row:
            cell.value = small[layout.SHEET_COUNTS][cell.coordinate].value
    counts_sheet.tables[layout.TABLE_COUNTS].ref = "A4:D6"
    book.save(workbook)
    fill(workbook)
    ref, rows = target_rows(workbook)
    assert ref == f"A4:{LAST}6"
    assert [r["Target per Bulan"] for r in rows] == [5, 80]
    sheet = openpyxl.load_workbook(workbook)[layout.SHEET_TARGETS]
    assert all(sheet.cell(r, c).value is None for r in range(7, 20) for c in range(1, 10))


def test_a_quote_prefix_stays_on_the_cell_that_needs_it(tmp_path):
    # New rows take the first row's look; one text that needs Excel's quote prefix must not give it
    # to every new row, nor to the first row's own cell (on Realisasi, a row the fill does not write).
    rows = [("Lapas Contoh", 100, 100, 100), ("=1+1", 5, 6, 7), ("Rutan Contoh", 40, 50, 60), ("+62 Kanim", 1, 2, 3)]
    path = counts_workbook(tmp_path / "satker.xlsx", rows)
    book = openpyxl.load_workbook(path)
    write_realisation(book, ["Lapas Contoh"])  # the other three are new on Realisasi as well
    book.save(path)
    fill(path)
    book = openpyxl.load_workbook(path)
    for sheet in (book[layout.SHEET_TARGETS], book[layout.SHEET_REALISATION]):
        names = sheet["A"][layout.TABLE_HEADER_ROW : layout.TABLE_HEADER_ROW + len(rows)]
        assert [cell.value for cell in names] == [name for name, *_ in rows]
        assert [cell.value for cell in names if cell.quotePrefix] == ["=1+1", "+62 Kanim"], sheet.title


def test_tables_are_found_by_name_wherever_they_sit(tmp_path):
    book = openpyxl.Workbook()
    data = book.active
    data.title = "Data Kanwil"
    data["C10"], data["D10"], data["E10"], data["F10"] = "Satuan Kerja", "Januari", "Februari", "Maret"
    data.append([])
    for offset, row in enumerate([("Lapas Contoh", 200, 210, 190), ("Rutan Contoh", 20, 25, 15)]):
        for column, value in enumerate(row, start=3):
            data.cell(11 + offset, column, value)
    data.add_table(openpyxl.worksheet.table.Table(displayName="PenggunaLayanan", ref="C10:F12"))
    other = book.create_sheet("Hasil")
    other["H2"] = "keep me"
    headers = ["Satuan Kerja", "Populasi (N)", "Metode", "Target per Bulan", "Keterangan"]
    for column, header in enumerate(headers, start=2):
        other.cell(3, column, header)
    other.add_table(openpyxl.worksheet.table.Table(displayName="TargetResponden", ref="B3:F4"))
    path = tmp_path / "custom.xlsx"
    book.save(path)
    fill(path)
    result = openpyxl.load_workbook(path)["Hasil"]
    assert result.tables["TargetResponden"].ref == "B3:F5"
    # Lapas: N = 200 → Krejcie & Morgan 132; Rutan: N = 20 → Slovin 20 / 1.05 = 19.05 → up 20
    assert [result.cell(r, 5).value for r in (4, 5)] == [132, 20]
    assert result["H2"].value == "keep me"


@pytest.mark.parametrize(
    "damage, kind, expected",
    [
        (lambda book: book.remove(book[layout.SHEET_COUNTS]), LayoutError, "PenggunaLayanan"),
        (
            lambda book: setattr(book[layout.SHEET_COUNTS].tables[layout.TABLE_COUNTS], "displayName", "Tabel1"),
            LayoutError,
            "PenggunaLayanan",
        ),
        (lambda book: book.remove(book[layout.SHEET_TARGETS]), LayoutError, "TargetResponden"),
        (lambda book: book[layout.SHEET_COUNTS].cell(4, 3, "Bulan kedua"), LayoutError, "Februari 2024"),
        (lambda book: book[layout.SHEET_TARGETS].cell(4, 4, "Target"), LayoutError, "Target per Bulan"),
        (
            lambda book: book[layout.SHEET_SETTINGS].cell(6, 2, 1.5),
            InputError,
            layout.SETTINGS_BY_FIELD["slovin_error"].label,
        ),
        (lambda book: book[layout.SHEET_SETTINGS].cell(11, 2, "ke bawah"), InputError, "'ke bawah'"),
    ],
)
def test_broken_workbooks_fail_clearly_and_lose_nothing(workbook, damage, kind, expected):
    book = openpyxl.load_workbook(workbook)
    damage(book)
    book.save(workbook)
    before = workbook.read_bytes()
    with pytest.raises(kind) as raised:
        fill(workbook)
    assert expected in raised.value.user_message
    assert workbook.read_bytes() == before
    assert os.listdir(workbook.parent) == [workbook.name], "a temporary file was left behind"


def test_renamed_settings_sheet_is_reported(workbook):
    book = openpyxl.load_workbook(workbook)
    book[layout.SHEET_SETTINGS].title = "Setelan"
    book.save(workbook)  # openpyxl keeps the defined names pointing at 'Pengaturan'
    with pytest.raises(LayoutError, match="Ambang_N") as raised:
        fill(workbook)
    assert "Pengaturan" in raised.value.user_message and "diganti nama atau terhapus" in raised.value.user_message


def test_growing_into_filled_cells_is_refused(workbook):
    book = openpyxl.load_workbook(workbook)
    book[layout.SHEET_TARGETS]["C9"] = "catatan pribadi"
    book.save(workbook)
    before = workbook.read_bytes()
    with pytest.raises(XlAddinError, match="C9") as raised:
        fill(workbook)
    assert "kosongkan" in raised.value.user_message
    assert workbook.read_bytes() == before


def test_a_save_that_fails_midway_leaves_the_original(workbook, monkeypatch):
    before = workbook.read_bytes()

    def disk_full(fd):  # the temporary file is written, then the disk fills up
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(FileError) as raised:
        fill(workbook)
    assert "disk penuh" in raised.value.user_message and "File lama tidak berubah" in raised.value.user_message
    assert workbook.read_bytes() == before
    assert os.listdir(workbook.parent) == [workbook.name], "a temporary file was left behind"


def test_read_only_file_is_refused(workbook):
    os.chmod(workbook, 0o444)
    before = workbook.read_bytes()
    with pytest.raises(XlAddinError) as raised:
        fill(workbook)
    assert "hanya-baca" in raised.value.user_message
    assert workbook.read_bytes() == before


def test_excel_lock_file_means_open_in_excel(workbook):
    lock = workbook.with_name("~$" + workbook.name)
    lock.write_bytes(b"owner")
    before = workbook.read_bytes()
    with pytest.raises(XlAddinError) as raised:
        fill(workbook)
    assert "sedang dibuka di Excel" in raised.value.user_message
    assert workbook.read_bytes() == before


@pytest.mark.parametrize(
    "content, name", [(b"not a spreadsheet", "data.xlsx"), (b"PK\x03\x04broken", "rusak.xlsm"), (b"a,b\n", "data.csv")]
)
def test_not_an_excel_file(tmp_path, content, name):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(XlAddinError) as raised:
        fill(path)
    assert "Excel" in raised.value.user_message
    assert path.read_bytes() == content


def test_cli_fill_reports_and_exits(workbook, tmp_path, capsys):
    out = tmp_path / "hasil.xlsx"
    assert main(["fill", str(workbook), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Target 3 satker berhasil dihitung, 7 baris perlu diperiksa" in printed
    assert "baris 8" in printed  # Satker Contoh D sits on worksheet row 8
    assert main(["fill", str(workbook), "-o", str(out), "--strict"]) == 3
    assert main(["fill", str(tmp_path / "tidak-ada.xlsx")]) == 2
    assert "tidak ditemukan" in capsys.readouterr().err


def test_totals_rows_are_not_satker_and_not_overwritten(workbook, tmp_path):
    book = openpyxl.load_workbook(workbook)
    counts = book[layout.SHEET_COUNTS]
    table = counts.tables[layout.TABLE_COUNTS]
    last = len(GOOD_AND_BAD_ROWS) + 5
    counts.cell(last, 1, "Total")
    counts.cell(last, 2, "=SUBTOTAL(109,B5:B14)")
    table.ref, table.totalsRowCount = f"A4:D{last}", 1
    book.save(workbook)
    targets = fill(workbook, tmp_path / "out.xlsx").targets
    assert "Total" not in [t.satker for t in targets] and len(targets) == len(GOOD_AND_BAD_ROWS)

    book = openpyxl.load_workbook(workbook)
    book[layout.SHEET_TARGETS].tables[layout.TABLE_TARGETS].totalsRowCount = 1
    book.save(workbook)
    with pytest.raises(XlAddinError) as raised:
        fill(workbook)
    assert "Baris Total" in raised.value.user_message


def test_each_decision_row_owns_its_look(tmp_path):
    # The decision page's rows take its first row's look; a change to one cell's look (a quote
    # prefix, a colour a clerk picks) must stay on that cell, the first row's own cell included.
    rows = [("Lapas Contoh", 100, 100, 100), ("Rutan Contoh", 40, 50, 60), ("Kanim Contoh", 1, 2, 3)]
    book = openpyxl.load_workbook(counts_workbook(tmp_path / "satker.xlsx", rows))
    port = FileBook(book)
    settings, _missing = read_settings(port)
    update_decision(port, plan_targets(read_counts(port, settings)[0], settings))
    sheet, table = find_table(book, layout.TABLE_DECISION)
    first_row = int(table.ref.split(":")[0][1:]) + 1
    cells = [sheet.cell(row, 2) for row in range(first_row, first_row + len(rows))]
    cells[1].quotePrefix = True
    assert [cell.quotePrefix for cell in cells] == [False, True, False]
