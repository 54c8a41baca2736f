"""Helpers for the stand-in's content tests: a tiny web site on loopback, sample files
(PDF, DOCX) made byte by byte, and waiting for an agent to finish indexing."""

from __future__ import annotations

import functools
import http.server
import io
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class Site:
    """Files in `root` served at `base` (http://127.0.0.1:PORT) by http.server."""

    def __init__(self, root: Path, base: str) -> None:
        self.root = root
        self.base = base

    def url(self, name: str) -> str:
        return f"{self.base}/{name}"

    def page(self, name: str, title: str, body: str, head: str = "") -> str:
        html = f"<html><head><title>{title}</title>{head}</head><body>{body}</body></html>"
        (self.root / name).write_text(html, encoding="utf-8")
        return self.url(name)

    def sitemap(self, urls: list[str], name: str = "sitemap.xml") -> str:
        locs = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
        (self.root / name).write_text(
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>',
            encoding="utf-8",
        )
        return self.url(name)


@contextmanager
def serve_site(root: Path) -> Iterator[Site]:
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(root, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def wait_indexed(http: httpx.Client, agent_id: int, timeout: float = 10.0) -> dict[str, Any]:
    """The agent's record once no page of it is queued and its chat state is known."""
    deadline = time.monotonic() + timeout
    path = f"/api/v1/projects/{agent_id}"
    while True:
        # Not null: its pages exist. Then none queued: done, and the agent read after
        # that is in its final state (the last page and the agent's state change together).
        if http.get(path).json()["data"]["is_chat_active"] is not None:
            pages = http.get(f"{path}/pages", params={"index_status": "queued"}).json()
            if pages["data"]["pages"]["total"] == 0:
                return http.get(path).json()["data"]
        if time.monotonic() > deadline:
            raise AssertionError(f"agent {agent_id} still indexing after {timeout} s")
        time.sleep(0.02)


def pages_of(http: httpx.Client, agent_id: int, **params: Any) -> list[dict[str, Any]]:
    answer = http.get(f"/api/v1/projects/{agent_id}/pages", params={"limit": 100, **params})
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]["pages"]["data"]


def ask(http: httpx.Client, agent_id: int, question: str) -> dict[str, Any]:
    """A new conversation with the agent, and the answer to `question` in it."""
    made = http.post(f"/api/v1/projects/{agent_id}/conversations", json={"name": "Q"})
    session = made.json()["data"]["session_id"]
    sent = http.post(
        f"/api/v1/projects/{agent_id}/conversations/{session}/messages",
        json={"prompt": question},
    )
    assert sent.status_code == 200, sent.text
    return sent.json()["data"]


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page PDF showing `lines` in Helvetica (text pypdf can extract)."""
    text = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(
        "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '"
        for line in lines
    )
    stream = text.encode("latin-1") + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def docx_bytes(heading: str, paragraphs: list[str]) -> bytes:
    """A minimal DOCX: a Heading1 paragraph, then `paragraphs` (runs split in two)."""
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    def para(text: str) -> str:
        half = len(text) // 2
        return f"<w:p><w:r><w:t>{text[:half]}</w:t></w:r><w:r><w:t>{text[half:]}</w:t></w:r></w:p>"

    body = (
        f'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>{heading}</w:t></w:r></w:p>'
        + "".join(para(text) for text in paragraphs)
    )
    document = f'<w:document xmlns:w="{ns}"><w:body>{body}</w:body></w:document>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document)
    return out.getvalue()
