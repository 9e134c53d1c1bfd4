"""Build an Excel ``xl/vbaProject.bin`` from VBA source text, without Excel.

Why this exists: the add-in ships VBA (ribbon callbacks, the xlwings glue), and
the only place VBA can live in an .xlsm/.xlam is the binary ``vbaProject.bin``
part: an [MS-OVBA] project inside an [MS-CFB] compound file. Excel is not
available where the add-in is built, so the part is generated here.

The ``ms_ovba`` library supplies the project model and writes the dir, PROJECT,
PROJECTwm and _VBA_PROJECT streams. Two of its layers are replaced here,
because they corrupt real-sized projects (checked with olefile and olevba):

* compression: ``ms_ovba_compression`` 1.0.1 computes the longest allowed
  match as ``0xFFFF << (bit_count + 3)`` instead of ``(0xFFFF >> bit_count) +
  3`` ([MS-OVBA] 2.4.1.3.19.1), so long matches overflow into the offset bits
  and the source decompresses as garbage. ``_compress`` follows the spec.
* the container: ``ms_cfb`` 0.0.6 (used by ``ProjectOleFile``) writes only the
  first FAT sector, so files over 64 KiB break, and it misplaces streams of
  exactly 4096 bytes. ``_compound_file`` writes [MS-CFB] version 3 itself.

The project carries source only: no compiled performance cache, and
``_VBA_PROJECT.Version`` is 0xFFFF, which tells Excel to ignore caches and
compile from source ([MS-OVBA] 1.6, 2.3.4.1).

The output is deterministic (same input, same bytes, in any process), so a
rebuild that changes nothing changes no bytes: see ``_PROJECT_ID`` and
``_fixed_obfuscation_seed``; the compound file has no timestamps or CLSIDs.
"""

from __future__ import annotations

import random
import re
import struct
import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import ms_ovba_crypto.ms_ovba_crypto as _ovba_crypto
from ms_ovba.Models.Entities.doc_module import DocModule
from ms_ovba.Models.Entities.module_base import ModuleBase
from ms_ovba.Models.Entities.reference import Reference
from ms_ovba.Models.Entities.reference_registered import ReferenceRegistered
from ms_ovba.Models.Entities.std_module import StdModule
from ms_ovba.Models.Fields.libid_reference import LibidReference
from ms_ovba.vbaProject import VbaProject
from ms_ovba.Views.dirStream import DirStream
from ms_ovba.Views.project import Project
from ms_ovba.Views.project_view import ProjectView
from ms_ovba.Views.projectWm import ProjectWm

__all__ = ["build_vba_project"]

# Excel picks a random project CLSID when a workbook is created ([MS-OVBA]
# 2.3.1.2). A fixed one keeps the output reproducible; copies of a workbook
# share their ID all the time, so sharing it between builds is harmless.
_PROJECT_ID = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, "xl_addin/vbaProject")).upper() + "}"

# The CMG/DPB/GC lines of the PROJECT stream are obfuscated with a random seed
# byte and random filler bytes ([MS-OVBA] 2.4.3.2); any seed decodes the same.
_OBFUSCATION_SEED = 0

# ms_ovba's dir stream declares code page 1252 (PROJECTCODEPAGE), so module
# text must be encoded with it.
_CODEPAGE = "cp1252"

# "Attribute VB_Base" of document and class modules, as Excel writes them (see
# xlwings' quickstart_standalone.xlsm).
_WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
_WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"
_CLASS_BASE = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"

# A VBA identifier: a letter, then letters, digits or underscores, at most 31.
# ASCII only, because ms_ovba writes module names to PROJECTwm as ASCII.
_MODULE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,30}")
_ATTRIBUTE_LINE = re.compile(r"Attribute\s+(VB_\w+)\s*=\s*(.*?)\s*$", re.IGNORECASE)

# ms_ovba_crypto draws from a module-level generator that we swap while the
# PROJECT stream is written; one build at a time keeps the swap private.
_BUILD_LOCK = threading.Lock()


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
    _check_names([workbook_module, *sheet_modules, *std_modules, *class_modules])

    modules: list[tuple[ModuleBase, list[str]]] = [
        (DocModule(workbook_module), _document_lines(workbook_module, _WORKBOOK_BASE))
    ]
    modules += [(DocModule(n), _document_lines(n, _WORKSHEET_BASE)) for n in sheet_modules]
    modules += [(StdModule(n), _std_lines(n, text)) for n, text in std_modules.items()]
    modules += [(_ClassModule(n), _class_lines(n, text)) for n, text in class_modules.items()]

    project = VbaProject()
    project.project_id = _PROJECT_ID
    # Excel writes both; neither is required ([MS-OVBA] 2.3.1.14, 2.2.1).
    project.add_attribute("VersionCompatible32", "393222000")
    project.include_projectwm()
    for reference in _references():
        project.add_reference(reference)
    for module, _ in modules:
        project.add_module(module)
    with _fixed_obfuscation_seed():
        project_stream = Project(project).to_bytes()

    vba = _Storage("VBA")
    for module, lines in modules:
        # Each module's text starts at offset 0 of its stream (MODULEOFFSET,
        # which ms_ovba writes as the length of the empty performance cache).
        vba.add(module.name, _compress(_encode(module.name, lines)))
    vba.add("dir", _compress(DirStream(project).to_bytes()))
    vba.add("_VBA_PROJECT", ProjectView(project).to_bytes())
    root = _Storage("Root Entry")
    root.children.append(vba)
    root.add("PROJECTwm", ProjectWm(project).to_bytes())
    root.add("PROJECT", project_stream)
    return _compound_file(root)


# --- The VBA project -------------------------------------------------------


def _references() -> list[Reference]:
    """stdole and the Office type library, as Excel writes them.

    Office is needed because ribbon callbacks take ``control As IRibbonControl``.
    The Office libid is the one in xlwings' quickstart_standalone.xlsm: Excel
    finds the library by GUID and major version; the path is only a hint.
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
    "Document"; 0x0022 is the record for document *and* class modules
    ([MS-OVBA] 2.3.4.2.3.2.8). Only the PROJECT stream line differs:
    "Class=Name" ([MS-OVBA] 2.3.1.6).
    """

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.type = "Document"

    def to_project_module_string(self) -> str:
        return "Class=" + self.name


@contextmanager
def _fixed_obfuscation_seed() -> Iterator[None]:
    """Make the CMG/DPB/GC obfuscation draw from a fixed-seed generator.

    ms_ovba_crypto calls its module's ``random.randint``; giving that module a
    seeded ``random.Random`` for the duration pins the output without touching
    the global generator the rest of the process uses.
    """
    namespace = vars(_ovba_crypto)  # its type stubs do not declare ``random``
    with _BUILD_LOCK:
        original = namespace["random"]
        namespace["random"] = random.Random(_OBFUSCATION_SEED)
        try:
            yield
        finally:
            namespace["random"] = original


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
    """The text Excel stores for an empty workbook or worksheet module."""
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


def _encode(name: str, lines: list[str]) -> bytes:
    """Module text as stored: CRLF after every line, code page 1252."""
    text = "".join(line + "\r\n" for line in lines)
    try:
        return text.encode(_CODEPAGE)
    except UnicodeEncodeError as error:
        raise ValueError(f"module {name!r}: character {text[error.start]!r} is not in code page 1252") from None


# --- Compression ([MS-OVBA] 2.4.1) ----------------------------------------


def _compress(data: bytes) -> bytes:
    """A CompressedContainer: signature byte 1, then one chunk per 4096 bytes."""
    chunks = (_compress_chunk(data[start : start + 4096]) for start in range(0, len(data), 4096))
    return b"\x01" + b"".join(chunks)


def _compress_chunk(chunk: bytes) -> bytes:
    """One CompressedChunk ([MS-OVBA] 2.4.1.3.7) for up to 4096 bytes.

    Greedy longest match, as in the spec's pseudocode, except that candidates
    are found through a table of 3-byte prefixes instead of by scanning the
    whole chunk. The nearest of equally long matches wins.
    """
    body = bytearray()
    earlier: dict[bytes, list[int]] = {}  # 3-byte prefix -> positions seen

    pos = 0
    while pos < len(chunk):
        flag_index = len(body)
        body.append(0)  # FlagByte: bit i set = token i is a CopyToken
        for bit in range(8):
            if pos >= len(chunk):
                break
            # CopyToken help ([MS-OVBA] 2.4.1.3.19.1): offset and length share
            # 16 bits, split by how far into the chunk we are.
            bit_count = max((pos - 1).bit_length(), 4)
            limit = min((0xFFFF >> bit_count) + 3, len(chunk) - pos)
            length, offset = 0, 0
            for candidate in reversed(earlier.get(chunk[pos : pos + 3], ())):
                n = 0
                while n < limit and chunk[candidate + n] == chunk[pos + n]:
                    n += 1
                if n > length:
                    length, offset = n, pos - candidate
                    if n == limit:
                        break
            if length >= 3:
                body += (((offset - 1) << (16 - bit_count)) | (length - 3)).to_bytes(2, "little")
                body[flag_index] |= 1 << bit
            else:
                length = 1
                body.append(chunk[pos])
            for p in range(pos, min(pos + length, len(chunk) - 2)):
                earlier.setdefault(chunk[p : p + 3], []).append(p)
            pos += length
    if len(body) > 4096:
        # Incompressible: a raw chunk of 4096 bytes ([MS-OVBA] 2.4.1.3.10).
        return (0x3000 | 4095).to_bytes(2, "little") + chunk.ljust(4096, b"\x00")
    # Header ([MS-OVBA] 2.4.1.1.5): chunk size - 3, signature 0b011, flag 1.
    return (0xB000 | (len(body) - 1)).to_bytes(2, "little") + bytes(body)


# --- Compound file ([MS-CFB], version 3) ----------------------------------

_SECTOR = 512
_MINI_SECTOR = 64
_MINI_CUTOFF = 4096  # streams shorter than this live in the mini stream
_FREE, _END, _FAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
_NO_ENTRY = 0xFFFFFFFF


@dataclass
class _Stream:
    name: str
    data: bytes


@dataclass
class _Storage:
    name: str
    children: list[_Stream | _Storage] = field(default_factory=list)

    def add(self, name: str, data: bytes) -> None:
        self.children.append(_Stream(name, data))


def _compound_file(root: _Storage) -> bytes:
    """Serialise ``root`` as a version 3 compound file (512-byte sectors).

    Layout: FAT sectors, directory, mini FAT, mini stream, then the large
    streams. All timestamps and CLSIDs are zero, so the bytes depend only on
    the tree.
    """
    entries: list[_Stream | _Storage] = []  # directory order: root first

    def collect(node: _Stream | _Storage) -> None:
        entries.append(node)
        if isinstance(node, _Storage):
            for child in node.children:
                collect(child)

    collect(root)
    ids = {id(node): i for i, node in enumerate(entries)}
    streams = [node for node in entries if isinstance(node, _Stream)]

    # Small streams go into the mini stream, in 64-byte mini sectors.
    mini_stream = bytearray()
    mini_fat: list[int] = []
    start: dict[int, int] = {}  # id(stream) -> first (mini) sector
    for s in streams:
        if len(s.data) < _MINI_CUTOFF:
            start[id(s)] = _append_chain(mini_fat, _sectors(len(s.data), _MINI_SECTOR))
            mini_stream += _pad(s.data, _MINI_SECTOR)

    # Everything else lives in regular sectors, as chains in the FAT.
    regions: list[tuple[str | int, int]] = [
        ("directory", _sectors(len(entries) * 128, _SECTOR)),
        ("mini fat", _sectors(len(mini_fat) * 4, _SECTOR)),
        ("mini stream", _sectors(len(mini_stream), _SECTOR)),
    ] + [(id(s), _sectors(len(s.data), _SECTOR)) for s in streams if len(s.data) >= _MINI_CUTOFF]
    used = sum(count for _, count in regions)
    fat_count = 1
    while fat_count * (_SECTOR // 4) < fat_count + used:
        fat_count += 1
    if fat_count > 109:  # the header lists 109 FAT sectors; more need DIFAT
        raise ValueError("VBA project too large (over 6.8 MB)")
    fat = [_FAT_SECTOR] * fat_count
    first: dict[str, int] = {}
    for key, count in regions:
        sector = _append_chain(fat, count)
        if isinstance(key, str):
            first[key] = sector
        else:
            start[key] = sector

    directory = bytearray()
    for node in entries:
        if isinstance(node, _Stream):
            directory += _entry(node.name, 2, start[id(node)], len(node.data))
        elif node is root:
            directory += _entry(node.name, 5, first["mini stream"], len(mini_stream))
        else:
            directory += _entry(node.name, 1, 0, 0)
    for node in entries:
        if isinstance(node, _Storage):
            _link_children(directory, ids[id(node)], [ids[id(c)] for c in node.children], entries)

    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        bytes(16),  # CLSID
        0x003E,  # minor version
        0x0003,  # major version 3: 512-byte sectors
        0xFFFE,  # byte order mark
        9,  # sector shift: 2**9
        6,  # mini sector shift: 2**6
        bytes(6),
        0,  # directory sector count: must be 0 in version 3
        fat_count,
        first["directory"],
        0,  # transaction signature
        _MINI_CUTOFF,
        first["mini fat"],
        _sectors(len(mini_fat) * 4, _SECTOR),
        _END,  # first DIFAT sector: none
        0,  # DIFAT sector count
    )
    header += struct.pack("<109I", *(list(range(fat_count)) + [_FREE] * (109 - fat_count)))

    body = _pad(struct.pack(f"<{len(fat)}I", *fat), _SECTOR, b"\xff")  # unused = _FREE
    body += _pad(bytes(directory), _SECTOR, _unused_entry())
    body += _pad(struct.pack(f"<{len(mini_fat)}I", *mini_fat), _SECTOR, b"\xff")
    body += _pad(bytes(mini_stream), _SECTOR)
    for s in streams:
        if len(s.data) >= _MINI_CUTOFF:
            body += _pad(s.data, _SECTOR)
    return header + body


def _append_chain(table: list[int], count: int) -> int:
    """Append a chain of ``count`` consecutive sectors; return its first sector."""
    if not count:
        return _END
    first = len(table)
    table += [first + i + 1 for i in range(count - 1)] + [_END]
    return first


def _sectors(size: int, sector: int) -> int:
    return -(-size // sector)


def _pad(data: bytes, sector: int, filler: bytes = b"\x00") -> bytes:
    missing = -len(data) % sector
    return data + (filler * (missing // len(filler) + 1))[:missing]


def _entry(name: str, kind: int, start: int, size: int) -> bytes:
    """A 128-byte directory entry ([MS-CFB] 2.6.1); links are filled in later."""
    encoded = name.encode("utf-16-le")
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        encoded,
        len(encoded) + 2,  # name length including the terminating null
        kind,  # 1 storage, 2 stream, 5 root
        1,  # black; _link_children recolours
        _NO_ENTRY,
        _NO_ENTRY,
        _NO_ENTRY,
        bytes(16),  # CLSID
        0,  # state bits
        0,  # creation time
        0,  # modification time
        start,
        size,
    )


def _unused_entry() -> bytes:
    return struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, *[_NO_ENTRY] * 3, bytes(16), 0, 0, 0, 0, 0)


def _link_children(directory: bytearray, parent: int, children: list[int], entries: list[_Stream | _Storage]) -> None:
    """Store a storage's children as a balanced red-black tree ([MS-CFB] 2.6.4).

    Siblings are ordered by name length, then by upper-cased name. Splitting
    the sorted list at the middle gives a tree whose levels are full except
    the deepest; colouring that level red (if it is not full) and the rest
    black satisfies the red-black rules.
    """
    order = sorted(children, key=lambda i: (len(entries[i].name), entries[i].name.upper()))
    depth_of: dict[int, int] = {}

    def build(items: list[int], depth: int) -> int:
        if not items:
            return _NO_ENTRY
        middle = len(items) // 2
        node = items[middle]
        depth_of[node] = depth
        left, right = build(items[:middle], depth + 1), build(items[middle + 1 :], depth + 1)
        struct.pack_into("<II", directory, node * 128 + 68, left, right)
        return node

    struct.pack_into("<I", directory, parent * 128 + 76, build(order, 0))
    deepest = max(depth_of.values(), default=0)
    if len(order) != 2 ** (deepest + 1) - 1:  # deepest level not full
        for node, depth in depth_of.items():
            if depth == deepest:
                directory[node * 128 + 67] = 0  # red
