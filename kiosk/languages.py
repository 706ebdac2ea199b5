"""The kiosk's languages: English in the code, German and French in Qt Linguist catalogues.

The words live in `kiosk/resources/translations/festival_kiosk_<language>.ts`, made and
refreshed from the sources by `pyside6-lupdate` (`./dev translations`). Qt loads compiled
`.qm` files only; `compiled_catalogue` runs `pyside6-lrelease` the first time a catalogue is
needed and keeps the result in the user's cache, named by the catalogue's hash, so an edited
or upgraded catalogue is compiled again and a read-only install still works. No Qt here: the
application installs the returned file with a QTranslator (kiosk.app).
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import platformdirs

from kiosk.resources import resource_path

log = logging.getLogger(__name__)

# The `language` setting's values and how each language names itself (the wizard lists these).
LANGUAGES = {"en": "English", "de": "Deutsch", "fr": "Français"}
SOURCE_LANGUAGE = "en"
CATALOGUE_PREFIX = "festival_kiosk_"
TRANSLATIONS_DIR = resource_path("translations")
SOURCES_ROOT = Path(__file__).resolve().parent  # the kiosk package: every .py under it


class LanguageError(RuntimeError):
    """A catalogue cannot be compiled or refreshed; the message says which and why."""


def catalogue_path(language: str) -> Path:
    """The Linguist catalogue of one translated language."""
    return TRANSLATIONS_DIR / f"{CATALOGUE_PREFIX}{language}.ts"


def translated_languages() -> tuple[str, ...]:
    return tuple(language for language in LANGUAGES if language != SOURCE_LANGUAGE)


def _tool(name: str) -> str:
    """A PySide6 tool (pyside6-lrelease, pyside6-lupdate): beside this Python first (the
    virtualenv's bin), then on PATH."""
    beside = Path(sys.executable).with_name(name)
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if not found:
        raise LanguageError(f"{name} is not installed (it comes with PySide6)")
    return found


def cache_dir() -> Path:
    return Path(os.environ.get("FESTIVAL_KIOSK_CACHE") or platformdirs.user_cache_path(
        "festival-kiosk")) / "translations"


def compiled_catalogue(language: str, cache: Path | None = None) -> Path | None:
    """The compiled `.qm` of a language, made now if needed; None for English (the code's own
    words) or an unknown language. Raises LanguageError if lrelease fails."""
    if language == SOURCE_LANGUAGE or language not in LANGUAGES:
        return None
    source = catalogue_path(language)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise LanguageError(f"no catalogue for {language}: {exc}") from exc
    target_dir = cache or cache_dir()
    target = target_dir / f"{CATALOGUE_PREFIX}{language}-{hashlib.sha256(data).hexdigest()[:16]}.qm"
    if target.exists():
        return target
    target_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.part")
    run = subprocess.run([_tool("pyside6-lrelease"), "-silent", str(source), "-qm", str(partial)],
                         capture_output=True, text=True, check=False)
    if run.returncode != 0 or not partial.exists():
        partial.unlink(missing_ok=True)
        raise LanguageError(f"pyside6-lrelease failed for {source.name}: "
                            f"{(run.stderr or run.stdout).strip()}")
    os.replace(partial, target)  # atomic: two kiosks starting at once both get a whole file
    for old in target_dir.glob(f"{CATALOGUE_PREFIX}{language}-*.qm"):
        if old != target:
            old.unlink(missing_ok=True)
    return target


def source_files(root: Path = SOURCES_ROOT) -> list[Path]:
    """Every Python file whose words the catalogues hold."""
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def update_catalogues(languages: tuple[str, ...] | None = None) -> str:
    """Refresh the catalogues from the sources with pyside6-lupdate: new words arrive as
    unfinished, words no longer in the code are dropped. Returns lupdate's summary."""
    out = []
    for language in languages or translated_languages():
        run = subprocess.run(
            [_tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none",
             "-source-language", SOURCE_LANGUAGE, "-target-language", language,
             *map(str, source_files()), "-ts", str(catalogue_path(language))],
            capture_output=True, text=True, check=False)
        if run.returncode != 0:
            raise LanguageError(f"pyside6-lupdate failed for {language}: {run.stderr.strip()}")
        out.append(f"{language}: {run.stdout.strip()}")
    return "\n".join(out)


if __name__ == "__main__":  # ./dev translations
    print(update_catalogues())
