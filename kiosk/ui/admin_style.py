"""Local style sheet of the admin-type screens (setup wizard, supervisor screen): tables,
tabs, text fields, radio buttons and status lines in the dark kiosk theme.

Scoped by object name so it touches nothing else; colours follow kiosk/resources/theme.qss. No
font sizes here, so the theme's font_scale keeps working.
"""

from __future__ import annotations

ADMIN_QSS = """
QLineEdit, QComboBox, QTextBrowser {
    background-color: #14171C; border: 2px solid #3A414C; border-radius: 8px; padding: 6px 8px;
    selection-background-color: #1E3A8A;
}
QLineEdit:focus, QComboBox:focus { border-color: #60A5FA; }
QLineEdit:disabled, QComboBox:disabled { color: #6B7380; border-color: #262B33; }
QComboBox QAbstractItemView { background-color: #14171C; selection-background-color: #1E3A8A; }
QRadioButton, QCheckBox { spacing: 12px; padding: 4px 0; }
QRadioButton::indicator, QCheckBox::indicator {
    width: 22px; height: 22px; border: 2px solid #5B6574; background-color: #14171C;
}
QRadioButton::indicator { border-radius: 13px; }
QCheckBox::indicator { border-radius: 6px; }
QRadioButton::indicator:checked, QCheckBox::indicator:checked {
    background-color: #60A5FA; border-color: #BFDBFE;
}
QLabel#wizardLimit { color: #FDE68A; font-weight: 700; }
QLabel[tone="ok"] { color: #4ADE80; font-weight: 700; }
QLabel[tone="error"] { color: #FCA5A5; font-weight: 700; }
QLabel[tone="busy"] { color: #FDE68A; font-weight: 600; }
QTableView {
    background-color: #0B0D10; alternate-background-color: #14171C; gridline-color: #2A3038;
    border: 1px solid #2A3038; selection-background-color: #1E3A8A; selection-color: #FFFFFF;
}
QTableView::item { padding: 4px 8px; }
QHeaderView::section {
    background-color: #05070A; color: #AAB3BF; border: none;
    border-bottom: 2px solid #2A3038; padding: 6px 8px; font-weight: 700;
}
QTabWidget::pane { border: 1px solid #2A3038; border-radius: 8px; top: -1px; }
QTabBar::tab {
    background-color: #14171C; color: #AAB3BF; border: 1px solid #2A3038;
    border-bottom: none; padding: 10px 22px; margin-right: 4px;
    border-top-left-radius: 8px; border-top-right-radius: 8px;
}
QTabBar::tab:selected { background-color: #1E3A8A; color: #FFFFFF; }
"""
