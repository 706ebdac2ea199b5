"""Conflicts against the real test database: a refusal nobody saw is kept, listed with its
reason, resendable with the same request id, or settled by a supervisor; an online refusal
the customer saw stays a plain rejection."""

from __future__ import annotations

import pytest

from sync.errors import InvalidInputError
from sync.service import Outcome
from tests.sync.helpers import (
    BAR_STAFF,
    SUPERVISOR,
    balance,
    card,
    order,
    queue_offline_sale,
    ready,
    wait_until,
)


def orders_for(db, request_id) -> int:
    return db.execute(
        "SELECT count(*) FROM orders WHERE client_request_id = %s", (str(request_id),)
    ).fetchone()[0]


def set_staff_enabled(db, staff_id: str, enabled: bool) -> None:
    db.execute("UPDATE staff SET enabled = %s WHERE staff_id = %s", (enabled, staff_id))


def test_a_replay_refused_for_a_disabled_bartender_is_resent_after_re_enabling_and_charged_once(
    make_sync, pg, db
):
    sync = make_sync(pg, start=False)
    sync.open()
    items, total = order(("beer", 1))
    request_id = queue_offline_sale(sync, card(11), items, total)
    set_staff_enabled(db, BAR_STAFF, False)
    sync.start()
    wait_until(lambda: sync.status().conflict_count == 1, what="the conflict")
    (conflict,) = sync.conflicts()
    assert str(conflict.request_id) == request_id and conflict.error_code == "UNAUTHORIZED"
    assert conflict.response["success"] is False and conflict.audit[-1]["event"] == "conflict"
    assert sync.status().pending_count == 0 and balance(db, card(11)) == 2000
    assert orders_for(db, request_id) == 0

    set_staff_enabled(db, BAR_STAFF, True)
    resent = sync.resend_conflict(conflict.request_id, SUPERVISOR)
    assert resent.state == "pending" and str(resent.request_id) == request_id
    wait_until(lambda: sync.outbox.get(conflict.request_id).state == "done", what="the resend")
    assert balance(db, card(11)) == 2000 - total and orders_for(db, request_id) == 1
    assert sync.status().conflict_count == 0
    assert [e["event"] for e in sync.outbox.get(conflict.request_id).audit] == ["conflict", "resent"]

    with pytest.raises(InvalidInputError, match="not a conflict"):
        sync.resend_conflict(conflict.request_id)  # done: a second resend is refused
    assert balance(db, card(11)) == 2000 - total


def test_a_conflict_settled_by_a_supervisor_is_recorded_and_never_sent(make_sync, pg, db):
    sync = make_sync(pg, start=False)
    sync.open()
    items, total = order(("wine", 1))
    request_id = queue_offline_sale(sync, card(12), items, total)
    set_staff_enabled(db, BAR_STAFF, False)
    sync.start()
    ready(sync)
    wait_until(lambda: sync.status().conflict_count == 1, what="the conflict")
    with pytest.raises(InvalidInputError, match="needs a reason"):
        sync.settle_conflict(request_id, SUPERVISOR, "  ")
    with pytest.raises(InvalidInputError, match="only a supervisor"):
        sync.settle_conflict(request_id, BAR_STAFF, "my own sale")
    settled = sync.settle_conflict(request_id, SUPERVISOR, "customer paid cash")
    assert (settled.state, settled.settled_by, settled.settled_reason) == (
        "settled",
        SUPERVISOR,
        "customer paid cash",
    )
    set_staff_enabled(db, BAR_STAFF, True)
    sync.retry_now()
    assert sync.status().conflict_count == 0 and sync.status().pending_count == 0
    assert orders_for(db, request_id) == 0 and sync.outbox.get(settled.request_id).state == "settled"


def test_an_online_refusal_the_customer_saw_is_a_rejection_not_a_conflict(make_sync, pg):
    sync = make_sync(pg)
    ready(sync)
    items, total = order(("cocktail", 3))
    result = sync.submit_order(card(85), items, total, BAR_STAFF)  # holds 0
    assert result.outcome is Outcome.REJECTED and result.error_code == "INSUFFICIENT_FUNDS"
    assert sync.outbox.get(result.request_id).state == "rejected"
    assert sync.status().conflict_count == 0 and sync.conflicts() == []
