"""Work that runs on the task workers in production (trygg.tasks): report PDFs made ahead of the first
download, the Kolada refresh; and what the immediate backend of development does instead."""

import io

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from cycles.models import FollowUpReport
from cycles.tasks import make_report_pdfs
from tests.cycles.factories import FollowUpReportFactory, published_report, report_with_content, stored_files

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_each_move_of_a_report_queues_its_pdfs_for_a_worker(settings, media):
    settings.TASKS = DATABASE_QUEUE
    report = published_report(report_with_content())

    queued = DBTaskResult.objects.filter(task_path="cycles.tasks.make_report_pdfs")
    assert queued.count() == 4  # sent to the styrgrupp, KS, KF, published
    assert {tuple(t.args_kwargs["args"]) for t in queued} == {(report.pk,)}
    assert stored_files(media) == []  # nothing made in the request

    names = make_report_pdfs.call(report.pk)  # what the worker runs

    fresh = FollowUpReport.objects.get(pk=report.pk)
    assert names == [fresh.pdf_internal.name, fresh.pdf_public.name]
    assert names[1].endswith("-published.pdf")
    assert len(stored_files(media)) == 2


def test_a_report_gone_before_the_worker_came_is_no_error(settings):
    settings.TASKS = DATABASE_QUEUE
    report = FollowUpReportFactory()
    pk = report.pk
    report.delete()
    assert make_report_pdfs.call(pk) == []


def test_without_a_worker_the_request_does_not_wait_for_the_pdf(media):
    """The immediate backend would make the PDF inside the coordinator's request: it is left for the
    first download instead."""
    published_report(report_with_content())
    assert stored_files(media) == []


def test_refresh_kolada_can_be_left_to_the_workers(settings):
    settings.TASKS = DATABASE_QUEUE
    out = io.StringIO()
    call_command("refresh_kolada", "--queue", stdout=out)
    task = DBTaskResult.objects.get()
    assert task.task_path == "lagesbild.tasks.refresh_kolada_indicators"
    assert str(task.id) in out.getvalue()
