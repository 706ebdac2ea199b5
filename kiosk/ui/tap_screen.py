"""What the bar and checkpoint screens share: the result overlay and its auto-clear timer,
sounds, the device scan log, running sync calls off the GUI thread with the staff id, and the
card look-up a tap starts when nothing is armed.

A subclass owns a Qt-free controller (a `TapController`) and calls `run_request(...)`,
`show_result(...)`, `look_up_card(...)`; it implements `refresh`, `_lookup_done` and `_failed`.
Taps arrive through `handle_tap`, `handle_duplicate` and `handle_read_error`, called by the main
window from slots connected to the reader worker's signals.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.controllers.results import TapResult, Tone
from kiosk.money import format_cents
from kiosk.ops import OpRunner
from kiosk.settings import Settings
from kiosk.sounds import SoundPlayer
from kiosk.ui.result_overlay import ResultOverlay
from sync.config import StaffMember
from sync.errors import BackendUnavailable, CardUnknown
from sync.port import KioskPort
from sync.service import CardInfo

log = logging.getLogger(__name__)

NOTICE_MS = 3500
# After a result clears by itself, a touch this soon was meant to dismiss it: it must not
# reach the product grid or the buttons underneath.
TOUCH_GRACE_S = 0.8
SLOW_EXTRA_S = 2.0  # after request_timeout_s plus this, the spinner says it is still waiting

_SOUND_FOR_TONE = {Tone.SUCCESS: "success", Tone.ERROR: "failure", Tone.OFFLINE: "offline", Tone.INFO: "tap"}


class TapController(Protocol):
    """What TapScreen needs of its subclass's Qt-free controller."""

    result_serial: int

    @property
    def processing_card(self) -> str | None: ...

    def lookup_failed(self, error: BaseException) -> TapResult: ...

    def clear_result(self, serial: int | None = None) -> bool: ...


class TapScreen(QWidget):
    """Base of the screens that take card taps. Lives in the GUI thread."""

    controller: TapController  # set by the subclass before its first refresh()

    result_shown = Signal(object)  # TapResult, once it is on screen
    busy_changed = Signal(bool)

    screen_name = "screen"  # the scan log's "screen"

    def __init__(
        self,
        sync: KioskPort,
        ops: OpRunner,
        settings: Settings,
        currency: str = "EUR",
        sounds: SoundPlayer | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.sync = sync
        self.ops = ops
        self.settings = settings
        self.currency = currency
        self.sounds = sounds
        self.staff: StaffMember | None = None
        self.clock: Callable[[], float] = time.monotonic  # tests may replace it
        self._grace_until = float("-inf")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.notice = QLabel(self)
        self.notice.setProperty("role", "problem")
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.setWordWrap(True)
        self.notice.hide()
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.timeout.connect(self.notice.hide)

        self.overlay = ResultOverlay(self, currency)
        self.overlay.dismissed.connect(self._overlay_dismissed)
        self._clear_timer = QTimer(self)
        self._clear_timer.setSingleShot(True)
        self._clear_timer.timeout.connect(self._auto_clear)
        self._slow_timer = QTimer(self)
        self._slow_timer.setSingleShot(True)
        self._slow_timer.timeout.connect(self._still_waiting)
        self._shown_serial = 0

    # -- who is working ----------------------------------------------------------------------

    def set_staff(self, staff: StaffMember | None) -> None:
        self.staff = staff

    def set_online(self, online: bool) -> None:
        """The sync status changed (GUI thread); screens that care override this."""

    def reset_session(self) -> bool:
        """Log-out (by hand or automatic): forget what the last person was doing (order,
        amount, result on show). False while a request is in flight (nothing is forgotten)."""
        raise NotImplementedError

    @property
    def staff_id(self) -> str:
        if self.staff is None:
            raise RuntimeError("no staff member logged in: requests need a staff id")
        return self.staff.staff_id

    # -- taps (called by the main window on the GUI thread) ----------------------------------

    def handle_tap(self, card_uid: str) -> None:
        raise NotImplementedError

    def handle_duplicate(self, card_uid: str) -> None:
        """The reader saw the same card again within its debounce window: log it, do nothing."""
        self.log_scan(card_uid, "duplicate")

    def handle_read_error(self, message: str) -> None:
        self.log_scan(None, "read_error")
        self.show_notice(self.tr("Card not read: tap again, and hold it still"))

    def is_busy(self) -> bool:
        raise NotImplementedError

    def refresh(self) -> None:
        """Render the controller's state."""
        raise NotImplementedError

    def _lookup_done(self, info: CardInfo) -> None:
        raise NotImplementedError

    def _failed(self, error: BaseException) -> None:
        """A request raised something that is not an answer: show it calmly."""
        raise NotImplementedError

    # -- helpers for subclasses ----------------------------------------------------------------

    def log_scan(self, card_uid: str | None, status: str, request_id: uuid.UUID | None = None) -> None:
        """Record a tap in this device's scan log, off the GUI thread; never fails the screen."""
        sync, screen = self.sync, self.screen_name
        self.ops.run(
            lambda: sync.log_scan(card_uid, status, screen, request_id),
            on_failure=lambda exc: log.warning("could not log scan of %s: %s", card_uid, exc),
        )

    def run_request(
        self,
        busy_text: str,
        call: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
    ) -> None:
        """Run one sync call off the GUI thread and show the spinner.

        The call is started first: the worker thread sends while this thread draws the
        spinner (its outcome is delivered by the event loop, so never before this returns)."""
        self.ops.run(call, on_success, on_failure)
        self.overlay.show_busy(busy_text)
        self._clear_timer.stop()
        self._slow_timer.start(int((self.settings.request_timeout_s + SLOW_EXTRA_S) * 1000))
        self.busy_changed.emit(True)

    def look_up_card(self, card_uid: str) -> None:
        """Fetch the card's balance and recent transactions off the GUI thread."""
        sync = self.sync
        self.run_request(
            self.tr("Reading card…"),
            lambda: sync.card_info(card_uid),
            self._lookup_done,
            self._lookup_failed,
        )

    def _lookup_failed(self, error: BaseException) -> None:
        if not isinstance(error, CardUnknown | BackendUnavailable):
            self._failed(error)
            return
        uid = self.controller.processing_card
        shown = self.controller.lookup_failed(error)
        self.log_scan(uid, shown.scan_status)
        self.show_result(shown, self.controller.result_serial)
        self.refresh()

    def _money(self, cents: int) -> str:
        return format_cents(cents, self.currency)

    def _still_waiting(self) -> None:
        if self.overlay.busy:
            self.overlay.title.setText(self.tr("Still waiting for the network…"))

    def show_result(self, result: TapResult, serial: int) -> None:
        """Put a result on screen, play its sound, and clear it after result_clear_s."""
        self._slow_timer.stop()
        self._shown_serial = serial
        self.overlay.show_result(result)
        if self.sounds is not None:
            self.sounds.play(_SOUND_FOR_TONE[result.tone])
        self._clear_timer.start(int(self.settings.result_clear_s * 1000))
        self.busy_changed.emit(False)
        self.result_shown.emit(result)

    def hide_overlay(self) -> None:
        """Leave processing without a result (e.g. the card's balance is shown in place)."""
        self._slow_timer.stop()
        self.overlay.hide()
        self.overlay.result = None
        self.busy_changed.emit(False)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()
        self._notice_timer.start(NOTICE_MS)

    def _auto_clear(self) -> None:
        if self.controller.clear_result(self._shown_serial):
            self._grace_until = self.clock() + TOUCH_GRACE_S
            self._after_clear()

    def in_touch_grace(self) -> bool:
        """True just after a result cleared by itself: a touch now was aimed at the result."""
        return self.clock() < self._grace_until

    def _after_clear(self) -> None:
        if self.overlay.isVisible() and self.overlay.result is not None:
            self.overlay.hide()
            self.overlay.result = None
        self.refresh()

    def _overlay_dismissed(self) -> None:
        self._clear_timer.stop()
        self.clear_result(None)

    def clear_result(self, serial: int | None) -> None:
        """Leave the result screen if the controller still shows that result (any, without a
        serial): hide the overlay and refresh."""
        if not self.controller.clear_result(serial):
            return
        self._after_clear()

    def keyPressEvent(self, event) -> None:
        if self.overlay.result is not None and event.key() in (
            Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space
        ):
            self.overlay.dismiss()
            return
        super().keyPressEvent(event)
