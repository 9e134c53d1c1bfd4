"""Sample-size formulas: Slovin and Krejcie & Morgan (1970), and the rule between them.

Pure Python: no Excel objects, no I/O. Every adapter (UDFs, ribbon, CLI) calls
these functions, so the numbers are the same wherever a user meets them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Literal, Mapping

from babel.numbers import format_decimal

Rounding = Literal["up", "nearest"]
Method = Literal["slovin", "krejcie_morgan"]

# Float noise such as 49.999999999999993 must not turn into 50 when rounding up
# (nor 50.000000000000007 into 51); results are rounded to this many decimals first.
_ROUNDING_GUARD_DECIMALS = 9
# Beyond Excel's 15 digits the formulas are computed divided through by N, which is
# algebraically the same and cannot overflow for any float N.
_HUGE = 1e15


class XlAddinError(ValueError):
    """The project's one error type for bad input.

    ``str(error)`` is English (for code and logs); ``user_message`` is the same
    problem in Bahasa Indonesia, for cells, message boxes and the command line.
    """

    def __init__(self, message: str, user_message: str | None = None) -> None:
        super().__init__(message)
        self.user_message = user_message or message


def _check_population(population: object) -> int:
    if isinstance(population, bool) or not isinstance(population, (int, float)):
        raise XlAddinError(
            f"population must be a whole number >= 0, got {population!r}",
            f"N harus bilangan bulat ≥ 0, bukan {population!r}",
        )
    if isinstance(population, float) and not (math.isfinite(population) and population.is_integer()):
        raise XlAddinError(
            f"population must be a whole number >= 0, got {population!r}",
            f"N harus bilangan bulat ≥ 0, bukan pecahan {fmt(population)}",
        )
    if population < 0:
        raise XlAddinError(
            f"population must be a whole number >= 0, got {population!r}",
            f"N harus bilangan bulat ≥ 0, bukan {fmt(population)}",
        )
    return int(population)


def _check_fraction(value: object, name: str, label: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
        shown = fmt(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else repr(value)
        raise XlAddinError(
            f"{name} must be a number strictly between 0 and 1, got {value!r}",
            f"{label} harus angka di antara 0 dan 1 (misalnya 0,05), bukan {shown}",
        )
    return float(value)


def _check_rounding(rounding: object) -> Rounding:
    if rounding not in ("up", "nearest"):
        raise XlAddinError(
            f"rounding must be 'up' or 'nearest', got {rounding!r}",
            f"Pembulatan harus 'ke atas' atau 'terdekat', bukan {rounding!r}",
        )
    return rounding  # type: ignore[return-value]


def round_size(value: float, rounding: Rounding) -> int:
    """Round a sample size: up (a minimum), or to nearest with halves going up."""
    guarded = round(value, _ROUNDING_GUARD_DECIMALS)
    if rounding == "up":
        return math.ceil(guarded)
    return math.floor(guarded + 0.5)


def chi_square_critical(confidence: float = 0.95) -> float:
    """Chi-square critical value, 1 degree of freedom, rounded to 3 decimals as printed tables do.

    With one degree of freedom χ² is the square of the two-sided normal quantile,
    so no statistics package is needed: 0.95 → 3.841, 0.99 → 6.635, 0.90 → 2.706.
    """
    confidence = _check_fraction(confidence, "confidence", "Tingkat kepercayaan")
    z = NormalDist().inv_cdf((1 + confidence) / 2)
    chi2 = round(z * z, 3)
    if chi2 == 0:  # below about 3 % confidence χ² rounds to 0 and the formula is 0/0
        raise XlAddinError(
            f"confidence {confidence!r} is too low: chi-square rounds to 0",
            f"Tingkat kepercayaan {fmt(confidence)} terlalu kecil (χ² menjadi 0); pakai misalnya 0,95",
        )
    return chi2


def slovin_value(population: int, error: float = 0.05) -> float:
    """Slovin's n = N / (1 + N·e²), unrounded."""
    population = _check_population(population)
    error = _check_fraction(error, "error", "e")
    if population > _HUGE:
        return 1 / (1 / population + error**2)
    return population / (1 + population * error**2)


def krejcie_morgan_value(
    population: int, margin: float = 0.05, confidence: float = 0.95, proportion: float = 0.5
) -> float:
    """Krejcie & Morgan's s = χ²·N·P(1−P) / (d²(N−1) + χ²·P(1−P)), unrounded."""
    population = _check_population(population)
    margin = _check_fraction(margin, "margin", "d")
    proportion = _check_fraction(proportion, "proportion", "P")
    chi2 = chi_square_critical(confidence)
    if population == 0:
        return 0.0
    variance = proportion * (1 - proportion)
    if population > _HUGE:
        return chi2 * variance / (margin**2 * (1 - 1 / population) + chi2 * variance / population)
    return chi2 * population * variance / (margin**2 * (population - 1) + chi2 * variance)


def slovin(population: int, error: float = 0.05, rounding: Rounding = "up") -> int:
    """Slovin's minimum sample size, rounded up by default (it is a minimum)."""
    rounding = _check_rounding(rounding)
    value = slovin_value(population, error)
    return min(round_size(value, rounding), int(population))


def krejcie_morgan(
    population: int,
    margin: float = 0.05,
    confidence: float = 0.95,
    proportion: float = 0.5,
    rounding: Rounding = "nearest",
) -> int:
    """Krejcie & Morgan's sample size; rounded to nearest by default, as the 1970 table is."""
    rounding = _check_rounding(rounding)
    value = krejcie_morgan_value(population, margin, confidence, proportion)
    return min(round_size(value, rounding), int(population))


def fmt(number: float, decimals: int = 3) -> str:
    """A number the Indonesian way: 1.234,5 (comma for decimals, dot for thousands)."""
    if not math.isfinite(number) or abs(number) >= 1e15:  # beyond Excel's 15 digits: no grouping
        return repr(number)
    pattern = "#,##0." + "#" * decimals if decimals else "#,##0"
    return format_decimal(number, format=pattern, locale="id")


@dataclass(frozen=True)
class SampleSize:
    """A minimum sample size and how it was reached."""

    population: int
    size: int
    method: Method
    unrounded: float
    rounding: Rounding
    threshold: int | None
    parameters: Mapping[str, float] = field(default_factory=dict)
    formula: str = ""  # the formula with the numbers put in, for a reader with a calculator
    explanation: str = ""  # one line in Bahasa Indonesia

    def __int__(self) -> int:
        return self.size


_ROUNDING_WORDS = {"up": "dibulatkan ke atas", "nearest": "dibulatkan ke bilangan terdekat"}


def slovin_formula(population: int, error: float) -> str:
    return f"n = {fmt(population)} / (1 + {fmt(population)} × {fmt(error)}²)"


def krejcie_morgan_formula(population: int, margin: float, chi2: float, proportion: float) -> str:
    c, p, q = fmt(chi2), fmt(proportion), fmt(1 - proportion)
    return (
        f"s = {c} × {fmt(population)} × {p} × {q} / "
        f"({fmt(margin)}² × ({fmt(population)} − 1) + {c} × {p} × {q})"
    )


def minimum_respondents(
    population: int,
    threshold: int = 30,
    *,
    error: float = 0.05,
    margin: float = 0.05,
    confidence: float = 0.95,
    proportion: float = 0.5,
    slovin_rounding: Rounding = "up",
    km_rounding: Rounding = "nearest",
    method: Literal["auto", "slovin", "krejcie_morgan"] = "auto",
) -> SampleSize:
    """The minimum respondents for a population: Slovin below ``threshold``, Krejcie & Morgan from it.

    ``method`` forces one formula instead of the rule. N = 0 gives 0; the size
    never exceeds N.
    """
    population = _check_population(population)
    if method not in ("auto", "slovin", "krejcie_morgan"):
        raise XlAddinError(
            f"method must be 'auto', 'slovin' or 'krejcie_morgan', got {method!r}",
            f"Metode harus 'auto', 'slovin' atau 'krejcie_morgan', bukan {method!r}",
        )
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or threshold < 0 or (
        isinstance(threshold, float) and not threshold.is_integer()
    ):
        raise XlAddinError(
            f"threshold must be a whole number >= 0, got {threshold!r}",
            f"Ambang N harus bilangan bulat ≥ 0, bukan {threshold!r}",
        )
    threshold = int(threshold)
    # Check every parameter, not only those of the formula the rule picks: a typo in e
    # must not go unnoticed because this N happened to use Krejcie & Morgan.
    _check_fraction(error, "error", "e")
    _check_fraction(margin, "margin", "d")
    _check_fraction(proportion, "proportion", "P")
    _check_fraction(confidence, "confidence", "Tingkat kepercayaan")
    _check_rounding(slovin_rounding)
    _check_rounding(km_rounding)
    chosen: Method
    if method == "auto":
        chosen = "slovin" if population < threshold else "krejcie_morgan"
        why = f"N = {fmt(population)} {'<' if chosen == 'slovin' else '≥'} {threshold}, maka "
    else:
        chosen = method
        why = f"N = {fmt(population)}, metode dipilih: "

    if chosen == "slovin":
        rounding = _check_rounding(slovin_rounding)
        unrounded = slovin_value(population, error)
        parameters = {"e": float(error)}
        formula = slovin_formula(population, error)
        name = "Slovin"
    else:
        rounding = _check_rounding(km_rounding)
        unrounded = krejcie_morgan_value(population, margin, confidence, proportion)
        chi2 = chi_square_critical(confidence)
        parameters = {"d": float(margin), "confidence": float(confidence), "P": float(proportion), "chi2": chi2}
        formula = krejcie_morgan_formula(population, margin, chi2, proportion)
        name = "Krejcie & Morgan"
    size = min(round_size(unrounded, rounding), population)

    if population == 0:
        explanation = "N = 0: tidak ada pengguna layanan, maka target responden 0."
    else:
        explanation = (
            f"{why}rumus {name}: {formula} = {fmt(unrounded)}, {_ROUNDING_WORDS[rounding]} = {size}."
        )
    return SampleSize(
        population=population,
        size=size,
        method=chosen,
        unrounded=unrounded,
        rounding=rounding,
        threshold=threshold if method == "auto" else None,
        parameters=parameters,
        formula=formula,
        explanation=explanation,
    )
