"""Checks for the screens in German and French (issue 15 item 4).

`RecordingTranslator` is installed instead of the language's plain QTranslator: it answers
from the compiled catalogue and remembers every word of ours the screens asked for that the
catalogue lacks. PySide6's `self.tr` walks the class's bases (BarScreen, then TapScreen ...)
until one context answers, so a word only counts as missing when the whole walk found
nothing. Qt's own contexts (QPlatformTheme, QShortcut ...) are not ours and not counted.

`english_left(window, language)` walks the visible controls and returns those whose text is
still an English source word that the catalogue translates: text set before the language was
installed, or cached.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import cache

from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QLineEdit, QTabWidget, QWidget

from kiosk.languages import catalogue_path, compiled_catalogue

_QT_CONTEXT = re.compile(r"^Q[A-Z]")


class RecordingTranslator(QTranslator):
    """A translator that answers from `language`'s catalogue and records what it lacks."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language
        self._real = QTranslator()
        path = compiled_catalogue(language)
        assert path is not None and self._real.load(str(path)), f"the {language} catalogue does not load"
        self.missing: set[tuple[str, str]] = set()
        self._walk: tuple[str, str, str | None, int] | None = None  # a lookup still unanswered
        self._identical: tuple[str, str | None, int] | None = None  # answered with the source

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        key = (source, disambiguation, n)
        walk = self._walk
        if walk is not None and (walk[1], walk[2], walk[3]) != key:
            self._close_walk()
        if self._identical is not None and self._identical != key:
            self._identical = None
        answer = self._real.translate(context, source, disambiguation, n)
        if answer:
            self._walk = None
            if answer == source:  # French "Total": PySide takes it for no answer, asks the bases
                self._identical = key
            return answer
        if self._walk is None and self._identical != key:
            self._walk = (context, source, disambiguation, n)
        return None  # None, not "": PySide then asks the next base class's context

    def _close_walk(self) -> None:
        if self._walk is not None:
            context, source = self._walk[0], self._walk[1]
            if context and not _QT_CONTEXT.match(context) and source.strip():
                self.missing.add((context, source))
        self._walk = None

    def missing_words(self) -> list[str]:
        self._close_walk()
        return sorted(f"{context}: {source!r}" for context, source in self.missing)


@cache
def translated_sources(language: str) -> frozenset[str]:
    """The English words the catalogue gives another text in `language`."""
    root = ET.parse(catalogue_path(language)).getroot()
    words = set()
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        text = "".join(translation.itertext()) if translation is not None else ""
        if translation is not None and translation.get("type") != "unfinished" and text != source:
            words.add(source)
    return frozenset(words)


def _texts(widget: QWidget) -> list[str]:
    if isinstance(widget, (QLabel, QAbstractButton)):
        return [widget.text(), widget.toolTip()]
    if isinstance(widget, QLineEdit):
        return [widget.placeholderText()]
    if isinstance(widget, QGroupBox):
        return [widget.title()]
    if isinstance(widget, QTabWidget):
        return [widget.tabText(i) for i in range(widget.count())]
    return []


def english_left(window: QWidget, language: str) -> list[str]:
    """Visible controls of `window` still showing a word the catalogue translates."""
    english = translated_sources(language)
    found = []
    for widget in [window, *window.findChildren(QWidget)]:
        if not widget.isVisibleTo(window) and widget is not window:
            continue
        for text in _texts(widget):
            if text and (text in english or text.replace("&", "") in english):
                found.append(f"{type(widget).__name__}({widget.objectName()!r}) shows {text!r}")
    return found
