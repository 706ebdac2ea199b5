"""What a tap ended in, as data: the result overlay's tone, kind and figures (no text, no Qt).

Bar and checkpoint controllers turn a SubmitResult, a CardInfo or an error into a `TapResult`;
the overlay widget turns that into translated words. The scan status for the device's scan
log is derived here too, so the screens log every tap the same way.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from typing import Any

from sync.errors import CardUnknown, SyncError
from sync.service import CardInfo, Outcome, SubmitResult


class Tone(enum.Enum):
    SUCCESS = "success"  # green
    ERROR = "error"  # red
    OFFLINE = "offline"  # amber
    INFO = "info"  # neutral: a balance shown


class ResultKind(enum.Enum):
    PAID = "paid"
    RECHARGED = "recharged"
    OFFLINE_ACCEPTED = "offline_accepted"
    BALANCE = "balance"
    REJECTED = "rejected"  # a business error from the backend (see error_code)
    OFFLINE_REFUSED = "offline_refused"  # offline and beyond limits / not allowed offline
    LOOKUP_FAILED = "lookup_failed"  # the card could not be read from backend or cache
    FAILED = "failed"  # an unexpected error on our side
    CARD_STATUS_SET = "card_status_set"  # supervisor blocked or unblocked a card
    VOIDED = "voided"  # supervisor voided a request


# Error codes whose tap was, from the scan log's point of view, not a plain success.
_SCAN_STATUS_BY_ERROR = {
    "CARD_NOT_FOUND": "unknown_card",
    "CARD_BLOCKED": "blocked",
    "INSUFFICIENT_FUNDS": "insufficient_funds",
}
# Offline refusals about the card itself read like the backend's own answers.
_ERROR_BY_OFFLINE_RULE = {"card_unknown": "CARD_NOT_FOUND", "card_blocked": "CARD_BLOCKED"}


def scan_status_for(error_code: str | None) -> str:
    """The scan-log status of a tap whose request ended with this error code (None: success)."""
    return _SCAN_STATUS_BY_ERROR.get(error_code or "", "success")


@dataclass(frozen=True)
class TapResult:
    """One full-screen result: what to show, in which colour, with which figures."""

    tone: Tone
    kind: ResultKind
    card_uid: str | None = None
    error_code: str | None = None
    message: str = ""  # the backend's or sync's human text, shown small under our own words
    amount_cents: int | None = None  # order total or recharge amount
    new_balance_cents: int | None = None
    balance_cents: int | None = None  # for balance checks and "insufficient funds: balance €2.00"
    card_status: str | None = None
    recent: tuple[dict, ...] = field(default_factory=tuple)
    from_cache: bool = False
    request_id: uuid.UUID | None = None
    overdraft: bool = False
    offline_rule: str | None = None  # which offline rule refused it (sync.offline)

    @property
    def scan_status(self) -> str:
        """What the scan log records for the tap that led here (what happened, not "success"
        for every answer)."""
        if self.error_code in _SCAN_STATUS_BY_ERROR:
            return _SCAN_STATUS_BY_ERROR[self.error_code]
        if self.kind is ResultKind.OFFLINE_REFUSED:
            return "offline_refused"
        if self.kind is ResultKind.LOOKUP_FAILED:
            return "lookup_failed"
        if self.kind is ResultKind.FAILED:
            return "error"
        if self.kind is ResultKind.REJECTED:
            return "refused"
        return "success"


def result_from_submit(result: SubmitResult, *, success_kind: ResultKind, amount_cents: int) -> TapResult:
    """Map a submit_order / submit_recharge answer to what the overlay shows."""
    common: dict[str, Any] = {
        "card_uid": result.data.get("card_uid") if isinstance(result.data, dict) else None,
        "request_id": result.request_id,
        "amount_cents": amount_cents,
        "message": result.message or "",
    }
    if result.outcome is Outcome.COMPLETED:
        return TapResult(
            tone=Tone.SUCCESS,
            kind=success_kind,
            new_balance_cents=result.new_balance_cents,
            overdraft=bool(result.data.get("overdraft")),
            **common,
        )
    if result.outcome is Outcome.OFFLINE_ACCEPTED:
        return TapResult(
            tone=Tone.OFFLINE, kind=ResultKind.OFFLINE_ACCEPTED, new_balance_cents=result.new_balance_cents,
            **common,
        )
    balance = result.data.get("balance_cents") if isinstance(result.data, dict) else None
    kind = ResultKind.REJECTED
    error_code = result.error_code
    rule = None
    if result.outcome is Outcome.OFFLINE_REFUSED:
        kind = ResultKind.OFFLINE_REFUSED
        rule = getattr(result, "offline_rule", None) or None
        error_code = _ERROR_BY_OFFLINE_RULE.get(rule or "", error_code)
    return TapResult(
        tone=Tone.ERROR,
        kind=kind,
        error_code=error_code,
        offline_rule=rule,
        balance_cents=balance if isinstance(balance, int) else None,
        **common,
    )


def result_from_card_info(info: CardInfo) -> TapResult:
    """A balance check: the card's balance, status and recent transactions."""
    blocked = info.status != "active"
    return TapResult(
        tone=Tone.ERROR if blocked else Tone.INFO,
        kind=ResultKind.BALANCE,
        card_uid=info.card_uid,
        error_code="CARD_BLOCKED" if blocked else None,
        balance_cents=info.balance_cents,
        card_status=info.status,
        recent=tuple(info.recent or ()),
        from_cache=info.from_cache,
    )


def result_from_lookup_error(card_uid: str, error: BaseException) -> TapResult:
    """The card could not be looked up: unknown to the backend, or nobody to ask."""
    unknown = isinstance(error, CardUnknown)
    return TapResult(
        tone=Tone.ERROR,
        kind=ResultKind.LOOKUP_FAILED,
        card_uid=card_uid,
        error_code="CARD_NOT_FOUND" if unknown else "NETWORK_ERROR",
        message=str(error),
    )


def result_from_exception(error: BaseException, card_uid: str | None = None) -> TapResult:
    """A request raised. A sync error with a contract code (the device was disabled, bad
    input) is shown by that code; anything else is a calm "something went wrong"."""
    code = getattr(error, "error_code", None) if isinstance(error, SyncError) else None
    if code:
        return TapResult(
            tone=Tone.ERROR, kind=ResultKind.REJECTED, card_uid=card_uid, error_code=code, message=str(error)
        )
    return TapResult(
        tone=Tone.ERROR, kind=ResultKind.FAILED, card_uid=card_uid, error_code="CLIENT_ERROR",
        message=str(error),
    )
