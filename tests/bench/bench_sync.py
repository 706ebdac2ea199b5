"""Sync benchmark: outbox enqueue latency and the replay worker's drain rate.

    .venv/bin/python -m tests.bench.bench_sync [--enqueues 2000] [--orders 10000]

Starts its own throwaway PostgreSQL, applies the migrations and the demo set, and adds bench
cards with large balances (directly in SQL, as superuser). Then:
- enqueue: commit `--enqueues` bar orders to a fresh outbox on disk (SQLite, WAL,
  synchronous=FULL: every commit is fsynced) and report p50/p99/max per enqueue;
- online submit: `submit_order` end to end (outbox, send, answer) against the local server;
- drain: queue `--orders` offline orders, start the replay worker (the bar kiosk's own
  login) and time until the outbox is empty; also with batches of 1 (no pipelining);
- gateway: the same drain through one real `festival-server` process on loopback (a second
  bar device with a gateway token), with the p99 of its calls, and the gateway's own cost
  per call: the median of single calls through it minus the median of direct single calls.
Targets: enqueue p99 <= 2 ms; drain >= 5,000 orders/s; gateway drain >= 0.5x the direct
drain. Not part of pytest: it prints figures.
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
from sql.demo_set import BAR_DEVICE_ID, BAR_STAFF_ID, POINT_OF_SALE_ID
from sql.devices import enrol_gateway, enrol_postgres
from sql.migrate import apply_migrations
from sync.ids import new_request_id
from sync.outbox import BAR_ORDER, Outbox
from sync.pg_backend import PostgresBackend
from sync.rest_backend import RestBackend
from sync.retry import RetryPolicy
from sync.service import KioskSync
from sync.store import LocalStore
from tests.bench.percentiles import percentile
from tests.server.gateway_process import GatewayProcess
from tests.sync.helpers import bar_order_payload

BENCH_DB = "bench"
GATEWAY_ROLE = "bench_gateway"
GATEWAY_DEVICE = "kiosk-bar-2"
BENCH_CARDS = 1000
BENCH_BALANCE_CENTS = 1_000_000
DEVICE, STAFF, POS = BAR_DEVICE_ID, BAR_STAFF_ID, POINT_OF_SALE_ID
ITEMS = [{"product_id": "beer", "quantity": 2}, {"product_id": "water", "quantity": 1}]
TOTAL = 1200
ENQUEUE_P99_TARGET_MS = 2.0
DRAIN_TARGET_PER_S = 5000.0
GATEWAY_TARGET_RATIO = 0.5


def bench_card(n: int) -> str:
    return f"BE{n:012X}"


def prepare_database(cluster: TempCluster) -> tuple[str, str, str]:
    """(the bar kiosk's own URL, the gateway login's URL, the second bar's gateway token)."""
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    url = cluster.url(BENCH_DB)
    apply_migrations(url)
    seed_demo(url)
    with psycopg.connect(url) as conn:
        credential = enrol_postgres(conn, DEVICE)
        conn.execute("INSERT INTO devices (device_id, name, role, point_of_sale_id)"
                     " VALUES (%s, 'Bench bar 2', 'bar', %s)", (GATEWAY_DEVICE, POS))
        token = enrol_gateway(conn, GATEWAY_DEVICE).secret
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {GATEWAY_ROLE} LOGIN IN ROLE gateway, payments")
        # the drains claim far more offline sales in an hour than a real device may
        conn.execute("UPDATE event_settings SET offline_device_limit_cents = 1000000000,"
                     " offline_card_limit_cents = 100000000")
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
    kiosk_url = cluster.url(BENCH_DB, user=credential.login_role, password=credential.secret)
    return kiosk_url, cluster.url(BENCH_DB, user=GATEWAY_ROLE), token


def order_payload(card_uid: str, device_id: str = DEVICE) -> tuple[dict, object, datetime]:
    request_id = new_request_id()
    captured_at = datetime.now(UTC)
    payload = bar_order_payload(request_id, captured_at, card_uid, ITEMS, TOTAL,
                                device_id=device_id, staff_id=STAFF, point_of_sale_id=POS)
    return payload, request_id, captured_at


def queue_orders(
    outbox: Outbox, count: int, rng: random.Random, *, offline: bool, device_id: str = DEVICE
) -> list[float]:
    """Enqueue `count` orders, one committed transaction each; returns each one's seconds."""
    timings = []
    for _ in range(count):
        card_uid = bench_card(rng.randint(1, BENCH_CARDS))
        payload, request_id, captured_at = order_payload(card_uid, device_id)
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


class TimedRestBackend(RestBackend):
    """A RestBackend that records how long each call took (seconds), from any thread."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.timings: list[float] = []

    def call(self, function: str, args: dict, *, timeout_s: float | None = None):
        started = time.perf_counter()
        result = super().call(function, args, timeout_s=timeout_s)
        self.timings.append(time.perf_counter() - started)
        return result


def bench_drain(
    workdir: Path, url: str, count: int, batch_size: int, name: str, lanes: int,
    backend: PostgresBackend | RestBackend | None = None, device_id: str = DEVICE,
) -> tuple[float, float]:
    """Queue `count` offline orders, then time the replay worker until the outbox is empty.
    Returns (orders per second, the kiosk process's CPU milliseconds per order)."""
    path = workdir / f"{name}.sqlite3"
    store = LocalStore(path).open()
    queue_orders(Outbox(store), count, random.Random(4), offline=True, device_id=device_id)
    store.close()
    backend = backend or PostgresBackend(url)
    sync = KioskSync(backend, path, device_id, batch_size=batch_size, replay_lanes=lanes,
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


def single_call_ms(backend: PostgresBackend | RestBackend, device_id: str, count: int) -> list[float]:
    """Milliseconds of `count` bar orders sent one at a time, each waiting for its answer."""
    rng = random.Random(5)
    timings = []
    for _ in range(count):
        payload, _, _ = order_payload(bench_card(rng.randint(1, BENCH_CARDS)), device_id)
        started = time.perf_counter()
        result = backend.call("sp_process_bar_order", {**payload, "p_offline": True})
        timings.append((time.perf_counter() - started) * 1000)
        if not result.ok:
            raise RuntimeError(f"bench call failed: {result}")
    return timings


def bench_gateway(workdir: Path, url: str, gateway_url: str, token: str, count: int, lanes: int,
                  direct_rate: float) -> int:
    """The drain and single calls through one festival-server process; returns the number of
    orders it wrote."""
    server = GatewayProcess(gateway_url, extra_args=("--pool-size", str(max(lanes, 2)))).start()
    try:
        rest = TimedRestBackend(server.base_url, token, timeout_s=10.0)
        rate, cpu = bench_drain(workdir, url, count, batch_size=200, name="drain-gateway", lanes=lanes,
                                backend=rest, device_id=GATEWAY_DEVICE)
        call_ms = [t * 1000 for t in rest.timings]
        ratio = rate / direct_rate
        verdict = "PASS" if ratio >= GATEWAY_TARGET_RATIO else "FAIL"
        print(f"drain of {count} queued orders through the gateway ({lanes} lanes, one HTTP call each, "
              f"one server process): {rate:,.0f} orders/s ({ratio:.2f}x direct), p50 "
              f"{percentile(call_ms, 0.50):.2f} ms, p99 {percentile(call_ms, 0.99):.2f} ms per call, "
              f"kiosk CPU {cpu:.3f} ms/order [target >= {GATEWAY_TARGET_RATIO}x direct: {verdict}]")
        singles = 500
        direct = PostgresBackend(url)
        direct_ms = single_call_ms(direct, DEVICE, singles)
        direct.close()
        through = TimedRestBackend(server.base_url, token, timeout_s=10.0)
        gateway_ms = single_call_ms(through, GATEWAY_DEVICE, singles)
        through.close()
        direct_p50, gateway_p50 = statistics.median(direct_ms), statistics.median(gateway_ms)
        print(f"single calls, {singles} each, one at a time: direct p50 {direct_p50:.2f} ms, "
              f"p99 {percentile(direct_ms, 0.99):.2f} ms; gateway p50 {gateway_p50:.2f} ms, "
              f"p99 {percentile(gateway_ms, 0.99):.2f} ms; "
              f"the gateway's own cost {gateway_p50 - direct_p50:.2f} ms per call")
        return count + 2 * singles
    finally:
        server.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--enqueues", type=int, default=2000)
    parser.add_argument("--submits", type=int, default=500)
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--lanes", type=int, default=2, help="replay lanes (parallel senders)")
    parser.add_argument("--gateway-orders", type=int, default=3000)
    parser.add_argument("--gateway-lanes", type=int, default=4,
                        help="replay lanes through the gateway (one HTTP call per order, so more)")
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
        url, gateway_url, token = prepare_database(cluster)
        submit_ms = [t * 1000 for t in bench_submit(workdir, url, args.submits)]
        print(f"submit_order online (outbox + call + answer), {len(submit_ms)} orders: "
              f"p50 {percentile(submit_ms, 0.50):.2f} ms, p99 {percentile(submit_ms, 0.99):.2f} ms")
        rate, cpu = bench_drain(workdir, url, args.orders, batch_size=200, name="drain", lanes=args.lanes)
        print(f"drain of {args.orders} queued orders ({args.lanes} lanes, pipelined batches of 200): "
              f"{rate:,.0f} orders/s, kiosk CPU {cpu:.3f} ms/order "
              f"[target >= {DRAIN_TARGET_PER_S:,.0f}/s: {'PASS' if rate >= DRAIN_TARGET_PER_S else 'FAIL'}]")
        through_gateway = bench_gateway(workdir, url, gateway_url, token, args.gateway_orders,
                                        args.gateway_lanes, rate)
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
        expected = args.submits + args.orders + 2 * contrast + 2000 + through_gateway
        print(f"orders in the database: {orders} (expected {expected})")
        ok = orders == expected
    finally:
        cluster.destroy()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
