"""The Kanwil ↔ satker loop (issue 20): ``xl-addin kirim`` and ``xl-addin terima`` on real files.

A Kanwil workbook with 26 invented satker (CONTOH data: "… Contoh …") is filled, each satker gets
its file, the files come back filled as a satker would fill them (openpyxl; some re-saved by
LibreOffice, renamed, with a sheet or a row added, numbers typed as text), and ``terima`` takes
them in. Expected numbers are what the test typed, never what the code computes. The email
drafts are parsed back with the standard library. Bad returns each give one Indonesian line and
leave the Kanwil workbook byte for byte as it was.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import random
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from opens_clean import findings, libreoffice_findings, static_findings, stored_value_findings
from support import REPO_ROOT, TEMPLATE, add_satker_list, cell_snapshot, counts_workbook, soffice

from xl_addin import cli, layout, loop
from xl_addin.errors import InputError
from xl_addin.export import export
from xl_addin.workbook import fill, find_table, named_cells, save, write_cell

WIB = dt.timezone(dt.timedelta(hours=7))
SENT_AT = dt.datetime(2024, 7, 1, 9, 0, tzinfo=WIB)
RECEIVED_AT = dt.datetime(2024, 8, 7, 10, 30, tzinfo=WIB)  # after the 5 August deadline for July
OFFICE = "Kantor Wilayah Contoh Nusa Tenggara"
RETURN_ADDRESS = "realisasi.kanwil@contoh.go.id"
KINDS = ("Kantor Imigrasi", "Lembaga Pemasyarakatan", "Rumah Tahanan Negara", "Balai Pemasyarakatan")
# 26 invented satker: (name, Januari, Februari, Maret), small and large (Slovin and Krejcie & Morgan)
SATKER = [(f"{KINDS[i % 4]} Contoh {chr(65 + i)}", 8 + 37 * i, 9 + 35 * i, 7 + 41 * i) for i in range(26)]
NAMES = [row[0] for row in SATKER]
# Every satker has an address except two, which get their file and are listed.
NO_EMAIL = {NAMES[5], NAMES[17]}
EMAILS = {name: f"satker.{i:02d}@contoh.go.id" for i, name in enumerate(NAMES) if name not in NO_EMAIL}
MONTHS = ("Juli 2024", "Agustus 2024", "September 2024", "Oktober 2024", "November 2024", "Desember 2024")


def kanwil_workbook(path: Path, rows=SATKER, emails=EMAILS, aliases=None) -> Path:
    """A filled Kanwil workbook (.xlsx) with its office, its return address and its satker list."""

    def edit(book):
        for name, value in (("Nama_Kantor", OFFICE), ("Email_Kiriman_Kembali", RETURN_ADDRESS)):
            ((sheet, coordinate),) = book.defined_names[name].destinations
            book[sheet][coordinate.replace("$", "")] = value
        add_satker_list(book, [row[0] for row in rows], emails, aliases)

    counts_workbook(path, rows, edit=edit)
    fill(path)
    return path


@pytest.fixture(scope="module")
def sent(tmp_path_factory):
    """The Kanwil workbook after ``kirim``, and the folder of satker files; tests copy both."""
    work = tmp_path_factory.mktemp("sent")
    kanwil = kanwil_workbook(work / "Kanwil.xlsx")
    outcome = loop.send_file(kanwil, work / "kirim", now=SENT_AT)
    return kanwil, work / "kirim", outcome


@pytest.fixture
def kanwil(sent, tmp_path):
    path = tmp_path / "Kanwil.xlsx"
    shutil.copyfile(sent[0], path)
    return path


def sent_file(sent, name: str) -> Path:
    return sent[1] / f"{name} - Target dan Realisasi.xlsx"


class Text(str):
    """A text typed into a cell as text, even when it starts with "="."""


def fill_return(source: Path, target: Path, numbers: dict[str, object], edit=None) -> Path:
    """A satker's file filled as the satker fills it: numbers typed under their column headers."""
    book = openpyxl.load_workbook(source)
    sheet = book[layout.SHEET_REALISATION]
    headers = {sheet.cell(4, column).value: column for column in range(1, sheet.max_column + 1)}
    for header, value in numbers.items():
        if isinstance(value, Text):
            write_cell(sheet.cell(5, headers[header]), str(value))  # text, as a clerk's apostrophe entry
        else:
            sheet.cell(5, headers[header]).value = value
    if edit is not None:
        edit(book)
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return target


def realisation(path: Path) -> dict[tuple[str, str], object]:
    """Every count cell of the Kanwil's Realisasi table, by (satker, header)."""
    book = openpyxl.load_workbook(path)
    sheet, table = find_table(book, layout.TABLE_REALISATION)
    min_col, min_row, max_col, max_row = openpyxl.utils.range_boundaries(table.ref)
    headers = [sheet.cell(min_row, c).value for c in range(min_col, max_col + 1)]
    cells = {}
    for row in range(min_row + 1, max_row + 1):
        name = sheet.cell(row, min_col).value
        for offset, header in enumerate(headers):
            if header.startswith(("SPKP ", "SPAK ")):
                cells[name, header] = sheet.cell(row, min_col + offset).value
    return cells


def status_table(path: Path) -> list[dict[str, object]]:
    book = openpyxl.load_workbook(path)
    sheet, table = find_table(book, layout.TABLE_SENDING_STATUS)
    min_col, min_row, max_col, max_row = openpyxl.utils.range_boundaries(table.ref)
    headers = [sheet.cell(min_row, c).value for c in range(min_col, max_col + 1)]
    return [
        dict(zip(headers, (sheet.cell(row, c).value for c in range(min_col, max_col + 1))))
        for row in range(min_row + 1, max_row + 1)
    ]


def history(path: Path) -> list[tuple]:
    book = openpyxl.load_workbook(path)
    sheet, table = find_table(book, layout.TABLE_RECEIPT_LOG)
    return [tuple(cell.value for cell in row) for row in sheet[table.ref][1:]]


def run(capsys, *arguments: str) -> tuple[int, str, str]:
    code = cli.main(list(arguments))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def resave_with_libreoffice(paths: list[Path], profile: Path, outdir: Path) -> None:
    """Open and save each file with LibreOffice headless, as a satker with LibreOffice would, in place."""
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(outdir),
            *map(str, paths),
        ],
        check=True,
        capture_output=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    for path in paths:
        shutil.copyfile(outdir / path.name, path)


# -- kirim ------------------------------------------------------------------------------------------------


def test_kirim_makes_one_file_per_satker_and_a_draft_for_each_address(sent):
    _kanwil, folder, outcome = sent
    files = sorted(p.name for p in folder.iterdir())
    assert len([f for f in files if f.endswith(".xlsx")]) == 26
    assert sorted(f for f in files if f.endswith(".eml")) == sorted(
        f"{name} - Target dan Realisasi.eml" for name in EMAILS
    )
    assert sorted(s.satker for s in outcome.files if s.email is None) == sorted(NO_EMAIL)
    assert any(sorted(NO_EMAIL)[0] in line and "Tanpa alamat email" in line for line in outcome.lines())


def test_each_satker_file_holds_only_its_own_row_its_target_and_its_stamp(sent):
    kanwil, _folder, outcome = sent
    targets = openpyxl.load_workbook(kanwil, data_only=False)[layout.SHEET_TARGETS]
    by_name = {targets.cell(r, 1).value: targets.cell(r, 4).value for r in range(5, 31)}
    book_id = openpyxl.load_workbook(kanwil)
    code = named_cells(book_id, [layout.NAME_WORKBOOK_ID])[0][layout.NAME_WORKBOOK_ID].value
    assert re.fullmatch(r"[0-9A-F]{4}(-[0-9A-F]{4}){3}", code) and outcome.workbook_id == code
    for name in NAMES:
        book = openpyxl.load_workbook(sent_file(sent, name))
        assert book.sheetnames == ["Target dan Petunjuk", "Realisasi", "Petikan Penetapan", "Cap Kiriman"]
        assert book["Cap Kiriman"].sheet_state == "hidden"
        sheet = book["Realisasi"]
        assert [[c.value for c in row] for row in sheet.iter_rows(min_row=5)] == [[name, by_name[name], *([None] * 12)]]
        assert [sheet.cell(4, c).value for c in range(3, 15)] == [f"{s} {m}" for s in ("SPKP", "SPAK") for m in MONTHS]
        assert sheet.protection.sheet and not sheet.protection.password
        assert all(not sheet.cell(5, c).protection.locked for c in range(3, 15))
        assert sheet.cell(5, 1).protection.locked and sheet.cell(5, 2).protection.locked
        (rule,) = sheet.data_validations.dataValidation
        assert (rule.type, rule.operator, rule.formula1, str(rule.sqref)) == (
            "whole",
            "greaterThanOrEqual",
            "0",
            "C5:N5",
        )
        stamp = {row[0].value: row[1].value for row in book["Cap Kiriman"].iter_rows(min_row=2)}
        assert stamp["Kode workbook Kanwil"] == code and stamp["Satuan kerja"] == name
        assert stamp["Bulan"] == "; ".join(MONTHS)
        letter = [c.value for row in book["Target dan Petunjuk"].iter_rows() for c in row if c.value is not None]
        assert f"Kepada: {name}" in letter and OFFICE in letter
        assert letter.count(by_name[name]) == 12  # SPKP and SPAK for each of the six months, in large type
        assert book["Target dan Petunjuk"]["B7"].font.sz >= 20
        assert "5 Agustus 2024" in letter and "5 Januari 2025" in letter  # July's and December's deadlines
        assert any(RETURN_ADDRESS in str(text) for text in letter)
        decision = [c.value for c in book["Petikan Penetapan"][6]]
        assert decision[1] == name and decision[4] == by_name[name]


def test_every_email_draft_parses_back_with_its_recipient_and_the_file_attached(sent):
    _kanwil, _folder, outcome = sent
    for item in outcome.files:
        if item.email is None:
            continue
        message = email.message_from_bytes(item.email.read_bytes(), policy=email.policy.default)
        assert message["X-Unsent"] == "1"
        assert [address.addr_spec for address in message["To"].addresses] == [EMAILS[item.satker]]
        assert item.satker in message["Subject"] and "Juli–Desember 2024" in message["Subject"]
        (attachment,) = list(message.iter_attachments())
        assert attachment.get_filename() == item.workbook.name
        assert attachment.get_content() == item.workbook.read_bytes()
        body = message.get_body(preferencelist=("plain",)).get_content()
        assert body.startswith(f"Yth. Kepala {item.satker}") and "Dengan hormat" in body
        assert RETURN_ADDRESS in body and "5 Agustus 2024" in body


def test_kirim_refuses_outdated_targets_and_makes_nothing(tmp_path, capsys):
    path = kanwil_workbook(tmp_path / "Kanwil.xlsx")
    book = openpyxl.load_workbook(path)
    book[layout.SHEET_COUNTS]["B5"] = 5000  # counts changed after the fill
    book.save(path)
    before = path.read_bytes()
    code, out, err = run(capsys, "kirim", str(path), "-o", str(tmp_path / "kirim"))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("Kesalahan: Target di tabel TargetResponden belum diperbarui")
    assert path.read_bytes() == before and not (tmp_path / "kirim").exists()


# -- the round trip -----------------------------------------------------------------------------------


def test_round_trip_of_26_satker(sent, kanwil, tmp_path, lo_profile, capsys):
    """26 files out, 23 back (some re-saved by LibreOffice, renamed, with a sheet or a row added, numbers typed
    as text), then terima: Realisasi holds what was typed, cell for cell; the three silent satker are named."""
    rng = random.Random(20)
    silent = [NAMES[3], NAMES[11], NAMES[20]]
    back = tmp_path / "kembali"
    typed: dict[tuple[str, str], int] = {}
    resaved = []
    for index, name in enumerate(NAMES):
        if name in silent:
            continue
        numbers: dict[str, object] = {}
        months = MONTHS[:2] if index % 3 == 0 else MONTHS[:1]  # some have sent August already
        for month in months:
            for survey in ("SPKP", "SPAK"):
                value = rng.randint(0, 400)
                typed[name, f"{survey} {month}"] = value
                numbers[f"{survey} {month}"] = value
        if index == 1:  # typed as text, with a trailing space
            numbers["SPKP Juli 2024"] = f"{typed[name, 'SPKP Juli 2024']} "
        if index == 2:  # a big office, thousands the Indonesian way
            typed[name, "SPAK Juli 2024"] = 1234
            numbers["SPAK Juli 2024"] = "1.234"
        edit = None
        if index == 4:

            def edit(book):
                book.create_sheet("Catatan Satker").append(["catatan", "=1+1 bukan rumus"])

        if index == 6:

            def edit(book, name=name):
                sheet = book[layout.SHEET_REALISATION]  # a row added below its own, inside the table
                sheet.append([NAMES[0], None, 999, 999])
                sheet.tables[layout.TABLE_REALISATION].ref = "A4:N6"

        file_name = f"balasan {index}.xlsx" if index % 7 == 0 else sent_file(sent, name).name  # some renamed
        target = fill_return(sent_file(sent, name), back / file_name, numbers, edit)
        if index % 5 == 0:
            resaved.append(target)
    resave_with_libreoffice(resaved, lo_profile, tmp_path / "lo")
    before = cell_snapshot(kanwil, skip={layout.SHEET_REALISATION: "C5:N30"})

    code, out, err = run(capsys, "terima", str(back), "--ke", str(kanwil))

    assert code == 0 and err == "", err
    found = realisation(kanwil)
    expected = {
        (name, f"{s} {m}"): typed.get((name, f"{s} {m}")) for name in NAMES for s in ("SPKP", "SPAK") for m in MONTHS
    }
    assert found == expected
    after = cell_snapshot(kanwil, skip={layout.SHEET_REALISATION: "C5:N30"})
    changed = {key for key in set(before) | set(after) if before.get(key) != after.get(key)}
    assert {sheet for sheet, _cell in changed} <= {layout.SHEET_SENDING_STATUS, layout.SHEET_RECEIPT_LOG}
    july = {row["Satuan Kerja"]: row["Status"] for row in status_table(kanwil) if row["Bulan"] == "Juli 2024"}
    assert sorted(name for name, status in july.items() if status != "Diterima") == sorted(silent)
    assert {july[name] for name in silent} == {"Belum kembali"}
    assert f"Belum mengirim Juli 2024 (batas 5 Agustus 2024 sudah lewat): 3 satker: {', '.join(silent)}." in out
    assert "23 file: 23 diterima, 0 ditolak" in out
    assert f"baris 6 ('{NAMES[0]}') diabaikan" in out
    assert len(history(kanwil)) == 23
    # the template's empty loop sheets print nothing; with rows they print
    book = openpyxl.load_workbook(kanwil)
    assert not book[layout.SHEET_SENDING_STATUS].print_area and not book[layout.SHEET_RECEIPT_LOG].print_area
    template = openpyxl.load_workbook(TEMPLATE)
    assert template[layout.SHEET_SENDING_STATUS].print_area and template[layout.SHEET_RECEIPT_LOG].print_area


def test_a_rerun_changes_nothing(sent, kanwil, tmp_path, capsys):
    """Also with a number kept (typed in the Kanwil) and a damaged file among the returns."""
    book = openpyxl.load_workbook(kanwil)
    book[layout.SHEET_REALISATION]["C5"] = 99  # NAMES[0]'s SPKP Juli 2024, typed by the Kanwil
    book.save(kanwil)
    for name in NAMES[:4]:
        fill_return(sent_file(sent, name), tmp_path / "kembali" / f"{name}.xlsx", {"SPKP Juli 2024": 7})
    (tmp_path / "kembali" / "rusak.xlsx").write_bytes(b"PK\x03\x04 bukan workbook")
    code, out, _err = run(capsys, "terima", str(tmp_path / "kembali"), "--ke", str(kanwil))
    assert code == 0 and "5 file: 4 diterima, 1 ditolak" in out and "1 angka berbeda tidak diubah" in out
    first = kanwil.read_bytes()
    code, out, _err = run(capsys, "terima", str(tmp_path / "kembali"), "--ke", str(kanwil))
    assert code == 0 and out.rstrip().endswith("tidak ada yang berubah")
    assert kanwil.read_bytes() == first


def test_a_number_typed_in_the_kanwil_is_kept_unless_timpa_and_a_satker_may_correct_its_own(
    sent, kanwil, tmp_path, capsys
):
    book = openpyxl.load_workbook(kanwil)
    book[layout.SHEET_REALISATION]["C5"] = 99  # NAMES[0]'s SPKP Juli 2024, typed by the Kanwil
    book.save(kanwil)
    back = fill_return(sent_file(sent, NAMES[0]), tmp_path / "a.xlsx", {"SPKP Juli 2024": 12, "SPAK Juli 2024": 13})
    code, out, _ = run(capsys, "terima", str(back), "--ke", str(kanwil))
    assert code == 0
    assert realisation(kanwil)[NAMES[0], "SPKP Juli 2024"] == 99
    assert realisation(kanwil)[NAMES[0], "SPAK Juli 2024"] == 13
    assert f"SPKP Juli 2024, {NAMES[0]}: berisi 99, kiriman satker 12; tidak diubah" in out
    july = next(r for r in status_table(kanwil) if r["Satuan Kerja"] == NAMES[0] and r["Bulan"] == "Juli 2024")
    assert july["Status"] == "Berbeda" and "diterima 12, di Realisasi 99" in july["Keterangan"]
    code, out, _ = run(capsys, "terima", str(back), "--ke", str(kanwil), "--timpa")
    assert realisation(kanwil)[NAMES[0], "SPKP Juli 2024"] == 12
    # the satker corrects its own number later: no --timpa needed
    again = fill_return(sent_file(sent, NAMES[0]), tmp_path / "b.xlsx", {"SPKP Juli 2024": 15, "SPAK Juli 2024": 13})
    code, out, _ = run(capsys, "terima", str(again), "--ke", str(kanwil))
    assert realisation(kanwil)[NAMES[0], "SPKP Juli 2024"] == 15
    assert f"SPKP Juli 2024, {NAMES[0]}: 12 → 15 (koreksi dari satker" in out


def test_coba_saves_nothing(sent, kanwil, tmp_path, capsys):
    back = fill_return(sent_file(sent, NAMES[1]), tmp_path / "a.xlsx", {"SPKP Juli 2024": 12})
    before = kanwil.read_bytes()
    code, out, _ = run(capsys, "terima", str(back), "--ke", str(kanwil), "--coba")
    assert code == 0 and "tidak disimpan (--coba)" in out and "1 sel diisi" in out
    assert kanwil.read_bytes() == before


# -- files that are not this satker file --------------------------------------------------------------------


def test_an_email_copy_in_which_one_satker_typed_its_row_is_taken_with_a_notice(kanwil, tmp_path, capsys):
    copy = export(kanwil, tmp_path / "salinan.xlsx")
    book = openpyxl.load_workbook(copy)
    sheet = book[layout.SHEET_REALISATION]
    row = next(r for r in range(5, 31) if sheet.cell(r, 1).value == NAMES[7])
    sheet.cell(row, 3).value, sheet.cell(row, 9).value = 31, 32
    book.save(tmp_path / "kembali.xlsx")
    code, out, _ = run(capsys, "terima", str(tmp_path / "kembali.xlsx"), "--ke", str(kanwil))
    assert code == 0 and "file tanpa cap kiriman Kanwil" in out and f"diterima dari {NAMES[7]}" in out
    assert realisation(kanwil)[NAMES[7], "SPKP Juli 2024"] == 31
    assert realisation(kanwil)[NAMES[7], "SPAK Juli 2024"] == 32
    # the same copy with a second satker's row typed too: nobody's return
    other = next(r for r in range(5, 31) if sheet.cell(r, 1).value == NAMES[8])
    sheet.cell(row, 3).value, sheet.cell(other, 3).value = 33, 40  # both differ from the Kanwil's numbers now
    book.save(tmp_path / "dua.xlsx")
    before = kanwil.read_bytes()
    code, _out, err = run(capsys, "terima", str(tmp_path / "dua.xlsx"), "--ke", str(kanwil))
    assert code == 2 and "mengubah angka 2 satker" in err and kanwil.read_bytes() == before


def test_a_satkers_own_macro_workbook_is_taken_even_under_its_alias(tmp_path, capsys):
    """The satker keeps its own .xlsm from the template and calls itself by a short name the list knows."""
    kanwil = kanwil_workbook(tmp_path / "Kanwil.xlsx", aliases={NAMES[9]: "Lapas Contoh Pendek; LP Contoh"})
    own = tmp_path / "milik satker.xlsm"
    book = openpyxl.load_workbook(TEMPLATE, keep_vba=True)
    counts_workbook(own, [("LP Contoh", *SATKER[9][1:])], book=book)
    save(book, own, source=TEMPLATE)
    fill(own)
    book = openpyxl.load_workbook(own, keep_vba=True)
    book[layout.SHEET_REALISATION]["C5"], book[layout.SHEET_REALISATION]["I5"] = 21, 22
    save(book, own, source=TEMPLATE)
    code, out, _ = run(capsys, "terima", str(own), "--ke", str(kanwil))
    assert code == 0 and f"diterima dari {NAMES[9]}" in out and "file tanpa cap kiriman Kanwil" in out
    assert realisation(kanwil)[NAMES[9], "SPKP Juli 2024"] == 21
    assert realisation(kanwil)[NAMES[9], "SPAK Juli 2024"] == 22


def test_a_return_whose_table_was_lost_is_read_from_its_header_row(sent, kanwil, tmp_path, capsys):
    """A spreadsheet program that keeps no Excel tables (the numbers stay under the same headers)."""

    def edit(book):
        del book[layout.SHEET_REALISATION].tables[layout.TABLE_REALISATION]

    back = fill_return(sent_file(sent, NAMES[4]), tmp_path / "tanpa tabel.xlsx", {"SPAK Juli 2024": 17}, edit)
    assert run(capsys, "terima", str(back), "--ke", str(kanwil))[0] == 0
    assert realisation(kanwil)[NAMES[4], "SPAK Juli 2024"] == 17


# -- bad returns: one Indonesian line, the Kanwil workbook unchanged ------------------------------------------


def _other_period(book):
    stamp = book["Cap Kiriman"]
    for row in stamp.iter_rows():
        if row[0].value == "Bulan":
            row[1].value = row[1].value.replace("2024", "2025")
    for cell in book["Realisasi"][4][2:]:
        cell.value = cell.value.replace("2024", "2025")


def _other_workbook(book):
    for row in book["Cap Kiriman"].iter_rows():
        if row[0].value == "Kode workbook Kanwil":
            row[1].value = "0000-1111-2222-3333"


def _renamed_satker(book):
    book["Realisasi"]["A5"] = "Lapas Lain"


def _deleted_sheet(book):
    book.remove(book["Realisasi"])


BAD_RETURNS = {
    "a file of another period": (_other_period, {"SPKP Juli 2025": 5}, "untuk periode Juli–Desember 2025"),
    "a file of another Kanwil workbook": (_other_workbook, {"SPKP Juli 2024": 5}, "workbook Kanwil lain"),
    "a changed satker name": (_renamed_satker, {"SPKP Juli 2024": 5}, "nama satker di file tidak boleh diubah"),
    "a deleted sheet": (_deleted_sheet, {"SPKP Juli 2024": 5}, "tidak memuat tabel Realisasi"),
    "a word for a number": (None, {"SPKP Juli 2024": "dua belas"}, "jumlah bukan angka"),
    "a formula typed as text": (None, {"SPKP Juli 2024": Text("=1+1")}, "jumlah bukan angka"),
    "a formula never calculated": (None, {"SPKP Juli 2024": "=1+1"}, "rumus =1+1 yang belum pernah dihitung"),
    "a number with two readings": (None, {"SPKP Juli 2024": "1,000"}, "dapat dibaca dua cara"),
    "a negative number": (None, {"SPKP Juli 2024": -3}, "jumlah negatif"),
}


@pytest.mark.parametrize("case", list(BAD_RETURNS))
def test_a_bad_return_is_one_indonesian_line_and_changes_nothing(case, sent, kanwil, tmp_path, capsys):
    edit, numbers, expected = BAD_RETURNS[case]
    source = sent_file(sent, NAMES[2])
    if case == "a file of another period":  # the numbers go under the file's own (2025) headers
        book = openpyxl.load_workbook(source)
        edit(book)
        book.save(tmp_path / "periode.xlsx")
        source, edit = tmp_path / "periode.xlsx", None
    back = fill_return(source, tmp_path / "kembali.xlsx", numbers, edit)
    before = kanwil.read_bytes()
    code, out, err = run(capsys, "terima", str(back), "--ke", str(kanwil))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("Kesalahan: kembali.xlsx: ") and expected in err, err
    assert "Tidak ada angka dari file ini yang diambil" in err or "Minta satker" in err
    assert kanwil.read_bytes() == before


def test_a_damaged_zip_is_one_line_and_changes_nothing(sent, kanwil, tmp_path, capsys):
    data = sent_file(sent, NAMES[2]).read_bytes()
    (tmp_path / "rusak.xlsx").write_bytes(data[: len(data) // 2])
    before = kanwil.read_bytes()
    code, out, err = run(capsys, "terima", str(tmp_path / "rusak.xlsx"), "--ke", str(kanwil))
    assert code == 2 and out == "" and err.count("\n") == 1 and "rusak" in err
    assert kanwil.read_bytes() == before


def test_two_returns_of_one_satker_with_different_numbers_take_neither(sent, kanwil, tmp_path, capsys):
    first = fill_return(sent_file(sent, NAMES[2]), tmp_path / "b" / "pertama.xlsx", {"SPKP Juli 2024": 12})
    fill_return(sent_file(sent, NAMES[2]), tmp_path / "b" / "kedua.xlsx", {"SPKP Juli 2024": 14})
    before = kanwil.read_bytes()
    code, out, err = run(capsys, "terima", str(first.parent), "--ke", str(kanwil))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "kedua.xlsx, pertama.xlsx: sama-sama kiriman" in err and "12 di kedua.xlsx" not in err
    assert "SPKP Juli 2024: 14 di kedua.xlsx dan 12 di pertama.xlsx" in err
    assert kanwil.read_bytes() == before


def test_a_bad_return_among_good_ones_is_refused_alone(sent, kanwil, tmp_path, capsys):
    fill_return(sent_file(sent, NAMES[0]), tmp_path / "b" / "baik.xlsx", {"SPKP Juli 2024": 12})
    fill_return(sent_file(sent, NAMES[1]), tmp_path / "b" / "buruk.xlsx", {"SPKP Juli 2024": "banyak"})
    code, out, _ = run(capsys, "terima", str(tmp_path / "b"), "--ke", str(kanwil))
    assert code == 0 and "2 file: 1 diterima, 1 ditolak" in out
    assert realisation(kanwil)[NAMES[0], "SPKP Juli 2024"] == 12
    assert realisation(kanwil)[NAMES[1], "SPKP Juli 2024"] is None
    assert [row[4].split(":")[0] for row in history(kanwil)] == ["diterima", "ditolak"]


# -- hostile names, and what a satker and the Kanwil see ------------------------------------------------------

HOSTILE = ["=1+1", "+cmd|' /C calc'!A0", "@SUM(A1)", "-2+3", 'Lapas "Kupang" <IIA>: 1/2', "CON"]


def test_hostile_names_stay_text_and_make_safe_file_names(tmp_path, capsys):
    rows = [(name, 40 + i, 41, 42) for i, name in enumerate(HOSTILE)]
    emails = {
        HOSTILE[0]: "a@contoh.go.id",
        HOSTILE[1]: "bukan email",
        HOSTILE[2]: "b@contoh.go.id\nBcc: c@contoh.go.id",
    }
    kanwil = kanwil_workbook(tmp_path / "Kanwil.xlsx", rows, emails=emails)
    outcome = loop.send_file(kanwil, tmp_path / "kirim", now=SENT_AT)
    # a malformed address (or one smuggling a header) gets no draft, said; its satker still gets the file
    assert [p.name for p in (tmp_path / "kirim").glob("*.eml")] == ["=1+1 - Target dan Realisasi.eml"]
    said = "\n".join(outcome.lines())
    assert f"({HOSTILE[1]}): 'bukan email' bukan alamat email; tidak dipakai." in said
    assert said.count("bukan alamat email") == 2 and "'b@contoh.go.id Bcc: c@contoh.go.id' bukan alamat email" in said
    names = sorted(p.name for p in (tmp_path / "kirim").glob("*.xlsx"))
    assert names == sorted(
        [
            "=1+1 - Target dan Realisasi.xlsx",
            "+cmd_' _C calc'!A0 - Target dan Realisasi.xlsx",
            "@SUM(A1) - Target dan Realisasi.xlsx",
            "-2+3 - Target dan Realisasi.xlsx",
            "Lapas _Kupang_ _IIA_ 1_2 - Target dan Realisasi.xlsx",
            "_CON - Target dan Realisasi.xlsx",
        ]
    )
    for item in outcome.files:
        book = openpyxl.load_workbook(item.workbook)
        cell = book["Realisasi"]["A5"]
        assert cell.data_type == "s" and cell.value in HOSTILE
    back = tmp_path / "kembali"
    for index, item in enumerate(outcome.files):
        fill_return(item.workbook, back / f"{index}.xlsx", {"SPKP Juli 2024": index + 1})
    assert run(capsys, "terima", str(back), "--ke", str(kanwil))[0] == 0
    found = realisation(kanwil)
    assert {name: found[name, "SPKP Juli 2024"] for name in HOSTILE} == {
        item.satker: index + 1 for index, item in enumerate(outcome.files)
    }


@pytest.mark.libreoffice
def test_the_satker_file_and_the_kanwil_workbook_after_terima_open_clean(
    tmp_path, shared_dir, lo_profile, lo_profile_indonesian
):
    rows = [(name, 40 + i, 41, 42) for i, name in enumerate(HOSTILE[:4])]
    kanwil = kanwil_workbook(tmp_path / "Kanwil.xlsx", rows, emails={})
    outcome = loop.send_file(kanwil, tmp_path / "kirim", now=SENT_AT)
    satker_file = outcome.files[0].workbook
    lines = findings(
        satker_file,
        shared_dir=shared_dir,
        libreoffice_profile=lo_profile,
        locale_profile=lo_profile_indonesian,
        workdir=tmp_path / "gate",
        expected_texts=[("Realisasi", HOSTILE[0]), ("Petikan Penetapan", HOSTILE[0])],
    )
    assert not lines, "\n".join(lines)
    back = fill_return(satker_file, tmp_path / "kembali" / "=1+1.xlsx", {"SPKP Juli 2024": 3})
    found = stored_value_findings(kanwil, libreoffice_profile=lo_profile_indonesian, workdir=tmp_path / "v1")
    before = {line.split(" (formula")[0] for line in found if "stores no value" in line}
    loop.receive_files([back], kanwil, now=RECEIVED_AT)
    by_check = static_findings(kanwil, shared_dir=shared_dir)
    by_check["libreoffice"] = libreoffice_findings(
        kanwil,
        libreoffice_profile=lo_profile,
        workdir=tmp_path / "gate2",
        expected_texts=[("Status Kiriman", HOSTILE[0]), ("Riwayat Kiriman", "=1+1.xlsx")],
    )
    # terima leaves no value stale; formulas that stored no value before (the decision page's and Grafik
    # Realisasi's helper cells: other work in flight) store none still, and nothing else lacks one
    by_check["stored values"] = [
        line
        for line in stored_value_findings(kanwil, libreoffice_profile=lo_profile_indonesian, workdir=tmp_path / "v2")
        if not ("stores no value" in line and line.split(" (formula")[0] in before)
    ]
    lines = [f"[{check}] {line}" for check, found in by_check.items() for line in found]
    assert not lines, "\n".join(lines)


ARTEFACTS = REPO_ROOT / "out" / "artefacts" / "loop"


@pytest.mark.libreoffice
def test_the_satker_sees_its_targets_on_one_printed_page(sent, tmp_path, lo_profile):
    """The first sheet rendered as the satker prints it; the PNG is kept for a person to look at."""
    source = sent_file(sent, NAMES[12])
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={lo_profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
    pdf = tmp_path / source.with_suffix(".pdf").name
    text = subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    target = openpyxl.load_workbook(source)["Realisasi"]["B5"].value
    assert f"Kepada: {NAMES[12]}" in text and "TARGET RESPONDEN SURVEI SPKP DAN SPAK" in text
    assert "Juli 2024" in text and "Desember 2024" in text and "5 Januari 2025" in text
    assert text.count(str(target)) >= 12 and RETURN_ADDRESS in text
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "3", str(pdf), str(ARTEFACTS / "satker")],
        check=True,
        timeout=120,
    )
    assert (ARTEFACTS / "satker-1.png").exists()


def test_the_stamp_survives_nothing_but_its_own_workbook(sent, tmp_path):
    """A damaged stamp (a label removed) is refused, not guessed around."""

    def edit(book):
        book["Cap Kiriman"]["B6"] = None  # Satuan kerja

    back = fill_return(sent_file(sent, NAMES[2]), tmp_path / "x.xlsx", {"SPKP Juli 2024": 1}, edit)
    from xl_addin import satker_files

    kanwil = sent[0]
    state = loop.read_state(_filebook(kanwil))
    returned = satker_files.read_return(back, state.columns)
    assert returned.stamp is None and returned.stamp_damaged
    receipt = loop.decide(state, [returned], False, RECEIVED_AT)
    assert "cap file" in receipt.results[0].refused


def _filebook(path: Path):
    from xl_addin.workbook import FileBook, open_workbook

    return FileBook(open_workbook(path))


def test_deadline_setting_reads_two_forms_strictly():
    assert loop.parse_deadline("tanggal 5 bulan berikutnya").date_for(2024, 7) == dt.date(2024, 8, 5)
    assert loop.parse_deadline("Tanggal  10 Bulan Berikutnya").date_for(2024, 12) == dt.date(2025, 1, 10)
    assert loop.parse_deadline("akhir bulan berikutnya").date_for(2024, 1) == dt.date(2024, 2, 29)
    assert loop.parse_deadline(7.0).day == 7 and loop.parse_deadline(None).day == 5
    for bad in ("tanggal 31 bulan berikutnya", "minggu depan", 0, "5 Agustus"):
        with pytest.raises(InputError) as raised:
            loop.parse_deadline(bad)
        assert raised.value.user_message.startswith("Pengaturan 'Batas kirim kembali realisasi satker' berisi")
    # the template's default is what the loop reads
    assert loop.parse_deadline(layout.LOOP_SETTINGS[0].default).day == 5


def test_the_eml_is_not_sent_and_the_package_is_a_workbook(sent):
    item = next(i for i in sent[2].files if i.email is not None)
    assert zipfile.is_zipfile(item.workbook)
    assert b"X-Unsent: 1\r\n" in item.email.read_bytes()


# -- consolidate names the satker it expected but did not get ----------------------------------------------


def test_consolidate_names_the_satker_of_the_list_that_sent_no_workbook(kanwil, tmp_path, capsys):
    folder = tmp_path / "kiriman"
    folder.mkdir()
    for row in SATKER[:3]:
        own = counts_workbook(folder / f"{row[0]}.xlsx", [row])
        fill(own)
    out = tmp_path / "Rekap.xlsx"
    code, _out, err = run(capsys, "consolidate", str(folder), "-o", str(out), "--daftar", str(kanwil))
    assert code == 0, err
    sheet = openpyxl.load_workbook(out)[layout.SHEET_PROBLEMS]
    missing = [
        row[2].split(":")[0]
        for row in sheet.iter_rows(min_row=5, values_only=True)
        if row[1] == "Satker tidak mengirim"
    ]
    assert missing == NAMES[3:]


# -- the ribbon: the same commands on the open workbook ------------------------------------------------------


def test_the_ribbon_sends_and_receives_on_the_open_workbook(sent, kanwil, tmp_path):
    import copy

    import remote_book
    import xlwings as xw

    from xl_addin import ribbon

    payload = remote_book.payload(openpyxl.load_workbook(kanwil))
    with xw.Book(json=copy.deepcopy(payload)) as book:
        outcome = ribbon.send_to_satker(str(tmp_path / "kirim"), book)
        actions = book.json()["actions"]
    assert len(outcome.files) == 26 and {a["func"] for a in actions} >= {"save", "alert"}
    remote_book.apply(payload, actions)
    stamp = openpyxl.load_workbook(tmp_path / "kirim" / f"{NAMES[0]} - Target dan Realisasi.xlsx")["Cap Kiriman"]
    assert stamp["B3"].value == sent[2].workbook_id  # the code the workbook already had
    back = [
        fill_return(
            tmp_path / "kirim" / f"{name} - Target dan Realisasi.xlsx",
            tmp_path / "b" / f"{i}.xlsx",
            {"SPKP Juli 2024": i, "SPAK Agustus 2024": 100 + i},
        )
        for i, name in enumerate(NAMES[:5])
    ]
    with xw.Book(json=copy.deepcopy(payload)) as book:
        ribbon.receive_from_satker([str(path) for path in back], book)
        actions = book.json()["actions"]
    remote_book.apply(payload, actions)
    grid = remote_book.grid(payload, layout.SHEET_REALISATION)
    found = {grid.get(f"A{row}"): (grid.get(f"C{row}"), grid.get(f"J{row}")) for row in range(5, 31)}
    assert {name: found[name] for name in NAMES[:6]} == {
        **{name: (i, 100 + i) for i, name in enumerate(NAMES[:5])},
        NAMES[5]: (None, None),
    }


def test_after_the_period_changes_a_file_of_the_old_period_is_refused(sent, kanwil, tmp_path, capsys):
    """The Kanwil moves its workbook to the next semester; a satker sends last semester's file late."""
    back = fill_return(sent_file(sent, NAMES[2]), tmp_path / "terlambat.xlsx", {"SPKP Desember 2024": 9})
    book = openpyxl.load_workbook(kanwil)
    ((sheet, coordinate),) = book.defined_names["Bulan_Target"].destinations
    book[sheet][coordinate.replace("$", "")] = "Januari–Juni 2025"
    book.save(kanwil)
    fill(kanwil)
    before = kanwil.read_bytes()
    code, out, err = run(capsys, "terima", str(back), "--ke", str(kanwil))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "file ini untuk periode Juli–Desember 2024, sedangkan workbook ini periode Januari–Juni 2025." in err
    assert kanwil.read_bytes() == before


def test_kirim_refuses_a_period_realisasi_has_no_columns_for(kanwil, tmp_path, capsys):
    book = openpyxl.load_workbook(kanwil)
    ((sheet, coordinate),) = book.defined_names["Bulan_Target"].destinations
    book[sheet][coordinate.replace("$", "")] = "Januari–Juni 2025"  # changed, Hitung Target not run yet
    book.save(kanwil)
    before = kanwil.read_bytes()
    code, out, err = run(capsys, "kirim", str(kanwil), "-o", str(tmp_path / "kirim"))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "belum memiliki kolom SPKP dan SPAK untuk Januari–Juni 2025" in err
    assert kanwil.read_bytes() == before and not (tmp_path / "kirim").exists()


def test_kirim_is_refused_while_a_satker_needs_checking_unless_told(tmp_path, capsys):
    """A satker whose counts need checking (a blank February) has no target yet, so the decision cannot be set:
    kirim makes no file, as the email copy does; with --abaikan-periksa the others get theirs."""
    rows = [*SATKER[:2], ("Kantor Imigrasi Contoh Periksa", 40, None, 42)]
    path = kanwil_workbook(tmp_path / "Kanwil.xlsx", rows=rows)
    before = path.read_bytes()
    code, out, err = run(capsys, "kirim", str(path), "-o", str(tmp_path / "kirim"))
    assert code == 2 and out == ""
    assert err.startswith(
        "Kesalahan: file satker tidak dibuat. Data 1 satuan kerja perlu diperiksa (bertanda PERIKSA di sheet Target "
        "Responden), sehingga halaman Penetapan belum memuat target mereka: baris 7 (Kantor Imigrasi Contoh "
        "Periksa)."
    ), err
    assert err.rstrip().endswith("tambahkan --abaikan-periksa.")
    assert path.read_bytes() == before and not (tmp_path / "kirim").exists()
    code, out, err = run(capsys, "kirim", str(path), "-o", str(tmp_path / "kirim"), "--abaikan-periksa")
    assert code == 0, err
    made = sorted(p.name for p in (tmp_path / "kirim").glob("*.xlsx"))
    assert made == sorted(f"{name} - Target dan Realisasi.xlsx" for name, *_ in rows[:2])
    assert "Kantor Imigrasi Contoh Periksa: tidak ada target" in out
