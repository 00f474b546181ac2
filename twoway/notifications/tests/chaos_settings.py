"""Settings of the worker processes in ``test_reminders_chaos.py``: the project's
own, with a short lease and pause so that the test does not wait minutes, a log
line per claim and outcome that the test reads back (time, process, message),
and an SMTP client that greets the server with its process id, so the server
knows which worker sent what. The database and the mail server come from the
environment (``DATABASE_URL``, ``EMAIL_URL``)."""

import os
import smtplib
from typing import Any

from django.core.mail.backends.smtp import EmailBackend

from twoway.settings import *  # noqa: F403

# The reminder policy takes fractions of a second; the project's settings read whole
# seconds from the environment, hence the ignores.
REMINDER_LEASE_SECONDS = 4.0  # type: ignore[assignment]  # far above one send, even when busy
REMINDER_RETRY_SECONDS = 0.2  # type: ignore[assignment]
REMINDER_MAX_ATTEMPTS = 25  # 10% refusals: no reminder fails 25 times in a row

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"journal": {"format": "%(created).6f %(process)d %(levelname)s %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "journal"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {"twoway.notifications": {"level": "DEBUG"}},
}


class WorkerSMTP(smtplib.SMTP):
    """Says ``EHLO worker-<pid>.localhost``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["local_hostname"] = f"worker-{os.getpid()}.localhost"
        super().__init__(*args, **kwargs)


class WorkerEmailBackend(EmailBackend):
    """Django's SMTP backend, greeting with the worker's process id."""

    connection_class = WorkerSMTP


EMAIL_BACKEND = "twoway.notifications.tests.chaos_settings.WorkerEmailBackend"
