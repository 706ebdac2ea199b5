"""Cash-shift requests in the outbox: they are barriers across the replay lanes (an open goes
before its shift's recharges, a close after them), and the shift's figures are worked out
from the kiosk's own rows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sync.cash_shift import CashCount, ServerShift, current_shift, shift_figures
from sync.errors import InvalidInputError
from sync.ids import new_request_id
from sync.outbox import CLOSE_CASH_SHIFT, MOVE_CASH, OPEN_CASH_SHIFT, RECHARGE, VOID, Outbox, card_lane
from sync.result import BackendResult
from sync.store import LocalStore

CASHIER = "staff-cashier-1"
# two cards that fall into different replay lanes of a two-lane sender
CARD_A = "04DE0000000001"
CARD_B = next(f"04DE00000000{n:02d}" for n in range(2, 99) if card_lane(f"04DE00000000{n:02d}") % 2 == 1)


@pytest.fixture
def outbox(store_path) -> Outbox:
    store = LocalStore(store_path).open()
    yield Outbox(store)
    store.close()


def _add(outbox: Outbox, kind: str, payload: dict, *, card: str | None = None, amount: int = 0,
         staff: str = CASHIER, target=None):
    rid = new_request_id()
    return outbox.enqueue(kind, {"p_client_request_id": str(rid), **payload}, request_id=rid,
                          captured_at=datetime.now(UTC), card_uid=card, amount_cents=amount,
                          staff_id=staff, target_request_id=target)


def open_shift(outbox: Outbox, float_cents: int = 10000, staff: str = CASHIER):
    return _add(outbox, OPEN_CASH_SHIFT, {"p_staff_id": staff, "p_opening_float_cents": float_cents},
                amount=float_cents, staff=staff)


def recharge(outbox: Outbox, amount: int, method: str = "cash", card: str = CARD_A, staff: str = CASHIER):
    return _add(outbox, RECHARGE, {"p_card_uid": card, "p_amount_cents": amount, "p_payment_method": method,
                                   "p_staff_id": staff}, card=card, amount=amount, staff=staff)


def close_shift(outbox: Outbox, counted: int, staff: str = CASHIER, shift_id: str | None = None):
    payload = {"p_staff_id": staff, "p_counted_cash_cents": counted, "p_counted": {}}
    if shift_id:
        payload["p_shift_id"] = shift_id
    return _add(outbox, CLOSE_CASH_SHIFT, payload, amount=counted, staff=staff)


def move(outbox: Outbox, shift_id: str, amount: int, direction: str):
    payload = {"p_shift_id": shift_id, "p_amount_cents": amount, "p_direction": direction}
    return _add(outbox, MOVE_CASH, payload, amount=amount, staff="staff-supervisor-1")


def answer(outbox: Outbox, entry, data: dict | None = None, *, ok: bool = True):
    """Claim `entry` as a sender would and close it with an answer."""
    outbox.store.execute_read("SELECT 1")
    with outbox.store.write() as conn:
        conn.exec_driver_sql("UPDATE outbox SET state = 'in_flight' WHERE seq = ?", (entry.seq,))
    body = {"success": ok, **(data or {})}
    result = BackendResult(ok=True, data=body) if ok else BackendResult.failure(
        body.get("error_code", "INVALID_REQUEST"), "refused", data=body)
    outbox.close([(entry, result)], live=True)


def claimed_kinds(outbox: Outbox, lane: int, lanes: int = 2) -> list[str]:
    return [e.kind for e in outbox.claim_next(50, lane, lanes)]


def test_an_open_waits_for_older_rows_and_younger_rows_wait_for_the_open(outbox):
    early = recharge(outbox, 500, card=CARD_B)  # lane 1, before the shift request
    opened = open_shift(outbox)  # lane 0
    later = recharge(outbox, 700, card=CARD_A)  # lane 0, after it
    other_lane_later = recharge(outbox, 800, card=CARD_B)  # lane 1, after it
    assert claimed_kinds(outbox, 0) == []  # the open waits for the older recharge of lane 1
    assert [e.seq for e in outbox.claim_next(50, 1, 2)] == [early.seq]  # not the younger one
    outbox.close([(early, BackendResult(ok=True, data={"success": True}))])
    assert [e.seq for e in outbox.claim_next(50, 0, 2)] == [opened.seq]  # alone: not `later`
    assert claimed_kinds(outbox, 1) == []  # younger rows of every lane wait while it is in flight
    outbox.close([(outbox.get(opened.request_id), BackendResult(ok=True, data={"success": True}))])
    assert {e.seq for e in outbox.claim_next(50, 0, 2)} == {later.seq}
    assert {e.seq for e in outbox.claim_next(50, 1, 2)} == {other_lane_later.seq}


def test_a_close_is_sent_only_after_every_recharge_queued_before_it(outbox):
    open_shift(outbox)
    outbox.close([(e, BackendResult(ok=True, data={"success": True})) for e in outbox.claim_next(5, 0, 2)])
    r1, r2 = recharge(outbox, 1000, card=CARD_A), recharge(outbox, 2000, card=CARD_B)
    closing = close_shift(outbox, 13000)
    lane0 = outbox.claim_next(50, 0, 2)
    assert [e.seq for e in lane0] == [r1.seq]  # the close is not in this batch
    outbox.close([(lane0[0], BackendResult(ok=True, data={"success": True}))])
    assert claimed_kinds(outbox, 0) == []  # r2 (lane 1) is still pending
    lane1 = outbox.claim_next(50, 1, 2)
    assert [e.seq for e in lane1] == [r2.seq]
    outbox.close([(lane1[0], BackendResult(ok=True, data={"success": True}))])
    assert [e.seq for e in outbox.claim_next(50, 0, 2)] == [closing.seq]


def test_a_refused_shift_request_no_longer_holds_the_queue(outbox):
    opened = open_shift(outbox)
    later = recharge(outbox, 500, card=CARD_B)
    [claimed] = outbox.claim_next(5, 0, 2)
    outbox.close([(claimed, BackendResult.failure("UNAUTHORIZED", "no", data={"success": False}))])
    assert outbox.get(opened.request_id).state == "conflict"
    assert [e.seq for e in outbox.claim_next(5, 1, 2)] == [later.seq]


def test_shift_rows_left_in_flight_by_a_crash_replay_as_offline(outbox):
    opened = open_shift(outbox)
    sale = recharge(outbox, 500)
    with outbox.store.write() as conn:
        conn.exec_driver_sql("UPDATE outbox SET state = 'in_flight'")
    assert outbox.reset_in_flight() == 2
    assert outbox.get(opened.request_id).send_args()["p_offline"] is True  # dated by its capture
    assert outbox.get(sale.request_id).offline is False  # a recharge keeps its own decision


def test_move_cash_is_sent_without_p_offline(outbox):
    row = move(outbox, str(new_request_id()), 500, "to_safe")
    assert "p_offline" not in row.send_args()


def test_running_cash_is_float_plus_cash_recharges_minus_voids_plus_moves(outbox):
    opened = open_shift(outbox, 10000)
    answer(outbox, opened, {"shift_id": str(opened.request_id), "opened_at": "2026-07-04T18:00:00+00:00"})
    cash = recharge(outbox, 2000)
    answer(outbox, cash, {"card_uid": CARD_A})
    card = recharge(outbox, 3000, method="card")
    answer(outbox, card, {"card_uid": CARD_A})
    voided = recharge(outbox, 500)
    answer(outbox, voided, {"card_uid": CARD_A})
    void = _add(outbox, VOID, {"p_staff_id": CASHIER}, card=CARD_A, target=voided.request_id)
    answer(outbox, void)
    assert outbox.get(voided.request_id).state == "voided"
    answer(outbox, move(outbox, str(opened.request_id), 4000, "to_safe"))
    answer(outbox, move(outbox, str(opened.request_id), 1000, "from_safe"))
    recharge(outbox, 999, staff="staff-cashier-2")  # another cashier's drawer
    shift = current_shift(outbox.entries(), CASHIER)
    assert shift is not None and shift.shift_id == str(opened.request_id)
    figures = (shift.cash_recharges_cents, shift.card_recharges_cents, shift.cash_voided_cents)
    assert figures == (2500, 3000, 500)
    assert shift.expected_cash_cents == 10000 + 2500 - 500 - 4000 + 1000
    assert shift.confirmed


def test_a_queued_open_or_recharge_marks_the_figures_not_yet_confirmed(outbox):
    open_shift(outbox, 5000)
    recharge(outbox, 1500)
    shift = current_shift(outbox.entries(), CASHIER)
    assert shift.open_queued and not shift.confirmed
    assert shift.expected_cash_cents == 6500


def test_a_closed_shift_is_not_current_but_its_figures_are_kept(outbox):
    opened = open_shift(outbox, 5000)
    recharge(outbox, 1500)
    close_shift(outbox, 6500)
    assert current_shift(outbox.entries(), CASHIER) is None
    kept = shift_figures(outbox.entries(), str(opened.request_id), CASHIER)
    assert kept.closing_queued and kept.expected_cash_cents == 6500


def test_a_close_refused_for_a_count_mismatch_leaves_the_shift_open(outbox):
    opened = open_shift(outbox, 5000)
    answer(outbox, opened, {"shift_id": str(opened.request_id)})
    closing = close_shift(outbox, 6500)
    answer(outbox, closing, {"error_code": "INVALID_REQUEST", "problem": "count_mismatch"}, ok=False)
    assert current_shift(outbox.entries(), CASHIER).shift_id == str(opened.request_id)


def test_shift_already_open_adopts_the_servers_shift(outbox):
    server_id = str(new_request_id())
    opened = open_shift(outbox, 5000)
    answer(outbox, opened, {"error_code": "INVALID_REQUEST", "problem": "shift_already_open",
                            "shift_id": server_id, "opening_float_cents": 20000,
                            "opened_at": "2026-07-04T17:00:00+00:00"}, ok=False)
    recharge(outbox, 1000)
    shift = current_shift(outbox.entries(), CASHIER)
    assert shift.shift_id == server_id and shift.opening_float_cents == 20000
    assert shift.expected_cash_cents == 21000


def test_the_login_answers_shift_stands_in_when_the_outbox_knows_none(outbox):
    server = ServerShift.from_json({"shift_id": str(new_request_id()), "opening_float_cents": 7000,
                                    "opened_at": "2026-07-04T17:00:00+00:00", "verified": True})
    recharge(outbox, 300)
    shift = current_shift(outbox.entries(), CASHIER, server)
    assert shift.shift_id == server.shift_id and shift.expected_cash_cents == 7300
    assert current_shift(outbox.entries(), CASHIER) is None
    assert ServerShift.from_json({"shift_id": "x", "opening_float_cents": True}) is None
    assert ServerShift.from_json(None) is None


def test_a_cash_count_checks_denominations_and_counts():
    denominations = (5000, 200, 1)
    count = CashCount.checked({5000: 3, 200: 11, 1: 0}, denominations)
    assert count.total_cents == 17200 and count.as_payload() == {"5000": 3, "200": 11}
    for bad in ({300: 1}, {5000: -1}, {5000: 1.5}, {5000: 100_001}, {"5000": 1}, {True: 1}, [1]):
        with pytest.raises(InvalidInputError):
            CashCount.checked(bad, denominations)
