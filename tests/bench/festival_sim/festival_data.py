"""The simulated festival: which kiosks, places, staff and cards exist, and writing them into
the database as superuser (the demo seed has only one bar and one checkpoint).

Cards get UIDs `05` + 12 hex digits; the hot card is `05FFFFFFFFFFFF`. Initial balances are
written with an `initial` ledger entry each, so balance = Σ ledger holds from the start.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass

import bcrypt
import psycopg

from sql.devices import enrol_postgres
from tests.bench.festival_sim.config import SimConfig

HOT_CARD_UID = "05FFFFFFFFFFFF"
KIOSKS_PER_BAR = 4
KIOSKS_PER_CHECKPOINT = 2
PRODUCTS = (  # product_id, name, price_cents, category, kind
    ("beer", "Beer", 500, "drinks", "sale"),
    ("soft", "Soft drink", 300, "drinks", "sale"),
    ("water", "Water", 200, "drinks", "sale"),
    ("wine", "Wine", 600, "drinks", "sale"),
    ("cocktail", "Cocktail", 900, "drinks", "sale"),
    ("cup-deposit", "Cup deposit", 100, "cups", "deposit"),
    ("cup-return", "Cup return", -100, "cups", "return"),
)
EVENT = {
    "currency": "EUR",
    "max_balance_cents": 50000,
    "offline_card_limit_cents": 3000,
    "offline_device_limit_cents": 50000,
}
SIM_PIN = b"1234"


@dataclass(frozen=True)
class KioskSpec:
    """One simulated kiosk: its device, place, staff and the worker process that runs it."""

    kiosk_id: str  # also its device_id
    role: str  # "bar" | "checkpoint"
    place_id: str  # point_of_sale_id or checkpoint_id
    staff_id: str
    supervisor_id: str
    worker: int

    def to_dict(self) -> dict:
        return asdict(self)


def card_uid(index: int) -> str:
    return f"05{index:012X}"


@dataclass(frozen=True)
class Festival:
    kiosks: tuple[KioskSpec, ...]
    card_count: int
    supervisor_id: str = "sim-super-1"

    @property
    def card_uids(self) -> list[str]:
        return [card_uid(i) for i in range(1, self.card_count + 1)]

    def kiosks_of(self, worker: int) -> list[KioskSpec]:
        return [k for k in self.kiosks if k.worker == worker]


def plan_festival(config: SimConfig) -> Festival:
    """Kiosks interleaved over workers so that killing one worker hits bars and checkpoints."""
    kiosks = []
    for i in range(config.bars):
        kiosks.append(
            KioskSpec(
                kiosk_id=f"sim-bar-{i + 1:03d}",
                role="bar",
                place_id=f"sim-pos-{i // KIOSKS_PER_BAR + 1:03d}",
                staff_id=f"sim-bartender-{i + 1:03d}",
                supervisor_id="sim-super-1",
                worker=i % config.workers,
            )
        )
    for i in range(config.checkpoints):
        kiosks.append(
            KioskSpec(
                kiosk_id=f"sim-cp-{i + 1:03d}",
                role="checkpoint",
                place_id=f"sim-checkpoint-{i // KIOSKS_PER_CHECKPOINT + 1:03d}",
                staff_id=f"sim-cashier-{i + 1:03d}",
                supervisor_id="sim-super-1",
                worker=(config.bars + i) % config.workers,
            )
        )
    return Festival(kiosks=tuple(kiosks), card_count=config.cards)


def initial_balances(festival: Festival, seed: int) -> dict[str, int]:
    """Most cards hold 10–100 € in whole euros, one in twenty is empty; the hot card is full."""
    rng = random.Random(seed)
    balances = {}
    for uid in festival.card_uids:
        balances[uid] = 0 if rng.random() < 0.05 else rng.randrange(10, 101) * 100
    balances[HOT_CARD_UID] = EVENT["max_balance_cents"]
    return balances


def blocked_cards(festival: Festival, seed: int) -> set[str]:
    """One card in a hundred is blocked (lost cards)."""
    rng = random.Random(seed + 1)
    return {uid for uid in festival.card_uids if rng.random() < 0.01}


def create_festival(superuser_url: str, festival: Festival, seed: int) -> dict[str, int]:
    """Write event, places, products, staff, devices, cards and the kiosk login role."""
    pin_hash = bcrypt.hashpw(SIM_PIN, bcrypt.gensalt(10)).decode()
    bars = sorted({k.place_id for k in festival.kiosks if k.role == "bar"})
    checkpoints = sorted({k.place_id for k in festival.kiosks if k.role == "checkpoint"})
    balances = initial_balances(festival, seed)
    blocked = blocked_cards(festival, seed)
    with psycopg.connect(superuser_url, autocommit=False) as conn, conn.cursor() as cur:
        cur.execute(
            "INSERT INTO event_settings (name, currency, max_balance_cents, offline_card_limit_cents,"
            " offline_device_limit_cents) VALUES ('Simulated festival', %(currency)s,"
            " %(max_balance_cents)s, %(offline_card_limit_cents)s, %(offline_device_limit_cents)s)"
            " ON CONFLICT (singleton) DO UPDATE SET currency = EXCLUDED.currency,"
            " max_balance_cents = EXCLUDED.max_balance_cents,"
            " offline_card_limit_cents = EXCLUDED.offline_card_limit_cents,"
            " offline_device_limit_cents = EXCLUDED.offline_device_limit_cents",
            EVENT,
        )
        cur.executemany(
            "INSERT INTO points_of_sale (point_of_sale_id, name) VALUES (%s, %s)",
            [(pos, f"Bar {pos}") for pos in bars],
        )
        cur.executemany(
            "INSERT INTO checkpoints (checkpoint_id, name) VALUES (%s, %s)",
            [(cp, f"Checkpoint {cp}") for cp in checkpoints],
        )
        cur.executemany(
            "INSERT INTO products (point_of_sale_id, product_id, name, price_cents, category, kind,"
            " sort_order) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [(pos, *product, order) for pos in bars for order, product in enumerate(PRODUCTS)],
        )
        staff = [(festival.supervisor_id, "Sim supervisor", "supervisor", pin_hash)]
        staff += [
            (k.staff_id, f"Staff {k.staff_id}", "bar" if k.role == "bar" else "cashier", pin_hash)
            for k in festival.kiosks
        ]
        cur.executemany("INSERT INTO staff (staff_id, name, role, pin_hash) VALUES (%s, %s, %s, %s)", staff)
        cur.executemany(
            "INSERT INTO devices (device_id, name, role, point_of_sale_id, checkpoint_id)"
            " VALUES (%s, %s, %s, %s, %s)",
            [
                (
                    k.kiosk_id,
                    f"Simulated {k.role} {k.kiosk_id}",
                    k.role,
                    k.place_id if k.role == "bar" else None,
                    k.place_id if k.role == "checkpoint" else None,
                )
                for k in festival.kiosks
            ],
        )
        with cur.copy("COPY cards (card_uid, status, balance_cents) FROM STDIN") as copy:
            for uid, balance in balances.items():
                copy.write_row((uid, "blocked" if uid in blocked else "active", balance))
        with cur.copy(
            "COPY ledger (card_uid, kind, amount_cents, previous_balance_cents,"
            " new_balance_cents, captured_at) FROM STDIN"
        ) as copy:
            for uid, balance in balances.items():
                if balance:
                    copy.write_row((uid, "initial", balance, 0, balance, "now"))
        # Every kiosk gets its own login role, as `festival-admin devices enrol` gives it: the
        # backend takes the device from the connection. Behind PgBouncer a client cannot send
        # `options`: the statement timeout lives on the role (enrol sets it).
        for k in festival.kiosks:
            enrol_postgres(conn, k.kiosk_id)
        conn.commit()
    return {
        "points_of_sale": len(bars),
        "checkpoints": len(checkpoints),
        "devices": len(festival.kiosks),
        "staff": len(staff),
        "cards": len(balances),
        "blocked_cards": len(blocked),
    }
