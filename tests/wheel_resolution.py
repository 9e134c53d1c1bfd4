"""Does a folder of wheels install completely on a given Windows Python, offline? Answered on Linux.

pip cannot answer it here: with ``--platform`` it still evaluates environment markers for the
machine it runs on, so ``pywin32; platform_system == "Windows"`` looks unneeded and a dry run
passes without it. This resolver evaluates every wheel's ``Requires-Dist`` with the TARGET's
markers (``packaging.markers``), picks only wheels whose tags the target accepts
(``packaging.tags``) and checks ``Requires-Python``. It is independent of the bundle builder
(which resolves nothing: it downloads a pinned list), and the tests also ask uv, which takes the
target platform, for a second opinion.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from email.parser import Parser
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version


def windows_environment(python: str) -> dict[str, str]:
    """The marker environment of 64-bit CPython ``python`` ("3.12") on Windows, as pip there reports it."""
    return {
        "implementation_name": "cpython",
        "implementation_version": f"{python}.0",
        "os_name": "nt",
        "platform_machine": "AMD64",
        "platform_python_implementation": "CPython",
        "platform_release": "10",
        "platform_system": "Windows",
        "platform_version": "10.0.19045",
        "python_full_version": f"{python}.0",
        "python_version": python,
        "sys_platform": "win32",
    }


def windows_tags(python: str) -> set[Tag]:
    version = tuple(int(part) for part in python.split("."))
    interpreter = "cp" + python.replace(".", "")
    return set(cpython_tags(version, abis=[interpreter], platforms=["win_amd64"])) | set(
        compatible_tags(version, interpreter, ["win_amd64"])
    )


@dataclass(frozen=True)
class Wheel:
    path: Path
    name: str  # canonical
    version: Version
    tags: frozenset[Tag]
    requires_python: SpecifierSet
    requires: tuple[Requirement, ...]


def read_wheel(path: Path) -> Wheel:
    name, version, _build, tags = parse_wheel_filename(path.name)
    with zipfile.ZipFile(path) as archive:
        metadata_name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA") and n.count("/") == 1)
        metadata = Parser().parsestr(archive.read(metadata_name).decode("utf-8"))
    return Wheel(
        path=path,
        name=canonicalize_name(name),
        version=version,
        tags=frozenset(tags),
        requires_python=SpecifierSet(metadata.get("Requires-Python") or ""),
        requires=tuple(Requirement(line) for line in metadata.get_all("Requires-Dist") or []),
    )


@dataclass
class Resolution:
    python: str
    chosen: dict[str, Wheel] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # "name spec (needed by who)"

    @property
    def complete(self) -> bool:
        return not self.missing


def resolve(wheels: list[Wheel], roots: list[str], python: str) -> Resolution:
    """Pick, like pip, the newest acceptable wheel for every requirement reachable from ``roots``."""
    environment = windows_environment(python)
    tags = windows_tags(python)
    full_version = environment["python_full_version"]
    result = Resolution(python)
    pending: list[tuple[Requirement, str]] = [(Requirement(root), "the install command") for root in roots]
    while pending:
        requirement, wanted_by = pending.pop(0)
        name = canonicalize_name(requirement.name)
        if name in result.chosen:
            if result.chosen[name].version not in requirement.specifier:
                result.missing.append(f"{requirement} (needed by {wanted_by}; chose {result.chosen[name].version})")
            continue
        candidates = [
            wheel
            for wheel in wheels
            if wheel.name == name
            and wheel.tags & tags
            and wheel.version in requirement.specifier
            and wheel.requires_python.contains(full_version, prereleases=True)
        ]
        if not candidates:
            result.missing.append(f"{requirement} (needed by {wanted_by})")
            continue
        best = max(candidates, key=lambda wheel: wheel.version)
        result.chosen[name] = best
        extras = {""} | set(requirement.extras)
        for dependency in best.requires:
            marker = dependency.marker
            if marker is None or any(marker.evaluate({**environment, "extra": extra}) for extra in extras):
                pending.append((dependency, f"{best.name} {best.version}"))
    return result
