"""Command line of `festival-kiosk`: parses arguments and hands over to the app or a tool."""

from __future__ import annotations

import argparse
import sys


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="festival-kiosk", description="Cashless NFC payment kiosk for festivals."
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start an embedded PostgreSQL with the demo data and a simulated card reader",
    )
    parser.add_argument(
        "--role",
        choices=["bar", "checkpoint"],
        default="bar",
        help="with --demo: which kiosk to open (default: bar)",
    )
    parser.add_argument(
        "--demo-dir",
        metavar="DIR",
        help="with --demo: where the embedded database and the demo outbox live "
        "(default: under the user data directory)",
    )
    parser.add_argument(
        "--demo-script",
        metavar="FILE",
        help="with --demo: run the steps of FILE on the kiosk (product ID, charge, tap N, "
        "expect TEXT, quit; see kiosk/ui/demo_script.py), echoing each on stdout",
    )
    parser.add_argument(
        "--test-reader",
        nargs="?",
        const="",
        metavar="PATH",
        help="list card readers, open one (usb, usb:VID:PID, tty:USB0:pn532, udp:host:port) "
        "and print every tap until Ctrl-C",
    )
    parser.add_argument(
        "--provision", metavar="FILE", help="write this kiosk's configuration from a TOML file"
    )
    parser.add_argument(
        "--device",
        metavar="NAME",
        help="with --provision: which [kiosks.NAME] table (or device id) to use "
        "(default: this machine's host name)",
    )
    parser.add_argument("--config", metavar="FILE", help="configuration file to use")
    parser.add_argument(
        "--export-outbox",
        metavar="FILE.csv",
        help="recovery: write every readable request of this kiosk's local store (even a "
        "damaged one, which is left untouched) to a CSV file for a supervisor, then exit",
    )
    parser.add_argument(
        "--store",
        metavar="PATH",
        help="with --export-outbox: the store file (default: the configured outbox_path)",
    )
    parser.add_argument("--kiosk-mode", action="store_true", help="full screen, no window frame")
    parser.add_argument(
        "--language",
        choices=["en", "de", "fr"],
        help="the screens' language for this run (default: the language setting)",
    )
    return parser


def export_outbox_main(out: str, store: str | None, config: str | None) -> int:
    """--export-outbox: no Qt, no network; prints what it wrote or why it could not."""
    import sqlite3
    from pathlib import Path

    from sync.export import export_outbox

    if store is None:
        from kiosk.settings import SettingsError, load_settings, resolve_config_path

        try:
            settings = load_settings(resolve_config_path(config))
        except (SettingsError, OSError) as exc:
            print(f"festival-kiosk: cannot read the configuration: {exc}", file=sys.stderr)
            return 2
        if settings is None:
            print("festival-kiosk: no configuration found: name the store with --store PATH", file=sys.stderr)
            return 2
        store_path = settings.resolved_outbox_path()
    else:
        store_path = Path(store).expanduser()
    try:
        report = export_outbox(store_path, out)
    except (OSError, sqlite3.DatabaseError) as exc:
        print(f"festival-kiosk: nothing could be exported from {store_path}: {exc}", file=sys.stderr)
        return 1
    mark = f"; the store's mark says {report.high_water} request(s) were written" if report.high_water else ""
    skipped = f", {report.unreadable} unreadable" if report.unreadable else ""
    print(f"exported {report.rows} request(s) from {store_path} to {out} ({report.note}{skipped}){mark}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.export_outbox:
        return export_outbox_main(args.export_outbox, args.store, args.config)
    if args.test_reader is not None:
        from kiosk.nfc.diagnostics import run_test_reader

        return run_test_reader(args.test_reader or None)
    if args.provision:
        from kiosk.provision import provision_main
        from kiosk.settings import resolve_config_path

        return provision_main(args.provision, resolve_config_path(args.config), device=args.device)
    from kiosk.app import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
