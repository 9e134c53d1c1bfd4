"""The satker list (sheet *Daftar Satker*): each satker's name as in the rule, and the names forms use.

Pure Python. ``satker_list_from_rows`` turns the table's rows into a ``SatkerList``, whose
``lookup`` gives the name as in the rule for that name or any of its aliases ("Lapas Kupang"),
and whose ``suggest`` names the closest known satker for a near miss. Problems in the list (a
satker twice, an alias given to two satker or equal to another satker's name, an address that is
no email address) are messages in Bahasa Indonesia, never guesses: an alias that names two satker
names neither. Every command that needs the satker (the survey import now; fill, Realisasi, the
Kanwil summary and the emails later) reads them through this module.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from . import layout

__all__ = ["Satker", "SatkerList", "satker_list_from_rows", "split_list"]

# Short forms the ministry's satker go by, expanded before names are compared for a suggestion
# (never for a match: a match is the name or an alias the list gives).
ABBREVIATIONS = {
    "lapas": "lembaga pemasyarakatan",
    "lpka": "lembaga pembinaan khusus anak",
    "lpp": "lembaga pemasyarakatan perempuan",
    "rutan": "rumah tahanan negara",
    "bapas": "balai pemasyarakatan",
    "rupbasan": "rumah penyimpanan benda sitaan negara",
    "kanim": "kantor imigrasi",
    "rudenim": "rumah detensi imigrasi",
    "kanwil": "kantor wilayah",
    "kls": "kelas",
}
_EMAIL = re.compile(r"[^@\s;,<>]+@[^@\s;,<>]+\.[^@\s;,<>]+")
_WORD = re.compile(r"[0-9a-z]+")


def split_list(value: object) -> tuple[str, ...]:
    """The items of a cell listing several ("Lapas Kupang; Lapas Kelas IIA Kupang"), trimmed, blanks dropped."""
    if value is None:
        return ()
    return tuple(item.strip() for item in str(value).split(layout.LIST_SEPARATOR) if item.strip())


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    return text or None


def _words(text: str) -> list[str]:
    """A name's words for comparing, with the short forms written out."""
    words = []
    for word in _WORD.findall(layout.name_key(text)):
        words += ABBREVIATIONS.get(word, word).split()
    return words


@dataclass(frozen=True)
class Satker:
    """One row of the list."""

    name: str  # as in the rule, and in Pengguna Layanan
    aliases: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    contact: str | None = None
    phone: str | None = None
    note: str | None = None
    row: int | None = None  # the sheet row it came from

    @property
    def is_example(self) -> bool:
        return self.name.upper().startswith(layout.EXAMPLE_MARK)


@dataclass(frozen=True)
class SatkerList:
    """The satker, and every name each goes by. Build it with ``satker_list_from_rows``."""

    satker: tuple[Satker, ...] = ()
    problems: tuple[str, ...] = ()  # what is wrong in the list, in Bahasa Indonesia
    names: Mapping[str, str] = field(default_factory=dict)  # name_key(name or alias) -> name as in the rule
    conflicts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # name_key(alias) -> the satker it names

    def lookup(self, name_or_alias: object) -> str | None:
        """The satker's name as in the rule, for its name or one of its aliases; None when unknown or ambiguous."""
        return self.names.get(layout.name_key(name_or_alias))

    def conflict(self, name_or_alias: object) -> tuple[str, ...]:
        """The satker an alias given to more than one of them names (none when it is not such an alias)."""
        return self.conflicts.get(layout.name_key(name_or_alias), ())

    def suggest(self, text: object, among: Iterable[str] | None = None) -> tuple[str, ...]:
        """The known satker closest to ``text`` (names as in the rule), best first; none when nothing is close.

        A name whose words, short forms written out ("Lapas" is "Lembaga Pemasyarakatan"), all
        appear in a satker's name or alias suggests that satker; else the most similar name, when
        similar enough. Only a suggestion: it is never used to count.
        """
        wanted = _words(str(text or ""))
        if not wanted:
            return ()
        candidates: dict[str, str] = dict(self.names)
        for name in among or ():
            candidates.setdefault(layout.name_key(name), name)
        containing: list[str] = []
        scored: list[tuple[float, str]] = []
        for key, name in candidates.items():
            words = _words(key)
            if set(wanted) <= set(words):
                containing.append(name)
            ratio = difflib.SequenceMatcher(None, " ".join(wanted), " ".join(words)).ratio()
            scored.append((ratio, name))
        if containing:
            return tuple(dict.fromkeys(containing))[:3]
        scored.sort(key=lambda item: -item[0])
        best = [name for ratio, name in scored if ratio >= 0.75]
        return tuple(dict.fromkeys(best))[:1]

    def with_names(self, names: Iterable[object]) -> SatkerList:
        """This list, knowing also ``names`` (satker listed elsewhere, such as Realisasi) by their own names."""
        known = dict(self.names)
        for name in names:
            text = _text(name)
            if text is not None and layout.name_key(text) not in self.conflicts:
                known.setdefault(layout.name_key(text), text)
        return SatkerList(self.satker, self.problems, known, self.conflicts)


def satker_list_from_rows(rows: Iterable[tuple[int | None, Sequence[object]]]) -> SatkerList:
    """The list from the table's rows, each (sheet row, values in ``layout.SATKER_LIST_HEADERS`` order)."""
    where = f"sheet {layout.SHEET_SATKER_LIST}"
    problems: list[str] = []
    satker: list[Satker] = []
    rows_of: dict[str, int | None] = {}
    for row, values in rows:
        cells = [*list(values)[: len(layout.SATKER_LIST_HEADERS)]]
        cells += [None] * (len(layout.SATKER_LIST_HEADERS) - len(cells))
        name, aliases, emails, contact, phone, note = cells
        text = _text(name)
        if text is None:
            if any(_text(value) is not None for value in cells):
                problems.append(f"{where} baris {row}: nama satuan kerja kosong; baris ini tidak dipakai.")
            continue
        key = layout.name_key(text)
        if key in rows_of:
            problems.append(
                f"{where}: '{text}' tercantum dua kali (baris {rows_of[key]} dan {row}); hanya baris {rows_of[key]} "
                "yang dipakai."
            )
            continue
        rows_of[key] = row
        addresses = []
        for address in split_list(str(emails).replace(",", layout.LIST_SEPARATOR) if emails is not None else None):
            if _EMAIL.fullmatch(address):
                addresses.append(address)
            else:
                problems.append(f"{where} baris {row} ({text}): '{address}' bukan alamat email; tidak dipakai.")
        satker.append(
            Satker(text, split_list(aliases), tuple(addresses), _text(contact), _text(phone), _text(note), row)
        )
    names: dict[str, str] = {layout.name_key(entry.name): entry.name for entry in satker}
    given: dict[str, list[str]] = {}
    for entry in satker:
        for alias in entry.aliases:
            key = layout.name_key(alias)
            owner = names.get(key)
            if owner is not None:
                if owner != entry.name:
                    problems.append(
                        f"{where} baris {entry.row}: nama lain '{alias}' untuk {entry.name} adalah nama satker lain "
                        f"({owner}); nama lain itu tidak dipakai."
                    )
                continue
            holders = given.setdefault(key, [])
            if entry.name not in holders:
                holders.append(entry.name)
    conflicts: dict[str, tuple[str, ...]] = {}
    for key, holders in given.items():
        if len(holders) == 1:
            names[key] = holders[0]
        else:
            conflicts[key] = tuple(holders)
            shown = next(alias for entry in satker for alias in entry.aliases if layout.name_key(alias) == key)
            problems.append(
                f"{where}: nama lain '{shown}' diberikan kepada {len(holders)} satker ({', '.join(holders)}); "
                "nama itu tidak dipakai sampai hanya satu satker yang memakainya."
            )
    return SatkerList(tuple(satker), tuple(problems), names, conflicts)
