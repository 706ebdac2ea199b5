"""The replay worker drains a long queue by itself, oldest first per card (lanes of cards in
parallel), with the original ids."""

from __future__ import annotations

import random

from sync.pg_backend import PostgresBackend
from tests.sync.helpers import card, queue_offline_sale, wait_until


def test_a_queue_of_offline_sales_drains_in_order_with_overdrafts(make_sync, kiosk_url, db):
    backend = PostgresBackend(kiosk_url)
    sync = make_sync(backend, start=False, batch_size=50, replay_lanes=3)
    sync.open()
    rng = random.Random(3)
    water = [{"product_id": "water", "quantity": 1}]
    queued = [queue_offline_sale(sync, card(rng.randint(1, 6)), water, 200) for _ in range(300)]
    # card 1..6 hold 2000: 50 waters each would be 10000; the server lets offline sales go
    # down to -3000 (the event's limit) and refuses the rest: those become conflicts.
    sync.start()
    wait_until(lambda: sync.status().pending_count == 0, timeout_s=30, what="the queue to drain")
    entries = {str(e.request_id): e for e in sync.outbox_entries(limit=1000)}
    done = [rid for rid in queued if entries[rid].state == "done"]
    rejected = [rid for rid in queued if entries[rid].state == "conflict"]
    assert len(done) + len(rejected) == 300 and rejected
    refusals = ("INSUFFICIENT_FUNDS", "OFFLINE_LIMIT_EXCEEDED")  # below the floor, or the device's hour
    assert all(entries[r].error_code in refusals and entries[r].is_conflict for r in rejected)
    assert sync.status().conflict_count == sync.status().rejected_count == len(rejected)
    applied = db.execute("SELECT card_uid, client_request_id::text FROM orders ORDER BY order_id").fetchall()
    assert sorted(rid for _, rid in applied) == sorted(done)
    for uid in {u for u, _ in applied}:  # each card's requests in the kiosk's order
        assert [rid for u, rid in applied if u == uid] == [r for r in done if entries[r].card_uid == uid]
    offline_flags = db.execute("SELECT bool_and(offline) FROM orders").fetchone()[0]
    assert offline_flags is True
    for n in range(1, 7):
        row = db.execute("SELECT balance_cents FROM cards WHERE card_uid = %s", (card(n),)).fetchone()
        assert -3000 <= row[0] < 0
    backend.close()
