"""The test OpenID Connect provider (scripts/oidc_dev_provider.mjs) as a Python object, for tests and fixtures.

It runs npm's oidc-provider under node on a free port (the script listens on port 0 and says which port it got),
in the ID-porten or the Entra ID shape. `drive_login` clicks through its login and consent pages like a person.
"""

from __future__ import annotations

import html
import json
import os
import re
import select
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import requests

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPT = ROOT / "scripts" / "oidc_dev_provider.mjs"
CLIENT_SECRET = "test-secret-not-for-production"  # noqa: S105 (the test provider's, not a real one)
TENANT_ID = "8b0a4a0e-4c43-4c2b-9d1e-d3f0e1e3a5b1"


class ProviderUnavailable(RuntimeError):
    pass


@dataclass
class DevProvider:
    shape: str
    rp: str
    client_id: str
    process: subprocess.Popen[bytes]
    issuer: str
    log_path: Path
    extra: dict[str, Any] = field(default_factory=dict)

    def sign(self, claims: dict[str, Any]) -> str:
        """A JWT with these claims, signed by the provider's own key (the script's --test-controls)."""
        response = requests.post(f"{self.issuer}/__test/sign", json=claims, timeout=5)
        response.raise_for_status()
        return str(response.json()["token"])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()


def start_provider(
    *, shape: str, rp: str, client_id: str, log_dir: Path, tenant_id: str = TENANT_ID, port: int = 0
) -> DevProvider:
    node = shutil.which("node")
    if node is None or not SCRIPT.exists() or not (ROOT / "node_modules" / "oidc-provider").exists():
        raise ProviderUnavailable(
            "node and npm's oidc-provider are needed (npm ci; Debian: apt-get install nodejs npm)"
        )
    log_path = log_dir / f"oidc-{shape}-{os.getpid()}-{time.monotonic_ns()}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 (our own script, fixed arguments)
            [
                node,
                str(SCRIPT),
                "--shape",
                shape,
                "--port",
                str(port),
                "--rp",
                rp,
                "--client-id",
                client_id,
                "--client-secret",
                CLIENT_SECRET,
                "--tenant-id",
                tenant_id,
                "--test-controls",
            ],
            stdout=subprocess.PIPE,
            stderr=log,
            cwd=ROOT,
        )
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], 20)
    line = process.stdout.readline() if ready else b""
    if not line:
        process.kill()
        raise ProviderUnavailable(f"the test provider did not start: see {log_path}")
    info = json.loads(line)
    return DevProvider(
        shape=shape, rp=rp, client_id=client_id, process=process, issuer=info["issuer"], log_path=log_path
    )


def drive_login(
    start_location: str, *, http: requests.Session, rp: str, fields: dict[str, str], consent: bool = True
) -> str:
    """Follow the provider from the authorization URL through its login and consent pages.

    Returns the URL on our side that the provider finally sends the browser to (the callback with a code, or
    with an error). `fields` fill the login form (pid and acr, or username and password).
    """
    url = start_location
    for _ in range(20):
        if url.startswith(rp):
            return url
        response = http.get(url, allow_redirects=False, timeout=10)
        if response.is_redirect:
            url = urljoin(url, response.headers["Location"])
            continue
        login_page = 'name="pid"' in response.text or 'name="username"' in response.text
        action = _form_action(response.text, "/login" if login_page else "/confirm" if consent else "/abort")
        response = http.post(
            urljoin(url, action), data=fields if login_page else {}, allow_redirects=False, timeout=10
        )
        if not response.is_redirect:
            raise AssertionError(f"the provider answered {response.status_code}: {response.text[:500]}")
        url = urljoin(url, response.headers["Location"])
    raise AssertionError("too many redirects at the provider")


def _form_action(html: str, ending: str) -> str:
    marker = 'action="'
    for chunk in html.split(marker)[1:]:
        action = chunk.split('"', 1)[0]
        if action.endswith(ending):
            return action
    raise AssertionError(f"no form ending in {ending} on the provider's page: {html[:500]}")


def onward_url(response: Any) -> str:
    """Where our "on to the provider" page sends the browser (its meta refresh)."""
    assert response.status_code == 200, response.status_code
    match = re.search(r'http-equiv="refresh" content="0;url=([^"]+)"', response.content.decode())
    assert match, response.content.decode()[:500]
    return html.unescape(match.group(1))
