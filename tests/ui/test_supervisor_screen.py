"""Supervisor screen (pytest-qt, offscreen): outbox tabs, void, retry, scan log, shift report."""

from __future__ import annotations

import csv
import threading
import uuid
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from kiosk.controllers.supervisor import OutboxView
from sync.result import BackendResult
from sync.scan_log import ScanEntry
from tests.sync.outbox_builders import order, recharge, void, voided
from tests.ui import fakes
from tests.ui.supervisor_screens import supervisor_screen_opener


class FakeSync(fakes.FakeSync):
    """The whole fake KioskSync (a KioskPort) with the given outbox and scan log and no device
    config (the screen shows product ids and euros); records voids, retries and the row
    limits read; runs on any thread."""

    device_id = "kiosk-bar-1"  # fakes.FakeSync reads it from its config: this one has none

    def __init__(self, entries, scans=()):
        super().__init__()
        self.config = None
        self.entries = list(entries)
        self.scan_rows = list(scans)
        self.voids: list[tuple[uuid.UUID, str, str]] = []
        self.retries = 0
        self.void_answer = BackendResult(True, {"success": True, "outcome": "tombstone"})
        self.limits: list[int] = []
        self.lock = threading.Lock()

    def outbox_entries(self, states=None, limit=500):
        with self.lock:
            self.limits.append(limit)
            return list(self.entries)[:limit]

    def scan_entries(self, limit=500):
        return list(self.scan_rows)[:limit]

    def retry_now(self):
        self.retries += 1

    def void_request(self, request_id, staff_id, reason):
        with self.lock:
            self.voids.append((request_id, staff_id, reason))
            if self.void_answer.ok:
                self.entries = [replace(e, state="voided") if e.request_id == request_id else e
                                for e in self.entries]
        return self.void_answer


@pytest.fixture
def make_screen(qtbot):
    yield from supervisor_screen_opener(qtbot, load_timeout_ms=3000, done_timeout_ms=2000, size=(1200, 800))


def table_texts(table, column):
    model = table.model()
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_opens_on_queued_requests_with_counts_on_each_tab(make_screen):
    pending = order([("beer", 2)], 1000, state="pending", minute=5)
    rejected = order([("beer", 9)], 4500, state="rejected", minute=6,
                     error_code="INSUFFICIENT_FUNDS",
                     response={"success": False, "message": "Insufficient funds"})
    screen = make_screen(FakeSync([order([("soft", 1)], 300, minute=1), pending, rejected]))
    assert screen.outbox_tab.view_buttons[OutboxView.QUEUED].text() == "Queued (1)"
    assert screen.outbox_tab.view_buttons[OutboxView.REJECTED].text() == "Rejected (1)"
    assert table_texts(screen.outbox_tab.table, 5) == ["2× beer"]
    assert table_texts(screen.outbox_tab.table, 3) == ["€10.00"]
    screen.outbox_tab.view_buttons[OutboxView.REJECTED].click()
    assert table_texts(screen.outbox_tab.table, 6) == ["Insufficient funds"]  # words, no raw code


def test_void_selected_pending_request_with_reason(qtbot, make_screen):
    pending = order([("beer", 1)], 500, state="pending")
    sync = FakeSync([pending])
    screen = make_screen(sync)
    assert not screen.outbox_tab.void_button.isEnabled()
    assert screen.outbox_tab.select_request(pending.request_id)
    assert screen.outbox_tab.void_button.isEnabled()
    screen.outbox_tab.reason_combo.setEditText("Wrong card")
    with qtbot.waitSignal(screen.void_done, timeout=3000) as signal:
        qtbot.mouseClick(screen.outbox_tab.void_button, Qt.MouseButton.LeftButton)
    assert signal.args[0].ok
    assert sync.voids == [(pending.request_id, "staff-super-1", "Wrong card")]
    assert screen.controller.row(pending.request_id).state == "voided"
    assert screen.outbox_tab.view_buttons[OutboxView.QUEUED].text() == "Queued (0)"


def test_void_without_reason_asks_for_one_and_sends_nothing(make_screen):
    pending = order([("beer", 1)], 500, state="pending")
    sync = FakeSync([pending])
    screen = make_screen(sync)
    screen.outbox_tab.select_request(pending.request_id)
    screen.outbox_tab.void_selected()
    assert screen.message_label.text() == "Give a reason for the void."
    assert sync.voids == []


def test_refused_void_shows_the_backends_reason(qtbot, make_screen):
    pending = order([("beer", 1)], 500, state="pending")
    sync = FakeSync([pending])
    sync.void_answer = BackendResult(False, {}, "UNAUTHORIZED", "staff-bar-1 may not void")
    screen = make_screen(sync)
    screen.outbox_tab.select_request(pending.request_id)
    screen.outbox_tab.reason_combo.setEditText("Staff error")
    with qtbot.waitSignal(screen.void_done, timeout=3000):
        screen.outbox_tab.void_selected()
    assert screen.message_label.text() == "Not voided: staff-bar-1 may not void"
    assert screen.controller.row(pending.request_id).state == "pending"


def test_retry_now_calls_sync(qtbot, make_screen):
    sync = FakeSync([order([("beer", 1)], 500, state="pending")])
    screen = make_screen(sync)
    screen.outbox_tab.retry_button.click()
    qtbot.waitUntil(lambda: sync.retries == 1 and screen.outbox_tab.retry_button.isEnabled(), timeout=3000)


def test_scan_log_tab_lists_this_devices_scans(make_screen):
    t0 = datetime(2026, 7, 4, 20, 0, tzinfo=UTC)
    scans = [ScanEntry(uuid.uuid4(), "04DE0000000001", "success", t0, "bar", None, True),
             ScanEntry(uuid.uuid4(), None, "read_error", t0, "bar", None, False)]
    screen = make_screen(FakeSync([], scans))
    assert sorted(table_texts(screen.scan_tab.table, 2)) == ["card not read", "read"]  # in words
    assert "—" in table_texts(screen.scan_tab.table, 1)


def shift_entries():
    cash = recharge(5000, "cash")
    return [order([("beer", 2)], 1000), recharge(2000, "cash"), voided(cash), void(cash),
            recharge(1000, "card"), order([("beer", 1)], 500, state="pending")]


def test_shift_report_shows_cash_expected_and_exports_csv(qtbot, make_screen, tmp_path):
    screen = make_screen(FakeSync(shift_entries()))
    screen.report_tab.period_combo.setCurrentIndex(screen.report_tab.period_combo.findData(None))
    screen.tabs.setCurrentIndex(2)
    report = screen.report
    assert report.cash_expected_cents == 2000
    assert "Cash expected in the drawer" in screen.report_tab.report_view.toPlainText()
    assert "€20.00" in screen.report_tab.report_view.toPlainText()
    path = screen.report_tab.export_csv(tmp_path / "shift.csv")
    rows = {(r[0], r[1]): r for r in csv.reader(path.open()) if len(r) == 6}
    assert rows[("drawer", "cash_expected")][4] == "2000"
    assert rows[("queue", "queued")][3] == "1"


def test_export_button_writes_a_named_file_without_asking_for_typing(qtbot, make_screen, tmp_path):
    """Issue 11 item 9: export needed a keyboard (a file dialog); now one touch saves it."""
    screen = make_screen(FakeSync(shift_entries()))
    screen.report_tab.export_dir = tmp_path / "reports"
    screen.report_tab.export_button.click()
    [target] = list((tmp_path / "reports").glob("shift-kiosk-bar-1-*.csv"))
    assert target.read_text().startswith("# device,kiosk-bar-1")
    assert screen.message_label.text() == f"Saved {target}"
    screen.report_tab.pdf_button.click()
    assert len(list((tmp_path / "reports").glob("shift-kiosk-bar-1-*.pdf"))) == 1


def test_shift_report_prints_to_pdf(make_screen, tmp_path):
    screen = make_screen(FakeSync(shift_entries()))
    path = screen.report_tab.print_to_pdf(tmp_path / "shift.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 1000


def test_recent_period_leaves_out_old_entries(make_screen):
    screen = make_screen(FakeSync(shift_entries()))  # captured in 2026-07-04 18:00 UTC
    periods = screen.report_tab.period_combo
    periods.setCurrentIndex(periods.findData(12))  # last 12 hours
    now = datetime(2026, 7, 5, 1, 0, tzinfo=UTC)
    assert screen.report_tab.report_since(now) == datetime(2026, 7, 4, 13, 0, tzinfo=UTC)


def test_close_and_setup_buttons_emit_signals(qtbot, make_screen):
    screen = make_screen(FakeSync([]))
    with qtbot.waitSignal(screen.closed, timeout=1000):
        screen.close_button.click()
    with qtbot.waitSignal(screen.setup_requested, timeout=1000):
        screen.setup_button.click()
    with qtbot.waitSignal(screen.closed, timeout=1000):
        qtbot.keyClick(screen, Qt.Key.Key_Escape)


def test_tables_read_the_newest_rows_and_the_report_tab_reads_the_whole_outbox(qtbot, make_screen):
    from kiosk.ui.supervisor.screen import REPORT_ENTRY_LIMIT, TABLE_ENTRY_LIMIT

    sync = FakeSync(shift_entries())
    screen = make_screen(sync)
    assert sync.limits == [TABLE_ENTRY_LIMIT]
    with qtbot.waitSignal(screen.report_ready, timeout=3000):
        screen.tabs.setCurrentIndex(2)
    assert sync.limits[-1] == REPORT_ENTRY_LIMIT
    assert screen.report_tab.export_button.isEnabled()


def test_a_long_outbox_gets_its_report_from_a_full_read(qtbot, make_screen, monkeypatch):
    import kiosk.ui.supervisor.screen as module

    monkeypatch.setattr(module, "TABLE_ENTRY_LIMIT", 2)
    sync = FakeSync(shift_entries())  # 6 entries, more than the table reads
    screen = make_screen(sync)
    assert screen.report is None and not screen.report_tab.export_button.isEnabled()
    with qtbot.waitSignal(screen.report_ready, timeout=3000) as signal:
        screen.report_tab.period_combo.setCurrentIndex(screen.report_tab.period_combo.findData(None))
    assert signal.args[0].queued_count == 1 and signal.args[0].cash_expected_cents == 2000


class ConflictSync(FakeSync):
    """FakeSync with the conflict actions of issue 10 (KioskSync.resend_conflict / settle_conflict)."""

    def __init__(self, entries):
        super().__init__(entries)
        self.resent: list[uuid.UUID] = []
        self.settled: list[tuple[uuid.UUID, str, str]] = []

    def resend_conflict(self, request_id, staff_id=None):
        self.resent.append(request_id)
        self.entries = [replace(e, state="pending") if e.request_id == request_id else e
                        for e in self.entries]
        return BackendResult(True, {"success": True})

    def settle_conflict(self, request_id, staff_id, reason):
        self.settled.append((request_id, staff_id, reason))
        self.entries = [replace(e, state="voided") if e.request_id == request_id else e
                        for e in self.entries]
        return BackendResult(True, {"success": True})


def test_a_sale_refused_offline_but_booked_is_reversed_from_the_screen(qtbot, make_screen):
    """Issue 11 item 1: "Void selected" on it did nothing and showed nothing."""
    from tests.sync.outbox_builders import refused_offline_but_booked

    sale, refused = refused_offline_but_booked([("cocktail", 4)], 3600)
    sync = FakeSync([sale, refused])
    sync.void_answer = BackendResult(True, {"success": True, "outcome": "reversed"})
    screen = make_screen(sync)
    screen.outbox_tab.show_view(OutboxView.REJECTED)
    assert screen.outbox_tab.select_request(sale.request_id)
    assert screen.outbox_tab.void_button.isEnabled()
    assert "reverse it" in table_texts(screen.outbox_tab.table, 6)[
        [screen.outbox_tab.table.model().index(r, 0).data(Qt.ItemDataRole.UserRole)
         for r in range(screen.outbox_tab.table.model().rowCount())].index(str(sale.request_id))]
    screen.outbox_tab.reason_combo.setEditText("Staff error")
    with qtbot.waitSignal(screen.void_done, timeout=3000):
        qtbot.mouseClick(screen.outbox_tab.void_button, Qt.MouseButton.LeftButton)
    assert sync.voids == [(sale.request_id, "staff-super-1", "Staff error")]
    assert screen.confirm_questions == ["Reverse €36.00 on card 04DE0000000001? The money goes back."]
    assert screen.message_label.text() == "Reversed: the money went back to the card."


def test_a_reversal_the_supervisor_does_not_confirm_sends_nothing(make_screen):
    """Issue 11 item 9: a €12 reversal had no confirmation."""
    done = order([("beer", 2)], 1200)
    screen = make_screen(FakeSync([done]))
    screen.outbox_tab.show_view(OutboxView.DONE)
    screen.outbox_tab.select_request(done.request_id)
    screen.outbox_tab.reason_combo.setEditText("Wrong card")
    screen.outbox_tab.confirm = lambda text: False
    screen.outbox_tab.void_selected()
    assert screen.sync.voids == [] and screen.message_label.text() == "Nothing was voided."


def test_conflicts_are_listed_in_words_and_can_be_resent_or_settled(qtbot, make_screen):
    """Issue 10 item 3: the status bar's count is the "To review" list; resend or settle."""
    served = order([("beer", 1)], 500, state="conflict", offline=True, error_code="UNAUTHORIZED",
                   response={"success": False, "error_code": "UNAUTHORIZED",
                             "message": "staff staff-bar-1 is disabled"})
    other = order([("wine", 1)], 600, state="conflict", offline=True, error_code="CARD_BLOCKED",
                  response={"success": False, "error_code": "CARD_BLOCKED"}, minute=1)
    sync = ConflictSync([served, other])
    screen = make_screen(sync)
    assert screen.outbox_tab.view_buttons[OutboxView.CONFLICTS].text() == "To review (2)"
    screen.outbox_tab.show_view(OutboxView.CONFLICTS)
    reasons = table_texts(screen.outbox_tab.table, 6)
    assert "Not allowed on this kiosk. Call a supervisor." in reasons
    assert "Card blocked. Keep the card and call a supervisor." in reasons
    assert not any("UNAUTHORIZED" in r or "CARD_BLOCKED" in r for r in reasons)
    screen.outbox_tab.select_request(served.request_id)
    assert screen.outbox_tab.resend_button.isEnabled() and screen.outbox_tab.settle_button.isEnabled()
    with qtbot.waitSignal(screen.refreshed, timeout=3000):
        screen.outbox_tab.resend_button.click()
    assert sync.resent == [served.request_id]
    screen.outbox_tab.show_view(OutboxView.CONFLICTS)
    screen.outbox_tab.select_request(other.request_id)
    screen.outbox_tab.settle_button.click()
    assert screen.message_label.text() == "Give a reason for settling it."
    screen.outbox_tab.reason_combo.setEditText("Card was stolen, served anyway")
    with qtbot.waitSignal(screen.refreshed, timeout=3000):
        screen.outbox_tab.settle_button.click()
    assert sync.settled == [(other.request_id, "staff-super-1", "Card was stolen, served anyway")]
    qtbot.waitUntil(lambda: screen.outbox_tab.view_buttons[OutboxView.CONFLICTS].text() == "To review (0)",
                    timeout=3000)


def test_periods_are_in_order_and_a_disabled_void_button_looks_disabled(make_screen):
    """Issue 11 item 9."""
    screen = make_screen(FakeSync([]))
    combo = screen.report_tab.period_combo
    periods = [combo.itemData(i) for i in range(combo.count())]
    assert periods == [8, 12, 24, None]
    from PySide6.QtWidgets import QApplication, QPushButton

    from kiosk.theme import load_stylesheet

    app = QApplication.instance()
    before = app.styleSheet()
    app.setStyleSheet(load_stylesheet())
    try:
        button = QPushButton("Void selected")
        button.setProperty("role", "danger")
        button.resize(200, 60)

        def colour(enabled: bool):
            button.setEnabled(enabled)
            button.style().unpolish(button)
            button.style().polish(button)
            return button.grab().toImage().pixelColor(100, 30)

        enabled, disabled = colour(True), colour(False)
        assert enabled.red() > 120 and enabled.red() > 2 * enabled.green()  # red when usable
        assert disabled.red() < 80  # dark, not the same red, when it cannot be used
    finally:
        app.setStyleSheet(before)


def test_print_without_a_printer_offers_a_pdf_with_no_typing(make_screen, tmp_path, qtbot):
    """Print… with no printer set up: the dialog says so, and one touch saves the PDF where
    export saves (named after the device and the time)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.print_dialog import PrintDialog

    screen = make_screen(FakeSync(shift_entries()))
    screen.report_tab.export_dir = tmp_path / "reports"
    screen.report_tab.make_print_dialog = lambda printers=None: PrintDialog(screen, [])  # this machine's none
    seen: list[str] = []

    def touch_pdf() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PrintDialog), dialog
        seen.append(dialog.hint.text())
        dialog.pdf_button.click()

    QTimer.singleShot(50, touch_pdf)
    screen.report_tab.print_button.click()
    assert seen and "No printer" in seen[0]
    [target] = list((tmp_path / "reports").glob("shift-kiosk-bar-1-*.pdf"))
    assert target.read_bytes().startswith(b"%PDF")
    assert screen.message_label.text() == f"Saved {target}"


def test_the_periodic_refresh_keeps_the_selected_request_and_changes_no_row(qtbot, make_screen):
    """Issue 15 item 3: the tables were rebuilt every 5 s; now a refresh with the same rows
    tells the view nothing, and the selection stays on the same request."""
    entries = [order([("beer", 1)], 500, state="pending", minute=m) for m in range(8)]
    sync = FakeSync(entries)
    screen = make_screen(sync)
    tab = screen.outbox_tab
    assert tab.select_request(entries[3].request_id)
    changes: list[str] = []
    tab.model.dataChanged.connect(lambda *_a: changes.append("changed"))
    tab.model.modelReset.connect(lambda: changes.append("reset"))
    tab.model.rowsInserted.connect(lambda *_a: changes.append("inserted"))
    for _ in range(2):
        with qtbot.waitSignal(screen.refreshed, timeout=3000):
            screen.refresh()
    assert changes == []
    assert screen.controller.selected.request_id == entries[3].request_id
    assert tab.void_button.isEnabled()
    sync.entries = [*entries, order([("wine", 1)], 600, state="pending", minute=9)]
    with qtbot.waitSignal(screen.refreshed, timeout=3000):
        screen.refresh()
    assert changes == ["inserted"]
    [selected] = tab.table.selectionModel().selectedRows()
    assert selected.data(Qt.ItemDataRole.UserRole) == str(entries[3].request_id)
