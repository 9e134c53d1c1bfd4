"""The workbook's layout, in one place.

Every adapter (the openpyxl file path, the xlwings ribbon code, the template
builder, the export and the consolidation) reads sheet names, table names,
column headers and the settings' defined names from here, so a rename happens
once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .sampling import XlAddinError

# Sheets, in the order the template shows them.
SHEET_GUIDE = "Petunjuk"
SHEET_SETTINGS = "Pengaturan"
SHEET_COUNTS = "Pengguna Layanan"
SHEET_TARGETS = "Target Responden"
SHEET_REALISATION = "Realisasi"
SHEET_XLWINGS_CONF = "xlwings.conf"  # the name xlwings itself looks for

# Excel tables (ListObjects). Adapters find them by name, wherever they sit.
TABLE_COUNTS = "PenggunaLayanan"
TABLE_TARGETS = "TargetResponden"
TABLE_REALISATION = "RealisasiResponden"

# The row where each table's header sits in the template (rows above hold a title
# and a note). Adapters never rely on it: they find tables by name.
TABLE_HEADER_ROW = 4

COLUMN_SATKER = "Satuan Kerja"

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)
DEFAULT_BASE_MONTHS = MONTHS[0:3]  # Q1 2024
DEFAULT_TARGET_MONTHS = MONTHS[6:12]  # semester II 2024


@dataclass(frozen=True)
class TargetColumn:
    header: str
    width: float
    number_format: str = "General"


# Columns of the TargetResponden table. The first five are the contract other
# tools rely on; the rest are the audit trail a reader can check by hand.
COLUMN_POPULATION = "Populasi (N)"
COLUMN_METHOD = "Metode"
COLUMN_TARGET = "Target per Bulan"
COLUMN_NOTE = "Keterangan"
COLUMN_FORMULA = "Rumus dengan Angka"
COLUMN_SLOVIN = "Pembanding Slovin"
COLUMN_KREJCIE = "Pembanding Krejcie & Morgan"
COLUMN_EXCEL_CHECK = "Cek Rumus Excel"

TARGET_COLUMNS = (
    TargetColumn(COLUMN_SATKER, 52),
    TargetColumn(COLUMN_POPULATION, 14, "#,##0"),
    TargetColumn(COLUMN_METHOD, 20),
    TargetColumn(COLUMN_TARGET, 16, "#,##0"),
    TargetColumn(COLUMN_NOTE, 60),
    TargetColumn(COLUMN_FORMULA, 70),
    TargetColumn(COLUMN_SLOVIN, 14, "#,##0"),
    TargetColumn(COLUMN_KREJCIE, 16, "#,##0"),
    TargetColumn(COLUMN_EXCEL_CHECK, 16, "#,##0"),
)
TARGET_HEADERS = tuple(column.header for column in TARGET_COLUMNS)
REQUIRED_TARGET_HEADERS = TARGET_HEADERS[:5]

# The Realisasi table: respondents actually reached, one row per satker. Columns:
# Satuan Kerja, Target per Bulan (looked up from TargetResponden), "<survey> <month>"
# for each survey and target month (typed by the satker), "% <survey> <month>" (formulas),
# and one "Grafik <survey>" column per survey: the month chosen in NAME_CHART_MONTH.
SURVEYS = ("SPKP", "SPAK")
PERCENT_PREFIX = "% "
CHART_PREFIX = "Grafik "
NAME_CHART_MONTH = "Bulan_Grafik"


def realisation_column(survey: str, month: str) -> str:
    return f"{survey} {month}"


def realisation_headers(target_months: tuple[str, ...] = DEFAULT_TARGET_MONTHS) -> tuple[str, ...]:
    counts = [realisation_column(s, m) for s in SURVEYS for m in target_months]
    return (
        COLUMN_SATKER,
        COLUMN_TARGET,
        *counts,
        *(PERCENT_PREFIX + c for c in counts),
        *(CHART_PREFIX + s for s in SURVEYS),
    )

# Text shown for each method in the workbook.
METHOD_LABELS = {"slovin": "Slovin", "krejcie_morgan": "Krejcie & Morgan"}
# Rounding choices as the workbook spells them.
ROUNDING_LABELS = {"up": "ke atas", "nearest": "terdekat"}


@dataclass(frozen=True)
class Setting:
    """One named cell on the Pengaturan sheet."""

    field: str  # attribute of xl_addin.plan.Settings
    defined_name: str  # workbook-level defined name of the cell
    label: str
    default: object
    explanation: str


SETTINGS = (
    Setting("threshold", "Ambang_N", "Ambang N (batas metode)", 30,
            "N di bawah ambang memakai Slovin; N sama dengan atau di atas ambang memakai "
            "Krejcie & Morgan. Aturan menyebut 'kurang dari 30', jadi N = 30 memakai Krejcie & Morgan."),
    Setting("slovin_error", "Slovin_e", "e (toleransi galat Slovin)", 0.05,
            "Batas kesalahan yang diterima pada rumus Slovin n = N / (1 + N·e²). Umumnya 0,05 atau 0,10."),
    Setting("slovin_rounding", "Pembulatan_Slovin", "Pembulatan Slovin", "ke atas",
            "Hasil Slovin adalah batas minimum, maka lazimnya dibulatkan ke atas."),
    Setting("km_margin", "KM_d", "d (derajat ketelitian Krejcie & Morgan)", 0.05,
            "Derajat ketelitian (margin of error) pada tabel Krejcie & Morgan 1970: 0,05."),
    Setting("km_confidence", "KM_Kepercayaan", "Tingkat kepercayaan Krejcie & Morgan", 0.95,
            "Menentukan χ² (1 derajat bebas), dibulatkan 3 desimal seperti tabel: 0,95 → 3,841."),
    Setting("km_proportion", "KM_P", "P (proporsi populasi)", 0.5,
            "Proporsi populasi; 0,5 memberi sampel terbesar dan dipakai tabel 1970."),
    Setting("km_rounding", "Pembulatan_KM", "Pembulatan Krejcie & Morgan", "terdekat",
            "Tabel Krejcie & Morgan 1970 adalah hasil rumus dibulatkan ke bilangan terdekat."),
    Setting("base_months", "Bulan_Dasar", "Bulan dasar (populasi)", ", ".join(DEFAULT_BASE_MONTHS),
            "Kolom bulan pada tabel Pengguna Layanan yang dirata-ratakan menjadi N (triwulan I 2024)."),
    Setting("target_months", "Bulan_Target", "Bulan target", ", ".join(DEFAULT_TARGET_MONTHS),
            "Bulan-bulan berlakunya target per bulan (semester II 2024)."),
)
SETTINGS_BY_FIELD = {setting.field: setting for setting in SETTINGS}

# Named cells on Pengaturan recording what built the workbook; the self-test compares them.
NAME_XL_ADDIN_VERSION = "Versi_xl_addin"
NAME_XLWINGS_VERSION = "Versi_xlwings"


# -- finding things by name, the same way in every adapter ---------------------------------


def clean_header(value: object) -> str:
    """A header or name as compared: spaces collapsed (Excel users type extra ones)."""
    return " ".join(str(value if value is not None else "").split())


def column_index(headers: Sequence[str], header: str, table: str) -> int:
    """The 0-based position of ``header`` among a table's ``headers`` (case-insensitive)."""
    for index, found in enumerate(headers):
        if clean_header(found).casefold() == header.casefold():
            return index
    raise XlAddinError(
        f"table {table!r} has no column {header!r} (has {list(headers)})",
        f"Tabel '{table}' tidak punya kolom '{header}'. Kolom yang ada: {', '.join(map(str, headers))}.",
    )


def table_missing(name: str) -> XlAddinError:
    return XlAddinError(
        f"no Excel table named {name!r} in the workbook",
        f"Tabel Excel '{name}' tidak ditemukan. Apakah sheet-nya terhapus atau tabelnya diganti nama? "
        f"Pakai templat asli atau buat ulang tabel bernama '{name}' (Desain Tabel → Nama Tabel).",
    )


def totals_row_not_allowed(name: str) -> XlAddinError:
    # A Total Row would be overwritten by a satker and then sit inside the resized table.
    return XlAddinError(
        f"table {name} has a totals row",
        f"Tabel '{name}' memakai Baris Total (Total Row). Matikan dulu: klik di dalam tabel, tab Desain Tabel "
        "(Table Design), hapus centang Baris Total, lalu ulangi.",
    )
