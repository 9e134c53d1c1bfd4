"""The charts (xl_addin.charts) as the file holds them and as LibreOffice draws them: every axis visible and
written as Excel writes it, one label per satker in the table's order top-down, series named with the survey
and the month, the height following the number of satker; in the template, a filled 26-satker workbook and
the Kanwil summary.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from opens_clean import schema_findings
from report_support import SATKER, kanwil_workbook, type_realisation
from support import TEMPLATE, libreoffice_convert

from xl_addin import layout
from xl_addin.charts import chart_height
from xl_addin.consolidate import consolidate

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
EMU_PER_CM = 360000


def charts_of(path: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as archive:
        return {
            name: etree.fromstring(archive.read(name))
            for name in archive.namelist()
            if re.fullmatch(r"xl/charts/chart\d+\.xml", name)
        }


def heights_of(path: Path) -> list[float]:
    """Every chart's height in cm, as the drawings anchor them."""
    with zipfile.ZipFile(path) as archive:
        drawings = [
            etree.fromstring(archive.read(n)) for n in archive.namelist() if n.startswith("xl/drawings/drawing")
        ]
    return [round(int(ext.get("cy")) / EMU_PER_CM, 2) for drawing in drawings for ext in drawing.iter(f"{XDR}ext")]


def value(element: etree._Element, path: str) -> str | None:
    found = element.find(path)
    return None if found is None else found.get("val")


def check_axes(chart: etree._Element, where: str) -> None:
    """Every axis as Excel writes a visible one: delete 0, a position, the axis it crosses and where,
    labels next to it, a number format on the value axis."""
    axes = chart.findall(f".//{C}plotArea/{C}catAx") + chart.findall(f".//{C}plotArea/{C}valAx")
    assert len(axes) == 2, where
    ids = {value(axis, f"{C}axId") for axis in axes}
    for axis in axes:
        name = f"{where} {etree.QName(axis).localname}"
        assert value(axis, f"{C}delete") == "0", f"{name}: no <c:delete val=0/>: Excel may hide it"
        assert value(axis, f"{C}axPos") in ("l", "b"), name
        assert value(axis, f"{C}crossAx") in ids - {value(axis, f"{C}axId")}, name
        assert value(axis, f"{C}crosses") in ("autoZero", "max"), name
        assert value(axis, f"{C}tickLblPos") == "nextTo", name
    values_axis = chart.find(f".//{C}valAx")
    assert values_axis.find(f"{C}numFmt").get("sourceLinked") == "0", where


def bar_and_trend(path: Path) -> tuple[etree._Element, etree._Element]:
    kinds = {value(chart, f".//{C}barDir"): chart for chart in charts_of(path).values()}
    assert set(kinds) == {"bar", "col"}, kinds
    return kinds["bar"], kinds["col"]


def check_satker_chart(chart: etree._Element, satker: int, where: str) -> None:
    """One label per satker, top-down, small font; the 100 % line; every series over all the satker."""
    categories, values_axis = chart.find(f".//{C}catAx"), chart.find(f".//{C}valAx")
    assert value(categories, f"{C}scaling/{C}orientation") == "maxMin", f"{where}: not top-down"
    assert value(values_axis, f"{C}crosses") == "max" and value(values_axis, f"{C}axPos") == "b", where
    assert value(categories, f"{C}tickLblSkip") == "1", f"{where}: a label may be skipped"
    size = categories.find(f"{C}txPr/{A}p/{A}pPr/{A}defRPr").get("sz")
    assert int(size) <= 900, f"{where}: labels of {int(size) / 100} pt"
    assert value(values_axis, f"{C}majorUnit") == "1" and values_axis.find(f"{C}majorGridlines") is not None
    assert value(values_axis, f"{C}scaling/{C}min") == "0"
    for series in chart.iter(f"{C}ser"):
        for source in ("cat", "val"):
            reference = series.find(f"{C}{source}//{C}f").text
            first, last = map(int, re.findall(r"\$(\d+)", reference))
            assert last - first + 1 == satker, f"{where}: {reference} is not {satker} satker"
    assert "None" not in etree.tostring(chart, encoding="unicode").replace("noFill", "")


def test_the_template_charts_are_written_as_excel_writes_them(tmp_path):
    bar, trend = bar_and_trend(TEMPLATE)
    for where, chart in (("satker chart", bar), ("trend chart", trend)):
        check_axes(chart, where)
        assert value(chart, f"{C}roundedCorners") == "0"
    satker = 8  # the template's CONTOH rows
    check_satker_chart(bar, satker, "template")
    assert sorted(heights_of(TEMPLATE)) == sorted([8.0, chart_height(satker)])
    # the title and the series names are the cells the month chooser drives
    import openpyxl

    sheet = openpyxl.load_workbook(TEMPLATE)[layout.SHEET_CHART]
    title = bar.find(f"{C}chart/{C}title//{C}f").text
    assert layout.NAME_CHART_MONTH in sheet[title.split("!")[1].replace("$", "")].value
    names = [series.find(f"{C}tx//{C}f").text for series in bar.iter(f"{C}ser")]
    formulas = [sheet[name.split("!")[1].replace("$", "")].value for name in names]
    assert formulas == [f'="{survey} "&{layout.NAME_CHART_MONTH}' for survey in layout.SURVEYS]
    # the trend draws one column per target month, from the live table under it
    months = trend.find(f".//{C}ser/{C}cat//{C}f").text
    first, last = map(int, re.findall(r"\$(\d+)", months))
    assert [sheet.cell(row, 1).value for row in range(first, last + 1)] == [
        layout.dated(month, layout.TARGET_YEAR) for month in layout.DEFAULT_TARGET_MONTHS
    ]


@pytest.fixture(scope="module")
def kanwil(tmp_path_factory):
    """A filled 26-satker workbook, July and August typed, the chart's month August; and its Kanwil summary."""
    folder = tmp_path_factory.mktemp("charts")
    path = kanwil_workbook(folder / "Kanwil_Contoh.xlsm")
    typed = {(offset, survey, month): 20 + 3 * offset for offset in range(26) for survey in layout.SURVEYS
             for month in ("Juli", "Agustus") if (offset + len(month)) % 5}  # fmt: skip
    type_realisation(path, typed, chart_month="Agustus 2024")
    inbox = folder / "kiriman"
    inbox.mkdir()
    (inbox / "satker.xlsm").write_bytes(path.read_bytes())
    summary = folder / "Rekap Kanwil.xlsx"
    consolidate([inbox], summary)
    return path, summary


def test_the_satker_chart_follows_the_table_to_26_satker(kanwil, shared_dir):
    path, _summary = kanwil
    bar, trend = bar_and_trend(path)
    for where, chart in (("satker chart", bar), ("trend chart", trend)):
        check_axes(chart, f"filled {where}")
    check_satker_chart(bar, 26, "filled workbook")
    assert chart_height(26) in heights_of(path) and chart_height(26) > chart_height(8)
    assert not [line for line in schema_findings(path, shared_dir=shared_dir) if "chart" in line or "drawing" in line]


def test_the_kanwil_summary_has_the_same_charts(kanwil, shared_dir):
    _path, summary = kanwil
    bar, trend = bar_and_trend(summary)
    for where, chart in (("satker chart", bar), ("trend chart", trend)):
        check_axes(chart, f"summary {where}")
    check_satker_chart(bar, 26, "summary")
    # across files the month is fixed: the latest reported, named in the title and the series
    assert [series.find(f"{C}tx/{C}v").text for series in bar.iter(f"{C}ser")] == [
        "SPKP Agustus 2024",
        "SPAK Agustus 2024",
    ]
    title = "".join(bar.find(f"{C}chart/{C}title").itertext())
    assert title.endswith("Agustus 2024")
    assert bar.find(f".//{C}ser/{C}cat//{C}f").text.startswith(f"'{layout.SHEET_SUMMARY}'!$B$")
    assert not schema_findings(summary, shared_dir=shared_dir)


def _label_rows(pdf: Path, page: int) -> list[int]:
    """The satker numbers ("Kota Fiktif 7") on a chart page, from the top of the page down."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"], capture_output=True, text=True
    ).stdout
    words = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]*)</word>', html)
    found = []
    for index, (_y, word) in enumerate(words[:-1]):
        if word == "Fiktif" and words[index + 1][1].isdigit():
            found.append((float(words[index + 1][0]), int(words[index + 1][1])))
    return [number for _y, number in sorted(found)]


@pytest.mark.libreoffice
@pytest.mark.parametrize("which", ["workbook", "summary"])
def test_libreoffice_draws_every_satker_top_down_with_the_months_series(kanwil, which, tmp_path, lo_profile):
    path = kanwil[0] if which == "workbook" else kanwil[1]
    pdf = libreoffice_convert(path, tmp_path, "pdf", lo_profile)[0]
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                              text=True).stdout)[1])  # fmt: skip
    texts = {
        n: subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True,
                          text=True).stdout
        for n in range(1, pages + 1)
    }  # fmt: skip
    heading = "Capaian Responden terhadap Target per Satuan Kerja, Agustus 2024"
    [page] = [n for n, text in texts.items() if heading in " ".join(text.split())]
    assert _label_rows(pdf, page) == list(range(1, len(SATKER) + 1)), "a satker unlabelled or out of order"
    flat = " ".join(texts[page].split())
    assert "SPKP Agustus 2024" in flat and "SPAK Agustus 2024" in flat  # the legend names survey and month
    assert "100 %" in flat
