"""The trust model, attack by attack as issue 9 tried them: a stolen device login, a shared
`kiosk` login, supervisor claims without a server-verified session, fake offline claims,
credits past the maximum, a frozen card row, exhausted connection slots, a huge argument,
PIN brute force, revoke and rotation, and replays after a purge."""

from __future__ import annotations

import threading
import time
import uuid

import psycopg
import pytest

from sql import devices
from tests.conftest import BAR_DEVICE, CHECKPOINT_DEVICE, DEVICE_PASSWORDS, device_login
from tests.sql.contract import (
    assert_failure,
    balance,
    bar_order,
    call,
    card,
    items,
    ledger_mismatches,
    money_row_counts,
    open_shift,
    recharge,
    staff_login,
    void,
)


@pytest.fixture
def second_bar(db) -> str:
    """Another bar device at the same point of sale (what a thief would like to sell as)."""
    db.execute("INSERT INTO devices (device_id, name, role, point_of_sale_id)"
               " VALUES ('kiosk-bar-2', 'Bar kiosk 2', 'bar', 'bar-main')")
    return "kiosk-bar-2"


def connect(url: str) -> psycopg.Connection:
    return psycopg.connect(url, autocommit=True)


def test_a_device_login_cannot_sell_or_recharge_as_another_device(db, kiosk_url, second_bar):
    before = money_row_counts(db)
    with connect(kiosk_url) as thief:
        assert_failure(bar_order(thief, card(1), items(("beer", 1)), p_device_id=second_bar),
                       "UNAUTHORIZED")
        assert_failure(recharge(thief, card(1), 5000), "UNAUTHORIZED")  # as the checkpoint
        assert_failure(call(thief, "sp_device_config", p_device_id=CHECKPOINT_DEVICE), "UNAUTHORIZED")
        assert_failure(call(thief, "sp_cards_changed_since", p_device_id=second_bar, p_since=None),
                       "UNAUTHORIZED")
        # its own device still works
        assert bar_order(thief, card(1), items(("beer", 1)))["success"] is True
    assert money_row_counts(db)[1] == before[1] + 1 and balance(db, card(1)) == 1500


def test_a_shared_kiosk_member_bound_to_no_device_may_do_nothing(db, shared_kiosk_url):
    before = money_row_counts(db)
    with connect(shared_kiosk_url) as shared:
        assert_failure(bar_order(shared, card(1), items(("beer", 1))), "UNAUTHORIZED")
        assert_failure(recharge(shared, card(1), 100), "UNAUTHORIZED")
        assert_failure(call(shared, "sp_device_config", p_device_id=BAR_DEVICE), "UNAUTHORIZED")
        assert_failure(call(shared, "sp_card_status", p_card_uid=card(1)), "UNAUTHORIZED")
        assert_failure(call(shared, "sp_staff_login", p_device_id=BAR_DEVICE, p_staff_id="staff-bar-1",
                            p_pin="1234"), "UNAUTHORIZED")
        assert_failure(call(shared, "sp_log_nfc_scans", p_device_id=BAR_DEVICE, p_scans=[]),
                       "UNAUTHORIZED")
    assert money_row_counts(db) == before


def test_a_bar_login_cannot_load_cash_onto_cards(db, kiosk_url):
    with connect(kiosk_url) as thief:
        for number in range(1, 11):
            assert_failure(recharge(thief, card(number), 5000), "UNAUTHORIZED")
            assert_failure(recharge(thief, card(number), 5000, p_device_id=BAR_DEVICE), "UNAUTHORIZED")
    assert sum(balance(db, card(n)) for n in range(1, 11)) == 20_000


def test_supervisor_claims_without_a_verified_session_are_refused(db, kiosk_url, checkpoint_url):
    """From the bar login: void the checkpoint's recharge, unblock a lost card, block one."""
    with connect(checkpoint_url) as checkpoint:
        open_shift(checkpoint)
        recharge_id = uuid.uuid4()
        assert recharge(checkpoint, card(5), 1000, request_id=recharge_id)["success"] is True
    with connect(kiosk_url) as thief:
        for staff in ("staff-super-1", "staff-bar-1"):
            assert_failure(void(thief, recharge_id, p_staff_id=staff, login=False), "UNAUTHORIZED")
            for uid, status in ((card(95), "active"), (card(6), "blocked")):
                answer = call(thief, "sp_set_card_status", p_card_uid=uid, p_status=status,
                              p_device_id=BAR_DEVICE, p_staff_id=staff, p_reason="trust me")
                assert_failure(answer, "UNAUTHORIZED")
        # with a PIN the server checked, the supervisor may
        assert staff_login(thief, "staff-super-1")["success"] is True
        assert void(thief, recharge_id, login=False)["outcome"] == "reversed"
    assert balance(db, card(5)) == 2000
    assert db.execute("SELECT status FROM cards WHERE card_uid = %s", (card(95),)).fetchone() == ("blocked",)


def test_money_rows_record_whether_the_staff_session_was_verified(db, kiosk_url):
    with connect(kiosk_url) as kiosk:
        offline = bar_order(kiosk, card(1), items(("beer", 1)))
        assert staff_login(kiosk, "staff-bar-1")["success"] is True
        online = bar_order(kiosk, card(1), items(("beer", 1)))
    verified = dict(db.execute("SELECT order_id, staff_verified FROM orders").fetchall())
    assert verified == {offline["order_id"]: False, online["order_id"]: True}


def test_fake_offline_orders_beyond_the_devices_hourly_limit_are_declined(db, kiosk_url):
    db.execute("UPDATE event_settings SET offline_device_limit_cents = 2000")
    with connect(kiosk_url) as thief:
        accepted = [bar_order(thief, card(n), items(("beer", 1)), p_offline=True,
                              p_captured_at="2020-01-01T00:00:00Z") for n in range(1, 5)]
        assert all(a["success"] for a in accepted)  # 4 × 500 = the limit
        for n in range(5, 15):
            assert_failure(bar_order(thief, card(n), items(("beer", 1)), p_offline=True),
                           "OFFLINE_LIMIT_EXCEEDED")
        # credits count too, and an online sale is not an offline claim
        assert_failure(bar_order(thief, card(20), items(("cup-return", 1)), p_offline=True),
                       "OFFLINE_LIMIT_EXCEEDED")
        assert bar_order(thief, card(20), items(("beer", 1)))["success"] is True
    declines = db.execute("SELECT count(*) FROM idempotency_records WHERE NOT succeeded"
                          " AND response->>'error_code' = 'OFFLINE_LIMIT_EXCEEDED'").fetchone()[0]
    assert declines == 11
    assert sum(balance(db, card(n)) for n in range(5, 15)) == 10 * 2000


def test_forty_offline_cup_returns_never_take_a_card_past_the_maximum(db, kiosk_url):
    db.execute("UPDATE cards SET balance_cents = 49000 WHERE card_uid = %s", (card(7),))
    db.execute("INSERT INTO ledger (card_uid, kind, amount_cents, previous_balance_cents,"
               " new_balance_cents, client_request_id, captured_at)"
               " VALUES (%s, 'recharge', 47000, 2000, 49000, gen_random_uuid(), now())", (card(7),))
    with connect(kiosk_url) as bartender:
        answers = [bar_order(bartender, card(7), items(("cup-return", 99)), p_offline=True)
                   for _ in range(40)]
    assert sum(a["success"] for a in answers) == 0  # 9,900 cents would pass 50,000 at once
    assert {a["error_code"] for a in answers} == {"OFFLINE_LIMIT_EXCEEDED"}
    with connect(kiosk_url) as bartender:
        small = [bar_order(bartender, card(7), items(("cup-return", 1)), p_offline=True)
                 for _ in range(40)]
    assert sum(a["success"] for a in small) == 10
    assert balance(db, card(7)) == 50_000
    assert ledger_mismatches(db) == []


def test_an_idle_transaction_holding_a_card_is_ended_by_the_watchdog(db, kiosk_url, db_url):
    holder = psycopg.connect(kiosk_url)
    holder.execute("SET idle_in_transaction_session_timeout = 0")  # lifts its own limit
    assert bar_order(holder, card(8), items(("beer", 1)))["success"] is True  # card row locked
    time.sleep(1.2)
    with connect(db_url) as owner:
        ended = devices.end_idle_device_transactions(owner, idle_limit_s=1.0)
        assert (device_login(BAR_DEVICE), holder.info.backend_pid) in ended
        owner.execute("SET lock_timeout = '2s'")
        assert bar_order(owner, card(8), items(("beer", 1)))["success"] is True
    with pytest.raises(psycopg.OperationalError):
        holder.execute("SELECT 1")
    holder.close()
    assert balance(db, card(8)) == 1500  # the held sale never committed


def test_one_login_cannot_take_every_connection_slot(kiosk_url, checkpoint_url):
    held = [psycopg.connect(kiosk_url) for _ in range(devices.CONNECTION_LIMIT)]
    try:
        with pytest.raises(psycopg.OperationalError, match="too many connections"):
            psycopg.connect(kiosk_url)
        with connect(checkpoint_url) as other:
            assert other.execute("SELECT 1").fetchone() == (1,)
    finally:
        for conn in held:
            conn.close()


def test_a_100_mb_argument_is_refused_before_any_work(db, kiosk_url):
    huge = [{"product_id": "beer", "quantity": 1, "pad": "x" * (100 * 1024 * 1024)}]
    with connect(kiosk_url) as kiosk:
        started = time.monotonic()
        assert_failure(bar_order(kiosk, card(1), huge, total=500), "INVALID_REQUEST")
        scans = [{"scan_id": str(uuid.uuid4()), "status": "success", "scanned_at": "2026-01-01T00:00:00Z",
                  "context": {"pad": "x" * (2 * 1024 * 1024)}}]
        assert_failure(call(kiosk, "sp_log_nfc_scans", p_device_id=BAR_DEVICE, p_scans=scans),
                       "INVALID_REQUEST")
        assert time.monotonic() - started < 30
    assert balance(db, card(1)) == 2000


def test_pin_brute_force_is_locked_after_five_wrong_pins_on_every_device(db, kiosk_url, checkpoint_url):
    with connect(kiosk_url) as kiosk, connect(checkpoint_url) as other:
        for pin in ("0000", "1111", "2222", "3333", "4444"):
            assert_failure(staff_login(kiosk, "staff-super-1", pin=pin), "UNAUTHORIZED")
        locked = staff_login(kiosk, "staff-super-1")  # the right PIN, too late
        assert_failure(locked, "LOGIN_LOCKED")
        assert 590 <= locked["retry_after_s"] <= 600
        assert_failure(staff_login(other, "staff-super-1", CHECKPOINT_DEVICE), "LOGIN_LOCKED")
        # another member of staff is not affected
        assert staff_login(kiosk, "staff-bar-1")["success"] is True
    outcomes = [o for (o,) in db.execute(
        "SELECT outcome FROM staff_login_attempts WHERE staff_id = 'staff-super-1' ORDER BY attempt_id")]
    assert outcomes == ["wrong_pin"] * 5 + ["locked", "locked"]
    # never the PIN: no column of the audit holds any of the PINs tried
    dump = str(db.execute("SELECT * FROM staff_login_attempts").fetchall())
    assert not any(pin in dump for pin in ("0000", "1111", "999999"))
    # an hour later (the window has passed) the right PIN works again
    db.execute("UPDATE staff_login_attempts SET attempted_at = attempted_at - interval '1 hour'")
    with connect(kiosk_url) as kiosk:
        assert staff_login(kiosk, "staff-super-1")["success"] is True


def test_one_answer_for_unknown_staff_wrong_role_and_wrong_pin(kiosk_url):
    with connect(kiosk_url) as kiosk:
        answers = [staff_login(kiosk, "nobody-at-all", pin="1234"),
                   staff_login(kiosk, "staff-cashier-1"),  # a cashier at the bar
                   staff_login(kiosk, "staff-bar-1", pin="9876")]
    assert {(a["error_code"], a["message"]) for a in answers} == {
        ("UNAUTHORIZED", answers[0]["message"])}


def test_a_login_opens_one_session_per_device_and_logout_ends_it(db, kiosk_url):
    with connect(kiosk_url) as kiosk:
        first = staff_login(kiosk, "staff-bar-1")
        second = staff_login(kiosk, "staff-super-1")
        assert {"staff_id", "name", "role", "session_id", "expires_at"} <= set(second)
        assert call(kiosk, "sp_staff_logout", p_device_id=BAR_DEVICE,
                    p_session_id=second["session_id"])["ended"] is True
        assert call(kiosk, "sp_staff_logout", p_device_id=BAR_DEVICE,
                    p_session_id=second["session_id"])["ended"] is False
    rows = dict(db.execute("SELECT session_id::text, end_reason FROM staff_sessions").fetchall())
    assert rows == {first["session_id"]: "replaced", second["session_id"]: "logout"}


@pytest.fixture
def restore_bar_login(db_url):
    """The device logins are cluster-wide: give the bar kiosk its test password back after."""
    yield
    with psycopg.connect(db_url) as owner:
        devices.enrol_postgres(owner, BAR_DEVICE, DEVICE_PASSWORDS[BAR_DEVICE])


def test_enrolling_again_kills_the_old_password(pg_cluster, db_name, db_url, kiosk_url, restore_bar_login):
    old = connect(kiosk_url)
    with psycopg.connect(db_url) as owner:
        credential = devices.enrol_postgres(owner, BAR_DEVICE)
    assert credential.secret != DEVICE_PASSWORDS[BAR_DEVICE]
    with pytest.raises(psycopg.OperationalError):
        old.execute("SELECT 1")  # its connections were ended
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(kiosk_url)
    new_url = pg_cluster.url(db_name, user=credential.login_role, password=credential.secret)
    with connect(new_url) as kiosk:
        assert call(kiosk, "sp_device_config", p_device_id=BAR_DEVICE)["success"] is True


def test_revoke_ends_a_connected_device_at_once(db, db_url, kiosk_url, restore_bar_login):
    kiosk = connect(kiosk_url)
    assert bar_order(kiosk, card(9), items(("beer", 1)))["success"] is True
    with psycopg.connect(db_url) as owner:
        assert devices.revoke(owner, BAR_DEVICE) == 1
    with pytest.raises(psycopg.OperationalError):
        bar_order(kiosk, card(9), items(("beer", 1)))
    with pytest.raises(psycopg.OperationalError, match=r"password authentication failed|not permitted"):
        psycopg.connect(kiosk_url)
    enabled = db.execute("SELECT enabled FROM devices WHERE device_id = %s", (BAR_DEVICE,)).fetchone()
    assert enabled == (False,)
    assert_failure(bar_order(db, card(9), items(("beer", 1))), "UNAUTHORIZED")
    assert balance(db, card(9)) == 1500


def test_the_gateway_is_believed_only_for_the_device_it_names(db, gateway_url, kiosk_url):
    with psycopg.connect(gateway_url) as gateway:
        gateway.execute("SELECT set_config('festival.device_id', %s, true)", (BAR_DEVICE,))
        assert bar_order(gateway, card(10), items(("beer", 1)))["success"] is True
        assert_failure(recharge(gateway, card(10), 100), "UNAUTHORIZED")  # not the device it named
        gateway.commit()
        # a new transaction without the setting names no device
        assert_failure(bar_order(gateway, card(10), items(("beer", 1))), "UNAUTHORIZED")
        gateway.rollback()
    with psycopg.connect(kiosk_url) as device:  # a device login that names itself otherwise
        device.execute("SELECT set_config('festival.device_id', %s, true)", (CHECKPOINT_DEVICE,))
        assert_failure(recharge(device, card(10), 100), "UNAUTHORIZED")
    assert balance(db, card(10)) == 1500


def test_card_status_hides_other_devices_request_ids_from_a_device(db, kiosk_url, checkpoint_url):
    with connect(checkpoint_url) as checkpoint:
        open_shift(checkpoint)
        recharge(checkpoint, card(11), 100)
    with connect(kiosk_url) as kiosk:
        mine = bar_order(kiosk, card(11), items(("beer", 1)))
        recent = call(kiosk, "sp_card_status", p_card_uid=card(11))["recent"]
    ids = {entry["kind"]: entry["client_request_id"] for entry in recent}
    assert ids["order"] == mine["client_request_id"] and ids["recharge"] is None
    assert call(db, "sp_card_status", p_card_uid=card(11))["recent"][1]["client_request_id"] is not None


def test_a_device_voids_its_own_sale_within_the_window_without_a_supervisor(db, kiosk_url):
    sale, late = uuid.uuid4(), uuid.uuid4()
    with connect(kiosk_url) as kiosk:
        bar_order(kiosk, card(12), items(("beer", 1)), request_id=sale)
        bar_order(kiosk, card(12), items(("beer", 1)), request_id=late,
                  p_captured_at="2020-01-01T00:00:00Z")
        answer = void(kiosk, sale, p_staff_id="staff-bar-1", login=False, reason="answer lost")
        assert answer["outcome"] == "reversed" and answer["self_void"] is True
        assert_failure(void(kiosk, late, p_staff_id="staff-bar-1", login=False), "UNAUTHORIZED")
    assert balance(db, card(12)) == 1500
    assert db.execute("SELECT self_void, staff_id FROM voids").fetchall() == [(True, "staff-bar-1")]


def test_a_self_void_tombstone_binds_only_the_voiding_device(db, kiosk_url, second_bar):
    lost = uuid.uuid4()
    with connect(kiosk_url) as kiosk:
        assert void(kiosk, lost, p_staff_id="staff-bar-1", login=False)["outcome"] == "tombstone"
        assert_failure(bar_order(kiosk, card(13), items(("beer", 1)), request_id=lost), "REQUEST_VOIDED")
    # the same id from another device is not affected
    assert bar_order(db, card(13), items(("beer", 1)), request_id=lost,
                     p_device_id=second_bar)["success"] is True
    assert balance(db, card(13)) == 1500


def test_purged_ids_are_answered_as_they_were_and_never_execute_again(db, checkpoint_url):
    sale, top_up, declined, tombstoned = (uuid.uuid4() for _ in range(4))
    first = bar_order(db, card(14), items(("beer", 1)), request_id=sale)
    with connect(checkpoint_url) as checkpoint:
        open_shift(checkpoint)
        recharged = recharge(checkpoint, card(14), 700, request_id=top_up)
    refused = bar_order(db, card(82), items(("beer", 1)), request_id=declined)  # 0 cents on it
    void(db, tombstoned)
    db.execute("UPDATE idempotency_records SET created_at = now() - interval '400 days'")
    db.execute("UPDATE event_settings SET ends_at = now() - interval '1 day'")
    purged = db.execute("SELECT sp_purge_idempotency_records('365 days')").fetchone()[0]
    assert purged["success"] is True and purged["deleted"] == 2  # the order and the recharge
    counts = money_row_counts(db)
    again = bar_order(db, card(14), items(("beer", 1)), request_id=sale)
    assert again["replayed"] is True and again["transaction_id"] == first["transaction_id"]
    with connect(checkpoint_url) as checkpoint:
        assert recharge(checkpoint, card(14), 700, request_id=top_up)["new_balance_cents"] == (
            recharged["new_balance_cents"])
        assert_failure(recharge(checkpoint, card(14), 800, request_id=top_up), "IDEMPOTENCY_CONFLICT")
    assert bar_order(db, card(82), items(("beer", 1)), request_id=declined)["error_code"] == (
        refused["error_code"])
    assert_failure(bar_order(db, card(15), items(("beer", 1)), request_id=tombstoned), "REQUEST_VOIDED")
    assert money_row_counts(db) == counts and balance(db, card(14)) == 2200


def test_two_concurrent_offline_claims_cannot_both_pass_the_hourly_limit(db, kiosk_url):
    db.execute("UPDATE event_settings SET offline_device_limit_cents = 500")
    answers: list[dict] = []
    barrier = threading.Barrier(6)

    def claim(number: int) -> None:
        with connect(kiosk_url) as kiosk:
            barrier.wait()
            answers.append(bar_order(kiosk, card(number), items(("beer", 1)), p_offline=True))

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(30, 36)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(a["success"] for a in answers) == [False] * 5 + [True]
