"""Backend transport 2: the contract functions as PostgREST / Supabase RPC over httpx.

`POST {base}/rest/v1/rpc/{function}` with the named arguments as a JSON object and the
`apikey` and `Authorization: Bearer` headers. HTTP failures map to the same codes as the
psycopg transport: connection problems and timeouts are NETWORK_ERROR, SQLSTATEs 40001,
40P01 and 55P03 are DATABASE_BUSY, other 5xx are SERVER_ERROR, 401/403 are UNAUTHORIZED,
other 4xx are INVALID_REQUEST.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import httpx

from sync.errors import (
    BUSY_SQLSTATES,
    DATABASE_BUSY,
    INVALID_REQUEST,
    NETWORK_ERROR,
    SERVER_ERROR,
    UNAUTHORIZED,
)
from sync.result import BackendResult, check_call_names, result_from_json


def _json_default(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot send {type(value).__name__} as JSON: {value!r}")


def result_from_http(response: httpx.Response) -> BackendResult:
    """Map a PostgREST response (success body or error body) to a BackendResult."""
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        body = None
    status = response.status_code
    if 200 <= status < 300:
        return result_from_json(body)
    detail = body if isinstance(body, dict) else {}
    sqlstate = str(detail.get("code") or "")
    text = str(detail.get("message") or response.reason_phrase or f"HTTP {status}")
    where = f"HTTP {status}" + (f" {sqlstate}" if sqlstate else "")
    if sqlstate in BUSY_SQLSTATES:
        return BackendResult.failure(DATABASE_BUSY, f"the database is busy ({where}): {text}")
    if sqlstate == "57014" or status in (502, 503, 504) or sqlstate.startswith("08"):
        return BackendResult.failure(
            NETWORK_ERROR, f"the backend cannot reach its database ({where}): {text}"
        )
    if status in (401, 403) or sqlstate == "42501":
        return BackendResult.failure(UNAUTHORIZED, f"not allowed ({where}): {text}")
    if status == 404 or status == 429 or status >= 500 or sqlstate.startswith("PGRST"):
        # 404 is PostgREST's "function not in the schema cache": transient during deploys.
        return BackendResult.failure(SERVER_ERROR, f"the backend failed ({where}): {text}")
    return BackendResult.failure(INVALID_REQUEST, f"the backend could not read the request ({where}): {text}")


class RestBackend:
    """Calls the contract functions through a PostgREST-compatible RPC endpoint; thread-safe
    (httpx.Client is)."""

    def __init__(
        self,
        base_url: str,
        api_key: str | None = None,
        *,
        timeout_s: float = 5.0,
        connect_timeout_s: float = 3.0,
        access_token: str | None = None,
        transport: httpx.BaseTransport | None = None,
        rpc_path: str = "/rest/v1/rpc",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self.connect_timeout_s = connect_timeout_s
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if api_key:
            headers["apikey"] = api_key
        token = access_token or api_key
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._client = httpx.Client(
            base_url=self.base_url + rpc_path,
            headers=headers,
            timeout=httpx.Timeout(timeout_s, connect=min(connect_timeout_s, timeout_s)),
            transport=transport,
        )

    def __repr__(self) -> str:
        return f"RestBackend({self.base_url!r})"

    def call(self, function: str, args: dict, *, timeout_s: float | None = None) -> BackendResult:
        check_call_names(function, args)
        budget = self.timeout_s if timeout_s is None else timeout_s
        timeout = httpx.Timeout(budget, connect=min(self.connect_timeout_s, budget))
        try:
            body = json.dumps(args, default=_json_default)
        except TypeError as exc:
            raise ValueError(str(exc)) from None
        try:
            response = self._client.post(f"/{function}", content=body, timeout=timeout)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            return BackendResult.failure(
                NETWORK_ERROR, f"the backend cannot be reached: {exc}", request_sent=False
            )
        except httpx.TimeoutException:
            return BackendResult.failure(NETWORK_ERROR, f"no answer from the backend within {budget:.1f} s")
        except httpx.TransportError as exc:
            return BackendResult.failure(NETWORK_ERROR, f"the connection to the backend failed: {exc}")
        return result_from_http(response)

    def call_many(
        self, calls: Sequence[tuple[str, dict]], *, timeout_s: float | None = None
    ) -> list[BackendResult]:
        """One request per call, in order, on a kept-alive connection; after a network failure
        the remaining calls are not attempted (they get the same failure, not sent)."""
        budget = self.timeout_s if timeout_s is None else timeout_s
        deadline = time.monotonic() + budget
        results: list[BackendResult] = []
        for function, args in calls:
            remaining = deadline - time.monotonic()
            if results and (remaining <= 0 or results[-1].error_code == NETWORK_ERROR):
                results.append(
                    BackendResult.failure(
                        NETWORK_ERROR, "not sent: an earlier call of this batch failed", request_sent=False
                    )
                )
                continue
            results.append(self.call(function, args, timeout_s=max(remaining, 0.001)))
        return results

    def close(self) -> None:
        self._client.close()
