"""Card status (block, unblock, look up) and the kiosks' offline card cache."""

from __future__ import annotations

import threading
import uuid
from datetime import datetime

import psycopg
import pytest

from tests.sql.contract import (
    BAR,
    assert_failure,
    bar_order,
    call,
    card,
    items,
    money_row_counts,
    recharge,
    staff_login,
)

# online cash recharges need the cashier's open shift
pytestmark = pytest.mark.usefixtures("cashier_shift")


def set_status(conn: psycopg.Connection, card_uid: str, status: str, **overrides) -> dict:
    """sp_set_card_status as the supervisor, after a login the server verified at the bar."""
    args = {"p_card_uid": card_uid, "p_status": status, "p_device_id": "kiosk-bar-1",
            "p_staff_id": "staff-super-1", "p_reason": "lost card", **overrides}
    if args["p_staff_id"] == "staff-super-1" and args["p_device_id"] == "kiosk-bar-1":
        assert staff_login(conn, "staff-super-1")["success"]
    return call(conn, "sp_set_card_status", **args)


def test_blocking_a_card_is_audited_without_a_ledger_row(db):
    counts = money_row_counts(db)
    answer = set_status(db, card(5), "blocked")
    assert answer == {"success": True, "card_uid": card(5), "status": "blocked",
                      "previous_status": "active", "changed": True, "balance_cents": 2000}
    assert money_row_counts(db)[0] == counts[0]  # no ledger row
    audit = db.execute(
        "SELECT previous_status, new_status, device_id, staff_id, reason FROM card_status_changes"
    ).fetchall()
    assert audit == [("active", "blocked", "kiosk-bar-1", "staff-super-1", "lost card")]
    assert_failure(bar_order(db, card(5), items(("beer", 1))), "CARD_BLOCKED")


def test_setting_the_status_a_card_already_has_changes_nothing(db):
    answer = set_status(db, card(95), "blocked")
    assert answer["success"] is True and answer["changed"] is False
    assert db.execute("SELECT count(*) FROM card_status_changes").fetchone() == (0,)


def test_unblocking_lets_the_card_pay_again(db):
    assert set_status(db, card(95), "active", p_reason=None)["changed"] is True
    assert bar_order(db, card(95), items(("beer", 1)))["success"] is True


def test_set_card_status_validates_its_arguments(db):
    assert_failure(set_status(db, card(5), "lost"), "INVALID_REQUEST")
    assert_failure(set_status(db, "04de0000000005", "blocked"), "INVALID_REQUEST")
    assert_failure(set_status(db, card(5), "blocked", p_reason="x" * 501), "INVALID_REQUEST")
    assert_failure(set_status(db, "04DE000000FFFF", "blocked"), "CARD_NOT_FOUND")


def test_card_status_shows_balance_and_the_last_ten_entries_newest_first(db):
    for _ in range(12):
        bar_order(db, card(7), items(("cup-deposit", 1)), request_id=uuid.uuid4())
    answer = call(db, "sp_card_status", p_card_uid=card(7))
    assert answer["success"] is True and answer["status"] == "active"
    assert answer["balance_cents"] == 2000 - 12 * 100
    recent = answer["recent"]
    assert len(recent) == 10
    assert [entry["new_balance_cents"] for entry in recent] == [
        2000 - 100 * n for n in range(12, 2, -1)]
    assert recent[0]["kind"] == "order" and recent[0]["amount_cents"] == -100
    assert recent[0]["device_id"] == "kiosk-bar-1"


def test_card_status_of_unknown_or_malformed_cards(db):
    assert_failure(call(db, "sp_card_status", p_card_uid="04DE0000000999"), "CARD_NOT_FOUND")
    for bad in (None, "", "04:DE:00", "04DE00000000011", "Z" * 14, "0" * 5000):
        assert_failure(call(db, "sp_card_status", p_card_uid=bad), "INVALID_REQUEST")


def changed(conn: psycopg.Connection, since) -> dict:
    return call(conn, "sp_cards_changed_since", p_device_id="kiosk-bar-1", p_since=since)


def test_cards_changed_since_null_is_every_card(db):
    answer = changed(db, None)
    assert answer["success"] is True and len(answer["cards"]) == 100
    first = answer["cards"][0]
    assert set(first) >= {"card_uid", "status", "balance_cents", "updated_at"}
    blocked = {c["card_uid"] for c in answer["cards"] if c["status"] == "blocked"}
    assert blocked == {card(n) for n in range(91, 101)}


def test_passing_as_of_back_returns_the_cards_changed_since(db):
    as_of = changed(db, None)["as_of"]
    bar_order(db, card(3), items(("beer", 1)))
    recharge(db, card(4), 100)
    set_status(db, card(5), "blocked")
    answer = changed(db, as_of)
    got = {c["card_uid"]: c for c in answer["cards"]}
    assert {card(3), card(4), card(5)} <= set(got)
    assert got[card(3)]["balance_cents"] == 1500 and got[card(5)]["status"] == "blocked"
    assert datetime.fromisoformat(answer["as_of"]) >= datetime.fromisoformat(as_of)


def test_as_of_never_misses_a_change_committed_later_by_a_transaction_already_running(db, db_url):
    """A sale whose transaction started before the call commits after it: the next
    call with the returned as_of still returns that card."""
    with psycopg.connect(db_url) as slow:  # not autocommit: one open transaction
        slow.execute("SELECT 1")  # the transaction starts now
        answer_during = changed(db, None)
        call(slow, "sp_process_bar_order", p_client_request_id=uuid.uuid4(),
             p_card_uid=card(6), p_items=items(("beer", 1)), p_expected_total_cents=500,
             **BAR)
        slow.commit()
    answer_after = changed(db, answer_during["as_of"])
    updated = {c["card_uid"]: c["balance_cents"] for c in answer_after["cards"]}
    assert updated.get(card(6)) == 1500


def test_as_of_is_not_later_than_the_start_of_a_concurrent_writer(db, db_url):
    started = threading.Event()
    release = threading.Event()

    def writer() -> None:
        with psycopg.connect(db_url) as conn:
            conn.execute("SELECT 1")
            started.set()
            release.wait(10)
            recharge(conn, card(8), 100)
            conn.commit()

    thread = threading.Thread(target=writer)
    thread.start()
    started.wait(10)
    first = changed(db, None)
    release.set()
    thread.join(10)
    again = {c["card_uid"]: c["balance_cents"] for c in changed(db, first["as_of"])["cards"]}
    assert again.get(card(8)) == 2100


def table_scans(conn: psycopg.Connection, table: str) -> tuple[int, int]:
    """(sequential scans, index scans) of a table so far, as the statistics know them."""
    conn.execute("SELECT pg_stat_force_next_flush()")
    conn.execute("SELECT pg_stat_clear_snapshot()")
    return conn.execute("SELECT seq_scan, coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = %s",
                        (table,)).fetchone()


def test_a_refresh_since_a_time_reads_through_indexes_not_every_card(db):
    """200 kiosks refreshing their caches on 100,000 cards must not each scan the table."""
    db.execute("INSERT INTO cards (card_uid, balance_cents, created_at, updated_at)"
               " SELECT 'CA' || upper(lpad(to_hex(g), 12, '0')), 0, now() - interval '1 day',"
               " now() - interval '1 day' FROM generate_series(1, 20000) g")
    db.execute("ANALYZE cards")
    db.execute("ANALYZE ledger")
    db.execute("ANALYZE card_status_changes")
    as_of = changed(db, None)["as_of"]
    bar_order(db, card(3), items(("beer", 1)))
    before = table_scans(db, "cards")
    answer = changed(db, as_of)
    after = table_scans(db, "cards")
    assert card(3) in {c["card_uid"] for c in answer["cards"]} and len(answer["cards"]) < 200
    assert after[0] == before[0], "sp_cards_changed_since scanned the whole cards table"
    assert after[1] > before[1]
