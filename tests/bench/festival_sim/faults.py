"""The fault plan of one simulation run, drawn up front from the run's seed.

Times are seconds since the run's t0 (shared by all processes through the spec). Every fault
lies inside the load window, so the drain phase that follows always has a healthy network,
a running server and every worker alive. The plan is also the record the report shades.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field

OUTAGE_MODES = ("reset", "blackhole", "lost_replies")


@dataclass(frozen=True)
class Outage:
    """Kiosk `kiosk_id` loses its network from `start` to `end`.

    reset: connections are reset and new ones refused; blackhole: bytes vanish both ways
    (connections hang, as on dead Wi-Fi); lost_replies: requests reach the server but the
    answers vanish (the case that tempts a kiosk to charge twice). At `end` every
    connection the outage touched is closed, as a lost NAT entry would.
    """

    kiosk_id: str
    start: float
    end: float
    mode: str


@dataclass(frozen=True)
class WorkerKill:
    """SIGKILL worker process `worker` at `at`; start it again `restart_after` s later."""

    worker: int
    at: float
    restart_after: float


@dataclass(frozen=True)
class ServerRestart:
    """Stop PostgreSQL with `mode` ('fast' or 'immediate') at `at`, start it `down_for` s later."""

    at: float
    mode: str
    down_for: float


@dataclass(frozen=True)
class HotCardWindow:
    """From `start` to `end` every kiosk hammers `card_uid` at `rate_per_kiosk` taps/s."""

    start: float
    end: float
    card_uid: str
    rate_per_kiosk: float


@dataclass
class FaultPlan:
    outages: list[Outage] = field(default_factory=list)
    kills: list[WorkerKill] = field(default_factory=list)
    restarts: list[ServerRestart] = field(default_factory=list)
    hot_windows: list[HotCardWindow] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "outages": [asdict(o) for o in self.outages],
            "kills": [asdict(k) for k in self.kills],
            "restarts": [asdict(r) for r in self.restarts],
            "hot_windows": [asdict(h) for h in self.hot_windows],
        }

    @classmethod
    def from_dict(cls, data: dict) -> FaultPlan:
        return cls(
            outages=[Outage(**o) for o in data.get("outages", [])],
            kills=[WorkerKill(**k) for k in data.get("kills", [])],
            restarts=[ServerRestart(**r) for r in data.get("restarts", [])],
            hot_windows=[HotCardWindow(**h) for h in data.get("hot_windows", [])],
        )

    def outages_of(self, kiosk_id: str) -> list[Outage]:
        return [o for o in self.outages if o.kiosk_id == kiosk_id]


@dataclass(frozen=True)
class FaultOptions:
    """Which faults to plan and how often (all times in seconds)."""

    network: bool = True
    outage_every_s: float = 30.0  # mean time between outages of one kiosk
    outage_min_s: float = 2.0
    outage_max_s: float = 8.0
    kills: bool = True
    kill_every_s: float = 15.0
    server_restarts: bool = True
    server_down_s: float = 2.0
    hot_card: bool = True
    hot_window_s: float = 4.0
    hot_taps_per_s: float = 64.0  # on the hot card, all kiosks together (at most 4/s per kiosk)


def plan_faults(
    *,
    seed: int,
    kiosk_ids: list[str],
    workers: int,
    load_start: float,
    load_end: float,
    hot_card_uid: str,
    options: FaultOptions,
) -> FaultPlan:
    """Draw a fault plan for the load window [load_start, load_end)."""
    rng = random.Random(seed)
    plan = FaultPlan()
    span = load_end - load_start
    # Faults start after a short calm so every kiosk has its config and card cache.
    calm = min(3.0, span * 0.1)
    first, last = load_start + calm, load_end - 1.0
    if options.network and last > first:
        for kiosk_id in kiosk_ids:
            t = first + rng.expovariate(1.0 / options.outage_every_s) * 0.5
            while t < last:
                length = rng.uniform(options.outage_min_s, options.outage_max_s)
                end = min(t + length, last)
                plan.outages.append(Outage(kiosk_id, round(t, 3), round(end, 3), rng.choice(OUTAGE_MODES)))
                t = end + rng.expovariate(1.0 / options.outage_every_s)
    if options.kills and workers > 0 and last > first:
        t = first + rng.uniform(0.3, 1.0) * options.kill_every_s * 0.5
        while t < last:
            restart_after = round(rng.uniform(0.5, 2.0), 3)
            plan.kills.append(WorkerKill(rng.randrange(workers), round(t, 3), restart_after))
            t += rng.uniform(0.5, 1.5) * options.kill_every_s
    if options.server_restarts and span >= 8:
        for fraction, mode in ((0.35, "fast"), (0.7, "immediate")):
            at = round(load_start + span * fraction, 3)
            plan.restarts.append(ServerRestart(at, mode, options.server_down_s))
    if options.hot_card and span > 6:
        rate = min(4.0, options.hot_taps_per_s / max(len(kiosk_ids), 1))
        for fraction in (0.2, 0.55, 0.85):
            start = load_start + span * fraction
            end = min(start + options.hot_window_s, last)
            if end > start:
                plan.hot_windows.append(
                    HotCardWindow(round(start, 3), round(end, 3), hot_card_uid, round(rate, 3))
                )
    return plan
