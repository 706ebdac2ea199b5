"""Helpers for the backend contract tests: call a contract function with named
arguments (as the clients do) and read the ledger back."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from sql.demo_set import STAFF_PINS, demo_card_uid

BAR = {"p_point_of_sale_id": "bar-main", "p_device_id": "kiosk-bar-1", "p_staff_id": "staff-bar-1"}
CHECKPOINT = {
    "p_checkpoint_id": "checkpoint-1",
    "p_device_id": "kiosk-checkpoint-1",
    "p_staff_id": "staff-cashier-1",
}
SUPERVISOR_AT_BAR = {"p_device_id": "kiosk-bar-1", "p_staff_id": "staff-super-1"}
DEMO_PINS = STAFF_PINS
PRICES = {"beer": 500, "soft": 300, "water": 200, "wine": 600, "cocktail": 900,
          "cup-deposit": 100, "cup-return": -100}
JSON_ARGS = {"p_items", "p_metadata", "p_scans", "p_counted"}


def card(number: int) -> str:
    """UID of demo card 1..100."""
    return demo_card_uid(number)


def adapt(name: str, value: Any) -> Any:
    if name in JSON_ARGS and not isinstance(value, Jsonb) and value is not None:
        return Jsonb(value)
    return value


def call(conn: psycopg.Connection, function: str, **args: Any) -> dict:
    """SELECT function(name => value, ...) and return its JSON answer."""
    query = sql.SQL("SELECT {}({})").format(
        sql.Identifier(function),
        sql.SQL(", ").join(
            sql.SQL("{} => {}").format(sql.Identifier(name), sql.Placeholder(name)) for name in args
        ),
    )
    params = {name: adapt(name, value) for name, value in args.items()}
    return conn.execute(query, params).fetchone()[0]


def items(*lines: tuple[str, int]) -> list[dict]:
    return [{"product_id": product, "quantity": quantity} for product, quantity in lines]


def price(lines: list[dict]) -> int:
    return sum(PRICES[line["product_id"]] * line["quantity"] for line in lines)


def bar_order(conn: psycopg.Connection, card_uid: str, lines: list[dict], *,
              request_id: uuid.UUID | None = None, total: int | None = None,
              **overrides: Any) -> dict:
    args = {
        "p_client_request_id": request_id or uuid.uuid4(),
        "p_card_uid": card_uid,
        "p_items": lines,
        "p_expected_total_cents": price(lines) if total is None else total,
        **BAR,
        **overrides,
    }
    return call(conn, "sp_process_bar_order", **args)


def recharge(conn: psycopg.Connection, card_uid: str, amount: int, *,
             request_id: uuid.UUID | None = None, method: str = "cash",
             **overrides: Any) -> dict:
    args = {
        "p_client_request_id": request_id or uuid.uuid4(),
        "p_card_uid": card_uid,
        "p_amount_cents": amount,
        "p_payment_method": method,
        **CHECKPOINT,
        **overrides,
    }
    return call(conn, "sp_process_checkpoint_recharge", **args)


def open_shift(conn: psycopg.Connection, *, device_id: str = "kiosk-checkpoint-1",
               staff_id: str = "staff-cashier-1", float_cents: int = 0,
               request_id: uuid.UUID | None = None, **overrides: Any) -> dict:
    """sp_open_cash_shift (a cash recharge online needs its cashier's open shift); asserts it
    opened, or that the cashier's shift was already open, and returns the answer."""
    answer = call(conn, "sp_open_cash_shift", p_client_request_id=request_id or uuid.uuid4(),
                  p_device_id=device_id, p_staff_id=staff_id,
                  p_opening_float_cents=float_cents, **overrides)
    assert answer["success"] or answer.get("problem") == "shift_already_open", answer
    return answer


EUR_DENOMINATIONS = (50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1)


def count_drawer(cents: int, denominations: tuple[int, ...] = EUR_DENOMINATIONS) -> dict[int, int]:
    """An honest count of a drawer holding `cents`: the fewest notes and coins, largest first."""
    counted: dict[int, int] = {}
    for d in denominations:
        if cents >= d:
            counted[d], cents = divmod(cents, d)
    assert cents == 0
    return counted


def close_shift(conn: psycopg.Connection, counted: dict[int, int], *,
                device_id: str = "kiosk-checkpoint-1", staff_id: str = "staff-cashier-1",
                request_id: uuid.UUID | None = None, counted_cents: int | None = None,
                **overrides: Any) -> dict:
    """sp_close_cash_shift with a count by denomination {cents: count}; the counted total is
    the count's sum unless given."""
    total = sum(d * n for d, n in counted.items()) if counted_cents is None else counted_cents
    return call(conn, "sp_close_cash_shift", p_client_request_id=request_id or uuid.uuid4(),
                p_device_id=device_id, p_staff_id=staff_id, p_counted_cash_cents=total,
                p_counted={str(d): n for d, n in counted.items()}, **overrides)


def balance(conn: psycopg.Connection, card_uid: str) -> int:
    return conn.execute("SELECT balance_cents FROM cards WHERE card_uid = %s", (card_uid,)).fetchone()[0]


def balances(conn: psycopg.Connection) -> dict[str, int]:
    return dict(conn.execute("SELECT card_uid, balance_cents FROM cards").fetchall())


def money_row_counts(conn: psycopg.Connection) -> tuple[int, ...]:
    """Row counts of every table a money movement writes (to prove nothing changed)."""
    return conn.execute(
        "SELECT (SELECT count(*) FROM ledger), (SELECT count(*) FROM orders),"
        " (SELECT count(*) FROM order_lines), (SELECT count(*) FROM recharges),"
        " (SELECT count(*) FROM voids), (SELECT count(*) FROM idempotency_records),"
        " (SELECT count(*) FROM card_status_changes), (SELECT count(*) FROM nfc_scans)"
    ).fetchone()


def ledger_mismatches(conn: psycopg.Connection) -> list[tuple]:
    """Cards whose balance differs from the sum of their ledger, or whose ledger chain
    (previous balance of each entry = new balance of the one before) is broken."""
    return conn.execute(
        """
        SELECT c.card_uid, c.balance_cents, coalesce(sum(l.amount_cents), 0)
          FROM cards c LEFT JOIN ledger l USING (card_uid)
         GROUP BY c.card_uid, c.balance_cents
        HAVING c.balance_cents <> coalesce(sum(l.amount_cents), 0)
        UNION ALL
        SELECT card_uid, previous_balance_cents, before
          FROM (SELECT card_uid, previous_balance_cents,
                       coalesce(lag(new_balance_cents) OVER w, 0) AS before
                  FROM ledger WINDOW w AS (PARTITION BY card_uid ORDER BY entry_id)) AS chain
         WHERE previous_balance_cents <> before
        """
    ).fetchall()


ERROR_CODES = {
    "INVALID_REQUEST", "CARD_NOT_FOUND", "CARD_BLOCKED", "INSUFFICIENT_FUNDS",
    "PRODUCT_NOT_FOUND", "PRICE_MISMATCH", "AMOUNT_OUT_OF_RANGE", "BALANCE_LIMIT_EXCEEDED",
    "UNAUTHORIZED", "IDEMPOTENCY_CONFLICT", "REQUEST_VOIDED", "OFFLINE_LIMIT_EXCEEDED",
    "LOGIN_LOCKED",
}


def assert_failure(answer: dict, code: str) -> None:
    """A failure answer of the contract's shape with the given code."""
    assert answer["success"] is False, answer
    assert answer["error_code"] == code, answer
    assert answer["retryable"] is False
    assert isinstance(answer["message"], str) and answer["message"]


def staff_login(conn: psycopg.Connection, staff_id: str, device_id: str = "kiosk-bar-1",
                pin: str | None = None) -> dict:
    """sp_staff_login with the demo PIN (or the one given)."""
    return call(conn, "sp_staff_login", p_device_id=device_id, p_staff_id=staff_id,
                p_pin=DEMO_PINS[staff_id] if pin is None else pin)


def void(conn: psycopg.Connection, request_id: uuid.UUID, *, reason: str = "customer complaint",
         login: bool = True, **overrides: Any) -> dict:
    """sp_void_request, by default as the supervisor with a session verified at the bar."""
    args = {"p_client_request_id": request_id, **SUPERVISOR_AT_BAR, "p_reason": reason, **overrides}
    if login and args["p_staff_id"] in DEMO_PINS:
        assert staff_login(conn, args["p_staff_id"], args["p_device_id"])["success"]
    return call(conn, "sp_void_request", **args)


def recorded_outcome(conn: psycopg.Connection, request_id: uuid.UUID) -> dict | None:
    row = conn.execute(
        "SELECT response FROM idempotency_records WHERE client_request_id = %s", (request_id,)
    ).fetchone()
    return row[0] if row else None
