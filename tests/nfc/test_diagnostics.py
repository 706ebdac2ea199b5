"""``festival-kiosk --test-reader``: clear messages and exit codes when there is no reader.

(Taps from an emulated card are in test_nfcpy_udp_integration.py.)
"""

from __future__ import annotations

import io

from kiosk.main import main
from kiosk.nfc.diagnostics import run_test_reader


def test_no_reader_on_this_machine(capsys):
    out = io.StringIO()
    assert run_test_reader(None, out=out) == 1
    text = out.getvalue()
    assert "No USB card reader" in text
    assert "no card reader found: plug one in" in text
    assert "--test-reader PATH" in text


def test_missing_serial_reader_is_explained():
    out = io.StringIO()
    assert run_test_reader("tty:USB9:pn532", out=out) == 1
    assert "no reader answered on tty:USB9:pn532" in out.getvalue()


def test_malformed_path_is_refused_without_offering_what_it_refuses(capsys):
    """Issue 11 item 15: wedge and sim were listed as valid in the error, then refused."""
    assert main(["--test-reader", "bluetooth:1"]) == 2
    text = capsys.readouterr().out
    assert "is not a reader path --test-reader can open" in text
    assert "e.g. usb, usb:054c:06c1, tty:USB0:pn532" in text
    assert "wedge:" not in text and "'sim'" not in text.split("e.g.")[1].split(";")[0]
    assert "No USB card reader" not in text  # issue 11 item 15: the path is checked first


def test_simulated_and_wedge_readers_are_not_hardware_paths():
    for spec in ("sim", "wedge", "wedge:hex"):
        out = io.StringIO()
        assert run_test_reader(spec, out=out) == 2
        assert "setup wizard's reader page" in out.getvalue()
        assert "No USB card reader" not in out.getvalue()


def test_a_given_path_is_not_preceded_by_no_reader_found():
    """Issue 11 item 15: it always printed "No USB card reader ... found." first."""
    out = io.StringIO()
    assert run_test_reader("tty:USB9:pn532", out=out) == 1
    assert "No USB card reader" not in out.getvalue()
