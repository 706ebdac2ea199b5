"""NfcpyReader keeps working when the reader is absent, unplugged, plugged back or refused.

nfcpy's real ContactlessFrontend.open/connect run; ``nfc.clf.device.connect`` (how nfcpy finds
a device for a path) is patched, as nfcpy's own tests do, to say "no device" or to raise the
errors libusb gives (EACCES, EBUSY) and otherwise to open a real (idle) udp device.
"""

from __future__ import annotations

import errno
import threading
from unittest import mock

import nfc.clf.device
import pytest

from kiosk.nfc.backoff import Backoff
from kiosk.nfc.events import ReaderState, ReaderStatus
from kiosk.nfc.nfcpy_reader import NfcpyReader
from tests.nfc.recording import wait_until
from tests.nfc.tag_models import CardOnReader

USB_PATH = "usb:054c:06c1"
REAL_DEVICE_CONNECT = nfc.clf.device.connect


class UsbPort:
    """Where the test plugs the reader in and out. ``connect`` replaces nfcpy's device lookup."""

    def __init__(self, udp_path: str) -> None:
        self.udp_path = udp_path
        self.plugged = threading.Event()
        self.open_error: OSError | None = None
        self.opens = 0

    def connect(self, path: str):
        self.opens += 1
        if self.open_error is not None:
            raise self.open_error
        if not self.plugged.is_set():
            return None
        return REAL_DEVICE_CONNECT(self.udp_path)


@pytest.fixture
def usb_port(udp_path):
    port = UsbPort(udp_path)
    with mock.patch("nfc.clf.device.connect", autospec=True, side_effect=port.connect):
        yield port


def fast_reader(card: CardOnReader) -> NfcpyReader:
    return NfcpyReader(
        USB_PATH, targets=("106A",), backoff=Backoff(0.05, 0.2), frontend_factory=card.frontend
    )


def test_absent_reader_is_not_found_then_connects_when_plugged_in(run_reader, usb_port):
    card = CardOnReader("04DE0000000001")
    sink = run_reader(fast_reader(card))
    wait_until(lambda: ReaderState.NOT_FOUND in sink.states, what="not found")
    assert sink.states[0] is ReaderState.SEARCHING
    assert "no supported NFC reader found" in sink.last_status().reason
    wait_until(lambda: usb_port.opens >= 3, what="retries")
    assert sink.states.count(ReaderState.NOT_FOUND) == 1  # retries don't repeat the status

    usb_port.plugged.set()
    wait_until(lambda: ReaderState.CONNECTED in sink.states, what="connected")
    card.present.set()
    wait_until(lambda: sink.taps, what="tap after plug-in")
    assert sink.taps[0].uid == "04DE0000000001"


def test_unplugged_reader_is_lost_then_reopened_and_reads_again(run_reader, usb_port):
    card = CardOnReader("04DE0000000002")
    usb_port.plugged.set()
    sink = run_reader(fast_reader(card))
    wait_until(lambda: ReaderState.CONNECTED in sink.states, what="connected")

    usb_port.plugged.clear()
    card.reader_gone.set()  # the open frontend now fails with ENODEV, connect() returns False
    wait_until(lambda: ReaderState.LOST in sink.states, what="lost")
    lost = [s for s in sink.of(ReaderStatus) if s.state is ReaderState.LOST]
    assert "lost contact" in lost[0].reason and "unplugged" in lost[0].reason

    card.reader_gone.clear()
    usb_port.plugged.set()
    wait_until(lambda: sink.states[-1] is ReaderState.CONNECTED, what="reconnected")
    assert sink.states.count(ReaderState.CONNECTED) == 2
    card.present.set()
    wait_until(lambda: sink.taps, what="tap after replug")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (errno.EACCES, "udev rule"),
        (errno.EBUSY, "another driver holds it"),
        (errno.ENODEV, "no reader on"),
    ],
)
def test_open_errors_are_reported_with_what_to_do_and_retried(run_reader, usb_port, code, expected):
    card = CardOnReader("04DE0000000003")
    usb_port.open_error = OSError(code, "libusb says no")
    sink = run_reader(fast_reader(card))
    wait_until(lambda: ReaderState.NOT_FOUND in sink.states, what="not found")
    assert expected in sink.last_status().reason

    usb_port.open_error = None
    usb_port.plugged.set()
    wait_until(lambda: ReaderState.CONNECTED in sink.states, what="connected after fix")


def test_missing_libusb_is_explained(run_reader, usb_port):
    card = CardOnReader("04DE0000000004")
    usb_port.open_error = OSError(errno.ENOENT, "cannot find a suitable libusb-1.0")
    sink = run_reader(fast_reader(card))
    wait_until(lambda: ReaderState.NOT_FOUND in sink.states, what="not found")
    assert "libusb-1.0 is not installed" in sink.last_status().reason
