"""Login screen (pytest-qt, offscreen): PIN pad, staff card then PIN, offline bcrypt check,
wrong PIN and lockout messages, keyboard entry."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.ops import OpRunner
from kiosk.ui.login_screen import LoginScreen
from tests.ui.fakes import STAFF_CARD_UID, FakeClock, make_config


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def screen(qtbot, clock):
    ops = OpRunner()
    widget = LoginScreen(make_config("bar").staff, ops, "kiosk-bar-1", clock=clock)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    ops.wait_for_done(5000)


def press(qtbot, screen, pin):
    for digit in pin:
        qtbot.mouseClick(screen.keypad.buttons[digit], Qt.MouseButton.LeftButton)


def test_pin_on_the_pad_logs_the_right_person_in(qtbot, screen):
    press(qtbot, screen, "1234")
    assert screen.dots.text() == "●●●●"
    with qtbot.waitSignal(screen.logged_in) as signal:
        qtbot.mouseClick(screen.ok_button, Qt.MouseButton.LeftButton)
    assert signal.args[0].staff_id == "staff-bar-1"


def test_supervisor_pin(qtbot, screen):
    press(qtbot, screen, "999999")
    with qtbot.waitSignal(screen.logged_in) as signal:
        screen.submit()
    assert signal.args[0].role == "supervisor"


def test_wrong_pin_says_so_and_counts_down(qtbot, screen):
    press(qtbot, screen, "0000")
    with qtbot.assertNotEmitted(screen.logged_in):
        screen.submit()
        qtbot.waitUntil(lambda: "Wrong PIN" in screen.problem.text())
    assert screen.problem.text() == "Wrong PIN. Attempts left: 4"
    assert screen.dots.text() == "○○○○"


def test_five_wrong_pins_lock_the_pad(qtbot, screen, clock):
    for _ in range(5):
        press(qtbot, screen, "0000")
        screen.submit()
        qtbot.waitUntil(lambda: screen.controller.state.value != "verifying")
    assert "Too many wrong PINs" in screen.problem.text()
    assert not screen.keypad.isEnabled()
    clock.advance(31)
    screen.refresh()
    assert screen.keypad.isEnabled()


def test_staff_card_then_pin(qtbot, screen):
    screen.handle_tap(STAFF_CARD_UID)
    assert screen.prompt.text() == "Hello Bea Bar, enter your PIN"
    press(qtbot, screen, "1234")
    with qtbot.waitSignal(screen.logged_in) as signal:
        screen.submit()
    assert signal.args[0].staff_id == "staff-bar-1"


def test_attendee_card_is_not_a_staff_card(qtbot, screen):
    screen.handle_tap("04DE0000000001")
    assert screen.problem.text() == "That is not a staff card for this kiosk"


def test_keyboard_entry(qtbot, screen):
    qtbot.keyClicks(screen, "12345")
    qtbot.keyClick(screen, Qt.Key.Key_Backspace)
    with qtbot.waitSignal(screen.logged_in):
        qtbot.keyClick(screen, Qt.Key.Key_Return)


def test_a_supervisor_without_a_staff_card_touches_their_name(qtbot):
    """The server checks supervisors' PINs (no hash on the kiosk): with no staff card, the
    screen offers their names after the first try; no keyboard, no card needed."""
    from tests.ui.fakes import STAFF_PINS, FakeSync

    config = make_config(server_hashes=True, pins=STAFF_PINS)
    sync = FakeSync(config=config)
    ops = OpRunner()
    widget = LoginScreen(config.staff, ops, "kiosk-bar-1", sync=sync)
    qtbot.addWidget(widget)
    widget.show()
    press(qtbot, widget, STAFF_PINS["staff-super-1"])
    widget.submit()
    qtbot.waitUntil(lambda: bool(widget.choose_buttons), timeout=3000)
    button = widget.choose_buttons["staff-super-1"]
    name = next(m.name for m in config.staff if m.staff_id == "staff-super-1")
    assert button.isVisible() and button.text() == f"I am {name}"
    assert "touch your name" in widget.problem.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert widget.prompt.text() == f"Hello {name}, enter your PIN"
    assert not widget.choose_buttons  # the choice is made: the names go away
    press(qtbot, widget, STAFF_PINS["staff-super-1"])
    with qtbot.waitSignal(widget.logged_in) as signal:
        widget.submit()
    assert signal.args[0].role == "supervisor"
    ops.wait_for_done(5000)
