"""The simulation's settings: one typed declaration, parsed from the command line."""

from __future__ import annotations

import argparse
import math
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.bench.festival_sim.faults import FaultOptions

# Share of taps at a bar that are orders (the rest are balance checks), and at a
# checkpoint that are recharges: with the checkpoint rate derived below, the run's mix is
# about 80 % orders, 15 % recharges, 5 % balance checks.
BAR_ORDER_SHARE = 0.94
CHECKPOINT_RECHARGE_SHARE = 0.94
ORDERS_PER_RECHARGE = 80 / 15
KIOSKS_PER_WORKER = 25  # beyond this, the kiosk threads of one process fight over its GIL
TARGET_TAPS_PER_S = 45.0  # default total load: about what two cores sustain with faults


@dataclass(frozen=True)
class SimConfig:
    kiosks: int = 16
    workers: int = 4
    checkpoint_share: float = 0.2
    cards: int = 2000
    bar_rate: float | None = None  # taps/s per bar kiosk; None: spread TARGET_TAPS_PER_S
    duration_s: float = 40.0
    drain_timeout_s: float = 60.0
    request_timeout_s: float = 3.0
    seed: int = field(default_factory=lambda: int(time.time()) % 100000)
    out_dir: Path | None = None
    pgbouncer: bool = False
    pool_size: int = 40
    via: str = "postgres"  # "gateway": kiosks call festival-server processes over HTTP
    servers: int = 1  # festival-server processes with --via gateway
    faults: FaultOptions = field(default_factory=FaultOptions)
    void_share: float = 0.01  # share of bar taps after which a supervisor voids the last order
    plots: bool = True
    quiet: bool = False
    cold_cache: bool = False  # True: every kiosk loads the full card list itself at start
    keep_outboxes: bool = False  # keep the kiosks' store files after a passing run

    @property
    def checkpoints(self) -> int:
        return max(1, round(self.kiosks * self.checkpoint_share)) if self.kiosks > 1 else 0

    @property
    def bars(self) -> int:
        return self.kiosks - self.checkpoints

    @property
    def effective_bar_rate(self) -> float:
        if self.bar_rate is not None:
            return self.bar_rate
        return min(3.0, TARGET_TAPS_PER_S * 0.85 / max(self.bars, 1))

    @property
    def checkpoint_rate(self) -> float:
        """Checkpoint taps/s per kiosk that give about 15 recharges per 80 orders."""
        if self.checkpoints == 0:
            return 0.0
        orders_per_s = self.effective_bar_rate * self.bars * BAR_ORDER_SHARE
        return orders_per_s / ORDERS_PER_RECHARGE / CHECKPOINT_RECHARGE_SHARE / self.checkpoints


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m tests.bench.simulate",
        description="Festival night on a laptop: many kiosks running the real sync code against a "
        "real PostgreSQL under faults, then invariants proving nothing was lost or charged twice.",
    )
    p.add_argument("--kiosks", type=int, default=16, help="number of kiosks (default 16)")
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        help="worker processes for the kiosks (default: one per 25 kiosks, 4 to 16)",
    )
    p.add_argument("--checkpoint-share", type=float, default=0.2, help="share of kiosks that are checkpoints")
    p.add_argument("--cards", type=int, default=2000, help="number of cards (default 2000)")
    p.add_argument(
        "--rate",
        type=float,
        default=None,
        help="taps per second per bar kiosk (default: about 38 taps/s spread over the bars, at most 3)",
    )
    p.add_argument("--duration", type=float, default=40.0, help="seconds of load (default 40)")
    p.add_argument(
        "--drain-timeout",
        type=float,
        default=None,
        help="max seconds for the outboxes to drain (default 60 + 0.3 per kiosk)",
    )
    p.add_argument("--request-timeout", type=float, default=3.0, help="KioskSync online request timeout")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock)")
    p.add_argument(
        "--out", type=Path, default=None, help="output dir (default bench-results/sim-<timestamp>)"
    )
    p.add_argument("--pgbouncer", action="store_true", help="kiosks reach PostgreSQL through PgBouncer")
    p.add_argument("--pool-size", type=int, default=40, help="PgBouncer server connections (default 40)")
    p.add_argument("--via", choices=("postgres", "gateway"), default="postgres",
                   help="kiosks reach the database directly (default) or through festival-server")
    p.add_argument("--servers", type=int, default=1,
                   help="with --via gateway: festival-server processes (one is killed and restarted)")
    p.add_argument("--no-faults", action="store_true", help="disable every fault")
    p.add_argument("--no-network-faults", action="store_true", help="no network outages")
    p.add_argument("--no-kills", action="store_true", help="no SIGKILL of kiosk workers")
    p.add_argument("--no-server-restarts", action="store_true", help="no PostgreSQL restarts")
    p.add_argument("--no-hot-card", action="store_true", help="no hot card hammered by every kiosk")
    p.add_argument("--outage-every", type=float, default=30.0, help="mean seconds between outages per kiosk")
    p.add_argument("--kill-every", type=float, default=15.0, help="mean seconds between worker kills")
    p.add_argument("--void-share", type=float, default=0.01, help="share of bar taps followed by a void")
    p.add_argument(
        "--cold-cache",
        action="store_true",
        help="every kiosk loads the whole card list at start (default: caches pre-warmed once)",
    )
    p.add_argument(
        "--keep-outboxes", action="store_true", help="keep every kiosk's store file even when the run passes"
    )
    p.add_argument("--no-plots", action="store_true", help="skip the PNG plots")
    p.add_argument("--quiet", action="store_true", help="print only the final report")
    return p


def config_from_args(argv: list[str] | None = None) -> SimConfig:
    args = build_parser().parse_args(argv)
    if args.workers is None:
        args.workers = min(16, max(4, math.ceil(args.kiosks / KIOSKS_PER_WORKER)))
    if args.drain_timeout is None:
        args.drain_timeout = 60.0 + 0.3 * args.kiosks
    problems = []
    if args.kiosks < 2:
        problems.append("--kiosks must be at least 2 (one bar and one checkpoint)")
    if not 1 <= args.workers <= 64:
        problems.append("--workers must be between 1 and 64")
    if args.cards < 10:
        problems.append("--cards must be at least 10")
    if args.duration < 5:
        problems.append("--duration must be at least 5 seconds")
    if args.rate is not None and not 0 < args.rate <= 50:
        problems.append("--rate must be in (0, 50]")
    if not 0 < args.checkpoint_share < 1:
        problems.append("--checkpoint-share must be between 0 and 1")
    if not 1 <= args.servers <= 8:
        problems.append("--servers must be between 1 and 8")
    if args.via == "gateway" and args.pgbouncer:
        problems.append("--via gateway and --pgbouncer exclude each other (the gateway pools itself)")
    if problems:
        build_parser().error("; ".join(problems))
    off = args.no_faults
    faults = FaultOptions(
        network=not (off or args.no_network_faults),
        outage_every_s=args.outage_every,
        kills=not (off or args.no_kills),
        kill_every_s=args.kill_every,
        server_restarts=not (off or args.no_server_restarts),
        hot_card=not (off or args.no_hot_card),
    )
    return SimConfig(
        kiosks=args.kiosks,
        workers=min(args.workers, args.kiosks),
        checkpoint_share=args.checkpoint_share,
        cards=args.cards,
        bar_rate=args.rate,
        duration_s=args.duration,
        drain_timeout_s=args.drain_timeout,
        request_timeout_s=args.request_timeout,
        seed=args.seed if args.seed is not None else int(time.time()) % 100000,
        out_dir=args.out,
        pgbouncer=args.pgbouncer,
        pool_size=args.pool_size,
        via=args.via,
        servers=args.servers,
        faults=faults,
        void_share=args.void_share,
        plots=not args.no_plots,
        cold_cache=args.cold_cache,
        keep_outboxes=args.keep_outboxes,
        quiet=args.quiet,
    )
