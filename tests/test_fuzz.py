"""Hypothesis through `fill`: cell values a clerk types, and files damaged on the way.

* Random count tables: every cell value gives a target or a row note, never an error, and
  nothing outside the targets table changes.
* A real filled workbook (.xlsx, and the macro template) with bytes flipped, the file cut short,
  parts deleted, or a part's XML cut or garbled (zipped again, so only the XML is wrong): either a correct fill or one
  ``XlAddinError``, never another exception, never an "Exception ignored", the input unchanged
  and no temporary file left.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import html
import io
import re
import sys
import tempfile
import zipfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import printable
from support import GOOD_AND_BAD_ROWS, OWNED_AREAS, TEMPLATE, cell_snapshot, set_table_rows, template_book

from xl_addin import XlAddinError, cells, layout
from xl_addin.workbook import fill, write_cell

FIRST = layout.TABLE_HEADER_ROW + 1
# What a fill owns: the targets and the decision page, and in Realisasi the notes column and new rows
# (the template's example Realisasi rows stay as they are: every number there must survive).
TARGETS_AREA = {**OWNED_AREAS, layout.SHEET_REALISATION: ("AC5:AC600", f"A{FIRST + 8}:AC600")}

cell = st.one_of(
    st.none(),
    st.integers(min_value=-(10**6), max_value=10**9),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    st.text(max_size=12),
    st.integers(min_value=0, max_value=10**9).map(lambda n: f"{n:,}".replace(",", ".")),
    st.booleans(),
)
name = st.one_of(st.none(), st.text(max_size=20), st.sampled_from(["Lapas Contoh", "lapas contoh ", "Rutan Contoh"]))
rows = st.lists(st.tuples(name, cell, cell, cell), min_size=0, max_size=40)


@functools.cache
def _empty_counts() -> bytes:
    """The template's sheets with an empty counts table, saved once: each example only types its rows."""
    book = template_book()
    sheet = book[layout.SHEET_COUNTS]
    for row in sheet.iter_rows(min_row=FIRST, max_row=sheet.max_row, max_col=4):
        for each in row:
            each.value = None
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def typed_workbook(path: Path, typed: list[tuple]) -> Path:
    book = openpyxl.load_workbook(io.BytesIO(_empty_counts()))
    sheet = book[layout.SHEET_COUNTS]
    for row, values in enumerate(typed, start=FIRST):
        for column, value in enumerate(values, start=1):
            write_cell(sheet.cell(row, column), value)
    set_table_rows(sheet, layout.TABLE_COUNTS, FIRST + max(len(typed), 1) - 1)
    book.save(path)
    return path


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=rows)
def test_fill_never_raises_on_cell_values_and_touches_only_the_targets(rows):
    rows = [tuple(printable(v) for v in row) for row in rows]
    with tempfile.TemporaryDirectory() as folder:
        path = typed_workbook(Path(folder) / "fuzz.xlsx", rows)
        before = cell_snapshot(path, skip=TARGETS_AREA)
        try:
            targets = fill(path).targets
        except XlAddinError as error:  # only a workbook-level problem may stop it, never a cell value
            raise AssertionError(f"a cell value stopped fill: {error}") from None
        assert cell_snapshot(path, skip=TARGETS_AREA) == before
        sheet = openpyxl.load_workbook(path)[layout.SHEET_TARGETS]
        written = [sheet.cell(FIRST + i, 4).value for i in range(len(targets))]
        assert written == [t.target for t in targets]
        for target in targets:
            assert (target.target is None) == target.note.startswith("PERIKSA")
            if target.target is not None:
                assert 0 <= target.target <= target.population


# -- damaged files --------------------------------------------------------------------------------


@functools.cache
def _filled(kind: str) -> bytes:
    """A real workbook as it travels, filled: the .xlsx with good and bad rows typed, or the template (.xlsm)."""
    with tempfile.TemporaryDirectory() as folder:
        if kind == ".xlsm":
            path = Path(folder) / "satker.xlsm"
            path.write_bytes(TEMPLATE.read_bytes())
        else:
            path = typed_workbook(Path(folder) / "satker.xlsx", GOOD_AND_BAD_ROWS)
        fill(path)
        return path.read_bytes()


@functools.cache
def _members(kind: str) -> tuple[str, ...]:
    with zipfile.ZipFile(io.BytesIO(_filled(kind))) as archive:
        return tuple(archive.namelist())


def _rezip(kind: str, change) -> bytes:
    """The filled workbook zipped again with ``change(name, data)`` applied to each part (None drops it)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_filled(kind))) as old, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info))
            if data is not None:
                new.writestr(info, data)
    return buffer.getvalue()


def _flip_byte(data: bytes, at: float, mask: int) -> bytes:
    damaged = bytearray(data)
    if damaged:
        damaged[min(int(at * len(damaged)), len(damaged) - 1)] ^= mask
    return bytes(damaged)


def _damages(kind: str):
    """Damage as a short description (what a failing example shows); ``_damaged`` applies it."""
    part = st.sampled_from(_members(kind))
    return st.one_of(
        # the file itself: a bad sector, a broken transfer
        st.tuples(st.just(kind), st.just("flip file byte"), st.floats(0, 1), st.integers(1, 255)),
        st.tuples(st.just(kind), st.just("cut file"), st.floats(0, 1)),
        # one part missing, or its XML cut short or garbled (the zip itself stays sound)
        st.tuples(st.just(kind), st.just("drop part"), part),
        st.tuples(st.just(kind), st.just("cut part"), part, st.floats(0, 1)),
        st.tuples(st.just(kind), st.just("flip part byte"), part, st.floats(0, 1), st.integers(1, 255)),
    )


def _damaged(kind: str, how: str, *args) -> bytes:
    whole = _filled(kind)
    if how == "flip file byte":
        return _flip_byte(whole, *args)
    if how == "cut file":
        return whole[: int(args[0] * len(whole))]
    name, *rest = args
    if how == "drop part":
        return _rezip(kind, lambda member, data: None if member == name else data)
    if how == "cut part":
        return _rezip(kind, lambda member, data: data[: int(rest[0] * len(data))] if member == name else data)
    return _rezip(kind, lambda member, data: _flip_byte(data, *rest) if member == name else data)


damages = st.one_of(_damages(".xlsx"), _damages(".xlsm"))


@contextlib.contextmanager
def no_unraisable():
    """Fail on "Exception ignored in …": an exception Python could only print (a finaliser's, say)."""
    caught = []
    previous, sys.unraisablehook = sys.unraisablehook, caught.append
    try:
        yield
        gc.collect()  # finalisers of what a failed load left behind run now, not at some later test
    finally:
        sys.unraisablehook = previous
    assert not caught, [f"{u.exc_type.__name__}: {u.exc_value} in {u.object!r}" for u in caught]


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".xl_addin.tmp") or p.name.startswith(".~")]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damage=damages)
def test_a_damaged_workbook_is_filled_correctly_or_refused_with_one_message(damage):
    kind = damage[0]
    data = _damaged(*damage)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        source, out = folder / f"satker{kind}", folder / f"hasil{kind}"
        source.write_bytes(data)
        with no_unraisable():
            try:
                outcome = fill(source, out)
            except XlAddinError as error:
                assert error.user_message and "\n" not in error.user_message
                assert not out.exists()
            else:  # the damage spared what fill needs: then the fill is right, and nothing else is lost
                book = openpyxl.load_workbook(out)
                sheet = book[layout.SHEET_TARGETS]
                targets = outcome.targets
                assert [sheet.cell(FIRST + i, 4).value for i in range(len(targets))] == [t.target for t in targets]
                assert book.sheetnames == _declared_sheets(data)  # openpyxl drops a sheet whose part is missing
                assert cell_snapshot(out, skip=TARGETS_AREA) == cell_snapshot(source, skip=TARGETS_AREA)
        assert source.read_bytes() == data
        assert _leftovers(folder) == []


def _declared_sheets(package: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        workbook_xml = archive.read("xl/workbook.xml").decode("utf-8")
    return [html.unescape(name) for name in re.findall(r'<sheet [^>]*name="([^"]*)"', workbook_xml)]


logical_words = st.tuples(
    st.sampled_from(["TRUE", "FALSE", "BENAR", "SALAH", "true", "False", "benar", "Salah", "TRUEX", "Benar Sekali"]),
    st.sampled_from(["", " ", "  ", "\t", "\u00a0", "%"]),
).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=" \t\u00a0=+-@'#%.,0123456789aeflrstubnATRUEFALSBNH"), logical_words))
def test_the_shortcut_for_text_starting_with_a_letter_agrees_with_the_full_rule(text):
    # most text a fill writes (names, notes) starts with a letter; the shortcut must answer as the full rule does
    assert cells.excel_could_misread(text) == cells._misread_in_general(text)
