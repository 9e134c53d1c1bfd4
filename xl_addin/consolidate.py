"""The regional office's summary: ``xl-addin consolidate`` and the ribbon's Rekap Kanwil button.

Each satker sends back its workbook; the kanwil wants one sheet saying, per
satker, the target and how many respondents were reached each month. This
module reads every workbook with openpyxl (never writing to it), recomputes the
targets from the workbook's own counts to catch ones that are outdated or were
never computed, and writes one plain .xlsx: Rekap, Masalah, Pengaturan per File.

One bad file never stops the run: it becomes a row on the Masalah sheet.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table
from openpyxl.worksheet.worksheet import Worksheet

from . import __version__, layout
from .plan import Settings, parse_count, plan_targets
from .sampling import XlAddinError
from .template import BOX, PERCENT_FORMAT, TABLE_STYLE, WRAP, colour_percentages, print_setup, write_header, write_title
from .workbook import TableArea, find_table, open_workbook, read_counts, read_settings, save_atomic

log = logging.getLogger(__name__)

SHEET_SUMMARY = "Rekap"
SHEET_PROBLEMS = "Masalah"
SHEET_SETTINGS = "Pengaturan per File"
TABLE_SUMMARY = "RekapKanwil"
TABLE_PROBLEMS = "MasalahKanwil"
TABLE_SETTINGS = "PengaturanPerFile"
COLUMN_FILE = "File"
COLUMN_MONTHS_REACHED = "Bulan Tercapai"
FOLDER_SUFFIXES = (".xlsx", ".xlsm")  # what a folder contributes; templates and add-ins are not reports

# Kinds of problem, as the Masalah sheet's "Jenis" column shows them.
UNREADABLE = "File tidak terbaca"
DUPLICATE = "Satker ganda"
OTHER_SETTINGS = "Pengaturan berbeda"
OUTDATED = "Target usang"
NOT_COMPUTED = "Target belum dihitung"
NO_TARGET = "Target kosong"
NO_REALISATION = "Realisasi tidak ada"
BAD_REALISATION = "Realisasi tidak sah"
REALISATION_ONLY = "Realisasi tanpa target"

Progress = Callable[[int, int, str], None]  # (files done, files in all, file just read)


@dataclass(frozen=True)
class SatkerRow:
    """One satker as its workbook reports it: the target as sent and the respondents reached."""

    file: str
    satker: str
    population: int | None
    method: str | None  # as the workbook shows it: "Slovin", "Krejcie & Morgan"
    target: int | None
    realised: Mapping[tuple[str, str], int | None]  # (survey, month) -> respondents
    months: tuple[str, ...]  # the file's target months

    def achievement(self, survey: str, month: str) -> float | None:
        """Realised / target; None when either is missing (the workbook's formula shows "")."""
        reached = self.realised.get((survey, month))
        if reached is None or not self.target:
            return None
        return reached / self.target

    @property
    def months_reached(self) -> tuple[str, ...]:
        """Months where every survey reached the target (a month not reported is not reached)."""
        def reached(month: str) -> bool:
            counts = [self.realised.get((survey, month)) for survey in layout.SURVEYS]
            return self.target is not None and all(c is not None and c >= self.target for c in counts)

        return tuple(month for month in self.months if reached(month))


@dataclass(frozen=True)
class Problem:
    file: str
    kind: str
    detail: str


@dataclass(frozen=True)
class Consolidation:
    rows: tuple[SatkerRow, ...]
    problems: tuple[Problem, ...]
    files_read: tuple[str, ...]
    files_failed: tuple[str, ...]
    output: Path

    @property
    def months(self) -> tuple[str, ...]:
        """Every target month of any file, in calendar order: the Rekap's month columns."""
        wanted = {month for row in self.rows for month in row.months}
        return tuple(month for month in layout.MONTHS if month in wanted)


def _key(name: object) -> str:
    """How satker names are compared: case and spacing do not count."""
    return " ".join(str(name or "").split()).casefold()


def _number(value: object) -> int | None:
    try:
        return parse_count(value)
    except XlAddinError:
        return None


def find_workbooks(sources: Iterable[str | os.PathLike], out: Path) -> list[Path]:
    """The files to read: named files as given, folders' .xlsx/.xlsm (no lock files, not ``out``), sorted."""
    found: dict[Path, Path] = {}
    for source in map(Path, sources):
        if source.is_dir():
            for path in source.iterdir():
                if (path.is_file() and path.suffix.lower() in FOLDER_SUFFIXES and not path.name.startswith("~$")
                        and path.resolve() != out):
                    found.setdefault(path.resolve(), path)
        else:
            if source.resolve() == out:
                raise XlAddinError(
                    f"the summary {out} would overwrite an input", f"File rekap tidak boleh menimpa file satker: {out.name}"
                )
            found.setdefault(source.resolve(), source)  # a missing file is reported when it is read
    return sorted(found.values(), key=lambda p: (str(p.parent), p.name.casefold()))


def _labels(paths: Sequence[Path]) -> dict[Path, str]:
    """File names for the report; the whole path when two folders hold the same name."""
    names = Counter(path.name.casefold() for path in paths)
    return {path: path.name if names[path.name.casefold()] == 1 else str(path) for path in paths}


@dataclass(frozen=True)
class _FileReport:
    settings: Settings
    rows: list[SatkerRow]
    problems: list[Problem]


def _read_targets(book: Workbook) -> list[tuple[str, int | None, str | None, int | None, str]]:
    """The TargetResponden table as sent: (satker, N, method, target, note) per named row."""
    area = TableArea.of(*find_table(book, layout.TABLE_TARGETS))
    sheet = area.sheet
    columns = [area.column_of(h, layout.TABLE_TARGETS) for h in layout.REQUIRED_TARGET_HEADERS]
    result = []
    for row in range(area.first_row, area.last_row + 1):
        name, population, method, target, note = (sheet.cell(row, c).value for c in columns)
        if _key(name):
            result.append((" ".join(str(name).split()), _number(population), method or None, _number(target), note or ""))
    return result


def _read_realisation(book: Workbook, label: str, settings: Settings) -> tuple[dict[str, tuple[str, dict]], list[Problem]]:
    """{satker key: (name, {(survey, month): respondents})} from RealisasiResponden, and what was wrong in it."""
    try:
        area = TableArea.of(*find_table(book, layout.TABLE_REALISATION))
        sheet = area.sheet
        name_column = area.column_of(layout.COLUMN_SATKER, layout.TABLE_REALISATION)
        columns = {
            (survey, month): area.column_of(layout.realisation_column(survey, month), layout.TABLE_REALISATION)
            for survey in layout.SURVEYS for month in settings.target_months
        }
    except XlAddinError as error:  # older workbooks have no Realisasi sheet: the targets still count
        return {}, [Problem(label, NO_REALISATION, error.user_message)]
    found: dict[str, tuple[str, dict]] = {}
    problems = []
    # TableArea stops above the totals row ("Jumlah"): that row is not a satker.
    for row in range(area.first_row, area.last_row + 1):
        name = sheet.cell(row, name_column).value
        if not _key(name):
            continue
        counts: dict[tuple[str, str], int | None] = {}
        for (survey, month), column in columns.items():
            value = sheet.cell(row, column).value
            counts[survey, month] = None  # blank: not reported (yet)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            try:
                counts[survey, month] = parse_count(value)
            except XlAddinError as error:
                where = f"{sheet.title}!{get_column_letter(column)}{row}"
                problems.append(Problem(label, BAD_REALISATION, f"{name}, {layout.realisation_column(survey, month)} "
                                        f"(sel {where}): {error.user_message}"))
        found.setdefault(_key(name), (" ".join(str(name).split()), counts))
    return found, problems


def _compare_with_plan(book: Workbook, label: str, settings: Settings, sent: list) -> list[Problem]:
    """Whether the targets as sent are what the workbook's own counts and settings give now.

    Compared by satker name, not row order: sorting the targets table is not a change.
    """
    try:
        fresh = plan_targets(read_counts(book, settings), settings)
    except XlAddinError as error:
        return [Problem(label, OUTDATED, f"Target tidak bisa dihitung ulang: {error.user_message}")]
    now = {_key(t.satker): (t.satker, t.population, t.target) for t in fresh if t.satker}
    was = {_key(name): (name, population, target) for name, population, _method, target, _note in sent}
    if not was and now:
        return [Problem(label, NOT_COMPUTED, f"Tabel {layout.TABLE_TARGETS} kosong padahal Pengguna Layanan berisi "
                        f"{len(now)} satker. Buka file, klik Hitung Target, lalu kirim ulang.")]
    differences = []
    for key in sorted(now.keys() | was.keys()):
        if key not in was:
            differences.append(f"{now[key][0]} (belum ada di tabel target)")
        elif key not in now:
            differences.append(f"{was[key][0]} (tidak ada lagi di Pengguna Layanan)")
        elif now[key][1:] != was[key][1:]:
            differences.append(f"{was[key][0]} (N {was[key][1]} → {now[key][1]}, target {was[key][2]} → {now[key][2]})")
    if not differences:
        return []
    shown = "; ".join(differences[:5]) + (f"; dan {len(differences) - 5} satker lain" if len(differences) > 5 else "")
    return [Problem(label, OUTDATED, f"Target di file tidak sesuai hitungan ulang dari Pengguna Layanan dan "
                    f"Pengaturan: {shown}. Buka file, klik Hitung Target, lalu kirim ulang.")]


def _read_file(path: Path, label: str) -> _FileReport:
    book = open_workbook(path)  # loads into memory; the file itself is never written
    settings = read_settings(book)
    sent = _read_targets(book)
    realised, problems = _read_realisation(book, label, settings)
    problems += _compare_with_plan(book, label, settings, sent)
    rows = []
    for name, population, method, target, note in sent:
        counts = realised.pop(_key(name), (name, {}))[1]
        rows.append(SatkerRow(label, name, population, method, target, counts, settings.target_months))
        if target is None:
            problems.append(Problem(label, NO_TARGET, f"{name}: {note or 'kolom Target per Bulan kosong'}"))
    for name, counts in realised.values():
        rows.append(SatkerRow(label, name, None, None, None, counts, settings.target_months))
        if sent:  # an empty targets table was already reported as never computed
            problems.append(Problem(label, REALISATION_ONLY, f"{name}: ada di tabel Realisasi tetapi tidak di "
                                    f"tabel {layout.TABLE_TARGETS}."))
    return _FileReport(settings, rows, problems)


def _duplicates(rows: Sequence[SatkerRow]) -> list[Problem]:
    groups: dict[str, list[SatkerRow]] = {}
    for row in rows:
        groups.setdefault(_key(row.satker), []).append(row)
    problems = []
    for group in groups.values():
        if len(group) > 1:
            files = Counter(row.file for row in group)
            where = ", ".join(name if n == 1 else f"{name} ({n} kali)" for name, n in files.items())
            problems.append(Problem(", ".join(files), DUPLICATE, f"{group[0].satker} muncul {len(group)} kali: {where}. "
                                    "Pastikan tiap satker dilaporkan di satu file saja."))
    return problems


def _settings_differences(settings: Mapping[str, Settings]) -> list[Problem]:
    """Files whose settings differ from the most common ones (ties: the first file's wins)."""
    if len(set(settings.values())) < 2:
        return []
    usual = Counter(settings.values()).most_common(1)[0][0].as_cells()
    problems = []
    for label, own in settings.items():
        cells = own.as_cells()
        differing = [f"{name} = {cells[name]} (umumnya {usual[name]})" for name in usual if cells[name] != usual[name]]
        if differing:
            problems.append(Problem(label, OTHER_SETTINGS, "Pengaturan berbeda dari kebanyakan file: "
                                    + "; ".join(differing) + "."))
    return problems


def _is_summary(path: Path) -> bool:
    """Whether ``path`` is an earlier summary (safe to replace) rather than a satker's workbook."""
    try:
        find_table(open_workbook(path), TABLE_SUMMARY)
        return True
    except XlAddinError:
        return False


def consolidate(
    sources: Iterable[str | os.PathLike], out: str | os.PathLike, progress: Progress | None = None
) -> Consolidation:
    """Read every satker workbook in ``sources`` and write the summary to ``out`` (.xlsx)."""
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise XlAddinError(f"the summary must be an .xlsx file: {out}", f"File rekap harus berekstensi .xlsx: {out.name}")
    sources = [Path(source) for source in sources]
    if out.exists() and any(s.is_dir() and s.resolve() == out.resolve().parent for s in sources) and not _is_summary(out):
        raise XlAddinError(f"{out} is not an earlier summary and sits among the inputs",
                           f"File rekap tidak boleh menimpa file satker: {out.name}")
    paths = find_workbooks(sources, out.resolve())
    if not paths:
        raise XlAddinError(
            f"no .xlsx/.xlsm workbooks in {[str(s) for s in sources]}",
            f"Tidak ada file Excel (.xlsx/.xlsm) satker di: {', '.join(str(s) for s in sources)}",
        )
    labels = _labels(paths)
    settings: dict[str, Settings] = {}
    rows: list[SatkerRow] = []
    problems: list[Problem] = []
    failed: list[str] = []
    for done, path in enumerate(paths, start=1):
        label = labels[path]
        try:
            report = _read_file(path, label)
        except XlAddinError as error:
            failed.append(label)
            problems.append(Problem(label, UNREADABLE, error.user_message))
        except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds on damaged files; one must not stop the run
            log.warning("cannot read %s", path, exc_info=True)
            failed.append(label)
            problems.append(Problem(label, UNREADABLE, f"File {path.name} tidak bisa dibaca ({type(error).__name__}: "
                                    f"{error}); buka di Excel dan simpan ulang."))
        else:
            settings[label] = report.settings
            rows += report.rows
            problems += report.problems
        if progress is not None:
            progress(done, len(paths), label)
    problems += _duplicates(rows) + _settings_differences(settings)
    result = Consolidation(tuple(rows), tuple(problems), tuple(settings), tuple(failed), out)
    out.parent.mkdir(parents=True, exist_ok=True)
    save_atomic(_summary_book(result, settings, len(paths)), out)
    log.info("consolidated %d files (%d failed), %d satker, %d problems into %s",
             len(paths), len(failed), len(rows), len(problems), out)
    return result


# ---- the summary workbook -------------------------------------------------------------------



def _table(sheet: Worksheet, name: str, headers: Sequence[str], first: int, last: int, totals: bool = False) -> Table:
    table = Table(displayName=name, ref=f"A{layout.TABLE_HEADER_ROW}:{get_column_letter(len(headers))}{last}")
    table.tableStyleInfo = TABLE_STYLE
    if totals:
        table.totalsRowCount = 1
    table._initialise_columns()
    for column, header in zip(table.tableColumns, headers):
        column.name = header
    sheet.add_table(table)
    for row in sheet.iter_rows(min_row=first, max_row=last, max_col=len(headers)):
        for cell in row:
            cell.border = BOX
    return table


def _summary_sheet(sheet: Worksheet, result: Consolidation, files: int) -> None:
    now = datetime.now().astimezone()
    write_title(
        sheet,
        "Rekap Target dan Realisasi Responden SPKP dan SPAK per Satker",
        f"Dibuat {now:%d-%m-%Y %H:%M} dengan xl_addin {__version__} dari {files} file "
        f"({len(result.files_read)} terbaca, {len(result.files_failed)} gagal; lihat sheet {SHEET_PROBLEMS}). "
        "Persentase = realisasi / target per bulan: merah di bawah target, hijau tercapai.",
    )
    months = result.months or layout.DEFAULT_TARGET_MONTHS
    counts = [(survey, month) for survey in layout.SURVEYS for month in months]
    count_headers = [layout.realisation_column(*c) for c in counts]
    headers = (COLUMN_FILE, layout.COLUMN_SATKER, layout.COLUMN_POPULATION, layout.COLUMN_METHOD, layout.COLUMN_TARGET,
               *count_headers, *(layout.PERCENT_PREFIX + h for h in count_headers), COLUMN_MONTHS_REACHED)
    write_header(sheet, layout.TABLE_HEADER_ROW, headers, (28, 44, 12, 18, 12, *[12] * (2 * len(counts)), 40))
    first = layout.TABLE_HEADER_ROW + 1
    for row_number, row in enumerate(result.rows, start=first):
        values = (row.file, row.satker, row.population, row.method, row.target,
                  *(row.realised.get(c) for c in counts), *(row.achievement(*c) for c in counts),
                  ", ".join(row.months_reached) or None)
        for column, value in enumerate(values, start=1):
            sheet.cell(row_number, column, value)
    last = first + max(len(result.rows), 1) - 1  # a table keeps at least one data row
    total = last + 1

    # Totals as formulas, like the Realisasi sheet: SUBTOTAL follows the reader's filter (say, one file).
    table = _table(sheet, TABLE_SUMMARY, headers, first, total, totals=True)
    letter = {header: get_column_letter(index) for index, header in enumerate(headers, start=1)}
    sheet.cell(total, 1, "Jumlah")
    table.tableColumns[0].totalsRowLabel = "Jumlah"
    sheet.cell(total, 2, f"=SUBTOTAL(103,B{first}:B{last})")  # how many satker
    table.tableColumns[1].totalsRowFunction = "count"
    for index, header in enumerate(headers, start=1):
        if header in (layout.COLUMN_POPULATION, layout.COLUMN_TARGET, *count_headers):
            sheet.cell(total, index, f"=SUBTOTAL(109,{letter[header]}{first}:{letter[header]}{last})")
            table.tableColumns[index - 1].totalsRowFunction = "sum"
    target = f"${letter[layout.COLUMN_TARGET]}{total}"
    for header in count_headers:
        reached = f"{letter[header]}{total}"
        sheet.cell(total, headers.index(layout.PERCENT_PREFIX + header) + 1,
                   f'=IF({reached}=0,"",IFERROR({reached}/{target},""))')
    numbers = (layout.COLUMN_POPULATION, layout.COLUMN_TARGET, *count_headers)
    for index, header in enumerate(headers, start=1):
        for row_number in range(first, total + 1):
            cell = sheet.cell(row_number, index)
            if header.startswith(layout.PERCENT_PREFIX):
                cell.number_format = PERCENT_FORMAT
            elif header in numbers:
                cell.number_format = "#,##0"
            else:
                cell.alignment = WRAP
        sheet.cell(total, index).font = Font(bold=True)

    if counts:
        percents = (f"{letter[layout.PERCENT_PREFIX + count_headers[0]]}{first}:"
                    f"{letter[layout.PERCENT_PREFIX + count_headers[-1]]}{total}")
        colour_percentages(sheet, percents)
    sheet.freeze_panes = f"C{first}"  # header, file and satker stay in view
    print_setup(sheet, landscape=True, title_rows=f"{layout.TABLE_HEADER_ROW}:{layout.TABLE_HEADER_ROW}")


def _list_sheet(sheet: Worksheet, title: str, note: str, table: str, headers: Sequence[str],
                widths: Sequence[float], rows: Sequence[Sequence[object]]) -> None:
    write_title(sheet, title, note)
    write_header(sheet, layout.TABLE_HEADER_ROW, tuple(headers), tuple(widths))
    first = layout.TABLE_HEADER_ROW + 1
    for row_number, values in enumerate(rows, start=first):
        for column, value in enumerate(values, start=1):
            sheet.cell(row_number, column, value).alignment = WRAP
    _table(sheet, table, headers, first, first + max(len(rows), 1) - 1)
    sheet.freeze_panes = f"A{first}"
    print_setup(sheet, landscape=True, title_rows=f"{layout.TABLE_HEADER_ROW}:{layout.TABLE_HEADER_ROW}")


def _summary_book(result: Consolidation, settings: Mapping[str, Settings], files: int) -> Workbook:
    book = Workbook()
    book.active.title = SHEET_SUMMARY
    _summary_sheet(book.active, result, files)
    problems = [(p.file, p.kind, p.detail) for p in result.problems] or [("", "Tidak ada masalah", "")]
    _list_sheet(book.create_sheet(SHEET_PROBLEMS), "Masalah pada File Satker",
                "Perbaiki di file satker (lalu minta dikirim ulang) dan jalankan rekap lagi.",
                TABLE_PROBLEMS, (COLUMN_FILE, "Jenis", "Keterangan"), (30, 24, 100), problems)
    _list_sheet(book.create_sheet(SHEET_SETTINGS), "Pengaturan per File",
                "Pengaturan yang dipakai tiap file untuk menghitung target (sheet Pengaturan di file satker).",
                TABLE_SETTINGS, (COLUMN_FILE, "Pengaturan"), (30, 120),
                [(label, own.describe()) for label, own in settings.items()])
    book.properties.creator = book.properties.lastModifiedBy = "xl_addin"
    book.properties.title = "Rekap Realisasi Responden SPKP dan SPAK"
    book.calculation.fullCalcOnLoad = True  # the totals row is formulas; openpyxl stores no cached values
    return book


__all__ = ["Consolidation", "Problem", "SatkerRow", "consolidate", "find_workbooks"]
