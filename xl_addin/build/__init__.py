"""Build ``template/SPAK_SPKP.xlsm`` from source: sheets, VBA project, ribbon. Build time only.

Nothing at run time imports this package (a test says so): an office PC needs none of
it, and ``ms-ovba`` (the ``build`` extra) is only installed where templates are built.
"""

from .template import DEFAULT_OUTPUT, build_template, build_workbook

__all__ = ["DEFAULT_OUTPUT", "build_template", "build_workbook"]
