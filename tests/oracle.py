"""The rule read again, independently of ``xl_addin``: the oracle the tests hold the package to.

Written from the rule as the README and the sources state it, in exact rational arithmetic
(``fractions.Fraction`` of the decimals a person types), not in floats guarded against noise as the
package computes: two implementations that agree on every case the tests try. χ² comes from the
published tables (3,841 at 95 %), not from a computation.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

# χ² with one degree of freedom as printed tables give it (Krejcie & Morgan 1970 use 3.841).
CHI_SQUARE = {0.90: Fraction("2.706"), 0.95: Fraction("3.841"), 0.99: Fraction("6.635")}


def exact(value: float) -> Fraction:
    """The decimal a person typed (0.05, not the nearest binary float to it)."""
    return Fraction(repr(value))


def slovin(n: int, e: float = 0.05) -> Fraction:
    """n = N / (1 + N·e²)."""
    return Fraction(n) / (1 + n * exact(e) ** 2)


def krejcie_morgan(n: int, d: float = 0.05, confidence: float = 0.95, p: float = 0.5) -> Fraction:
    """s = χ²·N·P(1−P) / (d²·(N−1) + χ²·P(1−P)); 0 for N = 0."""
    if n == 0:
        return Fraction(0)
    chi, share = CHI_SQUARE[confidence], exact(p)
    return chi * n * share * (1 - share) / (exact(d) ** 2 * (n - 1) + chi * share * (1 - share))


def rounded(value: Fraction, rounding: str) -> int:
    """Up (a minimum), or to the nearest whole number with halves going up."""
    if rounding == "up":
        return -(-value.numerator // value.denominator)
    half_up = value + Fraction(1, 2)
    return half_up.numerator // half_up.denominator


def population(counts: list[int], basis: str = "average") -> int:
    """N: the base months' total, or their average rounded up to a whole person."""
    total = sum(counts)
    return total if basis == "total" else -(-total // len(counts))


@dataclass(frozen=True)
class Expected:
    """What the rule gives one satker: N, the method chosen, the target and both formulas' results."""

    population: int
    method: str
    target: int
    slovin: int
    krejcie_morgan: int
    computed: int  # the chosen formula's result before the floor

    @property
    def old_target(self) -> int:
        return min(30, self.population)

    @property
    def change(self) -> int:
        return self.target - self.old_target


def expected(
    n: int,
    threshold: int = 30,
    e: float = 0.05,
    d: float = 0.05,
    confidence: float = 0.95,
    p: float = 0.5,
    slovin_rounding: str = "up",
    km_rounding: str = "nearest",
    floor: int | None = None,
) -> Expected:
    """The rule for one N: Slovin below the threshold, Krejcie & Morgan from it; never more than N."""
    by_slovin = min(rounded(slovin(n, e), slovin_rounding), n)
    by_km = min(rounded(krejcie_morgan(n, d, confidence, p), km_rounding), n)
    method = "slovin" if n < threshold else "krejcie_morgan"
    computed = by_slovin if method == "slovin" else by_km
    target = computed if floor is None else min(max(computed, floor), n)
    return Expected(n, method, target, by_slovin, by_km, computed)


def expected_row(counts: list[int], basis: str = "average", **rule) -> Expected:
    """The rule for one satker's base-month counts."""
    return expected(population(counts, basis), **rule)


def typed_count(cell: object) -> int | None:
    """A count as the test fixtures type it: a whole number, or text with dots grouping thousands; else None."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, int):
        return cell if cell >= 0 else None
    if isinstance(cell, str) and cell.replace(".", "").isdigit() and all(len(g) == 3 for g in cell.split(".")[1:]):
        return int(cell.replace(".", ""))
    return None


def expected_rows(rows, basis: str = "average", **rule) -> list[Expected | None]:
    """Each fixture row (satker, count, count, …) as the rule computes it; None for a row with a problem:
    a blank name, a name typed twice (case and spacing ignored), or a count that is not a whole number ≥ 0."""
    keys = [" ".join(str(row[0]).split()).casefold() if row[0] is not None else "" for row in rows]
    out = []
    for key, (_satker, *cells) in zip(keys, rows):
        counts = [typed_count(cell) for cell in cells]
        if not key or keys.count(key) > 1 or None in counts:
            out.append(None)
        else:
            out.append(expected_row(counts, basis, **rule))
    return out


def evaluate_formula(formula: str, cells: dict[str, object]) -> object:
    """An Excel formula computed by an independent engine (the ``formulas`` package), given by name the cells
    and defined names it reads."""
    import numpy

    function = _compiled(formula)
    given = {key.upper(): value for key, value in cells.items()}
    return numpy.asarray(function(*[given[name] for name in function.inputs])).item()


_COMPILED: dict[str, object] = {}


def _compiled(formula: str):
    if formula not in _COMPILED:
        import formulas

        _COMPILED[formula] = formulas.Parser().ast(formula)[1].compile()
    return _COMPILED[formula]
