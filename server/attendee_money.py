"""Attendee money in festival-server: its settings (from the environment) and its routes,
the Stripe webhook and the attendee portal, mounted by `server.gateway.create_app`.

Environment:
  STRIPE_WEBHOOK_SECRET   the webhook endpoint's signing secret (whsec_...); unset: the
                          webhook answers 503
  STRIPE_SECRET_KEY       the API key that creates Checkout sessions; unset: no top-up
  STRIPE_API_BASE         Stripe's API base URL (default Stripe's own; the tests point it
                          at a local stand-in)
  FESTIVAL_PORTAL_URL     the portal's public base URL, for Stripe's return links
                          (default: the URL of the request)
  FESTIVAL_PORTAL_SECRET  the key that signs the portal's session cookie; festival-server
                          makes one per start when unset (shared by its workers)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from psycopg_pool import AsyncConnectionPool
from starlette.routing import BaseRoute, Route

WEBHOOK_SECRET_ENV = "STRIPE_WEBHOOK_SECRET"
SECRET_KEY_ENV = "STRIPE_SECRET_KEY"
API_BASE_ENV = "STRIPE_API_BASE"
PORTAL_URL_ENV = "FESTIVAL_PORTAL_URL"
PORTAL_SECRET_ENV = "FESTIVAL_PORTAL_SECRET"


@dataclass(frozen=True)
class AttendeeMoneySettings:
    webhook_secret: str | None = None
    stripe_secret_key: str | None = None
    stripe_api_base: str | None = None
    portal_url: str | None = None
    session_secret: str | None = None

    @classmethod
    def from_environment(cls, env: Mapping[str, str] = os.environ) -> AttendeeMoneySettings:
        def value(name: str) -> str | None:
            text = env.get(name, "").strip()
            return text or None

        return cls(
            webhook_secret=value(WEBHOOK_SECRET_ENV),
            stripe_secret_key=value(SECRET_KEY_ENV),
            stripe_api_base=value(API_BASE_ENV),
            portal_url=(value(PORTAL_URL_ENV) or "").rstrip("/") or None,
            session_secret=value(PORTAL_SECRET_ENV),
        )


def attendee_routes(pool: AsyncConnectionPool, settings: AttendeeMoneySettings) -> list[BaseRoute]:
    """`POST /stripe/webhook` and the portal's pages at `/`."""
    from server.portal.app import create_portal
    from server.stripe_webhook import StripeWebhook

    return [
        Route("/stripe/webhook", StripeWebhook(pool, settings.webhook_secret).handle, methods=["POST"]),
        *create_portal(pool, settings),
    ]
