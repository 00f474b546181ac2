"""Background tasks moved: matching's beside the services they run, the
meetings' invites to notifications. A task still queued under its old path
when an install upgrades is pointed at the new one (the worker imports a task
by its stored path), so nothing queued is lost."""

from django.db import migrations

MOVED = {
    "twoway.matching.tasks.run_matching": "twoway.matching.services.runs.run_matching",
    "twoway.matching.tasks.notify_pairs": "twoway.matching.services.mail.notify_pairs",
    "twoway.matching.tasks.notify_preview": "twoway.matching.services.mail.notify_preview",
    "twoway.meetings.tasks.meeting_invites_send": (
        "twoway.notifications.meeting_invites.meeting_invites_send"
    ),
}


def task_paths_move(apps, schema_editor, moved=MOVED):
    results = apps.get_model("django_tasks_database", "DBTaskResult").objects
    for old, new in moved.items():
        results.filter(task_path=old, status="READY").update(task_path=new)


def task_paths_restore(apps, schema_editor):
    task_paths_move(apps, schema_editor, {new: old for old, new in MOVED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_notice_lease"),
        ("matching", "0001_initial"),
        ("meetings", "0001_initial"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(task_paths_move, task_paths_restore)]
