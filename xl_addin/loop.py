"""The Kanwil ↔ satker loop: send each satker its own file, take the returned files back, say who has not sent.

``send`` (*Kirim ke Satker*, ``xl-addin kirim``) reads the Kanwil workbook through a workbook port,
makes for every satker with a target a macro-free file addressed to it alone and an email draft
beside it (``satker_files``), and records in the Kanwil workbook the date each was made and, once,
the workbook's own code. ``receive`` (*Terima dari Satker*, ``xl-addin terima``) reads the returned
files, decides which satker each comes from and whether it may be taken in (its stamp: this
workbook, this period, this satker), and writes the numbers into Realisasi under the survey
import's rule: a cell is the loop's when it is blank or still holds the number a satker sent
before; any other number was typed in the Kanwil and is kept (and reported) unless ``overwrite``.
What was received, and when, is the status table (sheet *Status Kiriman*, one row per satker and
month), which also says who has not sent; every file taken in is a row of *Riwayat Kiriman*.

Everything that decides is pure (``decide``, ``status_rows``, ``Deadline``); the two commands only
read through the port, call it, and write what it decided.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import os
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, commands, layout
from .document import refuse_while_unchecked
from .errors import FileError, InputError, LayoutError, XlAddinError
from .indonesian import describe_value, format_date, format_datetime, format_number, name_text, parse_count
from .period import Period, month_label, previous_release_period, read_month_header
from .plan import CellError, TargetRow, UncalculatedFormula, plan_targets
from .port import RowsWrite, SheetSpec, Table, WorkbookPort
from .realisation import read_column
from .satker_list import SatkerList, satker_list_from_rows

__all__ = [
    "CountColumn",
    "Deadline",
    "KanwilState",
    "ReceiveOutcome",
    "ReturnedFile",
    "ReturnedRow",
    "SendOutcome",
    "Stamp",
    "decide",
    "expected_satker",
    "parse_deadline",
    "read_state",
    "receive",
    "send",
    "status_rows",
]

log = logging.getLogger(__name__)

# What the status table says of a satker's month.
RECEIVED = "Diterima"
PARTLY = "Sebagian"
DIFFERS = "Berbeda"
NOT_BACK = "Belum kembali"  # its file was sent; nothing for this month came back yet
NOT_SENT = "Belum dikirim"  # no file was made for it (yet)
STATUS_COLOURS = ((RECEIVED, "C6EFCE"), (PARTLY, "FFF2CC"), (DIFFERS, "F8CBAD"), (NOT_BACK, "EDEDED"))

# What a returned file's row in the history says.
TAKEN = "diterima"
NOTHING_NEW = "diterima, tidak ada angka baru"
REFUSED = "ditolak"

# The cell plan, as the survey import names it.
FILL, UPDATE, KEEP, OVERWRITE = "diisi", "diperbarui", "tidak diubah", "ditimpa"

SHOWN_NAMES = 10  # satker named in one "Belum mengirim" line; the rest are counted


# -- the Pengaturan cells ------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    """By when a month's numbers come back: day ``day`` of the next month (None: its last day)."""

    day: int | None = 5

    def date_for(self, year: int, month: int) -> dt.date:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return dt.date(year, month, self.day or calendar.monthrange(year, month)[1])

    def describe(self) -> str:
        return "akhir bulan berikutnya" if self.day is None else f"tanggal {self.day} bulan berikutnya"


def parse_deadline(value: object) -> Deadline:
    """The Pengaturan cell: "tanggal 5 bulan berikutnya" (1–28: every month has it), "akhir bulan berikutnya",
    or a day number alone; blank is the default. Anything else is an ``InputError`` showing the two forms."""
    setting = layout.LOOP_SETTINGS[0]
    if value is None or (isinstance(value, str) and not value.strip()):
        return parse_deadline(setting.default)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    words = layout.name_key(value).removesuffix(".").split()
    if words == ["akhir", "bulan", "berikutnya"]:
        return Deadline(None)
    if len(words) == 4 and words[0] == "tanggal" and words[2:] == ["bulan", "berikutnya"]:
        words = words[1:2]
    if len(words) == 1 and words[0].isdigit() and 1 <= int(words[0]) <= 28:
        return Deadline(int(words[0]))
    raise InputError(
        f"deadline setting {value!r} not understood",
        f"Pengaturan '{setting.label}' berisi {describe_value(value)}; tulis 'tanggal 5 bulan berikutnya' (tanggal 1 "
        "sampai 28, yang ada di setiap bulan) atau 'akhir bulan berikutnya'.",
    )


# -- the month columns of Realisasi --------------------------------------------------------------


@dataclass(frozen=True)
class CountColumn:
    """One count column of the Kanwil's Realisasi ("SPKP Juli 2024"): its survey, month and place."""

    survey: str
    year: int
    month_number: int
    header: str  # as the table has it
    column: int  # the sheet column in the Kanwil workbook

    @property
    def month(self) -> str:
        """ "Juli 2024"."""
        return month_label(self.year, self.month_number)

    @property
    def key(self) -> str:
        """What a returned file's column must name: the survey, the month and its year."""
        return f"{self.survey}|{self.year}|{self.month_number}"

    @property
    def month_key(self) -> str:
        return layout.name_key(self.month)


def count_columns(table: Table) -> tuple[CountColumn, ...]:
    """The Realisasi table's count columns of the period ("SPKP Juli 2024"), in the table's order; a month kept
    outside the period ("… (di luar periode)") is not one."""
    found = []
    for offset, header in enumerate(table.headers):
        column = read_column(header)
        if column.kind == "count" and column.survey and column.month:
            text = " ".join(str(header).split())
            found.append(CountColumn(column.survey, *column.month, text, table.first_column + offset))
    return tuple(found)


def match_header(header: object, columns: Sequence[CountColumn]) -> tuple[CountColumn | None, CountColumn | None]:
    """The Kanwil column a returned file's header names; or (None, the Kanwil's column of that survey and month)
    when it names that month in another year: a file of another period."""
    read = read_column(header)
    if read.kind != "count" or read.survey is None or read.month is None:
        return None, None
    same = [c for c in columns if c.survey == read.survey and c.month_number == read.month[1]]
    exact = [c for c in same if c.year == read.month[0]]
    if exact:
        return exact[0], None
    return None, same[0] if same else None


def period_label(months: Sequence[str]) -> str:
    """The period the month labels make, as the civil service writes it ("Juli–Desember 2024")."""
    read = [read_month_header(month) for month in months]
    if read and all(r is not None and r[0] is not None for r in read):
        keys = sorted({(r[0], r[1]) for r in read if r is not None and r[0] is not None})
        try:
            return Period(tuple(keys)).label
        except (ValueError, InputError):
            pass
    if not months:
        return "(tanpa bulan)"
    return months[0] if len(months) == 1 else f"{months[0]}–{months[-1]}"


# -- the stamp a satker's file carries ------------------------------------------------------------

STAMP_KIND = "Kiriman Kanwil untuk satker (xl_addin)"
STAMP_LABELS = {
    "kind": "Jenis file",
    "workbook_id": "Kode workbook Kanwil",
    "period": "Periode",
    "months": "Bulan",
    "satker": "Satuan kerja",
    "made": "Dibuat",
    "version": "Versi xl_addin",
}
MONTH_SEPARATOR = "; "


@dataclass(frozen=True)
class Stamp:
    """Which Kanwil workbook, period and satker a file was made for: a hidden sheet of label–value rows."""

    workbook_id: str
    months: tuple[str, ...]
    satker: str
    made: str = ""
    version: str = __version__

    def rows(self) -> list[tuple[str, str]]:
        values = {
            "kind": STAMP_KIND,
            "workbook_id": self.workbook_id,
            "period": period_label(self.months),
            "months": MONTH_SEPARATOR.join(self.months),
            "satker": self.satker,
            "made": self.made,
            "version": self.version,
        }
        return [(STAMP_LABELS[key], values[key]) for key in STAMP_LABELS]

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[object]]) -> Stamp | None:
        """The stamp from its sheet's rows; None when a part is missing (the sheet was edited)."""
        by_label = {layout.name_key(row[0]): row[1] for row in rows if len(row) >= 2 and row[0] is not None}
        values = {key: by_label.get(layout.name_key(label)) for key, label in STAMP_LABELS.items()}
        texts = {key: " ".join(str(value).split()) if value is not None else "" for key, value in values.items()}
        if not (texts["workbook_id"] and texts["months"] and texts["satker"]):
            return None
        months = tuple(month.strip() for month in str(values["months"]).split(";") if month.strip())
        return cls(texts["workbook_id"], months, texts["satker"], texts["made"], texts["version"])


# -- what a returned file holds (read by satker_files.read_return) ----------------------------------


@dataclass(frozen=True)
class ReturnedRow:
    row: int  # the sheet row in the returned file
    satker: object
    values: Mapping[str, object]  # CountColumn.key -> the cell as read (a formula as its last value)


@dataclass(frozen=True)
class ReturnedFile:
    name: str
    digest: str = ""
    stamp: Stamp | None = None
    stamp_damaged: bool = False
    workbook_id: str | None = None  # a copy of a Kanwil workbook carries the code in its named cell
    rows: tuple[ReturnedRow, ...] = ()
    other_period: tuple[tuple[str, str], ...] = ()  # (header in the file, header in the Kanwil) of another year
    failed: str | None = None  # why it could not be read at all
    notices: tuple[str, ...] = ()
    unmatched: str | None = None  # why none of its columns is one of the Kanwil's (said once the stamp is checked)


# -- the Kanwil workbook's state ------------------------------------------------------------------


@dataclass(frozen=True)
class KanwilRow:
    row: int
    satker: object  # as typed
    values: tuple[object, ...]  # aligned with KanwilState.columns

    @property
    def key(self) -> str:
        return layout.name_key(self.satker)

    @property
    def name(self) -> str:
        return name_text(self.satker)


@dataclass(frozen=True)
class Received:
    """What a satker sent for one month, kept on the status table: the numbers, when, in which file."""

    values: Mapping[str, int]  # survey -> number
    when: str
    file: str


@dataclass(frozen=True)
class KanwilState:
    workbook_id: str | None
    sheet: str  # the Realisasi sheet
    columns: tuple[CountColumn, ...]
    rows: tuple[KanwilRow, ...]
    record: Mapping[tuple[str, str], Received] = field(default_factory=dict)  # (satker key, month key)
    sent: Mapping[str, str] = field(default_factory=dict)  # satker key -> the date its file was made
    status_body: tuple[tuple[object, ...], ...] = ()  # the status table as read
    digests: frozenset[str] = frozenset()  # files already in the history
    satker_list: SatkerList = field(default_factory=SatkerList)  # aliases, addresses (sheet Daftar Satker)
    deadline: Deadline = Deadline()
    notices: tuple[str, ...] = ()
    period: Period | None = None  # the target period (Pengaturan); None when the cell cannot be read

    @property
    def month_pairs(self) -> tuple[tuple[int, int], ...]:
        """(year, month) of the period's months: the target period's, else those Realisasi has columns for."""
        if self.period is not None:
            return self.period.months
        return tuple(dict.fromkeys((column.year, column.month_number) for column in self.columns))

    @property
    def months(self) -> tuple[str, ...]:
        """The period's months as labelled ("Juli 2024"): what a stamp names and the status table lists."""
        return tuple(month_label(*pair) for pair in self.month_pairs)

    @property
    def missing_months(self) -> tuple[str, ...]:
        """The period's months Realisasi has no SPKP and SPAK columns for (Hitung Target makes them)."""
        have = {(c.survey, c.year, c.month_number) for c in self.columns}
        return tuple(
            month_label(*pair)
            for pair in self.month_pairs
            if any((survey, *pair) not in have for survey in layout.SURVEYS)
        )

    @property
    def satker(self) -> list[KanwilRow]:
        """The satker the loop follows: Realisasi's named rows, each once, without the template's examples."""
        seen: set[str] = set()
        found = []
        for row in self.rows:
            if row.key and row.key not in seen and not row.key.startswith(layout.EXAMPLE_MARK.casefold()):
                seen.add(row.key)
                found.append(row)
        return found

    def lookup(self, name: object) -> str | None:
        """The satker key a name in a returned file means: its own name, or an alias of the satker list."""
        key = layout.name_key(name)
        if not key:
            return None
        known = {row.key for row in self.rows}
        if key in known:
            return key
        listed = layout.name_key(self.satker_list.lookup(name))  # an alias names the satker as the rule does
        return listed if listed in known else None


def _text(value: object) -> str | None:
    if value is None or isinstance(value, (CellError, UncalculatedFormula)):
        return None
    text = " ".join(name_text(value).split())
    return text or None


def _number(value: object) -> int | None:
    """A number the loop wrote or read before (the status table, the Kanwil's own cells); None otherwise."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)) and float(value).is_integer() and value >= 0:
        return int(value)
    if isinstance(value, str) and value.strip():
        try:
            return parse_count(value)
        except XlAddinError:
            return None
    return None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_state(book: WorkbookPort) -> KanwilState:
    """Everything the loop needs from the Kanwil workbook, in a fixed number of reads."""
    period_name = layout.SETTINGS_BY_FIELD["target_period"].defined_name
    named, _broken = book.named_values(
        [layout.NAME_WORKBOOK_ID, period_name, *(setting.defined_name for setting in layout.LOOP_SETTINGS)]
    )
    deadline = parse_deadline(named.get(layout.LOOP_SETTINGS[0].defined_name))
    period = _period(named.get(period_name, layout.DEFAULT_TARGET_PERIOD.label))
    headers = book.table(layout.TABLE_REALISATION)
    columns = count_columns(headers)
    if not columns:
        raise LayoutError(
            f"table {layout.TABLE_REALISATION} has no count columns",
            f"Tabel {layout.TABLE_REALISATION} tidak memiliki kolom jumlah responden (misalnya 'SPKP Juli 2024'); "
            "gunakan templat asli.",
        )
    if period is not None:  # months kept outside the period are not followed
        columns = tuple(column for column in columns if (column.year, column.month_number) in period)
    table = book.table(layout.TABLE_REALISATION, read=(layout.COLUMN_SATKER, *(c.header for c in columns)))
    rows = tuple(
        KanwilRow(row, values[0], tuple(values[1:])) for row, values in enumerate(table.body, start=table.first_row)
    )
    record: dict[tuple[str, str], Received] = {}
    sent: dict[str, str] = {}
    body: tuple[tuple[object, ...], ...] = ()
    try:
        status = book.table(layout.TABLE_SENDING_STATUS, read=layout.STATUS_HEADERS)
    except LayoutError:
        status = None
    if status is not None:
        body = status.body
        for values in body:
            entry = dict(zip(layout.STATUS_HEADERS, values))
            satker, month = layout.name_key(entry[layout.COLUMN_SATKER]), layout.name_key(entry[layout.COLUMN_MONTH])
            if not satker:
                continue
            if _text(entry[layout.COLUMN_SENT]):
                sent.setdefault(satker, _text(entry[layout.COLUMN_SENT]) or "")
            numbers = {
                survey: number
                for survey in layout.SURVEYS
                if (number := _number(entry[layout.received_column(survey)])) is not None
            }
            if numbers:
                record[satker, month] = Received(
                    numbers, _text(entry[layout.COLUMN_RECEIVED]) or "", _text(entry[layout.COLUMN_RECEIVED_FILE]) or ""
                )
    digests: frozenset[str] = frozenset()
    try:
        history = book.table(layout.TABLE_RECEIPT_LOG, read=(layout.COLUMN_DIGEST,))
        digests = frozenset(str(value) for value in history.values(layout.COLUMN_DIGEST) if _text(value))
    except LayoutError:
        pass
    workbook_id = _text(named.get(layout.NAME_WORKBOOK_ID))
    return KanwilState(
        workbook_id,
        table.sheet,
        columns,
        rows,
        record,
        sent,
        body,
        digests,
        read_satker_list(book),
        deadline,
        period=period,
    )


def _period(value: object) -> Period | None:
    """The target period as the fill reads it (a previous release's month list is 2024); None when unreadable."""
    try:
        return Period.parse(value)
    except XlAddinError:
        return previous_release_period(value)


def read_satker_list(book: WorkbookPort) -> SatkerList:
    """The satker list (sheet Daftar Satker): names, aliases, addresses; empty when the workbook has none."""
    try:
        book.table(layout.TABLE_SATKER_LIST)
    except LayoutError:  # no list at all (an older workbook): no aliases, no addresses
        return SatkerList()
    table = book.table(layout.TABLE_SATKER_LIST, read=layout.SATKER_LIST_HEADERS)  # a column missing is said
    return satker_list_from_rows(enumerate(table.body, start=table.first_row))


def expected_satker(book: WorkbookPort) -> list[str]:
    """The satker a Kanwil expects a workbook from: its satker list, else the satker of its Realisasi."""
    names = [satker.name for satker in read_satker_list(book).satker]
    if not names:
        table = book.table(layout.TABLE_REALISATION, read=(layout.COLUMN_SATKER,))
        names = [text for value in table.values(layout.COLUMN_SATKER) if (text := _text(value))]
    return [name for name in dict.fromkeys(names) if not name.upper().startswith(layout.EXAMPLE_MARK)]


# -- deciding what a set of returned files does ----------------------------------------------------


@dataclass(frozen=True)
class CellChange:
    """One Realisasi cell a returned file fills, updates, overwrites, or leaves because the Kanwil typed it."""

    satker: str
    column: CountColumn
    row: int
    before: object
    after: int
    action: str
    file: str

    @property
    def writes(self) -> bool:
        return self.action != KEEP

    def describe(self) -> str:
        where = f"{self.column.header}, {self.satker}"
        before = describe_value(self.before)
        if self.action == FILL:
            return f"{where}: diisi {self.after}."
        if self.action == UPDATE:
            return f"{where}: {before} → {self.after} (koreksi dari satker atas angka kirimannya sendiri)."
        if self.action == OVERWRITE:
            return f"{where}: {before} → {self.after} (angka di workbook Kanwil ditimpa atas permintaan)."
        return (
            f"{where}: berisi {before}, kiriman satker {self.after}; tidak diubah karena angka itu tidak berasal "
            f"dari kiriman satker. Kosongkan sel lalu terima lagi, atau gunakan --timpa, bila kiriman yang benar."
        )


@dataclass
class FileResult:
    """What became of one returned file."""

    file: ReturnedFile
    satker: str | None = None  # the satker's key
    refused: str | None = None  # why, in one Indonesian line
    notices: list[str] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)  # CountColumn.key -> number
    written: int = 0  # Realisasi cells it fills or changes
    kept: int = 0  # numbers it brings that differ from a number typed in the Kanwil (kept)
    recorded: int = 0  # numbers of it the status table did not hold yet

    @property
    def name(self) -> str:
        return self.file.name


@dataclass(frozen=True)
class Receipt:
    results: tuple[FileResult, ...]
    changes: tuple[CellChange, ...]
    record: Mapping[tuple[str, str], Received]
    status: tuple[tuple[object, ...], ...]
    history: tuple[tuple[object, ...], ...]

    @property
    def refused(self) -> list[FileResult]:
        return [result for result in self.results if result.refused]

    @property
    def taken(self) -> list[FileResult]:
        return [result for result in self.results if not result.refused]


def _refuse(result: FileResult, reason: str) -> FileResult:
    result.refused = f"{result.name}: {reason} Tidak ada angka dari file ini yang diambil."
    result.numbers = {}
    return result


def _read_numbers(state: KanwilState, row: ReturnedRow) -> tuple[dict[str, int], list[str]]:
    """The numbers of one returned row, by column key, and the cells that are no whole number ≥ 0."""
    numbers, bad = {}, []
    for column in state.columns:
        value = row.values.get(column.key)
        if _blank(value):
            continue
        try:
            if isinstance(value, UncalculatedFormula):
                raise InputError(
                    "formula never calculated",
                    f"sel berisi rumus {value.formula} yang belum pernah dihitung (buka file di Excel lalu simpan)",
                )
            if isinstance(value, CellError):
                raise InputError("error value", f"sel menunjukkan galat {value}")
            numbers[column.key] = parse_count(value)
        except InputError as error:
            bad.append(f"{column.header} baris {row.row}: {error.user_message}")
    return numbers, bad


def _current(state: KanwilState) -> dict[str, dict[str, object]]:
    """satker key -> column key -> the Kanwil's Realisasi cell."""
    found: dict[str, dict[str, object]] = {}
    for row in state.satker:
        found[row.key] = {column.key: value for column, value in zip(state.columns, row.values)}
    return found


def _differs(current: Mapping[str, object], numbers: Mapping[str, int]) -> bool:
    return any(_number(current.get(key)) != number for key, number in numbers.items())


def _match(state: KanwilState, returned: ReturnedFile, names: Mapping[str, str]) -> FileResult:
    """Which satker a file comes from and its numbers, or why it is refused."""
    result = FileResult(returned, notices=list(returned.notices))
    if returned.failed:
        result.refused = returned.failed  # names the file
        return result
    stamp = returned.stamp
    if returned.stamp_damaged:
        return _refuse(
            result,
            f"cap file (sheet tersembunyi '{layout.SHEET_SATKER_STAMP}') tidak lengkap atau diubah, sehingga tidak "
            "dapat dipastikan dari satker mana file ini.",
        )
    # another period first: a satker answering last period's file (the new period's workbook has a new code) is
    # told which period, not only that the workbook differs
    if stamp is not None and tuple(map(layout.name_key, stamp.months)) != tuple(map(layout.name_key, state.months)):
        return _refuse(
            result,
            f"file ini untuk periode {period_label(stamp.months)}, sedangkan workbook ini periode "
            f"{period_label(state.months)}. Terima file ini dengan workbook periode itu.",
        )
    found_id = stamp.workbook_id if stamp is not None else returned.workbook_id
    if found_id and layout.name_key(found_id) != layout.name_key(state.workbook_id):
        if state.workbook_id:
            where = f"workbook Kanwil lain (kode {found_id}; workbook ini berkode {state.workbook_id})"
        else:
            where = f"workbook Kanwil lain (kode {found_id}; workbook ini belum pernah mengirim file ke satker)"
        return _refuse(result, f"file ini dibuat dari {where}. Terima file ini dengan workbook yang mengirimnya.")
    if stamp is None and returned.other_period:
        theirs, ours = returned.other_period[0]
        return _refuse(
            result,
            f"kolom '{theirs}' di file ini untuk periode lain (workbook ini: '{ours}'); file ini bukan untuk periode "
            f"{period_label(state.months)}.",
        )
    if returned.unmatched:
        return _refuse(result, returned.unmatched)
    current = _current(state)
    if stamp is not None:
        satker = state.lookup(stamp.satker)
        if satker is None or satker not in current:
            return _refuse(
                result, f"file ini dibuat untuk {stamp.satker}, yang tidak ada di tabel Realisasi workbook ini."
            )
        own = [row for row in returned.rows if state.lookup(row.satker) == satker]
        others = [row for row in returned.rows if state.lookup(row.satker) != satker]
        if not own:
            shown = ", ".join(f"'{name_text(row.satker)}'" for row in others[:3]) or "(tidak ada)"
            return _refuse(
                result,
                f"file ini dibuat untuk {stamp.satker}, tetapi baris di sheet {layout.SHEET_REALISATION} bernama "
                f"{shown}; nama satker di file tidak boleh diubah.",
            )
        parsed = []
        for row in own:
            numbers, bad = _read_numbers(state, row)
            if bad:
                return _refuse(result, "angka tidak dapat dibaca: " + "; ".join(bad) + ".")
            parsed.append(numbers)
        merged: dict[str, int] = {}
        for numbers in parsed:
            for key, number in numbers.items():
                if merged.setdefault(key, number) != number:
                    header = next(c.header for c in state.columns if c.key == key)
                    return _refuse(
                        result,
                        f"{names[satker]} tercantum dua kali dengan angka berbeda ({header}: {merged[key]} "
                        f"dan {number}).",
                    )
        for row in others:
            if any(not _blank(value) for value in row.values.values()):
                result.notices.append(
                    f"{returned.name}: baris {row.row} ('{name_text(row.satker)}') diabaikan: file ini untuk "
                    f"{names[satker]}."
                )
        result.satker, result.numbers = satker, merged
        return result
    # No stamp: a copy of the Kanwil workbook, or a satker's own workbook. The sender is the one satker
    # whose numbers differ from the Kanwil's; a file changing several satker is nobody's return.
    result.notices.append(
        f"{returned.name}: file tanpa cap kiriman Kanwil; satker pengirim ditentukan dari isinya "
        "(satu-satunya satker yang angkanya berbeda dari workbook ini)."
    )
    rows_of: dict[str, list[dict[str, int]]] = {}
    unreadable: dict[str, list[str]] = {}
    for row in returned.rows:
        satker = state.lookup(row.satker)
        if satker is None or satker not in current:
            if any(not _blank(value) for value in row.values.values()) and _text(row.satker):
                result.notices.append(
                    f"{returned.name}: baris {row.row} ('{name_text(row.satker)}') bukan satker di Realisasi workbook "
                    "ini; diabaikan."
                )
            continue
        numbers, bad = _read_numbers(state, row)
        rows_of.setdefault(satker, []).append(numbers)
        if bad:
            unreadable.setdefault(satker, []).extend(bad)
    changed = [
        satker
        for satker, parsed in rows_of.items()
        if satker in unreadable or any(_differs(current[satker], numbers) for numbers in parsed)
    ]
    if len(changed) > 1:
        shown = ", ".join(names[satker] for satker in changed[:5]) + (" …" if len(changed) > 5 else "")
        return _refuse(
            result,
            f"file ini mengubah angka {len(changed)} satker ({shown}); kiriman balik hanya boleh mengisi baris satker "
            "pengirimnya.",
        )
    if not changed:
        if len(rows_of) == 1:
            result.satker = next(iter(rows_of))
        else:
            result.notices.append(f"{returned.name}: tidak ada angka yang berbeda dari workbook ini.")
        return result
    satker = changed[0]
    if satker in unreadable:
        return _refuse(result, "angka tidak dapat dibaca: " + "; ".join(unreadable[satker]) + ".")
    merged = {}
    for numbers in rows_of[satker]:
        for key, number in numbers.items():
            if merged.setdefault(key, number) != number:
                return _refuse(result, f"{names[satker]} tercantum dua kali dengan angka berbeda.")
    result.satker, result.numbers = satker, merged
    return result


def _plan_cell(current: object, number: int, previous: int | None, overwrite: bool) -> str | None:
    """The survey import's rule: blank or the satker's own earlier number is the loop's; else it was typed."""
    if _blank(current):
        return FILL
    value = _number(current)
    if value == number:
        return None
    if previous is not None and value == previous:
        return UPDATE
    return OVERWRITE if overwrite else KEEP


def decide(state: KanwilState, files: Sequence[ReturnedFile], overwrite: bool, when: dt.datetime) -> Receipt:
    """What the returned ``files`` do to the Kanwil workbook: the cells, the record, the status, the history."""
    names = {row.key: row.name for row in state.rows if row.key}
    results = [_match(state, returned, names) for returned in files]
    # Two files of one satker in one run that disagree: only the satker knows which is right.
    by_satker: dict[str, list[FileResult]] = {}
    for result in results:
        if not result.refused and result.satker and result.numbers:
            by_satker.setdefault(result.satker, []).append(result)
    for satker, group in by_satker.items():
        for column in state.columns:
            seen = {r.numbers[column.key]: r for r in group if column.key in r.numbers}
            if len(seen) > 1:
                shown = " dan ".join(f"{number} di {r.name}" for number, r in seen.items())
                files_named = ", ".join(r.name for r in group)
                line = (
                    f"{files_named}: sama-sama kiriman {names[satker]} dengan angka berbeda ({column.header}: {shown}). "
                    f"Tidak ada angka {names[satker]} yang diambil; terima ulang hanya file yang benar."
                )
                for result in group:
                    result.refused, result.numbers = line, {}
                break
    current = _current(state)
    rows = {row.key: row.row for row in state.satker}
    moment = format_date(when.date())
    changes: list[CellChange] = []
    record = dict(state.record)
    planned: dict[tuple[str, str], CellChange] = {}
    for result in results:
        if result.refused or not result.satker:
            continue
        satker = result.satker
        for column in state.columns:
            if column.key not in result.numbers:
                continue
            number = result.numbers[column.key]
            earlier = state.record.get((satker, column.month_key))
            previous = earlier.values.get(column.survey) if earlier else None
            if (satker, column.key) in planned:
                continue  # an equal number from another file of this run
            action = _plan_cell(current[satker][column.key], number, previous, overwrite)
            if action is not None:
                change = CellChange(
                    names[satker], column, rows[satker], current[satker][column.key], number, action, result.name
                )
                planned[satker, column.key] = change
                changes.append(change)
                if change.writes:
                    result.written += 1
                else:
                    result.kept += 1
            held = record.get((satker, column.month_key))
            if held is None or held.values.get(column.survey) != number:
                values = dict(held.values) if held else {}
                values[column.survey] = number
                record[satker, column.month_key] = Received(values, moment, result.name)
                result.recorded += 1
    after = {satker: dict(cells) for satker, cells in current.items()}
    for change in changes:
        if change.writes:
            after[layout.name_key(change.satker)][change.column.key] = change.after
    status = status_rows(state, record, after)
    history = []
    when_text = format_datetime(when)
    for result in results:
        if result.file.digest in state.digests and not (result.written or result.recorded):
            continue  # the same file again, changing nothing: a rerun leaves the workbook as it was
        if result.refused:
            outcome = f"{REFUSED}: {result.refused.split(': ', 1)[-1]}"
        elif result.written or result.recorded:
            outcome = TAKEN
        else:
            outcome = NOTHING_NEW
        history.append(
            (
                when_text,
                result.name,
                names.get(result.satker or ""),
                "ada" if result.file.stamp is not None else "tidak ada",
                outcome,
                result.written,
                result.kept,
                result.file.digest or None,
                " ".join(result.notices)[:2000] or None,
            )
        )
    return Receipt(tuple(results), tuple(changes), record, status, tuple(history))


def status_rows(
    state: KanwilState,
    record: Mapping[tuple[str, str], Received],
    after: Mapping[str, Mapping[str, object]],
    sent: Mapping[str, str] | None = None,
) -> tuple[tuple[object, ...], ...]:
    """One row per month and satker (months first: a month's satker read together), in STATUS_HEADERS order."""
    sent = state.sent if sent is None else sent
    rows = []
    for month in state.months:
        month_key = layout.name_key(month)
        columns = {c.survey: c for c in state.columns if c.month_key == month_key}
        for satker in state.satker:
            held = record.get((satker.key, month_key))
            note = None
            received = [None] * len(layout.SURVEYS)
            if held is None:
                status = NOT_BACK if satker.key in sent else NOT_SENT
            else:
                received = [held.values.get(survey) for survey in layout.SURVEYS]
                differing = [
                    f"{columns[survey].header}: diterima {number}, di Realisasi {describe_value(after[satker.key].get(columns[survey].key))}"
                    for survey, number in held.values.items()
                    if survey in columns and _number(after[satker.key].get(columns[survey].key)) != number
                ]
                missing = [survey for survey in layout.SURVEYS if survey in columns and survey not in held.values]
                if differing:
                    status, note = DIFFERS, "; ".join(differing) + "."
                elif missing:
                    status, note = PARTLY, f"{' dan '.join(missing)} {month} belum dikirim."
                else:
                    status = RECEIVED
            rows.append(
                (
                    satker.satker,
                    month,
                    status,
                    sent.get(satker.key),
                    held.when if held else None,
                    *received,
                    held.file if held else None,
                    note,
                )
            )
    return tuple(rows)


def _names(names: Sequence[str]) -> str:
    return ", ".join(names[:SHOWN_NAMES]) + (
        f" dan {len(names) - SHOWN_NAMES} satker lain" if len(names) > SHOWN_NAMES else ""
    )


def waiting(state: KanwilState, status: Sequence[Sequence[object]], today: dt.date) -> list[str]:
    """The summary's "Belum mengirim" lines: each month whose deadline has passed, or from which anything came.

    Months from which nothing came at all are said in one line."""
    lines: list[str] = []
    by_month: dict[str, list[Sequence[object]]] = {}
    for row in status:
        by_month.setdefault(layout.name_key(row[1]), []).append(row)
    silent: list[str] = []
    for pair in state.month_pairs:
        month = month_label(*pair)
        rows = by_month.get(layout.name_key(month), [])
        due = state.deadline.date_for(*pair)
        late = due is not None and due < today
        missing = [name_text(row[0]) for row in rows if row[2] in (NOT_BACK, NOT_SENT)]
        partly = [name_text(row[0]) for row in rows if row[2] == PARTLY]
        if not rows or (not late and len(missing) == len(rows)):
            continue
        if len(missing) == len(rows):
            silent.append(month)
            continue
        if not missing and not partly:
            lines.append(f"{month}: semua {len(rows)} satker sudah mengirim.")
            continue
        line = f"Belum mengirim {month}"
        if due is not None:
            line += f" (batas {format_date(due)}{' sudah lewat' if late else ''})"
        line += f": {len(missing)} satker" + (f": {_names(missing)}." if missing else ".")
        if partly:
            line += f" Baru sebagian (SPKP atau SPAK saja): {_names(partly)}."
        lines.append(line)
    if silent:
        lines.append(f"Belum ada satker yang mengirim {period_label(silent)} (batas kirim sudah lewat).")
    return lines


# -- the sheets the loop keeps in the Kanwil workbook ------------------------------------------------

STATUS_SPEC = SheetSpec(
    layout.SHEET_SENDING_STATUS,
    layout.TABLE_SENDING_STATUS,
    "Status Kiriman Satker",
    "Kirim ke Satker membuat untuk setiap satker satu file (target, isian Realisasi) dan draf email; Terima dari "
    "Satker mengambil angka dari file yang dikirim kembali. Satu baris per bulan dan satker: kapan filenya dibuat, "
    "kapan angkanya kembali dan angka yang diterima. Belum kembali: file sudah dikirim, angka bulan itu belum ada. "
    "Berbeda: angka di Realisasi lain dari kiriman satker (lihat Keterangan). Diisi oleh xl_addin; jangan diubah.",
    layout.STATUS_HEADERS,
    (30, 14, 13, 15, 15, 8, 8, 20, 23),
    cells={(3, 1): "Kode workbook ini", (3, 2): None},
    names={layout.NAME_WORKBOOK_ID: (3, 2)},
    wrap=(1, 8, 9),
    highlights=tuple((3, word, colour) for word, colour in STATUS_COLOURS),
)
LOG_SPEC = SheetSpec(
    layout.SHEET_RECEIPT_LOG,
    layout.TABLE_RECEIPT_LOG,
    "Riwayat Kiriman Satker",
    "Satu baris per file yang diterima (Terima dari Satker): kapan, dari satker mana, apakah bercap kiriman Kanwil, "
    "berapa sel Realisasi diisi atau diubah, dan berapa angka yang berbeda tetapi tidak diubah. File yang sama "
    "diterima lagi tanpa perubahan tidak dicatat dua kali.",
    layout.RECEIPT_LOG_HEADERS,
    (31, 32, 34, 9, 36, 11, 12, 18, 60),
    wrap=(1, 2, 3, 5, 9),
)


def _made(spec: SheetSpec) -> Table:
    """The table ``ensure_sheet`` has just made (read back, Excel would give the same; not read: one round trip less)."""
    return Table(
        spec.table,
        spec.sheet,
        layout.TABLE_HEADER_ROW,
        1,
        spec.headers,
        1,
        False,
        spec.headers,
        ((None,) * len(spec.headers),),
    )


def _replace_body(book: WorkbookPort, spec: SheetSpec, rows: Sequence[Sequence[object]], made: bool) -> None:
    """The table's body becomes ``rows`` (the table grows or shrinks; old rows below are cleared)."""
    table = _made(spec) if made else book.table(spec.table)
    resize = commands.planned_resize(book, spec.table, table, len(rows))
    block = resize.padded([list(row) + [None] * (table.width - len(row)) for row in rows])
    book.write_rows(
        RowsWrite(
            spec.table,
            resize.first_row,
            block,
            ref=resize.ref,
            grown=resize.new_rows,
            fit=resize.rows_written,
            prints=bool(rows),
        )
    )


def _append(book: WorkbookPort, spec: SheetSpec, rows: Sequence[Sequence[object]], made: bool) -> None:
    """``rows`` added below the table's last used row (the empty row of a new table is used first)."""
    if not rows:
        return
    table = _made(spec) if made else book.table(spec.table, read=spec.headers)
    used = [offset for offset, values in enumerate(table.body) if any(not _blank(v) for v in values)]
    start = table.first_row + (used[-1] + 1 if used else 0)
    last = max(table.last_row, start + len(rows) - 1)
    resize = commands.planned_resize(book, spec.table, table, last - table.header_row)
    block = [list(row) + [None] * (table.width - len(row)) for row in rows]
    book.write_rows(
        RowsWrite(
            spec.table,
            start,
            block,
            ref=resize.ref,
            grown=range(max(start, table.last_row + 1), last + 1),
            fit=range(start, start + len(rows)),
            prints=True,
        )
    )


def start_afresh(book: WorkbookPort) -> None:
    """The next period's workbook (Periode Baru): nothing sent or received yet, and no code until its first kirim
    makes one of its own, so a file sent for the previous period is never taken in as this period's."""
    for spec in (STATUS_SPEC, LOG_SPEC):
        try:
            _replace_body(book, spec, [], made=False)
        except LayoutError:  # an older workbook without the loop's sheets: nothing to empty
            continue
    book.write_name(layout.NAME_WORKBOOK_ID, None)


# -- receive: xl-addin terima, the ribbon's Terima dari Satker ---------------------------------------


@dataclass(frozen=True)
class ReceiveOutcome:
    receipt: Receipt
    waiting: tuple[str, ...]
    notices: tuple[str, ...]
    changed: bool  # whether anything was (or, in a trial, would be) written

    def summary(self) -> str:
        taken, refused = len(self.receipt.taken), len(self.receipt.refused)
        written = sum(1 for change in self.receipt.changes if change.writes)
        kept = len(self.receipt.changes) - written
        return (
            f"{len(self.receipt.results)} file: {taken} diterima, {refused} ditolak; Realisasi: {written} sel diisi atau "
            "diubah" + (f", {kept} angka berbeda tidak diubah" if kept else "") + "."
        )

    def lines(self) -> list[str]:
        lines = []
        for result in self.receipt.results:
            if result.refused:
                lines.append(result.refused)
            else:
                satker = result.satker and next(
                    (str(row[0]) for row in self.receipt.status if layout.name_key(row[0]) == result.satker), None
                )
                what = f"{result.written} sel diisi atau diubah" if result.written else "tidak ada angka baru"
                lines.append(f"{result.name}: diterima" + (f" dari {satker}" if satker else "") + f", {what}.")
            lines += result.notices
        lines += [change.describe() for change in self.receipt.changes if change.action != FILL]
        lines += list(self.notices)
        lines += list(self.waiting)
        return lines


def receive(
    book: WorkbookPort,
    files: Sequence[ReturnedFile] | Callable[[Sequence[CountColumn]], Sequence[ReturnedFile]],
    overwrite: bool = False,
    trial: bool = False,
    now: dt.datetime | None = None,
) -> ReceiveOutcome:
    """*Terima dari Satker*: take the returned files' numbers into Realisasi, the status table and the history.

    ``files``: the returned files as read (``satker_files.read_returns``), or a function reading them given the
    Kanwil's count columns. Refuses (``FileError``, nothing written) when every file is refused.
    """
    state = read_state(book)
    if callable(files):
        files = files(state.columns)
    if not files:
        raise FileError("no returned files", "Tidak ada file kiriman satker (.xlsx/.xlsm) yang dipilih.")
    when = now or _now(book)
    receipt = decide(state, files, overwrite, when)
    if not receipt.taken:
        lines = list(dict.fromkeys(result.refused or "" for result in receipt.results))
        raise FileError(
            f"every returned file was refused: {len(lines)} reasons",
            (lines[0] if len(lines) == 1 else "\n".join(lines))
            + ("" if len(lines) == 1 else "\nTidak ada yang diubah."),
        )
    status_changed = tuple(map(tuple, receipt.status)) != tuple(
        tuple(row) for row in state.status_body if any(not _blank(v) for v in row)
    )
    writes = [change for change in receipt.changes if change.writes]
    changed = bool(writes or receipt.history or status_changed)
    outcome = ReceiveOutcome(receipt, tuple(waiting(state, receipt.status, when.date())), state.notices, changed)
    if trial or not changed:
        return outcome
    made_status = book.ensure_sheet(STATUS_SPEC)
    made_log = book.ensure_sheet(LOG_SPEC)
    if writes:
        book.write_cells(state.sheet, {(change.row, change.column.column): change.after for change in writes})
    if status_changed or made_status:
        _replace_body(book, STATUS_SPEC, receipt.status, made_status)
    _append(book, LOG_SPEC, receipt.history, made_log)
    return outcome


def _now(book: WorkbookPort) -> dt.datetime:
    from .indonesian import now

    return now(commands.document_settings(book).get("time_zone"))


# -- send: xl-addin kirim, the ribbon's Kirim ke Satker -----------------------------------------------


@dataclass(frozen=True)
class SentFile:
    satker: str
    workbook: Path
    email: Path | None  # None: the satker list has no address for it


@dataclass(frozen=True)
class SendOutcome:
    files: tuple[SentFile, ...]
    skipped: tuple[str, ...]  # satker without a file, with why
    notices: tuple[str, ...]
    workbook_id: str
    new_id: bool
    listed: bool = True  # whether the workbook has a satker list (where the addresses come from)

    def summary(self) -> str:
        emails = sum(1 for sent in self.files if sent.email is not None)
        return (
            f"{len(self.files)} file satker dibuat, {emails} dengan draf email"
            + (f"; {len(self.skipped)} satker tanpa file" if self.skipped else "")
            + "."
        )

    def lines(self) -> list[str]:
        lines = [self.summary()]
        without = [sent.satker for sent in self.files if sent.email is None]
        if not self.listed:
            lines.append(
                f"Workbook ini tidak memiliki daftar satker (sheet {layout.SHEET_SATKER_LIST}) dengan alamat email, sehingga "
                "tidak ada draf email; kirim file satker sendiri."
            )
        elif without:
            lines.append(
                f"Tanpa alamat email di daftar satker ({len(without)}; file dibuat, kirimkan sendiri): "
                + ", ".join(without)
                + "."
            )
        lines += list(self.skipped)
        lines += [" ".join(notice.split()) for notice in self.notices]  # one line each: a cell's text may hold breaks
        if self.new_id:
            lines.append(
                f"Kode workbook ini dibuat: {self.workbook_id} (sheet {layout.SHEET_SENDING_STATUS}); file kiriman balik "
                "dicocokkan dengan kode ini."
            )
        return lines


def new_workbook_id() -> str:
    """A code no other Kanwil workbook has: 16 random hexadecimal digits, in groups of four."""
    digits = secrets.token_hex(8).upper()
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


def _stored_targets(book: WorkbookPort) -> dict[str, object]:
    table = book.table(layout.TABLE_TARGETS, read=(layout.COLUMN_SATKER, layout.COLUMN_TARGET))
    return {layout.name_key(name): target for name, target in table.body if layout.name_key(name)}


def send(
    book: WorkbookPort,
    folder: str | os.PathLike,
    now: dt.datetime | None = None,
    make_id: Callable[[], str] = new_workbook_id,
    ignore_unchecked: bool = False,
) -> SendOutcome:
    """*Kirim ke Satker*: a file and an email draft for every satker with a target, in ``folder``; the date each
    was made (and, the first time, the workbook's code) recorded in the Kanwil workbook through ``book``.

    Refused when the targets in the workbook are not those its counts give (Hitung Target was not run after a
    change): a satker must get the target the Kanwil decided. Refused too while any satker needs checking
    (``document.UncheckedRows``, as the email copy is), unless ``ignore_unchecked``: the targets are not set yet.
    Then the others get their files and those to check are listed.
    """
    from . import satker_files

    folder = Path(folder)
    settings, _missing = commands.read_settings(book)
    documents = commands.document_settings(book)
    rows, _outside = commands.read_counts(book, settings)
    targets = plan_targets(rows, settings)
    if not ignore_unchecked:
        refuse_while_unchecked(targets)
    stored = _stored_targets(book)
    stale = [t.name for t in targets if t.ok and _number(stored.get(layout.name_key(t.satker))) != t.target]
    if stale:
        raise InputError(
            f"targets outdated for {stale}",
            f"Target di tabel {layout.TABLE_TARGETS} belum diperbarui sejak data atau pengaturan berubah ("
            f"{', '.join(stale[:3])}{' …' if len(stale) > 3 else ''}). Klik Hitung Target (atau xl-addin fill), lalu "
            "kirim lagi. Tidak ada file yang dibuat.",
        )
    state = read_state(book)
    if state.missing_months:
        raise LayoutError(
            f"Realisasi lacks columns for {state.missing_months}",
            f"Tabel {layout.TABLE_REALISATION} belum memiliki kolom SPKP dan SPAK untuk "
            f"{period_label(state.missing_months)} (periode target {period_label(state.months)}). Klik Hitung Target "
            "(atau xl-addin fill), lalu kirim lagi. Tidak ada file yang dibuat.",
        )
    when = now or _now(book)
    loop_named, _ = book.named_values(setting.defined_name for setting in layout.LOOP_SETTINGS)
    return_address = _text(loop_named.get(layout.LOOP_SETTINGS[1].defined_name))
    workbook_id = state.workbook_id or make_id()
    listed = {layout.name_key(satker.name): satker for satker in state.satker_list.satker}
    realisation = {row.key: row for row in state.satker}
    made: list[SentFile] = []
    skipped: list[str] = []
    notices: list[str] = []
    used_names: set[str] = set()
    notices += state.satker_list.problems
    office = _text(documents.get("office"))
    if office is None or office == layout.DOCUMENT_SETTINGS[0].default:
        notices.append(
            f"Perhatian: nama kantor belum diisi di sheet {layout.SHEET_SETTINGS}, sehingga file satker tidak menyebut "
            "kantor pengirim. Isi nama kantor, lalu kirim lagi."
        )
    examples = [t.name for t in targets if t.is_example]
    if examples:
        notices.append(
            f"{len(examples)} baris CONTOH (data fiktif templat) tidak dikirimi file; hapus baris itu dari "
            f"{layout.SHEET_COUNTS}."
        )
    for number, target in enumerate(targets, start=1):
        if target.is_example:
            continue
        if not target.ok:
            skipped.append(f"{target.name or '(tanpa nama)'}: tidak ada target ({target.note.split('.')[0]}).")
            continue
        row = realisation.get(layout.name_key(target.satker))
        if row is None:
            skipped.append(f"{target.name}: tidak ada di tabel {layout.TABLE_REALISATION}; klik Hitung Target dulu.")
            continue
        contact = listed.get(layout.name_key(target.satker))
        sheet = satker_files.SatkerSheet(
            satker=target.satker,
            office=_text(documents.get("office")) or "Kantor Wilayah",
            months=tuple(
                (month_label(*pair), format_date(state.deadline.date_for(*pair))) for pair in state.month_pairs
            ),
            target=target,
            number=number,
            how=how_computed(target, settings),
            columns=state.columns,
            values=row.values,
            deadline=state.deadline.describe(),
            return_address=return_address,
            documents=documents,
            stamp=Stamp(workbook_id, state.months, target.name, format_datetime(when)),
        )
        stem = satker_files.file_stem(target.name, used_names)
        workbook_path = folder / f"{stem}.xlsx"
        data = satker_files.workbook_bytes_for(sheet)
        satker_files.write(workbook_path, data)
        email_path = None
        addresses = contact.emails if contact else ()
        if addresses:
            try:
                message = satker_files.email_draft(sheet, addresses, workbook_path.name, data, contact.contact)
            except XlAddinError as error:
                notices.append(f"{target.name}: {error.user_message}")
            else:
                email_path = folder / f"{stem}.eml"
                satker_files.write(email_path, message)
        made.append(SentFile(target.name, workbook_path, email_path))
    if not made:
        raise InputError(
            "no satker has a target to send",
            "Tidak ada satker bertarget yang dapat dikirimi file (periksa Pengguna Layanan dan klik Hitung Target). "
            "Tidak ada file yang dibuat.",
        )
    # the Kanwil workbook remembers what was sent, and its own code
    sent = dict(state.sent)
    for item in made:
        sent[layout.name_key(item.satker)] = format_date(when.date())
    sheet_made = book.ensure_sheet(STATUS_SPEC)
    if state.workbook_id is None:
        book.write_name(layout.NAME_WORKBOOK_ID, workbook_id)
    _replace_body(book, STATUS_SPEC, status_rows(state, state.record, _current(state), sent), sheet_made)
    log.info("sent %d satker files to %s", len(made), folder)
    return SendOutcome(
        tuple(made),
        tuple(skipped),
        tuple(notices),
        workbook_id,
        state.workbook_id is None,
        bool(set(listed) & set(realisation)),
    )


def how_computed(target: TargetRow, settings) -> str:
    """How the target was computed, in one line."""
    basis = layout.POPULATION_LABELS.get(settings.population_basis, settings.population_basis)
    months = settings.base_period.label
    sign = "<" if target.method == "slovin" else "≥"
    method = layout.METHOD_LABELS.get(target.method or "", target.method)
    line = (
        f"N = {format_number(target.population or 0)} ({basis} pengguna layanan {months}); N {sign} "
        f"{format_number(settings.threshold)}, maka rumus {method}: {target.formula}"
    )
    if target.sample is not None and target.target != target.sample.computed:
        line += f"; dinaikkan ke batas minimal menjadi {format_number(target.target or 0)}"
    return line + "."


# -- on workbook files (the command line) -------------------------------------------------------------


def send_file(
    workbook: str | os.PathLike,
    folder: str | os.PathLike,
    now: dt.datetime | None = None,
    ignore_unchecked: bool = False,
) -> SendOutcome:
    """``xl-addin kirim``: ``send`` on the workbook file, which is then saved (the dates sent, its code)."""
    from .package import check_writable
    from .workbook import FileBook, collector_paused, open_workbook, save

    path = Path(workbook)
    check_writable(path)  # before any satker file is made: the record must be kept too
    with collector_paused():
        book = open_workbook(path)
        outcome = send(FileBook(book), folder, now=now, ignore_unchecked=ignore_unchecked)
        save(book, path)
        _close(book)
    return outcome


def returned_paths(sources: Sequence[str | os.PathLike], workbook: Path) -> tuple[list[Path], list[str]]:
    """The returned files among ``sources`` (files, and folders' .xlsx/.xlsm), without the Kanwil workbook itself;
    and a line for each file of a folder left out (email drafts beside the files are not mentioned)."""
    from .consolidate import find_workbooks

    for source in map(Path, sources):
        if source.exists() and not source.is_dir() and source.resolve() == workbook.resolve():
            raise FileError(
                f"{source} is the Kanwil workbook itself",
                f"File kiriman tidak boleh workbook tujuannya sendiri: {source.name}",
            )
    paths, skipped = find_workbooks(sources, workbook.resolve())
    lines = [f"{problem.file}: {problem.detail}" for problem in skipped if not problem.file.casefold().endswith(".eml")]
    return paths, lines


def receive_files(
    sources: Sequence[str | os.PathLike],
    workbook: str | os.PathLike,
    overwrite: bool = False,
    trial: bool = False,
    now: dt.datetime | None = None,
) -> ReceiveOutcome:
    """``xl-addin terima``: ``receive`` on the workbook file, saved when anything changed (and not ``trial``)."""
    from . import satker_files
    from .package import check_writable
    from .workbook import FileBook, collector_paused, open_workbook, save

    path = Path(workbook)
    paths, skipped = returned_paths(sources, path)
    if not trial:
        check_writable(path)
    with collector_paused():
        book = open_workbook(path)
        outcome = receive(FileBook(book), satker_files.read_returns(paths), overwrite, trial, now)
        if outcome.changed and not trial:
            save(book, path)
        _close(book)
    if skipped:
        outcome = ReceiveOutcome(outcome.receipt, outcome.waiting, (*skipped, *outcome.notices), outcome.changed)
    return outcome


def _close(book) -> None:
    if book.vba_archive is not None:  # see workbook.fill: openpyxl never closes its copy of the package
        book.vba_archive.close()
