"""The app entry: demo settings, the Launcher reaching a ready kiosk (real PostgreSQL, and the
real embedded demo server), a calm startup failure, and command-line error handling."""

from __future__ import annotations

import argparse
import shutil
import socket
import tempfile
from pathlib import Path

import psycopg
import pytest

from kiosk.app import DEMO_DEVICES, Launcher, demo_settings, run
from kiosk.main import build_parser
from kiosk.settings import Settings
from kiosk.ui.bar_screen import BarScreen
from kiosk.ui.checkpoint_screen import CheckpointScreen


@pytest.fixture(scope="module")
def demo_dir():
    # Shared by the bar and checkpoint demos: the second start reuses the server's data, like a
    # real second start. Not under pytest's 0700 tmp dir: the server's user must reach it.
    path = Path(tempfile.mkdtemp(prefix="festival-ui-demo-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def start_and_wait(qtbot, launcher: Launcher, timeout_ms: int):
    """Start the launcher; return the Kiosk, or fail at once with the reason it gave."""
    outcome: list = []
    launcher.ready.connect(lambda kiosk: outcome.append(("ready", kiosk)))
    launcher.failed.connect(lambda message: outcome.append(("failed", message)))
    launcher.start()
    qtbot.waitUntil(lambda: bool(outcome), timeout=timeout_ms)
    kind, value = outcome[0]
    assert kind == "ready", f"the kiosk did not start: {value}"
    return value


@pytest.fixture
def launchers():
    made: list[Launcher] = []
    yield made
    for launcher in made:
        launcher.shutdown()
        launcher.startup.close()


def test_demo_settings_name_the_demo_devices_and_keep_the_outbox_in_the_demo_dir(tmp_path):
    bar = demo_settings("bar", tmp_path)
    checkpoint = demo_settings("checkpoint", tmp_path)
    assert (bar.device_id, bar.reader, bar.backend_url) == ("kiosk-bar-1", "sim", "embedded-demo")
    assert checkpoint.device_id == "kiosk-checkpoint-1"
    assert bar.resolved_outbox_path().parent == tmp_path
    assert DEMO_DEVICES["checkpoint"][1] == "staff-cashier-1"


def test_command_line_accepts_demo_role_and_demo_dir():
    args = build_parser().parse_args(["--demo", "--role", "checkpoint", "--demo-dir", "/tmp/x"])
    assert (args.demo, args.role, args.demo_dir) == (True, "checkpoint", "/tmp/x")


def test_configured_kiosk_starts_on_the_login_screen(qtbot, kiosk_url, tmp_path, launchers):
    settings = Settings(backend_url=kiosk_url, device_id="kiosk-bar-1", reader="sim", mute=True,
                        outbox_path=str(tmp_path / "outbox.sqlite3"))
    launcher = Launcher(settings)
    launchers.append(launcher)
    window = start_and_wait(qtbot, launcher, 20_000).window
    assert window.current_screen() is window.login_screen
    assert isinstance(window.main_screen, BarScreen)
    assert {m.staff_id for m in window.config.staff} >= {"staff-bar-1", "staff-super-1"}


def test_unreachable_backend_without_saved_config_fails_calmly(qtbot, tmp_path, launchers):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed once we leave: nothing listens there
    settings = Settings(backend_url=f"postgresql://kiosk@127.0.0.1:{port}/festival", device_id="kiosk-bar-1",
                        request_timeout_s=0.3, outbox_path=str(tmp_path / "outbox.sqlite3"))
    launcher = Launcher(settings)
    launchers.append(launcher)
    with qtbot.waitSignal(launcher.failed, timeout=20_000) as failed:
        launcher.start()
    assert "no saved configuration" in failed.args[0]
    assert launcher.startup.retry_button.isVisible()
    assert "cannot start yet" in launcher.startup.message.text()


def test_bad_configuration_file_is_a_clear_error_not_a_crash(tmp_path, capsys):
    config = tmp_path / "config.toml"
    config.write_text('device_id = "has space"\n')
    args = argparse.Namespace(demo=False, config=str(config), kiosk_mode=False, demo_dir=None)
    assert run(args) == 2
    assert "device_id" in capsys.readouterr().err


@pytest.mark.parametrize(("role", "screen_class"), [("bar", BarScreen), ("checkpoint", CheckpointScreen)])
def test_demo_mode_end_to_end(qtbot, demo_dir, launchers, role, screen_class):
    """--demo: embedded PostgreSQL, migrations, demo data, simulated reader, staff logged in."""
    settings = demo_settings(role, demo_dir).replace(mute=True)
    launcher = Launcher(settings, login_staff_id=DEMO_DEVICES[role][1], embedded_dir=demo_dir / "pg")
    launchers.append(launcher)
    kiosk = start_and_wait(qtbot, launcher, 120_000)
    window = kiosk.window
    if role == "checkpoint":  # the cashier's cash shift starts with the opening float
        flow = window.cash_flow
        qtbot.waitUntil(lambda: window.current_screen() is flow.float_screen, timeout=10_000)
        flow.float_screen.quick_amount(10000)
        flow.float_screen.confirm()
        qtbot.waitUntil(lambda: window.current_screen() is window.main_screen, timeout=10_000)
    assert isinstance(window.current_screen(), screen_class)
    assert window.staff.staff_id == DEMO_DEVICES[role][1]
    assert window.sim_dock is not None and window.sim_dock.isVisible()
    screen = window.main_screen
    if role == "bar":
        screen.add_product("beer")
        screen.charge()
        with qtbot.waitSignal(screen.result_shown, timeout=10_000):
            kiosk.reader.present("04DE0000000005")
        assert screen.overlay.figure.text() == "New balance €15.00"
        with psycopg.connect(kiosk.backstage.server.admin_url) as conn:
            row = conn.execute("SELECT balance_cents FROM cards WHERE card_uid = '04DE0000000005'").fetchone()
        assert row == (1500,)
    else:
        qtbot.waitUntil(lambda: screen.shift_label.text() == "Drawer €100.00", timeout=10_000)
        kiosk.reader.present("04DE0000000006")
        qtbot.waitUntil(lambda: screen.balance_label.text() == "€20.00", timeout=10_000)
