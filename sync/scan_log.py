"""The local scan log: every card tap, uploaded in batches with sp_log_nfc_scans and pruned
after a retention period once uploaded."""

from __future__ import annotations

import contextlib
import json
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, text

from sync.ids import new_scan_id
from sync.result import BackendResult
from sync.store import LocalStore

STATUS_PATTERN = re.compile(r"^[a-z][a-z_]{0,31}$")  # what the backend accepts
SCAN_STATUSES = (
    "success",
    "duplicate",
    "unknown_card",
    "blocked",
    "read_error",
    "insufficient_funds",
    "refused",
    "offline",
    "balance_shown",
    "ignored",
)


@dataclass(frozen=True)
class ScanEntry:
    scan_id: uuid.UUID
    card_uid: str | None
    status: str
    scanned_at: datetime
    screen: str
    request_id: uuid.UUID | None
    uploaded: bool


class ScanLog:
    """Append taps, upload them, prune them; thread-safe through LocalStore."""

    def __init__(self, store: LocalStore, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.clock = clock

    def append(
        self,
        card_uid: str | None,
        status: str,
        screen: str,
        request_id: uuid.UUID | None = None,
        *,
        context: dict | None = None,
        conn: Connection | None = None,
    ) -> uuid.UUID:
        """Log one tap; returns its scan id. The status is a lowercase word such as those in
        SCAN_STATUSES (others of that shape are kept too); anything else is refused. With
        `conn`, the entry joins that transaction (e.g. the outbox row of the tap's request)."""
        if not isinstance(status, str) or not STATUS_PATTERN.match(status.strip()):
            raise ValueError(
                f"a scan status is a lowercase word such as 'success' or 'read_error', not {status!r}"
            )
        if not isinstance(screen, str):
            raise ValueError(f"a scan's screen must be text, not {screen!r}")
        scan_id = new_scan_id()
        now = self.clock()
        with contextlib.ExitStack() as stack:
            if conn is None:
                conn = stack.enter_context(self.store.write())
            conn.execute(
                text(
                    "INSERT INTO scans (scan_id, card_uid, status, scanned_at, screen, request_id, "
                    "context, created_at) VALUES (:id, :uid, :status, :at, :screen, :rid, :ctx, :now)"
                ),
                {
                    "id": str(scan_id),
                    "uid": card_uid,
                    "status": status.strip(),
                    "at": datetime.fromtimestamp(now, UTC).isoformat(),
                    "screen": screen,
                    "rid": str(request_id) if request_id else None,
                    "ctx": json.dumps(context or {}, separators=(",", ":")),
                    "now": now,
                },
            )
        return scan_id

    def set_status(self, scan_id: uuid.UUID, status: str) -> bool:
        """Record what a tap came to (once its request was answered), unless it was uploaded
        already. Returns True if changed."""
        if not isinstance(status, str) or not STATUS_PATTERN.match(status):
            raise ValueError(f"a scan status is a lowercase word, not {status!r}")
        with self.store.write() as conn:
            return (
                conn.execute(
                    text("UPDATE scans SET status = :s WHERE scan_id = :id AND uploaded_at IS NULL"),
                    {"s": status, "id": str(scan_id)},
                ).rowcount
                == 1
            )

    def entries(self, limit: int = 500) -> list[ScanEntry]:
        """Newest first."""
        with self.store.read() as conn:
            rows = conn.execute(
                text(
                    "SELECT scan_id, card_uid, status, scanned_at, screen, request_id, uploaded_at "
                    "FROM scans ORDER BY seq DESC LIMIT :limit"
                ),
                {"limit": limit},
            ).all()
        return [
            ScanEntry(
                scan_id=uuid.UUID(r.scan_id),
                card_uid=r.card_uid,
                status=r.status,
                scanned_at=datetime.fromisoformat(r.scanned_at),
                screen=r.screen,
                request_id=uuid.UUID(r.request_id) if r.request_id else None,
                uploaded=r.uploaded_at is not None,
            )
            for r in rows
        ]

    def pending_upload(self, limit: int) -> list[tuple[int, dict]]:
        """The oldest scans not uploaded yet, as (seq, scan JSON for sp_log_nfc_scans)."""
        with self.store.read() as conn:
            rows = conn.execute(
                text(
                    "SELECT seq, scan_id, card_uid, status, scanned_at, screen, request_id, context "
                    "FROM scans WHERE uploaded_at IS NULL ORDER BY seq LIMIT :limit"
                ),
                {"limit": limit},
            ).all()
        return [
            (
                r.seq,
                {
                    "scan_id": r.scan_id,
                    "card_uid": r.card_uid,
                    "status": r.status,
                    "scanned_at": r.scanned_at,
                    "context": {
                        **json.loads(r.context),
                        "screen": r.screen,
                        "request_id": r.request_id,
                    },
                },
            )
            for r in rows
        ]

    def mark_uploaded(self, seqs: list[int]) -> None:
        if not seqs:
            return
        with self.store.write() as conn:
            conn.execute(
                text("UPDATE scans SET uploaded_at = :now WHERE seq = :seq"),
                [{"now": self.clock(), "seq": seq} for seq in seqs],
            )

    def upload(
        self, send: Callable[[list[dict]], BackendResult], batch_size: int = 500
    ) -> tuple[int, BackendResult | None]:
        """Upload waiting scans in batches until none are left or a call fails.
        Returns (scans uploaded, the failing result or None)."""
        uploaded = 0
        while True:
            batch = self.pending_upload(batch_size)
            if not batch:
                return uploaded, None
            result = send([scan for _, scan in batch])
            if not result.ok:
                return uploaded, result
            self.mark_uploaded([seq for seq, _ in batch])
            uploaded += len(batch)
            if len(batch) < batch_size:
                return uploaded, None

    def prune(self, retention_s: float) -> int:
        """Delete uploaded scans older than the retention period; never unsent ones."""
        with self.store.write() as conn:
            return conn.execute(
                text("DELETE FROM scans WHERE uploaded_at IS NOT NULL AND created_at < :cutoff"),
                {"cutoff": self.clock() - retention_s},
            ).rowcount

    def count(self) -> tuple[int, int]:
        """(all scans, scans not uploaded yet)."""
        with self.store.read() as conn:
            row = conn.execute(
                text("SELECT count(*), count(*) FILTER (WHERE uploaded_at IS NULL) FROM scans")
            ).one()
        return int(row[0]), int(row[1])
