"""The benchmark scripts still run: each once, on a small input (their figures are read by people, not here).

A benchmark asserts nothing about speed (the README's Benchmarks section); what is checked is that a refactor
did not leave a script calling what no longer exists, and that it prints the figures it promises.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

RUNS = {
    "bench_goals.py": (["--quick"], ["fill, 26 satker", "fill, 260 satker", "export, 260 satker", "xl-addin size 25"]),
    "bench_ribbon.py": ([], ["range reads", "range writes per fill"]),
    "bench_consolidate.py": (["5"], ["files"]),
    "bench_survey.py": (["600"], ["the floor (goal ≤ 10×)", "the floor (goal ≤ 3×)", "workbook after import"]),
    "bench_loop.py": (["--quick"], ["kirim", "terima"]),
}


@pytest.mark.parametrize("script", list(RUNS))
def test_the_benchmark_runs_and_prints_its_figures(script, tmp_path):
    arguments, printed = RUNS[script]
    environment = {**os.environ, "XLWINGS_LICENSE_KEY": "noncommercial", "TMPDIR": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    missing = [text for text in printed if text not in run.stdout]
    assert missing == [], run.stdout[-3000:]


def _mutate_module():
    spec = importlib.util.spec_from_file_location("mutate", ROOT / "benchmarks" / "mutate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["mutate"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_every_mutant_the_mutation_script_calls_equivalent_still_exists():
    # An entry naming a line that was since rewritten marks nothing (the mutant of the new line is run and
    # reported), but it misleads whoever reads the list: entries follow the code.
    mutate = _mutate_module()
    present = set()
    for name, target in mutate.MODULES.items():
        source = (ROOT / target.path).read_text(encoding="utf-8")
        lines, seen = source.splitlines(), {}
        for site in mutate.sites(source, target):
            key = (mutate._code(lines[site.line - 1].strip()), site.change)
            seen[key] = seen.get(key, 0) + 1
            present.add((name, *key, seen[key]))
    stale = []
    for name, line, described, _reason in mutate.EQUIVALENT:
        change, _, nth = described.partition(" #")
        if not any(p[:3] == (name, line, change) and (not nth or p[3] == int(nth)) for p in present):
            stale.append((name, line, described))
    assert stale == []


def test_the_mutation_script_lists_its_mutants():
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "mutate.py"), "--list", "sampling"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    first = run.stdout.splitlines()[0]
    assert first.startswith("sampling: ") and " mutants; tests: " in first and "test_sampling.py" in first, first
