"""Main window (pytest-qt, offscreen): login, role-based navigation, taps from a real reader
thread routed to the screen on show, auto-logout, calm error messages."""

from __future__ import annotations

import sys
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt

from kiosk.nfc.simulated import SimulatedReader
from kiosk.nfc.worker import ReaderThread
from kiosk.settings import Settings
from kiosk.ui.bar_screen import BarScreen
from kiosk.ui.checkpoint_screen import CheckpointScreen
from kiosk.ui.exception_hook import CalmExceptionHook
from kiosk.ui.main_window import MainWindow
from tests.ui.fakes import DEMO_PRODUCTS, STAFF_CARD_UID, FakeClock, FakeSync, make_config

CARD = "04DE0000000001"


def make_window(qtbot, role="bar", clock=None, **settings):
    sync = FakeSync(config=make_config(role), balances={CARD: 2000})
    options = {"result_clear_s": 0.5, "auto_logout_s": 300, **settings}
    window = MainWindow(sync, sync.config, Settings(device_id=sync.config.device_id, **options),
                        clock=clock or FakeClock())
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return window, sync


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def window(qtbot, clock):
    win, _sync = make_window(qtbot, clock=clock)
    yield win
    win.ops.wait_for_done(5000)


def login(qtbot, window, pin):
    for digit in pin:
        window.login_screen.press_digit(digit)
    with qtbot.waitSignal(window.logged_in):
        window.login_screen.submit()


def test_starts_on_the_login_screen(window):
    assert window.current_screen() is window.login_screen
    assert not window.top_bar.isVisible()
    assert window.status_bar.staff.text() == "not logged in"


def test_bar_staff_get_the_bar_screen_without_supervisor_button(qtbot, window):
    login(qtbot, window, "1234")
    assert isinstance(window.current_screen(), BarScreen)
    assert window.main_screen.staff.staff_id == "staff-bar-1"
    assert window.status_bar.staff.text() == "Bea Bar"
    assert not window.supervisor_button.isVisible() and window.logout_button.isVisible()


def test_checkpoint_device_opens_the_checkpoint_screen(qtbot):
    window, _sync = make_window(qtbot, role="checkpoint")
    login(qtbot, window, "234567")
    assert isinstance(window.current_screen(), CheckpointScreen)
    window.ops.wait_for_done(5000)


def test_supervisor_can_open_the_supervisor_screen_and_come_back(qtbot, window):
    login(qtbot, window, "999999")
    assert window.supervisor_button.isVisible()
    qtbot.mouseClick(window.supervisor_button, Qt.MouseButton.LeftButton)
    assert window.current_screen() is window.supervisor_screen
    window.supervisor_screen.closed.emit()  # its own "back to selling" button
    assert window.current_screen() is window.main_screen
    assert window.supervisor_button.isVisible()


def test_non_supervisors_cannot_open_the_supervisor_screen(qtbot, window):
    login(qtbot, window, "1234")
    window.show_supervisor_screen()
    assert window.current_screen() is window.main_screen


def test_logout_returns_to_login_and_forgets_the_staff(qtbot, window):
    login(qtbot, window, "1234")
    qtbot.mouseClick(window.logout_button, Qt.MouseButton.LeftButton)
    assert window.current_screen() is window.login_screen and window.staff is None
    assert window.main_screen.staff is None


def test_auto_logout_after_inactivity(qtbot, window, clock):
    login(qtbot, window, "1234")
    clock.advance(299)
    window.check_inactivity()
    assert window.staff is not None
    qtbot.mouseClick(window.main_screen.product_buttons["beer"], Qt.MouseButton.LeftButton)
    clock.advance(299)
    window.check_inactivity()
    assert window.staff is not None  # the touch counted as activity
    clock.advance(2)
    window.check_inactivity()
    assert window.current_screen() is window.login_screen


def test_no_auto_logout_in_the_middle_of_a_payment(qtbot, window, clock):
    login(qtbot, window, "1234")
    window.main_screen.controller.add("beer")
    window.main_screen.controller.arm()
    window.main_screen.controller.tap(CARD)  # processing, as if a request were in flight
    clock.advance(1000)
    window.check_inactivity()
    assert window.staff is not None


def test_taps_from_the_reader_thread_reach_the_screen_on_show(qtbot, clock):
    window, sync = make_window(qtbot, clock=clock)
    reader = SimulatedReader()
    thread = ReaderThread(reader, debounce_s=1.5, parent=window)
    window.attach_reader(thread)
    with qtbot.waitSignal(thread.worker.status_changed):
        thread.start()
    try:
        qtbot.waitUntil(lambda: window.status_bar.reader.text() == "Reader ready")
        reader.present(STAFF_CARD_UID)  # logged out: a staff card selects the person
        qtbot.waitUntil(lambda: window.login_screen.controller.selected is not None)
        for digit in "1234":
            window.login_screen.press_digit(digit)
        with qtbot.waitSignal(window.logged_in):
            window.login_screen.submit()
        window.main_screen.add_product("beer")
        window.main_screen.charge()
        with qtbot.waitSignal(window.main_screen.result_shown, timeout=5000):
            reader.present(CARD)
        assert window.main_screen.overlay.title.text() == "Paid"
        reader.present(CARD)  # within the debounce window: a duplicate, logged only
        qtbot.waitUntil(lambda: any(s[1] == "duplicate" for s in sync.scans))
        assert len(sync.calls_named("submit_order")) == 1
    finally:
        thread.stop()
        window.ops.wait_for_done(5000)


def test_unexpected_errors_are_logged_and_shown_calmly(qtbot, window, caplog):
    hook = CalmExceptionHook(window.error_reported.emit)
    try:
        raise ValueError("boom")
    except ValueError:
        hook.handle(*sys.exc_info())
    qtbot.waitUntil(window.error_banner.isVisible)
    assert "keeps working" in window.error_label.text()
    assert "boom" in caplog.text and "Traceback" in caplog.text


def test_hook_install_and_uninstall_restore_the_previous_hooks(window):
    previous = sys.excepthook
    hook = CalmExceptionHook(window.error_reported.emit)
    hook.install()
    assert sys.excepthook == hook.handle
    hook.uninstall()
    assert sys.excepthook is previous


def test_a_config_refreshed_in_the_background_is_adopted_at_logout(qtbot, window):
    login(qtbot, window, "1234")
    products = [dict(p, price_cents=450) if p["product_id"] == "beer" else p for p in DEMO_PRODUCTS]
    window.sync.config = make_config("bar", products)
    assert window.main_screen.product_buttons["beer"].price_label.text() == "€5.00"  # not mid-shift
    window.logout()
    assert window.main_screen.product_buttons["beer"].price_label.text() == "€4.50"


def test_attendee_card_on_the_login_screen_is_logged_as_not_staff(qtbot, window):
    window.on_tap(SimpleNamespace(uid=CARD))
    qtbot.waitUntil(lambda: window.sync.scans == [(CARD, "not_staff", "login", None)])
    assert window.login_screen.problem.text() == "That is not a staff card for this kiosk"


def test_an_armed_order_does_not_survive_log_out_to_the_next_person(qtbot, window):
    """Issue 11 item 2: the supervisor logging in next must not charge the bartender's order."""
    login(qtbot, window, "1234")
    bar = window.main_screen
    qtbot.mouseClick(bar.product_buttons["wine"], Qt.MouseButton.LeftButton)
    bar.charge()
    assert bar.controller.state.value == "armed"
    qtbot.mouseClick(window.logout_button, Qt.MouseButton.LeftButton)
    login(qtbot, window, "999999")
    assert bar.controller.lines == [] and bar.controller.state.value == "idle"
    assert not bar.armed_frame.isVisible()
    with qtbot.waitSignal(bar.result_shown):
        bar.handle_tap(CARD)  # a balance check, not a charge
    assert window.sync.calls_named("submit_order") == []


def test_auto_logout_clears_an_unfinished_order(qtbot, window, clock):
    login(qtbot, window, "1234")
    bar = window.main_screen
    qtbot.mouseClick(bar.product_buttons["beer"], Qt.MouseButton.LeftButton)
    clock.advance(301)
    window.check_inactivity()
    assert window.current_screen() is window.login_screen
    assert bar.controller.lines == [] and bar.line_rows == {}


def test_log_out_by_hand_waits_for_a_payment_in_flight(qtbot, window):
    login(qtbot, window, "1234")
    window.main_screen.controller.add("beer")
    window.main_screen.controller.arm()
    window.main_screen.controller.tap(CARD)  # processing, as if a request were in flight
    window.logout()
    assert window.staff is not None and window.error_banner.isVisible()


def test_checkpoint_log_out_forgets_amount_and_method(qtbot):
    window, _sync = make_window(qtbot, role="checkpoint")
    login(qtbot, window, "234567")
    screen = window.main_screen
    screen.controller.press_digit("2")
    screen.controller.set_method("card")
    window.logout()
    assert screen.controller.digits == "" and screen.controller.method == "cash"


def test_closing_while_a_payment_is_in_flight_asks_first(qtbot, window):
    """Issue 11 item 8: the window closed at once with a request in flight."""
    login(qtbot, window, "1234")
    window.main_screen.controller.add("beer")
    window.main_screen.controller.arm()
    window.main_screen.controller.tap(CARD)  # processing, as if a request were in flight
    asked = []
    window.ask_on_programmatic_close = True  # as the window manager's close button would
    window.confirm_close = lambda: asked.append(True) or False
    assert not window.close()
    assert asked and window.isVisible()
    window.confirm_close = lambda: True
    assert window.close()


def test_after_a_restart_the_interrupted_sale_shows_how_it_ended(qtbot):
    """Issue 11 item 8: after the restart nothing told the bartender how the sale ended."""
    from dataclasses import replace
    from datetime import UTC, datetime, timedelta

    from tests.sync.outbox_builders import order

    earlier = datetime.now(UTC) - timedelta(minutes=3)
    interrupted = replace(order([("beer", 2)], 1000, state="pending"), captured_at=earlier,
                          updated_at=earlier)
    seen_offline = replace(order([("wine", 1)], 600, state="pending", offline=True),
                           captured_at=earlier, updated_at=earlier)
    old = replace(order([("soft", 1)], 300), captured_at=earlier - timedelta(days=1),
                  updated_at=earlier - timedelta(days=1))

    class RestartedSync(FakeSync):
        entries: list

        def outbox_entries(self, states=None, limit=500):
            return list(self.entries)

    sync = RestartedSync(config=make_config("bar"), balances={CARD: 2000})
    sync.entries = [interrupted, seen_offline, old]
    window = MainWindow(sync, sync.config, Settings(device_id="kiosk-bar-1"), clock=FakeClock())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.interrupted_banner.isVisible(), timeout=3000)
    assert [i.request_id for i in window.interrupted] == [interrupted.request_id]
    assert "Sale of €10.00 on card 04DE0000000001" in window.interrupted_label.text()
    assert "still being sent" in window.interrupted_label.text()
    sync.entries = [replace(interrupted, state="done", updated_at=datetime.now(UTC)), old]
    sync.publish()  # sync reports a change: the outcome is read again
    qtbot.waitUntil(lambda: "went through: the card was charged" in window.interrupted_label.text(),
                    timeout=3000)
    qtbot.mouseClick(window.interrupted_ok, Qt.MouseButton.LeftButton)
    assert not window.interrupted_banner.isVisible()
    window.ops.wait_for_done(3000)


@pytest.mark.parametrize("available", [True, False])
def test_setup_shows_only_where_a_wizard_can_open(qtbot, window, available):
    """Seen in the real demo window: "Setup…" on the supervisor screen did nothing (the demo
    has no wizard). Whoever runs the window says whether setup is available."""
    window.setup_available = available
    login(qtbot, window, "999999")
    window.show_supervisor_screen()
    screen = window.supervisor_screen
    assert screen is not None and screen.setup_button.isVisibleTo(screen) is available
