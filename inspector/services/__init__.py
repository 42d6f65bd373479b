"""Services: the operations the command line and the UI both call."""
