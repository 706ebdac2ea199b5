"""Smoke test of the festival simulation: a short run with every fault still proves that
nothing was lost or charged twice (the full run is `python -m tests.bench.simulate`)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import psycopg
import pytest

from sql.demo import BAR_DEVICE_ID, CHECKPOINT_DEVICE_ID
from sync.pg_backend import PostgresBackend
from sync.service import KioskSync, Outcome
from tests.bench.festival_sim.cash import OPENING_FLOAT_CENTS, check_cash_shifts, close_shifts, open_shifts
from tests.bench.festival_sim.config import SimConfig
from tests.bench.festival_sim.faults import FaultOptions
from tests.bench.festival_sim.invariants import (
    check_balances,
    check_exactly_once,
    check_point_of_sale_totals,
    read_database,
    read_kiosk_store,
)
from tests.bench.festival_sim.orchestrator import Simulation
from tests.bench.festival_sim.report import write_report

CARD = "04DE0000000001"  # demo card with 2000 cents
BAR_STAFF = "staff-bar-1"
CASHIER = "staff-cashier-1"


def smoke_config(out_dir: Path) -> SimConfig:
    return SimConfig(
        kiosks=6,
        workers=2,
        cards=300,
        bar_rate=4.0,
        duration_s=10.0,
        drain_timeout_s=30.0,
        seed=20241121,
        out_dir=out_dir,
        faults=FaultOptions(outage_every_s=8.0, outage_min_s=1.0, outage_max_s=3.0, kill_every_s=4.0,
                            server_down_s=1.0, hot_window_s=1.5),
        void_share=0.05,
        plots=False,
        quiet=True,
    )


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_short_run_with_every_fault_keeps_every_invariant(tmp_path: Path) -> None:
    """Outages, SIGKILLs, both server restarts and a hot card: all invariants pass."""
    outcome = Simulation(smoke_config(tmp_path / "sim")).run()
    text, figures = write_report(outcome)
    faults = {f["kind"] for f in outcome.fault_log}
    assert faults == {"kill", "server_restart"}, text
    assert outcome.plan.outages and outcome.plan.hot_windows, text
    # enough traffic to exercise every path (a throughput figure belongs in the benchmark: on a
    # loaded 2-core machine this run makes 70 to 250 taps)
    assert figures.taps > 40, text
    assert figures.offline_sales > 0, text
    failed = [inv for inv in outcome.invariants if not inv.passed]
    assert outcome.drained and not failed, text


@pytest.mark.slow
@pytest.mark.timeout(150)
def test_short_run_through_two_gateways_one_killed_keeps_every_invariant(tmp_path: Path) -> None:
    """Kiosks on HTTP through two festival-server processes, one SIGKILLed and restarted
    mid-run, besides outages, worker kills and PostgreSQL restarts: all invariants pass."""
    config = dataclasses.replace(smoke_config(tmp_path / "sim"), via="gateway", servers=2)
    outcome = Simulation(config).run()
    text, figures = write_report(outcome)
    assert {f["kind"] for f in outcome.fault_log} == {"kill", "server_restart", "gateway_restart"}, text
    assert figures.taps > 40 and figures.offline_sales > 0, text
    failed = [inv for inv in outcome.invariants if not inv.passed]
    assert outcome.drained and not failed, text


def test_checker_catches_a_double_charge(tmp_path: Path, db_url: str, kiosk_url: str) -> None:
    """The invariants pass on a real sale and fail once a second charge of it is forged."""
    backend = PostgresBackend(kiosk_url)
    sync = KioskSync(backend, tmp_path / "store.sqlite3", BAR_DEVICE_ID)
    sync.open()
    sync.refresh_config()
    result = sync.submit_order(CARD, [{"product_id": "beer", "quantity": 1}], 500, BAR_STAFF)
    sync.store.close()
    backend.close()
    assert result.outcome is Outcome.COMPLETED
    kiosks = [read_kiosk_store(BAR_DEVICE_ID, tmp_path / "store.sqlite3")]
    before = read_database(db_url)
    assert check_exactly_once(before, kiosks).passed
    assert check_balances(before).passed
    assert check_point_of_sale_totals(before, kiosks).passed

    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO ledger (card_uid, kind, amount_cents, previous_balance_cents, new_balance_cents,"
            " client_request_id, order_id, offline, captured_at)"
            " SELECT card_uid, 'order', -500, 1500, 1000, client_request_id, order_id, false, now()"
            " FROM orders WHERE client_request_id = %s",
            (result.request_id,),
        )
    after = read_database(db_url)
    twice = check_exactly_once(after, kiosks)
    assert not twice.passed and "2 order" in twice.examples[0]
    assert not check_balances(after).passed
    assert not check_point_of_sale_totals(after, kiosks).passed


def test_cash_checker_catches_a_recharge_the_drawer_never_saw(tmp_path: Path, db_url: str,
                                                              checkpoint_url: str) -> None:
    """An honest checkpoint's shift closes at 0; a cash recharge booked without the kiosk (no
    cash in the drawer) makes the shift's count short, and the invariant says so."""
    checkpoints = [(CHECKPOINT_DEVICE_ID, CASHIER)]
    shifts = open_shifts(db_url, checkpoints)
    backend = PostgresBackend(checkpoint_url)
    sync = KioskSync(backend, tmp_path / "store.sqlite3", CHECKPOINT_DEVICE_ID)
    sync.open()
    sync.refresh_config()
    result = sync.submit_recharge(CARD, 2000, "cash", CASHIER)
    sync.store.close()
    backend.close()
    assert result.outcome is Outcome.COMPLETED
    kiosk = read_kiosk_store(CHECKPOINT_DEVICE_ID, tmp_path / "store.sqlite3")
    with psycopg.connect(db_url, autocommit=True) as conn:
        (forged,) = conn.execute(
            "SELECT sp_process_checkpoint_recharge(gen_random_uuid(), %s, 5000, 'cash', 'checkpoint-1',"
            " %s, %s)", ("04DE0000000002", CHECKPOINT_DEVICE_ID, CASHIER)).fetchone()
        assert forged["success"] and forged["shift_id"] == shifts[CHECKPOINT_DEVICE_ID]
    closes = close_shifts(db_url, checkpoints, {CHECKPOINT_DEVICE_ID: kiosk})
    assert closes[CHECKPOINT_DEVICE_ID]["counted_cash_cents"] == OPENING_FLOAT_CENTS + 2000
    caught = check_cash_shifts(db_url, shifts, closes)
    assert not caught.passed and "-5000 cents" in caught.examples[0], caught

