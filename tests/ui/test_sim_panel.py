"""The demo panel's buttons and F-keys tap demo cards, an unknown card and a read error."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from kiosk.nfc.simulated import DEMO_CARDS, UNKNOWN_CARD_UID, SimulatedReader
from kiosk.nfc.worker import ReaderThread
from kiosk.ui.sim_panel import SimulatedReaderPanel
from tests.nfc.collector import SignalCollector


@pytest.fixture
def demo(qtbot):
    reader = SimulatedReader()
    owner = ReaderThread(reader, debounce_s=0)
    collector = SignalCollector(owner.worker)
    window = QMainWindow()
    panel = SimulatedReaderPanel(reader)
    window.setCentralWidget(panel)
    qtbot.addWidget(window)
    panel.install_shortcuts(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    owner.start()
    yield window, panel, collector
    assert owner.stop()


def test_buttons_tap_the_demo_cards(qtbot, demo):
    _window, panel, collector = demo
    assert len(panel.card_buttons) == len(DEMO_CARDS)
    for button in panel.card_buttons:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(collector.tapped) == len(DEMO_CARDS), timeout=2000)
    assert [t.uid for t in collector.tapped] == [card.uid for card in DEMO_CARDS]


def test_unknown_and_read_error_buttons(qtbot, demo):
    _window, panel, collector = demo
    qtbot.mouseClick(panel.unknown_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.read_error_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(collector.tapped) and bool(collector.errors), timeout=2000)
    assert collector.tapped[0].uid == UNKNOWN_CARD_UID


def test_function_keys_tap_cards(qtbot, demo):
    window, _panel, collector = demo
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.keyClick(window, Qt.Key.Key_F7)
    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.keyClick(window, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: len(collector.tapped) == 3 and bool(collector.errors), timeout=2000)
    assert [t.uid for t in collector.tapped] == [DEMO_CARDS[0].uid, DEMO_CARDS[6].uid,
                                                 UNKNOWN_CARD_UID]


def test_buttons_name_their_key_only_where_the_keys_work(qtbot, demo):
    _window, panel, _collector = demo
    assert panel.card_buttons[0].text().endswith("\nF1")
    assert panel.read_error_button.text().endswith("\nF10")
    bare = SimulatedReaderPanel(SimulatedReader())  # as in the setup wizard: no shortcuts
    qtbot.addWidget(bare)
    buttons = [*bare.card_buttons, bare.unknown_button, bare.read_error_button]
    assert not [b.text() for b in buttons if "\nF" in b.text()]
    assert len(panel.install_shortcuts(_window)) == len(buttons)  # again: the same keys, once
    assert panel.card_buttons[0].text().count("F1") == 1
