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

__all__ = ["ALL", "RowsWrite", "SheetSpec", "Table", "WorkbookPort", "columns_wanted"]

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

    @property
    def last_row(self) -> int:
        return self.first_row + len(self.block) - 1


@dataclass(frozen=True)
class SheetSpec:
    """A sheet that holds one table a command keeps, as it is made when the workbook lacks it (a workbook
    from an older template): a title and a note, labelled cells above the table (some of them named),
    the header row and one empty body row.

    ``cells`` are (row, column) → value above the header row; ``names`` are defined names → (row, column)
    of one of those cells. ``wrap`` are the columns whose text wraps; ``highlights`` colour the cells of a
    column whose text starts with a word, (column, word, fill colour), down the table's reach.
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
    header_row: int = layout.TABLE_HEADER_ROW

    def grid(self) -> list[list[object]]:
        """Every cell from A1 to the empty body row, as values (what both implementations write)."""
        rows: list[list[object]] = [[None] * len(self.headers) for _ in range(self.header_row + 1)]
        rows[0][0], rows[1][0] = self.title, self.note
        for (row, column), value in self.cells.items():
            rows[row - 1][column - 1] = value
        rows[self.header_row - 1] = list(self.headers)
        return rows


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

    def page_heads(self, office: str) -> None:
        """Every printed page of every visible sheet names the office (but the decision page, which carries its
        own letterhead)."""
        ...

    def ensure_sheet(self, spec: SheetSpec) -> bool:
        """Make ``spec``'s sheet, table and names when the workbook has no table called ``spec.table``
        (before xlwings.conf, the last sheet); True when it was made. A sheet of that name without the
        table is a ``LayoutError``: it is someone else's."""
        ...
