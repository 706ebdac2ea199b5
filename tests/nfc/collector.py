"""A GUI-thread QObject with slots that records what a ReaderWorker emits (for Qt tests)."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QObject, QThread, Slot

from kiosk.nfc.worker import ReaderWorker


class SignalCollector(QObject):
    """Lives in the GUI thread; every slot notes the event, when it arrived and on which thread."""

    def __init__(self, worker: ReaderWorker) -> None:
        super().__init__()
        self.tapped: list = []
        self.duplicates: list = []
        self.removed: list = []
        self.statuses: list = []
        self.errors: list = []
        self.arrivals: list[float] = []  # monotonic time each tap reached the GUI thread
        self.wrong_thread = 0
        worker.tapped.connect(self.on_tapped)
        worker.duplicate.connect(self.on_duplicate)
        worker.removed.connect(self.on_removed)
        worker.status_changed.connect(self.on_status)
        worker.read_error.connect(self.on_error)

    def _check_thread(self) -> None:
        if QThread.currentThread() is not QCoreApplication.instance().thread():
            self.wrong_thread += 1

    @Slot(object)
    def on_tapped(self, tap: object) -> None:
        self.arrivals.append(time.monotonic())
        self._check_thread()
        self.tapped.append(tap)

    @Slot(object)
    def on_duplicate(self, tap: object) -> None:
        self._check_thread()
        self.duplicates.append(tap)

    @Slot(object)
    def on_removed(self, removed: object) -> None:
        self._check_thread()
        self.removed.append(removed)

    @Slot(object)
    def on_status(self, status: object) -> None:
        self._check_thread()
        self.statuses.append(status)

    @Slot(object)
    def on_error(self, error: object) -> None:
        self._check_thread()
        self.errors.append(error)
