"""`POST /stripe/webhook`: Stripe's Checkout events credit attendees' cards.

The `Stripe-Signature` header is checked with the official `stripe` library against the
endpoint secret (`STRIPE_WEBHOOK_SECRET`), with a 5-minute tolerance for the timestamp. A
bad or missing signature, a stale timestamp or a body that is not a Stripe event is 400 and
nothing is written. `checkout.session.completed` (and `checkout.session.async_payment_succeeded`)
with `payment_status = "paid"` calls `sp_process_stripe_recharge` for `metadata.card_uid`
and `amount_total` (the currency is passed in the metadata: the function refuses another
currency than the event's); the answer is 2xx only after the call's transaction committed,
so Stripe retries whatever did not. A redelivery is answered 2xx and credits nothing more
(the function is idempotent on the session id). A session that cannot be credited (unknown,
blocked or full card, another currency, no card) is answered 2xx: the function recorded it
in `stripe_problems` for `festival-admin review`. Unpaid sessions and other event types are
answered 2xx and ignored.

Runs on uvicorn's event loop; the database call awaits a connection of the server's pool.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import psycopg
import stripe
from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool, PoolTimeout
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

log = logging.getLogger("festival.stripe")

SIGNATURE_TOLERANCE_S = 300
MAX_EVENT_BYTES = 256 * 1024
CREDITING_EVENTS = frozenset({"checkout.session.completed", "checkout.session.async_payment_succeeded"})
RECHARGE = (
    "SELECT sp_process_stripe_recharge(p_stripe_session_id => %s, p_card_uid => %s,"
    " p_amount_cents => %s, p_metadata => %s)"
)
# metadata kept with the recharge (and with a problem): enough for a person to find the payment
KEPT_METADATA = ("card_uid",)


class BadEventError(ValueError):
    """The body is not a Stripe event we can read; the message says why (answered 400)."""


def answer(status: int, **body: Any) -> JSONResponse:
    return JSONResponse(body, status_code=status)


def parse_event(body: bytes) -> dict:
    """The event as a dict; BadEventError unless it has the shape Stripe sends."""
    try:
        event = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise BadEventError(f"the body is not JSON: {exc}") from None
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        raise BadEventError("the body is not a Stripe event (no type)")
    if not isinstance(event.get("id"), str):
        raise BadEventError("the event has no id")
    data = event.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("object"), dict):
        raise BadEventError("the event has no data.object")
    return event


def recharge_arguments(event: dict) -> tuple[str, str, int, dict] | None:
    """(session id, card uid, amount, metadata) of a paid Checkout session, None for an
    unpaid one; BadEventError when a field has the wrong type."""
    session = event["data"]["object"]
    if session.get("object") != "checkout.session":
        raise BadEventError("data.object is not a checkout.session")
    if session.get("payment_status") != "paid":
        return None
    session_id = session.get("id")
    amount = session.get("amount_total")
    currency = session.get("currency")
    metadata = session.get("metadata") or {}
    if not isinstance(session_id, str) or not session_id:
        raise BadEventError("the session has no id")
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise BadEventError("the session's amount_total is not an integer")
    if not isinstance(currency, str):
        raise BadEventError("the session has no currency")
    if not isinstance(metadata, dict):
        raise BadEventError("the session's metadata is not an object")
    card_uid = metadata.get("card_uid")
    card_uid = card_uid if isinstance(card_uid, str) else ""
    kept = {key: str(metadata[key])[:200] for key in KEPT_METADATA if key in metadata}
    kept.update({"currency": currency.upper(), "stripe_event_id": event["id"][:255],
                 "stripe_event_type": event["type"]})
    return session_id, card_uid, amount, kept


class StripeWebhook:
    """The endpoint over the server's pool; `secret` None answers 503 (not configured)."""

    def __init__(self, pool: AsyncConnectionPool, secret: str | None, *, pool_timeout_s: float = 5.0) -> None:
        self.pool = pool
        self.secret = secret
        self.pool_timeout_s = pool_timeout_s

    async def handle(self, request: Request) -> Response:
        if not self.secret:
            return answer(503, error="the Stripe webhook secret is not configured (STRIPE_WEBHOOK_SECRET)")
        declared = request.headers.get("content-length", "0")
        if not declared.isdigit() or int(declared) > MAX_EVENT_BYTES:
            return answer(400, error="missing or oversized body")
        body = await request.body()
        if len(body) > MAX_EVENT_BYTES:
            return answer(400, error="oversized body")
        try:
            stripe.WebhookSignature.verify_header(
                body.decode("utf-8"), request.headers.get("stripe-signature"), self.secret,
                SIGNATURE_TOLERANCE_S,
            )
        except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError):
            log.warning("stripe webhook refused: bad, missing or stale signature")
            return answer(400, error="bad, missing or stale Stripe-Signature")
        try:
            event = parse_event(body)
            if event["type"] not in CREDITING_EVENTS:
                return answer(200, received=True, ignored=event["type"][:100])
            arguments = recharge_arguments(event)
        except BadEventError as exc:
            log.warning("stripe webhook refused: %s", exc)
            return answer(400, error=str(exc))
        if arguments is None:
            return answer(200, received=True, ignored="unpaid session")
        try:
            result = await self._recharge(*arguments)
        except PoolTimeout:
            return answer(503, error="no database connection available in time")
        except psycopg.Error as exc:
            log.warning("stripe recharge of %s failed: %s", arguments[0], exc.sqlstate or type(exc).__name__)
            return answer(503, error="the recharge could not be recorded; retry")
        return self._respond(arguments[0], result)

    async def _recharge(self, session_id: str, card_uid: str, amount: int, metadata: dict) -> dict:
        """One transaction; returns after its commit."""
        async with self.pool.connection(timeout=self.pool_timeout_s) as conn:
            async with conn.transaction():
                cur = await conn.execute(RECHARGE, (session_id, card_uid, amount, Jsonb(metadata)))
                row = await cur.fetchone()
            return row[0]

    def _respond(self, session_id: str, result: dict) -> Response:
        if result.get("success") is True:
            log.info("stripe session %s credited %s cents (replayed: %s)", session_id,
                     result.get("amount_cents"), result.get("replayed"))
            return answer(200, received=True, credited=True, replayed=bool(result.get("replayed")))
        code = result.get("error_code")
        if "client_request_id" in result:
            # the session's recorded outcome: a Stripe problem for a person, or a conflict
            log.warning("stripe session %s credited nothing: %s", session_id, code)
            return answer(200, received=True, credited=False, problem=code)
        if code == "INVALID_REQUEST":
            return answer(400, error=str(result.get("message", "invalid session"))[:200])
        log.warning("stripe session %s not processed: %s", session_id, code)
        return answer(503, error="the recharge could not be processed now; retry")
