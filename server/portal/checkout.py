"""Creates the Stripe Checkout session of a top-up with the official `stripe` library:
`metadata.card_uid`, the amount and the event's currency; Stripe sends the attendee back to
the portal's card page. The API base is configurable (STRIPE_API_BASE), so the tests use a
local stand-in of Stripe's API."""

from __future__ import annotations

import stripe


class CheckoutError(Exception):
    """Stripe did not create the session; the message is for the log, not the attendee."""


class Checkout:
    """One StripeClient (httpx, async) for the server process; runs on the event loop."""

    def __init__(self, secret_key: str, api_base: str | None = None) -> None:
        addresses = {"api": api_base} if api_base else None
        self.client = stripe.StripeClient(
            secret_key, base_addresses=addresses, http_client=stripe.HTTPXClient(allow_sync_methods=False),
            max_network_retries=1,
        )

    async def create(self, *, card_uid: str, amount_cents: int, currency: str, product_name: str,
                     success_url: str, cancel_url: str, locale: str) -> tuple[str, str]:
        """(session id, the URL to send the attendee to)."""
        try:
            session = await self.client.v1.checkout.sessions.create_async(params={
                "mode": "payment",
                "line_items": [{
                    "quantity": 1,
                    "price_data": {"currency": currency.lower(), "unit_amount": amount_cents,
                                   "product_data": {"name": product_name}},
                }],
                "metadata": {"card_uid": card_uid},
                "payment_intent_data": {"metadata": {"card_uid": card_uid}},
                "success_url": success_url,
                "cancel_url": cancel_url,
                "locale": locale,
            })
        except stripe.StripeError as exc:
            raise CheckoutError(f"{type(exc).__name__}: {exc.user_message or exc}") from None
        if not session.id or not session.url:
            raise CheckoutError("Stripe answered a session without id or url")
        return session.id, session.url
