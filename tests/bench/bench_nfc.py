"""Card-reader benchmark: how fast a reader thread stops, and how fast a tap reaches the GUI.

Run:  QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.bench.bench_nfc [--runs N]

Figures (median / p99 / max, milliseconds):

* stop latency: ``ReaderThread.stop()`` until the reader thread has ended, for nfcpy over
  udp while polling with no card (stopped at a random point of nfcpy's 1 s udp wait), with an
  emulated FeliCa card held on the reader, and for the simulated reader;
* tap-to-signal latency: from the card's activation by nfcpy (``CardTap.monotonic``, set in
  the on-connect callback) to the ``tapped`` slot running in the GUI thread; also from placing
  the card, which adds polling and activation: for the emulated FeliCa card over udp (placed
  at a random moment; nfcpy's udp driver waits 1 s for an answer before polling again, so
  this is dominated by the emulation) and for an NTAG213 model on a frontend whose radio
  answers at once (nfcpy's real activation, our 0.1 s polling interval); for the simulated
  reader from ``present()``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time

from PySide6.QtWidgets import QApplication

from kiosk.nfc.card_emulator import EmulatedFelicaCard
from kiosk.nfc.events import ReaderState
from kiosk.nfc.nfcpy_reader import NfcpyReader
from kiosk.nfc.simulated import SimulatedReader, demo_card_uid
from kiosk.nfc.worker import ReaderThread
from tests.bench.percentiles import percentile
from tests.bench.qt_loop import run_until
from tests.nfc.collector import SignalCollector
from tests.nfc.conftest import free_udp_port
from tests.nfc.tag_models import NTAG213_VERSION, CardOnReader, ntag213_memory


def connected(collector: SignalCollector) -> bool:
    return any(s.state is ReaderState.CONNECTED for s in collector.statuses)


def summary(name: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p99 = percentile(ms, 0.99)
    return (
        f"{name:58} median {statistics.median(ms):7.1f}  p99 {p99:7.1f}  "
        f"max {ms[-1]:7.1f}  (n={len(ms)})"
    )


def stop_latency_udp_idle(runs: int) -> list[float]:
    results = []
    for _ in range(runs):
        owner = ReaderThread(NfcpyReader(f"udp:127.0.0.1:{free_udp_port()}"))
        collector = SignalCollector(owner.worker)
        owner.start()
        run_until(lambda c=collector: connected(c), 5)
        time.sleep(random.uniform(0.05, 1.5))
        started = time.monotonic()
        if not owner.stop(timeout_ms=5000):
            raise RuntimeError("reader thread did not stop")
        results.append(time.monotonic() - started)
    return results


def stop_latency_udp_card_held(runs: int) -> list[float]:
    results = []
    for _ in range(runs):
        path = f"udp:127.0.0.1:{free_udp_port()}"
        owner = ReaderThread(NfcpyReader(path, targets=("212F",)))
        collector = SignalCollector(owner.worker)
        card = EmulatedFelicaCard(path, "012E4CD7A1B2C3D4")
        owner.start()
        run_until(lambda c=collector: connected(c), 5)
        card.place()
        run_until(lambda c=collector: bool(c.tapped), 10)
        time.sleep(random.uniform(0.05, 0.3))
        started = time.monotonic()
        if not owner.stop(timeout_ms=5000):
            raise RuntimeError("reader thread did not stop")
        results.append(time.monotonic() - started)
        card.remove()
    return results


def stop_latency_simulated(runs: int) -> list[float]:
    results = []
    for _ in range(runs):
        owner = ReaderThread(SimulatedReader())
        collector = SignalCollector(owner.worker)
        owner.start()
        run_until(lambda c=collector: connected(c), 5)
        started = time.monotonic()
        owner.stop()
        results.append(time.monotonic() - started)
    return results


def tap_latency_udp(runs: int) -> tuple[list[float], list[float]]:
    """Activation→slot and place→slot for an emulated FeliCa card over udp."""
    path = f"udp:127.0.0.1:{free_udp_port()}"
    owner = ReaderThread(NfcpyReader(path, targets=("212F",)), debounce_s=0)
    collector = SignalCollector(owner.worker)
    card = EmulatedFelicaCard(path, "012E4CD7A1B2C3D4")
    owner.start()
    run_until(lambda: connected(collector), 5)
    activation, placement = [], []
    try:
        for i in range(runs):
            time.sleep(random.uniform(0.0, 1.2))  # any moment of the reader's polling cycle
            placed = time.monotonic()
            card.place()
            run_until(lambda n=i + 1: len(collector.tapped) >= n, 10)
            tap, arrived = collector.tapped[i], collector.arrivals[i]
            activation.append(arrived - tap.monotonic)
            placement.append(arrived - placed)
            card.remove()
            run_until(lambda n=i + 1: len(collector.removed) >= n, 10)
    finally:
        owner.stop()
    return activation, placement


def tap_latency_ntag213_model(runs: int) -> tuple[list[float], list[float]]:
    """Activation→slot and placed→slot for an NTAG213 on a frontend whose radio is instant."""
    uid = "04A1B2C3D4E5F6"
    card = CardOnReader(
        uid, memory=ntag213_memory(bytes.fromhex(uid), []), version=NTAG213_VERSION
    )
    path = f"udp:127.0.0.1:{free_udp_port()}"  # a real, idle nfcpy device under the model
    reader = NfcpyReader(path, targets=("106A",), frontend_factory=card.frontend)
    owner = ReaderThread(reader, debounce_s=0)
    collector = SignalCollector(owner.worker)
    owner.start()
    run_until(lambda: connected(collector), 5)
    activation, placement = [], []
    try:
        for i in range(runs):
            time.sleep(random.uniform(0.0, 0.2))
            placed = time.monotonic()
            card.present.set()
            run_until(lambda n=i + 1: len(collector.tapped) >= n, 5)
            tap, arrived = collector.tapped[i], collector.arrivals[i]
            activation.append(arrived - tap.monotonic)
            placement.append(arrived - placed)
            card.present.clear()
            run_until(lambda n=i + 1: len(collector.removed) >= n, 5)
    finally:
        owner.stop()
    return activation, placement


def tap_latency_simulated(runs: int) -> list[float]:
    reader = SimulatedReader()
    owner = ReaderThread(reader, debounce_s=0)
    collector = SignalCollector(owner.worker)
    owner.start()
    run_until(lambda: connected(collector), 5)
    results = []
    for i in range(runs):
        presented = time.monotonic()
        reader.present(demo_card_uid(1 + i % 100))
        run_until(lambda n=i + 1: len(collector.tapped) >= n, 5)
        results.append(collector.arrivals[i] - presented)
    owner.stop()
    return results


def pyside_drops_singleton_references() -> bool:
    """PySide6 6.12.0 on CPython 3.11 drops one reference to None for every Python call of a
    void Qt method and one to True for every ``Signal.emit()`` (6.11.3 does not); a few
    hundred to thousand calls and the process aborts ("none_dealloc"/"bool_dealloc")."""
    from importlib.metadata import version

    return version("shiboken6") == "6.12.0" and sys.version_info < (3, 12)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="runs per udp figure (default 20)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert app is not None
    # Spare references so the benchmark can finish on a PySide6 that drops them (see above).
    refcount_guard = [None, True, False] * 1_000_000 if pyside_drops_singleton_references() else []
    random.seed(4)
    print(f"card reader benchmark ({args.runs} runs per udp figure, {os.cpu_count()} cpus)")
    print(summary("stop latency, nfcpy udp polling, no card", stop_latency_udp_idle(args.runs)))
    print(summary("stop latency, nfcpy udp, emulated card held",
                  stop_latency_udp_card_held(args.runs)))
    print(summary("stop latency, simulated reader", stop_latency_simulated(100)))
    activation, placement = tap_latency_udp(args.runs)
    print(summary("tap-to-signal, nfcpy udp FeliCa: activation -> GUI slot", activation))
    print(summary("tap-to-signal, nfcpy udp FeliCa: card placed -> GUI slot", placement))
    activation, placement = tap_latency_ntag213_model(args.runs)
    print(summary("tap-to-signal, NTAG213 model: activation -> GUI slot", activation))
    print(summary("tap-to-signal, NTAG213 model: card placed -> GUI slot", placement))
    print(summary("tap-to-signal, simulated: present() -> GUI slot", tap_latency_simulated(200)))
    if refcount_guard:
        print("(PySide6 6.12.0 on Python 3.11: held spare references to None/True/False)")
    return 0


if __name__ == "__main__":
    exit_code = main()
    if pyside_drops_singleton_references():
        # skip the final garbage collection, which would still find the counts short
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(exit_code)
    sys.exit(exit_code)
