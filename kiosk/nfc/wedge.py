"""Keyboard-wedge card readers: cheap USB readers that type the uid and press Enter.

``WedgeKeyFilter`` is an application-wide event filter living in the GUI thread. It watches
key presses as they reach a window and holds back the characters that could be the start of
a reader's burst; if the burst ends in Enter fast enough (``WedgeParser``) it is a card and
nothing reaches the focused widget; otherwise (a person typing) the held keys are replayed to
the window in order, at most ``max_gap_s`` + a few ms later, so typing still works.

``KeyboardWedgeReader`` is the ``CardReader`` around it: the filter queues the uid, ``run``
on the reader thread delivers the tap to its sink, so a wedge tap goes through the same
worker, debounce and signals as an nfcpy tap.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QWindow
from shiboken6 import Shiboken

from kiosk.nfc.events import CardTap
from kiosk.nfc.queued_reader import QueuedReader
from kiosk.nfc.reader import ReaderSink
from kiosk.nfc.wedge_parser import WedgeConfig, WedgeFormat, WedgeParser, parse_wedge_spec

__all__ = [
    "KeyboardWedgeReader",
    "WedgeConfig",
    "WedgeFormat",
    "WedgeKeyFilter",
    "WedgeParser",
    "parse_wedge_spec",
]

log = logging.getLogger(__name__)

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_ALLOWED_MODIFIERS = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
# A reader typing uppercase hex presses Shift around each letter, as a keyboard would: that
# key press carries no text and must neither end nor break the burst.
_MODIFIER_KEYS = frozenset(
    {Qt.Key.Key_Shift, Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock, Qt.Key.Key_unknown}
)
_FLUSH_SLACK_MS = 20


def _copy_key_event(event: QKeyEvent) -> QKeyEvent:
    return QKeyEvent(
        event.type(),
        event.key(),
        event.modifiers(),
        event.nativeScanCode(),
        event.nativeVirtualKey(),
        event.nativeModifiers(),
        event.text(),
        event.isAutoRepeat(),
        event.count(),
    )


class WedgeKeyFilter(QObject):
    """Application event filter recognising wedge bursts. Lives in the GUI thread."""

    uid_typed = Signal(str)

    def __init__(
        self,
        config: WedgeConfig | None = None,
        on_uid: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.parser = WedgeParser(config)
        self._on_uid = on_uid
        self._clock = clock
        self._held: list[tuple[QWindow, QKeyEvent]] = []
        self._replaying = False
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(int(self.parser.config.max_gap_s * 1000) + _FLUSH_SLACK_MS)
        self._flush_timer.timeout.connect(self._flush_if_burst_ended)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._replaying or event.type() != QEvent.Type.KeyPress:
            return False
        if not isinstance(watched, QWindow):
            return False  # see each key once, where it enters the application
        return self._key_pressed(watched, event)

    def _key_pressed(self, window: QWindow, event: QKeyEvent) -> bool:
        now = self._clock()
        if self._held and self.parser.is_too_late(now):
            self.flush()
        if event.key() in _MODIFIER_KEYS and not event.text():
            if self._held:  # part of the burst: hold it too, so typing replays exactly
                self._held.append((window, _copy_key_event(event)))
            return bool(self._held)
        if event.isAutoRepeat() or event.modifiers() & ~_ALLOWED_MODIFIERS:
            self.flush()
            return False
        if event.key() in _ENTER_KEYS:
            if not self._held:
                return False
            uid = self.parser.feed_enter(now)
            if uid is None:
                self.flush()
                return False
            self._flush_timer.stop()
            self._held.clear()
            log.info("keyboard wedge burst read as card %s", uid)
            if self._on_uid is not None:
                self._on_uid(uid)
            self.uid_typed.emit(uid)
            return True
        if self.parser.feed_char(event.text(), now):
            self._held.append((window, _copy_key_event(event)))
            self._flush_timer.start()
            return True
        self.flush()
        return False

    def _flush_if_burst_ended(self) -> None:
        if self.parser.is_too_late(self._clock()):
            self.flush()
        elif self._held:
            self._flush_timer.start()  # timers may fire early; the clock decides

    def flush(self) -> None:
        """Give the held keys to their window: they were typed by a person."""
        self._flush_timer.stop()
        held, self._held = self._held, []
        self.parser.reset()
        self._replaying = True
        try:
            for window, event in held:
                if Shiboken.isValid(window):
                    QCoreApplication.sendEvent(window, event)
        finally:
            self._replaying = False


class KeyboardWedgeReader(QueuedReader):
    """A keyboard-wedge reader. ``attach_gui``/``detach_gui`` run on the GUI thread (the
    ReaderThread calls them); ``run`` runs on the reader thread."""

    def __init__(
        self,
        config: WedgeConfig | None = None,
        name: str = "keyboard wedge",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(name)
        self.config = config or WedgeConfig()
        self._clock = clock
        self.key_filter: WedgeKeyFilter | None = None

    def attach_gui(self) -> None:
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("the keyboard wedge needs a running QApplication")
        if self.key_filter is None:
            self.key_filter = WedgeKeyFilter(self.config, self._enqueue, self._clock)
            app.installEventFilter(self.key_filter)

    def detach_gui(self) -> None:
        key_filter, self.key_filter = self.key_filter, None
        app = QCoreApplication.instance()
        if key_filter is not None and Shiboken.isValid(key_filter):
            key_filter.flush()
            if app is not None:
                app.removeEventFilter(key_filter)
            key_filter.deleteLater()

    def _enqueue(self, uid: str) -> None:
        self._put(CardTap.now(uid, self.name, None, f"keyboard wedge ({self._fmt()})"))

    def _fmt(self) -> str:
        order = ", reversed" if self.config.reversed_bytes else ""
        return f"{self.config.format.value}{order}"

    def _ready_detail(self) -> str:
        return f"keyboard wedge ({self._fmt()}): waiting for a card number typed by the reader"

    def _deliver(self, event: object, sink: ReaderSink) -> None:
        sink.on_tap(event)
