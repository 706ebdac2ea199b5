"""A night of festival traffic through the real stored functions, for the report and review
tests: online and offline bar orders (overdrafts included) from the bar kiosk's own login,
card and cash recharges from the checkpoint's (each hour one cash shift, opened with a float
and closed with an honest count), Stripe top-ups, declines, supervisor voids
and self-voids, and a lost-card transfer. `spread_over_hours` then moves each hour's rows
back in time as one block (as the owner, with the ledger's append-only trigger paused for that
statement only), so that the night has several hours without changing any balance."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

import psycopg
from psycopg.types.json import Jsonb

from sql import demo_set
from tests.sql.contract import count_drawer

MENU = {
    "beer": 500,
    "soft": 300,
    "water": 200,
    "wine": 600,
    "cocktail": 900,
    "cup-deposit": 100,
    "cup-return": -100,
}
FUNDED_CARDS = [demo_set.demo_card_uid(n) for n in demo_set.FUNDED_CARDS]
EMPTY_CARDS = [demo_set.demo_card_uid(n) for n in demo_set.EMPTY_CARDS]


@dataclass
class Workload:
    orders: int = 0
    offline_orders: int = 0
    recharges: int = 0
    declines: int = 0
    voids: int = 0
    self_voids: int = 0
    shifts: int = 0
    order_ids: list[uuid.UUID] = field(default_factory=list)


def call(conn: psycopg.Connection, function: str, **args: object) -> dict:
    names = ", ".join(f"{k} => %({k})s" for k in args)
    values = {k: Jsonb(v) if isinstance(v, list | dict) else v for k, v in args.items()}
    return conn.execute(f"SELECT {function}({names})", values).fetchone()[0]


def bar_order(conn: psycopg.Connection, card: str, items: dict[str, int], offline: bool = False) -> dict:
    request = uuid.uuid4()
    answer = call(
        conn,
        "sp_process_bar_order",
        p_client_request_id=request,
        p_card_uid=card,
        p_items=[{"product_id": p, "quantity": q} for p, q in items.items()],
        p_expected_total_cents=sum(MENU[p] * q for p, q in items.items()),
        p_point_of_sale_id="bar-main",
        p_device_id="kiosk-bar-1",
        p_staff_id="staff-bar-1",
        p_offline=offline,
    )
    answer["request"] = request
    return answer


def run_hour(
    kiosk_url: str, checkpoint_url: str, db_url: str, rng: random.Random, work: Workload, orders: int = 40
) -> None:
    with (
        psycopg.connect(kiosk_url, autocommit=True) as bar,
        psycopg.connect(checkpoint_url, autocommit=True) as checkpoint,
        psycopg.connect(db_url, autocommit=True) as owner,
    ):
        for _ in range(orders):
            items = {
                p: rng.randint(1, 3)
                for p in rng.sample(["beer", "soft", "water", "wine", "cocktail"], rng.randint(1, 2))
            }
            if rng.random() < 0.3:
                items["cup-deposit"] = 1
            if rng.random() < 0.15:
                items["cup-return"] = 1
            offline = rng.random() < 0.15
            card = rng.choice(EMPTY_CARDS if offline and rng.random() < 0.5 else FUNDED_CARDS)
            answer = bar_order(bar, card, items, offline)
            if answer["success"]:
                work.orders += 1
                work.offline_orders += offline
                work.order_ids.append(answer["request"])
            else:
                work.declines += 1
        login = call(checkpoint, "sp_staff_login", p_device_id="kiosk-checkpoint-1",
                     p_staff_id="staff-cashier-1", p_pin="234567")
        assert login["success"] and login["open_cash_shift"] is None, login
        drawer = 10000 + 1000 * work.shifts  # the float (no draw: the night's random sequence stays)
        opened = call(
            checkpoint,
            "sp_open_cash_shift",
            p_client_request_id=uuid.uuid4(),
            p_device_id="kiosk-checkpoint-1",
            p_staff_id="staff-cashier-1",
            p_opening_float_cents=drawer,
        )
        assert opened["success"], opened
        work.shifts += 1
        for _ in range(8):
            card = rng.choice(FUNDED_CARDS + EMPTY_CARDS)
            amount = rng.choice([500, 1000, 2000])
            method = rng.choice(["cash", "card"])
            answer = call(
                checkpoint,
                "sp_process_checkpoint_recharge",
                p_client_request_id=uuid.uuid4(),
                p_card_uid=card,
                p_amount_cents=amount,
                p_payment_method=method,
                p_checkpoint_id="checkpoint-1",
                p_device_id="kiosk-checkpoint-1",
                p_staff_id="staff-cashier-1",
            )
            work.recharges += bool(answer["success"])
            work.declines += not answer["success"]
            drawer += answer["amount_cents"] if answer["success"] and method == "cash" else 0
        counted = count_drawer(drawer)
        closed = call(
            checkpoint,
            "sp_close_cash_shift",
            p_client_request_id=uuid.uuid4(),
            p_device_id="kiosk-checkpoint-1",
            p_staff_id="staff-cashier-1",
            p_counted_cash_cents=drawer,
            p_counted={str(d): n for d, n in counted.items()},
        )
        assert closed["success"] and closed["difference_cents"] == 0, closed
        answer = call(
            owner,
            "sp_process_stripe_recharge",
            p_stripe_session_id=f"cs_{uuid.uuid4().hex}",
            p_card_uid=rng.choice(FUNDED_CARDS),
            p_amount_cents=1500,
        )
        work.recharges += bool(answer["success"])
        # a self-void from the bar (its own recent request) and a supervisor's void by the owner
        if work.order_ids:
            target = work.order_ids.pop(rng.randrange(len(work.order_ids)))
            answer = call(
                bar,
                "sp_void_request",
                p_client_request_id=target,
                p_device_id="kiosk-bar-1",
                p_staff_id="staff-bar-1",
                p_reason="answer lost, refused at the kiosk",
            )
            if answer["success"]:
                work.voids += 1
                work.self_voids += 1
        if work.order_ids:
            target = work.order_ids.pop(rng.randrange(len(work.order_ids)))
            answer = call(
                owner,
                "sp_void_request",
                p_client_request_id=target,
                p_device_id="kiosk-bar-1",
                p_staff_id="staff-super-1",
                p_reason="wrong drink",
            )
            work.voids += bool(answer["success"])


def spread_over_hours(db_url: str, hours_back: int, anchor: datetime) -> None:
    """Move every row written since the last call back as one block, so that it starts 5
    minutes into the hour `hours_back` hours before `anchor`'s hour: each block gets an hour
    of its own whatever the wall clock did meanwhile (a run across 05:00 once left a gap)."""
    with psycopg.connect(db_url) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS workload_shifted (entry_id bigint PRIMARY KEY)")
        (shift,) = conn.execute(
            "SELECT min(received_at) - (date_trunc('hour', %s::timestamptz) + interval '5 minutes'"
            "                            - make_interval(hours => %s))"
            "  FROM ledger WHERE kind <> 'initial'"
            "   AND entry_id NOT IN (SELECT entry_id FROM workload_shifted)",
            (anchor, int(hours_back)),
        ).fetchone()
        if shift is None:
            return
        conn.execute("ALTER TABLE ledger DISABLE TRIGGER ledger_append_only")
        conn.execute("""
            WITH fresh AS (
              SELECT entry_id FROM ledger WHERE kind <> 'initial'
                 AND entry_id NOT IN (SELECT entry_id FROM workload_shifted)
            ), moved AS (
              UPDATE ledger SET received_at = received_at - %(shift)s, captured_at = captured_at - %(shift)s
               WHERE entry_id IN (SELECT entry_id FROM fresh) RETURNING entry_id
            )
            INSERT INTO workload_shifted SELECT entry_id FROM moved""", {"shift": shift})
        conn.execute("ALTER TABLE ledger ENABLE TRIGGER ledger_append_only")
        for table, columns in (
            ("orders", ("received_at", "captured_at")),
            ("recharges", ("received_at", "captured_at")),
            ("voids", ("created_at",)),
            ("idempotency_records", ("created_at",)),
            ("cash_shifts", ("open_received_at", "opened_at", "closed_at", "close_received_at")),
            ("cash_moves", ("moved_at",)),
        ):
            assignments = ", ".join(f"{c} = {c} - %(shift)s" for c in columns)
            conn.execute(
                f"UPDATE {table} SET {assignments} WHERE {columns[0]} > now() - interval '10 minutes'",
                {"shift": shift},
            )


def festival_night(
    kiosk_url: str,
    checkpoint_url: str,
    db_url: str,
    hours: int = 4,
    seed: int = 13,
    orders_per_hour: int = 40,
) -> Workload:
    """`hours` hours of traffic, the first one `hours` hours ago, then a lost-card transfer."""
    rng = random.Random(seed)
    work = Workload()
    anchor = datetime.now(UTC)
    for hour in range(hours):
        run_hour(kiosk_url, checkpoint_url, db_url, rng, work, orders_per_hour)
        spread_over_hours(db_url, hours - hour, anchor)
    with psycopg.connect(db_url, autocommit=True) as owner:
        answer = owner.execute(
            "SELECT admin_transfer_card('04DE0000000077', '04DE0000000088',"
            " 'lost at the bar', 'test operator')"
        ).fetchone()[0]
        assert answer["success"], answer
    return work
