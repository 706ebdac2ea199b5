"""Sync benchmark: outbox enqueue latency and the replay worker's drain rate.

    .venv/bin/python -m tests.bench.bench_sync [--enqueues 2000] [--orders 10000]

Starts its own throwaway PostgreSQL, applies the migrations and the demo set, and adds bench
cards with large balances (directly in SQL, as superuser). Then:
- enqueue: commit `--enqueues` bar orders to a fresh outbox on disk (SQLite, WAL,
  synchronous=FULL: every commit is fsynced) and report p50/p99/max per enqueue;
- online submit: `submit_order` end to end (outbox, send, answer) against the local server;
- drain: queue `--orders` offline orders, start the replay worker (a login role in `kiosk`)
  and time until the outbox is empty; also with batches of 1 (no pipelining) for contrast.
Targets: enqueue p99 <= 2 ms; drain >= 5,000 orders/s. Not part of pytest: it prints figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from sql.cluster import TempCluster
from sql.demo import seed_demo
from sql.migrate import apply_migrations
from sync.ids import new_request_id
from sync.outbox import BAR_ORDER, Outbox
from sync.pg_backend import PostgresBackend
from sync.retry import RetryPolicy
from sync.service import KioskSync
from sync.store import LocalStore
from tests.bench.percentiles import percentile
from tests.sync.helpers import bar_order_payload

BENCH_DB = "bench"
BENCH_ROLE = "bench_kiosk"
BENCH_CARDS = 1000
BENCH_BALANCE_CENTS = 1_000_000
DEVICE, STAFF, POS = "kiosk-bar-1", "staff-bar-1", "bar-main"
ITEMS = [{"product_id": "beer", "quantity": 2}, {"product_id": "water", "quantity": 1}]
TOTAL = 1200
ENQUEUE_P99_TARGET_MS = 2.0
DRAIN_TARGET_PER_S = 5000.0


def bench_card(n: int) -> str:
    return f"BE{n:012X}"


def prepare_database(cluster: TempCluster) -> str:
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    url = cluster.url(BENCH_DB)
    apply_migrations(url)
    seed_demo(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {BENCH_ROLE} LOGIN IN ROLE kiosk")
        conn.execute(
            "INSERT INTO cards (card_uid, status, balance_cents) SELECT 'BE' || "
            "upper(lpad(to_hex(g), 12, '0')), 'active', %s FROM generate_series(1, %s) g",
            (BENCH_BALANCE_CENTS, BENCH_CARDS),
        )
        conn.execute(
            "INSERT INTO ledger (card_uid, kind, amount_cents, previous_balance_cents, "
            "new_balance_cents, captured_at) SELECT card_uid, 'initial', balance_cents, 0, "
            "balance_cents, now() FROM cards WHERE card_uid LIKE 'BE%%'"
        )
    return cluster.url(BENCH_DB, user=BENCH_ROLE)


def order_payload(card_uid: str) -> tuple[dict, object, datetime]:
    request_id = new_request_id()
    captured_at = datetime.now(UTC)
    payload = bar_order_payload(request_id, captured_at, card_uid, ITEMS, TOTAL,
                                device_id=DEVICE, staff_id=STAFF, point_of_sale_id=POS)
    return payload, request_id, captured_at


def queue_orders(outbox: Outbox, count: int, rng: random.Random, *, offline: bool) -> list[float]:
    """Enqueue `count` orders, one committed transaction each; returns each one's seconds."""
    timings = []
    for _ in range(count):
        card_uid = bench_card(rng.randint(1, BENCH_CARDS))
        payload, request_id, captured_at = order_payload(card_uid)
        started = time.perf_counter()
        outbox.enqueue(BAR_ORDER, payload, request_id=request_id, captured_at=captured_at,
                       card_uid=card_uid, amount_cents=TOTAL, staff_id=STAFF, offline=offline)
        timings.append(time.perf_counter() - started)
    return timings


def bench_disk_baseline(workdir: Path, count: int) -> list[float]:
    """The floor under any enqueue: raw sqlite3, one small insert and an fsynced commit."""
    conn = sqlite3.connect(workdir / "baseline.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)")
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t (payload) VALUES (?)", ("x" * 400,))
        conn.execute("COMMIT")
        timings.append(time.perf_counter() - started)
    conn.close()
    return timings


def bench_enqueue(workdir: Path, count: int) -> list[float]:
    store = LocalStore(workdir / "enqueue.sqlite3").open()
    outbox = Outbox(store)
    queue_orders(outbox, 50, random.Random(1), offline=False)  # warm-up
    timings = queue_orders(outbox, count, random.Random(2), offline=False)
    store.close()
    return timings


def bench_submit(workdir: Path, url: str, count: int) -> list[float]:
    backend = PostgresBackend(url)
    sync = KioskSync(backend, workdir / "submit.sqlite3", DEVICE, upkeep_interval_s=3600)
    sync.start()
    sync.refresh_config()
    rng = random.Random(3)
    water = [{"product_id": "water", "quantity": 1}]
    timings = []
    for _ in range(count):
        card_uid = bench_card(rng.randint(1, BENCH_CARDS))
        started = time.perf_counter()
        result = sync.submit_order(card_uid, water, 200, STAFF)
        timings.append(time.perf_counter() - started)
        if not result.ok:
            raise RuntimeError(f"bench order failed: {result}")
    sync.stop()
    backend.close()
    return timings


def bench_drain(
    workdir: Path, url: str, count: int, batch_size: int, name: str, lanes: int
) -> tuple[float, float]:
    """Queue `count` offline orders, then time the replay worker until the outbox is empty.
    Returns (orders per second, the kiosk process's CPU milliseconds per order)."""
    path = workdir / f"{name}.sqlite3"
    store = LocalStore(path).open()
    queue_orders(Outbox(store), count, random.Random(4), offline=True)
    store.close()
    backend = PostgresBackend(url)
    sync = KioskSync(backend, path, DEVICE, batch_size=batch_size, replay_lanes=lanes,
                     upkeep_interval_s=3600,
                     replay_policy=RetryPolicy(base_s=0.05, cap_s=0.5, max_attempts=None))
    sync.open()
    sync.refresh_config()
    started = time.perf_counter()
    cpu_started = time.process_time()
    sync.replay.start()
    while sync.status().pending_count:
        time.sleep(0.01)
    elapsed = time.perf_counter() - started
    cpu_ms = (time.process_time() - cpu_started) * 1000 / count
    sync.replay.stop(5)
    states = {e.state for e in sync.outbox_entries(limit=count + 10)}
    sync.store.close()
    backend.close()
    if states != {"done"}:
        raise RuntimeError(f"drain ended with states {states}")
    return count / elapsed, cpu_ms


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--enqueues", type=int, default=2000)
    parser.add_argument("--submits", type=int, default=500)
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--lanes", type=int, default=2, help="replay lanes (parallel senders)")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="bench-sync-", dir=os.environ.get("BENCH_SYNC_DIR")))
    print(f"local store directory: {workdir} (a real disk: every commit is fsynced)")
    base = [t * 1000 for t in bench_disk_baseline(workdir, args.enqueues)]
    print(f"disk baseline (raw sqlite3 insert + fsynced commit): p50 {percentile(base, 0.50):.3f} ms, "
          f"p99 {percentile(base, 0.99):.3f} ms")
    timings = bench_enqueue(workdir, args.enqueues)
    ms = [t * 1000 for t in timings]
    p99 = percentile(ms, 0.99)
    print(f"outbox enqueue (synchronous=FULL), {len(ms)} commits: p50 {percentile(ms, 0.50):.3f} ms, "
          f"p99 {p99:.3f} ms, max {max(ms):.3f} ms, mean {statistics.fmean(ms):.3f} ms "
          f"[target p99 <= {ENQUEUE_P99_TARGET_MS} ms: {'PASS' if p99 <= ENQUEUE_P99_TARGET_MS else 'FAIL'}]")

    cluster = TempCluster()
    try:
        cluster.start()
        url = prepare_database(cluster)
        submit_ms = [t * 1000 for t in bench_submit(workdir, url, args.submits)]
        print(f"submit_order online (outbox + call + answer), {len(submit_ms)} orders: "
              f"p50 {percentile(submit_ms, 0.50):.2f} ms, p99 {percentile(submit_ms, 0.99):.2f} ms")
        rate, cpu = bench_drain(workdir, url, args.orders, batch_size=200, name="drain", lanes=args.lanes)
        print(f"drain of {args.orders} queued orders ({args.lanes} lanes, pipelined batches of 200): "
              f"{rate:,.0f} orders/s, kiosk CPU {cpu:.3f} ms/order "
              f"[target >= {DRAIN_TARGET_PER_S:,.0f}/s: {'PASS' if rate >= DRAIN_TARGET_PER_S else 'FAIL'}]")
        contrast = min(args.orders, 2000)
        one_lane, _ = bench_drain(workdir, url, contrast, batch_size=200, name="drain-1", lanes=1)
        single, _ = bench_drain(workdir, url, contrast, batch_size=1, name="drain-single", lanes=1)
        print(f"for contrast ({contrast} orders): one lane {one_lane:,.0f} orders/s; "
              f"one lane, one call per round trip {single:,.0f} orders/s")
        with psycopg.connect(cluster.url(BENCH_DB), autocommit=True) as conn:
            started = time.perf_counter()
            conn.execute(
                "SELECT count(sp_process_bar_order(gen_random_uuid(), 'BE' || upper(lpad(to_hex("
                "1 + g %% %s), 12, '0')), %s::jsonb, %s, %s, %s, %s, now(), true)) "
                "FROM generate_series(1, 2000) g",
                (BENCH_CARDS, json.dumps(ITEMS), TOTAL, POS, DEVICE, STAFF),
            )
            server_ms = (time.perf_counter() - started) / 2000 * 1000
        print(f"server alone (2000 orders in one statement, one backend): {server_ms:.3f} ms/order, "
              f"a ceiling of {1000 / server_ms:,.0f} orders/s per server process")
        with psycopg.connect(cluster.url(BENCH_DB), autocommit=True) as conn:
            orders = conn.execute("SELECT count(*) FROM orders").fetchone()[0]
        expected = args.submits + args.orders + 2 * contrast + 2000
        print(f"orders in the database: {orders} (expected {expected})")
        ok = orders == expected
    finally:
        cluster.destroy()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
