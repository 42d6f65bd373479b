"""The Qt desktop application. Only this package imports PySide6; it calls the services of ``inspector``."""
