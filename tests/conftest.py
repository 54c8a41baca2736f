"""Shared fixtures: every test talks to a real stand-in server over loopback."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest

from cgpt_tui.demo.server import DemoServer

os.environ["TZ"] = "UTC"
time.tzset()

TEST_KEY = "test-key"


@pytest.fixture
def demo_server() -> Iterator[DemoServer]:
    """A fresh stand-in (its own data and fault switches) on a free port."""
    with DemoServer(port=0, api_key=TEST_KEY, pace=0) as server:
        yield server
