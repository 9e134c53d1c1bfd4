"""Can THIS Python run SPAK-SPKP's offline package? PASANG.cmd runs it with each candidate Python.

Exit 0: usable. Exit 1: not usable, and one line in Bahasa Indonesia says why.
Usable means: CPython, 64-bit Windows (win-amd64: the only platform the package has wheels for),
a version the package's wheels folder serves, and not the Microsoft Store's Python (the Store's
app sandbox may redirect what it writes under AppData, where PASANG.cmd puts the environment, to
a private folder Excel never sees).

PASANG.cmd may run it with any Python on the PC: one too old to even parse this file (before 3.6)
exits non-zero as well, which PASANG.cmd reads as "not usable".
"""

import os
import platform
import re
import sys
import sysconfig

WHEELS = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "wheels")


def wheel_pythons(folder):
    """The Python versions ("3.12", ...) the package serves: those with an xlwings wheel in ``folder``."""
    found = set()
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    for name in names:
        match = re.match(r"xlwings-[^-]+-cp(\d)(\d+)-cp\d+-win_amd64\.whl$", name)
        if match:
            found.add((int(match.group(1)), int(match.group(2))))
    return [f"{major}.{minor}" for major, minor in sorted(found)]


def problems(version, platform_tag, implementation, executable, base_prefix, served):
    """Why this Python cannot be used (an empty list: it can)."""
    found = []
    where = executable + " " + base_prefix
    if "WindowsApps" in where or "PythonSoftwareFoundation.Python" in where:
        found.append(
            f"ini Python dari Microsoft Store ({executable}); gunakan Python dari python.org, karena Python "
            "Store dapat menyimpan lingkungan Python di folder tersembunyi yang tidak terlihat oleh Excel"
        )
    if implementation != "CPython":
        found.append(f"ini {implementation}, bukan CPython dari python.org")
    if platform_tag != "win-amd64":
        found.append(
            f"platform {platform_tag}; paket ini hanya berisi wheel untuk Windows 64-bit (win-amd64), "
            "jadi diperlukan Python 64-bit"
        )
    short = f"{version[0]}.{version[1]}"
    if short not in served:
        found.append(f"Python {short} tidak dilayani paket ini (tersedia: {', '.join(served) or 'tidak ada'})")
    return found


def main():
    version = sys.version_info
    found = problems(
        version,
        sysconfig.get_platform(),
        platform.python_implementation(),
        sys.executable or "",
        getattr(sys, "base_prefix", sys.prefix),
        wheel_pythons(WHEELS),
    )
    label = f"Python {version[0]}.{version[1]}.{version[2]} di {sys.executable}"
    if found:
        print(f"  - {label} tidak dapat digunakan: {'; '.join(found)}.")
        return 1
    print(f"  - {label}: cocok.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
