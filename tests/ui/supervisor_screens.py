"""Opening SupervisorScreens in a test: each on its own OpRunner, shown and loaded before the
test sees it; the runners are waited for when the test ends. Shared by the fake-sync and the
end-to-end supervisor screen tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from kiosk.ops import OpRunner
from kiosk.ui.supervisor import SupervisorScreen


def supervisor_screen_opener(
    qtbot,
    *,
    load_timeout_ms: int,
    done_timeout_ms: int,
    size: tuple[int, int] | None = None,
) -> Iterator[Callable[[Any], SupervisorScreen]]:
    """For a fixture to `yield from`: yields open(sync) → a screen for supervisor staff-super-1
    with its first load done; afterwards waits for every screen's runner."""
    runners: list[OpRunner] = []

    def open_(sync: Any) -> SupervisorScreen:
        runner = OpRunner()
        runners.append(runner)
        screen = SupervisorScreen(sync, "staff-super-1", runner=runner)
        # the reversal confirmation: answered yes, and the question kept for the test to read
        questions: list[str] = []
        screen.confirm_questions = questions
        screen.outbox_tab.confirm = lambda text: questions.append(text) or True  # no cycle through screen
        qtbot.addWidget(screen)
        if size is not None:
            screen.resize(*size)
        screen.show()
        qtbot.waitUntil(lambda: screen.has_loaded and not screen.is_loading, timeout=load_timeout_ms)
        return screen

    yield open_
    for runner in runners:
        runner.wait_for_done(done_timeout_ms)
