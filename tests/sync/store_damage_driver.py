"""Run as a separate process by test_store_damage.py: open a store, add N outbox rows (each
committed), print "committed N", then wait to be killed with SIGKILL, so the rows live only
in the write-ahead log (SQLite checkpoints it at close, which never comes).

    python -m tests.sync.store_damage_driver STORE N
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime

from sync.ids import new_request_id
from sync.outbox import BAR_ORDER, Outbox
from sync.store import LocalStore


def add_rows(store: LocalStore, count: int) -> list[str]:
    """`count` offline bar orders in the store's outbox, each committed; returns their ids."""
    outbox = Outbox(store)
    ids = []
    for _ in range(count):
        rid = new_request_id()
        outbox.enqueue(
            BAR_ORDER,
            {"p_client_request_id": str(rid)},
            request_id=rid,
            captured_at=datetime.now(UTC),
            card_uid="04DE0000000001",
            amount_cents=500,
            offline=True,
        )
        ids.append(str(rid))
    return ids


def main(store: str, count: int) -> int:
    local = LocalStore(store).open()
    with local.write() as conn:
        conn.exec_driver_sql("PRAGMA wal_autocheckpoint = 0")  # keep every commit in the log
    add_rows(local, count)
    print(f"committed {count}", flush=True)
    time.sleep(600)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
