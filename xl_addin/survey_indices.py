"""The IKM, and the SPKP and SPAK indices, from the answers counted per satker and month.

Pure Python. The IKM exactly as Peraturan Menteri PANRB Nomor 14 Tahun 2017 computes it; the SPKP
and SPAK indices as the equal-weighted mean of the questions' means, with the office's choice of
scale conversion. ``index_rows`` turns what the import has counted (``survey_counting.Tally``) into
one row per satker and month for the Indeks Survei sheet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from . import layout
from .errors import InputError
from .indonesian import MONTHS

if TYPE_CHECKING:  # only for annotations: the counting module imports this one
    from .survey_counting import Tally
    from .survey_exports import ColumnMapping, SurveySettings

__all__ = [
    "IKM_ELEMENTS",
    "IKM_GRADES",
    "KANWIL_ROW",
    "PERIOD_ALL",
    "REGULATION",
    "IkmResult",
    "IndexRow",
    "SurveyIndex",
    "compute_ikm",
    "compute_index",
    "index_rows",
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


@dataclass(frozen=True)
class IndexRow:
    satker: str
    period: str  # a month, or PERIOD_ALL
    respondents: Mapping[str, int]
    ikm: IkmResult | None
    indices: Mapping[str, SurveyIndex | None]
    notes: tuple[str, ...] = ()


PERIOD_ALL = "Semua bulan"
# The row that pools every satker's questionnaires (a Kanwil's workbook lists all its satker).
KANWIL_ROW = "Seluruh satker (gabungan responden)"
KANWIL_METHOD = (
    f"Baris '{KANWIL_ROW}': IKM dan indeks dihitung dari seluruh kuesioner semua satker sekaligus (NRR per unsur = "
    "jumlah nilai unsur itu di semua satker / jumlah kuesioner yang mengisinya), bukan rata-rata IKM satker; satker "
    "dengan lebih banyak responden berbobot lebih besar."
)


def _index_row(
    tally: Tally,
    mapping: ColumnMapping,
    settings: SurveySettings,
    satkers: Sequence[str],
    name: str,
    label: str,
    numbers: Sequence[int],
    target: int | None,
) -> IndexRow:
    """One row of the indices: ``satkers`` pooled (one satker, or all of them) over the months ``numbers``."""
    ikm_survey = mapping.ikm_survey
    respondents: dict[str, int] = {}
    indices: dict[str, SurveyIndex | None] = {}
    notes: list[str] = []
    ikm = None
    for survey in SURVEYS:
        count = 0
        scores: dict[str, tuple[int, int]] = {}
        for satker in satkers:
            found, answers = tally.scores(survey, satker, settings.year, numbers)
            count += found
            for code, (total, answered) in answers.items():
                before = scores.get(code, (0, 0))
                scores[code] = (before[0] + total, before[1] + answered)
        respondents[survey] = count
        codes = [question.code for question in mapping.questions_of(survey)]
        scale = tally.scales.get(survey, settings.scale(survey))
        index = compute_index(survey, scores, codes, scale, settings.conversion) if count else None
        indices[survey] = index
        if count and target is not None and count < target * len(numbers):
            wanted = target * len(numbers)
            per = f"target {target} per bulan" + (f" × {len(numbers)} bulan = {wanted}" if len(numbers) > 1 else "")
            notes.append(f"{survey}: {count} responden, kurang dari {per}; indeks belum mewakili")
        if index is not None and index.unanswered:
            notes.append(f"{survey}: pertanyaan {', '.join(index.unanswered)} belum dijawab, tidak ikut dirata-rata")
        if survey == ikm_survey and count:
            if scale != IKM_SCALE:
                notes.append(f"IKM tidak dihitung: skala {survey} 1–{scale}, sedangkan IKM menggunakan skala 1–4")
            else:
                by_element = {
                    q.element: scores.get(q.code, (0, 0)) for q in mapping.questions_of(survey) if q.element is not None
                }
                try:
                    ikm = compute_ikm(by_element)
                except InputError as error:
                    notes.append(f"IKM tidak dihitung: {error.user_message}")
    return IndexRow(name, label, respondents, ikm, indices, tuple(notes))


def index_rows(
    tally: Tally,
    mapping: ColumnMapping,
    settings: SurveySettings,
    satker_order: Sequence[str],
    months: Sequence[str],
    targets: Mapping[str, int] | None = None,
) -> list[IndexRow]:
    """One row per satker and month with answers, one for the months pooled when there are two or more, and
    when two or more satker have answers, the same for all satker pooled (``KANWIL_ROW``).

    ``targets``: {satker key: target per month}; a row resting on fewer responses than the target
    (times its months) says so in its note.
    """
    targets = targets or {}
    month_number = {month: number for number, month in enumerate(MONTHS, start=1)}
    wanted = [month_number[month] for month in months]
    present = {satker for (_survey, satker, year, _month) in tally.groups if year == settings.year}
    order = [key for key in dict.fromkeys(satker_order) if key in present]
    order += sorted(present - set(order), key=lambda key: tally.names[key].casefold())
    rows = []

    def periods(satkers: Sequence[str]) -> list[tuple[str, list[int]]]:
        with_data = [
            number
            for number in wanted
            if any((survey, satker, settings.year, number) in tally.groups for survey in SURVEYS for satker in satkers)
        ]
        found = [(MONTHS[number - 1], [number]) for number in with_data]
        if len(with_data) > 1:
            found.append((PERIOD_ALL, with_data))
        return found

    for satker in order:
        for label, numbers in periods([satker]):
            rows.append(
                _index_row(tally, mapping, settings, [satker], tally.names[satker], label, numbers, targets.get(satker))
            )
    if len(order) > 1:
        for label, numbers in periods(order):
            rows.append(_index_row(tally, mapping, settings, order, KANWIL_ROW, label, numbers, None))
    return rows
