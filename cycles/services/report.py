"""The follow-up report's way from draft to published: a new draft (or version, or a copy for the next
period), sending it to the styrgrupp (which freezes its content, see cycles.snapshot), and each
body's decision that moves it on: styrgrupp → KS → anmäld i KF → publicerad. (The § 6 watch, when
kommunstyrelsen last dealt with a follow-up report, is in cycles.services.evidence with the law's other
duties.)"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.models import Decision
from trygg.concurrency import EditConflict
from trygg.tasks import enqueue_in_background
from trygg.workflow import check_move

from ..models import REPORT_DECISIONS, REPORT_MOVES, FollowUpPeriod, FollowUpReport, ReportStatus
from ..snapshot import build_snapshot
from ..tasks import make_report_pdfs


def _next_version(period: FollowUpPeriod) -> int:
    return (period.reports.aggregate(top=Max("report_version"))["top"] or 0) + 1


@transaction.atomic
def create_report(
    *,
    period: FollowUpPeriod,
    by,
    title: str = "",
    diary_number: str = "",
    introduction: str = "",
    conclusions: str = "",
    previous: FollowUpReport | None = None,
) -> FollowUpReport:
    """A new draft report for the period (the next version number if the period already has reports).
    A period without measures to follow up gets no report (a new version follows its previous one)."""
    if previous is None and not period.measures().exists():
        raise ValidationError(
            _(
                "Perioden ”%(period)s” har inga åtgärder att följa upp. Kontrollera att periodens datum "
                "täcker en beslutad åtgärdsplan."
            )
            % {"period": period}
        )
    report = FollowUpReport(
        period=period,
        report_version=_next_version(FollowUpPeriod.objects.select_for_update().get(pk=period.pk)),
        previous=previous,
        title=title.strip()
        or _("Uppföljning av det brottsförebyggande arbetet: %(period)s") % {"period": period},
        diary_number=diary_number,
        introduction=introduction,
        conclusions=conclusions,
    )
    report._history_user = by
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def delete_draft(*, report: FollowUpReport, by, version: int | None = None) -> None:
    """Delete a draft that was never sent to the styrgrupp (its history stays in the admin)."""
    stored = FollowUpReport.objects.select_for_update().get(pk=report.pk)
    if stored.status != ReportStatus.DRAFT:
        raise ValidationError(_("Bara ett utkast som inte har överlämnats till styrgruppen kan tas bort."))
    if version is not None and stored.version != version:
        raise EditConflict(f"FollowUpReport {report.pk} changed since it was loaded")
    stored._history_user = by
    stored.delete()


def new_version(*, report: FollowUpReport, by) -> FollowUpReport:
    """A draft that corrects or replaces a finalised report; the old one stays readable until the new
    one takes its place (see finalise_report and advance_report)."""
    if not report.is_frozen:
        raise ValidationError(_("Rapporten är ett utkast och kan ändras direkt."))
    if report.status == ReportStatus.SUPERSEDED:
        raise ValidationError(_("Rapporten är redan ersatt av en nyare version."))
    if report.newer_versions.filter(status=ReportStatus.DRAFT).exists():
        raise ValidationError(_("Det finns redan ett utkast till en ny version av rapporten."))
    return create_report(
        period=report.period,
        by=by,
        title=report.title,
        diary_number=report.diary_number,
        introduction=report.introduction,
        conclusions=report.conclusions,
        previous=report,
    )


def copy_for_period(*, report: FollowUpReport, period: FollowUpPeriod, by) -> FollowUpReport:
    """Start the next period's report from this one: its texts, as a new draft for the new period."""
    if period.pk == report.period_id:
        raise ValidationError(_("Välj en annan period. För samma period skapar du en ny version."))
    return create_report(
        period=period,
        by=by,
        diary_number="",
        introduction=report.introduction,
        conclusions=report.conclusions,
    )


def _supersede(older, *, by, newer: FollowUpReport) -> None:
    for old in older:
        old.status, old.superseded_by, old._history_user = ReportStatus.SUPERSEDED, newer, by
        old.save(update_fields=["status", "superseded_by", "updated_at"])


@transaction.atomic
def finalise_report(
    *,
    report: FollowUpReport,
    by,
    version: int | None = None,
    at: datetime.datetime | None = None,
    accept_missing: bool = False,
) -> FollowUpReport:
    """Send the report to the styrgrupp: its content is frozen from now on. An earlier version still on
    its way through the bodies is superseded; a published one stays until this one is published."""
    check_move(
        report,
        to=ReportStatus.STEERING,
        choices=ReportStatus,
        moves=REPORT_MOVES,
        what=_("en rapport"),
        by=by,
        version=version,
    )
    if not report.introduction.strip() or not report.conclusions.strip():
        raise ValidationError(
            _("Skriv inledning och slutsatser innan rapporten överlämnas till styrgruppen.")
        )
    previous = (report.finalised_at, report.finalised_by, report.status)
    report.finalised_at, report.finalised_by = at or timezone.now(), by
    report.status = ReportStatus.STEERING
    snapshot = build_snapshot(report)  # as the report will read: sent on this date
    missing = missing_count(snapshot["completeness"])
    if missing and not accept_missing:
        report.finalised_at, report.finalised_by, report.status = previous
        raise ValidationError(
            _(
                "%(n)s åtgärder saknar en godkänd uppföljning med bedömning. Bekräfta att rapporten ska "
                "överlämnas ändå; det som saknas står då i rapporten."
            )
            % {"n": missing},
            code="incomplete",
        )
    report.snapshot = snapshot
    report.save()
    in_progress = (ReportStatus.STEERING, ReportStatus.BOARD, ReportStatus.COUNCIL)
    _supersede(
        report.period.reports.filter(status__in=in_progress, report_version__lt=report.report_version),
        by=by,
        newer=report,
    )
    enqueue_in_background(make_report_pdfs, report.pk)  # the PDFs ready before anyone asks for them
    return report


def missing_count(completeness: dict) -> int:
    """How many measures lack an approved follow-up with an assessment (see snapshot.completeness)."""
    return sum(len(titles) for titles in completeness.values())


def report_completeness(report: FollowUpReport) -> dict:
    """What a draft report lacks now, by kind and measure title, as the confirmation page shows it."""
    return build_snapshot(report)["completeness"]


def _earliest_allowed(report: FollowUpReport) -> datetime.date:
    """A decision cannot come before the report was finalised or before the previous body's decision."""
    dates = [timezone.localdate(report.finalised_at)]
    for field, _kinds, _name in REPORT_DECISIONS.values():
        decision = getattr(report, field)
        if decision is not None:
            dates.append(decision.decided_on)
    return max(dates)


@transaction.atomic
def advance_report(
    *, report: FollowUpReport, to: str, by, decision: Decision | None = None, version: int | None = None
) -> FollowUpReport:
    """Move a finalised report on: styrgrupp → KS → anmäld i KF → publicerad. Each move needs the decision
    of the body the report leaves (the styrgrupp's to go to KS, and so on). A decision not yet saved
    (registered on the spot) is saved here, and kept only if the move succeeds."""
    if decision is not None and decision.pk is None:
        decision._history_user = by
        decision.save()
    target = check_move(
        report, to=to, choices=ReportStatus, moves=REPORT_MOVES, what=_("en rapport"), by=by, version=version
    )
    field, kinds, name = REPORT_DECISIONS[target]
    decision = decision or getattr(report, field)
    if decision is None:
        raise ValidationError(
            _("Ange %(name)s innan rapporten får status ”%(status)s”.")
            % {"name": name, "status": target.label}
        )
    if decision.forum.kind not in kinds:
        raise ValidationError(
            _("Beslutet ”%(decision)s” är fattat av %(forum)s. Här behövs %(name)s.")
            % {"decision": decision.paragraph, "forum": decision.forum, "name": name}
        )
    if getattr(report, field) != decision and decision.decided_on < _earliest_allowed(report):
        raise ValidationError(
            _(
                "Beslutet är daterat %(date)s, före rapporten överlämnades till styrgruppen eller före "
                "förra beslutet."
            )
            % {"date": decision.decided_on.isoformat()}
        )
    setattr(report, field, decision)
    report.status = target
    fields = ["status", field, "updated_at"]
    if target == ReportStatus.PUBLISHED:
        report.published_at = timezone.now()
        fields.append("published_at")
    report.save(update_fields=fields)
    if target == ReportStatus.PUBLISHED:
        _supersede(
            report.period.reports.filter(
                status=ReportStatus.PUBLISHED, report_version__lt=report.report_version
            ),
            by=by,
            newer=report,
        )
    enqueue_in_background(make_report_pdfs, report.pk)  # each status has its own PDF
    return report
