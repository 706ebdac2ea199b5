"""The `language` setting puts the screens in German or French and back (kiosk/ui/translator.py)."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QCoreApplication

import kiosk.languages
from kiosk.ui.translator import install_language, resolve_language


def word() -> str:
    return QCoreApplication.translate("Wording", "Insufficient funds")


@pytest.fixture(autouse=True)
def back_to_english(qapp):
    yield
    install_language(qapp, "en")


def test_german_then_french_then_english(qapp):
    assert install_language(qapp, "de") == "de"
    german = word()
    assert german not in ("", "Insufficient funds")
    assert install_language(qapp, "fr") == "fr"
    french = word()
    assert french not in ("", "Insufficient funds", german)  # the German translator was removed
    assert install_language(qapp, "en") == "en"
    assert word() == "Insufficient funds"


def test_the_empty_setting_follows_the_system_language(monkeypatch):
    from PySide6.QtCore import QLocale

    monkeypatch.setattr(QLocale, "uiLanguages", lambda self: ["fr-CH", "de-DE"])
    assert resolve_language("") == "fr"
    monkeypatch.setattr(QLocale, "uiLanguages", lambda self: ["es-ES"])
    assert resolve_language("") == "en"
    assert resolve_language("de") == "de"


def test_a_catalogue_that_cannot_be_compiled_leaves_english_and_says_why(qapp, tmp_path, monkeypatch,
                                                                          caplog):
    broken = tmp_path / "festival_kiosk_de.ts"
    broken.write_text("not a catalogue", encoding="utf-8")
    monkeypatch.setattr(kiosk.languages, "catalogue_path", lambda _language: broken)
    monkeypatch.setenv("FESTIVAL_KIOSK_CACHE", str(tmp_path / "cache"))
    with caplog.at_level(logging.WARNING):
        assert install_language(qapp, "de") == "en"
    assert word() == "Insufficient funds"
    assert "screens stay in English" in caplog.text and "lrelease failed" in caplog.text
