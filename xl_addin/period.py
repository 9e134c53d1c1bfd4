"""The period as data: which months, with their years, a base or a target period covers.

Pure Python, standard library only. A ``Period`` is an ordered tuple of distinct (year, month)
pairs. It may cross a year boundary ("Oktober 2024–Maret 2025") and need not be contiguous
("Januari, Maret dan Mei 2025").

**Reading** (``Period.parse``) is strict, in Indonesian, and never guesses:

* a range: "Januari–Maret 2025", "Jan-Mar 2025", "Januari s.d. Maret 2025" (also "s/d"),
  "Januari sampai (dengan) Maret 2025", "Januari hingga Maret 2025", "Oktober 2024–Maret 2025";
* a list, whose items may be ranges: "Januari, Februari, Maret 2025", "Jan, Feb dan Mar 2025",
  "Januari–Maret dan Juli 2025";
* month names in full or abbreviated (Jan, Feb, Mar, Apr, Mei, Jun, Jul, Agu/Agt/Ags, Sep/Sept,
  Okt, Nov, Des), with or without a dot, also the older spellings Pebruari and Nopember, in any
  case and spacing;
* a year (2000–2100) written after a month is that month's and that of the months before it
  written without one, back to the previous year: "Oktober–Desember 2024 dan Januari–Maret 2025"
  is six months, "Januari–Maret 2025" three;
* a cell holding a real date is that date's month.

Anything else is an ``InputError`` showing what was understood: an unknown word, a number that is
no year, a year outside 2000–2100, a month without a year, a month twice, a range whose end is
not after its start, more than ``MAX_MONTHS`` months. Months that go backwards under one year
("Oktober–Maret 2025", "Desember, Januari 2025") read two ways (the year belongs to the last
months, or to the first), so the error shows both readings.

**Workbooks made by the previous release** hold month names without a year in their period cells
(defined names ``Bulan_Dasar`` and ``Bulan_Target``), written as that release accepted them: full
month names separated by commas or semicolons ("Januari, Februari, Maret"). That release wrote
2024 into every month header and into the decision page, so ``previous_release_period`` reads
exactly that form as those months of 2024 (``PREVIOUS_RELEASE_YEAR``), and the fill says so once
(``plan.Settings.period_notice``). Any other text without a year is an error.

**Writing**: ``Period.label`` is the civil-service form ("Januari–Maret 2025", "Oktober 2024–Maret
2025", "Januari, Maret dan Mei 2025"), ``Period.short_label`` the same with abbreviations (chart
titles), ``month_label`` one month ("Juli 2025"). Every label reads back as the same period.

**Column headers** ("Januari 2025", "januari  2025", "Jan 2025", "SPKP Juli 2025" with a prefix)
are matched to the period's months by ``Period.month_of`` and ``Period.locate``; a header without
a year matches when the period has that month once, and is an error when it has it twice.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .errors import InputError, LayoutError, column_missing
from .indonesian import MONTHS, describe_value

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "MAX_MONTHS",
    "PREVIOUS_RELEASE_YEAR",
    "SHORT_MONTHS",
    "Period",
    "YearMonth",
    "month_label",
    "previous_release_period",
    "read_month_header",
    "short_month_label",
]

YearMonth = tuple[int, int]  # (year, month 1–12)

FIRST_YEAR, LAST_YEAR = 2000, 2100
# A base quarter and a target semester are far below this; a typo in a year ("Januari 2025–Maret 2052")
# must not make a Realisasi table of hundreds of month columns.
MAX_MONTHS = 24
# The year the previous release assumed for every month it named (see the module's docstring).
PREVIOUS_RELEASE_YEAR = 2024

# Abbreviations as CLDR writes them for Indonesian (the short forms this module writes).
SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
_EXAMPLE = "Januari–Maret 2025"
_CROSSING_EXAMPLE = "Oktober 2024–Maret 2025"

# Every spelling read as a month: full names, abbreviations, and the older spellings still seen in letters.
_MONTH_WORDS = {
    **{name.casefold(): number for number, name in enumerate(MONTHS, start=1)},
    **{short.casefold(): number for number, short in enumerate(SHORT_MONTHS, start=1)},
    "agt": 8,
    "ags": 8,
    "sept": 9,
    "pebruari": 2,
    "nopember": 11,
}


def month_label(year: int, month: int) -> str:
    """Juli 2025."""
    return f"{MONTHS[month - 1]} {year}"


def short_month_label(year: int, month: int) -> str:
    """Jul 2025."""
    return f"{SHORT_MONTHS[month - 1]} {year}"


def _following(key: YearMonth) -> YearMonth:
    year, month = key
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _listed(parts: Sequence[str]) -> str:
    """Januari, Maret dan Mei: the Indonesian list, with "dan" before the last item."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " dan " + parts[-1]


def _shown(text: str) -> str:
    # A pasted paragraph must not fill a message box.
    return text if len(text) <= 80 else text[:60] + "…" + text[-15:]


@dataclass(frozen=True)
class Period:
    """Months with their years, in calendar order, each once: a base or a target period."""

    months: tuple[YearMonth, ...]

    def __post_init__(self) -> None:
        months = tuple((int(year), int(month)) for year, month in self.months)
        object.__setattr__(self, "months", months)
        if not months:
            raise InputError("a period has at least one month", "periode harus memuat paling sedikit satu bulan")
        for year, month in months:
            if not 1 <= month <= 12:
                raise ValueError(f"month {month} is not 1–12")
            if not FIRST_YEAR <= year <= LAST_YEAR:
                raise InputError(
                    f"year {year} is outside {FIRST_YEAR}–{LAST_YEAR}",
                    f"tahun {year} di luar {FIRST_YEAR}–{LAST_YEAR}",
                )
        if list(months) != sorted(set(months)):
            raise ValueError(f"the months of a period are distinct and in calendar order: {months}")
        if len(months) > MAX_MONTHS:
            raise InputError(
                f"a period of {len(months)} months is longer than {MAX_MONTHS}",
                f"periode {len(months)} bulan lebih panjang dari batas {MAX_MONTHS} bulan",
            )

    # -- making one ------------------------------------------------------------------------------

    @classmethod
    def between(cls, first: YearMonth, last: YearMonth) -> Period:
        """Every month from ``first`` to ``last``, both included."""
        if last < first:
            raise ValueError(f"{last} is before {first}")
        months = [first]
        while months[-1] != last and len(months) <= MAX_MONTHS:
            months.append(_following(months[-1]))
        return cls(tuple(months))

    @classmethod
    def parse(cls, value: object) -> Period:
        """The period a cell holds: text as the module's docstring says, or a real date (its month).

        Raises ``InputError``, whose ``user_message`` shows what was understood.
        """
        if isinstance(value, Period):
            return value
        if isinstance(value, (dt.date, dt.datetime)):
            if not FIRST_YEAR <= value.year <= LAST_YEAR:
                raise InputError(
                    f"date {value.isoformat()} is outside {FIRST_YEAR}–{LAST_YEAR}",
                    f"tanggal {value.day} {MONTHS[value.month - 1]} {value.year}: tahun {value.year} di luar "
                    f"{FIRST_YEAR}–{LAST_YEAR}. Contoh penulisan: {_EXAMPLE}",
                )
            return cls(((value.year, value.month),))
        if value is None or (isinstance(value, str) and not value.strip()):
            raise InputError("the period is blank", f"periode kosong. Contoh penulisan: {_EXAMPLE}")
        if isinstance(value, bool):
            raise InputError(
                f"{value!r} is not a period",
                f"nilai logika {'TRUE' if value else 'FALSE'} bukan periode. Contoh penulisan: {_EXAMPLE}",
            )
        if isinstance(value, (int, float)):
            raise _number_is_no_period(value)
        if not isinstance(value, str):
            raise InputError(f"{value!r} is not a period", f"isian bukan periode. Contoh penulisan: {_EXAMPLE}")
        return _Reader(value).period()

    def next_like(self) -> Period:
        """The same months one year later: the default of the next cycle ("Periode Baru")."""
        return Period(tuple((year + 1, month) for year, month in self.months))

    # -- reading it ------------------------------------------------------------------------------

    def __iter__(self) -> Iterator[YearMonth]:
        return iter(self.months)

    def __len__(self) -> int:
        return len(self.months)

    def __contains__(self, key: object) -> bool:
        return key in self.months

    def contains(self, year: int, month: int) -> bool:
        return (year, month) in self.months

    @property
    def first(self) -> YearMonth:
        return self.months[0]

    @property
    def last(self) -> YearMonth:
        return self.months[-1]

    @property
    def years(self) -> tuple[int, ...]:
        """The calendar years the period touches, in order."""
        return tuple(sorted({year for year, _month in self.months}))

    @property
    def is_contiguous(self) -> bool:
        return all(_following(a) == b for a, b in itertools.pairwise(self.months))

    @property
    def month_names(self) -> tuple[str, ...]:
        """The months' names without their years ("Januari", …), in order: for code that still matches by name."""
        return tuple(MONTHS[month - 1] for _year, month in self.months)

    @property
    def month_labels(self) -> tuple[str, ...]:
        """Each month with its year ("Januari 2025", …), in order: the headers of its columns."""
        return tuple(month_label(*key) for key in self.months)

    # -- writing it ------------------------------------------------------------------------------

    @property
    def label(self) -> str:
        """Januari–Maret 2025; Oktober 2024–Maret 2025; Januari, Maret dan Mei 2025; Juli 2025."""
        return self._label(MONTHS)

    @property
    def short_label(self) -> str:
        """Jan–Mar 2025; Okt 2024–Mar 2025; Jan, Mar dan Mei 2025; Jul 2025."""
        return self._label(SHORT_MONTHS)

    def _label(self, names: Sequence[str]) -> str:
        (first_year, first_month), (last_year, last_month) = self.first, self.last
        if len(self.months) == 1:
            return f"{names[first_month - 1]} {first_year}"
        if self.is_contiguous:
            if first_year == last_year:
                return f"{names[first_month - 1]}–{names[last_month - 1]} {last_year}"
            return f"{names[first_month - 1]} {first_year}–{names[last_month - 1]} {last_year}"
        if first_year == last_year:
            return f"{_listed([names[month - 1] for _year, month in self.months])} {last_year}"
        return _listed([f"{names[month - 1]} {year}" for year, month in self.months])

    def __str__(self) -> str:
        return self.label

    # -- matching column headers -----------------------------------------------------------------

    def month_of(self, header: object, prefix: str = "", table: str = "") -> YearMonth | None:
        """The period's month a column header names ("Januari 2025", "jan  2025", "SPKP Juli 2025" with
        ``prefix`` "SPKP"), or None when it names none of them (another month, or no month at all).

        A header without a year names the period's month of that name when there is one; when the
        period has that month twice (Juli 2024–Juli 2025) it raises ``LayoutError``.
        """
        read = read_month_header(header, prefix)
        if read is None:
            return None
        year, month = read
        if year is not None:
            return (year, month) if (year, month) in self.months else None
        matches = [key for key in self.months if key[1] == month]
        if len(matches) > 1:
            where = f" tabel '{table}'" if table else ""
            wanted = (prefix.strip() + " " if prefix.strip() else "") + month_label(*matches[0])
            raise LayoutError(
                f"header {header!r}{' of table ' + table if table else ''} has no year and the period "
                f"{self.label} has {MONTHS[month - 1]} {len(matches)} times",
                f"Judul kolom '{header}'{where} tidak menyebut tahun, padahal periode {self.label} memuat "
                f"{MONTHS[month - 1]} {len(matches)} kali ({_listed([month_label(*key) for key in matches])}). "
                f"Tulis tahunnya pada judul kolom, misalnya '{wanted}'.",
            )
        return matches[0] if matches else None

    def locate(self, headers: Sequence[object], prefix: str = "", table: str = "") -> tuple[int, ...]:
        """The 0-based position among ``headers`` of each of the period's months, in the period's order.

        Raises ``LayoutError`` when a month has no column, when two columns name the same month
        ("Januari" and "Januari 2025"), or when a header without a year is ambiguous (``month_of``).
        """
        found: dict[YearMonth, list[int]] = {}
        for index, header in enumerate(headers):
            key = self.month_of(header, prefix, table)
            if key is not None:
                found.setdefault(key, []).append(index)
        named = (prefix.strip() + " ") if prefix.strip() else ""
        positions = []
        for key in self.months:
            places = found.get(key, [])
            if not places:
                raise column_missing(table, named + month_label(*key), [str(h) for h in headers])
            if len(places) > 1:
                shown = ", ".join(f"'{headers[i]}'" for i in places)
                raise LayoutError(
                    f"table {table!r} has {len(places)} columns for {month_label(*key)}: {shown}",
                    f"Tabel '{table}' memiliki {len(places)} kolom untuk {named}{month_label(*key)}: {shown}. "
                    "Hapus salah satunya atau perbaiki judulnya.",
                )
            positions.append(places[0])
        return tuple(positions)


def read_month_header(header: object, prefix: str = "") -> tuple[int | None, int] | None:
    """A column header naming one month, as (year or None, month); None when it names no month.

    "Januari 2025", "januari  2025", "Jan. 2025" and "Januari" name a month; with ``prefix``
    ("SPKP") the header must start with it ("SPKP Juli 2025"). A header cell holding a real date
    (without a prefix) names that date's month.
    """
    if isinstance(header, (dt.date, dt.datetime)):
        return None if prefix.strip() else (header.year, header.month)
    if not isinstance(header, str):
        return None
    text = " ".join(header.split()).casefold()
    wanted = " ".join(prefix.split()).casefold()
    if wanted:
        if not text.startswith(wanted + " "):
            return None
        text = text[len(wanted) + 1 :]
    match = re.fullmatch(r"([^\W\d_]+)\.? ?([0-9]{4})?", text)
    if match is None or match.group(1) not in _MONTH_WORDS:
        return None
    return (int(match.group(2)) if match.group(2) else None, _MONTH_WORDS[match.group(1)])


def previous_release_period(value: object) -> Period | None:
    """The month list a workbook of the previous release holds, read as that release read it (in 2024).

    Only the form that release accepted: full month names separated by commas or semicolons, each
    once, no year ("Januari, Februari, Maret"). None for anything else.
    """
    if not isinstance(value, str):
        return None
    parts = [part.strip().casefold() for part in re.split(r"[,;]", value)]
    by_name = {name.casefold(): number for number, name in enumerate(MONTHS, start=1)}
    numbers = [by_name.get(part) for part in parts if part]
    if not numbers or None in numbers or len(set(numbers)) != len(numbers):
        return None
    return Period(tuple(sorted((PREVIOUS_RELEASE_YEAR, number) for number in numbers if number)))


# -- reading text --------------------------------------------------------------------------------

_TOKENS = re.compile(
    r"""\s*(?:
        (?P<range>s\s*\.\s*d\b\s*\.?|s\s*/\s*d\b|sampai\s+dengan\b|sampai\b|hingga\b|[-–—−‐‑])
      | (?P<list>[,;]\s*dan\b|[,;]|dan\b)
      | (?P<number>[0-9]+)
      | (?P<word>[^\W\d_]+\.?)
      | (?P<other>\S)
    )""",
    re.VERBOSE | re.IGNORECASE,
)


@dataclass
class _Token:
    kind: str  # "range", "list", "month", "year", "bad"
    text: str
    value: int = 0  # the month (1–12) or the year
    problem: str = ""  # for "bad": why, in Indonesian
    english: str = ""


@dataclass
class _End:
    """One month as written: its number, and its year when one was written for it or after it."""

    month: int
    year: int | None = None
    token: int = 0  # its position among the tokens


class _Reader:
    """One reading of one text: tokens, then items (a month or a range), then years, then checks."""

    def __init__(self, text: str) -> None:
        self.text = text.strip()
        self.tokens = [self._token(match) for match in _TOKENS.finditer(self.text)]

    # -- errors ------------------------------------------------------------------------------------

    def _understood(self) -> str:
        """The months recognised so far, each with the year it would get, joined as they were written."""
        ends: list[_End] = []
        joins: list[str] = []
        pending: list[_End] = []
        joined = ", "
        for index, token in enumerate(self.tokens):
            if token.kind == "month":
                if ends:
                    joins.append(joined)
                ends.append(_End(token.value, token=index))
                pending.append(ends[-1])
                joined = ", "
            elif token.kind == "year":
                for end in pending:
                    end.year = token.value
                pending = []
            elif token.kind == "range":
                joined = "–"
        shown = [month_label(end.year, end.month) if end.year else MONTHS[end.month - 1] for end in ends]
        return "".join(part for pair in zip(shown, [*joins, ""]) for part in pair)

    def error(self, english: str, reason: str, example: str = _EXAMPLE) -> InputError:
        understood = self._understood()
        seen = f" (yang terbaca: {understood})" if understood else ""
        return InputError(
            f"period {self.text!r} cannot be read: {english}",
            f"'{_shown(self.text)}' tidak dapat dibaca: {reason}{seen}. Contoh penulisan: {example}",
        )

    # -- tokens ------------------------------------------------------------------------------------

    @staticmethod
    def _token(match: re.Match[str]) -> _Token:
        kind = match.lastgroup or "other"
        text = match.group(kind).strip()
        if kind == "range" or kind == "list":
            return _Token(kind, text)
        if kind == "word":
            month = _MONTH_WORDS.get(text.rstrip(".").casefold())
            if month is None:
                return _Token("bad", text, problem=f"'{text}' bukan nama bulan", english=f"{text!r} is not a month")
            return _Token("month", text, month)
        if kind == "number":
            if len(text) != 4:
                return _Token(
                    "bad",
                    text,
                    problem=f"'{text}' bukan tahun (tahun ditulis empat angka, misalnya 2025)",
                    english=f"{text!r} is not a year",
                )
            year = int(text)
            if not FIRST_YEAR <= year <= LAST_YEAR:
                return _Token(
                    "bad",
                    text,
                    problem=f"tahun {year} di luar {FIRST_YEAR}–{LAST_YEAR}",
                    english=f"year {year} is outside {FIRST_YEAR}–{LAST_YEAR}",
                )
            return _Token("year", text, year)
        return _Token("bad", text, problem=f"tanda '{text}' tidak dikenal", english=f"unknown mark {text!r}")

    # -- the reading -------------------------------------------------------------------------------

    def period(self) -> Period:
        for token in self.tokens:
            if token.kind == "bad":
                raise self.error(token.english, token.problem)
        items = self._items()
        self._years(items)
        months: list[YearMonth] = []
        for item in items:
            months += self._expanded(item)
        self._no_month_twice(months)
        if len(months) > MAX_MONTHS:
            raise self.error(
                f"{len(months)} months, more than {MAX_MONTHS}",
                f"periode {len(months)} bulan lebih panjang dari batas {MAX_MONTHS} bulan",
            )
        return Period(tuple(sorted(months)))

    def _items(self) -> list[list[_End]]:
        """The items as written: each a list of one month, or of a range's two ends."""
        items: list[list[_End]] = []
        expect_month = True  # at the start, after a list mark or after a range mark
        in_range = False
        previous = ""
        for index, token in enumerate(self.tokens):
            if token.kind == "month":
                if not expect_month:
                    raise self.error(
                        f"no separator before {token.text!r}",
                        f"tidak ada pemisah sebelum '{token.text}' (pakai koma, 'dan' atau tanda rentang '–')",
                    )
                end = _End(token.value, token=index)
                if in_range:
                    items[-1].append(end)
                else:
                    items.append([end])
                expect_month, in_range = False, False
            elif token.kind == "year":
                if expect_month or previous == "year":
                    raise self.error(
                        f"year {token.value} does not follow a month",
                        f"tahun {token.value} tidak didahului nama bulan",
                    )
                items[-1][-1].year = token.value
            elif token.kind == "range":
                if expect_month:
                    raise self.error(f"range mark {token.text!r} without a first month", self._mark_alone(token))
                if len(items[-1]) > 1:
                    raise self.error(
                        "a range has one start and one end",
                        f"tanda rentang '{token.text}' kedua: satu rentang hanya memiliki satu awal dan satu akhir",
                    )
                expect_month, in_range = True, True
            else:  # a list mark
                if expect_month:
                    raise self.error(f"list mark {token.text!r} without a month before it", self._mark_alone(token))
                expect_month = True
            previous = token.kind
        if not items:
            raise self.error("no month", "tidak ada nama bulan")
        if expect_month:
            mark = self.tokens[-1].text
            raise self.error(f"{mark!r} is not followed by a month", f"'{mark}' tidak diikuti nama bulan")
        return items

    @staticmethod
    def _mark_alone(token: _Token) -> str:
        return f"'{token.text}' tidak didahului nama bulan"

    def _years(self, items: list[list[_End]]) -> None:
        """Give each month the year written after it (see the docstring); raise when one has none or two readings."""
        ends = [end for item in items for end in item]
        group: list[_End] = []
        for end in ends:
            group.append(end)
            if end.year is None:
                continue
            year = end.year
            offsets = [0]
            for before, after in itertools.pairwise(group):
                offsets.append(offsets[-1] + (after.month < before.month))
            if offsets[-1]:
                self._two_readings(items, group, offsets, year)
            for other in group:
                other.year = year
            group = []
        if group:
            missing = [MONTHS[end.month - 1] for end in group]
            if len(group) == len(ends):
                raise self.error("no year", "tahun tidak ditulis")
            raise self.error(f"no year for {missing}", f"{_listed(missing)} tanpa tahun")

    def _two_readings(self, items: list[list[_End]], group: list[_End], offsets: list[int], year: int) -> None:
        """Months going backwards under one year: raise the error that shows the readings.

        The plain reading puts every month of the group in ``year``; when it holds a month twice
        that is the error. Otherwise the readings shown are the plain one (when its ranges run
        forwards) and the year-crossing ones: the year is the last months', or the first months'.
        """
        plain = self._reading(items, {id(end): year for end in group})
        if plain is not None and len(set(plain)) < len(plain):
            self._no_month_twice(plain)
        readings: list[str] = []
        for shift in (None, -offsets[-1], 0):
            if shift is None:
                months = plain
            else:
                months = self._reading(items, {id(end): year + shift + off for end, off in zip(group, offsets)})
            if months is None or len(set(months)) < len(months):
                continue
            try:
                readings.append(Period(tuple(sorted(months))).label)
            except InputError:  # a year beyond LAST_YEAR, or too long
                continue
        if len(readings) >= 2:
            raise InputError(
                f"period {self.text!r} reads two ways: {readings[0]} or {readings[1]}",
                f"'{_shown(self.text)}' dapat dibaca dua cara: {readings[0]} atau {readings[1]}. Tulis tahun pada "
                f"bulan-bulan yang dimaksud, misalnya {_CROSSING_EXAMPLE}",
            )
        written = " ".join(token.text for token in self.tokens[group[0].token : group[-1].token + 2])
        raise self.error(
            f"months go backwards under one year in {written!r}",
            f"bulan mundur tanpa tahun di antaranya ('{written}')",
            _CROSSING_EXAMPLE,
        )

    def _reading(self, items: list[list[_End]], years: dict[int, int]) -> list[YearMonth] | None:
        """The months of one reading (``years``: the year of each end of the group, by id); None when a range
        runs backwards or is too long. Items of later groups, still without a year, are left out."""
        months: list[YearMonth] = []
        for item in items:
            keys = [(years.get(id(end), end.year), end.month) for end in item]
            if any(key[0] is None for key in keys):
                continue
            try:
                months += self._expanded(item, keys)  # type: ignore[arg-type]
            except InputError:
                return None
        return months

    def _no_month_twice(self, months: list[YearMonth]) -> None:
        twice = sorted({key for key in months if months.count(key) > 1})
        if twice:
            shown = _listed([month_label(*key) for key in twice])
            raise self.error(f"{shown} is written twice", f"{shown} tertulis dua kali")

    def _expanded(self, item: list[_End], keys: list[YearMonth] | None = None) -> list[YearMonth]:
        keys = keys or [(end.year, end.month) for end in item]  # type: ignore[misc]
        if len(keys) == 1:
            return [keys[0]]
        start, end = keys
        if end == start:
            raise self.error(
                f"the range starts and ends in {month_label(*start)}",
                f"awal dan akhir rentang sama-sama {month_label(*start)}; untuk satu bulan tulis bulan itu saja",
                month_label(*start),
            )
        if end < start:
            raise self.error(
                f"the range ends ({month_label(*end)}) before it starts ({month_label(*start)})",
                f"akhir rentang, {month_label(*end)}, mendahului awalnya, {month_label(*start)}",
                _CROSSING_EXAMPLE,
            )
        months = (end[0] - start[0]) * 12 + end[1] - start[1] + 1
        if months > MAX_MONTHS:
            raise self.error(
                f"{months} months, more than {MAX_MONTHS}",
                f"periode {months} bulan lebih panjang dari batas {MAX_MONTHS} bulan",
            )
        return list(Period.between(start, end))


def _number_is_no_period(value: float) -> InputError:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and FIRST_YEAR <= value <= LAST_YEAR:
        return InputError(
            f"{value} is a year without months",
            f"angka {value} hanya tahun, tanpa bulan. Contoh penulisan: Januari–Maret {value}",
        )
    return InputError(
        f"number {value!r} is not a period",
        f"angka {describe_value(value)} bukan periode; tulis nama bulan dan tahunnya. Contoh penulisan: {_EXAMPLE}",
    )
