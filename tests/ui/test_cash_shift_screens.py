"""The checkpoint's cash-shift screens and flow (issue 12): the float before the first
recharge, the running drawer cash, the count by notes and coins, the close result with its
slip as PDF and CSV, log-out with an open shift, and an offline shift marked not confirmed."""

from __future__ import annotations

import csv

import pytest

from kiosk.settings import Settings
from kiosk.ui.cash_shift_screens import CountScreen, FloatScreen
from kiosk.ui.main_window import MainWindow
from sync.denominations import EUR_DENOMINATIONS
from tests.ui.fakes import FakeCashSync, FakeClock, make_config

CARD = "04DE0000000001"
CASHIER_PIN = "234567"


@pytest.fixture
def cash_sync(tmp_path):
    sync = FakeCashSync(tmp_path, config=make_config("checkpoint"), balances={CARD: 2000})
    yield sync
    sync.close()


@pytest.fixture
def window(qtbot, cash_sync):
    window = MainWindow(cash_sync, cash_sync.config, Settings(device_id=cash_sync.config.device_id,
                                                              result_clear_s=30), clock=FakeClock())
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return window


def login(qtbot, window, pin=CASHIER_PIN):
    for digit in pin:
        window.login_screen.press_digit(digit)
    with qtbot.waitSignal(window.logged_in):
        window.login_screen.submit()


def open_with_float(qtbot, window, cents=10000):
    flow = window.cash_flow
    qtbot.waitUntil(lambda: window.current_screen() is flow.float_screen, timeout=3000)
    flow.float_screen.quick_amount(cents)
    flow.float_screen.confirm()
    qtbot.waitUntil(lambda: window.current_screen() is window.main_screen, timeout=3000)


def recharge_cash(qtbot, window, whole_euros: str):
    screen = window.main_screen
    for digit in whole_euros:
        screen.press_digit(digit)
    screen.confirm()  # armed: the next tap recharges
    with qtbot.waitSignal(screen.money_changed, timeout=3000):
        screen.handle_tap(CARD)


def test_the_float_screen_takes_a_quick_amount_the_keypad_or_a_count(qtbot):
    screen = FloatScreen(EUR_DENOMINATIONS, "EUR")
    qtbot.addWidget(screen)
    screen.quick_amount(15000)
    assert screen.entry.amount_cents == 15000 and "€150.00" in screen.start_button.text()
    screen.clear()
    for digit in "85":
        screen.press_digit(digit)
    assert screen.entry.amount_cents == 8500
    screen.count_mode_button.click()
    screen.entry.count.select(2000)
    screen.press_digit("3")
    screen.entry.count.select(50)
    for digit in "12":
        screen.press_digit(digit)
    assert screen.entry.amount_cents == 3 * 2000 + 12 * 50
    with qtbot.waitSignal(screen.float_chosen) as chosen:
        screen.confirm()
    assert chosen.args == [6600]


def test_the_count_screen_keeps_a_running_total_by_notes_and_coins(qtbot):
    screen = CountScreen(EUR_DENOMINATIONS, "EUR")
    qtbot.addWidget(screen)
    screen.start(for_logout=False)
    assert not screen.keep_open_button.isVisibleTo(screen)
    screen.panel.buttons[5000].click()
    for digit in "3":
        screen.panel.press_digit(digit)
    screen.panel.buttons[200].click()
    screen.panel.plus_button.click()
    screen.panel.plus_button.click()
    screen.panel.minus_button.click()
    screen.panel.buttons[1].click()
    screen.panel.minus_button.click()  # never below zero
    assert screen.count.total_cents == 3 * 5000 + 200
    assert screen.total_label.text() == "Counted €152.00"
    assert screen.panel.buttons[5000].text() == "€50 × 3"
    assert screen.panel.buttons[5000].toolTip() == "€150.00"
    with qtbot.waitSignal(screen.counted) as counted:
        screen.confirm()
    assert {k: v for k, v in counted.args[0].items() if v} == {5000: 3, 200: 1}


def test_a_cashier_without_a_shift_gives_the_float_before_recharging(qtbot, window, cash_sync):
    login(qtbot, window)
    qtbot.waitUntil(lambda: window.current_screen() is window.cash_flow.float_screen, timeout=3000)
    open_with_float(qtbot, window, 10000)
    assert [c.args for c in cash_sync.calls_named("open_cash_shift")] == [(10000,)]
    qtbot.waitUntil(lambda: window.main_screen.shift_label.text() == "Drawer €100.00", timeout=3000)
    recharge_cash(qtbot, window, "20")
    qtbot.waitUntil(lambda: window.main_screen.shift_label.text() == "Drawer €120.00", timeout=3000)


def test_close_shift_counts_the_drawer_and_shows_expected_counted_difference(qtbot, window, cash_sync,
                                                                              tmp_path):
    login(qtbot, window)
    open_with_float(qtbot, window, 10000)
    recharge_cash(qtbot, window, "20")
    qtbot.waitUntil(lambda: window.cash_flow.has_open_shift, timeout=3000)
    window.main_screen.close_shift_button.click()
    flow = window.cash_flow
    assert window.current_screen() is flow.count_screen
    flow.count_screen.count.select(10000)
    flow.count_screen.panel.press_digit("1")
    flow.count_screen.count.select(1000)
    flow.count_screen.panel.press_digit("1")  # €110 counted: €10 short
    flow.count_screen.confirm()
    qtbot.waitUntil(lambda: window.current_screen() is flow.result_screen, timeout=3000)
    result = flow.result_screen
    assert (result.expected_label.text(), result.counted_label.text(), result.difference_label.text()) == (
        "€120.00", "€110.00", "−€10.00")
    assert result.status_label.text() == "Confirmed by the server."
    assert cash_sync.calls_named("close_cash_shift")[0].args[0] == {10000: 1, 1000: 1}
    result.export_dir = tmp_path / "slips"
    result.csv_button.click()
    result.pdf_button.click()
    [csv_file] = (tmp_path / "slips").glob("*.csv")
    [pdf_file] = (tmp_path / "slips").glob("*.pdf")
    assert pdf_file.read_bytes().startswith(b"%PDF")
    rows = {row[1]: row for row in csv.reader(csv_file.open(encoding="utf-8")) if len(row) >= 5}
    assert rows["expected_cash_cents"][4] == "12000" and rows["difference_cents"][4] == "-1000"
    assert rows["10000"][3] == "1" and rows["10000"][5] == "100.00"
    assert rows["difference_cents"][2] == "Difference (counted - expected)"  # the screen's words
    assert "Cash expected in the drawer" in result.slip_html()
    result.done_button.click()
    assert window.current_screen() is flow.float_screen  # a new shift, or log out from there


def test_log_out_with_an_open_shift_leads_to_the_count_or_keeps_it_open(qtbot, window, cash_sync):
    login(qtbot, window)
    open_with_float(qtbot, window, 5000)
    qtbot.waitUntil(lambda: window.cash_flow.has_open_shift, timeout=3000)
    window.logout_button.click()
    assert window.current_screen() is window.cash_flow.count_screen and window.staff is not None
    assert window.cash_flow.count_screen.keep_open_button.isVisible()
    window.cash_flow.count_screen.keep_open_button.click()
    assert window.staff is None  # logged out, shift still open
    login(qtbot, window)  # back from the break: the shift is found, no float asked
    qtbot.waitUntil(lambda: window.current_screen() is window.main_screen, timeout=3000)
    assert len(cash_sync.calls_named("open_cash_shift")) == 1


def test_an_offline_shift_is_queued_and_marked_not_yet_confirmed(qtbot, window, cash_sync):
    login(qtbot, window)
    cash_sync.online = False
    open_with_float(qtbot, window, 5000)
    qtbot.waitUntil(lambda: "not yet confirmed" in window.main_screen.shift_label.text(), timeout=3000)
    assert window.main_screen.shift_label.text() == "Drawer €50.00 · not yet confirmed"
    window.main_screen.close_shift_button.click()
    flow = window.cash_flow
    flow.count_screen.count.select(5000)
    flow.count_screen.panel.press_digit("1")
    flow.count_screen.confirm()
    qtbot.waitUntil(lambda: window.current_screen() is flow.result_screen, timeout=3000)
    assert flow.result_screen.difference_label.text() == "€0.00"
    assert flow.result_screen.status_label.text().startswith("Not yet confirmed")


def test_a_refused_open_stays_on_the_float_screen_with_the_reason(qtbot, window, cash_sync):
    login(qtbot, window)
    flow = window.cash_flow
    qtbot.waitUntil(lambda: window.current_screen() is flow.float_screen, timeout=3000)
    cash_sync.open_refusal = {"success": False, "error_code": "UNAUTHORIZED",
                              "message": "not allowed on this device"}
    flow.float_screen.quick_amount(10000)
    flow.float_screen.confirm()
    qtbot.waitUntil(lambda: "not allowed on this device" in flow.float_screen.problem_label.text(),
                    timeout=3000)
    assert window.current_screen() is flow.float_screen and flow.float_screen.start_button.isEnabled()


def test_shift_already_open_is_adopted(qtbot, window, cash_sync):
    login(qtbot, window)
    flow = window.cash_flow
    qtbot.waitUntil(lambda: window.current_screen() is flow.float_screen, timeout=3000)
    cash_sync.open_refusal = {
        "success": False, "error_code": "INVALID_REQUEST", "problem": "shift_already_open",
        "message": "already open", "shift_id": "0190f0b0-0000-7000-8000-000000000001",
        "opened_at": "2026-07-04T17:00:00+00:00", "opening_float_cents": 20000,
    }
    flow.float_screen.quick_amount(10000)
    flow.float_screen.confirm()
    qtbot.waitUntil(lambda: window.main_screen.shift_label.text() == "Drawer €200.00", timeout=3000)
    assert window.current_screen() is window.main_screen


def test_the_over_maximum_message_sits_next_to_the_recharge_button(qtbot, window, cash_sync):
    login(qtbot, window)
    open_with_float(qtbot, window)
    screen = window.main_screen
    for digit in "900":
        screen.press_digit(digit)
    screen.confirm()
    assert screen.notice.isVisible() and screen.notice.text().startswith("Too much")
    notice = screen.notice.mapTo(window, screen.notice.rect().bottomLeft())
    button = screen.confirm_button.mapTo(window, screen.confirm_button.rect().topLeft())
    assert screen.notice.parentWidget() is screen.confirm_button.parentWidget()
    assert 0 <= button.y() - notice.y() <= 40


def test_a_supervisor_sees_open_shifts_moves_cash_and_closes_a_shift_for_a_cashier_who_left(
        qtbot, window, cash_sync):
    from kiosk.ui.supervisor import SupervisorScreen

    login(qtbot, window)
    open_with_float(qtbot, window, 10000)
    recharge_cash(qtbot, window, "50")
    qtbot.waitUntil(lambda: window.cash_flow.has_open_shift, timeout=3000)
    window.cash_flow.count_screen.keep_open_requested.emit()  # the cashier leaves, shift open
    assert window.staff is None
    screen = SupervisorScreen(cash_sync, "staff-super-1")
    qtbot.addWidget(screen)
    tab = screen.cash_tab
    assert tab is not None
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=3000)
    assert tab.table.item(0, 0).text() == "staff-cashier-1" and tab.table.item(0, 3).text() == "€150.00"
    tab.record_move()
    assert tab.message.text() == "Type the amount, e.g. 500 or 12.50."
    tab.amount_edit.setText("100")
    tab.record_move()
    assert tab.message.text() == "A cash move needs a reason."
    tab.move_reason_edit.setText("to the safe")
    tab.record_move()
    qtbot.waitUntil(lambda: tab.message.text().startswith("Cash move recorded"), timeout=3000)
    assert tab.message.text() == "Cash move recorded: expected cash in that drawer is now €50.00."
    qtbot.waitUntil(lambda: tab.table.item(0, 3).text() == "€50.00", timeout=3000)
    tab.begin_close()
    assert tab.message.text() == "Closing someone else's shift needs a reason."
    tab.close_reason_edit.setText("cashier went home")
    tab.begin_close()
    assert tab.count_overlay.isVisible()
    tab.count_screen.count.select(5000)
    tab.count_screen.panel.press_digit("1")
    tab.count_screen.confirm()
    problem = tab.count_screen.problem_label
    qtbot.waitUntil(lambda: tab.message.text().startswith("Shift of") or bool(problem.text()),
                    timeout=3000)
    assert not tab.count_screen.problem_label.text()
    assert tab.message.text() == ("Shift of staff-cashier-1 closed: expected €50.00, counted €50.00, "
                                  "difference €0.00.")
    [close] = cash_sync.calls_named("close_cash_shift")
    assert close.staff_id == "staff-super-1" and close.args[2] == "cashier went home"
    qtbot.waitUntil(lambda: tab.table.rowCount() == 0, timeout=3000)
    assert not tab.empty_label.isHidden() and tab.message.text().startswith("Shift of")
