"""Money for people: integer cents formatted as "€12.50", and whole-unit keypad input parsed to cents.

Money is integer cents everywhere; floats are refused so a rounding error can never reach a till.
English keeps the kiosk's own format ("€1,234.56", "CHF 1.00"); German and French screens write
money the way those languages do ("1.234,56 €", "1 234,56 €"), from CLDR through Babel.
`set_money_language` follows the screens' language (kiosk.ui.translator). Files (CSV slips,
exports) never use this: they carry cents.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency, get_decimal_symbol

CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}
MINUS_SIGN = "−"  # U+2212: wider than a hyphen, easier to see on a dim screen
BABEL_LOCALES = {"de": "de_DE", "fr": "fr_FR"}  # the languages whose screens write money their way
_shown = {"locale": ""}  # "" = the kiosk's own English format


def set_money_language(language: str) -> None:
    """Write money the way `language` does from now on (English or unknown: "€12.50")."""
    _shown["locale"] = BABEL_LOCALES.get(language, "")


def _check_cents(cents: object) -> int:
    if isinstance(cents, bool) or not isinstance(cents, int):
        raise TypeError(f"money must be integer cents, got {type(cents).__name__}: {cents!r}")
    return cents


def currency_symbol(currency: str) -> str:
    """"€" for EUR; unknown codes are shown as the code and a space ("CHF ")."""
    return CURRENCY_SYMBOLS.get(currency.upper(), f"{currency.upper()} ")


def format_cents(cents: int, currency: str = "EUR", *, signed: bool = False) -> str:
    """12345 → "€123.45", -100 → "−€1.00"; with signed=True, 100 → "+€1.00"."""
    value = _check_cents(cents)
    sign = MINUS_SIGN if value < 0 else ("+" if signed and value > 0 else "")
    if _shown["locale"]:
        return sign + format_currency(Decimal(abs(value)).scaleb(-2), currency.upper(),
                                      locale=_shown["locale"])
    whole, frac = divmod(abs(value), 100)
    return f"{sign}{currency_symbol(currency)}{whole:,}.{frac:02d}"


def format_whole(cents: int, currency: str = "EUR") -> str:
    """For round amounts on buttons: 1000 → "€10", 1050 → "€10.50"."""
    value = _check_cents(cents)
    if value % 100:
        return format_cents(value, currency)
    if _shown["locale"]:  # "20,00 €" → "20 €"
        return format_cents(value, currency).replace(
            get_decimal_symbol(_shown["locale"]) + "00", "", 1)
    sign = MINUS_SIGN if value < 0 else ""
    return f"{sign}{currency_symbol(currency)}{abs(value) // 100:,}"


def parse_whole_units(text: str) -> int:
    """Keypad digits in whole currency units → cents: "25" → 2500. Raises ValueError on anything else."""
    digits = text.strip()
    if not digits or not digits.isascii() or not digits.isdigit():
        raise ValueError(f"not a whole amount: {text!r}")
    return int(digits) * 100
