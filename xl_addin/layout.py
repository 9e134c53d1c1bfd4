"""The workbooks' layout, in one place: sheet, table, column and defined names.

Every adapter (the openpyxl file path, the xlwings ribbon code, the template builder,
the export and the consolidation) reads names from here, so a rename happens once.
Nothing here reads or writes a workbook.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import indonesian, sampling
from .errors import column_missing
from .indonesian import MONTHS  # noqa: F401  (read as layout.MONTHS by the cells and the tests)
from .period import Period

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
# The 1970 table in three blocks side by side (one printed page), each a table of its own; an older workbook has
# the first alone, with all of it.
KM_TABLES = (TABLE_KM, f"{TABLE_KM}2", f"{TABLE_KM}3")
TABLE_DECISION = "PenetapanTarget"
TEMPLATE_TABLES = (TABLE_COUNTS, TABLE_TARGETS, TABLE_DECISION, TABLE_REALISATION, *KM_TABLES)
COLUMN_KM_N = "Populasi N"
COLUMN_KM_S = "Sampel s"
# How many rows below a table's header validation, colours and totals reach (a Kanwil has dozens of satker).
CAPACITY = 500

# The row where each table's header sits in the files we build (rows above hold a title
# and a note). Readers never rely on it: they find tables by name.
TABLE_HEADER_ROW = 4

COLUMN_SATKER = "Satuan Kerja"

# The periods are settings (Pengaturan); these are the template's, as its example data (Q1 and semester II 2024).
DEFAULT_BASE_PERIOD = Period.parse("Januari–Maret 2024")
DEFAULT_TARGET_PERIOD = Period.parse("Juli–Desember 2024")
# The default periods' month names, for the code that still matches columns by month name alone.
DEFAULT_BASE_MONTHS = DEFAULT_BASE_PERIOD.month_names
DEFAULT_TARGET_MONTHS = DEFAULT_TARGET_PERIOD.month_names


@dataclass(frozen=True)
class TargetColumn:
    header: str
    width: float
    number_format: str = "General"


# Columns of the TargetResponden table: the target and its numbers first, the formula with its numbers and the
# note (Keterangan) last, each wide enough for one printed line, so 26 satker print on one page per part. Other
# tools find the columns by their headers; the required ones are the contract they rely on.
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

# Whole numbers with the thousands mark: the number format of every count on every sheet.
COUNT_FORMAT = "#,##0"

TARGET_COLUMNS = (
    TargetColumn(COLUMN_SATKER, 50),
    TargetColumn(COLUMN_POPULATION, 10, "#,##0"),
    TargetColumn(COLUMN_METHOD, 16),
    TargetColumn(COLUMN_TARGET, 10, "#,##0"),
    TargetColumn(COLUMN_SLOVIN, 12, "#,##0"),
    TargetColumn(COLUMN_KREJCIE, 12, "#,##0"),
    TargetColumn(COLUMN_EXCEL_CHECK, 12, "#,##0"),
    TargetColumn(COLUMN_OLD_TARGET, 12, "#,##0"),
    TargetColumn(COLUMN_CHANGE, 12, "+#,##0;−#,##0;0"),
    TargetColumn(COLUMN_FORMULA, 96),
    TargetColumn(COLUMN_NOTE, 96),
)
TARGET_HEADERS = tuple(column.header for column in TARGET_COLUMNS)
REQUIRED_TARGET_HEADERS = (COLUMN_SATKER, COLUMN_POPULATION, COLUMN_METHOD, COLUMN_TARGET, COLUMN_NOTE)

# The Realisasi table: respondents actually reached, one row per satker. Columns:
# Satuan Kerja, Target per Bulan (looked up from TargetResponden), "<survey> <month>"
# for each survey and target month (typed by the satker), "% <survey> <month>" (formulas),
# and one "Grafik <survey>" column per survey: the percentage of the month chosen in NAME_CHART_MONTH.
SURVEYS = ("SPKP", "SPAK")
PERCENT_PREFIX = "% "
CHART_PREFIX = "Grafik "
NAME_CHART_MONTH = "Bulan_Grafik"
TOTALS_LABEL = "Jumlah"  # the label of every totals row we write


def realisation_column(survey: str, month: str) -> str:
    return f"{survey} {month}"


# Named cells the fill writes besides the tables: the one-line comparison with the old rule.
NAME_TARGET_SUMMARY = "Ringkasan_Target"

# The decision page: a table the fill keeps one row per satker (live references to the targets
# table), followed by the signature block, which moves with it.
COLUMN_NUMBER = "No."
# The page is signed: the change from the old rule stays on Target Responden (an older page's change column,
# "Perubahan dari Aturan Lama", is still filled while it is there).
DECISION_HEADERS = ("No.", COLUMN_SATKER, COLUMN_POPULATION, COLUMN_METHOD, COLUMN_TARGET)
DECISION_OLD_CHANGE_HEADER = "Perubahan dari Aturan Lama"
# The official page: letterhead, document heading, legal basis, the rule, the signature block, then the
# attachment (Lampiran) table from this row down. An older page (its table header in row 8, no letterhead)
# keeps its signature block below the table.
DECISION_HEADER_ROW = 25
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
        "base_period",
        "Bulan_Dasar",  # the previous release's name: its workbooks, and formulas that use the name, keep working
        "Periode dasar (populasi)",
        DEFAULT_BASE_PERIOD.label,
        "Bulan dan tahun yang menjadi dasar N (kolom tabel Pengguna Layanan), misalnya Januari–Maret 2025, "
        "Jan–Mar 2025 atau Oktober 2024–Maret 2025. Isi templat adalah contoh.",
    ),
    Setting(
        "target_period",
        "Bulan_Target",  # the previous release's name, as Bulan_Dasar
        "Periode target",
        DEFAULT_TARGET_PERIOD.label,
        "Bulan dan tahun berlakunya target per bulan, misalnya Juli–Desember 2025. Impor Survei menghitung "
        "respons pada bulan-bulan ini.",
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
)
SETTINGS_BY_FIELD = {setting.field: setting for setting in SETTINGS}

# What the printed pages and the decision page say; not part of the rule (the Kanwil summary does not
# compare them between satker). Named cells on Pengaturan, below the rule's settings.
# Blank to fill by hand: what a neutral default of the decision page looks like until Pengaturan says otherwise.
BLANK = "……………………"
DOCUMENT_SETTINGS = (
    Setting(
        "office",
        "Nama_Kantor",
        "Nama kantor (untuk kepala halaman cetak)",
        "(isi nama kantor di sheet Pengaturan)",
        "Ditampilkan di kepala setiap halaman cetak dan di salinan email.",
    ),
    Setting(
        "letterhead_1",
        "Kop_Baris_1",
        "Kop naskah, baris 1",
        f"KEMENTERIAN {BLANK}",
        "Baris pertama kop halaman Penetapan, misalnya KEMENTERIAN HUKUM DAN HAK ASASI MANUSIA REPUBLIK INDONESIA.",
    ),
    Setting(
        "letterhead_2",
        "Kop_Baris_2",
        "Kop naskah, baris 2",
        f"KANTOR {BLANK}",
        "Nama kantor pada kop, misalnya KANTOR WILAYAH JAWA TENGAH.",
    ),
    Setting(
        "letterhead_3",
        "Kop_Baris_3",
        "Kop naskah, baris 3",
        f"Jalan {BLANK} Telepon {BLANK}",
        "Alamat, telepon, laman atau surel kantor. Kosongkan bila tidak dipakai.",
    ),
    Setting(
        "document_kind",
        "Jenis_Naskah",
        "Jenis naskah",
        BLANK,
        "Sesuai tata naskah dinas kantor, misalnya KEPUTUSAN KEPALA KANTOR WILAYAH JAWA TENGAH atau NOTA DINAS.",
    ),
    Setting("document_number", "Nomor_Naskah", "Nomor naskah", BLANK, "Nomor dari tata usaha; kosong: diisi tangan."),
    Setting(
        "title",
        "Judul_Naskah",
        "Tentang (judul naskah)",
        f"PENETAPAN TARGET MINIMAL RESPONDEN SPKP DAN SPAK {BLANK}",
        "Judul setelah kata TENTANG; tambahkan periodenya, misalnya SEMESTER II TAHUN 2024.",
    ),
    Setting(
        "basis_1",
        "Dasar_1",
        "Dasar naskah, butir 1",
        BLANK,
        "Peraturan atau naskah yang menjadi dasar, misalnya Peraturan Menteri PANRB Nomor 90 Tahun 2021 tentang "
        "Pembangunan dan Evaluasi Zona Integritas. Butir kosong tidak dicetak; nomor butir mengikuti.",
    ),
    Setting("basis_2", "Dasar_2", "Dasar naskah, butir 2", None, "Boleh kosong."),
    Setting("basis_3", "Dasar_3", "Dasar naskah, butir 3", None, "Boleh kosong."),
    Setting("place", "Tempat_Penetapan", "Tempat penetapan", BLANK, "Kota tempat penetapan ditandatangani."),
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
        BLANK,
        "Misalnya KEPALA KANTOR WILAYAH JAWA TENGAH; jabatan panjang dicetak dalam beberapa baris.",
    ),
    Setting("signer", "Nama_Penanda_Tangan", "Nama penanda tangan", BLANK, "Nama lengkap dengan gelar."),
    Setting(
        "nip",
        "NIP_Penanda_Tangan",
        "NIP penanda tangan",
        BLANK,
        "Nomor Induk Pegawai: 18 angka, boleh dengan spasi seperti di naskah (19680512 199003 1 001). Sel ini "
        "berformat teks; angka yang ditempel sebagai bilangan kehilangan digit terakhirnya.",
    ),
    Setting(
        "contact",
        "Narahubung",
        "Narahubung (untuk penerima salinan email)",
        BLANK,
        "Nama, telepon atau surel orang yang dapat ditanya tentang target ini; dicetak di lembar pertama salinan email.",
    ),
    Setting(
        "time_zone", "Zona_Waktu", "Zona waktu", "WIB", "WIB, WITA atau WIT: untuk cap waktu salinan email dan rekap."
    ),
)
DOCUMENT_SETTINGS_BY_FIELD = {setting.field: setting for setting in DOCUMENT_SETTINGS}
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


def header_key(value: object) -> str:
    """How column headers are compared: as names ("SPKP  juli 2024" is "SPKP Juli 2024"). A month's header
    names its year; ``period`` and ``realisation`` read headers by month and year."""
    return name_key(value)


def column_index(headers: Sequence[object], header: str, table: str) -> int:
    """The 0-based position of ``header`` among a table's ``headers`` (spacing and case ignored)."""
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
# What a form writes in its survey-type column, and the survey it means (table NilaiJenisSurvei).
TABLE_SURVEY_VALUES = "NilaiJenisSurvei"
COLUMN_SURVEY_VALUE = "Jenis Survei di File Ekspor"
SURVEY_VALUE_HEADERS = (COLUMN_SURVEY_VALUE, COLUMN_SURVEY)

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
COLUMN_ROW_KEY = "Sidik Awal File"  # the beginning of each CSV export already counted: a re-import skips it unread
RESPONSE_KEY_HEADERS = (COLUMN_RESPONSE_KEY, COLUMN_TIME_KEY, COLUMN_ROW_KEY)
# What a workbook imported before the row keys existed holds.
RESPONSE_KEY_HEADERS_V1 = (COLUMN_RESPONSE_KEY, COLUMN_TIME_KEY)

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
COLUMN_PROBLEM_KIND = "Jenis Masalah"
# Every import's problems, newest first, each import's grouped by reason (a summary line, then its rows).
IMPORT_PROBLEM_HEADERS = (
    COLUMN_IMPORT_TIME,
    COLUMN_PROBLEM_KIND,
    COLUMN_FILE,
    COLUMN_ROW,
    COLUMN_SURVEY,
    COLUMN_SATKER_IN_FILE,
    COLUMN_PROBLEM,
)

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


# -- the Kanwil ↔ satker loop: xl-addin kirim / terima, the ribbon's Kirim ke Satker / Terima dari Satker --

# In the Kanwil workbook: who was sent a file and what came back (per satker and month), and every file taken in.
SHEET_SENDING_STATUS = "Status Kiriman"
TABLE_SENDING_STATUS = "StatusKiriman"
SHEET_RECEIPT_LOG = "Riwayat Kiriman"
TABLE_RECEIPT_LOG = "RiwayatKiriman"
# The Kanwil workbook's own code, made once by the first kirim; every file it sends carries it.
NAME_WORKBOOK_ID = "Kode_Workbook_Kanwil"
COLUMN_STATUS = "Status"
COLUMN_SENT = "File Dikirim"
COLUMN_RECEIVED = "Diterima"
COLUMN_RECEIVED_FILE = "File Diterima"


def received_column(survey: str) -> str:
    return f"{survey} Diterima"


STATUS_HEADERS = (
    COLUMN_SATKER,
    COLUMN_MONTH,
    COLUMN_STATUS,
    COLUMN_SENT,
    COLUMN_RECEIVED,
    *(received_column(survey) for survey in SURVEYS),
    COLUMN_RECEIVED_FILE,
    COLUMN_NOTE,
)
COLUMN_RECEIPT_TIME = "Waktu Terima"
COLUMN_STAMP = "Cap File"
COLUMN_RESULT = "Hasil"
COLUMN_CELLS_WRITTEN = "Sel Diisi atau Diubah"
COLUMN_CELLS_KEPT = "Angka Berbeda Tidak Diubah"
COLUMN_DIGEST = "Sidik File"
RECEIPT_LOG_HEADERS = (
    COLUMN_RECEIPT_TIME,
    COLUMN_FILE,
    COLUMN_SATKER,
    COLUMN_STAMP,
    COLUMN_RESULT,
    COLUMN_CELLS_WRITTEN,
    COLUMN_CELLS_KEPT,
    COLUMN_DIGEST,
    COLUMN_NOTE,
)
LOOP_SHEETS = (SHEET_SENDING_STATUS, SHEET_RECEIPT_LOG)

# The Pengaturan cells the loop reads (absent in older workbooks: the defaults apply).
LOOP_SETTINGS = (
    Setting(
        "deadline",
        "Batas_Kirim_Kembali",
        "Batas kirim kembali realisasi satker",
        "tanggal 5 bulan berikutnya",
        "Batas satker mengirim kembali realisasi suatu bulan: 'tanggal 5 bulan berikutnya' (tanggal 1 sampai 28) "
        "atau 'akhir bulan berikutnya'; tertulis di file dan email satker.",
    ),
    Setting(
        "return_address",
        "Email_Kiriman_Kembali",
        "Email Kanwil untuk kiriman satker",
        None,
        "Tujuan satker mengirim kembali file realisasinya. Kosong: satker diminta membalas email pengantar.",
    ),
)

# The file each satker gets (xl-addin kirim): its letter first, its Realisasi row, its line of the Penetapan,
# and a hidden stamp saying which Kanwil workbook, period and satker it was made for.
SHEET_SATKER_LETTER = "Target dan Petunjuk"
SHEET_SATKER_DECISION = "Petikan Penetapan"
SHEET_SATKER_STAMP = "Cap Kiriman"

# The monthly report to the head of office (xl_addin.report), and the charts' helper cells.
SHEET_REPORT = "Laporan Bulanan"
# The Kanwil summary's chart sheet.
SHEET_SUMMARY_CHART = "Grafik"
COLUMN_SCALES = "Skala dan Konversi"  # each file's questionnaire scales and its conversion


# -- the satker list (sheet Daftar Satker): names as in the rule, and what forms and people call them --

SHEET_SATKER_LIST = "Daftar Satker"
TABLE_SATKER_LIST = "DaftarSatker"
COLUMN_ALIASES = "Nama Lain"  # short names and aliases, several separated by ";"
COLUMN_EMAIL = "Email"  # one or more addresses, separated by ";"
COLUMN_CONTACT = "Narahubung"
COLUMN_PHONE = "Telepon/WA Narahubung"
COLUMN_SATKER_NOTE = "Keterangan"
SATKER_LIST_HEADERS = (COLUMN_SATKER, COLUMN_ALIASES, COLUMN_EMAIL, COLUMN_CONTACT, COLUMN_PHONE, COLUMN_SATKER_NOTE)
LIST_SEPARATOR = ";"
# Last before xlwings.conf for now: a sheet placed earlier renumbers the package parts of the tables
# after it, which some tests address by part name. (Its natural place, after Pengaturan, can follow.)
TEMPLATE_SHEETS = (*TEMPLATE_SHEETS[:-1], SHEET_SATKER_LIST, TEMPLATE_SHEETS[-1])
TEMPLATE_TABLES = (*TEMPLATE_TABLES, TABLE_SURVEY_VALUES, TABLE_SATKER_LIST)


# The chart sheet's trend: one row per target month of live counts (a table, so that a change of the
# target period rewrites it as it rewrites Realisasi).
TABLE_TREND = "TrenRealisasi"
TREND_HEADERS = (
    "Bulan",
    "Satker bertarget",
    "SPKP: satker melapor",
    "SPKP: satker mencapai target",
    "SPAK: satker melapor",
    "SPAK: satker mencapai target",
)
TEMPLATE_TABLES = (*TEMPLATE_TABLES, TABLE_TREND)
# The label of the totals line above the Realisasi table.
REALISATION_TOTALS_LABEL = "Jumlah semua satker (mengikuti filter tabel)"

# Periode Baru: last period per satker, in the next period's workbook.
SHEET_PREVIOUS_PERIOD = "Periode Lalu"
TABLE_PREVIOUS_PERIOD = "PeriodeLalu"
# The loop's sheets come last, after the satker list, before xlwings.conf (the template's last sheet).
TEMPLATE_SHEETS = (*TEMPLATE_SHEETS[:-1], *LOOP_SHEETS, TEMPLATE_SHEETS[-1])
TEMPLATE_TABLES = (*TEMPLATE_TABLES, TABLE_SENDING_STATUS, TABLE_RECEIPT_LOG)
