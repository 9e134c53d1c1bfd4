"""The satker list (sheet Daftar Satker): names, aliases, emails, and what is wrong in it, in Indonesian.

The names are invented examples in the ministry's naming style.
"""

from __future__ import annotations

from xl_addin import layout
from xl_addin.build.template import EXAMPLE_COUNTS, build_workbook
from xl_addin.satker_list import satker_list_from_rows, split_list
from xl_addin.workbook import TableArea, find_table

LAPAS = "Lembaga Pemasyarakatan Kelas IIA Kupang"
LPP = "Lembaga Pemasyarakatan Perempuan Kelas III Kupang"
KANIM = "Kantor Imigrasi Kelas I TPI Kupang"
RUTAN = "Rumah Tahanan Negara Kelas IIB Soe"


def listing(*rows):
    return satker_list_from_rows((index, row) for index, row in enumerate(rows, start=5))


def test_a_name_or_any_alias_gives_the_name_as_in_the_rule():
    found = listing(
        (LAPAS, "Lapas Kupang; Lapas Kls IIA Kupang", "lapas.kupang@contoh.example; humas@contoh.example", "Budi"),
        (KANIM, "Kanim Kupang", None, None),
    )
    assert found.lookup("Lapas Kupang") == LAPAS
    assert found.lookup("  lapas   KLS iia kupang ") == LAPAS
    assert found.lookup(LAPAS.upper()) == LAPAS
    assert found.lookup("Kanim Kupang") == KANIM
    assert found.lookup("Lapas Soe") is None
    (lapas, kanim) = found.satker
    assert lapas.emails == ("lapas.kupang@contoh.example", "humas@contoh.example") and lapas.contact == "Budi"
    assert (lapas.row, kanim.row) == (5, 6) and kanim.emails == ()
    assert found.problems == ()


def test_an_alias_given_to_two_satker_names_neither_and_is_reported():
    found = listing((LAPAS, "Lapas Kupang"), (LPP, "Lapas Kupang; LPP Kupang"))
    assert found.lookup("Lapas Kupang") is None and found.conflict("lapas kupang") == (LAPAS, LPP)
    assert found.lookup("LPP Kupang") == LPP
    assert found.problems == (
        f"sheet Daftar Satker: nama lain 'Lapas Kupang' diberikan kepada 2 satker ({LAPAS}, {LPP}); nama itu tidak "
        "dipakai sampai hanya satu satker yang memakainya.",
    )


def test_a_satker_twice_an_alias_that_is_another_satkers_name_and_a_bad_address_are_reported():
    found = listing(
        (LAPAS, f"Lapas Kupang; {KANIM}", "bukan-email", None),
        (KANIM, None, "kanim@contoh.example, umum@contoh.example", None),
        (LAPAS.lower(), "Lapas Lain", None, None),
        (None, "Rutan Soe", None, None),
    )
    assert found.lookup(KANIM) == KANIM and found.lookup("Lapas Lain") is None
    assert found.satker[1].emails == ("kanim@contoh.example", "umum@contoh.example")
    assert found.problems == (
        f"sheet Daftar Satker baris 5 ({LAPAS}): 'bukan-email' bukan alamat email; tidak dipakai.",
        f"sheet Daftar Satker: '{LAPAS.lower()}' tercantum dua kali (baris 5 dan 7); hanya baris 5 yang dipakai.",
        "sheet Daftar Satker baris 8: nama satuan kerja kosong; baris ini tidak dipakai.",
        f"sheet Daftar Satker baris 5: nama lain '{KANIM}' untuk {LAPAS} adalah nama satker lain ({KANIM}); nama lain "
        "itu tidak dipakai.",
    )


def test_a_near_miss_suggests_the_satker_whose_words_it_holds_short_forms_written_out():
    found = listing((LAPAS,), (LPP,), (KANIM,), (RUTAN,))
    assert found.suggest("Kanim Kupang") == (KANIM,)
    assert found.suggest("Rutan Soe") == (RUTAN,)
    assert found.suggest("Lapas Kupang") == (LAPAS, LPP)  # both hold those words: both named, neither chosen
    assert found.suggest("Rumah Tahanan Negara Kelas IIB So") == (RUTAN,)  # a typo: the most similar name
    assert found.suggest("Dinas Pariwisata") == ()
    assert found.lookup("Kanim Kupang") is None  # a suggestion is never a match


def test_names_known_elsewhere_are_known_by_their_own_names():
    found = listing((LAPAS, "Lapas Kupang")).with_names([KANIM, None, ""])
    assert found.lookup(KANIM) == KANIM and found.lookup("Lapas Kupang") == LAPAS


def test_split_list():
    assert split_list(" a ; ;b;") == ("a", "b") and split_list(None) == ()


def test_the_template_lists_its_example_satker_with_example_aliases():
    book = build_workbook()
    sheet, table = find_table(book, layout.TABLE_SATKER_LIST)
    area = TableArea.of(sheet, table)
    assert area.headers == layout.SATKER_LIST_HEADERS
    rows = [
        (row, [sheet.cell(row, column).value for column in range(area.first_column, area.last_column + 1)])
        for row in range(area.first_row, area.last_row + 1)
    ]
    found = satker_list_from_rows(rows)
    assert [entry.name for entry in found.satker] == [name for name, *_counts in EXAMPLE_COUNTS]
    assert found.problems == ()
    for entry in found.satker:
        assert entry.is_example and all(alias.startswith(layout.EXAMPLE_MARK) for alias in entry.aliases)
        assert all(address.endswith("@contoh.example") for address in entry.emails)
        assert found.lookup(entry.aliases[0]) == entry.name
