"""The monthly report to the head of office, computed from plain values. Pure Python.

From the Realisasi table as rows (satker, target, respondents per survey and target month as typed),
the target months in order, the chosen month and today's date, ``monthly_report`` computes what the
head wants to know each month: how many satker reached the SPKP and the SPAK target (counting only
those that reported, and saying so), who is below target (lowest first), who has not reported, who
has no target (listed apart, never counted as reached), how the semester is going, the Kanwil's
IKM and indices when imported, and two or three sentences written from those numbers.

Months are passed as data (``ReportMonth``: year, month and the label the workbook shows, e.g.
"Agustus 2024"), so the period settings decide them, not this module. A month after today's is
in the future: its numbers are empty (None), never 0. Nothing here divides by zero: a share with
nobody to count is None and is written as such.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from . import layout
from .errors import InputError, XlAddinError
from .indonesian import format_number, name_text
from .plan import read_count

__all__ = [
    "AFTER",
    "BEFORE",
    "BELOW",
    "DURING",
    "NOT_REPORTED",
    "NO_TARGET",
    "REACHED",
    "UNREADABLE",
    "IndexSummary",
    "MonthlyReport",
    "ReportMonth",
    "SatkerInput",
    "default_month",
    "kanwil_indices",
    "monthly_report",
    "percent_text",
]

SURVEYS = layout.SURVEYS

# What a satker's cell for one survey and month says.
REACHED = "reached"  # a readable count at or above the target
BELOW = "below"  # a readable count under the target
NOT_REPORTED = "not reported"  # blank
UNREADABLE = "unreadable"  # something typed that is no count of people (text, negative, fraction, error)
NO_TARGET = "no target"  # the satker has no target: never counted as reached

MonthKey = tuple[int, int]  # (year, month 1–12)


@dataclass(frozen=True)
class ReportMonth:
    """A target month as data: its year and number, and the label the workbook shows ("Agustus 2024")."""

    year: int
    month: int
    label: str

    @property
    def key(self) -> MonthKey:
        return (self.year, self.month)


@dataclass(frozen=True)
class SatkerInput:
    """One row of the Realisasi table, as read.

    ``target``: the satker's monthly target as read (a number, blank, or anything else: only a whole
    number above 0 is a target). ``counts``: {(survey, (year, month)): the cell as typed}; a key that
    is absent is a blank cell. ``cells``: optionally where each count sits ("E7"), for messages.
    """

    satker: object
    target: object
    counts: Mapping[tuple[str, MonthKey], object]
    cells: Mapping[tuple[str, MonthKey], str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return name_text(self.satker)


@dataclass(frozen=True)
class IndexSummary:
    """The IKM and the SPKP/SPAK indices of one group of respondents (the Kanwil's, or a satker's)."""

    respondents: Mapping[str, int]  # survey -> respondents counted
    ikm: Decimal | None = None  # 25–100, rounded to two decimals as the regulation grades it
    quality: str | None = None  # mutu pelayanan (A–D)
    performance: str | None = None  # kinerja unit pelayanan
    indices: Mapping[str, Fraction | None] = field(default_factory=dict)  # survey -> index on the 100 scale


# -- one satker, one survey, one month ----------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """What one satker reported for one survey and month."""

    status: str
    count: int | None = None  # the respondents, when readable
    target: int | None = None
    raw: object = None  # as typed (for an unreadable cell)
    problem: str | None = None  # why it is unreadable, in Indonesian

    @property
    def share(self) -> Fraction | None:
        """Respondents / target; None when either is missing (never a division by zero)."""
        if self.count is None or not self.target:
            return None
        return Fraction(self.count, self.target)


@dataclass(frozen=True)
class SatkerMonth:
    """One satker in the chosen month: its target and each survey's cell."""

    satker: object
    target: int | None
    cells: Mapping[str, Cell]
    position: int  # its row in the table (0-based): the order everything is listed in

    @property
    def name(self) -> str:
        return name_text(self.satker)

    def lowest_below(self) -> Fraction | None:
        """The lowest share among the surveys below target (None when none is)."""
        shares = [cell.share for cell in self.cells.values() if cell.status == BELOW and cell.share is not None]
        return min(shares, default=None)

    @property
    def missing(self) -> tuple[str, ...]:
        """The surveys not reported (blank) this month."""
        return tuple(survey for survey in SURVEYS if self.cells[survey].status == NOT_REPORTED)


@dataclass(frozen=True)
class SurveyMonth:
    """One survey in one month over the whole table; None everywhere for a month in the future."""

    survey: str
    with_target: int | None  # satker with a target
    reported: int | None  # of those, with a readable count
    reached: int | None
    below: int | None
    not_reported: int | None  # blank
    unreadable: int | None

    @property
    def share_reached(self) -> Fraction | None:
        """Satker at target / satker that reported: None when nobody reported."""
        if not self.reported:
            return None
        return Fraction(self.reached or 0, self.reported)


@dataclass(frozen=True)
class TrendMonth:
    month: ReportMonth
    future: bool
    surveys: Mapping[str, SurveyMonth]


@dataclass(frozen=True)
class SemesterSurvey:
    """One satker's (or the Kanwil's) respondents over the months so far.

    ``cumulative_target``: the target times the months so far; ``reported_target``: the target times the
    months reported (a month not reported adds nothing to ``total``).
    """

    total: int
    reported_months: int
    months_reached: int
    cumulative_target: int
    reported_target: int

    @property
    def share(self) -> Fraction | None:
        """Respondents / the cumulative target (a month not reported counts as none reached)."""
        if not self.cumulative_target:
            return None
        return Fraction(self.total, self.cumulative_target)

    @property
    def share_reported(self) -> Fraction | None:
        """Respondents / the target of the months reported: None when no month was."""
        if not self.reported_target:
            return None
        return Fraction(self.total, self.reported_target)


@dataclass(frozen=True)
class SemesterRow:
    satker: object
    target: int | None
    surveys: Mapping[str, SemesterSurvey]  # empty for a satker without a target

    @property
    def name(self) -> str:
        return name_text(self.satker)


@dataclass(frozen=True)
class Unreadable:
    satker: object
    survey: str
    month: ReportMonth
    raw: object
    problem: str
    cell: str | None

    @property
    def name(self) -> str:
        return name_text(self.satker)


@dataclass(frozen=True)
class MonthlyReport:
    month: ReportMonth
    months: tuple[ReportMonth, ...]  # the target months, in order
    today: dt.date
    satker: tuple[SatkerMonth, ...]  # every row, in the table's order
    surveys: Mapping[str, SurveyMonth]  # the chosen month, per survey
    trend: tuple[TrendMonth, ...]  # every target month
    semester: tuple[SemesterRow, ...]  # every row, in the table's order
    elapsed: tuple[ReportMonth, ...]  # target months from the first to the chosen one, none in the future
    unreadable: tuple[Unreadable, ...]  # cells of the elapsed months that hold no count
    kanwil: IndexSummary | None = None
    sentences: tuple[str, ...] = ()

    @property
    def future(self) -> bool:
        """The chosen month has not started yet."""
        return _is_future(self.month, self.today)

    @property
    def current(self) -> bool:
        """The chosen month is the month of today: its numbers may still grow."""
        return self.month.key == (self.today.year, self.today.month)

    @property
    def with_target(self) -> tuple[SatkerMonth, ...]:
        return tuple(row for row in self.satker if row.target)

    @property
    def without_target(self) -> tuple[SatkerMonth, ...]:
        """Satker without a target: listed apart, never counted as reached."""
        return tuple(row for row in self.satker if not row.target)

    @property
    def below(self) -> tuple[SatkerMonth, ...]:
        """Satker below target in at least one survey, the lowest share first (then the table's order)."""
        rows = [row for row in self.satker if row.lowest_below() is not None]
        return tuple(sorted(rows, key=lambda row: (row.lowest_below(), row.position)))

    @property
    def not_reported(self) -> tuple[SatkerMonth, ...]:
        """Satker with a target and a blank cell for at least one survey this month."""
        if self.future:
            return ()
        return tuple(row for row in self.with_target if row.missing)

    def semester_totals(self, survey: str) -> SemesterSurvey | None:
        """The Kanwil's respondents so far against the sum of the cumulative targets (satker with a target)."""
        rows = [row.surveys[survey] for row in self.semester if survey in row.surveys]
        if not rows or not self.elapsed:
            return None
        return SemesterSurvey(
            sum(row.total for row in rows),
            sum(row.reported_months for row in rows),
            sum(row.months_reached for row in rows),
            sum(row.cumulative_target for row in rows),
            sum(row.reported_target for row in rows),
        )

    def always_reached(self, survey: str) -> int:
        """Satker that reached the target in every elapsed month (all reported)."""
        return sum(
            1
            for row in self.semester
            if survey in row.surveys and self.elapsed and row.surveys[survey].months_reached == len(self.elapsed)
        )


# -- computing -------------------------------------------------------------------------------------

BEFORE, DURING, AFTER = "before", "during", "after"  # where a day stands against the target period


def default_month(months: Sequence[MonthKey], today: dt.date) -> tuple[MonthKey, str]:
    """The month a report is for when nobody names one: the latest target month that has begun on ``today``
    (the first month before the period starts, the last once it is over), and where ``today`` stands against
    the period (``BEFORE``, ``DURING`` or ``AFTER``). ``months``: the target months, in order."""
    now = (today.year, today.month)
    begun = [key for key in months if tuple(key) <= now]
    if not begun:
        return tuple(months[0]), BEFORE  # type: ignore[return-value]
    return tuple(begun[-1]), (AFTER if now > tuple(months[-1]) else DURING)  # type: ignore[return-value]


def _is_future(month: ReportMonth, today: dt.date) -> bool:
    return month.key > (today.year, today.month)


def _target(value: object) -> int | None:
    """A target is a whole number above 0; anything else (blank, "", 0, text, an error) is no target."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        target = read_count(value)
    except XlAddinError:
        return None
    return target or None


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell(raw: object, target: int | None) -> Cell:
    if _is_blank(raw):
        return Cell(NOT_REPORTED if target else NO_TARGET, target=target)
    try:
        count = read_count(raw)
    except XlAddinError as error:  # listed as unreadable, whether the satker has a target or not
        return Cell(UNREADABLE if target else NO_TARGET, target=target, raw=raw, problem=error.user_message)
    if not target:
        return Cell(NO_TARGET, count=count, raw=raw)
    return Cell(REACHED if count >= target else BELOW, count=count, target=target, raw=raw)


def _survey_month(survey: str, cells: Sequence[Cell], future: bool) -> SurveyMonth:
    if future:
        return SurveyMonth(survey, None, None, None, None, None, None)
    with_target = [cell for cell in cells if cell.target]

    def count(status: str) -> int:
        return sum(1 for cell in with_target if cell.status == status)

    reached, below = count(REACHED), count(BELOW)
    return SurveyMonth(
        survey, len(with_target), reached + below, reached, below, count(NOT_REPORTED), count(UNREADABLE)
    )


def monthly_report(
    rows: Sequence[SatkerInput],
    months: Sequence[ReportMonth],
    chosen: MonthKey,
    today: dt.date,
    kanwil: IndexSummary | None = None,
) -> MonthlyReport:
    """The report for the month ``chosen`` ((year, month), one of ``months``) as it stands on ``today``."""
    months = tuple(months)
    keys = [month.key for month in months]
    if len(set(keys)) != len(keys):
        raise ValueError(f"the target months repeat: {keys}")
    if tuple(chosen) not in keys:
        labels = ", ".join(month.label for month in months)
        raise InputError(
            f"month {chosen} is not a target month ({keys})",
            f"Bulan laporan harus salah satu bulan target: {labels}.",
        )
    index = keys.index(tuple(chosen))
    month = months[index]
    elapsed = tuple(m for m in months[: index + 1] if not _is_future(m, today))
    targets = [_target(row.target) for row in rows]
    grid = {
        (position, survey, m.key): _cell(row.counts.get((survey, m.key)), target)
        for position, (row, target) in enumerate(zip(rows, targets))
        for survey in SURVEYS
        for m in months
    }

    satker = tuple(
        SatkerMonth(row.satker, target, {s: grid[position, s, month.key] for s in SURVEYS}, position)
        for position, (row, target) in enumerate(zip(rows, targets))
    )
    trend = tuple(
        TrendMonth(
            m,
            _is_future(m, today),
            {s: _survey_month(s, [grid[p, s, m.key] for p in range(len(rows))], _is_future(m, today)) for s in SURVEYS},
        )
        for m in months
    )
    semester = []
    for position, (row, target) in enumerate(zip(rows, targets)):
        per_survey = {}
        if target:
            for s in SURVEYS:
                cells = [grid[position, s, m.key] for m in elapsed]
                reported = [cell for cell in cells if cell.status in (REACHED, BELOW)]
                per_survey[s] = SemesterSurvey(
                    sum(cell.count or 0 for cell in reported),
                    len(reported),
                    sum(1 for cell in reported if cell.status == REACHED),
                    target * len(elapsed),
                    target * len(reported),
                )
        semester.append(SemesterRow(row.satker, target, per_survey))
    unreadable = tuple(
        Unreadable(row.satker, s, m, cell.raw, cell.problem or "", row.cells.get((s, m.key)))
        for position, row in enumerate(rows)
        for m in elapsed
        for s in SURVEYS
        if (cell := grid[position, s, m.key]).problem is not None
    )
    report = MonthlyReport(
        month,
        months,
        today,
        satker,
        trend[index].surveys,
        trend,
        tuple(semester),
        elapsed,
        unreadable,
        kanwil,
    )
    return dataclasses.replace(report, sentences=tuple(sentences(report)))


# -- the Kanwil's indices, pooled over every satker's answers -------------------------------------------------


def kanwil_indices(tally, mapping, settings, year: int, month: int) -> IndexSummary | None:
    """The IKM and indices of every satker's respondents of one month together, from the stored answers.

    Pooled answer by answer (the sums and counts of each question added up over the satker), as the
    regulation computes one unit's IKM: not an average of the satker's IKM. None when nothing was imported
    for that month. ``tally``, ``mapping``, ``settings``: the survey import's ``Tally``, ``ColumnMapping``
    and ``SurveySettings``.
    """
    from .survey_indices import IKM_SCALE, compute_ikm, compute_index

    satker = sorted({key for (_survey, key, y, m) in tally.groups if (y, m) == (year, month)})
    if not satker:
        return None
    respondents: dict[str, int] = {}
    indices: dict[str, Fraction | None] = {}
    ikm = None
    for survey in SURVEYS:
        count, pooled = 0, {}
        for key in satker:
            people, scores = tally.scores(survey, key, [(year, month)])
            count += people
            for code, (total, answered) in scores.items():
                before = pooled.get(code, (0, 0))
                pooled[code] = (before[0] + total, before[1] + answered)
        respondents[survey] = count
        scale = tally.scales.get(survey, settings.scale(survey))
        codes = [question.code for question in mapping.questions_of(survey)]
        index = compute_index(survey, pooled, codes, scale, settings.conversion) if count else None
        indices[survey] = None if index is None else index.on_hundred
        if survey == mapping.ikm_survey and count and scale == IKM_SCALE:
            by_element = {q.element: pooled.get(q.code, (0, 0)) for q in mapping.questions_of(survey) if q.element}
            try:
                ikm = compute_ikm(by_element)
            except InputError:
                ikm = None  # an element nobody answered: no IKM, as the satker's own rows say
    return IndexSummary(
        respondents,
        ikm.rounded if ikm else None,
        ikm.grade.quality if ikm else None,
        ikm.grade.performance if ikm else None,
        indices,
    )


# -- the sentences -----------------------------------------------------------------------------------


def percent_text(share: Fraction | None) -> str:
    """87,5 % (always one decimal); a share under 1 never reads "100,0 %" (316 of 317 is "99,7 %")."""
    if share is None:
        return "–"
    shown = format_number(float(share * 100), 1)
    if "," not in shown:
        shown += ",0"
    if share < 1 and shown.startswith("100,"):
        shown = "99,9"
    return f"{shown} %"


def _list(names: Sequence[str]) -> str:
    """A, B dan C."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " dan " + names[-1]


def _count(number: int) -> str:
    return format_number(number)


def _attainment(report: MonthlyReport) -> str:
    label = report.month.label
    spkp, spak = (report.surveys[s] for s in SURVEYS)
    if report.future:
        return f"Bulan {label} belum berjalan, sehingga realisasi responden bulan itu belum dapat dilaporkan."
    if not spkp.with_target and not spak.with_target:
        return (
            f"Belum ada satuan kerja yang memiliki target responden untuk bulan {label}; hitung target terlebih "
            "dahulu (tombol Hitung Target)."
        )
    if not spkp.reported and not spak.reported:
        return (
            f"Sampai dengan {_date(report.today)}, belum ada satuan kerja yang melaporkan realisasi responden SPKP "
            f"maupun SPAK bulan {label}."
        )

    def clause(survey: SurveyMonth, who: str, ending: str) -> str:
        if not survey.reported:
            return f"realisasi {survey.survey} belum dilaporkan oleh satuan kerja mana pun"
        if survey.reached == survey.reported and survey.reported > 1:
            head = f"seluruh {_count(survey.reported)} satuan kerja"
        else:
            head = f"{_count(survey.reached or 0)} dari {_count(survey.reported)} satuan kerja"
        return f"{head}{who} {ending}"

    if spkp.reported == spak.reported:
        first = clause(spkp, " yang telah melapor", "mencapai target responden SPKP")
        text = f"Pada bulan {label}, {first} dan {clause(spak, '', 'mencapai target responden SPAK')}."
    else:
        first = clause(spkp, f" yang telah melaporkan {spkp.survey}", "mencapai targetnya")
        second = clause(spak, f" yang telah melaporkan {spak.survey}", "mencapai targetnya")
        text = f"Pada bulan {label}, {first}, sedangkan {second}."
    with_target = max(spkp.with_target or 0, spak.with_target or 0)
    silent = len(report.not_reported)
    if silent == 0 and with_target == 1:
        text += " Satuan kerja yang memiliki target telah melapor."
    elif silent == 0:
        text += f" Seluruh {_count(with_target)} satuan kerja yang memiliki target telah melapor."
    else:
        text += (
            f" Sebanyak {_count(silent)} dari {_count(with_target)} satuan kerja belum melaporkan sebagian atau "
            "seluruh realisasinya; persentase capaian hanya menghitung satuan kerja yang telah melapor."
        )
    return text


def _behind(report: MonthlyReport) -> str | None:
    """Who is below target (the lowest three named), who has not reported, whose cell cannot be read, who has no target."""
    if report.future or not report.with_target:
        return None
    lowest = sorted(
        (cell.share, row.position, f"{row.name} ({survey} {percent_text(cell.share)})")
        for row in report.below
        for survey in SURVEYS
        if (cell := row.cells[survey]).status == BELOW
    )
    parts = []
    if lowest:
        parts.append(
            f"sebanyak {_count(len(report.below))} satuan kerja yang melapor masih di bawah target; capaian terendah: "
            + _list([text for _share, _position, text in lowest[:3]])
        )
    elif any(report.surveys[s].reported for s in SURVEYS):
        parts.append("tidak ada satuan kerja yang melapor dengan realisasi di bawah target")
    silent = report.not_reported
    if 0 < len(silent) <= 3:
        parts.append("belum melapor: " + _list([row.name for row in silent]))
    junk = list(dict.fromkeys(u.name for u in report.unreadable if u.month == report.month))
    if junk:
        parts.append(
            f"isian {_count(len(junk))} satuan kerja tidak terbaca sebagai jumlah responden dan belum dihitung"
            + (f" ({_list(junk)})" if len(junk) <= 3 else "")
        )
    if report.without_target:
        names = [row.name for row in report.without_target]
        parts.append(
            "tanpa target dan tidak dihitung: " + _list(names)
            if len(names) <= 3
            else f"{_count(len(names))} satuan kerja belum memiliki target dan tidak dihitung"
        )
    if not parts:
        return None
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def _semester(report: MonthlyReport) -> str | None:
    """The months so far against the cumulative target (as the semester table), the monthly reports still
    missing, and the Kanwil's IKM when imported."""
    if report.future or not report.elapsed or not report.with_target:
        return None
    totals = {s: report.semester_totals(s) for s in SURVEYS}
    reported = [s for s in SURVEYS if totals[s] is not None and totals[s].reported_months]
    if not reported:
        return None
    elapsed = len(report.elapsed)
    of = f"bulan ke-{elapsed} dari {len(report.months)} bulan target" if elapsed > 1 else "bulan pertama"
    shares = " dan ".join(f"{percent_text(totals[s].share)} dari target kumulatif {s}" for s in reported)
    text = f"Sampai dengan {report.month.label} ({of}), realisasi responden mencapai {shares}"
    missing = {s: len(report.with_target) * elapsed - totals[s].reported_months for s in SURVEYS if totals[s]}
    if any(missing.values()):
        text += (
            "; "
            + _list([f"{_count(n)} laporan bulanan {s}" for s, n in missing.items() if n])
            + " belum masuk dan dihitung nol"
        )
    if elapsed > 1:
        always = [report.always_reached(s) for s in SURVEYS]
        if any(always):
            text += "; satuan kerja yang mencapai target pada setiap bulan: " + _list(
                [f"{_count(n)} untuk {s}" for n, s in zip(always, SURVEYS)]
            )
        else:
            text += "; belum ada satuan kerja yang mencapai target pada setiap bulan"
    text += "."
    ikm = report.kanwil
    if ikm is not None and (ikm.ikm is not None or any(v is not None for v in ikm.indices.values())):
        pieces = []
        if ikm.ikm is not None:
            pieces.append(
                f"Indeks Kepuasan Masyarakat (IKM) gabungan bulan {report.month.label} sebesar "
                f"{format_number(float(ikm.ikm), 2)} (mutu pelayanan {ikm.quality}, {ikm.performance}) dari "
                f"{_count(ikm.respondents.get(SURVEYS[0], 0))} responden SPKP"
            )
        values = [
            f"indeks {s} {format_number(float(value), 2)}" for s in SURVEYS if (value := ikm.indices.get(s)) is not None
        ]
        if values:
            pieces.append(("dengan " if pieces else f"Bulan {report.month.label}: ") + _list(values) + " (skala 100)")
        text += " " + ", ".join(pieces) + "."
    return text


def _date(day: dt.date) -> str:
    from .indonesian import format_date

    return format_date(day)


def sentences(report: MonthlyReport) -> list[str]:
    """Two or three plain sentences for the head of office, each written from the report's numbers."""
    return [text for text in (_attainment(report), _behind(report), _semester(report)) if text]
