"""What the ribbon buttons run inside Excel, through xlwings' ``RunPython``.

Each entry point takes an ``xlwings.Book``; the template's VBA calls them with none,
so they work on ``xw.Book.caller()``. Tests pass a book from xlwings' remote engine
(``xw.Book(json=…)``). Reads and writes are in bulk, a fixed number per click whatever
the number of satker, because each one is a round trip to Excel. What to write and
what to refuse is decided in ``plan`` and ``cells``, shared with the openpyxl path;
``excel_value`` is this adapter's one cell writer.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import platform
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import xlwings as xw

from . import __version__, layout
from .cells import (
    TOTALS_ROW_NOTICE,
    DecisionPage,
    Formula,
    RealisationUpdate,
    TableResize,
    decision_not_updated,
    decision_target_letters,
    realisation_not_updated,
    target_letters,
    target_table,
)
from .errors import LayoutError, XlAddinError, table_missing, totals_row_not_allowed
from .indonesian import format_datetime
from .plan import (
    EXCEL_ERRORS,
    CellError,
    CountRow,
    Outcome,
    Settings,
    TargetRow,
    comparison_with_old_rule,
    outside_table_notice,
    plan_targets,
    settings_from_named_cells,
)

__all__ = ["check_data", "consolidate_folder", "excel_value", "export_copy", "fill_targets", "selftest"]

log = logging.getLogger(__name__)

TITLE = "SPAK-SPKP"


def excel_value(value: object) -> object:
    """A value as it must be handed to Excel so that Excel stores exactly it.

    Excel parses any string written through COM (or Office.js) as if typed: "=…"
    becomes a formula, "1.234" a number, "'x" loses its apostrophe. A leading
    apostrophe makes Excel store the rest as text, verbatim, so every text gets one;
    only a ``Formula`` this package built goes in as a formula.
    """
    if isinstance(value, Formula):
        return str(value)
    if isinstance(value, str):
        return "'" + value
    return value


def _block(rows: list[list[object]]) -> list[list[object]]:
    return [[excel_value(value) for value in row] for row in rows]


def _read(cells: xw.Range, ndim: int = 2) -> list:
    """Values of a range in one read; a cell showing an Excel error reads as ``CellError``, as in the file path."""

    def value(item: object) -> object:
        return CellError(item) if isinstance(item, str) and item in EXCEL_ERRORS else item

    data = cells.options(ndim=ndim, err_to_str=True).value
    return [[value(v) for v in row] for row in data] if ndim == 2 else [value(v) for v in data]


def _book(book: xw.Book | None) -> xw.Book:
    return xw.Book.caller() if book is None else book


def _status(book: xw.Book, text: str | None) -> None:
    """Excel's status bar; xlwings' remote engine has none, which must not stop the work."""
    try:
        book.app.status_bar = text if text else False
    except (NotImplementedError, AttributeError):
        log.info("status bar: %s", text)


def _alert(book: xw.Book, prompt: str) -> None:
    book.app.alert(prompt=prompt, title=TITLE)


def _find_table(book: xw.Book, name: str):
    for sheet in book.sheets:
        for table in sheet.tables:
            if table.name.casefold() == name.casefold():
                return sheet, table
    raise table_missing(name)


def read_settings(book: xw.Book) -> tuple[Settings, tuple[str, ...]]:
    """Settings from the named cells, one read per sheet; and the names that are absent."""
    names = {name.name.casefold(): name for name in book.names}
    places = {}
    broken: dict[str, str] = {}
    for setting in layout.SETTINGS:
        defined = names.get(setting.defined_name.casefold())
        if defined is None:
            continue
        try:
            place = defined.refers_to_range
        except Exception:
            place = None
        if place is None or place.count != 1:
            broken[setting.defined_name] = str(getattr(defined, "refers_to", "#REF!"))
            continue
        places[setting.defined_name] = place
    found: dict[str, object] = {}
    for sheet_name in {place.sheet.name for place in places.values()}:
        here = {key: place for key, place in places.items() if place.sheet.name == sheet_name}
        top = min(p.row for p in here.values())
        left = min(p.column for p in here.values())
        bottom = max(p.row for p in here.values())
        right = max(p.column for p in here.values())
        block = _read(book.sheets[sheet_name].range((top, left), (bottom, right)))
        for key, place in here.items():
            found[key] = block[place.row - top][place.column - left]
    return settings_from_named_cells(found, broken)


def read_counts(book: xw.Book, settings: Settings) -> tuple[list[CountRow], str]:
    """The counts table and the row below it, in one read; and a notice if that row holds data."""
    sheet, table = _find_table(book, layout.TABLE_COUNTS)
    whole = table.range
    block = _read(whole.resize(whole.rows.count + 1))  # header, body, the row below
    below = block.pop()
    if table.show_totals:  # a Total Row (e.g. sums of the counts) is not a satker
        block = block[:-1]
    headers = block[0]
    name_index = layout.column_index(headers, layout.COLUMN_SATKER, layout.TABLE_COUNTS)
    month_indexes = [layout.column_index(headers, month, layout.TABLE_COUNTS) for month in settings.base_months]
    first_row = whole.row + 1
    rows = [
        CountRow(row[name_index], [row[i] for i in month_indexes], source_row=first_row + offset)
        for offset, row in enumerate(block[1:])
    ]
    notice = outside_table_notice(layout.TABLE_COUNTS, sheet.name, whole.row + whole.rows.count, below)
    return rows, notice


def _target_table(book: xw.Book):
    """(sheet, table, its headers) of TargetResponden, checked: the columns we fill, no Total Row."""
    sheet, table = _find_table(book, layout.TABLE_TARGETS)
    if table.show_totals:
        raise totals_row_not_allowed(layout.TABLE_TARGETS)
    whole = table.range
    headers = whole.resize(1).options(ndim=1).value  # the header row only: one small read
    for required in layout.REQUIRED_TARGET_HEADERS:
        layout.column_index(headers, required, layout.TABLE_TARGETS)
    return sheet, table, headers


def write_targets(book: xw.Book, targets: list[TargetRow], settings: Settings, use_names: bool) -> None:
    """Write the targets table in one block and resize it; refuse to grow over anything."""
    sheet, table, headers = _target_table(book)
    whole = table.range
    resize = TableResize.plan(
        layout.TABLE_TARGETS,
        sheet.name,
        whole.row,
        whole.column,
        whole.columns.count,
        whole.row + whole.rows.count - 1,
        len(targets),
    )
    _check_merged(sheet, resize)
    if resize.new_rows:
        below = sheet.range((resize.new_rows.start, resize.first_column), (resize.new_rows[-1], resize.last_column))
        resize.check_growth(below.options(ndim=2).value)
    block = resize.padded(target_table(targets, headers, resize.first_row, settings, use_names))
    table.resize(sheet.range((resize.header_row, resize.first_column), (resize.new_last_row, resize.last_column)))
    written = sheet.range((resize.first_row, resize.first_column))
    written.value = _block(block)  # one write
    _autofit_rows(sheet.range((resize.first_row, resize.first_column), (resize.new_last_row, resize.last_column)))


def _autofit_rows(cells) -> None:
    """Rows as tall as their wrapped notes (Excel's own autofit; the file path sets heights itself)."""
    try:
        cells.rows.autofit()
    except (NotImplementedError, AttributeError):  # the remote engine in tests; Excel always has it
        log.info("rows not autofitted")


def _check_merged(sheet, resize: TableResize) -> None:
    """Refuse to write across merged cells (Excel would refuse half-way); the remote engine cannot tell."""
    written = sheet.range((resize.first_row, resize.first_column), (resize.rows_written[-1], resize.last_column))
    try:
        merged = written.merge_cells
    except (NotImplementedError, AttributeError):
        merged = False
    if merged is not False:
        resize.check_merged([(resize.first_column, resize.first_row, resize.last_column, resize.rows_written[-1])])


def update_realisation(book: xw.Book, targets: list[TargetRow], settings: Settings) -> list[str]:
    """Add Realisasi rows for new satker and note rows whose satker is gone; typed numbers are never touched."""
    try:
        sheet, table = _find_table(book, layout.TABLE_REALISATION)
    except LayoutError:
        return []
    try:
        return _update_realisation(book, sheet, table, targets, settings)
    except LayoutError as error:  # the targets are still filled; the user is told why Realisasi was not
        return [realisation_not_updated(error)]


def _update_realisation(book: xw.Book, sheet, table, targets: list[TargetRow], settings: Settings) -> list[str]:
    whole = table.range
    block = _read(whole)  # header and body (and a totals row) in one read
    headers, body = block[0], block[1 : len(block) - (1 if table.show_totals else 0)]
    layout.column_index(headers, layout.COLUMN_TARGET, layout.TABLE_REALISATION)
    name_index = layout.column_index(headers, layout.COLUMN_SATKER, layout.TABLE_REALISATION)
    update = RealisationUpdate.plan([row[name_index] for row in body], [t.satker for t in targets])
    try:
        note_index = layout.column_index(headers, layout.COLUMN_NOTE, layout.TABLE_REALISATION)
    except LayoutError:  # a Realisasi table from before the notes: rows are still added
        note_index = None
    if note_index is not None and body:
        sheet.range((whole.row + 1, whole.column + note_index)).value = _block([[note] for note in update.notes])
    if not update.new_names:
        return []
    if table.show_totals:
        return [TOTALS_ROW_NOTICE]
    last = whole.row + len(body)
    resize = TableResize.plan(
        layout.TABLE_REALISATION,
        sheet.name,
        whole.row,
        whole.column,
        len(headers),
        last,
        len(body) + len(update.new_names),
    )
    _check_merged(sheet, resize)
    below = sheet.range((resize.new_rows.start, resize.first_column), (resize.new_rows[-1], resize.last_column))
    resize.check_growth(_read(below))
    _, target_table_, target_headers = _target_table(book)  # new rows look up its actual columns
    letters = target_letters(target_headers, target_table_.range.column)
    rows = update.rows(headers, resize.first_column, resize.new_rows.start, settings.target_months, letters)
    table.resize(sheet.range((resize.header_row, resize.first_column), (resize.new_last_row, resize.last_column)))
    sheet.range((resize.new_rows.start, resize.first_column)).value = _block(rows)
    return []


def update_decision(book: xw.Book, targets: list[TargetRow]) -> list[str]:
    """Keep the decision page's table one row per satker and its signature block right below it."""
    try:
        sheet, table = _find_table(book, layout.TABLE_DECISION)
    except LayoutError:
        return []  # a workbook from before the decision page
    try:
        _, target_table_, target_headers = _target_table(book)
        letters = decision_target_letters(target_headers, target_table_.range.column)
    except LayoutError as error:
        return [decision_not_updated(error)]
    whole = table.range
    old_end = max(whole.row + whole.rows.count - 1, sheet.used_range.last_cell.row)
    page = DecisionPage(whole.row, old_end, len(targets))
    block = page.block(target_table_.range.row + 1, letters)
    width = len(layout.DECISION_HEADERS)
    table.resize(sheet.range((page.header_row, whole.column), (page.last_row, whole.column + width - 1)))
    sheet.range((page.first_row, whole.column)).value = _block(block)
    return []


def write_summary(book: xw.Book, text: str) -> None:
    """The comparison with the old rule, in its named cell (when the workbook has one)."""
    for name in book.names:
        if name.name.casefold() == layout.NAME_TARGET_SUMMARY.casefold():
            name.refers_to_range.value = excel_value(text or None)


def fill_targets(book: xw.Book | None = None) -> Outcome | None:
    """Ribbon: Hitung Target."""
    book = _book(book)
    _status(book, "SPAK-SPKP: membaca Pengguna Layanan dan Pengaturan…")
    try:
        settings, missing = read_settings(book)
        rows, outside = read_counts(book, settings)
        targets = plan_targets(rows, settings)
        _status(book, f"SPAK-SPKP: menulis {len(targets)} target…")
        write_targets(book, targets, settings, use_names=not missing)
    except XlAddinError as error:
        log.warning("fill failed: %s", error)
        _status(book, None)
        _alert(book, f"Target tidak dihitung.\n\n{error.user_message}")
        return None
    notices = update_realisation(book, targets, settings)
    notices += update_decision(book, targets)
    write_summary(book, comparison_with_old_rule(targets))
    outcome = Outcome.of(targets, settings, missing=missing, notices=[outside, *notices])
    _status(book, "SPAK-SPKP: " + outcome.summary())
    if outcome.problems or outcome.notices:
        heading = "Target dihitung, tetapi ada yang perlu diperiksa:" if outcome.problems else "Target dihitung."
        _alert(book, outcome.message(heading))
    return outcome


def check_data(book: xw.Book | None = None) -> Outcome | None:
    """Ribbon: Periksa Data. The same validation as fill, writing nothing."""
    book = _book(book)
    try:
        settings, missing = read_settings(book)
        rows, outside = read_counts(book, settings)
        targets = plan_targets(rows, settings)
        _target_table(book)
    except XlAddinError as error:
        _alert(book, f"Data belum dapat dihitung.\n\n{error.user_message}")
        return None
    outcome = Outcome.of(targets, settings, missing=missing, notices=[outside])
    if outcome.problems or outcome.notices:
        _alert(book, outcome.message("Hasil pemeriksaan data:"))
    else:
        _alert(book, f"Data lengkap: {len(targets)} satker siap dihitung.\n\nPengaturan: {settings.describe()}")
    return outcome


def export_copy(book: xw.Book | None = None) -> Path | None:
    """Ribbon: Salinan untuk Email. The VBA saves the workbook first; the copy is made from the saved file."""
    from .export import default_copy_path, export

    book = _book(book)
    source = Path(book.fullname)
    try:
        copy = export(source, default_copy_path(source))
    except XlAddinError as error:
        _alert(book, f"Salinan tidak dibuat.\n\n{error.user_message}")
        return None
    _alert(book, f"Salinan tanpa makro tersimpan:\n{copy}\n\nFile .xlsx ini aman dikirim melalui email.")
    return copy


def consolidate_folder(folder: str, book: xw.Book | None = None) -> Path | None:
    """Ribbon: Rekap Kanwil. Summarises every satker workbook in ``folder`` (picked in the VBA)."""
    from .consolidate import consolidate

    book = _book(book)
    out = Path(folder) / layout.SUMMARY_FILE_NAME

    def progress(done: int, total: int, label: str) -> None:
        _status(book, f"SPAK-SPKP: membaca {done}/{total}: {label}")

    try:
        result = consolidate([folder], out, progress=progress)
    except XlAddinError as error:
        _status(book, None)
        _alert(book, f"Rekap tidak dibuat.\n\n{error.user_message}")
        return None
    _status(book, None)
    _alert(book, f"Rekap tersimpan: {out}\n{result.summary()}")
    return out


# -- installation self-test -----------------------------------------------------------------

KNOWN_ANSWERS = (
    # (formula as typed in Excel, the Python call behind it, expected value)
    ("=SLOVIN(25)", ("SLOVIN", [[25.0]]), 24),
    ("=KREJCIE(9000)", ("KREJCIE", [[9000.0]]), 368),
    ("=RESPONDEN_MINIMAL(29)", ("RESPONDEN_MINIMAL", [[29.0]]), 28),
    ("=RESPONDEN_MINIMAL(30)", ("RESPONDEN_MINIMAL", [[30.0]]), 28),
    ("=METODE_SAMPEL(30)", ("METODE_SAMPEL", [[30.0]]), "Krejcie & Morgan"),
)


def _expected_xlwings(book: xw.Book | None) -> str | None:
    if book is None:
        return None
    for name in book.names:
        if name.name.casefold() == layout.NAME_XLWINGS_VERSION.casefold():
            return layout.name_key(name.refers_to_range.value) or None
    return None


def python_bits() -> int:
    return 64 if sys.maxsize > 2**32 else 32


def bitness_row(office_bits: int, python: int, version: str) -> tuple[str, str, str]:
    """Office and Python of different bitness work: xlwings runs Python as a COM server of its own.

    RunPython starts Python as a separate process, and the UDF server registers itself with
    ``CLSCTX_LOCAL_SERVER`` (xlwings/com_server.py, ``serve``): an out-of-process COM server, which
    COM marshals to from a 32- or a 64-bit Excel alike. The only thing loaded INTO Excel is xlwings'
    DLL, chosen by the VBA with ``#If Win64`` (xlwings.bas), so that DLL must match Office: see
    ``dll_row``. The Windows 64-bit wheel of xlwings carries both.
    """
    if office_bits == python:
        return ("Bit Office dan Python", f"sama, {python}-bit", "OK")
    return (
        "Bit Office dan Python",
        f"Office {office_bits}-bit, Python {python}-bit: tidak masalah. Python berjalan sebagai proses tersendiri "
        "dan melayani Excel melalui COM di luar proses Excel; yang dimuat ke dalam Excel hanya "
        f"xlwings{office_bits}-{version}.dll (lihat baris DLL).",
        "INFO",
    )


def dll_row(office_bits: int | None, interpreter: Path, version: str) -> tuple[str, str, str]:
    """Whether the DLL Excel will load is where xlwings' VBA looks for it (XLPyLoadDLL in xlwings.bas).

    It tries the interpreter's folder, then its parent: a venv's Scripts folder, then the venv,
    where pip puts the DLLs of xlwings' wheel (its data files go to the environment's root).
    """
    folders = [interpreter.parent, interpreter.parent.parent]
    wanted = [office_bits] if office_bits in (32, 64) else [32, 64]
    found = {}
    for bits in wanted:
        name = f"xlwings{bits}-{version}.dll"
        places = [folder / name for folder in folders if (folder / name).is_file()]
        if places:
            found[bits] = places[0]
    check = "DLL xlwings (untuk rumus dan tombol)"
    where = f"{folders[0]} maupun {folders[1]}"
    if office_bits in (32, 64):
        if found:
            return (check, str(found[office_bits]), "OK")
        return (
            check,
            f"xlwings{office_bits}-{version}.dll tidak ada di {where}: rumus dan tombol tidak dapat berjalan di "
            f"Office {office_bits}-bit. Jalankan PASANG.cmd lagi.",
            "GAGAL",
        )
    if len(found) == 2:
        return (check, f"{found[64]} dan xlwings32-{version}.dll: untuk Office 64-bit maupun 32-bit", "OK")
    if found:
        ((bits, place),) = found.items()
        return (check, f"{place}: hanya untuk Office {bits}-bit", "INFO")
    return (check, f"xlwings32/64-{version}.dll tidak ada di {where}. Jalankan PASANG.cmd lagi.", "GAGAL")


def _pywin32_row() -> tuple[str, str, str]:
    """pywin32 is how Python talks to Excel on Windows; pip on another OS leaves it out without a word."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        import pywintypes  # noqa: F401

        return ("pywin32", version("pywin32"), "OK")
    except (ImportError, PackageNotFoundError):
        return (
            "pywin32",
            "tidak terpasang: Python tidak dapat berbicara dengan Excel. Jalankan PASANG.cmd lagi.",
            "GAGAL",
        )


def selftest_report(book: xw.Book | None = None, office_bits: int | None = None) -> list[tuple[str, str, str]]:
    """(check, what was found, OK / GAGAL / INFO) for everything we can check from Python.

    ``office_bits`` is what the VBA knows (``#If Win64``): 32 or 64, None from the command line.
    """
    from . import udfs

    bits = python_bits()
    rows = [
        ("Waktu", format_datetime(datetime.now().astimezone()), "INFO"),
        ("Sistem operasi", platform.platform(), "INFO"),
        (
            "Python",
            f"{sys.version.split()[0]}, {bits}-bit ({sys.executable})",
            "OK" if sys.version_info >= (3, 11) else "GAGAL (perlu 3.11 atau lebih baru)",
        ),
        (
            "Office",
            f"{office_bits}-bit" if office_bits else "tidak diketahui (jalankan Tes Instalasi dari Excel)",
            "INFO",
        ),
        ("xl_addin", __version__, "OK"),
    ]
    expected = _expected_xlwings(book)
    found = xw.__version__
    if expected:
        rows.append(
            ("xlwings", f"{found} (workbook ini dibuat untuk {expected})", "OK" if found == expected else "GAGAL")
        )
    else:
        rows.append(("xlwings", found, "INFO"))
    if office_bits:
        rows.append(bitness_row(office_bits, bits, found))
    if sys.platform == "win32":
        rows.append(_pywin32_row())
        rows.append(dll_row(office_bits, Path(sys.executable), found))
    for formula, (function, argument), answer in KNOWN_ANSWERS:
        got = getattr(udfs, function)(argument)[0][0]
        rows.append((f"Python {formula}", str(got), "OK" if got == answer else f"GAGAL (harus {answer})"))
    return rows


def selftest(book: xw.Book | None = None, office_bits: int | None = None) -> list[tuple[str, str, str]]:
    """Ribbon: Tes Instalasi. Writes the report (and live formulas) on its own sheet, then summarises.

    The VBA passes ``office_bits`` (64 under ``#If Win64``, else 32; nothing on a Mac).
    """
    book = _book(book)
    rows = selftest_report(book, office_bits)
    with contextlib.suppress(NotImplementedError, AttributeError):
        rows.insert(2, ("Excel", str(book.app.version), "INFO"))
    # Excel sheet names ignore case: an existing "tes instalasi" is ours, and adding one would fail.
    existing = [sheet for sheet in book.sheets if sheet.name.casefold() == layout.SHEET_SELFTEST.casefold()]
    if existing:
        sheet = existing[0]
        last = sheet.used_range.last_cell  # an earlier, longer report must not leave stale rows
        old_rows, old_columns = last.row, last.column
    else:
        sheet = book.sheets.add(layout.SHEET_SELFTEST, after=book.sheets[len(book.sheets) - 1])
        old_rows = old_columns = 0
    block: list[list[object]] = [["Tes Instalasi SPAK-SPKP", None, None], ["Pemeriksaan", "Hasil", "Status"]]
    block += [list(r) for r in rows]
    live_top = len(block) + 2
    block += [[None, None, None], ["Rumus di Excel (dihitung Excel melalui xlwings)", "Hasil", "Harus"]]
    block += [[formula, Formula(formula), answer] for formula, _, answer in KNOWN_ANSWERS]
    width = max(3, old_columns)
    block = [row + [None] * (width - len(row)) for row in block]
    block += [[None] * width for _ in range(old_rows - len(block))]
    sheet.range("A1").value = _block(block)  # one write: the report and the live formulas, clearing an older report
    failed = [r for r in rows if r[2].startswith("GAGAL")]
    verdict = "Semua pemeriksaan Python lulus." if not failed else f"{len(failed)} pemeriksaan GAGAL."
    _alert(
        book,
        f"{verdict}\nLaporan ada di sheet '{layout.SHEET_SELFTEST}' (baris {live_top} dan seterusnya menguji rumus di "
        "Excel: kolom Hasil harus sama dengan kolom Harus). Kirim sheet itu ke petugas pendukung bila ada masalah.",
    )
    return rows


def format_report(rows: list[tuple[str, str, str]]) -> str:
    width = max(len(check) for check, _, _ in rows)
    return "\n".join(f"{check:<{width}}  {status:<6}  {found}" for check, found, status in rows)


# -- survey import (Impor Survei) -------------------------------------------------------------------


def _table_values(book: xw.Book, name: str):
    """(sheet, table, headers, body rows, first body row) of a table, in one read; None when it is absent."""
    try:
        sheet, table = _find_table(book, name)
    except LayoutError:
        return None
    whole = table.range
    block = whole.options(ndim=2).value
    body = block[1 : len(block) - (1 if table.show_totals else 0)]
    return sheet, table, list(block[0]), body, whole.row + 1


def _named_values(book: xw.Book, wanted: list[str]) -> dict[str, object]:
    """{defined name: value} of the named cells among ``wanted``, one read per sheet."""
    keys = {name.casefold(): name for name in wanted}
    places = {}
    for defined in book.names:
        if defined.name.casefold() not in keys:
            continue
        try:
            place = defined.refers_to_range
        except Exception:
            continue
        if place is not None and place.count == 1:
            places[keys[defined.name.casefold()]] = place
    found: dict[str, object] = {}
    for sheet_name in {place.sheet.name for place in places.values()}:
        here = {key: place for key, place in places.items() if place.sheet.name == sheet_name}
        top, left = min(p.row for p in here.values()), min(p.column for p in here.values())
        bottom, right = max(p.row for p in here.values()), max(p.column for p in here.values())
        block = book.sheets[sheet_name].range((top, left), (bottom, right)).options(ndim=2).value
        for key, place in here.items():
            found[key] = block[place.row - top][place.column - left]
    return found


def _survey_state(book: xw.Book):
    """The workbook's state for the import, read in bulk (one read per table): the file import's ``WorkbookState``."""
    from .survey_workbook import assemble_state

    settings, _missing = read_settings(book)
    found = _named_values(book, [setting.defined_name for setting in layout.SURVEY_SETTINGS])
    read = functools.cache(functools.partial(_table_values, book))

    def headers_of(name: str) -> tuple[list, int]:
        values = read(name)
        if values is None:
            raise table_missing(name)
        _sheet, table, headers, _body, _first = values
        return headers, table.range.column

    def rows_of(name: str, headers: Sequence[str]) -> list[tuple[int, list]] | None:
        values = read(name)
        if values is None:
            return None
        _sheet, _table, found_headers, body, first = values
        indexes = [layout.column_index(found_headers, header, name) for header in headers]
        return [(first + offset, [row[i] for i in indexes]) for offset, row in enumerate(body)]

    return assemble_state(settings, found, headers_of, rows_of, [])


def _sheet_named(book: xw.Book, name: str):
    for sheet in book.sheets:
        if sheet.name.casefold() == name.casefold():
            return sheet
    raise LayoutError(
        f"no sheet {name!r}",
        f"Sheet '{name}' tidak ada di workbook ini. Gunakan templat terbaru, atau tutup workbook dan impor dengan "
        "perintah xl-addin impor-survei (sheet yang belum ada dibuat).",
    )


def _write_plan(book: xw.Book, plan) -> None:
    """One survey sheet: every cell of the plan in one write (clearing what was there), formats, its tables."""
    sheet = _sheet_named(book, plan.name)
    last = sheet.used_range.last_cell
    height, width = max(plan.last_row, last.row), max(plan.last_column, last.column)
    grid: list[list[object]] = [[None] * width for _ in range(height)]
    for block in plan.blocks:
        for row_offset, line in enumerate(block.values):
            for column_offset, value in enumerate(line):
                grid[block.row + row_offset - 1][block.column + column_offset - 1] = value
    sheet.range("A1").value = _block(grid)
    for block in plan.blocks:
        for offset, number_format in block.formats:
            column = block.column + offset
            sheet.range((block.row, column), (block.last_row, column)).number_format = number_format
    for spec in plan.tables:
        place = sheet.range((spec.header_row, 1), (spec.last_row, len(spec.headers)))
        existing = [table for table in sheet.tables if table.name.casefold() == spec.name.casefold()]
        if existing:
            existing[0].resize(place)
        else:
            sheet.tables.add(source=place, name=spec.name, has_headers=True)


def _append_keys(book: xw.Book, keys: list[tuple[str, str]]) -> None:
    if not keys:
        return
    read = _table_values(book, layout.TABLE_RESPONSE_KEYS)
    if read is None:
        raise table_missing(layout.TABLE_RESPONSE_KEYS)
    sheet, table, _headers, body, first = read
    from .survey_counting import pack_keys

    used = [offset for offset, row in enumerate(body) if any(value not in (None, "") for value in row)]
    start = first + (used[-1] + 1 if used else 0)
    rows = pack_keys(keys)
    sheet.range((start, table.range.column)).value = _block([[key, moment or None] for key, moment in rows])
    last = max(start + len(rows) - 1, first + len(body) - 1)
    table.resize(sheet.range((first - 1, table.range.column), (last, table.range.column + 1)))


def import_survey_files(paths: str | list[str], book: xw.Book | None = None):
    """Ribbon: Impor Survei. ``paths``: the export files the VBA file picker returned.

    Reads the exports from disk and writes into the open workbook: the Realisasi cells that
    change (one write each), and each survey sheet in one write.
    """
    from .survey_workbook import ImportOutcome, plans, run_session

    book = _book(book)
    paths = [paths] if isinstance(paths, str) else list(paths)
    _status(book, f"SPAK-SPKP: membaca {len(paths)} file ekspor survei…")
    try:
        state = _survey_state(book)
        when = format_datetime(datetime.now().astimezone())
        session, outcome = run_session(state, paths, overwrite=False, restart=False, when=when)
        log_read = _table_values(book, layout.TABLE_IMPORT_LOG)
        earlier = []
        if log_read is not None:
            indexes = [layout.column_index(log_read[2], h, layout.TABLE_IMPORT_LOG) for h in layout.IMPORT_LOG_HEADERS]
            earlier = [[row[i] for i in indexes] for row in log_read[3] if any(v not in (None, "") for v in row)]
        sheets = plans(session, outcome, earlier)
        for plan in sheets:
            _sheet_named(book, plan.name)  # every sheet exists before anything is written
        _status(book, "SPAK-SPKP: menulis Realisasi dan Indeks Survei…")
        realisation = _find_table(book, layout.TABLE_REALISATION)[0]
        for change in outcome.changes:
            if change.writes:
                realisation.range((change.row, state.columns[change.survey, change.month])).value = excel_value(
                    change.after
                )
        for plan in sheets:
            _write_plan(book, plan)
        _append_keys(book, session.new_keys)
    except XlAddinError as error:
        log.warning("survey import failed: %s", error)
        _status(book, None)
        _alert(book, f"Impor survei tidak dilakukan; tidak ada yang diubah.\n\n{error.user_message}")
        return None
    _status(book, None)
    lines = outcome.lines()
    shown = "\n".join(lines[:15]) + (f"\n… dan {len(lines) - 15} baris lain." if len(lines) > 15 else "")
    _alert(book, f"{outcome.summary()}\n\n{shown}\n\nRincian ada di sheet {layout.SHEET_IMPORT_PROBLEMS}.")
    return ImportOutcome(outcome.reports, outcome.changes, outcome.notices, outcome.indices, when)
