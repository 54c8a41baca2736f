"""The first page of agents asked for by a child process (api/prefetch.py), against the
stand-in over loopback: the same page the client reads, nothing handed back when the API
refuses or fails (the app then asks itself), the network's error when the server cannot be
reached, the key kept off the child's command line and environment, and no child left."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cgpt_tui.api import CustomGPTClient, NetworkError
from cgpt_tui.api.prefetch import FirstAgents, worth_it
from cgpt_tui.secret import ApiKey

pytestmark = pytest.mark.skipif(not worth_it(), reason="asked ahead only with 2 CPUs on POSIX")


def ask(base_url: str, key: str) -> FirstAgents:
    asked = FirstAgents.ask(base_url, ApiKey(key), timeout=10.0, read_retries=0)
    assert asked is not None
    return asked


def gone(pid: int) -> bool:
    """The process has ended (a zombie not yet reaped has ended too)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status


async def test_the_page_asked_ahead_is_the_clients_first_page(demo_server) -> None:
    asked = ask(demo_server.base_url, demo_server.api_key)
    page = await asked.page()
    async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
        expected = await client.list_agents(1)
    assert page == expected
    assert page is not None and page.items, "the stand-in's agents"
    assert asked._process.wait(5) == 0


async def test_a_refused_key_leaves_the_request_to_the_app(demo_server) -> None:
    asked = ask(demo_server.base_url, "not-the-key")
    assert await asked.page() is None  # the app's own request then meets the 401


async def test_an_error_of_the_api_leaves_the_request_to_the_app(demo_server) -> None:
    demo_server.faults.fail_next(n=1, status=500, message="boom", path="/projects")
    asked = ask(demo_server.base_url, demo_server.api_key)
    assert await asked.page() is None
    assert demo_server.faults.pending()["requests"] == [], "the child met the fault"


async def test_an_unreachable_server_is_the_apps_network_error() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    asked = ask(f"http://127.0.0.1:{port}", "secret-key-123")
    with pytest.raises(NetworkError) as caught:
        await asked.page()
    assert "secret-key-123" not in str(caught.value)


async def test_the_key_is_neither_on_the_command_line_nor_in_the_environment(
    demo_server,
) -> None:
    demo_server.faults.delay_next(3.0, path="/projects")  # the child is still asking
    asked = ask(demo_server.base_url, demo_server.api_key)
    pid = asked._process.pid
    try:
        time.sleep(0.3)
        command_line = Path(f"/proc/{pid}/cmdline").read_bytes()
        environment = Path(f"/proc/{pid}/environ").read_bytes()
    finally:
        asked.stop()
    assert b"cgpt_tui.api.prefetch" in command_line  # it is the child
    assert demo_server.api_key.encode() not in command_line
    assert demo_server.api_key.encode() not in environment
    assert await asked.page() is None  # stopped: nothing handed back
    assert gone(pid)


PARENT = """
import sys, time
from cgpt_tui.api.prefetch import FirstAgents
from cgpt_tui.secret import ApiKey
asked = FirstAgents.ask(sys.argv[1], ApiKey(sys.argv[2]), timeout=30.0, read_retries=0)
print(asked._process.pid, flush=True)
time.sleep(60)
"""


def test_the_child_ends_with_the_app_even_when_the_app_is_killed(demo_server) -> None:
    demo_server.faults.delay_next(20.0, path="/projects")  # the child would wait 20 s
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, demo_server.base_url, demo_server.api_key],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        time.sleep(0.5)  # the child is asking
        assert not gone(child)
    finally:
        parent.kill()
        parent.wait(5)
    deadline = time.monotonic() + 3
    while not gone(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert gone(child), "the child outlived the app"


def test_one_cpu_asks_nothing_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert FirstAgents.ask("http://127.0.0.1:9", ApiKey("k"), timeout=1.0, read_retries=0) is None
