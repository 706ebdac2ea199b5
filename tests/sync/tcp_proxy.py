"""A small asyncio TCP proxy for fault tests, running its own event loop in a thread.

Modes (switch at any time with `set_mode`):
- "pass": forward both ways;
- "delay": forward both ways after `delay_s` per chunk;
- "blackhole": accept and read, forward nothing, answer nothing, keep connections open
  (like a dead router: TCP itself sees no error); when the mode changes, the held bytes
  are delivered late, as TCP retransmission would (if the other side is still there);
- "cut_response": forward the client's request to the server, then drop the server's answer
  and close both sides (executed, but the answer is lost; new connections fail during their
  handshake, as the server's answers to it are dropped too);
- "refuse": close new connections at once and cut the open ones.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from dataclasses import dataclass, field

MODES = ("pass", "delay", "blackhole", "cut_response", "refuse")


@dataclass
class ProxyStats:
    connections: int = 0
    cut_responses: int = 0
    blackholed_chunks: int = 0


@dataclass
class TcpProxy:
    """Listens on 127.0.0.1:<port> and forwards to target_host:target_port."""

    target_host: str
    target_port: int
    mode: str = "pass"
    delay_s: float = 0.0
    stats: ProxyStats = field(default_factory=ProxyStats)

    def __post_init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="tcp-proxy", daemon=True)
        self._server: asyncio.base_events.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self.port = 0

    def start(self) -> TcpProxy:
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._handle, "127.0.0.1", 0), self._loop
        ).result(5)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
        async def shutdown() -> None:
            assert self._server is not None
            self._server.close()
            for writer in list(self._writers):
                writer.close()
            await asyncio.sleep(0)

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()

    def url_for(self, url: str) -> str:
        """The same PostgreSQL URL, pointed at the proxy."""
        return url.replace(f"127.0.0.1:{self.target_port}", f"127.0.0.1:{self.port}")

    def set_mode(self, mode: str, delay_s: float = 0.0) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown proxy mode {mode!r}; one of {MODES}")
        self.delay_s = delay_s
        self.mode = mode
        if mode == "refuse":  # every open connection is cut before this returns
            asyncio.run_coroutine_threadsafe(self._close_all(), self._loop).result(5)

    async def _close_all(self) -> None:
        writers = list(self._writers)
        for writer in writers:
            writer.close()
        for writer in writers:
            with contextlib.suppress(ConnectionError, OSError):
                await writer.wait_closed()

    async def _handle(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        self.stats.connections += 1
        if self.mode == "refuse":
            client_writer.close()
            return
        try:
            server_reader, server_writer = await asyncio.open_connection(self.target_host, self.target_port)
        except OSError:
            client_writer.close()
            return
        if self.mode == "refuse":  # refused while this connection was being made
            client_writer.close()
            server_writer.close()
            return
        self._writers.update((client_writer, server_writer))
        pipes = [
            asyncio.ensure_future(self._pipe(client_reader, server_writer, client_writer, upstream=True)),
            asyncio.ensure_future(self._pipe(server_reader, client_writer, server_writer, upstream=False)),
        ]
        await asyncio.wait(pipes, return_when=asyncio.FIRST_COMPLETED)
        for task in pipes:
            task.cancel()
        for writer in (client_writer, server_writer):
            writer.close()
            self._writers.discard(writer)

    async def _pipe(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        other: asyncio.StreamWriter,
        *,
        upstream: bool,
    ) -> None:
        with contextlib.suppress(ConnectionError, OSError, asyncio.CancelledError):
            while True:
                data = await reader.read(65536)
                if not data:
                    return
                mode = self.mode
                if mode == "refuse":
                    return
                if mode == "blackhole":
                    self.stats.blackholed_chunks += 1
                    while self.mode == "blackhole":  # hold the connection open, answer nothing
                        await asyncio.sleep(0.05)
                    # Afterwards the held bytes go through late, as TCP retransmission would.
                if mode == "cut_response" and not upstream:
                    self.stats.cut_responses += 1
                    return  # the caller closes both sides: the answer never arrives
                if mode == "delay" and self.delay_s > 0:
                    await asyncio.sleep(self.delay_s)
                writer.write(data)
                await writer.drain()
