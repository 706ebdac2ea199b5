"""What the status bar shows: online or not, the queue, the last contact, the conflicts.

Every backend answer goes through `record`, every outbox change through `changed`; the
subscribers are told whenever the published status differs from the previous one.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sync.errors import NETWORK_ERROR, SERVER_ERROR
from sync.outbox import Outbox
from sync.result import BackendResult

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncStatus:
    """`online`: the last call reached the backend. `pending_count` counts rows not yet
    answered (pending or in flight), `oldest_pending_age_s` is the age of the oldest of them.
    `last_success_at`: the last time the backend answered a call (success or a business
    answer). `conflict_count`: conflicts to review: rows whose refusal nobody saw live
    (offline-accepted sales the backend refused, refused automatic voids, replays after a
    crash), in the outbox state `conflict`. `rejected_count` is the same number under its
    old name (the screens read it; it always meant "refusals to review").
    `card_cache_age_s`: seconds since the last successful card-cache refresh (None: never
    refreshed); `card_cache_max_age_s`: the event's offline_cache_max_age_s, past which
    nothing is sold offline (None: no configuration yet). `untrusted_reason`: the last call
    reached a server whose answer cannot be taken (credential refused, a redirect, a page
    or a forged answer instead of a contract answer: a SERVER_ERROR); `online` is then
    false, and this says why (None when the last call was answered or found no server)."""

    online: bool
    pending_count: int
    oldest_pending_age_s: float | None
    last_success_at: datetime | None
    rejected_count: int
    conflict_count: int = 0
    card_cache_age_s: float | None = None
    card_cache_max_age_s: float | None = None
    untrusted_reason: str | None = None

    @property
    def server_untrusted(self) -> bool:
        """A server answers, but not as the backend would: neither online nor offline."""
        return self.untrusted_reason is not None

    @property
    def card_cache_stale(self) -> bool:
        """Past the limit: the kiosk refuses offline sales."""
        return (
            self.card_cache_max_age_s is not None
            and (self.card_cache_age_s is None or self.card_cache_age_s > self.card_cache_max_age_s)
        )

    @property
    def card_cache_age_notable(self) -> bool:
        """Past half the limit: the status bar shows the cache's age."""
        return (
            self.card_cache_max_age_s is not None
            and self.card_cache_age_s is not None
            and self.card_cache_age_s > self.card_cache_max_age_s / 2
        )


StatusCallback = Callable[[SyncStatus], None]


class StatusBoard:
    """Thread-safe. Subscribers are called on the thread that caused the change (the replay
    or refresh worker, or the thread that called KioskSync); they must not block."""

    def __init__(
        self,
        outbox: Outbox,
        clock: Callable[[], float] = time.time,
        cache_age: Callable[[], tuple[float | None, float | None]] | None = None,
    ) -> None:
        self.outbox = outbox
        self.clock = clock
        self._cache_age = cache_age or (lambda: (None, None))
        self._lock = threading.Lock()
        self._online = False
        self._untrusted_reason: str | None = None
        self._unreachable_since: float | None = None  # a network failure, nothing reached since
        self._last_success: float | None = None
        self._subscribers: list[StatusCallback] = []
        self._published: tuple | None = None
        self._back_online: list[Callable[[], None]] = []

    @property
    def online(self) -> bool:
        return self._online

    def unreachable_for_s(self) -> float | None:
        """Seconds since a call found the backend unreachable, with no call reaching it since
        (None: not known unreachable)."""
        since = self._unreachable_since
        return None if since is None else max(self.clock() - since, 0.0)

    def subscribe(self, callback: StatusCallback) -> None:
        with self._lock:
            self._subscribers.append(callback)

    def on_back_online(self, callback: Callable[[], None]) -> None:
        """`callback()` runs whenever the backend answers again after being unreachable."""
        with self._lock:
            self._back_online.append(callback)

    def record(self, result: BackendResult) -> None:
        """Note a call's result: a NETWORK_ERROR means offline, a SERVER_ERROR (something
        answered, but not a contract answer) untrusted, anything else online."""
        reached = result.error_code != NETWORK_ERROR
        untrusted = result.error_code == SERVER_ERROR
        online = reached and not untrusted
        with self._lock:
            came_back = online and not self._online
            self._online = online
            self._untrusted_reason = (result.message or SERVER_ERROR) if untrusted else None
            if reached:
                self._unreachable_since = None
            elif self._unreachable_since is None:
                self._unreachable_since = self.clock()
            if result.answered:
                self._last_success = self.clock()
            wakers = list(self._back_online) if came_back else []
        for waker in wakers:
            waker()
        self.changed()

    def snapshot(self) -> SyncStatus:
        pending, oldest, conflicts = self.outbox.counts()
        last = self._last_success
        cache_age, cache_max = self._cache_age()
        return SyncStatus(
            online=self._online,
            pending_count=pending,
            oldest_pending_age_s=oldest,
            last_success_at=datetime.fromtimestamp(last, UTC) if last is not None else None,
            rejected_count=conflicts,
            conflict_count=conflicts,
            card_cache_age_s=cache_age,
            card_cache_max_age_s=cache_max,
            untrusted_reason=self._untrusted_reason,
        )

    def changed(self) -> None:
        """Publish the status if it differs from the last published one (ages aside)."""
        with self._lock:
            subscribers = list(self._subscribers)
        if not subscribers:
            return
        status = self.snapshot()
        key = (
            status.online,
            status.server_untrusted,
            status.pending_count,
            status.conflict_count,
            status.last_success_at,
            status.card_cache_stale,
            status.card_cache_age_notable,
        )
        with self._lock:
            if key == self._published:
                return
            self._published = key
        for callback in subscribers:
            try:
                callback(status)
            except Exception:
                log.exception("a sync status subscriber failed")
