"""Staff login: PIN pad, or staff card then PIN, checked by the server whenever it can be
reached (KioskSync.staff_login -> sp_staff_login), else against the cached staff list's slow
salted hashes (bcrypt) for the roles that may log in offline; plus the inactivity timer
behind auto-logout.

`authenticate` (and `verify_pin`) are slow on purpose (network, bcrypt cost ≥ 10): the screen
runs them off the GUI thread. A server answer is final: after UNAUTHORIZED or LOGIN_LOCKED
the offline check is never tried. Only bar staff and cashiers may log in offline;
supervisors and admins get no PIN hash from the server and must log in online
(LoginProblem.ONLINE_LOGIN_REQUIRED). PIN policy (DESIGN): bar staff at least 4 digits,
cashiers, supervisors and admins at least 6. After `MAX_ATTEMPTS` wrong PINs in a row the pad
locks for `LOCKOUT_S` seconds (the server locks a person out on every device, too).
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Protocol

import bcrypt

from sync.cash_shift import ServerShift
from sync.config import StaffMember
from sync.errors import UNAUTHORIZED, InvalidInputError
from sync.result import BackendResult

log = logging.getLogger(__name__)

MIN_PIN_LENGTH = 4  # bar staff; the shortest any role has
MIN_PIN_LENGTH_BY_ROLE = {"bar": 4, "cashier": 6, "supervisor": 6, "admin": 6}
MAX_PIN_LENGTH = 8
LOGIN_LOCKED = "LOGIN_LOCKED"
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
    # the server cannot be reached and this person may only log in online (supervisor, admin)
    ONLINE_LOGIN_REQUIRED = "online_login_required"
    # no offline-capable member has this PIN, and some members (supervisors) can only be
    # checked by the server if the screen knows who they are: tap a staff card first
    CHOOSE_STAFF = "choose_staff"
    LOGIN_REFUSED = "login_refused"  # the server refused with another code (see error_code)


def min_pin_length(role: str | None) -> int:
    """The shortest PIN a role may have (DESIGN, Staff); unknown roles: the strictest."""
    if role is None:
        return MIN_PIN_LENGTH
    return MIN_PIN_LENGTH_BY_ROLE.get(role, 6)


class StaffLoginPort(Protocol):
    """What authenticate needs from sync (KioskSync has it)."""

    def staff_login(self, staff_id: str, pin: str) -> BackendResult: ...


@dataclass(frozen=True)
class LoginOutcome:
    """What a login attempt came to: a `member` (logged in) or a `problem`."""

    member: StaffMember | None = None
    verified_by_server: bool = False  # False: checked offline against the cached hash
    session_id: str | None = None  # the server's staff session (for staff_logout)
    expires_at: str | None = None
    problem: LoginProblem | None = None
    retry_after_s: float | None = None  # LOCKED by the server: for how long
    error_code: str | None = None  # LOGIN_REFUSED: the server's code
    # the server's open cash shift of this person on this device (sp_staff_login's
    # "open_cash_shift"); None: none, or not told (an offline login)
    open_cash_shift: ServerShift | None = None


def authenticate(sync: StaffLoginPort, command: VerifyPin) -> LoginOutcome:
    """Check a PIN: find who it is (the one selected, else the offline-capable member whose
    hash matches), then ask the server; only if the server cannot be asked, accept the
    offline check for bar staff and cashiers. Slow: call it off the GUI thread."""
    candidates, pin = command.candidates, command.pin
    if len(candidates) == 1:
        member: StaffMember | None = candidates[0]
        matched_offline: bool | None = None  # not checked yet
    else:
        member = verify_pin([c for c in candidates if c.pin_hash], pin)
        matched_offline = member is not None
        if member is None:
            needs_server = any(not c.pin_hash for c in candidates)
            return LoginOutcome(problem=LoginProblem.CHOOSE_STAFF if needs_server else LoginProblem.WRONG_PIN)
    assert member is not None
    if len(pin) < min_pin_length(member.role):
        return LoginOutcome(problem=LoginProblem.PIN_TOO_SHORT)
    try:
        result = sync.staff_login(member.staff_id, pin)
    except InvalidInputError:
        return LoginOutcome(problem=LoginProblem.WRONG_PIN)
    if result.ok:
        data = result.data
        name, role = data.get("name"), data.get("role")
        name = name if isinstance(name, str) else member.name
        role = role if isinstance(role, str) else member.role
        expires = data.get("expires_at")
        return LoginOutcome(
            member=replace(member, name=name, role=role),
            verified_by_server=True,
            session_id=str(data["session_id"]),
            expires_at=expires if isinstance(expires, str) else None,
            open_cash_shift=ServerShift.from_json(data.get("open_cash_shift")),
        )
    if not result.retryable:  # the server said no: final
        if result.error_code == LOGIN_LOCKED:
            retry = result.data.get("retry_after_s")
            seconds = float(retry) if isinstance(retry, int | float) and not isinstance(retry, bool) else None
            return LoginOutcome(problem=LoginProblem.LOCKED, retry_after_s=seconds, error_code=LOGIN_LOCKED)
        if result.error_code == UNAUTHORIZED:
            return LoginOutcome(problem=LoginProblem.WRONG_PIN, error_code=UNAUTHORIZED)
        return LoginOutcome(problem=LoginProblem.LOGIN_REFUSED, error_code=result.error_code)
    # the server could not be asked: the offline check, where the role allows it
    if not member.may_log_in_offline:
        return LoginOutcome(problem=LoginProblem.ONLINE_LOGIN_REQUIRED)
    if matched_offline is None:
        matched_offline = pin_matches(member.pin_hash, pin)
    if not matched_offline:
        return LoginOutcome(problem=LoginProblem.WRONG_PIN)
    return LoginOutcome(member=member, verified_by_server=False)


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
        self.last_login: LoginOutcome | None = None  # the last successful login (session id)

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

    def online_only_staff(self) -> tuple[StaffMember, ...]:
        """The members only the server can check (no PIN hash here: supervisors, admins):
        after CHOOSE_STAFF the screen offers them by name, for a kiosk without staff cards."""
        return tuple(m for m in self.staff if not m.pin_hash)

    def choose(self, staff_id: str) -> StaffMember | None:
        """Select a staff member by a touch on their name, as tapping their card would."""
        if self._verifying:
            return None
        member = next((m for m in self.staff if m.staff_id == staff_id), None)
        if member is not None:
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
        shortest = min_pin_length(self.selected.role) if self.selected is not None else MIN_PIN_LENGTH
        if len(self.pin) < shortest:
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

    def authenticated(self, outcome: LoginOutcome) -> StaffMember | None:
        """The outcome of `authenticate(sync, VerifyPin)`. Returns the logged-in member, or
        None with `problem` set. The server's lock-out is taken over as it says; a
        supervisor who must log in online has not typed a wrong PIN, so no failure counts."""
        self.last_login = outcome if outcome.member is not None else None
        if outcome.member is not None:
            return self.verified(outcome.member)
        self._verifying = False
        self.pin = ""
        problem = outcome.problem or LoginProblem.WRONG_PIN
        if problem is LoginProblem.LOCKED:
            self._locked_until = self._clock() + (outcome.retry_after_s or self.lockout_s)
            self.problem = problem
            return None
        if problem in _NOT_A_WRONG_PIN:
            self.problem = problem
            return None
        self.verified(None)  # a wrong PIN: counts towards the local lock-out
        if self.problem is LoginProblem.WRONG_PIN:
            self.problem = problem  # keep CHOOSE_STAFF's advice
        return None

    @property
    def attempts_left(self) -> int:
        return max(0, self.max_attempts - self.failures)


_NOT_A_WRONG_PIN = (
    LoginProblem.ONLINE_LOGIN_REQUIRED,
    LoginProblem.PIN_TOO_SHORT,
    LoginProblem.LOGIN_REFUSED,
)


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
