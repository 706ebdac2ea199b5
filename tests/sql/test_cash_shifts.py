"""Cash shifts (DESIGN "Cash shifts", issue 12): a cashier's drawer from the counted float to
the counted close-out, cash moves to and from the safe, the shift every checkpoint recharge
belongs to, offline replays, and the errors of bad counts. Played through the checkpoint
device's own login, with staff sessions from sp_staff_login and the demo PINs."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.sql.contract import (
    CHECKPOINT,
    assert_failure,
    balance,
    call,
    card,
    close_shift,
    open_shift,
    recharge,
    recorded_outcome,
    staff_login,
)

DEVICE = "kiosk-checkpoint-1"
CASHIER = "staff-cashier-1"
SUPER = "staff-super-1"


def connect(url: str) -> psycopg.Connection:
    return psycopg.connect(url, autocommit=True)


def try_open(conn, float_cents=0, *, request_id=None, staff_id=CASHIER):
    return call(conn, "sp_open_cash_shift", p_client_request_id=request_id or uuid.uuid4(),
                p_device_id=DEVICE, p_staff_id=staff_id, p_opening_float_cents=float_cents)


def move(conn, shift_id, amount, direction="to_safe", *, request_id=None, staff_id=SUPER,
         reason="safe drop"):
    return call(conn, "sp_move_cash", p_client_request_id=request_id or uuid.uuid4(),
                p_device_id=DEVICE, p_staff_id=staff_id, p_shift_id=shift_id, p_amount_cents=amount,
                p_direction=direction, p_reason=reason)


def test_open_recharge_move_and_close_add_up_to_the_cent(db, checkpoint_url):
    with connect(checkpoint_url) as kiosk:
        assert staff_login(kiosk, CASHIER, DEVICE)["open_cash_shift"] is None
        opened = open_shift(kiosk, float_cents=15000)
        shift = opened["shift_id"]
        assert opened["success"] and opened["shift_id"] == opened["client_request_id"]
        assert (opened["device_id"], opened["staff_id"]) == (DEVICE, CASHIER)
        assert opened["opening_float_cents"] == 15000
        assert opened["verified"] is True and opened["replayed"] is False
        login = staff_login(kiosk, CASHIER, DEVICE)
        assert login["open_cash_shift"]["shift_id"] == shift
        assert login["open_cash_shift"]["opening_float_cents"] == 15000

        cash = [recharge(kiosk, card(1), 2000), recharge(kiosk, card(2), 3550), recharge(kiosk, card(3), 1)]
        assert all(r["success"] and r["shift_id"] == shift for r in cash)
        by_card = recharge(kiosk, card(4), 4000, method="card")
        assert by_card["success"] and by_card["shift_id"] == shift

        assert staff_login(kiosk, SUPER, DEVICE)["success"]
        moved = move(kiosk, shift, 10000)
        assert moved["success"] and moved["direction"] == "to_safe"
        assert moved["expected_cash_cents"] == 15000 + 5551 - 10000
        change = move(kiosk, shift, 500, "from_safe", reason="coins")
        assert change["expected_cash_cents"] == 15000 + 5551 - 10000 + 500

        assert staff_login(kiosk, CASHIER, DEVICE)["success"]
        # expected 11051; the drawer holds 110.00 + 0.50 = 11050: one cent short
        closed = close_shift(kiosk, {10000: 1, 1000: 1, 50: 1})
    assert closed["success"], closed
    assert closed["shift_id"] == shift and closed["staff_id"] == CASHIER and closed["closed_by"] == CASHIER
    assert closed["opening_float_cents"] == 15000
    assert closed["cash_recharges_cents"] == 5551
    assert closed["card_recharges_cents"] == 4000
    assert closed["cash_voided_cents"] == 0
    assert (closed["moved_to_safe_cents"], closed["moved_from_safe_cents"]) == (10000, 500)
    assert closed["expected_cash_cents"] == 11051
    assert closed["counted_cash_cents"] == 11050
    assert closed["difference_cents"] == -1
    assert closed["counted"] == {"10000": 1, "1000": 1, "50": 1}
    assert closed["verified"] is True and closed["replayed"] is False
    assert datetime.fromisoformat(closed["closed_at"]) >= datetime.fromisoformat(closed["opened_at"])
    row = db.execute("SELECT expected_at_close_cents, difference_at_close_cents, closed_by FROM cash_shifts"
                     " WHERE shift_id = %s", (shift,)).fetchone()
    assert row == (11051, -1, CASHIER)


def test_a_cash_recharge_online_needs_an_open_shift_a_card_one_does_not(db, checkpoint_url):
    with connect(checkpoint_url) as kiosk:
        refused = recharge(kiosk, card(1), 1000)
        assert_failure(refused, "UNAUTHORIZED")
        assert refused["message"] == "open a cash shift first" and refused["problem"] == "no_open_shift"
        assert balance(db, card(1)) == 2000
        by_card = recharge(kiosk, card(1), 1000, method="card")
        assert by_card["success"] and by_card["shift_id"] is None
        # another cashier's open shift on this device is not this cashier's drawer
        open_shift(kiosk, staff_id=SUPER)
        assert_failure(recharge(kiosk, card(1), 1000), "UNAUTHORIZED")
    assert balance(db, card(1)) == 3000


def test_a_closed_shift_cannot_be_closed_again_and_a_replayed_close_answers_the_same(checkpoint_url):
    with connect(checkpoint_url) as kiosk:
        open_shift(kiosk, float_cents=5000)
        request = uuid.uuid4()
        first = close_shift(kiosk, {5000: 1}, request_id=request)
        assert first["success"] and first["difference_cents"] == 0
        again = close_shift(kiosk, {5000: 1}, request_id=request)
        assert again == {**first, "replayed": True}
        second = close_shift(kiosk, {5000: 1})
        assert_failure(second, "INVALID_REQUEST")
        assert second["problem"] == "no_open_shift"
        # same id, another count: a conflict, nothing changes
        assert_failure(close_shift(kiosk, {2000: 1}, request_id=request), "IDEMPOTENCY_CONFLICT")
        # a new shift may open after the close
        assert open_shift(kiosk)["success"]


def test_a_second_open_answers_the_open_shift_and_a_replayed_open_changes_nothing(db, checkpoint_url):
    with connect(checkpoint_url) as kiosk:
        request = uuid.uuid4()
        first = open_shift(kiosk, float_cents=1000, request_id=request)
        assert open_shift(kiosk, float_cents=1000, request_id=request) == {**first, "replayed": True}
        assert_failure(try_open(kiosk, 2000, request_id=request), "IDEMPOTENCY_CONFLICT")
        other = try_open(kiosk, 2000)
        assert_failure(other, "INVALID_REQUEST")
        assert other["problem"] == "shift_already_open"
        assert (other["shift_id"], other["opening_float_cents"]) == (first["shift_id"], 1000)
        assert other["opened_at"] == first["opened_at"]
    assert db.execute("SELECT count(*) FROM cash_shifts").fetchone()[0] == 1


def test_two_concurrent_opens_make_one_shift(db, checkpoint_url):
    answers: list[dict] = []
    barrier = threading.Barrier(2)

    def open_one() -> None:
        with connect(checkpoint_url) as kiosk:
            barrier.wait()
            answers.append(call(kiosk, "sp_open_cash_shift", p_client_request_id=uuid.uuid4(),
                                p_device_id=DEVICE, p_staff_id=CASHIER, p_opening_float_cents=100))

    threads = [threading.Thread(target=open_one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(a["success"] for a in answers) == [False, True]
    winner = next(a for a in answers if a["success"])
    loser = next(a for a in answers if not a["success"])
    assert loser["problem"] == "shift_already_open" and loser["shift_id"] == winner["shift_id"]
    assert db.execute("SELECT count(*) FROM cash_shifts").fetchone()[0] == 1


def test_a_recharge_and_a_close_at_once_never_lose_the_recharge_from_the_count(db, checkpoint_url):
    with connect(checkpoint_url) as kiosk:
        open_shift(kiosk)
    for number in range(1, 9):
        results: dict[str, dict] = {}
        barrier = threading.Barrier(2)

        def do(kind: str, number: int, results: dict, barrier: threading.Barrier) -> None:
            with connect(checkpoint_url) as kiosk:
                barrier.wait()
                results[kind] = (recharge(kiosk, card(number), 100) if kind == "recharge"
                                 else close_shift(kiosk, {}))

        threads = [threading.Thread(target=do, args=(k, number, results, barrier))
                   for k in ("recharge", "close")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results["close"]["success"]
        # either the recharge was in the drawer at the close, or it was refused for no shift
        assert results["close"]["expected_cash_cents"] == (100 if results["recharge"]["success"] else 0)
        with connect(checkpoint_url) as kiosk:
            open_shift(kiosk)


def test_closing_another_cashiers_shift_needs_a_verified_supervisor_and_a_reason(db, checkpoint_url):
    with connect(checkpoint_url) as kiosk:
        shift = open_shift(kiosk, float_cents=2000)["shift_id"]
        assert recharge(kiosk, card(1), 1000)["success"]
        # the supervisor without a session the server verified
        no_session = close_shift(kiosk, {2000: 1, 1000: 1}, staff_id=SUPER, p_shift_id=shift,
                                 p_reason="cashier went home")
        assert_failure(no_session, "UNAUTHORIZED")
        # another cashier-level person cannot, even logged in: the demo has one cashier, so the
        # supervisor's own shift is named by the cashier
        super_shift = open_shift(kiosk, staff_id=SUPER)["shift_id"]
        assert staff_login(kiosk, CASHIER, DEVICE)["success"]
        assert_failure(close_shift(kiosk, {}, p_shift_id=super_shift, p_reason="x"), "UNAUTHORIZED")
        # logged in, but without a reason
        assert staff_login(kiosk, SUPER, DEVICE)["success"]
        assert_failure(close_shift(kiosk, {2000: 1, 1000: 1}, staff_id=SUPER, p_shift_id=shift),
                       "UNAUTHORIZED")
        closed = close_shift(kiosk, {2000: 1, 1000: 1}, staff_id=SUPER, p_shift_id=shift,
                             p_reason="cashier went home")
    assert closed["success"], closed
    assert (closed["staff_id"], closed["closed_by"]) == (CASHIER, SUPER)
    assert closed["expected_cash_cents"] == 3000 and closed["difference_cents"] == 0
    reason = db.execute("SELECT close_reason FROM cash_shifts WHERE shift_id = %s", (shift,)).fetchone()
    assert reason == ("cashier went home",)
    # the supervisor's own shift is still open
    still = db.execute("SELECT closed_at FROM cash_shifts WHERE shift_id = %s", (super_shift,)).fetchone()
    assert still == (None,)


def test_cash_moves_need_a_verified_supervisor_an_open_shift_and_the_cash(checkpoint_url):
    with connect(checkpoint_url) as kiosk:
        shift = open_shift(kiosk, float_cents=3000)["shift_id"]
        assert_failure(move(kiosk, shift, 1000), "UNAUTHORIZED")  # no verified session
        assert staff_login(kiosk, CASHIER, DEVICE)["success"]
        assert_failure(move(kiosk, shift, 1000, staff_id=CASHIER), "UNAUTHORIZED")  # not a supervisor
        assert staff_login(kiosk, SUPER, DEVICE)["success"]
        too_much = move(kiosk, shift, 3001)
        assert_failure(too_much, "AMOUNT_OUT_OF_RANGE")
        assert too_much["problem"] == "more_than_drawer" and too_much["expected_cash_cents"] == 3000
        for amount in (0, -5, 10**12):
            assert_failure(move(kiosk, shift, amount), "AMOUNT_OUT_OF_RANGE")
        assert_failure(move(kiosk, shift, 100, "to_pocket"), "INVALID_REQUEST")
        unknown = move(kiosk, uuid.uuid4(), 100)
        assert_failure(unknown, "INVALID_REQUEST")
        assert unknown["problem"] == "no_open_shift"
        request = uuid.uuid4()
        first = move(kiosk, shift, 3000, request_id=request)
        assert first["success"] and first["expected_cash_cents"] == 0
        assert move(kiosk, shift, 3000, request_id=request) == {**first, "replayed": True}
        assert_failure(move(kiosk, shift, 2999, request_id=request), "IDEMPOTENCY_CONFLICT")
        assert staff_login(kiosk, CASHIER, DEVICE)["success"]
        assert close_shift(kiosk, {})["expected_cash_cents"] == 0
        assert staff_login(kiosk, SUPER, DEVICE)["success"]
        closed = move(kiosk, shift, 100, "from_safe")
        assert_failure(closed, "INVALID_REQUEST")
        assert closed["problem"] == "no_open_shift"


def test_an_offline_shift_replays_in_order_unverified(db, checkpoint_url):
    start = datetime.now(UTC) - timedelta(hours=2)
    with connect(checkpoint_url) as kiosk:
        assert staff_login(kiosk, CASHIER, DEVICE)["success"]  # a session now does not verify the past
        opened = open_shift(kiosk, float_cents=10000, p_captured_at=start, p_offline=True)
        assert opened["success"] and opened["verified"] is False
        assert datetime.fromisoformat(opened["opened_at"]) == start
        sales = [recharge(kiosk, card(n), 500, p_captured_at=start + timedelta(minutes=n),
                          p_offline=True) for n in (1, 2, 3)]
        assert all(s["success"] and s["shift_id"] == opened["shift_id"] for s in sales)
        closed = close_shift(kiosk, {10000: 1, 1000: 1, 500: 1},
                             p_captured_at=start + timedelta(hours=1), p_offline=True)
    assert closed["success"] and closed["verified"] is False
    assert datetime.fromisoformat(closed["closed_at"]) == start + timedelta(hours=1)
    assert (closed["expected_cash_cents"], closed["difference_cents"]) == (11500, 0)


def test_an_offline_recharge_with_no_shift_is_kept_shiftless_for_review(db, checkpoint_url):
    with connect(checkpoint_url) as kiosk:
        answer = recharge(kiosk, card(5), 700, p_offline=True,
                          p_captured_at=datetime.now(UTC) - timedelta(minutes=5))
    assert answer["success"] and answer["shift_id"] is None
    assert db.execute("SELECT shift_id FROM recharges WHERE client_request_id = %s",
                      (answer["client_request_id"],)).fetchone() == (None,)


def test_a_recharge_replayed_after_its_shift_closed_joins_it_and_marks_it_adjusted(db, checkpoint_url):
    start = datetime.now(UTC) - timedelta(hours=3)
    with connect(checkpoint_url) as kiosk:
        shift = open_shift(kiosk, float_cents=2000, p_captured_at=start, p_offline=True)["shift_id"]
        closed = close_shift(kiosk, {2000: 1}, p_captured_at=start + timedelta(hours=1),
                             p_offline=True)
        assert closed["difference_cents"] == 0
        assert db.execute("SELECT cash_shift_adjusted_at(%s)", (shift,)).fetchone()[0] is None
        late = recharge(kiosk, card(6), 1500, p_captured_at=start + timedelta(minutes=30),
                        p_offline=True)
        assert late["success"] and late["shift_id"] == shift
        # captured after the close: belongs to no shift
        after = recharge(kiosk, card(7), 100, p_captured_at=start + timedelta(hours=2), p_offline=True)
        assert after["success"] and after["shift_id"] is None
    figures = db.execute("SELECT expected_cash_cents FROM cash_shift_figures(%s)", (shift,)).fetchone()
    assert figures == (3500,)  # the drawer should have held the late recharge too
    row = db.execute("SELECT expected_at_close_cents, difference_at_close_cents,"
                     " cash_shift_adjusted_at(shift_id) FROM cash_shifts WHERE shift_id = %s",
                     (shift,)).fetchone()
    assert row[:2] == (2000, 0) and row[2] is not None  # the close's figures are kept as answered


def test_a_voided_cash_recharge_counts_as_cash_handed_back(db, checkpoint_url):
    with connect(checkpoint_url) as kiosk:
        open_shift(kiosk, float_cents=1000)
        sale = recharge(kiosk, card(8), 2500)
        assert call(kiosk, "sp_void_request", p_client_request_id=sale["client_request_id"],
                    p_device_id=DEVICE, p_staff_id=CASHIER, p_reason="wrong amount")["success"]
        closed = close_shift(kiosk, {1000: 1})
    assert (closed["cash_recharges_cents"], closed["cash_voided_cents"]) == (2500, 2500)
    assert (closed["expected_cash_cents"], closed["difference_cents"]) == (1000, 0)


@pytest.mark.parametrize(
    ("counted", "total", "code", "problem"),
    [
        ({"3000": 1}, 3000, "INVALID_REQUEST", "unknown_denomination"),
        ({"0": 1}, 0, "INVALID_REQUEST", "unknown_denomination"),
        ({"five euros": 1}, 500, "INVALID_REQUEST", "unknown_denomination"),
        ({"-500": 1}, 500, "INVALID_REQUEST", "unknown_denomination"),
        ({"500": 3}, 1000, "INVALID_REQUEST", "count_mismatch"),
        ({"500": -1}, 0, "AMOUNT_OUT_OF_RANGE", None),
        ({"1": 100001}, 100001, "AMOUNT_OUT_OF_RANGE", None),
        ({"50000": 100000}, 5000000000, "AMOUNT_OUT_OF_RANGE", None),
        ({"50000": 1000}, 50000000, "AMOUNT_OUT_OF_RANGE", None),
        ({"500": 1.5}, 750, "INVALID_REQUEST", "bad_count"),
        ({"500": "2"}, 1000, "INVALID_REQUEST", "bad_count"),
        ({"500": None}, 0, "INVALID_REQUEST", "bad_count"),
        ({"500": 1}, -500, "AMOUNT_OUT_OF_RANGE", None),
    ],
)
def test_bad_counts_get_their_code_and_leave_the_shift_open(db, checkpoint_url, counted, total, code,
                                                            problem):
    with connect(checkpoint_url) as kiosk:
        shift = open_shift(kiosk)["shift_id"]
        answer = call(kiosk, "sp_close_cash_shift", p_client_request_id=uuid.uuid4(),
                      p_device_id=DEVICE, p_staff_id=CASHIER, p_counted_cash_cents=total,
                      p_counted=counted)
    assert_failure(answer, code)
    assert answer.get("problem") == problem
    assert db.execute("SELECT closed_at FROM cash_shifts WHERE shift_id = %s", (shift,)).fetchone() == (None,)


@pytest.mark.parametrize("counted", [None, [], "500", 5, {"500": {"n": 1}}])
def test_a_count_that_is_not_a_map_of_counts_is_refused(checkpoint_url, counted):
    with connect(checkpoint_url) as kiosk:
        open_shift(kiosk)
        answer = call(kiosk, "sp_close_cash_shift", p_client_request_id=uuid.uuid4(),
                      p_device_id=DEVICE, p_staff_id=CASHIER, p_counted_cash_cents=500,
                      p_counted=Jsonb(counted) if counted is not None else None)
    assert_failure(answer, "INVALID_REQUEST")


@pytest.mark.parametrize("float_cents", [-1, 10_000_001, 2**63 - 1, -(2**63)])
def test_an_absurd_opening_float_is_refused(db, checkpoint_url, float_cents):
    with connect(checkpoint_url) as kiosk:
        request = uuid.uuid4()
        answer = try_open(kiosk, float_cents, request_id=request)
    assert_failure(answer, "AMOUNT_OUT_OF_RANGE")
    assert recorded_outcome(db, request)["error_code"] == "AMOUNT_OUT_OF_RANGE"
    assert db.execute("SELECT count(*) FROM cash_shifts").fetchone()[0] == 0


def test_only_a_checkpoint_device_and_its_staff_run_drawers(db, kiosk_url, checkpoint_url,
                                                           shared_kiosk_url):
    with connect(kiosk_url) as bar:
        assert_failure(call(bar, "sp_open_cash_shift", p_client_request_id=uuid.uuid4(),
                            p_device_id="kiosk-bar-1", p_staff_id=CASHIER, p_opening_float_cents=0),
                       "UNAUTHORIZED")
        # the bar's login naming the checkpoint device
        assert_failure(try_open(bar), "UNAUTHORIZED")
    with connect(shared_kiosk_url) as shared:
        assert_failure(try_open(shared), "UNAUTHORIZED")
    with connect(checkpoint_url) as kiosk:
        assert_failure(try_open(kiosk, staff_id="staff-bar-1"), "UNAUTHORIZED")
        assert_failure(try_open(kiosk, staff_id="nobody"), "UNAUTHORIZED")
    assert db.execute("SELECT count(*) FROM cash_shifts").fetchone()[0] == 0


def test_the_device_config_lists_the_currencys_notes_and_coins(db, checkpoint_url):
    with connect(checkpoint_url) as kiosk:
        event = call(kiosk, "sp_device_config", p_device_id=DEVICE)["event"]
    assert event["cash_denominations"] == [50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100,
                                           50, 20, 10, 5, 2, 1]
    db.execute("UPDATE event_settings SET currency = 'CHF'")
    with connect(checkpoint_url) as kiosk:
        event = call(kiosk, "sp_device_config", p_device_id=DEVICE)["event"]
        assert event["cash_denominations"][-1] == 5  # no 1 or 2 Rappen coins
        open_shift(kiosk, float_cents=0)
        refused = close_shift(kiosk, {1: 2})
        assert_failure(refused, "INVALID_REQUEST")
        assert refused["problem"] == "unknown_denomination"
        assert close_shift(kiosk, {100000: 1, 5: 1}, counted_cents=100005)["success"]


def test_same_request_id_across_operations_is_a_conflict(checkpoint_url):
    with connect(checkpoint_url) as kiosk:
        request = uuid.uuid4()
        open_shift(kiosk, request_id=request)
        assert_failure(recharge(kiosk, card(1), 100, request_id=request), "IDEMPOTENCY_CONFLICT")
        assert_failure(close_shift(kiosk, {}, request_id=request), "IDEMPOTENCY_CONFLICT")
        assert CHECKPOINT["p_staff_id"] == CASHIER


def test_a_cash_shifts_request_cannot_be_voided(db, checkpoint_url):
    with connect(checkpoint_url) as kiosk:
        opened = open_shift(kiosk)
        answer = call(kiosk, "sp_void_request", p_client_request_id=opened["shift_id"], p_device_id=DEVICE,
                      p_staff_id=CASHIER, p_reason="oops")
        assert_failure(answer, "INVALID_REQUEST")
        assert open_shift(kiosk, request_id=uuid.UUID(opened["shift_id"])) == {**opened, "replayed": True}
    assert db.execute("SELECT count(*) FROM voids").fetchone() == (0,)


def test_a_purged_recharge_is_answered_with_its_shift(db, checkpoint_url):
    with connect(checkpoint_url) as kiosk:
        shift = open_shift(kiosk)["shift_id"]
        first = recharge(kiosk, card(9), 700)
    db.execute("UPDATE idempotency_records SET created_at = now() - interval '400 days'")
    db.execute("UPDATE event_settings SET ends_at = now() - interval '1 day'")
    purged = db.execute("SELECT sp_purge_idempotency_records('365 days')").fetchone()[0]
    assert purged["deleted"] == 1  # the recharge; the shift's open is kept
    with connect(checkpoint_url) as kiosk:
        again = recharge(kiosk, card(9), 700, request_id=uuid.UUID(first["client_request_id"]))
    assert again == {**first, "replayed": True} and again["shift_id"] == shift
