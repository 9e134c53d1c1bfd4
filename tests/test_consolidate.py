"""`xl-addin consolidate`: the kanwil's summary of satker workbooks, and what it reports."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import openpyxl
import oracle
import pytest
from support import CSV_ALL_SHEETS, counts_workbook, csv_sheet, libreoffice_convert, template_book, write_realisation

from xl_addin import XlAddinError, __version__, layout
from xl_addin.cli import main
from xl_addin.consolidate import (
    BAD_REALISATION,
    DUPLICATE,
    NOT_COMPUTED,
    OPEN_ELSEWHERE,
    OTHER_SETTINGS,
    OUTDATED,
    SKIPPED,
    UNREADABLE,
    consolidate,
)
from xl_addin.layout import SHEET_FILE_SETTINGS as SHEET_SETTINGS
from xl_addin.layout import SHEET_PROBLEMS, SHEET_SUMMARY, TABLE_SUMMARY
from xl_addin.styles import PERCENT_FORMAT
from xl_addin.workbook import fill

FIRST = layout.TABLE_HEADER_ROW + 1
SPKP, SPAK = layout.SURVEYS


def satker_workbook(path: Path, counts, realisasi=None, settings=None, filled=True) -> Path:
    """A template workbook (no VBA) with these counts [(satker, Jan, Feb, Mar)], realisasi
    {satker: {(survey, month): respondents}} and settings {defined name: value}, filled and saved."""
    book = template_book()
    for name, value in (settings or {}).items():
        ((sheet_name, cell),) = book.defined_names[name].destinations
        book[sheet_name][cell.replace("$", "")] = value
    counts_workbook(path, counts, book=book)
    book = openpyxl.load_workbook(path)
    write_realisation(book, [values[0] for values in counts], realisasi or {})
    book.save(path)
    if filled:
        fill(path)
    return path


# 26 invented satker of one kanwil (names and numbers are examples, not official data).
# The first three have targets known by hand: N 1825 → 317, N 12 → 12 (Slovin), N 30 → 28.
KANWIL = [
    ("Satker Contoh 01", 1850, 1720, 1905),
    ("Satker Contoh 02", 12, 9, 15),
    ("Satker Contoh 03", 30, 30, 30),
    *((f"Satker Contoh {i:02d}", 7 * i, 40 * i + 3, 25 * i * i % 900 + 11) for i in range(4, 27)),
]
HAND_TARGETS = {
    "Satker Contoh 01": (1825, "Krejcie & Morgan", 317),
    "Satker Contoh 02": (12, "Slovin", 12),
    "Satker Contoh 03": (30, "Krejcie & Morgan", 28),
}


def expected(values):
    """(N, method label, target) for one KANWIL row, worked out independently (tests/oracle.py)."""
    want = oracle.expected_row(list(values[1:]))
    return want.population, {"slovin": "Slovin", "krejcie_morgan": "Krejcie & Morgan"}[want.method], want.target


def invented_realisasi(index: int, target: int, population: int) -> dict:
    """Juli: both surveys reached. Agustus: reached by even satker, SPKP one short for odd ones.
    September: SPKP reached but SPAK not reported yet. Oktober-Desember: not reported.
    Never more respondents than service users (N): the summary would rightly flag that."""
    return {
        (SPKP, "Juli 2024"): target,
        (SPAK, "Juli 2024"): min(target + 3, population),
        (SPKP, "Agustus 2024"): min(target + 1, population) if index % 2 == 0 else target - 1,
        (SPAK, "Agustus 2024"): target,
        (SPKP, "September 2024"): min(target + 2, population),
    }


@pytest.fixture(scope="module")
def kanwil(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("kanwil")
    for index, values in enumerate(KANWIL, start=1):
        population, _, target = expected(values)
        realisasi = {values[0]: invented_realisasi(index, target, population)}
        satker_workbook(folder / f"satker_{index:02d}.xlsx", [values], realisasi)
    return folder


@pytest.fixture
def folder(kanwil, tmp_path) -> Path:
    copy = tmp_path / "masuk"
    shutil.copytree(kanwil, copy)
    return copy


def _without_year(header):
    return re.sub(r" (?:19|20)[0-9]{2}$", "", header) if isinstance(header, str) else header


def kinds(result) -> list[tuple[str, str]]:
    return [(problem.file, problem.kind) for problem in result.problems]


def test_a_kanwil_of_26_workbooks(folder, tmp_path):
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    out = tmp_path / "rekap" / "KANWIL.xlsx"
    seen = []
    result = consolidate([folder], out, progress=lambda done, total, name: seen.append((done, total, name)))

    assert result.problems == () and result.files_failed == ()
    assert len(result.files_read) == 26 and seen[-1] == (26, 26, "satker_26.xlsx")
    assert len(result.rows) == 26
    for index, (row, values) in enumerate(zip(result.rows, KANWIL), start=1):
        assert row.file == f"satker_{index:02d}.xlsx" and row.satker == values[0]
        assert (row.population, row.method, row.target) == expected(values)
        invented = invented_realisasi(index, row.target, row.population)
        assert row.realised == {**dict.fromkeys(row.realised), **invented}
        assert row.achievement(SPAK, "Juli 2024") == invented[SPAK, "Juli 2024"] / row.target
        assert row.achievement(SPKP, "Agustus 2024") == pytest.approx(invented[SPKP, "Agustus 2024"] / row.target)
        assert row.achievement(SPAK, "September 2024") is None
        assert row.months_reached == (("Juli 2024", "Agustus 2024") if index % 2 == 0 else ("Juli 2024",))
    for row in result.rows[:3]:
        assert (row.population, row.method, row.target) == HAND_TARGETS[row.satker]
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before  # inputs untouched

    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [
        SHEET_SUMMARY,
        layout.SHEET_SUMMARY_CHART,
        SHEET_PROBLEMS,
        SHEET_SETTINGS,
        layout.SHEET_SUMMARY_INDICES,
    ]
    sheet = book[SHEET_SUMMARY]
    table = sheet.tables[TABLE_SUMMARY]
    assert table.totalsRowCount == 1 and table.ref.endswith(str(FIRST + 26))
    assert f"xl_addin {__version__}" in sheet["A2"].value and "dari 26 file" in sheet["A2"].value
    grid = list(sheet.iter_rows(min_row=layout.TABLE_HEADER_ROW, values_only=True))
    header = tuple(_without_year(h) for h in grid[0])  # "SPKP Juli 2024" → "SPKP Juli"
    assert header[:5] == ("File", "Satuan Kerja", "Populasi (N)", "Metode", "Target per Bulan")
    assert header[-1] == "Bulan Tercapai" and "% SPKP Desember" in header
    first = dict(zip(header, grid[1]))
    assert (first["Satuan Kerja"], first["Target per Bulan"], first["SPKP Juli"], first["% SPAK Juli"]) == (
        "Satker Contoh 01",
        317,
        317,
        pytest.approx(320 / 317),
    )
    assert first["Bulan Tercapai"] == "Juli 2024" and first["SPKP Oktober"] is None
    assert dict(zip(header, grid[2]))["Bulan Tercapai"] == "Juli–Agustus 2024"
    totals = dict(zip(header, grid[27]))
    assert totals["File"] == "Jumlah" and totals["SPKP Juli"] == f"=SUBTOTAL(109,F${FIRST}:INDEX(F:F,ROW()-1))"
    assert table.autoFilter.ref.endswith(str(FIRST + 25))  # the totals row is outside the filter, as Excel requires
    assert sheet[f"F{FIRST}"].number_format == "#,##0"
    assert sheet.cell(FIRST, header.index("% SPKP Juli") + 1).number_format == PERCENT_FORMAT
    rules = sorted((r.type, r.operator) for cf in sheet.conditional_formatting for r in cf.rules)
    assert rules == [("cellIs", "greaterThanOrEqual"), ("cellIs", "lessThan"), ("containsBlanks", None)]
    assert sheet.freeze_panes == f"C{FIRST}" and sheet.page_setup.orientation == "landscape"
    assert book[SHEET_PROBLEMS][f"B{FIRST}"].value == "Tidak ada masalah"
    described = [row for row in book[SHEET_SETTINGS].iter_rows(min_row=FIRST, values_only=True)]
    assert len(described) == 26 and "e (batas toleransi kesalahan Slovin): 0,05" in described[0][1]


def test_bad_files_are_reported_and_the_rest_consolidated(folder, tmp_path):
    good = folder / "satker_01.xlsx"
    (folder / "rusak.xlsx").write_bytes(good.read_bytes()[:5000])  # cut off in transit
    (folder / "palsu.xlsm").write_text("ini bukan workbook", encoding="utf-8")
    (folder / "~$satker_01.xlsx").write_bytes(b"Excel lock file")  # satker_01 is open in Excel: read, with a warning
    (folder / "catatan.txt").write_text("folder notes are not workbooks", encoding="utf-8")  # listed, not read
    (folder / "lama.xls").write_bytes(b"\xd0\xcf\x11\xe0")  # Excel 97-2003: listed with what to do
    (folder / "arsip").mkdir()  # a subfolder: listed
    notes = tmp_path / "catatan.docx"
    notes.write_text("a file named explicitly is read, and refused", encoding="utf-8")
    book = openpyxl.load_workbook(folder / "satker_02.xlsx")
    del book[layout.SHEET_TARGETS].tables[layout.TABLE_TARGETS]
    book.save(folder / "tanpa_tabel.xlsx")

    result = consolidate([folder, notes], tmp_path / "KANWIL.xlsx")

    failed = {p.file: p.detail for p in result.problems if p.kind == UNREADABLE}
    assert set(result.files_failed) == set(failed) == {"rusak.xlsx", "palsu.xlsm", "tanpa_tabel.xlsx", "catatan.docx"}
    assert "rusak" in failed["rusak.xlsx"] and "Bukan file Excel" in failed["catatan.docx"]
    assert "Tabel Excel 'TargetResponden' tidak ditemukan" in failed["tanpa_tabel.xlsx"]
    assert len(result.files_read) == 26 and len(result.rows) == 26
    skipped = {p.file: p.detail for p in result.problems if p.kind == SKIPPED}
    assert set(skipped) == set(result.files_skipped) == {"catatan.txt", "lama.xls", "arsip"}
    assert ".xlsx" in skipped["lama.xls"] and "Subfolder" in skipped["arsip"]
    assert [(p.file, p.kind) for p in result.problems if p.kind == OPEN_ELSEWHERE] == [
        ("satker_01.xlsx", OPEN_ELSEWHERE)
    ]
    assert len(result.problems) == 4 + 3 + 1
    masalah = openpyxl.load_workbook(tmp_path / "KANWIL.xlsx")[SHEET_PROBLEMS]
    assert {row[0] for row in masalah.iter_rows(min_row=FIRST, values_only=True)} == set(failed) | set(skipped) | {
        "satker_01.xlsx"
    }


def test_the_same_satker_twice_is_reported_with_both_files(tmp_path):
    folder = tmp_path / "masuk"
    folder.mkdir()
    satker_workbook(folder / "a.xlsx", [KANWIL[0], KANWIL[1]])
    satker_workbook(folder / "b.xlsx", [("  satker contoh   01 ", 1850, 1720, 1905)])  # case and spaces differ
    result = consolidate([folder], tmp_path / "KANWIL.xlsx")
    assert kinds(result) == [("a.xlsx, b.xlsx", DUPLICATE)]
    assert "a.xlsx" in result.problems[0].detail and "b.xlsx" in result.problems[0].detail
    assert len(result.rows) == 3


def test_different_settings_are_reported(folder, tmp_path):
    satker_workbook(folder / "satker_99.xlsx", [("Satker Contoh 99", 50, 60, 70)], settings={"Slovin_e": 0.1})
    result = consolidate([folder], tmp_path / "KANWIL.xlsx")
    assert kinds(result) == [("satker_99.xlsx", OTHER_SETTINGS)]
    assert "e (batas toleransi kesalahan Slovin) = 0,1 (umumnya 0,05)" in result.problems[0].detail


def test_outdated_and_never_computed_targets_are_reported(folder, tmp_path):
    changed = folder / "satker_05.xlsx"
    book = openpyxl.load_workbook(changed)
    book[layout.SHEET_COUNTS][f"B{FIRST}"] = 5000  # the satker corrected January after filling
    book.save(changed)
    satker_workbook(folder / "belum.xlsx", [("Satker Contoh 98", 40, 40, 40)], filled=False)
    result = consolidate([folder], tmp_path / "KANWIL.xlsx")
    assert kinds(result) == [("belum.xlsx", NOT_COMPUTED), ("satker_05.xlsx", OUTDATED)]
    assert "Satker Contoh 05 (N " in result.problems[1].detail and "Hitung Target" in result.problems[1].detail
    assert [r.target for r in result.rows if r.file == "belum.xlsx"] == [None]  # still listed, from Realisasi


def test_a_typo_in_realisasi_is_reported_and_read_as_not_reported(tmp_path):
    satker_workbook(
        tmp_path / "a.xlsx", [KANWIL[1]], {KANWIL[1][0]: {(SPKP, "Juli 2024"): "dua belas", (SPAK, "Juli 2024"): 12}}
    )
    result = consolidate([tmp_path / "a.xlsx"], tmp_path / "KANWIL.xlsx")
    assert kinds(result) == [("a.xlsx", BAD_REALISATION)] and "SPKP Juli" in result.problems[0].detail
    assert result.rows[0].realised[SPKP, "Juli 2024"] is None and result.rows[0].months_reached == ()


def test_the_summary_never_overwrites_an_input(folder, tmp_path):
    with pytest.raises(XlAddinError, match="overwrite"):
        consolidate([folder / "satker_01.xlsx", folder / "satker_02.xlsx"], folder / "satker_02.xlsx")
    with pytest.raises(XlAddinError, match="among the inputs"):
        consolidate([folder], folder / "satker_03.xlsx")  # inside a folder being read
    # An earlier summary in the folder is replaced, not read as a satker.
    consolidate([folder], folder / "KANWIL.xlsx")
    again = consolidate([folder], folder / "KANWIL.xlsx")
    assert len(again.files_read) == 26 and again.problems == ()


def test_cli_end_to_end(folder, tmp_path, capsys):
    extra = satker_workbook(tmp_path / "satker_lain.xlsx", [("Satker Contoh 27", 100, 110, 120)])
    (folder / "rusak.xlsx").write_bytes(b"PK\x03\x04 not really")
    out = tmp_path / "KANWIL.xlsx"
    code = main(["consolidate", str(folder), str(extra), "-o", str(out)])
    captured = capsys.readouterr()
    assert code == 0 and out.exists()
    assert "27 file terbaca, 1 gagal dibaca; 27 satker, 1 masalah" in captured.out
    assert "rusak.xlsx: File tidak terbaca" in captured.out
    assert captured.err == ""  # stderr is not a terminal here: no progress bar

    assert main(["consolidate", str(folder), "-o", str(folder / "satker_01.xlsx")]) == 2
    assert "tidak boleh menimpa" in capsys.readouterr().err
    empty = tmp_path / "kosong"
    empty.mkdir()
    assert main(["consolidate", str(empty), "-o", str(out)]) == 2
    assert "Tidak ada file Excel" in capsys.readouterr().err
    assert main(["consolidate", str(folder), "-o", str(tmp_path / "rekap.xlsm")]) == 2


@pytest.mark.libreoffice
def test_libreoffice_opens_the_summary(folder, tmp_path, lo_profile):
    out = tmp_path / "KANWIL.xlsx"
    result = consolidate([folder], out)
    files = libreoffice_convert(out, tmp_path / "csv", CSV_ALL_SHEETS, lo_profile)
    table = csv_sheet(files, SHEET_SUMMARY)
    header = [_without_year(h) for h in table[layout.TABLE_HEADER_ROW - 1]]
    column = header.index
    for row, expected_row in zip(table[layout.TABLE_HEADER_ROW :], result.rows):
        assert row[column("Satuan Kerja")] == expected_row.satker
        assert int(row[column("Target per Bulan")]) == expected_row.target
        assert int(row[column("SPAK Juli")]) == expected_row.realised[SPAK, "Juli 2024"]
        shown = row[column("% SPKP Agustus")]
        assert float(shown.rstrip("%")) / (100 if shown.endswith("%") else 1) == pytest.approx(
            expected_row.achievement(SPKP, "Agustus 2024")
        )
        reached = {(): "", ("Juli 2024",): "Juli 2024", ("Juli 2024", "Agustus 2024"): "Juli–Agustus 2024"}
        assert (row[column("Bulan Tercapai")] or "") == reached[expected_row.months_reached]
    totals = table[layout.TABLE_HEADER_ROW + 26]
    assert totals[0] == "Jumlah" and int(totals[column("Satuan Kerja")]) == 26
    assert int(totals[column("Target per Bulan")]) == sum(r.target for r in result.rows)
    assert int(totals[column("SPKP Juli")]) == sum(r.realised[SPKP, "Juli 2024"] for r in result.rows)
    assert csv_sheet(files, SHEET_PROBLEMS)[layout.TABLE_HEADER_ROW][1] == "Tidak ada masalah"


def _stamp_by_hand(instant: dt.datetime, hours: int, name: str) -> str:
    local = instant + dt.timedelta(hours=hours)
    month = layout.MONTHS[local.month - 1]
    return f"Dibuat {local.day} {month} {local.year} pukul {local.hour:02d}.{local.minute:02d} {name} dengan xl_addin"


def test_the_summary_is_stamped_in_the_offices_time_zone(tmp_path):
    # Papua's offices keep WIT (UTC+9) on Pengaturan: the stamp shows their hour, whatever the PC's zone
    folder = tmp_path / "masuk"
    folder.mkdir()
    for index, zone in enumerate(("WIT", " wit ", "WIB")):
        satker_workbook(folder / f"satker_{index}.xlsx", [KANWIL[index]], settings={"Zona_Waktu": zone})
    before = dt.datetime.now(dt.UTC)
    consolidate([folder], tmp_path / "rekap.xlsx")
    after = dt.datetime.now(dt.UTC)
    stamp = openpyxl.load_workbook(tmp_path / "rekap.xlsx")[SHEET_SUMMARY]["A2"].value
    assert stamp.startswith((_stamp_by_hand(before, 9, "WIT"), _stamp_by_hand(after, 9, "WIT"))), stamp
