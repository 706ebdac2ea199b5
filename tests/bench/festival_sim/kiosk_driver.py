"""One simulated kiosk: the real KioskSync with its own outbox file and device id, driven by
random customers instead of a reader and a touch screen.

A bar kiosk takes orders of 1–4 items (sometimes with a cup deposit or return) and a few
balance checks; a checkpoint takes cash or card recharges and a few balance checks. Taps
arrive at random (exponential gaps) one customer at a time, like at a real counter; during
a hot-card window every kiosk hammers the same card. Each tap is logged in the kiosk's scan
log after its request, exactly as the bar and checkpoint screens do (with the request id).
"""

from __future__ import annotations

import contextlib
import logging
import random
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from kiosk.controllers.results import scan_status_for
from sync.backend import Backend
from sync.errors import BackendUnavailable, CardUnknown, ConfigUnavailable, SyncError
from sync.pg_backend import PostgresBackend
from sync.rest_backend import RestBackend
from sync.service import KioskSync, Outcome
from tests.bench.festival_sim.events import EventLog
from tests.bench.festival_sim.faults import HotCardWindow
from tests.bench.festival_sim.festival_data import KioskSpec, card_uid

log = logging.getLogger(__name__)

RECHARGE_AMOUNTS = (1000, 2000, 2000, 3000, 5000, 5000, 10000)
UNKNOWN_CARD_SHARE = 0.005
UPKEEP_INTERVAL_S = 5.0  # card cache and scan upload (a real kiosk: 30 s)
BUSY_CARD_SHARE = 0.5  # share of taps from the busiest tenth of the cards


@dataclass(frozen=True)
class KioskLoad:
    """What the kiosk's customers do; times are absolute (Unix seconds)."""

    t0: float
    load_end: float
    rate: float  # taps per second
    hot_windows: tuple[HotCardWindow, ...]  # start/end relative to t0
    card_count: int
    void_share: float

    def hot_window_at(self, now: float) -> HotCardWindow | None:
        for window in self.hot_windows:
            if self.t0 + window.start <= now < self.t0 + window.end:
                return window
        return None


def open_kiosk_sync(
    spec: KioskSpec, url: str, store_path: Path, *, request_timeout_s: float, behind_pgbouncer: bool,
    api_key: str | None = None,
) -> tuple[KioskSync, Backend]:
    """The kiosk's real sync stack. Behind PgBouncer's transaction pooling psycopg must not
    prepare statements, and `options` cannot be sent (the timeout is set on the role). An
    http:// URL is the gateway (festival-server), with the device's bearer token."""
    backend: Backend
    if url.startswith("http"):
        backend = RestBackend(url, api_key, timeout_s=request_timeout_s, connect_timeout_s=2.0)
    else:
        backend = PostgresBackend(
            url,
            timeout_s=request_timeout_s,
            connect_timeout_s=2.0,
            prepare_threshold=None if behind_pgbouncer else 5,
            statement_timeout_s=None if behind_pgbouncer else 10.0,
            application_name=spec.kiosk_id,
        )
    sync = KioskSync(
        backend,
        store_path,
        spec.kiosk_id,
        request_timeout_s=request_timeout_s,
        replay_idle_poll_s=1.0,
        upkeep_interval_s=UPKEEP_INTERVAL_S,
    )
    return sync, backend


class SimulatedKiosk:
    """Runs on its own thread ("kiosk-<id>") in a worker process; `stop_event` ends it."""

    def __init__(
        self,
        spec: KioskSpec,
        sync: KioskSync,
        backend: Backend,
        events: EventLog,
        stop_event: threading.Event,
        go: threading.Event,
        loads: dict[str, KioskLoad],
        seed: int,
        start_delay_s: float = 0.0,
    ) -> None:
        self.spec = spec
        self.start_delay_s = start_delay_s  # kiosks boot one after another, not all at once
        self.sync = sync
        self.backend = backend
        self.events = events
        self.stop_event = stop_event
        self.go = go
        self.loads = loads  # filled (by kiosk id) once the run's t0 is known, before `go`
        self.rng = random.Random(seed)
        self.ready = threading.Event()
        self.reviewed = threading.Event()  # drain phase: queue empty and no conflict left to void
        self.started = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"kiosk-{spec.kiosk_id}", daemon=True)

    # -- life cycle -------------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            if self.stop_event.wait(self.start_delay_s):
                return
            self.sync.start()
            self.started.set()
            self._wait_until_ready()
            while not self.go.wait(0.2):
                if self.stop_event.is_set():
                    return
            self._serve(self.loads[self.spec.kiosk_id])
            self._after_load()
        except Exception as exc:
            self.events.emit("error", k=self.spec.kiosk_id, where="kiosk", msg=repr(exc),
                             tb=traceback.format_exc(limit=8))
        finally:
            self.sync.stop()
            # a worker thread may still wait for an answer: let it end before closing the backend
            if self.sync.replay.stop(5.0) and self.sync.upkeep.stop(5.0):
                self.backend.close()

    def _wait_until_ready(self, timeout_s: float = 300.0) -> None:
        """Configuration and card cache loaded (the first upkeep round does both; if it could
        not, ask again every few seconds)."""
        deadline = time.monotonic() + timeout_s
        next_ask = time.monotonic() + 3.0
        while time.monotonic() < deadline and not self.stop_event.is_set():
            if self.sync.config is not None and self.sync.cards.as_of() is not None:
                self.ready.set()
                return
            if time.monotonic() >= next_ask:
                next_ask = time.monotonic() + 3.0
                self.sync.retry_now()
                if self.sync.config is None:
                    with contextlib.suppress(ConfigUnavailable):
                        self.sync.refresh_config()
            self.stop_event.wait(0.3)
        self.events.emit("error", k=self.spec.kiosk_id, where="setup", msg="not ready in time")

    def _serve(self, load: KioskLoad) -> None:
        while not self.stop_event.is_set():
            now = time.time()
            if now >= load.load_end:
                return
            window = load.hot_window_at(now)
            rate = window.rate_per_kiosk if window else load.rate
            gap = self.rng.expovariate(rate) if rate > 0 else 1.0
            # wake up at a hot window's start instead of sleeping through it
            next_start = min(
                (load.t0 + w.start for w in load.hot_windows if load.t0 + w.start > now), default=None
            )
            if next_start is not None and now + gap > next_start:
                self.stop_event.wait(next_start - now)
                continue
            if self.stop_event.wait(min(gap, load.load_end - now)):
                return
            if time.time() >= load.load_end:
                return
            window = load.hot_window_at(time.time())
            self.tap(load, hot_card=window.card_uid if window else None)

    def _after_load(self) -> None:
        """Drain phase, the end of the night: keep nudging the queue and the scan upload, and
        once the queue is empty the supervisor reviews the kiosk's conflicts, until told to stop."""
        while not self.stop_event.wait(1.0):
            self.sync.retry_now()
            if self.sync.status().pending_count == 0:
                if self.review_conflicts() == 0:
                    self.reviewed.set()
                else:
                    self.reviewed.clear()

    def review_conflicts(self) -> int:
        """What a supervisor does on the supervisor screen (docs/decisions/011): an automatic
        void that the backend refused because bar staff or a cashier queued it (UNAUTHORIZED) is
        voided again under the supervisor's id. Other conflicts (an offline sale refused later,
        a recharge void the card cannot cover) move no money or are settled in cash: looked at,
        nothing to send. Returns how many voids were sent."""
        sent = 0
        for entry in self.sync.outbox_entries(["rejected", "conflict"], limit=10_000):
            if entry.kind == "void" and entry.is_conflict and entry.error_code == "UNAUTHORIZED":
                result = self.sync.void_request(
                    entry.request_id, self.spec.supervisor_id, "supervisor review: sale refused offline"
                )
                self.events.emit(
                    "supervisor_void", k=self.spec.kiosk_id, target=str(entry.target_request_id),
                    ok=result.ok, code=result.error_code,
                )  # fmt: skip
                sent += 1
        return sent

    # -- one customer -----------------------------------------------------------------------------

    def pick_card(self, load: KioskLoad) -> str:
        r = self.rng.random()
        if r < UNKNOWN_CARD_SHARE:
            return f"06{self.rng.getrandbits(48):012X}"
        busy = max(load.card_count // 10, 1)
        if r < BUSY_CARD_SHARE:
            return card_uid(self.rng.randint(1, busy))
        return card_uid(self.rng.randint(1, load.card_count))

    def make_order(self) -> tuple[list[dict], int]:
        """1–4 drinks, sometimes a cup deposit or a cup return; the total at cached prices."""
        config = self.sync.config
        assert config is not None
        drinks = [p for p in config.products if p.kind == "sale"]
        quantities: dict[str, int] = {}
        for _ in range(self.rng.randint(1, 4)):
            product = self.rng.choice(drinks)
            quantities[product.product_id] = quantities.get(product.product_id, 0) + 1
        extra = self.rng.random()
        for kind, share in (("deposit", 0.15), ("return", 0.05)):
            if extra < share:
                product = next((p for p in config.products if p.kind == kind), None)
                if product is not None:
                    quantities[product.product_id] = 1
                break
            extra -= share
        items = [{"product_id": pid, "quantity": q} for pid, q in quantities.items()]
        prices = {p.product_id: p.price_cents for p in config.products}
        return items, sum(prices[i["product_id"]] * i["quantity"] for i in items)

    def tap(self, load: KioskLoad, hot_card: str | None = None) -> None:
        uid = hot_card or self.pick_card(load)
        money = hot_card is not None or self.rng.random() < 0.94
        bar = self.spec.role == "bar"
        started = time.time()
        fields: dict = {"k": self.spec.kiosk_id, "card": uid, "hot": hot_card is not None}
        try:
            if money and bar:
                items, total = self.make_order()
                result = self.sync.submit_order(uid, items, total, self.spec.staff_id)
                fields.update(op="order", amount=total)
            elif money:
                amount = self.rng.choice(RECHARGE_AMOUNTS)
                method = "cash" if self.rng.random() < 0.7 else "card"
                result = self.sync.submit_recharge(uid, amount, method, self.spec.staff_id)
                fields.update(op="recharge", amount=amount, method=method)
            else:
                self._balance_check(uid, started, fields)
                return
        except SyncError as exc:
            fields.update(op="order" if bar else "recharge", outcome="EXCEPTION", code=exc.error_code,
                          msg=str(exc)[:200], lat=time.time() - started)
            self.events.emit("tap", **fields)
            return
        latency = time.time() - started
        status = scan_status_for(result.error_code)
        if result.outcome is Outcome.OFFLINE_ACCEPTED:
            status = "offline"
        elif result.outcome is Outcome.OFFLINE_REFUSED:
            status = "refused"
        scan_id = self.sync.log_scan(uid, status, "bar" if bar else "checkpoint", result.request_id)
        fields.update(
            rid=str(result.request_id),
            outcome=result.outcome.name,
            code=result.error_code,
            rule=result.offline_rule,
            replayed=result.replayed,
            lat=round(latency, 5),
            scan=str(scan_id),
            overdraft=bool(result.data.get("overdraft")),
        )
        self.events.emit("tap", **fields)
        if bar and result.ok and self.rng.random() < load.void_share:
            self._void(result.request_id)

    def _balance_check(self, uid: str, started: float, fields: dict) -> None:
        fields["op"] = "check"
        try:
            info = self.sync.card_info(uid)
            fields.update(outcome="CACHED" if info.from_cache else "ANSWERED", balance=info.balance_cents)
            status = "blocked" if info.status == "blocked" else "success"
        except CardUnknown:
            fields.update(outcome="UNKNOWN_CARD")
            status = "unknown_card"
        except BackendUnavailable:
            fields.update(outcome="UNAVAILABLE")
            status = "read_error"
        fields["lat"] = round(time.time() - started, 5)
        scan_id = self.sync.log_scan(uid, status, "bar" if self.spec.role == "bar" else "checkpoint")
        fields["scan"] = str(scan_id)
        self.events.emit("tap", **fields)

    def _void(self, request_id: object) -> None:
        started = time.time()
        reason = "simulated: customer changed mind"
        result = self.sync.void_request(request_id, self.spec.supervisor_id, reason)
        self.events.emit(
            "void",
            k=self.spec.kiosk_id,
            target=str(request_id),
            ok=result.ok,
            code=result.error_code,
            lat=round(time.time() - started, 5),
        )
