"""The notes and coins a drawer is counted in (cents, largest first): the event's list from
sp_device_config's event.cash_denominations, the euro set when the server does not say."""

from __future__ import annotations

EUR_DENOMINATIONS = (50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1)
MAX_DENOMINATION_CENTS = 10_000_000
FIRST_NOTE_CENTS = 500  # below it: coins (the euro split; a layout hint for other currencies)


def denominations_from(value: object) -> tuple[int, ...]:
    """A clean denomination list (positive whole cents, no repeats, largest first) from what
    the server sent; the euro set when it sent nothing usable."""
    if not isinstance(value, list | tuple):
        return EUR_DENOMINATIONS
    clean = {
        v for v in value
        if isinstance(v, int) and not isinstance(v, bool) and 0 < v <= MAX_DENOMINATION_CENTS
    }
    return tuple(sorted(clean, reverse=True)) or EUR_DENOMINATIONS


def is_coin(denomination_cents: int) -> bool:
    """Coins are below 5 units (2 € and 1 € are coins, 5 € a note)."""
    return denomination_cents < FIRST_NOTE_CENTS
