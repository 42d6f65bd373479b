"""The UI's foundation, enforced on its source: one way to read and write, no data access, shared widgets.

* The vault is read and written only through ``ctx.read`` / ``ctx.write``
  (:mod:`ui.context`): no ``vault.session()``, no session method calls, no SQL
  text or database imports anywhere in ui/; the worker is started only by the
  verbs and by what runs before a vault is open.
* Changes are reported by the core as areas: no string change kinds.
* Colours come from one palette; table models from one base; table views are set
  up by one function.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import ui

UI = Path(ui.__file__).parent
SOURCES = sorted(UI.rglob("*.py"))

BEFORE_A_VAULT = {"tasks.py", "context.py", "shell.py", "vault/unlock.py", "vault/wizard.py", "vault/hub_connect.py"}
"""May call run_in_background: the verbs themselves, and work before a vault is open (start-up, unlock, first run,
connecting to the hub)."""


def rel(path: Path) -> str:
    return path.relative_to(UI).as_posix()


def code_of(path: Path) -> str:
    """The source without comments and docstrings (they may name what they explain)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                first.value.value = ""
    return ast.unparse(tree)


def offenders(pattern: str, *, skip: set[str] = frozenset()) -> list[str]:
    regex = re.compile(pattern)
    found = []
    for path in SOURCES:
        if rel(path) in skip:
            continue
        for n, line in enumerate(code_of(path).splitlines(), 1):
            if regex.search(line):
                found.append(f"{rel(path)}: {line.strip()[:100]}")
    return found


def test_there_are_sources_to_check():
    assert len(SOURCES) > 40 and (UI / "context.py") in SOURCES


def test_no_vault_session_and_no_session_calls_in_ui():
    assert offenders(r"\.session\(") == []
    assert offenders(r"\b(s|session|own)\.(get|exec|execute|add|add_all|query|commit|flush|delete|scalar|scalars|"
                     r"rollback|merge|refresh)\(") == []


def test_no_sql_and_no_database_imports_in_ui():
    assert offenders(r"^\s*(from|import) (sqlmodel|sqlalchemy|sqlcipher3|sqlite3)\b") == []
    assert offenders(r"[\"'](SELECT|INSERT INTO|UPDATE|DELETE FROM|CREATE TABLE|PRAGMA) ") == []


def test_the_worker_is_started_only_by_the_two_verbs_and_before_a_vault_is_open():
    assert offenders(r"\brun_in_background\(", skip=BEFORE_A_VAULT) == []
    assert offenders(r"\bctx\.run\(|\.ctx\.run\(") == []


def test_no_string_change_kinds():
    assert offenders(r"\.changed\(\s*[\"']|data_changed|watched_kinds|_on_data_changed") == []


def test_colours_come_from_the_palette():
    assert offenders(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b", skip={"widgets/palette.py"}) == []


def test_one_table_model_base_and_one_table_setup():
    lazy = {"FindingsTableModel"}  # ids only, rows fetched by page: not a list of rows
    bases = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.name not in lazy and rel(path) != "widgets/table_model.py":
                names = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
                if names & {"QAbstractTableModel", "ListTableModel"}:
                    bases.append(f"{rel(path)}: {node.name}")
    assert bases == []
    tree = "inspections/checklist_view.py"  # the checklist is a tree of sections and items, not a table
    assert offenders(r"setSelectionBehavior\(", skip={"widgets/tables.py", tree}) == []
