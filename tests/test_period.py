"""xl_addin.period: the period as data, read strictly from Indonesian text, written back the civil-service way.

Every expected period and message here is written by hand; the month names are checked against CLDR (Babel).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from babel.dates import get_month_names
from hypothesis import given, settings
from hypothesis import strategies as st
from support import write_realisation

from xl_addin import layout
from xl_addin.build.template import build_workbook
from xl_addin.errors import InputError, LayoutError
from xl_addin.period import (
    SHORT_MONTHS,
    Period,
    month_label,
    previous_release_period,
    read_month_header,
    short_month_label,
)
from xl_addin.plan import CountRow, Settings, plan_targets
from xl_addin.survey_indices import IKM_ELEMENTS
from xl_addin.survey_workbook import import_survey
from xl_addin.workbook import fill

Q1_2025 = ((2025, 1), (2025, 2), (2025, 3))
SEMESTER_II_2025 = ((2025, 7), (2025, 8), (2025, 9), (2025, 10), (2025, 11), (2025, 12))
OCT_2024_TO_MAR_2025 = ((2024, 10), (2024, 11), (2024, 12), (2025, 1), (2025, 2), (2025, 3))


def months(text: object) -> tuple[tuple[int, int], ...]:
    return Period.parse(text).months


# --------------------------------------------------------------------------- reading


@pytest.mark.parametrize(
    "text, expected",
    [
        # one year
        ("Januari–Maret 2025", Q1_2025),
        ("Juli–Desember 2025", SEMESTER_II_2025),
        ("Januari-Maret 2025", Q1_2025),  # hyphen
        ("Januari — Maret 2025", Q1_2025),  # em dash
        ("Januari − Maret 2025", Q1_2025),  # minus sign
        ("Januari s.d. Maret 2025", Q1_2025),
        ("Januari s.d Maret 2025", Q1_2025),
        ("Januari S.D. Maret 2025", Q1_2025),
        ("Januari s/d Maret 2025", Q1_2025),
        ("Januari sampai Maret 2025", Q1_2025),
        ("Januari sampai dengan Maret 2025", Q1_2025),
        ("Januari hingga Maret 2025", Q1_2025),
        ("Januari, Februari, Maret 2025", Q1_2025),
        ("Januari, Februari dan Maret 2025", Q1_2025),
        ("Januari, Februari, dan Maret 2025", Q1_2025),
        ("Januari; Februari; Maret 2025", Q1_2025),
        ("Jan, Feb dan Mar 2025", Q1_2025),
        ("Jan.–Mar. 2025", Q1_2025),
        ("jan-mar 2025", Q1_2025),
        ("JANUARI–MARET 2025", Q1_2025),
        ("  Januari   –   Maret    2025  ", Q1_2025),
        ("Januari–Maret2025", Q1_2025),
        ("Januari\u00a0–\u00a0Maret\u00a02025", Q1_2025),  # no-break spaces, as pasted from a letter
        ("Januari 2025, Februari 2025, Maret 2025", Q1_2025),  # a year per month
        ("Januari 2025–Maret 2025", Q1_2025),
        ("Maret 2025, Januari 2025, Februari 2025", Q1_2025),  # own years: the order does not matter
        ("Jul 2025", ((2025, 7),)),
        ("Januari, Maret dan Mei 2025", ((2025, 1), (2025, 3), (2025, 5))),
        ("Januari–Maret dan Juli 2025", ((2025, 1), (2025, 2), (2025, 3), (2025, 7))),
        # across a year boundary
        ("Oktober 2024–Maret 2025", OCT_2024_TO_MAR_2025),
        ("Okt 2024 s.d. Mar 2025", OCT_2024_TO_MAR_2025),
        ("Oktober–Desember 2024 dan Januari–Maret 2025", OCT_2024_TO_MAR_2025),
        ("Oktober, November, Desember 2024, Januari, Februari, Maret 2025", OCT_2024_TO_MAR_2025),
        ("Oktober 2024–Desember 2024", ((2024, 10), (2024, 11), (2024, 12))),
        ("Desember 2024 dan Januari 2025", ((2024, 12), (2025, 1))),
        # a second year and the edges of the years accepted
        ("Januari–Juni 2026", tuple((2026, m) for m in range(1, 7))),
        ("Desember 2000", ((2000, 12),)),
        ("Januari 2100", ((2100, 1),)),
        # 24 months: the longest period
        ("Januari 2025–Desember 2026", tuple((y, m) for y in (2025, 2026) for m in range(1, 13))),
    ],
    ids=repr,
)
def test_accepted_texts(text, expected):
    assert months(text) == expected


# Month numbers by CLDR's Indonesian names, not by the module's own table.
CLDR_WIDE = dict(get_month_names("wide", locale="id"))
CLDR_SHORT = dict(get_month_names("abbreviated", locale="id"))


@pytest.mark.parametrize("number", range(1, 13))
def test_every_month_name_and_abbreviation(number):
    for written in (
        CLDR_WIDE[number],
        CLDR_WIDE[number].upper(),
        CLDR_WIDE[number].lower(),
        CLDR_SHORT[number],
        CLDR_SHORT[number] + ".",
        CLDR_SHORT[number].lower() + ".",
    ):
        assert months(f"{written} 2025") == ((2025, number),), written


@pytest.mark.parametrize(
    "written, number",
    [("Agt", 8), ("Ags", 8), ("agt.", 8), ("Sept", 9), ("Sept.", 9), ("Pebruari", 2), ("Nopember", 11)],
)
def test_other_spellings_seen_in_letters(written, number):
    assert months(f"{written} 2025") == ((2025, number),)


def test_the_module_writes_cldr_month_names():
    assert tuple(CLDR_SHORT[n] for n in range(1, 13)) == SHORT_MONTHS
    assert [month_label(2025, n).split()[0] for n in range(1, 13)] == [CLDR_WIDE[n] for n in range(1, 13)]


@pytest.mark.parametrize(
    "cell, expected",
    [
        (dt.datetime(2025, 7, 1), ((2025, 7),)),  # Excel turns "Jul 2025" typed in a cell into a date
        (dt.datetime(2024, 12, 31, 23, 59), ((2024, 12),)),
        (dt.date(2026, 2, 14), ((2026, 2),)),
    ],
    ids=repr,
)
def test_a_date_cell_is_its_month(cell, expected):
    assert months(cell) == expected


# --------------------------------------------------------------------------- refusing, with the whole message


@pytest.mark.parametrize(
    "cell, message",
    [
        (
            "Januari–Maert 2025",
            "'Januari–Maert 2025' tidak dapat dibaca: 'Maert' bukan nama bulan (yang terbaca: Januari 2025). "
            "Contoh penulisan: Januari–Maret 2025",
        ),
        (
            "March 2025",
            "'March 2025' tidak dapat dibaca: 'March' bukan nama bulan. Contoh penulisan: Januari–Maret 2025",
        ),
        (
            "Triwulan I 2025",
            "'Triwulan I 2025' tidak dapat dibaca: 'Triwulan' bukan nama bulan. Contoh penulisan: Januari–Maret 2025",
        ),
        (
            "Januari–Maret",
            "'Januari–Maret' tidak dapat dibaca: tahun tidak ditulis (yang terbaca: Januari–Maret). "
            "Contoh penulisan: Januari–Maret 2025",
        ),
        (
            "Januari, Februari, Maret",  # the previous release's form is read only where a setting allows it
            "'Januari, Februari, Maret' tidak dapat dibaca: tahun tidak ditulis (yang terbaca: Januari, Februari, "
            "Maret). Contoh penulisan: Januari–Maret 2025",
        ),
        (
            "Januari 2025–Maret",
            "'Januari 2025–Maret' tidak dapat dibaca: Maret tanpa tahun (yang terbaca: Januari 2025–Maret). "
            "Contoh penulisan: Januari–Maret 2025",
        ),
        (
            "Oktober 2024–Desember, Januari",
            "'Oktober 2024–Desember, Januari' tidak dapat dibaca: Desember dan Januari tanpa tahun (yang terbaca: "
            "Oktober 2024–Desember, Januari). Contoh penulisan: Januari–Maret 2025",
        ),
        (
            "Januari 1999",
            "'Januari 1999' tidak dapat dibaca: tahun 1999 di luar 2000–2100 (yang terbaca: Januari). "
            "Contoh penulisan: Januari–Maret 2025",
        ),
        (
            "Desember 2100–Januari 2101",
            "'Desember 2100–Januari 2101' tidak dapat dibaca: tahun 2101 di luar 2000–2100 (yang terbaca: "
            "Desember 2100–Januari). Contoh penulisan: Januari–Maret 2025",
        ),
        (
            "Januari 25",
            "'Januari 25' tidak dapat dibaca: '25' bukan tahun (tahun ditulis empat angka, misalnya 2025) "
            "(yang terbaca: Januari). Contoh penulisan: Januari–Maret 2025",
        ),
        (
            "Mei, Mei 2025",
            "'Mei, Mei 2025' tidak dapat dibaca: Mei 2025 tertulis dua kali (yang terbaca: Mei 2025, Mei 2025). "
            "Contoh penulisan: Januari–Maret 2025",
        ),
        (
            "Januari–Maret, Februari 2025",
            "'Januari–Maret, Februari 2025' tidak dapat dibaca: Februari 2025 tertulis dua kali (yang terbaca: "
            "Januari 2025–Maret 2025, Februari 2025). Contoh penulisan: Januari–Maret 2025",
        ),
        (
            "Januari 2025–Maret 2025, Februari 2025",
            "'Januari 2025–Maret 2025, Februari 2025' tidak dapat dibaca: Februari 2025 tertulis dua kali (yang "
            "terbaca: Januari 2025–Maret 2025, Februari 2025). Contoh penulisan: Januari–Maret 2025",
        ),
        (
            "Maret 2025–Januari 2025",
            "'Maret 2025–Januari 2025' tidak dapat dibaca: akhir rentang, Januari 2025, mendahului awalnya, "
            "Maret 2025 (yang terbaca: Maret 2025–Januari 2025). Contoh penulisan: Oktober 2024–Maret 2025",
        ),
        (
            "Maret 2026–Juni 2025",
            "'Maret 2026–Juni 2025' tidak dapat dibaca: akhir rentang, Juni 2025, mendahului awalnya, Maret 2026 "
            "(yang terbaca: Maret 2026–Juni 2025). Contoh penulisan: Oktober 2024–Maret 2025",
        ),
        (
            "Januari–Januari 2025",
            "'Januari–Januari 2025' tidak dapat dibaca: awal dan akhir rentang sama-sama Januari 2025; untuk satu "
            "bulan tulis bulan itu saja (yang terbaca: Januari 2025–Januari 2025). Contoh penulisan: Januari 2025",
        ),
        (
            # two readings: the year is March's (October 2024) or October's (March 2026)
            "Oktober–Maret 2025",
            "'Oktober–Maret 2025' dapat dibaca dua cara: Oktober 2024–Maret 2025 atau Oktober 2025–Maret 2026. "
            "Tulis tahun pada bulan-bulan yang dimaksud, misalnya Oktober 2024–Maret 2025",
        ),
        (
            # two readings: both months in 2025 written out of order, or December of the year before
            "Desember, Januari 2025",
            "'Desember, Januari 2025' dapat dibaca dua cara: Januari dan Desember 2025 atau Desember 2024–Januari "
            "2025. Tulis tahun pada bulan-bulan yang dimaksud, misalnya Oktober 2024–Maret 2025",
        ),
        (
            "Januari 2024–Desember 2026",
            "'Januari 2024–Desember 2026' tidak dapat dibaca: periode 36 bulan lebih panjang dari batas 24 bulan "
            "(yang terbaca: Januari 2024–Desember 2026). Contoh penulisan: Januari–Maret 2025",
        ),
        (
            "Januari 2025–Januari 2027",  # one month over the limit, in one range
            "'Januari 2025–Januari 2027' tidak dapat dibaca: periode 25 bulan lebih panjang dari batas 24 bulan "
            "(yang terbaca: Januari 2025–Januari 2027). Contoh penulisan: Januari–Maret 2025",
        ),
        (
            "Januari–Desember 2025, Januari–Desember 2026, Januari 2027",
            "'Januari–Desember 2025, Januari–Desember 2026, Januari 2027' tidak dapat dibaca: periode 25 bulan lebih "
            "panjang dari batas 24 bulan (yang terbaca: Januari 2025–Desember 2025, Januari 2026–Desember 2026, "
            "Januari 2027). Contoh penulisan: Januari–Maret 2025",
        ),
        (
            "Januari Maret 2025",
            "'Januari Maret 2025' tidak dapat dibaca: tidak ada pemisah sebelum 'Maret' (pakai koma, 'dan' atau "
            "tanda rentang '–') (yang terbaca: Januari 2025, Maret 2025). Contoh penulisan: Januari–Maret 2025",
        ),
        (
            "Januari–Maret–Juni 2025",
            "'Januari–Maret–Juni 2025' tidak dapat dibaca: tanda rentang '–' kedua: satu rentang hanya memiliki satu "
            "awal dan satu akhir (yang terbaca: Januari 2025–Maret 2025–Juni 2025). Contoh penulisan: Januari–Maret "
            "2025",
        ),
        (
            "–Maret 2025",
            "'–Maret 2025' tidak dapat dibaca: '–' tidak didahului nama bulan (yang terbaca: Maret 2025). "
            "Contoh penulisan: Januari–Maret 2025",
        ),
        (
            "Januari, , Maret 2025",
            "'Januari, , Maret 2025' tidak dapat dibaca: ',' tidak didahului nama bulan (yang terbaca: Januari 2025, "
            "Maret 2025). Contoh penulisan: Januari–Maret 2025",
        ),
        (
            "Januari–",
            "'Januari–' tidak dapat dibaca: '–' tidak diikuti nama bulan (yang terbaca: Januari). "
            "Contoh penulisan: Januari–Maret 2025",
        ),
        (
            "Januari 2025 2026",
            "'Januari 2025 2026' tidak dapat dibaca: tahun 2026 tidak didahului nama bulan (yang terbaca: "
            "Januari 2025). Contoh penulisan: Januari–Maret 2025",
        ),
        (
            "2025 Januari",
            "'2025 Januari' tidak dapat dibaca: tahun 2025 tidak didahului nama bulan (yang terbaca: Januari). "
            "Contoh penulisan: Januari–Maret 2025",
        ),
        (
            "Januari/Maret 2025",
            "'Januari/Maret 2025' tidak dapat dibaca: tanda '/' tidak dikenal (yang terbaca: Januari 2025, Maret "
            "2025). Contoh penulisan: Januari–Maret 2025",
        ),
        ("", "periode kosong. Contoh penulisan: Januari–Maret 2025"),
        ("   ", "periode kosong. Contoh penulisan: Januari–Maret 2025"),
        (None, "periode kosong. Contoh penulisan: Januari–Maret 2025"),
        (True, "nilai logika TRUE bukan periode. Contoh penulisan: Januari–Maret 2025"),
        (2025, "angka 2025 hanya tahun, tanpa bulan. Contoh penulisan: Januari–Maret 2025"),
        (2026.0, "angka 2026 hanya tahun, tanpa bulan. Contoh penulisan: Januari–Maret 2026"),
        (3, "angka 3 bukan periode; tulis nama bulan dan tahunnya. Contoh penulisan: Januari–Maret 2025"),
        (
            45658.0,  # a date serial shown as a number: the cell shows 45.658, not a month
            "angka 45.658 bukan periode; tulis nama bulan dan tahunnya. Contoh penulisan: Januari–Maret 2025",
        ),
        (
            dt.date(1999, 12, 1),
            "tanggal 1 Desember 1999: tahun 1999 di luar 2000–2100. Contoh penulisan: Januari–Maret 2025",
        ),
    ],
    ids=repr,
)
def test_refused_with_what_was_understood(cell, message):
    with pytest.raises(InputError) as excinfo:
        Period.parse(cell)
    assert excinfo.value.user_message == message
    assert str(excinfo.value) != message  # the English half is English


def test_a_long_paste_is_shortened_in_the_message():
    text = "Januari–Maret 2025 " + "catatan " * 20
    with pytest.raises(InputError) as excinfo:
        Period.parse(text)
    shown = excinfo.value.user_message.split("' tidak dapat dibaca")[0]
    assert len(shown) <= 81 and "…" in shown and excinfo.value.user_message.endswith("Januari–Maret 2025")


# --------------------------------------------------------------------------- writing


@pytest.mark.parametrize(
    "keys, label, short",
    [
        (Q1_2025, "Januari–Maret 2025", "Jan–Mar 2025"),
        (SEMESTER_II_2025, "Juli–Desember 2025", "Jul–Des 2025"),
        (OCT_2024_TO_MAR_2025, "Oktober 2024–Maret 2025", "Okt 2024–Mar 2025"),
        (((2025, 7),), "Juli 2025", "Jul 2025"),
        (((2025, 1), (2025, 2)), "Januari–Februari 2025", "Jan–Feb 2025"),
        (((2024, 12), (2025, 1)), "Desember 2024–Januari 2025", "Des 2024–Jan 2025"),
        (((2025, 1), (2025, 3), (2025, 5)), "Januari, Maret dan Mei 2025", "Jan, Mar dan Mei 2025"),
        (((2025, 1), (2025, 3)), "Januari dan Maret 2025", "Jan dan Mar 2025"),
        (
            ((2024, 10), (2024, 12), (2025, 2)),
            "Oktober 2024, Desember 2024 dan Februari 2025",
            "Okt 2024, Des 2024 dan Feb 2025",
        ),
    ],
)
def test_labels(keys, label, short):
    period = Period(keys)
    assert (period.label, period.short_label, str(period)) == (label, short, label)
    assert Period.parse(label) == period and Period.parse(short) == period


def test_month_labels():
    assert month_label(2025, 7) == "Juli 2025" and short_month_label(2025, 8) == "Agu 2025"
    period = Period(OCT_2024_TO_MAR_2025)
    assert period.month_labels == (
        "Oktober 2024",
        "November 2024",
        "Desember 2024",
        "Januari 2025",
        "Februari 2025",
        "Maret 2025",
    )
    assert period.month_names == ("Oktober", "November", "Desember", "Januari", "Februari", "Maret")


def _month_after(start: tuple[int, int], offset: int) -> tuple[int, int]:
    year, month = start
    return year + (month - 1 + offset) // 12, (month - 1 + offset) % 12 + 1


periods = st.builds(
    lambda start, offsets: Period(tuple(sorted(_month_after(start, offset) for offset in offsets))),
    st.tuples(st.integers(2000, 2098), st.integers(1, 12)),
    st.sets(st.integers(0, 23), min_size=1, max_size=24),
)


@settings(max_examples=300, deadline=None)
@given(period=periods)
def test_every_label_reads_back_as_its_period(period):
    assert Period.parse(period.label) == period
    assert Period.parse(period.short_label) == period
    assert Period.parse(period.label.upper()) == period


# --------------------------------------------------------------------------- using it


def test_the_period_as_the_adapters_use_it():
    period = Period.parse("Oktober 2024–Maret 2025")
    assert list(period) == list(OCT_2024_TO_MAR_2025) and len(period) == 6
    assert period.first == (2024, 10) and period.last == (2025, 3)
    assert period.years == (2024, 2025) and period.is_contiguous
    assert period.contains(2025, 1) and (2024, 12) in period
    assert not period.contains(2024, 1) and not period.contains(2025, 10) and (2025, 4) not in period
    assert not Period.parse("Januari, Maret 2025").is_contiguous
    assert Period.parse("Juli 2025").years == (2025,)


def test_next_like_is_the_same_months_a_year_later():
    assert Period.parse("Januari–Maret 2025").next_like() == Period.parse("Januari–Maret 2026")
    assert Period.parse("Oktober 2024–Maret 2025").next_like().label == "Oktober 2025–Maret 2026"
    assert Period.parse("Januari, Maret dan Mei 2025").next_like().label == "Januari, Maret dan Mei 2026"
    with pytest.raises(InputError) as excinfo:
        Period.parse("Juli–Desember 2100").next_like()
    assert excinfo.value.user_message == "tahun 2101 di luar 2000–2100"


def test_between_and_the_constructor():
    assert Period.between((2024, 11), (2025, 2)).months == ((2024, 11), (2024, 12), (2025, 1), (2025, 2))
    with pytest.raises(InputError) as excinfo:
        Period.between((2024, 1), (2026, 1))
    assert excinfo.value.user_message == "periode 25 bulan lebih panjang dari batas 24 bulan"
    with pytest.raises(ValueError):
        Period(((2025, 3), (2025, 1)))  # not in calendar order: a programming error
    with pytest.raises(InputError):
        Period(())


# --------------------------------------------------------------------------- column headers


@pytest.mark.parametrize(
    "header, prefix, expected",
    [
        ("Januari 2025", "", (2025, 1)),
        ("januari  2025", "", (2025, 1)),
        (" JANUARI 2025 ", "", (2025, 1)),
        ("Jan 2025", "", (2025, 1)),
        ("Jan. 2025", "", (2025, 1)),
        ("Agt 2025", "", (2025, 8)),
        ("Januari", "", (None, 1)),
        ("Des", "", (None, 12)),
        (dt.datetime(2025, 2, 1), "", (2025, 2)),
        ("SPKP Juli 2025", "SPKP", (2025, 7)),
        ("spkp  juli 2025", "SPKP", (2025, 7)),
        ("SPKP Juli", "SPKP", (None, 7)),
        ("SPAK Juli 2025", "SPKP", None),
        ("% SPKP Juli 2025", "SPKP", None),
        ("SPKP Juli 2025", "", None),
        ("Satuan Kerja", "", None),
        ("Januari 2025 (revisi)", "", None),
        ("Maert 2025", "", None),
        (2025, "", None),
        (None, "", None),
    ],
    ids=repr,
)
def test_reading_a_month_header(header, prefix, expected):
    assert read_month_header(header, prefix) == expected


def test_headers_matched_to_the_period():
    period = Period.parse("Oktober 2024–Maret 2025")
    assert period.month_of("Oktober 2024") == (2024, 10)
    assert period.month_of("jan 2025") == (2025, 1)
    assert period.month_of("Januari") == (2025, 1)  # no year: the period has January once
    assert period.month_of("Januari 2024") is None  # another year: outside the period
    assert period.month_of("April") is None and period.month_of("Satuan Kerja") is None
    headers = ["Satuan Kerja", "Okt 2024", "November 2024", "desember  2024", "Januari", "Feb 2025", "Maret 2025"]
    assert period.locate(headers) == (1, 2, 3, 4, 5, 6)
    realisation = ["Satuan Kerja", "Target per Bulan", "SPKP Juli 2025", "SPAK Juli 2025", "SPKP Agustus 2025"]
    assert Period.parse("Juli–Agustus 2025").locate(realisation, prefix="SPKP") == (2, 4)
    assert Period.parse("Juli 2025").locate(realisation, prefix="SPAK") == (3,)


def test_header_errors():
    thirteen = Period.parse("Juli 2024–Juli 2025")
    with pytest.raises(LayoutError) as excinfo:
        thirteen.month_of("Juli", table="PenggunaLayanan")
    assert excinfo.value.user_message == (
        "Judul kolom 'Juli' tabel 'PenggunaLayanan' tidak menyebut tahun, padahal periode Juli 2024–Juli 2025 memuat "
        "Juli 2 kali (Juli 2024 dan Juli 2025). Tulis tahunnya pada judul kolom, misalnya 'Juli 2024'."
    )
    assert thirteen.month_of("Juli 2025") == (2025, 7)

    period = Period.parse("Januari–Maret 2025")
    with pytest.raises(LayoutError) as excinfo:
        period.locate(["Satuan Kerja", "Januari 2025", "Februari 2025"], table="PenggunaLayanan")
    assert excinfo.value.user_message == (
        "Tabel 'PenggunaLayanan' tidak memiliki kolom 'Maret 2025'. "
        "Kolom yang ada: Satuan Kerja, Januari 2025, Februari 2025."
    )
    with pytest.raises(LayoutError) as excinfo:  # a 2024 header is not March 2025
        period.locate(["Januari 2025", "Februari 2025", "Maret 2024"], table="PenggunaLayanan")
    assert "tidak memiliki kolom 'Maret 2025'" in excinfo.value.user_message
    with pytest.raises(LayoutError) as excinfo:
        period.locate(["Januari", "Januari 2025", "Februari 2025", "Maret 2025"], table="PenggunaLayanan")
    assert excinfo.value.user_message == (
        "Tabel 'PenggunaLayanan' memiliki 2 kolom untuk Januari 2025: 'Januari', 'Januari 2025'. "
        "Hapus salah satunya atau perbaiki judulnya."
    )
    with pytest.raises(LayoutError) as excinfo:
        Period.parse("Juli 2025").locate(["SPKP Agustus 2025"], prefix="SPKP", table="RealisasiResponden")
    assert excinfo.value.user_message == (
        "Tabel 'RealisasiResponden' tidak memiliki kolom 'SPKP Juli 2025'. Kolom yang ada: SPKP Agustus 2025."
    )


# --------------------------------------------------------------------------- the previous release's cells


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("Januari, Februari, Maret", ((2024, 1), (2024, 2), (2024, 3))),
        ("juli; AGUSTUS", ((2024, 7), (2024, 8))),
        ("Desember, Januari", ((2024, 1), (2024, 12))),  # that release put both in 2024
        ("Juli, Agustus, September, Oktober, November, Desember", tuple((2024, m) for m in range(7, 13))),
        ("Jan, Feb, Mar", None),  # that release accepted full names only
        ("Januari–Maret", None),
        ("Januari, Januari", None),
        ("Januari–Maret 2025", None),
        ("", None),
        (None, None),
        (2024, None),
    ],
    ids=repr,
)
def test_previous_release_period(cell, expected):
    period = previous_release_period(cell)
    assert (period.months if period else None) == expected


# --------------------------------------------------------------------------- the periods on a workbook

SATKER = "Satker Contoh A"  # an invented name: an example


def _workbook(path: Path, cells: dict[str, object]) -> Path:
    """The template's sheets (no VBA), one satker in Realisasi, ``cells`` {defined name: value} typed in."""
    book = build_workbook()
    write_realisation(book, [SATKER])
    for name, value in cells.items():
        ((sheet, cell),) = book.defined_names[name].destinations
        book[sheet][cell.replace("$", "")] = value
    book.save(path)
    return path


def _spkp_export(path: Path, moments: list[dt.datetime]) -> Path:
    """A Google Forms export (English locale) of SPKP answers, one row per moment, all for SATKER."""
    titles = [f"{number}. {name}" for number, (_code, name) in enumerate(IKM_ELEMENTS, 1)]
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Timestamp", "Satuan Kerja", *titles])
        for when in moments:
            writer.writerow([f"{when.month}/{when.day}/{when.year} 10:00:00", SATKER, *[3] * 9])
    return path


MOMENTS = [
    *(dt.datetime(2025, 7, day) for day in (14, 15, 16)),  # July 2025: 3
    *(dt.datetime(2025, 8, day) for day in (13, 20)),  # August 2025: 2
    *(dt.datetime(2024, 7, day) for day in (15, 16, 17, 18)),  # July 2024: 4
    dt.datetime(2026, 1, 15),  # January 2026: 1
]


@pytest.mark.parametrize(
    "target, counted, outside",
    [
        ("Juli–Desember 2025", 5, "di luar bulan target (Juli–Desember 2025)"),
        (None, 4, "di luar bulan target (Juli–Desember 2024)"),  # the template's
        ("Jul 2024", 4, "di luar bulan target (Juli 2024)"),
        ("Agustus 2025–Januari 2026", 3, "di luar bulan target (Agustus 2025–Januari 2026)"),  # across a new year
    ],
)
def test_the_survey_import_counts_the_target_periods_year(tmp_path, target, counted, outside):
    path = _workbook(tmp_path / "periode.xlsx", {"Bulan_Target": target} if target else {})
    outcome = import_survey([_spkp_export(tmp_path / "spkp.csv", MOMENTS)], path)
    assert outcome.counted == counted
    rejected = [reason.reason for report in outcome.reports for reason in report.rejected]
    assert len(rejected) == len(MOMENTS) - counted and all(outside in reason for reason in rejected)


def test_a_target_period_across_a_year_boundary_is_counted_into_its_own_columns(tmp_path):
    """Oktober 2025–Maret 2026: the import counts into the Realisasi columns of those months, December 2025 and
    January 2026 alike; the template's 2024 columns are named as missing, never filled with 2025 numbers."""
    path = _workbook(tmp_path / "periode.xlsx", {"Bulan_Target": "Oktober 2025–Maret 2026"})
    book = openpyxl.load_workbook(path)
    sheet = book[layout.SHEET_REALISATION]
    table = sheet.tables[layout.TABLE_REALISATION]
    months = Period.parse("Oktober 2025–Maret 2026").month_labels
    old = Period.parse("Juli–Desember 2024").month_labels
    for cell in sheet[layout.TABLE_HEADER_ROW]:  # the columns a fill would give this period (its months renamed)
        for before, after in zip(old, months):
            if isinstance(cell.value, str) and cell.value.endswith(" " + before):
                cell.value = cell.value[: -len(before)] + after
    for column in table.tableColumns:
        for before, after in zip(old, months):
            if column.name.endswith(" " + before):
                column.name = column.name[: -len(before)] + after
    book.save(path)
    moments = [dt.datetime(2025, 12, 30), dt.datetime(2025, 12, 31), dt.datetime(2026, 1, 2), dt.datetime(2025, 7, 1)]
    outcome = import_survey([_spkp_export(tmp_path / "spkp.csv", moments)], path)
    assert outcome.counted == 3
    assert {(change.month, change.after) for change in outcome.changes} == {("Desember 2025", 2), ("Januari 2026", 1)}
    realisation = openpyxl.load_workbook(path)[layout.SHEET_REALISATION]
    headers = [cell.value for cell in realisation[layout.TABLE_HEADER_ROW]]
    row = layout.TABLE_HEADER_ROW + 1
    assert realisation.cell(row, headers.index("SPKP Desember 2025") + 1).value == 2
    assert realisation.cell(row, headers.index("SPKP Januari 2026") + 1).value == 1


def test_a_workbook_of_the_previous_release_fills_and_says_so_once(tmp_path):
    path = _workbook(tmp_path / "lama.xlsx", {"Bulan_Dasar": "Januari, Februari, Maret", "Bulan_Target": "Juli"})
    outcome = fill(path)
    notice = (
        "Perhatian: periode di sheet Pengaturan ditulis tanpa tahun, seperti pada workbook versi sebelumnya, "
        "sehingga dibaca dengan tahun yang dipakai versi itu: Periode dasar (populasi) Januari–Maret 2024; "
        "Periode target Juli 2024. Tulis periodenya lengkap dengan tahun, misalnya Januari–Maret 2025."
    )
    assert outcome.notices.count(notice) == 1 and outcome.message("Selesai").count("tanpa tahun") == 1
    # the template's example row CONTOH Rumah Detensi Imigrasi B: (12 + 9 + 15) / 3 = 12
    assert "N = (12 + 9 + 15) / 3 = 12. Perhatian: bulan Februari hanya 9 pengguna layanan." in [
        t.note for t in outcome.targets
    ]


def test_a_period_typed_with_its_year_names_it_in_every_note(tmp_path):
    path = _workbook(tmp_path / "baru.xlsx", {"Bulan_Dasar": "jan - mar 2025"})
    book = openpyxl.load_workbook(path)
    for column, header in enumerate(("Januari 2025", "Feb 2025", "maret 2025"), start=2):
        book[layout.SHEET_COUNTS].cell(layout.TABLE_HEADER_ROW, column, header)
    book.save(path)
    outcome = fill(path)
    assert not any("tanpa tahun" in notice for notice in outcome.notices)
    notes = [t.note for t in outcome.targets]
    assert "N = (12 + 9 + 15) / 3 = 12. Perhatian: bulan Februari hanya 9 pengguna layanan." in notes
    assert not [note for note in notes if "2024" in note]


def test_a_note_names_the_year_of_a_month_the_base_period_holds_twice():
    settings = Settings(base_period=Period.parse("Januari 2024–Januari 2025"))
    counts = [40] * 12 + [3]  # Januari 2025: the quietest month
    [row] = plan_targets([CountRow("Satker Contoh", counts, source_row=5)], settings)
    assert row.note.endswith("Perhatian: bulan Januari 2025 hanya 3 pengguna layanan.")


def test_the_base_columns_are_matched_by_month_and_year(tmp_path):
    """A base period of 2025 over columns that still say 2024 is an error naming the column it looked for."""
    path = _workbook(tmp_path / "lama.xlsx", {"Bulan_Dasar": "Januari–Maret 2025"})
    before = path.read_bytes()
    with pytest.raises(LayoutError) as raised:
        fill(path)
    assert raised.value.user_message == (
        "Kolom bulan tabel PenggunaLayanan tidak sesuai 'Periode dasar (populasi)' di sheet Pengaturan (Januari–Maret "
        "2025): Tabel 'PenggunaLayanan' tidak memiliki kolom 'Januari 2025'. Kolom yang ada: Satuan Kerja, Januari "
        "2024, Februari 2024, Maret 2024. Ubah judul kolom bulan menjadi bulan dan tahun periode itu, misalnya "
        "'Januari 2025', atau ubah 'Periode dasar (populasi)'."
    )
    assert path.read_bytes() == before


@pytest.mark.parametrize("target", ["Oktober–Desember 2024", "Januari–Desember 2025"])
def test_a_period_of_another_length_gives_realisasi_its_colours_validation_and_printed_parts(tmp_path, target):
    """Realisasi after a fill for a target period of 3 or 12 months: the red/green colours cover exactly the
    percentages and the chart's columns, the whole-number rule exactly the counts, and the printed parts are
    SPKP, SPAK, their percentages, the chart's columns with the notes, and the kept July column last."""
    path = _workbook(tmp_path / "periode.xlsx", {"Bulan_Target": target})
    book = openpyxl.load_workbook(path)
    sheet = book[layout.SHEET_REALISATION]
    headers = [cell.value for cell in sheet[layout.TABLE_HEADER_ROW]]
    sheet.cell(layout.TABLE_HEADER_ROW + 1, headers.index("SPKP Juli 2024") + 1, 17)  # typed before the change
    book.save(path)
    fill(path)
    sheet = openpyxl.load_workbook(path)[layout.SHEET_REALISATION]
    table = sheet.tables[layout.TABLE_REALISATION]
    headers = [cell.value for cell in sheet[table.ref][0]]
    months = Period.parse(target).month_labels
    n = len(months)
    assert headers == [
        "Satuan Kerja",
        "Target per Bulan",
        *(f"{survey} {month}" for survey in layout.SURVEYS for month in months),
        *(f"% {survey} {month}" for survey in layout.SURVEYS for month in months),
        "Grafik SPKP",
        "Grafik SPAK",
        "Keterangan",
        "SPKP Juli 2024 (di luar periode)",
    ]
    assert sheet.cell(layout.TABLE_HEADER_ROW + 1, len(headers)).value == 17

    def letter(index: int) -> str:  # the column of headers[index]
        return openpyxl.utils.get_column_letter(index + 1)

    top, reach = layout.TABLE_HEADER_ROW - 1, layout.TABLE_HEADER_ROW + layout.CAPACITY
    coloured = [str(cf.sqref) for cf in sheet.conditional_formatting]
    assert coloured == [f"{letter(2 + 2 * n)}{top}:{letter(3 + 4 * n)}{reach}"]  # % SPKP … Grafik SPAK
    [rule] = sheet.data_validations.dataValidation
    assert (rule.type, str(rule.sqref)) == ("whole", f"C{top + 2}:{letter(1 + 2 * n)}{reach}")
    ends = [2 + n, 2 + 2 * n, 2 + 3 * n, 2 + 4 * n, 5 + 4 * n]  # the last column of each part but the last
    assert [brk.id for brk in sheet.col_breaks.brk] == ends
    assert sheet.print_title_cols == "$A:$B"
    # the columns a 12-month table gave up are plain again (a border left there would print blank pages)
    beyond = [sheet.cell(row, len(headers) + 1) for row in range(top, layout.TABLE_HEADER_ROW + 3)]
    assert all(not cell.has_style for cell in beyond), [cell.coordinate for cell in beyond if cell.has_style]
