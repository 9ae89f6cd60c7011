"""The kretslopp: the five steps, samverkansperioder, their "klart när" checklists with evidence,
and the moves from step to step. `step_overview` derives each step's progress from its checklist."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Decision, Meeting
from lagesbild.models import SituationReport
from trygg.concurrency import VersionedModel
from trygg.uploads import file_url, upload_to, validate_document
from trygg.validators import validate_not_in_future
from trygg.visibility import Visibility


class StepQuerySet(models.QuerySet):
    def with_current_cycle_id(self) -> "StepQuerySet":
        """Each step carries `current_cycle_id` (the pk of the current period, or None), so that a page
        learns whether a period runs without a query of its own."""
        current = Cycle.objects.filter(is_current=True).values("pk")[:1]
        return self.annotate(current_cycle_id=models.Subquery(current))


class Step(VersionedModel):
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


class ChecklistTemplateItem(VersionedModel):
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
    no_evidence_reason = models.CharField(
        _("varför det inte finns något underlag"),
        max_length=500,
        blank=True,
        help_text=_("Krävs när punkten markeras som klar utan beslut, möte, dokument eller länk."),
    )
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
        """The evidence as {"label", "url"} entries; `public=True` keeps only what a resident may see.

        A related object that is not public itself (an internal decision or meeting, an agreement or
        lägesbild that is not public and decided) is shown to residents only as "Intern handling" with
        its date, never with its title or link. Done without evidence, the item says so (with the
        reason when the evidence may be shown).
        """
        if public and not self.is_done:
            return []
        if public and not self.evidence_public:
            label = (
                _("Underlag finns men är inte offentligt") if self.has_evidence else _("Klar utan underlag")
            )
            return [{"label": label, "url": ""}]
        out = []

        def internal(day) -> dict:
            return {
                "label": _("Intern handling, %(date)s") % {"date": (day or self.done_on).isoformat()},
                "url": "",
            }

        decision = self.evidence_decision
        if decision is not None:
            if not public or decision.visibility == Visibility.PUBLIC:
                out.append({"label": _("Beslut: %(d)s") % {"d": decision}, "url": ""})
            else:
                out.append(internal(decision.decided_on))
        meeting = self.evidence_meeting
        if meeting is not None:
            if not public or meeting.visibility == Visibility.PUBLIC:
                out.append({"label": _("Möte: %(m)s") % {"m": meeting}, "url": ""})
            else:
                out.append(internal(timezone.localdate(meeting.starts_at)))
        agreement = self.evidence_agreement
        if agreement is not None:
            if not public or agreement.is_public_now:
                out.append(
                    {
                        "label": _("Överenskommelse: %(a)s") % {"a": agreement.title},
                        "url": file_url(agreement.document),
                    }
                )
            else:
                out.append(internal(agreement.signed_on))
        report = self.evidence_report
        if report is not None:
            if not public or report.is_public_now:
                out.append({"label": _("Lägesbild: %(r)s") % {"r": report.title}, "url": ""})
            else:  # dated by its adoption when adopted, else by the tick
                out.append(internal(report.decision.decided_on if report.decision_id else None))
        if self.evidence_document:
            out.append({"label": _("Dokument"), "url": file_url(self.evidence_document)})
        if self.evidence_url:
            out.append({"label": self.evidence_note or self.evidence_url, "url": self.evidence_url})
        elif self.evidence_note:
            out.append({"label": self.evidence_note, "url": ""})
        if not self.has_evidence and self.no_evidence_reason:
            out.append({"label": _("Klar utan underlag: %(r)s") % {"r": self.no_evidence_reason}, "url": ""})
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
