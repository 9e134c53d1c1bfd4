"""Build ``template/SPAK_SPKP.xlsm`` from source: the layout, the VBA ``.bas`` files and the ribbon XML.

Nobody here has Excel, so the office's workbook is generated, deterministically:
the same sources give the same bytes (fixed timestamps), and a test checks the
committed template against a fresh build.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from .. import __version__, layout, sampling, styles
from ..cells import DecisionPage, Formula, decision_target_letters, realisation_row_formulas, target_letters
from ..package import ribbon_relationships, workbook_bytes, write_bytes_atomic
from ..plan import Settings
from ..workbook import add_table, spread_note, write_cell, write_header, write_title


def xlwings_version() -> str:
    from importlib.metadata import version

    return version("xlwings")


__all__ = [
    "DEFAULT_OUTPUT",
    "EXAMPLE_COUNTS",
    "EXAMPLE_REALISATION",
    "build_template",
    "build_workbook",
    "calculator_cells",
    "realisation_sheet",
]

DEFAULT_OUTPUT = Path("template") / "SPAK_SPKP.xlsm"
# Fixed document and zip timestamps make the build reproducible (the date the targets start).
BUILD_TIME = dt.datetime(2024, 7, 1, 0, 0, 0)

# Invented example satker and counts (service users per month, Q1 2024): fictitious names with the
# CONTOH mark, so an example row can never pass for a real office; fill and the Kanwil summary warn
# while any is left.
EXAMPLE_COUNTS = (
    (f"{layout.EXAMPLE_MARK} Kantor Imigrasi A", 1850, 1720, 1905),
    (f"{layout.EXAMPLE_MARK} Rumah Detensi Imigrasi B", 12, 9, 15),
    (f"{layout.EXAMPLE_MARK} Kantor Imigrasi C", 640, 598, 702),
    (f"{layout.EXAMPLE_MARK} Kantor Imigrasi D", 455, 510, 488),
    (f"{layout.EXAMPLE_MARK} Kantor Imigrasi E", 380, 402, 366),
    (f"{layout.EXAMPLE_MARK} Balai Pemasyarakatan F", 96, 88, 104),
    (f"{layout.EXAMPLE_MARK} Rumah Penyimpanan Benda Sitaan Negara G", 21, 18, 25),
    (f"{layout.EXAMPLE_MARK} Balai Pemasyarakatan H", 34, 29, 27),
)
# Rows below each table that validation, colours and totals reach, so a clerk or a fill can add satker.
CAPACITY = layout.CAPACITY
VALIDATED_ROWS = CAPACITY

GUIDE = (
    ("Target Responden Survei SPKP dan SPAK (Zona Integritas)", "title"),
    (
        "Workbook ini menghitung jumlah minimal responden per bulan bagi setiap satuan kerja (satker) untuk Survei "
        "Persepsi Kualitas Pelayanan (SPKP) dan Survei Persepsi Anti Korupsi (SPAK). Target berlaku untuk SPKP dan "
        "untuk SPAK masing-masing.",
        "",
    ),
    ("Aturan", "heading"),
    (
        "1. Populasi N adalah rata-rata pengguna layanan per bulan pada bulan dasar (bawaan: Januari–Maret 2024, "
        "triwulan I), dibulatkan ke atas. Di sheet Pengaturan, N dapat diganti menjadi jumlah seluruh bulan dasar, dan "
        "dapat ditetapkan batas minimal responden (misalnya 30 seperti aturan lama).",
        "",
    ),
    (
        "2. Jika N kurang dari ambang (bawaan 30), digunakan rumus Slovin n = N / (1 + N·e²) dengan e = 0,05, "
        "dibulatkan ke atas.",
        "",
    ),
    (
        "3. Jika N sama dengan atau lebih dari ambang, digunakan rumus Krejcie & Morgan (1970) "
        "s = χ²·N·P(1−P) / (d²(N−1) + χ²·P(1−P)) dengan χ² = 3,841; P = 0,5; d = 0,05, dibulatkan ke bilangan bulat "
        "terdekat (sama dengan tabel Krejcie & Morgan). N = 30 dihitung dengan Krejcie & Morgan; kedua rumus "
        "menghasilkan 28.",
        "",
    ),
    ("4. Target berlaku untuk setiap bulan target (bawaan: Juli–Desember 2024).", ""),
    ("Langkah kerja", "heading"),
    (
        "1. Isi sheet Pengguna Layanan: satu baris per satker, jumlah pengguna layanan per bulan sebagai bilangan bulat "
        "(ribuan boleh ditulis dengan titik, misalnya 1.234; jangan menggunakan koma). Baris CONTOH di templat adalah "
        "data fiktif: hapus dan ganti dengan data satker Anda.",
        "",
    ),
    (
        "2. Periksa sheet Pengaturan (nilai bawaan sesuai kesepakatan dengan BPS) dan isi data kantor untuk kop dan "
        "halaman Penetapan.",
        "",
    ),
    (
        "3. Klik tab SPAK-SPKP → Hitung Target. Tabel Target Responden terisi lengkap dengan rumus dan angkanya; sheet "
        "Penetapan dan Realisasi mengikuti daftar satker.",
        "",
    ),
    ("4. Baris bertanda PERIKSA berisi data yang salah: perbaiki, lalu klik Hitung Target lagi.", ""),
    (
        "5. Cetak sheet Penetapan untuk ditandatangani. Untuk dikirim melalui email, klik Salinan untuk Email: file .xlsx "
        "tanpa makro yang dapat dibuka siapa saja.",
        "",
    ),
    ("Tombol pada tab SPAK-SPKP", "heading"),
    ("Hitung Target: membaca Pengguna Layanan dan Pengaturan, lalu mengisi Target Responden.", ""),
    ("Periksa Data: memeriksa isian tanpa mengubah apa pun dan menampilkan daftar masalah.", ""),
    ("Salinan untuk Email: menyimpan salinan .xlsx tanpa makro (nilai, jejak perhitungan, cap waktu).", ""),
    (
        "Tes Instalasi: memeriksa Python, xl_addin dan xlwings di komputer ini; hasilnya dapat dikirim ke petugas "
        "pendukung.",
        "",
    ),
    (
        "Rekap Kanwil (kantor wilayah): memilih folder berisi workbook kiriman satker, lalu membuat Rekap Kanwil.xlsx "
        "di folder itu (target, realisasi dan daftar masalah). File kiriman tidak diubah.",
        "",
    ),
    ("Petunjuk: membuka sheet ini.", ""),
    ("Rumus di sel dan Kalkulator", "heading"),
    (
        "Ketik di sel, misalnya =SLOVIN(N; e), =KREJCIE(N; d; kepercayaan; P) atau =METODE_SAMPEL(N). Agar sama "
        "dengan tabel Target Responden, isikan pengaturan dengan nama selnya: =RESPONDEN_MINIMAL(B5; Ambang_N; "
        "Slovin_e; KM_d; KM_Kepercayaan; KM_P; Pembulatan_Slovin; Pembulatan_KM; Batas_Minimal). Rumus ini dapat "
        "digunakan untuk satu sel atau satu kolom sekaligus, misalnya B5:B30, dan memerlukan Python.",
        "",
    ),
    (
        "Tanpa Python: sheet Kalkulator menghitung satu N dengan rumus Excel biasa (juga di Mac dan ponsel), sheet "
        "Tabel Krejcie & Morgan menampilkan tabel 1970, dan kolom Cek Rumus Excel menghitung ulang setiap target.",
        "",
    ),
    ("Mengaktifkan makro", "heading"),
    (
        "File dari email atau internet diblokir Windows. Tutup Excel, klik kanan file → Properti (Properties) → centang "
        "Buka Blokir (Unblock) → OK, lalu buka lagi dan klik Aktifkan Konten (Enable Content). Atau simpan file di "
        "Lokasi Tepercaya (Trusted Location): File → Opsi → Pusat Kepercayaan (Trust Center).",
        "",
    ),
    ("Memasang Python dan paket (sekali per komputer)", "heading"),
    ("1. Pasang Python 64-bit versi 3.11 sampai 3.14 dari python.org (Install Now, tanpa hak administrator).", ""),
    (
        "2. Ekstrak paket SPAK-SPKP dari petugas TI, tutup Excel, lalu klik dua kali PASANG.cmd "
        "(tanpa internet, tanpa hak administrator).",
        "",
    ),
    (
        "3. Buka workbook ini, aktifkan makro, lalu klik Tes Instalasi. Tanpa Python, target yang sudah terisi tetap "
        "terbaca; hanya tombol dan rumus SLOVIN/KREJCIE yang memerlukan Python.",
        "",
    ),
    (
        "Panduan lengkap (pemasangan, Buka Blokir, Aktifkan Konten, Lokasi Tepercaya, jika ada masalah): "
        "PANDUAN.txt di paket pemasangan, atau docs/PANDUAN.md di repositori xl_addin.",
        "",
    ),
)


def _guide_sheet(sheet: Worksheet) -> None:
    sheet.column_dimensions["A"].width = 74  # a portrait A4 page at full size
    for row, (text, kind) in enumerate(GUIDE, start=1):
        cell = write_cell(sheet.cell(row, 1), text)
        cell.alignment = styles.WRAP
        if kind == "title":
            cell.font = styles.TITLE_FONT
        elif kind == "heading":
            cell.font = styles.HEADING_FONT
    styles.fit_row_heights(sheet, 1, len(GUIDE))
    styles.print_layout(sheet, landscape=False, office=OFFICE_PLACEHOLDER)


# Prompts Excel shows when a settings cell is selected: (title of at most 32 characters, text).
_PROMPTS = {
    "threshold": ("Ambang N", "Bilangan bulat ≥ 0 (bawaan 30)."),
    "floor": ("Batas minimal responden", "Kosongkan, atau isi bilangan bulat ≥ 0, misalnya 30."),
    "population_basis": ("Dasar populasi N", "Pilih 'rata-rata per bulan' atau 'jumlah seluruh bulan dasar'."),
    "slovin_rounding": ("Pembulatan Slovin", "Pilih 'ke atas' atau 'terdekat'."),
    "km_rounding": ("Pembulatan Krejcie & Morgan", "Pilih 'terdekat' atau 'ke atas'."),
    "base_months": ("Bulan dasar", "Nama bulan dipisah koma, misalnya Januari, Februari, Maret."),
    "target_months": ("Bulan target", "Nama bulan dipisah koma, misalnya Juli, Agustus, September."),
    "slovin_error": ("e (Slovin)", "Angka di antara 0 dan 1, misalnya 0,05 atau 5%."),
    "km_margin": ("d (Krejcie & Morgan)", "Angka di antara 0 dan 1, misalnya 0,05 atau 5%."),
    "km_confidence": ("Tingkat kepercayaan", "Angka di antara 0 dan 1, misalnya 0,95 atau 95%."),
    "km_proportion": ("P (proporsi populasi)", "Angka di antara 0 dan 1, misalnya 0,5 atau 50%."),
    "date": ("Tanggal penetapan", "Isi tanggal, misalnya 1/7/2024, atau kosongkan."),
    "time_zone": ("Zona waktu", "Pilih WIB, WITA atau WIT."),
}
OFFICE_PLACEHOLDER = layout.DOCUMENT_SETTINGS[0].default


def _rule_for(setting: layout.Setting) -> DataValidation:
    """The validation of one settings cell, by what it holds."""
    if setting.field in ("threshold", "floor"):
        return DataValidation(
            type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=setting.field == "floor"
        )
    if setting.field == "population_basis":
        return DataValidation(type="list", formula1='"' + ",".join(layout.POPULATION_LABELS.values()) + '"')
    if setting.field.endswith("rounding"):
        return DataValidation(type="list", formula1='"' + ",".join(layout.ROUNDING_LABELS.values()) + '"')
    if setting.field.endswith("months"):
        return DataValidation(type="textLength", operator="greaterThan", formula1="0")
    if setting.field == "date":
        return DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True)  # after 2000
    if setting.field == "time_zone":
        return DataValidation(type="list", formula1='"' + ",".join(layout.TIME_ZONES) + '"')
    return DataValidation(type="decimal", operator="between", formula1="0.0001", formula2="0.9999")


def _setting_rows(book: Workbook, sheet: Worksheet, first_row: int, settings, values: dict) -> int:
    """One row per setting (label, value, default, explanation, cell name); returns the next free row."""
    for row, setting in enumerate(settings, start=first_row):
        value = values.get(setting.defined_name, setting.default)
        for column, content in enumerate((setting.label, value, value, setting.explanation, setting.defined_name), 1):
            cell = write_cell(sheet.cell(row, column), content)
            cell.border, cell.alignment = styles.BOX, styles.WRAP
        value_cell = sheet.cell(row, 2)
        value_cell.fill = styles.INPUT_FILL
        if isinstance(value, float):
            value_cell.number_format = sheet.cell(row, 3).number_format = "0.00"
        if setting.field == "date":
            value_cell.number_format = "d mmmm yyyy"
        book.defined_names[setting.defined_name] = DefinedName(
            setting.defined_name, attr_text=f"'{layout.SHEET_SETTINGS}'!$B${row}"
        )
        rule = _rule_for(setting)
        title, prompt = _PROMPTS.get(setting.field, (setting.label[:32], setting.explanation[:255]))
        rule.promptTitle, rule.prompt = title, prompt
        rule.errorTitle, rule.error = "Nilai tidak valid", prompt
        rule.showInputMessage = rule.showErrorMessage = setting.field not in DOCUMENT_FIELDS or setting.field in (
            "date",
            "time_zone",
        )
        if rule.showErrorMessage:
            rule.add(value_cell)
            sheet.add_data_validation(rule)
    return first_row + len(settings)


DOCUMENT_FIELDS = {setting.field for setting in layout.DOCUMENT_SETTINGS}


def _settings_sheet(book: Workbook, sheet: Worksheet) -> None:
    write_title(sheet, "Pengaturan", "Sel kuning boleh diubah. Setelah mengubah, klik Hitung Target lagi.")
    write_header(
        sheet,
        layout.TABLE_HEADER_ROW,
        ("Pengaturan", "Nilai", "Bawaan", "Penjelasan", "Nama Sel"),
        (30, 26, 18, 60, 18),
    )
    after = _setting_rows(book, sheet, layout.TABLE_HEADER_ROW + 1, layout.SETTINGS, Settings().as_cells())
    heading = after + 1
    write_cell(sheet.cell(heading, 1), "Untuk kop, cetakan dan halaman Penetapan").font = styles.HEADING_FONT
    sheet.row_breaks.append(Break(id=heading - 1))  # the document settings start a printed page of their own
    after = _setting_rows(book, sheet, heading + 1, layout.DOCUMENT_SETTINGS, {})
    info_row = after + 1
    for offset, (label, name, value) in enumerate(
        (
            ("Templat dibuat dengan xl_addin versi", layout.NAME_XL_ADDIN_VERSION, __version__),
            ("VBA xlwings di workbook ini, versi", layout.NAME_XLWINGS_VERSION, xlwings_version()),
        )
    ):
        write_cell(sheet.cell(info_row + offset, 1), label).font = styles.NOTE_FONT
        write_cell(sheet.cell(info_row + offset, 2), value).font = styles.NOTE_FONT
        book.defined_names[name] = DefinedName(name, attr_text=f"'{layout.SHEET_SETTINGS}'!$B${info_row + offset}")
    sheet.freeze_panes = f"A{layout.TABLE_HEADER_ROW + 1}"
    styles.fit_row_heights(sheet, layout.TABLE_HEADER_ROW + 1, info_row + 1)
    styles.print_layout(
        sheet,
        landscape=True,
        header_row=layout.TABLE_HEADER_ROW,
        office=OFFICE_PLACEHOLDER,
        columns=(1, 4),
    )


def _counts_sheet(sheet: Worksheet) -> None:
    write_title(
        sheet,
        "Pengguna Layanan per Bulan (bulan dasar)",
        "Baris CONTOH di bawah adalah data fiktif, bukan data resmi: hapus dan ganti dengan data satker Anda. "
        "Tambahkan satker di baris paling bawah tabel (tabel ikut memanjang).",
    )
    headers = (layout.COLUMN_SATKER, *(layout.dated(m, layout.BASE_YEAR) for m in layout.DEFAULT_BASE_MONTHS))
    write_header(sheet, layout.TABLE_HEADER_ROW, headers, (44, 15, 15, 15))
    first = layout.TABLE_HEADER_ROW + 1
    for offset, row_values in enumerate(EXAMPLE_COUNTS):
        for column, value in enumerate(row_values, start=1):
            cell = write_cell(sheet.cell(first + offset, column), value)
            cell.border = styles.BOX
            if column > 1:
                cell.number_format = styles.COUNT_FORMAT
    add_table(sheet, layout.TABLE_COUNTS, headers, layout.TABLE_HEADER_ROW, first + len(EXAMPLE_COUNTS) - 1)
    rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    rule.promptTitle, rule.prompt = "Jumlah pengguna layanan", "Bilangan bulat ≥ 0; ribuan boleh ditulis 1.234."
    rule.errorTitle = "Jumlah tidak valid"
    rule.error = "Isi jumlah orang: bilangan bulat 0 atau lebih (bukan pecahan, negatif atau teks)."
    rule.showInputMessage = rule.showErrorMessage = True
    rule.add(f"B{first}:D{first + VALIDATED_ROWS}")
    sheet.add_data_validation(rule)
    sheet.freeze_panes = f"B{first}"
    styles.fit_row_heights(sheet, 1, 2)
    spread_note(sheet, 4)
    styles.print_layout(
        sheet,
        landscape=False,
        header_row=layout.TABLE_HEADER_ROW,
        office=OFFICE_PLACEHOLDER,
    )


# The targets table prints in three parts, each with the satker's name: the target and its note, the formula
# with its numbers, then the comparisons (Slovin, Krejcie & Morgan, the native check, the old rule).
TARGET_PARTS = [(1, 5), (6, 6), (7, len(layout.TARGET_COLUMNS))]


def _targets_sheet(book: Workbook, sheet: Worksheet) -> None:
    write_title(
        sheet,
        "Target Responden Minimal per Bulan, untuk SPKP dan untuk SPAK masing-masing",
        "Diisi oleh tombol Hitung Target (tab SPAK-SPKP) atau perintah xl-addin fill. Jangan diisi secara manual: "
        "isi tabel ini ditimpa setiap kali dihitung. Target berlaku untuk setiap bulan target, bagi SPKP dan SPAK.",
    )
    # The note and the comparison with the old rule (written by each fill, found by its name like the
    # settings) read across the first printed part.
    sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=5)
    sheet["A3"].alignment, sheet["A3"].font = styles.WRAP, styles.BOLD
    sheet.row_dimensions[3].height = 30  # the comparison line takes up to two lines
    book.defined_names[layout.NAME_TARGET_SUMMARY] = DefinedName(
        layout.NAME_TARGET_SUMMARY, attr_text=f"'{sheet.title}'!$A$3"
    )
    write_header(sheet, layout.TABLE_HEADER_ROW, layout.TARGET_HEADERS, tuple(c.width for c in layout.TARGET_COLUMNS))
    first = layout.TABLE_HEADER_ROW + 1
    for column, spec in enumerate(layout.TARGET_COLUMNS, start=1):
        cell = sheet.cell(first, column)
        cell.number_format = spec.number_format
        cell.alignment = styles.WRAP
        cell.border = styles.BOX
    add_table(sheet, layout.TABLE_TARGETS, layout.TARGET_HEADERS, layout.TABLE_HEADER_ROW, first)
    sheet.freeze_panes = f"B{first}"
    spread_note(sheet, 5)
    styles.print_layout(
        sheet,
        landscape=True,
        header_row=layout.TABLE_HEADER_ROW,
        parts=TARGET_PARTS,
        repeat_columns=(1, 1),
        office=OFFICE_PLACEHOLDER,
    )


DECISION_WIDTHS = (4, 46, 9, 15, 9, 11)


def _decision_sheet(sheet: Worksheet) -> None:
    """The page to print and sign: the rule in one paragraph, the targets (live), the signature block."""
    names = {s.field: s.defined_name for s in (*layout.SETTINGS, *layout.DOCUMENT_SETTINGS)}
    write_cell(sheet["A1"], "PENETAPAN TARGET RESPONDEN MINIMAL SPKP DAN SPAK").font = styles.TITLE_FONT
    write_cell(sheet["A2"], Formula(f"={names['office']}")).font = styles.HEADING_FONT
    months = names["target_months"]
    write_cell(
        sheet["A3"],
        Formula(
            f'="Berlaku setiap bulan: "&{months}&" {layout.TARGET_YEAR}, untuk SPKP dan untuk SPAK masing-masing."'
        ),
    )
    up = layout.ROUNDING_LABELS["up"]
    paragraph = (
        '="Target responden minimal per bulan ditetapkan untuk setiap satuan kerja. Populasi N adalah "'
        f'&IF({names["population_basis"]}="{layout.POPULATION_LABELS["total"]}","jumlah","rata-rata per bulan")'
        f'&" pengguna layanan bulan "&{names["base_months"]}&" {layout.BASE_YEAR}. Bila N kurang dari "'
        f'&{names["threshold"]}&", digunakan rumus Slovin n = N / (1 + N·e²) dengan e = "&FIXED({names["slovin_error"]},2)'
        f'&", dibulatkan "&IF({names["slovin_rounding"]}="{up}","ke atas","ke bilangan bulat terdekat")'
        f'&"; bila N sama dengan atau lebih dari "&{names["threshold"]}&", digunakan rumus Krejcie & Morgan (1970) '
        f'dengan tingkat kepercayaan "&FIXED({names["km_confidence"]}*100,0)&"%, d = "&FIXED({names["km_margin"]},2)'
        f'&" dan P = "&FIXED({names["km_proportion"]},2)&", dibulatkan "'
        f'&IF({names["km_rounding"]}="{up}","ke atas","ke bilangan bulat terdekat")&"."'
        f'&IF(ISNUMBER({names["floor"]})," Target tidak kurang dari "&{names["floor"]}&" responden, kecuali bila N '
        'lebih kecil: seluruh pengguna layanan menjadi responden.","")'
        '&" Perhitungan lengkap setiap satker ada di sheet Target Responden."'
    )
    cell = write_cell(sheet["A5"], Formula(paragraph))
    cell.alignment = styles.WRAP
    sheet.merge_cells("A5:F5")
    sheet.row_dimensions[5].height = 80
    write_cell(sheet["A7"], "Daftar target per satuan kerja:").font = styles.BOLD
    header_row = layout.DECISION_HEADER_ROW
    write_header(sheet, header_row, layout.DECISION_HEADERS, DECISION_WIDTHS)
    sheet.row_dimensions[header_row].height = 45  # "Perubahan dari Aturan Lama" takes three lines
    first = header_row + 1
    for column, number_format in enumerate(("0", "General", "#,##0", "General", "#,##0", "+#,##0;−#,##0;0"), 1):
        cell = sheet.cell(first, column)
        cell.number_format, cell.border = number_format, styles.BOX
        cell.alignment = styles.WRAP
    add_table(sheet, layout.TABLE_DECISION, layout.DECISION_HEADERS, header_row, first, filter_buttons=False)
    # The signature block and the live rows are written by the same code as every fill (cells.DecisionPage).
    page = DecisionPage(header_row, first, 0)
    for row, values in enumerate(page.block(first, decision_target_letters(layout.TARGET_HEADERS, 1)), page.first_row):
        for column, value in enumerate(values, start=1):
            write_cell(sheet.cell(row, column), value)
    styles.print_layout(sheet, landscape=False, header_row=header_row, office=OFFICE_PLACEHOLDER)


# Invented example realisasi (respondents reached) for July and August: (SPKP, SPAK) per
# satker in EXAMPLE_COUNTS order. Labelled as an example on the sheet.
EXAMPLE_REALISATION = {
    "Juli": ((320, 305), (12, 11), (230, 244), (215, 199), (190, 193), (80, 77), (19, 21), (28, 30)),
    "Agustus": ((310, 322), (12, 12), (241, 238), (220, 216), (185, 192), (70, 79), (21, 22), (29, 28)),
}
Realised = dict  # {(survey, month): respondents}


def example_realisation() -> list[tuple[object, Realised]]:
    """The template's Realisasi rows: each example satker with its invented July and August numbers."""
    return [
        (
            name,
            {
                (survey, month): values[offset][index]
                for month, values in EXAMPLE_REALISATION.items()
                for index, survey in enumerate(layout.SURVEYS)
            },
        )
        for offset, (name, *_counts) in enumerate(EXAMPLE_COUNTS)
    ]


class _ColumnsByKey(dict):
    """A column lookup by header, whatever the spacing, case or year of the header asked for."""

    def __getitem__(self, header: str):
        return super().__getitem__(layout.header_key(header))


def realisation_sheet(book: Workbook, sheet: Worksheet, rows: list[tuple[object, Realised]] | None = None) -> None:
    """The Realisasi sheet on ``sheet``: one table row per (satker, realised numbers), with totals above the table.

    The totals sit above the header, not in a Total Row, so the table can grow at the bottom when
    ``xl-addin fill`` or Hitung Target adds a row for a new satker.
    """
    write_title(
        sheet,
        "Realisasi Responden per Bulan (SPKP dan SPAK)",
        "Isi jumlah responden yang benar-benar diperoleh tiap bulan, untuk SPKP dan SPAK masing-masing. Persentase = "
        "realisasi / target per bulan (merah: di bawah target, hijau: tercapai). Angka Juli dan Agustus di templat "
        "adalah CONTOH fiktif. Hitung Target menambahkan baris untuk satker baru dan tidak pernah mengubah angka "
        "yang sudah diisi.",
    )
    months = layout.DEFAULT_TARGET_MONTHS
    headers = layout.realisation_headers(months)
    widths = [48, 12] + [12] * (len(headers) - 3) + [40]
    write_header(sheet, layout.TABLE_HEADER_ROW, headers, tuple(widths))
    sheet.row_dimensions[layout.TABLE_HEADER_ROW].height = 45  # "SPKP September 2024" takes three lines
    rows = example_realisation() if rows is None else rows
    first = layout.TABLE_HEADER_ROW + 1
    last = first + max(len(rows), 1) - 1
    # headers carry the year ("SPKP Juli 2024"); everything below names them without it
    column = _ColumnsByKey({layout.header_key(header): index for index, header in enumerate(headers, start=1)})
    letter = _ColumnsByKey({key: get_column_letter(index) for key, index in column.items()})
    count_headers = [layout.realisation_column(s, m) for s in layout.SURVEYS for m in months]
    targets = target_letters(layout.TARGET_HEADERS, 1)  # the template's targets table starts in column A
    for row, (name, realised) in enumerate(rows, start=first):
        write_cell(sheet.cell(row, 1), name)
        for header, formula in realisation_row_formulas(row, headers, months, targets).items():
            write_cell(sheet.cell(row, column[header]), formula)
        for (survey, month), value in realised.items():
            write_cell(sheet.cell(row, column[layout.realisation_column(survey, month)]), value)
    add_table(sheet, layout.TABLE_REALISATION, headers, layout.TABLE_HEADER_ROW, last)

    # Totals one row above the header: SUBTOTAL follows the reader's filter and ignores the header's text.
    totals_row = layout.TABLE_HEADER_ROW - 1
    reach = first + CAPACITY - 1
    write_cell(sheet.cell(totals_row, 1), "Jumlah semua satker (mengikuti filter tabel)").font = styles.BOLD
    for header in (layout.COLUMN_TARGET, *count_headers, *(layout.CHART_PREFIX + s for s in layout.SURVEYS)):
        formula = Formula(f"=SUBTOTAL(109,{letter[header]}{first}:{letter[header]}{reach})")
        write_cell(sheet.cell(totals_row, column[header]), formula).font = styles.BOLD
    for header in count_headers:
        count = f"{letter[header]}{totals_row}"
        formula = Formula(f'=IF({count}=0,"",IFERROR({count}/$B{totals_row},""))')
        cell = write_cell(sheet.cell(totals_row, column[layout.PERCENT_PREFIX + header]), formula)
        cell.font, cell.number_format = styles.BOLD, styles.PERCENT_FORMAT

    for column_index, header in enumerate(headers, start=1):
        for row in range(first, last + 1):
            cell = sheet.cell(row, column_index)
            cell.border = styles.BOX
            if header.startswith(layout.PERCENT_PREFIX):
                cell.number_format = styles.PERCENT_FORMAT
            elif header in (layout.COLUMN_NOTE, layout.COLUMN_SATKER):
                cell.alignment = styles.WRAP
            elif column_index > 1:
                cell.number_format = styles.COUNT_FORMAT
    # Colours and validation reach past the table: rows a fill adds are covered too.
    percents = (
        f"{letter[layout.PERCENT_PREFIX + count_headers[0]]}{totals_row}:"
        f"{letter[layout.PERCENT_PREFIX + count_headers[-1]]}{reach}"
    )
    styles.colour_percentages(sheet, percents)
    rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    rule.errorTitle, rule.error = "Jumlah tidak valid", "Isi jumlah responden: bilangan bulat 0 atau lebih."
    rule.showErrorMessage = True
    rule.add(f"{letter[count_headers[0]]}{first}:{letter[count_headers[-1]]}{reach}")
    sheet.add_data_validation(rule)
    sheet.freeze_panes = f"B{first}"
    styles.fit_row_heights(sheet, 1, 2)
    # Printed in parts a person can read, each with the satker's name and target: SPKP, SPAK, their
    # percentages, then the chart's columns and the notes.
    block = len(months)
    parts = [
        (3, 2 + block),
        (3 + block, 2 + 2 * block),
        (3 + 2 * block, 2 + 3 * block),
        (3 + 3 * block, 2 + 4 * block),
        (3 + 4 * block, len(headers)),
    ]
    spread_note(sheet, 8)
    styles.print_layout(
        sheet,
        landscape=True,
        header_row=layout.TABLE_HEADER_ROW,
        parts=parts,
        repeat_columns=(1, 2),
        office=OFFICE_PLACEHOLDER,
    )


def _chart_sheet(book: Workbook, sheet: Worksheet, satker: int) -> None:
    """The chart of target and realisasi per satker for one chosen month, on its own sheet."""
    write_title(
        sheet,
        "Grafik Target dan Realisasi per Satker",
        "Pilih bulan di sel kuning. Grafik mengambil data dari tabel di sheet Realisasi.",
    )
    write_cell(sheet["A3"], "Bulan yang ditampilkan:").font = styles.BOLD
    months = layout.DEFAULT_TARGET_MONTHS
    choices = [layout.dated(month, layout.TARGET_YEAR) for month in months]  # as the Realisasi headers name them
    month_cell = write_cell(sheet["B3"], choices[0])
    month_cell.fill = styles.INPUT_FILL
    month_rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"')
    month_rule.promptTitle, month_rule.prompt = "Bulan grafik", f"Pilih salah satu bulan target, misalnya {choices[0]}."
    month_rule.showInputMessage = True
    month_rule.add(month_cell)
    sheet.add_data_validation(month_rule)
    book.defined_names[layout.NAME_CHART_MONTH] = DefinedName(
        layout.NAME_CHART_MONTH, attr_text=f"'{sheet.title}'!$B$3"
    )
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 16

    data_sheet = book[layout.SHEET_REALISATION]
    headers = layout.realisation_headers(months)
    first = layout.TABLE_HEADER_ROW + 1
    last = first + max(satker, 1) - 1
    chart = BarChart()
    chart.type = "bar"  # horizontal bars: long satker names stay readable
    chart.title = "Target dan Realisasi per Satker (bulan terpilih)"
    chart.y_axis.title = "Responden"
    chart.height, chart.width = 14, 26
    for header in (layout.COLUMN_TARGET, *(layout.CHART_PREFIX + s for s in layout.SURVEYS)):
        data = Reference(data_sheet, min_col=headers.index(header) + 1, min_row=layout.TABLE_HEADER_ROW, max_row=last)
        chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(data_sheet, min_col=1, min_row=first, max_row=last))
    sheet.add_chart(chart, "A5")
    spread_note(sheet, 6)
    styles.print_layout(sheet, landscape=True, office=OFFICE_PLACEHOLDER)


# Table 1 of Krejcie & Morgan (1970): the populations it lists (a published fact; the sizes are computed).
KM_TABLE_POPULATIONS = (
    *range(10, 101, 5),
    *range(110, 301, 10),
    *range(320, 501, 20),
    *range(550, 1001, 50),
    *range(1100, 2001, 100),
    *range(2200, 3001, 200),
    *range(3500, 5001, 500),
    *range(6000, 10001, 1000),
    15000,
    20000,
    30000,
    40000,
    50000,
    75000,
    1000000,
)


def _km_table_sheet(sheet: Worksheet) -> None:
    """The 1970 table recomputed by a native formula per row: a reader sees the table is the formula."""
    write_title(
        sheet,
        "Tabel Krejcie & Morgan (1970)",
        "Ukuran sampel s untuk populasi N, dihitung dengan rumus s = χ²·N·P(1−P) / (d²(N−1) + χ²·P(1−P)), "
        "χ² = 3,841; P = 0,5; d = 0,05, dibulatkan ke bilangan bulat terdekat. Hasilnya sama dengan Tabel 1 "
        "Krejcie & Morgan (1970), Educational and Psychological Measurement 30, hlm. 607–610.",
    )
    write_header(sheet, layout.TABLE_HEADER_ROW, (layout.COLUMN_KM_N, layout.COLUMN_KM_S), (16, 16))
    first = layout.TABLE_HEADER_ROW + 1
    for row, population in enumerate(KM_TABLE_POPULATIONS, start=first):
        write_cell(sheet.cell(row, 1), population).number_format = styles.COUNT_FORMAT
        formula = Formula(f"=ROUND(3.841*A{row}*0.5*(1-0.5)/(0.05^2*(A{row}-1)+3.841*0.5*(1-0.5)),0)")
        write_cell(sheet.cell(row, 2), formula).number_format = styles.COUNT_FORMAT
        for column in (1, 2):
            sheet.cell(row, column).border = styles.BOX
    add_table(
        sheet,
        layout.TABLE_KM,
        (layout.COLUMN_KM_N, layout.COLUMN_KM_S),
        layout.TABLE_HEADER_ROW,
        first + len(KM_TABLE_POPULATIONS) - 1,
    )
    sheet.freeze_panes = f"A{first}"
    sheet.column_dimensions["A"].width = sheet.column_dimensions["B"].width = 20
    styles.fit_row_heights(sheet, 1, 2)
    spread_note(sheet, 2)
    styles.print_layout(
        sheet,
        landscape=False,
        header_row=layout.TABLE_HEADER_ROW,
        office=OFFICE_PLACEHOLDER,
    )


# The calculator's inputs: (label, default, kind); kinds choose the cell's validation.
CALCULATOR_INPUTS = (
    ("Populasi N (jumlah pengguna layanan)", 250, "count"),
    ("Ambang N (di bawahnya Slovin)", sampling.DEFAULT_THRESHOLD, "count"),
    ("e, batas toleransi kesalahan Slovin", sampling.DEFAULT_ERROR, "fraction"),
    ("d, derajat ketelitian Krejcie & Morgan", sampling.DEFAULT_MARGIN, "fraction"),
    ("Tingkat kepercayaan Krejcie & Morgan", sampling.DEFAULT_CONFIDENCE, "fraction"),
    ("P, proporsi populasi", sampling.DEFAULT_PROPORTION, "fraction"),
    ("Pembulatan Slovin", layout.ROUNDING_LABELS[sampling.DEFAULT_SLOVIN_ROUNDING], "rounding"),
    ("Pembulatan Krejcie & Morgan", layout.ROUNDING_LABELS[sampling.DEFAULT_KM_ROUNDING], "rounding"),
    ("Batas minimal responden (boleh kosong)", None, "floor"),
)
CALCULATOR_FIRST_INPUT = 5  # row of N; the other inputs follow, then the results


def calculator_cells() -> dict[str, str]:
    """{what: cell} of the calculator: inputs by their kind's position, results by name (for tests and docs)."""
    names = ("N", "threshold", "e", "d", "confidence", "P", "slovin_rounding", "km_rounding", "floor")
    cells = {name: f"B{CALCULATOR_FIRST_INPUT + index}" for index, name in enumerate(names)}
    results = ("chi2", "slovin_value", "slovin_size", "km_value", "km_size", "method", "computed", "target", "formula")
    first_result = CALCULATOR_FIRST_INPUT + len(names) + 2
    cells.update({name: f"B{first_result + index}" for index, name in enumerate(results)})
    return cells


def _calculator_sheet(sheet: Worksheet) -> None:
    """The rule with native formulas only: it works in any Excel, on a Mac or a phone, with no Python."""
    write_title(
        sheet,
        "Kalkulator Sampel Minimal",
        "Ubah sel kuning; hasilnya dihitung dengan rumus Excel biasa, tanpa makro dan tanpa Python, sehingga "
        "dapat digunakan di Excel mana pun, di Mac atau di ponsel. Angka ditampilkan sesuai pengaturan bahasa "
        "komputer.",
    )
    write_header(sheet, layout.TABLE_HEADER_ROW, ("Masukan", "Nilai", "Keterangan"), (38, 16, 36))
    at = calculator_cells()
    up = layout.ROUNDING_LABELS["up"]
    notes = {
        "count": "Bilangan bulat 0 atau lebih.",
        "fraction": "Angka di antara 0 dan 1, misalnya 0,05.",
        "rounding": f"'{up}' atau '{layout.ROUNDING_LABELS['nearest']}'.",
        "floor": "Kosong: tanpa batas minimal. Diisi 30: seperti aturan lama (tidak pernah lebih dari N).",
    }
    for index, (label, default, kind) in enumerate(CALCULATOR_INPUTS):
        row = CALCULATOR_FIRST_INPUT + index
        write_cell(sheet.cell(row, 1), label)
        value = write_cell(sheet.cell(row, 2), default)
        value.fill = styles.INPUT_FILL
        if kind == "fraction":
            value.number_format = "0.00"
        note = write_cell(sheet.cell(row, 3), notes[kind])
        note.font, note.alignment = styles.NOTE_FONT, styles.WRAP
        if kind == "rounding":
            rule = DataValidation(type="list", formula1='"' + ",".join(layout.ROUNDING_LABELS.values()) + '"')
        elif kind == "fraction":
            rule = DataValidation(type="decimal", operator="between", formula1="0.0001", formula2="0.9999")
        else:
            rule = DataValidation(
                type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=kind == "floor"
            )
        rule.errorTitle, rule.error = "Nilai tidak valid", notes[kind]
        rule.showErrorMessage = True
        rule.add(value)
        sheet.add_data_validation(rule)
    n, e, d, p = at["N"], at["e"], at["d"], at["P"]
    chi2, threshold, floor = at["chi2"], at["threshold"], at["floor"]

    def rounded(value: str, rounding: str) -> str:
        return f'MIN({n},IF({rounding}="{up}",ROUNDUP(ROUND({value},9),0),ROUND({value},0)))'

    results = (
        ("chi2", "χ² (1 derajat bebas, 3 desimal)", f"=ROUND(CHIINV(1-{at['confidence']},1),3)", "0.000"),
        ("slovin_value", "Slovin: n = N / (1 + N·e²), sebelum dibulatkan", f"={n}/(1+{n}*{e}^2)", "#,##0.000"),
        ("slovin_size", "Slovin, dibulatkan", f"={rounded(at['slovin_value'], at['slovin_rounding'])}", "#,##0"),
        (
            "km_value",
            "Krejcie & Morgan: s, sebelum dibulatkan",
            f"=IF({n}=0,0,{chi2}*{n}*{p}*(1-{p})/({d}^2*({n}-1)+{chi2}*{p}*(1-{p})))",
            "#,##0.000",
        ),
        ("km_size", "Krejcie & Morgan, dibulatkan", f"={rounded(at['km_value'], at['km_rounding'])}", "#,##0"),
        ("method", "Metode menurut aturan", f'=IF({n}<{threshold},"Slovin","Krejcie & Morgan")', "General"),
        ("computed", "Hasil rumus", f"=IF({n}<{threshold},{at['slovin_size']},{at['km_size']})", "#,##0"),
        (
            "target",
            "TARGET PER BULAN (SPKP dan SPAK masing-masing)",
            f"=IF(ISNUMBER({floor}),MIN({n},MAX({floor},{at['computed']})),{at['computed']})",
            "#,##0",
        ),
        (
            "formula",
            "Rumus dengan angka",
            f'=IF({n}<{threshold},"n = "&FIXED({n},0)&" / (1 + "&FIXED({n},0)&" × "&FIXED({e},2)&"²) = "'
            f'&FIXED({at["slovin_value"]},3),"s = "&FIXED({chi2},3)&" × "&FIXED({n},0)&" × "&FIXED({p},2)&" × "'
            f'&FIXED(1-{p},2)&" / ("&FIXED({d},2)&"² × ("&FIXED({n},0)&" − 1) + "&FIXED({chi2},3)&" × "'
            f'&FIXED({p},2)&" × "&FIXED(1-{p},2)&") = "&FIXED({at["km_value"]},3))',
            "General",
        ),
    )
    heading_row = int(at["chi2"][1:]) - 1
    write_header(sheet, heading_row, ("Hasil", "Nilai", ""), (38, 16, 36))
    for key, label, formula, number_format in results:
        row = int(at[key][1:])
        write_cell(sheet.cell(row, 1), label).alignment = styles.WRAP
        cell = write_cell(sheet.cell(row, 2), Formula(formula))
        cell.number_format = number_format
        if key == "target":
            sheet.cell(row, 1).font = cell.font = styles.BOLD
    formula_row = int(at["formula"][1:])
    sheet.merge_cells(start_row=formula_row, start_column=2, end_row=formula_row, end_column=3)
    sheet.cell(formula_row, 2).alignment = styles.WRAP
    styles.fit_row_heights(sheet, 1, formula_row - 1)
    sheet.row_dimensions[formula_row].height = 48  # the formula with its numbers: up to three lines
    spread_note(sheet, 3)
    styles.print_layout(sheet, landscape=False, office=OFFICE_PLACEHOLDER)


SURVEY_GUIDE = (
    ("Survei: dari jawaban ke realisasi dan indeks", "heading"),
    (
        "Impor Survei (tab SPAK-SPKP, atau perintah xl-addin impor-survei FILE… --ke WORKBOOK): pilih file ekspor "
        "respons (.csv atau .xlsx, misalnya unduhan Google Forms). Responden dihitung per satker, per bulan target dan "
        "per survei, lalu diisikan ke Realisasi; respons yang sudah pernah diimpor tidak dihitung lagi.",
        "",
    ),
    (
        "Sheet Pemetaan Kolom menentukan kolom cap waktu, satker, survei dan pertanyaan, urutan tanggal, skala "
        "jawaban dan cara konversi skala. Angka Realisasi yang diketik tangan tidak ditimpa: impor menyebutkannya.",
        "",
    ),
    (
        "Hasilnya: sheet Indeks Survei (IKM menurut PermenPANRB Nomor 14 Tahun 2017, indeks SPKP dan SPAK, beserta "
        "contoh perhitungan), Data Survei, Riwayat Impor dan Masalah Impor (baris yang tidak dihitung dan sebabnya).",
        "",
    ),
)


def survey_sheets(book: Workbook) -> None:
    """The survey import's sheets, before xlwings.conf, and their lines at the end of Petunjuk."""
    from ..survey_workbook import add_survey_sheets

    guide = book[layout.SHEET_GUIDE]
    row = guide.max_row + 2  # a blank row: the wrapped line above may run into the next one
    width = guide.column_dimensions["A"].width or 120
    for offset, (text, kind) in enumerate(SURVEY_GUIDE):
        cell = write_cell(guide.cell(row + offset, 1), text)
        cell.alignment = styles.WRAP
        if kind == "heading":
            cell.font = styles.HEADING_FONT
        else:  # openpyxl cannot measure text: a height for the wrapped lines, so they do not overlap
            guide.row_dimensions[row + offset].height = 15.0 * -(-len(text) // int(width * 0.9))
    add_survey_sheets(book)


def _xlwings_conf_sheet(sheet: Worksheet) -> None:
    from .macros import XLWINGS_CONF

    for row, (key, value) in enumerate(XLWINGS_CONF, start=1):
        write_cell(sheet.cell(row, 1), key)
        write_cell(sheet.cell(row, 2), value)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 40
    sheet.sheet_state = "hidden"  # settings for xlwings, not for clerks


def build_workbook() -> Workbook:
    """The template's sheets, tables, names and validation (no VBA yet)."""
    book = Workbook()
    guide = book.active
    guide.title = layout.SHEET_GUIDE
    _guide_sheet(guide)
    _settings_sheet(book, book.create_sheet(layout.SHEET_SETTINGS))
    _counts_sheet(book.create_sheet(layout.SHEET_COUNTS))
    _targets_sheet(book, book.create_sheet(layout.SHEET_TARGETS))
    _decision_sheet(book.create_sheet(layout.SHEET_DECISION))
    realisation_sheet(book, book.create_sheet(layout.SHEET_REALISATION))
    _chart_sheet(book, book.create_sheet(layout.SHEET_CHART), len(EXAMPLE_COUNTS))
    _calculator_sheet(book.create_sheet(layout.SHEET_CALCULATOR))
    _km_table_sheet(book.create_sheet(layout.SHEET_KM_TABLE))
    survey_sheets(book)
    _xlwings_conf_sheet(book.create_sheet(layout.SHEET_XLWINGS_CONF))
    book.active = 0
    book.properties.creator = book.properties.lastModifiedBy = "xl_addin"
    book.properties.title = "Target Responden SPKP dan SPAK"
    book.properties.created = BUILD_TIME
    return book


def normalise_package(data: bytes) -> bytes:
    """Rewrite a zip package with fixed entry times, entries in name order, and a fixed modified date."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    stamp = BUILD_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in sorted(
            source.infolist(), key=lambda item: item.filename
        ):  # openpyxl's order varies with PYTHONHASHSEED
            content = source.read(item)
            if item.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    content,
                )
            info = zipfile.ZipInfo(item.filename, date_time=BUILD_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, content)
    return output.getvalue()


def build_template(output: str | Path = DEFAULT_OUTPUT) -> Path:
    """Build the macro-enabled template and write it atomically to ``output``."""
    from .macros import WORKBOOK_CODE_NAME, macro_archive

    book = build_workbook()
    book.code_name = WORKBOOK_CODE_NAME
    for number, sheet in enumerate(book.worksheets, start=1):
        sheet.sheet_properties.codeName = f"Sheet{number}"  # each sheet's VBA document module
    book.vba_archive = macro_archive([sheet.sheet_properties.codeName for sheet in book.worksheets])
    # The same ribbon repair as every fill: openpyxl drops the customUI14 relationship.
    data = workbook_bytes(book, ribbon_relationships(book.vba_archive))
    return write_bytes_atomic(Path(output), normalise_package(data))
