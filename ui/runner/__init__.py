"""The on-site inspection runner (实地检查): checklist, verdicts, notes, evidence, findings, signature."""

from ui.runner.runner import InspectionRunner

__all__ = ["InspectionRunner"]
