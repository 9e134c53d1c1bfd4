"""The monthly report (*Laporan Bulanan*), written once on the workbook port: ``xl-addin laporan`` on a file, the
ribbon's *Laporan Bulanan* on the open workbook.

``make_report`` reads through the port (the target period and the office's name and time zone from Pengaturan,
the Realisasi table, the targets, the stored survey answers for the Kanwil's indices), decides in the pure core
(``report.monthly_report``, ``report_sheet.report_plan``) and writes the sheet back with ``replace_sheet``, after
*Grafik Realisasi*, with the office in the page heads. ``make_report_file`` is the same on a workbook file,
saved under the writer lock.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from . import commands, layout
from .cells import column_letter
from .document import is_unfilled
from .errors import InputError, LayoutError, XlAddinError
from .indonesian import format_date, format_datetime
from .period import Period, month_label
from .plan import Settings
from .port import ALL, WorkbookPort
from .report import (
    AFTER,
    BEFORE,
    IndexSummary,
    MonthKey,
    ReportMonth,
    SatkerInput,
    default_month,
    kanwil_indices,
    monthly_report,
)
from .report_sheet import LiveColumns, live_columns, report_plan

__all__ = ["ReportOutcome", "choose_month", "make_report", "make_report_file", "read_month"]

log = logging.getLogger(__name__)

# The report follows the charts: the head of office reads them together.
REPORT_AFTER = layout.SHEET_CHART


@dataclass(frozen=True)
class ReportOutcome:
    """What ``make_report`` wrote: the month, how it was chosen (when nobody named one), the sentences for the head of
    office, and notices (the indices left out, say)."""

    month: ReportMonth
    sentences: tuple[str, ...]
    chosen: str = ""
    notices: tuple[str, ...] = ()
    output: Path | None = None  # the file saved (the command line); None on the open workbook

    @property
    def sheet(self) -> str:
        return layout.SHEET_REPORT

    def lines(self) -> list[str]:
        """How the month was chosen, the sentences, the notices: what the command line and the ribbon say."""
        return [line for line in (self.chosen, *self.sentences, *self.notices) if line]

    def saved(self, output: Path) -> ReportOutcome:
        return replace(self, output=output)


# -- the month --------------------------------------------------------------------------------------


def read_month(text: str, period: Period, example: str) -> MonthKey:
    """The one month ``text`` names, read strictly (``Period.parse``), which must be a month of ``period``.

    ``example``: a month of the period to show in the message ("Agustus 2024"). Raises ``InputError``.
    """
    if not text.strip():
        raise InputError(
            "the report month is blank",
            f"Bulan laporan kosong. Tulis satu bulan dengan tahunnya, misalnya {example}.",
        )
    try:
        found = Period.parse(text)
    except InputError as error:
        # the reader's own example is a period ("Januari–Maret 2025"): a report is for one month of this one
        head, mark, _example = error.user_message.rpartition("Contoh penulisan: ")
        message = f"{head}{mark}{example}." if mark else f"{error.user_message} Contoh penulisan: {example}."
        raise InputError(f"report month {text!r}: {error}", f"Bulan laporan {message}") from None
    if len(found) > 1:
        raise InputError(
            f"report month {text!r} names {len(found)} months",
            f"Bulan laporan '{text.strip()}' memuat {len(found)} bulan ({found.label}); laporan disusun untuk satu "
            f"bulan. Contoh penulisan: {example}.",
        )
    if found.first not in period:
        setting = layout.SETTINGS_BY_FIELD["target_period"]
        raise InputError(
            f"report month {found.label} is not a month of the target period {period.label}",
            f"Bulan {found.label} di luar periode target {period.label} ('{setting.label}' di sheet "
            f"{layout.SHEET_SETTINGS}). Pilih salah satu bulan periode itu, misalnya {example}.",
        )
    return found.first


def choose_month(text: str | None, period: Period, today: dt.date) -> tuple[MonthKey, str]:
    """The report's month and, when ``text`` is None (nobody named one), the sentence saying which it is and why:
    the latest target month that has begun on ``today`` (``report.default_month``)."""
    default, where = default_month(period.months, today)
    if text is not None:
        return read_month(text, period, month_label(*default)), ""
    label = month_label(*default)
    if where == BEFORE:
        return default, f"Periode target {period.label} belum dimulai; laporan disusun untuk bulan pertamanya, {label}."
    if where == AFTER:
        return (
            default,
            f"Periode target {period.label} sudah berakhir; laporan disusun untuk bulan terakhirnya, {label}.",
        )
    return (
        default,
        f"Laporan disusun untuk {label}, bulan target terakhir yang sudah berjalan pada {format_date(today)}.",
    )


# -- reading ----------------------------------------------------------------------------------------


def _targets(book: WorkbookPort) -> dict[str, object]:
    """Each satker's target per month (TargetResponden), by name as the tables match names; the first of a name
    written twice."""
    table = book.table(layout.TABLE_TARGETS, read=(layout.COLUMN_SATKER, layout.COLUMN_TARGET))
    targets: dict[str, object] = {}
    for name, target in table.body:
        if layout.name_key(name):
            targets.setdefault(layout.name_key(name), target)
    return targets


def report_rows(book: WorkbookPort, period: Period) -> tuple[list[SatkerInput], LiveColumns | None]:
    """The Realisasi rows as typed (each with its target from TargetResponden and where its counts sit) and the
    table's columns the report's formulas may name. Every month of ``period`` must have its columns."""
    table = book.table(layout.TABLE_REALISATION, read=ALL)
    name = table.index(layout.COLUMN_SATKER)
    places: dict[tuple[str, MonthKey], int] = {}
    for survey in layout.SURVEYS:
        try:
            positions = period.locate(table.headers, prefix=survey, table=table.name)
        except LayoutError as error:
            setting = layout.SETTINGS_BY_FIELD["target_period"]
            raise LayoutError(
                f"the target period {period.label} does not match the Realisasi columns: {error}",
                f"Kolom bulan tabel {table.name} tidak sesuai '{setting.label}' di sheet {layout.SHEET_SETTINGS} "
                f"({period.label}): {error.user_message} Judul kolom menyebut survei, bulan dan tahunnya, misalnya "
                f"'{layout.realisation_column(survey, period.month_labels[0])}'.",
            ) from None
        places.update({(survey, key): position for key, position in zip(period.months, positions)})
    targets = _targets(book)
    rows = []
    for row, values in enumerate(table.body, start=table.first_row):
        satker = values[name]
        if not layout.name_key(satker):
            continue  # a row nobody has named yet
        counts = {key: values[position] for key, position in places.items()}
        cells = {key: f"{column_letter(table.first_column + position)}{row}" for key, position in places.items()}
        rows.append(SatkerInput(satker, targets.get(layout.name_key(satker)), counts, cells))
    live = live_columns(table.name, table.headers, [(key, month_label(*key)) for key in period.months])
    return rows, live


def kanwil_summary(book: WorkbookPort, named: Mapping[str, object], key: MonthKey) -> tuple[IndexSummary | None, str]:
    """The Kanwil's IKM and indices for the month ``key`` from the answers the survey import stored, pooled answer by
    answer; None when none were imported for that month. A store that cannot be read leaves them out, and says so."""
    from .survey_counting import tally_from_rows
    from .survey_exports import SETTING_NAMES, survey_settings_from_cells
    from .survey_workbook import mapping_of, rows_of

    try:
        stored = rows_of(book, layout.TABLE_SURVEY_DATA, layout.SURVEY_DATA_HEADERS)
        if not stored:
            return None, ""
        tally = tally_from_rows(stored)
        if not any((year, month) == key for (_survey, _satker, year, month) in tally.groups):
            return None, ""
        mapping = mapping_of(lambda table, headers: rows_of(book, table, headers), [])
        settings = survey_settings_from_cells({name: named[name] for name in SETTING_NAMES if name in named})
    except XlAddinError as error:
        return None, f"Indeks survei tidak dimuat di laporan: {error.user_message}"
    return kanwil_indices(tally, mapping, settings, *key), ""


def _office(documents: Mapping[str, object]) -> str | None:
    """The office's name as Pengaturan gives it; None while it is still a blank to fill."""
    office = documents.get("office")
    if not isinstance(office, str) or is_unfilled(office) or office == layout.DOCUMENT_SETTINGS[0].default:
        return None
    return " ".join(office.split())


def _now(documents: Mapping[str, object], when: dt.datetime | None) -> dt.datetime:
    """Now in the office's time zone (Pengaturan, read as the survey import reads it); the PC's own when the
    workbook has no such cell."""
    from .survey_exports import ZONE_SETTING, office_zone, read_zone

    zone = office_zone(read_zone(documents["time_zone"]) if ZONE_SETTING.field in documents else None)
    return (when or dt.datetime.now(zone)).astimezone(zone)


# -- the command ------------------------------------------------------------------------------------


def make_report(book: WorkbookPort, month: str | None = None, now: dt.datetime | None = None) -> ReportOutcome:
    """*Laporan Bulanan*: the report for ``month`` (a text naming one target month, read strictly; None: the latest
    target month that has begun) written on its sheet, as the office's clock stands ``now``."""
    from .survey_exports import SETTING_NAMES

    names = [s.defined_name for s in (*layout.SETTINGS, *layout.DOCUMENT_SETTINGS)] + list(SETTING_NAMES)
    named, broken = book.named_values(list(dict.fromkeys(names)))  # the time zone is in both lists
    settings: Settings = commands.settings_of(named, broken)[0]
    documents = {s.field: named[s.defined_name] for s in layout.DOCUMENT_SETTINGS if s.defined_name in named}
    moment = _now(documents, now)
    period = settings.target_period
    key, chosen = choose_month(month, period, moment.date())
    rows, live = report_rows(book, period)
    months = [ReportMonth(year, number, month_label(year, number)) for year, number in period.months]
    kanwil, notice = kanwil_summary(book, named, key)
    report = monthly_report(rows, months, key, moment.date(), kanwil)
    office = _office(documents)
    book.replace_sheet(report_plan(report, format_datetime(moment), office, live), after=REPORT_AFTER)
    if office:
        book.page_heads(office)
    notices = tuple(line for line in (settings.period_notice, notice) if line)  # a period read the old way, say
    return ReportOutcome(report.month, report.sentences, chosen, notices)


def make_report_file(
    workbook: str | os.PathLike,
    month: str | None = None,
    out: str | os.PathLike | None = None,
    now: dt.datetime | None = None,
) -> ReportOutcome:
    """``xl-addin laporan``: ``make_report`` on the workbook file ``workbook``, saved to ``out`` (default in place)
    under the writer lock, as every command that changes a workbook file."""
    from .package import workbook_lock
    from .workbook import FileBook, collector_paused, open_workbook, output_path, save

    path = Path(workbook)
    destination = output_path(path, out, "laporan")
    with workbook_lock(destination, "laporan"), collector_paused():
        book = open_workbook(path)
        outcome = make_report(FileBook(book), month, now)
        save(book, destination, source=path)
        if book.vba_archive is not None:
            book.vba_archive.close()  # as workbook.fill does: no "Exception ignored in ZipFile.__del__"
    log.info("monthly report for %s written into %s", outcome.month.label, destination)
    return outcome.saved(destination)
