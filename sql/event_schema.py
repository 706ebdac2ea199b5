"""The event file (TOML, DESIGN "Operations"): its schema, and the validation of a whole file
before anything is compared with the database.

`read_event_file(path)` returns an `EventSpec` or raises `EventFileError` listing every
problem with its place (line, section, entry and key): TOML syntax, unknown keys and values
(with a "did you mean"), wrong types and ranges (pydantic, strict), duplicate ids, references
to unknown points of sale or checkpoints, prices of the wrong sign for their kind, and limits
that contradict each other. Plain Python: no database, no Qt.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, ValidationError

SLUG_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"
CARD_UID_PATTERN = re.compile(r"^([0-9A-F]{2}){4,10}$")

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class EventSettings(_Section):
    name: Name
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    max_balance_cents: Annotated[int, Field(ge=1, le=100_000_000)]
    offline_card_limit_cents: Annotated[int, Field(ge=0, le=100_000_000)]
    offline_device_limit_cents: Annotated[int, Field(ge=0, le=1_000_000_000)]
    offline_cache_max_age_s: Annotated[int, Field(ge=60, le=604_800)] = 21_600
    self_void_window_s: Annotated[int, Field(ge=0, le=86_400)] = 1_800
    # a cash shift's difference (counted - expected) beyond this is listed by `review`
    cash_difference_tolerance_cents: Annotated[int, Field(ge=0, le=10_000_000)] = 0
    refund_deadline: AwareDatetime | None = None
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None


class PointOfSale(_Section):
    id: Slug
    name: Name


class Checkpoint(_Section):
    id: Slug
    name: Name


class Product(_Section):
    id: Slug
    name: Name
    price_cents: Annotated[int, Field(ge=-1_000_000, le=1_000_000)]
    category: Annotated[str, StringConstraints(min_length=1, max_length=64)] = "other"
    kind: Literal["sale", "deposit", "return"] = "sale"
    points_of_sale: Annotated[list[Slug], Field(min_length=1)]


class Staff(_Section):
    id: Slug
    name: Name
    role: Literal["bar", "cashier", "supervisor", "admin"]
    card_uid: str | None = None


class Device(_Section):
    id: Slug
    name: Name
    role: Literal["bar", "checkpoint"]
    point_of_sale: Slug | None = None
    checkpoint: Slug | None = None


SECTIONS: dict[str, type[_Section]] = {
    "event": EventSettings,
    "points_of_sale": PointOfSale,
    "checkpoints": Checkpoint,
    "products": Product,
    "staff": Staff,
    "devices": Device,
}
LIST_SECTIONS = ("points_of_sale", "checkpoints", "products", "staff", "devices")


@dataclass(frozen=True)
class Problem:
    place: str
    message: str
    line: int = 0  # 0: not known

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


class EventFileError(Exception):
    """The event file cannot be used; `problems` lists every reason with its place."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{source}: {len(problems)} problem(s), nothing changed:\n{lines}")


@dataclass(frozen=True)
class EventSpec:
    """A validated event file."""

    event: EventSettings
    points_of_sale: tuple[PointOfSale, ...] = ()
    checkpoints: tuple[Checkpoint, ...] = ()
    products: tuple[Product, ...] = ()
    staff: tuple[Staff, ...] = ()
    devices: tuple[Device, ...] = ()


def normalise_card_uid(value: str) -> str | None:
    """An NFC UID as DESIGN wants it (uppercase hex, no separators), or None if it is none."""
    cleaned = value.upper()
    if CARD_UID_PATTERN.match(cleaned):
        return cleaned
    cleaned = re.sub(r"[\s:-]", "", cleaned)
    return cleaned if CARD_UID_PATTERN.match(cleaned) else None


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


class _Locator:
    """Line numbers of table headers and keys in the TOML text (tomllib gives none)."""

    HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\"' -]+?)\s*\]\]?\s*(#.*)?$")
    KEY = re.compile(r"^\s*([A-Za-z0-9_-]+|\"[^\"]*\")\s*=")

    def __init__(self, text: str):
        self.tables: list[tuple[str, int, int]] = []  # (name, header line, end line)
        lines = text.splitlines()
        self.lines = lines
        for number, line in enumerate(lines, start=1):
            match = self.HEADER.match(line)
            if match:
                if self.tables:
                    name, start, _ = self.tables[-1]
                    self.tables[-1] = (name, start, number - 1)
                self.tables.append((match.group(2).strip("\"' "), number, len(lines)))

    def table(self, section: str, index: int | None) -> tuple[int, int] | None:
        found = [(start, end) for name, start, end in self.tables if name == section]
        position = 0 if index is None else index
        return found[position] if position < len(found) else None

    def line(self, section: str, index: int | None, key: str | None) -> int | None:
        span = self.table(section, index)
        if span is None:
            return None
        start, end = span
        if key is not None:
            for number in range(start + 1, end + 1):
                match = self.KEY.match(self.lines[number - 1])
                if match and match.group(1).strip('"') == key:
                    return number
        return start


class _Checker:
    def __init__(self, locator: _Locator, data: dict[str, Any]):
        self.locator = locator
        self.data = data
        self.problems: list[Problem] = []

    def place(self, section: str, index: int | None = None, key: str | None = None) -> str:
        line = self.locator.line(section, index, key)
        where = f"line {line}: " if line else ""
        if index is None:
            where += f"[{section}]"
        else:
            where += f"[[{section}]] #{index + 1}"
            entry = self.data.get(section, [])[index] if index < len(self.data.get(section, [])) else {}
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                where += f' (id "{entry["id"]}")'
        if key is not None:
            where += f" {key}"
        return where

    def add(self, section: str, index: int | None, key: str | None, message: str) -> None:
        line = self.locator.line(section, index, key) or 0
        self.problems.append(Problem(self.place(section, index, key), message, line))

    def model(self, section: str, index: int | None, raw: Any) -> _Section | None:
        model = SECTIONS[section]
        if not isinstance(raw, dict):
            self.add(section, index, None, "must be a table of keys")
            return None
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            for error in exc.errors():
                self._pydantic_problem(section, index, model, raw, error)
        return None

    def _pydantic_problem(self, section: str, index: int | None, model: type[_Section],
                          raw: dict, error: dict) -> None:
        loc = [part for part in error["loc"] if isinstance(part, str)]
        key = loc[0] if loc else None
        kind = error["type"]
        if kind == "extra_forbidden":
            message = "unknown key" + did_you_mean(str(key), tuple(model.model_fields))
        elif kind == "missing":
            message = "missing (required)"
        elif kind == "literal_error":
            allowed = error.get("ctx", {}).get("expected", "")
            message = f"{raw.get(key)!r} is not allowed: expected {allowed}"
            choices = model.model_fields[key].annotation.__args__ if key else ()
            message += did_you_mean(str(raw.get(key)), tuple(str(c) for c in choices))
        elif kind == "timezone_aware":
            message = "needs its UTC offset, e.g. 2026-09-30T23:59:00Z"
        elif kind == "string_pattern_mismatch" and section != "event":
            message = (f"{error['input']!r} is not a valid id: 1 to 64 letters, digits, '.', '_', "
                       "':' or '-', starting with a letter or digit")
        else:
            message = f"{error['msg']} (got {error['input']!r})"
        self.add(section, index, key, message)


def parse_event_text(text: str, source: str = "event file") -> EventSpec:
    """Validate a whole event file given as TOML text; raises EventFileError with every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise EventFileError(source, [Problem("TOML", str(exc))]) from exc
    locator = _Locator(text)
    check = _Checker(locator, data)

    for key in data:
        if key not in SECTIONS:
            line = locator.line(key, None, None)
            place = f"line {line}: [{key}]" if line else f"[{key}]"
            message = "unknown section" + did_you_mean(key, tuple(SECTIONS))
            check.problems.append(Problem(place, message, line or 0))
    event = None
    if "event" not in data:
        check.problems.append(Problem("[event]", "missing: the file needs an [event] table"))
    else:
        event = check.model("event", None, data["event"])

    entries: dict[str, list[tuple[int, Any]]] = {}
    for section in LIST_SECTIONS:
        raw = data.get(section, [])
        if not isinstance(raw, list):
            check.add(section, None, None, f"must be written [[{section}]] (a list of tables)")
            raw = []
        entries[section] = []
        for index, item in enumerate(raw):
            model = check.model(section, index, item)
            if model is not None:
                entries[section].append((index, model))
        _check_unique_ids(check, section, raw)

    _cross_checks(check, event, entries)
    _reference_checks_of_invalid_entries(check, data, entries)
    if check.problems:
        raise EventFileError(source, sorted(check.problems, key=lambda p: p.line))
    assert event is not None
    return EventSpec(
        event=event,  # type: ignore[arg-type]
        points_of_sale=tuple(m for _, m in entries["points_of_sale"]),  # type: ignore[misc]
        checkpoints=tuple(m for _, m in entries["checkpoints"]),  # type: ignore[misc]
        products=tuple(m for _, m in entries["products"]),  # type: ignore[misc]
        staff=tuple(_normalised_staff(m) for _, m in entries["staff"]),  # type: ignore[arg-type]
        devices=tuple(m for _, m in entries["devices"]),  # type: ignore[misc]
    )


def read_event_file(path: Path | str) -> EventSpec:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EventFileError(str(path), [Problem("file", f"cannot be read: {exc}")]) from exc
    return parse_event_text(text, str(path))


def _normalised_staff(staff: Staff) -> Staff:
    if staff.card_uid is None:
        return staff
    return staff.model_copy(update={"card_uid": normalise_card_uid(staff.card_uid)})


def _check_unique_ids(check: _Checker, section: str, raw: list[Any]) -> None:
    """Duplicate ids, also among entries that have other problems."""
    if section == "products":
        return  # the same product id may be listed once per price (checked in _cross_checks)
    first: dict[str, int] = {}
    for index, item in enumerate(raw):
        item_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(item_id, str):
            continue
        if item_id in first:
            check.add(section, index, "id", f'duplicate id "{item_id}" (first at #{first[item_id] + 1})')
        else:
            first[item_id] = index


def _cross_checks(check: _Checker, event: Any, entries: dict[str, list[tuple[int, Any]]]) -> None:
    pos_ids = tuple(p.id for _, p in entries["points_of_sale"])
    checkpoint_ids = tuple(c.id for _, c in entries["checkpoints"])
    if event is not None:
        _check_limits(check, event)

    seen_at: dict[tuple[str, str], int] = {}
    for index, product in entries["products"]:
        if product.kind == "sale" and product.price_cents < 0:
            check.add("products", index, "price_cents",
                      f'a sale cannot have a negative price ({product.price_cents}); '
                      'a credit such as a cup return is kind = "return"')
        elif product.kind == "deposit" and product.price_cents <= 0:
            check.add("products", index, "price_cents",
                      f"a deposit has a positive price (got {product.price_cents})")
        elif product.kind == "return" and product.price_cents >= 0:
            check.add("products", index, "price_cents",
                      f"a return credits the card: its price must be negative (got {product.price_cents})")
        if event is not None and abs(product.price_cents) > event.max_balance_cents:
            check.add("products", index, "price_cents",
                      f"{product.price_cents} is beyond the maximum card balance "
                      f"({event.max_balance_cents}): no card could pay it")
        for pos in product.points_of_sale:
            if pos not in pos_ids:
                check.add("products", index, "points_of_sale",
                          f'unknown point of sale "{pos}"' + did_you_mean(pos, pos_ids))
                continue
            if (product.id, pos) in seen_at:
                check.add("products", index, "points_of_sale",
                          f'"{product.id}" is already priced at "{pos}" by [[products]] '
                          f"#{seen_at[(product.id, pos)] + 1}: one price per point of sale")
            else:
                seen_at[(product.id, pos)] = index

    cards: dict[str, int] = {}
    for index, staff in entries["staff"]:
        if staff.card_uid is None:
            continue
        uid = normalise_card_uid(staff.card_uid)
        if uid is None:
            check.add("staff", index, "card_uid",
                      f"{staff.card_uid!r} is not a card UID: 8 to 20 hex digits (4 to 10 bytes)")
        elif uid in cards:
            check.add("staff", index, "card_uid",
                      f"card {uid} is already the card of [[staff]] #{cards[uid] + 1}")
        else:
            cards[uid] = index

    for index, device in entries["devices"]:
        if device.role == "bar":
            if device.checkpoint is not None:
                check.add("devices", index, "checkpoint",
                          'a bar device is assigned with point_of_sale = "...", not checkpoint')
            if device.point_of_sale is not None and device.point_of_sale not in pos_ids:
                check.add("devices", index, "point_of_sale",
                          f'unknown point of sale "{device.point_of_sale}"'
                          + did_you_mean(device.point_of_sale, pos_ids))
        else:
            if device.point_of_sale is not None:
                check.add("devices", index, "point_of_sale",
                          'a checkpoint device is assigned with checkpoint = "...", not point_of_sale')
            if device.checkpoint is not None and device.checkpoint not in checkpoint_ids:
                check.add("devices", index, "checkpoint",
                          f'unknown checkpoint "{device.checkpoint}"'
                          + did_you_mean(device.checkpoint, checkpoint_ids))


def _reference_checks_of_invalid_entries(check: _Checker, data: dict[str, Any],
                                         entries: dict[str, list[tuple[int, Any]]]) -> None:
    """Unknown points of sale and checkpoints named by entries that have other problems too,
    so that one run lists them all."""
    pos_ids = tuple(p.id for _, p in entries["points_of_sale"])
    checkpoint_ids = tuple(c.id for _, c in entries["checkpoints"])
    for section, keys in (("products", ("points_of_sale",)), ("devices", ("point_of_sale", "checkpoint"))):
        valid = {index for index, _ in entries[section]}
        raw = data.get(section, [])
        for index, item in enumerate(raw if isinstance(raw, list) else []):
            if index in valid or not isinstance(item, dict):
                continue
            for key in keys:
                value = item.get(key)
                names = value if isinstance(value, list) else [value]
                known = checkpoint_ids if key == "checkpoint" else pos_ids
                what = "checkpoint" if key == "checkpoint" else "point of sale"
                for name in names:
                    if isinstance(name, str) and name not in known:
                        check.add(section, index, key, f'unknown {what} "{name}"' + did_you_mean(name, known))


def _check_limits(check: _Checker, event: EventSettings) -> None:
    if event.offline_card_limit_cents > event.max_balance_cents:
        check.add("event", None, "offline_card_limit_cents",
                  f"{event.offline_card_limit_cents} is above max_balance_cents ({event.max_balance_cents}):"
                  " a card could go further into overdraft offline than it can ever hold")
    if event.offline_device_limit_cents < event.offline_card_limit_cents:
        check.add("event", None, "offline_device_limit_cents",
                  f"{event.offline_device_limit_cents} is below offline_card_limit_cents "
                  f"({event.offline_card_limit_cents}): one card could use up a device's whole hour")
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        check.add("event", None, "ends_at",
                  f"{_iso(event.ends_at)} is not after starts_at {_iso(event.starts_at)}")
    if event.refund_deadline and event.starts_at and event.refund_deadline <= event.starts_at:
        check.add("event", None, "refund_deadline",
                  f"{_iso(event.refund_deadline)} is not after starts_at {_iso(event.starts_at)}")


def _iso(value: datetime) -> str:
    return value.isoformat()


__all__ = [
    "Checkpoint",
    "Device",
    "EventFileError",
    "EventSettings",
    "EventSpec",
    "PointOfSale",
    "Problem",
    "Product",
    "Staff",
    "did_you_mean",
    "normalise_card_uid",
    "parse_event_text",
    "read_event_file",
]
