"""Staff login: a PIN pad, or a staff card then the PIN. The PIN is checked by the server
(sp_staff_login, through sync) whenever it can be reached; only when it cannot, bar staff and
cashiers are checked against the cached staff list's bcrypt hashes. Both run off the GUI
thread (network, and bcrypt is slow on purpose).

Keyboard: digits, Backspace, Esc clears, Enter submits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.controllers.login import (
    LoginController,
    LoginOutcome,
    LoginProblem,
    LoginState,
    StaffLoginPort,
    VerifyPin,
    authenticate,
    min_pin_length,
    verify_pin,
)
from kiosk.ops import OpRunner
from kiosk.ui.widgets import Keypad, role_label, touch_button
from kiosk.ui.wording import fill
from sync.config import StaffMember

log = logging.getLogger(__name__)
MAX_CHOICES = 3  # names offered after CHOOSE_STAFF (more: staff cards are the way)


class LoginScreen(QWidget):
    """Emits logged_in(StaffMember) once a PIN matched. Lives in the GUI thread. With `sync`,
    the server checks the PIN (and `last_login` holds its session); without, only the cached
    hashes do (tests of the pad itself)."""

    logged_in = Signal(object)
    staff_card_tapped = Signal(object)  # StaffMember, or None for a card that is not staff

    def __init__(
        self,
        staff: Iterable[StaffMember],
        ops: OpRunner,
        device_id: str = "",
        clock: Callable[[], float] | None = None,
        parent: QWidget | None = None,
        sync: StaffLoginPort | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("loginScreen")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.ops = ops
        self.sync = sync
        self.controller = LoginController(staff, clock) if clock else LoginController(staff)
        self._lock_timer = QTimer(self)
        self._lock_timer.setInterval(1000)
        self._lock_timer.timeout.connect(self.refresh)

        # Two columns (words and "Log in" beside the keypad), so the whole pad fits a
        # 1024×600 panel under the status bar (issue 11 item 12).
        outer = QHBoxLayout(self)
        outer.setContentsMargins(40, 24, 40, 24)
        outer.setSpacing(32)
        outer.addStretch(1)
        column = QVBoxLayout()
        column.setSpacing(14)
        column.addStretch(1)
        self.title = role_label(self.tr("Log in"), "heading")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.title)
        self.device_label = role_label(device_id, "muted")
        self.device_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.device_label)
        self.prompt = role_label("", "hint")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt.setWordWrap(True)
        column.addWidget(self.prompt)
        self.dots = role_label("", "pin-dots")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots.setMinimumHeight(64)
        column.addWidget(self.dots)
        self.problem = role_label("", "problem")
        self.problem.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.problem.setWordWrap(True)
        column.addWidget(self.problem)
        # after CHOOSE_STAFF: the members only the server checks, by name (no staff card
        # needed: the demo's supervisor has none)
        self.choose_row = QHBoxLayout()
        self.choose_buttons: dict[str, QPushButton] = {}
        column.addLayout(self.choose_row)
        self.keypad = Keypad(self)
        self.keypad.setMinimumSize(420, 300)
        self.keypad.digit_pressed.connect(self.press_digit)
        self.keypad.backspace_pressed.connect(self.backspace)
        self.keypad.clear_pressed.connect(self.clear)
        self.ok_button = touch_button(self.tr("Log in"), "primary")
        self.ok_button.clicked.connect(self.submit)
        column.addWidget(self.ok_button)
        column.addStretch(1)
        outer.addLayout(column, 2)
        outer.addWidget(self.keypad, 2)
        outer.addStretch(1)
        self.refresh()

    def set_staff(self, staff: Iterable[StaffMember]) -> None:
        self.controller.set_staff(staff)
        self.refresh()

    def choose(self, staff_id: str) -> None:
        self.controller.choose(staff_id)
        self.refresh()

    def _show_choices(self, members: tuple[StaffMember, ...]) -> None:
        wanted = {m.staff_id: m for m in members[:MAX_CHOICES]}
        for staff_id in [s for s in self.choose_buttons if s not in wanted]:
            button = self.choose_buttons.pop(staff_id)
            self.choose_row.removeWidget(button)
            button.deleteLater()
        for staff_id, member in wanted.items():
            if staff_id not in self.choose_buttons:
                button = touch_button(fill(self.tr("I am %1"), member.name))
                button.setObjectName(f"loginChoose-{staff_id}")
                button.clicked.connect(lambda _=False, sid=staff_id: self.choose(sid))
                self.choose_buttons[staff_id] = button
                self.choose_row.addWidget(button)

    def reset(self) -> None:
        """Forget any typed PIN (after logout)."""
        self.controller.clear()
        self.refresh()

    # -- intents -------------------------------------------------------------------------------

    def press_digit(self, digit: str) -> None:
        self.controller.press_digit(digit)
        self.refresh()

    def backspace(self) -> None:
        self.controller.backspace()
        self.refresh()

    def clear(self) -> None:
        self.controller.clear()
        self.refresh()

    def handle_tap(self, card_uid: str) -> StaffMember | None:
        """A card tapped while nobody is logged in: the staff member it belongs to, or None."""
        member = self.controller.tap(card_uid)
        self.staff_card_tapped.emit(member)
        self.refresh()
        return member

    def submit(self) -> None:
        command = self.controller.submit()
        if isinstance(command, VerifyPin):
            sync = self.sync
            if sync is not None:
                self.ops.run(lambda: authenticate(sync, command), self._authenticated, self._verify_failed)
            else:
                self.ops.run(
                    lambda: verify_pin(command.candidates, command.pin), self._verified, self._verify_failed
                )
        self.refresh()

    def _authenticated(self, outcome: LoginOutcome) -> None:
        accepted = self.controller.authenticated(outcome)
        self.refresh()
        if accepted is not None:
            how = "by the server" if outcome.verified_by_server else "offline"
            log.info("staff %s logged in (%s)", accepted.staff_id, how)
            self.logged_in.emit(accepted)

    @property
    def last_login(self) -> LoginOutcome | None:
        """The last successful login's outcome (its server session, if any)."""
        return self.controller.last_login

    def _verified(self, member: StaffMember | None) -> None:
        accepted = self.controller.verified(member)
        self.refresh()
        if accepted is not None:
            log.info("staff %s logged in", accepted.staff_id)
            self.logged_in.emit(accepted)

    def _verify_failed(self, error: BaseException) -> None:
        log.error("PIN verification failed", exc_info=error)
        self.controller.verified(None)
        self.refresh()

    # -- rendering -------------------------------------------------------------------------------

    def refresh(self) -> None:
        c = self.controller
        state = c.state
        if c.selected is not None:
            self.prompt.setText(fill(self.tr("Hello %1, enter your PIN"), c.selected.name))
        else:
            self.prompt.setText(self.tr("Enter your PIN, or tap your staff card"))
        self.dots.setText("●" * len(c.pin) if c.pin else "○○○○")
        problem = {
            LoginProblem.PIN_TOO_SHORT: fill(
                self.tr("The PIN has at least %1 digits"),
                min_pin_length(c.selected.role if c.selected is not None else None)),
            LoginProblem.ONLINE_LOGIN_REQUIRED:
                self.tr("Supervisors log in only while the kiosk is online"),
            LoginProblem.CHOOSE_STAFF: self.tr("Tap your staff card or touch your name, then enter your PIN"),
            LoginProblem.LOGIN_REFUSED: self.tr("The server refused the login: ask a supervisor"),
            LoginProblem.WRONG_PIN:
                fill(self.tr("Wrong PIN. Attempts left: %1"), str(c.attempts_left)),
            LoginProblem.NOT_A_STAFF_CARD: self.tr("That is not a staff card for this kiosk"),
            LoginProblem.NO_STAFF: self.tr("No staff list yet: connect to the backend once"),
        }.get(c.problem, "") if c.problem else ""
        if state is LoginState.LOCKED:
            seconds = int(c.locked_remaining_s()) + 1
            problem = fill(self.tr("Too many wrong PINs: wait %1 s"), str(seconds))
            if not self._lock_timer.isActive():
                self._lock_timer.start()
        elif self._lock_timer.isActive():
            self._lock_timer.stop()
        if state is LoginState.VERIFYING:
            problem = self.tr("Checking…")
        self.problem.setText(problem)
        choosing = c.problem is LoginProblem.CHOOSE_STAFF and state is LoginState.ENTER_PIN
        self._show_choices(c.online_only_staff() if choosing else ())
        enabled = state is LoginState.ENTER_PIN
        self.keypad.setEnabled(enabled)
        self.ok_button.setEnabled(enabled and bool(c.pin))

    def keyPressEvent(self, event) -> None:
        key, text = event.key(), event.text()
        if text and text in "0123456789":
            self.press_digit(text)
        elif key == Qt.Key.Key_Backspace:
            self.backspace()
        elif key == Qt.Key.Key_Escape:
            self.clear()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
        else:
            super().keyPressEvent(event)
