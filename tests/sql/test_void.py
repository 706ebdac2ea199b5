"""sp_void_request: reverse a committed request, tombstone one that never arrived, idempotent."""

from __future__ import annotations

import uuid

import pytest

from tests.sql.contract import (
    assert_failure,
    balance,
    bar_order,
    card,
    items,
    ledger_mismatches,
    money_row_counts,
    recharge,
    void,
)

# online cash recharges need the cashier's open shift
pytestmark = pytest.mark.usefixtures("cashier_shift")


def test_void_after_arrival_refunds_an_order_with_its_own_ledger_row(db):
    request_id = uuid.uuid4()
    order = bar_order(db, card(1), items(("cocktail", 1)), request_id=request_id)
    answer = void(db, request_id)
    assert answer["success"] is True and answer["outcome"] == "reversed"
    assert answer["voided_operation"] == "bar_order" and answer["amount_cents"] == 900
    assert (answer["previous_balance_cents"], answer["new_balance_cents"]) == (1100, 2000)
    assert balance(db, card(1)) == 2000
    kinds = db.execute(
        "SELECT kind, amount_cents FROM ledger WHERE client_request_id = %s ORDER BY entry_id",
        (request_id,),
    ).fetchall()
    assert kinds == [("order", -900), ("void", 900)]
    assert db.execute(
        "SELECT voided_at IS NOT NULL FROM orders WHERE order_id = %s", (order["order_id"],)
    ).fetchone() == (True,)
    assert ledger_mismatches(db) == []


def test_a_replay_of_a_voided_request_says_so_and_changes_nothing(db):
    request_id = uuid.uuid4()
    order = bar_order(db, card(1), items(("beer", 1)), request_id=request_id)
    void(db, request_id)
    again = bar_order(db, card(1), items(("beer", 1)), request_id=request_id)
    assert again == {**order, "replayed": True, "voided": True}
    assert balance(db, card(1)) == 2000


def test_void_is_idempotent(db):
    request_id = uuid.uuid4()
    bar_order(db, card(1), items(("beer", 1)), request_id=request_id)
    first = void(db, request_id)
    counts = money_row_counts(db)
    again = void(db, request_id, reason="pressed twice")
    assert again == {**first, "replayed": True}
    assert money_row_counts(db) == counts
    assert balance(db, card(1)) == 2000


def test_void_of_a_recharge_takes_the_amount_back(db):
    request_id = uuid.uuid4()
    recharge(db, card(1), 3000, request_id=request_id)
    answer = void(db, request_id)
    assert answer["outcome"] == "reversed" and answer["amount_cents"] == -3000
    assert balance(db, card(1)) == 2000
    assert ledger_mismatches(db) == []


def test_void_of_a_recharge_already_spent_is_refused_and_changes_nothing(db):
    request_id = uuid.uuid4()
    recharge(db, card(81), 1000, request_id=request_id)
    bar_order(db, card(81), items(("beer", 1)))
    counts = money_row_counts(db)
    answer = void(db, request_id)
    assert_failure(answer, "INSUFFICIENT_FUNDS")
    assert answer["balance_cents"] == 500
    assert money_row_counts(db) == counts
    assert balance(db, card(81)) == 500
    # once the card holds the amount again, the void goes through
    recharge(db, card(81), 500)
    assert void(db, request_id)["outcome"] == "reversed"
    assert balance(db, card(81)) == 0


def test_void_before_arrival_leaves_a_tombstone_and_the_late_request_changes_nothing(db):
    request_id = uuid.uuid4()
    answer = void(db, request_id)
    assert answer["success"] is True and answer["outcome"] == "tombstone"
    counts = money_row_counts(db)
    late = bar_order(db, card(1), items(("beer", 1)), request_id=request_id, p_offline=True)
    assert_failure(late, "REQUEST_VOIDED")
    late_recharge = recharge(db, card(1), 500, request_id=request_id)
    assert_failure(late_recharge, "REQUEST_VOIDED")
    assert balance(db, card(1)) == 2000
    assert money_row_counts(db) == counts
    assert void(db, request_id)["replayed"] is True


def test_void_of_a_declined_request_has_nothing_to_reverse(db):
    request_id = uuid.uuid4()
    assert_failure(bar_order(db, card(81), items(("beer", 1)), request_id=request_id),
                   "INSUFFICIENT_FUNDS")
    answer = void(db, request_id)
    assert answer["success"] is True and answer["outcome"] == "nothing_to_reverse"
    assert balance(db, card(81)) == 0


def test_void_of_a_return_only_order_takes_the_credit_back(db):
    request_id = uuid.uuid4()
    bar_order(db, card(81), items(("cup-return", 2)), request_id=request_id)
    assert void(db, request_id)["amount_cents"] == -200
    assert balance(db, card(81)) == 0


def test_void_needs_a_reason(db):
    request_id = uuid.uuid4()
    for reason in (None, "", "   ", "x" * 501):
        assert_failure(void(db, request_id, reason=reason), "INVALID_REQUEST")
    assert_failure(void(db, None), "INVALID_REQUEST")
