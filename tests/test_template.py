"""The committed template as other programs read it: olevba, the OOXML package, openpyxl, LibreOffice.

Nobody here has Excel, so these tests check everything about ``template/SPAK_SPKP.xlsm`` that can be
checked without it (docs/excel-compatibility.md lists what cannot):

* the VBA project reads back (olevba) as exactly the source it was built from, with the right module kinds;
* the ribbon XML, its callbacks, the RunPython commands and the UDF stubs all point at things that exist;
* the package has the parts, relationships and content types Excel needs for macros and the ribbon;
* the committed file is what the sources build today (no drift);
* ``xl_addin.workbook.fill`` keeps all of that, also when run twice;
* LibreOffice, a real spreadsheet application, imports the VBA project and recalculates the
  ``Cek Rumus Excel`` formulas to the same targets Python planned.
"""

from __future__ import annotations

import os

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # before anything imports xlwings

import ast
import csv
import inspect
import io
import posixpath
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import olefile
import openpyxl
import pytest
from oletools.olevba import VBA_Parser, VBA_Project, decompress_stream
from support import LAST, libreoffice_convert

from xl_addin import layout, ribbon, udfs
from xl_addin.build import build_template, macros
from xl_addin.workbook import fill, find_table, open_workbook, save

REPO_ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = REPO_ROOT / "template" / "SPAK_SPKP.xlsm"
REBUILD_HINT = (
    "run `xl-addin build-template` (or `python -c 'from xl_addin.build import build_template; "
    "build_template()'`) and commit template/SPAK_SPKP.xlsm"
)

CUSTOMUI_NS = "http://schemas.microsoft.com/office/2009/07/customui"
RIBBON_REL_TYPE = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
RIBBON_PART = "customUI/customUI14.xml"
VBA_REL_TYPE = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
VBA_CONTENT_TYPE = "application/vnd.ms-office.vbaProject"
MACRO_WORKBOOK_CONTENT_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
OFFICE_TYPELIB = "{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}"  # defines IRibbonControl and IRibbonUI
PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
PKG_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
LO_SCRIPT = "{http://openoffice.org/2000/script}"
LO_LIBRARY = "{http://openoffice.org/2000/library}"

LAYOUT_SHEETS = set(layout.TEMPLATE_SHEETS)
LAYOUT_TABLES = set(layout.TEMPLATE_TABLES)
# One document module per worksheet (Sheet1..SheetN, in sheet order), plus the workbook's.
SHEET_CODE_NAMES = [f"Sheet{number}" for number in range(1, len(LAYOUT_SHEETS) + 1)]
DOCUMENT_MODULES = ["ThisWorkbook", *SHEET_CODE_NAMES]
STANDARD_MODULES = ["xlwings", "Ribbon", "xlwings_udfs", "UdfDescriptions"]
CLASS_MODULES = ["Dictionary"]
ALL_MODULES = {*DOCUMENT_MODULES, *STANDARD_MODULES, *CLASS_MODULES}
RIBBON_BUTTONS = (
    "Hitung Target",
    "Periksa Data",
    "Salinan untuk Email",
    "Impor Survei",
    "Kirim ke Satker",
    "Terima dari Satker",
    "Laporan Bulanan",
    "Periode Baru",
    "Rekap Kanwil",
    "Tes Instalasi",
    "Petunjuk",
)
# xlwings' ShowError adds a sheet called "Error" itself when it is missing (xlwings.bas, ShowError).
SHEETS_VBA_CREATES = {"Error"}


# --- Helpers ----------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def module_body(text: str, drop_all_attributes: bool = False) -> list[str]:
    """Module text without the header Excel/olevba/LibreOffice add or drop, for comparison.

    Drops the .cls export header (VERSION .. BEGIN .. END) and ``Attribute VB_*`` lines; with
    ``drop_all_attributes`` also member attributes (``Attribute Item.VB_UserMemId = 0``) and the
    lines LibreOffice adds on import (``Rem Attribute VBA_ModuleType=...``, ``Option VBASupport 1``,
    ``Option ClassModule``), because LibreOffice keeps no attributes at all.
    """
    lines = _lines(text)
    if lines and lines[0].strip().upper().startswith("VERSION "):
        lines = lines[[line.strip().upper() for line in lines].index("END") + 1 :]
    attribute = re.compile(r"\s*Attribute\s+" + (r"\S+" if drop_all_attributes else r"VB_\w+\s*="), re.IGNORECASE)
    added_by_libreoffice = ("Rem Attribute VBA_ModuleType=", "Option VBASupport 1", "Option ClassModule")
    return [
        line
        for line in lines
        if not attribute.match(line) and not (drop_all_attributes and line.startswith(added_by_libreoffice))
    ]


def read_back_vba(path: Path) -> dict[str, str]:
    """{module name: code} of every module, as olevba's VBA_Parser extracts them."""
    parser = VBA_Parser(str(path))
    try:
        assert parser.detect_vba_macros(), f"olevba finds no VBA project in {path}"
        modules: dict[str, str] = {}
        for _, stream_path, _, code in parser.extract_macros():
            name = stream_path.split("/")[-1]
            assert name not in modules, f"module {name} read twice"
            modules[name] = code
        return modules
    finally:
        parser.close()


def strict_vba_project(vba_bin: bytes) -> VBA_Project:
    """olevba's parser in strict mode (relaxed=False): any unexpected dir-stream value raises."""
    ole = olefile.OleFileIO(io.BytesIO(vba_bin))
    project = VBA_Project(ole, "", "PROJECT", "VBA/dir", relaxed=False)
    project.parse_project_stream()
    list(project.parse_modules())
    return project


def dir_records(vba_bin: bytes) -> list[tuple[int, bytes]]:
    """The records of the decompressed VBA/dir stream ([MS-OVBA] 2.3.4.2) as (id, data)."""
    with olefile.OleFileIO(io.BytesIO(vba_bin)) as ole:
        stream = decompress_stream(bytearray(ole.openstream("VBA/dir").read()))
    records, position = [], 0
    while position < len(stream):
        record_id, size = struct.unpack_from("<HL", stream, position)
        position += 6
        if record_id == 0x0009:  # PROJECTVERSION: Size says 4, but VersionMinor (2 bytes) follows
            size = 6
        records.append((record_id, bytes(stream[position : position + size])))
        position += size
    return records


def procedures(code: str) -> list[tuple[str, str, str, str]]:
    """(scope, Sub/Function, name, parameters) of every procedure declared in ``code``."""
    pattern = re.compile(
        r"^[ \t]*(?:(Public|Private|Friend)\s+)?(?:Static\s+)?(Sub|Function)\s+(\w+)\s*\(([^)]*)\)",
        re.IGNORECASE | re.MULTILINE,
    )
    return [(m[1] or "Public", m[2], m[3], m[4]) for m in pattern.finditer(code)]


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def relationships(xml: bytes) -> list[dict[str, str]]:
    return [dict(element.attrib) for element in ElementTree.fromstring(xml).iter(PKG_RELS + "Relationship")]


def content_type_of(types_xml: bytes, part_name: str) -> str | None:
    """The content type [Content_Types].xml gives a part: an Override, else the Default for its extension."""
    root = ElementTree.fromstring(types_xml)
    for override in root.iter(PKG_TYPES + "Override"):
        if override.get("PartName", "").lower() == "/" + part_name.lower():
            return override.get("ContentType")
    extension = part_name.rsplit(".", 1)[-1].lower()
    for default in root.iter(PKG_TYPES + "Default"):
        if default.get("Extension", "").lower() == extension:
            return default.get("ContentType")
    return None


def ribbon_root(package: dict[str, bytes]) -> ElementTree.Element:
    return ElementTree.fromstring(package[RIBBON_PART])


# --- Fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def template() -> Path:
    if not TEMPLATE.is_file():
        pytest.fail(f"{TEMPLATE} is missing: {REBUILD_HINT}", pytrace=False)
    return TEMPLATE


@pytest.fixture(scope="session")
def template_vba(template: Path) -> dict[str, str]:
    return read_back_vba(template)


@pytest.fixture(scope="session")
def vba_sources() -> tuple[dict[str, str], dict[str, str]]:
    return macros.vba_modules()


@pytest.fixture
def template_copy(template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "SPAK_SPKP.xlsm"
    shutil.copyfile(template, copy)
    return copy


# --- The VBA project, read back -----------------------------------------------------------------


def test_olevba_reads_back_every_module_as_built(template_vba, vba_sources):
    standard, classes = vba_sources
    assert set(template_vba) == ALL_MODULES
    assert set(standard) == set(STANDARD_MODULES) and set(classes) == set(CLASS_MODULES)
    for name, source in {**standard, **classes}.items():
        read = module_body(template_vba[name])
        expected = module_body(source)
        assert read == expected, f"module {name}: the VBA in the template is not its source; {REBUILD_HINT}"
        assert len(read) > 1
    # Member attributes (VB_UserMemId = 0 makes Item the default member) must survive too.
    assert "Attribute Item.VB_UserMemId = 0" in template_vba["Dictionary"]
    for name in DOCUMENT_MODULES:  # document modules hold attributes only
        assert module_body(template_vba[name]) == [], f"document module {name} is not empty"
        assert f'Attribute VB_Name = "{name}"' in template_vba[name]


def test_module_kinds_and_code_names_match_the_workbook(template):
    package = parts(template)
    project = strict_vba_project(package["xl/vbaProject.bin"])
    kinds = {module.name: module.type for module in project.modules}
    # MODULETYPE ([MS-OVBA] 2.3.4.2.3.2.8): 0x21 procedural, 0x22 document or class.
    assert kinds == {
        **{name: 0x22 for name in DOCUMENT_MODULES + CLASS_MODULES},
        **{name: 0x21 for name in STANDARD_MODULES},
    }
    assert all(module.textoffset == 0 for module in project.modules)  # source only, no performance cache
    with olefile.OleFileIO(io.BytesIO(package["xl/vbaProject.bin"])) as ole:
        project_lines = ole.openstream("PROJECT").read().decode("cp1252").splitlines()
    declared = [line for line in project_lines if line.split("=")[0] in ("Document", "Module", "Class")]
    assert sorted(declared) == sorted(
        [f"Document={name}/&H00000000" for name in DOCUMENT_MODULES]
        + [f"Module={name}" for name in STANDARD_MODULES]
        + [f"Class={name}" for name in CLASS_MODULES]
    )
    book = openpyxl.load_workbook(template, keep_vba=True)
    assert book.code_name == "ThisWorkbook"
    assert [sheet.sheet_properties.codeName for sheet in book.worksheets] == SHEET_CODE_NAMES
    assert sorted(book.sheetnames) == sorted(LAYOUT_SHEETS), "one document module per worksheet of the layout"


def test_vba_project_references_the_office_library_the_ribbon_types_need(template):
    records = dir_records(parts(template)["xl/vbaProject.bin"])
    registered = [data.decode("cp1252") for record_id, data in records if record_id == 0x000D]
    assert any(OFFICE_TYPELIB in libid.upper() for libid in registered), (
        f"no REFERENCEREGISTERED to the Office type library {OFFICE_TYPELIB}: "
        f"IRibbonControl in the ribbon callbacks would not compile ({registered})"
    )
    first = {}
    for record_id, data in records:
        first.setdefault(record_id, data)
    assert struct.unpack("<L", first[0x0001])[0] in (1, 3)  # PROJECTSYSKIND: 32- or 64-bit Windows
    assert struct.unpack("<H", first[0x0003])[0] == 1252  # PROJECTCODEPAGE, the code page of the module text


# --- Ribbon, callbacks, RunPython, UDFs -----------------------------------------------------------


def test_ribbon_xml_has_the_tab_and_buttons(template):
    root = ribbon_root(parts(template))
    assert root.tag == f"{{{CUSTOMUI_NS}}}customUI"
    tabs = list(root.iter(f"{{{CUSTOMUI_NS}}}tab"))
    assert [tab.get("label") for tab in tabs] == ["SPAK-SPKP"]
    buttons = {button.get("label"): button for button in tabs[0].iter(f"{{{CUSTOMUI_NS}}}button")}
    assert set(buttons) == set(RIBBON_BUTTONS)
    for label, button in buttons.items():
        assert button.get("size") == "large", label
        assert button.get("imageMso"), f"button {label} has no imageMso"
        assert button.get("onAction"), f"button {label} has no onAction"
    ids = [element.get("id") for element in root.iter() if element.get("id") is not None]
    assert len(ids) == len(set(ids)), "ribbon control ids must be unique"


def test_the_guide_explains_every_button(template):
    """Petunjuk (the Petunjuk button's sheet) says what each button of the tab does, each at the start of a line."""
    sheet = openpyxl.load_workbook(template)[layout.SHEET_GUIDE]
    lines = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    missing = [
        label for label in RIBBON_BUTTONS if not any(re.match(rf"{re.escape(label)}\b[^:]*:", line) for line in lines)
    ]
    assert missing == []


def test_every_ribbon_callback_is_a_public_sub_with_the_ribbon_signature(template, template_vba):
    root = ribbon_root(parts(template))
    wanted = {element.get("onAction"): "IRibbonControl" for element in root.iter() if element.get("onAction")}
    wanted[root.get("onLoad")] = "IRibbonUI"
    declared: dict[str, list[tuple[str, str, str, str, str]]] = {}
    for module, code in template_vba.items():
        for scope, kind, name, parameters in procedures(code):
            declared.setdefault(name.lower(), []).append((module, scope, kind, name, parameters))
    for callback, interface in wanted.items():
        found = declared.get(callback.lower(), [])
        assert len(found) == 1, f"ribbon callback {callback}: declared {len(found)} times ({found})"
        module, scope, kind, name, parameters = found[0]
        assert (scope.lower(), kind.lower(), name) == ("public", "sub", callback), found[0]
        assert re.fullmatch(rf"\s*(ByRef\s+)?\w+\s+As\s+{interface}\s*", parameters, re.IGNORECASE), (
            f"{callback}({parameters}) is not the {interface} callback signature"
        )
        assert module in STANDARD_MODULES, f"{callback} must live in a standard module, not {module}"


def test_every_sheet_the_vba_names_exists(template, template_vba):
    book = openpyxl.load_workbook(template, keep_vba=True)
    assert set(book.sheetnames) >= LAYOUT_SHEETS
    named = re.compile(r"\b(?:Worksheets|Sheets)\(\s*\"([^\"]+)\"\s*\)(\.Activate\b)?", re.IGNORECASE)
    found = []
    for module, code in template_vba.items():
        for match in named.finditer(code):
            found.append(match[1])
            assert match[1] in LAYOUT_SHEETS | SHEETS_VBA_CREATES, f"{module} refers to sheet {match[1]!r}"
            if match[2]:  # activating a hidden sheet fails in Excel (error 1004)
                assert book[match[1]].sheet_state == "visible", f"{module} activates hidden sheet {match[1]}"
    assert layout.SHEET_GUIDE in found  # the Petunjuk button
    # xlwings reads its settings from the sheet PROJECT_NAME & ".conf".
    project_name = re.search(r'Const PROJECT_NAME As String = "([^"]+)"', template_vba["xlwings"])
    assert project_name and project_name[1] + ".conf" == layout.SHEET_XLWINGS_CONF


def test_udf_stubs_and_python_udfs_are_the_same_functions(template, template_vba):
    stubs = {
        name: parameters for _, kind, name, parameters in procedures(template_vba["xlwings_udfs"]) if kind == "Function"
    }
    assert set(stubs) == set(udfs.UDF_NAMES), "xlwings_udfs stubs and xl_addin.udfs.UDF_NAMES differ"
    python_udfs = {name for name, value in vars(udfs).items() if inspect.isfunction(value) and name.isupper()}
    assert python_udfs == set(udfs.UDF_NAMES)
    for name, parameters in stubs.items():
        signature = inspect.signature(getattr(udfs, name))
        expected = [
            ("Optional " if parameter.default is not inspect.Parameter.empty else "") + parameter.name
            for parameter in signature.parameters.values()
        ]
        assert [part.strip() for part in parameters.split(",")] == expected, name
        calls = re.findall(
            r'XLPy\.CallUDF\("([^"]+)", "([^"]+)"', template_vba["xlwings_udfs"].split(f"Function {name}(")[1]
        )
        assert calls[:2] == [(macros.UDF_MODULE, name)] * 2, name
    # The stubs call XLPy, and the descriptions cover the same names.
    assert ("Public", "Function", "XLPy", "") in procedures(template_vba["xlwings"])
    described = re.findall(r'^\s*Describe "(\w+)"', template_vba["UdfDescriptions"], re.MULTILINE)
    assert sorted(described) == sorted(udfs.UDF_NAMES)
    conf = openpyxl.load_workbook(template)[layout.SHEET_XLWINGS_CONF]
    settings = {row[0]: row[1] for row in conf.iter_rows(values_only=True)}
    assert settings["UDF Modules"] == macros.UDF_MODULE


def test_every_runpython_command_names_a_function_in_xl_addin_ribbon(template_vba):
    code = template_vba["Ribbon"]
    constants = dict(re.findall(r'Const (\w+) As String = "([^"]*)"', code))

    def codes_of(text: str) -> str:
        """What Ribbon.bas's Codes(text) returns: the UTF-16 codes AscW gives (And &HFFFF&: never negative)."""
        units = text.encode("utf-16-le")
        return "[" + "".join(f"{int.from_bytes(units[i : i + 2], 'little')}, " for i in range(0, len(units), 2)) + "]"

    assert 'out = out & CStr(AscW(Mid$(text, i, 1)) And &HFFFF&) & ", "' in code, "Codes' loop changed"
    assert 'Codes = "[" & out & "]"' in code, "Codes' result changed"
    # Paths and typed texts with what cmd.exe or the PC's code page would change: quotes, %, ^, &, an accent, an
    # emoji (two UTF-16 codes).
    picked = r'C:\Users\pegawai\Documents\Kiriman "Satker" 100% ^& Déc 😀'
    exports = [r"C:\Users\pegawai\Unduhan\SPKP Juli (Respons).csv", r"D:\survei\SPAK & SPKP.xlsx"]
    typed = "Agustus 2024 \"x\" 50% ^& 'é' 😀"
    save_as = r"C:\Data\SPAK_SPKP 2025 \"baru\".xlsm"
    base, target = "Januari–Maret 2025", ""
    values = {
        "Codes(folder)": codes_of(picked),
        "files": "".join(codes_of(path) + ", " for path in exports),
        "Codes(CStr(answer))": codes_of(typed),
        "Codes(CStr(saveAs))": codes_of(save_as),
        "Codes(CStr(base))": codes_of(base),
        "Codes(CStr(target))": codes_of(target),
    }
    assert code.count('files = files & Codes(picked(i)) & ", "') == 2, "a file picker's loop changed"
    commands = []
    joined = re.sub(r" _\r?\n\s*", " ", code)  # VBA's line continuations
    for expression in re.findall(r"^\s*RunPython\s+(.+?)\s*$", joined, re.MULTILINE):
        pieces = [piece.strip() for piece in expression.split(" & ")]
        text = "".join(
            piece[1:-1].replace('""', '"') if piece.startswith('"') else constants.get(piece, values.get(piece))
            for piece in pieces
        )
        commands.append(text)
    # Hitung Target, Periksa Data, Salinan untuk Email, Rekap Kanwil, Impor Survei, Kirim ke Satker, Terima dari
    # Satker, Laporan Bulanan, Periode Baru, and Tes Instalasi three times: Mac, Win64, else.
    assert len(commands) == 12, commands
    calls = {}
    for command in commands:
        compile(command, "<RunPython>", "exec")
        match = re.fullmatch(r"import xl_addin\.ribbon; (xl_addin\.ribbon\.\w+\(.*\))", command)
        assert match, f"unexpected RunPython command {command!r}"
        # RunPython runs `python -c "…"` through cmd.exe: no command holds a quote, %, ^, &, <, > or |
        assert not set(command) & set('"%^&<>|'), command
        call = ast.parse(match[1], mode="eval").body
        assert isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
        function = getattr(ribbon, call.func.attr, None)
        assert callable(function), f"RunPython calls xl_addin.ribbon.{call.func.attr}, which does not exist"
        arguments = [ast.literal_eval(argument) for argument in call.args]
        keywords = {keyword.arg: ast.literal_eval(keyword.value) for keyword in call.keywords}
        inspect.signature(function).bind(*arguments, **keywords)  # callable as RunPython calls it
        calls.setdefault(call.func.attr, (arguments, keywords))
    # Each text reaches Python as it was picked or typed.
    assert ribbon._as_text(calls["consolidate_folder"][0][0]) == picked
    assert ribbon._as_text(calls["send_to_satker"][0][0]) == picked
    assert ribbon._as_paths(calls["import_survey_files"][0][0]) == exports
    assert ribbon._as_paths(calls["receive_from_satker"][0][0]) == exports
    assert ribbon._as_paths([[ord(c) for c in "D:\\a.csv"]]) == ["D:\\a.csv"], "one picked file is a list of one"
    assert ribbon.typed_text(calls["monthly_report"][0][0]) == typed
    assert [ribbon._as_text(argument) for argument in calls["new_period"][0]] == [save_as, base, target]
    # Tes Instalasi tells Python Office's bitness: 64 under #If Win64, 32 otherwise, nothing on a Mac.
    selftest_branches = re.search(r"Sub RibbonTesInstalasi\(.*?\)\s*(.*?)End Sub", code, re.DOTALL | re.IGNORECASE)[1]
    branches = re.findall(
        r"#(If Mac|ElseIf Win64|Else)\b[^\n]*\n\s*RunPython [^\n]*\"selftest\(([^)]*)\)\"", selftest_branches
    )
    assert branches == [("If Mac", ""), ("ElseIf Win64", "office_bits=64"), ("Else", "office_bits=32")], branches
    # What Ribbon.bas calls in other modules exists and is public.
    assert ("Public", "Function", "RunPython", "PythonCommand As String") in procedures(template_vba["xlwings"])
    assert ("Public", "Sub", "RegisterUdfDescriptions", "") in procedures(template_vba["UdfDescriptions"])


# --- The package ------------------------------------------------------------------------------


def assert_macro_package(path: Path) -> dict[str, bytes]:
    """Parts, relationships and content types Excel needs to load the VBA project and the ribbon."""
    package = parts(path)
    types = package["[Content_Types].xml"]
    ribbon_rels = [r for r in relationships(package["_rels/.rels"]) if r["Type"] == RIBBON_REL_TYPE]
    assert [r["Target"].lstrip("/") for r in ribbon_rels] == [RIBBON_PART], "ribbon relationship missing in _rels/.rels"
    assert RIBBON_PART in package
    assert content_type_of(types, RIBBON_PART) == "application/xml"
    assert content_type_of(types, "xl/workbook.xml") == MACRO_WORKBOOK_CONTENT_TYPE
    vba_rels = [r for r in relationships(package["xl/_rels/workbook.xml.rels"]) if r["Type"] == VBA_REL_TYPE]
    assert len(vba_rels) == 1, "vbaProject relationship missing in xl/_rels/workbook.xml.rels"
    target = vba_rels[0]["Target"]
    target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    assert target == "xl/vbaProject.bin" and target in package
    assert content_type_of(types, "xl/vbaProject.bin") == VBA_CONTENT_TYPE
    return package


def test_package_has_the_macro_and_ribbon_plumbing(template):
    assert_macro_package(template)


def test_committed_template_equals_a_fresh_build(template, tmp_path):
    fresh = build_template(tmp_path / "SPAK_SPKP.xlsm")
    committed, rebuilt = parts(template), parts(fresh)
    assert sorted(committed) == sorted(rebuilt), f"the template's parts differ from a fresh build: {REBUILD_HINT}"
    changed = [name for name in rebuilt if committed[name] != rebuilt[name]]
    assert not changed, f"template/SPAK_SPKP.xlsm is out of date ({', '.join(changed)} changed): {REBUILD_HINT}"
    assert template.read_bytes() == fresh.read_bytes(), f"same parts, different zip bytes: {REBUILD_HINT}"


def test_template_build_does_not_depend_on_the_hash_seed(tmp_path):
    """openpyxl writes the VBA-archive parts in set order; the build must not inherit that (seeds 0 and 1 differ)."""
    digests = []
    for seed in ("0", "1"):
        output = tmp_path / f"seed{seed}.xlsm"
        script = f"from xl_addin.build import build_template; build_template({str(output)!r})"
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        digests.append(output.read_bytes())
    assert digests[0] == digests[1], "the template's bytes depend on PYTHONHASHSEED"


# --- After fill -------------------------------------------------------------------------------


def workbook_facts(path: Path) -> dict[str, object]:
    """What a fill must keep: names, validation, tables, code names."""
    package = parts(path)
    workbook_xml = ElementTree.fromstring(package["xl/workbook.xml"])
    namespace = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    names = sorted(
        (element.get("name"), element.get("localSheetId"), element.text)
        for element in workbook_xml.iter(namespace + "definedName")
    )
    book = openpyxl.load_workbook(path, keep_vba=True)
    return {
        "defined names": names,
        "validation": {
            sheet.title: sorted((dv.type, str(dv.sqref), dv.formula1) for dv in sheet.data_validations.dataValidation)
            for sheet in book.worksheets
        },
        "tables": sorted((sheet.title, name) for sheet in book.worksheets for name in sheet.tables),
        "code names": (book.code_name, [sheet.sheet_properties.codeName for sheet in book.worksheets]),
        "vba": package["xl/vbaProject.bin"],
        "ribbon": package[RIBBON_PART],
    }


def test_fill_and_fill_again_keep_macros_ribbon_names_validation_and_tables(template, template_copy, tmp_path):
    before = workbook_facts(template)
    assert {s.defined_name for s in layout.SETTINGS} <= {name for name, _, _ in before["defined names"]}
    assert before["validation"][layout.SHEET_SETTINGS] and before["validation"][layout.SHEET_COUNTS]
    assert {table for _, table in before["tables"]} == LAYOUT_TABLES
    assert {(layout.SHEET_COUNTS, layout.TABLE_COUNTS), (layout.SHEET_TARGETS, layout.TABLE_TARGETS)} <= set(
        before["tables"]
    )
    once, twice = tmp_path / "once.xlsm", tmp_path / "twice.xlsm"
    targets = fill(template_copy, once).targets
    fill(once, twice)
    for path in (once, twice):
        assert sorted(assert_macro_package(path)) == sorted(parts(template)), f"{path.name}: parts lost or added"
        assert workbook_facts(path) == before, f"{path.name}: fill lost something"
        assert read_back_vba(path) == read_back_vba(template)
        book = open_workbook(path)
        _sheet, table = find_table(book, layout.TABLE_TARGETS)
        assert table.ref == f"A{layout.TABLE_HEADER_ROW}:{LAST}{layout.TABLE_HEADER_ROW + len(targets)}"
    ignore = {"docProps/core.xml"}  # the modified time
    assert {k: v for k, v in parts(twice).items() if k not in ignore} == {
        k: v for k, v in parts(once).items() if k not in ignore
    }, "filling a filled workbook again changed it"


# --- LibreOffice ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def libreoffice(lo_profile):
    """convert(source, target format, outdir) through the one LibreOffice driver (support.libreoffice_convert)."""

    def convert(source: Path, target_format: str, outdir: Path) -> list[Path]:
        return libreoffice_convert(source, outdir, target_format, lo_profile)

    return convert


def filled_copy(template: Path, directory: Path, populations=None, settings=None):
    """A copy of the template, optionally with other counts and settings, filled by xl_addin."""
    source = directory / "input.xlsm"
    shutil.copyfile(template, source)
    if populations is not None or settings:
        book = open_workbook(source)
        if populations is not None:
            sheet = book[layout.SHEET_COUNTS]
            first = layout.TABLE_HEADER_ROW + 1
            for row in sheet.iter_rows(min_row=first, max_row=sheet.max_row, max_col=4):
                for cell in row:
                    cell.value = None
            for offset, population in enumerate(populations):
                sheet.cell(first + offset, 1, f"Satker N={population}")
                for column in (2, 3, 4):  # the same count each month: N = population
                    sheet.cell(first + offset, column, population)
            sheet.tables[layout.TABLE_COUNTS].ref = f"A{layout.TABLE_HEADER_ROW}:D{first + len(populations) - 1}"
        for name, value in (settings or {}).items():
            ((sheet_name, coordinate),) = book.defined_names[name].destinations
            book[sheet_name][coordinate.replace("$", "")].value = value
        save(book, source, source=template)
    out = directory / "SPAK_SPKP_terisi.xlsm"
    return out, fill(source, out).targets


def libreoffice_modules(ods: Path) -> dict[str, tuple[str, str]]:
    """{module: (moduleType, text)} of the Basic library LibreOffice imported the VBA project into."""
    with zipfile.ZipFile(ods) as archive:
        names = archive.namelist()
        libraries = sorted({name.split("/")[1] for name in names if name.startswith("Basic/") and name.count("/") == 2})
        assert "VBAProject" in libraries, f"no Basic/VBAProject library in {ods.name}: {libraries}"
        index = ElementTree.fromstring(archive.read("Basic/VBAProject/script-lb.xml"))
        listed = [element.get(LO_LIBRARY + "name") for element in index.iter(LO_LIBRARY + "element")]
        modules = {}
        for name in listed:
            root = ElementTree.fromstring(archive.read(f"Basic/VBAProject/{name}.xml"))
            modules[name] = (root.get(LO_SCRIPT + "moduleType"), root.text or "")
        return modules


@pytest.mark.libreoffice
@pytest.mark.parametrize("which", ["template", "filled copy"])
def test_libreoffice_imports_the_vba_project(which, template, tmp_path, libreoffice, vba_sources):
    source = template if which == "template" else filled_copy(template, tmp_path)[0]
    (ods,) = libreoffice(source, "ods", tmp_path / "ods")
    assert ods.suffix == ".ods" and ods.stat().st_size > 0
    modules = libreoffice_modules(ods)
    assert {"Ribbon", "xlwings", "xlwings_udfs"} <= set(modules)
    assert set(modules) == ALL_MODULES
    kinds = {name: kind for name, (kind, _) in modules.items()}
    assert kinds == {
        **{name: "document" for name in DOCUMENT_MODULES},
        **{name: "normal" for name in STANDARD_MODULES},
        **{name: "class" for name in CLASS_MODULES},
    }
    standard, classes = vba_sources
    for name, source_text in {**standard, **classes}.items():
        assert module_body(modules[name][1], drop_all_attributes=True) == module_body(
            source_text, drop_all_attributes=True
        ), f"LibreOffice's copy of module {name} differs from its source"


# Populations around the threshold and the Krejcie & Morgan table's range, and far beyond it.
WIDE_POPULATIONS = [*range(0, 121), 150, 199, 200, 333, 1000, 9999, 100_000, 1_000_000]


@pytest.mark.libreoffice
@pytest.mark.parametrize(
    "populations, settings",
    [
        pytest.param(None, None, id="template example data"),
        pytest.param(WIDE_POPULATIONS, None, id="N 0 to 1e6, default settings"),
        pytest.param(
            WIDE_POPULATIONS,
            {
                "Ambang_N": 50,
                "Slovin_e": 0.1,
                "Pembulatan_Slovin": "terdekat",
                "Pembulatan_KM": "ke atas",
                "KM_Kepercayaan": 0.99,
            },
            id="N 0 to 1e6, changed settings",
        ),
    ],
)
def test_libreoffice_recalculates_the_check_column_to_pythons_targets(
    populations, settings, template, tmp_path, libreoffice
):
    filled, targets = filled_copy(template, tmp_path, populations, settings)
    assert targets and all(target.ok for target in targets)
    csv_filter = "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1"
    written = libreoffice(filled, csv_filter, tmp_path / "csv")
    sheet_csv = [path for path in written if path.name == f"{filled.stem}-{layout.SHEET_TARGETS}.csv"]
    assert sheet_csv, f"no csv for sheet {layout.SHEET_TARGETS!r}; LibreOffice wrote {[p.name for p in written]}"
    with sheet_csv[0].open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[layout.TABLE_HEADER_ROW - 1]
    assert header[: len(layout.TARGET_HEADERS)] == list(layout.TARGET_HEADERS)
    data = [dict(zip(header, row)) for row in rows[layout.TABLE_HEADER_ROW :] if any(row)]
    assert len(data) == len(targets)
    for target, row in zip(targets, data):
        shown = (row[layout.COLUMN_SATKER], row[layout.COLUMN_POPULATION], row[layout.COLUMN_METHOD])
        assert shown == (target.satker, str(target.population), layout.METHOD_LABELS[target.method])
        assert row[layout.COLUMN_TARGET] == str(target.target), target.satker
        assert row[layout.COLUMN_EXCEL_CHECK] == str(target.target), (
            f"{target.satker}: LibreOffice computes {row[layout.COLUMN_EXCEL_CHECK]!r} with the "
            f"'{layout.COLUMN_EXCEL_CHECK}' formula, Python planned {target.target}"
        )


def test_the_report_buttons_default_month_reads_the_realisasi_headers_as_python_writes_them(template_vba):
    """Laporan Bulanan's InputBox offers a month read from the Realisasi table's headers ("SPKP Agustus 2024"): the
    VBA names the table, the survey and the months as the package writes them, and chooses as
    ``report.default_month`` does (the latest month begun, else the first)."""
    from xl_addin.indonesian import MONTHS

    code = template_vba["Ribbon"].replace("\r\n", "\n")
    function = re.search(r"Private Function DefaultReportMonth\(\) As String(.*?)End Function", code, re.DOTALL)[1]
    names = re.search(r"months = Array\((.*?)\)\n", function.replace(" _\n", ""), re.DOTALL)[1]
    assert [name.strip().strip('"') for name in names.split(",")] == [month.lower() for month in MONTHS]
    assert f'LCase$(table.Name) = "{layout.TABLE_REALISATION.lower()}"' in function
    assert f'LCase$(words(0)) = "{layout.SURVEYS[0].lower()}"' in function
    assert layout.realisation_column(layout.SURVEYS[0], "Agustus 2024").split() == ["SPKP", "Agustus", "2024"]
    assert "If key <= today And key > latest Then" in function  # the latest begun
    assert "If latest > 0 Then DefaultReportMonth = latestText Else DefaultReportMonth = firstText" in function
    # the box's default reaches the InputBox
    assert re.search(r"Application\.InputBox\(.*Default:=DefaultReportMonth\(\)", code.replace(" _\n", ""), re.DOTALL)
