"""Qt Linguist round trip for the UI's English translation.

    python build/translations.py update   # extract tr() strings into the .ts, compile the .qm
    python build/translations.py check    # exit 1 if a string is untranslated or the .qm is stale

The source language is Chinese (every ``tr()`` in ``ui/`` is Chinese);
``resources/translations/inspector_en.ts`` holds the English, edited with Qt
Linguist (``pyside6-linguist``) or by hand; ``inspector_en.qm`` is what the
application loads (:mod:`ui.i18n`).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "inspector_en.ts"
QM = TS.with_suffix(".qm")


def _tool(name: str) -> str:
    exe = Path(sys.executable).with_name(f"pyside6-{name}" + (".exe" if sys.platform == "win32" else ""))
    return str(exe) if exe.exists() else f"pyside6-{name}"


def lupdate(ts: Path) -> None:
    subprocess.run([_tool("lupdate"), "-extensions", "py", "-locations", "none", "-no-obsolete",
                    "-source-language", "zh_CN", "-target-language", "en", str(ROOT / "ui"), "-ts", str(ts)],
                   check=True, capture_output=True)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([_tool("lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True)


def untranslated(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of every message without a finished translation."""
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            tr = message.find("translation")
            forms = [(f.text or "").strip() for f in tr.iter("numerusform")] if tr is not None else []
            text = all(forms) if forms else bool((tr.text or "").strip()) if tr is not None else False
            if tr is None or tr.get("type") in {"unfinished", "vanished", "obsolete"} or not text:
                missing.append((name, message.findtext("source", "")))
    return missing


def check() -> list[str]:
    """Problems with the committed translation (empty when all is well)."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        ts, qm = Path(tmp) / TS.name, Path(tmp) / QM.name
        shutil.copy(TS, ts)
        lupdate(ts)
        problems += [f"untranslated: [{c}] {s}" for c, s in untranslated(ts)]
        lrelease(TS, qm)
        if not QM.exists() or QM.read_bytes() != qm.read_bytes():
            problems.append(f"{QM.name} is stale: run `python build/translations.py update`")
    return problems


def main(argv: list[str]) -> int:
    if argv == ["update"]:
        TS.parent.mkdir(parents=True, exist_ok=True)
        lupdate(TS)
        lrelease(TS, QM)
        missing = untranslated(TS)
        print(f"{TS.relative_to(ROOT)}: {len(missing)} untranslated")
        return 0
    if argv == ["check"]:
        problems = check()
        print("\n".join(problems) or "translations complete")
        return 1 if problems else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
