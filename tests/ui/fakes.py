"""Small fakes shared by the UI and controller tests (Qt-free): a device config like the demo
data set, an in-memory stand-in for KioskSync with scripted answers, and a settable clock.

Use them where the point is the UI logic; end-to-end tests use the real KioskSync against the
test PostgreSQL instead.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any

import bcrypt

from sql import demo_set
from sync.config import DeviceConfig
from sync.errors import BackendUnavailable, CardUnknown
from sync.offline import OfflinePolicy
from sync.result import BackendResult
from sync.service import CardInfo, Outcome, SubmitResult
from sync.status import SyncStatus

DEMO_PRODUCTS = [
    {"product_id": "beer", "name": "Beer", "price_cents": 500, "category": "drinks", "kind": "sale"},
    {"product_id": "soft", "name": "Soft drink", "price_cents": 300, "category": "drinks", "kind": "sale"},
    {"product_id": "water", "name": "Water", "price_cents": 200, "category": "drinks", "kind": "sale"},
    {"product_id": "wine", "name": "Wine", "price_cents": 600, "category": "drinks", "kind": "sale"},
    {"product_id": "cocktail", "name": "Cocktail", "price_cents": 900, "category": "drinks", "kind": "sale"},
    {"product_id": "cup-deposit", "name": "Cup deposit", "price_cents": 100, "category": "cups",
     "kind": "deposit"},
    {"product_id": "cup-return", "name": "Cup return", "price_cents": -100, "category": "cups",
     "kind": "return"},
]
# the demo PINs (DESIGN, PIN policy: bar staff >= 4 digits, cashiers and supervisors >= 6)
STAFF_PINS = demo_set.STAFF_PINS
# the PINs the UI tests typed before the PIN policy: make_config's default until they move to
# STAFF_PINS (make_config(pins=STAFF_PINS)); then this goes
STAFF_CARD_UID = "04AA0000000001"  # staff-bar-1's staff card


@cache
def fast_pin_hash(pin: str) -> str:
    """bcrypt with the lowest cost, so tests stay fast (the real list uses cost ≥ 10)."""
    return bcrypt.hashpw(pin.encode(), bcrypt.gensalt(rounds=4)).decode()


SUPERVISOR_CARD_UID = "04AA0000000002"  # staff-super-1's staff card (with server_hashes=True)


def make_config(role: str = "bar", products: list[dict] | None = None, *, server_hashes: bool = False,
                event: dict | None = None, pins: dict[str, str] | None = None) -> DeviceConfig:
    """A DeviceConfig shaped like sp_device_config's answer for the demo kiosks.
    `server_hashes=True`: as the server sends it, the supervisor without a PIN hash (online
    login only) and with a staff card; `event`: settings to add or override; `pins`: the
    PINs hashed into the staff list (default the demo PINs, STAFF_PINS)."""
    pins = STAFF_PINS if pins is None else pins
    staff = [
        {"staff_id": "staff-super-1", "name": "Sam Supervisor", "role": "supervisor",
         "pin_hash": None if server_hashes else fast_pin_hash(pins["staff-super-1"]),
         "card_uid": SUPERVISOR_CARD_UID if server_hashes else None},
    ]
    if role == "bar":
        staff.insert(0, {"staff_id": "staff-bar-1", "name": "Bea Bar", "role": "bar",
                         "pin_hash": fast_pin_hash(pins["staff-bar-1"]), "card_uid": STAFF_CARD_UID})
        device = {"device_id": "kiosk-bar-1", "role": "bar", "point_of_sale_id": "bar-main", "enabled": True}
    else:
        staff.insert(0, {"staff_id": "staff-cashier-1", "name": "Cas Cashier", "role": "cashier",
                         "pin_hash": fast_pin_hash(pins["staff-cashier-1"]), "card_uid": None})
        device = {"device_id": "kiosk-checkpoint-1", "role": "checkpoint", "checkpoint_id": "checkpoint-1",
                  "enabled": True}
    return DeviceConfig.from_response(
        {
            "success": True,
            "device": device,
            "event": {"currency": "EUR", "max_balance_cents": 50000, "offline_card_limit_cents": 3000,
                      "offline_device_limit_cents": 50000, **(event or {})},
            "products": DEMO_PRODUCTS if products is None else products,
            "staff": staff,
            "config_version": "test-1",
        }
    )


def submit_result(
    outcome: Outcome,
    *,
    new_balance: int | None = None,
    previous_balance: int | None = None,
    error_code: str | None = None,
    message: str = "",
    data: dict | None = None,
    request_id: uuid.UUID | None = None,
    offline_rule: str | None = None,
) -> SubmitResult:
    return SubmitResult(
        offline_rule=offline_rule,
        outcome=outcome,
        request_id=request_id or uuid.uuid4(),
        data=data or {},
        error_code=error_code,
        message=message,
        new_balance_cents=new_balance,
        previous_balance_cents=previous_balance,
        replayed=False,
    )


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class FakeCall:
    name: str
    args: tuple
    staff_id: str | None = None


@dataclass
class FakeSync:
    """In-memory KioskSync look-alike: balances per card, every call recorded.

    `gate`, when set, makes submit_order / submit_recharge / card_info wait until it is
    released, so a test can tap again while a request is in flight. `next_results` answers
    the next submits with scripted results instead of the in-memory ledger.
    """

    config: DeviceConfig = field(default_factory=make_config)
    balances: dict[str, int] = field(default_factory=dict)
    blocked: set[str] = field(default_factory=set)
    online: bool = True
    calls: list[FakeCall] = field(default_factory=list)
    scans: list[tuple[str | None, str, str, uuid.UUID | None]] = field(default_factory=list)
    next_results: list[SubmitResult | Exception] = field(default_factory=list)
    gate: threading.Event | None = None
    subscribers: list[Callable[[SyncStatus], None]] = field(default_factory=list)
    pending_count: int = 0
    conflict_count: int = 0
    card_cache_age_s: float | None = 60.0
    # staff_login: the server's view (online only); after 5 wrong PINs LOGIN_LOCKED for 600 s
    staff_pins: dict[str, str] = field(default_factory=lambda: dict(STAFF_PINS))
    login_failures: dict[str, int] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)  # session id -> staff id
    reader_state: str | None = None
    logged_in_staff: str | None = None
    # the KioskPort attributes: like KioskSync's defaults; no cash shifts (FakeCashSync has them)
    offline_policy: OfflinePolicy = field(default_factory=OfflinePolicy)
    cash_shifts: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _wait_gate(self) -> None:
        if self.gate is not None and not self.gate.wait(10):
            raise TimeoutError("test gate never released")

    def _scripted(self) -> SubmitResult | None:
        with self._lock:
            if not self.next_results:
                return None
            item = self.next_results.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    # the KioskSync surface the UI uses (sync.port.KioskPort) ----------------------------------
    @property
    def device_id(self) -> str:
        return self.config.device_id

    def stop(self) -> None:
        self.calls.append(FakeCall("stop", ()))

    def submit_order(self, card_uid: str, items: list[dict], expected_total_cents: int, staff_id: str):
        self.calls.append(FakeCall("submit_order", (card_uid, items, expected_total_cents), staff_id))
        self._wait_gate()
        scripted = self._scripted()
        if scripted is not None:
            return scripted
        return self._apply(card_uid, -expected_total_cents, {"total_cents": expected_total_cents})

    def submit_recharge(self, card_uid: str, amount_cents: int, method: str, staff_id: str):
        self.calls.append(FakeCall("submit_recharge", (card_uid, amount_cents, method), staff_id))
        self._wait_gate()
        scripted = self._scripted()
        if scripted is not None:
            return scripted
        return self._apply(card_uid, amount_cents, {"amount_cents": amount_cents})

    def _apply(self, card_uid: str, delta: int, extra: dict) -> SubmitResult:
        with self._lock:
            if card_uid not in self.balances:
                return submit_result(Outcome.REJECTED, error_code="CARD_NOT_FOUND", message="unknown card")
            if card_uid in self.blocked:
                return submit_result(Outcome.REJECTED, error_code="CARD_BLOCKED", message="card blocked")
            before = self.balances[card_uid]
            if before + delta < 0:
                return submit_result(
                    Outcome.REJECTED, error_code="INSUFFICIENT_FUNDS", message="insufficient funds",
                    data={"balance_cents": before},
                )
            self.balances[card_uid] = before + delta
            data = {"card_uid": card_uid, "previous_balance_cents": before,
                    "new_balance_cents": before + delta, **extra}
            return submit_result(
                Outcome.COMPLETED, new_balance=before + delta, previous_balance=before, data=data
            )

    def card_info(self, card_uid: str) -> CardInfo:
        self.calls.append(FakeCall("card_info", (card_uid,)))
        self._wait_gate()
        if card_uid not in self.balances:
            if not self.online:
                raise BackendUnavailable("backend unreachable and card not cached")
            raise CardUnknown(f"card {card_uid} is not known")
        status = "blocked" if card_uid in self.blocked else "active"
        recent = [{"kind": "recharge", "amount_cents": 2000, "captured_at": "2026-07-01T21:05:00+00:00"}]
        return CardInfo(card_uid=card_uid, status=status, balance_cents=self.balances[card_uid],
                        recent=recent, from_cache=not self.online)

    def set_card_status(self, card_uid: str, status: str, staff_id: str, reason: str) -> BackendResult:
        self.calls.append(FakeCall("set_card_status", (card_uid, status, reason), staff_id))
        if status == "blocked":
            self.blocked.add(card_uid)
        else:
            self.blocked.discard(card_uid)
        return BackendResult(ok=True, data={"success": True, "card_uid": card_uid, "status": status})

    def void_request(self, request_id: uuid.UUID, staff_id: str, reason: str) -> BackendResult:
        self.calls.append(FakeCall("void_request", (request_id, reason), staff_id))
        return BackendResult(ok=True, data={"success": True})

    def log_scan(self, card_uid, status, screen, request_id=None) -> uuid.UUID:
        with self._lock:
            self.scans.append((card_uid, status, screen, request_id))
        return uuid.uuid4()

    def refresh_config(self) -> DeviceConfig:
        self.calls.append(FakeCall("refresh_config", ()))
        return self.config

    def status(self) -> SyncStatus:
        return SyncStatus(
            online=self.online, pending_count=self.pending_count,
            oldest_pending_age_s=30.0 if self.pending_count else None,
            last_success_at=datetime.now(UTC), rejected_count=self.conflict_count,
            conflict_count=self.conflict_count, card_cache_age_s=self.card_cache_age_s,
            card_cache_max_age_s=float(self.config.event.offline_cache_max_age_s),
        )

    def staff_login(self, staff_id: str, pin: str) -> BackendResult:
        """Like sp_staff_login: UNAUTHORIZED for an unknown member or a wrong PIN, LOGIN_LOCKED
        after 5 failures; NETWORK_ERROR while not online."""
        self.calls.append(FakeCall("staff_login", (staff_id,), staff_id))
        if not self.online:
            return BackendResult.failure("NETWORK_ERROR", "backend unreachable", request_sent=False)
        if self.login_failures.get(staff_id, 0) >= 5:
            return BackendResult.failure("LOGIN_LOCKED", "locked", data={"success": False,
                                         "error_code": "LOGIN_LOCKED", "retry_after_s": 600})
        member = self.config.staff_member(staff_id)
        if member is None or self.staff_pins.get(staff_id) != pin:
            self.login_failures[staff_id] = self.login_failures.get(staff_id, 0) + 1
            return BackendResult.failure("UNAUTHORIZED", "unknown staff or wrong PIN",
                                         data={"success": False, "error_code": "UNAUTHORIZED"})
        self.login_failures.pop(staff_id, None)
        session_id = str(uuid.uuid4())
        self.sessions[session_id] = staff_id
        return BackendResult(ok=True, data={
            "success": True, "staff_id": staff_id, "name": member.name, "role": member.role,
            "session_id": session_id, "expires_at": "2026-07-02T06:00:00+00:00"})

    def staff_logout(self, session_id) -> BackendResult | None:
        self.calls.append(FakeCall("staff_logout", (session_id,)))
        if session_id is None:
            return None
        self.sessions.pop(str(session_id), None)
        return BackendResult(ok=True, data={"success": True})

    def known_unreachable(self) -> bool:
        return not self.online

    def conflicts(self, limit: int = 500) -> list[Any]:
        return []

    def resend_conflict(self, request_id: uuid.UUID, staff_id: str | None = None) -> Any:
        self.calls.append(FakeCall("resend_conflict", (request_id,), staff_id))

    def settle_conflict(self, request_id: uuid.UUID, staff_id: str, reason: str) -> Any:
        self.calls.append(FakeCall("settle_conflict", (request_id, reason), staff_id))

    def note_reader_state(self, state: str) -> None:
        self.reader_state = state

    def note_staff(self, staff_id: str | None) -> None:
        self.logged_in_staff = staff_id

    def subscribe(self, callback: Callable[[SyncStatus], None]) -> None:
        self.subscribers.append(callback)

    def publish(self) -> None:
        """Call the subscribers from a foreign thread, like the sync worker does."""
        status = self.status()
        thread = threading.Thread(target=lambda: [cb(status) for cb in list(self.subscribers)])
        thread.start()
        thread.join()

    def retry_now(self) -> None:
        pass

    def outbox_entries(self, states=None, limit: int = 500) -> list[Any]:
        return []

    def scan_entries(self, limit: int = 500) -> list[Any]:
        return []

    # cash shifts: FakeSync keeps none (cash_shifts is False, so no screen asks); FakeCashSync does
    def cash_shift_entries(self, limit: int = 5000) -> list[Any]:
        return []

    def open_cash_shift(self, staff_id: str, opening_float_cents: int) -> SubmitResult:
        raise NotImplementedError("FakeSync keeps no cash shifts: use FakeCashSync")

    def close_cash_shift(self, staff_id: str, counted: dict, *, shift_id: Any = None,
                         reason: str | None = None) -> SubmitResult:
        raise NotImplementedError("FakeSync keeps no cash shifts: use FakeCashSync")

    def move_cash(self, staff_id: str, shift_id: Any, amount_cents: int, direction: str,
                  reason: str) -> SubmitResult:
        raise NotImplementedError("FakeSync keeps no cash shifts: use FakeCashSync")

    def calls_named(self, name: str) -> list[FakeCall]:
        return [c for c in self.calls if c.name == name]


class FakeCashSync(FakeSync):
    """FakeSync with cash shifts, for the checkpoint's shift flow: the shift requests and the
    recharges are written to a real outbox (sync.outbox on a store in `store_dir`) and answered
    at once like a server would (`online`), or left queued (offline); the figures the screens
    show are then worked out by the real sync.cash_shift code."""

    def __init__(self, store_dir: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cash_shifts = True
        from sync.outbox import Outbox
        from sync.store import LocalStore

        self.store = LocalStore(f"{store_dir}/fake-kiosk.sqlite3").open()
        self.outbox = Outbox(self.store)
        self.open_refusal: dict | None = None  # the next open is answered with this refusal

    def _answer(self, entry: Any, data: dict, ok: bool = True) -> None:
        with self.store.write() as conn:
            conn.exec_driver_sql("UPDATE outbox SET state = 'in_flight' WHERE seq = ?", (entry.seq,))
        result = (BackendResult(ok=True, data=data) if ok
                  else BackendResult.failure(data.get("error_code", "INVALID_REQUEST"), "refused", data=data))
        self.outbox.close([(entry, result)], live=True)

    def _enqueue(self, kind: str, payload: dict, amount: int, staff_id: str, card: str | None = None):
        from sync.ids import new_request_id

        rid = new_request_id()
        return self.outbox.enqueue(kind, {"p_client_request_id": str(rid), "p_staff_id": staff_id, **payload},
                                   request_id=rid, captured_at=datetime.now(UTC), card_uid=card,
                                   amount_cents=amount, staff_id=staff_id, offline=not self.online)

    def cash_shift_entries(self, limit: int = 5000) -> list[Any]:
        return self.outbox.entries(None, limit)

    def open_cash_shift(self, staff_id: str, opening_float_cents: int) -> SubmitResult:
        self.calls.append(FakeCall("open_cash_shift", (opening_float_cents,), staff_id))
        entry = self._enqueue("open_cash_shift", {"p_opening_float_cents": opening_float_cents},
                              opening_float_cents, staff_id)
        if not self.online:
            return submit_result(Outcome.OFFLINE_ACCEPTED, request_id=entry.request_id)
        if self.open_refusal is not None:
            refusal, self.open_refusal = self.open_refusal, None
            self._answer(entry, refusal, ok=False)
            return submit_result(Outcome.REJECTED, error_code=refusal.get("error_code"),
                                 message=refusal.get("message", ""), data=refusal,
                                 request_id=entry.request_id)
        data = {"success": True, "shift_id": str(entry.request_id), "staff_id": staff_id,
                "opening_float_cents": opening_float_cents, "verified": True}
        self._answer(entry, data)
        return submit_result(Outcome.COMPLETED, data=data, request_id=entry.request_id)

    def submit_recharge(self, card_uid: str, amount_cents: int, method: str, staff_id: str):
        result = super().submit_recharge(card_uid, amount_cents, method, staff_id)
        if result.outcome is Outcome.COMPLETED:
            entry = self._enqueue("recharge", {"p_card_uid": card_uid, "p_amount_cents": amount_cents,
                                               "p_payment_method": method}, amount_cents, staff_id, card_uid)
            self._answer(entry, {"success": True, "card_uid": card_uid})
        return result

    def close_cash_shift(self, staff_id: str, counted: dict, *, shift_id=None, reason=None) -> SubmitResult:
        from sync.cash_shift import CashCount, current_shift

        self.calls.append(FakeCall("close_cash_shift", (dict(counted), shift_id, reason), staff_id))
        from sync.cash_shift import open_shifts

        count = CashCount.checked(counted, self.config.event.cash_denominations)
        fields = {"p_counted_cash_cents": count.total_cents, "p_counted": count.as_payload()}
        if shift_id is None:
            shift = current_shift(self.cash_shift_entries(), staff_id)
        else:
            shifts = open_shifts(self.cash_shift_entries())
            shift = next((s for s in shifts if s.shift_id == str(shift_id)), None)
            fields |= {"p_shift_id": str(shift_id), "p_reason": reason}
        entry = self._enqueue("close_cash_shift", fields, count.total_cents, staff_id)
        if not self.online:
            return submit_result(Outcome.OFFLINE_ACCEPTED, request_id=entry.request_id)
        if shift is None:
            data = {"success": False, "error_code": "INVALID_REQUEST", "problem": "no_open_shift",
                    "message": "no open cash shift"}
            self._answer(entry, data, ok=False)
            return submit_result(Outcome.REJECTED, error_code="INVALID_REQUEST", message=data["message"],
                                 data=data)
        data = {"success": True, "shift_id": shift.shift_id, "staff_id": shift.staff_id,
                "closed_by": staff_id, "opening_float_cents": shift.opening_float_cents,
                "cash_recharges_cents": shift.cash_recharges_cents,
                "card_recharges_cents": shift.card_recharges_cents, "cash_voided_cents": 0,
                "moved_to_safe_cents": shift.moved_to_safe_cents,
                "moved_from_safe_cents": shift.moved_from_safe_cents,
                "expected_cash_cents": shift.expected_cash_cents,
                "counted_cash_cents": count.total_cents,
                "difference_cents": count.total_cents - shift.expected_cash_cents,
                "verified": True}
        self._answer(entry, data)
        return submit_result(Outcome.COMPLETED, data=data, request_id=entry.request_id)

    def move_cash(self, staff_id: str, shift_id, amount_cents: int, direction: str,
                  reason: str) -> SubmitResult:
        from sync.cash_shift import shift_figures

        self.calls.append(FakeCall("move_cash", (str(shift_id), amount_cents, direction, reason), staff_id))
        entry = self._enqueue("move_cash", {"p_shift_id": str(shift_id), "p_amount_cents": amount_cents,
                                            "p_direction": direction, "p_reason": reason},
                              amount_cents, staff_id)
        if not self.online:
            return submit_result(Outcome.OFFLINE_ACCEPTED, request_id=entry.request_id)
        self._answer(entry, {"success": True, "shift_id": str(shift_id)})
        opened = next(e for e in self.cash_shift_entries()
                      if e.kind == "open_cash_shift" and str(e.request_id) == str(shift_id))
        figures = shift_figures(self.cash_shift_entries(), str(shift_id), opened.staff_id)
        data = {"success": True, "shift_id": str(shift_id), "amount_cents": amount_cents,
                "direction": direction, "expected_cash_cents": figures.expected_cash_cents}
        return submit_result(Outcome.COMPLETED, data=data, request_id=entry.request_id)

    def close(self) -> None:
        self.store.close()
