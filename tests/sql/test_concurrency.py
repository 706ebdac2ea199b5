"""Races: one id sent by many threads, many orders on one card, and a randomized mixed
workload after which every card's balance still equals the sum of its ledger."""

from __future__ import annotations

import random
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from tests.sql.contract import (
    BAR,
    CHECKPOINT,
    ERROR_CODES,
    PRICES,
    balance,
    call,
    card,
    items,
    ledger_mismatches,
    price,
)

# online cash recharges need the cashier's open shift
pytestmark = pytest.mark.usefixtures("cashier_shift")


def race(url: str, jobs: list[Callable[[psycopg.Connection], dict]]) -> list[dict]:
    """Run each job on its own connection, all released at the same instant."""
    barrier = threading.Barrier(len(jobs))

    def run(job: Callable[[psycopg.Connection], dict]) -> dict:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("SELECT 1")
            barrier.wait(30)
            return job(conn)

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


def order_job(card_uid: str, lines: list[dict], request_id: uuid.UUID | None = None):
    def job(conn: psycopg.Connection) -> dict:
        return call(conn, "sp_process_bar_order", p_client_request_id=request_id or uuid.uuid4(),
                    p_card_uid=card_uid, p_items=lines, p_expected_total_cents=price(lines),
                    **BAR)

    return job


def test_twelve_threads_sending_one_id_charge_once_without_errors(db, db_url):
    request_id = uuid.uuid4()
    lines = items(("beer", 1), ("water", 1))
    answers = race(db_url, [order_job(card(10), lines, request_id) for _ in range(12)])
    assert all(a["success"] for a in answers)
    assert sorted(a["replayed"] for a in answers) == [False] + [True] * 11
    assert len({a["transaction_id"] for a in answers}) == 1
    assert balance(db, card(10)) == 1300
    assert db.execute(
        "SELECT count(*) FROM ledger WHERE client_request_id = %s", (request_id,)
    ).fetchone() == (1,)


def test_one_id_raced_with_different_payloads_executes_once_and_conflicts_otherwise(db, db_url):
    request_id = uuid.uuid4()
    jobs = [order_job(card(20 + n), items(("beer", 1)), request_id) for n in range(8)]
    answers = race(db_url, jobs)
    winners = [a for a in answers if a["success"]]
    assert len(winners) == 1
    assert all(a["error_code"] == "IDEMPOTENCY_CONFLICT" for a in answers if not a["success"])
    assert sum(balance(db, card(20 + n)) for n in range(8)) == 8 * 2000 - 500


def test_forty_orders_racing_on_one_card_charge_exactly_what_the_balance_allows(db, db_url):
    answers = race(db_url, [order_job(card(30), items(("beer", 1))) for _ in range(40)])
    charged = [a for a in answers if a["success"]]
    refused = [a for a in answers if not a["success"]]
    assert len(charged) == 2000 // 500
    assert {a["error_code"] for a in refused} == {"INSUFFICIENT_FUNDS"}
    assert balance(db, card(30)) == 0
    assert sorted(a["new_balance_cents"] for a in charged) == [0, 500, 1000, 1500]
    assert ledger_mismatches(db) == []


class MixedWorkload:
    """Random kiosk traffic over the demo set: sales (some offline, some with returns),
    recharges, replays, conflicting replays, voids and card blocking."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.sent: list[tuple[str, dict]] = []
        self.answers: list[dict] = []

    def next_call(self) -> tuple[str, dict]:
        r = self.random
        roll = r.random()
        if self.sent and roll < 0.15:  # replay an earlier request unchanged
            return r.choice(self.sent)
        if self.sent and roll < 0.20:  # same id, different payload
            function, args = r.choice(self.sent)
            if function == "sp_process_bar_order":
                return function, {**args, "p_card_uid": card(r.randint(1, 100))}
            if function == "sp_process_checkpoint_recharge":
                return function, {**args, "p_amount_cents": args["p_amount_cents"] + 1}
        if self.sent and roll < 0.25:
            function, args = r.choice(self.sent)
            if "p_client_request_id" in args and function != "sp_void_request":
                return "sp_void_request", {"p_client_request_id": args["p_client_request_id"],
                                           "p_device_id": "kiosk-bar-1",
                                           "p_staff_id": "staff-super-1", "p_reason": "test"}
        if roll < 0.27:
            return "sp_void_request", {"p_client_request_id": uuid.uuid4(),
                                       "p_device_id": "kiosk-bar-1",
                                       "p_staff_id": "staff-super-1", "p_reason": "never came"}
        if roll < 0.29:
            return "sp_set_card_status", {"p_card_uid": card(r.randint(1, 100)),
                                          "p_status": r.choice(["active", "blocked"]),
                                          "p_device_id": "kiosk-bar-1",
                                          "p_staff_id": "staff-super-1", "p_reason": "test"}
        if roll < 0.45:
            return "sp_process_checkpoint_recharge", {
                "p_client_request_id": uuid.uuid4(), "p_card_uid": card(r.randint(1, 100)),
                "p_amount_cents": r.choice([100, 500, 2000, 10_000, 40_000]),
                "p_payment_method": r.choice(["cash", "card"]), **CHECKPOINT,
                "p_offline": r.random() < 0.1}
        products = r.sample(sorted(PRICES), r.randint(1, 3))
        lines = [{"product_id": p, "quantity": r.randint(1, 3)} for p in products]
        return "sp_process_bar_order", {
            "p_client_request_id": uuid.uuid4(), "p_card_uid": card(r.randint(1, 100)),
            "p_items": lines, "p_expected_total_cents": price(lines), **BAR,
            "p_offline": r.random() < 0.2}

    def run(self, url: str, operations: int) -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            for _ in range(operations):
                function, args = self.next_call()
                answer = call(conn, function, **args)
                self.answers.append(answer)
                if function != "sp_set_card_status" and args not in (a for _, a in self.sent):
                    self.sent.append((function, args))


def test_randomized_concurrent_workload_keeps_every_balance_equal_to_its_ledger(db, db_url):
    workers = [MixedWorkload(seed) for seed in range(8)]
    threads = [threading.Thread(target=w.run, args=(db_url, 300)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    answers = [a for w in workers for a in w.answers]
    assert len(answers) == 8 * 300
    for answer in answers:
        assert isinstance(answer["success"], bool)
        if not answer["success"]:
            assert answer["error_code"] in ERROR_CODES, answer
    assert sum(a["success"] for a in answers) > 500  # the workload did move money

    assert ledger_mismatches(db) == []
    # each request moved money at most once, plus at most one void
    assert db.execute(
        "SELECT client_request_id, kind, count(*) FROM ledger WHERE client_request_id IS NOT NULL"
        " GROUP BY 1, 2 HAVING count(*) > 1"
    ).fetchall() == []
    # no recharge above the maximum; below zero only by offline sales within the limit
    assert db.execute(
        "SELECT count(*) FROM ledger WHERE kind = 'recharge' AND new_balance_cents > 50000"
    ).fetchone() == (0,)
    assert db.execute(
        "SELECT count(*) FROM ledger WHERE new_balance_cents < 0 AND amount_cents < 0"
        " AND NOT (kind = 'order' AND offline AND new_balance_cents >= -3000)"
    ).fetchone() == (0,)
    assert db.execute(
        "SELECT count(*) FROM cards WHERE balance_cents < 0 AND overdraft_flagged_at IS NULL"
    ).fetchone() == (0,)


def run_while_first_is_open(db_url: str, first: dict, second: dict,
                            function: str = "sp_process_bar_order") -> tuple[dict, dict]:
    """Start `first` in an open transaction, send `second` with the same id from another
    connection (it must wait), then commit the first; return both answers."""
    answers: dict[str, dict] = {}
    with psycopg.connect(db_url) as holder:
        answers["first"] = call(holder, function, **first)
        thread = threading.Thread(
            target=lambda: answers.__setitem__("second", _call_autocommit(db_url, second, function))
        )
        thread.start()
        thread.join(1.0)
        assert thread.is_alive(), "the second call must wait for the first one's transaction"
        holder.commit()
        thread.join(30)
    return answers["first"], answers["second"]


def _call_autocommit(db_url: str, args: dict, function: str) -> dict:
    with psycopg.connect(db_url, autocommit=True) as conn:
        return call(conn, function, **args)


def order_args(card_uid: str, lines: list[dict], request_id: uuid.UUID, **extra) -> dict:
    return {"p_client_request_id": request_id, "p_card_uid": card_uid, "p_items": lines,
            "p_expected_total_cents": price(lines), **BAR, **extra}


def test_a_call_waiting_on_its_twin_returns_the_twins_answer(db, db_url):
    request_id = uuid.uuid4()
    args = order_args(card(40), items(("wine", 1)), request_id)
    first, second = run_while_first_is_open(db_url, args, args)
    assert second == {**first, "replayed": True}
    assert balance(db, card(40)) == 1400


def test_a_waiting_call_with_another_payload_is_a_conflict(db, db_url):
    request_id = uuid.uuid4()
    first, second = run_while_first_is_open(
        db_url, order_args(card(41), items(("wine", 1)), request_id),
        order_args(card(42), items(("wine", 1)), request_id))
    assert first["success"] is True and second["error_code"] == "IDEMPOTENCY_CONFLICT"
    assert balance(db, card(41)) == 1400 and balance(db, card(42)) == 2000


def test_a_waiting_call_that_would_be_declined_answers_with_the_twins_outcome(db, db_url):
    request_id = uuid.uuid4()
    good = order_args(card(43), items(("wine", 1)), request_id)
    mismatched = {**good, "p_expected_total_cents": 1}
    first, second = run_while_first_is_open(db_url, good, mismatched)
    assert first["success"] is True and second["error_code"] == "IDEMPOTENCY_CONFLICT"
    assert balance(db, card(43)) == 1400


def test_a_recharge_waiting_on_its_twin_returns_the_twins_answer_and_credits_once(db, db_url):
    args = {"p_client_request_id": uuid.uuid4(), "p_card_uid": card(44), "p_amount_cents": 700,
            "p_payment_method": "cash", **CHECKPOINT}
    first, second = run_while_first_is_open(db_url, args, args, "sp_process_checkpoint_recharge")
    assert first["success"] is True and first["replayed"] is False
    assert second == {**first, "replayed": True}
    assert balance(db, card(44)) == 2700


def test_a_recharge_waiting_on_a_twin_with_another_amount_is_a_conflict(db, db_url):
    args = {"p_client_request_id": uuid.uuid4(), "p_card_uid": card(45), "p_amount_cents": 700,
            "p_payment_method": "cash", **CHECKPOINT}
    first, second = run_while_first_is_open(db_url, args, {**args, "p_amount_cents": 800},
                                            "sp_process_checkpoint_recharge")
    assert first["success"] is True and second["error_code"] == "IDEMPOTENCY_CONFLICT"
    assert balance(db, card(45)) == 2700


def test_a_stripe_webhook_waiting_on_its_retry_credits_the_session_once(db, db_url):
    args = {"p_stripe_session_id": "cs_test_twin", "p_card_uid": card(46), "p_amount_cents": 1500}
    first, second = run_while_first_is_open(db_url, args, args, "sp_process_stripe_recharge")
    assert first["success"] is True and first["replayed"] is False
    assert second == {**first, "replayed": True}
    assert balance(db, card(46)) == 3500
