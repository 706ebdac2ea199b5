"""`festival-admin review`: nothing to review on a fresh demo (exit 0); after a night with an
offline conflict, overdrafts, many self-voids, a silent kiosk with a backlog and a person
without a PIN, each is listed oldest first with what to do (exit 1)."""

from __future__ import annotations

import psycopg
from psycopg.types.json import Jsonb

from sql.admin import main
from sql.review import review_items
from tests.admin.workload import bar_order, festival_night


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
