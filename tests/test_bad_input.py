"""The bad-input catalogue (issue 10): hostile and careless inputs through the real command line.

Every case runs ``python -m xl_addin`` in a subprocess, with no standard input, on inputs built
here (openpyxl for what a clerk types, zip surgery for what a damaged disk, a mail gateway or an
attacker makes). For each case the test asserts:

* the exit code;
* on failure exactly one line on stderr, in Bahasa Indonesia, and nothing on stdout; on success
  nothing on stderr and the expected lines on stdout;
* no traceback, no "Exception ignored", no Python repr (``None``, ``True``, ``datetime.…``,
  ``PosixPath('…')``, ``…Error``) and no English sentence anywhere in what the user reads;
* every input byte unchanged (folders: every file, and which ones are links);
* no temporary file left (``*.xl_addin.tmp``, LibreOffice's ``.~lock``), and no output on failure;
* where the input is readable, the right targets in what was written;
* for the size guards, the peak memory of the subprocess (the bombs are refused before unpacking).

``BULLETS`` lists the issue's bullets; each case names the bullets it covers, and a test checks
that every bullet has at least one case.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import openpyxl
import pytest
from support import REPO_ROOT, TEMPLATE, counts_workbook, set_table_rows

from xl_addin import layout
from xl_addin.workbook import fill

FIRST = layout.TABLE_HEADER_ROW + 1

# The issue's bullets, in its order; every case says which of them it covers.
BULLETS = {
    "ambiguous": '"1,000" / "12,500" are an error showing both readings, never a guess',
    "formula": "count or settings cells holding formulas: the cached value; none cached: open and save in Excel",
    "names": "names are written as typed (a number stays a number, double spaces stay)",
    "below-table": "a satker typed just below the PenggunaLayanan table: a warning saying how to extend it",
    "merged": "merged cells in or below the target area",
    "damaged-zip": "damaged zip members",
    "truncated-xml": "truncated sheet XML",
    "entities": "XML entity bombs, and no external entity ever resolved",
    "disk-full": "disk full during fill, export or consolidate",
    "output-dir": "-o naming a directory",
    "long-name": "a file name too long",
    "read-only-parent": "a missing output folder under a read-only parent",
    "huge-count": "a 400-digit count (also xl-addin size)",
    "exception-ignored": '"Exception ignored … closed file" after a correct message',
    "consolidate-reasons": "consolidate: no traceback, and Indonesian reasons on the Masalah sheet",
    "consolidate-skips": "consolidate lists the .xls/.xlsb/.ods files and subfolders it does not read",
    "consolidate-lock": "consolidate warns about a workbook whose ~$ lock file shows it is open",
    "consolidate-missing": "consolidate: a missing folder is an error",
    "symlink": "fill in place through a symbolic link writes the link's target, atomically",
    "stale-temp": "temporary files a killed run left are removed on the next run, safely",
    "real-value": "29.9999999 is shown as it is, never as (30)",
    "no-repr": "no Python repr reaches a user (datetime, None, True)",
    "deleted-name": "a deleted defined name gives an Indonesian notice, not an English WARNING",
    "argparse": "argparse's errors are in Bahasa Indonesia",
    "size-unpacked": "a small file whose shared strings unpack to 300 MB is refused before unpacking",
    "size-table": "a table ref reaching row 1,048,576 is refused",
    "size-duplicates": "3,000 identical names: notes name at most a few other rows; the output stays bounded",
}

GOOD = [("Satker Contoh A", 1850, 1720, 1905), ("Satker Contoh B", 12, 9, 15)]  # invented: N 1825 → 317, N 12 → 12
EXPECTED_GOOD = {"Satker Contoh A": (1825, 317), "Satker Contoh B": (12, 12)}
SMALL_PROCESS_MB = 150  # `fill` on a small workbook peaks near 50 MB; unpacking a bomb would need far more


# -- what a run must show ---------------------------------------------------------------------------


@dataclass
class Run:
    argv: list[str]
    exit: int
    stderr: str | None = None  # a regex the one stderr line must match (exit 2); None: stderr stays empty
    stdout: Sequence[str] = ()  # regexes, each found in stdout
    inputs: Sequence[Path] = ()  # files and folders whose bytes must not change
    absent: Sequence[Path] = ()  # outputs that must not exist afterwards
    check: Callable[[], None] | None = None  # more checks on what was written
    disk_limit: int = 0  # bytes a file may grow to: above it a write fails as on a full disk (EFBIG)
    permissions_bind: bool = False  # file permissions bind the run, root included
    max_rss_mb: float | None = None
    max_stdout_bytes: int | None = None
    leftovers: Sequence[str] = ()  # temporary files that must stay (someone else's, too fresh to be stale)


@dataclass(frozen=True)
class Case:
    id: str
    bullets: tuple[str, ...]
    build: Callable[[Path], Run]


CASES: list[Case] = []


def case(*bullets: str):
    def register(build: Callable[[Path], Run]) -> Callable[[Path], Run]:
        unknown = set(bullets) - set(BULLETS)
        assert not unknown, f"unknown bullets {unknown}"
        CASES.append(Case(build.__name__.removeprefix("case_").replace("_", "-"), bullets, build))
        return build

    return register


@dataclass(frozen=True)
class Completed:
    returncode: int
    stdout: str
    stderr: str
    max_rss_mb: float


# Started in the child before the command line: limits that must hold for the real process. A
# resource limit and a dropped capability survive exec, so the command runs under them as it is.
_LAUNCHER = """
import ctypes, os, resource, signal, sys
disk_limit, permissions_bind, argv = int(sys.argv[1]), sys.argv[2] == "1", sys.argv[3:]
if disk_limit:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write over the limit fails instead of killing
    resource.setrlimit(resource.RLIMIT_FSIZE, (disk_limit, disk_limit))
# Root ignores a folder's mode; without CAP_DAC_OVERRIDE (PR_CAPBSET_DROP = 24, bit 1) it obeys it.
if permissions_bind and os.geteuid() == 0 and ctypes.CDLL(None, use_errno=True).prctl(24, 1, 0, 0, 0) != 0:
    sys.exit("test setup: cannot drop CAP_DAC_OVERRIDE, so root would ignore the folder's mode")
os.execv(sys.executable, [sys.executable, "-m", "xl_addin", *argv])
"""


# Linux starts a process's peak memory (ru_maxrss) at the size of the process that forked it and
# keeps it across exec, so a child of a pytest that has loaded many workbooks (near 200 MB) would
# report that size whatever it did. Commands are forked from this small Python instead, which
# writes the command's own peak (KiB) to the file descriptor it is given and exits as it did.
_MEASURER = """
import os, signal, sys
report, command = int(sys.argv[1]), sys.argv[2:]
os.set_inheritable(report, False)
pid = os.fork()
if pid == 0:
    os.execv(command[0], command)
_pid, status, usage = os.wait4(pid, 0)
os.write(report, str(usage.ru_maxrss).encode())
code = os.waitstatus_to_exitcode(status)
if code < 0:  # killed: die by the same signal
    if code != -signal.SIGKILL:
        signal.signal(-code, signal.SIG_DFL)
    os.kill(os.getpid(), -code)
sys.exit(code)
"""


def run_measured(command: Sequence[str], **popen) -> tuple[int, float]:
    """Run ``command`` to its end (killed after 300 s): its exit status and its own peak memory in MB."""
    read_end, write_end = os.pipe()
    with open(read_end, "rb") as report:
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", _MEASURER, str(write_end), *command],
                pass_fds=(write_end,),
                start_new_session=True,  # a timeout kills the command with the measurer
                **popen,
            )
        finally:
            os.close(write_end)
        timer = threading.Timer(300, _kill_group, (process.pid,))
        timer.start()
        try:
            peak_kib = report.read()
            process.wait()
        finally:
            timer.cancel()
    return process.returncode, int(peak_kib) / 1024 if peak_kib else math.inf


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def run_cli(argv: Sequence[str], cwd: Path, disk_limit: int = 0, permissions_bind: bool = False) -> Completed:
    """``python -m xl_addin …`` on this checkout's code, no stdin, with its own peak memory."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])))
    command = [sys.executable, "-c", _LAUNCHER, str(disk_limit), "1" if permissions_bind else "0", *argv]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        returncode, peak_mb = run_measured(command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env)
        out.seek(0)
        err.seek(0)
        return Completed(returncode, out.read().decode("utf-8"), err.read().decode("utf-8"), peak_mb)


# What must never reach a user: tracebacks, Python's own words, reprs, the message of a bug.
FORBIDDEN = re.compile(
    r"Traceback|Exception ignored|\bNone\b|\bTrue\b|\bFalse\b|datetime\.|\b\w+Error\b|\bException\b|Errno"
    r"|\b(?:PosixPath|WindowsPath|Decimal|Cell|Workbook|Worksheet|UncalculatedFormula|CellError)\("
    r"|<[\w.]+ object at 0x|\\x[0-9a-f]{2}|(?i:kesalahan tak terduga)"
)
# English words no Indonesian sentence of ours contains (file names and paths are removed first).
ENGLISH = {
    "the", "is", "are", "not", "cannot", "could", "invalid", "error", "such", "directory", "permission",
    "denied", "usage", "required", "expected", "unable", "failed", "found", "bad", "unsupported", "encrypted",
    "line", "column", "token", "unclosed", "of", "with", "and", "to", "from", "for", "was", "has", "too",
    "large", "long", "warning", "argument", "arguments", "choose", "unrecognized", "space", "left", "device",
}  # fmt: skip
_PATHS = re.compile(r"(?:/|\b[\w.~$-]+\.(?:xlsx|xlsm|xls|xlsb|ods|txt|tmp)\b)\S*")


def english_words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", _PATHS.sub(" ", text).lower())) & ENGLISH


def assert_readable(text: str, where: str) -> None:
    bad = FORBIDDEN.search(text)
    assert bad is None, f"{where} shows {bad.group(0)!r}:\n{text[:3000]}"
    english = english_words(text)
    assert not english, f"{where} has English words {sorted(english)}:\n{text[:3000]}"


def snapshot(paths: Sequence[Path]) -> dict[str, object]:
    """Every byte of ``paths`` (folders recursively), and which entries are links and to where."""
    found: dict[str, object] = {}
    for path in paths:
        entries = [path, *sorted(path.rglob("*"))] if path.is_dir() and not path.is_symlink() else [path]
        for entry in entries:
            if entry.is_symlink():
                found[str(entry)] = ("link", os.readlink(entry))
            elif entry.is_file():
                found[str(entry)] = entry.read_bytes()
            elif entry.is_dir():
                found[str(entry)] = "folder"
    return found


def temporary_files(folder: Path) -> list[str]:
    return sorted(
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.name.endswith(".xl_addin.tmp") or path.name.startswith(".~")
    )


# -- building inputs --------------------------------------------------------------------------------


def workbook(path: Path, rows=GOOD, edit: Callable[[openpyxl.Workbook], None] | None = None) -> Path:
    """``counts_workbook`` with this file's example rows by default."""
    return counts_workbook(path, rows, edit=edit)


@functools.cache
def _filled_bytes(rows: tuple = tuple(GOOD)) -> bytes:  # filling takes a third of a second: once per session
    with tempfile.TemporaryDirectory() as folder:
        path = workbook(Path(folder) / "satker.xlsx", list(rows))
        fill(path)
        return path.read_bytes()


def filled(path: Path, rows: tuple = tuple(GOOD)) -> Path:
    """A satker workbook as it comes back to the kanwil: counts typed and targets filled."""
    path.write_bytes(_filled_bytes(rows))
    return path


def sheet_part(path: Path, title: str) -> str:
    """The zip member of a sheet in a file openpyxl wrote (sheetN.xml in sheet order)."""
    with zipfile.ZipFile(path) as archive:
        workbook_xml = archive.read("xl/workbook.xml").decode("utf-8")
    names = re.findall(r'<sheet [^>]*name="([^"]+)"', workbook_xml)
    return f"xl/worksheets/sheet{names.index(title) + 1}.xml"


def rezip(
    source: Path, target: Path, change: dict[str, Callable[[bytes], bytes | None]] | None = None, add=None
) -> Path:
    """Copy a package member by member; ``change`` maps a member to a function giving its new bytes (None: drop)."""
    change = change or {}
    with zipfile.ZipFile(source) as old:
        members = [(info, old.read(info)) for info in old.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new:
        for info, data in members:
            if info.filename in change:
                data = change[info.filename](data)
            if data is not None:
                new.writestr(info, data)
        for name, data in (add or {}).items():
            new.writestr(name, data)
    target.write_bytes(buffer.getvalue())
    return target


def replace_in(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        assert old in data, f"{old!r} not in part"
        return data.replace(old, new, 1)

    return change


def cached(path: Path, title: str, values: dict[str, str]) -> Path:
    """Give formula cells of sheet ``title`` the value Excel would have stored on saving ({"B5": "1850"})."""
    part = sheet_part(path, title)

    def change(data: bytes) -> bytes:
        text = data.decode("utf-8")
        for coordinate, value in values.items():
            text, count = re.subn(
                rf'(<c r="{coordinate}"[^>]*>)<f>([^<]*)</f><v\s*/?>(?:</v>)?', rf"\1<f>\2</f><v>{value}</v>", text
            )
            assert count == 1, f"no formula cell {coordinate} in {part}"
        return text.encode("utf-8")

    return rezip(path, path, {part: change})


def flip_compressed_byte(path: Path, member: str) -> Path:
    """Damage one byte inside a member's compressed data, as a bad sector or a broken transfer does."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    name_length = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_length = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_length + extra_length
    data[start + info.compress_size // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def half(data: bytes) -> bytes:
    return data[: len(data) // 2]


BILLION_LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode() for i in range(1, 10)
    )
    + b"]>"
)


def with_doctype(doctype: bytes, old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    """Put ``doctype`` before the root element and replace ``old`` by ``new`` (an entity reference)."""

    def change(data: bytes) -> bytes:
        assert old in data
        data = data.replace(old, new, 1)
        if data.startswith(b"<?xml"):
            end = data.index(b"?>") + 2
            return data[:end] + doctype + data[end:]
        return doctype + data

    return change


SHARED_STRINGS_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SHARED_STRINGS_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


@functools.cache
def _shared_strings_bomb(source_bytes: bytes) -> bytes:
    """A package of under 1 MB whose shared strings part unpacks to 300 MB (17 million one-letter strings)."""
    unit = b"<si><t>a</t></si>" * 4096
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source_bytes)) as old, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, 9) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="' + SHARED_STRINGS_TYPE + b'"/></Types>',
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId99" Type="'
                    + SHARED_STRINGS_REL
                    + b'" Target="sharedStrings.xml"/></Relationships>',
                )
            new.writestr(info, data)
        with new.open("xl/sharedStrings.xml", "w", force_zip64=True) as stream:
            stream.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for _ in range(300 * 1024 * 1024 // len(unit)):
                stream.write(unit)
            stream.write(b"</sst>")
    return buffer.getvalue()


def xlsm(path: Path) -> Path:
    shutil.copyfile(TEMPLATE, path)
    return path


def target_rows(path: Path) -> dict[object, tuple]:
    """{satker as written: (N, target, note)} from the TargetResponden table of a written file."""
    book = openpyxl.load_workbook(path)
    sheet = book[layout.SHEET_TARGETS]
    (table,) = [t for t in sheet.tables.values() if t.displayName == layout.TABLE_TARGETS]
    last = int(re.sub(r"^.*?(\d+)$", r"\1", table.ref))
    name, population, target, note = (
        layout.TARGET_HEADERS.index(header) + 1
        for header in (layout.COLUMN_SATKER, layout.COLUMN_POPULATION, layout.COLUMN_TARGET, layout.COLUMN_NOTE)
    )
    return {
        sheet.cell(row, name).value: (
            sheet.cell(row, population).value,
            sheet.cell(row, target).value,
            sheet.cell(row, note).value,
        )
        for row in range(FIRST, last + 1)
    }


def expect_targets(path: Path, expected: dict[object, tuple[int, int] | str]) -> Callable[[], None]:
    """A check: each satker has (N, target), or no target and a note containing the given text."""

    def check() -> None:
        rows = target_rows(path)
        for name, wanted in expected.items():
            assert name in rows, f"{name!r} not among {list(rows)}"
            population, target, note = rows[name]
            if isinstance(wanted, str):
                assert target is None and note.startswith("PERIKSA") and wanted in note, (name, rows[name])
            else:
                assert (population, target) == wanted, (name, rows[name])

    return check


# -- a web server no external entity may call ------------------------------------------------------


class _Canary(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:  # the name http.server calls
        _Canary.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'<!ENTITY leaked "FETCHED-FROM-NETWORK">')

    def log_message(self, *args) -> None:
        pass


def canary_server() -> http.server.HTTPServer:
    """A local web server that records every request: an external entity resolved would call it."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _Canary)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# == the catalogue ==================================================================================
# -- wrong numbers without a word --


@case("ambiguous")
def case_comma_thousands_in_count_cells(folder: Path) -> Run:
    source = workbook(
        folder / "satker.xlsx", [("Satker Koma", "1,000", "1,000", "1,000"), ("Satker Koma 2", "12,500", 5, 5), GOOD[0]]
    )
    out = folder / "hasil.xlsx"
    return Run(
        ["fill", "satker.xlsx", "-o", "hasil.xlsx"],
        0,
        stdout=[
            r"Satker Koma\): PERIKSA: Januari 2024: jumlah '1,000' dapat dibaca dua cara: 1 \(koma sebagai tanda desimal\) "
            r"atau 1\.000",
            r"jumlah '12,500' dapat dibaca dua cara: 12,5 .* atau 12\.500",
        ],
        inputs=[source],
        check=expect_targets(
            out, {"Satker Koma": "dua cara", "Satker Koma 2": "dua cara", "Satker Contoh A": (1825, 317)}
        ),
    )


@case("ambiguous", "argparse")
def case_comma_thousands_in_size(folder: Path) -> Run:
    return Run(["size", "1,000"], 2, stderr=r"^Kesalahan: argumen N: .*dua cara: 1 .* atau 1\.000")


@case("ambiguous")
def case_indonesian_thousands_are_read(folder: Path) -> Run:
    source = workbook(folder / "satker.xlsx", [("Satker Titik", "1.850", "1.720", "1.905")])
    return Run(
        ["fill", "satker.xlsx", "-o", "hasil.xlsx"],
        0,
        stdout=[r"^Target 1 satker berhasil dihitung\."],
        inputs=[source],
        check=expect_targets(folder / "hasil.xlsx", {"Satker Titik": (1825, 317)}),
    )


def _with_data_sheet(book: openpyxl.Workbook) -> None:
    data = book.create_sheet("Data Bulanan")
    data["B2"], data["B3"], data["B4"] = 1720, 1900, 5
    counts = book[layout.SHEET_COUNTS]
    counts[f"B{FIRST}"] = "=1200+650"
    counts[f"C{FIRST}"] = "='Data Bulanan'!B2"
    counts[f"D{FIRST}"] = "=SUM('Data Bulanan'!B3:B4)"


@case("formula")
def case_count_formulas_read_as_excel_computed_them(folder: Path) -> Run:
    source = workbook(folder / "satker.xlsx", [("Satker Rumus", 0, 0, 0), GOOD[1]], edit=_with_data_sheet)
    cached(source, layout.SHEET_COUNTS, {f"B{FIRST}": "1850", f"C{FIRST}": "1720", f"D{FIRST}": "1905"})
    out = folder / "hasil.xlsx"

    def check() -> None:
        expect_targets(out, {"Satker Rumus": (1825, 317), "Satker Contoh B": (12, 12)})()
        assert "(1.850 + 1.720 + 1.905) / 3" in target_rows(out)["Satker Rumus"][2]

    return Run(
        ["fill", "satker.xlsx", "-o", "hasil.xlsx"],
        0,
        stdout=[r"^Target 2 satker berhasil"],
        inputs=[source],
        check=check,
    )


@case("formula")
def case_count_formula_never_calculated(folder: Path) -> Run:
    source = workbook(folder / "satker.xlsx", [("Satker Rumus", 0, 1720, 1905), GOOD[1]], edit=_with_data_sheet)
    return Run(
        ["fill", "satker.xlsx", "-o", "hasil.xlsx"],
        0,
        stdout=[
            r"Satker Rumus\): PERIKSA: Januari 2024: sel berisi rumus =1200\+650 yang belum pernah dihitung Excel; "
            r"buka file di Excel, simpan sekali"
        ],
        inputs=[source],
        check=expect_targets(
            folder / "hasil.xlsx", {"Satker Rumus": "belum pernah dihitung Excel", "Satker Contoh B": (12, 12)}
        ),
    )


def _threshold_formula(book: openpyxl.Workbook) -> None:
    ((sheet, cell),) = book.defined_names[layout.SETTINGS_BY_FIELD["threshold"].defined_name].destinations
    book[sheet][cell.replace("$", "")] = "=20+20"


@case("formula")
def case_settings_formula_read_as_excel_computed_it(folder: Path) -> Run:
    # Threshold 40 from a formula: N = 35 uses Slovin (33), not Krejcie & Morgan (32).
    source = workbook(folder / "satker.xlsx", [("Satker Ambang", 35, 35, 35)], edit=_threshold_formula)
    ((_, cell),) = openpyxl.load_workbook(source).defined_names["Ambang_N"].destinations
    cached(source, layout.SHEET_SETTINGS, {cell.replace("$", ""): "40"})
    out = folder / "hasil.xlsx"

    def check() -> None:
        expect_targets(out, {"Satker Ambang": (35, 33)})()
        assert target_rows(out)["Satker Ambang"][2] == "N = (35 + 35 + 35) / 3 = 35."  # the average, read as it is

    return Run(["fill", "satker.xlsx", "-o", "hasil.xlsx"], 0, inputs=[source], check=check)


@case("formula")
def case_settings_formula_never_calculated(folder: Path) -> Run:
    source = workbook(folder / "satker.xlsx", edit=_threshold_formula)
    return Run(
        ["fill", "satker.xlsx", "-o", "hasil.xlsx"],
        2,
        stderr=r"^Kesalahan: Pengaturan 'Ambang N.*': sel berisi rumus =20\+20 yang belum pernah dihitung Excel; "
        r"buka file di Excel, simpan sekali",
        inputs=[source],
        absent=[folder / "hasil.xlsx"],
    )


@case("names")
def case_names_are_written_as_typed(folder: Path) -> Run:
    names = [12345, "Lapas  Kelas  IIA  Contoh", " Rutan Contoh ", "=Bukan Rumus"]
    source = workbook(folder / "satker.xlsx", [(name, 40, 40, 40) for name in names])
    out = folder / "hasil.xlsx"

    def check() -> None:
        written = list(target_rows(out))
        assert written == names and type(written[0]) is int
        sheet = openpyxl.load_workbook(out)[layout.SHEET_TARGETS]
        assert sheet[f"A{FIRST + 3}"].data_type == "s"  # text that looks like a formula stays text

    return Run(
        ["fill", "satker.xlsx", "-o", "hasil.xlsx"], 0, stdout=[r"^Target 4 satker"], inputs=[source], check=check
    )


@case("below-table")
def case_satker_typed_below_the_table(folder: Path) -> Run:
    def typed_below(book: openpyxl.Workbook) -> None:
        for column, value in enumerate(["Satker Di Luar", 40, 40, 40], start=1):
            book[layout.SHEET_COUNTS].cell(FIRST + len(GOOD), column, value)  # the row after the table's last

    source = workbook(folder / "satker.xlsx", edit=typed_below)
    out = folder / "hasil.xlsx"

    def check() -> None:
        assert list(target_rows(out)) == ["Satker Contoh A", "Satker Contoh B"]

    return Run(
        ["fill", "satker.xlsx", "-o", "hasil.xlsx"],
        0,
        stdout=[
            r"Perhatian: baris 7 di bawah tabel PenggunaLayanan .*'Satker Di Luar'.* di luar tabel.*Ubah Ukuran Tabel"
        ],
        inputs=[source],
        check=check,
    )


# -- tracebacks instead of a message --


@case("merged")
def case_merged_cells_in_the_target_area(folder: Path) -> Run:
    source = workbook(
        folder / "satker.xlsx", edit=lambda book: book[layout.SHEET_TARGETS].merge_cells(f"A{FIRST}:B{FIRST}")
    )
    return Run(
        ["fill", "satker.xlsx"],
        2,
        stderr=r"^Kesalahan: Sel gabungan \(merge\) A5:B5 .*Tidak ada yang diubah\.$",
        inputs=[source],
    )


@case("merged")
def case_merged_cells_below_the_target_area(folder: Path) -> Run:
    rows = [(f"Satker Contoh {i:02d}", 40 + i, 40, 40) for i in range(12)]  # the targets table grows to row 16
    source = workbook(folder / "satker.xlsx", rows, edit=lambda book: book[layout.SHEET_TARGETS].merge_cells("C12:D13"))
    return Run(["fill", "satker.xlsx"], 2, stderr=r"^Kesalahan: Sel gabungan \(merge\) C12:D13 ", inputs=[source])


@case("damaged-zip")
def case_zip_member_fails_its_crc(folder: Path) -> Run:
    source = workbook(folder / "satker.xlsx")
    flip_compressed_byte(source, sheet_part(source, layout.SHEET_COUNTS))
    return Run(
        ["fill", "satker.xlsx", "-o", "hasil.xlsx"],
        2,
        stderr=r"^Kesalahan: File satker\.xlsx rusak",
        inputs=[source],
        absent=[folder / "hasil.xlsx"],
    )


@case("damaged-zip")
def case_zip_member_missing(folder: Path) -> Run:
    source = rezip(workbook(folder / "a.xlsx"), folder / "satker.xlsx", {"xl/styles.xml": lambda data: None})
    return Run(["fill", "satker.xlsx"], 2, stderr=r"^Kesalahan: File satker\.xlsx rusak", inputs=[source])


@case("damaged-zip")
def case_zip_worksheet_part_missing(folder: Path) -> Run:
    # openpyxl would quietly drop the Realisasi sheet; writing that back would lose it for good.
    source = workbook(folder / "a.xlsx")
    source = rezip(source, folder / "satker.xlsx", {sheet_part(source, layout.SHEET_REALISATION): lambda data: None})
    return Run(
        ["fill", "satker.xlsx"],
        2,
        stderr=r"^Kesalahan: File satker\.xlsx rusak: isi sheet 'Realisasi'",
        inputs=[source],
    )


@case("damaged-zip", "exception-ignored")
def case_zip_root_relationships_missing_in_xlsm(folder: Path) -> Run:
    source = rezip(xlsm(folder / "a.xlsm"), folder / "satker.xlsm", {"_rels/.rels": lambda data: None})
    return Run(["fill", "satker.xlsm"], 2, stderr=r"^Kesalahan: File satker\.xlsm rusak", inputs=[source])


@case("damaged-zip")
def case_zip_cut_off_in_transit(folder: Path) -> Run:
    source = folder / "satker.xlsx"
    source.write_bytes(half(workbook(folder / "a.xlsx").read_bytes()))
    return Run(["fill", "satker.xlsx"], 2, stderr=r"^Kesalahan: File satker\.xlsx rusak", inputs=[source])


@case("damaged-zip")
def case_not_a_zip_at_all(folder: Path) -> Run:
    source = folder / "satker.xlsx"
    source.write_text("Jumlah pengguna layanan: 1.850\n", encoding="utf-8")
    return Run(
        ["fill", "satker.xlsx"], 2, stderr=r"^Kesalahan: File satker\.xlsx rusak atau bukan file Excel", inputs=[source]
    )


@case("damaged-zip")
def case_password_protected_workbook(folder: Path) -> Run:
    # Excel saves a workbook encrypted with a password as an OLE2 compound file, whatever its extension.
    source = folder / "satker.xlsx"
    source.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(4088))
    return Run(
        ["fill", "satker.xlsx"], 2, stderr=r"^Kesalahan: File satker\.xlsx dilindungi kata sandi", inputs=[source]
    )


@case("damaged-zip")
def case_export_of_a_damaged_workbook(folder: Path) -> Run:
    source = workbook(folder / "satker.xlsx")
    flip_compressed_byte(source, "xl/workbook.xml")
    return Run(
        ["export", "satker.xlsx", "-o", "kirim.xlsx"],
        2,
        stderr=r"^Kesalahan: File satker\.xlsx rusak",
        inputs=[source],
        absent=[folder / "kirim.xlsx"],
    )


@case("truncated-xml")
def case_counts_sheet_xml_truncated(folder: Path) -> Run:
    source = workbook(folder / "a.xlsx")
    source = rezip(source, folder / "satker.xlsx", {sheet_part(source, layout.SHEET_COUNTS): half})
    return Run(["fill", "satker.xlsx"], 2, stderr=r"^Kesalahan: File satker\.xlsx rusak", inputs=[source])


@case("truncated-xml")
def case_workbook_xml_truncated(folder: Path) -> Run:
    source = rezip(workbook(folder / "a.xlsx"), folder / "satker.xlsx", {"xl/workbook.xml": half})
    return Run(["fill", "satker.xlsx"], 2, stderr=r"^Kesalahan: File satker\.xlsx rusak", inputs=[source])


@case("truncated-xml", "exception-ignored")
def case_styles_xml_truncated_in_xlsm(folder: Path) -> Run:
    # This one printed "Exception ignored in: ZipFile.__del__ … I/O operation on closed file" after the message.
    source = rezip(xlsm(folder / "a.xlsm"), folder / "satker.xlsm", {"xl/styles.xml": half})
    return Run(["fill", "satker.xlsm"], 2, stderr=r"^Kesalahan: File satker\.xlsm rusak", inputs=[source])


@case("truncated-xml", "exception-ignored")
def case_document_properties_truncated_in_xlsm(folder: Path) -> Run:
    source = rezip(xlsm(folder / "a.xlsm"), folder / "satker.xlsm", {"docProps/core.xml": half})
    return Run(["export", "satker.xlsm"], 2, stderr=r"^Kesalahan: File satker\.xlsm rusak", inputs=[source])


@case("truncated-xml", "damaged-zip")
def case_root_relationships_truncated_in_xlsm(folder: Path) -> Run:
    source = rezip(xlsm(folder / "a.xlsm"), folder / "satker.xlsm", {"_rels/.rels": half})
    return Run(["fill", "satker.xlsm"], 2, stderr=r"^Kesalahan: File satker\.xlsm rusak", inputs=[source])


@case("entities")
def case_entity_bomb_in_a_sheet(folder: Path) -> Run:
    source = workbook(folder / "a.xlsx")
    bomb = with_doctype(BILLION_LAUGHS, b"<t>Satker Contoh A</t>", b"<t>&lol9;</t>")
    source = rezip(source, folder / "satker.xlsx", {sheet_part(source, layout.SHEET_COUNTS): bomb})
    return Run(
        ["fill", "satker.xlsx"],
        2,
        stderr=r"^Kesalahan: File satker\.xlsx berisi bagian XML dengan deklarasi DOCTYPE/ENTITY",
        inputs=[source],
        max_rss_mb=SMALL_PROCESS_MB,
    )


@case("entities")
def case_entity_bomb_in_the_workbook_part(folder: Path) -> Run:
    bomb = with_doctype(BILLION_LAUGHS, b"'Pengaturan'!$B$5", b"&lol9;")
    source = rezip(workbook(folder / "a.xlsx"), folder / "satker.xlsx", {"xl/workbook.xml": bomb})
    return Run(
        ["fill", "satker.xlsx"], 2, stderr=r"^Kesalahan: .*DOCTYPE/ENTITY", inputs=[source], max_rss_mb=SMALL_PROCESS_MB
    )


@case("entities")
def case_external_entities_are_never_fetched(folder: Path) -> Run:
    secret = folder / "rahasia.txt"
    secret.write_text("ISI-RAHASIA", encoding="utf-8")
    server = canary_server()
    url = f"http://127.0.0.1:{server.server_port}"
    doctype = (
        f'<!DOCTYPE worksheet SYSTEM "{url}/dtd" [<!ENTITY file SYSTEM "{secret.as_uri()}">'
        f'<!ENTITY web SYSTEM "{url}/entity"><!ENTITY % remote SYSTEM "{url}/parameter"> %remote;]>'
    ).encode()
    source = workbook(folder / "a.xlsx")
    part = sheet_part(source, layout.SHEET_COUNTS)
    source = rezip(
        source, folder / "satker.xlsx", {part: with_doctype(doctype, b"<t>Satker Contoh A</t>", b"<t>&file;&web;</t>")}
    )
    _Canary.requests.clear()

    def check() -> None:
        server.shutdown()
        assert _Canary.requests == [], f"an external entity was fetched: {_Canary.requests}"

    return Run(["fill", "satker.xlsx"], 2, stderr=r"^Kesalahan: .*DOCTYPE/ENTITY", inputs=[source, secret], check=check)


@case("disk-full")
def case_disk_full_while_filling_a_copy(folder: Path) -> Run:
    source = workbook(folder / "satker.xlsx")
    return Run(
        ["fill", "satker.xlsx", "-o", "hasil.xlsx"],
        2,
        stderr=r"^Kesalahan: File hasil\.xlsx tidak dapat disimpan \(ukuran file melebihi batas disk atau sistem\)\. "
        r"Tidak ada file yang dibuat\.$",
        inputs=[source],
        absent=[folder / "hasil.xlsx"],
        disk_limit=8 * 1024,
    )


@case("disk-full")
def case_disk_full_while_filling_in_place(folder: Path) -> Run:
    source = workbook(folder / "satker.xlsx")
    return Run(
        ["fill", "satker.xlsx"],
        2,
        stderr=r"^Kesalahan: File satker\.xlsx tidak dapat disimpan \(.*\)\. File lama tidak berubah\.$",
        inputs=[source],
        disk_limit=8 * 1024,
    )


@case("disk-full")
def case_disk_full_while_exporting(folder: Path) -> Run:
    source = workbook(folder / "satker.xlsx")
    return Run(
        ["export", "satker.xlsx"],
        2,
        stderr=r"^Kesalahan: File satker \(salinan email\)\.xlsx tidak dapat disimpan",
        inputs=[source],
        absent=[folder / "satker (salinan email).xlsx"],
        disk_limit=8 * 1024,
    )


@case("disk-full", "consolidate-reasons")
def case_disk_full_while_consolidating(folder: Path) -> Run:
    inbox = folder / "kiriman"
    inbox.mkdir()
    filled(inbox / "satker_a.xlsx")
    return Run(
        ["consolidate", "kiriman", "-o", "rekap.xlsx"],
        2,
        stderr=r"^Kesalahan: File rekap\.xlsx tidak dapat disimpan",
        inputs=[inbox],
        absent=[folder / "rekap.xlsx"],
        disk_limit=4 * 1024,
    )


@case("output-dir")
def case_fill_output_is_a_folder(folder: Path) -> Run:
    source = workbook(folder / "satker.xlsx")
    (folder / "hasil.xlsx").mkdir()
    return Run(
        ["fill", "satker.xlsx", "-o", "hasil.xlsx"],
        2,
        stderr=r"^Kesalahan: 'hasil\.xlsx' adalah folder",
        inputs=[source],
    )


@case("output-dir")
def case_export_output_is_a_folder(folder: Path) -> Run:
    source = workbook(folder / "satker.xlsx")
    (folder / "kirim").mkdir()
    return Run(
        ["export", "satker.xlsx", "-o", "kirim"], 2, stderr=r"^Kesalahan: 'kirim' adalah folder", inputs=[source]
    )


@case("output-dir")
def case_consolidate_output_is_a_folder(folder: Path) -> Run:
    inbox = folder / "kiriman"
    inbox.mkdir()
    filled(inbox / "satker_a.xlsx")
    (folder / "rekap.xlsx").mkdir()
    return Run(
        ["consolidate", "kiriman", "-o", "rekap.xlsx"],
        2,
        stderr=r"^Kesalahan: 'rekap\.xlsx' adalah folder",
        inputs=[inbox],
    )


@case("long-name")
def case_output_name_of_300_characters(folder: Path) -> Run:
    source = workbook(folder / "satker.xlsx")
    return Run(
        ["fill", "satker.xlsx", "-o", "a" * 295 + ".xlsx"],
        2,
        stderr=r"^Kesalahan: File a{50}…a{15}\.xlsx tidak dapat disimpan \(nama file terlalu panjang\)",
        inputs=[source],
    )


@case("long-name")
def case_output_name_of_240_characters_is_written(folder: Path) -> Run:
    # The name is legal; a temporary name built from all of it would not be.
    source = workbook(folder / "satker.xlsx")
    out = folder / ("b" * 235 + ".xlsx")
    return Run(["fill", "satker.xlsx", "-o", out.name], 0, inputs=[source], check=expect_targets(out, EXPECTED_GOOD))


@case("long-name")
def case_input_name_of_300_characters(folder: Path) -> Run:
    return Run(["fill", "c" * 295 + ".xlsx"], 2, stderr=r"^Kesalahan: File tidak ditemukan: c{50}…c{15}\.xlsx")


@case("read-only-parent")
def case_missing_output_folder_under_a_read_only_parent(folder: Path) -> Run:
    source = workbook(folder / "satker.xlsx")
    locked = folder / "arsip"
    locked.mkdir()
    locked.chmod(0o555)
    return Run(
        ["fill", "satker.xlsx", "-o", "arsip/2024/hasil.xlsx"],
        2,
        stderr=r"^Kesalahan: Folder arsip/2024 tidak dapat dibuat \(izin ditolak\)",
        inputs=[source, locked],
        permissions_bind=True,
    )


@case("read-only-parent")
def case_output_folder_under_a_regular_file(folder: Path) -> Run:
    source = workbook(folder / "satker.xlsx")
    (folder / "catatan.txt").write_text("bukan folder", encoding="utf-8")
    return Run(
        ["export", "satker.xlsx", "-o", "catatan.txt/kirim/salinan.xlsx"],
        2,
        stderr=r"^Kesalahan: Folder catatan\.txt/kirim tidak dapat dibuat \(salah satu bagian jalurnya adalah file",
        inputs=[source, folder / "catatan.txt"],
    )


@case("huge-count")
def case_count_of_400_digits_typed_as_text(folder: Path) -> Run:
    source = workbook(folder / "satker.xlsx", [("Satker Besar", "9" * 400, 5, 5), GOOD[1]])
    return Run(
        ["fill", "satker.xlsx", "-o", "hasil.xlsx"],
        0,
        stdout=[r"Satker Besar\): PERIKSA: Januari 2024: jumlah terlalu besar \(400 karakter angka\)"],
        inputs=[source],
        check=expect_targets(folder / "hasil.xlsx", {"Satker Besar": "terlalu besar", "Satker Contoh B": (12, 12)}),
    )


@case("huge-count")
def case_count_of_400_digits_stored_as_a_number(folder: Path) -> Run:
    # No spreadsheet writes this; a generated or tampered file can. It cannot be saved back.
    source = workbook(folder / "a.xlsx", [("Satker Besar", 123454321, 5, 5), GOOD[1]])
    part = sheet_part(source, layout.SHEET_COUNTS)
    source = rezip(
        source, folder / "satker.xlsx", {part: replace_in(b"<v>123454321</v>", b"<v>" + b"9" * 400 + b"</v>")}
    )
    return Run(
        ["fill", "satker.xlsx"],
        2,
        stderr=r"^Kesalahan: Sel B5 di sheet 'Pengguna Layanan' berisi angka 400 digit, di luar batas Excel",
        inputs=[source],
    )


@case("huge-count")
def case_size_of_400_digits(folder: Path) -> Run:
    return Run(["size", "9" * 400], 2, stderr=r"^Kesalahan: argumen N: jumlah terlalu besar \(400 karakter angka\)")


@case("huge-count", "argparse")
def case_size_threshold_of_400_digits(folder: Path) -> Run:
    return Run(
        ["size", "100", "--threshold", "9" * 400], 2, stderr=r"^Kesalahan: argumen --threshold: jumlah terlalu besar"
    )


@case("huge-count")
def case_size_of_16_digits(folder: Path) -> Run:
    return Run(
        ["size", "1234567890123456"], 2, stderr=r"^Kesalahan: argumen N: jumlah terlalu besar \(lebih dari 15 digit\)"
    )


# -- silent skips and surprises --


@case("consolidate-skips")
def case_consolidate_lists_what_it_does_not_read(folder: Path) -> Run:
    inbox = folder / "kiriman"
    inbox.mkdir()
    filled(inbox / "satker_a.xlsx")
    (inbox / "lama.xls").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504))
    (inbox / "biner.xlsb").write_bytes(b"PK\x03\x04")
    (inbox / "calc.ods").write_bytes(b"PK\x03\x04")
    (inbox / "catatan.txt").write_text("catatan", encoding="utf-8")
    (inbox / "arsip").mkdir()
    filled(inbox / "arsip" / "satker_b.xlsx")
    out = folder / "rekap.xlsx"

    def check() -> None:
        rows = list(openpyxl.load_workbook(out)[layout.SHEET_PROBLEMS].iter_rows(min_row=FIRST, values_only=True))
        assert {row[0] for row in rows} >= {"lama.xls", "biner.xlsb", "calc.ods", "catatan.txt", "arsip"}
        for row in rows:
            assert_readable(" ".join(str(v) for v in row if v is not None), "the Masalah sheet")

    return Run(
        ["consolidate", "kiriman", "-o", "rekap.xlsx"],
        0,
        stdout=[
            r"arsip: File tidak dibaca: Subfolder tidak dibaca",
            r"biner\.xlsb: File tidak dibaca: Format \.xlsb tidak dapat dibaca",
            r"calc\.ods: File tidak dibaca: Format \.ods",
            r"lama\.xls: File tidak dibaca: Format \.xls ",
            r"catatan\.txt: File tidak dibaca: Bukan file Excel",
            r"^Rekap rekap\.xlsx: 1 file terbaca, 0 gagal dibaca, 5 tidak dibaca; 2 satker",
        ],
        inputs=[inbox],
        check=check,
    )


@case("consolidate-lock")
def case_consolidate_warns_about_a_workbook_open_in_excel(folder: Path) -> Run:
    inbox = folder / "kiriman"
    inbox.mkdir()
    filled(inbox / "satker_a.xlsx")
    (inbox / "~$satker_a.xlsx").write_bytes(b"\x0bExcel lock")
    return Run(
        ["consolidate", "kiriman", "-o", "rekap.xlsx"],
        0,
        stdout=[
            r"satker_a\.xlsx: File sedang dibuka: File ini sedang dibuka di Excel",
            r"^Rekap rekap\.xlsx: 1 file terbaca",
        ],
        inputs=[inbox],
    )


@case("consolidate-missing")
def case_consolidate_missing_folder(folder: Path) -> Run:
    return Run(
        ["consolidate", "kiriman_2024", "-o", "rekap.xlsx"],
        2,
        stderr=r"^Kesalahan: File atau folder tidak ditemukan: kiriman_2024$",
        absent=[folder / "rekap.xlsx"],
    )


@case("consolidate-missing")
def case_consolidate_missing_file_among_others(folder: Path) -> Run:
    inbox = folder / "kiriman"
    inbox.mkdir()
    filled(inbox / "satker_a.xlsx")
    return Run(
        ["consolidate", "kiriman/satker_a.xlsx", "kiriman/satker_b.xlsx", "-o", "rekap.xlsx"],
        2,
        stderr=r"^Kesalahan: File atau folder tidak ditemukan: kiriman/satker_b\.xlsx$",
        inputs=[inbox],
        absent=[folder / "rekap.xlsx"],
    )


@case(
    "consolidate-reasons",
    "damaged-zip",
    "truncated-xml",
    "entities",
    "size-unpacked",
    "size-table",
    "exception-ignored",
)
def case_consolidate_reports_every_kind_of_damage_in_indonesian(folder: Path) -> Run:
    inbox = folder / "kiriman"
    inbox.mkdir()
    good = filled(inbox / "satker_baik.xlsx")
    flip_compressed_byte(filled(inbox / "crc.xlsx"), "xl/workbook.xml")
    rezip(good, inbox / "potong_xml.xlsx", {sheet_part(good, layout.SHEET_TARGETS): half})
    rezip(good, inbox / "tanpa_gaya.xlsx", {"xl/styles.xml": lambda data: None})
    rezip(
        good,
        inbox / "bom_entitas.xlsx",
        {"xl/workbook.xml": with_doctype(BILLION_LAUGHS, b"<workbookPr/>", b"<workbookPr/>")},
    )
    (inbox / "bom_string.xlsx").write_bytes(_shared_strings_bomb(good.read_bytes()))
    rezip(
        good,
        inbox / "tabel_raksasa.xlsx",
        {"xl/tables/table2.xml": lambda data: re.sub(rb'ref="A4:([A-Z]+)\d+"', rb'ref="A4:\g<1>1048576"', data)},
    )
    (inbox / "terkunci.xlsx").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504))
    (inbox / "putus.xlsx").write_bytes(half(good.read_bytes()))
    rezip(xlsm(folder / "a.xlsm"), inbox / "makro_rusak.xlsm", {"xl/styles.xml": half})
    broken = {
        "crc.xlsx": "rusak",
        "potong_xml.xlsx": "rusak",
        "tanpa_gaya.xlsx": "rusak",
        "bom_entitas.xlsx": "DOCTYPE/ENTITY",
        "bom_string.xlsx": "terlalu besar",
        "tabel_raksasa.xlsx": "batasnya 100.000",
        "terkunci.xlsx": "kata sandi",
        "putus.xlsx": "rusak",
        "makro_rusak.xlsm": "rusak",
    }
    out = folder / "rekap.xlsx"

    def check() -> None:
        rows = list(openpyxl.load_workbook(out)[layout.SHEET_PROBLEMS].iter_rows(min_row=FIRST, values_only=True))
        reasons = {file: detail for file, kind, detail in rows if kind == "File tidak terbaca"}
        assert set(reasons) == set(broken)
        for file, word in broken.items():
            assert word in reasons[file], (file, reasons[file])
        for row in rows:
            assert_readable(" ".join(str(v) for v in row if v is not None), "the Masalah sheet")

    return Run(
        ["consolidate", "kiriman", "-o", "rekap.xlsx"],
        0,
        stdout=[rf"^  {re.escape(name)}: File tidak terbaca: " for name in broken]
        + [r"^Rekap rekap\.xlsx: 1 file terbaca, 9 gagal dibaca; 2 satker"],
        inputs=[inbox],
        check=check,
        max_rss_mb=SMALL_PROCESS_MB,
    )


@case("symlink")
def case_symlinked_workbook_filled_in_place(folder: Path) -> Run:
    (folder / "data").mkdir()
    real = workbook(folder / "data" / "satker.xlsx")
    link = folder / "pintasan.xlsx"
    link.symlink_to(Path("data") / "satker.xlsx")
    inode = real.stat().st_ino

    def check() -> None:
        assert link.is_symlink() and os.readlink(link) == str(Path("data") / "satker.xlsx")
        assert real.stat().st_ino != inode  # replaced by a rename, not rewritten in place
        expect_targets(real, EXPECTED_GOOD)()
        assert sorted(p.name for p in folder.rglob("*")) == ["data", "pintasan.xlsx", "satker.xlsx"]

    return Run(
        ["fill", "pintasan.xlsx"], 0, stdout=[r"^Target 2 satker berhasil dihitung\. → pintasan\.xlsx$"], check=check
    )


@case("stale-temp")
def case_stale_temporary_files_are_removed(folder: Path) -> Run:
    source = workbook(folder / "satker.xlsx")
    stale = folder / ".satker.k3j9x0qa.xl_addin.tmp"  # a run killed 20 minutes ago
    fresh = folder / ".satker.p0o9i8u7.xl_addin.tmp"  # another run, still writing
    other = folder / ".laporan.a1b2c3d4.xl_addin.tmp"  # another target's: not ours to judge
    for path in (stale, fresh, other):
        path.write_bytes(b"half a workbook")
    long_ago = time.time() - 20 * 60
    os.utime(stale, (long_ago, long_ago))
    os.utime(other, (long_ago, long_ago))

    def check() -> None:
        assert not stale.exists() and fresh.exists() and other.exists()
        expect_targets(source, EXPECTED_GOOD)()

    return Run(["fill", "satker.xlsx"], 0, check=check, leftovers=[fresh.name, other.name])


@case("real-value")
def case_fraction_shown_as_typed(folder: Path) -> Run:
    source = workbook(folder / "satker.xlsx", [("Satker Pecahan", 29.9999999, 30, 30)])
    return Run(
        ["fill", "satker.xlsx", "-o", "hasil.xlsx"],
        0,
        stdout=[r"Januari 2024: jumlah pecahan \(29,9999999\)"],
        inputs=[source],
        check=expect_targets(folder / "hasil.xlsx", {"Satker Pecahan": "29,9999999"}),
    )


@case("no-repr")
def case_dates_booleans_and_blanks_in_counts(folder: Path) -> Run:
    import datetime as dt

    rows = [("Satker Tanggal", dt.datetime(2024, 1, 5, 10, 30), True, None), (dt.date(2024, 1, 1), 5, 5, 5)]
    source = workbook(folder / "satker.xlsx", rows)
    return Run(
        ["fill", "satker.xlsx", "-o", "hasil.xlsx"],
        0,
        stdout=[
            r"Januari 2024: jumlah bukan angka \(tanggal 5 Januari 2024\); "
            r"Februari 2024: jumlah bukan angka \(nilai logika TRUE\); Maret 2024: jumlah kosong",
        ],
        inputs=[source],
        check=expect_targets(folder / "hasil.xlsx", {"Satker Tanggal": "tanggal 5 Januari 2024"}),
    )


@case("deleted-name")
def case_deleted_defined_name(folder: Path) -> Run:
    source = workbook(folder / "satker.xlsx", edit=lambda book: book.defined_names.pop("Ambang_N"))
    return Run(
        ["fill", "satker.xlsx", "-o", "hasil.xlsx"],
        0,
        stdout=[
            r"^Perhatian: sel pengaturan berikut tidak ditemukan di sheet Pengaturan, "
            r"maka digunakan nilai bawaan: Ambang N"
        ],
        inputs=[source],
        check=expect_targets(folder / "hasil.xlsx", EXPECTED_GOOD),
    )


@case("argparse")
def case_unknown_option(folder: Path) -> Run:
    return Run(
        ["fill", "satker.xlsx", "--kuat"],
        2,
        stderr=r"^Kesalahan: argumen tidak dikenal: --kuat\. Lihat: xl-addin --help$",
    )


@case("argparse")
def case_missing_argument(folder: Path) -> Run:
    return Run(["fill"], 2, stderr=r"^Kesalahan: argumen berikut wajib diisi: WORKBOOK\. Lihat: xl-addin fill --help$")


@case("argparse")
def case_invalid_choice(folder: Path) -> Run:
    return Run(
        ["size", "100", "--method", "cochran"],
        2,
        stderr=r"^Kesalahan: argumen --method: pilihan 'cochran' tidak dikenal",
    )


@case("argparse")
def case_no_command(folder: Path) -> Run:
    return Run([], 2, stderr=r"^Kesalahan: argumen berikut wajib diisi: PERINTAH")


@case("argparse")
def case_option_without_its_value(folder: Path) -> Run:
    return Run(["fill", "satker.xlsx", "-o"], 2, stderr=r"^Kesalahan: argumen -o/--output memerlukan satu nilai")


# -- size guards --


@case("size-unpacked")
def case_shared_strings_bomb(folder: Path) -> Run:
    source = folder / "satker.xlsx"
    source.write_bytes(_shared_strings_bomb(_filled_bytes()))
    assert source.stat().st_size < 1024 * 1024
    return Run(
        ["fill", "satker.xlsx"],
        2,
        stderr=r"^Kesalahan: File satker\.xlsx terlalu besar setelah dibuka \(300 MB",
        inputs=[source],
        max_rss_mb=SMALL_PROCESS_MB,
    )


def _reaching_the_last_row(table: str) -> Callable[[openpyxl.Workbook], None]:
    def edit(book: openpyxl.Workbook) -> None:
        for sheet in book.worksheets:
            if table in sheet.tables:
                set_table_rows(sheet, table, 1_048_576)

    return edit


@case("size-table")
def case_counts_table_reaching_the_last_row(folder: Path) -> Run:
    source = workbook(folder / "satker.xlsx", edit=_reaching_the_last_row(layout.TABLE_COUNTS))
    return Run(
        ["fill", "satker.xlsx"],
        2,
        stderr=r"^Kesalahan: Tabel PenggunaLayanan .*sampai baris 1048576\); batasnya 100\.000",
        inputs=[source],
        max_rss_mb=SMALL_PROCESS_MB,
    )


@case("size-table")
def case_targets_table_reaching_the_last_row(folder: Path) -> Run:
    source = workbook(folder / "satker.xlsx", edit=_reaching_the_last_row(layout.TABLE_TARGETS))
    return Run(
        ["export", "satker.xlsx"],
        2,
        stderr=r"^Kesalahan: Tabel TargetResponden .*batasnya 100\.000",
        inputs=[source],
        max_rss_mb=SMALL_PROCESS_MB,
    )


@case("size-duplicates")
def case_three_thousand_identical_names(folder: Path) -> Run:
    source = workbook(folder / "satker.xlsx", [("Satker Sama", 5, 5, 5)] * 3000)
    out = folder / "hasil.xlsx"

    def check() -> None:
        sheet = openpyxl.load_workbook(out)[layout.SHEET_TARGETS]
        column = layout.TARGET_HEADERS.index(layout.COLUMN_NOTE) + 1
        notes = [sheet.cell(row, column).value for row in (FIRST, FIRST + 1500, FIRST + 2999)]
        for note in notes:
            assert len(re.findall(r"baris \d+", note)) <= 3 and "dan 2996 baris lain" in note, note

    return Run(
        ["fill", "satker.xlsx", "-o", "hasil.xlsx"],
        0,
        stdout=[
            r"^Target 0 satker berhasil dihitung, 3000 baris perlu diperiksa\.",
            r"juga di baris 6, baris 7, baris 8 dan 2996 baris lain",
            r"… dan 2980 baris lain \(lihat kolom Keterangan",
        ],
        inputs=[source],
        check=check,
        max_stdout_bytes=16 * 1024,
    )


# == running the catalogue ==========================================================================


def test_every_bullet_of_the_issue_has_cases():
    covered = {bullet for case_ in CASES for bullet in case_.bullets}
    assert covered == set(BULLETS), f"bullets without a case: {set(BULLETS) - covered}"
    assert len(CASES) >= 40
    assert len({case_.id for case_ in CASES}) == len(CASES)


@dataclass
class Prepared:
    run: Run
    folder: Path
    before: dict[str, object]
    done: Completed | None = None


@pytest.fixture(scope="module")
def catalogue(request, tmp_path_factory) -> dict[str, Prepared]:
    """Every selected case built, then all their command lines run at once (they are independent)."""
    selected = {
        item.callspec.params["entry"].id
        for item in request.session.items
        if getattr(item, "callspec", None) is not None and "entry" in item.callspec.params
    }
    prepared = {}
    for entry in CASES:
        if entry.id in selected:
            folder = tmp_path_factory.mktemp("case") / "kerja"
            folder.mkdir()
            run = entry.build(folder)
            prepared[entry.id] = Prepared(run, folder, snapshot(run.inputs))
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 1)) as pool:
        running = {
            case_id: pool.submit(run_cli, p.run.argv, p.folder, p.run.disk_limit, p.run.permissions_bind)
            for case_id, p in prepared.items()
        }
        for case_id, future in running.items():
            prepared[case_id].done = future.result()
    return prepared


@pytest.mark.parametrize("entry", CASES, ids=[f"{c.id}[{','.join(c.bullets)}]" for c in CASES])
def test_bad_input(entry: Case, catalogue: dict[str, Prepared]):
    prepared = catalogue[entry.id]
    run, folder, done = prepared.run, prepared.folder, prepared.done
    assert done is not None
    shown = f"exit {done.returncode}\n--- stdout\n{done.stdout}--- stderr\n{done.stderr}"
    assert done.returncode == run.exit, shown
    if run.exit == 2:
        lines = done.stderr.splitlines()
        assert len(lines) == 1 and done.stdout == "", f"not one line on stderr:\n{shown}"
        assert lines[0].startswith("Kesalahan: ") and re.search(run.stderr or "", lines[0]), shown
    else:
        assert done.stderr == "", shown
        for expected in run.stdout:
            assert re.search(expected, done.stdout, re.MULTILINE), f"{expected!r} not in:\n{shown}"
    assert_readable(done.stdout + done.stderr, "the output")
    assert snapshot(run.inputs) == prepared.before, "an input changed"
    left = sorted(set(temporary_files(folder)) - set(run.leftovers))
    assert left == [], f"temporary files left: {left}"
    for path in run.absent:
        assert not path.exists(), f"{path.name} was written"
    if run.max_rss_mb is not None:
        assert done.max_rss_mb < run.max_rss_mb, f"peak memory {done.max_rss_mb:.0f} MB"
    if run.max_stdout_bytes is not None:
        assert len(done.stdout.encode()) <= run.max_stdout_bytes, f"{len(done.stdout.encode())} bytes on stdout"
    if run.check is not None:
        run.check()


# -- the XML parsers themselves, without our package check in front of them -------------------------


def test_openpyxl_alone_neither_expands_nor_fetches_entities(tmp_path: Path):
    """Defence in depth: even past ``check_package``, the parsers openpyxl uses resolve no entity."""
    secret = tmp_path / "rahasia.txt"
    secret.write_text("ISI-RAHASIA", encoding="utf-8")
    server = canary_server()
    _Canary.requests.clear()
    url = f"http://127.0.0.1:{server.server_port}"
    external = (
        f'<!DOCTYPE x SYSTEM "{url}/dtd" [<!ENTITY file SYSTEM "{secret.as_uri()}">'
        f'<!ENTITY web SYSTEM "{url}/entity"><!ENTITY % remote SYSTEM "{url}/parameter"> %remote;]>'
    ).encode()
    source = workbook(tmp_path / "a.xlsx")
    counts = sheet_part(source, layout.SHEET_COUNTS)
    variants = {
        "sheet-external": {counts: with_doctype(external, b"<t>Satker Contoh A</t>", b"<t>&file;&web;</t>")},
        "workbook-external": {"xl/workbook.xml": with_doctype(external, b"'Pengaturan'!$B$5", b"&file;&web;")},
        "sheet-bomb": {counts: with_doctype(BILLION_LAUGHS, b"<t>Satker Contoh A</t>", b"<t>&lol9;</t>")},
        "workbook-bomb": {"xl/workbook.xml": with_doctype(BILLION_LAUGHS, b"'Pengaturan'!$B$5", b"&lol9;")},
    }
    probe = (
        "import sys, openpyxl\n"
        "try:\n"
        "    book = openpyxl.load_workbook(sys.argv[1])\n"
        "except Exception as error:\n"
        "    print('refused', type(error).__name__)\n"
        "else:\n"
        "    print('loaded', repr([c.value for s in book.worksheets for r in s.iter_rows() for c in r]"
        " + [n.attr_text for n in book.defined_names.values()]))\n"
    )
    for name, change in variants.items():
        path = rezip(source, tmp_path / f"{name}.xlsx", change)
        with tempfile.TemporaryFile() as out:
            _status, peak_mb = run_measured(
                [sys.executable, "-c", probe, str(path)], stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
            out.seek(0)
            result = out.read().decode("utf-8", "replace")
        assert "ISI-RAHASIA" not in result and "FETCHED" not in result and "lollol" not in result, (name, result[:500])
        assert peak_mb < SMALL_PROCESS_MB, (name, peak_mb)
    server.shutdown()
    assert _Canary.requests == [], f"an external entity was fetched: {_Canary.requests}"
