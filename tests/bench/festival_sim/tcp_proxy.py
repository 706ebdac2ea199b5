"""A small asyncio TCP proxy with one listening port per kiosk, to cut kiosks off the network.

Runs in its own process (`python -m tests.bench.festival_sim.tcp_proxy SPEC.json`) so the
orchestrator stays responsive and a killed kiosk worker leaves the network as it was. Every
kiosk connects to the backend (PostgreSQL or PgBouncer) through its own port; the outage
schedule from the fault plan says, per kiosk and time, whether its bytes flow:

- reset: open connections are reset and new ones are closed at once;
- blackhole: bytes vanish both ways and new connections hang (dead Wi-Fi);
- lost_replies: requests reach the server, answers vanish.

When an outage ends, every connection it touched is closed (a lost NAT entry), so a kiosk
never waits on a connection the outage made half-dead. Everything listens on 127.0.0.1 only.
The process stops on SIGTERM, when its parent dies, or after `max_lifetime_s`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import struct
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.bench.festival_sim.faults import Outage

CHUNK = 65536


@dataclass(eq=False)
class ProxiedConnection:
    client: asyncio.StreamWriter
    upstream: asyncio.StreamWriter | None = None
    doomed: bool = False  # an outage touched it: close it when the outage ends

    def abort(self, reset: bool) -> None:
        for writer in (self.client, self.upstream):
            if writer is None:
                continue
            if reset:
                sock = writer.get_extra_info("socket")
                with contextlib.suppress(OSError, AttributeError):
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()


@dataclass
class ProxyCounters:
    connections: int = 0
    refused: int = 0
    aborted: int = 0
    upstream_failures: int = 0
    bytes_up: int = 0
    bytes_down: int = 0
    bytes_dropped: int = 0


@dataclass
class KioskLink:
    """The proxy port of one kiosk and its outage schedule."""

    kiosk_id: str
    outages: list[Outage]
    counters: ProxyCounters
    t0: float | None = None  # the run's start; no outage before it is known
    connections: set[ProxiedConnection] = field(default_factory=set)

    def mode(self) -> str | None:
        if self.t0 is None:
            return None
        now = time.time() - self.t0
        for outage in self.outages:
            if outage.start <= now < outage.end:
                return outage.mode
        return None


class KioskProxy:
    """Forwards one kiosk's connections to the upstream backend, obeying its outages."""

    def __init__(self, link: KioskLink, upstream: tuple[str, int]) -> None:
        self.link = link
        self.upstream = upstream

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        link, counters = self.link, self.link.counters
        counters.connections += 1
        mode = link.mode()
        conn = ProxiedConnection(client=writer, doomed=mode is not None)
        if mode == "reset":
            counters.refused += 1
            conn.abort(reset=True)
            return
        link.connections.add(conn)
        try:
            if mode == "blackhole":
                await self._swallow(reader)
                return
            try:
                up_reader, up_writer = await asyncio.wait_for(asyncio.open_connection(*self.upstream), 5)
            except (OSError, TimeoutError):
                counters.upstream_failures += 1
                conn.abort(reset=True)
                return
            conn.upstream = up_writer
            await asyncio.gather(
                self._pump(reader, up_writer, downstream=False),
                self._pump(up_reader, writer, downstream=True),
                return_exceptions=True,
            )
        finally:
            link.connections.discard(conn)
            conn.abort(reset=False)

    async def _swallow(self, reader: asyncio.StreamReader) -> None:
        while data := await reader.read(CHUNK):
            self.link.counters.bytes_dropped += len(data)

    async def _pump(self, src: asyncio.StreamReader, dst: asyncio.StreamWriter, *, downstream: bool) -> None:
        counters = self.link.counters
        try:
            while data := await src.read(CHUNK):
                mode = self.link.mode()
                if mode == "blackhole" or (mode == "lost_replies" and downstream):
                    counters.bytes_dropped += len(data)
                    continue
                dst.write(data)
                await dst.drain()
                if downstream:
                    counters.bytes_down += len(data)
                else:
                    counters.bytes_up += len(data)
        except (ConnectionError, OSError):
            pass
        finally:
            _close_quietly(dst)

    async def enforce_schedule(self) -> None:
        """At each outage start doom (or reset) live connections; at its end close the doomed."""
        link = self.link
        assert link.t0 is not None
        for outage in sorted(link.outages, key=lambda o: o.start):
            await _sleep_until(link.t0 + outage.start)
            for conn in list(link.connections):
                conn.doomed = True
                if outage.mode == "reset":
                    link.counters.aborted += 1
                    conn.abort(reset=True)
            await _sleep_until(link.t0 + outage.end)
            for conn in list(link.connections):
                if conn.doomed:
                    link.counters.aborted += 1
                    conn.abort(reset=True)


def _close_quietly(writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(OSError, RuntimeError):
        if writer.can_write_eof():
            writer.write_eof()
    writer.close()


async def _sleep_until(deadline: float) -> None:
    delay = deadline - time.time()
    if delay > 0:
        await asyncio.sleep(delay)


async def _wait_for_t0(spec: dict, stop: asyncio.Event) -> float | None:
    """The run's t0: given in the spec, or written later by the orchestrator to `go_file`."""
    if spec.get("t0") is not None:
        return float(spec["t0"])
    go_file = Path(spec["go_file"])
    while not stop.is_set():
        with contextlib.suppress(FileNotFoundError, ValueError, KeyError, json.JSONDecodeError):
            return float(json.loads(go_file.read_text())["t0"])
        await asyncio.sleep(0.1)
    return None


async def _play_schedule(spec: dict, stop: asyncio.Event, proxies: list[KioskProxy]) -> None:
    t0 = await _wait_for_t0(spec, stop)
    if t0 is None:
        return
    for proxy in proxies:
        proxy.link.t0 = t0
    await asyncio.gather(*(proxy.enforce_schedule() for proxy in proxies))


async def serve(spec: dict) -> dict:
    """Run the proxy described by `spec` until stopped; return the per-kiosk counters."""
    upstream = (spec["upstream_host"], int(spec["upstream_port"]))
    # a kiosk may have an upstream of its own (one of several gateway servers)
    upstreams = {k: (spec["upstream_host"], int(port)) for k, port in spec.get("upstream_ports", {}).items()}
    outages = [Outage(**o) for o in spec.get("outages", [])]
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    counters: dict[str, ProxyCounters] = {}
    servers, proxies, links, ports = [], [], [], {}
    for kiosk_id in spec["kiosks"]:
        counters[kiosk_id] = ProxyCounters()
        link = KioskLink(kiosk_id, [o for o in outages if o.kiosk_id == kiosk_id], counters[kiosk_id])
        links.append(link)
        proxy = KioskProxy(link, upstreams.get(kiosk_id, upstream))
        proxies.append(proxy)
        server = await asyncio.start_server(proxy.handle, "127.0.0.1", 0, backlog=256)
        servers.append(server)
        ports[kiosk_id] = server.sockets[0].getsockname()[1]
    tasks = [asyncio.create_task(_play_schedule(spec, stop, proxies))]
    ports_file = Path(spec["ports_file"])
    tmp = ports_file.with_suffix(".tmp")
    tmp.write_text(json.dumps(ports))
    tmp.replace(ports_file)
    parent = os.getppid()
    deadline = time.time() + float(spec.get("max_lifetime_s", 3600))
    while not stop.is_set() and time.time() < deadline and os.getppid() == parent:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.5)
    loop.set_exception_handler(lambda _loop, _context: None)  # handlers cancelled at shutdown
    for task in tasks:
        task.cancel()
    for server in servers:
        server.close()
    for link in links:
        for conn in list(link.connections):
            conn.abort(reset=False)
    await asyncio.sleep(0.05)
    return {k: vars(c) for k, c in counters.items()}


def main(argv: list[str]) -> int:
    spec = json.loads(Path(argv[0]).read_text())
    result = asyncio.run(serve(spec))
    if spec.get("stats_file"):
        Path(spec["stats_file"]).write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
