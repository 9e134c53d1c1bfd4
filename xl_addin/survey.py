"""From survey answers to respondents per satker and month, and to the IKM, SPKP and SPAK indices.

Pure Python, no Excel objects: the adapters (``survey_workbook`` for files, ``ribbon`` for the
open workbook) read cells into plain values, hand them here, and write back what comes out.

* Reading an export (Google Forms, or the ministry's survey application): which column holds
  what comes from the mapping (sheet *Pemetaan Kolom*); timestamps are read strictly (a date
  that reads two ways is reported, never guessed); answers are numbers on the questionnaire's
  scale, or labels the mapping gives a value.
* Counting: a response is counted once, identified by the export's response id when there is
  one, else by its timestamp, satker and answers. What was counted is kept as sums per survey,
  satker, month and question, plus the keys of the responses, so importing a file again
  changes nothing.
* The IKM exactly as Peraturan Menteri PANRB Nomor 14 Tahun 2017 computes it, and the SPKP and
  SPAK indices (equal-weighted mean of the questions' means) with the office's choice of scale
  conversion.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from . import layout
from .errors import InputError, LayoutError
from .indonesian import MONTHS, describe_value, format_date, format_number

__all__ = [
    "IKM_ELEMENTS",
    "IKM_GRADES",
    "REGULATION",
    "ColumnMapping",
    "CountChange",
    "ExportTable",
    "FileReport",
    "ImportSession",
    "IndexRow",
    "SurveySettings",
    "Tally",
    "compute_ikm",
    "compute_index",
    "mapping_from_rows",
    "parse_timestamp",
    "survey_settings_from_cells",
]

SURVEYS = layout.SURVEYS

# -- IKM: Peraturan Menteri PANRB Nomor 14 Tahun 2017 --------------------------------------------

REGULATION = (
    "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 14 Tahun 2017 tentang "
    "Pedoman Penyusunan Survei Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik"
)
REGULATION_SHORT = "PermenPANRB Nomor 14 Tahun 2017"

# The nine elements (unsur) the regulation surveys, in its order.
IKM_ELEMENTS = (
    ("U1", "Persyaratan"),
    ("U2", "Sistem, mekanisme, dan prosedur"),
    ("U3", "Waktu penyelesaian"),
    ("U4", "Biaya/tarif"),
    ("U5", "Produk spesifikasi jenis pelayanan"),
    ("U6", "Kompetensi pelaksana"),
    ("U7", "Perilaku pelaksana"),
    ("U8", "Penanganan pengaduan, saran dan masukan"),
    ("U9", "Sarana dan prasarana"),
)
IKM_ELEMENT_NAMES = dict(IKM_ELEMENTS)
IKM_SCALE = 4  # answers 1–4
IKM_WEIGHT = Fraction(1, len(IKM_ELEMENTS))  # bobot = jumlah bobot / jumlah unsur = 1/9 (≈ 0,111)
IKM_FACTOR = 25  # converts the weighted mean (1–4) to 25–100


@dataclass(frozen=True)
class IkmGrade:
    """One row of the regulation's table: perception value, intervals, service quality, unit performance."""

    perception: int
    interval: str  # nilai interval (NI), on the 1–4 scale, as the table prints it
    converted: str  # nilai interval konversi (NIK), on the 25–100 scale
    lowest: Decimal  # the converted interval's lower bound
    quality: str  # mutu pelayanan
    performance: str  # kinerja unit pelayanan


IKM_GRADES = (
    IkmGrade(1, "1,00–2,5996", "25,00–64,99", Decimal("25.00"), "D", "Tidak baik"),
    IkmGrade(2, "2,60–3,064", "65,00–76,60", Decimal("65.00"), "C", "Kurang baik"),
    IkmGrade(3, "3,0644–3,532", "76,61–88,30", Decimal("76.61"), "B", "Baik"),
    IkmGrade(4, "3,5324–4,00", "88,31–100,00", Decimal("88.31"), "A", "Sangat baik"),
)


def round_half_up(value: Fraction, decimals: int = 2) -> Decimal:
    """``value`` rounded to ``decimals`` places, halves away from zero (as Excel's ROUND), exactly."""
    scaled = abs(value) * 10**decimals
    whole = (2 * scaled.numerator + scaled.denominator) // (2 * scaled.denominator)
    return Decimal(whole if value >= 0 else -whole).scaleb(-decimals)


def ikm_grade(rounded: Decimal) -> IkmGrade:
    """The table row of an IKM already rounded to two decimals, the precision of the table's bounds.

    The table's intervals (25,00–64,99; 65,00–76,60; 76,61–88,30; 88,31–100,00) leave no gap at
    two decimals, so the rounded value falls in exactly one of them.
    """
    for grade in reversed(IKM_GRADES):
        if rounded >= grade.lowest:
            return grade
    raise ValueError(f"IKM {rounded} is below 25")


@dataclass(frozen=True)
class ElementScore:
    """One element's answers: their sum and how many questionnaires answered it."""

    code: str
    total: int
    answered: int

    @property
    def name(self) -> str:
        return IKM_ELEMENT_NAMES[self.code]

    @property
    def mean(self) -> Fraction:
        """NRR per unsur = jumlah nilai per unsur / jumlah kuesioner yang terisi."""
        return Fraction(self.total, self.answered)

    @property
    def weighted(self) -> Fraction:
        """NRR tertimbang per unsur = NRR per unsur × bobot (1/9)."""
        return self.mean * IKM_WEIGHT


@dataclass(frozen=True)
class IkmResult:
    elements: tuple[ElementScore, ...]

    @property
    def weighted_total(self) -> Fraction:
        """The unit's weighted mean (1–4): the sum of the nine weighted means."""
        return sum((element.weighted for element in self.elements), Fraction(0))

    @property
    def value(self) -> Fraction:
        """IKM unit pelayanan × 25, exact."""
        return self.weighted_total * IKM_FACTOR

    @property
    def rounded(self) -> Decimal:
        return round_half_up(self.value, 2)

    @property
    def grade(self) -> IkmGrade:
        return ikm_grade(self.rounded)


def compute_ikm(scores: Mapping[str, tuple[int, int]]) -> IkmResult:
    """The IKM from each element's (sum of answers, questionnaires answering it), codes U1–U9.

    Raises ``InputError`` when an element has no answer or its numbers cannot come from 1–4 answers.
    """
    elements = []
    for code, _name in IKM_ELEMENTS:
        total, answered = scores.get(code, (0, 0))
        if answered <= 0:
            raise InputError(f"IKM element {code} has no answers", f"unsur {code} belum ada jawabannya")
        if not answered <= total <= IKM_SCALE * answered:
            raise InputError(
                f"IKM element {code}: sum {total} of {answered} answers is outside 1–4",
                f"unsur {code}: jumlah nilai {total} dari {answered} jawaban tidak mungkin pada skala 1–4",
            )
        elements.append(ElementScore(code, total, answered))
    return IkmResult(tuple(elements))


# -- SPKP and SPAK indices, and the scale conversion (the office's choice) -----------------------

PROPORTIONAL, RANGE = "proportional", "range"


def to_four(value: Fraction, scale: int, conversion: str) -> Fraction:
    """A mean on the 1–``scale`` questionnaire, on the 4-point scale."""
    if conversion == RANGE:
        return 1 + (value - 1) * Fraction(3, scale - 1)
    return value * Fraction(4, scale)


def to_hundred(value: Fraction, scale: int, conversion: str) -> Fraction:
    """A mean on the 1–``scale`` questionnaire, on the 100-point scale."""
    if conversion == RANGE:
        return to_four(value, scale, conversion) * 25
    return value * Fraction(100, scale)


def conversion_text(scale: int, conversion: str) -> str:
    """The conversion written out, for the sheet."""
    label = layout.SCALE_CONVERSION_LABELS[conversion]
    if scale == IKM_SCALE:
        return "skala kuesioner sudah 1–4 (kedua cara konversi sama); skala 100 = nilai × 25."
    if conversion == RANGE:
        return (
            f"Konversi {label} (pilihan kantor): skala 4 = 1 + (nilai − 1) × 3/{scale - 1}; "
            f"skala 100 = nilai skala 4 × 25 (rentang 25–100)."
        )
    return f"Konversi {label} (pilihan kantor): skala 4 = nilai × 4/{scale}; skala 100 = nilai × 100/{scale}."


@dataclass(frozen=True)
class SurveyIndex:
    survey: str
    scale: int
    conversion: str
    means: tuple[tuple[str, Fraction], ...]  # (question code, mean) of every answered question
    unanswered: tuple[str, ...] = ()

    @property
    def value(self) -> Fraction:
        """The equal-weighted mean of the questions' means, on the questionnaire's scale."""
        return sum((mean for _code, mean in self.means), Fraction(0)) / len(self.means)

    @property
    def on_four(self) -> Fraction:
        return to_four(self.value, self.scale, self.conversion)

    @property
    def on_hundred(self) -> Fraction:
        return to_hundred(self.value, self.scale, self.conversion)


def compute_index(
    survey: str, scores: Mapping[str, tuple[int, int]], codes: Sequence[str], scale: int, conversion: str
) -> SurveyIndex | None:
    """The survey's index from each question's (sum, answered); None when no question has an answer."""
    means = tuple((code, Fraction(*scores[code])) for code in codes if scores.get(code, (0, 0))[1] > 0)
    if not means:
        return None
    unanswered = tuple(code for code in codes if scores.get(code, (0, 0))[1] == 0)
    return SurveyIndex(survey, scale, conversion, means, unanswered)


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

    def scale(self, survey: str) -> int:
        return {"SPKP": self.spkp_scale, "SPAK": self.spak_scale}[survey]

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


def _padded(values: Sequence[object], width: int) -> list[object]:
    """A table row cut or padded with blanks to ``width`` cells."""
    return [*list(values)[:width], *[None] * (width - len(values))]


def _text_or_none(raw: object) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    return text or None


def survey_settings_from_cells(found: Mapping[str, object]) -> SurveySettings:
    """The settings from {defined name: cell value}; a name that is absent keeps its default."""
    by_key = {name.casefold(): value for name, value in found.items()}
    values: dict[str, object] = {}
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
            values["fixed_satker"] = _text_or_none(raw)
    return SurveySettings(**values)


# -- timestamps, read strictly ---------------------------------------------------------------------

_TIME = r"(?:[ T]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:\.\d+)?)?(?:\s*([AaPp]\.?[Mm]\.?))?)?"
_ZONE = r"(?:\s*(?:GMT|UTC)\s*[+-]\d{1,2}(?::?\d{2})?|Z)?"
_DAY_OR_MONTH_FIRST = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})" + _TIME + _ZONE)
_YEAR_FIRST = re.compile(r"(\d{4})[/-](\d{1,2})[/-](\d{1,2})" + _TIME + _ZONE)
READABLE_EXAMPLES = "15/07/2024 10.32.05, 7/15/2024 10:32:05 atau 2024-07-15 10:32:05"


class TimestampError(InputError):
    """A timestamp that cannot be read, or reads as two different dates."""


def _moment(year: int, month: int, day: int, time: tuple[str | None, ...]) -> dt.datetime | None:
    hour, minute, second, half = time
    try:
        hours = int(hour or 0)
        if half:
            if not 1 <= hours <= 12:
                return None
            hours = hours % 12 + (12 if half[0] in "Pp" else 0)
        return dt.datetime(year, month, day, hours, int(minute or 0), int(second or 0))
    except ValueError:
        return None


def read_timestamp(value: object, order: str | None) -> tuple[dt.datetime, str | None]:
    """The moment a response was sent, and the date order that alone could read it (else None).

    Raises ``TimestampError`` for an unreadable timestamp, for one that contradicts ``order``,
    and, when ``order`` is None, for one that reads as two different dates.
    """
    if isinstance(value, dt.datetime):  # an .xlsx export holds real dates: nothing to guess
        return value.replace(tzinfo=None), None
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
        moment = _moment(int(match[1]), int(match[2]), int(match[3]), match.groups()[3:])
        if moment is None:
            raise _unreadable(text)
        return moment, None
    match = _DAY_OR_MONTH_FIRST.fullmatch(text)
    if match is None:
        raise _unreadable(text)
    first, second, year, time = int(match[1]), int(match[2]), int(match[3]), match.groups()[3:]
    day_first = _moment(year, second, first, time)
    month_first = _moment(year, first, second, time)
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
        raise TimestampError(
            f"timestamp {text!r} is ambiguous: {day_first:%Y-%m-%d} or {month_first:%Y-%m-%d}",
            f"cap waktu '{text}' dapat dibaca dua cara: {format_date(day_first)} ({label[DAY_FIRST]}) atau "
            f"{format_date(month_first)} ({label[MONTH_FIRST]}); tentukan Urutan Tanggal di sheet Pemetaan Kolom",
        )
    if day_first is not None and month_first is not None:
        return day_first, None  # the same date either way (05/05/2024)
    if day_first is not None:
        return day_first, DAY_FIRST
    assert month_first is not None
    return month_first, MONTH_FIRST


def parse_timestamp(value: object, order: str | None = None) -> dt.datetime:
    """``read_timestamp`` without the order it revealed."""
    return read_timestamp(value, order)[0]


def _other(order: str) -> str:
    return MONTH_FIRST if order == DAY_FIRST else DAY_FIRST


def _unreadable(text: str) -> TimestampError:
    return TimestampError(
        f"timestamp {text!r} is not a readable date and time",
        f"cap waktu '{text}' tidak dapat dibaca sebagai tanggal dan jam; yang dapat dibaca misalnya {READABLE_EXAMPLES}",
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
# Answer labels of multiple-choice questions (a linear scale exports the number itself).
DEFAULT_ANSWER_ROWS: tuple[tuple[str, int], ...] = tuple(
    (label, value)
    for labels in (
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
        ("Tidak baik", "Kurang baik", "Baik", "Sangat baik"),
        ("Tidak puas", "Kurang puas", "Puas", "Sangat puas"),
        ("Sangat tidak setuju", "Tidak setuju", "Setuju", "Sangat setuju"),
    )
    for value, label in enumerate(labels, start=1)
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
    text = _text_or_none(raw) or ""
    return tuple(part.strip() for part in text.split(ALTERNATIVES) if part.strip())


def _mapping_problem(row: int | None, english: str, indonesian: str) -> InputError:
    where = f"sheet {layout.SHEET_MAPPING}" + (f" baris {row}" if row is not None else "")
    return InputError(f"column mapping ({where}): {english}", f"Pemetaan kolom ({where}): {indonesian}.")


def mapping_from_rows(
    rows: Iterable[tuple[int | None, Sequence[object]]], answer_rows: Iterable[tuple[int | None, Sequence[object]]] = ()
) -> ColumnMapping:
    """The mapping from the table's rows, each (sheet row, (role, survey, code, title, IKM element)).

    Every mistake is an ``InputError`` naming the row: a mapping that is wrong would count wrong.
    """
    roles = {layout.name_key(role): role for role in ROLES}
    surveys = {layout.name_key(survey): survey for survey in SURVEYS}
    found: dict[str, list[str]] = {role: [] for role in ROLES if role != ROLE_QUESTION}
    questions: list[Question] = []
    for row, values in rows:
        role_cell, survey_cell, code_cell, title_cell, element_cell = _padded(values, 5)
        if all(_text_or_none(value) is None for value in (role_cell, survey_cell, code_cell, title_cell, element_cell)):
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
        code = _text_or_none(code_cell)
        if code is None:
            raise _mapping_problem(row, "no question code", "kode pertanyaan kosong")
        element = None
        if _text_or_none(element_cell) is not None:
            element = str(_text_or_none(element_cell)).split()[0].upper()  # "U1 Persyaratan" → U1
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
        label_cell, value_cell = _padded(answer, 2)
        label = _text_or_none(label_cell)
        if label is None and _text_or_none(value_cell) is None:
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
    return ColumnMapping(
        timestamp=tuple(found[ROLE_TIMESTAMP]),
        satker=tuple(found[ROLE_SATKER]),
        survey=tuple(found[ROLE_SURVEY]),
        response_id=tuple(found[ROLE_RESPONSE_ID]),
        questions=tuple(questions),
        answer_values=values,
    )


def default_mapping() -> ColumnMapping:
    return mapping_from_rows(enumerate(DEFAULT_MAPPING_ROWS), enumerate(DEFAULT_ANSWER_ROWS))


# -- an export's columns ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportTable:
    """One export as plain values: its header row and its rows (each a sequence of cell values)."""

    name: str  # the file name, as the user knows it
    headers: Sequence[object]
    rows: Iterable[Sequence[object]]
    first_row: int = 2  # the file's row number of the first of ``rows`` (row 1 holds the headers)


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
    shown = ", ".join(f"'{_text_or_none(h)}'" for h in raw_headers if _text_or_none(h))[:600] or "(tidak ada)"
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


def read_answer(value: object, scale: int, labels: Mapping[str, int]) -> int | None:
    """One answer as a value 1–``scale``; None when blank. Raises ``InputError`` for anything else."""
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
            shown = text if len(text) <= 60 else text[:57] + "…"
            raise InputError(
                f"answer {text!r} is neither a number nor a known label",
                f"jawaban '{shown}' bukan angka 1–{scale} dan tidak ada di tabel Nilai Jawaban",
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


# -- identifying a response --------------------------------------------------------------------------


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def response_key(
    survey: str, response_id: str | None, when: dt.datetime, satker_key: str, answers: Mapping[str, int | None]
) -> str:
    """The key a response is counted under: from its id, else from timestamp, satker and answers.

    Answers enter by question code, so reordering the mapping's rows changes no key, and the
    .csv and .xlsx downloads of the same form give the same keys.
    """
    if response_id:
        return _digest(survey, "id", response_id)
    answered = ",".join(f"{code}={'' if value is None else value}" for code, value in sorted(answers.items()))
    return _digest(survey, "h", when.isoformat(timespec="seconds"), satker_key, answered)


KEYS_PER_CELL = 1000  # 1,000 keys of 17 characters stay far below a cell's 32,767


def pack_keys(keys: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Rows of the key table: up to ``KEYS_PER_CELL`` keys per cell, space-separated.

    One key per cell would make the workbook hold 200,000 cells for a Kanwil's half year,
    and every later open of the file would pay for them.
    """
    rows = []
    for start in range(0, len(keys), KEYS_PER_CELL):
        chunk = keys[start : start + KEYS_PER_CELL]
        rows.append((" ".join(key for key, _time in chunk), " ".join(time for _key, time in chunk if time)))
    return rows


def time_key(survey: str, when: dt.datetime, satker_key: str) -> str:
    """Timestamp and satker alone: the same respondent whose answers changed (an edited response)."""
    return _digest(survey, "t", when.isoformat(timespec="seconds"), satker_key)


# -- what has been counted -----------------------------------------------------------------------------

GroupKey = tuple[str, str, int, int]  # (survey, satker key, year, month 1–12)


@dataclass
class Group:
    respondents: int = 0
    scores: dict[str, list[int]] = field(default_factory=dict)  # code -> [sum of answers, answers given]

    def add(self, answers: Mapping[str, int | None]) -> None:
        self.respondents += 1
        for code, value in answers.items():
            score = self.scores.setdefault(code, [0, 0])
            if value is not None:
                score[0] += value
                score[1] += 1


@dataclass
class Tally:
    """Respondents and answer sums per (survey, satker, year, month); the store on sheet Data Survei."""

    groups: dict[GroupKey, Group] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # satker key -> the name as first written
    scales: dict[str, int] = field(default_factory=dict)  # survey -> the scale its answers were read on

    def add(self, survey: str, satker: str, year: int, month: int, answers: Mapping[str, int | None]) -> None:
        key = layout.name_key(satker)
        self.names.setdefault(key, satker)
        self.groups.setdefault((survey, key, year, month), Group()).add(answers)

    def respondents(self, survey: str, satker_key: str, year: int, month: int) -> int | None:
        group = self.groups.get((survey, satker_key, year, month))
        return None if group is None else group.respondents

    def copy(self) -> Tally:
        groups = {
            key: Group(group.respondents, {code: list(score) for code, score in group.scores.items()})
            for key, group in self.groups.items()
        }
        return Tally(groups, dict(self.names), dict(self.scales))

    def scores(
        self, survey: str, satker_key: str, year: int, months: Iterable[int]
    ) -> tuple[int, dict[str, tuple[int, int]]]:
        """Respondents and {code: (sum, answered)} pooled over ``months``."""
        respondents = 0
        pooled: dict[str, list[int]] = {}
        for month in months:
            group = self.groups.get((survey, satker_key, year, month))
            if group is None:
                continue
            respondents += group.respondents
            for code, (total, answered) in group.scores.items():
                into = pooled.setdefault(code, [0, 0])
                into[0] += total
                into[1] += answered
        return respondents, {code: (total, answered) for code, (total, answered) in pooled.items()}

    def rows(self) -> list[list[object]]:
        """The store's rows, in ``layout.SURVEY_DATA_HEADERS`` order, sorted for a stable sheet."""
        order = {survey: index for index, survey in enumerate(SURVEYS)}
        out = []
        for (survey, satker, year, month), group in sorted(
            self.groups.items(), key=lambda item: (order[item[0][0]], self.names[item[0][1]].casefold(), item[0][2:])
        ):
            for code, (total, answered) in group.scores.items():
                out.append(
                    [survey, self.names[satker], year, MONTHS[month - 1], group.respondents, code,
                     self.scales.get(survey), total, answered]
                )  # fmt: skip
        return out


def _store_problem(row: int | None, english: str, indonesian: str) -> LayoutError:
    where = f"sheet {layout.SHEET_SURVEY_DATA}" + (f" baris {row}" if row is not None else "")
    return LayoutError(
        f"survey data ({where}): {english}",
        f"Data survei tersimpan ({where}) tidak utuh: {indonesian}. Sheet ini diisi oleh Impor Survei dan tidak "
        "untuk diubah. Untuk menyusun ulang dari awal, impor kembali semua file ekspor dengan perintah "
        "xl-addin impor-survei … --ulang.",
    )


def tally_from_rows(rows: Iterable[tuple[int | None, Sequence[object]]]) -> Tally:
    """The store read back from its table rows, each (sheet row, values in SURVEY_DATA_HEADERS order)."""
    tally = Tally()
    surveys = {layout.name_key(survey): survey for survey in SURVEYS}
    months = {month.casefold(): number for number, month in enumerate(MONTHS, start=1)}

    def whole(value: object, row: int | None, what: str) -> int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise _store_problem(row, f"{what} {value!r}", f"{what} {describe_value(value)} bukan bilangan bulat")
        return value

    for row, values in rows:
        survey_cell, satker_cell, year_cell, month_cell, respondents, code, scale, total, answered = _padded(values, 9)
        if all(_text_or_none(value) is None for value in values):
            continue
        survey = surveys.get(layout.name_key(survey_cell))
        satker = _text_or_none(satker_cell)
        month = months.get(str(month_cell).strip().casefold()) if month_cell is not None else None
        code_text = _text_or_none(code)
        if survey is None or satker is None or month is None or code_text is None:
            raise _store_problem(row, "incomplete row", "survei, satuan kerja, bulan atau kode kosong/tidak dikenal")
        year = whole(year_cell, row, "tahun")
        scale_value = whole(scale, row, "skala")
        if tally.scales.setdefault(survey, scale_value) != scale_value:
            raise _store_problem(row, "two scales", f"skala {survey} berbeda antarbaris")
        key = layout.name_key(satker)
        tally.names.setdefault(key, satker)
        group = tally.groups.setdefault((survey, key, year, month), Group(whole(respondents, row, "responden")))
        if group.respondents != whole(respondents, row, "responden"):
            raise _store_problem(
                row, "respondents differ", f"jumlah responden {satker} {MONTHS[month - 1]} berbeda antarbaris"
            )
        if code_text in group.scores:
            raise _store_problem(
                row, "code twice", f"kode {code_text} muncul dua kali untuk {satker} {MONTHS[month - 1]}"
            )
        group.scores[code_text] = [whole(total, row, "jumlah nilai"), whole(answered, row, "jawaban terisi")]
    return tally


# -- one import: files in, counts and sheets out ----------------------------------------------------


@dataclass(frozen=True)
class Rejected:
    """A row that was not counted, and why (Bahasa Indonesia)."""

    file: str
    row: int | None
    survey: str | None
    satker: object
    reason: str


@dataclass
class FileReport:
    name: str
    surveys: tuple[str, ...] = ()
    rows_read: int = 0
    new: dict[str, int] = field(default_factory=dict)  # survey -> responses counted now
    earlier: int = 0  # responses an earlier import counted
    repeated: int = 0  # responses met a second time in this import (counted once)
    rejected: list[Rejected] = field(default_factory=list)  # rows not counted, with the reason
    duplicates: list[Rejected] = field(default_factory=list)  # rows repeating a row of the same file
    notices: list[str] = field(default_factory=list)
    failed: str | None = None  # why nothing of the file could be read (names the file)

    @property
    def counted(self) -> int:
        return sum(self.new.values())

    def summary(self) -> str:
        if self.failed:
            return f"{self.failed} Tidak ada yang dihitung dari file ini."
        surveys = ", ".join(self.surveys) or "-"
        parts = [f"{self.name} ({surveys}): {format_number(self.rows_read)} baris dibaca"]
        parts.append(f"{format_number(self.counted)} respons baru")
        if self.earlier:
            parts.append(f"{format_number(self.earlier)} sudah pernah diimpor")
        if self.repeated:
            parts.append(f"{format_number(self.repeated)} ganda (dihitung sekali)")
        if self.rejected:
            parts.append(
                f"{format_number(len(self.rejected))} tidak dihitung (lihat sheet {layout.SHEET_IMPORT_PROBLEMS})"
            )
        return ", ".join(parts) + "."


FILL, UPDATE, KEEP, OVERWRITE = "diisi", "diperbarui", "tidak diubah", "ditimpa"


@dataclass(frozen=True)
class CountChange:
    """One Realisasi cell the import fills, updates, overwrites, or keeps because a person typed it."""

    satker: str
    survey: str
    month: str
    row: int  # the cell's row, as the adapter numbered the Realisasi rows
    before: object
    after: int | None  # None: the cell is emptied (its imported responses are gone after --ulang)
    action: str

    @property
    def writes(self) -> bool:
        return self.action != KEEP

    def describe(self) -> str:
        where = f"{layout.realisation_column(self.survey, self.month)}, {self.satker}"
        before = describe_value(self.before)
        if self.action == FILL:
            return f"{where}: diisi {self.after}."
        if self.action == UPDATE and self.after is None:
            return f"{where}: {before} dikosongkan (data impor disusun ulang dan tidak ada respons lagi)."
        if self.action == UPDATE:
            return f"{where}: {before} → {self.after} (angka dari impor sebelumnya diperbarui)."
        if self.action == OVERWRITE:
            return f"{where}: {before} → {self.after} (angka yang diketik ditimpa atas permintaan)."
        return (
            f"{where}: berisi {before}, hasil impor {self.after}; tidak diubah karena angka itu tidak berasal dari "
            "impor. Kosongkan sel lalu impor lagi bila hasil impor yang benar."
        )


def _number(value: object) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    return None


def plan_counts(
    realisation: Sequence[tuple[int, object, Mapping[tuple[str, str], object]]],
    before: Tally,
    after: Tally,
    year: int,
    overwrite: bool,
) -> list[CountChange]:
    """What the import does to each Realisasi count cell: ``realisation`` is (row, satker, {(survey, month): value}).

    A cell is the import's when it is blank or still holds the number the previous import
    wrote; anything else was typed, and is kept unless ``overwrite``.
    """
    month_number = {month: number for number, month in enumerate(MONTHS, start=1)}
    changes = []
    seen: set[str] = set()
    for row, satker, cells in realisation:
        key = layout.name_key(satker)
        if not key or key in seen:
            continue  # a blank row, or a satker listed twice (the session says so)
        seen.add(key)
        name = _text_or_none(satker) or ""
        for (survey, month), current in cells.items():
            number = month_number[month]
            counted = after.respondents(survey, key, year, number)
            previous = before.respondents(survey, key, year, number)
            value = _number(current)
            blank = current is None or (isinstance(current, str) and not current.strip())
            if counted is None:
                if previous is not None and value is not None and value == previous:
                    changes.append(CountChange(name, survey, month, row, current, None, UPDATE))
                continue  # nothing imported for this cell: whatever a person typed stays
            if blank:
                action = FILL
            elif value is not None and value == counted:
                continue
            elif value is not None and previous is not None and value == previous:
                action = UPDATE
            else:
                action = OVERWRITE if overwrite else KEEP
            changes.append(CountChange(name, survey, month, row, current, counted, action))
    return changes


@dataclass(frozen=True)
class IndexRow:
    satker: str
    period: str  # a month, or PERIOD_ALL
    respondents: Mapping[str, int]
    ikm: IkmResult | None
    indices: Mapping[str, SurveyIndex | None]
    notes: tuple[str, ...] = ()


PERIOD_ALL = "Semua bulan"


def index_rows(
    tally: Tally,
    mapping: ColumnMapping,
    settings: SurveySettings,
    satker_order: Sequence[str],
    months: Sequence[str],
) -> list[IndexRow]:
    """One row per satker and month with answers, and one for the months pooled when there are two or more."""
    month_number = {month: number for number, month in enumerate(MONTHS, start=1)}
    wanted = [month_number[month] for month in months]
    present = {satker for (_survey, satker, year, _month) in tally.groups if year == settings.year}
    order = [key for key in dict.fromkeys(satker_order) if key in present]
    order += sorted(present - set(order), key=lambda key: tally.names[key].casefold())
    ikm_survey = mapping.ikm_survey
    rows = []
    for satker in order:
        with_data = [
            number
            for number in wanted
            if any((survey, satker, settings.year, number) in tally.groups for survey in SURVEYS)
        ]
        periods = [(MONTHS[number - 1], [number]) for number in with_data]
        if len(with_data) > 1:
            periods.append((PERIOD_ALL, with_data))
        for label, numbers in periods:
            respondents: dict[str, int] = {}
            indices: dict[str, SurveyIndex | None] = {}
            notes: list[str] = []
            ikm = None
            for survey in SURVEYS:
                count, scores = tally.scores(survey, satker, settings.year, numbers)
                respondents[survey] = count
                codes = [question.code for question in mapping.questions_of(survey)]
                scale = tally.scales.get(survey, settings.scale(survey))
                index = compute_index(survey, scores, codes, scale, settings.conversion) if count else None
                indices[survey] = index
                if index is not None and index.unanswered:
                    notes.append(
                        f"{survey}: pertanyaan {', '.join(index.unanswered)} belum dijawab, tidak ikut dirata-rata"
                    )
                if survey == ikm_survey and count:
                    if scale != IKM_SCALE:
                        notes.append(
                            f"IKM tidak dihitung: skala {survey} 1–{scale}, sedangkan IKM menggunakan skala 1–4"
                        )
                    else:
                        by_element = {
                            q.element: scores.get(q.code, (0, 0))
                            for q in mapping.questions_of(survey)
                            if q.element is not None
                        }
                        try:
                            ikm = compute_ikm(by_element)
                        except InputError as error:
                            notes.append(f"IKM tidak dihitung: {error.user_message}")
            rows.append(IndexRow(tally.names[satker], label, respondents, ikm, indices, tuple(notes)))
    return rows


class ImportSession:
    """One import: the workbook's state in, then each export, then what to write.

    ``realisation`` is the Realisasi table as (row, satker, {(survey, month): value}) for the
    target months that have a column; ``keys`` the stored (response key, time key) pairs.
    With ``restart`` the stored answers and keys are set aside: the files rebuild them.
    """

    def __init__(
        self,
        mapping: ColumnMapping,
        settings: SurveySettings,
        target_months: Sequence[str],
        realisation: Sequence[tuple[int, object, Mapping[tuple[str, str], object]]],
        stored: Tally,
        keys: Iterable[tuple[object, object]],
        restart: bool = False,
    ) -> None:
        self.mapping = mapping
        self.settings = settings
        self.months = tuple(target_months)
        self.realisation = realisation
        self.before = stored
        self.after = Tally() if restart else stored.copy()
        self.known: set[str] = set()  # keys of every response counted, stored or new
        self.stored_times: set[str] = set()
        if not restart:
            for key_cell, time_cell in keys:  # each cell holds many keys (``pack_keys``)
                self.known.update(str(key_cell or "").split())
                self.stored_times.update(str(time_cell or "").split())
        self.run: dict[str, tuple[str, int]] = {}  # key -> (file, row) of its first row in this import
        self.new_keys: list[tuple[str, str]] = []  # (response key, time key or "") counted in this import
        self.reports: list[FileReport] = []
        self.notices: list[str] = []
        self.satker: dict[str, str] = {}
        for _row, name, _cells in realisation:
            key = layout.name_key(name)
            if not key:
                continue
            if key in self.satker:
                self.notices.append(
                    f"{_text_or_none(name)} tercantum dua kali di tabel Realisasi; hanya baris pertama yang diisi."
                )
                continue
            self.satker[key] = _text_or_none(name) or ""
        for survey in SURVEYS:
            stored_scale = stored.scales.get(survey)
            if not restart and stored_scale is not None and stored_scale != settings.scale(survey):
                raise InputError(
                    f"stored {survey} answers are on 1–{stored_scale}, the setting says 1–{settings.scale(survey)}",
                    f"Jawaban {survey} yang sudah tersimpan menggunakan skala 1–{stored_scale}, sedangkan pengaturan skala "
                    f"{survey} di sheet {layout.SHEET_MAPPING} sekarang 1–{settings.scale(survey)}. Kembalikan "
                    "pengaturannya, atau impor ulang semua file dengan perintah xl-addin impor-survei … --ulang.",
                )
            self.after.scales.setdefault(survey, settings.scale(survey))
        months = {month: number for number, month in enumerate(MONTHS, start=1)}
        self._wanted = {months[month] for month in self.months}
        self._revealed = {DAY_FIRST: 0, MONTH_FIRST: 0}
        self._digits = {
            survey: {str(value): value for value in range(1, settings.scale(survey) + 1)} for survey in SURVEYS
        }

    # -- reading one export ---------------------------------------------------------------------

    def fail(self, name: str, message: str) -> FileReport:
        """Record a file that could not be read at all; ``message`` names it."""
        report = FileReport(name, failed=message)
        self.reports.append(report)
        return report

    def add(self, table: ExportTable) -> FileReport:
        """Count one export's rows; a file whose columns do not fit the mapping is reported, not read."""
        report = FileReport(table.name)
        self.reports.append(report)
        fixed = self.settings.fixed_satker
        try:
            columns = resolve_columns(table.headers, self.mapping, table.name, fixed_satker=fixed is not None)
        except InputError as error:
            report.failed = error.user_message
            return report
        if fixed is not None and columns.satker is None and layout.name_key(fixed) not in self.satker:
            report.failed = f"File {table.name}: satker tetap '{fixed}' (sheet {layout.SHEET_MAPPING}) tidak ada di tabel Realisasi."
            return report
        report.surveys = columns.surveys
        report.new = dict.fromkeys(columns.surveys, 0)
        self._revealed = {DAY_FIRST: 0, MONTH_FIRST: 0}
        ambiguous = 0
        for offset, row in enumerate(table.rows):
            if all(value is None or (isinstance(value, str) and not value.strip()) for value in row):
                continue  # a blank line is no response
            report.rows_read += 1
            ambiguous += self._read_row(report, columns, list(row), table.first_row + offset)
        revealed = [order for order, count in self._revealed.items() if count]
        if ambiguous and len(revealed) == 1:
            order = layout.DATE_ORDER_LABELS[revealed[0]]
            report.notices.append(
                f"File {table.name}: {format_number(ambiguous)} cap waktu dapat dibaca dua cara dan tidak dihitung. "
                f"Baris lain file ini hanya dapat dibaca sebagai {order}; bila seluruh file menggunakan urutan itu, pilih "
                f"'{order}' pada Urutan Tanggal di sheet {layout.SHEET_MAPPING} lalu impor ulang."
            )
        return report

    def _read_row(self, report: FileReport, columns: Columns, row: list[object], line: int) -> int:
        """Count one row; returns 1 when its timestamp read two ways (for the file's notice)."""

        def cell(index: int | None) -> object:
            return row[index] if index is not None and index < len(row) else None

        satker_cell = cell(columns.satker) if columns.satker is not None else self.settings.fixed_satker

        def reject(reason: str, survey: str | None = None) -> None:
            if survey is None and len(columns.surveys) == 1 and columns.survey is None:
                survey = columns.surveys[0]  # a file of one survey: every row is that survey's
            report.rejected.append(Rejected(report.name, line, survey, satker_cell, reason))

        surveys = columns.surveys
        if columns.survey is not None:
            named = {layout.name_key(survey): survey for survey in SURVEYS}.get(layout.name_key(cell(columns.survey)))
            if named is None or named not in surveys:
                reject(
                    f"jenis survei {describe_value(cell(columns.survey))} tidak dikenal atau pertanyaannya tidak ada"
                )
                return 0
            surveys = (named,)
        try:
            when, revealed = read_timestamp(cell(columns.timestamp), self.settings.date_order)
        except TimestampError as error:
            reject(error.user_message)
            return 1 if "dua cara" in error.user_message else 0
        if revealed is not None:
            self._revealed[revealed] += 1
        satker_key = layout.name_key(satker_cell)
        if not satker_key:
            reject("satuan kerja kosong")
            return 0
        if satker_key not in self.satker:
            reject(f"satuan kerja {describe_value(satker_cell)} tidak ada di tabel Realisasi")
            return 0
        if when.year != self.settings.year or when.month not in self._wanted:
            reject(f"dikirim {format_date(when)}, di luar bulan target ({', '.join(self.months)} {self.settings.year})")
            return 0
        response_id = _text_or_none(cell(columns.response_id)) if columns.response_id is not None else None
        for survey in surveys:
            scale = self.settings.scale(survey)
            digits = self._digits[survey]
            answers: dict[str, int | None] = {}
            problems = []
            for question, index in columns.questions[survey]:
                value = cell(index)
                if value in digits:  # "1".."scale" as the export wrote it: the common case, read without more ado
                    answers[question.code] = digits[value]
                    continue
                try:
                    answers[question.code] = read_answer(value, scale, self.mapping.answer_values)
                except InputError as error:
                    problems.append(f"{question.code}: {error.user_message}")
            if problems:
                reject("; ".join(problems), survey)
                continue
            if all(value is None for value in answers.values()):
                reject("semua jawaban kosong", survey)
                continue
            key = response_key(survey, response_id, when, satker_key, answers)
            if key in self.run:
                report.repeated += 1
                first_file, first_line = self.run[key]
                if first_file == report.name:
                    report.duplicates.append(
                        Rejected(
                            report.name, line, survey, satker_cell, f"sama dengan baris {first_line}; dihitung sekali"
                        )
                    )
                continue
            if key in self.known:
                report.earlier += 1
                continue
            moment = "" if response_id else time_key(survey, when, satker_key)
            if moment in self.stored_times:
                reject(
                    "cap waktu dan satuan kerja sama dengan respons yang sudah diimpor, tetapi jawabannya berbeda "
                    "(respons diubah pengisi, atau pemetaan kolom berubah); tidak dihitung dua kali",
                    survey,
                )
                continue
            self.known.add(key)
            self.run[key] = (report.name, line)
            self.new_keys.append((key, moment))
            self.after.add(survey, self.satker[satker_key], when.year, when.month, answers)
            report.new[survey] += 1
        return 0

    # -- the outcome ---------------------------------------------------------------------------------

    def counts(self, overwrite: bool) -> list[CountChange]:
        return plan_counts(self.realisation, self.before, self.after, self.settings.year, overwrite)

    def indices(self) -> list[IndexRow]:
        order = [layout.name_key(name) for _row, name, _cells in self.realisation]
        return index_rows(self.after, self.mapping, self.settings, order, self.months)


def session_message(reports: Sequence[FileReport], changes: Sequence[CountChange], notices: Sequence[str]) -> list[str]:
    """The lines a person reads after an import (command line and the ribbon's message)."""
    lines = [report.summary() for report in reports]
    written = [change for change in changes if change.writes]
    kept = [change for change in changes if not change.writes]
    lines.append(
        f"Realisasi: {format_number(len(written))} sel diisi atau diubah"
        + (f", {format_number(len(kept))} sel berisi angka ketikan tidak diubah" if kept else "")
        + "."
    )
    lines += [change.describe() for change in changes]
    for report in reports:
        lines += report.notices
    lines += list(notices)
    return lines


def missing_columns_notice(missing: Sequence[str]) -> str:
    """The notice when Realisasi lacks a survey month's column: the count is kept on the indices sheet only."""
    return (
        f"Kolom {', '.join(missing)} tidak ada di tabel {layout.TABLE_REALISATION}; jumlahnya hanya tercatat di "
        f"sheet {layout.SHEET_INDICES}."
    )
