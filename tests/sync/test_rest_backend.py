"""REST transport specifics: PostgREST's HTTP answers and transport failures map to the
contract's codes; the request carries the named arguments and both auth headers."""

from __future__ import annotations

import json

import httpx
import pytest

from sync.rest_backend import RestBackend, result_from_http


def response(status: int, body: object) -> httpx.Response:
    return httpx.Response(status, json=body)


@pytest.mark.parametrize(
    ("status", "body", "code", "retryable"),
    [
        (200, {"success": True, "new_balance_cents": 5}, None, False),
        (200, {"success": False, "error_code": "CARD_BLOCKED", "message": "blocked"}, "CARD_BLOCKED", False),
        (200, "not an object", "SERVER_ERROR", True),
        (500, {"code": "40001", "message": "could not serialize"}, "DATABASE_BUSY", True),
        (500, {"code": "40P01", "message": "deadlock"}, "DATABASE_BUSY", True),
        (500, {"code": "55P03", "message": "lock"}, "DATABASE_BUSY", True),
        (503, {"code": "PGRST001", "message": "no connection"}, "NETWORK_ERROR", True),
        (504, None, "NETWORK_ERROR", True),
        (500, {"code": "XX000", "message": "internal"}, "SERVER_ERROR", True),
        (404, {"code": "PGRST202", "message": "not in schema cache"}, "SERVER_ERROR", True),
        (429, None, "SERVER_ERROR", True),
        (401, {"code": "PGRST301", "message": "JWT expired"}, "UNAUTHORIZED", False),
        (403, {"code": "42501", "message": "permission denied"}, "UNAUTHORIZED", False),
        (400, {"code": "22P02", "message": "invalid input syntax for type uuid"}, "INVALID_REQUEST", False),
    ],
)
def test_http_answers_map_to_contract_codes(status, body, code, retryable):
    result = result_from_http(response(status, body))
    assert result.error_code == code and result.retryable is retryable
    assert result.ok is (code is None)


def test_a_non_json_error_page_is_a_server_error():
    result = result_from_http(httpx.Response(502, text="<html>Bad gateway</html>"))
    assert result.error_code == "NETWORK_ERROR" and result.retryable


def test_requests_carry_named_arguments_and_both_auth_headers():
    seen = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen["url"] = str(request.url)
        seen["headers"] = dict(request.headers)
        seen["body"] = json.loads(request.content)
        return httpx.Response(200, json={"success": True})

    backend = RestBackend("https://x.supabase.co/", "anon", transport=httpx.MockTransport(handler))
    assert backend.call("sp_card_status", {"p_card_uid": "04DE0000000001"}).ok
    assert seen["url"] == "https://x.supabase.co/rest/v1/rpc/sp_card_status"
    assert seen["headers"]["apikey"] == "anon" and seen["headers"]["authorization"] == "Bearer anon"
    assert seen["body"] == {"p_card_uid": "04DE0000000001"}
    backend.close()


@pytest.mark.parametrize(
    ("exc", "sent"),
    [
        (httpx.ConnectError("refused"), False),
        (httpx.ConnectTimeout("slow connect"), False),
        (httpx.ReadTimeout("no answer"), True),
        (httpx.RemoteProtocolError("peer closed"), True),
    ],
)
def test_transport_failures_are_network_errors(exc, sent):
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    backend = RestBackend("https://x", "k", transport=httpx.MockTransport(handler))
    results = backend.call_many([("sp_card_status", {}), ("sp_card_status", {})])
    assert [r.error_code for r in results] == ["NETWORK_ERROR", "NETWORK_ERROR"]
    assert results[0].request_sent is sent and results[1].request_sent is False  # not attempted
    backend.close()


def test_names_outside_the_contract_are_refused_before_sending():
    backend = RestBackend("https://x", "k", transport=httpx.MockTransport(lambda r: httpx.Response(500)))
    with pytest.raises(ValueError, match="function name"):
        backend.call("../admin", {})
    with pytest.raises(ValueError, match="argument name"):
        backend.call("sp_card_status", {"card": "04DE0000000001"})
    backend.close()
