"""The regional office's summary: ``xl-addin consolidate`` and the ribbon's Rekap Kanwil button.

Each satker sends back its workbook; the kanwil wants one sheet saying, per
satker, the target and how many respondents were reached each month. This
module reads every workbook with openpyxl (never writing to it), recomputes the
targets from the workbook's own counts to catch ones that are outdated or were
never computed, and writes one plain .xlsx: Rekap, Masalah, Pengaturan per File.

One bad file never stops the run: it becomes a row on the Masalah sheet.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from . import __version__, charts, layout, styles
from .cells import Formula, subtotal_sum
from .errors import FileError, XlAddinError, column_missing
from .indonesian import TIME_ZONES, format_datetime, format_number, name_text, now
from .package import is_folder
from .period import Period, month_label
from .plan import Settings, plan_targets, read_count
from .realisation import count_columns
from .report import MonthlyReport, ReportMonth, SatkerInput, monthly_report
from .survey_exports import scales_of
from .survey_sheets import kanwil_indices_plan
from .survey_workbook import table_rows
from .workbook import (
    CellValues,
    TableArea,
    add_table,
    collector_paused,
    document_settings,
    find_table,
    named_cells,
    open_workbook,
    read_counts,
    read_settings,
    render_plan,
    save,
    spread_note,
    style_cells,
    sum_above,
    write_cell,
    write_header,
    write_title,
)

log = logging.getLogger(__name__)

FOLDER_SUFFIXES = (".xlsx", ".xlsm")  # what a folder contributes; templates and add-ins are not reports
# Spreadsheets a folder may hold that openpyxl cannot read: said so, never silently skipped.
OTHER_SPREADSHEETS = (".xls", ".xlsb", ".ods", ".xltx", ".xltm", ".xlam", ".csv")

# Kinds of problem, as the Masalah sheet's "Jenis" column shows them.
UNREADABLE = "File tidak terbaca"
SKIPPED = "File tidak dibaca"
OPEN_ELSEWHERE = "File sedang dibuka"
DUPLICATE = "Satker ganda"
OTHER_SETTINGS = "Pengaturan berbeda"
OUTDATED = "Target belum diperbarui"
NOT_COMPUTED = "Target belum dihitung"
NO_TARGET = "Target kosong"
NO_REALISATION = "Tabel realisasi tidak ada"
BAD_REALISATION = "Isian realisasi tidak valid"
REALISATION_ONLY = "Realisasi tanpa target"
EXAMPLE_ROWS = "Data contoh"
ABOVE_POPULATION = "Realisasi melebihi N"
NOT_RECEIVED = "Satker tidak mengirim"  # expected by the Kanwil's satker list, found in no file

Progress = Callable[[int, int, str], None]  # (files done, files in all, file just read)


@dataclass(frozen=True)
class SatkerRow:
    """One satker as its workbook reports it: the target as sent and the respondents reached."""

    file: str
    satker: object  # as typed in the satker's workbook
    population: int | None
    method: str | None  # as the workbook shows it: "Slovin", "Krejcie & Morgan"
    target: int | None
    realised: Mapping[tuple[str, str], int | None]  # (survey, "Juli 2024") -> respondents
    months: tuple[str, ...]  # the file's target months, with their years ("Juli 2024")

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
    files_skipped: tuple[str, ...] = ()
    indices: tuple[tuple[object, ...], ...] = ()  # (file, *Indeks Survei row) of every file

    def summary(self) -> str:
        """One line for the command line and the ribbon's message box."""
        skipped = f", {len(self.files_skipped)} tidak dibaca" if self.files_skipped else ""
        return (
            f"{len(self.files_read)} file terbaca, {len(self.files_failed)} gagal dibaca{skipped}; "
            f"{len(self.rows)} satker, {len(self.problems)} masalah (lihat sheet {layout.SHEET_PROBLEMS})."
        )

    @property
    def months(self) -> tuple[str, ...]:
        """Every target month of any file ("Juli 2024"), in calendar order: the Rekap's month columns."""
        wanted = {month for row in self.rows for month in row.months}
        return tuple(sorted(wanted, key=lambda label: Period.parse(label).first))


def _months_text(labels: Sequence[str]) -> str | None:
    """Months as a period names them ("Juli–Agustus 2024", "Juli dan September 2024"); None for none."""
    return Period(tuple(Period.parse(label).first for label in labels)).label if labels else None


def _number(value: object) -> int | None:
    try:
        return read_count(value)
    except XlAddinError:
        return None


def find_workbooks(sources: Iterable[str | os.PathLike], out: Path) -> tuple[list[Path], list[Problem]]:
    """The files to read (named files as given; folders' .xlsx/.xlsm, sorted) and every file left out, with why."""
    found: dict[Path, Path] = {}
    skipped: list[Problem] = []
    for source in map(Path, sources):
        if source.is_dir():
            for path in sorted(source.iterdir(), key=lambda p: p.name.casefold()):
                suffix = path.suffix.lower()
                if path.name.startswith("~$") or path.resolve() == out:
                    continue  # Excel's lock files and our own output are not reports
                if path.is_dir():
                    skipped.append(
                        Problem(
                            path.name,
                            SKIPPED,
                            "Subfolder tidak dibaca; pindahkan file satker di "
                            "dalamnya ke folder ini atau sebutkan subfolder itu juga.",
                        )
                    )
                elif suffix in FOLDER_SUFFIXES:
                    found.setdefault(path.resolve(), path)
                elif suffix in OTHER_SPREADSHEETS:
                    skipped.append(
                        Problem(
                            path.name,
                            SKIPPED,
                            f"Format {suffix} tidak dapat dibaca; buka di Excel "
                            "lalu simpan sebagai .xlsx (Buku Kerja Excel) atau .xlsm.",
                        )
                    )
                else:
                    skipped.append(Problem(path.name, SKIPPED, "Bukan file Excel (.xlsx/.xlsm); tidak dibaca."))
        elif source.exists():
            if source.resolve() == out:
                raise FileError(
                    f"the summary {out} would overwrite an input",
                    f"File rekap tidak boleh menimpa file satker: {out.name}",
                )
            found.setdefault(source.resolve(), source)  # a damaged or unreadable file is reported when read
        else:  # a typo on the command line: nothing would say that file or folder was never read
            raise FileError(f"no such file or folder: {source}", f"File atau folder tidak ditemukan: {source}")
    return sorted(found.values(), key=lambda p: (str(p.parent), p.name.casefold())), skipped


def _labels(paths: Sequence[Path]) -> dict[Path, str]:
    """File names for the report; the whole path when two folders hold the same name."""
    names = Counter(path.name.casefold() for path in paths)
    return {path: path.name if names[path.name.casefold()] == 1 else str(path) for path in paths}


@dataclass(frozen=True)
class _FileReport:
    settings: Settings
    rows: list[SatkerRow]
    problems: list[Problem]
    indices: list[list[object]] = field(default_factory=list)  # the file's Indeks Survei rows
    time_zone: object = None  # the file's Zona waktu setting, as typed


_SentRow = tuple[object, "int | None", "str | None", "int | None", str]  # satker, N, method, target, note


def _read_targets(book: Workbook, values: CellValues) -> list[_SentRow]:
    """The TargetResponden table as sent: (satker, N, method, target, note) per named row."""
    area = TableArea.of(*find_table(book, layout.TABLE_TARGETS))
    columns = [area.column_of(h) for h in layout.REQUIRED_TARGET_HEADERS]
    result = []
    for row in range(area.first_row, area.last_row + 1):
        name, population, method, target, note = (values(area.sheet, row, c) for c in columns)
        if layout.name_key(name):
            result.append((name, _number(population), method or None, _number(target), note or ""))
    return result


def _read_realisation(book: Workbook, values: CellValues, label: str, settings: Settings) -> tuple[dict, list[Problem]]:
    """{satker key: (name, {(survey, month): respondents})} from RealisasiResponden, and what was wrong in it."""
    try:
        area = TableArea.of(*find_table(book, layout.TABLE_REALISATION))
        name_column = area.column_of(layout.COLUMN_SATKER)
        found = count_columns(area.headers, settings.target_period)
        columns = {}
        for survey in layout.SURVEYS:
            for month in settings.target_period:
                if (survey, month) not in found:
                    header = layout.realisation_column(survey, month_label(*month))
                    raise column_missing(layout.TABLE_REALISATION, header, [str(h) for h in area.headers])
                columns[survey, month_label(*month)] = area.first_column + found[survey, month]
    except XlAddinError as error:  # older workbooks have no Realisasi sheet: the targets still count
        return {}, [Problem(label, NO_REALISATION, error.user_message)]
    found: dict[str, tuple[object, dict]] = {}
    problems = []
    # TableArea stops above the totals row ("Jumlah"): that row is not a satker.
    for row in range(area.first_row, area.last_row + 1):
        name = values(area.sheet, row, name_column)
        if not layout.name_key(name):
            continue
        counts: dict[tuple[str, str], int | None] = {}
        for (survey, month), column in columns.items():
            value = values(area.sheet, row, column)
            counts[survey, month] = None  # blank: not reported (yet)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            try:
                counts[survey, month] = read_count(value)
            except XlAddinError as error:
                where = f"{area.sheet.title}!{get_column_letter(column)}{row}"
                problems.append(
                    Problem(
                        label,
                        BAD_REALISATION,
                        f"{name_text(name)}, {layout.realisation_column(survey, month)} "
                        f"(sel {where}): {error.user_message}",
                    )
                )
        found.setdefault(layout.name_key(name), (name, counts))
    return found, problems


def _compare_with_plan(book: Workbook, values: CellValues, label: str, settings: Settings, sent: list) -> list[Problem]:
    """Whether the targets as sent are what the workbook's own counts and settings give now.

    Compared by satker name, not row order: sorting the targets table is not a change.
    """
    try:
        fresh = plan_targets(read_counts(book, settings, values)[0], settings)
    except XlAddinError as error:
        return [Problem(label, OUTDATED, f"Target tidak dapat dihitung ulang: {error.user_message}")]
    now = {layout.name_key(t.satker): (t.name, t.population, t.target) for t in fresh if layout.name_key(t.satker)}
    was = {
        layout.name_key(name): (name_text(name), population, target)
        for name, population, _method, target, _note in sent
    }
    if not was and now:
        return [
            Problem(
                label,
                NOT_COMPUTED,
                f"Tabel {layout.TABLE_TARGETS} kosong padahal Pengguna Layanan berisi "
                f"{len(now)} satker. Buka file, klik Hitung Target, lalu kirim ulang.",
            )
        ]
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
    return [
        Problem(
            label,
            OUTDATED,
            f"Target di file tidak sesuai dengan hitungan ulang dari Pengguna Layanan dan "
            f"Pengaturan: {shown}. Buka file, klik Hitung Target, lalu kirim ulang.",
        )
    ]


def _read_file(path: Path, label: str) -> _FileReport:
    book = open_workbook(path, keep_vba=False)  # loads into memory (no VBA: only read); never written
    values = CellValues(book)
    settings, _missing = read_settings(book, values)
    sent = _read_targets(book, values)
    realised, problems = _read_realisation(book, values, label, settings)
    problems += _compare_with_plan(book, values, label, settings, sent)
    if path.with_name("~$" + path.name).exists():
        problems.append(
            Problem(
                label,
                OPEN_ELSEWHERE,
                "File ini sedang dibuka di Excel (mungkin belum selesai diisi "
                "atau belum disimpan); isinya dibaca apa adanya.",
            )
        )
    rows = []
    examples = [name for name, *_ in sent if layout.name_key(name).startswith(layout.EXAMPLE_MARK.casefold())]
    if examples:
        problems.append(
            Problem(
                label,
                EXAMPLE_ROWS,
                f"{len(examples)} baris {layout.EXAMPLE_MARK} (data fiktif dari "
                f"templat) masih ada, misalnya {name_text(examples[0])}. Minta satker menghapusnya.",
            )
        )
    for name, population, method, target, note in sent:
        counts = realised.pop(layout.name_key(name), (name, {}))[1]
        rows.append(SatkerRow(label, name, population, method, target, counts, settings.target_period.month_labels))
        if target is None:
            problems.append(Problem(label, NO_TARGET, f"{name_text(name)}: {note or 'kolom Target per Bulan kosong'}"))
        above = [
            f"{layout.realisation_column(*key)} ({value})"
            for key, value in counts.items()
            if population is not None and value is not None and value > population
        ]
        if above:  # more respondents than service users in a month: a typing error, or N is too small
            problems.append(
                Problem(
                    label,
                    ABOVE_POPULATION,
                    f"{name_text(name)}: realisasi melebihi N = {population} pada "
                    f"{', '.join(above[:3])}{' dan lainnya' if len(above) > 3 else ''}.",
                )
            )
    for name, counts in realised.values():
        rows.append(SatkerRow(label, name, None, None, None, counts, settings.target_period.month_labels))
        if sent:  # an empty targets table was already reported as never computed
            problems.append(
                Problem(
                    label,
                    REALISATION_ONLY,
                    f"{name_text(name)}: ada di tabel Realisasi tetapi tidak di tabel {layout.TABLE_TARGETS}.",
                )
            )
    zone = document_settings(book).get("time_zone")
    return _FileReport(settings, rows, problems, _read_indices(book, values, label), zone)


def _duplicates(rows: Sequence[SatkerRow]) -> list[Problem]:
    groups: dict[str, list[SatkerRow]] = {}
    for row in rows:
        groups.setdefault(layout.name_key(row.satker), []).append(row)
    problems = []
    for group in groups.values():
        if len(group) > 1:
            files = Counter(row.file for row in group)
            where = ", ".join(name if n == 1 else f"{name} ({n} kali)" for name, n in list(files.items())[:5])
            more = f" dan {len(files) - 5} file lain" if len(files) > 5 else ""
            problems.append(
                Problem(
                    ", ".join(list(files)[:5]) + more,
                    DUPLICATE,
                    f"{name_text(group[0].satker)} muncul {len(group)} kali: {where}{more}. "
                    "Pastikan tiap satker dilaporkan di satu file saja.",
                )
            )
    return problems


def _not_received(rows: Sequence[SatkerRow], expected: Sequence[str]) -> list[Problem]:
    found = {layout.name_key(row.satker) for row in rows}
    return [
        Problem(
            "(tidak ada file)",
            NOT_RECEIVED,
            f"{name}: tercantum di daftar satker Kanwil, tetapi tidak ada di file mana pun yang dibaca.",
        )
        for name in expected
        if layout.name_key(name) not in found
    ]


def _settings_differences(settings: Mapping[str, Settings]) -> list[Problem]:
    """Files whose settings differ from the most common ones (ties: the first file's wins)."""
    if len(set(settings.values())) < 2:
        return []
    usual = Counter(settings.values()).most_common(1)[0][0].as_cells()
    labels = {s.defined_name: s.label for s in layout.SETTINGS}

    def shown(value: object) -> str:
        return format_number(value) if isinstance(value, (int, float)) else str(value)

    problems = []
    for label, own in settings.items():
        cells = own.as_cells()
        differing = [
            f"{labels[name]} = {shown(cells[name])} (umumnya {shown(usual[name])})"
            for name in usual
            if cells[name] != usual[name]
        ]
        if differing:
            problems.append(
                Problem(label, OTHER_SETTINGS, "Pengaturan berbeda dari kebanyakan file: " + "; ".join(differing) + ".")
            )
    return problems


def _is_summary(path: Path) -> bool:
    """Whether ``path`` is an earlier summary (safe to replace) rather than a satker's workbook."""
    try:
        find_table(open_workbook(path), layout.TABLE_SUMMARY)
        return True
    except XlAddinError:
        return False


def consolidate(
    sources: Iterable[str | os.PathLike],
    out: str | os.PathLike,
    progress: Progress | None = None,
    office: str | None = None,
    expected: Sequence[str] = (),
) -> Consolidation:
    """Read every satker workbook in ``sources`` and write the summary to ``out`` (.xlsx).

    ``office``: the regional office whose summary it is, named in every page head. ``expected``: the satker
    the Kanwil expects a workbook from (its satker list); each one no file reports is a problem naming it.
    """
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise FileError(f"the summary must be an .xlsx file: {out}", f"File rekap harus berekstensi .xlsx: {out.name}")
    if is_folder(out):  # said before reading every file, not after
        raise FileError(
            f"{out} is a folder", f"'{out}' adalah folder; sebutkan nama file rekap, misalnya {out / 'rekap.xlsx'}."
        )
    sources = [Path(source) for source in sources]
    if (
        out.exists()
        and any(s.is_dir() and s.resolve() == out.resolve().parent for s in sources)
        and not _is_summary(out)
    ):
        raise FileError(
            f"{out} is not an earlier summary and sits among the inputs",
            f"File rekap tidak boleh menimpa file satker: {out.name}",
        )
    paths, skipped = find_workbooks(sources, out.resolve())
    if not paths:
        raise FileError(
            f"no .xlsx/.xlsm workbooks in {[str(s) for s in sources]}",
            f"Tidak ada file Excel (.xlsx/.xlsm) satker di: {', '.join(str(s) for s in sources)}",
        )
    labels = _labels(paths)
    settings: dict[str, Settings] = {}
    rows: list[SatkerRow] = []
    problems: list[Problem] = list(skipped)
    failed: list[str] = []
    indices: list[list[object]] = []
    zones: Counter[str] = Counter()
    for done, path in enumerate(paths, start=1):
        label = labels[path]
        try:
            with collector_paused():  # as fill does; each workbook is freed when the collector runs next
                report = _read_file(path, label)
        except XlAddinError as error:
            failed.append(label)
            problems.append(Problem(label, UNREADABLE, error.user_message))
        except Exception as error:
            log.debug("cannot read %s", path, exc_info=True)
            log.warning("cannot read %s: %s: %s", path, type(error).__name__, error)
            failed.append(label)
            problems.append(
                Problem(
                    label,
                    UNREADABLE,
                    f"File {path.name} tidak dapat dibaca (isinya rusak atau tidak "
                    "dikenal); buka di Excel, simpan ulang, lalu kirim lagi.",
                )
            )
        else:
            settings[label] = report.settings
            rows += report.rows
            problems += report.problems
            indices += report.indices
            if isinstance(report.time_zone, str) and report.time_zone.strip().upper() in TIME_ZONES:
                zones[report.time_zone.strip().upper()] += 1
        if progress is not None:
            progress(done, len(paths), label)
    problems += _duplicates(rows) + _settings_differences(settings) + _not_received(rows, expected)
    result = Consolidation(
        tuple(rows),
        tuple(problems),
        tuple(settings),
        tuple(failed),
        out,
        tuple(problem.file for problem in skipped),
        tuple(tuple(row) for row in indices),
    )
    # stamped in the offices' own time zone (the one most files name; ties: the first file's), else the PC's
    zone = zones.most_common(1)[0][0] if zones else None
    summary = _summary_book(result, settings, len(paths), zone)
    if isinstance(office, str) and office.strip():
        for sheet in summary.worksheets:
            styles.header_footer(sheet, office.strip())
    save(summary, out)
    log.info(
        "consolidated %d files (%d failed), %d satker, %d problems into %s",
        len(paths),
        len(failed),
        len(rows),
        len(problems),
        out,
    )
    return result


# ---- the summary workbook -------------------------------------------------------------------


def _summary_headers(result: Consolidation) -> tuple[list[str], tuple[str, ...]]:
    """The Rekap table's count headers ("SPKP Juli 2024", …) and all its headers, in order."""
    months = result.months or layout.DEFAULT_TARGET_PERIOD.month_labels
    count_headers = [layout.realisation_column(survey, month) for survey in layout.SURVEYS for month in months]
    headers = (
        layout.COLUMN_FILE,
        layout.COLUMN_SATKER,
        layout.COLUMN_POPULATION,
        layout.COLUMN_METHOD,
        layout.COLUMN_TARGET,
        *count_headers,
        *(layout.PERCENT_PREFIX + h for h in count_headers),
        layout.COLUMN_MONTHS_REACHED,
    )
    return count_headers, headers


def _summary_sheet(sheet: Worksheet, result: Consolidation, files: int, zone: str | None) -> None:
    write_title(
        sheet,
        "Rekap Target dan Realisasi Responden SPKP dan SPAK per Satker",
        f"Dibuat {format_datetime(now(zone))} dengan xl_addin {__version__} dari {files} file "
        f"({len(result.files_read)} terbaca, {len(result.files_failed)} gagal; lihat sheet {layout.SHEET_PROBLEMS}). "
        "Persentase = realisasi / target per bulan: merah di bawah target, hijau tercapai.",
    )
    months = result.months or layout.DEFAULT_TARGET_PERIOD.month_labels
    counts = [(survey, month) for survey in layout.SURVEYS for month in months]
    count_headers, headers = _summary_headers(result)
    write_header(sheet, layout.TABLE_HEADER_ROW, headers, (20, 36, 10, 16, 10, *[12] * (2 * len(counts)), 24))
    first = layout.TABLE_HEADER_ROW + 1
    table_rows = []
    for row_number, row in enumerate(result.rows, start=first):
        values = (
            row.file,
            row.satker,
            row.population,
            row.method,
            row.target,
            *(row.realised.get(c) for c in counts),
            *(row.achievement(*c) for c in counts),
            _months_text(row.months_reached),
        )
        table_rows.append(values)
        for column, value in enumerate(values, start=1):
            write_cell(sheet.cell(row_number, column), value)
    last = first + max(len(result.rows), 1) - 1  # a table keeps at least one data row
    total = last + 1

    # Totals as formulas, like the Realisasi sheet: SUBTOTAL follows the reader's filter (say, one file).
    # Each stores what it gives on the whole table (nothing is filtered in a new file).
    column_of = {header: index for index, header in enumerate(headers, start=1)}
    letter = {header: get_column_letter(index) for header, index in column_of.items()}

    def column_values(header: str) -> list[object]:
        return [values[column_of[header] - 1] for values in table_rows]

    totals: dict[str, str | Formula] = {layout.COLUMN_FILE: layout.TOTALS_LABEL}
    totals[layout.COLUMN_SATKER] = Formula(  # how many satker: SUBTOTAL(103) counts the cells that are not empty
        f"=SUBTOTAL(103,B{first}:INDEX(B:B,ROW()-1))",
        sum(1 for value in column_values(layout.COLUMN_SATKER) if value not in (None, "")),
    )
    sums = {
        header: subtotal_sum(column_values(header))
        for header in (layout.COLUMN_POPULATION, layout.COLUMN_TARGET, *count_headers)
    }
    for header, value in sums.items():
        totals[header] = sum_above(column_of[header], first, value)
    target = f"${letter[layout.COLUMN_TARGET]}{total}"
    for header in count_headers:
        reached = f"{letter[header]}{total}"
        share = "" if not sums[header] or not sums[layout.COLUMN_TARGET] else sums[header] / sums[layout.COLUMN_TARGET]
        totals[layout.PERCENT_PREFIX + header] = Formula(f'=IF({reached}=0,"",IFERROR({reached}/{target},""))', share)
    add_table(sheet, layout.TABLE_SUMMARY, headers, layout.TABLE_HEADER_ROW, last, totals)
    numbers = (layout.COLUMN_POPULATION, layout.COLUMN_TARGET, *count_headers)
    for index, header in enumerate(headers, start=1):
        cells = [sheet.cell(row_number, index) for row_number in range(first, total + 1)]
        # numbers at the top of their cells, like the wrapped names beside them
        if header.startswith(layout.PERCENT_PREFIX):
            style_cells(
                cells, border=styles.BOX, number_format=styles.PERCENT_FORMAT, alignment=styles.NUMBER_ALIGNMENT
            )
        elif header in numbers:
            style_cells(cells, border=styles.BOX, number_format=styles.COUNT_FORMAT, alignment=styles.NUMBER_ALIGNMENT)
        else:
            style_cells(cells, border=styles.BOX, alignment=styles.WRAP)
    if counts:
        percents = (
            f"{letter[layout.PERCENT_PREFIX + count_headers[0]]}{first}:"
            f"{letter[layout.PERCENT_PREFIX + count_headers[-1]]}{total}"
        )
        styles.colour_percentages(sheet, percents)
    sheet.freeze_panes = f"C{first}"  # header, file and satker stay in view
    styles.fit_row_heights(sheet, 3, total)
    sheet.row_dimensions[layout.TABLE_HEADER_ROW].height = 45  # "SPKP September 2024" takes three lines
    spread_note(sheet, 2)  # within the file and satker columns every printed part repeats: never cut
    # Printed in parts a person can read, each with the file and the satker: N and target, SPKP, SPAK,
    # their percentages, the months reached.
    block = len(months)
    parts = [(3, 5), *((6 + k * block, 5 + (k + 1) * block) for k in range(4)), (len(headers), len(headers))]
    styles.print_layout(
        sheet,
        landscape=True,
        header_row=layout.TABLE_HEADER_ROW,
        parts=parts,
        repeat_columns=(1, 2),
    )


def _list_sheet(
    sheet: Worksheet,
    title: str,
    note: str,
    table: str,
    headers: Sequence[str],
    widths: Sequence[float],
    rows: Sequence[Sequence[object]],
) -> None:
    write_title(sheet, title, note)
    write_header(sheet, layout.TABLE_HEADER_ROW, tuple(headers), tuple(widths))
    first = layout.TABLE_HEADER_ROW + 1
    written = [
        write_cell(sheet.cell(row_number, column), value)
        for row_number, values in enumerate(rows, start=first)
        for column, value in enumerate(values, start=1)
    ]
    style_cells(written, alignment=styles.WRAP, border=styles.BOX)
    add_table(sheet, table, headers, layout.TABLE_HEADER_ROW, first + max(len(rows), 1) - 1)
    sheet.freeze_panes = f"A{first}"
    styles.fit_row_heights(sheet, 3, first + len(rows))
    spread_note(sheet, len(headers))
    styles.print_layout(sheet, landscape=True, header_row=layout.TABLE_HEADER_ROW)


def _summary_book(result: Consolidation, settings: Mapping[str, Settings], files: int, zone: str | None) -> Workbook:
    book = Workbook()
    book.active.title = layout.SHEET_SUMMARY
    _summary_sheet(book.active, result, files, zone)
    problems = [(p.file, p.kind, p.detail) for p in result.problems] or [(None, "Tidak ada masalah", None)]
    _list_sheet(
        book.create_sheet(layout.SHEET_PROBLEMS),
        "Masalah pada File Satker",
        "Perbaiki di file satker (lalu minta dikirim ulang) dan jalankan rekap lagi.",
        layout.TABLE_PROBLEMS,
        (layout.COLUMN_FILE, "Jenis", "Keterangan"),
        (26, 22, 80),
        problems,
    )
    _list_sheet(
        book.create_sheet(layout.SHEET_FILE_SETTINGS),
        "Pengaturan per File",
        "Pengaturan yang digunakan tiap file untuk menghitung target (sheet Pengaturan di file satker).",
        layout.TABLE_FILE_SETTINGS,
        (layout.COLUMN_FILE, "Pengaturan"),
        (26, 96),
        [(label, own.describe()) for label, own in settings.items()],
    )
    render_plan(book, kanwil_indices_plan(result.indices))
    _chart_sheet(book, result)
    book.properties.creator = book.properties.lastModifiedBy = "xl_addin"
    book.properties.title = "Rekap Realisasi Responden SPKP dan SPAK"
    return book


# ---- the charts, across files ----------------------------------------------------------------------


def summary_report(result: Consolidation, today: dt.date) -> MonthlyReport:
    """The monthly report over every satker of every file, for the latest month someone reported (the first
    target month when nobody has yet), as it stands on ``today``."""
    months = [
        ReportMonth(*Period.parse(label).first, label)
        for label in (result.months or layout.DEFAULT_TARGET_PERIOD.month_labels)
    ]
    by_name = {month.label: month for month in months}
    rows = [
        SatkerInput(
            row.satker,
            row.target,
            {
                (survey, by_name[month].key): count
                for (survey, month), count in row.realised.items()
                if month in by_name
            },
        )
        for row in result.rows
    ]
    reported = [
        month
        for month in months
        if (month.year, month.month) <= (today.year, today.month)
        and any(count is not None for row in rows for (_s, key), count in row.counts.items() if key == month.key)
    ]
    chosen = (reported or months)[-1]
    return monthly_report(rows, months, chosen.key, today)


def _chart_sheet(book: Workbook, result: Consolidation) -> None:
    """The Kanwil's charts: satker reaching the target per month, and each satker's percentage of its target in
    the latest month reported, drawn from the Rekap table (the same charts as each satker workbook's)."""
    report = summary_report(result, dt.date.today())
    month = report.month
    sheet = book.create_sheet(layout.SHEET_SUMMARY_CHART, 1)
    write_title(
        sheet,
        f"Grafik Realisasi Responden Seluruh Satker, {month.label}",
        f"Dari sheet {layout.SHEET_SUMMARY}. Grafik per satker: bulan terakhir yang telah dilaporkan ({month.label}); "
        "garis merah = 100 % target, tanpa batang = belum melapor atau tanpa target, batang sampai tepi kanan = 200 % "
        "atau lebih.",
    )
    widths = (26, 12, 12, 12, 12)
    headers = ("Bulan", "SPKP: satker melapor", "SPKP: satker mencapai target", "SPAK: satker melapor",
               "SPAK: satker mencapai target")  # fmt: skip
    trend_row = 22
    write_header(sheet, trend_row, headers, widths)
    sheet.row_dimensions[trend_row].height = 45
    for row, item in enumerate(report.trend, start=trend_row + 1):
        values: list[object] = [item.month.label]
        for survey in layout.SURVEYS:
            numbers = item.surveys[survey]
            values += [numbers.reported or None, numbers.reached if numbers.reported else None]  # empty, never 0
        for column, value in enumerate(values, start=1):
            cell = write_cell(sheet.cell(row, column), value)
            cell.border = styles.BOX
            if column > 1:
                cell.number_format = styles.COUNT_FORMAT
    last_trend = trend_row + len(report.trend)
    here = f"'{sheet.title}'!"

    def trend_range(column: int) -> str:
        letter = get_column_letter(column)
        return f"{here}${letter}${trend_row + 1}:${letter}${last_trend}"

    with_target = len(report.with_target)
    trend = charts.trend_chart(
        charts.Label(charts.TREND_TITLE),
        trend_range(1),
        [(charts.Label(survey), trend_range(3 + 2 * index)) for index, survey in enumerate(layout.SURVEYS)],
        with_target,
    )
    sheet.add_chart(trend, "A4")

    heading_row = last_trend + 2
    title = f"{charts.ATTAINMENT_TITLE}, {month.label}"
    write_cell(sheet.cell(heading_row, 1), title).font = styles.HEADING_FONT
    summary = f"'{layout.SHEET_SUMMARY}'!"
    first = layout.TABLE_HEADER_ROW + 1
    last = first + max(len(result.rows), 1) - 1
    columns = _summary_headers(result)[1]

    def rekap_range(header: str) -> str:
        letter = get_column_letter(columns.index(header) + 1)
        return f"{summary}${letter}${first}:${letter}${last}"

    attainment = charts.attainment_chart(
        charts.Label(title),
        rekap_range(layout.COLUMN_SATKER),
        [
            (charts.Label(f"{survey} {month.label}"),
             rekap_range(layout.PERCENT_PREFIX + layout.realisation_column(survey, month.label)))
            for survey in layout.SURVEYS
        ],
        max(len(result.rows), 1),
    )  # fmt: skip
    sheet.add_chart(attainment, f"A{heading_row + 1}")
    sheet.row_breaks.append(Break(id=heading_row - 1))  # the satker chart starts a page of its own
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    spread_note(sheet, len(widths))
    styles.print_layout(sheet, landscape=False)


# ---- the survey indices each satker workbook carries (sheet Indeks Survei) ---------------------------


def _read_indices(book: Workbook, values: CellValues, label: str) -> list[list[object]]:
    """The file's Indeks Survei rows as (file, *columns); none when the workbook has no such table."""
    try:
        rows = table_rows(book, values, layout.TABLE_INDICES, layout.INDICES_HEADERS) or []
    except XlAddinError:  # a table of another shape (an older workbook): its counts still count
        return []
    # The file's scales and conversion: indices on other scales or conversions are not comparable as they stand.
    found, _broken = named_cells(book, [setting.defined_name for setting in layout.SURVEY_SETTINGS])
    scales = scales_of({name: values(cell.parent, cell.row, cell.column) for name, cell in found.items()})
    return [[label, *cells, scales] for _row, cells in rows if layout.name_key(cells[0])]


__all__ = ["Consolidation", "Problem", "SatkerRow", "consolidate", "find_workbooks"]
