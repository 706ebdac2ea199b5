"""The kiosk's words are extractable and translated (issue 15 item 4).

- The German and French catalogues hold exactly the words `pyside6-lupdate` finds in the
  sources today (`./dev translations` was run), each one translated, placeholders kept.
- No word for people reaches a widget without tr(): a literal or an f-string handed to
  setText, QLabel(...), setToolTip ... is a word Qt's tools never see.
- No text is built inside tr() (an f-string, `%`, `.format`): Qt's placeholders are %1, %2,
  filled by kiosk.ui.wording.fill.
- The compiled catalogue is made once per catalogue text, the `language` setting is checked.
"""

from __future__ import annotations

import ast
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kiosk.languages import (
    LANGUAGES,
    LanguageError,
    catalogue_path,
    compiled_catalogue,
    source_files,
    translated_languages,
    update_catalogues,
)
from kiosk.settings import Settings, SettingsError

ROOT = Path(__file__).resolve().parents[1]
UI_SOURCES = sorted((ROOT / "kiosk" / "ui").rglob("*.py"))
PLACEHOLDER = re.compile(r"%(\d|n)")


def messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(path).getroot()
    found = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message
    return found


def translation_texts(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    if translation is None:
        return []
    forms = translation.findall("numerusform")
    return ["".join(f.itertext()) for f in forms] if forms else ["".join(translation.itertext())]


@pytest.mark.parametrize("language", translated_languages())
def test_the_catalogue_holds_every_word_of_the_sources_translated(language, tmp_path, monkeypatch):
    committed = messages(catalogue_path(language))
    fresh = tmp_path / catalogue_path(language).name
    shutil.copy(catalogue_path(language), fresh)
    monkeypatch.setattr("kiosk.languages.catalogue_path", lambda _language: fresh)
    update_catalogues((language,))
    from_sources = messages(fresh)
    new = sorted(set(from_sources) - set(committed))
    gone = sorted(set(committed) - set(from_sources))
    assert not new and not gone, (
        f"the {language} catalogue is out of date: run ./dev translations and translate.\n"
        f"new: {new[:20]}\ngone: {gone[:20]}")
    unfinished = [f"{c}: {s!r}" for (c, s), m in committed.items()
                  if m.find("translation") is None or m.find("translation").get("type") == "unfinished"
                  or not any(t.strip() for t in translation_texts(m))]
    assert not unfinished, f"{len(unfinished)} words without a {language} translation:\n" + "\n".join(
        unfinished[:40])


@pytest.mark.parametrize("language", translated_languages())
def test_every_translation_keeps_its_placeholders(language):
    wrong = []
    for (context, source), message in messages(catalogue_path(language)).items():
        wanted = sorted(set(PLACEHOLDER.findall(source)) - {"n"})
        for text in translation_texts(message):
            if text and sorted(set(PLACEHOLDER.findall(text)) - {"n"}) != wanted:
                wrong.append(f"{context}: {source!r} -> {text!r}")
    assert not wrong, "\n".join(wrong)


WIDGET_TEXT_CALLS = {"setText", "setToolTip", "setPlaceholderText", "setWindowTitle", "setTitle",
                     "setSubTitle", "setButtonText", "addItem", "addTab", "setTabText",
                     "setAccessibleName", "setStatusTip", "setHtml"}
MESSAGE_BOX_CALLS = {"information", "warning", "critical", "question"}  # QMessageBox.x(...)
WIDGET_CLASSES = {"QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QToolButton",
                  "QMessageBox", "QAction", "BigButton"}


def _has_words(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return "://" not in node.value and bool(re.search(r"[A-Za-z]{2,}", node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_has_words(v) for v in node.values if isinstance(v, ast.Constant))
    return False


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def test_no_word_reaches_a_widget_without_tr():
    found = []
    for path in UI_SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = _call_name(node)
            message_box = (name in MESSAGE_BOX_CALLS and isinstance(node.func, ast.Attribute)
                           and isinstance(node.func.value, ast.Name) and node.func.value.id == "QMessageBox")
            if name in WIDGET_TEXT_CALLS or name in WIDGET_CLASSES or message_box:
                for arg in node.args:
                    if _has_words(arg):
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}({ast.unparse(arg)})")
    assert not found, "words shown without tr() (Qt's tools cannot extract them):\n" + "\n".join(found)


def test_no_text_is_built_inside_tr():
    """lupdate skips tr(f"...") and tr("..." % x) without a word; tests/ui/
    test_extractable_words.py checks the contexts and placeholders of what it does find."""
    found = []
    for path in source_files(ROOT / "kiosk"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and _call_name(node) in {"tr", "translate"} and node.args):
                continue
            # translate(context, text, ...) or tr(text, ...)
            text = node.args[1] if _call_name(node) == "translate" and len(node.args) >= 2 else node.args[0]
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if isinstance(text, (ast.JoinedStr, ast.BinOp)) or (
                    isinstance(text, ast.Call) and _call_name(text) == "format"):
                found.append(f"{where} builds the text it translates: {ast.unparse(text)}")
    assert not found, "\n".join(found)


def test_no_tr_inside_an_f_string():
    """lupdate does not look inside f-strings: f"<h2>{self.tr('Cash close-out')}</h2>" is a
    word no catalogue ever gets (the French translator found six)."""
    found = []
    for path in source_files(ROOT / "kiosk"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                found += [f"{path.relative_to(ROOT)}:{inner.lineno} {ast.unparse(inner)}"
                          for inner in ast.walk(node)
                          if isinstance(inner, ast.Call) and _call_name(inner) in {"tr", "translate"}]
    assert not found, "tr() inside an f-string (lupdate skips it):\n" + "\n".join(found)


def test_a_catalogue_is_compiled_once_per_text_and_again_when_it_changes(tmp_path, monkeypatch):
    first = compiled_catalogue("de", cache=tmp_path)
    assert first is not None and first.stat().st_size > 16
    assert compiled_catalogue("de", cache=tmp_path) == first
    edited = tmp_path / "festival_kiosk_de.ts"
    edited.write_text(catalogue_path("de").read_text(encoding="utf-8").replace(
        "</TS>", "<context><name>X</name><message><source>a</source><translation>b</translation>"
                 "</message></context></TS>"), encoding="utf-8")
    monkeypatch.setattr("kiosk.languages.catalogue_path", lambda _language: edited)
    second = compiled_catalogue("de", cache=tmp_path)
    assert second != first and second.exists() and not first.exists()
    assert compiled_catalogue("en", cache=tmp_path) is None  # the code's own words


def test_a_broken_catalogue_is_a_clear_error(tmp_path, monkeypatch):
    broken = tmp_path / "festival_kiosk_fr.ts"
    broken.write_text("<TS><context><name>X", encoding="utf-8")
    monkeypatch.setattr("kiosk.languages.catalogue_path", lambda _language: broken)
    with pytest.raises(LanguageError, match="lrelease failed"):
        compiled_catalogue("fr", cache=tmp_path / "cache")
    assert not list((tmp_path / "cache").glob("*.qm"))  # no half-written file left behind


def test_the_language_setting_takes_a_known_language_or_the_systems():
    assert set(LANGUAGES) == {"en", "de", "fr"}
    assert Settings(language="de").language == "de"
    assert Settings().language == ""
    with pytest.raises(SettingsError, match="language: 'es' is not one of en, de, fr"):
        Settings(language="es")
