"""The benchmark scripts still run: each once, on a small input (their figures are read by people, not here).

A benchmark asserts nothing about speed (the README's Benchmarks section); what is checked is that a refactor
did not leave a script calling what no longer exists, and that it prints the figures it promises.
"""

from __future__ import annotations

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
