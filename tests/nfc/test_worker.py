"""ReaderThread runs any reader off the GUI thread and stops promptly whatever it is doing."""

from __future__ import annotations

import pytest

from kiosk.nfc.events import ReaderState
from kiosk.nfc.nfcpy_reader import NfcpyReader
from kiosk.nfc.reader import CardReader, ReaderSink
from kiosk.nfc.simulated import SimulatedReader
from kiosk.nfc.worker import ReaderThread
from tests.nfc.collector import SignalCollector


class CrashingReader(CardReader):
    """A reader with a bug: run() raises."""

    name = "crashing"

    def run(self, sink: ReaderSink) -> None:
        raise RuntimeError("driver bug")

    def stop(self) -> None:
        pass


def test_stop_while_polling_udp_without_a_card_ends_within_a_second(qtbot, udp_path):
    # nfcpy's udp driver waits 1 s per target for an answer that never comes.
    owner = ReaderThread(NfcpyReader(udp_path, targets=("106A", "212F")))
    collector = SignalCollector(owner.worker)
    owner.start()
    qtbot.waitUntil(
        lambda: any(s.state is ReaderState.CONNECTED for s in collector.statuses), timeout=3000
    )
    qtbot.wait(300)  # now inside a 1 s udp wait
    assert owner.stop(timeout_ms=1000)
    assert not owner.is_running()


def test_stop_while_waiting_to_reopen_a_missing_reader(qtbot):
    owner = ReaderThread(NfcpyReader("tty:S99:pn532"))
    collector = SignalCollector(owner.worker)
    owner.start()
    qtbot.waitUntil(
        lambda: any(s.state is ReaderState.NOT_FOUND for s in collector.statuses), timeout=3000
    )
    assert "tty:S99:pn532" in collector.statuses[-1].reason
    assert owner.stop(timeout_ms=1000)


def test_a_crashing_reader_reports_lost_and_the_thread_ends(qtbot):
    owner = ReaderThread(CrashingReader())
    collector = SignalCollector(owner.worker)
    owner.start()
    qtbot.waitUntil(lambda: bool(collector.statuses), timeout=2000)
    assert collector.statuses[0].state is ReaderState.LOST
    assert "driver bug" in collector.statuses[0].reason
    qtbot.waitUntil(lambda: not owner.is_running(), timeout=2000)
    assert owner.stop()


def test_stop_is_idempotent_and_a_stopped_thread_cannot_restart(qtbot):
    owner = ReaderThread(SimulatedReader())
    assert owner.stop()  # never started: nothing to do
    owner = ReaderThread(SimulatedReader())
    owner.start()
    assert owner.stop()
    assert owner.stop()
    with pytest.raises(RuntimeError, match="runs once"):
        owner.start()
