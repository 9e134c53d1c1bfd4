"""What a person holds in their hands: every sheet of a filled 26-satker workbook, its email copy and a Kanwil
summary, printed to PDF by LibreOffice and read back with poppler (pdftotext, pdftotext -bbox).

Checked: the page goals (at most 20 A4 pages for the workbook with no survey data, one page per part of Target
Responden, no page for a survey sheet without data), every satker name and every header whole, titles and notes
never cut on the pages of a table's other parts, the head and foot of every page (the office everywhere, also in
the summary and after a survey import), the decision page as a signed document (letterhead, number, legal basis,
the rule, the signature block, the Lampiran; with a satker that needs checking: the sentence instead of the table,
and a NIP typed as a number never printed as one), and no text smaller than 7 pt. The pages are kept as PNG files
in ``out/artefacts/printouts`` for a person to look at.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import html
import io
import math
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from support import REPO_ROOT, TEMPLATE, libreoffice_convert, set_table_rows

from xl_addin import layout
from xl_addin.cells import LAMPIRAN_HEADING
from xl_addin.consolidate import consolidate
from xl_addin.export import export
from xl_addin.realisation import headers_for
from xl_addin.survey_indices import IKM_ELEMENTS
from xl_addin.survey_workbook import import_survey
from xl_addin.workbook import fill, save, write_cell

ARTEFACTS = REPO_ROOT / "out" / "artefacts" / "printouts"
OFFICE = "Kantor Wilayah Contoh (fiktif)"
# The decision page's settings as an office fills them (invented: an example).
SIGNER = {
    "place": "Kota Contoh",
    "position": "Kepala Kantor Wilayah Kementerian Hukum dan Hak Asasi Manusia Provinsi Contoh",  # wraps
    "name": "Nama Contoh, S.H., M.H.",
    "nip": "19700101 200003 1 001",  # as typed on documents
}
DOCUMENT = {
    "Kop_Baris_1": "KEMENTERIAN HUKUM DAN HAK ASASI MANUSIA REPUBLIK INDONESIA",
    "Kop_Baris_2": "KANTOR WILAYAH PROVINSI CONTOH",
    "Kop_Baris_3": "Jalan Contoh Nomor 1, Kota Contoh 12345, Telepon (012) 345678",
    "Jenis_Naskah": "KEPUTUSAN KEPALA KANTOR WILAYAH PROVINSI CONTOH",
    "Nomor_Naskah": "W.99-UM.01.01-123 TAHUN 2024",
    "Judul_Naskah": "PENETAPAN TARGET MINIMAL RESPONDEN SPKP DAN SPAK SEMESTER II TAHUN 2024",
    "Dasar_1": "Peraturan Menteri PANRB Nomor 90 Tahun 2021 tentang Pembangunan dan Evaluasi Zona Integritas",
    "Dasar_2": None,  # left empty: the next item is numbered 2
    "Dasar_3": "Kesepakatan dengan Badan Pusat Statistik tentang target responden (contoh)",
    "Narahubung": "Petugas Contoh, telepon (012) 345679",
}
KINDS = (
    "Kantor Imigrasi Kelas II TPI",
    "Lembaga Pemasyarakatan Kelas IIB",
    "Rumah Tahanan Negara Kelas IIB",
    "Balai Pemasyarakatan Kelas II",
    "Rumah Penyimpanan Benda Sitaan Negara Kelas II",
)
# 26 invented satker of one Kanwil (an example: names and numbers are fictitious).
SATKER = [(f"{KINDS[i % 5]} Kota Fiktif {i + 1}", 40 + 7 * i, 44 + 40 * i, 11 + 25 * i * i % 900) for i in range(26)]
# What a filled 26-satker workbook with no survey data may take, in A4 pages (issue 23; it took 42 to 47).
PAGE_GOAL = 20

pytestmark = pytest.mark.libreoffice


def _named(book: openpyxl.Workbook, name: str, value: object, set_by_hand: dict[str, set[int]]) -> None:
    """Type ``value`` into the cell ``name`` names, as a person does in Excel: Excel then fits the row to its tallest
    wrapped text, unless the row's height was set by hand (``set_by_hand``: the rows the file marks customHeight)."""
    ((title, coordinate),) = book.defined_names[name].destinations
    sheet = book[title]
    cell = sheet[coordinate.replace("$", "")]
    cell.value = value
    if cell.row not in set_by_hand.get(title, set()):
        widths = {c.column_letter: sheet.column_dimensions[c.column_letter].width or 8.43 for c in sheet[cell.row]}
        lines = max(
            _excel_lines(c.value, widths[c.column_letter])
            for c in sheet[cell.row]
            if isinstance(c.value, str) and c.alignment.wrap_text
        )
        sheet.row_dimensions[cell.row].height = 15.0 * lines if lines > 1 else None


def _excel_lines(text: str, width: float) -> int:
    """Lines of 11-pt Calibri in a wrapped cell ``width`` units wide, on the wide side: a unit is a digit's width;
    a small letter or a space takes at most one, a capital 1,2, "…" 2. Words wrap whole, as Excel wraps them."""

    def length(word: str) -> float:
        return sum(1.2 if c.isupper() else 2.0 if c == "…" else 1.0 for c in word)

    lines = 0
    for paragraph in text.split("\n"):
        lines, used = lines + 1, 0.0
        for word in paragraph.split():
            if used and used + 1 + length(word) <= width:
                used += 1 + length(word)
                continue
            pieces = math.ceil(length(word) / width)  # a word longer than the line is broken
            lines += pieces if used else pieces - 1
            used = length(word) - width * (pieces - 1)
    return max(lines, 1)


def _rows_set_by_hand(path: Path) -> dict[str, set[int]]:
    """{sheet: rows whose height the file marks as set by hand (customHeight)}, read from its XML."""
    from xml.etree import ElementTree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    relationship = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    with zipfile.ZipFile(path) as package:
        targets = {
            item.get("Id"): item.get("Target")
            for item in ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
        }
        rows = {}
        for sheet in ElementTree.fromstring(package.read("xl/workbook.xml")).iter(f"{main}sheet"):
            part = "xl/" + targets[sheet.get(relationship)].removeprefix("/xl/")
            rows[sheet.get("name")] = {
                int(row.get("r"))
                for row in ElementTree.fromstring(package.read(part)).iter(f"{main}row")
                if row.get("customHeight") in ("1", "true")
            }
        return rows


def _satker_workbook(path: Path, rows, settings: dict) -> Path:
    """The template with ``rows`` on Pengguna Layanan, Realisasi started with the first satker, ``settings`` typed."""
    shutil.copy(TEMPLATE, path)
    set_by_hand = _rows_set_by_hand(path)
    book = openpyxl.load_workbook(path, keep_vba=True)
    counts = book[layout.SHEET_COUNTS]
    for row in counts.iter_rows(min_row=5, max_row=40, max_col=4):
        for cell in row:
            cell.value = None
    for row, values in enumerate(rows, start=5):
        for column, value in enumerate(values, start=1):
            write_cell(counts.cell(row, column), value)
    set_table_rows(counts, layout.TABLE_COUNTS, 4 + len(rows))
    # The clerk starts Realisasi with the first satker; the fill adds the others.
    realisasi = book[layout.SHEET_REALISATION]
    for row in realisasi.iter_rows(min_row=5, max_row=12):
        for cell in row:
            if cell.row > 5 or cell.data_type != "f":  # as deleting the table's rows in Excel leaves it
                cell.value = None
    realisasi["A5"] = rows[0][0]
    set_table_rows(realisasi, layout.TABLE_REALISATION, 5)
    for name, value in settings.items():
        _named(book, name, value, set_by_hand)
    save(book, path, source=TEMPLATE)
    return path


def _office_settings() -> dict:
    return {
        "Nama_Kantor": OFFICE,
        "Tempat_Penetapan": SIGNER["place"],
        "Tanggal_Penetapan": dt.datetime(2024, 7, 1),
        "Jabatan_Penanda_Tangan": SIGNER["position"],
        "Nama_Penanda_Tangan": SIGNER["name"],
        "NIP_Penanda_Tangan": SIGNER["nip"],
        "Zona_Waktu": "WITA",
        **DOCUMENT,
    }


def _render(source: Path, folder: Path, lo_profile: Path, keep: bool = True) -> tuple[Path, dict[int, str]]:
    """The PDF LibreOffice prints of ``source`` and each page's text (pdftotext -layout); kept as PNG files."""
    pdf = libreoffice_convert(source, folder / "pdf", "pdf", lo_profile)[0]
    if keep:
        shutil.copy(pdf, ARTEFACTS / f"{source.stem}.pdf")
        subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(ARTEFACTS / source.stem)], check=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])
    texts = {
        number: subprocess.run(
            ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for number in range(1, pages + 1)
    }
    return pdf, texts


@pytest.fixture(scope="module")
def printed(tmp_path_factory, lo_profile):
    """{what: (pdf, {page number: text})} for the filled workbook, its email copy and a Kanwil summary."""
    folder = tmp_path_factory.mktemp("printouts")
    path = _satker_workbook(folder / "Target_Kanwil_Contoh.xlsm", SATKER, _office_settings())
    fill(path)
    copy = export(path, folder / "Target_Kanwil_Contoh (salinan email).xlsx")
    inbox = folder / "kiriman"
    inbox.mkdir()
    shutil.copy(path, inbox / "satker_contoh.xlsm")
    summary = folder / "Rekap Kanwil.xlsx"
    consolidate([inbox], summary, office=OFFICE)

    if ARTEFACTS.exists():
        shutil.rmtree(ARTEFACTS)
    ARTEFACTS.mkdir(parents=True)
    return {
        what: _render(source, folder, lo_profile)
        for what, source in (("workbook", path), ("email copy", copy), ("summary", summary))
    }


def _sheet_pages(texts: dict[int, str], sheet: str) -> list[int]:
    """The pages of one sheet: the page head names it at the right (the footer says "Halaman …"); the decision
    page, a document with its own letterhead, is the one whose pages have no head."""
    if sheet == layout.SHEET_DECISION:
        return [n for n, text in texts.items() if "Halaman" not in text.strip().splitlines()[-1]]
    head = re.compile(r"(?:^|\s{2,})" + re.escape(sheet) + r"\s*$")
    return [n for n, text in texts.items() if text.splitlines() and head.search(text.splitlines()[0])]


def _has_head(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    return bool(lines) and re.search(r"\S\s{2,}\S.*$", lines[0]) is not None and "Halaman" in lines[-1]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _words(text: str, phrase: str) -> bool:
    """Whether ``phrase`` is printed whole: its words in order, a line break allowed between them."""
    return re.search(r"\s+".join(map(re.escape, phrase.split())), text) is not None


def test_every_page_has_its_head_and_foot(printed):
    for what, (_, texts) in printed.items():
        decision = _sheet_pages(texts, layout.SHEET_DECISION)
        for number, text in texts.items():
            lines = [line for line in text.splitlines() if line.strip()]
            assert lines, f"{what}: page {number} is empty"
            if number in decision:  # a document to sign: its letterhead, no sheet name, no print stamp
                assert "Dicetak" not in text and "Halaman" not in text and layout.SHEET_DECISION not in lines[0]
                continue
            assert lines[0].lstrip().startswith(OFFICE), f"{what} page {number}: {lines[0]!r}"  # the summary too
            assert re.search(r"Dicetak \S+ pukul \S+", lines[-1]) and "Halaman" in lines[-1], (what, number, lines[-1])


def test_the_workbook_prints_on_at_most_20_pages(printed):
    _, texts = printed["workbook"]
    printed_sheets = [text.splitlines()[0].split("  ")[-1].strip() for text in texts.values() if _has_head(text)]
    pages = {sheet: printed_sheets.count(sheet) for sheet in dict.fromkeys(printed_sheets)}
    assert len(texts) <= PAGE_GOAL, pages
    assert pages[layout.SHEET_TARGETS] == 3, pages  # one page per part for 26 satker
    assert len(_sheet_pages(texts, layout.SHEET_DECISION)) == 1  # the signed page and its Lampiran
    # no survey data yet: the survey sheets print no page (the column mapping and their settings print one)
    assert not {layout.SHEET_INDICES, layout.SHEET_SURVEY_DATA, layout.SHEET_IMPORT_LOG} & set(pages), pages
    assert layout.SHEET_IMPORT_PROBLEMS not in pages and pages[layout.SHEET_MAPPING] == 1, pages
    assert pages[layout.SHEET_KM_TABLE] == 1, pages  # the 1970 table's 90 rows in three blocks side by side
    _, copy = printed["email copy"]
    assert len(copy) <= PAGE_GOAL


def test_wide_tables_print_in_the_designed_parts(printed):
    _, texts = printed["workbook"]
    # Target Responden: three parts, each with the satker and one page for 26 satker: the target with its numbers,
    # the formula with its numbers, the note.
    first, formula, note = (texts[n] for n in _sheet_pages(texts, layout.SHEET_TARGETS))
    assert _header_shown(first, layout.COLUMN_TARGET) and _header_shown(first, layout.COLUMN_CHANGE)
    assert not _header_shown(first, layout.COLUMN_FORMULA) and not _header_shown(first, layout.COLUMN_NOTE)
    assert _header_shown(formula, layout.COLUMN_FORMULA) and not _header_shown(formula, layout.COLUMN_NOTE)
    assert _header_shown(note, layout.COLUMN_NOTE)
    # Realisasi: five parts (SPKP, SPAK, their percentages, the chart's columns and the notes), one page each.
    realisasi = _sheet_pages(texts, layout.SHEET_REALISATION)
    assert len(realisasi) == 5, realisasi
    assert "SPKP Juli" in _flat(texts[realisasi[0]]) and "SPAK" not in texts[realisasi[0]].split("Satuan Kerja", 1)[1]
    # The summary: six parts (N and target, SPKP, SPAK, % SPKP, % SPAK, the months reached), each with file
    # and satker; each part takes the same number of pages down.
    _, summary = printed["summary"]
    assert len(_sheet_pages(summary, layout.SHEET_SUMMARY)) % 6 == 0


def test_titles_and_notes_are_never_cut_on_the_pages_of_the_other_parts(printed):
    _, texts = printed["workbook"]
    for sheet, title in (
        (layout.SHEET_TARGETS, "Target Responden Minimal per Bulan"),
        (layout.SHEET_REALISATION, "Realisasi Responden per Bulan"),
    ):
        workbook = openpyxl.load_workbook(TEMPLATE)[sheet]
        note = next(cell.value for cell in (workbook["A2"], workbook["B2"]) if cell.value)
        words = note.replace("xl-addin", "xladdin").split()  # pdftotext joins a word broken after "-"
        for number in _sheet_pages(texts, sheet):
            text = texts[number].replace("xl-addin", "xladdin")
            assert _words(text, title), (sheet, number)  # on every part's page, whole
            if _words(text, " ".join(words[:4])):  # where the note is shown, it is shown to its last word
                assert _words(text, " ".join(words[-4:])), (sheet, number)
    _, summary = printed["summary"]
    for number in _sheet_pages(summary, layout.SHEET_SUMMARY):
        if "Dibuat" in summary[number]:
            assert _words(summary[number], "merah di bawah target, hijau tercapai."), number


def test_what_a_person_typed_on_pengaturan_prints_whole(printed):
    # typed as in Excel (_named): each row fitted to its tallest text, unless its height was set by hand
    for what in ("workbook", "email copy"):
        _, texts = printed[what]
        pages = [texts[n] for n in _sheet_pages(texts, layout.SHEET_SETTINGS)]
        for value in (OFFICE, SIGNER["position"], *(v for v in DOCUMENT.values() if v)):
            assert any(_header_shown(page, value) for page in pages), (what, value)


def test_excel_fits_the_rows_a_person_types_in(tmp_path):
    """The rows of the settings typed as free text (letterhead, title, legal basis, signer) are written as Excel
    writes a row it fitted itself, not as set by hand (customHeight): Excel fits them again as a person types."""
    path = _satker_workbook(tmp_path / "Satker.xlsm", SATKER[:3], _office_settings())
    fill(path)
    copy = export(path, tmp_path / "Satker (salinan).xlsx")
    book = openpyxl.load_workbook(path)
    typed = set()
    for setting in layout.DOCUMENT_SETTINGS:
        ((title, coordinate),) = book.defined_names[setting.defined_name].destinations
        typed.add(book[title][coordinate.replace("$", "")].row)
    assert book[title].row_dimensions[min(typed)].height  # a planned height, kept
    for source in (TEMPLATE, path, copy):
        set_by_hand = _rows_set_by_hand(source)[layout.SHEET_SETTINGS]
        assert not typed & set_by_hand, (source.name, sorted(typed & set_by_hand))
        assert layout.TABLE_HEADER_ROW in set_by_hand  # the other rows keep their heights


def test_every_header_is_printed_whole(printed):
    _, texts = printed["workbook"]
    for sheet, headers in (
        (layout.SHEET_TARGETS, layout.TARGET_HEADERS),
        (layout.SHEET_REALISATION, headers_for(layout.DEFAULT_TARGET_PERIOD)),
        (layout.SHEET_DECISION, layout.DECISION_HEADERS),
        (layout.SHEET_COUNTS, ("Satuan Kerja", "Januari 2024", "Februari 2024", "Maret 2024")),
    ):
        pages = _sheet_pages(texts, sheet)
        for header in headers:
            # a wrapped header's lines stand one under the other: each is whole, and they follow in order
            assert any(_header_shown(texts[n], header) for n in pages), (sheet, header)


def _header_shown(text: str, header: str) -> bool:
    """Whether ``header`` is printed whole on the page: its words in order, the lines of a wrapped header each
    starting at the same column of the page's text (pdftotext -layout keeps the columns; a header centred
    vertically may have another header's line between two of its own)."""
    words = header.split()
    lines = text.splitlines()
    for index, line in enumerate(lines):
        for match in re.finditer(r"(?<!\S)" + re.escape(words[0]) + r"(?!\S)", line):
            column, row, rest = match.start(), index, words[1:]
            position = match.end()
            skipped = 0
            while rest and row < len(lines):
                current = lines[row]
                following = current[position:]
                if following.startswith(" " + rest[0]) and following[len(rest[0]) + 1 : len(rest[0]) + 2] in ("", " "):
                    position += 1 + len(rest[0])
                    rest = rest[1:]
                    continue
                row += 1  # the header goes on below, at its column
                if row >= len(lines):
                    break
                below = lines[row][column:]
                if below.startswith(rest[0]) and below[len(rest[0]) : len(rest[0]) + 1] in ("", " "):
                    position, rest, skipped = column + len(rest[0]), rest[1:], 0
                elif not below[:1].strip() and skipped < 2:
                    skipped += 1
                else:
                    break
            if not rest:
                return True
    return False


@pytest.mark.parametrize(
    "what, sheet",
    [
        ("workbook", layout.SHEET_TARGETS),
        ("workbook", layout.SHEET_DECISION),
        ("workbook", layout.SHEET_REALISATION),
        ("workbook", layout.SHEET_COUNTS),
        ("email copy", layout.SHEET_DECISION),
        ("summary", layout.SHEET_SUMMARY),
    ],
)
def test_every_satker_name_is_printed_whole(printed, what, sheet):
    _, texts = printed[what]
    pages = _sheet_pages(texts, sheet)
    assert pages, f"no page of {sheet} in the {what}"
    text = _flat(" ".join(texts[n] for n in pages))
    for name, *_ in SATKER:
        # a long name may wrap inside its cell: its words then follow each other across the next line
        words = name.split()
        assert name in text or re.search(r"\s.*?".join(map(re.escape, words)), text), f"{name} not printed"


def test_the_decision_page_is_a_document_to_sign(printed):
    for what in ("workbook", "email copy"):
        _, texts = printed[what]
        [page] = _sheet_pages(texts, layout.SHEET_DECISION)
        text = _flat(texts[page])
        letterhead = " ".join(DOCUMENT[f"Kop_Baris_{n}"] for n in (1, 2, 3))
        heading = f"{DOCUMENT['Jenis_Naskah']} NOMOR {DOCUMENT['Nomor_Naskah']} TENTANG {DOCUMENT['Judul_Naskah']}"
        assert text.startswith(f"{letterhead} {heading} Dasar: 1. {DOCUMENT['Dasar_1']} 2. {DOCUMENT['Dasar_3']}")
        assert "dibulatkan ke atas menjadi bilangan bulat" in text  # N is rounded up, and the page says so
        assert "rumus Slovin" in text and "Krejcie & Morgan (1970)" in text
        signature = f"Ditetapkan di {SIGNER['place']} pada tanggal 1 Juli 2024 {SIGNER['position']}"
        assert _words(texts[page], signature), what  # the long position wraps inside the block, whole
        assert f"{SIGNER['name']} NIP {SIGNER['nip']} {LAMPIRAN_HEADING}" in text
        assert "Perubahan" not in text and "Aturan Lama" not in text  # the comparison stays on Target Responden
        # the Lampiran: every satker with its N and target, in the order of Target Responden
        rows = [line.split() for line in texts[page].splitlines() if re.match(r"\s*\d+\s+\S", line)]
        assert [int(row[0]) for row in rows] == list(range(1, len(SATKER) + 1))


def test_no_text_is_smaller_than_7_points(printed):
    for what, (pdf, _) in printed.items():
        smallest = min(_printed_sizes(pdf))
        assert smallest[0] >= 7.0, f"{what}: text of {smallest[0]} pt on page {smallest[1]}: {smallest[2]!r}"


def _printed_sizes(pdf: Path) -> list[tuple[float, int, str]]:
    """(size in points as printed, page, text) of every text in ``pdf``, as poppler reads its fonts (pdftohtml -xml
    at zoom 2 gives sizes in half points). A word box's height would depend on the font LibreOffice chose for
    Calibri, and a page scaled to fit prints its heads and feet smaller too."""
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-stdout", "-zoom", "2", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    sizes, found = {}, []
    for page, content in re.findall(r'<page number="(\d+)"(.*?)</page>', xml, re.DOTALL):
        sizes.update({font: int(size) / 2 for font, size in re.findall(r'<fontspec id="(\d+)" size="(\d+)"', content)})
        for font, text in re.findall(r'<text [^>]*font="(\d+)"[^>]*>(.*?)</text>', content):
            if re.sub("<[^>]+>", "", text).strip():
                found.append((sizes[font], int(page), html.unescape(re.sub("<[^>]+>", "", text))))
    assert found
    return found


def test_the_email_stamp_is_dated_in_indonesian(printed):
    _, texts = printed["email copy"]
    [page] = _sheet_pages(texts, layout.SHEET_STAMP)
    assert re.search(
        r"Dibuat pada\s+\d{1,2} (?:" + "|".join(layout.MONTHS) + r") \d{4} pukul \d{2}\.\d{2} WITA", texts[page]
    ), texts[page]


def test_the_pictures_are_kept_for_a_person_to_look_at(printed):
    from PIL import Image, ImageOps

    pictures = sorted(ARTEFACTS.glob("*.png"))
    assert len(pictures) == sum(len(texts) for _, texts in printed.values())
    for picture in pictures:  # each a page a person can look at: A4 upright or across, with something printed
        with Image.open(picture) as image:
            ratio = min(image.size) / max(image.size)
            assert math.isclose(ratio, 210 / 297, abs_tol=0.01), (picture.name, image.size)
            assert ImageOps.invert(image.convert("L")).getbbox() is not None, f"{picture.name} is blank"


# An office name longer than a page head may be (Excel keeps 255 characters of codes and text, and shows no head
# beyond), with an "&" (Excel's code mark, doubled in a head): invented.
LONG_OFFICE = "Kantor Wilayah Contoh & Sekitarnya " + " ".join(f"Unit Pelaksana Teknis Contoh {n}" for n in range(9))
CHECKED_ROWS = [
    ("Satker Contoh Baik", 120, 130, 110),
    ("Satker Contoh Kosong", 50, None, 60),
    ("Satker Contoh Lain", 9, 8, 7),
]


@pytest.fixture(scope="module")
def checked(tmp_path_factory, lo_profile):
    """A workbook with a satker that needs checking, a long office name and an 18-digit NIP typed as a number
    (Excel keeps 15 digits of it), filled and copied with --abaikan-periksa: (what fill and export said, the filled
    workbook, {what: texts})."""
    from xl_addin.cli import main

    folder = tmp_path_factory.mktemp("periksa")
    settings = {**_office_settings(), "Nama_Kantor": LONG_OFFICE, "NIP_Penanda_Tangan": 1.96805121990031e17}
    path = _satker_workbook(folder / "Satker_Periksa.xlsm", CHECKED_ROWS, settings)
    copy = folder / "Satker_Periksa (salinan).xlsx"
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        assert main(["fill", str(path)]) == 0
        assert main(["export", str(path), "-o", str(copy), "--abaikan-periksa"]) == 0
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    rendered = {
        what: _render(source, folder, lo_profile)[1] for what, source in (("workbook", path), ("email copy", copy))
    }
    return output.getvalue(), (path, copy), rendered


def test_a_satker_to_check_replaces_the_table_on_the_decision_page(checked):
    said, _, rendered = checked
    for what, texts in rendered.items():
        [page] = _sheet_pages(texts, layout.SHEET_DECISION)
        sentence = (
            "Target belum dapat ditetapkan: data 1 dari 3 satuan kerja perlu diperiksa (bertanda PERIKSA di sheet "
            "Target Responden)."
        )
        assert _words(texts[page], sentence), what  # in place of the table, whole
        assert not re.search(r"^\s*\d+\s+Satker Contoh", texts[page], re.MULTILINE), what  # and no satker row
        # the NIP typed as a number lost its last digits: a blank to fill by hand, never 1,96805121990031E+017
        assert f"NIP {layout.BLANK}" in texts[page] and "E+" not in texts[page] and "1968051219900" not in texts[page]
    assert "NIP penanda tangan tersimpan sebagai bilangan (196805121990031008)" in said  # the fill says so


def test_a_long_office_name_is_cut_to_what_a_page_head_holds(checked):
    _, files, rendered = checked
    shown = " ".join(LONG_OFFICE.split()[:6])
    for what, texts in rendered.items():
        for number, text in texts.items():
            if number not in _sheet_pages(texts, layout.SHEET_DECISION):
                assert text.splitlines()[0].lstrip().startswith(shown), (what, number)
    cut = []
    for path in files:  # as the file stores them: every head and foot within Excel's 255 characters
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/sheet"):
                    heads = re.findall(r"<(?:odd|even|first)(?:Header|Footer)>([^<]*)<", archive.read(name).decode())
                    assert all(len(html.unescape(head)) <= 255 for head in heads), (path.name, name)
                    cut += [head for head in map(html.unescape, heads) if "…&R" in head]
    assert cut, "no head names the office, cut"


def test_after_a_survey_import_every_page_still_names_the_office(tmp_path, lo_profile):
    path = _satker_workbook(tmp_path / "Satker_Impor.xlsm", SATKER[:3], _office_settings())
    fill(path)
    export_file = tmp_path / "Respons SPKP.csv"
    titles = [f"{number}. {name}: bagaimana pendapat Saudara?" for number, (_code, name) in enumerate(IKM_ELEMENTS, 1)]
    with export_file.open("w", encoding="utf-8", newline="") as stream:  # a Google Forms export (invented answers)
        writer = csv.writer(stream)
        writer.writerow(["Timestamp", "Email Address", "Satuan Kerja", *titles])
        for day in range(15, 19):
            writer.writerow([f"7/{day}/2024 10:32:05", "", SATKER[0][0], *([4, 3, 4] * 3)])
    import_survey([export_file], path)
    _, texts = _render(path, tmp_path, lo_profile, keep=False)
    decision = _sheet_pages(texts, layout.SHEET_DECISION)
    heads = [text.splitlines()[0] for number, text in texts.items() if number not in decision]
    assert any(layout.SHEET_INDICES in head for head in heads) and any(
        layout.SHEET_IMPORT_LOG in head for head in heads
    )
    assert all(head.lstrip().startswith(OFFICE) for head in heads), heads


def test_the_template_s_decision_page_is_one_page_of_blanks_to_fill(tmp_path, lo_profile):
    # what the ribbon's fill keeps: the template's heights for the page's lines (Excel does not fit merged cells)
    _, texts = _render(TEMPLATE, tmp_path, lo_profile, keep=False)
    [page] = _sheet_pages(texts, layout.SHEET_DECISION)
    text = _flat(texts[page])
    assert f"NOMOR {layout.BLANK} TENTANG" in text and f"NIP {layout.BLANK} {LAMPIRAN_HEADING}" in text
