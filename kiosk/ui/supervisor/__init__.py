"""The supervisor screen in parts: `screen` (the shell: title, tabs, message line, reloads),
`outbox_tab`, `scan_tab`, `report_tab`, `cash_shifts_tab` (checkpoints), and `models` (the
Qt table models of the outbox and the scan log)."""

from kiosk.ui.supervisor.screen import SupervisorScreen

__all__ = ["SupervisorScreen"]
