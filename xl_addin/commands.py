"""The commands, each written once: read through a workbook port, decide in the pure core, write back.

``xl-addin fill`` and the ribbon's *Hitung Target* are ``fill`` on a ``workbook.FileBook`` and on
an ``xlwings_book.LiveBook``; the CLI and the ribbon only open the workbook, call the command and
say what happened. What to write is decided in ``plan`` and ``cells``; nothing here touches a cell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from . import layout
from .cells import (
    TOTALS_ROW_NOTICE,
    DecisionPage,
    Formula,
    RealisationFormulas,
    RealisationUpdate,
    TableResize,
    column_letter,
    decision_document,
    decision_not_updated,
    decision_target_letters,
    realisation_not_updated,
    target_letters,
    target_table,
)
from .document import document_notices
from .errors import LayoutError, totals_row_not_allowed
from .indonesian import name_text
from .period import Period
from .plan import (
    CountRow,
    Outcome,
    Settings,
    TargetRow,
    comparison_with_old_rule,
    outside_table_notice,
    plan_targets,
    settings_from_named_cells,
)
from .port import ALL, RowsWrite, Table, WorkbookPort
from .realisation import needs_reshape, reshape
from .report_sheet import trend_rows

__all__ = ["check", "document_settings", "fill", "planned_resize", "read_counts", "read_settings", "write_fill"]


# -- reading ----------------------------------------------------------------------------------------


def read_settings(book: WorkbookPort) -> tuple[Settings, tuple[str, ...]]:
    """The rule's settings from their named cells, and the names that are absent (their defaults are used)."""
    return settings_of(*book.named_values(setting.defined_name for setting in layout.SETTINGS))


def settings_of(found: dict[str, object], broken: dict[str, str]) -> tuple[Settings, tuple[str, ...]]:
    """The rule's settings from named values read with others (the rule's names are picked out)."""
    rule_names = {setting.defined_name for setting in layout.SETTINGS}
    return settings_from_named_cells(
        {name: value for name, value in found.items() if name in rule_names},
        {name: value for name, value in broken.items() if name in rule_names},
    )


def _documents(found: dict[str, object]) -> dict[str, object]:
    return {
        setting.field: found[setting.defined_name]
        for setting in layout.DOCUMENT_SETTINGS
        if setting.defined_name in found
    }


def document_settings(book: WorkbookPort) -> dict[str, object]:
    """The Pengaturan cells for documents (office name, signer, time zone), by field; absent ones are left out."""
    return _documents(book.named_values(setting.defined_name for setting in layout.DOCUMENT_SETTINGS)[0])


def read_counts(book: WorkbookPort, settings: Settings) -> tuple[list[CountRow], str]:
    """The counts table as rows, and a notice when the row just below the table holds data.

    The base period's columns are found by month and year ("Januari 2025"; a header without a year
    names the period's month of that name)."""
    table = book.table(layout.TABLE_COUNTS, read=ALL, below=True)
    name = table.index(layout.COLUMN_SATKER)
    try:
        months = settings.base_period.locate(table.headers, table=table.name)
    except LayoutError as error:
        setting = layout.SETTINGS_BY_FIELD["base_period"]
        raise LayoutError(
            f"the base period {settings.base_period.label} does not match the counts' columns: {error}",
            f"Kolom bulan tabel {table.name} tidak sesuai '{setting.label}' di sheet {layout.SHEET_SETTINGS} "
            f"({settings.base_period.label}): {error.user_message} Ubah judul kolom bulan menjadi bulan dan tahun "
            f"periode itu, misalnya '{settings.base_period.month_labels[0]}', atau ubah '{setting.label}'.",
        ) from None
    rows = [
        CountRow(values[name], [values[month] for month in months], source_row=row)
        for row, values in enumerate(table.body, start=table.first_row)
    ]
    below = table.last_row + 1 + (1 if table.totals else 0)
    return rows, outside_table_notice(layout.TABLE_COUNTS, table.sheet, below, table.below)


def _targets_table(book: WorkbookPort) -> Table:
    """TargetResponden, checked: the columns a fill writes are there, and no Total Row."""
    table = book.table(layout.TABLE_TARGETS)
    if table.totals:
        raise totals_row_not_allowed(layout.TABLE_TARGETS)
    for header in layout.REQUIRED_TARGET_HEADERS:
        table.index(header)
    return table


def planned_resize(book: WorkbookPort, name: str, table: Table, rows: int) -> TableResize:
    """``table`` resized to ``rows`` body rows (``name``: the table as this package names it, for messages),
    refused before anything is written when that would write across merged cells or grow over anything."""
    resize = TableResize.plan(
        name, table.sheet, table.header_row, table.first_column, table.width, table.last_row, rows
    )
    _check_room(book, resize)
    return resize


def _check_room(book: WorkbookPort, resize: TableResize) -> None:
    """Refuse, before anything is written, to write across merged cells or to grow over anything."""
    rows = resize.rows_written
    resize.check_merged(book.merged(resize.sheet, rows[0], resize.first_column, rows[-1], resize.last_column))
    if resize.new_rows:
        below = book.read_block(
            resize.sheet, resize.new_rows.start, resize.first_column, resize.new_rows[-1], resize.last_column
        )
        resize.check_growth(below)


# -- fill -------------------------------------------------------------------------------------------


def fill(book: WorkbookPort) -> Outcome:
    """*Hitung Target*: read the counts and settings, write the targets and everything that follows them."""
    named = book.named_values(setting.defined_name for setting in (*layout.SETTINGS, *layout.DOCUMENT_SETTINGS))
    settings, missing = settings_of(*named)
    rows, outside = read_counts(book, settings)
    targets = plan_targets(rows, settings)
    notices = write_fill(book, targets, settings, use_names=not missing, named=named[0])
    return Outcome.of(targets, settings, missing=missing, notices=[outside, *notices])


def check(book: WorkbookPort) -> Outcome:
    """*Periksa Data*: the same reading and validation as ``fill``, writing nothing."""
    settings, missing = read_settings(book)
    rows, outside = read_counts(book, settings)
    targets = plan_targets(rows, settings)
    _targets_table(book)
    return Outcome.of(targets, settings, missing=missing, notices=[outside])


def write_fill(
    book: WorkbookPort,
    targets: list[TargetRow],
    settings: Settings,
    use_names: bool,
    named: dict[str, object] | None = None,
) -> list[str]:
    """Everything a fill writes: the targets table, the Realisasi rows, the decision page, the comparison
    line, the page heads. Raises when the targets cannot be written; returns notices for the rest.

    ``named``: the named cells of Pengaturan (the rule's and the documents'), when the caller has read them."""
    if named is None:
        names = (*layout.SETTINGS, *layout.DOCUMENT_SETTINGS)
        named = book.named_values(setting.defined_name for setting in names)[0]
    targets_table = write_targets(book, targets, settings, use_names)
    notices = update_realisation(book, targets, settings, targets_table)
    notices += update_decision(book, targets, targets_table, settings, named)
    book.write_name(layout.NAME_TARGET_SUMMARY, comparison_with_old_rule(targets) or None)
    documents = _documents(named)
    office = documents.get("office")
    if isinstance(office, str) and office.strip():
        book.page_heads(office.strip())
    return notices + document_notices(documents)


def write_targets(book: WorkbookPort, targets: Sequence[TargetRow], settings: Settings, use_names: bool) -> Table:
    """The targets into the TargetResponden table, resized to one row per satker; refused when it would
    grow over anything or write across merged cells. Returns the table as it was read (its columns)."""
    table = _targets_table(book)
    resize = planned_resize(book, layout.TABLE_TARGETS, table, len(targets))
    block = resize.padded(target_table(targets, table.headers, resize.first_row, settings, use_names))
    book.write_rows(
        RowsWrite(
            layout.TABLE_TARGETS,
            resize.first_row,
            block,
            ref=resize.ref,
            grown=resize.new_rows,
            fit=resize.rows_written,  # the notes wrap over several lines
        )
    )
    return table


def update_realisation(
    book: WorkbookPort, targets: Sequence[TargetRow], settings: Settings, targets_table: Table | None = None
) -> list[str]:
    """Add Realisasi rows for new satker and note rows whose satker is gone; typed numbers are never touched.
    When the target period changed, the table's month columns follow it first (``follow_period``). A row's
    target is looked up where the targets table (``targets_table``, when the caller has read it) has its
    satker and target columns.

    Returns notices. A workbook without the Realisasi table has nothing to follow; a layout problem
    there is a notice (the targets are filled).
    """
    try:
        table = book.table(layout.TABLE_REALISATION, read=(layout.COLUMN_SATKER,))
    except LayoutError:
        return []
    notices: list[str] = []
    try:
        table.index(layout.COLUMN_TARGET)  # new rows look their target up: the column must be there
        targets_table = targets_table or _targets_table(book)
        letters = target_letters(targets_table.headers, targets_table.first_column)
        if needs_reshape(table.headers, settings.target_period):
            table, moved = follow_period(book, table, settings.target_period, letters)
            notices += moved
        update = RealisationUpdate.plan(table.values(layout.COLUMN_SATKER), [t.satker for t in targets])
        notices += update.notices
        if table.has(layout.COLUMN_NOTE) and table.body_rows:  # a table from before the notes has none
            notes = [[note] for note in update.notes]
            book.write_rows(
                RowsWrite(table.name, table.first_row, notes, first_column=table.column(layout.COLUMN_NOTE))
            )
        if not update.new_names:
            return notices
        if table.totals:
            return [*notices, TOTALS_ROW_NOTICE]
        resize = planned_resize(book, layout.TABLE_REALISATION, table, table.body_rows + len(update.new_names))
        rows = update.rows(table.headers, resize.first_column, resize.new_rows.start, settings.target_period, letters)
        book.write_rows(
            RowsWrite(
                table.name,
                resize.new_rows.start,
                rows,
                ref=resize.ref,
                grown=resize.new_rows,
                fit=resize.new_rows,
                follow_charts=True,
            )
        )
    except LayoutError as error:
        return [*notices, realisation_not_updated(error)]
    return notices


def follow_period(
    book: WorkbookPort, table: Table, period: Period, targets: Mapping[str, str] | None = None
) -> tuple[Table, list[str]]:
    """Realisasi's month columns follow a new target period (``realisation.reshape``: typed numbers of months
    the period drops are kept, marked, at the end of the table), with the totals above it and the formulas of
    every row; the chart sheet's trend and its month list follow too. Returns the table as it is now (with
    the columns ``table`` read) and the notices of what moved."""
    full = book.table(table.name, read=ALL)
    shape = reshape(full.headers, full.body, period)
    if shape is None:
        return table, []
    width = max(len(shape.headers), full.width)
    padding = [None] * (width - len(shape.headers))
    formulas = RealisationFormulas(shape.headers, period, full.first_column, targets)
    position = {layout.header_key(header): index for index, header in enumerate(shape.headers)}
    totals_row = full.header_row - 1
    totals: list[object] = [layout.REALISATION_TOTALS_LABEL, *[None] * (width - 1)]
    for header, formula in formulas.totals(totals_row, full.first_row, full.first_row + layout.CAPACITY - 1).items():
        totals[position[layout.header_key(header)]] = formula
    block: list[list[object]] = [totals, [*shape.headers, *padding]]
    for row, old in enumerate(full.body, start=full.first_row):
        values = [None if source is None else old[source] for source in shape.sources] + padding
        for header, formula in formulas.row(row).items():
            values[position[layout.header_key(header)]] = formula
        block.append(values)
    last_column = full.first_column + len(shape.headers) - 1
    ref = f"{column_letter(full.first_column)}{full.header_row}:{column_letter(last_column)}{full.last_row}"
    book.write_rows(RowsWrite(full.name, totals_row, block, ref=ref, looks_from=[*shape.looks, *padding]))
    notices = [shape.notice()]
    try:
        trend = book.table(layout.TABLE_TREND)
        resize = planned_resize(book, trend.name, trend, len(period))
        rows = resize.padded(trend_rows(period))
        book.write_rows(
            RowsWrite(trend.name, resize.first_row, rows, ref=resize.ref, grown=resize.new_rows, follow_charts=True)
        )
    except LayoutError as error:  # an older chart sheet, or the trend cannot grow there: the rest is done
        notices.append(f"Tabel tren di sheet {layout.SHEET_CHART} tidak mengikuti periode baru: {error.user_message}")
    book.set_choices(layout.NAME_CHART_MONTH, period.month_labels)
    # the table as written (not read again: what was read stays what the command decided on)
    kept = [layout.header_key(full.headers[i]) for i in table.read]
    read = tuple(shape.headers.index(h) for h in shape.headers if layout.header_key(h) in kept)
    body = tuple(tuple(row[i] for i in read) for row in block[2:])
    return replace(table, headers=tuple(shape.headers), read=read, body=body), notices


def update_decision(
    book: WorkbookPort,
    targets: Sequence[TargetRow],
    targets_table: Table | None = None,
    settings: Settings | None = None,
    named: dict[str, object] | None = None,
) -> list[str]:
    """Keep the decision page's table one row per satker (or the sentence saying they need checking), and the
    official page's lines above it showing what Pengaturan says.

    ``targets_table``: the targets table's columns, when the caller has read them already; ``named``: the
    named cells of Pengaturan (``SETTINGS`` and ``DOCUMENT_SETTINGS``) by name, likewise."""
    try:
        table = book.table(layout.TABLE_DECISION)
    except LayoutError:
        return []  # a workbook from before the decision page
    try:
        targets_table = targets_table or _targets_table(book)
        letters = decision_target_letters(targets_table.headers, targets_table.first_column)
        name_column = table.column(layout.COLUMN_SATKER)
    except LayoutError as error:
        return [decision_not_updated(error)]
    used = book.last_used_row(table.sheet, table.first_column, table.last_column, table.first_row)
    problems = sum(not target.ok for target in targets)
    page = DecisionPage(
        table.header_row, used if used >= table.first_row else table.last_row, len(targets), problems, table.headers
    )
    block = page.block(targets_table.first_row, letters, targets)
    shown = [row[name_column - table.first_column] for row in block[: page.rows]]
    book.write_rows(
        RowsWrite(
            table.name,
            page.first_row,
            block,
            ref=page.ref,
            grown=range(page.first_row + 1, page.last_row + 1),
            below=range(page.last_row + 1, page.first_row + len(block)),
            # the rows show the satker's names through formulas (or the sentence): their heights follow what they show
            fit_text={
                row: (name_column, name_text(value.value if isinstance(value, Formula) else value))
                for row, value in zip(range(page.first_row, page.last_row + 1), shown)
                if value is not None
            },
        )
    )
    if page.official:
        if named is None:
            names = (*layout.SETTINGS, *layout.DOCUMENT_SETTINGS)
            named = book.named_values(setting.defined_name for setting in names)[0]
        book.write_lines(table.sheet, decision_document(settings or Settings(), named))
    return []
