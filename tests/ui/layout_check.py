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
    QWidget,
)

CONTROLS = (QAbstractButton, QComboBox, QLineEdit)
TEXT_MARGIN_PX = 4  # a button needs at least this much beside its text (frame and padding)


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
        if isinstance(widget, QAbstractButton) and widget.text() and "\n" not in widget.text():
            needed = widget.fontMetrics().horizontalAdvance(widget.text()) + TEXT_MARGIN_PX
            if widget.width() < needed:
                problems.append(f"{_name(widget)} is {widget.width()} px wide, its text needs {needed}")
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


def _in_scroll_area(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if parent.inherits("QAbstractScrollArea"):
            return True
        parent = parent.parentWidget()
    return False
