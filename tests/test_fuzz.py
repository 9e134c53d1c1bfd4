"""Hypothesis-generated count tables through the plan and through `fill`: no traceback, nothing lost."""

from __future__ import annotations

import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import LAST, OWNED_TARGETS_AREA, cell_snapshot, counts_workbook  # noqa: F401

from xl_addin import XlAddinError, cells, layout
from xl_addin.workbook import fill

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


def _excel_safe(value):
    # openpyxl refuses control characters in cells, as Excel does; a user cannot type them either
    if isinstance(value, str):
        return "".join(ch for ch in value if ch.isprintable()) or None
    return value


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=rows)
def test_fill_never_raises_on_cell_values_and_touches_only_the_targets(rows):
    rows = [tuple(_excel_safe(v) for v in row) for row in rows]
    with tempfile.TemporaryDirectory() as folder:
        path = counts_workbook(Path(folder) / "fuzz.xlsx", rows)
        skip = {layout.SHEET_TARGETS: OWNED_TARGETS_AREA}
        before = cell_snapshot(path, skip=skip)
        try:
            targets = fill(path).targets
        except XlAddinError as error:  # only a workbook-level problem may stop it, never a cell value
            raise AssertionError(f"a cell value stopped fill: {error}") from None
        assert cell_snapshot(path, skip=skip) == before
        sheet = openpyxl.load_workbook(path)[layout.SHEET_TARGETS]
        written = [sheet.cell(5 + i, 4).value for i in range(len(targets))]
        assert written == [t.target for t in targets]
        for target in targets:
            assert (target.target is None) == target.note.startswith("PERIKSA")
            if target.target is not None:
                assert 0 <= target.target <= target.population


logical_words = st.tuples(
    st.sampled_from(["TRUE", "FALSE", "BENAR", "SALAH", "true", "False", "benar", "Salah", "TRUEX", "Benar Sekali"]),
    st.sampled_from(["", " ", "  ", "\t", "\u00a0", "%"]),
).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=" \t\u00a0=+-@'#%.,0123456789aeflrstubnATRUEFALSBNH"), logical_words))
def test_the_shortcut_for_text_starting_with_a_letter_agrees_with_the_full_rule(text):
    # most text a fill writes (names, notes) starts with a letter; the shortcut must answer as the full rule does
    assert cells.excel_could_misread(text) == cells._misread_in_general(text)
