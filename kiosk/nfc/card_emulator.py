"""A FeliCa card emulated by nfcpy over its UDP driver, for trying a reader without hardware.

nfcpy's ``udp:host:port`` driver acts as reader on one side and, with ``connect(card=...)``,
as a card on the other. ``EmulatedFelicaCard`` runs that card side on its own thread: place
it on the "reader" with ``place()``, lift it with ``remove()``. From a shell::

    python -m kiosk.nfc.card_emulator udp:127.0.0.1:54321 --idm 012E4CD7A1B2C3D4
    festival-kiosk --test-reader udp:127.0.0.1:54321      # in another shell

Note: nfcpy's udp driver binds its listening socket to 0.0.0.0 on that port.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
import time

import nfc
import nfc.clf

from kiosk.nfc.events import normalize_uid

log = logging.getLogger(__name__)

DEFAULT_PMM = "03014B024F4993FF"  # an RC-S915 FeliCa Standard, as in nfcpy's docs
NFC_FORUM_SYSTEM_CODE = "12FC"


class EmulatedFelicaCard:
    """One emulated FeliCa card. Its nfcpy ``connect(card=...)`` loop runs on its own thread."""

    def __init__(
        self,
        path: str,
        idm: str,
        pmm: str = DEFAULT_PMM,
        system_code: str = NFC_FORUM_SYSTEM_CODE,
        listen_timeout_s: float = 0.2,
    ) -> None:
        if not path.startswith("udp"):
            raise ValueError(f"card emulation needs an nfcpy udp path, got {path!r}")
        idm = normalize_uid(idm)
        if len(idm) != 16 or idm.startswith("01FE"):
            raise ValueError(f"a FeliCa IDm is 8 bytes and not 01FE… (P2P), got {idm!r}")
        self.path = path
        self.idm = idm
        self.pmm = bytes.fromhex(pmm)
        self.system_code = bytes.fromhex(system_code)
        self.listen_timeout_s = listen_timeout_s
        self.activations = 0
        self.activated = threading.Event()  # set each time a reader activated the card
        self._removed = threading.Event()
        self._thread: threading.Thread | None = None

    def place(self) -> None:
        """Put the card in the field: it answers a reader until ``remove``."""
        if self._thread is not None:
            raise RuntimeError("the card is already on the reader")
        self._removed.clear()
        self.activated.clear()
        self._thread = threading.Thread(target=self._run, name=f"felica-{self.idm}", daemon=True)
        self._thread.start()

    def remove(self, timeout_s: float = 3.0) -> None:
        """Lift the card off the reader; returns when the emulation has stopped."""
        self._removed.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout_s)
            if thread.is_alive():
                raise RuntimeError("the emulated card did not stop")

    def __enter__(self) -> EmulatedFelicaCard:
        self.place()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.remove()

    def _run(self) -> None:
        clf = nfc.ContactlessFrontend()
        try:
            if not clf.open(self.path):
                log.error("cannot open %s for card emulation", self.path)
                return
            options = {
                "on-startup": self._on_startup,
                "on-connect": self._on_connect,
                "timeout": self.listen_timeout_s,
            }
            while not self._removed.is_set():
                clf.connect(card=options, terminate=self._removed.is_set)
        finally:
            clf.close()

    def _on_startup(self, target: nfc.clf.LocalTarget) -> nfc.clf.LocalTarget:
        target.brty = "212F"
        target.sensf_res = b"\x01" + bytes.fromhex(self.idm) + self.pmm + self.system_code
        return target

    def _on_connect(self, tag: object) -> bool:
        self.activations += 1
        self.activated.set()
        log.info("emulated card %s activated by a reader", self.idm)
        return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kiosk.nfc.card_emulator",
        description="Emulate a FeliCa card on an nfcpy udp path (try --test-reader on it).",
    )
    parser.add_argument("path", help="nfcpy udp path, e.g. udp:127.0.0.1:54321")
    parser.add_argument("--idm", default="012E4CD7A1B2C3D4", help="the card's 8-byte IDm (hex)")
    parser.add_argument(
        "--tap-every", type=float, default=0.0, metavar="S",
        help="lift and re-place the card every S seconds (default: stay until Ctrl-C)",
    )
    args = parser.parse_args(argv)
    try:
        card = EmulatedFelicaCard(args.path, args.idm)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"emulating FeliCa card {card.idm} on {card.path}; Ctrl-C to stop", flush=True)
    # Ctrl-C and kill both lift the card cleanly, also when started in the background
    # (where a shell leaves SIGINT ignored).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        while True:
            card.place()
            if args.tap_every <= 0:
                while True:
                    time.sleep(3600)
            time.sleep(args.tap_every)
            card.remove()
            time.sleep(args.tap_every)
    except KeyboardInterrupt:
        card.remove()
    return 0


if __name__ == "__main__":
    sys.exit(main())
