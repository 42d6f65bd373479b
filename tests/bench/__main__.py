"""``python -m tests.bench``: run every benchmark and write docs/PERFORMANCE.md (see :mod:`tests.bench.report`)."""

import sys

from tests.bench.report import main

sys.exit(main())
