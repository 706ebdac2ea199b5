"""The kiosk application: `run(args)` builds the QApplication, chooses demo or configured
mode, starts the backend connection off the GUI thread, and opens the main window.

Demo mode (`festival-kiosk --demo [--role checkpoint]`): the embedded PostgreSQL is started,
migrated and seeded (sql.embedded.start_demo_server), a KioskSync talks to it as the demo
kiosk login with an outbox under the demo directory, the simulated reader's panel is docked
in the window, and staff-bar-1 (checkpoint: staff-cashier-1) is logged in on the bar
(checkpoint) screen. Configured mode loads the settings file, or opens the setup wizard on
first start, then does the same with the configured backend and reader.
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
from PySide6.QtCore import (
    QLoggingCategory,
    QObject,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.controllers.login import VerifyPin, authenticate
from kiosk.ops import OpRunner
from kiosk.settings import (
    APP_NAME,
    Settings,
    SettingsError,
    default_data_dir,
    load_settings,
    resolve_config_path,
)
from kiosk.theme import load_stylesheet
from kiosk.ui.exception_hook import CalmExceptionHook
from kiosk.ui.startup_screen import StartupScreen
from kiosk.ui.translator import install_language
from kiosk.ui.widgets import size_on_screen
from kiosk.ui.wording import fill
from sql.demo_set import DEMO_DEVICES, STAFF_PINS
from sync.port import KioskPort

if TYPE_CHECKING:
    from kiosk.sounds import SoundPlayer
    from kiosk.ui.main_window import MainWindow

log = logging.getLogger(__name__)

WINDOW_SIZE = (1280, 860)


def demo_dir() -> Path:
    return default_data_dir() / "demo"


def demo_settings(role: str = "bar", data_dir: Path | None = None, kiosk_mode: bool = False) -> Settings:
    """Settings of the demo kiosk for `role` (bar or checkpoint), outbox under data_dir."""
    device_id, _staff = DEMO_DEVICES[role]
    directory = data_dir or demo_dir()
    return Settings(
        backend_url="embedded-demo",
        device_id=device_id,
        reader="sim",
        kiosk_mode=kiosk_mode,
        outbox_path=str(directory / f"outbox-{device_id}.sqlite3"),
    )


@dataclass
class Backstage:
    """What runs behind the window: the sync facade, its device config, the embedded server."""

    sync: KioskPort
    config: Any
    backend: Any = None  # closed on stop (KioskSync leaves its backend to the caller)
    server: Any = None  # sql.embedded.EmbeddedServer in embedded/demo mode
    timings: dict[str, float] = field(default_factory=dict)

    def stop(self) -> None:
        try:
            self.sync.stop()
        finally:
            if self.backend is not None:
                self.backend.close()
            if self.server is not None:
                self.server.stop()


def prepare_backstage(
    settings: Settings, embedded_dir: Path | None = None, backend_url: str | None = None
) -> Backstage:
    """Start the backend side: embedded server if asked, KioskSync, device config.

    Blocking and slow (seconds): call it off the GUI thread. Raises ConfigUnavailable (sync)
    when there is neither a backend answer nor a cached config.
    """
    from sync.backend import make_backend
    from sync.service import KioskSync

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    server = None
    url = backend_url or settings.backend_url
    if settings.is_embedded_demo and backend_url is None:
        from sql.embedded import start_demo_server

        server = start_demo_server(embedded_dir)
        url = server.url_for_device(settings.device_id)
        timings["embedded_server_s"] = time.perf_counter() - t0
    try:
        store_path = settings.resolved_outbox_path()
        store_path.parent.mkdir(parents=True, exist_ok=True)
        backend = make_backend(url, settings.backend_api_key or None,
                               insecure_backend=settings.insecure_backend,
                               ca_file=settings.backend_ca_file or None)
        sync = KioskSync(
            backend,
            store_path,
            settings.device_id,
            request_timeout_s=settings.request_timeout_s,
            offline_cash_recharge=settings.offline_cash_recharge,
            offline_card_recharge=settings.offline_card_recharge,
        )
        sync.start()
        try:
            config = sync.refresh_config()
        except BaseException:
            sync.stop()
            backend.close()
            raise
    except BaseException:
        if server is not None:
            server.stop()
        raise
    timings["backstage_s"] = time.perf_counter() - t0
    return Backstage(sync=sync, config=config, backend=backend, server=server, timings=timings)


@dataclass
class Kiosk:
    """A running kiosk: the window, its reader thread and what runs backstage."""

    window: MainWindow
    backstage: Backstage
    reader_thread: Any = None
    reader: Any = None

    def shutdown(self) -> None:
        """Stop in order: UI timers, the reader, pending ops, sync workers, the server."""
        self.window.shutdown_ui()
        if self.reader_thread is not None:
            self.reader_thread.stop()
        self.window.ops.wait_for_done(3000)
        self.backstage.stop()
        self.window.close()


def build_kiosk(
    settings: Settings,
    backstage: Backstage,
    *,
    login_staff_id: str | None = None,
    reader: Any = None,
    sounds: SoundPlayer | None = None,
    start_reader: bool = True,
) -> Kiosk:
    """Create the main window for a prepared backstage (GUI thread), with its card reader."""
    from kiosk.nfc.factory import make_reader
    from kiosk.nfc.simulated import SimulatedReader
    from kiosk.nfc.worker import ReaderThread
    from kiosk.sounds import SoundPlayer
    from kiosk.ui.main_window import MainWindow

    reader = reader if reader is not None else make_reader(settings.reader)
    sim_panel = None
    if isinstance(reader, SimulatedReader):
        from kiosk.ui.sim_panel import SimulatedReaderPanel

        sim_panel = SimulatedReaderPanel(reader)
    window = MainWindow(
        backstage.sync,
        backstage.config,
        settings,
        sounds=sounds if sounds is not None else SoundPlayer(muted=settings.mute),
        sim_panel=sim_panel,
    )
    if sim_panel is not None:
        sim_panel.install_shortcuts(window)
    reader_thread = ReaderThread(reader, settings.debounce_s, parent=window)
    window.attach_reader(reader_thread)
    if start_reader:
        reader_thread.start()
    if login_staff_id:
        member = backstage.config.staff_member(login_staff_id)
        if member is None:
            log.warning("demo staff %s is not in the device's staff list", login_staff_id)
        else:
            # through the server like a typed PIN, so the demo's sessions (and the cash shifts
            # opened in them) are verified ones; offline, the cached check as at the login screen
            pin = STAFF_PINS.get(login_staff_id)
            if pin is not None:
                outcome = authenticate(backstage.sync, VerifyPin((member,), pin))
                if outcome.member is not None:
                    window.login_screen.controller.last_login = outcome
            window.login(member)
    return Kiosk(window=window, backstage=backstage, reader_thread=reader_thread, reader=reader)


def show_window(window: QWidget, kiosk_mode: bool) -> None:
    if kiosk_mode:
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        window.showFullScreen()
    else:
        window.resize(window_size_for(window))
        window.show()


def window_size_for(window: QWidget) -> QSize:
    """WINDOW_SIZE, or less on a smaller screen: a 1280×800 or 1024×600 panel gets the window
    of its own size, not one that runs off its bottom edge."""
    return size_on_screen(window, *WINDOW_SIZE)


def preload_ui() -> None:
    """Import the screens now, while the backstage starts, so the window appears sooner."""
    import kiosk.nfc.worker
    import kiosk.sounds
    import kiosk.ui.main_window  # noqa: F401


class Launcher(QObject):
    """Starts a kiosk without blocking the GUI thread. Lives in the GUI thread.

    `start()` shows the startup screen and prepares the backstage on a worker thread; `ready`
    is emitted with the Kiosk once its window is on screen.
    """

    ready = Signal(object)  # Kiosk
    failed = Signal(str)

    def __init__(
        self,
        settings: Settings,
        *,
        login_staff_id: str | None = None,
        embedded_dir: Path | None = None,
        kiosk_mode: bool = False,
        wizard_factory: Callable[[Settings | None], Any] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.login_staff_id = login_staff_id
        self.embedded_dir = embedded_dir
        self.kiosk_mode = kiosk_mode or settings.kiosk_mode
        self.wizard_factory = wizard_factory
        self.ops = OpRunner(self, max_threads=1)
        self.kiosk: Kiosk | None = None
        self.startup = StartupScreen()
        self.startup.retry_requested.connect(self.start)
        self.startup.setup_requested.connect(self.run_setup)
        self.error_hook: CalmExceptionHook | None = None

    def start(self) -> None:
        if self.settings.is_embedded_demo:
            self.startup.working(self.tr("Starting the demo database… (the first start takes a minute)"))
        else:
            self.startup.working(self.tr("Connecting to the backend…"))
        show_window(self.startup, self.kiosk_mode)
        settings, embedded_dir = self.settings, self.embedded_dir
        self.ops.run(lambda: prepare_backstage(settings, embedded_dir), self._prepared, self._failed)
        QTimer.singleShot(0, preload_ui)  # while the backend starts (the server start waits on I/O)

    def _prepared(self, backstage: Backstage) -> None:
        try:
            kiosk = build_kiosk(self.settings, backstage, login_staff_id=self.login_staff_id)
        except BaseException:
            backstage.stop()
            raise
        self.kiosk = kiosk
        kiosk.window.setup_requested.connect(self._setup_soon)
        kiosk.window.setup_available = self.wizard_factory is not None
        if self.error_hook is not None:
            self.error_hook.report = kiosk.window.error_reported.emit
        show_window(kiosk.window, self.kiosk_mode)
        self.startup.hide()
        log.info("kiosk %s ready (%s)", self.settings.device_id,
                 ", ".join(f"{k}={v:.2f}" for k, v in backstage.timings.items()))
        self.ready.emit(kiosk)

    def _failed(self, error: BaseException) -> None:
        log.error("kiosk start failed", exc_info=error)
        text = str(error) or type(error).__name__
        self.startup.failed(
            fill(self.tr("The kiosk cannot start yet:\n%1"), text),
            can_setup=self.wizard_factory is not None and not self.settings.is_embedded_demo,
        )
        self.failed.emit(text)

    @Slot()
    def _setup_soon(self) -> None:
        # Not inside the window's own signal: run_setup closes and drops that window.
        QTimer.singleShot(0, self.run_setup)

    def run_setup(self) -> None:
        """Open the setup wizard (the kiosk stops meanwhile: the wizard tests the reader), then
        start again with the settings it wrote, or the old ones if it was cancelled."""
        if self.wizard_factory is None:
            return
        self.startup.working(self.tr("Setting up…"))
        show_window(self.startup, self.kiosk_mode)  # before closing the kiosk: the app stays up
        self.shutdown()
        wizard = self.wizard_factory(self.settings)
        new_settings = wizard.result_settings() if wizard.exec() else None
        if new_settings is not None:
            self.settings = new_settings
            self.kiosk_mode = self.kiosk_mode or new_settings.kiosk_mode
            self.login_staff_id = None
        self.start()

    def shutdown(self) -> None:
        if self.kiosk is not None:
            kiosk, self.kiosk = self.kiosk, None
            kiosk.shutdown()
        self.ops.wait_for_done(5000)


def configure_logging() -> Path | None:
    """Log to stderr and to a rotating file under the user log directory."""
    root = logging.getLogger()
    if root.handlers:
        return None
    root.setLevel(logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    stream = logging.StreamHandler()
    stream.setFormatter(fmt)
    root.addHandler(stream)
    try:
        log_dir = platformdirs.user_log_path(APP_NAME, appauthor=False)
        log_dir.mkdir(parents=True, exist_ok=True)
        path = log_dir / "kiosk.log"
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=5_000_000, backupCount=5)
        handler.setFormatter(fmt)
        root.addHandler(handler)
        return path
    except OSError as exc:
        log.warning("no log file: %s", exc)
        return None


def create_application(argv: list[str] | None = None, font_scale: float = 1.0,
                       language: str = "") -> QApplication:
    """The QApplication with the theme and the words of `language` ("" = the system's; reused
    if one exists)."""
    QLoggingCategory.setFilterRules("qt.multimedia.*=false\nqt.multimedia.ffmpeg.*=false")
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("Festival Kiosk")
    app.setStyleSheet(load_stylesheet(font_scale))
    install_language(app, language)
    return app


def quit_on_termination_signals(app: QApplication) -> QTimer:
    """SIGTERM (a shutdown, a service manager) and SIGINT (Ctrl-C) end the event loop, so the
    kiosk closes its outbox, stops its reader and releases the embedded server on the way out.

    Python only runs its signal handlers between bytecodes; the returned timer gives it a
    chance a few times a second while Qt's event loop runs in C++."""
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: app.quit())
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(200)
    return timer


def _wizard_factory(config_path: Path) -> Callable[[Settings | None], Any] | None:
    """Makes SetupWizards that write to config_path, pre-filled with the current settings."""
    try:
        from kiosk.ui.wizard import SetupWizard
    except ImportError as exc:
        log.error("setup wizard unavailable: %s", exc)
        return None
    return lambda initial=None: SetupWizard(initial=initial, config_path=config_path)


def run(args: argparse.Namespace) -> int:
    """Run the kiosk until its window closes; returns the process exit code."""
    configure_logging()
    script_runner = None
    if getattr(args, "demo_script", None):
        from kiosk.ui.demo_script import DemoScriptError, read_script

        if not args.demo:
            print("festival-kiosk: --demo-script goes with --demo", file=sys.stderr)
            return 2
        try:
            steps = read_script(Path(args.demo_script).expanduser())
        except DemoScriptError as exc:
            print(f"festival-kiosk: --demo-script {exc}", file=sys.stderr)
            return 2
    if args.demo:
        settings = demo_settings(args.role, _demo_dir_arg(args), kiosk_mode=args.kiosk_mode)
        if getattr(args, "language", None):
            settings = settings.replace(language=args.language)
        app = create_application(font_scale=settings.font_scale, language=settings.language)
        launcher = Launcher(
            settings,
            login_staff_id=DEMO_DEVICES[args.role][1],
            embedded_dir=_demo_dir_arg(args) / "embedded-pg" if _demo_dir_arg(args) else None,
            kiosk_mode=args.kiosk_mode,
        )
    else:
        config_path = resolve_config_path(getattr(args, "config", None))
        try:
            settings = load_settings(config_path)
        except SettingsError as exc:
            print(f"festival-kiosk: {exc}", file=sys.stderr)
            return 2
        if settings is not None and getattr(args, "language", None):
            settings = settings.replace(language=args.language)
        app = create_application(font_scale=settings.font_scale if settings else 1.0,
                                 language=settings.language if settings
                                 else getattr(args, "language", None) or "")
        wizard_factory = _wizard_factory(config_path)
        if settings is None or not settings.is_configured:
            if wizard_factory is None:
                print(f"festival-kiosk: no configuration at {config_path}, no wizard", file=sys.stderr)
                return 2
            wizard = wizard_factory(settings)
            if not wizard.exec() or wizard.result_settings() is None:
                print("festival-kiosk: setup cancelled", file=sys.stderr)
                return 1
            settings = wizard.result_settings()
            install_language(app, getattr(args, "language", None) or settings.language)
        launcher = Launcher(settings, kiosk_mode=args.kiosk_mode, wizard_factory=wizard_factory)
    if getattr(args, "demo_script", None):
        from kiosk.ui.demo_script import DemoScriptRunner

        script_runner = DemoScriptRunner(steps, parent=launcher)
        launcher.ready.connect(script_runner.start)
        launcher.failed.connect(script_runner.start_failed)
    hook = CalmExceptionHook(launcher.startup.message.setText)
    launcher.error_hook = hook
    hook.install()
    quit_on_termination_signals(app)
    try:
        launcher.start()
        code = app.exec()
    finally:
        launcher.shutdown()
        hook.uninstall()
    return code


def _demo_dir_arg(args: argparse.Namespace) -> Path | None:
    value = getattr(args, "demo_dir", None)
    return Path(value).expanduser() if value else None
