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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from . import layout
from .errors import LayoutError, table_blocked

__all__ = [
    "DecisionPage",
    "Formula",
    "RealisationUpdate",
    "TableResize",
    "column_letter",
    "decision_not_updated",
    "decision_target_letters",
    "excel_check_formula",
    "excel_could_misread",
    "realisation_not_updated",
    "realisation_row_formulas",
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


def excel_check_formula(row: int, population_column: str, settings, use_names: bool) -> Formula:
    """A native Excel formula that recomputes the target from the N cell of ``row``.

    It lets anyone without Python check a target, and LibreOffice recomputes it in
    the tests. With ``use_names`` it reads the Pengaturan cells by their defined
    names, so it also shows when settings changed after the targets were filled.
    CHIINV (not CHISQ.INV) because it needs no _xlfn prefix and every Excel has it.
    """
    return Formula(_check_formula_text(population_column, settings, use_names).replace(_ROW_MARK, str(row)))


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
            layout.COLUMN_EXCEL_CHECK: Formula(check.replace(_ROW_MARK, str(row))) if target.ok else None,
            layout.COLUMN_OLD_TARGET: target.old_target,
            layout.COLUMN_CHANGE: target.change,
        }
        if not columns:  # matched once: per header, the column of ours it is (None for one a user added)
            known = {layout.name_key(column): column for column in values}
            columns = [known.get(layout.name_key(header)) for header in headers]
        block.append([None if column is None else values[column] for column in columns])
    return block


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


def realisation_row_formulas(
    row: int, headers: Sequence[object], months: Sequence[str], targets: Mapping[str, str], first_column: int = 1
) -> dict[str, Formula]:
    """The formulas of one Realisasi row, by header: its target looked up by name, percentages, the chart's month.

    The target is looked up in whole columns of the Target Responden sheet, so it holds however many satker
    there are: ``targets`` gives the letters of its satker and target columns where the targets table has them
    (``target_letters``), as the decision page reads them. The chart's month is read from the named cell on
    the chart sheet.
    """
    letter = {layout.header_key(h): column_letter(index) for index, h in enumerate(headers, start=first_column)}

    def at(header: str) -> str:
        return letter[layout.header_key(header)]

    target, name = targets[layout.COLUMN_TARGET], targets[layout.COLUMN_SATKER]
    sheet = f"'{layout.SHEET_TARGETS}'!"
    formulas = {
        layout.COLUMN_TARGET: Formula(
            f"=IFERROR(INDEX({sheet}${target}:${target},MATCH(${at(layout.COLUMN_SATKER)}{row},"
            f'{sheet}${name}:${name},0)),"")'
        )
    }
    for survey in layout.SURVEYS:
        # only the months this table has columns for (the target months may have changed since it was made)
        columns = [c for c in (layout.realisation_column(survey, m) for m in months) if layout.header_key(c) in letter]
        if not columns:
            continue
        for header in columns:
            count = f"{at(header)}{row}"
            formulas[layout.PERCENT_PREFIX + header] = Formula(
                f'=IF({count}="","",IFERROR({count}/${at(layout.COLUMN_TARGET)}{row},""))'
            )
        block = f"{at(columns[0])}{row}:{at(columns[-1])}{row}"
        header_row = layout.TABLE_HEADER_ROW
        header_block = f"${at(columns[0])}${header_row}:${at(columns[-1])}${header_row}"
        formulas[layout.CHART_PREFIX + survey] = Formula(
            f'=IFERROR(INDEX({block},MATCH("{survey} "&{layout.NAME_CHART_MONTH},{header_block},0)),0)'
        )
    return formulas


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
        return cls(tuple(new), notes)

    def rows(
        self,
        headers: Sequence[object],
        first_column: int,
        first_new_row: int,
        months: Sequence[str],
        targets: Mapping[str, str],
    ) -> list[list[object]]:
        """The cells of the new rows, in the order of ``headers`` (counts and unknown columns blank).

        ``targets``: the targets table's satker and target column letters (``target_letters``).
        """
        keys = [layout.header_key(header) for header in headers]
        block = []
        for offset, name in enumerate(self.new_names):
            values: dict[str, object] = {layout.header_key(layout.COLUMN_SATKER): name}
            formulas = realisation_row_formulas(first_new_row + offset, headers, months, targets, first_column)
            values.update({layout.header_key(header): formula for header, formula in formulas.items()})
            block.append([values.get(key) for key in keys])
        return block


# -- the decision page follows the targets table --------------------------------------------------------

_MONTH_NAMES = ",".join(f'"{month}"' for month in layout.MONTHS)
# The signature block, below the decision table: (column offset, formula) per row; None is an empty row.
_SIGNATURE = (
    None,
    (3, Formula('="Ditetapkan di "&Tempat_Penetapan')),
    (
        3,
        Formula(
            '="pada tanggal "&IF(ISNUMBER(Tanggal_Penetapan),DAY(Tanggal_Penetapan)&" "&CHOOSE(MONTH(Tanggal_Penetapan),'
            + _MONTH_NAMES
            + ')&" "&YEAR(Tanggal_Penetapan),"..............................")'
        ),
    ),
    (3, Formula("=Jabatan_Penanda_Tangan")),
    None,
    None,
    None,
    (3, Formula("=Nama_Penanda_Tangan")),
    (3, Formula('="NIP "&NIP_Penanda_Tangan')),
)


@dataclass(frozen=True)
class DecisionPage:
    """The decision page below its header row: one table row per satker, then the signature block.

    The table rows are live references to the targets table's cells, so the page shows what the
    table shows; the fill only keeps the number of rows and the signature block's place right.
    """

    header_row: int
    old_end: int  # the last row the page used before this fill (table and signature block)
    satker: int

    @property
    def first_row(self) -> int:
        return self.header_row + 1

    @property
    def last_row(self) -> int:
        return self.header_row + max(self.satker, 1)

    @property
    def end(self) -> int:
        return self.last_row + len(_SIGNATURE)

    @property
    def ref(self) -> str:
        return f"A{self.header_row}:{column_letter(len(layout.DECISION_HEADERS))}{self.last_row}"

    def block(self, target_first_row: int, target_letters: dict[str, str]) -> list[list[object]]:
        """Every cell from the first table row down to the lower of the old and new ends (6 columns)."""
        sheet = f"'{layout.SHEET_TARGETS}'!"
        width = len(layout.DECISION_HEADERS)
        rows: list[list[object]] = []
        for offset in range(max(self.satker, 1)):
            source = target_first_row + offset
            row: list[object] = [offset + 1 if self.satker else None]
            for header in layout.DECISION_HEADERS[1:]:
                cell = f"{sheet}${target_letters[header]}${source}"
                row.append(Formula(f'=IF({cell}="","",{cell})') if self.satker else None)
            rows.append(row)
        for line in _SIGNATURE:
            row = [None] * width
            if line is not None:
                row[line[0]] = line[1]
            rows.append(row)
        rows += [[None] * width for _ in range(max(self.old_end, self.end) - self.end)]
        return rows


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
    wanted["Perubahan dari Aturan Lama"] = layout.COLUMN_CHANGE
    return target_letters(target_headers, first_column, wanted)
