"""sp_process_checkpoint_recharge: amounts, the balance limit, payment method, cards, idempotency."""

from __future__ import annotations

import uuid

import pytest

from tests.sql.contract import (
    assert_failure,
    balance,
    card,
    ledger_mismatches,
    money_row_counts,
    recharge,
    recorded_outcome,
)

# online cash recharges need the cashier's open shift
pytestmark = pytest.mark.usefixtures("cashier_shift")


@pytest.mark.parametrize("method", ["cash", "card"])
def test_recharge_credits_the_card_and_records_the_payment_method(db, method):
    answer = recharge(db, card(1), 1500, method=method)
    assert answer["success"] is True and answer["status"] == "completed"
    assert answer["amount_cents"] == 1500 and answer["payment_method"] == method
    assert (answer["previous_balance_cents"], answer["new_balance_cents"]) == (2000, 3500)
    assert answer["replayed"] is False
    row = db.execute(
        "SELECT payment_method, amount_cents, checkpoint_id, device_id, staff_id FROM recharges"
        " WHERE recharge_id = %s",
        (answer["recharge_id"],),
    ).fetchone()
    assert row == (method, 1500, "checkpoint-1", "kiosk-checkpoint-1", "staff-cashier-1")
    assert balance(db, card(1)) == 3500
    assert ledger_mismatches(db) == []


@pytest.mark.parametrize("method", ["stripe", "CASH", "", "bitcoin", None])
def test_other_payment_methods_are_invalid_requests(db, method):
    answer = recharge(db, card(1), 1000, method=method)
    assert_failure(answer, "INVALID_REQUEST")
    assert balance(db, card(1)) == 2000


@pytest.mark.parametrize("amount", [0, -1, -5000, 50_001, 10**12, 2**63 - 1, -(2**63)])
def test_amounts_outside_one_to_the_event_maximum_are_out_of_range(db, amount):
    answer = recharge(db, card(81), amount)
    assert_failure(answer, "AMOUNT_OUT_OF_RANGE")
    assert answer["max_amount_cents"] == 50_000
    assert balance(db, card(81)) == 0


def test_null_amount_is_an_invalid_request(db):
    assert_failure(recharge(db, card(1), None), "INVALID_REQUEST")


def test_the_event_maximum_may_be_reached_but_not_exceeded(db):
    assert recharge(db, card(81), 50_000)["new_balance_cents"] == 50_000
    answer = recharge(db, card(1), 48_001)
    assert_failure(answer, "BALANCE_LIMIT_EXCEEDED")
    assert answer["balance_cents"] == 2000 and answer["max_amount_cents"] == 48_000
    assert balance(db, card(1)) == 2000


def test_unknown_and_blocked_cards_are_refused(db):
    assert_failure(recharge(db, "04DE00000000FF", 1000), "CARD_NOT_FOUND")
    assert_failure(recharge(db, card(91), 1000), "CARD_BLOCKED")
    assert balance(db, card(91)) == 1000


def test_replay_returns_the_same_answer_and_credits_once(db):
    request_id = uuid.uuid4()
    first = recharge(db, card(2), 700, request_id=request_id)
    counts = money_row_counts(db)
    again = recharge(db, card(2), 700, request_id=request_id, p_offline=True)
    assert again == {**first, "replayed": True}
    assert money_row_counts(db) == counts
    assert balance(db, card(2)) == 2700


def test_same_id_with_another_amount_or_method_is_a_conflict(db):
    request_id = uuid.uuid4()
    recharge(db, card(2), 700, request_id=request_id)
    assert_failure(recharge(db, card(2), 800, request_id=request_id), "IDEMPOTENCY_CONFLICT")
    assert_failure(recharge(db, card(2), 700, request_id=request_id, method="card"),
                   "IDEMPOTENCY_CONFLICT")
    assert balance(db, card(2)) == 2700


def test_a_limit_decline_is_recorded_and_replayed_after_the_balance_dropped(db):
    request_id = uuid.uuid4()
    first = recharge(db, card(1), 49_000, request_id=request_id)
    assert_failure(first, "BALANCE_LIMIT_EXCEEDED")
    assert recorded_outcome(db, request_id)["error_code"] == "BALANCE_LIMIT_EXCEEDED"
    db.execute("SELECT 1")  # nothing else happens between the two calls
    assert recharge(db, card(1), 49_000, request_id=request_id) == {**first, "replayed": True}


def test_an_amount_decline_is_recorded_too(db):
    request_id = uuid.uuid4()
    first = recharge(db, card(1), 0, request_id=request_id)
    assert recharge(db, card(1), 0, request_id=request_id) == {**first, "replayed": True}


def test_the_database_refuses_a_recharge_row_above_the_event_maximum(db):
    """The guard lives in the database too, not only in the function."""
    import psycopg

    db.execute("UPDATE cards SET balance_cents = 60000 WHERE card_uid = %s", (card(1),))
    with pytest.raises(psycopg.errors.CheckViolation):
        db.execute(
            "INSERT INTO recharges (client_request_id, card_uid, amount_cents, payment_method,"
            " checkpoint_id, device_id, staff_id, captured_at)"
            " VALUES (gen_random_uuid(), %s, 100, 'cash', 'checkpoint-1', 'kiosk-checkpoint-1',"
            " 'staff-cashier-1', now())",
            (card(1),),
        )
