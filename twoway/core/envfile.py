"""Write a local ``.env`` from ``.env.example`` with fresh secrets.

``python -m twoway.core.envfile .env.example .env`` — used by ``make demo``.
It never overwrites an existing file. Runs without Django settings.
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

from cryptography.fernet import Fernet


def render(example: str) -> str:
    fresh = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    }
    lines = []
    for line in example.splitlines():
        key = line.split("=", 1)[0]
        if key in fresh and not line.startswith("#"):
            line = f"{key}={fresh[key]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    source, target = Path(argv[0]), Path(argv[1])
    if target.exists():
        print(f"{target} exists; leaving it as it is")
        return 0
    target.write_text(render(source.read_text()))
    target.chmod(0o600)
    print(f"wrote {target} with fresh secrets")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
