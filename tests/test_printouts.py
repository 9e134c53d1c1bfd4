"""What a person holds in their hands: every sheet of a filled 26-satker workbook, its email copy and a Kanwil
summary, printed to PDF by LibreOffice and read back with poppler (pdftotext, pdftotext -bbox).

Checked: page counts as designed, every satker name whole, the head and foot of every page, the decision
page's signature block whole on one page, and no text smaller than 7 pt. The pages are kept as PNG files in
``out/artefacts/printouts`` for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import shutil
import subprocess

import openpyxl
import pytest
from support import REPO_ROOT, TEMPLATE, libreoffice_convert, set_table_rows

from xl_addin import layout
from xl_addin.consolidate import consolidate
from xl_addin.export import export
from xl_addin.workbook import fill, save, write_cell

ARTEFACTS = REPO_ROOT / "out" / "artefacts" / "printouts"
OFFICE = "Kantor Wilayah Contoh (fiktif)"
SIGNER = {
    "place": "Kota Contoh",
    "position": "Kepala Kantor Wilayah",
    "name": "Nama Contoh, S.H., M.H.",
    "nip": "197001012000031001",
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

pytestmark = pytest.mark.libreoffice


def _named(book: openpyxl.Workbook, name: str, value: object) -> None:
    ((sheet, cell),) = book.defined_names[name].destinations
    book[sheet][cell.replace("$", "")] = value


@pytest.fixture(scope="module")
def printed(tmp_path_factory, lo_profile):
    """{what: (pdf, {page number: text})} for the filled workbook, its email copy and a Kanwil summary."""
    folder = tmp_path_factory.mktemp("printouts")
    path = folder / "Target_Kanwil_Contoh.xlsm"
    shutil.copy(TEMPLATE, path)
    book = openpyxl.load_workbook(path, keep_vba=True)
    counts = book[layout.SHEET_COUNTS]
    for row in counts.iter_rows(min_row=5, max_row=40, max_col=4):
        for cell in row:
            cell.value = None
    for row, values in enumerate(SATKER, start=5):
        for column, value in enumerate(values, start=1):
            write_cell(counts.cell(row, column), value)
    set_table_rows(counts, layout.TABLE_COUNTS, 4 + len(SATKER))
    # The clerk starts Realisasi with the first satker; the fill adds the others.
    realisasi = book[layout.SHEET_REALISATION]
    for row in realisasi.iter_rows(min_row=5, max_row=12):
        for cell in row:
            if cell.row > 5 or cell.data_type != "f":  # as deleting the table's rows in Excel leaves it
                cell.value = None
    realisasi["A5"] = SATKER[0][0]
    set_table_rows(realisasi, layout.TABLE_REALISATION, 5)
    for name, value in {
        "Nama_Kantor": OFFICE,
        "Tempat_Penetapan": SIGNER["place"],
        "Tanggal_Penetapan": dt.datetime(2024, 7, 1),
        "Jabatan_Penanda_Tangan": SIGNER["position"],
        "Nama_Penanda_Tangan": SIGNER["name"],
        "NIP_Penanda_Tangan": SIGNER["nip"],
        "Zona_Waktu": "WITA",
    }.items():
        _named(book, name, value)
    save(book, path, source=TEMPLATE)
    fill(path)
    copy = export(path, folder / "Target_Kanwil_Contoh (salinan email).xlsx")
    inbox = folder / "kiriman"
    inbox.mkdir()
    shutil.copy(path, inbox / "satker_contoh.xlsm")
    summary = folder / "Rekap Kanwil.xlsx"
    consolidate([inbox], summary)

    if ARTEFACTS.exists():
        shutil.rmtree(ARTEFACTS)
    ARTEFACTS.mkdir(parents=True)
    result = {}
    for what, source in (("workbook", path), ("email copy", copy), ("summary", summary)):
        pdf = libreoffice_convert(source, folder / "pdf", "pdf", lo_profile)[0]
        shutil.copy(pdf, ARTEFACTS / f"{source.stem}.pdf")
        subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(ARTEFACTS / source.stem)], check=True)
        pages = int(
            re.search(
                r"Pages:\s+(\d+)",
                subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout,
            )[1]
        )
        texts = {
            number: subprocess.run(
                ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            for number in range(1, pages + 1)
        }
        result[what] = (pdf, texts)
    return result


def _sheet_pages(texts: dict[int, str], sheet: str) -> list[int]:
    """The pages of one sheet: the page head names it at the right (the footer says "Halaman …")."""
    head = re.compile(r"(?:^|\s{2,})" + re.escape(sheet) + r"\s*$")
    return [n for n, text in texts.items() if text.splitlines() and head.search(text.splitlines()[0])]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_every_page_has_its_head_and_foot(printed):
    for what, (_, texts) in printed.items():
        for number, text in texts.items():
            lines = [line for line in text.splitlines() if line.strip()]
            assert lines, f"{what}: page {number} is empty"
            if what != "summary":  # the summary gathers many offices: it names none
                assert lines[0].lstrip().startswith(OFFICE), f"{what} page {number}: {lines[0]!r}"
            assert re.search(r"Dicetak \S+ pukul \S+", lines[-1]) and "Halaman" in lines[-1], (what, number, lines[-1])


def test_wide_tables_print_in_the_designed_parts(printed):
    _, texts = printed["workbook"]
    # Target Responden: three parts (the target and its note; the formula; the comparisons), each with the satker;
    # each part takes the same number of pages down.
    targets = _sheet_pages(texts, layout.SHEET_TARGETS)
    assert len(targets) % 3 == 0 and 3 <= len(targets) <= 15, targets
    parts = len(targets) // 3
    first_part = "".join(texts[n] for n in targets[:parts])
    assert "Keterangan" in first_part and "Rumus dengan Angka" not in first_part
    # Realisasi: five parts (SPKP, SPAK, their percentages, the chart's columns and the notes), one page each.
    realisasi = _sheet_pages(texts, layout.SHEET_REALISATION)
    assert len(realisasi) == 5, realisasi
    assert "SPKP Juli" in _flat(texts[realisasi[0]]) and "SPAK" not in texts[realisasi[0]].split("Satuan Kerja", 1)[1]
    # The decision page: one portrait page for 26 satker, the signature block included.
    assert len(_sheet_pages(texts, layout.SHEET_DECISION)) == 1
    # The summary: six parts (N and target, SPKP, SPAK, % SPKP, % SPAK, the months reached), each with file
    # and satker; each part takes the same number of pages down.
    _, summary = printed["summary"]
    assert len(_sheet_pages(summary, layout.SHEET_SUMMARY)) % 6 == 0


@pytest.mark.parametrize(
    "what, sheet",
    [
        ("workbook", layout.SHEET_TARGETS),
        ("workbook", layout.SHEET_DECISION),
        ("workbook", layout.SHEET_REALISATION),
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


def test_the_decision_page_holds_the_rule_the_table_and_the_whole_signature_block(printed):
    for what in ("workbook", "email copy"):
        _, texts = printed[what]
        [page] = _sheet_pages(texts, layout.SHEET_DECISION)
        text = _flat(texts[page])
        assert "PENETAPAN TARGET RESPONDEN MINIMAL SPKP DAN SPAK" in text and OFFICE in text
        assert "rumus Slovin" in text and "Krejcie & Morgan (1970)" in text
        for line in (
            f"Ditetapkan di {SIGNER['place']}",
            "pada tanggal 1 Juli 2024",
            SIGNER["position"],
            SIGNER["name"],
            f"NIP {SIGNER['nip']}",
        ):
            assert line in text, (what, line)


def test_no_text_is_smaller_than_7_points(printed):
    for what, (pdf, _) in printed.items():
        html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        heights = [float(y2) - float(y1) for y1, y2 in re.findall(r'yMin="([\d.]+)"[^>]*yMax="([\d.]+)"', html)]
        assert heights
        # poppler's word box is about 0,87 times the font size tall (the 9-pt page heads measure 7,0-7,8)
        smallest = min(heights) / 0.87
        assert smallest >= 7.0 or math.isclose(smallest, 7.0, abs_tol=0.2), f"{what}: text of {smallest:.1f} pt"


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
