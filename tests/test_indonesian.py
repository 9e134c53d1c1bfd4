"""Numbers written the Indonesian way: the standard-library formatting gives Babel's text, digit for digit.

Babel (CLDR, locale "id") was the runtime formatter; it is now only the reference these tests hold
``indonesian.format_number`` to, for every decimal count the code uses (3, 2 and 10).
"""

from __future__ import annotations

import random

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from xl_addin.indonesian import format_number

DECIMALS = (3, 2, 10)  # every count the package passes: the default, UTC offsets and N's mean, describe_value


def babel(number: float, decimals: int) -> str:
    return format_decimal(number, format="#,##0." + "#" * decimals, locale="id")


def sweep() -> list[float]:
    """Thousands of values: halves at every decimal place, float noise, large and tiny, negatives, zero."""
    rng = random.Random(16)
    values: list[float] = [0, 0.0, -0.0, 1, -1, 0.5, -0.5, 1.5, 2.5, 0.1 + 0.2, 1 / 3, 2 / 3, 1e-320, 5e-324, -5e-324]
    values += [10**k - 1 for k in range(1, 16)] + [10.0**k for k in range(-15, 15)]
    values += [999_999_999_999_999.9, -999_999_999_999_999, 123_456_789.0125, 0.000_499_999_999, 0.000_5, 0.000_15]
    for _ in range(2_000):
        places = rng.randrange(0, 12)
        half = (rng.randrange(0, 10**7) + 0.5) / 10**places  # a tie at the last kept decimal, or near one
        values += [half, -half, half + 1e-13, half - 1e-13]
        values.append(rng.randrange(-(10**15) + 1, 10**15))  # whole numbers, every size
        values.append(rng.randrange(0, 10**6) / 1000 + rng.choice((1e-12, -1e-12, 0.0)))  # noise on 3 decimals
        values.append(10 ** rng.uniform(-14, 14.99) * rng.choice((1, -1)))  # tiny to large
        values.append(rng.randrange(1, 5000) / rng.randrange(1, 5000))  # ratios such as a mean of counts
        values.append(rng.randrange(0, 20_000) / 2 ** rng.randrange(0, 14))  # exact binary fractions
    return values


SWEEP = sweep()


@pytest.mark.parametrize("decimals", DECIMALS)
def test_format_number_writes_what_babel_writes(decimals):
    assert len(SWEEP) > 10_000
    differing = [(value, format_number(value, decimals), babel(value, decimals)) for value in SWEEP]
    differing = [case for case in differing if case[1] != case[2]]
    assert differing == []


@pytest.mark.parametrize("decimals", DECIMALS)
def test_a_cached_result_never_stands_in_for_an_equal_number_of_another_sign(decimals):
    # 0.0 == -0.0 and 1 == 1.0: a cache keyed on equality must not hand one's text to the other
    for first, second in ((0.0, -0.0), (-0.0, 0.0), (-1e-12, 0.0), (1, 1.0), (0, -0.0)):
        format_number(first, decimals)
        assert format_number(second, decimals) == babel(second, decimals)


@given(st.floats(min_value=-1e15, max_value=1e15, exclude_min=True, exclude_max=True))
def test_any_number_excel_holds_reads_as_babel_writes_it(number):
    for decimals in DECIMALS:
        assert format_number(number, decimals) == babel(number, decimals)


def test_grouping_and_decimal_marks():
    assert format_number(1234.5) == "1.234,5"
    assert format_number(1_234_567) == "1.234.567"
    assert format_number(2 / 3) == "0,667"
    assert format_number(2 / 3, 2) == "0,67"
