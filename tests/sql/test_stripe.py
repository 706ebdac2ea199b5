"""sp_process_stripe_recharge: idempotent on the session id, called by the payments role."""

from __future__ import annotations

import psycopg
import pytest

from tests.sql.contract import assert_failure, balance, call, card, ledger_mismatches


def stripe(conn: psycopg.Connection, session: str, card_uid: str, amount: int, **extra) -> dict:
    return call(conn, "sp_process_stripe_recharge", p_stripe_session_id=session,
                p_card_uid=card_uid, p_amount_cents=amount, **extra)


def test_stripe_recharge_credits_once_per_session(payments_url, db):
    with psycopg.connect(payments_url, autocommit=True) as payments:
        first = stripe(payments, "cs_test_a1", card(1), 2500, p_metadata={"email": "a@b.c"})
        assert first["success"] is True and first["payment_method"] == "stripe"
        assert first["stripe_session_id"] == "cs_test_a1"
        assert (first["previous_balance_cents"], first["new_balance_cents"]) == (2000, 4500)
        again = stripe(payments, "cs_test_a1", card(1), 2500, p_metadata={"event": "retry"})
        assert again == {**first, "replayed": True}
    assert balance(db, card(1)) == 4500
    assert db.execute(
        "SELECT metadata FROM recharges WHERE stripe_session_id = 'cs_test_a1'"
    ).fetchone() == ({"email": "a@b.c"},)
    assert ledger_mismatches(db) == []


def test_same_session_for_another_card_or_amount_is_a_conflict(payments_url, db):
    with psycopg.connect(payments_url, autocommit=True) as payments:
        stripe(payments, "cs_test_b1", card(2), 1000)
        assert_failure(stripe(payments, "cs_test_b1", card(3), 1000), "IDEMPOTENCY_CONFLICT")
        assert_failure(stripe(payments, "cs_test_b1", card(2), 1001), "IDEMPOTENCY_CONFLICT")
    assert balance(db, card(2)) == 3000 and balance(db, card(3)) == 2000


def test_stripe_recharge_respects_the_balance_limit_and_card_status(db):
    assert_failure(stripe(db, "cs_test_c1", card(1), 48_001), "BALANCE_LIMIT_EXCEEDED")
    assert_failure(stripe(db, "cs_test_c2", card(92), 100), "CARD_BLOCKED")
    assert_failure(stripe(db, "cs_test_c3", "04DE00000000AA", 100), "CARD_NOT_FOUND")
    assert_failure(stripe(db, "cs_test_c4", card(1), 0), "AMOUNT_OUT_OF_RANGE")
    # declines are the session's outcome too: a webhook retry gets the same answer
    assert stripe(db, "cs_test_c1", card(1), 48_001)["replayed"] is True
    assert balance(db, card(1)) == 2000


@pytest.mark.parametrize(
    "args",
    [
        {"p_stripe_session_id": None},
        {"p_stripe_session_id": ""},
        {"p_stripe_session_id": "cs test with spaces"},
        {"p_stripe_session_id": "x" * 256},
        {"p_card_uid": "not-a-uid"},
        {"p_amount_cents": None},
        {"p_metadata": ["not", "an", "object"]},
        {"p_metadata": {"blob": "x" * 10_000}},
    ],
)
def test_malformed_stripe_calls_are_invalid_requests(db, args):
    base = {"p_stripe_session_id": "cs_test_d1", "p_card_uid": card(1), "p_amount_cents": 100}
    assert_failure(call(db, "sp_process_stripe_recharge", **{**base, **args}), "INVALID_REQUEST")
    assert balance(db, card(1)) == 2000


def test_null_metadata_means_none(db):
    assert stripe(db, "cs_test_e1", card(1), 100, p_metadata=None)["success"] is True
