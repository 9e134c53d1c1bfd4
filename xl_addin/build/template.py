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
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from .. import __version__, charts, layout, sampling, styles
from ..cells import (
    CALCULATOR_FIRST_INPUT,
    DECISION_GAPS,
    DecisionPage,
    Formula,
    RealisationFormulas,
    calculator_cells,
    calculator_formulas,
    decision_document,
    decision_target_letters,
    km_table_formula,
)
from ..document import NIP_DIGITS
from ..package import ribbon_relationships, workbook_bytes, write_bytes_atomic
from ..plan import Settings
from ..realisation import count_header, headers_for
from ..report_sheet import trend_rows
from ..stored_values import refresh
from ..workbook import add_table, spread_note, write_cell, write_document, write_header, write_title


def xlwings_version() -> str:
    from importlib.metadata import version

    return version("xlwings")


__all__ = [
    "DEFAULT_OUTPUT",
    "EXAMPLE_COUNTS",
    "EXAMPLE_SATKER_LIST",
    "build_template",
    "build_workbook",
    "calculator_cells",
    "realisation_sheet",
    "satker_list_sheet",
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
        "1. Populasi N adalah rata-rata pengguna layanan per bulan pada periode dasar (sheet Pengaturan; contoh di "
        "templat: Januari–Maret 2024), dibulatkan ke atas. Di sheet Pengaturan, N dapat diganti menjadi jumlah seluruh bulan dasar, dan "
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
    (
        "4. Target berlaku untuk setiap bulan periode target (sheet Pengaturan; contoh di templat: Juli–Desember "
        "2024). Periode ditulis dengan bulan dan tahunnya, misalnya Januari–Maret 2025, dan boleh melewati "
        "pergantian tahun (Oktober 2024–Maret 2025).",
        "",
    ),
    ("Langkah kerja", "heading"),
    (
        "1. Isi sheet Pengguna Layanan: satu baris per satker, jumlah pengguna layanan per bulan sebagai bilangan bulat "
        "(ribuan boleh ditulis dengan titik, misalnya 1.234; jangan menggunakan koma). Baris CONTOH di templat adalah "
        "data fiktif: hapus dan ganti dengan data satker Anda, di sheet Pengguna Layanan dan di sheet Realisasi.",
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
        "Impor Survei: memilih file ekspor survei (CSV atau XLSX), lalu mengisi Realisasi dan Indeks Survei. Angka yang "
        "diketik petugas tidak ditimpa.",
        "",
    ),
    (
        "Kirim ke Satker (kantor wilayah): membuat untuk setiap satker file target dan isian realisasinya beserta draf "
        "email.",
        "",
    ),
    ("Terima dari Satker: mengambil angka dari file yang dikirim kembali satker (lihat sheet Status Kiriman).", ""),
    ("Laporan Bulanan: menyusun laporan satu bulan untuk pimpinan di sheet Laporan Bulanan.", ""),
    (
        "Periode Baru: membuat workbook periode berikutnya dengan daftar satker dan pengaturan yang sama; isian "
        "dikosongkan dan workbook ini tidak diubah.",
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
    # two sheets of paper: a little smaller than full size, every button's line kept
    styles.print_layout(sheet, landscape=False, office=OFFICE_PLACEHOLDER, pages_tall=2)


# Prompts Excel shows when a settings cell is selected: (title of at most 32 characters, text).
_PROMPTS = {
    "threshold": ("Ambang N", "Bilangan bulat ≥ 0 (bawaan 30)."),
    "floor": ("Batas minimal responden", "Kosongkan, atau isi bilangan bulat ≥ 0, misalnya 30."),
    "population_basis": ("Dasar populasi N", "Pilih 'rata-rata per bulan' atau 'jumlah seluruh bulan dasar'."),
    "slovin_rounding": ("Pembulatan Slovin", "Pilih 'ke atas' atau 'terdekat'."),
    "km_rounding": ("Pembulatan Krejcie & Morgan", "Pilih 'terdekat' atau 'ke atas'."),
    "base_period": (
        "Periode dasar",
        "Bulan dan tahun, misalnya Januari–Maret 2025, Jan–Mar 2025, Januari s.d. Maret 2025, "
        "Oktober 2024–Maret 2025 atau Januari, Februari dan Maret 2025.",
    ),
    "target_period": (
        "Periode target",
        "Bulan dan tahun, misalnya Juli–Desember 2025, Jul–Des 2025, Juli s.d. Desember 2025 "
        "atau Oktober 2025–Maret 2026.",
    ),
    "slovin_error": ("e (Slovin)", "Angka di antara 0 dan 1, misalnya 0,05 atau 5%."),
    "km_margin": ("d (Krejcie & Morgan)", "Angka di antara 0 dan 1, misalnya 0,05 atau 5%."),
    "km_confidence": ("Tingkat kepercayaan", "Angka di antara 0 dan 1, misalnya 0,95 atau 95%."),
    "km_proportion": ("P (proporsi populasi)", "Angka di antara 0 dan 1, misalnya 0,5 atau 50%."),
    "date": ("Tanggal penetapan", "Isi tanggal, misalnya 1/7/2024, atau kosongkan."),
    "time_zone": ("Zona waktu", "Pilih WIB, WITA atau WIT."),
    "nip": ("NIP penanda tangan", "18 angka, boleh dengan spasi, misalnya 19680512 199003 1 001."),
}
OFFICE_PLACEHOLDER = layout.DOCUMENT_SETTINGS[0].default


def _rule_for(setting: layout.Setting, cell: str) -> DataValidation:
    """The validation of one settings cell (``cell``, e.g. B30), by what it holds."""
    if setting.field in ("threshold", "floor"):
        return DataValidation(
            type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=setting.field == "floor"
        )
    if setting.field == "population_basis":
        return DataValidation(type="list", formula1='"' + ",".join(layout.POPULATION_LABELS.values()) + '"')
    if setting.field.endswith("rounding"):
        return DataValidation(type="list", formula1='"' + ",".join(layout.ROUNDING_LABELS.values()) + '"')
    if setting.field.endswith("_period"):  # free text, read strictly by period.Period.parse
        return DataValidation(type="textLength", operator="greaterThan", formula1="0")
    if setting.field == "date":
        return DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True)  # after 2000
    if setting.field == "time_zone":
        return DataValidation(type="list", formula1='"' + ",".join(layout.TIME_ZONES) + '"')
    if setting.field == "nip":  # 18 digits, spaces allowed; the fill says more (document.nip_problem)
        digits = f'SUBSTITUTE({cell}," ","")'
        return DataValidation(
            type="custom", formula1=f"AND(LEN({digits})={NIP_DIGITS},ISNUMBER(-{digits}))", allow_blank=True
        )
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
        if setting.field == "nip":  # typed digits stay text: a number keeps only 15 of the 18
            value_cell.number_format = sheet.cell(row, 3).number_format = "@"
        book.defined_names[setting.defined_name] = DefinedName(
            setting.defined_name, attr_text=f"'{layout.SHEET_SETTINGS}'!$B${row}"
        )
        rule = _rule_for(setting, value_cell.coordinate)
        title, prompt = _PROMPTS.get(setting.field, (setting.label[:32], setting.explanation[:255]))
        rule.promptTitle, rule.prompt = title, prompt
        rule.errorTitle, rule.error = "Nilai tidak valid", prompt
        rule.showInputMessage = rule.showErrorMessage = setting.field not in DOCUMENT_FIELDS or setting.field in (
            "date",
            "time_zone",
            "nip",
        )
        if rule.showErrorMessage:
            rule.add(value_cell)
            sheet.add_data_validation(rule)
    return first_row + len(settings)


# Text cells without validation: the documents' and the Kanwil ↔ satker loop's (read strictly when used).
DOCUMENT_FIELDS = {setting.field for setting in (*layout.DOCUMENT_SETTINGS, *layout.LOOP_SETTINGS)}


def _settings_sheet(book: Workbook, sheet: Worksheet) -> None:
    write_title(sheet, "Pengaturan", "Sel kuning boleh diubah. Setelah mengubah, klik Hitung Target lagi.")
    write_header(
        sheet,
        layout.TABLE_HEADER_ROW,
        ("Pengaturan", "Nilai", "Bawaan", "Penjelasan", "Nama Sel"),
        (26, 30, 22, 63, 18),  # the printed four: a landscape page at 78 %, the value as wide as a typed letterhead
    )
    sheet.row_dimensions[layout.TABLE_HEADER_ROW].height = styles.ONE_LINE_HEADER
    after = _setting_rows(book, sheet, layout.TABLE_HEADER_ROW + 1, layout.SETTINGS, Settings().as_cells())
    heading = after + 1  # the loop's two settings share the rule's page: the document settings fill the next
    write_cell(sheet.cell(heading, 1), "Untuk Kirim ke Satker dan Terima dari Satker").font = styles.HEADING_FONT
    after = _setting_rows(book, sheet, heading + 1, layout.LOOP_SETTINGS, {})
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
    sheet.print_area = f"A1:D{after - 1}"  # the versions below stay on screen, for whoever supports the workbook


def _counts_sheet(sheet: Worksheet) -> None:
    write_title(
        sheet,
        "Pengguna Layanan per Bulan (bulan dasar)",
        "Baris CONTOH di bawah adalah data fiktif, bukan data resmi: hapus dan ganti dengan data satker Anda. "
        "Tambahkan satker di baris paling bawah tabel (tabel ikut memanjang).",
    )
    headers = (layout.COLUMN_SATKER, *Settings().base_period.month_labels)
    # the longest satker names (about 60 characters) whole on one line, as typed; the page at 78 %, where the
    # 9-pt page head and foot print at 7 pt
    write_header(sheet, layout.TABLE_HEADER_ROW, headers, (62, 11, 11, 11))
    first = layout.TABLE_HEADER_ROW + 1
    for offset, row_values in enumerate(EXAMPLE_COUNTS):
        for column, value in enumerate(row_values, start=1):
            cell = write_cell(sheet.cell(first + offset, column), value)
            cell.border, cell.alignment = styles.BOX, styles.WRAP if column == 1 else styles.NUMBER_ALIGNMENT
            if column > 1:
                cell.number_format = styles.COUNT_FORMAT
    add_table(sheet, layout.TABLE_COUNTS, headers, layout.TABLE_HEADER_ROW, first + len(EXAMPLE_COUNTS) - 1)
    rule = styles.count_rule(
        "Isi jumlah orang: bilangan bulat 0 atau lebih (bukan pecahan, negatif atau teks).",
        ("Jumlah pengguna layanan", "Bilangan bulat ≥ 0; ribuan boleh ditulis 1.234."),
    )
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


# The satker list's example rows: the example satker above, with the aliases, addresses and contacts a
# Kanwil would note for each (all invented: the CONTOH mark, and the reserved .example mail domain).
EXAMPLE_SATKER_LIST = tuple(
    (
        name,
        f"{layout.EXAMPLE_MARK} {short}",
        f"{address}@contoh.example",
        f"{layout.EXAMPLE_MARK} Petugas {letter}",
        f"0812-0000-00{index:02d}",
        None,
    )
    for index, ((name, *_counts), short, address, letter) in enumerate(
        zip(
            EXAMPLE_COUNTS,
            ("Kanim A", "Rudenim B", "Kanim C", "Kanim D", "Kanim E", "Bapas F", "Rupbasan G", "Bapas H"),
            ("kanim.a", "rudenim.b", "kanim.c", "kanim.d", "kanim.e", "bapas.f", "rupbasan.g", "bapas.h"),
            "ABCDEFGH",
        ),
        start=1,
    )
)


def satker_list_sheet(sheet: Worksheet) -> None:
    """Daftar Satker: each satker's name as in the rule, the names forms and people use, emails and a contact."""
    write_title(
        sheet,
        "Daftar Satuan Kerja",
        "Satu baris per satker. Satuan Kerja: nama persis seperti di Pengguna Layanan. Nama Lain: singkatan atau nama "
        "yang dipakai di formulir survei dan oleh pengisi (misalnya Lapas Kupang; Lapas Kelas IIA Kupang), beberapa "
        "dipisah titik koma; Impor Survei menghitung respons dengan nama lain itu untuk satker ini. Email: satu atau "
        "beberapa alamat, dipisah titik koma. Baris CONTOH adalah data fiktif: hapus dan ganti dengan satker Anda.",
    )
    widths = (40, 28, 26, 18, 14, 15)  # 141 units: a landscape page at 78 %, where no text prints under 7 pt
    write_header(sheet, layout.TABLE_HEADER_ROW, layout.SATKER_LIST_HEADERS, widths)
    first = layout.TABLE_HEADER_ROW + 1
    for offset, row_values in enumerate(EXAMPLE_SATKER_LIST):
        for column, value in enumerate(row_values, start=1):
            cell = write_cell(sheet.cell(first + offset, column), value)
            cell.border, cell.alignment = styles.BOX, styles.WRAP
        lines = max(styles.lines_needed(str(value or ""), width) for value, width in zip(row_values, widths))
        if lines > 1:  # openpyxl cannot measure text: a height for the wrapped lines
            sheet.row_dimensions[first + offset].height = 15.0 * lines
    last = first + len(EXAMPLE_SATKER_LIST) - 1
    add_table(sheet, layout.TABLE_SATKER_LIST, layout.SATKER_LIST_HEADERS, layout.TABLE_HEADER_ROW, last)
    sheet.freeze_panes = f"B{first}"
    styles.fit_row_heights(sheet, 1, 2)
    spread_note(sheet, len(widths))
    styles.print_layout(sheet, landscape=True, header_row=layout.TABLE_HEADER_ROW, office=OFFICE_PLACEHOLDER)


# The targets table prints in three parts, each with the satker's name: the target with its numbers (the
# method, both formulas' results, the native check, the old rule), the formula with its numbers, the note.
TARGET_PARTS = [
    (1, layout.TARGET_HEADERS.index(layout.COLUMN_CHANGE) + 1),
    *(
        (index, index)
        for index in range(layout.TARGET_HEADERS.index(layout.COLUMN_CHANGE) + 2, len(layout.TARGET_HEADERS) + 1)
    ),
]


def _targets_sheet(book: Workbook, sheet: Worksheet) -> None:
    # The title fits the satker's column, which every printed part repeats; the note and the comparison with the
    # old rule (written by each fill, found by its name like the settings) sit beside it, over the first part
    # only: nothing is cut on the pages of the other parts.
    write_title(sheet, "Target Responden Minimal per Bulan", "")
    first_part_end = TARGET_PARTS[0][1]
    for row, text, font in (
        (
            2,
            "Untuk SPKP dan untuk SPAK masing-masing, setiap bulan target. Diisi oleh tombol Hitung Target (tab "
            "SPAK-SPKP) atau perintah xl-addin fill; jangan diisi secara manual: isi tabel ini ditimpa setiap kali "
            "dihitung.",
            styles.NOTE_FONT,
        ),
        (3, None, styles.BOLD),
    ):
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=first_part_end)
        cell = write_cell(sheet.cell(row, 2), text)
        cell.alignment, cell.font = styles.WRAP, font
    sheet["A2"].value = None
    sheet.row_dimensions[2].height = 28  # the note: two lines
    sheet.row_dimensions[3].height = 30  # the comparison line takes up to two lines
    book.defined_names[layout.NAME_TARGET_SUMMARY] = DefinedName(
        layout.NAME_TARGET_SUMMARY, attr_text=f"'{sheet.title}'!$B$3"
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
    styles.print_layout(
        sheet,
        landscape=True,
        header_row=layout.TABLE_HEADER_ROW,
        parts=TARGET_PARTS,
        repeat_columns=(1, 1),
        office=OFFICE_PLACEHOLDER,
    )


# No., Satuan Kerja, Populasi (N), Metode, Target per Bulan: the width of a portrait page at 75 %, the smallest
# scale that keeps 11-pt text above 8 pt, so that the page and 26 satker fit one sheet of paper.
DECISION_WIDTHS = (4.5, 59, 10, 16, 10)


def _decision_sheet(sheet: Worksheet) -> None:
    """The page to print and sign: letterhead, heading, legal basis, the rule, the signature block, and the
    targets as its Lampiran (live from Target Responden)."""
    for column, width in enumerate(DECISION_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    # The lines above the table are written by the same code as every fill (cells.decision_document).
    write_document(sheet, decision_document(Settings(), _default_values()), styled=True)
    for column in range(1, len(DECISION_WIDTHS) + 1):
        sheet.cell(DECISION_GAPS[0], column).border = styles.LETTERHEAD_RULE
    for row in DECISION_GAPS:
        sheet.row_dimensions[row].height = 6
    header_row = layout.DECISION_HEADER_ROW
    write_header(sheet, header_row, layout.DECISION_HEADERS, DECISION_WIDTHS)
    first = header_row + 1
    for column, number_format in enumerate(("0", "General", "#,##0", "General", "#,##0"), 1):
        cell = sheet.cell(first, column)
        cell.number_format, cell.border = number_format, styles.BOX
        cell.alignment = styles.WRAP
    add_table(sheet, layout.TABLE_DECISION, layout.DECISION_HEADERS, header_row, first, filter_buttons=False)
    # The live rows are written by the same code as every fill (cells.DecisionPage).
    page = DecisionPage(header_row, first, 0)
    for row, values in enumerate(page.block(first, decision_target_letters(layout.TARGET_HEADERS, 1)), page.first_row):
        for column, value in enumerate(values, start=1):
            write_cell(sheet.cell(row, column), value)
    styles.print_layout(sheet, landscape=False, header_row=header_row, parts=[(1, len(DECISION_WIDTHS))], document=True)


def _default_values() -> dict[str, object]:
    """The named settings cells as the template holds them, for the values its formulas show."""
    values = dict(Settings().as_cells())
    values.update({setting.defined_name: setting.default for setting in layout.DOCUMENT_SETTINGS})
    return values


Realised = dict  # {(survey, month): respondents}


def example_realisation() -> list[tuple[object, Realised]]:
    """The template's Realisasi rows: each example satker, with no numbers. Fictitious numbers would reach the
    totals, the chart and the email copy of a workbook whose clerk deleted the examples on Pengguna Layanan only;
    a name left over is noted by every fill (gone from Pengguna Layanan, a CONTOH row) instead."""
    return [(name, {}) for name, *_counts in EXAMPLE_COUNTS]


class _ColumnsByKey(dict):
    """A column lookup by header, whatever the spacing or case of the header asked for."""

    def __getitem__(self, header: str):
        return super().__getitem__(layout.header_key(header))


def realisation_sheet(book: Workbook, sheet: Worksheet, rows: list[tuple[object, Realised]] | None = None) -> None:
    """The Realisasi sheet on ``sheet``: one table row per (satker, realised numbers), with totals above the table.

    The totals sit above the header, not in a Total Row, so the table can grow at the bottom when
    ``xl-addin fill`` or Hitung Target adds a row for a new satker.
    """
    write_title(  # title and note within the satker and target columns, which every printed part repeats
        sheet,
        "Realisasi Responden per Bulan",
        "Isi jumlah responden SPKP dan SPAK yang benar-benar diperoleh tiap bulan. Persentase = "
        "realisasi / target per bulan (merah: di bawah target, hijau: tercapai). Baris CONTOH di templat hanya "
        "memuat nama fiktif: hapus barisnya. Hitung Target menambahkan baris untuk satker baru dan tidak pernah "
        "mengubah angka yang sudah diisi.",
    )
    period = layout.DEFAULT_TARGET_PERIOD
    headers = headers_for(period)
    widths = [62, 12] + [12] * (len(headers) - 3) + [40]  # the longest satker names whole on one line
    write_header(sheet, layout.TABLE_HEADER_ROW, headers, tuple(widths))
    rows = example_realisation() if rows is None else rows
    first = layout.TABLE_HEADER_ROW + 1
    last = first + max(len(rows), 1) - 1
    column = _ColumnsByKey({layout.header_key(header): index for index, header in enumerate(headers, start=1)})
    # The formulas' values follow the cells (the targets a fill writes, the chart's month): every save
    # stores them (stored_values.refresh), this build's too.
    formulas = RealisationFormulas(headers, period)
    for row, (name, realised) in enumerate(rows, start=first):
        write_cell(sheet.cell(row, 1), name)
        for header, formula in formulas.row(row).items():
            write_cell(sheet.cell(row, column[header]), formula)
        for (survey, month), value in realised.items():  # a month named as the period names it, or its name alone
            key = period.month_of(month)
            assert key is not None, month
            write_cell(sheet.cell(row, column[count_header(survey, key)]), value)
    add_table(sheet, layout.TABLE_REALISATION, headers, layout.TABLE_HEADER_ROW, last)

    # Totals one row above the header: SUBTOTAL follows the reader's filter and ignores the header's text.
    totals_row = layout.TABLE_HEADER_ROW - 1
    reach = first + CAPACITY - 1
    write_cell(sheet.cell(totals_row, 1), "Jumlah semua satker (mengikuti filter tabel)").font = styles.BOLD
    for header, formula in formulas.totals(totals_row, first, reach).items():
        cell = write_cell(sheet.cell(totals_row, column[header]), formula)
        cell.font = styles.BOLD
        if header.startswith(layout.PERCENT_PREFIX):
            cell.number_format = styles.PERCENT_FORMAT

    for column_index, header in enumerate(headers, start=1):
        for row in range(first, last + 1):
            cell = sheet.cell(row, column_index)
            cell.border, cell.alignment = styles.BOX, styles.NUMBER_ALIGNMENT  # at the top, like the names beside
            if header.startswith((layout.PERCENT_PREFIX, layout.CHART_PREFIX)):
                cell.number_format = styles.PERCENT_FORMAT
            elif header in (layout.COLUMN_NOTE, layout.COLUMN_SATKER):
                cell.alignment = styles.WRAP
            elif column_index > 1:
                cell.number_format = styles.COUNT_FORMAT
    # Colours and validation reach past the table (rows a fill adds are covered too); made again, as the printed
    # parts are, when a new target period moves the columns (xl_addin.workbook).
    styles.realisation_marks(sheet, headers, layout.TABLE_HEADER_ROW)
    sheet.freeze_panes = f"B{first}"
    styles.fit_row_heights(sheet, 1, 2)
    spread_note(sheet, 2)
    styles.print_layout(
        sheet,
        landscape=True,
        header_row=layout.TABLE_HEADER_ROW,
        parts=styles.realisation_parts(headers),
        repeat_columns=(1, 2),
        office=OFFICE_PLACEHOLDER,
    )


# The chart sheet, one column of A4 portrait pages: the month chooser, the trend (a chart and its live table,
# fixed in size), then the satker chart, which grows downwards with the satker and prints on a page of its own.
# The trend table's columns; the charts float over them. 74 units, about the 17-cm charts' width: printed at 100 %,
# where the satker chart's 8-pt names print at 7 pt or more.
CHART_COLUMNS = (22, 10, 9, 9, 9, 9, 6)
TREND_HEADERS = layout.TREND_HEADERS
TREND_CHART_ROW = 4
TREND_TABLE_ROW = 22  # the trend table's header, below the trend chart
SATKER_HEADING_ROW = 30  # the satker chart's heading (its title, live), with the chart below it


def _chart_sheet(book: Workbook, sheet: Worksheet, satker: int) -> None:
    """The charts for the head of office, live from the Realisasi table: the number of satker reaching the
    target per month, and each satker's percentage of its target in the chosen month."""
    write_title(
        sheet,
        "Grafik Realisasi Responden",
        "Pertama: jumlah satker yang mencapai target per bulan. Di bawahnya: realisasi tiap satker sebagai persentase "
        "targetnya pada bulan yang dipilih di sel kuning (garis merah = 100 %; tanpa batang = belum melapor; batang "
        "sampai tepi kanan = 200 % atau lebih). Data diambil dari tabel di sheet Realisasi.",
    )
    write_cell(sheet["A3"], "Bulan grafik per satker:").font = styles.BOLD
    choices = list(layout.DEFAULT_TARGET_PERIOD.month_labels)  # as the Realisasi headers name them
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
    for index, width in enumerate(CHART_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet_ref = f"'{sheet.title}'!"

    # The trend: its chart, and below it the table of live counts it draws.
    write_header(sheet, TREND_TABLE_ROW, TREND_HEADERS, CHART_COLUMNS)
    sheet.row_dimensions[TREND_TABLE_ROW].height = 62  # "SPKP: satker mencapai target" takes four lines
    for row, values in enumerate(trend_rows(layout.DEFAULT_TARGET_PERIOD), start=TREND_TABLE_ROW + 1):
        for column, value in enumerate(values, start=1):
            cell = write_cell(sheet.cell(row, column), value)
            cell.border = styles.BOX
            if column > 1:
                cell.number_format = styles.COUNT_FORMAT
    last_trend = TREND_TABLE_ROW + len(choices)
    add_table(sheet, layout.TABLE_TREND, TREND_HEADERS, TREND_TABLE_ROW, last_trend, filter_buttons=False)

    def trend_range(column: int) -> str:
        letter = get_column_letter(column)
        return f"{sheet_ref}${letter}${TREND_TABLE_ROW + 1}:${letter}${last_trend}"

    trend = charts.trend_chart(
        charts.Label(charts.TREND_TITLE),
        trend_range(1),
        [(charts.Label(survey), trend_range(4 + 2 * index)) for index, survey in enumerate(layout.SURVEYS)],
        satker,
    )
    sheet.add_chart(trend, f"A{TREND_CHART_ROW}")

    # Each satker's percentage of its target in the chosen month; the title and the series names follow the
    # month (cells the chart links to: the heading above it, and the two cells beside the month).
    name = layout.NAME_CHART_MONTH
    title = f"{charts.ATTAINMENT_TITLE}, "
    heading = write_cell(sheet.cell(SATKER_HEADING_ROW, 1), Formula(f'="{title}"&{name}', title + choices[0]))
    heading.font = styles.HEADING_FONT
    write_cell(sheet["D3"], "Nama seri:").font = styles.NOTE_FONT
    series_columns = {survey: 5 + 2 * index for index, survey in enumerate(layout.SURVEYS)}  # E3, G3: room to show
    for survey, column in series_columns.items():
        formula = Formula(f'="{survey} "&{name}', f"{survey} {choices[0]}")
        write_cell(sheet.cell(3, column), formula).font = styles.NOTE_FONT
    data_sheet = book[layout.SHEET_REALISATION]
    headers = headers_for(layout.DEFAULT_TARGET_PERIOD)
    first = layout.TABLE_HEADER_ROW + 1
    last = first + max(satker, 1) - 1

    def column_range(header: str) -> str:
        letter = get_column_letter(headers.index(header) + 1)
        return f"'{data_sheet.title}'!${letter}${first}:${letter}${last}"

    attainment = charts.attainment_chart(
        charts.Label(title + choices[0], f"{sheet_ref}$A${SATKER_HEADING_ROW}"),
        column_range(layout.COLUMN_SATKER),
        [
            (charts.Label(f"{survey} {choices[0]}", f"{sheet_ref}${get_column_letter(column)}$3"),
             column_range(layout.CHART_PREFIX + survey))
            for survey, column in series_columns.items()
        ],
        satker,
    )  # fmt: skip
    sheet.add_chart(attainment, f"A{SATKER_HEADING_ROW + 1}")
    sheet.row_breaks.append(Break(id=SATKER_HEADING_ROW - 1))  # the satker chart starts a page of its own
    spread_note(sheet, len(CHART_COLUMNS))
    styles.print_layout(sheet, landscape=False, office=OFFICE_PLACEHOLDER)


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


# The table on one portrait page: three blocks of 30 rows side by side (N and s each), a narrow gap between them.
KM_BLOCK_ROWS = -(-len(KM_TABLE_POPULATIONS) // len(layout.KM_TABLES))
KM_WIDTHS = (12, 10)
KM_GAP = 3


def _km_table_sheet(sheet: Worksheet) -> None:
    """The 1970 table recomputed by a native formula per row: a reader sees the table is the formula."""
    write_title(
        sheet,
        "Tabel Krejcie & Morgan (1970)",
        "Ukuran sampel s untuk populasi N, dihitung dengan rumus s = χ²·N·P(1−P) / (d²(N−1) + χ²·P(1−P)), "
        "χ² = 3,841; P = 0,5; d = 0,05, dibulatkan ke bilangan bulat terdekat. Hasilnya sama dengan Tabel 1 "
        "Krejcie & Morgan (1970), Educational and Psychological Measurement 30, hlm. 607–610.",
    )
    headers = (layout.COLUMN_KM_N, layout.COLUMN_KM_S)
    first = layout.TABLE_HEADER_ROW + 1
    step = len(KM_WIDTHS) + 1  # a block and the gap after it
    for block, name in enumerate(layout.KM_TABLES):
        column = 1 + step * block
        populations = KM_TABLE_POPULATIONS[block * KM_BLOCK_ROWS : (block + 1) * KM_BLOCK_ROWS]
        write_header(sheet, layout.TABLE_HEADER_ROW, headers, KM_WIDTHS, first_column=column)
        for row, population in enumerate(populations, start=first):
            formula = km_table_formula(row, population, get_column_letter(column))
            for offset, value in enumerate((population, formula)):
                cell = write_cell(sheet.cell(row, column + offset), value)
                cell.number_format, cell.border = styles.COUNT_FORMAT, styles.BOX
        add_table(
            sheet,
            name,
            headers,
            layout.TABLE_HEADER_ROW,
            first + len(populations) - 1,
            filter_buttons=False,  # a table to read, three blocks like one printed page
            first_column=column,
        )
        if block < len(layout.KM_TABLES) - 1:
            sheet.column_dimensions[get_column_letter(column + len(KM_WIDTHS))].width = KM_GAP
    sheet.freeze_panes = f"A{first}"
    last_column = step * len(layout.KM_TABLES) - 1
    spread_note(sheet, last_column)
    styles.print_layout(sheet, landscape=False, header_row=layout.TABLE_HEADER_ROW, office=OFFICE_PLACEHOLDER)


# The calculator's inputs: (label, default, kind); kinds choose the cell's validation and its note.
CALCULATOR_INPUTS = (
    ("Populasi N (jumlah pengguna layanan)", 250, "count"),
    ("Ambang N (di bawahnya Slovin)", sampling.DEFAULT_THRESHOLD, "count"),
    ("e, batas toleransi kesalahan Slovin", sampling.DEFAULT_ERROR, "error"),
    ("d, derajat ketelitian Krejcie & Morgan", sampling.DEFAULT_MARGIN, "error"),
    ("Tingkat kepercayaan Krejcie & Morgan", sampling.DEFAULT_CONFIDENCE, "confidence"),
    ("P, proporsi populasi", sampling.DEFAULT_PROPORTION, "proportion"),
    ("Pembulatan Slovin", layout.ROUNDING_LABELS[sampling.DEFAULT_SLOVIN_ROUNDING], "rounding"),
    ("Pembulatan Krejcie & Morgan", layout.ROUNDING_LABELS[sampling.DEFAULT_KM_ROUNDING], "rounding"),
    ("Batas minimal responden (boleh kosong)", None, "floor"),
)
# The inputs' and results' cells, and the results' formulas, are in cells.py (calculator_cells,
# calculator_formulas): every save recognises the formulas there to store their values.


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
    # each example is the setting's usual value (the rule's default), never another setting's
    fraction = "Angka di antara 0 dan 1, misalnya {}."
    notes = {
        "count": "Bilangan bulat 0 atau lebih.",
        "error": fraction.format("0,05 atau 0,10"),
        "confidence": fraction.format("0,95 atau 0,99"),
        "proportion": fraction.format("0,5"),
        "rounding": f"'{up}' atau '{layout.ROUNDING_LABELS['nearest']}'.",
        "floor": "Kosong: tanpa batas minimal. Diisi 30: seperti aturan lama (tidak pernah lebih dari N).",
    }
    fractions = ("error", "confidence", "proportion")
    for index, (label, default, kind) in enumerate(CALCULATOR_INPUTS):
        row = CALCULATOR_FIRST_INPUT + index
        write_cell(sheet.cell(row, 1), label).alignment = styles.WRAP  # label, value and note share their top line
        value = write_cell(sheet.cell(row, 2), default)
        value.fill, value.alignment = styles.INPUT_FILL, styles.NUMBER_ALIGNMENT
        if kind in fractions:
            value.number_format = "0.00"
        note = write_cell(sheet.cell(row, 3), notes[kind])
        note.font, note.alignment = styles.NOTE_FONT, styles.WRAP
        if kind == "rounding":
            rule = DataValidation(type="list", formula1='"' + ",".join(layout.ROUNDING_LABELS.values()) + '"')
        elif kind in fractions:
            rule = DataValidation(type="decimal", operator="between", formula1="0.0001", formula2="0.9999")
        else:
            rule = DataValidation(
                type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=kind == "floor"
            )
        rule.errorTitle, rule.error = "Nilai tidak valid", notes[kind]
        rule.showErrorMessage = True
        rule.add(value)
        sheet.add_data_validation(rule)
    # the results' formulas (cells.py) with their values for the default inputs
    formulas = calculator_formulas({name: default for name, (_, default, _) in zip(at, CALCULATOR_INPUTS)})
    results = (
        ("chi2", "χ² (1 derajat bebas, 3 desimal)", "0.000"),
        ("slovin_value", "Slovin: n = N / (1 + N·e²), sebelum dibulatkan", "#,##0.000"),
        ("slovin_size", "Slovin, dibulatkan", "#,##0"),
        ("km_value", "Krejcie & Morgan: s, sebelum dibulatkan", "#,##0.000"),
        ("km_size", "Krejcie & Morgan, dibulatkan", "#,##0"),
        ("method", "Metode menurut aturan", "General"),
        ("computed", "Hasil rumus", "#,##0"),
        ("target", "TARGET PER BULAN (SPKP dan SPAK masing-masing)", "#,##0"),
        ("formula", "Rumus dengan angka", "General"),
    )
    heading_row = int(at["chi2"][1:]) - 1
    write_header(sheet, heading_row, ("Hasil", "Nilai", ""), (38, 16, 36))
    for key, label, number_format in results:
        row = int(at[key][1:])
        write_cell(sheet.cell(row, 1), label).alignment = styles.WRAP
        cell = write_cell(sheet.cell(row, 2), formulas[key])
        cell.number_format, cell.alignment = number_format, styles.NUMBER_ALIGNMENT
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
        "Sheet Pemetaan Kolom menentukan kolom cap waktu, satker, survei dan pertanyaan, skala jawaban dan cara "
        "konversi skala. Urutan tanggal (03/04/2024) ditentukan per file dari tanggal lain di file itu; pengaturan "
        "Urutan Tanggal hanya dipakai untuk file yang tidak dapat ditentukan. Nama singkat satker di formulir "
        "(misalnya Lapas Kupang) dicatat sebagai Nama Lain di sheet Daftar Satker. Angka Realisasi yang diketik "
        "tangan tidak ditimpa: impor menyebutkannya.",
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


def loop_sheets(book: Workbook) -> None:
    """The loop's sheets (Status Kiriman, Riwayat Kiriman), before xlwings.conf. Their notes say what the two
    buttons do (the ribbon's tips too): Petunjuk has no room left on its pages."""
    from ..loop import LOG_SPEC, STATUS_SPEC
    from ..workbook import table_sheet

    for spec in (STATUS_SPEC, LOG_SPEC):
        table_sheet(book, spec)


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
    satker_list_sheet(book.create_sheet(layout.SHEET_SATKER_LIST))
    loop_sheets(book)
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
    refresh(book)  # the values of the formulas whose values follow other cells, as every save stores them
    # The same ribbon repair as every fill: openpyxl drops the customUI14 relationship.
    data = workbook_bytes(book, ribbon_relationships(book.vba_archive))
    return write_bytes_atomic(Path(output), normalise_package(data))
