"""REST transport specifics: only a 200 with a contract answer closes a request, every other
HTTP answer and transport failure is a retryable non-answer; the request goes to
`{backend_url}/{function}` with the named arguments and both auth headers; redirects are
never followed."""

from __future__ import annotations

import json

import httpx
import pytest

from sync.rest_backend import RestBackend, result_from_http


def body(value: object) -> bytes:
    return json.dumps(value).encode()


@pytest.mark.parametrize(
    ("status", "content", "code"),
    [
        (200, body({"success": True, "new_balance_cents": 5}), None),
        (200, body({"success": False, "error_code": "CARD_BLOCKED", "message": "blocked"}), "CARD_BLOCKED"),
        (200, body("not an object"), "SERVER_ERROR"),
        (200, b"", "SERVER_ERROR"),
        (200, b"<html>login</html>", "SERVER_ERROR"),
        (200, b'{"success": tr', "SERVER_ERROR"),
        (200, b"\x00\xff\x13binary", "SERVER_ERROR"),
        (500, body({"code": "40001", "message": "could not serialize"}), "DATABASE_BUSY"),
        (503, body({"code": "40P01", "message": "deadlock"}), "DATABASE_BUSY"),
        (409, body({"code": "55P03", "message": "lock"}), "DATABASE_BUSY"),
        (503, body({"code": "PGRST001", "message": "no connection"}), "NETWORK_ERROR"),
        (504, b"", "NETWORK_ERROR"),
        (502, b"<html>Bad gateway</html>", "NETWORK_ERROR"),
        (500, body({"code": "XX000", "message": "internal"}), "SERVER_ERROR"),
        (404, body({"code": "PGRST202", "message": "not in schema cache"}), "SERVER_ERROR"),
        (429, b"", "SERVER_ERROR"),
        (401, body({"code": "PGRST301", "message": "JWT expired"}), "SERVER_ERROR"),
        (403, body({"code": "42501", "message": "permission denied"}), "SERVER_ERROR"),
        (407, b"proxy authentication required", "SERVER_ERROR"),
        (400, body({"code": "22P02", "message": "invalid input syntax for type uuid"}), "SERVER_ERROR"),
        (413, b"", "SERVER_ERROR"),
        (201, body({"success": True}), "SERVER_ERROR"),
        (204, b"", "SERVER_ERROR"),
    ],
)
def test_only_a_200_contract_answer_is_an_answer(status, content, code):
    result = result_from_http(status, content)
    assert result.error_code == code
    assert result.ok is (code is None)
    assert result.answered is (code in (None, "CARD_BLOCKED"))
    assert result.retryable is not result.answered
    assert result.message or result.ok


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_is_never_followed_and_not_an_answer(status):
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(status, headers={"Location": "https://evil.example/rpc/sp_card_status"})

    backend = RestBackend("https://pay.example.org/rpc", "token", transport=httpx.MockTransport(handler))
    result = backend.call("sp_card_status", {"p_card_uid": "04DE0000000001"})
    assert result.error_code == "SERVER_ERROR" and result.retryable
    assert "redirect" in result.message and "evil.example" in result.message
    assert seen == ["https://pay.example.org/rpc/sp_card_status"]
    backend.close()


@pytest.mark.parametrize(
    ("backend_url", "expected"),
    [
        ("https://x.supabase.co/rest/v1/rpc", "https://x.supabase.co/rest/v1/rpc/sp_card_status"),
        ("https://pay.example.org/rpc/", "https://pay.example.org/rpc/sp_card_status"),
    ],
)
def test_requests_go_to_the_rpc_base_with_named_arguments_and_both_auth_headers(backend_url, expected):
    seen = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen["url"] = str(request.url)
        seen["headers"] = dict(request.headers)
        seen["body"] = json.loads(request.content)
        return httpx.Response(200, json={"success": True, "card_uid": "04DE0000000001"})

    backend = RestBackend(backend_url, "device-token", transport=httpx.MockTransport(handler))
    assert backend.call("sp_card_status", {"p_card_uid": "04DE0000000001"}).ok
    assert seen["url"] == expected
    assert seen["headers"]["apikey"] == "device-token"
    assert seen["headers"]["authorization"] == "Bearer device-token"
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

    backend = RestBackend("https://x/rpc", "k", transport=httpx.MockTransport(handler))
    results = backend.call_many([("sp_card_status", {}), ("sp_card_status", {})])
    assert [r.error_code for r in results] == ["NETWORK_ERROR", "NETWORK_ERROR"]
    assert results[0].request_sent is sent and results[1].request_sent is False  # not attempted
    backend.close()


def test_names_and_values_outside_the_contract_are_refused_before_sending():
    backend = RestBackend("https://x/rpc", "k", transport=httpx.MockTransport(lambda r: httpx.Response(500)))
    with pytest.raises(ValueError, match="function name"):
        backend.call("../admin", {})
    with pytest.raises(ValueError, match="argument name"):
        backend.call("sp_card_status", {"card": "04DE0000000001"})
    with pytest.raises(ValueError, match="JSON"):
        backend.call("sp_card_status", {"p_card_uid": float("nan")})
    backend.close()
