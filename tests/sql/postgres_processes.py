"""Waiting for a PostgreSQL server process to end, for tests of the embedded server."""

from __future__ import annotations

import time

from sql.embedded import is_live_postgres


def wait_postgres_gone(pid: int, timeout_s: float = 20) -> bool:
    """True once pid is no longer a running postgres (gone, or an unreaped zombie)."""
    deadline = time.monotonic() + timeout_s
    while is_live_postgres(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
