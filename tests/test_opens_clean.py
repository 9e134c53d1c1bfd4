"""The "opens clean" gate (tests/opens_clean.py): first proof that each check catches what it is
for, then the gate run on what the product really writes.

1. Seeded defects: one small workbook, built by one helper, clean by default; each test switches
   on exactly one defect and shows that the check meant for it reports it, and no other check
   does. The clean control is the same helper with no defect.
2. The real outputs: the committed template, a filled copy, an email copy, a Kanwil summary and a
   workbook after a survey import, made through the CLI as a user would, from satker and file
   names that look like formulas. These are the product's to-do list: they fail until the
   product writes files that open clean.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableFormula, TableStyleInfo
from opens_clean import (
    UDF_NAMES,
    findings,
    formula_findings,
    libreoffice_findings,
    schema_findings,
    static_findings,
    stored_value_findings,
    table_findings,
    text_findings,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = REPO_ROOT / "template" / "SPAK_SPKP.xlsm"

# Satker names a clerk might type (as text) that a careless writer turns into formulas: the four
# characters Excel starts a formula with, DDE payloads (CSV/formula injection) and a live link.
# Reusable by any test that wants hostile input.
HOSTILE_TEXTS = (
    "=1+1",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://x","klik")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
)


def hostile_file_name(text: str, suffix: str) -> str:
    """A file name made of a hostile text; characters Windows forbids in file names become '_'."""
    return re.sub(r'[<>:"/\\|?*]', "_", text) + suffix


# The sheets where the product shows what the user typed (names as the user sees them, not
# imported from xl_addin: the gate judges the product from outside).
SHEET_COUNTS, SHEET_TARGETS, TABLE_COUNTS = "Pengguna Layanan", "Target Responden", "PenggunaLayanan"
SHEET_STAMP, SHEET_SUMMARY, SHEET_FILE_SETTINGS = "Tentang Salinan", "Rekap", "Pengaturan per File"
SHEET_INDICES = "Indeks Survei"


# ---- 1. each check fails on a seeded defect --------------------------------------------------

PROSE = "=SLOVIN(N; e), =KREJCIE(N; d) dan =METODE_SAMPEL(N)"


def seeded_workbook(folder: Path, defect: str | None = None) -> Path:
    """A small workbook using every kind of formula the checks read; clean unless ``defect`` says.

    Sheet Data: table Angka (header, two rows, a totals row with SUBTOTAL and a label, a
    calculated column), a validation and a conditional format. Sheet Ringkas: formulas with a
    structured reference, a sheet-qualified reference, an _xlfn function, a workbook and a
    sheet-local name, two hostile texts kept as text, and table Catatan.
    """
    book = openpyxl.Workbook()
    data = book.active
    data.title = "Data"
    data["A1"] = "Contoh data (karangan)"
    data["E1"] = 10
    for column, header in enumerate(("Nama", "Jumlah", "Persen"), start=1):
        data.cell(3, column, header)
    calculated = "Angka[[#This Row],[Jumlah]]/Batas"
    for row, (name, count) in enumerate((("Satu", 4), ("Dua", 6)), start=4):
        data.cell(row, 1, name)
        data.cell(row, 2, count)
        data.cell(row, 3, "=" + calculated)
    data["A6"] = "Total"
    data["B6"] = "=SUBTOTAL(109,Angka[Jumlah])"
    angka = Table(displayName="Angka", ref="A3:C6", totalsRowCount=1)
    angka.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    angka._initialise_columns()
    for column, name in zip(angka.tableColumns, ("Nama", "Jumlah", "Persen")):
        column.name = name
    angka.tableColumns[0].totalsRowLabel = "Total"
    angka.tableColumns[1].totalsRowFunction = "sum"
    angka.tableColumns[2].calculatedColumnFormula = TableFormula(attr_text=calculated)
    angka.autoFilter.ref = "A3:C5"  # the totals row stays out of the filter
    data.add_table(angka)
    validation = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    validation.add("B4:B5")
    data.add_data_validation(validation)
    data.conditional_formatting.add("C4:C5", FormulaRule(formula=["C4>Batas"]))

    summary = book.create_sheet("Ringkas")
    summary["A1"] = "=SUM(Angka[Jumlah])"
    summary["A2"] = "='Data'!B4*2"
    summary["A3"] = "=_xlfn.CEILING.MATH(Data!B5/4)"
    for ref, text in (("A4", "=1+1"), ("A5", "-2+3")):  # hostile texts, kept as text as they should be
        summary[ref] = text
        summary[ref].data_type = "s"
        summary[ref].quotePrefix = True
    summary["B1"] = "=Batas*2"  # the cell most formula defects replace
    summary["B2"] = "=Lokal+1"
    summary["E2"] = 5
    for row, values in enumerate((("Kunci", "Nilai"), ("a", 1), ("b", 2)), start=1):
        for column, value in enumerate(values, start=4):
            summary.cell(row, column, value)
    catatan = Table(displayName="Catatan", ref="D1:E3")
    catatan._initialise_columns()
    for column, name in zip(catatan.tableColumns, ("Kunci", "Nilai")):
        column.name = name  # openpyxl would write "Column4": a header mismatch Excel repairs
    summary.add_table(catatan)
    book.defined_names["Batas"] = DefinedName("Batas", attr_text="'Data'!$E$1")
    summary.defined_names["Lokal"] = DefinedName("Lokal", attr_text="'Ringkas'!$E$2")

    patches: list[tuple[str, str, str]] = []  # (part, old, new) applied to the saved zip
    stored = dict(SEEDED_STORED)
    if defect == "schema-invalid attribute":
        patches.append(("xl/worksheets/sheet2.xml", '<c r="A1"', '<c r="A1" quotePrefix="1"'))  # belongs on the style
    elif defect == "prose formula":
        summary["B1"] = PROSE
    elif defect == "unknown function":
        summary["B1"] = "=FOO(1)"
    elif defect == "UDF not allowed":
        summary["B1"] = "=SLOVIN(100,0.05)"
    elif defect == "function without _xlfn.":
        summary["B1"] = "=CEILING.MATH(2.5)"
    elif defect == "unknown name":
        summary["B1"] = "=Data!B4*Tidak_Ada"
    elif defect == "missing table":
        summary["B1"] = "=SUM(TabelLain[Jumlah])"
    elif defect == "missing column":
        summary["B1"] = "=SUM(Angka[Tidak Ada])"
    elif defect == "semicolon in a defined name":
        book.defined_names["Dua_Sel"] = DefinedName("Dua_Sel", attr_text="SUM('Data'!$B$4;'Data'!$B$5)")
    elif defect == "unknown name in a validation":
        validation.formula1 = "Tidak_Ada"
    elif defect == "unknown function in a conditional format":
        data.conditional_formatting.add("B4:B5", FormulaRule(formula=["FOO(B4)"]))
    elif defect == "header differs from tableColumn":
        patches.append(("xl/worksheets/sheet1.xml", "<t>Jumlah</t>", "<t>Jumlah Orang</t>"))  # openpyxl would sync it
    elif defect == "autoFilter covers totals row":
        angka.autoFilter.ref = "A3:C6"
    elif defect == "duplicate table ids":
        patches.append(("xl/tables/table2.xml", 'id="2"', 'id="1"'))  # openpyxl numbers tables itself
    elif defect == "table name clashes with a defined name":
        book.defined_names["CATATAN"] = DefinedName("CATATAN", attr_text="'Ringkas'!$E$2")
    elif defect == "totals formula without totalsRowFunction":
        data["C6"] = "=SUM(Angka[Persen])"
    elif defect == "totals formula not as Excel writes it":
        data["B6"] = "=SUM(B4:B5)"
    elif defect == "text starting with = without quotePrefix":
        summary["A4"].quotePrefix = False
    elif defect == "error value":
        summary["B1"] = "=1/0"
    elif defect == "hostile text computed":
        summary["A4"] = "=1+1"  # written as a formula: LibreOffice shows 2
    elif defect in STORED_DEFECTS:
        stored[STORED_DEFECTS[defect][0]] = STORED_DEFECTS[defect][1]
    elif defect is not None:
        raise ValueError(defect)
    # What each formula stores, computed by hand from the data above (Jumlah 4 and 6, Batas 10, Lokal 1),
    # as Excel stores it beside the formula: a number with no t attribute, text with t="str".
    for (part, ref), value in stored.items():
        if value is None:
            patches.append((part, f"<v><!--{ref}--></v>", "<v></v>"))  # as openpyxl writes it: no value
            continue
        kind, text = value
        patches.append(
            (part, f'<c r="{ref}"', f'<c r="{ref}" t="{kind}"' if kind else f'<c r="{ref}"'),
        )
        patches.append((part, f"<!--{ref}-->", text))

    path = folder / f"seeded-{(defect or 'clean').replace(' ', '_')}.xlsx"
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.startswith("xl/worksheets/"):  # a place for each stored value: <v><!--B1--></v>
                content = re.sub(rb'(<c r="([A-Z]+\d+)"[^>]*><f>[^<]*</f>)<v></v>', rb"\1<v><!--\2--></v>", content)
            for part, old, new in patches:
                if item.filename == part:
                    assert old.encode() in content, f"seeding {defect!r}: {old!r} not in {part}"
                    content = content.replace(old.encode(), new.encode(), 1)
            target.writestr(item, content)
    return path


DATA, RINGKAS = "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"
# The seeded workbook's formulas and what each stores (kind, <v>), by hand: Jumlah 4 and 6, Batas 10, Lokal 1.
SEEDED_STORED = {
    (DATA, "C4"): (None, "0.4"),  # Angka[[#This Row],[Jumlah]]/Batas = 4 / 10
    (DATA, "C5"): (None, "0.6"),  # 6 / 10
    (DATA, "B6"): (None, "10"),  # SUBTOTAL(109,Angka[Jumlah]) = 4 + 6
    (RINGKAS, "A1"): (None, "10"),  # SUM(Angka[Jumlah])
    (RINGKAS, "A2"): (None, "8"),  # 'Data'!B4*2
    (RINGKAS, "A3"): (None, "2"),  # CEILING.MATH(6 / 4) = CEILING.MATH(1.5)
    (RINGKAS, "B1"): (None, "20"),  # Batas*2
    (RINGKAS, "B2"): (None, "2"),  # Lokal+1: Lokal is Ringkas!E2, where table Catatan's row "a" put 1 over the 5
}
# defect → (the cell, what it stores instead), each reported by the stored-value check alone
STORED_DEFECTS = {
    "wrong stored value": ((RINGKAS, "B1"), (None, "21")),
    "missing stored value": ((RINGKAS, "B1"), None),
    "number stored as text": ((RINGKAS, "A2"), ("str", "8")),
}


SEEDED_EXPECTED_TEXTS = (("Ringkas", "=1+1"), ("Ringkas", "-2+3"))

# defect → (the check that must report it, words its finding must contain)
STATIC_DEFECTS = {
    "schema-invalid attribute": ("schemas", ["xl/worksheets/sheet2.xml", "quotePrefix"]),
    "prose formula": ("formulas", ["'Ringkas'!B1", "prose", "';'"]),
    "unknown function": ("formulas", ["'Ringkas'!B1", "unknown function FOO"]),
    "UDF not allowed": ("formulas", ["'Ringkas'!B1", "UDF SLOVIN"]),
    "function without _xlfn.": ("formulas", ["'Ringkas'!B1", "_xlfn.CEILING.MATH"]),
    "unknown name": ("formulas", ["'Ringkas'!B1", "'Tidak_Ada' is not defined"]),
    "missing table": ("formulas", ["'Ringkas'!B1", "no table 'TabelLain'"]),
    "missing column": ("formulas", ["'Ringkas'!B1", "no column 'Tidak Ada'"]),
    "semicolon in a defined name": ("formulas", ["definedName Dua_Sel", "';'"]),
    "unknown name in a validation": ("formulas", ["dataValidation B4:B5 formula1", "'Tidak_Ada'"]),
    "unknown function in a conditional format": ("formulas", ["conditionalFormatting B4:B5", "FOO"]),
    "header differs from tableColumn": ("tables", ["'Data'!B3", "'Jumlah Orang'", "'Jumlah'"]),
    "autoFilter covers totals row": ("tables", ["Angka", "A3:C6", "A3:C5", "totals row"]),
    "duplicate table ids": ("tables", ["table id 1", "Angka", "Catatan"]),
    "table name clashes with a defined name": ("tables", ["Catatan", "clashes", "'CATATAN'"]),
    "totals formula without totalsRowFunction": ("tables", ["'Data'!C6", "no totalsRowFunction"]),
    "totals formula not as Excel writes it": ("tables", ["'Data'!B6", "SUBTOTAL(109,Angka[Jumlah])"]),
    "text starting with = without quotePrefix": ("texts", ["'Ringkas'!A4", "'=1+1'", "quotePrefix"]),
}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seeded")
    return lambda defect=None: seeded_workbook(folder, defect)


def test_clean_control_has_no_static_findings(seeded, shared_dir):
    assert static_findings(seeded(), shared_dir=shared_dir) == {
        "schemas": [],
        "formulas": [],
        "tables": [],
        "texts": [],
    }


@pytest.mark.libreoffice
def test_clean_control_opens_clean_in_libreoffice_too(seeded, shared_dir, lo_profile, lo_profile_indonesian, tmp_path):
    assert (
        findings(
            seeded(),
            shared_dir=shared_dir,
            libreoffice_profile=lo_profile,
            locale_profile=lo_profile_indonesian,
            workdir=tmp_path,
            expected_texts=SEEDED_EXPECTED_TEXTS,
        )
        == []
    )


@pytest.mark.libreoffice
@pytest.mark.parametrize(
    ("defect", "words"),
    [
        ("wrong stored value", ["'Ringkas'!B1", "=Batas*2", "stores number 21.0", "LibreOffice computes number 20.0"]),
        ("missing stored value", ["'Ringkas'!B1", "stores no value", "LibreOffice computes number 20.0"]),
        ("number stored as text", ["'Ringkas'!A2", "stores text '8'", "LibreOffice computes number 8.0"]),
    ],
)
def test_stored_value_check_fails_on_its_seeded_defect(
    defect, words, seeded, shared_dir, lo_profile_indonesian, tmp_path
):
    path = seeded(defect)
    assert not any(static_findings(path, shared_dir=shared_dir).values())  # only a recalculation can tell
    reported = stored_value_findings(path, libreoffice_profile=lo_profile_indonesian, workdir=tmp_path)
    assert len(reported) == 1 and all(word in reported[0] for word in words), reported


@pytest.mark.parametrize("defect", STATIC_DEFECTS)
def test_each_static_check_fails_on_its_seeded_defect(defect, seeded, shared_dir):
    check, words = STATIC_DEFECTS[defect]
    by_check = static_findings(seeded(defect), shared_dir=shared_dir)
    reported = by_check[check]
    assert any(all(word in line for word in words) for line in reported), (
        f"{check} check missed {defect!r} (wanted a line with {words}); it said: {reported}"
    )
    others = {name: lines for name, lines in by_check.items() if name != check and lines}
    assert not others, f"one defect, yet other checks report too: {others}"


def test_each_check_is_callable_alone(seeded, shared_dir):
    path = seeded("autoFilter covers totals row")
    assert table_findings(path) and not formula_findings(path) and not text_findings(path)
    assert not schema_findings(path, shared_dir=shared_dir)


def test_udfs_pass_where_they_are_intended(seeded):
    path = seeded("UDF not allowed")
    assert formula_findings(path, allowed_udfs=UDF_NAMES) == []


def test_text_cells_can_be_allowed_one_by_one(seeded):
    path = seeded("text starting with = without quotePrefix")
    assert text_findings(path, allowed_cells=[("Ringkas", "A4")]) == []


def test_schema_check_validates_the_ribbon_with_xmlschema(tmp_path, shared_dir):
    """lxml cannot load customUI14.xsd; the ribbon part is still validated (by xmlschema)."""
    patched = tmp_path / "ribbon.xlsm"
    with zipfile.ZipFile(TEMPLATE) as source, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "customUI/customUI14.xml":
                assert b'size="large"' in content
                content = content.replace(b'size="large"', b'size="huge"', 1)
            target.writestr(item, content)
    before = set(schema_findings(TEMPLATE, shared_dir=shared_dir))
    new = [line for line in schema_findings(patched, shared_dir=shared_dir) if line not in before]
    assert len(new) == 1 and new[0].startswith("customUI/customUI14.xml") and "huge" in new[0], new


def test_checker_does_not_import_the_product():
    """The gate judges xl_addin's files from outside; its static checks must work without it."""
    code = "import sys, opens_clean; sys.exit('xl_addin' in sys.modules)"
    completed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).parent,
        check=False,
        env=dict(os.environ, PYTHONPATH=str(Path(__file__).parent)),
    )
    assert completed.returncode == 0, "importing tests/opens_clean.py imported xl_addin"


@pytest.mark.libreoffice
def test_libreoffice_check_reports_an_error_value(seeded, lo_profile, tmp_path):
    reported = libreoffice_findings(
        seeded("error value"), libreoffice_profile=lo_profile, workdir=tmp_path, expected_texts=SEEDED_EXPECTED_TEXTS
    )
    # LibreOffice 7.4 writes Excel's error names into the CSV, so #DIV/0! is what the gate sees
    assert len(reported) == 1 and "'Ringkas'!B1" in reported[0] and "#DIV/0!" in reported[0], reported


@pytest.mark.libreoffice
def test_libreoffice_check_reports_a_hostile_text_that_was_computed(seeded, shared_dir, lo_profile, tmp_path):
    path = seeded("hostile text computed")
    assert not any(static_findings(path, shared_dir=shared_dir).values())  # only LibreOffice can tell
    reported = libreoffice_findings(
        path, libreoffice_profile=lo_profile, workdir=tmp_path, expected_texts=SEEDED_EXPECTED_TEXTS
    )
    assert len(reported) == 1 and "'=1+1'" in reported[0] and "'Ringkas'!A4" in reported[0] and "'2'" in reported[0], (
        reported
    )


@pytest.mark.libreoffice
def test_what_libreoffice_writes_for_error_cells(tmp_path, lo_profile):
    """The error texts the gate looks for, as LibreOffice 7.4 writes them (and text that only looks like one)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "S"
    formulas = [
        "=1/0",
        "=FOO()",
        "=SLOVIN(N; e), =KREJCIE(x",
        "=SQRT(-1)",
        "=NA()",
        '=1+"a"',
        "=#REF!",
        "=cmd|' /C calc'!A0",
    ]
    for row, formula in enumerate(formulas, start=1):
        sheet.cell(row, 1, formula)
    sheet["B1"] = "#N/A"
    sheet["B1"].data_type = "s"
    path = tmp_path / "errors.xlsx"
    book.save(path)
    reported = libreoffice_findings(path, libreoffice_profile=lo_profile, workdir=tmp_path)
    shown = [re.search(r"shows (\S+)", line).group(1) for line in reported]
    assert shown == ["#DIV/0!", "#NAME?", "Err:508", "Err:502", "#N/A", "#VALUE!", "#REF!", "Err:509"], reported


# ---- 2. the real outputs ----------------------------------------------------------------------


@dataclass(frozen=True)
class Output:
    path: Path
    expected_texts: tuple  # (sheet, text) pairs LibreOffice must show verbatim
    allowed_udfs: frozenset


def _run_cli(*arguments: str, cwd: Path) -> subprocess.CompletedProcess:
    # This worktree's xl_addin, whatever else is installed; a user runs `python -m xl_addin`.
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])))
    completed = subprocess.run(
        [sys.executable, "-m", "xl_addin", *arguments],
        check=False,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert completed.returncode == 0, (
        f"xl_addin {' '.join(arguments)}: rc={completed.returncode}\n{completed.stdout}\n{completed.stderr}"
    )
    return completed


def _keep_root_relationships(edited: Path, original: Path) -> None:
    """Put back the root relationships (the ribbon's) that openpyxl drops when the test edits a copy.

    Excel, where a clerk types the names, keeps them; the input should be what the clerk sends.
    """
    with zipfile.ZipFile(original) as source:
        rels = source.read("_rels/.rels")
    with zipfile.ZipFile(edited) as archive:
        parts = [(item, archive.read(item)) for item in archive.infolist()]
        kept = re.findall(rb'Target="([^"]+)"', archive.read("_rels/.rels"))
    assert set(kept) <= set(re.findall(rb'Target="([^"]+)"', rels)), "openpyxl changed more than the ribbon link"
    with zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as archive:
        for item, content in parts:
            archive.writestr(item, rels if item.filename == "_rels/.rels" else content)


def hostile_satker_workbook(path: Path) -> Path:
    """The template with the hostile names added to Pengguna Layanan as TEXT, as a clerk types them."""
    shutil.copyfile(TEMPLATE, path)
    book = openpyxl.load_workbook(path, keep_vba=True)
    sheet = book[SHEET_COUNTS]
    table = sheet.tables[TABLE_COUNTS]
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    for offset, name in enumerate(HOSTILE_TEXTS, start=1):
        cell = sheet.cell(max_row + offset, min_col, name)
        cell.data_type = "s"  # text, not a formula ...
        cell.quotePrefix = True  # ... and marked as Excel marks an entry typed with a leading apostrophe
        for column in range(min_col + 1, max_col + 1):
            sheet.cell(max_row + offset, column, 40 + 7 * offset)
    table.ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row + len(HOSTILE_TEXTS)}"
    if table.autoFilter is not None:
        table.autoFilter.ref = table.ref
    book.save(path)
    _keep_root_relationships(path, TEMPLATE)
    return path


@pytest.fixture(scope="module")
def real_outputs(tmp_path_factory) -> dict[str, Output]:
    """The four kinds of file the product writes, made through the CLI from hostile input."""
    work = tmp_path_factory.mktemp("real-outputs")
    source = hostile_satker_workbook(work / "satker.xlsm")
    filled = work / "satker terisi.xlsm"
    _run_cli("fill", str(source), "-o", str(filled), cwd=work)

    # The Kanwil's folder: the satker files, under names that look like formulas, and one email copy.
    kanwil = work / "kiriman satker"
    kanwil.mkdir()
    names = [hostile_file_name(text, ".xlsm") for text in HOSTILE_TEXTS]
    for name in names:
        shutil.copyfile(filled, kanwil / name)
    email_copy = work / "salinan email.xlsx"
    _run_cli("export", str(kanwil / names[0]), "-o", str(email_copy), cwd=work)  # its stamp names "=1+1.xlsm"
    email_name = hostile_file_name(HOSTILE_TEXTS[3], " (salinan email).xlsx")
    shutil.copyfile(email_copy, kanwil / email_name)
    summary = work / "Rekap Kanwil.xlsx"
    _run_cli("consolidate", str(kanwil), "-o", str(summary), cwd=work)

    # A survey import into the filled copy: its Realisasi counts, the IKM's worked example and the indices.
    imported = work / "sesudah impor.xlsm"
    _run_cli(
        "impor-survei",
        str(survey_export(work / "=1+1 respons.csv")),
        "--ke",
        str(filled),
        "-o",
        str(imported),
        cwd=work,
    )

    typed = tuple((sheet, text) for sheet in (SHEET_COUNTS, SHEET_TARGETS) for text in HOSTILE_TEXTS)
    files = [*names, email_name]
    return {
        "template": Output(TEMPLATE, (), UDF_NAMES),  # the macro workbook: its UDFs are intended
        "filled copy": Output(filled, typed, UDF_NAMES),
        "email copy": Output(email_copy, (*typed, (SHEET_STAMP, names[0])), frozenset()),
        "kanwil summary": Output(
            summary,
            tuple((SHEET_SUMMARY, text) for text in (*HOSTILE_TEXTS, *files))
            + tuple((SHEET_FILE_SETTINGS, name) for name in files),
            frozenset(),
        ),
        "survey import": Output(imported, (*typed, *((SHEET_INDICES, text) for text in HOSTILE_TEXTS[:2])), UDF_NAMES),
    }


# The SPKP questions as the template's Pemetaan Kolom sheet lists the beginnings of their titles.
SPKP_QUESTIONS = (
    "1. Persyaratan",
    "2. Sistem, mekanisme, dan prosedur",
    "3. Waktu penyelesaian",
    "4. Biaya/tarif",
    "5. Produk spesifikasi jenis pelayanan",
    "6. Kompetensi pelaksana",
    "7. Perilaku pelaksana",
    "8. Penanganan pengaduan, saran dan masukan",
    "9. Sarana dan prasarana",
)


def survey_export(path: Path) -> Path:
    """An invented Google Forms export (CONTOH): answers 1–4 from two hostile satker and one example satker."""
    satker = [HOSTILE_TEXTS[0], HOSTILE_TEXTS[1], "CONTOH Kantor Imigrasi A"]
    rows = []
    for index, name in enumerate(satker):
        for month, day in ((7, 15), (7, 16), (8, 20)):
            answers = [1 + (index + day + question) % 4 for question in range(len(SPKP_QUESTIONS))]
            rows.append([f"{month}/{day}/2024 10:{index:02d}:05", "", name, *answers])
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Timestamp", "Email Address", "Satuan Kerja", *SPKP_QUESTIONS])
        writer.writerows(rows)
    return path


REAL_OUTPUTS = ("template", "filled copy", "email copy", "kanwil summary", "survey import")


def _report(which: str, output: Output, lines: list[str]) -> str:
    return f"{which} ({output.path.name}) does not open clean: {len(lines)} findings\n" + "\n".join(lines)


@pytest.mark.parametrize("which", REAL_OUTPUTS)
def test_real_output_passes_the_static_checks(which, real_outputs, shared_dir):
    output = real_outputs[which]
    by_check = static_findings(output.path, shared_dir=shared_dir, allowed_udfs=output.allowed_udfs)
    lines = [f"[{check}] {line}" for check, found in by_check.items() for line in found]
    assert not lines, _report(which, output, lines)


@pytest.mark.libreoffice
@pytest.mark.parametrize("which", REAL_OUTPUTS)
def test_real_output_opens_clean_in_libreoffice(which, real_outputs, lo_profile, tmp_path):
    output = real_outputs[which]
    lines = libreoffice_findings(
        output.path, libreoffice_profile=lo_profile, workdir=tmp_path, expected_texts=output.expected_texts
    )
    assert not lines, _report(which, output, [f"[libreoffice] {line}" for line in lines])


# Sheets whose formulas do not carry their values yet, and the work that gives them: the decision page is
# being redesigned (issue 23, item 2), its values with it. Remove an entry once that work has landed
# (the test below fails while an entry is no longer needed).


@pytest.mark.libreoffice
@pytest.mark.parametrize("which", REAL_OUTPUTS)
def test_real_output_stores_the_values_libreoffice_computes(which, real_outputs, lo_profile_indonesian, tmp_path):
    """A preview, Protected View or a phone shows what the file stores: every formula's value, as Excel computes it."""
    output = real_outputs[which]
    lines = stored_value_findings(output.path, libreoffice_profile=lo_profile_indonesian, workdir=tmp_path)
    assert not lines, _report(which, output, [f"[stored values] {line}" for line in lines])
