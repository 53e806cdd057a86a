"""Two app servers share everything a person relies on: evidence uploaded through one
downloads through the other, signed in on either (the file store, the cache and the sessions
are shared; nothing lives in one server's process). Run on whatever the test run uses: in CI's
PostgreSQL pass, that is Redis and an S3-compatible store."""

import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.places import empty_service, free_port

ROOT = Path(__file__).resolve().parent.parent
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n" + uuid.uuid4().hex.encode()


@pytest.fixture
def two_servers(tmp_path):
    with empty_service(tmp_path, "two_servers") as env:
        for step in (["migrate", "--no-input", "-v", "0"], ["setup_demo"]):
            subprocess.run(
                [sys.executable, "manage.py", *step],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                timeout=600,
            )
        ports = [free_port(), free_port()]
        servers = [
            subprocess.Popen(
                [
                    str(ROOT / ".venv" / "bin" / "gunicorn"),
                    "-c",
                    "gunicorn.conf.py",
                    "-w",
                    "1",
                    "-b",
                    f"127.0.0.1:{port}",
                    "--control-socket",
                    str(tmp_path / f"{port}.ctl"),
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for port in ports
        ]
        try:
            for port in ports:
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    with socket.socket() as s:
                        if s.connect_ex(("127.0.0.1", port)) == 0:
                            break
                    time.sleep(0.1)
            yield [f"http://127.0.0.1:{port}" for port in ports]
        finally:
            for process in servers:
                process.terminate()
                process.wait(timeout=30)


def test_evidence_uploaded_through_one_server_downloads_through_the_other(two_servers):
    import requests

    first, second = two_servers
    one = requests.Session()
    sign_in = one.get(f"{first}/accounts/sign-in/", timeout=30).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', sign_in).group(1)
    done = one.post(
        f"{first}/accounts/sign-in/",
        data={
            "email": "contributor@norfolk.demo",
            "password": "demo-password-2026",
            "csrfmiddlewaretoken": token,
        },
        allow_redirects=False,
        timeout=30,
    )
    assert done.status_code == 302
    home = one.get(f"{first}/benchmarking/", timeout=30).text
    return_url = re.search(r'href="(/benchmarking/returns/\d+/)"', home).group(1)
    answer_url = re.search(
        r'href="(' + return_url + r'answers/\d+/)"', one.get(first + return_url, timeout=30).text
    ).group(1)
    evidence_url = first + answer_url + "evidence/"
    page = one.get(evidence_url, timeout=30).text
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    uploaded = one.post(
        evidence_url,
        data={**fields, "kind": "file", "file_title": "Shared across servers"},
        files={"upload": ("tor.pdf", PDF, "application/pdf")},
        allow_redirects=False,
        timeout=30,
    )
    assert uploaded.status_code == 302, uploaded.text[:500]
    listing = one.get(evidence_url, timeout=30).text
    download = re.search(r'href="(' + return_url + r'evidence/\d+/)"', listing).group(1)

    # The other server: the same session (its cookie), the same file.
    response = one.get(second + download, timeout=30)
    assert response.status_code == 200
    assert response.content == PDF
    # And someone signed out gets nothing from either.
    assert requests.get(second + download, allow_redirects=False, timeout=30).status_code == 302
