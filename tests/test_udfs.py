"""The Excel formulas (=SLOVIN, =KREJCIE, =RESPONDEN_MINIMAL, =METODE_SAMPEL) called as Excel calls them.

Through COM, Excel hands a UDF floats for every number (25 arrives as 25.0), None for
a blank cell, text as str, and a range as a list of rows (the ``n`` argument is
``ndim=2``, so even one cell is ``[[25.0]]``). An omitted optional argument arrives
as the Python default; a blank cell given as the argument arrives as None.

The second half checks the VBA side: the stubs the template carries are the text
xlwings' own "Import Functions" writes, and the Insert Function dialog gets
Indonesian descriptions (xlwings' fallbacks are "Positional argument N" and
"Python function ... defined in '<path>'").
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
import types
from importlib.metadata import version
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools.olevba import VBA_Parser
from packaging.requirements import Requirement
from support import TEMPLATE

from xl_addin import layout, udfs
from xl_addin.build import macros
from xl_addin.sampling import krejcie_morgan, minimum_respondents, slovin

REPO = Path(__file__).resolve().parents[1]
UDFS = {name: getattr(udfs, name) for name in udfs.UDF_NAMES}


def cells(grid):
    return [cell for row in grid for cell in row]


def assert_readable_error(cell: object) -> None:
    """A message for a person: starts with '#', no traceback, no exception repr."""
    assert isinstance(cell, str), cell
    assert cell.startswith("#"), cell
    assert "Traceback" not in cell and "Error(" not in cell and "Exception" not in cell, cell
    assert len(cell) > 5, cell


# -- numbers as Excel hands them --------------------------------------------------------------


def test_known_answers_with_floats_as_excel_sends_them():
    assert udfs.SLOVIN([[25.0]]) == [[24]]
    assert udfs.KREJCIE([[9000.0]]) == [[368]]
    assert udfs.RESPONDEN_MINIMAL([[29.0], [30.0], [31.0]]) == [[28], [28], [29]]
    assert udfs.METODE_SAMPEL([[29.0], [30.0]]) == [["Slovin"], ["Krejcie & Morgan"]]
    assert udfs.METODE_SAMPEL([[29.0], [30.0]]) == [
        [layout.METHOD_LABELS["slovin"]],
        [layout.METHOD_LABELS["krejcie_morgan"]],
    ]


def test_results_are_whole_numbers_not_floats():
    for name in ("SLOVIN", "KREJCIE", "RESPONDEN_MINIMAL"):
        value = UDFS[name]([[1825.0]])[0][0]
        assert type(value) is int, (name, value)


def test_ints_and_floats_agree():
    for name, function in UDFS.items():
        assert function([[1825]]) == function([[1825.0]]), name


@pytest.mark.parametrize("blank", [None, "", "   "])
def test_a_blank_cell_stays_blank(blank):
    for name, function in UDFS.items():
        assert function([[blank]]) == [[""]], name


def test_indonesian_thousands_in_text():
    assert udfs.SLOVIN([["1.234"]]) == [[slovin(1234)]] == udfs.SLOVIN([[1234.0]])
    assert udfs.KREJCIE([["1.234"]]) == [[krejcie_morgan(1234)]]
    assert udfs.RESPONDEN_MINIMAL([["1.234.567"]]) == [[minimum_respondents(1234567).size]]
    assert udfs.METODE_SAMPEL([[" 25 "]]) == [["Slovin"]]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("abc", "bukan angka"),
        (-4.0, "negatif"),
        (10.5, "pecahan"),
        ("10,5", "pecahan"),
        (True, "bukan angka"),
        (float("inf"), "bukan angka"),
        (dt.datetime(2024, 1, 31), "bukan angka"),
    ],
)
def test_a_bad_population_shows_an_indonesian_message(value, words):
    for name, function in UDFS.items():
        [[cell]] = function([[value]])
        assert_readable_error(cell)
        assert words in cell, (name, cell)


def test_a_column_keeps_its_shape_and_blanks():
    column = [[float(n)] for n in range(26)]
    column[3] = [None]
    column[7] = ["abc"]
    for name, function in UDFS.items():
        result = function(column)
        assert len(result) == 26 and all(len(row) == 1 for row in result), name
        assert result[3] == [""], name
        assert_readable_error(result[7][0])
    assert [row[0] for i, row in enumerate(udfs.RESPONDEN_MINIMAL(column)) if i not in (3, 7)] == [
        minimum_respondents(n).size for n in range(26) if n not in (3, 7)
    ]


def test_a_block_keeps_its_shape():
    block = [[10.0, None, "1.000"], [30.0, -1.0, 400.0]]
    assert udfs.SLOVIN(block)[0] == [slovin(10), "", slovin(1000)]
    result = udfs.RESPONDEN_MINIMAL(block)
    assert [len(row) for row in result] == [3, 3]
    assert result[0][:2] == [minimum_respondents(10).size, ""]
    assert result[1][0] == minimum_respondents(30).size == 28
    assert_readable_error(result[1][1])
    methods = udfs.METODE_SAMPEL(block)
    assert methods[0] == ["Slovin", "", "Krejcie & Morgan"]
    assert methods[1][0] == methods[1][2] == "Krejcie & Morgan"
    assert_readable_error(methods[1][1])


# -- optional parameters -----------------------------------------------------------------------


def test_omitted_blank_and_default_parameters_agree():
    n = [[1825.0], [12.0]]
    # Omitted in Excel: xlwings passes the Python default. A blank cell: None.
    assert udfs.SLOVIN(n) == udfs.SLOVIN(n, None) == udfs.SLOVIN(n, 0.05) == udfs.SLOVIN(n, "")
    assert udfs.KREJCIE(n) == udfs.KREJCIE(n, None, None, None) == udfs.KREJCIE(n, 0.05, 0.95, 0.5)
    assert udfs.RESPONDEN_MINIMAL(n) == udfs.RESPONDEN_MINIMAL(n, None, None, None, None, None)
    assert udfs.RESPONDEN_MINIMAL(n) == udfs.RESPONDEN_MINIMAL(n, 30.0, 0.05, 0.05, 0.95, 0.5)
    assert udfs.METODE_SAMPEL(n) == udfs.METODE_SAMPEL(n, None) == udfs.METODE_SAMPEL(n, 30.0)


def test_given_parameters_change_the_answer():
    assert udfs.SLOVIN([[100.0]], 0.1) == [[50]]  # 100 / (1 + 100 * 0.01)
    assert udfs.KREJCIE([[9000.0]], None, 0.99) == [[krejcie_morgan(9000, 0.05, 0.99)]] != [[368]]
    assert udfs.KREJCIE([[9000.0]], 0.1) == [[krejcie_morgan(9000, 0.1)]]
    assert udfs.RESPONDEN_MINIMAL([[29.0]], 20.0) == [[krejcie_morgan(29)]]
    assert udfs.RESPONDEN_MINIMAL([[29.0]], None, 0.1) == [[slovin(29, 0.1)]]
    assert udfs.METODE_SAMPEL([[29.0]], 20.0) == [["Krejcie & Morgan"]]
    assert udfs.METODE_SAMPEL([[30.0]], 31.0) == [["Slovin"]]


@pytest.mark.parametrize("text", ["10%", "0,1", "0.1", " 10 % "])
def test_text_parameters_are_read_the_indonesian_way(text):
    assert udfs.SLOVIN([[100.0]], text) == [[50]]
    assert udfs.RESPONDEN_MINIMAL([[29.0]], None, text) == [[slovin(29, 0.1)]]


BAD_PARAMETERS = [1.5, 0.0, -0.1, "abc", "ok%", True, float("nan"), float("inf"), dt.datetime(2024, 1, 1), [[0.1, 0.2]]]


@pytest.mark.parametrize("bad", BAD_PARAMETERS, ids=repr)
def test_a_bad_parameter_gives_a_message_not_a_traceback(bad):
    n = [[25.0], [None], [9000.0]]
    calls = {
        "SLOVIN e": lambda: udfs.SLOVIN(n, bad),
        "KREJCIE d": lambda: udfs.KREJCIE(n, bad),
        "KREJCIE kepercayaan": lambda: udfs.KREJCIE(n, None, bad),
        "KREJCIE p": lambda: udfs.KREJCIE(n, None, None, bad),
        "RESPONDEN_MINIMAL e": lambda: udfs.RESPONDEN_MINIMAL(n, None, bad),
        "RESPONDEN_MINIMAL kepercayaan": lambda: udfs.RESPONDEN_MINIMAL(n, None, None, None, bad),
    }
    for label, call in calls.items():
        result = call()
        assert len(result) == 3 and result[1] == [""], label
        for cell in cells(result):
            if cell != "":
                assert_readable_error(cell)
        assert any(cell != "" for cell in cells(result)), label


def test_e_of_one_and_a_half_names_the_parameter_in_indonesian():
    [[cell]] = udfs.SLOVIN([[25.0]], 1.5)
    assert_readable_error(cell)
    assert cell.startswith("#e ") and "harus" in cell and "0 dan 1" in cell, cell


@pytest.mark.parametrize("bad", ["abc", -3.0, 1.5, True])
def test_a_bad_threshold_gives_a_message(bad):
    for function in (udfs.RESPONDEN_MINIMAL, udfs.METODE_SAMPEL):
        [[cell]] = function([[25.0]], bad)
        assert_readable_error(cell)
        assert "mbang" in cell, cell  # names the parameter: Ambang / ambang


EXCEL_CELL = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-10, max_value=10**7).map(float),
    st.text(max_size=8),
    st.booleans(),
    st.just("1.234"),
)


@settings(max_examples=150, deadline=None)
@given(
    grid=st.integers(1, 4).flatmap(
        lambda width: st.lists(st.lists(EXCEL_CELL, min_size=width, max_size=width), min_size=1, max_size=5)
    ),
    parameter=st.one_of(st.none(), st.floats(), st.text(max_size=5)),
)
def test_any_input_gives_a_same_shape_answer_without_traceback(grid, parameter):
    for function, call in (
        (udfs.SLOVIN, lambda: udfs.SLOVIN(grid, parameter)),
        (udfs.KREJCIE, lambda: udfs.KREJCIE(grid, None, parameter)),
        (udfs.RESPONDEN_MINIMAL, lambda: udfs.RESPONDEN_MINIMAL(grid, parameter)),
        (udfs.METODE_SAMPEL, lambda: udfs.METODE_SAMPEL(grid, parameter)),
    ):
        result = call()
        assert [len(row) for row in result] == [len(row) for row in grid], function.__name__
        for given_cell, cell in zip(cells(grid), cells(result)):
            if given_cell is None or (isinstance(given_cell, str) and not given_cell.strip()):
                assert cell == "", (given_cell, cell)
            elif isinstance(cell, str) and cell not in layout.METHOD_LABELS.values():
                assert_readable_error(cell)
            elif not isinstance(cell, str):
                assert type(cell) is int and cell >= 0


# -- the VBA side: stubs and Insert Function texts ---------------------------------------------


class FakeComWorkbook:
    """Only what xlwings.udfs.import_udfs touches: it captures the imported .bas and MacroOptions calls."""

    def __init__(self, name: str, com_error: type[Exception]):
        self.Name = name
        self.imported: str | None = None
        self.macro_options: list[tuple[str, dict]] = []
        book = self

        class Components:
            def __call__(self, component):
                raise com_error("no module named " + component)

            def Remove(self, component):  # pragma: no cover - never reached, __call__ raises
                pass

            def Import(self, path):
                book.imported = Path(path).read_text()

        class Application:
            Version = "16.0"

            def MacroOptions(self, macro, **options):
                book.macro_options.append((macro, options))

            def Run(self, *arguments):  # the fallback import path; must not be needed
                raise AssertionError(f"Application.Run{arguments}")

        self.VBProject = types.SimpleNamespace(VBComponents=Components())
        self.Application = Application()


@pytest.fixture(scope="module")
def imported():
    """(module with xlwings metadata, the fake workbook after xlwings' own Import Functions)."""
    with macros._xlwings_udfs_without_windows() as xlwings_udfs:
        module = macros.udf_module_with_metadata(xlwings_udfs)
        saved_pro, saved_cache = xlwings_udfs.__pro__, dict(xlwings_udfs.udf_modules)
        xlwings_udfs.__pro__ = False  # the PRO branch opens the workbook through COM
        xlwings_udfs.udf_modules[macros.UDF_MODULE] = {"filename": module.__file__, "filetime": None, "module": module}
        try:
            book = FakeComWorkbook("SPAK_SPKP.xlsm", xlwings_udfs.pywintypes.com_error)
            xlwings_udfs.import_udfs(macros.UDF_MODULE, book)
        finally:
            xlwings_udfs.__pro__ = saved_pro
            xlwings_udfs.udf_modules.clear()
            xlwings_udfs.udf_modules.update(saved_cache)
    assert book.imported, "import_udfs imported nothing"
    return module, book


def stub_functions(text: str) -> dict[str, str]:
    """{name: 'Function ... End Function' block} of a VBA module's text."""
    return {m.group(1): m.group(0) for m in re.finditer(r"^Function (\w+)\(.*?^End Function", text, re.S | re.M)}


def test_the_template_holds_what_xlwings_import_functions_writes(imported):
    """The stubs in the committed template, read back by olevba, are what xlwings' own Import Functions writes."""
    _, book = imported
    parser = VBA_Parser(str(TEMPLATE))
    try:
        [shipped] = [code for _, stream, _, code in parser.extract_macros() if stream.endswith(macros.UDF_VBA_MODULE)]
    finally:
        parser.close()

    def code(text: str) -> list[str]:  # olevba drops Attribute lines; line endings differ
        return [line for line in text.replace("\r\n", "\n").split("\n") if line and not line.startswith("Attribute ")]

    assert code(shipped) == code(book.imported)


def test_each_udf_has_its_stub_with_optional_arguments_in_signature_order(imported):
    _, book = imported
    generated = stub_functions(book.imported)
    ours = stub_functions(macros.udf_stubs())
    assert set(generated) == set(ours) == set(udfs.UDF_NAMES)
    for name in udfs.UDF_NAMES:
        parameters = list(inspect.signature(getattr(udfs, name)).parameters.values())
        arguments = [p.name if p.default is inspect.Parameter.empty else f"Optional {p.name}" for p in parameters]
        function_line = f"Function {name}({', '.join(arguments)})"
        call = f'XLPy.CallUDF("{macros.UDF_MODULE}", "{name}", Array({", ".join(p.name for p in parameters)}), ThisWorkbook, Application.Caller)'
        for text in (generated[name], ours[name]):
            assert text.splitlines()[0] == function_line
            assert call in text, text
        assert ours[name] == generated[name]


def test_the_stubs_call_a_function_the_shipped_xlwings_module_defines():
    standard, _ = macros.xlwings_vba()
    assert re.search(r"^(Public )?Function XLPy\(", standard["xlwings"], re.M)
    assert version("xlwings") in standard["xlwings"]  # the DLL name XLPy loads carries the version


def test_the_udf_list_is_the_decorated_functions(imported):
    module, _ = imported
    decorated = {name for name in dir(module) if getattr(getattr(module, name), "__xlfunc__", None)}
    assert decorated == set(udfs.UDF_NAMES)


def test_insert_function_shows_indonesian_descriptions(imported):
    module, book = imported
    options = {macro.split("!")[1]: kwargs for macro, kwargs in book.macro_options}
    assert set(options) == set(udfs.UDF_NAMES)
    categories = set()
    for name in udfs.UDF_NAMES:
        xlfunc = getattr(module, name).__xlfunc__
        doc = inspect.getdoc(getattr(udfs, name))
        assert doc and len(doc) <= 255, (name, doc)
        described = options[name]
        assert described["Description"] == xlfunc["ret"]["doc"] == getattr(udfs, name).__doc__
        assert "Python function" not in described["Description"] and ".py" not in described["Description"]
        parameters = list(inspect.signature(getattr(udfs, name)).parameters)
        assert [arg["name"] for arg in xlfunc["args"]] == parameters
        for arg in xlfunc["args"]:
            assert arg["doc"] and not arg["doc"].startswith("Positional argument"), (name, arg["name"])
            assert len(arg["doc"]) <= 255, (name, arg["name"])
        assert described["ArgumentDescriptions"] == [arg["doc"] for arg in xlfunc["args"]]
        assert all(not text.startswith("Positional argument") for text in described["ArgumentDescriptions"])
        categories.add(described["Category"])
    assert categories == {udfs.CATEGORY}


def test_pyproject_pins_xlwings_around_the_installed_version():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = [Requirement(line) for line in project["dependencies"] if Requirement(line).name.lower() == "xlwings"]
    assert len(pins) == 1, project["dependencies"]
    specifier = pins[0].specifier
    assert specifier, "xlwings must be pinned: the template's VBA is generated from one xlwings line"
    installed = version("xlwings")
    assert specifier.contains(installed), f"installed xlwings {installed} is outside {specifier}"
    assert any(spec.operator in ("<", "<=", "==", "~=") for spec in specifier), f"no upper bound in {specifier}"
