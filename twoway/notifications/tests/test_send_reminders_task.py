from django.core import mail

from twoway.notifications.models import Kind, Notice
from twoway.notifications.tasks import send_reminders
from twoway.notifications.tests.steps import sent


def test_the_task_sends_what_is_due_once(published):
    mail.outbox.clear()

    send_reminders.enqueue()
    send_reminders.enqueue()

    assert len(sent(Kind.AGREEMENT)) == 4
    assert Notice.objects.count() == 4
