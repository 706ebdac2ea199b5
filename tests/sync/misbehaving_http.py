"""A real HTTP server on loopback that answers the kiosk's RPC calls the way a broken proxy or
a forged server would (one `mode` at a time, switchable while it runs), or passes them on
to the real gateway (`mode = "proxy"`).

Modes: bare_success, forged_success, html, empty, truncated_json, binary, array,
redirect_301/302/303/307/308, status_NNN (any status, with a PostgREST-like error body),
cut_mid_body (the connection dropped before the announced length), slow_drip (a valid
answer, one byte every `drip_interval_s`), slow_headers (the status line and headers so),
proxy.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

from sql.cluster import free_port

MODES = (
    "bare_success", "forged_success", "html", "empty", "truncated_json", "binary", "array",
    "redirect_301", "redirect_302", "redirect_303", "redirect_307", "redirect_308",
    "status_400", "status_401", "status_403", "status_407", "status_408", "status_413", "status_425",
    "status_500", "status_502", "status_503", "status_504", "cut_mid_body", "slow_drip", "slow_headers",
)  # fmt: skip


class MisbehavingServer:
    """Runs on its own threads (one per connection); `mode` and `upstream` may be changed at
    any time. `served` counts the calls received in each mode."""

    def __init__(self, upstream: str, mode: str = "proxy", drip_interval_s: float = 0.5) -> None:
        self.upstream = upstream.rstrip("/")  # the real gateway's RPC base
        self.mode = mode
        self.drip_interval_s = drip_interval_s
        self.port = free_port()
        self.served: dict[str, int] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._client = httpx.Client(timeout=30.0)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="misbehaving-http", daemon=True
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/rpc"

    def start(self) -> MisbehavingServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._client.close()

    def count(self, mode: str) -> int:
        with self._lock:
            return self.served.get(mode, 0)

    def _served(self, mode: str) -> None:
        with self._lock:
            self.served[mode] = self.served.get(mode, 0) + 1

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                mode = server.mode
                server._served(mode)
                try:
                    server.answer(self, mode, body)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

        return Handler

    # -- the answers ---------------------------------------------------------------------

    def answer(self, handler: BaseHTTPRequestHandler, mode: str, body: bytes) -> None:
        if mode == "proxy":
            self._proxy(handler, body)
            return
        args = json.loads(body or b"{}")
        matching = {
            "success": True, "status": "completed", "client_request_id": args.get("p_client_request_id"),
            "card_uid": args.get("p_card_uid"), "total_cents": args.get("p_expected_total_cents"),
            "new_balance_cents": 0, "previous_balance_cents": 0, "replayed": False,
        }  # fmt: skip
        if mode == "bare_success":
            self._send(handler, 200, json.dumps({"success": True}).encode())
        elif mode == "forged_success":
            forged = {**matching, "client_request_id": str(uuid.uuid4())}
            self._send(handler, 200, json.dumps(forged).encode())
        elif mode == "html":
            page = b"<html><body>Please log in to the hotel Wi-Fi</body></html>"
            self._send(handler, 200, page, "text/html")
        elif mode == "empty":
            self._send(handler, 200, b"")
        elif mode == "truncated_json":
            self._send(handler, 200, json.dumps(matching).encode()[:25])
        elif mode == "binary":
            self._send(handler, 200, bytes(range(256)) * 4, "application/octet-stream")
        elif mode == "array":
            self._send(handler, 200, json.dumps([matching]).encode())
        elif mode.startswith("redirect_"):
            target = f"{self.upstream}/{handler.path.rsplit('/', 1)[-1]}"
            self._send(handler, int(mode.removeprefix("redirect_")), b"", headers={"Location": target})
        elif mode.startswith("status_"):
            status = int(mode.removeprefix("status_"))
            error = {"code": "PGRST000", "message": f"simulated HTTP {status}"}
            self._send(handler, status, json.dumps(error).encode())
        elif mode == "cut_mid_body":
            content = json.dumps(matching).encode()
            self._headers(handler, 200, len(content))
            handler.wfile.write(content[: len(content) // 2])
            handler.wfile.flush()
            handler.close_connection = True
        elif mode in ("slow_drip", "slow_headers"):
            content = json.dumps(matching).encode() + b" " * 10_000
            head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(content)}\r\n"
            if mode == "slow_drip":
                handler.wfile.write(head.encode() + b"\r\n")
            else:
                content = head.encode() + b"X-Padding: " + b"p" * 8000 + b"\r\n\r\n" + content
            for byte in content:
                if self._stopping.wait(self.drip_interval_s):
                    break
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
            handler.close_connection = True
        else:
            raise ValueError(f"unknown mode {mode!r}")

    def _proxy(self, handler: BaseHTTPRequestHandler, body: bytes) -> None:
        headers = {k: v for k, v in handler.headers.items()
                   if k.lower() in ("authorization", "apikey", "content-type", "accept")}
        function = handler.path.rsplit("/", 1)[-1]
        response = self._client.post(f"{self.upstream}/{function}", content=body, headers=headers)
        self._send(handler, response.status_code, response.content, response.headers.get("content-type"))

    @staticmethod
    def _headers(handler: BaseHTTPRequestHandler, status: int, length: int,
                 content_type: str | None = "application/json", headers: dict | None = None) -> None:
        handler.send_response(status)
        if content_type:
            handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(length))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()

    def _send(self, handler: BaseHTTPRequestHandler, status: int, content: bytes,
              content_type: str | None = "application/json", headers: dict | None = None) -> None:
        self._headers(handler, status, len(content), content_type, headers)
        handler.wfile.write(content)
        handler.wfile.flush()


def wait_for_calls(server: MisbehavingServer, mode: str, at_least: int, timeout_s: float = 15.0) -> None:
    deadline = time.monotonic() + timeout_s
    while server.count(mode) < at_least:
        if time.monotonic() > deadline:
            raise AssertionError(f"the kiosk made {server.count(mode)} calls in mode {mode}, not {at_least}")
        time.sleep(0.02)
