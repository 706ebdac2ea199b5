"""Waiting in a benchmark's GUI thread: run the Qt event loop until a condition holds or a
signal fires, so slots run as soon as the reader and sync threads deliver."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QTimer


def run_until(predicate: Callable[[], bool], timeout_s: float) -> None:
    """Run the GUI event loop until ``predicate()`` is true (slots run as signals arrive)."""
    if predicate():
        return
    loop = QEventLoop()
    deadline = time.monotonic() + timeout_s
    timer = QTimer()
    timer.setInterval(1)

    def check() -> None:
        if predicate() or time.monotonic() > deadline:
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    if not predicate():
        raise TimeoutError(f"gave up after {timeout_s} s")


def wait_for_signal(signal, timeout_s: float) -> None:
    """Run the GUI event loop until ``signal`` fires (no polling timer: a 1 ms poll would keep
    the GUI thread taking the GIL and slow the very threads being measured)."""
    loop = QEventLoop()
    fired: list[bool] = []

    def done(*_args: object) -> None:
        fired.append(True)
        loop.quit()

    signal.connect(done)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()
    signal.disconnect(done)
    if not fired:
        raise TimeoutError(f"no result after {timeout_s} s")
