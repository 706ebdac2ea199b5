"""Fixtures of the backend contract tests."""

from __future__ import annotations

import gc

import pytest


@pytest.fixture(scope="session")
def template_db(template_db: str) -> str:
    """The shared template, with any connection the migration runner left behind
    collected (yoyo's backend connection sits in a reference cycle; an open
    connection to the template makes CREATE DATABASE ... TEMPLATE fail)."""
    gc.collect()
    return template_db
