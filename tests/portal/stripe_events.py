"""Stripe webhook events for the tests, signed locally exactly as Stripe signs them:
`Stripe-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, f"{t}.{body}")>` (computed here
with hmac, independently of the `stripe` library the server checks it with)."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time

TEST_WEBHOOK_SECRET = "whsec_test_festival_0123456789abcdef"
_numbers = itertools.count(1)


def sign(body: bytes, secret: str = TEST_WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    stamp = int(time.time()) if timestamp is None else timestamp
    signature = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={stamp},v1={signature}"


def checkout_session(card_uid: str | None, amount_cents: int, *, session_id: str | None = None,
                     currency: str = "eur", payment_status: str = "paid") -> dict:
    """A Checkout session object as Stripe sends it in an event (the fields we read and a few)."""
    metadata = {} if card_uid is None else {"card_uid": card_uid}
    return {
        "id": session_id or f"cs_test_{next(_numbers):06d}{int(time.time() * 1000)}",
        "object": "checkout.session",
        "amount_total": amount_cents,
        "amount_subtotal": amount_cents,
        "currency": currency,
        "mode": "payment",
        "payment_status": payment_status,
        "status": "complete",
        "metadata": metadata,
        "livemode": False,
    }


def event(session: dict, event_type: str = "checkout.session.completed") -> bytes:
    body = {
        "id": f"evt_test_{next(_numbers):06d}",
        "object": "event",
        "api_version": "2024-06-20",
        "created": int(time.time()),
        "type": event_type,
        "livemode": False,
        "data": {"object": session},
    }
    return json.dumps(body).encode()


def headers(body: bytes, **sign_args) -> dict[str, str]:
    return {"Content-Type": "application/json", "Stripe-Signature": sign(body, **sign_args)}
