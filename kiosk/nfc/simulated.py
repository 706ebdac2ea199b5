"""Simulated card reader for demo mode and tests: taps come from buttons or key shortcuts.

Pure Python. ``present*`` may be called from any thread (the GUI panel calls them); ``run``
delivers the taps to its sink on the reader thread, like a real reader would. The demo cards
mirror DESIGN.md's demo data set: 04DE0000000001 … 04DE0000000100, where 001–080 hold €20,
081–090 hold €0 and 091–100 are blocked.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.nfc.events import CardTap, ReadError, normalize_uid
from kiosk.nfc.queued_reader import QueuedReader
from kiosk.nfc.reader import ReaderSink
from sql import demo_set
from sql.demo_set import DEMO_CARD_COUNT

SIMULATED_TECHNOLOGY = "Type2Tag"
SIMULATED_PRODUCT = "simulated NTAG213"


def demo_card_uid(number: int) -> str:
    """The uid of demo card ``number`` (1..100): 04DE0000000001 … 04DE0000000100."""
    if not 1 <= number <= DEMO_CARD_COUNT:
        raise ValueError(f"demo cards are numbered 1..{DEMO_CARD_COUNT}, got {number}")
    return demo_set.demo_card_uid(number)


@dataclass(frozen=True)
class DemoCard:
    number: int
    uid: str
    label: str


def _demo_label(number: int) -> str:
    if number in demo_set.FUNDED_CARDS:
        return "€20"
    if number in demo_set.EMPTY_CARDS:
        return "€0"
    return "blocked"


ALL_DEMO_CARD_UIDS: tuple[str, ...] = tuple(
    demo_card_uid(n) for n in range(1, DEMO_CARD_COUNT + 1)
)
DEMO_CARDS: tuple[DemoCard, ...] = tuple(
    DemoCard(n, demo_card_uid(n), f"#{n:03d} {_demo_label(n)}")
    for n in (1, 2, 3, 80, 81, 82, 91, 100)
)
UNKNOWN_CARD_UID = "04C0FFEE000001"  # not in the demo data set


class SimulatedReader(QueuedReader):
    """A reader whose cards are presented by code. Runs on the reader thread."""

    def __init__(self, name: str = "simulated") -> None:
        super().__init__(name)

    # --------------------------------------------------------------- any thread
    def present(self, uid: str) -> None:
        """Tap the card ``uid`` (any hex spelling; raises ValueError for a non-uid)."""
        self._put(normalize_uid(uid))

    def present_unknown(self) -> None:
        """Tap a card that is not in the demo data set."""
        self.present(UNKNOWN_CARD_UID)

    def present_read_error(self, message: str = "card moved away during reading") -> None:
        """Simulate a card that could not be read."""
        self._put(ReadErrorRequest(message))

    # ------------------------------------------------------------ reader thread
    def _ready_detail(self) -> str:
        return "simulated reader: demo cards ready"

    def _deliver(self, event: object, sink: ReaderSink) -> None:
        if isinstance(event, ReadErrorRequest):
            sink.on_read_error(ReadError.now(self.name, event.message))
        else:
            sink.on_tap(CardTap.now(event, self.name, SIMULATED_TECHNOLOGY, SIMULATED_PRODUCT))


@dataclass(frozen=True)
class ReadErrorRequest:
    message: str
