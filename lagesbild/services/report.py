"""Writes to a lägesbild: its status moves (checked against the table of allowed moves), new versions of
an adopted one, and the § 6 watch on the age of the newest adopted § 4 lägesbild."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import Decision
from trygg.dates import add_years

from ..models import REPORT_MOVES, ReportKind, ReportStatus, SituationReport

REFUSED_MOVE_MESSAGES = {
    (ReportStatus.DRAFT, ReportStatus.ADOPTED): _(
        "Ett utkast kan inte fastställas direkt. Skicka det först till beredning."
    ),
    (ReportStatus.ADOPTED, ReportStatus.DRAFT): _(
        "En fastställd lägesbild kan inte bli ett utkast igen. Skapa en ny version i stället."
    ),
    (ReportStatus.ADOPTED, ReportStatus.REVIEW): _(
        "En fastställd lägesbild kan inte gå tillbaka till beredning. Skapa en ny version i stället."
    ),
    (ReportStatus.ADOPTED, ReportStatus.SUPERSEDED): _(
        "En fastställd lägesbild blir ersatt först när en ny version av den fastställs. "
        "Skapa en ny version i stället."
    ),
    (ReportStatus.DRAFT, ReportStatus.SUPERSEDED): _(
        "Bara en fastställd lägesbild kan ersättas, och det sker när den nya versionen fastställs."
    ),
    (ReportStatus.REVIEW, ReportStatus.SUPERSEDED): _(
        "Bara en fastställd lägesbild kan ersättas, och det sker när den nya versionen fastställs."
    ),
}


def refusal_reason(current: str, to: str) -> str | None:
    """Why a lägesbild cannot move from one status to another, or None when the move is allowed."""
    if to in REPORT_MOVES[current] and to != ReportStatus.SUPERSEDED:
        return None
    return _refusal(current, to).messages[0]


def _refusal(current: str, to: str) -> ValidationError:
    message = REFUSED_MOVE_MESSAGES.get((current, to))
    if message is None and current == ReportStatus.SUPERSEDED:
        message = _("Lägesbilden är ersatt av en nyare version och kan inte ändras längre.")
    if message is None:
        message = _("Lägesbilden kan inte gå från ”%(current)s” till ”%(to)s”.") % {
            "current": ReportStatus(current).label,
            "to": ReportStatus(to).label,
        }
    return ValidationError(message, code="refused_move")


@transaction.atomic
def move_report(*, report: SituationReport, to: str, by, decision: Decision | None = None) -> SituationReport:
    """Move a lägesbild to another status, if the table of allowed moves allows it.

    Adopting needs a decision and the three § 4 sections; adopting a new version marks the version it
    supersedes as ersatt. Moving to ersatt directly is refused: it happens through the new version.
    """
    to = ReportStatus(to)
    # Lock the row and read the current status, so two moves at once cannot both pass the check.
    current = SituationReport.objects.select_for_update().values_list("status", flat=True).get(pk=report.pk)
    if to not in REPORT_MOVES[current] or to == ReportStatus.SUPERSEDED:
        raise _refusal(current, to)
    fields = ["status"]
    if to == ReportStatus.ADOPTED:
        decision = decision or report.decision
        if decision is None:
            raise ValidationError(
                _("Ange beslutet som fastställer lägesbilden (t.ex. KS § 123) innan den fastställs."),
                code="decision_required",
            )
        missing = [
            str(report._meta.get_field(f).verbose_name)
            for f in SituationReport.RICH_TEXT_FIELDS
            if not getattr(report, f).strip()
        ]
        if missing:
            raise ValidationError(
                _("Lägesbilden saknar delar som 4 § kräver: %(parts)s.") % {"parts": ", ".join(missing)},
                code="sections_missing",
            )
        report.decision = decision
        fields.append("decision")
    report.status = to
    report.save(update_fields=[*fields, "updated_at"])
    if to == ReportStatus.ADOPTED and report.supersedes_id:
        previous = SituationReport.objects.get(pk=report.supersedes_id)
        if previous.status == ReportStatus.ADOPTED:
            previous.status = ReportStatus.SUPERSEDED
            previous.save(update_fields=["status", "updated_at"])
    return report


move_report.alters_data = True


@transaction.atomic
def supersede_report(*, report: SituationReport, by) -> SituationReport:
    """Start a new version of an adopted lägesbild: a draft copy that will replace it.

    The adopted version stays adopted and readable until the new one is adopted; then it becomes
    ersatt (see move_report), and its page points to the new version.
    """
    report = SituationReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.ADOPTED:
        raise ValidationError(_("Bara en fastställd lägesbild kan få en ny version."), code="not_adopted")
    if SituationReport.objects.filter(supersedes=report).exists():
        raise ValidationError(
            _("Det finns redan en ny version av den här lägesbilden. Arbeta vidare i den."),
            code="already_superseded",
        )
    new = SituationReport(
        kind=report.kind,
        author=report.author,
        title=report.title,
        period_start=report.period_start,
        period_end=report.period_end,
        version_number=report.version_number + 1,
        survey=report.survey,
        other_information=report.other_information,
        analysis=report.analysis,
        sources_used=report.sources_used,
        sources_left_out=report.sources_left_out,
        knowledge_limits=report.knowledge_limits,
        public_summary=report.public_summary,
        visibility=report.visibility,
        status=ReportStatus.DRAFT,
        supersedes=report,
    )
    new.full_clean()
    new.save()
    new.problems.set(report.problems.all())
    return new


supersede_report.alters_data = True


# --- The § 6 watch ---------------------------------------------------------------------------------

VALID_YEARS = 2
WARN_DAYS = 90


@dataclass(frozen=True)
class ReportWatch:
    """The state of the newest adopted § 4 lägesbild, for the dashboard."""

    report: SituationReport | None
    due_on: datetime.date | None
    days_left: int | None

    @property
    def level(self) -> str:
        """'missing', 'overdue', 'soon' or 'ok'."""
        if self.report is None:
            return "missing"
        if self.days_left < 0:
            return "overdue"
        if self.days_left <= WARN_DAYS:
            return "soon"
        return "ok"

    @property
    def needs_attention(self) -> bool:
        return self.level != "ok"


def statutory_report_watch(*, today: datetime.date | None = None) -> ReportWatch:
    """§ 6: the lägesbild must be updated at least every second year, counted from its adoption."""
    today = today or timezone.localdate()
    report = (
        SituationReport.objects.filter(kind=ReportKind.STATUTORY, status=ReportStatus.ADOPTED)
        .select_related("decision__forum")
        .order_by("-decision__decided_on", "-pk")
        .first()
    )
    if report is None:
        return ReportWatch(report=None, due_on=None, days_left=None)
    due_on = add_years(report.decision.decided_on, VALID_YEARS)
    return ReportWatch(report=report, due_on=due_on, days_left=(due_on - today).days)
