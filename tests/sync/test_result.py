"""sync.result: a JSON answer closes a request only if it is a contract answer about that
request (same client_request_id and card; for an order, the total sent)."""

from __future__ import annotations

import pytest

from sync.result import result_from_json

REQUEST_ID = "01890a5d-ac96-774b-bcce-b302099a8057"
ORDER_ARGS = {"p_client_request_id": REQUEST_ID, "p_card_uid": "04DE0000000001",
              "p_items": [{"product_id": "beer", "quantity": 1}], "p_expected_total_cents": 500}  # fmt: skip
GOOD = {"success": True, "client_request_id": REQUEST_ID, "card_uid": "04DE0000000001", "total_cents": 500}


def order_result(answer):
    return result_from_json(answer, "sp_process_bar_order", ORDER_ARGS)


def test_a_matching_success_closes_the_request():
    assert order_result(GOOD).ok
    assert order_result({**GOOD, "client_request_id": REQUEST_ID.upper()}).ok


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        ({"success": True}, "another client_request_id"),
        ({**GOOD, "client_request_id": "01890a5d-ac96-774b-bcce-b302099a8058"}, "another client_request_id"),
        ({**GOOD, "card_uid": "04DE0000000002"}, "another card"),
        ({**GOOD, "card_uid": None}, "another card"),
        ({**GOOD, "total_cents": 400}, "total"),
        ({**GOOD, "total_cents": "500"}, "total"),
        ({k: v for k, v in GOOD.items() if k != "total_cents"}, "total"),
        ({**GOOD, "success": 1}, "boolean success"),
        ([GOOD], "not a JSON object"),
        (None, "not a JSON object"),
        ({"success": False, "error_code": "SOMETHING_ELSE"}, "contract error code"),
        ({"success": False}, "contract error code"),
        ({"success": False, "error_code": "UNAUTHORIZED", "client_request_id": "x"},
         "another client_request_id"),
    ],
)
def test_anything_else_is_a_retryable_non_answer(answer, why):
    result = order_result(answer)
    assert result.error_code == "SERVER_ERROR" and result.retryable and not result.answered
    assert why in result.message


@pytest.mark.parametrize("code", ["UNAUTHORIZED", "OFFLINE_LIMIT_EXCEEDED", "CARD_BLOCKED", "REQUEST_VOIDED",
                                  "LOGIN_LOCKED", "IDEMPOTENCY_CONFLICT", "PRICE_MISMATCH"])
def test_a_contract_refusal_is_an_answer(code):
    result = order_result({"success": False, "error_code": code, "client_request_id": REQUEST_ID})
    assert result.error_code == code and result.answered and not result.retryable


def test_calls_without_a_request_id_check_the_card_only():
    args = {"p_card_uid": "04DE0000000001"}
    assert result_from_json({"success": True, "card_uid": "04DE0000000001"}, "sp_card_status", args).ok
    forged = result_from_json({"success": True, "card_uid": "04DE0000000009"}, "sp_card_status", args)
    assert forged.retryable
    assert result_from_json({"success": True, "device": {}}, "sp_device_config", {"p_device_id": "k"}).ok
