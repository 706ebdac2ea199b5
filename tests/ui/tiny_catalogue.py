"""A Qt translator from a few words, compiled here with pyside6-lrelease: what a screen test
needs to see a screen take its words from whichever catalogue is installed."""

from __future__ import annotations

import subprocess
from html import escape
from pathlib import Path

from PySide6.QtCore import QTranslator

from kiosk.languages import _tool


def tiny_translator(directory: Path, words: dict[tuple[str, str], str]) -> QTranslator:
    """A loaded QTranslator for {(context, source): translation}."""
    contexts: dict[str, list[str]] = {}
    for (context, source), translation in words.items():
        contexts.setdefault(context, []).append(
            f"<message><source>{escape(source, quote=False)}</source>"
            f"<translation>{escape(translation, quote=False)}</translation></message>")
    body = "".join(f"<context><name>{name}</name>{''.join(messages)}</context>\n"
                   for name, messages in contexts.items())
    ts = directory / "tiny.ts"
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
                  f'<TS version="2.1" language="de">\n{body}</TS>\n', encoding="utf-8")
    qm = directory / "tiny.qm"
    subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
    translator = QTranslator()
    assert translator.load(str(qm)), qm
    return translator
