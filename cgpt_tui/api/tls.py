"""The client's TLS context, built on a thread while the app starts.

Loading the CA bundle is about 50 ms of OpenSSL work that releases the GIL. `prepare()`
starts it on a thread before Textual is imported, so the first request no longer waits for
it; `context()` hands it over (building it on the spot if nobody prepared it). The context
is the one httpx builds by default: `SSL_CERT_FILE` / `SSL_CERT_DIR`, else certifi's bundle.

A server spoken to in plain HTTP (the demo's stand-in, a local proxy) needs none of it:
`for_base_url` gives such a client `refusing()` instead, and the start does not prepare one.
Loading the bundle was ~240 M instructions, a tenth of a start's (cachegrind), on a thread
that competes with the app's when the machine is busy.
"""

from __future__ import annotations

import os
import ssl
import threading

_lock = threading.Lock()
_thread: threading.Thread | None = None
_context: ssl.SSLContext | None = None
_error: BaseException | None = None


def _build() -> ssl.SSLContext:
    if os.environ.get("SSL_CERT_FILE"):
        return ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
    if os.environ.get("SSL_CERT_DIR"):
        return ssl.create_default_context(capath=os.environ["SSL_CERT_DIR"])
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def _build_in_background() -> None:
    global _context, _error
    try:
        _context = _build()
    except BaseException as error:  # handed to whoever asks for the context
        _error = error


def plain_http(base_url: str | None) -> bool:
    """True when `base_url` is spoken to without TLS."""
    return base_url is not None and base_url.strip().lower().startswith("http://")


def refusing() -> ssl.SSLContext:
    """A client context that trusts no certificate: a TLS connection made through it (one a
    plain-HTTP client should never make) fails verification instead of going unchecked."""
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def for_base_url(base_url: str) -> ssl.SSLContext:
    return refusing() if plain_http(base_url) else context()


def prepare() -> None:
    """Start building the context on a thread (once)."""
    global _thread
    with _lock:
        if _thread is None and _context is None:
            _thread = threading.Thread(target=_build_in_background, name="tls", daemon=True)
            _thread.start()


def context() -> ssl.SSLContext:
    """The shared context; an error met while building it is raised here."""
    global _context, _thread, _error
    with _lock:
        if _thread is not None:
            _thread.join()
            _thread = None
        if _error is not None:
            error, _error = _error, None
            raise error
        if _context is None:
            _context = _build()
        return _context


def settle() -> None:
    """Wait for a build still running. A command that ends at once (a question that is not
    UTF-8, a missing key) must not leave the interpreter finalising while this thread is
    inside OpenSSL: that ended the process with SIGSEGV."""
    thread = _thread
    if thread is not None:
        thread.join()
