"""Tests of the Qt-free screen controllers."""
