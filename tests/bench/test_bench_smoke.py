"""The benchmark suite runs end to end in its quick mode and prints every figure.

No budget is checked here (a timed unit test proves nothing on a shared machine); the full
run, `python -m tests.bench`, prints the figures against their budgets.
"""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

EXPECTED_ROWS = [
    "stream 2,000 tokens, 50 earlier answers",
    "key → screen while streaming 1,000 tok/s, p95",
    "200-token answer, 5 earlier, 200 tok/s: CPU of the app",
    "200-token answer, 5 earlier, 200 tok/s: bytes to the terminal",
    "200-token answer, 5 earlier, 200 tok/s: key → screen p95",
    "open a conversation of 200 messages",
    "worst event-loop stall",
    "mount 1,003 agents",
    "End in 1,029 conversations",
    "start → first frame with the agent list",
    "search 10,000 cached messages, first page",
    "mount 5,000 pages (workshop Pages tab)",
    "filter 5,000 pages by status",
    "mount a review queue of 10,000 answers",
    "next / previous answer in 10,000",
    "client memory growth, upload a 10 MB file",
    "insights from 10,000 cached messages",
    "paint the insights screen, 10,000 cached messages",
    "filter the queue of 10,000 answers to the unanswered",
]


@pytest.mark.timeout(600)
def test_the_quick_benchmark_prints_every_figure() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tests.bench", "--quick"],
        capture_output=True,
        text=True,
        timeout=580,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    table = result.stdout
    for row in EXPECTED_ROWS:
        assert row in table, f"{row!r} missing from:\n{table}"
    header, _, *rows = table.splitlines()
    start, end = header.index("value"), header.index("baseline")
    figures = [float(row[start:end].split()[0].replace(",", "")) for row in rows]
    assert len(figures) == 39 and all(math.isfinite(f) and f > 0 for f in figures), table
