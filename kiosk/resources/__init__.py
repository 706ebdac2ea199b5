"""The kiosk's package data: the QSS theme, the feedback sounds and the compiled translations
(translations/*.qm). Shipped inside the wheel (pyproject package-data) and found through
importlib.resources, so an installed kiosk needs no source tree."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """The file or folder `parts` under this package (theme.qss, sounds, translations).

    The wheel installs it as plain files, so this is a real path: Qt's loaders (QSoundEffect,
    QTranslator) need one."""
    return Path(str(files(__name__).joinpath(*parts)))
