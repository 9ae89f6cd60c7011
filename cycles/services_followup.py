"""Writes for step 5: follow-ups per measure, and the follow-up report's way from draft to published.

Every function checks the rules and refuses in plain Swedish (ValidationError); the views and the demo
call these, never the model fields directly.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.models import Decision

from .models import (
    FOLLOWUP_MOVES,
    REPORT_DECISIONS,
    REPORT_MOVES,
    FollowUp,
    FollowUpCommitment,
    FollowUpPeriod,
    FollowUpReport,
    FollowUpStatus,
    Measure,
    ReportStatus,
)
from .services import _prepare_move
from .snapshot import build_snapshot

# --- Uppföljning per åtgärd -----------------------------------------------------------------------


@transaction.atomic
def start_follow_up(*, period: FollowUpPeriod, measure: Measure, by) -> FollowUp:
    """The measure's follow-up for the period, created with one commitment row per partner if new."""
    if not period.measures().filter(pk=measure.pk).exists():
        raise ValidationError(
            _("Åtgärden ”%(measure)s” ingår inte i %(period)s.") % {"measure": measure, "period": period}
        )
    follow_up, created = FollowUp.objects.get_or_create(period=period, measure=measure)
    if created:
        actors = [measure.lead_actor, *measure.contributors.exclude(pk=measure.lead_actor_id)]
        FollowUpCommitment.objects.bulk_create(
            FollowUpCommitment(follow_up=follow_up, actor=a) for a in actors
        )
    return follow_up


def _move_follow_up(follow_up: FollowUp, *, to: str, by, version: int | None) -> str:
    return _prepare_move(
        follow_up,
        to=to,
        choices=FollowUpStatus,
        moves=FOLLOWUP_MOVES,
        what=_("en uppföljning"),
        by=by,
        version=version,
    )


@transaction.atomic
def submit_follow_up(*, follow_up: FollowUp, by, version: int | None = None) -> FollowUp:
    """The lead partner hands in the follow-up; everything the assessment needs must be written."""
    _move_follow_up(follow_up, to=FollowUpStatus.SUBMITTED, by=by, version=version)
    missing = follow_up.missing_for_submission()
    if missing:
        raise ValidationError(
            _("Fyll i %(fields)s innan uppföljningen lämnas in.") % {"fields": _(", ").join(missing)}
        )
    follow_up.full_clean()
    follow_up.status = FollowUpStatus.SUBMITTED
    follow_up.submitted_at, follow_up.submitted_by = timezone.now(), by
    follow_up.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    return follow_up


@transaction.atomic
def approve_follow_up(*, follow_up: FollowUp, by, version: int | None = None) -> FollowUp:
    """A coordinator approves a handed-in follow-up; a public one then shows on /uppfoljning/."""
    _move_follow_up(follow_up, to=FollowUpStatus.APPROVED, by=by, version=version)
    follow_up.full_clean()
    follow_up.status = FollowUpStatus.APPROVED
    follow_up.approved_at, follow_up.approved_by = timezone.now(), by
    follow_up.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
    return follow_up


@transaction.atomic
def reopen_follow_up(*, follow_up: FollowUp, by, reason: str = "", version: int | None = None) -> FollowUp:
    """Send a handed-in follow-up back to be completed, or reopen an approved one to correct it."""
    _move_follow_up(follow_up, to=FollowUpStatus.DRAFT, by=by, version=version)
    follow_up.status = FollowUpStatus.DRAFT
    follow_up.approved_at = follow_up.approved_by = None
    follow_up._change_reason = reason.strip() or None
    follow_up.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
    return follow_up


# --- Uppföljningsrapport --------------------------------------------------------------------------


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
    """A new draft report for the period (the next version number if the period already has reports)."""
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
    *, report: FollowUpReport, by, version: int | None = None, at: datetime.datetime | None = None
) -> FollowUpReport:
    """Send the report to the styrgrupp: its content is frozen from now on. An earlier version still on
    its way through the bodies is superseded; a published one stays until this one is published."""
    _prepare_move(
        report,
        to=ReportStatus.STEERING,
        choices=ReportStatus,
        moves=REPORT_MOVES,
        what=_("en rapport"),
        by=by,
        version=version,
    )
    if not report.introduction.strip() or not report.conclusions.strip():
        raise ValidationError(_("Skriv inledning och slutsatser innan rapporten skickas till styrgruppen."))
    report.finalised_at, report.finalised_by = at or timezone.now(), by
    report.status = ReportStatus.STEERING
    report.snapshot = build_snapshot(report)
    report.save()
    in_progress = (ReportStatus.STEERING, ReportStatus.BOARD, ReportStatus.COUNCIL)
    _supersede(
        report.period.reports.filter(status__in=in_progress, report_version__lt=report.report_version),
        by=by,
        newer=report,
    )
    return report


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
    of the body the report leaves (the styrgrupp's to go to KS, and so on)."""
    target = _prepare_move(
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
            _("Beslutet är daterat %(date)s, före rapporten fastställdes eller förra beslutet.")
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
    return report
