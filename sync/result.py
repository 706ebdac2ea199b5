"""The typed answer of a backend call, the Backend interface, and the JSON-to-result mapping
shared by both transports."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

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


def result_from_json(data: Any) -> BackendResult:
    """Map a contract function's JSON answer to a BackendResult (never raises)."""
    if not isinstance(data, dict) or not isinstance(data.get("success"), bool):
        return BackendResult.failure(
            SERVER_ERROR, f"the backend gave an answer outside the contract: {str(data)[:200]!r}"
        )
    if data["success"]:
        return BackendResult(ok=True, data=data, message=str(data.get("message") or ""))
    code = data.get("error_code")
    if not isinstance(code, str) or not code:
        return BackendResult.failure(
            SERVER_ERROR, f"the backend refused without an error code: {str(data)[:200]!r}", data=data
        )
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


@runtime_checkable
class Backend(Protocol):
    """What the kiosk needs from a backend: call a contract function with named arguments."""

    def call(self, function: str, args: dict, *, timeout_s: float | None = None) -> BackendResult:
        """Call `function(name => value, ...)`; never raises for network or SQL errors."""
        ...

    def call_many(
        self, calls: Sequence[tuple[str, dict]], *, timeout_s: float | None = None
    ) -> list[BackendResult]:
        """Call several functions in order, as fast as the transport allows."""
        ...

    def close(self) -> None: ...
