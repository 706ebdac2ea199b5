"""The checkpoint's cash-shift screens: the opening float (quick amounts, keypad, or a count by
notes and coins), the close-out count with its running total, and the close result (expected,
counted, difference in large type) with the close-out slip as PDF and CSV.

Thin: kiosk.controllers.cash_shift holds the state; these widgets render it and emit what
the cashier chose. The requests themselves are sent by kiosk.ui.cash_shift_flow. GUI thread.
"""

from __future__ import annotations

import html
from datetime import datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.controllers.cash_shift import (
    FLOAT_QUICK_AMOUNTS_CENTS,
    DrawerCount,
    FloatEntry,
    FloatMode,
    slip_rows,
    write_slip_csv,
)
from kiosk.money import format_cents, format_whole
from kiosk.ui.printing import write_pdf
from kiosk.ui.widgets import Keypad, fit_text_width, role_label, set_style_property, touch_button
from kiosk.ui.wording import fill
from sync.cash_shift import MAX_FLOAT_CENTS as MAX_DRAWER_CENTS
from sync.cash_shift import CloseOutcome

_COUNT_BUTTON_STYLE = "min-height: 30px; font-size: 19px; padding: 0px 8px; text-align: left;"


class CountPanel(QWidget):
    """Notes and coins as buttons ("50 € × 3"), a keypad that types the selected one's count,
    and +1 / −1. Emits `changed` after every edit."""

    changed = Signal()

    def __init__(self, count: DrawerCount, currency: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count = count
        self.currency = currency
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        self.buttons: dict[int, QPushButton] = {}
        for column, group in enumerate((count.notes, count.coins)):
            for line, denomination in enumerate(group):
                button = touch_button("", None, self)
                button.setObjectName(f"count_{denomination}")
                button.setCheckable(True)
                button.setStyleSheet(_COUNT_BUTTON_STYLE)
                button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
                button.clicked.connect(partial(self._select, denomination))
                grid.addWidget(button, line, column)
                self.buttons[denomination] = button
        row.addLayout(grid, 3)
        side = QVBoxLayout()
        side.setSpacing(8)
        self.keypad = Keypad(self)
        self.keypad.digit_pressed.connect(self.press_digit)
        self.keypad.backspace_pressed.connect(self.backspace)
        self.keypad.clear_pressed.connect(self.clear_selected)
        side.addWidget(self.keypad, 1)
        steps = QHBoxLayout()
        self.minus_button = touch_button("−1", "quick", self)
        self.minus_button.clicked.connect(lambda: self._step(-1))
        self.plus_button = touch_button("+1", "quick", self)
        self.plus_button.clicked.connect(lambda: self._step(1))
        steps.addWidget(self.minus_button)
        steps.addWidget(self.plus_button)
        side.addLayout(steps)
        row.addLayout(side, 2)
        self.refresh()

    def denomination_text(self, denomination: int) -> str:
        if denomination % 100 == 0:
            return format_whole(denomination, self.currency)
        return format_cents(denomination, self.currency)

    def _select(self, denomination: int) -> None:
        self.count.select(denomination)
        self.refresh()

    def _step(self, delta: int) -> None:
        if self.count.add(self.count.selected, delta):
            self._edited()

    def press_digit(self, digit: str) -> None:
        if self.count.press_digit(digit):
            self._edited()

    def backspace(self) -> None:
        if self.count.backspace():
            self._edited()

    def clear_selected(self) -> None:
        if self.count.clear_selected():
            self._edited()

    def _edited(self) -> None:
        self.refresh()
        self.changed.emit()

    def refresh(self) -> None:
        for denomination, button in self.buttons.items():
            n = self.count.counts[denomination]
            # "€50 × 3": short enough for two columns at 1024×600; the total is in the header
            button.setText(fill(self.tr("%1 × %2"), self.denomination_text(denomination), str(n)))
            button.setToolTip(format_cents(self.count.line_cents(denomination), self.currency))
            button.setChecked(denomination == self.count.selected)
            fit_text_width(button, 24)


class FloatScreen(QWidget):
    """"Opening float": how much cash is in the drawer before the first recharge."""

    float_chosen = Signal(int)  # cents

    def __init__(self, denominations: tuple[int, ...], currency: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("floatScreen")
        self.currency = currency
        self.entry = FloatEntry(denominations)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 8, 16, 8)
        outer.setSpacing(8)
        header = QHBoxLayout()
        title = QVBoxLayout()
        title.addWidget(role_label(self.tr("Opening float"), "heading"))
        self.hint = role_label(self.tr("The cash in the drawer before the first recharge."), "muted")
        self.hint.setWordWrap(True)
        title.addWidget(self.hint)
        header.addLayout(title, 1)
        self.amount_mode_button = touch_button(self.tr("Amount"), "nav")
        self.count_mode_button = touch_button(self.tr("Count the cash"), "nav")
        mode_buttons = ((FloatMode.AMOUNT, self.amount_mode_button),
                        (FloatMode.COUNT, self.count_mode_button))
        for mode, button in mode_buttons:
            button.setCheckable(True)
            button.setStyleSheet("QPushButton:checked { background-color: #1E3A5F; border-color: #3B82F6; }")
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
            button.clicked.connect(partial(self.set_mode, mode))
            header.addWidget(button)
        self.amount_label = role_label("", "heading")
        self.amount_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header.addWidget(self.amount_label)
        outer.addLayout(header)

        # amount: keypad and quick amounts
        self.amount_panel = QFrame()
        self.amount_panel.setProperty("role", "panel")
        pad_row = QHBoxLayout(self.amount_panel)
        pad_row.setContentsMargins(12, 10, 12, 10)
        self.keypad = Keypad(self)
        self.keypad.digit_pressed.connect(self.press_digit)
        self.keypad.backspace_pressed.connect(self.backspace)
        self.keypad.clear_pressed.connect(self.clear)
        pad_row.addWidget(self.keypad, 3)
        quick = QGridLayout()
        quick.setSpacing(10)
        self.quick_buttons: list[QPushButton] = []
        for index, cents in enumerate(FLOAT_QUICK_AMOUNTS_CENTS):
            button = touch_button(format_whole(cents, currency), "quick")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.clicked.connect(partial(self.quick_amount, cents))
            quick.addWidget(button, index // 2, index % 2)
            self.quick_buttons.append(button)
        pad_row.addLayout(quick, 2)
        outer.addWidget(self.amount_panel, 1)

        # count: by denomination
        self.count_panel = CountPanel(self.entry.count, currency)
        self.count_panel.changed.connect(self.refresh)
        outer.addWidget(self.count_panel, 1)

        buttons = QHBoxLayout()  # "Log out" is the top bar's (no shift is open yet)
        self.start_button = touch_button("", "primary")
        self.start_button.setObjectName("startShiftButton")
        self.start_button.clicked.connect(self.confirm)
        buttons.addWidget(self.start_button, 1)
        outer.addLayout(buttons)
        self.problem_label = role_label("", "problem")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        outer.addWidget(self.problem_label)
        self.busy = False
        self.refresh()

    def reset(self) -> None:
        self.entry = FloatEntry(self.entry.count.denominations)
        self.count_panel.count = self.entry.count
        self.busy = False
        self.problem_label.setText("")
        self.problem_label.hide()
        self.refresh()

    def set_mode(self, mode: FloatMode) -> None:
        self.entry.set_mode(mode)
        self.refresh()

    def press_digit(self, digit: str) -> None:
        self.entry.press_digit(digit)
        self.refresh()

    def backspace(self) -> None:
        self.entry.backspace()
        self.refresh()

    def clear(self) -> None:
        self.entry.clear()
        self.refresh()

    def quick_amount(self, cents: int) -> None:
        self.entry.set_quick_amount(cents)
        self.refresh()

    def confirm(self) -> None:
        if self.busy:
            return
        if self.entry.problem() is not None:
            self.show_problem(self.tr("That is more than a drawer float can be."))
            return
        self.busy = True
        self.refresh()
        self.float_chosen.emit(self.entry.amount_cents)

    def show_problem(self, text: str) -> None:
        self.busy = False
        self.problem_label.setText(text)
        self.problem_label.setVisible(bool(text))
        self.refresh()

    def refresh(self) -> None:
        counting = self.entry.mode is FloatMode.COUNT
        self.amount_mode_button.setChecked(not counting)
        self.count_mode_button.setChecked(counting)
        self.amount_panel.setVisible(not counting)
        self.count_panel.setVisible(counting)
        self.count_panel.refresh()
        money = format_cents(self.entry.amount_cents, self.currency)
        self.amount_label.setText(money)
        self.start_button.setText(fill(self.tr("Start shift with %1"), money))
        self.start_button.setEnabled(not self.busy)
        fit_text_width(self.start_button)

    def keyPressEvent(self, event) -> None:
        text = event.text()
        if text and text in "0123456789":
            self.press_digit(text)
        elif event.key() == Qt.Key.Key_Backspace:
            self.backspace()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.confirm()
        else:
            super().keyPressEvent(event)


class CountScreen(QWidget):
    """"Close shift": count the drawer by notes and coins, with a running total."""

    counted = Signal(object)  # {denomination_cents: count}
    back_requested = Signal()
    keep_open_requested = Signal()  # log out and leave the shift open (a break)

    def __init__(self, denominations: tuple[int, ...], currency: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("countScreen")
        self.currency = currency
        self.count = DrawerCount(denominations)
        self.expected_text = ""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 8, 16, 8)
        outer.setSpacing(8)
        header = QHBoxLayout()
        title = QVBoxLayout()
        self.title_label = role_label(self.tr("Close shift: count the drawer"), "heading")
        title.addWidget(self.title_label)
        self.hint = role_label(self.tr("Tap a note or coin, type how many, then the next."), "muted")
        self.hint.setWordWrap(True)
        title.addWidget(self.hint)
        header.addLayout(title, 1)
        self.total_label = role_label("", "heading")
        self.total_label.setObjectName("countTotal")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header.addWidget(self.total_label)
        outer.addLayout(header)
        self.panel = CountPanel(self.count, currency)
        self.panel.changed.connect(self.refresh)
        outer.addWidget(self.panel, 1)
        buttons = QHBoxLayout()
        self.back_button = touch_button(self.tr("Back"), "quiet")
        self.back_button.clicked.connect(self.back_requested)
        self.keep_open_button = touch_button(self.tr("Keep open, log out"), "quiet")
        self.keep_open_button.clicked.connect(self.keep_open_requested)
        self.close_button = touch_button("", "primary")
        self.close_button.setObjectName("closeShiftButton")
        self.close_button.clicked.connect(self.confirm)
        buttons.addWidget(self.back_button, 1)
        buttons.addWidget(self.keep_open_button, 2)
        buttons.addWidget(self.close_button, 3)
        outer.addLayout(buttons)
        self.problem_label = role_label("", "problem")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        outer.addWidget(self.problem_label)
        self.busy = False
        self.refresh()

    def start(self, *, for_logout: bool, title: str | None = None) -> None:
        self.count.reset()
        self.busy = False
        self.problem_label.setText("")
        self.problem_label.hide()
        self.keep_open_button.setVisible(for_logout)
        self.title_label.setText(title or self.tr("Close shift: count the drawer"))
        self.refresh()

    def confirm(self) -> None:
        if self.busy:
            return
        if self.count.total_cents > MAX_DRAWER_CENTS:
            self.show_problem(self.tr("That is more than a drawer can hold: check the counts."))
            return
        self.busy = True
        self.refresh()
        self.counted.emit(dict(self.count.counts))

    def show_problem(self, text: str) -> None:
        self.busy = False
        self.problem_label.setText(text)
        self.problem_label.setVisible(bool(text))
        self.refresh()

    def refresh(self) -> None:
        self.panel.refresh()
        money = format_cents(self.count.total_cents, self.currency)
        self.total_label.setText(fill(self.tr("Counted %1"), money))
        self.close_button.setText(fill(self.tr("Close with %1"), money))
        self.close_button.setEnabled(not self.busy)
        fit_text_width(self.close_button)

    def keyPressEvent(self, event) -> None:
        text = event.text()
        if text and text in "0123456789":
            self.panel.press_digit(text)
        elif event.key() == Qt.Key.Key_Backspace:
            self.panel.backspace()
        elif event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Down):
            self.count.select_next()
            self.refresh()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.confirm()
        else:
            super().keyPressEvent(event)


class CloseResultScreen(QWidget):
    """Expected, counted and difference in large type, and the slip as PDF and CSV."""

    done = Signal()

    def __init__(self, device_id: str, currency: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("closeResultScreen")
        self.device_id = device_id
        self.currency = currency
        self.outcome: CloseOutcome | None = None
        # where the slip is saved, without a keyboard (tests set their own)
        self.export_dir = Path.home() / "festival-reports"
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 8, 24, 8)
        outer.setSpacing(6)
        top = QHBoxLayout()
        self.title_label = role_label(self.tr("Shift closed"), "heading")
        top.addWidget(self.title_label, 0, Qt.AlignmentFlag.AlignTop)
        self.status_label = role_label("", "card-status")
        self.status_label.setWordWrap(True)
        top.addWidget(self.status_label, 1)
        outer.addLayout(top)
        figures = QGridLayout()  # the name, then its figure in large type, one row each
        figures.setHorizontalSpacing(24)
        figures.setVerticalSpacing(0)
        self.expected_label = role_label("", "amount-entry")
        self.counted_label = role_label("", "amount-entry")
        self.difference_label = role_label("", "amount-entry")
        self.difference_label.setObjectName("differenceLabel")
        for row, (name, label) in enumerate(((self.tr("Expected"), self.expected_label),
                                             (self.tr("Counted"), self.counted_label),
                                             (self.tr("Difference"), self.difference_label))):
            figures.addWidget(role_label(name, "heading"), row, 0)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            figures.addWidget(label, row, 1)
        figures.setColumnStretch(2, 1)
        outer.addLayout(figures)
        self.detail_label = role_label("", "muted")
        self.detail_label.setWordWrap(True)
        outer.addWidget(self.detail_label)
        outer.addStretch(1)
        self.message_label = role_label("", "muted")
        outer.addWidget(self.message_label)
        buttons = QHBoxLayout()
        self.pdf_button = touch_button(self.tr("Save PDF"), "quiet")
        self.pdf_button.clicked.connect(lambda: self._save(self.print_to_pdf, "pdf"))
        self.csv_button = touch_button(self.tr("Export CSV"), "quiet")
        self.csv_button.clicked.connect(lambda: self._save(self.export_csv, "csv"))
        self.done_button = touch_button(self.tr("Done"), "primary")
        self.done_button.clicked.connect(self.done)
        buttons.addWidget(self.pdf_button, 1)
        buttons.addWidget(self.csv_button, 1)
        buttons.addWidget(self.done_button, 2)
        outer.addLayout(buttons)

    def _money(self, cents: int) -> str:
        return format_cents(cents, self.currency)

    def show_outcome(self, outcome: CloseOutcome) -> None:
        self.outcome = outcome
        self.message_label.setText("")
        self.expected_label.setText(self._money(outcome.expected_cash_cents))
        self.counted_label.setText(self._money(outcome.counted_cash_cents))
        difference = outcome.difference_cents
        sign = "+" if difference > 0 else ""
        self.difference_label.setText(sign + self._money(difference))
        set_style_property(self.difference_label, "health", "good" if difference == 0 else "bad")
        if outcome.confirmed and outcome.verified:
            self.status_label.setText(self.tr("Confirmed by the server."))
            set_style_property(self.status_label, "health", "good")
        elif outcome.confirmed:
            self.status_label.setText(self.tr(
                "Confirmed by the server, marked unverified (the log-in was not checked by the "
                "server): review lists it."))
            set_style_property(self.status_label, "health", "bad")
        else:
            self.status_label.setText(self.tr(
                "Not yet confirmed: the close is queued and sent when the network is back. "
                "These figures are this kiosk's own."))
            set_style_property(self.status_label, "health", "bad")
        self.detail_label.setText(
            fill(self.tr("Float %1 · cash recharges %2 · voided %3 · to safe %4 · from safe %5 · "
                         "card terminal %6 (not drawer cash)"),
                 *(self._money(cents) for cents in (
                     outcome.opening_float_cents, outcome.cash_recharges_cents,
                     outcome.cash_voided_cents, outcome.moved_to_safe_cents,
                     outcome.moved_from_safe_cents, outcome.card_recharges_cents))))

    # -- the slip --------------------------------------------------------------------------

    def slip_labels(self) -> dict[str, str]:
        """The slip's figures in words (kiosk.controllers.cash_shift SLIP_SECTIONS keys)."""
        return {
            "opening_float_cents": self.tr("Opening float"),
            "cash_recharges_cents": self.tr("Cash recharges"),
            "cash_voided_cents": self.tr("Cash voided (handed back)"),
            "moved_from_safe_cents": self.tr("Moved from the safe"),
            "moved_to_safe_cents": self.tr("Moved to the safe"),
            "expected_cash_cents": self.tr("Cash expected in the drawer"),
            "counted_cash_cents": self.tr("Cash counted"),
            "difference_cents": self.tr("Difference (counted - expected)"),
            "card_recharges_cents": self.tr("Card-terminal recharges (not drawer cash)"),
        }

    def _shown(self) -> CloseOutcome:
        if self.outcome is None:
            raise OSError("no close-out is shown")
        return self.outcome

    def slip_html(self) -> str:
        outcome = self._shown()
        title = self.tr("Cash close-out")  # outside the f-string: lupdate cannot see it inside
        parts = [f"<h2>{html.escape(title)}</h2>",
                 f"<p>{html.escape(self.device_id)} · {html.escape(outcome.staff_id)} · "
                 f"{html.escape(outcome.opened_at or '')} – {html.escape(outcome.closed_at or '')}</p>",
                 "<table cellpadding='4'>"]
        for _section, _key, label, count, cents in slip_rows(outcome, self.slip_labels()):
            shown_count = f"× {count}" if count else ""
            parts.append(f"<tr><td>{html.escape(label)}</td><td>{shown_count}</td>"
                         f"<td align='right'>{html.escape(self._money(cents))}</td></tr>")
        parts.append("</table>")
        if not outcome.confirmed:
            unconfirmed = self.tr("Not yet confirmed by the server.")
            parts.append(f"<p><b>{html.escape(unconfirmed)}</b></p>")
        return "\n".join(parts)

    def export_csv(self, path: Path) -> Path:
        with Path(path).open("w", encoding="utf-8", newline="") as stream:
            write_slip_csv(self._shown(), self.slip_labels(), self.device_id, self.currency, stream,
                           datetime.now().astimezone())
        return Path(path)

    def print_to_pdf(self, path: Path) -> Path:
        path = write_pdf(self.slip_html(), path)
        if not path.exists():
            raise OSError(f"the PDF {path} was not written")
        return path

    def _save(self, writer, suffix: str) -> None:
        outcome = self._shown()
        name = f"closeout-{self.device_id}-{outcome.staff_id}-{datetime.now():%Y%m%d-%H%M%S}.{suffix}"
        path = Path(self.export_dir) / name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            writer(path)
        except OSError as exc:
            self.message_label.setText(fill(self.tr("Could not write %1: %2"), path,
                                            exc.strerror or exc))
        else:
            self.message_label.setText(fill(self.tr("Saved %1"), str(path)))
