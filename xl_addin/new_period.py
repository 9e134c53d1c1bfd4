"""*Periode Baru*: the workbook for the next period, made from this one, which is never changed.

``xl-addin periode-baru WORKBOOK -o NEW --dasar "Januari–Maret 2025" --target "Juli–Desember 2025"`` and
the ribbon's *Periode Baru* (which saves the workbook first and runs this on the file). The new workbook
keeps what carries over (the satker list, the rule's settings, the office details, the column mapping,
the buttons) and starts the rest empty: the counts (satker names kept, under the new base months),
Realisasi (under the new target months), the survey sheets, the loop's status and history (and the
workbook's code: the first kirim of the new period makes its own), and last period's monthly report. A sheet *Periode Lalu* keeps, per satker,
last period's target and what was reached (months reached, the average percentage, the IKM), so the
head of office can compare. The targets are computed at once: every satker then asks for its counts.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from . import commands, layout, loop
from .cells import column_letter
from .errors import FileError, InputError, LayoutError
from .indonesian import format_number
from .package import is_folder, workbook_lock
from .period import Period, read_month_header
from .plan import Outcome, read_count
from .port import ALL, Block, RowsWrite, SheetPlan, TablePlan, WorkbookPort
from .realisation import count_columns, read_column
from .survey_counting import Tally
from .survey_exports import SurveySettings
from .survey_indices import PERIOD_ALL
from .survey_sheets import data_plan, indices_plan, keys_plan, log_plan, problems_plan
from .workbook import FileBook, collector_paused, open_workbook, save

__all__ = ["PreviousRow", "new_period", "previous_rows", "start_period"]

log = logging.getLogger(__name__)

SHEET_PREVIOUS = layout.SHEET_PREVIOUS_PERIOD
TABLE_PREVIOUS = layout.TABLE_PREVIOUS_PERIOD


@dataclass(frozen=True)
class PreviousRow:
    """One satker's last period: its target and what it reached, per survey."""

    satker: str
    population: int | None
    target: int | None
    reached: Mapping[str, int]  # survey -> months whose respondents reached the target
    reported: Mapping[str, int]  # survey -> months with a number
    average: Mapping[str, Fraction | None]  # survey -> mean of realised / target over the reported months
    ikm: object  # the IKM over all months (Indeks Survei), or None


def _number(value: object) -> int | None:
    try:
        return read_count(value)
    except (InputError, ValueError):
        return None


def previous_rows(
    targets: Sequence[Sequence[object]],
    realised: Mapping[str, Mapping[tuple[str, tuple[int, int]], object]],
    ikm: Mapping[str, object],
    period: Period,
) -> list[PreviousRow]:
    """Last period per satker, in the targets table's order: ``targets`` are (satker, N, target) rows;
    ``realised`` {satker key: {(survey, month): cell}}; ``ikm`` {satker key: IKM of all months}."""
    rows = []
    for name, population, target in targets:
        key = layout.name_key(name)
        if not key:
            continue
        target = _number(target)
        reached, reported, average = {}, {}, {}
        for survey in layout.SURVEYS:
            counts = [_number(realised.get(key, {}).get((survey, month))) for month in period]
            numbers = [count for count in counts if count is not None]
            reported[survey] = len(numbers)
            reached[survey] = sum(1 for count in numbers if target and count >= target)
            average[survey] = Fraction(sum(numbers), len(numbers) * target) if numbers and target else None
        rows.append(PreviousRow(str(name), _number(population), target, reached, reported, average, ikm.get(key)))
    return rows


PREVIOUS_HEADERS = (
    layout.COLUMN_SATKER,
    layout.COLUMN_POPULATION,
    layout.COLUMN_TARGET,
    *(f"{survey}: bulan tercapai" for survey in layout.SURVEYS),
    *(f"{survey}: rata-rata capaian" for survey in layout.SURVEYS),
    "IKM (semua bulan)",
)


def previous_plan(rows: Sequence[PreviousRow], period: Period, base: Period, office: object) -> SheetPlan:
    """The sheet *Periode Lalu*: last period per satker, for the head to compare with the new one."""
    months = len(period)
    title = f"Periode Lalu: target dan capaian {period.label}"
    note = (
        f"Ringkasan periode target {period.label} (populasi dari periode dasar {base.label}), disalin saat "
        "workbook periode baru dibuat. Bulan tercapai: bulan yang realisasinya mencapai target per bulan, dari "
        f"{months} bulan target. Rata-rata capaian: rata-rata realisasi dibagi target, hanya bulan yang dilaporkan. "
        "Angka rinci ada di workbook periode lalu."
    )
    body = [
        (
            row.satker,
            row.population,
            row.target,
            *(f"{row.reached[s]} dari {months}" if row.target else None for s in layout.SURVEYS),
            *(None if row.average[s] is None else float(row.average[s]) for s in layout.SURVEYS),
            row.ikm,
        )
        for row in rows
    ] or [tuple(None for _ in PREVIOUS_HEADERS)]
    header_row = layout.TABLE_HEADER_ROW
    formats = ((1, "#,##0"), (2, "#,##0"), (5, "0.0%"), (6, "0.0%"), (7, "0.00"))
    return SheetPlan(
        SHEET_PREVIOUS,
        (
            Block(1, 1, ((title,),), "title"),
            Block(2, 1, ((note,),), "note"),
            Block(header_row, 1, (PREVIOUS_HEADERS,), "header"),
            Block(header_row + 1, 1, tuple(body), "body", formats),
        ),
        (TablePlan(TABLE_PREVIOUS, header_row, PREVIOUS_HEADERS, header_row + len(body)),),
        (48, 12, 12, 14, 14, 14, 14, 12),
        landscape=True,
        wrap=(1,),
        office=office if isinstance(office, str) else None,
    )


def _read_previous(book: WorkbookPort, period: Period) -> list[PreviousRow]:
    """What *Periode Lalu* shows, read from the workbook of the period that ends."""
    targets = book.table(
        layout.TABLE_TARGETS, read=(layout.COLUMN_SATKER, layout.COLUMN_POPULATION, layout.COLUMN_TARGET)
    ).body
    realised: dict[str, dict] = {}
    try:
        table = book.table(layout.TABLE_REALISATION, read=ALL)
        columns = count_columns(table.headers, period)
        name = table.index(layout.COLUMN_SATKER)
        for row in table.body:
            cells = realised.setdefault(layout.name_key(row[name]), {})
            for key, index in columns.items():
                cells.setdefault(key, row[index])
    except LayoutError:
        pass  # a workbook without Realisasi: last period's targets still carry over
    ikm: dict[str, object] = {}
    try:
        indices = book.table(layout.TABLE_INDICES, read=(layout.COLUMN_SATKER, layout.COLUMN_PERIOD, layout.COLUMN_IKM))
        for satker, when, value in indices.body:
            if when == PERIOD_ALL or layout.name_key(satker) not in ikm:
                ikm[layout.name_key(satker)] = value
    except LayoutError:
        pass  # no survey sheets: no IKM
    return previous_rows(targets, realised, ikm, period)


def _clear_counts(book: WorkbookPort, base: Period) -> None:
    """Pengguna Layanan under the new base months: the satker's names kept, every count emptied."""
    table = book.table(layout.TABLE_COUNTS, read=ALL)
    name = table.index(layout.COLUMN_SATKER)
    months = [index for index, header in enumerate(table.headers) if index != name and _is_month(header)]
    others = [index for index in range(table.width) if index != name and index not in months]
    headers = [layout.COLUMN_SATKER, *base.month_labels, *(table.headers[i] for i in others)]
    body = [[row[name], *[None] * len(base), *(row[i] for i in others)] for row in table.body]
    width = max(len(headers), table.width)
    padding = [None] * (width - len(headers))
    looks = [name, *([months[0]] * len(base) if months else [None] * len(base)), *others, *padding]
    last = table.first_column + len(headers) - 1
    ref = f"{column_letter(table.first_column)}{table.header_row}:{column_letter(last)}{table.last_row}"
    block = [[*headers, *padding], *([*row, *padding] for row in body)]
    book.write_rows(RowsWrite(table.name, table.header_row, block, ref=ref, looks_from=looks))


def _is_month(header: object) -> bool:
    return read_month_header(header) is not None


def _clear_realisation(book: WorkbookPort) -> None:
    """Realisasi without numbers: last period's are in the old workbook and in *Periode Lalu*."""
    table = book.table(layout.TABLE_REALISATION, read=ALL)
    keep = {table.index(layout.COLUMN_SATKER)}
    typed = [index for index, header in enumerate(table.headers) if read_column(header).kind in ("count", "outside")]
    cells = {
        (row, table.first_column + index): None
        for row in range(table.first_row, table.last_row + 1)
        for index in typed
        if index not in keep
    }
    if cells:
        book.write_cells(table.sheet, cells)


def start_period(book: WorkbookPort, base: Period, target: Period) -> tuple[list[PreviousRow], Outcome]:
    """Turn the workbook behind ``book`` into the next period's (the caller saves it under a new name)."""
    settings, _missing = commands.read_settings(book)
    documents = commands.document_settings(book)
    previous = _read_previous(book, settings.target_period)
    names = {setting.field: setting.defined_name for setting in layout.SETTINGS}
    book.write_name(names["base_period"], base.label)
    book.write_name(names["target_period"], target.label)
    _clear_counts(book, base)
    _clear_realisation(book)
    survey = SurveySettings(period=target)
    for plan in (indices_plan([], survey), data_plan(Tally()), log_plan([]), problems_plan([], None)):
        book.replace_sheet(plan)
    book.replace_sheet(keys_plan(), hidden=True)
    book.replace_sheet(previous_plan(previous, settings.target_period, settings.base_period, documents.get("office")))
    loop.start_afresh(book)
    outcome = commands.fill(book)  # Realisasi follows the new target period; the targets ask for counts
    return previous, outcome


def new_period(
    source: str | os.PathLike,
    out: str | os.PathLike,
    base: object = None,
    target: object = None,
) -> tuple[Path, Period, Period, Outcome]:
    """``xl-addin periode-baru``: the next period's workbook ``out`` made from ``source`` (never changed).

    ``base`` and ``target`` are period texts ("Januari–Maret 2025"); by default the same months one year
    later. Returns the new file, its periods and the fill's outcome.
    """
    source, out = Path(source), Path(out)
    if is_folder(out):
        raise FileError(f"{out} is a folder", f"'{out}' adalah folder; sebutkan nama file workbook periode baru.")
    if out.suffix.lower() != source.suffix.lower():
        raise FileError(
            f"the new workbook must keep the extension {source.suffix}: {out}",
            f"Workbook periode baru harus berekstensi {source.suffix} seperti file asal.",
        )
    if out.exists():
        same = source.exists() and out.resolve() == source.resolve()
        raise FileError(
            f"{out} exists",
            "Workbook periode baru tidak boleh menimpa workbook periode ini."
            if same
            else f"File {out.name} sudah ada; pilih nama lain (tidak ada file yang ditimpa).",
        )
    base_period = None if base is None else _period(base, "--dasar")  # read before anything is opened or made
    target_period = None if target is None else _period(target, "--target")
    with collector_paused(), workbook_lock(out, "periode-baru"):
        book = open_workbook(source)
        port = FileBook(book)
        settings, _missing = commands.read_settings(port)
        base_period = base_period or settings.base_period.next_like()
        target_period = target_period or settings.target_period.next_like()
        _previous, outcome = start_period(port, base_period, target_period)
        for title in list(book.sheetnames):  # last period's report; the first Laporan Bulanan makes a new one
            if title.casefold() == layout.SHEET_REPORT.casefold():
                del book[title]
        save(book, out, source=source)
        if book.vba_archive is not None:
            book.vba_archive.close()
    log.info("new period %s / %s: %s from %s", base_period, target_period, out, source)
    return out, base_period, target_period, outcome


def _period(text: object, option: str) -> Period:
    try:
        return Period.parse(text)
    except InputError as error:
        raise InputError(f"{option}: {error}", f"{option}: {error.user_message}") from None


def summary(out: Path, base: Period, target: Period, outcome: Outcome) -> str:
    """What the command line and the ribbon say when the new workbook is made."""
    return (
        f"Workbook periode baru dibuat: {out}\nPeriode dasar {base.label}, periode target {target.label}; "
        f"{format_number(len(outcome.targets))} satker. Isi jumlah pengguna layanan {base.label} di sheet "
        f"{layout.SHEET_COUNTS}, lalu klik Hitung Target (atau xl-addin fill). Ringkasan periode lalu ada di sheet "
        f"{SHEET_PREVIOUS}; workbook periode lalu tidak diubah."
    )
