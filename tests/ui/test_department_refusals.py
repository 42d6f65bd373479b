"""A refused department puts the cursor in the field the core names (BadInputError.field), not by reading the
message's words."""

from __future__ import annotations

from inspector.services import departments
from tests.ui.conftest import delivered
from ui.context import AppContext
from ui.departments.form import AddDepartmentDialog


def test_the_cursor_goes_to_the_field_the_refusal_is_about(qtbot, demo_vault):
    with demo_vault.session() as s:
        existing = departments.list_departments(s)[0]["name"]
    dialog = AddDepartmentDialog(AppContext(demo_vault))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    edits = dialog.fields.edits

    edits["name"].setText("晋城市新单位")
    edits["code"].setText("12345")
    edits["address"].setFocus()
    dialog.add()
    delivered(qtbot)
    assert dialog.isVisible() and dialog.message.is_error
    qtbot.waitUntil(edits["code"].hasFocus)

    edits["code"].clear()
    edits["name"].setText(existing)
    edits["address"].setFocus()
    dialog.add()
    delivered(qtbot)
    assert dialog.message.is_error and existing in dialog.message.text()
    qtbot.waitUntil(edits["name"].hasFocus)


def test_the_core_names_the_field_of_each_refusal(demo_vault):
    import pytest

    from inspector.errors import BadInputError

    with demo_vault.session() as s:
        existing = departments.list_departments(s)[0]
        for kwargs, field in ((dict(name=""), "name"), (dict(name=existing["name"]), "name"),
                              (dict(name="新单位", code="12345"), "code"),
                              (dict(name="新单位", code=existing["code"]), "code")):
            with pytest.raises(BadInputError) as refused:
                departments.create_department(s, **kwargs)
            assert refused.value.field == field, kwargs
