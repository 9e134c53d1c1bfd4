"""The template's macro side: VBA modules, the ribbon part and the xlwings.conf settings.

Assembled at build time from the repo's ``vba/`` sources and, for the xlwings
glue, from the installed xlwings package itself, so the VBA always matches the
xlwings version the package pins.
"""

from __future__ import annotations

# The xlwings.conf sheet, key in column A and value in column B, as xlwings reads it.
# Keys and order follow xlwings' own quickstart_standalone.xlsm; None = xlwings' default.
XLWINGS_CONF = (
    ("Interpreter_Win", None),  # None: pythonw from PATH, as a python.org install sets it up
    ("Interpreter_Mac", None),
    ("PYTHONPATH", None),
    ("Conda Path", None),
    ("Conda Env", None),
    ("UDF Modules", "xl_addin.udfs"),
    ("Debug UDFs", False),
    ("Use UDF Server", False),
    ("Show Console", False),
)
