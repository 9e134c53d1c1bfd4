"""Counting survey responses: which response is which, what was counted, and what changes in Realisasi.

Pure Python. A response is counted once, identified by the export's response id when there is one,
else by its timestamp, satker and answers. What was counted is kept as sums per survey, satker,
month and question (``Tally``), plus the keys of the responses, so importing a file again changes
nothing. ``ImportSession`` is one import: the workbook's state in, each export, then what to write.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from . import layout
from .errors import InputError, LayoutError
from .indonesian import MONTHS, describe_value, format_date, format_number
from .survey_exports import (
    DAY_FIRST,
    MONTH_FIRST,
    ColumnMapping,
    Columns,
    ExportTable,
    SurveySettings,
    TimestampError,
    padded,
    read_answer,
    read_timestamp,
    resolve_columns,
    text_or_none,
)
from .survey_indices import IndexRow, index_rows

__all__ = [
    "CountChange",
    "FileReport",
    "ImportSession",
    "Rejected",
    "Tally",
    "missing_columns_notice",
    "pack_keys",
    "session_message",
    "tally_from_rows",
]

SURVEYS = layout.SURVEYS

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
        survey_cell, satker_cell, year_cell, month_cell, respondents, code, scale, total, answered = padded(values, 9)
        if all(text_or_none(value) is None for value in values):
            continue
        survey = surveys.get(layout.name_key(survey_cell))
        satker = text_or_none(satker_cell)
        month = months.get(str(month_cell).strip().casefold()) if month_cell is not None else None
        code_text = text_or_none(code)
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
        name = text_or_none(satker) or ""
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
                    f"{text_or_none(name)} tercantum dua kali di tabel Realisasi; hanya baris pertama yang diisi."
                )
                continue
            self.satker[key] = text_or_none(name) or ""
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
        response_id = text_or_none(cell(columns.response_id)) if columns.response_id is not None else None
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
