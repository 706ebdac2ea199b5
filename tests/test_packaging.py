"""The wheel is the kiosk: built from the package sources, installed into a fresh virtualenv
outside the source tree, `festival-kiosk --demo` starts offscreen from it, reaches the bar
screen and sells one order (driven by --demo-script), and the sale is in the outbox.

The dependencies come through pip's ordinary index and cache (installed with --no-compile to
keep the run near a minute and a half)."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE_SOURCES = ("pyproject.toml", "README.md", "kiosk", "sync", "sql", "server")
SCRIPT = """\
# the bartender of the demo sells one beer to demo card 5 (€20.00)
expect Beer
product beer
charge
tap 5
expect New balance €15.00
quit
"""

pytestmark = pytest.mark.packaging


def run(argv: list[str], cwd: Path, timeout_s: float, env: dict[str, str] | None = None):
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=timeout_s, env=env)
    output = f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    assert done.returncode == 0, f"{argv[:4]} exited {done.returncode}\n{output}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtualenv, outside the source tree, with the wheel built from this tree."""
    root = tmp_path_factory.mktemp("packaging")
    source = root / "src"
    source.mkdir()
    for name in PACKAGE_SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(REPO / name, source / name)
    wheels = root / "wheels"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)], root, 300)
    (wheel,) = wheels.glob("festival_kiosk-*.whl")
    venv = root / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], root, 120)
    run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q",
         "--no-compile", str(wheel)], root, 600)
    return venv


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(PYTHONNOUSERSITE="1", QT_QPA_PLATFORM="offscreen", **extra)
    return env


def test_the_installed_kiosk_finds_its_code_and_resources_in_the_virtualenv(installed, tmp_path):
    probe = (
        "import kiosk, sync, sql, server, kiosk.theme, kiosk.sounds, kiosk.app\n"
        "from kiosk.resources import resource_path\n"
        "for m in (kiosk, sync, sql, server): print(m.__file__)\n"
        "print(kiosk.theme.THEME_PATH, kiosk.theme.THEME_PATH.is_file())\n"
        "print(sorted(p.name for p in kiosk.sounds.SOUNDS_DIR.glob('*.wav')))\n"
        "print(kiosk.theme.load_stylesheet()[:40].strip() != '')\n"
    )
    done = run([str(installed / "bin" / "python"), "-c", probe], tmp_path, 60, clean_env())
    lines = done.stdout.splitlines()
    assert all(line.startswith(str(installed)) for line in lines[:5]), lines
    assert lines[4].endswith("theme.qss True")
    assert lines[5] == "['failure.wav', 'offline.wav', 'success.wav', 'tap.wav']"
    assert lines[6] == "True"


def test_the_installed_demo_sells_one_order_on_the_bar_screen(installed, tmp_path):
    script = tmp_path / "sell-one-beer.txt"
    script.write_text(SCRIPT, encoding="utf-8")
    demo = tmp_path / "demo"
    kiosk = str(installed / "bin" / "festival-kiosk")
    done = run([kiosk, "--demo", "--demo-dir", str(demo), "--demo-script", str(script)], tmp_path, 150,
               clean_env(HOME=str(tmp_path)))
    steps = [line for line in done.stdout.splitlines() if line.startswith("demo-script:")]
    assert steps == [
        "demo-script: expect Beer: shown",
        "demo-script: product beer: added",
        "demo-script: charge: armed",
        "demo-script: tap 5: card 04DE0000000005 tapped",
        "demo-script: expect New balance €15.00: shown",
        "demo-script: quit: closing",
    ]

    exported = tmp_path / "outbox.csv"
    run([kiosk, "--export-outbox", str(exported), "--store", str(demo / "outbox-kiosk-bar-1.sqlite3")],
        tmp_path, 60, clean_env(HOME=str(tmp_path)))
    with exported.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["kind"], r["state"], r["card_uid"], r["amount_cents"], r["staff_id"]) for r in rows] == [
        ("bar_order", "done", "04DE0000000005", "500", "staff-bar-1")]


def test_the_installed_kiosk_compiles_and_loads_its_german_and_french_words(installed, tmp_path):
    """The wheel ships the Linguist catalogues; the installed kiosk compiles them with the
    virtualenv's pyside6-lrelease into its cache on first use and Qt reads them."""
    probe = (
        "import sys\n"
        "from PySide6.QtCore import QCoreApplication, QTranslator\n"
        "from kiosk.languages import compiled_catalogue\n"
        "app = QCoreApplication(sys.argv)\n"
        "for language in ('de', 'fr'):\n"
        "    path = compiled_catalogue(language)\n"
        "    translator = QTranslator()\n"
        "    print(language, path.parent, translator.load(str(path)),\n"
        "          translator.translate('Wording', 'Insufficient funds') not in ('', 'Insufficient funds'))\n"
    )
    cache = tmp_path / "cache"
    done = run([str(installed / "bin" / "python"), "-c", probe], tmp_path, 60,
               clean_env(HOME=str(tmp_path), FESTIVAL_KIOSK_CACHE=str(cache)))
    assert done.stdout.splitlines() == [f"de {cache / 'translations'} True True",
                                        f"fr {cache / 'translations'} True True"], done.stdout
