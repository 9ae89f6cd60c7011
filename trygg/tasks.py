"""Background work on Django's task framework (`django.tasks`).

Production runs the django-tasks-db queue (settings TASKS_BACKEND=database): tasks are rows in the
database, and any number of `manage.py db_worker --no-reload` processes on any machine take them, each
task once. Development and the test suite run them at once in the same process (TASKS_BACKEND=immediate),
so `make run` needs no extra process. The queue retries nothing by itself: what must not be lost
retries on its own (trygg.mail).
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.tasks import default_task_backend, task_backends
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max


def runs_immediately(task) -> bool:
    return isinstance(task_backends[task.backend], ImmediateBackend)


def enqueue_after_commit(task, *args) -> None:
    """Queue a task for the data this transaction writes.

    A queued backend stores the task in the same transaction, so it exists exactly when the data does
    (a rollback leaves no task behind, a commit no data without its task). The immediate backend
    would run it inside the transaction, before the data is committed: it runs right after the commit.
    """
    if runs_immediately(task):
        transaction.on_commit(lambda: task.enqueue(*args))
    else:
        task.enqueue(*args)


def enqueue_in_background(task, *args) -> bool:
    """Queue work that only saves time later (a PDF made ahead of its first download) when a worker
    runs it; with the immediate backend the request would wait for it instead, so it is left to be
    done when it is first needed. Queued in the caller's transaction; True when queued."""
    if runs_immediately(task):
        return False
    task.enqueue(*args)
    return True


def enqueue_later(task, *args, delay: datetime.timedelta) -> bool:
    """Queue a task to run after a delay; False when the backend cannot wait (the immediate one), in
    which case a periodic command picks the work up instead."""
    if runs_immediately(task) or not task_backends[task.backend].supports_defer:
        return False
    task.using(run_after=timezone.now() + delay).enqueue(*args)
    return True


def tasks_waiting_longer_than(seconds: int) -> bool:
    """Whether a queued task that could run has waited for a worker longer than `seconds` (never with
    the immediate backend, where nothing waits)."""
    if isinstance(default_task_backend, ImmediateBackend):
        return False
    cutoff = timezone.now() - datetime.timedelta(seconds=seconds)
    return (
        DBTaskResult.objects.ready()
        .filter(Q(run_after=get_date_max(), enqueued_at__lt=cutoff) | Q(run_after__lt=cutoff))
        .exists()
    )
