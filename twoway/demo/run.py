"""``make demo``: the demo organisation, served on this machine as in production.

``python -m twoway.demo.run --host 127.0.0.1 --port 8000 --people 600 --seed 42``
migrates, seeds an empty database, then serves the site (``twoway serve``) with a
background worker (``twoway worker``) beside it until Ctrl-C. The site runs with
DEBUG off (the product's own error pages, static files through WhiteNoise), over
plain HTTP on this machine, with e-mail written to files under ``--mail-dir``
instead of sent or printed, and links in those e-mails pointing at the address
actually served.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

# The project folder (as in settings, which this module must not import: they
# read the environment this module is about to set).
BASE_DIR = Path(__file__).resolve().parents[2]


def demo_environment(host: str, port: int, mail_dir: str) -> dict[str, str]:
    """The settings that make a production build a local demo.

    Set over whatever the environment or ``.env`` says, so that a demo never sends
    real e-mail or runs with DEBUG on.
    """
    address = f"http://{host}:{port}"
    return {
        "DEBUG": "false",
        "DEMO": "true",
        "ALLOWED_HOSTS": ",".join(dict.fromkeys([host, "127.0.0.1", "localhost"])),
        "SITE_URL": address,
        "CSRF_TRUSTED_ORIGINS": address,
        # Plain HTTP on this machine: no redirect to HTTPS, cookies without the
        # Secure flag, no HSTS.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "EMAIL_URL": f"file:{mail_dir}",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }


def _twoway(*args: str) -> list[str]:
    return [sys.executable, "-m", "twoway", *args]


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m twoway.demo.run", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--people", type=int, default=600)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--mail-dir", default=str(BASE_DIR / "var" / "mail"))
    parser.add_argument(
        "--no-serve", action="store_true", help="migrate and seed, then stop (for scripts)"
    )
    args = parser.parse_args(argv)
    Path(args.mail_dir).mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **demo_environment(args.host, args.port, args.mail_dir)}

    seed = ["--people", str(args.people), "--seed", str(args.seed), "--if-empty"]
    for step in (("migrate", "--noinput", "-v", "0"), ("seed_demo", *seed)):
        code = subprocess.run(_twoway(*step), env=env).returncode
        if code:
            print(f"The demo stopped: `twoway {' '.join(step)}` failed (above).", file=sys.stderr)
            return code
    print(f"E-mails the demo sends are written to {args.mail_dir}/ (one file per batch).")
    if args.no_serve:
        return 0
    print(f"Serving http://{args.host}:{args.port}/  (Ctrl-C to stop)", flush=True)
    # Stopped by a process manager rather than Ctrl-C: stop the children too.
    signal.signal(signal.SIGTERM, _interrupt)
    # The production commands (docs/deploy.md), with two web workers.
    worker = subprocess.Popen(_twoway("worker"), env=env)
    bind = f"[{args.host}]:{args.port}" if ":" in args.host else f"{args.host}:{args.port}"
    server = subprocess.Popen(
        _twoway("serve", "--bind", bind, "--workers", "2", "--graceful-timeout", "5"), env=env
    )
    try:
        return server.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        for process in (server, worker):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in (server, worker):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    raise SystemExit(main())
