"""Runs one simulation from start to finish and stops by itself.

1. a throwaway PostgreSQL (sql/cluster.py), migrated, with the simulated festival written in
   as superuser; optionally PgBouncer in front of it;
2. the TCP proxy process (one port per kiosk) and the kiosk worker processes;
3. once every kiosk has its configuration and card cache, the load starts (t0) and the fault
   plan plays: outages (in the proxy), SIGKILLed and restarted workers, server restarts;
4. after the load, the drain: until every outbox is empty and every scan uploaded;
5. workers and proxy stop; the invariants are checked; the report and plots are written.

Every wait is bounded; the orchestrator never needs a human to stop it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from sql.cluster import TempCluster
from sql.devices import enrol_gateway, login_role_for
from sql.migrate import apply_migrations
from sync.pg_backend import PostgresBackend
from sync.rest_backend import RestBackend
from sync.service import KioskSync
from tests.bench.festival_sim.cash import check_cash_shifts, close_shifts, open_shifts
from tests.bench.festival_sim.config import SimConfig
from tests.bench.festival_sim.events import EventLog, read_events
from tests.bench.festival_sim.faults import FaultPlan, plan_faults
from tests.bench.festival_sim.festival_data import HOT_CARD_UID, create_festival, plan_festival
from tests.bench.festival_sim.invariants import (
    Invariant,
    KillWindow,
    check_all,
    read_database,
    read_kiosk_store,
)
from tests.bench.festival_sim.pgbouncer import INSTALL_HINT, PgBouncer, find_pgbouncer
from tests.bench.festival_sim.worker import write_json_atomically
from tests.server.gateway_process import GatewayProcess

DBNAME = "festival_sim"
READY_TIMEOUT_S = 60.0  # plus a second per kiosk
WORKER_MODULE = "tests.bench.festival_sim.worker"
REPO_ROOT = Path(__file__).resolve().parents[3]


SIM_GATEWAY_LOGIN = "sim_gateway"  # festival-server's login with --via gateway
RESTART_SETTLE_S = 10.0  # PgBouncer may still report a restarted server's dead connections


def pgbouncer_log_time(line: str) -> float | None:
    """Unix time of a PgBouncer log line ("2026-11-21 23:45:30.791 UTC [pid] ...")."""
    try:
        return datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=UTC).timestamp()
    except ValueError:
        return None


class SimulationSkippedError(Exception):
    """The requested mode cannot run on this machine (the message says how to fix that)."""


@dataclass
class RunOutcome:
    out_dir: Path
    config: SimConfig
    plan: FaultPlan
    t0: float
    load_end: float
    drain_started: float
    drain_finished: float | None
    drained: bool
    invariants: list[Invariant]
    setup_counts: dict
    fault_log: list[dict] = field(default_factory=list)
    pgbouncer_problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.drained and all(inv.passed for inv in self.invariants)


def default_out_dir() -> Path:
    return REPO_ROOT / "bench-results" / f"sim-{datetime.now():%Y%m%d-%H%M%S}"


class Simulation:
    """The orchestrator; runs on the main thread, with one thread per fault timeline."""

    def __init__(self, config: SimConfig, say=print) -> None:
        self.config = config
        self.say = say if not config.quiet else (lambda *_a, **_k: None)
        self.out_dir = (config.out_dir or default_out_dir()).resolve()
        self.festival = plan_festival(config)
        self.cluster: TempCluster | None = None
        self.bouncer: PgBouncer | None = None
        self.proxy: subprocess.Popen | None = None
        self.workers: dict[int, subprocess.Popen] = {}
        self.generations: dict[int, int] = {}
        self.workers_lock = threading.Lock()
        self.fault_log: list[dict] = []
        self.events: EventLog | None = None
        self.stop_faults = threading.Event()
        self.gateways: list[GatewayProcess] = []  # --via gateway: the festival-server processes
        self.tokens: dict[str, str] = {}  # --via gateway: each kiosk's bearer token
        self.shifts: dict[str, str] = {}  # checkpoint device -> its cashier's cash shift

    # -- set-up -------------------------------------------------------------------------------------

    def _dirs(self) -> None:
        for sub in ("events", "logs", "heartbeats", "outboxes"):
            (self.out_dir / sub).mkdir(parents=True, exist_ok=True)

    def _start_database(self) -> dict:
        # TempCluster keeps synchronous_commit on, so the immediate restarts lose no commit
        # a kiosk was told about (the invariants would catch it).
        settings = {"max_connections": str(max(100, min(self.config.kiosks * 3 + 20, 1000)))}
        if self.config.pgbouncer:
            settings["max_connections"] = str(self.config.pool_size + 30)
        self.cluster = TempCluster(settings=settings)
        self.cluster.start()
        with psycopg.connect(self.cluster.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {DBNAME}")
        url = self.cluster.url(DBNAME)
        apply_migrations(url)
        counts = create_festival(url, self.festival, self.config.seed)
        self.shifts = open_shifts(url, self._checkpoint_cashiers())
        if self.config.via == "gateway":
            self._start_gateways(url)
        if self.config.pgbouncer:
            self.bouncer = PgBouncer(
                upstream_port=self.cluster.port,
                dbname=DBNAME,
                users=[login_role_for(k.kiosk_id) for k in self.festival.kiosks],
                pool_size=self.config.pool_size,
            )
            self.bouncer.start()
        return counts

    def _start_gateways(self, owner_url: str) -> None:
        """Each kiosk gets a gateway token (`devices enrol --via gateway`), and `servers`
        festival-server processes log in with a member of `gateway` and `payments`."""
        assert self.cluster is not None
        with psycopg.connect(owner_url) as conn:
            for kiosk in self.festival.kiosks:
                self.tokens[kiosk.kiosk_id] = enrol_gateway(conn, kiosk.kiosk_id).secret
            known = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (SIM_GATEWAY_LOGIN,)).fetchone()
            if known is None:
                conn.execute(f"CREATE ROLE {SIM_GATEWAY_LOGIN} LOGIN IN ROLE gateway, payments")
        gateway_url = self.cluster.url(DBNAME, SIM_GATEWAY_LOGIN)
        for _ in range(self.config.servers):
            self.gateways.append(GatewayProcess(gateway_url, extra_args=("--pool-size", "10")).start())

    def _gateway_of(self, index: int) -> GatewayProcess:
        return self.gateways[index % len(self.gateways)]

    def _run_gateway_restart(self, t0: float) -> None:
        """--via gateway: SIGKILL one festival-server mid-run, start it again on its port."""
        if not self.gateways or not self.config.faults.server_restarts:
            return
        if not self._sleep_until(t0 + self.config.duration_s * 0.4):
            return
        gateway = self.gateways[-1]
        killed_at = time.time()
        gateway.kill()
        self.stop_faults.wait(1.5)
        # as a service manager would: festival-server refuses to start while the database is
        # down (a PostgreSQL restart may be under way), so try again until it is up
        deadline = time.monotonic() + 60
        while True:
            try:
                gateway.start()
                break
            except RuntimeError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        self._record_fault("gateway_restart", killed_at, time.time(), port=gateway.port)
        self.say(f"  t={killed_at - t0:5.1f}s SIGKILL festival-server :{gateway.port}, back after"
                 f" {time.time() - killed_at:.1f}s")

    @property
    def superuser_url(self) -> str:
        assert self.cluster is not None
        return self.cluster.url(DBNAME)

    def _prewarm_card_caches(self) -> None:
        """Give every kiosk the card cache it would have from being online before the doors
        opened: one KioskSync loads the full card list once, its store file is copied to each
        kiosk (the outbox and scan log stay empty; each kiosk then fetches its own device
        configuration and only the cards changed since). Without this, hundreds of kiosks
        pulling tens of thousands of cards at once is the whole run (--cold-cache measures it)."""
        assert self.cluster is not None
        template = self.out_dir / "outboxes" / "_card-cache-template.sqlite3"
        first = self.festival.kiosks[0].kiosk_id
        if self.gateways:
            backend = RestBackend(self.gateways[0].base_url, self.tokens[first], timeout_s=60)
        else:
            backend = PostgresBackend(self.cluster.url(DBNAME, login_role_for(first)), timeout_s=60,
                                      statement_timeout_s=None)
        sync = KioskSync(backend, template, first)
        try:
            sync.open()
            # sp_cards_changed_since's as_of lags a second behind: cards written less than a
            # second ago would come back in every kiosk's first refresh
            time.sleep(1.2)
            if sync.refresh_cards() is None:
                raise RuntimeError("could not load the card list for the kiosks' caches")
        finally:
            sync.store.close()
            backend.close()
        for kiosk in self.festival.kiosks:
            shutil.copyfile(template, self.out_dir / "outboxes" / f"{kiosk.kiosk_id}.sqlite3")
        template.unlink()

    def _start_proxy(self, plan: FaultPlan) -> dict[str, int]:
        upstream_port = self.bouncer.port if self.bouncer else self.cluster.port
        spec = {
            "go_file": str(self.out_dir / "go.json"),
            "upstream_host": "127.0.0.1",
            "upstream_port": upstream_port,
            "kiosks": [k.kiosk_id for k in self.festival.kiosks],
            "outages": [o for o in plan.to_dict()["outages"]],
            "upstream_ports": {k.kiosk_id: self._gateway_of(i).port
                               for i, k in enumerate(self.festival.kiosks)} if self.gateways else {},
            "ports_file": str(self.out_dir / "proxy-ports.json"),
            "stats_file": str(self.out_dir / "proxy-stats.json"),
            "max_lifetime_s": self._lifetime(),
        }
        spec_path = self.out_dir / "proxy-spec.json"
        spec_path.write_text(json.dumps(spec, indent=1))
        self.proxy = subprocess.Popen(
            [sys.executable, "-m", "tests.bench.festival_sim.tcp_proxy", str(spec_path)],
            cwd=REPO_ROOT,
            stderr=(self.out_dir / "logs" / "proxy.log").open("ab"),
        )
        ports_file = Path(spec["ports_file"])
        deadline = time.monotonic() + 30
        while not ports_file.exists():
            if self.proxy.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the TCP proxy did not start (see {self.out_dir / 'logs' / 'proxy.log'})")
            time.sleep(0.05)
        return json.loads(ports_file.read_text())

    def _lifetime(self) -> float:
        return self._ready_timeout() + self.config.duration_s + self.config.drain_timeout_s + 120

    def _worker_specs(self, plan: FaultPlan, ports: dict[str, int]) -> Path:
        c = self.config
        workers = []
        for index in range(c.workers):
            kiosks = []
            for k in self.festival.kiosks_of(index):
                if self.gateways:
                    url = f"http://127.0.0.1:{ports[k.kiosk_id]}/rpc"
                else:
                    url = f"postgresql://{login_role_for(k.kiosk_id)}@127.0.0.1:{ports[k.kiosk_id]}/{DBNAME}"
                kiosks.append(
                    {
                        "spec": k.to_dict(),
                        "url": url,
                        "api_key": self.tokens.get(k.kiosk_id),
                        "store": str(self.out_dir / "outboxes" / f"{k.kiosk_id}.sqlite3"),
                        "rate": c.effective_bar_rate if k.role == "bar" else c.checkpoint_rate,
                    }
                )
            workers.append(
                {
                    "run_dir": str(self.out_dir),
                    "go_file": str(self.out_dir / "go.json"),
                    "duration_s": c.duration_s,
                    "kiosks": kiosks,
                    "request_timeout_s": c.request_timeout_s,
                    "pgbouncer": c.pgbouncer,
                    "seed": c.seed + index,
                    "cards": c.cards,
                    "hot_windows": plan.to_dict()["hot_windows"],
                    "void_share": c.void_share,
                    "max_lifetime_s": self._lifetime(),
                }
            )
        path = self.out_dir / "worker-spec.json"
        path.write_text(json.dumps({"workers": workers}, indent=1))
        return path

    def _spawn_worker(self, spec_path: Path, index: int) -> None:
        with self.workers_lock:
            generation = self.generations.get(index, -1) + 1
            self.generations[index] = generation
            self.workers[index] = subprocess.Popen(
                [sys.executable, "-m", WORKER_MODULE, str(spec_path), str(index), str(generation)],
                cwd=REPO_ROOT,
                stdout=subprocess.DEVNULL,
                stderr=(self.out_dir / "logs" / f"worker-{index}.stderr").open("ab"),
            )

    def _heartbeats(self) -> dict[str, dict]:
        kiosks: dict[str, dict] = {}
        for index in range(self.config.workers):
            path = self.out_dir / "heartbeats" / f"worker-{index}.json"
            with contextlib.suppress(FileNotFoundError, json.JSONDecodeError, ValueError):
                data = json.loads(path.read_text())
                for kiosk_id, sample in data["kiosks"].items():
                    kiosks[kiosk_id] = {**sample, "ts": data["ts"], "gen": data["gen"], "worker": index}
        return kiosks

    def _ready_timeout(self) -> float:
        return READY_TIMEOUT_S + 1.0 * self.config.kiosks

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self._ready_timeout()
        total = len(self.festival.kiosks)
        last_said = 0.0
        while time.monotonic() < deadline:
            beats = self._heartbeats()
            ready = sum(1 for b in beats.values() if b.get("ready"))
            if ready == total:
                return
            for index, proc in self.workers.items():
                if proc.poll() is not None:
                    raise RuntimeError(f"worker {index} exited with {proc.returncode} during set-up")
            if time.monotonic() - last_said > 5:
                self.say(f"  waiting for kiosks: {ready}/{total} have their configuration and card cache")
                last_said = time.monotonic()
            time.sleep(0.25)
        raise RuntimeError(f"kiosks not ready after {self._ready_timeout():.0f} s")

    # -- faults -------------------------------------------------------------------------------------

    def _sleep_until(self, when: float) -> bool:
        """Sleep until Unix time `when`; False if told to stop first."""
        return not self.stop_faults.wait(max(when - time.time(), 0))

    def _record_fault(self, kind: str, start: float, end: float, **details: object) -> None:
        entry = {"kind": kind, "start": start, "end": end, **details}
        self.fault_log.append(entry)
        if self.events is not None:
            self.events.emit("fault", **entry)

    def _run_kills(self, plan: FaultPlan, t0: float, spec_path: Path) -> None:
        for kill in sorted(plan.kills, key=lambda k: k.at):
            if not self._sleep_until(t0 + kill.at):
                return
            with self.workers_lock:
                proc = self.workers[kill.worker]
            killed_at = time.time()
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, signal.SIGKILL)
            proc.wait(10)
            self.stop_faults.wait(kill.restart_after)
            self._spawn_worker(spec_path, kill.worker)
            self._record_fault("kill", killed_at, time.time(), worker=kill.worker)
            self.say(f"  t={killed_at - t0:5.1f}s SIGKILL worker {kill.worker}, restarted")

    def _run_restarts(self, plan: FaultPlan, t0: float) -> None:
        assert self.cluster is not None
        for restart in sorted(plan.restarts, key=lambda r: r.at):
            if not self._sleep_until(t0 + restart.at):
                return
            stopped_at = time.time()
            self.cluster.stop(restart.mode)
            time.sleep(restart.down_for)
            self.cluster.start()
            self._record_fault("server_restart", stopped_at, time.time(), mode=restart.mode)
            self.say(f"  t={stopped_at - t0:5.1f}s PostgreSQL {restart.mode} shutdown, back after"
                     f" {time.time() - stopped_at:.1f}s")

    # -- the run ------------------------------------------------------------------------------------

    def run(self) -> RunOutcome:
        c = self.config
        if c.pgbouncer and find_pgbouncer() is None:
            raise SimulationSkippedError(INSTALL_HINT)
        self._dirs()
        self.events = EventLog(self.out_dir / "events" / "orchestrator.jsonl")
        try:
            return self._run()
        finally:
            self._teardown()

    def _run(self) -> RunOutcome:
        c = self.config
        path = "PgBouncer" if c.pgbouncer else f"{c.servers} gateway(s)" if c.via == "gateway" else "direct"
        self.say(f"simulation: {c.kiosks} kiosks ({c.bars} bars, {c.checkpoints} checkpoints) in {c.workers}"
                 f" workers, {c.cards} cards, {c.duration_s:.0f}s load, seed {c.seed}, {path};"
                 f" output {self.out_dir}")
        setup_counts = self._start_database()
        if not c.cold_cache:
            self._prewarm_card_caches()
        plan = plan_faults(
            seed=c.seed,
            kiosk_ids=[k.kiosk_id for k in self.festival.kiosks],
            workers=c.workers,
            load_start=0.0,
            load_end=c.duration_s,
            hot_card_uid=HOT_CARD_UID,
            options=c.faults,
        )
        (self.out_dir / "fault-plan.json").write_text(json.dumps(plan.to_dict(), indent=1))
        ports = self._start_proxy(plan)
        spec_path = self._worker_specs(plan, ports)
        for index in range(c.workers):
            self._spawn_worker(spec_path, index)
        self._wait_ready()
        t0 = time.time() + 0.5
        write_json_atomically(self.out_dir / "go.json", {"t0": t0})
        self.events.emit("load_start", t0=t0)
        self.say(f"  load started; faults: {len(plan.outages)} outages, {len(plan.kills)} kills,"
                 f" {len(plan.restarts)} server restarts, {len(plan.hot_windows)} hot-card windows")
        threads = [
            threading.Thread(target=self._run_kills, args=(plan, t0, spec_path), name="faults-kills"),
            threading.Thread(target=self._run_restarts, args=(plan, t0), name="faults-server"),
            threading.Thread(target=self._run_gateway_restart, args=(t0,), name="faults-gateway"),
        ]
        for thread in threads:
            thread.start()
        load_end = t0 + c.duration_s
        while time.time() < load_end:
            time.sleep(min(5.0, max(load_end - time.time(), 0)))
            beats = self._heartbeats()
            pending = sum(b.get("pending") or 0 for b in beats.values())
            offline = sum(1 for b in beats.values() if b.get("online") is False)
            self.say(f"  t={time.time() - t0:5.1f}s pending {pending}, kiosks offline {offline}")
        for thread in threads:
            thread.join(30)
        drain_started = time.time()
        drained, drain_finished = self._drain(drain_started)
        self.say(
            f"  drain {'finished' if drained else 'TIMED OUT'} after {time.time() - drain_started:.1f}s"
        )
        self._stop_workers()
        self._stop_proxy()
        problems = self._pgbouncer_problems()
        invariants = self._check(problems)
        return RunOutcome(
            out_dir=self.out_dir,
            config=c,
            plan=plan,
            t0=t0,
            load_end=load_end,
            drain_started=drain_started,
            drain_finished=drain_finished,
            drained=drained,
            invariants=invariants,
            setup_counts=setup_counts,
            fault_log=list(self.fault_log),
            pgbouncer_problems=problems,
        )

    def _drain(self, started: float) -> tuple[bool, float | None]:
        """Wait until every kiosk reports an empty queue, no scan left to upload and its
        conflicts reviewed by the supervisor."""
        deadline = started + self.config.drain_timeout_s
        while time.time() < deadline:
            beats = self._heartbeats()
            fresh = [b for b in beats.values() if b["ts"] > started + 0.2]
            if len(fresh) == len(self.festival.kiosks) and all(
                b.get("pending") == 0 and b.get("unuploaded") == 0 and b.get("reviewed") for b in fresh
            ):
                return True, time.time()
            with self.workers_lock:
                dead = [i for i, p in self.workers.items() if p.poll() is not None]
            for index in dead:
                self.say(f"  worker {index} died during the drain; starting it again")
                self._spawn_worker(self.out_dir / "worker-spec.json", index)
            time.sleep(0.25)
        return False, None

    def _stop_workers(self) -> None:
        with self.workers_lock:
            procs = list(self.workers.values())
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 20
        for proc in procs:
            try:
                proc.wait(max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)

    def _stop_proxy(self) -> None:
        if self.proxy is not None and self.proxy.poll() is None:
            self.proxy.send_signal(signal.SIGTERM)
            try:
                self.proxy.wait(10)
            except subprocess.TimeoutExpired:
                self.proxy.kill()
                self.proxy.wait(5)

    def _pgbouncer_problems(self) -> list[str]:
        """PgBouncer's warnings and errors, except those a server restart explains (its
        server connections die and it reconnects)."""
        if self.bouncer is None:
            return []
        restarts = [(f["start"] - 1, f["end"] + RESTART_SETTLE_S) for f in self.fault_log
                    if f["kind"] == "server_restart"]  # fmt: skip
        problems = []
        for line in self.bouncer.log_problems():
            when = pgbouncer_log_time(line)
            if when is None or not any(a <= when <= b for a, b in restarts):
                problems.append(line)
        return problems

    def _checkpoint_cashiers(self) -> list[tuple[str, str]]:
        return [(k.kiosk_id, k.staff_id) for k in self.festival.kiosks if k.role == "checkpoint"]

    def _check(self, pgbouncer_problems: list[str]) -> list[Invariant]:
        self.say("  closing the cash shifts with honest counts; checking invariants")
        kiosks = [
            read_kiosk_store(k.kiosk_id, self.out_dir / "outboxes" / f"{k.kiosk_id}.sqlite3")
            for k in self.festival.kiosks
        ]
        closes = close_shifts(self.superuser_url, self._checkpoint_cashiers(),
                              {k.kiosk_id: k for k in kiosks})
        db = read_database(self.superuser_url)
        worker_logs = sorted((self.out_dir / "events").glob("worker-*.jsonl"))
        events = list(read_events(worker_logs))
        taps = [e for e in events if e["e"] == "tap"]
        errors = [e for e in events if e["e"] in ("error", "log_error")]
        kills = [KillWindow(f["worker"], f["start"]) for f in self.fault_log if f["kind"] == "kill"]
        kiosk_worker = {k.kiosk_id: k.worker for k in self.festival.kiosks}
        return [
            *check_all(db, kiosks, taps, kiosk_worker, kills, errors, pgbouncer_problems),
            check_cash_shifts(self.superuser_url, self.shifts, closes),
        ]

    def _teardown(self) -> None:
        self.stop_faults.set()
        with contextlib.suppress(Exception):
            self._stop_workers()
        with contextlib.suppress(Exception):
            self._stop_proxy()
        if self.bouncer is not None:
            with contextlib.suppress(OSError):
                shutil.copyfile(self.bouncer.log_file, self.out_dir / "logs" / "pgbouncer.log")
            self.bouncer.destroy()
        for index, gateway in enumerate(self.gateways):
            with contextlib.suppress(OSError):
                shutil.copyfile(gateway.log_path, self.out_dir / "logs" / f"festival-server-{index}.log")
            gateway.close()
        if self.cluster is not None:
            self.cluster.destroy()
        if self.events is not None:
            self.events.close()
            self.events = None
