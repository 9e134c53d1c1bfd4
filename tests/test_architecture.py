"""The shape of the package and the entry points nothing else exercises.

* Runtime code never imports the template builder (``xl_addin.build``) or its ``ms-ovba`` dependency:
  an office PC installs neither.
* Every way a user starts the program works: ``python -m xl_addin``, ``xl-addin selftest``,
  ``xl-addin build-template``, the ribbon's *Salinan untuk Email*.
* ``vbaproject`` keeps its two reasons to exist: projects over 64 KiB (a FAT longer than one sector)
  and chunks that do not compress.
"""

from __future__ import annotations

import ast
import json
import random
import re
import string
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import olefile
import openpyxl
import pytest
import remote_book
import xlwings as xw
from oletools.olevba import VBA_Parser
from support import GOOD_AND_BAD_ROWS, REPO_ROOT, TEMPLATE, counts_workbook

from xl_addin import layout, ribbon
from xl_addin.build.vbaproject import build_vba_project
from xl_addin.export import export
from xl_addin.workbook import fill

RUNTIME_MODULES = (
    "xl_addin",
    "xl_addin.cli",
    "xl_addin.workbook",
    "xl_addin.export",
    "xl_addin.consolidate",
    "xl_addin.ribbon",
    "xl_addin.udfs",
)


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL, cwd=cwd
    )


def test_runtime_code_never_imports_the_builder():
    probe = (
        "import importlib, json, sys\n"
        f"for name in {RUNTIME_MODULES!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('xl_addin.build', 'ms_ovba')))))"
    )
    completed = _run("-c", probe)
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout) == []


def test_the_size_command_starts_without_openpyxl_or_xlwings():
    # `xl-addin size` is what a person types to check one number: it loads only the core, and not
    # the standard modules that took more than the command itself (benchmarks/bench_goals.py)
    heavy = ("openpyxl", "xlwings", "babel", "dataclasses", "statistics", "logging", "json")
    probe = (
        "import sys; from xl_addin.cli import main; main(['size', '25'])\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    completed = _run("-c", probe)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines()[0] == "24" and completed.stdout.splitlines()[-1] == "[]"


def test_python_dash_m_runs_the_command_line():
    completed = _run("-m", "xl_addin", "size", "9000")
    assert completed.returncode == 0 and completed.stdout.splitlines()[0] == "368", completed.stderr
    assert _run("-m", "xl_addin", "--version").stdout.strip().startswith("xl_addin ")


def test_selftest_command_reports_every_check():
    completed = _run("-m", "xl_addin", "selftest")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    lines = completed.stdout.splitlines()
    for formula, _, _ in ribbon.KNOWN_ANSWERS:
        assert any(line.startswith(f"Python {formula}") and "  OK  " in line for line in lines), formula
    assert any(line.startswith("xl_addin ") for line in lines)


def test_build_template_command_rebuilds_the_committed_template(tmp_path):
    out = tmp_path / "SPAK_SPKP.xlsm"
    completed = _run("-m", "xl_addin", "build-template", "-o", str(out))
    assert completed.returncode == 0, completed.stderr
    assert out.read_bytes() == TEMPLATE.read_bytes(), "the command builds something else than the committed template"


def test_ribbon_email_copy_is_made_from_the_saved_workbook(tmp_path, monkeypatch):
    source = counts_workbook(tmp_path / "SPAK_SPKP.xlsx", GOOD_AND_BAD_ROWS[:3])
    fill(source)
    payload = remote_book.payload(openpyxl.load_workbook(source), name=source.name)
    monkeypatch.chdir(tmp_path)  # the remote engine's Book.fullname is the bare file name
    with xw.Book(json=payload) as book:
        copy = ribbon.export_copy(book)
        [alert] = [a["args"][0] for a in book.json()["actions"] if a["func"] == "alert"]
    assert copy is not None and copy.exists() and copy.suffix == ".xlsx"
    assert "aman dikirim melalui email" in alert
    assert layout.SHEET_STAMP in openpyxl.load_workbook(copy).sheetnames


def test_ribbon_email_copy_is_refused_while_a_satker_needs_checking(tmp_path, monkeypatch):
    source = counts_workbook(tmp_path / "SPAK_SPKP.xlsx", GOOD_AND_BAD_ROWS)
    fill(source)
    payload = remote_book.payload(openpyxl.load_workbook(source), name=source.name)
    monkeypatch.chdir(tmp_path)
    with xw.Book(json=payload) as book:
        copy = ribbon.export_copy(book)
        [alert] = [a["args"][0] for a in book.json()["actions"] if a["func"] == "alert"]
    assert copy is None and not list(tmp_path.glob("*.xlsx*salinan*")) and not list(tmp_path.glob("*salinan*"))
    assert alert.startswith("Salinan tidak dibuat.") and "7 satuan kerja perlu diperiksa" in alert, alert


# -- mutations no test caught before -----------------------------------------------------------


def _stamp(copy: Path) -> dict[str, str]:
    sheet = openpyxl.load_workbook(copy)[layout.SHEET_STAMP]
    return {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}


def test_the_copy_says_outdated_only_when_the_original_is(tmp_path):
    source = counts_workbook(tmp_path / "satker.xlsx", GOOD_AND_BAD_ROWS)
    assert "BELUM diperbarui" in _stamp(export(source, tmp_path / "before.xlsx", ignore_unchecked=True))["Catatan"]
    fill(source)
    assert "BELUM" not in _stamp(export(source, tmp_path / "after.xlsx", ignore_unchecked=True))["Catatan"]


def test_a_self_test_sheet_in_any_case_is_not_emailed(tmp_path):
    source = counts_workbook(tmp_path / "satker.xlsx", GOOD_AND_BAD_ROWS)
    book = openpyxl.load_workbook(source)
    book.create_sheet("TES INSTALASI")["B3"] = "C:\\Users\\petugas\\AppData\\python.exe"  # a local path
    book.save(source)
    copy = export(source, tmp_path / "copy.xlsx", ignore_unchecked=True)
    assert [s for s in openpyxl.load_workbook(copy).sheetnames if s.casefold() == "tes instalasi"] == []


def test_new_target_rows_look_like_the_first(tmp_path):
    source = counts_workbook(tmp_path / "satker.xlsx", GOOD_AND_BAD_ROWS)
    fill(source)
    sheet = openpyxl.load_workbook(source)[layout.SHEET_TARGETS]
    first = layout.TABLE_HEADER_ROW + 1
    last = first + len(GOOD_AND_BAD_ROWS) - 1
    for column in range(1, len(layout.TARGET_HEADERS) + 1):
        template = sheet.cell(first, column)
        for row in range(first + 1, last + 1):
            cell = sheet.cell(row, column)
            assert (cell.number_format, cell.alignment.wrap_text, cell.border.left.style) == (
                template.number_format,
                template.alignment.wrap_text,
                template.border.left.style,
            ), cell.coordinate


def test_a_filled_workbook_asks_excel_to_recalculate_on_open_only_what_it_does_not_store(tmp_path):
    """Excel recalculates on load (and asks "save changes?" on close) only when a formula stores no value."""
    source = counts_workbook(tmp_path / "satker.xlsx", GOOD_AND_BAD_ROWS)
    fill(source)
    with zipfile.ZipFile(source) as archive:
        sheets = [archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
        workbook_xml = archive.read("xl/workbook.xml")
    without_value = [cell for sheet in sheets for cell in re.findall(rb"<c [^>]*><f>[^<]*</f></c>", sheet)]
    assert (b'fullCalcOnLoad="1"' in workbook_xml) == bool(without_value), without_value[:3]
    assert b'calcId="191029"' in workbook_xml  # computed as by Excel 2019 and Microsoft 365's engine


# -- vbaproject.py's reasons to exist ---------------------------------------------------------------


def test_a_project_over_64_kib_with_incompressible_text_reads_back(tmp_path):
    noise = random.Random(1970)  # incompressible: every chunk is stored raw ([MS-OVBA] 2.4.1.3.7)
    alphabet = string.ascii_letters + string.digits
    lines = [f"' {''.join(noise.choice(alphabet) for _ in range(90))}" for _ in range(1200)]
    big = "Option Explicit\n" + "\n".join(lines) + "\nPublic Sub Halo()\nEnd Sub\n"
    assert len(big) > 100_000
    data = build_vba_project({"Besar": big, "Kecil": "Public Sub A()\nEnd Sub\n"})
    assert len(data) > 64 * 1024
    assert olefile.OleFileIO(data).num_fat_sectors > 1, "the project must need more than one FAT sector"
    path = tmp_path / "vba.xlsm"
    with zipfile.ZipFile(path, "w") as archive:  # olevba reads a vbaProject.bin from inside a package
        archive.writestr("xl/vbaProject.bin", data)
    parser = VBA_Parser(str(path))
    try:
        modules = {stream.split("/")[-1]: code for _, stream, _, code in parser.extract_macros()}
    finally:
        parser.close()
    assert modules["Besar"].replace("\r\n", "\n").strip().endswith(big.strip().split("\n", 1)[1].strip()[-200:])
    assert [line for line in modules["Besar"].replace("\r\n", "\n").split("\n") if line.startswith("' ")] == lines


@pytest.mark.parametrize("module", RUNTIME_MODULES)
def test_every_runtime_module_says_what_it_exports(module):
    imported = __import__(module, fromlist=["__all__"])
    exported = getattr(imported, "__all__", None)
    assert exported, f"{module} has no __all__"
    assert all(hasattr(imported, name) for name in exported), module


def test_no_constant_is_written_out_in_two_modules():
    # The UDF names were once spelt out in export.py and in udfs.py: two copies drift apart. A constant the
    # same in two modules is defined in one (layout.py for names) and imported by the other.
    # (TYPE_CHECKING = False is the standard trick to skip typing imports at run time, not a shared value.)
    defined: dict[tuple[str, str], set[str]] = {}
    for path in sorted((REPO_ROOT / "xl_addin").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and not isinstance(node.value, (ast.Name, ast.Attribute)):
                for target in node.targets:
                    if isinstance(target, ast.Name) and target.id.isupper() and target.id != "TYPE_CHECKING":
                        defined.setdefault((target.id, ast.dump(node.value)), set()).add(path.name)
    assert {name: sorted(files) for (name, _), files in defined.items() if len(files) > 1} == {}


def _requirement_names(requirements: list[str], extras: dict[str, list[str]]) -> set[str]:
    """Distribution names a list of requirements installs directly; ``xl_addin[extra]`` brings that extra's."""
    names = set()
    for requirement in requirements:
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?", requirement)
        name = _normalized(match[1])
        if name == "xl-addin":
            for extra in (match[2] or "").split(","):
                names |= _requirement_names(extras[extra.strip()], extras)
        else:
            names.add(name)
    return names


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _installed_closure(names: set[str]) -> set[str]:
    """The distributions ``names`` pull in when installed, as this environment has them (markers evaluated)."""
    from importlib.metadata import PackageNotFoundError, requires

    from packaging.requirements import Requirement

    seen, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            found = requires(name) or []
        except PackageNotFoundError:
            continue
        for text in found:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(_normalized(requirement.name))
    return seen


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    caught = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(name, ast.Name) and name.id in ("ImportError", "ModuleNotFoundError") for name in caught)


def test_the_test_extra_installs_everything_the_tests_import():
    # The README's test command installs `.[test]`; a test importing what only another extra installs fails
    # at collection (the builder's ms-ovba once did).
    from importlib.metadata import packages_distributions

    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    installed = _installed_closure(
        _requirement_names(project["dependencies"], extras) | _requirement_names(extras["test"], extras)
    )
    local = {"xl_addin", *(path.stem for path in (REPO_ROOT / "tests").glob("*.py"))}
    imported = set()
    for path in [*(REPO_ROOT / "tests").glob("*.py"), *(REPO_ROOT / "xl_addin").rglob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        optional = {  # imports tried and allowed to fail (pywin32 off Windows, tomli before Python 3.11)
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.Try) and any(_catches_import_error(handler) for handler in node.handlers)
            for statement in [*node.body, *(line for handler in node.handlers for line in handler.body)]
            for inner in ast.walk(statement)
        }
        for node in ast.walk(tree):
            if id(node) in optional:
                continue
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names) - local
    distributions = packages_distributions()
    needed = {module: {_normalized(name) for name in distributions.get(module, [module])} for module in third_party}
    assert {module: sorted(names) for module, names in needed.items() if not names & installed} == {}
