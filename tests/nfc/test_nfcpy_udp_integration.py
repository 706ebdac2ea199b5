"""End to end over nfcpy's udp driver: a real reader frontend, and nfcpy's own FeliCa card
emulation (``clf.connect(card=...)``) on the other side of 127.0.0.1."""

from __future__ import annotations

import io
import threading
import time

import pytest

from kiosk.nfc.card_emulator import EmulatedFelicaCard
from kiosk.nfc.diagnostics import run_test_reader
from kiosk.nfc.events import ReaderState
from kiosk.nfc.nfcpy_reader import NfcpyReader
from kiosk.nfc.worker import ReaderThread
from tests.nfc.collector import SignalCollector
from tests.nfc.recording import wait_until

IDM = "012E4CD7A1B2C3D4"


@pytest.fixture
def card(udp_path):
    card = EmulatedFelicaCard(udp_path, IDM)
    yield card
    card.remove()


def test_worker_sees_emulated_felica_tap_and_removal_then_stops_within_a_second(
    qtbot, udp_path, card
):
    owner = ReaderThread(NfcpyReader(udp_path, targets=("212F",)), debounce_s=1.5)
    collector = SignalCollector(owner.worker)
    owner.start()
    try:
        qtbot.waitUntil(
            lambda: any(s.state is ReaderState.CONNECTED for s in collector.statuses),
            timeout=3000,
        )
        card.place()
        qtbot.waitUntil(lambda: bool(collector.tapped), timeout=5000)
        tap = collector.tapped[0]
        assert tap.uid == IDM
        assert tap.technology == "Type3Tag"
        assert tap.product and "FeliCa" in tap.product
        qtbot.waitUntil(card.activated.is_set, timeout=2000)  # the card side saw the reader

        removed_at = time.monotonic()
        card.remove()
        qtbot.waitUntil(lambda: bool(collector.removed), timeout=5000)
        assert collector.removed[-1].uid == IDM
        assert collector.removed[-1].monotonic >= removed_at
        assert len(collector.tapped) == 1  # a card held on the reader never fires twice
        assert collector.wrong_thread == 0
    finally:
        started = time.monotonic()
        stopped = owner.stop(timeout_ms=1000)
        elapsed = time.monotonic() - started
    assert stopped, f"reader thread still running after {elapsed:.2f} s"


def test_stop_is_prompt_while_a_card_is_held(qtbot, udp_path, card):
    owner = ReaderThread(NfcpyReader(udp_path, targets=("106A", "212F")))
    collector = SignalCollector(owner.worker)
    owner.start()
    card.place()
    qtbot.waitUntil(lambda: bool(collector.tapped), timeout=6000)
    assert owner.stop(timeout_ms=1000)


def test_test_reader_prints_taps_from_an_emulated_card(udp_path, card):
    out = io.StringIO()
    stop = threading.Event()
    result: list[int] = []
    runner = threading.Thread(
        target=lambda: result.append(run_test_reader(udp_path, out=out, stop_event=stop))
    )
    runner.start()
    try:
        wait_until(lambda: "reader connected" in out.getvalue(), what="reader connected")
        card.place()
        wait_until(lambda: f"TAP uid={IDM}" in out.getvalue(), timeout_s=6, what="TAP line")
        card.remove()
        wait_until(lambda: f"removed uid={IDM}" in out.getvalue(), timeout_s=6, what="removal")
    finally:
        stop.set()
        runner.join(5)
    text = out.getvalue()
    assert result == [0]
    assert "type=Type3Tag" in text and "ms after activation" in text
    assert "1 tap(s) seen" in text
