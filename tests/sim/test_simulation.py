"""Smoke test of the festival simulation: a short run with every fault still proves that
nothing was lost or charged twice (the full run is `python -m tests.bench.simulate`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bench.festival_sim.config import SimConfig
from tests.bench.festival_sim.faults import FaultOptions
from tests.bench.festival_sim.orchestrator import Simulation
from tests.bench.festival_sim.report import write_report

pytestmark = pytest.mark.slow


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


@pytest.mark.timeout(120)
def test_short_run_with_every_fault_keeps_every_invariant(tmp_path: Path) -> None:
    """Outages, SIGKILLs, both server restarts and a hot card: all invariants pass."""
    outcome = Simulation(smoke_config(tmp_path / "sim")).run()
    text, figures = write_report(outcome)
    faults = {f["kind"] for f in outcome.fault_log}
    assert faults == {"kill", "server_restart"}, text
    assert outcome.plan.outages and outcome.plan.hot_windows, text
    assert figures.taps > 100, text
    assert figures.offline_sales > 0, text
    failed = [inv for inv in outcome.invariants if not inv.passed]
    assert outcome.drained and not failed, text
