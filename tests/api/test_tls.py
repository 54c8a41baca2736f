"""The TLS context built on a thread at start verifies like httpx's default one."""

from __future__ import annotations

import ssl

import pytest

from cgpt_tui.api import tls


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tls, "_context", None)
    monkeypatch.setattr(tls, "_thread", None)
    monkeypatch.setattr(tls, "_error", None)
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)


def test_a_prepared_context_verifies_certificates_and_host_names() -> None:
    tls.prepare()
    context = tls.context()
    assert context.verify_mode is ssl.CERT_REQUIRED
    assert context.check_hostname
    assert context.cert_store_stats()["x509_ca"] > 10  # certifi's bundle was loaded
    assert tls.context() is context  # built once, shared


def test_without_prepare_the_context_is_built_on_the_spot() -> None:
    assert tls.context().verify_mode is ssl.CERT_REQUIRED


def test_a_bad_ssl_cert_file_is_reported_to_the_caller(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "missing.pem"))
    tls.prepare()
    with pytest.raises(OSError):
        tls.context()


def test_a_plain_http_server_gets_a_context_that_trusts_nothing() -> None:
    """No CA bundle is loaded for it (the shared context is not built), and should a TLS
    connection ever go through it, no certificate would verify: it fails closed."""
    context = tls.for_base_url("http://127.0.0.1:8931")
    assert context.verify_mode is ssl.CERT_REQUIRED
    assert context.check_hostname
    assert context.cert_store_stats()["x509_ca"] == 0
    assert tls._context is None and tls._thread is None


def test_an_https_server_gets_the_shared_verifying_context() -> None:
    assert tls.plain_http(" HTTP://x.io") and not tls.plain_http("https://app.customgpt.ai")
    assert not tls.plain_http(None)
    context = tls.for_base_url("https://app.customgpt.ai")
    assert context is tls.context()
    assert context.cert_store_stats()["x509_ca"] > 10


async def test_a_client_of_a_plain_http_server_is_made_without_the_bundle(demo_server) -> None:
    from cgpt_tui.api import CustomGPTClient

    async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
        assert [agent async for agent in client.iter_agents()]
    assert tls._context is None
