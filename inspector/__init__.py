"""Inspector core: the encrypted vault, the inspection data model and its services.

This package never imports Qt; the UI in ``ui/`` and the command line in
``inspector.cli`` call the same services.
"""

__version__ = "0.1.0"
