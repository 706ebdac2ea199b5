"""The supervisor's Cash shifts tab (issue 12) fits a 1280×800 panel, with an open shift listed
and while closing it for a cashier who left. (At 1024×600 it does not yet: the count page under
the supervisor screen's own header needs 682 px; see the closing note of issue 12.)"""

from __future__ import annotations

import pytest

from kiosk.ui.supervisor_screen import SupervisorScreen
from tests.ui.test_screen_sizes import (
    SIZES,
    assert_fits,
    cash_window_for,
    fit,
    login,
    settle,
    theme,  # noqa: F401 (the real theme, autouse)
)


@pytest.mark.parametrize("size", [SIZES[0]])
def test_the_supervisor_cash_shifts_tab_fits(qtbot, size, tmp_path):
    window, sync = cash_window_for(qtbot, size, tmp_path)
    login(qtbot, window, "234567")
    flow = window.cash_flow
    qtbot.waitUntil(lambda: window.current_screen() is flow.float_screen, timeout=3000)
    flow.float_screen.quick_amount(15000)
    flow.float_screen.confirm()
    qtbot.waitUntil(lambda: window.cash_flow.has_open_shift, timeout=3000)
    screen = fit(qtbot, SupervisorScreen(sync, "staff-super-1"), size)
    tab = screen.cash_tab
    assert tab is not None
    screen.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=3000)
    settle(qtbot)
    assert_fits(screen, size, "supervisor cash shifts tab")
    tab.close_reason_edit.setText("cashier went home")
    tab.begin_close()
    assert tab.pages.currentWidget() is tab.count_screen
    settle(qtbot)
    assert_fits(screen, size, "supervisor closing a cashier's shift")
    sync.close()
