"""`sync` must work where Qt cannot be imported (command-line tools, servers)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PROBE = textwrap.dedent(
    """
    import importlib, pkgutil, sys

    class BlockQt:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("PySide6", "shiboken6"):
                raise ImportError(f"{name} is blocked by the test")
            return None

    sys.meta_path.insert(0, BlockQt())
    try:
        import PySide6  # noqa: F401
    except ImportError:
        pass
    else:
        raise SystemExit("the blocker does not work")

    import sync
    names = [m.name for m in pkgutil.iter_modules(sync.__path__, "sync.")]
    for name in names:
        importlib.import_module(name)
    from sync.service import KioskSync  # noqa: F401
    leaked = [m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6")]
    print(len(names), "modules", "leaked:", leaked)
    raise SystemExit(1 if leaked else 0)
    """
)


def test_every_sync_module_imports_with_pyside6_unimportable():
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "leaked: []" in done.stdout
    assert int(done.stdout.split()[0]) >= 15
