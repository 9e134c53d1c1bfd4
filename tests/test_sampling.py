"""xl_addin.sampling: the formulas, the rule between them, and their errors.

Reference facts come from ../shared/reference/README.md and the Krejcie & Morgan
(1970) table beside it; see tests/conftest.py for where they are looked up.
"""

from __future__ import annotations

import copy
import math
import pickle

import oracle
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from strategies import confidences, errors, margins, populations, proportions, roundings

from xl_addin import sampling
from xl_addin.sampling import (
    InputError,
    SampleSize,
    XlAddinError,
    chi_square_critical,
    krejcie_morgan,
    krejcie_morgan_value,
    minimum_respondents,
    slovin,
    slovin_value,
)

PROPERTY = settings(max_examples=200, deadline=None)


def km_formula(n: int, chi2: float, d: float = 0.05, p: float = 0.5) -> float:
    """The 1970 formula written out independently of the package."""
    return chi2 * n * p * (1 - p) / (d**2 * (n - 1) + chi2 * p * (1 - p))


# --------------------------------------------------------------------------- Krejcie & Morgan table


def test_km_table_reproduced_exactly(km_table):
    assert len(km_table) == 90
    assert km_table[0] == (10, 10) and km_table[-1] == (1_000_000, 384)
    wrong = [(n, s, krejcie_morgan(n)) for n, s in km_table if krejcie_morgan(n) != s]
    assert wrong == [], f"(N, table S, computed) rows that disagree: {wrong}"


def test_km_paper_worked_example():
    assert krejcie_morgan(9000) == 368


def test_km_table_is_nearest_rounding_with_chi2_3_841(km_table):
    # The package's "up" option disagrees with exactly 45 of the 90 rows (the reference README's fact) …
    assert sum(krejcie_morgan(n, rounding="up") != s for n, s in km_table) == 45
    # … and its default (nearest, χ² rounded to 3,841) with none.
    assert [n for n, s in km_table if krejcie_morgan(n) != s] == []
    assert chi_square_critical(0.95) == 3.841
    # Why χ² is rounded: with 1.96² = 3.8416 the rows N = 1700 and 40000 would break (1700 → 313,50 → 314).
    assert [n for n, s in km_table if math.floor(km_formula(n, 3.8416) + 0.5) != s] == [1700, 40000]
    assert krejcie_morgan_value(1700) == pytest.approx(313.4607, abs=1e-4)  # 1632,425 / 5,20775, as the table


def test_km_readme_examples():
    # README: N = 15 gives 14.47 → 14; N = 1,000,000 gives 383.95 → 384; between rows N = 29 → 27.
    assert krejcie_morgan_value(15) == pytest.approx(14.47, abs=0.005)
    assert krejcie_morgan(15) == 14
    assert krejcie_morgan_value(1_000_000) == pytest.approx(383.95, abs=0.005)
    assert krejcie_morgan(1_000_000) == 384
    assert krejcie_morgan(29) == 27
    # Both formulas give 28 at N = 30 (README).
    assert krejcie_morgan(30) == 28 and slovin(30) == 28


@pytest.mark.parametrize("confidence, expected", [(0.95, 3.841), (0.99, 6.635), (0.90, 2.706)])
def test_chi_square_critical(confidence, expected):
    assert chi_square_critical(confidence) == expected


def test_chi_square_default_is_95_percent():
    assert chi_square_critical() == 3.841


def test_the_written_in_chi_square_is_the_computed_one():
    # the default's χ² is written in so that the default rule needs no statistics import; it must not drift
    for confidence, written in sampling._PUBLISHED_CHI_SQUARE.items():
        assert sampling._computed_chi_square(confidence) == written


# --------------------------------------------------------------------------- Slovin by hand


@pytest.mark.parametrize(
    "n, e, value, up, nearest",
    [
        # 25 / (1 + 25·0.0025) = 25 / 1.0625 = 23.5294…  → up 24, nearest 24
        (25, 0.05, 23.529411764705884, 24, 24),
        # 100 / (1 + 100·0.01) = 100 / 2 = 50 exactly (no float noise may turn it into 51 or 49)
        (100, 0.1, 50.0, 50, 50),
        # 29 / (1 + 29·0.0025) = 29 / 1.0725 = 27.0396…  → up 28, nearest 27
        (29, 0.05, 27.039627039627, 28, 27),
        # 10 / (1 + 10·0.01) = 10 / 1.1 = 9.0909…  → up 10, nearest 9
        (10, 0.1, 9.090909090909, 10, 9),
        # 30 / (1 + 30·0.0025) = 30 / 1.075 = 27.906…  → up 28, nearest 28
        (30, 0.05, 27.906976744186, 28, 28),
        # 400 / (1 + 400·0.1225) = 400 / 50 = 8 exactly; float gives 8.000000000000002 → must stay 8
        (400, 0.35, 8.0, 8, 8),
        # 100 / (1 + 100·0.49) = 100 / 50 = 2 exactly; float gives 2.0000000000000004 → must stay 2
        (100, 0.7, 2.0, 2, 2),
    ],
)
def test_slovin_by_hand(n, e, value, up, nearest):
    assert slovin_value(n, e) == pytest.approx(value, abs=1e-9)
    assert slovin(n, e) == up  # default rounding is up (it is a minimum)
    assert slovin(n, e, rounding="up") == up
    assert slovin(n, e, rounding="nearest") == nearest


def test_slovin_float_noise_is_real_and_guarded():
    # The raw float is above the exact integer; without the guard, ceiling would give one too many.
    raw = 400 / (1 + 400 * 0.35**2)
    assert raw > 8 and math.ceil(raw) == 9
    assert slovin(400, 0.35) == 8
    raw = 100 / (1 + 100 * 0.7**2)
    assert raw > 2 and math.ceil(raw) == 3
    assert slovin(100, 0.7) == 2


def test_round_size_halves_and_guard():
    from xl_addin.sampling import round_size

    assert round_size(2.5, "nearest") == 3
    assert round_size(3.5, "nearest") == 4  # halves go up: not banker's rounding
    assert round_size(2.4999999, "nearest") == 2
    assert round_size(2.000001, "up") == 3
    assert round_size(2.0000000001, "up") == 2  # 1e-10 is below the 9-decimal guard: float noise
    assert round_size(1.9999999999, "up") == 2


# --------------------------------------------------------------------------- the rule (threshold)


def test_threshold_boundary_default_30():
    below = minimum_respondents(29)
    assert (below.method, below.size, below.threshold) == ("slovin", 28, 30)
    at = minimum_respondents(30)
    assert (at.method, at.size, at.threshold) == ("krejcie_morgan", 28, 30)
    above = minimum_respondents(31)
    # 3.841·31·0.25 / (0.0025·30 + 0.96025) = 29.76775 / 1.03525 = 28.754 → 29
    assert (above.method, above.size) == ("krejcie_morgan", 29)
    assert above.unrounded == pytest.approx(28.7542, abs=1e-4)


def test_custom_threshold():
    # threshold 100: N = 99 uses Slovin: 99 / (1 + 99·0.0025) = 99 / 1.2475 = 79.36 → 80
    r = minimum_respondents(99, threshold=100)
    assert (r.method, r.size, r.threshold) == ("slovin", 80, 100)
    # N = 100 uses K&M: 3.841·100·0.25 / (0.0025·99 + 0.96025) = 96.025 / 1.20775 = 79.51 → 80
    r = minimum_respondents(100, threshold=100)
    assert (r.method, r.size) == ("krejcie_morgan", 80)
    assert r.unrounded == pytest.approx(79.507, abs=1e-3)
    # threshold 0: always Krejcie & Morgan; threshold 10**9: always Slovin.
    assert minimum_respondents(5, threshold=0).method == "krejcie_morgan"
    assert minimum_respondents(9000, threshold=10**9).method == "slovin"
    # A whole float threshold (as Excel sends it) is accepted.
    assert minimum_respondents(29, threshold=29.0).method == "krejcie_morgan"


def test_method_forcing():
    # Slovin forced at N = 9000: 9000 / (1 + 22.5) = 382.98 → 383
    r = minimum_respondents(9000, method="slovin")
    assert (r.method, r.size, r.threshold) == ("slovin", 383, None)
    assert r.explanation == (
        "N = 9.000, metode dipilih: rumus Slovin: n = 9.000 / (1 + 9.000 × 0,05²) = 382,979, dibulatkan ke atas = 383."
    )
    r = minimum_respondents(10, method="krejcie_morgan")
    assert (r.method, r.size, r.threshold) == ("krejcie_morgan", 10, None)
    r = minimum_respondents(25, method="auto")
    assert (r.method, r.size) == ("slovin", 24)


def test_population_zero_and_one():
    zero = minimum_respondents(0)
    assert zero.size == 0 and zero.population == 0
    assert zero.explanation == "N = 0: tidak ada pengguna layanan, maka target responden 0."
    assert minimum_respondents(0, threshold=0).size == 0  # K&M branch too
    assert minimum_respondents(0, method="krejcie_morgan").size == 0
    assert slovin(0) == 0 and krejcie_morgan(0) == 0
    one = minimum_respondents(1)
    assert one.size == 1
    assert minimum_respondents(1, threshold=0).size == 1
    assert minimum_respondents(1, method="krejcie_morgan").size == 1


def test_whole_float_population_accepted():
    r = minimum_respondents(25.0)
    assert r.population == 25 and isinstance(r.population, int) and r.size == 24
    zero = minimum_respondents(0.0)  # an empty month as Excel sends it
    assert zero.population == 0 and isinstance(zero.population, int) and zero.size == 0
    assert slovin(0.0) == 0 and krejcie_morgan_value(0.0) == 0


def test_roundings_passed_through():
    # N = 29 Slovin nearest → 27; K&M N = 15 up → 15 (14.47 ↑)
    assert minimum_respondents(29, slovin_rounding="nearest").size == 27
    assert minimum_respondents(15, threshold=0, km_rounding="up").size == 15
    assert minimum_respondents(15, threshold=0, km_rounding="up").rounding == "up"


def test_other_parameters_change_the_result():
    # e = 0.1 at N = 25: 25 / 1.25 = 20 exactly
    assert minimum_respondents(25, error=0.1).size == 20
    # 99 % at N = 9000: 6.635·9000·0.25 / (0.0025·8999 + 6.635·0.25) = 14928.75 / 24.15625 = 618.0 → 618
    assert minimum_respondents(9000, confidence=0.99).size == 618
    # d = 0.1 at N = 9000: 8642.25 / (89.99 + 0.96025) = 95.02 → 95
    assert minimum_respondents(9000, margin=0.1).size == 95
    # P = 0.1 at N = 9000: 3.841·9000·0.09 / (22.4975 + 0.34569) = 3111.21 / 22.84319 = 136.2 → 136
    assert minimum_respondents(9000, proportion=0.1).size == 136


# --------------------------------------------------------------------------- SampleSize result


def test_slovin_result_contents():
    r = minimum_respondents(25)
    assert r.population == 25 and r.size == 24 and r.rounding == "up"
    assert r.unrounded == pytest.approx(23.529411764705884)
    assert dict(r.parameters) == {"e": 0.05}
    assert r.formula == "n = 25 / (1 + 25 × 0,05²)"
    assert r.explanation == (
        "N = 25 < 30, maka rumus Slovin: n = 25 / (1 + 25 × 0,05²) = 23,529, dibulatkan ke atas = 24."
    )


def test_km_result_contents():
    r = minimum_respondents(9000)
    assert r.method == "krejcie_morgan" and r.size == 368 and r.rounding == "nearest"
    assert dict(r.parameters) == {"d": 0.05, "confidence": 0.95, "P": 0.5, "chi2": 3.841}
    # Indonesian number format: thousands dot, decimal comma.
    assert r.formula == "s = 3,841 × 9.000 × 0,5 × 0,5 / (0,05² × (9.000 − 1) + 3,841 × 0,5 × 0,5)"
    # 3.841·9000·0.25 / (0.0025·8999 + 0.96025) = 8642.25 / 23.45775 = 368.4177
    assert r.unrounded == pytest.approx(368.4177, abs=1e-4)
    assert r.explanation == (
        "N = 9.000 ≥ 30, maka rumus Krejcie & Morgan: s = 3,841 × 9.000 × 0,5 × 0,5 / (0,05² × (9.000 − 1) + 3,841 "
        "× 0,5 × 0,5) = 368,418, dibulatkan ke bilangan bulat terdekat = 368."
    )


def test_a_result_is_a_frozen_record():
    r = minimum_respondents(25)
    assert r == minimum_respondents(25) == copy.copy(r) == pickle.loads(pickle.dumps(r))
    assert r != minimum_respondents(26) and r != minimum_respondents(25, floor=30)
    assert r == SampleSize(25, 24, "slovin", r.unrounded, "up", 30, {"e": 0.05}, 24)
    assert repr(r) == (
        f"SampleSize(population=25, size=24, method='slovin', unrounded={r.unrounded!r}, rounding='up', "
        "threshold=30, parameters={'e': 0.05}, computed=24, floor=None)"
    )
    for field in ("population", "size", "method", "unrounded", "rounding", "threshold", "parameters", "floor"):
        with pytest.raises(AttributeError):
            setattr(r, field, 1)
    bare = SampleSize(0, 0, "slovin", 0.0, "up", None)
    assert (bare.parameters, bare.computed, bare.floor) == ({}, 0, None)


def test_rules_reused_between_calls_still_check_every_call():
    assert minimum_respondents(25, 1).method == "krejcie_morgan"
    with pytest.raises(InputError):
        minimum_respondents(25, True)  # equal to 1 as a key, but not a threshold
    with pytest.raises(InputError):
        minimum_respondents(25, error=[0.05])  # not a key at all
    assert minimum_respondents(25, error=0.1) == minimum_respondents(25, error=0.1)
    assert minimum_respondents(25, error=0.1).size == 20 and minimum_respondents(25).size == 24


# --------------------------------------------------------------------------- properties


@PROPERTY
@given(n=populations, e=errors, d=margins, c=confidences, p=proportions, r=roundings)
def test_size_never_exceeds_population(n, e, d, c, p, r):
    assert 0 <= slovin(n, e, r) <= n
    assert 0 <= krejcie_morgan(n, d, c, p, r) <= n
    result = minimum_respondents(n, error=e, margin=d, confidence=c, proportion=p, slovin_rounding=r, km_rounding=r)
    assert 0 <= result.size <= n
    if n >= 1:
        assert result.size >= 1


@PROPERTY
@given(
    n=populations,
    k=st.integers(min_value=1, max_value=10**6),
    e=errors,
    d=margins,
    c=confidences,
    p=proportions,
    r=roundings,
)
def test_size_never_decreases_as_population_grows(n, k, e, d, c, p, r):
    for grow in (1, k):
        assert slovin(n, e, r) <= slovin(n + grow, e, r)
        assert krejcie_morgan(n, d, c, p, r) <= krejcie_morgan(n + grow, d, c, p, r)
        assert slovin_value(n, e) <= slovin_value(n + grow, e)
        assert krejcie_morgan_value(n, d, c, p) <= krejcie_morgan_value(n + grow, d, c, p)


@PROPERTY
@given(n=st.integers(min_value=0, max_value=10**5), threshold=st.integers(min_value=0, max_value=200), r=roundings)
def test_rule_never_decreases_across_default_threshold(n, threshold, r):
    # At e = d = 0.05 the two formulas nearly agree below 30, so with the default rule the
    # size is non-decreasing in N (no dip when switching formula at 30).
    a = minimum_respondents(n, slovin_rounding=r, km_rounding=r).size
    b = minimum_respondents(n + 1, slovin_rounding=r, km_rounding=r).size
    assert a <= b
    # With any threshold, the method is exactly the rule.
    chosen = minimum_respondents(n, threshold=threshold).method
    assert chosen == ("slovin" if n < threshold else "krejcie_morgan")


@PROPERTY
@given(n=st.integers(min_value=10**7, max_value=10**15))
def test_km_tends_to_384(n):
    assert krejcie_morgan(n) == 384
    # The unrounded value climbs towards χ²·P(1−P)/d² = 3.841·0.25/0.0025 = 384.1
    # (384.16 would be with χ² = 3.8416; the table uses 3.841) and never reaches it.
    value = krejcie_morgan_value(n)
    assert 383.99 < value < 384.1
    assert value <= krejcie_morgan_value(n * 10)


def test_km_unrounded_increases_towards_limit():
    values = [krejcie_morgan_value(10**k) for k in range(1, 13)]
    assert values == sorted(values) and len(set(values)) == len(values)
    assert values[-1] == pytest.approx(384.1, abs=1e-6)
    assert all(v < 384.1 for v in values)
    assert krejcie_morgan(10**7) == 384


@PROPERTY
@given(n=st.integers(min_value=10**6, max_value=10**15), r=roundings)
def test_slovin_tends_to_one_over_e_squared(n, r):
    assert slovin(n, 0.05, r) == 400
    assert slovin(n, 0.1, r) == 100
    assert slovin_value(n, 0.05) < 400


@PROPERTY
@given(n=populations, e=errors)
def test_slovin_never_exceeds_one_over_e_squared(n, e):
    assume(1 / e**2 < 10**7)
    assert slovin(n, e) <= math.ceil(round(1 / e**2, 9))


# --------------------------------------------------------------------------- bad input

BAD_POPULATIONS = [-1, -3, 2.5, "100", None, True, False, float("nan"), float("inf"), float("-inf"), [100]]
BAD_FRACTIONS = [0, 1, -0.1, 1.5, "0.05", None, True, float("nan"), float("inf")]
# What the user reads after "bukan" for each bad value, written out by hand.
SHOWN = {
    "-1": "-1",
    "-3": "-3",
    "2.5": "pecahan 2,5",
    "'100'": "'100'",
    "None": "kosong",
    "True": "nilai logika TRUE",
    "False": "nilai logika FALSE",
    "nan": "pecahan nan",
    "inf": "pecahan inf",
    "-inf": "pecahan -inf",
    "[100]": "'[100]'",
}
SHOWN_FRACTION = {
    "0": "0",
    "1": "1",
    "-0.1": "-0,1",
    "1.5": "1,5",
    "'0.05'": "'0.05'",
    "None": "kosong",
    "True": "nilai logika TRUE",
    "nan": "bukan angka",
    "inf": "bukan angka",
}
LABELS = {"error": "e", "margin": "d", "proportion": "P", "confidence": "Tingkat kepercayaan"}


def _check_error(excinfo, english_words):
    error = excinfo.value
    assert isinstance(error, ValueError)
    message = str(error)
    assert message and any(word in message for word in english_words), message
    user = error.user_message
    assert user and user != message
    assert "harus" in user and "bukan" in user, user  # Bahasa Indonesia: "must … not …"


@pytest.mark.parametrize("population", BAD_POPULATIONS, ids=repr)
@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda n: minimum_respondents(n), id="minimum_respondents"),
        pytest.param(lambda n: minimum_respondents(n, method="slovin"), id="minimum_respondents-slovin"),
        pytest.param(lambda n: minimum_respondents(n, method="krejcie_morgan"), id="minimum_respondents-km"),
        pytest.param(slovin, id="slovin"),
        pytest.param(krejcie_morgan, id="krejcie_morgan"),
        pytest.param(slovin_value, id="slovin_value"),
        pytest.param(krejcie_morgan_value, id="krejcie_morgan_value"),
    ],
)
def test_bad_population(call, population):
    with pytest.raises(XlAddinError) as excinfo:
        call(population)
    _check_error(excinfo, ["population"])
    assert excinfo.value.user_message == f"N harus bilangan bulat ≥ 0, bukan {SHOWN[repr(population)]}"


@pytest.mark.parametrize("value", BAD_FRACTIONS, ids=repr)
@pytest.mark.parametrize(
    "call, name",
    [
        pytest.param(lambda v: slovin(100, v), "error", id="slovin-e"),
        pytest.param(lambda v: slovin_value(100, v), "error", id="slovin_value-e"),
        pytest.param(lambda v: minimum_respondents(25, error=v), "error", id="rule-e"),
        pytest.param(lambda v: minimum_respondents(9000, method="slovin", error=v), "error", id="forced-e"),
        pytest.param(lambda v: krejcie_morgan(100, margin=v), "margin", id="km-d"),
        pytest.param(lambda v: krejcie_morgan(100, confidence=v), "confidence", id="km-confidence"),
        pytest.param(lambda v: krejcie_morgan(100, proportion=v), "proportion", id="km-P"),
        pytest.param(lambda v: krejcie_morgan_value(100, margin=v), "margin", id="km_value-d"),
        pytest.param(lambda v: minimum_respondents(9000, margin=v), "margin", id="rule-d"),
        pytest.param(lambda v: minimum_respondents(9000, confidence=v), "confidence", id="rule-confidence"),
        pytest.param(lambda v: minimum_respondents(9000, proportion=v), "proportion", id="rule-P"),
        pytest.param(
            lambda v: minimum_respondents(5, method="krejcie_morgan", proportion=v), "proportion", id="forced-P"
        ),
        pytest.param(lambda v: chi_square_critical(v), "confidence", id="chi2"),
        # N = 0 must still validate the parameters (no early return before checking).
        pytest.param(lambda v: krejcie_morgan(0, margin=v), "margin", id="km-d-N0"),
        pytest.param(lambda v: slovin(0, v), "error", id="slovin-e-N0"),
    ],
)
def test_bad_fraction(call, name, value):
    with pytest.raises(XlAddinError) as excinfo:
        call(value)
    _check_error(excinfo, [name])
    assert excinfo.value.user_message == (
        f"{LABELS[name]} harus angka di antara 0 dan 1 (misalnya 0,05), bukan {SHOWN_FRACTION[repr(value)]}"
    )


@pytest.mark.parametrize(
    "call, shown",
    [
        pytest.param(lambda: slovin(25, rounding="down"), "'down'", id="slovin"),
        pytest.param(lambda: krejcie_morgan(9000, rounding="down"), "'down'", id="krejcie_morgan"),
        pytest.param(lambda: minimum_respondents(25, slovin_rounding="down"), "'down'", id="rule-slovin"),
        pytest.param(lambda: minimum_respondents(9000, km_rounding="down"), "'down'", id="rule-km"),
        pytest.param(lambda: minimum_respondents(25, slovin_rounding=None), "kosong", id="rule-None"),
        pytest.param(lambda: minimum_respondents(25, slovin_rounding="ke atas"), "'ke atas'", id="rule-label-not-code"),
    ],
)
def test_bad_rounding(call, shown):
    with pytest.raises(XlAddinError) as excinfo:
        call()
    _check_error(excinfo, ["rounding"])
    assert excinfo.value.user_message == f"Pembulatan harus 'ke atas' atau 'terdekat', bukan {shown}"


@pytest.mark.parametrize(
    "method, shown", [("foo", "'foo'"), ("Slovin", "'Slovin'"), ("", "''"), (None, "kosong"), ("krejcie", "'krejcie'")]
)
def test_bad_method(method, shown):
    with pytest.raises(XlAddinError) as excinfo:
        minimum_respondents(100, method=method)  # type: ignore[arg-type]
    _check_error(excinfo, ["method"])
    assert excinfo.value.user_message == f"Metode harus 'auto', 'slovin' atau 'krejcie_morgan', bukan {shown}"


@pytest.mark.parametrize(
    "threshold, shown",
    [
        (-1, "-1"),
        (2.5, "2,5"),
        ("30", "'30'"),
        (None, "kosong"),
        (True, "nilai logika TRUE"),
        (float("nan"), "bukan angka"),
        (float("inf"), "bukan angka"),
    ],
    ids=repr,
)
def test_bad_threshold(threshold, shown):
    with pytest.raises(XlAddinError) as excinfo:
        minimum_respondents(100, threshold=threshold)  # type: ignore[arg-type]
    _check_error(excinfo, ["threshold"])
    assert excinfo.value.user_message == f"Ambang N harus bilangan bulat ≥ 0, bukan {shown}"


def test_error_is_value_error_with_fallback_user_message():
    assert issubclass(XlAddinError, ValueError)
    assert XlAddinError("x").user_message == "x"
    assert XlAddinError("x", "y").user_message == "y"


def test_huge_numbers_do_not_crash():
    assert minimum_respondents(10**25).size == 384
    with pytest.raises(XlAddinError):
        minimum_respondents(-1e30)
    with pytest.raises(XlAddinError):
        slovin(100, 1e30)


def test_confidence_so_low_that_chi_square_rounds_to_zero_is_an_error():
    # z for 1 % confidence is 0.0125; z² = 0.00016 rounds to 0.000, and the formula would be 0/0
    with pytest.raises(XlAddinError, match="too low") as raised:
        krejcie_morgan(100, confidence=0.01)
    assert raised.value.user_message == ("Tingkat kepercayaan 0,01 terlalu kecil (χ² menjadi 0); gunakan misalnya 0,95")


# --------------------------------------------------------------------------- exact texts and the oracle


def test_the_oracle_reproduces_the_1970_table(km_table):
    # tests/oracle.py is the independent reading of the rule other tests compare the package with
    assert [(n, oracle.rounded(oracle.krejcie_morgan(n), "nearest")) for n, _ in km_table] == km_table


@pytest.mark.parametrize("n", [*range(0, 130), 199, 200, 201, 1000, 1700, 9000, 40000, 10**6])
@pytest.mark.parametrize(
    "rule",
    [
        {},
        {"threshold": 50, "e": 0.1, "slovin_rounding": "nearest", "floor": 30},
        {"d": 0.03, "confidence": 0.99, "p": 0.3, "km_rounding": "up", "threshold": 0},
        {"threshold": 10**9, "e": 0.35},
    ],
    ids=["default", "floor", "km-options", "slovin-only"],
)
def test_the_rule_agrees_with_the_oracle(n, rule):
    want = oracle.expected(n, **rule)
    got = minimum_respondents(
        n,
        rule.get("threshold", 30),
        error=rule.get("e", 0.05),
        margin=rule.get("d", 0.05),
        confidence=rule.get("confidence", 0.95),
        proportion=rule.get("p", 0.5),
        slovin_rounding=rule.get("slovin_rounding", "up"),
        km_rounding=rule.get("km_rounding", "nearest"),
        floor=rule.get("floor"),
    )
    assert (got.method, got.computed, got.size) == (want.method, want.computed, want.target)


@pytest.mark.parametrize(
    "n, parameters, summary",
    [
        (0, {}, "N = 0: tidak ada pengguna layanan, maka target responden 0."),
        (1, {}, "N < 30: rumus Slovin, hasil 0,998 dibulatkan ke atas = 1."),
        (25, {}, "N < 30: rumus Slovin, hasil 23,529 dibulatkan ke atas = 24."),
        (29, {}, "N < 30: rumus Slovin, hasil 27,04 dibulatkan ke atas = 28."),
        (30, {}, "N ≥ 30: rumus Krejcie & Morgan, hasil 27,894 dibulatkan ke bilangan bulat terdekat = 28."),
        (9000, {}, "N ≥ 30: rumus Krejcie & Morgan, hasil 368,418 dibulatkan ke bilangan bulat terdekat = 368."),
        (
            25,
            {"threshold": 20},
            "N ≥ 20: rumus Krejcie & Morgan, hasil 23,53 dibulatkan ke bilangan bulat terdekat = 24.",
        ),
        (9000, {"method": "slovin"}, "Rumus Slovin (dipilih), hasil 382,979 dibulatkan ke atas = 383."),
        (
            12,
            {"method": "krejcie_morgan", "km_rounding": "up"},
            "Rumus Krejcie & Morgan (dipilih), hasil 11,666 dibulatkan ke atas = 12.",
        ),
        # the floor: the formula's 30 already reaches it, so nothing is said about it
        (32, {"floor": 30}, "N ≥ 30: rumus Krejcie & Morgan, hasil 29,61 dibulatkan ke bilangan bulat terdekat = 30."),
        (
            31,
            {"floor": 30},
            "N ≥ 30: rumus Krejcie & Morgan, hasil 28,754 dibulatkan ke bilangan bulat terdekat = 29. "
            "Hasil rumus 29 di bawah batas minimal, maka target = batas minimal 30.",
        ),
        (
            100,
            {"floor": 90},
            "N ≥ 30: rumus Krejcie & Morgan, hasil 79,507 dibulatkan ke bilangan bulat terdekat = 80. "
            "Hasil rumus 80 di bawah batas minimal, maka target = batas minimal 90.",
        ),
        (
            25,
            {"floor": 30},
            "N < 30: rumus Slovin, hasil 23,529 dibulatkan ke atas = 24. Batas minimal 30 responden lebih besar dari "
            "N, maka target = seluruh pengguna layanan (25).",
        ),
        (
            2000,
            {"floor": 1500},
            "N ≥ 30: rumus Krejcie & Morgan, hasil 322,353 dibulatkan ke bilangan bulat terdekat = 322. "
            "Hasil rumus 322 di bawah batas minimal, maka target = batas minimal 1.500.",
        ),
    ],
    ids=repr,
)
def test_summary_exact(n, parameters, summary):
    assert minimum_respondents(n, **parameters).summary == summary


@pytest.mark.parametrize(
    "n, parameters, explanation",
    [
        (0, {"floor": 30}, "N = 0: tidak ada pengguna layanan, maka target responden 0."),
        (
            9000,
            {},
            "N = 9.000 ≥ 30, maka rumus Krejcie & Morgan: s = 3,841 × 9.000 × 0,5 × 0,5 / (0,05² × (9.000 − 1) + "
            "3,841 × 0,5 × 0,5) = 368,418, dibulatkan ke bilangan bulat terdekat = 368.",
        ),
        (
            9000,
            {"method": "slovin"},
            "N = 9.000, metode dipilih: rumus Slovin: n = 9.000 / (1 + 9.000 × 0,05²) = 382,979, dibulatkan ke atas = 383.",
        ),
        (
            1234,
            {"proportion": 0.3, "confidence": 0.99, "margin": 0.1},
            "N = 1.234 ≥ 30, maka rumus Krejcie & Morgan: s = 6,635 × 1.234 × 0,3 × 0,7 / (0,1² × (1.234 − 1) + "
            "6,635 × 0,3 × 0,7) = 125,29, dibulatkan ke bilangan bulat terdekat = 125.",
        ),
        (
            25,
            {"floor": 30},
            "N = 25 < 30, maka rumus Slovin: n = 25 / (1 + 25 × 0,05²) = 23,529, dibulatkan ke atas = 24. Batas minimal "
            "30 responden lebih besar dari N, maka target = seluruh pengguna layanan (25).",
        ),
        (
            31,
            {"floor": 30},
            "N = 31 ≥ 30, maka rumus Krejcie & Morgan: s = 3,841 × 31 × 0,5 × 0,5 / (0,05² × (31 − 1) + 3,841 × 0,5 × "
            "0,5) = 28,754, dibulatkan ke bilangan bulat terdekat = 29. Hasil rumus 29 di bawah batas minimal, maka "
            "target = batas minimal 30.",
        ),
    ],
    ids=repr,
)
def test_explanation_exact(n, parameters, explanation):
    assert minimum_respondents(n, **parameters).explanation == explanation


def test_the_floor_says_nothing_when_it_did_nothing():
    assert minimum_respondents(32, floor=30).floor_text == ""  # the formula gives 30: not "below" the floor
    assert minimum_respondents(9000, floor=30).floor_text == ""
    assert minimum_respondents(9000).floor_text == ""
    assert minimum_respondents(31, floor=30).floor_text == (
        "Hasil rumus 29 di bawah batas minimal, maka target = batas minimal 30."
    )
    floored = minimum_respondents(25, floor=30)
    assert (floored.computed, floored.size, floored.floor) == (24, 25, 30)
    at_n = minimum_respondents(30, floor=30)  # the floor equals N: the target is N, which is the floor
    assert (at_n.computed, at_n.size) == (28, 30)
    assert at_n.floor_text == "Hasil rumus 28 di bawah batas minimal, maka target = batas minimal 30."


def test_as_dict_exact():
    assert minimum_respondents(25).as_dict() == {
        "population": 25,
        "size": 24,
        "method": "slovin",
        "unrounded": 25 / (1 + 25 * 0.05**2),
        "rounding": "up",
        "threshold": 30,
        "parameters": {"e": 0.05},
        "computed": 24,
        "floor": None,
        "formula": "n = 25 / (1 + 25 × 0,05²)",
        "explanation": "N = 25 < 30, maka rumus Slovin: n = 25 / (1 + 25 × 0,05²) = 23,529, dibulatkan ke atas = 24.",
    }
    assert minimum_respondents(100, floor=90).as_dict()["floor"] == 90
    assert minimum_respondents(9000, method="krejcie_morgan").as_dict()["threshold"] is None


def test_a_result_is_its_size_as_a_number_and_hashes_by_value():
    result = minimum_respondents(9000)
    assert int(result) == 368
    assert hash(result) == hash(minimum_respondents(9000)) and hash(result) != hash(minimum_respondents(9001))
    assert result.__eq__("368") is NotImplemented and result != 368


def test_the_formula_text_is_built_once():
    result = minimum_respondents(9000)
    assert result.formula is result.formula


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: minimum_respondents(-1), "N harus bilangan bulat ≥ 0, bukan -1"),
        (lambda: minimum_respondents(-3.0), "N harus bilangan bulat ≥ 0, bukan -3"),
        (lambda: minimum_respondents(2.5), "N harus bilangan bulat ≥ 0, bukan pecahan 2,5"),
        (lambda: minimum_respondents(2.12345678912), "N harus bilangan bulat ≥ 0, bukan pecahan 2,1234567891"),
        (lambda: minimum_respondents(float("nan")), "N harus bilangan bulat ≥ 0, bukan pecahan nan"),
        (lambda: minimum_respondents("100"), "N harus bilangan bulat ≥ 0, bukan '100'"),
        (lambda: minimum_respondents(None), "N harus bilangan bulat ≥ 0, bukan kosong"),
        (lambda: minimum_respondents(True), "N harus bilangan bulat ≥ 0, bukan nilai logika TRUE"),
        (lambda: slovin(100, 1.5), "e harus angka di antara 0 dan 1 (misalnya 0,05), bukan 1,5"),
        (lambda: krejcie_morgan(100, margin=0), "d harus angka di antara 0 dan 1 (misalnya 0,05), bukan 0"),
        (lambda: krejcie_morgan(100, proportion=1), "P harus angka di antara 0 dan 1 (misalnya 0,05), bukan 1"),
        (
            lambda: krejcie_morgan(100, confidence="95%"),
            "Tingkat kepercayaan harus angka di antara 0 dan 1 (misalnya 0,05), bukan '95%'",
        ),
        (
            lambda: krejcie_morgan(100, confidence=0.01),
            "Tingkat kepercayaan 0,01 terlalu kecil (χ² menjadi 0); gunakan misalnya 0,95",
        ),
        (lambda: slovin(25, rounding="down"), "Pembulatan harus 'ke atas' atau 'terdekat', bukan 'down'"),
        (
            lambda: minimum_respondents(25, method="Slovin"),
            "Metode harus 'auto', 'slovin' atau 'krejcie_morgan', bukan 'Slovin'",
        ),
        (lambda: minimum_respondents(25, threshold=-1), "Ambang N harus bilangan bulat ≥ 0, bukan -1"),
        (lambda: minimum_respondents(25, threshold=2.5), "Ambang N harus bilangan bulat ≥ 0, bukan 2,5"),
        (lambda: minimum_respondents(25, floor=2.5), "Batas minimal responden harus bilangan bulat ≥ 0, bukan 2,5"),
        (lambda: minimum_respondents(25, floor=-1), "Batas minimal responden harus bilangan bulat ≥ 0, bukan -1"),
        (
            lambda: minimum_respondents(25, floor=float("inf")),
            "Batas minimal responden harus bilangan bulat ≥ 0, bukan bukan angka",
        ),
        (
            lambda: minimum_respondents(25, error=[0.05]),
            "e harus angka di antara 0 dan 1 (misalnya 0,05), bukan '[0.05]'",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_error_messages_exact(call, message):
    with pytest.raises(InputError) as raised:
        call()
    assert raised.value.user_message == message


def test_whole_floats_for_threshold_and_floor_are_whole_numbers():
    rule = sampling.Rule(29.0, floor=30.0)
    assert (rule.threshold, rule.floor) == (29, 30) and type(rule.threshold) is int and type(rule.floor) is int
    assert sampling.Rule(floor=None).floor is None


def test_rounding_guard_keeps_nine_decimals():
    from xl_addin.sampling import round_size

    assert round_size(2.000000001, "up") == 3  # 1e-9 is a real difference, kept
    assert round_size(2.0000000001, "up") == 2  # 1e-10 is float noise, dropped
    assert round_size(2.4999999996, "nearest") == 3  # rounded to nine decimals first: 2.5 → 3
    assert round_size(2.499999999, "nearest") == 2


def test_formula_size_is_one_formula_without_threshold_or_floor():
    rule = sampling.Rule(floor=30)
    assert rule.formula_size(25, "slovin") == 24 and rule.formula_size(25, "krejcie_morgan") == 24
    assert rule.formula_size(9000, "slovin") == 383 and rule.formula_size(9000, "krejcie_morgan") == 368
    assert rule.size(25) == 25 and rule.size(9000) == 368 and rule.size(0) == 0
    for call in (lambda: rule.size(-1), lambda: rule.formula_size(-1, "slovin"), lambda: rule.sample(-1)):
        with pytest.raises(InputError) as raised:
            call()
        assert raised.value.user_message == "N harus bilangan bulat ≥ 0, bukan -1"
    assert rule.size(2000.0) == 322  # a whole float is a whole number
    assert type(rule.formula_size(2000.0, "krejcie_morgan")) is int


def test_populations_beyond_floats_are_computed_without_overflow():
    # N·e² overflows a float near 10**308: beyond 10**15 the formulas are divided through by N
    assert slovin(10**400) == 400 and krejcie_morgan(10**308) == 384
    assert minimum_respondents(10**400, method="slovin").size == 400
    assert minimum_respondents(10**308).size == 384
    assert krejcie_morgan_value(10**16) == pytest.approx(float(oracle.krejcie_morgan(10**16)), rel=1e-12)
    assert slovin_value(10**16) == pytest.approx(float(oracle.slovin(10**16)), rel=1e-12)


@pytest.mark.parametrize("confidence", [0.95, 0.99, 0.90])
def test_chi_square_is_the_published_value(confidence):
    assert chi_square_critical(confidence) == float(oracle.CHI_SQUARE[confidence])
    assert sampling._computed_chi_square(confidence) == float(oracle.CHI_SQUARE[confidence])
