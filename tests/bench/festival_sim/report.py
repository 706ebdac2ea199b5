"""Figures and plots of a finished run: throughput, latency percentiles of online taps, replay
drain time after each outage, offline sales, overdrafts, conflicts, errors; PNG plots of
throughput and latency over time with the fault periods shaded (matplotlib, Agg backend).
"""

from __future__ import annotations

import bisect
import json
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from tests.bench.festival_sim.events import read_events
from tests.bench.festival_sim.orchestrator import RunOutcome

ONLINE = ("COMPLETED", "REJECTED")


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Figures:
    duration_s: float
    taps: int = 0
    taps_by_op: dict = field(default_factory=dict)
    outcomes: dict = field(default_factory=dict)
    orders_ok: int = 0
    orders_per_s: float = 0.0
    online_latency_ms: dict = field(default_factory=dict)
    offline_sales: int = 0
    offline_recharges: int = 0
    offline_refused: dict = field(default_factory=dict)
    overdraft_orders: int = 0
    conflicts: int = 0
    voids: dict = field(default_factory=dict)
    supervisor_voids: dict = field(default_factory=dict)
    outage_drains: list = field(default_factory=list)
    restart_drains: list = field(default_factory=list)
    kill_recoveries: list = field(default_factory=list)
    final_drain_s: float | None = None
    errors: dict = field(default_factory=dict)
    error_examples: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return dict(vars(self))


class RunEvents:
    """The run's events, indexed for the figures."""

    def __init__(self, out_dir: Path) -> None:
        events = list(read_events(sorted((out_dir / "events").glob("*.jsonl"))))
        self.taps = [e for e in events if e["e"] == "tap"]
        self.voids = [e for e in events if e["e"] == "void"]
        self.supervisor_voids = [e for e in events if e["e"] == "supervisor_void"]
        self.errors = [e for e in events if e["e"] in ("error", "log_error")]
        self.status: dict[str, list[tuple[float, int | None, int]]] = defaultdict(list)
        for e in events:
            if e["e"] == "status":
                self.status[e["k"]].append((e["ts"], e.get("pending"), e.get("gen", 0)))
        for samples in self.status.values():
            samples.sort()

    def first_empty_after(self, kiosk_id: str, when: float, min_gen: int = 0) -> float | None:
        samples = self.status.get(kiosk_id, [])
        i = bisect.bisect_left(samples, (when,))
        for ts, pending, gen in samples[i:]:
            if pending == 0 and gen >= min_gen:
                return ts
        return None


def compute_figures(outcome: RunOutcome, events: RunEvents) -> Figures:
    c = outcome.config
    fig = Figures(duration_s=c.duration_s)
    taps = events.taps
    fig.taps = len(taps)
    fig.taps_by_op = dict(Counter(t["op"] for t in taps))
    by_outcome = Counter(
        (t["op"], t["outcome"] + (f" {t['code']}" if t["outcome"] == "REJECTED" else "")) for t in taps
    )
    fig.outcomes = {f"{op}:{o}": n for (op, o), n in sorted(by_outcome.items())}
    orders = [t for t in taps if t["op"] == "order"]
    fig.orders_ok = sum(1 for t in orders if t["outcome"] in ("COMPLETED", "OFFLINE_ACCEPTED"))
    fig.orders_per_s = round(fig.orders_ok / c.duration_s, 2)
    online = [t["lat"] * 1000 for t in taps if t["op"] in ("order", "recharge") and t["outcome"] in ONLINE]
    fig.online_latency_ms = {
        f"p{q}": round(v, 1) for q in (50, 90, 95, 99) if (v := percentile(online, q)) is not None
    }
    if online:
        fig.online_latency_ms["max"] = round(max(online), 1)
        fig.online_latency_ms["n"] = len(online)
    fig.offline_sales = sum(1 for t in orders if t["outcome"] == "OFFLINE_ACCEPTED")
    fig.offline_recharges = sum(
        1 for t in taps if t["op"] == "recharge" and t["outcome"] == "OFFLINE_ACCEPTED"
    )
    fig.offline_refused = dict(
        Counter(t.get("rule") or "?" for t in taps if t["outcome"] == "OFFLINE_REFUSED")
    )
    for inv in outcome.invariants:
        fig.overdraft_orders += inv.counts.get("overdraft orders", 0)
        fig.conflicts += sum(n for k, n in inv.counts.items() if k.startswith("offline sale rejected later"))
    fig.voids = dict(Counter("ok" if v["ok"] else (v.get("code") or "?") for v in events.voids))
    fig.supervisor_voids = dict(
        Counter("ok" if v["ok"] else (v.get("code") or "?") for v in events.supervisor_voids)
    )
    for fault in outcome.fault_log:
        if fault["kind"] == "server_restart":
            waits = [
                ts - fault["end"]
                for k in events.status
                if (ts := events.first_empty_after(k, fault["end"])) is not None
            ]
            fig.restart_drains.append(
                {
                    "at_s": round(fault["start"] - outcome.t0, 1),
                    "mode": fault["mode"],
                    "down_s": round(fault["end"] - fault["start"], 1),
                    "drain_median_s": round(statistics.median(waits), 2) if waits else None,
                    "drain_max_s": round(max(waits), 2) if waits else None,
                }
            )
        elif fault["kind"] == "kill":
            kiosks = [k.kiosk_id for k in _kiosks_of_worker(outcome, fault["worker"])]
            waits = [
                ts - fault["end"]
                for k in kiosks
                if (ts := events.first_empty_after(k, fault["end"], min_gen=1)) is not None
            ]
            fig.kill_recoveries.append(
                {
                    "at_s": round(fault["start"] - outcome.t0, 1),
                    "worker": fault["worker"],
                    "kiosks": len(kiosks),
                    "queue_empty_after_restart_max_s": round(max(waits), 2) if waits else None,
                }
            )
    for outage in outcome.plan.outages:
        end = outcome.t0 + outage.end
        ts = events.first_empty_after(outage.kiosk_id, end)
        fig.outage_drains.append(
            {
                "kiosk": outage.kiosk_id,
                "mode": outage.mode,
                "length_s": round(outage.end - outage.start, 1),
                "drain_s": round(ts - end, 2) if ts is not None else None,
            }
        )
    if outcome.drain_finished is not None:
        fig.final_drain_s = round(outcome.drain_finished - outcome.drain_started, 2)
    fig.errors = dict(Counter(f"{e['e']}: {str(e.get('msg'))[:70]}" for e in events.errors).most_common(12))
    fig.errors["tap exceptions"] = sum(1 for t in taps if t["outcome"] == "EXCEPTION")
    fig.error_examples = [e for e in events.errors[:5]]
    return fig


def _kiosks_of_worker(outcome: RunOutcome, worker: int) -> list:
    from tests.bench.festival_sim.festival_data import plan_festival

    return plan_festival(outcome.config).kiosks_of(worker)


def drain_summary(drains: list[dict]) -> str:
    values = [d["drain_s"] for d in drains if d.get("drain_s") is not None]
    if not values:
        return "none"
    return (
        f"{len(values)}/{len(drains)} outages drained; median {statistics.median(values):.2f}s,"
        f" p90 {percentile(values, 90):.2f}s, max {max(values):.2f}s"
    )


def render_text(outcome: RunOutcome, fig: Figures) -> str:
    c = outcome.config
    lines = [
        f"# Festival simulation {outcome.out_dir.name}",
        "",
        f"mode: {'PgBouncer (transaction pooling)' if c.pgbouncer else 'direct PostgreSQL'};"
        f" {c.kiosks} kiosks ({c.bars} bars, {c.checkpoints} checkpoints) in {c.workers} workers;"
        f" {c.cards} cards; {c.duration_s:.0f}s load; seed {c.seed}",
        f"faults: network={c.faults.network} kills={c.faults.kills}"
        f" server_restarts={c.faults.server_restarts} hot_card={c.faults.hot_card};"
        f" {len(outcome.plan.outages)} outages, {len(outcome.plan.kills)} kills,"
        f" {len(outcome.plan.restarts)} server restarts, {len(outcome.plan.hot_windows)} hot windows",
        "",
        "## Figures",
        f"taps: {fig.taps} {fig.taps_by_op}",
        f"throughput: {fig.orders_per_s} orders/s ({fig.orders_ok} orders paid online or offline)",
        f"online tap latency (ms): {fig.online_latency_ms}",
        f"offline sales: {fig.offline_sales} orders, {fig.offline_recharges} recharges;"
        f" refused offline: {fig.offline_refused}",
        f"overdraft orders: {fig.overdraft_orders}; conflicts (offline sales refused later): {fig.conflicts}",
        f"voids by a supervisor at the tap: {fig.voids}",
        f"automatic voids refused as not a supervisor's, voided again at the end-of-night review:"
        f" {fig.supervisor_voids}",
        f"replay drain after network outages: {drain_summary(fig.outage_drains)}",
        *(
            f"  {mode}: {drain_summary([d for d in fig.outage_drains if d['mode'] == mode])}"
            for mode in sorted({d["mode"] for d in fig.outage_drains})
        ),
        f"after server restarts: {fig.restart_drains}",
        f"after SIGKILL + restart: {fig.kill_recoveries}",
        f"final drain: {fig.final_drain_s}s",
        f"outcomes: {fig.outcomes}",
        f"errors: {fig.errors}",
    ]
    if c.pgbouncer:
        lines.append(f"PgBouncer log warnings/errors: {len(outcome.pgbouncer_problems)}")
        lines.extend(f"  {p}" for p in outcome.pgbouncer_problems[:10])
    lines += ["", "## Invariants"]
    for inv in outcome.invariants:
        mark = "PASS" if inv.passed else "FAIL"
        lines.append(f"[{mark}] {inv.name}: checked {inv.checked}, failures {inv.failures}; {inv.counts}")
        lines.extend(f"    - {example}" for example in inv.examples)
    drained = "PASS" if outcome.drained else "FAIL"
    lines.append(f"[{drained}] outboxes drained within {c.drain_timeout_s:.0f}s")
    lines += ["", f"RESULT: {'PASS' if outcome.passed else 'FAIL'}"]
    return "\n".join(lines)


def write_plots(outcome: RunOutcome, events: RunEvents, out_dir: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    t0 = outcome.t0
    end = (outcome.drain_finished or outcome.load_end) - t0 + 1
    seconds = int(end) + 1
    paid = [0] * seconds
    offline = [0] * seconds
    latencies: dict[int, list[float]] = defaultdict(list)
    for t in events.taps:
        second = int(t["ts"] - t0)
        if not 0 <= second < seconds:
            continue
        if t["op"] == "order" and t["outcome"] == "COMPLETED":
            paid[second] += 1
        elif t["op"] == "order" and t["outcome"] == "OFFLINE_ACCEPTED":
            offline[second] += 1
        if t["op"] in ("order", "recharge") and t["outcome"] in ONLINE:
            latencies[second].append(t["lat"] * 1000)
    xs = list(range(seconds))
    # requests waiting in all outboxes: each kiosk's last sample of the second, carried forward
    pending_total = [0] * seconds
    per_second: dict[int, dict[str, int]] = defaultdict(dict)
    for kiosk, samples in events.status.items():
        for ts, pending, _gen in samples:
            second = int(ts - t0)
            if 0 <= second < seconds and pending is not None:
                per_second[second][kiosk] = pending
    carried: dict[str, int] = {}
    for second in xs:
        carried.update(per_second.get(second, {}))
        pending_total[second] = sum(carried.values())

    def shade(ax) -> None:
        first = True
        offline_count = [0] * seconds
        for o in outcome.plan.outages:
            for s in range(max(int(o.start), 0), min(int(o.end) + 1, seconds)):
                offline_count[s] += 1
        ax2 = ax.twinx()
        ax2.fill_between(xs, offline_count, step="post", color="tab:gray", alpha=0.18, label="kiosks offline")
        ax2.set_ylim(0, max(max(offline_count, default=0) * 3, 1))
        ax2.set_yticks([])
        for f in outcome.fault_log:
            a, b = f["start"] - t0, f["end"] - t0
            if f["kind"] == "server_restart":
                ax.axvspan(a, b, color="tab:red", alpha=0.25, label=f"PostgreSQL {f['mode']} restart")
            elif f["kind"] == "kill":
                ax.axvline(a, color="black", lw=0.8, ls="--", label="worker SIGKILL" if first else None)
                first = False
        for w in outcome.plan.hot_windows:
            ax.axvspan(w.start, w.end, color="tab:orange", alpha=0.15, label="hot card")
        ax.axvline(outcome.load_end - t0, color="tab:green", lw=1, label="load ends, drain")
        return ax2

    def dedupe_legend(ax, ax2) -> None:
        handles, labels = ax.get_legend_handles_labels()
        h2, l2 = ax2.get_legend_handles_labels()
        seen: dict[str, object] = {}
        for h, lab in zip(handles + h2, labels + l2, strict=True):
            seen.setdefault(lab, h)
        ax.legend(seen.values(), seen.keys(), loc="upper right", fontsize=7, ncol=2)

    written = []
    title = (
        f"{outcome.config.kiosks} kiosks, {'PgBouncer' if outcome.config.pgbouncer else 'direct'},"
        f" seed {outcome.config.seed}"
    )
    fig, axes = plt.subplots(3, 1, figsize=(11, 9), sharex=True)
    ax = axes[0]
    ax.plot(xs, paid, color="tab:blue", lw=1, label="orders paid online /s")
    ax.plot(xs, offline, color="tab:purple", lw=1, label="orders sold offline /s")
    ax.set_ylabel("orders per second")
    ax.set_title(f"Throughput, latency and queue over time ({title})")
    dedupe_legend(ax, shade(ax))
    ax = axes[1]
    for q, colour in ((50, "tab:green"), (95, "tab:orange"), (99, "tab:red")):
        ys = [percentile(latencies[s], q) if latencies.get(s) else float("nan") for s in xs]
        ax.plot(xs, ys, color=colour, lw=1, label=f"p{q} online tap latency")
    ax.set_yscale("log")
    ax.set_ylabel("ms")
    dedupe_legend(ax, shade(ax))
    ax = axes[2]
    ax.plot(xs, pending_total, color="tab:brown", lw=1, label="requests waiting in outboxes")
    ax.set_ylabel("pending requests")
    ax.set_xlabel("seconds since load start")
    dedupe_legend(ax, shade(ax))
    fig.tight_layout()
    path = out_dir / "timeline.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    written.append(path)
    for name, index in (("throughput.png", 0), ("latency.png", 1)):
        fig, ax = plt.subplots(figsize=(11, 4))
        if index == 0:
            ax.plot(xs, paid, color="tab:blue", lw=1, label="orders paid online /s")
            ax.plot(xs, offline, color="tab:purple", lw=1, label="orders sold offline /s")
            ax.set_ylabel("orders per second")
            ax.set_title(f"Throughput ({title})")
        else:
            for q, colour in ((50, "tab:green"), (95, "tab:orange"), (99, "tab:red")):
                ys = [percentile(latencies[s], q) if latencies.get(s) else float("nan") for s in xs]
                ax.plot(xs, ys, color=colour, lw=1, label=f"p{q}")
            ax.set_yscale("log")
            ax.set_ylabel("online tap latency, ms")
            ax.set_title(f"Latency of online taps ({title})")
        ax.set_xlabel("seconds since load start")
        dedupe_legend(ax, shade(ax))
        fig.tight_layout()
        path = out_dir / name
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path)
    return written


def write_report(outcome: RunOutcome) -> tuple[str, Figures]:
    """Compute the figures, write report.md, report.json and the plots; return the text."""
    events = RunEvents(outcome.out_dir)
    fig = compute_figures(outcome, events)
    text = render_text(outcome, fig)
    (outcome.out_dir / "report.md").write_text(text + "\n")
    (outcome.out_dir / "report.json").write_text(
        json.dumps(
            {
                "passed": outcome.passed,
                "figures": fig.to_dict(),
                "invariants": [inv.to_dict() for inv in outcome.invariants],
                "faults": outcome.fault_log,
                "plan": outcome.plan.to_dict(),
                "setup": outcome.setup_counts,
                "pgbouncer_problems": outcome.pgbouncer_problems,
            },
            indent=1,
            default=str,
        )
    )
    if outcome.config.plots:
        write_plots(outcome, events, outcome.out_dir)
    return text, fig
