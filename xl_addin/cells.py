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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from . import layout
from .errors import LayoutError, table_blocked
from .plan import ExampleNotice, is_example

__all__ = [
    "DecisionPage",
    "DocumentLine",
    "Formula",
    "RealisationUpdate",
    "TableResize",
    "column_letter",
    "decision_document",
    "decision_headers",
    "decision_not_updated",
    "decision_target_letters",
    "excel_check_formula",
    "excel_could_misread",
    "realisation_not_updated",
    "realisation_row_formulas",
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
    row: int, headers: Sequence[object], months: Sequence[str], first_column: int = 1
) -> dict[str, Formula]:
    """The formulas of one Realisasi row, by header: its target looked up by name, percentages, the chart's month.

    The target is looked up in whole columns of the Target Responden sheet, so it holds however many satker
    there are; the chart's month is read from the named cell on the chart sheet.
    """
    letter = {layout.header_key(h): column_letter(index) for index, h in enumerate(headers, start=first_column)}

    def at(header: str) -> str:
        return letter[layout.header_key(header)]

    target = column_letter(layout.TARGET_HEADERS.index(layout.COLUMN_TARGET) + 1)
    name = column_letter(layout.TARGET_HEADERS.index(layout.COLUMN_SATKER) + 1)
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
        self, headers: Sequence[object], first_column: int, first_new_row: int, months: Sequence[str]
    ) -> list[list[object]]:
        """The cells of the new rows, in the order of ``headers`` (counts and unknown columns blank)."""
        keys = [layout.header_key(header) for header in headers]
        block = []
        for offset, name in enumerate(self.new_names):
            values: dict[str, object] = {layout.header_key(layout.COLUMN_SATKER): name}
            formulas = realisation_row_formulas(first_new_row + offset, headers, months, first_column)
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
    if isinstance(value, datetime.datetime | datetime.date):
        serial = (value if isinstance(value, datetime.date) else value.date()) - _EXCEL_EPOCH
        return str(serial.days)
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else f"{value:.15g}"
    return str(value)


def _blank(value: object) -> bool:
    """Excel's TRIM(cell)="": an empty cell or spaces only."""
    return not _shown(value).strip()


def _fixed(value: float, decimals: int) -> str:
    """Excel's SUBSTITUTE(FIXED(value, decimals, TRUE), ".", ","): rounded half away from zero, a decimal comma."""
    step = decimal.Decimal(1).scaleb(-decimals)
    rounded = decimal.Decimal(repr(float(value))).quantize(step, rounding=decimal.ROUND_HALF_UP)
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
    return _Part(f'SUBSTITUTE(FIXED({name},{decimals},TRUE),".",",")', _fixed(value, decimals))


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
    months = _join(_name("base_months", values), _literal(f" {layout.BASE_YEAR}"))
    confidence_name = layout.SETTINGS_BY_FIELD["km_confidence"].defined_name
    confidence = _Part(
        f'SUBSTITUTE(SUBSTITUTE(FIXED({confidence_name}*100,1,TRUE),".",","),",0","")',
        _fixed(settings.km_confidence * 100, 1).removesuffix(",0"),
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
    months = _join(named("target_months"), _literal(f" {layout.TARGET_YEAR}"))
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
        day = _EXCEL_EPOCH + datetime.timedelta(days=int(value))
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


def decision_target_letters(target_headers: Sequence[object], first_column: int) -> dict[str, str]:
    """Where the decision page reads each of its columns in the targets table (its actual columns)."""
    wanted = {header: header for header in layout.DECISION_HEADERS[1:]}
    wanted[layout.DECISION_OLD_CHANGE_HEADER] = layout.COLUMN_CHANGE
    return {
        header: column_letter(first_column + layout.column_index(target_headers, source, layout.TABLE_TARGETS))
        for header, source in wanted.items()
    }
