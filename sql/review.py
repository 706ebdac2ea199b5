"""`festival-admin review`: everything that needs a person, oldest first, each with what to do
about it. Exit code 0 when there is nothing to review, 1 when there is.

Looked at: offline sales the backend refused past a limit (conflicts) and the conflicts kiosks
report in their heartbeats; overdrafts outstanding; self-voids above a per-staff threshold;
devices silent for more than five minutes with requests still in their outbox; enabled staff
without a PIN and enabled devices without a credential; Stripe payments that could not be
credited (the attendee must be refunded by a person); cash shifts: differences beyond the
event's cash_difference_tolerance_cents, shifts adjusted after their close, unverified shifts,
shifts still open and cash recharges that belong to no shift.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg

from sql.fleet import device_heartbeats

DEFAULT_SELF_VOID_THRESHOLD = 3


@dataclass(frozen=True)
class ReviewItem:
    since: datetime | None
    kind: str
    subject: str
    what_to_do: str

    def line(self) -> str:
        when = self.since.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if self.since else "                "
        return f"{when}  [{self.kind}] {self.subject}: {self.what_to_do}"


def review_items(
    conn: psycopg.Connection, self_void_threshold: int = DEFAULT_SELF_VOID_THRESHOLD
) -> list[ReviewItem]:
    items: list[ReviewItem] = []
    for request, device, card, at, message in conn.execute(
        "SELECT client_request_id, coalesce(device_id, '?'), coalesce(card_uid, '?'), created_at,"
        " response ->> 'message' FROM idempotency_records"
        " WHERE NOT succeeded AND NOT voided AND response ->> 'error_code' = 'OFFLINE_LIMIT_EXCEEDED'"
        " ORDER BY created_at"
    ):
        items.append(
            ReviewItem(
                at,
                "conflict",
                f"offline sale {request} from {device} on card {card} refused",
                f"{message}; a supervisor settles it on the kiosk (resend after a recharge, or void it)",
            )
        )
    for beat in device_heartbeats(conn):
        if beat.conflicts:
            items.append(
                ReviewItem(
                    beat.received_at,
                    "conflict",
                    f"device {beat.device_id} holds {beat.conflicts} conflict(s)",
                    "a supervisor resolves them on that kiosk's conflict list",
                )
            )
        if beat.silent and beat.outbox_pending:
            oldest = (
                f", the oldest from {beat.oldest_pending_at.astimezone(UTC):%H:%M}"
                if beat.oldest_pending_at
                else ""
            )
            items.append(
                ReviewItem(
                    beat.received_at,
                    "silent device",
                    f"device {beat.device_id} silent for {(beat.silent_for_s or 0) / 60:.0f} min"
                    f" with {beat.outbox_pending} request(s) not yet sent{oldest}",
                    "bring it back on the network (its sales reach the ledger only then);"
                    " never reset its outbox",
                )
            )
    for card, balance, since in conn.execute(
        "SELECT card_uid, balance_cents, overdraft_flagged_at FROM cards WHERE balance_cents < 0"
        " ORDER BY overdraft_flagged_at, card_uid"
    ):
        items.append(
            ReviewItem(
                since,
                "overdraft",
                f"card {card} owes {-balance} cents",
                "collect it with a recharge at a checkpoint (kiosks flag the card)",
            )
        )
    for staff_id, count, first in conn.execute(
        "SELECT staff_id, count(*), min(created_at) FROM voids WHERE self_void GROUP BY staff_id"
        " HAVING count(*) > %s ORDER BY min(created_at)",
        (self_void_threshold,),
    ):
        items.append(
            ReviewItem(
                first,
                "self-voids",
                f"staff {staff_id} made {count} self-voids (threshold {self_void_threshold})",
                "ask them what happened; `festival-admin report` lists them",
            )
        )
    for (staff_id,) in conn.execute("SELECT staff_id FROM staff WHERE enabled AND NOT pin_set ORDER BY 1"):
        items.append(
            ReviewItem(
                None, "no PIN", f"staff {staff_id} cannot log in", f"festival-admin staff set-pin {staff_id}"
            )
        )
    for (device_id,) in conn.execute(
        "SELECT device_id FROM devices WHERE enabled AND credential_kind IS NULL ORDER BY 1"
    ):
        items.append(
            ReviewItem(
                None,
                "no credential",
                f"device {device_id} cannot connect",
                f"festival-admin devices enrol {device_id} ...",
            )
        )
    items.extend(_cash_items(conn))
    items.extend(_stripe_items(conn))
    return sorted(items, key=lambda i: (i.since is None, i.since or datetime.min.replace(tzinfo=UTC)))


def _stripe_items(conn: psycopg.Connection) -> list[ReviewItem]:
    """Paid Stripe sessions the webhook could not credit (unknown, blocked or full card,
    another currency), until `resolve_stripe_problem` marks them done."""
    (problems,) = conn.execute("SELECT review_stripe_problems()").fetchone()
    return [
        ReviewItem(
            datetime.fromisoformat(p["created_at"]),
            "stripe",
            f"paid session {p['stripe_session_id']} of {p['amount_cents']} cents"
            f" {p.get('currency') or ''} for card {p.get('card_uid') or '?'}"
            f" not credited ({p['error_code']})",
            "refund the attendee in Stripe's dashboard (or credit the card by hand), then mark it"
            f" resolved: SELECT resolve_stripe_problem({p['problem_id']}, 'refunded')",
        )
        for p in problems
    ]


def _cash_items(conn: psycopg.Connection) -> list[ReviewItem]:
    """Cash shifts: differences beyond the event's tolerance (live figures, late replays
    included), shifts adjusted after their close, unverified shifts, shifts still open, and
    cash recharges that belong to no shift; each with a name, a time and an amount."""
    items = []
    for shift, device, cashier, closed_by, closed, expected, counted, difference, tolerance in conn.execute(
        "SELECT s.shift_id, s.device_id, s.staff_id, s.closed_by, s.closed_at, f.expected_cash_cents,"
        " s.counted_cash_cents, s.counted_cash_cents - f.expected_cash_cents,"
        " e.cash_difference_tolerance_cents"
        " FROM cash_shifts s CROSS JOIN LATERAL cash_shift_figures(s.shift_id) f"
        " CROSS JOIN event_settings e"
        " WHERE s.closed_at IS NOT NULL"
        "   AND abs(s.counted_cash_cents - f.expected_cash_cents) > e.cash_difference_tolerance_cents"
        " ORDER BY s.closed_at"
    ):
        by = "" if closed_by == cashier else f", closed by {closed_by}"
        items.append(
            ReviewItem(
                closed,
                "cash difference",
                f"shift {shift} of {cashier} on {device}{by}: counted {counted} cents, expected {expected},"
                f" {difference:+} cents (tolerance {tolerance})",
                "recount the drawer with the cashier and a supervisor; ask them what happened",
            )
        )
    for shift, device, cashier, adjusted, expected, at_close, difference, difference_at_close in conn.execute(
        "SELECT s.shift_id, s.device_id, s.staff_id, cash_shift_adjusted_at(s.shift_id),"
        " f.expected_cash_cents, s.expected_at_close_cents, s.counted_cash_cents - f.expected_cash_cents,"
        " s.difference_at_close_cents"
        " FROM cash_shifts s CROSS JOIN LATERAL cash_shift_figures(s.shift_id) f"
        " WHERE cash_shift_adjusted_at(s.shift_id) IS NOT NULL ORDER BY 4"
    ):
        items.append(
            ReviewItem(
                adjusted,
                "shift adjusted after close",
                f"shift {shift} of {cashier} on {device}: requests captured during it arrived after its"
                f" close; expected now {expected} cents (at the close {at_close}), difference now"
                f" {difference:+} (at the close {difference_at_close:+})",
                "the close-out slip is out of date: tell the cashier's supervisor the new figures",
            )
        )
    for shift, device, cashier, opened, open_verified, close_verified, counted in conn.execute(
        "SELECT shift_id, device_id, staff_id, opened_at, open_verified, close_verified, counted_cash_cents"
        " FROM cash_shifts WHERE NOT open_verified OR NOT close_verified ORDER BY opened_at"
    ):
        how = " and ".join(
            w for w, unverified in (("opened", not open_verified), ("closed", close_verified is False))
            if unverified
        )
        amount = f", counted {counted} cents" if counted is not None else ""
        items.append(
            ReviewItem(
                opened,
                "unverified shift",
                f"shift {shift} of {cashier} on {device} was {how} without a session the server"
                f" verified (offline){amount}",
                "a supervisor confirms its float and count with the cashier",
            )
        )
    for shift, device, cashier, opened, opening_float in conn.execute(
        "SELECT shift_id, device_id, staff_id, opened_at, opening_float_cents FROM cash_shifts"
        " WHERE closed_at IS NULL ORDER BY opened_at"
    ):
        items.append(
            ReviewItem(
                opened,
                "shift still open",
                f"shift {shift} of {cashier} on {device} is open (float {opening_float} cents)",
                "the cashier closes it with a count; for a cashier who left, a supervisor closes it"
                " on that kiosk with a reason",
            )
        )
    for request, device, cashier, captured, amount in conn.execute(
        "SELECT client_request_id, device_id, staff_id, captured_at, amount_cents FROM recharges"
        " WHERE shift_id IS NULL AND payment_method = 'cash' ORDER BY captured_at"
    ):
        items.append(
            ReviewItem(
                captured,
                "shift-less cash",
                f"cash recharge {request} of {amount} cents by {cashier} on {device} belongs to no shift",
                "find the drawer it went into with the cashier; count it in that shift's difference",
            )
        )
    return items


def register(sub: Any) -> None:
    """`festival-admin review`."""
    p = sub.add_parser("review", help="what needs a person, oldest first; exit code 1 when anything does")
    p.add_argument(
        "--self-void-threshold",
        type=int,
        default=DEFAULT_SELF_VOID_THRESHOLD,
        help=f"self-voids per staff member before they are listed (default {DEFAULT_SELF_VOID_THRESHOLD})",
    )
    p.add_argument("--database-url", required=True, help="postgresql://user@host:port/dbname")
    p.set_defaults(func=_cmd_review)


def _cmd_review(args: Any) -> None:
    from sql.admin import AdminError

    if args.self_void_threshold < 0:
        raise AdminError("--self-void-threshold must be 0 or more")
    with psycopg.connect(args.database_url) as conn:
        items = review_items(conn, args.self_void_threshold)
    if not items:
        print("nothing to review")
        return
    print(f"{len(items)} item(s) need a person, oldest first:")
    for item in items:
        print(item.line())
    raise AdminError(f"{len(items)} item(s) to review")
