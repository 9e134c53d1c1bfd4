"""Shared fixtures: where the reference facts live, and the Krejcie & Morgan table.

The reference material is not part of this repository: CI places a ``shared``
directory beside the clone (``<repo>/../shared``). A missing directory or file
makes the tests that need it FAIL, never skip: a skipped reference check looks
green while checking nothing.
"""

from __future__ import annotations

import csv
import os

os.environ.setdefault(
    "XLWINGS_LICENSE_KEY", "noncommercial"
)  # before xlwings is imported: its remote engine (PRO, noncommercial licence) needs it
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_ENV_VAR = "XL_ADDIN_SHARED"
KM_TABLE = Path("reference") / "krejcie_morgan_1970.csv"


def _where_hint(path: Path) -> str:
    return (
        f"looked in {path} "
        f"({'from $' + SHARED_ENV_VAR if os.environ.get(SHARED_ENV_VAR) else 'default: <repo root>/../shared'}). "
        f"CI places ../shared beside the clone (at {REPO_ROOT.parent / 'shared'}); "
        f"locally, put it there or set {SHARED_ENV_VAR} to its path."
    )


def shared_file(shared_dir: Path, relative: Path | str) -> Path:
    """A file under the shared directory; fails the test (not skip) if it is missing."""
    path = shared_dir / relative
    if not path.is_file():
        pytest.fail(f"reference file {relative} is missing: {_where_hint(path)}", pytrace=False)
    return path


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``<repo root>/../shared``, or ``$XL_ADDIN_SHARED`` when set."""
    override = os.environ.get(SHARED_ENV_VAR, "").strip()
    path = Path(override).expanduser() if override else REPO_ROOT.parent / "shared"
    path = path.resolve()
    if not path.is_dir():
        pytest.fail(f"shared reference directory not found: {_where_hint(path)}", pytrace=False)
    return path


@pytest.fixture(scope="session")
def km_table(shared_dir: Path) -> list[tuple[int, int]]:
    """Krejcie & Morgan (1970) Table 1 as [(N, S), ...], in file order."""
    path = shared_file(shared_dir, KM_TABLE)
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != ["population_N", "sample_S"]:
            pytest.fail(f"{path}: expected header population_N,sample_S, got {reader.fieldnames}", pytrace=False)
        table = [(int(row["population_N"]), int(row["sample_S"])) for row in reader]
    if len(table) != 90:
        pytest.fail(f"{path}: expected 90 rows (Krejcie & Morgan 1970, Table 1), got {len(table)}", pytrace=False)
    return table


# LibreOffice recalculates every formula on load, whatever the file's cached values say, so a
# stale cache can never hide an error from the tests that read its results.
_ALWAYS_RECALCULATE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def _profile(folder: Path, settings: str) -> Path:
    (folder / "user").mkdir()
    (folder / "user" / "registrymodifications.xcu").write_text(settings, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def lo_profile(tmp_path_factory) -> Path:
    """One LibreOffice user profile for the session: its first start costs seconds, later ones reuse it.

    Separate pytest runs never share it (each gets its own temporary directory).
    """
    return _profile(tmp_path_factory.mktemp("libreoffice-profile"), _ALWAYS_RECALCULATE)


# Indonesian regional settings: what FIXED and a number joined to a text give ("0,05", "1.234,568"), as in
# an Excel on a PC set up for Indonesia; the product stores those texts so (tests/opens_clean.py, stored values).
_INDONESIAN_LOCALE = """<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">\
<value>id-ID</value></prop></item>
"""


@pytest.fixture(scope="session")
def lo_profile_indonesian(tmp_path_factory) -> Path:
    """A LibreOffice profile like ``lo_profile`` with Indonesian regional settings."""
    settings = _ALWAYS_RECALCULATE.replace("</oor:items>", _INDONESIAN_LOCALE + "</oor:items>")
    return _profile(tmp_path_factory.mktemp("libreoffice-profile-id"), settings)
