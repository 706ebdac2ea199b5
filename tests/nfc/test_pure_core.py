"""The reader core is plain Python: it imports and runs with PySide6 unavailable."""

from __future__ import annotations

import subprocess
import sys
import textwrap

PURE_MODULES = [
    "kiosk.nfc.events",
    "kiosk.nfc.reader",
    "kiosk.nfc.debounce",
    "kiosk.nfc.backoff",
    "kiosk.nfc.simulated",
    "kiosk.nfc.wedge_parser",
    "kiosk.nfc.nfcpy_probe",
    "kiosk.nfc.nfcpy_reader",
    "kiosk.nfc.card_emulator",
    "kiosk.nfc.factory",
    "kiosk.nfc.diagnostics",
]


def test_core_modules_import_without_qt():
    script = textwrap.dedent(
        f"""
        import importlib, sys

        class NoQt:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("PySide6", "shiboken6"):
                    raise ImportError("Qt is not available here")

        sys.meta_path.insert(0, NoQt())
        for module in {PURE_MODULES!r}:
            importlib.import_module(module)
        from kiosk.nfc.factory import make_reader
        make_reader("sim"); make_reader("usb")
        assert not any(m.startswith("PySide6") for m in sys.modules)
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
