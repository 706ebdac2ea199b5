"""Ask a backend what it knows: the "test connection" of the wizard and of provisioning.

`probe_backend` checks that a backend answers the contract at all; `query_device` calls
`sp_device_config` for one device id and turns the answer into a `DeviceCheck` (the typed
device config, or a sentence a person can act on); `check_device` does the latter for a
configured `backend_url`, starting the embedded demo server when that is the backend.
All go through `sync.backend.make_backend`. Blocking (network, and maybe an embedded server
start): run them off the GUI thread. Qt-free.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.settings import EMBEDDED_DEMO

# The devices the demo data set registers (DESIGN.md, "Demo data set").
DEMO_DEVICE_IDS = ("kiosk-bar-1", "kiosk-checkpoint-1")
# A device id no backend registers: asking for it proves the backend speaks the contract.
PROBE_DEVICE_ID = "festival-kiosk-connection-test"


@dataclass(frozen=True)
class DeviceCheck:
    """The outcome of one `sp_device_config` call; `config` is set exactly when `ok`."""

    ok: bool
    message: str
    error_code: str | None = None
    config: Any = None  # sync.config.DeviceConfig when ok

    @property
    def role_text(self) -> str:
        """"bar at bar-main" / "checkpoint at checkpoint-1", or "" without a config."""
        if self.config is None:
            return ""
        place = self.config.point_of_sale_id or self.config.checkpoint_id or "?"
        return f"{self.config.role} at {place}"


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
        return DeviceCheck(False, f"Cannot use this backend address: {exc}", "INVALID_REQUEST")
    if result.ok or result.error_code == "UNAUTHORIZED":
        return DeviceCheck(True, "Connected: the backend answers.")
    return DeviceCheck(False, _failure_text(result, None), result.error_code)


def query_device(url: str, api_key: str, device_id: str, **security: Any) -> DeviceCheck:
    """sp_device_config for `device_id` on the backend at `url` (postgresql:// or http(s)://);
    `security`: make_backend's insecure_backend and ca_file, as the kiosk will use them."""
    from sync.config import DeviceConfig

    device_id = device_id.strip()
    if not device_id:
        return DeviceCheck(False, "Enter the device id this kiosk is registered as.",
                           "INVALID_REQUEST")
    try:
        result = _call_device_config(url, api_key, device_id, **security)
    except Exception as exc:  # a malformed URL or key: say so instead of crashing
        return DeviceCheck(False, f"Cannot use this backend address: {exc}", "INVALID_REQUEST")
    if not result.ok:
        return DeviceCheck(False, _failure_text(result, device_id), result.error_code)
    try:
        config = DeviceConfig.from_response(result.data)
    except (KeyError, TypeError, ValueError) as exc:
        return DeviceCheck(False, f"The backend's answer is not a device config: {exc}",
                           "SERVER_ERROR")
    if not config.enabled:
        return DeviceCheck(False, f"Device {device_id} is disabled in the backend.",
                           "UNAUTHORIZED")
    role = DeviceCheck(True, "", None, config).role_text
    return DeviceCheck(True, f"Connected: {device_id} is a {role}.", None, config)


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
        return DeviceCheck(False, "Choose a backend first.", "INVALID_REQUEST")
    if backend_url != EMBEDDED_DEMO:
        return query_device(backend_url, api_key, device_id, **security)
    try:
        embedded = start_embedded()
    except Exception as exc:  # any failure of initdb/pg_ctl is reported, not raised
        return DeviceCheck(False, f"Could not start the embedded demo server: {exc}",
                           "SERVER_ERROR")
    try:
        by_device = getattr(embedded, "url_for_device", None)
        url = by_device(device_id) if by_device is not None else embedded.kiosk_url
        return query_device(url, api_key, device_id)
    finally:
        embedded.stop()


def _failure_text(result: Any, device_id: str | None) -> str:
    if result.error_code == "UNAUTHORIZED" and device_id:
        detail = result.message or "unknown or disabled device"
        return f"The backend does not accept device {device_id!r}: {detail}"
    if result.retryable:
        detail = result.message or result.error_code or ""
        if "cannot be reached: " in detail:  # sync says so already; keep only the reason
            detail = detail.split("cannot be reached: ", 1)[1]
        return f"Cannot reach the backend: {detail}"
    return f"The backend refused: {result.message or result.error_code}"
