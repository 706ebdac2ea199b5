"""The report after the festival simulation's traffic (kiosk processes, outages, SIGKILLs,
server restarts): every breakdown adds up to its total, and each total agrees with the
ledger, the orders, the recharges and the cards, checked independently in SQL before the
simulation's database is removed."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from sql.report import Report, build_report
from tests.bench.festival_sim.orchestrator import Simulation
from tests.sim.test_simulation import smoke_config

INDEPENDENT = {
    "net_sales_cents": "SELECT coalesce(sum(total_cents), 0) FROM orders WHERE voided_at IS NULL",
    "net_recharges_cents": "SELECT coalesce(sum(amount_cents), 0) FROM recharges WHERE voided_at IS NULL",
    "float_at_end_cents": "SELECT coalesce(sum(balance_cents), 0) FROM cards",
    "voided_cents": "SELECT coalesce(sum(amount_cents), 0) FROM ledger WHERE kind = 'void'",
    "orders": "SELECT count(*) FROM orders",
    "offline_orders": "SELECT count(*) FROM orders WHERE offline",
}


class ReportingSimulation(Simulation):
    """The simulation, reading the report and the independent figures before teardown."""

    report: Report
    independent: dict[str, int]

    def _check(self, pgbouncer_problems: list[str]):  # type: ignore[override]
        invariants = super()._check(pgbouncer_problems)
        with psycopg.connect(self.superuser_url) as conn:
            self.report = build_report(conn)
            self.independent = {k: int(conn.execute(q).fetchone()[0]) for k, q in INDEPENDENT.items()}
        return invariants


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_report_totals_agree_with_the_ledger_after_the_simulation(tmp_path: Path):
    simulation = ReportingSimulation(smoke_config(tmp_path / "sim"))
    outcome = simulation.run()
    # the simulation's own invariants are its smoke test's business (a loaded machine may not
    # drain in time); the report must agree with the database whatever state it is in
    money = ("ledger", "balance", "totals per point of sale")
    failed = [inv.name for inv in outcome.invariants if not inv.passed and any(m in inv.name for m in money)]
    assert not failed, failed
    report, independent = simulation.report, simulation.independent
    totals = report.totals
    assert independent["orders"] > 20 and independent["offline_orders"] > 0
    for key in ("net_sales_cents", "net_recharges_cents", "float_at_end_cents", "voided_cents"):
        assert totals[key] == independent[key], key
    for key in ("sales_by_point_of_sale", "sales_by_product", "sales_by_hour"):
        assert sum(report.table(key).column("net_cents")) == totals["net_sales_cents"], key
    assert sum(report.table("sales_by_point_of_sale").column("orders")) == independent["orders"]
    assert sum(report.table("offline_sales").column("orders")) == independent["offline_orders"]
    assert sum(report.table("recharges").column("net_cents")) == totals["net_recharges_cents"]
    assert sum(report.table("voids_by_staff").column("amount_cents")) == totals["voided_cents"]
    assert sum(report.table("ledger_by_kind").column("amount_cents")) == totals["net_change_cents"] == (
        totals["float_at_end_cents"] - totals["float_at_start_cents"])
