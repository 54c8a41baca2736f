"""Benchmarks with budgets: `python -m tests.bench` prints the table (`--quick` for a smoke run)."""

import os

from cgpt_tui.cli.main import FRAME_RATE, FRAME_RATE_ENV

# Apps measured in this process draw frames as the installed command does (see cli/main.py).
os.environ.setdefault(FRAME_RATE_ENV, FRAME_RATE)
