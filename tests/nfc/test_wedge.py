"""The keyboard wedge: a reader's fast burst is a tap and types nothing; people can still type."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from kiosk.nfc.events import ReaderState
from kiosk.nfc.wedge import KeyboardWedgeReader, WedgeConfig, WedgeFormat
from kiosk.nfc.worker import ReaderThread
from tests.nfc.collector import SignalCollector
from tests.nfc.key_clock import KeyClock


@pytest.fixture
def line_edit(qtbot):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.activateWindow()
    edit.setFocus()
    qtbot.waitExposed(edit)
    return edit


@pytest.fixture
def wedge(qtbot):
    def start(config: WedgeConfig | None = None, clock=None):
        owner = ReaderThread(KeyboardWedgeReader(config, clock=clock or KeyClock(0.004)))
        collector = SignalCollector(owner.worker)
        owner.start()
        started.append(owner)
        qtbot.waitUntil(lambda: bool(collector.statuses), timeout=2000)
        return owner, collector

    started: list[ReaderThread] = []
    yield start
    for owner in started:
        assert owner.stop()


def burst(window, text: str) -> None:
    """What a wedge reader does: every key within a millisecond or so, then Enter."""
    for char in text:
        QTest.keyClick(window, char)
    QTest.keyClick(window, Qt.Key.Key_Return)


def test_fast_burst_is_a_tap_and_reaches_no_widget(qtbot, line_edit, wedge):
    _owner, collector = wedge()
    assert collector.statuses[0].state is ReaderState.CONNECTED
    burst(line_edit.windowHandle(), "04a1b2c3d4e5f6")
    qtbot.waitUntil(lambda: bool(collector.tapped), timeout=2000)
    assert collector.tapped[0].uid == "04A1B2C3D4E5F6"
    assert collector.tapped[0].reader == "keyboard wedge"
    assert line_edit.text() == ""
    assert collector.wrong_thread == 0


def test_slow_typing_is_not_a_tap_and_reaches_the_widget_in_order(qtbot, line_edit, wedge):
    _owner, collector = wedge(clock=KeyClock(0.09))  # a fast human: ~11 keys per second
    burst(line_edit.windowHandle(), "04a1b2c3d4e5f6")
    assert line_edit.text() == "04a1b2c3d4e5f6"
    qtbot.wait(100)
    assert collector.tapped == []


def test_a_held_key_reaches_the_widget_once_the_burst_window_has_passed(qtbot, line_edit):
    owner = ReaderThread(KeyboardWedgeReader())  # real clock
    owner.start()
    try:
        QTest.keyClick(line_edit.windowHandle(), "4")  # held: could start a card number
        qtbot.waitUntil(lambda: line_edit.text() == "4", timeout=2000)
    finally:
        assert owner.stop()


def test_human_text_with_letters_outside_hex_passes_straight_through(line_edit, wedge):
    _owner, collector = wedge()
    window = line_edit.windowHandle()
    for char in "hello":
        QTest.keyClick(window, char)
    assert line_edit.text() == "hello"
    assert collector.tapped == []


def test_same_card_twice_quickly_is_a_duplicate(qtbot, line_edit, wedge):
    _owner, collector = wedge()
    burst(line_edit.windowHandle(), "04A1B2C3D4E5F6")
    burst(line_edit.windowHandle(), "04A1B2C3D4E5F6")
    qtbot.waitUntil(lambda: len(collector.tapped) + len(collector.duplicates) == 2, timeout=2000)
    assert len(collector.tapped) == 1 and len(collector.duplicates) == 1


def test_decimal_reversed_reader(qtbot, line_edit, wedge):
    _owner, collector = wedge(WedgeConfig(format=WedgeFormat.DEC, reversed_bytes=True))
    burst(line_edit.windowHandle(), "3571840580")
    qtbot.waitUntil(lambda: bool(collector.tapped), timeout=2000)
    assert collector.tapped[0].uid == "44F6E5D4"


def test_stopping_the_reader_removes_the_key_filter(qtbot, line_edit):
    owner = ReaderThread(KeyboardWedgeReader())
    owner.start()
    assert owner.stop()
    burst(line_edit.windowHandle(), "04A1B2C3")
    assert line_edit.text() == "04A1B2C3"


def shifted_burst(window, text: str) -> None:
    """A real HID reader typing uppercase hex: Shift down, the letter, Shift up, per letter."""
    for char in text:
        if char.isupper():
            QTest.keyPress(window, Qt.Key.Key_Shift, Qt.KeyboardModifier.ShiftModifier)
            QTest.keyClick(window, char, Qt.KeyboardModifier.ShiftModifier)
            QTest.keyRelease(window, Qt.Key.Key_Shift)
        else:
            QTest.keyClick(window, char)
    QTest.keyClick(window, Qt.Key.Key_Return)


def test_uppercase_burst_typed_with_shift_is_a_tap_and_types_nothing(qtbot, line_edit, wedge):
    _owner, collector = wedge()
    shifted_burst(line_edit.windowHandle(), "04DE0000000003")
    qtbot.waitUntil(lambda: bool(collector.tapped), timeout=2000)
    assert collector.tapped[0].uid == "04DE0000000003"
    assert line_edit.text() == ""


def test_slow_shifted_typing_still_reaches_the_widget(qtbot, line_edit):
    owner = ReaderThread(KeyboardWedgeReader(clock=KeyClock(0.2)))
    collector = SignalCollector(owner.worker)
    owner.start()
    try:
        qtbot.waitUntil(lambda: bool(collector.statuses), timeout=2000)
        shifted_burst(line_edit.windowHandle(), "0AB1")
        qtbot.waitUntil(lambda: line_edit.text() == "0AB1", timeout=2000)
        assert not collector.tapped
    finally:
        assert owner.stop()
