"""Survey import (issue 15): exports in, respondents into Realisasi, IKM and SPKP/SPAK indices out.

The worked examples are computed by hand in the comments; the exports are generated here the way
Google Forms writes them (English and Indonesian locale); the import runs on real workbook files
(openpyxl), on xlwings' remote engine (the ribbon), and LibreOffice opens the results.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import getpass
import os
import re
import signal
import socket
import subprocess
import sys
import time
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
import remote_book
import xlwings as xw
from opens_clean import libreoffice_findings, static_findings
from support import CSV_ALL_SHEETS, csv_sheet, libreoffice_convert, write_realisation

from xl_addin import layout, ribbon
from xl_addin.build.template import EXAMPLE_COUNTS, build_workbook
from xl_addin.cli import main
from xl_addin.consolidate import consolidate
from xl_addin.errors import FileError, InputError, LayoutError
from xl_addin.export import export
from xl_addin.indonesian import format_number
from xl_addin.package import workbook_lock
from xl_addin.survey_counting import KEEP, OVERWRITE, UPDATE, Tally, missing_columns_notice
from xl_addin.survey_exports import (
    DAY_FIRST,
    MONTH_FIRST,
    AmbiguousTimestamp,
    TimestampError,
    mapping_from_rows,
    parse_timestamp,
    read_answer,
    read_export,
)
from xl_addin.survey_indices import (
    IKM_ELEMENTS,
    PROPORTIONAL,
    RANGE,
    compute_ikm,
    compute_index,
    ikm_grade,
    round_half_up,
)
from xl_addin.survey_workbook import import_survey
from xl_addin.workbook import TableArea, find_table

SATKER = ("Satker Contoh A", "Satker Contoh B", "Satker Contoh C")  # invented names: an example
SPKP_TITLES = [f"{number}. {name}: bagaimana pendapat Saudara?" for number, (_code, name) in enumerate(IKM_ELEMENTS, 1)]
SPAK_TITLES = [
    "1. Perlakuan yang sama bagi semua pengguna layanan",
    "2. Tanpa pungutan di luar ketentuan",
    "3. Tanpa imbalan atau hadiah",
    "4. Tanpa calo",
    "5. Sesuai prosedur",
    "6. Keterbukaan biaya",
]
FIRST = layout.TABLE_HEADER_ROW + 1
WITA = dt.timezone(dt.timedelta(hours=8))  # Kupang's time zone


# -- building inputs -------------------------------------------------------------------------------


def survey_book(path: Path, names=SATKER, realisasi=None, settings=None) -> Path:
    """The template's sheets (no VBA) with Realisasi listing ``names``; ``settings``: {defined name: value}."""
    book = build_workbook()
    write_realisation(book, list(names), realisasi or {})
    for name, value in (settings or {}).items():
        ((sheet, cell),) = book.defined_names[name].destinations
        book[sheet][cell.replace("$", "")] = value
    book.save(path)
    return path


def google_timestamp(when: dt.datetime, locale: str) -> str:
    """How a Google Forms response sheet shows a timestamp: 7/15/2024 10:32:05, or 15/07/2024 10.32.05."""
    if locale == "en":
        return f"{when.month}/{when.day}/{when.year} {when.hour}:{when.minute:02d}:{when.second:02d}"
    if locale == "id":
        return f"{when.day:02d}/{when.month:02d}/{when.year} {when.hour:02d}.{when.minute:02d}.{when.second:02d}"
    return f"{when.day:02d}/{when.month:02d}/{when.year} {when.hour:02d}:{when.minute:02d}:{when.second:02d}"


def google_export(path: Path, responses, locale="en", titles=SPKP_TITLES, xlsx=False) -> Path:
    """A Google Forms export: timestamp, an e-mail column we do not map, the satker question, the questions."""
    stamp = "Timestamp" if locale == "en" else "Stempel waktu"
    email = "Email Address" if locale == "en" else "Alamat email"
    header = [stamp, email, "Satuan Kerja", *titles]
    rows = [
        [when if xlsx else google_timestamp(when, locale), "", satker, *answers] for when, satker, answers in responses
    ]
    if xlsx:
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Form Responses 1"
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        book.save(path)
    else:
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(header)
            writer.writerows(rows)
    return path


def responses(months=(7, 8, 9), year=2024):
    """Invented responses: satker i, month m gets 3 + i + (m − 7) of them; days run over 1–28 (so many are ≤ 12)."""
    out = []
    for index, satker in enumerate(SATKER):
        for month in months:
            for k in range(3 + index + (month - 7)):
                day = 1 + (7 * k + 3 * index) % 28
                when = dt.datetime(year, month, day, 8 + k % 9, (11 * k) % 60, (17 * k + index) % 60)
                answers = [1 + (k + element + index) % 4 for element in range(9)]
                out.append((when, satker, answers))
    return out


def expected_counts(rows) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for when, satker, _answers in rows:
        key = (satker, layout.realisation_column("SPKP", layout.MONTHS[when.month - 1]))
        counts[key] = counts.get(key, 0) + 1
    return counts


def realisation(path: Path) -> dict[tuple[str, str], object]:
    """{(satker, "SPKP Juli"): value} of the Realisasi table, non-empty cells only."""
    book = openpyxl.load_workbook(path)
    sheet = book[layout.SHEET_REALISATION]
    headers = [cell.value for cell in sheet[layout.TABLE_HEADER_ROW]]
    found = {}
    for row in sheet.iter_rows(min_row=FIRST, values_only=True):
        if row[0] in (None, layout.TOTALS_LABEL):
            continue
        for header, value in zip(headers, row):
            if header and header.split(" ")[0] in layout.SURVEYS and value is not None:
                found[row[0], re.sub(r" (?:19|20)[0-9]{2}$", "", header)] = value  # "SPKP Juli 2024" → "SPKP Juli"
    return found


def table(path: Path, name: str) -> list[dict[str, object]]:
    """A table's body rows as {header: value} (the values openpyxl wrote: formulas as text)."""
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        if name in sheet.tables:
            cells = list(sheet[sheet.tables[name].ref])
            headers = [cell.value for cell in cells[0]]
            return [dict(zip(headers, (cell.value for cell in line))) for line in cells[1:]]
    raise AssertionError(f"no table {name}")


def sheet_values(path: Path, sheet: str) -> dict[str, object]:
    return {cell.coordinate: cell.value for row in openpyxl.load_workbook(path)[sheet].iter_rows() for cell in row}


# -- the IKM, by hand --------------------------------------------------------------------------------

# Four questionnaires, answers per element U1..U9:
#   R1: 4 4 3 4 3 4 4 3 4
#   R2: 3 3 3 4 3 3 4 2 3
#   R3: 4 3 2 4 3 4 4 3 3
#   R4: 3 3 3 3 4 3 4 3 4
FOUR_QUESTIONNAIRES = [
    [4, 4, 3, 4, 3, 4, 4, 3, 4],
    [3, 3, 3, 4, 3, 3, 4, 2, 3],
    [4, 3, 2, 4, 3, 4, 4, 3, 3],
    [3, 3, 3, 3, 4, 3, 4, 3, 4],
]


def test_ikm_by_the_regulations_arithmetic():
    # Sum per element:  U1 14, U2 13, U3 11, U4 15, U5 13, U6 14, U7 16, U8 11, U9 14 (4 questionnaires each)
    # NRR per element = sum / 4: 3.50, 3.25, 2.75, 3.75, 3.25, 3.50, 4.00, 2.75, 3.50
    # NRR tertimbang = NRR × 1/9; their sum = (3.50 + 3.25 + 2.75 + 3.75 + 3.25 + 3.50 + 4.00 + 2.75 + 3.50) / 9
    #                = 30.25 / 9 = 3.36111…
    # IKM = 3.36111… × 25 = 84.02777… → 84.03, in 76.61–88.30: mutu B, kinerja "Baik".
    # (With the weight written as 0.111: 30.25 × 0.111 × 25 = 83.94375 → 83.94, 0.1 % lower.)
    sums = [sum(column) for column in zip(*FOUR_QUESTIONNAIRES)]
    assert sums == [14, 13, 11, 15, 13, 14, 16, 11, 14]
    ikm = compute_ikm({code: (total, 4) for (code, _name), total in zip(IKM_ELEMENTS, sums)})
    assert [element.mean for element in ikm.elements] == [Fraction(x, 4) for x in sums]
    assert all(element.weighted == element.mean / 9 for element in ikm.elements)
    assert ikm.weighted_total == Fraction(121, 36)  # 30.25 / 9 = 121/36
    assert ikm.value == Fraction(3025, 36)  # × 25 = 84.02777…
    assert ikm.rounded == Decimal("84.03")
    assert (ikm.grade.quality, ikm.grade.performance) == ("B", "Baik")


def test_ikm_divides_each_element_by_the_questionnaires_that_answered_it():
    # As above, but R4 left U8 blank: U8 sum = 3 + 2 + 3 = 8 over 3 questionnaires, NRR 2.6667.
    # Sum of NRR = 30.25 − 2.75 + 8/3 = 27.5 + 2.6667 = 30.1667; /9 = 3.35185…; × 25 = 83.796… → 83.80, B.
    scores = {code: (total, 4) for (code, _name), total in zip(IKM_ELEMENTS, [14, 13, 11, 15, 13, 14, 16, 11, 14])}
    scores["U8"] = (8, 3)
    ikm = compute_ikm(scores)
    assert ikm.value == (Fraction(121, 4) - Fraction(11, 4) + Fraction(8, 3)) / 9 * 25
    assert ikm.rounded == Decimal("83.80") and ikm.grade.quality == "B"


def test_ikm_extremes_and_the_answer_baik_everywhere():
    # All 4: NRR 4 everywhere, 9 × 4/9 = 4, × 25 = 100.00, A "Sangat baik".
    # All 1: 1 × 25 = 25.00, D "Tidak baik".  All 3 ("Baik"): 75.00, which the table calls C "Kurang baik".
    for answer, value, grade in ((4, "100.00", "A"), (1, "25.00", "D"), (3, "75.00", "C")):
        ikm = compute_ikm({code: (answer * 10, 10) for code, _name in IKM_ELEMENTS})
        assert (ikm.rounded, ikm.grade.quality) == (Decimal(value), grade)


@pytest.mark.parametrize(
    ("rounded", "grade"),
    [("25.00", "D"), ("64.99", "D"), ("65.00", "C"), ("76.60", "C"), ("76.61", "B"), ("88.30", "B"), ("88.31", "A")],
)
def test_grade_boundaries_are_the_regulations_table(rounded, grade):
    assert ikm_grade(Decimal(rounded)).quality == grade


def test_rounding_is_half_up_on_the_exact_value():
    # 76.605 exactly rounds up to 76.61 (B); a float would hold 76.60499… and give 76.60 (C).
    assert round_half_up(Fraction(76605, 1000)) == Decimal("76.61")
    assert round_half_up(Fraction(1, 3)) == Decimal("0.33") and round_half_up(Fraction(2, 3)) == Decimal("0.67")


def test_an_element_without_answers_or_with_impossible_sums_is_refused():
    scores = {code: (30, 10) for code, _name in IKM_ELEMENTS}
    with pytest.raises(InputError, match="U9"):
        compute_ikm({code: value for code, value in scores.items() if code != "U9"})
    with pytest.raises(InputError):
        compute_ikm({**scores, "U1": (41, 10)})  # more than 4 per answer


# -- SPKP and SPAK indices, by hand --------------------------------------------------------------------


def test_index_on_a_four_point_questionnaire():
    # Three respondents: A1 answers 4, 3, 4 → 11/3; A2 2, 3, 3 → 8/3; A3 4, 4, blank → 8/2 = 4.
    # Index = (11/3 + 8/3 + 4) / 3 = (31/3) / 3 = 31/9 = 3.444…; on 4 points the same; on 100: 31/9 × 25 = 86.11.
    index = compute_index("SPAK", {"A1": (11, 3), "A2": (8, 3), "A3": (8, 2)}, ["A1", "A2", "A3"], 4, PROPORTIONAL)
    assert index.value == Fraction(31, 9) == index.on_four
    assert index.on_hundred == Fraction(31, 9) * 25
    assert compute_index("SPAK", {}, ["A1"], 4, PROPORTIONAL) is None


def test_index_on_six_stars_with_each_conversion():
    # A1: 6, 5, 4 stars → 15/3 = 5; A2: 3, 6 → 9/2 = 4.5; A3 unanswered (left out). Index = (5 + 4.5)/2 = 4.75.
    # Proportional: 4.75 × 4/6 = 3.1667 on 4 points, 4.75 × 100/6 = 79.1667 on 100.
    # Range (1 → 1, 6 → 4): 1 + (4.75 − 1) × 3/5 = 1 + 2.25 = 3.25 on 4 points, 3.25 × 25 = 81.25 on 100.
    scores = {"A1": (15, 3), "A2": (9, 2)}
    proportional = compute_index("SPAK", scores, ["A1", "A2", "A3"], 6, PROPORTIONAL)
    assert proportional.value == Fraction(19, 4) and proportional.unanswered == ("A3",)
    assert proportional.on_four == Fraction(19, 6) and proportional.on_hundred == Fraction(475, 6)
    ranged = compute_index("SPAK", scores, ["A1", "A2", "A3"], 6, RANGE)
    assert ranged.on_four == Fraction(13, 4) and ranged.on_hundred == Fraction(325, 4)


# -- timestamps -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("7/15/2024 10:32:05", None),  # Google Forms, English
        ("15/07/2024 10.32.05", None),  # Google Forms, Indonesian
        ("15/07/2024 10:32:05", None),  # Indonesian date with a colon time
        ("7/15/2024 10:32:05", MONTH_FIRST),
        ("15/07/2024 10.32.05", DAY_FIRST),
        ("2024-07-15 10:32:05", None),
        ("2024/07/15 10:32:05 AM GMT+7", None),
    ],
)
def test_timestamps_of_both_locales(text, order):
    assert parse_timestamp(text, order) == dt.datetime(2024, 7, 15, 10, 32, 5)


def test_a_date_that_reads_two_ways_is_reported_with_both_readings():
    with pytest.raises(TimestampError) as caught:
        parse_timestamp("03/04/2024 10:00:00")
    assert "3 April 2024" in caught.value.user_message and "4 Maret 2024" in caught.value.user_message
    assert parse_timestamp("03/04/2024 10:00:00", DAY_FIRST) == dt.datetime(2024, 4, 3, 10)
    assert parse_timestamp("03/04/2024 10:00:00", MONTH_FIRST) == dt.datetime(2024, 3, 4, 10)
    assert parse_timestamp("05/05/2024 10:00:00") == dt.datetime(2024, 5, 5, 10)  # the same either way


@pytest.mark.parametrize(
    ("value", "order"),
    [
        ("7/15/2024 10:32:05", DAY_FIRST),  # contradicts the mapping's order
        ("31/02/2024 10:00", None),
        ("2024-13-01 10:00", None),
        ("15/07/24 10:00", None),  # two-digit year
        ("kemarin sore", None),
        ("", None),
        (None, None),
        (45488.44, None),  # a date serial number without a date format
        ("7/15/2024 13:00:00 PM", None),
    ],
)
def test_unreadable_timestamps_are_errors(value, order):
    with pytest.raises(TimestampError):
        parse_timestamp(value, order)


def test_pm_and_real_dates():
    assert parse_timestamp("2024/07/15 1:05:00 PM GMT+7") == dt.datetime(2024, 7, 15, 13, 5)
    assert parse_timestamp(dt.datetime(2024, 7, 15, 9, 1)) == dt.datetime(2024, 7, 15, 9, 1)


# -- answers and the mapping -------------------------------------------------------------------------------


def test_answers_are_numbers_on_the_scale_or_known_labels():
    labels = {"sangat baik": 4}
    assert read_answer("4", 4, labels) == 4 and read_answer(3.0, 4, labels) == 3
    assert read_answer(" Sangat  Baik ", 4, labels) == 4 and read_answer("", 4, labels) is None
    for bad in ("5", 0, "@SUM(A1)", "3,5", True):
        with pytest.raises(InputError):
            read_answer(bad, 4, labels)
    assert read_answer("6", 6, labels) == 6


@pytest.mark.parametrize(
    "rows",
    [
        [(1, ("Pertanyaan", "SPKP", "U1", "1. Persyaratan", "U1"))],  # no timestamp row
        [(1, ("Cap waktu", None, None, "Timestamp", None)), (2, ("Jawaban", "SPKP", "P1", "x", None))],
        [(1, ("Cap waktu", None, None, "Timestamp", None)), (2, ("Pertanyaan", "SPXX", "P1", "x", None))],
        [
            (1, ("Cap waktu", None, None, "Timestamp", None)),
            (2, ("Pertanyaan", "SPAK", "P1", "x", None)),
            (3, ("Pertanyaan", "SPAK", "P1", "y", None)),
        ],
        [
            (1, ("Cap waktu", None, None, "Timestamp", None)),
            (2, ("Pertanyaan", "SPKP", "U1", "x", "U1")),
        ],  # U2–U9 missing
    ],
)
def test_a_wrong_mapping_is_refused_with_its_row(rows):
    with pytest.raises(InputError):
        mapping_from_rows(rows)


# -- importing Google Forms exports ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "order"), [("en", "bulan/tanggal/tahun"), ("id", "tanggal/bulan/tahun"), ("id:", "tanggal/bulan/tahun")]
)
def test_google_forms_export_counted_per_satker_month_and_survey(tmp_path, locale, order):
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": order})
    data = responses()
    source = google_export(tmp_path / "Respons SPKP.csv", data, locale)
    outcome = import_survey([source], book)
    assert outcome.counted == len(data) and not outcome.reports[0].rejected
    assert realisation(book) == expected_counts(data)
    assert all(change.action == "diisi" for change in outcome.changes)


def test_without_a_date_order_a_file_reads_its_two_way_dates_in_the_order_its_other_dates_show(tmp_path):
    # Issue 21: with "belum ditentukan", 36 % of an Indonesian export went uncounted. The file's own
    # unambiguous dates (day > 12) all read day first, so its 03/04-style dates are read that way too.
    book = survey_book(tmp_path / "satker.xlsx")  # the template's default: "belum ditentukan"
    data = responses()
    two_way = [row for row in data if row[0].day <= 12 and row[0].day != row[0].month]
    assert 0 < len(two_way) < len(data)
    outcome = import_survey([google_export(tmp_path / "id.csv", data, "id")], book)
    report = outcome.reports[0]
    assert outcome.counted == len(data) and not report.rejected
    assert (report.date_order, report.order_from_file) == (DAY_FIRST, True)
    assert realisation(book) == expected_counts(data)
    clear = len(data) - len(two_way) - sum(1 for row in data if row[0].day == row[0].month)
    assert (
        f"- File id.csv: urutan tanggal tanggal/bulan/tahun, ditentukan dari {clear} cap waktu file ini yang hanya "
        f"dapat dibaca begitu; {len(two_way)} cap waktu yang dapat dibaca dua cara dibaca dengan urutan itu."
    ) in outcome.lines()


def test_an_xlsx_export_with_real_dates_needs_no_date_order_and_matches_its_csv(tmp_path):
    book = survey_book(tmp_path / "satker.xlsx")
    data = responses()
    first = import_survey([google_export(tmp_path / "Respons.xlsx", data, "en", xlsx=True)], book)
    assert first.counted == len(data) and realisation(book) == expected_counts(data)
    # The same responses downloaded as CSV: identical keys, so nothing is counted twice.
    book2 = openpyxl.load_workbook(book)
    ((sheet, cell),) = book2.defined_names["Urutan_Tanggal"].destinations
    book2[sheet][cell.replace("$", "")] = "bulan/tanggal/tahun"
    book2.save(book)
    second = import_survey([google_export(tmp_path / "Respons.csv", data, "en")], book)
    assert second.counted == 0 and second.reports[0].earlier == len(data)


def test_importing_the_same_file_twice_changes_nothing_but_the_record(tmp_path):
    book = survey_book(
        tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "tanggal/bulan/tahun", "Zona_Waktu": "WITA"}
    )
    source = google_export(tmp_path / "id.csv", responses(), "id")
    import_survey([source], book, tmp_path / "once.xlsx", now=dt.datetime(2024, 9, 30, 14, 5, tzinfo=WITA))
    outcome = import_survey(
        [source], tmp_path / "once.xlsx", tmp_path / "twice.xlsx", now=dt.datetime(2024, 10, 1, 9, tzinfo=WITA)
    )
    assert outcome.counted == 0 and outcome.reports[0].earlier == len(responses()) and not outcome.changes
    for sheet in (layout.SHEET_REALISATION, layout.SHEET_INDICES, layout.SHEET_SURVEY_DATA, layout.SHEET_RESPONSE_KEYS):
        assert sheet_values(tmp_path / "once.xlsx", sheet) == sheet_values(tmp_path / "twice.xlsx", sheet), sheet
    record = table(tmp_path / "twice.xlsx", layout.TABLE_IMPORT_LOG)
    assert [row[layout.COLUMN_IMPORT_TIME] for row in record] == [
        "30 September 2024 pukul 14.05 WITA",
        "1 Oktober 2024 pukul 09.00 WITA",
    ]
    assert [row[layout.COLUMN_NEW_RESPONSES] for row in record] == [len(responses()), 0]
    assert [row[layout.COLUMN_EARLIER] for row in record] == [0, len(responses())]
    assert {row[layout.COLUMN_FILE] for row in record} == {"id.csv"}


def test_a_growing_export_adds_only_the_new_responses(tmp_path):
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "tanggal/bulan/tahun"})
    data = responses()
    july = [row for row in data if row[0].month == 7]
    import_survey([google_export(tmp_path / "minggu1.csv", july, "id")], book)
    outcome = import_survey([google_export(tmp_path / "minggu2.csv", data, "id")], book)
    assert outcome.counted == len(data) - len(july) and outcome.reports[0].earlier == len(july)
    assert realisation(book) == expected_counts(data)
    # The July cells the first import wrote were not touched again; the new months were filled.
    assert {change.month for change in outcome.changes} == {"Agustus 2024", "September 2024"}


def test_rows_that_cannot_be_assigned_are_listed_with_their_reasons(tmp_path):
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    good = [(dt.datetime(2024, 7, 20, 9), SATKER[0], [4] * 9)]
    bad = [
        (dt.datetime(2024, 7, 21, 9), "Satker Tidak Dikenal", [4] * 9),
        (dt.datetime(2024, 6, 21, 9), SATKER[0], [4] * 9),  # June: before the target months
        (dt.datetime(2023, 7, 21, 9), SATKER[0], [4] * 9),  # last year
        (dt.datetime(2024, 7, 22, 9), SATKER[1], [""] * 9),  # every answer empty
        (dt.datetime(2024, 7, 23, 9), SATKER[1], [5, *[4] * 8]),  # outside 1–4
        (dt.datetime(2024, 7, 24, 9), "", [4] * 9),  # no satker
    ]
    outcome = import_survey([google_export(tmp_path / "export.csv", good + bad, "en")], book)
    rejected = outcome.reports[0].rejected
    assert outcome.counted == 1 and len(rejected) == len(bad)
    reasons = [r.reason for r in sorted(rejected, key=lambda r: r.row)]
    assert "tidak ada di tabel Realisasi" in reasons[0]
    assert "di luar bulan target" in reasons[1] and "21 Juni 2024" in reasons[1]
    assert "di luar bulan target" in reasons[2] and "2023" in reasons[2]
    assert reasons[3] == "semua jawaban kosong"
    assert "U1" in reasons[4] and "di luar skala 1–4" in reasons[4]
    assert reasons[5] == "satuan kerja kosong"
    listed = [row for row in table(book, layout.TABLE_IMPORT_PROBLEMS) if row[layout.COLUMN_ROW] is not None]
    assert sorted((row[layout.COLUMN_ROW], row[layout.COLUMN_PROBLEM]) for row in listed) == [
        (r.row, r.reason) for r in sorted(rejected, key=lambda r: r.row)
    ]
    assert realisation(book) == {(SATKER[0], "SPKP Juli"): 1}


def test_a_repeated_row_in_one_file_is_counted_once_and_listed(tmp_path):
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    row = (dt.datetime(2024, 7, 20, 9, 1, 2), SATKER[0], [3] * 9)
    outcome = import_survey([google_export(tmp_path / "export.csv", [row, row], "en")], book)
    report = outcome.reports[0]
    assert outcome.counted == 1 and report.repeated == 1
    assert [d.reason for d in report.duplicates] == ["sama dengan baris 2; dihitung sekali"]
    assert realisation(book) == {(SATKER[0], "SPKP Juli"): 1}


def test_an_edited_response_is_not_counted_twice(tmp_path):
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    when = dt.datetime(2024, 7, 20, 9, 1, 2)
    import_survey([google_export(tmp_path / "a.csv", [(when, SATKER[0], [3] * 9)], "en")], book)
    outcome = import_survey([google_export(tmp_path / "b.csv", [(when, SATKER[0], [4, *[3] * 8])], "en")], book)
    assert outcome.counted == 0 and "jawabannya berbeda" in outcome.reports[0].rejected[0].reason


def test_a_response_id_column_identifies_responses(tmp_path):
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    path = tmp_path / "aplikasi.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["ID Respons", "Timestamp", "Satuan Kerja", *SPKP_TITLES])
        writer.writerow(["R-001", "7/20/2024 9:00:00", SATKER[0], *[3] * 9])
        writer.writerow(["R-002", "7/20/2024 9:00:00", SATKER[0], *[3] * 9])  # same answers, same second
    assert import_survey([path], book).counted == 2  # two ids: two respondents
    assert import_survey([path], book).counted == 0


# -- typed numbers ---------------------------------------------------------------------------------------------


def test_a_typed_realisasi_number_is_never_overwritten_without_the_report_saying_so(tmp_path):
    typed = {SATKER[0]: {("SPKP", "Juli"): 120}}
    book = survey_book(tmp_path / "satker.xlsx", realisasi=typed, settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    data = responses()
    source = google_export(tmp_path / "en.csv", data, "en")
    outcome = import_survey([source], book)
    kept = [change for change in outcome.changes if change.action == KEEP]
    assert [(c.satker, c.survey, c.month, c.before, c.after) for c in kept] == [
        (SATKER[0], "SPKP", "Juli 2024", 120, expected_counts(data)[SATKER[0], "SPKP Juli"])
    ]
    assert "berisi 120" in kept[0].describe() and "tidak diubah" in kept[0].describe()
    assert any("berisi 120" in line for line in outcome.lines())
    assert realisation(book)[SATKER[0], "SPKP Juli"] == 120
    assert any("berisi 120" in (row[layout.COLUMN_PROBLEM] or "") for row in table(book, layout.TABLE_IMPORT_PROBLEMS))
    # Asked to, the import replaces it, and says so.
    forced = import_survey([source], book, overwrite=True)
    assert [(c.action, c.before) for c in forced.changes] == [(OVERWRITE, 120)]
    assert "ditimpa" in forced.changes[0].describe()
    assert realisation(book)[SATKER[0], "SPKP Juli"] == expected_counts(data)[SATKER[0], "SPKP Juli"]


def test_the_imports_own_numbers_are_updated_and_later_edits_are_kept(tmp_path):
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    first = [(dt.datetime(2024, 7, 20, 9, k), SATKER[0], [3] * 9) for k in range(3)]
    more = [(dt.datetime(2024, 7, 21, 9, k), SATKER[0], [3] * 9) for k in range(2)]
    import_survey([google_export(tmp_path / "a.csv", first, "en")], book)
    grown = import_survey([google_export(tmp_path / "b.csv", first + more, "en")], book)
    assert [(c.action, c.before, c.after) for c in grown.changes] == [(UPDATE, 3, 5)]
    # A clerk corrects the cell by hand; the next import with another response leaves it and says so.
    edited = openpyxl.load_workbook(book)
    sheet = edited[layout.SHEET_REALISATION]
    column = layout.column_index([c.value for c in sheet[layout.TABLE_HEADER_ROW]], "SPKP Juli 2024", "Realisasi") + 1
    sheet.cell(FIRST, column).value = 7
    edited.save(book)
    last = [(dt.datetime(2024, 7, 22, 9), SATKER[0], [3] * 9)]
    outcome = import_survey([google_export(tmp_path / "c.csv", first + more + last, "en")], book)
    assert [(c.action, c.before, c.after) for c in outcome.changes] == [(KEEP, 7, 6)]
    assert realisation(book)[SATKER[0], "SPKP Juli"] == 7


def test_a_trial_run_saves_nothing(tmp_path):
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    before = book.read_bytes()
    outcome = import_survey([google_export(tmp_path / "en.csv", responses(), "en")], book, trial=True)
    assert outcome.counted == len(responses()) and outcome.output is None
    assert book.read_bytes() == before


# -- the indices on the sheet -------------------------------------------------------------------------------------


def test_the_indices_sheet_shows_the_hand_computed_ikm_and_its_arithmetic(tmp_path):
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    rows = [(dt.datetime(2024, 7, 15 + k, 10), SATKER[1], answers) for k, answers in enumerate(FOUR_QUESTIONNAIRES)]
    import_survey([google_export(tmp_path / "spkp.csv", rows, "en")], book)
    (line,) = table(book, layout.TABLE_INDICES)
    assert (line[layout.COLUMN_SATKER], line[layout.COLUMN_PERIOD], line["Responden SPKP"]) == (
        SATKER[1],
        "Juli 2024",
        4,
    )
    assert line[layout.COLUMN_IKM] == 84.03  # the example computed by hand above
    assert (line[layout.COLUMN_IKM_GRADE], line[layout.COLUMN_IKM_PERFORMANCE]) == ("B", "Baik")
    assert line["Indeks SPKP (skala kuesioner)"] == pytest.approx(121 / 36)  # mean of the nine means
    assert line["Indeks SPKP (skala 100)"] == pytest.approx(121 / 36 * 25)
    cells = sheet_values(book, layout.SHEET_INDICES)
    text = " ".join(str(value) for value in cells.values() if isinstance(value, str))
    assert "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 14 Tahun 2017" in text
    assert f"Contoh perhitungan IKM: {SATKER[1]}, Juli 2024 (4 responden)" in text
    assert "1/9" in text and "× 25" in text
    for value in ("25,00–64,99", "65,00–76,60", "76,61–88,30", "88,31–100,00", "1,00–2,5996", "3,5324–4,00"):
        assert value in text
    assert "Zona Integritas" in text and "pilihan kantor" in text  # no threshold claimed without a source


def test_an_office_threshold_is_compared_and_labelled_as_the_offices(tmp_path):
    settings = {"Urutan_Tanggal": "bulan/tanggal/tahun", "Batas_Indeks_Kantor": 84}
    book = survey_book(tmp_path / "satker.xlsx", settings=settings)
    rows = [(dt.datetime(2024, 7, 15 + k, 10), SATKER[1], answers) for k, answers in enumerate(FOUR_QUESTIONNAIRES)]
    import_survey([google_export(tmp_path / "spkp.csv", rows, "en")], book)
    (line,) = table(book, layout.TABLE_INDICES)
    assert line[layout.threshold_column("SPKP")] == "Ya"  # 84.03 ≥ 84
    text = " ".join(str(v) for v in sheet_values(book, layout.SHEET_INDICES).values() if isinstance(v, str))
    assert "Batas indeks yang ditetapkan kantor: 84" in text and "bukan ketentuan Zona Integritas" in text


def test_six_star_spak_answers_with_the_range_conversion(tmp_path):
    settings = {"Urutan_Tanggal": "bulan/tanggal/tahun", "Skala_SPAK": 6, "Konversi_Skala": "rentang"}
    book = survey_book(tmp_path / "satker.xlsx", settings=settings)
    # Two respondents, six questions: [6,6,6,6,6,6] and [3,3,3,3,3,3] → every mean 4.5 → index 4.5 on 1–6.
    # Range: 1 + 3.5 × 3/5 = 3.1 on 4 points; × 25 = 77.5.
    rows = [(dt.datetime(2024, 8, 20, 9), SATKER[2], [6] * 6), (dt.datetime(2024, 8, 21, 9), SATKER[2], [3] * 6)]
    import_survey([google_export(tmp_path / "spak.csv", rows, "en", titles=SPAK_TITLES)], book)
    (line,) = table(book, layout.TABLE_INDICES)
    assert line["Responden SPAK"] == 2 and line["Responden SPKP"] == 0 and line[layout.COLUMN_IKM] is None
    assert line["Indeks SPAK (skala kuesioner)"] == 4.5
    assert line["Indeks SPAK (skala 4)"] == pytest.approx(3.1) and line["Indeks SPAK (skala 100)"] == pytest.approx(
        77.5
    )
    assert realisation(book) == {(SATKER[2], "SPAK Agustus"): 2}
    text = " ".join(str(v) for v in sheet_values(book, layout.SHEET_INDICES).values() if isinstance(v, str))
    assert "skala 4 = 1 + (nilai − 1) × 3/5" in text


def test_changing_the_scale_after_an_import_is_refused_until_a_restart(tmp_path):
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    source = google_export(tmp_path / "en.csv", responses(), "en")
    import_survey([source], book)
    changed = openpyxl.load_workbook(book)
    ((sheet, cell),) = changed.defined_names["Skala_SPKP"].destinations
    changed[sheet][cell.replace("$", "")] = 6
    changed.save(book)
    before = book.read_bytes()
    with pytest.raises(InputError):
        import_survey([source], book)
    assert book.read_bytes() == before
    rebuilt = import_survey([source], book, restart=True)
    assert rebuilt.counted == len(responses())
    assert {row[layout.COLUMN_SCALE] for row in table(book, layout.TABLE_SURVEY_DATA)} == {6}


# -- files that do not fit ----------------------------------------------------------------------------------------


def test_a_file_without_the_mapped_columns_is_reported_and_the_others_still_count(tmp_path):
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    other = tmp_path / "lain.csv"
    other.write_text("Nama,Alamat\nBudi,Kupang\n", encoding="utf-8")
    outcome = import_survey([other, google_export(tmp_path / "en.csv", responses(), "en")], book)
    assert outcome.reports[0].failed and "cap waktu tidak ditemukan" in outcome.reports[0].failed
    assert outcome.counted == len(responses())
    assert any(row[layout.COLUMN_FILE] == "lain.csv" for row in table(book, layout.TABLE_IMPORT_PROBLEMS))


def test_when_no_file_can_be_read_nothing_is_written(tmp_path):
    book = survey_book(tmp_path / "satker.xlsx")
    before = book.read_bytes()
    (tmp_path / "x.txt").write_text("x", encoding="utf-8")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("Timestamp,Satuan Kerja\n7/15/2024 10:00:00,Kantor Imigrasi Sanggau \xe9\n".encode("cp1252"))
    with pytest.raises(FileError):
        import_survey([tmp_path / "x.txt", latin, tmp_path / "tidak-ada.csv"], book)
    assert book.read_bytes() == before


def test_a_semicolon_csv_as_excel_saves_it_is_read(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text(
        "Timestamp;Satuan Kerja;1. Persyaratan\n7/15/2024 10:00:00;Satker Contoh A;4\n", encoding="utf-8-sig"
    )
    export_table = read_export(path)
    assert list(export_table.headers) == ["Timestamp", "Satuan Kerja", "1. Persyaratan"]
    assert list(export_table.rows) == [["7/15/2024 10:00:00", "Satker Contoh A", "4"]]


# -- command line ---------------------------------------------------------------------------------------------


def test_the_command_line_imports_and_reports_in_indonesian(tmp_path, capsys):
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    source = google_export(tmp_path / "en.csv", responses(), "en")
    assert main(["impor-survei", str(source), "--ke", str(book), "--coba"]) == 0
    assert "tidak disimpan" in capsys.readouterr().out
    assert main(["impor-survei", str(source), "--ke", str(book)]) == 0
    out = capsys.readouterr().out
    assert f"{len(responses())} respons baru" in out and "→" in out
    assert realisation(book) == expected_counts(responses())
    assert main(["impor-survei", str(source), "--ke", str(tmp_path / "tidak-ada.xlsx")]) == 2
    assert "Kesalahan:" in capsys.readouterr().err


# -- the ribbon (xlwings' remote engine) writes what the file import writes --------------------------------------


def test_the_ribbon_writes_the_same_counts_and_sheets_as_the_file_import(tmp_path):
    typed = {SATKER[2]: {("SPKP", "Agustus"): 99}}
    book = survey_book(tmp_path / "satker.xlsx", realisasi=typed, settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    source = google_export(tmp_path / "en.csv", responses(), "en")
    payload = remote_book.payload(openpyxl.load_workbook(book))
    with xw.Book(json=copy.deepcopy(payload)) as remote:
        outcome = ribbon.import_survey_files([str(source)], remote)
        actions = remote.json()["actions"]
    assert outcome is not None and outcome.counted == len(responses())
    file_outcome = import_survey([source], book, tmp_path / "file.xlsx")
    assert [c.describe() for c in outcome.changes] == [c.describe() for c in file_outcome.changes]
    names = [sheet["name"] for sheet in payload["sheets"]]
    written = {}
    for action in actions:
        if action["func"] == "setValues":
            sheet = names[action["sheet_position"]]
            for r, line in enumerate(action["values"]):
                for c, value in enumerate(line):
                    written[sheet, action["start_row"] + r + 1, action["start_column"] + c + 1] = remote_book.stored(
                        value
                    )
    # Realisasi: exactly the cells the file import changed, with the same numbers; the typed 99 untouched.
    file_book = openpyxl.load_workbook(tmp_path / "file.xlsx")
    realisasi = {key: value for key, value in written.items() if key[0] == layout.SHEET_REALISATION}
    assert realisasi and all(file_book[s].cell(r, c).value == v for (s, r, c), v in realisasi.items())
    assert len(realisasi) == sum(1 for c in file_outcome.changes if c.writes)
    # Indeks Survei and Data Survei: the same cells as the file import rendered.
    for sheet in (layout.SHEET_INDICES, layout.SHEET_SURVEY_DATA):
        for (name, r, c), value in written.items():
            if name == sheet:
                expected = file_book[sheet].cell(r, c).value  # floats: the file keeps 15–16 digits, like Excel
                assert (None if value == "" else value) == (
                    pytest.approx(expected) if isinstance(expected, float) else expected
                ), (
                    sheet,
                    r,
                    c,
                )
    assert [a for a in actions if a["func"] == "alert"], "the clerk is told what happened"
    resized = [a["args"][1] for a in actions if a["func"] == "resizeTable"]
    assert "$A$4:$P$" + str(FIRST + len(file_outcome.indices) - 1) in resized


def test_both_paths_say_which_realisation_columns_are_missing_and_count_the_rest(tmp_path):
    path = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    book = openpyxl.load_workbook(path)
    sheet, table = find_table(book, layout.TABLE_REALISATION)
    area = TableArea.of(sheet, table)
    gone = layout.realisation_column("SPKP", "Agustus 2024")
    column = area.column_of(gone)
    sheet.cell(area.header_row, column).value = table.tableColumns[column - area.first_column].name = "Catatan Agustus"
    book.save(path)
    source = google_export(tmp_path / "en.csv", responses(), "en")
    with xw.Book(json=remote_book.payload(openpyxl.load_workbook(path))) as remote:
        ribbon_outcome = ribbon.import_survey_files([str(source)], remote)
    file_outcome = import_survey([source], path, tmp_path / "file.xlsx")
    assert ribbon_outcome is not None
    for outcome in (ribbon_outcome, file_outcome):
        assert missing_columns_notice([gone]) in outcome.notices
        months = {(change.survey, change.month) for change in outcome.changes}
        assert ("SPKP", "Agustus 2024") not in months and ("SPKP", "September 2024") in months
    assert [c.describe() for c in ribbon_outcome.changes] == [c.describe() for c in file_outcome.changes]


def test_the_ribbon_says_so_and_writes_nothing_when_no_file_can_be_read(tmp_path):
    book = survey_book(tmp_path / "satker.xlsx")
    payload = remote_book.payload(openpyxl.load_workbook(book))
    with xw.Book(json=copy.deepcopy(payload)) as remote:
        assert ribbon.import_survey_files(str(tmp_path / "tidak-ada.csv"), remote) is None
        actions = remote.json()["actions"]
    assert [a["func"] for a in actions] == ["alert"] and "tidak ada yang diubah" in actions[0]["args"][0]


# -- the email copy and the Kanwil summary carry the counts and indices ------------------------------------------


def test_email_copy_and_kanwil_summary_carry_counts_and_indices(tmp_path):
    folder = tmp_path / "kiriman"
    folder.mkdir()
    rows = [(dt.datetime(2024, 7, 15 + k, 10), SATKER[1], answers) for k, answers in enumerate(FOUR_QUESTIONNAIRES)]
    for index, name in enumerate(("satker_b.xlsx", "satker_c.xlsx")):
        book = survey_book(folder / name, names=[SATKER[1 + index]], settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
        data = [(when, SATKER[1 + index], answers) for when, _satker, answers in rows]
        import_survey([google_export(tmp_path / f"{index}.csv", data, "en")], book)
    copy_path = export(folder / "satker_b.xlsx", tmp_path / "salinan.xlsx")
    email = openpyxl.load_workbook(copy_path)
    assert layout.SHEET_RESPONSE_KEYS not in email.sheetnames
    assert table(copy_path, layout.TABLE_INDICES)[0][layout.COLUMN_IKM] == 84.03
    assert realisation(copy_path) == {(SATKER[1], "SPKP Juli"): 4}
    stamp = " ".join(str(v) for v in sheet_values(copy_path, layout.SHEET_STAMP).values() if v)
    assert "Impor survei" in stamp and "1 file" in stamp
    summary = consolidate([folder], tmp_path / "Rekap Kanwil.xlsx")
    assert len(summary.indices) == 2
    listed = table(tmp_path / "Rekap Kanwil.xlsx", layout.TABLE_SUMMARY_INDICES)
    assert [(row[layout.COLUMN_FILE], row[layout.COLUMN_SATKER], row[layout.COLUMN_IKM]) for row in listed] == [
        ("satker_b.xlsx", SATKER[1], 84.03),
        ("satker_c.xlsx", SATKER[2], 84.03),
    ]


# -- opens clean, with hostile text in the export --------------------------------------------------------------------

HOSTILE_SATKER = "=1+1"  # a satker the Realisasi table lists, typed as text
HOSTILE_UNKNOWN = "-2+3"  # a satker no table lists: it ends up on Masalah Impor
HOSTILE_ANSWER = "@SUM(A1)"


@pytest.fixture(scope="module")
def hostile_import(tmp_path_factory):
    work = tmp_path_factory.mktemp("survey-hostile")
    book = survey_book(
        work / "satker.xlsx", names=[HOSTILE_SATKER, *SATKER], settings={"Urutan_Tanggal": "bulan/tanggal/tahun"}
    )
    rows = [
        (dt.datetime(2024, 7, 15 + k, 10), HOSTILE_SATKER, answers) for k, answers in enumerate(FOUR_QUESTIONNAIRES)
    ]
    rows += [
        (dt.datetime(2024, 7, 20, 11), HOSTILE_UNKNOWN, [4] * 9),
        (dt.datetime(2024, 7, 21, 11), SATKER[0], [HOSTILE_ANSWER, *[4] * 8]),
        *responses(),
    ]
    source = google_export(work / "=1+1.csv", rows, "en")
    out = work / "sesudah impor.xlsx"
    outcome = import_survey([source], book, out)
    return out, outcome


def test_the_imported_workbook_passes_the_static_checks(hostile_import, shared_dir):
    path, outcome = hostile_import
    assert outcome.counted == 4 + len(responses())
    by_check = static_findings(path, shared_dir=shared_dir)
    lines = [f"[{check}] {line}" for check, found in by_check.items() for line in found]
    assert not lines, "\n".join(lines)


@pytest.mark.libreoffice
def test_libreoffice_opens_the_imported_workbook_clean_and_redoes_the_ikm(hostile_import, lo_profile, tmp_path):
    path, outcome = hostile_import
    expected = [
        (layout.SHEET_INDICES, HOSTILE_SATKER),
        (layout.SHEET_SURVEY_DATA, HOSTILE_SATKER),
        (layout.SHEET_REALISATION, HOSTILE_SATKER),
        (layout.SHEET_IMPORT_PROBLEMS, HOSTILE_UNKNOWN),
        (layout.SHEET_IMPORT_LOG, "=1+1.csv"),
    ]
    lines = libreoffice_findings(path, libreoffice_profile=lo_profile, workdir=tmp_path, expected_texts=expected)
    assert not lines, "\n".join(lines)
    assert any(HOSTILE_ANSWER in r.reason for r in outcome.reports[0].rejected)
    # LibreOffice recomputes the worked example's formulas to the IKM Python wrote in the table.
    files = libreoffice_convert(path, tmp_path / "csv", CSV_ALL_SHEETS, lo_profile)
    sheet = csv_sheet(files, layout.SHEET_INDICES)
    top = next(i for i, line in enumerate(sheet) if line and line[0] == layout.COLUMN_SATKER)
    headers = sheet[top]
    rows = []
    for line in sheet[top + 1 :]:
        if not line or not line[0]:
            break
        rows.append(dict(zip(headers, line)))

    def number(text: str) -> float:
        return float(text.replace(",", "."))

    hostile = next(row for row in rows if row[layout.COLUMN_SATKER] == HOSTILE_SATKER)
    assert number(hostile[layout.COLUMN_IKM]) == 84.03  # the four questionnaires computed by hand above
    heading = next(i for i, line in enumerate(sheet) if line and line[0].startswith("Contoh perhitungan IKM"))
    shown = next(r for r in rows if f": {r[layout.COLUMN_SATKER]}, {r[layout.COLUMN_PERIOD]} (" in sheet[heading][0])
    labels = {line[0]: line[5] for line in sheet[heading:] if line and line[0]}
    assert number(labels["Dibulatkan dua desimal"]) == number(shown[layout.COLUMN_IKM])
    assert number(labels["IKM yang tertulis di tabel di atas (dihitung oleh Python)"]) == number(
        shown[layout.COLUMN_IKM]
    )
    assert labels["Mutu pelayanan"] == shown[layout.COLUMN_IKM_GRADE]
    assert labels["Kinerja unit pelayanan"] == shown[layout.COLUMN_IKM_PERFORMANCE]


@pytest.mark.libreoffice
def test_libreoffice_opens_the_template_survey_sheets_with_the_example_arithmetic(lo_profile, tmp_path):
    book = survey_book(tmp_path / "kosong.xlsx")
    files = libreoffice_convert(book, tmp_path / "csv", CSV_ALL_SHEETS, lo_profile)
    sheet = csv_sheet(files, layout.SHEET_INDICES)
    heading = next(i for i, line in enumerate(sheet) if line and line[0].startswith("CONTOH perhitungan IKM"))
    labels = {line[0]: line[5] for line in sheet[heading:] if line and line[0]}
    # The invented example: sums 141, 132, 126, 152, 138, 135, 147, 119, 129 over 40 questionnaires each.
    # Σ NRR = 1219/40 = 30.475; /9 × 25 = 84.6527… → 84.65, B.
    assert float(labels["Dibulatkan dua desimal"].replace(",", ".")) == 84.65 and labels["Mutu pelayanan"] == "B"


def test_the_store_refuses_a_hand_edited_row(tmp_path):
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    import_survey([google_export(tmp_path / "en.csv", responses(), "en")], book)
    edited = openpyxl.load_workbook(book)
    sheet, _ = next(
        (s, t) for s in edited.worksheets for t in s.tables.values() if t.displayName == layout.TABLE_SURVEY_DATA
    )
    sheet.cell(FIRST, 5).value = "banyak"  # Responden
    edited.save(book)
    with pytest.raises(LayoutError):
        import_survey([tmp_path / "en.csv"], book)


def test_tally_rows_read_back_to_the_same_tally():
    tally = Tally()
    tally.scales["SPKP"] = 4
    tally.add("SPKP", "Satker Contoh A", 2024, 7, {"U1": 4, "U2": None})
    tally.add("SPKP", "Satker Contoh A", 2024, 7, {"U1": 3, "U2": 2})
    from xl_addin.survey_counting import tally_from_rows

    again = tally_from_rows(enumerate(tally.rows()))
    assert again.groups == tally.groups and again.scales == tally.scales


def test_export_reader_reads_xlsx_dates_as_dates(tmp_path):
    data = responses()[:2]
    table_ = read_export(google_export(tmp_path / "r.xlsx", data, "en", xlsx=True))
    rows = list(table_.rows)
    assert rows[0][0] == data[0][0] and rows[1][2] == data[1][1]


def test_an_older_workbook_without_the_survey_sheets_gets_them_with_the_default_mapping(tmp_path):
    book = build_workbook()
    for name in layout.SURVEY_SHEETS:
        book.remove(book[name])
    for setting in layout.SURVEY_SETTINGS:
        del book.defined_names[setting.defined_name]
    write_realisation(book, list(SATKER))
    path = tmp_path / "lama.xlsx"
    book.save(path)
    clear = [row for row in responses() if row[0].day > 12]
    outcome = import_survey([google_export(tmp_path / "en.csv", clear, "en")], path)
    assert outcome.counted == len(clear) and realisation(path) == expected_counts(clear)
    assert any(layout.TABLE_MAPPING in notice for notice in outcome.notices)
    after = openpyxl.load_workbook(path)
    assert set(layout.SURVEY_SHEETS) <= set(after.sheetnames)
    assert after[layout.SHEET_RESPONSE_KEYS].sheet_state == "hidden"
    assert import_survey([tmp_path / "en.csv"], path).counted == 0  # the mapping sheet it made reads back


@pytest.mark.libreoffice
def test_email_copy_and_kanwil_summary_of_the_hostile_import_open_clean(
    hostile_import, shared_dir, lo_profile, tmp_path
):
    path, _outcome = hostile_import
    copy_path = export(path, tmp_path / "salinan.xlsx")
    folder = tmp_path / "kiriman"
    folder.mkdir()
    (folder / "=1+1.xlsx").write_bytes(path.read_bytes())
    summary = consolidate([folder], tmp_path / "Rekap Kanwil.xlsx").output
    expected = {
        copy_path: [(layout.SHEET_INDICES, HOSTILE_SATKER), (layout.SHEET_IMPORT_PROBLEMS, HOSTILE_UNKNOWN)],
        summary: [(layout.SHEET_SUMMARY_INDICES, HOSTILE_SATKER), (layout.SHEET_SUMMARY_INDICES, "=1+1.xlsx")],
    }
    for output, texts in expected.items():
        by_check = static_findings(output, shared_dir=shared_dir)
        lines = [f"[{check}] {line}" for check, found in by_check.items() for line in found]
        lines += libreoffice_findings(
            output, libreoffice_profile=lo_profile, workdir=tmp_path / "lo", expected_texts=texts
        )
        assert not lines, f"{output.name}:\n" + "\n".join(lines)


@pytest.mark.parametrize(("bound", "met"), [("86.11", "Ya"), ("86.12", "Tidak")])
def test_the_office_bound_is_compared_with_the_index_as_shown(bound, met):
    from xl_addin.survey_exports import SurveySettings
    from xl_addin.survey_indices import IndexRow
    from xl_addin.survey_sheets import indices_plan

    # SPAK index 31/9 on 1–4 (the example above) = 86.111… on 100, shown as 86,11.
    index = compute_index("SPAK", {"A1": (11, 3), "A2": (8, 3), "A3": (8, 2)}, ["A1", "A2", "A3"], 4, PROPORTIONAL)
    row = IndexRow(SATKER[0], "Juli", {"SPKP": 0, "SPAK": 3}, None, {"SPKP": None, "SPAK": index})
    plan = indices_plan([row], SurveySettings(threshold=Fraction(bound)))
    body = next(block for block in plan.blocks if block.row == FIRST)
    values = dict(zip(layout.INDICES_HEADERS, body.values[0]))
    assert values[layout.threshold_column("SPAK")] == met and values[layout.threshold_column("SPKP")] is None


# -- issue 21: an import an operator gets right the first time ------------------------------------------------------


def set_names(path: Path, **values) -> None:
    """Type values into named cells of a saved workbook (``Urutan_Tanggal="…"``)."""
    book = openpyxl.load_workbook(path)
    for name, value in values.items():
        ((sheet, cell),) = book.defined_names[name].destinations
        book[sheet][cell.replace("$", "")] = value
    book.save(path)


def write_satker_list(path: Path, rows) -> None:
    """Replace the DaftarSatker table's rows: (name, aliases, email, contact)."""
    book = openpyxl.load_workbook(path)
    sheet, found = find_table(book, layout.TABLE_SATKER_LIST)
    area = TableArea.of(sheet, found)
    for row in range(area.first_row, area.last_row + 1):
        for column in range(1, len(layout.SATKER_LIST_HEADERS) + 1):
            sheet.cell(row, column).value = None
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=1):
            sheet.cell(area.first_row + offset, column).value = value
    found.ref = found.autoFilter.ref = f"A{area.header_row}:F{area.first_row + max(len(rows), 1) - 1}"
    book.save(path)


def two_way_responses():
    """Responses whose dates all read two ways, both readings in the target months: July–September, days 8–12
    (read the other way: August–December, days 7–9)."""
    out = []
    for index, satker in enumerate(SATKER):
        for month in (7, 8, 9):
            for day in (d for d in range(8, 13) if d != month):
                out.append((dt.datetime(2024, month, day, 9 + index, day, 5), satker, [1 + (day + index) % 4] * 9))
    return out


def test_an_english_and_an_indonesian_export_are_imported_together_each_in_its_own_order(tmp_path):
    # Issue 21: with "tanggal/bulan/tahun" set, an English export's two-way dates were counted in the wrong month.
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "tanggal/bulan/tahun"})
    english = [row for row in responses() if row[1] == SATKER[0]]
    indonesian = [row for row in responses() if row[1] != SATKER[0]]
    outcome = import_survey(
        [google_export(tmp_path / "en.csv", english, "en"), google_export(tmp_path / "id.csv", indonesian, "id")], book
    )
    assert outcome.counted == len(responses()) and not any(report.rejected for report in outcome.reports)
    assert [report.date_order for report in outcome.reports] == [MONTH_FIRST, DAY_FIRST]
    assert realisation(book) == expected_counts(responses())
    assert any(
        "Pengaturan Urutan Tanggal (tanggal/bulan/tahun) tidak dipakai untuk file ini" in line
        for line in outcome.lines()
    )


def test_a_file_that_cannot_tell_its_order_is_the_first_thing_the_summary_asks_about(tmp_path):
    book = survey_book(tmp_path / "satker.xlsx")
    data = two_way_responses()
    outcome = import_survey([google_export(tmp_path / "semua dua cara.csv", data, "id")], book)
    report = outcome.reports[0]
    assert outcome.counted == 0 and report.undecided == len(data) == len(report.rejected)
    lines = outcome.lines()
    assert lines[0] == "PERLU TINDAKAN (1):"
    assert lines[1] == (
        f"- File semua dua cara.csv: {len(data)} cap waktu dapat dibaca dua cara (misalnya baris 2) dan urutan tanggal "
        "file ini tidak dapat ditentukan dari isinya. Pilih Urutan Tanggal di sheet Pemetaan Kolom, lalu impor file "
        "ini lagi."
    )
    assert not any(change.writes for change in outcome.changes)


def test_changing_the_date_order_and_importing_again_never_counts_twice(tmp_path):
    # Issue 21: fixing the order and importing again counted 535 responses twice.
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "tanggal/bulan/tahun"})
    data = two_way_responses()
    source = google_export(tmp_path / "en.csv", data, "en")  # month first, but nothing in it says so
    first = import_survey([source], book)
    assert first.counted == len(data) and first.reports[0].date_order == DAY_FIRST  # the office's (wrong) choice
    set_names(book, Urutan_Tanggal="bulan/tanggal/tahun")
    again = import_survey([source], book)
    assert again.counted == 0 and again.reports[0].earlier == len(data)
    assert sum(v for v in realisation(book).values() if isinstance(v, int)) == len(data)


def test_a_file_damaged_partway_counts_nothing_and_says_where(tmp_path):
    # Issue 21: a bad byte after 64 KB had the first rows counted while the report said nothing was counted.
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    good = google_export(tmp_path / "baik.csv", responses(), "en")
    rows = [(dt.datetime(2024, 7, 15 + k % 10, 9, k % 60, k % 60), SATKER[k % 3], [1 + k % 4] * 9) for k in range(2400)]
    damaged = google_export(tmp_path / "rusak.csv", rows, "en")
    data = damaged.read_bytes()
    assert len(data) > 70_000
    cut = data.index(b"\n", 70_000) + 1  # the start of a line after 64 KB
    line = data.count(b"\n", 0, cut) + 1
    damaged.write_bytes(data[:cut] + b"\xff" + data[cut:])
    outcome = import_survey([damaged, good], book)
    failed, fine = outcome.reports
    assert failed.counted == 0 and failed.failed == (
        f"File rusak.csv tidak tersimpan sebagai UTF-8 (baris {format_number(line)} berisi byte yang bukan UTF-8). "
        "Unduh ulang dari Google Forms, atau di Excel simpan sebagai 'CSV UTF-8 (dipisahkan koma)'."
    )
    assert fine.counted == len(responses()) and realisation(book) == expected_counts(responses())
    assert outcome.lines()[:2] == ["PERLU TINDAKAN (1):", f"- {failed.failed} Tidak ada yang dihitung dari file ini."]


def test_a_field_over_the_csv_limit_fails_the_file_with_its_line(tmp_path):
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    rows = [(dt.datetime(2024, 7, 15, 9, k), SATKER[0], [3] * 9) for k in range(5)]
    path = google_export(tmp_path / "panjang.csv", rows, "en")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(4, '7/16/2024 9:00:00,"' + "x" * 200_000 + '",' + SATKER[0] + ",3,3,3,3,3,3,3,3,3")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    good = google_export(tmp_path / "baik.csv", responses(), "en")
    outcome = import_survey([path, good], book)
    assert outcome.reports[0].counted == 0
    assert (
        outcome.reports[0].failed
        == "File panjang.csv rusak pada baris 5: ada isian lebih panjang dari 131.072 karakter."
    )
    assert realisation(book) == expected_counts(responses())


def test_control_characters_from_files_and_file_names_are_stored_as_symbols(tmp_path):
    # Issue 21: \x0b, \x01 or NUL in a satker or an answer, or \x01 in a file name, ended with "Kesalahan tak terduga".
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    rows = [
        (dt.datetime(2024, 7, 20, 9), "Satker\x01Asing\x00", [4] * 9),
        (dt.datetime(2024, 7, 21, 9), SATKER[0], ["Baik\x01sekali", *[4] * 8]),
        (dt.datetime(2024, 7, 22, 9), SATKER[1], [4] * 9),
    ]
    source = google_export(tmp_path / "ekspor\x01.csv", rows, "en")
    outcome = import_survey([source], book)
    assert outcome.counted == 1
    listed = table(book, layout.TABLE_IMPORT_PROBLEMS)
    assert {row[layout.COLUMN_SATKER_IN_FILE] for row in listed if row[layout.COLUMN_ROW] == 2} == {"Satker␁Asing␀"}
    assert any("'Baik␁sekali'" in (row[layout.COLUMN_PROBLEM] or "") for row in listed)
    assert {row[layout.COLUMN_FILE] for row in table(book, layout.TABLE_IMPORT_LOG)} == {"ekspor␁.csv"}


def test_a_file_name_that_is_not_utf8_is_stored_with_a_replacement_character(tmp_path):
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    source = google_export(tmp_path / "plain.csv", [(dt.datetime(2024, 7, 22, 9), SATKER[1], [4] * 9)], "en")
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/ekspor\xff.csv"))
    source.rename(odd)
    assert import_survey([odd], book).counted == 1
    assert {row[layout.COLUMN_FILE] for row in table(book, layout.TABLE_IMPORT_LOG)} == {"ekspor\ufffd.csv"}


def test_symbolic_link_loops_get_a_message_not_a_crash(tmp_path, capsys):
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    folder = tmp_path / "ekspor"
    folder.mkdir()
    google_export(folder / "a.csv", responses(), "en")
    (folder / "putar.csv").symlink_to(folder / "putar.csv")
    outcome = import_survey([folder], book)
    assert [report.name for report in outcome.reports] == ["a.csv", "putar.csv"]
    assert outcome.reports[0].counted == len(responses())
    assert outcome.reports[1].failed == (
        "File putar.csv adalah pintasan (symbolic link) yang menunjuk dirinya sendiri atau berputar; pilih file aslinya."
    )
    loop = tmp_path / "putar.xlsx"
    loop.symlink_to(loop)
    assert main(["impor-survei", str(folder / "a.csv"), "--ke", str(loop)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == (
        "Kesalahan: File putar.xlsx adalah pintasan (symbolic link) yang menunjuk dirinya sendiri atau berputar; "
        "pilih file aslinya."
    )


def test_fractions_of_a_second_are_rounded_alike_in_xlsx_and_csv(tmp_path):
    # Issue 21: 31 July 23:59:59.6 in the .xlsx and "8/1/2024 0:00:00" in the CSV Excel saved from it were two responses.
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    late = dt.datetime(2024, 7, 31, 23, 59, 59, 600_000)
    first = import_survey([google_export(tmp_path / "r.xlsx", [(late, SATKER[0], [3] * 9)], "en", xlsx=True)], book)
    assert first.counted == 1 and realisation(book) == {(SATKER[0], "SPKP Agustus"): 1}
    csv_copy = tmp_path / "r.csv"  # what Excel saves from it: the time shown to the second, rounded
    with csv_copy.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(
            [
                ["Timestamp", "Email Address", "Satuan Kerja", *SPKP_TITLES],
                ["8/1/2024 0:00:00", "", SATKER[0], *[3] * 9],
            ]
        )
    assert import_survey([csv_copy], book).reports[0].earlier == 1
    assert parse_timestamp("2024-07-31 23:59:59.4") == dt.datetime(2024, 7, 31, 23, 59, 59)
    assert parse_timestamp("2024-07-31 23:59:59.5") == dt.datetime(2024, 8, 1, 0, 0, 0)


@pytest.mark.parametrize(
    ("text", "zone", "moment"),
    [
        ("2024-07-31T20:00:00Z", 7, dt.datetime(2024, 8, 1, 3, 0)),  # UTC 20.00 is 03.00 WIB the next day
        ("2024-07-31T20:00:00Z", 9, dt.datetime(2024, 8, 1, 5, 0)),  # … and 05.00 WIT
        ("2024-07-31 23:30:00+07:00", 8, dt.datetime(2024, 8, 1, 0, 30)),  # WIB 23.30 is WITA 00.30
        ("2024-07-31 23:30:00 +0800", 8, dt.datetime(2024, 7, 31, 23, 30)),
        ("31/07/2024 22.00.00 WIB", 9, dt.datetime(2024, 8, 1, 0, 0)),
    ],
)
def test_a_timestamp_with_an_offset_is_read_in_the_offices_zone(text, zone, moment):
    office = dt.timezone(dt.timedelta(hours=zone))
    assert parse_timestamp(text, None, office) == moment


def test_z_timestamps_are_counted_in_the_month_of_the_offices_zone(tmp_path):
    book = survey_book(tmp_path / "satker.xlsx", settings={"Zona_Waktu": "WITA"})
    path = tmp_path / "aplikasi.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Timestamp", "Satuan Kerja", *SPKP_TITLES])
        writer.writerow(["2024-07-31T20:00:00Z", SATKER[0], *[3] * 9])  # 04.00 WITA on 1 August
        writer.writerow(["2024-07-31T15:00:00+07:00", SATKER[0], *[3] * 9])  # 16.00 WITA on 31 July
    assert import_survey([path], book).counted == 2
    assert realisation(book) == {(SATKER[0], "SPKP Juli"): 1, (SATKER[0], "SPKP Agustus"): 1}


@pytest.mark.parametrize("zone", ["WIBB", "GMT+7", 7, "Asia/Jakarta"])
def test_a_garbage_time_zone_is_refused(tmp_path, zone):
    book = survey_book(tmp_path / "satker.xlsx", settings={"Zona_Waktu": zone})
    before = book.read_bytes()
    with pytest.raises(InputError) as caught:
        import_survey([google_export(tmp_path / "en.csv", responses(), "en")], book)
    assert caught.value.user_message.startswith("Sheet Pengaturan, 'Zona waktu' harus WIB, WITA atau WIT, bukan ")
    assert book.read_bytes() == before


def test_the_import_stamp_is_in_the_offices_time_zone(tmp_path):
    # Issue 25: the stamp used the PC's zone. A Jayapura office (WIT) imports at 10.00 WITA = 11.00 WIT.
    book = survey_book(
        tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun", "Zona_Waktu": "WIT"}
    )
    outcome = import_survey(
        [google_export(tmp_path / "en.csv", responses(), "en")], book, now=dt.datetime(2024, 9, 30, 10, tzinfo=WITA)
    )
    assert outcome.when == "30 September 2024 pukul 11.00 WIT"
    assert [row[layout.COLUMN_IMPORT_TIME] for row in table(book, layout.TABLE_IMPORT_LOG)] == [outcome.when]


def test_a_semicolon_csv_whose_titles_hold_commas_is_read_as_semicolon_separated(tmp_path):
    # Issue 25: the header line alone made such a file comma-separated ("kolom cap waktu tidak ditemukan").
    path = tmp_path / "excel.csv"
    titles = [
        "1. Persyaratan: menurut Saudara, apakah sesuai, jelas, dan mudah dipenuhi?",
        "2. Prosedur: menurut Saudara, apakah mudah, cepat, dan jelas?",
    ]  # more commas than semicolons in the header line
    path.write_text(
        f"Timestamp;Satuan Kerja;{';'.join(titles)}\n7/15/2024 10:00:00;Satker Contoh A;4;3\n7/16/2024 10:00:00;Satker Contoh B;2;1\n",
        encoding="utf-8-sig",
    )
    export_table = read_export(path)
    assert list(export_table.headers) == ["Timestamp", "Satuan Kerja", *titles]
    assert list(export_table.rows) == [
        ["7/15/2024 10:00:00", "Satker Contoh A", "4", "3"],
        ["7/16/2024 10:00:00", "Satker Contoh B", "2", "1"],
    ]


def test_a_two_way_date_is_told_by_its_error_type_with_both_readings():
    # Issue 25: the session recognised a two-way date by the words of its message.
    with pytest.raises(AmbiguousTimestamp) as caught:
        parse_timestamp("03/04/2024 10:00:00")
    assert (caught.value.day_first, caught.value.month_first) == (
        dt.datetime(2024, 4, 3, 10),
        dt.datetime(2024, 3, 4, 10),
    )
    with pytest.raises(TimestampError) as unreadable:
        parse_timestamp("31/02/2024 10:00")
    assert not isinstance(unreadable.value, AmbiguousTimestamp)


# PermenPANRB 14/2017, annex (questionnaire): the four answer options of each of the nine elements, worst first,
# typed here from the regulation's questionnaire as published (see survey_exports.REGULATION_ANSWER_LABELS).
REGULATION_OPTIONS = [
    ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"],
    ["Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"],
    ["Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"],
    ["Sangat mahal", "Cukup mahal", "Murah", "Gratis"],
    ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"],
    ["Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"],
    ["Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"],
    ["Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"],
    ["Buruk", "Cukup", "Baik", "Sangat Baik"],
]


def test_the_shipped_answer_values_hold_every_label_of_the_regulations_questionnaire(tmp_path):
    # Issue 21: the shipped Nilai Jawaban lacked 26 of these labels. Read back from the template's own table.
    book = survey_book(tmp_path / "satker.xlsx")
    shipped = {
        " ".join(str(row[layout.COLUMN_ANSWER]).split()).casefold(): row[layout.COLUMN_ANSWER_VALUE]
        for row in table(book, layout.TABLE_ANSWER_VALUES)
    }
    for options in REGULATION_OPTIONS:
        for value, label in enumerate(options, start=1):
            assert shipped.get(label.casefold()) == value, label


def test_an_export_answered_with_the_regulations_labels_is_counted(tmp_path):
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    best = [options[3] for options in REGULATION_OPTIONS]
    worst = [options[0] for options in REGULATION_OPTIONS]
    rows = [(dt.datetime(2024, 7, 20, 9), SATKER[0], best), (dt.datetime(2024, 7, 21, 9), SATKER[0], worst)]
    outcome = import_survey([google_export(tmp_path / "label.csv", rows, "en")], book)
    assert outcome.counted == 2
    (line,) = table(book, layout.TABLE_INDICES)
    assert line[layout.COLUMN_IKM] == 62.5  # every element 4 and 1: NRR 2.5 each, 2.5 × 25 = 62.50


def test_unknown_labels_are_listed_once_each_with_their_count(tmp_path):
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    rows = [(dt.datetime(2024, 7, 20, 9, k), SATKER[0], ["Mantap", "Oke", *[4] * 7]) for k in range(3)] + [
        (dt.datetime(2024, 7, 21, 9), SATKER[1], ["Mantap", "Mantap", *[4] * 7])
    ]
    outcome = import_survey([google_export(tmp_path / "label.csv", rows, "en")], book)
    lines = outcome.lines()
    assert lines[:3] == [
        "PERLU TINDAKAN (2):",
        "- Jawaban 'Mantap' (5 jawaban, 4 baris) tidak ada di tabel NilaiJawaban (sheet Pemetaan Kolom); tambahkan "
        "beserta nilainya, lalu impor lagi.",
        "- Jawaban 'Oke' (3 jawaban, 3 baris) tidak ada di tabel NilaiJawaban (sheet Pemetaan Kolom); tambahkan "
        "beserta nilainya, lalu impor lagi.",
    ]


@pytest.mark.parametrize(
    "written",
    ["Survei Persepsi Kualitas Pelayanan (SPKP)", "SPKP", "spkp", "Survei Persepsi Kualitas Pelayanan"],
)
def test_survey_type_values_as_forms_write_them(tmp_path, written):
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    path = tmp_path / "jenis.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Timestamp", "Satuan Kerja", "Jenis Survei", *SPKP_TITLES])
        writer.writerow(["7/20/2024 9:00:00", SATKER[0], written, *[3] * 9])
    assert import_survey([path], book).counted == 1


def test_a_survey_type_naming_both_or_neither_is_refused_and_grouped(tmp_path):
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    path = tmp_path / "jenis.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Timestamp", "Satuan Kerja", "Jenis Survei", *SPKP_TITLES])
        writer.writerow(["7/20/2024 9:00:00", SATKER[0], "SPKP dan SPAK", *[3] * 9])
        writer.writerow(["7/20/2024 9:00:01", SATKER[0], "SPKP dan SPAK", *[3] * 9])
    outcome = import_survey([path], book)
    assert outcome.counted == 0
    assert outcome.lines()[1] == (
        "- Jenis survei 'SPKP dan SPAK' (2 baris): jenis survei 'SPKP dan SPAK' tidak dikenal; tambahkan ke tabel "
        "NilaiJenisSurvei di sheet Pemetaan Kolom."
    )


def test_aliases_from_the_satker_list_count_for_their_satker_and_near_misses_get_a_suggestion(tmp_path):
    names = ["Lembaga Pemasyarakatan Kelas IIA Kupang", "Kantor Imigrasi Kelas I TPI Kupang"]
    book = survey_book(tmp_path / "satker.xlsx", names=names, settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    write_satker_list(
        book,
        [
            (names[0], "Lapas Kupang; Lapas Kls IIA Kupang", "lapas@contoh.example", "Budi"),
            (names[1], "Kanim Kupang", None, None),
        ],
    )
    rows = [
        (dt.datetime(2024, 7, 20, 9, 1), "Lapas Kupang", [3] * 9),
        (dt.datetime(2024, 7, 20, 9, 2), "lapas  kls IIA kupang", [3] * 9),
        (dt.datetime(2024, 7, 20, 9, 3), "Kanim Kupang", [3] * 9),
        (dt.datetime(2024, 7, 20, 9, 4), "Kantor Imigrasi Kupang", [3] * 9),  # a near miss: suggested, not counted
        (dt.datetime(2024, 7, 20, 9, 5), "Kantor Imigrasi Kupang", [3] * 9),
    ]
    outcome = import_survey([google_export(tmp_path / "alias.csv", rows, "en")], book)
    assert outcome.counted == 3
    assert realisation(book) == {(names[0], "SPKP Juli"): 2, (names[1], "SPKP Juli"): 1}
    assert outcome.lines()[:2] == [
        "PERLU TINDAKAN (1):",
        "- Satuan kerja 'Kantor Imigrasi Kupang' tidak ada di tabel Realisasi maupun Daftar Satker (2 baris); mungkin "
        "maksudnya 'Kantor Imigrasi Kelas I TPI Kupang': tambahkan nama itu sebagai Nama Lain satker yang dimaksud di "
        "sheet Daftar Satker (atau perbaiki di file ekspor), lalu impor lagi.",
    ]


def test_masalah_impor_keeps_each_imports_problems_with_its_time_grouped_by_reason(tmp_path):
    book = survey_book(
        tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun", "Zona_Waktu": "WITA"}
    )
    first = [(dt.datetime(2024, 7, 20, 9, k), "Satker Asing", [3] * 9) for k in range(2)]
    import_survey([google_export(tmp_path / "a.csv", first, "en")], book, now=dt.datetime(2024, 7, 31, 8, tzinfo=WITA))
    second = [(dt.datetime(2024, 6, 20, 9), SATKER[0], [3] * 9)]
    import_survey([google_export(tmp_path / "b.csv", second, "en")], book, now=dt.datetime(2024, 8, 31, 8, tzinfo=WITA))
    listed = [
        (
            row[layout.COLUMN_IMPORT_TIME],
            row[layout.COLUMN_PROBLEM_KIND],
            row[layout.COLUMN_FILE],
            row[layout.COLUMN_ROW],
        )
        for row in table(book, layout.TABLE_IMPORT_PROBLEMS)
    ]
    newest, oldest = "31 Agustus 2024 pukul 08.00 WITA", "31 Juli 2024 pukul 08.00 WITA"
    assert listed == [
        (newest, "Di luar bulan target", None, None),
        (newest, "Di luar bulan target", "b.csv", 2),
        (oldest, "Satuan kerja tidak dikenal", None, None),
        (oldest, "Satuan kerja tidak dikenal", "a.csv", 2),
        (oldest, "Satuan kerja tidak dikenal", "a.csv", 3),
    ]


def test_a_trial_run_prints_the_summary_and_does_not_point_at_a_sheet_it_did_not_save(tmp_path, capsys):
    # Issue 21: --coba said "lihat sheet Masalah Impor" but saved nothing.
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    rows = [(dt.datetime(2024, 7, 20, 9, k), "Satker Asing", [3] * 9) for k in range(3)]
    source = google_export(tmp_path / "a.csv", rows + responses(), "en")
    before = book.read_bytes()
    assert main(["impor-survei", str(source), "--ke", str(book), "--coba"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "PERLU TINDAKAN (1):" and out[1].startswith("- Satuan kerja 'Satker Asing' tidak ada")
    assert "Masalah Impor" not in "\n".join(out) and out[-1].endswith("Hasil ini tidak disimpan (--coba).")
    assert book.read_bytes() == before


def test_a_workbook_keyed_by_the_previous_version_is_not_counted_twice(tmp_path):
    # Workbooks imported before 2.x hold sha256 keys of the moment as read; re-importing must find them.
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    data = responses()
    source = google_export(tmp_path / "en.csv", data, "en")
    import_survey([source], book)
    import hashlib

    def old_key(survey, when, satker, answers):  # 1.x: sha256 of survey, "h", ISO moment, satker, "U1=3,…"
        answered = ",".join(f"U{i}={value}" for i, value in enumerate(answers, start=1))
        text = "\x1f".join(
            (survey, "h", when.isoformat(timespec="seconds"), " ".join(satker.split()).casefold(), answered)
        )
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    edited = openpyxl.load_workbook(book)
    sheet, found = find_table(edited, layout.TABLE_RESPONSE_KEYS)
    area = TableArea.of(sheet, found)
    for row in range(area.first_row, area.last_row + 1):
        for column in range(area.first_column, area.last_column + 1):
            sheet.cell(row, column).value = None
    sheet.cell(area.first_row, area.first_column).value = " ".join(old_key("SPKP", w, s, a) for w, s, a in data)
    edited.save(book)
    again = import_survey([source], book)
    assert again.counted == 0 and again.reports[0].earlier == len(data)
    assert sum(v for v in realisation(book).values() if isinstance(v, int)) == len(data)
    assert import_survey([source], book).reports[0].earlier == len(data)  # now found under today's keys


def test_a_re_import_skips_rows_already_counted_and_still_counts_fixed_rows(tmp_path):
    book = survey_book(
        tmp_path / "satker.xlsx",
        names=[*SATKER, "Lapas Kupang Resmi"],
        settings={"Urutan_Tanggal": "bulan/tanggal/tahun"},
    )
    rows = [*responses(), (dt.datetime(2024, 7, 20, 9), "Lapas Kupang", [3] * 9)]
    source = google_export(tmp_path / "en.csv", rows, "en")
    first = import_survey([source], book)
    assert first.counted == len(responses()) and len(first.reports[0].rejected) == 1
    write_satker_list(book, [("Lapas Kupang Resmi", "Lapas Kupang", None, None)])
    again = import_survey([source], book)
    assert again.counted == 1 and again.reports[0].earlier == len(responses())
    assert realisation(book)[("Lapas Kupang Resmi", "SPKP Juli")] == 1


# -- one writer at a time per workbook (package.workbook_lock), with real processes ---------------------------------

HOLD = """
import sys, time
from xl_addin.package import workbook_lock
with workbook_lock(sys.argv[1], "fill"):
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def holder(path: Path, seconds: float) -> subprocess.Popen:
    """Another process holding the workbook's lock for ``seconds``; returns once it holds it."""
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "holding"
    return process


def test_two_imports_at_once_both_count(tmp_path):
    # Issue 21: two imports on one workbook at once both reported success, and one of them was lost.
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    july = [row for row in responses() if row[0].month == 7]
    later = [row for row in responses() if row[0].month != 7]
    sources = [google_export(tmp_path / "juli.csv", july, "en"), google_export(tmp_path / "lain.csv", later, "en")]
    command = [sys.executable, "-m", "xl_addin", "impor-survei"]
    runs = [subprocess.Popen([*command, str(source), "--ke", str(book)], stdout=subprocess.PIPE) for source in sources]
    assert [run.wait(timeout=120) for run in runs] == [0, 0]
    assert realisation(book) == expected_counts(responses())
    assert {row[layout.COLUMN_FILE] for row in table(book, layout.TABLE_IMPORT_LOG)} == {"juli.csv", "lain.csv"}


def test_a_second_writer_waits_then_refuses_naming_the_other_run(tmp_path):
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    before = book.read_bytes()
    other = holder(book, 30)
    try:
        start = time.monotonic()
        with pytest.raises(FileError) as caught, workbook_lock(book, "impor-survei", wait=1.0):
            pass
        assert time.monotonic() - start >= 1.0
    finally:
        other.kill()
        other.wait()
    message = caught.value.user_message
    assert message.startswith("Workbook satker.xlsx sedang diubah oleh perintah 'fill' sejak ")
    assert f"di komputer {socket.gethostname()} oleh pengguna {getpass.getuser()}." in message
    assert message.endswith("Tunggu sampai selesai, lalu ulangi. Workbook tidak diubah oleh perintah ini.")
    assert book.read_bytes() == before


def test_a_killed_run_does_not_leave_the_workbook_locked(tmp_path):
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    other = holder(book, 600)
    other.send_signal(signal.SIGKILL)
    other.wait()
    start = time.monotonic()
    outcome = import_survey([google_export(tmp_path / "en.csv", responses(), "en")], book)
    assert outcome.counted == len(responses()) and time.monotonic() - start < 5


def test_a_second_writer_waits_briefly_for_the_first_to_finish(tmp_path):
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    other = holder(book, 2)
    try:
        outcome = import_survey([google_export(tmp_path / "en.csv", responses(), "en")], book)
    finally:
        other.wait(timeout=30)
    assert outcome.counted == len(responses()) and realisation(book) == expected_counts(responses())


# -- indices: small samples, the Kanwil pooled over respondents, mixed scales in the Kanwil summary --------------


def test_the_kanwil_row_pools_every_questionnaire_not_the_satkers_ikm(tmp_path):
    book = survey_book(tmp_path / "satker.xlsx", settings={"Urutan_Tanggal": "bulan/tanggal/tahun"})
    rows = [(dt.datetime(2024, 7, 15 + k, 10), SATKER[1], answers) for k, answers in enumerate(FOUR_QUESTIONNAIRES)]
    rows.append((dt.datetime(2024, 7, 20, 10), SATKER[2], [4] * 9))
    import_survey([google_export(tmp_path / "spkp.csv", rows, "en")], book)
    listed = {(row[layout.COLUMN_SATKER], row[layout.COLUMN_PERIOD]): row for row in table(book, layout.TABLE_INDICES)}
    # SATKER[1]: 84.03 (by hand above); SATKER[2]: every answer 4, 100.00. Their mean would be 92.01 (A).
    # Pooled: the four questionnaires' element sums total 121, the fifth adds 9 × 4 = 36: Σ NRR = 157/5 = 31.4;
    # 31.4 / 9 × 25 = 87.222… → 87.22, grade B.
    kanwil = listed["Seluruh satker (gabungan responden)", "Juli 2024"]
    assert (kanwil[layout.COLUMN_IKM], kanwil[layout.COLUMN_IKM_GRADE], kanwil["Responden SPKP"]) == (87.22, "B", 5)
    assert listed[SATKER[1], "Juli 2024"][layout.COLUMN_IKM] == 84.03
    assert listed[SATKER[2], "Juli 2024"][layout.COLUMN_IKM] == 100
    # the method, said under the table as a civil servant would read it (the whole sentence)
    assert (
        "Baris 'Seluruh satker (gabungan responden)': IKM dan indeks dihitung dari seluruh kuesioner semua satker "
        "sekaligus (NRR per unsur = jumlah nilai unsur itu di semua satker / jumlah kuesioner yang mengisinya), bukan "
        "rata-rata IKM satker; satker dengan lebih banyak responden berbobot lebih besar."
    ) in sheet_values(book, layout.SHEET_INDICES).values()


def test_an_index_resting_on_fewer_responses_than_the_target_says_so(tmp_path):
    book = survey_book(tmp_path / "satker.xlsx", names=[name for name, *_ in EXAMPLE_COUNTS])
    filled = tmp_path / "terisi.xlsx"
    assert main(["fill", str(book), "-o", str(filled)]) == 0
    target = {row[layout.COLUMN_SATKER]: row[layout.COLUMN_TARGET] for row in table(filled, layout.TABLE_TARGETS)}
    name = EXAMPLE_COUNTS[1][0]  # 12, 9, 15 users: N = 12, Slovin 12 / (1 + 12 × 0.0025) = 11.65 → 12
    assert target[name] == 12
    rows = [(dt.datetime(2024, 7, 20 + k, 10), name, [3] * 9) for k in range(5)]
    rows += [(dt.datetime(2024, 8, 20, 10), name, [3] * 9)]
    set_names(filled, Urutan_Tanggal="bulan/tanggal/tahun")
    import_survey([google_export(tmp_path / "spkp.csv", rows, "en")], filled)
    notes = {row[layout.COLUMN_PERIOD]: row[layout.COLUMN_INDICES_NOTE] for row in table(filled, layout.TABLE_INDICES)}
    assert notes["Juli 2024"] == "SPKP: 5 responden, kurang dari target 12 per bulan; indeks belum mewakili"
    assert notes["Semua bulan"] == (
        "SPKP: 6 responden, kurang dari target 12 per bulan × 2 bulan = 24; indeks belum mewakili"
    )


def test_the_kanwil_summary_shows_each_files_scales_and_flags_mixed_conversions(tmp_path):
    folder = tmp_path / "kiriman"
    folder.mkdir()
    rows = [(dt.datetime(2024, 8, 20, 9), SATKER[2], [6] * 6), (dt.datetime(2024, 8, 21, 9), SATKER[2], [3] * 6)]
    for name, conversion in (("a.xlsx", "rentang"), ("b.xlsx", "proporsional")):
        settings = {"Urutan_Tanggal": "bulan/tanggal/tahun", "Skala_SPAK": 6, "Konversi_Skala": conversion}
        book = survey_book(folder / name, names=[SATKER[2]], settings=settings)
        import_survey([google_export(tmp_path / f"{name}.csv", rows, "en", titles=SPAK_TITLES)], book)
    consolidate([folder], tmp_path / "Rekap Kanwil.xlsx")
    listed = table(tmp_path / "Rekap Kanwil.xlsx", layout.TABLE_SUMMARY_INDICES)
    assert [(row[layout.COLUMN_FILE], row[layout.COLUMN_SCALES]) for row in listed] == [
        ("a.xlsx", "SPKP 1–4, SPAK 1–6; konversi rentang"),
        ("b.xlsx", "SPKP 1–4, SPAK 1–6; konversi proporsional"),
    ]
    note = sheet_values(tmp_path / "Rekap Kanwil.xlsx", layout.SHEET_SUMMARY_INDICES)["A2"]
    assert "PERHATIAN: file-file ini memakai skala atau konversi berbeda" in note
