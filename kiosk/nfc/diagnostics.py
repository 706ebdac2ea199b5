"""``festival-kiosk --test-reader [PATH]``: find readers, open one, print every tap until Ctrl-C.

No Qt: the nfcpy reader runs on a plain thread and prints through a console sink, so this
works over SSH on a kiosk whose screen is broken. Exit codes: 0 after Ctrl-C, 1 when no
reader can be opened (with the reason and what to do), 2 for a malformed path.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from typing import TextIO

from kiosk.nfc.debounce import DEFAULT_WINDOW_S, Debouncer
from kiosk.nfc.events import CardRemoved, CardTap, ReadError, ReaderStatus
from kiosk.nfc.factory import check_reader_spec
from kiosk.nfc.nfcpy_probe import ProbeResult, explain_not_found, explain_open_error, list_readers

PATH_EXAMPLES = "usb, usb:054c:06c1, tty:USB0:pn532, udp:127.0.0.1:54321"


class ConsoleSink:
    """Prints a reader's reports, one line each, with timings. Called on the reader thread."""

    def __init__(self, out: TextIO, debounce_s: float = DEFAULT_WINDOW_S) -> None:
        self.out = out
        self.debouncer = Debouncer(debounce_s)
        self.taps: list[CardTap] = []
        self.delivery_latencies_s: list[float] = []
        self._lock = threading.Lock()
        self._last_tap: CardTap | None = None

    def _print(self, text: str) -> None:
        stamp = time.strftime("%H:%M:%S")
        with self._lock:
            print(f"{stamp}  {text}", file=self.out, flush=True)

    def on_tap(self, tap: CardTap) -> None:
        latency = time.monotonic() - tap.monotonic
        self.delivery_latencies_s.append(latency)
        duplicate = self.debouncer.is_duplicate(tap.uid, tap.monotonic)
        since = ""
        if self._last_tap is not None:
            since = f", {tap.monotonic - self._last_tap.monotonic:.2f} s after the previous tap"
        self._last_tap = tap
        self.taps.append(tap)
        kind = "DUPLICATE (debounced)" if duplicate else "TAP"
        product = f" {tap.product}" if tap.product else ""
        self._print(
            f"{kind} uid={tap.uid} type={tap.technology or '?'}{product} on {tap.reader} "
            f"(delivered {latency * 1000:.1f} ms after activation{since})"
        )
        for record in tap.ndef_records:
            self._print(f"      NDEF {record}")

    def on_card_removed(self, removed: CardRemoved) -> None:
        held = ""
        if self._last_tap is not None and self._last_tap.uid == removed.uid:
            held = f" after {removed.monotonic - self._last_tap.monotonic:.2f} s on the reader"
        self._print(f"removed uid={removed.uid}{held}")

    def on_status(self, status: ReaderStatus) -> None:
        self._print(f"reader {status.state.value}: {status.reason}")

    def on_read_error(self, error: ReadError) -> None:
        self._print(f"READ ERROR: {error.message}")


def print_probe(probe: ProbeResult, out: TextIO) -> None:
    if probe.readers:
        print("Card readers found:", file=out)
        for candidate in probe.readers:
            print(f"  {candidate.path:14} {candidate.description}", file=out)
            if candidate.problem:
                print(f"  {'':14} problem: {candidate.problem}", file=out)
    else:
        print("No USB card reader or USB serial port found.", file=out)
    for note in probe.notes:
        print(f"  note: {note}", file=out)


def run_test_reader(
    path: str | None,
    *,
    out: TextIO | None = None,
    stop_event: threading.Event | None = None,
) -> int:
    """List readers, open ``path`` (or the first usable USB reader), print taps until Ctrl-C.

    ``stop_event`` ends the run like Ctrl-C does (for tests and embedding).
    """
    from kiosk.nfc.nfcpy_reader import NfcpyReader

    out = out or sys.stdout
    if path is not None:
        # the path first: a bad one is told at once, and only nfcpy paths are offered (the
        # keyboard wedge and the simulated reader need the kiosk window, not a console)
        try:
            valid = check_reader_spec(path) == "nfcpy"
        except ValueError:
            valid = False
        if not valid:
            print(f"error: {path!r} is not a reader path --test-reader can open "
                  f"(e.g. {PATH_EXAMPLES}); test a keyboard-wedge or simulated reader on the "
                  "setup wizard's reader page", file=out)
            return 2
    probe = list_readers()
    if path is None or probe.readers:
        print_probe(probe, out)  # "none found" only matters when no path was given
    if path is None:
        usable = [c for c in probe.readers if c.problem is None and c.path.startswith("usb")]
        if not usable:
            problems = [c.problem for c in probe.readers if c.problem]
            print(
                "error: " + (problems[0] if problems else "no card reader found: plug one in")
                + f"\n(or give a path: --test-reader PATH, e.g. {PATH_EXAMPLES})",
                file=out,
            )
            return 1
        path = usable[0].path

    problem = _open_problem(path)
    if problem:
        print(f"error: {problem}", file=out)
        return 1

    reader = NfcpyReader(path, read_ndef=True)
    sink = ConsoleSink(out)
    print(f"Testing {path}: tap cards now, Ctrl-C to stop.", file=out, flush=True)
    worker = threading.Thread(target=reader.run, args=(sink,), name="test-reader")
    stop_requested = threading.Event()

    def request_stop(*_args: object) -> None:
        stop_requested.set()

    previous_handler = None
    if threading.current_thread() is threading.main_thread():
        previous_handler = signal.signal(signal.SIGINT, request_stop)
    worker.start()
    try:
        while not stop_requested.is_set() and not (stop_event and stop_event.is_set()):
            stop_requested.wait(0.1)
    finally:
        stop_started = time.monotonic()
        reader.stop()
        worker.join()
        stop_latency = time.monotonic() - stop_started
        if previous_handler is not None:
            signal.signal(signal.SIGINT, previous_handler)
    print(
        f"\nStopped in {stop_latency * 1000:.0f} ms; {len(sink.taps)} tap(s) seen.",
        file=out,
        flush=True,
    )
    return 0


def _open_problem(path: str) -> str | None:
    """Open ``path`` once so that the failure, if any, is explained before polling starts."""
    import nfc

    clf = nfc.ContactlessFrontend()
    try:
        if not clf.open(path):
            return explain_not_found(path)
    except (OSError, ImportError) as error:
        return explain_open_error(path, error)
    finally:
        clf.close()
    return None
