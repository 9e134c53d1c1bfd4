"""Excel formulas (UDFs) through xlwings: =SLOVIN, =KREJCIE, =RESPONDEN_MINIMAL, =METODE_SAMPEL.

The function names are what Excel shows, hence upper case. Docstrings and ``doc=``
texts are what Excel's Insert Function dialog shows (Bahasa Indonesia, at most
255 characters, as xlwings truncates them). Each function takes one cell or a
whole range: a range gives back an array of the same shape, so one formula fills
a column (it spills in Excel 365). A cell never shows a Python traceback: bad
input shows a short message, and a blank cell stays blank.
"""

from __future__ import annotations

from collections.abc import Callable

import xlwings as xw

from . import layout
from .errors import InputError, XlAddinError
from .indonesian import parse_count, parse_fraction_text
from .sampling import (
    DEFAULT_CONFIDENCE,
    DEFAULT_ERROR,
    DEFAULT_MARGIN,
    DEFAULT_PROPORTION,
    DEFAULT_THRESHOLD,
    krejcie_morgan,
    minimum_respondents,
    slovin,
)

__all__ = ["KREJCIE", "METODE_SAMPEL", "RESPONDEN_MINIMAL", "SLOVIN", "UDF_NAMES"]

CATEGORY = "Sampel Survei (xl_addin)"

DOC_N = "Populasi N: jumlah pengguna layanan (bilangan bulat ≥ 0). Satu sel atau satu kolom/rentang."
DOC_E = "e, toleransi galat Slovin (bawaan 0,05)."
DOC_D = "d, derajat ketelitian Krejcie & Morgan (bawaan 0,05)."
DOC_CONFIDENCE = "Tingkat kepercayaan (bawaan 0,95 → χ² = 3,841)."
DOC_P = "P, proporsi populasi (bawaan 0,5)."
DOC_THRESHOLD = "Ambang N: di bawahnya Slovin, mulai ambang Krejcie & Morgan (bawaan 30)."

Grid = list[list[object]]


def _option(value: object, default: float, label: str) -> float:
    """An optional parameter: blank means default; text like '0,05' or '5%' is read the Indonesian way."""
    if value is None or value == "":
        return default
    if isinstance(value, str):
        try:
            return parse_fraction_text(value)
        except ValueError:
            raise InputError(f"{label} is not a number: {value!r}", f"{label} bukan angka: '{value}'") from None
    return value  # type: ignore[return-value]


def _each(populations: Grid, compute: Callable[[int], object]) -> Grid:
    """Apply ``compute`` to every cell of a 2-D range, keeping its shape; blanks stay blank."""

    def one(cell: object) -> object:
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            return ""
        try:
            return compute(parse_count(cell))
        except XlAddinError as error:
            return "#" + error.user_message.replace("jumlah", "N", 1)

    return [[one(cell) for cell in row] for row in populations]


def _guarded(compute: Callable[[], Grid]) -> Grid:
    """An error in a parameter (not in N) fills the whole result with its message."""
    try:
        return compute()
    except XlAddinError as error:
        return [["#" + error.user_message]]


@xw.func(category=CATEGORY)
@xw.arg("n", ndim=2, doc=DOC_N)
@xw.arg("e", doc=DOC_E)
def SLOVIN(n, e=DEFAULT_ERROR):
    """Sampel minimum rumus Slovin: n = N / (1 + N·e²), dibulatkan ke atas."""
    return _guarded(lambda: _each(n, lambda population: slovin(population, _option(e, DEFAULT_ERROR, "e"))))


@xw.func(category=CATEGORY)
@xw.arg("n", ndim=2, doc=DOC_N)
@xw.arg("d", doc=DOC_D)
@xw.arg("kepercayaan", doc=DOC_CONFIDENCE)
@xw.arg("p", doc=DOC_P)
def KREJCIE(n, d=DEFAULT_MARGIN, kepercayaan=DEFAULT_CONFIDENCE, p=DEFAULT_PROPORTION):
    """Sampel Krejcie & Morgan (1970): χ²·N·P(1−P) / (d²(N−1) + χ²·P(1−P)), dibulatkan ke bilangan terdekat seperti tabel aslinya."""
    return _guarded(
        lambda: _each(
            n,
            lambda population: krejcie_morgan(
                population,
                _option(d, DEFAULT_MARGIN, "d"),
                _option(kepercayaan, DEFAULT_CONFIDENCE, "kepercayaan"),
                _option(p, DEFAULT_PROPORTION, "P"),
            ),
        )
    )


def _rule(n: int, ambang, e, d, kepercayaan, p):
    return minimum_respondents(
        n,
        _option(ambang, DEFAULT_THRESHOLD, "ambang"),  # type: ignore[arg-type]
        error=_option(e, DEFAULT_ERROR, "e"),
        margin=_option(d, DEFAULT_MARGIN, "d"),
        confidence=_option(kepercayaan, DEFAULT_CONFIDENCE, "kepercayaan"),
        proportion=_option(p, DEFAULT_PROPORTION, "P"),
    )


@xw.func(category=CATEGORY)
@xw.arg("n", ndim=2, doc=DOC_N)
@xw.arg("ambang", doc=DOC_THRESHOLD)
@xw.arg("e", doc=DOC_E)
@xw.arg("d", doc=DOC_D)
@xw.arg("kepercayaan", doc=DOC_CONFIDENCE)
@xw.arg("p", doc=DOC_P)
def RESPONDEN_MINIMAL(
    n, ambang=DEFAULT_THRESHOLD, e=DEFAULT_ERROR, d=DEFAULT_MARGIN, kepercayaan=DEFAULT_CONFIDENCE, p=DEFAULT_PROPORTION
):
    """Responden minimal per bulan menurut aturan: Slovin bila N di bawah ambang (30), Krejcie & Morgan bila N ≥ ambang."""
    return _guarded(lambda: _each(n, lambda population: _rule(population, ambang, e, d, kepercayaan, p).size))


@xw.func(category=CATEGORY)
@xw.arg("n", ndim=2, doc=DOC_N)
@xw.arg("ambang", doc=DOC_THRESHOLD)
def METODE_SAMPEL(n, ambang=DEFAULT_THRESHOLD):
    """Metode yang dipilih aturan untuk N: "Slovin" (N di bawah ambang) atau "Krejcie & Morgan" (N ≥ ambang)."""
    return _guarded(
        lambda: _each(
            n, lambda population: layout.METHOD_LABELS[_rule(population, ambang, None, None, None, None).method]
        )
    )


UDF_NAMES = ("SLOVIN", "KREJCIE", "RESPONDEN_MINIMAL", "METODE_SAMPEL")
