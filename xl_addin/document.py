"""The decision page as a document that leaves the office: its settings checked, and the one check before it goes.

Pure Python. The NIP is checked as a person types it on documents (18 digits, spaces allowed); a
workbook whose targets still need checking (a PERIKSA note) has no complete decision page, so a copy
for others (``export``, and the coming ``kirim``) is refused through ``refuse_while_unchecked`` unless
the user says otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from . import layout
from .errors import InputError

__all__ = [
    "NIP_DIGITS",
    "UncheckedRows",
    "document_notices",
    "is_unfilled",
    "nip_problem",
    "refuse_while_unchecked",
]

NIP_DIGITS = 18
# A NIP as printed on documents: digit groups separated by single spaces ("19680512 199003 1 001").
_NIP = re.compile(r"[0-9]+(?: [0-9]+)*")
# How many rows a refusal names; the others are in the Keterangan column.
_SHOWN_ROWS = 5


def is_unfilled(value: object) -> bool:
    """Whether a document setting still holds a blank to fill: empty, dots, or a "(placeholder)" of older templates."""
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    text = value.strip()
    return not text.strip(".… ") or (text.startswith("(") and text.endswith(")"))


def nip_problem(value: object) -> str | None:
    """What is wrong with the signer's NIP, in Indonesian; None when it is right or not filled in yet."""
    if isinstance(value, bool):
        return f"NIP penanda tangan berisi nilai logika ({'BENAR' if value else 'SALAH'}), bukan NIP."
    if isinstance(value, (int, float)):
        shown = str(int(value)) if float(value).is_integer() else str(value)
        return (
            f"NIP penanda tangan tersimpan sebagai bilangan ({shown}), bukan teks: Excel hanya menyimpan 15 angka "
            "pertama sebuah bilangan, sehingga NIP 18 angka tercetak salah. Di sheet Pengaturan, ketik ulang NIP "
            "dengan tanda petik di depannya ('19680512 199003 1 001); sampai itu, halaman Penetapan mencetak "
            "titik-titik untuk diisi tangan."
        )
    if is_unfilled(value):
        return None
    text = " ".join(str(value).split())
    if not _NIP.fullmatch(text):
        return f"NIP penanda tangan '{text}' memuat tanda selain angka dan spasi; NIP terdiri atas {NIP_DIGITS} angka."
    digits = len(text.replace(" ", ""))
    if digits != NIP_DIGITS:
        return (
            f"NIP penanda tangan '{text}' memuat {digits} angka; NIP terdiri atas {NIP_DIGITS} angka "
            "(boleh dengan spasi, misalnya 19680512 199003 1 001)."
        )
    return None


def document_notices(values: Mapping[str, object]) -> list[str]:
    """Notices about the decision page's settings, ``values`` by field (absent settings are not checked)."""
    notices = []
    if "nip" in values:
        problem = nip_problem(values["nip"])
        if problem:
            notices.append(f"Perhatian: {problem}")
    return notices


class UncheckedRows(InputError):
    """A copy for others refused: some satker still need checking (their decision rows are not complete)."""


def refuse_while_unchecked(targets: Iterable) -> None:
    """Raise ``UncheckedRows`` when any target row has a problem (a PERIKSA note).

    One check for every way a workbook leaves the office (the email copy, the coming ``kirim``), so they agree;
    each caller says what it did not do and how to go ahead anyway.
    """
    problems = [target for target in targets if not target.ok]
    if not problems:
        return
    shown = ", ".join(f"{target.where()} ({target.name.strip() or 'tanpa nama'})" for target in problems[:_SHOWN_ROWS])
    more = len(problems) - _SHOWN_ROWS
    shown += f" dan {more} baris lain" if more > 0 else ""
    raise UncheckedRows(
        f"{len(problems)} satker still need checking",
        f"Data {len(problems)} satuan kerja perlu diperiksa (bertanda PERIKSA di sheet {layout.SHEET_TARGETS}), "
        f"sehingga halaman {layout.SHEET_DECISION} belum memuat target mereka: {shown}. Perbaiki datanya di sheet "
        f"{layout.SHEET_COUNTS}, lalu hitung ulang.",
    )
