"""The workbook as a file: a zip package, checked before it is read and written atomically.

* Reading: ``check_package`` refuses what would exhaust memory (a zip bomb, a table
  reaching row 1,048,576) before openpyxl unpacks it; openpyxl itself parses XML through
  defusedxml, so no entity is ever expanded or fetched.
* Writing: ``workbook_bytes`` saves through openpyxl in one pass, putting back the ribbon
  relationship that openpyxl drops from ``_rels/.rels``; ``write_bytes_atomic`` writes a
  temporary file beside the target and renames it, so a failure (disk full, SIGKILL)
  leaves the target as it was, and the next run removes temporary files a killed run left.
"""

from __future__ import annotations

import errno
import io
import logging
import os
import re
import tempfile
import time
import zipfile
from pathlib import Path

from defusedxml import ElementTree
from openpyxl.workbook.workbook import Workbook
from openpyxl.writer.excel import ExcelWriter

from .errors import FileError

__all__ = [
    "MAX_UNPACKED_BYTES",
    "RIBBON_RELATIONSHIP_TYPES",
    "check_package",
    "check_writable",
    "ribbon_relationships",
    "workbook_bytes",
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

# A Kanwil's workbook with thousands of satker unpacks to a few MB; 200 MB unpacked is
# far beyond any real one and still fits in an office PC's memory once openpyxl has it.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_PARTS = 10_000
# Temporary files of our own naming pattern older than this belong to a killed run.
_STALE_SECONDS = 15 * 60
_TEMP_PATTERN = re.compile(r"^\.(?P<stem>.+)\.[A-Za-z0-9_]{8}\.xl_addin\.tmp$")


def check_package(path: Path) -> None:
    """Refuse a file that is not a zip package, is damaged, or would unpack to too much."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            unpacked = sum(member.file_size for member in members)
            if len(members) > MAX_PARTS or unpacked > MAX_UNPACKED_BYTES:
                raise FileError(
                    f"{path} unpacks to {unpacked} bytes in {len(members)} parts: over the limit",
                    f"File {path.name} terlalu besar setelah dibuka ({unpacked // (1024 * 1024)} MB); "
                    "batasnya 200 MB. Apakah ini benar workbook satker?",
                )
            damaged = archive.testzip()
            if damaged is not None:
                raise zipfile.BadZipFile(f"bad CRC in {damaged}")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError) as error:
        if isinstance(error, PermissionError):
            raise FileError(
                f"cannot read {path}: permission denied", f"File {path.name} tidak dapat dibaca (izin ditolak)."
            ) from None
        raise FileError(
            f"{path} is not a readable Excel package: {error}",
            f"File {path.name} rusak atau bukan file Excel; buka di Excel lalu simpan ulang.",
        ) from None


def ribbon_relationships(source: zipfile.ZipFile) -> list[tuple[str, str, str]]:
    """(Id, Type, Target) of the ribbon relationships in a package's ``_rels/.rels``."""
    if ROOT_RELS not in source.namelist():
        return []
    tree = ElementTree.fromstring(source.read(ROOT_RELS))
    return [
        (element.get("Id"), element.get("Type"), element.get("Target"))
        for element in tree.iter(_RELATIONSHIPS_NS + "Relationship")
        if element.get("Type") in RIBBON_RELATIONSHIP_TYPES
    ]


class _RibbonKeepingZip(zipfile.ZipFile):
    """A zip that adds the ribbon relationships to ``_rels/.rels`` as openpyxl writes it."""

    def __init__(self, file, relationships: list[tuple[str, str, str]]) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._relationships = relationships

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
        return super().writestr(name, data, *args, **kwargs)


def workbook_bytes(book: Workbook, relationships: list[tuple[str, str, str]] | None = None) -> bytes:
    """The saved workbook as bytes, in one pass, with ``relationships`` (the ribbon's) kept."""
    buffer = io.BytesIO()
    ExcelWriter(book, _RibbonKeepingZip(buffer, relationships or [])).save()
    return buffer.getvalue()


def check_writable(path: Path) -> None:
    """Refuse early, with a message, what would fail at the rename: open in Excel, read-only, no folder."""
    lock = path.with_name("~$" + path.name)
    if lock.exists():
        raise FileError(
            f"{path} appears to be open in Excel (lock file {lock.name} exists)",
            f"File {path.name} sedang dibuka di Excel; tutup dahulu lalu ulangi.",
        )
    if path.is_dir():
        raise FileError(
            f"{path} is a folder", f"'{path}' adalah folder; sebutkan nama file, misalnya {path / 'hasil.xlsx'}."
        )
    # The mode bits too: root may write anything, but a file marked read-only was marked on purpose.
    if path.exists() and (not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222):
        raise FileError(f"{path} is read-only", f"File {path.name} hanya-baca (read-only); tidak dapat disimpan.")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FileError(
            f"folder {folder} does not exist", f"Folder {folder} tidak ada; buat dahulu atau pilih folder lain."
        )
    if not os.access(folder, os.W_OK):
        raise FileError(f"cannot write in {folder}", f"Folder {folder} tidak dapat ditulisi (izin ditolak).")


def _remove_stale_temporaries(folder: Path, stem: str) -> None:
    """Delete temporary files a killed run of ours left for this target (our own pattern, and old)."""
    now = time.time()
    try:
        candidates = list(folder.iterdir())
    except OSError:
        return
    for candidate in candidates:
        match = _TEMP_PATTERN.match(candidate.name)
        if match and match.group("stem") == stem:
            try:
                if now - candidate.stat().st_mtime > _STALE_SECONDS:
                    candidate.unlink()
                    log.info("removed stale temporary file %s", candidate)
            except OSError:
                pass


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_bytes_atomic(target: str | os.PathLike, data: bytes) -> Path:
    """Write to a temporary file beside ``target``, then replace it: a failure leaves ``target`` as it was.

    A symbolic link is followed: the file it points at is replaced, the link stays.
    """
    target = Path(target)
    try:
        if target.is_symlink():
            target = Path(os.path.realpath(target))
        target.parent.mkdir(parents=True, exist_ok=True)  # "-o hasil/salinan.xlsx" into a new folder
        check_writable(target)
        _remove_stale_temporaries(target.parent, target.stem)
        handle, temporary_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".xl_addin.tmp", dir=target.parent)
    except OSError as error:
        raise _write_error(target, error) from None
    temporary = Path(temporary_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as error:
        raise _write_error(target, error) from None
    finally:
        temporary.unlink(missing_ok=True)
    return target


def _write_error(target: Path, error: OSError) -> FileError:
    reasons = {
        errno.ENOSPC: "disk penuh",
        errno.EDQUOT: "kuota disk habis",
        errno.EACCES: "izin ditolak",
        errno.EPERM: "izin ditolak",
        errno.EROFS: "disk hanya-baca",
        errno.ENAMETOOLONG: "nama file terlalu panjang",
    }
    reason = reasons.get(error.errno or 0, "kesalahan sistem berkas")
    return FileError(
        f"cannot write {target}: {error.strerror or error}",
        f"File {target.name} tidak dapat disimpan ({reason}). File lama tidak berubah.",
    )
