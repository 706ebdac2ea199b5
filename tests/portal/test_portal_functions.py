"""sp_portal_card and sp_request_payout, called as the portal calls them (a `payments` member):
a card by its printed code in words, and one payout request that freezes the card."""

from __future__ import annotations

import threading
from datetime import datetime

import psycopg
import pytest

from tests.sql.contract import assert_failure, balance, bar_order, call, card, items

GOOD_IBAN = "DE89370400440532013000"


def portal_card(conn: psycopg.Connection, code: str) -> dict:
    return call(conn, "sp_portal_card", p_printed_code=code)


def request_payout(conn: psycopg.Connection, number: int, *, code: str | None = None,
                   name: str = "Ada Lovelace", iban: str = GOOD_IBAN, donate: bool = False) -> dict:
    return call(conn, "sp_request_payout", p_card_uid=card(number),
                p_printed_code=code or f"DEMO-{number:03d}", p_name=name, p_iban=iban, p_donate=donate)


def test_a_card_by_its_code_shows_balance_and_history_in_words(gateway_url, kiosk_url, db):
    with psycopg.connect(kiosk_url, autocommit=True) as kiosk:
        sale = bar_order(kiosk, card(7), items(("beer", 2), ("water", 1)))
    assert sale["success"] is True
    with psycopg.connect(gateway_url, autocommit=True) as portal:
        answer = portal_card(portal, " demo-007 ")
    assert answer["success"] is True and answer["card_uid"] == card(7)
    assert (answer["status"], answer["balance_cents"], answer["payout"]) == ("active", 800, None)
    order, initial = answer["history"]
    assert (order["kind"], order["amount_cents"], order["where"]) == ("order", -1200, "Main bar")
    assert order["items"] == [{"name": "Beer", "quantity": 2}, {"name": "Water", "quantity": 1}]
    assert (initial["kind"], initial["amount_cents"]) == ("initial", 2000)
    assert datetime.fromisoformat(order["at"]) >= datetime.fromisoformat(initial["at"])
    # no request ids, no staff
    text = str(answer)
    assert sale["client_request_id"] not in text and "staff" not in text
    assert answer["currency"] == "EUR" and answer["max_topup_cents"] == 50_000 - 800
    assert answer["refund_open"] is True


def test_an_unknown_code_is_card_not_found_and_bad_codes_are_refused(gateway_url):
    with psycopg.connect(gateway_url, autocommit=True) as portal:
        assert_failure(portal_card(portal, "DEMO-999"), "CARD_NOT_FOUND")
        assert_failure(portal_card(portal, "   "), "INVALID_REQUEST")
        assert_failure(portal_card(portal, "X" * 65), "INVALID_REQUEST")
        assert_failure(call(portal, "sp_portal_card", p_printed_code=None), "INVALID_REQUEST")


def test_only_payments_members_may_call_the_portal_functions(kiosk_url, shared_kiosk_url, payments_url):
    for url in (kiosk_url, shared_kiosk_url):
        with psycopg.connect(url, autocommit=True) as conn:
            for function in ("sp_portal_card(%s)", "sp_request_payout(%s, 'DEMO-001', 'A', 'DE', false)"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(f"SELECT {function}", (card(1),) if "payout" in function else ("DEMO-001",))
    with psycopg.connect(payments_url, autocommit=True) as payments:
        assert portal_card(payments, "DEMO-001")["success"] is True


def test_a_payout_request_freezes_the_card_once_and_kiosks_learn_it(gateway_url, kiosk_url, db):
    with psycopg.connect(gateway_url, autocommit=True) as portal:
        filed = request_payout(portal, 8, iban="de89 3704 0044 0532 0130 00")
        assert filed["success"] is True and filed["payout"]["status"] == "pending"
        again = request_payout(portal, 8, iban="FR1420041010050500013M02606", name="Someone Else")
        assert_failure(again, "PAYOUT_ALREADY_FILED")
        assert again["payout"]["status"] == "pending"
        seen = portal_card(portal, "DEMO-008")
    assert seen["status"] == "blocked" and seen["payout"]["status"] == "pending"
    assert db.execute("SELECT name, iban, donate, status FROM payout_requests").fetchall() == [
        ("Ada Lovelace", GOOD_IBAN, False, "pending")]
    assert db.execute("SELECT previous_status, new_status, device_id, operator FROM card_status_changes"
                      " WHERE card_uid = %s", (card(8),)).fetchall() == [
        ("active", "blocked", None, "portal")]
    with psycopg.connect(kiosk_url, autocommit=True) as kiosk:
        changed = call(kiosk, "sp_cards_changed_since", p_device_id="kiosk-bar-1", p_since=None)
        assert {c["card_uid"]: c["status"] for c in changed["cards"]}[card(8)] == "blocked"
        assert_failure(bar_order(kiosk, card(8), items(("beer", 1))), "CARD_BLOCKED")
    assert balance(db, card(8)) == 2000


@pytest.mark.parametrize(("overrides", "code"), [
    ({"code": "DEMO-009"}, "CARD_NOT_FOUND"),           # another card's code
    ({"iban": "DE89370400440532013001"}, "INVALID_REQUEST"),  # check digits wrong
    ({"iban": "not an iban"}, "INVALID_REQUEST"),
    ({"name": "   "}, "INVALID_REQUEST"),
    ({"name": "x" * 71}, "INVALID_REQUEST"),
])
def test_a_bad_payout_request_is_refused_and_changes_nothing(gateway_url, db, overrides, code):
    with psycopg.connect(gateway_url, autocommit=True) as portal:
        assert_failure(request_payout(portal, 10, **overrides), code)
    assert db.execute("SELECT count(*) FROM payout_requests").fetchone() == (0,)
    assert db.execute("SELECT status FROM cards WHERE card_uid = %s", (card(10),)).fetchone() == ("active",)


def test_no_payout_request_for_a_blocked_card_or_after_the_deadline(gateway_url, db):
    with psycopg.connect(gateway_url, autocommit=True) as portal:
        assert_failure(request_payout(portal, 95), "CARD_BLOCKED")
        db.execute("UPDATE event_settings SET refund_deadline = now() - interval '1 second'")
        assert_failure(request_payout(portal, 11), "REFUND_DEADLINE_PASSED")
        assert portal_card(portal, "DEMO-011")["refund_open"] is False
    assert db.execute("SELECT count(*) FROM payout_requests").fetchone() == (0,)


def test_two_payout_requests_at_once_file_one(gateway_url, db):
    answers: list[dict] = []
    barrier = threading.Barrier(2)

    def file_one(name: str) -> None:
        with psycopg.connect(gateway_url, autocommit=True) as portal:
            barrier.wait()
            answers.append(request_payout(portal, 12, name=name))

    threads = [threading.Thread(target=file_one, args=(name,)) for name in ("First", "Second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(a["success"] for a in answers) == [False, True]
    assert [a.get("error_code") for a in answers if not a["success"]] == ["PAYOUT_ALREADY_FILED"]
    assert db.execute("SELECT count(*) FROM payout_requests").fetchone() == (1,)
    assert db.execute("SELECT count(*) FROM card_status_changes WHERE card_uid = %s",
                      (card(12),)).fetchone() == (1,)
