"""The typed answer of a backend call and the JSON-to-result mapping shared by both
transports (the Backend interface itself is in sync.backend)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sync.errors import SERVER_ERROR, is_retryable


@dataclass(frozen=True)
class BackendResult:
    """One call's outcome: `ok` with the function's JSON in `data`, or an error code.

    `retryable` is true only for NETWORK_ERROR, DATABASE_BUSY and SERVER_ERROR.
    `request_sent` is false when the request certainly never left the kiosk (the connection
    could not be opened); when it is true the server may or may not have executed it.
    """

    ok: bool
    data: dict = field(default_factory=dict)
    error_code: str | None = None
    message: str = ""
    retryable: bool = False
    request_sent: bool = True

    @classmethod
    def failure(
        cls, error_code: str, message: str, *, data: dict | None = None, request_sent: bool = True
    ) -> BackendResult:
        return cls(
            ok=False,
            data=data or {},
            error_code=error_code,
            message=message,
            retryable=is_retryable(error_code),
            request_sent=request_sent,
        )

    @property
    def answered(self) -> bool:
        """True when the backend gave an answer (success or a business error)."""
        return self.ok or not self.retryable


# The error codes a backend may answer with (DESIGN, "The backend contract"); a refusal with
# any other code is not a contract answer.
CONTRACT_ERROR_CODES = frozenset(
    {
        "INVALID_REQUEST", "CARD_NOT_FOUND", "CARD_BLOCKED", "INSUFFICIENT_FUNDS", "PRODUCT_NOT_FOUND",
        "PRICE_MISMATCH", "AMOUNT_OUT_OF_RANGE", "BALANCE_LIMIT_EXCEEDED", "OFFLINE_LIMIT_EXCEEDED",
        "UNAUTHORIZED", "LOGIN_LOCKED", "IDEMPOTENCY_CONFLICT", "REQUEST_VOIDED",
    }
)  # fmt: skip
BAR_ORDER_FUNCTION = "sp_process_bar_order"
OPEN_SHIFT_FUNCTION = "sp_open_cash_shift"
CLOSE_SHIFT_FUNCTION = "sp_close_cash_shift"
MOVE_CASH_FUNCTION = "sp_move_cash"
# the whole-cent figures a cash-shift success answer must carry (a close is shown to the cashier
# as expected / counted / difference: a missing or non-integer figure is not an answer)
_SHIFT_FIGURES = {
    OPEN_SHIFT_FUNCTION: ("opening_float_cents",),
    CLOSE_SHIFT_FUNCTION: ("opening_float_cents", "expected_cash_cents", "counted_cash_cents",
                           "difference_cents"),
    MOVE_CASH_FUNCTION: ("amount_cents", "expected_cash_cents"),
}


def not_an_answer(why: str, data: Any = None) -> BackendResult:
    """A retryable SERVER_ERROR: what came back cannot close the request (it stays pending)."""
    shown = f": {str(data)[:200]!r}" if data is not None else ""
    return BackendResult.failure(SERVER_ERROR, f"not a contract answer ({why}){shown}")


def _same_request_id(answered: Any, sent: Any) -> bool:
    return isinstance(answered, str) and answered.strip().lower() == str(sent).strip().lower()


def mismatch(data: dict, function: str | None, args: Mapping[str, Any]) -> str | None:
    """Why an answer is not about the request it came back for, or None when it matches: the
    same client_request_id and card_uid (when the request names them), and for an order on
    success the total it was sent with."""
    names_request = "p_client_request_id" in args and (data["success"] or "client_request_id" in data)
    if names_request and not _same_request_id(data.get("client_request_id"), args["p_client_request_id"]):
        return "it is about another client_request_id"
    if data["success"] and "p_card_uid" in args and data.get("card_uid") != args["p_card_uid"]:
        return "it is about another card"
    if data["success"] and function == BAR_ORDER_FUNCTION:
        total = data.get("total_cents")
        if isinstance(total, bool) or total != args.get("p_expected_total_cents"):
            return "its total is not the order's"
    if data["success"] and function in _SHIFT_FIGURES:
        return _shift_mismatch(data, function, args)
    return None


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _shift_mismatch(data: dict, function: str, args: Mapping[str, Any]) -> str | None:
    """Why a cash-shift success answer is not about its request: the shift (its id is the open's
    request id), the staff member (for an open), the amounts sent, and whole-cent figures."""
    for name in _SHIFT_FIGURES[function]:
        if not _whole(data.get(name)):
            return f"its {name} is not a whole number of cents"
    if function == OPEN_SHIFT_FUNCTION:
        if not _same_request_id(data.get("shift_id"), args.get("p_client_request_id")):
            return "it is about another shift"
        if data.get("staff_id") != args.get("p_staff_id"):
            return "it is about another staff member"
        if data.get("opening_float_cents") != args.get("p_opening_float_cents"):
            return "its float is not the one sent"
    elif function == CLOSE_SHIFT_FUNCTION:
        named = args.get("p_shift_id")
        if named is not None and not _same_request_id(data.get("shift_id"), named):
            return "it is about another shift"
        if data.get("counted_cash_cents") != args.get("p_counted_cash_cents"):
            return "its count is not the one sent"
        if data["difference_cents"] != data["counted_cash_cents"] - data["expected_cash_cents"]:
            return "its difference is not counted minus expected"
    else:
        if not _same_request_id(data.get("shift_id"), args.get("p_shift_id")):
            return "it is about another shift"
        if data.get("amount_cents") != args.get("p_amount_cents") or data.get("direction") != args.get(
            "p_direction"
        ):
            return "its amount or direction is not the one sent"
    return None


def result_from_json(
    data: Any, function: str | None = None, args: Mapping[str, Any] | None = None
) -> BackendResult:
    """Map a contract function's JSON answer to a BackendResult (never raises).

    Only a contract answer closes a request: a JSON object with a boolean `success`; a refusal
    with an `error_code` from the contract's list; given the request's `function` and `args`,
    an answer about that request (see `mismatch`). Anything else is a retryable
    SERVER_ERROR that says why, so the outbox row stays pending."""
    if not isinstance(data, dict):
        return not_an_answer("not a JSON object", data)
    if not isinstance(data.get("success"), bool):
        return not_an_answer("no boolean success", data)
    if args is not None:
        why = mismatch(data, function, args)
        if why is not None:
            return not_an_answer(why, data)
    if data["success"]:
        return BackendResult(ok=True, data=data, message=str(data.get("message") or ""))
    code = data.get("error_code")
    if not isinstance(code, str) or code not in CONTRACT_ERROR_CODES:
        return not_an_answer("a refusal without a contract error code", data)
    message = data.get("message")
    return BackendResult.failure(code, str(message) if message else code.replace("_", " ").lower(), data=data)


# The contract's names (sp_..., p_...): never an SQL keyword, safe in a URL and unquoted SQL.
FUNCTION_NAME = re.compile(r"^sp_[a-z0-9_]{1,60}$")
ARGUMENT_NAME = re.compile(r"^p_[a-z0-9_]{1,60}$")


def check_call_names(function: str, names: Iterable[str]) -> None:
    """ValueError unless `function` and every argument name follow the contract's naming."""
    if not isinstance(function, str) or not FUNCTION_NAME.match(function):
        raise ValueError(f"not a function name: {function!r}")
    for name in names:
        if not isinstance(name, str) or not ARGUMENT_NAME.match(name):
            raise ValueError(f"not an argument name: {name!r}")
