"""Setup wizard controller: backend choice, device check, reader, limits, settings built."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kiosk.controllers.wizard import (
    BackendChoice,
    ProbeBackend,
    Problem,
    QueryDevice,
    WizardController,
    WizardProblem,
)
from kiosk.device_check import DEMO_DEVICE_IDS, CheckStatus, DeviceCheck
from kiosk.settings import EMBEDDED_DEMO, Settings, SettingsError


@dataclass(frozen=True)
class Event:
    currency: str = "EUR"
    max_balance_cents: int = 50000
    offline_card_limit_cents: int = 3000
    offline_device_limit_cents: int = 50000


@dataclass(frozen=True)
class Config:
    """Shaped like sync.config.DeviceConfig (the fields the wizard reads)."""

    device_id: str
    role: str = "bar"
    point_of_sale_id: str | None = "bar-main"
    checkpoint_id: str | None = None
    enabled: bool = True
    event: Event = Event()


def ok_device(device_id="kiosk-bar-1"):
    return DeviceCheck(CheckStatus.DEVICE_OK, None, Config(device_id), device_id)


def checked(c: WizardController, device_id="kiosk-bar-1") -> WizardController:
    c.probe_finished(DeviceCheck(CheckStatus.CONNECTED), "postgresql://x@/db")
    c.set_device_id(device_id)
    c.device_finished(ok_device(device_id))
    return c


def test_fresh_wizard_offers_the_embedded_demo_and_its_devices():
    c = WizardController()
    assert c.choice is BackendChoice.EMBEDDED and c.backend_url == EMBEDDED_DEMO
    assert c.suggested_device_ids() == DEMO_DEVICE_IDS
    assert c.device_id == "kiosk-bar-1"
    assert c.probe_command() == ProbeBackend(BackendChoice.EMBEDDED, "", "")


def test_existing_settings_prefill_the_pages():
    c = WizardController(Settings(backend_url="https://api.example/rpc", backend_api_key="k",
                                  device_id="kiosk-7", reader="usb"))
    assert (c.choice, c.rest_url, c.api_key, c.device_id, c.reader) == (
        BackendChoice.REST, "https://api.example/rpc", "k", "kiosk-7", "usb")
    assert c.suggested_device_ids() == ("kiosk-7",)


@pytest.mark.parametrize(
    ("choice", "url", "key", "code", "value", "detail"),
    [
        (BackendChoice.POSTGRES, "", "", WizardProblem.NO_BACKEND_ADDRESS, "", ""),
        (BackendChoice.POSTGRES, "https://api/rpc", "", WizardProblem.WRONG_SCHEME, "postgresql://", ""),
        (BackendChoice.POSTGRES, "mysql://h/db", "", WizardProblem.BAD_BACKEND_ADDRESS, "", "not usable"),
        (BackendChoice.REST, "https://api.example/rpc", "", WizardProblem.NO_API_KEY, "", ""),
        (BackendChoice.REST, "postgresql://h/db?sslmode=require", "k", WizardProblem.WRONG_SCHEME,
         "https://", ""),
        (BackendChoice.POSTGRES, "postgresql://kiosk@db/fest", "", WizardProblem.BAD_BACKEND_ADDRESS, "",
         "add sslmode=require"),
    ],
)
def test_backend_problems_are_named_before_testing(choice, url, key, code, value, detail):
    c = WizardController()
    c.set_backend(choice, url, key)
    problem = c.backend_problem()
    assert (problem.code, problem.value) == (code, value)
    assert detail in problem.detail
    assert c.probe_command() is None


def test_postgres_url_is_probed_as_given():
    c = WizardController()
    c.set_backend(BackendChoice.POSTGRES, " postgresql://kiosk@db/fest?sslmode=require ", "ignored")
    assert c.backend_problem() is None
    assert c.probe_command() == ProbeBackend(
        BackendChoice.POSTGRES, "postgresql://kiosk@db/fest?sslmode=require", "")


def test_device_check_needs_a_reached_backend_first():
    c = WizardController()
    assert c.device_problem() == Problem(WizardProblem.BACKEND_NOT_TESTED)
    assert c.device_command() is None
    c.probe_finished(DeviceCheck(CheckStatus.CONNECTED), "postgresql://kiosk_demo@/festival?host=/tmp")
    assert c.device_command() == QueryDevice(
        "postgresql://kiosk_demo@/festival?host=/tmp", "", "kiosk-bar-1")


def test_refused_device_blocks_the_page_and_changing_id_forgets_the_check():
    c = WizardController()
    c.probe_finished(DeviceCheck(CheckStatus.CONNECTED), "postgresql://x@/db")
    c.set_device_id("kiosk-nope")
    c.device_finished(DeviceCheck(CheckStatus.DEVICE_REFUSED, "UNAUTHORIZED",
                                  device_id="kiosk-nope"))
    assert not c.device_ok and c.device_config is None
    c.device_finished(ok_device("kiosk-bar-1"))
    assert not c.device_ok  # an answer for another id does not count
    c.set_device_id("kiosk-bar-1")
    assert c.device_check is None


def test_changing_the_backend_forgets_both_checks():
    c = checked(WizardController())
    c.set_backend(BackendChoice.POSTGRES, "postgresql://other/db")
    assert c.probe is None and c.device_check is None and not c.backend_ok


def test_offline_limits_come_from_the_checked_device():
    c = WizardController()
    assert c.event is None
    checked(c)
    assert (c.event.offline_card_limit_cents, c.event.offline_device_limit_cents) == (3000, 50000)


def test_reader_spec_is_validated_and_a_tap_is_remembered():
    c = WizardController()
    c.set_reader("")
    assert c.reader_problem().code is WizardProblem.BAD_READER
    assert "reader" in c.reader_problem().detail
    c.set_reader("usb")
    assert c.reader_problem() is None
    c.tap_seen("04DE0000000001")
    assert c.last_tap_uid == "04DE0000000001"
    c.set_reader("wedge")
    assert c.last_tap_uid is None


def test_build_settings_keeps_other_keys_and_needs_both_checks():
    c = WizardController(Settings(font_scale=1.5, mute=True))
    with pytest.raises(SettingsError, match="checked"):
        c.build_settings()
    checked(c)
    c.set_reader("wedge")
    c.set_offline_recharge(cash=False, card=True)
    s = c.build_settings()
    assert s == Settings(backend_url=EMBEDDED_DEMO, device_id="kiosk-bar-1", reader="wedge",
                         font_scale=1.5, mute=True, offline_cash_recharge=False,
                         offline_card_recharge=True)


def test_demo_device_suggestion_goes_away_with_another_backend_and_comes_back():
    c = WizardController()
    c.set_backend(BackendChoice.POSTGRES, "postgresql://h/db")
    assert c.device_id == ""
    c.set_backend(BackendChoice.EMBEDDED)
    assert c.device_id == "kiosk-bar-1"
    c.set_device_id("kiosk-checkpoint-1")
    c.set_backend(BackendChoice.REST, "https://x/rpc", "k")
    assert c.device_id == ""


def test_a_device_id_from_the_settings_is_kept_whatever_the_backend():
    c = WizardController(Settings(device_id="kiosk-bar-1"))
    c.set_backend(BackendChoice.POSTGRES, "postgresql://h/db")
    assert c.device_id == "kiosk-bar-1"


@pytest.mark.parametrize(
    ("text", "code", "detail"),
    [
        ("backend_url = \n", WizardProblem.NOT_PROVISIONING_FILE, "Invalid value"),
        ('device_id = "k"\n', WizardProblem.PROVISIONING_UNUSABLE, "backend_url is missing"),
        ('backend_url = "embedded-demo"\ndevice_id = "k"\n', WizardProblem.PROVISIONING_NO_SERVER, ""),
    ],
)
def test_an_unusable_provisioning_file_is_a_code_with_the_parsers_detail_and_changes_nothing(
        text, code, detail):
    c = WizardController()
    problem = c.use_provisioning(text)
    assert problem.code is code and detail in problem.detail
    assert c.choice is BackendChoice.EMBEDDED and c.device_id == "kiosk-bar-1"


def test_the_language_chosen_is_saved_with_the_other_settings_and_an_unknown_one_is_refused():
    c = checked(WizardController(Settings(language="fr")))
    assert c.language == "fr"
    assert not c.set_language("xx") and c.language == "fr"
    assert c.set_language("de")
    assert c.build_settings().language == "de"
    assert checked(WizardController()).build_settings().language == ""  # untouched: the system's
