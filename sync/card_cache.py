"""The kiosk's offline card cache: status and last known balance of every card.

Filled from sp_cards_changed_since (passing its `as_of` back next time never misses a
change) and kept fresh by the answers of the kiosk's own requests.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from sync.errors import CARD_BLOCKED, CARD_NOT_FOUND, INSUFFICIENT_FUNDS
from sync.result import BackendResult
from sync.store import LocalStore

CARDS_AS_OF_KEY = "cards_as_of"
CARDS_REFRESHED_AT_KEY = "cards_refreshed_at"  # this kiosk's clock at the last full refresh


@dataclass(frozen=True)
class CachedCard:
    card_uid: str
    status: str  # active | blocked
    balance_cents: int
    server_updated_at: str | None
    cached_at: float


_UPSERT = text(
    "INSERT INTO cards (card_uid, status, balance_cents, server_updated_at, cached_at) "
    "VALUES (:uid, :status, :balance, :updated, :now) "
    "ON CONFLICT (card_uid) DO UPDATE SET status = excluded.status, "
    "balance_cents = excluded.balance_cents, "
    "server_updated_at = coalesce(excluded.server_updated_at, cards.server_updated_at), "
    "cached_at = excluded.cached_at"
)


_LEARN_BALANCE = text(
    "INSERT INTO cards (card_uid, status, balance_cents, cached_at) "
    "VALUES (:uid, 'active', :balance, :now) ON CONFLICT (card_uid) DO "
    "UPDATE SET balance_cents = excluded.balance_cents, cached_at = :now"
)
_LEARN_SHORT = text("UPDATE cards SET balance_cents = :b, cached_at = :now WHERE card_uid = :uid")
_LEARN_BLOCKED = text("UPDATE cards SET status = 'blocked', cached_at = :now WHERE card_uid = :uid")
_FORGET = text("DELETE FROM cards WHERE card_uid = :uid")


class CardCache:
    """Read and update the cards table; thread-safe through LocalStore."""

    def __init__(self, store: LocalStore, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.clock = clock

    def get(self, card_uid: str) -> CachedCard | None:
        with self.store.read() as conn:
            row = conn.execute(
                text(
                    "SELECT card_uid, status, balance_cents, server_updated_at, cached_at "
                    "FROM cards WHERE card_uid = :uid"
                ),
                {"uid": card_uid},
            ).one_or_none()
        return CachedCard(*row) if row is not None else None

    def count(self) -> int:
        with self.store.read() as conn:
            return int(conn.execute(text("SELECT count(*) FROM cards")).scalar_one())

    def as_of(self) -> str | None:
        """The `as_of` of the last applied sp_cards_changed_since answer (None: never loaded)."""
        with self.store.read() as conn:
            return conn.execute(
                text("SELECT value FROM settings WHERE key = :k"), {"k": CARDS_AS_OF_KEY}
            ).scalar_one_or_none()

    def refreshed_at(self) -> float | None:
        """When (this kiosk's clock) the last sp_cards_changed_since answer was applied."""
        with self.store.read() as conn:
            value = conn.execute(
                text("SELECT value FROM settings WHERE key = :k"), {"k": CARDS_REFRESHED_AT_KEY}
            ).scalar_one_or_none()
        try:
            return float(value) if value is not None else None
        except ValueError:
            return None

    def age_s(self) -> float | None:
        """Seconds since the last successful refresh (None: never refreshed). A refresh time in
        the future (the clock was set back) counts as never: the cache cannot be trusted."""
        refreshed = self.refreshed_at()
        if refreshed is None:
            return None
        age = self.clock() - refreshed
        return age if age >= -5.0 else None

    def apply_changes(self, cards: Iterable[dict[str, Any]], as_of: str) -> int:
        """Store one sp_cards_changed_since answer, its as_of and the time of this refresh in
        one transaction."""
        now = self.clock()
        params = []
        for card in cards:
            uid, status, balance = card.get("card_uid"), card.get("status"), card.get("balance_cents")
            if not isinstance(uid, str) or not isinstance(status, str) or not isinstance(balance, int):
                raise ValueError(f"sp_cards_changed_since returned a malformed card: {card!r}")
            updated = card.get("updated_at")
            params.append(
                {"uid": uid, "status": status, "balance": balance, "updated": updated, "now": now}
            )
        with self.store.write() as conn:
            if params:
                conn.execute(_UPSERT, params)
            conn.execute(
                text(
                    "INSERT INTO settings (key, value) VALUES (:k, :v) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                ),
                [
                    {"k": CARDS_AS_OF_KEY, "v": as_of},
                    {"k": CARDS_REFRESHED_AT_KEY, "v": repr(now)},
                ],
            )
        return len(params)

    def learn_many(self, conn: Connection, answers: Iterable[tuple[str | None, BackendResult]]) -> None:
        """Update the cache from answers about cards (inside the caller's transaction): a new
        balance from a success, the balance from INSUFFICIENT_FUNDS, a block from CARD_BLOCKED,
        a removal for CARD_NOT_FOUND."""
        now = self.clock()
        balances, statuses, short, blocked, gone = [], [], [], [], []
        for card_uid, result in answers:
            if not card_uid:
                continue
            data = result.data
            if result.ok:
                balance = data.get("new_balance_cents", data.get("balance_cents"))
                if not isinstance(balance, int) or isinstance(balance, bool):
                    continue
                params = {"uid": card_uid, "balance": balance, "now": now}
                if data.get("status") in ("active", "blocked"):
                    statuses.append({**params, "status": data["status"], "updated": None})
                else:
                    balances.append(params)
            elif result.error_code == INSUFFICIENT_FUNDS and isinstance(data.get("balance_cents"), int):
                short.append({"b": data["balance_cents"], "now": now, "uid": card_uid})
            elif result.error_code == CARD_BLOCKED:
                blocked.append({"now": now, "uid": card_uid})
            elif result.error_code == CARD_NOT_FOUND:
                gone.append({"uid": card_uid})
        for statement, rows in (
            (_LEARN_BALANCE, balances),
            (_UPSERT, statuses),
            (_LEARN_SHORT, short),
            (_LEARN_BLOCKED, blocked),
            (_FORGET, gone),
        ):
            if rows:
                conn.execute(statement, rows)

    def learn_now(self, card_uid: str | None, result: BackendResult) -> None:
        """`learn_many` for one answer, in a transaction of its own."""
        if card_uid:
            with self.store.write() as conn:
                self.learn_many(conn, [(card_uid, result)])

    def set_status(self, card_uid: str, status: str) -> None:
        """Record a status change made from this kiosk (block / unblock)."""
        with self.store.write() as conn:
            conn.execute(
                text("UPDATE cards SET status = :s, cached_at = :now WHERE card_uid = :uid"),
                {"s": status, "now": self.clock(), "uid": card_uid},
            )
