"""The Realisasi table follows the target period: its columns, and what a change of period moves.

Pure Python. A month column is identified by survey, month and year ("SPKP Juli 2025"); a header
without a year was written by an earlier release, which meant 2024 (``period.PREVIOUS_RELEASE_YEAR``).
When the target period changes, every month of the new period gets its columns; a month the period
no longer holds is kept, at the end of the table and marked "(di luar periode)", when any of its
cells holds something (typed numbers are never deleted), and removed when its cells are all empty.
Kept months have no percentage and no place in the totals above the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import layout
from .period import PREVIOUS_RELEASE_YEAR, Period, YearMonth, month_label, read_month_header

__all__ = ["OUTSIDE_MARK", "Column", "Reshape", "headers_for", "read_column", "reshape"]

OUTSIDE_MARK = " (di luar periode)"


@dataclass(frozen=True)
class Column:
    """What a Realisasi column holds: ``kind`` is satker, target, count, percent, chart, note, outside or other."""

    kind: str
    survey: str | None = None
    month: YearMonth | None = None


def _month(text: str, survey: str) -> YearMonth | None:
    read = read_month_header(text, survey)
    if read is None:
        return None
    year, month = read
    return (year if year is not None else PREVIOUS_RELEASE_YEAR, month)


def read_column(header: object) -> Column:
    """The kind of a Realisasi column, from its header."""
    key = layout.name_key(header)
    for kind, name in (
        ("satker", layout.COLUMN_SATKER),
        ("target", layout.COLUMN_TARGET),
        ("note", layout.COLUMN_NOTE),
    ):
        if key == layout.name_key(name):
            return Column(kind)
    if not isinstance(header, str):
        return Column("other")
    text = " ".join(header.split())
    outside = text.casefold().endswith(OUTSIDE_MARK.strip().casefold())
    if outside:
        text = text[: -len(OUTSIDE_MARK.strip())].strip()
    for survey in layout.SURVEYS:
        if not outside and layout.name_key(text) == layout.name_key(layout.CHART_PREFIX + survey):
            return Column("chart", survey)
        if not outside and text.startswith(layout.PERCENT_PREFIX.strip()):
            month = _month(text[len(layout.PERCENT_PREFIX.strip()) :].strip(), survey)
            if month is not None:
                return Column("percent", survey, month)
        month = _month(text, survey)
        if month is not None:
            return Column("outside" if outside else "count", survey, month)
    return Column("other")


def count_header(survey: str, month: YearMonth) -> str:
    return layout.realisation_column(survey, month_label(*month))


def headers_for(period: Period) -> tuple[str, ...]:
    """The Realisasi table's columns for ``period``, in order."""
    counts = [count_header(survey, month) for survey in layout.SURVEYS for month in period]
    return (
        layout.COLUMN_SATKER,
        layout.COLUMN_TARGET,
        *counts,
        *(layout.PERCENT_PREFIX + count for count in counts),
        *(layout.CHART_PREFIX + survey for survey in layout.SURVEYS),
        layout.COLUMN_NOTE,
    )


@dataclass(frozen=True)
class Reshape:
    """The table's new columns, and for each where its values and its look come from (0-based old columns).

    ``sources[i]`` is the old column whose cells the new column keeps (a satker name, a typed count, a
    column a user added), or None for a column of formulas or a new month (blank). ``looks[i]`` is the
    old column whose look (widths, number formats, borders) the new column takes.
    """

    headers: tuple[str, ...]
    sources: tuple[int | None, ...]
    looks: tuple[int, ...]
    added: tuple[str, ...]
    kept: tuple[str, ...]
    removed: tuple[str, ...]
    period: Period

    def notice(self) -> str:
        """What moved, for the user (the targets are filled either way)."""
        parts = [f"Kolom tabel {layout.TABLE_REALISATION} mengikuti periode target {self.period.label}"]
        if self.added:
            parts.append(f"kolom baru: {', '.join(self.added)}")
        if self.kept:
            parts.append(
                f"kolom bulan di luar periode yang berisi angka tetap disimpan di ujung tabel (tidak ikut jumlah): "
                f"{', '.join(self.kept)}"
            )
        if self.removed:
            parts.append(f"kolom bulan di luar periode yang kosong dihapus: {', '.join(self.removed)}")
        return "; ".join(parts) + "."


def reshape(headers: Sequence[object], body: Sequence[Sequence[object]], period: Period) -> Reshape | None:
    """How the Realisasi table with ``headers`` and ``body`` (every column) becomes the table of ``period``;
    None when it already is."""
    columns = [read_column(header) for header in headers]
    wanted = headers_for(period)
    wanted_kinds = [read_column(header) for header in wanted]
    if {(c.kind, c.survey, c.month) for c in columns if c.kind != "other"} == {
        (c.kind, c.survey, c.month) for c in wanted_kinds
    } and len([c for c in columns if c.kind != "other"]) == len(wanted):
        return None
    typed: dict[tuple[str, YearMonth], int] = {}  # (survey, month) -> the old column holding its numbers
    for index, column in enumerate(columns):
        if column.kind in ("count", "outside") and column.survey and column.month:
            typed.setdefault((column.survey, column.month), index)
    first_of = {}
    for index, column in enumerate(columns):
        first_of.setdefault(column.kind, index)

    def look(kind: str, fallback: int) -> int:
        return first_of.get(kind, first_of.get("count", fallback))

    def filled(index: int) -> bool:
        return any(index < len(row) and row[index] not in (None, "") for row in body)

    new_headers: list[str] = []
    sources: list[int | None] = []
    looks: list[int] = []
    added: list[str] = []
    for header, column in zip(wanted, wanted_kinds):
        new_headers.append(header)
        if column.kind == "count":
            source = typed.get((column.survey, column.month))  # type: ignore[arg-type]
            sources.append(source)
            if source is None:
                added.append(header)
        elif column.kind in ("satker", "note"):
            sources.append(first_of.get(column.kind))
        else:
            sources.append(None)
        looks.append(look(column.kind, 0))
    kept, removed = [], []
    for (survey, month), index in sorted(
        typed.items(), key=lambda item: (layout.SURVEYS.index(item[0][0]), item[0][1])
    ):
        if month in period:
            continue
        if filled(index):
            header = count_header(survey, month) + OUTSIDE_MARK
            new_headers.append(header)
            sources.append(index)
            looks.append(first_of.get("count", index))
            kept.append(count_header(survey, month))
        else:
            removed.append(count_header(survey, month))
    for index, column in enumerate(columns):
        if column.kind == "other":
            new_headers.append(str(headers[index]) if headers[index] is not None else "")
            sources.append(index)
            looks.append(index)
    return Reshape(tuple(new_headers), tuple(sources), tuple(looks), tuple(added), tuple(kept), tuple(removed), period)
