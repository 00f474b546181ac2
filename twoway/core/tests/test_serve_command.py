import pytest
from django.core.management import CommandError, call_command

from twoway.core.management.commands.serve import (
    MAX_DEFAULT_WORKERS,
    bind_address,
    default_workers,
    gunicorn_options,
)


@pytest.mark.parametrize(
    "value",
    ["127.0.0.1:8000", "0.0.0.0:80", "[::]:8000", "[::1]:8443", "web:8000", "unix:/run/t.sock"],
)
def test_bind_takes_host_and_port_or_a_socket(value):
    assert bind_address(value) == value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("8000", "--bind must be HOST:PORT"),
        ("localhost", "--bind must be HOST:PORT"),
        ("127.0.0.1:", "--bind must be HOST:PORT"),
        ("127.0.0.1:http", "--bind must be HOST:PORT"),
        ("[nope]:80", "--bind must be HOST:PORT"),
        ("bad host:80", "--bind must be HOST:PORT"),
        ("127.0.0.1:0", "between 1 and 65535, not 0"),
        ("127.0.0.1:70000", "between 1 and 65535, not 70000"),
        ("unix:", "needs a socket path"),
    ],
)
def test_a_bad_bind_is_refused_with_the_form_it_needs(value, message):
    with pytest.raises(CommandError, match=message):
        bind_address(value)


def test_a_bad_bind_stops_the_command_before_anything_starts():
    with pytest.raises(CommandError, match="--bind must be HOST:PORT"):
        call_command("serve", "--bind", "8000")
    with pytest.raises(CommandError, match="--workers must be 1 or more"):
        call_command("serve", "--workers", "0")


def test_workers_come_from_web_concurrency_or_the_cores():
    assert default_workers({"WEB_CONCURRENCY": "3"}) == 3
    assert 3 <= default_workers({}) <= MAX_DEFAULT_WORKERS
    with pytest.raises(CommandError, match="WEB_CONCURRENCY must be a whole number"):
        default_workers({"WEB_CONCURRENCY": "many"})


def test_the_server_logs_each_request_and_stops_gracefully():
    options = gunicorn_options(bind="0.0.0.0:8000", workers=2, timeout=120, graceful_timeout=30)
    assert options["bind"] == ["0.0.0.0:8000"] and options["workers"] == 2
    assert options["accesslog"] == "-" and "x-request-id" in options["access_log_format"]
    assert options["graceful_timeout"] == 30
