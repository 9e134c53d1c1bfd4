"""How the workbook finds its Python on an office PC, and the one xlwings version everything agrees on.

* The pin in pyproject.toml, the DLL names inside the template's xlwings VBA module, the template's
  ``Versi_xlwings`` cell, the offline package's pins and the installed xlwings are one version.
* xlwings' VBA finds its settings through layers (tests/xlwings_vba_config.py models them from
  ``xlwings.bas``; the first tests below pin the lines the model relies on). With the template's
  ``xlwings.conf`` sheet, every copy of the workbook, on every PC and for every user, runs the
  Python PASANG.cmd puts under ``%LOCALAPPDATA%``, whatever xlwings.conf files lie around.
* The trap the design avoids is shown happening: an empty ``Interpreter_Win`` row hides a user's file.
"""

from __future__ import annotations

import re
import tomllib

import openpyxl
import pytest
import xlwings
from packaging.requirements import Requirement
from support import REPO_ROOT, TEMPLATE
from test_template import read_back_vba
from xlwings_vba_config import (
    VbaRuntimeError,
    World,
    conda_used,
    dll_folders,
    expand_environment_strings,
    get_config,
    input_fields,
    mac_interpreter,
    runpython_interpreter,
    runpython_outcome,
    udf_interpreter,
)

from xl_addin import layout
from xl_addin.build import macros
from xl_addin.build.bundle import installer_file, pinned_requirements

BUDI = {
    "LOCALAPPDATA": r"C:\Users\budi.santoso\AppData\Local",
    "USERPROFILE": r"C:\Users\budi.santoso",
    "TEMP": r"C:\Users\budi.santoso\AppData\Local\Temp",
}
SITI = {
    "LocalAppData": r"D:\Profil\Siti (Kanwil NTT)\AppData\Local",  # names are case-insensitive on Windows
    "USERPROFILE": r"D:\Profil\Siti (Kanwil NTT)",
}


def pinned_xlwings() -> str:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (pin,) = [Requirement(r) for r in project["dependencies"] if Requirement(r).name == "xlwings"]
    (specifier,) = pin.specifier
    assert specifier.operator == "==", f"xlwings must be pinned exactly (==), not {pin}"
    return specifier.version


def xlwings_module_source() -> str:
    standard, _classes = macros.vba_modules()
    return standard["xlwings"]


def template_conf_rows() -> list[tuple[object, object]]:
    """Columns A and B of the committed template's xlwings.conf sheet, from row 1, as Excel holds them."""
    sheet = openpyxl.load_workbook(TEMPLATE)[layout.SHEET_XLWINGS_CONF]
    return [(row[0], row[1]) for row in sheet.iter_rows(min_col=1, max_col=2, values_only=True)]


def installer_venv() -> str:
    """The venv folder PASANG.cmd creates, as written in the script."""
    (venv,) = re.findall(r'^set "VENV=([^"]+)"', installer_file("PASANG.cmd"), re.MULTILINE)
    return venv


# --- One xlwings version everywhere ------------------------------------------------------------


def test_pin_dll_names_versi_xlwings_and_the_package_agree():
    version = pinned_xlwings()
    assert xlwings.__version__ == version, "the installed xlwings is not the pinned one: pip install -e '.[test,build]'"
    for source, code in (
        ("generated", xlwings_module_source()),
        ("in the template", read_back_vba(TEMPLATE)["xlwings"]),
    ):
        declared = set(re.findall(r'\bLib "(xlwings(?:32|64)-[^"]+\.dll)"', code))
        named = set(re.findall(r'XLPyDLLName As String = "([^"]+)"', code))
        assert declared == named == {f"xlwings32-{version}.dll", f"xlwings64-{version}.dll"}, (source, declared, named)
        assert re.search(rf'Public Const XLWINGS_VERSION As String = "{re.escape(version)}"', code), source
    book = openpyxl.load_workbook(TEMPLATE)
    ((sheet, cell),) = book.defined_names[layout.NAME_XLWINGS_VERSION].destinations
    assert book[sheet][cell.replace("$", "")].value == version, "the template's Versi_xlwings cell"
    assert f"xlwings=={version}" in pinned_requirements(), "xl_addin/build/bundle_requirements.txt"


# --- The model is xlwings' own lookup -----------------------------------------------------------


def procedure(code: str, name: str) -> str:
    match = re.search(rf"^(?:Public |Private )?Function {name}\(.*?^End Function", code, re.MULTILINE | re.DOTALL)
    assert match, f"xlwings.bas has no Function {name}: re-check tests/xlwings_vba_config.py against it"
    return match[0]


def assert_in_order(text: str, fragments: list[str], where: str) -> None:
    position = 0
    for fragment in fragments:
        found = text.find(fragment, position)
        assert found >= 0, (
            f"{where}: {fragment!r} not found (after position {position}). xlwings' lookup changed: "
            "re-check tests/xlwings_vba_config.py against xlwings.bas"
        )
        position = found + len(fragment)


def test_the_model_follows_the_lines_of_xlwings_bas():
    code = xlwings_module_source()
    assert_in_order(
        procedure(code, "GetConfig"),
        [
            'SheetExists(ThisWorkbook, PROJECT_NAME & ".conf")',
            "GetConfigFromSheet(ThisWorkbook).Exists(configKey) = True",
            "GetConfig = GetConfigFromSheet(ThisWorkbook).Item(configKey)",
            "GetConfig = ExpandEnvironmentStrings(GetConfig)",
            "Exit Function",
            'If GetFullName(ThisWorkbook) <> "" Then',
            "If GetConfigFromFile(GetDirectoryConfigFilePath(), configKey, configValue) Then",
            "GetConfig = ExpandEnvironmentStrings(GetConfig)",
            "Exit Function",
            "If GetConfigFromFile(GetConfigFilePath(), configKey, configValue) Then",
            "GetConfig = ExpandEnvironmentStrings(GetConfig)",
            "Exit Function",
            "GetConfig = default",
            "GetConfig = ExpandEnvironmentStrings(GetConfig)",
        ],
        "GetConfig",
    )
    assert_in_order(
        procedure(code, "GetConfigFromSheet"),
        [
            'If sht.Range("A2") = "" Then',
            'Set lastCell = sht.Range("A1")',
            'Set lastCell = sht.Range("A1").End(xlDown)',
            'For Each cell In Range(sht.Range("A1"), lastCell)',
            "d.Add UCase(cell.Value), cell.Offset(0, 1).Value",
        ],
        "GetConfigFromSheet",
    )
    assert 'CreateObject("Scripting.Dictionary")' in procedure(code, "GetConfigFromSheet")
    assert_in_order(
        procedure(code, "GetConfigFromFile"),
        ["Input #iFileNum, sVarName, sVarValue", "If LCase(sVarName) = LCase(sName) Then", "Exit Do"],
        "GetConfigFromFile",
    )
    assert 'Environ("USERPROFILE") & "\\." & PROJECT_NAME & "\\" & PROJECT_NAME & ".conf"' in procedure(
        code, "GetConfigFilePath"
    )
    assert "WScript.ExpandEnvironmentStrings(s)" in procedure(code, "ExpandEnvironmentStrings")
    run_python = procedure(code, "RunPython")
    assert_in_order(
        run_python,
        [
            'interpreter = GetConfig("INTERPRETER_WIN", "")',
            'If interpreter = "" Then',
            'GetConfig("INTERPRETER", "python")',
        ],
        "RunPython",
    )
    assert_in_order(
        procedure(code, "XLPyCommand"),
        [
            'PYTHON_WIN = GetConfig("INTERPRETER_WIN", "")',
            'If PYTHON_WIN = "" Then',
            'GetConfig("INTERPRETER", "pythonw")',
        ],
        "XLPyCommand",
    )
    load_dll = re.search(r"Private Sub XLPyLoadDLL\(\).*?End Sub", code, re.DOTALL)[0]
    assert_in_order(
        load_dll,
        [
            'If LoadLibrary(ParentFolder(PYTHON_WIN) + "\\" + XLPyDLLName) = 0 Then',
            'If LoadLibrary(ParentFolder(ParentFolder(PYTHON_WIN)) + "\\" + XLPyDLLName) = 0 Then',
        ],
        "XLPyLoadDLL",
    )
    assert_in_order(
        procedure(code, "ExecuteWindows"),
        [
            "If FileExists(PYTHON_WIN) Then",
            'MsgBox "Could not find Interpreter!"',
            'If CondaPath <> "" And CondaEnv <> "" Then',
        ],
        "ExecuteWindows",
    )


def test_the_models_building_blocks():
    assert expand_environment_strings(r"%LOCALAPPDATA%\x", BUDI) == BUDI["LOCALAPPDATA"] + r"\x"
    assert expand_environment_strings(r"%localappdata%\x", BUDI) == BUDI["LOCALAPPDATA"] + r"\x"
    assert expand_environment_strings(r"%TIDAK_ADA%\x", BUDI) == r"%TIDAK_ADA%\x"
    assert expand_environment_strings("100%", BUDI) == "100%"
    assert expand_environment_strings("%TIDAK_ADA%TEMP%", BUDI) == "%TIDAK_ADA" + BUDI["TEMP"]
    # What VBA's Write # puts in a file, and what Input # reads back.
    assert input_fields('"INTERPRETER_WIN","C:\\Py 3\\python.exe"\r\n"CONDA PATH",""\r\n') == [
        "INTERPRETER_WIN",
        "C:\\Py 3\\python.exe",
        "CONDA PATH",
        "",
    ]
    assert input_fields("a, b\r\nc,d") == ["a", "b", "c", "d"]
    with pytest.raises(VbaRuntimeError):  # xlwings' sheet reader adds keys to a dictionary: no repeats
        get_config(World(sheet=[("Interpreter_Win", "a"), ("INTERPRETER_WIN", "b")], environ=BUDI), "X")
    # Rows after the first blank key are never read; a lone A1 is read alone.
    rows = [("UDF Modules", "a"), (None, None), ("Interpreter_Win", "C:\\py.exe")]
    assert runpython_interpreter(World(sheet=rows, environ=BUDI)) == "python"
    assert get_config(World(sheet=[("UDF Modules", "m")], environ=BUDI), "UDF MODULES") == "m"
    # Keys are compared after UCase in the sheet, lower-cased in files.
    world = World(sheet=[("interpreter_win", "C:\\a.exe"), ("Debug UDFs", False)], environ=BUDI)
    assert runpython_interpreter(world) == "C:\\a.exe" and get_config(world, "DEBUG UDFS") == "False"
    assert (
        runpython_interpreter(World(sheet=None, environ=BUDI, user_file='"interpreter_win","C:\\b.exe"')) == "C:\\b.exe"
    )


# --- The trap, shown happening ---------------------------------------------------------------


USER_FILE = '"INTERPRETER_WIN","C:\\Python313\\python.exe"\r\n"CONDA PATH","C:\\Anaconda3"\r\n"CONDA ENV","base"\r\n'


def test_an_empty_interpreter_row_hides_what_an_installer_writes_to_the_user_file():
    """The old template: ("Interpreter_Win", empty). xlwings stops at the sheet, which HAS the key."""
    old_rows = [("Interpreter_Win", None), ("Interpreter_Mac", None), ("UDF Modules", "xl_addin.udfs")]
    world = World(sheet=old_rows, environ=BUDI, user_file=USER_FILE)
    assert get_config(world, "INTERPRETER_WIN") == ""
    assert runpython_interpreter(world) == "python", "whatever python.exe PATH finds, not the user file's"
    assert udf_interpreter(world) == "pythonw"
    # Without that row the very same user file would have been used:
    assert (
        runpython_interpreter(World(sheet=old_rows[1:], environ=BUDI, user_file=USER_FILE))
        == r"C:\Python313\python.exe"
    )


# --- The design: one value in the sheet, right on every PC --------------------------------------


@pytest.mark.parametrize("person", [BUDI, SITI], ids=["budi", "siti"])
def test_every_copy_runs_the_python_pasang_cmd_installs(person):
    rows = template_conf_rows()
    venv = expand_environment_strings(installer_venv(), person)
    interpreter = venv + "\\Scripts\\python.exe"
    assert venv.startswith(expand_environment_strings("%LOCALAPPDATA%", person)), "the venv lives in the user's profile"
    quiet = World(sheet=rows, environ=person, existing_files={interpreter.lower()})
    assert runpython_interpreter(quiet) == udf_interpreter(quiet) == interpreter
    assert runpython_outcome(quiet) == interpreter
    # xlwings' LoadLibrary looks in Scripts, then in the venv itself, where pip puts the wheel's DLLs
    # (tests/test_bundle.py checks the xlwings wheel puts them in its data folder, the environment's root).
    assert dll_folders(quiet) == [venv + "\\Scripts", venv]
    # Other xlwings.conf files, from another xlwings tool or an old setup, change nothing:
    crowded = World(
        sheet=rows,
        environ=person,
        directory_file='"INTERPRETER_WIN","C:\\Lain\\python.exe"\r\n"PYTHONPATH","C:\\Lain"\r\n',
        user_file=USER_FILE,
        existing_files={interpreter.lower()},
    )
    assert runpython_interpreter(crowded) == udf_interpreter(crowded) == interpreter
    assert not conda_used(crowded), "a user's Conda settings would prefix every RunPython with conda activate"
    assert get_config(crowded, "PYTHONPATH") == ""
    for world in (quiet, crowded):
        assert get_config(world, "UDF MODULES") == macros.UDF_MODULE
        assert get_config(world, "USE UDF SERVER", "False") == "False"
        assert get_config(world, "SHOW CONSOLE", "False") == "False"
        assert get_config(world, "DEBUG UDFS", "False") == "False"


def test_before_pasang_cmd_ran_the_workbook_says_it_cannot_find_python():
    """Not a silent fall-back to some other Python on PATH: xlwings' own message, which PANDUAN explains."""
    world = World(sheet=template_conf_rows(), environ=BUDI)
    assert runpython_outcome(world) == "Could not find Interpreter!"
    assert installer_venv().startswith("%LOCALAPPDATA%\\"), "the script must write the same %VARIABLE% form"


def test_the_sheet_is_read_whole_and_has_the_rows_the_design_needs():
    rows = template_conf_rows()
    keys = [row[0] for row in rows if row[0] is not None]
    assert [row[0] for row in rows[: len(keys)]] == keys, "a blank key row would stop xlwings' reading there"
    assert len({key.upper() for key in keys}) == len(keys), "a repeated key is a VBA run-time error"
    world = World(sheet=rows, environ=BUDI)
    for key, value in macros.XLWINGS_CONF:
        expected = "" if value is None else expand_environment_strings(str(value), BUDI)
        assert get_config(world, key.upper(), "<missing>") == expected, key
    assert dict(macros.XLWINGS_CONF)["Interpreter_Win"] == installer_venv() + "\\Scripts\\python.exe"
    # No empty row hides a per-PC setting people need: only these keys may be empty, each for a reason
    # given in macros.py (they keep a user's file from adding code paths or conda activation).
    assert {key for key, value in macros.XLWINGS_CONF if value is None} == {"PYTHONPATH", "Conda Path", "Conda Env"}


def test_a_mac_user_sets_the_interpreter_once_in_their_own_file():
    mac_user_file = '"INTERPRETER_MAC","/Users/budi/spak/bin/python"\n'
    world = World(sheet=template_conf_rows(), environ={"HOME": "/Users/budi"}, user_file=mac_user_file)
    assert mac_interpreter(world) == "/Users/budi/spak/bin/python"
