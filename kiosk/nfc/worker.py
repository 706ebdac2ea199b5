"""Runs any ``CardReader`` on its own QThread and turns its reports into Qt signals.

``ReaderWorker`` lives in the reader thread: it is the reader's sink, debounces taps there and
emits signals; connect them to slots of objects living in the GUI thread (never to a bare
lambda, which would run in the reader thread). ``ReaderThread`` is the GUI-thread owner that
wires it up the one way of the house: moveToThread, started→run, finished→quit, deleteLater.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from shiboken6 import Shiboken

from kiosk.nfc.debounce import DEFAULT_WINDOW_S, Debouncer
from kiosk.nfc.events import CardRemoved, CardTap, ReadError, ReaderState, ReaderStatus
from kiosk.nfc.reader import CardReader

log = logging.getLogger(__name__)


class ReaderWorker(QObject):
    """Adapts a CardReader to signals. Runs on the reader thread (``run`` blocks there)."""

    tapped = Signal(object)  # CardTap, not a duplicate: act on it
    duplicate = Signal(object)  # CardTap of the same card within the debounce window
    removed = Signal(object)  # CardRemoved (readers that can tell)
    status_changed = Signal(object)  # ReaderStatus
    read_error = Signal(object)  # ReadError
    finished = Signal()

    def __init__(self, reader: CardReader, debounce_s: float = DEFAULT_WINDOW_S) -> None:
        super().__init__()
        self.reader = reader
        self._debouncer = Debouncer(debounce_s)

    @Slot()
    def run(self) -> None:
        try:
            self.reader.run(self)
        except Exception as error:  # a reader bug must not kill the thread silently
            log.exception("card reader %s crashed", self.reader.name)
            self.status_changed.emit(
                ReaderStatus(ReaderState.LOST, self.reader.name, f"reader stopped: {error!r}")
            )
        finally:
            self.finished.emit()

    # ReaderSink, called on the reader thread by the reader
    def on_tap(self, tap: CardTap) -> None:
        if self._debouncer.is_duplicate(tap.uid, tap.monotonic):
            log.info("duplicate scan of %s on %s ignored", tap.uid, tap.reader)
            self.duplicate.emit(tap)
        else:
            log.info("card %s tapped on %s", tap.uid, tap.reader)
            self.tapped.emit(tap)

    def on_status(self, status: ReaderStatus) -> None:
        self.status_changed.emit(status)

    def on_read_error(self, error: ReadError) -> None:
        log.warning("read error on %s: %s", error.reader, error.message)
        self.read_error.emit(error)

    def on_card_removed(self, removed: CardRemoved) -> None:
        self.removed.emit(removed)


class ReaderThread(QObject):
    """Owns the reader thread; create, connect to ``.worker`` signals, ``start()``, ``stop()``.

    Lives in the GUI thread. One use: after ``stop()`` the thread and worker are deleted.
    """

    def __init__(
        self,
        reader: CardReader,
        debounce_s: float = DEFAULT_WINDOW_S,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.reader = reader
        self.worker = ReaderWorker(reader, debounce_s)
        self._thread = QThread()
        self._thread.setObjectName(f"card-reader {reader.name}")
        self.worker.moveToThread(self._thread)
        self._thread.started.connect(self.worker.run)
        # Direct connections: quit() and deleteLater() are thread-safe, and a queued quit
        # would wait for the GUI event loop, which stop() is blocking.
        self.worker.finished.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        self.worker.finished.connect(self.worker.deleteLater, Qt.ConnectionType.DirectConnection)
        self._thread.finished.connect(self._thread.deleteLater)
        self._started = False
        self._stopped = False

    def start(self) -> None:
        if self._started:
            raise RuntimeError("a ReaderThread runs once; make a new one")
        self._started = True
        self.reader.attach_gui()
        self._thread.start()

    def is_running(self) -> bool:
        return self._started and not self._stopped and self._thread_alive()

    def _thread_alive(self) -> bool:
        # the QThread deletes itself (deleteLater) once it has finished
        return Shiboken.isValid(self._thread) and self._thread.isRunning()

    def stop(self, timeout_ms: int = 2000) -> bool:
        """Stop the reader and wait for its thread; True if it ended within ``timeout_ms``."""
        if self._stopped or not self._started:
            self._stopped = True
            return True
        self._stopped = True
        self.reader.detach_gui()
        self.reader.stop()
        if not self._thread_alive():
            return True
        finished = self._thread.wait(timeout_ms)
        if not finished:
            log.error("card reader %s did not stop within %d ms", self.reader.name, timeout_ms)
        return finished
