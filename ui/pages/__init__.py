"""The pages of the main window, each in its own module (see :mod:`ui.main_window`)."""
