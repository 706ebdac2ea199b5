"""The fleet's last heartbeats (sp_device_heartbeat): what each kiosk last said about its app
version, outbox backlog, conflicts, reader and logged-in person, and which kiosks have been
silent for more than five minutes. Read by `devices list`, the report and the review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import psycopg

SILENT_AFTER_S = 300


@dataclass(frozen=True)
class DeviceHeartbeat:
    device_id: str
    enabled: bool
    received_at: datetime | None  # None: never sent one
    app_version: str | None
    outbox_pending: int | None
    oldest_pending_at: datetime | None
    conflicts: int | None
    reader_state: str | None
    staff_id: str | None
    silent_for_s: float | None  # seconds since the last heartbeat

    @property
    def silent(self) -> bool:
        """An enabled device that has not sent a heartbeat for SILENT_AFTER_S (or ever)."""
        return self.enabled and (self.silent_for_s is None or self.silent_for_s > SILENT_AFTER_S)


def device_heartbeats(conn: psycopg.Connection) -> list[DeviceHeartbeat]:
    """Every device with its last heartbeat, if any, ordered by device id."""
    rows = conn.execute(
        """
        SELECT d.device_id, d.enabled, h.received_at, h.app_version, h.outbox_pending,
               h.oldest_pending_at, h.conflicts, h.reader_state, h.staff_id,
               extract(epoch FROM clock_timestamp() - h.received_at)::float8
          FROM devices d LEFT JOIN device_heartbeats h USING (device_id)
         ORDER BY d.device_id
        """).fetchall()
    return [DeviceHeartbeat(*row) for row in rows]


def heartbeat_columns(beat: DeviceHeartbeat) -> dict[str, str]:
    """The heartbeat columns `devices list` prints for one device, as text."""
    if beat.received_at is None:
        return {"heartbeat": "never" + (" SILENT" if beat.silent else ""), "version": "-", "backlog": "-",
                "oldest pending": "-", "conflicts": "-", "reader": "-", "logged in": "-"}
    ago = f"{beat.silent_for_s:.0f} s ago" if beat.silent_for_s is not None else "?"
    return {
        "heartbeat": ago + (" SILENT" if beat.silent else ""),
        "version": beat.app_version or "-",
        "backlog": str(beat.outbox_pending if beat.outbox_pending is not None else "-"),
        "oldest pending": f"{beat.oldest_pending_at:%H:%M:%S}" if beat.oldest_pending_at else "-",
        "conflicts": str(beat.conflicts if beat.conflicts is not None else "-"),
        "reader": beat.reader_state or "-",
        "logged in": beat.staff_id or "-",
    }
