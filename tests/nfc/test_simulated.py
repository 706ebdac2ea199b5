"""The simulated reader taps the demo cards of DESIGN.md through the same worker signals."""

from __future__ import annotations

import pytest

from kiosk.nfc.events import ReaderState
from kiosk.nfc.simulated import (
    ALL_DEMO_CARD_UIDS,
    DEMO_CARDS,
    UNKNOWN_CARD_UID,
    SimulatedReader,
    demo_card_uid,
)
from kiosk.nfc.worker import ReaderThread
from tests.nfc.collector import SignalCollector


def test_demo_cards_match_the_demo_data_set():
    assert ALL_DEMO_CARD_UIDS[0] == "04DE0000000001"
    assert ALL_DEMO_CARD_UIDS[-1] == "04DE0000000100"
    assert len(set(ALL_DEMO_CARD_UIDS)) == 100
    labels = {card.number: card.label for card in DEMO_CARDS}
    assert "€20" in labels[1] and "€0" in labels[81] and "blocked" in labels[91]
    assert all(card.uid == demo_card_uid(card.number) for card in DEMO_CARDS)
    assert UNKNOWN_CARD_UID not in ALL_DEMO_CARD_UIDS
    with pytest.raises(ValueError):
        demo_card_uid(101)


@pytest.fixture
def simulated(qtbot):
    reader = SimulatedReader()
    owner = ReaderThread(reader, debounce_s=1.5)
    collector = SignalCollector(owner.worker)
    owner.start()
    qtbot.waitUntil(lambda: bool(collector.statuses), timeout=2000)
    yield reader, collector
    assert owner.stop()


def test_present_taps_a_card_on_the_gui_thread(qtbot, simulated):
    reader, collector = simulated
    assert collector.statuses[0].state is ReaderState.CONNECTED
    reader.present("04de0000000001")
    qtbot.waitUntil(lambda: bool(collector.tapped), timeout=2000)
    assert collector.tapped[0].uid == "04DE0000000001"
    assert collector.wrong_thread == 0


def test_second_tap_within_the_window_is_a_duplicate_other_cards_are_not(qtbot, simulated):
    reader, collector = simulated
    reader.present(demo_card_uid(1))
    reader.present(demo_card_uid(1))
    reader.present(demo_card_uid(2))
    qtbot.waitUntil(lambda: len(collector.tapped) + len(collector.duplicates) == 3, timeout=2000)
    assert [t.uid for t in collector.tapped] == [demo_card_uid(1), demo_card_uid(2)]
    assert [t.uid for t in collector.duplicates] == [demo_card_uid(1)]


def test_unknown_card_and_read_error(qtbot, simulated):
    reader, collector = simulated
    reader.present_unknown()
    reader.present_read_error()
    qtbot.waitUntil(lambda: bool(collector.tapped) and bool(collector.errors), timeout=2000)
    assert collector.tapped[0].uid == UNKNOWN_CARD_UID
    assert collector.errors[0].reader == "simulated"


def test_present_refuses_a_non_uid():
    with pytest.raises(ValueError, match="not a card uid"):
        SimulatedReader().present("beer")
