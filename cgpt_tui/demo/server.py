"""Run the stand-in: in a background thread (tests, `--demo`) or in the foreground.

`with DemoServer(port=0, api_key="demo-key", pace=0.0) as server:` gives `server.base_url`,
`server.faults`, `server.state`, `server.stream_log`, `server.ask_log` and a settable
`server.pace`.
`index_pace` (seconds a page, settable) paces the indexer; `data_dir` keeps the state and
uploaded files there across restarts (without it: in memory, files in a temporary folder
removed at stop). `serve_forever(...)` is what `cgpt-tui serve-demo` runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import shutil
import signal
import socket
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

import uvicorn

from cgpt_tui.demo.app import create_app
from cgpt_tui.demo.context import AskRecord, DemoContext
from cgpt_tui.demo.faults import FaultSwitches
from cgpt_tui.demo.indexer import Indexer
from cgpt_tui.demo.persist import Saver, open_state
from cgpt_tui.demo.seed import seed
from cgpt_tui.demo.sse import CutConnection, StreamRecord
from cgpt_tui.demo.state import DemoState

DEFAULT_KEY = "demo-key"
DEFAULT_PORT = 8799
START_TIMEOUT = 10.0
STOP_TIMEOUT = 3.0


class _QuietCuts(logging.Filter):
    """A stream cut on purpose is not an error worth a traceback in the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        problem = record.exc_info[1] if record.exc_info else None
        seen = 0
        while problem is not None and seen < 10:
            if isinstance(problem, CutConnection):
                return False
            if isinstance(problem, BaseExceptionGroup) and problem.exceptions:
                problem = problem.exceptions[0]
            else:
                problem = problem.__cause__ or problem.__context__
            seen += 1
        return True


logging.getLogger("uvicorn.error").addFilter(_QuietCuts())


class _PromptServer(uvicorn.Server):
    """uvicorn's server, but stopping at once: the main loop wakes when asked to exit
    (instead of polling every 0.1 s), and shutdown waits only as long as connections need.
    """

    _loop: asyncio.AbstractEventLoop | None = None
    _wake: asyncio.Event | None = None

    def request_exit(self) -> None:
        self.should_exit = True
        if self._loop is not None and self._wake is not None:
            with contextlib.suppress(RuntimeError):  # the loop already closed
                self._loop.call_soon_threadsafe(self._wake.set)

    async def main_loop(self) -> None:
        self._loop, self._wake = asyncio.get_running_loop(), asyncio.Event()
        counter = 0
        while not await self.on_tick(counter):
            counter = (counter + 1) % 864000
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), 0.1)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()
        for sock in sockets or []:
            sock.close()
        for connection in list(self.server_state.connections):
            connection.shutdown()  # idle ones close now; busy ones after their response
        grace = self.config.timeout_graceful_shutdown  # None: as long as they take (uvicorn's)
        deadline = math.inf if grace is None else time.monotonic() + grace
        state = self.server_state
        while (state.connections or state.tasks) and time.monotonic() < deadline:
            await asyncio.sleep(0.005)
        for task in state.tasks:
            task.cancel()
        for server in self.servers:
            await server.wait_closed()


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket. Its proto must say TCP: asyncio sets TCP_NODELAY only on accepted
    sockets that do, and without it every response waits ~40 ms (Nagle + delayed ACK).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


class DemoServer:
    """A stand-in CustomGPT server with its own data, key, pace and fault switches.

    The socket is bound when the object is made (so `port=0` has its real port at once);
    `start()` serves it from a background thread and returns once it accepts connections;
    `stop()` ends open streams abruptly and returns within a fraction of a second.
    `clock` (an aware UTC datetime) stamps the records created while it runs.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        api_key: str = DEFAULT_KEY,
        pace: float = 0.0,
        clock: Callable[[], datetime] | None = None,
        log_level: str = "warning",
        index_pace: float = 0.0,
        data_dir: str | Path | None = None,
    ) -> None:
        self.host = host
        self.api_key = api_key
        self.pace = pace
        self.index_pace = index_pace
        now = clock or (lambda: datetime.now(UTC))
        self.data_dir = Path(data_dir) if data_dir is not None else None
        self._scratch: Path | None = None
        self._saver: Saver | None = None
        if self.data_dir is None:
            self.state = DemoState(now)
            seed(self.state)
            self._scratch = Path(tempfile.mkdtemp(prefix="cgpt-demo-files-"))
            self.state.files_dir = self._scratch
        else:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            self.state = open_state(self.data_dir, now)
            self._saver = Saver(self.state, self.data_dir)
        self.indexer = Indexer(self.state, lambda: self._index_pace)
        self.context = DemoContext(self.state, api_key, pace=lambda: self._pace)
        self._socket = _bind(host, port)
        self.port: int = self._socket.getsockname()[1]
        config = uvicorn.Config(
            create_app(self.context),
            log_level=log_level,
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=1,
        )
        self._server = _PromptServer(config)
        self._thread: threading.Thread | None = None
        # Set when the server's loop has ended. Waited on instead of `Thread.join`: on
        # Python 3.11 a Ctrl-C landing in `join` marks a running thread as stopped (the
        # bpo-45274 handling releases the lock the live thread holds), and the next join
        # returns at once while the loop is still shutting down.
        self._ended = threading.Event()
        self._stopped = False

    @property
    def pace(self) -> float:
        """Tokens a second for streamed answers (0: as fast as possible); settable any time."""
        return self._pace

    @pace.setter
    def pace(self, value: float) -> None:
        if value < 0:
            raise ValueError("pace must be 0 (no waiting) or a positive number of tokens a second")
        self._pace = float(value)

    @property
    def index_pace(self) -> float:
        """Seconds the indexer takes for each page (0: at once); settable any time."""
        return self._index_pace

    @index_pace.setter
    def index_pace(self, value: float) -> None:
        if value < 0:
            raise ValueError("index_pace must be 0 (no waiting) or a positive number of seconds")
        self._index_pace = float(value)

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def faults(self) -> FaultSwitches:
        return self.context.faults

    @property
    def stream_log(self) -> list[StreamRecord]:
        return self.context.stream_log

    @property
    def ask_log(self) -> deque[AskRecord]:
        return self.context.ask_log

    @property
    def running(self) -> bool:
        return self._thread is not None and not self._ended.is_set()

    def start(self) -> DemoServer:
        if self._stopped or self._thread is not None:
            raise RuntimeError("a DemoServer starts once; make a new one")
        self._thread = threading.Thread(
            target=self._serve,
            name=f"demo-server-{self.port}",
            daemon=True,
        )
        self._thread.start()
        self.indexer.start()
        if self._saver is not None:
            self._saver.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not self._server.started:
            if self._ended.is_set() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the stand-in server did not start")
            time.sleep(0.002)
        return self

    def _serve(self) -> None:
        try:
            asyncio.run(self._server.serve(sockets=[self._socket]))
        finally:
            self._ended.set()

    def stop(self) -> None:
        """Stop serving: open streams end abruptly (`server_stopped` in their records)."""
        self._stopped = True
        self.context.stopping.set()
        self.indexer.stop()
        self._server.request_exit()
        ended = self._thread is None or self._ended.wait(STOP_TIMEOUT)
        if not ended:
            self._server.force_exit = True
            ended = self._ended.wait(STOP_TIMEOUT)
        if ended:  # closing the socket under a loop still closing it raises there
            self._socket.close()
        if self._saver is not None:
            self._saver.stop()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the server's loop ends (True) or `timeout` passes (False)."""
        if self._thread is not None:
            self._ended.wait(timeout)
        return not self.running

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve_forever(
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    api_key: str = DEFAULT_KEY,
    pace: float = 0.0,
    index_pace: float = 0.5,
    data_dir: str | Path | None = None,
) -> None:
    """Serve in the foreground until Ctrl-C (or SIGTERM, stopping as cleanly: a data folder
    gets its last save), announcing the address once it listens."""
    server = DemoServer(
        host=host, port=port, api_key=api_key, pace=pace, index_pace=index_pace, data_dir=data_dir
    )
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.start()
        print(f"CustomGPT stand-in listening on {server.base_url} (API key: {api_key})", flush=True)
        while not server.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        try:
            server.stop()
        except KeyboardInterrupt:  # a second Ctrl-C while stopping: stop harder, quietly
            server._server.force_exit = True
