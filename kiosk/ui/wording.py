"""The words staff read for the backend's error codes, the kiosk's offline rules and the scan
log's statuses: one wording everywhere (result overlay, supervisor screen), all through tr().

Codes and rules are machine words (`CARD_BLOCKED`, `card_limit`, `not_staff`); a person sees
the sentence declared here, never the code. Unknown codes fall back to a calm general phrase
and the backend's own message, never to a raw code.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "Wording"
_PLACEHOLDER = re.compile(r"%([1-9])")


def tr(text: str) -> str:
    """The translation of a word declared here with QT_TRANSLATE_NOOP("Wording", ...)."""
    return QCoreApplication.translate(CONTEXT, text)


def fill(text: str, *values: object) -> str:
    """Qt's one placeholder style: `fill(self.tr("Card %1 read"), uid)` puts the values in
    for %1, %2 ... in one pass, so a value that itself contains "%2" stays as it is and a
    translation may put the placeholders in any order."""
    def value(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        return str(values[index]) if index < len(values) else match.group(0)
    return _PLACEHOLDER.sub(value, text)


# Backend error codes: a short title, and the advice for staff.
ERROR_TITLES = {
    "INSUFFICIENT_FUNDS": QT_TRANSLATE_NOOP("Wording", "Insufficient funds"),
    "CARD_BLOCKED": QT_TRANSLATE_NOOP("Wording", "Card blocked"),
    "CARD_NOT_FOUND": QT_TRANSLATE_NOOP("Wording", "Unknown card"),
    "PRICE_MISMATCH": QT_TRANSLATE_NOOP("Wording", "Prices have changed"),
    "PRODUCT_NOT_FOUND": QT_TRANSLATE_NOOP("Wording", "Product not available"),
    "AMOUNT_OUT_OF_RANGE": QT_TRANSLATE_NOOP("Wording", "Amount not allowed"),
    "BALANCE_LIMIT_EXCEEDED": QT_TRANSLATE_NOOP("Wording", "Balance limit reached"),
    "UNAUTHORIZED": QT_TRANSLATE_NOOP("Wording", "Not allowed on this kiosk"),
    "IDEMPOTENCY_CONFLICT": QT_TRANSLATE_NOOP("Wording", "Request conflict"),
    "REQUEST_VOIDED": QT_TRANSLATE_NOOP("Wording", "Request was voided"),
    "INVALID_REQUEST": QT_TRANSLATE_NOOP("Wording", "Invalid request"),
    "OFFLINE_LIMIT_EXCEEDED": QT_TRANSLATE_NOOP("Wording", "Offline limit exceeded"),
    "OFFLINE_REFUSED": QT_TRANSLATE_NOOP("Wording", "Not accepted offline"),
    "PERMISSION_DENIED": QT_TRANSLATE_NOOP("Wording", "Not permitted by the backend"),
    "NETWORK_ERROR": QT_TRANSLATE_NOOP("Wording", "No network"),
    "VOIDED": QT_TRANSLATE_NOOP("Wording", "Voided by a supervisor"),
    "CLIENT_ERROR": QT_TRANSLATE_NOOP("Wording", "Error on this kiosk"),
}
ERROR_HINTS = {
    "CARD_BLOCKED": QT_TRANSLATE_NOOP("Wording", "Keep the card and call a supervisor."),
    "CARD_NOT_FOUND": QT_TRANSLATE_NOOP("Wording", "This card is not registered for the festival."),
    "PRICE_MISMATCH": QT_TRANSLATE_NOOP(
        "Wording", "The price list was updated. Check the order and charge again."
    ),
    "BALANCE_LIMIT_EXCEEDED": QT_TRANSLATE_NOOP("Wording", "The card cannot hold more money."),
    "UNAUTHORIZED": QT_TRANSLATE_NOOP("Wording", "Call a supervisor."),
}

# The kiosk's offline rules (sync.offline OfflineDecision.rule): why a sale was refused offline.
OFFLINE_TITLES = {
    "insufficient_funds": QT_TRANSLATE_NOOP("Wording", "Insufficient funds"),
    "card_blocked": QT_TRANSLATE_NOOP("Wording", "Card blocked"),
    "card_unknown": QT_TRANSLATE_NOOP("Wording", "Unknown card"),
}
OFFLINE_REASONS = {
    "insufficient_funds": QT_TRANSLATE_NOOP(
        "Wording", "Not enough on the card's last known balance. Try another card, or recharge "
        "at a checkpoint."),
    "card_limit": QT_TRANSLATE_NOOP(
        "Wording", "Offline limit per card reached. Try again when the network is back."),
    "device_limit": QT_TRANSLATE_NOOP(
        "Wording", "This kiosk's offline limit is reached. Wait for the network to come back."),
    "card_blocked": QT_TRANSLATE_NOOP("Wording", "Keep the card and call a supervisor."),
    "card_unknown": QT_TRANSLATE_NOOP(
        "Wording", "This card is not in the offline list. Try again when the network is back."),
    "price_mismatch": QT_TRANSLATE_NOOP(
        "Wording", "The prices on this kiosk are out of date. Call a supervisor."),
    "unknown_product": QT_TRANSLATE_NOOP(
        "Wording", "A product of this order is not on sale here. Check the order."),
    "unknown_staff": QT_TRANSLATE_NOOP(
        "Wording", "You may not sell on this kiosk offline. Call a supervisor."),
    "device_disabled": QT_TRANSLATE_NOOP("Wording", "This kiosk is disabled. Call a supervisor."),
    "wrong_role": QT_TRANSLATE_NOOP("Wording", "This kiosk is not set up for this. Call a supervisor."),
    "no_config": QT_TRANSLATE_NOOP(
        "Wording", "This kiosk has no offline data yet. Wait for the network to come back."),
    "method_online_only": QT_TRANSLATE_NOOP(
        "Wording", "Card payments need the network. Take cash, or wait for the network."),
    "balance_limit": QT_TRANSLATE_NOOP("Wording", "The card cannot hold more money."),
    "amount": QT_TRANSLATE_NOOP("Wording", "The amount must be more than zero."),
    "cache_stale": QT_TRANSLATE_NOOP(
        "Wording", "The card list on this kiosk is too old to sell offline. Wait for the "
        "network to come back."),
    "error": QT_TRANSLATE_NOOP(
        "Wording", "The offline check failed. Try again when the network is back."),
}

# Scan log statuses (kiosk.controllers.results TapResult.scan_status and the main window).
SCAN_STATUSES = {
    "success": QT_TRANSLATE_NOOP("Wording", "read"),
    "duplicate": QT_TRANSLATE_NOOP("Wording", "same card again (ignored)"),
    "ignored_busy": QT_TRANSLATE_NOOP("Wording", "ignored: a payment was in progress"),
    "read_error": QT_TRANSLATE_NOOP("Wording", "card not read"),
    "not_staff": QT_TRANSLATE_NOOP("Wording", "not a staff card"),
    "unknown_card": QT_TRANSLATE_NOOP("Wording", "unknown card"),
    "blocked": QT_TRANSLATE_NOOP("Wording", "blocked card"),
    "insufficient_funds": QT_TRANSLATE_NOOP("Wording", "insufficient funds"),
    "offline_refused": QT_TRANSLATE_NOOP("Wording", "refused offline"),
    "lookup_failed": QT_TRANSLATE_NOOP("Wording", "balance not available"),
    "refused": QT_TRANSLATE_NOOP("Wording", "refused"),
    "error": QT_TRANSLATE_NOOP("Wording", "error on this kiosk"),
}


DECLINED = QT_TRANSLATE_NOOP("Wording", "Declined")


def error_title(code: str | None, default: str = DECLINED) -> str:
    return tr(ERROR_TITLES.get(code or "", default))


def error_hint(code: str | None) -> str:
    hint = ERROR_HINTS.get(code or "")
    return tr(hint) if hint else ""


def offline_reason(rule: str | None) -> str:
    text = OFFLINE_REASONS.get(rule or "")
    return tr(text) if text else QCoreApplication.translate(
        "Wording", "Not accepted offline. Try again when the network is back.")


def scan_status(status: str) -> str:
    text = SCAN_STATUSES.get(status)
    return tr(text) if text else status.replace("_", " ")


def reason_words(code: str | None, offline_rule: str | None = None) -> str:
    """One line for a supervisor: why a request was refused, in words, without the raw code."""
    if offline_rule and offline_rule in OFFLINE_REASONS:
        return offline_reason(offline_rule)
    if not code:
        return ""
    title = error_title(code, "")
    hint = error_hint(code)
    if not title:
        return QCoreApplication.translate("Wording", "Refused by the backend")
    return fill(QCoreApplication.translate("Wording", "%1. %2"), title, hint) if hint else title
