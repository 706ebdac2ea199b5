"""Backend transport 2: the contract functions over HTTP in PostgREST's RPC shape (the
kiosk gateway `festival-server`, or PostgREST / Supabase), with httpx.

`POST {backend_url}/{function}` with the named arguments as a JSON object, the device token as
`Authorization: Bearer` and as `apikey` (Supabase wants both). `backend_url` is the RPC base:
`https://pay.example.org/rpc`, `https://x.supabase.co/rest/v1/rpc`.

Only a 200 with a contract answer that matches the request closes a request (see
`sync.result.result_from_json`). Everything else is a retryable non-answer whose message says
why, so the outbox row stays pending: a redirect (never followed), any other status (401,
403 and 407 included: a credential or proxy problem is not a refusal of the sale), an HTML
page, an empty, truncated or binary body, a dropped connection. Connection failures and
timeouts are NETWORK_ERROR, busy SQLSTATEs DATABASE_BUSY, the rest SERVER_ERROR.

Every call has a total deadline (connect + send + the whole answer): httpx's timeouts apply
to each network operation, so a server dripping one byte at a time would never trip them.
The transport's network streams bound every connect, read and write by the deadline of the
call running on that thread (`_call_deadline`), headers included.
"""

from __future__ import annotations

import json
import ssl
import threading
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

import httpcore
import httpx

from sync.errors import BUSY_SQLSTATES, DATABASE_BUSY, NETWORK_ERROR, SERVER_ERROR
from sync.result import BackendResult, check_call_names, result_from_json

MAX_ANSWER_BYTES = 64 * 1024 * 1024  # a full card list of a large event is a few MB
_call_deadline = threading.local()  # .value: time.monotonic() deadline of this thread's call


def _json_default(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot send {type(value).__name__} as JSON: {value!r}")


def _bounded(timeout: float | None, expired: type[Exception]) -> float | None:
    """`timeout` cut to what is left of this thread's call deadline; `expired` once it passed."""
    deadline = getattr(_call_deadline, "value", None)
    if deadline is None:
        return timeout
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise expired("the call's deadline has passed")
    return remaining if timeout is None else min(timeout, remaining)


class DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every read and write ends by the current call's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, timeout=_bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, timeout=_bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(
            ssl_context, server_hostname=server_hostname, timeout=_bounded(timeout, httpcore.ConnectTimeout)
        )
        return DeadlineStream(inner)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's socket backend with DeadlineStream connections."""

    def __init__(self) -> None:
        self._sync = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        stream = self._sync.connect_tcp(
            host, port, timeout=_bounded(timeout, httpcore.ConnectTimeout),
            local_address=local_address, socket_options=socket_options,
        )
        return DeadlineStream(stream)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        stream = self._sync.connect_unix_socket(
            path, timeout=_bounded(timeout, httpcore.ConnectTimeout), socket_options=socket_options
        )
        return DeadlineStream(stream)

    def sleep(self, seconds: float) -> None:
        self._sync.sleep(seconds)


class DeadlineTransport(httpx.HTTPTransport):
    """httpx's HTTP transport over a connection pool built on DeadlineBackend. (httpx has no
    parameter for the network backend: its `_pool` is replaced by an equivalent pool.)"""

    def __init__(self, *, verify: Any = True, limits: httpx.Limits | None = None) -> None:
        limits = limits or httpx.Limits(max_connections=16, max_keepalive_connections=8)
        super().__init__(verify=verify, limits=limits, trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify, trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=DeadlineBackend(),
        )


def _error_detail(body: bytes) -> tuple[str, str]:
    """(sqlstate or PostgREST code, message) from an error body, if it is one."""
    try:
        detail = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return "", ""
    if not isinstance(detail, dict):
        return "", ""
    return str(detail.get("code") or "")[:40], str(detail.get("message") or "")[:300]


def result_from_http(
    status: int,
    body: bytes,
    *,
    function: str | None = None,
    args: Mapping[str, Any] | None = None,
    location: str | None = None,
) -> BackendResult:
    """Map an HTTP answer to a BackendResult: only a 200 can carry a contract answer; every
    other status is a retryable non-answer (see the module docstring)."""
    if status == 200:
        if not body:
            return BackendResult.failure(SERVER_ERROR, "not a contract answer (HTTP 200 with an empty body)")
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            return BackendResult.failure(
                SERVER_ERROR, f"not a contract answer (HTTP 200, not JSON): {body[:120]!r}"
            )
        return result_from_json(data, function, args)
    sqlstate, text = _error_detail(body)
    where = f"HTTP {status}" + (f" {sqlstate}" if sqlstate else "")
    text = text or (body[:120].decode("utf-8", "replace") if body else "no details")
    if 300 <= status < 400:
        return BackendResult.failure(
            SERVER_ERROR, f"the backend redirected the call ({where}) to {location or '?'}: not followed"
        )
    if sqlstate in BUSY_SQLSTATES:
        return BackendResult.failure(DATABASE_BUSY, f"the database is busy ({where}): {text}")
    if status in (502, 503, 504) or sqlstate.startswith("08") or sqlstate == "57014":
        message = f"the backend cannot reach its database ({where}): {text}"
        return BackendResult.failure(NETWORK_ERROR, message)
    if status in (401, 403, 407) or sqlstate == "42501":
        return BackendResult.failure(
            SERVER_ERROR, f"the backend refused this device's credential ({where}): {text}; "
            "the request is kept and sent again"
        )
    return BackendResult.failure(SERVER_ERROR, f"the backend did not answer the call ({where}): {text}")


class RestBackend:
    """Calls the contract functions through a PostgREST-compatible RPC endpoint; thread-safe
    (httpx.Client is; the call deadline is per thread)."""

    def __init__(
        self,
        base_url: str,
        api_key: str | None = None,
        *,
        timeout_s: float = 5.0,
        connect_timeout_s: float = 3.0,
        access_token: str | None = None,
        ca_file: str | None = None,
        transport: httpx.BaseTransport | None = None,
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
            base_url=self.base_url,
            headers=headers,
            timeout=httpx.Timeout(timeout_s, connect=min(connect_timeout_s, timeout_s)),
            transport=transport or DeadlineTransport(verify=ca_file or True),
            follow_redirects=False,
            trust_env=False,
        )

    def __repr__(self) -> str:
        return f"RestBackend({self.base_url!r})"

    def call(self, function: str, args: dict, *, timeout_s: float | None = None) -> BackendResult:
        check_call_names(function, args)
        budget = self.timeout_s if timeout_s is None else timeout_s
        try:
            body = json.dumps(args, default=_json_default, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise ValueError(str(exc)) from None
        timeout = httpx.Timeout(budget, connect=min(self.connect_timeout_s, budget))
        deadline = time.monotonic() + budget
        _call_deadline.value = deadline
        try:
            with self._client.stream("POST", f"/{function}", content=body, timeout=timeout) as response:
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_ANSWER_BYTES:
                        return BackendResult.failure(
                            SERVER_ERROR, f"not a contract answer (over {MAX_ANSWER_BYTES} bytes)"
                        )
                    chunks.append(chunk)
                    if time.monotonic() > deadline:
                        raise httpx.ReadTimeout("the call's deadline has passed")
                status, location = response.status_code, response.headers.get("location")
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            return BackendResult.failure(
                NETWORK_ERROR, f"the backend cannot be reached: {exc}", request_sent=False
            )
        except httpx.TimeoutException:
            return BackendResult.failure(
                NETWORK_ERROR, f"no complete answer from the backend within {budget:.1f} s"
            )
        except httpx.DecodingError as exc:
            return BackendResult.failure(SERVER_ERROR, f"not a contract answer (undecodable body: {exc})")
        except httpx.TransportError as exc:
            why = str(exc) or type(exc).__name__
            return BackendResult.failure(NETWORK_ERROR, f"the connection to the backend failed: {why}")
        finally:
            _call_deadline.value = None
        return result_from_http(status, b"".join(chunks), function=function, args=args, location=location)

    def call_many(
        self, calls: Sequence[tuple[str, dict]], *, timeout_s: float | None = None
    ) -> list[BackendResult]:
        """One request per call, in order, on a kept-alive connection, within one deadline for
        the batch; after a network failure the remaining calls are not attempted (they get the
        same failure, not sent)."""
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
