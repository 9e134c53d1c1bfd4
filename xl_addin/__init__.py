"""xl_addin: minimum survey respondents per month for SPKP and SPAK (Zona Integritas).

The core (``sampling``, ``plan``, ``cells``) is plain Python; ``workbook`` (openpyxl),
``udfs`` and ``ribbon`` (xlwings) and ``cli`` are thin adapters around it. The template
builder lives in ``xl_addin.build`` and nothing at run time imports it.
"""

__version__ = "0.2.0"  # the one place the version is written; pyproject.toml reads it from here

from .errors import FileError, InputError, LayoutError, XlAddinError
from .sampling import SampleSize, chi_square_critical, krejcie_morgan, minimum_respondents, slovin

__all__ = [
    "FileError",
    "InputError",
    "LayoutError",
    "SampleSize",
    "XlAddinError",
    "__version__",
    "chi_square_critical",
    "krejcie_morgan",
    "minimum_respondents",
    "slovin",
]
