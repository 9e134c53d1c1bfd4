"""Mutation testing of the pure core: how many deliberately wrong versions do the tests catch? A report.

    nice .venv/bin/python benchmarks/mutate.py [MODULE ...] [--libreoffice] [--json OUT] [--rerun OLD.json]
    nice .venv/bin/python benchmarks/mutate.py --list cells     # the mutants, without running anything
    nice .venv/bin/python benchmarks/mutate.py cells --every 3  # every third mutant: a sample, when time is short

For each module (default: every one below) the script makes small changes to its source, one at a
time, with a mutator of its own on the syntax tree:

* a comparison flipped at its boundary (``<`` ↔ ``<=``, ``>`` ↔ ``>=``, ``==`` ↔ ``!=``, ``in`` ↔
  ``not in``, ``is`` ↔ ``is not``) and ``not`` dropped;
* a number constant plus or minus one;
* ``math.ceil`` ↔ ``math.floor``, ``round(x)`` → ``ceil(x)``, ``min`` ↔ ``max``;
* ``and`` ↔ ``or``;
* a statement of a function body deleted (replaced by ``pass``);
* a message text changed (``"…"`` → ``"XX…XX"``): every string literal with a space in it, f-string
  parts included, except docstrings, log calls and the English half of an error (its first argument:
  for logs and support staff, not the user).

Each mutant is written to a copy of the package in a temporary directory, which goes first on
``PYTHONPATH`` (with ``PYTHONSAFEPATH``, so no test's subprocess picks the worktree's copy either):
the worktree is never edited, so an interrupted run (Ctrl-C) leaves nothing to restore. The mutant is
run against the test files that import the module, one file at a time (its own unit tests first, then the
fastest first), each in a subprocess with ``-x`` and a timeout; it is *killed* when a test fails or a run
times out, and *survives* when every test passes. Tests marked ``libreoffice`` are left out unless
``--libreoffice`` is given.

It prints, per module, the kill rate over the non-equivalent mutants, and every survivor (file:line,
the change, the line). Known equivalent mutants (no test can tell them apart: the behaviour is the
same) are listed in ``EQUIVALENT`` below with the reason; they are counted apart. This is a report,
not a gate: it asserts nothing. ``--rerun OLD.json`` runs only the mutants that survived in an earlier
``--json`` report, and mutants that report did not have (while adding tests); the others keep the outcome they
had, and a sample stays the same sample. ``--every K`` runs one mutant in K (a systematic sample over the whole
module), for a machine too slow to run them all.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
PACKAGE = REPO_ROOT / "xl_addin"
TESTS = REPO_ROOT / "tests"


@dataclass(frozen=True)
class Target:
    """A module to mutate; functions in ``skip`` are left alone (they do I/O: not the pure core).

    ``unit`` is its own unit-test file, run first (then the others, fastest first): most mutants die there.
    """

    path: str
    unit: str
    skip: tuple[str, ...] = ()


MODULES = {
    "sampling": Target("xl_addin/sampling.py", "test_sampling.py"),
    "plan": Target("xl_addin/plan.py", "test_plan.py"),
    "cells": Target("xl_addin/cells.py", "test_cells.py"),
    "indonesian": Target("xl_addin/indonesian.py", "test_indonesian.py"),
    "survey_indices": Target("xl_addin/survey_indices.py", "test_survey_core.py"),
    "survey_counting": Target("xl_addin/survey_counting.py", "test_survey_core.py"),
    # its readers open files: only the settings, timestamps, mapping and answers are mutated
    "survey_exports": Target(
        "xl_addin/survey_exports.py",
        "test_survey_core.py",
        skip=("read_export", "_read_csv", "_read_xlsx", "EXPORT_SUFFIXES", "MAX_EXPORT_BYTES"),
    ),
}

# Mutants that behave exactly like the original: (module, the original line of code, the change, why);
# "change #n" when a line has the same change more than once (the n-th, counting from its start).
EQUIVALENT: list[tuple[str, str, str, str]] = [
    *(
        ("cells", "context.prec = 60", change, "59 or 61 digits: far beyond the 15 significant digits rounded here")
        for change in ("60 → 61", "60 → 59")
    ),
    *(
        ("cells", line, change, "quantize takes only the exponent of its argument: 2E-3 or 0E-3 rounds as 1E-3 does")
        for line in (
            'value = Decimal(format(number, ".15g")).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)',
            'value = Decimal(format(number, ".15g")).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)',
            "step = decimal.Decimal(1).scaleb(-decimals)",
        )
        for change in ("1 → 2", "1 → 0")
    ),
    (
        "cells",
        "result = (math.ceil(guarded) if guarded >= 0 else math.floor(guarded)) if up else excel_round(value, 0)",
        "`>=` → `>`",
        "at 0 both ROUNDUP's ceil and floor give 0",
    ),
    (
        "cells",
        "if position is UNKNOWN:",
        "statement deleted #2",
        "in RealisationFormulas._chart: the headers it looks the month up in are the table's own texts, never unknown",
    ),
    (
        "cells",
        "keys.update(key for _header, key, _text in self._shares)",
        "statement deleted",
        "the chart's block reads the same count columns as the percentages: the line below adds every one of them",
    ),
    ("cells", "return None", "statement deleted #2", "at the end of _Matcher._key: the function returns None anyway"),
    (
        "cells",
        "if value is UNKNOWN:",
        "statement deleted #3",
        "in _LookupColumn.__call__ (the third such line): the line after it returns an UNKNOWN value as it is",
    ),
    (
        "sampling",
        "if type(population) is int and population >= 0:",
        "`>=` → `>`",
        "0 then takes the general path below, which accepts it the same way",
    ),
    (
        "sampling",
        "if type(population) is int and population >= 0:",
        "0 → 1",
        "0 then takes the general path below, which accepts it the same way",
    ),
    (
        "sampling",
        "if type(population) is int and population >= 0:",
        "statement deleted",
        "a shortcut for speed: the general path below accepts every whole number ≥ 0 the same way",
    ),
    (
        "sampling",
        "return population",
        "statement deleted",
        "a shortcut for speed: the general path below returns the same whole number",
    ),
    (
        "sampling",
        "return _PUBLISHED_CHI_SQUARE[confidence]",
        "statement deleted",
        "a shortcut for import speed: the computed χ² is the written one (a test says so)",
    ),
    (
        "sampling",
        "if confidence in _PUBLISHED_CHI_SQUARE:",
        "statement deleted",
        "a shortcut for import speed: the computed χ² is the written one (a test says so)",
    ),
    *(
        ("sampling", piece, change, "for N = 0 the formula below gives 0 too: 0 / (χ²·P(1−P) − d²)")
        for piece, change in (
            ("if population == 0:", "statement deleted"),
            ("if population == 0:", "0 → -1"),
            ("return 0.0", "statement deleted"),
        )
    ),
    *(
        (
            "sampling",
            "return chi2 * variance / (margin**2 * (1 - 1 / population) + chi2 * variance / population)",
            change,
            "beyond N = 10^15, 1/N changes d²·(1 − 1/N) below a float's precision (the second 1 of the line)",
        )
        for change in ("1 → 2 #2", "1 → 0 #2")
    ),
    ("sampling", "if population > _HUGE:", "`>` → `>=`", "at N = 10^15 both forms of the formulas agree"),
    *(
        ("sampling", "return 1 / (1 / population + error**2)", change, "beyond N = 10^15, 1/N is below e²'s precision")
        for change in ("1 → 2 #2", "1 → 0 #2")
    ),
    (
        "sampling",
        "population = _check_population(population)",
        "statement deleted #4",
        "in minimum_respondents (the fourth such line): Rule.sample checks N again",
    ),
    ("sampling", "_HUGE = 1e15", "1000000000000000.0 → 1000000000000001.0", "both forms of the formulas agree there"),
    ("sampling", "_HUGE = 1e15", "1000000000000000.0 → 999999999999999.0", "both forms of the formulas agree there"),
    (
        "sampling",
        "@lru_cache(maxsize=256)",
        "256 → 257",
        "a cache size: the results are the same",
    ),
    (
        "sampling",
        "@lru_cache(maxsize=256)",
        "256 → 255",
        "a cache size: the results are the same",
    ),
    (
        "sampling",
        "_cached_rule = lru_cache(maxsize=64, typed=True)(Rule)",
        "64 → 65",
        "a cache size: the results are the same",
    ),
    (
        "sampling",
        "_cached_rule = lru_cache(maxsize=64, typed=True)(Rule)",
        "64 → 63",
        "a cache size: the results are the same",
    ),
    (
        "cells",
        "return len(stripped) <= 5 and stripped.upper() in _LOGICAL_VALUES",
        "5 → 6",
        "no logical value has six letters: the length is a shortcut before the lookup",
    ),
    (
        "cells",
        "return len(stripped) <= 5 and stripped.upper() in _LOGICAL_VALUES",
        "statement deleted",
        "a shortcut for speed: the general check below gives the same answer for text starting with a letter",
    ),
    (
        "survey_indices",
        "return Decimal(whole if value >= 0 else -whole).scaleb(-decimals)",
        "`>=` → `>`",
        "for 0, -whole is 0 as well",
    ),
    *(
        ("survey_indices", line, change, "a question or element without answers reads (x, 0 or less): the same")
        for line in (
            "total, answered = scores.get(code, (0, 0))",
            "means = tuple((code, Fraction(*scores[code])) for code in codes if scores.get(code, (0, 0))[1] > 0)",
            "q.element: scores.get(q.code, (0, 0)) for q in mapping.questions_of(survey) if q.element is not None",
        )
        for change in ("0 → 1 #1", "0 → -1 #1", "0 → -1 #2")
    ),
    *(
        ("survey_indices", line, change, "a question without answers reads (x, 0): the same")
        for line in ["unanswered = tuple(code for code in codes if scores.get(code, (0, 0))[1] == 0)"]
        for change in ("0 → 1 #1", "0 → -1 #1")
    ),
    *(
        ("survey_indices", line, "1 → 0", "answers are 1 or more: the sum is 0 exactly when no answer was given")
        for line in (
            "means = tuple((code, Fraction(*scores[code])) for code in codes if scores.get(code, (0, 0))[1] > 0)",
            "unanswered = tuple(code for code in codes if scores.get(code, (0, 0))[1] == 0)",
        )
    ),
    (
        "survey_counting",
        "self.groups.items(), key=lambda item: (order[item[0][0]], self.names[item[0][1]].casefold(), item[0][2:])",
        "2 → 1",
        "the satker key added to the sort key never decides: one key, one name",
    ),
    (
        "survey_counting",
        'FILL, UPDATE, KEEP, OVERWRITE = "diisi", "diperbarui", "tidak diubah", "ditimpa"',
        "text 'tidak diubah' changed",
        "an action's name is compared, never shown",
    ),
    (
        "survey_counting",
        'TWO_WAY = "two ways"',
        "text 'two ways' changed",
        "a marker compared by identity, never shown",
    ),
    ("survey_counting", "assert month_first is not None", "statement deleted", "an assertion for the type checker"),
    (
        "survey_counting",
        "return False if found is None else (found[0], found[1], found[3][:6])",
        "statement deleted",
        "the fast path's reading of a time: without it every row takes read_timestamp's path, with the same result",
    ),
    (
        "survey_counting",
        "for column, cell in zip(self.stored_columns, padded(cells, 3)):",
        "3 → 4",
        "zip stops at the three stored columns either way",
    ),
    *(
        (
            "survey_exports",
            "lines = text[: 64 * 1024].splitlines()[:20]",
            change,
            "the delimiter is guessed from the file's first lines: a line or a KiB more or less changes no export's guess",
        )
        for change in ("64 → 65", "64 → 63", "20 → 21", "20 → 19", "1024 → 1025", "1024 → 1023")
    ),
    *(  # at the ends of _number, _continued and _decide_order
        ("survey_counting", "return None", f"statement deleted #{n}", "the function returns None when it ends anyway")
        for n in (2, 3, 4)
    ),
    (
        "survey_counting",
        "survey: {str(value): value for value in range(1, settings.scale(survey) + 1)} for survey in SURVEYS",
        "1 → 2 #1",
        "a shortcut for the common answers: without it, '1' is read the general way, as 1",
    ),
    (
        "survey_counting",
        "survey: {str(value): value for value in range(1, settings.scale(survey) + 1)} for survey in SURVEYS",
        "1 → 0 #2",
        "a shortcut for the common answers: without it, the highest is read the general way, the same",
    ),
    (
        "survey_counting",
        "survey = columns.surveys[0]",
        "0 → -1",
        "a file of one survey: first is last",
    ),
    *(
        ("survey_exports", "return None", f"statement deleted #{n}", "the function returns None when it ends anyway")
        for n in (10,)  # at the end of ColumnMapping.ikm_survey
    ),
    ("survey_exports", "assert month_first is not None", "statement deleted", "an assertion for the type checker"),
    *(
        ("survey_exports", line, change, "one column matched (two raised above, none went on): first is last")
        for line, change in (
            ("return places[0] if places else None", "0 → -1"),
            ("if places[0] in taken or places[0] in (timestamp, satker, survey, response_id):", "0 → -1 #1"),
            ("if places[0] in taken or places[0] in (timestamp, satker, survey, response_id):", "0 → -1 #2"),
            ('f"column {raw_headers[places[0]]!r} mapped twice",', "0 → -1"),
            ("f\"kolom '{raw_headers[places[0]]}' dipetakan dua kali (pertanyaan {question.code} dan \"", "0 → -1"),
            ("f\"{taken[places[0]].code if places[0] in taken else 'kolom lain'})\",", "0 → -1 #1"),
            ("f\"{taken[places[0]].code if places[0] in taken else 'kolom lain'})\",", "0 → -1 #2"),
            ("taken[places[0]] = question", "0 → -1"),
            ("placed.append((question, places[0]))", "0 → -1"),
        )
    ),
    ("plan", "return None", "statement deleted #1", "the function returns None when it ends anyway"),
    (
        "plan",
        'raise _setting_error(setting, raw, "between 0 and 1") from None',
        "statement deleted",
        "the text stays text, and the check below raises the same error",
    ),
    *(
        (
            "cells",
            "if text[:1].isalpha():",
            change,
            "a shortcut: the general check gives letter-first text the same answer",
        )
        for change in ("1 → 2", "1 → 0", "statement deleted")
    ),
    *(
        ("cells", piece, "statement deleted", "blank text falls through every check below to False as well")
        for piece in ("if not stripped:", "return False")
    ),
    (
        "indonesian",
        "value = Decimal(repr(number)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)",
        "1 → 2",
        "quantize takes only the exponent of its argument: 2E-3 rounds as 1E-3 does",
    ),
    (
        "indonesian",
        "value = Decimal(repr(number)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)",
        "1 → 0",
        "quantize takes only the exponent of its argument: 0E-3 rounds as 1E-3 does",
    ),
    (
        "indonesian",
        'return f"{number:,}".translate(_MARKS)',
        "statement deleted",
        "a shortcut for speed: the general path below writes a whole number the same way",
    ),
    (
        "indonesian",
        "if kind is int and -_NO_GROUPING < number < _NO_GROUPING:",
        "statement deleted",
        "a shortcut for speed: the general path below writes a whole number the same way",
    ),
    (
        "indonesian",
        "return _format_cached(number, decimals)",
        "statement deleted",
        "a shortcut for speed: the general path below formats a float the same way",
    ),
    (
        "indonesian",
        "if kind is float and number and -_NO_GROUPING < number < _NO_GROUPING:",
        "statement deleted",
        "a shortcut for speed: the general path below formats a float the same way",
    ),
    (
        "indonesian",
        'return "-0" if math.copysign(1.0, number) < 0 else "0"',
        "1.0 → 2.0",
        "only the sign copysign gives is compared",
    ),
    (
        "indonesian",
        'return "-0" if math.copysign(1.0, number) < 0 else "0"',
        "0 → 1",
        "copysign gives 1.0 or -1.0: below 1 exactly when below 0",
    ),
    (
        "indonesian",
        'return "-0" if math.copysign(1.0, number) < 0 else "0"',
        "`<` → `<=`",
        "copysign gives 1.0 or -1.0, never 0",
    ),
    *(
        ("indonesian", line, change, "the two readings of a count have three decimals at most: 9 or 11 places alike")
        for line in (
            'f"{format_number(float(indonesian), 10)} (koma sebagai tanda desimal) atau "',
            'f"{format_number(float(english), 10)} (koma sebagai pemisah ribuan gaya Inggris). "',
        )
        for change in ("10 → 11", "10 → 9")
    ),
    (
        "indonesian",
        "assert number is not None",
        "statement deleted",
        "an assertion for the type checker: the branch above has already returned when both readings are None",
    ),
    (
        "indonesian",
        "if number > MAX_COUNT:",
        "statement deleted",
        "parse_count, the only caller, checks the same bound with the same message",
    ),
    (
        "indonesian",
        'raise _bad(value, "is too large", "jumlah terlalu besar (lebih dari 15 digit); periksa isiannya")',
        "statement deleted #2",
        "parse_count, the only caller, checks the same bound with the same message (equivalent in the text path)",
    ),
    (
        "indonesian",
        "@lru_cache(maxsize=65536)",
        "65536 → 65537",
        "a cache size: the results are the same",
    ),
    (
        "indonesian",
        "@lru_cache(maxsize=65536)",
        "65536 → 65535",
        "a cache size: the results are the same",
    ),
]

_COMPARISONS = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_SYMBOLS = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
}
# Calls taking an English message (for logs and support staff) and which argument holds it.
_ENGLISH_ARGUMENT = {
    "InputError": 0,
    "LayoutError": 0,
    "FileError": 0,
    "TimestampError": 0,
    "AmbiguousTimestamp": 0,
    "UnknownLabel": 0,
    "XlAddinError": 0,
    "ValueError": 0,
    "_bad": 1,
    "_store_problem": 1,
    "_mapping_problem": 1,
    "_file_problem": 1,
}
_LOGGERS = ("log", "logging", "logger")
# Fields of a node that are never evaluated here (every module has `from __future__ import annotations`).
_NOT_EVALUATED = ("annotation", "returns", "type_comment", "format_spec")


@dataclass(frozen=True)
class Site:
    index: int
    line: int
    change: str


class Mutator(ast.NodeTransformer):
    """Numbers every place a mutation can go, in one fixed order; with ``target`` set, changes that one.

    Children are visited before their node, and nothing is replaced before ``target``, so listing and
    mutating number the sites the same way.
    """

    def __init__(self, skip: tuple[str, ...] = (), target: int | None = None) -> None:
        self.skip = skip
        self.target = target
        self.sites: list[Site] = []
        self.applied = False
        self._untouched: set[int] = set()  # ids of string constants that are not messages
        self._in_function = 0

    # -- bookkeeping ------------------------------------------------------------------------------

    def _site(self, node: ast.AST, change: str) -> bool:
        """Record a site; whether it is the one to change now."""
        index = len(self.sites)
        self.sites.append(Site(index, node.lineno, change))
        if index == self.target:
            self.applied = True
            return True
        return False

    def generic_visit(self, node: ast.AST) -> ast.AST:
        for name, value in ast.iter_fields(node):
            if name in _NOT_EVALUATED:
                continue
            if isinstance(value, list):
                new = []
                for item in value:
                    if isinstance(item, ast.AST):
                        item = self.visit(item)
                        if item is None:
                            continue
                        if not isinstance(item, ast.AST):
                            new.extend(item)
                            continue
                    new.append(item)
                value[:] = new
            elif isinstance(value, ast.AST):
                replaced = self.visit(value)
                if replaced is None:
                    delattr(node, name)
                else:
                    setattr(node, name, replaced)
        return node

    def _mark_untouched(self, node: ast.AST) -> None:
        for child in ast.walk(node):
            if isinstance(child, ast.Constant) and isinstance(child.value, str):
                self._untouched.add(id(child))

    # -- what is never mutated --------------------------------------------------------------------

    def _body_with_docstring(self, node: ast.AST) -> None:
        body = getattr(node, "body", None)
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            self._mark_untouched(body[0])

    def visit_Module(self, node: ast.Module) -> ast.AST:
        self._body_with_docstring(node)
        for statement in node.body:
            if isinstance(statement, (ast.Import, ast.ImportFrom)):
                self._mark_untouched(statement)
            if isinstance(statement, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__all__" for t in statement.targets
            ):
                self._mark_untouched(statement)
        # constants of the functions left alone are left alone too
        node.body = [
            statement
            if isinstance(statement, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id in self.skip for t in statement.targets)
            else self.visit(statement)
            for statement in node.body
        ]
        return node

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:
        self._body_with_docstring(node)
        for statement in node.body:
            if isinstance(statement, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id in ("__slots__", "_FIELDS") for t in statement.targets
            ):
                self._mark_untouched(statement)
        return self.generic_visit(node)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.AST:
        if node.name in self.skip:
            return node
        self._body_with_docstring(node)
        self._in_function += 1
        try:
            node.body = self._statements(node.body)
            for name in ("args", "decorator_list"):
                value = getattr(node, name)
                if isinstance(value, list):
                    setattr(node, name, [self.visit(item) for item in value])
                else:
                    setattr(node, name, self.visit(value))
        finally:
            self._in_function -= 1
        return node

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function

    def visit_Call(self, node: ast.Call) -> ast.AST:
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        english = _ENGLISH_ARGUMENT.get(name)
        if english is not None and len(node.args) > english:
            self._mark_untouched(node.args[english])  # the English half: for logs and support staff
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in _LOGGERS:
            self._mark_untouched(node)
        if isinstance(func, ast.Name) and func.id in ("getattr", "setattr", "hasattr", "attrgetter"):
            self._mark_untouched(node)
        self.generic_visit(node)
        if isinstance(func, ast.Name) and func.id in ("min", "max"):
            other = "max" if func.id == "min" else "min"
            if self._site(node, f"{func.id}() → {other}()"):
                node.func = ast.Name(other, ast.Load())
        elif isinstance(func, ast.Attribute) and func.attr in ("ceil", "floor"):
            other = "floor" if func.attr == "ceil" else "ceil"
            if self._site(node, f"{func.attr}() → {other}()"):
                node.func = ast.Attribute(func.value, other, ast.Load())
        elif (
            isinstance(func, ast.Name)
            and func.id == "round"
            and len(node.args) == 1
            and not node.keywords
            and self._site(node, "round() → ceil()")
        ):
            math = ast.Call(ast.Name("__import__", ast.Load()), [ast.Constant("math")], [])
            node.func = ast.Attribute(math, "ceil", ast.Load())
        return node

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        # dictionary keys and attribute-like lookups are data, not messages
        self._mark_untouched(node.slice)
        return self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict) -> ast.AST:
        for key in node.keys:
            if key is not None:
                self._mark_untouched(key)
        return self.generic_visit(node)

    # -- the mutations ----------------------------------------------------------------------------

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        for position, op in enumerate(node.ops):
            flipped = _COMPARISONS[type(op)]
            if self._site(node, f"`{_SYMBOLS[type(op)]}` → `{_SYMBOLS[flipped]}`"):
                node.ops[position] = flipped()
        return node

    def visit_BoolOp(self, node: ast.BoolOp) -> ast.AST:
        self.generic_visit(node)
        now, other = ("and", "or") if isinstance(node.op, ast.And) else ("or", "and")
        if self._site(node, f"`{now}` → `{other}`"):
            node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        return node

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, ast.Not) and self._site(node, "`not` dropped"):
            return node.operand
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        value = node.value
        if isinstance(value, bool):
            return node
        if isinstance(value, (int, float)):
            for delta in (1, -1):
                if self._site(node, f"{value!r} → {value + delta!r}"):
                    return ast.copy_location(ast.Constant(value + delta), node)
        elif isinstance(value, str) and " " in value and id(node) not in self._untouched:
            shown = value if len(value) <= 40 else value[:37] + "…"
            if self._site(node, f"text {shown!r} changed"):
                return ast.copy_location(ast.Constant("XX" + value + "XX"), node)
        return node

    def _statements(self, body: list[ast.stmt]) -> list[ast.stmt]:
        out = []
        for statement in body:
            visited = self.visit(statement)
            deletable = not (
                isinstance(statement, (ast.Pass, ast.FunctionDef, ast.ClassDef, ast.Global, ast.Nonlocal))
                or (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant))
            )
            if deletable and self._in_function and self._site(statement, "statement deleted"):
                visited = ast.copy_location(ast.Pass(), statement)
            out.append(visited)
        return out

    def _with_bodies(self, node: ast.AST) -> ast.AST:
        for name in ("body", "orelse", "finalbody"):
            if isinstance(getattr(node, name, None), list):
                setattr(node, name, self._statements(getattr(node, name)))
        for name, value in ast.iter_fields(node):
            if name in ("body", "orelse", "finalbody") or name in _NOT_EVALUATED:
                continue
            if isinstance(value, list):
                setattr(node, name, [self.visit(item) if isinstance(item, ast.AST) else item for item in value])
            elif isinstance(value, ast.AST):
                setattr(node, name, self.visit(value))
        return node

    visit_If = visit_For = visit_While = visit_With = visit_Try = _with_bodies

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> ast.AST:
        return self._with_bodies(node)


def sites(source: str, target: Target) -> list[Site]:
    mutator = Mutator(target.skip)
    mutator.visit(ast.parse(source))
    return mutator.sites


def mutant(source: str, target: Target, index: int) -> str:
    mutator = Mutator(target.skip, index)
    tree = mutator.visit(ast.parse(source))
    assert mutator.applied, index
    return ast.unparse(ast.fix_missing_locations(tree))


# -- which tests, and running them ------------------------------------------------------------------


def test_files(module: str) -> list[Path]:
    """The test files that import ``xl_addin.<module>`` (either import form)."""
    found = []
    for path in sorted(TESTS.glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == f"xl_addin.{module}":
                found.append(path)
                break
            if (
                isinstance(node, ast.ImportFrom)
                and node.module == "xl_addin"
                and any(alias.name == module for alias in node.names)
            ):
                found.append(path)
                break
            if isinstance(node, ast.Import) and any(alias.name == f"xl_addin.{module}" for alias in node.names):
                found.append(path)
                break
    return found


@dataclass
class Outcome:
    module: str
    line: int
    change: str
    source: str
    status: str  # killed, timeout, survived, equivalent, error, not sampled
    seconds: float = 0.0
    ordinal: int = 0  # among mutants with the same line of code and change


@dataclass
class Report:
    module: str
    tests: list[str]
    baseline_seconds: float
    every: int = 1  # 1: every mutant was run; k: one in k (a systematic sample, spread over the whole module)
    outcomes: list[Outcome] = field(default_factory=list)


def _pytest(files: list[Path], root: Path, work: Path, timeout: float, libreoffice: bool) -> tuple[str, float]:
    """Run the files against the snapshot under ``root``; ("passed" | "failed" | "timeout" | "empty", seconds)."""
    env = dict(os.environ)
    env.update(PYTHONPATH=str(root), PYTHONSAFEPATH="1", PYTHONDONTWRITEBYTECODE="1")
    env.setdefault("XL_ADDIN_SHARED", str(REPO_ROOT.parent / "shared"))
    env.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-x",
        "-q",
        "--no-header",
        "-p",
        "no:cacheprovider",
        "--hypothesis-seed=0",
        f"--rootdir={root}",
        "-c",
        str(root / "pyproject.toml"),
        *([] if libreoffice else ["-m", "not libreoffice"]),
        *map(str, files),
    ]
    started = time.monotonic()
    process = subprocess.Popen(
        command, cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return "timeout", time.monotonic() - started
    except BaseException:  # Ctrl-C: take the test run down with us
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    # 5: nothing selected (a file whose every test needs LibreOffice): it can kill no mutant
    return {0: "passed", 5: "empty"}.get(code, "failed"), time.monotonic() - started


def _run_files(
    files: list[Path], timings: dict[Path, float], root: Path, work: Path, libreoffice: bool
) -> tuple[str, float]:
    """Each file in turn, fastest first, until one fails: a mutant its own unit tests kill never waits for the
    slow files to be collected. Each file's timeout is four times its unmutated time plus a minute (the machine
    is shared)."""
    spent = 0.0
    for path in files:
        status, seconds = _pytest([path], root, work, 4 * timings[path] + 60, libreoffice)
        spent += seconds
        if status != "passed":
            return status, spent
    return "passed", spent


def _code(line_text: str) -> str:
    """A line without its comment."""
    return line_text.split("  # ")[0].strip()


def _equivalent(module: str, line_text: str, change: str, ordinal: int) -> str | None:
    """The reason a mutant is equivalent, if it is listed: the line's code (without its comment) is the listed
    one, and so is the change ("change #n": the n-th such change of that line of code in the module)."""
    code = _code(line_text)
    for name, line, described, reason in EQUIVALENT:
        described, _, nth = described.partition(" #")
        if name == module and line == code and described == change and (not nth or int(nth) == ordinal):
            return reason
    return None


def run_module(
    module: str,
    libreoffice: bool,
    earlier: dict[tuple[str, str, int], str] | None,
    progress: bool = True,
    every: int = 1,
) -> Report | None:
    """Run the module's mutants (one in ``every``). ``earlier``: the outcomes of an earlier run (a rerun): only
    its survivors and mutants it did not have are run, the others keep their outcome ("not sampled" too)."""
    target = MODULES[module]
    original = (REPO_ROOT / target.path).read_text(encoding="utf-8")
    lines = original.splitlines()
    files = test_files(module)
    if not files:
        print(f"{module}: no test file imports it", flush=True)
        return None
    with tempfile.TemporaryDirectory(prefix="mutate-") as temporary:
        root = Path(temporary) / "root"
        work = Path(temporary) / "work"
        work.mkdir()
        # the tests and what they read run from a snapshot too: editing the worktree during a run changes nothing
        ignore = shutil.ignore_patterns("__pycache__", ".hypothesis")
        shutil.copytree(PACKAGE, root / "xl_addin", ignore=ignore)
        for folder in ("tests", "template", "docs"):
            shutil.copytree(REPO_ROOT / folder, root / folder, ignore=ignore)
        for name in ("pyproject.toml", "README.md", "DEVELOPERS.md"):
            shutil.copy2(REPO_ROOT / name, root / name)
        files = [root / "tests" / path.name for path in files]
        mutated = root / target.path
        # The baseline: the unparsed (but unchanged) module must pass, and each file's time orders the run.
        mutated.write_text(ast.unparse(ast.parse(original)), encoding="utf-8")
        timings = {}
        for path in list(files):
            status, seconds = _pytest([path], root, work, 900, libreoffice)
            if status == "empty":
                files.remove(path)
                continue
            if status != "passed":
                print(f"{module}: {path.name} does not pass on the unchanged module; skipped", flush=True)
                return None
            timings[path] = seconds
        files.sort(key=lambda path: (path.name != target.unit, timings[path]))
        baseline = sum(timings.values())
        report = Report(module, [path.name for path in files], baseline, every)
        found = sites(original, target)
        seen: dict[tuple[str, str], int] = {}
        print(
            f"{module}: {len(found)} mutants, tests {', '.join(report.tests)} ({baseline:.0f} s unmutated)",
            flush=True,
        )
        for position, site in enumerate(found):
            line_text = lines[site.line - 1].strip()
            key = (_code(line_text), site.change)
            seen[key] = seen.get(key, 0) + 1
            outcome = Outcome(module, site.line, site.change, line_text, "", ordinal=seen[key])
            reason = _equivalent(module, line_text, site.change, seen[key])
            if reason is not None:
                outcome.status = "equivalent"
            elif earlier is not None and earlier.get((line_text, site.change, seen[key]), "survived") not in (
                "survived",
                "equivalent",  # called equivalent then, not now: run it
            ):
                outcome.status = earlier[(line_text, site.change, seen[key])]  # as in the earlier report
            elif earlier is None and position % every:
                outcome.status = "not sampled"
            else:
                try:
                    mutated.write_text(mutant(original, target, site.index), encoding="utf-8")
                except (SyntaxError, ValueError) as error:  # a mutant that does not compile is no mutant
                    outcome.status = "error"
                    print(f"  {target.path}:{site.line} {site.change}: not compiled ({error})", flush=True)
                else:
                    status, outcome.seconds = _run_files(files, timings, root, work, libreoffice)
                    outcome.status = {"passed": "survived", "failed": "killed", "timeout": "timeout"}[status]
                if progress and outcome.status == "survived":
                    print(f"  survived {target.path}:{site.line} {site.change}  | {line_text}", flush=True)
            report.outcomes.append(outcome)
            if progress and len(report.outcomes) % 25 == 0:
                print(f"  {len(report.outcomes)} of {len(found)} done", flush=True)
        return report


def summary(report: Report) -> Iterator[str]:
    counted = [o for o in report.outcomes if o.status in ("killed", "timeout", "survived")]
    killed = [o for o in counted if o.status != "survived"]
    equivalent = [o for o in report.outcomes if o.status == "equivalent"]
    rate = 100 * len(killed) / len(counted) if counted else 100.0
    sample = f" (a sample: 1 in {report.every} mutants run)" if report.every > 1 else ""
    yield (
        f"{report.module:16} {len(killed):4} of {len(counted):4} killed ({rate:5.1f} %){sample}, "
        f"{len(equivalent)} equivalent, {sum(o.status == 'timeout' for o in counted)} by timeout; "
        f"tests: {', '.join(report.tests)}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help=f"default: all of {', '.join(MODULES)}")
    parser.add_argument("--libreoffice", action="store_true", help="also run the tests marked libreoffice")
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    parser.add_argument("--json", type=Path, help="write every outcome to this file")
    parser.add_argument("--rerun", type=Path, help="run only the survivors of this earlier --json report")
    parser.add_argument("--every", type=int, default=1, help="run one mutant in this many (a sample), default 1")
    arguments = parser.parse_args(argv)
    # Ctrl-C, and a polite kill, stop the run the same way: the running test is ended and the temporary copy
    # removed (a shell's background job starts with Ctrl-C ignored: it is turned back on here)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    modules = arguments.modules or list(MODULES)
    unknown = [module for module in modules if module not in MODULES]
    if unknown:
        parser.error(f"not a module this script mutates: {', '.join(unknown)}")
    if arguments.list:
        for module in modules:
            target = MODULES[module]
            lines = (REPO_ROOT / target.path).read_text(encoding="utf-8").splitlines()
            found = sites((REPO_ROOT / target.path).read_text(encoding="utf-8"), target)
            print(f"{module}: {len(found)} mutants; tests: {', '.join(p.name for p in test_files(module))}")
            for site in found:
                print(f"  {target.path}:{site.line} {site.change}  | {lines[site.line - 1].strip()}")
        return
    earlier: dict[str, dict[tuple[str, str, int], str]] = {}
    sampled: dict[str, int] = {}  # a rerun keeps the earlier run's sample
    if arguments.rerun:
        for item in json.loads(arguments.rerun.read_text(encoding="utf-8")):
            sampled[item["module"]] = item.get("every", 1)
            outcomes = earlier.setdefault(item["module"], {})
            for outcome in item["outcomes"]:
                outcomes[(outcome["source"], outcome["change"], outcome["ordinal"])] = outcome["status"]
    reports = []
    try:
        for module in modules:
            outcomes = earlier.get(module, {}) if arguments.rerun else None
            every = sampled.get(module, 1) if arguments.rerun else arguments.every
            report = run_module(module, arguments.libreoffice, outcomes, every=every)
            if report is not None:
                reports.append(report)
    except KeyboardInterrupt:
        print("\ninterrupted: figures for the modules finished so far", flush=True)
    print()
    print("Kill rate over non-equivalent mutants" + (" (rerun of survivors)" if arguments.rerun else ""))
    for report in reports:
        print(*summary(report), sep="\n")
    for report in reports:
        survivors = [o for o in report.outcomes if o.status == "survived"]
        if survivors:
            print(f"\nSurviving mutants of {report.module} ({len(survivors)}):")
            for outcome in survivors:
                print(f"  {MODULES[report.module].path}:{outcome.line} {outcome.change}  | {outcome.source}")
        equivalent = [o for o in report.outcomes if o.status == "equivalent"]
        for outcome in equivalent:
            reason = _equivalent(report.module, outcome.source, outcome.change, outcome.ordinal)
            print(f"  equivalent {MODULES[report.module].path}:{outcome.line} {outcome.change}: {reason}")
    if arguments.json:
        arguments.json.write_text(
            json.dumps([asdict(report) for report in reports], ensure_ascii=False, indent=1), encoding="utf-8"
        )


if __name__ == "__main__":
    main()
