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
    parser.add_argument("--kiosk-mode", action="store_true", help="full screen, no window frame")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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
