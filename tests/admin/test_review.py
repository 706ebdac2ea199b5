"""`festival-admin review`: nothing to review on a fresh demo (exit 0); after a night with an
offline conflict, overdrafts, many self-voids, a silent kiosk with a backlog and a person
without a PIN, each is listed oldest first with what to do (exit 1); cash shifts with a
difference, adjusted after close, unverified or still open, and shift-less cash."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg
from psycopg.types.json import Jsonb

from sql.admin import main
from sql.review import review_items
from tests.admin.workload import bar_order, festival_night
from tests.sql.contract import card, close_shift, open_shift, recharge, staff_login


def test_a_fresh_demo_has_nothing_to_review(db_url, capsys):
    assert main(["review", "--database-url", db_url]) == 0
    assert capsys.readouterr().out.strip() == "nothing to review"


def test_everything_that_needs_a_person_is_listed_oldest_first(db, db_url, kiosk_url, checkpoint_url, capsys):
    festival_night(kiosk_url, checkpoint_url, db_url, hours=2, orders_per_hour=30)
    with psycopg.connect(kiosk_url, autocommit=True) as bar:
        refused = bar_order(bar, "04DE0000000085", {"cocktail": 5}, offline=True)  # beyond -3000
        assert refused["error_code"] == "OFFLINE_LIMIT_EXCEEDED", refused
        bar.execute(
            "SELECT sp_device_heartbeat('kiosk-bar-1', %s)",
            (
                Jsonb(
                    {
                        "app_version": "0.1.0",
                        "outbox_pending": 4,
                        "oldest_pending_at": "2026-07-01T21:00:00Z",
                        "conflicts": 1,
                        "reader_state": "connected",
                    }
                ),
            ),
        )
    db.execute("UPDATE device_heartbeats SET received_at = now() - interval '12 minutes'")
    db.execute(
        "INSERT INTO staff (staff_id, name, role, pin_hash, pin_set) SELECT 'staff-new', 'New', 'bar',"
        " pin_hash, false FROM staff WHERE staff_id = 'staff-bar-1'"
    )

    with psycopg.connect(db_url) as conn:
        items = review_items(conn, self_void_threshold=0)
    kinds = [i.kind for i in items]
    assert {"conflict", "overdraft", "self-voids", "silent device", "no PIN"} <= set(kinds)
    dated = [i.since for i in items if i.since is not None]
    assert dated == sorted(dated) and kinds[-1] == "no PIN"
    overdrafts = db.execute("SELECT count(*) FROM cards WHERE balance_cents < 0").fetchone()[0]
    assert kinds.count("overdraft") == overdrafts > 0
    conflict = next(i for i in items if str(refused["request"]) in i.subject)
    assert conflict.kind == "conflict" and "supervisor" in conflict.what_to_do
    assert conflicts_refused(db) == sum(1 for i in items if i.subject.startswith("offline sale"))
    silent = next(i for i in items if i.kind == "silent device")
    assert "kiosk-bar-1 silent for 12 min with 4 request(s) not yet sent" in silent.subject

    assert main(["review", "--self-void-threshold", "0", "--database-url", db_url]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == f"{len(items)} item(s) need a person, oldest first:"
    assert "festival-admin staff set-pin staff-new" in out
    assert f"{len(items)} item(s) to review" in err
    # a threshold above the night's self-voids leaves them out
    with psycopg.connect(db_url) as conn:
        assert "self-voids" not in {i.kind for i in review_items(conn, self_void_threshold=50)}


def conflicts_refused(db) -> int:
    return db.execute("SELECT count(*) FROM idempotency_records WHERE NOT succeeded"
                      " AND response ->> 'error_code' = 'OFFLINE_LIMIT_EXCEEDED'").fetchone()[0]


def test_a_paid_stripe_session_that_could_not_be_credited_is_listed_until_resolved(db, db_url, capsys):
    answer = db.execute(
        "SELECT sp_process_stripe_recharge('cs_test_blocked', '04DE0000000095', 1500, '{}')"
    ).fetchone()[0]
    assert answer["error_code"] == "CARD_BLOCKED"
    assert main(["review", "--database-url", db_url]) == 1
    out = capsys.readouterr().out
    assert "[stripe] paid session cs_test_blocked of 1500 cents" in out and "refund the attendee" in out
    (problem_id,) = db.execute("SELECT problem_id FROM stripe_problems").fetchone()
    assert db.execute("SELECT resolve_stripe_problem(%s, 'refunded')", (problem_id,)).fetchone() == (True,)
    assert main(["review", "--database-url", db_url]) == 0


def test_cash_shifts_that_need_a_person_each_have_a_name_a_time_and_an_amount(db, db_url, checkpoint_url):
    start = datetime.now(UTC) - timedelta(hours=5)
    with psycopg.connect(checkpoint_url, autocommit=True) as kiosk:
        # 1. online, verified, 3.00 short
        assert staff_login(kiosk, "staff-cashier-1", "kiosk-checkpoint-1")["success"]
        open_shift(kiosk, float_cents=5000)
        assert recharge(kiosk, card(1), 1000)["success"]
        short = close_shift(kiosk, {5000: 1, 500: 1, 200: 1})
        assert short["difference_cents"] == -300
        # 2. offline, unverified, honest; then a late replay captured during it: adjusted
        offline = open_shift(kiosk, float_cents=2000, p_captured_at=start, p_offline=True)
        assert close_shift(kiosk, {2000: 1}, p_captured_at=start + timedelta(hours=1),
                           p_offline=True)["difference_cents"] == 0
        late = recharge(kiosk, card(2), 700, p_captured_at=start + timedelta(minutes=20), p_offline=True)
        assert late["shift_id"] == offline["shift_id"]
        # 3. a cash recharge offline before any shift: shift-less
        lost = recharge(kiosk, card(3), 900, p_captured_at=start - timedelta(hours=1), p_offline=True)
        assert lost["success"] and lost["shift_id"] is None
        # 4. still open
        still = open_shift(kiosk, float_cents=1234)

    with psycopg.connect(db_url) as conn:
        items = review_items(conn)
    by_kind: dict[str, list] = {}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item)
    differences = by_kind["cash difference"]
    # the short shift, and the adjusted one: its drawer should have held the late 7.00 too
    assert len(differences) == 2
    assert any(short["shift_id"] in i.subject and "-300 cents" in i.subject and "staff-cashier-1" in i.subject
               for i in differences)
    assert any(offline["shift_id"] in i.subject and "-700 cents" in i.subject for i in differences)
    (adjusted,) = by_kind["shift adjusted after close"]
    assert offline["shift_id"] in adjusted.subject and "expected now 2700 cents (at the close 2000)" in (
        adjusted.subject)
    (unverified,) = by_kind["unverified shift"]
    assert offline["shift_id"] in unverified.subject and "opened and closed" in unverified.subject
    (open_item,) = by_kind["shift still open"]
    assert still["shift_id"] in open_item.subject and "1234 cents" in open_item.subject
    (shiftless,) = by_kind["shift-less cash"]
    assert lost["client_request_id"] in shiftless.subject and "900 cents" in shiftless.subject
    assert all(i.since is not None for kind in by_kind.values() for i in kind if i.kind != "no PIN")

    # a tolerance of 3.00 leaves the short shift out; the 7.00 stays
    db.execute("UPDATE event_settings SET cash_difference_tolerance_cents = 300")
    with psycopg.connect(db_url) as conn:
        differences = [i for i in review_items(conn) if i.kind == "cash difference"]
    assert len(differences) == 1 and offline["shift_id"] in differences[0].subject
