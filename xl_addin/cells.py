"""What the adapters write into cells, decided once for all of them.

Pure Python, no Excel objects. Both fill paths (the openpyxl file and the xlwings
ribbon) take from here the targets block, the native check formula, and the decisions
about resizing a table (which rows to write and clear, whether it may grow), so the
two paths cannot disagree.

Cell values have three kinds: numbers, text and formulas. Only a ``Formula`` (built by
this package) is ever written as a formula; every other string is text, whatever it
starts with. Each adapter has exactly one cell writer that honours that.
"""

from __future__ import annotations

import datetime
import decimal
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from . import layout
from .errors import LayoutError, table_blocked
from .period import Period
from .plan import CellError, ExampleNotice, is_example
from .realisation import count_columns

__all__ = [
    "UNKNOWN",
    "DecisionPage",
    "DocumentLine",
    "Formula",
    "RealisationFormulas",
    "RealisationUpdate",
    "TableResize",
    "calculator_cells",
    "calculator_formulas",
    "check_value",
    "column_letter",
    "decision_document",
    "decision_headers",
    "decision_not_updated",
    "decision_target_letters",
    "excel_check_formula",
    "excel_could_misread",
    "excel_round",
    "km_table_formula",
    "lookup_in_column",
    "realisation_not_updated",
    "realisation_row_formulas",
    "subtotal_sum",
    "target_letters",
    "target_table",
]


class Formula(str):
    """A formula this package built (it starts with "="); any other ``str`` is written as text.

    ``value`` is what Excel computes for it, when this package knows it: stored beside the formula,
    it is what a reader that never recalculates shows (a preview, Protected View, a phone).
    """

    value: object

    def __new__(cls, text: str, value: object = None) -> Formula:
        if not text.startswith("="):
            raise ValueError(f"a formula starts with '=': {text!r}")
        formula = super().__new__(cls, text)
        formula.value = value
        return formula


# -- what Excel computes for these formulas --------------------------------------------------------------
#
# The values are computed where each formula is built, from the cell values it reads, following what
# Excel does with them; LibreOffice's recalculation checks them (tests/opens_clean.py, stored values).
# Anything Excel would read differently by the reader's regional settings (a number typed as text, a
# fraction joined to a text) is UNKNOWN: the formula is stored without a value and Excel computes it.


class _Unknown:
    """A value this package cannot tell (a cell with a formula it does not know, text Excel would read
    by the reader's regional settings): the formulas reading it store no value."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()


def _stored(value: object) -> object:
    """What a ``Formula`` carries: the value, or None when it is unknown."""
    return None if value is UNKNOWN else value


def excel_round(number: float, digits: int) -> float:
    """ROUND(number, digits) as Excel rounds: halves away from zero, on the 15 significant digits Excel keeps
    (so ROUND(2.675, 2) is 2.68, where the double itself is a little below 2.675)."""
    with localcontext() as context:
        context.prec = 60
        value = Decimal(format(number, ".15g")).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return float(value)


_WHOLE_TEXT = re.compile(r"\s*[+-]?\d+\s*")


def _arithmetic(value: object) -> object:
    """A cell value as Excel's arithmetic reads it: a number, an error, or UNKNOWN."""
    kind = type(value)
    if kind is int or kind is float:
        return value
    if value is None:
        return 0
    if kind is bool:
        return int(value)
    if isinstance(value, CellError):
        return value
    if isinstance(value, str):
        if _WHOLE_TEXT.fullmatch(value):
            return int(value)
        # text with a digit might read as a number by the reader's regional settings ("1.234", "5%")
        return UNKNOWN if any(character.isdigit() for character in value) else CellError("#VALUE!")
    return UNKNOWN  # a date, or UNKNOWN itself


def _joined_text(value: object) -> object:
    """A cell value as Excel's & joins it: text, an error, or UNKNOWN (a fraction or a logical value reads
    by the regional settings: 0,05 or 0.05, BENAR or TRUE)."""
    if isinstance(value, CellError):
        return value
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    # from 16 digits on Excel joins a number in scientific notation ("1E+15")
    if (type(value) is int or (type(value) is float and value.is_integer())) and abs(value) < 1e15:
        return str(int(value))
    return UNKNOWN


def _share(count: object, target: object) -> object:
    """IF(count="","",IFERROR(count/target,"")): a month's realisasi as a fraction of the target."""
    if count is UNKNOWN or isinstance(count, CellError):
        return count  # an error in IF's condition is the result
    if count is None or count == "":
        return ""
    numerator, denominator = _arithmetic(count), _arithmetic(target)
    if numerator is UNKNOWN or denominator is UNKNOWN:
        return UNKNOWN
    if isinstance(numerator, CellError) or isinstance(denominator, CellError) or denominator == 0:
        return ""
    return numerator / denominator


def _total_share(total: object, target: object) -> object:
    """IF(total=0,"",IFERROR(total/target,"")): a month's total as a fraction of the targets' total."""
    if total is UNKNOWN or isinstance(total, CellError):
        return total
    if total == 0:
        return ""
    if target is UNKNOWN:
        return UNKNOWN
    if isinstance(target, CellError) or target == 0:
        return ""
    return total / target


def subtotal_sum(values: Sequence[object]) -> object:
    """SUBTOTAL(109, …) of the visible rows' ``values``: their numbers added (text and logical values are
    left out, as SUBTOTAL leaves them), the first error, or UNKNOWN."""
    total: int | float = 0
    for value in values:
        kind = type(value)
        if kind is int or kind is float:
            total += value
        elif value is UNKNOWN or isinstance(value, CellError):
            return value
    return total


class _Matcher:
    """MATCH(lookup, candidates, 0), for many lookups in the same cells: a text matches text case-insensitively
    (with * ? and ~ as wildcards, as Excel reads them), a number an equal number, a logical value its own."""

    def __init__(self, candidates: Sequence[object]) -> None:
        self._candidates = list(candidates)
        self._first: dict[tuple[str, object], int] = {}
        self._unknown: int | None = None  # the first candidate whose value is unknown
        for position, value in enumerate(self._candidates, start=1):
            key = self._key(value)
            if value is UNKNOWN:
                self._unknown = self._unknown or position
            elif key is not None:
                self._first.setdefault(key, position)

    @staticmethod
    def _key(value: object) -> tuple[str, object] | None:
        if isinstance(value, CellError):
            return None
        if isinstance(value, str):
            return "text", value.casefold()
        if type(value) is bool:
            return "logical", value
        if type(value) in (int, float):
            return "number", float(value)
        return None

    def find(self, lookup: object) -> int | _Unknown | None:
        """The first matching position (1-based), None when there is none (#N/A), or UNKNOWN."""
        if lookup is UNKNOWN:
            return UNKNOWN
        if lookup is None or isinstance(lookup, CellError):
            return None
        if isinstance(lookup, str):
            if len(lookup) > 255:  # Excel's limit for a lookup text: #VALUE!
                return None
            if any(character in lookup for character in "*?~"):
                return self._wildcard(lookup)
        key = self._key(lookup)
        position = None if key is None else self._first.get(key)
        if self._unknown is not None and (position is None or self._unknown < position):
            return UNKNOWN
        return position

    def _wildcard(self, lookup: str) -> int | _Unknown | None:
        pattern = re.compile(
            "".join(
                re.escape(part[1])
                if part.startswith("~") and len(part) == 2
                else ".*"
                if part == "*"
                else "."
                if part == "?"
                else re.escape(part)
                for part in re.findall(r"~[*?~]|[*?]|[^*?~]+|~", lookup)
            ),
            re.IGNORECASE | re.DOTALL,
        )
        for position, value in enumerate(self._candidates, start=1):
            if value is UNKNOWN:
                return UNKNOWN
            if isinstance(value, str) and pattern.fullmatch(value):
                return position
        return None


def lookup_in_column(names: Sequence[object], values: Sequence[object]) -> _LookupColumn:
    """INDEX(values column, MATCH(name, names column, 0)) for many names: ``names`` and ``values`` hold
    the two whole columns from row 1, as cell values."""
    return _LookupColumn(names, values)


class _LookupColumn:
    def __init__(self, names: Sequence[object], values: Sequence[object]) -> None:
        self._matcher = _Matcher(names)
        self._values = values

    def __call__(self, name: object) -> object:
        """What IFERROR(INDEX(…, MATCH(name, …, 0)), "") gives: the value found (an empty cell is 0), or ""."""
        position = self._matcher.find(name)
        if position is UNKNOWN:
            return UNKNOWN
        if position is None:
            return ""
        value = self._values[position - 1] if position <= len(self._values) else None
        if value is UNKNOWN:
            return UNKNOWN
        return "" if isinstance(value, CellError) else 0 if value is None else value


# Excel turns a typed or pasted text starting with these into a formula (CWE-1236), and
# drops a leading apostrophe, so such text needs Excel's text marker to stay as it is.
_FORMULA_STARTS = ("=", "+", "-", "@", "'")
# What Excel (English or Indonesian) turns into a logical value.
_LOGICAL_VALUES = ("TRUE", "FALSE", "BENAR", "SALAH")


def excel_could_misread(text: str) -> bool:
    """Whether Excel would turn ``text`` into something else when it is entered or edited.

    A formula start ("=", "+", "-", "@"), a leading apostrophe, or text that reads as a
    number, a percentage or an error value.
    """
    if text[:1].isalpha():  # most text (names, notes): a letter first, so only a logical value can be misread
        stripped = text.rstrip()
        return len(stripped) <= 5 and stripped.upper() in _LOGICAL_VALUES
    return _misread_in_general(text)


def _misread_in_general(text: str) -> bool:
    stripped = text.strip()
    if not stripped:
        return False
    if stripped.startswith(_FORMULA_STARTS) or text.startswith(_FORMULA_STARTS) or stripped.startswith("#"):
        return True
    candidate = stripped.rstrip("%").replace(".", "").replace(",", "").replace(" ", "")
    return candidate.isdigit() or stripped.upper() in _LOGICAL_VALUES


def column_letter(index: int) -> str:
    """1 → A, 27 → AA (pure, so the core needs no openpyxl)."""
    if index < 1:  # there is no column 0; a negative index would never end the loop below
        raise ValueError(f"column numbers start at 1, got {index}")
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def excel_check_formula(
    row: int, population_column: str, settings, use_names: bool, population: object = UNKNOWN
) -> Formula:
    """A native Excel formula that recomputes the target from the N cell of ``row`` (holding ``population``).

    It lets anyone without Python check a target, and LibreOffice recomputes it in
    the tests. With ``use_names`` it reads the Pengaturan cells by their defined
    names (``settings`` are what they hold), so it also shows when settings changed
    after the targets were filled. CHIINV (not CHISQ.INV) because it needs no _xlfn
    prefix and every Excel has it.
    """
    text = _check_formula_text(population_column, settings, use_names).replace(_ROW_MARK, str(row))
    return Formula(text, _stored(check_value(population, settings)))


def check_value(population: object, settings) -> object:
    """What the check formula gives for an N cell holding ``population``: the rule's target, "" when N is no
    number, UNKNOWN when it is a number the rule does not take (negative, fractional)."""
    if population is UNKNOWN:
        return UNKNOWN
    if type(population) not in (int, float):  # ISNUMBER: text, logical values, errors and blanks are not
        return ""
    if population < 0 or not float(population).is_integer():
        return UNKNOWN
    return settings.size(int(population)).size


# Stands for the row number in a check formula's text, built once per table: nothing else in it is a NUL.
_ROW_MARK = "\0"


def _check_formula_text(population_column: str, settings, use_names: bool) -> str:
    values = settings.as_cells()

    def name(field_name: str) -> str:
        setting = layout.SETTINGS_BY_FIELD[field_name]
        if use_names:
            return setting.defined_name
        value = values[setting.defined_name]
        return f'"{value}"' if isinstance(value, str) else repr(value)

    n = f"{population_column}{_ROW_MARK}"
    chi2 = f"ROUND(CHIINV(1-{name('km_confidence')},1),3)"
    pq = f"{name('km_proportion')}*(1-{name('km_proportion')})"
    km = f"{chi2}*{n}*{pq}/({name('km_margin')}^2*({n}-1)+{chi2}*{pq})"
    slv = f"{n}/(1+{n}*{name('slovin_error')}^2)"
    up = layout.ROUNDING_LABELS["up"]

    def rounded(value: str, rounding_field: str) -> str:
        # ROUND(…,9) first, as sampling.round_size does, so float noise never adds one.
        return f'IF({name(rounding_field)}="{up}",ROUNDUP(ROUND({value},9),0),ROUND({value},0))'

    computed = f"IF({n}<{name('threshold')},{rounded(slv, 'slovin_rounding')},{rounded(km, 'km_rounding')})"
    # The floor (Batas_Minimal) raises a smaller result to it, never above N; an empty floor cell means none.
    if use_names:
        floor = layout.SETTINGS_BY_FIELD["floor"].defined_name
        computed = f"IF(ISNUMBER({floor}),MAX({floor},{computed}),{computed})"
    elif settings.floor is not None:
        computed = f"MAX({settings.floor},{computed})"
    return f'=IF(ISNUMBER({n}),MIN({n},{computed}),"")'


def target_table(
    targets: Sequence, headers: Sequence[object], first_row: int, settings, use_names: bool
) -> list[list[object]]:
    """The targets as rows of cell values, in the order of ``headers`` (the table's own columns).

    Both adapters write exactly this block; a header this project does not know gets
    None, so a column a user added stays blank rather than shifting.
    """
    population_letter = column_letter(layout.column_index(headers, layout.COLUMN_POPULATION, layout.TABLE_TARGETS) + 1)
    check = _check_formula_text(population_letter, settings, use_names)  # the same formula on every row but its N
    columns: list[str | None] = []
    block = []
    for row, target in enumerate(targets, start=first_row):
        values = {
            layout.COLUMN_SATKER: target.satker,
            layout.COLUMN_POPULATION: target.population,
            layout.COLUMN_METHOD: layout.METHOD_LABELS.get(target.method or ""),
            layout.COLUMN_TARGET: target.target,
            layout.COLUMN_NOTE: target.note or None,
            layout.COLUMN_FORMULA: target.formula or None,
            layout.COLUMN_SLOVIN: target.slovin_size,
            layout.COLUMN_KREJCIE: target.km_size,
            # its value: the target, which the check recomputes from N and the named settings the fill read
            layout.COLUMN_EXCEL_CHECK: Formula(check.replace(_ROW_MARK, str(row)), target.target)
            if target.ok
            else None,
            layout.COLUMN_OLD_TARGET: target.old_target,
            layout.COLUMN_CHANGE: target.change,
        }
        if not columns:  # matched once: per header, the column of ours it is (None for one a user added)
            known = {layout.name_key(column): column for column in values}
            columns = [known.get(layout.name_key(header)) for header in headers]
        block.append([None if column is None else values[column] for column in columns])
    return block


# -- the sheets of native formulas: Kalkulator and the Krejcie & Morgan table ------------------------------

CALCULATOR_FIRST_INPUT = 5  # row of N on the Kalkulator sheet; the other inputs follow, then the results
CALCULATOR_INPUT_NAMES = ("N", "threshold", "e", "d", "confidence", "P", "slovin_rounding", "km_rounding", "floor")
CALCULATOR_RESULT_NAMES = (
    "chi2",
    "slovin_value",
    "slovin_size",
    "km_value",
    "km_size",
    "method",
    "computed",
    "target",
    "formula",
)


def calculator_cells() -> dict[str, str]:
    """{what: cell} of the calculator: inputs by their kind's position, results by name (for tests and docs)."""
    cells = {name: f"B{CALCULATOR_FIRST_INPUT + index}" for index, name in enumerate(CALCULATOR_INPUT_NAMES)}
    first_result = CALCULATOR_FIRST_INPUT + len(CALCULATOR_INPUT_NAMES) + 2
    cells.update({name: f"B{first_result + index}" for index, name in enumerate(CALCULATOR_RESULT_NAMES)})
    return cells


def calculator_formulas(inputs: Mapping[str, object] | None = None) -> dict[str, Formula]:
    """The Kalkulator's results as native formulas, by name; with ``inputs`` (its input cells' values, by
    name) each carries the value Excel computes, its texts written as an Excel set up for Indonesia writes
    FIXED ("0,05", "1.234,568")."""
    at = calculator_cells()
    n, e, d, p = at["N"], at["e"], at["d"], at["P"]
    chi2, threshold, floor = at["chi2"], at["threshold"], at["floor"]
    up = layout.ROUNDING_LABELS["up"]

    def rounded(value: str, rounding: str) -> str:
        return f'MIN({n},IF({rounding}="{up}",ROUNDUP(ROUND({value},9),0),ROUND({value},0)))'

    texts = {
        "chi2": f"=ROUND(CHIINV(1-{at['confidence']},1),3)",
        "slovin_value": f"={n}/(1+{n}*{e}^2)",
        "slovin_size": f"={rounded(at['slovin_value'], at['slovin_rounding'])}",
        "km_value": f"=IF({n}=0,0,{chi2}*{n}*{p}*(1-{p})/({d}^2*({n}-1)+{chi2}*{p}*(1-{p})))",
        "km_size": f"={rounded(at['km_value'], at['km_rounding'])}",
        "method": f'=IF({n}<{threshold},"Slovin","Krejcie & Morgan")',
        "computed": f"=IF({n}<{threshold},{at['slovin_size']},{at['km_size']})",
        "target": f"=IF(ISNUMBER({floor}),MIN({n},MAX({floor},{at['computed']})),{at['computed']})",
        "formula": (
            f'=IF({n}<{threshold},"n = "&FIXED({n},0)&" / (1 + "&FIXED({n},0)&" × "&FIXED({e},2)&"²) = "'
            f'&FIXED({at["slovin_value"]},3),"s = "&FIXED({chi2},3)&" × "&FIXED({n},0)&" × "&FIXED({p},2)&" × "'
            f'&FIXED(1-{p},2)&" / ("&FIXED({d},2)&"² × ("&FIXED({n},0)&" − 1) + "&FIXED({chi2},3)&" × "'
            f'&FIXED({p},2)&" × "&FIXED(1-{p},2)&") = "&FIXED({at["km_value"]},3))'
        ),
    }
    values = _calculator_values(inputs) if inputs is not None else {}
    return {name: Formula(text, _stored(values.get(name, UNKNOWN))) for name, text in texts.items()}


def _calculator_values(inputs: Mapping[str, object]) -> dict[str, object]:
    """The Kalkulator's results for its inputs, as its formulas compute them; {} when an input is one they
    would not compute with (text, a confidence outside 0–1, a division by zero)."""
    if any(value is UNKNOWN for value in inputs.values()):
        return {}
    numbers = {}
    for name in ("N", "threshold", "e", "d", "confidence", "P"):
        value = inputs.get(name)
        if type(value) not in (int, float):
            return {}
        numbers[name] = value
    n, e, d, p, threshold = (numbers[name] for name in ("N", "e", "d", "P", "threshold"))
    confidence = numbers["confidence"]
    if not 0 < confidence < 1 or 1 + n * e**2 == 0:
        return {}
    from statistics import NormalDist  # CHIINV(α, 1) is the square of the normal quantile at 1 − α/2

    chi2 = excel_round(NormalDist().inv_cdf(1 - (1 - confidence) / 2) ** 2, 3)
    slovin_value = n / (1 + n * e**2)
    km_denominator = d**2 * (n - 1) + chi2 * p * (1 - p)
    if n != 0 and km_denominator == 0:
        return {}
    km_value = 0 if n == 0 else chi2 * n * p * (1 - p) / km_denominator

    def rounded(value: float, rounding: object) -> float:
        up = isinstance(rounding, str) and rounding.casefold() == layout.ROUNDING_LABELS["up"].casefold()
        guarded = excel_round(value, 9)
        result = (math.ceil(guarded) if guarded >= 0 else math.floor(guarded)) if up else excel_round(value, 0)
        return min(n, result)

    slovin_size = rounded(slovin_value, inputs.get("slovin_rounding"))
    km_size = rounded(km_value, inputs.get("km_rounding"))
    slovin = n < threshold
    computed = slovin_size if slovin else km_size
    floor = inputs.get("floor")
    target = min(n, max(floor, computed)) if type(floor) in (int, float) else computed
    if slovin:
        formula = f"n = {_fixed(n, 0)} / (1 + {_fixed(n, 0)} × {_fixed(e, 2)}²) = {_fixed(slovin_value, 3)}"
    else:
        formula = (
            f"s = {_fixed(chi2, 3)} × {_fixed(n, 0)} × {_fixed(p, 2)} × {_fixed(1 - p, 2)} / ({_fixed(d, 2)}² × "
            f"({_fixed(n, 0)} − 1) + {_fixed(chi2, 3)} × {_fixed(p, 2)} × {_fixed(1 - p, 2)}) = {_fixed(km_value, 3)}"
        )
    return {
        "chi2": chi2,
        "slovin_value": slovin_value,
        "slovin_size": slovin_size,
        "km_value": km_value,
        "km_size": km_size,
        "method": "Slovin" if slovin else "Krejcie & Morgan",
        "computed": computed,
        "target": target,
        "formula": formula,
    }


# Indonesian regional settings: the dot groups thousands, the comma marks decimals.
_INDONESIAN_MARKS = str.maketrans(",.", ".,")


def _fixed(number: float, decimals: int) -> str:
    """FIXED(number, decimals) as an Excel set up for Indonesia shows it: rounded as ROUND rounds, every
    decimal written, thousands grouped ("1.234,568", "0,05")."""
    with localcontext() as context:
        context.prec = 60
        value = Decimal(format(number, ".15g")).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{value:,.{decimals}f}".translate(_INDONESIAN_MARKS)


def km_table_formula(row: int, population: object = UNKNOWN, column: str = "A") -> Formula:
    """The Krejcie & Morgan table's formula for the N in ``column`` of ``row`` (holding ``population``)."""
    n = f"{column}{row}"
    text = f"=ROUND(3.841*{n}*0.5*(1-0.5)/(0.05^2*({n}-1)+3.841*0.5*(1-0.5)),0)"
    number = _arithmetic(population)
    if type(number) not in (int, float):
        return Formula(text, None)
    denominator = 0.05**2 * (number - 1) + 3.841 * 0.5 * (1 - 0.5)
    if denominator == 0:
        return Formula(text, None)
    return Formula(text, excel_round(3.841 * number * 0.5 * (1 - 0.5) / denominator, 0))


@dataclass(frozen=True)
class TableResize:
    """How a table's body changes when it is rewritten with ``rows`` rows (1-based rows and columns).

    The body becomes rows ``first_row``..``new_last_row``; rows below that which were in
    the old body are cleared. A table keeps at least one body row, as Excel requires.
    """

    table: str
    sheet: str
    header_row: int
    first_column: int
    width: int
    old_last_row: int
    new_last_row: int

    @classmethod
    def plan(
        cls, table: str, sheet: str, header_row: int, first_column: int, width: int, old_last_row: int, rows: int
    ) -> TableResize:
        return cls(table, sheet, header_row, first_column, width, old_last_row, header_row + max(rows, 1))

    @property
    def first_row(self) -> int:
        return self.header_row + 1

    @property
    def last_column(self) -> int:
        return self.first_column + self.width - 1

    @property
    def rows_written(self) -> range:
        """Every row the write touches: the new body and the old rows it clears."""
        return range(self.first_row, max(self.old_last_row, self.new_last_row) + 1)

    @property
    def new_rows(self) -> range:
        """Rows that join the table (empty when it does not grow)."""
        return range(self.old_last_row + 1, self.new_last_row + 1)

    @property
    def ref(self) -> str:
        """The table's new range, e.g. A4:I12."""
        return (
            f"{column_letter(self.first_column)}{self.header_row}:{column_letter(self.last_column)}{self.new_last_row}"
        )

    def check_growth(self, below: Sequence[Sequence[object]]) -> None:
        """Refuse to grow over anything: ``below`` holds the cells of ``new_rows`` (table columns only)."""
        for offset, row in enumerate(below):
            for column_offset, value in enumerate(row):
                if value not in (None, ""):
                    address = f"{column_letter(self.first_column + column_offset)}{self.new_rows.start + offset}"
                    raise table_blocked(self.table, self.sheet, address)

    def check_merged(self, merged: Sequence[tuple[int, int, int, int]]) -> None:
        """Refuse to write across merged cells: ``merged`` are (min_col, min_row, max_col, max_row) bounds."""
        rows = self.rows_written
        for min_col, min_row, max_col, max_row in merged:
            if (
                min_row <= rows[-1]
                and max_row >= rows[0]
                and min_col <= self.last_column
                and max_col >= self.first_column
            ):
                address = f"{column_letter(min_col)}{min_row}:{column_letter(max_col)}{max_row}"
                raise LayoutError(
                    f"merged cells {address} on sheet {self.sheet!r} overlap table {self.table}",
                    f"Sel gabungan (merge) {address} di sheet '{self.sheet}' bertumpang tindih dengan tabel "
                    f"{self.table}. Batalkan penggabungan (Beranda → Gabungkan & Tengahkan), lalu ulangi. "
                    "Tidak ada yang diubah.",
                )

    def padded(self, block: list[list[object]]) -> list[list[object]]:
        """``block`` followed by blank rows that clear the old rows below the new body."""
        return block + [[None] * self.width for _ in range(len(self.rows_written) - len(block))]


# -- the Realisasi table follows the satker of Pengguna Layanan ---------------------------------------

GONE_NOTE = "Satker ini tidak ada lagi di Pengguna Layanan; hapus barisnya bila memang tidak digunakan."
TOTALS_ROW_NOTICE = (
    f"Perhatian: tabel {layout.TABLE_REALISATION} menggunakan Baris Total (templat versi lama), sehingga baris untuk "
    "satker baru tidak ditambahkan otomatis. Tambahkan barisnya sendiri atau gunakan templat baru."
)


def _count_key(percent_header: object) -> str | None:
    """The key of the count column a percentage column divides ("% SPKP Juli 2024" → "spkp juli 2024")."""
    text = str(percent_header or "")
    if not text.startswith(layout.PERCENT_PREFIX):
        return None
    return layout.header_key(text[len(layout.PERCENT_PREFIX) :])


class RealisationFormulas:
    """The formulas of one Realisasi table, for its headers and target months, with their values when asked.

    Each row: its target looked up by name in whole columns of the Target Responden sheet (so it holds
    however many satker there are), a percentage per month, and the month chosen for the chart (the named
    cell on the chart sheet) per survey. The totals sit above the table's header. ``targets``: the letters of
    the targets table's satker and target columns where that table has them (``target_letters``), as the
    decision page reads them; None: where the template puts them.
    """

    def __init__(
        self,
        headers: Sequence[object],
        period: Period,
        first_column: int = 1,
        targets: Mapping[str, str] | None = None,
    ) -> None:
        self._index = {layout.header_key(h): index for index, h in enumerate(headers, start=first_column)}
        self._headers = {index: header for index, header in enumerate(headers, start=first_column)}
        self.target_key = layout.header_key(layout.COLUMN_TARGET)
        # per survey: the count columns of the period's months this table has (found by survey, month and year);
        # the chart's formula reads the percentages from the first to the last of them
        found = count_columns(headers, period)
        self.surveys: dict[str, list[str]] = {}
        for survey in layout.SURVEYS:
            columns = [str(headers[found[survey, month]]) for month in period if (survey, month) in found]
            if columns:
                self.surveys[survey] = columns
        # The texts, built once: every row's are the same but for the row number.
        targets = targets or target_letters(layout.TARGET_HEADERS, 1)
        target, name = targets[layout.COLUMN_TARGET], targets[layout.COLUMN_SATKER]
        sheet = f"'{layout.SHEET_TARGETS}'!"
        row = _ROW_MARK
        self._target_text = (
            f"=IFERROR(INDEX({sheet}${target}:${target},MATCH(${self.at(layout.COLUMN_SATKER)}{row},"
            f'{sheet}${name}:${name},0)),"")'
        )
        own_target = f"${self.at(layout.COLUMN_TARGET)}{row}"
        self._shares = [  # (header, its count's key, text)
            (
                layout.PERCENT_PREFIX + header,
                layout.header_key(header),
                f'=IF({self.at(header)}{row}="","",IFERROR({self.at(header)}{row}/{own_target},""))',
            )
            for header in self.count_headers
        ]
        # The chart shows the chosen month's percentage: "" (no bar, not 0) when the month is not reported.
        self._charts = []  # (header, survey, text, the count keys of the percentages it reads, their headers)
        header_row = layout.TABLE_HEADER_ROW
        for survey, columns in self.surveys.items():
            shares = [
                layout.PERCENT_PREFIX + c
                for c in columns
                if layout.header_key(layout.PERCENT_PREFIX + c) in self._index
            ]
            if not shares:
                continue
            first, last = self.at(shares[0]), self.at(shares[-1])
            ends = [self._index[layout.header_key(shares[i])] for i in (0, -1)]
            block = [self._headers[index] for index in range(min(ends), max(ends) + 1)]
            self._charts.append(
                (
                    layout.CHART_PREFIX + survey,
                    survey,
                    f'=IFERROR(INDEX({first}{row}:{last}{row},MATCH("{layout.PERCENT_PREFIX}{survey} "&'
                    f'{layout.NAME_CHART_MONTH},${first}${header_row}:${last}${header_row},0)),"")',
                    [_count_key(header) for header in block],
                    _Matcher(block),
                )
            )

    def at(self, header: str) -> str:
        return column_letter(self._index[layout.header_key(header)])

    @property
    def count_headers(self) -> list[str]:
        return [header for columns in self.surveys.values() for header in columns]

    def row(
        self, row: int, cells: Mapping[str, object] | None = None, chart_month: object = UNKNOWN
    ) -> dict[str, Formula]:
        """The row's formulas by header; with ``cells`` (the row's values by ``layout.header_key``, the target
        column holding what its formula finds) and the chart's month, each carries the value Excel computes."""
        number = str(row)
        if cells is None:
            formulas = {layout.COLUMN_TARGET: Formula(self._target_text.replace(_ROW_MARK, number))}
            for header, _key, text in self._shares:
                formulas[header] = Formula(text.replace(_ROW_MARK, number))
            for header, _survey, text, _keys, _matcher in self._charts:
                formulas[header] = Formula(text.replace(_ROW_MARK, number))
            return formulas
        found = cells.get(self.target_key, UNKNOWN)
        formulas = {layout.COLUMN_TARGET: Formula(self._target_text.replace(_ROW_MARK, number), _stored(found))}
        for header, key, text in self._shares:
            formulas[header] = Formula(text.replace(_ROW_MARK, number), _stored(_share(cells.get(key), found)))
        month = _joined_text(chart_month)
        for header, survey, text, keys, matcher in self._charts:
            value = self._chart(survey, keys, matcher, cells, month)
            formulas[header] = Formula(text.replace(_ROW_MARK, number), _stored(value))
        return formulas

    def _chart(
        self, survey: str, keys: list[str | None], matcher: _Matcher, cells: Mapping[str, object], month: object
    ) -> object:
        """IFERROR(INDEX(the row's percentages, MATCH("% <survey> "&month, their headers, 0)), "")."""
        if month is UNKNOWN:
            return UNKNOWN
        if isinstance(month, CellError):
            return ""
        position = matcher.find(f"{layout.PERCENT_PREFIX}{survey} {month}")
        if position is UNKNOWN:
            return UNKNOWN
        if position is None or keys[position - 1] is None:
            return ""
        share = _share(cells.get(keys[position - 1]), cells.get(self.target_key, UNKNOWN))
        if share is UNKNOWN:
            return UNKNOWN
        return "" if isinstance(share, CellError) else share

    @property
    def read_keys(self) -> set[str]:
        """The keys (``layout.header_key``) of the columns a row's values come from."""
        keys = {self.target_key, layout.header_key(layout.COLUMN_SATKER)}
        keys.update(key for _header, key, _text in self._shares)
        keys.update(key for *_rest, chart_keys, _matcher in self._charts for key in chart_keys if key is not None)
        return keys

    def totals(
        self, totals_row: int, first_row: int, last_row: int, sums: Mapping[str, object] | None = None
    ) -> dict[str, Formula]:
        """The totals above the table's header: SUBTOTAL over rows ``first_row``..``last_row`` (following the
        reader's filter) of the target and the counts, and each month's percentage.

        ``sums``: what each SUBTOTAL adds up (``subtotal_sum`` of the visible rows), by header key.
        """
        formulas = {}
        for header in (layout.COLUMN_TARGET, *self.count_headers):  # (a sum of the chart's percentages means nothing)
            letter = self.at(header)
            formulas[header] = Formula(
                f"=SUBTOTAL(109,{letter}{first_row}:{letter}{last_row})",
                None if sums is None else _stored(sums.get(layout.header_key(header), UNKNOWN)),
            )
        target = sums.get(self.target_key, UNKNOWN) if sums is not None else UNKNOWN
        for header in self.count_headers:
            count = f"{self.at(header)}{totals_row}"
            value = _total_share(sums.get(layout.header_key(header), UNKNOWN), target) if sums is not None else None
            formulas[layout.PERCENT_PREFIX + header] = Formula(
                f'=IF({count}=0,"",IFERROR({count}/${self.at(layout.COLUMN_TARGET)}{totals_row},""))', _stored(value)
            )
        return formulas


def realisation_row_formulas(
    row: int,
    headers: Sequence[object],
    period: Period,
    first_column: int = 1,
    targets: Mapping[str, str] | None = None,
) -> dict[str, Formula]:
    """The formulas of one Realisasi row, by header (see ``RealisationFormulas``), without their values."""
    return RealisationFormulas(headers, period, first_column, targets).row(row)


def decision_not_updated(error) -> str:
    """The notice when a layout problem stops the decision page from following (the targets are filled)."""
    return f"Target dihitung, tetapi halaman {layout.SHEET_DECISION} tidak diperbarui: {error.user_message}"


def realisation_not_updated(error) -> str:
    """The notice when a layout problem stops the Realisasi rows from following (the targets are filled)."""
    return f"Target dihitung, tetapi tabel {layout.TABLE_REALISATION} tidak diperbarui: {error.user_message}"


@dataclass(frozen=True)
class RealisationUpdate:
    """What a fill changes in the Realisasi table: rows for new satker, and a note on rows of satker gone.

    Typed realisasi numbers are never touched: only the name and formula cells of new rows and the
    Keterangan cell of every existing row are written.
    """

    new_names: tuple[object, ...]
    notes: tuple[str | None, ...]  # one per existing row, in order
    examples: int = 0  # existing rows of the template's invented CONTOH satker

    @property
    def notices(self) -> list[str]:
        """What the user is told whatever else the fill does to the table: CONTOH rows left in it."""
        if not self.examples:
            return []
        return [
            ExampleNotice(
                f"Perhatian: tabel {layout.TABLE_REALISATION} (sheet {layout.SHEET_REALISATION}) masih memuat "
                f"{self.examples} baris {layout.EXAMPLE_MARK} (nama fiktif dari templat). Hapus baris tersebut agar "
                "tidak ikut dalam jumlah, grafik dan kiriman.",
                self.examples,
            )
        ]

    @classmethod
    def plan(cls, existing: Sequence[object], satker: Sequence[object]) -> RealisationUpdate:
        """``existing``: the Realisasi rows' names as typed; ``satker``: the targets' names, in order."""
        # A name that is an error value or an uncalculated formula is not a satker to add a row for.
        satker = [(name, layout.name_key(name)) for name in satker if type(name) in (str, int, float)]
        wanted = {key for _, key in satker if key}
        present = [layout.name_key(name) for name in existing]
        notes = tuple(GONE_NOTE if key and key not in wanted else None for key in present)
        new, seen = [], set(present)
        for name, key in satker:
            if key and key not in seen:
                new.append(name)
                seen.add(key)
        examples = sum(is_example(name) for name in existing) + sum(is_example(name) for name in new)
        return cls(tuple(new), notes, examples)

    def rows(
        self,
        headers: Sequence[object],
        first_column: int,
        first_new_row: int,
        period: Period,
        targets: Mapping[str, str] | None = None,
    ) -> list[list[object]]:
        """The cells of the new rows, in the order of ``headers`` (counts and unknown columns blank).

        ``targets``: the targets table's satker and target column letters (``target_letters``).
        """
        keys = [layout.header_key(header) for header in headers]
        block = []
        for offset, name in enumerate(self.new_names):
            values: dict[str, object] = {layout.header_key(layout.COLUMN_SATKER): name}
            formulas = realisation_row_formulas(first_new_row + offset, headers, period, first_column, targets)
            values.update({layout.header_key(header): formula for header, formula in formulas.items()})
            block.append([values.get(key) for key in keys])
        return block


# -- the decision page follows the targets table --------------------------------------------------------

_MONTH_NAMES = ",".join(f'"{month}"' for month in layout.MONTHS)
_DATE_TEXT = (
    'IF(ISNUMBER(Tanggal_Penetapan),DAY(Tanggal_Penetapan)&" "&CHOOSE(MONTH(Tanggal_Penetapan),'
    + _MONTH_NAMES
    + f')&" "&YEAR(Tanggal_Penetapan),"{layout.BLANK}")'
)
# An older page's signature block, below its table: (column offset, formula) per row; None is an empty row.
_SIGNATURE = (
    None,
    (3, Formula('="Ditetapkan di "&Tempat_Penetapan')),
    (3, Formula(f'="pada tanggal "&{_DATE_TEXT}')),
    (3, Formula("=Jabatan_Penanda_Tangan")),
    None,
    None,
    None,
    (3, Formula("=Nama_Penanda_Tangan")),
    (3, Formula('="NIP "&NIP_Penanda_Tangan')),
)
_EXCEL_EPOCH = datetime.date(1899, 12, 30)  # day 0 of Excel's 1900 date system (its day 60 never existed)


def _shown(value: object) -> str:
    """The text Excel makes of a cell's value in a text formula (``&``), with the file's "." decimal point."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):  # a date cell as openpyxl and xlwings read it: its serial number
        return _shown((value - datetime.datetime.combine(_EXCEL_EPOCH, datetime.time())) / datetime.timedelta(days=1))
    if isinstance(value, datetime.date):
        return str((value - _EXCEL_EPOCH).days)
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else f"{value:.15g}"
    return str(value)


def _blank(value: object) -> bool:
    """Excel's TRIM(cell)="": an empty cell or spaces only."""
    return not _shown(value).strip()


def _fixed_ungrouped(value: float, decimals: int) -> str:
    """Excel's SUBSTITUTE(FIXED(value, decimals, TRUE), ".", ","): rounded half away from zero on the 15
    significant digits Excel keeps, no thousands grouping, a decimal comma."""
    step = decimal.Decimal(1).scaleb(-decimals)
    rounded = decimal.Decimal(format(float(value), ".15g")).quantize(step, rounding=decimal.ROUND_HALF_UP)
    return f"{rounded:f}".replace(".", ",")


@dataclass(frozen=True)
class _Part:
    """A piece of a text formula: its Excel expression and the text Excel shows for it."""

    expression: str
    text: str


def _literal(text: str) -> _Part:
    return _Part('"' + text.replace('"', '""') + '"', text)


def _name(field: str, values: Mapping[str, object]) -> _Part:
    """A named setting's cell, as text."""
    setting = layout.SETTINGS_BY_FIELD.get(field) or layout.DOCUMENT_SETTINGS_BY_FIELD[field]
    return _Part(setting.defined_name, _shown(values.get(setting.defined_name)))


def _decimal_comma(field: str, value: float, decimals: int) -> _Part:
    """A fraction setting written the Indonesian way whatever Excel's language: FIXED without thousands, "," for "."."""
    name = layout.SETTINGS_BY_FIELD[field].defined_name
    return _Part(f'SUBSTITUTE(FIXED({name},{decimals},TRUE),".",",")', _fixed_ungrouped(value, decimals))


def _join(*parts: _Part) -> _Part:
    return _Part("&".join(part.expression for part in parts), "".join(part.text for part in parts))


def _choose(condition: str, truth: bool, when_true: _Part, when_false: _Part) -> _Part:
    """IF(condition, …, …) with the branch Python knows the condition takes."""
    return _Part(
        f"IF({condition},{when_true.expression},{when_false.expression})", (when_true if truth else when_false).text
    )


def _formula(*parts: _Part) -> Formula:
    joined = _join(*parts)
    # a lone reference to an empty cell shows 0: joined with "" it shows nothing, as the page should
    expression = joined.expression if len(parts) > 1 else f'{joined.expression}&""'
    return Formula("=" + expression, joined.text)


def _is(field: str, label: str) -> str:
    """An Excel test that a choice setting holds ``label`` (TRIM, as the settings are read: spacing does not count)."""
    return f'TRIM({layout.SETTINGS_BY_FIELD[field].defined_name})="{label}"'


def _rule_paragraph(settings, values: Mapping[str, object]) -> Formula:
    """The rule in one paragraph, live from Pengaturan: how N is reached (rounded up), which formula, its settings."""
    up = layout.ROUNDING_LABELS["up"]

    def rounding(field: str, value: str) -> _Part:
        return _choose(_is(field, up), value == "up", _literal("ke atas"), _literal("ke bilangan bulat terdekat"))

    threshold = _Part(layout.SETTINGS_BY_FIELD["threshold"].defined_name, _shown(settings.threshold))
    months = _name("base_period", values)
    confidence_name = layout.SETTINGS_BY_FIELD["km_confidence"].defined_name
    confidence = _Part(
        f'SUBSTITUTE(SUBSTITUTE(FIXED({confidence_name}*100,1,TRUE),".",","),",0","")',
        _fixed_ungrouped(settings.km_confidence * 100, 1).removesuffix(",0"),
    )
    floor_name = layout.SETTINGS_BY_FIELD["floor"].defined_name
    floor = _choose(
        f"ISNUMBER({floor_name})",
        settings.floor is not None,
        _join(
            _literal(" Target tidak kurang dari "),
            _Part(floor_name, _shown(settings.floor)),
            _literal(" responden, kecuali bila N lebih kecil: seluruh pengguna layanan menjadi responden."),
        ),
        _literal(""),
    )
    return _formula(
        _literal("Target responden minimal per bulan setiap satuan kerja dihitung sebagai berikut. Populasi N adalah "),
        _choose(
            _is("population_basis", layout.POPULATION_LABELS["total"]),
            settings.population_basis == "total",
            _join(_literal("jumlah pengguna layanan pada bulan "), months, _literal(".")),
            _join(
                _literal("rata-rata jumlah pengguna layanan per bulan pada bulan "),
                months,
                _literal(", dibulatkan ke atas menjadi bilangan bulat."),
            ),
        ),
        _literal(" Bila N kurang dari "),
        threshold,
        _literal(", digunakan rumus Slovin n = N / (1 + N·e²) dengan e = "),
        _decimal_comma("slovin_error", settings.slovin_error, 2),
        _literal(", hasilnya dibulatkan "),
        rounding("slovin_rounding", settings.slovin_rounding),
        _literal("; bila N sama dengan atau lebih dari "),
        threshold,
        _literal(", digunakan rumus Krejcie & Morgan (1970) dengan tingkat kepercayaan "),
        confidence,
        _literal("%, d = "),
        _decimal_comma("km_margin", settings.km_margin, 2),
        _literal(" dan P = "),
        _decimal_comma("km_proportion", settings.km_proportion, 2),
        _literal(", hasilnya dibulatkan "),
        rounding("km_rounding", settings.km_rounding),
        _literal("."),
        floor,
    )


@dataclass(frozen=True)
class DocumentLine:
    """One line of the decision page above its table: a cell (merged across ``columns``) with its look."""

    row: int
    columns: tuple[int, int]  # first and last column, 1-based
    look: str  # a key of styles.DOCUMENT_LOOKS
    value: object  # a Formula or a text

    @property
    def text(self) -> str:
        """What the cell shows (a formula's value), for its row height."""
        return _shown(self.value.value if isinstance(self.value, Formula) else self.value)


_PAGE = (1, len(layout.DECISION_HEADERS))
_SIGNING = (3, len(layout.DECISION_HEADERS))  # the signature block: the right part of the page
# Rows of the official page that stay empty: small gaps, and the room for the signature (and the stamp).
DECISION_GAPS = (4, 9, 11, 14, 23)
DECISION_SIGNING_ROOM = (18, 19, 20)
LAMPIRAN_HEADING = "LAMPIRAN: TARGET RESPONDEN MINIMAL PER BULAN, UNTUK SPKP DAN UNTUK SPAK MASING-MASING"


def decision_document(settings, values: Mapping[str, object] | None = None) -> list[DocumentLine]:
    """The official page above its table: letterhead, heading, legal basis, the rule, the signature block.

    ``values``: the named settings cells as the workbook holds them ({defined name: value}), for the
    values the formulas show before Excel recalculates (a preview, Protected View). Both the template
    builder and every fill write these lines, so the formulas are the same in every workbook.
    """
    values = values or {}

    def named(field: str) -> _Part:
        return _name(field, values)

    basis = [layout.DOCUMENT_SETTINGS_BY_FIELD[field].defined_name for field in ("basis_1", "basis_2", "basis_3")]
    filled = [not _blank(values.get(name)) for name in basis]
    # The legal basis in one cell, one numbered line per item filled in: an empty item takes no room.
    items = [
        _choose(
            "AND(" + ",".join(f'TRIM({name})=""' for name in basis) + ")",
            not any(filled),
            _literal(""),
            _literal("Dasar:"),
        )
    ]
    for index, name in enumerate(basis):
        before = "".join(f'+(TRIM({other})<>"")' for other in basis[:index])
        number = _Part(f"(1{before})" if before else "1", str(1 + sum(filled[:index])))
        item = _join(_Part("CHAR(10)", "\n"), number, _literal(". "), _Part(name, _shown(values.get(name))))
        items.append(_choose(f'TRIM({name})=""', not filled[index], _literal(""), item))
    lines = [
        DocumentLine(1, _PAGE, "letterhead", _formula(named("letterhead_1"))),
        DocumentLine(2, _PAGE, "letterhead", _formula(named("letterhead_2"))),
        DocumentLine(3, _PAGE, "letterhead_small", _formula(named("letterhead_3"))),
        DocumentLine(5, _PAGE, "heading", _formula(named("document_kind"))),
        DocumentLine(6, _PAGE, "center", _formula(_literal("NOMOR "), named("document_number"))),
        DocumentLine(7, _PAGE, "center", "TENTANG"),
        DocumentLine(8, _PAGE, "title", _formula(named("title"))),
        DocumentLine(10, _PAGE, "list", _formula(*items)),
    ]
    months = named("target_period")
    date = values.get(layout.DOCUMENT_SETTINGS_BY_FIELD["date"].defined_name)
    nip = values.get(layout.DOCUMENT_SETTINGS_BY_FIELD["nip"].defined_name)
    lines += [
        DocumentLine(12, _PAGE, "text", _rule_paragraph(settings, values)),
        DocumentLine(
            13,
            _PAGE,
            "text",
            _formula(
                _literal("Target tersebut berlaku untuk setiap bulan "),
                months,
                _literal(", bagi SPKP dan bagi SPAK masing-masing, sebagaimana tercantum dalam Lampiran."),
            ),
        ),
        DocumentLine(15, _SIGNING, "signature", _formula(_literal("Ditetapkan di "), named("place"))),
        DocumentLine(
            16, _SIGNING, "signature", _formula(_literal("pada tanggal "), _Part(_DATE_TEXT, _date_text(date)))
        ),
        DocumentLine(17, _SIGNING, "position", _formula(named("position"))),
        DocumentLine(21, _SIGNING, "name", _formula(named("signer"))),
        DocumentLine(
            22,
            _SIGNING,
            "signature",
            _formula(
                _literal("NIP "),
                _choose(
                    "ISNUMBER(NIP_Penanda_Tangan)",  # a number has lost its last digits: blank to fill by hand
                    isinstance(nip, int | float) and not isinstance(nip, bool),
                    _literal(layout.BLANK),
                    _Part('NIP_Penanda_Tangan&""', _shown(nip)),
                ),
            ),
        ),
        DocumentLine(24, _PAGE, "lampiran", LAMPIRAN_HEADING),
    ]
    return lines


def _date_text(value: object) -> str:
    """What the date line shows: "1 Juli 2024", or a blank to fill by hand when the cell holds no date."""
    if isinstance(value, datetime.datetime | datetime.date):
        day = value if isinstance(value, datetime.date) else value.date()
    elif isinstance(value, int | float) and not isinstance(value, bool) and value >= 1:
        # Excel counts a 29 February 1900 that never was: before it, serial 1 is 1 January 1900
        day = _EXCEL_EPOCH + datetime.timedelta(days=int(value) + (1 if value < 60 else 0))
    else:
        return layout.BLANK
    return f"{day.day} {layout.MONTHS[day.month - 1]} {day.year}"


def unchecked_sentence(problems: int, satker: int) -> str:
    """What the decision page says in place of its table while satker still need checking."""
    return (
        f"Target belum dapat ditetapkan: data {problems} dari {satker} satuan kerja perlu diperiksa (bertanda PERIKSA "
        f"di sheet {layout.SHEET_TARGETS}). Perbaiki datanya di sheet {layout.SHEET_COUNTS}, lalu hitung ulang; "
        "tabel target tampil di sini setelah semua data benar."
    )


@dataclass(frozen=True)
class DecisionPage:
    """The decision page below its header row: one table row per satker (live references to the targets table).

    While any satker needs checking (``problems``), the table holds one row saying so instead of targets that
    would be signed incomplete. An older page (its header not in ``layout.DECISION_HEADER_ROW``) keeps its
    signature block below the table, moving with it; the official page has it above, in fixed rows.
    ``headers``: the page's table headers (an older page has a change column too).
    """

    header_row: int
    old_end: int  # the last row the page used before this fill (table and signature block)
    satker: int
    problems: int = 0
    headers: tuple[object, ...] = layout.DECISION_HEADERS

    @property
    def official(self) -> bool:
        return self.header_row == layout.DECISION_HEADER_ROW

    @property
    def rows(self) -> int:
        """Table body rows: one per satker, one for the sentence while satker need checking (at least one)."""
        return 1 if self.problems or not self.satker else self.satker

    @property
    def first_row(self) -> int:
        return self.header_row + 1

    @property
    def last_row(self) -> int:
        return self.header_row + self.rows

    @property
    def end(self) -> int:
        return self.last_row + (0 if self.official else len(_SIGNATURE))

    @property
    def width(self) -> int:
        return len(self.headers)

    @property
    def ref(self) -> str:
        return f"A{self.header_row}:{column_letter(self.width)}{self.last_row}"

    def block(
        self, target_first_row: int, target_letters: dict[str, str], targets: Sequence = ()
    ) -> list[list[object]]:
        """Every cell from the first table row down to the lower of the old and new ends (the table's columns).

        ``targets``: the rows the targets table holds, for the values its references show.
        """
        sheet = f"'{layout.SHEET_TARGETS}'!"
        keys = [layout.name_key(header) for header in self.headers]
        rows: list[list[object]] = []
        if self.problems:
            row: list[object] = [None] * self.width
            if layout.name_key(layout.COLUMN_SATKER) in keys:
                row[keys.index(layout.name_key(layout.COLUMN_SATKER))] = unchecked_sentence(self.problems, self.satker)
            rows.append(row)
        else:
            for offset in range(self.rows):
                shown = _target_values(targets[offset]) if offset < len(targets) else {}
                row = []
                for key in keys:
                    if not self.satker:
                        row.append(None)
                    elif key == layout.name_key(layout.COLUMN_NUMBER):
                        row.append(offset + 1)
                    elif key in _LETTER_KEYS:
                        cell = f"{sheet}${target_letters[_LETTER_KEYS[key]]}${target_first_row + offset}"
                        row.append(Formula(f'=IF({cell}="","",{cell})', shown.get(key, "")))
                    else:
                        row.append(None)  # a column a user added is left blank
                rows.append(row)
        if not self.official:
            for line in _SIGNATURE:
                row = [None] * self.width
                if line is not None:
                    row[line[0]] = line[1]
                rows.append(row)
        rows += [[None] * self.width for _ in range(max(self.old_end, self.end) - self.end)]
        return rows


_LETTER_KEYS = {
    layout.name_key(header): header for header in (*layout.DECISION_HEADERS[1:], layout.DECISION_OLD_CHANGE_HEADER)
}


def _target_values(target) -> dict[str, object]:
    """What each decision column shows for one target row (its reference shows "" for an empty cell)."""

    def shown(value: object) -> object:
        return "" if value is None else value

    return {
        layout.name_key(layout.COLUMN_SATKER): shown(target.satker),
        layout.name_key(layout.COLUMN_POPULATION): shown(target.population),
        layout.name_key(layout.COLUMN_METHOD): shown(layout.METHOD_LABELS.get(target.method or "")),
        layout.name_key(layout.COLUMN_TARGET): shown(target.target),
        layout.name_key(layout.DECISION_OLD_CHANGE_HEADER): shown(target.change),
    }


def decision_headers(width: int, header_row: int) -> tuple[object, ...]:
    """A decision table's headers as this package wrote them, from its width and place: the official page's five,
    an older page's six (with its change column); columns beyond are a user's (None: left blank)."""
    known = layout.DECISION_HEADERS
    if header_row != layout.DECISION_HEADER_ROW:
        known = (*known, layout.DECISION_OLD_CHANGE_HEADER)
    known = known[: max(width, 1)]
    return (*known, *(None,) * (width - len(known)))


def target_letters(
    target_headers: Sequence[object], first_column: int, columns: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The letters of the targets table's columns where the table actually has them (a user may move them).

    ``columns`` maps each key wanted to the targets table's header it reads; by default the satker and the
    target, which a Realisasi row looks up.
    """
    if columns is None:
        columns = {layout.COLUMN_SATKER: layout.COLUMN_SATKER, layout.COLUMN_TARGET: layout.COLUMN_TARGET}
    return {
        key: column_letter(first_column + layout.column_index(target_headers, header, layout.TABLE_TARGETS))
        for key, header in columns.items()
    }


def decision_target_letters(target_headers: Sequence[object], first_column: int) -> dict[str, str]:
    """Where the decision page reads each of its columns in the targets table (its actual columns)."""
    wanted = {header: header for header in layout.DECISION_HEADERS[1:]}
    wanted[layout.DECISION_OLD_CHANGE_HEADER] = layout.COLUMN_CHANGE
    return target_letters(target_headers, first_column, wanted)
