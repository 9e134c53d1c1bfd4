"""The ribbon buttons (xl_addin.ribbon) against xlwings' own remote engine.

There is no Excel here. xlwings' remote engine (``xw.Book(json=...)``, xlwings PRO under
its noncommercial licence) is a real ``xlwings.Book``: reads are served from the
payload an xlwings client sends, and every write is queued as an action in
``book.json()`` that the client would apply to Excel. So the tests assert on exactly
what would reach the workbook: which cells are written, which table is resized,
which message box is shown. The payload comes from the template's own sheets
(``build_workbook``), converted by ``remote_book``.
"""

from __future__ import annotations

import copy
from pathlib import Path

import openpyxl
import oracle
import pytest
import remote_book
import xlwings as xw
import xlwings.main
from support import GOOD_AND_BAD_ROWS, LAST, counts_workbook, write_realisation

from xl_addin import __version__, layout, ribbon, udfs
from xl_addin.build.template import EXAMPLE_COUNTS, build_workbook
from xl_addin.plan import SHOWN_PROBLEMS, Settings, problems
from xl_addin.sampling import slovin
from xl_addin.workbook import fill, set_table_ref

FIRST = layout.TABLE_HEADER_ROW + 1  # first body row of both tables in the template
WIDTH = len(layout.TARGET_HEADERS)


# -- building payloads ------------------------------------------------------------------------


def workbook_with_rows(tmp_path: Path, rows) -> openpyxl.Workbook:
    """The template's sheets with these counts (tests/support.counts_workbook), loaded back."""
    return openpyxl.load_workbook(counts_workbook(tmp_path / f"satker-{len(rows)}.xlsx", rows))


def template_payload() -> dict:
    return remote_book.payload(build_workbook())


def rows_payload(tmp_path: Path, rows=GOOD_AND_BAD_ROWS) -> dict:
    return remote_book.payload(workbook_with_rows(tmp_path, rows))


def expected_targets(rows, **rule) -> list[oracle.Expected | None]:
    """What the rule gives each row, worked out independently of the package (tests/oracle.py); None for a
    row with a problem. ``rule``: oracle.expected's settings (e, threshold, …)."""
    return oracle.expected_rows(rows, **rule)


def numbers(targets) -> list[tuple[int, str, int] | None]:
    """(N, method, target) of each TargetRow the ribbon computed; None for a row with a problem."""
    return [(t.population, t.method, t.target) if t.ok else None for t in targets]


def expected_numbers(rows, **rule) -> list[tuple[int, str, int] | None]:
    return [None if e is None else (e.population, e.method, e.target) for e in expected_targets(rows, **rule)]


def run(payload: dict, action=ribbon.fill_targets):
    """Run a ribbon entry point on xlwings' remote Book; (its result, the actions it queued).

    Each setValues action also gets "cells": what Excel stores from its "values".
    """
    with xw.Book(json=copy.deepcopy(payload)) as book:
        result = action(book)
        actions = book.json()["actions"]
    for action in actions:
        if action["func"] == "setValues":
            action["cells"] = [[remote_book.stored(value) for value in row] for row in action["values"]]
    return result, actions


def of(actions, func):
    return [action for action in actions if action["func"] == func]


def blank(value):
    return "" if value is None else value


def sheet_position(payload: dict, title: str) -> int:
    return [sheet["name"] for sheet in payload["sheets"]].index(title)


def targets_place(payload: dict) -> tuple[int, int, int, int]:
    """(sheet position, header row, first column, body rows) of TargetResponden in the payload, 1-based rows/columns."""
    position, table = remote_book.table_of(payload, layout.TABLE_TARGETS)
    min_col, min_row, _, max_row = openpyxl.utils.range_boundaries(table["range_address"])
    return position, min_row, min_col, max_row - min_row


def assert_writes_inside(actions, payload: dict, body_rows: int) -> None:
    """Every write lands where a fill owns cells: TargetResponden's body (its columns, rows up to
    ``body_rows``), the summary cell named Ringkasan_Target, and the RealisasiResponden table."""
    position, header_row, first_column, _ = targets_place(payload)
    try:
        summary = remote_book.name_place(payload, layout.NAME_TARGET_SUMMARY)
    except KeyError:  # the name's sheet was renamed: there is no summary cell to write
        summary = None
    realisation_position, realisation = remote_book.table_of(payload, layout.TABLE_REALISATION)
    r_min_col, r_min_row, r_max_col, _ = openpyxl.utils.range_boundaries(realisation["range_address"])
    decision_position, decision = remote_book.table_of(payload, layout.TABLE_DECISION)
    d_min_col, d_min_row, d_max_col, _ = openpyxl.utils.range_boundaries(decision["range_address"])
    for action in actions:
        if action["func"] in ("setValues", "setFormula", "rangeClearContents", "setNumberFormat"):
            top_left = (action["start_row"] + 1, action["start_column"] + 1)
            if (
                payload["sheets"][action["sheet_position"]]["name"],
                openpyxl.utils.get_column_letter(top_left[1]) + str(top_left[0]),
            ) == summary:
                assert action["row_count"] == action["column_count"] == 1, action
            elif action["sheet_position"] == decision_position:  # the page below its table header is the fill's
                assert action["start_row"] >= d_min_row, action
                assert action["start_column"] >= d_min_col - 1, action
                assert action["start_column"] + action["column_count"] <= d_max_col, action
            elif action["sheet_position"] == realisation_position:
                assert action["start_row"] >= r_min_row, action  # below the header
                assert action["start_column"] >= r_min_col - 1, action
                assert action["start_column"] + action["column_count"] <= r_max_col, action
            else:
                assert action["sheet_position"] == position, action["func"]
                assert action["start_row"] >= header_row, action  # 0-based start_row == header_row: first body row
                assert action["start_row"] + action["row_count"] <= header_row + body_rows, action
                assert action["start_column"] >= first_column - 1, action
                assert action["start_column"] + action["column_count"] <= first_column - 1 + WIDTH, action
        else:
            assert action["func"] in ("resizeTable", "alert", "setAutofit"), action


def targets_resize(actions, payload: dict) -> dict:
    """The one resizeTable of the TargetResponden table."""
    position = targets_place(payload)[0]
    [resize] = [a for a in actions if a["func"] == "resizeTable" and a["sheet_position"] == position]
    return resize


def targets_write(actions, payload: dict) -> dict:
    """The one setValues that writes the TargetResponden block."""
    position, header_row, _, _ = targets_place(payload)
    [write] = [
        a
        for a in actions
        if a["func"] == "setValues" and a["sheet_position"] == position and a["start_row"] == header_row
    ]
    return write


METHOD_SHOWN = {"slovin": "Slovin", "krejcie_morgan": "Krejcie & Morgan"}


def assert_block_matches(block, rows, outcome, settings: Settings, use_names: bool = True, **rule) -> None:
    """The written rows are the rule's results for ``rows``, worked out independently (tests/oracle.py), in the
    table's column order, with check formulas that compute the same target; the notes and formula texts are
    the ones the ribbon's outcome carries (tests/test_plan.py holds those texts to whole strings)."""
    expected = expected_targets(rows, **rule)
    assert len(block) >= len(expected) == len(outcome.targets)
    for offset, (row, want, target, typed) in enumerate(zip(block, expected, outcome.targets, rows)):
        assert len(row) == WIDTH
        cell = dict(zip(layout.TARGET_HEADERS, row))
        assert cell[layout.COLUMN_SATKER] == blank(typed[0])
        assert cell[layout.COLUMN_NOTE] == target.note and cell[layout.COLUMN_NOTE].startswith(
            "N = " if want else "PERIKSA: "
        )
        assert cell[layout.COLUMN_FORMULA] == blank(target.formula or None)
        check = cell[layout.COLUMN_EXCEL_CHECK]
        if want is None:
            assert [cell[h] for h in layout.TARGET_HEADERS if h not in (layout.COLUMN_SATKER, layout.COLUMN_NOTE)] == [
                ""
            ] * (WIDTH - 2)
            continue
        assert [cell[h] for h in layout.TARGET_HEADERS[1:4]] == [
            want.population,
            METHOD_SHOWN[want.method],
            want.target,
        ]
        assert (cell[layout.COLUMN_SLOVIN], cell[layout.COLUMN_KREJCIE]) == (want.slovin, want.krejcie_morgan)
        assert (cell[layout.COLUMN_OLD_TARGET], cell[layout.COLUMN_CHANGE]) == (want.old_target, want.change)
        row_number = FIRST + offset
        assert check.startswith(f"=IF(ISNUMBER(B{row_number}),") and ("Slovin_e" in check) == use_names
        assert oracle.evaluate_formula(check, {**settings.as_cells(), f"B{row_number}": want.population}) == want.target
    for row in block[len(expected) :]:
        assert row == [""] * WIDTH


# -- Hitung Target -----------------------------------------------------------------------------


def test_fill_on_the_template_writes_one_block_and_resizes_once():
    payload = template_payload()
    outcome, actions = run(payload)
    targets = expected_targets(EXAMPLE_COUNTS)
    assert outcome is not None and numbers(outcome.targets) == expected_numbers(EXAMPLE_COUNTS)
    assert not outcome.problems
    # the targets block, the Realisasi notes, the decision page, the comparison line: four writes, whatever
    # the number of satker
    assert [action["func"] for action in actions].count("setValues") == 4
    write = targets_write(actions, payload)
    position, header_row, first_column, _ = targets_place(payload)
    assert (write["sheet_position"], write["start_row"], write["start_column"]) == (
        position,
        header_row,
        first_column - 1,
    )
    assert (write["row_count"], write["column_count"]) == (len(targets), WIDTH)
    assert_block_matches(write["cells"], EXAMPLE_COUNTS, outcome, Settings())
    resize = targets_resize(actions, payload)
    assert resize["sheet_position"] == position
    assert resize["args"] == [0, f"$A${header_row}:${LAST}${header_row + len(targets)}"]
    # all good but the template's CONTOH rows: the one message box says so, and nothing else
    [alert] = of(actions, "alert")
    assert "baris CONTOH" in alert["args"][0] and "PERIKSA" not in alert["args"][0]
    assert_writes_inside(actions, payload, len(targets))
    by_name = {row[0]: row for row in write["cells"]}
    kupang = by_name[EXAMPLE_COUNTS[0][0]]
    assert kupang[1:4] == [1825, "Krejcie & Morgan", 317]  # (1850 + 1720 + 1905) / 3 → 1825 → 317
    assert by_name[EXAMPLE_COUNTS[1][0]][1:4] == [12, "Slovin", 12]


def test_a_new_realisasi_row_looks_its_target_up_where_the_targets_table_has_it(tmp_path):
    def edit(book):
        write_realisation(book, ["Satker Contoh A"])  # the new satker has no Realisasi row yet
        sheet = book[layout.SHEET_TARGETS]  # a clerk inserted a column before the targets table
        table = sheet.tables[layout.TABLE_TARGETS]
        sheet.move_range(table.ref, cols=1)
        set_table_ref(table, f"B{FIRST - 1}:{openpyxl.utils.get_column_letter(WIDTH + 1)}{FIRST}")

    path = counts_workbook(
        tmp_path / "geser.xlsx", [("Satker Contoh A", 100, 100, 100), ("Satker Baru", 12, 12, 12)], edit=edit
    )
    payload = remote_book.payload(openpyxl.load_workbook(path))
    _, actions = run(payload)
    remote_book.apply(payload, actions)
    cells = remote_book.grid(payload, layout.SHEET_REALISATION)
    row = FIRST + 1
    assert cells[f"A{row}"] == "Satker Baru"
    # the satker are now in column B of Target Responden and the targets in column E
    assert cells[f"B{row}"] == (
        "formula",
        f"=IFERROR(INDEX('Target Responden'!$E:$E,MATCH($A{row},'Target Responden'!$B:$B,0)),\"\")",
    )


def test_fill_with_bad_rows_writes_all_rows_and_lists_the_problems(tmp_path):
    payload = rows_payload(tmp_path)
    outcome, actions = run(payload)
    assert numbers(outcome.targets) == expected_numbers(GOOD_AND_BAD_ROWS)
    write = targets_write(actions, payload)
    assert write["row_count"] == len(GOOD_AND_BAD_ROWS)
    assert_block_matches(write["cells"], GOOD_AND_BAD_ROWS, outcome, Settings())
    resize = targets_resize(actions, payload)
    assert resize["args"][1] == f"$A$4:${LAST}${4 + len(GOOD_AND_BAD_ROWS)}"
    [alert] = of(actions, "alert")
    prompt, title = alert["args"][:2]
    assert title == ribbon.TITLE
    assert "perlu diperiksa" in prompt
    found = problems(outcome.targets)
    assert len(found) == 7  # D, E, F, G, both duplicated A rows, the row without a name
    for problem in found:
        assert problem in prompt
    for where in (
        "baris 8 (Satker Contoh D)",
        "baris 9 (Satker Contoh E)",
        "baris 10 (Satker Contoh F)",
        "baris 11 (Satker Contoh G)",
        "baris 5 (Satker Contoh A)",
        "baris 12 (Satker Contoh A)",
        "baris 13 (tanpa nama)",
    ):
        assert where in prompt
    assert "Traceback" not in prompt
    assert_writes_inside(actions, payload, len(GOOD_AND_BAD_ROWS))
    assert len(found) <= SHOWN_PROBLEMS


def test_a_shrinking_table_clears_its_old_rows_and_shrinks(tmp_path):
    book = build_workbook()
    sheet = book[layout.SHEET_TARGETS]
    table = sheet.tables[layout.TABLE_TARGETS]
    table.ref = f"A4:{LAST}30"  # an earlier fill of 26 satker
    for row in range(FIRST, 31):
        for column in range(1, WIDTH + 1):
            sheet.cell(row, column, f"lama {row}")
    payload = remote_book.payload(book)
    outcome, actions = run(payload)
    targets = expected_targets(EXAMPLE_COUNTS)
    write = targets_write(actions, payload)
    assert (write["start_row"], write["row_count"]) == (FIRST - 1, 30 - FIRST + 1)
    assert_block_matches(write["cells"], EXAMPLE_COUNTS, outcome, Settings())  # rows after the targets are blank
    assert all(value == "" for row in write["cells"][len(targets) :] for value in row)
    resize = targets_resize(actions, payload)
    assert resize["args"] == [0, f"$A$4:${LAST}${4 + len(targets)}"]
    assert_writes_inside(actions, payload, 30 - 4)


def test_growing_into_a_filled_cell_stops_with_its_address():
    book = build_workbook()
    book[layout.SHEET_TARGETS]["C9"] = "catatan pribadi"
    payload = remote_book.payload(book)
    outcome, actions = run(payload)
    assert outcome is None
    assert of(actions, "setValues") == [] and of(actions, "resizeTable") == []
    [alert] = of(actions, "alert")
    assert "C9" in alert["args"][0] and "kosongkan" in alert["args"][0]
    assert [action["func"] for action in actions] == ["alert"]


def test_a_filled_cell_beside_the_table_is_no_obstacle():
    book = build_workbook()
    book[layout.SHEET_TARGETS]["M9"] = "catatan di samping tabel"
    payload = remote_book.payload(book)
    _, actions = run(payload)
    assert targets_write(actions, payload) and targets_resize(actions, payload)
    assert_writes_inside(actions, payload, len(EXAMPLE_COUNTS))


def test_check_data_writes_nothing_and_reports(tmp_path):
    _, actions = run(template_payload(), ribbon.check_data)
    assert [action["func"] for action in actions] == ["alert"]
    assert f"masih memuat {len(EXAMPLE_COUNTS)} baris CONTOH" in actions[0]["args"][0]  # the template's examples
    _, actions = run(rows_payload(tmp_path, [("Lapas Nyata", 100, 100, 100)]), ribbon.check_data)
    assert "Data lengkap: 1 satker siap dihitung" in actions[0]["args"][0]
    outcome, actions = run(rows_payload(tmp_path), ribbon.check_data)
    assert [action["func"] for action in actions] == ["alert"]
    assert numbers(outcome.targets) == expected_numbers(GOOD_AND_BAD_ROWS)
    for problem in problems(outcome.targets):
        assert problem in actions[0]["args"][0]


def test_a_total_row_under_the_counts_is_not_a_satker():
    book = build_workbook()
    sheet = book[layout.SHEET_COUNTS]
    table = sheet.tables[layout.TABLE_COUNTS]
    total = FIRST + len(EXAMPLE_COUNTS)
    table.ref, table.totalsRowCount = f"A4:D{total}", 1
    for column, value in enumerate(("Total", 9999, 9999, 9999), start=1):
        sheet.cell(total, column, value)
    payload = remote_book.payload(book)
    assert remote_book.table_of(payload, layout.TABLE_COUNTS)[1]["show_totals"]
    outcome, actions = run(payload)
    assert numbers(outcome.targets) == expected_numbers(EXAMPLE_COUNTS)
    write = targets_write(actions, payload)
    assert "Total" not in [row[0] for row in write["cells"]]
    assert targets_resize(actions, payload)["args"][1] == f"$A$4:${LAST}${4 + len(EXAMPLE_COUNTS)}"


@pytest.mark.parametrize("action", [ribbon.fill_targets, ribbon.check_data], ids=["fill", "check"])
def test_a_total_row_on_the_targets_table_is_refused(action):
    book = build_workbook()
    table = book[layout.SHEET_TARGETS].tables[layout.TABLE_TARGETS]
    table.ref, table.totalsRowCount = f"A4:{LAST}{FIRST + 1}", 1
    outcome, actions = run(remote_book.payload(book), action)
    assert outcome is None
    assert [a["func"] for a in actions] == ["alert"]
    assert "Baris Total" in actions[0]["args"][0] and layout.TABLE_TARGETS in actions[0]["args"][0]


# -- a broken workbook: a message naming the part, never a write --------------------------------


def _renamed_column(book, sheet_title, table_name, old, new):
    sheet = book[sheet_title]
    table = sheet.tables[table_name]
    for cell in sheet[layout.TABLE_HEADER_ROW]:
        if layout.header_key(cell.value) == layout.header_key(old):
            cell.value = new
    for column in table.tableColumns:
        if layout.header_key(column.name) == layout.header_key(old):
            column.name = new


def _without_target_table(book):
    del book[layout.SHEET_TARGETS].tables[layout.TABLE_TARGETS]


def _renamed_counts_table(book):
    book[layout.SHEET_COUNTS].tables[layout.TABLE_COUNTS].displayName = "Tabel1"


def _without_counts_sheet(book):
    del book[layout.SHEET_COUNTS]


BROKEN = {
    "target table missing": (_without_target_table, [layout.TABLE_TARGETS, "tidak ditemukan"]),
    "counts table renamed": (_renamed_counts_table, [layout.TABLE_COUNTS, "tidak ditemukan"]),
    "counts sheet deleted": (_without_counts_sheet, [layout.TABLE_COUNTS, "terhapus"]),
    "month column missing": (
        lambda book: _renamed_column(book, layout.SHEET_COUNTS, layout.TABLE_COUNTS, "Februari 2024", "Bulan kedua"),
        ["kolom 'Februari 2024'", layout.TABLE_COUNTS],
    ),
    "target column missing": (
        lambda book: _renamed_column(book, layout.SHEET_TARGETS, layout.TABLE_TARGETS, layout.COLUMN_METHOD, "Cara"),
        [f"kolom '{layout.COLUMN_METHOD}'", layout.TABLE_TARGETS],
    ),
}


@pytest.mark.parametrize("action", [ribbon.fill_targets, ribbon.check_data], ids=["fill", "check"])
@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_workbook_gets_an_indonesian_message_and_no_write(case, action):
    breaking, words = BROKEN[case]
    book = build_workbook()
    breaking(book)
    outcome, actions = run(remote_book.payload(book), action)
    assert outcome is None
    assert [a["func"] for a in actions] == ["alert"], actions
    prompt = actions[0]["args"][0]
    for word in words:
        assert word in prompt, prompt
    assert "belum dapat" in prompt or "tidak dihitung" in prompt
    assert "Traceback" not in prompt and "Error" not in prompt


def test_renamed_sheets_do_not_matter_tables_are_found_by_name():
    book = build_workbook()
    book[layout.SHEET_COUNTS].title = "Data Satker"
    book[layout.SHEET_TARGETS].title = "Hasil"
    payload = remote_book.payload(book)
    outcome, actions = run(payload)
    write = targets_write(actions, payload)
    assert write["sheet_position"] == sheet_position(payload, "Hasil")
    assert_block_matches(write["cells"], EXAMPLE_COUNTS, outcome, Settings())
    assert_writes_inside(actions, payload, len(EXAMPLE_COUNTS))


# -- settings from the named cells --------------------------------------------------------------


@pytest.mark.parametrize("typed", [0.1, "10%", "0,1"])
def test_settings_in_named_cells_are_honoured(tmp_path, typed):
    payload = rows_payload(tmp_path)
    remote_book.set_name(payload, "Slovin_e", typed)
    outcome, actions = run(payload)
    settings = Settings(slovin_error=0.1)
    assert expected_targets(GOOD_AND_BAD_ROWS, e=0.1) != expected_targets(GOOD_AND_BAD_ROWS)
    write = targets_write(actions, payload)
    assert_block_matches(write["cells"], GOOD_AND_BAD_ROWS, outcome, settings, e=0.1)
    by_name = {row[0]: row for row in write["cells"]}
    assert by_name["Satker Contoh B"][1:4] == [12, "Slovin", slovin(12, 0.1)] == [12, "Slovin", 11]


def test_threshold_from_its_named_cell(tmp_path):
    rows = [("Satker Kecil", 25, 25, 25)]
    payload = rows_payload(tmp_path, rows)
    remote_book.set_name(payload, "Ambang_N", 20)
    _, actions = run(payload)
    write = targets_write(actions, payload)
    assert write["cells"][0][1:4] == [25, "Krejcie & Morgan", 24]


def test_a_bad_setting_is_named_and_nothing_is_written(tmp_path):
    payload = rows_payload(tmp_path)
    remote_book.set_name(payload, "Slovin_e", 1.5)
    outcome, actions = run(payload)
    assert outcome is None
    assert [a["func"] for a in actions] == ["alert"]
    assert "e (batas toleransi kesalahan Slovin)" in actions[0]["args"][0] and "antara 0 dan 1" in actions[0]["args"][0]


def test_without_the_named_cells_the_formulas_carry_the_values():
    book = build_workbook()
    for setting in layout.SETTINGS:
        del book.defined_names[setting.defined_name]
    payload = remote_book.payload(book)
    outcome, actions = run(payload)
    write = targets_write(actions, payload)
    assert_block_matches(write["cells"], EXAMPLE_COUNTS, outcome, Settings(), use_names=False)


# -- Book.caller() -------------------------------------------------------------------------------


def test_fill_without_a_book_uses_book_caller():
    payload = template_payload()
    _, direct = run(payload)
    assert "_mock_caller" not in vars(xw.Book)
    with xw.Book(json=copy.deepcopy(payload)) as book:
        book.set_mock_caller()
        try:
            outcome = ribbon.fill_targets()  # what RunPython does: no argument
            actions = book.json()["actions"]
        finally:
            if "_mock_caller" in vars(xw.Book):
                del xw.Book._mock_caller
    assert outcome is not None
    assert actions == [{key: value for key, value in action.items() if key != "cells"} for action in direct]
    assert "_mock_caller" not in vars(xw.Book)


# -- Tes Instalasi -------------------------------------------------------------------------------


def report_of(actions, payload):
    [write] = of(actions, "setValues")
    return write, {row[0]: row for row in write["cells"]}


def test_selftest_writes_its_report_on_its_own_sheet_in_one_write():
    payload = template_payload()
    _rows, actions = run(payload, ribbon.selftest)
    [added] = of(actions, "addSheet")
    position = len(payload["sheets"])
    assert added["args"] == [position, layout.SHEET_SELFTEST]
    write, report = report_of(actions, payload)
    assert (write["sheet_position"], write["start_row"], write["start_column"]) == (position, 0, 0)
    assert len(of(actions, "alert")) == 1
    assert report["Python"][2] == "OK"
    assert report["xl_addin"][1:] == [__version__, "OK"]
    assert report["xlwings"][2] == "OK" and xw.__version__ in report["xlwings"][1]
    for formula, (function, argument), answer in ribbon.KNOWN_ANSWERS:
        assert report[f"Python {formula}"][2] == "OK", formula
        assert getattr(udfs, function)(argument) == [[answer]]
        # the formula shown as text, then the same formula live, computed by Excel itself through xlwings
        assert report[formula][1:] == [formula, answer]
        raw = next(row for row in write["values"] if row[0] == "'" + formula)
        assert raw[1] == formula and not remote_book.is_formula(raw[0]) and remote_book.is_formula(raw[1])
    assert "lulus" in of(actions, "alert")[0]["args"][0]
    assert {action["func"] for action in actions} == {"addSheet", "setValues", "alert"}


def test_selftest_fails_on_a_different_xlwings_version():
    payload = template_payload()
    remote_book.set_name(payload, layout.NAME_XLWINGS_VERSION, "0.30.0")
    _rows, actions = run(payload, ribbon.selftest)
    _, report = report_of(actions, payload)
    assert report["xlwings"][2] == "GAGAL"
    assert "0.30.0" in report["xlwings"][1]
    assert "1 pemeriksaan GAGAL" in of(actions, "alert")[0]["args"][0]


def test_selftest_overwrites_an_older_longer_report():
    book = build_workbook()
    old = book.create_sheet("tes instalasi")  # Excel sheet names ignore case
    for row in range(1, 41):
        old.cell(row, 1, f"laporan lama {row}")
        old.cell(row, 5, "x")
    payload = remote_book.payload(book)
    _, actions = run(payload, ribbon.selftest)
    assert of(actions, "addSheet") == []
    write, report = report_of(actions, payload)
    assert write["sheet_position"] == sheet_position(payload, "tes instalasi")
    assert write["row_count"] == 40 and write["column_count"] == 5
    assert not any(str(value).startswith("laporan lama") for row in write["cells"] for value in row)
    assert write["cells"][-1] == [""] * 5
    assert "xlwings" in report


@pytest.mark.parametrize("office_bits", [32, 64])
def test_selftest_reports_office_bitness_beside_pythons(office_bits):
    """The VBA passes #If Win64 as office_bits; a mismatch with Python is reported, not failed (see bitness_row)."""
    _rows, actions = run(template_payload(), lambda book: ribbon.selftest(book, office_bits=office_bits))
    _, report = report_of(actions, None)
    python = ribbon.python_bits()
    assert report["Office"][1:] == [f"{office_bits}-bit", "INFO"]
    assert f"{python}-bit" in report["Python"][1]
    found, status = report["Bit Office dan Python"][1:]
    if office_bits == python:
        assert status == "OK" and found == f"sama, {python}-bit"
    else:
        assert status == "INFO" and "tidak masalah" in found and f"xlwings{office_bits}-{xw.__version__}.dll" in found
    assert not [row for row in report.values() if str(row[2]).startswith("GAGAL")]


def test_selftest_from_the_command_line_does_not_know_office():
    rows = {check: (found, status) for check, found, status in ribbon.selftest_report()}
    assert rows["Office"] == ("tidak diketahui (jalankan Tes Instalasi dari Excel)", "INFO")
    assert "Bit Office dan Python" not in rows


def venv_with(tmp_path: Path, *dlls: str) -> Path:
    """A Windows venv's layout: Scripts/python.exe, and the DLLs pip puts in the environment's root."""
    (tmp_path / "Scripts").mkdir()
    interpreter = tmp_path / "Scripts" / "python.exe"
    interpreter.write_bytes(b"")
    for dll in dlls:
        (tmp_path / dll).write_bytes(b"MZ")
    return interpreter


@pytest.mark.parametrize(
    "present, office_bits, status",
    [
        (("32", "64"), 32, "OK"),
        (("32", "64"), 64, "OK"),
        (("64",), 32, "GAGAL"),
        (("64",), 64, "OK"),
        (("32", "64"), None, "OK"),
        (("64",), None, "INFO"),
        ((), None, "GAGAL"),
        ((), 64, "GAGAL"),
    ],
)
def test_the_dll_row_looks_where_xlwings_vba_looks(tmp_path, present, office_bits, status):
    version = "0.37.8"
    interpreter = venv_with(tmp_path, *(f"xlwings{bits}-{version}.dll" for bits in present))
    _check, found, got = ribbon.dll_row(office_bits, interpreter, version)
    assert got == status, found
    if status == "GAGAL":
        assert "PASANG.cmd" in found
    elif office_bits:
        assert found == str(tmp_path / f"xlwings{office_bits}-{version}.dll")


# -- a fixed number of range reads and writes per click -------------------------------------------


@pytest.fixture
def range_value_calls(monkeypatch):
    counts = {"read": 0, "write": 0}
    monkeypatch.setattr(xlwings.main.Range, "value", remote_book.counting_value_property(counts))
    return counts


def generated_rows(satker: int):
    return [(f"Satker Contoh {i:04d}", 10 + i % 2000, 12 + i % 1800, 9 + i % 2100) for i in range(satker)]


def test_reads_and_writes_per_fill_do_not_grow_with_the_satker(tmp_path, range_value_calls):
    seen = {}
    for satker in (8, 300):
        payload = rows_payload(tmp_path, generated_rows(satker))
        range_value_calls.update(read=0, write=0)
        outcome, actions = run(payload)
        assert len(outcome.targets) == satker
        seen[satker] = dict(range_value_calls)
        assert targets_write(actions, payload) and targets_resize(actions, payload)
    assert seen[8] == seen[300], seen
    assert seen[8]["write"] == 4  # the targets block, the Realisasi notes, the decision page, the comparison line
    # the named cells of Pengaturan, counts (with the row below), the targets header, the rows it grows into,
    # the Realisasi table, the decision table's header and what its page used below it
    assert seen[8]["read"] == 7, seen


def test_the_counter_sees_reads_and_writes(range_value_calls):
    with xw.Book(json=template_payload()) as book:
        sheet = book.sheets[layout.SHEET_TARGETS]
        _ = sheet["A1"].value
        sheet["Z99"].value = 1
    assert range_value_calls == {"read": 1, "write": 1}


def test_fill_says_so_when_settings_cells_are_missing():
    book = build_workbook()
    for setting in layout.SETTINGS[:2]:
        del book.defined_names[setting.defined_name]
    with xw.Book(json=remote_book.payload(book)) as remote:
        outcome = ribbon.fill_targets(remote)
        alerts = [a for a in remote.json()["actions"] if a["func"] == "alert"]
    assert outcome is not None and len(alerts) == 1
    assert "tidak ditemukan" in alerts[0]["args"][0] and "nilai bawaan" in alerts[0]["args"][0]


def test_rekap_kanwil_button_consolidates_the_picked_folder(tmp_path):
    folder = tmp_path / "Kiriman Satker"
    folder.mkdir()
    for number in range(3):
        rows = [(f"Satker Contoh {number}", 100 + number, 120, 110)]
        fill(counts_workbook(folder / f"satker_{number}.xlsx", rows))
    inputs = {path: path.read_bytes() for path in folder.iterdir()}
    with xw.Book(json=remote_book.payload(build_workbook())) as book:
        out = ribbon.consolidate_folder(str(folder), book)
        alerts = [a["args"][0] for a in book.json()["actions"] if a["func"] == "alert"]
    assert out == folder / layout.SUMMARY_FILE_NAME and out.exists()
    assert len(alerts) == 1 and "3 file terbaca" in alerts[0] and "3 satker" in alerts[0]
    assert {path: path.read_bytes() for path in inputs} == inputs, "an input workbook was modified"
    summary = openpyxl.load_workbook(out)
    assert {"Rekap", "Masalah"} <= set(summary.sheetnames)
