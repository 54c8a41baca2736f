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
