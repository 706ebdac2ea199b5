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
    insecure_backend: bool = False  # settings.insecure_backend: a permanent mark
    card_cache_age_s: float | None = None  # shown once past half of the maximum age
    card_cache_max_age_s: float | None = None
    cache_health: Health = Health.GOOD
    untrusted_reason: str | None = None  # a server answers, but not as the backend would

    @property
    def show_cache_age(self) -> bool:
        age, limit = self.card_cache_age_s, self.card_cache_max_age_s
        return age is not None and bool(limit) and age >= limit / 2  # type: ignore[operator]


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
        self.insecure_backend = False

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
            online, conn_health, untrusted = None, Health.UNKNOWN, None
            pending, oldest, rejected, queue_health = 0, None, 0, Health.UNKNOWN
        else:
            online = sync.online
            conn_health = Health.GOOD if online else Health.BAD
            untrusted = getattr(sync, "untrusted_reason", None)
            pending = sync.pending_count
            # conflicts to review (issue 10 names them conflict_count; before, rejected_count)
            # (the same number; an older sync fills only rejected_count)
            conflicts = getattr(sync, "conflict_count", None)
            rejected = max(sync.rejected_count, conflicts if isinstance(conflicts, int) else 0)
            oldest = None
            if sync.oldest_pending_age_s is not None and pending:
                oldest = sync.oldest_pending_age_s + (self._clock() - self._sync_received_at)
            queue_health = _queue_health(pending, oldest, rejected)
        reader = self._reader
        cache_age = getattr(sync, "card_cache_age_s", None) if sync is not None else None
        cache_max = getattr(sync, "card_cache_max_age_s", None) if sync is not None else None
        if isinstance(cache_age, int | float) and sync is not None:
            cache_age = float(cache_age) + (self._clock() - self._sync_received_at)
        else:
            cache_age = None
        cache_max = cache_max if isinstance(cache_max, int | float) and cache_max > 0 else None
        cache_health = Health.GOOD
        if cache_age is not None and cache_max is not None:
            cache_health = Health.BAD if cache_age >= cache_max else (
                Health.WARN if cache_age >= cache_max / 2 else Health.GOOD)
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
            insecure_backend=self.insecure_backend,
            card_cache_age_s=cache_age,
            card_cache_max_age_s=cache_max,
            cache_health=cache_health,
            untrusted_reason=untrusted if isinstance(untrusted, str) else None,
        )


def _queue_health(pending: int, oldest_age_s: float | None, rejected: int) -> Health:
    if rejected or (oldest_age_s is not None and oldest_age_s >= QUEUE_BAD_AGE_S):
        return Health.BAD
    if pending and oldest_age_s is not None and oldest_age_s >= QUEUE_WARN_AGE_S:
        return Health.WARN
    return Health.GOOD
