"""The idle-transaction watchdog inside `festival-server` (optional, `--watchdog-database-url`):
every few seconds, as the owner, end device sessions idle in a transaction past the limit
(`sql.devices.end_idle_device_transactions`). Runs on its own daemon thread."""

from __future__ import annotations

import logging
import threading

import psycopg

from sql.devices import end_idle_device_transactions

log = logging.getLogger("festival.watchdog")


def run_watchdog(owner_url: str, idle_limit_s: float, stop: threading.Event, interval_s: float = 5.0) -> None:
    """Until `stop` is set; a lost database is logged and retried at the next round."""
    while not stop.wait(interval_s):
        try:
            with psycopg.connect(owner_url, connect_timeout=5, autocommit=True) as conn:
                for login, pid in end_idle_device_transactions(conn, idle_limit_s):
                    log.warning("ended a device session idle in a transaction",
                                extra={"fields": {"login": login, "pid": pid}})
        except psycopg.Error as exc:
            log.warning("watchdog round failed: %s", str(exc).strip().splitlines()[:1])
