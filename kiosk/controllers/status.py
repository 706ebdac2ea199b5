"""What the always-visible status bar says, as data: connection, queue, reader, who and when.

`StatusModel` collects the latest SyncStatus and ReaderStatus and turns them into a
`StatusView` with a health colour per part, so the widget only renders. The oldest queued
request keeps ageing between sync reports: its age is computed from when the report arrived.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from kiosk.nfc.events import ReaderState, ReaderStatus
from sync.status import SyncStatus

QUEUE_WARN_AGE_S = 120.0  # a request queued longer than this deserves a glance
QUEUE_BAD_AGE_S = 900.0  # and after 15 minutes, a supervisor


class Health(enum.Enum):
    GOOD = "good"
    WARN = "warn"
    BAD = "bad"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class StatusView:
    online: bool | None  # None: no report from sync yet
    connection_health: Health
    pending_count: int
    oldest_pending_age_s: float | None
    rejected_count: int
    queue_health: Health
    reader_state: ReaderState | None
    reader_name: str
    reader_reason: str
    reader_health: Health
    device_id: str
    staff_name: str | None
    now: datetime


_READER_HEALTH = {
    ReaderState.CONNECTED: Health.GOOD,
    ReaderState.SEARCHING: Health.WARN,
    ReaderState.LOST: Health.BAD,
    ReaderState.NOT_FOUND: Health.BAD,
}


def age_parts(seconds: float) -> tuple[int, str]:
    """A short age as (number, unit): 42 → (42, "s"), 150 → (2, "min"), 7300 → (2, "h")."""
    s = max(0, int(seconds))
    if s < 60:
        return s, "s"
    if s < 3600:
        return s // 60, "min"
    return s // 3600, "h"


class StatusModel:
    """Latest known status of everything the status bar shows. GUI thread only."""

    def __init__(
        self,
        device_id: str,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.device_id = device_id
        self._clock = clock
        self._wall_clock = wall_clock
        self._sync: SyncStatus | None = None
        self._sync_received_at = 0.0
        self._reader: ReaderStatus | None = None
        self.staff_name: str | None = None

    def update_sync(self, status: SyncStatus) -> None:
        self._sync = status
        self._sync_received_at = self._clock()

    def update_reader(self, status: ReaderStatus) -> None:
        self._reader = status

    def set_staff(self, name: str | None) -> None:
        self.staff_name = name

    def view(self) -> StatusView:
        sync = self._sync
        if sync is None:
            online, conn_health = None, Health.UNKNOWN
            pending, oldest, rejected, queue_health = 0, None, 0, Health.UNKNOWN
        else:
            online = sync.online
            conn_health = Health.GOOD if online else Health.BAD
            pending, rejected = sync.pending_count, sync.rejected_count
            oldest = None
            if sync.oldest_pending_age_s is not None and pending:
                oldest = sync.oldest_pending_age_s + (self._clock() - self._sync_received_at)
            queue_health = _queue_health(pending, oldest, rejected)
        reader = self._reader
        return StatusView(
            online=online,
            connection_health=conn_health,
            pending_count=pending,
            oldest_pending_age_s=oldest,
            rejected_count=rejected,
            queue_health=queue_health,
            reader_state=reader.state if reader else None,
            reader_name=reader.reader if reader else "",
            reader_reason=reader.reason if reader else "",
            reader_health=_READER_HEALTH.get(reader.state, Health.UNKNOWN) if reader else Health.UNKNOWN,
            device_id=self.device_id,
            staff_name=self.staff_name,
            now=self._wall_clock(),
        )


def _queue_health(pending: int, oldest_age_s: float | None, rejected: int) -> Health:
    if rejected or (oldest_age_s is not None and oldest_age_s >= QUEUE_BAD_AGE_S):
        return Health.BAD
    if pending and oldest_age_s is not None and oldest_age_s >= QUEUE_WARN_AGE_S:
        return Health.WARN
    return Health.GOOD
