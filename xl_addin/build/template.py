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
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .. import __version__, layout, styles
from ..cells import Formula
from ..package import ribbon_relationships, workbook_bytes, write_bytes_atomic
from ..plan import Settings
from ..workbook import add_table, sum_above, write_cell, write_header, write_title


def xlwings_version() -> str:
    from importlib.metadata import version

    return version("xlwings")

DEFAULT_OUTPUT = Path("template") / "SPAK_SPKP.xlsm"
# Fixed document and zip timestamps make the build reproducible (the date the targets start).
BUILD_TIME = dt.datetime(2024, 7, 1, 0, 0, 0)

# Invented example counts (service users per month, Q1 2024) for the eight satker that
# opened the exercise. The names are real; the numbers are NOT: the sheet says so.
EXAMPLE_COUNTS = (
    ("Kantor Imigrasi Kelas I TPI Kupang", 1850, 1720, 1905),
    ("Rumah Detensi Imigrasi Kupang", 12, 9, 15),
    ("Kantor Imigrasi Kelas II TPI Atambua", 640, 598, 702),
    ("Kantor Imigrasi Kelas II TPI Labuan Bajo", 455, 510, 488),
    ("Kantor Imigrasi Kelas II TPI Maumere", 380, 402, 366),
    ("Balai Pemasyarakatan Kelas II Kupang", 96, 88, 104),
    ("Rumah Penyimpanan Benda Sitaan Negara Kelas I Kupang", 21, 18, 25),
    ("Balai Pemasyarakatan Kelas II Waikabubak", 34, 29, 27),
)
# Rows reserved for data validation below each table, so a clerk can add satker.
VALIDATED_ROWS = 500

GUIDE = (
    ("Target Responden Survei SPKP dan SPAK (Zona Integritas)", "title"),
    ("Workbook ini menghitung jumlah minimal responden per bulan untuk tiap satuan kerja (satker), "
     "untuk Survei Persepsi Kualitas Pelayanan (SPKP) dan Survei Persepsi Anti Korupsi (SPAK).", ""),
    ("Aturan", "heading"),
    ("1. Populasi N = rata-rata pengguna layanan per bulan pada bulan dasar (bawaan: Januari–Maret 2024, "
     "triwulan I), dibulatkan ke atas.", ""),
    ("2. Jika N kurang dari ambang (bawaan 30): rumus Slovin n = N / (1 + N·e²), e = 0,05, dibulatkan ke atas.", ""),
    ("3. Jika N sama dengan atau lebih dari ambang: rumus Krejcie & Morgan (1970) "
     "s = χ²·N·P(1−P) / (d²(N−1) + χ²·P(1−P)), χ² = 3,841; P = 0,5; d = 0,05, dibulatkan ke bilangan "
     "terdekat (sama dengan tabel Krejcie & Morgan). N = 30 memakai Krejcie & Morgan; keduanya memberi 28.", ""),
    ("4. Target berlaku untuk setiap bulan target (bawaan: Juli–Desember 2024).", ""),
    ("Langkah kerja", "heading"),
    ("1. Isi sheet 'Pengguna Layanan': satu baris per satker, jumlah pengguna layanan per bulan "
     "(bilangan bulat, tanpa titik/koma). Angka contoh di templat adalah CONTOH, ganti dengan data Anda.", ""),
    ("2. Periksa sheet 'Pengaturan' (nilai bawaan sesuai kesepakatan dengan BPS).", ""),
    ("3. Klik tab SPAK-SPKP → Hitung Target. Tabel 'Target Responden' terisi, lengkap dengan rumus dan angkanya.", ""),
    ("4. Baris bertanda PERIKSA berisi data yang salah: perbaiki lalu klik Hitung Target lagi.", ""),
    ("5. Untuk dikirim lewat email, klik 'Salinan untuk Email': file .xlsx tanpa makro yang bisa dibuka siapa saja.", ""),
    ("Tombol pada tab SPAK-SPKP", "heading"),
    ("Hitung Target: membaca Pengguna Layanan dan Pengaturan, lalu mengisi Target Responden.", ""),
    ("Periksa Data: memeriksa isian tanpa mengubah apa pun dan menampilkan daftar masalah.", ""),
    ("Salinan untuk Email: menyimpan salinan .xlsx tanpa makro (nilai, jejak perhitungan, cap waktu).", ""),
    ("Tes Instalasi: memeriksa Python, xl_addin dan xlwings di komputer ini; hasilnya bisa dikirim ke petugas pendukung.", ""),
    ("Rekap Kanwil (kantor wilayah): memilih folder berisi workbook kiriman satker, lalu membuat 'Rekap Kanwil.xlsx' "
     "di folder itu (target, realisasi dan daftar masalah). File kiriman tidak diubah.", ""),
    ("Petunjuk: membuka sheet ini.", ""),
    ("Rumus di sel (tanpa tombol)", "heading"),
    ("Ketik di sel, misalnya =SLOVIN(N; e), =KREJCIE(N; d; kepercayaan; P), =RESPONDEN_MINIMAL(N) atau "
     "=METODE_SAMPEL(N). Dapat untuk satu sel atau satu kolom sekaligus, misalnya =RESPONDEN_MINIMAL(B5:B30). "
     "Kolom 'Cek Rumus Excel' menghitung ulang target dengan rumus Excel biasa, tanpa Python.", ""),
    ("Mengaktifkan makro", "heading"),
    ("File dari email/internet diblokir Windows (Mark of the Web). Tutup Excel, klik kanan file → Properties → "
     "centang 'Unblock' → OK, lalu buka lagi dan klik 'Enable Content'. Atau simpan file di Trusted Location "
     "(File → Options → Trust Center).", ""),
    ("Memasang Python dan paket (sekali per komputer)", "heading"),
    ("1. Pasang Python 3.10 atau lebih baru dari python.org (centang 'Add python.exe to PATH').", ""),
    ("2. Buka Command Prompt di folder paket xl_addin (dari petugas pendukung), ketik: py -m pip install .", ""),
    ("3. Buka workbook ini, aktifkan makro, klik Tes Instalasi. Tanpa Python, target yang sudah terisi tetap "
     "terbaca; hanya tombol dan rumus SLOVIN/KREJCIE yang memerlukan Python.", ""),
)


def _guide_sheet(sheet: Worksheet) -> None:
    sheet.column_dimensions["A"].width = 120
    for row, (text, kind) in enumerate(GUIDE, start=1):
        cell = write_cell(sheet.cell(row, 1), text)
        cell.alignment = styles.WRAP
        if kind == "title":
            cell.font = styles.TITLE_FONT
        elif kind == "heading":
            cell.font = styles.HEADING_FONT
    styles.print_setup(sheet, landscape=False)


def _settings_sheet(book: Workbook, sheet: Worksheet) -> None:
    write_title(sheet, "Pengaturan", "Sel kuning boleh diubah. Setelah mengubah, klik Hitung Target lagi.")
    write_header(sheet, layout.TABLE_HEADER_ROW, ("Pengaturan", "Nilai", "Bawaan", "Penjelasan", "Nama Sel"),
                 (42, 30, 30, 90, 20))
    defaults = Settings().as_cells()
    rounding_list = '"' + ",".join(layout.ROUNDING_LABELS.values()) + '"'
    for row, setting in enumerate(layout.SETTINGS, start=layout.TABLE_HEADER_ROW + 1):
        value = defaults[setting.defined_name]
        for column, content in enumerate((setting.label, value, value, setting.explanation, setting.defined_name), start=1):
            cell = write_cell(sheet.cell(row, column), content)
            cell.border = styles.BOX
            cell.alignment = styles.WRAP
        value_cell = sheet.cell(row, 2)
        value_cell.fill = styles.INPUT_FILL
        if isinstance(value, float):
            value_cell.number_format = sheet.cell(row, 3).number_format = "0.00"
        book.defined_names[setting.defined_name] = DefinedName(
            setting.defined_name, attr_text=f"'{layout.SHEET_SETTINGS}'!$B${row}"
        )
        if setting.field == "threshold":
            rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
            message = "Ambang N: bilangan bulat ≥ 0 (bawaan 30)."
        elif setting.field.endswith("rounding"):
            rule = DataValidation(type="list", formula1=rounding_list)
            message = "Pilih 'ke atas' atau 'terdekat'."
        elif setting.field.endswith("months"):
            rule = DataValidation(type="textLength", operator="greaterThan", formula1="0")
            message = f"Nama bulan dipisah koma, misalnya {setting.default}."
        else:
            rule = DataValidation(type="decimal", operator="between", formula1="0.0001", formula2="0.9999")
            message = f"Angka di antara 0 dan 1, misalnya {str(setting.default).replace('.', ',')}."
        rule.add(value_cell)
        rule.promptTitle, rule.prompt = setting.label[:32], message
        rule.errorTitle, rule.error = "Nilai tidak valid", message
        rule.showInputMessage = rule.showErrorMessage = True
        sheet.add_data_validation(rule)
    info_row = layout.TABLE_HEADER_ROW + len(layout.SETTINGS) + 2
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
    styles.print_setup(sheet, landscape=True)


def _counts_sheet(sheet: Worksheet) -> None:
    write_title(
        sheet,
        "Pengguna Layanan per Bulan (bulan dasar)",
        "CONTOH: angka di bawah adalah data fiktif untuk contoh, bukan data resmi. Ganti dengan data satker Anda. "
        "Tambah satker di baris paling bawah tabel (tabel ikut memanjang).",
    )
    headers = (layout.COLUMN_SATKER, *layout.DEFAULT_BASE_MONTHS)
    write_header(sheet, layout.TABLE_HEADER_ROW, headers, (52, 14, 14, 14))
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
    styles.print_setup(sheet, landscape=False, title_rows=f"{layout.TABLE_HEADER_ROW}:{layout.TABLE_HEADER_ROW}")


def _targets_sheet(sheet: Worksheet) -> None:
    write_title(
        sheet,
        "Target Responden Minimal per Bulan (SPKP dan SPAK)",
        "Diisi oleh tombol Hitung Target (tab SPAK-SPKP) atau perintah 'xl-addin fill'. Jangan diisi secara manual: "
        "isi tabel ini ditimpa setiap kali dihitung.",
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
    styles.print_setup(sheet, landscape=True, title_rows=f"{layout.TABLE_HEADER_ROW}:{layout.TABLE_HEADER_ROW}")


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
        (name, {(survey, month): values[offset][index]
                for month, values in EXAMPLE_REALISATION.items() for index, survey in enumerate(layout.SURVEYS)})
        for offset, (name, *_counts) in enumerate(EXAMPLE_COUNTS)
    ]


def realisation_sheet(book: Workbook, sheet: Worksheet, rows: list[tuple[object, Realised]] | None = None) -> None:
    """The Realisasi sheet on ``sheet``: one table row per (satker, realised numbers), totals, chart."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.utils import get_column_letter

    write_title(
        sheet,
        "Realisasi Responden per Bulan (SPKP dan SPAK)",
        "Isi jumlah responden yang benar-benar diperoleh tiap bulan. Persentase = realisasi / target per bulan "
        "(merah: di bawah target, hijau: tercapai). Angka Juli dan Agustus di templat adalah CONTOH fiktif. "
        "Nama satker harus sama dengan di Pengguna Layanan. Hitung Target tidak pernah mengubah angka di sheet ini.",
    )
    months = layout.DEFAULT_TARGET_MONTHS
    headers = layout.realisation_headers(months)
    widths = [52, 12] + [10] * (len(headers) - 2)
    write_header(sheet, layout.TABLE_HEADER_ROW, headers, tuple(widths))
    rows = example_realisation() if rows is None else rows
    first = layout.TABLE_HEADER_ROW + 1
    last = first + max(len(rows), 1) - 1
    total_row = last + 1
    column = {header: index for index, header in enumerate(headers, start=1)}
    letter = {header: get_column_letter(index) for header, index in column.items()}
    count_headers = [layout.realisation_column(s, m) for s in layout.SURVEYS for m in months]
    for row, (name, realised) in enumerate(rows, start=first):
        write_cell(sheet.cell(row, 1), name)
        for header, formula in realisation_row_formulas(row, months).items():
            write_cell(sheet.cell(row, column[header]), formula)
        for (survey, month), value in realised.items():
            write_cell(sheet.cell(row, column[layout.realisation_column(survey, month)]), value)
    totals: dict[str, str | Formula] = {layout.COLUMN_SATKER: layout.TOTALS_LABEL}
    for header in (layout.COLUMN_TARGET, *count_headers, *(layout.CHART_PREFIX + s for s in layout.SURVEYS)):
        totals[header] = sum_above(column[header], first)
    for header in count_headers:
        count = f"{letter[header]}{total_row}"
        totals[layout.PERCENT_PREFIX + header] = Formula(f'=IF({count}=0,"",IFERROR({count}/$B{total_row},""))')
    add_table(sheet, layout.TABLE_REALISATION, headers, layout.TABLE_HEADER_ROW, last, totals)
    for column_index, header in enumerate(headers, start=1):
        for row in range(first, total_row + 1):
            cell = sheet.cell(row, column_index)
            cell.border = styles.BOX
            if header.startswith(layout.PERCENT_PREFIX):
                cell.number_format = styles.PERCENT_FORMAT
            elif column_index > 1:
                cell.number_format = styles.COUNT_FORMAT

    percent_range = (
        f"{letter[layout.PERCENT_PREFIX + count_headers[0]]}{first}:"
        f"{letter[layout.PERCENT_PREFIX + count_headers[-1]]}{total_row}"
    )
    styles.colour_percentages(sheet, percent_range)
    count_range = f"{letter[count_headers[0]]}{first}:{letter[count_headers[-1]]}{first + VALIDATED_ROWS}"
    rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    rule.errorTitle, rule.error = "Jumlah tidak valid", "Isi jumlah responden: bilangan bulat 0 atau lebih."
    rule.showErrorMessage = True
    rule.add(count_range)
    sheet.add_data_validation(rule)

    # The month the chart shows: a named cell with a list of the target months.
    chart_row = total_row + 2
    write_cell(sheet.cell(chart_row, 1), "Bulan yang ditampilkan grafik (pilih):").font = styles.BOLD
    month_cell = write_cell(sheet.cell(chart_row, 2), months[0])
    month_cell.fill = styles.INPUT_FILL
    month_rule = DataValidation(type="list", formula1='"' + ",".join(months) + '"')
    month_rule.add(month_cell)
    sheet.add_data_validation(month_rule)
    book.defined_names[layout.NAME_CHART_MONTH] = DefinedName(
        layout.NAME_CHART_MONTH, attr_text=f"'{sheet.title}'!${month_cell.column_letter}${chart_row}"
    )

    chart = BarChart()
    chart.type = "bar"  # horizontal bars: long satker names stay readable
    chart.title = "Target dan Realisasi per Satker (bulan terpilih)"
    chart.y_axis.title = "Responden"
    chart.height, chart.width = 12, 24
    for header in (layout.COLUMN_TARGET, *(layout.CHART_PREFIX + s for s in layout.SURVEYS)):
        data = Reference(sheet, min_col=column[header], min_row=layout.TABLE_HEADER_ROW, max_row=last)
        chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
    sheet.add_chart(chart, f"A{chart_row + 2}")
    sheet.freeze_panes = f"B{first}"
    styles.print_setup(sheet, landscape=True, title_rows=f"{layout.TABLE_HEADER_ROW}:{layout.TABLE_HEADER_ROW}")


def realisation_row_formulas(row: int, months: tuple[str, ...]) -> dict[str, Formula]:
    """The formulas of one Realisasi row: its target looked up by name, percentages, the chart's month."""
    from openpyxl.utils import get_column_letter

    headers = layout.realisation_headers(months)
    letter = {header: get_column_letter(index) for index, header in enumerate(headers, start=1)}
    first = layout.TABLE_HEADER_ROW + 1
    target_letter = get_column_letter(layout.TARGET_HEADERS.index(layout.COLUMN_TARGET) + 1)
    name_letter = get_column_letter(layout.TARGET_HEADERS.index(layout.COLUMN_SATKER) + 1)
    targets = f"'{layout.SHEET_TARGETS}'!${{0}}${first}:${{0}}${first + VALIDATED_ROWS}"
    formulas = {
        layout.COLUMN_TARGET: Formula(
            f"=IFERROR(INDEX({targets.format(target_letter)},MATCH($A{row},{targets.format(name_letter)},0)),\"\")"
        )
    }
    for survey in layout.SURVEYS:
        for month in months:
            count = f"{letter[layout.realisation_column(survey, month)]}{row}"
            formulas[layout.PERCENT_PREFIX + layout.realisation_column(survey, month)] = Formula(
                f'=IF({count}="","",IFERROR({count}/$B{row},""))'
            )
        block = f"{letter[layout.realisation_column(survey, months[0])]}{row}:{letter[layout.realisation_column(survey, months[-1])]}{row}"
        header_block = (f"${letter[layout.realisation_column(survey, months[0])]}${layout.TABLE_HEADER_ROW}:"
                        f"${letter[layout.realisation_column(survey, months[-1])]}${layout.TABLE_HEADER_ROW}")
        formulas[layout.CHART_PREFIX + survey] = Formula(
            f'=IFERROR(INDEX({block},MATCH("{survey} "&{layout.NAME_CHART_MONTH},{header_block},0)),0)'
        )
    return formulas


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
    _targets_sheet(book.create_sheet(layout.SHEET_TARGETS))
    realisation_sheet(book, book.create_sheet(layout.SHEET_REALISATION))
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
        for item in sorted(source.infolist(), key=lambda item: item.filename):  # openpyxl's order varies with PYTHONHASHSEED
            content = source.read(item)
            if item.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp.encode() + rb"\g<2>", content
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
