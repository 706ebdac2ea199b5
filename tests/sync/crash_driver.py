"""Crash-test driver, run as a separate process and killed with SIGKILL at random moments.

    python -m tests.sync.crash_driver STORE DATABASE_URL run SEED
        start a bar kiosk on STORE, print "ready", then sell forever: half of the orders are
        submitted online, half are queued as offline sales for the replay worker
    python -m tests.sync.crash_driver STORE DATABASE_URL drain
        start, wait until the outbox has nothing pending, print "drained", stop
    python -m tests.sync.crash_driver STORE DATABASE_URL zygote
        import everything once, then for each line "run SEED" or "drain" on stdin fork a fresh
        child process that does it (the child prints "ready PID" first, so that the caller
        can kill it); "quit" ends. A forked child opens the store and the database itself,
        like a restarted kiosk, without paying the interpreter's start-up on every round.
"""

from __future__ import annotations

import os
import random
import sys

from sql.demo_set import BAR_DEVICE_ID, BAR_STAFF_ID, FUNDED_CARDS, demo_card_uid
from sync.pg_backend import PostgresBackend
from sync.service import KioskSync
from tests.sync.helpers import CRASH_DRIVER_REPLAY, drain_and_stop, queue_offline_sale

DEVICE = BAR_DEVICE_ID
STAFF = BAR_STAFF_ID
MENU = {"water": 200, "soft": 300, "beer": 500, "cup-deposit": 100}


def random_order(rng: random.Random) -> tuple[str, list[dict], int]:
    products = rng.sample(sorted(MENU), rng.randint(1, 3))
    items = [{"product_id": p, "quantity": rng.randint(1, 3)} for p in products]
    total = sum(MENU[i["product_id"]] * i["quantity"] for i in items)
    return demo_card_uid(rng.choice(FUNDED_CARDS)), items, total


def run(store: str, url: str, mode: str, seed: int = 0) -> int:
    backend = PostgresBackend(url, timeout_s=5.0)
    sync = KioskSync(backend, store, DEVICE, request_timeout_s=5.0, batch_size=25,
                     replay_policy=CRASH_DRIVER_REPLAY,
                     replay_idle_poll_s=0.05, upkeep_interval_s=3600)
    sync.start()
    if sync.config is None:
        sync.refresh_config()
    if mode == "drain":
        drain_and_stop(sync, backend)
        return 0
    rng = random.Random(seed)
    print(f"ready {os.getpid()}", flush=True)
    while True:
        card_uid, items, total = random_order(rng)
        if rng.random() < 0.5:
            sync.submit_order(card_uid, items, total, STAFF)
        else:
            queue_offline_sale(sync, card_uid, items, total)
            sync.replay.wake()


def zygote(store: str, url: str) -> int:
    child = 0
    for line in sys.stdin:
        command = line.split()
        if child:
            os.waitpid(child, 0)  # the previous round's child (killed by the caller)
            child = 0
        if not command or command[0] == "quit":
            return 0
        child = os.fork()
        if child == 0:
            try:
                code = run(store, url, command[0], int(command[1]) if len(command) > 1 else 0)
            except BaseException as exc:
                print(f"failed {exc!r}", flush=True)
                code = 1
            os._exit(code)
        if command[0] == "drain":
            _, status = os.waitpid(child, 0)
            child = 0
            print(f"exit {os.waitstatus_to_exitcode(status)}", flush=True)
    return 0


def main(argv: list[str]) -> int:
    store, url, mode = argv[0], argv[1], argv[2]
    if mode == "zygote":
        return zygote(store, url)
    return run(store, url, mode, int(argv[3]) if len(argv) > 3 else 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
