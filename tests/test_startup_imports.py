"""Start-up stays light: building the pages imports neither the document nor the signing stack.

The worker imports every page before it unlocks the vault (ui/shell.py), so whatever a page
imports at module level delays the moment the application is usable. PDF, signing, xlsx and image
libraries are loaded where they are used, on the worker, when a user first needs them (a top-level
import of the sync overview once pulled in pyHanko and cost half a second here).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

HEAVY = {"pyhanko", "pyhanko_certvalidator", "reportlab", "fontTools", "uharfbuzz", "aiohttp", "openpyxl",
         "pypdfium2", "PIL", "lxml"}


def test_building_the_pages_loads_no_document_signing_or_xlsx_library():
    code = ("import json, sys\nimport ui.main_window as m\nimport inspector.vault\nm.page_classes()\n"
            f"print(json.dumps(sorted({{n.split('.')[0] for n in sys.modules}} & set({sorted(HEAVY)!r}))))")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert json.loads(out.strip().splitlines()[-1]) == []
