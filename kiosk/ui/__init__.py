"""Screens and widgets: thin views that render controller state and forward intents."""
