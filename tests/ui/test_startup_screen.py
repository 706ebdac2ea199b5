"""The start-up screen outlives the kiosk windows, so its words follow a language change."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from kiosk.ui.startup_screen import StartupScreen
from tests.ui.tiny_catalogue import tiny_translator


def test_its_words_follow_a_language_change(qtbot, tmp_path):
    screen = StartupScreen()
    qtbot.addWidget(screen)
    screen.failed("reason", can_setup=True)
    assert screen.retry_button.text() == "Try again"
    translator = tiny_translator(tmp_path, {("StartupScreen", "Try again"): "Nochmal versuchen"})
    QApplication.instance().installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: screen.retry_button.text() == "Nochmal versuchen", timeout=3000)
        assert screen.message.text() == "reason"  # the Launcher's message stays as it set it
    finally:
        QApplication.instance().removeTranslator(translator)
    qtbot.waitUntil(lambda: screen.retry_button.text() == "Try again", timeout=3000)
