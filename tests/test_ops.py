"""OpRunner: work runs off the GUI thread, outcomes arrive on the GUI thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread

from kiosk.ops import OpRunner


@pytest.fixture
def runner(qtbot):
    ops = OpRunner()
    yield ops
    ops.wait_for_done(2000)


def test_function_runs_on_a_worker_and_success_is_delivered_on_the_gui_thread(qtbot, runner):
    gui = threading.get_ident()
    seen = {}

    def work():
        seen["worker"] = threading.get_ident()
        return 42

    def done(value):
        seen["value"] = value
        seen["delivered_on_gui"] = QThread.currentThread().isMainThread() and threading.get_ident() == gui

    runner.run(work, done)
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen == {"worker": seen["worker"], "value": 42, "delivered_on_gui": True}
    assert seen["worker"] != gui
    assert runner.pending_count == 0


def test_exception_is_delivered_to_the_failure_callback(qtbot, runner):
    errors = []

    def work():
        raise ValueError("bad card")

    runner.run(work, lambda v: errors.append(("ok", v)), lambda e: errors.append(e))
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ValueError) and str(errors[0]) == "bad card"


def test_many_ops_all_deliver(qtbot, runner):
    results = []
    for i in range(50):
        runner.run(lambda i=i: i * 2, results.append)
    qtbot.waitUntil(lambda: len(results) == 50)
    assert sorted(results) == [i * 2 for i in range(50)]


def test_failure_without_callback_reaches_the_exception_hook(qtbot, runner):
    def work():
        raise RuntimeError("nobody listens")

    with qtbot.captureExceptions() as exceptions:
        runner.run(work)
        qtbot.waitUntil(lambda: runner.pending_count == 0)
    assert any(isinstance(exc[1], RuntimeError) for exc in exceptions)
