import logging
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def test_repeat_runs_the_command_each_time(db):
    out = StringIO()
    call_command("repeat", "--every", "0.0001", "--runs", "3", "check", stdout=out)
    assert out.getvalue().count("System check identified no issues") == 3


def test_a_failed_run_is_logged_and_the_next_goes_ahead(db, caplog):
    with caplog.at_level(logging.ERROR):
        call_command("repeat", "--every", "0.0001", "--runs", "2", "check", "no_such_app")
    failures = [r for r in caplog.records if "twoway check failed" in r.getMessage()]
    assert len(failures) == 2


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--every", "15", "no_such_command"], "'no_such_command' is not a twoway command"),
        (["--every", "15", "repeat"], "'repeat' is not a twoway command"),
        (["--every", "0", "check"], "--every must be more than 0 minutes"),
        (["--every", "1", "--runs", "0", "check"], "--runs must be 1 or more"),
    ],
)
def test_repeat_refuses_what_it_cannot_run(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("repeat", *arguments)
