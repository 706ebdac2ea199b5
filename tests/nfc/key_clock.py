"""A deterministic clock for keyboard-wedge tests: each reading moves time on by a fixed step,
so a burst of key presses is as fast (or slow) as the test says, whatever the machine's load."""

from __future__ import annotations


class KeyClock:
    """The time the key filter sees: each key press in a test moves it on by ``step_s``."""

    def __init__(self, step_s: float) -> None:
        self.now = 1000.0
        self.step_s = step_s

    def __call__(self) -> float:
        self.now += self.step_s
        return self.now
