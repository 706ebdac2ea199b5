"""sp_process_bar_order: server-side pricing, funds, cards, offline overdraft, idempotency."""

from __future__ import annotations

import uuid

from tests.sql.contract import balance, bar_order, card, items, ledger_mismatches, money_row_counts


def test_order_debits_the_server_price_and_writes_order_lines_and_ledger(db):
    lines = items(("beer", 2), ("water", 1))
    answer = bar_order(db, card(1), lines)
    assert answer["success"] is True and answer["status"] == "completed"
    assert answer["total_cents"] == 1200
    assert (answer["previous_balance_cents"], answer["new_balance_cents"]) == (2000, 800)
    assert answer["replayed"] is False and answer["overdraft"] is False
    assert balance(db, card(1)) == 800
    rows = db.execute(
        "SELECT product_id, name, unit_price_cents, quantity FROM order_lines"
        " WHERE order_id = %s ORDER BY line_no", (answer["order_id"],)
    ).fetchall()
    assert rows == [("beer", "Beer", 500, 2), ("water", "Water", 200, 1)]
    entry = db.execute(
        "SELECT amount_cents, previous_balance_cents, new_balance_cents, client_request_id"
        " FROM ledger WHERE entry_id = %s", (answer["transaction_id"],)
    ).fetchone()
    assert entry == (-1200, 2000, 800, uuid.UUID(answer["client_request_id"]))
    assert ledger_mismatches(db) == []


def test_price_mismatch_reports_the_server_total_and_changes_nothing(db):
    before = money_row_counts(db)
    answer = bar_order(db, card(1), items(("beer", 2)), total=900)
    assert answer["success"] is False and answer["error_code"] == "PRICE_MISMATCH"
    assert answer["server_total_cents"] == 1000
    assert balance(db, card(1)) == 2000
    after = money_row_counts(db)
    assert after[:5] == before[:5]  # no ledger, order, line, recharge or void row


def test_return_only_order_credits_the_card(db):
    answer = bar_order(db, card(81), items(("cup-return", 3)))
    assert answer["success"] is True and answer["total_cents"] == -300
    assert balance(db, card(81)) == 300


def test_insufficient_funds_includes_the_balance(db):
    answer = bar_order(db, card(81), items(("beer", 1)))
    assert answer["error_code"] == "INSUFFICIENT_FUNDS" and answer["balance_cents"] == 0
    assert balance(db, card(81)) == 0


def test_unknown_and_blocked_cards_are_refused(db):
    assert bar_order(db, "04DE0000009999", items(("beer", 1)))["error_code"] == "CARD_NOT_FOUND"
    assert bar_order(db, card(95), items(("beer", 1)))["error_code"] == "CARD_BLOCKED"
    assert balance(db, card(95)) == 1000


def test_unknown_product_is_product_not_found(db):
    answer = bar_order(db, card(1), [{"product_id": "champagne", "quantity": 1}], total=0)
    assert answer["error_code"] == "PRODUCT_NOT_FOUND" and answer["product_ids"] == ["champagne"]


def test_replay_returns_the_same_answer_flagged_replayed(db):
    request_id = uuid.uuid4()
    first = bar_order(db, card(2), items(("wine", 1)), request_id=request_id)
    again = bar_order(db, card(2), items(("wine", 1)), request_id=request_id)
    assert again == {**first, "replayed": True}
    assert balance(db, card(2)) == 1400


def test_offline_sale_may_overdraw_within_the_offline_limit_and_flags_the_card(db):
    answer = bar_order(db, card(81), items(("cocktail", 2)), p_offline=True)
    assert answer["success"] is True and answer["overdraft"] is True
    assert answer["new_balance_cents"] == -1800
    flagged = db.execute(
        "SELECT overdraft_flagged_at IS NOT NULL FROM cards WHERE card_uid = %s", (card(81),)
    ).fetchone()[0]
    assert flagged
    assert ledger_mismatches(db) == []
