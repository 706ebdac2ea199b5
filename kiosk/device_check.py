"""Ask a backend what it knows: the "test connection" of the wizard and of provisioning.

`probe_backend` checks that a backend answers the contract at all; `query_device` calls
`sp_device_config` for one device id and turns the answer into a `DeviceCheck` (the typed
device config, or a `CheckStatus` code saying what went wrong, with the backend's or the
library's own text as `detail`: the screen, or the command line, words it); `check_device`
does the latter for a configured `backend_url`, starting the embedded demo server when that
is the backend. All go through `sync.backend.make_backend`. Blocking (network, and maybe an
embedded server start): run them off the GUI thread. Qt-free.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.settings import EMBEDDED_DEMO

# The devices the demo data set registers (DESIGN.md, "Demo data set").
DEMO_DEVICE_IDS = ("kiosk-bar-1", "kiosk-checkpoint-1")
# A device id no backend registers: asking for it proves the backend speaks the contract.
PROBE_DEVICE_ID = "festival-kiosk-connection-test"


class CheckStatus(enum.StrEnum):
    """What one check came to; the words are the screen's (kiosk.ui.wizard) or the command
    line's (kiosk.provision)."""

    CONNECTED = "connected"  # the backend answers the contract
    DEVICE_OK = "device_ok"  # the device is known and enabled: `config` holds its config
    NO_BACKEND = "no_backend"  # no backend_url configured
    NO_DEVICE_ID = "no_device_id"
    BAD_ADDRESS = "bad_address"  # the URL or key cannot be used (detail: why)
    UNREACHABLE = "unreachable"  # no answer (detail: why)
    DEVICE_REFUSED = "device_refused"  # UNAUTHORIZED for `device_id` (detail: the backend's text)
    REFUSED = "refused"  # another refusal (detail: the backend's text or its code)
    NOT_A_CONFIG = "not_a_config"  # an answer that is not a device config (detail: why)
    DEVICE_DISABLED = "device_disabled"
    EMBEDDED_FAILED = "embedded_failed"  # the embedded demo server did not start (detail)
    FAILED = "failed"  # the check itself raised on this kiosk (detail: the exception)


_OK = frozenset({CheckStatus.CONNECTED, CheckStatus.DEVICE_OK})


@dataclass(frozen=True)
class DeviceCheck:
    """The outcome of one `sp_device_config` call; `config` is set exactly when the device
    was found (DEVICE_OK). No words: `status`, `device_id` and `detail` are data."""

    status: CheckStatus
    error_code: str | None = None
    config: Any = None  # sync.config.DeviceConfig when DEVICE_OK
    device_id: str = ""
    detail: str = ""  # the backend's message or the library's exception text, as it said it

    @property
    def ok(self) -> bool:
        return self.status in _OK

    @property
    def role(self) -> str:
        """"bar" or "checkpoint" (the config's role), or "" without a config."""
        return str(self.config.role) if self.config is not None else ""

    @property
    def place(self) -> str:
        """The point of sale or checkpoint id of the config ("?" if it names neither), or ""
        without a config."""
        if self.config is None:
            return ""
        return str(self.config.point_of_sale_id or self.config.checkpoint_id or "?")


def start_embedded_demo() -> Any:
    """Start (or reuse) the embedded demo server; returns it (`.kiosk_url`, `.stop()`)."""
    from sql.embedded import start_demo_server

    return start_demo_server()


def _call_device_config(url: str, api_key: str, device_id: str, **security: Any) -> Any:
    from sync.backend import make_backend

    backend = make_backend(url, api_key or None, **security)
    try:
        return backend.call("sp_device_config", {"p_device_id": device_id})
    finally:
        backend.close()


def probe_backend(url: str, api_key: str = "") -> DeviceCheck:
    """Reach the backend and see it answer sp_device_config (for an unregistered id)."""
    try:
        result = _call_device_config(url, api_key, PROBE_DEVICE_ID)
    except Exception as exc:  # a malformed URL or key: say so instead of crashing
        return DeviceCheck(CheckStatus.BAD_ADDRESS, "INVALID_REQUEST", detail=str(exc))
    if result.ok or result.error_code == "UNAUTHORIZED":
        return DeviceCheck(CheckStatus.CONNECTED)
    return _failure(result, "")


def query_device(url: str, api_key: str, device_id: str, **security: Any) -> DeviceCheck:
    """sp_device_config for `device_id` on the backend at `url` (postgresql:// or http(s)://);
    `security`: make_backend's insecure_backend and ca_file, as the kiosk will use them."""
    from sync.config import DeviceConfig

    device_id = device_id.strip()
    if not device_id:
        return DeviceCheck(CheckStatus.NO_DEVICE_ID, "INVALID_REQUEST")
    try:
        result = _call_device_config(url, api_key, device_id, **security)
    except Exception as exc:  # a malformed URL or key: say so instead of crashing
        return DeviceCheck(CheckStatus.BAD_ADDRESS, "INVALID_REQUEST", device_id=device_id,
                           detail=str(exc))
    if not result.ok:
        return _failure(result, device_id)
    try:
        config = DeviceConfig.from_response(result.data)
    except (KeyError, TypeError, ValueError) as exc:
        return DeviceCheck(CheckStatus.NOT_A_CONFIG, "SERVER_ERROR", device_id=device_id,
                           detail=str(exc))
    if not config.enabled:
        return DeviceCheck(CheckStatus.DEVICE_DISABLED, "UNAUTHORIZED", device_id=device_id)
    return DeviceCheck(CheckStatus.DEVICE_OK, None, config, device_id)


def check_device(
    backend_url: str,
    api_key: str,
    device_id: str,
    *,
    start_embedded: Callable[[], Any] = start_embedded_demo,
    **security: Any,
) -> DeviceCheck:
    """`query_device` for a configured backend_url ('embedded-demo' starts the local server
    and asks as that device's own login)."""
    if not backend_url:
        return DeviceCheck(CheckStatus.NO_BACKEND, "INVALID_REQUEST", device_id=device_id)
    if backend_url != EMBEDDED_DEMO:
        return query_device(backend_url, api_key, device_id, **security)
    try:
        embedded = start_embedded()
    except Exception as exc:  # any failure of initdb/pg_ctl is reported, not raised
        return DeviceCheck(CheckStatus.EMBEDDED_FAILED, "SERVER_ERROR", device_id=device_id,
                           detail=str(exc))
    try:
        by_device = getattr(embedded, "url_for_device", None)
        url = by_device(device_id) if by_device is not None else embedded.kiosk_url
        return query_device(url, api_key, device_id)
    finally:
        embedded.stop()


def _failure(result: Any, device_id: str) -> DeviceCheck:
    """A refused or unanswered sp_device_config call, as data."""
    if result.error_code == "UNAUTHORIZED" and device_id:
        return DeviceCheck(CheckStatus.DEVICE_REFUSED, result.error_code, device_id=device_id,
                           detail=result.message or "")
    if result.retryable:
        detail = result.message or result.error_code or ""
        if "cannot be reached: " in detail:  # sync says so already; keep only the reason
            detail = detail.split("cannot be reached: ", 1)[1]
        return DeviceCheck(CheckStatus.UNREACHABLE, result.error_code, device_id=device_id,
                           detail=detail)
    return DeviceCheck(CheckStatus.REFUSED, result.error_code, device_id=device_id,
                       detail=result.message or result.error_code or "")
