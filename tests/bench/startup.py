"""Startup: process start to the first frame showing the agent list, in a pseudo-terminal.

The app runs as a non-editable install does (`terminal_app.installed_copy`: the package
with its bytecode compiled); the baseline is a bare Textual app with a Header and a Footer,
from the same Python and its compiled Textual, started the same way and timed to the first
frame showing its title. Runs alternate, so a slow moment of the machine falls on both.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from tests.bench.standin import StandIn
from tests.bench.terminal_app import COLUMNS, LINES, app_in_terminal
from tests.e2e.terminal import Terminal

BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Header

class Bare(App):
    TITLE = "bare-baseline"
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self):
        yield Header()
        yield Footer()

Bare().run()
"""
AGENT_NAME = b"Northwind Help Center"
CHAT_PANE = b"Pick an agent to start"  # the last pane: a frame with it and the list is whole


def _bare_start() -> float:
    terminal = Terminal([sys.executable, "-c", BARE_APP], columns=COLUMNS, lines=LINES)
    started = time.perf_counter()
    terminal.emulate = False
    try:
        return terminal.wait_for_bytes(b"bare-baseline", 0, timeout=30) - started
    finally:
        terminal.close()


def _app_start(server: StandIn) -> float:
    with app_in_terminal(server, installed=True) as terminal:
        started = time.perf_counter()  # the child was spawned just before
        terminal.emulate = False
        listed = terminal.wait_for_bytes(AGENT_NAME, 0, timeout=30)
        return max(listed, terminal.wait_for_bytes(CHAT_PANE, 0, timeout=30)) - started


def startup_times(runs: int) -> tuple[float, float]:
    """Median seconds to the first useful frame: (cgpt-tui, bare Textual app)."""
    subprocess.run([sys.executable, "-c", "import textual.app"], check=True)  # warm the disk cache
    ours, bare = [], []
    with StandIn() as server:
        _app_start(server)  # first run compiles nothing new, but warms the page cache
        for _ in range(runs):
            bare.append(_bare_start())
            ours.append(_app_start(server))
    return statistics.median(ours), statistics.median(bare)
