"""One answer at a reading pace, in a real terminal: what it costs the machine and the link.

The app, installed (`terminal_app.installed_copy`: its bytecode compiled, as a user has it;
the editable install here compiles each module it imports, and the first answer imports
some), runs in a 160x48 pseudo-terminal on a conversation whose earlier answers
are all loaded (Home until the first question shows, then End), and asks once; the stand-in
streams the benchmark corpus's Markdown answer at a set pace. From the Enter that sends the
question to the frame showing the answer finished (its "answering…" line gone):

- CPU seconds of the app's process (utime + stime of /proc/<pid>/stat, every thread),
- bytes the app wrote to the terminal (read from the pty master; the cursor blink and the
  clock are part of them, as they are of what a real terminal receives).

The finishing frame is found afterwards: while the answer streams, each chunk of output is
only kept with its arrival time and the CPU then (a terminal emulator fed live would take a
core from the app); then the chunks are fed through pyte one by one until the screen shows
the answer finished. Key → screen while the answer streams is measured in a second run at the
same pace (keys would add their own frames to the first), as `typing` measures it.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass

from tests.bench.corpus import markdown_answer
from tests.bench.standin import StandIn
from tests.bench.terminal_app import app_in_terminal
from tests.bench.typing import LETTERS, type_keys
from tests.e2e.terminal import Terminal

SIZE = (160, 48)
QUESTION = "How do I export all my data?"
ACTIVE = ("● sending…", "● answering…")  # the entry's status line until it is done
ENDED_BADLY = ("■ stopped", "▲ interrupted", "✕ failed")
FIRST_QUESTION = re.compile(r"│\s+Question 1\s+│")  # the transcript's top: all pages loaded
TICK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class AnswerCost:
    """One answer, from the Enter that sent its question to the frame showing it finished."""

    seconds: float
    cpu_seconds: float  # of the app's process
    terminal_bytes: int  # written by the app to the terminal

    @property
    def cpu_share(self) -> float:
        return self.cpu_seconds / self.seconds


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of process `pid` so far (all its threads)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime: fields 14 and 15


def answer_text_bytes(tokens: int) -> int:
    """The size of the answer's own text, UTF-8: what an ideal client would have to write."""
    return len(markdown_answer(tokens).encode())


def _open_conversation(terminal: Terminal, history: int) -> None:
    """Wait for the conversation, load every earlier answer, and leave the composer focused."""
    terminal.wait_for("Ask about your", timeout=60)  # the composer, focused
    if history:
        terminal.send("\x1b")  # esc: to the last answer
        deadline = time.monotonic() + 60
        while not any(FIRST_QUESTION.search(line) for line in terminal.screen.display):
            assert time.monotonic() < deadline, f"no first question:\n{terminal.text()}"
            terminal.send("\x1b[H")  # Home: the first message, older pages load as it goes
            terminal.pump(0.4)
        terminal.send("\x1b[F")  # End: back to the newest
        terminal.send("\t")  # back to the composer
    terminal.pump(0.5)
    offset = terminal.type(QUESTION)
    terminal.emulate = False
    terminal.wait_for_bytes(QUESTION[-5:].encode(), offset, timeout=30)  # the composer echoed it
    terminal.pump(0.3)  # its frame, and the blink after it, are not the answer's
    terminal.stream.feed(bytes(terminal.raw[offset:]))  # the emulated screen, up to date


def answer_cost(tokens: int, pace: float, history: int) -> AnswerCost:
    """Ask once in a conversation with `history` earlier answers; the answer's cost."""
    nominal = tokens / pace if pace else 0.0
    with (
        StandIn(history=history, answers=[tokens], pace=pace) as server,
        app_in_terminal(
            server,
            "--agent",
            str(server.agent_id),
            "--conversation",
            server.session_id,
            size=SIZE,
            installed=True,
        ) as terminal,
    ):
        _open_conversation(terminal, history)
        pid = terminal.process.pid
        sent_at = len(terminal.raw)
        cpu_before = cpu_seconds(pid)
        terminal.type("\r")
        sent = time.perf_counter()
        replay = _Replay(terminal, sent_at)
        give_up = time.monotonic() + nominal + 120
        read_until = time.monotonic() + nominal + 1.5
        while True:
            while time.monotonic() < read_until:  # only read: the app has the machine
                if terminal.take(0.05):
                    replay.chunks.append((time.perf_counter(), len(terminal.raw), cpu_seconds(pid)))
            finished = replay.finished()
            if finished is not None:
                arrival, end, cpu = finished
                return AnswerCost(arrival - sent, cpu - cpu_before, end - sent_at)
            assert time.monotonic() < give_up, f"the answer never finished:\n{terminal.text()}"
            read_until = time.monotonic() + 1.0


class _Replay:
    """The chunks read since the question was sent, fed through the emulator afterwards."""

    SETTLED = 0.3  # seconds the screen must have shown the answer finished, to be sure
    SAME_WRITE = 0.005  # chunks closer than this are pieces of one frame

    def __init__(self, terminal: Terminal, start: int) -> None:
        self.terminal = terminal
        self.chunks: list[tuple[float, int, float]] = []  # arrival, end offset in raw, app CPU
        self._fed = start
        self._next = 0  # the first chunk not yet fed
        self._last_active: int | None = None  # the last chunk after which it was answering

    def finished(self) -> tuple[float, int, float] | None:
        """The chunk ending the frame that first showed the answer finished, once the screen
        has shown it so for a while; None while it has not."""
        terminal = self.terminal
        for index in range(self._next, len(self.chunks)):
            end = self.chunks[index][1]
            terminal.stream.feed(bytes(terminal.raw[self._fed : end]))
            self._fed, self._next = end, index + 1
            screen = terminal.text()
            if any(status in screen for status in ACTIVE):
                self._last_active = index
        # A frame comes in pieces: half-drawn, it may lack the status line for a moment;
        # the finished answer is the frame after the last one that had it.
        first = None if self._last_active is None else self._last_active + 1
        if first is None or first >= len(self.chunks):
            return None
        if time.perf_counter() - self.chunks[first][0] < self.SETTLED:
            return None
        screen = terminal.text()
        ended = [status for status in ENDED_BADLY if status in screen]
        assert not ended, f"the answer ended {ended}:\n{screen}"
        last = first
        while (
            last + 1 < len(self.chunks)
            and self.chunks[last + 1][0] - self.chunks[last][0] < self.SAME_WRITE
        ):
            last += 1
        return self.chunks[last]


@dataclass(frozen=True)
class PacedTyping:
    idle: list[float]  # key → screen, seconds, before the question
    streaming: list[float]  # the same while the answer streams


def typing_while_paced(tokens: int, pace: float, history: int, idle_keys: int) -> PacedTyping:
    """Key → screen latencies, idle and while the answer streams at `pace` (keys stop before
    the answer would end at that pace)."""
    with (
        StandIn(history=history, answers=[tokens], pace=pace) as server,
        app_in_terminal(
            server,
            "--agent",
            str(server.agent_id),
            "--conversation",
            server.session_id,
            size=SIZE,
            installed=True,
        ) as terminal,
    ):
        _open_conversation(terminal, history)
        terminal.type("\x15")  # ctrl+u: clear the composer
        terminal.pump(0.3)
        idle = type_keys(terminal, LETTERS[:idle_keys])
        terminal.type("\x15")
        terminal.pump(0.3)
        terminal.emulate = True
        terminal.send(QUESTION + "\r")
        terminal.wait_for("esc to stop", timeout=30)
        started = time.monotonic()
        terminal.emulate = False
        duration = tokens / pace
        until = started + duration - min(0.5, duration / 5)
        streaming = type_keys(terminal, LETTERS[idle_keys:], until=until)
        assert streaming, "no key was typed while the answer streamed"
        return PacedTyping(idle, streaming)
