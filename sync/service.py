"""KioskSync: the one object the kiosk UI talks to for money, cards, the queue and the log.

Thread-safe: the UI calls it from worker threads (never the GUI thread: calls can wait up
to `request_timeout_s`), while its own threads replay the outbox ("sync-replay-<lane>") and
keep the caches and the scan log in step ("sync-upkeep"). Every money request is committed to the
outbox before the first byte is sent; see docs/decisions/ for the offline rules and for
what happens to a request whose answer never came.
"""

from __future__ import annotations

import dataclasses
import enum
import importlib.metadata
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection

from sync import validation
from sync.backend import Backend
from sync.card_cache import CardCache
from sync.cash_shift import DIRECTIONS, MAX_FLOAT_CENTS, CashCount
from sync.config import DeviceConfig
from sync.config_cache import ConfigCache
from sync.errors import (
    CARD_NOT_FOUND,
    NETWORK_ERROR,
    OFFLINE_REFUSED,
    SERVER_ERROR,
    UNAUTHORIZED,
    BackendUnavailable,
    CardUnknown,
    ConfigUnavailable,
    InvalidInputError,
    SyncError,
)
from sync.ids import new_request_id, parse_request_id
from sync.offline import (
    OfflineDecision,
    OfflinePolicy,
    decide_offline_order,
    decide_offline_recharge,
)
from sync.outbox import (
    BAR_ORDER,
    CLOSE_CASH_SHIFT,
    CONFLICT,
    MOVE_CASH,
    OPEN_CASH_SHIFT,
    RECHARGE,
    SHIFT_KINDS,
    VOID,
    Outbox,
    OutboxEntry,
)
from sync.periodic import PeriodicWorker
from sync.replay import REPLAY_POLICY, ReplayWorker
from sync.result import BackendResult
from sync.retry import RetryPolicy, call_with_retries
from sync.scan_log import ScanEntry, ScanLog
from sync.sender import OutboxSender
from sync.status import StatusBoard, StatusCallback, SyncStatus
from sync.store import LocalStore

__all__ = [
    "CardInfo",
    "KioskSync",
    "OutboxEntry",
    "Outcome",
    "ScanEntry",
    "SubmitResult",
    "SyncStatus",
]

log = logging.getLogger(__name__)


def _app_version() -> str:
    try:
        return importlib.metadata.version("festival-kiosk")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - running from a bare tree
        return "unknown"


APP_VERSION = _app_version()
INTERACTIVE_POLICY = RetryPolicy(base_s=0.05, cap_s=0.5, max_attempts=3)
DAY_S = 86_400.0
# How long a network failure counts as "the backend is known unreachable": within it an
# interactive sale is decided offline at once; the replay worker's probe ends it sooner.
KNOWN_OFFLINE_S = 60.0
# How often a request waiting behind a cash-shift request (or a shift request waiting for
# older rows) looks whether the replay worker has sent them.
QUEUE_POLL_S = 0.02
# Scan-log status of a tap submitted with its request, by outcome (updated once it is known).
_SCAN_STATUS_SENT = "sent"


class Outcome(enum.Enum):
    COMPLETED = "completed"  # the backend executed it (data holds its answer)
    REJECTED = "rejected"  # the backend refused it for good (error_code, message)
    OFFLINE_ACCEPTED = "offline_accepted"  # backend unreachable; accepted and queued
    OFFLINE_REFUSED = "offline_refused"  # backend unreachable; refused by the offline rules


@dataclass(frozen=True)
class SubmitResult:
    outcome: Outcome
    request_id: uuid.UUID
    data: dict  # the backend's JSON ({} when it did not answer)
    error_code: str | None
    message: str  # for people: the reason of a refusal, or what happened
    new_balance_cents: int | None
    previous_balance_cents: int | None
    replayed: bool
    offline_rule: str | None = None  # which offline rule decided (offline outcomes only)
    offline_details: dict = field(default_factory=dict)  # its figures (cents, seconds)
    scan_id: uuid.UUID | None = None  # the tap's scan-log entry, when submitted with a scan

    @property
    def ok(self) -> bool:
        """True when the sale or recharge happened (online, or accepted offline)."""
        return self.outcome in (Outcome.COMPLETED, Outcome.OFFLINE_ACCEPTED)


@dataclass(frozen=True)
class CardInfo:
    card_uid: str
    status: str
    balance_cents: int
    recent: list[dict] = field(default_factory=list)
    from_cache: bool = False  # True: the backend was unreachable, this is the offline view


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _scan_status(result: SubmitResult) -> str:
    """The scan-log status of a tap whose request ended with `result`."""
    if result.outcome is Outcome.COMPLETED:
        return "success"
    if result.outcome is Outcome.OFFLINE_ACCEPTED:
        return "offline"
    if result.outcome is Outcome.OFFLINE_REFUSED:
        return "refused"
    code = (result.error_code or "refused").lower()
    return {"card_blocked": "blocked", "card_not_found": "unknown_card"}.get(code, code)[:32]


class KioskSync:
    """The sync facade (see the module docstring for threads); satisfies sync.port.KioskPort."""

    cash_shifts = True  # checkpoints open and close cash shifts through it

    def __init__(
        self,
        backend: Backend,
        store_path: Path | str | None,
        device_id: str,
        *,
        request_timeout_s: float = 3.0,
        offline_cash_recharge: bool = True,
        offline_card_recharge: bool = False,
        interactive_policy: RetryPolicy = INTERACTIVE_POLICY,
        replay_policy: RetryPolicy = REPLAY_POLICY,
        replay_call_timeout_s: float = 10.0,
        replay_idle_poll_s: float = 5.0,
        batch_size: int = 200,
        replay_lanes: int = 2,
        upkeep_interval_s: float = 30.0,
        config_refresh_interval_s: float = 300.0,
        heartbeat_interval_s: float = 60.0,
        scan_retention_s: float = 7 * DAY_S,
        outbox_retention_s: float = 30 * DAY_S,
        known_offline_s: float = KNOWN_OFFLINE_S,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.backend = backend
        self.device_id = validation.text_id(device_id, "device id")
        self.request_timeout_s = request_timeout_s
        self.offline_policy = OfflinePolicy(offline_cash_recharge, offline_card_recharge)
        self.interactive_policy = interactive_policy
        self.config_refresh_interval_s = config_refresh_interval_s
        self.heartbeat_interval_s = heartbeat_interval_s
        self.scan_retention_s = scan_retention_s
        self.outbox_retention_s = outbox_retention_s
        self.known_offline_s = known_offline_s
        self.clock = clock
        self.store = LocalStore(store_path)
        self.outbox = Outbox(self.store, clock)
        self.cards = CardCache(self.store, clock)
        self.config_cache = ConfigCache(self.store)
        self.scans = ScanLog(self.store, clock)
        self._status = StatusBoard(self.outbox, clock, self._cache_age)
        self.sender = OutboxSender(
            backend, self.outbox, self.cards, self._status, batch_size=batch_size, lanes=replay_lanes
        )
        self.replay = ReplayWorker(
            self.sender,
            policy=replay_policy,
            idle_poll_s=replay_idle_poll_s,
            call_timeout_s=replay_call_timeout_s,
            probe=self.probe,
            unreachable=self.known_unreachable,
        )
        self.upkeep = PeriodicWorker("sync-upkeep", self.run_upkeep, upkeep_interval_s)
        self._status.on_back_online(self.replay.wake)
        self._config: DeviceConfig | None = None
        self._config_fetched_at: float | None = None
        # one refresh at a time: a slow answer fetched before a device was disabled must not
        # be applied after the refusal that dropped the cache
        self._config_lock = threading.Lock()
        self._last_prune: float | None = None
        self._last_heartbeat: float | None = None
        self._heartbeat_reader: str | None = None
        self._heartbeat_staff: str | None = None
        self._started = False

    # -- life cycle ---------------------------------------------------------------------------

    def open(self) -> None:
        """Open the store, put rows a crash left in flight back to pending, load the cached
        configuration. No threads, no network (start() does this first)."""
        self.store.open()
        reset = self.outbox.reset_in_flight()
        if reset:
            log.warning("%d request(s) were in flight when the kiosk stopped: sending them again", reset)
        self._config = self.config_cache.load(self.device_id)

    def start(self) -> None:
        """open(), then start the replay worker and the upkeep worker (config, card cache,
        scan upload); their first round runs at once, in the background."""
        if self._started:
            raise RuntimeError("KioskSync is already started")
        self.open()
        self._started = True
        self.replay.start()
        self.upkeep.start()

    def stop(self) -> None:
        """Stop the worker threads (about a second at most) and close the store if they ended.
        The backend belongs to the caller and stays open."""
        replay_done = self.replay.stop(0.5)
        upkeep_done = self.upkeep.stop(0.5)
        if replay_done and upkeep_done:
            self.store.close()
        else:
            log.warning("a sync worker is still waiting for the backend; leaving it to end")
        self._started = False

    def __enter__(self) -> KioskSync:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- configuration ------------------------------------------------------------------------

    @property
    def config(self) -> DeviceConfig | None:
        return self._config

    def refresh_config(self) -> DeviceConfig:
        """The device configuration from the backend if reachable, else the cached one.
        ConfigUnavailable if the backend refuses this device (the cache is then dropped:
        a disabled device must not keep selling offline) or if neither is available."""
        with self._config_lock:
            result = self._call("sp_device_config", {"p_device_id": self.device_id})
            if result.ok:
                try:
                    config = self.config_cache.save(result.data)
                except ValueError as exc:
                    raise ConfigUnavailable(f"the backend sent an unusable configuration: {exc}") from exc
                self._config = config
                self._config_fetched_at = self.clock()
                return config
            if not result.retryable:
                self._config = None
                self.config_cache.forget()
                raise ConfigUnavailable(
                    f"the backend refused this device ({self.device_id}): {result.message}",
                    result.error_code,
                )
            if self._config is None:
                self._config = self.config_cache.load(self.device_id)
            if self._config is None:
                raise ConfigUnavailable(
                    f"the backend cannot be reached ({result.message}) and this kiosk has no "
                    "saved configuration yet: connect it once to the backend",
                    result.error_code,
                )
            return self._config

    def _require_config(self, role: str) -> DeviceConfig:
        config = self._config
        if config is None:
            config = self.refresh_config()
        if config.role != role:
            raise ConfigUnavailable(
                f"this device is configured as a {config.role}, it cannot take a {role} request",
                UNAUTHORIZED,
            )
        return config

    # -- money ----------------------------------------------------------------------------------

    def submit_order(
        self,
        card_uid: str,
        items: list[dict],
        expected_total_cents: int,
        staff_id: str,
        *,
        scan_screen: str | None = None,
    ) -> SubmitResult:
        """Charge a bar order: written to the outbox, then sent (within request_timeout_s);
        if the backend cannot be reached (or is known unreachable: then at once), decided by
        the offline rules. With `scan_screen`, the tap is logged in the scan log in the same
        local transaction as the outbox row, and its status follows the outcome."""
        uid = validation.card_uid(card_uid)
        lines = validation.order_items(items)
        total = validation.cents(expected_total_cents, "the order total")
        staff = validation.text_id(staff_id, "staff id")
        config = self._require_config("bar")
        entry = self._enqueue_request(
            BAR_ORDER,
            uid,
            total,
            staff,
            {
                "p_items": lines,
                "p_expected_total_cents": total,
                "p_point_of_sale_id": config.point_of_sale_id,
            },
            scan_screen,
        )
        return self._submit(
            entry,
            lambda: decide_offline_order(
                self._config,
                self.cards.get(uid),
                lines,
                total,
                staff,
                self.outbox.offline_exposure(uid),
                cache_age_s=self.cards.age_s(),
            ),
        )

    def submit_recharge(
        self,
        card_uid: str,
        amount_cents: int,
        method: str,
        staff_id: str,
        *,
        scan_screen: str | None = None,
    ) -> SubmitResult:
        """Recharge a card (method "cash" or "card"), like submit_order."""
        uid = validation.card_uid(card_uid)
        amount = validation.cents(amount_cents, "the amount", positive=True)
        pay = validation.payment_method(method)
        staff = validation.text_id(staff_id, "staff id")
        config = self._require_config("checkpoint")
        entry = self._enqueue_request(
            RECHARGE,
            uid,
            amount,
            staff,
            {"p_amount_cents": amount, "p_payment_method": pay, "p_checkpoint_id": config.checkpoint_id},
            scan_screen,
        )
        return self._submit(
            entry,
            lambda: decide_offline_recharge(
                self._config,
                self.cards.get(uid),
                amount,
                pay,
                staff,
                self.outbox.offline_exposure(uid),
                self.offline_policy,
                cache_age_s=self.cards.age_s(),
            ),
        )

    def _enqueue_request(
        self,
        kind: str,
        card_uid: str,
        amount_cents: int,
        staff_id: str,
        fields: dict,
        scan_screen: str | None = None,
    ) -> tuple[OutboxEntry, uuid.UUID | None]:
        """A new request id and the request's full arguments, committed to the outbox in flight
        (owned by this caller) before anything is sent, with the tap's scan in the same
        transaction when `scan_screen` is given. The argument names follow the contract
        functions' parameters, in their order."""
        if scan_screen is not None and not isinstance(scan_screen, str):
            raise InvalidInputError(f"a scan's screen must be text, not {scan_screen!r}")
        request_id = new_request_id()
        captured_at = datetime.now(UTC)
        payload = {
            "p_client_request_id": str(request_id),
            "p_card_uid": card_uid,
            **fields,
            "p_device_id": self.device_id,
            "p_staff_id": staff_id,
            "p_captured_at": captured_at.isoformat(),
        }
        with self.store.write() as conn:
            entry = self.outbox.enqueue(
                kind,
                payload,
                request_id=request_id,
                captured_at=captured_at,
                card_uid=card_uid,
                amount_cents=amount_cents,
                staff_id=staff_id,
                in_flight=True,
                conn=conn,
            )
            scan_id = None
            if scan_screen is not None:
                scan_id = self.scans.append(
                    card_uid, _SCAN_STATUS_SENT, scan_screen, request_id, conn=conn
                )
        return entry, scan_id

    def _submit(
        self, queued: tuple[OutboxEntry, uuid.UUID | None], decide: Callable[[], OfflineDecision]
    ) -> SubmitResult:
        entry, scan_id = queued
        result = self._submit_entry(entry, decide)
        if scan_id is not None:
            self.scans.set_status(scan_id, _scan_status(result))
            result = dataclasses.replace(result, scan_id=scan_id)
        return result

    def _submit_entry(self, entry: OutboxEntry, decide: Callable[[], OfflineDecision]) -> SubmitResult:
        self._status.changed()
        if self.known_unreachable():
            # decide at once: the replay worker's probe finds out when the backend is back
            result = BackendResult.failure(
                NETWORK_ERROR, "the backend is known to be unreachable", request_sent=False
            )
        else:
            deadline = time.monotonic() + self.request_timeout_s
            if self._wait_for_barrier(entry, deadline):
                result = self.sender.send_owned(entry, deadline, self.interactive_policy)
            else:
                # an open (or close) of a cash shift is still waiting for the server: sending
                # this request past it would reach the server first (a cash recharge would be
                # refused "open a cash shift first"); it is queued behind it instead
                result = BackendResult.failure(
                    NETWORK_ERROR, "a cash-shift request is still waiting for the server",
                    request_sent=False,
                )
        if result.answered:
            data = result.data
            return SubmitResult(
                outcome=Outcome.COMPLETED if result.ok else Outcome.REJECTED,
                request_id=entry.request_id,
                data=data,
                error_code=result.error_code,
                message=result.message,
                new_balance_cents=_int_or_none(data.get("new_balance_cents")),
                previous_balance_cents=_int_or_none(data.get("previous_balance_cents")),
                replayed=bool(data.get("replayed", False)),
            )
        # No answer: the row is still in flight and ours, so nobody sends it meanwhile.
        try:
            decision = decide()
        except Exception as exc:  # a broken cache must not leave the row in flight
            log.exception("offline decision failed")
            decision = OfflineDecision.refuse("error", f"the offline check failed: {exc}")
        if decision.accepted:
            self.outbox.release(entry, result, offline=True)
        else:
            self._abandon(entry, result, decision.reason)
        self._status.changed()
        self.replay.wake()
        return SubmitResult(
            outcome=Outcome.OFFLINE_ACCEPTED if decision.accepted else Outcome.OFFLINE_REFUSED,
            request_id=entry.request_id,
            data={},
            error_code=None if decision.accepted else OFFLINE_REFUSED,
            message=decision.reason,
            new_balance_cents=None,
            previous_balance_cents=None,
            replayed=False,
            offline_rule=decision.rule,
            offline_details=dict(decision.details),
        )

    def _wait_for_barrier(self, entry: OutboxEntry, deadline: float) -> bool:
        """Wait (until `deadline`) for the replay worker to get the answers of the cash-shift
        requests older than `entry` (for a shift request itself: of every older request);
        True when there are none left, so `entry` may be sent now without overtaking them."""
        waiting_for = (self.outbox.unanswered_before if entry.kind in SHIFT_KINDS
                       else self.outbox.unanswered_barrier_before)
        if waiting_for(entry.seq) is None:
            return True
        self.replay.wake()
        while time.monotonic() < deadline:
            time.sleep(QUEUE_POLL_S)
            if waiting_for(entry.seq) is None:
                return True
        return False

    # -- cash shifts ------------------------------------------------------------------------------

    def open_cash_shift(self, staff_id: str, opening_float_cents: int) -> SubmitResult:
        """Open `staff_id`'s cash shift on this checkpoint with the counted float. The shift
        id is the request id (known before the server answers). Queued like a recharge when
        the backend cannot be reached (OFFLINE_ACCEPTED; replayed with p_offline, dated by
        its capture time), and sent before any later request. REJECTED with data["problem"]
        "shift_already_open" names the server's open shift (data: shift_id, opened_at,
        opening_float_cents) for the kiosk to adopt."""
        staff = validation.text_id(staff_id, "staff id")
        opening = validation.cents(opening_float_cents, "the opening float")
        if not 0 <= opening <= MAX_FLOAT_CENTS:
            raise InvalidInputError(f"an opening float is 0 to {MAX_FLOAT_CENTS} cents, not {opening}")
        self._require_config("checkpoint")
        return self._submit_shift(OPEN_CASH_SHIFT, staff, opening,
                                  {"p_opening_float_cents": opening}, captured=True)

    def close_cash_shift(
        self,
        staff_id: str,
        counted: dict[int, int],
        *,
        shift_id: uuid.UUID | str | None = None,
        reason: str | None = None,
    ) -> SubmitResult:
        """Close a cash shift with the drawer's count by denomination ({cents: count}). Without
        `shift_id`: `staff_id`'s own open shift on this device; with it (a supervisor closing
        for a cashier who left) a `reason` is required. Queued offline like the open; sent
        only after every older request of this kiosk (so the shift's recharges come first)."""
        staff = validation.text_id(staff_id, "staff id")
        config = self._require_config("checkpoint")
        count = CashCount.checked(counted, config.event.cash_denominations)
        fields: dict = {"p_counted_cash_cents": count.total_cents, "p_counted": count.as_payload()}
        if shift_id is not None:
            if not isinstance(reason, str) or not reason.strip():
                raise InvalidInputError("closing another person's shift needs a reason")
            fields["p_shift_id"] = str(parse_request_id(shift_id))
            fields["p_reason"] = reason.strip()[:500]
        return self._submit_shift(CLOSE_CASH_SHIFT, staff, count.total_cents, fields, captured=True)

    def move_cash(
        self, staff_id: str, shift_id: uuid.UUID | str, amount_cents: int, direction: str, reason: str
    ) -> SubmitResult:
        """A supervisor moves cash between shift `shift_id`'s drawer and the safe ("to_safe" or
        "from_safe"); queued like the other shift requests when the backend is unreachable."""
        staff = validation.text_id(staff_id, "staff id")
        amount = validation.cents(amount_cents, "the amount", positive=True)
        if direction not in DIRECTIONS:
            raise InvalidInputError(f"a cash move goes {' or '.join(DIRECTIONS)}, not {direction!r}")
        if not isinstance(reason, str) or not reason.strip():
            raise InvalidInputError("a cash move needs a reason")
        self._require_config("checkpoint")
        fields = {
            "p_shift_id": str(parse_request_id(shift_id)),
            "p_amount_cents": amount,
            "p_direction": direction,
            "p_reason": reason.strip()[:500],
        }
        return self._submit_shift(MOVE_CASH, staff, amount, fields, captured=False)

    def _submit_shift(
        self, kind: str, staff: str, amount: int, fields: dict, *, captured: bool
    ) -> SubmitResult:
        """Commit a shift request to the outbox (owned, in flight), wait for the older rows it
        must not overtake, send it; without an answer in time it goes back to the queue as
        offline (it then replays with p_offline and its p_captured_at)."""
        request_id = new_request_id()
        captured_at = datetime.now(UTC)
        payload = {"p_client_request_id": str(request_id), "p_device_id": self.device_id,
                   "p_staff_id": staff, **fields}
        if captured:
            payload["p_captured_at"] = captured_at.isoformat()
        entry = self.outbox.enqueue(
            kind, payload, request_id=request_id, captured_at=captured_at, amount_cents=amount,
            staff_id=staff, in_flight=True,
        )
        return self._submit_entry(entry, OfflineDecision.accept)

    def cash_shift_entries(self, limit: int = 5000) -> list[OutboxEntry]:
        """This kiosk's outbox rows a shift's figures are worked out from (newest first)."""
        return self.outbox.entries(None, limit)

    def _abandon(self, entry: OutboxEntry, result: BackendResult, reason: str) -> None:
        """A request refused offline must never take effect. If it may have reached the
        server, a void follows it (same card, later in the queue): it reverses the request
        if it was executed, or makes a late arrival answer REQUEST_VOIDED."""
        with self.store.write() as conn:
            self.outbox.void_locally(
                entry.seq, OFFLINE_REFUSED, reason, maybe_sent=result.request_sent, conn=conn
            )
            if result.request_sent:
                self._enqueue_void(
                    conn,
                    entry.request_id,
                    entry.card_uid,
                    entry.staff_id or "",
                    f"refused offline after the online attempt got no answer ({reason})",
                )

    def _enqueue_void(
        self,
        conn: Connection,
        target: uuid.UUID,
        card_uid: str | None,
        staff_id: str,
        reason: str,
        *,
        in_flight: bool = False,
    ) -> OutboxEntry:
        captured_at = datetime.now(UTC)
        return self.outbox.enqueue(
            VOID,
            {
                "p_client_request_id": str(target),
                "p_device_id": self.device_id,
                "p_staff_id": staff_id,
                "p_reason": reason,
            },
            request_id=new_request_id(),
            captured_at=captured_at,
            card_uid=card_uid,
            staff_id=staff_id,
            target_request_id=target,
            in_flight=in_flight,
            conn=conn,
        )

    def void_request(self, request_id: uuid.UUID, staff_id: str, reason: str) -> BackendResult:
        """Void a request (supervisors): a pending row of this kiosk is voided locally at once
        and never sent; the void itself is queued like any request and sent now if possible.
        A retryable result means it is queued and will be sent when the backend is back.
        Given the id of a void row of this kiosk, voids that void's target."""
        target = parse_request_id(request_id)
        staff = validation.text_id(staff_id, "staff id")
        if not isinstance(reason, str) or not reason.strip():
            raise InvalidInputError("a void needs a reason")
        original = self.outbox.get(target)
        if original is not None and original.kind == VOID and original.target_request_id is not None:
            # "void this" on a void the backend refused (e.g. it was queued by a bar kiosk
            # without a supervisor): void its target again, as this staff member.
            target = original.target_request_id
            original = self.outbox.get(target)
        with self.store.write() as conn:
            if original is not None:
                self.outbox.void_locally(original.seq, "VOIDED", reason.strip(), conn=conn)
            void = self._enqueue_void(
                conn, target, original.card_uid if original else None, staff, reason.strip(), in_flight=True
            )
        deadline = time.monotonic() + self.request_timeout_s
        result = self.sender.send_owned(void, deadline, self.interactive_policy)
        if not result.answered:
            self.outbox.release(void, result, offline=False)
            self.replay.wake()
        self._status.changed()
        return result

    # -- cards ------------------------------------------------------------------------------------

    def card_info(self, card_uid: str) -> CardInfo:
        """The card's status, balance and recent entries from the backend; offline, the cached
        view (minus what this kiosk sold offline). CardUnknown / BackendUnavailable otherwise."""
        uid = validation.card_uid(card_uid)
        result = self._call("sp_card_status", {"p_card_uid": uid})
        if result.ok:
            data = result.data
            self.cards.learn_now(uid, result)
            recent = data.get("recent")
            return CardInfo(
                card_uid=uid,
                status=str(data.get("status", "active")),
                balance_cents=_int_or_none(data.get("balance_cents")) or 0,
                recent=list(recent) if isinstance(recent, list) else [],
                from_cache=False,
            )
        if result.error_code == CARD_NOT_FOUND:
            self.cards.learn_now(uid, result)
            raise CardUnknown(f"unknown card {uid}")
        if not result.retryable:
            raise SyncError(result.message, result.error_code)
        cached = self.cards.get(uid)
        if cached is None:
            raise BackendUnavailable(
                f"the backend cannot be reached ({result.message}) and card {uid} is not in the "
                "offline cache"
            )
        exposure = self.outbox.offline_exposure(uid)
        return CardInfo(
            card_uid=uid,
            status=cached.status,
            balance_cents=cached.balance_cents - exposure.card_debits_cents + exposure.card_credits_cents,
            recent=[],
            from_cache=True,
        )

    def set_card_status(self, card_uid: str, status: str, staff_id: str, reason: str) -> BackendResult:
        """Block or unblock a card (supervisors; online only, not queued)."""
        uid = validation.card_uid(card_uid)
        new_status = validation.card_status(status)
        staff = validation.text_id(staff_id, "staff id")
        result = self._call(
            "sp_set_card_status",
            {
                "p_card_uid": uid,
                "p_status": new_status,
                "p_device_id": self.device_id,
                "p_staff_id": staff,
                "p_reason": str(reason or ""),
            },
        )
        if result.ok:
            self.cards.set_status(uid, new_status)
        return result

    # -- scan log -------------------------------------------------------------------------------

    def log_scan(
        self, card_uid: str | None, status: str, screen: str, request_id: uuid.UUID | None = None
    ) -> uuid.UUID:
        """Log one tap locally (uploaded in the background); returns its scan id. A UID that
        is not valid hex (a garbled read) is kept in the scan's context, not as its card."""
        uid: str | None = None
        context: dict = {}
        if card_uid is not None:
            try:
                uid = validation.card_uid(card_uid)
            except InvalidInputError:
                context["raw_uid"] = str(card_uid)[:64]
        return self.scans.append(uid, status, screen, request_id, context=context)

    def scan_entries(self, limit: int = 500) -> list[ScanEntry]:
        return self.scans.entries(limit)

    # -- queue and status -------------------------------------------------------------------------

    def status(self) -> SyncStatus:
        return self._status.snapshot()

    def subscribe(self, callback: StatusCallback) -> None:
        """`callback(SyncStatus)` on every change, from a sync thread (route it to the GUI
        thread with a Qt signal)."""
        self._status.subscribe(callback)

    def retry_now(self) -> None:
        """Send the queue and refresh the caches now instead of after the backoff."""
        self.replay.wake()
        self.upkeep.wake()

    def outbox_entries(self, states: Iterable[str] | None = None, limit: int = 500) -> list[OutboxEntry]:
        return self.outbox.entries(states, limit)

    # -- conflicts ------------------------------------------------------------------------------

    def conflicts(self, limit: int = 500) -> list[OutboxEntry]:
        """Requests the backend refused when nobody was there to see it (newest first): each
        with its error_code, the backend's message in `response`, and its audit trail."""
        return self.outbox.entries([CONFLICT], limit)

    def resend_conflict(self, request_id: uuid.UUID, staff_id: str | None = None) -> OutboxEntry:
        """Send conflict `request_id` again, with the same request id (after its cause was
        fixed: a staff member re-enabled, a card unblocked...). The replay worker sends it at
        once; if the backend executed it meanwhile, the idempotent answer closes it. Recorded
        in the row's audit. InvalidInputError if it is not a conflict of this kiosk."""
        target = parse_request_id(request_id)
        staff = validation.text_id(staff_id, "staff id") if staff_id is not None else None
        try:
            entry = self.outbox.resend_conflict(target, staff)
        except ValueError as exc:
            raise InvalidInputError(str(exc)) from None
        self._status.changed()
        self.replay.wake()
        return entry

    def settle_conflict(self, request_id: uuid.UUID, staff_id: str, reason: str) -> OutboxEntry:
        """Close conflict `request_id` for good, settled by supervisor `staff_id` with
        `reason` (e.g. "paid in cash at the bar"); recorded locally with who, when and why,
        and never sent again. InvalidInputError if it is not a conflict, or without a reason
        or a supervisor."""
        target = parse_request_id(request_id)
        staff = validation.text_id(staff_id, "staff id")
        if not isinstance(reason, str) or not reason.strip():
            raise InvalidInputError("settling a conflict needs a reason")
        member = self._config.staff_member(staff) if self._config is not None else None
        if member is None or member.role not in ("supervisor", "admin"):
            raise InvalidInputError(f"only a supervisor of this device may settle a conflict, not {staff!r}")
        try:
            entry = self.outbox.settle_conflict(target, staff, reason.strip()[:500])
        except ValueError as exc:
            raise InvalidInputError(str(exc)) from None
        self._status.changed()
        return entry

    # -- staff ------------------------------------------------------------------------------------

    def staff_login(self, staff_id: str, pin: str) -> BackendResult:
        """Ask the server to check `staff_id`'s PIN (sp_staff_login). ok: data has "staff_id",
        "name", "role", "session_id", "expires_at". UNAUTHORIZED or LOGIN_LOCKED (data
        "retry_after_s") are final answers: never fall back to the offline check after them.
        A retryable result means the server could not be asked (at once while the backend is
        known unreachable): the caller may use the offline check where it is allowed.
        The PIN is never logged or stored."""
        staff = validation.text_id(staff_id, "staff id")
        if not isinstance(pin, str) or not pin.isdigit() or not 4 <= len(pin) <= 12:
            raise InvalidInputError("a PIN is 4 to 12 digits")
        if self.known_unreachable():
            return BackendResult.failure(
                NETWORK_ERROR, "the backend is known to be unreachable", request_sent=False
            )
        result = self._call(
            "sp_staff_login", {"p_device_id": self.device_id, "p_staff_id": staff, "p_pin": pin}
        )
        if result.ok:
            if result.data.get("staff_id") != staff or not isinstance(result.data.get("session_id"), str):
                return BackendResult.failure(
                    SERVER_ERROR, f"sp_staff_login answered outside the contract: {str(result.data)[:200]!r}"
                )
            self._heartbeat_staff = staff
        return result

    def staff_logout(self, session_id: uuid.UUID | str | None) -> BackendResult | None:
        """End a server-verified staff session (sp_staff_logout); None without a session.
        A failure is harmless (the server ends sessions on its own) and only logged."""
        self._heartbeat_staff = None
        if session_id is None:
            return None
        session = parse_request_id(session_id)
        result = self._call("sp_staff_logout", {"p_device_id": self.device_id, "p_session_id": str(session)})
        if not result.ok:
            log.info("staff logout not confirmed by the backend: %s", result.message)
        return result

    # -- heartbeat --------------------------------------------------------------------------------

    def note_reader_state(self, state: str) -> None:
        """What the card reader is doing ("ready", "lost", ...), for the next heartbeat."""
        self._heartbeat_reader = str(state)[:64]

    def note_staff(self, staff_id: str | None) -> None:
        """Who is logged in (None: nobody), for the next heartbeat."""
        self._heartbeat_staff = staff_id

    def heartbeat_status(self) -> dict:
        """sp_device_heartbeat's p_status: what the operator sees in `devices list`."""
        pending, oldest_age, conflicts = self.outbox.counts()
        oldest_at = None
        if oldest_age is not None:
            oldest_at = datetime.fromtimestamp(self.clock() - oldest_age, UTC).isoformat()
        return {
            "app_version": APP_VERSION,
            "outbox_pending": pending,
            "oldest_pending_at": oldest_at,
            "conflicts": conflicts,
            "reader_state": self._heartbeat_reader,
            "staff_id": self._heartbeat_staff,
        }

    def send_heartbeat(self) -> BackendResult:
        """One sp_device_heartbeat call; any refusal (UNAUTHORIZED, a backend without the
        function) is harmless and only logged."""
        result = self._call(
            "sp_device_heartbeat", {"p_device_id": self.device_id, "p_status": self.heartbeat_status()}
        )
        if not result.ok:
            log.debug("heartbeat not recorded: %s", result.message)
        self._last_heartbeat = self.clock()
        return result

    # -- reachability ---------------------------------------------------------------------------

    def known_unreachable(self) -> bool:
        """True while the last call found the backend unreachable (for at most
        known_offline_s, after which an interactive sale tries the network again)."""
        age = self._status.unreachable_for_s()
        return age is not None and age < self.known_offline_s

    def probe(self) -> BackendResult:
        """One cheap call to learn whether the backend is reachable (the replay worker calls
        it while the backend is known unreachable and the queue is empty)."""
        return self._call("sp_device_config", {"p_device_id": self.device_id})

    def _cache_age(self) -> tuple[float | None, float | None]:
        config = self._config
        if config is None or not self.store.is_open:
            return None, None
        return self.cards.age_s(), float(config.event.offline_cache_max_age_s)

    # -- background upkeep --------------------------------------------------------------------------

    def run_upkeep(self) -> None:
        """One round: configuration (every config_refresh_interval_s), card cache, scan
        upload, heartbeat (every heartbeat_interval_s), pruning (hourly). Runs on the
        "sync-upkeep" thread."""
        now = self.clock()
        if self._config_fetched_at is None or now - self._config_fetched_at >= self.config_refresh_interval_s:
            try:
                self.refresh_config()
            except ConfigUnavailable as exc:
                log.warning("%s", exc)
        self.refresh_cards()
        self.upload_scans()
        if self._last_heartbeat is None or now - self._last_heartbeat >= self.heartbeat_interval_s:
            self.send_heartbeat()
        if self._last_prune is None or now - self._last_prune >= 3600:
            self._last_prune = now
            self.scans.prune(self.scan_retention_s)
            self.outbox.prune(self.outbox_retention_s)

    def refresh_cards(self) -> int | None:
        """Fetch the cards changed since the last refresh; returns how many, None if the
        backend did not answer."""
        result = self._call(
            "sp_cards_changed_since", {"p_device_id": self.device_id, "p_since": self.cards.as_of()}
        )
        if not result.ok:
            return None
        cards = result.data.get("cards")
        as_of = result.data.get("as_of")
        if not isinstance(cards, list) or not isinstance(as_of, str):
            log.error("sp_cards_changed_since answered outside the contract: %r", str(result.data)[:200])
            return None
        return self.cards.apply_changes(cards, as_of)

    def upload_scans(self, batch_size: int = 500) -> int:
        """Upload the scan log's waiting entries; returns how many were uploaded."""
        uploaded, failure = self.scans.upload(
            lambda scans: self._call("sp_log_nfc_scans", {"p_device_id": self.device_id, "p_scans": scans}),
            batch_size,
        )
        if failure is not None and failure.answered:
            log.error("the backend refused the scan log upload: %s", failure.message)
        return uploaded

    def _call(self, function: str, args: dict) -> BackendResult:
        """A direct (not queued) call with narrow retries within request_timeout_s."""
        deadline = time.monotonic() + self.request_timeout_s
        result = call_with_retries(
            lambda remaining: self.backend.call(function, args, timeout_s=remaining),
            self.interactive_policy,
            deadline,
        )
        self._status.record(result)
        return result
