"""Ask a backend what it knows about one device: the "test connection" of the wizard and
of provisioning.

Calls `sp_device_config` once through `sync.backend.make_backend` and turns the answer into
a `DeviceCheck`: the typed device config, or a sentence a person can act on. Blocking (it
opens a connection, and for the embedded demo it may start the local server): run it off
the GUI thread. Qt-free.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.settings import EMBEDDED_DEMO

# The devices the demo data set registers (DESIGN.md, "Demo data set").
DEMO_DEVICE_IDS = ("kiosk-bar-1", "kiosk-checkpoint-1")


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


def check_device(
    backend_url: str,
    api_key: str,
    device_id: str,
    *,
    start_embedded: Callable[[], Any] = start_embedded_demo,
) -> DeviceCheck:
    """Call sp_device_config for `device_id` on the backend at `backend_url`."""
    from sync.backend import make_backend
    from sync.config import DeviceConfig

    device_id = device_id.strip()
    if not device_id:
        return DeviceCheck(False, "Enter the device id this kiosk is registered as.",
                           "INVALID_REQUEST")
    if not backend_url:
        return DeviceCheck(False, "Choose a backend first.", "INVALID_REQUEST")
    embedded = None
    try:
        if backend_url == EMBEDDED_DEMO:
            try:
                embedded = start_embedded()
            except Exception as exc:  # any failure of initdb/pg_ctl is reported, not raised
                return DeviceCheck(False, f"Could not start the embedded demo server: {exc}",
                                   "SERVER_ERROR")
            url = embedded.kiosk_url
        else:
            url = backend_url
        try:
            backend = make_backend(url, api_key or None)
        except Exception as exc:  # a malformed URL or key: say so instead of crashing
            return DeviceCheck(False, f"Cannot use this backend address: {exc}",
                               "INVALID_REQUEST")
        try:
            result = backend.call("sp_device_config", {"p_device_id": device_id})
        finally:
            backend.close()
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
        check = DeviceCheck(True, "", None, config)
        return DeviceCheck(True, f"Connected: {device_id} is a {check.role_text}.", None, config)
    finally:
        if embedded is not None:
            embedded.stop()


def _failure_text(result: Any, device_id: str) -> str:
    if result.error_code == "UNAUTHORIZED":
        detail = result.message or "unknown or disabled device"
        return f"The backend does not accept device {device_id!r}: {detail}"
    if result.retryable:
        return f"Cannot reach the backend: {result.message or result.error_code}"
    return f"The backend refused: {result.message or result.error_code}"
