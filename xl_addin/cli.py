"""The command line: ``xl-addin fill``, ``xl-addin size`` and friends. No Excel needed.

Everything a user reads here is Bahasa Indonesia, argparse's own messages included;
``-v`` adds the English log lines for whoever supports the office. Exit codes: 0 done,
2 could not be done (one line says why), 3 done but rows need checking (``--strict``),
1 an unexpected error, a bug (one line; ``-v`` shows the traceback).
"""

from __future__ import annotations

import argparse
import re
import sys

from . import __version__
from .errors import XlAddinError, os_error_reason, shown_name
from .indonesian import parse_count, parse_fraction_text
from .sampling import (
    DEFAULT_CONFIDENCE,
    DEFAULT_ERROR,
    DEFAULT_MARGIN,
    DEFAULT_PROPORTION,
    DEFAULT_THRESHOLD,
    minimum_respondents,
)

# What only some commands need is imported when they run, so that `xl-addin size` starts about as
# fast as Python itself (benchmarks/bench_goals.py). Type checkers take TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import NoReturn

__all__ = ["build_parser", "main"]

METHOD_CHOICES = {"auto": "auto", "slovin": "slovin", "krejcie": "krejcie_morgan"}
EXIT_BUG, EXIT_FAILED, EXIT_CHECK_ROWS = 1, 2, 3
# Problem rows the command line lists; the rest are in the workbook's Keterangan column.
SHOWN_PROBLEMS = 20

# argparse's own English messages, as they reach ``ArgumentParser.error``.
_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (.*)", r"argumen berikut wajib diisi: \1"),
    (r"unrecognized arguments: (.*)", r"argumen tidak dikenal: \1"),
    (r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)", r"argumen \1: pilihan \2 tidak dikenal (pilih \3)"),
    (r"argument (\S+): expected one argument", r"argumen \1 memerlukan satu nilai"),
    (r"argument (\S+): invalid (\S+) value: (.*)", r"argumen \1: nilai \3 tidak valid"),
    (r"argument (\S+): (.*)", r"argumen \1: \2"),
    (r"ambiguous option: (.*)", r"opsi tidak jelas: \1"),
)


class _IndonesianHelp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "Penggunaan: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse, speaking Bahasa Indonesia."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _IndonesianHelp)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumen"
        self._optionals.title = "opsi"
        self.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini lalu keluar")

    def error(self, message: str) -> NoReturn:
        # One line, like every other error of this command; the usage is one --help away.
        for pattern, replacement in _ARGPARSE_MESSAGES:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, replacement, message)
                break
        self.exit(EXIT_FAILED, f"Kesalahan: {message}. Lihat: {self.prog} --help\n")


def _fraction(text: str) -> float:
    try:
        return parse_fraction_text(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' bukan angka; tulis misalnya 0,05 atau 5%") from None


def _count(text: str) -> int:
    try:
        return parse_count(text)
    except XlAddinError as error:
        raise argparse.ArgumentTypeError(error.user_message) from None


def _command_size(args: argparse.Namespace) -> int:
    result = minimum_respondents(
        args.population,
        args.threshold,
        error=args.error,
        margin=args.margin,
        confidence=args.confidence,
        proportion=args.proportion,
        method=METHOD_CHOICES[args.method],  # type: ignore[arg-type]
    )
    if args.json:
        import json

        print(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        print(result.size)
        print(result.explanation)
    return 0


def _print_outcome(outcome, destination) -> None:
    print(f"{outcome.summary()} → {destination}")
    if outcome.comparison:
        print(outcome.comparison)
    for notice in outcome.notices:
        print(notice)
    for line in outcome.problems[:SHOWN_PROBLEMS]:
        print("  " + line)
    if len(outcome.problems) > SHOWN_PROBLEMS:
        more = len(outcome.problems) - SHOWN_PROBLEMS
        print(f"  … dan {more} baris lain (lihat kolom Keterangan di {destination})")


def _command_fill(args: argparse.Namespace) -> int:
    from .workbook import fill

    outcome = fill(args.workbook, args.output)
    _print_outcome(outcome, args.output or args.workbook)
    return EXIT_CHECK_ROWS if (outcome.problems or outcome.examples) and args.strict else 0


def _command_new_period(args: argparse.Namespace) -> int:
    from .new_period import new_period, summary

    out, base, target, outcome = new_period(args.workbook, args.output, args.base, args.target)
    print(summary(out, base, target, outcome))
    return 0


def _command_export(args: argparse.Namespace) -> int:
    from .document import UncheckedRows
    from .export import export

    try:
        copy = export(args.workbook, args.output, ignore_unchecked=args.ignore_unchecked)
    except UncheckedRows as error:
        print(
            f"Kesalahan: salinan tidak dibuat. {error.user_message} Untuk tetap membuat salinan (halaman "
            "Penetapan menyebut data yang perlu diperiksa), tambahkan --abaikan-periksa.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    print(f"Salinan tanpa makro: {copy}")
    return 0


def _command_build_template(args: argparse.Namespace) -> int:
    from .build import DEFAULT_OUTPUT, build_template

    print(f"Templat dibuat: {build_template(args.output or DEFAULT_OUTPUT)}")
    return 0


def _command_bundle(args: argparse.Namespace) -> int:
    from .build.bundle import build_bundle

    bundle = build_bundle(args.output, cache_dir=args.cache, report=print)
    print(f"Paket luring dibuat: {bundle.path} ({bundle.size / 1e6:.1f} MB, {len(bundle.files)} file)")
    return 0


def _command_selftest(args: argparse.Namespace) -> int:
    from .ribbon import format_report, selftest_report

    rows = selftest_report()
    print(format_report(rows))
    return 1 if any(status.startswith("GAGAL") for _, _, status in rows) else 0


def _command_consolidate(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from .consolidate import consolidate

    # The bar is for a person watching; in a log or a pipe it would only be noise.
    with tqdm(unit="file", desc="Membaca", file=sys.stderr, disable=not sys.stderr.isatty(), leave=False) as bar:

        def step(done: int, total: int, name: str) -> None:
            bar.total = total
            bar.set_postfix_str(name, refresh=False)
            bar.update(1)

        result = consolidate(
            args.sources, args.output, progress=step, office=args.office, expected=_expected(args.listing)
        )
    shown = 20
    for problem in result.problems[:shown]:
        print(f"  {problem.file}: {problem.kind}: {problem.detail}")
    if len(result.problems) > shown:
        print(f"  … dan {len(result.problems) - shown} masalah lain (lihat sheet Masalah)")
    print(f"Rekap {result.output}: {result.summary()}")
    return 0


def _expected(workbook: str | None) -> list[str]:
    """The satker a Kanwil workbook expects a file from (its satker list), for consolidate --daftar."""
    if workbook is None:
        return []
    from .loop import expected_satker
    from .workbook import FileBook, open_workbook

    return expected_satker(FileBook(open_workbook(workbook, keep_vba=False)))


def _command_import_survey(args: argparse.Namespace) -> int:
    from .survey_workbook import import_survey

    outcome = import_survey(
        args.sources, args.workbook, args.output, overwrite=args.overwrite, trial=args.trial, restart=args.restart
    )
    shown = 60  # what needs action comes first (survey_report.summary_lines), so a cut loses only notes
    lines = outcome.lines()
    for line in lines[:shown]:
        print(line)
    if len(lines) > shown:
        print(
            f"… dan {len(lines) - shown} baris lain"
            + ("" if outcome.output is None else " (lihat sheet Masalah Impor)")
        )
    where = "Hasil ini tidak disimpan (--coba)." if outcome.output is None else f"Disimpan → {outcome.output}"
    print(f"{outcome.summary()} {where}")
    return 0


def _command_send(args: argparse.Namespace) -> int:
    from .document import UncheckedRows
    from .loop import send_file

    try:
        outcome = send_file(args.workbook, args.output, ignore_unchecked=args.ignore_unchecked)
    except UncheckedRows as error:
        print(
            f"Kesalahan: file satker tidak dibuat. {error.user_message} Untuk tetap mengirim file kepada satker yang "
            "sudah bertarget (yang perlu diperiksa dilewati), tambahkan --abaikan-periksa.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    print("\n".join(outcome.lines()) + f"\n→ {args.output}")
    return 0


def _command_receive(args: argparse.Namespace) -> int:
    from .loop import receive_files

    outcome = receive_files(args.sources, args.workbook, overwrite=args.overwrite, trial=args.trial)
    shown = 60
    lines = outcome.lines()
    print("\n".join(lines[:shown]) + (f"\n… dan {len(lines) - shown} baris lain" if len(lines) > shown else ""))
    where = (
        "tidak disimpan (--coba)"
        if args.trial
        else (f"→ {args.workbook}" if outcome.changed else "tidak ada yang berubah")
    )
    print(f"{outcome.summary()} {where}")
    return 0


def _command_report(args: argparse.Namespace) -> int:
    from .report_command import make_report_file

    outcome = make_report_file(args.workbook, args.month, args.output)
    for line in outcome.lines():
        print(line)
    print(f"Laporan {outcome.month.label} ada di sheet {outcome.sheet} → {outcome.output}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="xl-addin",
        description="Target responden minimal SPKP dan SPAK per satker: rumus Slovin di bawah ambang, "
        "Krejcie & Morgan (1970) mulai ambang. Tidak memerlukan Excel.",
    )
    parser.add_argument(
        "--version", action="version", version=f"xl_addin {__version__}", help="tampilkan versi lalu keluar"
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="tampilkan catatan proses (bahasa Inggris, untuk petugas pendukung)",
    )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="PERINTAH", title="perintah", parser_class=_Parser
    )

    fill = commands.add_parser(
        "fill",
        help="isi tabel Target Responden dari data Pengguna Layanan",
        description="Mengisi tabel TargetResponden dari tabel PenggunaLayanan dan Pengaturan.",
    )
    fill.add_argument("workbook", metavar="WORKBOOK", help="file .xlsm/.xlsx, misalnya template/SPAK_SPKP.xlsm")
    fill.add_argument(
        "-o", "--output", metavar="HASIL", help="simpan ke file ini (ekstensi sama), bukan menimpa file asal"
    )
    fill.add_argument(
        "--strict",
        action="store_true",
        help="keluar dengan kode 3 bila ada baris yang perlu diperiksa atau baris CONTOH templat yang tersisa",
    )
    fill.set_defaults(run=_command_fill)

    size = commands.add_parser(
        "size",
        help="jumlah sampel untuk satu populasi N",
        description="Menghitung sampel minimal untuk satu N, dengan rumus dan angkanya.",
    )
    size.add_argument("population", type=_count, metavar="N", help="populasi N (jumlah pengguna layanan)")
    size.add_argument(
        "--method",
        choices=sorted(METHOD_CHOICES),
        default="auto",
        help="auto: Slovin di bawah --threshold, Krejcie & Morgan mulai ambang (bawaan)",
    )
    size.add_argument(
        "--threshold",
        type=_count,
        default=DEFAULT_THRESHOLD,
        metavar="AMBANG",
        help=f"ambang N (bawaan {DEFAULT_THRESHOLD})",
    )
    size.add_argument("--error", type=_fraction, default=DEFAULT_ERROR, metavar="E", help="e Slovin (bawaan 0,05)")
    size.add_argument(
        "--margin", type=_fraction, default=DEFAULT_MARGIN, metavar="D", help="d Krejcie & Morgan (bawaan 0,05)"
    )
    size.add_argument(
        "--confidence",
        type=_fraction,
        default=DEFAULT_CONFIDENCE,
        metavar="KEPERCAYAAN",
        help="tingkat kepercayaan (bawaan 0,95)",
    )
    size.add_argument(
        "--proportion", type=_fraction, default=DEFAULT_PROPORTION, metavar="P", help="proporsi P (bawaan 0,5)"
    )
    size.add_argument("--json", action="store_true", help="cetak seluruh hasil sebagai JSON")
    size.set_defaults(run=_command_size)

    export = commands.add_parser(
        "export",
        help="buat salinan .xlsx tanpa makro untuk email (file asal tidak diubah)",
        description="Membuat salinan .xlsx tanpa makro: target dihitung ulang, cap waktu, jejak perhitungan.",
    )
    export.add_argument("workbook", metavar="WORKBOOK")
    export.add_argument(
        "-o",
        "--output",
        metavar="SALINAN.xlsx",
        help="nama salinan (bawaan: '<nama> (salinan email).xlsx' di folder yang sama)",
    )
    export.add_argument(
        "--abaikan-periksa",
        dest="ignore_unchecked",
        action="store_true",
        help="buat salinan walaupun ada satker bertanda PERIKSA (halaman Penetapan menyebutnya, tanpa tabel target)",
    )
    export.set_defaults(run=_command_export)

    period = commands.add_parser(
        "periode-baru",
        help="buat workbook periode berikutnya dari workbook ini (workbook ini tidak diubah)",
        description="Membuat workbook untuk periode berikutnya: daftar satker, pengaturan, data kantor dan pemetaan "
        "kolom dibawa; jumlah pengguna layanan, Realisasi dan data survei dikosongkan; sheet Periode Lalu memuat "
        "target dan capaian periode ini per satker. Workbook asal tidak diubah.",
    )
    period.add_argument("workbook", metavar="WORKBOOK")
    period.add_argument("-o", "--output", required=True, metavar="BARU", help="nama workbook periode baru")
    period.add_argument(
        "--dasar",
        dest="base",
        metavar="PERIODE",
        help='periode dasar baru, misalnya "Januari–Maret 2025" (bawaan: bulan yang sama setahun kemudian)',
    )
    period.add_argument(
        "--target",
        dest="target",
        metavar="PERIODE",
        help='periode target baru, misalnya "Juli–Desember 2025" (bawaan: bulan yang sama setahun kemudian)',
    )
    period.set_defaults(run=_command_new_period)

    merge = commands.add_parser(
        "consolidate",
        help="rekap workbook satker (target, realisasi, masalah) dalam satu .xlsx",
        description="Membuat rekap Kanwil dari workbook kiriman satker; file kiriman tidak diubah.",
    )
    merge.add_argument(
        "sources",
        nargs="+",
        metavar="FILE_ATAU_FOLDER",
        help="file .xlsx/.xlsm satker, atau folder berisi file tersebut",
    )
    merge.add_argument("-o", "--output", required=True, metavar="REKAP.xlsx", help="file rekap yang dibuat")
    merge.add_argument(
        "--kantor", dest="office", metavar="NAMA", help="nama kantor wilayah untuk kepala setiap halaman cetak rekap"
    )
    merge.add_argument(
        "--daftar",
        dest="listing",
        metavar="WORKBOOK",
        help="workbook Kanwil: satker di daftarnya yang tidak ada di file mana pun disebut di sheet Masalah",
    )
    merge.set_defaults(run=_command_consolidate)

    survey = commands.add_parser(
        "impor-survei",
        help="hitung responden dari file ekspor survei (CSV/XLSX) ke Realisasi dan Indeks Survei",
        description="Membaca file ekspor respons survei (misalnya unduhan Google Forms), menghitung responden per "
        "satker, bulan dan survei ke tabel Realisasi, dan menghitung IKM serta indeks SPKP dan SPAK. Respons yang sudah "
        "pernah diimpor tidak dihitung lagi; angka Realisasi yang diketik tangan tidak ditimpa.",
    )
    survey.add_argument(
        "sources",
        nargs="+",
        metavar="FILE_ATAU_FOLDER",
        help="file ekspor .csv atau .xlsx (satu baris per responden), atau folder berisi file tersebut",
    )
    survey.add_argument(
        "--ke", dest="workbook", required=True, metavar="WORKBOOK", help="workbook tujuan (.xlsm/.xlsx)"
    )
    survey.add_argument(
        "-o", "--output", metavar="HASIL", help="simpan ke file ini (ekstensi sama), bukan menimpa workbook tujuan"
    )
    survey.add_argument(
        "--timpa",
        dest="overwrite",
        action="store_true",
        help="timpa juga angka Realisasi yang diketik tangan (tetap dilaporkan)",
    )
    survey.add_argument(
        "--coba", dest="trial", action="store_true", help="tampilkan apa yang akan berubah tanpa menyimpan"
    )
    survey.add_argument(
        "--ulang",
        dest="restart",
        action="store_true",
        help="susun ulang data survei hanya dari file yang disebut (data dan kunci impor sebelumnya dibuang)",
    )
    survey.set_defaults(run=_command_import_survey)

    send = commands.add_parser(
        "kirim",
        help="buat file .xlsx dan draf email untuk setiap satker (target, isian realisasi)",
        description="Membuat untuk setiap satker bertarget satu file .xlsx tanpa makro (target SPKP dan SPAK per "
        "bulan, isian Realisasi satker itu saja, petikan Penetapan, cap workbook) dan draf email .eml di sebelahnya "
        "(alamat dari daftar satker; tidak ada yang dikirim). Tanggal pembuatan dan kode workbook dicatat di sheet "
        "Status Kiriman workbook Kanwil.",
    )
    send.add_argument("workbook", metavar="WORKBOOK", help="workbook Kanwil (.xlsm/.xlsx)")
    send.add_argument("-o", "--output", required=True, metavar="FOLDER", help="folder tujuan file satker")
    send.add_argument(
        "--abaikan-periksa",
        dest="ignore_unchecked",
        action="store_true",
        help="tetap kirim kepada satker yang bertarget walaupun ada satker yang perlu diperiksa (dilewati)",
    )
    send.set_defaults(run=_command_send)

    receive = commands.add_parser(
        "terima",
        help="ambil angka realisasi dari file kiriman satker ke workbook Kanwil",
        description="Membaca file kiriman balik satker (file dari 'kirim', salinan email workbook Kanwil, atau "
        "workbook .xlsm satker), memeriksa capnya, lalu mengisi Realisasi workbook Kanwil, sheet Status Kiriman dan "
        "Riwayat Kiriman. Angka di Realisasi yang berbeda dan bukan kiriman satker tidak ditimpa (kecuali --timpa); "
        "menerima file yang sama lagi tidak mengubah apa pun.",
    )
    receive.add_argument(
        "sources", nargs="+", metavar="FILE_ATAU_FOLDER", help="file .xlsx/.xlsm kiriman satker, atau folder"
    )
    receive.add_argument(
        "--ke", dest="workbook", required=True, metavar="WORKBOOK", help="workbook Kanwil (.xlsm/.xlsx)"
    )
    receive.add_argument(
        "--timpa",
        dest="overwrite",
        action="store_true",
        help="timpa juga angka Realisasi yang berbeda (tetap dilaporkan)",
    )
    receive.add_argument(
        "--coba", dest="trial", action="store_true", help="tampilkan apa yang akan berubah tanpa menyimpan"
    )
    receive.set_defaults(run=_command_receive)
    report = commands.add_parser(
        "laporan",
        help="susun sheet Laporan Bulanan untuk kepala kantor dari tabel Realisasi",
        description="Menyusun sheet Laporan Bulanan untuk satu bulan target: jumlah satker yang mencapai target SPKP "
        "dan SPAK (dari satker yang telah melapor), satker di bawah target dan yang belum melapor, capaian semester, "
        "IKM gabungan bila survei sudah diimpor, dan beberapa kalimat ringkasan. Laporan lama di sheet itu diganti.",
    )
    report.add_argument("workbook", metavar="WORKBOOK", help="file .xlsm/.xlsx")
    report.add_argument(
        "--bulan",
        dest="month",
        metavar="BULAN",
        help='satu bulan target dengan tahunnya, misalnya "Agustus 2024" (bawaan: bulan target terakhir yang '
        "sudah berjalan menurut zona waktu kantor)",
    )
    report.add_argument(
        "-o", "--output", metavar="HASIL", help="simpan ke file ini (ekstensi sama), bukan menimpa file asal"
    )
    report.set_defaults(run=_command_report)

    selftest = commands.add_parser("selftest", help="periksa instalasi (Python, xl_addin, xlwings, rumus)")
    selftest.set_defaults(run=_command_selftest)

    build = commands.add_parser("build-template", help="buat ulang template/SPAK_SPKP.xlsm dari sumbernya (pengembang)")
    build.add_argument("-o", "--output", metavar="FILE", help="tujuan (bawaan: template/SPAK_SPKP.xlsm)")
    build.set_defaults(run=_command_build_template)

    bundle = commands.add_parser(
        "bundle",
        help="buat paket zip luring untuk PC kantor tanpa internet dan tanpa hak admin (petugas TI)",
        description="Membuat paket zip berisi templat, wheel Windows 64-bit untuk Python 3.11 sampai 3.14, "
        "PASANG.cmd, HAPUS.cmd dan PANDUAN. Memerlukan internet (PyPI) saat pertama kali; unduhan disimpan.",
    )
    bundle.add_argument("-o", "--output", required=True, metavar="FOLDER", help="folder tujuan file zip")
    bundle.add_argument(
        "--cache", metavar="FOLDER", help="folder simpanan wheel yang sudah diunduh (bawaan: ~/.cache/xl_addin-bundle)"
    )
    bundle.set_defaults(run=_command_bundle)
    return parser


def _log():
    import logging

    return logging.getLogger(__name__)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Without -v only Bahasa Indonesia reaches the user; the English log (and the English warnings
    # libraries such as openpyxl print about odd workbooks) is for support staff. `size` logs nothing:
    # without -v it does not load the logging machinery at all.
    if args.verbose or args.run is not _command_size:
        import logging

        logging.basicConfig(
            level=logging.INFO if args.verbose else logging.CRITICAL, format="%(levelname)s %(name)s: %(message)s"
        )
        logging.captureWarnings(True)
    try:
        return args.run(args)
    except XlAddinError as error:
        print(f"Kesalahan: {error.user_message}", file=sys.stderr)
        _log().info("%s: %s", type(error).__name__, error)
        return EXIT_FAILED
    except MemoryError:
        print("Kesalahan: memori komputer tidak cukup untuk file ini.", file=sys.stderr)
        return EXIT_FAILED
    except OSError as error:  # a disk or file problem no check foresaw: still one line, never a traceback
        _log().info("unexpected OSError", exc_info=True)
        where = f": {shown_name(str(error.filename))}" if getattr(error, "filename", None) else ""
        print(f"Kesalahan: file tidak dapat dibaca atau ditulis ({os_error_reason(error)}){where}.", file=sys.stderr)
        return EXIT_FAILED
    except Exception:  # a bug: one line for the user, the traceback for whoever supports them (-v)
        _log().error("unexpected error", exc_info=True)
        if not args.verbose:
            print(
                "Kesalahan tak terduga di xl_addin; tidak ada file yang diubah. Jalankan lagi dengan -v dan kirim "
                "hasilnya kepada petugas pendukung.",
                file=sys.stderr,
            )
        return EXIT_BUG


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
