"""Layout checks for the screen-size tests: a control must lie inside the window, show its
whole text, and not overlap a sibling control (issue 11 item 12).

`layout_problems(window)` walks the visible controls of a shown top-level widget and returns
one line per problem, so a failing test names every clipped or overlapping control at once.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from kiosk.ui.widgets import ElidingLabel

CONTROLS = (QAbstractButton, QComboBox, QLineEdit)
TEXT_MARGIN_PX = 4  # a button needs at least this much beside its text (frame and padding)
TEXT_SLACK_PX = 2  # rounding: a text this much wider than its room still shows whole
LABEL_SLACK_PX = 2  # rounding: a label this much smaller than its text still shows it whole


def _name(widget: QWidget) -> str:
    text = widget.text() if hasattr(widget, "text") and callable(widget.text) else ""
    return f"{type(widget).__name__}({widget.objectName() or text!r})"


def _visible_rect(widget: QWidget, window: QWidget) -> QRect:
    top_left = widget.mapTo(window, QPoint(0, 0))
    return QRect(top_left, widget.size())


def _really_visible(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and widget.width() > 0 and widget.height() > 0


def layout_problems(window: QWidget) -> list[str]:
    problems: list[str] = []
    bounds = window.rect()
    controls = [w for w in window.findChildren(QWidget)
                if isinstance(w, (*CONTROLS, QLabel)) and _really_visible(w, window)]
    for widget in controls:
        rect = _visible_rect(widget, window)
        in_scroll = _in_scroll_area(widget, window)
        if not in_scroll and not bounds.contains(rect):
            problems.append(f"{_name(widget)} at {rect.getRect()} is outside the window "
                            f"{bounds.width()}×{bounds.height()}")
        if isinstance(widget, QAbstractButton) and widget.text():
            problems.extend(_button_clipped(widget))
        if (isinstance(widget, QLabel) and widget.text() and not in_scroll
                and not isinstance(widget, ElidingLabel)):  # that one ends its text with "…"
            problems.extend(_label_clipped(widget))
        in_combo = isinstance(widget.parentWidget(), QComboBox)  # an editable combo's own field
        if (isinstance(widget, CONTROLS) and not in_combo
                and widget.height() < widget.minimumSizeHint().height() - 2):
            problems.append(f"{_name(widget)} is {widget.height()} px high, needs "
                            f"{widget.minimumSizeHint().height()}")
    by_parent: dict[int, list[QWidget]] = {}
    for widget in controls:
        if isinstance(widget, CONTROLS):
            by_parent.setdefault(id(widget.parentWidget()), []).append(widget)
    for siblings in by_parent.values():
        for i, a in enumerate(siblings):
            for b in siblings[i + 1:]:
                if a.geometry().intersects(b.geometry()):
                    problems.append(f"{_name(a)} {a.geometry().getRect()} overlaps "
                                    f"{_name(b)} {b.geometry().getRect()}")
    return problems


def _button_clipped(button: QAbstractButton) -> list[str]:
    """A button whose text is wider than the room its style leaves inside it (border and the
    theme's padding taken off): Qt cuts the text there (German "Leeren" on the bar's 100 px
    Clear button showed as ".eerer")."""
    lines = button.text().replace("&&", "&").split("\n")
    needed = max(button.fontMetrics().horizontalAdvance(line.replace("&", "")) for line in lines)
    if isinstance(button, QPushButton):
        option = QStyleOptionButton()
        button.initStyleOption(option)
        room = button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option,
                                             button).width()
    else:
        room = button.width() - TEXT_MARGIN_PX
    if room + TEXT_SLACK_PX < needed:
        return [f"{_name(button)} is {button.width()} px wide, its padding leaves the text "
                f"{room} px, the text needs {needed}"]
    return []


def _label_clipped(label: QLabel) -> list[str]:
    """A label shorter or narrower than its text needs (a longer translation, a bigger amount)."""
    if label.wordWrap() and label.hasHeightForWidth():
        needed = label.heightForWidth(label.width())
        if label.height() < needed - LABEL_SLACK_PX:
            return [f"{_name(label)} is {label.height()} px high, its wrapped text needs {needed}"]
        return []
    needed_width = label.sizeHint().width()
    if label.width() < needed_width - LABEL_SLACK_PX:
        return [f"{_name(label)} is {label.width()} px wide, its text needs {needed_width}"]
    needed_height = label.sizeHint().height()
    if label.height() < needed_height - LABEL_SLACK_PX:
        return [f"{_name(label)} is {label.height()} px high, its text needs {needed_height}"]
    return []


def _in_scroll_area(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if parent.inherits("QAbstractScrollArea"):
            return True
        parent = parent.parentWidget()
    return False
