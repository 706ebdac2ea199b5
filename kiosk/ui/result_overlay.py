"""The full-screen result of a tap (green paid, red declined, amber offline, blue balance) and
the "processing" spinner, laid over a screen. Also the words for every result, all through tr().
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from kiosk.controllers.results import ResultKind, TapResult, Tone
from kiosk.money import format_cents
from kiosk.ui.widgets import Spinner, set_style_property

MAX_RECENT_SHOWN = 5
_ICONS = {Tone.SUCCESS: "✓", Tone.ERROR: "✕", Tone.OFFLINE: "⚠"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ResultOverlay", text)


_REJECTION_TITLES = {
    "INSUFFICIENT_FUNDS": QT_TRANSLATE_NOOP("ResultOverlay", "Insufficient funds"),
    "CARD_BLOCKED": QT_TRANSLATE_NOOP("ResultOverlay", "Card blocked"),
    "CARD_NOT_FOUND": QT_TRANSLATE_NOOP("ResultOverlay", "Unknown card"),
    "PRICE_MISMATCH": QT_TRANSLATE_NOOP("ResultOverlay", "Prices have changed"),
    "PRODUCT_NOT_FOUND": QT_TRANSLATE_NOOP("ResultOverlay", "Product not available"),
    "AMOUNT_OUT_OF_RANGE": QT_TRANSLATE_NOOP("ResultOverlay", "Amount not allowed"),
    "BALANCE_LIMIT_EXCEEDED": QT_TRANSLATE_NOOP("ResultOverlay", "Balance limit reached"),
    "UNAUTHORIZED": QT_TRANSLATE_NOOP("ResultOverlay", "Not allowed on this kiosk"),
    "IDEMPOTENCY_CONFLICT": QT_TRANSLATE_NOOP("ResultOverlay", "Request conflict"),
    "REQUEST_VOIDED": QT_TRANSLATE_NOOP("ResultOverlay", "Request was voided"),
    "INVALID_REQUEST": QT_TRANSLATE_NOOP("ResultOverlay", "Invalid request"),
}
_REJECTION_HINTS = {
    "CARD_BLOCKED": QT_TRANSLATE_NOOP("ResultOverlay", "Keep the card and call a supervisor."),
    "CARD_NOT_FOUND": QT_TRANSLATE_NOOP("ResultOverlay", "This card is not registered for the festival."),
    "PRICE_MISMATCH": QT_TRANSLATE_NOOP(
        "ResultOverlay", "The price list was updated. Check the order and charge again."
    ),
    "BALANCE_LIMIT_EXCEEDED": QT_TRANSLATE_NOOP("ResultOverlay", "The card cannot hold more money."),
    "UNAUTHORIZED": QT_TRANSLATE_NOOP("ResultOverlay", "Call a supervisor."),
}


def describe(result: TapResult, currency: str = "EUR") -> tuple[str, str, str]:
    """(title, big figure, detail) for a result, translated."""

    def money(cents: int | None) -> str:
        return format_cents(cents, currency) if cents is not None else "—"

    kind = result.kind
    if kind is ResultKind.PAID:
        detail = _tr("%1 paid").replace("%1", money(result.amount_cents))
        if result.overdraft:
            detail += " · " + _tr("card below zero: send to a checkpoint")
        return _tr("Paid"), _tr("New balance %1").replace("%1", money(result.new_balance_cents)), detail
    if kind is ResultKind.RECHARGED:
        return (
            _tr("Recharged %1").replace("%1", money(result.amount_cents)),
            _tr("New balance %1").replace("%1", money(result.new_balance_cents)),
            "",
        )
    if kind is ResultKind.OFFLINE_ACCEPTED:
        figure = money(result.amount_cents)
        return (
            _tr("Accepted offline — queued"),
            figure,
            _tr("No network: it is saved on this kiosk and sent when the network is back."),
        )
    if kind is ResultKind.BALANCE:
        status = _tr("Card blocked") if result.card_status != "active" else _tr("Balance")
        detail = _tr("Card %1").replace("%1", result.card_uid or "")
        if result.from_cache:
            detail += " · " + _tr("last known balance (offline)")
        return status, money(result.balance_cents), detail
    if kind is ResultKind.CARD_STATUS_SET:
        title = _tr("Card blocked") if result.card_status == "blocked" else _tr("Card unblocked")
        return title, result.card_uid or "", ""
    if kind is ResultKind.VOIDED:
        return _tr("Request voided"), "", _tr("The money movement was reversed.")
    if kind is ResultKind.FAILED:
        return (
            _tr("Something went wrong"),
            "",
            _tr("Please try again. If it keeps happening, call a supervisor."),
        )
    code = result.error_code or ""
    if kind is ResultKind.LOOKUP_FAILED:
        if code == "CARD_NOT_FOUND":
            return _tr("Unknown card"), "", _tr(_REJECTION_HINTS["CARD_NOT_FOUND"])
        return _tr("Balance not available"), "", _tr("No network, and this card is not in the offline list.")
    if kind is ResultKind.OFFLINE_REFUSED:
        title = _tr(_REJECTION_TITLES[code]) if code in _REJECTION_TITLES else _tr("Not accepted offline")
        return title, "", result.message or _tr("Offline limit reached. Try again when the network is back.")
    # REJECTED
    title = _tr(_REJECTION_TITLES.get(code, "Declined"))
    if code == "INSUFFICIENT_FUNDS" and result.balance_cents is not None:
        return title, _tr("Balance %1").replace("%1", money(result.balance_cents)), ""
    hint = _REJECTION_HINTS.get(code)
    return title, "", _tr(hint) if hint else result.message


def describe_recent(entries: tuple[dict, ...], currency: str = "EUR") -> str:
    """A few recent ledger entries, one per line: time, what, amount (defensive about keys)."""
    lines = []
    for entry in entries[:MAX_RECENT_SHOWN]:
        when = entry.get("created_at") or entry.get("at") or entry.get("captured_at") or ""
        if isinstance(when, str) and when:
            try:
                when = datetime.fromisoformat(when).astimezone().strftime("%H:%M")
            except ValueError:
                when = when[:16]
        what = str(entry.get("kind") or entry.get("entry_type") or entry.get("description") or "")
        amount = entry.get("amount_cents")
        if not isinstance(amount, int):
            amount = entry.get("delta_cents")
        if isinstance(amount, int) and entry.get("direction") == "debit" and amount > 0:
            amount = -amount
        shown = format_cents(amount, currency, signed=True) if isinstance(amount, int) else ""
        lines.append(f"{when:>5}  {what:<16.16}  {shown:>10}")
    return "\n".join(lines)


class ResultOverlay(QFrame):
    """Covers its parent: a spinner while processing, then the result until dismissed."""

    dismissed = Signal()

    def __init__(self, parent: QWidget, currency: str = "EUR") -> None:
        super().__init__(parent)
        self.setObjectName("resultOverlay")
        self.currency = currency
        self.result: TapResult | None = None
        self.setProperty("tone", "busy")
        self.setAutoFillBackground(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 40, 40, 40)
        layout.setSpacing(16)
        layout.addStretch(2)
        self.spinner = Spinner(self)
        layout.addWidget(self.spinner, 0, Qt.AlignmentFlag.AlignHCenter)
        self.icon = self._label("resultIcon")
        layout.addWidget(self.icon)
        self.title = self._label("resultTitle")
        self.figure = self._label("resultFigure")
        self.detail = self._label("resultDetail")
        self.recent = self._label("resultRecent")
        self.recent.setTextFormat(Qt.TextFormat.PlainText)
        for label in (self.title, self.figure, self.detail, self.recent):
            layout.addWidget(label)
        layout.addStretch(3)
        self.hint = self._label("resultHint")
        layout.addWidget(self.hint)
        parent.installEventFilter(self)
        self.hide()

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        return label

    @property
    def busy(self) -> bool:
        return self.isVisible() and self.result is None

    def show_busy(self, text: str) -> None:
        self.result = None
        set_style_property(self, "tone", "busy")
        self.spinner.show()
        self.title.setText(text)
        for label in (self.icon, self.figure, self.detail, self.recent, self.hint):
            label.clear()
            label.hide()
        self._cover()

    def show_result(self, result: TapResult) -> None:
        self.result = result
        set_style_property(self, "tone", result.tone.value)
        self.spinner.hide()
        title, figure, detail = describe(result, self.currency)
        recent = describe_recent(result.recent, self.currency) if result.kind is ResultKind.BALANCE else ""
        icon = _ICONS.get(result.tone, "")
        for label, text in ((self.icon, icon), (self.title, title), (self.figure, figure),
                            (self.detail, detail), (self.recent, recent)):
            label.setText(text)
            label.setVisible(bool(text))
        self.hint.setText(self.tr("Touch the screen or tap the next card to continue"))
        self.hint.show()
        self.setAccessibleName(f"{title} {figure}")
        self._cover()

    def _cover(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()

    def tone(self) -> Tone | None:
        return self.result.tone if self.result else None

    def dismiss(self) -> None:
        if self.isVisible():
            self.hide()
            self.result = None
            self.dismissed.emit()

    def mousePressEvent(self, event) -> None:
        if self.result is not None:
            self.dismiss()
        event.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.parentWidget().rect())
        return False
