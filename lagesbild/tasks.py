"""Background tasks of the lägesbild app (see trygg.tasks)."""

from django.tasks import task

from .models import ImportStatus
from .services.refresh import refresh_kolada


@task()
def refresh_kolada_indicators() -> dict[str, int]:
    """The nightly Kolada refresh on a task worker (`manage.py refresh_kolada --queue`); each indicator's
    run is logged as an ImportRun, and a failed one shows on the coordinators' dashboard."""
    runs = refresh_kolada()
    return {"refreshed": len(runs), "failed": sum(run.status != ImportStatus.OK for run in runs)}
