"""Workspace views for follow-ups per measure (step 5), under /arbete/uppfoljning/.

Coordinators and board readers see every measure of a period with its follow-up; partner editors see
"Mina uppföljningar", the measures their actor leads or contributes to, and write those they lead.
Coordinators create the periods and approve, send back or reopen follow-ups. Single objects are looked
up among what the user may see (404 otherwise) and checked against the rules (403 otherwise); the
writes go through cycles.services.followup.
"""

from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, FormView, ListView, TemplateView, UpdateView

from actors.rules import own_actor
from lagesbild.services import WARN_DAYS
from trygg.concurrency import CONFLICT_MESSAGE, EditConflict
from trygg.exports import ExportMixin
from trygg.models import MunicipalitySettings
from trygg.submissions import ALREADY_SAVED, first_sending, run_once
from trygg.views import WorkspaceMixin, workspace_crumbs

from ...forms.followup import (
    MISSING,
    CommitmentFormSet,
    FollowUpForm,
    FollowUpMoveForm,
    FollowUpOverviewFilter,
    FollowUpPeriodForm,
)
from ...models import (
    Assessment,
    CommitmentKept,
    Cycle,
    FollowUp,
    FollowUpPeriod,
    FollowUpStatus,
    Measure,
    MeasureIndicator,
    indicators_with_latest,
)
from ...services import followup as services
from ...services.evidence import followup_report_watch

OVERVIEW_PERMS = ("trygg.view_workspace", "cycles.view_followup_overview")

OWN_PERMS = ("trygg.view_workspace", "cycles.view_own_measures")

PERIOD_PERMS = ("trygg.view_workspace", "cycles.run_cycle")

RECENT_UPDATES = 3

PANEL_LIMIT = 10


def _status_label(status: str | None) -> str:
    return FollowUpStatus(status).label if status else _("Saknas")


def _overview_url(user, period: FollowUpPeriod | None = None) -> str:
    name = (
        "cycles:followup-overview"
        if user.has_perm("cycles.view_followup_overview")
        else "cycles:my-followups"
    )
    url = reverse(name)
    return f"{url}?period={period.pk}" if period is not None else url


def _overview_label(user) -> str:
    return _("Uppföljning") if user.has_perm("cycles.view_followup_overview") else _("Mina uppföljningar")


class FollowUpList(ExportMixin, WorkspaceMixin, ListView):
    """A period's measures with their follow-up: status, assessment, and a link to write or read it."""

    template_name = "cycles/workspace/followup/list.html"
    context_object_name = "measures"
    paginate_by = 25
    title = _("Uppföljning")
    mine = False
    export_name = "uppfoljning"

    def get_export_columns(self):
        return [
            (_("Period"), lambda m: self.period.name),
            (_("Åtgärd"), "title"),
            (_("Ansvarig aktör"), "lead_actor.name"),
            (_("Uppföljning"), lambda m: _status_label(m.follow_up_status)),
            (
                _("Bedömning"),
                lambda m: Assessment(m.follow_up_assessment).label if m.follow_up_assessment else "",
            ),
        ]

    def visible_measures(self, period: FollowUpPeriod):
        raise NotImplementedError

    def get_queryset(self):
        self.periods = list(FollowUpPeriod.objects.newest_open_first())
        self.period = self._chosen_period()
        if self.period is None:
            self.form = None
            return Measure.objects.none()
        self.visible = self.period.with_follow_up(self.visible_measures(self.period))
        self.form = FollowUpOverviewFilter(
            self.request.GET or None, periods=self.periods, measures=self.visible_measures(self.period)
        )
        if not self.request.GET:
            self.form.initial = {"period": self.period.pk}
        return self.form.filter(self.visible).select_related("lead_actor").order_by("title", "pk")

    def _chosen_period(self) -> FollowUpPeriod | None:
        wanted = self.request.GET.get("period")
        if not wanted:
            return self.periods[0] if self.periods else None
        for period in self.periods:
            if str(period.pk) == wanted:
                return period
        raise Http404("No such follow-up period")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx.update(
            title=self.title,
            breadcrumbs=workspace_crumbs(),
            mine=self.mine,
            periods=self.periods,
            period=self.period,
            form=self.form,
            filtered=any(v for k, v in query.items() if k != "period"),
            can_manage_periods=user.has_perm("cycles.run_cycle"),
        )
        if self.period is None:
            return ctx
        counts = Counter(self.visible.values_list("follow_up_status", flat=True))
        ctx.update(
            days_left=self.period.days_left(),
            status_counts=[
                (MISSING, _("Saknas"), counts.get(None, 0)),
                *((s.value, s.label, counts.get(s.value, 0)) for s in FollowUpStatus),
            ],
            total=sum(counts.values()),
            rows=[self._row(m) for m in ctx["measures"]],
        )
        return ctx

    def _row(self, measure: Measure) -> dict:
        user = self.request.user
        status = measure.follow_up_status
        # An unsaved stand-in answers the rules for a follow-up that is not written yet.
        follow_up = FollowUp(period=self.period, measure=measure, status=status or FollowUpStatus.DRAFT)
        if status == FollowUpStatus.SUBMITTED and user.has_perm("cycles.approve_followup", follow_up):
            action = _("Granska")
        elif status == FollowUpStatus.APPROVED:
            action = _("Visa uppföljningen")
        elif user.has_perm("cycles.change_followup", follow_up):
            action = _("Skriv uppföljning") if status is None else _("Fortsätt skriva")
        else:
            action = _("Läs uppföljningen")
        return {
            "measure": measure,
            "status_label": _status_label(status),
            "assessment": measure.follow_up_assessment or "",
            "assessment_label": Assessment(measure.follow_up_assessment).label
            if measure.follow_up_assessment
            else "",
            "url": reverse("cycles:followup-edit", args=[self.period.pk, measure.slug]),
            "action": action,
            "leads": self.mine and measure.lead_actor_id == getattr(own_actor(user), "pk", None),
        }


class Overview(FollowUpList):
    """/arbete/uppfoljning/: every measure of the period (coordinators and board readers)."""

    permission_required = OVERVIEW_PERMS

    def visible_measures(self, period):
        return Measure.objects.visible_to(self.request.user).filter(pk__in=period.measures().values("pk"))


class MyFollowUps(FollowUpList):
    """/arbete/uppfoljning/mina/: the measures the partner's actor leads or contributes to."""

    permission_required = OWN_PERMS
    title = _("Mina uppföljningar")
    mine = True
    export_name = "mina-uppfoljningar"

    def visible_measures(self, period):
        own = Measure.objects.own(self.request.user).values("pk")
        return Measure.objects.filter(pk__in=own).filter(pk__in=period.measures().values("pk"))


class PeriodFormMixin(WorkspaceMixin):
    permission_required = PERIOD_PERMS
    model = FollowUpPeriod
    form_class = FollowUpPeriodForm
    template_name = "cycles/workspace/followup/period_form.html"

    def form_valid(self, form):
        try:
            outcome = run_once(self.request, form.save)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        period = outcome.object
        if outcome.repeated:
            messages.info(self.request, ALREADY_SAVED)
        else:
            messages.success(self.request, _("Uppföljningsperioden ”%(name)s” är sparad.") % {"name": period})
        return redirect(_overview_url(self.request.user, period))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            breadcrumbs=workspace_crumbs((_("Uppföljning"), reverse("cycles:followup-overview"))), **kwargs
        )


class PeriodCreate(PeriodFormMixin, CreateView):
    """/arbete/uppfoljning/perioder/ny/: a new round of follow-up, in the current cycle by default."""

    def get_initial(self):
        return {"cycle": Cycle.objects.current()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Ny uppföljningsperiod"), **kwargs)


class PeriodEdit(PeriodFormMixin, UpdateView):
    """/arbete/uppfoljning/perioder/<pk>/andra/: change a period's dates or reminder."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Ändra uppföljningsperioden ”%(name)s”") % {"name": self.object}, **kwargs
        )


class FollowUpObjectMixin(WorkspaceMixin):
    """A page about one measure's follow-up in a period: 404 when the user may not see the measure (or
    it is not part of the period), 403 when they may see it but not this."""

    follow_up_permission = "cycles.view_followup"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.period = get_object_or_404(
                FollowUpPeriod.objects.select_related("cycle"), pk=kwargs["period_pk"]
            )
            measures = Measure.objects.visible_to(request.user).filter(
                pk__in=self.period.measures().values("pk")
            )
            self.measure = get_object_or_404(
                measures.select_related("plan", "lead_actor", "lead_contact"), slug=kwargs["slug"]
            )
            self.follow_up = FollowUp.objects.filter(period=self.period, measure=self.measure).first()
            if self.follow_up is None:
                self.follow_up = FollowUp(period=self.period, measure=self.measure)
            if request.user.has_perm("trygg.view_workspace") and not request.user.has_perm(
                self.follow_up_permission, self.follow_up
            ):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def edit_url(self) -> str:
        return reverse("cycles:followup-edit", args=[self.period.pk, self.measure.slug])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx.update(
            period=self.period,
            measure=self.measure,
            follow_up=self.follow_up,
            days_left=self.period.days_left(),
            back_url=_overview_url(user, self.period),
            breadcrumbs=workspace_crumbs((_overview_label(user), _overview_url(user, self.period))),
        )
        return ctx


class FollowUpEdit(FollowUpObjectMixin, TemplateView):
    """/arbete/uppfoljning/<period>/<slug>/: the measure's facts, indicators and recent lägesrapporter,
    and the follow-up: a form for those who may write it, the text for those who may read it."""

    template_name = "cycles/workspace/followup/edit.html"
    SAVE, SUBMIT = "spara", "lamna-in"

    def can_write(self) -> bool:
        return self.request.user.has_perm("cycles.change_followup", self.follow_up)

    def commitment_rows(self) -> list[dict]:
        """One row per partner: the stored commitments, or the partners a new follow-up will get."""
        if self.follow_up.pk is not None:
            return [
                {"actor": c.actor_id, "actor_name": c.actor.name, "kept": c.kept, "comment": c.comment}
                for c in self.follow_up.commitments.select_related("actor")
            ]
        lead = self.measure.lead_actor
        actors = sorted([lead, *self.measure.contributors.exclude(pk=lead.pk)], key=lambda a: (a.name, a.pk))
        return [
            {"actor": a.pk, "actor_name": a.name, "kept": CommitmentKept.NOT_ASSESSED, "comment": ""}
            for a in actors
        ]

    def get(self, request, *args, **kwargs):
        if not self.can_write():
            return self.render_to_response(self.get_context_data())
        form = FollowUpForm(instance=self.follow_up)
        formset = CommitmentFormSet(initial=self.commitment_rows(), prefix="parter")
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def first_draft_sent_before(self) -> bool:
        """The form of a follow-up not yet written (no version in it) whose token a first sending used:
        Back and resend, or a double click. (A form shown again after that sending has the version, so
        it is an edit, checked against the version as any edit.)"""
        if self.follow_up.pk is None or self.request.POST.get("loaded_version"):
            return False
        return first_sending(self.request) is not None

    def post(self, request, *args, **kwargs):
        if self.first_draft_sent_before():
            messages.info(request, ALREADY_SAVED)
            return redirect(self.edit_url())
        if not self.can_write():
            raise PermissionDenied
        form = FollowUpForm(request.POST, instance=self.follow_up)
        formset = CommitmentFormSet(request.POST, initial=self.commitment_rows(), prefix="parter")
        if not (form.is_valid() & formset.is_valid()):
            return self.invalid(form, formset)

        def save():
            return services.save_follow_up(
                follow_up=form.instance, commitments=formset.cleaned_data, by=request.user
            )

        try:
            # The first draft creates the follow-up: once per form token. A later save is an edit,
            # guarded by the version.
            outcome = run_once(request, save) if self.follow_up.pk is None else None
            follow_up = save() if outcome is None else outcome.object
        except EditConflict:
            form.add_error(None, CONFLICT_MESSAGE)
            return self.invalid(form, formset)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.invalid(form, formset)
        if outcome is not None and outcome.repeated:  # the same first draft, sent at the same moment
            messages.info(request, ALREADY_SAVED)
            return redirect(self.edit_url())
        self.follow_up = follow_up
        if request.POST.get("action") != self.SUBMIT:
            messages.success(request, _("Utkastet är sparat."))
            return redirect(self.edit_url())
        try:
            services.submit_follow_up(follow_up=follow_up, by=request.user)
        except ValidationError as exc:
            # The draft is saved; show the form again with the new version so it can be sent again.
            data = request.POST.copy()
            data["loaded_version"] = str(follow_up.version)
            form = FollowUpForm(data, instance=follow_up)
            form.is_valid()
            form.add_error(
                None,
                _("Utkastet är sparat men inte inlämnat. %(why)s") % {"why": " ".join(exc.messages)},
            )
            form.mark_missing(follow_up.missing_for_submission())
            return self.invalid(form, formset)
        messages.success(
            request,
            _("Uppföljningen av ”%(t)s” är inlämnad. En samordnare granskar den.")
            % {"t": self.measure.title},
        )
        return redirect(_overview_url(request.user, self.period))

    def invalid(self, form, formset):
        return self.render_to_response(self.get_context_data(form=form, formset=formset), status=200)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        follow_up = self.follow_up
        links = list(
            MeasureIndicator.objects.filter(measure=self.measure).select_related("indicator")
        )  # internal users see every indicator, public or not
        ctx.update(
            title=_("Uppföljning: %(t)s") % {"t": self.measure.title},
            contributors=list(self.measure.contributors.order_by("name")),
            indicators=indicators_with_latest(
                links, area_code=MunicipalitySettings.for_request(self.request).municipality_id
            ),
            updates=list(self.measure.updates.approved().newest_first()[:RECENT_UPDATES]),
            commitments=list(follow_up.commitments.select_related("actor")) if follow_up.pk else [],
            can_write=self.can_write(),
            can_submit=follow_up.status == FollowUpStatus.DRAFT,
            moves=self._moves() if follow_up.pk else [],
            returned=self._returned(),
            status_label=_status_label(follow_up.status if follow_up.pk else None),
        )
        return ctx

    def _moves(self) -> list[tuple[str, str]]:
        if not self.request.user.has_perm("cycles.approve_followup", self.follow_up):
            return []
        return [
            (reverse("cycles:followup-move", args=[self.period.pk, self.measure.slug, slug]), label)
            for slug, (label, _title, from_status, _do) in FollowUpMove.MOVES.items()
            if self.follow_up.status == from_status
        ]

    def _returned(self):
        """Why a coordinator last sent the follow-up back, while it waits to be handed in again."""
        follow_up = self.follow_up
        if follow_up.pk is None or follow_up.status != FollowUpStatus.DRAFT:
            return None
        entry = (
            follow_up.history.exclude(history_change_reason__isnull=True)
            .exclude(history_change_reason="")
            .order_by("-history_date")
            .first()
        )
        if entry is None or (follow_up.submitted_at and entry.history_date < follow_up.submitted_at):
            return None
        previous = entry.prev_record
        reopened = previous is not None and previous.status == FollowUpStatus.APPROVED
        return {"on": entry.history_date, "reason": entry.history_change_reason, "reopened": reopened}


def _approve(follow_up, *, by, version, reason):
    return services.approve_follow_up(follow_up=follow_up, by=by, version=version)


def _reopen(follow_up, *, by, version, reason):
    return services.reopen_follow_up(follow_up=follow_up, by=by, version=version, reason=reason)


class FollowUpMove(FollowUpObjectMixin, FormView):
    """/arbete/uppfoljning/<period>/<slug>/<godkann|skicka-tillbaka|oppna-igen>/: a coordinator confirms,
    then (POST) approves a handed-in follow-up, sends it back, or reopens an approved one."""

    follow_up_permission = "cycles.approve_followup"
    template_name = "cycles/workspace/followup/move.html"
    form_class = FollowUpMoveForm
    # slug: (button, page title, status it moves from, what it does)
    MOVES = {
        "godkann": (_("Godkänn"), _("Godkänn uppföljningen"), FollowUpStatus.SUBMITTED, _approve),
        "skicka-tillbaka": (
            _("Skicka tillbaka"),
            _("Skicka tillbaka uppföljningen"),
            FollowUpStatus.SUBMITTED,
            _reopen,
        ),
        "oppna-igen": (_("Öppna igen"), _("Öppna uppföljningen igen"), FollowUpStatus.APPROVED, _reopen),
    }
    DONE = {
        "godkann": _("Uppföljningen av ”%(t)s” är godkänd."),
        "skicka-tillbaka": _("Uppföljningen av ”%(t)s” är tillbakaskickad till den ansvariga."),
        "oppna-igen": _("Uppföljningen av ”%(t)s” är öppnad igen och kan ändras."),
    }

    def dispatch(self, request, *args, **kwargs):
        if kwargs["move"] not in self.MOVES:
            raise Http404("No such move")
        self.move = kwargs["move"]
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self._not_now() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._not_now() or super().post(request, *args, **kwargs)

    def _not_now(self):
        """404 before there is a follow-up; back to it when its status no longer allows the move."""
        if self.follow_up.pk is None:
            raise Http404("No follow-up yet")
        if self.follow_up.status != self.MOVES[self.move][2]:
            messages.info(
                self.request,
                _("Uppföljningen är ”%(s)s”, så det går inte just nu.")
                % {"s": self.follow_up.get_status_display()},
            )
            return redirect(self.edit_url())
        return None

    def get_initial(self):
        return {"version": self.follow_up.version}

    def form_valid(self, form):
        _button, _title, _from, do = self.MOVES[self.move]
        data = form.cleaned_data
        try:
            do(self.follow_up, by=self.request.user, version=data["version"], reason=data["reason"])
        except EditConflict:
            messages.error(self.request, CONFLICT_MESSAGE)
            return redirect(self.edit_url())
        except ValidationError as exc:
            messages.error(self.request, " ".join(exc.messages))
            return redirect(self.edit_url())
        messages.success(self.request, self.DONE[self.move] % {"t": self.measure.title})
        if self.move == "skicka-tillbaka":
            to = services.send_returned_notice(self.follow_up, reason=data["reason"])
            if to:
                messages.info(self.request, _("Ett e-postmeddelande om det går till %(to)s.") % {"to": to})
        if self.move == "godkann":
            return redirect(_overview_url(self.request.user, self.period))
        return redirect(self.edit_url())

    def form_invalid(self, form):
        messages.error(self.request, CONFLICT_MESSAGE)
        return redirect(self.edit_url())

    def get_context_data(self, **kwargs):
        button, title, _from, _do = self.MOVES[self.move]
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            title=title,
            button=button,
            move=self.move,
            with_reason=self.move != "godkann",
        )
        ctx["breadcrumbs"] = [*ctx["breadcrumbs"], (self.measure.title, self.edit_url())]
        return ctx


def followup_panel(request) -> dict | None:
    """Dashboard "Uppföljning": the open period and what is missing or waits for approval (readers), or
    the measures the partner's actor leads that still lack a handed-in follow-up."""
    user = request.user
    today = timezone.localdate()
    if user.has_perm("cycles.view_followup_overview"):
        period = FollowUpPeriod.objects.newest_open_first(today).filter(closes_on__gte=today).first()
        ctx = {"reader": True, "period": period, "can_manage": user.has_perm("cycles.run_cycle")}
        if period is None:
            return ctx
        ctx.update(
            days_left=period.days_left(today),
            lacking=period.lacking_follow_up(period.measures()).count(),
            waiting=period.followups.filter(status=FollowUpStatus.SUBMITTED).count(),
            can_approve=user.has_perm("cycles.approve_followup"),
        )
        return ctx
    actor = own_actor(user) if user.has_perm("cycles.view_own_measures") else None
    if actor is None:
        return None
    due = []
    for period in FollowUpPeriod.objects.newest_open_first(today).filter(closes_on__gte=today):
        measures = period.lacking_follow_up(period.measures().filter(lead_actor=actor))
        for measure in measures.order_by("title")[:PANEL_LIMIT]:
            due.append(
                {
                    "measure": measure,
                    "period": period,
                    "url": reverse("cycles:followup-edit", args=[period.pk, measure.slug]),
                }
            )
    if not due:
        return None
    return {"reader": False, "due": due}


def followup_watch_panel(request) -> dict | None:
    """Dashboard "Uppföljningen enligt 6 §": when kommunstyrelsen last dealt with a follow-up report."""
    if not request.user.has_perm("cycles.view_followup_overview"):
        return None
    return {"watch": followup_report_watch(), "warn_days": WARN_DAYS}
