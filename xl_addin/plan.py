"""From service-user counts to monthly respondent targets: the plan, in plain Python.

Input: one row per satker (its name and one count per base month, as the cells hold
them) and the settings. Output: one target row per satker. A bad row gets a note in
Bahasa Indonesia and no target; every other row is still computed.

The base and target periods are settings (``period.Period``, months with their years). A period
cell of a workbook made by the previous release (month names without a year) is read as that
release read it, in 2024 (``period.previous_release_period``), and ``Settings.period_notice`` says so.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from . import layout, sampling
from .errors import InputError, name_not_a_cell
from .indonesian import describe_value, name_text, parse_count, parse_fraction_text
from .indonesian import format_number as fmt
from .period import Period, previous_release_period
from .sampling import Rule, SampleSize

__all__ = [
    "EXCEL_ERRORS",
    "CellError",
    "CountRow",
    "Outcome",
    "Settings",
    "TargetRow",
    "UncalculatedFormula",
    "missing_settings_notice",
    "outside_table_notice",
    "plan_targets",
    "problems",
    "read_count",
    "settings_from_named_cells",
]

# A note names at most this many other rows (3,000 identical names must not print 3,000² rows).
_SHOWN_OTHER_ROWS = 3


class UncalculatedFormula(str):
    """A cell holding a formula whose value no spreadsheet has computed and saved yet.

    It is the formula's text, so it reads (and is written back) as that text, never as a live formula.
    """

    __slots__ = ()

    @property
    def formula(self) -> str:
        return str(self)


class CellError(str):
    """A cell showing one of Excel's error values (#N/A, #REF!, …): never a count, never a name."""

    __slots__ = ()


EXCEL_ERRORS = (
    "#NULL!",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#N/A",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
)


def _no_value(value: object) -> InputError | None:
    """The problem with a cell that holds no value a person typed: an error value, a formula never computed."""
    if isinstance(value, CellError):
        return InputError(f"cell shows the error {value}", f"sel menunjukkan nilai kesalahan {value}")
    if isinstance(value, UncalculatedFormula):
        return InputError(
            f"formula {value.formula} has no cached value",
            f"sel berisi rumus {value.formula} yang belum pernah dihitung Excel; buka file di Excel, "
            "simpan sekali, lalu ulangi",
        )
    return None


def read_count(value: object) -> int:
    """``indonesian.parse_count``, also for a formula cell: its value as Excel last computed it."""
    problem = _no_value(value)
    if problem is not None:
        raise problem
    return parse_count(value)


def _setting_error(setting: layout.Setting, raw: object, expected: str) -> InputError:
    return InputError(
        f"setting {setting.defined_name} must be {expected}, got {raw!r}",
        f"Pengaturan '{setting.label}' harus {_EXPECTED_ID[expected]}, bukan {describe_value(raw)}",
    )


_EXPECTED_ID = {
    "a whole number >= 0": "bilangan bulat ≥ 0",
    "between 0 and 1": "angka di antara 0 dan 1 (misalnya 0,05 atau 5%)",
    "a rounding": "'ke atas' atau 'terdekat'",
    "a population basis": "'rata-rata per bulan' atau 'jumlah seluruh bulan dasar'",
}


def _parse_fraction(raw: object, setting: layout.Setting) -> float:
    value = raw
    if isinstance(value, str):
        try:
            value = parse_fraction_text(value)
        except ValueError:
            raise _setting_error(setting, raw, "between 0 and 1") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
        raise _setting_error(setting, raw, "between 0 and 1")
    return float(value)


def _parse_choice(labels: Mapping[str, str], what: str) -> Callable[[object, layout.Setting], str]:
    """A parser for a setting chosen from ``labels`` ({code: label}): the code of what was typed, code or label."""

    def parse(raw: object, setting: layout.Setting) -> str:
        text = layout.name_key(raw)
        for code, label in labels.items():
            if text in (code, label):
                return code
        raise _setting_error(setting, raw, what)

    return parse


def _parse_period(raw: object, setting: layout.Setting) -> tuple[Period, bool]:
    """The period a setting cell holds, and whether it was read the previous release's way (in 2024)."""
    try:
        return Period.parse(raw), False
    except InputError as error:
        earlier = previous_release_period(raw)
        if earlier is not None:
            return earlier, True
        raise InputError(
            f"setting {setting.defined_name}: {error}", f"Pengaturan '{setting.label}': {error.user_message}"
        ) from None


def _parse_threshold(raw: object, setting: layout.Setting) -> int:
    try:
        return read_count(raw)
    except InputError:
        raise _setting_error(setting, raw, "a whole number >= 0") from None


def _parse_floor(raw: object, setting: layout.Setting) -> int | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None  # no floor: the formula's result stands
    return _parse_threshold(raw, setting)


_PARSERS = {
    "threshold": _parse_threshold,
    "floor": _parse_floor,
    "population_basis": _parse_choice(layout.POPULATION_LABELS, "a population basis"),
    "slovin_rounding": _parse_choice(layout.ROUNDING_LABELS, "a rounding"),
    "km_rounding": _parse_choice(layout.ROUNDING_LABELS, "a rounding"),
}


@dataclass(frozen=True)
class Settings:
    """What the Pengaturan sheet says. Defaults are the rule's (``sampling``) and ``layout``'s."""

    threshold: int = sampling.DEFAULT_THRESHOLD
    slovin_error: float = sampling.DEFAULT_ERROR
    slovin_rounding: str = sampling.DEFAULT_SLOVIN_ROUNDING
    km_margin: float = sampling.DEFAULT_MARGIN
    km_confidence: float = sampling.DEFAULT_CONFIDENCE
    km_proportion: float = sampling.DEFAULT_PROPORTION
    km_rounding: str = sampling.DEFAULT_KM_ROUNDING
    base_period: Period = layout.DEFAULT_BASE_PERIOD
    population_basis: str = "average"
    floor: int | None = None
    target_period: Period = layout.DEFAULT_TARGET_PERIOD
    # The labels of the period settings whose cells were read the previous release's way (no year: 2024).
    previous_release: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        for name in ("base_period", "target_period"):
            if not isinstance(getattr(self, name), Period):
                raise TypeError(f"{name} must be a Period, not {getattr(self, name)!r}")
        _ = self.rule  # validates every parameter with the engine's own checks and messages

    @property
    def base_months(self) -> tuple[str, ...]:
        """The base period's month names without their years, for adapters that still match columns by name."""
        return self.base_period.month_names

    @property
    def target_months(self) -> tuple[str, ...]:
        """The target period's month names without their years, as ``base_months``."""
        return self.target_period.month_names

    @property
    def period_notice(self) -> str:
        """What the user reads when a period cell was written the previous release's way ("" otherwise)."""
        if not self.previous_release:
            return ""
        read = "; ".join(
            f"{setting.label} {getattr(self, setting.field).label}"
            for setting in layout.SETTINGS
            if setting.label in self.previous_release
        )
        return (
            f"Perhatian: periode di sheet {layout.SHEET_SETTINGS} ditulis tanpa tahun, seperti pada workbook versi "
            f"sebelumnya, sehingga dibaca dengan tahun yang dipakai versi itu: {read}. Tulis periodenya lengkap "
            "dengan tahun, misalnya Januari–Maret 2025."
        )

    @classmethod
    def from_cells(cls, cells: Mapping[str, object]) -> Settings:
        """Build settings from {defined name: cell value}; a missing name keeps its default."""
        values: dict[str, object] = {}
        earlier: list[str] = []
        for setting in layout.SETTINGS:
            if setting.defined_name in cells:
                raw = cells[setting.defined_name]
                problem = _no_value(raw)
                if problem is not None:  # say what the cell holds and what to do, not "must be a number"
                    raise InputError(
                        f"setting {setting.defined_name}: {problem}",
                        f"Pengaturan '{setting.label}': {problem.user_message}",
                    )
                if setting.field.endswith("_period"):
                    values[setting.field], previous = _parse_period(raw, setting)
                    earlier += [setting.label] if previous else []
                    continue
                parse = _PARSERS.get(setting.field, _parse_fraction)
                values[setting.field] = parse(raw, setting)
        return cls(**values, previous_release=tuple(earlier))  # type: ignore[arg-type]

    def as_cells(self) -> dict[str, object]:
        """The inverse of ``from_cells``: what each named cell shows."""
        cells: dict[str, object] = {}
        for setting in layout.SETTINGS:
            value = getattr(self, setting.field)
            if setting.field.endswith("rounding"):
                value = layout.ROUNDING_LABELS[value]
            elif setting.field.endswith("_period"):
                value = value.label
            elif setting.field == "population_basis":
                value = layout.POPULATION_LABELS[value]
            cells[setting.defined_name] = value
        return cells

    def describe(self) -> str:
        """One line naming every setting as the Pengaturan sheet labels it, numbers the Indonesian way."""
        shown = []
        for setting in layout.SETTINGS:
            value = self.as_cells()[setting.defined_name]
            if value is None:
                value = "kosong"
            shown.append(f"{setting.label}: {fmt(value) if isinstance(value, (int, float)) else value}")
        return "; ".join(shown)

    @cached_property
    def rule(self) -> Rule:
        """The rule with these settings, checked once (a frozen dataclass may cache: it never changes)."""
        return Rule(
            self.threshold,
            error=self.slovin_error,
            margin=self.km_margin,
            confidence=self.km_confidence,
            proportion=self.km_proportion,
            slovin_rounding=self.slovin_rounding,  # type: ignore[arg-type]
            km_rounding=self.km_rounding,  # type: ignore[arg-type]
            floor=self.floor,
        )

    def size(self, population: int) -> SampleSize:
        return self.rule.sample(population)

    def population(self, counts: Sequence[int]) -> tuple[int, str]:
        """N from the base months' counts, and how it was reached with its numbers (the base months are the
        columns the counts come from): "N = (40 + 44 + 11) / 3 = 31,67 → 32." rounded up, as the rule says."""
        total = sum(counts)
        summed = " + ".join(fmt(c) for c in counts)
        if self.population_basis == "total":
            return total, f"N = {summed} = {fmt(total)}." if len(counts) > 1 else f"N = {fmt(total)}."
        mean = total / len(counts)
        population = math.ceil(mean)
        if len(counts) == 1:
            return population, f"N = {fmt(population)}."
        shown = fmt(mean, 2)
        if "," not in shown and not mean.is_integer():  # 12,001 must not read as a whole 12 rounded up to 13
            shown = fmt(mean, 4)
        rounded = f" → {fmt(population)}" if shown != fmt(population) else ""
        return population, f"N = ({summed}) / {len(counts)} = {shown}{rounded}."


def settings_from_named_cells(
    found: Mapping[str, object], broken: Mapping[str, str]
) -> tuple[Settings, tuple[str, ...]]:
    """Settings from the named cells an adapter found, and the names it did not find.

    ``found`` maps each setting's defined name (as ``layout`` spells it; adapters match
    case-insensitively, as Excel does) to its cell's value; ``broken`` maps a name that
    exists but points at no single cell to what it refers to.
    """
    for setting in layout.SETTINGS:
        if setting.defined_name in broken:
            raise name_not_a_cell(
                setting.defined_name, setting.label, broken[setting.defined_name], layout.SHEET_SETTINGS
            )
    missing = tuple(s.defined_name for s in layout.SETTINGS if s.defined_name not in found)
    return Settings.from_cells(found), missing


def missing_settings_notice(missing: Sequence[str]) -> str:
    """What the user reads when named settings cells were deleted ("" when none was)."""
    if not missing:
        return ""
    labels = ", ".join(layout.SETTINGS[[s.defined_name for s in layout.SETTINGS].index(name)].label for name in missing)
    return (
        f"Perhatian: sel pengaturan berikut tidak ditemukan di sheet {layout.SHEET_SETTINGS}, maka digunakan "
        f"nilai bawaan: {labels}. Gunakan templat asli bila pengaturan perlu diubah."
    )


@dataclass(frozen=True)
class CountRow:
    """One satker's counts as the cells hold them (any type), and where they came from."""

    satker: object
    counts: Sequence[object]
    source_row: int | None = None  # worksheet row, for messages


@dataclass(frozen=True)
class TargetRow:
    satker: object  # exactly as typed (text or number): written back unchanged
    population: int | None = None
    method: str | None = None  # "slovin" / "krejcie_morgan"
    target: int | None = None
    note: str = ""
    slovin_size: int | None = None
    km_size: int | None = None
    source_row: int | None = None
    sample: SampleSize | None = field(default=None, compare=False, repr=False)

    @property
    def ok(self) -> bool:
        return self.target is not None

    @property
    def old_target(self) -> int | None:
        """What the old flat rule asked: 30 respondents, or every service user when there were fewer."""
        return None if self.population is None else min(layout.OLD_FLAT_MINIMUM, self.population)

    @property
    def change(self) -> int | None:
        """The target minus the old rule's: positive when the new rule asks more."""
        return None if self.target is None or self.old_target is None else self.target - self.old_target

    @property
    def is_example(self) -> bool:
        """Whether this is one of the template's invented example rows (its name starts with CONTOH)."""
        return is_example(self.satker)

    @property
    def name(self) -> str:
        """The satker's name as text, for messages (12345.0 typed as a number reads 12345)."""
        return name_text(self.satker)

    @property
    def formula(self) -> str:
        """The formula with its numbers and its rounded result ("" for a row with a problem)."""
        if self.sample is None:
            return ""
        text = f"{self.sample.formula} = {fmt(self.sample.unrounded)} → {self.sample.computed}"
        if self.sample.size != self.sample.computed:  # the floor raised it (never above N)
            text += f"; batas minimal {fmt(self.sample.floor)} → {self.sample.size}"
        return text

    def where(self) -> str:
        return f"baris {self.source_row}" if self.source_row is not None else "baris ?"


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _rows_named(rows: Sequence[int | None]) -> str:
    shown = [f"baris {r}" for r in rows[:_SHOWN_OTHER_ROWS] if r is not None] or ["baris lain"]
    more = len(rows) - _SHOWN_OTHER_ROWS
    return ", ".join(shown) + (f" dan {more} baris lain" if more > 0 else "")


def plan_targets(rows: Iterable[CountRow], settings: Settings | None = None) -> list[TargetRow]:
    """One TargetRow per non-empty input row, in input order."""
    settings = settings or Settings()
    rows = [row for row in rows if not (_is_blank(row.satker) and all(_is_blank(c) for c in row.counts))]
    keys = [layout.name_key(row.satker) for row in rows]
    seen: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        if key:
            seen.setdefault(key, []).append(index)

    rule = settings.rule
    result = []
    for index, (row, key) in enumerate(zip(rows, keys)):
        problems = []
        if isinstance(row.satker, CellError):
            problems.append(f"nama satuan kerja menunjukkan nilai kesalahan {row.satker}")
        elif isinstance(row.satker, UncalculatedFormula):
            problems.append(f"nama satuan kerja berisi rumus {row.satker} yang belum pernah dihitung Excel")
        elif not key:
            problems.append("nama satuan kerja kosong")
        elif len(seen[key]) > 1:
            others = [rows[i].source_row for i in seen[key] if i != index]
            problems.append(f"nama satuan kerja ganda (juga di {_rows_named(others)}); hapus salah satu")
        counts = []
        for month, raw in zip(settings.base_period.month_labels, row.counts):
            try:
                counts.append(read_count(raw))
            except InputError as error:
                problems.append(f"{month}: {error.user_message}")
        if len(row.counts) < len(settings.base_period):
            problems.append("kolom bulan dasar kurang")
        if problems:
            result.append(
                TargetRow(row.satker, note="PERIKSA: " + "; ".join(problems) + ".", source_row=row.source_row)
            )
            continue
        population, how = settings.population(counts)
        sample = settings.size(population)
        # How N was reached; the method and the formula with its numbers have their own columns beside it, so
        # the note says only what they do not (it fits one printed line: 26 satker on one page).
        note = how + (f" {sample.floor_text}" if sample.floor_text else "")
        smallest = min(range(len(counts)), key=counts.__getitem__)
        if sample.size > counts[smallest]:  # a sanity note, not an error: that month had fewer users than the target
            names = settings.base_period.month_names  # the year only where the period has a month twice
            month = (
                names[smallest] if names.count(names[smallest]) == 1 else settings.base_period.month_labels[smallest]
            )
            note += f" Perhatian: bulan {month} hanya {fmt(counts[smallest])} pengguna layanan."
        result.append(
            TargetRow(
                satker=row.satker,
                population=population,
                method=sample.method,
                target=sample.size,
                note=note,
                slovin_size=rule.formula_size(population, "slovin"),
                km_size=rule.formula_size(population, "krejcie_morgan"),
                source_row=row.source_row,
                sample=sample,
            )
        )
    return result


def problems(targets: Iterable[TargetRow]) -> list[str]:
    """Every problem row as '<where> (<satker>): <note>', for message boxes and the CLI."""
    return [f"{t.where()} ({t.name.strip() or 'tanpa nama'}): {t.note}" for t in targets if not t.ok]


def outside_table_notice(table: str, sheet: str, row: int, values: Sequence[object]) -> str:
    """A notice when the row just below a table holds data: typed there, it is not part of the table."""
    filled = [value for value in values if not _is_blank(value)]
    if not filled:
        return ""
    return (
        f"Perhatian: baris {row} di bawah tabel {table} (sheet '{sheet}') berisi data ({describe_value(filled[0])}) "
        "tetapi berada di luar tabel, sehingga tidak dihitung. Perpanjang tabel: tarik tanda sudut kanan bawah "
        "tabel ke bawah, atau Desain Tabel → Ubah Ukuran Tabel."
    )


class ExampleNotice(str):
    """A notice that a table still holds the template's invented CONTOH rows; ``rows`` says how many."""

    rows: int

    def __new__(cls, text: str, rows: int) -> ExampleNotice:
        notice = super().__new__(cls, text)
        notice.rows = rows
        return notice


def is_example(name: object) -> bool:
    """Whether a satker name is one of the template's invented examples (it starts with CONTOH)."""
    return layout.name_key(name).startswith(layout.EXAMPLE_MARK.casefold())


def example_rows_notice(targets: Iterable[TargetRow]) -> str:
    """A notice while the template's invented CONTOH rows are still among the satker."""
    examples = [t for t in targets if t.is_example]
    if not examples:
        return ""
    return ExampleNotice(
        f"Perhatian: tabel Pengguna Layanan masih memuat {len(examples)} baris {layout.EXAMPLE_MARK} (data fiktif "
        "dari templat). Hapus baris tersebut atau ganti dengan data satker Anda sebelum target dikirim.",
        len(examples),
    )


def comparison_with_old_rule(targets: Iterable[TargetRow]) -> str:
    """One line: how many satker the rule asks more, fewer or the same respondents of than the old flat 30."""
    changes = [t.change for t in targets if t.change is not None]
    if not changes:
        return ""
    up, down = sum(c > 0 for c in changes), sum(c < 0 for c in changes)
    same = len(changes) - up - down
    return (
        f"Dibandingkan aturan lama ({layout.OLD_FLAT_MINIMUM} responden, atau seluruh pengguna layanan bila N lebih "
        f"kecil): target {up} satker naik, {down} satker turun, {same} satker tetap."
    )


# A message box taller than the screen helps no one.
SHOWN_PROBLEMS = 15


@dataclass(frozen=True)
class Outcome:
    """What a fill did, for the ribbon's message box and the command line alike."""

    targets: list[TargetRow]
    problems: list[str]
    notices: list[str]
    comparison: str = ""
    settings: Settings | None = None  # what the targets were computed with

    @classmethod
    def of(
        cls, targets: list[TargetRow], settings: Settings, missing: Sequence[str] = (), notices: Sequence[str] = ()
    ) -> Outcome:
        shown = [missing_settings_notice(missing)] if missing else []
        shown += [n for n in (*notices, settings.period_notice, example_rows_notice(targets)) if n]
        return cls(targets, problems(targets), shown, comparison_with_old_rule(targets), settings)

    @property
    def examples(self) -> int:
        """The template's invented CONTOH rows still in the workbook (Pengguna Layanan and Realisasi)."""
        return sum(notice.rows for notice in self.notices if isinstance(notice, ExampleNotice))

    def summary(self) -> str:
        good = len(self.targets) - len(self.problems)
        text = f"Target {good} satker berhasil dihitung"
        return text + (f", {len(self.problems)} baris perlu diperiksa." if self.problems else ".")

    def message(self, heading: str) -> str:
        lines = [heading, self.summary(), *([self.comparison] if self.comparison else []), *self.notices]
        if self.problems:
            lines.append("")
            lines += self.problems[:SHOWN_PROBLEMS]
            if len(self.problems) > SHOWN_PROBLEMS:
                lines.append(f"… dan {len(self.problems) - SHOWN_PROBLEMS} baris lain (lihat kolom Keterangan).")
        return "\n".join(lines)
