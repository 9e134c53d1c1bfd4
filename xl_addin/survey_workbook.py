"""The survey import on workbook files: ``xl-addin impor-survei`` (openpyxl).

Reads the response exports (``survey_exports.read_export``) into ``survey_counting.ImportSession``,
reads the workbook's mapping, settings, Realisasi table and stored
answers, and writes back through ``workbook.write_cell`` only: the Realisasi counts, the
sheets ``survey_sheets`` describes, and the response keys. The file is saved atomically, so
a failed import leaves it as it was.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from . import commands, layout, styles
from .errors import FileError, LayoutError, XlAddinError, table_missing
from .indonesian import format_datetime, format_number
from .package import workbook_lock
from .period import month_label
from .plan import Settings
from .port import ALL, WorkbookPort
from .realisation import read_column
from .satker_list import SatkerList, satker_list_from_rows
from .survey_counting import (
    CountChange,
    FileReport,
    ImportSession,
    Tally,
    missing_columns_notice,
    tally_from_rows,
)
from .survey_exports import (
    DEFAULT_ANSWER_ROWS,
    DEFAULT_MAPPING_ROWS,
    DEFAULT_SURVEY_VALUE_ROWS,
    ROLES,
    SETTING_NAMES,
    ColumnMapping,
    SurveySettings,
    export_files,
    mapping_from_rows,
    read_export,
    refuse_link_loop,
    survey_settings_from_cells,
)
from .survey_indices import IKM_ELEMENTS, SURVEYS, IndexRow
from .survey_report import kept_rows, problem_rows, summary_lines
from .survey_sheets import (
    HEADER_ROW,
    SheetPlan,
    data_plan,
    first_complete,
    indices_plan,
    keys_plan,
    log_plan,
    log_rows,
    problems_plan,
)
from .workbook import (
    CellValues,
    FileBook,
    add_table,
    open_workbook,
    output_path,
    render_plan,
    save,
    sheet_named,
    spread_note,
    write_cell,
    write_title,
)

__all__ = ["ImportOutcome", "add_survey_sheets", "import_survey", "render_plan"]

log = logging.getLogger(__name__)

# -- reading the workbook --------------------------------------------------------------------------


def rows_of(book: WorkbookPort, table: str, headers: Sequence[str]) -> list[tuple[int, list]] | None:
    """A table's body as (sheet row, values in ``headers`` order); None when the table is absent."""
    try:
        found = book.table(table, read=headers)
    except LayoutError as error:
        if book_lacks(error, table):
            return None
        raise
    return list(enumerate((list(row) for row in found.body), start=found.first_row))


def book_lacks(error: LayoutError, table: str) -> bool:
    """Whether ``error`` says the table itself is missing (not one of its columns)."""
    return str(error) == str(table_missing(table))


def table_rows(book: Workbook, values: CellValues, table: str, headers: Sequence[str]) -> list[tuple[int, list]] | None:
    """``rows_of`` on a loaded workbook (for readers that only read: the email copy's stamp, the Kanwil summary)."""
    return rows_of(FileBook(book, values), table, headers)


@dataclass
class WorkbookState:
    mapping: ColumnMapping
    settings: SurveySettings  # its period: the target months, with their years
    realisation: list[tuple[int, object, dict[tuple[str, str], object]]]
    columns: dict[tuple[str, str], int]  # (survey, "Juli 2024") -> Realisasi column
    stored: Tally
    keys: list[Sequence[object]]  # the key table's cells: (response keys, time keys[, row keys])
    notices: list[str]
    satker_list: SatkerList = field(default_factory=SatkerList)
    targets: dict[str, int] = field(default_factory=dict)  # satker key -> target per month (Target Responden)


def read_state(book: WorkbookPort) -> WorkbookState:
    """Everything the import needs from the workbook, read once (each table in one read)."""
    named, broken = book.named_values([*(s.defined_name for s in layout.SETTINGS), *SETTING_NAMES])
    settings, _missing = commands.settings_of(named, broken)
    found = {name: named[name] for name in SETTING_NAMES if name in named}
    notices: list[str] = []
    if not found:
        notices.append(f"Pengaturan impor (sheet {layout.SHEET_MAPPING}) tidak ditemukan; nilai bawaan digunakan.")
    tables: dict[str, object] = {}

    def read(name: str):
        if name not in tables:
            try:
                tables[name] = book.table(name, read=ALL)
            except LayoutError as error:
                if not book_lacks(error, name):
                    raise
                tables[name] = None
        return tables[name]

    def headers_of(name: str) -> tuple[Sequence[object], int]:
        table = read(name)
        if table is None:
            raise table_missing(name)
        return table.headers, table.first_column

    def table_body(name: str, headers: Sequence[str]) -> list[tuple[int, list]] | None:
        table = read(name)
        if table is None:
            return None
        indexes = [table.index(header) for header in headers]
        return [(row, [values[i] for i in indexes]) for row, values in enumerate(table.body, start=table.first_row)]

    return assemble_state(settings, found, headers_of, table_body, notices)


def mapping_of(
    rows_of: Callable[[str, Sequence[str]], list[tuple[int | None, list]] | None], notices: list[str]
) -> ColumnMapping:
    """The column mapping, the answer values and the survey-type values from their tables (``rows_of`` as
    ``assemble_state`` takes it); the shipped defaults for a table the workbook lacks."""
    mapping_rows = rows_of(layout.TABLE_MAPPING, layout.MAPPING_HEADERS)
    answer_rows = rows_of(layout.TABLE_ANSWER_VALUES, layout.ANSWER_HEADERS)
    if mapping_rows is None:
        notices.append(f"Tabel {layout.TABLE_MAPPING} tidak ditemukan; pemetaan bawaan (Google Forms) digunakan.")
        mapping_rows = [(None, list(row)) for row in DEFAULT_MAPPING_ROWS]
    if answer_rows is None:
        answer_rows = [(None, list(row)) for row in DEFAULT_ANSWER_ROWS]
    survey_value_rows = rows_of(layout.TABLE_SURVEY_VALUES, layout.SURVEY_VALUE_HEADERS)
    if survey_value_rows is None:
        survey_value_rows = [(None, list(row)) for row in DEFAULT_SURVEY_VALUE_ROWS]
    return mapping_from_rows(mapping_rows, answer_rows, survey_value_rows)


def assemble_state(
    settings: Settings,
    named: Mapping[str, object],
    headers_of: Callable[[str], tuple[Sequence[object], int]],
    rows_of: Callable[[str, Sequence[str]], list[tuple[int | None, list]] | None],
    notices: list[str],
) -> WorkbookState:
    """The import's view of a workbook from what an adapter reads; the file path and the ribbon share it.

    ``named``: the import settings' named cells. ``headers_of(table)``: a table's headers and first
    column, raising when the table is absent. ``rows_of(table, headers)``: its body as (sheet row,
    values in ``headers`` order), None when the table is absent.
    """
    # The import counts the target period's months (Pengaturan), with their years: across a year boundary too.
    survey_settings = replace(survey_settings_from_cells(named), period=settings.target_period)
    mapping = mapping_of(rows_of, notices)
    try:
        listed = rows_of(layout.TABLE_SATKER_LIST, layout.SATKER_LIST_HEADERS)
    except LayoutError as error:
        notices.append(f"{error.user_message} Nama lain satker tidak dipakai pada impor ini.")
        listed = None
    satker_list = satker_list_from_rows(listed or [])
    headers, first_column = headers_of(layout.TABLE_REALISATION)
    found = {}  # (survey, (year, month)) -> the Realisasi column of its count
    for index, header in enumerate(headers):
        column = read_column(header)
        if column.kind == "count" and column.month in settings.target_period:
            found.setdefault((column.survey, column.month), (first_column + index, str(header)))
    columns: dict[tuple[str, str], int] = {}  # (survey, "Juli 2024") -> column
    read = [layout.COLUMN_SATKER]
    missing = []
    for survey in SURVEYS:
        for month in settings.target_period:
            place = found.get((survey, month))
            if place is None:
                missing.append(layout.realisation_column(survey, month_label(*month)))
                continue
            columns[survey, month_label(*month)] = place[0]
            read.append(place[1])
    if missing:
        notices.append(missing_columns_notice(missing))
    body = rows_of(layout.TABLE_REALISATION, read) or []
    stored_rows = rows_of(layout.TABLE_SURVEY_DATA, layout.SURVEY_DATA_HEADERS) or []
    try:
        key_rows = rows_of(layout.TABLE_RESPONSE_KEYS, layout.RESPONSE_KEY_HEADERS) or []
    except LayoutError:  # a workbook imported before the row keys existed
        key_rows = rows_of(layout.TABLE_RESPONSE_KEYS, layout.RESPONSE_KEY_HEADERS_V1) or []
    targets: dict[str, int] = {}
    try:
        for _line, (name, target) in rows_of(layout.TABLE_TARGETS, [layout.COLUMN_SATKER, layout.COLUMN_TARGET]) or []:
            if isinstance(target, float) and target.is_integer():
                target = int(target)  # xlwings reads every number as a float
            if isinstance(target, int) and not isinstance(target, bool) and layout.name_key(name):
                targets.setdefault(layout.name_key(name), target)
    except LayoutError:
        pass  # no targets table of that shape: the indices carry no comparison with a target
    return WorkbookState(
        mapping,
        survey_settings,
        [(row, values[0], dict(zip(columns, values[1:]))) for row, values in body],
        columns,
        tally_from_rows(stored_rows),
        [row for _line, row in key_rows],
        notices,
        satker_list,
        targets,
    )


# -- the outcome ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportOutcome:
    reports: tuple[FileReport, ...]
    changes: tuple[CountChange, ...]
    notices: tuple[str, ...]
    indices: tuple[IndexRow, ...]
    when: str
    output: Path | None = None  # None: nothing was saved (a trial run, or the ribbon's open workbook)
    satker_list: SatkerList = field(default_factory=SatkerList)  # for the closest known name of an unknown satker
    trial: bool = False  # --coba: nothing saved, so no sheet to point at

    @property
    def counted(self) -> int:
        return sum(report.counted for report in self.reports)

    def summary(self) -> str:
        written = sum(1 for change in self.changes if change.writes)
        kept = sum(1 for change in self.changes if not change.writes)
        rejected = sum(len(report.rejected) for report in self.reports)
        failed = sum(1 for report in self.reports if report.failed)
        return (
            f"{len(self.reports)} file ({failed} tidak terbaca): {format_number(self.counted)} respons baru, "
            f"{format_number(sum(r.earlier for r in self.reports))} sudah pernah diimpor, "
            f"{format_number(rejected)} baris tidak dihitung; Realisasi: {written} sel diisi atau diubah"
            + (f", {kept} angka ketikan tidak diubah" if kept else "")
            + "."
        )

    def suggest(self, name: str) -> tuple[str, ...]:
        return self.satker_list.suggest(name)

    def lines(self) -> list[str]:
        """What needs action first, then the counts (``survey_report.summary_lines``)."""
        return summary_lines(self.reports, self.changes, self.notices, self.suggest, saved=not self.trial)

    def problem_rows(self) -> list[list[object]]:
        return problem_rows(self.reports, self.changes, self.notices, self.when, self.suggest)

    def saved(self, output: Path | None) -> ImportOutcome:
        return replace(self, output=output)


def run_session(
    state: WorkbookState, sources: Sequence[str | os.PathLike], overwrite: bool, restart: bool, when: str
) -> tuple[ImportSession, ImportOutcome]:
    """Read every export into a session over the workbook's state; one bad file never stops the others."""
    session = ImportSession(
        state.mapping,
        state.settings,
        state.realisation,
        state.stored,
        state.keys,
        restart,
        state.satker_list,
        state.targets,
    )
    for source in export_files(sources):
        if isinstance(source, XlAddinError):
            session.fail(str(source), source.user_message)
            continue
        try:
            session.add(read_export(source))
        except XlAddinError as error:
            session.fail(source.name, error.user_message)
        except MemoryError:
            raise
        except Exception as error:  # a damaged file must not stop the other files
            log.warning("cannot read %s: %s: %s", source, type(error).__name__, error)
            session.fail(source.name, f"File {source.name} tidak dapat dibaca ({type(error).__name__}).")
    if all(report.failed for report in session.reports):
        raise FileError(
            "no export could be read",
            "Tidak ada file ekspor yang dapat dibaca; tidak ada yang diubah.\n"
            + "\n".join(report.failed or "" for report in session.reports),
        )
    outcome = ImportOutcome(
        tuple(session.reports),
        tuple(session.counts(overwrite)),
        tuple(state.notices + session.notices),
        tuple(session.indices()),
        when,
        satker_list=session.satker_list,
    )
    return session, outcome


def plans(
    session: ImportSession,
    outcome: ImportOutcome,
    earlier_log: Sequence[Sequence[object]],
    earlier_problems: Sequence[Sequence[object]] = (),
) -> tuple[SheetPlan, ...]:
    """The owned sheets after this import: indices, stored answers, the record and the problems (kept per import)."""
    indices = list(outcome.indices)
    return (
        indices_plan(indices, session.settings, first_complete(indices)),
        data_plan(session.after),
        log_plan([*earlier_log, *log_rows(outcome.reports, outcome.changes, outcome.when)]),
        problems_plan(kept_rows(outcome.problem_rows(), earlier_problems), outcome.when),
    )


# -- writing ------------------------------------------------------------------------------------------


def earlier_rows(book: WorkbookPort, table: str, headers: Sequence[str]) -> list[list[object]]:
    """A record table's non-blank rows; none when the table is absent or has older columns."""
    try:
        rows = rows_of(book, table, headers) or []
    except LayoutError:
        return []  # Masalah Impor before 2.x held the last import only, in other columns: not kept
    return [values for _row, values in rows if any(value not in (None, "") for value in values)]


def import_exports(
    book: WorkbookPort,
    sources: Sequence[str | os.PathLike],
    overwrite: bool = False,
    trial: bool = False,
    restart: bool = False,
    now: datetime | None = None,
    notices: Sequence[str] = (),
) -> ImportOutcome:
    """*Impor Survei*: count the exports ``sources`` into the workbook behind ``book`` (``port.WorkbookPort``).

    Writes the Realisasi cells that change, the sheets the import owns (indices, stored answers, the
    record, the problems, the hidden response keys) and the page heads; ``trial`` writes nothing.
    ``overwrite``: replace typed Realisasi numbers too (always reported); ``restart``: rebuild the stored
    answers from these files only.
    """
    state = read_state(book)
    state.notices[:0] = notices
    zone = state.settings.tzinfo
    when = format_datetime((now or datetime.now(zone)).astimezone(zone))  # the office's zone, not the PC's
    session, outcome = run_session(state, sources, overwrite, restart, when)
    if trial:
        return replace(outcome, trial=True)
    earlier = [] if restart else earlier_rows(book, layout.TABLE_IMPORT_LOG, layout.IMPORT_LOG_HEADERS)
    problems = earlier_rows(book, layout.TABLE_IMPORT_PROBLEMS, layout.IMPORT_PROBLEM_HEADERS)
    changed = {(c.row, state.columns[c.survey, c.month]): c.after for c in outcome.changes if c.writes}
    if changed:
        book.write_cells(book.table(layout.TABLE_REALISATION).sheet, changed)
    for plan in plans(session, outcome, earlier, problems):
        book.replace_sheet(plan)
    book.replace_sheet(keys_plan(session.key_rows()), hidden=True)
    office = commands.document_settings(book).get("office")
    if isinstance(office, str) and office.strip():  # a sheet the import made names the office like the others
        book.page_heads(office.strip())
    return outcome


def import_survey(
    sources: Sequence[str | os.PathLike],
    workbook: str | os.PathLike,
    out: str | os.PathLike | None = None,
    overwrite: bool = False,
    trial: bool = False,
    restart: bool = False,
    now: datetime | None = None,
) -> ImportOutcome:
    """``xl-addin impor-survei``: ``import_exports`` on the workbook file ``workbook``, saved to ``out``
    (default in place). One writer at a time: a second import (or fill) on the same workbook waits, then refuses.
    """
    path = Path(workbook)
    destination = output_path(path, out, "hasil")
    refuse_link_loop(path)
    refuse_link_loop(destination)
    for source in sources:
        try:
            same = Path(source).exists() and Path(source).resolve() in (path.resolve(), destination.resolve())
        except (OSError, RuntimeError):  # a looping link: reading the source or the workbook says so
            same = False
        if same:
            raise FileError(
                f"{source} is the workbook itself", f"File ekspor tidak boleh workbook tujuannya: {Path(source).name}"
            )
    if trial:
        return import_exports(FileBook(open_workbook(path)), sources, overwrite, True, restart, now)
    with workbook_lock(destination, "impor-survei"):
        book = open_workbook(path)
        notices = []
        if not any(title.casefold() == layout.SHEET_MAPPING.casefold() for title in book.sheetnames):
            mapping_sheet(book, sheet_named(book, layout.SHEET_MAPPING))  # an older workbook: made, with defaults
            notices.append(
                f"Sheet {layout.SHEET_MAPPING} (pengaturan impor dan tabel {layout.TABLE_MAPPING}) tidak ditemukan; "
                "sheet itu dibuat dengan pemetaan bawaan (Google Forms) dan nilai bawaan, yang dipakai pada impor ini."
            )
        outcome = import_exports(FileBook(book), sources, overwrite, False, restart, now, notices)
        save(book, destination, source=path)
    log.info("imported %d files into %s: %s", len(sources), destination, outcome.summary())
    return outcome.saved(destination)


# -- the sheets as the template ships them -------------------------------------------------------------

MAPPING_NOTE = (
    "Sel kuning boleh diubah. Judul kolom: tulis judul kolom di file ekspor (untuk Google Forms: judul "
    "pertanyaan); beberapa nama dipisah tanda |. Untuk pertanyaan cukup awal judulnya, asal hanya cocok dengan satu "
    "kolom. Pertanyaan di bawah adalah CONTOH kuesioner; sesuaikan dengan formulir satker."
)


def mapping_sheet(book: Workbook, sheet: Worksheet) -> None:
    """The Pemetaan Kolom sheet: the import's settings (named cells), the column mapping, the answer values."""
    write_title(sheet, "Pemetaan Kolom File Ekspor Survei", MAPPING_NOTE)
    # The settings and the whole mapping table on one printed page: each explanation across columns D and E (the
    # mapping table's last column), the cell names (for formulas, as on Pengaturan) in F, beside the printed width.
    widths = (28, 20, 12, 71, 13, 20)
    for letter, width in zip("ABCDEF", widths):
        sheet.column_dimensions[letter].width = width
    explained = widths[3] + widths[4]
    for column, header in zip((1, 2, 3, 4, 6), ("Pengaturan Impor", "Nilai", "Bawaan", "Penjelasan", "Nama Sel")):
        styles.header_look(write_cell(sheet.cell(HEADER_ROW, column), header))
    sheet.merge_cells(start_row=HEADER_ROW, start_column=4, end_row=HEADER_ROW, end_column=5)
    sheet.row_dimensions[HEADER_ROW].height = styles.ONE_LINE_HEADER
    for row, setting in enumerate(layout.SURVEY_SETTINGS, start=HEADER_ROW + 1):
        contents = {1: setting.label, 2: setting.default, 3: setting.default, 4: setting.explanation}
        for column, content in (*contents.items(), (6, setting.defined_name)):
            cell = write_cell(sheet.cell(row, column), content)
            cell.border, cell.alignment = styles.BOX, styles.WRAP
        sheet.cell(row, 5).border = styles.BOX
        sheet.merge_cells(start_row=row, start_column=4, end_row=row, end_column=5)
        lines = max(
            styles.lines_needed(
                str(content if content is not None else ""), explained if column == 4 else widths[column - 1]
            )
            for column, content in contents.items()
        )
        sheet.row_dimensions[row].height = 15.0 * lines if lines > 1 else None
        value = sheet.cell(row, 2)
        value.fill = styles.INPUT_FILL
        book.defined_names[setting.defined_name] = DefinedName(
            setting.defined_name, attr_text=f"'{sheet.title}'!$B${row}"
        )
        if setting.field == "date_order":
            rule = DataValidation(type="list", formula1='"' + ",".join(layout.DATE_ORDER_LABELS.values()) + '"')
        elif setting.field == "conversion":
            rule = DataValidation(type="list", formula1='"' + ",".join(layout.SCALE_CONVERSION_LABELS.values()) + '"')
        elif setting.field == "year":
            rule = DataValidation(type="whole", operator="between", formula1="2000", formula2="2100")
        elif setting.field.endswith("_scale"):
            rule = DataValidation(type="whole", operator="between", formula1="2", formula2="10")
        elif setting.field == "threshold":
            rule = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True)
        else:
            continue
        rule.add(value)
        rule.errorTitle, rule.error = "Nilai tidak valid", setting.explanation[:255]
        rule.showErrorMessage = True
        sheet.add_data_validation(rule)
    top = HEADER_ROW + len(layout.SURVEY_SETTINGS) + 3
    write_cell(sheet.cell(top - 1, 1), "Kolom pada file ekspor").font = styles.HEADING_FONT
    for column, header in enumerate(layout.MAPPING_HEADERS, start=1):
        styles.header_look(write_cell(sheet.cell(top, column), header))
    sheet.row_dimensions[top].height = styles.ONE_LINE_HEADER  # its headers are short for their columns
    for row, values in enumerate(DEFAULT_MAPPING_ROWS, start=top + 1):
        for column, value in enumerate(values, start=1):
            cell = write_cell(sheet.cell(row, column), value)
            cell.border, cell.fill = styles.BOX, styles.INPUT_FILL
    last = top + len(DEFAULT_MAPPING_ROWS)
    add_table(sheet, layout.TABLE_MAPPING, layout.MAPPING_HEADERS, top, last)
    lists = (
        (1, '"' + ",".join(ROLES) + '"'),
        (2, '"' + ",".join(SURVEYS) + '"'),
        (5, '"' + ",".join(code for code, _name in IKM_ELEMENTS) + '"'),
    )
    for column, choices in lists:
        rule = DataValidation(type="list", formula1=choices, allow_blank=True)
        letter = get_column_letter(column)
        rule.add(f"{letter}{top + 1}:{letter}{top + 200}")
        sheet.add_data_validation(rule)
    # The answer values and the IKM elements sit to the right, so the mapping table can grow downwards.
    answers_column = len(layout.MAPPING_HEADERS) + 2
    write_cell(sheet.cell(top - 1, answers_column), "Nilai jawaban pilihan ganda").font = styles.HEADING_FONT
    for offset, header in enumerate(layout.ANSWER_HEADERS):
        styles.header_look(write_cell(sheet.cell(top, answers_column + offset), header))
    for row, (label, number) in enumerate(DEFAULT_ANSWER_ROWS, start=top + 1):
        for offset, value in enumerate((label, number)):
            cell = write_cell(sheet.cell(row, answers_column + offset), value)
            cell.border, cell.fill = styles.BOX, styles.INPUT_FILL
    _add_table_at(
        sheet, layout.TABLE_ANSWER_VALUES, layout.ANSWER_HEADERS, top, top + len(DEFAULT_ANSWER_ROWS), answers_column
    )
    legend_column = answers_column + 3
    write_cell(sheet.cell(top - 1, legend_column), f"Unsur IKM ({layout.SHEET_INDICES})").font = styles.HEADING_FONT
    for offset, header in enumerate(("Unsur", "Nama Unsur")):
        styles.header_look(write_cell(sheet.cell(top, legend_column + offset), header))
    for row, (code, name) in enumerate(IKM_ELEMENTS, start=top + 1):
        for offset, value in enumerate((code, name)):
            write_cell(sheet.cell(row, legend_column + offset), value).border = styles.BOX
    # What forms write in a survey-type column ("Survei Persepsi Kualitas Pelayanan"), right of the legend.
    values_column = legend_column + 3
    write_cell(sheet.cell(top - 1, values_column), "Isi kolom Jenis Survei").font = styles.HEADING_FONT
    for offset, header in enumerate(layout.SURVEY_VALUE_HEADERS):
        styles.header_look(write_cell(sheet.cell(top, values_column + offset), header))
    for row, values in enumerate(DEFAULT_SURVEY_VALUE_ROWS, start=top + 1):
        for offset, value in enumerate(values):
            cell = write_cell(sheet.cell(row, values_column + offset), value)
            cell.border, cell.fill = styles.BOX, styles.INPUT_FILL
    last_value = top + len(DEFAULT_SURVEY_VALUE_ROWS)
    _add_table_at(sheet, layout.TABLE_SURVEY_VALUES, layout.SURVEY_VALUE_HEADERS, top, last_value, values_column)
    rule = DataValidation(type="list", formula1='"' + ",".join(SURVEYS) + '"', allow_blank=True)
    letter = get_column_letter(values_column + 1)
    rule.add(f"{letter}{top + 1}:{letter}{top + 100}")
    sheet.add_data_validation(rule)
    for letter, width in zip("GHIJKLMN", (24, 8, 2, 8, 40, 2, 36, 10)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A3"
    spread_note(sheet, len(layout.MAPPING_HEADERS))
    # Printed: the settings and the column mapping on one page; the cell names, the answer values and the IKM
    # elements beside them stay on screen (the elements are explained on Indeks Survei too).
    styles.print_layout(sheet, landscape=True, columns=(1, len(layout.MAPPING_HEADERS)), pages_tall=1)


def _add_table_at(
    sheet: Worksheet, name: str, headers: Sequence[str], header_row: int, last_row: int, first_column: int
) -> None:
    """``workbook.add_table`` for a table that does not start in column A."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.filters import AutoFilter
    from openpyxl.worksheet.table import Table, TableColumn

    ref = (
        f"{get_column_letter(first_column)}{header_row}:{get_column_letter(first_column + len(headers) - 1)}{last_row}"
    )
    table = Table(displayName=name, ref=ref, autoFilter=AutoFilter(ref=ref), tableStyleInfo=styles.TABLE_STYLE)
    table.tableColumns = [TableColumn(id=index, name=header) for index, header in enumerate(headers, start=1)]
    sheet.add_table(table)


def add_survey_sheets(book: Workbook) -> None:
    """The survey sheets as the template ships them (no import yet), before xlwings.conf."""
    mapping_sheet(book, sheet_named(book, layout.SHEET_MAPPING))
    settings = SurveySettings()
    render_plan(book, indices_plan([], settings))
    render_plan(book, data_plan(Tally()))
    render_plan(book, log_plan([]))
    render_plan(book, problems_plan([], None))
    render_plan(book, keys_plan()).sheet_state = "hidden"
