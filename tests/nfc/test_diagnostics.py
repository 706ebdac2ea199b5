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


def test_malformed_path_is_refused(capsys):
    assert main(["--test-reader", "bluetooth:1"]) == 2
    assert "not a reader spec" in capsys.readouterr().out


def test_simulated_reader_is_not_a_hardware_path():
    out = io.StringIO()
    assert run_test_reader("sim", out=out) == 2
    assert "not an nfcpy reader path" in out.getvalue()
