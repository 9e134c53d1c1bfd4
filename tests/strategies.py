"""Hypothesis strategies shared by the tests: what clerks type into cells, and the rule's parameters."""

from __future__ import annotations

from hypothesis import strategies as st

# Excel holds at most 15 significant digits; magnitudes stay in that range.
LIMIT = 10**15

# Counts written the Indonesian way: 1234567 → "1.234.567" (negative ones too: they must be refused).
indonesian_thousands = st.integers(min_value=-LIMIT, max_value=LIMIT).map(lambda n: f"{n:,}".replace(",", "."))

# Anything a count cell may hold, as Excel or openpyxl hands it over.
count_cells = st.one_of(
    st.none(),
    st.integers(min_value=-LIMIT, max_value=LIMIT),
    st.integers(min_value=0, max_value=5000),
    st.floats(min_value=-1e15, max_value=1e15, allow_nan=False),
    st.sampled_from([float("nan"), float("inf"), float("-inf"), 0.0, -0.0, 12.0, 2.5]),
    st.integers(min_value=0, max_value=5000).map(float),
    st.text(max_size=12),
    st.sampled_from(["", " ", "1.234", "1,5", "1,234", "1,000", "12.34", "1e3", "-5", " 42 ", "abc", "1.234,0", "0"]),
    indonesian_thousands,
    st.booleans(),
)

# Satker names: blanks, near-duplicates, numbers, hostile text.
satker_names = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(["Lapas Contoh", "lapas  contoh ", "Rutan Contoh", "=1+1", "@SUM(A1)", "+2", "-3"]),
    st.integers(0, 3),
    st.floats(allow_nan=True),
)

# The rule's parameters, in the ranges offices use.
populations = st.integers(min_value=0, max_value=10**7)
errors = st.floats(min_value=0.01, max_value=0.5, exclude_min=True, exclude_max=True)
margins = st.floats(min_value=0.01, max_value=0.2, exclude_min=True, exclude_max=True)
confidences = st.floats(min_value=0.8, max_value=0.999, exclude_min=True, exclude_max=True)
proportions = st.floats(min_value=0.1, max_value=0.9, exclude_min=True, exclude_max=True)
roundings = st.sampled_from(["up", "nearest"])


def printable(value):
    """A cell value a person can type: openpyxl refuses control characters in cells, as Excel does."""
    if isinstance(value, str):
        return "".join(ch for ch in value if ch.isprintable()) or None
    return value
