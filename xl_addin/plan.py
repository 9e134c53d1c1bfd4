"""From service-user counts to monthly respondent targets: the plan, in plain Python.

Input: one row per satker (its name and one count per base month, as the cells
hold them) and the settings. Output: one target row per satker. A bad row gets
a note in Bahasa Indonesia and no target; every other row is still computed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from babel.numbers import NumberFormatError, parse_decimal

from . import layout
from .sampling import SampleSize, XlAddinError, fmt, krejcie_morgan, minimum_respondents, slovin

# Digits with optional dot-grouping or a decimal comma, nothing else: "1e3", "0x10",
# "1 234" and friends are not counts a clerk types, so they are errors, not guesses.
_COUNT_TEXT = re.compile(r"[+-]?[0-9][0-9.,]*")


def parse_count(value: object) -> int:
    """Read one cell as a count of people: a whole number >= 0.

    Numbers come from Excel as floats; text is read the Indonesian way, so
    "1.234" is 1234 and "1.234.567" is 1234567. Raises XlAddinError otherwise.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise XlAddinError("count is blank", "jumlah kosong")
    if isinstance(value, bool):
        raise XlAddinError(f"count is not a number: {value!r}", f"jumlah bukan angka: {value!r}")
    if isinstance(value, str):
        text = value.strip()
        if not _COUNT_TEXT.fullmatch(text):
            raise XlAddinError(f"count is not a number: {value!r}", f"jumlah bukan angka: {value!r}")
        try:
            number = parse_decimal(text, locale="id", strict=True)
        except NumberFormatError:
            raise XlAddinError(
                f"count text is ambiguous: {value!r}",
                f"jumlah {value!r} tidak jelas: tulis bilangan bulat, misalnya 1234 atau 1.234",
            ) from None
        if number != number.to_integral_value():
            raise XlAddinError(
                f"count is fractional: {value!r}",
                f"jumlah {value!r} adalah pecahan; jumlah orang harus bilangan bulat "
                "(ribuan ditulis dengan titik: 1.234)",
            )
        value = int(number)
    if not isinstance(value, (int, float)):
        raise XlAddinError(f"count is not a number: {value!r}", f"jumlah bukan angka: {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise XlAddinError(f"count is not a number: {value!r}", f"jumlah bukan angka: {value!r}")
    if value < 0:
        raise XlAddinError(f"count is negative: {value!r}", f"jumlah negatif ({fmt(value)})")
    if isinstance(value, float) and not value.is_integer():
        raise XlAddinError(f"count is fractional: {value!r}", f"jumlah pecahan ({fmt(value)})")
    return int(value)


def parse_fraction_text(text: str) -> float:
    """A fraction as typed: "0,05", "0.05" and "5%" all mean 0.05. Raises ValueError otherwise.

    A fraction below 1 has no thousands, so a comma and a dot can only be the decimal mark.
    """
    text = text.strip()
    return float(text.rstrip("%").strip().replace(",", ".")) / (100 if text.endswith("%") else 1)


def _parse_fraction(value: object, setting: layout.Setting) -> float:
    if isinstance(value, str):
        try:
            value = parse_fraction_text(value)
        except ValueError:
            value = value.strip()
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
        raise XlAddinError(
            f"setting {setting.defined_name} must be between 0 and 1, got {value!r}",
            f"Pengaturan '{setting.label}' ({setting.defined_name}) harus angka di antara 0 dan 1 "
            f"(misalnya 0,05 atau 5%), bukan {value!r}",
        )
    return float(value)


def _parse_rounding(value: object, setting: layout.Setting) -> str:
    text = str(value or "").strip().lower()
    for code, label in layout.ROUNDING_LABELS.items():
        if text in (code, label):
            return code
    raise XlAddinError(
        f"setting {setting.defined_name} must be one of {list(layout.ROUNDING_LABELS.values())}, got {value!r}",
        f"Pengaturan '{setting.label}' ({setting.defined_name}) harus 'ke atas' atau 'terdekat', bukan {value!r}",
    )


def _parse_months(value: object, setting: layout.Setting) -> tuple[str, ...]:
    if isinstance(value, (list, tuple)):
        parts = [str(part).strip() for part in value]
    else:
        parts = [part.strip() for part in re.split(r"[,;]", str(value or ""))]
    by_lower = {month.lower(): month for month in layout.MONTHS}
    months = tuple(by_lower.get(part.lower(), "") for part in parts if part)
    if not months or "" in months or len(set(months)) != len(months):
        raise XlAddinError(
            f"setting {setting.defined_name} must list month names, got {value!r}",
            f"Pengaturan '{setting.label}' ({setting.defined_name}) harus berisi nama bulan dipisah koma, "
            f"misalnya '{setting.default}', bukan {value!r}",
        )
    return months


@dataclass(frozen=True)
class Settings:
    """What the Pengaturan sheet says. Defaults come from ``layout.SETTINGS``."""

    threshold: int = layout.SETTINGS_BY_FIELD["threshold"].default  # type: ignore[assignment]
    slovin_error: float = layout.SETTINGS_BY_FIELD["slovin_error"].default  # type: ignore[assignment]
    slovin_rounding: str = "up"
    km_margin: float = layout.SETTINGS_BY_FIELD["km_margin"].default  # type: ignore[assignment]
    km_confidence: float = layout.SETTINGS_BY_FIELD["km_confidence"].default  # type: ignore[assignment]
    km_proportion: float = layout.SETTINGS_BY_FIELD["km_proportion"].default  # type: ignore[assignment]
    km_rounding: str = "nearest"
    base_months: tuple[str, ...] = layout.DEFAULT_BASE_MONTHS
    target_months: tuple[str, ...] = layout.DEFAULT_TARGET_MONTHS

    def __post_init__(self) -> None:
        self.size(1)  # validates every parameter with the engine's own checks and messages

    @classmethod
    def from_cells(cls, cells: Mapping[str, object]) -> "Settings":
        """Build settings from {defined name: cell value}; a missing name keeps its default."""
        values: dict[str, object] = {}
        for setting in layout.SETTINGS:
            if setting.defined_name not in cells:
                continue
            raw = cells[setting.defined_name]
            if setting.field == "threshold":
                try:
                    values["threshold"] = parse_count(raw)
                except XlAddinError:
                    raise XlAddinError(
                        f"setting {setting.defined_name} must be a whole number >= 0, got {raw!r}",
                        f"Pengaturan '{setting.label}' ({setting.defined_name}) harus bilangan bulat ≥ 0, "
                        f"bukan {raw!r}",
                    ) from None
            elif setting.field.endswith("rounding"):
                values[setting.field] = _parse_rounding(raw, setting)
            elif setting.field.endswith("months"):
                values[setting.field] = _parse_months(raw, setting)
            else:
                values[setting.field] = _parse_fraction(raw, setting)
        return cls(**values)  # type: ignore[arg-type]

    def as_cells(self) -> dict[str, object]:
        """The inverse of ``from_cells``: what each named cell shows."""
        cells: dict[str, object] = {}
        for setting in layout.SETTINGS:
            value = getattr(self, setting.field)
            if setting.field.endswith("rounding"):
                value = layout.ROUNDING_LABELS[value]
            elif setting.field.endswith("months"):
                value = ", ".join(value)
            cells[setting.defined_name] = value
        return cells

    def describe(self) -> str:
        """One line naming every setting, for stamps and reports."""
        return "; ".join(f"{name} = {value}" for name, value in self.as_cells().items())

    def size(self, population: int) -> SampleSize:
        return minimum_respondents(
            population,
            self.threshold,
            error=self.slovin_error,
            margin=self.km_margin,
            confidence=self.km_confidence,
            proportion=self.km_proportion,
            slovin_rounding=self.slovin_rounding,  # type: ignore[arg-type]
            km_rounding=self.km_rounding,  # type: ignore[arg-type]
        )


@dataclass(frozen=True)
class CountRow:
    """One satker's counts as the cells hold them (any type), and where they came from."""

    satker: object
    counts: Sequence[object]
    source_row: int | None = None  # worksheet row, for messages


@dataclass(frozen=True)
class TargetRow:
    satker: str
    population: int | None = None
    method: str | None = None  # "slovin" / "krejcie_morgan"
    target: int | None = None
    note: str = ""
    formula: str = ""
    slovin_size: int | None = None
    km_size: int | None = None
    source_row: int | None = None
    sample: SampleSize | None = field(default=None, compare=False, repr=False)

    @property
    def ok(self) -> bool:
        return self.target is not None

    def where(self) -> str:
        return f"baris {self.source_row}" if self.source_row is not None else "baris ?"


def _name(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def plan_targets(rows: Iterable[CountRow], settings: Settings | None = None) -> list[TargetRow]:
    """One TargetRow per non-empty input row, in input order."""
    settings = settings or Settings()
    rows = [row for row in rows if not (_is_blank(row.satker) and all(_is_blank(c) for c in row.counts))]
    seen: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        key = _name(row.satker).casefold()
        if key:
            seen.setdefault(key, []).append(index)

    result = []
    for index, row in enumerate(rows):
        name = _name(row.satker)
        problems = []
        if not name:
            problems.append("nama satuan kerja kosong")
        elif len(seen[name.casefold()]) > 1:
            others = [rows[i].source_row for i in seen[name.casefold()] if i != index]
            where = ", ".join(f"baris {r}" for r in others if r is not None) or "baris lain"
            problems.append(f"nama satuan kerja ganda (juga di {where}); hapus salah satu")
        counts = []
        for month, raw in zip(settings.base_months, row.counts):
            try:
                counts.append(parse_count(raw))
            except XlAddinError as error:
                problems.append(f"{month}: {error.user_message}")
        if len(row.counts) < len(settings.base_months):
            problems.append("kolom bulan dasar kurang")
        if problems:
            result.append(TargetRow(name, note="PERIKSA: " + "; ".join(problems) + ".", source_row=row.source_row))
            continue
        population = math.ceil(sum(counts) / len(counts))
        sample = settings.size(population)
        months = ", ".join(settings.base_months)
        note = (
            f"N = rata-rata {months} = ({' + '.join(fmt(c) for c in counts)}) / {len(counts)}, "
            f"dibulatkan ke atas = {fmt(population)}. {sample.explanation}"
        )
        result.append(
            TargetRow(
                satker=name,
                population=population,
                method=sample.method,
                target=sample.size,
                note=note,
                formula=f"{sample.formula} = {fmt(sample.unrounded)} → {sample.size}",
                slovin_size=slovin(population, settings.slovin_error, settings.slovin_rounding),  # type: ignore[arg-type]
                km_size=krejcie_morgan(
                    population, settings.km_margin, settings.km_confidence, settings.km_proportion,
                    settings.km_rounding,  # type: ignore[arg-type]
                ),
                source_row=row.source_row,
                sample=sample,
            )
        )
    return result


def problems(targets: Iterable[TargetRow]) -> list[str]:
    """Every problem row as '<where> (<satker>): <note>', for message boxes and the CLI."""
    return [f"{t.where()} ({t.satker or 'tanpa nama'}): {t.note}" for t in targets if not t.ok]




def excel_check_formula(row: int, population_column: str, settings: Settings, use_names: bool) -> str:
    """A native Excel formula that recomputes the target from the N cell of ``row``.

    It lets anyone without Python check a target, and LibreOffice recomputes it in
    the tests. With ``use_names`` it reads the Pengaturan cells by their defined
    names, so it also shows when settings changed after the targets were filled.
    CHIINV (not CHISQ.INV) because it needs no _xlfn prefix and every Excel has it.
    """
    def name(field_name: str) -> str:
        setting = layout.SETTINGS_BY_FIELD[field_name]
        if use_names:
            return setting.defined_name
        value = settings.as_cells()[setting.defined_name]
        return f'"{value}"' if isinstance(value, str) else repr(value)

    n = f"{population_column}{row}"
    chi2 = f"ROUND(CHIINV(1-{name('km_confidence')},1),3)"
    pq = f"{name('km_proportion')}*(1-{name('km_proportion')})"
    km = f"{chi2}*{n}*{pq}/({name('km_margin')}^2*({n}-1)+{chi2}*{pq})"
    slv = f"{n}/(1+{n}*{name('slovin_error')}^2)"
    up = layout.ROUNDING_LABELS["up"]

    def rounded(value: str, rounding_field: str) -> str:
        # ROUND(…,9) first, as sampling.round_size does, so float noise never adds one.
        return f'IF({name(rounding_field)}="{up}",ROUNDUP(ROUND({value},9),0),ROUND({value},0))'

    return (
        f'=IF(ISNUMBER({n}),MIN({n},IF({n}<{name("threshold")},'
        f'{rounded(slv, "slovin_rounding")},{rounded(km, "km_rounding")})),"")'
    )


def target_table(
    targets: Sequence[TargetRow],
    headers: Sequence[str],
    first_row: int,
    population_column: str,
    settings: Settings,
    use_names: bool,
) -> list[list[object]]:
    """The targets as rows of cell values, in the order of ``headers`` (the table's own columns).

    Both adapters (openpyxl and xlwings) write exactly this block; a header this
    project does not know gets None, so a column a user added stays blank rather
    than shifting.
    """
    block = []
    for offset, target in enumerate(targets):
        values: dict[str, object] = {
            layout.COLUMN_SATKER: target.satker or None,
            layout.COLUMN_POPULATION: target.population,
            layout.COLUMN_METHOD: layout.METHOD_LABELS.get(target.method or ""),
            layout.COLUMN_TARGET: target.target,
            layout.COLUMN_NOTE: target.note,
            layout.COLUMN_FORMULA: target.formula or None,
            layout.COLUMN_SLOVIN: target.slovin_size,
            layout.COLUMN_KREJCIE: target.km_size,
            layout.COLUMN_EXCEL_CHECK: excel_check_formula(first_row + offset, population_column, settings, use_names)
            if target.ok
            else None,
        }
        by_folded = {key.casefold(): value for key, value in values.items()}
        block.append([by_folded.get(layout.clean_header(h).casefold()) for h in headers])
    return block


__all__ = ["CountRow", "Settings", "TargetRow", "excel_check_formula", "target_table", "parse_count", "parse_fraction_text", "plan_targets", "problems"]
