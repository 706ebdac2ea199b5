"""The one card-reader interface: a blocking ``run(sink)`` loop and a thread-safe ``stop()``.

Pure Python. Implementations (nfcpy, keyboard wedge, simulated) report everything through a
``ReaderSink``; ``kiosk.nfc.worker.ReaderWorker`` is the sink that turns reports into Qt signals.
"""

from __future__ import annotations

import abc
from typing import Protocol

from kiosk.nfc.events import CardRemoved, CardTap, ReadError, ReaderStatus


class ReaderSink(Protocol):
    """Receives a reader's reports, on the thread that runs ``CardReader.run``."""

    def on_tap(self, tap: CardTap) -> None: ...

    def on_status(self, status: ReaderStatus) -> None: ...

    def on_read_error(self, error: ReadError) -> None: ...

    def on_card_removed(self, removed: CardRemoved) -> None: ...


class CardReader(abc.ABC):
    """A source of card taps.

    ``run`` blocks on the calling (worker) thread until ``stop`` is called from any thread;
    ``stop`` returns at once. A reader runs once: after ``stop``, ``run`` returns immediately.
    """

    @property
    @abc.abstractmethod
    def name(self) -> str:
        """Short human name of the reader (its path), used in every event it reports."""

    @abc.abstractmethod
    def run(self, sink: ReaderSink) -> None:
        """Report taps and status to ``sink`` until ``stop`` is called."""

    @abc.abstractmethod
    def stop(self) -> None:
        """Ask ``run`` to return soon; thread-safe, never blocks."""

    def attach_gui(self) -> None:  # noqa: B027 - optional hook, empty by design
        """Called on the GUI thread before the worker starts (the keyboard wedge hooks keys)."""

    def detach_gui(self) -> None:  # noqa: B027 - optional hook, empty by design
        """Called on the GUI thread when the worker is stopped."""
