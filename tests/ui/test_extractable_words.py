"""Every word of the kiosk's screens is extractable by pyside6-lupdate: run it over the sources
as `./dev translations` does and read the catalogue it makes. A context is the class a
`self.tr(...)` is written in (or the literal one of `translate`/`QT_TRANSLATE_NOOP`), so an
empty or variable-like context means a word Qt would look up under a name it never has; a
`%s`/`%d` or `{...}` means a placeholder Qt's translators cannot move (Qt's style is %1, %2)."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree

from kiosk.languages import _tool, source_files


def _catalogue(tmp_path: Path) -> ElementTree.Element:
    target = tmp_path / "words.ts"
    run = subprocess.run([_tool("pyside6-lupdate"), *map(str, source_files()), "-ts", str(target)],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    return ElementTree.parse(target).getroot()


def _classes() -> set[str]:
    names = set()
    for path in source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names.update(node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef))
    return names


def test_every_word_has_a_class_context_and_qt_placeholders(tmp_path):
    classes = _classes() | {"Wording", "ResultOverlay"}  # the two declared contexts
    problems = []
    count = 0
    for context in _catalogue(tmp_path).iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            where = [loc.get("filename", "") for loc in message.iter("location")]
            count += 1
            source = message.findtext("source") or ""
            if name not in classes:
                problems.append(f"context {name!r} is no class: {source!r} in {where}")
            if re.search(r"%[sd]|\{\w*\}", source):
                problems.append(f"not a Qt placeholder: {source!r} in {where}")
    assert count > 300  # the scan saw the screens' words
    assert not problems, "\n".join(problems)
