"""Every formula the product writes carries the value Excel would show (issue 23, item 1).

A reader that never recalculates (a preview, Protected View, a phone) shows what a file stores
beside each formula. These tests read the saved XML itself: the value of each kind as Excel
writes it, what the workbook tells Excel about recalculating, and a formula a user typed keeping
the value its file stored. The values of the product's own formulas are checked against
LibreOffice's recalculation by the opens-clean gate (tests/test_opens_clean.py).
"""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
from openpyxl import Workbook
from support import counts_workbook, write_realisation

from xl_addin import layout
from xl_addin.cells import Formula
from xl_addin.package import workbook_bytes
from xl_addin.plan import CellError
from xl_addin.workbook import fill, open_workbook, save, write_cell


def _part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode("utf-8")


def _cells(data: bytes, sheet: int = 1) -> dict[str, str]:
    """{reference: the whole <c> element} of one sheet."""
    xml = _part(data, f"xl/worksheets/sheet{sheet}.xml")
    return {match.group(1): match.group(0) for match in re.finditer(r'<c r="([A-Z]+\d+)"[^>]*?(?:/>|>.*?</c>)', xml)}


def _write_patched(data: bytes, path, part: str, replacements: list[tuple[str, str]]) -> None:
    """Write the package ``data`` to ``path`` with texts of one part replaced (each must be there)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == part:
                text = content.decode("utf-8")
                for old, new in replacements:
                    assert old in text, old
                    text = text.replace(old, new)
                content = text.encode("utf-8")
            target.writestr(item, content)


def _calculation(data: bytes) -> str:
    return re.search(r"<calcPr[^>]*/>", _part(data, "xl/workbook.xml")).group(0)


def test_each_kind_of_value_is_stored_as_excel_stores_it():
    book = Workbook()
    sheet = book.active
    write_cell(sheet["A1"], 5)
    for reference, formula in {
        "B1": Formula("=A1*2", 10),
        "B2": Formula("=A1/3", 5 / 3),
        "B3": Formula('=IF(A1=5,"ya","")', "ya"),
        "B4": Formula('=IF(A1=5,"","ya")', ""),
        "B5": Formula("=A1>1", True),
        "B6": Formula("=A1<1", False),
        "B7": Formula("=1/0", CellError("#DIV/0!")),
        "B8": Formula('="<&>"', "<&>"),
    }.items():
        write_cell(sheet[reference], formula)
    cells = _cells(workbook_bytes(book))
    # As in files Excel made (XlsxWriter's comparison file formula_results01.xlsx): a number has no
    # t attribute, text is t="str" (an empty text too), a logical value t="b", an error t="e".
    assert cells["B1"] == '<c r="B1"><f>A1*2</f><v>10</v></c>'
    assert cells["B2"] == '<c r="B2"><f>A1/3</f><v>1.6666666666666667</v></c>'  # every digit of the double
    assert cells["B3"] == '<c r="B3" t="str"><f>IF(A1=5,"ya","")</f><v>ya</v></c>'
    assert cells["B4"] == '<c r="B4" t="str"><f>IF(A1=5,"","ya")</f><v></v></c>'
    assert cells["B5"] == '<c r="B5" t="b"><f>A1&gt;1</f><v>1</v></c>'
    assert cells["B6"] == '<c r="B6" t="b"><f>A1&lt;1</f><v>0</v></c>'
    assert cells["B7"] == '<c r="B7" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
    assert cells["B8"] == '<c r="B8" t="str"><f>"&lt;&amp;&gt;"</f><v>&lt;&amp;&gt;</v></c>'


def test_excel_recalculates_on_load_only_when_a_value_is_unknown():
    book = Workbook()
    write_cell(book.active["A1"], Formula("=1+1", 2))
    known = workbook_bytes(book)
    assert _calculation(known) == '<calcPr calcId="191029"/>'
    assert "microsoft.com:LAMBDA_WF" in _part(
        known, "xl/workbook.xml"
    )  # the engine's features, as Excel 365 lists them

    write_cell(book.active["A2"], Formula("=A1+1"))  # a formula whose value this package does not know
    unknown = workbook_bytes(book)
    assert _calculation(unknown) == '<calcPr calcId="191029" fullCalcOnLoad="1"/>'
    assert _cells(unknown)["A2"] == '<c r="A2"><f>A1+1</f></c>'  # no value rather than a wrong one
    assert "calcFeatures" not in _part(unknown, "xl/workbook.xml")


def test_a_formula_the_product_does_not_know_keeps_the_value_its_file_stored(tmp_path):
    """A formula a user typed keeps what Excel stored for it, and Excel recalculates it on load (it may be stale)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Data"
    write_cell(sheet["A1"], 7)
    sheet["B1"] = "=A1*3"  # as openpyxl loads a user's formula: a plain string
    sheet["B2"] = '=IF(A1>5,"besar","kecil")'
    path = tmp_path / "pengguna.xlsx"
    # what Excel would have stored after calculating (values by hand: 7 × 3 = 21; 7 > 5 → "besar")
    _write_patched(
        workbook_bytes(book),
        path,
        "xl/worksheets/sheet1.xml",
        [
            ('<c r="B1"><f>A1*3</f>', '<c r="B1"><f>A1*3</f><v>21</v>'),
            (
                '<c r="B2"><f>IF(A1&gt;5,"besar","kecil")</f>',
                '<c r="B2" t="str"><f>IF(A1&gt;5,"besar","kecil")</f><v>besar</v>',
            ),
        ],
    )

    opened = open_workbook(path)
    write_cell(opened["Data"]["A2"], "baris baru")  # the product changes something else
    save(opened, tmp_path / "disimpan.xlsx")
    saved = (tmp_path / "disimpan.xlsx").read_bytes()
    cells = _cells(saved)
    assert cells["B1"] == '<c r="B1"><f>A1*3</f><v>21</v></c>'
    assert cells["B2"] == '<c r="B2" t="str"><f>IF(A1&gt;5,"besar","kecil")</f><v>besar</v></c>'
    assert _calculation(saved) == '<calcPr calcId="191029" fullCalcOnLoad="1"/>'


# -- the product's own formulas, after a fill ------------------------------------------------------------


def _formulas_without_value(path) -> list[str]:
    """Every formula cell of the file that stores no value (no <v>, or an empty one outside text)."""
    missing = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not name.startswith("xl/worksheets/sheet"):
                continue
            for cell in re.finditer(
                r'<c r="([A-Z]+\d+)"([^>]*)>(<f[^>]*>.*?</f>|<f[^>]*/>)(.*?)</c>', archive.read(name).decode()
            ):
                stored = re.fullmatch(r"<v>(.*)</v>|<v/>", cell.group(4))
                if stored is None or (not stored.group(1) and 't="str"' not in cell.group(2)):
                    missing.append(f"{name}!{cell.group(1)}")
    return missing


def _realisation_values(path) -> dict[tuple[object, str], object]:
    """{(satker, header): stored value} of the Realisasi table, and ("Jumlah", header) for the totals above it."""
    sheet = openpyxl.load_workbook(path, data_only=True)[layout.SHEET_REALISATION]
    headers = [cell.value for cell in sheet[layout.TABLE_HEADER_ROW]]
    values = {("Jumlah", header): cell.value for header, cell in zip(headers, sheet[layout.TABLE_HEADER_ROW - 1])}
    for row in sheet.iter_rows(min_row=layout.TABLE_HEADER_ROW + 1, values_only=True):
        if row[0] is not None:
            values.update({(row[0], header): value for header, value in zip(headers, row)})
    return values


def _without_decision_page(book) -> None:
    book.remove(book[layout.SHEET_DECISION])  # its formulas get their values with its redesign (issue 23, item 2)


ROWS = [("Satker Contoh A", 1850, 1720, 1905), ("Satker Contoh B", 12, 9, 15)]  # N 1825 → 317; N 12 → 12 (support.py)


def _realised(book) -> None:
    write_realisation(
        book,
        [name for name, *_ in ROWS],
        {"Satker Contoh A": {("SPKP", "Juli"): 320}, "Satker Contoh B": {("SPAK", "Agustus"): 6}},
    )
    _without_decision_page(book)


def test_a_fill_stores_realisasi_as_it_follows_the_new_targets(tmp_path):
    source = counts_workbook(tmp_path / "satker.xlsx", ROWS, edit=_realised)
    filled = tmp_path / "terisi.xlsx"
    fill(source, filled)
    values = _realisation_values(filled)
    assert values["Satker Contoh A", "Target per Bulan"] == 317 and values["Satker Contoh B", "Target per Bulan"] == 12
    assert values["Satker Contoh A", "% SPKP Juli 2024"] == 320 / 317
    assert values["Satker Contoh B", "% SPAK Agustus 2024"] == 6 / 12
    assert values["Satker Contoh A", "% SPKP Agustus 2024"] is None  # no realisasi: "" (stored as empty text)
    # the chart's columns hold the chosen month's (Juli's) percentage: "" (stored empty) where it is not reported
    assert values["Satker Contoh A", "Grafik SPKP"] == 320 / 317
    assert values["Satker Contoh B", "Grafik SPKP"] == values["Satker Contoh B", "% SPKP Juli 2024"]
    assert values["Jumlah", "Target per Bulan"] == 317 + 12 and values["Jumlah", "% SPKP Juli 2024"] == 320 / 329
    assert _formulas_without_value(filled) == []
    assert _calculation(filled.read_bytes()) == '<calcPr calcId="191029"/>'  # nothing for Excel to recalculate

    # B's counts change (N 30 → 28, support.py): the next fill recomputes Realisasi, whose values the file stored
    edited = open_workbook(filled)
    for column in (2, 3, 4):
        write_cell(edited[layout.SHEET_COUNTS].cell(layout.TABLE_HEADER_ROW + 2, column), 30)
    save(edited, tmp_path / "diubah.xlsx")
    assert _realisation_values(tmp_path / "diubah.xlsx")["Satker Contoh B", "% SPAK Agustus 2024"] == 6 / 12
    fill(tmp_path / "diubah.xlsx", tmp_path / "lagi.xlsx")
    again = _realisation_values(tmp_path / "lagi.xlsx")
    assert (
        again["Satker Contoh B", "Target per Bulan"] == 28 and again["Satker Contoh B", "% SPAK Agustus 2024"] == 6 / 28
    )
    assert again["Jumlah", "Target per Bulan"] == 317 + 28


def test_a_target_typed_over_realisasis_formula_is_what_its_percentages_read(tmp_path):
    def typed(book) -> None:
        _realised(book)
        sheet = book[layout.SHEET_REALISATION]
        write_cell(sheet.cell(layout.TABLE_HEADER_ROW + 1, 2), 400)  # Satker Contoh A's target, typed

    source = counts_workbook(tmp_path / "satker.xlsx", ROWS, edit=typed)
    fill(source, tmp_path / "terisi.xlsx")
    values = _realisation_values(tmp_path / "terisi.xlsx")
    assert (
        values["Satker Contoh A", "Target per Bulan"] == 400
        and values["Satker Contoh A", "% SPKP Juli 2024"] == 320 / 400
    )
    assert values["Jumlah", "Target per Bulan"] == 400 + 12


def test_a_formula_a_user_typed_makes_excel_recalculate_on_load(tmp_path):
    def typed(book) -> None:
        _without_decision_page(book)
        book[layout.SHEET_COUNTS]["G5"] = "=SUM(B5:D5)"  # beside the table, as a clerk adds a check

    source = counts_workbook(tmp_path / "satker.xlsx", ROWS, edit=typed)
    fill(source, tmp_path / "terisi.xlsx")
    assert _calculation((tmp_path / "terisi.xlsx").read_bytes()) == '<calcPr calcId="191029" fullCalcOnLoad="1"/>'
    assert _formulas_without_value(tmp_path / "terisi.xlsx") == [
        "xl/worksheets/sheet3.xml!G5"
    ]  # saved by openpyxl: none


def test_without_lxml_the_writer_writes_the_same_cells(monkeypatch):
    """An office PC has no lxml (openpyxl then writes through its own XML writer): the same cells either way."""
    import xl_addin.package

    book = Workbook()
    write_cell(book.active["A1"], Formula('=IF(1>0,"<ya>","")', "<ya>"))
    write_cell(book.active["A2"], Formula("=1/3", 1 / 3))
    write_cell(book.active["A3"], Formula("=A2*2"))
    quick = _cells(workbook_bytes(book))
    monkeypatch.setattr(xl_addin.package, "LXML", False)
    assert _cells(workbook_bytes(book)) == quick
