"""Typing while an answer streams: key press in the composer to the terminal showing it.

The installed app runs in a real pseudo-terminal; each key is a letter not used in the answer
(Latin Extended-A), so its echo is found in the bytes the app writes. The baseline is the
same typing while nothing streams.
"""

from __future__ import annotations

import random
import time

from tests.bench.standin import StandIn
from tests.bench.terminal_app import app_in_terminal
from tests.e2e.terminal import Terminal

PACE = 1000  # tokens a second
LETTERS = [chr(code) for code in range(0x100, 0x180)]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def type_keys(terminal: Terminal, letters: list[str], until: float | None = None) -> list[float]:
    """Seconds from writing each key to its letter coming back, keys 30–80 ms apart; with
    `until` (a `time.monotonic()`), no key is typed after it."""
    latencies = []
    pause = random.Random(7)
    for letter in letters:
        if until is not None and time.monotonic() >= until:
            break
        offset = terminal.type(letter)
        sent = time.perf_counter()
        latencies.append(terminal.wait_for_bytes(letter.encode(), offset) - sent)
        time.sleep(pause.uniform(0.03, 0.08))
    return latencies


def typing_latencies(presses: int) -> tuple[list[float], list[float]]:
    """(idle, while streaming) key-to-screen latencies in seconds, `presses` keys each."""
    assert 2 * presses <= len(LETTERS), "each key needs a letter of its own"
    answer_tokens = int(PACE * (presses * 0.1 + 10))  # outlasts the typing
    with (
        StandIn(answers=[answer_tokens], pace=PACE) as server,
        app_in_terminal(
            server, "--agent", str(server.agent_id), "--conversation", server.session_id
        ) as terminal,
    ):
        terminal.wait_for("No messages yet", timeout=30)  # the composer has the focus
        terminal.emulate = False
        idle = type_keys(terminal, LETTERS[:presses])
        terminal.type("\x15")  # ctrl+u: clear the composer
        terminal.emulate = True
        terminal.send("How do I export all my data?\r")
        terminal.wait_for("esc to stop", timeout=30)
        started = time.monotonic()
        terminal.emulate = False
        streaming = type_keys(terminal, LETTERS[presses : 2 * presses])
        assert time.monotonic() - started < answer_tokens / PACE, "the answer ended early"
        return idle, streaming
