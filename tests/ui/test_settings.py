"""kiosk.settings: the typed declaration, TOML round trip, defaults left out, clear errors."""

from __future__ import annotations

import logging
import stat
import tomllib
from pathlib import Path

import pytest

from kiosk.settings import (
    CONFIG_ENV_VAR,
    EMBEDDED_DEMO,
    SETTINGS_SPEC,
    Settings,
    SettingsError,
    backend_kind,
    default_config_path,
    load_settings,
    resolve_config_path,
    save_settings,
    settings_from_dict,
)


def test_every_setting_declares_key_default_type_and_description():
    keys = [spec.key for spec in SETTINGS_SPEC]
    assert "backend_url" in keys and "debounce_s" in keys and "outbox_path" in keys
    for spec in SETTINGS_SPEC:
        assert spec.type in (str, int, float, bool)
        assert isinstance(spec.default, spec.type)
        assert len(spec.description) > 10
    assert Settings() == Settings(**{s.key: s.default for s in SETTINGS_SPEC})


def test_round_trip_keeps_every_value(tmp_path: Path):
    settings = Settings(
        backend_url="postgresql://kiosk:secret@db.example/fest?sslmode=require",
        device_id="kiosk-bar-1",
        reader="tty:USB0:pn532",
        debounce_s=2,
        auto_logout_s=60,
        mute=True,
        offline_card_recharge=True,
        outbox_path=str(tmp_path / "o.sqlite3"),
    )
    path = save_settings(settings, tmp_path / "sub" / "config.toml")
    assert load_settings(path) == settings
    assert isinstance(load_settings(path).debounce_s, float)


def test_only_values_that_differ_from_defaults_are_written(tmp_path: Path):
    path = save_settings(Settings(device_id="kiosk-bar-1", mute=True), tmp_path / "c.toml")
    assert tomllib.loads(path.read_text()) == {"device_id": "kiosk-bar-1", "mute": True}


def test_saved_file_is_private_because_it_may_hold_a_password(tmp_path: Path):
    path = save_settings(Settings(backend_url="postgresql://u:pw@h/db?sslmode=require"), tmp_path / "c.toml")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_missing_file_means_not_configured(tmp_path: Path):
    assert load_settings(tmp_path / "nope.toml") is None


def test_wrong_type_names_the_key(tmp_path: Path):
    path = tmp_path / "c.toml"
    path.write_text('debounce_s = "fast"\n')
    with pytest.raises(SettingsError, match=r"debounce_s: expected a number, got str 'fast'"):
        load_settings(path)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"mute": 1}, "mute: expected true or false"),
        ({"auto_logout_s": 1.5}, "auto_logout_s: expected a whole number"),
        ({"auto_logout_s": True}, "auto_logout_s: expected a whole number"),
        ({"device_id": 7}, "device_id: expected text"),
        ({"font_scale": 9.0}, "font_scale: 9.0 is above the maximum 3"),
        ({"request_timeout_s": 0}, "request_timeout_s: 0.0 is below the minimum 0.1"),
        ({"device_id": "kiosk bar"}, "must not contain spaces"),
        ({"reader": ""}, "reader"),
        ({"reader": "usb:zz"}, "reader: 'usb:zz' is not a reader spec"),
        ({"reader": "udp:host:99999"}, "reader: .*udp port"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(values, message):
    with pytest.raises(SettingsError, match=message):
        settings_from_dict(values)


@pytest.mark.parametrize(
    "url", ["ftp://host/x", "kiosk-bar-1", "https://", "postgresql://h:notaport/db", "host=db"]
)
def test_bad_backend_url_is_refused(url):
    with pytest.raises(SettingsError, match="backend_url"):
        Settings(backend_url=url)


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        (EMBEDDED_DEMO, "embedded"),
        ("postgresql://u@h/db?sslmode=require", "postgres"),
        ("postgres:///db?host=/tmp", "postgres"),
        ("https://api.example/rpc", "rest"),
        ("http://127.0.0.1:8000", "rest"),
    ],
)
def test_good_backend_urls_and_their_kind(url, kind):
    assert backend_kind(Settings(backend_url=url).backend_url) == kind


def test_unknown_key_is_a_warning_when_loading_and_an_error_when_strict(tmp_path, caplog):
    path = tmp_path / "c.toml"
    path.write_text('device_id = "k1"\ndebounce = 2.0\n')
    with caplog.at_level(logging.WARNING):
        assert load_settings(path) == Settings(device_id="k1")
    assert "did you mean 'debounce_s'" in caplog.text
    with pytest.raises(SettingsError, match="unknown setting 'debounce'"):
        load_settings(path, strict=True)


def test_broken_toml_is_a_settings_error_naming_the_file(tmp_path: Path):
    path = tmp_path / "c.toml"
    path.write_text("device_id = \n")
    with pytest.raises(SettingsError, match=r"c\.toml is not valid TOML"):
        load_settings(path)


def test_config_path_from_cli_then_environment_then_platformdirs(tmp_path, monkeypatch):
    monkeypatch.delenv(CONFIG_ENV_VAR, raising=False)
    assert default_config_path().name == "config.toml"
    assert "festival-kiosk" in str(default_config_path())
    monkeypatch.setenv(CONFIG_ENV_VAR, str(tmp_path / "env.toml"))
    assert default_config_path() == tmp_path / "env.toml"
    assert resolve_config_path(None) == tmp_path / "env.toml"
    assert resolve_config_path(str(tmp_path / "cli.toml")) == tmp_path / "cli.toml"


def test_replace_validates_and_refuses_unknown_keys():
    base = Settings(device_id="k1")
    assert base.replace(mute=True).mute is True
    with pytest.raises(SettingsError, match="unknown setting 'volume'"):
        base.replace(volume=3)
    with pytest.raises(SettingsError, match="debounce_s"):
        base.replace(debounce_s=-1)


def test_outbox_path_defaults_under_user_data_dir(tmp_path):
    assert Settings().resolved_outbox_path().name == "outbox.sqlite3"
    assert Settings(outbox_path=str(tmp_path / "x.db")).resolved_outbox_path() == tmp_path / "x.db"


def test_is_configured_needs_backend_and_device():
    assert not Settings().is_configured
    assert not Settings(backend_url=EMBEDDED_DEMO).is_configured
    assert Settings(backend_url=EMBEDDED_DEMO, device_id="kiosk-bar-1").is_configured
