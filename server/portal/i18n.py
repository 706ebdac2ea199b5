"""The portal's words in English, German and French (translations/*.json), the language
negotiated from Accept-Language or chosen with the switch, and money and times written
the way each language writes them."""

from __future__ import annotations

import functools
import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from babel.numbers import format_currency

LANGUAGES = ("en", "de", "fr")
DEFAULT_LANGUAGE = "en"
TRANSLATIONS_DIR = Path(__file__).with_name("translations")
BABEL_LOCALES = {"en": "en_GB", "de": "de_DE", "fr": "fr_FR"}


@functools.cache
def catalogue(language: str) -> dict[str, str]:
    return json.loads((TRANSLATIONS_DIR / f"{language}.json").read_text(encoding="utf-8"))


def negotiate(accept_language: str | None) -> str:
    """The first supported language of an Accept-Language header, by quality."""
    choices: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and quality > 0:
            choices.append((-quality, index, primary))
    return min(choices)[2] if choices else DEFAULT_LANGUAGE


class Words:
    """`words("key", name=...)`: the text of `key` in one language (English when missing)."""

    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE

    def __call__(self, key: str, **values: object) -> str:
        text = catalogue(self.language).get(key) or catalogue(DEFAULT_LANGUAGE).get(key, key)
        return text.format(**values) if values else text

    def money(self, cents: int, currency: str = "EUR") -> str:
        """Money as the language writes it (CLDR, through Babel): €1,234.56, 1.234,56 €."""
        sign = "−" if cents < 0 else ""
        return sign + format_currency(Decimal(abs(int(cents))).scaleb(-2), currency,
                                      locale=BABEL_LOCALES[self.language])

    def when(self, value: str | datetime | None) -> str:
        if value is None:
            return ""
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        if self.language == "en":
            return moment.strftime("%d %b %Y, %H:%M")
        return moment.strftime("%d.%m.%Y, %H:%M" if self.language == "de" else "%d/%m/%Y %H:%M")
