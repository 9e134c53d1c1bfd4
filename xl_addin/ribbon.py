"""What the ribbon buttons run inside Excel, through xlwings' ``RunPython``.

Each entry point takes an ``xlwings.Book``; the template's VBA calls them with
none, so they work on ``xw.Book.caller()``. Tests pass a book from xlwings'
remote engine (``xw.Book(json=…)``). Reads and writes are in bulk, a fixed
number per click whatever the number of satker, because each one is a
round-trip to Excel.
"""

from __future__ import annotations

import logging
import platform
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import xlwings as xw
from openpyxl.utils import get_column_letter

from . import __version__, layout
from .plan import CountRow, Settings, TargetRow, plan_targets, problems, target_table
from .sampling import XlAddinError

log = logging.getLogger(__name__)

TITLE = "SPAK-SPKP"
SHOWN_PROBLEMS = 15  # a message box taller than the screen helps no one
SELFTEST_SHEET = "Tes Instalasi"
SETTINGS_MISSING = (
    f"Perhatian: sebagian sel bernama di sheet {layout.SHEET_SETTINGS} tidak ditemukan; untuk pengaturan itu "
    "dipakai nilai bawaan. Pakai templat asli bila pengaturan harus diubah."
)


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
    raise layout.table_missing(name)


def read_settings(book: xw.Book) -> tuple[Settings, bool]:
    """Settings from the named cells, read as one block; also whether every name exists."""
    names = {name.name.casefold(): name for name in book.names}
    places = {}
    for setting in layout.SETTINGS:
        defined = names.get(setting.defined_name.casefold())
        if defined is None:
            continue
        try:
            place = defined.refers_to_range
        except Exception:  # a name whose sheet was deleted refers to #REF!
            place = None
        if place is None:
            raise XlAddinError(
                f"defined name {setting.defined_name} does not point at a cell",
                f"Nama '{setting.defined_name}' (Pengaturan: {setting.label}) tidak menunjuk sel. "
                f"Apakah sheet {layout.SHEET_SETTINGS} terhapus?",
            )
        places[setting.defined_name] = place
    cells: dict[str, object] = {}
    for sheet_name in {place.sheet.name for place in places.values()}:
        here = {key: place for key, place in places.items() if place.sheet.name == sheet_name}
        top = min(p.row for p in here.values())
        left = min(p.column for p in here.values())
        bottom = max(p.row for p in here.values())
        right = max(p.column for p in here.values())
        sheet = book.sheets[sheet_name]
        block = sheet.range((top, left), (bottom, right)).options(ndim=2).value  # one read per sheet
        for key, place in here.items():
            cells[key] = block[place.row - top][place.column - left]
    return Settings.from_cells(cells), len(places) == len(layout.SETTINGS)


def read_counts(book: xw.Book, settings: Settings) -> list[CountRow]:
    sheet, table = _find_table(book, layout.TABLE_COUNTS)
    block = table.range.options(ndim=2).value  # header and body in one read
    if table.show_totals:  # a Total Row (e.g. sums of the counts) is not a satker
        block = block[:-1]
    headers = [layout.clean_header(h) for h in block[0]]
    name_index = layout.column_index(headers, layout.COLUMN_SATKER, layout.TABLE_COUNTS)
    month_indexes = [layout.column_index(headers, month, layout.TABLE_COUNTS) for month in settings.base_months]
    first_row = table.range.row + 1
    return [
        CountRow(row[name_index], [row[i] for i in month_indexes], source_row=first_row + offset)
        for offset, row in enumerate(block[1:])
    ]


@dataclass(frozen=True)
class Outcome:
    targets: list[TargetRow]
    problems: list[str]

    def summary(self) -> str:
        good = len(self.targets) - len(self.problems)
        return f"{good} target terisi, {len(self.problems)} baris perlu diperiksa."

    def message(self, heading: str) -> str:
        lines = [heading, self.summary()]
        if self.problems:
            lines.append("")
            lines += self.problems[:SHOWN_PROBLEMS]
            if len(self.problems) > SHOWN_PROBLEMS:
                lines.append(f"… dan {len(self.problems) - SHOWN_PROBLEMS} baris lain (lihat kolom Keterangan).")
        return "\n".join(lines)


def _target_table(book: xw.Book):
    """(sheet, table, its headers) of TargetResponden, checked: the columns we fill, no Total Row."""
    sheet, table = _find_table(book, layout.TABLE_TARGETS)
    if table.show_totals:
        raise layout.totals_row_not_allowed(layout.TABLE_TARGETS)
    whole = table.range
    header = sheet.range((whole.row, whole.column), (whole.row, whole.column + whole.columns.count - 1))
    headers = [layout.clean_header(h) for h in header.options(ndim=1).value]  # the header row only: one small read
    for required in layout.REQUIRED_TARGET_HEADERS:
        layout.column_index(headers, required, layout.TABLE_TARGETS)
    return sheet, table, headers


def write_targets(book: xw.Book, targets: list[TargetRow], settings: Settings, use_names: bool) -> None:
    """Write the targets table in one block and resize it; refuse to grow over anything."""
    sheet, table, headers = _target_table(book)
    whole = table.range
    header_row, first_column = whole.row, whole.column
    width = whole.columns.count
    old_last = header_row + whole.rows.count - 1
    new_last = header_row + max(len(targets), 1)
    if new_last > old_last:
        below = sheet.range((old_last + 1, first_column), (new_last, first_column + width - 1))
        for offset, row in enumerate(below.options(ndim=2).value):
            for column_offset, value in enumerate(row):
                if value not in (None, ""):
                    address = sheet.range((old_last + 1 + offset, first_column + column_offset)).get_address(False, False)
                    raise XlAddinError(
                        f"cell {address} below table {layout.TABLE_TARGETS} is not empty",
                        f"Sel {address} di bawah tabel {layout.TABLE_TARGETS} berisi data; kosongkan dulu agar "
                        "tabel bisa diperpanjang.",
                    )
    population_letter = get_column_letter(
        first_column + layout.column_index(headers, layout.COLUMN_POPULATION, layout.TABLE_TARGETS)
    )
    block = target_table(targets, headers, header_row + 1, population_letter, settings, use_names)
    rows = max(new_last, old_last) - header_row
    block += [[None] * width for _ in range(rows - len(block))]  # clears the rows of a longer old table
    table.resize(sheet.range((header_row, first_column), (new_last, first_column + width - 1)))
    sheet.range((header_row + 1, first_column)).value = block  # one write


def fill_targets(book: xw.Book | None = None) -> Outcome | None:
    """Ribbon: Hitung Target."""
    book = _book(book)
    _status(book, "SPAK-SPKP: membaca Pengguna Layanan dan Pengaturan…")
    try:
        settings, use_names = read_settings(book)
        targets = plan_targets(read_counts(book, settings), settings)
        _status(book, f"SPAK-SPKP: menulis {len(targets)} target…")
        write_targets(book, targets, settings, use_names)
    except XlAddinError as error:
        log.warning("fill failed: %s", error)
        _status(book, None)
        _alert(book, f"Target tidak dihitung.\n\n{error.user_message}")
        return None
    outcome = Outcome(targets, problems(targets))
    _status(book, "SPAK-SPKP: " + outcome.summary())
    if not use_names:  # a deleted settings cell must not go unnoticed
        _alert(book, f"{SETTINGS_MISSING}\n\n{outcome.message('Target dihitung.')}")
    elif outcome.problems:
        _alert(book, outcome.message("Target dihitung, tetapi ada data yang perlu diperiksa:"))
    return outcome


def check_data(book: xw.Book | None = None) -> Outcome | None:
    """Ribbon: Periksa Data. The same validation as fill, writing nothing."""
    book = _book(book)
    try:
        settings, _ = read_settings(book)
        targets = plan_targets(read_counts(book, settings), settings)
        _target_table(book)
    except XlAddinError as error:
        _alert(book, f"Data belum bisa dihitung.\n\n{error.user_message}")
        return None
    outcome = Outcome(targets, problems(targets))
    if outcome.problems:
        _alert(book, outcome.message("Hasil pemeriksaan data:"))
    else:
        _alert(book, f"Data lengkap: {len(targets)} satker siap dihitung. Pengaturan: {settings.describe()}")
    return outcome


def export_copy(book: xw.Book | None = None) -> Path | None:
    """Ribbon: Salinan untuk Email. The VBA saves the workbook first; the copy is made from the saved file."""
    from .export import export, default_copy_path

    book = _book(book)
    source = Path(book.fullname)
    try:
        copy = export(source, default_copy_path(source))
    except XlAddinError as error:
        _alert(book, f"Salinan tidak dibuat.\n\n{error.user_message}")
        return None
    _alert(book, f"Salinan tanpa makro tersimpan:\n{copy}\n\nFile .xlsx ini aman dikirim lewat email.")
    return copy


CONSOLIDATION_NAME = "Rekap Kanwil.xlsx"


def consolidate_folder(folder: str, book: xw.Book | None = None) -> Path | None:
    """Ribbon: Rekap Kanwil. Summarises every satker workbook in ``folder`` (picked in the VBA)."""
    from .consolidate import consolidate

    book = _book(book)
    out = Path(folder) / CONSOLIDATION_NAME

    def progress(done: int, total: int, label: str) -> None:
        _status(book, f"SPAK-SPKP: membaca {done}/{total}: {label}")

    try:
        result = consolidate([folder], out, progress=progress)
    except XlAddinError as error:
        _status(book, None)
        _alert(book, f"Rekap tidak dibuat.\n\n{error.user_message}")
        return None
    _status(book, None)
    lines = [
        f"Rekap tersimpan: {out}",
        f"{len(result.files_read)} file terbaca, {len(result.files_failed)} tidak terbaca, "
        f"{len(result.rows)} satker, {len(result.problems)} masalah (lihat sheet Masalah).",
    ]
    _alert(book, "\n".join(lines))
    return out


# -- installation self-test -----------------------------------------------------------------

KNOWN_ANSWERS = (
    # (formula as typed in Excel, the Python call behind it, expected value)
    ("=SLOVIN(25)", ("SLOVIN", [[25.0]]), 24),
    ("=KREJCIE(9000)", ("KREJCIE", [[9000.0]]), 368),
    ("=RESPONDEN_MINIMAL(29)", ("RESPONDEN_MINIMAL", [[29.0]]), 28),
    ("=RESPONDEN_MINIMAL(30)", ("RESPONDEN_MINIMAL", [[30.0]]), 28),
    ('=METODE_SAMPEL(30)', ("METODE_SAMPEL", [[30.0]]), "Krejcie & Morgan"),
)


def _expected_xlwings(book: xw.Book | None) -> str | None:
    if book is None:
        return None
    for name in book.names:
        if name.name.casefold() == layout.NAME_XLWINGS_VERSION.casefold():
            return layout.clean_header(name.refers_to_range.value) or None
    return None


def selftest_report(book: xw.Book | None = None) -> list[tuple[str, str, str]]:
    """(check, what was found, OK / GAGAL / INFO) for everything we can check from Python."""
    from . import udfs

    rows = [
        ("Waktu", datetime.now().isoformat(timespec="seconds"), "INFO"),
        ("Sistem operasi", platform.platform(), "INFO"),
        ("Python", f"{sys.version.split()[0]} ({sys.executable})", "OK" if sys.version_info >= (3, 10) else "GAGAL"),
        ("xl_addin", __version__, "OK"),
    ]
    expected = _expected_xlwings(book)
    found = xw.__version__
    if expected:
        rows.append(("xlwings", f"{found} (workbook ini dibuat untuk {expected})", "OK" if found == expected else "GAGAL"))
    else:
        rows.append(("xlwings", found, "INFO"))
    if sys.platform == "win32":
        dll = f"xlwings{'64' if sys.maxsize > 2**32 else '32'}-{found}.dll"
        here = Path(sys.executable).parent
        seen = [p for p in (here / dll, here.parent / dll) if p.exists()]
        rows.append(("DLL xlwings (untuk rumus)", str(seen[0]) if seen else f"{dll} tidak ditemukan di {here}", "OK" if seen else "GAGAL"))
    for formula, (function, argument), answer in KNOWN_ANSWERS:
        got = getattr(udfs, function)(argument)[0][0]
        rows.append((f"Python {formula}", repr(got), "OK" if got == answer else f"GAGAL (harus {answer})"))
    return rows


def selftest(book: xw.Book | None = None) -> list[tuple[str, str, str]]:
    """Ribbon: Tes Instalasi. Writes the report (and live formulas) on its own sheet, then summarises."""
    book = _book(book)
    rows = selftest_report(book)
    try:
        rows.insert(2, ("Excel", str(book.app.version), "INFO"))
    except (NotImplementedError, AttributeError):
        pass
    # Excel sheet names ignore case: an existing "tes instalasi" is ours, and adding one would fail.
    existing = [sheet for sheet in book.sheets if sheet.name.casefold() == SELFTEST_SHEET.casefold()]
    if existing:
        sheet = existing[0]
        last = sheet.used_range.last_cell  # an earlier, longer report must not leave stale rows
        old_rows, old_columns = last.row, last.column
    else:
        sheet = book.sheets.add(SELFTEST_SHEET, after=book.sheets[len(book.sheets) - 1])
        old_rows = old_columns = 0
    block = [["Tes Instalasi SPAK-SPKP", "", ""], ["Pemeriksaan", "Hasil", "Status"]] + [list(r) for r in rows]
    live_top = len(block) + 2
    block += [["", "", ""], ["Rumus di Excel (dihitung Excel lewat xlwings)", "Hasil", "Harus"]]
    block += [[f"'{formula}", formula, answer] for formula, _, answer in KNOWN_ANSWERS]
    width = max(3, old_columns)
    block = [row + [None] * (width - len(row)) for row in block]
    block += [[None] * width for _ in range(old_rows - len(block))]
    sheet.range("A1").value = block  # one write: the report and the live formulas, clearing any older report
    failed = [r for r in rows if r[2].startswith("GAGAL")]
    verdict = "Semua pemeriksaan Python lulus." if not failed else f"{len(failed)} pemeriksaan GAGAL."
    _alert(
        book,
        f"{verdict}\nLaporan ada di sheet '{SELFTEST_SHEET}' (baris {live_top} dst. menguji rumus di Excel: "
        "kolom Hasil harus sama dengan kolom Harus). Kirim sheet itu ke petugas pendukung bila ada masalah.",
    )
    return rows


def format_report(rows: list[tuple[str, str, str]]) -> str:
    width = max(len(check) for check, _, _ in rows)
    return "\n".join(f"{check:<{width}}  {status:<6}  {found}" for check, found, status in rows)
