"""The follow-up report to kommunstyrelsen (§ 13) for a period.

While a draft it shows live data; sending it to the styrgrupp freezes a snapshot of everything it
shows (`snapshot`, built by `cycles.snapshot`). Then only its status and decisions change: styrgrupp
→ KS → anmäld i KF → publicerad, each step needing the previous body's decision. A report is
corrected or replaced by a new version, and the old one stays readable."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Decision, ForumKind, diary_number_validator
from trygg.concurrency import VersionedModel
from trygg.rules import is_board_reader, is_coordinator
from trygg.uploads import upload_to
from trygg.visibility import Visibility

from .followup import FollowUp, FollowUpPeriod

# --- Rapport till styrgrupp, kommunstyrelse och kommunfullmäktige ----------------------------------


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    STEERING = "steering", _("Hos styrgruppen")
    BOARD = "board", _("Hos kommunstyrelsen")
    COUNCIL = "council", _("Anmäld i kommunfullmäktige")
    PUBLISHED = "published", _("Publicerad")
    SUPERSEDED = "superseded", _("Ersatt")


# Moves a coordinator makes; "superseded" is set by the services when a newer version passes.
REPORT_MOVES: dict[str, set[str]] = {
    ReportStatus.DRAFT: {ReportStatus.STEERING},
    ReportStatus.STEERING: {ReportStatus.BOARD},
    ReportStatus.BOARD: {ReportStatus.COUNCIL},
    ReportStatus.COUNCIL: {ReportStatus.PUBLISHED},
    ReportStatus.PUBLISHED: set(),
    ReportStatus.SUPERSEDED: set(),
}

# To reach a status the report needs the decision of the body it comes from: (field, forum kinds, name).
REPORT_DECISIONS: dict[str, tuple[str, tuple[str, ...], str]] = {
    ReportStatus.BOARD: ("steering_decision", (ForumKind.STEERING_GROUP,), _("styrgruppens beslut")),
    ReportStatus.COUNCIL: (
        "board_decision",
        (ForumKind.KS, ForumKind.KSAU, ForumKind.COMMITTEE),
        _("kommunstyrelsens beslut"),
    ),
    ReportStatus.PUBLISHED: ("council_decision", (ForumKind.KF,), _("kommunfullmäktiges protokoll")),
}

# The way a report goes, and which of its decisions each body took while the report was there.
DECISION_FIELDS = ("steering_decision", "board_decision", "council_decision")
# What a report shows about each decision taken on it: what happened, never "fastställd" without one.
DECISION_LABELS = {
    "steering_decision": _("Behandlad av styrgruppen"),
    "board_decision": _("Behandlad i kommunstyrelsen"),
    "council_decision": _("Anmäld i kommunfullmäktige"),
}
REPORT_CHAIN = [
    (ReportStatus.DRAFT, None),
    (ReportStatus.STEERING, "steering_decision"),
    (ReportStatus.BOARD, "board_decision"),
    (ReportStatus.COUNCIL, "council_decision"),
    (ReportStatus.PUBLISHED, None),
]

# Board readers (kommunstyrelsen, styrgrupp) read reports from the styrgrupp stage on.
REPORT_BOARD_STATUSES = (
    ReportStatus.STEERING,
    ReportStatus.BOARD,
    ReportStatus.COUNCIL,
    ReportStatus.PUBLISHED,
    ReportStatus.SUPERSEDED,
)
# What a finalised report may still change: its way through the bodies and its stored PDFs.
REPORT_MUTABLE_WHEN_FROZEN = frozenset(
    {
        "status",
        "steering_decision",
        "board_decision",
        "council_decision",
        "published_at",
        "superseded_by",
        "pdf_public",
        "pdf_internal",
        "version",
        "updated_at",
    }
)


class FollowUpReportQuerySet(models.QuerySet):
    def public(self) -> "FollowUpReportQuerySet":
        """Reports that have been published, including those later superseded (they stay readable)."""
        return self.filter(published_at__isnull=False)

    def with_decisions(self) -> "FollowUpReportQuerySet":
        """With the bodies' decisions (and their forums), so that a page about reports names them
        without a query each."""
        return self.select_related(*(f"{field}__forum" for field in DECISION_FIELDS))

    def for_board(self) -> "FollowUpReportQuerySet":
        return self.filter(status__in=REPORT_BOARD_STATUSES)

    def visible_to(self, user) -> "FollowUpReportQuerySet":
        if user.is_active and is_coordinator(user):
            return self
        if user.is_active and is_board_reader(user):
            return self.for_board()
        return self.public()


class FollowUpReport(VersionedModel):
    """A follow-up report for a period, frozen once it goes to the styrgrupp."""

    period = models.ForeignKey(
        FollowUpPeriod, verbose_name=_("uppföljningsperiod"), on_delete=models.PROTECT, related_name="reports"
    )
    report_version = models.PositiveSmallIntegerField(_("rapportversion"), default=1, editable=False)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("tidigare version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="newer_versions",
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("ersatt av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    title = models.CharField(_("rubrik"), max_length=250)
    diary_number = models.CharField(
        _("diarienummer"),
        max_length=40,
        blank=True,
        validators=[diary_number_validator],
        help_text=_("T.ex. KS 2025/123. Står på varje sida i PDF:en."),
    )
    introduction = models.TextField(_("inledning"), blank=True)
    conclusions = models.TextField(_("slutsatser"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT, editable=False
    )
    snapshot = models.JSONField(_("fryst innehåll"), null=True, blank=True, editable=False)
    finalised_at = models.DateTimeField(
        _("överlämnad till styrgruppen"), null=True, blank=True, editable=False
    )
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("överlämnad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True, editable=False)
    steering_decision = models.ForeignKey(
        Decision,
        verbose_name=_("styrgruppens beslut"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    board_decision = models.ForeignKey(
        Decision,
        verbose_name=_("kommunstyrelsens beslut"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    council_decision = models.ForeignKey(
        Decision,
        verbose_name=_("anmälan i kommunfullmäktige"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    pdf_public = models.FileField(_("PDF för invånare"), upload_to=upload_to, blank=True, editable=False)
    pdf_internal = models.FileField(_("PDF, intern"), upload_to=upload_to, blank=True, editable=False)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["snapshot"])

    objects = FollowUpReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("uppföljningsrapport")
        verbose_name_plural = _("uppföljningsrapporter")
        ordering = ["-period__ends_on", "-report_version"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "report_version"],
                name="followupreport_unique_version",
                violation_error_message=_("Perioden har redan en rapport med det versionsnumret."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(snapshot__isnull=False),
                name="followupreport_frozen_has_snapshot",
                violation_error_message=_(
                    "En rapport som har överlämnats till styrgruppen måste ha sitt frysta innehåll."
                ),
            ),
        ]

    def __str__(self):
        if self.report_version > 1:
            return f"{self.title} (version {self.report_version})"
        return self.title

    @property
    def is_frozen(self) -> bool:
        return self.status != ReportStatus.DRAFT

    @property
    def is_public(self) -> bool:
        return self.published_at is not None

    @property
    def report_date(self):
        """The date printed on the report: when it was finalised, or today for a draft."""
        return timezone.localdate(self.finalised_at) if self.finalised_at else timezone.localdate()

    @property
    def latest_decision(self) -> Decision | None:
        """The decision of the last body the report has passed, or None."""
        for field in reversed(DECISION_FIELDS):
            decision = getattr(self, field)
            if decision is not None:
                return decision
        return None

    def decisions_for(self, audience: str) -> list[tuple[str, Decision]]:
        """The decisions taken on the report so far, labelled by what happened; residents ("public")
        see only decisions that are public themselves."""
        decisions = [
            (DECISION_LABELS[field], getattr(self, field))
            for field in DECISION_FIELDS
            if getattr(self, f"{field}_id") is not None
        ]
        return [
            (label, decision)
            for label, decision in decisions
            if audience != "public" or decision.visibility == Visibility.PUBLIC
        ]

    @property
    def next_status(self) -> str | None:
        """Where a finalised report goes next (one way only), if a decision takes it there."""
        targets = REPORT_MOVES[self.status]
        target = next(iter(targets), None) if len(targets) == 1 else None
        return target if target in REPORT_DECISIONS else None

    def chain(self) -> list[dict]:
        """The steps draft → styrgrupp → KS → KF → published, each with its decision, what is done and where
        the report is now. A superseded report shows how far it came before it was replaced."""
        reached = 0
        if self.finalised_at:
            reached = 1
        for index, field in ((2, "steering_decision"), (3, "board_decision")):
            if getattr(self, f"{field}_id"):
                reached = index
        if self.published_at:
            reached = 4
        superseded = self.status == ReportStatus.SUPERSEDED
        dates = {
            ReportStatus.DRAFT: self.created_at,
            ReportStatus.STEERING: self.finalised_at,
            ReportStatus.PUBLISHED: self.published_at,
        }
        steps = []
        for index, (status, field) in enumerate(REPORT_CHAIN):
            if index < reached or (superseded and index == reached == len(REPORT_CHAIN) - 1):
                state = "done"
            elif index == reached:
                state = "stopped" if superseded else "current"
            else:
                state = "todo"
            steps.append(
                {
                    "label": status.label,
                    "state": state,
                    "decision": getattr(self, field) if field else None,
                    "date": dates.get(status) if state != "todo" else None,
                }
            )
        return steps

    def save(self, *args, **kwargs):
        if not self._state.adding and self.pk is not None:
            self._refuse_changes_when_frozen(kwargs.get("update_fields"))
        return super().save(*args, **kwargs)

    def _refuse_changes_when_frozen(self, update_fields) -> None:
        """A finalised report never changes its content: only its status, decisions and PDFs."""
        frozen = {
            f.name for f in self._meta.concrete_fields if not f.primary_key
        } - REPORT_MUTABLE_WHEN_FROZEN
        if update_fields is not None:
            frozen &= set(update_fields)
        stored = type(self)._base_manager.filter(pk=self.pk).values("status", *frozen).first()
        if stored is None or stored["status"] == ReportStatus.DRAFT:
            return
        if any(getattr(self, self._meta.get_field(name).attname) != stored[name] for name in frozen) or (
            update_fields is not None and frozen
        ):
            raise ValidationError(
                _("Rapporten är överlämnad till styrgruppen och kan inte ändras. Skapa en ny version.")
            )


def public_periods():
    """The periods that have something published: a report or a measure's follow-up."""
    return FollowUpPeriod.objects.filter(
        Q(pk__in=FollowUpReport.objects.public().values("period"))
        | Q(pk__in=FollowUp.objects.public().values("period"))
    )
