"""What the survey sheets hold, decided once for every writer. Pure Python, no Excel objects.

Each sheet the import owns (Indeks Survei, Data Survei, Riwayat Impor, Masalah Impor) is
described as a ``SheetPlan``: rectangles of values with a style name, number formats, and the
Excel tables over them. The openpyxl adapter (``survey_workbook``), the xlwings ribbon and the
template builder all render the same plans, so a file import and a ribbon import write the
same cells. Only a ``cells.Formula`` is ever a formula; everything else is a value.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from . import layout
from .cells import Formula, excel_round
from .indonesian import format_number
from .port import Block, SheetPlan, TablePlan
from .survey_counting import CountChange, FileReport, Tally
from .survey_exports import SurveySettings, safe_text
from .survey_indices import (
    IKM_ELEMENTS,
    IKM_FACTOR,
    IKM_GRADES,
    IKM_WEIGHT,
    KANWIL_METHOD,
    KANWIL_ROW,
    PERIOD_ALL,
    REGULATION,
    REGULATION_SHORT,
    SURVEYS,
    ElementScore,
    IkmResult,
    IndexRow,
    conversion_text,
    round_half_up,
)

__all__ = [
    "EXAMPLE_IKM",
    "Block",
    "SheetPlan",
    "TablePlan",
    "data_plan",
    "first_complete",
    "indices_plan",
    "kanwil_indices_plan",
    "keys_plan",
    "log_plan",
    "log_rows",
    "problems_plan",
    "worked_example_formulas",
]

HEADER_ROW = layout.TABLE_HEADER_ROW
FIRST_ROW = HEADER_ROW + 1

COUNT = layout.COUNT_FORMAT
TWO = "0.00"
THREE = "0.000"
FOUR = "0.0000"


def _table(
    name: str, headers: Sequence[str], rows: Sequence[Sequence[object]], formats: Sequence[tuple[int, str]] = ()
) -> tuple[Block, Block, TablePlan]:
    """A table's header block, body block (one blank row when empty) and its plan, at the usual place."""
    # Text from exports and file names may hold control characters no workbook can store: shown as symbols.
    body = tuple(tuple(safe_text(value) for value in row) for row in rows) or (tuple(None for _ in headers),)
    return (
        Block(HEADER_ROW, 1, (tuple(headers),), "header"),
        Block(FIRST_ROW, 1, body, "body", tuple(formats)),
        TablePlan(name, HEADER_ROW, tuple(headers), FIRST_ROW + len(body) - 1),
    )


def _title(title: str, note: str) -> tuple[Block, Block]:
    return Block(1, 1, ((title,),), "title"), Block(2, 1, ((note,),), "note")


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


# -- Indeks Survei ------------------------------------------------------------------------------------

# An invented example for the worked arithmetic before any import: (sum of answers, questionnaires)
# per element, as if 40 people had answered. The sheet labels it CONTOH (fiktif).
EXAMPLE_IKM = IkmResult(
    tuple(
        ElementScore(code, total, 40)
        for (code, _name), total in zip(IKM_ELEMENTS, (141, 132, 126, 152, 138, 135, 147, 119, 129))
    )
)


def _index_cells(row: IndexRow, settings: SurveySettings) -> list[object]:
    values: list[object] = [row.satker, row.period]
    for position, survey in enumerate(SURVEYS):
        values.append(row.respondents.get(survey) or 0)
        if position == 0:
            ikm = row.ikm
            values += [
                float(ikm.rounded) if ikm else None,
                ikm.grade.quality if ikm else None,
                ikm.grade.performance if ikm else None,
            ]
        index = row.indices.get(survey)
        values += [
            _float(index.value) if index else None,
            _float(index.on_four) if index else None,
            _float(index.on_hundred) if index else None,
        ]
    for survey in SURVEYS:
        index = row.indices.get(survey)
        if settings.threshold is None or index is None:
            values.append(None)
        else:
            # Compared as shown (two decimals), as the IKM is graded: 79,995 shows 80,00 and meets 80.
            values.append("Ya" if round_half_up(index.on_hundred, 2) >= settings.threshold else "Tidak")
    values.append("; ".join(row.notes) or None)
    return values


def _index_formats() -> list[tuple[int, str]]:
    formats = []
    for offset, header in enumerate(layout.INDICES_HEADERS):
        if header.startswith("Responden"):
            formats.append((offset, COUNT))
        elif header == layout.COLUMN_IKM or header.endswith("(skala 100)"):
            formats.append((offset, TWO))
        elif header.startswith("Indeks"):
            formats.append((offset, THREE))
    return formats


def _worked_example(top: int, ikm: IkmResult, heading: str, table_value: float | None) -> list[Block]:
    """The IKM arithmetic for one satker as live formulas, so a reader (and any spreadsheet) can redo it."""
    first = top + 2
    last = first + len(ikm.elements) - 1
    rows = []
    # Each formula's value as Excel computes it, in doubles (the table's IKM is exact: it may differ in the last digit).
    weight = 1 / IKM_WEIGHT.denominator
    weighted = [element.total / element.answered * weight for element in ikm.elements]
    for offset, element in enumerate(ikm.elements):
        row = first + offset
        rows.append(
            (
                f"{element.code} {element.name}",
                element.total,
                element.answered,
                Formula(f"=B{row}/C{row}", element.total / element.answered),
                Formula(f"=1/{IKM_WEIGHT.denominator}", weight),
                Formula(f"=D{row}*E{row}", weighted[offset]),
            )
        )
    total = last + 1
    result = total + 1
    rounded = result + 1
    grades = sorted(IKM_GRADES, key=lambda grade: grade.lowest, reverse=True)
    ikm_value = sum(weighted) * IKM_FACTOR
    ikm_rounded = excel_round(ikm_value, 2)

    def lookup(field: str) -> Formula:
        text = '"' + getattr(grades[-1], field) + '"'
        for grade in reversed(grades[:-1]):
            text = f'IF(F{rounded}>={grade.lowest},"{getattr(grade, field)}",{text})'
        shown = next((grade for grade in grades if ikm_rounded >= float(grade.lowest)), grades[-1])
        return Formula("=" + text, getattr(shown, field))

    summary = [
        ("Jumlah NRR tertimbang = IKM unit pelayanan (skala 1–4)", Formula(f"=SUM(F{first}:F{last})", sum(weighted))),
        (f"IKM unit pelayanan × {IKM_FACTOR} (skala 25–100)", Formula(f"=F{total}*{IKM_FACTOR}", ikm_value)),
        ("Dibulatkan dua desimal", Formula(f"=ROUND(F{result},2)", ikm_rounded)),
        ("Mutu pelayanan", lookup("quality")),
        ("Kinerja unit pelayanan", lookup("performance")),
    ]
    if table_value is not None:
        summary.append(("IKM yang tertulis di tabel di atas (dihitung oleh Python)", table_value))
    blocks = [
        Block(top, 1, ((heading,),), "heading"),
        Block(
            top + 1,
            1,
            (("Unsur", "Jumlah Nilai", "Kuesioner Terisi", "NRR per Unsur", "Bobot", "NRR Tertimbang"),),
            "header",
        ),
        Block(first, 1, tuple(rows), "body", ((1, COUNT), (2, COUNT), (3, FOUR), (4, FOUR), (5, FOUR))),
    ]
    for offset, (label, value) in enumerate(summary):
        row = total + offset
        blocks.append(Block(row, 1, ((label,),), "label"))
        number_format = FOUR if offset == 0 else TWO
        blocks.append(Block(row, 6, ((value,),), "body", () if offset in (3, 4) else ((0, number_format),)))
    return blocks


def worked_example_formulas(top: int, ikm: IkmResult) -> dict[tuple[int, int], Formula]:
    """The worked example's formulas (heading at row ``top``) by (row, column), with their values: every save
    recognises them on the sheet (``stored_values``)."""
    return {
        (block.row + row, block.column + column): value
        for block in _worked_example(top, ikm, "", None)
        for row, line in enumerate(block.values)
        for column, value in enumerate(line)
        if isinstance(value, Formula)
    }


def indices_plan(rows: Sequence[IndexRow], settings: SurveySettings, example: IndexRow | None = None) -> SheetPlan:
    """The Indeks Survei sheet: the table, then the rule, the grade table, the worked example, the scales."""
    scale_note = "; ".join(f"{survey} 1–{settings.scale(survey)}" for survey in SURVEYS)
    title, note = _title(
        "Indeks Survei per Satker dan Bulan: IKM, SPKP dan SPAK",
        f"Dihitung oleh Impor Survei dari jawaban di sheet {layout.SHEET_SURVEY_DATA} (periode {settings.period.label}; skala "
        f"{scale_note}). IKM menurut {REGULATION_SHORT}; dasar dan contoh perhitungannya di bawah tabel. "
        f"Baris '{PERIOD_ALL}' menggabungkan semua jawaban bulan target. Jangan diubah: sheet ini ditulis ulang "
        "setiap impor.",
    )
    header, body, table = _table(
        layout.TABLE_INDICES, layout.INDICES_HEADERS, [_index_cells(row, settings) for row in rows], _index_formats()
    )
    top = table.last_row + 3
    rule = [
        ("Dasar perhitungan IKM",),
        (f"Sumber: {REGULATION}.",),
        ("Sembilan unsur: " + "; ".join(f"{code} {name}" for code, name in IKM_ELEMENTS[:5]) + ";",),
        ("Lanjutan: " + "; ".join(f"{code} {name}" for code, name in IKM_ELEMENTS[5:]) + ".",),
        ("Nilai jawaban 1–4. NRR per unsur = jumlah nilai unsur itu / jumlah kuesioner yang mengisi unsur itu.",),
        (
            f"NRR tertimbang per unsur = NRR per unsur × bobot; bobot = jumlah bobot / jumlah unsur = 1/9 ≈ "
            f"{format_number(float(IKM_WEIGHT), 3)}. Dihitung dengan 1/9 persis (dengan 0,111 hasilnya 0,1% lebih "
            "rendah, misalnya 99,90 bukan 100,00).",
        ),
        (
            f"IKM unit pelayanan = jumlah NRR tertimbang kesembilan unsur (skala 1–4); IKM × {IKM_FACTOR} "
            "memberi nilai 25–100.",
        ),
        ("Mutu dan kinerja dibaca dari tabel berikut, dengan IKM yang sudah dibulatkan dua desimal seperti tabelnya.",),
        (
            "Keterangan menyebut indeks yang berasal dari responden lebih sedikit daripada target satker itu (sheet "
            "Target Responden, per bulan; untuk 'Semua bulan' target dikali banyaknya bulan): indeks seperti itu belum "
            "mewakili pengguna layanan.",
        ),
        *([(KANWIL_METHOD,)] if any(row.satker == KANWIL_ROW for row in rows) else []),
    ]
    blocks: list[Block] = [title, note, header, body]
    blocks.append(Block(top, 1, (rule[0],), "heading"))
    blocks.append(Block(top + 1, 1, tuple(rule[1:]), "text"))
    grade_top = top + len(rule) + 1
    blocks.append(
        Block(
            grade_top,
            1,
            (("Nilai Persepsi", "Nilai Interval (NI)", "Nilai Interval Konversi (NIK)", "Mutu Pelayanan", "Kinerja"),),
            "header",
        )
    )
    blocks.append(
        Block(
            grade_top + 1,
            1,
            tuple(
                (str(grade.perception), grade.interval, grade.converted, grade.quality, grade.performance)
                for grade in IKM_GRADES
            ),
            "body",
        )
    )
    example_top = grade_top + len(IKM_GRADES) + 2
    if example is not None and example.ikm is not None:
        heading = (
            f"Contoh perhitungan IKM: {example.satker}, {example.period} "
            f"({format_number(example.respondents.get(SURVEYS[0], 0))} responden)"
        )
        blocks += _worked_example(example_top, example.ikm, heading, float(example.ikm.rounded))
    else:
        heading = (
            "CONTOH perhitungan IKM dengan angka fiktif (40 kuesioner); setelah impor, diganti dengan satker pertama"
        )
        blocks += _worked_example(example_top, EXAMPLE_IKM, heading, None)
    scales_top = blocks[-1].last_row + 2
    threshold = (
        f"Batas indeks yang ditetapkan kantor: {format_number(float(settings.threshold), 2)} (skala 100); kolom "
        "'≥ Batas Kantor' membandingkan indeks skala 100 dengan batas itu. Batas ini pilihan kantor, bukan ketentuan "
        "Zona Integritas yang dikutip workbook ini."
        if settings.threshold is not None
        else "Tidak ada batas indeks yang dibandingkan: workbook ini tidak menyebut batas nilai Zona Integritas karena "
        f"tidak ada sumber yang dikutip. Kantor dapat mengisi batasnya sendiri di sheet {layout.SHEET_MAPPING}."
    )
    scale_lines = [
        ("Indeks SPKP dan SPAK",),
        (
            "Indeks = rata-rata dari rata-rata tiap pertanyaan (bobot sama), pada skala kuesioner; pertanyaan yang "
            "belum dijawab tidak ikut dirata-rata.",
        ),
        *(
            (
                f"{survey} (skala 1–{settings.scale(survey)}): {conversion_text(settings.scale(survey), settings.conversion)}",
            )
            for survey in SURVEYS
        ),
        (
            "Tidak ditemukan konversi resmi antarskala; cara konversi di atas adalah pilihan kantor "
            f"(sheet {layout.SHEET_MAPPING}).",
        ),
        (threshold,),
    ]
    blocks.append(Block(scales_top, 1, (scale_lines[0],), "heading"))
    blocks.append(Block(scales_top + 1, 1, tuple(scale_lines[1:]), "text"))
    widths = (52, 14, 12, 11, 11, 14, 12, 12, 12, 12, 12, 12, 12, 12, 12, 50)
    return SheetPlan(layout.SHEET_INDICES, tuple(blocks), (table,), widths, break_before=top, wrap=(len(widths),))


def first_complete(rows: Sequence[IndexRow]) -> IndexRow | None:
    """The row whose arithmetic the sheet shows: the first satker's whole period, else its first month."""
    with_ikm = [row for row in rows if row.ikm is not None]
    pooled = [row for row in with_ikm if row.period == PERIOD_ALL]
    return (pooled or with_ikm or [None])[0]


# -- Data Survei -----------------------------------------------------------------------------------------


def data_plan(tally: Tally) -> SheetPlan:
    title, note = _title(
        "Data Survei: Jumlah Jawaban per Satker, Bulan dan Pertanyaan",
        "Diisi oleh Impor Survei; jangan diubah. Satu baris per survei, satker, bulan dan kode pertanyaan: responden "
        "(diulang di setiap baris kelompok yang sama), jumlah nilai jawaban dan banyaknya jawaban yang terisi. "
        "Indeks dihitung dari angka-angka ini.",
    )
    formats = [(offset, COUNT) for offset in range(4, len(layout.SURVEY_DATA_HEADERS)) if offset != 5]
    header, body, table = _table(layout.TABLE_SURVEY_DATA, layout.SURVEY_DATA_HEADERS, tally.rows(), formats)
    return SheetPlan(
        layout.SHEET_SURVEY_DATA, (title, note, header, body), (table,), (10, 44, 8, 12, 12, 10, 8, 14, 14)
    )


# -- Riwayat Impor and Masalah Impor -------------------------------------------------------------------------


def log_rows(reports: Sequence[FileReport], changes: Sequence[CountChange], when: str) -> list[list[object]]:
    """One row per file of this import; the Realisasi changes are on the first file's row."""
    written = sum(1 for change in changes if change.writes)
    kept = sum(1 for change in changes if not change.writes)
    rows = []
    for index, report in enumerate(reports):
        changed = (f"{written} sel diubah" + (f", {kept} angka ketikan tetap" if kept else "")) if index == 0 else None
        rows.append(
            [
                when,
                report.name,
                ", ".join(report.surveys) or None,
                report.rows_read,
                report.counted,
                report.earlier,
                report.repeated,
                len(report.rejected),
                changed,
                report.failed,
            ]
        )
    return rows


def log_plan(rows: Sequence[Sequence[object]]) -> SheetPlan:
    title, note = _title(
        "Riwayat Impor Survei",
        "Satu baris per file yang diimpor: kapan, berapa baris dibaca, berapa respons baru dihitung, berapa yang sudah "
        "pernah diimpor (tidak dihitung lagi) dan berapa yang tidak dihitung (lihat sheet Masalah Impor).",
    )
    formats = [(offset, COUNT) for offset in range(3, 8)]
    header, body, table = _table(layout.TABLE_IMPORT_LOG, layout.IMPORT_LOG_HEADERS, rows, formats)
    widths = (36, 36, 12, 10, 10, 12, 12, 10, 34, 60)
    return SheetPlan(layout.SHEET_IMPORT_LOG, (title, note, header, body), (table,), widths, wrap=(2, 10))


def problems_plan(rows: Sequence[Sequence[object]], when: str | None) -> SheetPlan:
    """Every import's problems (``survey_report.problem_rows``, newest import first), grouped by reason."""
    title, note = _title(
        "Masalah pada Impor Survei",
        (f"Impor terakhir: {when}. " if when else "Belum ada impor. ")
        + "Setiap impor menambahkan barisnya di atas impor sebelumnya, dikelompokkan menurut jenis masalah: satu baris "
        "ringkasan (tanpa nomor baris) lalu baris-baris file yang tidak dihitung. Perbaiki di file ekspor, di sheet "
        f"{layout.SHEET_MAPPING} atau {layout.SHEET_SATKER_LIST}, lalu impor ulang (baris yang sudah terhitung tidak "
        "dihitung dua kali). Saring kolom Waktu Impor atau Jenis Masalah untuk melihat satu impor atau satu masalah.",
    )
    header, body, table = _table(layout.TABLE_IMPORT_PROBLEMS, layout.IMPORT_PROBLEM_HEADERS, rows, [(3, COUNT)])
    # A group's line (no row number: what, how many, what to do) in bold above the rows it is about.
    line_at = layout.IMPORT_PROBLEM_HEADERS.index(layout.COLUMN_ROW)
    blocks: list[Block] = []
    for index, values in enumerate(body.values):
        style = "group" if values[line_at] is None and values[0] is not None else "body"
        if blocks and blocks[-1].style == style:
            last = blocks[-1]
            blocks[-1] = Block(last.row, 1, (*last.values, values), style, body.formats)
        else:
            blocks.append(Block(FIRST_ROW + index, 1, (values,), style, body.formats))
    widths = (17, 17, 20, 7, 7, 20, 56)  # 144 in all: one landscape page wide, the reason included
    return SheetPlan(
        layout.SHEET_IMPORT_PROBLEMS, (title, note, header, *blocks), (table,), widths, wrap=(1, 2, 3, 6, 7)
    )


def keys_plan(rows: Sequence[Sequence[object]] = ()) -> SheetPlan:
    """The hidden key sheet: its table, with the packed keys (``ImportSession.key_rows``); empty as the template ships it."""
    title, note = _title(
        "Kunci Respons (diisi oleh Impor Survei)",
        "Sidik tiap respons yang sudah dihitung, agar impor ulang file yang sama tidak menghitungnya dua kali. "
        "Jangan diubah.",
    )
    header, body, table = _table(layout.TABLE_RESPONSE_KEYS, layout.RESPONSE_KEY_HEADERS, rows)
    return SheetPlan(layout.SHEET_RESPONSE_KEYS, (title, note, header, body), (table,), (22, 26, 22), landscape=False)


def kanwil_indices_plan(rows: Sequence[Sequence[object]]) -> SheetPlan:
    """The Kanwil summary's sheet: every satker workbook's Indeks Survei rows, with the file they came from and
    the file's scales and conversion; files on different scales or conversions are flagged above the table."""
    scales = dict.fromkeys(str(row[-1]) for row in rows if len(row) > len(layout.INDICES_HEADERS) + 1)
    mixed = (
        f" PERHATIAN: file-file ini memakai skala atau konversi berbeda ({'; '.join(scales)}); indeks SPKP dan SPAK "
        "skala 4 dan 100 antarfile tidak dapat dibandingkan begitu saja. IKM selalu pada skala 1–4."
        if len(scales) > 1
        else ""
    )
    title, note = _title(
        "Indeks Survei per Satker (dari workbook kiriman satker)",
        "Salinan tabel Indeks Survei tiap workbook: IKM menurut PermenPANRB Nomor 14 Tahun 2017, indeks SPKP dan SPAK. "
        "Skala kuesioner dan cara konversi mengikuti sheet Pemetaan Kolom masing-masing workbook (kolom "
        f"{layout.COLUMN_SCALES}).{mixed}",
    )
    headers = (layout.COLUMN_FILE, *layout.INDICES_HEADERS, layout.COLUMN_SCALES)
    formats = [(offset + 1, number_format) for offset, number_format in _index_formats()]
    header, body, table = _table(layout.TABLE_SUMMARY_INDICES, headers, rows, formats)
    widths = (28, 52, 14, 12, 11, 11, 14, 12, 12, 12, 12, 12, 12, 12, 12, 12, 50, 30)
    return SheetPlan(
        layout.SHEET_SUMMARY_INDICES, (title, note, header, body), (table,), widths, wrap=(len(widths) - 1, len(widths))
    )
