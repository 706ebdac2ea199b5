"""Runs the benchmarks one after another, each in its own process, and prints their figures.

    ./dev bench                 all of them
    ./dev bench backend ui      only these (backend, sync, nfc, ui, simulate)

Each benchmark starts what it needs (a throwaway PostgreSQL, an emulated card) and prints
its own figures; they are not part of the pass/fail test suite.
"""

from __future__ import annotations

import subprocess
import sys

BENCHMARKS = {
    "backend": "tests.bench.bench_backend",
    "sync": "tests.bench.bench_sync",
    "nfc": "tests.bench.bench_nfc",
    "ui": "tests.bench.bench_ui",
    "simulate": "tests.bench.simulate",
}


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
        return 2
    failed = []
    for name in names:
        print(f"\n=== {name} ({BENCHMARKS[name]}) ===", flush=True)
        if subprocess.run([sys.executable, "-m", BENCHMARKS[name]]).returncode != 0:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
