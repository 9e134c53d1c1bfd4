"""``xl-addin bundle``: one zip that installs SPAK-SPKP on a Windows office PC with no internet and no admin rights.

What a Kanwil's IT person copies to a USB stick or a shared folder::

    SPAK-SPKP-<version>-paket-windows/
        PASANG.cmd            install: finds a 64-bit Python, makes a venv under %LOCALAPPDATA%, pip offline, self-test
        HAPUS.cmd             uninstall: removes that venv, nothing else
        PANDUAN.txt           docs/PANDUAN.md, the Indonesian guide
        SPAK_SPKP.xlsm        the committed template
        alat/cek_python.py    PASANG.cmd's check of a candidate Python (version, 64-bit, not the Microsoft Store's)
        wheels/               our wheel and every dependency as win_amd64 wheels, for each supported Python
        wheels/requirements.txt   exactly what PASANG.cmd installs
        SHA256SUMS.txt        every file's checksum, so a copy can be checked

The dependencies come from ``bundle_requirements.txt`` (exact pins, Windows-only ones included by
hand, because ``pip download --platform`` evaluates markers for the host) and are cached under
``~/.cache/xl_addin-bundle/<key>``, the key being a hash of the pins and target Pythons: a warm build
needs no network. Our own wheel is built from the repository with ``pip wheel --no-deps``. Entries
are sorted and dated ``BUILD_TIME``, so two builds list the same files.

Build time only: nothing at run time imports this module.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .. import __version__
from ..errors import XlAddinError
from ..package import write_bytes_atomic
from .template import BUILD_TIME

__all__ = [
    "PLATFORM",
    "SUPPORTED_PYTHONS",
    "Bundle",
    "BundleError",
    "build_bundle",
    "bundle_name",
    "download_wheels",
    "own_wheel",
    "require_build_extra",
]

log = logging.getLogger(__name__)

# xlwings 0.37.8 requires Python >= 3.11 (its Requires-Python), so 3.10 cannot be served; 3.14 is
# what python.org offers today and every pinned wheel exists for it.
SUPPORTED_PYTHONS = ("3.11", "3.12", "3.13", "3.14")
# The only Windows platform with xlwings' compiled part; its wheel carries both xlwings32 and xlwings64 DLLs.
PLATFORM = "win_amd64"
CACHE_ENV_VAR = "XL_ADDIN_BUNDLE_CACHE"
WHEELS_DIR = "wheels"
# Already-compressed files are stored as they are; deflating them again only costs time.
STORED_SUFFIXES = (".whl", ".xlsm", ".zip")
SCRIPTS = ("PASANG.cmd", "HAPUS.cmd")
CHECKER = "alat/cek_python.py"
GUIDE_SOURCE = Path("docs") / "PANDUAN.md"
TEMPLATE_SOURCE = Path("template") / "SPAK_SPKP.xlsm"
# What our own wheel is built from; copied to a temporary folder so the build leaves nothing in the repo.
WHEEL_SOURCES = ("pyproject.toml", "README.md", "xl_addin")

Report = Callable[[str], None]


class BundleError(XlAddinError):
    """The offline package cannot be built (no repository, no network, a download failed)."""


@dataclass(frozen=True)
class Bundle:
    path: Path
    files: tuple[str, ...]  # archive names, sorted
    size: int  # bytes of the zip


def bundle_name(version: str = __version__) -> str:
    return f"SPAK-SPKP-{version}-paket-windows"


def requirements_text() -> str:
    return resources.files("xl_addin.build").joinpath("bundle_requirements.txt").read_text(encoding="utf-8")


def pinned_requirements(text: str | None = None) -> list[str]:
    """The requirement lines of ``bundle_requirements.txt`` (comments and blanks dropped)."""
    lines = []
    for line in (requirements_text() if text is None else text).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            lines.append(line)
    return lines


def installer_file(name: str) -> str:
    return resources.files("xl_addin.build").joinpath("installer", name).read_text(encoding="utf-8")


def default_cache_dir() -> Path:
    override = os.environ.get(CACHE_ENV_VAR, "").strip()
    if override:
        return Path(override).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base) / "xl_addin-bundle"


def repository_root() -> Path:
    """The checkout this package runs from: the bundle needs the template and the guide beside the code."""
    root = Path(__file__).resolve().parents[2]
    missing = [str(p) for p in ("pyproject.toml", TEMPLATE_SOURCE, GUIDE_SOURCE) if not (root / p).exists()]
    if missing:
        raise BundleError(
            f"not a repository checkout: {root} lacks {', '.join(missing)}",
            "Paket hanya dapat dibuat dari salinan repositori xl_addin (berisi pyproject.toml, template/ dan docs/); "
            f"di {root} tidak ada: {', '.join(missing)}.",
        )
    return root


def _run(command: list[str], what: str, **kwargs) -> None:
    log.info("running %s", " ".join(command))
    result = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL, **kwargs)
    if result.returncode != 0:
        # pip ends with advice ("hint: See above for details.", "note: …"): the error is the line before it
        detail = [
            line
            for line in (result.stderr or result.stdout).splitlines()
            if line.strip() and not line.lstrip().startswith(("hint:", "note:"))
        ]
        last = detail[-1].strip() if detail else f"exit code {result.returncode}"
        log.info("%s failed:\n%s\n%s", what, result.stdout, result.stderr)
        raise BundleError(f"{what} failed: {last}", f"{what} gagal: {last}")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cache_key(requirements: list[str], pythons: tuple[str, ...] = SUPPORTED_PYTHONS) -> str:
    text = "\n".join([PLATFORM, *pythons, *sorted(requirements)])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _verified(folder: Path) -> bool:
    """A cached download is used only when every file it listed is there with its checksum."""
    sums = folder / "SHA256SUMS"
    if not sums.is_file():
        return False
    for line in sums.read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        path = folder / WHEELS_DIR / name
        if not path.is_file() or _digest(path) != digest:
            log.info("cache %s: %s missing or changed", folder, name)
            return False
    return True


def download_wheels(
    cache_dir: Path | None = None,
    pythons: tuple[str, ...] = SUPPORTED_PYTHONS,
    requirements: list[str] | None = None,
    report: Report | None = None,
) -> Path:
    """The folder of win_amd64 wheels for ``requirements`` and every Python in ``pythons``; downloaded once.

    Each Python gets its own ``pip download --no-deps --only-binary=:all:``: the pins are the whole
    set, so pip resolves nothing (and so cannot drop what the host's markers exclude). A finished
    download is moved into place in one rename, so an interrupted one is never mistaken for a cache.
    """
    requirements = pinned_requirements() if requirements is None else requirements
    cache_dir = default_cache_dir() if cache_dir is None else Path(cache_dir)
    final = cache_dir / cache_key(requirements, pythons)
    if _verified(final):
        log.info("wheels from cache %s", final)
        return final / WHEELS_DIR
    cache_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=final.name + ".", suffix=".tmp", dir=cache_dir))
    try:
        wheels = staging / WHEELS_DIR
        wheels.mkdir()
        pins = staging / "requirements.txt"
        pins.write_text("\n".join(requirements) + "\n", encoding="utf-8")
        for python in pythons:
            if report:
                report(f"Mengunduh wheel Windows 64-bit untuk Python {python} …")
            tag = "cp" + python.replace(".", "")
            command = [
                sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                "--platform", PLATFORM, "--python-version", python, "--implementation", "cp", "--abi", tag,
                "--disable-pip-version-check", "--no-input", "--progress-bar", "off",
                "--dest", str(wheels), "--requirement", str(pins),
            ]  # fmt: skip
            _run(command, f"Unduhan wheel untuk Python {python} (pip download)")
        names = sorted(path.name for path in wheels.iterdir())
        strays = [name for name in names if not name.endswith(".whl")]
        if strays:
            raise BundleError(f"pip downloaded non-wheel files: {strays}", f"Unduhan berisi file bukan wheel: {strays}")
        (staging / "SHA256SUMS").write_text(
            "".join(f"{_digest(wheels / name)}  {name}\n" for name in names), encoding="utf-8"
        )
        if final.exists():  # another build finished first, or an incomplete cache: replace it
            shutil.rmtree(final, ignore_errors=True)
        try:
            staging.rename(final)
        except OSError:  # a concurrent build won the rename; its folder is as good as ours
            if not _verified(final):
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final / WHEELS_DIR


def require_build_extra() -> None:
    """Refuse, in one line, when setuptools with ``bdist_wheel`` (the ``build`` extra) is missing: pip would
    otherwise stop building our wheel with "hint: See above for details." and nothing above."""
    probe = subprocess.run(
        [sys.executable, "-c", "import setuptools.command.bdist_wheel"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    if probe.returncode != 0:
        log.info("setuptools with bdist_wheel is missing: %s", probe.stderr.strip())
        raise BundleError(
            "the build extra (setuptools >= 70.1) is not installed",
            "xl-addin bundle memerlukan paket tambahan build (setuptools 70.1 atau lebih baru) yang belum terpasang: "
            "jalankan pip install -e '.[build]' di salinan repositori ini, lalu ulangi.",
        )


def own_wheel(source_root: Path, output_dir: Path) -> Path:
    """``xl_addin-<version>-py3-none-any.whl``, built with ``pip wheel --no-deps`` from a copy of the sources.

    No build isolation (setuptools comes from the ``build`` extra), so no network is needed;
    SOURCE_DATE_EPOCH fixes the timestamps inside the wheel.
    """
    with tempfile.TemporaryDirectory(prefix="xl_addin-wheel-") as temporary:
        source = Path(temporary) / "src"
        source.mkdir()
        for name in WHEEL_SOURCES:
            origin = source_root / name
            if origin.is_dir():
                shutil.copytree(origin, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copy2(origin, source / name)
        built = Path(temporary) / "dist"
        environment = {**os.environ, "SOURCE_DATE_EPOCH": str(int(BUILD_TIME.timestamp()))}
        command = [
            sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-cache-dir",
            "--disable-pip-version-check", "--no-input", "--wheel-dir", str(built), str(source),
        ]  # fmt: skip
        _run(command, "Pembuatan wheel xl_addin (pip wheel)", env=environment)
        (wheel,) = built.glob("xl_addin-*.whl")
        output_dir.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy2(wheel, output_dir / wheel.name))


def _crlf(text: str) -> bytes:
    """Windows line ends: cmd.exe misreads labels in LF-only batch files; Notepad shows them either way."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


def script_files() -> dict[str, bytes]:
    """PASANG.cmd and HAPUS.cmd as the bundle holds them: ASCII, CRLF."""
    files = {}
    for script in SCRIPTS:
        text = installer_file(script)
        text.encode("ascii")  # cmd.exe reads batch files in the OEM code page: ASCII only (a test checks it)
        files[script] = _crlf(text)
    return files


def bundle_files(source_root: Path, wheels: Path, our_wheel: Path) -> dict[str, bytes | Path]:
    """{path inside the bundle folder: its bytes, or the file to copy}."""
    files: dict[str, bytes | Path] = dict(script_files())
    files[CHECKER] = installer_file("cek_python.py").encode("utf-8")
    # UTF-8 with a byte order mark: Notepad of every Windows 10 opens it with the right letters.
    files["PANDUAN.txt"] = b"\xef\xbb\xbf" + _crlf((source_root / GUIDE_SOURCE).read_text(encoding="utf-8"))
    files["SPAK_SPKP.xlsm"] = source_root / TEMPLATE_SOURCE
    for wheel in sorted(wheels.glob("*.whl")):
        files[f"{WHEELS_DIR}/{wheel.name}"] = wheel
    files[f"{WHEELS_DIR}/{our_wheel.name}"] = our_wheel
    pins = [f"xl_addin=={__version__}", *pinned_requirements()]
    files[f"{WHEELS_DIR}/requirements.txt"] = _crlf(
        "# What PASANG.cmd installs, offline, from this folder (pip install --no-index --find-links).\n"
        + "\n".join(pins)
        + "\n"
    )
    return files


def _bytes(content: bytes | Path) -> bytes:
    return content if isinstance(content, bytes) else content.read_bytes()


def build_bundle(
    output_dir: str | Path,
    cache_dir: str | Path | None = None,
    source_root: Path | None = None,
    report: Report | None = None,
) -> Bundle:
    """Build ``<output_dir>/SPAK-SPKP-<version>-paket-windows.zip`` (written atomically)."""
    source_root = repository_root() if source_root is None else source_root
    require_build_extra()  # before the downloads: our wheel is built last, with setuptools
    wheels = download_wheels(None if cache_dir is None else Path(cache_dir), report=report)
    if report:
        report("Membuat wheel xl_addin dari repositori …")
    with tempfile.TemporaryDirectory(prefix="xl_addin-bundle-") as temporary:
        our_wheel = own_wheel(source_root, Path(temporary))
        files = {name: _bytes(content) for name, content in bundle_files(source_root, wheels, our_wheel).items()}
    files["SHA256SUMS.txt"] = _crlf(
        "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items()))
    )
    folder = bundle_name()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=BUILD_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_STORED if name.endswith(STORED_SUFFIXES) else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    path = write_bytes_atomic(Path(output_dir) / f"{folder}.zip", buffer.getvalue())
    return Bundle(path=path, files=tuple(f"{folder}/{name}" for name in sorted(files)), size=path.stat().st_size)
