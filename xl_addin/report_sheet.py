"""The *Laporan Bulanan* sheet: what it holds, as a ``SheetPlan`` every writer renders. Pure Python.

One A4 portrait page (two for a Kanwil of 26 satker): the sentences for the head of office, the month's
counts, the satker below target (lowest first), those that have not reported, those without a target,
unreadable cells, the months so far, the semester per satker and the Kanwil's indices when imported.

Live formulas where Excel can keep them current: the month's counts and the trend per month count the
Realisasi table's percentage columns (``COUNTIF(RealisasiResponden[% SPKP Agustus 2024],">=1")``), and a
line says when they no longer agree with what was written. Numbers the product writes otherwise: the
sentences, the sorted lists and the semester, as they stood when the report was made. A formula names
only columns whose header is this product's own text; any other header gets the number instead.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from . import layout
from .cells import Formula
from .indonesian import format_number
from .period import Period
from .port import Block, SheetPlan
from .realisation import read_column
from .report import (
    BELOW,
    NO_TARGET,
    NOT_REPORTED,
    REACHED,
    MonthKey,
    MonthlyReport,
    SurveyMonth,
)

__all__ = [
    "LiveColumns",
    "live_columns",
    "made_in_note",
    "month_in_title",
    "report_note",
    "report_plan",
    "report_title",
    "trend_formulas",
]

SURVEYS = layout.SURVEYS
COUNT = layout.COUNT_FORMAT
SHARE = "0.0%"
# Portrait A4: the satker's name (most on one line), then six narrow columns of numbers; printed fitted to the
# page's width, about 71 % (11-pt text prints at 7,8 pt, 10-pt notes at 7,1 pt).
WIDTHS = (48, 9, 9, 9, 9, 9, 12)
LAST_COLUMN = len(WIDTHS)
# The height a printed portrait page holds, in points of the sheet: 25,9 cm between the margins at 71 %.
PAGE_POINTS = 734 / 0.71
NOT_REPORTED_TEXT = "belum melapor"

# A header this product writes: "Target per Bulan", "SPKP Agustus 2024", "% SPAK Juli": words, digits,
# spaces and "%", nothing that could close the brackets of a structured reference or start anything else.
_SAFE_HEADER = re.compile(r"[A-Za-z0-9% ]+")


@dataclass(frozen=True)
class LiveColumns:
    """Where the counts can be live: the Realisasi table's name and the exact headers of its columns."""

    table: str
    target: str
    counts: Mapping[tuple[str, MonthKey], str]  # (survey, month) -> "SPKP Agustus 2024"
    shares: Mapping[tuple[str, MonthKey], str]  # (survey, month) -> "% SPKP Agustus 2024"

    def column(self, header: str) -> str:
        return f"{self.table}[{header}]"


def live_columns(table: str, headers: Sequence[object], months: Sequence[tuple[MonthKey, str]]) -> LiveColumns | None:
    """The table's columns a formula may name, found as every command finds them (by survey, month and year:
    ``realisation.read_column``), kept only when the header as written is this product's own kind of text.

    ``months``: ((year, month), its label); the columns are found by the (year, month).
    """
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", table):
        return None

    def safe(header: object) -> str | None:
        return header if isinstance(header, str) and _SAFE_HEADER.fullmatch(header) else None

    target = next((safe(h) for h in headers if layout.header_key(h) == layout.header_key(layout.COLUMN_TARGET)), None)
    if target is None:
        return None
    kinds: dict[tuple[str, str, MonthKey], object] = {}
    for header in headers:
        column = read_column(header)
        if column.kind in ("count", "percent") and column.survey and column.month:
            kinds.setdefault((column.kind, column.survey, column.month), header)
    counts, shares = {}, {}
    for key, _label in months:
        for survey in SURVEYS:
            count, share = safe(kinds.get(("count", survey, key))), safe(kinds.get(("percent", survey, key)))
            if count is not None and share is not None:
                counts[survey, key], shares[survey, key] = count, share
    return LiveColumns(table, target, counts, shares)


def trend_rows(period: Period) -> list[list[object]]:
    """The chart sheet's trend table (``layout.TABLE_TREND``): per month of ``period`` its label and its live
    counts over Realisasi's columns of that month (as the Realisasi headers name them)."""
    rows = []
    for month in period.month_labels:
        shares = {s: layout.PERCENT_PREFIX + layout.realisation_column(s, month) for s in SURVEYS}
        rows.append([month, *trend_formulas(layout.TABLE_REALISATION, layout.COLUMN_TARGET, shares)])
    return rows


def trend_formulas(table: str, target_header: str, share_headers: Mapping[str, str]) -> list[Formula]:
    """One month's live counts: satker with a target, then per survey those that reported and those that
    reached the target; "" (never 0) while nobody has reported that month."""
    formulas = [Formula(f'=COUNTIF({table}[{target_header}],">0")')]
    for _survey, header in share_headers.items():
        column = f"{table}[{header}]"
        formulas.append(Formula(f'=IF(COUNT({column})=0,"",COUNT({column}))'))
        formulas.append(Formula(f'=IF(COUNT({column})=0,"",COUNTIF({column},">=1"))'))
    return formulas


_TITLE = "Laporan Realisasi Responden SPKP dan SPAK, "


def report_title(label: str) -> str:
    """The report's title, in A1: it names the month ("…, Agustus 2024")."""
    return _TITLE + label


def report_note(made: str) -> str:
    """The line under the title: when the report was made, and what follows the Realisasi sheet."""
    return (
        f"Disusun {made} dari sheet {layout.SHEET_REALISATION}. Kalimat dan daftar menggambarkan angka saat itu; "
        "tabel capaian dan perkembangan per bulan mengikuti sheet Realisasi."
    )


def made_in_note(note: object) -> str | None:
    """When a report was made, from the line under its title ("3 September 2024 pukul 08.00 WIB"); None otherwise."""
    match = re.fullmatch(rf"Disusun (.+?) dari sheet {re.escape(layout.SHEET_REALISATION)}\. .*", str(note or ""))
    return match[1] if match else None


def month_in_title(title: object) -> str | None:
    """The month a report's title names ("Agustus 2024"); None for any other text."""
    if isinstance(title, str) and title.startswith(_TITLE) and title[len(_TITLE) :].strip():
        return title[len(_TITLE) :].strip()
    return None


class _Rows:
    """Blocks placed one under the other."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.merged: list[tuple[int, int, int]] = []
        self.row = 1

    def add(self, values, style: str = "body", formats=(), column: int = 1) -> int:
        top = self.row
        values = tuple(tuple(line) for line in values)
        self.blocks.append(Block(top, column, values, style, tuple(formats)))
        self.row += len(values)
        return top

    def paragraph(self, text: str, style: str = "paragraph") -> None:
        self.merged.append((self.row, 1, LAST_COLUMN))
        self.add([(text,)], style)

    def heading(self, text: str) -> None:
        self.skip()
        self.add([(text,)], "heading")

    def skip(self, rows: int = 1) -> None:
        self.row += rows


def _count(number: int | None) -> str:
    return "–" if number is None else format_number(number)


def _share(value) -> float | None:
    return None if value is None else float(value)


def _summary(rows: _Rows, report: MonthlyReport, live: LiveColumns | None) -> None:
    """The month's counts per survey; live where the table's columns are known."""
    month = report.month
    rows.heading(f"Capaian bulan {month.label}")
    rows.add(
        [
            (
                "Survei",
                "Satker bertarget",
                "Telah melapor",
                "Mencapai target",
                "Di bawah target",
                "Belum melapor",
                "% mencapai (dari yang melapor)",
            )
        ],
        "header",
    )
    first = rows.row
    lines = []
    checks = []
    for offset, survey in enumerate(SURVEYS):
        numbers: SurveyMonth = report.surveys[survey]
        row = first + offset
        values: list[object] = [
            survey,
            numbers.with_target,
            numbers.reported,
            numbers.reached,
            numbers.below,
            numbers.not_reported,
            _share(numbers.share_reached),
        ]
        key = (survey, month.key)
        if live is not None and key in live.shares and not report.future:
            share, count = live.column(live.shares[key]), live.column(live.counts[key])
            target = live.column(live.target)
            values[1:] = [
                Formula(f'=COUNTIF({target},">0")', numbers.with_target),
                Formula(f"=COUNT({share})", numbers.reported),
                Formula(f'=COUNTIF({share},">=1")', numbers.reached),
                Formula(f'=COUNTIF({share},"<1")', numbers.below),
                Formula(f'=COUNTIFS({target},">0",{count},"")', numbers.not_reported),
                # nobody reported: "" (as the formula gives); nobody reached: 0 %, a number
                Formula(
                    f'=IF(C{row}=0,"",D{row}/C{row})',
                    "" if numbers.share_reached is None else _share(numbers.share_reached),
                ),
            ]
            checks.append(f"C{row}={numbers.reported or 0},D{row}={numbers.reached or 0}")
        lines.append(values)
    rows.add(lines, "body", [(1, COUNT), (2, COUNT), (3, COUNT), (4, COUNT), (5, COUNT), (6, SHARE)])
    if checks:
        message = (
            "Angka di sheet Realisasi sudah berubah sejak laporan ini disusun: susun ulang laporan agar kalimat dan "
            "daftar di bawah sesuai."
        )
        rows.merged.append((rows.row, 1, LAST_COLUMN))
        rows.add([(Formula(f'=IF(AND({",".join(checks)}),"","{message}")', ""),)], "note")
    unreadable = sum(report.surveys[s].unreadable or 0 for s in SURVEYS)
    rows.paragraph(
        "Persentase hanya menghitung satuan kerja yang telah melapor. Satuan kerja tanpa target tidak dihitung"
        + (f"; {unreadable} isian tidak terbaca juga tidak dihitung (lihat di bawah)." if unreadable else "."),
        "note",
    )


def _below(rows: _Rows, report: MonthlyReport) -> None:
    rows.heading("Satuan kerja di bawah target (capaian terendah lebih dahulu)")
    if not report.below:
        rows.add([("Tidak ada.",)], "text")
        return
    rows.add([("Satuan Kerja", "Target", "SPKP", "Capaian SPKP", "SPAK", "Capaian SPAK")], "header")
    lines = []
    for row in report.below:
        line: list[object] = [row.satker, row.target]
        for survey in SURVEYS:
            cell = row.cells[survey]
            if cell.status in (REACHED, BELOW):
                line += [cell.count, _share(cell.share)]
            else:  # a blank would read as none reached: say why there is no number
                line += [NOT_REPORTED_TEXT if cell.status == NOT_REPORTED else "tidak terbaca", None]
        lines.append(line)
    rows.add(lines, "body", [(1, COUNT), (2, COUNT), (3, SHARE), (4, COUNT), (5, SHARE)])


def _missing(rows: _Rows, report: MonthlyReport) -> None:
    """Per survey, the satker with a target and a blank cell this month: their names in one wrapped cell."""
    rows.heading("Satuan kerja yang belum melapor")
    if not report.not_reported:
        rows.add([("Tidak ada: semua satuan kerja yang memiliki target telah melapor.",)], "text")
        return
    for survey in SURVEYS:
        names = [row.name for row in report.not_reported if survey in row.missing]
        if not names:
            continue
        rows.merged.append((rows.row, 2, LAST_COLUMN))
        rows.add([(f"{survey} ({format_number(len(names))} satuan kerja)", "; ".join(names) + ".")], "body")


def _without_target(rows: _Rows, report: MonthlyReport) -> None:
    if not report.without_target:
        return
    rows.heading("Satuan kerja tanpa target (tidak dihitung)")
    rows.add([("Satuan Kerja", "SPKP", "SPAK")], "header")
    lines = []
    for row in report.without_target:
        line: list[object] = [row.satker]
        for survey in SURVEYS:
            cell = row.cells[survey]
            line.append(cell.count if cell.status == NO_TARGET else None)
        lines.append(line)
    rows.add(lines, "body", [(1, COUNT), (2, COUNT)])
    rows.paragraph(
        "Satuan kerja ini tidak ada di tabel Target Responden atau targetnya kosong: hitung target (tombol Hitung "
        "Target) agar realisasinya dapat dinilai.",
        "note",
    )


def _unreadable(rows: _Rows, report: MonthlyReport) -> None:
    if not report.unreadable:
        return
    rows.heading("Isian realisasi yang tidak terbaca (tidak dihitung)")
    for item in report.unreadable:
        where = f" (sel {item.cell})" if item.cell else ""
        rows.paragraph(f"{item.name}, {item.survey} {item.month.label}{where}: {item.problem}", "text")


def _trend(rows: _Rows, report: MonthlyReport, live: LiveColumns | None) -> None:
    rows.heading("Perkembangan per bulan (jumlah satuan kerja)")
    rows.add(
        [
            (
                "Bulan",
                "Satker bertarget",
                "SPKP: melapor",
                "SPKP: mencapai target",
                "SPAK: melapor",
                "SPAK: mencapai target",
            )
        ],
        "header",
    )
    lines = []
    for month in report.trend:
        numbers = [month.surveys[s] for s in SURVEYS]
        # the targets hold for every month: the same count in each row, as the live formula gives
        values: list[object] = [month.month.label, report.surveys[SURVEYS[0]].with_target]
        for survey in numbers:
            reported = survey.reported or None  # nobody reported: empty, as a month still to come
            values += [reported, survey.reached if reported else None]
        keys = [(s, month.month.key) for s in SURVEYS]
        if live is not None and all(key in live.shares for key in keys):
            formulas = trend_formulas(live.table, live.target, {s: live.shares[s, month.month.key] for s in SURVEYS})
            values[1:] = [Formula(f, v if v is not None else "") for f, v in zip(formulas, values[1:])]
        lines.append(values)
    rows.add(lines, "body", [(offset, COUNT) for offset in range(1, 6)])


def _semester(rows: _Rows, report: MonthlyReport) -> None:
    elapsed = len(report.elapsed)
    if not elapsed:
        return
    rows.heading(
        f"Semester sampai dengan {report.month.label} ({elapsed} dari {len(report.months)} bulan target, "
        "dibandingkan dengan target kumulatif)"
    )
    rows.add(
        [
            (
                "Satuan Kerja",
                "Target kumulatif",
                "SPKP",
                "Capaian SPKP",
                "SPAK",
                "Capaian SPAK",
                "Bulan tercapai SPKP / SPAK",
            )
        ],
        "header",
    )
    lines = []
    for row in report.semester:
        if not row.target:
            continue
        line: list[object] = [row.satker, row.surveys[SURVEYS[0]].cumulative_target]
        for survey in SURVEYS:
            numbers = row.surveys[survey]
            line += [numbers.total, _share(numbers.share)]
        line.append(" / ".join(str(row.surveys[s].months_reached) for s in SURVEYS))
        lines.append(line)
    if not lines:
        rows.add([("Belum ada satuan kerja yang memiliki target.",)], "text")
        return
    rows.add(lines, "body", [(1, COUNT), (2, COUNT), (3, SHARE), (4, COUNT), (5, SHARE)])
    totals = [report.semester_totals(s) for s in SURVEYS]
    total: list[object] = [f"Jumlah ({format_number(len(lines))} satuan kerja bertarget)", totals[0].cumulative_target]
    for numbers in totals:
        total += [numbers.total, _share(numbers.share)]
    total.append(None)
    rows.add([total], "total", [(1, COUNT), (2, COUNT), (3, SHARE), (4, COUNT), (5, SHARE)])
    rows.paragraph(
        "Target kumulatif = target per bulan × bulan yang telah berjalan. Bulan yang belum dilaporkan dihitung nol; "
        "bulan tercapai dihitung dari bulan yang telah berjalan.",
        "note",
    )


def _indices(rows: _Rows, report: MonthlyReport) -> None:
    kanwil = report.kanwil
    if kanwil is None:
        return
    rows.heading(f"Indeks gabungan seluruh satuan kerja, {report.month.label} (dari Impor Survei)")
    lines: list[tuple[object, ...]] = [
        ("Responden SPKP", kanwil.respondents.get(SURVEYS[0], 0)),
        ("Responden SPAK", kanwil.respondents.get(SURVEYS[1], 0)),
        ("IKM (25–100)", None if kanwil.ikm is None else float(kanwil.ikm)),
        ("Mutu pelayanan", kanwil.quality),
        ("Kinerja unit pelayanan", kanwil.performance),
    ]
    for survey in SURVEYS:
        value = kanwil.indices.get(survey)
        lines.append((f"Indeks {survey} (skala 100)", None if value is None else round(float(value), 2)))
    for label, value in lines:
        number_format = COUNT if label.startswith("Responden") else "0.00"
        rows.add([(label, value)], "body", [(1, number_format)])
    rows.paragraph(
        "Dihitung dari jawaban semua satuan kerja bulan ini digabungkan (bukan rata-rata IKM satuan kerja), menurut "
        "PermenPANRB Nomor 14 Tahun 2017; lihat sheet Indeks Survei untuk tiap satuan kerja.",
        "note",
    )


def _lines(text: object, width: float, bold: bool = False) -> int:
    """Lines of ``text`` wrapped word by word in a column ``width`` units wide, as narrow as Excel draws
    11-pt Calibri (one character per unit; bold a tenth wider). A word longer than a line is split."""
    room = max(1.0, width * (0.9 if bold else 1.0))
    lines = 0
    for part in str("" if text is None else text).split("\n"):
        used = None
        for word in part.split() or [""]:
            size = len(word)
            if used is None:
                lines += max(1, math.ceil(size / room))
                used = size % room if size > room else size
            elif used + 1 + size <= room:
                used += 1 + size
            else:
                lines += max(1, math.ceil(size / room))
                used = size % room if size > room else size
    return max(lines, 1)


def _heights(rows: _Rows) -> dict[int, float]:
    """Every row's height: 15 points a line, for wrapped names, merged paragraphs and headers."""
    heights: dict[int, float] = {}
    merged = {row: (first, last) for row, first, last in rows.merged}
    for block in rows.blocks:
        for offset, line in enumerate(block.values):
            row = block.row + offset
            lines = 1
            if row in merged:
                first, last = merged[row]
                text = line[first - block.column] if 0 <= first - block.column < len(line) else ""
                lines = _lines(text, sum(WIDTHS[first - 1 : last]) * (1.1 if block.style == "note" else 1.0))
            if block.style == "header":
                lines = max(2, *(_lines(v, WIDTHS[block.column + i - 1], bold=True) for i, v in enumerate(line)))
            elif block.style in ("body", "total"):
                spans = merged.get(row, (0, 0))[0]
                for index, value in enumerate(line):
                    column = block.column + index
                    shown = value.value if isinstance(value, Formula) else value
                    if isinstance(shown, str) and column == 1 and column != spans:  # only names wrap
                        lines = max(lines, _lines(shown, WIDTHS[column - 1], bold=block.style == "total"))
            heights[row] = max(heights.get(row, 0), 15.0 * lines + (2 if block.style == "header" else 0))
    last = max(heights, default=0)
    return {row: heights.get(row, 15.0) for row in range(1, last + 1)}


def report_plan(
    report: MonthlyReport,
    made: str,
    office: str | None = None,
    live: LiveColumns | None = None,
) -> SheetPlan:
    """The *Laporan Bulanan* sheet for ``report``; ``made``: when it was made, as the office writes it
    ("3 September 2024 pukul 10.15 WITA"); ``office``: the office's name for the title and the page heads;
    ``live``: the Realisasi table's columns, for the formulas (None: numbers only, e.g. in the Kanwil summary).
    """
    rows = _Rows()
    rows.add([(report_title(report.month.label),)], "title")
    rows.paragraph(report_note(made), "note")  # merged across the page: every writer wraps it alike
    if office:
        rows.add([(office,)], "heading")
    rows.heading("Ringkasan")
    for sentence in report.sentences:
        rows.paragraph(sentence)
    _summary(rows, report, live)
    _below(rows, report)
    _missing(rows, report)
    _without_target(rows, report)
    _unreadable(rows, report)
    trend_start = rows.row + 1  # the trend's heading (after one blank row)
    _trend(rows, report, live)
    _semester(rows, report)
    _indices(rows, report)
    # The trend starts the second page when everything does not fit on one: the month on page 1, the semester
    # on page 2. A short report stays on one page.
    heights = _heights(rows)
    needs_break = sum(heights.values()) > PAGE_POINTS
    return SheetPlan(
        layout.SHEET_REPORT,
        tuple(rows.blocks),
        (),
        WIDTHS,
        landscape=False,
        break_before=trend_start if needs_break else None,
        wrap=(1,),
        document=True,
        office=office,
        merged=tuple(rows.merged),
        heights=tuple((row, None if height == 15.0 else height) for row, height in heights.items()),
    )
