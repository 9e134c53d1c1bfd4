"""What the ribbon buttons run inside Excel, through xlwings' ``RunPython``.

Each entry point takes an ``xlwings.Book``; the template's VBA calls them with none, so they
work on ``xw.Book.caller()``. Tests pass a book from xlwings' remote engine (``xw.Book(json=…)``).
A button runs a command of ``commands`` on ``xlwings_book.LiveBook`` (the same command the
command line runs on a file) and says in a message box what happened; buttons that make a new
file (the email copy, the Kanwil summary) run the file command on the saved workbook.
"""

from __future__ import annotations

import contextlib
import logging
import platform
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import xlwings as xw

from . import __version__, commands, layout
from .cells import Formula
from .errors import XlAddinError
from .indonesian import format_datetime
from .plan import Outcome
from .xlwings_book import LiveBook, _block, excel_value

__all__ = [
    "check_data",
    "consolidate_folder",
    "excel_value",
    "export_copy",
    "fill_targets",
    "import_survey_files",
    "monthly_report",
    "new_period",
    "receive_from_satker",
    "selftest",
    "send_to_satker",
    "typed_text",
]

log = logging.getLogger(__name__)

TITLE = "SPAK-SPKP"


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


def fill_targets(book: xw.Book | None = None) -> Outcome | None:
    """Ribbon: Hitung Target (``commands.fill`` on the open workbook)."""
    book = _book(book)
    _status(book, "SPAK-SPKP: menghitung target…")
    try:
        outcome = commands.fill(LiveBook(book))
    except XlAddinError as error:
        log.warning("fill failed: %s", error)
        _status(book, None)
        _alert(book, f"Target tidak dihitung.\n\n{error.user_message}")
        return None
    _status(book, "SPAK-SPKP: " + outcome.summary())
    if outcome.problems or outcome.notices:
        heading = "Target dihitung, tetapi ada yang perlu diperiksa:" if outcome.problems else "Target dihitung."
        _alert(book, outcome.message(heading))
    return outcome


def check_data(book: xw.Book | None = None) -> Outcome | None:
    """Ribbon: Periksa Data (``commands.check``: the same validation as fill, writing nothing)."""
    book = _book(book)
    try:
        outcome = commands.check(LiveBook(book))
    except XlAddinError as error:
        _alert(book, f"Data belum dapat dihitung.\n\n{error.user_message}")
        return None
    settings = outcome.settings
    assert settings is not None
    if outcome.problems or outcome.notices:
        _alert(book, outcome.message("Hasil pemeriksaan data:"))
    else:
        _alert(book, f"Data lengkap: {len(outcome.targets)} satker siap dihitung.\n\nPengaturan: {settings.describe()}")
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


def _as_text(value: str | Sequence[int]) -> str:
    """A path or typed text from the VBA: its UTF-16 codes (``typed_text``), or a plain text from Python callers."""
    return value if isinstance(value, str) else typed_text(value)


def _as_paths(values: str | Sequence[int] | Sequence[str | Sequence[int]]) -> list[str]:
    """The files a VBA file picker returned: one or several paths, each a text or its UTF-16 codes."""
    if isinstance(values, str) or (values and all(isinstance(value, int) for value in values)):
        return [_as_text(values)]  # one path
    return [_as_text(value) for value in values]


def consolidate_folder(folder: str | Sequence[int], book: xw.Book | None = None) -> Path | None:
    """Ribbon: Rekap Kanwil. Summarises every satker workbook in ``folder`` (picked in the VBA)."""
    from . import loop
    from .consolidate import consolidate

    book = _book(book)
    folder = _as_text(folder)
    out = Path(folder) / layout.SUMMARY_FILE_NAME

    def progress(done: int, total: int, label: str) -> None:
        _status(book, f"SPAK-SPKP: membaca {done}/{total}: {label}")

    office = commands.document_settings(LiveBook(book)).get("office")  # this workbook's office: the Kanwil's
    try:
        expected = loop.expected_satker(LiveBook(book))
    except XlAddinError:  # a workbook without Realisasi expects no one in particular
        expected = []
    try:
        result = consolidate(
            [folder], out, progress=progress, office=office if isinstance(office, str) else None, expected=expected
        )
    except XlAddinError as error:
        _status(book, None)
        _alert(book, f"Rekap tidak dibuat.\n\n{error.user_message}")
        return None
    _status(book, None)
    _alert(book, f"Rekap tersimpan: {out}\n{result.summary()}")
    return out


def _save(book: xw.Book) -> None:
    """Save the open workbook (what the loop recorded in it must not be lost); the remote engine only queues it."""
    try:
        book.save()
    except (NotImplementedError, AttributeError) as error:
        log.info("workbook not saved: %s", error)


SHOWN_LINES = 15  # lines of a report a message box shows; the rest are on the sheets


def _shown(lines: Sequence[str]) -> str:
    return "\n".join(lines[:SHOWN_LINES]) + (
        f"\n… dan {len(lines) - SHOWN_LINES} baris lain." if len(lines) > SHOWN_LINES else ""
    )


def send_to_satker(folder: str | Sequence[int], book: xw.Book | None = None):
    """Ribbon: Kirim ke Satker. A file and an email draft per satker in ``folder`` (picked in the VBA); the dates
    sent and the workbook's code are recorded in the open workbook, which is then saved."""
    from . import loop

    book = _book(book)
    folder = _as_text(folder)
    _status(book, "SPAK-SPKP: membuat file satker…")
    try:
        outcome = loop.send(LiveBook(book), folder)
    except XlAddinError as error:
        _status(book, None)
        _alert(book, f"File satker tidak dibuat.\n\n{error.user_message}")
        return None
    _save(book)
    _status(book, None)
    _alert(book, f"{_shown(outcome.lines())}\n\nFolder: {folder}")
    return outcome


def receive_from_satker(paths, book: xw.Book | None = None):
    """Ribbon: Terima dari Satker. ``paths``: the returned files the VBA file picker gave (``_as_paths``)."""
    from . import loop, satker_files

    book = _book(book)
    paths = _as_paths(paths)
    _status(book, f"SPAK-SPKP: membaca {len(paths)} file kiriman satker…")
    try:
        outcome = loop.receive(LiveBook(book), satker_files.read_returns(paths))
    except XlAddinError as error:
        _status(book, None)
        _alert(book, f"Kiriman satker tidak diterima; tidak ada yang diubah.\n\n{error.user_message}")
        return None
    _status(book, None)
    _alert(
        book,
        f"{outcome.summary()}\n\n{_shown(outcome.lines())}\n\nStatus per satker dan bulan ada di sheet "
        f"{layout.SHEET_SENDING_STATUS}.",
    )
    return outcome


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


def import_survey_files(paths, book: xw.Book | None = None):
    """Ribbon: Impor Survei (``survey_workbook.import_exports`` on the open workbook). ``paths``: the export
    files the VBA file picker returned (``_as_paths``)."""
    from .survey_workbook import import_exports

    book = _book(book)
    paths = _as_paths(paths)
    _status(book, f"SPAK-SPKP: membaca {len(paths)} file ekspor survei…")
    try:
        outcome = import_exports(LiveBook(book), paths)
    except XlAddinError as error:
        log.warning("survey import failed: %s", error)
        _status(book, None)
        _alert(book, f"Impor survei tidak dilakukan; tidak ada yang diubah.\n\n{error.user_message}")
        return None
    _status(book, None)
    _alert(book, f"{_shown(outcome.lines())}\n\n{outcome.summary()}")
    return outcome


# -- the monthly report (Laporan Bulanan) -------------------------------------------------------------------


def typed_text(codes: Sequence[int]) -> str:
    """The text typed in the VBA's InputBox, which hands it over as its characters' UTF-16 codes: on its way to
    Python it passes the Windows command line (``RunPython`` runs ``python -c "…"``), where a quote, a "%" or a "^"
    typed by the user would change the command. Pairs of codes for one character are joined again."""
    return "".join(chr(code) for code in codes).encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def monthly_report(month: Sequence[int] | None = None, book: xw.Book | None = None, now: datetime | None = None):
    """Ribbon: Laporan Bulanan (``report_command.make_report`` on the open workbook). ``month``: what was typed in the
    InputBox (``typed_text``); blank or None: the latest target month that has begun, as ``xl-addin laporan``
    without ``--bulan``. ``now``: the moment the report is made (default: the office's clock now)."""
    from .report_command import make_report

    book = _book(book)
    text = typed_text(month) if month is not None else None
    _status(book, "SPAK-SPKP: menyusun laporan bulanan…")
    try:
        outcome = make_report(LiveBook(book), text if text and text.strip() else None, now)
    except XlAddinError as error:
        log.warning("monthly report failed: %s", error)
        _status(book, None)
        _alert(book, f"Laporan bulanan tidak disusun; tidak ada yang diubah.\n\n{error.user_message}")
        return None
    _status(book, None)
    book.sheets[layout.SHEET_REPORT].activate()
    _alert(book, "\n\n".join([*outcome.lines(), f"Laporan {outcome.month.label} ada di sheet {outcome.sheet}."]))
    return outcome


# -- the next period (Periode Baru) -------------------------------------------------------------------


def new_period(
    out: str | Sequence[int],
    base: str | Sequence[int] = "",
    target: str | Sequence[int] = "",
    book: xw.Book | None = None,
):
    """Ribbon: Periode Baru (``new_period.new_period`` from the saved workbook on disk, which is not changed).
    ``out``: the new file the Save As dialog named; ``base``/``target``: the period texts typed, blank for the
    same months one year later."""
    from . import new_period as next_period

    book = _book(book)
    out_path, base_text, target_text = _as_text(out), _as_text(base).strip(), _as_text(target).strip()
    _status(book, "SPAK-SPKP: membuat workbook periode baru…")
    try:
        periods = [
            _typed_period(text, label)
            for text, label in ((base_text, "Periode dasar"), (target_text, "Periode target"))
        ]
        made, base_period, target_period, outcome = next_period.new_period(Path(book.fullname), out_path, *periods)
    except XlAddinError as error:
        log.warning("new period failed: %s", error)
        _status(book, None)
        _alert(book, f"Workbook periode baru tidak dibuat; workbook ini tidak diubah.\n\n{error.user_message}")
        return None
    _status(book, None)
    _alert(book, next_period.summary(made, base_period, target_period, outcome))
    return made


def _typed_period(text: str, label: str):
    """A period typed in the InputBox, or None (blank: the same months one year later)."""
    from .errors import InputError
    from .period import Period

    if not text:
        return None
    try:
        return Period.parse(text)
    except InputError as error:
        raise InputError(f"{label}: {error}", f"{label}: {error.user_message}") from None
