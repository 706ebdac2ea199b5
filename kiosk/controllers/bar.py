"""The bar screen's state machine: build an order, arm it, take one tap, show one result.

States: IDLE (building the order) → ARMED ("tap card to pay €X") → PROCESSING (one request in
flight) → RESULT (full-screen outcome) → IDLE. A tap when nothing is armed looks up the card's
balance. A tap while PROCESSING does nothing but is reported so the screen can log it. Prices
come from the device config and are integer cents; the backend checks them again.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from kiosk.controllers.results import (
    ResultKind,
    TapResult,
    result_from_card_info,
    result_from_exception,
    result_from_lookup_error,
    result_from_submit,
)
from kiosk.controllers.tap_commands import IgnoreTap, LookupCard
from sync.config import Product
from sync.service import CardInfo, SubmitResult

MAX_LINES = 50  # the backend accepts 1..50 lines
MAX_QUANTITY = 99  # and 1..99 of each
BOUNCE_S = 0.6  # a second press of Charge/Cancel this soon after arming is a bounce, not a cancel
# Refusals after which the same order waits for another card (a friend pays instead).
KEEP_ARMED_ERRORS = frozenset({"INSUFFICIENT_FUNDS"})


class BarState(enum.Enum):
    IDLE = "idle"
    ARMED = "armed"
    PROCESSING = "processing"
    RESULT = "result"


@dataclass(frozen=True)
class OrderLine:
    product: Product
    quantity: int

    @property
    def total_cents(self) -> int:
        return self.product.price_cents * self.quantity


@dataclass(frozen=True)
class SubmitOrder:
    """Command: charge this order to this card (the screen runs it off the GUI thread)."""

    card_uid: str
    items: list[dict]
    expected_total_cents: int


TapCommand = SubmitOrder | LookupCard | IgnoreTap


class BarController:
    """Order, arming and tap handling for one bar point of sale. Plain Python, GUI thread only."""

    def __init__(self, products: Iterable[Product], clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._armed_at: float | None = None
        self.keep_armed = False  # the result on show leaves the order armed for the next card
        self.rearmed = False  # armed again after a refusal: the banner asks for another card
        self._products: dict[str, Product] = {}
        self._lines: dict[str, int] = {}  # product_id → quantity, in insertion order
        self.state = BarState.IDLE
        self.result: TapResult | None = None
        self.result_serial = 0  # bumps with every result, so a stale auto-clear timer is harmless
        self._processing_uid: str | None = None
        self._processing_total: int | None = None
        self.set_products(products)

    # -- products and order ------------------------------------------------------------------

    def set_products(self, products: Iterable[Product]) -> None:
        """Replace the catalogue (config refresh); lines whose product vanished are dropped."""
        self._products = {p.product_id: p for p in products}
        self._lines = {pid: q for pid, q in self._lines.items() if pid in self._products}

    @property
    def products(self) -> list[Product]:
        return list(self._products.values())

    def categories(self) -> list[str]:
        """Product categories in catalogue order, deposit/return products last."""
        seen: dict[str, None] = {}
        for p in self._products.values():
            if p.kind == "sale":
                seen.setdefault(p.category or "", None)
        return list(seen)

    def products_in(self, category: str) -> list[Product]:
        return [p for p in self._products.values() if p.kind == "sale" and (p.category or "") == category]

    def cup_products(self) -> list[Product]:
        """Deposit and return products (cups), shown as their own buttons."""
        return [p for p in self._products.values() if p.kind in ("deposit", "return")]

    @property
    def lines(self) -> list[OrderLine]:
        return [OrderLine(self._products[pid], q) for pid, q in self._lines.items()]

    @property
    def total_cents(self) -> int:
        return sum(line.total_cents for line in self.lines)

    @property
    def item_count(self) -> int:
        return sum(self._lines.values())

    def can_edit(self) -> bool:
        return self.state in (BarState.IDLE, BarState.ARMED, BarState.RESULT)

    def _edited(self) -> None:
        # Changing the order disarms it: the amount on screen must be what the next tap pays.
        if self.state in (BarState.ARMED, BarState.RESULT):
            self._to_idle()

    def add(self, product_id: str, quantity: int = 1) -> bool:
        """Add quantity of a product; False (and nothing changes) if not allowed now."""
        if not self.can_edit() or product_id not in self._products or quantity < 1:
            return False
        current = self._lines.get(product_id, 0)
        if current == 0 and len(self._lines) >= MAX_LINES:
            return False
        if current + quantity > MAX_QUANTITY:
            return False
        self._lines[product_id] = current + quantity
        self._edited()
        return True

    def decrement(self, product_id: str) -> bool:
        if not self.can_edit() or product_id not in self._lines:
            return False
        if self._lines[product_id] <= 1:
            del self._lines[product_id]
        else:
            self._lines[product_id] -= 1
        self._edited()
        return True

    def remove(self, product_id: str) -> bool:
        if not self.can_edit() or product_id not in self._lines:
            return False
        del self._lines[product_id]
        self._edited()
        return True

    def clear(self) -> bool:
        if not self.can_edit():
            return False
        self._lines.clear()
        self._edited()
        return True

    def reset(self) -> bool:
        """Log-out: forget the order, armed or not, and any result on show (never while a
        request is in flight: its answer still has to be shown). False if busy."""
        if self.state is BarState.PROCESSING:
            return False
        self._lines.clear()
        self._to_idle()
        return True

    # -- arming ------------------------------------------------------------------------------

    def arm(self) -> bool:
        """"Charge": wait for a card to pay the current order. False if the order is empty."""
        if self.state is BarState.RESULT:
            self._to_idle()
        if self.state is not BarState.IDLE or not self._lines:
            return False
        self.state = BarState.ARMED
        self._armed_at = self._clock()
        self.rearmed = False
        return True

    def disarm(self, by_touch: bool = False) -> bool:
        """Cancel waiting for a card. A touch within BOUNCE_S of arming (Cancel appears where
        Charge was) is the same press bouncing, or a double tap: ignored, False."""
        if self.state is not BarState.ARMED:
            return False
        if by_touch and self._armed_at is not None and self._clock() - self._armed_at < BOUNCE_S:
            return False
        self.state = BarState.IDLE
        self._armed_at = None
        return True

    # -- taps and results --------------------------------------------------------------------

    def tap(self, card_uid: str) -> TapCommand:
        """A card was presented. Returns what the screen must do with it."""
        if self.state is BarState.PROCESSING:
            return IgnoreTap.while_busy(card_uid, self._processing_uid)
        if self.state is BarState.RESULT:
            self._leave_result()  # the next tap clears the result
        self._processing_uid = card_uid
        if self.state is BarState.ARMED:
            total = self.total_cents
            self._processing_total = total
            self.state = BarState.PROCESSING
            items = [{"product_id": pid, "quantity": q} for pid, q in self._lines.items()]
            return SubmitOrder(card_uid, items, total)
        self._processing_total = None
        self.state = BarState.PROCESSING
        return LookupCard(card_uid)

    @property
    def processing_card(self) -> str | None:
        return self._processing_uid if self.state is BarState.PROCESSING else None

    def order_finished(self, result: SubmitResult) -> TapResult:
        """The submitted order has an answer. A paid or offline-accepted order is cleared."""
        shown = result_from_submit(
            result, success_kind=ResultKind.PAID, amount_cents=self._processing_total or 0
        )
        if shown.kind in (ResultKind.PAID, ResultKind.OFFLINE_ACCEPTED):
            self._lines.clear()
        if shown.card_uid is None:
            shown = replace(shown, card_uid=self._processing_uid)
        keep = shown.kind is ResultKind.REJECTED and shown.error_code in KEEP_ARMED_ERRORS
        shown = self._show(shown)
        self.keep_armed = keep and bool(self._lines)
        return shown

    def lookup_finished(self, info: CardInfo) -> TapResult:
        return self._show(result_from_card_info(info))

    def lookup_failed(self, error: BaseException) -> TapResult:
        return self._show(result_from_lookup_error(self._processing_uid or "", error))

    def failed(self, error: BaseException) -> TapResult:
        """The request raised (a bug or a local fault): show it calmly; the order is kept."""
        return self._show(result_from_exception(error, self._processing_uid))

    def _show(self, shown: TapResult) -> TapResult:
        self.keep_armed = False
        self.state = BarState.RESULT
        self.result = shown
        self.result_serial += 1
        self._processing_uid = None
        self._processing_total = None
        return shown

    def clear_result(self, serial: int | None = None) -> bool:
        """Leave the result screen (timer or touch). With a serial, only if it is still that result."""
        if self.state is not BarState.RESULT or (serial is not None and serial != self.result_serial):
            return False
        self._leave_result()
        return True

    def _leave_result(self) -> None:
        """Back to building the order, or to waiting for the next card if the result said so."""
        keep = self.keep_armed and bool(self._lines)
        self._to_idle()
        if keep:
            self.state = BarState.ARMED
            self._armed_at = None  # re-armed by the result, not by a press: no bounce window
            self.rearmed = True

    def _to_idle(self) -> None:
        self.state = BarState.IDLE
        self.result = None
        self.keep_armed = False
        self.rearmed = False

