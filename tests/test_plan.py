"""xl_addin.plan: reading cells, settings, and the per-satker target rows."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import count_cells, satker_names

from xl_addin import layout
from xl_addin.errors import InputError, XlAddinError
from xl_addin.indonesian import MAX_COUNT, parse_count
from xl_addin.period import Period
from xl_addin.plan import CountRow, Outcome, Settings, TargetRow, plan_targets, problems

PROPERTY = settings(max_examples=200, deadline=None)
BIG_PROPERTY = settings(max_examples=150, deadline=None)  # keeps the row-fuzzing test near 1 s

INDONESIAN_WORDS = ("jumlah", "harus", "bukan", "kosong", "negatif", "pecahan", "tidak jelas")


# --------------------------------------------------------------------------- parse_count


@pytest.mark.parametrize(
    "cell, expected",
    [
        (12.0, 12),  # Excel sends numbers as floats
        (0.0, 0),
        (12, 12),
        (0, 0),
        (1e6, 1_000_000),
        ("1.234", 1234),  # Indonesian thousands dot
        ("1.234.567", 1_234_567),
        (" 42 ", 42),
        ("0", 0),
        ("42", 42),
        ("1.234,0", 1234),  # a whole number written with a decimal comma
    ],
    ids=repr,
)
def test_parse_count_good(cell, expected):
    result = parse_count(cell)
    assert result == expected and type(result) is int


@pytest.mark.parametrize(
    "cell",
    [
        None,
        "",
        "   ",
        "abc",
        "-5",
        -5,
        -1.0,
        2.5,
        "1,5",
        "1,234",
        "12.34",
        "1e3",
        True,
        False,
        float("nan"),
        float("inf"),
        float("-inf"),
        "0x10",
        "1 234",
        [1],
        "½",
    ],
    ids=repr,
)
def test_parse_count_bad(cell):
    with pytest.raises(XlAddinError) as excinfo:
        parse_count(cell)
    user = excinfo.value.user_message
    assert user and any(word in user for word in INDONESIAN_WORDS), user
    assert str(excinfo.value).startswith("count ")


@PROPERTY
@given(n=st.integers(min_value=0, max_value=MAX_COUNT))
def test_parse_count_round_trips_indonesian_text(n):
    text = f"{n:,}".replace(",", ".")  # 1234567 → "1.234.567"
    assert parse_count(text) == n
    assert parse_count(f"  {text} ") == n
    assert parse_count(float(n)) == n
    assert parse_count(n) == n
    if n:
        with pytest.raises(XlAddinError):
            parse_count(-n)


def test_parse_count_messages_say_what_is_wrong():
    def user(cell):
        with pytest.raises(XlAddinError) as excinfo:
            parse_count(cell)
        return excinfo.value.user_message

    assert user(None) == "jumlah kosong"
    assert user("") == "jumlah kosong"
    assert user(-5) == "jumlah negatif (-5)"
    assert user("-5") == "jumlah negatif ('-5')"  # typed as text: shown as typed
    assert user(2.5) == "jumlah pecahan (2,5); jumlah orang harus bilangan bulat"
    assert "pecahan" in user("1,5")
    # "1,234" is 1,234 with a decimal comma, or 1234 the English way: never a guess, both readings shown.
    assert "dua cara" in user("1,234") and "1,234" in user("1,234") and "1.234" in user("1,234")
    assert "1 (koma sebagai tanda desimal)" in user("1,000") and "1.000 (koma sebagai pemisah ribuan" in user("1,000")
    assert "12,5" in user("12,500") and "12.500" in user("12,500")
    assert "pecahan (12,34)" in user("12.34")  # a dot not followed by groups of three is no Indonesian thousands
    assert user("abc").startswith("jumlah bukan angka ('abc')")
    assert user(True) == "jumlah bukan angka (nilai logika TRUE)"
    assert user(29.9999999) == "jumlah pecahan (29,9999999); jumlah orang harus bilangan bulat"  # the real value
    assert user("9" * 400).startswith("jumlah terlalu besar (400 karakter angka)")  # no 400-digit number is parsed
    assert "teks terlalu panjang" in user("jumlah pengguna layanan bulan ini kira-kira seribu orang")
    assert "terlalu besar" in user(10**16)
    for cell in (None, -5, "1,000", "abc", True, 2.5, 10**16):
        with pytest.raises(InputError):
            parse_count(cell)


# --------------------------------------------------------------------------- plan_targets


def _by_name(targets: list[TargetRow]) -> dict[str, TargetRow]:
    return {t.satker: t for t in targets}


def test_good_rows_computed_by_hand():
    rows = [
        # (10 + 20 + 31) / 3 = 20.33 → N = 21 (ceil) < 30 → Slovin: 21 / (1 + 21·0.0025) = 21 / 1.0525
        #   = 19.95 → up 20
        CountRow("Lapas Kelas I", [10, 20, 31], source_row=5),
        # (1000 + 1200 + 1500) / 3 = 1233.33 → N = 1234 ≥ 30 → K&M:
        #   3.841·1234·0.25 / (0.0025·1233 + 0.96025) = 1184.9485 / 4.04275 = 293.105 → nearest 293
        CountRow("Rutan Kelas IIB", [1000.0, "1.200", 1500], source_row=6),
        # exact average: (30 + 30 + 30) / 3 = 30 → N = 30 → K&M 27.98 → 28
        CountRow("Kantor Imigrasi", [30, 30.0, "30"], source_row=7),
    ]
    slovin_row, km_row, exact_row = plan_targets(rows)

    assert slovin_row.ok and slovin_row.satker == "Lapas Kelas I"
    assert (slovin_row.population, slovin_row.method, slovin_row.target) == (21, "slovin", 20)
    assert slovin_row.slovin_size == 20
    # K&M for N = 21: 3.841·21·0.25 / (0.0025·20 + 0.96025) = 20.16525 / 1.01025 = 19.96 → 20
    assert slovin_row.km_size == 20
    # the note: how N was reached (the method and the formula have their own columns)
    assert slovin_row.source_row == 5 and slovin_row.note.startswith("N = (10 + 20 + 31) / 3 = 20,33 → 21. ")
    assert slovin_row.formula == "n = 21 / (1 + 21 × 0,05²) = 19,952 → 20"
    assert slovin_row.sample is not None and slovin_row.sample.size == 20

    assert (km_row.population, km_row.method, km_row.target) == (1234, "krejcie_morgan", 293)
    # Slovin for comparison: 1234 / (1 + 3.085) = 302.08 → up 303
    assert (km_row.slovin_size, km_row.km_size) == (303, 293)
    assert km_row.note == "N = (1.000 + 1.200 + 1.500) / 3 = 1.233,33 → 1.234."
    assert km_row.formula.endswith("= 293,105 → 293")
    assert km_row.source_row == 6

    assert (exact_row.population, exact_row.method, exact_row.target) == (30, "krejcie_morgan", 28)
    assert problems([slovin_row, km_row, exact_row]) == []


@pytest.mark.parametrize(
    "counts, expected_bits",
    [
        ([None, 5, 5], ["Januari", "kosong"]),
        ([5, "", 5], ["Februari", "kosong"]),
        ([5, 5, -1], ["Maret", "negatif"]),
        ([5, 2.5, 5], ["Februari", "pecahan"]),
        (["abc", 5, 5], ["Januari", "bukan angka"]),
        ([5, 5, "1,234"], ["Maret", "dua cara"]),
        ([5, 5, True], ["Maret", "bukan angka"]),
        ([5, 5], ["kolom bulan dasar kurang"]),
    ],
    ids=repr,
)
def test_bad_count_rows_flagged_others_computed(counts, expected_bits):
    rows = [
        CountRow("Baik Satu", [100, 100, 100], source_row=4),
        CountRow("Buruk", counts, source_row=5),
        CountRow("Baik Dua", [20, 20, 20], source_row=6),
    ]
    first, bad, last = plan_targets(rows)
    assert bad.satker == "Buruk" and bad.source_row == 5
    assert bad.note.startswith("PERIKSA")
    for bit in expected_bits:
        assert bit in bad.note, bad.note
    assert bad.target is None and bad.population is None and bad.method is None and not bad.ok
    # 100 → K&M: 96.025 / (0.2475 + 0.96025) = 79.507 → 80; 20 → Slovin 20 / 1.05 = 19.05 → 20
    assert (first.target, first.method) == (80, "krejcie_morgan")
    assert (last.target, last.method) == (20, "slovin")
    assert problems([first, bad, last]) == [f"baris 5 (Buruk): {bad.note}"]


def test_several_problems_in_one_row_all_named():
    (row,) = plan_targets([CountRow("X", [None, -2, "abc"], source_row=9)])
    assert row.note.startswith("PERIKSA: ")
    assert "Januari 2024: jumlah kosong" in row.note
    assert "Februari 2024: jumlah negatif" in row.note
    assert "Maret 2024: jumlah bukan angka" in row.note


def test_missing_name_flagged():
    targets = plan_targets(
        [
            CountRow(None, [1, 2, 3], source_row=3),
            CountRow("  ", [1, 2, 3], source_row=4),
            CountRow("Ada", [1, 2, 3], source_row=5),
        ]
    )
    assert [t.ok for t in targets] == [False, False, True]
    for t in targets[:2]:
        assert t.note.startswith("PERIKSA") and "nama satuan kerja kosong" in t.note and t.target is None
    assert problems(targets) == [
        f"baris 3 (tanpa nama): {targets[0].note}",
        f"baris 4 (tanpa nama): {targets[1].note}",
    ]
    # (1 + 2 + 3) / 3 = 2 → Slovin 2 / 1.005 = 1.99 → 2
    assert targets[2].target == 2


def test_duplicate_names_both_flagged_ignoring_case_and_spaces():
    rows = [
        CountRow("Lapas  Kelas I", [10, 10, 10], source_row=4),
        CountRow("Unik", [10, 10, 10], source_row=5),
        CountRow(" lapas kelas i ", [20, 20, 20], source_row=6),
    ]
    first, unique, second = plan_targets(rows)
    assert not first.ok and not second.ok and unique.ok
    assert first.note.startswith("PERIKSA") and "ganda" in first.note and "baris 6" in first.note
    assert second.note.startswith("PERIKSA") and "ganda" in second.note and "baris 4" in second.note
    assert first.satker == "Lapas  Kelas I"  # written back as typed; only the comparison ignores spacing
    assert [line.split(" (")[0] for line in problems([first, unique, second])] == ["baris 4", "baris 6"]


def test_numeric_names_duplicate_whatever_the_cell_type():
    a, b = plan_targets([CountRow(12.0, [1, 1, 1], source_row=2), CountRow("12", [1, 1, 1], source_row=3)])
    assert a.satker == 12.0 and b.satker == "12" and not a.ok and not b.ok  # as typed, yet the same satker


def test_empty_rows_skipped_order_and_source_row_kept():
    rows = [
        CountRow("C", [40, 40, 40], source_row=2),
        CountRow(None, [None, None, None], source_row=3),
        CountRow("", ["", "  ", None], source_row=4),
        CountRow(None, [], source_row=5),
        CountRow("A", [5, 5, 5], source_row=6),
        CountRow("B", [None, None, None], source_row=7),  # a name: not empty, flagged
    ]
    targets = plan_targets(rows)
    assert [t.satker for t in targets] == ["C", "A", "B"]
    assert [t.source_row for t in targets] == [2, 6, 7]
    assert [t.ok for t in targets] == [True, True, False]
    assert problems(targets) == [f"baris 7 (B): {targets[2].note}"]
    assert "Januari" in targets[2].note and "Maret" in targets[2].note


def test_problems_without_source_row():
    (t,) = plan_targets([CountRow("A", [-1, 1, 1])])
    assert problems([t]) == [f"baris ? (A): {t.note}"]


def test_plan_uses_settings():
    s = Settings(threshold=0, base_period=Period(((2025, 4), (2025, 5))), slovin_error=0.1)
    (row,) = plan_targets([CountRow("A", [10, 21])], s)
    # (10 + 21) / 2 = 15.5 → 16; threshold 0 → K&M: 15.364 / (0.0375 + 0.96025) = 15.40 → 15
    assert (row.population, row.method, row.target) == (16, "krejcie_morgan", 15)
    assert row.note.startswith("N = (10 + 21) / 2 = 15,5 → 16.")
    # Slovin comparison with e = 0.1: 16 / 1.16 = 13.79 → 14
    assert row.slovin_size == 14


def test_plan_empty_input():
    assert plan_targets([]) == []
    assert problems([]) == []


# --------------------------------------------------------------------------- Settings


def test_settings_defaults():
    s = Settings.from_cells({})
    assert s == Settings()
    assert (s.threshold, s.slovin_error, s.slovin_rounding) == (30, 0.05, "up")
    assert (s.km_margin, s.km_confidence, s.km_proportion, s.km_rounding) == (0.05, 0.95, 0.5, "nearest")
    # the template's example periods: Q1 2024 and semester II 2024
    assert s.base_period.months == ((2024, 1), (2024, 2), (2024, 3))
    assert s.target_period.months == tuple((2024, month) for month in range(7, 13))
    assert s.base_months == ("Januari", "Februari", "Maret")
    assert s.target_months == ("Juli", "Agustus", "September", "Oktober", "November", "Desember")
    assert s.period_notice == "" and s.previous_release == ()


@pytest.mark.parametrize("cell", ["10%", "10 %", "0,1", 0.1, " 0,1 "], ids=repr)
def test_settings_fraction_forms(cell):
    assert Settings.from_cells({"Slovin_e": cell}).slovin_error == pytest.approx(0.1, abs=1e-15)


def test_settings_other_fractions_and_threshold():
    s = Settings.from_cells({"KM_d": "5%", "KM_Kepercayaan": "99%", "KM_P": 0.3, "Ambang_N": 31.0})
    assert s.km_margin == pytest.approx(0.05) and s.km_confidence == pytest.approx(0.99)
    assert s.km_proportion == 0.3 and s.threshold == 31 and type(s.threshold) is int
    assert Settings.from_cells({"Ambang_N": "0"}).threshold == 0


@pytest.mark.parametrize(
    "cell, code",
    [
        ("ke atas", "up"),
        ("terdekat", "nearest"),
        ("Ke Atas", "up"),
        (" TERDEKAT ", "nearest"),
        ("up", "up"),
        ("nearest", "nearest"),
    ],
)
def test_settings_rounding_labels(cell, code):
    s = Settings.from_cells({"Pembulatan_Slovin": cell, "Pembulatan_KM": cell})
    assert s.slovin_rounding == code and s.km_rounding == code


def test_settings_period_text():
    s = Settings.from_cells({"Bulan_Dasar": "april - Mei 2025", "Bulan_Target": "Okt 2025 s.d. Mar 2026"})
    assert s.base_period.months == ((2025, 4), (2025, 5))
    assert s.target_period.months == ((2025, 10), (2025, 11), (2025, 12), (2026, 1), (2026, 2), (2026, 3))
    assert s.base_months == ("April", "Mei")
    assert s.target_months == ("Oktober", "November", "Desember", "Januari", "Februari", "Maret")
    assert s.period_notice == ""
    assert "Periode dasar (populasi): April–Mei 2025" in s.describe()
    assert "Periode target: Oktober 2025–Maret 2026" in s.describe()


def test_settings_a_date_cell_is_its_month():
    # Excel turns "Jul 2025" typed in a cell into a date: the period is that month
    s = Settings.from_cells({"Bulan_Target": datetime.datetime(2025, 7, 1)})
    assert s.target_period.months == ((2025, 7),)


def test_a_previous_release_month_list_is_read_in_2024_and_said_once():
    # the previous release wrote "Januari, Februari, Maret" in Bulan_Dasar and 2024 in every header
    s = Settings.from_cells({"Bulan_Dasar": "Januari, Februari, Maret", "Bulan_Target": "juli; Agustus"})
    assert s.base_period.months == ((2024, 1), (2024, 2), (2024, 3))
    assert s.target_period.months == ((2024, 7), (2024, 8))
    notice = (
        "Perhatian: periode di sheet Pengaturan ditulis tanpa tahun, seperti pada workbook versi sebelumnya, "
        "sehingga dibaca dengan tahun yang dipakai versi itu: Periode dasar (populasi) Januari–Maret 2024; "
        "Periode target Juli–Agustus 2024. Tulis periodenya lengkap dengan tahun, misalnya Januari–Maret 2025."
    )
    assert s.period_notice == notice
    outcome = Outcome.of(plan_targets([CountRow("A", [10, 20, 31])], s), s)
    assert outcome.notices.count(notice) == 1 and notice in outcome.message("Hitung Target")
    # only the form the previous release accepted: a range or abbreviations without a year are errors
    with pytest.raises(InputError) as excinfo:
        Settings.from_cells({"Bulan_Dasar": "Jan, Feb, Mar"})
    assert excinfo.value.user_message == (
        "Pengaturan 'Periode dasar (populasi)': 'Jan, Feb, Mar' tidak dapat dibaca: tahun tidak ditulis "
        "(yang terbaca: Januari, Februari, Maret). Contoh penulisan: Januari–Maret 2025"
    )
    only_base = Settings.from_cells({"Bulan_Dasar": "Maret, Januari", "Bulan_Target": "Juli–Desember 2025"})
    assert only_base.base_period.months == ((2024, 1), (2024, 3))
    assert only_base.previous_release == ("Periode dasar (populasi)",)
    assert "Periode target" not in only_base.period_notice
    # equal periods are equal settings, however they were written
    assert only_base == Settings(base_period=Period(((2024, 1), (2024, 3))), target_period=Period.parse("Jul–Des 2025"))


@pytest.mark.parametrize(
    "cells, message",
    [
        (
            {"Bulan_Dasar": "Januari–Maert 2025"},
            "Pengaturan 'Periode dasar (populasi)': 'Januari–Maert 2025' tidak dapat dibaca: 'Maert' bukan nama "
            "bulan (yang terbaca: Januari 2025). Contoh penulisan: Januari–Maret 2025",
        ),
        (
            {"Bulan_Dasar": ""},
            "Pengaturan 'Periode dasar (populasi)': periode kosong. Contoh penulisan: Januari–Maret 2025",
        ),
        (
            {"Bulan_Dasar": "Mei, mei 2025"},
            "Pengaturan 'Periode dasar (populasi)': 'Mei, mei 2025' tidak dapat dibaca: Mei 2025 tertulis dua kali "
            "(yang terbaca: Mei 2025, Mei 2025). Contoh penulisan: Januari–Maret 2025",
        ),
        (
            {"Bulan_Target": "Oktober–Maret 2026"},
            "Pengaturan 'Periode target': 'Oktober–Maret 2026' dapat dibaca dua cara: Oktober 2025–Maret 2026 atau "
            "Oktober 2026–Maret 2027. Tulis tahun pada bulan-bulan yang dimaksud, misalnya Oktober 2024–Maret 2025",
        ),
        (
            {"Bulan_Target": 2025},
            "Pengaturan 'Periode target': angka 2025 hanya tahun, tanpa bulan. Contoh penulisan: Januari–Maret 2025",
        ),
    ],
    ids=repr,
)
def test_settings_period_errors(cells, message):
    with pytest.raises(InputError) as excinfo:
        Settings.from_cells(cells)
    assert excinfo.value.user_message == message
    assert next(iter(cells)) in str(excinfo.value)  # the English message names the defined name


@pytest.mark.parametrize(
    "cells, name",
    [
        ({"Slovin_e": 1.5}, "Slovin_e"),
        ({"Slovin_e": 0}, "Slovin_e"),
        ({"Slovin_e": "150%"}, "Slovin_e"),
        ({"Slovin_e": "abc"}, "Slovin_e"),
        ({"Slovin_e": None}, "Slovin_e"),
        ({"Slovin_e": True}, "Slovin_e"),
        ({"KM_d": -0.1}, "KM_d"),
        ({"KM_Kepercayaan": 1}, "KM_Kepercayaan"),
        ({"KM_P": float("nan")}, "KM_P"),
        ({"Pembulatan_Slovin": "bawah"}, "Pembulatan_Slovin"),
        ({"Pembulatan_KM": "down"}, "Pembulatan_KM"),
        ({"Pembulatan_KM": None}, "Pembulatan_KM"),
        ({"Dasar_N": "median"}, "Dasar_N"),
        ({"Dasar_N": "rata-rata per bulan", "Pembulatan_KM": "rata-rata per bulan"}, "Pembulatan_KM"),
        ({"Ambang_N": -1}, "Ambang_N"),
        ({"Ambang_N": "-1"}, "Ambang_N"),
        ({"Ambang_N": 2.5}, "Ambang_N"),
        ({"Ambang_N": None}, "Ambang_N"),
    ],
    ids=repr,
)
def test_settings_errors(cells, name):
    with pytest.raises(InputError) as excinfo:
        Settings.from_cells(cells)
    assert name in str(excinfo.value)  # the English message names the defined name, for support staff
    user = excinfo.value.user_message
    label = layout.SETTINGS[[s.defined_name for s in layout.SETTINGS].index(name)].label
    assert user.startswith(f"Pengaturan '{label}' harus"), user  # the user reads the label, not the internal name
    assert name not in user and "None" not in user and "True" not in user, user


@pytest.mark.parametrize(
    "s",
    [
        Settings(),
        Settings(
            threshold=31,
            slovin_error=0.1,
            slovin_rounding="nearest",
            km_margin=0.03,
            km_confidence=0.99,
            km_proportion=0.4,
            km_rounding="up",
            base_period=Period(((2025, 4), (2025, 5), (2025, 6))),
            target_period=Period(((2026, 1),)),
        ),
        Settings(threshold=0, base_period=Period(((2024, 12), (2025, 1)))),
    ],
)
def test_settings_round_trip(s):
    cells = s.as_cells()
    assert set(cells) == {setting.defined_name for setting in layout.SETTINGS}
    assert Settings.from_cells(cells) == s
    if s == Settings():
        assert cells["Pembulatan_Slovin"] == "ke atas" and cells["Pembulatan_KM"] == "terdekat"
        assert cells["Bulan_Dasar"] == "Januari–Maret 2024" and cells["Bulan_Target"] == "Juli–Desember 2024"


def _month_after(start: tuple[int, int], offset: int) -> tuple[int, int]:
    year, month = start
    return year + (month - 1 + offset) // 12, (month - 1 + offset) % 12 + 1


# Any period: up to 24 distinct months within 24 months of a start, contiguous or not, across years or not.
periods = st.builds(
    lambda start, offsets: Period(tuple(sorted(_month_after(start, offset) for offset in offsets))),
    st.tuples(st.integers(2000, 2098), st.integers(1, 12)),
    st.sets(st.integers(0, 23), min_size=1, max_size=24),
)


@PROPERTY
@given(
    threshold=st.integers(min_value=0, max_value=10**6),
    fractions=st.lists(st.floats(min_value=0.001, max_value=0.999), min_size=4, max_size=4),
    confidence=st.floats(min_value=0.05, max_value=0.999),  # below ~0.03 χ² rounds to 0: an error
    roundings=st.lists(st.sampled_from(["up", "nearest"]), min_size=2, max_size=2),
    base=periods,
    target=periods,
    basis=st.sampled_from(["average", "total"]),
    floor=st.one_of(st.none(), st.integers(min_value=0, max_value=500)),
)
def test_settings_round_trip_property(threshold, fractions, confidence, roundings, base, target, basis, floor):
    s = Settings(
        threshold=threshold,
        slovin_error=fractions[0],
        slovin_rounding=roundings[0],
        km_margin=fractions[1],
        km_confidence=confidence,
        km_proportion=fractions[3],
        km_rounding=roundings[1],
        base_period=base,
        population_basis=basis,
        floor=floor,
        target_period=target,
    )
    assert Settings.from_cells(s.as_cells()) == s


def test_settings_dot_or_comma_decimal_percent_is_never_tenfold():
    # a fraction below 1 has no thousands: "2.5%" and "2,5%" are both 2.5 %, never 25 %
    assert Settings.from_cells({"Slovin_e": "2.5%"}).slovin_error == pytest.approx(0.025)
    assert Settings.from_cells({"Slovin_e": "2,5%"}).slovin_error == pytest.approx(0.025)


# --------------------------------------------------------------------------- plan_targets never raises

cell_values = count_cells
names = satker_names
rows_strategy = st.lists(
    st.builds(
        CountRow,
        satker=names,
        counts=st.lists(cell_values, max_size=5),
        source_row=st.one_of(st.none(), st.integers(1, 10**6)),
    ),
    max_size=12,
)
settings_strategy = st.sampled_from(
    [
        Settings(),
        Settings(threshold=0),
        Settings(threshold=10**9, slovin_rounding="nearest"),
        Settings(base_period=Period(((2025, 4),))),
        Settings(km_confidence=0.99, km_rounding="up", slovin_error=0.1),
    ]
)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@BIG_PROPERTY
@given(rows=rows_strategy, s=settings_strategy)
def test_plan_targets_never_raises(rows, s):
    targets = plan_targets(rows, s)
    non_empty = [r for r in rows if not (_blank(r.satker) and all(_blank(c) for c in r.counts))]
    assert len(targets) == len(non_empty)
    assert [t.source_row for t in targets] == [r.source_row for r in non_empty]
    for t in targets:
        if t.target is not None:
            assert t.ok and t.note and not t.note.startswith("PERIKSA")
            assert t.population is not None and 0 <= t.target <= t.population
            assert t.method in ("slovin", "krejcie_morgan")
            assert t.target == (t.slovin_size if t.method == "slovin" else t.km_size)
        else:
            assert not t.ok and t.note.startswith("PERIKSA")
    assert len(problems(targets)) == sum(t.target is None for t in targets)


def test_plan_targets_huge_counts_do_not_crash():
    targets = plan_targets([CountRow("A", [-1e30, 1, 1]), CountRow("B", [1e25, 1e25, 1e25]), CountRow("C", [5, 5, 5])])
    assert [t.satker for t in targets] == ["A", "B", "C"]
    assert targets[0].note.startswith("PERIKSA") and targets[2].target == 5
