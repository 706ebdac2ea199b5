"""A scripted demo session: `festival-kiosk --demo --demo-script FILE` runs the steps of FILE
on the real demo kiosk once its window is up, so a packaging check (or a screencast) can sell
an order without a person at the screen. The steps do what a bartender does: touch the
screen's own actions and tap cards on the simulated reader, whose taps then travel through
the reader thread like real ones.

One step a line (blank lines and `#` comments are skipped):

    product ID     add one ID to the order (bar screen)
    charge         arm the order: the next card pays
    tap N          the simulated reader taps demo card N (1..100)
    expect TEXT    wait up to 20 s until a label on screen shows TEXT (the rest of the line)
    quit           close the kiosk: exit code 0

Every step is echoed on stdout as `demo-script: <step>: <outcome>`. A step that cannot run
(no such product, no simulated reader, TEXT never shown) ends the kiosk with exit code 3.
`parse_script` checks the whole file before the kiosk starts. The runner lives in the GUI
thread and never blocks it: `expect` polls with a timer.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from sql.demo_set import DEMO_CARD_COUNT, demo_card_uid

EXPECT_TIMEOUT_S = 20.0
POLL_MS = 50
STEP_PAUSE_MS = 100  # between steps, so each one's effect is on screen before the next
FAILED_EXIT_CODE = 3
COMMANDS = ("product", "charge", "tap", "expect", "quit")


class DemoScriptError(ValueError):
    """The script file cannot be run; the message names the line and what is wrong."""


@dataclass(frozen=True)
class Step:
    line: int
    command: str
    argument: str = ""

    def __str__(self) -> str:
        return f"{self.command} {self.argument}".strip()


def parse_script(text: str) -> list[Step]:
    """The steps of a script, or DemoScriptError listing every bad line at once."""
    steps: list[Step] = []
    problems: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        command, _, argument = line.partition(" ")
        argument = argument.strip()
        if command not in COMMANDS:
            problems.append(f"line {number}: unknown step {command!r} (one of {', '.join(COMMANDS)})")
        elif command in ("charge", "quit") and argument:
            problems.append(f"line {number}: {command} takes nothing after it")
        elif command in ("product", "expect") and not argument:
            wanted = "a product id" if command == "product" else "a text"
            problems.append(f"line {number}: {command} needs {wanted}")
        elif command == "tap" and not (argument.isdigit() and 1 <= int(argument) <= DEMO_CARD_COUNT):
            problems.append(
                f"line {number}: tap needs a demo card number 1..{DEMO_CARD_COUNT}, not {argument!r}")
        else:
            steps.append(Step(number, command, argument))
    if problems:
        raise DemoScriptError("; ".join(problems))
    if not steps:
        raise DemoScriptError("the script has no steps")
    return steps


def read_script(path: Path) -> list[Step]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DemoScriptError(f"cannot read {path}: {exc}") from None
    try:
        return parse_script(text)
    except DemoScriptError as exc:
        raise DemoScriptError(f"{path}: {exc}") from None


class DemoScriptRunner(QObject):
    """Runs the steps on a started Kiosk (kiosk.app). Lives in the GUI thread."""

    def __init__(self, steps: list[Step], echo: Callable[[str], None] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.steps = list(steps)
        self.echo = echo or (lambda text: print(text, flush=True))
        self.kiosk: Any = None
        self._index = 0
        self._deadline = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._run_next)

    def start(self, kiosk: Any) -> None:
        """Begin with the first step (connect to Launcher.ready)."""
        self.kiosk = kiosk
        self._index = 0
        self._timer.start(STEP_PAUSE_MS)

    def start_failed(self, reason: str) -> None:
        """The kiosk did not start (connect to Launcher.failed): nothing to run, exit code 3."""
        self.echo(f"demo-script: the kiosk did not start: FAILED: {reason}")
        QApplication.exit(FAILED_EXIT_CODE)

    def _run_next(self) -> None:
        if self._index >= len(self.steps):
            return
        step = self.steps[self._index]
        try:
            outcome = getattr(self, f"_do_{step.command}")(step)
        except DemoScriptError as exc:
            self.echo(f"demo-script: line {step.line}: {step}: FAILED: {exc}")
            QApplication.exit(FAILED_EXIT_CODE)
            return
        if outcome is None:  # still waiting (expect)
            self._timer.start(POLL_MS)
            return
        self.echo(f"demo-script: {step}: {outcome}")
        self._index += 1
        self._deadline = 0.0
        if step.command != "quit":
            self._timer.start(STEP_PAUSE_MS)

    def _bar_screen(self) -> Any:
        from kiosk.ui.bar_screen import BarScreen

        screen = self.kiosk.window.main_screen
        if not isinstance(screen, BarScreen):
            raise DemoScriptError("this kiosk has no bar screen (--role bar)")
        return screen

    def _do_product(self, step: Step) -> str:
        screen = self._bar_screen()
        if self.kiosk.backstage.config.product(step.argument) is None:
            raise DemoScriptError(f"no product {step.argument!r} on this device")
        screen.add_product(step.argument)
        return "added"

    def _do_charge(self, step: Step) -> str:
        self._bar_screen().charge()
        return "armed"

    def _do_tap(self, step: Step) -> str:
        from kiosk.nfc.simulated import SimulatedReader

        reader = self.kiosk.reader
        if not isinstance(reader, SimulatedReader):
            raise DemoScriptError("the kiosk's reader is not the simulated one")
        uid = demo_card_uid(int(step.argument))
        reader.present(uid)
        return f"card {uid} tapped"

    def _do_expect(self, step: Step) -> str | None:
        if not self._deadline:
            self._deadline = time.monotonic() + EXPECT_TIMEOUT_S
        shown = [label.text() for label in self.kiosk.window.findChildren(QLabel) if label.isVisible()]
        if any(step.argument in text for text in shown):
            return "shown"
        if time.monotonic() > self._deadline:
            raise DemoScriptError(f"not shown within {EXPECT_TIMEOUT_S:.0f} s; on screen: "
                                  + " | ".join(t for t in shown if t))
        return None

    def _do_quit(self, step: Step) -> str:
        QTimer.singleShot(0, QApplication.quit)
        return "closing"
