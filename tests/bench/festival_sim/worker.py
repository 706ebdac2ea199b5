"""A kiosk worker process: runs a group of simulated kiosks as threads.

`python -m tests.bench.festival_sim.worker SPEC.json INDEX GENERATION`. The orchestrator kills
whole workers with SIGKILL and starts them again with the next generation number; a new
generation reopens the same outbox files, and KioskSync's start-up puts in-flight rows back
to pending and replays them. Twice a second the main thread samples each kiosk's queue into
the event log and a heartbeat file the orchestrator reads. SIGTERM stops it cleanly; it also
stops by itself when its parent dies or its lifetime ends.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
import time
import zlib
from pathlib import Path

from tests.bench.festival_sim.events import EventLog
from tests.bench.festival_sim.faults import HotCardWindow
from tests.bench.festival_sim.festival_data import KioskSpec
from tests.bench.festival_sim.kiosk_driver import KioskLoad, SimulatedKiosk, open_kiosk_sync

SAMPLE_INTERVAL_S = 0.5
STAGGER_S = 0.1  # between kiosk start-ups in one worker


class ErrorCounter(logging.Handler):
    """Puts the sync package's ERROR log records into the event log (the report counts them)."""

    def __init__(self, events: EventLog, worker: int) -> None:
        super().__init__(logging.ERROR)
        self.events = events
        self.worker = worker

    def emit(self, record: logging.LogRecord) -> None:
        self.events.emit("log_error", w=self.worker, logger=record.name, msg=record.getMessage()[:300])


def read_t0(go_file: Path) -> float | None:
    try:
        return float(json.loads(go_file.read_text())["t0"])
    except (FileNotFoundError, ValueError, KeyError, json.JSONDecodeError):
        return None


def write_json_atomically(path: Path, data: object) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data))
    tmp.replace(path)


def run_worker(spec: dict, index: int, generation: int) -> int:
    run_dir = Path(spec["run_dir"])
    events = EventLog(run_dir / "events" / f"worker-{index}-gen-{generation}.jsonl")
    logging.basicConfig(
        filename=run_dir / "logs" / f"worker-{index}.log",
        level=logging.WARNING,
        format=f"%(asctime)s w{index}g{generation} %(threadName)s %(name)s %(levelname)s %(message)s",
    )
    logging.getLogger().addHandler(ErrorCounter(events, index))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    go = threading.Event()
    loads: dict[str, KioskLoad] = {}
    kiosks: list[SimulatedKiosk] = []
    events.emit("worker_start", w=index, gen=generation, pid=os.getpid())
    for n, raw in enumerate(spec["kiosks"]):
        kiosk_spec = KioskSpec(**raw["spec"])
        sync, backend = open_kiosk_sync(
            kiosk_spec,
            raw["url"],
            Path(raw["store"]),
            request_timeout_s=spec["request_timeout_s"],
            behind_pgbouncer=spec["pgbouncer"],
            api_key=raw.get("api_key"),
        )
        seed = spec["seed"] * 1_000_003 + zlib.crc32(kiosk_spec.kiosk_id.encode()) + generation * 7919 + n
        delay = n * STAGGER_S
        kiosks.append(SimulatedKiosk(kiosk_spec, sync, backend, events, stop, go, loads, seed, delay))
    for kiosk in kiosks:
        kiosk.thread.start()
    go_file = Path(spec["go_file"])
    heartbeat = run_dir / "heartbeats" / f"worker-{index}.json"
    parent = os.getppid()
    deadline = time.time() + float(spec["max_lifetime_s"])
    try:
        while not stop.is_set() and time.time() < deadline and os.getppid() == parent:
            if not go.is_set():
                t0 = read_t0(go_file)
                if t0 is not None:
                    loads.update(kiosk_loads(spec, t0))
                    go.set()
            sample = _sample(kiosks, events, generation)
            write_json_atomically(heartbeat, {"ts": time.time(), "gen": generation, "kiosks": sample})
            stop.wait(SAMPLE_INTERVAL_S)
    finally:
        stop.set()
        for kiosk in kiosks:
            kiosk.thread.join(3)
        events.emit("worker_exit", w=index, gen=generation)
        events.close()
    return 0


def kiosk_loads(spec: dict, t0: float) -> dict[str, KioskLoad]:
    """Each kiosk's load, now that the run's t0 is known."""
    hot = tuple(HotCardWindow(**w) for w in spec["hot_windows"])
    return {
        raw["spec"]["kiosk_id"]: KioskLoad(
            t0=t0,
            load_end=t0 + float(spec["duration_s"]),
            rate=float(raw["rate"]),
            hot_windows=hot,
            card_count=int(spec["cards"]),
            void_share=float(spec["void_share"]),
        )
        for raw in spec["kiosks"]
    }


def _sample(kiosks: list[SimulatedKiosk], events: EventLog, generation: int) -> dict:
    sample = {}
    for kiosk in kiosks:
        if not kiosk.started.is_set():
            sample[kiosk.spec.kiosk_id] = {"ready": False, "pending": None, "unuploaded": None}
            continue
        try:
            status = kiosk.sync.status()
            _, unuploaded = kiosk.sync.scans.count()
        except Exception as exc:  # the store closes while a kiosk stops
            sample[kiosk.spec.kiosk_id] = {"ready": False, "pending": None, "error": repr(exc)}
            continue
        entry = {
            "ready": kiosk.ready.is_set(),
            "pending": status.pending_count,
            "unuploaded": unuploaded,
            "online": status.online,
            "rejected": status.rejected_count,
            "reviewed": kiosk.reviewed.is_set(),
            "alive": kiosk.thread.is_alive(),
        }
        sample[kiosk.spec.kiosk_id] = entry
        events.emit("status", k=kiosk.spec.kiosk_id, gen=generation, **entry)
    return sample


def main(argv: list[str]) -> int:
    spec_path, index, generation = Path(argv[0]), int(argv[1]), int(argv[2])
    spec = json.loads(spec_path.read_text())
    return run_worker(spec["workers"][index], index, generation)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
