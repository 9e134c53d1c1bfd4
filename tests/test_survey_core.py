"""The survey's pure core, on values worked out by hand: IKM and indices, what is counted, what the user reads.

No files here: the counts are added to a ``Tally`` directly, or an import session reads an export held
in memory (``ExportTable``). The arithmetic of every expected value is written beside it. The names are
invented examples (Satker Contoh …).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from fractions import Fraction

import pytest

from xl_addin import layout
from xl_addin.errors import InputError, LayoutError
from xl_addin.period import Period
from xl_addin.survey_counting import (
    AMBIGUOUS_DATE,
    BAD_ANSWER,
    BAD_DATE,
    DUPLICATE,
    EDITED,
    EMPTY_ANSWERS,
    EMPTY_SATKER,
    FILL,
    KEEP,
    OUTSIDE_MONTHS,
    OVERWRITE,
    UNKNOWN_LABEL,
    UNKNOWN_SATKER,
    UNKNOWN_SURVEY,
    UPDATE,
    CountChange,
    FileReport,
    ImportSession,
    Rejected,
    Tally,
    legacy_keys,
    missing_columns_notice,
    pack_keys,
    plan_counts,
    response_key,
    tally_from_rows,
    time_key,
)
from xl_addin.survey_exports import (
    DAY_FIRST,
    MONTH_FIRST,
    ExportTable,
    Question,
    SurveySettings,
    TimestampError,
    default_mapping,
    mapping_from_rows,
    read_answer,
    read_timestamp,
    resolve_columns,
    survey_settings_from_cells,
    text_or_none,
)
from xl_addin.survey_indices import (
    IKM_ELEMENTS,
    IKM_FACTOR,
    IKM_GRADES,
    IKM_SCALE,
    IKM_WEIGHT,
    KANWIL_ROW,
    PERIOD_ALL,
    PROPORTIONAL,
    RANGE,
    REGULATION,
    REGULATION_SHORT,
    ElementScore,
    compute_ikm,
    compute_index,
    conversion_text,
    ikm_grade,
    index_rows,
    round_half_up,
    to_four,
    to_hundred,
)
from xl_addin.survey_report import summary_lines

JULY = Period(((2024, 7),))
JULY_AUGUST = Period(((2024, 7), (2024, 8)))
JULY_SEPTEMBER = Period(((2024, 7), (2024, 8), (2024, 9)))
MAPPING = default_mapping()  # SPKP questions U1–U9 (the IKM elements), SPAK questions A1–A6
SETTINGS = SurveySettings()  # 2024, both surveys 1–4, proportional conversion
U = [f"U{number}" for number in range(1, 10)]
A = [f"A{number}" for number in range(1, 7)]


def spkp(*values):
    return dict(zip(U, values))


def spak(*values):
    return dict(zip(A, values))


# -- the IKM, PermenPANRB 14/2017 ------------------------------------------------------------------------


def test_the_ikm_of_a_single_respondent():
    # one questionnaire: NRR per element = its answer; 4+3+4+2+3+4+4+3+4 = 31; weighted total 31/9 = 3,444;
    # IKM = 31/9 × 25 = 86,111 → 86,11, in 76,61–88,30: B (Baik)
    result = compute_ikm({code: (value, 1) for code, value in zip(U, (4, 3, 4, 2, 3, 4, 4, 3, 4))})
    assert result.weighted_total == Fraction(31, 9)
    assert result.value == Fraction(775, 9)
    assert result.rounded == Decimal("86.11")
    assert (result.grade.quality, result.grade.performance) == ("B", "Baik")
    assert [element.mean for element in result.elements] == [4, 3, 4, 2, 3, 4, 4, 3, 4]
    assert result.elements[0].weighted == Fraction(4, 9) and result.elements[0].name == "Persyaratan"


def test_each_element_is_divided_by_the_questionnaires_that_answered_it():
    # U9 answered by one of two questionnaires (4); the others by both (2 and 4: sum 6)
    # NRR: U1–U8 = 6/2 = 3, U9 = 4/1 = 4; weighted total (8 × 3 + 4)/9 = 28/9; IKM = 700/9 = 77,78 → B
    result = compute_ikm({**{code: (6, 2) for code in U[:8]}, "U9": (4, 1)})
    assert result.value == Fraction(700, 9) and result.rounded == Decimal("77.78") and result.grade.quality == "B"


@pytest.mark.parametrize(
    "scores, message",
    [
        ({code: (4, 1) for code in U[:8]}, "unsur U9 belum ada jawabannya"),
        ({**{code: (4, 1) for code in U}, "U3": (0, 0)}, "unsur U3 belum ada jawabannya"),
        (
            {**{code: (4, 1) for code in U}, "U3": (13, 3)},
            "unsur U3: jumlah nilai 13 dari 3 jawaban tidak mungkin pada skala 1–4",
        ),
        (
            {**{code: (4, 1) for code in U}, "U7": (2, 3)},
            "unsur U7: jumlah nilai 2 dari 3 jawaban tidak mungkin pada skala 1–4",
        ),
    ],
    ids=["missing", "none", "too-high", "too-low"],
)
def test_an_ikm_that_cannot_be_computed_says_why(scores, message):
    with pytest.raises(InputError) as raised:
        compute_ikm(scores)
    assert raised.value.user_message == message


def test_the_limits_of_each_element_are_allowed():
    assert compute_ikm({code: (3, 3) for code in U}).rounded == Decimal("25.00")  # every answer 1
    assert compute_ikm({code: (12, 3) for code in U}).rounded == Decimal("100.00")  # every answer 4


@pytest.mark.parametrize(
    "rounded, quality",
    [("25.00", "D"), ("64.99", "D"), ("65.00", "C"), ("76.60", "C"), ("76.61", "B"), ("88.30", "B"), ("88.31", "A"),
     ("100.00", "A")],
)  # fmt: skip
def test_the_regulations_table(rounded, quality):
    assert ikm_grade(Decimal(rounded)).quality == quality


def test_below_the_table():
    with pytest.raises(ValueError):
        ikm_grade(Decimal("24.99"))


@pytest.mark.parametrize(
    "value, decimals, rounded",
    [
        (Fraction(12345, 1000), 2, "12.35"),  # half away from zero, as Excel's ROUND
        (Fraction(-12345, 1000), 2, "-12.35"),
        (Fraction(12344, 1000), 2, "12.34"),
        (Fraction(1, 3), 2, "0.33"),
        (Fraction(-1, 3), 2, "-0.33"),
        (Fraction(-1, 200), 2, "-0.01"),
        (Fraction(2, 3), 2, "0.67"),
        (Fraction(5, 2), 0, "3"),
        (Fraction(775, 9), 2, "86.11"),
        (Fraction(0), 2, "0.00"),
    ],
)
def test_round_half_up(value, decimals, rounded):
    assert round_half_up(value, decimals) == Decimal(rounded)
    assert str(round_half_up(value, decimals)) == rounded


# -- the SPKP and SPAK indices ----------------------------------------------------------------------------


def test_an_index_is_the_mean_of_the_questions_means_and_keeps_a_question_answered_once():
    # A1 answered once (2), A2 by three questionnaires (3 + 3 + 3), A3 never: (2 + 3) / 2 = 5/2
    index = compute_index("SPAK", {"A1": (2, 1), "A2": (9, 3), "A3": (0, 0)}, ["A1", "A2", "A3", "A4"], 4, PROPORTIONAL)
    assert index.means == (("A1", Fraction(2)), ("A2", Fraction(3)))
    assert index.unanswered == ("A3", "A4")
    assert (index.value, index.on_four, index.on_hundred) == (Fraction(5, 2), Fraction(5, 2), Fraction(125, 2))
    assert compute_index("SPAK", {"A1": (0, 0)}, ["A1"], 4, PROPORTIONAL) is None
    assert compute_index("SPAK", {}, ["A1"], 4, PROPORTIONAL) is None


def test_scale_conversions():
    # range: 1 stays 1, 6 becomes 4: 1 + (v − 1) × 3/5; then × 25. proportional: × 4/6 and × 100/6
    assert [to_four(Fraction(v), 6, RANGE) for v in (1, 6, 3)] == [1, 4, Fraction(11, 5)]
    assert [to_hundred(Fraction(v), 6, RANGE) for v in (1, 6, 3)] == [25, 100, 55]
    assert [to_four(Fraction(v), 6, PROPORTIONAL) for v in (1, 6, 3)] == [Fraction(2, 3), 4, 2]
    assert [to_hundred(Fraction(v), 6, PROPORTIONAL) for v in (1, 6, 3)] == [Fraction(50, 3), 100, 50]
    assert to_four(Fraction(3), 4, RANGE) == 3 == to_four(Fraction(3), 4, PROPORTIONAL)
    index = compute_index("SPAK", {"A1": (6, 1), "A2": (3, 1)}, ["A1", "A2"], 6, RANGE)  # mean 9/2
    assert (index.value, index.on_four, index.on_hundred) == (Fraction(9, 2), Fraction(31, 10), Fraction(155, 2))


def test_conversion_texts_exact():
    assert conversion_text(4, RANGE) == "skala kuesioner sudah 1–4 (kedua cara konversi sama); skala 100 = nilai × 25."
    assert conversion_text(4, PROPORTIONAL) == conversion_text(4, RANGE)
    assert conversion_text(6, RANGE) == (
        "Konversi rentang (pilihan kantor): skala 4 = 1 + (nilai − 1) × 3/5; skala 100 = nilai skala 4 × 25 "
        "(rentang 25–100)."
    )
    assert conversion_text(6, PROPORTIONAL) == (
        "Konversi proporsional (pilihan kantor): skala 4 = nilai × 4/6; skala 100 = nilai × 100/6."
    )


# -- the Indeks Survei rows ---------------------------------------------------------------------------------


def _tally() -> Tally:
    tally = Tally()
    tally.add("SPKP", "Satker Contoh C", 2024, 7, spkp(4, 3, 4, 2, 3, 4, 4, 3, 4))  # one respondent
    tally.add("SPKP", "Satker Contoh A", 2024, 7, spkp(*[4] * 9))
    tally.add("SPKP", "Satker Contoh A", 2024, 7, spkp(*[2] * 8, None))  # U9 answered once in July
    tally.add("SPKP", "Satker Contoh A", 2024, 8, spkp(*[1] * 9))
    tally.add("SPAK", "Satker Contoh A", 2024, 7, spak(4, 3, 2, 1, None, None))
    tally.add("SPAK", "satker  contoh b", 2024, 8, spak(*[2] * 6))  # not in Realisasi's order
    tally.add("SPKP", "Satker Contoh D", 2023, 7, spkp(*[4] * 9))  # another year
    tally.add("SPKP", "Satker Contoh F", 2024, 12, spkp(*[4] * 9))  # a month that is not a target month
    return tally


def test_index_rows_keep_the_order_and_every_satker_with_answers():
    order = ["satker contoh e", "satker contoh c", "satker contoh a", "satker contoh c"]  # E has no answers
    rows = index_rows(_tally(), MAPPING, SETTINGS, order, JULY_AUGUST)
    assert [(row.satker, row.period) for row in rows] == [
        ("Satker Contoh C", "Juli 2024"),  # one month only: no pooled row
        ("Satker Contoh A", "Juli 2024"),
        ("Satker Contoh A", "Agustus 2024"),
        ("Satker Contoh A", PERIOD_ALL),
        ("satker  contoh b", "Agustus 2024"),  # after the satker of Realisasi, by name
        # two or more satker with answers: every satker's questionnaires pooled, per month and over both
        (KANWIL_ROW, "Juli 2024"),
        (KANWIL_ROW, "Agustus 2024"),
        (KANWIL_ROW, PERIOD_ALL),
    ]
    assert PERIOD_ALL == "Semua bulan" and KANWIL_ROW == "Seluruh satker (gabungan responden)"
    # one satker alone: no pooled rows (they would repeat its own)
    alone = Tally()
    alone.add("SPKP", "Satker Contoh A", 2024, 7, spkp(*[4] * 9))
    assert [(row.satker, row.period) for row in index_rows(alone, MAPPING, SETTINGS, [], JULY_AUGUST)] == [
        ("Satker Contoh A", "Juli 2024")
    ]


def test_index_rows_values_by_hand():
    rows = index_rows(_tally(), MAPPING, SETTINGS, ["satker contoh c", "satker contoh a"], JULY_AUGUST)
    single, july, august, pooled, other, kanwil_july, kanwil_august, kanwil_all = rows

    assert single.respondents == {"SPKP": 1, "SPAK": 0}
    assert single.ikm.value == Fraction(775, 9) and single.ikm.rounded == Decimal("86.11")  # one respondent
    assert single.indices["SPKP"].value == Fraction(31, 9) and single.indices["SPAK"] is None
    assert single.notes == ()

    # July: U1–U8 (4 + 2)/2 = 3, U9 4/1 = 4: IKM (8 × 3 + 4)/9 × 25 = 700/9; SPAK (4 + 3 + 2 + 1)/4 = 5/2
    assert july.respondents == {"SPKP": 2, "SPAK": 1}
    assert july.ikm.value == Fraction(700, 9) and july.ikm.grade.quality == "B"
    assert july.indices["SPKP"].value == Fraction(28, 9)
    assert july.indices["SPAK"].value == Fraction(5, 2) and july.indices["SPAK"].unanswered == ("A5", "A6")
    assert july.notes == ("SPAK: pertanyaan A5, A6 belum dijawab, tidak ikut dirata-rata",)

    assert august.respondents == {"SPKP": 1, "SPAK": 0}
    assert august.ikm.rounded == Decimal("25.00") and august.ikm.grade.quality == "D"
    assert august.indices == {"SPKP": compute_index("SPKP", {c: (1, 1) for c in U}, U, 4, PROPORTIONAL), "SPAK": None}

    # both months: U1–U8 (6 + 1)/3 = 7/3, U9 (4 + 1)/2 = 5/2: (56/3 + 5/2)/9 × 25 = 3175/54 = 58,80 → D
    assert pooled.respondents == {"SPKP": 3, "SPAK": 1}
    assert pooled.ikm.value == Fraction(3175, 54) and pooled.ikm.rounded == Decimal("58.80")
    assert pooled.indices["SPKP"].value == Fraction(127, 54) and pooled.indices["SPAK"].value == Fraction(5, 2)
    assert pooled.notes == july.notes

    assert other.respondents == {"SPKP": 0, "SPAK": 1} and other.ikm is None
    assert other.indices["SPAK"].value == 2 and other.indices["SPKP"] is None

    # every satker in July: C (4,3,4,2,3,4,4,3,4) and A's two: U1 (4 + 4 + 2)/3 = 10/3, U2 9/3, U3 10/3, U4 8/3,
    # U5 9/3, U6 10/3, U7 10/3, U8 9/3, U9 (4 + 4)/2 = 4: sum 29, IKM 29/9 × 25 = 725/9 = 80,56 → B
    assert kanwil_july.respondents == {"SPKP": 3, "SPAK": 1}
    assert kanwil_july.ikm.value == Fraction(725, 9) and kanwil_july.ikm.rounded == Decimal("80.56")
    assert kanwil_july.ikm.grade.quality == "B" and kanwil_july.indices["SPKP"].value == Fraction(29, 9)
    assert kanwil_july.notes == july.notes  # A's SPAK is the only SPAK in July
    # August: A's SPKP (all 1) and B's SPAK (all 2)
    assert kanwil_august.respondents == {"SPKP": 1, "SPAK": 1} and kanwil_august.ikm.rounded == Decimal("25.00")
    assert (kanwil_august.indices["SPKP"].value, kanwil_august.indices["SPAK"].value) == (1, 2)
    # both months, every satker: U1 (10 + 1)/4, U2 10/4, U3 11/4, U4 9/4, U5 10/4, U6 11/4, U7 11/4, U8 10/4,
    # U9 (8 + 1)/3 = 3: sum 95/4, IKM 95/36 × 25 = 2375/36 = 65,97 → C; SPAK A1 (4 + 2)/2 = 3, A2 5/2, A3 2, A4 3/2,
    # A5 2, A6 2: 13/6, every question answered by someone
    assert kanwil_all.respondents == {"SPKP": 4, "SPAK": 2}
    assert kanwil_all.ikm.value == Fraction(2375, 36) and kanwil_all.ikm.rounded == Decimal("65.97")
    assert kanwil_all.ikm.grade.quality == "C" and kanwil_all.indices["SPKP"].value == Fraction(95, 36)
    assert kanwil_all.indices["SPAK"].value == Fraction(13, 6) and kanwil_all.notes == ()


def test_index_rows_say_when_they_rest_on_fewer_responses_than_the_target():
    rows = index_rows(_tally(), MAPPING, SETTINGS, ["satker contoh a"], JULY_AUGUST, {"satker contoh a": 3})
    july, august, pooled = rows[:3]
    assert july.notes == (
        "SPKP: 2 responden, kurang dari target 3 per bulan; indeks belum mewakili",
        "SPAK: 1 responden, kurang dari target 3 per bulan; indeks belum mewakili",
        "SPAK: pertanyaan A5, A6 belum dijawab, tidak ikut dirata-rata",
    )
    assert august.notes == ("SPKP: 1 responden, kurang dari target 3 per bulan; indeks belum mewakili",)
    # two months: 3 per month × 2 = 6 wanted
    assert pooled.notes[:2] == (
        "SPKP: 3 responden, kurang dari target 3 per bulan × 2 bulan = 6; indeks belum mewakili",
        "SPAK: 1 responden, kurang dari target 3 per bulan × 2 bulan = 6; indeks belum mewakili",
    )
    # as many responses as the target: no note; a survey with none has no index and no note either
    enough = index_rows(_tally(), MAPPING, SETTINGS, [], Period(((2024, 8),)), {"satker contoh a": 1})
    assert [row.notes for row in enough[:1]] == [()]


def test_an_ikm_not_computed_says_why():
    tally = Tally()
    tally.add("SPKP", "Satker Contoh A", 2024, 7, spkp(*[3] * 8, None))
    (row,) = index_rows(tally, MAPPING, SETTINGS, [], JULY)
    assert row.ikm is None
    assert row.notes == (
        "SPKP: pertanyaan U9 belum dijawab, tidak ikut dirata-rata",
        "IKM tidak dihitung: unsur U9 belum ada jawabannya",
    )
    tally.scales["SPKP"] = 6
    (row,) = index_rows(tally, MAPPING, SurveySettings(spkp_scale=6), [], JULY)
    assert row.notes[-1] == "IKM tidak dihitung: skala SPKP 1–6, sedangkan IKM menggunakan skala 1–4"
    assert row.ikm is None and row.indices["SPKP"].scale == 6


def test_an_element_the_answers_never_mention():
    # a mapping that gained a question after the answers were stored: U9 has no entry at all
    tally = Tally()
    tally.add("SPKP", "Satker Contoh A", 2024, 7, spkp(*[3] * 8))
    (row,) = index_rows(tally, MAPPING, SETTINGS, [], JULY)
    assert row.ikm is None and row.indices["SPKP"].value == 3
    assert row.notes == (
        "SPKP: pertanyaan U9 belum dijawab, tidak ikut dirata-rata",
        "IKM tidak dihitung: unsur U9 belum ada jawabannya",
    )


def test_no_answers_no_rows():
    assert index_rows(Tally(), MAPPING, SETTINGS, ["satker contoh a"], JULY) == []


# -- what was counted ------------------------------------------------------------------------------------


def _sha256(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def _sha1(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def test_response_keys_stay_what_earlier_imports_stored():
    # The keys are kept in workbooks (Kunci Respons): a new version reading them must compute the same ones,
    # or a re-import would count every response twice.
    when = dt.datetime(2024, 7, 15, 10, 32, 5)
    # an id's key has not changed since the first release
    assert response_key("SPKP", "R-17", when, "lapas a", {"U1": 4}) == _sha256("SPKP", "id", "R-17")
    # without an id: the time key (the moment with day and month in ascending order, so 7/15 and 15/07 agree), then
    # the answers by question code, one character each ("_" for a blank)
    assert time_key("SPKP", when, "lapas a") == _sha1("SPKP", "t", "2024-07-15T10:32:05", "lapas a")
    assert (
        response_key("SPKP", None, when, "lapas a", {"U2": None, "U1": 4}) == time_key("SPKP", when, "lapas a") + "4_"
    )
    assert (
        response_key("SPAK", "", when, "lapas a", {"A1": 1})
        == _sha1("SPAK", "t", "2024-07-15T10:32:05", "lapas a") + "1"
    )
    # an answer of two digits (a 1–10 scale): the commas stay, or 1,10 and 11,0 would be one key
    assert (
        response_key("SPKP", None, when, "lapas a", {"U1": 10, "U2": 3}) == time_key("SPKP", when, "lapas a") + "10,3"
    )
    august_3 = dt.datetime(2024, 8, 3, 9, 0)  # 03/08 read either way is one moment to identity
    assert time_key("SPKP", august_3, "lapas a") == _sha1("SPKP", "t", "2024-03-08T09:00:00", "lapas a")
    assert time_key("SPKP", august_3, "lapas a") == time_key("SPKP", dt.datetime(2024, 3, 8, 9, 0), "lapas a")
    # what the imports before 2.x stored, per reading of the date: still found
    responses, times = legacy_keys("SPKP", [when, august_3], "lapas a", {"U2": None, "U1": 4})
    assert responses == [
        _sha256("SPKP", "h", "2024-07-15T10:32:05", "lapas a", "U1=4,U2="),
        _sha256("SPKP", "h", "2024-08-03T09:00:00", "lapas a", "U1=4,U2="),
    ]
    assert times == [
        _sha256("SPKP", "t", "2024-07-15T10:32:05", "lapas a"),
        _sha256("SPKP", "t", "2024-08-03T09:00:00", "lapas a"),
    ]


def test_pack_keys():
    keys = [f"k{i}" for i in range(2500)]
    times = [f"t{i}" for i in range(500)]
    packed = pack_keys(keys, times)
    assert len(packed) == 3
    assert packed[0] == (" ".join(keys[:1000]), " ".join(times))
    assert packed[1] == (" ".join(keys[1000:2000]), None)  # a column that ran out: an empty cell
    assert packed[2] == (" ".join(keys[2000:]), None)
    assert pack_keys(keys[:1000]) == [(" ".join(keys[:1000]),)] and len(pack_keys(keys[:1001])) == 2
    assert pack_keys() == [] and pack_keys([]) == [] and pack_keys(["a"], []) == [("a", None)]


def test_the_tally():
    tally = Tally()
    tally.add("SPKP", "Satker Contoh A", 2024, 7, {"U1": 4, "U2": None})
    tally.add("SPKP", " satker contoh  a", 2024, 7, {"U1": 2, "U2": 3})
    tally.add("SPKP", "Satker Contoh A", 2024, 8, {"U1": 1})
    tally.add("SPKP", "Satker Contoh A", 2025, 1, {"U1": 3}, times=2)  # two respondents who answered alike
    assert tally.names == {"satker contoh a": "Satker Contoh A"}  # the name as first written
    assert tally.respondents("SPKP", "satker contoh a", 2024, 7) == 2
    assert tally.respondents("SPKP", "satker contoh a", 2024, 9) is None
    assert tally.respondents("SPAK", "satker contoh a", 2024, 7) is None
    assert tally.scores("SPKP", "satker contoh a", [(2024, 7)]) == (2, {"U1": (6, 2), "U2": (3, 1)})
    assert tally.scores("SPKP", "satker contoh a", [(2024, 7), (2024, 8), (2024, 9)]) == (
        3,
        {"U1": (7, 3), "U2": (3, 1)},
    )
    # across a year boundary
    assert tally.scores("SPKP", "satker contoh a", [(2024, 8), (2025, 1)]) == (3, {"U1": (7, 3)})
    assert tally.scores("SPKP", "satker contoh a", [(2023, 7)]) == (0, {})
    copy = tally.copy()
    copy.add("SPKP", "Satker Contoh A", 2024, 7, {"U1": 4})
    copy.groups[("SPKP", "satker contoh a", 2024, 8)].scores["U1"][0] = 99
    assert tally.respondents("SPKP", "satker contoh a", 2024, 7) == 2  # the original is unchanged
    assert tally.scores("SPKP", "satker contoh a", [(2024, 8)]) == (1, {"U1": (1, 1)})


def test_the_stores_rows_and_reading_them_back():
    tally = Tally(scales={"SPKP": 4, "SPAK": 6})
    tally.add("SPAK", "Satker Contoh B", 2024, 7, {"A1": 6})
    tally.add("SPKP", "satker contoh z", 2024, 8, {"U1": 2})
    tally.add("SPKP", "Satker Contoh A", 2024, 8, {"U1": 3, "U2": None})
    tally.add("SPKP", "Satker Contoh A", 2024, 7, {"U1": 4})
    tally.add("SPKP", "Satker Contoh A", 2023, 12, {"U1": 1})  # the year before sorts first
    rows = tally.rows()
    assert rows == [
        ["SPKP", "Satker Contoh A", 2023, "Desember", 1, "U1", 4, 1, 1],
        ["SPKP", "Satker Contoh A", 2024, "Juli", 1, "U1", 4, 4, 1],
        ["SPKP", "Satker Contoh A", 2024, "Agustus", 1, "U1", 4, 3, 1],
        ["SPKP", "Satker Contoh A", 2024, "Agustus", 1, "U2", 4, 0, 0],
        ["SPKP", "satker contoh z", 2024, "Agustus", 1, "U1", 4, 2, 1],
        ["SPAK", "Satker Contoh B", 2024, "Juli", 1, "A1", 6, 6, 1],
    ]
    again = tally_from_rows(enumerate([*rows, [None] * 9, []], start=5))
    assert again.groups == tally.groups and again.names == tally.names and again.scales == tally.scales


STORE_END = (
    ". Sheet ini diisi oleh Impor Survei dan tidak untuk diubah. Untuk menyusun ulang dari awal, impor kembali "
    "semua file ekspor dengan perintah xl-addin impor-survei … --ulang."
)


@pytest.mark.parametrize(
    "rows, message",
    [
        (
            [["SPKP", "Satker Contoh A", 2024, "Juli", 1, "U1", 4, 4.5, 1]],
            "Data survei tersimpan (sheet Data Survei baris 5) tidak utuh: jumlah nilai 4,5 bukan bilangan bulat",
        ),
        (
            [["SPKP", "Satker Contoh A", 2024, "Julai", 1, "U1", 4, 4, 1]],
            "Data survei tersimpan (sheet Data Survei baris 5) tidak utuh: survei, satuan kerja, bulan atau kode "
            "kosong/tidak dikenal",
        ),
        (
            [
                ["SPKP", "Satker Contoh A", 2024, "Juli", 1, "U1", 4, 4, 1],
                ["SPKP", "Satker Contoh A", 2024, "Juli", 1, "U2", 6, 4, 1],
            ],
            "Data survei tersimpan (sheet Data Survei baris 6) tidak utuh: skala SPKP berbeda antarbaris",
        ),
        (
            [
                ["SPKP", "Satker Contoh A", 2024, "Juli", 1, "U1", 4, 4, 1],
                ["SPKP", "Satker Contoh A", 2024, "Juli", 2, "U2", 4, 4, 1],
            ],
            "Data survei tersimpan (sheet Data Survei baris 6) tidak utuh: jumlah responden Satker Contoh A Juli "
            "berbeda antarbaris",
        ),
        (
            [
                ["SPKP", "Satker Contoh A", 2024, "Juli", 1, "U1", 4, 4, 1],
                ["SPKP", "Satker Contoh A", 2024, "juli", 1, "U1", 4, 4, 1],
            ],
            "Data survei tersimpan (sheet Data Survei baris 6) tidak utuh: kode U1 muncul dua kali untuk Satker "
            "Contoh A Juli",
        ),
        (
            [["SPKP", "Satker Contoh A", "2024", "Juli", 1, "U1", 4, 4, 1]],
            "Data survei tersimpan (sheet Data Survei baris 5) tidak utuh: tahun '2024' bukan bilangan bulat",
        ),
        (
            [["SPKP", "Satker Contoh A", 2024, "Juli", -1, "U1", 4, 4, 1]],
            "Data survei tersimpan (sheet Data Survei baris 5) tidak utuh: responden -1 bukan bilangan bulat",
        ),
        (
            [["SPKP", "Satker Contoh A", 2024, "Juli", 1, "U1", True, 4, 1]],
            "Data survei tersimpan (sheet Data Survei baris 5) tidak utuh: skala nilai logika TRUE bukan bilangan bulat",
        ),
        (
            [["SPKP", "Satker Contoh A", 2024, "Juli", 1, "U1", 4, 4, "satu"]],
            "Data survei tersimpan (sheet Data Survei baris 5) tidak utuh: jawaban terisi 'satu' bukan bilangan bulat",
        ),
    ],
    ids=["fraction", "month", "scales", "respondents", "code-twice", "year-text", "negative", "logical", "answered"],
)
def test_a_hand_edited_store_is_refused_with_its_row(rows, message):
    with pytest.raises(LayoutError) as raised:
        tally_from_rows(enumerate(rows, start=5))
    assert raised.value.user_message == message + STORE_END


def test_a_store_error_without_a_row():
    with pytest.raises(LayoutError) as raised:
        tally_from_rows([(None, ["SPKP", None, 2024, "Juli", 1, "U1", 4, 4, 1])])
    assert raised.value.user_message.startswith("Data survei tersimpan (sheet Data Survei) tidak utuh: survei,")


# -- what changes in Realisasi ------------------------------------------------------------------------------


def test_count_changes_described_exact():
    def change(before, after, action):
        return CountChange("Satker Contoh A", "SPKP", "Juli 2024", 5, before, after, action).describe()

    assert change(None, 12, FILL) == "SPKP Juli 2024, Satker Contoh A: diisi 12."
    assert change(10, None, UPDATE) == (
        "SPKP Juli 2024, Satker Contoh A: 10 dikosongkan (data impor disusun ulang dan tidak ada respons lagi)."
    )
    assert change(10, 12, UPDATE) == (
        "SPKP Juli 2024, Satker Contoh A: 10 → 12 (angka dari impor sebelumnya diperbarui)."
    )
    assert change(120, 134, OVERWRITE) == (
        "SPKP Juli 2024, Satker Contoh A: 120 → 134 (angka yang diketik ditimpa atas permintaan)."
    )
    assert change("seratus", 134, KEEP) == (
        "SPKP Juli 2024, Satker Contoh A: berisi 'seratus', hasil impor 134; tidak diubah karena angka itu tidak "
        "berasal dari impor. Kosongkan sel lalu impor lagi bila hasil impor yang benar."
    )
    assert [
        CountChange("a", "SPKP", "Juli 2024", 1, None, 1, action).writes for action in (FILL, UPDATE, OVERWRITE, KEEP)
    ] == [
        True,
        True,
        True,
        False,
    ]


def _counted(*entries) -> Tally:
    tally = Tally()
    for satker, month, respondents in entries:
        for _ in range(respondents):
            tally.add("SPKP", satker, 2024, month, {"U1": 4})
    return tally


def test_which_realisasi_cells_the_import_writes():
    before = _counted(("Satker Contoh A", 7, 3), ("Satker Contoh A", 8, 5), ("Satker Contoh B", 7, 2))
    after = _counted(("Satker Contoh A", 7, 4), ("Satker Contoh A", 8, 6), ("Satker Contoh B", 7, 2), ("Satker Contoh C", 7, 1), ("Satker Contoh D", 7, 9))  # fmt: skip
    realisation = [
        (5, "Satker Contoh A", {("SPKP", "Juli 2024"): 3, ("SPKP", "Agustus 2024"): 50, ("SPKP", "September 2024"): 7}),
        (6, "Satker Contoh B", {("SPKP", "Juli 2024"): None, ("SPAK", "Juli 2024"): 8}),
        (7, "Satker Contoh C", {("SPKP", "Juli 2024"): "  "}),
        (8, " satker contoh a", {("SPKP", "Juli 2024"): 99}),  # listed twice: only the first row is the import's
        (9, None, {("SPKP", "Juli 2024"): 1}),
        (10, "Satker Contoh D", {("SPKP", "Juli 2024"): 9.0}),  # already the imported number
    ]
    changes = plan_counts(realisation, before, after, JULY_SEPTEMBER, overwrite=False)
    assert [(c.row, c.month, c.before, c.after, c.action) for c in changes] == [
        (5, "Juli 2024", 3, 4, UPDATE),  # still what the previous import wrote
        (5, "Agustus 2024", 50, 6, KEEP),  # typed by a person
        (6, "Juli 2024", None, 2, FILL),
        (7, "Juli 2024", "  ", 1, FILL),
    ]
    assert changes[0].satker == "Satker Contoh A"
    overwritten = plan_counts(realisation, before, after, JULY_SEPTEMBER, overwrite=True)
    assert [(c.row, c.month, c.action) for c in overwritten if c.month == "Agustus 2024"] == [
        (5, "Agustus 2024", OVERWRITE)
    ]


def test_the_realisasi_cells_of_a_period_across_a_year_boundary():
    before = Tally()
    before.add("SPKP", "Satker Contoh A", 2024, 12, {"U1": 4})
    after = before.copy()
    after.add("SPKP", "Satker Contoh A", 2025, 1, {"U1": 4})
    after.add("SPKP", "Satker Contoh A", 2024, 1, {"U1": 4})  # January of the year before: not this period's
    period = Period(((2024, 12), (2025, 1)))
    realisation = [(5, "Satker Contoh A", {("SPKP", "Desember 2024"): 1, ("SPKP", "Januari 2025"): None})]
    changes = plan_counts(realisation, before, after, period, overwrite=False)
    assert [(c.month, c.before, c.after, c.action) for c in changes] == [("Januari 2025", None, 1, FILL)]


def test_a_rebuilt_store_empties_only_the_cells_it_had_written():
    before = _counted(("Satker Contoh A", 7, 3), ("Satker Contoh A", 8, 5))
    realisation = [
        (5, "Satker Contoh A", {("SPKP", "Juli 2024"): 3, ("SPKP", "Agustus 2024"): 4, ("SPAK", "Juli 2024"): True})
    ]
    changes = plan_counts(realisation, before, Tally(), JULY_AUGUST, overwrite=False)
    assert [(c.month, c.before, c.after, c.action) for c in changes] == [("Juli 2024", 3, None, UPDATE)]


# -- one import session, on an export held in memory ------------------------------------------------------

HEADERS = ["Timestamp", "Email Address", "Satuan Kerja", *(f"{n}. {name}" for n, name in enumerate(
    ("Persyaratan", "Sistem, mekanisme, dan prosedur", "Waktu penyelesaian", "Biaya/tarif",
     "Produk spesifikasi jenis pelayanan", "Kompetensi pelaksana", "Perilaku pelaksana",
     "Penanganan pengaduan, saran dan masukan", "Sarana dan prasarana"), start=1))]  # fmt: skip
REALISATION = [
    (5, "Satker Contoh A", {("SPKP", "Juli 2024"): None, ("SPKP", "Agustus 2024"): None}),
    (6, "Satker Contoh B", {("SPKP", "Juli 2024"): 7, ("SPKP", "Agustus 2024"): None}),
]
# The import's settings: its target months are July and August 2024 (Pengaturan's Periode target).
SESSION = SurveySettings(period=JULY_AUGUST)


def _session(realisation=REALISATION, stored=None, keys=(), settings=SESSION, restart=False) -> ImportSession:
    return ImportSession(MAPPING, settings, realisation, stored or Tally(), keys, restart=restart)


def _row(when: str, satker: object, *answers) -> list[object]:
    return [when, "", satker, *answers]


def test_an_import_counts_reports_and_rejects_with_reasons():
    session = _session()
    table = ExportTable(
        "Respons SPKP.csv",
        HEADERS,
        [
            _row("7/15/2024 10:32:05", "Satker Contoh A", *[4] * 9),
            _row("7/16/2024 11:00:00", "satker contoh  b", *[3] * 9),
            _row("7/15/2024 10:32:05", "Satker Contoh A", *[4] * 9),  # the same response again
            [None, "", " "],  # a blank line is no response
            _row("8/20/2024 9:00:00", "Satker Contoh A", "Sangat baik", *[2] * 8),
            _row("7/17/2024 8:00:00", "Satker Contoh X", *[4] * 9),
            _row("12/17/2024 8:00:00", "Satker Contoh A", *[4] * 9),
            _row("7/18/2024 8:00:00", "Satker Contoh A", 5, *[4] * 8),
            _row("7/19/2024 8:00:00", "Satker Contoh A", *[None] * 9),
            _row("hari ini", "Satker Contoh A", *[4] * 9),
            _row("7/20/2024 8:00:00", "  ", *[4] * 9),
        ],
    )
    report = session.add(table)
    assert (report.surveys, report.rows_read, report.new, report.repeated, report.earlier) == (
        ("SPKP",),
        10,
        {"SPKP": 3},
        1,
        0,
    )
    assert [(r.row, r.satker, r.reason, r.kind) for r in report.duplicates] == [
        (4, "Satker Contoh A", "sama dengan baris 2; dihitung sekali", DUPLICATE)
    ]
    assert [(r.row, r.survey, r.satker, r.reason, r.kind, r.subjects) for r in report.rejected] == [
        (
            7,
            "SPKP",
            "Satker Contoh X",
            "satuan kerja 'Satker Contoh X' tidak ada di tabel Realisasi maupun Daftar Satker",
            UNKNOWN_SATKER,
            ("Satker Contoh X",),
        ),
        (
            8,
            "SPKP",
            "Satker Contoh A",
            "dikirim 17 Desember 2024, di luar bulan target (Juli–Agustus 2024)",
            OUTSIDE_MONTHS,
            (),
        ),
        (9, "SPKP", "Satker Contoh A", "U1: jawaban 5 di luar skala 1–4", BAD_ANSWER, ()),
        (10, "SPKP", "Satker Contoh A", "semua jawaban kosong", EMPTY_ANSWERS, ()),
        (
            11,
            "SPKP",
            "Satker Contoh A",
            "cap waktu 'hari ini' tidak dapat dibaca sebagai tanggal dan jam; yang dapat dibaca misalnya "
            "15/07/2024 10.32.05, 7/15/2024 10:32:05 atau 2024-07-15 10:32:05",
            BAD_DATE,
            (),
        ),
        (12, "SPKP", "  ", "satuan kerja kosong", EMPTY_SATKER, ()),
    ]
    assert report.summary() == (
        "Respons SPKP.csv (SPKP): 10 baris dibaca, 3 respons baru, 1 ganda (dihitung sekali), 6 tidak dihitung."
    )
    assert (report.notices, report.date_order, report.failed) == ([], None, None)  # no date reads two ways
    assert session.after.respondents("SPKP", "satker contoh a", 2024, 7) == 1
    assert session.after.respondents("SPKP", "satker contoh b", 2024, 7) == 1
    assert session.after.names["satker contoh b"] == "Satker Contoh B"  # the Realisasi spelling
    assert session.after.scores("SPKP", "satker contoh a", [(2024, 8)]) == (
        1,
        {"U1": (4, 1), **{c: (2, 1) for c in U[1:]}},
    )
    # each key: the time key (16 characters) and the nine answers, U1 first
    assert session.new_keys == [
        _sha1("SPKP", "t", "2024-07-15T10:32:05", "satker contoh a") + "444444444",
        _sha1("SPKP", "t", "2024-07-16T11:00:00", "satker contoh b") + "333333333",
        _sha1("SPKP", "t", "2024-08-20T09:00:00", "satker contoh a") + "422222222",
    ]
    assert session.key_rows() == [(" ".join(session.new_keys), None, None)]

    changes = session.counts(overwrite=False)
    assert [(c.satker, c.month, c.before, c.after, c.action) for c in changes] == [
        ("Satker Contoh A", "Juli 2024", None, 1, FILL),
        ("Satker Contoh A", "Agustus 2024", None, 1, FILL),
        ("Satker Contoh B", "Juli 2024", 7, 1, KEEP),
    ]
    # what the person reads: what needs their action first, then the counts, then the rest (survey_report)
    assert summary_lines(session.reports, changes, ["Catatan."]) == [
        "PERLU TINDAKAN (2):",
        "- Satuan kerja 'Satker Contoh X' tidak ada di tabel Realisasi maupun Daftar Satker (1 baris): tambahkan "
        "nama itu sebagai Nama Lain satker yang dimaksud di sheet Daftar Satker (atau perbaiki di file ekspor), lalu "
        "impor lagi.",
        "- SPKP Juli 2024, Satker Contoh B: berisi 7, hasil impor 1; tidak diubah karena angka itu tidak berasal dari "
        "impor. Kosongkan sel lalu impor lagi bila hasil impor yang benar.",
        "",
        "Hasil per file:",
        f"- {report.summary()}",
        "- Realisasi: 2 sel diisi atau diubah (2 diisi).",
        "",
        "Catatan:",
        "- Cap waktu tidak terbaca: 1 baris (tidak dihitung).",
        "- Di luar bulan target: 1 baris (tidak dihitung).",
        "- Satuan kerja kosong: 1 baris (tidak dihitung).",
        "- Semua jawaban kosong: 1 baris (tidak dihitung).",
        "- Jawaban tidak sah: 1 baris (tidak dihitung).",
        "- Baris ganda: 1 baris (dihitung sekali).",
        "- Catatan.",
        "Rincian setiap baris yang tidak dihitung ada di sheet Masalah Impor.",
    ]
    rows = session.indices()
    assert [(row.satker, row.period) for row in rows] == [
        ("Satker Contoh A", "Juli 2024"),
        ("Satker Contoh A", "Agustus 2024"),
        ("Satker Contoh A", PERIOD_ALL),
        ("Satker Contoh B", "Juli 2024"),
        (KANWIL_ROW, "Juli 2024"),
        (KANWIL_ROW, "Agustus 2024"),
        (KANWIL_ROW, PERIOD_ALL),
    ]


def test_importing_again_counts_nothing_twice_and_an_edited_response_is_refused():
    first = _session()
    table_rows = [_row("7/15/2024 10:32:05", "Satker Contoh A", *[4] * 9)]
    first.add(ExportTable("a.csv", HEADERS, table_rows))
    keys = first.key_rows()  # the Kunci Respons rows the import stores
    again = _session(stored=first.after, keys=keys)
    report = again.add(
        ExportTable(
            "a.csv",
            HEADERS,
            [*table_rows, _row("7/15/2024 10:32:05", "Satker Contoh A", 3, *[4] * 8)],  # edited after the import
        )
    )
    assert (report.new, report.earlier, report.repeated) == ({"SPKP": 0}, 1, 0)
    assert [(r.row, r.kind, r.reason) for r in report.rejected] == [
        (
            3,
            EDITED,
            "cap waktu dan satuan kerja sama dengan respons yang sudah diimpor, tetapi jawabannya berbeda (respons "
            "diubah pengisi, atau pemetaan kolom berubah); tidak dihitung dua kali",
        )
    ]
    assert report.summary() == (
        "a.csv (SPKP): 2 baris dibaca, 0 respons baru, 1 sudah pernah diimpor, 1 tidak dihitung."
    )
    restarted = _session(stored=first.after, keys=keys, restart=True)
    assert restarted.add(ExportTable("a.csv", HEADERS, table_rows)).new == {"SPKP": 1}


def test_dates_that_read_two_ways_follow_the_order_the_files_other_dates_reveal():
    session = _session()
    report = session.add(
        ExportTable(
            "b.csv",
            HEADERS,
            [
                _row("15/07/2024 10.32.05", "Satker Contoh A", *[4] * 9),  # only day first
                _row("03/08/2024 10.32.05", "Satker Contoh A", *[4] * 9),  # 3 August or 8 March
                _row("05/08/2024 10.32.05", "Satker Contoh A", *[4] * 9),  # 5 August or 8 May
            ],
        )
    )
    assert report.new == {"SPKP": 3} and report.rejected == []
    assert (report.date_order, report.order_from_file, report.undecided) == (DAY_FIRST, True, 0)
    assert report.notices == [
        "File b.csv: urutan tanggal tanggal/bulan/tahun, ditentukan dari 1 cap waktu file ini yang hanya dapat dibaca "
        "begitu; 2 cap waktu yang dapat dibaca dua cara dibaca dengan urutan itu."
    ]
    # 15 July, then 3 and 5 August
    assert session.after.respondents("SPKP", "satker contoh a", 2024, 7) == 1
    assert session.after.respondents("SPKP", "satker contoh a", 2024, 8) == 2
    assert summary_lines(session.reports, [], []) == [
        "Hasil per file:",
        "- b.csv (SPKP): 3 baris dibaca, 3 respons baru.",
        "- Realisasi: 0 sel diisi atau diubah.",
        "",
        "Catatan:",
        f"- {report.notices[0]}",
    ]
    # the file's own dates outweigh the setting, which the notice says
    overruled = _session(settings=SurveySettings(date_order=MONTH_FIRST, period=JULY_AUGUST))
    report = overruled.add(
        ExportTable(
            "b.csv",
            HEADERS,
            [
                _row("15/07/2024 10.32.05", "Satker Contoh A", *[4] * 9),
                _row("03/08/2024 10.32.05", "Satker Contoh A", *[4] * 9),
            ],
        )
    )
    assert report.new == {"SPKP": 2} and report.notices == [
        "File b.csv: urutan tanggal tanggal/bulan/tahun, ditentukan dari 1 cap waktu file ini yang hanya dapat dibaca "
        "begitu; 1 cap waktu yang dapat dibaca dua cara dibaca dengan urutan itu. Pengaturan Urutan Tanggal "
        "(bulan/tanggal/tahun) tidak dipakai untuk file ini."
    ]
    # a file that cannot tell: the setting decides, and the notice says so
    ordered = _session(settings=SurveySettings(date_order=DAY_FIRST, period=JULY_AUGUST))
    report = ordered.add(ExportTable("b.csv", HEADERS, [_row("03/08/2024 10.32.05", "Satker Contoh A", *[4] * 9)]))
    assert report.new == {"SPKP": 1} and (report.date_order, report.order_from_file) == (DAY_FIRST, False)
    assert report.notices == [
        "File b.csv: urutan tanggal tidak dapat ditentukan dari isi file. 1 cap waktu yang dapat dibaca dua cara "
        "dibaca menurut pengaturan Urutan Tanggal (tanggal/bulan/tahun)."
    ]
    assert ordered.after.respondents("SPKP", "satker contoh a", 2024, 8) == 1


def test_dates_of_both_orders_in_one_file_leave_its_two_way_dates_uncounted():
    session = _session()
    report = session.add(
        ExportTable(
            "m.csv",
            HEADERS,
            [
                _row("15/07/2024 10.32.05", "Satker Contoh A", *[4] * 9),  # only day first
                _row("7/16/2024 10:32:05", "Satker Contoh A", *[4] * 9),  # only month first
                _row("03/08/2024 10.32.05", "Satker Contoh A", *[3] * 9),
            ],
        )
    )
    assert report.new == {"SPKP": 2} and (report.date_order, report.undecided) == (None, 1)
    assert [(r.row, r.kind, r.reason) for r in report.rejected] == [
        (
            4,
            AMBIGUOUS_DATE,
            "cap waktu '03/08/2024 10.32.05' dapat dibaca dua cara: 3 Agustus 2024 (tanggal/bulan/tahun) atau 8 Maret "
            "2024 (bulan/tanggal/tahun); tentukan Urutan Tanggal di sheet Pemetaan Kolom",
        )
    ]
    assert report.notices == [
        "File m.csv: File ini berisi cap waktu kedua urutan (1 hanya dapat dibaca tanggal/bulan/tahun, 1 hanya "
        "bulan/tanggal/tahun)."
    ]
    assert summary_lines(session.reports, [], []) == [
        "PERLU TINDAKAN (1):",
        "- File m.csv: 1 cap waktu dapat dibaca dua cara (misalnya baris 4) dan urutan tanggal file ini tidak dapat "
        "ditentukan dari isinya. Pilih Urutan Tanggal di sheet Pemetaan Kolom, lalu impor file ini lagi.",
        "",
        "Hasil per file:",
        "- m.csv (SPKP): 3 baris dibaca, 2 respons baru, 1 tidak dihitung.",
        "- Realisasi: 0 sel diisi atau diubah.",
        "",
        "Catatan:",
        f"- {report.notices[0]}",
        "Rincian setiap baris yang tidak dihitung ada di sheet Masalah Impor.",
    ]


def test_each_file_reveals_its_own_date_order():
    session = _session()
    session.add(ExportTable("a.csv", HEADERS, [_row("15/07/2024 10.32.05", "Satker Contoh A", *[4] * 9)]))
    second = session.add(ExportTable("b.csv", HEADERS, [_row("03/08/2024 10.32.05", "Satker Contoh A", *[4] * 9)]))
    assert len(second.rejected) == 1 and second.notices == []  # a.csv's order says nothing about b.csv


def test_a_row_of_an_unknown_survey_is_no_ambiguous_date():
    headers = ["Timestamp", "Jenis Survei", "Satuan Kerja", *HEADERS[3:]]
    session = _session()
    report = session.add(
        ExportTable(
            "f.csv",
            headers,
            [
                ["15/07/2024 10.32.05", "SPKP", "Satker Contoh A", *["4"] * 9],  # day first, the only reading
                ["16/07/2024 10.32.05", "SKM", "Satker Contoh A", *["4"] * 9],
                ["17/07/2024 10.32.05", "SPAK", "Satker Contoh A", *["4"] * 9],  # no SPAK questions in this file
                # a value of the table Nilai Jenis Survei; a text naming both codes names neither
                ["18/07/2024 10.32.05", "Survei Persepsi Kualitas Pelayanan", "Satker Contoh A", *["3"] * 9],
                ["19/07/2024 10.32.05", "Survei SPKP dan SPAK", "Satker Contoh A", *["3"] * 9],
            ],
        )
    )
    assert report.new == {"SPKP": 2} and report.notices == [] and report.date_order is None
    assert [(r.row, r.survey, r.kind, r.subjects, r.reason) for r in report.rejected] == [
        (
            3,
            None,
            UNKNOWN_SURVEY,
            ("SKM",),
            "jenis survei 'SKM' tidak dikenal; tambahkan ke tabel NilaiJenisSurvei di sheet Pemetaan Kolom",
        ),
        (4, None, UNKNOWN_SURVEY, ("SPAK",), "jenis survei SPAK, tetapi pertanyaan SPAK tidak ada di file ini"),
        (
            6,
            None,
            UNKNOWN_SURVEY,
            ("Survei SPKP dan SPAK",),
            "jenis survei 'Survei SPKP dan SPAK' tidak dikenal; tambahkan ke tabel NilaiJenisSurvei di sheet "
            "Pemetaan Kolom",
        ),
    ]
    assert session.after.scores("SPKP", "satker contoh a", [(2024, 7)])[1]["U1"] == (7, 2)  # 4 and 3


def test_a_row_shorter_than_the_header_has_blank_answers():
    session = _session()
    report = session.add(ExportTable("g.csv", HEADERS, [["7/15/2024 10:00:00", "", "Satker Contoh A", "4", "3"]]))
    assert report.new == {"SPKP": 1}
    assert session.after.scores("SPKP", "satker contoh a", [(2024, 7)])[1] == {
        "U1": (4, 1),
        "U2": (3, 1),
        **{code: (0, 0) for code in U[2:]},
    }


def test_a_file_that_does_not_fit_the_mapping_is_reported():
    session = _session()
    report = session.add(ExportTable("c.csv", ["Waktu", "Satuan Kerja"], []))
    assert report.failed == (
        "File c.csv: kolom cap waktu tidak ditemukan (dicari: Timestamp, Stempel waktu, Cap waktu). Kolom yang ada: "
        "'Waktu', 'Satuan Kerja'. Sesuaikan sheet Pemetaan Kolom."
    )
    assert report.summary() == f"{report.failed} Tidak ada yang dihitung dari file ini."
    failed = session.fail("d.xlsx", "File d.xlsx rusak.")
    assert failed.summary() == "File d.xlsx rusak. Tidak ada yang dihitung dari file ini."
    assert session.reports == [report, failed]


def test_a_satker_listed_twice_in_realisasi_is_said_once():
    session = _session([*REALISATION, (7, " satker contoh A", {}), (8, None, {}), (9, "  ", {})])
    assert session.notices == ["satker contoh A tercantum dua kali di tabel Realisasi; hanya baris pertama yang diisi."]
    session.add(ExportTable("a.csv", HEADERS, [_row("7/15/2024 10:32:05", "SATKER CONTOH A", *["4"] * 9)]))
    assert session.after.names == {"satker contoh a": "Satker Contoh A"}  # counted under the first row's name


def test_answers_as_an_export_writes_them():
    # a CSV holds text: "1".."4" are answers, "0" and "5" are not
    session = _session()
    report = session.add(
        ExportTable(
            "e.csv",
            HEADERS,
            [
                _row("7/15/2024 10:00:00", "Satker Contoh A", "1", *["4"] * 8),
                _row("7/15/2024 10:01:00", "Satker Contoh A", "0", *["4"] * 8),
                _row("7/15/2024 10:02:00", "Satker Contoh A", "5", *["4"] * 8),
            ],
        )
    )
    assert report.new == {"SPKP": 1}
    assert [r.reason for r in report.rejected] == ["U1: jawaban 0 di luar skala 1–4", "U1: jawaban 5 di luar skala 1–4"]
    assert session.after.scores("SPKP", "satker contoh a", [(2024, 7)])[1]["U1"] == (1, 1)


def test_a_logical_value_in_realisasi_is_no_count():
    after = _counted(("Satker Contoh A", 7, 1))
    realisation = [(5, "Satker Contoh A", {("SPKP", "Juli 2024"): True})]
    [change] = plan_counts(realisation, Tally(), after, JULY_AUGUST, overwrite=False)
    assert (change.before, change.after, change.action) == (True, 1, KEEP)


def test_a_scale_changed_after_an_import_is_refused():
    stored = Tally(scales={"SPKP": 4, "SPAK": 4})
    with pytest.raises(InputError) as raised:
        _session(stored=stored, settings=SurveySettings(spak_scale=6))
    assert raised.value.user_message == (
        "Jawaban SPAK yang sudah tersimpan menggunakan skala 1–4, sedangkan pengaturan skala SPAK di sheet Pemetaan "
        "Kolom sekarang 1–6. Kembalikan pengaturannya, atau impor ulang semua file dengan perintah xl-addin "
        "impor-survei … --ulang."
    )
    assert _session(stored=stored, settings=SurveySettings(spak_scale=6), restart=True).after.scales == {
        "SPKP": 4,
        "SPAK": 6,
    }


def test_file_report_summaries_exact():
    assert FileReport("x.csv").summary() == "x.csv (-): 0 baris dibaca, 0 respons baru."
    report = FileReport("y.xlsx", ("SPKP", "SPAK"), 1234, {"SPKP": 1000, "SPAK": 200}, earlier=1500, repeated=2)
    report.rejected.append(Rejected("y.xlsx", 9, "SPKP", "a", "alasan"))
    assert report.summary() == (
        "y.xlsx (SPKP, SPAK): 1.234 baris dibaca, 1.200 respons baru, 1.500 sudah pernah diimpor, 2 ganda "
        "(dihitung sekali), 1 tidak dihitung."
    )
    report.failed = "File y.xlsx terpotong di baris 9."
    assert report.summary() == "File y.xlsx terpotong di baris 9. Tidak ada yang dihitung dari file ini."


def test_missing_columns_notice_exact():
    assert missing_columns_notice(["SPKP Agustus", "SPAK Agustus"]) == (
        "Kolom SPKP Agustus, SPAK Agustus tidak ada di tabel RealisasiResponden; jumlahnya hanya tercatat di sheet "
        "Indeks Survei."
    )


def test_an_element_score():
    score = ElementScore("U4", 7, 2)
    assert (score.name, score.mean, score.weighted) == ("Biaya/tarif", Fraction(7, 2), Fraction(7, 18))


# -- the import's settings, timestamps, mapping and answers (survey_exports' pure part) ----------------


def test_survey_settings_from_their_cells():
    settings = survey_settings_from_cells(
        {
            "urutan_tanggal": "Tanggal/Bulan/Tahun",
            # an older workbook's survey year: the months and their years are Pengaturan's Periode target now
            "Tahun_Survei": "2025",
            "Skala_SPKP": 4.0,
            "Skala_SPAK": " 6 ",
            "Konversi_Skala": "rentang",
            "Batas_Indeks_Kantor": "80,5",
            "Satker_Tetap": "  Satker Contoh A ",
            "zona_waktu": " wita ",  # the office's zone (Pengaturan), read as Excel reads names: any case
        }
    )
    assert settings == SurveySettings(
        DAY_FIRST, layout.DEFAULT_TARGET_PERIOD, 4, 6, RANGE, Fraction(161, 2), "Satker Contoh A", "WITA"
    )
    assert settings.scale("SPAK") == 6 and settings.scale("SPKP") == 4
    assert settings.tzinfo == dt.timezone(dt.timedelta(hours=8))  # WITA: UTC+8
    assert settings.scales_text() == "SPKP 1–4, SPAK 1–6; konversi rentang"
    assert survey_settings_from_cells({}) == SurveySettings()
    assert survey_settings_from_cells({"Urutan_Tanggal": "MDY", "Batas_Indeks_Kantor": 75}).threshold == 75
    assert survey_settings_from_cells({"Urutan_Tanggal": "belum ditentukan", "Batas_Indeks_Kantor": " "}) == (
        SurveySettings()
    )
    assert settings.describe() == (
        "urutan tanggal tanggal/bulan/tahun; periode Juli–Desember 2024; skala SPKP 1–4, SPAK 1–6; konversi rentang; "
        "batas kantor 80,5"
    )
    assert SurveySettings(period=JULY_AUGUST).describe() == (
        "urutan tanggal belum ditentukan; periode Juli–Agustus 2024; skala SPKP 1–4, SPAK 1–4; konversi proporsional; "
        "batas kantor tidak ada"
    )


def test_survey_settings_at_their_bounds():
    assert survey_settings_from_cells({"Skala_SPKP": 2, "Skala_SPAK": 10}) == SurveySettings(
        spkp_scale=2, spak_scale=10
    )
    assert survey_settings_from_cells({"Skala_SPKP": "2", "Skala_SPAK": 10.0}).scale("SPAK") == 10
    for zone, hours in (("WIB", 7), ("WITA", 8), ("WIT", 9)):
        assert survey_settings_from_cells({"Zona_Waktu": zone}).tzinfo == dt.timezone(dt.timedelta(hours=hours))
    for bound, value in ((0, 0), (100, 100), ("0,5", Fraction(1, 2)), (99.5, Fraction(199, 2))):
        assert survey_settings_from_cells({"Batas_Indeks_Kantor": bound}).threshold == value
    for outside in (-0.5, 100.5, "-1"):
        with pytest.raises(InputError):
            survey_settings_from_cells({"Batas_Indeks_Kantor": outside})
    assert SurveySettings(threshold=Fraction(641, 8)).describe().endswith("batas kantor 80,12")  # 80,125: half even


def test_text_of_a_cell():
    assert [text_or_none(v) for v in (None, "", "  ", " a ", 12345.0, 12.5, 7, "0")] == [
        None,
        None,
        None,
        "a",
        "12345",
        "12.5",
        "7",
        "0",
    ]


@pytest.mark.parametrize(
    "cells, message",
    [
        # the survey year cell is gone (the period's years are read, and checked, on Pengaturan); the office's
        # zone is read with the import's settings
        (
            {"Zona_Waktu": "WITB"},
            "Sheet Pengaturan, 'Zona waktu' harus WIB, WITA atau WIT, bukan 'WITB'. Zona waktu kantor menentukan cap "
            "waktu impor dan bulan respons yang dikirim dengan zona lain.",
        ),
        (
            {"Zona_Waktu": None},
            "Sheet Pengaturan, 'Zona waktu' harus WIB, WITA atau WIT, bukan kosong. Zona waktu kantor menentukan cap "
            "waktu impor dan bulan respons yang dikirim dengan zona lain.",
        ),
        (
            {"Zona_Waktu": 7},
            "Sheet Pengaturan, 'Zona waktu' harus WIB, WITA atau WIT, bukan 7. Zona waktu kantor menentukan cap "
            "waktu impor dan bulan respons yang dikirim dengan zona lain.",
        ),
        (
            {"Skala_SPKP": 1},
            "Pemetaan Kolom, 'Skala jawaban SPKP (nilai tertinggi)' harus bilangan bulat 2–10, bukan 1.",
        ),
        (
            {"Skala_SPAK": 4.5},
            "Pemetaan Kolom, 'Skala jawaban SPAK (nilai tertinggi)' harus bilangan bulat 2–10, bukan 4,5.",
        ),
        (
            {"Skala_SPAK": "11"},
            "Pemetaan Kolom, 'Skala jawaban SPAK (nilai tertinggi)' harus bilangan bulat 2–10, bukan '11'.",
        ),
        (
            {"Urutan_Tanggal": "hari/bulan"},
            "Pemetaan Kolom, 'Urutan tanggal pada cap waktu' harus 'tanggal/bulan/tahun' atau 'bulan/tanggal/tahun' "
            "atau 'belum ditentukan', bukan 'hari/bulan'.",
        ),
        (
            {"Konversi_Skala": None},
            "Pemetaan Kolom, 'Konversi ke skala 4 dan 100 (pilihan kantor)' harus 'proporsional' atau 'rentang', "
            "bukan kosong.",
        ),
        (
            {"Batas_Indeks_Kantor": 100.5},
            "Pemetaan Kolom, 'Batas indeks yang ditetapkan kantor (skala 100)' harus angka 0–100 atau kosong, bukan 100,5.",
        ),
        (
            {"Batas_Indeks_Kantor": "delapan puluh"},
            "Pemetaan Kolom, 'Batas indeks yang ditetapkan kantor (skala 100)' harus angka 0–100 atau kosong, bukan "
            "'delapan puluh'.",
        ),
    ],
    ids=repr,
)
def test_survey_setting_errors_exact(cells, message):
    with pytest.raises(InputError) as raised:
        survey_settings_from_cells(cells)
    assert raised.value.user_message == message


@pytest.mark.parametrize(
    "text, order, moment, revealed",
    [
        ("7/15/2024 10:32:05", None, dt.datetime(2024, 7, 15, 10, 32, 5), MONTH_FIRST),
        ("15/07/2024 10.32.05", None, dt.datetime(2024, 7, 15, 10, 32, 5), DAY_FIRST),
        ("05/05/2024 08:00", None, dt.datetime(2024, 5, 5, 8, 0), None),  # the same date either way
        ("2024-07-15 10:32:05", None, dt.datetime(2024, 7, 15, 10, 32, 5), None),
        ("2024/7/5T9:05", None, dt.datetime(2024, 7, 5, 9, 5), None),
        ("7/15/2024 1:02:03 PM", None, dt.datetime(2024, 7, 15, 13, 2, 3), MONTH_FIRST),
        ("7/15/2024 12:00:00 a.m.", None, dt.datetime(2024, 7, 15, 0, 0), MONTH_FIRST),
        ("7/15/2024 12:30 pm", None, dt.datetime(2024, 7, 15, 12, 30), MONTH_FIRST),
        ("  7/15/2024   10:32:05  GMT+7 ", None, dt.datetime(2024, 7, 15, 10, 32, 5), MONTH_FIRST),
        ("15-07-2024", None, dt.datetime(2024, 7, 15), DAY_FIRST),
        ("03/08/2024 10.00.00", DAY_FIRST, dt.datetime(2024, 8, 3, 10), None),
        ("03/08/2024 10.00.00", MONTH_FIRST, dt.datetime(2024, 3, 8, 10), None),
        # a real date with its zone: in the office's zone (WIB unless said): 10.32 UTC is 17.32 WIB
        (dt.datetime(2024, 7, 15, 10, 32, tzinfo=dt.UTC), None, dt.datetime(2024, 7, 15, 17, 32), None),
        (dt.datetime(2024, 7, 15, 10, 32, 5, 600_000), None, dt.datetime(2024, 7, 15, 10, 32, 6), None),  # a second
        (dt.date(2024, 7, 15), None, dt.datetime(2024, 7, 15), None),
    ],
    ids=repr,
)
def test_timestamps_read_strictly(text, order, moment, revealed):
    assert read_timestamp(text, order) == (moment, revealed)


EXAMPLES = "15/07/2024 10.32.05, 7/15/2024 10:32:05 atau 2024-07-15 10:32:05"


@pytest.mark.parametrize(
    "value, order, message",
    [
        (None, None, f"cap waktu kosong bukan tanggal; yang dapat dibaca misalnya {EXAMPLES}"),
        ("  ", None, f"cap waktu kosong bukan tanggal; yang dapat dibaca misalnya {EXAMPLES}"),
        (45474, None, f"cap waktu 45.474 bukan tanggal; yang dapat dibaca misalnya {EXAMPLES}"),
        (
            "kemarin sore",
            None,
            f"cap waktu 'kemarin sore' tidak dapat dibaca sebagai tanggal dan jam; yang dapat dibaca misalnya {EXAMPLES}",
        ),
        (
            "31/31/2024",
            None,
            f"cap waktu '31/31/2024' tidak dapat dibaca sebagai tanggal dan jam; yang dapat dibaca misalnya {EXAMPLES}",
        ),
        (
            "2024-02-30 10:00",
            None,
            f"cap waktu '2024-02-30 10:00' tidak dapat dibaca sebagai tanggal dan jam; yang dapat dibaca misalnya "
            f"{EXAMPLES}",
        ),
        (
            "7/15/2024 0:30 AM",
            None,
            f"cap waktu '7/15/2024 0:30 AM' tidak dapat dibaca sebagai tanggal dan jam; yang dapat dibaca misalnya "
            f"{EXAMPLES}",
        ),
        (
            "7/15/2024 13:00 PM",
            None,
            f"cap waktu '7/15/2024 13:00 PM' tidak dapat dibaca sebagai tanggal dan jam; yang dapat dibaca misalnya "
            f"{EXAMPLES}",
        ),
        (
            "03/08/2024",
            None,
            "cap waktu '03/08/2024' dapat dibaca dua cara: 3 Agustus 2024 (tanggal/bulan/tahun) atau 8 Maret 2024 "
            "(bulan/tanggal/tahun); tentukan Urutan Tanggal di sheet Pemetaan Kolom",
        ),
        (
            "7/15/2024 10:32:05",
            DAY_FIRST,
            "cap waktu '7/15/2024 10:32:05' tidak sesuai urutan tanggal/bulan/tahun yang ditetapkan di Pemetaan Kolom "
            "(dibaca bulan/tanggal/tahun: 15 Juli 2024)",
        ),
        (
            "15/07/2024",
            MONTH_FIRST,
            "cap waktu '15/07/2024' tidak sesuai urutan bulan/tanggal/tahun yang ditetapkan di Pemetaan Kolom (dibaca "
            "tanggal/bulan/tahun: 15 Juli 2024)",
        ),
        (
            "31/31/2024",
            DAY_FIRST,
            "cap waktu '31/31/2024' tidak sesuai urutan tanggal/bulan/tahun yang ditetapkan di Pemetaan Kolom",
        ),
    ],
    ids=repr,
)
def test_timestamp_messages_exact(value, order, message):
    with pytest.raises(TimestampError) as raised:
        read_timestamp(value, order)
    assert raised.value.user_message == message


@pytest.mark.parametrize(
    "value, answer",
    [(None, None), ("  ", None), (3, 3), (3.0, 3), ("4", 4), (" 2,0 ", 2), ("1.00", 1), ("sangat  BAIK", 4), (1, 1)],
    ids=repr,
)
def test_answers_read(value, answer):
    assert read_answer(value, 4, MAPPING.answer_values) == answer


@pytest.mark.parametrize(
    "value, message",
    [
        (5, "jawaban 5 di luar skala 1–4"),
        ("0", "jawaban 0 di luar skala 1–4"),
        (2.5, "jawaban 2,5 bukan angka bulat"),
        (True, "jawaban nilai logika TRUE bukan angka bulat"),
        ("lumayan", "jawaban 'lumayan' bukan angka 1–4 dan tidak ada di tabel Nilai Jawaban"),
        ("x" * 61, f"jawaban '{'x' * 57}…' bukan angka 1–4 dan tidak ada di tabel Nilai Jawaban"),
        ("x" * 60, f"jawaban '{'x' * 60}' bukan angka 1–4 dan tidak ada di tabel Nilai Jawaban"),
    ],
    ids=repr,
)
def test_answer_messages_exact(value, message):
    with pytest.raises(InputError) as raised:
        read_answer(value, 4, MAPPING.answer_values)
    assert raised.value.user_message == message


def test_the_default_mapping():
    assert MAPPING.timestamp == ("Timestamp", "Stempel waktu", "Cap waktu")
    assert MAPPING.satker == ("Satuan Kerja", "Satker") and MAPPING.survey == ("Jenis Survei",)
    assert MAPPING.response_id == ("ID Respons", "Response ID")
    assert [q.code for q in MAPPING.questions_of("SPKP")] == U and [q.code for q in MAPPING.questions_of("SPAK")] == A
    assert [q.element for q in MAPPING.questions_of("SPKP")] == U and MAPPING.ikm_survey == "SPKP"
    # the answer options of the annex of PermenPANRB 14/2017, per element worst to best, then the common scales
    assert MAPPING.answer_values == {
        **dict.fromkeys(
            ("tidak sesuai", "tidak mudah", "tidak cepat", "sangat mahal", "tidak kompeten", "tidak sopan dan ramah",
             "tidak ada", "buruk", "tidak baik", "tidak puas", "sangat tidak setuju"),
            1,
        ),
        **dict.fromkeys(
            ("kurang sesuai", "kurang mudah", "kurang cepat", "cukup mahal", "kurang kompeten", "kurang sopan dan ramah",
             "ada tetapi tidak berfungsi", "cukup", "kurang baik", "kurang puas", "tidak setuju"),
            2,
        ),
        **dict.fromkeys(
            ("sesuai", "mudah", "cepat", "murah", "kompeten", "sopan dan ramah", "berfungsi kurang maksimal", "baik",
             "puas", "setuju"),
            3,
        ),
        **dict.fromkeys(
            ("sangat sesuai", "sangat mudah", "sangat cepat", "gratis", "sangat kompeten", "sangat sopan dan ramah",
             "dikelola dengan baik", "sangat baik", "sangat puas", "sangat setuju"),
            4,
        ),
    }  # fmt: skip
    assert MAPPING.read_survey("Survei Persepsi Anti Korupsi") == "SPAK" and MAPPING.read_survey(" spkp ") == "SPKP"
    assert MAPPING.read_survey("Survei Kepuasan Masyarakat (SKM)") is None


ROLE_ROWS = [
    ("Cap waktu", None, None, "Waktu | Timestamp", None),
    ("Satuan kerja", None, None, "Satker", None),
    ("Pertanyaan", "spak", "B1", "Pertanyaan satu", None),
]


@pytest.mark.parametrize(
    "rows, answers, message",
    [
        ([("Tanggal", None, None, "x", None)], [], "Pemetaan kolom (sheet Pemetaan Kolom baris 0): isi kolom 'Tanggal' tidak dikenal; pilih salah satu: Cap waktu, Satuan kerja, Jenis survei, ID respons, Pertanyaan."),
        ([("Cap waktu", None, None, " | ", None)], [], "Pemetaan kolom (sheet Pemetaan Kolom baris 0): judul kolom untuk 'Cap waktu' kosong."),
        ([*ROLE_ROWS, ("Pertanyaan", "SPKM", "B2", "Dua", None)], [], "Pemetaan kolom (sheet Pemetaan Kolom baris 3): survei 'SPKM' tidak dikenal; isi SPKP atau SPAK."),
        ([*ROLE_ROWS, ("Pertanyaan", "SPAK", None, "Dua", None)], [], "Pemetaan kolom (sheet Pemetaan Kolom baris 3): kode pertanyaan kosong."),
        ([*ROLE_ROWS, ("Pertanyaan", "SPAK", "b1", "Dua", None)], [], "Pemetaan kolom (sheet Pemetaan Kolom baris 3): kode b1 digunakan dua kali untuk SPAK."),
        ([*ROLE_ROWS, ("Pertanyaan", "SPKP", "K1", "Dua", "U10")], [], "Pemetaan kolom (sheet Pemetaan Kolom baris 3): unsur IKM 'U10' tidak dikenal; isi U1 sampai U9."),
        ([*ROLE_ROWS, ("Pertanyaan", "SPKP", "K1", "Dua", "u1 Persyaratan"), ("Pertanyaan", "SPKP", "K2", "Tiga", "U1")], [], "Pemetaan kolom (sheet Pemetaan Kolom baris 4): unsur IKM U1 digunakan dua kali."),
        ([*ROLE_ROWS, ("Pertanyaan", "SPKP", "K1", "Dua", "U1")], [], "Pemetaan kolom (sheet Pemetaan Kolom): unsur IKM belum lengkap, belum ada: U2, U3, U4, U5, U6, U7, U8, U9."),
        ([*ROLE_ROWS, ("Pertanyaan", "SPKP", "K1", "Dua", "U1"), ("Pertanyaan", "SPAK", "B2", "Tiga", "U2")], [], "Pemetaan kolom (sheet Pemetaan Kolom): unsur IKM harus berada pada satu survei saja."),
        (ROLE_ROWS[1:], [], "Pemetaan kolom (sheet Pemetaan Kolom): tidak ada baris 'Cap waktu'."),
        (ROLE_ROWS[:2], [], "Pemetaan kolom (sheet Pemetaan Kolom): tidak ada baris 'Pertanyaan'."),
        (ROLE_ROWS, [("Baik", 0)], "Nilai jawaban (sheet Pemetaan Kolom, tabel NilaiJawaban baris 1): isi jawaban dan nilainya (bilangan bulat 1 atau lebih), bukan 'Baik' = 0."),
        (ROLE_ROWS, [(None, 3)], "Nilai jawaban (sheet Pemetaan Kolom, tabel NilaiJawaban baris 1): isi jawaban dan nilainya (bilangan bulat 1 atau lebih), bukan kosong = 3."),
        (ROLE_ROWS, [("Baik", 3), ("baik", "4")], "Nilai jawaban (sheet Pemetaan Kolom, tabel NilaiJawaban baris 2): 'baik' diberi dua nilai berbeda (3 dan 4)."),
    ],
    ids=range(14),
)  # fmt: skip
def test_mapping_messages_exact(rows, answers, message):
    with pytest.raises(InputError) as raised:
        mapping_from_rows(enumerate(rows), enumerate(answers, start=1))
    assert raised.value.user_message == message


def test_a_mapping_of_its_own():
    mapping = mapping_from_rows(
        [(5, ROLE_ROWS[0]), (6, [None] * 5), (7, ROLE_ROWS[1]), (8, ROLE_ROWS[2])],
        [(2, ("Setuju", 3.0)), (3, (None, None)), (4, ("Sangat setuju", "4")), (5, ("setuju", 3))],
    )
    assert mapping.timestamp == ("Waktu", "Timestamp") and mapping.satker == ("Satker",) and mapping.survey == ()
    assert mapping.questions == (Question("SPAK", "B1", ("Pertanyaan satu",)),)
    assert mapping.answer_values == {"setuju": 3, "sangat setuju": 4} and mapping.ikm_survey is None


@pytest.mark.parametrize(
    "headers, fixed, message",
    [
        (["Timestamp", "Timestamp", "Satker"], False, "File f.csv: ada 2 kolom cap waktu ('Timestamp', 'Timestamp'); sisakan satu"),
        (["Timestamp", "Nama"], False, "File f.csv: kolom satuan kerja tidak ditemukan (dicari: Satuan Kerja, Satker). Kolom yang ada: 'Timestamp', 'Nama'. Untuk formulir satu satker, isi 'Satker untuk file tanpa kolom satker' di sheet Pemetaan Kolom."),
        (["Timestamp", "Satker", "1. Persyaratan"], False, "File f.csv: kolom pertanyaan SPKP tidak lengkap; tidak ditemukan: U2 ('2. Sistem, mekanisme, dan prosedur'); U3 ('3. Waktu penyelesaian'); U4 ('4. Biaya/tarif'); U5 ('5. Produk spesifikasi jenis pelayanan'); U6 ('6. Kompetensi pelaksana'); U7 ('7. Perilaku pelaksana'); U8 ('8. Penanganan pengaduan, saran dan masukan'); U9 ('9. Sarana dan prasarana'). Kolom yang ada: 'Timestamp', 'Satker', '1. Persyaratan'"),
        (["Timestamp", "Satker", "Lain"], False, "File f.csv: kolom pertanyaan SPKP maupun SPAK tidak ditemukan. Kolom yang ada: 'Timestamp', 'Satker', 'Lain'. Sesuaikan judul kolom pertanyaan di sheet Pemetaan Kolom."),
        (["Timestamp", "Satker", "1. Perlakuan yang sama bagi semua", "1. Perlakuan yang sama (ulang)"], False, "File f.csv: pertanyaan SPAK A1 ('1. Perlakuan yang sama') cocok dengan 2 kolom: '1. Perlakuan yang sama bagi semua', '1. Perlakuan yang sama (ulang)'. Tulis judul yang lebih lengkap di sheet Pemetaan Kolom."),
    ],
    ids=range(5),
)  # fmt: skip
def test_export_column_messages_exact(headers, fixed, message):
    with pytest.raises(InputError) as raised:
        resolve_columns(headers, MAPPING, "f.csv", fixed_satker=fixed)
    assert raised.value.user_message == message


OWN_MAPPING_ROWS = [
    ("Cap waktu", None, None, "Waktu", None),
    ("Satuan kerja", None, None, "Satker", None),
    ("Jenis survei", None, None, "Survei | Jenis", None),
    ("ID respons", None, None, "ID | Nomor", None),
    ("Pertanyaan", "SPAK", "B1", "Tanpa", None),
    ("Pertanyaan", "SPAK", "B2", "Tanpa pungutan", None),
]


@pytest.mark.parametrize(
    "rows, headers, message",
    [
        (OWN_MAPPING_ROWS, ["Waktu", "Satker", "Tanpa pungutan"], "File f.csv: kolom 'Tanpa pungutan' dipetakan dua kali (pertanyaan B2 dan B1)"),
        ([*OWN_MAPPING_ROWS[:4], ("Pertanyaan", "SPAK", "B1", "Satker", None)], ["Waktu", "Satker"], "File f.csv: kolom 'Satker' dipetakan dua kali (pertanyaan B1 dan kolom lain)"),
        (OWN_MAPPING_ROWS, ["Waktu", "satker", "SATKER ", "Tanpa"], "File f.csv: ada 2 kolom satuan kerja ('satker', 'SATKER '); sisakan satu"),
        (OWN_MAPPING_ROWS, ["Waktu", "Satker", "Survei", "Jenis", "Tanpa"], "File f.csv: ada 2 kolom jenis survei ('Survei', 'Jenis'); sisakan satu"),
        (OWN_MAPPING_ROWS, ["Waktu", "Satker", "ID", "Nomor", "Tanpa"], "File f.csv: ada 2 kolom ID respons ('ID', 'Nomor'); sisakan satu"),
        ([*OWN_MAPPING_ROWS[:4], ("Pertanyaan", "SPAK", "B1", "Judul satu | Judul lain", None), OWN_MAPPING_ROWS[5]], ["Waktu", "Satker", "Tanpa pungutan"], "File f.csv: kolom pertanyaan SPAK tidak lengkap; tidak ditemukan: B1 ('Judul satu'). Kolom yang ada: 'Waktu', 'Satker', 'Tanpa pungutan'"),
        ([*OWN_MAPPING_ROWS[:4], ("Pertanyaan", "SPAK", "B1", "Judul satu | Judul lain", None)], [None, " ", "Waktu"], "File f.csv: kolom satuan kerja tidak ditemukan (dicari: Satker). Kolom yang ada: 'Waktu'. Untuk formulir satu satker, isi 'Satker untuk file tanpa kolom satker' di sheet Pemetaan Kolom."),
        ([*OWN_MAPPING_ROWS[:4], ("Pertanyaan", "SPAK", "B1", "Tanpa | Judul lain", None)], ["Waktu", "Satker", "Tanpa A", "Tanpa B"], "File f.csv: pertanyaan SPAK B1 ('Tanpa') cocok dengan 2 kolom: 'Tanpa A', 'Tanpa B'. Tulis judul yang lebih lengkap di sheet Pemetaan Kolom."),
    ],
    ids=["twice", "question-on-satker", "two-satker", "two-survey", "two-id", "first-title", "blank-headers", "matches-two"],
)  # fmt: skip
def test_export_columns_against_a_mapping_of_its_own(rows, headers, message):
    mapping = mapping_from_rows(enumerate(rows))
    with pytest.raises(InputError) as raised:
        resolve_columns(headers, mapping, "f.csv", fixed_satker=False)
    assert raised.value.user_message == message


def test_the_columns_a_file_has_are_listed_up_to_600_characters():
    headers = [f"Kolom nomor {n:03d} dari ekspor" for n in range(40)]
    with pytest.raises(InputError) as raised:
        resolve_columns(headers, MAPPING, "h.csv", fixed_satker=False)
    listed = ", ".join(f"'{header}'" for header in headers)
    assert len(listed) > 600
    assert raised.value.user_message == (
        "File h.csv: kolom cap waktu tidak ditemukan (dicari: Timestamp, Stempel waktu, Cap waktu). Kolom yang ada: "
        f"{listed[:600]}. Sesuaikan sheet Pemetaan Kolom."
    )
    with pytest.raises(InputError) as raised:
        resolve_columns([None, "  "], MAPPING, "h.csv", fixed_satker=False)
    assert raised.value.user_message == (
        "File h.csv: kolom cap waktu tidak ditemukan (dicari: Timestamp, Stempel waktu, Cap waktu). Kolom yang ada: "
        "(tidak ada). Sesuaikan sheet Pemetaan Kolom."
    )


def test_export_columns_found():
    headers = ["Stempel waktu", "ID Respons", *(f"{n}. Judul {n}" for n in range(1, 7)), "satuan  kerja"]
    headers[2:8] = ["1. Perlakuan yang sama bagi semua", "2. Tanpa pungutan di luar ketentuan", "3. Tanpa imbalan atau hadiah", "4. Tanpa calo", "5. Sesuai prosedur", "6. Keterbukaan biaya"]  # fmt: skip
    columns = resolve_columns(headers, MAPPING, "g.xlsx", fixed_satker=False)
    assert (columns.timestamp, columns.satker, columns.survey, columns.response_id) == (0, 8, None, 1)
    assert columns.surveys == ("SPAK",)
    assert [(q.code, index) for q, index in columns.questions["SPAK"]] == [(f"A{n}", n + 1) for n in range(1, 7)]
    fixed = resolve_columns(headers[:8], MAPPING, "g.xlsx", fixed_satker=True)
    assert fixed.satker is None
    # an exact title wins over a longer one it begins
    longer = resolve_columns([*headers, "4. Tanpa calo atau perantara"], MAPPING, "g.xlsx", fixed_satker=False)
    assert [index for q, index in longer.questions["SPAK"] if q.code == "A4"] == [5]


SPAK_HEADERS = [
    "1. Perlakuan yang sama",
    "2. Tanpa pungutan di luar ketentuan",
    "3. Tanpa imbalan atau hadiah",
    "4. Tanpa calo",
    "5. Sesuai prosedur",
    "6. Keterbukaan biaya",
]


def test_an_export_of_both_surveys_with_a_survey_column_and_response_ids():
    headers = ["Timestamp", "Jenis Survei", "ID Respons", "Satuan Kerja", *HEADERS[3:], *SPAK_HEADERS]
    session = _session()
    report = session.add(
        ExportTable(
            "gabungan.xlsx",
            headers,
            [
                ["7/15/2024 10:00:00", "SPKP", "R1", "Satker Contoh A", *["4"] * 9, *[None] * 6],
                ["7/15/2024 10:05:00", " spak ", "R2", "Satker Contoh A", *[None] * 9, *["3"] * 6],
                ["7/15/2024 10:06:00", "SPAK", "R2", "Satker Contoh A", *[None] * 9, *["2"] * 6],  # the same id
                ["7/15/2024 10:07:00", "SKM", "R3", "Satker Contoh A", *["4"] * 15],
                ["7/15/2024 10:08:00", "SPKP", "R4", "Satker Contoh A", "5", "x", *["4"] * 7, *[None] * 6],
            ],
            first_row=10,
        )
    )
    assert report.surveys == ("SPKP", "SPAK") and report.new == {"SPKP": 1, "SPAK": 1}
    assert (report.repeated, [(d.row, d.survey, d.reason) for d in report.duplicates]) == (
        1,
        [(12, "SPAK", "sama dengan baris 11; dihitung sekali")],
    )
    assert [(r.row, r.survey, r.kind, r.subjects, r.reason) for r in report.rejected] == [
        (
            13,
            None,
            UNKNOWN_SURVEY,
            ("SKM",),
            "jenis survei 'SKM' tidak dikenal; tambahkan ke tabel NilaiJenisSurvei di sheet Pemetaan Kolom",
        ),
        (
            14,
            "SPKP",
            UNKNOWN_LABEL,  # the unknown label is what a person can add; the row is grouped under it
            ("x",),
            "U1: jawaban 5 di luar skala 1–4; U2: jawaban 'x' bukan angka 1–4 dan tidak ada di tabel Nilai Jawaban",
        ),
    ]
    assert session.new_keys == [_sha256("SPKP", "id", "R1"), _sha256("SPAK", "id", "R2")]  # identified by their ids
    assert session.after.scores("SPAK", "satker contoh a", [(2024, 7)]) == (1, {code: (3, 1) for code in A})


def test_the_same_response_in_two_files_is_counted_once_and_listed_in_neither():
    session = _session()
    row = _row("7/15/2024 10:32:05", "Satker Contoh A", *[4] * 9)
    session.add(ExportTable("minggu1.csv", HEADERS, [row]))
    second = session.add(ExportTable("minggu2.csv", HEADERS, [row]))
    assert (second.new, second.repeated, second.duplicates) == ({"SPKP": 0}, 1, [])
    assert second.summary() == "minggu2.csv (SPKP): 1 baris dibaca, 0 respons baru, 1 ganda (dihitung sekali)."


def test_a_form_of_one_satker_without_a_satker_column():
    headers = ["Timestamp", *HEADERS[3:]]
    session = _session(settings=SurveySettings(fixed_satker="satker contoh b", period=JULY_AUGUST))
    report = session.add(ExportTable("satu.csv", headers, [["7/15/2024 10:32:05", *[3] * 9]]))
    assert report.new == {"SPKP": 1} and session.after.respondents("SPKP", "satker contoh b", 2024, 7) == 1
    elsewhere = _session(settings=SurveySettings(fixed_satker="Satker Contoh Z", period=JULY_AUGUST))
    failed = elsewhere.add(ExportTable("satu.csv", headers, [["7/15/2024 10:32:05", *[3] * 9]]))
    assert failed.failed == (
        "File satu.csv: satker tetap 'Satker Contoh Z' (sheet Pemetaan Kolom) tidak ada di tabel Realisasi."
    )
    assert (failed.rows_read, failed.rejected, failed.surveys) == (0, [], ())  # not read at all


def test_dates_that_all_read_two_ways_suggest_no_order():
    session = _session()
    report = session.add(ExportTable("c.csv", HEADERS, [_row("03/08/2024 10.32.05", "Satker Contoh A", *[4] * 9)]))
    assert len(report.rejected) == 1 and report.notices == []
    months = session.add(ExportTable("d.csv", HEADERS, [_row("7/15/2023 10:00:00", "Satker Contoh A", *[4] * 9)]))
    assert (report.undecided, [r.kind for r in report.rejected]) == (1, [AMBIGUOUS_DATE])
    assert months.rejected[0].reason == "dikirim 15 Juli 2023, di luar bulan target (Juli–Agustus 2024)"
    lines = [
        "PERLU TINDAKAN (1):",
        "- File c.csv: 1 cap waktu dapat dibaca dua cara (misalnya baris 2) dan urutan tanggal file ini tidak dapat "
        "ditentukan dari isinya. Pilih Urutan Tanggal di sheet Pemetaan Kolom, lalu impor file ini lagi.",
        "",
        "Hasil per file:",
        "- c.csv (SPKP): 1 baris dibaca, 0 respons baru, 1 tidak dihitung.",
        "- d.csv (SPKP): 1 baris dibaca, 0 respons baru, 1 tidak dihitung.",
        "- Realisasi: 0 sel diisi atau diubah.",
        "",
        "Catatan:",
        "- Di luar bulan target: 1 baris (tidak dihitung).",
        "- Catatan.",
    ]
    assert summary_lines(session.reports, [], ["Catatan."]) == [
        *lines,
        "Rincian setiap baris yang tidak dihitung ada di sheet Masalah Impor.",
    ]
    assert summary_lines(session.reports, [], ["Catatan."], saved=False) == lines  # a trial run: no sheet to point at


def test_the_store_read_back_from_numbers_as_a_spreadsheet_gives_them():
    rows = [["SPKP", "Satker Contoh A", 2024.0, " juli ", 2.0, "U1", 4.0, 7.0, 2.0]]
    tally = tally_from_rows(enumerate(rows, start=5))
    assert tally.groups[("SPKP", "satker contoh a", 2024, 7)].respondents == 2
    assert tally.scores("SPKP", "satker contoh a", [(2024, 7)]) == (2, {"U1": (7, 2)}) and tally.scales == {"SPKP": 4}


def test_the_regulation_and_its_table_as_published():
    # Peraturan Menteri PANRB Nomor 14 Tahun 2017, its table of perception values, intervals and grades
    assert REGULATION == (
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 14 Tahun 2017 tentang "
        "Pedoman Penyusunan Survei Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik"
    )
    assert REGULATION_SHORT == "PermenPANRB Nomor 14 Tahun 2017"
    assert [(g.perception, g.interval, g.converted, g.lowest, g.quality, g.performance) for g in IKM_GRADES] == [
        (1, "1,00–2,5996", "25,00–64,99", Decimal("25.00"), "D", "Tidak baik"),
        (2, "2,60–3,064", "65,00–76,60", Decimal("65.00"), "C", "Kurang baik"),
        (3, "3,0644–3,532", "76,61–88,30", Decimal("76.61"), "B", "Baik"),
        (4, "3,5324–4,00", "88,31–100,00", Decimal("88.31"), "A", "Sangat baik"),
    ]
    assert [name for _code, name in IKM_ELEMENTS] == [
        "Persyaratan",
        "Sistem, mekanisme, dan prosedur",
        "Waktu penyelesaian",
        "Biaya/tarif",
        "Produk spesifikasi jenis pelayanan",
        "Kompetensi pelaksana",
        "Perilaku pelaksana",
        "Penanganan pengaduan, saran dan masukan",
        "Sarana dan prasarana",
    ]
    weight, factor, scale = IKM_WEIGHT, IKM_FACTOR, IKM_SCALE
    assert (weight, factor, scale) == (Fraction(1, 9), 25, 4)


# -- text from files, the office's zone, fractions of a second -----------------------------------------------


def test_safe_text_shows_each_control_character_as_its_own_symbol():
    from xl_addin.survey_exports import safe_text

    # U+2400 + the code for C0 controls, U+2421 (DELETE) for 0x7F, U+FFFD for a lone surrogate (a byte that
    # was not UTF-8 in a file name), the lowest surrogate included
    assert safe_text("a\x00b\x01c\x0bd\x1fe\x7ff") == "a\u2400b\u2401c\u240bd\u241fe\u2421f"
    assert safe_text("x\ud800y\udcffz\udfff") == "x\ufffdy\ufffdz\ufffd"
    assert safe_text("tab\tand\nnew line\r") == "tab\tand\nnew line\r"  # the ones a cell holds as they are
    assert safe_text(12) == 12 and safe_text(None) is None


def test_read_zone_names_the_three_zones_in_both_languages():
    from xl_addin.survey_exports import read_zone, scales_of

    assert read_zone("  wita ") == "WITA" and read_zone("WIT") == "WIT"
    with pytest.raises(InputError) as raised:
        read_zone("XYZ")
    assert raised.value.args[0] == "Zona_Waktu must be one of WIB, WITA, WIT, got 'XYZ'"
    user = (
        "Sheet Pengaturan, 'Zona waktu' harus WIB, WITA atau WIT, bukan 'XYZ'. Zona waktu kantor menentukan cap "
        "waktu impor dan bulan respons yang dikirim dengan zona lain."
    )
    assert raised.value.user_message == user
    # the Kanwil summary's scales column of a file whose settings cannot be read
    assert scales_of({"zona_waktu": "XYZ"}) == "tidak terbaca: " + user


def test_without_a_zone_setting_the_pcs_own_zone_is_used(monkeypatch):
    import time

    from xl_addin.survey_exports import office_zone

    monkeypatch.setenv("TZ", "Asia/Makassar")  # WITA, UTC+8, no daylight saving
    time.tzset()
    try:
        assert office_zone(None).utcoffset(None) == dt.timedelta(hours=8)
        assert office_zone("WIT").utcoffset(None) == dt.timedelta(hours=9)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_fraction_of_a_second_rounds_to_the_nearest_microsecond_then_second():
    from xl_addin.survey_exports import office_zone, read_timestamp

    wib = office_zone("WIB")
    # 0.4999994 s is 499,999.4 µs: 499,999 µs, below the half second: still 31 July
    assert read_timestamp("2024-07-31 23:59:59.4999994", None, wib)[0] == dt.datetime(2024, 7, 31, 23, 59, 59)
    # 0.4999995 s is 500,000 µs (499,999.5 rounded): the half second, rounded up into August
    assert read_timestamp("2024-07-31 23:59:59.4999995", None, wib)[0] == dt.datetime(2024, 8, 1)


@pytest.mark.parametrize(
    "text, readings",
    [
        ("7/15/2024", (None, (2024, 7, 15), "2024-07-15")),  # only month-first: month 15 does not exist
        ("15/07/2024", ((2024, 7, 15), None, "2024-07-15")),
        ("15-7-2024", ((2024, 7, 15), None, "2024-07-15")),
        ("03/04/2024", ((2024, 4, 3), (2024, 3, 4), "2024-03-04")),  # both: identity sorts day and month
        ("04/03/2024", ((2024, 3, 4), (2024, 4, 3), "2024-03-04")),  # the same identity, read either way
        ("2024-07-15", ((2024, 7, 15), (2024, 7, 15), "2024-07-15")),  # year first: one reading
        ("2024/7/5", ((2024, 7, 5), (2024, 7, 5), "2024-05-07")),
        ("29/02/2024", ((2024, 2, 29), None, "2024-02-29")),
        ("29/02/2023", None),  # no such day either way
        ("2024-02-30", None),
        ("2024-13-01", None),
        ("7/15/24", None),  # a two-digit year is left to read_timestamp
        ("Juli 2024", None),
    ],
)
def test_plain_date_readings(text, readings):
    from xl_addin.survey_exports import plain_date

    assert plain_date(text) == readings


@pytest.mark.parametrize(
    "text, reading",
    [
        ("", (0, 0, 0, "00:00:00")),
        ("10:32:05", (10, 32, 5, "10:32:05")),
        ("10.32.05", (10, 32, 5, "10:32:05")),
        ("9:05", (9, 5, 0, "09:05:00")),
        ("23:59:59", (23, 59, 59, "23:59:59")),
        ("0:00:00", (0, 0, 0, "00:00:00")),
        ("24:00:00", None),
        ("10:60:00", None),
        ("10:00:60", None),
        ("10:32:05 PM", None),  # AM/PM, zones and fractions are read_timestamp's
        ("10:32:05.5", None),
        ("10:3", None),
    ],
)
def test_plain_time_readings(text, reading):
    from xl_addin.survey_exports import plain_time

    assert plain_time(text) == reading


def test_a_group_counts_one_respondent_unless_told_how_many():
    from xl_addin.survey_counting import Group

    group = Group()
    group.add({"U1": 4, "U2": None})
    assert group.respondents == 1 and group.scores == {"U1": [4, 1], "U2": [0, 0]}  # unanswered: listed, no answer
    group.add({"U1": 2, "U2": 3}, times=3)
    assert group.respondents == 4 and group.scores == {"U1": [4 + 3 * 2, 4], "U2": [9, 3]}


@pytest.mark.parametrize(
    "value, survey",
    [
        ("Survei Persepsi Kualitas Pelayanan", "SPKP"),
        ("Persepsi Kualitas Pelayanan", "SPKP"),
        ("kualitas pelayanan", "SPKP"),
        ("Survei Persepsi Anti Korupsi", "SPAK"),
        ("Survei Persepsi Antikorupsi", "SPAK"),
        ("Persepsi Anti Korupsi", "SPAK"),
        ("Anti Korupsi", "SPAK"),
        ("ANTIKORUPSI", "SPAK"),
        ("Survei Persepsi Kualitas Pelayanan (SPKP)", "SPKP"),  # the code named as a word
        ("spak", "SPAK"),
        ("Survei Lain", None),
    ],
)
def test_the_shipped_survey_type_values(value, survey):
    from xl_addin.survey_exports import default_mapping

    assert default_mapping().read_survey(value) == survey


def test_the_delimiter_of_a_one_line_file_and_a_long_unreadable_timestamp():
    from xl_addin.survey_exports import TimestampError, _delimiter, read_timestamp

    # csv.Sniffer cannot decide from one line: the mark that splits the header into most columns
    assert _delimiter("Timestamp;Satuan Kerja;U1") == ";"
    assert _delimiter("Timestamp,Satuan Kerja;U1,U2") == ","
    # lines the sniffer cannot agree on: the header line decides (3 columns by ";", 2 by ",")
    assert _delimiter("Timestamp;Nama, Satker;U1\nx") == ";"
    # a long text is shown cut to 57 characters and "…"
    with pytest.raises(TimestampError) as raised:
        read_timestamp("x" * 70, None)
    assert raised.value.user_message == (
        f"cap waktu '{'x' * 57}…' tidak dapat dibaca sebagai tanggal dan jam; yang dapat dibaca misalnya "
        "15/07/2024 10.32.05, 7/15/2024 10:32:05 atau 2024-07-15 10:32:05"
    )
    with pytest.raises(TimestampError) as raised:
        read_timestamp("y" * 60, None)
    assert f"'{'y' * 60}'" in raised.value.user_message  # 60 characters are shown whole


def test_dates_read_the_general_way_reveal_the_order_too():
    # "10:32 AM" is not the fast path's plain time: these rows go through read_timestamp
    report = _session().add(
        ExportTable(
            "ampm.csv",
            HEADERS,
            [
                _row("15/07/2024 10:32 AM", "Satker Contoh A", *[4] * 9),  # only day first
                _row("16/07/2024 10:32 AM", "Satker Contoh A", *[4] * 9),  # only day first
                _row("03/08/2024 2:05 PM", "Satker Contoh A", *[4] * 9),  # 3 August or 8 March
            ],
        )
    )
    assert report.new == {"SPKP": 3} and report.rejected == []
    assert report.notices == [
        "File ampm.csv: urutan tanggal tanggal/bulan/tahun, ditentukan dari 2 cap waktu file ini yang hanya dapat "
        "dibaca begitu; 1 cap waktu yang dapat dibaca dua cara dibaca dengan urutan itu."
    ]


def test_what_is_wrong_in_the_satker_list_is_said_by_the_import():
    from xl_addin.satker_list import SatkerList

    problem = "Daftar Satker baris 7: contoh masalah."  # as the list reports it (an example text)
    session = ImportSession(MAPPING, SESSION, REALISATION, Tally(), (), satker_list=SatkerList(problems=(problem,)))
    assert session.notices == [problem]


@pytest.mark.parametrize(
    "rows, message",
    [
        ([(3, ("Kualitas", "SPKX"))], "Nilai jenis survei (sheet Pemetaan Kolom, tabel NilaiJenisSurvei baris 3): isi teks di file ekspor dan surveinya (SPKP atau SPAK), bukan 'Kualitas' = 'SPKX'."),
        ([(None, (None, "SPKP"))], "Nilai jenis survei (sheet Pemetaan Kolom, tabel NilaiJenisSurvei): isi teks di file ekspor dan surveinya (SPKP atau SPAK), bukan kosong = 'SPKP'."),
        ([(3, ("Survei A", "SPKP")), (4, ("survei a", "SPAK"))], "Nilai jenis survei (sheet Pemetaan Kolom, tabel NilaiJenisSurvei baris 4): 'survei a' diberi dua survei berbeda (SPKP dan SPAK)."),
    ],
)  # fmt: skip
def test_survey_value_messages_exact(rows, message):
    with pytest.raises(InputError) as raised:
        mapping_from_rows(enumerate(ROLE_ROWS), (), rows)
    assert raised.value.user_message == message
    # an empty row is skipped, and the table's values are read
    assert (
        mapping_from_rows(enumerate(ROLE_ROWS), (), [(2, (None, None)), (3, ("Layanan", "spkp"))]).read_survey(
            "layanan"
        )
        == "SPKP"
    )


def test_a_csv_imported_again_goes_on_from_its_counted_beginning(tmp_path):
    # The office downloads the same export a week later, one response longer. The beginning counted before is
    # skipped unread, and the date order that beginning revealed (15/07: day first) reads the new two-way date.
    import csv

    from xl_addin.survey_exports import read_export

    path = tmp_path / "b.csv"

    def write(*stamps):
        with path.open("w", encoding="utf-8", newline="") as stream:
            csv.writer(stream).writerows([HEADERS, *(_row(stamp, "Satker Contoh A", *[4] * 9) for stamp in stamps)])

    write("15/07/2024 10.32.05", "03/08/2024 10.32.05")
    first = _session()
    assert first.add(read_export(path)).new == {"SPKP": 2}
    write("15/07/2024 10.32.05", "03/08/2024 10.32.05", "05/08/2024 10.32.05")
    again = _session(stored=first.after, keys=first.key_rows())
    report = again.add(read_export(path))
    assert (report.new, report.earlier, report.rows_read, report.rejected) == ({"SPKP": 1}, 2, 3, [])
    assert report.notices == [
        "File b.csv: urutan tanggal tanggal/bulan/tahun, seperti ditentukan impor sebelumnya dari awal file yang "
        "sama; 1 cap waktu yang dapat dibaca dua cara dibaca dengan urutan itu."
    ]
    assert again.after.respondents("SPKP", "satker contoh a", 2024, 8) == 2  # 3 and 5 August
    # a third time, nothing new: the whole file is the counted beginning
    third = _session(stored=again.after, keys=again.key_rows())
    report = third.add(read_export(path))
    assert (report.new, report.earlier, report.rows_read, report.notices) == ({"SPKP": 0}, 3, 3, [])


def test_aliases_from_the_satker_list_count_under_the_satkers_name_and_say_what_they_cannot():
    from xl_addin.satker_list import satker_list_from_rows

    listed = satker_list_from_rows(
        [
            (5, ("Satker Contoh A", "Lapas Contoh")),
            (6, ("Satker Contoh B", "Kanim Contoh")),
            (7, ("Satker Contoh Z", "Rutan Contoh")),  # listed, but not in Realisasi
            (8, ("Satker Contoh C", "Kanim Contoh")),  # the same alias as row 6
        ]
    )
    session = ImportSession(MAPPING, SESSION, REALISATION, Tally(), (), satker_list=listed)
    report = session.add(
        ExportTable(
            "a.csv",
            HEADERS,
            [
                _row("7/15/2024 10:32:05", "Lapas Contoh", *[4] * 9),
                _row("7/15/2024 10:33:05", "Rutan Contoh", *[4] * 9),
                _row("7/15/2024 10:34:05", "Kanim Contoh", *[4] * 9),
            ],
        )
    )
    assert report.new == {"SPKP": 1} and session.after.respondents("SPKP", "satker contoh a", 2024, 7) == 1
    assert [(r.row, r.kind, r.reason) for r in report.rejected] == [
        (3, UNKNOWN_SATKER, "satuan kerja 'Rutan Contoh' (Satker Contoh Z menurut Daftar Satker) tidak ada di tabel Realisasi"),
        (4, UNKNOWN_SATKER, "'Kanim Contoh' adalah nama lain 2 satker di Daftar Satker (Satker Contoh B, Satker Contoh C); tidak dapat dipastikan yang mana"),
    ]  # fmt: skip
