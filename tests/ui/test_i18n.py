"""Chinese first, English through Qt Linguist: every visible string is in tr(), and translated."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import ui
from tests.build_scripts import load_build_script

UI = Path(ui.__file__).parent
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
TRANSLATING = {"tr", "translate"}


def _load_build_script():
    return load_build_script("translations")


def _untranslatable_chinese(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    docstrings = {
        id(node.body[0].value) for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str) and CJK.search(node.value)):
            continue
        if id(node) in docstrings:
            continue
        parent = parents.get(node)
        func = parent.func if isinstance(parent, ast.Call) else None
        name = getattr(func, "attr", None) or getattr(func, "id", None)
        if name in TRANSLATING:
            continue
        found.append(f"{path.name}:{node.lineno}: {node.value[:30]!r}")
    return found


AUTONYMS = {"中文"}  # a language is offered under its own name, in every language


def test_no_chinese_string_outside_tr():
    """Bilingual text for terminals is not UI: argparse help of ui/app.py, the self-test's report."""
    offenders = [hit for f in sorted(UI.rglob("*.py")) if f.name not in {"app.py", "selftest.py"}
                 for hit in _untranslatable_chinese(f) if hit.split(": ", 1)[1].strip("'") not in AUTONYMS]
    assert offenders == []


def test_every_string_has_an_english_translation_and_the_qm_is_fresh():
    problems = _load_build_script().check()
    assert problems == [], "\n".join(problems[:40])


def test_english_is_installed_and_used(qapp):
    from PySide6.QtCore import QCoreApplication

    from ui import i18n

    try:
        assert i18n.install(qapp, "en") == "en"
        assert QCoreApplication.translate("MainWindow", "保险库：{path}") == "Vault: {path}"
    finally:
        i18n.install(qapp, "zh_CN")
    assert QCoreApplication.translate("MainWindow", "保险库：{path}") == "保险库：{path}"
