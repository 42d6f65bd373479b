"""The official documents Inspector issues, built with ReportLab (no vault access here)."""
