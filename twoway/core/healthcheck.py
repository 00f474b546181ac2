"""``python -m twoway.core.healthcheck [BASE_URL]``: exit 0 when the site answers.

The container's health check (Dockerfile ``HEALTHCHECK``): asks ``/healthz`` on this
machine (``http://127.0.0.1:8000`` unless told) as a browser would, with a host name
from ``ALLOWED_HOSTS`` (the site refuses other names), and exits 0 on a 200, 1
otherwise. Only the standard library: slim images have no curl, and loading Django
for a probe every few seconds would be wasteful.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def probe_host(allowed_hosts: str) -> str:
    """A host name the site accepts: the first of ``ALLOWED_HOSTS`` usable as one."""
    for entry in allowed_hosts.split(","):
        entry = entry.strip()
        if entry == "*":
            return "localhost"
        if entry.startswith("."):
            # ".example.org" allows example.org and every subdomain.
            return entry[1:]
        if entry:
            return entry
    return "localhost"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    base = (args[0] if args else DEFAULT_BASE_URL).rstrip("/")
    request = urllib.request.Request(
        base + "/healthz", headers={"Host": probe_host(os.environ.get("ALLOWED_HOSTS", ""))}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            ok = response.status == 200
    except (urllib.error.URLError, OSError) as error:
        print(f"healthz: {error}", file=sys.stderr)
        return 1
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
