"""The migrations, the demo set, the maintenance purge and the guards the database itself
keeps (constraints that hold even against a buggy function)."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import bcrypt
import psycopg
import pytest

from sql.cluster import TempCluster
from sql.demo import seed_demo
from sql.migrate import SCHEMA_DIR, MigrationError, apply_migrations
from tests.sql.contract import balance, bar_order, card, items, ledger_mismatches, money_row_counts


@pytest.fixture
def empty_db(pg_cluster: TempCluster):
    name = f"schema_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield pg_cluster.url(name)
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


def test_applying_the_migrations_twice_is_a_no_op_in_a_second_database_of_the_cluster(empty_db):
    """The template already created the cluster-wide roles: a second database still migrates."""
    first = apply_migrations(empty_db)
    assert first.applied and first.applied == sorted(first.applied)
    with psycopg.connect(empty_db) as conn:
        schema = conn.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public'"
        ).fetchone()
    second = apply_migrations(empty_db)
    assert second.applied == [] and second.already_applied == first.applied
    with psycopg.connect(empty_db) as conn:
        assert conn.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public'"
        ).fetchone() == schema


def test_a_changed_applied_migration_is_refused(empty_db, tmp_path: Path):
    migrations = tmp_path / "migrations"
    shutil.copytree(SCHEMA_DIR, migrations)
    apply_migrations(empty_db, migrations)
    changed = sorted(migrations.glob("*.sql"))[1]
    changed.write_text(changed.read_text() + "\n-- an innocent-looking edit\n")
    with pytest.raises(MigrationError, match=changed.stem):
        apply_migrations(empty_db, migrations)


def test_demo_seed_loads_the_design_data_set_and_twice_changes_nothing(empty_db):
    apply_migrations(empty_db)
    counts = seed_demo(empty_db)
    assert counts == {"event_settings": 1, "points_of_sale": 1, "checkpoints": 1, "devices": 2,
                      "staff": 3, "products": 7, "cards": 100, "ledger": 90}
    with psycopg.connect(empty_db) as conn:
        before = money_row_counts(conn), conn.execute(
            "SELECT staff_id, pin_hash FROM staff ORDER BY 1").fetchall()
        assert seed_demo(empty_db) == dict.fromkeys(counts, 0)
        after = money_row_counts(conn), conn.execute(
            "SELECT staff_id, pin_hash FROM staff ORDER BY 1").fetchall()
        assert after == before
        assert ledger_mismatches(conn) == []
        by_status = conn.execute(
            "SELECT status, balance_cents, count(*) FROM cards GROUP BY 1, 2 ORDER BY 1, 2"
        ).fetchall()
        assert by_status == [("active", 0, 10), ("active", 2000, 80), ("blocked", 1000, 10)]
        assert conn.execute(
            "SELECT min(card_uid), max(card_uid) FROM cards").fetchone() == (card(1), card(100))
        pins = dict(conn.execute("SELECT staff_id, pin_hash FROM staff"))
        for staff_id, pin in (("staff-bar-1", b"1234"), ("staff-cashier-1", b"234567"),
                              ("staff-super-1", b"999999")):
            assert pins[staff_id].startswith("$2a$10$")  # pgcrypto knows only $2a$
            assert bcrypt.checkpw(pin, pins[staff_id].encode())


def test_purge_keeps_records_of_the_last_thirty_days_and_refuses_during_the_event(db):
    old, recent = uuid.uuid4(), uuid.uuid4()
    bar_order(db, card(1), items(("beer", 1)), request_id=old)
    bar_order(db, card(2), items(("beer", 1)), request_id=recent)
    db.execute("UPDATE idempotency_records SET created_at = now() - interval '40 days'"
               " WHERE client_request_id = %s", (old,))
    db.execute("UPDATE event_settings SET ends_at = now() + interval '1 day'")
    refused = db.execute("SELECT sp_purge_idempotency_records('35 days')").fetchone()[0]
    assert refused["success"] is False
    db.execute("UPDATE event_settings SET ends_at = now() - interval '1 day'")
    done = db.execute("SELECT sp_purge_idempotency_records('35 days')").fetchone()[0]
    assert done["success"] is True and done["deleted"] == 1
    remaining = {r for (r,) in db.execute("SELECT client_request_id FROM idempotency_records")}
    assert recent in remaining and old not in remaining
    # a late replay of a purged id is answered as it was and charges nothing again
    replay = bar_order(db, card(1), items(("beer", 1)), request_id=old)
    assert replay["success"] is True and replay["replayed"] is True
    assert replay["new_balance_cents"] == 1500 and replay["total_cents"] == 500
    assert db.execute("SELECT balance_cents FROM cards WHERE card_uid = %s", (card(1),)).fetchone() == (
        1500,)


@pytest.mark.parametrize(
    "statement",
    [
        # below zero without an offline overdraft flag
        "UPDATE cards SET balance_cents = -1 WHERE card_uid = '04DE0000000001'",
        # an entry that does not add up
        "INSERT INTO ledger (card_uid, kind, amount_cents, previous_balance_cents,"
        " new_balance_cents, client_request_id, order_id, captured_at)"
        " VALUES ('04DE0000000001', 'order', -100, 2000, 1950, gen_random_uuid(), 1, now())",
        # an online debit below zero
        "INSERT INTO ledger (card_uid, kind, amount_cents, previous_balance_cents,"
        " new_balance_cents, client_request_id, order_id, captured_at)"
        " VALUES ('04DE0000000081', 'order', -100, 0, -100, gen_random_uuid(), 1, now())",
        # a ledger entry for a card that does not exist
        "INSERT INTO ledger (card_uid, kind, amount_cents, previous_balance_cents,"
        " new_balance_cents, captured_at) VALUES ('04DE00000000EE', 'initial', 5, 0, 5, now())",
        # the ledger is append-only
        "UPDATE ledger SET amount_cents = amount_cents + 1",
        "DELETE FROM ledger",
        # malformed values
        "INSERT INTO cards (card_uid) VALUES ('04de0000000abc')",
        "UPDATE cards SET status = 'stolen' WHERE card_uid = '04DE0000000001'",
        "INSERT INTO staff (staff_id, name, role, pin_hash) VALUES ('x', 'X', 'bar', 'md5:81dc9bdb')",
    ],
)
def test_the_database_refuses_writes_that_break_the_money_rules(db, statement):
    with pytest.raises((psycopg.errors.IntegrityError, psycopg.errors.InsufficientPrivilege)):
        db.execute(statement)


def test_a_database_migrated_before_the_trust_model_migrates_forward_in_place(empty_db, tmp_path: Path):
    """The schema of the last release (migrations 0001-0006, functions inside them) with a sale
    in it: `migrate` now applies the new schema and every function file, keeps the data, and
    the sale's id is still answered as it was."""
    old = tmp_path / "old-schema"
    old.mkdir()
    for path in sorted(SCHEMA_DIR.glob("000[1-6]_*.sql")):
        shutil.copy(path, old / path.name)
    apply_migrations(empty_db, old, functions_dir=None)
    with psycopg.connect(empty_db, autocommit=True) as conn:
        conn.execute("INSERT INTO event_settings (currency, max_balance_cents, offline_card_limit_cents,"
                     " offline_device_limit_cents) VALUES ('EUR', 50000, 3000, 50000)")
        conn.execute("INSERT INTO points_of_sale VALUES ('bar-main', 'Main bar')")
        conn.execute("INSERT INTO devices (device_id, name, role, point_of_sale_id)"
                     " VALUES ('kiosk-bar-1', 'Bar', 'bar', 'bar-main')")
        pin_hash = bcrypt.hashpw(b"1234", bcrypt.gensalt(10)).decode()
        conn.execute("INSERT INTO staff (staff_id, name, role, pin_hash) VALUES"
                     " ('staff-bar-1', 'Bar One', 'bar', %s)", (pin_hash,))
        conn.execute("INSERT INTO products (point_of_sale_id, product_id, name, price_cents)"
                     " VALUES ('bar-main', 'beer', 'Beer', 500)")
        conn.execute("INSERT INTO cards (card_uid, balance_cents) VALUES ('04DE0000000001', 0)")
        sale = uuid.uuid4()
        conn.execute("UPDATE cards SET balance_cents = 2000")
        conn.execute("INSERT INTO ledger (card_uid, kind, amount_cents, previous_balance_cents,"
                     " new_balance_cents, captured_at)"
                     " VALUES ('04DE0000000001', 'initial', 2000, 0, 2000, now())")
        first = bar_order(conn, card(1), items(("beer", 1)), request_id=sale)
        assert first["success"] is True
    report = apply_migrations(empty_db)
    assert report.applied[0] == "0007_trust"  # 0001-0006 were applied already
    assert len(report.functions_changed) == report.functions_total
    with psycopg.connect(empty_db, autocommit=True) as conn:
        again = bar_order(conn, card(1), items(("beer", 1)), request_id=sale)
        assert again["replayed"] is True and again["transaction_id"] == first["transaction_id"]
        assert balance(conn, card(1)) == 1500 and ledger_mismatches(conn) == []
        logins = conn.execute("SELECT count(*) FROM pg_proc WHERE proname = 'sp_staff_login'").fetchone()
        assert logins == (1,)
    assert apply_migrations(empty_db).functions_changed == []  # a second run changes nothing
