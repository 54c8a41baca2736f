"""Run the stand-in: in a background thread (tests, `--demo`) or in the foreground."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from types import TracebackType

import uvicorn

from cgpt_tui.demo.app import create_app
from cgpt_tui.demo.context import DemoContext
from cgpt_tui.demo.faults import FaultSwitches
from cgpt_tui.demo.seed import seed
from cgpt_tui.demo.sse import CutConnection, StreamRecord
from cgpt_tui.demo.state import DemoState

DEFAULT_KEY = "demo-key"
DEFAULT_PORT = 8799
STOP_TIMEOUT = 3.0


class _QuietCuts(logging.Filter):
    """A stream cut on purpose is not an error worth a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        while exc is not None:
            if isinstance(exc, CutConnection):
                return False
            exc = (
                exc.__cause__
                or exc.__context__
                or (exc.exceptions[0] if isinstance(exc, BaseExceptionGroup) else None)
            )
        return True


logging.getLogger("uvicorn.error").addFilter(_QuietCuts())


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.setblocking(False)
    return sock


class DemoServer:
    """A stand-in CustomGPT server with its own data, key and fault switches."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        api_key: str = DEFAULT_KEY,
        pace: float = 0.0,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.host = host
        self.api_key = api_key
        self.pace = pace
        self.state = DemoState(clock or (lambda: datetime.now(UTC)))
        seed(self.state)
        self.context = DemoContext(self.state, api_key, pace=lambda: self.pace)
        self._socket = _bind(host, port)
        self.port = self._socket.getsockname()[1]
        config = uvicorn.Config(
            create_app(self.context),
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=1,
        )
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

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

    def start(self) -> DemoServer:
        self._thread = threading.Thread(
            target=lambda: asyncio.run(self._server.serve(sockets=[self._socket])),
            name=f"demo-server-{self.port}",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the stand-in server did not start")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(STOP_TIMEOUT)
            if self._thread.is_alive():
                self._server.force_exit = True
                self._thread.join(STOP_TIMEOUT)
            self._thread = None
        self._socket.close()

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def serve_forever(
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    api_key: str = DEFAULT_KEY,
    pace: float = 0.0,
) -> None:
    """Serve in the foreground until Ctrl-C, announcing the address once."""
    server = DemoServer(host=host, port=port, api_key=api_key, pace=pace)
    server.start()
    print(f"CustomGPT stand-in listening on {server.base_url} (API key: {api_key})", flush=True)
    try:
        while server._thread is not None and server._thread.is_alive():
            server._thread.join(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
