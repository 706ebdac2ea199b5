"""On-screen panel and F-key shortcuts that tap demo cards on a SimulatedReader (demo mode).

Lives in the GUI thread; it only calls the reader's thread-safe ``present*`` methods, the taps
then come back through the reader worker's signals like real ones. The buttons name their F-key
only once `install_shortcuts` has made the keys work (the main window does; the setup wizard's
reader test shows the panel without them).
"""

from __future__ import annotations

from functools import partial

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from kiosk.nfc.simulated import DEMO_CARDS, DemoCard, SimulatedReader
from kiosk.ui.wording import fill
from sql import demo_set

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

        # one row, so the panel takes as little height as it can from a 1024x600 screen
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)  # 1024×600: under the float screen it had 43 of 44 px
        layout.setSpacing(4)
        layout.addWidget(QLabel(self.tr("Simulated\ncard reader")))
        for card in DEMO_CARDS:
            label = self.card_words(card)
            button = QPushButton(label.replace(" ", "\n", 1) if len(label) > 9 else label)
            button.setToolTip(fill(self.tr("tap demo card %1"), card.uid))
            button.clicked.connect(partial(self._present, card.uid))
            layout.addWidget(button, 1)
            self.card_buttons.append(button)
        self.unknown_button = QPushButton(self.tr("unknown\ncard"))
        self.unknown_button.clicked.connect(self._present_unknown)
        self.read_error_button = QPushButton(self.tr("read\nerror"))
        self.read_error_button.clicked.connect(self._present_read_error)
        layout.addWidget(self.unknown_button, 1)
        layout.addWidget(self.read_error_button, 1)

    def card_words(self, card: DemoCard) -> str:
        """"#001 €20", "#091 blocked": the demo card's number and what it holds."""
        number = f"#{card.number:03d}"
        if card.number in demo_set.FUNDED_CARDS or card.number in demo_set.EMPTY_CARDS:
            return card.label
        return fill(self.tr("%1 blocked"), number)

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
