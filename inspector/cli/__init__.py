"""The ``inspector`` command line. Every command calls the same services as the UI.

:mod:`inspector.cli.base` holds the command group, the shared options and :func:`main`;
each module below registers its commands on the group when imported.
"""

from inspector.cli import documents, forms, notices, records, signing, sync, vault  # noqa: F401 (registers the commands)
from inspector.cli import departments  # noqa: F401,E402 (after records: adds to its ``departments`` group)
from inspector.cli import letters  # noqa: F401,E402 (the ``letter`` group; ``export letter`` is in documents)
from inspector.cli import seal  # noqa: F401,E402 (the ``seal`` group: the office's seal image)
from inspector.cli import campaign  # noqa: F401,E402 (the ``campaign`` group: the board of a plan)
from inspector.cli import reinspect  # noqa: F401,E402 (the ``reinspect`` group: 复查 of issued notices)
from inspector.cli import versions  # noqa: F401,E402 (after records: checklist versions, export, import, diff)
from inspector.cli import evidence  # noqa: F401,E402 (evidence files, ``delete``, the ``destruction`` group)
from inspector.cli import hub  # noqa: F401,E402 (the ``hub`` group: the office hub on PostgreSQL; after signing, vault)
from inspector.cli.base import cli, main

__all__ = ["cli", "main"]
