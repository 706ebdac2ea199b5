"""Shared helpers of the sync tests: the demo data's names, orders at demo prices, a bar
order's contract arguments, a cash shift's opening call, polling, reading the ledger back, and
the crash drivers' replay policy and drain run."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import psycopg
import pytest

from sql import demo_set
from sync.ids import new_request_id
from sync.outbox import BAR_ORDER
from sync.retry import RetryPolicy

API_KEY = "test-anon-key"
BAR_DEVICE = demo_set.BAR_DEVICE_ID
CHECKPOINT_DEVICE = demo_set.CHECKPOINT_DEVICE_ID
BAR_STAFF = demo_set.BAR_STAFF_ID
BAR_POINT_OF_SALE = demo_set.POINT_OF_SALE_ID
CASHIER = demo_set.CASHIER_STAFF_ID
SUPERVISOR = demo_set.SUPERVISOR_STAFF_ID
PRICES = {"beer": 500, "soft": 300, "water": 200, "wine": 600, "cocktail": 900,
          "cup-deposit": 100, "cup-return": -100}  # fmt: skip
FAST_REPLAY = RetryPolicy(base_s=0.05, cap_s=0.3, max_attempts=None)
CRASH_DRIVER_REPLAY = RetryPolicy(base_s=0.02, cap_s=0.2, max_attempts=None)  # the crash drivers'


def drain_and_stop(sync, backend, timeout_s: float = 30.0) -> None:
    """A crash driver's "drain" run: let the replay empty the outbox left by the killed run
    (within timeout_s), print "drained" or "stuck" for the test to read, and stop."""
    deadline = time.monotonic() + timeout_s
    while sync.status().pending_count and time.monotonic() < deadline:
        time.sleep(0.02)
    print("drained" if not sync.status().pending_count else "stuck", flush=True)
    sync.stop()
    backend.close()


def open_shift_call(staff_id: str = CASHIER, float_cents: int = 0) -> tuple[str, dict]:
    """The sp_open_cash_shift call that opens `staff_id`'s cash shift on the checkpoint (an
    online cash recharge needs one); "shift_already_open" means it is open already."""
    return "sp_open_cash_shift", {
        "p_client_request_id": str(uuid.uuid4()), "p_device_id": CHECKPOINT_DEVICE,
        "p_staff_id": staff_id, "p_opening_float_cents": float_cents,
    }  # fmt: skip


def card(number: int) -> str:
    """UID of demo card 1..100 (001-080 active with 2000 cents, 081-090 active with 0,
    091-100 blocked with 1000)."""
    return demo_set.demo_card_uid(number)


def order(*lines: tuple[str, int]) -> tuple[list[dict], int]:
    """Items and their total at the demo prices."""
    items = [{"product_id": p, "quantity": q} for p, q in lines]
    return items, sum(PRICES[p] * q for p, q in lines)


def bar_order_payload(
    request_id: uuid.UUID,
    captured_at: datetime,
    card_uid: str,
    items: list[dict],
    total: int,
    *,
    device_id: str = BAR_DEVICE,
    staff_id: str = BAR_STAFF,
    point_of_sale_id: str = BAR_POINT_OF_SALE,
) -> dict:
    """sp_process_bar_order's arguments as submit_order writes them to the outbox (without
    p_offline, which the sender adds), in the function's parameter order."""
    return {
        "p_client_request_id": str(request_id),
        "p_card_uid": card_uid,
        "p_items": items,
        "p_expected_total_cents": total,
        "p_point_of_sale_id": point_of_sale_id,
        "p_device_id": device_id,
        "p_staff_id": staff_id,
        "p_captured_at": captured_at.isoformat(),
    }


def wait_until(condition: Callable[[], bool], timeout_s: float = 10.0, what: str = "condition") -> None:
    """Poll `condition` until true; fail the test after `timeout_s` (a hang, not a speed check)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout_s} s waiting for {what}")
        time.sleep(0.02)


def ready(sync) -> None:
    """Configuration and card cache loaded and the upkeep thread's first round over, so that
    it cannot overwrite what a test changes in the cache afterwards."""
    wait_until(lambda: sync.upkeep.rounds >= 1, what="the first upkeep round")
    sync.refresh_config()
    sync.refresh_cards()
    assert sync.cards.count() >= 100


def balance(db: psycopg.Connection, card_uid: str) -> int:
    """A card's balance in the database."""
    return db.execute("SELECT balance_cents FROM cards WHERE card_uid = %s", (card_uid,)).fetchone()[0]


def queue_offline_sale(sync, card_uid: str, items: list[dict], total: int) -> str:
    """What submit_order leaves in the outbox for a bar order accepted offline; returns its id."""
    request_id = new_request_id()
    captured_at = datetime.now(UTC)
    payload = bar_order_payload(request_id, captured_at, card_uid, items, total)
    sync.outbox.enqueue(BAR_ORDER, payload, request_id=request_id, captured_at=captured_at,
                        card_uid=card_uid, amount_cents=total, staff_id=BAR_STAFF, offline=True)
    return str(request_id)
