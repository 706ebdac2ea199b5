"""The kiosk gateway: a Starlette application serving `POST /rpc/{function}` in PostgREST's
RPC shape (a JSON object of named arguments in, the function's JSON out with 200).

Why Starlette and not FastAPI: the gateway has one route whose body is *any* JSON object of
`p_...` arguments passed through to PostgreSQL; FastAPI's value (typed request models,
OpenAPI, dependency injection) has nothing to work on here, and Starlette is the smaller
dependency it would be built on anyway. See docs/decisions/024-gateway.md.

Each call: the bearer token's SHA-256 is resolved to a device by `sp_gateway_device`, and in
the same transaction `festival.device_id` is set to that device and the function runs; then
commit. A missing, unknown or revoked token is 401 and no contract function is called. The
application is stateless (a connection pool, nothing else), so several run side by side.
Runs on uvicorn's event loop; every database wait is an `await` on a psycopg async
connection from an `AsyncConnectionPool`.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import AsyncIterator

import psycopg
from psycopg_pool import AsyncConnectionPool, PoolTimeout
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from server.access_log import AccessLogMiddleware
from server.attendee_money import AttendeeMoneySettings, attendee_routes
from server.calls import KIOSK_FUNCTIONS, MAX_BODY_BYTES, BadCallError, call_statement, parse_arguments
from server.errors import error_response, is_connection_failure, status_for

log = logging.getLogger("festival.server")

# One statement, so one round trip and one (implicit, autocommitted) transaction: the device
# the token proves; festival.device_id set to it for this transaction only (set_config's third
# argument); then the function. CASE evaluates its branches in order and only the one taken,
# so for an unknown token (d IS NULL) nothing is set and the function is never called.
AUTHENTICATED_CALL = (
    "SELECT d, CASE WHEN d IS NULL THEN NULL"
    " WHEN set_config('festival.device_id', d, true) = d THEN ({call}) END"
    " FROM sp_gateway_device(%(gateway_token_sha256)s) AS d"
)
# Calls that may be repeated when the connection died under them: idempotent by their
# request id (the contract's money and shift calls) or reading only.
REPEATABLE_READS = frozenset({"sp_card_status", "sp_device_config", "sp_cards_changed_since"})
MAX_TOKEN_CHARS = 512
UNAUTHORIZED_HEADERS = {"WWW-Authenticate": 'Bearer realm="festival"'}


class BodyTooLargeError(Exception):
    pass


class NotAuthenticatedError(Exception):
    pass


def bearer_token(request: Request) -> str | None:
    """The token of `Authorization: Bearer <token>`, or None when absent or malformed."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > MAX_TOKEN_CHARS:
        return None
    if not token.isascii() or not token.isprintable() or " " in token:
        return None
    return token


async def read_body(request: Request) -> bytes:
    """The whole body, refused past MAX_BODY_BYTES by its Content-Length or by what arrives."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > MAX_BODY_BYTES:
                raise BodyTooLargeError
        except ValueError:
            raise BadCallError("the Content-Length header is not a number") from None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise BodyTooLargeError
        chunks.append(chunk)
    return b"".join(chunks)


class Gateway:
    """The `/rpc/{function}` endpoint over one connection pool."""

    def __init__(self, pool: AsyncConnectionPool, *, pool_timeout_s: float = 5.0) -> None:
        self.pool = pool
        self.pool_timeout_s = pool_timeout_s

    async def rpc(self, request: Request) -> Response:
        function = request.path_params["function"]
        if function not in KIOSK_FUNCTIONS:
            return error_response(404, "PGRST202", f"no function {function[:80]!r} here")
        token = bearer_token(request)
        if token is None:
            return error_response(401, "PGRST301", "a device bearer token is required", UNAUTHORIZED_HEADERS)
        content_type = request.headers.get("content-type", "application/json")
        if content_type.split(";")[0].strip().lower() != "application/json":
            return error_response(415, "PGRST107", "the request body must be application/json")
        try:
            body = await read_body(request)
            arguments = parse_arguments(body)
            statement = AUTHENTICATED_CALL.format(call=call_statement(function, tuple(arguments)))
        except BodyTooLargeError:
            return error_response(413, "PGRST413", f"the request body is over {MAX_BODY_BYTES} bytes")
        except BadCallError as exc:
            return error_response(400, "PGRST102", str(exc))
        digest = hashlib.sha256(token.encode()).hexdigest()
        try:
            repeatable = function in REPEATABLE_READS or "p_client_request_id" in arguments
            device_id, answer = await self._call(statement, {**arguments, "gateway_token_sha256": digest},
                                                 repeatable=repeatable)
        except NotAuthenticatedError:
            return error_response(401, "PGRST301", "unknown or revoked device token", UNAUTHORIZED_HEADERS)
        except PoolTimeout:
            return error_response(503, "PGRST003", "no database connection available in time")
        except psycopg.Error as exc:
            status, code, message = status_for(exc)
            if status >= 500:
                log.warning("%s failed: %s %s", function, code, message)
            return error_response(status, code, message)
        request.state.device_id = device_id
        # the function's JSON as PostgreSQL wrote it (NULL as JSON null, as PostgREST does)
        return Response("null" if answer is None else answer, media_type="application/json")

    async def _call(self, statement: str, params: dict, *, repeatable: bool) -> tuple[str, str | None]:
        """Authenticate and call in one autocommitted statement. A connection lost under a
        repeatable call is replaced once (the pool discards broken connections)."""
        for attempt in range(2):
            try:
                async with self.pool.connection(timeout=self.pool_timeout_s) as conn:
                    cur = await conn.execute(statement, params)
                    row = await cur.fetchone()
            except psycopg.Error as exc:
                if attempt == 0 and repeatable and is_connection_failure(exc):
                    log.info("a pooled connection was lost (%s); trying another", exc)
                    continue
                raise
            if row is None or row[0] is None:
                raise NotAuthenticatedError
            return row[0], row[1]
        raise AssertionError("unreachable")

    async def health(self, request: Request) -> Response:
        """Liveness only (no database): for load balancers and the tests' start-up wait."""
        return JSONResponse({"ok": True})


def create_app(
    database_url: str,
    *,
    pool_min: int = 2,
    pool_max: int = 10,
    pool_timeout_s: float = 5.0,
    open_timeout_s: float = 10.0,
) -> Starlette:
    """The gateway application; its pool opens at start-up and closes after the calls in
    flight when uvicorn shuts down."""
    pool = AsyncConnectionPool(
        database_url,
        min_size=pool_min,
        max_size=pool_max,
        open=False,
        kwargs={"application_name": "festival-server", "autocommit": True},
        name="festival-gateway",
    )
    gateway = Gateway(pool, pool_timeout_s=pool_timeout_s)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await pool.open(wait=True, timeout=open_timeout_s)
        try:
            yield
        finally:
            await pool.close()

    app = Starlette(
        routes=[
            Route("/rpc/{function}", gateway.rpc, methods=["POST"]),
            Route("/healthz", gateway.health, methods=["GET"]),
            *attendee_routes(pool, AttendeeMoneySettings.from_environment()),
        ],
        lifespan=lifespan,
    )
    app.add_middleware(AccessLogMiddleware)
    return app
