"""Uploading a big file: the client streams it from disk, so its memory hardly grows.

A file of `size` bytes (sparse: nothing written to disk but its length) is added as a source
of the seeded agent of a stand-in running in its own process, through `add_source(file=...)`.
A thread samples this process's resident memory (/proc/self/statm) every few milliseconds
during the upload; the figure is the highest sample above the one taken just before. The
baseline, measured after it in the same process, sends the same file read whole into memory
(`files={"file": (name, path.read_bytes())}`), as a client that does not stream would.
"""

from __future__ import annotations

import asyncio
import gc
import resource
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

import httpx

from cgpt_tui.api import CustomGPTClient
from tests.bench.standin import StandIn

MB = 1_000_000
SAMPLE_EVERY = 0.002  # seconds between two looks at the resident memory


def resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()


class PeakMemory:
    """The highest resident memory seen while the block runs, sampled in a thread."""

    def __init__(self) -> None:
        self.start = 0
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, resident_bytes())
            time.sleep(SAMPLE_EVERY)

    def __enter__(self) -> PeakMemory:
        gc.collect()
        self.start = self.peak = resident_bytes()
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, resident_bytes())

    @property
    def growth_mb(self) -> float:
        return (self.peak - self.start) / MB


@dataclass(frozen=True)
class Upload:
    growth_mb: float  # resident memory above where it started, at its highest
    seconds: float


async def _measure(send: Callable[[], Awaitable[object]]) -> Upload:
    with PeakMemory() as memory:
        started = time.perf_counter()
        await send()
        seconds = time.perf_counter() - started
    return Upload(memory.growth_mb, seconds)


def big_file(folder: Path, size: int) -> Path:
    """A text file of `size` bytes that takes no room on disk (a hole reads as NULs)."""
    path = folder / "big.txt"
    with path.open("wb") as out:
        out.write(b"The first line of a very big file.\n")
        out.truncate(size)
    return path


async def _uploads(server: StandIn, path: Path) -> tuple[Upload, Upload]:
    async with CustomGPTClient(server.base_url, server.api_key, timeout=300) as client:
        await client.get_user()  # connection made, everything imported, before measuring
        streamed = await _measure(lambda: client.add_source(server.agent_id, file=path))
        pages = [page async for page in client.iter_pages(server.agent_id, limit=100)]
        sizes = [page.filesize for page in pages if page.filename == path.name]
        assert sizes == [path.stat().st_size], f"the server got {sizes}, not the whole file"
    headers = {"Authorization": f"Bearer {server.api_key}"}
    url = f"{server.base_url}/api/v1/projects/{server.agent_id}/sources"
    async with httpx.AsyncClient(headers=headers, timeout=300) as raw:
        await raw.get(f"{server.base_url}/api/v1/user")

        async def whole() -> None:
            content = path.read_bytes()
            response = await raw.post(url, files={"file": (path.name, content)})
            response.raise_for_status()

        read_whole = await _measure(whole)
    return streamed, read_whole


def upload_memory(size: int) -> tuple[Upload, Upload]:
    """(streamed from disk, read whole) for one file of `size` bytes."""
    with TemporaryDirectory() as folder, StandIn() as server:
        return asyncio.run(_uploads(server, big_file(Path(folder), size)))
