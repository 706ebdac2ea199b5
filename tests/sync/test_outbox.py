"""The write-ahead outbox: states, order, crash recovery, offline exposure, listings."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from sync.ids import new_request_id
from sync.outbox import BAR_ORDER, RECHARGE, VOID, Outbox
from sync.result import BackendResult
from sync.store import LocalStore


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def outbox(store_path, clock) -> Outbox:
    store = LocalStore(store_path).open()
    yield Outbox(store, clock)
    store.close()


def add(outbox: Outbox, card: str = "04DE0000000001", amount: int = 500, kind: str = BAR_ORDER, **kw):
    rid = new_request_id()
    payload = {"p_client_request_id": str(rid), "p_card_uid": card}
    return outbox.enqueue(kind, payload, request_id=rid, captured_at=datetime.now(UTC), card_uid=card,
                          amount_cents=amount, staff_id="staff-bar-1", **kw)


SUCCESS = BackendResult(ok=True, data={"success": True, "new_balance_cents": 1500})
REFUSED = BackendResult.failure("INSUFFICIENT_FUNDS", "short", data={"success": False, "balance_cents": 10})
DOWN = BackendResult.failure("NETWORK_ERROR", "down", request_sent=False)
LOST = BackendResult.failure("NETWORK_ERROR", "no answer", request_sent=True)


def test_enqueue_commits_a_pending_row_with_the_full_payload(outbox):
    entry = add(outbox)
    again = outbox.get(entry.request_id)
    assert again == entry
    assert entry.state == "pending" and entry.kind == BAR_ORDER and not entry.offline
    assert entry.function == "sp_process_bar_order"
    assert entry.payload["p_client_request_id"] == str(entry.request_id)
    assert entry.send_args()["p_offline"] is False


def test_p_offline_is_not_part_of_the_stored_payload(outbox):
    with pytest.raises(ValueError, match="p_offline"):
        outbox.enqueue(BAR_ORDER, {"p_offline": True}, request_id=uuid.uuid4(), captured_at=datetime.now(UTC))


def test_claims_take_the_oldest_pending_rows_in_order(outbox):
    rows = [add(outbox) for _ in range(5)]
    claimed = outbox.claim_next(3)
    assert [e.seq for e in claimed] == [r.seq for r in rows[:3]]
    assert all(e.state == "in_flight" and e.attempts == 1 for e in claimed)
    assert [e.seq for e in outbox.claim_next(10)] == [r.seq for r in rows[3:]]
    assert outbox.claim_next(10) == []


def test_answers_close_rows_and_transient_failures_return_them_to_pending(outbox):
    a, b, c = add(outbox), add(outbox), add(outbox)
    claimed = outbox.claim_next(3)
    outbox.close(list(zip(claimed, [SUCCESS, REFUSED, LOST], strict=True)))
    a, b, c = (outbox.get(x.request_id) for x in (a, b, c))
    assert (a.state, a.response["new_balance_cents"], a.error_code) == ("done", 1500, None)
    assert (b.state, b.error_code, b.response["balance_cents"]) == ("conflict", "INSUFFICIENT_FUNDS", 10)
    assert b.is_conflict
    assert (c.state, c.response, c.maybe_sent) == ("pending", None, True)
    assert "NETWORK_ERROR" in c.last_error


def test_a_row_never_sent_is_not_marked_maybe_sent(outbox):
    entry = add(outbox)
    outbox.close([(outbox.claim_next(1)[0], DOWN)])
    assert outbox.get(entry.request_id).maybe_sent is False


def test_rows_left_in_flight_by_a_crash_go_back_to_pending(outbox):
    entry = add(outbox)
    outbox.claim_next(1)
    owned = add(outbox, in_flight=True)
    assert outbox.reset_in_flight() == 2
    for e in (entry, owned):
        row = outbox.get(e.request_id)
        assert row.state == "pending" and row.maybe_sent


def test_a_row_voided_while_in_flight_stays_voided_but_keeps_the_answer(outbox):
    entry = add(outbox)
    claimed = outbox.claim_next(1)
    assert outbox.void_locally(entry.seq, "VOIDED", "supervisor said so")
    outbox.close([(claimed[0], SUCCESS)])
    row = outbox.get(entry.request_id)
    assert row.state == "voided" and row.response["new_balance_cents"] == 1500


def test_a_successful_void_settles_its_target(outbox):
    target = add(outbox)
    outbox.close([(outbox.claim_next(1)[0], SUCCESS)])
    void = add(outbox, kind=VOID, amount=0, target_request_id=target.request_id)
    outbox.close([(outbox.claim_next(1)[0], SUCCESS)])
    assert outbox.get(void.request_id).state == "done"
    assert outbox.get(target.request_id).state == "voided"


def test_earlier_claims_of_a_card_come_before_its_new_row(outbox):
    older_same = add(outbox, card="04DE0000000002")
    add(outbox, card="04DE0000000003")
    own = add(outbox, card="04DE0000000002", in_flight=True)
    earlier = outbox.claim_earlier_of_card("04DE0000000002", own.seq)
    assert [e.seq for e in earlier] == [older_same.seq]


def test_offline_exposure_counts_unconfirmed_offline_rows_only(outbox):
    card = "04DE0000000009"
    add(outbox, card=card, amount=500, offline=True)
    add(outbox, card=card, amount=-100, offline=True)  # a credit counts as a credit
    add(outbox, card=card, amount=700)  # not offline
    add(outbox, card="04DE0000000010", amount=300, offline=True)
    add(outbox, card=card, amount=2000, kind=RECHARGE, offline=True)
    confirmed = add(outbox, card=card, amount=900, offline=True)
    outbox.close([(e, SUCCESS) for e in outbox.claim_next(10) if e.seq == confirmed.seq])
    exposure = outbox.offline_exposure(card)
    assert exposure.card_debits_cents == 500
    assert exposure.card_credits_cents == 2100
    assert exposure.device_debits_cents == 800


def test_release_marks_an_offline_acceptance(outbox):
    entry = add(outbox, in_flight=True)
    outbox.release(entry, LOST, offline=True)
    row = outbox.get(entry.request_id)
    assert row.state == "pending" and row.offline and row.send_args()["p_offline"] is True


def test_counts_and_listing_for_the_supervisor(outbox, clock):
    first = add(outbox)
    clock.now += 30
    add(outbox)
    rejected = add(outbox)
    claimed = [e for e in outbox.claim_next(3) if e.seq == rejected.seq]
    outbox.close([(claimed[0], REFUSED)])
    outbox.reset_in_flight()
    clock.now += 10
    pending, oldest, n_rejected = outbox.counts()
    assert (pending, n_rejected) == (2, 1) and oldest == pytest.approx(40)
    listed = outbox.entries(["pending", "conflict"])
    assert [e.seq for e in listed] == sorted((e.seq for e in listed), reverse=True)
    assert listed[-1].request_id == first.request_id and listed[-1].age_s == pytest.approx(40)
    with pytest.raises(ValueError, match="unknown outbox states"):
        outbox.entries(["lost"])


def test_prune_deletes_old_done_rows_and_keeps_rejected_ones(outbox, clock):
    done, rejected = add(outbox), add(outbox)
    claimed = outbox.claim_next(2)
    outbox.close([(claimed[0], SUCCESS), (claimed[1], REFUSED)])
    clock.now += 100
    assert outbox.prune(50) == 1
    assert outbox.get(done.request_id) is None and outbox.get(rejected.request_id) is not None


def test_only_refusals_nobody_saw_are_conflicts(outbox):
    live, replayed = add(outbox), add(outbox)
    claimed = outbox.claim_next(2)
    outbox.close([(claimed[0], REFUSED)], live=True)
    outbox.close([(claimed[1], REFUSED)])
    assert outbox.get(live.request_id).state == "rejected" and not outbox.get(live.request_id).is_conflict
    conflict = outbox.get(replayed.request_id)
    assert conflict.state == "conflict" and conflict.is_conflict
    assert [e["event"] for e in conflict.audit] == ["conflict"]
    assert conflict.audit[0]["error_code"] == "INSUFFICIENT_FUNDS"
    assert outbox.counts()[2] == 1


UNAUTHORIZED = BackendResult.failure("UNAUTHORIZED", "staff disabled", data={"success": False})
VOIDED = BackendResult.failure("REQUEST_VOIDED", "voided", data={"success": False})


def test_a_conflict_is_resent_with_the_same_id_and_audited(outbox):
    entry = add(outbox, offline=True)
    (claimed,) = outbox.claim_next(1)
    outbox.close([(claimed, UNAUTHORIZED)])
    resent = outbox.resend_conflict(entry.request_id, "staff-super-1")
    assert (resent.state, resent.request_id, resent.error_code, resent.response) == (
        "pending", entry.request_id, None, None)
    assert [e["event"] for e in resent.audit] == ["conflict", "resent"]
    assert resent.audit[1]["staff_id"] == "staff-super-1"
    (again,) = outbox.claim_next(1)
    assert again.request_id == entry.request_id and again.send_args() == entry.send_args()
    outbox.close([(again, SUCCESS)])
    assert outbox.get(entry.request_id).state == "done"
    with pytest.raises(ValueError, match="done, not a conflict"):
        outbox.resend_conflict(entry.request_id)
    with pytest.raises(ValueError, match="no request"):
        outbox.resend_conflict(uuid.uuid4())


def test_a_settled_conflict_records_who_and_why_and_is_never_sent(outbox):
    entry = add(outbox, offline=True)
    (claimed,) = outbox.claim_next(1)
    outbox.close([(claimed, UNAUTHORIZED)])
    settled = outbox.settle_conflict(entry.request_id, "staff-super-1", "paid in cash")
    assert (settled.state, settled.settled_by) == ("settled", "staff-super-1")
    assert settled.settled_reason == "paid in cash"
    assert settled.settled_at is not None and settled.audit[-1]["reason"] == "paid in cash"
    assert outbox.claim_next(5) == [] and outbox.counts()[2] == 0
    with pytest.raises(ValueError, match="settled, not a conflict"):
        outbox.settle_conflict(entry.request_id, "staff-super-1", "twice")


def test_request_voided_closes_a_row_this_kiosk_voided_and_is_a_conflict_otherwise(outbox):
    ours, foreign = add(outbox), add(outbox, card="04DE0000000002")
    add(outbox, kind=VOID, target_request_id=ours.request_id)
    claimed = [e for e in outbox.claim_next(5) if e.kind != VOID]
    outbox.close([(e, VOIDED) for e in claimed])
    assert outbox.get(ours.request_id).state == "voided"
    assert outbox.get(foreign.request_id).state == "conflict"


def test_offline_credits_are_counted_by_absolute_amount(outbox):
    card = "04DE0000000001"
    add(outbox, card=card, amount=500, offline=True)
    add(outbox, card=card, amount=-300, offline=True)
    add(outbox, card=card, amount=2000, kind=RECHARGE, offline=True)
    add(outbox, card="04DE0000000002", amount=-100, offline=True)
    add(outbox, card=card, amount=-700)  # online: not exposure
    exposure = outbox.offline_exposure(card)
    assert (exposure.card_debits_cents, exposure.card_credits_cents) == (500, 2300)
    assert (exposure.device_debits_cents, exposure.device_credits_cents) == (500, 2400)
    assert (exposure.card_total_cents, exposure.device_total_cents) == (2800, 2900)


def test_a_version_1_store_upgrades_in_place_and_its_unseen_refusals_become_conflicts(store_path):
    from sync.store import MIGRATIONS

    old = LocalStore(store_path, migrations=MIGRATIONS[:1]).open()
    rows = [("rejected", 0), ("rejected", 1), ("done", 0), ("pending", 0)]
    with old.write() as conn:
        for state, live in rows:
            conn.exec_driver_sql(
                "INSERT INTO outbox (request_id, kind, function, payload, state, answered_live, "
                "captured_at, created_at, updated_at) VALUES (?, 'bar_order', 'sp_process_bar_order', "
                "'{}', ?, ?, '2026-07-01T20:00:00+00:00', 1, 1)",
                (str(uuid.uuid4()), state, live),
            )
        conn.exec_driver_sql("DELETE FROM outbox WHERE state = 'pending'")  # the counter stays at 4
    old.close()
    store = LocalStore(store_path).open()
    with store.read() as conn:
        states = [r[0] for r in conn.exec_driver_sql("SELECT state FROM outbox ORDER BY seq")]
        counter = conn.exec_driver_sql("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").scalar_one()
    assert states == ["conflict", "rejected", "done"] and counter == 4
    fresh = add(Outbox(store))
    assert fresh.seq == 5 and store.high_water == 5  # sequence numbers are never reused
    store.close()
