"""Background work for e-mail: a one-line wrapper around a service that is safe
to run twice (and twice at once)."""

from __future__ import annotations

from django_tasks import task

from twoway.notifications import services


@task()
def send_reminders() -> None:
    services.reminders_send_due()
