"""Tasks queued under the paths they had before they moved still run after an
upgrade: the migration points them at the new paths."""

import importlib

from django.apps import apps
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task, TaskResultStatus
from django_tasks_db.models import DBTaskResult

migration = importlib.import_module("twoway.notifications.migrations.0003_queued_tasks_moved")


def _queued(path: str, status: str = TaskResultStatus.READY) -> DBTaskResult:
    return DBTaskResult.objects.create(
        task_path=path,
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    )


def test_every_new_path_is_a_task():
    for new in migration.MOVED.values():
        assert isinstance(import_string(new), Task), new


def test_queued_tasks_are_pointed_at_their_new_paths(db):
    queued = {old: _queued(old) for old in migration.MOVED}
    done = _queued("twoway.matching.tasks.run_matching", TaskResultStatus.SUCCESSFUL)

    migration.task_paths_move(apps, None)

    for old, result in queued.items():
        result.refresh_from_db()
        assert result.task_path == migration.MOVED[old]
    done.refresh_from_db()
    assert done.task_path == "twoway.matching.tasks.run_matching"


def test_going_back_restores_the_old_paths(db):
    result = _queued("twoway.meetings.tasks.meeting_invites_send")
    migration.task_paths_move(apps, None)
    migration.task_paths_restore(apps, None)
    result.refresh_from_db()
    assert result.task_path == "twoway.meetings.tasks.meeting_invites_send"
