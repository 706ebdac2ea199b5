"""Reader specs from the settings become the right reader, and typos get a clear error."""

from __future__ import annotations

import pytest

from kiosk.nfc.factory import check_reader_spec, make_reader
from kiosk.nfc.nfcpy_reader import NfcpyReader
from kiosk.nfc.simulated import SimulatedReader
from kiosk.nfc.wedge import KeyboardWedgeReader
from kiosk.nfc.wedge_parser import WedgeFormat


@pytest.mark.parametrize(
    "spec",
    ["usb", "usb:054c", "usb:054c:06c1", "usb:001", "usb:001:023", "tty:USB0:pn532",
     "tty:AMA0:arygon", "tty:USB0", "com:COM3:pn532", "udp", "udp:127.0.0.1:9000",
     "udp:localhost"],
)
def test_nfcpy_paths_make_an_nfcpy_reader(spec):
    reader = make_reader(spec)
    assert isinstance(reader, NfcpyReader)
    assert reader.name == spec
    assert reader.targets == ("106A", "212F")


def test_sim_and_wedge_specs():
    assert isinstance(make_reader("sim"), SimulatedReader)
    wedge = make_reader("wedge:dec:reversed")
    assert isinstance(wedge, KeyboardWedgeReader)
    assert wedge.config.format is WedgeFormat.DEC and wedge.config.reversed_bytes


@pytest.mark.parametrize(
    "spec",
    ["", " usb", "usb:zz", "usb:054c:06c1:9", "tty:USB0:nosuchdriver", "udp:host:99999",
     "bluetooth", "simulated", "wedge:oct", None],
)
def test_bad_specs_are_refused_with_examples(spec):
    with pytest.raises(ValueError, match=r"reader spec|wedge|udp port|format"):
        check_reader_spec(spec)


def test_nfcpy_reader_refuses_unknown_targets():
    with pytest.raises(ValueError, match="targets"):
        NfcpyReader("usb", targets=("106A", "999Z"))
