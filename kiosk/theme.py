"""Loads the QSS theme from kiosk/resources/ and scales its font sizes by the font_scale setting."""

from __future__ import annotations

import re
from pathlib import Path

from kiosk.resources import resource_path

THEME_PATH = resource_path("theme.qss")
_FONT_SIZE = re.compile(r"(font-size:\s*)(\d+(?:\.\d+)?)px")


def scaled_stylesheet(text: str, font_scale: float = 1.0) -> str:
    """Multiply every `font-size: NNpx` in a stylesheet by font_scale (touch targets stay)."""
    if font_scale == 1.0:
        return text
    return _FONT_SIZE.sub(lambda m: f"{m.group(1)}{max(8, round(float(m.group(2)) * font_scale))}px", text)


def load_stylesheet(font_scale: float = 1.0, path: Path = THEME_PATH) -> str:
    """The theme's QSS, scaled; an empty string (Qt's default look) if the file is missing."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return ""
    return scaled_stylesheet(text, font_scale)
