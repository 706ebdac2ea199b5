"""No crash dialog ever reaches staff: unexpected exceptions are logged with their traceback
and reported as one calm sentence (the main window shows it in a banner).

Installed by the app, not by the window, so test harnesses keep their own hooks.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication

log = logging.getLogger(__name__)


class CalmExceptionHook:
    """sys.excepthook / threading.excepthook that log the traceback and report a calm message.

    `report` may be any callable taking the message; give it a signal's emit (e.g. the main
    window's error_reported) so the message reaches the GUI thread from any thread.
    """

    def __init__(self, report: Callable[[str], None]) -> None:
        self.report = report
        self._previous_sys: Any = None
        self._previous_threading: Any = None

    def install(self) -> None:
        self._previous_sys = sys.excepthook
        self._previous_threading = threading.excepthook
        sys.excepthook = self.handle
        threading.excepthook = self.handle_thread

    def uninstall(self) -> None:
        if self._previous_sys is not None:
            sys.excepthook = self._previous_sys
            threading.excepthook = self._previous_threading

    def handle(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QCoreApplication.quit()
            return
        log.critical("unexpected error:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        try:
            self.report(QCoreApplication.translate(
                "MainWindow", "Something went wrong. The kiosk keeps working; the details are in the log."
            ))
        except Exception:
            log.exception("could not show the error message")

    def handle_thread(self, args: threading.ExceptHookArgs) -> None:
        log.critical(
            "unexpected error in thread %s:\n%s",
            args.thread.name if args.thread else "?",
            "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)),
        )
