"""The screen shown while the kiosk starts: "Starting…", then on failure the reason with Try
again, Set up this kiosk and Quit. GUI thread; the Launcher (kiosk.app) drives it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from kiosk.ui.widgets import touch_button


class StartupScreen(QWidget):
    """Shown while the backend starts; on failure it says why, calmly, with Retry and Quit."""

    retry_requested = Signal()
    setup_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startupScreen")
        self.setWindowTitle(self.tr("Festival Kiosk"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 60, 60, 60)
        layout.addStretch(1)
        self.title = QLabel(self.tr("Festival Kiosk"))
        self.title.setProperty("role", "heading")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.title)
        self.message = QLabel(self.tr("Starting…"))
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.retry_button = touch_button(self.tr("Try again"), "primary")
        self.retry_button.clicked.connect(self.retry_requested)
        self.setup_button = touch_button(self.tr("Set up this kiosk"), "quiet")
        self.setup_button.clicked.connect(self.setup_requested)
        self.quit_button = touch_button(self.tr("Quit"), "quiet")
        self.quit_button.clicked.connect(QApplication.quit)
        for button in (self.retry_button, self.setup_button, self.quit_button):
            button.hide()
            layout.addWidget(button)
        layout.addStretch(1)

    def working(self, text: str) -> None:
        self.message.setText(text)
        for button in (self.retry_button, self.setup_button, self.quit_button):
            button.hide()

    def failed(self, text: str, can_setup: bool) -> None:
        self.message.setText(text)
        self.retry_button.show()
        self.setup_button.setVisible(can_setup)
        self.quit_button.show()
