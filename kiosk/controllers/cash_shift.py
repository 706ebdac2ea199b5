"""The cash-shift screens' state, without Qt: the opening float (quick amount, keypad, or a
count by denomination) and the close-out count by notes and coins with its running total,
plus the close-out slip's rows (CSV, and the figures the PDF shows).

GUI thread only; the screens render it and send the requests through KioskSync.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TextIO

from sync.cash_shift import MAX_COUNT_PER_DENOMINATION, MAX_FLOAT_CENTS, CashCount, CloseOutcome
from sync.denominations import is_coin
from sync.shift_report import write_report_csv

FLOAT_QUICK_AMOUNTS_CENTS = (10000, 15000, 20000, 30000)
MAX_FLOAT_DIGITS = 5  # whole currency units typed on the keypad
MAX_COUNT_DIGITS = len(str(MAX_COUNT_PER_DENOMINATION)) - 1  # at most 99999 of one note or coin


class FloatMode(enum.Enum):
    AMOUNT = "amount"  # a quick amount or the keypad
    COUNT = "count"  # counted by denomination


class DrawerCount:
    """Counts by denomination, edited one denomination at a time (the selected one) with a
    keypad or +/−; the running total is exact in cents."""

    def __init__(self, denominations: Sequence[int]) -> None:
        if not denominations:
            raise ValueError("a drawer count needs the currency's denominations")
        self.denominations = tuple(denominations)
        self.counts: dict[int, int] = {d: 0 for d in self.denominations}
        self.selected = self.denominations[0]
        self._fresh = True  # the next digit replaces the selected count instead of extending it

    @property
    def notes(self) -> tuple[int, ...]:
        return tuple(d for d in self.denominations if not is_coin(d))

    @property
    def coins(self) -> tuple[int, ...]:
        return tuple(d for d in self.denominations if is_coin(d))

    def select(self, denomination: int) -> bool:
        if denomination not in self.counts:
            return False
        self.selected = denomination
        self._fresh = True
        return True

    def select_next(self) -> bool:
        index = self.denominations.index(self.selected)
        return self.select(self.denominations[(index + 1) % len(self.denominations)])

    def press_digit(self, digit: str) -> bool:
        if len(digit) != 1 or digit not in "0123456789":
            return False
        current = "" if self._fresh else str(self.counts[self.selected] or "")
        if len(current) >= MAX_COUNT_DIGITS:
            return False
        self.counts[self.selected] = int(current + digit)
        self._fresh = False
        return True

    def backspace(self) -> bool:
        text = str(self.counts[self.selected])
        self.counts[self.selected] = int(text[:-1] or "0")
        self._fresh = False
        return True

    def clear_selected(self) -> bool:
        self.counts[self.selected] = 0
        self._fresh = True
        return True

    def add(self, denomination: int, delta: int) -> bool:
        """+1 / −1 on one denomination (never below zero)."""
        if denomination not in self.counts:
            return False
        new = self.counts[denomination] + delta
        if not 0 <= new <= MAX_COUNT_PER_DENOMINATION:
            return False
        self.counts[denomination] = new
        self.selected = denomination
        self._fresh = True
        return True

    def line_cents(self, denomination: int) -> int:
        return denomination * self.counts.get(denomination, 0)

    @property
    def total_cents(self) -> int:
        return sum(d * n for d, n in self.counts.items())

    def reset(self) -> None:
        for d in self.counts:
            self.counts[d] = 0
        self.selected = self.denominations[0]
        self._fresh = True

    def as_count(self) -> CashCount:
        return CashCount.checked(self.counts, self.denominations)


class FloatEntry:
    """The opening float: a quick amount, the keypad (whole units) or a count."""

    def __init__(self, denominations: Sequence[int]) -> None:
        self.mode = FloatMode.AMOUNT
        self.digits = ""
        self.count = DrawerCount(denominations)

    @property
    def amount_cents(self) -> int:
        if self.mode is FloatMode.COUNT:
            return self.count.total_cents
        return int(self.digits) * 100 if self.digits else 0

    def set_mode(self, mode: FloatMode) -> None:
        self.mode = mode

    def press_digit(self, digit: str) -> bool:
        if self.mode is FloatMode.COUNT:
            return self.count.press_digit(digit)
        if len(digit) != 1 or digit not in "0123456789" or len(self.digits) >= MAX_FLOAT_DIGITS:
            return False
        if digit == "0" and not self.digits:
            return False
        self.digits += digit
        return True

    def backspace(self) -> bool:
        if self.mode is FloatMode.COUNT:
            return self.count.backspace()
        if not self.digits:
            return False
        self.digits = self.digits[:-1]
        return True

    def clear(self) -> bool:
        if self.mode is FloatMode.COUNT:
            return self.count.clear_selected()
        self.digits = ""
        return True

    def set_quick_amount(self, cents: int) -> bool:
        if cents <= 0 or cents % 100:
            return False
        self.mode = FloatMode.AMOUNT
        self.digits = str(cents // 100)
        return True

    def problem(self) -> str | None:
        """Why this float cannot be opened with ("too_much"), or None. A float of zero is
        allowed (a drawer that starts empty)."""
        if self.amount_cents > MAX_FLOAT_CENTS:
            return "too_much"
        return None


# The close-out slip's figures, (section, CloseOutcome field) in slip order; the screen that
# shows or exports the slip names each field in words.
SLIP_SECTIONS = (
    ("float", "opening_float_cents"),
    ("drawer", "cash_recharges_cents"),
    ("drawer", "cash_voided_cents"),
    ("drawer", "moved_from_safe_cents"),
    ("drawer", "moved_to_safe_cents"),
    ("drawer", "expected_cash_cents"),
    ("drawer", "counted_cash_cents"),
    ("drawer", "difference_cents"),
    ("card", "card_recharges_cents"),
)


def slip_rows(outcome: CloseOutcome, labels: Mapping[str, str]) -> list[tuple[str, str, str, int, int]]:
    """The close-out slip as (section, key, label, count, amount_cents) rows: the figures,
    then one row per counted denomination. `labels` names each SLIP_SECTIONS key (the
    screen's words; a key it does not name is its own label)."""
    rows = [(section, key, labels.get(key, key), 0, int(getattr(outcome, key)))
            for section, key in SLIP_SECTIONS]
    for denomination in sorted(outcome.counted, reverse=True):
        count = outcome.counted[denomination]
        rows.append(("count", str(denomination), f"{denomination / 100:.2f}", count, denomination * count))
    return rows


def write_slip_csv(outcome: CloseOutcome, labels: Mapping[str, str], device_id: str, currency: str,
                   stream: TextIO, generated_at: datetime) -> None:
    """The close-out slip as CSV, in the shift report's format, its rows named by `labels`."""
    meta = ("# device", device_id, "generated", generated_at.isoformat(), "currency", currency,
            "shift", outcome.shift_id, "cashier", outcome.staff_id,
            "confirmed", "yes" if outcome.confirmed else "not yet")
    write_report_csv(meta, slip_rows(outcome, labels), stream)
