"""The supervisor's Cash shifts tab (issue 12) fits a 1280×800 and a 1024×600 panel in the
checkpoint's window, with an open shift listed and while closing it for a cashier who left (the
count covers the window: under the supervisor screen's header the window grew to 1024×779)."""

from __future__ import annotations

import pytest

from kiosk.ui.supervisor import SupervisorScreen
from tests.ui.test_screen_sizes import (
    SIZES,
    assert_fits,
    cash_window_for,
    login,
    settle,
    theme,  # noqa: F401 (the real theme, autouse)
)


@pytest.mark.parametrize("size", SIZES)
def test_the_supervisor_cash_shifts_tab_fits(qtbot, size, tmp_path):
    window, sync = cash_window_for(qtbot, size, tmp_path)
    login(qtbot, window, "234567")
    flow = window.cash_flow
    qtbot.waitUntil(lambda: window.current_screen() is flow.float_screen, timeout=3000)
    flow.float_screen.quick_amount(15000)
    flow.float_screen.confirm()
    qtbot.waitUntil(lambda: window.cash_flow.has_open_shift, timeout=3000)
    flow.count_screen.keep_open_requested.emit()  # the cashier leaves, the shift stays open
    login(qtbot, window, "999999")
    window.show_supervisor_screen()
    screen = window.current_screen()
    assert isinstance(screen, SupervisorScreen)
    tab = screen.cash_tab
    assert tab is not None
    screen.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=3000)
    settle(qtbot)
    assert_fits(window, size, "supervisor cash shifts tab")
    tab.close_reason_edit.setText("cashier went home")
    tab.begin_close()
    assert tab.count_overlay.isVisible()
    settle(qtbot)
    assert_fits(tab.count_overlay, size, "supervisor closing a cashier's shift")
    sync.close()
