"""The attendee portal over HTTP on the real festival-server (forms posted as a browser
without JavaScript posts them): lookup, languages, rate limit, top-up through the Stripe
stand-in, refund request once; the code never in the logs."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.portal.conftest import PortalServer
from tests.sql.contract import balance, card


def browser(portal: PortalServer, language: str = "en") -> httpx.Client:
    return httpx.Client(base_url=portal.url, headers={"Accept-Language": language}, timeout=15)


def csrf(page: httpx.Response) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def look_up(client: httpx.Client, code: str) -> httpx.Response:
    home = client.get("/")
    return client.post("/lookup", data={"csrf": csrf(home), "code": code})


def test_the_portal_speaks_the_browsers_language_and_switches(portal):
    with browser(portal, "fr-CH, de;q=0.8") as client:
        assert "Code de la carte" in client.get("/").text
    with browser(portal, "de-DE,de;q=0.9,en;q=0.5") as client:
        page = client.get("/")
        assert "Kartencode" in page.text and '<html lang="de">' in page.text
        switched = client.get("/lang/en", follow_redirects=True)
        assert "Card code" in switched.text
    with browser(portal, "es") as client:
        assert "Card code" in client.get("/").text


def test_a_code_shows_the_balance_and_an_unknown_code_does_not(portal):
    with browser(portal) as client:
        unknown = look_up(client, "DEMO-555")
        assert unknown.status_code == 404 and "No card has this code" in unknown.text
        found = look_up(client, "demo-001")
        assert found.status_code == 303 and found.headers["location"] == "/card"
        page = client.get("/card")
        assert page.status_code == 200 and 'id="balance">€20.00<' in page.text
        assert "Starting balance" in page.text and card(1) not in page.text.split("card_uid")[0]


def test_code_guesses_are_rate_limited_per_client_and_codes_are_never_logged(portal):
    with browser(portal) as client:
        for number in range(1, 11):
            assert look_up(client, f"GUESS-{number:03d}").status_code == 404
        limited = look_up(client, "DEMO-002")  # even a right code, once over the limit
        assert limited.status_code == 429 and "Too many attempts" in limited.text
    log = portal.server.log_text()
    assert "/lookup" in log
    assert "GUESS-" not in log and "DEMO-002" not in log.upper()


def test_a_form_without_its_token_is_refused(portal):
    with browser(portal) as client:
        client.get("/")
        assert client.post("/lookup", data={"code": "DEMO-001"}).status_code == 400
        assert client.post("/lookup", data={"code": "DEMO-001", "csrf": "forged"}).status_code == 400


def test_a_top_up_goes_through_checkout_and_shows_the_credit_once_booked(portal, db):
    with browser(portal) as client:
        look_up(client, "DEMO-003")
        page = client.get("/card")
        over = client.post("/topup", data={"csrf": csrf(page), "amount": "481.00"})
        assert over.status_code == 400  # 20.00 on the card, at most 500.00
        started = client.post("/topup", data={"csrf": csrf(page), "amount": "20.00"})
        assert started.status_code == 303 and started.headers["location"].startswith(portal.standin.base_url)
        waiting = client.get("/card")
        assert "is being confirmed" in waiting.text and 'http-equiv="refresh"' in waiting.text
        paid = httpx.post(started.headers["location"], data={"outcome": "pay"}, timeout=15)
        assert paid.status_code == 303 and paid.headers["location"] == f"{portal.url}/card?topup=done"
        assert balance(db, card(3)) == 4000
        done = client.get("/card?topup=done")
        assert "€20.00 has been added to your card." in done.text and 'id="balance">€40.00<' in done.text
        assert "Online top-up" in done.text
    session = db.execute("SELECT stripe_session_id, metadata->>'currency' FROM recharges").fetchone()
    assert session[0].startswith("cs_test_") and session[1] == "EUR"


def test_a_cancelled_checkout_credits_nothing(portal, db):
    with browser(portal) as client:
        look_up(client, "DEMO-004")
        started = client.post("/topup", data={"csrf": csrf(client.get("/card")), "amount": "10.00"})
        back = httpx.post(started.headers["location"], data={"outcome": "cancel"}, timeout=15)
        assert back.headers["location"].endswith("/card?topup=cancelled")
        assert "The payment was cancelled" in client.get("/card?topup=cancelled").text
    assert balance(db, card(4)) == 2000


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_refund_is_filed_once_with_a_valid_iban(portal, db, language):
    with browser(portal, language) as client:
        look_up(client, "DEMO-005")
        form = client.get("/refund")
        bad = client.post("/refund", data={"csrf": csrf(form), "name": "Ada Lovelace",
                                           "iban": "DE89 3704 0044 0532 0130 01"})
        assert bad.status_code == 422 and 'id="iban-error"' in bad.text
        assert db.execute("SELECT count(*) FROM payout_requests").fetchone() == (0,)
        confirm = client.post("/refund", data={"csrf": csrf(form), "name": "Ada Lovelace",
                                               "iban": "de89 3704 0044 0532 0130 00"})
        assert confirm.status_code == 200 and "DE89 3704 0044 0532 0130 00" in confirm.text
        fields = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', confirm.text))
        filed = client.post("/refund/confirm", data=fields)
        assert filed.status_code == 200 and 'id="refund-done"' in filed.text
        again = client.post("/refund/confirm", data=fields)
        assert again.status_code == 409
        assert ("already filed" if language == "en" else "bereits ein Antrag") in again.text
        card_page = client.get("/card")
        assert 'id="payout-status"' in card_page.text
        assert 'href="/refund"' not in card_page.text
    assert db.execute("SELECT name, iban, status FROM payout_requests").fetchall() == [
        ("Ada Lovelace", "DE89370400440532013000", "pending")]
    assert db.execute("SELECT status FROM cards WHERE card_uid = %s", (card(5),)).fetchone() == ("blocked",)
