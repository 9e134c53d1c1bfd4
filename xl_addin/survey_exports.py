"""Reading survey response exports: the import's settings, the column mapping, strict timestamps, answers.

Pure Python, but for the two file readers at the end (``read_export``: CSV and XLSX, streamed).
Which column holds what comes from the mapping (sheet *Pemetaan Kolom*); timestamps are read
strictly (a date that reads two ways is reported, never guessed); answers are numbers on the
questionnaire's scale, or labels the mapping gives a value.
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import functools
import io
import logging
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import openpyxl

from . import layout
from .errors import FileError, InputError, os_error_reason
from .indonesian import TIME_ZONES, describe_value, format_date, format_number
from .package import check_package
from .survey_indices import IKM_ELEMENT_NAMES, IKM_ELEMENTS, PROPORTIONAL

__all__ = [
    "DEFAULT_ANSWER_ROWS",
    "DEFAULT_MAPPING_ROWS",
    "ROLES",
    "ColumnMapping",
    "Columns",
    "ExportTable",
    "SurveySettings",
    "TimestampError",
    "mapping_from_rows",
    "parse_timestamp",
    "read_answer",
    "read_export",
    "read_timestamp",
    "resolve_columns",
    "survey_settings_from_cells",
]

log = logging.getLogger(__name__)

SURVEYS = layout.SURVEYS

# -- the import's settings -----------------------------------------------------------------------

DAY_FIRST, MONTH_FIRST = "DMY", "MDY"


@dataclass(frozen=True)
class SurveySettings:
    """The import's settings, from the named cells on Pemetaan Kolom (``layout.SURVEY_SETTINGS``)."""

    date_order: str | None = None  # DAY_FIRST, MONTH_FIRST, or None: a date that reads two ways is reported
    year: int = 2024
    spkp_scale: int = 4
    spak_scale: int = 4
    conversion: str = PROPORTIONAL
    threshold: Fraction | None = None  # the office's own bound on the 100-point scale
    fixed_satker: str | None = None
    zone: str | None = None  # WIB, WITA or WIT (Pengaturan, Zona waktu); None: the cell is absent, the PC's zone

    @property
    def tzinfo(self) -> dt.tzinfo:
        return office_zone(self.zone)

    def scale(self, survey: str) -> int:
        return {"SPKP": self.spkp_scale, "SPAK": self.spak_scale}[survey]

    def scales_text(self) -> str:
        """The questionnaire scales and the conversion, as the Kanwil summary shows them per file."""
        return (
            f"SPKP 1–{self.spkp_scale}, SPAK 1–{self.spak_scale}; konversi "
            f"{layout.SCALE_CONVERSION_LABELS[self.conversion]}"
        )

    def describe(self) -> str:
        order = layout.DATE_ORDER_LABELS[self.date_order]
        threshold = "tidak ada" if self.threshold is None else format_number(float(self.threshold), 2)
        return (
            f"urutan tanggal {order}; tahun {self.year}; skala SPKP 1–{self.spkp_scale}, SPAK 1–{self.spak_scale}; "
            f"konversi {layout.SCALE_CONVERSION_LABELS[self.conversion]}; batas kantor {threshold}"
        )


def _setting_problem(setting: layout.Setting, raw: object, expected: str) -> InputError:
    return InputError(
        f"survey setting {setting.defined_name} must be {expected}, got {raw!r}",
        f"Pemetaan Kolom, '{setting.label}' harus {expected}, bukan {describe_value(raw)}.",
    )


def _whole(raw: object, setting: layout.Setting, lowest: int, highest: int) -> int:
    value = raw
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not lowest <= value <= highest:
        raise _setting_problem(setting, raw, f"bilangan bulat {lowest}–{highest}")
    return value


def _choice(raw: object, setting: layout.Setting, labels: Mapping[object, str]) -> object:
    wanted = layout.name_key(raw)
    for code, label in labels.items():
        if wanted in (layout.name_key(label), layout.name_key(code)):
            return code
    choices = " atau ".join(f"'{label}'" for label in labels.values())
    raise _setting_problem(setting, raw, choices)


def _bound(raw: object, setting: layout.Setting) -> Fraction | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    value: object = raw
    if isinstance(raw, str) and re.fullmatch(r"\s*\d+(?:[.,]\d+)?\s*", raw):
        value = Fraction(raw.strip().replace(",", "."))
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool):
        value = Fraction(str(raw))
    if not isinstance(value, Fraction) or not 0 <= value <= 100:
        raise _setting_problem(setting, raw, "angka 0–100 atau kosong")
    return value


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code >= 0xD800:  # a byte that was not UTF-8 (a file name on Linux): the replacement character
        return "\ufffd"
    return chr(0x2421) if code == 0x7F else chr(0x2400 + code)  # the Unicode "symbol for" that control


def safe_text(value: object) -> object:
    """Text from a file or a file name, storable in any workbook: control characters shown as their
    Unicode symbols (␀, ␁, ␋), bytes that were not UTF-8 as �. Anything but text is returned as it is."""
    if isinstance(value, str) and _CONTROL.search(value):
        return _CONTROL.sub(_visible, value)
    return value


def padded(values: Sequence[object], width: int) -> list[object]:
    """A table row cut or padded with blanks to ``width`` cells."""
    return [*list(values)[:width], *[None] * (width - len(values))]


def text_or_none(raw: object) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    return text or None


# The office's time zone (sheet Pengaturan): the import's stamp, and timestamps written with an offset.
ZONE_SETTING = next(setting for setting in layout.DOCUMENT_SETTINGS if setting.field == "time_zone")
# Every named cell the import reads: its own settings on Pemetaan Kolom, and the office's zone.
SETTING_NAMES = (*(setting.defined_name for setting in layout.SURVEY_SETTINGS), ZONE_SETTING.defined_name)


def read_zone(raw: object) -> str:
    """WIB, WITA or WIT from the Zona waktu cell (spacing and case ignored); anything else is an ``InputError``."""
    text = " ".join(str(raw).split()).upper() if isinstance(raw, str) else ""
    if text in TIME_ZONES:
        return text
    choices = ", ".join(TIME_ZONES)
    raise InputError(
        f"{ZONE_SETTING.defined_name} must be one of {choices}, got {raw!r}",
        f"Sheet {layout.SHEET_SETTINGS}, '{ZONE_SETTING.label}' harus WIB, WITA atau WIT, bukan {describe_value(raw)}. "
        "Zona waktu kantor menentukan cap waktu impor dan bulan respons yang dikirim dengan zona lain.",
    )


def scales_of(found: Mapping[str, object]) -> str:
    """``SurveySettings.scales_text`` of a workbook's named cells; what cannot be read says so."""
    try:
        return survey_settings_from_cells(found).scales_text()
    except InputError as error:
        return f"tidak terbaca: {error.user_message}"


def survey_settings_from_cells(found: Mapping[str, object]) -> SurveySettings:
    """The settings from {defined name: cell value}; a name that is absent keeps its default."""
    by_key = {name.casefold(): value for name, value in found.items()}
    values: dict[str, object] = {}
    if ZONE_SETTING.defined_name.casefold() in by_key:
        values["zone"] = read_zone(by_key[ZONE_SETTING.defined_name.casefold()])
    for setting in layout.SURVEY_SETTINGS:
        key = setting.defined_name.casefold()
        if key not in by_key:
            continue
        raw = by_key[key]
        if setting.field == "date_order":
            values["date_order"] = _choice(raw, setting, layout.DATE_ORDER_LABELS)
        elif setting.field == "year":
            values["year"] = _whole(raw, setting, 2000, 2100)
        elif setting.field.endswith("_scale"):
            values[setting.field] = _whole(raw, setting, 2, 10)
        elif setting.field == "conversion":
            values["conversion"] = _choice(raw, setting, layout.SCALE_CONVERSION_LABELS)
        elif setting.field == "threshold":
            values["threshold"] = _bound(raw, setting)
        elif setting.field == "fixed_satker":
            values["fixed_satker"] = text_or_none(raw)
    return SurveySettings(**values)


# -- timestamps, read strictly ---------------------------------------------------------------------

# Seconds may carry a fraction (an .xlsx export, or a CSV saved from one); a time may end with its
# zone: "Z", "+07:00", "+0700", "GMT+7", "UTC+08:00" or an Indonesian zone name.
_TIME = (
    r"(?:[ T]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,](\d+))?)?(?:\s*([AaPp]\.?[Mm]\.?))?"
    r"(?:\s*(Z|(?:(?:GMT|UTC)\s*)?[+-]\d{1,2}(?:[:.]?\d{2})?|GMT|UTC|WIB|WITA|WIT))?)?"
)
_DAY_OR_MONTH_FIRST = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})" + _TIME, re.IGNORECASE)
_YEAR_FIRST = re.compile(r"(\d{4})[/-](\d{1,2})[/-](\d{1,2})" + _TIME, re.IGNORECASE)
_OFFSET = re.compile(r"(?:GMT|UTC)?\s*([+-])(\d{1,2})(?:[:.]?(\d{2}))?", re.IGNORECASE)
READABLE_EXAMPLES = "15/07/2024 10.32.05, 7/15/2024 10:32:05 atau 2024-07-15 10:32:05"
_SECOND = dt.timedelta(seconds=1)


class TimestampError(InputError):
    """A timestamp that cannot be read, or reads as two different dates."""


class AmbiguousTimestamp(TimestampError):
    """A timestamp that reads as two different dates (03/04/2024): both readings, so a caller can decide."""

    def __init__(self, message: str, user_message: str, day_first: dt.datetime, month_first: dt.datetime) -> None:
        super().__init__(message, user_message)
        self.day_first = day_first
        self.month_first = month_first


def office_zone(name: str | None) -> dt.tzinfo:
    """The office's zone (WIB, WITA, WIT) as a fixed offset; None: the PC's own zone."""
    if name is None:
        return dt.datetime.now().astimezone().tzinfo or dt.UTC
    return dt.timezone(dt.timedelta(hours=TIME_ZONES[name]))


def _zone_of(text: str) -> dt.tzinfo:
    upper = text.strip().upper()
    if upper in ("Z", "GMT", "UTC"):
        return dt.UTC
    if upper in TIME_ZONES:
        return dt.timezone(dt.timedelta(hours=TIME_ZONES[upper]))
    match = _OFFSET.fullmatch(text.strip())
    assert match is not None  # the timestamp pattern admits only these forms
    minutes = int(match[2]) * 60 + int(match[3] or 0)
    return dt.timezone(dt.timedelta(minutes=-minutes if match[1] == "-" else minutes))


def whole_second(moment: dt.datetime) -> dt.datetime:
    """A moment rounded to the nearest second, halves up, as Excel shows and saves it (23:59:59,6 is 00:00:00)."""
    if not moment.microsecond:
        return moment
    return moment.replace(microsecond=0) + (_SECOND if moment.microsecond >= 500_000 else dt.timedelta(0))


def _moment(year: int, month: int, day: int, time: tuple[str | None, ...], zone: dt.tzinfo) -> dt.datetime | None:
    """The moment in the office's zone (naive), or None when the numbers make no date."""
    hour, minute, second, fraction, half, offset = time
    try:
        hours = int(hour or 0)
        if half:
            if not 1 <= hours <= 12:
                return None
            hours = hours % 12 + (12 if half[0] in "Pp" else 0)
        moment = dt.datetime(year, month, day, hours, int(minute or 0), int(second or 0))
    except ValueError:
        return None
    if fraction:
        moment = whole_second(moment + dt.timedelta(microseconds=round(float("0." + fraction) * 1_000_000)))
    if offset:
        moment = moment.replace(tzinfo=_zone_of(offset)).astimezone(zone).replace(tzinfo=None)
    return moment


def read_timestamp(value: object, order: str | None, zone: dt.tzinfo | None = None) -> tuple[dt.datetime, str | None]:
    """The moment a response was sent, in the office's ``zone``, and the date order that alone could read it.

    A timestamp with an offset ("Z", "+08:00") is converted to ``zone`` (default WIB); fractions
    of a second are rounded to the nearest second in every format. Raises ``TimestampError`` for
    an unreadable timestamp and for one that contradicts ``order``; when ``order`` is None,
    ``AmbiguousTimestamp`` (a ``TimestampError``) for one that reads as two different dates.
    """
    zone = zone or dt.timezone(dt.timedelta(hours=TIME_ZONES["WIB"]))
    if isinstance(value, dt.datetime):  # an .xlsx export holds real dates: nothing to guess
        if value.tzinfo is not None:
            value = value.astimezone(zone)
        return whole_second(value.replace(tzinfo=None)), None
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day), None
    if not isinstance(value, str) or not value.strip():
        shown = "kosong" if value is None or isinstance(value, str) else describe_value(value)
        raise TimestampError(
            f"timestamp {value!r} is not a date",
            f"cap waktu {shown} bukan tanggal; yang dapat dibaca misalnya {READABLE_EXAMPLES}",
        )
    text = " ".join(value.split())
    match = _YEAR_FIRST.fullmatch(text)
    if match:
        moment = _moment(int(match[1]), int(match[2]), int(match[3]), match.groups()[3:], zone)
        if moment is None:
            raise _unreadable(text)
        return moment, None
    match = _DAY_OR_MONTH_FIRST.fullmatch(text)
    if match is None:
        raise _unreadable(text)
    first, second, year, time = int(match[1]), int(match[2]), int(match[3]), match.groups()[3:]
    day_first = _moment(year, second, first, time, zone)
    month_first = _moment(year, first, second, time, zone)
    label = layout.DATE_ORDER_LABELS
    if order in (DAY_FIRST, MONTH_FIRST):
        chosen = day_first if order == DAY_FIRST else month_first
        if chosen is None:
            other = month_first if order == DAY_FIRST else day_first
            hint = f" (dibaca {label[_other(order)]}: {format_date(other)})" if other else ""
            raise TimestampError(
                f"timestamp {text!r} is not a valid {order} date",
                f"cap waktu '{text}' tidak sesuai urutan {label[order]} yang ditetapkan di Pemetaan Kolom{hint}",
            )
        return chosen, None
    if day_first is None and month_first is None:
        raise _unreadable(text)
    if day_first is not None and month_first is not None and day_first != month_first:
        raise AmbiguousTimestamp(
            f"timestamp {text!r} is ambiguous: {day_first:%Y-%m-%d} or {month_first:%Y-%m-%d}",
            f"cap waktu '{text}' dapat dibaca dua cara: {format_date(day_first)} ({label[DAY_FIRST]}) atau "
            f"{format_date(month_first)} ({label[MONTH_FIRST]}); tentukan Urutan Tanggal di sheet Pemetaan Kolom",
            day_first,
            month_first,
        )
    if day_first is not None and month_first is not None:
        return day_first, None  # the same date either way (05/05/2024)
    if day_first is not None:
        return day_first, DAY_FIRST
    assert month_first is not None
    return month_first, MONTH_FIRST


_PLAIN_DATE = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})|(\d{4})[/-](\d{1,2})[/-](\d{1,2})")
_PLAIN_TIME = re.compile(r"(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?")
Day = tuple[int, int, int]  # (year, month, day)


def _day(year: int, month: int, day: int) -> Day | None:
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    return year, month, day


def plain_date(text: str) -> tuple[Day | None, Day | None, str] | None:
    """A timestamp's date part written plainly ("7/15/2024", "2024-07-15"): (day-first reading, month-first
    reading, the date as identity knows it: ``survey_counting.moment_key``); None for anything else.

    The same readings as ``read_timestamp``, for the import's fast path; a year-first date reads
    one way (both readings equal).
    """
    match = _PLAIN_DATE.fullmatch(text)
    if match is None:
        return None
    if match[3]:
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        day_first, month_first = _day(year, second, first), _day(year, first, second)
    else:
        year, month, day = int(match[4]), int(match[5]), int(match[6])
        day_first = month_first = _day(year, month, day)
    if day_first is None and month_first is None:
        return None
    low, high = sorted((day_first or month_first)[1:])  # type: ignore[index]
    return day_first, month_first, f"{year}-{low:02d}-{high:02d}"


def plain_time(text: str) -> tuple[int, int, int, str] | None:
    """A timestamp's time part written plainly ("10:32:05", "10.32.05", "10:32", or none): (hour, minute,
    second, "HH:MM:SS"); None for anything else (AM/PM, a zone, a fraction: ``read_timestamp`` reads those)."""
    if not text:
        return 0, 0, 0, "00:00:00"
    match = _PLAIN_TIME.fullmatch(text)
    if match is None:
        return None
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second, f"{hour:02d}:{minute:02d}:{second:02d}"


def parse_timestamp(value: object, order: str | None = None, zone: dt.tzinfo | None = None) -> dt.datetime:
    """``read_timestamp`` without the order it revealed."""
    return read_timestamp(value, order, zone)[0]


def _other(order: str) -> str:
    return MONTH_FIRST if order == DAY_FIRST else DAY_FIRST


def _unreadable(text: str) -> TimestampError:
    shown = safe_text(text if len(text) <= 60 else text[:57] + "…")
    return TimestampError(
        f"timestamp {text!r} is not a readable date and time",
        f"cap waktu '{shown}' tidak dapat dibaca sebagai tanggal dan jam; yang dapat dibaca misalnya {READABLE_EXAMPLES}",
    )


# -- the column mapping ----------------------------------------------------------------------------

ROLE_TIMESTAMP = "Cap waktu"
ROLE_SATKER = "Satuan kerja"
ROLE_SURVEY = "Jenis survei"
ROLE_RESPONSE_ID = "ID respons"
ROLE_QUESTION = "Pertanyaan"
ROLES = (ROLE_TIMESTAMP, ROLE_SATKER, ROLE_SURVEY, ROLE_RESPONSE_ID, ROLE_QUESTION)
ALTERNATIVES = "|"  # "Timestamp | Stempel waktu": any of these column titles

# What the template ships: it fits a Google Forms export in either language, with the example
# questionnaire below (its question titles start as these do). The questions are an EXAMPLE.
DEFAULT_MAPPING_ROWS: tuple[tuple[str, str | None, str | None, str, str | None], ...] = (
    (ROLE_TIMESTAMP, None, None, "Timestamp | Stempel waktu | Cap waktu", None),
    (ROLE_SATKER, None, None, "Satuan Kerja | Satker", None),
    (ROLE_SURVEY, None, None, "Jenis Survei", None),
    (ROLE_RESPONSE_ID, None, None, "ID Respons | Response ID", None),
    *((ROLE_QUESTION, "SPKP", code, f"{number}. {name}", code) for number, (code, name) in enumerate(IKM_ELEMENTS, 1)),
    (ROLE_QUESTION, "SPAK", "A1", "1. Perlakuan yang sama", None),
    (ROLE_QUESTION, "SPAK", "A2", "2. Tanpa pungutan di luar ketentuan", None),
    (ROLE_QUESTION, "SPAK", "A3", "3. Tanpa imbalan atau hadiah", None),
    (ROLE_QUESTION, "SPAK", "A4", "4. Tanpa calo", None),
    (ROLE_QUESTION, "SPAK", "A5", "5. Sesuai prosedur", None),
    (ROLE_QUESTION, "SPAK", "A6", "6. Keterbukaan biaya", None),
)
# The answer options of the questionnaire in the annex of PermenPANRB 14/2017, per element, worst
# to best (values 1–4). Wording checked against a published copy of the annex's questionnaire
# (pdfcoffee.com, "Permen 14 2017", a Kantor Camat's SKM questionnaire reproducing it: U1–U5, U7,
# U9); U6 and U8 as the regulation's annex words them (Kompeten; Dikelola dengan baik). An office
# whose form words its options otherwise adds them to the table Nilai Jawaban.
REGULATION_ANSWER_LABELS: tuple[tuple[str, tuple[str, str, str, str]], ...] = (
    ("U1", ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    ("U2", ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah")),
    ("U3", ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat")),
    ("U4", ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")),
    ("U5", ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    ("U6", ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten")),
    ("U7", ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah")),
    ("U8", ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik")),
    ("U9", ("Buruk", "Cukup", "Baik", "Sangat baik")),
)
# Answer labels of multiple-choice questions (a linear scale exports the number itself): the
# regulation's, then common agreement and satisfaction scales. Each label once.
DEFAULT_ANSWER_ROWS: tuple[tuple[str, int], ...] = tuple(
    dict.fromkeys(
        (label, value)
        for labels in (
            *(labels for _element, labels in REGULATION_ANSWER_LABELS),
            ("Tidak baik", "Kurang baik", "Baik", "Sangat baik"),
            ("Tidak puas", "Kurang puas", "Puas", "Sangat puas"),
            ("Sangat tidak setuju", "Tidak setuju", "Setuju", "Sangat setuju"),
        )
        for value, label in enumerate(labels, start=1)
    )
)
# What a form may write in its survey-type column, besides "SPKP" and "SPAK" themselves (a value that
# names exactly one of the two codes as a word, such as "Survei Persepsi Kualitas Pelayanan (SPKP)",
# is read as that survey too).
DEFAULT_SURVEY_VALUE_ROWS: tuple[tuple[str, str], ...] = (
    ("Survei Persepsi Kualitas Pelayanan", "SPKP"),
    ("Persepsi Kualitas Pelayanan", "SPKP"),
    ("Kualitas Pelayanan", "SPKP"),
    ("Survei Persepsi Anti Korupsi", "SPAK"),
    ("Survei Persepsi Antikorupsi", "SPAK"),
    ("Persepsi Anti Korupsi", "SPAK"),
    ("Anti Korupsi", "SPAK"),
    ("Antikorupsi", "SPAK"),
)


@dataclass(frozen=True)
class Question:
    survey: str
    code: str
    titles: tuple[str, ...]  # column titles it may have (exact, or the beginning of the title)
    element: str | None = None  # the IKM element (U1–U9) it asks about


@dataclass(frozen=True)
class ColumnMapping:
    timestamp: tuple[str, ...]
    satker: tuple[str, ...] = ()
    survey: tuple[str, ...] = ()
    response_id: tuple[str, ...] = ()
    questions: tuple[Question, ...] = ()
    answer_values: Mapping[str, int] = field(default_factory=dict)  # name_key(label) -> value
    survey_values: Mapping[str, str] = field(default_factory=dict)  # name_key(value in the file) -> survey

    def read_survey(self, value: object) -> str | None:
        """The survey a survey-type cell names: "SPKP", a value of the table, or a text naming one code as a word."""
        key = layout.name_key(value)
        if key in self.survey_values:
            return self.survey_values[key]
        named = {survey for survey in SURVEYS if re.search(rf"\b{survey.casefold()}\b", key)}
        return named.pop() if len(named) == 1 else None

    def questions_of(self, survey: str) -> tuple[Question, ...]:
        return tuple(question for question in self.questions if question.survey == survey)

    @property
    def ikm_survey(self) -> str | None:
        """The survey whose questions carry the nine IKM elements (the mapping allows one)."""
        for question in self.questions:
            if question.element:
                return question.survey
        return None


def _titles(raw: object) -> tuple[str, ...]:
    text = text_or_none(raw) or ""
    return tuple(part.strip() for part in text.split(ALTERNATIVES) if part.strip())


def _mapping_problem(row: int | None, english: str, indonesian: str) -> InputError:
    where = f"sheet {layout.SHEET_MAPPING}" + (f" baris {row}" if row is not None else "")
    return InputError(f"column mapping ({where}): {english}", f"Pemetaan kolom ({where}): {indonesian}.")


def mapping_from_rows(
    rows: Iterable[tuple[int | None, Sequence[object]]],
    answer_rows: Iterable[tuple[int | None, Sequence[object]]] = (),
    survey_value_rows: Iterable[tuple[int | None, Sequence[object]]] = (),
) -> ColumnMapping:
    """The mapping from the table's rows, each (sheet row, (role, survey, code, title, IKM element)).

    Every mistake is an ``InputError`` naming the row: a mapping that is wrong would count wrong.
    """
    roles = {layout.name_key(role): role for role in ROLES}
    surveys = {layout.name_key(survey): survey for survey in SURVEYS}
    found: dict[str, list[str]] = {role: [] for role in ROLES if role != ROLE_QUESTION}
    questions: list[Question] = []
    for row, values in rows:
        role_cell, survey_cell, code_cell, title_cell, element_cell = padded(values, 5)
        if all(text_or_none(value) is None for value in (role_cell, survey_cell, code_cell, title_cell, element_cell)):
            continue
        role = roles.get(layout.name_key(role_cell))
        if role is None:
            raise _mapping_problem(
                row,
                f"unknown role {role_cell!r}",
                f"isi kolom {describe_value(role_cell)} tidak dikenal; pilih salah satu: {', '.join(ROLES)}",
            )
        titles = _titles(title_cell)
        if not titles:
            raise _mapping_problem(row, "no column title", f"judul kolom untuk '{role}' kosong")
        if role != ROLE_QUESTION:
            found[role] += titles
            continue
        survey = surveys.get(layout.name_key(survey_cell))
        if survey is None:
            raise _mapping_problem(
                row,
                f"unknown survey {survey_cell!r}",
                f"survei {describe_value(survey_cell)} tidak dikenal; isi SPKP atau SPAK",
            )
        code = text_or_none(code_cell)
        if code is None:
            raise _mapping_problem(row, "no question code", "kode pertanyaan kosong")
        element = None
        if text_or_none(element_cell) is not None:
            element = str(text_or_none(element_cell)).split()[0].upper()  # "U1 Persyaratan" → U1
            if element not in IKM_ELEMENT_NAMES:
                raise _mapping_problem(
                    row,
                    f"unknown IKM element {element_cell!r}",
                    f"unsur IKM {describe_value(element_cell)} tidak dikenal; isi U1 sampai U9",
                )
        for other in questions:
            if other.survey == survey and layout.name_key(other.code) == layout.name_key(code):
                raise _mapping_problem(row, f"code {code} twice", f"kode {code} digunakan dua kali untuk {survey}")
            if element and other.element == element:
                raise _mapping_problem(row, f"element {element} twice", f"unsur IKM {element} digunakan dua kali")
        questions.append(Question(survey, code, titles, element))
    if not found[ROLE_TIMESTAMP]:
        raise _mapping_problem(None, "no timestamp column", f"tidak ada baris '{ROLE_TIMESTAMP}'")
    if not questions:
        raise _mapping_problem(None, "no question", f"tidak ada baris '{ROLE_QUESTION}'")
    tagged = [question for question in questions if question.element]
    if tagged:
        if len({question.survey for question in tagged}) > 1:
            raise _mapping_problem(None, "IKM elements in two surveys", "unsur IKM harus berada pada satu survei saja")
        missing = [code for code, _name in IKM_ELEMENTS if code not in {q.element for q in tagged}]
        if missing:
            raise _mapping_problem(
                None, f"IKM elements missing: {missing}", f"unsur IKM belum lengkap, belum ada: {', '.join(missing)}"
            )
    values: dict[str, int] = {}
    for row, answer in answer_rows:
        label_cell, value_cell = padded(answer, 2)
        label = text_or_none(label_cell)
        if label is None and text_or_none(value_cell) is None:
            continue
        where = f"sheet {layout.SHEET_MAPPING}, tabel {layout.TABLE_ANSWER_VALUES}" + (f" baris {row}" if row else "")
        number = value_cell
        if isinstance(number, float) and number.is_integer():
            number = int(number)
        if isinstance(number, str) and number.strip().isdigit():
            number = int(number)
        if label is None or isinstance(number, bool) or not isinstance(number, int) or number < 1:
            raise InputError(
                f"answer value row {row}: {label_cell!r} = {value_cell!r}",
                f"Nilai jawaban ({where}): isi jawaban dan nilainya (bilangan bulat 1 atau lebih), bukan "
                f"{describe_value(label_cell)} = {describe_value(value_cell)}.",
            )
        key = layout.name_key(label)
        if values.get(key, number) != number:
            raise InputError(
                f"answer {label!r} has two values",
                f"Nilai jawaban ({where}): '{label}' diberi dua nilai berbeda ({values[key]} dan {number}).",
            )
        values[key] = number
    surveys_named: dict[str, str] = {layout.name_key(survey): survey for survey in SURVEYS}
    for row, entry in survey_value_rows:
        text_cell, survey_cell = padded(entry, 2)
        text = text_or_none(text_cell)
        if text is None and text_or_none(survey_cell) is None:
            continue
        where = f"sheet {layout.SHEET_MAPPING}, tabel {layout.TABLE_SURVEY_VALUES}" + (f" baris {row}" if row else "")
        survey = surveys.get(layout.name_key(survey_cell))
        if text is None or survey is None:
            raise InputError(
                f"survey value row {row}: {text_cell!r} = {survey_cell!r}",
                f"Nilai jenis survei ({where}): isi teks di file ekspor dan surveinya (SPKP atau SPAK), bukan "
                f"{describe_value(text_cell)} = {describe_value(survey_cell)}.",
            )
        key = layout.name_key(text)
        if surveys_named.get(key, survey) != survey:
            raise InputError(
                f"survey value {text!r} names two surveys",
                f"Nilai jenis survei ({where}): '{text}' diberi dua survei berbeda ({surveys_named[key]} dan {survey}).",
            )
        surveys_named[key] = survey
    return ColumnMapping(
        timestamp=tuple(found[ROLE_TIMESTAMP]),
        satker=tuple(found[ROLE_SATKER]),
        survey=tuple(found[ROLE_SURVEY]),
        response_id=tuple(found[ROLE_RESPONSE_ID]),
        questions=tuple(questions),
        answer_values=values,
        survey_values=surveys_named,
    )


def default_mapping() -> ColumnMapping:
    return mapping_from_rows(
        enumerate(DEFAULT_MAPPING_ROWS), enumerate(DEFAULT_ANSWER_ROWS), enumerate(DEFAULT_SURVEY_VALUE_ROWS)
    )


# -- an export's columns ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportTable:
    """One export as plain values: its header row and its rows (each a sequence of cell values).

    A CSV also gives its whole ``text``, and as its rows are read, ``ends`` gets the text offset
    after each: an import can then skip the beginning of a file it counted before
    (``rows_after``) without reading it again.
    """

    name: str  # the file name, as the user knows it
    headers: Sequence[object]
    rows: Iterable[Sequence[object]]
    first_row: int = 2  # the file's row number of the first of ``rows`` (row 1 holds the headers)
    text: str | None = None
    ends: list[int] = field(default_factory=list)
    reopen: Callable[[int, int], Iterator[Sequence[object]]] | None = None

    def rows_after(self, offset: int, records: int) -> Iterator[Sequence[object]]:
        """The rows after the first ``records`` ones, which end at text ``offset`` (``ends`` restarts)."""
        assert self.reopen is not None
        self.ends.clear()
        return self.reopen(offset, records)


@dataclass(frozen=True)
class Columns:
    """Where, in one export, each mapped column is (0-based), and which surveys it answers."""

    timestamp: int
    satker: int | None
    survey: int | None
    response_id: int | None
    questions: Mapping[str, tuple[tuple[Question, int], ...]]  # survey -> its questions and their columns

    @property
    def surveys(self) -> tuple[str, ...]:
        return tuple(self.questions)

    @functools.cached_property
    def sorted_questions(self) -> Mapping[str, tuple[tuple[str, int], ...]]:
        """survey -> (question code, column) by code: the order a response's answers enter its key."""
        return {
            survey: tuple(sorted((question.code, index) for question, index in placed))
            for survey, placed in self.questions.items()
        }


def _file_problem(name: str, english: str, indonesian: str) -> InputError:
    return InputError(f"{name}: {english}", f"File {name}: {indonesian}")


def _exact_column(
    keys: Sequence[str], raw: Sequence[object], titles: tuple[str, ...], what: str, name: str
) -> int | None:
    wanted = {layout.name_key(title) for title in titles}
    places = [index for index, key in enumerate(keys) if key in wanted]
    if len(places) > 1:
        raise _file_problem(
            name,
            f"{len(places)} columns for {what}",
            f"ada {len(places)} kolom {what} ({', '.join(repr(raw[i]) for i in places)}); sisakan satu",
        )
    return places[0] if places else None


def resolve_columns(raw_headers: Sequence[object], mapping: ColumnMapping, name: str, fixed_satker: bool) -> Columns:
    """Find every mapped column in the export's header row; what is missing or doubled is an ``InputError``."""
    headers = [layout.name_key(header) for header in raw_headers]
    shown = ", ".join(f"'{text_or_none(h)}'" for h in raw_headers if text_or_none(h))[:600] or "(tidak ada)"
    timestamp = _exact_column(headers, raw_headers, mapping.timestamp, "cap waktu", name)
    if timestamp is None:
        raise _file_problem(
            name,
            f"no timestamp column {mapping.timestamp}",
            f"kolom cap waktu tidak ditemukan (dicari: {', '.join(mapping.timestamp)}). Kolom yang ada: {shown}. "
            f"Sesuaikan sheet {layout.SHEET_MAPPING}.",
        )
    satker = _exact_column(headers, raw_headers, mapping.satker, "satuan kerja", name) if mapping.satker else None
    if satker is None and not fixed_satker:
        raise _file_problem(
            name,
            "no satker column",
            f"kolom satuan kerja tidak ditemukan (dicari: {', '.join(mapping.satker) or '-'}). Kolom yang ada: {shown}. "
            f"Untuk formulir satu satker, isi 'Satker untuk file tanpa kolom satker' di sheet {layout.SHEET_MAPPING}.",
        )
    survey = _exact_column(headers, raw_headers, mapping.survey, "jenis survei", name) if mapping.survey else None
    response_id = (
        _exact_column(headers, raw_headers, mapping.response_id, "ID respons", name) if mapping.response_id else None
    )
    taken: dict[int, Question] = {}
    per_survey: dict[str, tuple[tuple[Question, int], ...]] = {}
    missing: dict[str, list[str]] = {}
    for survey_name in SURVEYS:
        placed = []
        for question in mapping.questions_of(survey_name):
            titles = [layout.name_key(title) for title in question.titles]
            places = [i for i, header in enumerate(headers) if header in titles]
            if not places:  # no exact title: the title may be the beginning of a longer question
                places = [i for i, header in enumerate(headers) if any(header.startswith(t) for t in titles)]
            if len(places) > 1:
                raise _file_problem(
                    name,
                    f"question {question.code} matches {len(places)} columns",
                    f"pertanyaan {survey_name} {question.code} ('{question.titles[0]}') cocok dengan {len(places)} "
                    f"kolom: {', '.join(repr(raw_headers[i]) for i in places)}. Tulis judul yang lebih lengkap di "
                    f"sheet {layout.SHEET_MAPPING}.",
                )
            if not places:
                missing.setdefault(survey_name, []).append(f"{question.code} ('{question.titles[0]}')")
                continue
            if places[0] in taken or places[0] in (timestamp, satker, survey, response_id):
                raise _file_problem(
                    name,
                    f"column {raw_headers[places[0]]!r} mapped twice",
                    f"kolom '{raw_headers[places[0]]}' dipetakan dua kali (pertanyaan {question.code} dan "
                    f"{taken[places[0]].code if places[0] in taken else 'kolom lain'})",
                )
            taken[places[0]] = question
            placed.append((question, places[0]))
        if placed and survey_name in missing:
            raise _file_problem(
                name,
                f"{survey_name} questions missing: {missing[survey_name]}",
                f"kolom pertanyaan {survey_name} tidak lengkap; tidak ditemukan: {'; '.join(missing[survey_name])}. "
                f"Kolom yang ada: {shown}",
            )
        if placed:
            per_survey[survey_name] = tuple(placed)
    if not per_survey:
        raise _file_problem(
            name,
            "no survey's questions",
            f"kolom pertanyaan SPKP maupun SPAK tidak ditemukan. Kolom yang ada: {shown}. Sesuaikan judul kolom "
            f"pertanyaan di sheet {layout.SHEET_MAPPING}.",
        )
    return Columns(timestamp, satker, survey, response_id, per_survey)


# -- answers -----------------------------------------------------------------------------------------


class UnknownLabel(InputError):
    """An answer that is neither a number nor a label of the table Nilai Jawaban: ``label`` is the text."""

    def __init__(self, message: str, user_message: str, label: str) -> None:
        super().__init__(message, user_message)
        self.label = label


def read_answer(value: object, scale: int, labels: Mapping[str, int]) -> int | None:
    """One answer as a value 1–``scale``; None when blank. Raises ``InputError`` for anything else
    (``UnknownLabel`` for a text the table Nilai Jawaban lacks)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number: object = value
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d+(?:[.,]0+)?", text):
            number = int(re.split(r"[.,]", text)[0])
        elif layout.name_key(text) in labels:
            number = labels[layout.name_key(text)]
        else:
            shown = safe_text(" ".join(text.split()))
            shown = shown if len(shown) <= 60 else shown[:57] + "…"
            raise UnknownLabel(
                f"answer {text!r} is neither a number nor a known label",
                f"jawaban '{shown}' bukan angka 1–{scale} dan tidak ada di tabel Nilai Jawaban",
                str(shown),
            )
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    if isinstance(number, bool) or not isinstance(number, int):
        raise InputError(
            f"answer {value!r} is not a whole number", f"jawaban {describe_value(value)} bukan angka bulat"
        )
    if not 1 <= number <= scale:
        raise InputError(f"answer {number} outside 1–{scale}", f"jawaban {number} di luar skala 1–{scale}")
    return number


# -- the export files ------------------------------------------------------------------------------


EXPORT_SUFFIXES = (".csv", ".xlsx")
MAX_EXPORT_BYTES = 200 * 1024 * 1024  # far beyond any half year of responses; a mistaken file stops here
_DELIMITERS = ",;\t"


def _stat_problem(path: Path, error: OSError) -> FileError:
    name = safe_text(path.name)
    if error.errno == errno.ELOOP:
        return FileError(
            f"{path}: symbolic link loop",
            f"File {name} adalah pintasan (symbolic link) yang menunjuk dirinya sendiri atau berputar; pilih file "
            "aslinya.",
        )
    return FileError(f"cannot read {path}: {error}", f"File {name} tidak dapat dibaca ({os_error_reason(error)}).")


def refuse_link_loop(path: Path) -> None:
    """A ``FileError`` for a path that is a looping link (the workbook named with --ke, say); nothing else."""
    try:
        path.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise _stat_problem(path, error) from None


def export_files(sources: Iterable[str | os.PathLike]) -> list[Path | FileError]:
    """The export files ``sources`` name: a folder gives its .csv and .xlsx files (not its subfolders), by name.

    What cannot be used is a ``FileError`` in its place (a folder that cannot be read, a
    link that loops), so one bad source never stops the others.
    """
    found: list[Path | FileError] = []
    for source in sources:
        path = Path(source)
        try:
            is_folder = stat.S_ISDIR(path.stat().st_mode)
        except FileNotFoundError:
            found.append(path)  # read_export says it is missing
            continue
        except OSError as error:
            found.append(_stat_problem(path, error))
            continue
        if not is_folder:
            found.append(path)
            continue
        try:
            inside = sorted(path.iterdir(), key=lambda item: item.name.casefold())
        except OSError as error:
            found.append(_stat_problem(path, error))
            continue
        for item in inside:
            if item.suffix.lower() in EXPORT_SUFFIXES and not item.name.startswith(("~$", ".")):
                found.append(item)
    return found


def read_export(path: str | os.PathLike) -> ExportTable:
    """A response export as its header row and a lazy stream of rows. Raises ``FileError``.

    The rows raise ``FileError`` too, naming the line, when the file turns out damaged partway.
    """
    path = Path(path)
    name = safe_text(path.name)
    try:
        status = path.stat()
    except FileNotFoundError:
        raise FileError(f"no such file: {path}", f"File ekspor tidak ditemukan: {safe_text(str(path))}") from None
    except OSError as error:
        raise _stat_problem(path, error) from None
    if not stat.S_ISREG(status.st_mode):
        raise FileError(f"not a file: {path}", f"{name} bukan file ekspor (folder atau perangkat).")
    suffix = path.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise FileError(
            f"not a .csv or .xlsx export: {path}",
            f"File {name} bukan ekspor .csv atau .xlsx. Unduh respons formulir sebagai .csv, atau simpan "
            "sebagai Buku Kerja Excel (.xlsx).",
        )
    if status.st_size > MAX_EXPORT_BYTES:
        raise FileError(f"{path} is too large", f"File {name} terlalu besar untuk ekspor respons survei.")
    return _read_csv(path) if suffix == ".csv" else _read_xlsx(path)


def _delimiter(text: str) -> str:
    """The CSV's delimiter, from its first lines: Google Forms writes commas, Excel set to Indonesian semicolons.

    The standard library's ``csv.Sniffer`` decides from how each candidate splits every line
    alike, so a title holding commas in a semicolon file does not mislead it; a file it cannot
    decide (a single line) falls back to the mark that splits the header into most columns.
    """
    lines = text[: 64 * 1024].splitlines()[:20]
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=_DELIMITERS).delimiter
    except csv.Error:
        return max(_DELIMITERS, key=lambda mark: len(next(csv.reader([lines[0]], delimiter=mark))))


def _read_csv(path: Path) -> ExportTable:
    name = safe_text(path.name)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise _stat_problem(path, error) from None
    try:
        text = data.decode("utf-8-sig")  # the whole file at once: a bad byte anywhere stops it before any row counts
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FileError(
            f"{path} is not UTF-8 (line {line}, byte {error.start})",
            f"File {name} tidak tersimpan sebagai UTF-8 (baris {format_number(line)} berisi byte yang bukan UTF-8). "
            "Unduh ulang dari Google Forms, atau di Excel simpan sebagai 'CSV UTF-8 (dipisahkan koma)'.",
        ) from None
    if not text.strip():
        raise FileError(f"{path} is empty", f"File {name} kosong.")
    delimiter = _delimiter(text)
    stream = io.StringIO(text)
    try:
        headers = next(csv.reader(stream, delimiter=delimiter))
    except csv.Error as error:
        raise _csv_problem(path, error, 1) from None
    ends: list[int] = []

    def rows(offset: int, records: int) -> Iterator[list[object]]:
        """The rows from text ``offset`` on, after ``records`` rows; the offset after each goes to ``ends``."""
        stream = io.StringIO(text)
        stream.seek(offset)
        tell, append = stream.tell, ends.append
        record = records + 1  # the header is row 1
        try:
            for row in csv.reader(stream, delimiter=delimiter):
                record += 1
                append(tell())
                yield row
        except csv.Error as error:
            raise _csv_problem(path, error, record + 1) from None

    return ExportTable(path.name, headers, rows(stream.tell(), 0), text=text, ends=ends, reopen=rows)


def _csv_problem(path: Path, error: csv.Error, record: int) -> FileError:
    limit = csv.field_size_limit()
    reason = (
        f"ada isian lebih panjang dari {format_number(limit)} karakter"
        if "field larger" in str(error)
        else "susunan CSV tidak sah (tanda petik tidak berpasangan?)"
    )
    return FileError(
        f"{path}: CSV error at record {record}: {error}",
        f"File {safe_text(path.name)} rusak pada baris {format_number(record)}: {reason}.",
    )


def _read_xlsx(path: Path) -> ExportTable:
    name = safe_text(path.name)
    check_package(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        log.info("cannot load %s: %r", path, error)
        raise FileError(
            f"cannot open {path}: {type(error).__name__}: {error}",
            f"File {name} rusak atau bukan file Excel yang utuh.",
        ) from None
    sheet = book.worksheets[0]  # the form's responses sheet comes first in a Google Sheets download
    lines = sheet.iter_rows(values_only=True)
    try:
        headers = next(lines, None)
    except Exception as error:
        book.close()
        raise FileError(f"{path}: {error!r}", f"File {name} rusak pada baris 1.") from None
    if headers is None:
        book.close()
        raise FileError(f"{path} is empty", f"Sheet pertama file {name} kosong.")

    def rows() -> Iterator[Sequence[object]]:
        record = 1
        try:
            for record, row in enumerate(lines, start=2):  # noqa: B007 (the failing record is reported)
                yield row
        except MemoryError:
            raise
        except Exception as error:  # openpyxl raises many types for a damaged sheet
            raise FileError(
                f"{path}: damaged after record {record}: {error!r}",
                f"File {name} rusak pada baris {format_number(record + 1)} sehingga tidak dapat dibaca sampai akhir.",
            ) from None
        finally:
            book.close()

    return ExportTable(path.name, list(headers), rows())
