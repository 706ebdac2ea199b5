"""A card reader fed through a queue: code on any thread (a demo button, the keyboard wedge's
key filter) puts events on it; ``run`` on the reader thread reports "connected", then hands
each event to the sink until ``stop``. Pure Python; the simulated and keyboard-wedge readers
are built on it."""

from __future__ import annotations

import abc
import queue

from kiosk.nfc.events import ReaderState, ReaderStatus
from kiosk.nfc.reader import CardReader, ReaderSink

_STOP = object()


class QueuedReader(CardReader):
    """Base of the readers whose events arrive on a queue. ``_put`` and ``stop`` may be called
    from any thread; ``run`` runs on the reader thread. Subclasses say what "connected" means
    (``_ready_detail``) and how an event reaches the sink (``_deliver``)."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._events: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._stopped = False

    @property
    def name(self) -> str:
        return self._name

    def _put(self, event: object) -> None:
        self._events.put(event)

    def stop(self) -> None:
        self._stopped = True
        self._events.put(_STOP)

    def run(self, sink: ReaderSink) -> None:
        if self._stopped:
            return
        sink.on_status(ReaderStatus(ReaderState.CONNECTED, self.name, self._ready_detail()))
        while True:
            event = self._events.get()
            if event is _STOP:
                return
            self._deliver(event, sink)

    @abc.abstractmethod
    def _ready_detail(self) -> str:
        """The detail of the "connected" status ``run`` reports first."""

    @abc.abstractmethod
    def _deliver(self, event: object, sink: ReaderSink) -> None:
        """Report one queued event to ``sink`` (on the reader thread)."""
