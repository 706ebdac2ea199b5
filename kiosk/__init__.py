"""Festival Kiosk: the Qt application (the only package that imports PySide6)."""
