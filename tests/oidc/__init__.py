"""The local OpenID Connect provider the single sign-on tests run (provider.mjs)."""

import socket
import subprocess
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ALLOWED = "11111111-1111-4111-8111-111111111111"
OTHER = "22222222-2222-4222-8222-222222222222"
LIAR = "33333333-3333-4333-8333-333333333333"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_provider(*redirect_uris: str):
    """Starts the provider with Node; its base URL while it runs."""
    port = free_port()
    process = subprocess.Popen(
        ["node", str(HERE / "provider.mjs"), str(port), *redirect_uris],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout.readline().strip() == "ready", "the OpenID provider did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def entra_settings(base: str, tenant: str = ALLOWED, variant: str = "common") -> dict:
    """The Entra provider's settings pointed at a tenant of the local provider, in Entra's
    multi-tenant shape (or spoiled, by variant)."""
    return {
        "name": "Microsoft (your force account)",
        "metadata_url": f"{base}/{tenant}/v2.0/{variant}/.well-known/openid-configuration",
        "client_id": "nvaphub",
        "client_secret": "local-test-secret",
        "tenant_claim": "tid",
    }
