"""The charts the head of office reads at a glance, built with openpyxl as Excel writes them.

Two charts, used by the template's *Grafik Realisasi* sheet and by the Kanwil summary:

- ``attainment_chart``: each satker's respondents as a percentage of its target for one month,
  horizontal bars top-down in the table's order, every satker labelled, one series per survey
  named with the survey and the month ("SPKP Agustus 2024"), the month in the title, and the
  100 % line drawn as the value axis' major gridline (major unit 100 %, in red), with light
  gridlines every 25 %. A combined bar and XY chart would draw the line too, but LibreOffice
  drops the XY part, and a reader must see the same chart everywhere.
- ``trend_chart``: how many satker reached the target in each target month, per survey.

Axes are written the way current Excel writes them: ``<c:delete val="0"/>`` on every visible axis
(without it Excel is widely reported to hide openpyxl's axes), the axis position, where each
axis crosses the other, tick marks, label position and a number format. The category axis of
the bar chart runs top-down (orientation maxMin), so the value axis crosses at its maximum to
stay at the bottom. The chart's height follows the number of satker (``chart_height``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.chart import BarChart, Series
from openpyxl.chart.axis import ChartLines, NumericAxis, TextAxis
from openpyxl.chart.data_source import AxDataSource, NumDataSource, NumRef, StrData, StrRef, StrVal
from openpyxl.chart.legend import Legend
from openpyxl.chart.series import SeriesLabel
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.line import LineProperties
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
    RichTextProperties,
)

__all__ = [
    "ATTAINMENT_TITLE",
    "CATEGORY_AXIS",
    "TREND_TITLE",
    "VALUE_AXIS",
    "Label",
    "attainment_chart",
    "chart_height",
    "fit_to_satker",
    "trend_chart",
]

# Axis ids, as Excel numbers them: any two distinct integers, referenced by the chart group and each other.
CATEGORY_AXIS = 50010
VALUE_AXIS = 50020

# Colours a reader tells apart, also in grey print: SPKP dark blue, SPAK orange.
SURVEY_COLOURS = {"SPKP": "2E75B6", "SPAK": "C55A11"}
TARGET_LINE = "C00000"  # the 100 % line
LIGHT_GRID = "D9D9D9"

ATTAINMENT_TITLE = "Capaian Responden terhadap Target per Satuan Kerja"
TREND_TITLE = "Jumlah Satuan Kerja yang Mencapai Target per Bulan"

# Sizes in cm. A satker takes a row of two bars; the fixed part holds the title, the axis and the legend.
WIDTH = 17.0  # a portrait A4 page between 1,27 cm margins is 18,4 cm wide
_FIXED_HEIGHT = 4.2
_PER_SATKER = 0.7
_MIN_HEIGHT = 7.0
MAX_SHARE = 2  # the value axis ends at 200 %
CATEGORY_FONT = 800  # hundredths of a point: 8 pt, small enough for 26 names, readable in print
AXIS_FONT = 900
TITLE_FONT = 1200

# "0%" shows 87 % as "87%"; Excel and LibreOffice both read a space before % as a literal space.
_PERCENT_FORMAT = "0 %"


@dataclass(frozen=True)
class Label:
    """What a title or a series name says: fixed text, or a cell's value (``cell`` like "'Sheet'!$B$4").

    ``text`` is what the cell holds when the chart is written: a reader that does not recalculate
    (a preview, LibreOffice before it links the cell) shows it.
    """

    text: str
    cell: str | None = None


def chart_height(satker: int) -> float:
    """The attainment chart's height in cm for ``satker`` rows: every name gets its line."""
    return max(_MIN_HEIGHT, round(_FIXED_HEIGHT + _PER_SATKER * max(satker, 1), 1))


def _text_properties(size: int, bold: bool = False) -> RichText:
    """The font of an axis' labels or a legend (text properties hold no text run: openpyxl adds an empty
    one by default, which a reload turns into the word "None")."""
    paragraph = Paragraph(
        pPr=ParagraphProperties(defRPr=CharacterProperties(sz=size, b=bold)),
        endParaRPr=CharacterProperties(lang="id-ID"),
    )
    paragraph.r = []
    return RichText(bodyPr=RichTextProperties(), p=[paragraph])


def _string_reference(label: Label) -> StrRef:
    return StrRef(f=label.cell, strCache=StrData(ptCount=1, pt=[StrVal(idx=0, v=label.text)]))


def _title(label: Label, size: int = TITLE_FONT) -> Title:
    if label.cell:
        text = Text(strRef=_string_reference(label))
    else:
        text = Text(
            rich=RichText(
                bodyPr=RichTextProperties(),
                p=[
                    Paragraph(
                        pPr=ParagraphProperties(defRPr=CharacterProperties(sz=size, b=True)),
                        r=[RegularTextRun(rPr=CharacterProperties(lang="id-ID", sz=size, b=True), t=label.text)],
                    )
                ],
            )
        )
    return Title(tx=text, overlay=False, txPr=_text_properties(size, bold=True) if label.cell else None)


def _series(name: Label, values: str, categories: str, colour: str) -> Series:
    series = Series(values)
    series.val = NumDataSource(numRef=NumRef(f=values))  # as given, not as openpyxl re-spells the range
    series.cat = AxDataSource(strRef=StrRef(f=categories))
    series.tx = SeriesLabel(strRef=_string_reference(name)) if name.cell else SeriesLabel(v=name.text)
    series.graphicalProperties = GraphicalProperties(solidFill=colour)
    series.graphicalProperties.line = LineProperties(solidFill=colour)
    series.invertIfNegative = False
    return series


def _line(colour: str, width_pt: float, dash: str | None = None) -> ChartLines:
    line = LineProperties(solidFill=colour, w=int(width_pt * 12700))
    if dash:
        line.prstDash = dash
    return ChartLines(spPr=GraphicalProperties(ln=line))


def _axes(chart: BarChart, *, horizontal_bars: bool) -> tuple[TextAxis, NumericAxis]:
    """The two axes as Excel writes visible ones: delete 0, position, crossing, ticks, labels, number format."""
    categories, values = TextAxis(), NumericAxis()
    categories.axId, values.axId = CATEGORY_AXIS, VALUE_AXIS
    categories.crossAx, values.crossAx = VALUE_AXIS, CATEGORY_AXIS
    categories.delete = values.delete = False
    categories.majorTickMark, categories.minorTickMark = "none", "none"
    values.majorTickMark, values.minorTickMark = "out", "none"
    categories.tickLblPos = values.tickLblPos = "nextTo"
    categories.numFmt = values.numFmt = None
    categories.auto = True
    categories.lblAlgn = "ctr"
    categories.lblOffset = 100
    categories.tickLblSkip = categories.tickMarkSkip = 1  # every satker (every month) labelled
    categories.noMultiLvlLbl = False
    categories.crosses = "autoZero"  # the category axis sits at value 0
    values.crossBetween = "between"
    values.scaling.min = 0
    if horizontal_bars:
        categories.axPos, values.axPos = "l", "b"
        categories.scaling.orientation = "maxMin"  # the table's first satker at the top
        values.crosses = "max"  # at the last category, which maxMin puts at the bottom
    else:
        categories.axPos, values.axPos = "b", "l"
        categories.scaling.orientation = "minMax"
        values.crosses = "autoZero"
    chart.x_axis, chart.y_axis = categories, values
    return categories, values


def _number_format(axis, code: str) -> None:
    from openpyxl.chart.data_source import NumFmt

    axis.numFmt = NumFmt(formatCode=code, sourceLinked=False)


def _frame(chart: BarChart, title: Label) -> None:
    chart.title = _title(title)
    chart.legend = Legend(legendPos="b", overlay=False)
    chart.legend.txPr = _text_properties(AXIS_FONT)
    chart.roundedCorners = False  # absent, Excel draws rounded corners
    chart.display_blanks = "gap"
    chart.visible_cells_only = True
    chart.varyColors = False
    chart.width = WIDTH


def attainment_chart(
    title: Label,
    categories: str,
    series: Sequence[tuple[Label, str]],
    satker: int,
) -> BarChart:
    """Each satker's realisasi as a share of its target in one month: horizontal bars, a 100 % line.

    ``categories``: the satker names' range ("'Realisasi'!$A$5:$A$30"); ``series``: (name, values range)
    per survey, the values being shares of the target (1 = 100 %); ``satker``: how many rows, for the height.
    """
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "clustered"
    chart.gapWidth = 60
    chart.overlap = 0
    for name, values in series:
        chart.series.append(_series(name, values, categories, SURVEY_COLOURS.get(name.text.split()[0], "7F7F7F")))
    _frame(chart, title)
    categories_axis, values_axis = _axes(chart, horizontal_bars=True)
    categories_axis.txPr = _text_properties(CATEGORY_FONT)
    values_axis.txPr = _text_properties(AXIS_FONT)
    _number_format(values_axis, _PERCENT_FORMAT)
    # One major gridline, at 100 %: the target line. The axis stops at 200 %: a bar reaching the right edge
    # is twice the target or more (one satker at 700 % would otherwise squeeze every other bar, and draw
    # a red line at each 100 %).
    values_axis.scaling.max = MAX_SHARE
    values_axis.majorUnit = 1
    values_axis.minorUnit = 0.25
    values_axis.majorGridlines = _line(TARGET_LINE, 1.75)
    values_axis.minorGridlines = _line(LIGHT_GRID, 0.75)
    values_axis.title = _title(Label("Realisasi ÷ target (garis merah = 100 %)"), AXIS_FONT)
    chart.height = chart_height(satker)
    return chart


def trend_chart(title: Label, categories: str, series: Sequence[tuple[Label, str]], satker: int) -> BarChart:
    """How many satker reached the target each month: clustered columns, one series per survey.

    The values are counts; a month with nobody reporting (or still to come) holds an empty text and
    shows no column. ``satker``: how many satker there are, for the axis' unit.
    """
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.gapWidth = 80
    chart.overlap = 0
    for name, values in series:
        chart.series.append(_series(name, values, categories, SURVEY_COLOURS.get(name.text.split()[0], "7F7F7F")))
    _frame(chart, title)
    categories_axis, values_axis = _axes(chart, horizontal_bars=False)
    categories_axis.txPr = _text_properties(AXIS_FONT)
    values_axis.txPr = _text_properties(AXIS_FONT)
    _number_format(values_axis, "0")
    values_axis.majorUnit = count_unit(satker)
    values_axis.majorGridlines = _line(LIGHT_GRID, 0.75)
    values_axis.title = _title(Label("Jumlah satuan kerja"), AXIS_FONT)
    chart.height = 8.0
    return chart


def tidy(chart) -> None:
    """Undo what openpyxl's reading does to a chart, before it is written again (every fill reads and writes).

    Its reader drops ``roundedCorners`` (absent, Excel rounds the corners) and gives each paragraph of
    text properties an empty run, which the next reading turns into the word "None".
    """
    chart.roundedCorners = chart.roundedCorners or False
    for part in (chart, *getattr(chart, "_charts", ())):
        for holder in (getattr(part, "x_axis", None), getattr(part, "y_axis", None), part.legend, part.title):
            for title in (holder, getattr(holder, "title", None)):
                properties = getattr(title, "txPr", None)
                for paragraph in getattr(properties, "p", None) or ():
                    paragraph.r = [run for run in paragraph.r or () if run.t not in (None, "", "None")]


def count_unit(satker: int) -> int:
    """A round step (1, 2, 5, 10, 20, …) for an axis counting up to ``satker``: at most ten gridlines, never
    half a satker."""
    step = 1
    while math.ceil(max(satker, 1) / step) > 10:
        step = step * 5 // 2 if str(step).startswith("2") else step * 2
    return step


def fit_to_satker(charts: Sequence[BarChart], satker: int) -> None:
    """After a table grew or shrank: the attainment chart's height and the trend chart's step follow it.

    Works on charts as openpyxl reads them back from a file (their anchor holds the size).
    """
    for chart in charts:
        if chart.type == "bar":
            height = chart_height(satker)
            chart.height = height
            extent = getattr(getattr(chart, "anchor", None), "ext", None)
            if extent is not None:
                extent.height = int(height * 360000)  # cm to EMU
        elif chart.type == "col" and getattr(chart.y_axis, "majorUnit", None):
            chart.y_axis.majorUnit = count_unit(satker)
