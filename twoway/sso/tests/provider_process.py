"""Start and stop the test OpenID Connect provider (``provider/``) as its own process."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

PASSWORD = "provider-password-0123"
CLIENT_ID = "twoway-test-client"
CLIENT_SECRET = "twoway-test-client-secret-0123456789"
START_SECONDS = 30


@dataclass
class Provider:
    url: str
    issuer: str
    discovery_url: str
    private_key_pem: str
    client_id: str
    client_secret: str
    process: subprocess.Popen[bytes]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _rsa_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def provider_start(*, folder: Path, redirect_uri: str, users: list[dict[str, str]]) -> Provider:
    """A running provider on a free 127.0.0.1 port, with Twoway registered as a
    confidential client (PKCE required) and ``users`` able to sign in."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    issuer = f"{url}/o"
    key = _rsa_key_pem()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "twoway.sso.tests.provider.settings",
        "PROVIDER_DB": str(folder / "provider.sqlite3"),
        "PROVIDER_RSA_KEY": key,
        "PROVIDER_ISSUER": issuer,
    }
    spec = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uri": redirect_uri,
        "users": [{**user, "password": PASSWORD} for user in users],
    }
    subprocess.run(
        [sys.executable, "-m", "twoway.sso.tests.provider.seed", json.dumps(spec)],
        env=env,
        check=True,
        timeout=120,
    )
    log = (folder / "provider.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    provider = Provider(
        url=url,
        issuer=issuer,
        discovery_url=f"{issuer}/.well-known/openid-configuration",
        private_key_pem=key,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        process=process,
    )
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if requests.get(provider.discovery_url, timeout=2).status_code == 200:
                return provider
        except requests.RequestException:
            pass
        time.sleep(0.2)
    provider_stop(provider)
    raise RuntimeError(
        "The test OpenID Connect provider did not start:\n"
        + (folder / "provider.log").read_text(errors="replace")[-3000:]
    )


def provider_stop(provider: Provider) -> None:
    """Stop the provider's own process, by its pid."""
    if provider.process.poll() is None:
        provider.process.terminate()
        try:
            provider.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            provider.process.kill()
            provider.process.wait(timeout=10)
