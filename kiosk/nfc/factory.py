"""Make the configured card reader from its one-line spec (the ``reader`` setting).

Specs: ``sim``; ``wedge[:hex|dec[:reversed]]``; or an nfcpy path: ``usb``, ``usb:VID``,
``usb:VID:PID`` (4 hex digits each), ``usb:BUS:DEV`` (decimal), ``tty:PORT[:DRIVER]``,
``com:PORT[:DRIVER]``, ``udp[:HOST[:PORT]]``. ``check_reader_spec`` validates without opening
anything; each implementation module is imported only when it is used.
"""

from __future__ import annotations

import re

from kiosk.nfc.reader import CardReader
from kiosk.nfc.wedge_parser import parse_wedge_spec

_USB = re.compile(r"usb(:[0-9a-fA-F]{4}(:[0-9a-fA-F]{4})?|:[0-9]{1,3}(:[0-9]{1,3})?)?")
_SERIAL = re.compile(r"(tty|com):[A-Za-z0-9-]+(:(pn531|pn532|pn533|arygon|rcs380|rcs956))?")
_UDP = re.compile(r"udp(:[A-Za-z0-9.-]*(:[0-9]{1,5})?)?")
SPEC_HELP = (
    "'sim', 'wedge', 'wedge:dec:reversed', or an nfcpy path: 'usb', 'usb:054c:06c1', "
    "'tty:USB0:pn532', 'udp:127.0.0.1:54321'"
)


def check_reader_spec(spec: str) -> str:
    """Return the kind of reader ``spec`` names ("sim", "wedge" or "nfcpy"); ValueError if none."""
    if not isinstance(spec, str) or not spec or spec.strip() != spec:
        raise ValueError(f"{spec!r} is not a reader spec; use {SPEC_HELP}")
    if spec == "sim":
        return "sim"
    if spec == "wedge" or spec.startswith("wedge:"):
        parse_wedge_spec(spec)
        return "wedge"
    if any(rx.fullmatch(spec) for rx in (_USB, _SERIAL)):
        return "nfcpy"
    if _UDP.fullmatch(spec):
        port = spec.split(":")[2] if spec.count(":") == 2 else ""
        if port and not 0 < int(port) < 65536:
            raise ValueError(f"{spec!r}: udp port must be 1..65535")
        return "nfcpy"
    raise ValueError(f"{spec!r} is not a reader spec; use {SPEC_HELP}")


def make_reader(spec: str) -> CardReader:
    """The reader for ``spec`` (see the module docstring); nothing is opened yet."""
    kind = check_reader_spec(spec)
    if kind == "sim":
        from kiosk.nfc.simulated import SimulatedReader

        return SimulatedReader()
    if kind == "wedge":
        from kiosk.nfc.wedge import KeyboardWedgeReader

        return KeyboardWedgeReader(parse_wedge_spec(spec), name=spec)
    from kiosk.nfc.nfcpy_reader import NfcpyReader

    return NfcpyReader(spec)
