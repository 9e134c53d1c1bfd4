"""The offline package (``xl-addin bundle``): what is in it, that it installs on Windows, and its scripts.

Built once per session through the real builder. Its downloads are cached in
``~/.cache/xl_addin-bundle`` (``XL_ADDIN_BUNDLE_CACHE`` elsewhere), so only the first run on a
machine needs PyPI and a warm run takes a few seconds.

* The wheels resolve completely for 64-bit Windows, offline, for every supported Python, with the
  TARGET's environment markers: tests/wheel_resolution.py (packaging) and uv (``--python-platform
  windows``) agree, and both say so when pywin32 (or colorama) is taken out of the folder.
* The ``.cmd`` scripts cannot run here: their text is checked instead (ASCII, CRLF, quoted paths,
  every step followed by an ``if errorlevel 1`` that stops with a message and its own exit code, no
  command that needs admin rights or the internet), and so is the link between PASANG.cmd's venv
  and the template's ``Interpreter_Win``.
* Two builds give the same files, byte for byte.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from support import REPO_ROOT, TEMPLATE
from wheel_resolution import read_wheel, resolve, windows_environment

from xl_addin import __version__, cli, layout
from xl_addin.build import bundle as builder
from xl_addin.build.macros import INTERPRETER_WIN

FOLDER = builder.bundle_name()
WINDOWS_ONLY = {"pywin32", "colorama"}  # what pip download on Linux leaves out


# --- Building it --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> builder.Bundle:
    return builder.build_bundle(tmp_path_factory.mktemp("bundle"))


@pytest.fixture(scope="session")
def unpacked(built, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(built.path) as archive:
        archive.extractall(target)
    return target / FOLDER


@pytest.fixture(scope="session")
def wheels(unpacked) -> list:
    return [read_wheel(path) for path in sorted((unpacked / "wheels").glob("*.whl"))]


def install_roots(unpacked: Path) -> list[str]:
    """What PASANG.cmd asks pip for: the lines of wheels/requirements.txt."""
    text = (unpacked / "wheels" / "requirements.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_the_package_holds_template_scripts_guide_checker_and_wheels(built, unpacked):
    assert built.path.name == f"{FOLDER}.zip" and built.size == built.path.stat().st_size
    names = {name.removeprefix(FOLDER + "/") for name in built.files}
    assert {
        "PASANG.cmd",
        "HAPUS.cmd",
        "PANDUAN.txt",
        "SPAK_SPKP.xlsm",
        "alat/cek_python.py",
        "SHA256SUMS.txt",
        "wheels/requirements.txt",
        f"wheels/xl_addin-{__version__}-py3-none-any.whl",
    } <= names
    assert all(name.startswith(FOLDER + "/") for name in built.files), "one top folder: unzipping makes no mess"
    assert (unpacked / "SPAK_SPKP.xlsm").read_bytes() == TEMPLATE.read_bytes()
    guide = (unpacked / "PANDUAN.txt").read_bytes()
    assert guide.startswith(b"\xef\xbb\xbf") and b"\r\n" in guide and b"\r\r" not in guide
    assert guide[3:].decode("utf-8").replace("\r\n", "\n") == (REPO_ROOT / "docs" / "PANDUAN.md").read_text("utf-8")
    # SHA256SUMS.txt covers every other file, with the right sums.
    sums = dict(
        reversed(line.split("  ", 1)) for line in (unpacked / "SHA256SUMS.txt").read_text(encoding="utf-8").splitlines()
    )
    assert set(sums) == names - {"SHA256SUMS.txt"}
    for name, digest in sums.items():
        assert hashlib.sha256((unpacked / name).read_bytes()).hexdigest() == digest, name
    assert install_roots(unpacked) == [f"xl_addin=={__version__}", *builder.pinned_requirements()]


def test_our_wheel_is_this_checkout(unpacked):
    wheel = unpacked / "wheels" / f"xl_addin-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        inside = set(archive.namelist())
        for module in sorted((REPO_ROOT / "xl_addin").rglob("*.py")):
            name = module.relative_to(REPO_ROOT).as_posix()
            assert name in inside, f"{name} is not in the wheel"
            assert archive.read(name) == module.read_bytes(), f"{name} in the wheel is not this checkout's"
        assert "xl_addin/build/installer/PASANG.cmd" in inside and "xl_addin/build/bundle_requirements.txt" in inside


def test_every_wheel_is_for_64_bit_windows_or_any_platform(wheels):
    for wheel in wheels:
        platforms = {tag.platform for tag in wheel.tags}
        assert platforms <= {"win_amd64", "any"}, f"{wheel.path.name}: not a Windows 64-bit wheel"


# --- It resolves, for Windows, for every Python --------------------------------------------------


@pytest.mark.parametrize("python", builder.SUPPORTED_PYTHONS)
def test_the_wheels_install_completely_on_64_bit_windows(python, unpacked, wheels):
    resolution = resolve(wheels, install_roots(unpacked), python)
    assert resolution.complete, f"Python {python} on Windows would miss: {resolution.missing}"
    chosen = {name: wheel.path.name for name, wheel in resolution.chosen.items()}
    assert set(chosen) >= WINDOWS_ONLY, chosen
    tag = "cp" + python.replace(".", "")
    assert f"-{tag}-{tag}-win_amd64.whl" in chosen["xlwings"] and f"-{tag}-{tag}-win_amd64.whl" in chosen["pywin32"]


def test_every_wheel_in_the_package_is_needed_by_some_python(unpacked, wheels):
    used = set()
    for python in builder.SUPPORTED_PYTHONS:
        used |= {wheel.path.name for wheel in resolve(wheels, install_roots(unpacked), python).chosen.values()}
    assert used == {wheel.path.name for wheel in wheels}


def test_python_310_is_not_served_because_xlwings_needs_311(unpacked, wheels):
    resolution = resolve(wheels, install_roots(unpacked), "3.10")
    assert not resolution.complete and any(line.startswith("xlwings==") for line in resolution.missing)
    (xlwings_wheel,) = [w for w in wheels if w.name == "xlwings" and "cp311" in w.path.name]
    assert not xlwings_wheel.requires_python.contains("3.10.0") and xlwings_wheel.requires_python.contains("3.11.0")


def without(unpacked: Path, tmp_path: Path, prefix: str) -> Path:
    folder = tmp_path / f"wheels-without-{prefix}"
    folder.mkdir()
    for path in (unpacked / "wheels").glob("*.whl"):
        if not path.name.startswith(prefix + "-"):
            shutil.copy(path, folder)
    return folder


@pytest.mark.parametrize("left_out", sorted(WINDOWS_ONLY))
def test_the_check_fails_when_a_windows_only_dependency_is_left_out(left_out, unpacked, tmp_path):
    """What pip download on Linux would have produced without the hand-listed pins: caught, for every Python."""
    folder = without(unpacked, tmp_path, left_out)
    remaining = [read_wheel(path) for path in sorted(folder.glob("*.whl"))]
    assert not any(wheel.name == left_out for wheel in remaining)
    roots = [root for root in install_roots(unpacked) if not root.startswith(left_out + "==")]
    for python in builder.SUPPORTED_PYTHONS:
        resolution = resolve(remaining, roots, python)
        assert not resolution.complete and any(line.startswith(left_out) for line in resolution.missing), (
            python,
            resolution.missing,
        )
        # The same folder on Linux looks complete: the marker, not the folder, decides.
        linux = {**windows_environment(python), "sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"}
        dependency = next(r for w in remaining for r in w.requires if r.name == left_out and r.marker is not None)
        assert dependency.marker.evaluate({**windows_environment(python), "extra": ""})
        assert not dependency.marker.evaluate({**linux, "extra": ""})


def uv_compile(folder: Path, python: str, tmp_path: Path) -> subprocess.CompletedProcess:
    requirements = tmp_path / f"in-{python}.txt"
    requirements.write_text(f"xl_addin=={__version__}\n", encoding="utf-8")
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    assert uv, "uv not found: it is in the test extra (pip install -e '.[test,build]')"
    command = [
        uv, "pip", "compile", str(requirements), "--python-platform", "windows", "--python-version", python,
        "--no-index", "--find-links", str(folder), "--offline", "--no-cache", "--no-build",
        "--no-header", "--no-annotate", "--quiet",
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("python", builder.SUPPORTED_PYTHONS)
def test_uv_agrees_for_windows_and_refuses_without_pywin32(python, unpacked, tmp_path):
    complete = uv_compile(unpacked / "wheels", python, tmp_path)
    assert complete.returncode == 0, complete.stderr
    pinned = set(complete.stdout.split())
    assert {"pywin32==312", "colorama==0.4.6", "xlwings==0.37.8", f"xl-addin=={__version__}"} <= pinned, pinned
    assert pinned == {line.replace("_", "-") for line in install_roots(unpacked)}
    broken = uv_compile(without(unpacked, tmp_path, "pywin32"), python, tmp_path)
    assert broken.returncode != 0 and "pywin32" in broken.stderr, broken.stderr


def test_the_xlwings_wheel_puts_both_dlls_where_xlwings_vba_looks(wheels):
    """Data files of a wheel install into the environment's root: the venv, XLPyLoadDLL's second folder."""
    for wheel in (w for w in wheels if w.name == "xlwings"):
        version = str(wheel.version)
        with zipfile.ZipFile(wheel.path) as archive:
            names = set(archive.namelist())
        for bits in (32, 64):
            assert f"xlwings-{version}.data/data/xlwings{bits}-{version}.dll" in names, (wheel.path.name, bits)


# --- Two builds, the same package --------------------------------------------------------------


def test_a_second_build_through_the_cli_gives_the_same_bytes(built, tmp_path, capsys):
    assert cli.main(["bundle", "-o", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    again = tmp_path / built.path.name
    assert f"Paket luring dibuat: {again}" in printed
    with zipfile.ZipFile(again) as second, zipfile.ZipFile(built.path) as first:
        assert second.namelist() == first.namelist() == list(built.files)
        assert [(i.filename, i.CRC, i.file_size) for i in second.infolist()] == [
            (i.filename, i.CRC, i.file_size) for i in first.infolist()
        ]
    assert again.read_bytes() == built.path.read_bytes()


def test_a_damaged_cache_is_not_used(tmp_path):
    folder = tmp_path / "key"
    (folder / "wheels").mkdir(parents=True)
    wheel = folder / "wheels" / "demo-1.0-py3-none-any.whl"
    wheel.write_bytes(b"contents")
    (folder / "SHA256SUMS").write_text(f"{hashlib.sha256(b'contents').hexdigest()}  {wheel.name}\n", encoding="utf-8")
    assert builder._verified(folder)
    wheel.write_bytes(b"truncat")
    assert not builder._verified(folder)
    wheel.unlink()
    assert not builder._verified(folder)
    assert not builder._verified(tmp_path / "never-downloaded")


def test_the_cache_key_changes_with_the_pins_and_pythons():
    pins = builder.pinned_requirements()
    key = builder.cache_key(pins)
    assert builder.cache_key(list(reversed(pins))) == key
    assert builder.cache_key([*pins[:-1], "colorama==0.4.5"]) != key
    assert builder.cache_key(pins, ("3.12",)) != key


def test_bundle_help_is_indonesian(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["bundle", "--help"])
    assert stop.value.code == 0
    text = capsys.readouterr().out
    assert "Penggunaan:" in text and "folder tujuan file zip" in text


# --- The batch scripts, read as cmd.exe reads them ------------------------------------------------

PATH_VARIABLES = ("PAKET", "RODA", "CEK", "VENV", "TUJUAN", "LOCALAPPDATA", "ProgramFiles", "PYTHON_PATH")
PATH_REFERENCES = re.compile(r"%(?:" + "|".join(PATH_VARIABLES) + r")%|%~dp0|%%~D|%%P", re.IGNORECASE)


def script(unpacked: Path, name: str) -> list[str]:
    raw = (unpacked / name).read_bytes()
    raw.decode("ascii")  # cmd.exe reads batch files in the OEM code page: any non-ASCII letter turns to garbage
    assert raw.count(b"\r\n") == raw.count(b"\n"), f"{name}: every line must end in CRLF"
    return raw.decode("ascii").split("\r\n")


def code_lines(lines: list[str]) -> list[tuple[int, str]]:
    return [
        (number, line.strip())
        for number, line in enumerate(lines, 1)
        if line.strip() and not line.strip().lower().startswith("rem")
    ]


def inside_quotes(line: str, position: int) -> bool:
    return line[:position].count('"') % 2 == 1


def blocks(lines: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """(first, last) indexes of parenthesised blocks: opened by a line ending in "(", closed by ")"."""
    found, stack = [], []
    for index, (_, line) in enumerate(lines):
        if line.endswith("(") and not inside_quotes(line, len(line) - 1):
            stack.append(index)
        elif line == ")":
            assert stack, f"unbalanced ) at line {lines[index][0]}"
            found.append((stack.pop(), index))
    assert not stack, "a block is never closed"
    return found


def block_after(lines: list[tuple[int, str]], index: int) -> list[str]:
    (first, last) = next(block for block in blocks(lines) if block[0] == index)
    return [line for _, line in lines[first + 1 : last]]


def documented_codes(lines: list[str]) -> set[int]:
    header = " ".join(line[3:] for line in lines if line.lower().startswith("rem"))
    codes = header.split("Kode keluar:", 1)[1]
    return {int(code) for code in re.findall(r"(?:^|;)\s*(\d+)\s", codes)}


@pytest.mark.parametrize("name", builder.SCRIPTS)
def test_scripts_are_plain_batch_with_quoted_paths(name, unpacked):
    lines = script(unpacked, name)
    code = code_lines(lines)
    assert code[0][1] == "@echo off"
    assert "setlocal EnableExtensions DisableDelayedExpansion" in [line for _, line in code], (
        "delayed expansion would eat the ! of a folder name"
    )
    for number, line in code:
        for match in PATH_REFERENCES.finditer(line):
            if line[match.end() :].startswith(" in "):  # a for loop naming its variable
                continue
            assert inside_quotes(line, match.start()), f"{name}:{number}: {match[0]} outside quotes: {line}"
        if re.match(r"set PYTHON=", line, re.IGNORECASE):  # the one variable that carries its own quotes
            assert re.fullmatch(r'set PYTHON="[^"]+"', line), f"{name}:{number}: {line}"
    code_only = [line for _, line in code]
    for first, last in blocks(code):
        for line in code_only[first + 1 : last]:
            if line.lower().startswith("echo"):
                unquoted = re.sub(r'"[^"]*"', "", line)
                assert "(" not in unquoted and ")" not in unquoted, (
                    f"{name}: a ) in an echo ends the block early: {line}"
                )
    forbidden = re.compile(r"\b(runas|setx|reg add|msiexec|powershell|bitsadmin|curl|HKLM)\b|https?:|--index-url", re.I)
    for number, line in code:
        assert not forbidden.search(line), f"{name}:{number}: needs admin rights or the internet: {line}"


@pytest.mark.parametrize("name", builder.SCRIPTS)
def test_every_failure_stops_with_a_message_and_its_own_exit_code(name, unpacked):
    lines = script(unpacked, name)
    code = code_lines(lines)
    text = [line for _, line in code]
    assert text.count(":gagal") == 1
    gagal = text.index(":gagal")
    assert text[gagal:][-1] == "exit /b %KODE%", "the failure path must exit with the failure's code"
    exits = [line for line in text if line.lower().startswith("exit")]
    assert set(exits) <= {"exit /b 0", "exit /b %KODE%"}, exits
    codes = set()
    for index, line in enumerate(text):
        if line == "goto :gagal":
            preceding = [
                candidate for candidate in text[max(0, index - 6) : index] if candidate.startswith('set "KODE=')
            ]
            assert preceding, f"{name}: goto :gagal without setting KODE first"
            codes.add(int(re.fullmatch(r'set "KODE=(\d+)"', preceding[-1])[1]))
        if line.startswith("if ") and line.endswith("("):
            body = block_after(code, index)
            if "goto :gagal" in body:
                assert any(b.lower().startswith("echo") for b in body), f"{name}: a failure with no message: {line}"
    assert 0 not in codes
    assert documented_codes(lines) == codes | {0} | ({1} if name == "HAPUS.cmd" else set()), (
        f"{name}: the header's 'Kode keluar' list and the codes used differ"
    )


STEPS = re.compile(r'^(%PYTHON%|"%VENV%\\)')  # PASANG.cmd's steps: make the venv, pip, self-test


def test_each_install_step_is_checked_by_if_errorlevel(unpacked):
    code = code_lines(script(unpacked, "PASANG.cmd"))
    steps = [index for index, (_, line) in enumerate(code) if STEPS.match(line)]
    assert len(steps) == 3
    kodes = []
    for index in steps:
        assert code[index + 1][1] == "if errorlevel 1 (", f"line {code[index][0]} is not checked: {code[index][1]}"
        body = block_after(code, index + 1)
        assert body[-1] == "goto :gagal" and body[0].startswith("echo GAGAL"), body
        kodes.append(body[-2])
    assert len(set(kodes)) == 3, "each step has its own exit code"
    venv, pip, selftest = (code[index][1] for index in steps)
    assert venv == '%PYTHON% -m venv --clear "%VENV%"'
    assert pip.startswith('"%VENV%\\Scripts\\python.exe" -m pip install --no-index --find-links "%RODA%" ')
    assert '--requirement "%RODA%\\requirements.txt"' in pip
    assert selftest == '"%VENV%\\Scripts\\xl-addin.exe" selftest'
    assert [line for _, line in code].index(selftest) > [line for _, line in code].index(pip)


def test_pasang_cmd_puts_python_where_the_workbook_looks_and_hapus_removes_only_that(unpacked):
    install = "\n".join(script(unpacked, "PASANG.cmd"))
    remove = "\n".join(script(unpacked, "HAPUS.cmd"))
    (target,) = re.findall(r'^set "TUJUAN=([^"]+)"', install, re.M)
    assert re.findall(r'^set "TUJUAN=([^"]+)"', remove, re.M) == [target]
    (venv,) = re.findall(r'^set "VENV=([^"]+)"', install, re.M)
    assert target == "%LOCALAPPDATA%\\SPAK-SPKP" and venv == target + "\\python", "under the user's profile: no admin"
    assert venv + "\\Scripts\\python.exe" == INTERPRETER_WIN
    assert "if not defined LOCALAPPDATA (" in install and "if not defined LOCALAPPDATA (" in remove
    deletions = [line.strip() for line in re.findall(r"^\s*(?:rd|rmdir|del|erase)\b.*$", remove, re.M | re.I)]
    assert deletions == ['rd /s /q "%TUJUAN%"'], deletions
    assert not re.findall(r"^\s*(?:rd|rmdir|del|erase)\b", install, re.M | re.I), "the installer deletes nothing itself"
    # rd sets no reliable errorlevel: the check is whether the folder is still there.
    code = code_lines(script(unpacked, "HAPUS.cmd"))
    index = [line for _, line in code].index('rd /s /q "%TUJUAN%"')
    assert code[index + 1][1] == 'if exist "%TUJUAN%\\" ('


def test_pasang_cmd_finds_the_py_launcher_and_steps_around_the_store_alias(unpacked):
    text = "\n".join(script(unpacked, "PASANG.cmd"))
    assert "where py >nul 2>&1" in text
    for python in builder.SUPPORTED_PYTHONS:
        assert re.search(rf"for %%V in \([^)]*\b{re.escape(python)}\b", text), f"py -{python}-64 is never tried"
        folder = "Python" + python.replace(".", "")
        assert f'"%LOCALAPPDATA%\\Programs\\Python\\{folder}"' in text and f'"%ProgramFiles%\\{folder}"' in text
    assert 'py -%%V-64 "%CEK%"' in text
    # The python command is looked at before it is run: WindowsApps means the Store alias, never started.
    look, run = text.index('find /i "\\WindowsApps\\"'), text.index('"%PYTHON_PATH%" "%CEK%"')
    assert look < run and 'set "ALIAS_STORE=1"' in text[look:run]
    assert "ALIAS_STORE" in text[text.index(":tanpa_python") :]


# --- The Python check PASANG.cmd runs -----------------------------------------------------------


@pytest.fixture(scope="session")
def checker(unpacked):
    spec = importlib.util.spec_from_file_location("cek_python", unpacked / "alat" / "cek_python.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_checker_reads_the_served_pythons_from_the_wheels(checker, unpacked):
    assert checker.wheel_pythons(str(unpacked / "wheels")) == list(builder.SUPPORTED_PYTHONS)
    assert checker.wheel_pythons(str(unpacked / "tidak-ada")) == []


PYTHON_ORG = r"C:\Users\budi\AppData\Local\Programs\Python\Python313"


@pytest.mark.parametrize(
    "version, platform_tag, implementation, executable, base_prefix, complaint",
    [
        ((3, 13, 1), "win-amd64", "CPython", PYTHON_ORG + r"\python.exe", PYTHON_ORG, None),
        (
            (3, 11, 9),
            "win-amd64",
            "CPython",
            r"C:\Program Files\Python311\python.exe",
            r"C:\Program Files\Python311",
            None,
        ),
        ((3, 13, 1), "win32", "CPython", PYTHON_ORG + r"-32\python.exe", PYTHON_ORG + "-32", "64-bit"),
        ((3, 13, 1), "win-arm64", "CPython", PYTHON_ORG + r"\python.exe", PYTHON_ORG, "64-bit"),
        ((3, 10, 11), "win-amd64", "CPython", PYTHON_ORG + r"\python.exe", PYTHON_ORG, "Python 3.10 tidak dilayani"),
        (
            (3, 12, 8),
            "win-amd64",
            "CPython",
            r"C:\Users\budi\AppData\Local\Microsoft\WindowsApps\PythonSoftwareFoundation.Python.3.12_qbz5n2kfra8p0\python.exe",
            r"C:\Program Files\WindowsApps\PythonSoftwareFoundation.Python.3.12_3.12.2288.0_x64__qbz5n2kfra8p0",
            "Microsoft Store",
        ),
        ((3, 12, 0), "win-amd64", "PyPy", PYTHON_ORG + r"\pypy.exe", PYTHON_ORG, "bukan CPython"),
    ],
    ids=["python.org per user", "python.org all users", "32-bit", "ARM64", "3.10", "Microsoft Store", "PyPy"],
)
def test_the_checker_accepts_only_what_the_package_can_serve(
    checker, version, platform_tag, implementation, executable, base_prefix, complaint
):
    found = checker.problems(
        version, platform_tag, implementation, executable, base_prefix, list(builder.SUPPORTED_PYTHONS)
    )
    if complaint is None:
        assert found == []
    else:
        assert len(found) == 1 and complaint in found[0], found


def test_the_checker_says_no_here_and_why(unpacked):
    """Run as PASANG.cmd runs it: on this Linux machine it must refuse, with exit code 1 and a reason."""
    completed = subprocess.run(
        [sys.executable, str(unpacked / "alat" / "cek_python.py")], capture_output=True, text=True, timeout=60
    )
    assert completed.returncode == 1
    assert "tidak dapat digunakan" in completed.stdout and "win-amd64" in completed.stdout


def test_the_guide_explains_every_exit_code_and_the_office_labels(unpacked):
    guide = (REPO_ROOT / "docs" / "PANDUAN.md").read_text(encoding="utf-8")
    table = guide.split("## 7. Jika ada masalah", 1)[1].split("\n## ", 1)[0]
    for code in sorted(documented_codes(script(unpacked, "PASANG.cmd")) - {0}):
        assert f"**kode {code}**" in table, f"PANDUAN's troubleshooting table does not explain PASANG.cmd's code {code}"
    for label in ("Buka blokir", "Aktifkan Konten", "Lokasi Tepercaya", "Pusat Kepercayaan", "Alias eksekusi aplikasi"):
        assert label in guide, label
    for name in ("PASANG.cmd", "HAPUS.cmd", "Tes Instalasi", "Microsoft Store", "Could not find Interpreter!"):
        assert name in guide, name
    assert "(docs/PANDUAN.md)" in (REPO_ROOT / "README.md").read_text(encoding="utf-8"), "README links the guide"
    petunjuk = openpyxl.load_workbook(TEMPLATE)[layout.SHEET_GUIDE]
    assert any("PANDUAN.txt" in str(cell.value) for cell in petunjuk["A"]), "the Petunjuk sheet points to the guide"


def test_a_failed_download_says_so_and_leaves_no_half_cache(tmp_path):
    """xlwings 0.37.8 has no wheel for Python 3.10: pip download fails, as it would without network."""
    with pytest.raises(builder.BundleError) as raised:
        builder.download_wheels(tmp_path, pythons=("3.10",), requirements=["xlwings==0.37.8"])
    assert "Unduhan wheel untuk Python 3.10" in raised.value.user_message and "gagal" in raised.value.user_message
    assert list(tmp_path.iterdir()) == [], "an interrupted download must not look like a cache"


def test_without_the_build_extra_the_bundle_says_so_in_one_line(tmp_path):
    # setuptools shadowed by a package that cannot be imported: as in an install without the build extra
    # (Python 3.12 and later put no setuptools in a new venv)
    shadow = tmp_path / "shadow" / "setuptools"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('No module named setuptools')\n")
    completed = subprocess.run(
        [sys.executable, "-m", "xl_addin", "bundle", "-o", str(tmp_path / "paket"), "--cache", str(tmp_path / "c")],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(shadow.parent)},
        timeout=120,
    )
    assert completed.returncode == 2, completed.stderr
    assert completed.stderr.splitlines() == [
        "Kesalahan: xl-addin bundle memerlukan paket tambahan build (setuptools 70.1 atau lebih baru) yang belum "
        "terpasang: jalankan pip install -e '.[build]' di salinan repositori ini, lalu ulangi."
    ]
    assert not (tmp_path / "c").exists(), "nothing is downloaded before the check"


def test_a_failed_step_names_the_error_not_pip_s_hint():
    failing = "import sys; sys.stderr.write('error: subprocess-exited-with-error\\nreal cause here\\n"
    failing += "hint: See above for details.\\n'); sys.exit(1)"
    with pytest.raises(builder.BundleError) as raised:
        builder._run([sys.executable, "-c", failing], "Langkah contoh")
    assert raised.value.user_message == "Langkah contoh gagal: real cause here"
