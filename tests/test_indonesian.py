"""Numbers written the Indonesian way: the standard-library formatting gives Babel's text, digit for digit.

Babel (CLDR, locale "id") was the runtime formatter; it is now only the reference these tests hold
``indonesian.format_number`` to, for every decimal count the code uses (3, 2 and 10).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from fractions import Fraction

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from xl_addin.errors import InputError
from xl_addin.indonesian import (
    MAX_COUNT,
    describe_value,
    format_date,
    format_datetime,
    format_number,
    name_text,
    now,
    parse_count,
    parse_fraction_text,
)

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


# -- exact texts, computed by hand ------------------------------------------------------------------

# The month names as the Indonesian calendar writes them, spelled out here rather than taken from the module.
BULAN = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


@pytest.mark.parametrize(
    "number, decimals, text",
    [
        (0, 3, "0"),
        (7, 3, "7"),
        (-7, 3, "-7"),
        (1234, 3, "1.234"),
        (999_999_999_999_999, 3, "999.999.999.999.999"),  # the largest whole number Excel holds: grouped
        (-999_999_999_999_999, 3, "-999.999.999.999.999"),
        (10**15, 3, "1000000000000000"),  # beyond Excel's 15 digits: no grouping pretending a precision
        (-(10**15), 3, "-1000000000000000"),
        (1e15, 3, "1000000000000000.0"),  # as Python writes a float, not grouped
        (-1e15, 3, "-1000000000000000.0"),
        (1e16, 3, "1e+16"),
        (999_999_999_999_999.0, 3, "999.999.999.999.999"),
        (0.0, 3, "0"),
        (-0.0, 3, "-0"),
        (2.0, 3, "2"),
        (12.5, 3, "12,5"),
        (38.333333333333336, 2, "38,33"),
        (1234.5678, 3, "1.234,568"),
        (1234.5678, 0, "1.235"),
        (0.0625, 3, "0,062"),  # a tie goes to the even digit, as CLDR formatters write it
        (0.0635, 3, "0,064"),
        (True, 3, "True"),
        (float("nan"), 3, "nan"),
        (float("-inf"), 3, "-inf"),
    ],
    ids=repr,
)
def test_format_number_exact(number, decimals, text):
    assert format_number(number, decimals) == text


def test_other_kinds_of_number_are_written_alike():
    # fractions and decimals (the survey's exact arithmetic) are written as the float they stand for
    assert format_number(Fraction(1, 3)) == "0,333" and format_number(Fraction(1, 3), 2) == "0,33"
    assert format_number(Decimal("1234.5")) == "1.234,5"
    assert format_number(Fraction(0)) == "0"
    assert format_number(Fraction(-5, 2), 0) == "-2"  # half to even


@pytest.mark.parametrize(
    "value, text",
    [
        (None, "kosong"),
        (True, "nilai logika TRUE"),
        (False, "nilai logika FALSE"),
        (dt.date(2026, 1, 5), "tanggal 5 Januari 2026"),
        (dt.datetime(2024, 12, 31, 23, 59), "tanggal 31 Desember 2024"),
        (5, "5"),
        (1234.5, "1.234,5"),
        (1 / 3, "0,3333333333"),  # ten decimals: a message shows the value as it is
        (float("nan"), "bukan angka"),
        (float("inf"), "bukan angka"),
        ("abc", "'abc'"),
        ("", "''"),
    ],
    ids=repr,
)
def test_describe_value_exact(value, text):
    assert describe_value(value) == text


@pytest.mark.parametrize(
    "value, text",
    [
        (None, ""),
        (True, "TRUE"),
        (False, "FALSE"),
        (dt.date(2024, 2, 29), "29 Februari 2024"),
        (12345.0, "12345"),  # a satker number typed as a number reads as typed, without a thousands dot
        (1234567.0, "1234567"),
        (12.5, "12,5"),
        (0.1 + 0.2, "0,3"),
        (1.23456789012, "1,2345678901"),  # ten decimals, as a message shows a value
        (7, "7"),
        ("  Lapas  A ", "  Lapas  A "),
    ],
    ids=repr,
)
def test_name_text_exact(value, text):
    assert name_text(value) == text


def test_format_date_every_month():
    assert [format_date(dt.date(2026, month, 1)) for month in range(1, 13)] == [f"1 {name} 2026" for name in BULAN]
    assert format_date(dt.date(1999, 12, 31)) == "31 Desember 1999"


def _zone(hours: float) -> dt.timezone:
    return dt.timezone(dt.timedelta(hours=hours))


@pytest.mark.parametrize(
    "value, text",
    [
        (dt.datetime(2026, 11, 29, 2, 34, tzinfo=_zone(8)), "29 November 2026 pukul 02.34 WITA"),
        (dt.datetime(2026, 11, 29, 2, 34, tzinfo=_zone(7)), "29 November 2026 pukul 02.34 WIB"),
        (dt.datetime(2026, 1, 9, 21, 5, tzinfo=_zone(9)), "9 Januari 2026 pukul 21.05 WIT"),
        (dt.datetime(2026, 1, 9, 21, 5), "9 Januari 2026 pukul 21.05"),  # no zone known: none named
        (dt.datetime(2026, 1, 9, 0, 0, tzinfo=dt.UTC), "9 Januari 2026 pukul 00.00 UTC+0"),
        (dt.datetime(2026, 1, 9, 0, 0, tzinfo=_zone(5.5)), "9 Januari 2026 pukul 00.00 UTC+5,5"),
        (dt.datetime(2026, 1, 9, 0, 0, tzinfo=_zone(-3)), "9 Januari 2026 pukul 00.00 UTC−3"),
        (dt.datetime(2026, 1, 9, 0, 0, tzinfo=_zone(10)), "9 Januari 2026 pukul 00.00 UTC+10"),
        (dt.datetime(2026, 1, 9, 0, 0, tzinfo=_zone(-0.5)), "9 Januari 2026 pukul 00.00 UTC−0,5"),
        (dt.datetime(2026, 1, 9, 0, 0, tzinfo=_zone(5 + 1 / 3)), "9 Januari 2026 pukul 00.00 UTC+5,33"),
    ],
    ids=str,
)
def test_format_datetime_exact(value, text):
    assert format_datetime(value) == text


def _stamp_by_hand(instant: dt.datetime, hours: int, name: str) -> str:
    local = instant.astimezone(dt.UTC) + dt.timedelta(hours=hours)
    return f"{local.day} {BULAN[local.month - 1]} {local.year} pukul {local.hour:02d}.{local.minute:02d} {name}"


@pytest.mark.parametrize("typed, hours, name", [("WIB", 7, "WIB"), (" wita ", 8, "WITA"), ("Wit", 9, "WIT")])
def test_an_offices_stamp_shows_its_own_hour_and_zone(typed, hours, name):
    # The office's zone decides, not the PC's: the stamp reads the UTC clock moved by the zone's hours.
    before = dt.datetime.now(dt.UTC)
    stamp = format_datetime(now(typed))
    after = dt.datetime.now(dt.UTC)
    assert stamp in {_stamp_by_hand(before, hours, name), _stamp_by_hand(after, hours, name)}
    assert now(typed).utcoffset() == dt.timedelta(hours=hours)


@pytest.mark.parametrize("zone", [None, "", "GMT+7", "Asia/Jakarta"])
def test_without_an_indonesian_zone_the_pcs_own_is_used(zone):
    before = dt.datetime.now().astimezone()
    moment = now(zone)
    assert moment.utcoffset() == before.utcoffset()
    assert abs(moment - before) < dt.timedelta(seconds=5)


def test_counts_up_to_fifteen_digits_and_no_further():
    assert parse_count(MAX_COUNT) == 999_999_999_999_999 == parse_count("999.999.999.999.999")
    assert parse_count(float(MAX_COUNT)) == 999_999_999_999_999
    too_large = "jumlah terlalu besar (lebih dari 15 digit); periksa isiannya"
    for cell in (10**15, 1e15, "1.000.000.000.000.000", "1000000000000000"):
        with pytest.raises(InputError) as raised:
            parse_count(cell)
        assert raised.value.user_message == too_large, cell


@pytest.mark.parametrize(
    "cell, message",
    [
        (None, "jumlah kosong"),
        ("  ", "jumlah kosong"),
        (True, "jumlah bukan angka (nilai logika TRUE)"),
        (dt.date(2024, 7, 1), "jumlah bukan angka (tanggal 1 Juli 2024)"),
        (dt.time(10, 30), "jumlah bukan angka ('10:30:00')"),
        (dt.timedelta(days=1), "jumlah bukan angka ('1 day, 0:00:00')"),
        (float("nan"), "jumlah bukan angka (bukan angka)"),
        ([1], "jumlah bukan angka ('[1]')"),
        (-5, "jumlah negatif (-5)"),
        (-0.5, "jumlah negatif (-0,5)"),
        (2.5, "jumlah pecahan (2,5); jumlah orang harus bilangan bulat"),
        ("-5", "jumlah negatif ('-5')"),
        ("- 1.234", "jumlah negatif ('- 1.234')"),
        ("abc", "jumlah bukan angka ('abc'); tulis bilangan bulat, misalnya 1234 atau 1.234"),
        ("-abc", "jumlah bukan angka ('-abc'); tulis bilangan bulat, misalnya 1234 atau 1.234"),
        (
            "1,5",
            "jumlah '1,5' adalah pecahan (1,5); jumlah orang harus bilangan bulat, ribuan ditulis dengan titik (1.234)",
        ),
        (
            "12.34",
            "jumlah '12.34' adalah pecahan (12,34); jumlah orang harus bilangan bulat, ribuan ditulis dengan titik (1.234)",
        ),
        (
            "1,000",
            "jumlah '1,000' dapat dibaca dua cara: 1 (koma sebagai tanda desimal) atau 1.000 (koma sebagai pemisah "
            "ribuan gaya Inggris). Tulis tanpa pemisah (1000) atau dengan titik sebagai pemisah ribuan (1.000)",
        ),
        (
            " 12,500 ",
            "jumlah '12,500' dapat dibaca dua cara: 12,5 (koma sebagai tanda desimal) atau 12.500 (koma sebagai "
            "pemisah ribuan gaya Inggris). Tulis tanpa pemisah (1000) atau dengan titik sebagai pemisah ribuan (1.000)",
        ),
        ("9" * 41, "jumlah terlalu besar (41 karakter angka); periksa isiannya"),
        ("9" * 40, "jumlah terlalu besar (lebih dari 15 digit); periksa isiannya"),  # 40 characters are still read
        (
            "1,23456789012",
            "jumlah '1,23456789012' adalah pecahan (1,2345678901); jumlah orang harus bilangan bulat, ribuan ditulis "
            "dengan titik (1.234)",
        ),
        ("+" + "9" * 40, "jumlah terlalu besar (41 karakter angka); periksa isiannya"),
        ("x" * 41, "jumlah bukan angka (teks terlalu panjang)"),
    ],
    ids=repr,
)
def test_count_messages_exact(cell, message):
    with pytest.raises(InputError) as raised:
        parse_count(cell)
    assert raised.value.user_message == message


@pytest.mark.parametrize(
    "cell, count",
    [
        ("+5", 5),
        ("+ 1.234", 1234),
        ("9" * 15, 999_999_999_999_999),
        ("1.234,000", 1234),
        ("1,234.0", 1234),  # the English way with a decimal point: one reading only
        ("0012", 12),
        ("1" + "0" * 14, 10**14),
    ],
    ids=repr,
)
def test_counts_typed_as_text(cell, count):
    assert parse_count(cell) == count


@pytest.mark.parametrize(
    "text, value",
    [("0,05", 0.05), ("0.05", 0.05), ("5%", 0.05), (" 5 % ", 0.05), (".5", 0.5), ("12,5%", 0.125), ("1", 1.0)],
)
def test_fraction_text(text, value):
    assert parse_fraction_text(text) == pytest.approx(value, rel=1e-15)


@pytest.mark.parametrize("text", ["", "abc", "5.", "1.5.2", "-0,05", "0,05 %x", "1e-2"])
def test_fraction_text_refused(text):
    with pytest.raises(ValueError):
        parse_fraction_text(text)
