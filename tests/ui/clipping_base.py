"""What :mod:`tests.ui.clipping` reports, and where a widget is."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

TOLERANCE = 0
"""Pixels forgiven where Qt elides (cells, headers, tabs, placeholders): none — Qt elides as soon as the text's
advance is one pixel wider than its room."""
SLACK = 2
"""Pixels forgiven where Qt cuts instead (labels, buttons, combo boxes, fields): the last glyph's side bearing —
a text whose advance is two pixels wider than its room still shows its last letter whole."""


@dataclass(frozen=True)
class Problem:
    kind: str        # window, label, button, group, tab, header, cell, combo, placeholder, field, ...
    widget: str      # the widget's class
    name: str        # its objectName (often empty)
    text: str        # the text that does not fit
    needed: int      # pixels the text needs
    available: int   # pixels it has
    path: str        # where it is: the top-level, then each ancestor (with the attribute that holds it)
    axis: str = "w"  # "w" width, "h" height

    def __str__(self) -> str:
        name = f"#{self.name}" if self.name else ""
        what = "width" if self.axis == "w" else "height"
        text = self.text.replace("\n", "⏎")
        if len(text) > 70:
            text = text[:67] + "..."
        return (f"[{self.kind}] {self.widget}{name} {text!r}: needs {self.needed}px {what}, has {self.available}px"
                f"  @ {self.path}")


# ---- where a widget is ---------------------------------------------------------------------------


def class_name(w) -> str:
    cls = type(w)
    return cls.__name__ if cls.__module__.split(".")[0] != "PySide6" else w.metaObject().className()


def _attribute_of(owner: QWidget, w) -> str | None:
    try:
        items = vars(owner).items()
    except TypeError:
        return None
    for key, value in items:
        if value is w and not key.startswith("__"):
            return key
    return None


def ancestry(w: QWidget) -> str:
    """``MainWindow > … > FindingEditor.severity_combo``: each ancestor, and the attribute of the nearest
    Python-made ancestor that holds the widget (when one does)."""
    chain = []
    node = w
    while node is not None:
        chain.append(node)
        node = node.parentWidget()
    chain.reverse()
    parts = []
    for node in chain:
        label = class_name(node) + (f"#{node.objectName()}" if node.objectName() else "")
        parts.append(label)
    holder = None
    for owner in reversed(chain[:-1]):
        key = _attribute_of(owner, w)
        if key is not None:
            holder = f"{class_name(owner)}.{key}"
            break
    # keep the path short: the top-level, the application's own classes, and the widget itself
    short = [parts[0]] + [p for n, p in zip(chain[1:-1], parts[1:-1]) if type(n).__module__.split(".")[0] != "PySide6"]
    short.append(holder or parts[-1])
    return " > ".join(short)


def problem(kind: str, w: QWidget, text: str, needed: float, available: float, axis: str = "w") -> Problem:
    return Problem(kind, class_name(w), w.objectName(), text, round(needed), int(available), ancestry(w), axis)


def too_small(needed: float, available: float, slack: int = TOLERANCE) -> bool:
    return needed > available + slack


def plain(text: str) -> str:
    """A button's or tab's text as shown: ``&&`` → ``&``, a mnemonic ``&`` dropped."""
    return re.sub(r"&(.)", r"\1", text)
