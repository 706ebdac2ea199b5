"""Card reader on real NFC hardware through nfcpy (USB, serial, or nfcpy's UDP emulation).

Runs on the reader worker thread (``ReaderThread``), never on the GUI thread. The loop:

* open the reader on the configured path; ``False`` or an ``OSError`` (ENODEV, EACCES, EBUSY,
  missing libusb) means "absent": report NOT_FOUND / LOST with a reason, back off, reopen;
* poll the configured targets (106A: Type 2 and Type 4 cards, 212F: FeliCa) with nfcpy's
  ``connect(rdwr=..., iterations=1, terminate=...)``; the ``terminate`` callback waits the
  polling interval on the stop event, so ``stop()`` is seen at the next poll;
* ``on-connect`` turns the activated tag into a ``CardTap`` and returns True, so nfcpy holds
  the card until it leaves the field and a card left on the reader fires once. Exceptions in
  it are reported as read errors, never raised into nfcpy;
* a card nfcpy cannot presence-check (e.g. MIFARE Classic, whose READ needs authentication)
  is "released" at once and re-activated on the next poll: a re-activation of the same uid
  within ``rearm_s`` of its release is the same presence, so it never fires twice;
* ``connect()`` returning False means the reader stopped answering: LOST, back off, reopen.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import nfc
import nfc.clf
import nfc.clf.udp

from kiosk.nfc.backoff import Backoff
from kiosk.nfc.events import CardRemoved, CardTap, ReadError, ReaderState, ReaderStatus, wall_now
from kiosk.nfc.nfcpy_probe import explain_not_found, explain_open_error
from kiosk.nfc.reader import CardReader, ReaderSink

log = logging.getLogger(__name__)

SUPPORTED_TARGETS = ("106A", "106B", "212F", "424F")
DEFAULT_TARGETS = ("106A", "212F")
READ_ERROR_REPEAT_S = 2.0  # the same reader-level error is reported at most this often
UDP_WAKE_FOR_S = 3.0


@dataclass
class _Presence:
    """The card currently (or last) in the field."""

    uid: str
    tapped: bool  # a CardTap was reported for it (not a read error)
    released_monotonic: float | None = None
    released_wall: datetime | None = None


class NfcpyReader(CardReader):
    """A reader opened by nfcpy from a path: ``usb``, ``usb:VID:PID``, ``tty:USB0:pn532``,
    ``udp:host:port``. Runs on the reader worker thread."""

    def __init__(
        self,
        path: str,
        targets: Sequence[str] = DEFAULT_TARGETS,
        *,
        interval_s: float = 0.1,
        rearm_s: float = 0.5,
        read_ndef: bool = False,
        beep_on_connect: bool = True,
        backoff: Backoff | None = None,
        frontend_factory: Callable[[], nfc.ContactlessFrontend] = nfc.ContactlessFrontend,
    ) -> None:
        if not isinstance(path, str) or not path:
            raise ValueError("an nfcpy reader needs a path such as 'usb' or 'udp:127.0.0.1:9000'")
        targets = tuple(targets)
        unknown = [t for t in targets if t not in SUPPORTED_TARGETS]
        if not targets or unknown:
            raise ValueError(
                f"targets must be some of {', '.join(SUPPORTED_TARGETS)}, got {targets!r}"
            )
        if not 0 < interval_s <= 2:
            raise ValueError(f"interval_s must be in (0, 2] seconds, got {interval_s!r}")
        if rearm_s < 0:
            raise ValueError(f"rearm_s must be >= 0, got {rearm_s!r}")
        self.path = path
        self.targets = targets
        self.interval_s = interval_s
        self.rearm_s = rearm_s
        self.read_ndef = read_ndef
        self.beep_on_connect = beep_on_connect
        self._backoff = backoff or Backoff(0.5, 5.0)
        self._frontend_factory = frontend_factory
        self._stop = threading.Event()
        self._finished = threading.Event()
        self._clf: nfc.ContactlessFrontend | None = None
        self._waker_started = False
        self._waker_lock = threading.Lock()
        # State below is touched only by the thread in run().
        self._sink: ReaderSink | None = None
        self._card_in_field = False
        self._presence: _Presence | None = None
        self._last_error: tuple[str, float] | None = None
        self.reactivations_suppressed = 0

    @property
    def name(self) -> str:
        return self.path

    # ----------------------------------------------------------------- any thread
    def stop(self) -> None:
        self._stop.set()
        clf = self._clf
        if clf is not None and isinstance(clf.device, nfc.clf.udp.Device):
            self._start_udp_waker(clf)

    # ------------------------------------------------------------ worker thread
    def run(self, sink: ReaderSink) -> None:
        self._sink = sink
        status = _StatusReporter(sink, self.name)
        try:
            if self._stop.is_set():
                return
            status.report(ReaderState.SEARCHING, f"looking for a card reader on {self.path}")
            was_connected = False
            while not self._stop.is_set():
                clf = self._open(status, was_connected)
                if clf is None:
                    if self._stop.wait(self._backoff.next_delay()):
                        break
                    continue
                self._backoff.reset()
                was_connected = True
                status.report(
                    ReaderState.CONNECTED,
                    f"{_describe_frontend(clf)}: ready, polling {', '.join(self.targets)}",
                )
                try:
                    self._clf = clf
                    if self._stop.is_set():  # stop() may have missed the frontend
                        break
                    lost_reason = self._poll(clf)
                finally:
                    self._clf = None
                    _close_quietly(clf)
                    self._card_in_field = False
                if lost_reason is None:
                    break
                status.report(ReaderState.LOST, lost_reason)
                if self._stop.wait(self._backoff.next_delay()):
                    break
        finally:
            self._finished.set()

    def _open(self, status: _StatusReporter, was_connected: bool) -> nfc.ContactlessFrontend | None:
        absent = ReaderState.LOST if was_connected else ReaderState.NOT_FOUND
        clf = self._frontend_factory()
        try:
            if clf.open(self.path):
                return clf
            reason = explain_not_found(self.path)
        except (OSError, ImportError) as error:
            reason = explain_open_error(self.path, error)
        except Exception as error:  # nfcpy driver bug on an odd device: keep retrying
            log.exception("unexpected error opening %s", self.path)
            reason = f"cannot open {self.path}: {error!r}"
        _close_quietly(clf)
        status.report(absent, reason)
        return None

    def _poll(self, clf: nfc.ContactlessFrontend) -> str | None:
        """Poll for cards until stopped (returns None) or the reader is lost (returns why)."""
        options = {
            "targets": list(self.targets),
            "on-connect": self._on_connect,
            "on-release": self._on_release,
            "iterations": 1,
            "interval": self.interval_s,
            "beep-on-connect": self.beep_on_connect,
        }
        while not self._stop.is_set():
            try:
                result = clf.connect(rdwr=options, terminate=self._terminate)
            except OSError as error:
                return explain_open_error(self.path, error)
            except Exception as error:  # nfcpy failing on an unusual card: not a lost reader
                log.exception("nfcpy failed while polling %s", self.path)
                self._report_reader_error(f"card reader error: {error!r}")
                if self._stop.wait(self.interval_s):
                    return None
                continue
            finally:
                self._card_in_field = False
            if result is False and not self._stop.is_set():
                return f"lost contact with the reader on {self.path} (unplugged?)"
        return None

    def _terminate(self) -> bool:
        """nfcpy asks this between polls and while a card is held: should connect() return?"""
        if self._stop.is_set():
            return True
        if self._card_in_field:
            return False
        self._flush_removal(time.monotonic(), force=False)
        return self._stop.wait(self.interval_s)

    def _on_connect(self, tag: nfc.tag.Tag) -> bool:
        now = time.monotonic()
        self._card_in_field = True
        uid = None
        try:
            uid = bytes(tag.identifier).hex().upper()
            previous = self._presence
            if (
                previous is not None
                and previous.uid == uid
                and previous.released_monotonic is not None
                and now - previous.released_monotonic < self.rearm_s
            ):
                previous.released_monotonic = previous.released_wall = None
                self.reactivations_suppressed += 1
                log.debug("card %s re-activated right after release: same presence", uid)
                return True
            self._flush_removal(now, force=True)
            self._presence = _Presence(uid, tapped=False)
            tap = self._tap_from(tag, uid, now)
            self._presence.tapped = True
            self._sink.on_tap(tap)
        except Exception as error:
            log.warning("read error on %s (card %s): %r", self.path, uid, error, exc_info=True)
            self._sink.on_read_error(
                ReadError(self.name, _read_error_message(uid, error), now, wall_now(), uid)
            )
        return True

    def _on_release(self, tag: nfc.tag.Tag) -> bool:
        self._card_in_field = False
        if self._presence is not None:
            self._presence.released_monotonic = time.monotonic()
            self._presence.released_wall = wall_now()
        return True

    def _tap_from(self, tag: nfc.tag.Tag, uid: str, now: float) -> CardTap:
        technology = tag.type
        product = tag.product if tag.product != tag.type else None
        records: tuple[str, ...] = ()
        if self.read_ndef:
            ndef = tag.ndef
            if ndef is not None:
                records = tuple(str(record) for record in ndef.records)
        return CardTap(uid, technology, product, self.name, now, wall_now(), records)

    def _flush_removal(self, now: float, force: bool) -> None:
        presence = self._presence
        if presence is None or presence.released_monotonic is None:
            return
        if not force and now - presence.released_monotonic < self.rearm_s:
            return
        self._presence = None
        if presence.tapped:
            self._sink.on_card_removed(
                CardRemoved(presence.uid, self.name, presence.released_monotonic,
                            presence.released_wall)
            )

    def _report_reader_error(self, message: str) -> None:
        now = time.monotonic()
        last = self._last_error
        if last and last[0] == message and now - last[1] < READ_ERROR_REPEAT_S:
            return
        self._last_error = (message, now)
        self._sink.on_read_error(ReadError(self.name, message, now, wall_now()))

    # --------------------------------------------------------- udp driver only
    def _start_udp_waker(self, clf: nfc.ContactlessFrontend) -> None:
        """nfcpy's udp driver waits up to 1 s per target for an answer and checks nothing
        else meanwhile. An RFOFF datagram (its "field off" message) ends that wait; we send
        one per target every 50 ms until run() returns, which also covers the instant when
        the driver has just replaced its socket."""
        with self._waker_lock:
            if self._waker_started:
                return
            self._waker_started = True
        threading.Thread(
            target=self._wake_udp, args=(clf,), name="nfcpy-udp-waker", daemon=True
        ).start()

    def _wake_udp(self, clf: nfc.ContactlessFrontend) -> None:
        deadline = time.monotonic() + UDP_WAKE_FOR_S
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
            while time.monotonic() < deadline:
                device = clf.device
                sock = getattr(device, "socket", None)
                try:
                    port = sock.getsockname()[1] if sock is not None else 0
                    if port:
                        for _ in self.targets:
                            sender.sendto(b"RFOFF", ("127.0.0.1", port))
                except OSError:
                    pass  # the driver closed that socket meanwhile; try the next one
                if self._finished.wait(0.05):
                    return


class _StatusReporter:
    """Reports a status only when state or reason changed (retries don't flood the UI)."""

    def __init__(self, sink: ReaderSink, reader: str) -> None:
        self._sink = sink
        self._reader = reader
        self._last: tuple[ReaderState, str] | None = None

    def report(self, state: ReaderState, reason: str) -> None:
        if self._last == (state, reason):
            return
        self._last = (state, reason)
        log.info("reader %s: %s (%s)", self._reader, state.value, reason)
        self._sink.on_status(ReaderStatus(state, self._reader, reason))


def _describe_frontend(clf: nfc.ContactlessFrontend) -> str:
    device = clf.device
    if device is None:
        return "card reader"
    names = " ".join(n for n in (device.vendor_name, device.product_name) if n)
    return f"{names or 'card reader'} on {device.path}"


def _close_quietly(clf: nfc.ContactlessFrontend) -> None:
    try:
        clf.close()
    except Exception:  # closing a reader that is already gone must not end the loop
        log.debug("closing the reader failed", exc_info=True)


def _read_error_message(uid: str | None, error: BaseException) -> str:
    card = f"card {uid}" if uid else "a card"
    return f"could not read {card}: {error or error.__class__.__name__}"
