"""The last device configuration the backend gave this kiosk, kept for offline start-ups."""

from __future__ import annotations

import json

from sqlalchemy import text

from sync.config import DeviceConfig
from sync.store import LocalStore

CONFIG_KEY = "device_config"


class ConfigCache:
    """Stores sp_device_config's raw answer in the settings table; thread-safe."""

    def __init__(self, store: LocalStore) -> None:
        self.store = store

    def save(self, response: dict) -> DeviceConfig:
        """Parse (ValueError if malformed, nothing saved) and store the answer."""
        config = DeviceConfig.from_response(response)
        with self.store.write() as conn:
            conn.execute(
                text(
                    "INSERT INTO settings (key, value) VALUES (:k, :v) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                ),
                {"k": CONFIG_KEY, "v": json.dumps(response, separators=(",", ":"))},
            )
        return config

    def load(self, device_id: str) -> DeviceConfig | None:
        """The cached configuration of `device_id`, or None (none cached, or another device's)."""
        with self.store.read() as conn:
            raw = conn.execute(
                text("SELECT value FROM settings WHERE key = :k"), {"k": CONFIG_KEY}
            ).scalar_one_or_none()
        if raw is None:
            return None
        config = DeviceConfig.from_response(json.loads(raw))
        return config if config.device_id == device_id else None

    def forget(self) -> None:
        """Drop the cached configuration (the backend refused this device)."""
        with self.store.write() as conn:
            conn.execute(text("DELETE FROM settings WHERE key = :k"), {"k": CONFIG_KEY})
