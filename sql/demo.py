"""The demo data set of DESIGN.md (`festival-admin seed-demo`, `festival-kiosk --demo`).

`seed_demo(url)` loads it into a migrated database in one transaction and is safe to run
again: existing rows are left alone, so a second run inserts nothing. PINs are stored as
bcrypt hashes (cost 10) because kiosks verify them offline.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import bcrypt
import psycopg
from psycopg.types.json import Jsonb

SEED_SQL = Path(__file__).with_name("demo_seed.sql")
PIN_HASH_ROUNDS = 10

EVENT = {
    "name": "Demo Festival",
    "currency": "EUR",
    "max_balance_cents": 50_000,
    "offline_card_limit_cents": 3_000,
    "offline_device_limit_cents": 50_000,
}
POINT_OF_SALE_ID = "bar-main"
CHECKPOINT_ID = "checkpoint-1"
BAR_DEVICE_ID = "kiosk-bar-1"
CHECKPOINT_DEVICE_ID = "kiosk-checkpoint-1"


@dataclass(frozen=True)
class DemoStaff:
    staff_id: str
    name: str
    role: str
    pin: str


@dataclass(frozen=True)
class DemoProduct:
    product_id: str
    name: str
    price_cents: int
    category: str
    kind: str = "sale"


STAFF = (
    DemoStaff("staff-bar-1", "Bar One", "bar", "1234"),
    DemoStaff("staff-cashier-1", "Cashier One", "cashier", "234567"),
    DemoStaff("staff-super-1", "Supervisor One", "supervisor", "999999"),
)

PRODUCTS = (
    DemoProduct("beer", "Beer", 500, "alcohol"),
    DemoProduct("soft", "Soft drink", 300, "soft"),
    DemoProduct("water", "Water", 200, "soft"),
    DemoProduct("wine", "Wine", 600, "alcohol"),
    DemoProduct("cocktail", "Cocktail", 900, "alcohol"),
    DemoProduct("cup-deposit", "Cup deposit", 100, "cups", "deposit"),
    DemoProduct("cup-return", "Cup return", -100, "cups", "return"),
)


def demo_card_uid(number: int) -> str:
    """Card 1..100 of the demo set: 04DE0000000001 … 04DE0000000100 (14 hex digits)."""
    return f"04DE{number:010d}"


def demo_cards() -> list[dict]:
    """001–080 active with 2000 cents, 081–090 active with 0, 091–100 blocked with 1000."""
    cards = []
    for number in range(1, 101):
        if number <= 80:
            status, balance = "active", 2_000
        elif number <= 90:
            status, balance = "active", 0
        else:
            status, balance = "blocked", 1_000
        cards.append(
            {
                "card_uid": demo_card_uid(number),
                "printed_code": f"DEMO-{number:03d}",
                "status": status,
                "balance_cents": balance,
            }
        )
    return cards


def hash_pin(pin: str) -> str:
    return bcrypt.hashpw(pin.encode(), bcrypt.gensalt(rounds=PIN_HASH_ROUNDS)).decode()


def demo_document() -> dict:
    """The whole demo set as the JSON document demo_seed.sql reads."""
    return {
        "event": EVENT,
        "points_of_sale": [{"point_of_sale_id": POINT_OF_SALE_ID, "name": "Main bar"}],
        "checkpoints": [{"checkpoint_id": CHECKPOINT_ID, "name": "Checkpoint 1"}],
        "devices": [
            {"device_id": BAR_DEVICE_ID, "name": "Bar kiosk 1", "role": "bar",
             "point_of_sale_id": POINT_OF_SALE_ID, "checkpoint_id": None},
            {"device_id": CHECKPOINT_DEVICE_ID, "name": "Checkpoint kiosk 1",
             "role": "checkpoint", "point_of_sale_id": None, "checkpoint_id": CHECKPOINT_ID},
        ],
        "staff": [
            {"staff_id": s.staff_id, "name": s.name, "role": s.role, "pin_hash": hash_pin(s.pin)}
            for s in STAFF
        ],
        "products": [
            {"point_of_sale_id": POINT_OF_SALE_ID, "product_id": p.product_id, "name": p.name,
             "price_cents": p.price_cents, "category": p.category, "kind": p.kind,
             "sort_order": order}
            for order, p in enumerate(PRODUCTS, start=1)
        ],
        "cards": demo_cards(),
    }


def seed_demo(database_url: str) -> dict[str, int]:
    """Load the demo set; returns how many rows of each kind this run inserted."""
    with psycopg.connect(database_url) as conn:
        cursor = conn.execute(SEED_SQL.read_text(), {"demo": Jsonb(demo_document())})
        row = cursor.fetchone()
        names = [column.name for column in cursor.description]
    return dict(zip(names, row, strict=True))
