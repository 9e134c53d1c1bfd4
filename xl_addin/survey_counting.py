"""Counting survey responses: which response is which, what was counted, and what changes in Realisasi.

Pure Python. A response is counted once, identified by the export's response id when there is one,
else by its timestamp, satker and answers. What was counted is kept as sums per survey, satker,
month and question (``Tally``), plus the keys of the responses, so importing a file again changes
nothing. ``ImportSession`` is one import: the workbook's state in, each export, then what to write.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from . import layout
from .errors import InputError, LayoutError, XlAddinError
from .indonesian import MONTHS, describe_value, format_date, format_number
from .satker_list import SatkerList
from .survey_exports import (
    DAY_FIRST,
    MONTH_FIRST,
    AmbiguousTimestamp,
    ColumnMapping,
    Columns,
    ExportTable,
    SurveySettings,
    TimestampError,
    UnknownLabel,
    padded,
    plain_date,
    plain_time,
    read_answer,
    read_timestamp,
    resolve_columns,
    safe_text,
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
    "tally_from_rows",
]

SURVEYS = layout.SURVEYS

# -- identifying a response --------------------------------------------------------------------------


def _digest(*parts: str) -> str:
    # sha1 is the quickest of hashlib's here, and its first 64 bits are ample for a Kanwil's responses.
    return hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _legacy_digest(*parts: str) -> str:
    """The keys workbooks imported before 2.x hold (sha256 of the moment as it was read)."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def moment_key(when: dt.datetime) -> str:
    """A moment as identity knows it: day and month unordered, so 03/04/2024 read either way is one response.

    The .xlsx download (a real date) and the .csv download (text, read in either order) of the
    same response give the same key; two responses differing only by a swapped day and month,
    at the same second, from the same satker with the same answers, would be taken for one.
    """
    low, high = sorted((when.month, when.day))
    return f"{when.year}-{low:02d}-{high:02d}T{when.hour:02d}:{when.minute:02d}:{when.second:02d}"


def answers_text(answers: Mapping[str, int | None]) -> str:
    """The answers by question code ("_" for a blank), so reordering the mapping's rows changes no key."""
    return ",".join("_" if answers[code] is None else str(answers[code]) for code in sorted(answers))


def _compact(text: str) -> str:
    """``answers_text`` without its commas when every answer is one character (scales up to 9)."""
    packed = text.replace(",", "")
    return packed if len(packed) * 2 - 1 == len(text) else text


def time_key(survey: str, when: dt.datetime, satker_key: str) -> str:
    """Moment and satker alone: the same respondent whose answers changed (an edited response)."""
    return _digest(survey, "t", moment_key(when), satker_key)


def response_key(
    survey: str, response_id: str | None, when: dt.datetime, satker_key: str, answers: Mapping[str, int | None]
) -> str:
    """The key a response is counted under: from its id, else its time key followed by its answers.

    One digest per response (the time key, which the edited-response check needs anyway) keeps
    a 100,000-row import fast; the answers, one character each, tell apart two respondents of one
    satker in the same second.
    """
    if response_id:
        return _legacy_digest(survey, "id", response_id)  # unchanged since 1.x: an id does not depend on a date
    return time_key(survey, when, satker_key) + _compact(answers_text(answers))


def legacy_keys(
    survey: str, whens: Iterable[dt.datetime], satker_key: str, answers: Mapping[str, int | None]
) -> tuple[list[str], list[str]]:
    """(response keys, time keys) workbooks imported before 2.x may hold for this response, per reading of its date."""
    answered = ",".join(f"{code}={'' if value is None else value}" for code, value in sorted(answers.items()))
    responses, times = [], []
    for when in whens:
        moment = when.isoformat(timespec="seconds")
        responses.append(_legacy_digest(survey, "h", moment, satker_key, answered))
        times.append(_legacy_digest(survey, "t", moment, satker_key))
    return responses, times


KEYS_PER_CELL = 1000  # 1,000 keys of 17 characters stay far below a cell's 32,767


def pack_keys(*columns: Sequence[str]) -> list[tuple[str | None, ...]]:
    """Rows of the key table: each column's keys, up to ``KEYS_PER_CELL`` per cell, space-separated.

    One key per cell would make the workbook hold 200,000 cells for a Kanwil's half year,
    and every later open of the file would pay for them.
    """
    height = max((-(-len(column) // KEYS_PER_CELL) for column in columns), default=0)
    return [
        tuple(" ".join(column[row * KEYS_PER_CELL : (row + 1) * KEYS_PER_CELL]) or None for column in columns)
        for row in range(height)
    ]


# -- what has been counted -----------------------------------------------------------------------------

GroupKey = tuple[str, str, int, int]  # (survey, satker key, year, month 1–12)


@dataclass
class Group:
    respondents: int = 0
    scores: dict[str, list[int]] = field(default_factory=dict)  # code -> [sum of answers, answers given]

    def add(self, answers: Mapping[str, int | None], times: int = 1) -> None:
        """``times`` respondents who all gave ``answers``."""
        self.respondents += times
        for code, value in answers.items():
            score = self.scores.setdefault(code, [0, 0])
            if value is not None:
                score[0] += value * times
                score[1] += times


@dataclass
class Tally:
    """Respondents and answer sums per (survey, satker, year, month); the store on sheet Data Survei."""

    groups: dict[GroupKey, Group] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # satker key -> the name as first written
    scales: dict[str, int] = field(default_factory=dict)  # survey -> the scale its answers were read on

    def add(
        self, survey: str, satker: str, year: int, month: int, answers: Mapping[str, int | None], times: int = 1
    ) -> None:
        key = layout.name_key(satker)
        self.names.setdefault(key, satker)
        self.groups.setdefault((survey, key, year, month), Group()).add(answers, times)

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

# Why a row was not counted, as the problems are grouped for the person who must act on them.
AMBIGUOUS_DATE = "Tanggal dapat dibaca dua cara"
UNKNOWN_SATKER = "Satuan kerja tidak dikenal"
UNKNOWN_LABEL = "Jawaban tidak ada di Nilai Jawaban"
UNKNOWN_SURVEY = "Jenis survei tidak dikenal"
BAD_DATE = "Cap waktu tidak terbaca"
OUTSIDE_MONTHS = "Di luar bulan target"
EMPTY_SATKER = "Satuan kerja kosong"
EMPTY_ANSWERS = "Semua jawaban kosong"
BAD_ANSWER = "Jawaban tidak sah"
EDITED = "Respons diubah pengisi"
DUPLICATE = "Baris ganda"
# Why a satker is unknown (the second of an UNKNOWN_SATKER row's subjects).
UNLISTED, SHARED_ALIAS, NOT_IN_REALISATION = "unlisted", "shared alias", "not in Realisasi"


@dataclass(frozen=True)
class Rejected:
    """A row that was not counted, and why (Bahasa Indonesia): ``kind`` groups it, ``subjects`` names what
    the group is about (the unknown satker as written, each unknown answer label)."""

    file: str
    row: int | None
    survey: str | None
    satker: object
    reason: str
    kind: str = BAD_ANSWER
    subjects: tuple[str, ...] = ()


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
    failed: str | None = None  # why nothing of the file was counted (names the file, and the line)
    date_order: str | None = None  # the order the file's two-way dates were read in (None: not needed, or undecided)
    order_from_file: bool = False  # ``date_order`` came from the file's own unambiguous dates, not the setting
    undecided: int = 0  # two-way dates left uncounted: the file's order could not be decided

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
            parts.append(f"{format_number(len(self.rejected))} tidak dihitung")
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


@dataclass
class _Stage:
    """What one file would add; applied only when the whole file was read (a file is all or nothing)."""

    groups: dict[tuple[str, str, int, int], dict[str, int]] = field(default_factory=dict)  # -> {answers_text: n}
    keys: dict[str, int] = field(default_factory=dict)  # response key -> its first line in this file
    new_keys: list[str] = field(default_factory=list)


Parts = tuple[int, int, int, int, int, int]  # year, month, day, hour, minute, second


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _moment_of(parts: Parts) -> dt.datetime:
    return dt.datetime(*parts)


def _prefix_digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


_SECONDS = {f"{second:02d}": second for second in range(60)}
TWO_WAY = "two ways"


def _date_entry(text: str) -> tuple[object, ...] | bool:
    """How the import's fast path reads a plain date part (``plain_date``): (DAY_FIRST, MONTH_FIRST, TWO_WAY or
    None when it reveals nothing; year, month, day of the reading; the other reading of a two-way date;
    "YYYY-MM-DDT" for identity)."""
    found = plain_date(text)
    if found is None:
        return False
    day_first, month_first, key = found
    if day_first is not None and month_first is not None:
        kind = None if day_first == month_first else TWO_WAY
        return (kind, *day_first, None if kind is None else month_first, key + "T")
    if day_first is not None:
        return (DAY_FIRST, *day_first, None, key + "T")
    assert month_first is not None
    return (MONTH_FIRST, *month_first, None, key + "T")


def _minute_entry(text: str) -> tuple[int, int, str] | bool:
    """A plain "HH:MM" (``plain_time``) as (hour, minute, "HH:MM:") for the fast path."""
    found = plain_time(text) if text else None  # no time at all is not a minute
    return False if found is None else (found[0], found[1], found[3][:6])


PREFIX_HEAD = 4096  # characters of a file's beginning that find the earlier imports it may continue


class ImportSession:
    """One import: the workbook's state in, then each export, then what to write.

    ``realisation`` is the Realisasi table as (row, satker, {(survey, month): value}) for the
    target months that have a column; ``keys`` the stored (response keys, time keys[, file
    beginnings]) cells; ``satker_list`` the list with aliases (sheet Daftar Satker). With
    ``restart`` the stored answers and keys are set aside: the files rebuild them.
    """

    def __init__(
        self,
        mapping: ColumnMapping,
        settings: SurveySettings,
        target_months: Sequence[str],
        realisation: Sequence[tuple[int, object, Mapping[tuple[str, str], object]]],
        stored: Tally,
        keys: Iterable[Sequence[object]],
        restart: bool = False,
        satker_list: SatkerList | None = None,
        targets: Mapping[str, int] | None = None,
    ) -> None:
        self.mapping = mapping
        self.targets = dict(targets or {})  # satker key -> target per month (Target Responden)
        self.settings = settings
        self.zone = settings.tzinfo
        self.months = tuple(target_months)
        self.realisation = realisation
        self.before = stored
        self.after = Tally() if restart else stored.copy()
        self.stored_columns: tuple[list[str], list[str], list[str]] = ([], [], [])
        if not restart:
            for cells in keys:  # each cell holds many keys (``pack_keys``)
                for column, cell in zip(self.stored_columns, padded(cells, 3)):
                    column += str(cell or "").split()
        self.known: set[str] = set(self.stored_columns[0])  # keys of every response counted, stored or new
        # Time keys: a response key's first 16 characters (an id's key is 16 long and has none); 1.x kept its own.
        self.stored_times: set[str] = set(self.stored_columns[1])
        self.stored_times.update(key[:16] for key in self.known if len(key) > 16)
        # The beginnings of CSV exports counted before, by a digest of their first characters.
        self.prefixes: dict[tuple[int, str], list[tuple[int, int, str | None, str]]] = {}
        for entry in self.stored_columns[2]:
            try:
                length, records, order, head, digest = entry.split(".")
                found = (int(length), int(records), None if order == "-" else order, digest)
            except ValueError:
                continue  # not ours: the file is simply read again
            self.prefixes.setdefault((min(found[0], PREFIX_HEAD), head), []).append(found)
        self.run: dict[str, tuple[str, int]] = {}  # key -> (file, row) of its first row in this import
        self.new_keys: list[str] = []  # response keys counted in this import (or found under a 1.x key)
        self.new_prefixes: list[str] = []
        self.reports: list[FileReport] = []
        self.notices: list[str] = []
        self.satker: dict[str, str] = {}
        for _row, name, _cells in realisation:
            key = layout.name_key(name)
            if not key:
                continue
            if key in self.satker:
                self.notices.append(
                    f"{safe_text(text_or_none(name))} tercantum dua kali di tabel Realisasi; hanya baris pertama yang diisi."
                )
                continue
            self.satker[key] = text_or_none(name) or ""
        self.satker_list = (satker_list or SatkerList()).with_names(self.satker.values())
        self.notices += self.satker_list.problems
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
        self._digits = {
            survey: {str(value): value for value in range(1, settings.scale(survey) + 1)} for survey in SURVEYS
        }
        self._has_stored = bool(self.known or self.stored_times)
        self._satker_of: dict[object, tuple[str | None, tuple[str, str, tuple[str, ...]] | None]] = {}
        self._dates: dict[str, object] = {}
        self._times: dict[str, object] = {}

    # -- reading one export ---------------------------------------------------------------------

    def fail(self, name: str, message: str) -> FileReport:
        """Record a file that could not be read at all; ``message`` names it."""
        report = FileReport(name, failed=message)
        self.reports.append(report)
        return report

    def _continued(self, text: str) -> tuple[int, int, str | None] | None:
        """(text offset, rows, date order) of the longest beginning of ``text`` an earlier import counted whole."""
        found = []
        for (head_length, head), entries in self.prefixes.items():
            if len(text) >= head_length and _prefix_digest(text[:head_length])[:16] == head:
                found += entries
        for length, records, order, digest in sorted(found, reverse=True):
            if length <= len(text) and _prefix_digest(text[:length]) == digest:
                return length, records, order
        return None

    def add(self, table: ExportTable) -> FileReport:
        """Count one export's rows, all or nothing: a file that cannot be read to its end counts nothing.

        The file's two-way dates (03/04/2024) are read in the order its other dates reveal when
        they all agree; the setting Urutan Tanggal only decides for a file that cannot tell. The
        beginning of a CSV an earlier import counted whole is skipped unread.
        """
        report = FileReport(safe_text(table.name))
        self.reports.append(report)
        fixed = self.settings.fixed_satker
        try:
            columns = resolve_columns(table.headers, self.mapping, report.name, fixed_satker=fixed is not None)
        except InputError as error:
            report.failed = error.user_message
            return report
        if fixed is not None and columns.satker is None and self._satker_key(fixed)[0] is None:
            report.failed = (
                f"File {report.name}: satker tetap '{safe_text(fixed)}' (sheet {layout.SHEET_MAPPING}) tidak ada di "
                "tabel Realisasi."
            )
            return report
        report.surveys = columns.surveys
        report.new = dict.fromkeys(columns.surveys, 0)
        per_row = len(columns.surveys) if columns.survey is None else 1
        rows: Iterable[Sequence[object]] = table.rows
        skipped, skipped_to, inherited = 0, 0, None
        if table.text is not None and self.prefixes:
            continued = self._continued(table.text)
            if continued is not None:
                skipped_to, skipped, inherited = continued
                rows = table.rows_after(skipped_to, skipped)
                report.rows_read += skipped
                report.earlier += skipped * per_row
        first_row = table.first_row + skipped
        stage = _Stage()
        revealed = {DAY_FIRST: 0, MONTH_FIRST: 0}
        two_way: list[tuple[int, Sequence[object], Parts, Parts, str]] = []
        stamp_at = columns.timestamp
        dates, times = self._dates, self._times
        count = self._counter(report, stage, columns)
        rows_read = 0
        try:
            for offset, row in enumerate(rows):
                stamp = row[stamp_at] if stamp_at < len(row) else None
                # The fast path: "7/15/2024 10:32:05" or "15/07/2024 10.32.05", read from what earlier rows of the
                # import already read (dates repeat by the day, times by the minute). Anything else: read_timestamp.
                if stamp.__class__ is str and len(stamp) > 9 and stamp[-3] in ":.":  # type: ignore[union-attr]
                    date_text, _, time_text = stamp.partition(" ")  # type: ignore[union-attr]
                    day = dates.get(date_text)
                    if day is None:
                        day = dates[date_text] = _date_entry(date_text)
                    clock, seconds = time_text[:-3], time_text[-2:]
                    minute = times.get(clock)
                    if minute is None:
                        minute = times[clock] = _minute_entry(clock)
                    second = _SECONDS.get(seconds)
                    if day and minute and second is not None:
                        kind, year, month, day_of_month, other, date_key = day
                        hour, minutes, clock = minute
                        moment = date_key + clock + seconds
                        rows_read += 1
                        parts = (year, month, day_of_month, hour, minutes, second)
                        if kind is None:
                            count(row, first_row + offset, parts, moment, ())
                        elif kind is TWO_WAY:
                            two_way.append((first_row + offset, row, parts, (*other, hour, minutes, second), moment))
                        else:
                            revealed[kind] += 1
                            count(row, first_row + offset, parts, moment, ())
                        continue
                if all(_blank(value) for value in row):
                    continue  # a blank line is no response
                line = first_row + offset
                rows_read += 1
                try:
                    when, order = read_timestamp(stamp, None, self.zone)
                except AmbiguousTimestamp as error:
                    two_way.append(
                        (line, row, _parts(error.day_first), _parts(error.month_first), moment_key(error.day_first))
                    )
                    continue
                except TimestampError as error:
                    self._reject(report, columns, row, line, BAD_DATE, error.user_message)
                    continue
                if order is not None:
                    revealed[order] += 1
                count(row, line, _parts(when), moment_key(when), ())
        except XlAddinError as error:
            self._discard(report, error.user_message)
            return report
        report.rows_read += rows_read
        if two_way:
            order = self._decide_order(report, revealed, len(two_way), inherited)
            for line, row, day_first, month_first, moment in two_way:
                if order is None:
                    stamp = row[stamp_at] if stamp_at < len(row) else None
                    try:
                        read_timestamp(stamp, None, self.zone)
                        reason = "cap waktu dapat dibaca dua cara"
                    except TimestampError as error:
                        reason = error.user_message
                    self._reject(report, columns, row, line, AMBIGUOUS_DATE, reason)
                    continue
                chosen, other = (day_first, month_first) if order == DAY_FIRST else (month_first, day_first)
                count(row, line, chosen, moment, (other,))
        else:
            found = [name for name, number in revealed.items() if number]
            order = found[0] if len(found) == 1 else inherited
        self._commit(report, stage)
        if table.text is not None:
            self._remember_beginning(report, table, skipped, skipped_to, order)
        return report

    def _remember_beginning(
        self, report: FileReport, table: ExportTable, skipped: int, skipped_to: int, order: str | None
    ) -> None:
        """Note how much of the CSV's beginning is now counted whole, so the next import of it skips that much."""
        assert table.text is not None
        unresolved = [row.row for row in report.rejected if row.row is not None]
        records = skipped + len(table.ends)
        whole = min([records, *(line - table.first_row for line in unresolved)])
        if whole <= 0 or whole <= skipped:
            return  # nothing counted whole, or no more than the beginning already noted
        length = table.ends[whole - skipped - 1] if whole > skipped else skipped_to
        head_length = min(length, PREFIX_HEAD)
        head = _prefix_digest(table.text[:head_length])[:16]
        self.new_prefixes.append(f"{length}.{whole}.{order or '-'}.{head}.{_prefix_digest(table.text[:length])}")

    def _decide_order(
        self, report: FileReport, revealed: Mapping[str, int], two_way: int, inherited: str | None = None
    ) -> str | None:
        """The order the file's two-way dates are read in: the file's own when its dates agree, else the setting.

        ``inherited``: the order an earlier import decided for this file's beginning, which it skipped.
        """
        labels = layout.DATE_ORDER_LABELS
        found = [order for order, count in revealed.items() if count]
        setting = self.settings.date_order
        if len(found) == 1 or (not found and inherited is not None):
            order = found[0] if found else inherited
            assert order is not None
            report.date_order, report.order_from_file = order, True
            source = (
                f"ditentukan dari {format_number(revealed[order])} cap waktu file ini yang hanya dapat dibaca begitu"
                if found
                else "seperti ditentukan impor sebelumnya dari awal file yang sama"
            )
            note = (
                f"File {report.name}: urutan tanggal {labels[order]}, {source}; {format_number(two_way)} cap waktu "
                "yang dapat dibaca dua cara dibaca dengan urutan itu."
            )
            if setting is not None and setting != order:
                note += f" Pengaturan Urutan Tanggal ({labels[setting]}) tidak dipakai untuk file ini."
            report.notices.append(note)
            return order
        mixed = (
            f" File ini berisi cap waktu kedua urutan ({format_number(revealed[DAY_FIRST])} hanya dapat dibaca "
            f"{labels[DAY_FIRST]}, {format_number(revealed[MONTH_FIRST])} hanya {labels[MONTH_FIRST]})."
            if len(found) == 2
            else ""
        )
        if setting is not None:
            report.date_order = setting
            report.notices.append(
                f"File {report.name}: urutan tanggal tidak dapat ditentukan dari isi file.{mixed} "
                f"{format_number(two_way)} cap waktu yang dapat dibaca dua cara dibaca menurut pengaturan Urutan "
                f"Tanggal ({labels[setting]})."
            )
            return setting
        report.undecided = two_way
        if mixed:
            report.notices.append(f"File {report.name}:{mixed}")
        return None

    def _discard(self, report: FileReport, message: str) -> None:
        """A file that failed partway: nothing of it counts, and nothing of it is listed but why."""
        report.failed = message
        report.new = dict.fromkeys(report.new, 0)
        report.earlier = report.repeated = report.undecided = 0
        report.rejected.clear()
        report.duplicates.clear()
        report.notices.clear()
        report.date_order, report.order_from_file = None, False

    def _commit(self, report: FileReport, stage: _Stage) -> None:
        for key, line in stage.keys.items():
            self.run[key] = (report.name, line)
        self.known.update(stage.keys)
        self.new_keys += stage.new_keys
        for (survey, satker, year, month), counted in stage.groups.items():
            codes = sorted(question.code for question in self.mapping.questions_of(survey))
            for text, times in counted.items():
                values = [None if value == "_" else int(value) for value in text.split(",")]
                self.after.add(survey, satker, year, month, dict(zip(codes, values)), times)

    def _satker_key(self, cell: object) -> tuple[str | None, tuple[str, str, tuple[str, ...]] | None]:
        """The Realisasi satker key a satker cell names (its name or an alias), else why not (kind, reason, subjects)."""
        if cell in self._satker_of:
            return self._satker_of[cell]
        key = layout.name_key(cell)
        found: tuple[str | None, tuple[str, str, tuple[str, ...]] | None]
        if not key:
            found = (None, (EMPTY_SATKER, "satuan kerja kosong", ()))
        elif key in self.satker:
            found = (key, None)
        else:
            shown = str(safe_text(" ".join(str(cell).split())))
            canonical = self.satker_list.lookup(cell)
            owners = self.satker_list.conflict(cell)
            if canonical is not None and layout.name_key(canonical) in self.satker:
                found = (layout.name_key(canonical), None)
            elif canonical is not None:
                found = (
                    None,
                    (
                        UNKNOWN_SATKER,
                        f"satuan kerja '{shown}' ({canonical} menurut {layout.SHEET_SATKER_LIST}) tidak ada di tabel "
                        "Realisasi",
                        (shown, NOT_IN_REALISATION),
                    ),
                )
            elif owners:
                found = (
                    None,
                    (
                        UNKNOWN_SATKER,
                        f"'{shown}' adalah nama lain {len(owners)} satker di {layout.SHEET_SATKER_LIST} "
                        f"({', '.join(owners)}); tidak dapat dipastikan yang mana",
                        (shown, SHARED_ALIAS),
                    ),
                )
            else:
                found = (
                    None,
                    (
                        UNKNOWN_SATKER,
                        f"satuan kerja '{shown}' tidak ada di tabel Realisasi maupun Daftar Satker",
                        (shown,),
                    ),
                )
        self._satker_of[cell] = found
        return found

    def _reject(
        self,
        report: FileReport,
        columns: Columns,
        row: Sequence[object],
        line: int,
        kind: str,
        reason: str,
        survey: str | None = None,
        subjects: tuple[str, ...] = (),
    ) -> None:
        if survey is None and len(columns.surveys) == 1 and columns.survey is None:
            survey = columns.surveys[0]  # a file of one survey: every row is that survey's
        if columns.satker is not None:
            satker = row[columns.satker] if columns.satker < len(row) else None
        else:
            satker = self.settings.fixed_satker
        report.rejected.append(Rejected(report.name, line, survey, safe_text(satker), reason, kind, subjects))

    def _counter(
        self, report: FileReport, stage: _Stage, columns: Columns
    ) -> Callable[[Sequence[object], int, Parts, str, tuple[Parts, ...]], None]:
        """``count(row, line, parts, moment, other_readings)`` for one file: counts a row sent at ``parts``
        (``moment``: as identity knows it; ``other_readings``: how a 1.x import may have read its date).

        A closure over everything that is the same for every row of the file, because it runs once
        per response: 100,000 of them must take a few seconds at most.
        """
        all_surveys = columns.surveys
        survey_at, satker_at, id_at = columns.survey, columns.satker, columns.response_id
        fixed = self.settings.fixed_satker
        year_wanted, months_wanted = self.settings.year, self._wanted
        satker_of, satker_key_of, names = self._satker_of, self._satker_key, self.satker
        run, known, stored_times, has_stored = self.run, self.known, self.stored_times, self._has_stored
        keys, new_keys, groups = stage.keys, stage.new_keys, stage.groups
        new = report.new
        plans = {}
        for survey, placed in columns.sorted_questions.items():
            indexes = [index for _code, index in placed]
            getter = operator.itemgetter(*indexes) if len(indexes) > 1 else (lambda row, at=indexes[0]: (row[at],))
            plans[survey] = (self._digits[survey].keys(), placed, getter, max(indexes))
        sha1 = hashlib.sha1
        valid: dict[str, bool] = {}  # answer texts seen in this file, and whether every answer is a plain digit
        reject = functools.partial(self._reject, report, columns)

        def count(
            row: Sequence[object], line: int, parts: Parts, moment: str, other_readings: tuple[Parts, ...]
        ) -> None:
            width = len(row)
            surveys = all_surveys
            if survey_at is not None:
                value = row[survey_at] if survey_at < width else None
                named = self.mapping.read_survey(value)
                if named is None or named not in surveys:
                    shown = str(safe_text(" ".join(str(value or "").split())))
                    reason = (
                        f"jenis survei '{shown}' tidak dikenal; tambahkan ke tabel {layout.TABLE_SURVEY_VALUES} di "
                        f"sheet {layout.SHEET_MAPPING}"
                        if named is None
                        else f"jenis survei {named}, tetapi pertanyaan {named} tidak ada di file ini"
                    )
                    reject(row, line, UNKNOWN_SURVEY, reason, None, (shown,))
                    return
                surveys = (named,)
            cell = (row[satker_at] if satker_at < width else None) if satker_at is not None else fixed
            found = satker_of.get(cell)
            satker_key, problem = found if found is not None else satker_key_of(cell)
            if problem is not None:
                reject(row, line, problem[0], problem[1], None, problem[2])
                return
            year, month = parts[0], parts[1]
            if year != year_wanted or month not in months_wanted:
                reject(
                    row,
                    line,
                    OUTSIDE_MONTHS,
                    f"dikirim {format_date(_moment_of(parts))}, di luar bulan target ({', '.join(self.months)} "
                    f"{year_wanted})",
                )
                return
            response_id = text_or_none(row[id_at]) if id_at is not None and id_at < width else None
            satker = names[satker_key]  # type: ignore[index]
            for survey in surveys:
                digits, placed, getter, last = plans[survey]
                values = getter(row) if width > last else [row[i] if i < width else None for _code, i in placed]
                try:
                    text = ",".join(values)  # type: ignore[arg-type]
                    plain = valid.get(text)
                    if plain is None:
                        plain = valid[text] = digits >= set(values)
                except TypeError:  # a number or a blank from an .xlsx
                    plain = False
                if not plain:  # anything but "1".."scale" as the export wrote them (the common case)
                    answers: dict[str, int | None] = {}
                    problems = []
                    unknown: list[str] = []
                    scale = self.settings.scale(survey)
                    for (code, _index), value in zip(placed, values):
                        try:
                            answers[code] = read_answer(value, scale, self.mapping.answer_values)
                        except UnknownLabel as error:
                            unknown.append(error.label)
                            problems.append(f"{code}: {error.user_message}")
                        except InputError as error:
                            problems.append(f"{code}: {error.user_message}")
                    if problems:
                        kind = UNKNOWN_LABEL if unknown else BAD_ANSWER
                        reject(row, line, kind, "; ".join(problems), survey, tuple(unknown))
                        continue
                    if all(value is None for value in answers.values()):
                        reject(row, line, EMPTY_ANSWERS, "semua jawaban kosong", survey)
                        continue
                    text = answers_text(answers)
                if response_id:
                    time = ""
                    key = _legacy_digest(survey, "id", response_id)
                else:  # time_key and response_key, written out: this line runs once per response
                    time = sha1(
                        f"{survey}\x1ft\x1f{moment}\x1f{satker_key}".encode("utf-8", "surrogatepass")
                    ).hexdigest()[:16]
                    packed = text.replace(",", "")
                    key = time + (packed if len(packed) * 2 - 1 == len(text) else text)
                if key in run or key in keys:
                    report.repeated += 1
                    first_file, first_line = run.get(key) or (report.name, keys[key])
                    if first_file == report.name:
                        satker_cell = row[satker_at] if satker_at is not None and satker_at < width else None
                        report.duplicates.append(
                            Rejected(
                                report.name,
                                line,
                                survey,
                                safe_text(satker_cell),
                                f"sama dengan baris {first_line}; dihitung sekali",
                                DUPLICATE,
                            )
                        )
                    continue
                if key in known:
                    report.earlier += 1
                    continue
                if has_stored and not response_id:
                    # A workbook imported before 2.x holds its keys as that version computed them.
                    codes = [code for code, _index in placed]
                    answers_then = dict(zip(codes, (None if v == "_" else int(v) for v in text.split(","))))
                    whens = [_moment_of(reading) for reading in (parts, *other_readings)]
                    legacy, legacy_times = legacy_keys(survey, whens, satker_key, answers_then)  # type: ignore[arg-type]
                    if any(old in known for old in legacy):
                        report.earlier += 1
                        new_keys.append(key)  # found again under today's key next time
                        continue
                    if any(old in stored_times for old in legacy_times):
                        time = legacy_times[0]
                if time and time in stored_times:
                    reject(
                        row,
                        line,
                        EDITED,
                        "cap waktu dan satuan kerja sama dengan respons yang sudah diimpor, tetapi jawabannya berbeda "
                        "(respons diubah pengisi, atau pemetaan kolom berubah); tidak dihitung dua kali",
                        survey,
                    )
                    continue
                keys[key] = line
                new_keys.append(key)  # its first 16 characters are its time key (``response_key``)
                counted = groups.get((survey, satker, year, month))
                if counted is None:
                    counted = groups[survey, satker, year, month] = {}
                counted[text] = counted.get(text, 0) + 1
                new[survey] += 1

        return count

    # -- the outcome ---------------------------------------------------------------------------------

    def key_rows(self) -> list[tuple[str | None, ...]]:
        """The key table after this import: the stored keys and the new ones, packed (``pack_keys``)."""
        new = (self.new_keys, [], self.new_prefixes)  # time keys are part of the response keys since 2.x
        return pack_keys(*(list(dict.fromkeys(stored + added)) for stored, added in zip(self.stored_columns, new)))

    def counts(self, overwrite: bool) -> list[CountChange]:
        return plan_counts(self.realisation, self.before, self.after, self.settings.year, overwrite)

    def indices(self) -> list[IndexRow]:
        order = [layout.name_key(name) for _row, name, _cells in self.realisation]
        return index_rows(self.after, self.mapping, self.settings, order, self.months, self.targets)


def missing_columns_notice(missing: Sequence[str]) -> str:
    """The notice when Realisasi lacks a survey month's column: the count is kept on the indices sheet only."""
    return (
        f"Kolom {', '.join(missing)} tidak ada di tabel {layout.TABLE_REALISATION}; jumlahnya hanya tercatat di "
        f"sheet {layout.SHEET_INDICES}."
    )


def _parts(when: dt.datetime) -> Parts:
    return when.year, when.month, when.day, when.hour, when.minute, when.second
