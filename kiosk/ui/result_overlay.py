"""The full-screen result of a tap (green paid, red declined, amber offline, blue balance) and
the "processing" spinner, laid over a screen. Also the words for every result, all through tr().
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QFrame, QLabel, QStyle, QStyleOption, QVBoxLayout, QWidget

from kiosk.controllers.results import ResultKind, TapResult, Tone
from kiosk.money import format_cents
from kiosk.ui import wording
from kiosk.ui.widgets import Spinner
from kiosk.ui.wording import fill

MAX_RECENT_SHOWN = 5
_DARK_TEXT_TONES = frozenset({Tone.OFFLINE.value})  # theme.qss: [tone="offline"] QLabel is dark
MARGIN_PX = 40
SPACING_PX = 16
_ICONS = {Tone.SUCCESS: "✓", Tone.ERROR: "✕", Tone.OFFLINE: "⚠"}


# Qt's own function, under the name pyside6-lupdate extracts with its literal context:
# translate("ResultOverlay", "Paid") is found, a wrapper taking only the text would not be.
translate = QCoreApplication.translate


def describe(result: TapResult, currency: str = "EUR") -> tuple[str, str, str]:
    """(title, big figure, detail) for a result, translated."""

    def money(cents: int | None) -> str:
        return format_cents(cents, currency) if cents is not None else "—"

    kind = result.kind
    credit = result.amount_cents is not None and result.amount_cents < 0  # a cup return alone
    if kind is ResultKind.PAID and credit:
        return (
            translate("ResultOverlay", "Credited"),
            fill(translate("ResultOverlay", "New balance %1"), money(result.new_balance_cents)),
            fill(translate("ResultOverlay", "%1 credited to the card"), money(-(result.amount_cents or 0))),
        )
    if kind is ResultKind.PAID:
        detail = fill(translate("ResultOverlay", "%1 paid"), money(result.amount_cents))
        if result.overdraft:
            detail += " · " + translate("ResultOverlay", "card below zero: send to a checkpoint")
        return (translate("ResultOverlay", "Paid"),
                fill(translate("ResultOverlay", "New balance %1"), money(result.new_balance_cents)),
                detail)
    if kind is ResultKind.RECHARGED:
        return (
            fill(translate("ResultOverlay", "Recharged %1"), money(result.amount_cents)),
            fill(translate("ResultOverlay", "New balance %1"), money(result.new_balance_cents)),
            "",
        )
    if kind is ResultKind.OFFLINE_ACCEPTED:
        if credit:
            figure = format_cents(-(result.amount_cents or 0), currency, signed=True)
            return (
                translate("ResultOverlay", "Credit accepted offline — queued"),
                figure,
                translate("ResultOverlay",
                          "No network: it is saved on this kiosk and sent when the network is back."),
            )
        figure = money(result.amount_cents)
        return (
            translate("ResultOverlay", "Accepted offline — queued"),
            figure,
            translate("ResultOverlay",
                      "No network: it is saved on this kiosk and sent when the network is back."),
        )
    if kind is ResultKind.BALANCE:
        status = (translate("ResultOverlay", "Card blocked") if result.card_status != "active"
                  else translate("ResultOverlay", "Balance"))
        detail = fill(translate("ResultOverlay", "Card %1"), result.card_uid or "")
        if result.from_cache:
            detail += " · " + translate("ResultOverlay", "last known balance (offline)")
        return status, money(result.balance_cents), detail
    if kind is ResultKind.CARD_STATUS_SET:
        title = (translate("ResultOverlay", "Card blocked") if result.card_status == "blocked"
                 else translate("ResultOverlay", "Card unblocked"))
        return title, result.card_uid or "", ""
    if kind is ResultKind.VOIDED:
        return (translate("ResultOverlay", "Request voided"), "",
                translate("ResultOverlay", "The money movement was reversed."))
    if kind is ResultKind.FAILED:
        return (
            translate("ResultOverlay", "Something went wrong"),
            "",
            translate("ResultOverlay", "Please try again. If it keeps happening, call a supervisor."),
        )
    code = result.error_code or ""
    if kind is ResultKind.LOOKUP_FAILED:
        if code == "CARD_NOT_FOUND":
            return wording.error_title(code), "", wording.error_hint(code)
        return (translate("ResultOverlay", "Balance not available"), "",
                translate("ResultOverlay", "No network, and this card is not in the offline list."))
    if kind is ResultKind.OFFLINE_REFUSED:
        rule = result.offline_rule
        if rule in wording.OFFLINE_TITLES:
            title = wording.tr(wording.OFFLINE_TITLES[rule])
        else:
            title = translate("ResultOverlay", "Not accepted offline")
        return title, "", wording.offline_reason(rule)
    # REJECTED
    title = wording.error_title(code)
    if code == "INSUFFICIENT_FUNDS" and result.balance_cents is not None:
        return title, fill(translate("ResultOverlay", "Balance %1"), money(result.balance_cents)), ""
    hint = wording.error_hint(code)
    return title, "", hint or result.message


def _recent_kind(kind: str, amount: int | None) -> str:
    """A ledger entry's kind in words: an order that put money on the card is a credit."""
    if kind == "order":
        if amount is not None and amount > 0:
            return translate("ResultOverlay", "credit")
        return translate("ResultOverlay", "sale")
    words = {"recharge": translate("ResultOverlay", "recharge"),
             "void": translate("ResultOverlay", "reversal"),
             "initial": translate("ResultOverlay", "opening balance")}
    return words.get(kind, kind)


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
        raw_kind = str(entry.get("kind") or entry.get("entry_type") or entry.get("description") or "")
        amount = entry.get("amount_cents")
        if not isinstance(amount, int):
            amount = entry.get("delta_cents")
        if isinstance(amount, int) and entry.get("direction") == "debit" and amount > 0:
            amount = -amount
        what = _recent_kind(raw_kind, amount if isinstance(amount, int) else None)
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
        # theme.qss gives every tone an opaque colour: nothing under the overlay needs painting
        # (a translucent overlay cost a repaint of the whole product grid per spinner frame).
        # Qt then skips the styled background, so paintEvent draws it.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN_PX, MARGIN_PX, MARGIN_PX, MARGIN_PX)
        layout.setSpacing(SPACING_PX)
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

    def _set_tone(self, tone: str) -> None:
        """The tone property theme.qss colours the overlay by. Re-polishing is what a tone
        change costs on the tap path (every tap goes busy → result → busy): the overlay is
        re-polished, its labels only when their colour rule changes (dark text on amber)."""
        previous = self.property("tone")
        if previous == tone:
            return
        self.setProperty("tone", tone)
        style = self.style()
        style.unpolish(self)
        style.polish(self)
        if (previous in _DARK_TEXT_TONES) != (tone in _DARK_TEXT_TONES):
            for child in self.findChildren(QWidget):
                style.unpolish(child)
                style.polish(child)

    def show_busy(self, text: str) -> None:
        self.result = None
        self._set_tone("busy")
        self.spinner.show()
        self.title.setText(text)
        for label in (self.icon, self.figure, self.detail, self.recent, self.hint):
            label.clear()
            label.hide()
        self._cover()

    def show_result(self, result: TapResult) -> None:
        self.result = result
        self._set_tone(result.tone.value)
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
        self._fit()

    def _fit(self) -> None:
        """A long title (German, French, a big amount) on a small panel: first the icon goes,
        then title and figure take a smaller size (theme.qss [fit="compact"]), so every word
        stays whole. A result that fits costs one measure and no re-polish."""
        width = self.width() - 2 * MARGIN_PX
        room = self.height() - 2 * MARGIN_PX
        for level in range(3):
            self._set_fit(level)
            if self._needed_height(width) <= room:
                return

    def _set_fit(self, level: int) -> None:
        self.icon.setVisible(bool(self.icon.text()) and level == 0)
        compact = "compact" if level >= 2 else ""
        for label in (self.title, self.figure):
            if (label.property("fit") or "") != compact:
                label.setProperty("fit", compact)
                label.style().unpolish(label)
                label.style().polish(label)

    def _needed_height(self, width: int) -> int:
        shown = [label for label in (self.icon, self.title, self.figure, self.detail, self.recent,
                                     self.hint) if not label.isHidden()]
        return (sum(label.heightForWidth(width) for label in shown)
                + SPACING_PX * (len(shown) + 1))  # and around the two stretches

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, self)
        painter.end()
        super().paintEvent(event)

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
            if self.result is not None:
                self._fit()
        return False
