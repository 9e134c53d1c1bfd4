"""The README's examples run as written: each ``$ xl-addin …`` line in a console block prints what follows it.

In an expected line, "..." stands for any text (the README shortens long JSON that way).
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

import pytest
from support import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def _examples() -> list[tuple[str, list[str]]]:
    examples = []
    for block in re.findall(r"```console\n(.*?)```", README, re.S):
        command, expected = None, []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command:
                    examples.append((command, expected))
                command, expected = line[2:], []
            elif command is not None:
                expected.append(line)
        if command:
            examples.append((command, expected))
    return examples


EXAMPLES = _examples()


def test_the_readme_has_examples():
    assert len(EXAMPLES) >= 2


@pytest.mark.parametrize("command, expected", EXAMPLES, ids=[command for command, _ in EXAMPLES])
def test_readme_example_prints_what_the_readme_says(command, expected):
    argv = shlex.split(command)
    assert argv[0] == "xl-addin", command
    completed = subprocess.run(
        [sys.executable, "-m", "xl_addin", *argv[1:]], capture_output=True, text=True, timeout=60, cwd=REPO_ROOT
    )
    assert completed.returncode == 0, completed.stderr
    printed = completed.stdout.splitlines()
    assert len(printed) >= len(expected), printed
    for want, got in zip(expected, printed):
        pattern = ".*".join(re.escape(part) for part in want.split("..."))
        assert re.fullmatch(pattern, got), (want, got)


DOCUMENTS = {
    path.relative_to(REPO_ROOT).as_posix(): path.read_text(encoding="utf-8")
    for path in [REPO_ROOT / "README.md", REPO_ROOT / "DEVELOPERS.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]
}


@pytest.mark.parametrize("document", list(DOCUMENTS))
def test_every_file_the_documents_name_exists(document):
    named = set(re.findall(r"\b(?:xl_addin|tests|benchmarks|template|docs)/[\w/.-]+\.(?:py|md|xlsm|bas|xml|txt)\b",
                           DOCUMENTS[document]))  # fmt: skip
    assert sorted(path for path in named if not (REPO_ROOT / path).exists()) == []


@pytest.mark.parametrize("document", list(DOCUMENTS))
def test_no_module_called_thin_is_long(document):
    # "thin adapters" once described modules of 700 lines; a word a reader trusts must stay true
    modules = {path.name: path for path in (REPO_ROOT / "xl_addin").rglob("*.py")}
    for paragraph in re.split(r"\n\s*\n", DOCUMENTS[document]):
        if re.search(r"\bthin\b", paragraph, re.IGNORECASE):
            named = [name for name in re.findall(r"\b(\w+\.py)\b", paragraph) if name in modules]
            long = {name: len(modules[name].read_text(encoding="utf-8").splitlines()) for name in named}
            assert {name: lines for name, lines in long.items() if lines > 300} == {}, paragraph
