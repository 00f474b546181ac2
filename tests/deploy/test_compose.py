"""The container files run the very commands the suite runs without a container."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml
from django.core.management import get_commands

from twoway.core import healthcheck

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def _stages() -> dict[str, list[tuple[str, str]]]:
    """The Dockerfile's stages by name: their instructions as (KEYWORD, arguments)."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    stages: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, arguments = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            name = arguments.split(" AS ")[-1].strip() if " AS " in arguments else arguments
            current = stages.setdefault(name, [])
        current.append((keyword, arguments.strip()))
    return stages


def _twoway_services() -> dict[str, dict[str, Any]]:
    return {
        name: service
        for name, service in _compose()["services"].items()
        if service.get("build") == "."
    }


def test_every_service_of_the_image_runs_a_twoway_command_that_exists():
    commands = get_commands()
    services = _twoway_services()
    assert set(services) == {"migrate", "web", "worker", "reminders"}
    for name, service in services.items():
        command = service["command"]
        assert isinstance(command, list) and command[0] in commands, (name, command)
        if command[0] == "repeat":
            repeated = [word for word in command[1:] if not re.fullmatch(r"--\S+|[\d.]+", word)]
            assert repeated[0] in commands, (name, command)
    assert services["web"]["command"][:1] == ["serve"]
    assert services["worker"]["command"] == ["worker"]
    assert services["migrate"]["command"][:1] == ["migrate"]
    assert services["reminders"]["command"][-1] == "send_reminders"


def test_the_migrations_run_first_and_postgres_keeps_its_data():
    compose = _compose()
    services = compose["services"]
    for name in ("web", "worker", "reminders"):
        waits = services[name]["depends_on"]
        assert waits["migrate"] == {"condition": "service_completed_successfully"}, name
    assert services["migrate"]["restart"] == "no"
    assert services["migrate"]["depends_on"]["db"] == {"condition": "service_healthy"}

    db = services["db"]
    assert db["image"].startswith("postgres:")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    volume = db["volumes"][0].split(":")[0]
    assert volume in compose["volumes"], "the database is kept in a named volume"
    for service in _twoway_services().values():
        assert "@db:5432/" in service["environment"]["DATABASE_URL"]

    assert services["caddy"]["profiles"] == ["tls"]
    assert "web:8000" in services["caddy"]["command"]


def test_the_image_runs_twoway_as_a_user_other_than_root_and_checks_its_health():
    stages = _stages()
    assert len(stages) >= 2, "a builder stage and a runtime stage"
    runtime = list(stages.values())[-1]
    keywords = dict(runtime)

    users = [arguments for keyword, arguments in runtime if keyword == "USER"]
    assert users, "the runtime stage names its user"
    assert users[-1].split(":")[0] not in {"root", "0"}

    options, _, probe = keywords["HEALTHCHECK"].partition(" CMD ")
    assert "--interval=" in options
    assert json.loads(probe)[:3] == ["python", "-m", "twoway.core.healthcheck"]

    assert json.loads(keywords["ENTRYPOINT"]) == ["twoway"]
    command = json.loads(keywords["CMD"])
    assert command[0] in get_commands()
    assert command == ["serve", "--bind", "0.0.0.0:8000"]
    assert any(
        keyword == "COPY" and "--from=builder" in arguments for keyword, arguments in runtime
    )


def test_the_health_check_names_a_host_the_site_allows():
    assert healthcheck.probe_host("twoway.example.org,127.0.0.1") == "twoway.example.org"
    assert healthcheck.probe_host(" .example.org") == "example.org"
    assert healthcheck.probe_host("*") == "localhost"
    assert healthcheck.probe_host("") == "localhost"
