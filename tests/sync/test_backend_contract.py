"""One contract suite, run against both transports (psycopg direct as the device's own login,
and REST-RPC through the real festival-server with the device's gateway token) on the real
test database: the same calls give the same typed results, and whatever is not a contract
answer comes back as a retryable non-answer."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from sync.config import DeviceConfig
from sync.pg_backend import PostgresBackend
from sync.rest_backend import RestBackend
from tests.sync.helpers import (
    BAR_DEVICE,
    BAR_STAFF,
    CASHIER,
    CHECKPOINT_DEVICE,
    SUPERVISOR,
    balance,
    bar_order_payload,
    card,
    open_shift_call,
    order,
)


def bar_order_args(card_uid: str, items: list[dict], total: int, request_id: uuid.UUID | None = None,
                   **overrides: object) -> dict:
    args = bar_order_payload(request_id or uuid.uuid4(), datetime.now(UTC), card_uid, items, total)
    args["p_offline"] = False
    args.update(overrides)
    return args


def test_device_config_parses_into_the_typed_view(backend):
    result = backend.call("sp_device_config", {"p_device_id": BAR_DEVICE})
    assert result.ok and result.error_code is None and not result.retryable
    config = DeviceConfig.from_response(result.data)
    assert config.role == "bar" and config.point_of_sale_id == "bar-main"
    assert config.event.offline_card_limit_cents == 3000
    assert {p.product_id: p.price_cents for p in config.products}["cup-return"] == -100
    assert config.staff_member(BAR_STAFF) is not None


def test_unknown_device_is_unauthorized_and_final(backend):
    result = backend.call("sp_device_config", {"p_device_id": "no-such-kiosk"})
    assert not result.ok
    assert result.error_code == "UNAUTHORIZED" and not result.retryable and result.message


def test_bar_order_charges_once_and_a_replay_returns_the_same_answer(backend, db):
    items, total = order(("beer", 2), ("water", 1))
    args = bar_order_args(card(1), items, total)
    first = backend.call("sp_process_bar_order", args)
    assert first.ok, first
    assert first.data["previous_balance_cents"] == 2000
    assert first.data["new_balance_cents"] == 2000 - total
    assert first.data["replayed"] is False
    again = backend.call("sp_process_bar_order", {**args, "p_offline": True})
    assert again.ok and again.data["replayed"] is True
    assert again.data["transaction_id"] == first.data["transaction_id"]
    assert balance(db, card(1)) == 2000 - total


def test_insufficient_funds_is_a_final_answer_with_the_balance(backend):
    items, total = order(("cocktail", 3))
    result = backend.call("sp_process_bar_order", bar_order_args(card(81), items, total))
    assert result.error_code == "INSUFFICIENT_FUNDS" and not result.retryable
    assert result.data["balance_cents"] == 0


def test_same_id_with_another_payload_is_an_idempotency_conflict(backend):
    items, total = order(("beer", 1))
    request_id = uuid.uuid4()
    assert backend.call("sp_process_bar_order", bar_order_args(card(2), items, total, request_id)).ok
    other_items, other_total = order(("wine", 1))
    args = bar_order_args(card(2), other_items, other_total, request_id)
    result = backend.call("sp_process_bar_order", args)
    assert result.error_code == "IDEMPOTENCY_CONFLICT" and not result.retryable


@pytest.mark.parametrize(("number", "code"), [(None, "CARD_NOT_FOUND"), (95, "CARD_BLOCKED")])
def test_unknown_and_blocked_cards_get_their_codes(backend, number, code):
    uid = card(number) if number else "04FFFFFFFFFFFF"
    items, total = order(("water", 1))
    result = backend.call("sp_process_bar_order", bar_order_args(uid, items, total))
    assert result.error_code == code and not result.retryable


def test_bad_input_is_answered_with_a_code_not_an_exception(backend):
    items, total = order(("water", 1))
    result = backend.call("sp_process_bar_order", bar_order_args("not-a-uid", items, total))
    assert result.error_code == "INVALID_REQUEST" and not result.retryable


def test_an_argument_postgresql_cannot_cast_is_not_an_answer(backend, db):
    """The cast fails before the function runs: an SQL error, not the contract's refusal, so
    the row would be kept (and shown), never closed."""
    items, total = order(("water", 1))
    args = bar_order_args(card(3), items, total, p_client_request_id="x")
    malformed = backend.call("sp_process_bar_order", args)
    assert malformed.error_code == "SERVER_ERROR" and malformed.retryable and "22P02" in malformed.message
    assert balance(db, card(3)) == 2000


def test_checkpoint_recharge_credits_the_card(checkpoint_backend, db):
    opened = checkpoint_backend.call(*open_shift_call())
    assert opened.ok, opened
    result = checkpoint_backend.call(
        "sp_process_checkpoint_recharge",
        {
            "p_client_request_id": str(uuid.uuid4()),
            "p_card_uid": card(82),
            "p_amount_cents": 2500,
            "p_payment_method": "cash",
            "p_checkpoint_id": "checkpoint-1",
            "p_device_id": CHECKPOINT_DEVICE,
            "p_staff_id": CASHIER,
        },
    )
    assert result.ok and result.data["new_balance_cents"] == 2500
    assert result.data["shift_id"] == opened.data["shift_id"]
    assert balance(db, card(82)) == 2500


def test_call_many_runs_in_order_and_answers_each_call(backend, db):
    items, total = order(("soft", 1))
    calls = [("sp_process_bar_order", bar_order_args(card(4), items, total)) for _ in range(5)]
    calls.append(("sp_card_status", {"p_card_uid": card(4)}))
    calls.append(("sp_process_bar_order", bar_order_args("04FFFFFFFFFFFF", items, total)))
    results = backend.call_many(calls)
    assert [r.ok for r in results] == [True] * 6 + [False]
    assert [r.data["new_balance_cents"] for r in results[:5]] == [2000 - total * n for n in range(1, 6)]
    assert results[5].data["balance_cents"] == 2000 - 5 * total
    assert results[6].error_code == "CARD_NOT_FOUND"
    assert balance(db, card(4)) == 2000 - 5 * total


def test_a_kiosk_cannot_mint_money_with_a_stripe_recharge(backend, db):
    """Not executable by `kiosk` (42501) and not behind the gateway (404): either way no
    money, and not an answer that could close a row."""
    result = backend.call(
        "sp_process_stripe_recharge",
        {"p_stripe_session_id": "cs_test_invented", "p_card_uid": card(5), "p_amount_cents": 5000},
    )
    assert result.error_code == "SERVER_ERROR" and result.retryable and not result.answered
    assert balance(db, card(5)) == 2000


def test_a_device_voids_its_own_sale_without_a_supervisor(backend, db):
    items, total = order(("wine", 1))
    args = bar_order_args(card(6), items, total)
    assert backend.call("sp_process_bar_order", args).ok
    void = {"p_client_request_id": args["p_client_request_id"], "p_device_id": BAR_DEVICE,
            "p_staff_id": BAR_STAFF, "p_reason": "answer lost, refused offline"}
    done = backend.call("sp_void_request", void)
    assert done.ok and done.data["outcome"] == "reversed"
    assert balance(db, card(6)) == 2000


def test_voiding_another_devices_request_needs_a_verified_supervisor(backend, checkpoint_backend, db):
    recharge_id = str(uuid.uuid4())
    recharged = checkpoint_backend.call("sp_process_checkpoint_recharge", {
        "p_client_request_id": recharge_id, "p_card_uid": card(7), "p_amount_cents": 1000,
        "p_payment_method": "card", "p_checkpoint_id": "checkpoint-1", "p_device_id": CHECKPOINT_DEVICE,
        "p_staff_id": CASHIER,
    })  # fmt: skip
    assert recharged.ok, recharged
    void = {"p_client_request_id": recharge_id, "p_device_id": BAR_DEVICE, "p_reason": "test"}
    for staff in (BAR_STAFF, SUPERVISOR):  # a supervisor's name alone is not enough
        refused = backend.call("sp_void_request", {**void, "p_staff_id": staff})
        assert refused.error_code == "UNAUTHORIZED" and refused.answered
    login = backend.call("sp_staff_login", {"p_device_id": BAR_DEVICE, "p_staff_id": SUPERVISOR,
                                            "p_pin": "999999"})
    assert login.ok and login.data["role"] == "supervisor", login
    done = backend.call("sp_void_request", {**void, "p_staff_id": SUPERVISOR})
    assert done.ok and done.data["outcome"] == "reversed"
    assert balance(db, card(7)) == 2000


def define_probe(db, body: str) -> None:
    """Replace sp_device_heartbeat (a kiosk function, allowed behind the gateway) in the
    test's database by a probe with `body` as its plpgsql body."""
    db.execute(
        "CREATE OR REPLACE FUNCTION sp_device_heartbeat(p_device_id text, p_status jsonb) RETURNS jsonb"
        f" LANGUAGE plpgsql AS $$ BEGIN {body} END $$"
    )
    db.execute("GRANT EXECUTE ON FUNCTION sp_device_heartbeat(text, jsonb) TO kiosk")


HEARTBEAT = ("sp_device_heartbeat", {"p_device_id": BAR_DEVICE, "p_status": {"outbox_pending": 0}})


@pytest.mark.parametrize(("sqlstate", "code"), [("40001", "DATABASE_BUSY"), ("40P01", "DATABASE_BUSY"),
                                                ("55P03", "DATABASE_BUSY"), ("XX000", "SERVER_ERROR"),
                                                ("42501", "SERVER_ERROR")])
def test_sql_errors_map_to_retryable_codes(backend, db, sqlstate, code):
    define_probe(db, f"RAISE EXCEPTION 'simulated' USING ERRCODE = '{sqlstate}';")
    result = backend.call(*HEARTBEAT)
    assert result.error_code == code and result.retryable and not result.answered


@pytest.mark.parametrize(
    "answer",
    ["'[1,2]'::jsonb", "'{\"ok\": true}'::jsonb", "'{\"success\": \"true\"}'::jsonb", "NULL",
     "'{\"success\": false, \"error_code\": \"NOT_A_CODE\"}'::jsonb", "'{\"success\": false}'::jsonb"],
)
def test_an_answer_outside_the_contract_is_a_server_error(backend, db, answer):
    define_probe(db, f"RETURN {answer};")
    result = backend.call(*HEARTBEAT)
    assert result.error_code == "SERVER_ERROR" and result.retryable and "contract" in result.message


def test_a_forged_success_for_another_request_does_not_close_it(backend, db):
    """A function (or anything in between) answering success about another request id, card
    or total is not an answer to this one."""
    signature = "sp_process_bar_order(uuid, text, jsonb, bigint, text, text, text, timestamptz, boolean)"
    db.execute(f"ALTER FUNCTION {signature} RENAME TO sp_real_bar_order")
    db.execute(
        "CREATE FUNCTION sp_process_bar_order(p_client_request_id uuid, p_card_uid text, p_items jsonb,"
        " p_expected_total_cents bigint, p_point_of_sale_id text, p_device_id text, p_staff_id text,"
        " p_captured_at timestamptz DEFAULT now(), p_offline boolean DEFAULT false) RETURNS jsonb"
        " LANGUAGE sql AS $$ SELECT jsonb_build_object('success', true,"
        " 'client_request_id', gen_random_uuid(), 'card_uid', p_card_uid,"
        " 'total_cents', p_expected_total_cents) $$"
    )
    db.execute(f"GRANT EXECUTE ON FUNCTION {signature} TO kiosk")
    items, total = order(("beer", 1))
    result = backend.call("sp_process_bar_order", bar_order_args(card(16), items, total))
    assert result.error_code == "SERVER_ERROR" and result.retryable
    assert "another client_request_id" in result.message


def test_an_unreachable_backend_is_a_retryable_network_error_not_sent():
    from sql.cluster import free_port

    port = free_port()
    for unreachable in (
        PostgresBackend(f"postgresql://kiosk_app@127.0.0.1:{port}/x", timeout_s=2.0),
        RestBackend(f"http://127.0.0.1:{port}/rpc", "key", timeout_s=2.0),
    ):
        result = unreachable.call("sp_card_status", {"p_card_uid": card(1)})
        assert result.error_code == "NETWORK_ERROR" and result.retryable
        assert result.request_sent is False
        unreachable.close()


def test_a_failing_call_in_a_batch_does_not_lose_the_others(backend, db):
    define_probe(db, "RAISE EXCEPTION 'simulated' USING ERRCODE = '40001';")
    items, total = order(("water", 1))
    calls = [
        ("sp_process_bar_order", bar_order_args(card(15), items, total)),
        HEARTBEAT,
        ("sp_process_bar_order", bar_order_args(card(15), items, total)),
    ]
    first, busy, last = backend.call_many(calls)
    assert first.ok and last.ok and busy.error_code == "DATABASE_BUSY"
    assert balance(db, card(15)) == 2000 - 2 * total
