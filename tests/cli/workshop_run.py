"""Run the real workshop commands (`python -m cgpt_tui.cli …`) against a stand-in, and the
fixtures their tests share: the stand-in indexing at once, documents, a loopback site."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from cgpt_tui.demo.server import DemoServer
from tests.conftest import TEST_KEY

ROOT = Path(__file__).resolve().parents[2]


def cli_env(server: DemoServer, tmp_path: Path, key: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CGPT_TUI_CONFIG", "CUSTOMGPT_API_KEY")}
    env.update(
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        PYTHONPATH=str(ROOT),
    )
    if key is not None:
        env["CUSTOMGPT_API_KEY"] = key
    return env


def command(server: DemoServer, *args: str) -> list[str]:
    return [sys.executable, "-m", "cgpt_tui.cli", *args, "--base-url", server.base_url]


def cli(
    server: DemoServer,
    tmp_path: Path,
    *args: str,
    stdin: str = "",
    key: str | None = "",
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """`cgpt-tui ARGS --base-url <server>`, stdin a pipe; `key` "" means the server's key."""
    return subprocess.run(
        command(server, *args),
        env=cli_env(server, tmp_path, server.api_key if key == "" else key),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def first_row(table: str) -> list[str]:
    header, row, *rest = table.splitlines()
    assert header.split()[0] == "ID" and rest == [], table
    return row.split()


@pytest.fixture
def server() -> Iterator[DemoServer]:
    with DemoServer(port=0, api_key=TEST_KEY, pace=0, index_pace=0.0) as running:
        yield running


@pytest.fixture
def documents(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "docs"
    folder.mkdir()
    returns = folder / "returns.md"
    returns.write_text(
        "# Returns\n\nA parcel can be returned within 45 days of delivery, free of charge.\n",
        encoding="utf-8",
    )
    shipping = folder / "shipping.txt"
    shipping.write_text("Shipping to the islands takes eleven days.\n", encoding="utf-8")
    return [returns, shipping]


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    """A sitemap and two pages served by `http.server` on loopback; its sitemap URL."""
    root = tmp_path / "site"
    root.mkdir()
    httpd = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(root))
    )
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    for name, title, text in (
        ("tides.html", "Tide tables", "High tide at the harbour is at 06:12 on Mondays."),
        ("ferry.html", "Ferry times", "The ferry leaves the pier every ninety minutes."),
    ):
        (root / name).write_text(
            f"<html><head><title>{title}</title></head><body><p>{text}</p></body></html>",
            encoding="utf-8",
        )
    urls = "".join(f"<url><loc>{base}/{name}</loc></url>" for name in ("tides.html", "ferry.html"))
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>',
        encoding="utf-8",
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{base}/sitemap.xml"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
