"""Staff login: PIN checked offline against bcrypt hashes, staff card then PIN, lockout,
inactivity timer."""

from __future__ import annotations

import bcrypt

from kiosk.controllers.login import (
    InactivityTimer,
    LoginController,
    LoginProblem,
    LoginState,
    VerifyPin,
    pin_matches,
    verify_pin,
)
from tests.ui.fakes import STAFF_CARD_UID, FakeClock, make_config

STAFF = make_config().staff


def login_with(c: LoginController, pin: str):
    for d in pin:
        c.press_digit(d)
    command = c.submit()
    if not isinstance(command, VerifyPin):
        return command
    return c.verified(verify_pin(command.candidates, command.pin))


def test_correct_pin_finds_the_staff_member():
    c = LoginController(STAFF)
    member = login_with(c, "1234")
    assert member.staff_id == "staff-bar-1"
    assert c.pin == "" and c.failures == 0


def test_wrong_pin_counts_a_failure():
    c = LoginController(STAFF)
    assert login_with(c, "0000") is None
    assert c.problem is LoginProblem.WRONG_PIN and c.attempts_left == 4


def test_short_pin_is_not_checked():
    c = LoginController(STAFF)
    assert login_with(c, "12") is LoginProblem.PIN_TOO_SHORT


def test_staff_card_then_pin_checks_only_that_member():
    c = LoginController(STAFF)
    assert c.tap(STAFF_CARD_UID).staff_id == "staff-bar-1"
    for d in "9999":
        c.press_digit(d)
    command = c.submit()
    assert [m.staff_id for m in command.candidates] == ["staff-bar-1"]
    assert c.verified(verify_pin(command.candidates, command.pin)) is None  # the supervisor's PIN


def test_a_card_that_is_not_staff_is_refused():
    c = LoginController(STAFF)
    assert c.tap("04DE0000000001") is None
    assert c.problem is LoginProblem.NOT_A_STAFF_CARD


def test_five_wrong_pins_lock_the_pad_until_the_lockout_ends():
    clock = FakeClock()
    c = LoginController(STAFF, clock, max_attempts=5, lockout_s=30)
    for _ in range(5):
        login_with(c, "0000")
    assert c.state is LoginState.LOCKED
    assert not c.press_digit("1")
    assert c.submit() is LoginProblem.LOCKED
    clock.advance(31)
    assert c.state is LoginState.ENTER_PIN
    assert login_with(c, "1234").staff_id == "staff-bar-1"


def test_no_input_while_verifying():
    c = LoginController(STAFF)
    for d in "1234":
        c.press_digit(d)
    c.submit()
    assert c.state is LoginState.VERIFYING
    assert not c.press_digit("5")
    assert c.submit() is LoginProblem.BUSY


def test_malformed_or_foreign_hashes_never_match():
    assert not pin_matches("not-a-hash", "1234")
    assert not pin_matches("$argon2id$v=19$m=65536,t=3,p=4$abc$def", "1234")
    assert not pin_matches("$2b$04$short", "1234")
    assert not pin_matches("", "1234")


def test_real_cost_bcrypt_hash_verifies():
    hashed = bcrypt.hashpw(b"4321", bcrypt.gensalt(rounds=10)).decode()
    assert pin_matches(hashed, "4321") and not pin_matches(hashed, "4322")


def test_inactivity_timer_expires_after_timeout_and_touch_resets():
    clock = FakeClock()
    timer = InactivityTimer(300, clock)
    clock.advance(299)
    assert not timer.expired()
    timer.touch()
    clock.advance(299)
    assert not timer.expired()
    clock.advance(1)
    assert timer.expired()


def test_inactivity_timeout_zero_never_expires():
    clock = FakeClock()
    timer = InactivityTimer(0, clock)
    clock.advance(10**6)
    assert not timer.expired()
