"""Staff login without a network: PIN pad, or staff card then PIN, checked against the cached
staff list's slow salted hashes (bcrypt), plus the inactivity timer behind auto-logout.

`verify_pin` is slow on purpose (bcrypt cost ≥ 10): the screen runs it off the GUI thread.
After `MAX_ATTEMPTS` wrong PINs in a row the pad locks for `LOCKOUT_S` seconds, so a four-digit
PIN cannot be guessed at the counter.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import bcrypt

from sync.config import StaffMember

log = logging.getLogger(__name__)

MIN_PIN_LENGTH = 4
MAX_PIN_LENGTH = 8
MAX_ATTEMPTS = 5
LOCKOUT_S = 30.0

Clock = Callable[[], float]


def pin_matches(pin_hash: str, pin: str) -> bool:
    """True if pin matches a bcrypt hash; a malformed or unsupported hash never matches."""
    if not pin_hash or not pin:
        return False
    if not pin_hash.startswith(("$2a$", "$2b$", "$2y$")):
        log.warning("unsupported PIN hash scheme %r: staff member cannot log in here", pin_hash[:10])
        return False
    try:
        return bcrypt.checkpw(pin.encode("utf-8"), pin_hash.encode("ascii"))
    except ValueError:
        log.warning("malformed PIN hash in the staff list")
        return False


def verify_pin(candidates: Iterable[StaffMember], pin: str) -> StaffMember | None:
    """The first candidate whose PIN hash matches. Slow: call it off the GUI thread."""
    for member in candidates:
        if pin_matches(member.pin_hash, pin):
            return member
    return None


class LoginState(enum.Enum):
    ENTER_PIN = "enter_pin"
    VERIFYING = "verifying"
    LOCKED = "locked"


class LoginProblem(enum.Enum):
    PIN_TOO_SHORT = "pin_too_short"
    WRONG_PIN = "wrong_pin"
    NOT_A_STAFF_CARD = "not_a_staff_card"
    LOCKED = "locked"
    NO_STAFF = "no_staff"  # the device has no staff list (no config yet)
    BUSY = "busy"


@dataclass(frozen=True)
class VerifyPin:
    """Command: check this PIN against these staff members (off the GUI thread)."""

    candidates: tuple[StaffMember, ...]
    pin: str


class LoginController:
    """PIN entry, staff-card selection and lockout. Plain Python, GUI thread only."""

    def __init__(
        self,
        staff: Iterable[StaffMember],
        clock: Clock = time.monotonic,
        max_attempts: int = MAX_ATTEMPTS,
        lockout_s: float = LOCKOUT_S,
    ) -> None:
        self._clock = clock
        self.max_attempts = max_attempts
        self.lockout_s = lockout_s
        self.staff: tuple[StaffMember, ...] = ()
        self.set_staff(staff)
        self.pin = ""
        self.selected: StaffMember | None = None  # chosen by tapping a staff card
        self.failures = 0
        self._locked_until: float | None = None
        self._verifying = False
        self.problem: LoginProblem | None = None

    def set_staff(self, staff: Iterable[StaffMember]) -> None:
        self.staff = tuple(staff)

    @property
    def state(self) -> LoginState:
        if self._verifying:
            return LoginState.VERIFYING
        if self.locked_remaining_s() > 0:
            return LoginState.LOCKED
        return LoginState.ENTER_PIN

    def locked_remaining_s(self) -> float:
        if self._locked_until is None:
            return 0.0
        remaining = self._locked_until - self._clock()
        if remaining <= 0:
            self._locked_until = None
            self.failures = 0
            return 0.0
        return remaining

    def press_digit(self, digit: str) -> bool:
        if self.state is not LoginState.ENTER_PIN or len(digit) != 1 or digit not in "0123456789":
            return False
        if len(self.pin) >= MAX_PIN_LENGTH:
            return False
        self.pin += digit
        self.problem = None
        return True

    def backspace(self) -> bool:
        if self.state is not LoginState.ENTER_PIN or not self.pin:
            return False
        self.pin = self.pin[:-1]
        return True

    def clear(self) -> None:
        """Forget the typed PIN and the selected staff card."""
        if self._verifying:
            return
        self.pin = ""
        self.selected = None
        self.problem = None

    def tap(self, card_uid: str) -> StaffMember | None:
        """A card was tapped on the login screen: select that staff member, if it is one."""
        if self._verifying:
            return None
        member = next((m for m in self.staff if m.card_uid and m.card_uid == card_uid), None)
        if member is None:
            self.problem = LoginProblem.NOT_A_STAFF_CARD
            return None
        self.selected = member
        self.pin = ""
        self.problem = None
        return member

    def submit(self) -> VerifyPin | LoginProblem:
        """"OK" on the PIN pad: what to verify, or why not."""
        state = self.state
        if state is LoginState.VERIFYING:
            return LoginProblem.BUSY
        if state is LoginState.LOCKED:
            self.problem = LoginProblem.LOCKED
            return self.problem
        if not self.staff:
            self.problem = LoginProblem.NO_STAFF
            return self.problem
        if len(self.pin) < MIN_PIN_LENGTH:
            self.problem = LoginProblem.PIN_TOO_SHORT
            return self.problem
        candidates = (self.selected,) if self.selected is not None else self.staff
        self._verifying = True
        return VerifyPin(candidates, self.pin)

    def verified(self, member: StaffMember | None) -> StaffMember | None:
        """The outcome of VerifyPin. Returns the logged-in member, or None (wrong PIN)."""
        self._verifying = False
        self.pin = ""
        if member is not None:
            self.failures = 0
            self.selected = None
            self.problem = None
            return member
        self.failures += 1
        self.problem = LoginProblem.WRONG_PIN
        if self.failures >= self.max_attempts:
            self._locked_until = self._clock() + self.lockout_s
            self.problem = LoginProblem.LOCKED
        return None

    @property
    def attempts_left(self) -> int:
        return max(0, self.max_attempts - self.failures)


class InactivityTimer:
    """Tells when staff have been idle for `timeout_s` (0 = never). Plain Python."""

    def __init__(self, timeout_s: float, clock: Clock = time.monotonic) -> None:
        self.timeout_s = timeout_s
        self._clock = clock
        self._last = clock()

    def touch(self) -> None:
        self._last = self._clock()

    def idle_s(self) -> float:
        return self._clock() - self._last

    def expired(self) -> bool:
        return self.timeout_s > 0 and self.idle_s() >= self.timeout_s
