"""Turn an openpyxl workbook into the JSON payload of xlwings' remote engine (``xw.Book(json=...)``).

This is not a fake Book: the Book the tests use is xlwings' own (``xlwings/pro/_xlremote.py``),
fed the snapshot an xlwings client (Office.js, Office Scripts) sends. The payload carries:

* every sheet's cell values from A1 to the used range's bottom-right, ``""`` for an empty cell,
  dates as ISO strings, whole numbers as int (JavaScript has one number type, so clients send
  ``5``, not ``5.0``);
* each sheet's tables with their addresses, column names, row and column counts;
* the workbook's defined names (book- and sheet-scoped) with ``sheet_index`` and ``address``.

``set_cell``/``set_name`` change a payload in place, to test what a clerk may have typed.
Only values travel: xlwings' remote protocol carries no formats, validation or styles.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # before xlwings is imported

import xlwings as xw
from openpyxl import Workbook
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.utils.cell import coordinate_from_string

CLIENT = "Office.js"
FORMULAS = "_formula_cells"  # what xlwings Server/Lite send; the version check is skipped for it


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%dT00:00:00.000Z")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _address(min_col: int, min_row: int, max_col: int, max_row: int) -> str:
    return f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"


def _table(sheet, table) -> dict[str, Any]:
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    headers = table.headerRowCount if table.headerRowCount is not None else 1
    totals = table.totalsRowCount or 0
    body_top, body_bottom = min_row + headers, max_row - totals
    style = table.tableStyleInfo
    return {
        "name": table.displayName,
        "range_address": _address(min_col, min_row, max_col, max_row),
        "header_row_range_address": _address(min_col, min_row, max_col, min_row) if headers else None,
        "data_body_range_address": _address(min_col, body_top, max_col, body_bottom)
        if body_top <= body_bottom
        else None,
        "total_row_range_address": _address(min_col, max_row, max_col, max_row) if totals else None,
        "show_headers": bool(headers),
        "show_totals": bool(totals),
        "table_style": style.name if style is not None else None,
        "show_autofilter": table.autoFilter is not None or bool(headers),
        "show_table_style_first_column": bool(style and style.showFirstColumn),
        "show_table_style_last_column": bool(style and style.showLastColumn),
        "show_table_style_row_stripes": bool(style and style.showRowStripes),
        "show_table_style_column_stripes": bool(style and style.showColumnStripes),
        # openpyxl fills tableColumns only when saving; a workbook built in memory has the header cells
        "columns": [column.name for column in table.tableColumns]
        or [str(_cell(sheet.cell(min_row, column).value)) for column in range(min_col, max_col + 1)],
        "row_count": max_row - min_row + 1,
        "column_count": max_col - min_col + 1,
    }


def _sheet(sheet) -> dict[str, Any]:
    rows, columns = max(sheet.max_row, 1), max(sheet.max_column, 1)
    values = [[_cell(sheet.cell(r, c).value) for c in range(1, columns + 1)] for r in range(1, rows + 1)]
    return {
        "name": sheet.title,
        "values": values,
        "pictures": [],
        "tables": [_table(sheet, table) for table in sheet.tables.values()],
        "visibility": {"visible": "Visible", "hidden": "Hidden", "veryHidden": "VeryHidden"}[sheet.sheet_state],
        "print_area": None,
        "used_range_address": _address(1, 1, columns, rows),
    }


def _name(name, titles: list[str], scope_index: int | None) -> dict[str, Any] | None:
    destinations = list(name.destinations)
    if len(destinations) != 1 or destinations[0][0] not in titles:
        return None  # constants, formulas and #REF! names have no single range to send
    title, reference = destinations[0]
    quoted = "'" + title.replace("'", "''") + "'" if not title.replace("_", "").isalnum() else title
    return {
        "name": name.name,
        "sheet_index": titles.index(title),
        "address": reference.replace("$", ""),
        "refers_to": f"={quoted}!{reference}",
        "scope_sheet_name": titles[scope_index] if scope_index is not None else None,
        "scope_sheet_index": scope_index,
        "book_scope": scope_index is None,
    }


def payload(book: Workbook, name: str = "SPAK_SPKP.xlsm", active_sheet: int | None = None) -> dict[str, Any]:
    """The JSON an xlwings client would send for ``book``."""
    titles = [sheet.title for sheet in book.worksheets]
    names = [_name(defined, titles, None) for defined in book.defined_names.values()]
    for index, sheet in enumerate(book.worksheets):
        names += [_name(defined, titles, index) for defined in sheet.defined_names.values()]
    active = book.index(book.active) if active_sheet is None else active_sheet
    return {
        "client": CLIENT,
        "version": xw.__version__,
        "book": {"name": name, "active_sheet_index": active, "selection": "A1"},
        "names": [entry for entry in names if entry is not None],
        "sheets": [_sheet(sheet) for sheet in book.worksheets],
        # Not part of the protocol (the engine ignores it): which cells hold formulas, so that tests can tell a
        # formula from a text that starts with "=" when they compare sheets (clients send values only).
        FORMULAS: sorted(
            f"{sheet.title}!{cell.coordinate}"
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.data_type == "f"
        ),
    }


# -- editing a payload ------------------------------------------------------------------------


def sheet_of(data: dict[str, Any], title: str) -> dict[str, Any]:
    for sheet in data["sheets"]:
        if sheet["name"] == title:
            return sheet
    raise KeyError(title)


def set_cell(data: dict[str, Any], title: str, address: str, value: Any) -> None:
    """Put ``value`` in one cell of the payload, growing the sheet's values grid if needed."""
    letters, row = coordinate_from_string(address)
    column = column_index_from_string(letters)
    sheet = sheet_of(data, title)
    values = sheet["values"]
    width = max(len(values[0]) if values else 0, column)
    for line in values:
        line.extend([""] * (width - len(line)))
    while len(values) < row:
        values.append([""] * width)
    values[row - 1][column - 1] = _cell(value)
    sheet["used_range_address"] = _address(1, 1, width, len(values))


def name_place(data: dict[str, Any], defined_name: str) -> tuple[str, str]:
    for entry in data["names"]:
        if entry["name"].casefold() == defined_name.casefold():
            return data["sheets"][entry["sheet_index"]]["name"], entry["address"]
    raise KeyError(defined_name)


def set_name(data: dict[str, Any], defined_name: str, value: Any) -> None:
    """Change the value of the cell a defined name points at."""
    set_cell(data, *name_place(data, defined_name), value)


def table_of(data: dict[str, Any], table_name: str) -> tuple[int, dict[str, Any]]:
    """(sheet position, table entry) of a table in the payload."""
    for position, sheet in enumerate(data["sheets"]):
        for table in sheet["tables"]:
            if table["name"] == table_name:
                return position, table
    raise KeyError(table_name)


def counting_value_property(counts: dict) -> property:
    """xlwings' ``Range.value``, counting each read and write into ``counts`` (each is a round trip to Excel)."""
    import xlwings.main

    original = xlwings.main.Range.value

    def read(self):
        counts["read"] = counts.get("read", 0) + 1
        return original.fget(self)

    def write(self, data):
        counts["write"] = counts.get("write", 0) + 1
        original.fset(self, data)

    return property(read, write)


# -- what Excel makes of what is written ------------------------------------------------------


def stored(value: Any) -> Any:
    """What Excel stores when ``value`` is written through ``range.value``, as text typed in a cell.

    A leading apostrophe is Excel's text marker: the rest is stored verbatim, as text.
    A string starting with "=" becomes a formula (kept here as its text). Anything
    else is stored as it is (the ribbon never writes other strings: see ``ribbon.excel_value``).
    """
    if isinstance(value, str) and value.startswith("'"):
        return value[1:]
    return value


def is_formula(value: Any) -> bool:
    """Whether Excel would store ``value``, written through ``range.value``, as a formula."""
    return isinstance(value, str) and value.startswith(("=", "+", "-", "@")) and len(value) > 1


def apply(data: dict[str, Any], actions: list[dict[str, Any]]) -> None:
    """Apply the writes an xlwings client would make to Excel (setValues, resizeTable, addSheet, sheetClear) to the
    payload.

    Values go through ``stored``: what Excel keeps of them. Only the actions the ribbon code
    queues are modelled; any other write fails here, so a new kind of write cannot go unseen.
    Looks (number formats, fonts, fills, widths, heights, wrapping, merged cells) are not values: the payload
    carries none, so they are passed over (``looks`` lists them for a test that checks them).
    """
    for action in actions:
        func = action["func"]
        if func in ("alert", "save", "setDataValidationList", *LOOKS):
            continue  # looks, validation lists, saving: the payload carries values only
        if func == "addSheet":  # a sheet made at a position: the sheets after it move one place on
            position, name = action["args"]
            data["sheets"].insert(position, _sheet(Workbook().active) | {"name": name})
            continue
        if func == "namesAdd":
            name, refers_to = action["args"]
            title, address = refers_to.removeprefix("=").rsplit("!", 1)
            title = title.strip("'").replace("''", "'")
            titles = [sheet["name"] for sheet in data["sheets"]]
            data["names"].append(
                {
                    "name": name,
                    "sheet_index": titles.index(title),
                    "address": address.replace("$", ""),
                    "refers_to": refers_to,
                    "scope_sheet_name": None,
                    "scope_sheet_index": None,
                    "book_scope": True,
                }
            )
            continue
        sheet = data["sheets"][action["sheet_position"]]
        if func == "sheetClear":
            sheet["values"] = [[""]]
            sheet["used_range_address"] = "A1:A1"
            data[FORMULAS] = [key for key in data.get(FORMULAS, ()) if not key.startswith(sheet["name"] + "!")]
        elif func == "setValues":
            for row_offset, row in enumerate(action["values"]):
                for column_offset, value in enumerate(row):
                    address = f"{get_column_letter(action['start_column'] + column_offset + 1)}{action['start_row'] + row_offset + 1}"
                    formulas = set(data.get(FORMULAS, ()))
                    key = f"{sheet['name']}!{address}"
                    (formulas.add if is_formula(value) else formulas.discard)(key)
                    data[FORMULAS] = sorted(formulas)
                    set_cell(data, sheet["name"], address, stored(value))
        elif func == "addTable":
            address, _headers, _style, name = action["args"]
            min_col, min_row, max_col, max_row = range_boundaries(address.replace("$", ""))
            sheet["tables"].append(
                {
                    "name": name,
                    "range_address": _address(min_col, min_row, max_col, max_row),
                    "header_row_range_address": _address(min_col, min_row, max_col, min_row),
                    "data_body_range_address": _address(min_col, min_row + 1, max_col, max_row),
                    "total_row_range_address": None,
                    "show_headers": True,
                    "show_totals": False,
                    "columns": [str(value) for value in sheet["values"][min_row - 1][min_col - 1 : max_col]],
                    "row_count": max_row - min_row + 1,
                    "column_count": max_col - min_col + 1,
                }
            )
        elif func == "resizeTable":
            index, address = action["args"]
            min_col, min_row, max_col, max_row = range_boundaries(address.replace("$", ""))
            table = sheet["tables"][index]
            table["range_address"] = _address(min_col, min_row, max_col, max_row)
            table["data_body_range_address"] = _address(min_col, min_row + 1, max_col, max_row)
            table["row_count"] = max_row - min_row + 1
        else:
            raise AssertionError(f"the model does not know the action {func}")


# The actions that change only how cells look (``apply`` passes them over).
LOOKS = (
    "setNumberFormat",
    "setAutofit",
    "setColumnWidth",
    "setRowHeight",
    "setFontProperty",
    "setRangeColor",
    "setWrapText",
    "rangeMerge",
)


def looks(actions: list[dict[str, Any]], sheet_position: int) -> dict[str, list[tuple[Any, str]]]:
    """The looks queued for one sheet, by action: (its argument, the range it was set on as "A1:G3")."""
    found: dict[str, list[tuple[Any, str]]] = {}
    for action in actions:
        if action["func"] in LOOKS and action["sheet_position"] == sheet_position:
            top, left = action["start_row"] + 1, action["start_column"] + 1
            address = _address(left, top, left + action["column_count"] - 1, top + action["row_count"] - 1)
            argument = action["args"][0] if len(action["args"]) == 1 else tuple(action["args"])
            found.setdefault(action["func"], []).append((argument, address))
    return found


def grid(data: dict[str, Any], title: str) -> dict[str, Any]:
    """Every non-empty cell of a payload sheet, by coordinate; a formula cell is ("formula", its text)."""
    values = sheet_of(data, title)["values"]
    formulas = set(data.get(FORMULAS, ()))
    cells = {}
    for row, line in enumerate(values, start=1):
        for column, value in enumerate(line, start=1):
            if value in ("", None):
                continue
            address = f"{get_column_letter(column)}{row}"
            cells[address] = ("formula", value) if f"{title}!{address}" in formulas else value
    return cells
