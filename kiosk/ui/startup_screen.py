"""The screen shown while the kiosk starts: "Starting…", then on failure the reason with Try
again, Set up this kiosk and Quit. GUI thread; the Launcher (kiosk.app) drives it. It
outlives the kiosk windows (the wizard may change the language meanwhile): its fixed words
follow a LanguageChange, the message is the Launcher's to set again."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from kiosk.ui.widgets import touch_button


class StartupScreen(QWidget):
    """Shown while the backend starts; on failure it says why, calmly, with Retry and Quit."""

    retry_requested = Signal()
    setup_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startupScreen")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 60, 60, 60)
        layout.addStretch(1)
        self.title = QLabel()
        self.title.setProperty("role", "heading")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.title)
        self.message = QLabel(self.tr("Starting…"))
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.retry_button = touch_button("", "primary")
        self.retry_button.clicked.connect(self.retry_requested)
        self.setup_button = touch_button("", "quiet")
        self.setup_button.clicked.connect(self.setup_requested)
        self.quit_button = touch_button("", "quiet")
        self.quit_button.clicked.connect(QApplication.quit)
        for button in (self.retry_button, self.setup_button, self.quit_button):
            button.hide()
            layout.addWidget(button)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Festival Kiosk"))
        self.title.setText(self.tr("Festival Kiosk"))
        self.retry_button.setText(self.tr("Try again"))
        self.setup_button.setText(self.tr("Set up this kiosk"))
        self.quit_button.setText(self.tr("Quit"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def working(self, text: str) -> None:
        self.message.setText(text)
        for button in (self.retry_button, self.setup_button, self.quit_button):
            button.hide()

    def failed(self, text: str, can_setup: bool) -> None:
        self.message.setText(text)
        self.retry_button.show()
        self.setup_button.setVisible(can_setup)
        self.quit_button.show()
