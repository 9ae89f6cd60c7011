"""Background tasks of the cycle app (see trygg.tasks)."""

from django.tasks import task

from .models import FollowUpReport
from .report_output import make_pdfs


@task()
def make_report_pdfs(report_id: int) -> list[str]:
    """Make and store a finalised report's PDFs ahead of the first download (a report with hundreds of
    measures takes many seconds to lay out). Nothing for a report that is gone or back to draft."""
    report = FollowUpReport.objects.filter(pk=report_id).first()
    return make_pdfs(report) if report is not None else []
