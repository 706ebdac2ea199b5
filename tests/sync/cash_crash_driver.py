"""Crash-test driver for a cash close, run as a separate process and killed with SIGKILL:

    python -m tests.sync.cash_crash_driver STORE DATABASE_URL close
        start the checkpoint kiosk on STORE, open the cashier's shift, recharge twice in cash,
        then close with an honest count; the close's call hangs once it is about to be sent
        (printing "closing REQUEST_ID"), so the test can kill the process between the count
        being committed to the outbox and the server's answer
    python -m tests.sync.cash_crash_driver STORE DATABASE_URL drain
        start again on the same store (a restarted kiosk), wait until nothing is pending,
        print "drained"
"""

from __future__ import annotations

import sys
import threading

from sync.pg_backend import PostgresBackend
from sync.service import KioskSync
from tests.sync.helpers import CRASH_DRIVER_REPLAY, drain_and_stop

DEVICE = "kiosk-checkpoint-1"
CASHIER = "staff-cashier-1"


class HangBeforeClose:
    """The real backend, except that a call of sp_close_cash_shift never returns: the
    process is killed while the close is in flight."""

    def __init__(self, backend: PostgresBackend) -> None:
        self.backend = backend

    def _hang_if_close(self, function: str, args: dict) -> None:
        if function == "sp_close_cash_shift":
            print(f"closing {args['p_client_request_id']}", flush=True)
            threading.Event().wait()

    def call(self, function: str, args: dict, *, timeout_s: float | None = None):
        self._hang_if_close(function, args)
        return self.backend.call(function, args, timeout_s=timeout_s)

    def call_many(self, calls, *, timeout_s: float | None = None):
        for function, args in calls:
            self._hang_if_close(function, args)
        return self.backend.call_many(calls, timeout_s=timeout_s)

    def close(self) -> None:
        self.backend.close()


def main(store: str, url: str, mode: str) -> int:
    real = PostgresBackend(url, timeout_s=5.0)
    backend = HangBeforeClose(real) if mode == "close" else real
    sync = KioskSync(backend, store, DEVICE, request_timeout_s=5.0, upkeep_interval_s=3600,
                     replay_policy=CRASH_DRIVER_REPLAY,
                     replay_idle_poll_s=0.05)
    sync.start()
    sync.refresh_config()
    if mode == "drain":
        drain_and_stop(sync, real)
        return 0
    assert sync.staff_login(CASHIER, "234567").ok
    assert sync.open_cash_shift(CASHIER, 10000).data.get("success") is True
    for n in (1, 2):
        assert sync.submit_recharge(f"04DE{n:010d}", 1500, "cash", CASHIER).data.get("success") is True
    sync.close_cash_shift(CASHIER, {10000: 1, 2000: 1, 1000: 1})  # hangs: killed here
    return 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
