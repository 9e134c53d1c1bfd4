"""Every command does the same through both workbook ports: openpyxl on a file, xlwings on the open book.

A command of ``xl_addin.commands`` runs on ``workbook.FileBook`` (a workbook file, loaded with
openpyxl and saved) and on ``xlwings_book.LiveBook`` over xlwings' own remote engine; the writes
the remote engine queues are applied to its payload as Excel would store them
(``remote_book.apply``). Then every cell of every sheet is compared (formula versus text
included), the tables' ranges, the command's result, and the calls each port received, which
carries what the remote engine cannot show (the page heads it is asked to write). Nothing here
is specific to one port: a new command is one more entry in ``COMMANDS``.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import math
import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
import remote_book
import xlwings as xw
from support import GOOD_AND_BAD_ROWS, counts_workbook, write_realisation
from test_survey import google_export, responses

from xl_addin import commands, layout, loop, ribbon, satker_files
from xl_addin.errors import XlAddinError
from xl_addin.report_command import make_report
from xl_addin.survey_workbook import import_exports
from xl_addin.workbook import FileBook, fill, find_table, open_workbook, save
from xl_addin.xlwings_book import LiveBook

HOSTILE_ROWS = [
    ("=1+1", 10, 10, 10),
    ("+cmd|' /C calc'!A0", 40, 40, 40),
    ("@SUM(A1)", 400, 410, 390),
    ("-2+3", 5, 5, 5),
    ("'dengan apostrof", 31, 30, 29),
    ("Rutan Contoh", "#N/A", 12, 12),  # a count showing an error value (a failed lookup, say)
    ("#REF!", 12, 12, 12),
    ("1.234", 100, 100, 100),
    (12345, 50, 50, 50),  # a satker code typed as a number stays a number
    ("Lapas  Kelas   IIA", 70, 70, 70),  # double spaces are kept as typed
]
SHRINK_ROWS = [("Satu", 5, 5, 5), ("Dua", 100, 100, 100)]


def _openpyxl_cells(book: openpyxl.Workbook, title: str) -> dict[str, object]:
    cells = {}
    for row in book[title].iter_rows():
        for cell in row:
            value = cell.value
            if value in (None, ""):
                continue
            if isinstance(value, float) and value.is_integer():
                value = int(value)  # the remote payload carries JavaScript numbers
            if isinstance(value, dt.datetime):
                value = value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
            if cell.data_type == "f":
                value = ("formula", value)
            cells[cell.coordinate] = value
    return cells


def _same_cells(live: dict[str, object], on_file: dict[str, object]) -> bool:
    """The same cells with the same values; numbers to the precision Excel keeps (a file stores 16 significant
    digits, an xlwings client sends 17)."""
    assert live.keys() == on_file.keys()
    for key, value in live.items():
        if isinstance(value, float) and isinstance(on_file[key], float):
            assert math.isclose(value, on_file[key], rel_tol=1e-14), (key, value, on_file[key])
        else:
            assert value == on_file[key], (key, value, on_file[key])
    return True


class Recorded:
    """A port that passes every call on and keeps the writes it was asked for, with their arguments."""

    WRITES = ("write_rows", "write_cells", "write_name", "page_heads", "ensure_sheet", "replace_sheet")

    def __init__(self, port) -> None:
        self.port = port
        self.writes: list[tuple] = []

    def __getattr__(self, name: str):
        method = getattr(self.port, name)
        if name not in self.WRITES:
            return method

        def call(*args, **kwargs):
            self.writes.append((name, args, kwargs))
            return method(*args, **kwargs)

        return call


def _source(
    tmp_path, rows, settings=None, drop_names=False, first_fill=None, realisation=None, older=False, typed=None
):
    """The workbook both ports start from, saved as a file. ``typed``: Realisasi numbers {satker: {(survey, month):
    value}} as a clerk typed them; ``older``: without the loop's sheets."""
    source = counts_workbook(tmp_path / "satker.xlsx", rows)
    book = openpyxl.load_workbook(source)
    if older:  # a workbook from before the loop: no Status Kiriman, Riwayat Kiriman, nor its code
        for title in layout.LOOP_SHEETS:
            book.remove(book[title])
        del book.defined_names[layout.NAME_WORKBOOK_ID]
    if realisation is not None:  # Realisasi lists other satker than Pengguna Layanan: both paths must follow alike
        write_realisation(book, realisation, {"Satker Lama": {("SPKP", "Juli"): 17}})
    elif typed is not None:
        write_realisation(book, list(dict.fromkeys(r[0] for r in rows if layout.name_key(r[0]))), typed)
    for name, value in (settings or {}).items():
        ((sheet_name, coordinate),) = book.defined_names[name].destinations
        book[sheet_name][coordinate.replace("$", "")] = value
    if drop_names:
        for setting in layout.SETTINGS:
            del book.defined_names[setting.defined_name]
    book.save(source)
    if first_fill is not None:  # an earlier, longer fill: both paths must clear its rows
        counts_workbook(tmp_path / "earlier.xlsx", first_fill)
        fill(tmp_path / "earlier.xlsx")
        earlier = openpyxl.load_workbook(tmp_path / "earlier.xlsx")
        book = openpyxl.load_workbook(source)
        target_sheet, target_table = find_table(book, layout.TABLE_TARGETS)
        old_sheet, old_table = find_table(earlier, layout.TABLE_TARGETS)
        for row in old_sheet[old_table.ref]:
            for cell in row:
                target_sheet[cell.coordinate] = cell.value
        target_table.ref = old_table.ref
        book.save(source)
    return source


def _both(tmp_path, source, command):
    """``command`` on the file and on the remote book: (file after, payload after, both results, both writes)."""
    payload = remote_book.payload(openpyxl.load_workbook(source))
    with xw.Book(json=copy.deepcopy(payload)) as remote:
        live = Recorded(LiveBook(remote))
        live_result = _refused_or(command, live, tmp_path)
        actions = remote.json()["actions"]
    remote_book.apply(payload, actions)

    book = open_workbook(source)
    on_file = Recorded(FileBook(book))
    file_result = _refused_or(command, on_file, tmp_path)
    filled = tmp_path / "after.xlsx"
    save(book, filled)
    return openpyxl.load_workbook(filled), payload, (file_result, live_result), (on_file.writes, live.writes)


def _refused_or(command, book, folder):
    """What ``command`` returns, or the message it refuses with (e.g. a report month outside a new period): a
    refusal is a result too, the same through both ports."""
    try:
        return command(book, folder)
    except XlAddinError as error:
        return ("refused", error.user_message)


def _same_result(first, second) -> None:
    assert first == second


def _survey_import(book, folder):
    """Impor Survei of one Google Forms export (invented responses: tests/test_survey.py) at a fixed time."""
    export = folder / "respons.csv"
    if not export.exists():
        google_export(export, responses(), "en")
    return import_exports(book, [export], now=dt.datetime(2024, 12, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))


class LoopCommand:
    """A command of the Kanwil ↔ satker loop, run on a workbook prepared for it: filled (the targets are sent),
    and for ``terima`` also sent, with the satker's files returned filled in. Its result is what the user
    reads (the outcome's lines, or the one line of a refusal) and the cells of the files it made."""

    SENT_AT = dt.datetime(2024, 7, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    RECEIVED_AT = dt.datetime(2024, 8, 7, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))

    def __init__(self, receive: bool) -> None:
        self.receive = receive

    def prepare(self, tmp_path, source):
        fill(source)
        if not self.receive:
            return source, self.send
        try:
            sent = loop.send_file(source, tmp_path / "kirim", now=self.SENT_AT, ignore_unchecked=True)
        except XlAddinError:
            return source, self.send  # nothing to send (only CONTOH rows): both ports must say so alike
        returned = []
        for index, item in enumerate(sent.files):
            book = openpyxl.load_workbook(item.workbook)
            sheet = book[layout.SHEET_REALISATION]
            sheet["C5"], sheet["I5"] = index * 3, "1.234" if index == 1 else index + 1
            if index == 2:
                sheet["D5"] = "dua belas"  # refused: a word for a number
            book.save(tmp_path / f"kembali {index}.xlsx")
            returned.append(tmp_path / f"kembali {index}.xlsx")
        return source, lambda port, _folder: self.take(port, returned)

    def send(self, port, _folder=None):
        folder = Path(tempfile.mkdtemp(prefix="kirim-"))
        try:
            # rows that need checking are left out (--abaikan-periksa): the refusal itself is tested in test_loop
            outcome = loop.send(
                port, folder, now=self.SENT_AT, make_id=lambda: "1234-5678-9ABC-DEF0", ignore_unchecked=True
            )
        except XlAddinError as error:
            return error.user_message
        made = {
            item.workbook.name: {
                title: _openpyxl_cells(openpyxl.load_workbook(item.workbook), title)
                for title in openpyxl.load_workbook(item.workbook).sheetnames
            }
            for item in outcome.files
        }
        made = {
            name: {title: {k: v for k, v in cells.items() if "Dibuat" not in str(v)} for title, cells in sheets.items()}
            for name, sheets in made.items()
        }
        shutil.rmtree(folder)
        return outcome.lines(), made

    def take(self, port, returned):
        try:
            outcome = loop.receive(port, satker_files.read_returns(returned), now=self.RECEIVED_AT)
        except XlAddinError as error:
            return error.user_message
        return outcome.lines(), outcome.summary()


# The monthly report as the office's clock stood on 3 September 2024, 09.00 WITA: August has data, October is to come.
REPORT_TIME = dt.datetime(2024, 9, 3, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))

# Every command on the port, each called with (port, a folder for its inputs); a ``LoopCommand`` first prepares
# the workbook it runs on (``prepare``).
COMMANDS = {
    "fill": lambda book, _folder: commands.fill(book),
    "check": lambda book, _folder: commands.check(book),
    "impor-survei": _survey_import,
    "kirim": LoopCommand(False),
    "terima": LoopCommand(True),
    "laporan Agustus": lambda book, _folder: make_report(book, "Agustus 2024", REPORT_TIME),
    "laporan Oktober (belum berjalan)": lambda book, _folder: make_report(book, "okt 2024", REPORT_TIME),
}

# Realisasi as clerks type it (invented): over and under target, blank, text, a negative number, a month to come.
TYPED = {
    "Satker Contoh A": {
        ("SPKP", "Juli"): 320,
        ("SPAK", "Juli"): 100,
        ("SPKP", "Agustus"): 317,
        ("SPAK", "Agustus"): 400,
    },
    "Satker Contoh B": {("SPKP", "Juli"): 12, ("SPKP", "Agustus"): 3, ("SPAK", "Agustus"): "dua puluh"},
    "Satker Contoh C": {("SPKP", "Agustus"): "1.234", ("SPAK", "Agustus"): 12.5},
    "Satker Contoh H": {("SPKP", "Agustus"): -5, ("SPAK", "Agustus"): 28, ("SPKP", "Oktober"): 9},
}

CASES = {
    "template example": dict(rows=None),
    "good and bad rows": dict(rows=GOOD_AND_BAD_ROWS),
    "hostile names": dict(rows=HOSTILE_ROWS),
    "other settings": dict(
        rows=GOOD_AND_BAD_ROWS, settings={"Slovin_e": "10%", "Ambang_N": 50, "Pembulatan_KM": "ke atas"}
    ),
    "settings names deleted": dict(rows=GOOD_AND_BAD_ROWS, drop_names=True),
    "shrinking table": dict(rows=SHRINK_ROWS, first_fill=GOOD_AND_BAD_ROWS),
    "quarter total and a floor": dict(
        rows=GOOD_AND_BAD_ROWS, settings={"Dasar_N": "jumlah seluruh bulan dasar", "Batas_Minimal": 30}
    ),
    "new and gone satker in Realisasi": dict(rows=GOOD_AND_BAD_ROWS, realisation=["Satker Lama", "Satker Contoh B"]),
    # Realisasi follows a new target period: a typed July 2024 figure is kept, marked, at the end of the table
    "a new target period": dict(
        rows=GOOD_AND_BAD_ROWS,
        settings={"Bulan_Target": "Januari–Juni 2025"},
        realisation=["Satker Lama", "Satker Contoh B"],
    ),
    "older workbook without the loop's sheets": dict(rows=GOOD_AND_BAD_ROWS, older=True),
    "Realisasi typed after a fill": dict(rows=GOOD_AND_BAD_ROWS, first_fill=GOOD_AND_BAD_ROWS, typed=TYPED),
}


# The (case, command) pairs that refuse (through both ports alike): a report month outside the new target period.
REFUSED = {("a new target period", "laporan Agustus"), ("a new target period", "laporan Oktober (belum berjalan)")}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("case", list(CASES))
def test_every_cell_is_the_same_through_both_ports(case, command, tmp_path):
    arguments = dict(CASES[case])
    if arguments["rows"] is None:
        from xl_addin.build.template import EXAMPLE_COUNTS

        arguments["rows"] = EXAMPLE_COUNTS
    source, run = _source(tmp_path, **arguments), COMMANDS[command]
    if isinstance(run, LoopCommand):
        source, run = run.prepare(tmp_path, source)
    book, payload, results, writes = _both(tmp_path, source, run)
    refused = isinstance(results[0], tuple) and results[0][:1] == ("refused",)
    assert refused == ((case, command) in REFUSED), results[0]
    assert [sheet["name"] for sheet in payload["sheets"]] == book.sheetnames  # a sheet made in the same place
    for sheet in book.worksheets:
        assert _same_cells(remote_book.grid(payload, sheet.title), _openpyxl_cells(book, sheet.title)), sheet.title
    for sheet in book.worksheets:
        for table in sheet.tables.values():
            assert remote_book.table_of(payload, table.displayName)[1]["range_address"] == table.ref, table.displayName
    _same_result(*results)
    assert writes[0] == writes[1]
    if command == "check":
        assert writes[0] == []


def test_both_ports_are_asked_for_the_office_in_the_page_heads(tmp_path):
    office = "Kantor Wilayah Contoh & Sekitarnya"
    source = _source(tmp_path, GOOD_AND_BAD_ROWS, settings={"Nama_Kantor": office})
    book, _payload, _results, writes = _both(tmp_path, source, COMMANDS["fill"])
    assert writes[0] == writes[1]
    assert ("page_heads", (office,), {}) in writes[1]
    # what the file path makes of it: the head of every visible sheet but the decision page (its own letterhead)
    heads = {sheet.title: sheet.oddHeader.left.text for sheet in book.worksheets if sheet.sheet_state == "visible"}
    assert heads.pop(layout.SHEET_DECISION) is None
    assert set(heads.values()) == {"Kantor Wilayah Contoh && Sekitarnya"}


def test_the_live_book_hands_excel_the_page_head_the_file_path_writes(tmp_path):
    """What reaches Excel's PageSetup (COM) from LiveBook.page_heads, checked on a recording stand-in for the
    sheets' COM objects (xlwings' remote engine has no page setup; this is not Excel, only what is handed to it)."""
    office = "Kanwil 2 & Satker 12"

    def com_sheet(name: str, visible: bool = True, tables=()):
        page_setup = SimpleNamespace(LeftHeader="")
        tables = [SimpleNamespace(name=table) for table in tables]
        return SimpleNamespace(name=name, visible=visible, tables=tables, api=SimpleNamespace(PageSetup=page_setup))

    sheets = [com_sheet("A"), com_sheet("B", False), com_sheet("C", tables=[layout.TABLE_DECISION]), com_sheet("D")]
    LiveBook(SimpleNamespace(sheets=sheets)).page_heads(office)
    heads = [sheet.api.PageSetup.LeftHeader for sheet in sheets]
    assert heads == ["&9 Kanwil 2 && Satker 12", "", "", "&9 Kanwil 2 && Satker 12"]  # not hidden, not the decision
    # the file path's head, as stored in the sheet's XML: "&L" then the same text
    book = openpyxl.Workbook()
    FileBook(book).page_heads(office)
    book.save(tmp_path / "heads.xlsx")
    with zipfile.ZipFile(tmp_path / "heads.xlsx") as package:
        sheet_xml = package.read("xl/worksheets/sheet1.xml").decode()
    odd = html.unescape(re.search("<oddHeader>(.*?)</oddHeader>", sheet_xml)[1])
    assert odd.startswith("&L" + sheets[0].api.PageSetup.LeftHeader + "&R")


def test_the_ribbon_button_is_the_command_on_the_open_book(tmp_path):
    """Hitung Target runs ``commands.fill`` on the caller's book: the same actions as the command itself."""
    payload = remote_book.payload(openpyxl.load_workbook(_source(tmp_path, GOOD_AND_BAD_ROWS)))
    queued = []
    for run in (ribbon.fill_targets, lambda book: commands.fill(LiveBook(book))):
        with xw.Book(json=copy.deepcopy(payload)) as remote:
            run(remote)
            queued.append([a for a in remote.json()["actions"] if a["func"] != "alert"])
    assert queued[0] == queued[1]


def test_hostile_names_reach_excel_as_text(tmp_path):
    """What the ribbon hands Excel: every text behind Excel's text marker, only our own formulas live."""
    source = counts_workbook(tmp_path / "satker.xlsx", HOSTILE_ROWS)
    payload = remote_book.payload(openpyxl.load_workbook(source))
    with xw.Book(json=payload) as remote:
        ribbon.fill_targets(remote)
        position = remote_book.table_of(payload, layout.TABLE_TARGETS)[0]
        [write] = [
            a
            for a in remote.json()["actions"]
            if a["func"] == "setValues" and a["sheet_position"] == position and a["row_count"] > 1
        ]
    names = [row[0] for row in write["values"]]
    assert names == [f"'{name}" if isinstance(name, str) else name for name, *_ in HOSTILE_ROWS]
    for row in write["values"]:
        live = [value for value in row if remote_book.is_formula(value)]
        assert all(value.startswith("=IF(ISNUMBER(") for value in live), live  # only the native check formula
