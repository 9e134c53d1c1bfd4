"""Build an Excel ``xl/vbaProject.bin`` from VBA source text, without Excel.

Why this exists: the add-in ships VBA (ribbon callbacks, the xlwings glue), and
the only place VBA can live in an .xlsm/.xlam is the binary ``vbaProject.bin``
part ([MS-OVBA] inside an [MS-CFB] container). Excel is not available where the
add-in is built, so the part is generated here from .bas/.cls text with the
``ms_ovba`` library. The project carries source only: no compiled
performance cache, and ``_VBA_PROJECT.Version`` is 0xFFFF, which tells Excel to
ignore caches and compile from source on first load ([MS-OVBA] 1.6, 2.3.4.1).

The output is deterministic (same input, same bytes, in any process), so the
built add-in can be committed and diffed, and a rebuild that changes nothing
changes no bytes. See ``_PROJECT_ID`` and ``_fixed_obfuscation_seed``.
"""

from __future__ import annotations

import os
import random
import re
import tempfile
import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import ms_ovba_crypto.ms_ovba_crypto as _ovba_crypto
from ms_ovba.Models.Entities.doc_module import DocModule
from ms_ovba.Models.Entities.module_base import ModuleBase
from ms_ovba.Models.Entities.reference import Reference
from ms_ovba.Models.Entities.reference_registered import ReferenceRegistered
from ms_ovba.Models.Entities.std_module import StdModule
from ms_ovba.Models.Fields.libid_reference import LibidReference
from ms_ovba.Views.project_ole_file import ProjectOleFile
from ms_ovba.vbaProject import VbaProject

__all__ = ["build_vba_project"]

# Excel assigns a random project CLSID when a workbook is created ([MS-OVBA]
# 2.3.1.2). A fixed one keeps the output reproducible; copies of one workbook
# share an ID all the time, so sharing it between builds is harmless.
# Value: uuid5(NAMESPACE_URL, "xl_addin/vbaProject").
_PROJECT_ID = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, "xl_addin/vbaProject")).upper() + "}"

# The CMG/DPB/GC lines of the PROJECT stream are obfuscated with a random seed
# byte and random filler bytes ([MS-OVBA] 2.4.3.2); any seed decodes the same.
_OBFUSCATION_SEED = 0

# The dir stream written by ms_ovba declares code page 1252 (PROJECTCODEPAGE),
# so module text must be encoded with it.
_CODEPAGE = "cp1252"

# Base classes of the document modules and of class modules, as Excel writes
# them in "Attribute VB_Base" (see the quickstart_standalone.xlsm of xlwings).
_WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
_WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"
_CLASS_BASE = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"

# A VBA identifier: a letter, then letters, digits or underscores, at most 31.
# Restricted to ASCII because ms_ovba writes PROJECTwm names as ASCII.
_MODULE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,30}")
_ATTRIBUTE_LINE = re.compile(r"Attribute\s+(VB_\w+)\s*=\s*(.*?)\s*$", re.IGNORECASE)

# ms_ovba writes into the current directory, which is per process: one build
# at a time.
_BUILD_LOCK = threading.Lock()


def _references() -> list[Reference]:
    """stdole and the Office type library, as Excel writes them.

    Office is needed because ribbon callbacks take ``control As IRibbonControl``.
    The Office libid mirrors xlwings' quickstart_standalone.xlsm: Excel resolves
    it by GUID and major version from the registry; the path is only a hint.
    """
    stdole = LibidReference(
        uuid.UUID("00020430-0000-0000-C000-000000000046"),
        "2.0",
        "0",
        r"C:\Windows\System32\stdole2.tlb",
        "OLE Automation",
    )
    office = LibidReference(
        uuid.UUID("2DF8D04C-5BFA-101B-BDE5-00AA0044DE52"),
        "2.0",
        "0",
        r"C:\Program Files\Common Files\Microsoft Shared\OFFICE16\MSO.DLL",
        "Microsoft Office 16.0 Object Library",
    )
    return [
        Reference(ReferenceRegistered(stdole), "stdole"),
        Reference(ReferenceRegistered(office), "Office"),
    ]


class _ClassModule(ModuleBase):
    """A class module, which ms_ovba 0.0.1 has no type for.

    ``ModuleBase.pack`` writes MODULETYPE 0x0022 only when ``type`` is
    "Document", and 0x0022 is the record for document *and class* modules
    ([MS-OVBA] 2.3.4.2.3.2.8); only the PROJECT stream line differs
    ("Class=Name", [MS-OVBA] 2.3.1.6).
    """

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.type = "Document"

    def to_project_module_string(self) -> str:
        return "Class=" + self.name


def build_vba_project(
    std_modules: Mapping[str, str],
    *,
    workbook_module: str = "ThisWorkbook",
    sheet_modules: Sequence[str] = ("Sheet1",),
    class_modules: Mapping[str, str] | None = None,
) -> bytes:
    """Return the bytes of an xl/vbaProject.bin.

    ``std_modules`` and ``class_modules`` map module names to source text as in
    a .bas or .cls file, with or without the ``Attribute VB_Name`` header (the
    mapping key is the name used either way). The workbook and each sheet code
    name get an empty document module. Raises ValueError for an invalid or
    duplicate module name, or text that code page 1252 cannot encode.
    """
    class_modules = class_modules or {}
    names = [workbook_module, *sheet_modules, *std_modules, *class_modules]
    _check_names(names)

    sources: list[tuple[ModuleBase, list[str]]] = [
        (DocModule(workbook_module), _document_lines(workbook_module, _WORKBOOK_BASE))
    ]
    sources += [(DocModule(n), _document_lines(n, _WORKSHEET_BASE)) for n in sheet_modules]
    sources += [(StdModule(n), _std_lines(n, text)) for n, text in std_modules.items()]
    sources += [(_ClassModule(n), _class_lines(n, text)) for n, text in class_modules.items()]

    project = VbaProject()
    project.project_id = _PROJECT_ID
    # Excel writes both; neither is required ([MS-OVBA] 2.3.1.14, 2.3.3).
    project.add_attribute("VersionCompatible32", "393222000")
    project.include_projectwm()
    for reference in _references():
        project.add_reference(reference)

    with _BUILD_LOCK, tempfile.TemporaryDirectory(prefix="xl_addin-vba-") as tmp:
        # Module files go in their own folder so that a module called "dir" or
        # "project" cannot clash with the files ms_ovba writes next to them.
        module_dir = Path(tmp, "modules")
        module_dir.mkdir()
        for module, lines in sources:
            _write_module_text(module, module_dir / module.name, lines)
            project.add_module(module)
        with _working_directory(tmp), _fixed_obfuscation_seed():
            ProjectOleFile.write_file(project)
        return Path(tmp, "vbaProject.bin").read_bytes()


def _check_names(names: list[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if not _MODULE_NAME.fullmatch(name):
            raise ValueError(f"not a valid VBA module name: {name!r}")
        if name.lower() in seen:  # VBA names are case-insensitive
            raise ValueError(f"duplicate VBA module name: {name!r}")
        seen.add(name.lower())


def _split_lines(text: str) -> list[str]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _attribute(key: str, value: str) -> str:
    return f"Attribute {key} = {value}"


def _document_lines(name: str, base: str) -> list[str]:
    """The header Excel stores for an empty workbook or worksheet module."""
    return [
        _attribute("VB_Name", f'"{name}"'),
        _attribute("VB_Base", f'"{base}"'),
        _attribute("VB_GlobalNameSpace", "False"),
        _attribute("VB_Creatable", "False"),
        _attribute("VB_PredeclaredId", "True"),
        _attribute("VB_Exposed", "True"),
        _attribute("VB_TemplateDerived", "False"),
        _attribute("VB_Customizable", "True"),
    ]


def _std_lines(name: str, text: str) -> list[str]:
    """Standard module text, with exactly one VB_Name line, naming ``name``."""
    lines = _split_lines(text)
    if lines and (match := _ATTRIBUTE_LINE.match(lines[0])) and match[1].lower() == "vb_name":
        lines = lines[1:]
    return [_attribute("VB_Name", f'"{name}"'), *lines]


def _class_lines(name: str, text: str) -> list[str]:
    """Class module text in the form Excel stores it, not the .cls export form.

    A .cls export starts with a "VERSION 1.0 CLASS / BEGIN ... END" block that
    the module stream does not hold, and lacks the VB_Base, VB_TemplateDerived
    and VB_Customizable attributes that Excel adds on import. The attribute
    header is rebuilt in Excel's order; other leading attributes (such as
    VB_Description) follow it unchanged.
    """
    lines = _split_lines(text)
    if lines and lines[0].strip().upper().startswith("VERSION "):
        end = next((i for i, line in enumerate(lines) if line.strip().upper() == "END"), None)
        if end is None:
            raise ValueError(f"class module {name!r}: VERSION block has no END line")
        lines = lines[end + 1 :]

    given: dict[str, tuple[str, str]] = {}  # lower-case key -> (key, value)
    while lines and (match := _ATTRIBUTE_LINE.match(lines[0])):
        given[match[1].lower()] = (match[1], match[2])
        lines = lines[1:]

    def take(key: str, default: str) -> str:
        return given.pop(key.lower(), (key, default))[1]

    given.pop("vb_name", None)
    given.pop("vb_base", None)
    header = [
        _attribute("VB_Name", f'"{name}"'),
        _attribute("VB_Base", f'"{_CLASS_BASE}"'),
        # Defaults are those of a new class module (Instancing = Private).
        _attribute("VB_GlobalNameSpace", take("VB_GlobalNameSpace", "False")),
        _attribute("VB_Creatable", take("VB_Creatable", "False")),
        _attribute("VB_PredeclaredId", take("VB_PredeclaredId", "False")),
        _attribute("VB_Exposed", take("VB_Exposed", "False")),
        _attribute("VB_TemplateDerived", take("VB_TemplateDerived", "False")),
        _attribute("VB_Customizable", take("VB_Customizable", "False")),
    ]
    header += [_attribute(key, value) for key, value in given.values()]
    return header + lines


def _write_module_text(module: ModuleBase, path: Path, lines: list[str]) -> None:
    """Give ``module`` its source, as the file its ``write_file`` compresses.

    ms_ovba's own ``normalize_file`` reads with the locale's encoding and
    appends to its output file, so its result depends on the machine; this
    writes the same file (``<path>.new``: CRLF lines, code page 1252) directly.
    """
    text = "".join(line + "\r\n" for line in lines)
    try:
        data = text.encode(_CODEPAGE)
    except UnicodeEncodeError as error:
        raise ValueError(
            f"module {module.name!r}: character {text[error.start]!r} is not in code page 1252"
        ) from None
    module.add_file(str(path))
    Path(f"{path}.new").write_bytes(data)


@contextmanager
def _working_directory(path: str) -> Iterator[None]:
    # ms_ovba and ms_cfb write their intermediate files and the result to
    # relative paths; there is no parameter for the output directory.
    previous = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


@contextmanager
def _fixed_obfuscation_seed() -> Iterator[None]:
    """Make the CMG/DPB/GC obfuscation draw from a fixed-seed generator.

    ms_ovba_crypto calls the module-level ``random.randint``; giving its module
    its own seeded ``random.Random`` pins the output without touching the
    global generator that the rest of the process uses.
    """
    original = _ovba_crypto.random
    _ovba_crypto.random = random.Random(_OBFUSCATION_SEED)  # type: ignore[assignment]
    try:
        yield
    finally:
        _ovba_crypto.random = original
