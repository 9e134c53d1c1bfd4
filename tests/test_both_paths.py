"""The two fill paths agree, cell by cell: the openpyxl file (``xl-addin fill``) and the ribbon (xlwings).

The same workbook goes through ``workbook.fill`` and through ``ribbon.fill_targets`` on xlwings'
remote engine; the writes the ribbon queues are applied to the payload as Excel would store them
(``remote_book.apply``), and every cell of every sheet is compared, as is the targets table's range.
"""

from __future__ import annotations

import copy
import datetime as dt

import openpyxl
import pytest
import remote_book
import xlwings as xw
from support import GOOD_AND_BAD_ROWS, counts_workbook, write_realisation

from xl_addin import layout, ribbon
from xl_addin.workbook import fill, find_table

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


def _both(tmp_path, rows, settings=None, drop_names=False, first_fill=None, realisation=None):
    source = counts_workbook(tmp_path / "satker.xlsx", rows)
    book = openpyxl.load_workbook(source)
    if realisation is not None:  # Realisasi lists other satker than Pengguna Layanan: both paths must follow alike
        write_realisation(book, realisation, {"Satker Lama": {("SPKP", "Juli"): 17}})
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

    payload = remote_book.payload(openpyxl.load_workbook(source))
    with xw.Book(json=copy.deepcopy(payload)) as remote:
        outcome = ribbon.fill_targets(remote)
        actions = remote.json()["actions"]
    assert outcome is not None, actions
    remote_book.apply(payload, actions)

    filled = tmp_path / "filled.xlsx"
    fill(source, filled)
    return openpyxl.load_workbook(filled), payload


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
}


@pytest.mark.parametrize("case", list(CASES))
def test_every_cell_is_the_same_through_both_paths(case, tmp_path):
    arguments = dict(CASES[case])
    if arguments["rows"] is None:
        from xl_addin.build.template import EXAMPLE_COUNTS

        arguments["rows"] = EXAMPLE_COUNTS
    book, payload = _both(tmp_path, **arguments)
    for sheet in book.worksheets:
        assert remote_book.grid(payload, sheet.title) == _openpyxl_cells(book, sheet.title), sheet.title
    _, table = find_table(book, layout.TABLE_TARGETS)
    assert remote_book.table_of(payload, layout.TABLE_TARGETS)[1]["range_address"] == table.ref


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
