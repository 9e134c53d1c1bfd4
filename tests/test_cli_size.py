"""The ``xl-addin size`` command: the formulas from a terminal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from xl_addin.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:  # argparse errors and --help exit instead of returning
        code = exit_.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_size_25(capsys):
    code, out, err = run(capsys, "size", "25")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "24"
    # 25 / (1 + 25·0.0025) = 23.529 → up 24
    assert lines[1] == ("N = 25 < 30, maka rumus Slovin: n = 25 / (1 + 25 × 0,05²) = 23,529, dibulatkan ke atas = 24.")
    assert len(lines) == 2


def test_size_9000_json(capsys):
    code, out, err = run(capsys, "size", "9000", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["size"] == 368
    assert data["method"] == "krejcie_morgan"
    assert data["population"] == 9000 and data["threshold"] == 30 and data["rounding"] == "nearest"
    assert data["parameters"] == {"d": 0.05, "confidence": 0.95, "P": 0.5, "chi2": 3.841}
    assert data["unrounded"] == pytest.approx(368.4177, abs=1e-4)
    assert "Krejcie & Morgan" in data["explanation"]  # ensure_ascii=False keeps '×', '²' readable
    assert "×" in out


def test_size_forced_slovin(capsys):
    code, out, _ = run(capsys, "size", "30", "--method", "slovin")
    # 30 / (1 + 30·0.0025) = 30 / 1.075 = 27.907 → up 28 (auto would use K&M at N = 30: also 28)
    assert code == 0
    assert out.splitlines()[0] == "28"
    assert "metode dipilih: rumus Slovin" in out
    code, out, _ = run(capsys, "size", "9000", "--method", "slovin", "--json")
    # 9000 / (1 + 22.5) = 382.98 → 383
    assert json.loads(out)["size"] == 383 and json.loads(out)["threshold"] is None


def test_size_forced_krejcie(capsys):
    code, out, _ = run(capsys, "size", "25", "--method", "krejcie", "--json")
    assert code == 0
    assert json.loads(out)["method"] == "krejcie_morgan" and json.loads(out)["size"] == 24


def test_size_confidence_99(capsys):
    code, out, _ = run(capsys, "size", "9000", "--confidence", "0.99")
    # 6.635·9000·0.25 / (0.0025·8999 + 6.635·0.25) = 14928.75 / 24.15625 = 618.0 → 618
    assert code == 0
    assert out.splitlines()[0] == "618"
    assert "6,635" in out
    # Indonesian and percent forms of the same option
    for form in ("0,99", "99%"):
        code, out, _ = run(capsys, "size", "9000", "--confidence", form)
        assert code == 0 and out.splitlines()[0] == "618"


def test_size_threshold_and_error_options(capsys):
    code, out, _ = run(capsys, "size", "25", "--error", "0.1")
    assert code == 0
    assert out.splitlines()[0] == "20"  # 25 / 1.25 = 20
    _code, out, _ = run(capsys, "size", "25", "--threshold", "20", "--json")
    assert json.loads(out)["method"] == "krejcie_morgan"


@pytest.mark.parametrize(
    "argv",
    [
        ["size", "--", "-3"],
        ["size", "25", "--error", "1.5"],
        ["size", "9000", "--confidence", "0"],
        ["size", "9000", "--threshold", "-1"],
        ["size", "1,000"],
        ["size", "9" * 400],
    ],
)
def test_size_bad_input_exits_2_with_one_indonesian_line(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1 and err.startswith("Kesalahan: "), err  # argparse's errors too: one line
    assert "Traceback" not in err and "Error" not in err and "invalid" not in err


def test_size_messages_name_the_problem(capsys):
    assert (
        run(capsys, "size", "--", "-3")[2]
        == "Kesalahan: argumen N: jumlah negatif ('-3'). Lihat: xl-addin size --help\n"
    )
    assert (
        run(capsys, "size", "25", "--error", "1.5")[2]
        == "Kesalahan: e harus angka di antara 0 dan 1 (misalnya 0,05), bukan 1,5\n"
    )
    assert "1 (koma sebagai tanda desimal) atau 1.000" in run(capsys, "size", "1,000")[2]
    assert run(capsys, "size", "1.234")[1].splitlines()[0] == "293"  # Indonesian thousands: N = 1234 → 292,96 → 293


def test_argparse_speaks_indonesian(capsys):
    code, _out, err = run(capsys, "size")
    assert code == 2 and err == "Kesalahan: argumen berikut wajib diisi: N. Lihat: xl-addin size --help\n"
    code, _out, err = run(capsys, "hitung")
    assert code == 2 and "pilihan 'hitung' tidak dikenal" in err
    with pytest.raises(SystemExit):
        main(["size", "--help"])
    assert "tampilkan bantuan ini" in capsys.readouterr().out


def test_size_not_a_number_is_argparse_error(capsys):
    code, out, err = run(capsys, "size", "abc")
    assert code == 2 and out == "" and "Traceback" not in err


def test_console_script_installed():
    script = Path(sys.executable).parent / "xl-addin"
    if not script.exists():
        pytest.fail(f"console script not found at {script}: install the package (pip install -e .)")
    completed = subprocess.run([str(script), "size", "100"], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    # 100 ≥ 30 → K&M: 96.025 / (0.2475 + 0.96025) = 79.507 → 80
    assert completed.stdout.splitlines()[0] == "80"
    assert completed.stderr == ""
    bad = subprocess.run([str(script), "size", "--", "-3"], capture_output=True, text=True, timeout=60)
    assert (
        bad.returncode == 2 and "Kesalahan: argumen N: jumlah negatif" in bad.stderr and "Traceback" not in bad.stderr
    )
