"""Small touch-friendly widgets shared by the screens: buttons with a style role, a numeric
keypad, a product button with name and price, and a spinner. No logic, no I/O."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPen
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget


def set_style_property(widget: QWidget, name: str, value: str) -> None:
    """Set a dynamic property used by theme.qss selectors and re-apply the style."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    for child in widget.findChildren(QWidget):
        style.unpolish(child)
        style.polish(child)


def touch_button(text: str, role: str | None = None, parent: QWidget | None = None) -> QPushButton:
    """A big button; `role` picks its look in theme.qss (primary, danger, key, quick, ...)."""
    button = QPushButton(text, parent)
    if role:
        button.setProperty("role", role)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return button


def fit_text_width(button: QPushButton, padding_px: int = 40) -> None:
    """Never narrower than its text (after the theme's font is applied): a label that changes
    with the amount ("Charge €24.00", "Recharge €1,000.00") must not be clipped."""
    if not button.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        return  # the theme's font is not applied yet; the next refresh after show() fits it
    button.setMinimumWidth(button.fontMetrics().horizontalAdvance(button.text()) + padding_px)


def role_label(text: str = "", role: str | None = None, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    if role:
        label.setProperty("role", role)
    return label


def armed_banner() -> tuple[QFrame, QLabel]:
    """The "tap card to …" banner an armed screen shows: the frame to place and its label."""
    frame = QFrame()
    frame.setProperty("role", "armed")
    layout = QVBoxLayout(frame)
    label = ShrinkingLabel(max_lines=2)
    label.setProperty("role", "heading")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout.addWidget(label)
    return frame, label


class ShrinkingLabel(QLabel):
    """A word-wrapped label that takes a smaller font (theme.qss [fit="compact"], then
    [fit="tiny"]) when its text would need more than `max_lines` lines at its width: a long
    translation or a big amount in a narrow banner keeps the screen's other controls whole."""

    LEVELS = ("", "compact", "tiny")

    def __init__(self, text: str = "", parent: QWidget | None = None, *, max_lines: int = 2) -> None:
        super().__init__(text, parent)
        self.max_lines = max_lines
        self.setWordWrap(True)
        self._fitted_for: tuple[str, int] | None = None

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        width = self.contentsRect().width()
        if width <= 0 or self._fitted_for == (self.text(), width):
            return
        self._fitted_for = (self.text(), width)
        for level in self.LEVELS:
            self._set_level(level)
            lines = self.heightForWidth(self.width()) / max(1, self.fontMetrics().lineSpacing())
            if lines <= self.max_lines + 0.5:
                return

    def _set_level(self, level: str) -> None:
        if (self.property("fit") or "") != level:
            self.setProperty("fit", level)
            self.style().unpolish(self)
            self.style().polish(self)


class ElidingLabel(QLabel):
    """A one-line label that gives up width when space is short, ending its text with "…"
    (the full text stays in the tooltip). Status-bar texts must never widen the window."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), 4 * self.fontMetrics().averageCharWidth()), hint.height())

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        elided = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        self.style().drawItemText(
            painter, rect, int(self.alignment()), self.palette(), self.isEnabled(), elided,
            self.foregroundRole(),
        )
        painter.end()


class ProductButton(QPushButton):
    """A product tile: name on top, price below, the whole tile is one touch target."""

    def __init__(self, name: str, price_text: str, role: str = "product", parent: QWidget | None = None):
        super().__init__(parent)
        self.setProperty("role", role)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(f"{name} {price_text}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addStretch(1)
        self.name_label = role_label(name, "product-name", self)
        self.price_label = role_label(price_text, "price", self)
        for label in (self.name_label, self.price_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        layout.addStretch(1)


class Keypad(QWidget):
    """Digits 1-9, 0, clear and backspace in a 4×3 grid; emits what was pressed."""

    digit_pressed = Signal(str)
    backspace_pressed = Signal()
    clear_pressed = Signal()

    def __init__(self, parent: QWidget | None = None, clear_text: str = "C", backspace_text: str = "⌫"):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setSpacing(10)
        grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        for index, digit in enumerate("123456789"):
            self._add(grid, digit, index // 3, index % 3)
        self._add(grid, "clear", 3, 0, clear_text)
        self._add(grid, "0", 3, 1)
        self._add(grid, "back", 3, 2, backspace_text)

    def _add(self, grid: QGridLayout, key: str, row: int, col: int, text: str | None = None) -> None:
        button = touch_button(text or key, "key", self)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the screen takes digits from the keyboard
        if key == "clear":
            button.clicked.connect(self.clear_pressed)
            button.setAccessibleName(self.tr("Clear"))
        elif key == "back":
            button.clicked.connect(self.backspace_pressed)
            button.setAccessibleName(self.tr("Delete last digit"))
        else:
            button.clicked.connect(lambda _=False, d=key: self.digit_pressed.emit(d))
        grid.addWidget(button, row, col)
        self.buttons[key] = button


class Spinner(QWidget):
    """A rotating arc that says "working"; runs only while visible."""

    def __init__(self, parent: QWidget | None = None, diameter: int = 120, color: str = "#FFFFFF"):
        super().__init__(parent)
        self._angle = 0
        self._color = QColor(color)
        self.setFixedSize(diameter, diameter)
        self._timer = QTimer(self)
        self._timer.setInterval(30)
        self._timer.timeout.connect(self._advance)

    def _advance(self) -> None:
        self._angle = (self._angle + 12) % 360
        self.update()

    def showEvent(self, event) -> None:
        self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        self._timer.stop()
        super().hideEvent(event)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = max(6, self.width() // 10)
        pen = QPen(self._color, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        margin = width
        rect = QRectF(margin, margin, self.width() - 2 * margin, self.height() - 2 * margin)
        painter.drawArc(rect, -self._angle * 16, 270 * 16)
        painter.end()


def size_on_screen(widget: QWidget, width: int, height: int) -> QSize:
    """width × height, or less on a smaller screen (the widget's, else the primary one): a
    window must never run off a 1280×800 or 1024×600 kiosk panel."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    wanted = QSize(width, height)
    return wanted if screen is None else wanted.boundedTo(screen.availableGeometry().size())

