"""The kiosk gateway as a real `festival-server` process on loopback: bearer tokens checked
against the database, only the kiosk functions, bodies capped, SQL errors as PostgREST-like
error JSON, access logs without secrets."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import httpx
import psycopg
import pytest

from sql.devices import revoke
from tests.server.conftest import BAR_DEVICE, CHECKPOINT_DEVICE
from tests.server.gateway_process import enrol_gateway_token
from tests.sync.helpers import bar_order_payload, card, order


def post(gateway, function: str, body: object, token: str | None, **kwargs) -> httpx.Response:
    headers = {"Content-Type": "application/json", **kwargs.pop("headers", {})}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    url = f"{gateway.base_url}/{function}"
    return httpx.post(url, content=content, headers=headers, timeout=10, **kwargs)


def sale(card_uid: str, device_id: str = BAR_DEVICE) -> dict:
    items, total = order(("beer", 1))
    args = bar_order_payload(uuid.uuid4(), datetime.now(UTC), card_uid, items, total, device_id=device_id)
    return {**args, "p_offline": False}


def recorded_requests(db: psycopg.Connection) -> int:
    return db.execute("SELECT count(*) FROM idempotency_records").fetchone()[0]


def balance(db: psycopg.Connection, card_uid: str) -> int:
    return db.execute("SELECT balance_cents FROM cards WHERE card_uid = %s", (card_uid,)).fetchone()[0]


def test_a_device_token_calls_the_function_as_that_device(gateway, bar_token, db):
    response = post(gateway, "sp_process_bar_order", sale(card(1)), bar_token)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    answer = response.json()
    assert answer["success"] is True and answer["new_balance_cents"] == 1500
    assert balance(db, card(1)) == 1500
    config = post(gateway, "sp_device_config", {"p_device_id": BAR_DEVICE}, bar_token).json()
    assert config["success"] is True and config["device"]["device_id"] == BAR_DEVICE


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer  x y", "Basic dXNlcjpwYXNz", "Bearer unknown-token", "Bearer " + "x" * 600],
)
def test_missing_or_unknown_tokens_are_401_and_nothing_is_called(gateway, bar_token, db, authorization):
    before = recorded_requests(db)
    headers = {} if authorization is None else {"Authorization": authorization}
    response = post(gateway, "sp_process_bar_order", sale(card(2)), None, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert set(response.json()) >= {"code", "message"}
    assert recorded_requests(db) == before and balance(db, card(2)) == 2000


def test_a_revoked_or_replaced_token_is_401_and_nothing_is_called(gateway, db_url, db):
    old = enrol_gateway_token(db_url, BAR_DEVICE)
    new = enrol_gateway_token(db_url, BAR_DEVICE)
    before = recorded_requests(db)
    assert post(gateway, "sp_process_bar_order", sale(card(3)), old).status_code == 401
    assert post(gateway, "sp_process_bar_order", sale(card(3)), new).status_code == 200
    with psycopg.connect(db_url) as conn:
        revoke(conn, BAR_DEVICE)
    assert post(gateway, "sp_process_bar_order", sale(card(3)), new).status_code == 401
    assert recorded_requests(db) == before + 1 and balance(db, card(3)) == 1500


def test_a_disabled_device_is_401(gateway, bar_token, db):
    db.execute("UPDATE devices SET enabled = false WHERE device_id = %s", (BAR_DEVICE,))
    assert post(gateway, "sp_device_config", {"p_device_id": BAR_DEVICE}, bar_token).status_code == 401


@pytest.mark.parametrize(
    "function",
    ["sp_process_stripe_recharge", "sp_gateway_device", "sp_purge_idempotency_records", "pg_sleep",
     "sp_Card_status", "sp_card_status.json"],
)
def test_only_the_kiosk_functions_exist(gateway, bar_token, function):
    response = post(gateway, function, {}, bar_token)
    assert response.status_code == 404 and response.json()["code"] == "PGRST202"


def test_a_kiosk_function_missing_from_the_database_is_404(gateway, bar_token, db):
    db.execute("DROP FUNCTION IF EXISTS sp_device_heartbeat(text, jsonb)")  # as before a migration
    response = post(gateway, "sp_device_heartbeat", {"p_device_id": BAR_DEVICE, "p_status": {}}, bar_token)
    assert response.status_code == 404 and response.json()["code"] == "42883"


def test_other_paths_and_methods_are_refused(gateway, bar_token):
    assert httpx.get(f"{gateway.base_url}/sp_card_status", timeout=5).status_code == 405
    assert httpx.post(f"http://127.0.0.1:{gateway.port}/admin", timeout=5).status_code == 404
    response = post(gateway, "sp_card_status/../sp_gateway_device", {}, bar_token)
    assert response.status_code == 404


def test_a_body_over_64_kb_is_413(gateway, bar_token, db):
    big = {"p_device_id": BAR_DEVICE, "p_scans": [{"context": "x" * 70_000}]}
    assert post(gateway, "sp_log_nfc_scans", big, bar_token).status_code == 413

    def chunks():  # no Content-Length: the bytes that arrive are counted
        for _ in range(80):
            yield b" " * 1024

    response = httpx.post(
        f"{gateway.base_url}/sp_card_status", content=chunks(), timeout=10,
        headers={"Authorization": f"Bearer {bar_token}", "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert db.execute("SELECT count(*) FROM nfc_scans").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (b"[1, 2]", "JSON object"),
        (b"not json", "not JSON"),
        (b'{"p_card_uid": NaN}', "not a JSON number"),
        (b'{"card_uid": "04DE0000000001"}', "not an argument name"),
        (b'{"p_card_uid": "a", "p_card_uid": "b"}', "twice"),
        (b'{"p_Card": 1}', "not an argument name"),
        (b'{"p_card_uid": 99999999999999999999999}', "out of range"),
        (b"\xff\xfe", "UTF-8"),
    ],
)
def test_unreadable_arguments_are_400(gateway, bar_token, body, why):
    response = post(gateway, "sp_card_status", body, bar_token)
    assert response.status_code == 400 and why in response.json()["message"]


def test_values_keep_their_json_types_and_postgresql_casts_them(gateway, bar_token, db):
    args = sale(card(4))
    assert isinstance(args["p_items"], list) and isinstance(args["p_expected_total_cents"], int)
    assert post(gateway, "sp_process_bar_order", args, bar_token).json()["success"] is True
    malformed = post(gateway, "sp_process_bar_order", {**args, "p_client_request_id": "x"}, bar_token)
    assert malformed.status_code == 400 and malformed.json()["code"] == "22P02"  # cast by PostgreSQL


def test_a_token_of_one_device_cannot_act_as_another(gateway, bar_token, checkpoint_token, db):
    answer = post(gateway, "sp_process_bar_order", sale(card(5)), checkpoint_token).json()
    assert answer["success"] is False and answer["error_code"] == "UNAUTHORIZED"
    config = post(gateway, "sp_device_config", {"p_device_id": BAR_DEVICE}, checkpoint_token).json()
    assert config["success"] is False and config["error_code"] == "UNAUTHORIZED"
    assert balance(db, card(5)) == 2000


def test_the_call_sees_the_device_its_token_proved(gateway, checkpoint_token, db):
    db.execute(
        "CREATE OR REPLACE FUNCTION sp_device_heartbeat(p_device_id text, p_status jsonb) RETURNS jsonb"
        " LANGUAGE sql AS $$ SELECT jsonb_build_object('success', true,"
        " 'seen', current_setting('festival.device_id', true), 'said', p_device_id) $$"
    )
    db.execute("GRANT EXECUTE ON FUNCTION sp_device_heartbeat(text, jsonb) TO kiosk")
    body = {"p_device_id": BAR_DEVICE, "p_status": {"outbox_pending": 0}}
    answer = post(gateway, "sp_device_heartbeat", body, checkpoint_token).json()
    assert answer == {"success": True, "seen": CHECKPOINT_DEVICE, "said": BAR_DEVICE}
    # set with is_local: the pooled connection does not carry it into the next transaction
    with psycopg.connect(db.info.dsn, autocommit=True) as other:
        assert other.execute("SELECT current_setting('festival.device_id', true)").fetchone()[0] in (None, "")


@pytest.mark.parametrize(
    ("sqlstate", "status"),
    [("40001", 503), ("40P01", 503), ("55P03", 503), ("42501", 403), ("57014", 504), ("XX000", 500),
     ("22P02", 400)],
)
def test_sql_errors_come_back_as_error_json_with_their_code(gateway, bar_token, db, sqlstate, status):
    db.execute(
        "CREATE OR REPLACE FUNCTION sp_device_heartbeat(p_device_id text, p_status jsonb) RETURNS jsonb"
        f" LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated' USING ERRCODE = '{sqlstate}'; END $$"
    )
    db.execute("GRANT EXECUTE ON FUNCTION sp_device_heartbeat(text, jsonb) TO kiosk")
    response = post(gateway, "sp_device_heartbeat", {"p_device_id": BAR_DEVICE, "p_status": {}}, bar_token)
    assert response.status_code == status
    assert response.json()["code"] == sqlstate and "simulated" in response.json()["message"]


def test_access_logs_are_json_without_token_or_body(gateway, bar_token):
    secret_card = card(7)
    post(gateway, "sp_card_status", {"p_card_uid": secret_card}, bar_token)
    post(gateway, "sp_card_status", {"p_card_uid": secret_card}, "wrong-token")
    calls = gateway.access_log(at_least=2, path="/rpc/sp_card_status")
    assert [(e["status"], e["device_id"]) for e in calls] == [(200, BAR_DEVICE), (401, None)]
    assert all(e["duration_ms"] >= 0 and e["method"] == "POST" for e in calls)
    text = gateway.log_text()
    assert bar_token not in text and "wrong-token" not in text and secret_card not in text
