"""What the store's high-water mark costs per enqueue (sync.store_marks): the same outbox
enqueues with the mark and with it switched off, on the same disk, for `./dev bench sync`
to print next to its own enqueue figures.

    .venv/bin/python -m tests.bench.store_marks [--enqueues 1000]

`high_water_mark_cost(directory, n)` is the function bench_sync.py can call.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sync.ids import new_request_id
from sync.outbox import BAR_ORDER, Outbox
from sync.store import LocalStore


def _enqueue_times(path: Path, n: int, *, marks: bool) -> list[float]:
    store = LocalStore(path).open()
    if not marks:
        store.note_sequence = lambda conn, seq: None  # type: ignore[method-assign]
    outbox = Outbox(store)
    times = []
    for _ in range(n):
        rid = new_request_id()
        payload = {"p_client_request_id": str(rid), "p_card_uid": "04DE0000000001"}
        t0 = time.perf_counter()
        outbox.enqueue(
            BAR_ORDER,
            payload,
            request_id=rid,
            captured_at=datetime.now(UTC),
            card_uid="04DE0000000001",
            amount_cents=500,
        )
        times.append(time.perf_counter() - t0)
    store.close()
    return times


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def high_water_mark_cost(directory: Path, n: int = 1000) -> dict:
    """Enqueue latency (ms) with and without the fsynced high-water mark, interleaved in
    rounds so disk noise hits both alike."""
    with_mark: list[float] = []
    without: list[float] = []
    rounds = 4
    for r in range(rounds):
        with_mark += _enqueue_times(directory / f"with-{r}.sqlite3", n // rounds, marks=True)
        without += _enqueue_times(directory / f"without-{r}.sqlite3", n // rounds, marks=False)
    return {
        "enqueues": len(with_mark),
        "with_mark_p50_ms": round(_p(with_mark, 0.5), 3),
        "with_mark_p99_ms": round(_p(with_mark, 0.99), 3),
        "without_mark_p50_ms": round(_p(without, 0.5), 3),
        "without_mark_p99_ms": round(_p(without, 0.99), 3),
        "mark_cost_mean_ms": round((statistics.mean(with_mark) - statistics.mean(without)) * 1000, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enqueues", type=int, default=1000)
    parser.add_argument("--dir", help="where to put the stores (default: a temporary folder)")
    args = parser.parse_args()
    if args.dir:
        print(json.dumps(high_water_mark_cost(Path(args.dir), args.enqueues)))
        return
    with tempfile.TemporaryDirectory(prefix="bench-marks-") as tmp:
        print(json.dumps(high_water_mark_cost(Path(tmp), args.enqueues)))


if __name__ == "__main__":
    main()
