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
from .layout import UDF_NAMES
from .sampling import (
    DEFAULT_CONFIDENCE,
    DEFAULT_ERROR,
    DEFAULT_KM_ROUNDING,
    DEFAULT_MARGIN,
    DEFAULT_PROPORTION,
    DEFAULT_SLOVIN_ROUNDING,
    DEFAULT_THRESHOLD,
    Rule,
)

__all__ = ["KREJCIE", "METODE_SAMPEL", "RESPONDEN_MINIMAL", "SLOVIN", "UDF_NAMES"]

CATEGORY = "Sampel Survei (xl_addin)"

DOC_N = "Populasi N: jumlah pengguna layanan (bilangan bulat ≥ 0). Satu sel atau satu kolom/rentang."
DOC_E = "e, batas toleransi kesalahan Slovin (bawaan 0,05)."
DOC_D = "d, derajat ketelitian Krejcie & Morgan (bawaan 0,05)."
DOC_CONFIDENCE = "Tingkat kepercayaan (bawaan 0,95 → χ² = 3,841)."
DOC_P = "P, proporsi populasi (bawaan 0,5)."
DOC_THRESHOLD = "Ambang N: di bawahnya Slovin, mulai ambang Krejcie & Morgan (bawaan 30)."
DOC_SLOVIN_ROUNDING = "Pembulatan Slovin: 'ke atas' (bawaan) atau 'terdekat'."
DOC_KM_ROUNDING = "Pembulatan Krejcie & Morgan: 'terdekat' (bawaan, seperti tabel 1970) atau 'ke atas'."
DOC_FLOOR = "Batas minimal responden (boleh kosong): hasil di bawahnya dinaikkan, tetapi tidak melebihi N."

Grid = list[list[object]]


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _option(value: object, default: float, label: str) -> float:
    """An optional parameter: blank means default; text like '0,05' or '5%' is read the Indonesian way."""
    if _blank(value):
        return default
    if isinstance(value, str):
        try:
            return parse_fraction_text(value)
        except ValueError:
            raise InputError(f"{label} is not a number: {value!r}", f"{label} bukan angka: '{value}'") from None
    return value  # type: ignore[return-value]


def _rounding(value: object, default: str) -> str:
    """'ke atas'/'terdekat' as the Pengaturan sheet spells them (or the codes); blank means default."""
    if _blank(value):
        return default
    key = layout.name_key(value)
    for code, label in layout.ROUNDING_LABELS.items():
        if key in (code, label):
            return code
    raise InputError(f"rounding is not known: {value!r}", "Pembulatan harus 'ke atas' atau 'terdekat'")


def _floor(value: object) -> int | None:
    return None if _blank(value) else parse_count(value)


def _each(populations: Grid, compute: Callable[[int], object]) -> Grid:
    """Apply ``compute`` to every cell of a 2-D range, keeping its shape; blanks stay blank."""

    def one(cell: object) -> object:
        if type(cell) is float and cell >= 0 and cell.is_integer() and cell < 1e15:
            return compute(int(cell))  # what Excel sends for a count: no parsing needed
        if _blank(cell):
            return ""
        try:
            return compute(parse_count(cell))
        except XlAddinError as error:
            return "#" + error.user_message.replace("jumlah", "N", 1)

    return [[one(cell) for cell in row] for row in populations]


def _guarded(populations: Grid, compute: Callable[[], Grid]) -> Grid:
    """An error in a parameter (not in N) shows its message in every non-blank cell; the shape stays."""
    try:
        return compute()
    except XlAddinError as error:
        message = "#" + error.user_message
        return [["" if _blank(cell) else message for cell in row] for row in populations]


@xw.func(category=CATEGORY)
@xw.arg("n", ndim=2, doc=DOC_N)
@xw.arg("e", doc=DOC_E)
def SLOVIN(n, e=DEFAULT_ERROR):
    """Sampel minimal rumus Slovin: n = N / (1 + N·e²), dibulatkan ke atas."""

    def compute() -> Grid:
        rule = Rule(error=_option(e, DEFAULT_ERROR, "e"), method="slovin")
        return _each(n, rule.size)

    return _guarded(n, compute)


@xw.func(category=CATEGORY)
@xw.arg("n", ndim=2, doc=DOC_N)
@xw.arg("d", doc=DOC_D)
@xw.arg("kepercayaan", doc=DOC_CONFIDENCE)
@xw.arg("p", doc=DOC_P)
def KREJCIE(n, d=DEFAULT_MARGIN, kepercayaan=DEFAULT_CONFIDENCE, p=DEFAULT_PROPORTION):
    """Sampel Krejcie & Morgan (1970): χ²·N·P(1−P) / (d²(N−1) + χ²·P(1−P)), dibulatkan ke bilangan bulat terdekat seperti tabel aslinya."""

    def compute() -> Grid:
        rule = Rule(
            margin=_option(d, DEFAULT_MARGIN, "d"),
            confidence=_option(kepercayaan, DEFAULT_CONFIDENCE, "kepercayaan"),
            proportion=_option(p, DEFAULT_PROPORTION, "P"),
            method="krejcie_morgan",
        )
        return _each(n, rule.size)

    return _guarded(n, compute)


def _rule(ambang, e=None, d=None, kepercayaan=None, p=None, slovin_rounding=None, km_rounding=None, floor=None) -> Rule:
    """The rule from a formula's parameters, read once for a whole range."""
    return Rule(
        _option(ambang, DEFAULT_THRESHOLD, "ambang"),  # type: ignore[arg-type]
        error=_option(e, DEFAULT_ERROR, "e"),
        margin=_option(d, DEFAULT_MARGIN, "d"),
        confidence=_option(kepercayaan, DEFAULT_CONFIDENCE, "kepercayaan"),
        proportion=_option(p, DEFAULT_PROPORTION, "P"),
        slovin_rounding=_rounding(slovin_rounding, DEFAULT_SLOVIN_ROUNDING),  # type: ignore[arg-type]
        km_rounding=_rounding(km_rounding, DEFAULT_KM_ROUNDING),  # type: ignore[arg-type]
        floor=_floor(floor),
    )


@xw.func(category=CATEGORY)
@xw.arg("n", ndim=2, doc=DOC_N)
@xw.arg("ambang", doc=DOC_THRESHOLD)
@xw.arg("e", doc=DOC_E)
@xw.arg("d", doc=DOC_D)
@xw.arg("kepercayaan", doc=DOC_CONFIDENCE)
@xw.arg("p", doc=DOC_P)
@xw.arg("pembulatan_slovin", doc=DOC_SLOVIN_ROUNDING)
@xw.arg("pembulatan_km", doc=DOC_KM_ROUNDING)
@xw.arg("batas_minimal", doc=DOC_FLOOR)
def RESPONDEN_MINIMAL(
    n,
    ambang=DEFAULT_THRESHOLD,
    e=DEFAULT_ERROR,
    d=DEFAULT_MARGIN,
    kepercayaan=DEFAULT_CONFIDENCE,
    p=DEFAULT_PROPORTION,
    pembulatan_slovin=None,
    pembulatan_km=None,
    batas_minimal=None,
):
    """Responden minimal per bulan menurut aturan: Slovin bila N di bawah ambang (30), Krejcie & Morgan bila N ≥ ambang. Isi pengaturan lain dengan nama selnya, misalnya Ambang_N."""

    def compute() -> Grid:
        rule = _rule(ambang, e, d, kepercayaan, p, pembulatan_slovin, pembulatan_km, batas_minimal)
        return _each(n, rule.size)

    return _guarded(n, compute)


@xw.func(category=CATEGORY)
@xw.arg("n", ndim=2, doc=DOC_N)
@xw.arg("ambang", doc=DOC_THRESHOLD)
def METODE_SAMPEL(n, ambang=DEFAULT_THRESHOLD):
    """Metode yang dipilih aturan untuk N: "Slovin" (N di bawah ambang) atau "Krejcie & Morgan" (N ≥ ambang)."""

    def compute() -> Grid:
        rule = _rule(ambang)
        return _each(n, lambda population: layout.METHOD_LABELS[rule.sample(population).method])

    return _guarded(n, compute)
