"""The workbooks' layout, in one place: sheet, table, column and defined names.

Every adapter (the openpyxl file path, the xlwings ribbon code, the template builder,
the export and the consolidation) reads names from here, so a rename happens once.
Nothing here reads or writes a workbook.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import indonesian, sampling
from .errors import column_missing
from .indonesian import MONTHS

# Sheets of the office workbook, in the order the template shows them.
SHEET_GUIDE = "Petunjuk"
SHEET_SETTINGS = "Pengaturan"
SHEET_COUNTS = "Pengguna Layanan"
SHEET_TARGETS = "Target Responden"
SHEET_REALISATION = "Realisasi"
SHEET_XLWINGS_CONF = "xlwings.conf"  # the name xlwings itself looks for
SHEET_SELFTEST = "Tes Instalasi"  # written by the ribbon's Tes Instalasi button
SHEET_STAMP = "Tentang Salinan"  # the email copy's first sheet
SHEET_CHART = "Grafik Realisasi"
SHEET_CALCULATOR = "Kalkulator"
SHEET_KM_TABLE = "Tabel Krejcie & Morgan"
SHEET_DECISION = "Penetapan"  # the decision page, to print and sign
# Sheets that only make sense with Python and xlwings at hand: the email copy drops them.
PYTHON_ONLY_SHEETS = (SHEET_XLWINGS_CONF, "_xlwings.conf", SHEET_SELFTEST)
# The template's sheets, in order (each has its VBA document module).
TEMPLATE_SHEETS = (
    SHEET_GUIDE,
    SHEET_SETTINGS,
    SHEET_COUNTS,
    SHEET_TARGETS,
    SHEET_DECISION,
    SHEET_REALISATION,
    SHEET_CHART,
    SHEET_CALCULATOR,
    SHEET_KM_TABLE,
    SHEET_XLWINGS_CONF,
)

# Excel tables (ListObjects). Adapters find them by name, wherever they sit.
TABLE_COUNTS = "PenggunaLayanan"
TABLE_TARGETS = "TargetResponden"
TABLE_REALISATION = "RealisasiResponden"
TABLE_KM = "TabelKrejcieMorgan"
TABLE_DECISION = "PenetapanTarget"
TEMPLATE_TABLES = (TABLE_COUNTS, TABLE_TARGETS, TABLE_DECISION, TABLE_REALISATION, TABLE_KM)
COLUMN_KM_N = "Populasi N"
COLUMN_KM_S = "Sampel s"
# How many rows below a table's header validation, colours and totals reach (a Kanwil has dozens of satker).
CAPACITY = 500

# The row where each table's header sits in the files we build (rows above hold a title
# and a note). Readers never rely on it: they find tables by name.
TABLE_HEADER_ROW = 4

COLUMN_SATKER = "Satuan Kerja"

DEFAULT_BASE_MONTHS = MONTHS[0:3]  # Q1 2024
DEFAULT_TARGET_MONTHS = MONTHS[6:12]  # semester II 2024
# The years the template's month headers carry ("Januari 2024"). Columns are matched by month, with or
# without a year, so a workbook whose headers name another year still works.
BASE_YEAR = 2024
TARGET_YEAR = 2024


def dated(month: str, year: int) -> str:
    return f"{month} {year}"


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
# The flat minimum offices used before the rule; the old target is it, or every user when N is smaller.
OLD_FLAT_MINIMUM = 30
COLUMN_OLD_TARGET = f"Target Aturan Lama ({OLD_FLAT_MINIMUM})"
COLUMN_CHANGE = "Perubahan"

TARGET_COLUMNS = (
    TargetColumn(COLUMN_SATKER, 40),
    TargetColumn(COLUMN_POPULATION, 12, "#,##0"),
    TargetColumn(COLUMN_METHOD, 17),
    TargetColumn(COLUMN_TARGET, 12, "#,##0"),
    TargetColumn(COLUMN_NOTE, 60),
    TargetColumn(COLUMN_FORMULA, 62),
    TargetColumn(COLUMN_SLOVIN, 13, "#,##0"),
    TargetColumn(COLUMN_KREJCIE, 14, "#,##0"),
    TargetColumn(COLUMN_EXCEL_CHECK, 13, "#,##0"),
    TargetColumn(COLUMN_OLD_TARGET, 13, "#,##0"),
    TargetColumn(COLUMN_CHANGE, 12, "+#,##0;−#,##0;0"),
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
TOTALS_LABEL = "Jumlah"  # the label of every totals row we write


def realisation_column(survey: str, month: str) -> str:
    return f"{survey} {month}"


def realisation_headers(
    target_months: tuple[str, ...] = DEFAULT_TARGET_MONTHS, year: int | None = TARGET_YEAR
) -> tuple[str, ...]:
    counts = [realisation_column(s, dated(m, year) if year else m) for s in SURVEYS for m in target_months]
    return (
        COLUMN_SATKER,
        COLUMN_TARGET,
        *counts,
        *(PERCENT_PREFIX + c for c in counts),
        *(CHART_PREFIX + s for s in SURVEYS),
        COLUMN_NOTE,
    )


# Named cells the fill writes besides the tables: the one-line comparison with the old rule.
NAME_TARGET_SUMMARY = "Ringkasan_Target"

# The decision page: a table the fill keeps one row per satker (live references to the targets
# table), followed by the signature block, which moves with it.
COLUMN_NUMBER = "No."
DECISION_HEADERS = ("No.", COLUMN_SATKER, COLUMN_POPULATION, COLUMN_METHOD, COLUMN_TARGET, "Perubahan dari Aturan Lama")
DECISION_HEADER_ROW = 8
# Satker names starting with this mark the template's invented example rows.
EXAMPLE_MARK = "CONTOH"


# Text shown for each method in the workbook.
METHOD_LABELS = dict(sampling.METHOD_NAMES)
# Rounding choices as the workbook spells them.
ROUNDING_LABELS = {"up": "ke atas", "nearest": "terdekat"}
# Where N comes from: the monthly average of the base months, or their total.
POPULATION_LABELS = {"average": "rata-rata per bulan", "total": "jumlah seluruh bulan dasar"}


@dataclass(frozen=True)
class Setting:
    """One named cell on the Pengaturan sheet."""

    field: str  # attribute of xl_addin.plan.Settings
    defined_name: str  # workbook-level defined name of the cell
    label: str
    default: object
    explanation: str


SETTINGS = (
    Setting(
        "threshold",
        "Ambang_N",
        "Ambang N (batas metode)",
        sampling.DEFAULT_THRESHOLD,
        "N di bawah ambang dihitung dengan rumus Slovin; N sama dengan atau di atas ambang dengan rumus "
        "Krejcie & Morgan. Aturan menyebut 'kurang dari 30', jadi N = 30 dihitung dengan Krejcie & Morgan.",
    ),
    Setting(
        "slovin_error",
        "Slovin_e",
        "e (batas toleransi kesalahan Slovin)",
        sampling.DEFAULT_ERROR,
        "Batas kesalahan yang diterima pada rumus Slovin n = N / (1 + N·e²). Umumnya 0,05 atau 0,10.",
    ),
    Setting(
        "slovin_rounding",
        "Pembulatan_Slovin",
        "Pembulatan Slovin",
        ROUNDING_LABELS[sampling.DEFAULT_SLOVIN_ROUNDING],
        "Hasil Slovin adalah batas minimal, maka lazimnya dibulatkan ke atas.",
    ),
    Setting(
        "km_margin",
        "KM_d",
        "d (derajat ketelitian Krejcie & Morgan)",
        sampling.DEFAULT_MARGIN,
        "Derajat ketelitian (margin of error) pada tabel Krejcie & Morgan 1970: 0,05.",
    ),
    Setting(
        "km_confidence",
        "KM_Kepercayaan",
        "Tingkat kepercayaan Krejcie & Morgan",
        sampling.DEFAULT_CONFIDENCE,
        "Menentukan χ² (1 derajat bebas), dibulatkan 3 desimal seperti tabel: 0,95 → 3,841.",
    ),
    Setting(
        "km_proportion",
        "KM_P",
        "P (proporsi populasi)",
        sampling.DEFAULT_PROPORTION,
        "Proporsi populasi; 0,5 memberi sampel terbesar dan digunakan pada tabel 1970.",
    ),
    Setting(
        "km_rounding",
        "Pembulatan_KM",
        "Pembulatan Krejcie & Morgan",
        ROUNDING_LABELS[sampling.DEFAULT_KM_ROUNDING],
        "Tabel Krejcie & Morgan 1970 adalah hasil rumus yang dibulatkan ke bilangan bulat terdekat.",
    ),
    Setting(
        "base_months",
        "Bulan_Dasar",
        "Bulan dasar (populasi)",
        ", ".join(DEFAULT_BASE_MONTHS),
        "Kolom bulan pada tabel Pengguna Layanan yang menjadi dasar N (triwulan I 2024).",
    ),
    Setting(
        "population_basis",
        "Dasar_N",
        "Populasi N dihitung dari",
        POPULATION_LABELS["average"],
        "'rata-rata per bulan' (bawaan): N = rata-rata pengguna layanan per bulan dasar, dibulatkan ke atas. "
        "'jumlah seluruh bulan dasar': N = jumlah pengguna layanan semua bulan dasar, sekitar tiga kali lebih "
        "besar, sehingga target satker kecil naik. Tidak ada ketentuan resmi yang menetapkan salah satunya; "
        "pilih sesuai kesepakatan dengan BPS.",
    ),
    Setting(
        "floor",
        "Batas_Minimal",
        "Batas minimal responden (boleh kosong)",
        None,
        "Kosong (bawaan): target = hasil rumus. Diisi, misalnya 30 seperti aturan lama: target tidak kurang dari "
        "angka ini, tetapi tidak pernah lebih dari N (bila N lebih kecil, seluruh pengguna layanan menjadi "
        "responden).",
    ),
    Setting(
        "target_months",
        "Bulan_Target",
        "Bulan target",
        ", ".join(DEFAULT_TARGET_MONTHS),
        "Bulan-bulan berlakunya target per bulan (semester II 2024).",
    ),
)
SETTINGS_BY_FIELD = {setting.field: setting for setting in SETTINGS}

# What the printed pages and the decision page say; not part of the rule (the Kanwil summary does not
# compare them between satker). Named cells on Pengaturan, below the rule's settings.
DOCUMENT_SETTINGS = (
    Setting(
        "office",
        "Nama_Kantor",
        "Nama kantor (untuk kop dan cetakan)",
        "(isi nama kantor di sheet Pengaturan)",
        "Ditampilkan di kepala setiap halaman cetak dan di halaman Penetapan.",
    ),
    Setting("place", "Tempat_Penetapan", "Tempat penetapan", "(tempat)", "Kota tempat penetapan ditandatangani."),
    Setting(
        "date",
        "Tanggal_Penetapan",
        "Tanggal penetapan",
        None,
        "Tanggal penandatanganan (isi sebagai tanggal). Kosong: baris tanggal dibiarkan untuk diisi tangan.",
    ),
    Setting(
        "position",
        "Jabatan_Penanda_Tangan",
        "Jabatan penanda tangan",
        "(jabatan)",
        "Misalnya Kepala Kantor Wilayah atau Kepala Satuan Kerja.",
    ),
    Setting("signer", "Nama_Penanda_Tangan", "Nama penanda tangan", "(nama)", "Nama lengkap dengan gelar."),
    Setting("nip", "NIP_Penanda_Tangan", "NIP penanda tangan", "(NIP)", "Nomor Induk Pegawai, 18 digit."),
    Setting(
        "time_zone", "Zona_Waktu", "Zona waktu", "WIB", "WIB, WITA atau WIT: untuk cap waktu salinan email dan rekap."
    ),
)
TIME_ZONES = indonesian.TIME_ZONES

# Named cells on Pengaturan recording what built the workbook; the self-test compares them.
NAME_XL_ADDIN_VERSION = "Versi_xl_addin"
NAME_XLWINGS_VERSION = "Versi_xlwings"
# The Excel formulas this package adds (xl_addin.udfs defines them; the email copy replaces their calls).
UDF_NAMES = ("SLOVIN", "KREJCIE", "RESPONDEN_MINIMAL", "METODE_SAMPEL")

# The Kanwil summary (xl-addin consolidate, the ribbon's Rekap Kanwil).
SUMMARY_FILE_NAME = "Rekap Kanwil.xlsx"
SHEET_SUMMARY = "Rekap"
SHEET_PROBLEMS = "Masalah"
SHEET_FILE_SETTINGS = "Pengaturan per File"
TABLE_SUMMARY = "RekapKanwil"
TABLE_PROBLEMS = "MasalahKanwil"
TABLE_FILE_SETTINGS = "PengaturanPerFile"
COLUMN_FILE = "File"
COLUMN_MONTHS_REACHED = "Bulan Tercapai"


# -- comparing names the same way in every adapter ---------------------------------------------


def name_key(value: object) -> str:
    """How names and headers are compared: spacing and case do not count ("lapas  A" is "Lapas A").

    Only for matching; a name is always written back exactly as it was typed.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 12345 typed as a number matches "12345" typed as text
    return " ".join(str(value).split()).casefold()


_TRAILING_YEAR = re.compile(r" (?:19|20)[0-9]{2}$")


def header_key(value: object) -> str:
    """How column headers are compared: as names, and without a trailing year ("SPKP Juli 2024" is "spkp juli")."""
    return _TRAILING_YEAR.sub("", name_key(value))


def column_index(headers: Sequence[object], header: str, table: str) -> int:
    """The 0-based position of ``header`` among a table's ``headers`` (spacing, case and a trailing year ignored)."""
    wanted = header_key(header)
    for index, found in enumerate(headers):
        if header_key(found) == wanted:
            return index
    raise column_missing(table, header, [str(h) for h in headers])


# -- survey import and indices (xl-addin impor-survei, the ribbon's Impor Survei) ---------------

SHEET_MAPPING = "Pemetaan Kolom"  # which export column holds what; the import's settings
SHEET_INDICES = "Indeks Survei"  # IKM and the SPKP/SPAK indices per satker and month
SHEET_SURVEY_DATA = "Data Survei"  # the imported answers, summed per satker, month and question
SHEET_IMPORT_LOG = "Riwayat Impor"  # one row per imported file
SHEET_IMPORT_PROBLEMS = "Masalah Impor"  # rows the last import could not count, and kept numbers
SHEET_RESPONSE_KEYS = "Kunci Respons"  # hidden: which responses were already counted
SURVEY_SHEETS = (
    SHEET_MAPPING,
    SHEET_INDICES,
    SHEET_SURVEY_DATA,
    SHEET_IMPORT_LOG,
    SHEET_IMPORT_PROBLEMS,
    SHEET_RESPONSE_KEYS,
)
# The survey sheets sit before xlwings.conf, which stays the template's last sheet.
TEMPLATE_SHEETS = (*TEMPLATE_SHEETS[:-1], *SURVEY_SHEETS, TEMPLATE_SHEETS[-1])
# The response keys mean nothing without the import: the email copy drops them.
PYTHON_ONLY_SHEETS = (*PYTHON_ONLY_SHEETS, SHEET_RESPONSE_KEYS)

TABLE_MAPPING = "PemetaanKolom"
TABLE_ANSWER_VALUES = "NilaiJawaban"
TABLE_INDICES = "IndeksSurvei"
TABLE_SURVEY_DATA = "DataSurvei"
TABLE_IMPORT_LOG = "RiwayatImpor"
TABLE_IMPORT_PROBLEMS = "MasalahImpor"
TABLE_RESPONSE_KEYS = "KunciRespons"
TEMPLATE_TABLES = (
    *TEMPLATE_TABLES,
    TABLE_MAPPING,
    TABLE_ANSWER_VALUES,
    TABLE_INDICES,
    TABLE_SURVEY_DATA,
    TABLE_IMPORT_LOG,
    TABLE_IMPORT_PROBLEMS,
    TABLE_RESPONSE_KEYS,
)

# Columns of the mapping table and of the answer-value table.
COLUMN_ROLE = "Isi Kolom"
COLUMN_SURVEY = "Survei"
COLUMN_CODE = "Kode"
COLUMN_EXPORT_HEADER = "Judul Kolom di File Ekspor"
COLUMN_IKM_ELEMENT = "Unsur IKM"
MAPPING_HEADERS = (COLUMN_ROLE, COLUMN_SURVEY, COLUMN_CODE, COLUMN_EXPORT_HEADER, COLUMN_IKM_ELEMENT)
COLUMN_ANSWER = "Jawaban di File Ekspor"
COLUMN_ANSWER_VALUE = "Nilai"
ANSWER_HEADERS = (COLUMN_ANSWER, COLUMN_ANSWER_VALUE)

# Columns of the summed answers (one row per survey, satker, month and question).
COLUMN_YEAR = "Tahun"
COLUMN_MONTH = "Bulan"
COLUMN_RESPONDENTS = "Responden"
COLUMN_SCALE = "Skala"
COLUMN_ANSWER_SUM = "Jumlah Nilai"
COLUMN_ANSWERED = "Jawaban Terisi"
SURVEY_DATA_HEADERS = (
    COLUMN_SURVEY,
    COLUMN_SATKER,
    COLUMN_YEAR,
    COLUMN_MONTH,
    COLUMN_RESPONDENTS,
    COLUMN_CODE,
    COLUMN_SCALE,
    COLUMN_ANSWER_SUM,
    COLUMN_ANSWERED,
)
COLUMN_RESPONSE_KEY = "Kunci Respons"
COLUMN_TIME_KEY = "Kunci Waktu dan Satker"
RESPONSE_KEY_HEADERS = (COLUMN_RESPONSE_KEY, COLUMN_TIME_KEY)

# Columns of the indices table. The headers do not name the questionnaire's scale: it is a
# setting, and a header that changed with it would break the Kanwil summary's reading.
COLUMN_PERIOD = "Bulan"
COLUMN_IKM = "IKM (25–100)"
COLUMN_IKM_GRADE = "Mutu Pelayanan"
COLUMN_IKM_PERFORMANCE = "Kinerja Unit Pelayanan"
COLUMN_INDICES_NOTE = "Keterangan"


def respondents_column(survey: str) -> str:
    return f"Responden {survey}"


def index_column(survey: str, scale: str) -> str:
    """``scale``: "kuesioner", "4" or "100"."""
    return f"Indeks {survey} (skala {scale})"


def threshold_column(survey: str) -> str:
    return f"{survey} ≥ Batas Kantor"


INDEX_SCALES = ("kuesioner", "4", "100")
INDICES_HEADERS = (
    COLUMN_SATKER,
    COLUMN_PERIOD,
    respondents_column(SURVEYS[0]),
    COLUMN_IKM,
    COLUMN_IKM_GRADE,
    COLUMN_IKM_PERFORMANCE,
    *(index_column(SURVEYS[0], scale) for scale in INDEX_SCALES),
    respondents_column(SURVEYS[1]),
    *(index_column(SURVEYS[1], scale) for scale in INDEX_SCALES),
    *(threshold_column(survey) for survey in SURVEYS),
    COLUMN_INDICES_NOTE,
)

# Columns of the import record and of the problems of the last import.
COLUMN_IMPORT_TIME = "Waktu Impor"
COLUMN_ROWS_READ = "Baris Dibaca"
COLUMN_NEW_RESPONSES = "Respons Baru"
COLUMN_EARLIER = "Sudah Pernah Diimpor"
COLUMN_REPEATED = "Ganda dalam Impor Ini"
COLUMN_NOT_COUNTED = "Tidak Dihitung"
COLUMN_CHANGED = "Realisasi Berubah"
IMPORT_LOG_HEADERS = (
    COLUMN_IMPORT_TIME,
    COLUMN_FILE,
    COLUMN_SURVEY,
    COLUMN_ROWS_READ,
    COLUMN_NEW_RESPONSES,
    COLUMN_EARLIER,
    COLUMN_REPEATED,
    COLUMN_NOT_COUNTED,
    COLUMN_CHANGED,
    COLUMN_INDICES_NOTE,
)
COLUMN_ROW = "Baris"
COLUMN_SATKER_IN_FILE = "Satuan Kerja di File"
COLUMN_PROBLEM = "Masalah"
IMPORT_PROBLEM_HEADERS = (COLUMN_FILE, COLUMN_ROW, COLUMN_SURVEY, COLUMN_SATKER_IN_FILE, COLUMN_PROBLEM)

# The import's settings: named cells on the Pemetaan Kolom sheet (read by survey.SurveySettings).
DATE_ORDER_LABELS = {"DMY": "tanggal/bulan/tahun", "MDY": "bulan/tanggal/tahun", None: "belum ditentukan"}
SCALE_CONVERSION_LABELS = {"proportional": "proporsional", "range": "rentang"}
SURVEY_SETTINGS = (
    Setting(
        "date_order",
        "Urutan_Tanggal",
        "Urutan tanggal pada cap waktu",
        DATE_ORDER_LABELS[None],
        "Google Forms menulis cap waktu menurut bahasa akun: 7/15/2024 10:32:05 (bulan/tanggal/tahun) atau "
        "15/07/2024 10.32.05 (tanggal/bulan/tahun). Bila 'belum ditentukan', tanggal yang dapat dibaca dua cara "
        "(misalnya 03/04/2024) tidak dihitung dan dilaporkan; pilih urutannya di sini lalu impor ulang.",
    ),
    Setting(
        "year",
        "Tahun_Survei",
        "Tahun bulan target",
        2024,
        "Respons dihitung pada bulan target (sheet Pengaturan) tahun ini; respons tahun lain dilaporkan.",
    ),
    Setting(
        "spkp_scale",
        "Skala_SPKP",
        "Skala jawaban SPKP (nilai tertinggi)",
        4,
        "4 untuk jawaban 1–4, 6 untuk bintang 1–6. IKM menurut PermenPANRB 14/2017 hanya dihitung pada skala 1–4.",
    ),
    Setting(
        "spak_scale",
        "Skala_SPAK",
        "Skala jawaban SPAK (nilai tertinggi)",
        4,
        "4 untuk jawaban 1–4, 6 untuk bintang 1–6.",
    ),
    Setting(
        "conversion",
        "Konversi_Skala",
        "Konversi ke skala 4 dan 100 (pilihan kantor)",
        SCALE_CONVERSION_LABELS["proportional"],
        "Tidak ditemukan konversi resmi antarskala; ini pilihan kantor. Proporsional: nilai × 4/skala dan "
        "nilai × 100/skala. Rentang: 1 tetap 1 dan nilai tertinggi menjadi 4, lalu × 25 (skala 25–100 seperti IKM). "
        "Pada skala 1–4 keduanya sama.",
    ),
    Setting(
        "threshold",
        "Batas_Indeks_Kantor",
        "Batas indeks yang ditetapkan kantor (skala 100)",
        None,
        "Kosong: tidak dibandingkan. Isi bila kantor menetapkan batas sendiri; batas ini pilihan kantor, bukan "
        "ketentuan Zona Integritas yang dikutip workbook ini.",
    ),
    Setting(
        "fixed_satker",
        "Satker_Tetap",
        "Satker untuk file tanpa kolom satker",
        None,
        "Untuk formulir satu satker yang tidak menanyakan satker: semua respons file tanpa kolom Satuan kerja "
        "dihitung untuk satker ini (nama persis seperti di Realisasi).",
    ),
)

# The Kanwil summary's copy of every satker workbook's indices.
SHEET_SUMMARY_INDICES = "Indeks Survei"
TABLE_SUMMARY_INDICES = "IndeksKanwil"
