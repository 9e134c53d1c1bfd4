"""Numbers, months and dates the Indonesian way: reading what clerks type, writing what they read.

Pure Python, standard library only. Indonesian writes 1.234,5 (dot for thousands, comma
for decimals). Reading is strict: a count is a whole number of people, and a text with two
possible readings is an error that shows both, never a guess.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache

from .errors import InputError

__all__ = [
    "MAX_COUNT",
    "MONTHS",
    "describe_value",
    "format_date",
    "format_datetime",
    "format_number",
    "name_text",
    "now",
    "parse_count",
    "parse_fraction_text",
]

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
# Beyond 15 significant digits Excel itself cannot hold a whole number exactly.
MAX_COUNT = 10**15 - 1
_NO_GROUPING = 10**15

# -- writing numbers ----------------------------------------------------------------------------


# Indonesian swaps the English marks: the dot groups thousands, the comma marks decimals.
_MARKS = str.maketrans(",.", ".,")


@lru_cache(maxsize=65536)
def _format_cached(number: float, decimals: int) -> str:
    # Decimal(repr(x)) rounds the shortest decimal text of x, half to even: the same digits
    # CLDR formatters (Babel's "#,##0.###") give, which tests/test_indonesian.py proves on a sweep.
    value = Decimal(repr(number)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    text = f"{value:,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    return text.translate(_MARKS)  # a negative rounding to zero stays "-0", as CLDR writes it


def format_number(number: float, decimals: int = 3) -> str:
    """1234.5 → "1.234,5": dot for thousands, comma for decimals, at most ``decimals`` decimals."""
    kind = type(number)
    if kind is int and -_NO_GROUPING < number < _NO_GROUPING:  # counts: most calls, no rounding
        return f"{number:,}".translate(_MARKS)
    if kind is float and number and -_NO_GROUPING < number < _NO_GROUPING:  # (NaN fails the comparisons)
        return _format_cached(number, decimals)
    if isinstance(number, bool) or not math.isfinite(number) or abs(number) >= _NO_GROUPING:
        return repr(number)  # beyond Excel's 15 digits grouping would pretend a precision that is not there
    if number == 0:  # outside the cache: 0.0 and -0.0 are equal keys there, but CLDR writes "0" and "-0"
        return "-0" if math.copysign(1.0, number) < 0 else "0"
    return _format_cached(number if isinstance(number, int) else float(number), decimals)


def describe_value(value: object) -> str:
    """A cell's value as a person reads it in a message: never a Python repr."""
    if value is None:
        return "kosong"
    if isinstance(value, bool):
        return "nilai logika " + ("TRUE" if value else "FALSE")
    if isinstance(value, (dt.datetime, dt.date)):
        return "tanggal " + format_date(value)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return "bukan angka"
        return format_number(value, decimals=10)
    return f"'{value}'"


def name_text(value: object) -> str:
    """A cell holding a name (a satker's), as the cell shows it: 12345.0 typed as a number reads 12345."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (dt.datetime, dt.date)):
        return format_date(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format_number(value, decimals=10)
    return str(value)


def format_date(value: dt.date) -> str:
    """29 November 2026."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


# Indonesia's three time zones, as civil servants name them.
TIME_ZONES = {"WIB": 7, "WITA": 8, "WIT": 9}
_ZONE_NAMES = {hours: name for name, hours in TIME_ZONES.items()}


def now(zone: object = None) -> dt.datetime:
    """The current time in an Indonesian time zone named as clerks name it (WIB, WITA, WIT), else the PC's own."""
    hours = TIME_ZONES.get(str(zone).strip().upper()) if zone else None
    if hours is None:
        return dt.datetime.now().astimezone()
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=hours)))


def format_datetime(value: dt.datetime) -> str:
    """29 November 2026 pukul 02.34 WITA (the zone named when it is one of Indonesia's)."""
    text = f"{format_date(value)} pukul {value:%H.%M}"
    offset = value.utcoffset()
    if offset is None:
        return text
    hours = offset.total_seconds() / 3600
    if hours in _ZONE_NAMES:
        return f"{text} {_ZONE_NAMES[int(hours)]}"
    sign = "+" if hours >= 0 else "−"
    return f"{text} UTC{sign}{format_number(abs(hours), 2)}"


# -- reading counts -----------------------------------------------------------------------------

# 1.234 / 1.234.567, optionally ,000 decimals: the Indonesian way.
_INDONESIAN = re.compile(r"([0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,([0-9]+))?")
# 1,234 / 1,234,567, optionally .00 decimals: the English way.
_ENGLISH = re.compile(r"([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]+))?")


def _reading(text: str, pattern: re.Pattern[str], group: str) -> Decimal | None:
    match = pattern.fullmatch(text)
    if match is None:
        return None
    whole, fraction = match.group(1).replace(group, ""), match.group(2) or ""
    return Decimal(whole + ("." + fraction if fraction else ""))


def _bad(value: object, english: str, indonesian: str) -> InputError:
    return InputError(f"count {english}: {value!r}", indonesian)


def parse_count(value: object) -> int:
    """Read one cell as a count of people: a whole number from 0 to ``MAX_COUNT``.

    Numbers come from Excel as floats. Text is read the Indonesian way ("1.234" is 1234);
    a comma followed by three digits ("1,000") reads as a thousand in English and as
    one in Indonesian, so it is an error naming both readings. Raises ``InputError``.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _bad(value, "is blank", "jumlah kosong")
    if isinstance(value, (bool, dt.date, dt.time, dt.timedelta)):
        raise _bad(value, "is not a number", f"jumlah bukan angka ({describe_value(value)})")
    if isinstance(value, str):
        value = _parse_count_text(value)
    if not isinstance(value, (int, float)) or (isinstance(value, float) and not math.isfinite(value)):
        raise _bad(value, "is not a number", f"jumlah bukan angka ({describe_value(value)})")
    if value < 0:
        raise _bad(value, "is negative", f"jumlah negatif ({describe_value(value)})")
    if isinstance(value, float) and not value.is_integer():
        raise _bad(
            value, "is fractional", f"jumlah pecahan ({describe_value(value)}); jumlah orang harus bilangan bulat"
        )
    if value > MAX_COUNT:
        raise _bad(value, "is too large", "jumlah terlalu besar (lebih dari 15 digit); periksa isiannya")
    return int(value)


def _parse_count_text(value: str) -> int:
    text = value.strip()
    if len(text) > 40:  # far beyond any count; also keeps a pasted paragraph out of the message
        if re.fullmatch(r"[+]?[0-9][0-9.,]*", text):
            raise _bad(value, "is too large", f"jumlah terlalu besar ({len(text)} karakter angka); periksa isiannya")
        raise _bad(value, "is not a number", "jumlah bukan angka (teks terlalu panjang)")
    sign = ""
    if text[:1] in "+-":
        sign, text = text[0], text[1:].strip()
    indonesian = _reading(text, _INDONESIAN, ".")
    english = _reading(text, _ENGLISH, ",")
    if indonesian is None and english is None:
        raise _bad(
            value,
            "is not a number",
            f"jumlah bukan angka ({describe_value(value)}); tulis bilangan bulat, misalnya 1234 atau 1.234",
        )
    if sign == "-":
        raise _bad(value, "is negative", f"jumlah negatif ({describe_value(value)})")
    # A dot followed by groups of three is this workbook's own thousands mark ("1.234" is 1234, as
    # Excel set to Indonesian reads it). A comma is the Indonesian decimal mark but the English
    # thousands mark: when the two readings differ, only the person who typed it knows.
    if indonesian is not None and english is not None and indonesian != english and "," in text:
        raise _bad(
            value,
            "is ambiguous",
            f"jumlah '{value.strip()}' dapat dibaca dua cara: "
            f"{format_number(float(indonesian), 10)} (koma sebagai tanda desimal) atau "
            f"{format_number(float(english), 10)} (koma sebagai pemisah ribuan gaya Inggris). "
            "Tulis tanpa pemisah (1000) atau dengan titik sebagai pemisah ribuan (1.000)",
        )
    number = indonesian if indonesian is not None else english
    assert number is not None
    if number != number.to_integral_value():
        raise _bad(
            value,
            "is fractional",
            f"jumlah '{value.strip()}' adalah pecahan ({format_number(float(number), 10)}); "
            "jumlah orang harus bilangan bulat, ribuan ditulis dengan titik (1.234)",
        )
    if number > MAX_COUNT:
        raise _bad(value, "is too large", "jumlah terlalu besar (lebih dari 15 digit); periksa isiannya")
    return int(number)


def parse_fraction_text(text: str) -> float:
    """A fraction as typed: "0,05", "0.05" and "5%" all mean 0.05. Raises ValueError otherwise.

    A fraction below 1 has no thousands, so a comma and a dot can only be the decimal mark.
    """
    text = text.strip()
    number = text.rstrip("%").strip().replace(",", ".")
    if not re.fullmatch(r"[0-9]*\.?[0-9]+", number):
        raise ValueError(text)
    return float(number) / (100 if text.endswith("%") else 1)
