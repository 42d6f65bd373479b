"""开始使用: a new vault's first steps, each ticked off as the vault fills (read from the vault, never stored).

Shown on the overview while a step is left: the organisation and its document
number, a signing identity, the departments, a first plan. Each step says why it
matters and has a button that goes where it is done; the box goes away by itself
once all four are done.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QWidget

from inspector.services.dashboard import SETUP_STEPS, SetupStep
from ui.widgets import palette


def _texts() -> dict[str, tuple[str, str, str, str]]:
    """step → (what to do, why, the button, the page it goes to)."""
    return {
        "organisation": (QCoreApplication.translate("FirstSteps", "确认本单位名称和文号格式"),
                         QCoreApplication.translate("FirstSteps", "印在每份文书上，整改通知书按文号格式编号"),
                         QCoreApplication.translate("FirstSteps", "前往设置"), "settings"),
        "signing": (QCoreApplication.translate("FirstSteps", "创建签名身份"),
                    QCoreApplication.translate("FirstSteps", "签署检查记录、签发整改通知书都需要"),
                    QCoreApplication.translate("FirstSteps", "创建签名身份"), "settings"),
        "departments": (QCoreApplication.translate("FirstSteps", "添加被检查单位"),
                        QCoreApplication.translate("FirstSteps", "可逐个添加，也可从 xlsx/csv 名单导入"),
                        QCoreApplication.translate("FirstSteps", "前往被检查单位"), "departments"),
        "plan": (QCoreApplication.translate("FirstSteps", "新建第一个检查计划"),
                 QCoreApplication.translate("FirstSteps", "确定检查对象、时间安排和检查组"),
                 QCoreApplication.translate("FirstSteps", "前往检查计划"), "plans"),
    }


class FirstStepsBox(QGroupBox):
    """Emits :attr:`go` with the page key (and an argument) where a step is done."""

    go = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("开始使用"))
        self.setObjectName("first-steps")
        grid = QGridLayout(self)
        grid.setColumnStretch(2, 1)
        self.marks: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self.buttons: dict[str, QPushButton] = {}
        self.what: dict[str, str] = {}  # step → what to do (the label adds "（已完成）" once done)
        for row, (key, (what, why, button_text, page)) in enumerate(_texts().items()):
            mark = QLabel()
            mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label = QLabel()
            label.setWordWrap(True)
            hint = QLabel(why)
            hint.setWordWrap(True)
            hint.setStyleSheet(palette.text_style(palette.SECONDARY))
            button = QPushButton(button_text)
            button.clicked.connect(lambda _=False, p=page: self.go.emit(p, None))
            grid.addWidget(mark, row, 0)
            grid.addWidget(label, row, 1)
            grid.addWidget(hint, row, 2)
            grid.addWidget(button, row, 3)
            self.marks[key], self.labels[key], self.buttons[key] = mark, label, button
            self.what[key] = what
        self.hide()

    def set_steps(self, steps: list[SetupStep]) -> None:
        """Tick the done steps; hide the box once every step is done (or before anything is known)."""
        done = {step.key: step.done for step in steps}
        for key in SETUP_STEPS:
            finished = done.get(key, False)
            what = self.what[key]
            self.marks[key].setText("✓" if finished else "○")
            colour = palette.OK if finished else palette.MUTED
            self.marks[key].setStyleSheet(palette.text_style(colour, "font-weight: bold;"))
            self.labels[key].setText(self.tr("{what}（已完成）").format(what=what) if finished else what)
            self.labels[key].setStyleSheet(palette.text_style(palette.MUTED) if finished else "")
            self.buttons[key].setVisible(not finished)
        self.setVisible(bool(steps) and not all(done.values()))

    def remaining(self) -> list[str]:
        return [key for key in SETUP_STEPS if self.buttons[key].isVisibleTo(self)]
