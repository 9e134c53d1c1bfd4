"""The workbook as a file: a zip package, checked before it is read and written atomically.

* Reading: ``check_package`` refuses what would exhaust memory (a zip bomb) before openpyxl
  unpacks it, a damaged part (its CRC), and any part declaring a DTD (entity bombs, external
  entities) before an XML parser sees it. openpyxl's own parsers (defusedxml, or lxml with
  entity resolution off) are the second line: neither expands nor fetches an entity.
* Writing: ``workbook_bytes`` saves through openpyxl in one pass, putting back the ribbon
  relationship that openpyxl drops from ``_rels/.rels``; ``write_bytes_atomic`` writes a
  temporary file beside the target and renames it, so a failure (disk full, SIGKILL)
  leaves the target as it was, and the next run removes temporary files a killed run left.
* Stored values: every formula cell is written with the value Excel would show for it, so a
  reader that never recalculates (a preview, Protected View, a phone) shows the numbers: a
  ``cells.Formula`` with the value it carries; any other formula (one the file already had, that
  this package does not know) with the value stored in that file. Excel is asked to recalculate
  on load only when a formula's value is unknown or taken from the file (it may be stale).
* One writer at a time: ``workbook_lock`` holds an operating-system lock beside the workbook while
  a command reads, changes and saves it, so two runs on one workbook cannot lose each other's work.
"""

from __future__ import annotations

import datetime as dt
import getpass
import io
import json
import logging
import math
import os
import re
import socket
import stat
import tempfile
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import filelock
from defusedxml import ElementTree
from openpyxl import LXML
from openpyxl.cell._writer import _set_attributes, write_cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.workbook.properties import CalcProperties
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.functions import Element, SubElement

from . import layout
from .cells import Formula
from .errors import FileError, os_error_reason, shown_name
from .indonesian import format_datetime, format_number
from .plan import EXCEL_ERRORS, CellError

__all__ = [
    "MAX_UNPACKED_BYTES",
    "RIBBON_RELATIONSHIP_TYPES",
    "check_package",
    "check_writable",
    "formula_result",
    "is_folder",
    "ribbon_relationships",
    "workbook_bytes",
    "workbook_lock",
    "write_bytes_atomic",
]

log = logging.getLogger(__name__)

# The ribbon (customUI) relationship types: Office 2010+ and Office 2007.
RIBBON_RELATIONSHIP_TYPES = (
    "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility",
    "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility",
)
_RELATIONSHIPS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
ROOT_RELS = "_rels/.rels"

# A Kanwil's workbook of 2,600 satker, targets and realisasi filled, unpacks to 9 MB. openpyxl
# needs about ten times a sheet's XML in memory (a 300 MB bomb of tiny shared strings took
# 1.8 GB and 158 s): 100 MB unpacked keeps the worst case near 1 GB.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_PARTS = 10_000
# Temporary files of our own naming pattern older than this belong to a killed run.
_STALE_SECONDS = 15 * 60
_TEMP_SUFFIX = ".xl_addin.tmp"
_TEMP_PATTERN = re.compile(r"^\.(?P<stem>.+)\.[A-Za-z0-9_]{8}" + re.escape(_TEMP_SUFFIX) + "$")
# An OLE2 compound file: an Excel 97-2003 .xls, or an .xlsx/.xlsm that Excel encrypted with a password.
_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
# Excel never writes a document type declaration; in a package it can only mean entity tricks.
_DTD_MARKS = (b"<!DOCTYPE", b"<!ENTITY")
_CHUNK = 1024 * 1024


def _damaged(name: str, detail: object) -> FileError:
    return FileError(
        f"{name} is not a readable Excel package: {detail}",
        f"File {shown_name(name)} rusak atau bukan file Excel; buka di Excel lalu simpan ulang.",
    )


def _dtd_refused(name: str, part: str) -> FileError:
    return FileError(
        f"{name}: part {part} declares a DTD or entities",
        f"File {shown_name(name)} berisi bagian XML dengan deklarasi DOCTYPE/ENTITY yang tidak pernah ditulis "
        "Excel; demi keamanan file ini tidak dibuka. Buka di Excel lalu simpan ulang, atau minta file aslinya.",
    )


def _content_types(archive: zipfile.ZipFile, name: str) -> tuple[dict[str, str], dict[str, str]]:
    """([Content_Types].xml's Default by extension, its Override by part name), keys in lower case."""
    try:
        text = archive.read("[Content_Types].xml")
    except KeyError:
        return {}, {}
    if any(mark in text for mark in _DTD_MARKS):
        raise _dtd_refused(name, "[Content_Types].xml")
    defaults, overrides = {}, {}
    for element in ElementTree.fromstring(text):
        kind = element.get("ContentType") or ""
        if element.tag.endswith("Default"):
            defaults[(element.get("Extension") or "").lower()] = kind
        elif element.tag.endswith("Override"):
            overrides[(element.get("PartName") or "").lstrip("/").lower()] = kind
    return defaults, overrides


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, scan: bool) -> bool:
    """Read one part to its end (zipfile checks its CRC there); whether it declares a DTD (``scan`` only)."""
    tail = b""
    found = False
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            if scan and not found:
                window = tail + chunk
                found = any(mark in window for mark in _DTD_MARKS)
                tail = window[-16:]
    return found


def check_package(source: Path | bytes, name: str | None = None) -> None:
    """Refuse a file that is not a zip package, is damaged, would unpack to too much, or plays XML tricks.

    ``source`` is the file, or its bytes (then ``name`` is the file name shown in messages).
    Every part is read once, in chunks: the sizes are checked from the zip's directory
    before anything is unpacked, a damaged part fails its CRC check, and a part with a
    document type declaration (entity bombs, external entities) is refused before any
    XML parser sees it.
    """
    if isinstance(source, bytes):
        name, opened = name or "workbook", io.BytesIO(source)
        head = source[:8]
    else:
        name, opened = name or source.name, source
        try:
            with open(source, "rb") as stream:
                head = stream.read(8)
        except PermissionError:
            raise FileError(
                f"cannot read {source}: permission denied",
                f"File {shown_name(name)} tidak dapat dibaca (izin ditolak).",
            ) from None
        except OSError as error:
            raise _damaged(name, error) from None
    if head == _OLE_MAGIC:
        raise FileError(
            f"{name} is an OLE2 file (encrypted workbook or Excel 97-2003), not a zip package",
            f"File {shown_name(name)} dilindungi kata sandi atau berformat Excel 97-2003. Buka di Excel, hapus "
            "kata sandinya (File → Info → Proteksi Buku Kerja → Enkripsikan dengan Kata Sandi, kosongkan) atau "
            "simpan sebagai .xlsx/.xlsm, lalu ulangi.",
        )
    try:
        with zipfile.ZipFile(opened) as archive:
            members = archive.infolist()
            unpacked = sum(member.file_size for member in members)
            if len(members) > MAX_PARTS or unpacked > MAX_UNPACKED_BYTES:
                raise FileError(
                    f"{name} unpacks to {unpacked} bytes in {len(members)} parts: over the limit",
                    f"File {shown_name(name)} terlalu besar setelah dibuka ({format_number(unpacked // 2**20)} MB "
                    f"dalam {format_number(len(members))} bagian); batasnya "
                    f"{format_number(MAX_UNPACKED_BYTES // 2**20)} MB dan {format_number(MAX_PARTS)} bagian. "
                    "Apakah ini benar workbook satker?",
                )
            defaults, overrides = _content_types(archive, name)
            for member in members:
                kind = overrides.get(member.filename.lower()) or defaults.get(
                    member.filename.rpartition(".")[2].lower(), ""
                )
                # Pictures (an SVG logo may carry a DOCTYPE) and the VBA project are never parsed as XML.
                scan = not kind.startswith("image/") and not member.filename.lower().endswith(".bin")
                if _read_member(archive, member, scan):
                    raise _dtd_refused(name, member.filename)
    except FileError:
        raise
    except PermissionError:
        raise FileError(
            f"cannot read {name}: permission denied", f"File {shown_name(name)} tidak dapat dibaca (izin ditolak)."
        ) from None
    except Exception as error:  # zipfile and its decompressors raise many types for a damaged file
        if isinstance(error, MemoryError):
            raise
        raise _damaged(name, f"{type(error).__name__}: {error}") from None


def ribbon_relationships(source: zipfile.ZipFile, required: bool = False) -> list[tuple[str, str, str]]:
    """(Id, Type, Target) of the ribbon relationships in a package's ``_rels/.rels``.

    ``required``: a missing ``_rels/.rels`` is an error (KeyError) rather than no ribbon.
    """
    if ROOT_RELS not in source.namelist() and not required:
        return []
    tree = ElementTree.fromstring(source.read(ROOT_RELS))
    return [
        (element.get("Id"), element.get("Type"), element.get("Target"))
        for element in tree.iter(_RELATIONSHIPS_NS + "Relationship")
        if element.get("Type") in RIBBON_RELATIONSHIP_TYPES
    ]


# Stored values. What Excel itself writes for a formula's result (files Excel made, in XlsxWriter's
# comparison tests, e.g. test/comparison/xlsx_files/formula_results01.xlsx): a number with no t
# attribute, text as t="str" (an empty text too, <v></v>), TRUE/FALSE as t="b" with 1/0, an error
# as t="e". These are the only kinds a cell with a formula carries.
_FORMULA_RESULT_KINDS = (None, "str", "b", "e")

# calcPr/@calcId: the calculation engine that computed the stored values. Excel recalculates every
# formula on load (and so asks "save changes?" on close) when the file's engine is older than its
# own (ECMA-376 Part 1, 18.2.2 calcPr; [MS-XLS] 2.4.215 RecalcId: "if the value is less than the
# recalculation engine identifier associated with the application, the application will
# recalculate"). 191029 is the engine of Excel 2019 and Microsoft 365; an older Excel (2016 is
# 171027) sees no older engine and keeps the values. Excel 365 also recalculates when calcId is at
# least 179016 and a feature of its engine is missing from the workbook's calcFeatures extension
# ([MS-XLSX] 2.4.82 calcFeatures): the list below is the one Excel 365 writes (seen in workbook.xml
# of files it saved); a later build with a new feature recalculates once, as for any older file.
# openpyxl writes calcId 124519 (Excel 2007) and fullCalcOnLoad, so every file it writes was
# recalculated on open. Only Excel can confirm that no prompt remains.
EXCEL_CALC_ID = 191029
_CALC_FEATURES = ("RD", "Single", "FV", "CNMTM", "LET_WF", "LAMBDA_WF", "ARRAYTEXT_WF")
_CALC_FEATURES_EXTENSION = (
    '<extLst><ext uri="{B58B0392-4F1F-4190-BB64-5DF3571DCE5F}" '
    'xmlns:xcalcf="http://schemas.microsoft.com/office/spreadsheetml/2018/calcfeatures"><xcalcf:calcFeatures>'
    + "".join(f'<xcalcf:feature name="microsoft.com:{name}"/>' for name in _CALC_FEATURES)
    + "</xcalcf:calcFeatures></ext></extLst>"
)
_WORKBOOK_PART = "xl/workbook.xml"
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_OFFICE_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def formula_result(value: object) -> tuple[str | None, str] | None:
    """(the t attribute, the <v> text) Excel stores for a formula whose value is ``value``; None when unknown.

    A number, a text, True/False, or an Excel error value (a ``plan.CellError``, e.g. "#N/A").
    A text XML cannot hold (a control character) or a number that is not finite is not stored.
    """
    kind = type(value)
    if kind is int:  # the most frequent first
        return None, str(value)
    if kind is float and math.isfinite(value):  # every digit of the double; a whole one as Excel writes it
        return None, str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if kind is bool:
        return "b", "1" if value else "0"
    if isinstance(value, str):
        if isinstance(value, CellError) and value in EXCEL_ERRORS:
            return "e", str(value)
        if len(value) > 32767 or ILLEGAL_CHARACTERS_RE.search(value):
            return None
        return "str", str(value)
    return None


class _FileResults:
    """The results a workbook file stores for its formula cells, per sheet, read when first asked for.

    openpyxl drops them when it loads a file; a formula this package does not know (one a user
    typed) keeps the value Excel stored for it.
    """

    def __init__(self, data: bytes | None) -> None:
        self._data = data
        self._parts: dict[str, str] | None = None
        self._sheets: dict[str, dict[str, tuple[str | None, str]]] = {}

    def of(self, sheet: str) -> dict[str, tuple[str | None, str]]:
        if sheet not in self._sheets:
            try:
                self._sheets[sheet] = self._read(sheet)
            except (KeyError, zipfile.BadZipFile, ElementTree.ParseError) as error:  # parts laid out otherwise
                log.info("stored values of sheet %r not read: %r", sheet, error)
                self._sheets[sheet] = {}
        return self._sheets[sheet]

    def _read(self, sheet: str) -> dict[str, tuple[str | None, str]]:
        if self._data is None:
            return {}
        with zipfile.ZipFile(io.BytesIO(self._data)) as archive:
            if self._parts is None:
                self._parts = self._sheet_parts(archive)
            part = self._parts.get(sheet)
            if part is None or part not in archive.namelist():
                return {}
            results = {}
            with archive.open(part) as stream:  # (check_package refused any DTD before the load)
                for _event, cell in ElementTree.iterparse(stream, forbid_dtd=True):
                    if cell.tag != _MAIN_NS + "c":
                        continue
                    value = cell.find(_MAIN_NS + "v")
                    kind = cell.get("t")
                    kind = None if kind == "n" else kind
                    if (
                        cell.find(_MAIN_NS + "f") is not None
                        and value is not None
                        and kind in _FORMULA_RESULT_KINDS
                        and (value.text or kind == "str")
                    ):
                        results[cell.get("r")] = (kind, value.text or "")
                    cell.clear()
        return results

    @staticmethod
    def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
        """{sheet name: its part} from the workbook and its relationships."""
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {
            element.get("Id"): element.get("Target", "") for element in rels.iter(_RELATIONSHIPS_NS + "Relationship")
        }
        parts = {}
        for element in ElementTree.fromstring(archive.read(_WORKBOOK_PART)).iter(_MAIN_NS + "sheet"):
            target = targets.get(element.get(_OFFICE_REL_NS + "id"), "")
            parts[element.get("name")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
        return parts


class _PackageZip(zipfile.ZipFile):
    """A zip that adds what openpyxl leaves out as it writes: the ribbon relationships in ``_rels/.rels``,
    and the calculation features of the engine that computed the stored values in ``xl/workbook.xml``."""

    def __init__(self, file, relationships: list[tuple[str, str, str]]) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._relationships = relationships
        self.values_complete = True  # set by the writer once the sheets are written

    def writestr(self, name, data, *args, **kwargs):  # type: ignore[override]
        filename = name.filename if isinstance(name, zipfile.ZipInfo) else name
        if filename == ROOT_RELS and self._relationships:
            text = data.decode("utf-8") if isinstance(data, bytes) else data
            extra = "".join(
                f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>'
                for rid, kind, target in self._relationships
                if kind not in text
            )
            data = text.replace("</Relationships>", extra + "</Relationships>")
        elif filename == _WORKBOOK_PART and self.values_complete:
            text = data.decode("utf-8") if isinstance(data, bytes) else data
            if "<extLst>" not in text:  # openpyxl writes none; the extension list is the workbook's last child
                data = text.replace("</workbook>", _CALC_FEATURES_EXTENSION + "</workbook>")
        return super().writestr(name, data, *args, **kwargs)


class _ValueStoringWriter(WorksheetWriter):
    """openpyxl's sheet writer, writing each formula cell with its stored value when it is known."""

    def __init__(self, ws, out, results: _FileResults, typed_rows: set[int]) -> None:
        super().__init__(ws, out)
        self._results = results
        self.recalculate = 0  # formula cells whose value this package does not know
        self._typed_rows = typed_rows

    def write_row(self, xf, row, row_idx):  # openpyxl's, with formula cells written here
        attrs = {"r": f"{row_idx}"}
        attrs.update(self.ws.row_dimensions.get(row_idx, {}))
        if row_idx in self._typed_rows:  # as Excel writes a row it fitted: it fits the row again as a person types
            attrs.pop("customHeight", None)
        with xf.element("row", attrs):
            for cell in row:
                if cell._comment is not None:
                    self.ws._comments.append(CommentRecord.from_cell(cell))
                if cell._value is None and not cell.has_style and not cell._comment:
                    continue
                if cell.data_type == "f":
                    self._write_formula(xf, cell)
                else:
                    write_cell(xf, self.ws, cell, cell.has_style)

    def _write_formula(self, xf, cell) -> None:
        formula, attributes = _set_attributes(cell, cell.has_style)
        text, formula_attributes = formula, {}
        if isinstance(formula, ArrayFormula):
            text, formula_attributes = formula.text, dict(formula)
        elif isinstance(formula, DataTableFormula):
            text, formula_attributes = None, dict(formula)
        if formula_attributes.get("t") == "dataTable":
            text = None
        if isinstance(formula, Formula):  # written (or recognised) by this package: its value, when it is known
            result = formula_result(formula.value)
            known = result is not None
        else:  # a formula this package does not know: the value the file stored, which may be stale now
            result = self._results.of(self.ws.title).get(cell.coordinate)
            known = False
        if not known:
            self.recalculate += 1
        if result is not None and result[0] is not None:
            attributes["t"] = result[0]
        if LXML:  # as openpyxl writes cells with lxml: its incremental writer, quicker than elements
            with xf.element("c", attributes):
                with xf.element("f", formula_attributes):
                    if text is not None:
                        xf.write(text[1:])
                if result is not None:
                    with xf.element("v"):
                        xf.write(result[1])
            return
        element = Element("c", attributes)
        formula_element = SubElement(element, "f", formula_attributes)
        if text is not None:
            formula_element.text = text[1:]
        if result is not None:
            SubElement(element, "v").text = result[1]
        xf.write(element)


def _rows_typed_in(workbook: Workbook) -> dict[str, set[int]]:
    """The rows of each sheet where a person types free text (the document settings on Pengaturan: letterhead,
    title, legal basis, signer). openpyxl marks every row height it writes as set by hand (customHeight), and
    Excel keeps such a height, so a letterhead longer than the template's room would hide under the next row."""
    rows: dict[str, set[int]] = {}
    for setting in layout.DOCUMENT_SETTINGS:
        defined = workbook.defined_names.get(setting.defined_name)
        try:
            destinations = list(defined.destinations) if defined is not None else []
        except (AttributeError, ValueError):  # a name that is not a cell reference: nothing to fit
            continue
        for title, coordinate in destinations:
            match = re.fullmatch(r"\$?[A-Z]{1,3}\$?(\d+)", coordinate)
            if match:
                rows.setdefault(title, set()).add(int(match[1]))
    return rows


class _InMemoryWriter(ExcelWriter):
    """openpyxl's writer, with each sheet serialised in memory instead of through a temporary file,
    and every formula stored with its value when it is known.

    Nothing is written outside the target, so a full disk or temporary folder can only fail the
    atomic write (which cleans up after itself), never leave half a sheet in a generator that
    complains at exit.
    """

    def __init__(self, workbook: Workbook, archive: _PackageZip, results: _FileResults) -> None:
        super().__init__(workbook, archive)
        self._results = results
        self._recalculate = 0
        self._typed_rows: dict[str, set[int]] | None = None

    def write_worksheet(self, ws):  # type: ignore[override]
        ws._drawing = SpreadsheetDrawing()
        for chart in ws._charts:  # what openpyxl's reader lost or added since the chart was built
            tidy_chart(chart)
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        if self._typed_rows is None:  # once per file: the names are the workbook's
            self._typed_rows = _rows_typed_in(ws.parent)
        writer = _ValueStoringWriter(ws, io.BytesIO(), self._results, self._typed_rows.get(ws.title, set()))
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.read())
        self.manifest.append(ws)
        # The sheets are written before xl/workbook.xml: by then the calculation settings say the truth.
        self._recalculate += writer.recalculate
        complete = self._recalculate == 0
        self._archive.values_complete = complete
        if self.workbook.calculation is None:  # a file without calculation settings
            self.workbook.calculation = CalcProperties()
        calculation = self.workbook.calculation
        calculation.calcId = EXCEL_CALC_ID
        calculation.fullCalcOnLoad = None if complete else True  # only when some value is not known


def tidy_chart(chart) -> None:
    from .charts import tidy

    tidy(chart)


def workbook_bytes(
    book: Workbook, relationships: list[tuple[str, str, str]] | None = None, original: bytes | None = None
) -> bytes:
    """The saved workbook as bytes, in one pass, with ``relationships`` (the ribbon's) kept.

    ``original``: the file ``book`` was loaded from, whose stored values the formulas this
    package did not write keep.
    """
    buffer = io.BytesIO()
    _InMemoryWriter(book, _PackageZip(buffer, relationships or []), _FileResults(original)).save()
    return buffer.getvalue()


def is_folder(path: Path) -> bool:
    """``path.is_dir()``, and False for a path the system cannot even look up (a name too long)."""
    try:
        return path.is_dir()
    except OSError:
        return False


def check_writable(path: Path) -> None:
    """Refuse early, with a message, what would fail at the rename: open in Excel, read-only, no folder."""
    lock = path.with_name("~$" + path.name)
    if lock.exists():
        raise FileError(
            f"{path} appears to be open in Excel (lock file {lock.name} exists)",
            f"File {shown_name(path.name)} sedang dibuka di Excel; tutup dahulu lalu ulangi.",
        )
    if path.is_dir():
        raise FileError(
            f"{path} is a folder", f"'{path}' adalah folder; sebutkan nama file, misalnya {path / 'hasil.xlsx'}."
        )
    # The mode bits too: root may write anything, but a file marked read-only was marked on purpose.
    if path.exists() and (not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222):
        raise FileError(
            f"{path} is read-only", f"File {shown_name(path.name)} hanya-baca (read-only); tidak dapat disimpan."
        )
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FileError(
            f"folder {folder} does not exist", f"Folder {folder} tidak ada; buat dahulu atau pilih folder lain."
        )
    if not os.access(folder, os.W_OK):
        raise FileError(f"cannot write in {folder}", f"Folder {folder} tidak dapat ditulisi (izin ditolak).")


def _temporary_stem(target: Path) -> str:
    """The target's stem as a temporary file's name carries it: at most 100 bytes, so the name stays short."""
    return target.stem.encode("utf-8")[:100].decode("utf-8", "ignore")


def _remove_stale_temporaries(folder: Path, target: Path) -> None:
    """Delete temporary files a killed run of ours left for this target: our own pattern, plain files, and old."""
    stem = _temporary_stem(target)
    now = time.time()
    try:
        candidates = list(folder.iterdir())
    except OSError:
        return
    for candidate in candidates:
        match = _TEMP_PATTERN.match(candidate.name)
        if not match or match.group("stem") != stem:
            continue
        try:
            status = candidate.lstat()  # a link or a folder of that name is not ours: left alone
            if stat.S_ISREG(status.st_mode) and now - status.st_mtime > _STALE_SECONDS:
                candidate.unlink()
                log.info("removed stale temporary file %s", candidate)
        except OSError:
            pass


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _make_folder(folder: Path, target: Path) -> list[Path]:
    """Create ``folder`` if it is missing ("-o hasil/salinan.xlsx"); the folders created, deepest first."""
    created = []
    try:
        probe = folder
        while not probe.exists() and probe != probe.parent:
            created.append(probe)
            probe = probe.parent
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        _remove_folders(created)
        raise FileError(
            f"cannot create folder {folder}: {error.strerror or error}",
            f"Folder {folder} tidak dapat dibuat ({os_error_reason(error)}), sehingga file {shown_name(target.name)} "
            "tidak disimpan. Pilih folder lain.",
        ) from None
    return created


def _remove_folders(folders: list[Path]) -> None:
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            break


def write_bytes_atomic(target: str | os.PathLike, data: bytes) -> Path:
    """Write to a temporary file beside ``target``, then replace it: a failure leaves ``target`` as it was.

    A symbolic link is followed: the file it points at is replaced, the link stays. A
    failure removes the temporary file and any folder this call created.
    """
    target = Path(target)
    try:
        if target.is_symlink():
            target = Path(os.path.realpath(target))
        existed = target.exists()
    except OSError as error:
        raise _write_error(target, error, existed=False) from None
    created = _make_folder(target.parent, target)
    temporary = None
    try:
        check_writable(target)
        _remove_stale_temporaries(target.parent, target)
        handle, temporary_name = tempfile.mkstemp(
            prefix=f".{_temporary_stem(target)}.", suffix=_TEMP_SUFFIX, dir=target.parent
        )
        temporary = Path(temporary_name)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        mode = target.stat().st_mode & 0o777 if existed else 0o666 & ~_umask()
        os.chmod(temporary, mode)
        os.replace(temporary, target)
        temporary = None
    except (OSError, FileError) as error:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        _remove_folders(created)
        if isinstance(error, FileError):
            raise
        raise _write_error(target, error, existed) from None
    return target


def _write_error(target: Path, error: OSError, existed: bool) -> FileError:
    """The user's message for a file that could not be written."""
    outcome = "File lama tidak berubah." if existed else "Tidak ada file yang dibuat."
    return FileError(
        f"cannot write {target}: {error.strerror or error}",
        f"File {shown_name(target.name)} tidak dapat disimpan ({os_error_reason(error)}). {outcome}",
    )


# -- one writer at a time per workbook -------------------------------------------------------------

LOCK_WAIT_SECONDS = 10.0  # a second run waits this long for the first to finish, then refuses


def _lock_paths(workbook: Path) -> tuple[Path, Path]:
    """(lock file, note of who holds it), hidden beside the workbook: a shared folder's PCs all see them."""
    stem = _temporary_stem(workbook) + workbook.suffix
    return workbook.with_name(f".{stem}.xl_addin.lock"), workbook.with_name(f".{stem}.xl_addin.lock.txt")


def _holder(note: Path) -> str:
    """Who holds the lock, as its note says: the command, since when, on which computer and by whom."""
    try:
        held = json.loads(note.read_text(encoding="utf-8"))
        since = format_datetime(dt.datetime.fromtimestamp(float(held["since"])).astimezone())
        return f"perintah '{held['command']}' sejak {since} di komputer {held['host']} oleh pengguna {held['user']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "proses lain"


def _who() -> tuple[str, str]:
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment (a service): not worth failing for
        user = "?"
    return socket.gethostname() or "?", user


@contextmanager
def workbook_lock(workbook: str | os.PathLike, command: str, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the workbook's writer lock while a command reads, changes and saves it.

    A second run waits up to ``wait`` seconds, then refuses with a message naming the run that
    holds the lock (its command, since when, on which computer and by whom). The lock is the
    operating system's (``filelock``): a run that is killed releases it with its process, so a
    stale lock never blocks. A folder where no lock file can be made (read-only) is not locked:
    nothing can be saved there either, and saving says so.
    """
    target = Path(workbook)
    try:
        if target.is_symlink():
            target = Path(os.path.realpath(target))
    except OSError:
        pass  # a looping link: opening the workbook says so
    lock_file, note = _lock_paths(target)
    lock = filelock.FileLock(lock_file, timeout=wait)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise FileError(
            f"{target} is locked by another run ({note.name})",
            f"Workbook {shown_name(target.name)} sedang diubah oleh {_holder(note)}. Tunggu sampai selesai, lalu "
            "ulangi. Workbook tidak diubah oleh perintah ini.",
        ) from None
    except OSError as error:
        log.info("cannot lock %s: %s; going on without a lock", target, error)
        yield
        return
    try:
        host, user = _who()
        try:
            note.write_text(
                json.dumps({"command": command, "since": time.time(), "host": host, "user": user, "pid": os.getpid()}),
                encoding="utf-8",
            )
        except OSError as error:
            log.info("cannot write the lock note %s: %s", note, error)
        yield
    finally:
        note.unlink(missing_ok=True)
        lock.release()
