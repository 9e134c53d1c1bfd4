"""The "opens clean" gate: would Excel open this workbook without a repair prompt, and show no errors?

Excel is not available here, so the gate checks what makes Excel repair or misread a file,
each check on its own so a test can seed one defect and see one check catch it:

- ``schema_findings``: every XML part validates against the published OOXML schemas.
- ``formula_findings``: every formula in the package parses as a file-format (en-US) formula,
  calls only Excel built-ins (and UDFs only where allowed), and names only what exists.
- ``table_findings``: tables agree with their sheet (headers, autoFilter, totals row) and with
  each other (ids, names).
- ``text_findings``: no text cell that Excel would turn into a formula when a user edits it.
- ``libreoffice_findings``: a real spreadsheet application (LibreOffice headless) opens it and
  no cell shows an error; given texts read back verbatim.
- ``stored_value_findings``: every formula cell stores a value (what a preview, Protected View or a
  phone shows, none of which recalculates), and it is the value LibreOffice computes.

``findings`` runs them all. Every finding is one line naming the part, sheet and cell.

The gate reads the zip itself (lxml) and never imports ``xl_addin``: it judges the product
from outside, as Excel would.
"""

from __future__ import annotations

import csv
import functools
import math
import posixpath
import re
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import formulas
import xmlschema
from lxml import etree
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.utils import (
    FORMULAE,
    column_index_from_string,
    get_column_letter,
    range_boundaries,
)

SCHEMA_DIR = Path("reference") / "ooxml-schemas"

# The project's xlwings UDFs: fine in the macro workbook, never in a file meant to open without Python.
UDF_NAMES = frozenset({"SLOVIN", "KREJCIE", "RESPONDEN_MINIMAL", "METODE_SAMPEL"})

# Functions added after Excel 2007. openpyxl.utils.FORMULAE lists Excel 2007's; these must be
# stored as "_xlfn.NAME(" in the file, or Excel shows #NAME? (written from Microsoft's list of
# functions that need the prefix; the dynamic-array ones also take "_xlws." after "_xlfn.").
FUTURE_FUNCTIONS = frozenset(
    [
        "ACOT",
        "ACOTH",
        "AGGREGATE",
        "ARABIC",
        "BASE",
        "BETA.DIST",
        "BETA.INV",
        "BINOM.DIST",
        "BINOM.DIST.RANGE",
        "BINOM.INV",
        "BITAND",
        "BITLSHIFT",
        "BITOR",
        "BITRSHIFT",
        "BITXOR",
        "BYCOL",
        "BYROW",
        "CEILING.MATH",
        "CEILING.PRECISE",
        "CHISQ.DIST",
        "CHISQ.DIST.RT",
        "CHISQ.INV",
        "CHISQ.INV.RT",
        "CHISQ.TEST",
        "CHOOSECOLS",
        "CHOOSEROWS",
        "COMBINA",
        "CONCAT",
        "CONFIDENCE.NORM",
        "CONFIDENCE.T",
        "COT",
        "COTH",
        "COVARIANCE.P",
        "COVARIANCE.S",
        "CSC",
        "CSCH",
        "DAYS",
        "DECIMAL",
        "DROP",
        "ENCODEURL",
        "ERF.PRECISE",
        "ERFC.PRECISE",
        "EXPAND",
        "EXPON.DIST",
        "F.DIST",
        "F.DIST.RT",
        "F.INV",
        "F.INV.RT",
        "F.TEST",
        "FILTER",
        "FILTERXML",
        "FLOOR.MATH",
        "FLOOR.PRECISE",
        "FORECAST.ETS",
        "FORECAST.ETS.CONFINT",
        "FORECAST.ETS.SEASONALITY",
        "FORECAST.ETS.STAT",
        "FORECAST.LINEAR",
        "FORMULATEXT",
        "GAMMA",
        "GAMMA.DIST",
        "GAMMA.INV",
        "GAMMALN.PRECISE",
        "GAUSS",
        "HSTACK",
        "HYPGEOM.DIST",
        "IFNA",
        "IFS",
        "IMCOSH",
        "IMCOT",
        "IMCSC",
        "IMCSCH",
        "IMSEC",
        "IMSECH",
        "IMSINH",
        "IMTAN",
        "ISFORMULA",
        "ISOMITTED",
        "ISOWEEKNUM",
        "LAMBDA",
        "LET",
        "LOGNORM.DIST",
        "LOGNORM.INV",
        "MAKEARRAY",
        "MAP",
        "MAXIFS",
        "MINIFS",
        "MODE.MULT",
        "MODE.SNGL",
        "MUNIT",
        "NEGBINOM.DIST",
        "NETWORKDAYS.INTL",
        "NORM.DIST",
        "NORM.INV",
        "NORM.S.DIST",
        "NORM.S.INV",
        "NUMBERVALUE",
        "PDURATION",
        "PERCENTILE.EXC",
        "PERCENTILE.INC",
        "PERCENTRANK.EXC",
        "PERCENTRANK.INC",
        "PERMUTATIONA",
        "PHI",
        "POISSON.DIST",
        "QUARTILE.EXC",
        "QUARTILE.INC",
        "RANDARRAY",
        "RANK.AVG",
        "RANK.EQ",
        "REDUCE",
        "RRI",
        "SCAN",
        "SEC",
        "SECH",
        "SEQUENCE",
        "SHEET",
        "SHEETS",
        "SINGLE",
        "SKEW.P",
        "SORT",
        "SORTBY",
        "STDEV.P",
        "STDEV.S",
        "SWITCH",
        "T.DIST",
        "T.DIST.2T",
        "T.DIST.RT",
        "T.INV",
        "T.INV.2T",
        "T.TEST",
        "TAKE",
        "TEXTAFTER",
        "TEXTBEFORE",
        "TEXTJOIN",
        "TEXTSPLIT",
        "TOCOL",
        "TOROW",
        "UNICHAR",
        "UNICODE",
        "UNIQUE",
        "VALUETOTEXT",
        "ARRAYTOTEXT",
        "VAR.P",
        "VAR.S",
        "VSTACK",
        "WEBSERVICE",
        "WEIBULL.DIST",
        "WORKDAY.INTL",
        "WRAPCOLS",
        "WRAPROWS",
        "XLOOKUP",
        "XMATCH",
        "XOR",
        "ANCHORARRAY",
    ]
)

# A formula that is really a sentence: these words never occur outside strings in a formula we write.
PROSE_WORDS = frozenset({"dan", "atau", "yang", "untuk", "dengan", "and", "the"})
PROSE_WORD_LIMIT = 4  # plain words (letters only, outside strings) before a formula "reads like prose"

# What LibreOffice 7.4 writes in a CSV for an error cell: Excel's names for the errors it shares
# with Excel (#DIV/0!, #NAME?, #N/A, #REF!, #VALUE!, #NULL!, #NUM!) and "Err:5xx" for its own
# (Err:508 unbalanced parentheses, Err:509 missing operator, Err:502 invalid argument, ...).
# Verified in tests/test_opens_clean.py; the later Excel errors are here in case a newer version writes them.
ERROR_VALUE = re.compile(
    r"^(#NULL!|#DIV/0!|#VALUE!|#REF!|#NAME\?|#NUM!|#N/A|Err:\d+|#ERR\d*!?|#SPILL!|#CALC!|#FIELD!"
    r"|#GETTING_DATA|#BLOCKED!|#CONNECT!|#BUSY!|#UNKNOWN!)$"
)

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"
REL_OFFICE_DOCUMENT = NS_REL + "/officeDocument"
REL_TABLE = NS_REL + "/table"
REL_SHARED_STRINGS = NS_REL + "/sharedStrings"
REL_STYLES = NS_REL + "/styles"


def _q(tag: str) -> str:
    return f"{{{NS_MAIN}}}{tag}"


# ---- reading the package --------------------------------------------------------------------


@dataclass
class Cell:
    ref: str
    style: int
    kind: str  # the c/@t attribute: s, inlineStr, str, n, b, e
    formula: str | None  # the formula text, for an ordinary cell or the master of a shared/array formula
    formula_kind: str | None  # c/f/@t: None (normal), shared, array, dataTable
    text: str | None  # the value as text: the string for s/inlineStr/str, else v
    stored: bool = False  # the cell has a <v> (for a formula: the value it stores)


@dataclass
class Sheet:
    name: str
    part: str
    root: etree._Element
    cells: dict[str, Cell]


@dataclass
class TableColumn:
    name: str
    id: str
    totals_function: str | None
    totals_label: str | None
    totals_formula: str | None
    calculated_formula: str | None


@dataclass
class Table:
    part: str
    sheet: Sheet | None
    id: str
    name: str
    display_name: str
    ref: str
    header_rows: int
    totals_rows: int
    autofilter_ref: str | None
    columns: list[TableColumn]
    column_count: str | None

    @property
    def label(self) -> str:
        return f"{self.part} table {self.display_name}"


@dataclass
class DefinedName:
    name: str
    local_sheet: str | None  # the sheet a sheet-local name belongs to
    text: str


@dataclass
class Workbook:
    """The parts of an .xlsx/.xlsm that the checks need, read straight from the zip."""

    path: Path
    parts: dict[str, bytes]
    sheets: list[Sheet] = field(default_factory=list)
    names: list[DefinedName] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    quote_prefix: list[bool] = field(default_factory=list)  # per cellXfs index

    def sheet(self, name: str) -> Sheet | None:
        return next((s for s in self.sheets if s.name.casefold() == name.casefold()), None)

    def table(self, name: str) -> Table | None:
        return next((t for t in self.tables if t.display_name.casefold() == name.casefold()), None)


def _xml(data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    return etree.fromstring(data, parser)


def _relationships(parts: Mapping[str, bytes], part: str) -> dict[str, tuple[str, str]]:
    """{rId: (type, target part)} of one part, targets resolved to zip names."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in parts:
        return {}
    found = {}
    for rel in _xml(parts[rels_name]).iter(f"{{{NS_PKG_REL}}}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found[rel.get("Id")] = (rel.get("Type"), resolved)
    return found


def _text_of(element: etree._Element) -> str:
    """The text of a shared string item or inline string, without phonetic runs."""
    return "".join(t.text or "" for t in element.iter(_q("t")) if t.getparent().tag != _q("rPh"))


def _read_cells(root: etree._Element, shared: list[str]) -> dict[str, Cell]:
    cells = {}
    for c in root.iter(_q("c")):
        ref = c.get("r")
        if ref is None:
            continue  # openpyxl always writes r; a cell without one cannot be located in a finding
        kind = c.get("t", "n")
        f = c.find(_q("f"))
        v = c.find(_q("v"))
        text = None
        if kind == "s" and v is not None and (v.text or "").strip().isdigit():
            index = int(v.text)
            text = shared[index] if index < len(shared) else None
        elif kind == "inlineStr":
            inline = c.find(_q("is"))
            text = _text_of(inline) if inline is not None else ""
        elif v is not None:
            text = v.text
        formula = f.text if f is not None and f.text else None
        cells[ref] = Cell(
            ref, int(c.get("s", "0")), kind, formula, f.get("t") if f is not None else None, text, v is not None
        )
    return cells


def read_workbook(path: Path) -> Workbook:
    parts = read_workbook_parts(path)
    book = Workbook(path, parts)
    # Parts are found through relationships, as Excel finds them (a dangling one is the schema check's finding).
    workbook_part = next(
        (target for rel_type, target in _relationships(parts, "").values() if rel_type == REL_OFFICE_DOCUMENT),
        "xl/workbook.xml",
    )
    rels = _relationships(parts, workbook_part)
    root = _xml(parts[workbook_part])
    shared: list[str] = []
    styles_part = None
    for rel_type, target in rels.values():
        if rel_type == REL_SHARED_STRINGS and target in parts:
            shared = [_text_of(si) for si in _xml(parts[target]).iter(_q("si"))]
        elif rel_type == REL_STYLES:
            styles_part = target
    if styles_part in parts:
        xfs = _xml(parts[styles_part]).find(_q("cellXfs"))
        if xfs is not None:
            book.quote_prefix = [xf.get("quotePrefix") in ("1", "true") for xf in xfs.iter(_q("xf"))]
    sheets_element = root.find(_q("sheets"))
    for element in sheets_element if sheets_element is not None else []:
        target = rels.get(element.get(f"{{{NS_REL}}}id"), (None, None))[1]
        if target not in parts:
            continue  # reported by the schema check as a dangling relationship
        sheet_root = _xml(parts[target])
        book.sheets.append(Sheet(element.get("name"), target, sheet_root, _read_cells(sheet_root, shared)))
    names = root.find(_q("definedNames"))
    for element in names if names is not None else []:
        local = element.get("localSheetId")
        local_sheet = book.sheets[int(local)].name if local is not None and int(local) < len(book.sheets) else None
        book.names.append(DefinedName(element.get("name", ""), local_sheet, element.text or ""))
    linked = set()
    for sheet in book.sheets:
        for rel_type, target in _relationships(parts, sheet.part).values():
            if rel_type == REL_TABLE and target in parts:
                linked.add(target)
                book.tables.append(_read_table(target, parts[target], sheet))
    for name in sorted(parts):
        if name.startswith("xl/tables/") and name.endswith(".xml") and name not in linked:
            book.tables.append(_read_table(name, parts[name], None))
    return book


def _read_table(part: str, data: bytes, sheet: Sheet | None) -> Table:
    root = _xml(data)
    columns = []
    column_list = root.find(_q("tableColumns"))
    for element in column_list if column_list is not None else []:
        calculated = element.find(_q("calculatedColumnFormula"))
        totals = element.find(_q("totalsRowFormula"))
        columns.append(
            TableColumn(
                element.get("name", ""),
                element.get("id", ""),
                element.get("totalsRowFunction"),
                element.get("totalsRowLabel"),
                totals.text if totals is not None else None,
                calculated.text if calculated is not None else None,
            )
        )
    autofilter = root.find(_q("autoFilter"))
    return Table(
        part,
        sheet,
        root.get("id", ""),
        root.get("name", ""),
        root.get("displayName", ""),
        root.get("ref", ""),
        int(root.get("headerRowCount", "1")),
        int(root.get("totalsRowCount", "0")),
        autofilter.get("ref") if autofilter is not None else None,
        columns,
        column_list.get("count") if column_list is not None else None,
    )


def _readable(path: Path) -> tuple[Workbook | None, list[str]]:
    """The workbook, or why it cannot be read (a finding, not a crash: the other checks still run)."""
    try:
        return read_workbook(path), []
    except (KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as error:
        return None, [f"{path.name}: cannot be read as a workbook: {type(error).__name__}: {error}"]


def _excerpt(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


# ---- a. schemas -----------------------------------------------------------------------------


def _schema_file(path: Path) -> Path:
    if not path.is_file():  # a missing schema must fail loudly, never validate nothing
        raise FileNotFoundError(f"schema {path} is missing: the shared reference folder is incomplete")
    return path


@functools.cache
def _lxml_schema(path: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(_schema_file(path))))


@functools.cache
def _xmlschema_schema(path: Path) -> xmlschema.XMLSchema:
    # libxml2 rejects Microsoft's ribbon schemas ("Duplicate attribute use"); xmlschema loads them unchanged.
    return xmlschema.XMLSchema(str(_schema_file(path)))


# Which schema validates which part (the README of the schema folder), first match wins.
# The two customUI/docProps entries beyond that table name schemas that sit in the same folder.
SCHEMA_FOR_PART: tuple[tuple[re.Pattern, str, str], ...] = tuple(
    (re.compile(pattern), schema, engine)
    for pattern, schema, engine in (
        (r"^\[Content_Types\]\.xml$", "opc/opc-contentTypes.xsd", "lxml"),
        (r"(^|/)_rels/[^/]*\.rels$", "opc/opc-relationships.xsd", "lxml"),
        (r"^docProps/core\.xml$", "opc/opc-coreProperties.xsd", "lxml"),
        (r"^docProps/app\.xml$", "transitional/shared-documentPropertiesExtended.xsd", "lxml"),
        (r"^docProps/custom\.xml$", "transitional/shared-documentPropertiesCustom.xsd", "lxml"),
        (r"^xl/charts/[^/]*\.xml$", "transitional/dml-chart.xsd", "lxml"),
        (r"^xl/drawings/[^/]*\.xml$", "transitional/dml-spreadsheetDrawing.xsd", "lxml"),
        (r"^xl/theme/[^/]*\.xml$", "transitional/dml-main.xsd", "lxml"),
        (r"^xl/.*\.xml$", "transitional/sml.xsd", "lxml"),
        (r"^customUI/customUI14\.xml$", "customui/customUI14.xsd", "xmlschema"),
        (r"^customUI/customUI\.xml$", "customui/customUI.xsd", "xmlschema"),
    )
)

# XML parts no schema here covers, and that may still be in a sound workbook. Kept small on
# purpose: anything else is reported, so a new kind of part gets looked at before it ships.
# - VML drawings (the shapes of cell comments, which openpyxl writes with every comment): the
#   schema table names none for them, VML is a legacy format Excel reads leniently, and nothing
#   this gate looks for (formulas, tables, text) lives there.
NO_SCHEMA_ALLOWED = (re.compile(r"^xl/drawings/[^/]*\.vml$"),)

# sml.xsd declares many global elements, so "valid" alone would accept a <table> as xl/workbook.xml.
EXPECTED_ROOT = (
    (re.compile(r"^xl/workbook\.xml$"), _q("workbook")),
    (re.compile(r"^xl/worksheets/[^/]*\.xml$"), _q("worksheet")),
    (re.compile(r"^xl/styles\.xml$"), _q("styleSheet")),
    (re.compile(r"^xl/sharedStrings\.xml$"), _q("sst")),
    (re.compile(r"^xl/tables/[^/]*\.xml$"), _q("table")),
    (re.compile(r"^xl/calcChain\.xml$"), _q("calcChain")),
)

ERRORS_PER_PART = 5  # a broken generator repeats one mistake thousands of times; five lines say it


def _content_types(parts: Mapping[str, bytes]) -> tuple[dict[str, str], dict[str, str]]:
    if "[Content_Types].xml" not in parts:
        return {}, {}
    root = _xml(parts["[Content_Types].xml"])
    defaults = {d.get("Extension", "").lower(): d.get("ContentType", "") for d in root.iter(f"{{{NS_CT}}}Default")}
    overrides = {o.get("PartName", "").lstrip("/"): o.get("ContentType", "") for o in root.iter(f"{{{NS_CT}}}Override")}
    return defaults, overrides


def schema_findings(path: Path, *, shared_dir: Path) -> list[str]:
    """Every XML part validates against its schema; parts without a content type or schema are named.

    Strict on purpose: openpyxl writes no markup-compatibility attributes (mc:Ignorable) or
    Excel extension namespaces (x14ac, ...), so the schemas apply as they are. A file from
    another tool may carry them; relax (drop ignorable namespaces first) only for such files.
    """
    schema_dir = shared_dir / SCHEMA_DIR
    parts = read_workbook_parts(path)
    found: list[str] = []
    if "[Content_Types].xml" not in parts:
        return [f"{path.name}: [Content_Types].xml is missing: not an Office package"]
    defaults, overrides = _content_types(parts)
    for name in sorted(parts):
        if name.endswith("/") or name == "[Content_Types].xml":
            continue
        if name.endswith(".rels"):
            found += _dangling(parts, name)
        base = posixpath.basename(name)
        extension = base.rsplit(".", 1)[1].lower() if "." in base else ""  # ".rels" has extension "rels"
        content_type = overrides.get(name) or defaults.get(extension)
        if content_type is None:
            found.append(f"{name}: no content type in [Content_Types].xml (Excel repairs the package)")
            continue
        if not (
            content_type.endswith("+xml")
            or content_type in ("application/xml", "text/xml")
            or name.endswith((".xml", ".rels", ".vml"))
        ):
            continue  # binary: vbaProject.bin, printer settings, images
        match = next(((schema, engine) for pattern, schema, engine in SCHEMA_FOR_PART if pattern.search(name)), None)
        if match is None:
            if not any(pattern.search(name) for pattern in NO_SCHEMA_ALLOWED):
                found.append(f"{name}: no schema for part {name} ({content_type})")
            continue
        schema, engine = match
        try:
            document = _xml(parts[name])
        except etree.XMLSyntaxError as error:
            found.append(f"{name}: not well-formed XML: {error}")
            continue
        for pattern, root_tag in EXPECTED_ROOT:
            if pattern.search(name) and document.tag != root_tag:
                found.append(f"{name}: root element is {document.tag}, expected {root_tag}")
        if engine == "lxml":
            validator = _lxml_schema(schema_dir / schema)
            if validator.validate(document):
                continue
            errors = [f"line {e.line}: {e.message}" for e in validator.error_log]
        else:
            errors = [f"{e.path}: {e.reason}" for e in _xmlschema_schema(schema_dir / schema).iter_errors(document)]
        for message in errors[:ERRORS_PER_PART]:
            found.append(f"{name}: invalid against {schema}: {message}")
        if len(errors) > ERRORS_PER_PART:
            found.append(f"{name}: ... and {len(errors) - ERRORS_PER_PART} more schema errors")
    return found


def _dangling(parts: Mapping[str, bytes], rels_name: str) -> list[str]:
    """Relationships in ``rels_name`` whose target part is not in the package (Excel repairs those)."""
    folder = posixpath.dirname(posixpath.dirname(rels_name))
    source = posixpath.join(folder, posixpath.basename(rels_name)[: -len(".rels")])
    try:
        relationships = _relationships(parts, source)
    except etree.XMLSyntaxError:
        return []  # reported below as not well-formed
    return [
        f"{rels_name}: relationship {rel_id} points at {target}, which is not in the package"
        for rel_id, (_, target) in relationships.items()
        if target not in parts
    ]


def read_workbook_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# ---- b. formulas ----------------------------------------------------------------------------

_CELL = r"\$?[A-Za-z]{1,3}\$?\d+"
_REF = re.compile(rf"^(?:{_CELL}(?::{_CELL})?|\$?[A-Za-z]{{1,3}}:\$?[A-Za-z]{{1,3}}|\$?\d+:\$?\d+)$")
_SPECIAL_ITEMS = {"#all", "#data", "#headers", "#totals", "#this row"}
_PLACEHOLDER = "A1"  # what a valid reference becomes for the grammar check (its address does not matter)


@dataclass(frozen=True)
class Operand:
    """A reference operand as the tokenizer found it, sorted into what the checks look up."""

    text: str
    kind: str  # ref, name, structured, external, broken
    sheets: tuple[str, ...] = ()
    name: str = ""  # for kind == name
    problem: str = ""


@dataclass(frozen=True)
class Analysis:
    syntax: tuple[str, ...]  # why the text is not a formula; empty when it parses
    functions: tuple[str, ...]
    operands: tuple[Operand, ...]


def _split_sheet(text: str) -> tuple[tuple[str, ...], str] | None:
    """('Sheet 1'!A1 → (("Sheet 1",), "A1")); None when the sheet part is malformed."""
    if text.startswith("'"):
        i, name = 1, []
        while i < len(text):
            if text[i] == "'":
                if text[i + 1 : i + 2] == "'":
                    name.append("'")
                    i += 2
                    continue
                break
            name.append(text[i])
            i += 1
        if text[i + 1 : i + 2] != "!":
            return None
        sheet, rest = "".join(name), text[i + 2 :]
    elif "!" in text:
        sheet, rest = text.rsplit("!", 1)
    else:
        return (), text
    return tuple(sheet.split(":")), rest  # "Sheet1:Sheet3!A1" spans sheets; a sheet name never holds ':'


def _classify(text: str) -> Operand:
    if re.match(r"^\[\d+\]", text):
        return Operand(text, "external", problem="refers to another workbook (external link)")
    if "[" in text:
        return Operand(text, "structured")
    split = _split_sheet(text)
    if split is None:
        return Operand(text, "broken", problem=f"malformed sheet reference {text!r}")
    sheets, rest = split
    if "#REF!" in rest.upper():
        return Operand(text, "broken", sheets, problem=f"{text} is a broken reference")
    if _REF.match(rest):
        for corner in rest.replace("$", "").split(":"):
            letters = re.match(r"[A-Za-z]*", corner).group(0)
            digits = corner[len(letters) :]
            if (letters and column_index_from_string(letters.upper()) > 16384) or (
                digits and not 0 < int(digits) <= 1048576
            ):
                return Operand(text, "broken", sheets, problem=f"{text} is outside the sheet (XFD1048576)")
        return Operand(text, "ref", sheets)
    return Operand(text, "name", sheets, name=rest)


def _words_outside_strings(text: str) -> list[str]:
    """Plain words: "IF(A1 = 1, 2)" has none (spaces around operators are fine), prose has many.

    Nor does a structured reference: a column's name in brackets may be words ("T[% SPKP Juli 2024]").
    """
    text = re.sub(r'"(?:[^"]|"")*"', " ", text)
    while True:
        bare = re.sub(r"\[[^\[\]]*\]", " ", text)
        if bare == text:
            break
        text = bare
    pieces = text.split()
    return [piece for piece in pieces if re.fullmatch(r"[^\W\d_]{2,}[.,:;]?", piece)]


def _tokens(text: str) -> list[Token]:
    return Tokenizer("=" + text).items


@functools.cache
def analyse(text: str) -> Analysis:
    """Parse one formula as stored in the file (no leading '=').

    Grammar: the ``formulas`` package (an independent Excel-grammar parser). It has no
    structured references (``T[Col]``: "Not a valid formula"), so openpyxl's tokenizer finds the
    operands first, each valid reference (A1 refs and structured refs, checked here) becomes a
    placeholder cell, and ``formulas`` parses the rest. openpyxl's tokenizer alone would accept
    prose; ``formulas`` alone would not know ``T[Col]``.
    """
    syntax: list[str] = []
    words = _words_outside_strings(text)
    prose = sorted({w for w in words if w.casefold().strip(".,") in PROSE_WORDS})
    if prose or len(words) >= PROSE_WORD_LIMIT:
        syntax.append(
            f"reads like prose ({len(words)} plain words outside strings"
            + (f", {', '.join(repr(w) for w in prose)}" if prose else "")
            + ")"
        )
    if re.search(r"[A-Za-z0-9_.]+\|'", re.sub(r'"(?:[^"]|"")*"', "", text)):
        syntax.append("a DDE link (program|'topic'!item): Excel offers to start another program")
    try:
        tokens = _tokens(text)
    except Exception as error:
        message = str(error).split(" in '=", 1)[0]  # the message repeats the whole formula
        return Analysis(tuple([*syntax, f"does not tokenize ({message})"]), (), ())
    functions, operands, rebuilt = [], [], []
    depth, array_depth = 0, 0
    for token in tokens:
        value = token.value
        if token.type == Token.FUNC and token.subtype == Token.OPEN:
            name = value[:-1]
            if ":" in name:  # the tokenizer glues "A1:INDEX(" together: a range up to a function's result
                start, name = name.rsplit(":", 1)
                operands.append(_classify(start))
                value = f"{_PLACEHOLDER}:{name}("
            functions.append(name)
            depth += 1
        elif token.type in (Token.FUNC, Token.PAREN) and token.subtype == Token.CLOSE:
            depth -= 1
        elif token.type == Token.PAREN and token.subtype == Token.OPEN:
            depth += 1
        elif token.type == Token.ARRAY:
            array_depth += 1 if token.subtype == Token.OPEN else -1
        elif token.type == Token.SEP and token.subtype == Token.ROW and array_depth == 0:
            syntax.append("';' outside an array constant: files separate arguments with ',' (a localised formula?)")
        elif token.type == Token.OPERAND and token.subtype == Token.ERROR and value.upper() == "#REF!":
            operands.append(Operand(value, "broken", problem="#REF!: a reference to something deleted"))
        elif token.type == Token.OPERAND and token.subtype == Token.RANGE:
            operand = _classify(value)
            operands.append(operand)
            if operand.kind in ("ref", "structured"):
                value = _PLACEHOLDER
        if depth < 0:
            syntax.append("a ')' closes nothing")
            depth = 0
        rebuilt.append(value)
    if depth > 0:
        syntax.append(f"{depth} unclosed '('")
    if not any("';'" in s or "'('" in s or "')'" in s for s in syntax):
        problem = _grammar("".join(rebuilt))
        if problem:
            syntax.append(problem)
    return Analysis(tuple(dict.fromkeys(syntax)), tuple(functions), tuple(operands))


@functools.cache
def _grammar(text: str) -> str | None:
    try:
        formulas.Parser().ast("=" + text)
    except Exception as error:
        message = error.args[0] % error.args[1:] if len(error.args) > 1 and "%s" in str(error.args[0]) else str(error)
        return f"does not parse (formulas: {' '.join(message.split())[:80]})"
    return None


def function_problem(name: str, allowed_udfs: Iterable[str] = ()) -> str | None:
    """Why Excel would show #NAME? for this function, or None."""
    upper = name.upper()
    allowed = {u.upper() for u in allowed_udfs}
    if upper.startswith("_XLFN."):
        base = upper[len("_XLFN.") :]
        base = base.removeprefix("_XLWS.")
        if base in FUTURE_FUNCTIONS:
            return None
        if base in FORMULAE:
            return f"{name}: {base} is an Excel 2007 function and takes no _xlfn. prefix"
        return f"unknown function {name}"
    if upper.startswith(("_XLUDF.", "_XLL.")):
        base = upper.split(".", 1)[1]
        return None if base in allowed else f"{name}: a user-defined/add-in function, not allowed in this file"
    if upper in FORMULAE:
        return None
    if upper in FUTURE_FUNCTIONS:
        return f"{name} must be stored as _xlfn.{upper} (a function newer than Excel 2007), or Excel shows #NAME?"
    if upper in allowed:
        return None
    if upper in UDF_NAMES:
        return f"calls the xl_addin UDF {upper}, not allowed in this file (it needs Python and xlwings)"
    return f"unknown function {name} (not an Excel built-in: #NAME?)"


def _parse_structured(text: str) -> tuple[str, list[str], list[str], str | None]:
    """``Table[[#Totals],[Col]]`` → (table, special items, columns, problem)."""
    match = re.match(r"^([^\[\]]*)\[(.*)\]$", text, re.DOTALL)
    if match is None:
        return "", [], [], f"malformed structured reference {text!r}"
    table, inner = match.group(1), match.group(2).strip()
    items: list[str] = []
    if inner.startswith("@"):
        return (
            table,
            [],
            [],
            (
                f"{text}: '@' is how Excel displays [#This Row]; the file format "
                "(ECMA-376 formula grammar) stores Table[[#This Row],[Col]]"
            ),
        )
    if inner.startswith("["):
        i = 0
        while i < len(inner):
            while i < len(inner) and inner[i] in " ,:":
                i += 1
            if i >= len(inner):
                break
            if inner[i] != "[":
                return table, [], [], f"malformed structured reference {text!r}"
            i += 1
            item = []
            while i < len(inner) and inner[i] != "]":
                if inner[i] == "'" and i + 1 < len(inner):
                    i += 1  # "'" escapes [ ] # ' in a column name
                item.append(inner[i])
                i += 1
            if i >= len(inner):
                return table, [], [], f"unclosed '[' in {text!r}"
            items.append("".join(item))
            i += 1
    elif inner:
        items.append(re.sub(r"'(.)", r"\1", inner) if not inner.startswith("#") else inner)
    specials = [item for item in items if item.startswith("#")]
    columns = [item for item in items if not item.startswith("#")]
    bad = [s for s in specials if s.casefold() not in _SPECIAL_ITEMS]
    if bad:
        return table, specials, columns, f"{text}: unknown special item {bad[0]}"
    return table, specials, columns, None


@dataclass(frozen=True)
class FormulaSite:
    where: str
    text: str
    sheet: str | None  # the sheet whose local names apply
    table: Table | None  # the table an unqualified [Col] means


def formula_sites(book: Workbook) -> list[FormulaSite]:
    """Every formula the package stores, with where it is."""
    sites: list[FormulaSite] = []
    for name in book.names:
        scope = f" (local to '{name.local_sheet}')" if name.local_sheet else ""
        sites.append(FormulaSite(f"xl/workbook.xml definedName {name.name}{scope}", name.text, name.local_sheet, None))
    for sheet in book.sheets:
        tables = [t for t in book.tables if t.sheet is sheet]
        for cell in sheet.cells.values():
            if cell.formula is not None and cell.formula_kind != "dataTable":
                here = _table_at(tables, cell.ref)
                sites.append(FormulaSite(f"{sheet.part} '{sheet.name}'!{cell.ref}", cell.formula, sheet.name, here))
        for validation in sheet.root.iter(_q("dataValidation")):
            for tag in ("formula1", "formula2"):
                element = validation.find(_q(tag))
                if element is not None:
                    sites.append(
                        FormulaSite(
                            f"{sheet.part} '{sheet.name}' dataValidation {validation.get('sqref')} {tag}",
                            element.text or "",
                            sheet.name,
                            None,
                        )
                    )
        for block in sheet.root.iter(_q("conditionalFormatting")):
            for element in block.iter(_q("formula")):
                sites.append(
                    FormulaSite(
                        f"{sheet.part} '{sheet.name}' conditionalFormatting {block.get('sqref')} formula",
                        element.text or "",
                        sheet.name,
                        None,
                    )
                )
    for table in book.tables:
        sheet_name = table.sheet.name if table.sheet else None
        for column in table.columns:
            if column.calculated_formula is not None:
                sites.append(
                    FormulaSite(
                        f"{table.label} column {column.name!r} calculatedColumnFormula",
                        column.calculated_formula,
                        sheet_name,
                        table,
                    )
                )
            if column.totals_formula is not None:
                sites.append(
                    FormulaSite(
                        f"{table.label} column {column.name!r} totalsRowFormula",
                        column.totals_formula,
                        sheet_name,
                        table,
                    )
                )
    for part in sorted(p for p in book.parts if re.match(r"^xl/charts/[^/]*\.xml$", p)):
        for element in _xml(book.parts[part]).iter(f"{{{NS_CHART}}}f"):
            sites.append(FormulaSite(f"{part} series reference", element.text or "", None, None))
    return sites


def _table_at(tables: list[Table], ref: str) -> Table | None:
    match = re.match(r"([A-Z]+)(\d+)$", ref)
    if not match:
        return None
    column, row = column_index_from_string(match.group(1)), int(match.group(2))
    for table in tables:
        min_col, min_row, max_col, max_row = range_boundaries(table.ref)
        if min_col <= column <= max_col and min_row <= row <= max_row:
            return table
    return None


def formula_findings(path: Path, *, allowed_udfs: Iterable[str] = ()) -> list[str]:
    """Every formula parses, calls only known functions, and names only what exists."""
    book, unreadable = _readable(path)
    if book is None:
        return unreadable
    allowed = tuple(allowed_udfs)
    global_names = {n.name.casefold() for n in book.names if n.local_sheet is None}
    local_names = {(n.local_sheet.casefold(), n.name.casefold()) for n in book.names if n.local_sheet}
    found = []
    for site in formula_sites(book):
        if not site.text.strip():
            found.append(f"{site.where}: empty formula")
            continue
        analysis = analyse(site.text)
        if analysis.syntax:  # a text that is no formula at all gets one line, not one per word
            found.append(f"{site.where}: not a valid formula: {'; '.join(analysis.syntax)}: {_excerpt(site.text)}")
            continue
        problems = [p for f in analysis.functions if (p := function_problem(f, allowed))]
        problems += _operand_problems(book, site, analysis.operands, global_names, local_names)
        for problem in dict.fromkeys(problems):
            found.append(f"{site.where}: {problem}: {_excerpt(site.text)}")
    return found


def _operand_problems(book: Workbook, site: FormulaSite, operands, global_names, local_names) -> list[str]:
    problems = []
    for operand in operands:
        if operand.problem:
            problems.append(operand.problem)
        for sheet in operand.sheets:
            if book.sheet(sheet) is None:
                problems.append(f"sheet {sheet!r} does not exist")
        if operand.kind == "name":
            scope = operand.sheets[0] if operand.sheets else site.sheet
            key = operand.name.casefold()
            if not (
                key in global_names or (scope and (scope.casefold(), key) in local_names) or book.table(operand.name)
            ):
                problems.append(f"name {operand.name!r} is not defined in this workbook (#NAME?)")
        elif operand.kind == "structured":
            for piece in _split_range(operand.text):
                problems += _structured_problems(book, site, piece)
    return problems


def _split_range(text: str) -> list[str]:
    """'T[a]:T[b]' → ['T[a]', 'T[b]'] (':' at bracket depth 0 only)."""
    pieces, depth, start = [], 0, 0
    for i, char in enumerate(text):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if char == ":" and depth == 0:
            pieces.append(text[start:i])
            start = i + 1
    return [*pieces, text[start:]]


def _structured_problems(book: Workbook, site: FormulaSite, text: str) -> list[str]:
    table_name, specials, columns, problem = _parse_structured(text)
    if problem:
        return [problem]
    table = book.table(table_name) if table_name else site.table
    if table is None:
        return [
            f"{text}: no table {table_name!r} in this workbook"
            if table_name
            else f"{text}: a reference without table name outside any table"
        ]
    names = {c.name.casefold() for c in table.columns}
    problems = [f"{text}: table {table.display_name} has no column {c!r}" for c in columns if c.casefold() not in names]
    if any(s.casefold() == "#totals" for s in specials) and not table.totals_rows:
        problems.append(f"{text}: table {table.display_name} has no totals row (#REF!)")
    return problems


# ---- c. tables ------------------------------------------------------------------------------

# The SUBTOTAL code Excel writes for each totalsRowFunction (ECMA-376 ST_TotalsRowFunction).
SUBTOTAL_CODES = {
    "average": 101,
    "count": 103,
    "countNums": 102,
    "max": 104,
    "min": 105,
    "stdDev": 107,
    "sum": 109,
    "var": 110,
}


def _escape_column(name: str) -> str:
    return re.sub(r"([\[\]#'])", r"'\1", name)


def _name_is_valid(name: str) -> bool:
    if not re.match(r"^[^\W\d][\w.\\]*$|^\\[\w.\\]*$", name) or len(name) > 255:
        return False
    return not (_REF.match(name) or re.match(r"^[Rr]\d*[Cc]?\d*$", name) or name.upper() in ("R", "C"))


def table_findings(path: Path) -> list[str]:
    """Tables agree with their sheet and with each other, as Excel checks when it opens the file."""
    book, unreadable = _readable(path)
    if book is None:
        return unreadable
    found = []
    ids: dict[str, list[Table]] = {}
    names: dict[str, list[str]] = {}
    for table in book.tables:
        ids.setdefault(table.id, []).append(table)
        for name in {table.name, table.display_name}:
            names.setdefault(name.casefold(), []).append(table.label)
        found += _one_table(book, table)
    for table_id, same in ids.items():
        if len(same) > 1:
            found.append(
                f"table id {table_id} is used by {len(same)} tables: "
                f"{', '.join(t.label for t in same)} (ids must be unique in the workbook)"
            )
    for key, labels in names.items():
        if len(set(labels)) > 1:
            found.append(f"table name {key!r} is used by {len(set(labels))} tables: {', '.join(sorted(set(labels)))}")
    defined = {n.name.casefold(): n for n in book.names}
    for table in book.tables:
        for name in dict.fromkeys((table.name, table.display_name)):
            if name.casefold() in defined:
                found.append(
                    f"{table.label}: name {name!r} clashes with the defined name "
                    f"{defined[name.casefold()].name!r} (case-insensitive; Excel repairs the file)"
                )
    by_sheet: dict[str, list[Table]] = {}
    for table in book.tables:
        if table.sheet is not None:
            by_sheet.setdefault(table.sheet.name, []).append(table)
    for tables in by_sheet.values():
        for i, first in enumerate(tables):
            for second in tables[i + 1 :]:
                a, b = range_boundaries(first.ref), range_boundaries(second.ref)
                if a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]:
                    found.append(f"{first.label} ({first.ref}) overlaps {second.label} ({second.ref})")
    return found


def _one_table(book: Workbook, table: Table) -> list[str]:
    found = []
    label = table.label
    if table.sheet is None:
        return [f"{label}: no sheet links to this table part"]
    for name in dict.fromkeys((table.name, table.display_name)):
        if not _name_is_valid(name):
            found.append(f"{label}: {name!r} is not a valid table name")
    try:
        min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    except (ValueError, TypeError):
        return [*found, f"{label}: ref {table.ref!r} is not a range"]
    width = max_col - min_col + 1
    if len(table.columns) != width:
        found.append(f"{label}: {len(table.columns)} tableColumn for a ref {table.ref} {width} columns wide")
    if table.column_count is not None and table.column_count != str(len(table.columns)):
        found.append(f"{label}: tableColumns count={table.column_count} but {len(table.columns)} tableColumn")
    seen: dict[str, str] = {}
    for column in table.columns:
        if column.name.casefold() in seen:
            found.append(f"{label}: column name {column.name!r} appears twice (case-insensitive)")
        seen[column.name.casefold()] = column.name
    if len({c.id for c in table.columns}) != len(table.columns):
        found.append(f"{label}: tableColumn ids are not unique")
    sheet = table.sheet
    where = f"{sheet.part} '{sheet.name}'"
    if table.header_rows:
        for offset, column in enumerate(table.columns[:width]):
            ref = f"{get_column_letter(min_col + offset)}{min_row}"
            cell = sheet.cells.get(ref)
            if cell is None or cell.text is None:
                found.append(f"{where}!{ref}: header cell is empty, {label} names the column {column.name!r}")
            elif cell.formula is not None or cell.kind not in ("s", "inlineStr", "str"):
                found.append(
                    f"{where}!{ref}: header cell of {label} must be text, is "
                    f"{'a formula' if cell.formula else 'a number'} ({cell.text!r})"
                )
            elif cell.text != column.name:
                found.append(
                    f"{where}!{ref}: header cell reads {cell.text!r}, {label} names the column {column.name!r}"
                )
    data_last = max_row - table.totals_rows
    expected_filter = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{data_last}"
    if (
        table.autofilter_ref is not None
        and table.header_rows
        and table.autofilter_ref.replace("$", "") != expected_filter
    ):
        why = (
            " (it covers the totals row: Excel repairs the table)"
            if table.totals_rows and table.autofilter_ref.replace("$", "") == table.ref.replace("$", "")
            else ""
        )
        found.append(f"{label}: autoFilter ref {table.autofilter_ref} should be {expected_filter}{why}")
    if table.totals_rows:  # (without one, totalsRowFunction may stay: Excel keeps it for when the row is shown again)
        found += _totals_row(table, where, min_col, max_row)
    return found


def _totals_row(table: Table, where: str, min_col: int, row: int) -> list[str]:
    found = []
    for offset, column in enumerate(table.columns):
        ref = f"{get_column_letter(min_col + offset)}{row}"
        cell = table.sheet.cells.get(ref)
        formula = cell.formula if cell is not None else None
        function = column.totals_function if column.totals_function not in (None, "none") else None
        about = f"{where}!{ref} (totals row of {table.display_name}, column {column.name!r})"
        if function is None:
            if formula is not None:
                found.append(f"{about}: holds the formula ={formula} but the column has no totalsRowFunction")
            if column.totals_label is not None and (cell is None or cell.text != column.totals_label):
                found.append(
                    f"{about}: should read the totalsRowLabel {column.totals_label!r}, "
                    f"reads {cell.text if cell else None!r}"
                )
            continue
        if function == "custom":
            if column.totals_formula is None:
                found.append(f"{about}: totalsRowFunction custom without a totalsRowFormula")
            elif formula is None or _squash(formula) != _squash(column.totals_formula):
                found.append(
                    f"{about}: cell formula {formula!r} differs from totalsRowFormula {column.totals_formula!r}"
                )
            continue
        expected = f"SUBTOTAL({SUBTOTAL_CODES.get(function, '?')},{table.display_name}[{_escape_column(column.name)}])"
        if function not in SUBTOTAL_CODES:
            found.append(f"{about}: unknown totalsRowFunction {function!r}")
        elif formula is None:
            found.append(f"{about}: totalsRowFunction {function} but the cell holds no formula; expected ={expected}")
        elif _squash(formula) != _squash(expected):
            found.append(
                f"{about}: totalsRowFunction {function} but the cell holds ={formula}; Excel writes ={expected}"
            )
    return found


def _squash(formula: str) -> str:
    return re.sub(r"\s+", "", formula).casefold()


# ---- d. text that becomes a formula ---------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@")


def text_findings(path: Path, *, allowed_cells: Iterable[tuple[str, str]] = ()) -> list[str]:
    """Text cells starting with = + - @ must carry quotePrefix, or editing the cell makes them a formula.

    (Formulas that are really prose are the formula check's business: they do not parse.)
    """
    book, unreadable = _readable(path)
    if book is None:
        return unreadable
    allowed = {(sheet.casefold(), ref.replace("$", "").upper()) for sheet, ref in allowed_cells}
    found = []
    for sheet in book.sheets:
        for cell in sheet.cells.values():
            if cell.kind not in ("s", "inlineStr") or not cell.text or not cell.text.startswith(FORMULA_STARTS):
                continue
            if (sheet.name.casefold(), cell.ref) in allowed:
                continue
            quoted = cell.style < len(book.quote_prefix) and book.quote_prefix[cell.style]
            if not quoted:
                found.append(
                    f"{sheet.part} '{sheet.name}'!{cell.ref}: text {_excerpt(cell.text)} starts with "
                    f"{cell.text[0]!r} and its style (cellXfs {cell.style}) has no quotePrefix: "
                    "Excel turns it into a formula when the cell is edited"
                )
    return found


# ---- e. LibreOffice -------------------------------------------------------------------------


def libreoffice_findings(
    path: Path, *, libreoffice_profile: Path, workdir: Path, expected_texts: Iterable[str | tuple[str, str]] = ()
) -> list[str]:
    """LibreOffice opens the file and recalculates it: no cell shows an error, expected texts read back.

    ``expected_texts``: a text must be a whole cell's value in some sheet, a (sheet, text) pair in
    that sheet, as LibreOffice shows it (so "=1+1" computed to 2 is missing).
    """
    # Imported here: support.py imports xl_addin, and the static checks must work even when it does not import.
    from support import CSV_ALL_SHEETS, libreoffice_convert

    book, unreadable = _readable(path)
    if book is None:
        return unreadable
    workdir.mkdir(parents=True, exist_ok=True)
    outdir = Path(tempfile.mkdtemp(prefix="lo-csv-", dir=workdir))
    try:
        files = libreoffice_convert(path, outdir, CSV_ALL_SHEETS, libreoffice_profile)
    except AssertionError as error:
        return [f"{path.name}: LibreOffice could not open and convert it: {' '.join(str(error).split())[:300]}"]
    by_name = {p.name: p for p in files}
    values: dict[str, dict[str, str]] = {}  # sheet → {cell: value as LibreOffice shows it}
    found = []
    for sheet in book.sheets:
        csv_path = by_name.get(f"{path.stem}-{sheet.name}.csv")
        if csv_path is None:
            found.append(f"{sheet.part} '{sheet.name}': LibreOffice wrote no CSV for this sheet")
            continue
        with csv_path.open(encoding="utf-8-sig", newline="") as stream:
            rows = list(csv.reader(stream))
        shown = values.setdefault(sheet.name, {})
        for row_number, row in enumerate(rows, start=1):
            for column_number, value in enumerate(row, start=1):
                if value == "":
                    continue
                ref = f"{get_column_letter(column_number)}{row_number}"
                shown[ref] = value
                if ERROR_VALUE.match(value):
                    cell = sheet.cells.get(ref)
                    if (
                        cell is not None
                        and cell.formula is None
                        and cell.kind in ("s", "inlineStr")
                        and cell.text == value
                    ):
                        continue  # a text that merely looks like an error
                    found.append(f"{sheet.part} '{sheet.name}'!{ref}: LibreOffice shows {value}{_stored(cell)}")
    for expected in expected_texts:
        sheet_name, text = expected if isinstance(expected, tuple) else (None, expected)
        pool = [values.get(sheet_name, {})] if sheet_name else list(values.values())
        if any(text in cells.values() for cells in pool):
            continue
        place = f"sheet '{sheet_name}'" if sheet_name else "any sheet"
        found.append(
            f"{path.name}: no cell of {place} reads {text!r} in LibreOffice{_where_it_went(book, values, sheet_name, text)}"
        )
    return found


def _stored(cell: Cell | None) -> str:
    if cell is None:
        return ""
    if cell.formula is not None:
        return f" (formula ={_excerpt(cell.formula, 120)[1:-1]})"
    if cell.formula_kind == "shared":
        return " (a shared formula)"
    return f" (stored as {cell.kind} {_excerpt(cell.text or '')})"


def _where_it_went(book: Workbook, values, sheet_name: str | None, text: str) -> str:
    """Where a missing text was stored, and what LibreOffice made of it."""
    hits = []
    as_formula = text.removeprefix("=")
    for sheet in book.sheets:
        if sheet_name and sheet.name != sheet_name:
            continue
        for cell in sheet.cells.values():
            if cell.formula is not None and cell.formula in (as_formula, text):
                hits.append(
                    f"'{sheet.name}'!{cell.ref} stores it as the formula ={cell.formula}, shown as "
                    f"{values.get(sheet.name, {}).get(cell.ref, '')!r}"
                )
    return f": {'; '.join(hits[:3])}" + (f" (and {len(hits) - 3} more)" if len(hits) > 3 else "") if hits else ""


# ---- f. stored values -----------------------------------------------------------------------

# LibreOffice writes a number with 15 significant digits; a stored double has 17.
RELATIVE_TOLERANCE = 1e-9


def stored_result(cell: Cell | None) -> tuple[str, object] | None:
    """(kind, value) a formula cell stores as its result, None when it stores none.

    Excel stores a number with no t attribute, text as t="str" (an empty text is <v></v>), a
    logical value as t="b" (1/0) and an error as t="e". A <v> that is empty outside text, or a
    formula cell without <v>, stores nothing.
    """
    if cell is None or not cell.stored:
        return None
    if cell.kind == "str":
        return "text", cell.text or ""
    if not cell.text:
        return None
    if cell.kind == "n":
        try:
            return "number", float(cell.text)
        except ValueError:
            return "unreadable", cell.text
    if cell.kind == "b":
        return "logical", cell.text.strip() in ("1", "true")
    if cell.kind == "e":
        return "error", cell.text
    return "unreadable", f"t={cell.kind} {cell.text}"  # a shared-string index is no formula result


def _same_result(ours: tuple[str, object], theirs: tuple[str, object] | None) -> bool:
    if theirs is None or ours[0] != theirs[0]:
        return False
    if ours[0] == "number":
        return math.isclose(ours[1], theirs[1], rel_tol=RELATIVE_TOLERANCE)
    return ours[1] == theirs[1]


def _shown(result: tuple[str, object] | None) -> str:
    if result is None:
        return "no value"
    kind, value = result
    return f"{kind} {_excerpt(value) if isinstance(value, str) else repr(value)}"


def stored_value_findings(path: Path, *, libreoffice_profile: Path, workdir: Path) -> list[str]:
    """Every formula cell stores a value, and it is the one LibreOffice computes when it recalculates the file.

    LibreOffice (a profile that always recalculates on load) converts the file to .xlsx; its
    results are compared with what the file stores: numbers within a relative 1e-9, text,
    logical and error values exactly. Texts made by FIXED or by joining a number follow the
    locale (Excel's regional settings): give a profile with the locale the product writes for
    (Indonesian: "0,05", "1.234,568").
    """
    from support import libreoffice_convert

    book, unreadable = _readable(path)
    if book is None:
        return unreadable
    workdir.mkdir(parents=True, exist_ok=True)
    outdir = Path(tempfile.mkdtemp(prefix="lo-xlsx-", dir=workdir))
    try:
        files = libreoffice_convert(path, outdir, "xlsx", libreoffice_profile)
        recalculated, failed = _readable(files[0])
    except AssertionError as error:
        return [f"{path.name}: LibreOffice could not open and convert it: {' '.join(str(error).split())[:300]}"]
    if recalculated is None:
        return failed
    found = []
    for sheet in book.sheets:
        theirs = recalculated.sheet(sheet.name)
        for cell in sheet.cells.values():
            if cell.formula is None and cell.formula_kind is None:
                continue
            ours = stored_result(cell)
            computed = stored_result(theirs.cells.get(cell.ref)) if theirs is not None else None
            where = f"{sheet.part} '{sheet.name}'!{cell.ref}{_stored(cell)}"
            if ours is None:
                found.append(f"{where}: stores no value (LibreOffice computes {_shown(computed)})")
            elif not _same_result(ours, computed):
                found.append(f"{where}: stores {_shown(ours)}, LibreOffice computes {_shown(computed)}")
    return found


# ---- all of it ------------------------------------------------------------------------------


def static_findings(
    path: Path,
    *,
    shared_dir: Path,
    allowed_udfs: Iterable[str] = (),
    allowed_text_cells: Iterable[tuple[str, str]] = (),
) -> dict[str, list[str]]:
    """The checks that need no LibreOffice, by name."""
    return {
        "schemas": schema_findings(path, shared_dir=shared_dir),
        "formulas": formula_findings(path, allowed_udfs=allowed_udfs),
        "tables": table_findings(path),
        "texts": text_findings(path, allowed_cells=allowed_text_cells),
    }


def findings(
    path: Path,
    *,
    shared_dir: Path,
    libreoffice_profile: Path,
    locale_profile: Path,
    workdir: Path,
    expected_texts: Iterable[str | tuple[str, str]] = (),
    allowed_udfs: Iterable[str] = (),
    allowed_text_cells: Iterable[tuple[str, str]] = (),
) -> list[str]:
    """Every check's findings, one line each; an empty list means the file opens clean.

    ``locale_profile``: the LibreOffice profile for the stored values (see ``stored_value_findings``).
    """
    by_check = static_findings(
        path, shared_dir=shared_dir, allowed_udfs=allowed_udfs, allowed_text_cells=allowed_text_cells
    )
    by_check["libreoffice"] = libreoffice_findings(
        path, libreoffice_profile=libreoffice_profile, workdir=workdir, expected_texts=expected_texts
    )
    by_check["stored values"] = stored_value_findings(path, libreoffice_profile=locale_profile, workdir=workdir)
    return [line for lines in by_check.values() for line in lines]
