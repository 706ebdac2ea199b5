"""Which modules of `kiosk` are Qt-free, by name: each imports with PySide6 blocked, and every
module not named here needs Qt. The list documents the boundary between the kiosk's plain
Python (controllers, card-reader drivers, settings, money) and its screens; a module that
starts or stops importing Qt must move in or out of it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.sync.test_no_qt import PROBE

REPO = Path(__file__).resolve().parents[1]

QT_FREE = (
    "kiosk",
    "kiosk.controllers",
    "kiosk.controllers.bar",
    "kiosk.controllers.cash_shift",
    "kiosk.controllers.checkpoint",
    "kiosk.controllers.interrupted",
    "kiosk.controllers.login",
    "kiosk.controllers.results",
    "kiosk.controllers.status",
    "kiosk.controllers.supervisor",
    "kiosk.controllers.tap_commands",
    "kiosk.controllers.wizard",
    "kiosk.device_check",
    "kiosk.languages",
    "kiosk.main",
    "kiosk.money",
    "kiosk.nfc",
    "kiosk.nfc.backoff",
    "kiosk.nfc.card_emulator",
    "kiosk.nfc.debounce",
    "kiosk.nfc.diagnostics",
    "kiosk.nfc.events",
    "kiosk.nfc.factory",
    "kiosk.nfc.nfcpy_probe",
    "kiosk.nfc.nfcpy_reader",
    "kiosk.nfc.queued_reader",
    "kiosk.nfc.reader",
    "kiosk.nfc.simulated",
    "kiosk.nfc.wedge_parser",
    "kiosk.provision",
    "kiosk.resources",
    "kiosk.settings",
    "kiosk.theme",
    "kiosk.ui",
    "kiosk.ui.admin_style",  # the supervisor and wizard style sheet: a string
)

# Imports each named module with Qt blocked (PROBE's blocker), then tries every other kiosk
# module: those must fail for want of Qt. Prints "ok" or what broke the boundary.
KIOSK_PROBE = PROBE.split("import sync\n")[0] + '''
import kiosk
named = NAMED_MODULES
found = {"kiosk"} | {m.name for m in pkgutil.walk_packages(kiosk.__path__, "kiosk.")}
problems = [f"not a module: {n}" for n in sorted(set(named) - found)]
for name in named:
    if name in found:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            problems.append(f"{name} needs Qt: {exc}")
leaked = [m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6")]
problems += [f"Qt leaked: {m}" for m in leaked]
for name in sorted(found - set(named)):
    try:
        importlib.import_module(name)
    except ImportError as exc:
        if "blocked by the test" not in str(exc):
            problems.append(f"{name}: {exc}")
    else:
        problems.append(f"{name} imports without Qt: name it in QT_FREE")
print(problems or "ok")
'''


def test_the_named_kiosk_modules_are_the_qt_free_ones():
    probe = KIOSK_PROBE.replace("NAMED_MODULES", repr(QT_FREE))
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "ok", done.stdout
