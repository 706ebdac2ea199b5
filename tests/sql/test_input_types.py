"""Values of the wrong SQL type (docs/decisions/001-input-types.md): the server refuses them
before the function body runs, with a data-exception SQLSTATE (class 22) or, for an
integer beyond bigint, an undefined-function one (42883); either way nothing changes.
Clients validate first and map both to INVALID_REQUEST."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import sql
from psycopg.types.json import Jsonb

from tests.sql.contract import BAR, balances, call, card, money_row_counts


@pytest.mark.parametrize(
    ("args", "sqlstate"),
    [
        ({"p_client_request_id": "abc"}, "22P02"),
        ({"p_client_request_id": "1234"}, "22P02"),
        ({"p_items": "{not json"}, "22P02"),
        ({"p_expected_total_cents": "five"}, "22P02"),
        ({"p_captured_at": "yesterday-ish"}, "22007"),
        ({"p_offline": "maybe"}, "22P02"),
    ],
)
def test_wrongly_typed_text_is_a_data_exception_and_changes_nothing(db, args, sqlstate):
    base = {"p_client_request_id": "6f1c0f6e-0d7c-4a53-8d42-2b5b7e1e9c11", "p_card_uid": card(1),
            "p_items": Jsonb([{"product_id": "beer", "quantity": 1}]),
            "p_expected_total_cents": 500, **BAR}
    before = balances(db), money_row_counts(db)
    # text literals of the wrong shape, as a REST gateway would pass them through
    query = sql.SQL("SELECT sp_process_bar_order({})").format(
        sql.SQL(", ").join(
            sql.SQL("{} => {}").format(sql.Identifier(k), sql.Literal(v))
            for k, v in {**base, **args}.items()
        )
    )
    with pytest.raises(psycopg.errors.DataError) as caught:
        db.execute(query)
    assert caught.value.sqlstate == sqlstate
    assert caught.value.sqlstate.startswith("22")
    assert (balances(db), money_row_counts(db)) == before


def test_an_integer_beyond_bigint_never_reaches_the_function(db):
    before = balances(db)
    with pytest.raises(psycopg.errors.UndefinedFunction):
        call(db, "sp_process_checkpoint_recharge", p_client_request_id=None, p_card_uid=card(1),
             p_amount_cents=2**63, p_payment_method="cash", p_checkpoint_id="checkpoint-1",
             p_device_id="kiosk-checkpoint-1", p_staff_id="staff-cashier-1")
    assert balances(db) == before
