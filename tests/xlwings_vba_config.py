"""A model of how xlwings' VBA (the ``xlwings`` module the template embeds) finds its settings on Windows.

Written from ``xlwings.bas`` of the pinned xlwings, procedure by procedure, so the template's
``xlwings.conf`` design can be tested without Excel. tests/test_xlwings_setup.py pins the lines of
that source this model relies on, so a new xlwings with a different lookup fails there first.

``GetConfig(key, default)``:

1. the workbook's ``xlwings.conf`` sheet (``GetConfigFromSheet``): column A from A1 down to the
   cell before the first blank (``Range("A1").End(xlDown)``; only A1 when A2 is blank), keys
   upper-cased (``UCase``) into a ``Scripting.Dictionary`` (binary compare; a repeated key is a
   run-time error), value = column B. The key is looked up as passed (xlwings passes upper case).
2. ``xlwings.conf`` beside the workbook (``GetDirectoryConfigFilePath``), when the workbook has a
   local path;
3. ``%USERPROFILE%\\.xlwings\\xlwings.conf`` (``GetConfigFilePath``).
   Files are read with VBA's ``Input #``, two fields at a time (``"KEY","VALUE"`` as ``Write #``
   writes them); names compare case-insensitively (``LCase``); the first match wins.
4. ``default``.

The first layer that HAS the key wins, even when its value is empty; whatever is returned goes
through ``ExpandEnvironmentStrings`` (``WScript.Shell``: ``%NAME%`` replaced when NAME is set,
left as it is otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass, field


class VbaRuntimeError(Exception):
    """What would stop the VBA with a run-time error dialog."""


@dataclass
class World:
    """What xlwings' VBA can see on one Windows PC for one workbook."""

    sheet: list[tuple[object, object]] | None  # rows (A, B) of the xlwings.conf sheet from row 1; None: no sheet
    environ: dict[str, str]
    directory_file: str | None = None  # text of xlwings.conf beside the workbook
    user_file: str | None = None  # text of %USERPROFILE%\.xlwings\xlwings.conf
    workbook_has_local_path: bool = True  # GetFullName(ThisWorkbook) <> ""
    existing_files: set[str] = field(default_factory=set)  # for FileExists / LoadLibrary, case-insensitive


def vba_string(value: object) -> str:
    """A cell value coerced to String, as assigning it to ``ByVal s As String`` does."""
    if value is None:
        return ""  # Empty
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def expand_environment_strings(text: str, environ: dict[str, str]) -> str:
    """``WScript.Shell.ExpandEnvironmentStrings``: names case-insensitive, unknown ones left with their % signs."""
    lookup = {name.upper(): value for name, value in environ.items()}
    out, position = [], 0
    while position < len(text):
        start = text.find("%", position)
        if start < 0:
            out.append(text[position:])
            break
        out.append(text[position:start])
        end = text.find("%", start + 1)
        if end < 0:
            out.append(text[start:])
            break
        name = text[start + 1 : end]
        if name and name.upper() in lookup:
            out.append(lookup[name.upper()])
            position = end + 1
        else:  # not a variable: keep "%name" and let the closing % start the next candidate
            out.append(text[start:end])
            position = end
    return "".join(out)


def sheet_dictionary(rows: list[tuple[object, object]]) -> dict[str, object]:
    """``GetConfigFromSheet``: A1 to A1.End(xlDown), UCase(key) -> column B."""

    def blank(value: object) -> bool:
        return value is None or value == ""

    column_a = [row[0] for row in rows]
    if len(column_a) < 2 or blank(column_a[1]):
        last = 0
    elif blank(column_a[0]):  # End(xlDown) from a blank cell stops at the next filled one
        last = 1
    else:  # from a filled cell: the last filled cell before a blank
        last = 1
        while last + 1 < len(column_a) and not blank(column_a[last + 1]):
            last += 1
    found: dict[str, object] = {}
    for index in range(last + 1):
        key = vba_string(column_a[index] if index < len(rows) else None).upper()
        if key in found:
            raise VbaRuntimeError(f"Dictionary.Add: key {key!r} already exists (run-time error 457)")
        found[key] = rows[index][1] if index < len(rows) else None
    return found


def input_fields(text: str) -> list[str]:
    """The fields VBA's ``Input #`` reads from a file, in order (commas and line ends separate them)."""
    fields: list[str] = []
    position, size = 0, len(text)
    while position < size:
        while position < size and text[position] in " \t":
            position += 1
        if position >= size:
            break
        if text[position] == '"':
            end = text.find('"', position + 1)
            end = size if end < 0 else end
            fields.append(text[position + 1 : end])
            position = end + 1
            while position < size and text[position] not in ",\r\n":
                position += 1
        else:
            end = position
            while end < size and text[end] not in ",\r\n":
                end += 1
            fields.append(text[position:end].strip())
            position = end
        if position < size and text[position] == ",":
            position += 1
        else:
            while position < size and text[position] in "\r\n":
                position += 1
    return fields


def file_value(text: str, key: str) -> str | None:
    """``GetConfigFromFile``: the value of the first pair whose name matches ``key`` case-insensitively."""
    fields = input_fields(text)
    if len(fields) % 2:
        raise VbaRuntimeError("Input past end of file (run-time error 62)")
    for name, value in zip(fields[::2], fields[1::2]):
        if name.lower() == key.lower():
            return value
    return None


def get_config(world: World, key: str, default: str = "") -> str:
    """``GetConfig(configKey, default)`` with no ``source``: sheet, directory file, user file, default."""
    if world.sheet is not None:
        settings = sheet_dictionary(world.sheet)
        if key in settings:  # Scripting.Dictionary.Exists: binary compare
            return expand_environment_strings(vba_string(settings[key]), world.environ)
    if world.workbook_has_local_path and world.directory_file is not None:
        value = file_value(world.directory_file, key)
        if value is not None:
            return expand_environment_strings(value, world.environ)
    if world.user_file is not None:
        value = file_value(world.user_file, key)
        if value is not None:
            return expand_environment_strings(value, world.environ)
    return expand_environment_strings(default, world.environ)


def runpython_interpreter(world: World) -> str:
    """What ``RunPython`` runs on Windows: INTERPRETER_WIN, else the legacy INTERPRETER, else "python"."""
    interpreter = get_config(world, "INTERPRETER_WIN", "")
    if interpreter == "":
        interpreter = get_config(world, "INTERPRETER", "python")
    return interpreter


def udf_interpreter(world: World) -> str:
    """What ``XLPyCommand`` and ``XLPyLoadDLL`` use for the UDF server: the same keys, default "pythonw"."""
    interpreter = get_config(world, "INTERPRETER_WIN", "")
    if interpreter == "":
        interpreter = get_config(world, "INTERPRETER", "pythonw")
    return interpreter


def mac_interpreter(world: World) -> str:
    """What ``RunPython`` runs on a Mac (GetConfig's lookup is the same; the paths differ)."""
    interpreter = get_config(world, "INTERPRETER_MAC", "")
    if interpreter == "":
        interpreter = get_config(world, "INTERPRETER", "python")
    return interpreter


def parent_folder(path: str) -> str:
    """``ParentFolder``: everything before the last backslash."""
    return path[: path.rfind("\\")]


def conda_used(world: World) -> bool:
    """``ExecuteWindows`` prepends ``conda activate`` whenever both Conda settings are non-empty."""
    return get_config(world, "CONDA PATH") != "" and get_config(world, "CONDA ENV") != ""


def runpython_outcome(world: World) -> str:
    """``ExecuteWindows`` before it starts Python: the interpreter it runs, or the message box it shows."""
    interpreter = runpython_interpreter(world)
    if interpreter not in ("python", "pythonw") and interpreter.lower() not in world.existing_files:
        return "Could not find Interpreter!"
    return interpreter


def dll_folders(world: World) -> list[str]:
    """Where ``XLPyLoadDLL`` looks for xlwings32/64-<version>.dll: the interpreter's folder, then its parent."""
    interpreter = udf_interpreter(world)
    if interpreter in ("python", "pythonw"):
        return []  # relies on the DLL search path: the folder of a Python found through PATH
    return [parent_folder(interpreter), parent_folder(parent_folder(interpreter))]
