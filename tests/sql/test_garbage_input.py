"""Property: any value of the declared type, in any argument of any contract function, is
answered with the contract's JSON (an error code when it is not acceptable), never with an
SQL exception, and a refused call changes no balance and writes no ledger row."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.sql.contract import (
    BAR,
    CHECKPOINT,
    ERROR_CODES,
    SUPERVISOR_AT_BAR,
    balances,
    call,
    card,
    ledger_mismatches,
)

EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# text as a client can send it (PostgreSQL text holds no NUL; UTF-8 has no lone surrogates)
any_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                   max_size=40)
texts = st.one_of(
    st.none(),
    any_text,
    st.sampled_from(["", " ", "04de0000000001", "04DE000000000", "04DE0000000001 ",
                     "bar-main'; DROP TABLE cards; --", "kiosk-bar-1", "staff-super-1",
                     "checkpoint-1", "active", "blocked", "cash", "card", "stripe", "null"]),
    st.integers(1, 5000).map(lambda n: "A" * n),
)
bigints = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.sampled_from([0, 1, -1, 500, 50_000, 50_001, 2**31, -(2**31), 2**63 - 1, -(2**63)]),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False) | any_text,
    lambda children: st.lists(children, max_size=6)
    | st.dictionaries(any_text, children, max_size=6),
    max_leaves=25,
)
item_like = st.lists(
    st.fixed_dictionaries(
        {},
        optional={
            "product_id": st.one_of(st.sampled_from(["beer", "water", "cup-return", "nope"]),
                                    json_values),
            "quantity": st.one_of(st.integers(-5, 200), st.floats(-5, 200), json_values),
        },
    ),
    max_size=60,
)
jsons = st.one_of(json_values, item_like)
uuids = st.one_of(st.none(), st.uuids())
timestamps = st.one_of(
    st.none(),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)),
)
booleans = st.one_of(st.none(), st.booleans())

# a well-formed call of each function, and the strategy for each of its arguments
FUNCTIONS: dict[str, tuple[dict[str, Any], dict[str, st.SearchStrategy]]] = {
    "sp_process_bar_order": (
        {"p_card_uid": card(1), "p_items": [{"product_id": "beer", "quantity": 1}],
         "p_expected_total_cents": 500, **BAR, "p_offline": False},
        {"p_client_request_id": uuids, "p_card_uid": texts, "p_items": jsons,
         "p_expected_total_cents": bigints, "p_point_of_sale_id": texts, "p_device_id": texts,
         "p_staff_id": texts, "p_captured_at": timestamps, "p_offline": booleans},
    ),
    "sp_process_checkpoint_recharge": (
        {"p_card_uid": card(2), "p_amount_cents": 500, "p_payment_method": "cash", **CHECKPOINT},
        {"p_client_request_id": uuids, "p_card_uid": texts, "p_amount_cents": bigints,
         "p_payment_method": texts, "p_checkpoint_id": texts, "p_device_id": texts,
         "p_staff_id": texts, "p_captured_at": timestamps, "p_offline": booleans},
    ),
    "sp_process_stripe_recharge": (
        {"p_stripe_session_id": "cs_test_1", "p_card_uid": card(3), "p_amount_cents": 500,
         "p_metadata": {}},
        {"p_stripe_session_id": texts, "p_card_uid": texts, "p_amount_cents": bigints,
         "p_metadata": jsons},
    ),
    "sp_void_request": (
        {"p_client_request_id": None, **SUPERVISOR_AT_BAR, "p_reason": "test"},
        {"p_client_request_id": uuids, "p_device_id": texts, "p_staff_id": texts,
         "p_reason": texts},
    ),
    "sp_set_card_status": (
        {"p_card_uid": card(4), "p_status": "blocked", **SUPERVISOR_AT_BAR, "p_reason": "lost"},
        {"p_card_uid": texts, "p_status": texts, "p_device_id": texts, "p_staff_id": texts,
         "p_reason": texts},
    ),
    "sp_card_status": ({"p_card_uid": card(5)}, {"p_card_uid": texts}),
    "sp_device_config": ({"p_device_id": "kiosk-bar-1"}, {"p_device_id": texts}),
    "sp_cards_changed_since": (
        {"p_device_id": "kiosk-bar-1", "p_since": None},
        {"p_device_id": texts, "p_since": timestamps},
    ),
    "sp_log_nfc_scans": (
        {"p_device_id": "kiosk-bar-1", "p_scans": []},
        {"p_device_id": texts, "p_scans": jsons},
    ),
    "sp_open_cash_shift": (
        {"p_device_id": CHECKPOINT["p_device_id"], "p_staff_id": CHECKPOINT["p_staff_id"],
         "p_opening_float_cents": 1000},
        {"p_client_request_id": uuids, "p_device_id": texts, "p_staff_id": texts,
         "p_opening_float_cents": bigints, "p_captured_at": timestamps, "p_offline": booleans},
    ),
    "sp_close_cash_shift": (
        {"p_device_id": CHECKPOINT["p_device_id"], "p_staff_id": CHECKPOINT["p_staff_id"],
         "p_counted_cash_cents": 700, "p_counted": {"500": 1, "200": 1}},
        {"p_client_request_id": uuids, "p_device_id": texts, "p_staff_id": texts,
         "p_counted_cash_cents": bigints, "p_counted": jsons, "p_captured_at": timestamps,
         "p_offline": booleans, "p_shift_id": uuids, "p_reason": texts},
    ),
    "sp_move_cash": (
        {"p_device_id": CHECKPOINT["p_device_id"], "p_staff_id": "staff-super-1",
         "p_amount_cents": 100, "p_direction": "to_safe", "p_reason": "safe drop"},
        {"p_client_request_id": uuids, "p_device_id": texts, "p_staff_id": texts,
         "p_shift_id": uuids, "p_amount_cents": bigints, "p_direction": texts, "p_reason": texts},
    ),
}


@st.composite
def calls(draw: st.DrawFn, function: str) -> dict[str, Any]:
    """Arguments for one call: the well-formed call with one or two arguments replaced by
    garbage, so that calls get past the first check and reach the deeper ones."""
    valid, strategies = FUNCTIONS[function]
    names = sorted(strategies)
    garbage = draw(st.sets(st.sampled_from(names), min_size=1, max_size=min(2, len(names))))
    return {
        name: draw(strategy) if name in garbage or name not in valid else valid[name]
        for name, strategy in strategies.items()
    }


def check_call(db: psycopg.Connection, function: str, args: dict[str, Any]) -> None:
    before = balances(db)
    entries = db.execute("SELECT count(*) FROM ledger").fetchone()[0]
    answer = call(db, function, **args)  # raises if the server raised
    assert isinstance(answer, dict) and isinstance(answer.get("success"), bool), answer
    if answer["success"]:
        assert ledger_mismatches(db) == []
    else:
        assert answer["error_code"] in ERROR_CODES, answer
        assert isinstance(answer["message"], str) and answer["retryable"] is False
        assert balances(db) == before
        assert db.execute("SELECT count(*) FROM ledger").fetchone()[0] == entries


def make_property(function: str):
    @EXAMPLES
    @given(args=calls(function))
    def prop(db: psycopg.Connection, args: dict[str, Any]) -> None:
        check_call(db, function, args)

    prop.__name__ = f"test_garbage_never_raises_{function}"
    prop.__doc__ = f"{function}: garbage in any argument is an answer, never an exception."
    return prop


for _function in FUNCTIONS:
    globals()[f"test_garbage_never_raises_{_function}"] = make_property(_function)


def test_garbage_for_a_seen_id_is_a_conflict_or_replay_never_a_second_charge(db):
    request_id = uuid.uuid4()
    args = {"p_client_request_id": request_id, "p_card_uid": card(9),
            "p_items": [{"product_id": "wine", "quantity": 2}], "p_expected_total_cents": 1200,
            **BAR}
    assert call(db, "sp_process_bar_order", **args)["success"] is True

    @EXAMPLES
    @given(other=calls("sp_process_bar_order"))
    def same_id(other: dict[str, Any]) -> None:
        before = balances(db)
        answer = call(db, "sp_process_bar_order", **{**other, "p_client_request_id": request_id})
        assert answer.get("replayed") is True or answer["error_code"] in (
            "IDEMPOTENCY_CONFLICT", "INVALID_REQUEST")
        assert balances(db) == before

    same_id()
    assert db.execute("SELECT balance_cents FROM cards WHERE card_uid = %s", (card(9),)).fetchone() == (
        800,)


def test_purge_refuses_short_or_absurd_ages(db):
    for age in (None, timedelta(0), timedelta(days=29), timedelta(days=-400),
                timedelta(days=365 * 200)):
        answer = db.execute("SELECT sp_purge_idempotency_records(%s)", (age,)).fetchone()[0]
        assert answer["success"] is False and answer["error_code"] == "INVALID_REQUEST"
