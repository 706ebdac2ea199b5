"""Reasons a reader won't open are told with what to do about them."""

from __future__ import annotations

import errno

import pytest

from kiosk.nfc.nfcpy_probe import explain_not_found, explain_open_error, list_readers


@pytest.mark.parametrize(
    ("path", "code", "expected"),
    [
        ("usb:054c:06c1", errno.EACCES, 'ATTRS{idVendor}=="054c", ATTRS{idProduct}=="06c1"'),
        ("tty:USB0:pn532", errno.EACCES, "dialout"),
        ("usb:001:004", errno.EBUSY, "modprobe -r pn533_usb"),
        ("usb", errno.ENODEV, "unplugged"),
        ("usb", errno.EIO, "Input/output error (EIO)"),
    ],
)
def test_open_errors_are_explained(path, code, expected):
    assert expected in explain_open_error(path, OSError(code, "x"))


def test_missing_libusb_and_python_packages_are_explained():
    libusb = OSError(errno.ENOENT, "cannot find a suitable libusb-1.0")
    assert "apt install libusb-1.0-0" in explain_open_error("usb", libusb)
    assert "missing" in explain_open_error("usb", ImportError("no module usb1"))


def test_not_found_on_this_machine_says_to_plug_a_reader_in():
    # This machine has libusb but no NFC reader: nfcpy's real USB enumeration runs.
    assert "plug one in" in explain_not_found("usb")
    assert "serial port" in explain_not_found("tty:USB7:pn532")


def test_list_readers_runs_on_a_machine_without_readers():
    probe = list_readers()
    assert all(candidate.path for candidate in probe.readers)
