"""Supervisor controller: outbox rows by tab, what may be voided and why, scan log, report."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from kiosk.controllers.supervisor import (
    VOID_REASONS,
    Load,
    OutboxView,
    ReloadPlan,
    RowSummary,
    SupervisorController,
    SupervisorVoid,
    VoidOutcome,
    VoidOutcomeCode,
    VoidProblem,
    VoidReason,
)
from sync.result import BackendResult
from sync.scan_log import ScanEntry
from tests.sync.outbox_builders import (
    order,
    recharge,
    refused_offline_but_booked,
    void,
    voided,
)


def controller(entries):
    c = SupervisorController("kiosk-bar-1", "staff-super-1")
    c.set_outbox(entries)
    return c


def test_tabs_split_queued_rejected_voided_and_done():
    done = order([("beer", 1)], 500, minute=1)
    reversed_ = recharge(2000, "cash", minute=2)
    entries = [
        done, voided(reversed_), void(reversed_, minute=3),
        order([("beer", 1)], 500, state="pending", minute=4),
        recharge(1000, "card", state="in_flight", minute=5),
        order([("beer", 9)], 4500, state="rejected", minute=6, error_code="INSUFFICIENT_FUNDS",
              response={"success": False, "message": "Insufficient funds: balance €2.00"}),
        recharge(500, "cash", state="voided", minute=7),
    ]
    c = controller(entries)
    assert [r.state for r in c.rows(OutboxView.QUEUED)] == ["in_flight", "pending"]
    rejected = c.rows(OutboxView.REJECTED)
    assert [(r.error_code, r.reason) for r in rejected] == [
        ("INSUFFICIENT_FUNDS", "Insufficient funds: balance €2.00")]
    assert {(r.kind, r.state) for r in c.rows(OutboxView.VOIDED)} == {
        ("recharge", "voided"), ("recharge", "reversed"), ("void", "done")}
    assert [r.request_id for r in c.rows(OutboxView.DONE)] == [done.request_id]
    assert len(c.rows()) == 7
    assert c.counts()[OutboxView.QUEUED] == 2


def test_rows_are_newest_first_with_summary_amount_card_and_staff():
    c = controller([order([("beer", 2), ("cup-deposit", 2)], 1200, minute=1),
                    recharge(2000, "cash", minute=2)])
    first, second = c.rows()
    assert (first.kind, first.summary, first.amount_cents) == ("recharge", RowSummary(method="cash"), 2000)
    assert second.summary == RowSummary(items=((2, "beer"), (2, "cup-deposit")))
    assert second.amount_cents == 1200
    assert second.card_uid == "04DE0000000001" and second.staff_id == "staff-bar-1"


def test_pending_and_done_requests_may_be_voided_but_not_rejected_voided_or_voids():
    done, pending = order([("beer", 1)], 500), order([("beer", 1)], 500, state="pending")
    reversed_ = recharge(1000, "cash")
    rejected = order([("beer", 1)], 500, state="rejected")
    local = recharge(1000, "cash", state="voided")
    being_voided = recharge(1000, "cash")
    v = void(reversed_)
    c = controller([done, pending, voided(reversed_), v, rejected, local, being_voided,
                    void(being_voided, state="pending")])
    voidable = {r.request_id for r in c.rows() if r.voidable}
    assert voidable == {done.request_id, pending.request_id}


def test_void_needs_a_selection_a_voidable_row_and_a_reason():
    pending, rejected = order([("beer", 1)], 500, state="pending"), order([], 0, state="rejected")
    c = controller([pending, rejected])
    assert c.void_command("Wrong amount") is VoidProblem.NOTHING_SELECTED
    c.select(rejected.request_id)
    assert not c.can_void
    assert c.void_command("Wrong amount") is VoidProblem.NOT_VOIDABLE
    c.select(pending.request_id)
    assert c.can_void
    assert c.void_command("   ") is VoidProblem.NO_REASON
    assert c.void_command("x" * 201) is VoidProblem.REASON_TOO_LONG
    command = c.void_command("  Wrong\n amount ")
    assert command == SupervisorVoid(pending.request_id, "staff-super-1", "Wrong amount")


def test_a_second_void_while_one_runs_is_refused():
    a, b = order([("beer", 1)], 500, state="pending"), order([("soft", 1)], 300, state="pending")
    c = controller([a, b])
    c.select(a.request_id)
    assert isinstance(c.void_command("Staff error"), SupervisorVoid)
    c.select(b.request_id)
    assert c.void_command("Staff error") is VoidProblem.BUSY
    assert not c.can_void
    outcome = c.void_finished(BackendResult(True, {"success": True, "outcome": "tombstone"}))
    assert outcome.ok and outcome.request_id == a.request_id
    assert c.can_void


def test_void_outcomes_say_a_reversal_a_tombstone_a_queued_void_and_a_refusal_as_codes():
    a = order([("beer", 1)], 500)
    c = controller([a])
    c.select(a.request_id)
    c.void_command("Wrong card")
    assert c.void_finished(BackendResult(True, {"outcome": "reversed"})).code is VoidOutcomeCode.REVERSED
    c.void_command("Wrong card")
    assert c.void_finished(BackendResult(True, {"outcome": "tombstone"})).code is VoidOutcomeCode.TOMBSTONE
    c.void_command("Wrong card")
    assert c.void_finished(BackendResult(True, {"outcome": "nothing_to_reverse"})).code is (
        VoidOutcomeCode.NOTHING_TO_REVERSE)
    c.void_command("Wrong card")
    assert c.void_finished(BackendResult(True, {"outcome": "new-one"})).code is VoidOutcomeCode.VOIDED
    c.void_command("Wrong card")
    refused = c.void_finished(BackendResult(False, {}, "UNAUTHORIZED", "supervisors only"))
    assert (refused.ok, refused.code, refused.error_code, refused.detail) == (
        False, VoidOutcomeCode.REFUSED, "UNAUTHORIZED", "supervisors only")
    c.void_command("Wrong card")
    queued = c.void_finished(BackendResult(False, {}, "NETWORK_ERROR", "timeout", retryable=True))
    assert queued.ok and queued.code is VoidOutcomeCode.QUEUED
    c.void_command("Wrong card")
    failed = c.void_failed(ConnectionError("backend unreachable"))
    assert not failed.ok and failed.code is VoidOutcomeCode.FAILED and "unreachable" in failed.detail
    assert not c.void_in_flight


def test_void_reasons_are_codes_in_the_order_offered():
    assert VOID_REASONS[0] is VoidReason.CUSTOMER_CHANGED_MIND and len(VOID_REASONS) == 5
    assert all(reason.value.isidentifier() for reason in VOID_REASONS)  # codes, not sentences


def test_selection_is_dropped_when_the_row_disappears():
    a = order([("beer", 1)], 500, state="pending")
    c = controller([a])
    c.select(a.request_id)
    c.set_outbox([])
    assert c.selected is None


def test_scan_log_newest_first():
    t0 = datetime(2026, 7, 4, 20, 0, tzinfo=UTC)
    scans = [ScanEntry(uuid.uuid4(), "04DE0000000001", "success", t0, "bar", None, True),
             ScanEntry(uuid.uuid4(), None, "read_error", t0 + timedelta(seconds=5), "bar", None, False)]
    c = controller([])
    c.set_scans(scans)
    assert [(s.status, s.card_uid, s.uploaded) for s in c.scans()] == [
        ("read_error", "", False), ("success", "04DE0000000001", True)]


def test_shift_report_uses_the_outbox_given():
    c = controller([recharge(2000, "cash"), recharge(500, "card")])
    r = c.shift_report()
    assert r.device_id == "kiosk-bar-1" and r.cash_expected_cents == 2000


@pytest.mark.parametrize("state", ["pending", "in_flight", "done"])
def test_voidable_states(state):
    a = recharge(1000, "cash", state=state)
    assert controller([a]).rows()[0].voidable


def test_a_tombstoned_pending_request_shows_as_voided_not_reversed():
    never_sent = order([("beer", 1)], 500, state="pending")
    c = controller([voided(never_sent), void(never_sent)])
    assert c.row(never_sent.request_id).state == "voided"


def test_a_void_row_names_what_it_voided():
    sale = order([("soft", 1)], 300)
    c = controller([void(sale), voided(sale)])
    assert [r.summary for r in c.rows() if r.kind == "void"] == [
        RowSummary(is_void=True, void_of=RowSummary(items=((1, "soft"),)))]
    lone = void(order([("beer", 1)], 500))
    c.set_outbox([lone])
    assert c.rows()[0].summary == RowSummary(is_void=True, target_tail=str(lone.target_request_id)[-8:])


def test_a_sale_booked_after_its_offline_refusal_can_be_reversed_by_a_supervisor():
    """Issue 11 item 1: "Void selected" must work on the sale the backend booked anyway."""
    sale, refused = refused_offline_but_booked([("cocktail", 4)], 3600)
    c = controller([sale, refused])
    row = c.row(sale.request_id)
    assert row.state == "reversal_refused" and row.voidable
    assert row in c.rows(OutboxView.REJECTED)
    c.select(sale.request_id)
    assert c.void_command("Staff error") == SupervisorVoid(sale.request_id, "staff-super-1", "Staff error")
    c.void_finished(BackendResult(True, {"success": True, "outcome": "reversed"}))
    c.select(refused.request_id)
    assert c.can_void  # the refused void itself: voiding it voids its target again


def test_the_rejected_tab_lists_every_rejection_the_status_bar_counts():
    """Issue 11 item 1: the status bar said "2 rejected" and the Rejected tab listed none."""
    sale, refused = refused_offline_but_booked([("beer", 1)], 500)
    # an offline-accepted sale the backend refused later: sync keeps it as a conflict
    offline_sale = order([("beer", 1)], 500, state="conflict", offline=True,
                         error_code="CARD_BLOCKED",
                         response={"success": False, "error_code": "CARD_BLOCKED"})
    c = controller([sale, refused, offline_sale])
    conflicts = c.rows(OutboxView.CONFLICTS)
    assert {r.request_id for r in conflicts} == {refused.request_id, offline_sale.request_id}
    rejected_ids = {r.request_id for r in c.rows(OutboxView.REJECTED)}
    assert {r.request_id for r in conflicts} <= rejected_ids


def test_the_shift_report_counts_what_the_backend_booked():
    """Issue 11 item 1: a sale refused offline but booked (its void refused) is in the report."""
    sale, refused = refused_offline_but_booked([("cocktail", 4)], 3600)
    c = controller([order([("beer", 1)], 500), sale, refused])
    report = c.shift_report()
    assert (report.orders_count, report.orders_total_cents) == (2, 4100)
    reversal = void(sale)
    reversal = type(reversal)(**{**reversal.__dict__, "response": {"success": True, "outcome": "reversed"}})
    c.set_outbox([order([("beer", 1)], 500), sale, refused, reversal])
    report = c.shift_report()
    assert (report.orders_count, report.orders_total_cents) == (1, 500)
    assert (report.voided_orders_count, report.voided_orders_cents) == (1, 3600)
    assert c.row(sale.request_id).state == "reversed"


def test_details_name_products_and_a_void_row_has_its_amount():
    """Issue 11 item 9: product names, not ids; a void row shows what it gave back."""
    sale = order([("cup-deposit", 2)], 200)
    c = SupervisorController("kiosk-bar-1", "staff-super-1", product_names={"cup-deposit": "Cup deposit"})
    c.set_outbox([voided(sale), void(sale)])
    assert c.row(sale.request_id).summary == RowSummary(items=((2, "Cup deposit"),))
    assert [r.amount_cents for r in c.rows() if r.kind == "void"] == [-200]


# -- the reload plan (the screen starts the loads it is given) ------------------------------
def plan() -> ReloadPlan:
    return ReloadPlan(table_limit=1000, report_limit=100_000)


def outcome() -> VoidOutcome:
    return VoidOutcome(True, uuid.uuid4(), VoidOutcomeCode.TOMBSTONE)


def test_a_refresh_starts_a_table_load_or_a_full_one_for_the_report():
    p = plan()
    assert not p.has_loaded and not p.loading
    first = p.ask(full=False)
    assert first == Load(1, False, 1000) and p.loading
    shown = p.loaded(first, rows_read=1000)
    assert p.has_loaded and not p.loading
    assert not shown.report and shown.next_load is None and shown.void_outcome is None
    full = p.ask(full=True)
    assert full == Load(2, True, 100_000)
    assert p.loaded(full, rows_read=1000).report and p.full_loaded


def test_a_short_outbox_read_for_the_tables_is_the_whole_outbox():
    p = plan()
    load = p.ask(full=False)
    assert p.loaded(load, rows_read=6).report and p.full_loaded


def test_refreshes_asked_while_loading_become_one_load_after_it_full_if_any_wanted_it():
    p = plan()
    first = p.ask(full=False)
    assert p.ask(full=False) is None and p.ask(full=True) is None and p.ask(full=False) is None
    shown = p.loaded(first, rows_read=1000)
    assert shown.next_load == Load(4, True, 100_000) and p.loading
    after = p.loaded(shown.next_load, rows_read=1000)
    assert after.next_load is None and not p.loading


def test_a_failed_load_starts_nothing_until_the_next_refresh():
    p = plan()
    p.ask(full=False)
    assert p.ask(full=True) is None
    p.failed()
    assert not p.loading and not p.has_loaded
    assert p.ask(full=False) == Load(3, True, 100_000)  # the full wish is kept


def test_a_voids_outcome_waits_for_the_reload_that_includes_it():
    p = plan()
    running = p.ask(full=False)  # started before the void ended: its rows may miss the void
    done = outcome()
    assert p.void_done(done, full=False) is None  # one runs: the reload comes after it
    shown = p.loaded(running, rows_read=3)
    assert shown.void_outcome is None and shown.next_load == Load(2, False, 1000)
    shown = p.loaded(shown.next_load, rows_read=3)
    assert shown.void_outcome is done and shown.next_load is None


def test_a_voids_outcome_is_given_once_with_the_reload_it_starts():
    p = plan()
    p.loaded(p.ask(full=False), rows_read=3)
    done = outcome()
    load = p.void_done(done, full=True)
    assert load == Load(2, True, 100_000)
    assert p.loaded(load, rows_read=3).void_outcome is done
    assert p.loaded(p.ask(full=False), rows_read=3).void_outcome is None
