"""A minimal local stand-in for Stripe's API and hosted Checkout page, run as a real process
on loopback for the portal tests (Stripe itself cannot be reached from here).

It knows only what the portal uses: `POST /v1/checkout/sessions` (form-encoded, as the
official library sends it; the bearer key must match) answers a session with an `id` and a
`url`; `GET /v1/checkout/sessions/{id}` reads it back. The `url` is a payment page
(`GET /pay/{id}`) with one button; paying (`POST /pay/{id}`) sends the signed
`checkout.session.completed` event to the webhook, as Stripe does, and redirects to the
session's `success_url`. Cancelling redirects to its `cancel_url`.

    python -m tests.portal.stripe_standin --port P --api-key K --webhook-url URL --webhook-secret S
"""

from __future__ import annotations

import argparse
import html
import json
import re
import secrets
import time

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from tests.portal.stripe_events import sign


def parse_stripe_form(pairs: list[tuple[str, str]]) -> dict:
    """Stripe's form encoding (`a[b][0][c]=v`) back into nested dicts and lists."""
    root: dict = {}
    for key, value in pairs:
        parts = re.findall(r"[^\[\]]+", key)
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value

    def listify(node):
        if isinstance(node, dict):
            if node and all(k.isdigit() for k in node):
                return [listify(node[k]) for k in sorted(node, key=int)]
            return {k: listify(v) for k, v in node.items()}
        return node

    return listify(root)


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": {"type": "invalid_request_error", "message": message}}, status_code=status)


def create_standin(api_key: str, webhook_url: str, webhook_secret: str, public_base: str) -> Starlette:
    sessions: dict[str, dict] = {}

    async def create_session(request: Request) -> Response:
        if request.headers.get("authorization") != f"Bearer {api_key}":
            return error(401, "Invalid API Key provided")
        form = parse_stripe_form(list((await request.form()).multi_items()))
        try:
            line = form["line_items"][0]
            amount = int(line["price_data"]["unit_amount"]) * int(line.get("quantity", 1))
            currency = line["price_data"]["currency"]
            success_url, cancel_url = form["success_url"], form["cancel_url"]
        except (KeyError, IndexError, ValueError, TypeError):
            return error(400, "line_items, success_url and cancel_url are required")
        session_id = "cs_test_" + secrets.token_hex(12)
        session = {
            "id": session_id, "object": "checkout.session", "amount_total": amount, "currency": currency,
            "metadata": form.get("metadata", {}), "mode": form.get("mode", "payment"),
            "payment_status": "unpaid", "status": "open", "success_url": success_url,
            "cancel_url": cancel_url, "url": f"{public_base}/pay/{session_id}", "livemode": False,
            "created": int(time.time()),
        }
        sessions[session_id] = session
        return JSONResponse(session)

    async def read_session(request: Request) -> Response:
        session = sessions.get(request.path_params["session_id"])
        return JSONResponse(session) if session else error(404, "No such checkout.session")

    async def pay_page(request: Request) -> Response:
        session = sessions.get(request.path_params["session_id"])
        if session is None:
            return HTMLResponse("<p>No such session</p>", 404)
        amount = f"{session['amount_total'] / 100:.2f} {session['currency'].upper()}"
        return HTMLResponse(
            "<!doctype html><meta name='viewport' content='width=device-width'>"
            "<title>Stand-in checkout</title><h1>Stand-in checkout</h1>"
            f"<p id='amount'>{html.escape(amount)}</p>"
            f"<form method='post'><button name='outcome' value='pay'>Pay</button>"
            f"<button name='outcome' value='cancel'>Cancel</button></form>")

    async def pay(request: Request) -> Response:
        session = sessions.get(request.path_params["session_id"])
        if session is None:
            return HTMLResponse("<p>No such session</p>", 404)
        outcome = (await request.form()).get("outcome")
        if outcome != "pay":
            return RedirectResponse(session["cancel_url"], 303)
        session.update(payment_status="paid", status="complete")
        body = json.dumps({"id": "evt_" + secrets.token_hex(12), "object": "event", "type":
                           "checkout.session.completed", "created": int(time.time()),
                           "data": {"object": session}}).encode()
        async with httpx.AsyncClient(timeout=10) as client:
            answer = await client.post(webhook_url, content=body, headers={
                "Content-Type": "application/json", "Stripe-Signature": sign(body, webhook_secret)})
        session["webhook_status"] = answer.status_code
        return RedirectResponse(session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"]), 303)

    async def health(request: Request) -> Response:
        return JSONResponse({"ok": True})

    return Starlette(routes=[
        Route("/v1/checkout/sessions", create_session, methods=["POST"]),
        Route("/v1/checkout/sessions/{session_id}", read_session, methods=["GET"]),
        Route("/pay/{session_id}", pay_page, methods=["GET"]),
        Route("/pay/{session_id}", pay, methods=["POST"]),
        Route("/healthz", health, methods=["GET"]),
    ])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--webhook-url", required=True)
    parser.add_argument("--webhook-secret", required=True)
    args = parser.parse_args()
    base = f"http://127.0.0.1:{args.port}"
    uvicorn.run(create_standin(args.api_key, args.webhook_url, args.webhook_secret, base),
                host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
