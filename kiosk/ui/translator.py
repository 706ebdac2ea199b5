"""Puts the kiosk's words in one language: installs the compiled catalogue of the `language`
setting (kiosk.languages) as the application's QTranslator, replacing the one before, and
writes money that language's way (kiosk.money).

Qt then sends every widget a LanguageChange event; screens built after the call read the new
words, and a screen that can switch while shown (the wizard) re-reads them on that event.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from kiosk.languages import LANGUAGES, SOURCE_LANGUAGE, LanguageError, compiled_catalogue
from kiosk.money import set_money_language

log = logging.getLogger(__name__)

_installed: dict[int, QTranslator] = {}  # one per application object


def system_language() -> str:
    """The system locale's language if the kiosk has it, else English."""
    for name in QLocale().uiLanguages():
        code = name.replace("_", "-").split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return SOURCE_LANGUAGE


def resolve_language(setting: str) -> str:
    """The language to show for a `language` setting ("" = the system's)."""
    return setting if setting in LANGUAGES else system_language()


def install_language(app: QCoreApplication, setting: str) -> str:
    """Show the screens in `setting`'s language; returns the language now shown. A catalogue
    that cannot be compiled or loaded leaves the screens in English, with a warning logged."""
    language = resolve_language(setting)
    previous = _installed.pop(id(app), None)
    if previous is not None:
        app.removeTranslator(previous)
    set_money_language(SOURCE_LANGUAGE)
    if language == SOURCE_LANGUAGE:
        return language
    try:
        path = compiled_catalogue(language)
    except LanguageError as exc:
        log.warning("screens stay in English: %s", exc)
        return SOURCE_LANGUAGE
    translator = QTranslator(app)
    if path is None or not translator.load(str(path)):
        log.warning("screens stay in English: the %s catalogue %s does not load", language, path)
        return SOURCE_LANGUAGE
    app.installTranslator(translator)
    _installed[id(app)] = translator
    set_money_language(language)
    return language
