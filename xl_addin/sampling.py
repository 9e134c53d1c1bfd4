"""Sample-size formulas: Slovin and Krejcie & Morgan (1970), and the rule between them.

Pure Python: no Excel objects, no I/O. Every adapter (UDFs, ribbon, CLI) calls these
functions, so the numbers are the same wherever a user meets them. The numbers are
cheap; the Indonesian text that explains them (``SampleSize.formula`` and
``.explanation``) is built only when someone reads it.
"""

from __future__ import annotations

import math
from functools import lru_cache
from operator import attrgetter

from .errors import InputError, XlAddinError
from .indonesian import describe_value
from .indonesian import format_number as fmt

# typing.TYPE_CHECKING without importing typing (nor dataclasses, statistics): `xl-addin size`
# loads this module and little else. Type checkers take any name TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Literal

    Rounding = Literal["up", "nearest"]
    Method = Literal["slovin", "krejcie_morgan"]

__all__ = [
    "DEFAULT_CONFIDENCE",
    "DEFAULT_ERROR",
    "DEFAULT_KM_ROUNDING",
    "DEFAULT_MARGIN",
    "DEFAULT_PROPORTION",
    "DEFAULT_SLOVIN_ROUNDING",
    "DEFAULT_THRESHOLD",
    "Rule",
    "SampleSize",
    "XlAddinError",
    "chi_square_critical",
    "krejcie_morgan",
    "krejcie_morgan_value",
    "minimum_respondents",
    "round_size",
    "slovin",
    "slovin_value",
]

# The rule as agreed with the statistics office; the workbook's Pengaturan sheet shows these.
DEFAULT_THRESHOLD = 30
DEFAULT_ERROR = 0.05  # Slovin's e
DEFAULT_MARGIN = 0.05  # Krejcie & Morgan's d
DEFAULT_CONFIDENCE = 0.95  # → χ² = 3.841
DEFAULT_PROPORTION = 0.5  # P
DEFAULT_SLOVIN_ROUNDING: Rounding = "up"  # a minimum is rounded up
DEFAULT_KM_ROUNDING: Rounding = "nearest"  # as the 1970 table

# Float noise such as 49.999999999999993 must not turn into 50 when rounding up
# (nor 50.000000000000007 into 51); results are rounded to this many decimals first.
_ROUNDING_GUARD_DECIMALS = 9
# Beyond Excel's 15 digits the formulas are computed divided through by N, which is
# algebraically the same and cannot overflow for any float N.
_HUGE = 1e15


def _check_population(population: object) -> int:
    if type(population) is int and population >= 0:  # the common case, checked first: it is hot
        return population
    if isinstance(population, bool) or not isinstance(population, (int, float)):
        raise InputError(
            f"population must be a whole number >= 0, got {population!r}",
            f"N harus bilangan bulat ≥ 0, bukan {describe_value(population)}",
        )
    if isinstance(population, float) and not (math.isfinite(population) and population.is_integer()):
        raise InputError(
            f"population must be a whole number >= 0, got {population!r}",
            f"N harus bilangan bulat ≥ 0, bukan pecahan {fmt(population, 10)}",
        )
    if population < 0:
        raise InputError(
            f"population must be a whole number >= 0, got {population!r}",
            f"N harus bilangan bulat ≥ 0, bukan {fmt(population)}",
        )
    return int(population)


def _check_fraction(value: object, name: str, label: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
        shown = describe_value(value)
        raise InputError(
            f"{name} must be a number strictly between 0 and 1, got {value!r}",
            f"{label} harus angka di antara 0 dan 1 (misalnya 0,05), bukan {shown}",
        )
    return float(value)


def _check_rounding(rounding: object) -> Rounding:
    if rounding not in ("up", "nearest"):
        raise InputError(
            f"rounding must be 'up' or 'nearest', got {rounding!r}",
            f"Pembulatan harus 'ke atas' atau 'terdekat', bukan {describe_value(rounding)}",
        )
    return rounding  # type: ignore[return-value]


def _check_whole(value: object, name: str, label: str, allow_none: bool = False) -> int | None:
    if value is None and allow_none:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or value < 0
        or (isinstance(value, float) and not (math.isfinite(value) and value.is_integer()))
    ):
        shown = describe_value(value)
        raise InputError(
            f"{name} must be a whole number >= 0, got {value!r}", f"{label} harus bilangan bulat ≥ 0, bukan {shown}"
        )
    return int(value)


def round_size(value: float, rounding: Rounding) -> int:
    """Round a sample size: up (a minimum), or to nearest with halves going up."""
    guarded = round(value, _ROUNDING_GUARD_DECIMALS)
    if rounding == "up":
        return math.ceil(guarded)
    return math.floor(guarded + 0.5)


# χ² for the default confidence as the 1970 paper and every table print it (a test recomputes it):
# the default rule needs no statistics module, which is slow to import.
_PUBLISHED_CHI_SQUARE = {DEFAULT_CONFIDENCE: 3.841}


@lru_cache(maxsize=256)
def _chi_square(confidence: float) -> float:
    if confidence in _PUBLISHED_CHI_SQUARE:
        return _PUBLISHED_CHI_SQUARE[confidence]
    return _computed_chi_square(confidence)


def _computed_chi_square(confidence: float) -> float:
    from statistics import NormalDist

    z = NormalDist().inv_cdf((1 + confidence) / 2)
    return round(z * z, 3)


def chi_square_critical(confidence: float = DEFAULT_CONFIDENCE) -> float:
    """Chi-square critical value, 1 degree of freedom, rounded to 3 decimals as printed tables do.

    With one degree of freedom χ² is the square of the two-sided normal quantile,
    so no statistics package is needed: 0.95 → 3.841, 0.99 → 6.635, 0.90 → 2.706.
    """
    chi2 = _chi_square(_check_fraction(confidence, "confidence", "Tingkat kepercayaan"))
    if chi2 == 0:  # below about 3 % confidence χ² rounds to 0 and the formula is 0/0
        raise InputError(
            f"confidence {confidence!r} is too low: chi-square rounds to 0",
            f"Tingkat kepercayaan {fmt(confidence)} terlalu kecil (χ² menjadi 0); gunakan misalnya 0,95",
        )
    return chi2


def _slovin(population: int, error: float) -> float:
    if population > _HUGE:
        return 1 / (1 / population + error**2)
    return population / (1 + population * error**2)


def _krejcie_morgan(population: int, margin: float, chi2: float, proportion: float) -> float:
    if population == 0:
        return 0.0
    variance = proportion * (1 - proportion)
    if population > _HUGE:
        return chi2 * variance / (margin**2 * (1 - 1 / population) + chi2 * variance / population)
    return chi2 * population * variance / (margin**2 * (population - 1) + chi2 * variance)


def slovin_value(population: int, error: float = DEFAULT_ERROR) -> float:
    """Slovin's n = N / (1 + N·e²), unrounded."""
    return _slovin(_check_population(population), _check_fraction(error, "error", "e"))


def krejcie_morgan_value(
    population: int,
    margin: float = DEFAULT_MARGIN,
    confidence: float = DEFAULT_CONFIDENCE,
    proportion: float = DEFAULT_PROPORTION,
) -> float:
    """Krejcie & Morgan's s = χ²·N·P(1−P) / (d²(N−1) + χ²·P(1−P)), unrounded."""
    population = _check_population(population)
    margin = _check_fraction(margin, "margin", "d")
    proportion = _check_fraction(proportion, "proportion", "P")
    return _krejcie_morgan(population, margin, chi_square_critical(confidence), proportion)


def slovin(population: int, error: float = DEFAULT_ERROR, rounding: Rounding = DEFAULT_SLOVIN_ROUNDING) -> int:
    """Slovin's minimum sample size, rounded up by default (it is a minimum)."""
    rounding = _check_rounding(rounding)
    value = slovin_value(population, error)
    return min(round_size(value, rounding), int(population))


def krejcie_morgan(
    population: int,
    margin: float = DEFAULT_MARGIN,
    confidence: float = DEFAULT_CONFIDENCE,
    proportion: float = DEFAULT_PROPORTION,
    rounding: Rounding = DEFAULT_KM_ROUNDING,
) -> int:
    """Krejcie & Morgan's sample size; rounded to nearest by default, as the 1970 table is."""
    rounding = _check_rounding(rounding)
    value = krejcie_morgan_value(population, margin, confidence, proportion)
    return min(round_size(value, rounding), int(population))


_ROUNDING_WORDS = {"up": "dibulatkan ke atas", "nearest": "dibulatkan ke bilangan bulat terdekat"}
METHOD_NAMES = {"slovin": "Slovin", "krejcie_morgan": "Krejcie & Morgan"}


class SampleSize:
    """A minimum sample size and how it was reached.

    ``computed`` is the formula's rounded result; ``size`` is the target after the
    optional ``floor`` (never above N). ``formula`` and ``explanation`` are the
    Indonesian text, built when read.

    Immutable, compared and shown field by field, as a frozen dataclass is. Written out
    rather than a dataclass: the dataclasses module costs `xl-addin size` more to import
    than the command costs to run, and slots make the result cheap where a formula column
    asks for hundreds of thousands a second.
    """

    _FIELDS = ("population", "size", "method", "unrounded", "rounding", "threshold", "parameters", "computed", "floor")
    __slots__ = (*("_" + name for name in _FIELDS), "_formula")

    # The fields, read-only (properties defined below the class).
    population: int
    size: int
    method: Method
    unrounded: float
    rounding: Rounding
    threshold: int | None
    parameters: Mapping[str, float]
    computed: int
    floor: int | None

    def __init__(
        self,
        population: int,
        size: int,
        method: Method,
        unrounded: float,
        rounding: Rounding,
        threshold: int | None,
        parameters: Mapping[str, float] | None = None,
        computed: int = 0,
        floor: int | None = None,
    ) -> None:
        self._population = population
        self._size = size
        self._method = method
        self._unrounded = unrounded
        self._rounding = rounding
        self._threshold = threshold
        self._parameters = {} if parameters is None else parameters
        self._computed = computed
        self._floor = floor
        self._formula: str | None = None

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._FIELDS)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:  # the parameters are a mapping: hashed as their items
        return hash(tuple(tuple(sorted(v.items())) if isinstance(v, dict) else v for v in self._values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._FIELDS)
        return f"{type(self).__name__}({shown})"

    def __int__(self) -> int:
        return self.size

    @property
    def formula(self) -> str:
        """The formula with the numbers put in, for a reader with a calculator."""
        if self._formula is None:  # built once: the explanation and the targets' formula column both show it
            n = fmt(self.population)
            if self.method == "slovin":
                self._formula = f"n = {n} / (1 + {n} × {fmt(self.parameters['e'])}²)"
            else:
                p = self.parameters["P"]
                c, pp, q, d = fmt(self.parameters["chi2"]), fmt(p), fmt(1 - p), fmt(self.parameters["d"])
                self._formula = f"s = {c} × {n} × {pp} × {q} / ({d}² × ({n} − 1) + {c} × {pp} × {q})"
        return self._formula

    @property
    def floor_text(self) -> str:
        """What the floor did, or "" when it did nothing."""
        if self.floor is None or self.computed >= self.floor:
            return ""
        if self.size < self.floor:
            return (
                f"Batas minimal {fmt(self.floor)} responden lebih besar dari N, maka target = seluruh "
                f"pengguna layanan ({fmt(self.size)})."
            )
        return (
            f"Hasil rumus {fmt(self.computed)} di bawah batas minimal, maka target = batas minimal {fmt(self.floor)}."
        )

    @property
    def summary(self) -> str:
        """The explanation without the formula written out (for a note beside a column that shows it)."""
        if self.population == 0:
            return "N = 0: tidak ada pengguna layanan, maka target responden 0."
        name = METHOD_NAMES[self.method]
        if self.threshold is not None:
            why = f"N {'<' if self.method == 'slovin' else '≥'} {self.threshold}: rumus {name}"
        else:
            why = f"Rumus {name} (dipilih)"
        text = f"{why}, hasil {fmt(self.unrounded)} {_ROUNDING_WORDS[self.rounding]} = {self.computed}."
        return f"{text} {self.floor_text}" if self.floor_text else text

    @property
    def explanation(self) -> str:
        """One paragraph in Bahasa Indonesia: which formula, why, with its numbers."""
        if self.population == 0:
            return "N = 0: tidak ada pengguna layanan, maka target responden 0."
        name = METHOD_NAMES[self.method]
        if self.threshold is not None:
            sign = "<" if self.method == "slovin" else "≥"
            why = f"N = {fmt(self.population)} {sign} {self.threshold}, maka "
        else:
            why = f"N = {fmt(self.population)}, metode dipilih: "
        text = (
            f"{why}rumus {name}: {self.formula} = {fmt(self.unrounded)}, "
            f"{_ROUNDING_WORDS[self.rounding]} = {self.computed}."
        )
        return f"{text} {self.floor_text}" if self.floor_text else text

    def as_dict(self) -> dict[str, object]:
        """Every field and the two texts, for JSON."""
        return {
            "population": self.population,
            "size": self.size,
            "method": self.method,
            "unrounded": self.unrounded,
            "rounding": self.rounding,
            "threshold": self.threshold,
            "parameters": dict(self.parameters),
            "computed": self.computed,
            "floor": self.floor,
            "formula": self.formula,
            "explanation": self.explanation,
        }


for _name in SampleSize._FIELDS:  # read-only fields: a SampleSize does not change once made
    setattr(SampleSize, _name, property(attrgetter("_" + _name), doc=f"The result's {_name} (read-only)."))
del _name


class Rule:
    """The rule with its parameters checked once: Slovin below ``threshold``, Krejcie & Morgan from it.

    ``size(N)`` is the number alone (what a formula over 10,000 cells needs); ``sample(N)`` is the
    ``SampleSize`` with everything a reader needs to check it.
    """

    __slots__ = (
        "_chi2",
        "confidence",
        "error",
        "floor",
        "km_rounding",
        "margin",
        "method",
        "proportion",
        "slovin_rounding",
        "threshold",
    )

    def __init__(
        self,
        threshold: int = DEFAULT_THRESHOLD,
        *,
        error: float = DEFAULT_ERROR,
        margin: float = DEFAULT_MARGIN,
        confidence: float = DEFAULT_CONFIDENCE,
        proportion: float = DEFAULT_PROPORTION,
        slovin_rounding: Rounding = DEFAULT_SLOVIN_ROUNDING,
        km_rounding: Rounding = DEFAULT_KM_ROUNDING,
        floor: int | None = None,
        method: Literal["auto", "slovin", "krejcie_morgan"] = "auto",
    ) -> None:
        if method not in ("auto", "slovin", "krejcie_morgan"):
            raise InputError(
                f"method must be 'auto', 'slovin' or 'krejcie_morgan', got {method!r}",
                f"Metode harus 'auto', 'slovin' atau 'krejcie_morgan', bukan {describe_value(method)}",
            )
        # Every parameter is checked, not only those of the formula a given N picks: a typo in e
        # must not go unnoticed because this N happened to use Krejcie & Morgan.
        self.threshold = _check_whole(threshold, "threshold", "Ambang N")
        self.floor = _check_whole(floor, "floor", "Batas minimal responden", allow_none=True)
        self.error = _check_fraction(error, "error", "e")
        self.margin = _check_fraction(margin, "margin", "d")
        self.proportion = _check_fraction(proportion, "proportion", "P")
        self._chi2 = chi_square_critical(confidence)
        self.confidence = float(confidence)
        self.slovin_rounding = _check_rounding(slovin_rounding)
        self.km_rounding = _check_rounding(km_rounding)
        self.method = method

    def _chosen(self, population: int) -> Method:
        if self.method == "auto":
            return "slovin" if population < self.threshold else "krejcie_morgan"  # type: ignore[operator]
        return self.method  # type: ignore[return-value]

    def _computed(self, population: int, chosen: Method) -> tuple[float, int]:
        if chosen == "slovin":
            unrounded = _slovin(population, self.error)
            rounding = self.slovin_rounding
        else:
            unrounded = _krejcie_morgan(population, self.margin, self._chi2, self.proportion)
            rounding = self.km_rounding
        return unrounded, min(round_size(unrounded, rounding), population)

    def _floored(self, computed: int, population: int) -> int:
        return computed if self.floor is None else min(max(computed, self.floor), population)

    def formula_size(self, population: int, method: Method) -> int:
        """What one formula alone gives for ``population``, rounded as this rule rounds it (no threshold, no floor)."""
        return self._computed(_check_population(population), method)[1]

    def size(self, population: int) -> int:
        """The minimum respondents for ``population``: the number only."""
        population = _check_population(population)
        return self._floored(self._computed(population, self._chosen(population))[1], population)

    def sample(self, population: int) -> SampleSize:
        """The minimum respondents for ``population``, with how it was reached."""
        population = _check_population(population)
        chosen = self._chosen(population)
        unrounded, computed = self._computed(population, chosen)
        if chosen == "slovin":
            rounding, parameters = self.slovin_rounding, {"e": self.error}
        else:
            rounding = self.km_rounding
            parameters = {"d": self.margin, "confidence": self.confidence, "P": self.proportion, "chi2": self._chi2}
        threshold = self.threshold if self.method == "auto" else None
        # positional, in field order: keywords cost a fifth of the call, and this is the hot path
        size = self._floored(computed, population)
        return SampleSize(population, size, chosen, unrounded, rounding, threshold, parameters, computed, self.floor)


# Rules already checked, by their parameters and the parameters' types (True is not 1 here).
_cached_rule = lru_cache(maxsize=64, typed=True)(Rule)


def minimum_respondents(population: int, threshold: int = DEFAULT_THRESHOLD, **parameters) -> SampleSize:
    """The minimum respondents for a population: Slovin below ``threshold``, Krejcie & Morgan from it.

    Keyword parameters are ``Rule``'s: ``error``, ``margin``, ``confidence``, ``proportion``,
    ``slovin_rounding``, ``km_rounding``, ``floor`` (the old flat minimum, e.g. 30, raises a smaller
    result to it; the size never exceeds N) and ``method`` (forces one formula). N = 0 gives 0.
    """
    population = _check_population(population)
    try:
        rule = _cached_rule(threshold, **parameters)
    except TypeError:  # a parameter that cannot be a cache key (a list, say): Rule says what is wrong with it
        rule = Rule(threshold, **parameters)
    return rule.sample(population)
