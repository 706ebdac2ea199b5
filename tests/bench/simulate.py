"""Festival night on a laptop: `python -m tests.bench.simulate [flags]` (see --help).

Runs many simulated kiosks (the real `sync` package, each with its own outbox file and device
id) against a real throwaway PostgreSQL, optionally through PgBouncer, while the network
fails, kiosk processes are SIGKILLed, the server restarts and a hot card is hammered; then
proves from every outbox and the database that nothing was lost or charged twice. Exit code 0
when every invariant passes, 1 when one fails, 2 on bad flags, 3 when the mode was skipped
(e.g. --pgbouncer without pgbouncer installed). Output: bench-results/sim-<timestamp>/.
"""

from __future__ import annotations

import shutil
import sys

from tests.bench.festival_sim.config import config_from_args
from tests.bench.festival_sim.orchestrator import Simulation, SimulationSkippedError
from tests.bench.festival_sim.report import write_report

EXIT_SKIPPED = 3


def main(argv: list[str] | None = None) -> int:
    config = config_from_args(argv)
    try:
        outcome = Simulation(config).run()
    except SimulationSkippedError as exc:
        print(f"simulation skipped: {exc}", file=sys.stderr)
        return EXIT_SKIPPED
    text, _figures = write_report(outcome)
    print(text)
    outboxes = outcome.out_dir / "outboxes"
    if outcome.passed and not config.keep_outboxes:
        shutil.rmtree(outboxes, ignore_errors=True)  # large with big card caches; kept on failure
        print(f"\nreport and plots: {outcome.out_dir}")
    else:
        print(f"\nreport, plots and every kiosk's outbox: {outcome.out_dir}")
    return 0 if outcome.passed else 1


if __name__ == "__main__":
    sys.exit(main())
