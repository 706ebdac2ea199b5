"""The kiosk's main window: a stack of screens (login, the device's bar or checkpoint screen,
the supervisor screen), a top bar with who is working, and the always-visible status bar.

Role-based navigation: after login the device's own screen opens (bar or checkpoint, from the
device config); supervisors also get the Supervisor button. At a checkpoint the cashier's cash
shift comes first (kiosk.ui.cash_shift_flow: the float before recharging, the count when the
shift is closed or the person logs out with it open; inactivity logs out and keeps it open).
Card reader signals are connected here to slots of this GUI-thread window, which routes each
tap to the screen on show. Staff are logged out after `auto_logout_s` without a touch, a key
or a tap. Unexpected errors never reach staff as a crash dialog:
`kiosk.ui.exception_hook.CalmExceptionHook` logs them and reports them through
`error_reported`, which the window shows as a calm line.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.controllers.interrupted import Interrupted, InterruptedOutcome, interrupted_requests
from kiosk.controllers.login import InactivityTimer
from kiosk.controllers.status import StatusModel
from kiosk.money import format_cents
from kiosk.ops import OpRunner
from kiosk.settings import Settings
from kiosk.sounds import SoundPlayer
from kiosk.ui.bar_screen import BarScreen
from kiosk.ui.cash_shift_flow import CashShiftFlow
from kiosk.ui.checkpoint_screen import CheckpointScreen
from kiosk.ui.login_screen import LoginScreen
from kiosk.ui.status_bar import StatusBar, SyncStatusBridge
from kiosk.ui.tap_screen import TapScreen
from kiosk.ui.widgets import role_label, touch_button
from kiosk.ui.wording import fill
from sync.config import SUPERVISOR_ROLE, DeviceConfig, StaffMember
from sync.port import KioskPort

log = logging.getLogger(__name__)

ERROR_BANNER_MS = 8000
_ACTIVITY_EVENTS = frozenset(
    {QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin, QEvent.Type.Wheel}
)


class ActivityFilter(QObject):
    """Application-wide event filter that reports touches and key presses (GUI thread)."""

    def __init__(self, on_activity: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_activity = on_activity

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY_EVENTS:
            self._on_activity()
        return False


class MainWindow(QMainWindow):
    """One kiosk. Construct with the sync facade (or a fake), its device config and settings;
    connect a reader with attach_reader(). Lives in the GUI thread."""

    logged_in = Signal(object)  # StaffMember
    logged_out = Signal()
    setup_requested = Signal()
    # whoever runs the window can open the setup wizard (the demo cannot: nothing to set up);
    # without, the supervisor screen shows no "Setup…" that would do nothing
    setup_available = True
    error_reported = Signal(str)  # any thread may emit; shown calmly on the GUI thread

    def __init__(
        self,
        sync: KioskPort,
        config: DeviceConfig,
        settings: Settings,
        *,
        ops: OpRunner | None = None,
        sounds: SoundPlayer | None = None,
        sim_panel: QWidget | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], datetime] = datetime.now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(fill(self.tr("Festival Kiosk — %1"), config.device_id))
        self.sync = sync
        self.config = config
        self.settings = settings
        self.ops = ops or OpRunner(self)
        self.sounds = sounds
        self.staff: StaffMember | None = None
        self._reader_thread: Any = None

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

        # top bar: who is working, navigation
        self.top_bar = QFrame()
        self.top_bar.setObjectName("topBar")
        top = QHBoxLayout(self.top_bar)
        top.setContentsMargins(16, 6, 16, 6)
        self.screen_title = role_label("", "heading")
        top.addWidget(self.screen_title)
        top.addStretch(1)
        self.staff_label = role_label("", "muted")
        top.addWidget(self.staff_label)
        self.supervisor_button = touch_button(self.tr("Supervisor"), "nav")
        self.supervisor_button.clicked.connect(self.show_supervisor_screen)
        self.logout_button = touch_button(self.tr("Log out"), "nav")
        self.logout_button.clicked.connect(self.logout)
        for button in (self.supervisor_button, self.logout_button):
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
            top.addWidget(button)
        layout.addWidget(self.top_bar)

        # calm error line: floats over the top bar, so it never pushes the screen down
        self.error_banner = QFrame(central)
        self.error_banner.setObjectName("errorBanner")
        banner = QHBoxLayout(self.error_banner)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        banner.addWidget(self.error_label, 1)
        dismiss = touch_button(self.tr("OK"), "quiet")
        dismiss.clicked.connect(self.error_banner.hide)
        banner.addWidget(dismiss)
        self.error_banner.hide()
        self._banner_timer = QTimer(self)
        self._banner_timer.setSingleShot(True)
        self._banner_timer.timeout.connect(self.error_banner.hide)
        self.error_reported.connect(self.show_calm_error)

        # how the sales interrupted by the last shutdown ended (issue 11 item 8)
        self.interrupted_banner = QFrame()
        self.interrupted_banner.setObjectName("interruptedBanner")
        interrupted_row = QHBoxLayout(self.interrupted_banner)
        interrupted_row.setContentsMargins(16, 6, 16, 6)
        self.interrupted_label = QLabel()
        self.interrupted_label.setObjectName("interruptedText")
        self.interrupted_label.setWordWrap(True)
        interrupted_row.addWidget(self.interrupted_label, 1)
        self.interrupted_ok = touch_button(self.tr("OK"), "quiet")
        self.interrupted_ok.clicked.connect(self.dismiss_interrupted)
        interrupted_row.addWidget(self.interrupted_ok)
        self.interrupted_banner.hide()
        layout.addWidget(self.interrupted_banner)
        self.interrupted: list[Interrupted] = []
        self._interrupted_dismissed = False
        self._session_started_at = datetime.now(UTC)
        # asked before closing while a request is in flight; True closes. None: the dialog.
        # (Not a bound method stored on self: that cycle would leave the window to the cyclic
        # garbage collector, which may run on a worker thread and destroy Qt objects there.)
        self.confirm_close: Callable[[], bool] | None = None
        # a close the window system sends (the user's ✕, Alt+F4) asks; a close by the program
        # (shutdown, a test's teardown) does not, unless this is set
        self.ask_on_programmatic_close = False

        # screens
        self.stack = QStackedWidget()
        self.login_screen = LoginScreen(config.staff, self.ops, config.device_id, clock=clock,
                                        sync=sync)
        self.login_screen.logged_in.connect(self.login)
        self.stack.addWidget(self.login_screen)
        self.main_screen: TapScreen
        if config.role == "checkpoint":
            self.main_screen = CheckpointScreen(sync, config, self.ops, settings, sounds)
        else:
            self.main_screen = BarScreen(sync, config, self.ops, settings, sounds)
        self.stack.addWidget(self.main_screen)
        self.supervisor_screen: QWidget | None = None
        # checkpoint: the cashier's cash shift (float before recharging, count at the close)
        self.cash_flow: CashShiftFlow | None = None
        if config.role == "checkpoint" and sync.cash_shifts:
            self.cash_flow = CashShiftFlow(sync, config, self.ops, self.stack, self)
            self.cash_flow.show_main.connect(self.show_main_screen)
            self.cash_flow.logout_now.connect(self.logout_now)
            self.cash_flow.shift_changed.connect(self.main_screen.set_shift)
            self.cash_flow.problem.connect(self.show_calm_error)
            self.main_screen.close_shift_requested.connect(self.close_shift)
            self.main_screen.money_changed.connect(self.cash_flow.refresh)
        layout.addWidget(self.stack, 1)

        # status bar
        self.status_model = StatusModel(config.device_id, clock, wall_clock)
        self.status_bar = StatusBar(self.status_model)
        self.status_bar.set_insecure_backend(bool(getattr(settings, "insecure_backend", False)))
        layout.addWidget(self.status_bar)
        self.setCentralWidget(central)

        self.sync_bridge = SyncStatusBridge(self)
        self.sync_bridge.changed.connect(self.status_bar.update_sync)
        self.sync_bridge.changed.connect(self._check_interrupted)
        self.sync_bridge.changed.connect(self._sync_status_changed)
        sync.subscribe(self.sync_bridge.publish)
        self.ops.run(sync.status, self._first_status, self._status_failed)
        self._check_interrupted()

        # simulated reader panel (demo)
        self.sim_dock: QDockWidget | None = None
        if sim_panel is not None:
            self.sim_dock = QDockWidget(self.tr("Simulated card reader"), self)
            self.sim_dock.setObjectName("simReaderDock")
            self.sim_dock.setWidget(sim_panel)
            self.sim_dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
            self.sim_dock.setTitleBarWidget(QWidget())  # the panel has its own title
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.sim_dock)

        # auto-logout
        self.inactivity = InactivityTimer(settings.auto_logout_s, clock)
        self._activity_filter = ActivityFilter(self.inactivity.touch, self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._activity_filter)
        self._logout_timer = QTimer(self)
        self._logout_timer.setInterval(1000)
        self._logout_timer.timeout.connect(self.check_inactivity)
        self._logout_timer.start()

        self._show_login()

    # -- reader ---------------------------------------------------------------------------------

    def attach_reader(self, reader_thread: Any) -> None:
        """Connect a kiosk.nfc.worker.ReaderThread's worker signals to this window's slots."""
        self._reader_thread = reader_thread
        worker = reader_thread.worker
        worker.tapped.connect(self.on_tap)
        worker.duplicate.connect(self.on_duplicate)
        worker.status_changed.connect(self.on_reader_status)
        worker.read_error.connect(self.on_read_error)

    @Slot(object)
    def on_tap(self, tap: Any) -> None:
        self.inactivity.touch()
        uid = tap.uid
        if self.staff is None:
            member = self.login_screen.handle_tap(uid)
            self._log_scan_outside(uid, "success" if member is not None else "not_staff", "login")
        elif self.stack.currentWidget() is self.main_screen:
            self.main_screen.handle_tap(uid)
        else:
            # Supervisor screen on show: taps are recorded, not acted upon.
            self._log_scan_outside(uid, "success", "supervisor")

    @Slot(object)
    def on_duplicate(self, tap: Any) -> None:
        if self.staff is not None and self.stack.currentWidget() is self.main_screen:
            self.main_screen.handle_duplicate(tap.uid)
        else:
            self._log_scan_outside(tap.uid, "duplicate", "login" if self.staff is None else "supervisor")

    @Slot(object)
    def on_read_error(self, error: Any) -> None:
        if self.staff is not None and self.stack.currentWidget() is self.main_screen:
            self.main_screen.handle_read_error(getattr(error, "message", ""))
        else:
            self._log_scan_outside(getattr(error, "uid", None), "read_error", "login")

    @Slot(object)
    def on_reader_status(self, status: Any) -> None:
        self.status_bar.update_reader(status)

    def _log_scan_outside(self, uid: str | None, status: str, screen: str) -> None:
        sync = self.sync
        self.ops.run(
            lambda: sync.log_scan(uid, status, screen),
            on_failure=lambda exc: log.warning("could not log scan: %s", exc),
        )

    def _first_status(self, status: object) -> None:
        self.status_bar.update_sync(status)
        self._sync_status_changed(status)

    @Slot(object)
    def _sync_status_changed(self, status: object) -> None:
        online = getattr(status, "online", None)
        if isinstance(online, bool):
            self.main_screen.set_online(online)

    def _status_failed(self, error: BaseException) -> None:
        log.warning("could not read the sync status: %s", error)

    # -- login and navigation ---------------------------------------------------------------------

    @Slot(object)
    def login(self, member: StaffMember) -> None:
        self.adopt_latest_config()
        self.staff = member
        self.inactivity.touch()
        self.main_screen.set_staff(member)
        self.status_bar.set_staff(member.name)
        self.staff_label.setText(fill(self.tr("%1 (%2)"), member.name, member.staff_id))
        self.supervisor_button.setVisible(member.role == SUPERVISOR_ROLE)
        self.logout_button.show()
        self.show_main_screen()
        if self.cash_flow is not None:
            outcome = self.login_screen.last_login
            server_shift = outcome.open_cash_shift if outcome is not None else None
            self.cash_flow.start(member, server_shift)
        self.logged_in.emit(member)

    @Slot()
    def close_shift(self) -> None:
        """The checkpoint's "Close shift": count the drawer."""
        if self.cash_flow is not None and self.staff is not None and not self.main_screen.is_busy():
            self.cash_flow.begin_close()

    @Slot()
    def logout(self) -> None:
        """"Log out": with a cash shift open, the count screen comes first (it can also keep
        the shift open for a break); inactivity logs out at once (logout_now)."""
        if self.staff is None:
            return
        flow = self.cash_flow
        if (flow is not None and flow.has_open_shift and not flow.owns(self.stack.currentWidget())
                and not self.main_screen.is_busy()):
            flow.begin_close(for_logout=True)
            return
        self.logout_now()

    @Slot()
    def logout_now(self) -> None:
        if self.staff is None:
            return
        if not self.main_screen.reset_session():
            # a request is in flight: its answer belongs to this person; log out afterwards
            self.show_calm_error(self.tr("A payment is in progress: log out when its result shows."))
            return
        log.info("staff %s logged out", self.staff.staff_id)
        self._end_server_session()
        self.staff = None
        self.main_screen.set_staff(None)
        self.status_bar.set_staff(None)
        if self.cash_flow is not None:
            self.cash_flow.stop()
        self._close_supervisor()
        self.adopt_latest_config()
        self._show_login()
        self.logged_out.emit()

    def _end_server_session(self) -> None:
        """End the server's staff session of the last login, off the GUI thread; a failure
        only leaves it to expire (it is replaced by the next login on this device anyway)."""
        outcome = self.login_screen.last_login
        if outcome is None or outcome.session_id is None:
            return
        logout, session_id = self.sync.staff_logout, outcome.session_id
        self.ops.run(lambda: logout(session_id), lambda _result: None,
                     lambda error: log.warning("staff logout not recorded: %s", error))

    def _show_login(self) -> None:
        self.login_screen.reset()
        self.stack.setCurrentWidget(self.login_screen)
        self.top_bar.hide()
        self.staff_label.setText("")
        for button in (self.supervisor_button, self.logout_button):
            button.hide()
        self.login_screen.setFocus()

    @Slot()
    def show_main_screen(self) -> None:
        if self.staff is None:
            return
        self.stack.setCurrentWidget(self.main_screen)
        self.top_bar.show()
        checkpoint = self.config.role == "checkpoint"
        self.screen_title.setText(self.tr("Checkpoint") if checkpoint else self.tr("Bar"))
        self.supervisor_button.setVisible(self.staff.role == SUPERVISOR_ROLE)
        self.main_screen.setFocus()

    @Slot()
    def show_supervisor_screen(self) -> None:
        if self.staff is None or self.staff.role != SUPERVISOR_ROLE:
            return
        if self.supervisor_screen is None:
            try:
                from kiosk.ui.supervisor import SupervisorScreen
            except ImportError as exc:
                self.show_calm_error(self.tr("The supervisor screen is not available in this build."))
                log.error("supervisor screen unavailable: %s", exc)
                return
            screen = SupervisorScreen(self.sync, self.staff.staff_id)
            screen.closed.connect(self.show_main_screen)
            screen.setup_requested.connect(self.setup_requested)
            screen.setup_button.setVisible(self.setup_available)
            self.supervisor_screen = screen
            self.stack.addWidget(screen)
        self.stack.setCurrentWidget(self.supervisor_screen)
        self.screen_title.setText(self.tr("Supervisor"))
        self.supervisor_button.hide()  # the supervisor screen has its own "back to selling"

    def _close_supervisor(self) -> None:
        if self.supervisor_screen is not None:
            self.stack.removeWidget(self.supervisor_screen)
            self.supervisor_screen.deleteLater()
            self.supervisor_screen = None

    def current_screen(self) -> QWidget:
        return self.stack.currentWidget()

    def set_config(self, config: DeviceConfig) -> None:
        """A refreshed device config: new prices, staff list and limits."""
        self.config = config
        self.login_screen.set_staff(config.staff)
        self.main_screen.set_config(config)

    def adopt_latest_config(self) -> None:
        """Take the config KioskSync refreshed in the background (a cached value, no I/O), if
        it changed; called between shifts (login, logout) so prices never move mid-order."""
        latest = self.sync.config
        if latest is None or latest == self.config or self.main_screen.is_busy():
            return
        if latest.role != self.config.role:
            log.error("device role changed from %s to %s: restart the kiosk", self.config.role, latest.role)
            return
        log.info("device configuration updated (version %s)", latest.config_version)
        self.set_config(latest)

    # -- inactivity -------------------------------------------------------------------------------

    @Slot()
    def check_inactivity(self) -> None:
        if self.staff is None or not self.inactivity.expired():
            return
        if self.main_screen.is_busy():
            return  # never log out in the middle of a payment
        self.logout_now()  # a cash shift stays open (a break): it is closed with a count

    # -- errors ---------------------------------------------------------------------------------

    @Slot(str)
    def show_calm_error(self, text: str = "") -> None:
        self.error_label.setText(
            text or self.tr("Something went wrong. The kiosk keeps working; the details are in the log.")
        )
        self._place_banner()
        self.error_banner.show()
        self.error_banner.raise_()
        self._banner_timer.start(ERROR_BANNER_MS)

    def _place_banner(self) -> None:
        width = self.centralWidget().width()
        self.error_banner.setGeometry(0, 0, width, self.error_banner.heightForWidth(width)
                                      if self.error_banner.hasHeightForWidth()
                                      else self.error_banner.sizeHint().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.error_banner.isVisible():
            self._place_banner()

    # -- interrupted sales -------------------------------------------------------------------

    @Slot()
    @Slot(object)
    def _check_interrupted(self, _status: object = None) -> None:
        """Read the outbox off the GUI thread for requests the last shutdown interrupted."""
        if self._interrupted_dismissed:
            return
        if self.interrupted and all(i.outcome is not InterruptedOutcome.SENDING
                                    for i in self.interrupted):
            return  # all settled and on show: nothing more to learn
        sync, since = self.sync, self._session_started_at
        self.ops.run(lambda: interrupted_requests(sync.outbox_entries(None, 200), since),
                     self._show_interrupted,
                     lambda exc: log.warning("could not read the outbox: %s", exc))

    def _show_interrupted(self, found: list[Interrupted]) -> None:
        if self._interrupted_dismissed:
            return
        self.interrupted = found
        if not found:
            self.interrupted_banner.hide()
            return
        currency = self.config.event.currency
        lines = []
        for item in found:
            what = fill(self.tr("Sale of %1") if item.kind == "bar_order" else self.tr("Recharge of %1"),
                        format_cents(abs(item.amount_cents), currency))
            when = item.captured_at.astimezone().strftime("%H:%M") if item.captured_at else ""
            outcome = {
                InterruptedOutcome.SENDING: self.tr("still being sent: it will go through once, "
                                                    "never twice"),
                InterruptedOutcome.DONE: self.tr("went through: the card was charged"),
                InterruptedOutcome.REFUSED: self.tr("was refused: nothing was charged"),
                InterruptedOutcome.VOIDED: self.tr("was voided: nothing was charged"),
            }[item.outcome]
            if item.kind == "recharge" and item.outcome is InterruptedOutcome.DONE:
                outcome = self.tr("went through: the card was credited")
            lines.append(fill(self.tr("%1 on card %2 at %3, interrupted when the kiosk stopped, %4."),
                              what, item.card_uid, when, outcome))
        self.interrupted_label.setText("\n".join(lines))
        self.interrupted_banner.show()

    @Slot()
    def dismiss_interrupted(self) -> None:
        self._interrupted_dismissed = True
        self.interrupted_banner.hide()

    # -- closing ----------------------------------------------------------------------------

    def _confirm_close_dialog(self) -> bool:
        answer = QMessageBox.question(
            self, self.tr("A payment is in progress"),
            self.tr("A payment is being sent. Close anyway? It is kept and finished after the "
                    "restart, and the kiosk then shows how it ended."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def closeEvent(self, event) -> None:
        ask = event.spontaneous() or self.ask_on_programmatic_close
        confirm = self.confirm_close or self._confirm_close_dialog
        if ask and self.main_screen.is_busy() and not confirm():
            event.ignore()  # the request in flight gets its answer on screen first
            return
        self.shutdown_ui()
        super().closeEvent(event)

    def shutdown_ui(self) -> None:
        """Stop timers, the activity filter and status updates (the session stops sync/reader)."""
        self._logout_timer.stop()
        self.sync_bridge.close()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._activity_filter)
