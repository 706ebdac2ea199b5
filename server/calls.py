"""What the gateway accepts as a call: the allow-list of kiosk functions, the argument names,
the request body (a JSON object of named arguments) and the SQL statement built from it.

Plain Python, no HTTP and no database: `parse_arguments` raises `BadCallError` with a message for
the caller; `call_statement` builds `SELECT fn(p_a => %(p_a)s, ...)::text` from names that
were checked against fixed patterns, so they need no quoting.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from psycopg.types.json import Jsonb

# The kiosk functions of the contract (DESIGN.md); nothing else exists behind /rpc.
KIOSK_FUNCTIONS = frozenset(
    {
        "sp_process_bar_order",
        "sp_process_checkpoint_recharge",
        "sp_void_request",
        "sp_set_card_status",
        "sp_card_status",
        "sp_device_config",
        "sp_cards_changed_since",
        "sp_log_nfc_scans",
        "sp_staff_login",
        "sp_staff_logout",
        "sp_open_cash_shift",
        "sp_close_cash_shift",
        "sp_move_cash",
        "sp_device_heartbeat",
    }
)
ARGUMENT_NAME = re.compile(r"^p_[a-z_]{1,40}$")
MAX_BODY_BYTES = 64 * 1024
MAX_ARGUMENTS = 32
INT8_MIN, INT8_MAX = -(2**63), 2**63 - 1


class BadCallError(ValueError):
    """The request cannot be a call of a contract function; the message says why."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise BadCallError(f"argument {key!r} is given twice")
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise BadCallError(f"{name} is not a JSON number")


def _check_numbers(value: Any) -> None:
    """Integers must fit in bigint (the contract's money type); deeper values go as jsonb."""
    if isinstance(value, bool):
        return
    if isinstance(value, int) and not INT8_MIN <= value <= INT8_MAX:
        raise BadCallError(f"the number {value} is out of range")


def parse_arguments(body: bytes) -> dict[str, Any]:
    """The named arguments of a call from its JSON body; objects and arrays become jsonb."""
    try:
        text = body.decode("utf-8")
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise BadCallError("the request body is not UTF-8") from None
    except (json.JSONDecodeError, RecursionError, ValueError) as exc:
        if isinstance(exc, BadCallError):
            raise
        raise BadCallError(f"the request body is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise BadCallError("the request body must be a JSON object of named arguments")
    if len(data) > MAX_ARGUMENTS:
        raise BadCallError(f"too many arguments ({len(data)}, at most {MAX_ARGUMENTS})")
    arguments: dict[str, Any] = {}
    for name, value in data.items():
        if not ARGUMENT_NAME.match(name):
            raise BadCallError(f"not an argument name: {name[:60]!r} (expected p_ and lowercase letters)")
        _check_numbers(value)
        arguments[name] = Jsonb(value) if isinstance(value, dict | list) else value
    return arguments


@functools.lru_cache(maxsize=512)
def call_statement(function: str, names: tuple[str, ...]) -> str:
    """`SELECT function(name => %(name)s, ...)::text`: the answer as JSON text, passed through
    to the caller unparsed (a scalar subquery of the gateway's authenticated statement)."""
    if function not in KIOSK_FUNCTIONS:
        raise BadCallError(f"no function {function!r}")
    for name in names:
        if not ARGUMENT_NAME.match(name):
            raise BadCallError(f"not an argument name: {name!r}")
    return f"SELECT {function}({', '.join(f'{name} => %({name})s' for name in names)})::text"
