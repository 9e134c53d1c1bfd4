"""xl_addin: minimum survey respondents per month for SPKP and SPAK (Zona Integritas).

The core (``sampling``, ``plan``) is plain Python; ``workbook`` (openpyxl),
``udfs`` and ``ribbon`` (xlwings) and ``cli`` are thin adapters around it.
"""

from importlib.metadata import PackageNotFoundError, version as _version

from .sampling import (
    SampleSize,
    XlAddinError,
    chi_square_critical,
    krejcie_morgan,
    minimum_respondents,
    slovin,
)

try:
    __version__ = _version("xl_addin")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "SampleSize",
    "XlAddinError",
    "__version__",
    "chi_square_critical",
    "krejcie_morgan",
    "minimum_respondents",
    "slovin",
]
