"""`server` must run where Qt cannot be imported: every module imports with PySide6 blocked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.sync.test_no_qt import PROBE

REPO = Path(__file__).resolve().parents[2]


def test_every_server_module_imports_with_pyside6_unimportable():
    probe = (
        PROBE.replace("import sync\n", "import server\n")
        .replace('sync.__path__, "sync."', 'server.__path__, "server."')
        .replace("    from sync.service import KioskSync  # noqa: F401\n", "")
    )
    assert "server.__path__" in probe
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "leaked: []" in done.stdout and int(done.stdout.split()[0]) >= 6
