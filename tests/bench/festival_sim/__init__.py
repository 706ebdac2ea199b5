"""Parts of the festival simulation (`python -m tests.bench.simulate`).

Many simulated kiosks drive the real `sync` package against a real PostgreSQL (optionally
behind PgBouncer) while faults happen: network cuts through a TCP proxy per kiosk, worker
processes killed with SIGKILL, the server restarted, a hot card hammered. At the end the
invariant checker reads every kiosk's outbox and the database and proves nothing was lost
or charged twice.
"""
