"""Render every screen and setup-wizard page offscreen into docs/screenshots/*.png.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [--out DIR]

Uses the real application: a throwaway PostgreSQL (sql.cluster.TempCluster) is migrated and
seeded with the demo data set, real KioskSync objects talk to it as the kiosk role, and the
real windows are driven the way staff would (log in, build an order, tap simulated cards).
The offline screens use a second KioskSync on the same local store whose backend address
goes nowhere. Nothing here is mocked; the script removes its database when done.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from kiosk.app import WINDOW_SIZE, create_application  # noqa: E402
from kiosk.controllers.supervisor import OutboxView  # noqa: E402
from kiosk.nfc.events import ReaderState, ReaderStatus  # noqa: E402
from kiosk.nfc.simulated import SimulatedReader  # noqa: E402
from kiosk.ops import OpRunner  # noqa: E402
from kiosk.settings import Settings, default_config_path  # noqa: E402
from kiosk.ui.main_window import MainWindow  # noqa: E402
from kiosk.ui.sim_panel import SimulatedReaderPanel  # noqa: E402
from kiosk.ui.supervisor import SupervisorScreen  # noqa: E402
from kiosk.ui.wizard import WIZARD_SIZE, SetupWizard  # noqa: E402
from sql.cluster import TempCluster, free_port  # noqa: E402
from sql.demo import seed_demo  # noqa: E402
from sql.demo_set import BAR_DEVICE_ID, CHECKPOINT_DEVICE_ID, demo_card_uid  # noqa: E402
from sql.devices import enrol_postgres  # noqa: E402
from sql.migrate import apply_migrations  # noqa: E402
from sync.backend import make_backend  # noqa: E402
from sync.service import KioskSync  # noqa: E402

DATABASE = "festival"
KIOSK_LOGIN = "kiosk_screenshots"
BAR, CHECKPOINT = BAR_DEVICE_ID, CHECKPOINT_DEVICE_ID
card = demo_card_uid


def wait_until(condition: Callable[[], bool], timeout_s: float = 15.0, what: str = "") -> None:
    """Run the event loop until `condition()` holds (fails loudly after timeout_s)."""
    app = QApplication.instance()
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what or condition}")
        app.processEvents()
        time.sleep(0.01)


def settle(seconds: float = 0.15) -> None:
    app = QApplication.instance()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


class Shooter:
    """Saves widget grabs as numbered PNGs and remembers what it wrote."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.out.mkdir(parents=True, exist_ok=True)
        self.written: list[Path] = []

    def __call__(self, widget: QWidget, name: str) -> None:
        settle()
        path = self.out / f"{name}.png"
        if not widget.grab().save(str(path)):
            raise RuntimeError(f"could not save {path}")
        self.written.append(path)
        print(f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")

    def with_dialog(self, window: QWidget, dialog: QWidget, name: str) -> None:
        """The window with a dialog on top, centred, as the screen shows it."""
        from PySide6.QtGui import QPainter

        settle()
        picture = window.grab()
        painter = QPainter(picture)
        over = dialog.grab()
        painter.drawPixmap((picture.width() - over.width()) // 2,
                           (picture.height() - over.height()) // 2, over)
        painter.end()
        path = self.out / f"{name}.png"
        if not picture.save(str(path)):
            raise RuntimeError(f"could not save {path}")
        self.written.append(path)
        print(f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def start_database() -> tuple[TempCluster, dict[str, str]]:
    """A throwaway cluster with the demo data; each demo device logs in as itself (its own
    role, enrolled as `festival-admin devices enrol` does), as the backend now requires."""
    cluster = TempCluster().start()
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {DATABASE}")
    admin_url = cluster.url(DATABASE)
    apply_migrations(admin_url)  # creates the group role `kiosk`
    seed_demo(admin_url)
    gc.collect()
    urls = {}
    with psycopg.connect(admin_url) as conn:
        for device_id in (BAR, CHECKPOINT):
            credential = enrol_postgres(conn, device_id)
            urls[device_id] = cluster.url(DATABASE, user=credential.login_role,
                                          password=credential.secret)
        conn.commit()
    return cluster, urls


def make_sync(url: str, store: Path, device_id: str) -> KioskSync:
    sync = KioskSync(make_backend(url, timeout_s=2.0), store, device_id, request_timeout_s=1.0)
    sync.start()
    return sync


def make_window(sync: KioskSync, settings: Settings, ops: OpRunner) -> MainWindow:
    config = sync.refresh_config()
    reader = SimulatedReader()
    window = MainWindow(sync, config, settings, ops=ops, sim_panel=SimulatedReaderPanel(reader))
    window.resize(*WINDOW_SIZE)
    window.show()
    window.on_reader_status(ReaderStatus(ReaderState.CONNECTED, reader.name, "ready"))
    settle(0.3)
    return window


def tap(window: MainWindow, uid: str) -> None:
    """What the reader worker's `tapped` signal does, with a CardTap-like object."""
    window.on_tap(SimpleNamespace(uid=uid, reader="simulated"))


def wait_result(screen: QWidget, what: str) -> None:
    results: list[object] = []
    screen.result_shown.connect(results.append)
    wait_until(lambda: bool(results), what=what)
    screen.result_shown.disconnect(results.append)


def dismiss(screen: QWidget) -> None:
    screen.hide_overlay()
    screen.clear_result(None)
    settle()


def login(window: MainWindow, staff_id: str) -> None:
    window.login(window.config.staff_member(staff_id))
    settle()


def shoot_bar(shoot: Shooter, url: str, work: Path, dead_url: str) -> None:
    store = work / "outbox-bar.sqlite3"
    settings = Settings(backend_url=url, device_id=BAR, reader="sim")
    ops = OpRunner()
    sync = make_sync(url, store, BAR)
    window = make_window(sync, settings, ops)
    for digit in "12":
        window.login_screen.press_digit(digit)
    shoot(window, "01-login")
    window.login_screen.clear()

    login(window, "staff-bar-1")
    bar = window.main_screen
    for product in ("beer", "beer", "soft", "cup-deposit", "cup-deposit"):
        bar.add_product(product)
    shoot(window, "02-bar-order")
    bar.charge()
    shoot(window, "03-bar-armed")
    tap(window, card(1))
    wait_result(bar, "the paid result")
    shoot(window, "04-bar-paid")
    dismiss(bar)

    for product in ("wine", "wine", "wine", "wine"):
        bar.add_product(product)
    bar.charge()
    tap(window, card(81))  # holds €0
    wait_result(bar, "insufficient funds")
    shoot(window, "05-bar-insufficient-funds")
    dismiss(bar)
    bar.clear_order()
    tap(window, card(2))
    wait_result(bar, "the balance check")
    shoot(window, "06-bar-balance")
    dismiss(bar)
    tap(window, card(95))  # blocked
    wait_result(bar, "blocked card")
    shoot(window, "07-bar-card-blocked")
    dismiss(bar)

    # a sale voided by the supervisor, for the outbox and the report
    bar.clear_order()
    bar.add_product("soft")
    bar.charge()
    tap(window, card(3))
    wait_result(bar, "a second sale")
    dismiss(bar)
    voided = sync.outbox_entries(["done"], 1)[0]
    sync.void_request(voided.request_id, "staff-super-1", "Customer changed their mind")
    sync.refresh_cards()
    window.close()
    sync.stop()
    ops.wait_for_done(3000)

    # offline: same store, a backend that is not there
    ops = OpRunner()
    offline_sync = make_sync(dead_url, store, BAR)
    window = make_window(offline_sync, Settings(backend_url=dead_url, device_id=BAR), ops)
    login(window, "staff-bar-1")
    bar = window.main_screen
    for product in ("beer", "water"):
        bar.add_product(product)
    bar.charge()
    tap(window, card(4))
    wait_result(bar, "the offline acceptance")
    shoot(window, "08-bar-offline-accepted")
    dismiss(bar)

    window.logout()
    login(window, "staff-super-1")
    window.show_supervisor_screen()
    screen: SupervisorScreen = window.supervisor_screen
    wait_until(lambda: screen.has_loaded and not screen.is_loading, what="the outbox")
    screen.outbox_tab.show_view(OutboxView.ALL)
    shoot(window, "09-supervisor-outbox")
    screen.tabs.setCurrentIndex(1)
    shoot(window, "10-supervisor-scan-log")
    screen.report_tab.period_combo.setCurrentIndex(screen.report_tab.period_combo.findData(None))
    screen.tabs.setCurrentIndex(2)
    wait_until(lambda: not screen.is_loading and screen.report is not None, what="the report")
    shoot(window, "11-supervisor-shift-report")
    dialog = screen.make_print_dialog([])  # this machine has no printer set up
    dialog.show()
    shoot.with_dialog(window, dialog, "19-supervisor-print")
    dialog.reject()
    window.close()
    offline_sync.stop()
    ops.wait_for_done(3000)


def shoot_checkpoint(shoot: Shooter, url: str, work: Path) -> None:
    settings = Settings(backend_url=url, device_id=CHECKPOINT, reader="sim")
    ops = OpRunner()
    sync = make_sync(url, work / "outbox-checkpoint.sqlite3", CHECKPOINT)
    window = make_window(sync, settings, ops)
    login(window, "staff-cashier-1")
    screen = window.main_screen
    flow = window.cash_flow
    wait_until(lambda: window.current_screen() is flow.float_screen, what="the float screen")
    flow.float_screen.quick_amount(15000)
    shoot(window, "16-cash-float")
    window.resize(1024, 600)
    shoot(window, "16-cash-float-1024x600")
    flow.float_screen.count_mode_button.click()
    for denomination, count in ((5000, 1), (2000, 3), (1000, 3), (500, 2), (200, 5), (100, 5)):
        flow.float_screen.entry.count.add(denomination, count)
    flow.float_screen.refresh()
    shoot(window, "16-cash-float-count-1024x600")
    window.resize(*WINDOW_SIZE)
    flow.float_screen.confirm()
    wait_until(lambda: window.current_screen() is screen and screen.shift_row.isVisible(),
               what="the shift opened")
    shoot(window, "12-checkpoint-idle")
    tap(window, card(5))
    wait_until(lambda: screen.controller.card is not None, what="the card lookup")
    screen.quick_amount(2000)
    screen.choose_method("cash")
    shoot(window, "13-checkpoint-card")
    screen.confirm()
    wait_result(screen, "the recharge")
    shoot(window, "14-checkpoint-recharged")
    dismiss(screen)
    tap(window, card(6))
    wait_until(lambda: screen.controller.card is not None, what="another card")
    screen.quick_amount(5000)
    screen.choose_method("card")
    screen.confirm()
    wait_result(screen, "a card-payment recharge")
    dismiss(screen)
    wait_until(lambda: screen.shift_label.text().startswith("Drawer €185"), what="the drawer cash")

    window.logout()  # with an open shift: the count first
    count = flow.count_screen
    # float 165.00 + cash 20.00 = 185.00 expected; 184.50 counted
    for denomination, pieces in ((10000, 1), (5000, 1), (2000, 1), (1000, 1), (200, 1), (100, 2), (50, 1)):
        count.count.add(denomination, pieces)
    count.refresh()
    shoot(window, "17-cash-count")
    window.resize(1024, 600)
    shoot(window, "17-cash-count-1024x600")
    window.resize(*WINDOW_SIZE)
    count.confirm()
    wait_until(lambda: window.current_screen() is flow.result_screen, what="the close result")
    shoot(window, "18-cash-close-result")
    window.resize(1024, 600)
    shoot(window, "18-cash-close-result-1024x600")
    window.resize(*WINDOW_SIZE)
    flow.result_screen.done_button.click()
    settle()
    login(window, "staff-super-1")
    window.show_supervisor_screen()
    supervisor: SupervisorScreen = window.supervisor_screen
    wait_until(lambda: supervisor.has_loaded and not supervisor.is_loading, what="the outbox")
    supervisor.tabs.setCurrentIndex(2)
    wait_until(lambda: not supervisor.is_loading and supervisor.report is not None,
               what="the report")
    bar = supervisor.report_tab.report_view.verticalScrollBar()
    bar.setValue(bar.maximum())
    shoot(window, "15-supervisor-shift-report-cash-drawer")
    window.close()
    sync.stop()
    ops.wait_for_done(3000)


def shoot_wizard(shoot: Shooter, url: str, work: Path) -> None:
    server = SimpleNamespace(kiosk_url=url, stop=lambda: None)
    # Finish is never pressed: nothing is written to the default configuration path shown
    wizard = SetupWizard(config_path=default_config_path(), start_embedded=lambda: server)
    wizard.resize(*WIZARD_SIZE)  # as on a real screen (the offscreen one is only 800 px wide)
    wizard.show()
    page = wizard.backend_page
    page.test_button.click()
    wait_until(lambda: not page.busy, what="the connection test")
    shoot(wizard, "20-wizard-backend")
    wizard.next()
    device = wizard.device_page
    wait_until(lambda: not device.busy and wizard.controller.device_check is not None,
               what="the device check")
    shoot(wizard, "21-wizard-device")
    wizard.next()
    reader = wizard.reader_page
    reader.start_test()
    reader.sim_panel.card_buttons[0].click()
    wait_until(lambda: wizard.controller.last_tap_uid is not None, what="the test tap")
    shoot(wizard, "22-wizard-reader")
    wizard.next()
    shoot(wizard, "23-wizard-summary")
    wizard.reject()
    wizard.runner.wait_for_done(3000)


def shoot_languages(shoot: Shooter, url: str, work: Path) -> None:
    """A paid sale on the bar screen in German and in French, money written their way."""
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.translator import install_language

    app = QApplication.instance()
    try:
        for number, language in ((4, "de"), (6, "fr")):
            install_language(app, language)
            ops = OpRunner()
            sync = make_sync(url, work / f"outbox-bar-{language}.sqlite3", BAR)
            window = make_window(sync, Settings(backend_url=url, device_id=BAR, reader="sim"), ops)
            login(window, "staff-bar-1")
            bar = window.main_screen
            for product in ("beer", "soft", "cup-deposit"):
                bar.add_product(product)
            bar.charge()
            tap(window, card(number))
            wait_result(bar, f"the paid result in {language}")
            shoot(window, f"24-bar-paid-{language}")
            dismiss(bar)
            window.close()
            sync.stop()
            ops.wait_for_done(3000)
    finally:
        install_language(app, "en")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    app = create_application()
    shoot = Shooter(args.out)
    print("starting a throwaway PostgreSQL with the demo data…")
    cluster, urls = start_database()
    dead_url = f"postgresql://{KIOSK_LOGIN}@127.0.0.1:{free_port()}/{DATABASE}"
    try:
        with tempfile.TemporaryDirectory(prefix="festival-shots-") as tmp:
            work = Path(tmp)
            shoot_bar(shoot, urls[BAR], work, dead_url)
            shoot_checkpoint(shoot, urls[CHECKPOINT], work)
            shoot_wizard(shoot, urls[BAR], work)
            shoot_languages(shoot, urls[BAR], work)
    finally:
        cluster.destroy()
    app.processEvents()
    print(f"{len(shoot.written)} screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
