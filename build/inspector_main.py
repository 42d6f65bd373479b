"""Entry script of the packaged application; both executables start here.

``Inspector`` (windowed) starts the desktop application, ``inspector-cli``
(console) the command line; either runs the self-test with ``--self-test``.
The choice is :func:`ui.launcher.main`'s, so it is tested from source too.
"""

import sys

from ui.launcher import main

if __name__ == "__main__":
    sys.exit(main())
