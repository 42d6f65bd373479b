"""What the packaged executables run: the application, the command line, or the self-test.

The packaged folder (``build/inspector.spec``) has ``Inspector`` and ``inspector-cli``.
On Windows ``inspector-cli.exe`` is a console executable from the same analysis,
told apart by its name; elsewhere it is a shell script running ``Inspector --cli``.
"""

from __future__ import annotations

import sys
from pathlib import PureWindowsPath
from typing import Sequence

CLI_NAME = "inspector-cli"
CLI_FLAG = "--cli"
SELF_TEST = "--self-test"


def main(argv: Sequence[str] | None = None, executable: str | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if SELF_TEST in args:
        from ui.selftest import main as self_test

        return self_test([a for a in args if a != SELF_TEST])
    as_cli = args[:1] == [CLI_FLAG]
    if as_cli or PureWindowsPath(executable or sys.executable).stem.lower() == CLI_NAME:  # either separator
        from inspector.cli import main as cli

        return cli(args[1:] if as_cli else args)
    from ui.app import main as app

    return app(args)
