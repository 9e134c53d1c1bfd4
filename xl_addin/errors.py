"""The project's errors: what went wrong, in English for logs and in Bahasa Indonesia for the user.

Every error a user can cause is an ``XlAddinError``. ``str(error)`` is English (code,
logs, ``--verbose``); ``error.user_message`` is the same problem in Bahasa Indonesia, for
cells, message boxes and the command line. The subclasses say *what kind* of problem it
is, so callers (and tests) decide by type, never by wording:

* ``InputError``: a value a person typed is not usable (a count, a setting, a parameter);
* ``LayoutError``: the workbook lacks a sheet, table, column or name we need, or has one
  in a shape we will not write into (a Total Row on the targets, data below a table);
* ``FileError``: a file cannot be read or written (missing, damaged, locked, too big).
"""

from __future__ import annotations

import errno

__all__ = [
    "FileError",
    "InputError",
    "LayoutError",
    "XlAddinError",
    "column_missing",
    "name_not_a_cell",
    "os_error_reason",
    "shown_name",
    "table_blocked",
    "table_missing",
    "totals_row_not_allowed",
]


class XlAddinError(ValueError):
    """Bad input or a workbook we cannot use; ``user_message`` says so in Bahasa Indonesia."""

    def __init__(self, message: str, user_message: str | None = None) -> None:
        super().__init__(message)
        self.user_message = user_message or message


class InputError(XlAddinError):
    """A value a person typed (a count, a setting, a formula's parameter) is not usable."""


class LayoutError(XlAddinError):
    """The workbook lacks something we need, or has it in a shape we will not write into."""


class FileError(XlAddinError):
    """A file cannot be read or written."""


# -- operating system errors, in the user's words --------------------------------------------------

_REASONS = {
    errno.ENOSPC: "disk penuh",
    getattr(errno, "EDQUOT", -1): "kuota disk habis",  # not defined on every platform
    errno.EFBIG: "ukuran file melebihi batas disk atau sistem",
    errno.EACCES: "izin ditolak",
    errno.EPERM: "izin ditolak",
    errno.EROFS: "disk hanya-baca",
    errno.ENAMETOOLONG: "nama file terlalu panjang",
    errno.ENOTDIR: "salah satu bagian jalurnya adalah file, bukan folder",
    errno.EISDIR: "tujuannya adalah folder",
    errno.ENOENT: "file atau folder tidak ada",
    errno.EIO: "kesalahan baca-tulis disk",
}


def os_error_reason(error: OSError) -> str:
    """Why the operating system refused, in Bahasa Indonesia (its own ``strerror`` is English)."""
    return _REASONS.get(error.errno or 0, "kesalahan sistem berkas")


def shown_name(name: str) -> str:
    """A file name for a message: a very long one is shortened in the middle."""
    return name if len(name) <= 80 else f"{name[:50]}…{name[-20:]}"


# -- the layout errors both adapters raise, worded once ------------------------------------------


def table_missing(name: str) -> LayoutError:
    return LayoutError(
        f"no Excel table named {name!r} in the workbook",
        f"Tabel Excel '{name}' tidak ditemukan. Apakah sheet-nya terhapus atau tabelnya diganti nama? "
        f"Gunakan templat asli atau buat ulang tabel bernama '{name}' (Desain Tabel → Nama Tabel).",
    )


def column_missing(table: str, header: str, headers: list[str]) -> LayoutError:
    return LayoutError(
        f"table {table!r} has no column {header!r} (has {headers})",
        f"Tabel '{table}' tidak memiliki kolom '{header}'. Kolom yang ada: {', '.join(headers)}.",
    )


def totals_row_not_allowed(name: str) -> LayoutError:
    # A Total Row would be overwritten by a satker and then sit inside the resized table.
    return LayoutError(
        f"table {name} has a totals row",
        f"Tabel '{name}' menggunakan Baris Total (Total Row). Matikan dahulu: klik di dalam tabel, tab Desain Tabel "
        "(Table Design), hapus centang Baris Total, lalu ulangi.",
    )


def table_blocked(table: str, sheet: str, address: str) -> LayoutError:
    return LayoutError(
        f"cell {address} below table {table} on sheet {sheet!r} is not empty",
        f"Sel {address} di bawah tabel {table} (sheet '{sheet}') berisi data; kosongkan atau pindahkan "
        "isinya agar tabel dapat diperpanjang. Tidak ada yang diubah.",
    )


def name_not_a_cell(defined_name: str, label: str, refers_to: str, settings_sheet: str) -> LayoutError:
    return LayoutError(
        f"defined name {defined_name} does not point at one cell: {refers_to}",
        f"Nama '{defined_name}' (Pengaturan: {label}) tidak menunjuk satu sel ({refers_to}). "
        f"Apakah sheet {settings_sheet} diganti nama atau terhapus? Gunakan templat asli.",
    )
