"""festival-kiosk --provision FILE: one file for many kiosks, validated, backend asked, written."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import pytest

from kiosk.device_check import CheckStatus, DeviceCheck
from kiosk.main import main as kiosk_main
from kiosk.provision import (
    EXIT_BACKEND,
    EXIT_BAD_FILE,
    ProvisionError,
    provision_from_file,
    provision_main,
)
from kiosk.settings import Settings, load_settings

FESTIVAL_FILE = """
backend_url = "{url}"
reader = "usb"
request_timeout_s = 2.5

[provision]
test_connection = {test}

[kiosks.bar-pc-01]
device_id = "kiosk-bar-1"

[kiosks.gate-pc-02]
device_id = "kiosk-checkpoint-1"
reader = "wedge"
"""


@pytest.fixture(scope="session")
def sync_backend():
    """The backend clients (sync/) and demo seed are built in parallel; until then: skip."""
    pytest.importorskip("sql.demo")
    return pytest.importorskip("sync.backend")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "festival.toml"
    path.write_text(text)
    return path


def offline_file(tmp_path: Path) -> Path:
    return write(tmp_path, FESTIVAL_FILE.format(url="postgresql://k@db/fest?sslmode=require", test="false"))


def test_table_chosen_by_host_name_merges_with_shared_settings(tmp_path):
    result = provision_from_file(
        offline_file(tmp_path), config_path=tmp_path / "c.toml", hostnames=("gate-pc-02",)
    )
    assert result.kiosk_name == "gate-pc-02"
    assert load_settings(tmp_path / "c.toml") == Settings(
        backend_url="postgresql://k@db/fest?sslmode=require",
        reader="wedge",
        request_timeout_s=2.5,
        device_id="kiosk-checkpoint-1",
    )


@pytest.mark.parametrize("device", ["bar-pc-01", "kiosk-bar-1"])
def test_device_option_picks_a_table_by_name_or_device_id(tmp_path, device):
    result = provision_from_file(
        offline_file(tmp_path), config_path=tmp_path / "c.toml", device=device,
        hostnames=("elsewhere",),
    )
    assert result.settings.device_id == "kiosk-bar-1"
    assert result.settings.reader == "usb"


def test_unknown_machine_lists_the_tables_and_writes_nothing(tmp_path):
    with pytest.raises(ProvisionError, match="bar-pc-01, gate-pc-02") as info:
        provision_from_file(
            offline_file(tmp_path), config_path=tmp_path / "c.toml", hostnames=("laptop",)
        )
    assert info.value.exit_code == EXIT_BAD_FILE
    assert not (tmp_path / "c.toml").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('backend_url = "ftp://x"\ndevice_id = "k"\n', "backend_url"),
        ('backend_url = "postgresql://h/db?sslmode=require"\n', "device_id is missing"),
        ('device_id = "k"\n', "backend_url is missing"),
        ('backend_url = "postgresql://h/db?sslmode=require"\ndevice_id = "k"\nmute = "yes"\n',
         "mute: expected true or false"),
        ('backend_url = "postgresql://h/db?sslmode=require"\ndevice_id = "k"\nreadr = "usb"\n',
         "did you mean 'reader'"),
        ('backend_url = "postgresql://h/db?sslmode=require"\ndevice_id = "k"\n[provision]\ntest = 1\n',
         "unknown option provision.test"),
        ('backend_url = \n', "not valid TOML"),
        ('kiosks = 3\n', "kiosks must hold"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(tmp_path, text, message):
    with pytest.raises(ProvisionError, match=message):
        provision_from_file(write(tmp_path, text), config_path=tmp_path / "c.toml",
                            test_connection=False)
    assert not (tmp_path / "c.toml").exists()


def test_single_kiosk_file_takes_device_from_option(tmp_path):
    path = write(tmp_path, 'backend_url = "https://api.example/rpc"\nbackend_api_key = "k3y"\n')
    result = provision_from_file(path, config_path=tmp_path / "c.toml", device="kiosk-bar-1",
                                 test_connection=False)
    assert result.settings.device_id == "kiosk-bar-1"
    assert result.settings.backend_api_key == "k3y"


def test_previous_config_is_kept_as_backup(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text('device_id = "old"\n')
    result = provision_from_file(offline_file(tmp_path), config_path=config, device="bar-pc-01")
    assert result.backup.read_text() == 'device_id = "old"\n'
    assert tomllib.loads(config.read_text())["device_id"] == "kiosk-bar-1"


def test_refusal_from_the_connection_test_writes_nothing_and_exits_3(tmp_path):
    def refuse(url, key, device_id):
        return DeviceCheck(CheckStatus.DEVICE_REFUSED, "UNAUTHORIZED", device_id=device_id)

    with pytest.raises(ProvisionError, match="does not accept") as info:
        provision_from_file(offline_file(tmp_path), config_path=tmp_path / "c.toml",
                            device="bar-pc-01", test_connection=True, check=refuse)
    assert info.value.exit_code == EXIT_BACKEND
    assert not (tmp_path / "c.toml").exists()


def test_provision_against_the_real_backend_writes_config_with_role(sync_backend, tmp_path,
                                                                   checkpoint_url):
    path = write(tmp_path, FESTIVAL_FILE.format(url=checkpoint_url, test="true"))
    out = io.StringIO()
    code = provision_main(str(path), tmp_path / "c.toml", device="gate-pc-02", out=out)
    assert code == 0, out.getvalue()
    assert "kiosk-checkpoint-1 (checkpoint at checkpoint-1)" in out.getvalue()
    assert load_settings(tmp_path / "c.toml").device_id == "kiosk-checkpoint-1"


def test_unknown_device_is_refused_by_the_real_backend(sync_backend, tmp_path, kiosk_url):
    path = write(tmp_path, f'backend_url = "{kiosk_url}"\ndevice_id = "kiosk-nope"\n')
    err = io.StringIO()
    code = provision_main(str(path), tmp_path / "c.toml", err=err)
    assert code == EXIT_BACKEND
    assert "UNAUTHORIZED" in err.getvalue() or "does not accept" in err.getvalue()
    assert not (tmp_path / "c.toml").exists()


def test_unreachable_backend_exits_3(tmp_path, sync_backend):
    path = write(tmp_path, 'backend_url = "postgresql://k@127.0.0.1:1/x"\ndevice_id = "k1"\n')
    err = io.StringIO()
    assert provision_main(str(path), tmp_path / "c.toml", err=err) == EXIT_BACKEND
    assert "Cannot reach the backend" in err.getvalue()


def test_command_line_dispatches_provision(tmp_path, capsys):
    code = kiosk_main(["--provision", str(offline_file(tmp_path)), "--config",
                       str(tmp_path / "c.toml"), "--device", "bar-pc-01"])
    assert code == 0
    assert "for device kiosk-bar-1 (backend not contacted)" in capsys.readouterr().out
    assert load_settings(tmp_path / "c.toml").device_id == "kiosk-bar-1"


def test_command_line_missing_file_exits_2(tmp_path, capsys):
    code = kiosk_main(["--provision", str(tmp_path / "none.toml"), "--config",
                       str(tmp_path / "c.toml")])
    assert code == EXIT_BAD_FILE
    assert "cannot read" in capsys.readouterr().err


def test_the_documented_example_file_is_valid(tmp_path):
    example = Path(__file__).resolve().parents[2] / "docs" / "provision-example.toml"
    result = provision_from_file(example, config_path=tmp_path / "c.toml", device="gate-pc-02",
                                 test_connection=False)
    assert (result.settings.device_id, result.settings.reader) == ("kiosk-checkpoint-1", "wedge")
    assert result.settings.kiosk_mode


def test_backup_of_a_config_with_a_password_is_private(tmp_path):
    """Issue 11 item 14: config.toml.bak was written 0644 while it may hold a password."""
    config = tmp_path / "c.toml"
    config.write_text('backend_url = "postgresql://k:SECRET@db/x"\n')
    (tmp_path / "c.toml.bak").write_text("older\n")
    (tmp_path / "c.toml.bak").chmod(0o644)
    result = provision_from_file(offline_file(tmp_path), config_path=config, device="bar-pc-01")
    assert result.backup.stat().st_mode & 0o777 == 0o600
    assert "SECRET" in result.backup.read_text()


def test_every_bad_key_is_reported_at_once_with_the_file_name(tmp_path):
    """Issue 11 item 14: errors came one per run."""
    path = write(tmp_path, 'request_timeout_s = "soon"\nresult_clear_s = -5\nno_such_key = 1\n')
    with pytest.raises(ProvisionError) as caught:
        provision_from_file(path, config_path=tmp_path / "c.toml", test_connection=False)
    lines = str(caught.value).splitlines()
    assert all(line.startswith(f"{path}: ") for line in lines)
    text = str(caught.value)
    for key in ("request_timeout_s", "result_clear_s", "no_such_key", "backend_url", "device_id"):
        assert key in text, key
    assert not (tmp_path / "c.toml").exists()
