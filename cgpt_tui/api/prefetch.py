"""The first page of agents, asked for by a child process while the app starts.

The network stack (httpx, httpcore, anyio, h11, and the standard library's email and
http.client that httpx imports) is ~280 M instructions of a ~2.0 G start (cachegrind): a
seventh of it, on the main thread, before the first frame can show the agents. Here a child
process, on another core, imports it and asks for the first page with the client's own
Transport (the same headers, key, TLS and proxies), and hands back the answer's `data` as
JSON (the query and the reading of the answer are `list_agents`'s own, agents.py). The app
imports httpx after its first frame.

Whatever goes wrong hands back nothing and the app asks itself, as it did before: the key
refused (the app's own request then asks the user to sign in again), any other error of the
API, a malformed answer, the child gone. The one exception is a server that cannot be
reached: that error is the app's too (`NetworkError`, same message), so a server that does
not answer is not waited for twice.

The key goes to the child through its standard input, never its command line or its
environment (a key the app was given in its environment is left out of the child's). The
child ends with the app (PR_SET_PDEATHSIG on Linux) and after its one request; on other
systems, or with one CPU, nothing is asked ahead (`ask` gives None).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import subprocess
import sys
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from cgpt_tui.api.agents import AGENTS_PATH, agents_page, agents_query
from cgpt_tui.api.errors import NetworkError
from cgpt_tui.api.pages import Page
from cgpt_tui.api.records import Agent
from cgpt_tui.secret import ApiKey

PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the folder holding this cgpt_tui
CHILD = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "from cgpt_tui.api.prefetch import child_main; child_main()"
)


def worth_it() -> bool:
    """A child helps where it runs beside the app: a POSIX system with two CPUs or more."""
    if os.name != "posix":
        return False
    affinity = getattr(os, "sched_getaffinity", None)
    cpus = len(affinity(0)) if affinity is not None else (os.cpu_count() or 1)
    return cpus >= 2


class FirstAgents:
    """The child's answer, read on a thread (its pipe blocks) and handed to the event loop."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self._process = process
        self._answer: concurrent.futures.Future[dict[str, Any] | None] = concurrent.futures.Future()
        threading.Thread(target=self._read, name="first-agents", daemon=True).start()

    @classmethod
    def ask(
        cls,
        base_url: str,
        api_key: ApiKey,
        *,
        timeout: float,
        read_retries: int,
        environment: Mapping[str, str] | None = None,
    ) -> FirstAgents | None:
        """Start the child (None where it would not help, or could not be started).
        `environment`: the child's (default: this process's); the caller leaves out a key
        it was given there, which the child does not need."""
        if not worth_it() or not sys.executable:
            return None
        order = {
            "base_url": base_url,
            "key": api_key.reveal(),
            "timeout": timeout,
            "read_retries": read_retries,
            "parent": os.getpid(),
        }
        try:
            process = subprocess.Popen(
                [sys.executable, "-P", "-c", CHILD, str(PACKAGE_ROOT)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=environment,
                close_fds=True,
            )
        except OSError:
            return None
        assert process.stdin is not None
        try:
            with process.stdin:
                process.stdin.write(json.dumps(order).encode())
        except OSError:  # the child is gone already
            pass
        return cls(process)

    def _read(self) -> None:
        stdout = self._process.stdout
        assert stdout is not None
        answer: dict[str, Any] | None = None
        try:
            with stdout:
                text = stdout.read()
            self._process.wait()
            if self._process.returncode == 0:
                answer = json.loads(text)
        except (OSError, ValueError, RecursionError):
            answer = None
        self._answer.set_result(answer if isinstance(answer, dict) else None)

    async def page(self) -> Page[Agent] | None:
        """The first page of agents; None when the app must ask itself. Raises NetworkError
        when the server could not be reached."""
        answer = await asyncio.wrap_future(self._answer)
        if answer is None:
            return None
        if "unreachable" in answer:
            raise NetworkError(str(answer["unreachable"]))
        try:
            return agents_page(answer.get("data"))
        except Exception:  # a malformed answer: the app's own request says what is wrong
            return None

    def stop(self) -> None:
        """End the child if it is still asking (the app is leaving)."""
        if self._process.poll() is None:
            self._process.kill()


# ------------------------------------------------------------------ the child


def _end_with_parent(parent: int) -> None:
    """Die with the app, even when it is killed (Linux); gone already: leave now."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        pr_set_pdeathsig = 1
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)


async def _ask(order: dict[str, Any]) -> dict[str, Any]:
    from cgpt_tui.api.errors import CustomGPTError
    from cgpt_tui.api.transport import Transport

    wire = Transport(
        order["base_url"],
        ApiKey(order["key"]),
        timeout=order["timeout"],
        stream_timeout=None,
        read_retries=order["read_retries"],
    )
    try:
        data = await wire.data("GET", AGENTS_PATH, params=agents_query(1))
    except NetworkError as error:
        return {"unreachable": wire.scrub(error.message)}
    except CustomGPTError:
        return {}
    finally:
        await wire.aclose()
    return {"data": data}


def child_main() -> None:
    """The child: one order on stdin, one JSON answer on stdout, exit status 0 with it."""
    order = json.loads(sys.stdin.read())
    _end_with_parent(order["parent"])
    answer = asyncio.run(_ask(order))
    if not answer:
        os._exit(1)
    out: IO[bytes] = sys.stdout.buffer
    out.write(json.dumps(answer).encode())
    out.flush()
