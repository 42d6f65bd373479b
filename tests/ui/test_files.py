"""Every file dialog starts where the last one of the same purpose ended; each purpose remembers its own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from ui.widgets import files


def test_each_purpose_remembers_its_last_folder(tmp_path, monkeypatch):
    seen = []
    a, b = tmp_path / "forms", tmp_path / "photos"
    a.mkdir()
    b.mkdir()
    answers = {"open": str(a / "list.xlsx"), "many": [str(b / "1.jpg"), str(b / "2.jpg")],
               "save": str(a / "out.pdf")}

    def fake(kind):
        def dialog(parent, title, start, kinds, *args, **kwargs):
            seen.append((kind, start))
            return answers[kind], ""
        return staticmethod(dialog)

    monkeypatch.setattr(QFileDialog, "getOpenFileName", fake("open"))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", fake("many"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake("save"))

    home = str(Path.home())
    assert files.open_file(None, "departments-import", "t", "k") == a / "list.xlsx"
    assert files.open_files(None, "evidence", "t", "k") == [b / "1.jpg", b / "2.jpg"]
    assert files.open_file(None, "departments-import", "t", "k") == a / "list.xlsx"
    assert files.open_files(None, "evidence", "t", "k")
    assert files.save_file(None, "departments-import", "t", "名单.xlsx", "k") == a / "out.pdf"
    assert seen == [("open", home), ("many", home), ("open", str(a)), ("many", str(b)),
                    ("save", str(a / "名单.xlsx"))]


def test_a_folder_since_removed_starts_at_home(tmp_path, monkeypatch):
    gone = tmp_path / "gone"
    gone.mkdir()
    files.remember("evidence", gone)
    gone.rmdir()
    assert files.last_folder("evidence") == Path.home()


def test_cancelled_dialogs_remember_nothing(tmp_path, monkeypatch):
    files.remember("evidence", tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([], "")))
    assert files.open_files(None, "evidence", "t", "k") == []
    assert files.last_folder("evidence") == tmp_path
