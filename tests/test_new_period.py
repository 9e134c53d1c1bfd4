"""Periode Baru: a 2025 and a 2026 cycle on the shipped template, with no code change.

Each cycle: type the base counts, fill, type and import the month's respondents, then make the next
period's workbook (``xl-addin periode-baru``). The workbook of the period that ends is never changed; the
new one carries the satker and the settings, starts empty, and *Periode Lalu* says what was reached
(checked here against numbers worked out by hand from what was typed). The satker and numbers are
invented examples.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from support import TEMPLATE, set_table_rows
from test_survey import google_export

from xl_addin import layout
from xl_addin.cli import main
from xl_addin.survey_workbook import import_survey
from xl_addin.workbook import fill, write_cell

SATKER = ("Lapas Contoh", "Rutan Contoh", "Kanim Contoh")  # invented
# Service users per base month: N 200 → Krejcie & Morgan 132; N 20 → Slovin 20/1.05 = 19.05 → 20; N 60 → 52
COUNTS = {"Lapas Contoh": (200, 200, 200), "Rutan Contoh": (20, 20, 20), "Kanim Contoh": (60, 60, 60)}
TARGETS = {"Lapas Contoh": 132, "Rutan Contoh": 20, "Kanim Contoh": 52}


def _type(path: Path, counts: dict, realisasi: dict[tuple[str, str], object] | None = None, **named) -> None:
    """Type the base counts (replacing the template's CONTOH rows), Realisasi numbers {(satker, header): n}
    and named cells, as a clerk would, into a saved workbook."""
    book = openpyxl.load_workbook(path, keep_vba=path.suffix == ".xlsm")
    sheet = book[layout.SHEET_COUNTS]
    first = layout.TABLE_HEADER_ROW + 1
    for row in sheet.iter_rows(min_row=first, max_row=first + 20, max_col=4):
        for cell in row:
            cell.value = None
    for offset, (name, values) in enumerate(counts.items()):
        for column, value in enumerate((name, *values), start=1):
            write_cell(sheet.cell(first + offset, column), value)
    set_table_rows(sheet, layout.TABLE_COUNTS, first + len(counts) - 1)
    if realisasi:
        real = book[layout.SHEET_REALISATION]
        headers = [cell.value for cell in real[layout.TABLE_HEADER_ROW]]
        names = [cell.value for cell in real["A"]]
        for (name, header), value in realisasi.items():
            write_cell(real.cell(names.index(name) + 1, headers.index(header) + 1), value)
    for name, value in named.items():
        ((where, cell),) = book.defined_names[name].destinations
        book[where][cell.replace("$", "")] = value
    book.save(path)


def _cells(path: Path, sheet: str) -> dict[str, object]:
    found = openpyxl.load_workbook(path)[sheet]
    return {cell.coordinate: cell.value for row in found.iter_rows() for cell in row if cell.value not in (None, "")}


def _table(path: Path, name: str) -> list[dict[str, object]]:
    book = openpyxl.load_workbook(path, data_only=True)
    for sheet in book.worksheets:
        if name in sheet.tables:
            rows = list(sheet[sheet.tables[name].ref])
            headers = [cell.value for cell in rows[0]]
            return [dict(zip(headers, (cell.value for cell in row))) for row in rows[1:]]
    raise KeyError(name)


def _headers(path: Path, name: str) -> list[object]:
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        if name in sheet.tables:
            return [cell.value for cell in sheet[sheet.tables[name].ref][0]]
    raise KeyError(name)


def _survey(path: Path, year: int, month: int, per_satker: dict[str, int]) -> Path:
    """A Google Forms export: ``per_satker[name]`` responses in the given month (from the 13th: a date that reads
    one way only), all answers 3."""
    rows = [
        (dt.datetime(year, month, 13 + k, 10), name, [3] * 9)
        for name, count in per_satker.items()
        for k in range(count)
    ]
    return google_export(path, rows, "en")


@pytest.fixture(scope="module")
def cycles(tmp_path_factory):
    folder = tmp_path_factory.mktemp("periode")
    k2024 = folder / "Kanwil 2024.xlsm"
    shutil.copy(TEMPLATE, k2024)
    _type(k2024, COUNTS, Nama_Kantor="Kantor Wilayah Contoh (fiktif)")
    fill(k2024)
    # July: Lapas reaches its target (140 ≥ 132), Rutan does not (15 < 20); August: Lapas 130 < 132, Rutan 20
    _type(
        k2024,
        COUNTS,
        {
            ("Lapas Contoh", "SPKP Juli 2024"): 140,
            ("Rutan Contoh", "SPKP Juli 2024"): 15,
            ("Lapas Contoh", "SPKP Agustus 2024"): 130,
            ("Rutan Contoh", "SPKP Agustus 2024"): 20,
        },
    )
    import_survey([_survey(folder / "spkp-2024.csv", 2024, 9, {"Kanim Contoh": 4})], k2024)
    # the period's loop and report: each satker sent its file, the head of office given August's report
    assert main(["kirim", str(k2024), "-o", str(folder / "kirim 2024")]) == 0
    assert main(["laporan", str(k2024), "--bulan", "Agustus 2024"]) == 0
    before = k2024.read_bytes()

    k2025 = folder / "Kanwil 2025.xlsm"
    assert main(["periode-baru", str(k2024), "-o", str(k2025)]) == 0
    after_new = k2025.read_bytes()
    _type(k2025, {**COUNTS, "Bapas Contoh": (10, 10, 10)})
    fill(k2025)
    import_survey([_survey(folder / "spkp-2025.csv", 2025, 7, {"Lapas Contoh": 3})], k2025)

    k2026 = folder / "Kanwil 2026.xlsm"
    argv = ["periode-baru", str(k2025), "-o", str(k2026), "--dasar", "Okt–Des 2025", "--target", "Januari–Juni 2026"]
    assert main(argv) == 0
    _type(k2026, {**COUNTS, "Bapas Contoh": (10, 10, 10)})
    fill(k2026)
    return {
        "2024": k2024,
        "2025": k2025,
        "2026": k2026,
        "before": before,
        "new 2025": after_new,
        "sent 2024": folder / "kirim 2024",
    }


def test_the_old_workbook_is_never_changed(cycles):
    assert cycles["2024"].read_bytes() == cycles["before"]


def test_the_new_workbook_has_the_next_periods_and_empty_counts(cycles, tmp_path):
    fresh = tmp_path / "fresh.xlsm"
    fresh.write_bytes(cycles["new 2025"])
    book = openpyxl.load_workbook(fresh)
    settings = {
        name: book[s][c.replace("$", "")].value
        for name in ("Bulan_Dasar", "Bulan_Target")
        for s, c in book.defined_names[name].destinations
    }
    assert settings == {"Bulan_Dasar": "Januari–Maret 2025", "Bulan_Target": "Juli–Desember 2025"}
    assert _headers(fresh, layout.TABLE_COUNTS) == ["Satuan Kerja", "Januari 2025", "Februari 2025", "Maret 2025"]
    counts = _table(fresh, layout.TABLE_COUNTS)
    assert [row["Satuan Kerja"] for row in counts] == list(COUNTS)
    assert all(row[month] is None for row in counts for month in ("Januari 2025", "Februari 2025", "Maret 2025"))
    realisasi = _headers(fresh, layout.TABLE_REALISATION)
    assert "SPKP Juli 2025" in realisasi and not [h for h in realisasi if "2024" in str(h)]
    assert all(row["SPKP Juli 2025"] is None for row in _table(fresh, layout.TABLE_REALISATION))
    for name in (layout.TABLE_SURVEY_DATA, layout.TABLE_IMPORT_LOG, layout.TABLE_INDICES):
        assert all(value is None for row in _table(fresh, name) for value in row.values()), name
    office = book.defined_names["Nama_Kantor"].destinations
    ((where, cell),) = office
    assert book[where][cell.replace("$", "")].value == "Kantor Wilayah Contoh (fiktif)"


def test_the_new_workbook_starts_the_loop_and_the_report_afresh(cycles, tmp_path, capsys):
    old, fresh = cycles["2024"], tmp_path / "fresh.xlsm"
    fresh.write_bytes(cycles["new 2025"])
    assert [row[layout.COLUMN_SATKER] for row in _table(old, layout.TABLE_SENDING_STATUS)][:1] == ["Lapas Contoh"]
    assert layout.SHEET_REPORT in openpyxl.load_workbook(old).sheetnames
    # nothing sent or received in the new period yet, no code until its first kirim, no report of last period
    assert all(value is None for row in _table(fresh, layout.TABLE_SENDING_STATUS) for value in row.values())
    assert all(value is None for row in _table(fresh, layout.TABLE_RECEIPT_LOG) for value in row.values())
    book = openpyxl.load_workbook(fresh)
    ((where, cell),) = book.defined_names[layout.NAME_WORKBOOK_ID].destinations
    assert book[where][cell.replace("$", "")].value is None
    assert layout.SHEET_REPORT not in book.sheetnames
    # a satker answering last period's file is told so; the new workbook is not changed
    returned = tmp_path / "Lapas Contoh - balasan.xlsx"
    sent = openpyxl.load_workbook(cycles["sent 2024"] / "Lapas Contoh - Target dan Realisasi.xlsx")
    sheet = sent[layout.SHEET_REALISATION]
    headers = {sheet.cell(layout.TABLE_HEADER_ROW, c).value: c for c in range(1, sheet.max_column + 1)}
    sheet.cell(layout.TABLE_HEADER_ROW + 1, headers["SPKP Juli 2024"]).value = 140
    sent.save(returned)
    capsys.readouterr()
    assert main(["terima", str(returned), "--ke", str(fresh)]) == 2
    assert fresh.read_bytes() == cycles["new 2025"]
    error = capsys.readouterr().err
    assert "Juli–Desember 2024" in error, error


def test_periode_lalu_says_what_each_satker_reached(cycles):
    rows = {row["Satuan Kerja"]: row for row in _table(cycles["2025"], layout.TABLE_PREVIOUS_PERIOD)}
    lapas, rutan, kanim = rows["Lapas Contoh"], rows["Rutan Contoh"], rows["Kanim Contoh"]
    assert (lapas["Target per Bulan"], rutan["Target per Bulan"], kanim["Target per Bulan"]) == (132, 20, 52)
    assert (lapas["Populasi (N)"], rutan["Populasi (N)"]) == (200, 20)
    # SPKP: Lapas 140 ≥ 132 in July, 130 < 132 in August: 1 of 6; Rutan 15 < 20, then 20 ≥ 20: 1 of 6
    assert (lapas["SPKP: bulan tercapai"], rutan["SPKP: bulan tercapai"]) == ("1 dari 6", "1 dari 6")
    assert lapas["SPKP: rata-rata capaian"] == pytest.approx((140 / 132 + 130 / 132) / 2)
    assert rutan["SPKP: rata-rata capaian"] == pytest.approx((15 / 20 + 20 / 20) / 2)
    # Kanim: its 4 imported responses in September, below its 52
    assert kanim["SPKP: bulan tercapai"] == "0 dari 6" and kanim["SPKP: rata-rata capaian"] == pytest.approx(4 / 52)
    assert lapas["SPAK: rata-rata capaian"] is None and lapas["SPAK: bulan tercapai"] == "0 dari 6"  # not 0 %


def test_a_second_year_runs_with_no_code_change(cycles):
    k2026 = cycles["2026"]
    targets = {row["Satuan Kerja"]: row["Target per Bulan"] for row in _table(k2026, layout.TABLE_TARGETS)}
    assert targets == {**TARGETS, "Bapas Contoh": 10}  # N 10 → Slovin 10/1.025 = 9.76 → 10
    assert _headers(k2026, layout.TABLE_COUNTS)[1:] == ["Oktober 2025", "November 2025", "Desember 2025"]
    realisasi = [h for h in _headers(k2026, layout.TABLE_REALISATION) if str(h).startswith("SPKP ")]
    assert realisasi == [f"SPKP {m} 2026" for m in ("Januari", "Februari", "Maret", "April", "Mei", "Juni")]
    previous = {row["Satuan Kerja"]: row for row in _table(k2026, layout.TABLE_PREVIOUS_PERIOD)}
    assert previous["Lapas Contoh"]["SPKP: bulan tercapai"] == "0 dari 6"  # 3 responses in July 2025 < 132
    assert previous["Lapas Contoh"]["SPKP: rata-rata capaian"] == pytest.approx(3 / 132)
    # no sheet holding the period's data names an earlier year (the guide and Pengaturan's "Bawaan" column keep
    # the template's example, 2024, as examples)
    book = openpyxl.load_workbook(k2026)
    sheets = (layout.SHEET_COUNTS, layout.SHEET_TARGETS, layout.SHEET_DECISION, layout.SHEET_REALISATION)
    stale = [
        f"{title}!{cell.coordinate}: {cell.value}"
        for title in (*sheets, layout.SHEET_CHART, layout.SHEET_PREVIOUS_PERIOD, layout.SHEET_INDICES)
        for row in book[title].iter_rows()
        for cell in row
        if isinstance(cell.value, str) and "2024" in cell.value
    ]
    assert stale == []


@pytest.mark.parametrize(
    "arguments, message",
    [
        (
            ["--target", "Juli–Desemebr 2025"],
            "Kesalahan: --target: 'Juli–Desemebr 2025' tidak dapat dibaca: 'Desemebr' bukan nama bulan",
        ),
        (["--dasar", "Januari–Maret"], "Kesalahan: --dasar: 'Januari–Maret' tidak dapat dibaca: tahun tidak ditulis"),
    ],
)
def test_a_bad_period_is_one_indonesian_line_and_no_file(cycles, tmp_path, capsys, arguments, message):
    out = tmp_path / "baru.xlsm"
    assert main(["periode-baru", str(cycles["2024"]), "-o", str(out), *arguments]) == 2
    error = capsys.readouterr().err
    assert error.startswith(message) and error.count("\n") == 1
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_the_new_workbook_never_overwrites_a_file(cycles, tmp_path, capsys):
    existing = tmp_path / "ada.xlsm"
    existing.write_bytes(b"tidak boleh hilang")
    assert main(["periode-baru", str(cycles["2024"]), "-o", str(existing)]) == 2
    assert existing.read_bytes() == b"tidak boleh hilang"
    assert "sudah ada; pilih nama lain" in capsys.readouterr().err
    assert main(["periode-baru", str(cycles["2024"]), "-o", str(cycles["2024"])]) == 2
    assert cycles["2024"].read_bytes() == cycles["before"]
    assert "tidak boleh menimpa workbook periode ini" in capsys.readouterr().err


@pytest.mark.libreoffice
def test_every_new_workbook_opens_clean(cycles, shared_dir, lo_profile, lo_profile_indonesian, tmp_path):
    from opens_clean import UDF_NAMES, findings

    for which in ("2025", "2026"):
        found = findings(
            cycles[which],
            shared_dir=shared_dir,
            libreoffice_profile=lo_profile,
            locale_profile=lo_profile_indonesian,
            workdir=tmp_path,
            allowed_udfs=UDF_NAMES,
        )
        assert not found, "\n".join(found)
