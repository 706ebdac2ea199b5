"""The end-of-run proof: every kiosk's outbox and scan log against the database.

Reads the outbox files with the sync package's own store code (after the workers stopped) and
the database as superuser. Each invariant is reported as pass/fail with what it counted and
up to ten examples of what broke it.
"""

from __future__ import annotations

import bisect
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from sync.outbox import BAR_ORDER, CONFLICT, DONE, IN_FLIGHT, PENDING, REJECTED, VOID, VOIDED, Outbox
from sync.scan_log import ScanLog
from sync.store import LocalStore

# refused by the backend: live (rejected) or found later (a conflict for a supervisor)
REFUSED = (REJECTED, CONFLICT)

EXAMPLES = 10
KNOWN_VOID_CONFLICTS = frozenset({"INSUFFICIENT_FUNDS"})
# Refusals a festival produces on its own; any other code means a bug somewhere.
BUSINESS_REFUSALS = frozenset(
    {"INSUFFICIENT_FUNDS", "CARD_BLOCKED", "CARD_NOT_FOUND", "BALANCE_LIMIT_EXCEEDED"}
)
ALL = 10**9
SHIFT_OPERATIONS = frozenset({"open_cash_shift", "close_cash_shift", "move_cash"})


@dataclass
class Invariant:
    name: str
    checked: int = 0
    failures: int = 0
    examples: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return self.failures == 0 and self.checked > 0

    def fail(self, message: str) -> None:
        self.failures += 1
        if len(self.examples) < EXAMPLES:
            self.examples.append(message)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "passed": self.passed,
            "checked": self.checked,
            "failures": self.failures,
            "examples": self.examples,
            "counts": self.counts,
        }


@dataclass
class KioskRecords:
    """What one kiosk's store holds at the end."""

    kiosk_id: str
    outbox: list  # OutboxEntry
    scans: list  # ScanEntry
    scans_not_uploaded: int


def read_kiosk_store(kiosk_id: str, path: Path) -> KioskRecords:
    store = LocalStore(path).open()
    try:
        entries = Outbox(store).entries(None, ALL)
        scan_log = ScanLog(store)
        scans = scan_log.entries(ALL)
        _, not_uploaded = scan_log.count()
    finally:
        store.close()
    return KioskRecords(kiosk_id, entries, scans, not_uploaded)


@dataclass
class Database:
    """The rows the checks need, read in one repeatable-read snapshot."""

    idempotency: dict[str, tuple]  # rid -> (operation, succeeded, voided, error_code)
    orders: dict[str, tuple]  # rid -> (order_id, card, pos, device, total, offline, overdraft, voided)
    recharges: dict[str, tuple]  # rid -> (recharge_id, card, device, amount, voided)
    ledger_by_request: Counter  # (rid, kind) -> entries
    voids: dict[str, str]  # target rid -> outcome
    cards: dict[str, tuple]  # uid -> (balance, overdraft_flagged, ledger_sum, chain_breaks)
    negative_entries: list[tuple]  # (entry_id, kind, offline, order overdraft flag)
    pos_totals: dict[str, tuple]  # pos -> (orders total, lines total, ledger total)
    scan_ids: dict[str, str]  # scan_id -> device_id
    max_balance_cents: int
    offline_card_limit_cents: int


def read_database(url: str) -> Database:
    with psycopg.connect(url) as conn:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        q = conn.execute
        idem = {
            str(r[0]): r[1:]
            for r in q(
                "SELECT client_request_id, operation, succeeded, voided, response->>'error_code'"
                " FROM idempotency_records"
            )
        }
        orders = {
            str(r[0]): r[1:]
            for r in q(
                "SELECT client_request_id, order_id, card_uid, point_of_sale_id, device_id, total_cents,"
                " offline, overdraft, voided_at IS NOT NULL FROM orders"
            )
        }
        recharges = {
            str(r[0]): r[1:]
            for r in q(
                "SELECT client_request_id, recharge_id, card_uid, device_id, amount_cents,"
                " voided_at IS NOT NULL FROM recharges"
            )
        }
        ledger_by_request = Counter(
            {
                (str(r[0]), r[1]): r[2]
                for r in q(
                    "SELECT client_request_id, kind, count(*) FROM ledger"
                    " WHERE client_request_id IS NOT NULL GROUP BY 1, 2"
                )
            }
        )
        voids = {str(r[0]): r[1] for r in q("SELECT target_request_id, outcome FROM voids")}
        cards = {
            r[0]: r[1:]
            for r in q(
                "WITH chain AS ("
                "  SELECT card_uid, amount_cents, previous_balance_cents,"
                "         lag(new_balance_cents) OVER (PARTITION BY card_uid ORDER BY entry_id) AS before"
                "  FROM ledger)"
                " SELECT c.card_uid, c.balance_cents, c.overdraft_flagged_at IS NOT NULL,"
                "        coalesce(sum(chain.amount_cents), 0),"
                "        count(*) FILTER (WHERE chain.before IS NOT NULL"
                "                         AND chain.before <> chain.previous_balance_cents)"
                " FROM cards c LEFT JOIN chain USING (card_uid) GROUP BY c.card_uid"
            )
        }
        negative = list(
            q(
                "SELECT l.entry_id, l.kind, l.offline, o.overdraft FROM ledger l"
                " LEFT JOIN orders o USING (order_id)"
                " WHERE l.new_balance_cents < 0 AND l.amount_cents < 0"
            )
        )
        pos_totals = {
            r[0]: r[1:]
            for r in q(
                "SELECT o.point_of_sale_id,"
                "  sum(o.total_cents) FILTER (WHERE o.voided_at IS NULL),"
                "  sum((SELECT sum(line_total_cents) FROM order_lines ol WHERE ol.order_id = o.order_id))"
                "    FILTER (WHERE o.voided_at IS NULL),"
                "  -sum((SELECT sum(amount_cents) FROM ledger l WHERE l.order_id = o.order_id))"
                " FROM orders o GROUP BY 1"
            )
        }
        scan_ids = {str(r[0]): r[1] for r in q("SELECT scan_id, device_id FROM nfc_scans")}
        max_balance, card_limit = q(
            "SELECT max_balance_cents, offline_card_limit_cents FROM event_settings"
        ).fetchone()
    return Database(
        idem, orders, recharges, ledger_by_request, voids, cards, negative, pos_totals, scan_ids,
        max_balance, card_limit,
    )  # fmt: skip


@dataclass(frozen=True)
class KillWindow:
    """Kiosks of `worker` were killed at `at` (Unix time)."""

    worker: int
    at: float


def check_all(
    db: Database,
    kiosks: list[KioskRecords],
    taps: list[dict],
    kiosk_worker: dict[str, int],
    kills: list[KillWindow],
    error_events: list[dict],
    pgbouncer_problems: list[str],
) -> list[Invariant]:
    return [
        check_no_errors(kiosks, taps, error_events, pgbouncer_problems),
        check_exactly_once(db, kiosks),
        check_drained(kiosks),
        check_kiosk_knows(kiosks, taps),
        check_balances(db),
        check_overdrafts(db),
        check_point_of_sale_totals(db, kiosks),
        check_scan_log(db, kiosks, taps, kiosk_worker, kills),
    ]


def _void_rows_by_target(kiosks: list[KioskRecords]) -> dict[str, list]:
    by_target: dict[str, list] = defaultdict(list)
    for kiosk in kiosks:
        for entry in kiosk.outbox:
            if entry.kind == VOID and entry.target_request_id is not None:
                by_target[str(entry.target_request_id)].append(entry)
    return by_target


def check_exactly_once(db: Database, kiosks: list[KioskRecords]) -> Invariant:
    """Every request id is applied exactly once, or is finally rejected/voided as its kiosk knows."""
    inv = Invariant("every request applied exactly once, or rejected/voided as its kiosk knows")
    states: Counter = Counter()
    voids_by_target = _void_rows_by_target(kiosks)
    known: set[str] = set()
    for kiosk in kiosks:
        for e in kiosk.outbox:
            rid = str(e.request_id)
            known.add(rid)
            if e.kind == VOID:
                continue
            inv.checked += 1
            states[f"{e.kind}:{e.state}"] += 1
            if e.kind == BAR_ORDER:
                op, effect_kind = "bar_order", "order"
            else:
                op, effect_kind = "checkpoint_recharge", "recharge"
            effects = db.orders if e.kind == BAR_ORDER else db.recharges
            record = db.idempotency.get(rid)
            charged = db.ledger_by_request.get((rid, effect_kind), 0)
            reversed_ = db.ledger_by_request.get((rid, "void"), 0)
            where = f"{kiosk.kiosk_id} {e.kind} {rid}"
            if charged > 1 or reversed_ > 1:
                inv.fail(f"{where}: {charged} {effect_kind} and {reversed_} void ledger entries")
                continue
            if e.state == DONE:
                if record is None or not record[1] or record[0] != op or rid not in effects or charged != 1:
                    inv.fail(f"{where}: done on the kiosk but the server shows {record}, {charged} entries")
                elif record[2]:
                    inv.fail(f"{where}: done on the kiosk but voided on the server")
                elif e.kind == BAR_ORDER and (e.response or {}).get("order_id") != effects[rid][0]:
                    inv.fail(f"{where}: kiosk recorded order {(e.response or {}).get('order_id')},"
                             f" server has {effects[rid][0]}")
            elif e.state in REFUSED:
                if record is None or record[1] or charged:
                    inv.fail(f"{where}: rejected ({e.error_code}) on the kiosk, server shows {record},"
                             f" {charged} entries")
                elif record[3] != e.error_code:
                    inv.fail(f"{where}: kiosk says {e.error_code}, server recorded {record[3]}")
                elif e.error_code == "IDEMPOTENCY_CONFLICT":
                    inv.fail(f"{where}: IDEMPOTENCY_CONFLICT: the kiosk resent an id with another payload")
            elif e.state == VOIDED:
                applied_live = record is not None and record[1] and not record[2]
                if applied_live:
                    # The kiosk knows only if its void was refused for a business reason (the
                    # card no longer holds the money to take back): a conflict for a supervisor.
                    refusals = {v.error_code for v in voids_by_target.get(rid, []) if v.state in REFUSED}
                    if refusals and refusals <= KNOWN_VOID_CONFLICTS:
                        key = "voided locally, void refused for lack of funds (conflict shown)"
                        inv.counts[key] = inv.counts.get(key, 0) + 1
                    else:
                        inv.fail(f"{where}: voided on the kiosk ({e.error_code}) but charged on the server;"
                                 f" its void was answered {sorted(refusals) or 'never'}")
                elif record is not None and record[1] and charged != reversed_:
                    inv.fail(f"{where}: voided, but {charged} charges and {reversed_} reversals")
            else:
                continue  # pending rows: check_drained reports them
    for kiosk in kiosks:
        for e in kiosk.outbox:
            if e.kind == VOID and e.state == DONE and str(e.target_request_id) not in db.voids:
                inv.fail(f"{kiosk.kiosk_id} void {e.request_id}: done on the kiosk, no void on the server")
    # cash shifts are opened and closed by the orchestrator (festival_sim/cash.py checks them)
    phantoms = [
        rid for rid in db.idempotency if rid not in known and db.idempotency[rid][0] not in SHIFT_OPERATIONS
    ]
    for rid in phantoms:
        inv.fail(f"server recorded request {rid} that no kiosk's outbox holds")
    inv.counts.update(dict(sorted(states.items())))
    inv.counts["server idempotency records"] = len(db.idempotency)
    return inv


def check_no_errors(
    kiosks: list[KioskRecords], taps: list[dict], error_events: list[dict], pgbouncer_problems: list[str]
) -> Invariant:
    """Faults may delay requests, never break them: no exception in a kiosk, no ERROR logged by
    the sync package, no refusal other than the festival's own (funds, blocked/unknown card,
    balance limit), nothing PgBouncer complains about except server restarts."""
    inv = Invariant("no errors: only business refusals, no exceptions, no ERROR logs")
    codes: Counter = Counter()
    for kiosk in kiosks:
        for e in kiosk.outbox:
            inv.checked += 1
            if e.state in REFUSED:
                codes[f"{e.kind} {e.error_code}"] += 1
                if e.error_code not in BUSINESS_REFUSALS:
                    inv.fail(f"{kiosk.kiosk_id}: {e.kind} {e.request_id} rejected {e.error_code}:"
                             f" {(e.response or {}).get('message')}")
    for tap in taps:
        inv.checked += 1
        if tap["outcome"] == "EXCEPTION":
            inv.fail(f"{tap['k']}: tap raised {tap.get('code')}: {tap.get('msg')}")
    for event in error_events:
        inv.fail(f"{event.get('k') or event.get('logger')}: {event['e']} {event.get('msg')}")
    for line in pgbouncer_problems:
        inv.fail(f"pgbouncer: {line[:200]}")
    inv.counts.update({f"rejected {k}": n for k, n in sorted(codes.items())})
    inv.counts["error events"] = len(error_events)
    inv.counts["pgbouncer problems"] = len(pgbouncer_problems)
    return inv


def check_drained(kiosks: list[KioskRecords]) -> Invariant:
    inv = Invariant("no outbox holds a pending row after the drain")
    for kiosk in kiosks:
        for e in kiosk.outbox:
            inv.checked += 1
            if e.state in (PENDING, IN_FLIGHT):
                inv.fail(f"{kiosk.kiosk_id}: {e.kind} {e.request_id} still {e.state} ({e.last_error})")
    inv.counts["outbox rows"] = inv.checked
    return inv


def check_kiosk_knows(kiosks: list[KioskRecords], taps: list[dict]) -> Invariant:
    """What the cashier was told at the tap is durable and consistent with the final state."""
    inv = Invariant("every answered tap is in its kiosk's outbox with a consistent final state")
    rows = {str(e.request_id): e for k in kiosks for e in k.outbox}
    conflicts: Counter = Counter()
    allowed = {
        "COMPLETED": {DONE, VOIDED},
        "REJECTED": {REJECTED},
        "OFFLINE_ACCEPTED": {DONE, REJECTED, CONFLICT, VOIDED},
        "OFFLINE_REFUSED": {VOIDED},
    }
    for tap in taps:
        rid = tap.get("rid")
        if not rid:
            continue
        inv.checked += 1
        row = rows.get(rid)
        if row is None:
            inv.fail(f"{tap['k']}: tap answered {tap['outcome']} for {rid}, which no outbox holds")
            continue
        if row.state not in allowed.get(tap["outcome"], set()):
            inv.fail(f"{tap['k']}: tap answered {tap['outcome']} for {rid}, outbox says {row.state}")
        elif tap["outcome"] == "REJECTED" and row.error_code != tap.get("code"):
            inv.fail(f"{tap['k']}: tap said {tap.get('code')}, outbox says {row.error_code}")
        elif tap["outcome"] == "OFFLINE_ACCEPTED" and row.state in REFUSED:
            conflicts[row.error_code or "?"] += 1
    inv.counts.update({f"offline sale rejected later: {c}": n for c, n in conflicts.items()})
    return inv


def check_balances(db: Database) -> Invariant:
    inv = Invariant("for every card, balance = sum of its ledger")
    for uid, (balance, _flagged, ledger_sum, chain_breaks) in db.cards.items():
        inv.checked += 1
        if balance != ledger_sum:
            inv.fail(f"card {uid}: balance {balance}, ledger sums to {ledger_sum}")
        if chain_breaks:
            inv.fail(f"card {uid}: {chain_breaks} ledger entries do not start where the previous ended")
        if balance > db.max_balance_cents:
            inv.fail(f"card {uid}: balance {balance} above the event maximum {db.max_balance_cents}")
    inv.counts["cards"] = len(db.cards)
    return inv


def check_overdrafts(db: Database) -> Invariant:
    inv = Invariant("no balance below zero except recorded offline overdrafts")
    for uid, (balance, flagged, _sum, _breaks) in db.cards.items():
        inv.checked += 1
        if balance < 0 and not flagged:
            inv.fail(f"card {uid}: balance {balance} without an overdraft flag")
        if balance < -db.offline_card_limit_cents:
            inv.fail(f"card {uid}: balance {balance} beyond the offline limit")
    for entry_id, kind, offline, overdraft in db.negative_entries:
        inv.checked += 1
        if kind != "order" or not offline or not overdraft:
            inv.fail(f"ledger entry {entry_id}: went below zero as {kind}, offline={offline},"
                     f" overdraft={overdraft}")
    inv.counts["cards below zero"] = sum(1 for c in db.cards.values() if c[0] < 0)
    inv.counts["overdraft orders"] = sum(1 for o in db.orders.values() if o[6])
    inv.counts["ledger entries that went below zero"] = len(db.negative_entries)
    return inv


def check_point_of_sale_totals(db: Database, kiosks: list[KioskRecords]) -> Invariant:
    """Per bar: orders = their lines = their ledger entries = what the kiosks recorded as done."""
    inv = Invariant("totals per point of sale match the sum of their orders")
    kiosk_side: Counter = Counter()
    for kiosk in kiosks:
        for e in kiosk.outbox:
            if e.kind == BAR_ORDER and e.state == DONE:
                kiosk_side[e.payload["p_point_of_sale_id"]] += int((e.response or {}).get("total_cents", 0))
    for pos in sorted(set(db.pos_totals) | set(kiosk_side)):
        inv.checked += 1
        orders_total, lines_total, ledger_total = (int(v or 0) for v in db.pos_totals.get(pos, (0, 0, 0)))
        if not orders_total == lines_total == ledger_total == kiosk_side[pos]:
            inv.fail(f"{pos}: orders {orders_total}, lines {lines_total}, ledger {ledger_total},"
                     f" kiosks {kiosk_side[pos]}")
    inv.counts["points of sale"] = inv.checked
    inv.counts["sales total cents"] = sum(int(v[0] or 0) for v in db.pos_totals.values())
    return inv


def check_scan_log(
    db: Database,
    kiosks: list[KioskRecords],
    taps: list[dict],
    kiosk_worker: dict[str, int],
    kills: list[KillWindow],
) -> Invariant:
    """Every tap is in the server's scan log. A request whose kiosk was SIGKILLed between the
    request and the scan-log write (the screens log a tap after its answer) has no scan: those
    are counted apart, and only if a kill explains them: a kiosk serves one customer at a time,
    so only its last request before a kill of its worker can be cut short."""
    inv = Invariant("the scan log holds every tap")
    scanned_requests: set[str] = set()
    for kiosk in kiosks:
        inv.counts["scans not uploaded"] = inv.counts.get("scans not uploaded", 0) + kiosk.scans_not_uploaded
        if kiosk.scans_not_uploaded:
            inv.fail(f"{kiosk.kiosk_id}: {kiosk.scans_not_uploaded} scans never uploaded")
        for scan in kiosk.scans:
            inv.checked += 1
            if db.scan_ids.get(str(scan.scan_id)) != kiosk.kiosk_id:
                inv.fail(f"{kiosk.kiosk_id}: scan {scan.scan_id} missing on the server")
            if scan.request_id is not None:
                scanned_requests.add(str(scan.request_id))
    for tap in taps:
        if tap.get("scan"):
            inv.checked += 1
            if tap["scan"] not in db.scan_ids:
                inv.fail(f"{tap['k']}: tap scan {tap['scan']} missing on the server")
    cut_by_kill = 0
    for kiosk in kiosks:
        worker = kiosk_worker[kiosk.kiosk_id]
        requests = sorted(_uuid7_time(e.request_id) for e in kiosk.outbox if e.kind != VOID)
        last_before_kill = set()
        for kill in kills:
            if kill.worker == worker:
                i = bisect.bisect_right(requests, kill.at)
                if i:
                    last_before_kill.add(requests[i - 1])
        for e in kiosk.outbox:
            if e.kind == VOID or str(e.request_id) in scanned_requests:
                continue
            if _uuid7_time(e.request_id) in last_before_kill:
                cut_by_kill += 1
            else:
                inv.fail(f"{kiosk.kiosk_id}: request {e.request_id} has no scan and no kill explains it")
    inv.counts["scans"] = sum(len(k.scans) for k in kiosks)
    inv.counts["requests whose tap was cut by a SIGKILL before its scan was logged"] = cut_by_kill
    return inv


def _uuid7_time(request_id: uuid.UUID) -> float:
    """Creation time (Unix seconds) of a UUIDv7, from its 48-bit millisecond prefix."""
    return (request_id.int >> 80) / 1000.0
