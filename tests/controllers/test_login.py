"""Staff login: PIN checked by the server when it can be reached, else offline against bcrypt
hashes for bar staff and cashiers only; staff card then PIN, PIN policy, lockout (local and
the server's), inactivity timer."""

from __future__ import annotations

import bcrypt

from kiosk.controllers.login import (
    InactivityTimer,
    LoginController,
    LoginOutcome,
    LoginProblem,
    LoginState,
    VerifyPin,
    authenticate,
    min_pin_length,
    pin_matches,
    verify_pin,
)
from sync.result import BackendResult
from tests.ui.fakes import STAFF_CARD_UID, STAFF_PINS, SUPERVISOR_CARD_UID, FakeClock, FakeSync, make_config

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


# -- logging in through the server (authenticate) -----------------------------------------------


SERVER_STAFF = make_config(server_hashes=True, pins=STAFF_PINS)


def server_login(c: LoginController, sync: FakeSync, pin: str, card: str | None = None):
    if card is not None:
        c.tap(card)
    for d in pin:
        c.press_digit(d)
    command = c.submit()
    if not isinstance(command, VerifyPin):
        return command
    return c.authenticated(authenticate(sync, command))


def test_online_the_server_checks_the_pin_and_opens_a_session():
    sync = FakeSync(config=SERVER_STAFF)
    c = LoginController(SERVER_STAFF.staff)
    member = server_login(c, sync, STAFF_PINS["staff-bar-1"])
    assert member.staff_id == "staff-bar-1"
    assert c.last_login.verified_by_server and c.last_login.session_id in sync.sessions
    assert [call.name for call in sync.calls] == ["staff_login"]


def test_a_supervisor_logs_in_online_with_a_staff_card_and_a_six_digit_pin():
    sync = FakeSync(config=SERVER_STAFF)
    c = LoginController(SERVER_STAFF.staff)
    assert server_login(c, sync, "9999", SUPERVISOR_CARD_UID) is LoginProblem.PIN_TOO_SHORT
    member = server_login(c, sync, STAFF_PINS["staff-super-1"], SUPERVISOR_CARD_UID)
    assert member.role == "supervisor" and c.last_login.verified_by_server


def test_offline_bar_staff_fall_back_to_the_cached_hash():
    sync = FakeSync(config=SERVER_STAFF, online=False)
    c = LoginController(SERVER_STAFF.staff)
    member = server_login(c, sync, STAFF_PINS["staff-bar-1"])
    assert member.staff_id == "staff-bar-1" and not c.last_login.verified_by_server
    assert c.last_login.session_id is None


def test_offline_a_supervisor_is_told_to_log_in_online_and_no_failure_counts():
    sync = FakeSync(config=SERVER_STAFF, online=False)
    c = LoginController(SERVER_STAFF.staff)
    assert server_login(c, sync, STAFF_PINS["staff-super-1"], SUPERVISOR_CARD_UID) is None
    assert c.problem is LoginProblem.ONLINE_LOGIN_REQUIRED and c.failures == 0


def test_offline_a_supervisor_pin_without_a_staff_card_asks_who_it_is():
    sync = FakeSync(config=SERVER_STAFF, online=False)
    c = LoginController(SERVER_STAFF.staff)
    assert server_login(c, sync, STAFF_PINS["staff-super-1"]) is None
    assert c.problem is LoginProblem.CHOOSE_STAFF


def test_a_wrong_pin_answered_by_the_server_never_falls_back_to_the_offline_check():
    """The cached hash still holds the old PIN; the server knows the new one and says no."""
    sync = FakeSync(config=SERVER_STAFF)
    sync.staff_pins["staff-bar-1"] = "8888"  # changed on the server since the config was cached
    c = LoginController(SERVER_STAFF.staff)
    assert server_login(c, sync, STAFF_PINS["staff-bar-1"]) is None
    assert c.problem is LoginProblem.WRONG_PIN and c.failures == 1 and c.last_login is None


def test_the_servers_lock_out_is_final_and_taken_over_with_its_duration():
    clock = FakeClock()
    sync = FakeSync(config=SERVER_STAFF)
    sync.login_failures["staff-bar-1"] = 5
    c = LoginController(SERVER_STAFF.staff, clock=clock)
    assert server_login(c, sync, STAFF_PINS["staff-bar-1"]) is None
    assert c.problem is LoginProblem.LOCKED and c.state is LoginState.LOCKED
    assert c.locked_remaining_s() == 600
    clock.advance(601)
    assert c.state is LoginState.ENTER_PIN


def test_another_refusal_code_is_reported_as_such():
    class Refusing(FakeSync):
        def staff_login(self, staff_id, pin):
            return BackendResult.failure("INVALID_REQUEST", "bad", data={"success": False})

    c = LoginController(SERVER_STAFF.staff)
    assert server_login(c, Refusing(config=SERVER_STAFF), STAFF_PINS["staff-bar-1"]) is None
    assert c.problem is LoginProblem.LOGIN_REFUSED and c.failures == 0


def test_pin_policy_per_role():
    assert [min_pin_length(r) for r in ("bar", "cashier", "supervisor", "admin", None)] == [4, 6, 6, 6, 4]
    cashier = make_config("checkpoint", server_hashes=True, pins=STAFF_PINS)
    sync = FakeSync(config=cashier)
    outcome = authenticate(sync, VerifyPin((cashier.staff_member("staff-cashier-1"),), "2345"))
    assert outcome == LoginOutcome(problem=LoginProblem.PIN_TOO_SHORT)
    assert sync.calls == []  # a PIN below the policy is not even sent


def test_without_a_staff_card_a_supervisor_chooses_their_name_then_logs_in():
    """Seen in the real demo window: the demo supervisor has no staff card, and "tap your
    staff card first" left no way in. After CHOOSE_STAFF the members only the server checks
    are offered by name; choosing one selects them as a card tap would."""
    sync = FakeSync(config=SERVER_STAFF)
    c = LoginController(SERVER_STAFF.staff)
    assert server_login(c, sync, STAFF_PINS["staff-super-1"]) is None
    assert c.problem is LoginProblem.CHOOSE_STAFF
    offered = [m.staff_id for m in c.online_only_staff()]
    assert "staff-super-1" in offered and "staff-bar-1" not in offered
    assert c.choose("staff-super-1").staff_id == "staff-super-1"
    assert c.choose("nobody") is None and c.selected.staff_id == "staff-super-1"
    member = server_login(c, sync, STAFF_PINS["staff-super-1"])
    assert member.role == "supervisor" and c.last_login.verified_by_server
