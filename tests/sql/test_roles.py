"""Privileges: `kiosk` executes the kiosk contract and touches no table; `payments` only
the Stripe recharge; PUBLIC nothing."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from psycopg import sql

from tests.sql.contract import BAR, assert_failure, balance, call, card, items

KIOSK_FUNCTIONS = {
    "sp_process_bar_order", "sp_process_checkpoint_recharge", "sp_void_request",
    "sp_set_card_status", "sp_card_status", "sp_device_config", "sp_cards_changed_since",
    "sp_log_nfc_scans", "sp_staff_login", "sp_staff_logout", "sp_device_heartbeat",
    "sp_open_cash_shift", "sp_close_cash_shift", "sp_move_cash",
}


def relations(db: psycopg.Connection) -> list[str]:
    """Every table, view and sequence of the public schema (incl. yoyo's bookkeeping)."""
    return [
        name
        for (name,) in db.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'S', 'p', 'm')"
            " ORDER BY 1"
        )
    ]


def test_kiosk_role_cannot_read_or_write_any_table(db, kiosk_url):
    names = relations(db)
    assert {"cards", "ledger", "orders", "idempotency_records", "nfc_scans"} <= set(names)
    with psycopg.connect(kiosk_url, autocommit=True) as kiosk:
        for name in names:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                kiosk.execute(sql.SQL("SELECT * FROM {} LIMIT 1").format(sql.Identifier(name)))
        for statement in (
            "UPDATE cards SET balance_cents = 1000000",
            "DELETE FROM ledger",
            "INSERT INTO idempotency_records (client_request_id, operation, fingerprint,"
            " response, succeeded) VALUES (gen_random_uuid(), 'bar_order', gen_random_uuid(),"
            " '{}', true)",
            "TRUNCATE orders",
            "SELECT nextval('ledger_entry_id_seq')",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                kiosk.execute(statement)
    assert balance(db, card(1)) == 2000


def test_kiosk_role_executes_exactly_the_kiosk_contract(db):
    granted = {
        name
        for (name,) in db.execute(
            "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            " WHERE n.nspname = 'public' AND has_function_privilege('kiosk', p.oid, 'EXECUTE')"
        )
    }
    assert granted == KIOSK_FUNCTIONS


def test_payments_role_executes_only_the_webhook_and_portal_functions(db):
    granted = {
        name
        for (name,) in db.execute(
            "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            " WHERE n.nspname = 'public' AND has_function_privilege('payments', p.oid, 'EXECUTE')"
        )
    }
    assert granted == {"sp_process_stripe_recharge", "sp_portal_card", "sp_request_payout"}


def test_public_executes_none_of_our_functions(db):
    public = db.execute(
        "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
        " WHERE n.nspname = 'public' AND p.proacl IS NULL"
        " OR (n.nspname = 'public' AND EXISTS (SELECT 1 FROM aclexplode(p.proacl) a"
        "     WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE'))"
    ).fetchall()
    assert public == []


def test_contract_functions_are_security_definer_with_a_pinned_search_path(db):
    rows = db.execute(
        "SELECT p.proname, p.prosecdef, p.proconfig FROM pg_proc p"
        " JOIN pg_namespace n ON n.oid = p.pronamespace"
        " WHERE n.nspname = 'public' AND p.proname LIKE 'sp\\_%'"
    ).fetchall()
    assert {name for name, _, _ in rows} == KIOSK_FUNCTIONS | {
        "sp_process_stripe_recharge", "sp_purge_idempotency_records", "sp_gateway_device",
        "sp_portal_card", "sp_request_payout"}
    for name, definer, config in rows:
        assert definer, name
        assert "search_path=public, pg_temp" in (config or []), name


def test_a_kiosk_login_works_through_the_functions(kiosk_url, db):
    with psycopg.connect(kiosk_url, autocommit=True) as kiosk:
        answer = call(kiosk, "sp_process_bar_order", p_client_request_id=uuid.uuid4(),
                      p_card_uid=card(1), p_items=items(("beer", 1)), p_expected_total_cents=500,
                      **BAR)
        assert answer["success"] is True
        assert call(kiosk, "sp_card_status", p_card_uid=card(1))["balance_cents"] == 1500
    assert balance(db, card(1)) == 1500


def test_a_kiosk_cannot_mint_money_with_an_invented_stripe_session(kiosk_url, db):
    with psycopg.connect(kiosk_url, autocommit=True) as kiosk, pytest.raises(
        psycopg.errors.InsufficientPrivilege
    ):
        call(kiosk, "sp_process_stripe_recharge", p_stripe_session_id="cs_fake",
             p_card_uid=card(1), p_amount_cents=10_000)
    assert balance(db, card(1)) == 2000


def test_payments_cannot_call_kiosk_functions_or_purge(payments_url):
    with psycopg.connect(payments_url, autocommit=True) as payments:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            call(payments, "sp_card_status", p_card_uid=card(1))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            payments.execute("SELECT sp_purge_idempotency_records('365 days')")


def test_kiosk_cannot_purge_idempotency_records(kiosk_url):
    with psycopg.connect(kiosk_url, autocommit=True) as kiosk, pytest.raises(
        psycopg.errors.InsufficientPrivilege
    ):
        kiosk.execute("SELECT sp_purge_idempotency_records('365 days')")


def test_unauthorized_answer_reaches_a_kiosk_login_as_json(kiosk_url):
    with psycopg.connect(kiosk_url, autocommit=True) as kiosk:
        assert_failure(call(kiosk, "sp_device_config", p_device_id="kiosk-nope"), "UNAUTHORIZED")
