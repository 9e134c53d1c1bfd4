"""The command line: ``xl-addin fill``, ``xl-addin size`` and friends. No Excel needed."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import asdict
from typing import Sequence

from . import __version__, layout
from .plan import parse_fraction_text, problems
from .sampling import XlAddinError, minimum_respondents

METHOD_CHOICES = {"auto": "auto", "slovin": "slovin", "krejcie": "krejcie_morgan"}


def _fraction(text: str) -> float:
    try:
        return parse_fraction_text(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None


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
        print(json.dumps(asdict(result), ensure_ascii=False))
    else:
        print(result.size)
        print(result.explanation)
    return 0


def _command_fill(args: argparse.Namespace) -> int:
    from .workbook import fill

    targets = fill(args.workbook, args.output)
    bad = problems(targets)
    destination = args.output or args.workbook
    print(f"{len(targets) - len(bad)} target terisi, {len(bad)} baris perlu diperiksa → {destination}")
    for line in bad:
        print("  " + line)
    return 0 if not bad or not args.strict else 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xl-addin",
        description="Minimum survey respondents (SPKP/SPAK) per satker: Slovin below the threshold, "
        "Krejcie & Morgan (1970) from it.",
    )
    parser.add_argument("--version", action="version", version=f"xl_addin {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens (English)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    fill = commands.add_parser("fill", help="fill the TargetResponden table of a workbook from its counts")
    fill.add_argument("workbook", help="the .xlsm/.xlsx workbook (e.g. template/SPAK_SPKP.xlsm)")
    fill.add_argument("-o", "--output", help="save here instead of in place (same extension)")
    fill.add_argument("--strict", action="store_true", help="exit 3 when any row has a problem")
    fill.set_defaults(run=_command_fill)

    size = commands.add_parser("size", help="sample size for one population N")
    size.add_argument("population", type=int, help="population N (service users)")
    size.add_argument("--method", choices=sorted(METHOD_CHOICES), default="auto",
                      help="auto: Slovin below --threshold, Krejcie & Morgan from it (default)")
    size.add_argument("--threshold", type=int, default=layout.SETTINGS_BY_FIELD["threshold"].default)
    size.add_argument("--error", type=_fraction, default=0.05, help="Slovin's e (default 0.05)")
    size.add_argument("--margin", type=_fraction, default=0.05, help="Krejcie & Morgan's d (default 0.05)")
    size.add_argument("--confidence", type=_fraction, default=0.95, help="confidence level (default 0.95)")
    size.add_argument("--proportion", type=_fraction, default=0.5, help="P (default 0.5)")
    size.add_argument("--json", action="store_true", help="print the whole result as JSON")
    size.set_defaults(run=_command_size)

    _add_more_commands(commands)
    return parser


def _command_export(args: argparse.Namespace) -> int:
    from .export import export

    print(f"Salinan tanpa makro: {export(args.workbook, args.output)}")
    return 0


def _command_build_template(args: argparse.Namespace) -> int:
    from .template import DEFAULT_OUTPUT, build_template

    print(f"Templat dibuat: {build_template(args.output or DEFAULT_OUTPUT)}")
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

        result = consolidate(args.sources, args.output, progress=step)
    shown = 20
    for problem in result.problems[:shown]:
        print(f"  {problem.file}: {problem.kind}: {problem.detail}")
    if len(result.problems) > shown:
        print(f"  ... dan {len(result.problems) - shown} masalah lain (lihat sheet Masalah)")
    print(
        f"Rekap {result.output}: {len(result.files_read)} file terbaca, {len(result.files_failed)} gagal dibaca, "
        f"{len(result.rows)} satker, {len(result.problems)} masalah."
    )
    return 0


def _add_more_commands(commands: argparse._SubParsersAction) -> None:
    """Commands whose adapters live in their own modules (imported only when used)."""
    export = commands.add_parser("export", help="write a macro-free .xlsx copy for email (never changes the source)")
    export.add_argument("workbook")
    export.add_argument("-o", "--output", help="the .xlsx copy (default: '<name> (salinan email).xlsx' beside it)")
    export.set_defaults(run=_command_export)

    build = commands.add_parser("build-template", help="rebuild template/SPAK_SPKP.xlsm from the sources")
    build.add_argument("-o", "--output", help="where to write it (default: template/SPAK_SPKP.xlsm)")
    build.set_defaults(run=_command_build_template)

    selftest = commands.add_parser("selftest", help="check this installation (Python, xl_addin, xlwings, UDFs)")
    selftest.set_defaults(run=_command_selftest)

    merge = commands.add_parser("consolidate", help="summarise satker workbooks (targets, realisasi, problems) in one .xlsx")
    merge.add_argument("sources", nargs="+", metavar="SATKER_FILES_OR_FOLDERS",
                       help="satker .xlsx/.xlsm files, or folders holding them (never modified)")
    merge.add_argument("-o", "--output", required=True, metavar="KANWIL.xlsx", help="the summary workbook to write")
    merge.set_defaults(run=_command_consolidate)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.run(args)
    except XlAddinError as error:
        print(f"Galat: {error.user_message}", file=sys.stderr)
        if args.verbose:
            print(f"Error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
