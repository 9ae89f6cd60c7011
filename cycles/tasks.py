"""Background tasks of the cycle app (see trygg.tasks)."""

import datetime

from django.tasks import task

from .models import FollowUpReport
from .report_output import make_pdfs
from .services import subscription as subscriptions
from .services.reminders import send_digests


@task()
def make_report_pdfs(report_id: int) -> list[str]:
    """Make and store a finalised report's PDFs ahead of the first download (a report with hundreds of
    measures takes many seconds to lay out). Nothing for a report that is gone or back to draft."""
    report = FollowUpReport.objects.filter(pk=report_id).first()
    return make_pdfs(report) if report is not None else []


@task()
def send_reminder_digests(today: str | None = None) -> dict[str, int]:
    """The day's reminder e-mails, one per person (cycles.services.reminders); `today` as YYYY-MM-DD,
    else the date the task runs. Counts by outcome."""
    day = datetime.date.fromisoformat(today) if today else None
    counts: dict[str, int] = {}
    for digest in send_digests(today=day):
        counts[digest.outcome] = counts.get(digest.outcome, 0) + 1
    return counts


@task()
def send_subscription_digests() -> dict[str, int]:
    """The residents' daily e-mail about what they follow (cycles.services.subscription): at most one
    per address and day, none when nothing happened. Counts by outcome."""
    counts: dict[str, int] = {}
    for digest in subscriptions.send_digests():
        counts[digest.outcome] = counts.get(digest.outcome, 0) + 1
    return counts
