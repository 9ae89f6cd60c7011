"""The lägesbild: a situation report with the three sections of § 4, its sources and limits, the table of
status moves from draft to adopted (and superseded by a new version), and the decision adopting it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Actor, Decision
from actors.rules import own_actor
from trygg.concurrency import VersionedModel
from trygg.rules import is_board_reader, is_coordinator, is_partner_editor, signed_in_with
from trygg.visibility import Visibility, VisibilityModel

from ..validators import clean_rich_text, validate_no_personnummer


class ReportKind(models.TextChoices):
    MUNICIPAL = "kommunens_egen", _("Kommunens egen lägesbild")
    POLICE = "polisens", _("Polisens lägesbild")
    JOINT = "gemensam", _("Gemensam lägesbild")
    STATUTORY = "lagstadgad", _("Lägesbild enligt 4 § (lagstadgad)")


class ReportStatus(models.TextChoices):
    DRAFT = "utkast", _("Utkast")
    REVIEW = "beredning", _("Under beredning")
    ADOPTED = "faststalld", _("Fastställd")
    SUPERSEDED = "ersatt", _("Ersatt")


# The one table of allowed moves. Services consult it; tests enumerate it.
REPORT_MOVES: dict[str, set[str]] = {
    ReportStatus.DRAFT: {ReportStatus.REVIEW},
    ReportStatus.REVIEW: {ReportStatus.DRAFT, ReportStatus.ADOPTED},
    ReportStatus.ADOPTED: {ReportStatus.SUPERSEDED},
    ReportStatus.SUPERSEDED: set(),
}
# What the button for each move says (a move to ersatt happens only through a new version).
REPORT_MOVE_LABELS = {
    ReportStatus.DRAFT: _("Skicka tillbaka till utkast"),
    ReportStatus.REVIEW: _("Skicka till beredning"),
    ReportStatus.ADOPTED: _("Fastställ lägesbilden"),
}
# Statuses whose content is fixed by a decision: changed only by writing a new version.
DECIDED_STATUSES = (ReportStatus.ADOPTED, ReportStatus.SUPERSEDED)


class SituationReportQuerySet(models.QuerySet):
    def public(self) -> "SituationReportQuerySet":
        """Public, decided reports. A superseded version stays readable; drafts never show."""
        return self.filter(
            visibility=Visibility.PUBLIC, status__in=DECIDED_STATUSES, decision__isnull=False
        ).exclude(public_summary="")

    def adopted(self) -> "SituationReportQuerySet":
        return self.filter(status=ReportStatus.ADOPTED)

    def with_list_data(self) -> "SituationReportQuerySet":
        return self.select_related("author", "decision__forum", "supersedes", "superseded_by")

    def newest_first(self) -> "SituationReportQuerySet":
        return self.order_by("-decision__decided_on", "-period_end", "-pk")

    def visible_to(self, user) -> "SituationReportQuerySet":
        """Kept in step with rules.can_view_report."""
        if signed_in_with(is_coordinator, user):
            return self.all()
        q = Q(pk__in=self.public().values("pk"))
        if signed_in_with(is_board_reader, user):
            q |= Q(visibility__in=[Visibility.PUBLIC, Visibility.INTERNAL])
        if signed_in_with(is_partner_editor, user):
            actor = own_actor(user)
            if actor is not None:
                q |= Q(author_id=actor.pk)
        return self.filter(q)


class SituationReport(VisibilityModel, VersionedModel):
    """A lägesbild: the three sections of § 4, its sources and limits, and the decision adopting it."""

    kind = models.CharField(_("slag av lägesbild"), max_length=20, choices=ReportKind.choices)
    author = models.ForeignKey(
        Actor,
        verbose_name=_("ansvarig aktör"),
        on_delete=models.PROTECT,
        related_name="situation_reports",
        help_text=_("Den aktör som tar fram lägesbilden. Dess partnerredaktör får ändra den."),
    )
    partners = models.ManyToManyField(
        Actor,
        verbose_name=_("framtagen tillsammans med"),
        related_name="joint_situation_reports",
        blank=True,
        help_text=_("För en gemensam lägesbild: de andra aktörerna som har tagit fram den, t.ex. polisen."),
    )
    title = models.CharField(_("rubrik"), max_length=200, validators=[validate_no_personnummer])
    period_start = models.DateField(_("period från"))
    period_end = models.DateField(_("period till"))
    version_number = models.PositiveIntegerField(_("version"), default=1, editable=False)
    survey = models.TextField(
        _("1. Kartläggning av brottsligheten"),
        blank=True,
        validators=[validate_no_personnummer],
        help_text=_("Vilka brott som förekommer, hur omfattande de är och vilka konsekvenser de får."),
    )
    other_information = models.TextField(
        _("2. Annan relevant information"),
        blank=True,
        validators=[validate_no_personnummer],
        help_text=_("T.ex. trygghetsmätningar, dialoger och kunskap från skola och socialtjänst."),
    )
    analysis = models.TextField(
        _("3. Analys"),
        blank=True,
        validators=[validate_no_personnummer],
        help_text=_("Vad kartläggningen betyder: mönster, orsaker och vad som bör prioriteras."),
    )
    sources_used = models.TextField(
        _("källor som använts"), blank=True, validators=[validate_no_personnummer]
    )
    sources_left_out = models.TextField(
        _("källor som inte använts"),
        blank=True,
        validators=[validate_no_personnummer],
        help_text=_("Och varför, t.ex. att uppgifterna är för få för att visas."),
    )
    knowledge_limits = models.TextField(
        _("kunskapens begränsningar"), blank=True, validators=[validate_no_personnummer]
    )
    public_summary = models.TextField(
        _("sammanfattning för invånare"),
        blank=True,
        validators=[validate_no_personnummer],
        help_text=_("Visas på den offentliga sidan Lägesbild när lägesbilden är fastställd och offentlig."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT, editable=False
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("beslut om fastställande"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="situation_reports",
        help_text=_("Krävs för att lägesbilden ska kunna fastställas, t.ex. KS § 123."),
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("ersätter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="superseded_by",
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords(m2m_fields=["partners"])

    objects = SituationReportQuerySet.as_manager()

    RICH_TEXT_FIELDS = ("survey", "other_information", "analysis")

    class Meta:
        verbose_name = _("lägesbild")
        verbose_name_plural = _("lägesbilder")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="situationreport_end_not_before_start",
                violation_error_message=_("Perioden kan inte sluta innan den börjar."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=DECIDED_STATUSES) | Q(decision__isnull=False),
                name="situationreport_decided_has_decision",
                violation_error_message=_("En fastställd lägesbild måste ha ett beslut."),
            ),
        ]

    def __str__(self):
        return f"{self.title} (version {self.version_number})"

    def save(self, *args, **kwargs):
        for field in self.RICH_TEXT_FIELDS:
            setattr(self, field, clean_rich_text(getattr(self, field)))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.RICH_TEXT_FIELDS):
            kwargs["update_fields"] = {*update_fields, "updated_at"}
        return super().save(*args, **kwargs)

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("Perioden kan inte sluta innan den börjar.")})

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED_STATUSES

    @property
    def is_public_now(self) -> bool:
        """Kept in step with SituationReportQuerySet.public(): public, decided, with a decision and a
        public summary (for a page that shows a report it did not load through `.public()`)."""
        return (
            self.visibility == Visibility.PUBLIC
            and self.status in DECIDED_STATUSES
            and self.decision_id is not None
            and bool(self.public_summary)
        )

    @property
    def allowed_moves(self) -> list[str]:
        return sorted(REPORT_MOVES[self.status])

    @property
    def adopted_on(self) -> datetime.date | None:
        return self.decision.decided_on if self.decision_id and self.is_decided else None
