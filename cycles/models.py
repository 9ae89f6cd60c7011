"""The five-step kretslopp and what it produces: periods, step checklists, agreements, medborgarlöften.

Also the åtgärdsplan (§ 5) with its measures and their lägesrapporter. Statuses with allowed moves live
here as small tables (`AGREEMENT_MOVES`, `PROMISE_MOVES`, `PLAN_MOVES`, `MEASURE_MOVES`) that the services
consult and the tests enumerate.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Actor, Contact, Decision, Meeting
from lagesbild.models import DECIDED_STATUSES, Area, CauseAnalysis, Indicator, Place, Problem, SituationReport
from trygg.concurrency import VersionedModel
from trygg.rules import is_board_reader, is_coordinator, is_partner_editor
from trygg.uploads import upload_to, validate_document
from trygg.visibility import Visibility, VisibilityModel


def _signed_in_with(predicate, user) -> bool:
    return bool(user.is_authenticated and user.is_active and predicate(user))


def validate_not_in_future(value) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(
            _("Datumet kan inte ligga i framtiden (%(date)s)."),
            code="future_date",
            params={"date": value.isoformat()},
        )


class StepQuerySet(models.QuerySet):
    def with_current_cycle_id(self) -> "StepQuerySet":
        """Each step carries `current_cycle_id` (the pk of the current period, or None), so that a page
        learns whether a period runs without a query of its own."""
        current = Cycle.objects.filter(is_current=True).values("pk")[:1]
        return self.annotate(current_cycle_id=models.Subquery(current))


class Step(models.Model):
    """One of the handbook's five steps (reference data from a migration, the same in every cycle)."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    name = models.CharField(_("namn"), max_length=100)
    description = models.TextField(_("beskrivning"))
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords()

    objects = StepQuerySet.as_manager()

    class Meta:
        verbose_name = _("steg")
        verbose_name_plural = _("steg")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=5), name="step_number_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"


# --- Cycles and their checklists -------------------------------------------------------------------


class CycleQuerySet(models.QuerySet):
    def current(self) -> "Cycle | None":
        """The current samverkansperiod with its step, or None (one query)."""
        return self.filter(is_current=True).select_related("current_step").first()


class Cycle(VersionedModel):
    """A samverkansperiod, e.g. 2023-07-01 → 2027-06-30, and the step it is in now."""

    name = models.CharField(_("namn"), max_length=200)
    start_date = models.DateField(_("från"))
    end_date = models.DateField(_("till"))
    current_step = models.ForeignKey(
        Step, verbose_name=_("nuvarande steg"), on_delete=models.PROTECT, related_name="+"
    )
    is_current = models.BooleanField(
        _("pågående period"), default=False, help_text=_("Bara en period kan pågå åt gången.")
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords()

    objects = CycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("samverkansperiod")
        verbose_name_plural = _("samverkansperioder")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")),
                name="cycle_end_after_start",
                violation_error_message=_("Perioden måste sluta efter att den börjar."),
            ),
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="cycle_only_one_current",
                violation_error_message=_("Det finns redan en pågående samverkansperiod."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("Perioden måste sluta efter att den börjar.")})

    @property
    def period_label(self) -> str:
        return f"{self.start_date:%Y-%m-%d} – {self.end_date:%Y-%m-%d}"


class ChecklistTemplateItem(models.Model):
    """A clause of the handbook's "klart när" list for a step; copied into every new cycle."""

    step = models.ForeignKey(
        Step, verbose_name=_("steg"), on_delete=models.CASCADE, related_name="template_items"
    )
    text = models.CharField(_("text"), max_length=300)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mall för checklistpunkt")
        verbose_name_plural = _("mallar för checklistpunkter")
        ordering = ["step__number", "order"]
        constraints = [
            models.UniqueConstraint(fields=["step", "order"], name="checklisttemplate_unique_step_order")
        ]

    def __str__(self):
        return f"{self.step.number}.{self.order} {self.text}"


def _report_is_public(report: SituationReport) -> bool:
    """Kept in step with SituationReportQuerySet.public(): public, adopted, decided and summarised."""
    return (
        report.visibility == Visibility.PUBLIC
        and report.status in DECIDED_STATUSES
        and report.decision_id is not None
        and bool(report.public_summary)
    )


class ChecklistItemQuerySet(models.QuerySet):
    def with_evidence(self) -> "ChecklistItemQuerySet":
        return self.select_related(
            "step",
            "done_by",
            "evidence_decision__forum",
            "evidence_meeting__forum",
            "evidence_agreement",
            "evidence_report__decision",
        )

    def done(self) -> "ChecklistItemQuerySet":
        return self.filter(done_on__isnull=False)

    def open(self) -> "ChecklistItemQuerySet":
        return self.filter(done_on__isnull=True)

    def latest_public_done(self) -> "ChecklistItemQuerySet":
        """Ticked items whose evidence may be shown publicly: "what happened last" on the home page."""
        return self.done().filter(evidence_public=True).order_by("-done_on", "-pk")


class ChecklistItem(VersionedModel):
    """One "klart när" clause in one cycle: ticked with a date, who, and evidence."""

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("samverkansperiod"), on_delete=models.CASCADE, related_name="checklist"
    )
    step = models.ForeignKey(Step, verbose_name=_("steg"), on_delete=models.PROTECT, related_name="+")
    text = models.CharField(_("text"), max_length=300)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    local = models.BooleanField(
        _("egen punkt"), default=False, help_text=_("Tillagd av samordnaren, inte från handboken.")
    )
    due_date = models.DateField(_("klart senast"), null=True, blank=True)
    carried_over_from = models.ForeignKey(
        "self",
        verbose_name=_("överförd från"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    done_on = models.DateField(_("klart datum"), null=True, blank=True, validators=[validate_not_in_future])
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("klarmarkerad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    evidence_decision = models.ForeignKey(
        Decision, verbose_name=_("beslut"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evidence_meeting = models.ForeignKey(
        Meeting, verbose_name=_("möte"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evidence_agreement = models.ForeignKey(
        "Agreement",
        verbose_name=_("överenskommelse"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    evidence_report = models.ForeignKey(
        SituationReport,
        verbose_name=_("lägesbild"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Visas offentligt bara när lägesbilden är offentlig och fastställd."),
    )
    evidence_document = models.FileField(
        _("dokument"),
        upload_to=upload_to,
        validators=[validate_document],
        blank=True,
        help_text=_("PDF eller vanligt kontorsformat."),
    )
    evidence_url = models.URLField(
        _("länk"), blank=True, help_text=_("T.ex. en lägesbild eller en sida på kommunens webbplats.")
    )
    evidence_note = models.CharField(_("kommentar till underlaget"), max_length=500, blank=True)
    evidence_public = models.BooleanField(
        _("underlaget får visas offentligt"),
        default=False,
        help_text=_("Interna beslut och möten visas aldrig offentligt, även om rutan är ikryssad."),
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords()

    objects = ChecklistItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("checklistpunkt")
        verbose_name_plural = _("checklistpunkter")
        ordering = ["cycle", "step__number", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_on__isnull=False) | Q(done_by__isnull=True),
                name="checklistitem_done_by_only_when_done",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    @property
    def is_overdue(self) -> bool:
        return not self.is_done and self.due_date is not None and self.due_date < timezone.localdate()

    @property
    def has_evidence(self) -> bool:
        return bool(
            self.evidence_decision_id
            or self.evidence_meeting_id
            or self.evidence_agreement_id
            or self.evidence_report_id
            or self.evidence_document
            or self.evidence_url
        )

    def evidence(self, *, public: bool) -> list[dict]:
        """The evidence as {"label", "url"} entries; `public=True` keeps only what a resident may see."""
        if public and not (self.evidence_public and self.is_done):
            return []
        out = []
        decision = self.evidence_decision
        if decision is not None and (not public or decision.visibility == Visibility.PUBLIC):
            out.append({"label": _("Beslut: %(d)s") % {"d": decision}, "url": ""})
        meeting = self.evidence_meeting
        if meeting is not None and (not public or meeting.visibility == Visibility.PUBLIC):
            out.append({"label": _("Möte: %(m)s") % {"m": meeting}, "url": ""})
        agreement = self.evidence_agreement
        if agreement is not None and (not public or agreement.is_public_now):
            out.append(
                {
                    "label": _("Överenskommelse: %(a)s") % {"a": agreement.title},
                    "url": agreement.document.url if agreement.document else "",
                }
            )
        report = self.evidence_report
        if report is not None and (not public or _report_is_public(report)):
            out.append({"label": _("Lägesbild: %(r)s") % {"r": report.title}, "url": ""})
        if self.evidence_document:
            out.append({"label": _("Dokument"), "url": self.evidence_document.url})
        if self.evidence_url:
            out.append({"label": self.evidence_note or self.evidence_url, "url": self.evidence_url})
        elif self.evidence_note:
            out.append({"label": self.evidence_note, "url": ""})
        return out


class StepTransition(models.Model):
    """The cycle moved from one step to the next (or a new cycle started): who, when and why."""

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("samverkansperiod"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_step = models.ForeignKey(
        Step, verbose_name=_("från steg"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_step = models.ForeignKey(Step, verbose_name=_("till steg"), on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    reason = models.TextField(_("motivering"), blank=True)
    open_items = models.PositiveSmallIntegerField(_("ej avbockade punkter"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stegbyte")
        verbose_name_plural = _("stegbyten")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(open_items=0) | ~Q(reason=""),
                name="steptransition_reason_when_items_open",
                violation_error_message=_("Ange varför ni går vidare trots att punkter inte är klara."),
            )
        ]

    def __str__(self):
        return f"{self.cycle}: {self.from_step} → {self.to_step}"


# --- Samverkansöverenskommelser (§ 9) -------------------------------------------------------------


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SIGNED = "signed", _("Undertecknad")
    IN_FORCE = "in_force", _("Gällande")
    ENDED = "ended", _("Upphörd")
    SUPERSEDED = "superseded", _("Ersatt")


AGREEMENT_MOVES: dict[str, set[str]] = {
    AgreementStatus.DRAFT: {AgreementStatus.SIGNED},
    AgreementStatus.SIGNED: {AgreementStatus.IN_FORCE, AgreementStatus.ENDED},
    AgreementStatus.IN_FORCE: {AgreementStatus.ENDED, AgreementStatus.SUPERSEDED},
    AgreementStatus.ENDED: set(),
    AgreementStatus.SUPERSEDED: set(),
}
AGREEMENT_PUBLIC_STATUSES = (
    AgreementStatus.SIGNED,
    AgreementStatus.IN_FORCE,
    AgreementStatus.ENDED,
    AgreementStatus.SUPERSEDED,
)


class AgreementQuerySet(models.QuerySet):
    def public(self) -> "AgreementQuerySet":
        """Public and signed (drafts never); ended and superseded ones stay as a record."""
        return self.filter(visibility=Visibility.PUBLIC, status__in=AGREEMENT_PUBLIC_STATUSES)

    def with_list_data(self) -> "AgreementQuerySet":
        return self.select_related("decision__forum").prefetch_related(
            "parties",
            models.Prefetch(
                "focus_problems",
                queryset=Problem.objects.public().order_by("priority", "title"),
                to_attr="public_focus_problems",
            ),
        )

    def visible_to(self, user) -> "AgreementQuerySet":
        """Kept in step with rules.can_view_agreement."""
        if _signed_in_with(is_coordinator, user) or _signed_in_with(is_board_reader, user):
            return self.all()
        if _signed_in_with(is_partner_editor, user):
            return self.filter(
                Q(pk__in=self.public().values("pk")) | Q(parties__contacts__user=user)
            ).distinct()
        return self.public()


class Agreement(VersionedModel, VisibilityModel):
    """A samverkansöverenskommelse (§ 9): it must state syften and samverkansområden before signing."""

    title = models.CharField(_("rubrik"), max_length=250)
    parties = models.ManyToManyField(Actor, verbose_name=_("parter"), related_name="agreements")
    purposes = models.TextField(_("syften"), blank=True, help_text=_("Krävs innan den undertecknas."))
    areas = models.TextField(_("samverkansområden"), blank=True, help_text=_("Krävs innan den undertecknas."))
    focus_problems = models.ManyToManyField(
        Problem,
        verbose_name=_("fokusområden"),
        related_name="agreements",
        blank=True,
        help_text=_("Problem från lägesbilden. Bara offentliga problem visas för invånarna."),
    )
    focus_areas = models.TextField(
        _("kommentar om fokusområden"), blank=True, help_text=_("Fri text, visas offentligt.")
    )
    valid_from = models.DateField(_("gäller från"), null=True, blank=True)
    valid_to = models.DateField(_("gäller till"), null=True, blank=True)
    signatories = models.TextField(_("undertecknare"), blank=True, help_text=_("En per rad: namn och roll."))
    signed_on = models.DateField(_("undertecknad datum"), null=True, blank=True)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("beslut"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    document = models.FileField(
        _("överenskommelsen (PDF)"),
        upload_to=upload_to,
        validators=[validate_document],
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords(m2m_fields=["parties", "focus_problems"])

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("samverkansöverenskommelse")
        verbose_name_plural = _("samverkansöverenskommelser")
        ordering = ["-valid_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
                name="agreement_valid_to_after_from",
                violation_error_message=_("Överenskommelsen måste gälla till ett datum efter startdatumet."),
            ),
            models.CheckConstraint(
                condition=Q(status=AgreementStatus.DRAFT) | (~Q(purposes="") & ~Q(areas="")),
                name="agreement_purposes_and_areas_when_signed",
                violation_error_message=_(
                    "Syften och samverkansområden måste vara ifyllda innan undertecknandet."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to <= self.valid_from:
            raise ValidationError({"valid_to": _("Slutdatumet måste vara efter startdatumet.")})
        if self.status != AgreementStatus.DRAFT:
            errors = {}
            if not self.purposes.strip():
                errors["purposes"] = _("Skriv syftena innan överenskommelsen undertecknas (9 §).")
            if not self.areas.strip():
                errors["areas"] = _("Skriv samverkansområdena innan överenskommelsen undertecknas (9 §).")
            if errors:
                raise ValidationError(errors)

    @property
    def is_public_now(self) -> bool:
        return self.visibility == Visibility.PUBLIC and self.status in AGREEMENT_PUBLIC_STATUSES


# --- Medborgarlöften ------------------------------------------------------------------------------


class PromiseStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SIGNED = "signed", _("Undertecknat")
    PUBLISHED = "published", _("Publicerat")
    FOLLOWED_UP = "followed_up", _("Uppföljt")


PROMISE_MOVES: dict[str, set[str]] = {
    PromiseStatus.DRAFT: {PromiseStatus.SIGNED},
    PromiseStatus.SIGNED: {PromiseStatus.PUBLISHED},
    PromiseStatus.PUBLISHED: {PromiseStatus.FOLLOWED_UP},
    PromiseStatus.FOLLOWED_UP: set(),
}
PROMISE_PUBLIC_STATUSES = (PromiseStatus.PUBLISHED, PromiseStatus.FOLLOWED_UP)


class CitizenPromiseQuerySet(models.QuerySet):
    def public(self) -> "CitizenPromiseQuerySet":
        """Public and published (or followed up); drafts and merely signed promises never."""
        return self.filter(visibility=Visibility.PUBLIC, status__in=PROMISE_PUBLIC_STATUSES)

    def with_list_data(self) -> "CitizenPromiseQuerySet":
        return self.prefetch_related(
            models.Prefetch(
                "lines",
                queryset=PromiseLine.objects.select_related("actor").prefetch_related(
                    models.Prefetch(
                        "measures",
                        queryset=Measure.objects.public().order_by("title"),
                        to_attr="public_measures",
                    )
                ),
            ),
            "area_links",
        )

    def visible_to(self, user) -> "CitizenPromiseQuerySet":
        """Kept in step with rules.can_view_promise."""
        if _signed_in_with(is_coordinator, user) or _signed_in_with(is_board_reader, user):
            return self.all()
        if _signed_in_with(is_partner_editor, user):
            return self.filter(
                Q(pk__in=self.public().values("pk")) | Q(lines__actor__contacts__user=user)
            ).distinct()
        return self.public()


class CitizenPromise(VersionedModel, VisibilityModel):
    """A medborgarlöfte: what the police and the municipality promise the residents for a year."""

    year = models.PositiveSmallIntegerField(_("år"))
    title = models.CharField(_("rubrik"), max_length=250)
    area_links = models.ManyToManyField(
        Area, verbose_name=_("områden"), related_name="citizen_promises", blank=True
    )
    areas = models.CharField(
        _("områden (fri text)"),
        max_length=300,
        blank=True,
        help_text=_("Orter eller kommundelar, åtskilda med kommatecken."),
    )
    background = models.TextField(_("bakgrund"), blank=True, help_text=_("Visas offentligt."))
    signatories = models.TextField(_("undertecknare"), blank=True, help_text=_("En per rad: namn och roll."))
    signed_on = models.DateField(_("undertecknat datum"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PromiseStatus.choices, default=PromiseStatus.DRAFT
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords(m2m_fields=["area_links"])

    objects = CitizenPromiseQuerySet.as_manager()

    class Meta:
        verbose_name = _("medborgarlöfte")
        verbose_name_plural = _("medborgarlöften")
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="citizenpromise_year_sane"
            ),
            models.CheckConstraint(
                condition=Q(status=PromiseStatus.DRAFT) | Q(signed_on__isnull=False),
                name="citizenpromise_signed_on_when_signed",
                violation_error_message=_("Ange när medborgarlöftet undertecknades."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})"


class PromiseParty(models.TextChoices):
    POLICE = "police", _("Polisen")
    MUNICIPALITY = "municipality", _("Kommunen")
    JOINT = "joint", _("Gemensamt")
    OTHER = "other", _("Annan aktör")


class PromiseLine(models.Model):
    """One promise in a medborgarlöfte: who promises what, and how it went."""

    promise = models.ForeignKey(
        CitizenPromise, verbose_name=_("medborgarlöfte"), on_delete=models.CASCADE, related_name="lines"
    )
    party = models.CharField(_("vem lovar"), max_length=20, choices=PromiseParty.choices)
    actor = models.ForeignKey(
        Actor,
        verbose_name=_("aktör"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="promise_lines",
        help_text=_("Krävs när en annan aktör lovar."),
    )
    text = models.TextField(_("löfte"))
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    follow_up = models.TextField(_("uppföljning"), blank=True, help_text=_("Visas offentligt."))
    follow_up_on = models.DateField(_("uppföljt datum"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("löfte")
        verbose_name_plural = _("löften")
        ordering = ["promise", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(party=PromiseParty.OTHER) | Q(actor__isnull=False),
                name="promiseline_actor_for_other_party",
                violation_error_message=_("Välj vilken aktör som lovar."),
            )
        ]

    def __str__(self):
        return f"{self.get_party_display()}: {self.text[:60]}"

    def clean(self):
        if self.party == PromiseParty.OTHER and not self.actor_id:
            raise ValidationError({"actor": _("Välj vilken aktör som lovar.")})

    @property
    def party_label(self) -> str:
        if self.party == PromiseParty.OTHER and self.actor is not None:
            return self.actor.name
        return self.get_party_display()


# --- Progress, derived from the checklist ---------------------------------------------------------


class StepState(models.TextChoices):
    DONE = "done", _("Klart")
    ACTIVE = "active", _("Pågår")
    NOT_STARTED = "not_started", _("Inte påbörjat")


def step_overview(cycle: Cycle | None, steps, items) -> list[dict]:
    """Per step: its state in the cycle and its checklist progress (never typed in, always counted).

    `items` are the cycle's checklist items, already loaded; this makes no queries.
    """
    by_step: dict[int, list] = {}
    for item in items:
        by_step.setdefault(item.step_id, []).append(item)
    current = cycle.current_step.number if cycle else None
    out = []
    for step in steps:
        step_items = by_step.get(step.pk, [])
        done = sum(1 for i in step_items if i.is_done)
        total = len(step_items)
        if current is None:
            state = StepState.NOT_STARTED
        elif step.number < current:
            state = StepState.DONE
        elif step.number == current or done:
            # Later steps can have begun already: follow-up (step 5) runs through the whole cycle.
            state = StepState.ACTIVE
        else:
            state = StepState.NOT_STARTED
        out.append(
            {
                "step": step,
                "state": state,
                "state_label": state.label,
                "items": step_items,
                "done": done,
                "total": total,
                "percent": round(100 * done / total) if total else 0,
                "open": [i for i in step_items if not i.is_done],
                "is_current": step.number == current,
            }
        )
    return out


# --- Åtgärdsplan (§ 5), åtgärder och lägesrapporter -------------------------------------------------


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    CONSULTATION = "consultation", _("Remiss")
    DECIDED = "decided", _("Beslutad")
    IN_PROGRESS = "in_progress", _("Genomförs")
    FOLLOWED_UP = "followed_up", _("Uppföljd")
    SUPERSEDED = "superseded", _("Ersatt")


PLAN_MOVES: dict[str, set[str]] = {
    PlanStatus.DRAFT: {PlanStatus.CONSULTATION},
    PlanStatus.CONSULTATION: {PlanStatus.DRAFT, PlanStatus.DECIDED},
    PlanStatus.DECIDED: {PlanStatus.IN_PROGRESS, PlanStatus.SUPERSEDED},
    PlanStatus.IN_PROGRESS: {PlanStatus.FOLLOWED_UP, PlanStatus.SUPERSEDED},
    PlanStatus.FOLLOWED_UP: {PlanStatus.SUPERSEDED},
    PlanStatus.SUPERSEDED: set(),
}
PLAN_PUBLIC_STATUSES = (PlanStatus.DECIDED, PlanStatus.IN_PROGRESS, PlanStatus.FOLLOWED_UP)
# Updates are written while the plan is carried out.
PLAN_RUNNING_STATUSES = (PlanStatus.DECIDED, PlanStatus.IN_PROGRESS)
# Measures of these plans are followed up (step 5).
PLAN_FOLLOWUP_STATUSES = (PlanStatus.DECIDED, PlanStatus.IN_PROGRESS, PlanStatus.FOLLOWED_UP)


class ActionPlanQuerySet(models.QuerySet):
    def public(self) -> "ActionPlanQuerySet":
        return self.filter(visibility=Visibility.PUBLIC, status__in=PLAN_PUBLIC_STATUSES)


class ActionPlan(VersionedModel, VisibilityModel):
    """An åtgärdsplan (§ 5): the measures that answer the lägesbild, adopted by a decision."""

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("samverkansperiod"), on_delete=models.PROTECT, related_name="action_plans"
    )
    title = models.CharField(_("rubrik"), max_length=250)
    period_start = models.DateField(_("gäller från"))
    period_end = models.DateField(_("gäller till"))
    situation_report = models.ForeignKey(
        SituationReport,
        verbose_name=_("lägesbild som planen bygger på"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_plans",
    )
    goals = models.TextField(_("mål"), blank=True, help_text=_("Visas offentligt."))
    decision = models.ForeignKey(
        Decision, verbose_name=_("beslut"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords()

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("åtgärdsplan")
        verbose_name_plural = _("åtgärdsplaner")
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=models.F("period_start")),
                name="actionplan_end_after_start",
                violation_error_message=_("Planen måste gälla till ett datum efter startdatumet."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.period_start and self.period_end and self.period_end <= self.period_start:
            raise ValidationError({"period_end": _("Planen måste gälla till ett datum efter startdatumet.")})

    @property
    def is_public_now(self) -> bool:
        return self.visibility == Visibility.PUBLIC and self.status in PLAN_PUBLIC_STATUSES

    @property
    def is_running(self) -> bool:
        return self.status in PLAN_RUNNING_STATUSES


class MeasureKind(models.TextChoices):
    SITUATIONAL = "situationell", _("Situationell")
    SOCIAL = "social", _("Social")


class MeasureLevel(models.TextChoices):
    UNIVERSAL = "universell", _("Universell")
    SELECTIVE = "selektiv", _("Selektiv")
    INDICATED = "indikerad", _("Indikerad")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planerad")
    ONGOING = "ongoing", _("Pågår")
    DONE = "done", _("Genomförd")
    DELAYED = "delayed", _("Försenad")
    PAUSED = "paused", _("Pausad")
    CANCELLED = "cancelled", _("Avbruten")


# A measure may always keep its status (an update of the progress only); these are the other moves.
MEASURE_MOVES: dict[str, set[str]] = {
    MeasureStatus.PLANNED: {
        MeasureStatus.ONGOING,
        MeasureStatus.DELAYED,
        MeasureStatus.PAUSED,
        MeasureStatus.CANCELLED,
    },
    MeasureStatus.ONGOING: {
        MeasureStatus.DONE,
        MeasureStatus.DELAYED,
        MeasureStatus.PAUSED,
        MeasureStatus.CANCELLED,
    },
    MeasureStatus.DELAYED: {
        MeasureStatus.ONGOING,
        MeasureStatus.DONE,
        MeasureStatus.PAUSED,
        MeasureStatus.CANCELLED,
    },
    MeasureStatus.PAUSED: {MeasureStatus.ONGOING, MeasureStatus.CANCELLED},
    MeasureStatus.DONE: set(),
    MeasureStatus.CANCELLED: set(),
}
ACTIVE_MEASURE_STATUSES = (
    MeasureStatus.PLANNED,
    MeasureStatus.ONGOING,
    MeasureStatus.DELAYED,
    MeasureStatus.PAUSED,
)


def stale_days() -> int:
    return getattr(settings, "TRYGG_STALE_DAYS", 90)


class MeasureQuerySet(models.QuerySet):
    def public(self) -> "MeasureQuerySet":
        """Public measures of public plans that are decided, carried out or followed up."""
        return self.filter(
            visibility=Visibility.PUBLIC,
            plan__visibility=Visibility.PUBLIC,
            plan__status__in=PLAN_PUBLIC_STATUSES,
        )

    def with_list_data(self) -> "MeasureQuerySet":
        return self.select_related("plan", "lead_actor").prefetch_related("contributors", "areas")

    def visible_to(self, user) -> "MeasureQuerySet":
        """Kept in step with rules (cycles.view_measure)."""
        if _signed_in_with(is_coordinator, user) or _signed_in_with(is_board_reader, user):
            return self.all()
        if _signed_in_with(is_partner_editor, user):
            return self.filter(Q(pk__in=self.public().values("pk")) | Q(pk__in=self.own(user).values("pk")))
        return self.public()

    def own(self, user) -> "MeasureQuerySet":
        """Measures the user's actor leads or contributes to (through the user's linked contact)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(lead_actor__contacts__user=user) | Q(contributors__contacts__user=user)
        ).distinct()

    def stale(self, days: int | None = None) -> "MeasureQuerySet":
        """Active measures without an update for `days` (TRYGG_STALE_DAYS, default 90) days."""
        cutoff = timezone.localdate() - datetime.timedelta(days=stale_days() if days is None else days)
        return self.filter(status__in=ACTIVE_MEASURE_STATUSES).filter(
            Q(last_update_on__lt=cutoff) | Q(last_update_on__isnull=True, created_on__lt=cutoff)
        )

    def without_cause(self) -> "MeasureQuerySet":
        return self.filter(cause_analyses__isnull=True)


class Measure(VersionedModel, VisibilityModel):
    """An åtgärd in the plan: why (problem and cause), who, where, when, and how far it has come."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("åtgärdsplan"), on_delete=models.PROTECT, related_name="measures"
    )
    slug = models.SlugField(
        _("kortnamn i adressen"),
        max_length=100,
        unique=True,
        help_text=_("Ändra inte efter publicering: adressen /atgarder/<kortnamn>/ ska vara stabil."),
    )
    title = models.CharField(_("rubrik (offentlig)"), max_length=250)
    public_text = models.TextField(
        _("beskrivning för invånare"), blank=True, help_text=_("Visas offentligt.")
    )
    internal_notes = models.TextField(
        _("interna anteckningar"), blank=True, help_text=_("Visas aldrig på den publika webbplatsen.")
    )
    problems = models.ManyToManyField(Problem, verbose_name=_("problem"), related_name="measures", blank=True)
    cause_analyses = models.ManyToManyField(
        CauseAnalysis,
        verbose_name=_("orsaksanalyser"),
        related_name="measures",
        blank=True,
        help_text=_("Minst en orsak krävs innan planen kan beslutas."),
    )
    kind = models.CharField(_("typ"), max_length=20, choices=MeasureKind.choices)
    level = models.CharField(_("nivå"), max_length=20, choices=MeasureLevel.choices)
    lead_actor = models.ForeignKey(
        Actor, verbose_name=_("ansvarig aktör"), on_delete=models.PROTECT, related_name="led_measures"
    )
    lead_contact = models.ForeignKey(
        Contact,
        verbose_name=_("ansvarig kontaktperson"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    contributors = models.ManyToManyField(
        Actor, verbose_name=_("medverkande aktörer"), related_name="contributed_measures", blank=True
    )
    areas = models.ManyToManyField(Area, verbose_name=_("områden"), related_name="measures", blank=True)
    places = models.ManyToManyField(Place, verbose_name=_("platser"), related_name="measures", blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("klart senast"), null=True, blank=True)
    budget = models.DecimalField(_("budget (kr)"), max_digits=12, decimal_places=0, null=True, blank=True)
    funding = models.CharField(_("finansiering"), max_length=300, blank=True)
    goal = models.TextField(_("mål"), blank=True, help_text=_("Visas offentligt."))
    # What is measured from the statistics is in MeasureIndicator; this is for what is measured otherwise.
    indicator = models.TextField(
        _("annan uppföljning"),
        blank=True,
        help_text=_(
            "Det som inte finns som indikator i statistiken, t.ex. ”Antal trygghetsvandringar per år: 2”."
        ),
    )
    promise_lines = models.ManyToManyField(
        PromiseLine, verbose_name=_("löften i medborgarlöften"), related_name="measures", blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(_("hur långt (procent)"), default=0)
    updates_need_approval = models.BooleanField(
        _("partnerns lägesrapporter granskas"),
        default=True,
        help_text=_("En samordnare godkänner partnerns lägesrapporter innan de visas offentligt."),
    )
    last_update_on = models.DateField(_("senaste lägesrapport"), null=True, blank=True, editable=False)
    created_on = models.DateField(_("skapad"), default=timezone.localdate, editable=False)
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords(
        m2m_fields=["problems", "cause_analyses", "contributors", "areas", "places", "promise_lines"]
    )

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="measure_progress_0_to_100",
                violation_error_message=_("Hur långt åtgärden har kommit anges i procent, 0–100."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="measure_end_not_before_start",
                violation_error_message=_("Slutdatumet kan inte vara före startdatumet."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("cycles:measure-detail", args=[self.slug])

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Slutdatumet kan inte vara före startdatumet.")
        if self.progress is not None and not 0 <= self.progress <= 100:
            errors["progress"] = _("Ange hur långt åtgärden har kommit som ett tal mellan 0 och 100.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_public_now(self) -> bool:
        return self.visibility == Visibility.PUBLIC and self.plan.is_public_now

    @property
    def last_activity(self) -> datetime.date:
        return self.last_update_on or self.created_on

    @property
    def is_stale(self) -> bool:
        cutoff = timezone.localdate() - datetime.timedelta(days=stale_days())
        return self.status in ACTIVE_MEASURE_STATUSES and self.last_activity < cutoff

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in ACTIVE_MEASURE_STATUSES
            and self.end_date is not None
            and self.end_date < timezone.localdate()
        )


class MeasureUpdateQuerySet(models.QuerySet):
    def approved(self) -> "MeasureUpdateQuerySet":
        return self.filter(approved_at__isnull=False)

    def pending(self) -> "MeasureUpdateQuerySet":
        return self.filter(approved_at__isnull=True)

    def public(self) -> "MeasureUpdateQuerySet":
        """Approved updates of public measures (see MeasureQuerySet.public)."""
        return self.approved().filter(measure__in=Measure.objects.public())

    def newest_first(self) -> "MeasureUpdateQuerySet":
        return self.order_by("-date", "-pk")


class MeasureIndicator(models.Model):
    """An indicator from the statistics that shows whether a measure works, with baseline and target."""

    measure = models.ForeignKey(
        "Measure", verbose_name=_("åtgärd"), on_delete=models.CASCADE, related_name="indicator_links"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indikator"), on_delete=models.PROTECT, related_name="measure_links"
    )
    baseline = models.DecimalField(_("utgångsvärde"), max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("utgångsvärdets år"), null=True, blank=True)
    target = models.DecimalField(_("målvärde"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("målår"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indikator för åtgärd")
        verbose_name_plural = _("indikatorer för åtgärd")
        ordering = ["measure", "indicator__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "indicator"], name="measureindicator_unique"),
            models.CheckConstraint(
                condition=models.Q(target_year__isnull=True)
                | models.Q(baseline_year__isnull=True)
                | models.Q(target_year__gte=models.F("baseline_year")),
                name="measureindicator_target_after_baseline",
                violation_error_message=_("Målåret kan inte ligga före utgångsvärdets år."),
            ),
        ]

    def __str__(self):
        return f"{self.measure}: {self.indicator}"


class MeasureUpdate(models.Model):
    """A dated lägesrapport on a measure: status, progress, what happened, and evidence."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("åtgärd"), on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField(_("datum"), validators=[validate_not_in_future])
    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices)
    progress = models.PositiveSmallIntegerField(_("hur långt (procent)"))
    text = models.TextField(
        _("vad har hänt"),
        help_text=_("Visas offentligt när rapporten är godkänd. Skriv inga namn på enskilda personer."),
    )
    evidence_url = models.URLField(_("länk till underlag"), blank=True)
    evidence_document = models.FileField(
        _("dokument"),
        upload_to=upload_to,
        validators=[validate_document],
        blank=True,
        help_text=_("PDF eller vanligt kontorsformat."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skriven av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    needs_approval = models.BooleanField(_("behöver godkännas"), default=False)
    approved_at = models.DateTimeField(_("godkänd"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("godkänd av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("skriven"), default=timezone.now, editable=False)
    history = HistoricalRecords()

    objects = MeasureUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("lägesrapport")
        verbose_name_plural = _("lägesrapporter")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="measureupdate_progress_0_to_100",
                violation_error_message=_("Hur långt åtgärden har kommit anges i procent, 0–100."),
            ),
        ]

    def __str__(self):
        return f"{self.measure}: {self.date:%Y-%m-%d}"

    def clean(self):
        if self.progress is not None and not 0 <= self.progress <= 100:
            raise ValidationError(
                {"progress": _("Ange hur långt åtgärden har kommit som ett tal mellan 0 och 100.")}
            )

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


# Step 5 lives in its own module; imported here so that Django registers the models.
from .models_followup import (  # noqa: E402
    FOLLOWUP_MOVES,
    REPORT_DECISIONS,
    REPORT_MOVES,
    Assessment,
    CommitmentKept,
    FollowUp,
    FollowUpCommitment,
    FollowUpPeriod,
    FollowUpReminder,
    FollowUpReport,
    FollowUpStatus,
    ReportStatus,
)

__all__ = [
    "FOLLOWUP_MOVES",
    "REPORT_DECISIONS",
    "REPORT_MOVES",
    "Assessment",
    "CommitmentKept",
    "FollowUp",
    "FollowUpCommitment",
    "FollowUpPeriod",
    "FollowUpReminder",
    "FollowUpReport",
    "FollowUpStatus",
    "ReportStatus",
]
