"""The monthly report as a command (``report_command``): ``xl-addin laporan`` on a file, the ribbon's *Laporan Bulanan*
on the open workbook, the month it reports (named strictly, or the default), the sheet's place and looks through both
ports, the Kanwil's IKM from imported answers, and the email copy that carries the report.

The report's numbers against a count by hand, and its printed pages, are in ``test_report.py`` (which runs the same
command); every cell through both ports in ``test_both_paths.py``.
"""

from __future__ import annotations

import copy
import datetime as dt
import subprocess
import sys
from types import SimpleNamespace

import openpyxl
import pytest
import remote_book
import xlwings as xw
from openpyxl.utils import get_column_letter, range_boundaries
from opens_clean import UDF_NAMES, findings
from report_support import WITA, kanwil_workbook, type_realisation, write_report
from support import counts_workbook

from xl_addin import layout, ribbon
from xl_addin.cli import main
from xl_addin.errors import XlAddinError
from xl_addin.export import export
from xl_addin.period import Period
from xl_addin.report import default_month
from xl_addin.report_command import choose_month, make_report, make_report_file, read_month
from xl_addin.workbook import FileBook, fill, open_workbook, save
from xl_addin.xlwings_book import LiveBook, _document_print

SEMESTER = Period(((2024, 7), (2024, 8), (2024, 9), (2024, 10), (2024, 11), (2024, 12)))
NAMES = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
         "November", "Desember")  # fmt: skip
SEPTEMBER_3 = dt.datetime(2024, 9, 3, 9, 0, tzinfo=WITA)


def _by_hand(day: dt.date) -> str:
    return f"{day.day} {NAMES[day.month - 1]} {day.year}"


# -- the month ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "today, expected",
    [
        (dt.date(2024, 3, 15), ((2024, 7), "before")),  # before the period: its first month
        (dt.date(2024, 7, 1), ((2024, 7), "during")),  # the first day of the first month: it has begun
        (dt.date(2024, 9, 30), ((2024, 9), "during")),
        (dt.date(2024, 12, 31), ((2024, 12), "during")),
        (dt.date(2025, 1, 1), ((2024, 12), "after")),  # the day after: its last month
        (dt.date(2031, 5, 5), ((2024, 12), "after")),
    ],
)
def test_the_default_month_is_the_latest_target_month_that_has_begun(today, expected):
    assert default_month(SEMESTER.months, today) == expected


def test_the_default_month_of_a_period_with_gaps_and_across_a_year():
    months = ((2024, 11), (2025, 1), (2025, 3))
    assert default_month(months, dt.date(2025, 2, 10)) == ((2025, 1), "during")  # February is no target month
    assert default_month(months, dt.date(2024, 12, 31)) == ((2024, 11), "during")


def test_choosing_the_month_says_why_when_nobody_named_one():
    assert choose_month(None, SEMESTER, dt.date(2024, 9, 3)) == (
        (2024, 9),
        "Laporan disusun untuk September 2024, bulan target terakhir yang sudah berjalan pada 3 September 2024.",
    )
    assert choose_month(None, SEMESTER, dt.date(2024, 6, 30)) == (
        (2024, 7),
        "Periode target Juli–Desember 2024 belum dimulai; laporan disusun untuk bulan pertamanya, Juli 2024.",
    )
    assert choose_month(None, SEMESTER, dt.date(2025, 2, 1)) == (
        (2024, 12),
        "Periode target Juli–Desember 2024 sudah berakhir; laporan disusun untuk bulan terakhirnya, Desember 2024.",
    )
    # a month named is read as written, and nothing is said about it
    assert choose_month("agt 2024", SEMESTER, dt.date(2025, 2, 1)) == ((2024, 8), "")


@pytest.mark.parametrize("text", ["Agustus 2024", "agustus  2024", "Agu 2024", "Agt. 2024", " AGUSTUS 2024 "])
def test_a_month_is_read_in_every_way_the_periods_are(text):
    assert read_month(text, SEMESTER, "Juli 2024") == (2024, 8)


# -- xl-addin laporan ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_kanwil(tmp_path_factory):
    """Six invented satker (CONTOH), filled, July and August typed (one below target, one blank, one text)."""
    path = kanwil_workbook(tmp_path_factory.mktemp("kanwil") / "Kanwil_Kecil.xlsm", satker=6)
    typed = {(offset, survey, month): 400 for offset in range(6) for survey in ("SPKP", "SPAK") for month in
             ("Juli", "Agustus")}  # fmt: skip
    typed[1, "SPKP", "Agustus"] = 3  # below any target
    del typed[2, "SPAK", "Agustus"]
    typed[4, "SPKP", "Agustus"] = "dua puluh"
    type_realisation(path, typed)
    return path


def _run(capsys, *arguments: str) -> tuple[int, list[str], list[str]]:
    code = main(["laporan", *arguments])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err.splitlines()


def test_the_command_line_reports_the_month_named_and_says_where(small_kanwil, tmp_path, capsys):
    out = tmp_path / "laporan.xlsm"
    before = small_kanwil.read_bytes()
    code, lines, errors = _run(capsys, str(small_kanwil), "--bulan", "Agustus 2024", "-o", str(out))
    assert (code, errors) == (0, [])
    assert small_kanwil.read_bytes() == before  # -o: the workbook itself is left alone
    sheet = openpyxl.load_workbook(out)[layout.SHEET_REPORT]
    column = [row[0] for row in sheet.iter_rows(max_col=1, values_only=True)]
    summary = column.index("Ringkasan") + 1
    written = column[summary : column.index(None, summary)]  # the paragraphs under "Ringkasan"
    assert lines[:-1] == written  # the sentences, as the sheet says them
    assert lines[0].startswith("Pada bulan Agustus 2024, ")
    assert lines[-1] == f"Laporan Agustus 2024 ada di sheet Laporan Bulanan → {out}"
    assert openpyxl.load_workbook(out).sheetnames.index(layout.SHEET_REPORT) == (
        openpyxl.load_workbook(out).sheetnames.index(layout.SHEET_CHART) + 1
    )


def test_without_a_month_the_command_line_reports_the_latest_begun_and_says_so(small_kanwil, tmp_path, capsys):
    """The template's period is Juli–Desember 2024, over by now: its last month, in the office's zone (WIB)."""
    out = tmp_path / "laporan.xlsm"
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).date()
    code, lines, _errors = _run(capsys, str(small_kanwil), "-o", str(out))
    assert code == 0
    assert lines == [
        "Periode target Juli–Desember 2024 sudah berakhir; laporan disusun untuk bulan terakhirnya, Desember 2024.",
        f"Sampai dengan {_by_hand(today)}, belum ada satuan kerja yang melaporkan realisasi responden SPKP maupun "
        "SPAK bulan Desember 2024.",
        # By hand: the six targets (N = 32, 56, 97, 154, 228, 319 → 30, 49, 78, 110, 143, 175) sum to 585, 3.510 over
        # six months. SPKP: July 6 × 400, August 400 + 3 + 400 + 400 + 400 (one text) = 4.003 → 114,0 %; SPAK: July
        # 2.400, August 5 × 400 = 4.400 → 125,4 %. 36 monthly reports each; 11 SPKP and 11 SPAK came in.
        "Sampai dengan Desember 2024 (bulan ke-6 dari 6 bulan target), realisasi responden mencapai 114,0 % dari "
        "target kumulatif SPKP dan 125,4 % dari target kumulatif SPAK; 25 laporan bulanan SPKP dan 25 laporan bulanan "
        "SPAK belum masuk dan dihitung nol; belum ada satuan kerja yang mencapai target pada setiap bulan.",
        f"Laporan Desember 2024 ada di sheet Laporan Bulanan → {out}",
    ]
    assert openpyxl.load_workbook(out)[layout.SHEET_REPORT]["A1"].value.endswith(", Desember 2024")


# Each text a clerk may type, with the whole line the command prints (the example is the default month).
BAD_MONTHS = {
    "Agustus": "Bulan laporan 'Agustus' tidak dapat dibaca: tahun tidak ditulis (yang terbaca: Agustus). Contoh "
    "penulisan: Desember 2024.",
    "Agst 2024": "Bulan laporan 'Agst 2024' tidak dapat dibaca: 'Agst' bukan nama bulan. Contoh penulisan: "
    "Desember 2024.",
    "08/2024": "Bulan laporan '08/2024' tidak dapat dibaca: '08' bukan tahun (tahun ditulis empat angka, misalnya "
    "2025). Contoh penulisan: Desember 2024.",
    "Agustus 24": "Bulan laporan 'Agustus 24' tidak dapat dibaca: '24' bukan tahun (tahun ditulis empat angka, "
    "misalnya 2025) (yang terbaca: Agustus). Contoh penulisan: Desember 2024.",
    "Juli–Agustus 2024": "Bulan laporan 'Juli–Agustus 2024' memuat 2 bulan (Juli–Agustus 2024); laporan disusun untuk "
    "satu bulan. Contoh penulisan: Desember 2024.",
    "Juli dan September 2024": "Bulan laporan 'Juli dan September 2024' memuat 2 bulan (Juli dan September 2024); "
    "laporan disusun untuk satu bulan. Contoh penulisan: Desember 2024.",
    "": "Bulan laporan kosong. Tulis satu bulan dengan tahunnya, misalnya Desember 2024.",
    "Maret 2024": "Bulan Maret 2024 di luar periode target Juli–Desember 2024 ('Periode target' di sheet "
    "Pengaturan). Pilih salah satu bulan periode itu, misalnya Desember 2024.",
    "Januari 2025": "Bulan Januari 2025 di luar periode target Juli–Desember 2024 ('Periode target' di sheet "
    "Pengaturan). Pilih salah satu bulan periode itu, misalnya Desember 2024.",
}


@pytest.mark.parametrize("text", BAD_MONTHS)
def test_a_bad_month_is_one_indonesian_line_and_nothing_is_written(small_kanwil, tmp_path, capsys, text):
    work = tmp_path / "kanwil.xlsm"
    work.write_bytes(small_kanwil.read_bytes())
    code, lines, errors = _run(capsys, str(work), "--bulan", text)
    assert (code, lines) == (2, [])
    assert errors == [f"Kesalahan: {BAD_MONTHS[text]}"]
    assert work.read_bytes() == small_kanwil.read_bytes()
    # no temporary file, and the lock released (its empty file stays hidden beside the workbook; no note of a holder)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".kanwil.xlsm.xl_addin.lock", "kanwil.xlsm"]


HOLD = """
import sys, time
from xl_addin.package import workbook_lock
with workbook_lock(sys.argv[1], "impor-survei"):
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_the_report_waits_for_another_writer_then_refuses_naming_it(small_kanwil, tmp_path, capsys):
    work = tmp_path / "kanwil.xlsm"
    work.write_bytes(small_kanwil.read_bytes())
    other = subprocess.Popen([sys.executable, "-c", HOLD, str(work), "60"], stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "holding"
        code, lines, errors = _run(capsys, str(work), "--bulan", "Agustus 2024")
    finally:
        other.kill()
        other.wait()
    assert (code, lines, len(errors)) == (2, [], 1)
    assert errors[0].startswith("Kesalahan: Workbook kanwil.xlsm sedang diubah oleh perintah 'impor-survei' sejak ")
    assert errors[0].endswith("Tunggu sampai selesai, lalu ulangi. Workbook tidak diubah oleh perintah ini.")
    assert work.read_bytes() == small_kanwil.read_bytes()
    # once the other run is gone, the report is written
    assert _run(capsys, str(work), "--bulan", "Agustus 2024")[0] == 0


def test_the_output_keeps_the_workbooks_kind(small_kanwil, tmp_path, capsys):
    code, _lines, errors = _run(capsys, str(small_kanwil), "-o", str(tmp_path / "laporan.xlsx"))
    assert (code, errors) == (2, ["Kesalahan: File hasil harus berekstensi .xlsm seperti file asal."])


def test_a_workbook_without_realisasi_columns_for_the_target_period_says_which(small_kanwil, tmp_path):
    work = tmp_path / "kanwil.xlsm"
    work.write_bytes(small_kanwil.read_bytes())
    book = openpyxl.load_workbook(work, keep_vba=True)
    ((sheet, cell),) = book.defined_names[layout.SETTINGS_BY_FIELD["target_period"].defined_name].destinations
    book[sheet][cell.replace("$", "")] = "Juli 2024–Januari 2025"  # Realisasi stops at Desember 2024
    save(book, work)
    with pytest.raises(XlAddinError) as error:
        make_report_file(work, "Agustus 2024", now=SEPTEMBER_3)
    assert error.value.user_message.startswith(
        "Kolom bulan tabel RealisasiResponden tidak sesuai 'Periode target' di sheet Pengaturan (Juli 2024–Januari "
        "2025): "
    )
    assert "SPKP Januari 2025" in error.value.user_message


# -- the sheet through both ports: its place and its looks --------------------------------------------------------------


def _payload_and_file(path, tmp_path, month="Agustus 2024"):
    """The report made on the remote book (its queued actions, the payload after them) and on the file."""
    payload = remote_book.payload(openpyxl.load_workbook(path))
    with xw.Book(json=copy.deepcopy(payload)) as remote:
        make_report(LiveBook(remote), month, SEPTEMBER_3)
        actions = remote.json()["actions"]
    remote_book.apply(payload, actions)
    book = open_workbook(path)
    make_report(FileBook(book), month, SEPTEMBER_3)
    save(book, tmp_path / "file.xlsm")
    return payload, actions, openpyxl.load_workbook(tmp_path / "file.xlsm")


def _cells(address: str) -> set[tuple[int, int]]:
    left, top, right, bottom = range_boundaries(address)
    return {(row, column) for row in range(top, bottom + 1) for column in range(left, right + 1)}


def test_the_live_book_gives_the_report_the_looks_the_file_has(small_kanwil, tmp_path):
    """What LiveBook asks Excel for (xlwings' remote engine queues it) against what the file path writes: the same
    merged lines, column widths, row heights, bold text and wrapped cells."""
    payload, actions, book = _payload_and_file(small_kanwil, tmp_path)
    position = [sheet["name"] for sheet in payload["sheets"]].index(layout.SHEET_REPORT)
    looks = remote_book.looks(actions, position)
    sheet = book[layout.SHEET_REPORT]
    assert sorted(address for _, address in looks["rangeMerge"]) == sorted(str(r) for r in sheet.merged_cells.ranges)
    widths = {}
    for width, address in looks["setColumnWidth"]:
        widths.update({column: width for _row, column in _cells(address)})
    assert widths == {c: sheet.column_dimensions[get_column_letter(c)].width for c in range(1, sheet.max_column + 1)}
    heights = {}
    for points, address in looks["setRowHeight"]:
        heights.update({row: points for row, _column in _cells(address)})
    assert heights == {row: sheet.row_dimensions[row].height or 15.0 for row in range(1, sheet.max_row + 1)}
    written = {(c.row, c.column) for row in sheet.iter_rows() for c in row if c.value not in (None, "")}
    bold = set().union(*(_cells(a) for (name, on), a in looks["setFontProperty"] if (name, on) == ("bold", True)))
    assert {(r, c) for r, c in written if sheet.cell(r, c).font.b} == bold & written
    wrapped = set().union(*(_cells(address) for on, address in looks["setWrapText"] if on))
    assert {(r, c) for r, c in written if sheet.cell(r, c).alignment.wrap_text} == wrapped & written


def test_a_second_report_on_the_live_book_clears_the_first(small_kanwil, tmp_path):
    """A report of another month replaces the first whole: the sheet is cleared (values, looks, merged cells) first."""
    work = tmp_path / "with_report.xlsm"
    write_report(small_kanwil, (2024, 8), dt.date(2024, 9, 3), work)
    payload, actions, book = _payload_and_file(work, tmp_path, "Juli 2024")
    position = [sheet["name"] for sheet in payload["sheets"]].index(layout.SHEET_REPORT)
    mine = [action["func"] for action in actions if action.get("sheet_position") == position]
    assert mine[0] == "sheetClear" and "addSheet" not in [a["func"] for a in actions]
    assert remote_book.grid(payload, layout.SHEET_REPORT)["A1"].endswith(", Juli 2024")
    assert payload["sheets"][position]["name"] == book.sheetnames[position] == layout.SHEET_REPORT


def test_an_older_workbook_without_charts_gets_the_report_before_xlwings_conf(tmp_path):
    source = counts_workbook(tmp_path / "lama.xlsx", [("Satker Contoh A", 40, 44, 11)])
    fill(source)
    book = openpyxl.load_workbook(source)
    del book[layout.SHEET_CHART]
    book.save(source)
    payload, _actions, on_file = _payload_and_file(source, tmp_path)
    names = [sheet["name"] for sheet in payload["sheets"]]
    assert names == on_file.sheetnames and names[-2:] == [layout.SHEET_REPORT, layout.SHEET_XLWINGS_CONF]


class _Recorder:
    """Keeps every attribute set on it and every call made through it (a stand-in for Excel's COM objects, to see
    what LiveBook hands Excel: not Excel)."""

    def __init__(self, log: list, name: str) -> None:
        object.__setattr__(self, "_log", log)
        object.__setattr__(self, "_name", name)

    def __setattr__(self, attribute, value) -> None:
        self._log.append((f"{self._name}.{attribute}", value))

    def __getattr__(self, attribute):
        return _Recorder(self._log, f"{self._name}.{attribute}")

    def __call__(self, *args, **kwargs):
        self._log.append((f"{self._name}()", args, kwargs))
        return _Recorder(self._log, f"{self._name}()")


@pytest.fixture(scope="module")
def big_kanwil(tmp_path_factory):
    """26 invented satker (CONTOH), filled, July and August typed (a few blank): the report takes two pages."""
    path = kanwil_workbook(tmp_path_factory.mktemp("kanwil26") / "Kanwil_Contoh.xlsm")
    type_realisation(path, {(o, s, m): 5 + 13 * o for o in range(26) if o % 7 for s in ("SPKP", "SPAK") for m in
                            ("Juli", "Agustus")})  # fmt: skip
    return path


def test_the_live_book_hands_excel_the_page_setup_the_file_path_writes(big_kanwil, tmp_path):
    """Through COM (Windows): A4 portrait fitted to one page's width, the file path's margins, head, foot and page
    break. xlwings' remote engine has no page setup: this checks what is handed over, on a recording stand-in."""

    class Kept(FileBook):  # the file port, keeping the plan the command hands it
        def replace_sheet(self, plan, hidden=False, after=None):
            self.plan = plan
            super().replace_sheet(plan, hidden, after)

    port = Kept(open_workbook(big_kanwil))
    make_report(port, "Agustus 2024", SEPTEMBER_3)
    out = save(port.book, tmp_path / "laporan.xlsm")
    plan = port.plan
    assert plan.break_before  # 26 satker take two pages
    log: list = []
    sheet = SimpleNamespace(name=plan.name, api=_Recorder(log, "api"), range=lambda *a: _Recorder(log, "range"))
    _document_print(sheet, plan)
    handed = {name: value for name, value, *_ in log if not name.endswith("()")}
    printed = openpyxl.load_workbook(out)[layout.SHEET_REPORT]
    setup = printed.page_setup
    assert handed["api.PageSetup.PaperSize"] == int(setup.paperSize) == 9  # A4
    assert handed["api.PageSetup.Orientation"] == 1 and setup.orientation == "portrait"
    assert (handed["api.PageSetup.FitToPagesWide"], handed["api.PageSetup.FitToPagesTall"]) == (1, False)
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0) and printed.sheet_properties.pageSetUpPr.fitToPage
    margins = printed.page_margins
    assert (
        handed["api.PageSetup.LeftMargin"] == margins.left * 72
        and handed["api.PageSetup.TopMargin"] == margins.top * 72
    )
    assert handed["api.PageSetup.LeftHeader"] == "&9 " + printed.oddHeader.left.text
    assert handed["api.PageSetup.RightFooter"] == "&9 " + printed.oddFooter.right.text
    [page_break] = [entry for entry in log if entry[0] == "api.HPageBreaks.Add()"]
    assert [b.id for b in printed.row_breaks.brk] == [plan.break_before - 1]
    assert ("api.Range()", (f"A{plan.break_before}",), {}) in log and page_break[2].keys() == {"Before"}


# -- the ribbon's button --------------------------------------------------------------------------------------------------


def _codes(text: str) -> list[int]:
    units = text.encode("utf-16-le")
    return [int.from_bytes(units[i : i + 2], "little") for i in range(0, len(units), 2)]


def test_the_ribbon_button_is_the_command_on_the_open_book(small_kanwil):
    payload = remote_book.payload(openpyxl.load_workbook(small_kanwil))
    queued, alerts = [], []
    runs = (
        lambda book: ribbon.monthly_report(_codes("Agustus 2024"), book, now=SEPTEMBER_3),
        lambda book: make_report(LiveBook(book), "Agustus 2024", SEPTEMBER_3),
    )
    for run in runs:
        with xw.Book(json=copy.deepcopy(payload)) as remote:
            run(remote)
            actions = remote.json()["actions"]
            queued.append([a for a in actions if a["func"] not in ("alert", "activateSheet")])
            alerts.append([a["args"][0] for a in actions if a["func"] == "alert"])
    assert queued[0] == queued[1]
    [alert] = alerts[0]
    assert alert.startswith("Pada bulan Agustus 2024, ") and alert.endswith(
        "\n\nLaporan Agustus 2024 ada di sheet Laporan Bulanan."
    )


def test_the_ribbon_takes_a_blank_box_as_the_default_month_and_says_so(small_kanwil):
    payload = remote_book.payload(openpyxl.load_workbook(small_kanwil))
    with xw.Book(json=payload) as remote:
        outcome = ribbon.monthly_report(_codes("  "), remote, now=SEPTEMBER_3)
        [alert] = [a["args"][0] for a in remote.json()["actions"] if a["func"] == "alert"]
    assert outcome.month.label == "September 2024"
    assert alert.startswith(
        "Laporan disusun untuk September 2024, bulan target terakhir yang sudah berjalan pada 3 September 2024.\n\n"
    )


def test_the_ribbon_says_why_a_month_is_refused_and_writes_nothing(small_kanwil):
    payload = remote_book.payload(openpyxl.load_workbook(small_kanwil))
    with xw.Book(json=payload) as remote:
        assert ribbon.monthly_report(_codes('Agustus "2024"'), remote, now=SEPTEMBER_3) is None
        actions = remote.json()["actions"]
    assert [a["func"] for a in actions] == ["alert"]
    assert actions[0]["args"][0] == (
        "Laporan bulanan tidak disusun; tidak ada yang diubah.\n\nBulan laporan 'Agustus \"2024\"' tidak dapat "
        "dibaca: tanda '\"' tidak dikenal (yang terbaca: Agustus 2024). Contoh penulisan: September 2024."
    )


def test_typed_text_rejoins_what_the_vba_hands_over():
    for text in ("Agustus 2024", "Ağustus 2024 😀", 'a"b%c^d', ""):
        assert ribbon.typed_text(_codes(text)) == text


# -- the Kanwil's IKM from imported answers ------------------------------------------------------------------------------


def test_the_report_pools_the_imported_answers_of_every_satker(tmp_path):
    """The scenario of test_survey.test_the_kanwil_row_pools_every_questionnaire_not_the_satkers_ikm, computed by hand
    there: four questionnaires of one satker and one of another in July give a pooled IKM of 87,22 (B) from 5
    respondents. The report says it for July, and says nothing of it for August (nothing imported)."""
    from test_survey import FOUR_QUESTIONNAIRES, SATKER, google_export

    from xl_addin.survey_workbook import import_survey

    def order(book):
        ((sheet, cell),) = book.defined_names["Urutan_Tanggal"].destinations
        book[sheet][cell.replace("$", "")] = "bulan/tanggal/tahun"

    # the same satker with targets (the sentences speak of the semester only for satker that have one)
    book = counts_workbook(tmp_path / "satker.xlsx", [(name, 40, 44, 11) for name in SATKER], edit=order)
    fill(book)
    rows = [(dt.datetime(2024, 7, 15 + k, 10), SATKER[1], answers) for k, answers in enumerate(FOUR_QUESTIONNAIRES)]
    rows.append((dt.datetime(2024, 7, 20, 10), SATKER[2], [4] * 9))
    import_survey([google_export(tmp_path / "spkp.csv", rows, "en")], book)
    outcome = make_report_file(book, "Juli 2024", now=SEPTEMBER_3)
    sheet = openpyxl.load_workbook(book)[layout.SHEET_REPORT]
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert (values["Responden SPKP"], values["IKM (25–100)"], values["Mutu pelayanan"]) == (5, 87.22, "B")
    assert (
        "Indeks Kepuasan Masyarakat (IKM) gabungan bulan Juli 2024 sebesar 87,22 (mutu pelayanan B"
        in (outcome.sentences[-1])
    )
    make_report_file(book, "Agustus 2024", now=SEPTEMBER_3)
    sheet = openpyxl.load_workbook(book)[layout.SHEET_REPORT]
    assert not [row for row in sheet.iter_rows(values_only=True) if row[0] == "Responden SPKP"]


# -- the email copy carries the report -----------------------------------------------------------------------------------

HOSTILE = [("=1+1", 40, 44, 11), ("@SUM(A1)", 300, 310, 290), ("Lapas Contoh 'Kelas IIA'", 90, 80, 85)]


@pytest.fixture(scope="module")
def copy_with_report(tmp_path_factory):
    """A filled workbook whose satker have hostile names (CONTOH), August typed below target, its report for August,
    and its email copy."""
    folder = tmp_path_factory.mktemp("salinan")
    source = counts_workbook(folder / "satker.xlsx", HOSTILE)
    book = openpyxl.load_workbook(source)
    ((sheet, cell),) = book.defined_names["Nama_Kantor"].destinations
    book[sheet][cell.replace("$", "")] = "Kantor Wilayah Contoh & Fiktif"
    book.save(source)
    fill(source)
    type_realisation(source, {(0, "SPKP", "Agustus"): 5, (1, "SPKP", "Agustus"): 50, (1, "SPAK", "Juli"): "lima"})
    write_report(source, (2024, 8), dt.date(2024, 9, 3))
    return source, export(source, folder / "salinan.xlsx")


def test_the_copy_carries_the_report_and_its_first_sheet_names_the_month(copy_with_report):
    source, copied = copy_with_report
    book = openpyxl.load_workbook(copied)
    assert layout.SHEET_REPORT in book.sheetnames
    original = openpyxl.load_workbook(source)[layout.SHEET_REPORT]
    carried = book[layout.SHEET_REPORT]
    assert [[c.value for c in row] for row in carried.iter_rows(max_col=1)] == [
        [c.value for c in row] for row in original.iter_rows(max_col=1)
    ]  # unchanged: what the office reported, when
    stamp = {row[0]: row[1] for row in book[layout.SHEET_STAMP].iter_rows(values_only=True) if row[0]}
    assert stamp["Laporan bulanan"] == (
        "Sheet Laporan Bulanan: laporan realisasi responden bulan Agustus 2024 untuk kepala kantor, disusun 3 "
        "September 2024 pukul 08.00 WIB. Kalimat dan daftarnya menggambarkan angka saat laporan disusun; tabel "
        "capaiannya mengikuti sheet Realisasi di salinan ini."
    )
    assert carried.oddHeader.left.text == "Kantor Wilayah Contoh && Fiktif"  # printed with the office's name


def test_a_copy_without_a_report_says_nothing_of_one(tmp_path):
    source = counts_workbook(tmp_path / "satker.xlsx", HOSTILE)
    book = openpyxl.load_workbook(export(source, tmp_path / "salinan.xlsx"))
    assert layout.SHEET_REPORT not in book.sheetnames
    assert "Laporan bulanan" not in [row[0] for row in book[layout.SHEET_STAMP].iter_rows(values_only=True)]


@pytest.mark.libreoffice
@pytest.mark.parametrize("which", ["workbook", "copy"])
def test_the_workbook_and_its_copy_with_a_report_open_clean(
    copy_with_report, which, shared_dir, lo_profile, lo_profile_indonesian, tmp_path
):
    path = copy_with_report[0 if which == "workbook" else 1]
    found = findings(
        path,
        shared_dir=shared_dir,
        libreoffice_profile=lo_profile,
        locale_profile=lo_profile_indonesian,
        workdir=tmp_path,
        expected_texts=[(layout.SHEET_REPORT, name) for name, *_ in HOSTILE[:2]],
        allowed_udfs=UDF_NAMES if which == "workbook" else (),
    )
    assert not found, "\n".join(found)


@pytest.mark.parametrize("zone, month", [("WIB", "Agustus 2024"), ("WITA", "September 2024"), ("", None)])
def test_the_default_month_follows_the_offices_clock(small_kanwil, tmp_path, zone, month):
    """31 August 2024, 23.30 WIB is already 1 September in WITA (UTC+8): the office's zone decides the month. A zone
    that is none of the three is refused, as the survey import refuses it."""
    work = tmp_path / "kanwil.xlsm"
    work.write_bytes(small_kanwil.read_bytes())
    book = openpyxl.load_workbook(work, keep_vba=True)
    ((sheet, cell),) = book.defined_names["Zona_Waktu"].destinations
    book[sheet][cell.replace("$", "")] = zone
    save(book, work)
    moment = dt.datetime(2024, 8, 31, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    if month is None:
        with pytest.raises(XlAddinError) as error:
            make_report_file(work, None, now=moment)
        assert error.value.user_message.startswith("Sheet Pengaturan, 'Zona waktu' harus WIB, WITA atau WIT, bukan ")
        return
    outcome = make_report_file(work, None, now=moment)
    assert outcome.month.label == month
    note = openpyxl.load_workbook(work)[layout.SHEET_REPORT]["A2"].value
    assert note.startswith(
        f"Disusun {'31 Agustus 2024 pukul 23.30 WIB' if zone == 'WIB' else '1 September 2024 pukul 00.30 WITA'} "
    )
