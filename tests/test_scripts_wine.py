"""PASANG.cmd and HAPUS.cmd run by a real cmd interpreter: Wine's ``cmd.exe``, headless.

Wine's cmd is a reimplementation, not Windows' own, and this Wine has no Python: so this shows
that the scripts parse and flow as batch files (labels, blocks, ``goto``, ``if errorlevel``,
``exit /b`` codes) from a folder whose name holds ``(``, ``)`` and ``&``, that PASANG.cmd stops
with code 3 and its message when no Python is found, and that HAPUS.cmd removes exactly its own
folder. Wine's ``where`` and ``tasklist`` are stubs (they find nothing and report success), so the
Python search and the "Excel is open" check are not exercised here; tests/test_bundle.py reads
their text. Installed by ``.ci/run`` (Debian's ``wine64``); a missing Wine FAILS these tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from xl_addin.build import bundle as builder

# A folder name that breaks unquoted batch code: ( and ) end blocks, & starts a new command.
AWKWARD = "paket (1) R&D"


def find_wine() -> str:
    for candidate in ("wine64", "wine", "/usr/lib/wine/wine64"):
        found = shutil.which(candidate)
        if found:
            return found
    pytest.fail(
        "Wine not found. `.ci/run` installs it (apt-get install wine64); it runs PASANG.cmd and HAPUS.cmd headless.",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def wine(tmp_path_factory):
    """Run ``cmd /c <command line>`` in this session's own Wine prefix; (exit code, output)."""
    binary = find_wine()
    prefix = tmp_path_factory.mktemp("wineprefix")
    environment = {
        **os.environ,
        "WINEPREFIX": str(prefix),
        "WINEDEBUG": "-all",
        "WINEDLLOVERRIDES": "mscoree,mshtml=",  # no Mono or Gecko installer dialogs
        "DISPLAY": "",
    }

    def run(command_line: str, cwd: Path) -> tuple[int, str]:
        completed = subprocess.run(
            [binary, "cmd", "/c", command_line],
            cwd=cwd,
            env=environment,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=240,
            stdin=subprocess.DEVNULL,
        )
        return completed.returncode, completed.stdout + completed.stderr

    server = shutil.which("wineserver") or str(Path(binary).resolve().parent / "wineserver")
    try:
        code, output = run("echo siap", prefix)  # creates the prefix
        assert code == 0 and "siap" in output, output
        (local,) = (prefix / "drive_c" / "users").glob("*/AppData/Local")
        run.local_app_data = local  # type: ignore[attr-defined]
        yield run
    finally:  # this prefix's wineserver and its helpers only; it would leave by itself a few seconds later
        subprocess.run([server, "--kill"], env=environment, timeout=60, capture_output=True)


@pytest.fixture(scope="session")
def package(tmp_path_factory) -> Path:
    """The two scripts exactly as the bundle writes them (CRLF), in an awkwardly named folder."""
    folder = tmp_path_factory.mktemp("wine-package") / AWKWARD / builder.bundle_name()
    folder.mkdir(parents=True)
    for name, content in builder.script_files().items():
        (folder / name).write_bytes(content)
    return folder


def test_pasang_without_python_stops_with_code_3_and_says_what_to_do(wine, package):
    code, output = wine("PASANG.cmd /diam", package)
    assert code == 3, output
    assert "GAGAL: Python 64-bit versi 3.11, 3.12, 3.13 atau 3.14 dari python.org tidak ditemukan." in output
    assert "Pemasangan BELUM selesai, kode 3." in output
    assert not (wine.local_app_data / "SPAK-SPKP").exists(), "nothing is created before a Python is found"


def test_pasang_without_localappdata_stops_with_code_2(wine, package):
    code, output = wine("set LOCALAPPDATA=& PASANG.cmd /diam", package)
    assert code == 2, output
    assert "GAGAL: variabel LOCALAPPDATA tidak ada" in output


def test_hapus_with_nothing_installed_says_so_and_succeeds(wine, package):
    shutil.rmtree(wine.local_app_data / "SPAK-SPKP", ignore_errors=True)
    code, output = wine("HAPUS.cmd /diam", package)
    assert code == 0, output
    assert "tidak ada yang perlu dihapus" in output


def test_hapus_removes_its_folder_and_nothing_else(wine, package):
    local = wine.local_app_data
    installed = local / "SPAK-SPKP" / "python" / "Lib" / "site-packages" / "xl_addin"
    installed.mkdir(parents=True)
    (installed / "__init__.py").write_text("# CONTOH: berkas pengganti untuk uji hapus\n", encoding="utf-8")
    neighbours = [local / "SPAK-SPKP-lain", local / "Programs" / "Python" / "Python313"]
    for folder in neighbours:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "tetap.txt").write_text("tetap\n", encoding="utf-8")
    code, output = wine("HAPUS.cmd /diam", package)
    assert code == 0, output
    assert "SELESAI" in output
    assert not (local / "SPAK-SPKP").exists()
    for folder in neighbours:
        assert (folder / "tetap.txt").is_file(), f"HAPUS.cmd touched {folder}"


def test_hapus_without_localappdata_removes_nothing_and_stops_with_code_2(wine, package):
    kept = wine.local_app_data / "SPAK-SPKP" / "python"
    kept.mkdir(parents=True, exist_ok=True)
    code, output = wine("set LOCALAPPDATA=& HAPUS.cmd /diam", package)
    assert code == 2, output
    assert "Tidak ada yang dihapus" in output
    assert kept.is_dir()
