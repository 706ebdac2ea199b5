"""The demo data set of DESIGN.md (`festival-admin seed-demo`, `festival-kiosk --demo`).

`seed_demo(url)` runs the operator's real path in one transaction: `event apply` of the demo
event file shipped in the package (sql/demo_event.toml), `cards import` of the 100 demo
cards with their initial balances and statuses, and `staff set-pin` for staff who have no
PIN yet. It is safe to run again: the event applies as "no changes", known cards are left
alone and PINs already set are kept, so a second run inserts nothing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

from sql.cards_admin import CardLine, import_cards
from sql.demo_set import (
    BAR_DEVICE_ID,
    BLOCKED_CARDS,
    CHECKPOINT_DEVICE_ID,
    CHECKPOINT_ID,
    DEMO_CARD_COUNT,
    EMPTY_CARDS,
    FUNDED_CARDS,
    POINT_OF_SALE_ID,
    STAFF,
    DemoStaff,
    demo_card_uid,
)
from sql.event_file import apply_event
from sql.event_schema import read_event_file
from sql.staff_admin import hash_pin, set_pin

DEMO_EVENT_FILE = Path(__file__).with_name("demo_event.toml")
PIN_HASH_ROUNDS = 10
REFUND_DEADLINE_AFTER = timedelta(days=30)

__all__ = ["BAR_DEVICE_ID", "CHECKPOINT_DEVICE_ID", "CHECKPOINT_ID", "POINT_OF_SALE_ID", "STAFF",
           "DemoStaff", "demo_card_uid", "demo_cards", "hash_pin", "seed_demo"]


def demo_cards() -> list[dict]:
    """001–080 active with 2000 cents, 081–090 active with 0, 091–100 blocked with 1000."""
    cards = []
    for number in range(1, DEMO_CARD_COUNT + 1):
        if number in FUNDED_CARDS:
            status, balance = "active", 2_000
        elif number in EMPTY_CARDS:
            status, balance = "active", 0
        else:
            assert number in BLOCKED_CARDS
            status, balance = "blocked", 1_000
        cards.append({"card_uid": demo_card_uid(number), "printed_code": f"DEMO-{number:03d}",
                      "status": status, "balance_cents": balance})
    return cards


def seed_demo(database_url: str) -> dict[str, int]:
    """Load the demo set; returns how many rows of each kind this run inserted."""
    spec = read_event_file(DEMO_EVENT_FILE)
    with psycopg.connect(database_url) as conn:
        row = conn.execute("SELECT refund_deadline FROM event_settings").fetchone()
        deadline = row[0] if row and row[0] else (
            datetime.now(UTC).replace(second=0, microsecond=0) + REFUND_DEADLINE_AFTER)
        spec = replace(spec, event=spec.event.model_copy(update={"refund_deadline": deadline}))
        plan = apply_event(conn, spec)
        cards = demo_cards()
        result = import_cards(conn, [CardLine(n, c["card_uid"], c["printed_code"])
                                     for n, c in enumerate(cards, start=2)], "demo cards",
                              want_new_uids=True)
        ledger = _initial_balances(conn, cards, result.new_uids)
        without_pin = {r[0] for r in conn.execute("SELECT staff_id FROM staff WHERE NOT pin_set")}
        for person in STAFF:
            if person.staff_id in without_pin:
                set_pin(conn, person.staff_id, person.pin)
    return {
        "event_settings": plan.added("event"),
        "points_of_sale": plan.added("point of sale"),
        "checkpoints": plan.added("checkpoint"),
        "devices": plan.added("device"),
        "staff": plan.added("staff"),
        "products": plan.added("product"),
        "cards": result.imported,
        "ledger": ledger,
    }


def _initial_balances(conn: psycopg.Connection, cards: list[dict], new_uids: set[str]) -> int:
    """Status and balance of the cards this run created, each balance with its initial
    ledger row; cards that existed before are left alone."""
    rows = [c for c in cards if c["card_uid"] in new_uids]
    with conn.cursor() as cursor:
        cursor.executemany("UPDATE cards SET status = %s, balance_cents = %s WHERE card_uid = %s",
                           [(c["status"], c["balance_cents"], c["card_uid"]) for c in rows])
        funded = [c for c in rows if c["balance_cents"]]
        cursor.executemany(
            "INSERT INTO ledger (card_uid, kind, amount_cents, previous_balance_cents, new_balance_cents,"
            " captured_at) VALUES (%s, 'initial', %s, 0, %s, now())",
            [(c["card_uid"], c["balance_cents"], c["balance_cents"]) for c in funded])
    return len(funded)
