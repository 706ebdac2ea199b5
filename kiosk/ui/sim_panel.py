"""On-screen panel and F-key shortcuts that tap demo cards on a SimulatedReader (demo mode).

Lives in the GUI thread; it only calls the reader's thread-safe ``present*`` methods, the taps
then come back through the reader worker's signals like real ones. The buttons name their F-key
only once `install_shortcuts` has made the keys work (the main window does; the setup wizard's
reader test shows the panel without them).
"""

from __future__ import annotations

from functools import partial

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.nfc.simulated import DEMO_CARDS, SimulatedReader

UNKNOWN_CARD_KEY = "F9"
READ_ERROR_KEY = "F10"


def demo_card_keys() -> tuple[str, ...]:
    """F1, F2, … one per entry of DEMO_CARDS, in order."""
    return tuple(f"F{i}" for i in range(1, len(DEMO_CARDS) + 1))


class SimulatedReaderPanel(QWidget):
    """Buttons for a handful of demo cards, an unknown card and a read error."""

    def __init__(self, reader: SimulatedReader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reader = reader
        self.setObjectName("simulatedReaderPanel")
        self._shortcuts: list[QShortcut] = []
        self.card_buttons: list[QPushButton] = []

        grid = QGridLayout()
        for index, card in enumerate(DEMO_CARDS):
            button = QPushButton(card.label)
            button.setToolTip(f"tap demo card {card.uid}")
            button.clicked.connect(partial(self._present, card.uid))
            grid.addWidget(button, index // 4, index % 4)
            self.card_buttons.append(button)
        self.unknown_button = QPushButton("unknown card")
        self.unknown_button.clicked.connect(self._present_unknown)
        self.read_error_button = QPushButton("read error")
        self.read_error_button.clicked.connect(self._present_read_error)
        row = (len(DEMO_CARDS) + 3) // 4
        grid.addWidget(self.unknown_button, row, 0, 1, 2)
        grid.addWidget(self.read_error_button, row, 2, 1, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Simulated card reader"))
        layout.addLayout(grid)

    def install_shortcuts(self, window: QWidget) -> list[QShortcut]:
        """F1…F8 tap the demo cards, F9 an unknown card, F10 a read error, in ``window``; the
        buttons then name their keys. Once only: a second call returns the same shortcuts."""
        if self._shortcuts:
            return list(self._shortcuts)
        keys = [*demo_card_keys(), UNKNOWN_CARD_KEY, READ_ERROR_KEY]
        handlers = [partial(self._present, card.uid) for card in DEMO_CARDS]
        handlers += [self._present_unknown, self._present_read_error]
        buttons = [*self.card_buttons, self.unknown_button, self.read_error_button]
        for key, handler, button in zip(keys, handlers, buttons, strict=True):
            shortcut = QShortcut(QKeySequence(key), window)
            shortcut.activated.connect(handler)
            self._shortcuts.append(shortcut)
            button.setText(f"{button.text()}\n{key}")
        return list(self._shortcuts)

    def _present(self, uid: str) -> None:
        self.reader.present(uid)

    def _present_unknown(self) -> None:
        self.reader.present_unknown()

    def _present_read_error(self) -> None:
        self.reader.present_read_error()
