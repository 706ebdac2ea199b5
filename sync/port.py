"""The typed port between the kiosk's screens and sync: exactly the members the screens,
controllers and the app's Backstage use of the sync facade.

`sync.service.KioskSync` satisfies it, and so do the tests' fakes (tests/ui/fakes.py); mypy
checks both (tests/ui/port_check.py), so a screen never has to ask `hasattr(sync, ...)`.
Qt-free, like the rest of sync/.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from sync.config import DeviceConfig
    from sync.offline import OfflinePolicy
    from sync.outbox import OutboxEntry
    from sync.result import BackendResult
    from sync.scan_log import ScanEntry
    from sync.service import CardInfo, SubmitResult
    from sync.status import StatusCallback, SyncStatus


class KioskPort(Protocol):
    """What a kiosk window asks of sync. Every call but the attributes may block on the
    network or the local store: screens run them off the GUI thread (OpRunner)."""

    @property
    def device_id(self) -> str: ...

    @property
    def config(self) -> DeviceConfig | None:
        """The latest device config sync holds (a cached value, no I/O); None before any."""
        ...

    @property
    def offline_policy(self) -> OfflinePolicy: ...

    @property
    def cash_shifts(self) -> bool:
        """Whether this sync keeps cash shifts (a checkpoint then opens and closes them)."""
        ...

    # lifecycle
    def stop(self) -> None: ...
    def refresh_config(self) -> DeviceConfig: ...

    # selling and recharging
    def submit_order(
        self, card_uid: str, items: list[dict], expected_total_cents: int, staff_id: str
    ) -> SubmitResult: ...
    def submit_recharge(
        self, card_uid: str, amount_cents: int, method: str, staff_id: str
    ) -> SubmitResult: ...
    def card_info(self, card_uid: str) -> CardInfo: ...
    def set_card_status(self, card_uid: str, status: str, staff_id: str, reason: str) -> BackendResult: ...
    def void_request(self, request_id: uuid.UUID, staff_id: str, reason: str) -> BackendResult: ...

    # cash shifts (checkpoints)
    def open_cash_shift(self, staff_id: str, opening_float_cents: int) -> SubmitResult: ...
    def close_cash_shift(
        self,
        staff_id: str,
        counted: dict[int, int],
        *,
        shift_id: uuid.UUID | str | None = None,
        reason: str | None = None,
    ) -> SubmitResult: ...
    def move_cash(
        self, staff_id: str, shift_id: uuid.UUID | str, amount_cents: int, direction: str, reason: str
    ) -> SubmitResult: ...
    def cash_shift_entries(self, limit: int = 5000) -> list[OutboxEntry]: ...

    # staff sessions
    def staff_login(self, staff_id: str, pin: str) -> BackendResult: ...
    def staff_logout(self, session_id: uuid.UUID | str | None) -> BackendResult | None: ...

    # scan log, queue and status
    def log_scan(
        self, card_uid: str | None, status: str, screen: str, request_id: uuid.UUID | None = None
    ) -> uuid.UUID: ...
    def scan_entries(self, limit: int = 500) -> list[ScanEntry]: ...
    def status(self) -> SyncStatus: ...
    def subscribe(self, callback: StatusCallback) -> None: ...
    def retry_now(self) -> None: ...
    def outbox_entries(self, states: Iterable[str] | None = None, limit: int = 500) -> list[OutboxEntry]: ...
    def resend_conflict(self, request_id: uuid.UUID, staff_id: str | None = None) -> OutboxEntry: ...
    def settle_conflict(self, request_id: uuid.UUID, staff_id: str, reason: str) -> OutboxEntry: ...
