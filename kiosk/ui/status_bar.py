"""The always-visible status bar: online/offline, queued requests and the oldest one's age,
reader status, device, staff name and the clock. Renders StatusModel's view; updates arrive
through slots (sync reports come from a worker thread via SyncStatusBridge's signal).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QWidget

from kiosk.controllers.status import Health, StatusModel, StatusView, age_parts
from kiosk.nfc.events import ReaderState
from kiosk.ui.widgets import ElidingLabel, set_style_property
from kiosk.ui.wording import fill


class SyncStatusBridge(QObject):
    """Carries KioskSync's status callbacks (worker thread) to the GUI thread as a signal.

    Lives in the GUI thread. `publish` is the callback given to `KioskSync.subscribe`; connect
    `changed` to a slot of a GUI-thread object so Qt queues the call.
    """

    changed = Signal(object)  # SyncStatus

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._closed = False

    def publish(self, status: Any) -> None:
        """Called on any thread; never raises into the sync worker."""
        if self._closed:
            return
        try:
            self.changed.emit(status)
        except RuntimeError:  # the bridge's C++ object is gone (window closed)
            self._closed = True

    def close(self) -> None:
        self._closed = True


class StatusBar(QFrame):
    """Bottom bar of the main window. Lives in the GUI thread; ticks once a second."""

    def __init__(self, model: StatusModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.model = model
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.setSpacing(6)
        # Connection and clock always show in full; queue and reader shorten with "…" only
        # when the device and staff names (which take what is left) are already gone.
        self.connection = self._label("statusConnection", eliding=False)
        self.queue = self._label("statusQueue")
        self.reader = self._label("statusReader")
        self.device = self._label("statusDevice", leftover=True)
        self.staff = self._label("statusStaff", leftover=True)
        self.clock = self._label("statusClock", eliding=False)
        # issue 10: a permanent mark when the backend link is not protected by TLS, and the
        # card cache's age once it is past half of the age after which offline sales stop
        self.insecure = self._label("statusInsecure", eliding=False)
        self.cache = self._label("statusCache", eliding=False)
        for label in (self.insecure, self.cache):
            label.hide()
        row.addWidget(self.insecure)
        for label in (self.connection, self.queue, self.reader, self.cache):
            row.addWidget(label)
        row.addWidget(self.device, 2)
        row.addWidget(self.staff, 1)
        row.addWidget(self.clock)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    def _label(self, name: str, eliding: bool = True, leftover: bool = False) -> QLabel:
        label = ElidingLabel("", self) if eliding else QLabel(self)
        label.setObjectName(name)
        if leftover:
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return label

    @Slot(object)
    def update_sync(self, status: object) -> None:
        self.model.update_sync(status)  # type: ignore[arg-type]
        self.refresh()

    @Slot(object)
    def update_reader(self, status: object) -> None:
        self.model.update_reader(status)  # type: ignore[arg-type]
        self.refresh()

    def set_staff(self, name: str | None) -> None:
        self.model.set_staff(name)
        self.refresh()

    def set_insecure_backend(self, insecure: bool) -> None:
        self.model.insecure_backend = bool(insecure)
        self.refresh()

    def refresh(self) -> None:
        view = self.model.view()
        self._show(self.connection, self._connection_text(view), view.connection_health)
        self.connection.setToolTip(
            fill(self.tr("The server's answers cannot be trusted: %1"), view.untrusted_reason)
            if view.untrusted_reason else self.connection.text())
        self._show(self.queue, self._queue_text(view), view.queue_health)
        self._show(self.reader, self._reader_text(view), view.reader_health)
        self.reader.setToolTip(view.reader_reason or self.reader.text())
        self.device.setText(view.device_id)
        self.staff.setText(view.staff_name or self.tr("not logged in"))
        self.clock.setText(view.now.strftime("%H:%M"))
        self.insecure.setVisible(view.insecure_backend)
        if view.insecure_backend:
            self._show(self.insecure, "⚠ " + self.tr("Insecure connection"), Health.BAD)
            self.insecure.setToolTip(self.tr(
                "insecure_backend is on: the link to the backend is not encrypted or not verified."))
        self.cache.setVisible(view.show_cache_age)
        if view.show_cache_age and view.card_cache_age_s is not None:
            self._show(self.cache, fill(self.tr("Card list %1 old"),
                                        self._age_text(view.card_cache_age_s)), view.cache_health)

    def _show(self, label: QLabel, text: str, health: Health) -> None:
        label.setText(text)
        set_style_property(label, "health", health.value)

    def _connection_text(self, view: StatusView) -> str:
        if view.online is None:
            return "● " + self.tr("Connecting…")
        if view.untrusted_reason:
            return "● " + self.tr("Server answers wrongly")
        return "● " + (self.tr("Online") if view.online else self.tr("OFFLINE"))

    def _age_text(self, seconds: float) -> str:
        value, unit = age_parts(seconds)
        if unit == "s":
            return self.tr("%n s", "", value)
        if unit == "min":
            return self.tr("%n min", "", value)
        return self.tr("%n h", "", value)

    def _queue_text(self, view: StatusView) -> str:
        if not view.pending_count:
            text = self.tr("Queue empty")
        else:
            text = self.tr("Queued: %n", "", view.pending_count)
            if view.oldest_pending_age_s is not None:
                text += " · " + fill(self.tr("oldest %1"), self._age_text(view.oldest_pending_age_s))
        if view.rejected_count:
            text += " · " + self.tr("%n to review", "", view.rejected_count)
        return text

    def _reader_text(self, view: StatusView) -> str:
        state = view.reader_state
        words = {
            ReaderState.CONNECTED: self.tr("Reader ready"),
            ReaderState.SEARCHING: self.tr("Looking for reader…"),
            ReaderState.LOST: self.tr("Reader lost: reconnecting"),
            ReaderState.NOT_FOUND: self.tr("No reader found"),
        }
        return words.get(state, self.tr("Reader: no report")) if state else self.tr("Reader: no report")
