"""The scripts in build/ are not a package (they run as ``python build/x.py``): tests load them by path."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BUILD = Path(__file__).resolve().parent.parent / "build"


def load_build_script(name: str) -> ModuleType:
    """``build/<name>.py`` as a module (loaded once per run)."""
    key = f"build_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, BUILD / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]
