"""POST /stripe/webhook on the real festival-server: Stripe-signed Checkout events credit a
card once, after commit; bad signatures, stale timestamps and malformed bodies write nothing;
sessions that cannot be credited are answered 2xx and recorded as Stripe problems."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator

import httpx
import psycopg
import pytest

from tests.portal.stripe_events import TEST_WEBHOOK_SECRET, checkout_session, event, headers, sign
from tests.server.gateway_process import GatewayProcess
from tests.sql.contract import balance, card, ledger_mismatches, money_row_counts


@pytest.fixture
def server(gateway_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[GatewayProcess]:
    monkeypatch.setenv("STRIPE_WEBHOOK_SECRET", TEST_WEBHOOK_SECRET)
    process = GatewayProcess(gateway_url).start()
    yield process
    process.close()


def webhook_url(server: GatewayProcess) -> str:
    return f"http://127.0.0.1:{server.port}/stripe/webhook"


def post(server: GatewayProcess, body: bytes,
         request_headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.post(webhook_url(server), content=body,
                      headers=headers(body) if request_headers is None else request_headers, timeout=10)


def problems(db: psycopg.Connection) -> list[tuple]:
    return db.execute(
        "SELECT stripe_session_id, card_uid, amount_cents, error_code"
        " FROM stripe_problems ORDER BY problem_id"
    ).fetchall()


def test_a_paid_session_credits_the_card_before_the_answer(server, db):
    session = checkout_session(card(1), 2500)
    response = post(server, event(session))
    assert response.status_code == 200 and response.json()["credited"] is True
    # the 200 came after the commit: another connection sees the credit at once
    assert balance(db, card(1)) == 4500
    row = db.execute("SELECT amount_cents, payment_method, metadata->>'currency' FROM recharges"
                     " WHERE stripe_session_id = %s", (session["id"],)).fetchone()
    assert row == (2500, "stripe", "EUR")
    assert ledger_mismatches(db) == [] and problems(db) == []


def test_an_async_payment_that_succeeded_credits_too(server, db):
    post(server, event(checkout_session(card(2), 1000), "checkout.session.async_payment_succeeded"))
    assert balance(db, card(2)) == 3000


def test_an_unpaid_session_and_other_events_are_answered_and_ignored(server, db):
    before = money_row_counts(db)
    unpaid = post(server, event(checkout_session(card(1), 2500, payment_status="unpaid")))
    assert unpaid.status_code == 200 and unpaid.json()["ignored"] == "unpaid session"
    other = post(server, event({"id": "pi_1", "object": "payment_intent"}, "payment_intent.succeeded"))
    assert other.status_code == 200 and other.json()["ignored"] == "payment_intent.succeeded"
    assert money_row_counts(db) == before and balance(db, card(1)) == 2000


def test_twenty_concurrent_redeliveries_credit_once(server, db):
    body = event(checkout_session(card(3), 1500))

    async def deliver_all() -> list[httpx.Response]:
        async with httpx.AsyncClient(timeout=30) as client:
            return await asyncio.gather(*(
                client.post(webhook_url(server), content=body, headers=headers(body)) for _ in range(20)))

    responses = asyncio.run(deliver_all())
    assert [r.status_code for r in responses] == [200] * 20
    assert sum(1 for r in responses if r.json()["replayed"] is False) == 1
    assert balance(db, card(3)) == 3500
    assert db.execute("SELECT count(*) FROM ledger WHERE card_uid = %s AND kind = 'recharge'",
                      (card(3),)).fetchone() == (1,)
    assert ledger_mismatches(db) == []


@pytest.mark.parametrize("bad", ["wrong secret", "no header", "tampered body", "old timestamp",
                                 "future-only scheme", "garbage header"])
def test_a_bad_or_stale_signature_is_400_and_writes_nothing(server, db, bad):
    body = event(checkout_session(card(4), 1000))
    request_headers = {
        "wrong secret": headers(body, secret="whsec_someone_else"),
        "no header": {"Content-Type": "application/json"},
        "tampered body": headers(body),  # signed, then changed below
        "old timestamp": headers(body, timestamp=int(time.time()) - 301),
        "future-only scheme": {"Stripe-Signature": sign(body).replace("v1=", "v0=")},
        "garbage header": {"Stripe-Signature": "t=abc,v1=zz"},
    }[bad]
    if bad == "tampered body":
        body = body.replace(b"1000", b"9000")
    before = money_row_counts(db)
    response = post(server, body, request_headers)
    assert response.status_code == 400
    assert money_row_counts(db) == before and balance(db, card(4)) == 2000 and problems(db) == []


@pytest.mark.parametrize("body", [
    b"not json at all",
    b"[]",
    json.dumps({"id": "evt_1", "type": "checkout.session.completed"}).encode(),
    event({**checkout_session(card(5), 1000), "amount_total": "1000"}),
    event({**checkout_session(card(5), 1000), "amount_total": True}),
    event({**checkout_session(card(5), 1000), "metadata": ["04DE0000000005"]}),
    event({**checkout_session(card(5), 1000), "object": "payment_intent"}),
    event({**checkout_session(card(5), 1000), "id": "cs with spaces"}),
])
def test_a_correctly_signed_malformed_body_is_400_and_writes_nothing(server, db, body):
    before = money_row_counts(db)
    assert post(server, body).status_code == 400
    assert money_row_counts(db) == before and problems(db) == []


@pytest.mark.parametrize(("card_uid", "amount", "currency", "code"), [
    ("04DE00000009AA", 1000, "eur", "CARD_NOT_FOUND"),
    (card(95), 1000, "eur", "CARD_BLOCKED"),
    (card(6), 48_001, "eur", "BALANCE_LIMIT_EXCEEDED"),
    (card(6), 1000, "usd", "INVALID_REQUEST"),
    (None, 1000, "eur", "INVALID_REQUEST"),
])
def test_a_paid_session_that_cannot_be_credited_is_2xx_and_a_problem(server, db, card_uid, amount, currency,
                                                                     code):
    session = checkout_session(card_uid, amount, currency=currency)
    body = event(session)
    before = db.execute("SELECT sum(balance_cents) FROM cards").fetchone()
    for _ in range(3):  # Stripe's redeliveries add nothing
        response = post(server, body)
        assert response.status_code == 200 and response.json() == {
            "received": True, "credited": False, "problem": code}
    assert db.execute("SELECT sum(balance_cents) FROM cards").fetchone() == before
    assert db.execute("SELECT count(*) FROM recharges").fetchone() == (0,)
    assert problems(db) == [(session["id"], card_uid, amount, code)]


def test_the_webhook_without_a_configured_secret_refuses_everything(gateway_url, db, monkeypatch):
    monkeypatch.delenv("STRIPE_WEBHOOK_SECRET", raising=False)
    process = GatewayProcess(gateway_url).start()
    try:
        body = event(checkout_session(card(1), 2500))
        assert post(process, body).status_code == 503
    finally:
        process.close()
    assert balance(db, card(1)) == 2000


def test_problems_reach_the_review_until_a_person_resolves_them(server, db):
    session = checkout_session(card(96), 1500)
    post(server, event(session))
    (open_problems,) = db.execute("SELECT review_stripe_problems()").fetchone()
    assert [(p["stripe_session_id"], p["error_code"], p["currency"]) for p in open_problems] == [
        (session["id"], "CARD_BLOCKED", "EUR")]
    assert db.execute("SELECT resolve_stripe_problem(%s, 'refunded in the Stripe dashboard')",
                      (open_problems[0]["problem_id"],)).fetchone() == (True,)
    assert db.execute("SELECT review_stripe_problems()").fetchone() == ([],)


def test_when_the_recharge_cannot_be_recorded_stripe_is_told_to_retry(server, db):
    session = checkout_session(card(17), 1200)
    body = event(session)
    recharge = "sp_process_stripe_recharge(text, text, bigint, jsonb)"
    db.execute(f"REVOKE EXECUTE ON FUNCTION {recharge} FROM payments")
    assert post(server, body).status_code == 503
    assert balance(db, card(17)) == 2000 and problems(db) == []
    db.execute(f"GRANT EXECUTE ON FUNCTION {recharge} TO payments")
    retried = post(server, body)  # Stripe's retry, the same event
    assert retried.status_code == 200 and retried.json()["credited"] is True
    assert balance(db, card(17)) == 3200 and ledger_mismatches(db) == []
