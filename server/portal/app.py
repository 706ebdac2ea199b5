"""The attendee portal: server-rendered pages (Jinja2), plain HTML forms, no JavaScript.

    GET  /                 the code form (or the card page when a code was entered)
    POST /lookup           the printed code -> sp_portal_card; rate-limited per client address
    GET  /card             balance, history, top-up and refund choices
    POST /topup            a Stripe Checkout session for the card, then a 303 to Stripe
    GET  /refund           the refund form (name, IBAN, donate)
    POST /refund           checks the IBAN (schwifty) and shows what will be filed
    POST /refund/confirm   sp_request_payout: the card is frozen and the request filed, once
    POST /forget           forgets the card in this browser
    GET  /lang/{code}      the language switch

The card's code lives only in the signed session cookie (HttpOnly, SameSite=Lax) and in the
body of the lookup form: never in a URL, so never in an access log or in Stripe's return
link. Every database call is one `payments` function on the server's pool (role `payments`).
Runs on uvicorn's event loop.
"""

from __future__ import annotations

import functools
import logging
import secrets
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
from jinja2 import Environment, FileSystemLoader, select_autoescape
from psycopg_pool import AsyncConnectionPool, PoolTimeout
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from server.attendee_money import AttendeeMoneySettings
from server.portal.checkout import Checkout, CheckoutError
from server.portal.i18n import LANGUAGES, Words, negotiate
from server.portal.rate_limit import RateLimiter, client_key

log = logging.getLogger("festival.portal")

HERE = Path(__file__).parent
LOOKUP_LIMIT = 10          # code lookups per client address ...
LOOKUP_WINDOW_S = 600.0    # ... within ten minutes
SESSION_MAX_AGE_S = 3600
TOPUP_CHOICES_CENTS = (1000, 2000, 5000, 10000)
MAX_FORM_BYTES = 8 * 1024
# forms post to the portal; the top-up's 303 goes on to Stripe's page
CONTENT_SECURITY_POLICY = "default-src 'self'; form-action 'self' *; frame-ancestors 'none'"
PORTAL_CARD = "SELECT sp_portal_card(p_printed_code => %s)"
REQUEST_PAYOUT = (
    "SELECT sp_request_payout(p_card_uid => %s, p_printed_code => %s, p_name => %s,"
    " p_iban => %s, p_donate => %s)"
)


Endpoint = Callable[[Request], Awaitable[Response]]


class PortalUnavailableError(Exception):
    """The database could not be asked; the attendee is told to try again."""


class PageAnswer(Exception):  # noqa: N818 - not an error: the page's own answer, given early
    """Raised by a page's helper with the answer the page gives instead (a redirect home,
    an error page); Portal.page turns it into the response."""

    def __init__(self, response: Response) -> None:
        super().__init__()
        self.response = response


class Portal:
    def __init__(self, pool: AsyncConnectionPool, settings: AttendeeMoneySettings,
                 *, pool_timeout_s: float = 5.0) -> None:
        self.pool = pool
        self.settings = settings
        self.pool_timeout_s = pool_timeout_s
        self.lookups = RateLimiter(LOOKUP_LIMIT, LOOKUP_WINDOW_S)
        self.checkout = (Checkout(settings.stripe_secret_key, settings.stripe_api_base)
                         if settings.stripe_secret_key else None)
        self.templates = Environment(loader=FileSystemLoader(HERE / "templates"),
                                     autoescape=select_autoescape(["html"]))

    # ---- helpers ---------------------------------------------------------------------------

    def page(self, endpoint: Endpoint) -> Endpoint:
        """The endpoint with the answers its helpers give early: a PageAnswer's response, and
        the "try again" page when the database could not be asked."""
        @functools.wraps(endpoint)
        async def answer(request: Request) -> Response:
            try:
                return await endpoint(request)
            except PageAnswer as early:
                return early.response
            except PortalUnavailableError:
                return self.unavailable(request)
        return answer

    def words(self, request: Request) -> Words:
        chosen = request.session.get("lang")
        return Words(chosen if chosen in LANGUAGES else negotiate(request.headers.get("accept-language")))

    def csrf_token(self, request: Request) -> str:
        token = request.session.get("csrf")
        if not token:
            token = request.session["csrf"] = secrets.token_urlsafe(24)
        return token

    def render(self, request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        words = self.words(request)
        html = self.templates.get_template(template).render(
            t=words, lang=words.language, languages=LANGUAGES, csrf=self.csrf_token(request), **context)
        headers = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
                   "X-Frame-Options": "DENY",
                   "Content-Security-Policy": CONTENT_SECURITY_POLICY}
        return HTMLResponse(html, status_code=status, headers=headers)

    async def form(self, request: Request) -> dict[str, str] | None:
        """The posted form, or None when it is too large or its CSRF token is wrong."""
        declared = request.headers.get("content-length", "0")
        if not declared.isdigit() or int(declared) > MAX_FORM_BYTES:
            return None
        async with request.form(max_files=0, max_fields=20) as data:
            fields = {key: value for key, value in data.items() if isinstance(value, str)}
        expected = request.session.get("csrf")
        if not expected or not secrets.compare_digest(fields.get("csrf", ""), expected):
            return None
        return fields

    async def call(self, statement: str, arguments: tuple) -> dict:
        try:
            async with self.pool.connection(timeout=self.pool_timeout_s) as conn:
                async with conn.transaction():
                    cur = await conn.execute(statement, arguments)
                    row = await cur.fetchone()
                return row[0]
        except (PoolTimeout, psycopg.Error) as exc:
            reason = getattr(exc, "sqlstate", None) or type(exc).__name__
            log.warning("portal database call failed: %s", reason)
            raise PortalUnavailableError from None

    def unavailable(self, request: Request) -> HTMLResponse:
        return self.render(request, "message.html", 503, message=self.words(request)("error_unavailable"))

    def bad_form(self, request: Request) -> HTMLResponse:
        return self.render(request, "message.html", 400, message=self.words(request)("error_form"))

    async def posted_form(self, request: Request) -> dict[str, str]:
        """The posted form (self.form), or the bad-form page as the page's answer."""
        fields = await self.form(request)
        if fields is None:
            raise PageAnswer(self.bad_form(request))
        return fields

    async def session_card(self, request: Request) -> dict:
        """The card of the code in this session, or a redirect to the code form as the
        page's answer."""
        card = await self.current_card(request)
        if card is None:
            raise PageAnswer(RedirectResponse("/", 303))
        return card

    async def current_card(self, request: Request) -> dict | None:
        code = request.session.get("code")
        if not code:
            return None
        card = await self.call(PORTAL_CARD, (code,))
        if not card.get("success"):
            request.session.pop("code", None)
            return None
        return card

    def public_base(self, request: Request) -> str:
        return self.settings.portal_url or str(request.base_url).rstrip("/")

    # ---- pages -----------------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        if request.session.get("code"):
            return RedirectResponse("/card", 303)
        return self.render(request, "home.html")

    async def lookup(self, request: Request) -> Response:
        fields = await self.posted_form(request)
        wait_s = self.lookups.retry_after(client_key(request.client.host if request.client else None))
        if wait_s > 0:
            minutes = max(1, round(wait_s / 60))
            error = self.words(request)("error_rate", minutes=minutes)
            return self.render(request, "home.html", 429, error=error)
        code = fields.get("code", "").strip()
        if not code or len(code) > 64:
            return self.render(request, "home.html", 400, error=self.words(request)("error_code_missing"))
        card = await self.call(PORTAL_CARD, (code,))
        if not card.get("success"):
            return self.render(request, "home.html", 404, error=self.words(request)("error_code_unknown"))
        request.session["code"] = code
        request.session.pop("topup", None)
        return RedirectResponse("/card", 303)

    async def card(self, request: Request) -> Response:
        card = await self.session_card(request)
        topup = request.session.get("topup")
        topup_state = None
        if topup:
            started = datetime.fromisoformat(topup["started_at"])
            booked = any(entry["kind"] == "online_recharge" and entry["amount_cents"] == topup["amount_cents"]
                         and datetime.fromisoformat(entry["at"]) >= started for entry in card["history"])
            if booked:
                topup_state = "booked"
                request.session.pop("topup", None)
            elif request.query_params.get("topup") == "cancelled":
                topup_state = "cancelled"
                request.session.pop("topup", None)
            else:
                topup_state = "waiting"
        choices = [c for c in TOPUP_CHOICES_CENTS if c <= card["max_topup_cents"]]
        can_top_up = (card["status"] == "active" and card["max_topup_cents"] >= 100
                      and self.checkout is not None)
        return self.render(request, "card.html", card=card, topup=topup, topup_state=topup_state,
                           choices=choices, can_top_up=can_top_up)

    async def topup(self, request: Request) -> Response:
        fields = await self.posted_form(request)
        words = self.words(request)
        card = await self.session_card(request)
        if self.checkout is None or card["status"] != "active":
            return self.render(request, "message.html", 409, message=words("error_topup_unavailable"))
        amount = fields.get("amount", "").strip().replace(",", ".")
        try:
            cents = round(float(amount) * 100) if amount.replace(".", "", 1).isdigit() else 0
        except ValueError:
            cents = 0
        if not 100 <= cents <= card["max_topup_cents"]:
            return self.render(request, "message.html", 400, message=words(
                "error_topup_amount", most=words.money(card["max_topup_cents"], card["currency"])))
        base = self.public_base(request)
        try:
            session_id, url = await self.checkout.create(
                card_uid=card["card_uid"], amount_cents=cents, currency=card["currency"],
                product_name=words("topup_product"), success_url=f"{base}/card?topup=done",
                cancel_url=f"{base}/card?topup=cancelled", locale=words.language)
        except CheckoutError as exc:
            log.warning("checkout session not created: %s", exc)
            return self.unavailable(request)
        # the server's clock, in the database's format, to find the booked credit later
        started = await self.call("SELECT to_jsonb(now())", ())
        request.session["topup"] = {"session_id": session_id, "amount_cents": cents, "started_at": started}
        return RedirectResponse(url, 303)

    async def refund_form(self, request: Request) -> Response:
        card = await self.session_card(request)
        return self.render(request, "refund.html", card=card, values={})

    async def refund_check(self, request: Request) -> Response:
        fields = await self.posted_form(request)
        words = self.words(request)
        card = await self.session_card(request)
        name = " ".join(fields.get("name", "").split())
        values = {"name": name, "iban": fields.get("iban", ""), "donate": fields.get("donate") == "yes"}
        errors = {}
        if not 1 <= len(name) <= 70:
            errors["name"] = words("error_name")
        try:
            iban = IBAN(fields.get("iban", ""))
        except SchwiftyException:
            errors["iban"] = words("error_iban")
            iban = None
        if errors:
            return self.render(request, "refund.html", 422, card=card, values=values, errors=errors)
        return self.render(request, "refund_confirm.html", card=card, name=name, iban=iban.compact,
                           iban_formatted=iban.formatted, donate=values["donate"])

    async def refund_confirm(self, request: Request) -> Response:
        fields = await self.posted_form(request)
        words = self.words(request)
        code = request.session.get("code")
        card_uid = fields.get("card_uid", "")
        if not code:
            return RedirectResponse("/", 303)
        try:
            iban = IBAN(fields.get("iban", "")).compact
        except SchwiftyException:
            return self.render(request, "message.html", 422, message=words("error_iban"))
        result = await self.call(REQUEST_PAYOUT, (card_uid, code, fields.get("name", ""), iban,
                                                  fields.get("donate") == "yes"))
        card = await self.current_card(request)
        if result.get("success"):
            return self.render(request, "refund_done.html", card=card, result=result)
        messages = {"PAYOUT_ALREADY_FILED": "refund_already", "REFUND_DEADLINE_PASSED": "refund_closed",
                    "CARD_BLOCKED": "refund_blocked"}
        key = messages.get(result.get("error_code"), "error_form")
        return self.render(request, "message.html", 409, message=words(key), back="/card")

    async def forget(self, request: Request) -> Response:
        await self.posted_form(request)
        request.session.clear()
        return RedirectResponse("/", 303)

    async def language(self, request: Request) -> Response:
        code = request.path_params["code"]
        if code in LANGUAGES:
            request.session["lang"] = code
        return RedirectResponse("/card" if request.session.get("code") else "/", 303)


def create_portal(pool: AsyncConnectionPool, settings: AttendeeMoneySettings) -> list[BaseRoute]:
    """The portal's routes, each behind the session middleware (routes, not one mounted app,
    so that the server's other paths keep their own 404 and 405 answers)."""
    portal = Portal(pool, settings)
    secret = settings.session_secret or secrets.token_urlsafe(32)
    https = (settings.portal_url or "").startswith("https://")
    session = [Middleware(SessionMiddleware, secret_key=secret, session_cookie="festival_portal",
                          max_age=SESSION_MAX_AGE_S, same_site="lax", https_only=https)]
    pages = [
        ("/", portal.home, "GET"),
        ("/lookup", portal.lookup, "POST"),
        ("/card", portal.card, "GET"),
        ("/topup", portal.topup, "POST"),
        ("/refund", portal.refund_form, "GET"),
        ("/refund", portal.refund_check, "POST"),
        ("/refund/confirm", portal.refund_confirm, "POST"),
        ("/forget", portal.forget, "POST"),
        ("/lang/{code}", portal.language, "GET"),
    ]
    return [
        *(Route(path, portal.page(endpoint), methods=[method], middleware=session)
          for path, endpoint, method in pages),
        Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
    ]
