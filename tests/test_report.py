"""The monthly report (xl_addin.report, report_sheet): its numbers against a count done here, cell by cell,
from the same table, for several months and fill states; its sentences against text written by hand; the
sheet in LibreOffice (live counts, two A4 pages at most for 26 satker, every name whole, opens clean).
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
import subprocess
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from opens_clean import UDF_NAMES, findings
from report_support import OFFICE, SATKER, kanwil_workbook, type_realisation, write_report
from support import REPO_ROOT, csv_sheet, libreoffice_convert

from xl_addin import layout
from xl_addin.errors import InputError
from xl_addin.report import (
    IndexSummary,
    ReportMonth,
    SatkerInput,
    monthly_report,
    percent_text,
)
from xl_addin.report_sheet import live_columns, report_plan

NAMES = ("Juli", "Agustus", "September", "Oktober", "November", "Desember")
MONTHS = [ReportMonth(2024, number, f"{name} 2024") for number, name in zip(range(7, 13), NAMES)]
JULY, AUGUST, SEPTEMBER = (2024, 7), (2024, 8), (2024, 9)
SURVEYS = ("SPKP", "SPAK")
JUNK = ("dua puluh", -5, 12.5, "12,5", "#N/A")  # typed, none a count of people
ARTEFACTS = REPO_ROOT / "out" / "artefacts" / "laporan"


# -- an independent count --------------------------------------------------------------------------------


def _is_target(value: object) -> bool:
    return type(value) is int and value > 0


def _kind(value: object) -> str:
    """What a cell holds, judged here: blank, a count (a whole number ≥ 0) or junk (the test data's forms)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "blank"
    if type(value) is int and value >= 0:
        return "count"
    return "junk"


def by_hand(rows, survey, month):
    """(with target, reported, reached, below, blank, junk) for one survey and month, one cell at a time."""
    tally = dict.fromkeys(("with_target", "reported", "reached", "below", "blank", "junk"), 0)
    for _name, target, counts in rows:
        if not _is_target(target):
            continue
        tally["with_target"] += 1
        value = counts.get((survey, month))
        kind = _kind(value)
        if kind == "count":
            tally["reported"] += 1
            tally["reached" if value >= target else "below"] += 1
        else:
            tally[kind] += 1
    return tally


def inputs(rows):
    return [SatkerInput(name, target, counts) for name, target, counts in rows]


def invented_table(seed: int, satker: int = 26, blank_share: float = 0.2, junk: int = 2):
    """An invented Kanwil (CONTOH): targets (a few missing), July and August typed, some blank, some junk."""
    rng = random.Random(seed)
    rows = []
    for index in range(satker):
        target = rng.choice([None, "", 0]) if index % 9 == 4 else rng.randint(12, 384)
        counts = {}
        for survey in SURVEYS:
            for month in (JULY, AUGUST):
                if rng.random() < blank_share:
                    continue
                counts[survey, month] = rng.randint(0, 2 * (target if _is_target(target) else 50))
        rows.append((f"Satker Contoh {index + 1}", target, counts))
    for index in range(junk):
        counts = rows[3 + 5 * index][2]
        counts[SURVEYS[index % 2], AUGUST] = JUNK[index % len(JUNK)]
    return rows


STATES = {
    "nobody reported": [(f"Satker Contoh {i}", 40 + i, {}) for i in range(1, 9)],
    "some reported": invented_table(1),
    "all reported": invented_table(2, blank_share=0.0, junk=0),
    "over target": [
        (f"Satker Contoh {i}", 30, {(s, m): 30 + 10 * i for s in SURVEYS for m in (JULY, AUGUST)}) for i in range(6)
    ],
    "no target": [
        ("Satker Contoh A", 50, {("SPKP", AUGUST): 60, ("SPAK", AUGUST): 10}),
        ("Satker Contoh B", None, {("SPKP", AUGUST): 99, ("SPAK", AUGUST): 99}),
        ("Satker Contoh C", "", {("SPKP", AUGUST): 5}),
        ("Satker Contoh D", 0, {("SPKP", AUGUST): 5}),
        ("Satker Contoh E", "tiga puluh", {("SPKP", AUGUST): 5}),
    ],
    "junk in cells": [
        (f"Satker Contoh {i}", 25, {("SPKP", AUGUST): JUNK[i % len(JUNK)], ("SPAK", AUGUST): 25}) for i in range(5)
    ],
    "many satker": invented_table(3, satker=120, blank_share=0.35, junk=6),
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("month", [JULY, AUGUST])
def test_the_months_counts_agree_with_a_count_by_hand(state, month):
    rows = STATES[state]
    report = monthly_report(inputs(rows), MONTHS, month, dt.date(2024, 9, 3))
    for survey in SURVEYS:
        expected = by_hand(rows, survey, month)
        numbers = report.surveys[survey]
        assert (
            numbers.with_target,
            numbers.reported,
            numbers.reached,
            numbers.below,
            numbers.not_reported,
            numbers.unreadable,
        ) == tuple(expected.values()), (state, survey)
        # the share counts only satker that reported, and is never a division by zero
        if expected["reported"]:
            assert numbers.share_reached == Fraction(expected["reached"], expected["reported"])
        else:
            assert numbers.share_reached is None


@pytest.mark.parametrize("state", STATES)
def test_the_lists_agree_with_the_table(state):
    rows = STATES[state]
    report = monthly_report(inputs(rows), MONTHS, AUGUST, dt.date(2024, 9, 3))
    # below target: every satker with a count under its target in some survey, the lowest share first
    lowest = {}
    for position, (name, target, counts) in enumerate(rows):
        if not _is_target(target):
            continue
        shares = [
            Fraction(counts[s, AUGUST], target)
            for s in SURVEYS
            if _kind(counts.get((s, AUGUST))) == "count" and counts[s, AUGUST] < target
        ]
        if shares:
            lowest[name] = (min(shares), position)
    assert [row.satker for row in report.below] == sorted(lowest, key=lambda name: lowest[name])
    # not reported: a target and a blank cell in some survey
    silent = [
        name
        for name, target, counts in rows
        if _is_target(target) and any(_kind(counts.get((s, AUGUST))) == "blank" for s in SURVEYS)
    ]
    assert [row.satker for row in report.not_reported] == silent
    # without a target: listed apart, never counted as reached, whatever they typed
    assert [row.satker for row in report.without_target] == [n for n, t, _ in rows if not _is_target(t)]
    assert all(row.cells[s].status == "no target" for row in report.without_target for s in SURVEYS)
    # junk: every unreadable cell of the months so far, with why
    junk = [(n, s, m) for n, t, c in rows for m in (JULY, AUGUST) for s in SURVEYS if _kind(c.get((s, m))) == "junk"]
    assert sorted((u.satker, u.survey, u.month.key) for u in report.unreadable) == sorted(junk)
    assert all(u.problem for u in report.unreadable)


@pytest.mark.parametrize("state", ["some reported", "all reported", "many satker"])
def test_the_semester_so_far_agrees_with_a_sum_by_hand(state):
    rows = STATES[state]
    report = monthly_report(inputs(rows), MONTHS, AUGUST, dt.date(2024, 9, 3))
    assert [m.key for m in report.elapsed] == [JULY, AUGUST]
    semester = {row.satker: row for row in report.semester}
    for name, target, counts in rows:
        row = semester[name]
        if not _is_target(target):
            assert row.surveys == {}
            continue
        for survey in SURVEYS:
            typed = [counts.get((survey, m)) for m in (JULY, AUGUST)]
            numbers = [value for value in typed if _kind(value) == "count"]
            assert row.surveys[survey].total == sum(numbers)
            assert row.surveys[survey].months_reached == sum(1 for value in numbers if value >= target)
            assert row.surveys[survey].cumulative_target == 2 * target
            assert row.surveys[survey].share == Fraction(sum(numbers), 2 * target)


def test_future_months_are_empty_never_zero():
    rows = STATES["some reported"]
    report = monthly_report(inputs(rows), MONTHS, AUGUST, dt.date(2024, 8, 20))  # August is under way
    assert report.current and not report.future
    assert [month.future for month in report.trend] == [False, False, True, True, True, True]
    for month in report.trend[2:]:
        for survey in SURVEYS:
            numbers = month.surveys[survey]
            assert (numbers.with_target, numbers.reported, numbers.reached, numbers.not_reported) == (None,) * 4
    # a month still to come: nothing counted, nothing listed, one sentence that says so
    ahead = monthly_report(inputs(rows), MONTHS, SEPTEMBER, dt.date(2024, 8, 20))
    assert ahead.future and not ahead.not_reported and not ahead.below
    assert [m.key for m in ahead.elapsed] == [JULY, AUGUST]
    assert ahead.sentences == ("Bulan September 2024 belum berjalan, sehingga realisasi responden bulan itu belum "
                               "dapat dilaporkan.",)  # fmt: skip


def test_a_month_that_is_not_a_target_month_is_refused():
    with pytest.raises(InputError) as error:
        monthly_report(inputs(STATES["some reported"]), MONTHS, (2024, 3), dt.date(2024, 9, 3))
    assert "Juli 2024, Agustus 2024" in error.value.user_message


def test_no_target_at_all_divides_by_nothing():
    rows = [("Satker Contoh A", None, {("SPKP", AUGUST): 10}), ("Satker Contoh B", "", {})]
    report = monthly_report(inputs(rows), MONTHS, AUGUST, dt.date(2024, 9, 3))
    assert report.surveys["SPKP"].share_reached is None and report.semester_totals("SPKP") is None
    assert report.sentences[0].startswith("Belum ada satuan kerja yang memiliki target")


# -- sentences, against text written by hand -------------------------------------------------------------


def test_the_sentences_say_what_a_civil_servant_would_write():
    rows = [
        ("Kantor Contoh A", 40, {("SPKP", JULY): 40, ("SPAK", JULY): 41, ("SPKP", AUGUST): 44, ("SPAK", AUGUST): 40}),
        ("Kantor Contoh B", 40, {("SPKP", JULY): 10, ("SPAK", JULY): 39, ("SPKP", AUGUST): 30, ("SPAK", AUGUST): 41}),
        ("Kantor Contoh C", 20, {("SPKP", JULY): 20, ("SPAK", JULY): 20}),
        ("Kantor Contoh D", None, {("SPKP", AUGUST): 5, ("SPAK", AUGUST): 5}),
    ]
    kanwil = IndexSummary({"SPKP": 74, "SPAK": 81}, None, None, None, {"SPKP": Fraction(8412, 100), "SPAK": None})
    report = monthly_report(inputs(rows), MONTHS, AUGUST, dt.date(2024, 9, 3), kanwil)
    # by hand: A reached both; B reached SPAK only (SPKP 30 of 40 = 75 %); C did not report August.
    # Semester: target 100 a month for A, B, C; July 40+10+20 = 70 SPKP, 41+39+20 = 100 SPAK; August 74 and 81.
    # (70 + 74) / 200 = 72,0 %; (100 + 81) / 200 = 90,5 %; C's August is missing from both surveys.
    # Reached every month: SPKP A only (July 40, August 44); SPAK A only (B had 39 in July).
    assert report.sentences == (
        "Pada bulan Agustus 2024, 1 dari 2 satuan kerja yang telah melapor mencapai target responden SPKP dan "
        "seluruh 2 satuan kerja mencapai target responden SPAK. Sebanyak 1 dari 3 satuan kerja belum melaporkan "
        "sebagian atau seluruh realisasinya; persentase capaian hanya menghitung satuan kerja yang telah melapor.",
        "Sebanyak 1 satuan kerja yang melapor masih di bawah target; capaian terendah: Kantor Contoh B (SPKP 75,0 %); "
        "belum melapor: Kantor Contoh C; tanpa target dan tidak dihitung: Kantor Contoh D.",
        "Sampai dengan Agustus 2024 (bulan ke-2 dari 6 bulan target), realisasi responden mencapai 72,0 % dari target "
        "kumulatif SPKP dan 90,5 % dari target kumulatif SPAK; 1 laporan bulanan SPKP dan 1 laporan bulanan SPAK "
        "belum masuk dan dihitung nol; satuan kerja yang mencapai target pada setiap bulan: 1 untuk SPKP dan 1 untuk "
        "SPAK. Bulan Agustus 2024: indeks SPKP 84,12 (skala 100).",
    )


def test_one_satker_reporting_is_counted_against_itself_alone():
    """The old totals line read "7,7 %" in red when one satker of 13 had reported: never here."""
    rows = [("Kantor Contoh 1", 40, {("SPKP", AUGUST): 41})] + [(f"Kantor Contoh {i}", 40, {}) for i in range(2, 14)]
    report = monthly_report(inputs(rows), MONTHS, AUGUST, dt.date(2024, 9, 3))
    assert report.surveys["SPKP"].share_reached == 1
    assert report.sentences[0].startswith(
        "Pada bulan Agustus 2024, 1 dari 1 satuan kerja yang telah melaporkan SPKP mencapai targetnya, sedangkan "
        "realisasi SPAK belum dilaporkan oleh satuan kerja mana pun. Sebanyak 13 dari 13 satuan kerja belum"
    )


@pytest.mark.parametrize(
    "share, text",
    [
        (Fraction(7, 8), "87,5 %"),
        (Fraction(1), "100,0 %"),
        (Fraction(316, 317), "99,7 %"),
        (Fraction(9999, 10000), "99,9 %"),  # rounds to 100,0 but is not reached
        (Fraction(1234, 100), "1.234,0 %"),
        (None, "–"),
    ],
)
def test_percentages_are_written_the_indonesian_way(share, text):
    assert percent_text(share) == text


# -- the sheet ----------------------------------------------------------------------------------------------


def test_formulas_name_only_headers_this_product_writes():
    months = [((2024, 7), "Juli")]
    good = ["Satuan Kerja", "Target per Bulan", "SPKP Juli 2024", "SPAK Juli 2024", "% SPKP Juli 2024", "% SPAK Juli"]
    live = live_columns(layout.TABLE_REALISATION, good, months)
    assert live.shares == {("SPKP", JULY): "% SPKP Juli 2024", ("SPAK", JULY): "% SPAK Juli"}
    # a header a person retyped with a bracket (which would end the reference) gives numbers, not formulas
    hostile = [h.replace("% SPKP Juli 2024", "% SPKP Juli]+1+[x") for h in good]
    assert ("SPKP", JULY) not in (live_columns(layout.TABLE_REALISATION, hostile, months).shares)
    assert live_columns("Realisasi]x", good, months) is None
    plan = report_plan(monthly_report(inputs(STATES["some reported"]), MONTHS, JULY, dt.date(2024, 9, 3)), "hari ini")
    assert not any(str(v).startswith("=") for b in plan.blocks for line in b.values for v in line), "no live: numbers"


@pytest.fixture(scope="module")
def kanwil_report(tmp_path_factory):
    """A filled 26-satker workbook with July and August typed (blanks, a junk cell, a satker over target), and
    its report for August written in, as of 3 September 2024; the typed cells for the count by hand."""
    folder = tmp_path_factory.mktemp("laporan")
    path = kanwil_workbook(folder / "Kanwil_Contoh.xlsm")
    rng = random.Random(26)
    typed: dict[tuple[int, str, str], object] = {}
    for offset in range(len(SATKER)):
        for survey in SURVEYS:
            for month in ("Juli", "Agustus"):
                if rng.random() < 0.15:
                    continue
                typed[offset, survey, month] = rng.randint(5, 400)
    typed[3, "SPKP", "Agustus"] = "dua puluh"
    type_realisation(path, typed, chart_month="Agustus 2024")
    out = write_report(path, AUGUST, dt.date(2024, 9, 3), folder / "Kanwil_Contoh_laporan.xlsm")
    return out, typed


def _targets_by_name(files) -> dict[str, int]:
    rows = csv_sheet(files, layout.SHEET_TARGETS)[layout.TABLE_HEADER_ROW :]
    return {row[0]: int(row[3]) for row in rows if row and row[3]}


@pytest.mark.libreoffice
def test_the_live_counts_agree_with_the_count_by_hand_in_libreoffice(kanwil_report, tmp_path, lo_profile):
    path, typed = kanwil_report
    files = libreoffice_convert(path, tmp_path / "csv", "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,"
                                "false,false,false,-1", lo_profile)  # fmt: skip
    targets = _targets_by_name(files)
    rows = [
        (name, targets[name], {(s, AUGUST): typed.get((offset, s, "Agustus")) for s in SURVEYS})
        for offset, (name, *_counts) in enumerate(SATKER)
    ]
    sheet = csv_sheet(files, layout.SHEET_REPORT)
    for survey in SURVEYS:
        [line] = [row for row in sheet if row and row[0] == survey]
        expected = by_hand(rows, survey, AUGUST)
        shown = [int(value) for value in line[1:6]]
        assert shown == [
            expected["with_target"],
            expected["reported"],
            expected["reached"],
            expected["below"],
            expected["blank"],
        ], survey
    text = "\n".join(",".join(row) for row in sheet)
    assert "sudah berubah" not in text  # the live check agrees with what was written
    [september] = [row for row in sheet if row and row[0] == "September 2024"]
    assert september[2:6] == ["", "", "", ""]  # a month to come: empty, never 0


@pytest.mark.libreoffice
def test_the_report_for_26_satker_prints_on_two_a4_pages_with_every_name_whole(kanwil_report, tmp_path, lo_profile):
    path, _typed = kanwil_report
    pdf = libreoffice_convert(path, tmp_path / "pdf", "pdf", lo_profile)[0]
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                              text=True, check=True).stdout)[1])  # fmt: skip
    texts = {
        n: subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True
        ).stdout
        for n in range(1, pages + 1)
    }
    mine = [n for n, text in texts.items() if text.splitlines() and text.splitlines()[0].rstrip().endswith(
        layout.SHEET_REPORT)]  # fmt: skip
    assert 1 <= len(mine) <= 2, f"the report takes {len(mine)} pages"
    for n in mine:
        head = texts[n].splitlines()[0]
        assert head.lstrip().startswith(OFFICE), head  # the page head names the office
        assert mine[0] == n or "Perkembangan per bulan" in texts[n]
    flat = " ".join(" ".join(texts[n] for n in mine).split())
    for name, *_ in SATKER:  # the semester lists every satker; a long name may wrap inside its cell
        words = name.split()
        assert name in flat or re.search(r"\s.*?".join(map(re.escape, words)), flat), f"{name} not printed whole"
    assert "Pada bulan Agustus 2024," in flat
    for n in mine:  # fitted to the page's width, no text under 7 pt (poppler's box is 0,87 of the font size)
        html = subprocess.run(["pdftotext", "-bbox", "-f", str(n), "-l", str(n), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout  # fmt: skip
        heights = [float(b) - float(a) for a, b in re.findall(r'yMin="([\d.]+)"[^>]*yMax="([\d.]+)"', html)]
        assert min(heights) / 0.87 >= 6.8, f"page {n}: text of {min(heights) / 0.87:.1f} pt"
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTEFACTS.glob("laporan-*.png"):
        old.unlink()
    for n in mine:
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(n), "-l", str(n), str(pdf),
                        str(ARTEFACTS / "laporan")], check=True)  # fmt: skip
    assert len(list(ARTEFACTS.glob("laporan-*.png"))) == len(mine)


@pytest.mark.libreoffice
def test_the_workbook_with_its_report_opens_clean(
    kanwil_report, shared_dir, lo_profile, lo_profile_indonesian, tmp_path
):
    path, _typed = kanwil_report
    found = findings(
        path,
        shared_dir=shared_dir,
        libreoffice_profile=lo_profile,
        locale_profile=lo_profile_indonesian,
        workdir=tmp_path,
        allowed_udfs=UDF_NAMES,
    )
    assert not found, "\n".join(found)


def test_a_second_report_leaves_nothing_of_the_first(kanwil_report, tmp_path):
    """Another month's report replaces the first: the same cells and merged ranges as one written afresh."""
    import openpyxl

    path, _typed = kanwil_report
    again, fresh = tmp_path / "again.xlsm", tmp_path / "fresh.xlsm"
    shutil.copy(path, again)
    write_report(again, JULY, dt.date(2024, 9, 3))
    book = openpyxl.load_workbook(path, keep_vba=True)
    del book[layout.SHEET_REPORT]
    book.save(fresh)
    write_report(fresh, JULY, dt.date(2024, 9, 3))

    def shown(file: Path):
        sheet = openpyxl.load_workbook(file)[layout.SHEET_REPORT]
        cells = {cell.coordinate: cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None}
        return cells, sorted(str(merged) for merged in sheet.merged_cells.ranges)

    assert shown(again) == shown(fresh)
    assert shown(again)[0]["A1"].endswith("Juli 2024")


def test_artefacts_folder_is_inside_the_repository():
    assert Path(ARTEFACTS).is_relative_to(REPO_ROOT)


def test_the_kanwil_ikm_pools_every_answer_not_the_satker_averages():
    """Satker A: 2 respondents answering 4 to every element (IKM 100); satker B: 3 answering 2 (IKM 50).
    Pooled, each element's NRR is (2×4 + 3×2) / 5 = 2,8, so the IKM is 2,8 × 25 = 70,00 (mutu C, kurang baik
    per PermenPANRB 14/2017: 65,00–76,60); the average of the two IKM would be 75. SPAK: A answers 3, B 4 on
    every question: (2×3 + 3×4) / 5 = 3,6 on the 1–4 scale, × 25 = 90 on the 100 scale. August is not imported."""
    from xl_addin.report import kanwil_indices
    from xl_addin.survey_counting import Tally
    from xl_addin.survey_exports import DEFAULT_ANSWER_ROWS, DEFAULT_MAPPING_ROWS, SurveySettings, mapping_from_rows

    mapping = mapping_from_rows(
        [(None, list(r)) for r in DEFAULT_MAPPING_ROWS], [(None, list(r)) for r in DEFAULT_ANSWER_ROWS]
    )
    tally = Tally()
    for satker, people, spkp, spak in (("Satker Contoh A", 2, 4, 3), ("Satker Contoh B", 3, 2, 4)):
        for _person in range(people):
            tally.add("SPKP", satker, 2024, 7, {f"U{n}": spkp for n in range(1, 10)})
            tally.add("SPAK", satker, 2024, 7, {f"A{n}": spak for n in range(1, 7)})
    pooled = kanwil_indices(tally, mapping, SurveySettings(), 2024, 7)
    assert pooled.respondents == {"SPKP": 5, "SPAK": 5}
    assert pooled.ikm == Decimal("70.00") and (pooled.quality, pooled.performance) == ("C", "Kurang baik")
    assert pooled.indices == {"SPKP": Fraction(70), "SPAK": Fraction(90)}
    assert kanwil_indices(tally, mapping, SurveySettings(), 2024, 8) is None
