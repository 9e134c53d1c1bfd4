"""xl_addin.plan: reading cells, settings, and the per-satker target rows."""

from __future__ import annotations

import datetime

import oracle
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import count_cells, satker_names

from xl_addin import layout
from xl_addin.errors import InputError, XlAddinError
from xl_addin.indonesian import MAX_COUNT, parse_count
from xl_addin.period import Period
from xl_addin.plan import CellError, CountRow, Outcome, Settings, TargetRow, UncalculatedFormula, plan_targets, problems

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
    assert user("1,5") == (
        "jumlah '1,5' adalah pecahan (1,5); jumlah orang harus bilangan bulat, ribuan ditulis dengan titik (1.234)"
    )
    # "1,234" is 1,234 with a decimal comma, or 1234 the English way: never a guess, both readings shown.
    two_ways = " (koma sebagai tanda desimal) atau {} (koma sebagai pemisah ribuan gaya Inggris). Tulis tanpa pemisah (1000) atau dengan titik sebagai pemisah ribuan (1.000)"  # fmt: skip
    assert user("1,234") == "jumlah '1,234' dapat dibaca dua cara: 1,234" + two_ways.format("1.234")
    assert user("1,000") == "jumlah '1,000' dapat dibaca dua cara: 1" + two_ways.format("1.000")
    assert user("12,500") == "jumlah '12,500' dapat dibaca dua cara: 12,5" + two_ways.format("12.500")
    # a dot not followed by groups of three is no Indonesian thousands
    assert user("12.34") == (
        "jumlah '12.34' adalah pecahan (12,34); jumlah orang harus bilangan bulat, ribuan ditulis dengan titik (1.234)"
    )
    assert user("abc") == "jumlah bukan angka ('abc'); tulis bilangan bulat, misalnya 1234 atau 1.234"
    assert user(True) == "jumlah bukan angka (nilai logika TRUE)"
    assert user(29.9999999) == "jumlah pecahan (29,9999999); jumlah orang harus bilangan bulat"  # the real value
    assert user("9" * 400) == "jumlah terlalu besar (400 karakter angka); periksa isiannya"  # never parsed
    assert (
        user("jumlah pengguna layanan bulan ini kira-kira seribu orang") == "jumlah bukan angka (teks terlalu panjang)"
    )
    assert user(10**16) == "jumlah terlalu besar (lebih dari 15 digit); periksa isiannya"
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
    assert slovin_row.source_row == 5
    # the note: how N was reached (the method and the formula have their own columns), and that the target
    # 20 is more than January's 10 users
    assert slovin_row.note == "N = (10 + 20 + 31) / 3 = 20,33 → 21. Perhatian: bulan Januari hanya 10 pengguna layanan."
    assert slovin_row.formula == "n = 21 / (1 + 21 × 0,05²) = 19,952 → 20"
    assert slovin_row.sample is not None and slovin_row.sample.size == 20

    assert (km_row.population, km_row.method, km_row.target) == (1234, "krejcie_morgan", 293)
    # Slovin for comparison: 1234 / (1 + 3.085) = 302.08 → up 303
    assert (km_row.slovin_size, km_row.km_size) == (303, 293)
    assert km_row.note == "N = (1.000 + 1.200 + 1.500) / 3 = 1.233,33 → 1.234."
    assert km_row.formula == (
        "s = 3,841 × 1.234 × 0,5 × 0,5 / (0,05² × (1.234 − 1) + 3,841 × 0,5 × 0,5) = 293,105 → 293"
    )
    assert km_row.source_row == 6

    assert (exact_row.population, exact_row.method, exact_row.target) == (30, "krejcie_morgan", 28)
    assert problems([slovin_row, km_row, exact_row]) == []


@pytest.mark.parametrize(
    "counts, note",
    [
        ([None, 5, 5], "PERIKSA: Januari 2024: jumlah kosong."),
        ([5, "", 5], "PERIKSA: Februari 2024: jumlah kosong."),
        ([5, 5, -1], "PERIKSA: Maret 2024: jumlah negatif (-1)."),
        ([5, 2.5, 5], "PERIKSA: Februari 2024: jumlah pecahan (2,5); jumlah orang harus bilangan bulat."),
        (
            ["abc", 5, 5],
            "PERIKSA: Januari 2024: jumlah bukan angka ('abc'); tulis bilangan bulat, misalnya 1234 atau 1.234.",
        ),
        (
            [5, 5, "1,234"],
            "PERIKSA: Maret 2024: jumlah '1,234' dapat dibaca dua cara: 1,234 (koma sebagai tanda desimal) atau 1.234 "
            "(koma sebagai pemisah ribuan gaya Inggris). Tulis tanpa pemisah (1000) atau dengan titik sebagai "
            "pemisah ribuan (1.000).",
        ),
        ([5, 5, True], "PERIKSA: Maret 2024: jumlah bukan angka (nilai logika TRUE)."),
        ([5, 5], "PERIKSA: kolom bulan dasar kurang."),
    ],
    ids=repr,
)
def test_bad_count_rows_flagged_others_computed(counts, note):
    rows = [
        CountRow("Baik Satu", [100, 100, 100], source_row=4),
        CountRow("Buruk", counts, source_row=5),
        CountRow("Baik Dua", [20, 20, 20], source_row=6),
    ]
    first, bad, last = plan_targets(rows)
    assert bad.satker == "Buruk" and bad.source_row == 5
    assert bad.note == note
    assert bad.target is None and bad.population is None and bad.method is None and not bad.ok
    # 100 → K&M: 96.025 / (0.2475 + 0.96025) = 79.507 → 80; 20 → Slovin 20 / 1.05 = 19.05 → 20
    assert (first.target, first.method) == (80, "krejcie_morgan")
    assert (last.target, last.method) == (20, "slovin")
    assert problems([first, bad, last]) == [f"baris 5 (Buruk): {bad.note}"]


def test_several_problems_in_one_row_all_named():
    (row,) = plan_targets([CountRow("X", [None, -2, "abc"], source_row=9)])
    assert row.note == (
        "PERIKSA: Januari 2024: jumlah kosong; Februari 2024: jumlah negatif (-2); Maret 2024: jumlah bukan angka ('abc'); tulis "
        "bilangan bulat, misalnya 1234 atau 1.234."
    )


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
        assert t.note == "PERIKSA: nama satuan kerja kosong." and t.target is None
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
    assert first.note == "PERIKSA: nama satuan kerja ganda (juga di baris 6); hapus salah satu."
    assert second.note == "PERIKSA: nama satuan kerja ganda (juga di baris 4); hapus salah satu."
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
    assert (
        targets[2].note
        == "PERIKSA: Januari 2024: jumlah kosong; Februari 2024: jumlah kosong; Maret 2024: jumlah kosong."
    )


def test_problems_without_source_row():
    (t,) = plan_targets([CountRow("A", [-1, 1, 1])])
    assert problems([t]) == [f"baris ? (A): {t.note}"]


def test_plan_uses_settings():
    s = Settings(threshold=0, base_period=Period(((2025, 4), (2025, 5))), slovin_error=0.1)
    (row,) = plan_targets([CountRow("A", [10, 21])], s)
    # (10 + 21) / 2 = 15.5 → 16; threshold 0 → K&M: 15.364 / (0.0375 + 0.96025) = 15.40 → 15
    assert (row.population, row.method, row.target) == (16, "krejcie_morgan", 15)
    # April had 10 users, fewer than the target 15 (named without its year: the period has one April)
    assert row.note == "N = (10 + 21) / 2 = 15,5 → 16. Perhatian: bulan April hanya 10 pengguna layanan."
    assert row.formula == ("s = 3,841 × 16 × 0,5 × 0,5 / (0,05² × (16 − 1) + 3,841 × 0,5 × 0,5) = 15,399 → 15")
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
    assert s.base_period.month_labels == ("Januari 2024", "Februari 2024", "Maret 2024")
    assert s.target_period.label == "Juli–Desember 2024"
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
    assert s.base_period.month_names == ("April", "Mei")
    assert s.target_period.month_names == ("Oktober", "November", "Desember", "Januari", "Februari", "Maret")
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


# --------------------------------------------------------------------------- every note, whole


def _one(counts, satker="Satker Contoh", settings_=None, source_row=7) -> TargetRow:
    (row,) = plan_targets([CountRow(satker, counts, source_row=source_row)], settings_ or Settings())
    return row


@pytest.mark.parametrize(
    "counts, settings_, note, formula",
    [
        (
            [10, 20, 31],
            Settings(),
            # (10 + 20 + 31) / 3 = 20,33 → 21 < 30: Slovin 21 / 1,0525 = 19,952 → 20; the quietest month (10) is below 20
            "N = (10 + 20 + 31) / 3 = 20,33 → 21. Perhatian: bulan Januari hanya 10 pengguna layanan.",
            "n = 21 / (1 + 21 × 0,05²) = 19,952 → 20",
        ),
        (
            [1000, 1200, 1500],
            Settings(),
            # 1.184,9485 / (0,0025 × 1.233 + 0,96025) = 293,105 → nearest 293
            "N = (1.000 + 1.200 + 1.500) / 3 = 1.233,33 → 1.234.",
            "s = 3,841 × 1.234 × 0,5 × 0,5 / (0,05² × (1.234 − 1) + 3,841 × 0,5 × 0,5) = 293,105 → 293",
        ),
        (
            # N = 20 → Slovin 19,048 → 20, exactly the quietest month: not "more than" it, so no warning; a whole
            # average is not "rounded up" to itself
            [20, 20, 20],
            Settings(),
            "N = (20 + 20 + 20) / 3 = 20.",
            "n = 20 / (1 + 20 × 0,05²) = 19,048 → 20",
        ),
        (
            # two quietest months: the first is named
            [5, 3, 3],
            Settings(),
            "N = (5 + 3 + 3) / 3 = 3,67 → 4. Perhatian: bulan Februari hanya 3 pengguna layanan.",
            "n = 4 / (1 + 4 × 0,05²) = 3,96 → 4",
        ),
        (
            [0, 0, 0],
            Settings(),
            "N = (0 + 0 + 0) / 3 = 0.",
            "n = 0 / (1 + 0 × 0,05²) = 0 → 0",
        ),
        (
            # the total: 12 + 9 + 15 = 36 ≥ 30: Krejcie & Morgan 34,569 / 1,04775 = 32,994 → 33 (the quietest month has 9)
            [12, 9, 15],
            Settings(population_basis="total"),
            "N = 12 + 9 + 15 = 36. Perhatian: bulan Februari hanya 9 pengguna layanan.",
            "s = 3,841 × 36 × 0,5 × 0,5 / (0,05² × (36 − 1) + 3,841 × 0,5 × 0,5) = 32,994 → 33",
        ),
        (
            # the floor raises 29 to 30; the quietest month (31) is not exceeded
            [31, 31, 31],
            Settings(floor=30),
            "N = (31 + 31 + 31) / 3 = 31. Hasil rumus 29 di bawah batas minimal, maka target = batas minimal 30.",
            "s = 3,841 × 31 × 0,5 × 0,5 / (0,05² × (31 − 1) + 3,841 × 0,5 × 0,5) = 28,754 → 29; batas minimal 30 → 30",
        ),
        (
            # the floor is above N = 25: every service user, and 25 is not more than the quietest month's 25
            [25, 25, 25],
            Settings(floor=30),
            "N = (25 + 25 + 25) / 3 = 25. Batas minimal 30 responden lebih besar dari N, maka target = seluruh "
            "pengguna layanan (25).",
            "n = 25 / (1 + 25 × 0,05²) = 23,529 → 24; batas minimal 30 → 25",
        ),
        (
            # 38,41 / 1,05775 = 36,313 → 36
            [40, 40],
            Settings(base_period=Period(((2024, 4), (2024, 5)))),
            "N = (40 + 40) / 2 = 40.",
            "s = 3,841 × 40 × 0,5 × 0,5 / (0,05² × (40 − 1) + 3,841 × 0,5 × 0,5) = 36,313 → 36",
        ),
        (
            # two Januaris: the quiet one is named with its year. (40 + 3) / 2 = 21,5 → 22; 22 / 1,055 = 20,853 → 21
            [40, 3],
            Settings(base_period=Period(((2024, 1), (2025, 1)))),
            "N = (40 + 3) / 2 = 21,5 → 22. Perhatian: bulan Januari 2025 hanya 3 pengguna layanan.",
            "n = 22 / (1 + 22 × 0,05²) = 20,853 → 21",
        ),
    ],
    ids=[
        "slovin",
        "km",
        "equal-to-quietest",
        "tie",
        "zero",
        "total",
        "floor",
        "floor-above-n",
        "other-months",
        "month-twice",
    ],
)
def test_good_notes_exact(counts, settings_, note, formula):
    """The note says how N was reached (and what to watch); the method and the formula with its numbers and
    rounding have their own columns."""
    row = _one(counts, settings_=settings_)
    assert row.note == note
    assert row.formula == formula
    want = oracle.expected_row(counts, settings_.population_basis, floor=settings_.floor)
    assert (row.population, row.method, row.target) == (want.population, want.method, want.target)
    assert (row.slovin_size, row.km_size) == (want.slovin, want.krejcie_morgan)
    assert (row.old_target, row.change) == (want.old_target, want.change)


@pytest.mark.parametrize(
    "counts, settings_, formula",
    [
        ([10, 20, 31], Settings(), "n = 21 / (1 + 21 × 0,05²) = 19,952 → 20"),
        (
            [31, 31, 31],
            Settings(floor=30),
            "s = 3,841 × 31 × 0,5 × 0,5 / (0,05² × (31 − 1) + 3,841 × 0,5 × 0,5) = 28,754 → 29; batas minimal 30 → 30",
        ),
        ([25, 25, 25], Settings(floor=30), "n = 25 / (1 + 25 × 0,05²) = 23,529 → 24; batas minimal 30 → 25"),
        (
            [32, 32, 32],
            Settings(floor=30),
            "s = 3,841 × 32 × 0,5 × 0,5 / (0,05² × (32 − 1) + 3,841 × 0,5 × 0,5) = 29,61 → 30",
        ),
    ],
    ids=["slovin", "floor", "floor-above-n", "floor-reached"],
)
def test_formula_column_exact(counts, settings_, formula):
    assert _one(counts, settings_=settings_).formula == formula


@pytest.mark.parametrize(
    "satker, counts, note",
    [
        (CellError("#REF!"), [10, 10, 10], "PERIKSA: nama satuan kerja menunjukkan nilai kesalahan #REF!."),
        (
            UncalculatedFormula("=B5&C5"),
            [10, 10, 10],
            "PERIKSA: nama satuan kerja berisi rumus =B5&C5 yang belum pernah dihitung Excel.",
        ),
        (None, [10, 10, 10], "PERIKSA: nama satuan kerja kosong."),
        ("A", [None, 10, 10], "PERIKSA: Januari 2024: jumlah kosong."),
        ("A", [10, -2, 10], "PERIKSA: Februari 2024: jumlah negatif (-2)."),
        ("A", [10, 10, CellError("#N/A")], "PERIKSA: Maret 2024: sel menunjukkan nilai kesalahan #N/A."),
        (
            "A",
            [10, UncalculatedFormula("=SUM(B2:B9)"), 10],
            "PERIKSA: Februari 2024: sel berisi rumus =SUM(B2:B9) yang belum pernah dihitung Excel; buka file di Excel, "
            "simpan sekali, lalu ulangi.",
        ),
        ("A", [10, 10], "PERIKSA: kolom bulan dasar kurang."),
        (
            "",
            [None, "1,000"],
            "PERIKSA: nama satuan kerja kosong; Januari 2024: jumlah kosong; Februari 2024: jumlah '1,000' dapat dibaca dua "
            "cara: 1 (koma sebagai tanda desimal) atau 1.000 (koma sebagai pemisah ribuan gaya Inggris). Tulis tanpa "
            "pemisah (1000) atau dengan titik sebagai pemisah ribuan (1.000); kolom bulan dasar kurang.",
        ),
    ],
    ids=[
        "error-name",
        "uncalculated-name",
        "no-name",
        "blank",
        "negative",
        "error-count",
        "uncalculated",
        "short",
        "all",
    ],
)
def test_problem_notes_exact(satker, counts, note):
    row = _one(counts, satker=satker)
    assert row.note == note
    assert (row.target, row.population, row.method, row.formula, row.ok) == (None, None, None, "", False)
    assert (row.old_target, row.change, row.slovin_size, row.km_size) == (None, None, None, None)


def test_an_error_value_as_a_name_is_never_a_satker():
    rows = [CountRow(CellError("#REF!"), [10, 10, 10], 4), CountRow(CellError("#REF!"), [10, 10, 10], 5)]
    notes = [row.note for row in plan_targets(rows)]
    assert notes == ["PERIKSA: nama satuan kerja menunjukkan nilai kesalahan #REF!."] * 2  # not "ganda" either


@pytest.mark.parametrize(
    "copies, rows_named",
    [
        (2, ["baris 5", "baris 4"]),
        (4, ["baris 5, baris 6, baris 7", "baris 4, baris 6, baris 7"]),
        (5, ["baris 5, baris 6, baris 7 dan 1 baris lain", "baris 4, baris 6, baris 7 dan 1 baris lain"]),
        (7, ["baris 5, baris 6, baris 7 dan 3 baris lain", "baris 4, baris 6, baris 7 dan 3 baris lain"]),
    ],
)
def test_duplicate_notes_name_three_rows_and_count_the_rest(copies, rows_named):
    rows = [CountRow(" lapas a" if index % 2 else "Lapas A", [10, 10, 10], 4 + index) for index in range(copies)]
    targets = plan_targets(rows)
    assert [t.note for t in targets[:2]] == [
        f"PERIKSA: nama satuan kerja ganda (juga di {named}); hapus salah satu." for named in rows_named
    ]
    assert not any(t.ok for t in targets)


def test_duplicates_without_row_numbers():
    first, _ = plan_targets([CountRow("A", [1, 1, 1]), CountRow("a", [1, 1, 1])])
    assert first.note == "PERIKSA: nama satuan kerja ganda (juga di baris lain); hapus salah satu."


def test_the_population_text_exact():
    assert Settings().population([10, 20, 31]) == (21, "N = (10 + 20 + 31) / 3 = 20,33 → 21.")
    assert Settings(population_basis="total").population([1000, 2000, 3001]) == (
        6001,
        "N = 1.000 + 2.000 + 3.001 = 6.001.",
    )
    # one month: nothing to add up or average
    assert Settings(base_period=Period(((2024, 5),))).population([7]) == (7, "N = 7.")
    assert Settings(population_basis="total", base_period=Period(((2024, 5),))).population([7]) == (7, "N = 7.")
    # 2.413 / 201 = 12,00498: two decimals would show a whole "12" rounded up to 13, so four are shown
    assert Settings().population([12] * 200 + [13]) == (
        13,
        f"N = ({' + '.join(['12'] * 200)} + 13) / 201 = 12,005 → 13.",
    )
    # 30.001 / 2.500 = 12,0004: three decimals would show "12" too; four are shown
    assert Settings().population([12] * 2499 + [13])[1].endswith(") / 2500 = 12,0004 → 13.")
    # two months added up: both shown
    assert Settings(population_basis="total").population([10, 20]) == (30, "N = 10 + 20 = 30.")


def test_settings_take_periods_not_texts():
    # a text would pass unnoticed until a month header is built from it: refused where the settings are made
    with pytest.raises(TypeError, match=r"^base_period must be a Period, not 'Januari–Maret 2024'$"):
        Settings(base_period="Januari–Maret 2024")
    with pytest.raises(TypeError, match=r"^target_period must be a Period, not None$"):
        Settings(target_period=None)


def test_problems_lines_exact():
    targets = plan_targets(
        [
            CountRow("  ", [1, 1, 1], 3),
            CountRow("B", [-1, 1, 1], 4),
            CountRow(12345.0, [None, 1, 1]),
            CountRow("C", [1, 1, 1], 6),
        ]
    )
    assert problems(targets) == [
        "baris 3 (tanpa nama): PERIKSA: nama satuan kerja kosong.",
        "baris 4 (B): PERIKSA: Januari 2024: jumlah negatif (-1).",
        "baris ? (12345): PERIKSA: Januari 2024: jumlah kosong.",
    ]


def test_settings_error_messages_exact():
    def user(cells):
        with pytest.raises(InputError) as raised:
            Settings.from_cells(cells)
        return raised.value.user_message

    assert user({"Slovin_e": 1.5}) == (
        "Pengaturan 'e (batas toleransi kesalahan Slovin)' harus angka di antara 0 dan 1 (misalnya 0,05 atau 5%), "
        "bukan 1,5"
    )
    assert user({"KM_P": "abc"}) == (
        "Pengaturan 'P (proporsi populasi)' harus angka di antara 0 dan 1 (misalnya 0,05 atau 5%), bukan 'abc'"
    )
    assert user({"Ambang_N": -1}) == "Pengaturan 'Ambang N (batas metode)' harus bilangan bulat ≥ 0, bukan -1"
    assert user({"Batas_Minimal": "2,5"}) == (
        "Pengaturan 'Batas minimal responden (boleh kosong)' harus bilangan bulat ≥ 0, bukan '2,5'"
    )
    assert user({"Pembulatan_KM": "bawah"}) == (
        "Pengaturan 'Pembulatan Krejcie & Morgan' harus 'ke atas' atau 'terdekat', bukan 'bawah'"
    )
    # neither a period with its year nor the previous release's list of full month names
    assert user({"Bulan_Dasar": "Jan"}) == (
        "Pengaturan 'Periode dasar (populasi)': 'Jan' tidak dapat dibaca: tahun tidak ditulis (yang terbaca: "
        "Januari). Contoh penulisan: Januari–Maret 2025"
    )
    assert user({"Dasar_N": None}) == (
        "Pengaturan 'Populasi N dihitung dari' harus 'rata-rata per bulan' atau 'jumlah seluruh bulan dasar', "
        "bukan kosong"
    )
    assert user({"KM_d": CellError("#DIV/0!")}) == (
        "Pengaturan 'd (derajat ketelitian Krejcie & Morgan)': sel menunjukkan nilai kesalahan #DIV/0!"
    )
    assert user({"Ambang_N": UncalculatedFormula("=30")}) == (
        "Pengaturan 'Ambang N (batas metode)': sel berisi rumus =30 yang belum pernah dihitung Excel; buka file di "
        "Excel, simpan sekali, lalu ulangi"
    )


@pytest.mark.parametrize(
    "cells, field_, value",
    [
        ({"Batas_Minimal": None}, "floor", None),
        ({"Batas_Minimal": "  "}, "floor", None),
        ({"Batas_Minimal": 30.0}, "floor", 30),
        ({"Batas_Minimal": "30"}, "floor", 30),
        ({"Dasar_N": "jumlah seluruh bulan dasar"}, "population_basis", "total"),
        ({"Dasar_N": " Rata-rata  per bulan "}, "population_basis", "average"),
        ({"Dasar_N": "total"}, "population_basis", "total"),
        # the previous release's form (full names, no year), an empty item skipped: read in 2024
        ({"Bulan_Dasar": "Juli,, Agustus"}, "base_period", Period(((2024, 7), (2024, 8)))),
    ],
    ids=repr,
)
def test_settings_read(cells, field_, value):
    assert getattr(Settings.from_cells(cells), field_) == value


def test_settings_describe_exact():
    assert Settings().describe() == (
        "Ambang N (batas metode): 30; e (batas toleransi kesalahan Slovin): 0,05; Pembulatan Slovin: ke atas; "
        "d (derajat ketelitian Krejcie & Morgan): 0,05; Tingkat kepercayaan Krejcie & Morgan: 0,95; "
        "P (proporsi populasi): 0,5; Pembulatan Krejcie & Morgan: terdekat; Periode dasar (populasi): "
        "Januari–Maret 2024; Periode target: Juli–Desember 2024; Populasi N dihitung dari: rata-rata per bulan; "
        "Batas minimal responden (boleh kosong): kosong"
    )
    described = Settings(floor=1500, population_basis="total").describe()
    assert described.endswith(
        "; Periode target: Juli–Desember 2024; Populasi N dihitung dari: jumlah seluruh bulan dasar; "
        "Batas minimal responden (boleh kosong): 1.500"
    )


def test_settings_made_in_code_are_checked_when_made():
    with pytest.raises(InputError) as raised:
        Settings(slovin_error=1.5)
    assert raised.value.user_message == "e harus angka di antara 0 dan 1 (misalnya 0,05), bukan 1,5"
    with pytest.raises(InputError):
        Settings(floor=-1)


def test_settings_from_named_cells():
    from xl_addin.plan import settings_from_named_cells

    settings_, missing = settings_from_named_cells({"Slovin_e": 0.1, "Ambang_N": 20}, {})
    assert (settings_.slovin_error, settings_.threshold) == (0.1, 20)
    assert missing == (
        "Pembulatan_Slovin",
        "KM_d",
        "KM_Kepercayaan",
        "KM_P",
        "Pembulatan_KM",
        "Bulan_Dasar",
        "Bulan_Target",
        "Dasar_N",
        "Batas_Minimal",
    )
    with pytest.raises(XlAddinError) as raised:
        settings_from_named_cells({}, {"KM_d": "#REF!"})
    assert "KM_d" in str(raised.value) and "d (derajat ketelitian Krejcie & Morgan)" in raised.value.user_message


def test_notices_exact():
    from xl_addin.plan import (
        comparison_with_old_rule,
        example_rows_notice,
        missing_settings_notice,
        outside_table_notice,
    )

    assert missing_settings_notice([]) == ""
    assert missing_settings_notice(["Slovin_e", "Batas_Minimal"]) == (
        "Perhatian: sel pengaturan berikut tidak ditemukan di sheet Pengaturan, maka digunakan nilai bawaan: "
        "e (batas toleransi kesalahan Slovin), Batas minimal responden (boleh kosong). Gunakan templat asli bila "
        "pengaturan perlu diubah."
    )
    assert outside_table_notice("PenggunaLayanan", "Pengguna Layanan", 31, [None, "  ", "Lapas Baru", 5]) == (
        "Perhatian: baris 31 di bawah tabel PenggunaLayanan (sheet 'Pengguna Layanan') berisi data ('Lapas Baru') "
        "tetapi berada di luar tabel, sehingga tidak dihitung. Perpanjang tabel: tarik tanda sudut kanan bawah "
        "tabel ke bawah, atau Desain Tabel → Ubah Ukuran Tabel."
    )
    assert outside_table_notice("PenggunaLayanan", "Pengguna Layanan", 31, [None, "", " "]) == ""
    assert outside_table_notice("T", "S", 9, [0]) != ""  # a zero is data
    targets = plan_targets(
        [
            CountRow("CONTOH Lapas", [100, 100, 100]),  # 80: up from 30
            CountRow("contoh rutan", [12, 12, 12]),  # 12: the old rule also asked all 12
            CountRow("Bapas", [29, 29, 29]),  # 28: down from 29
            CountRow("Rusak", [None, 1, 1]),
        ]
    )
    assert example_rows_notice(targets) == (
        "Perhatian: tabel Pengguna Layanan masih memuat 2 baris CONTOH (data fiktif dari templat). Hapus baris "
        "tersebut atau ganti dengan data satker Anda sebelum target dikirim."
    )
    assert example_rows_notice(targets[2:]) == ""
    assert comparison_with_old_rule(targets) == (
        "Dibandingkan aturan lama (30 responden, atau seluruh pengguna layanan bila N lebih kecil): target 1 "
        "satker naik, 1 satker turun, 1 satker tetap."
    )
    assert comparison_with_old_rule(targets[3:]) == ""
    # one more respondent than the old 30 is up too: N = 34 → 31,2 → 31
    assert comparison_with_old_rule(plan_targets([CountRow("Lapas", [34, 34, 34])])) == (
        "Dibandingkan aturan lama (30 responden, atau seluruh pengguna layanan bila N lebih kecil): target 1 "
        "satker naik, 0 satker turun, 0 satker tetap."
    )


def test_outcome_message_exact():
    from xl_addin.plan import Outcome

    rows = [CountRow("Lapas", [100, 100, 100], 4)] + [CountRow(f"S{i}", [None, 1, 1], 5 + i) for i in range(17)]
    targets = plan_targets(rows)
    outcome = Outcome.of(targets, Settings(), missing=["KM_P"], notices=["Catatan lain.", ""])
    assert outcome.summary() == "Target 1 satker berhasil dihitung, 17 baris perlu diperiksa."
    lines = outcome.message("Hitung Target selesai.").split("\n")
    assert lines[:6] == [
        "Hitung Target selesai.",
        "Target 1 satker berhasil dihitung, 17 baris perlu diperiksa.",
        "Dibandingkan aturan lama (30 responden, atau seluruh pengguna layanan bila N lebih kecil): target 1 "
        "satker naik, 0 satker turun, 0 satker tetap.",
        "Perhatian: sel pengaturan berikut tidak ditemukan di sheet Pengaturan, maka digunakan nilai bawaan: "
        "P (proporsi populasi). Gunakan templat asli bila pengaturan perlu diubah.",
        "Catatan lain.",
        "",
    ]
    assert lines[6:] == [
        *(f"baris {5 + i} (S{i}): PERIKSA: Januari 2024: jumlah kosong." for i in range(15)),
        "… dan 2 baris lain (lihat kolom Keterangan).",
    ]
    good = Outcome.of(targets[:1], Settings())
    assert good.summary() == "Target 1 satker berhasil dihitung."
    assert good.message("Selesai.") == (
        "Selesai.\nTarget 1 satker berhasil dihitung.\nDibandingkan aturan lama (30 responden, atau seluruh "
        "pengguna layanan bila N lebih kecil): target 1 satker naik, 0 satker turun, 0 satker tetap."
    )
    fifteen = Outcome.of(targets[:16], Settings())
    assert fifteen.message("x").split("\n")[-1] == "baris 19 (S14): PERIKSA: Januari 2024: jumlah kosong."
    assert Outcome.of([], Settings()).message("Kosong.") == "Kosong.\nTarget 0 satker berhasil dihitung."


def test_read_count_of_formula_cells():
    from xl_addin.plan import read_count

    assert read_count(12.0) == 12 and read_count("1.234") == 1234
    with pytest.raises(InputError) as raised:
        read_count(CellError("#VALUE!"))
    assert raised.value.user_message == "sel menunjukkan nilai kesalahan #VALUE!"
    assert UncalculatedFormula("=A1").formula == "=A1"


def test_target_row_properties_of_a_row_made_in_code():
    assert TargetRow("Lapas", population=12).change is None  # no target: no change
    assert TargetRow("Lapas", population=12).old_target == 12 and TargetRow("Lapas").old_target is None
    assert TargetRow("Lapas", population=100, target=80).change == 50


def test_target_row_properties():
    row = _one([12345, 12345, 12345], satker=12345.0)
    assert row.name == "12345" and not row.is_example
    assert _one([1, 1, 1], satker=" Contoh  satker").is_example
    assert _one([1, 1, 1], satker="Satker CONTOH").is_example is False
    assert row.where() == "baris 7" and _one([1, 1, 1], source_row=None).where() == "baris ?"
