"""--demo-script: the file is checked whole before the kiosk starts, each bad line named."""

from __future__ import annotations

import argparse

import pytest

from kiosk.app import run
from kiosk.ui.demo_script import DemoScriptError, Step, parse_script


def test_a_script_parses_into_its_steps_skipping_comments_and_blank_lines():
    steps = parse_script("# sell\n\nproduct beer\ncharge\ntap 5\nexpect New balance €15.00\nquit\n")
    assert steps == [Step(3, "product", "beer"), Step(4, "charge"), Step(5, "tap", "5"),
                     Step(6, "expect", "New balance €15.00"), Step(7, "quit")]


@pytest.mark.parametrize(("text", "message"), [
    ("dance\n", "line 1: unknown step 'dance'"),
    ("tap 0\n", "line 1: tap needs a demo card number 1..100, not '0'"),
    ("tap five\n", "not 'five'"),
    ("tap 101\n", "not '101'"),
    ("product\n", "line 1: product needs a product id"),
    ("expect\n", "expect needs a text"),
    ("charge now\n", "charge takes nothing after it"),
    ("# nothing\n\n", "the script has no steps"),
])
def test_a_bad_script_is_refused_with_the_line_and_the_reason(text, message):
    with pytest.raises(DemoScriptError) as caught:
        parse_script(text)
    assert message in str(caught.value)


def test_every_bad_line_is_reported_at_once():
    with pytest.raises(DemoScriptError) as caught:
        parse_script("tap 1\nfly\ntap x\n")
    assert "line 2:" in str(caught.value) and "line 3:" in str(caught.value)


def test_the_command_line_refuses_a_bad_or_missing_script_before_starting(tmp_path, capsys):
    script = tmp_path / "script.txt"
    script.write_text("tap 1\nfly\n", encoding="utf-8")
    args = argparse.Namespace(demo=True, role="bar", demo_dir=str(tmp_path), kiosk_mode=False,
                              demo_script=str(script))
    assert run(args) == 2
    assert "line 2: unknown step 'fly'" in capsys.readouterr().err
    args.demo_script = str(tmp_path / "missing.txt")
    assert run(args) == 2
    assert "cannot read" in capsys.readouterr().err
    args.demo, args.demo_script = False, str(script)
    assert run(args) == 2
    assert "--demo-script goes with --demo" in capsys.readouterr().err
