"""The workbook port: the few operations every command needs, on tables, named cells and sheets.

A command (``commands.py``) reads through a port, decides in the pure core (``plan``, ``cells``,
``survey_*``), and writes what it decided back through the same port; it never holds a cell.
Two implementations:

* ``workbook.FileBook``: a workbook file through openpyxl (the command line, the email copy). It
  owns saving, styles, row heights and print setup.
* ``xlwings_book.LiveBook``: the workbook open in Excel through xlwings (the ribbon). It reads and
  writes in bulk: a fixed number of round trips per command, whatever the number of satker.

Rows and columns are 1-based sheet coordinates. Values are what a reader means: a formula cell
reads as the value Excel last computed (``plan.UncalculatedFormula`` when it never was), an error
value as ``plan.CellError``. What is written is numbers, text (always stored as text) and
``cells.Formula`` (the only strings written as formulas).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from . import layout

if TYPE_CHECKING:
    from .cells import DocumentLine

__all__ = [
    "ALL",
    "Block",
    "RowsWrite",
    "SheetPlan",
    "SheetSpec",
    "Table",
    "TablePlan",
    "WorkbookPort",
    "columns_wanted",
]

ALL = (-1,)  # ``read=ALL``: every column of a table


@dataclass(frozen=True)
class Table:
    """An Excel table as read: where it sits, its headers, and the body columns that were asked for.

    ``read`` holds the 0-based positions of the columns read; ``body`` one tuple per body row with
    their values, in that order (nothing when none were asked for). A Total Row is never part of
    the body.
    """

    name: str
    sheet: str
    header_row: int
    first_column: int
    headers: tuple[object, ...]
    body_rows: int
    totals: bool
    read: tuple[int, ...] = ()
    body: tuple[tuple[object, ...], ...] = ()
    below: tuple[object, ...] = ()  # the row under the table (and under its Total Row), when asked for

    @property
    def first_row(self) -> int:
        return self.header_row + 1

    @property
    def last_row(self) -> int:
        """The last body row (the header row when the body is empty)."""
        return self.header_row + self.body_rows

    @property
    def width(self) -> int:
        return len(self.headers)

    @property
    def last_column(self) -> int:
        return self.first_column + self.width - 1

    def index(self, header: str) -> int:
        """The 0-based position of ``header`` among the headers (``layout.column_index``: raises ``LayoutError``)."""
        return layout.column_index(self.headers, header, self.name)

    def column(self, header: str) -> int:
        """The sheet column of ``header``."""
        return self.first_column + self.index(header)

    def has(self, header: str) -> bool:
        key = layout.header_key(header)
        return any(layout.header_key(found) == key for found in self.headers)

    def values(self, column: str | int) -> list[object]:
        """The body values of one of the columns read, by header or 0-based position."""
        position = self.read.index(self.index(column) if isinstance(column, str) else column)
        return [row[position] for row in self.body]


def columns_wanted(headers: Sequence[object], read: Sequence[str | int], table: str) -> list[int]:
    """The 0-based positions of ``read`` (headers, matched as ``layout.column_index`` does, or positions)."""
    if tuple(read) == ALL:
        return list(range(len(headers)))
    return [item if isinstance(item, int) else layout.column_index(headers, item, table) for item in read]


@dataclass(frozen=True)
class RowsWrite:
    """Rows written in a table's columns, from ``first_row`` down: a table's new body, rows added to
    it, a column of it, or a page that continues below it. ``None`` clears a cell.

    ``ref`` is the table's new range (None: unchanged). ``grown`` rows join the table and take the
    look of its first body row; ``below`` rows (under the table) take the look of the row above its
    header. ``fit`` rows get heights that fit their wrapped text; ``fit_text`` gives, for a row whose
    cells show text through formulas, the (column, text) its height must fit. Whether rows may be
    written at all (nothing in the way, no merged cells) is the command's to check before.
    """

    table: str
    first_row: int
    block: Sequence[Sequence[object]]
    first_column: int | None = None  # None: the table's first column
    ref: str | None = None
    grown: range = range(0)
    below: range = range(0)
    fit: range = range(0)
    fit_text: Mapping[int, tuple[int, str]] = field(default_factory=dict)
    follow_charts: bool = False  # charts drawing the table's rows grow with it (as Excel's do by themselves)
    # A table whose columns change (a new period): for each written column, the table's column (0-based, as it
    # was) whose look and width it takes, None for a column the table gives up (plain again); the header row, when
    # written, names the table's columns.
    looks_from: Sequence[int | None] | None = None
    # the sheet prints again: a sheet made with empty tables prints nothing (``styles.print_nothing``), its rows
    # are worth a page now
    prints: bool = False

    @property
    def last_row(self) -> int:
        return self.first_row + len(self.block) - 1


# -- a sheet a command owns whole, written from a plan ------------------------------------------------


@dataclass(frozen=True)
class Block:
    """Values written from (row, column); ``style``: title, note, heading, header, body, group (a body row in
    bold: a group's line), total, label, text or paragraph (wrapped text, merged across the columns the plan
    says)."""

    row: int
    column: int
    values: tuple[tuple[object, ...], ...]
    style: str = "body"
    formats: tuple[tuple[int, str], ...] = ()  # (column offset, number format)

    @property
    def last_row(self) -> int:
        return self.row + len(self.values) - 1

    @property
    def width(self) -> int:
        return max((len(line) for line in self.values), default=0)


@dataclass(frozen=True)
class TablePlan:
    """An Excel table of a ``SheetPlan``, its columns from A."""

    name: str
    header_row: int
    headers: tuple[str, ...]
    last_row: int  # the last body row (a table keeps at least one)


@dataclass(frozen=True)
class SheetPlan:
    """A sheet a command owns whole (the survey sheets, the monthly report): what ``replace_sheet`` writes."""

    name: str
    blocks: tuple[Block, ...]
    tables: tuple[TablePlan, ...]
    widths: tuple[float, ...]
    landscape: bool = True
    break_before: int | None = None  # a printed page starts at this row
    wrap: tuple[int, ...] = ()  # columns (1-based) whose body text wraps, the row growing to fit
    # A document rather than a list (the monthly report): no frozen panes or repeated header row, the office
    # named in the page heads, paragraphs merged across columns (row, first column, last column) whose rows
    # grow to fit their text.
    document: bool = False
    office: str | None = None
    merged: tuple[tuple[int, int, int], ...] = ()
    heights: tuple[tuple[int, float | None], ...] = ()  # (row, points, None: the default): over any estimate

    @property
    def last_row(self) -> int:
        return max(block.last_row for block in self.blocks)

    @property
    def last_column(self) -> int:
        return max(block.column + block.width - 1 for block in self.blocks)


@dataclass(frozen=True)
class SheetSpec:
    """A sheet that holds one table a command keeps row by row (``write_rows``), as it is made when the workbook
    lacks it (a workbook from an older template): a title and a note, labelled cells above the table (some of
    them named), the header row and one empty body row.

    ``cells`` are (row, column) → value above the header row; ``names`` are defined names → (row, column)
    of one of those cells. ``wrap`` are the columns whose text wraps; ``highlights`` colour the cells of a
    column whose text starts with a word, (column, word, fill colour), down the table's reach (the file path).
    """

    sheet: str
    table: str
    title: str
    note: str
    headers: tuple[str, ...]
    widths: tuple[float, ...]
    cells: Mapping[tuple[int, int], object] = field(default_factory=dict)
    names: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    wrap: tuple[int, ...] = ()
    highlights: tuple[tuple[int, str, str], ...] = ()

    def plan(self) -> SheetPlan:
        """The sheet as ``replace_sheet`` writes it (both implementations make it so, cell for cell)."""
        header = layout.TABLE_HEADER_ROW
        blocks = [Block(1, 1, ((self.title,),), "title"), Block(2, 1, ((self.note,),), "note")]
        blocks += [Block(row, column, ((value,),), "label") for (row, column), value in self.cells.items()]
        blocks += [Block(header, 1, (self.headers,), "header"), Block(header + 1, 1, ((None,) * len(self.headers),))]
        table = TablePlan(self.table, header, self.headers, header + 1)
        return SheetPlan(self.sheet, tuple(blocks), (table,), self.widths, wrap=self.wrap)


class WorkbookPort(Protocol):
    """What a command may do with a workbook. Both implementations behave alike, cell for cell."""

    def table(self, name: str, read: Sequence[str | int] = (), below: bool = False) -> Table:
        """The table called ``name`` (case ignored, as Excel does); ``LayoutError`` when there is none.

        ``read``: the columns whose body values are wanted, by header or 0-based position (``ALL``: every
        column); ``below``: also read the row under the table.
        """
        ...

    def named_values(self, names: Iterable[str]) -> tuple[dict[str, object], dict[str, str]]:
        """The values of the cells ``names`` point at, by name; and the names that point at no single
        cell (a range, #REF!), with what they refer to. Names the workbook lacks are in neither."""
        ...

    def read_block(self, sheet: str, first_row: int, first_column: int, last_row: int, last_column: int) -> list[list]:
        """The values of a rectangle of cells, row by row."""
        ...

    def merged(self, sheet: str, first_row: int, first_column: int, last_row: int, last_column: int) -> list:
        """The merged ranges that touch the rectangle, as (min_col, min_row, max_col, max_row)."""
        ...

    def last_used_row(self, sheet: str, first_column: int, last_column: int, from_row: int) -> int:
        """The last row at or below ``from_row`` holding anything in those columns (``from_row - 1`` if none)."""
        ...

    def write_rows(self, write: RowsWrite) -> None:
        """Write ``write.block`` and give its table its new range."""
        ...

    def write_cells(self, sheet: str, cells: Mapping[tuple[int, int], object]) -> None:
        """Write single cells, by (row, column)."""
        ...

    def write_lines(self, sheet: str, lines: Sequence[DocumentLine]) -> None:
        """The decision page's lines above its table (``cells.decision_document``), each in its first cell."""
        ...

    def write_name(self, name: str, value: object) -> None:
        """Write the cell a defined name points at; nothing when the workbook lacks the name."""
        ...

    def set_choices(self, name: str, choices: Sequence[str]) -> None:
        """The cell a defined name points at offers ``choices`` (a list to pick from); when it holds none of
        them it takes the first. Nothing when the workbook lacks the name."""
        ...

    def has_sheet(self, name: str) -> bool:
        """Whether the workbook has a sheet called ``name`` (case ignored, as Excel does)."""
        ...

    def replace_sheet(self, plan: SheetPlan, hidden: bool = False, after: str | None = None) -> None:
        """Write ``plan`` on its sheet, replacing all the sheet held (the command owns it whole); a sheet the
        workbook lacks is made right after the sheet ``after`` when there is one, else before xlwings.conf (the
        last sheet), ``hidden`` when asked. A ``document`` plan replaces the sheet's looks too."""
        ...

    def page_heads(self, office: str) -> None:
        """Every printed page of every visible sheet names the office (but the decision page, which carries its
        own letterhead)."""
        ...

    def ensure_sheet(self, spec: SheetSpec) -> bool:
        """Make ``spec``'s sheet, table and names when the workbook has no table called ``spec.table``
        (before xlwings.conf, the last sheet); True when it was made. A sheet of that name without the
        table is a ``LayoutError``: it is someone else's."""
        ...
