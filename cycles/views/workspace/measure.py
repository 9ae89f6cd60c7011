"""The workspace for measures under /arbete/atgarder/: the coordinators' overview with CSV export,
partner editors' "Mina åtgärder", posting lägesrapporter, editing public text, and approving reports.

Lists start from `Measure.objects.visible_to(user)`; single objects are looked up there (404 when not
visible) and then checked against the rules (403 when visible but not allowed).
"""

from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, ListView, TemplateView, UpdateView

from trygg.concurrency import CONFLICT_MESSAGE, EditConflict
from trygg.forms import ReviewForm
from trygg.review import Review
from trygg.spreadsheet import csv_response
from trygg.submissions import ALREADY_SAVED, run_once
from trygg.views import WorkspaceMixin, workspace_crumbs

from ...forms.measure import MeasureOverviewFilter, MeasureTextForm, MeasureUpdateForm
from ...models import Measure, MeasureStatus, MeasureTextChange, MeasureUpdate
from ...services import measure as measure_services

OVERVIEW_PERMS = ("trygg.view_workspace", "cycles.view_measure_overview")

APPROVE_PERMS = ("trygg.view_workspace", "cycles.approve_measureupdate")

CSV_COLUMNS = [
    (_("Åtgärd"), lambda m: m.title),
    (_("Adress"), lambda m: m.slug),
    (_("Åtgärdsplan"), lambda m: m.plan.title),
    (_("Ansvarig aktör"), lambda m: m.lead_actor.name),
    (_("Status"), lambda m: m.get_status_display()),
    (_("Procent klart"), lambda m: m.progress),
    (_("Start"), lambda m: m.start_date.isoformat() if m.start_date else ""),
    (_("Klart senast"), lambda m: m.end_date.isoformat() if m.end_date else ""),
    (_("Senaste lägesrapport"), lambda m: m.last_update_on.isoformat() if m.last_update_on else ""),
    (_("Inaktuell"), lambda m: _("ja") if m.is_stale else _("nej")),
    (_("Synlighet"), lambda m: m.get_visibility_display()),
]


def measures_panel(request) -> dict | None:
    """Dashboard: reports waiting for approval and stale measures (coordinators), own measures due
    (partner editors)."""
    user = request.user
    ctx = dict.fromkeys(["pending", "stale", "without_cause", "own_count", "own_stale"])
    if user.has_perm("cycles.view_measure_overview"):
        visible = Measure.objects.visible_to(user)
        if user.has_perm("cycles.approve_measureupdate"):
            ctx["pending"] = MeasureUpdate.objects.pending().count()
        ctx.update(stale=visible.stale().count(), without_cause=visible.without_cause().distinct().count())
        return ctx
    if user.has_perm("cycles.view_own_measures"):
        own = Measure.objects.own(user)
        ctx.update(own_count=own.count(), own_stale=own.stale().count())
        return ctx
    return None


class Overview(WorkspaceMixin, ListView):
    """/arbete/atgarder/: counts per status, stale measures, measures without a cause, and a table."""

    permission_required = OVERVIEW_PERMS
    template_name = "cycles/workspace/measure/overview.html"
    context_object_name = "measures"
    paginate_by = 25

    def get_queryset(self):
        self.visible = Measure.objects.visible_to(self.request.user)
        self.form = MeasureOverviewFilter(self.request.GET or None)
        return self.form.filter(self.visible).select_related("plan", "lead_actor").order_by("title", "pk")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        counts = Counter(self.visible.values_list("status", flat=True))
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx.update(
            title=_("Åtgärder"),
            breadcrumbs=workspace_crumbs(),
            form=self.form,
            status_counts=[(label, counts.get(value, 0)) for value, label in MeasureStatus.choices],
            total=sum(counts.values()),
            stale=list(self.visible.stale().select_related("lead_actor").order_by("last_update_on")[:20]),
            without_cause=list(
                self.visible.without_cause().select_related("lead_actor").order_by("title")[:20]
            ),
            filter_query=query.urlencode(),
            pending=MeasureUpdate.objects.pending().count()
            if self.request.user.has_perm("cycles.approve_measureupdate")
            else None,
        )
        return ctx


class OverviewCsv(WorkspaceMixin, TemplateView):
    """/arbete/atgarder/export.csv: the filtered rows of the overview, only what the user may see."""

    permission_required = OVERVIEW_PERMS

    def get(self, request, *args, **kwargs):
        form = MeasureOverviewFilter(request.GET or None)
        rows = form.filter(Measure.objects.visible_to(request.user)).select_related("plan", "lead_actor")
        header = [str(label) for label, _get in CSV_COLUMNS]
        body = (
            [str(get(measure)) for _label, get in CSV_COLUMNS] for measure in rows.order_by("title", "pk")
        )
        return csv_response("atgarder.csv", [header, *body])


class MyMeasures(WorkspaceMixin, TemplateView):
    """/arbete/atgarder/mina/: the measures the partner's actor leads or contributes to, and what is due."""

    permission_required = ("trygg.view_workspace", "cycles.view_own_measures")
    template_name = "cycles/workspace/measure/my_measures.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        measures = list(
            Measure.objects.own(user).select_related("plan", "lead_actor").order_by("end_date", "title")
        )
        pending = set(
            MeasureUpdate.objects.pending().filter(measure__in=measures).values_list("measure_id", flat=True)
        )
        pending_texts = set(
            MeasureTextChange.objects.pending()
            .filter(measure__in=measures)
            .values_list("measure_id", flat=True)
        )
        rows = [
            {
                "measure": m,
                "leads": user.has_perm("cycles.change_measure_text", m),
                "can_post": user.has_perm("cycles.post_measure_update", m),
                "pending": m.pk in pending,
                "pending_text": m.pk in pending_texts,
            }
            for m in measures
        ]
        ctx.update(
            title=_("Mina åtgärder"),
            breadcrumbs=workspace_crumbs(),
            due=[r for r in rows if r["can_post"] and (r["measure"].is_stale or r["measure"].is_overdue)],
            rows=rows,
            declined_updates=list(
                MeasureUpdate.objects.reviewed_with_reason()
                .filter(measure__in=measures, author=user)
                .select_related("measure")
                .order_by("-reviewed_at")[:10]
            ),
            declined_texts=list(
                MeasureTextChange.objects.reviewed_with_reason()
                .filter(measure__in=measures, author=user)
                .select_related("measure")
                .order_by("-reviewed_at")[:10]
            ),
        )
        return ctx


class MeasureObjectMixin(WorkspaceMixin):
    """A page about one measure the user may see (404 otherwise) and act on (403 otherwise)."""

    measure_permission = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.measure = get_object_or_404(
                Measure.objects.visible_to(request.user).select_related("plan", "lead_actor"),
                slug=kwargs["slug"],
            )
            if request.user.has_perm("trygg.view_workspace") and not request.user.has_perm(
                self.measure_permission, self.measure
            ):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def back_url(self):
        if self.request.user.has_perm("cycles.view_measure_overview"):
            return reverse("cycles:measure-overview")
        return reverse("cycles:my-measures")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        back = self.back_url()
        label = _("Åtgärder") if back == reverse("cycles:measure-overview") else _("Mina åtgärder")
        ctx.update(measure=self.measure, back_url=back, breadcrumbs=workspace_crumbs((label, back)))
        return ctx


class PostUpdate(MeasureObjectMixin, FormView):
    """/arbete/atgarder/<slug>/rapport/: write a lägesrapport."""

    measure_permission = "cycles.post_measure_update"
    template_name = "cycles/workspace/measure/post_update.html"
    form_class = MeasureUpdateForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "measure": self.measure}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            outcome = run_once(
                self.request,
                lambda: measure_services.post_update(measure=self.measure, by=self.request.user, **data),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        except EditConflict:
            form.add_error(None, CONFLICT_MESSAGE)
            return self.form_invalid(form)
        update = outcome.object
        if outcome.repeated:
            messages.info(self.request, ALREADY_SAVED)
        elif update.is_approved:
            messages.success(self.request, _("Lägesrapporten är sparad och syns på den publika sidan."))
        else:
            messages.success(
                self.request,
                _("Lägesrapporten är sparad. Den visas offentligt när en samordnare har godkänt den."),
            )
        return redirect(self.back_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Lägesrapport: %(t)s") % {"t": self.measure.title},
            recent=list(self.measure.updates.select_related("author")[:5]),
            **kwargs,
        )


class EditText(MeasureObjectMixin, UpdateView):
    """/arbete/atgarder/<slug>/text/: the public text of a measure (lead partner or coordinator)."""

    measure_permission = "cycles.change_measure_text"
    template_name = "cycles/workspace/measure/text_form.html"
    form_class = MeasureTextForm

    def get_object(self, queryset=None):
        return self.measure

    def form_valid(self, form):
        """A coordinator's text is saved at once; a partner's waits for a coordinator's review."""
        if not self.request.user.has_perm("cycles.approve_measureupdate"):
            measure_services.propose_text(
                measure=self.measure, text=form.cleaned_data["public_text"], by=self.request.user
            )
            messages.success(
                self.request,
                _("Texten är skickad till en samordnare. Den visas för invånare när den är godkänd."),
            )
            return redirect(self.back_url())
        form.instance._history_user = self.request.user
        try:
            form.save()
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Texten är sparad."))
        return redirect(self.back_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Text för invånare: %(t)s") % {"t": self.measure.title},
            reviewed=not self.request.user.has_perm("cycles.approve_measureupdate"),
            waiting=self.measure.text_changes.pending().filter(author=self.request.user).first(),
            **kwargs,
        )


class ApprovalQueue(WorkspaceMixin, ListView):
    """/arbete/atgarder/granska/: partners' lägesrapporter and texts for residents that wait for a
    coordinator's review."""

    permission_required = APPROVE_PERMS
    template_name = "cycles/workspace/measure/approval_queue.html"
    context_object_name = "updates"
    paginate_by = 25

    def get_queryset(self):
        return (
            MeasureUpdate.objects.pending()
            .select_related("measure__lead_actor", "author")
            .order_by("date", "pk")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Att granska"),
            texts=list(
                MeasureTextChange.objects.pending()
                .select_related("measure__lead_actor", "author")
                .order_by("created_at", "pk")[:50]
            ),
            breadcrumbs=workspace_crumbs((_("Åtgärder"), reverse("cycles:measure-overview"))),
            **kwargs,
        )


class ReviewView(WorkspaceMixin, FormView):
    """A coordinator approves (possibly after editing), sends back or rejects what a partner wrote.
    Subclasses load `self.item` and call the service."""

    permission_required = APPROVE_PERMS
    form_class = ReviewForm
    done = {
        Review.APPROVED: _("”%(t)s”: det är godkänt och publicerat."),
        Review.RETURNED: _("”%(t)s”: det är tillbakaskickat. Partnern får motiveringen med e-post."),
        Review.REJECTED: _("”%(t)s”: det är avslaget. Partnern får motiveringen med e-post."),
    }

    def get_initial(self):
        return {"text": self.item.text}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.decide(data["decision"], data["reason"], data["text"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
            return self.form_invalid(form)
        except EditConflict:
            form.add_error(None, CONFLICT_MESSAGE)
            return self.form_invalid(form)
        messages.success(self.request, self.done[data["decision"]] % {"t": self.item.measure.title})
        return redirect(reverse("cycles:approval-queue"))

    def decide(self, decision: str, reason: str, text: str) -> None:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            item=self.item,
            waiting=self.item.review == Review.WAITING,
            breadcrumbs=workspace_crumbs((_("Att granska"), reverse("cycles:approval-queue"))),
            **kwargs,
        )


class ApproveUpdate(ReviewView):
    """/arbete/atgarder/rapporter/<pk>/godkann/: review one lägesrapport (nothing changes on GET)."""

    template_name = "cycles/workspace/measure/approve_update.html"
    done = {
        Review.APPROVED: _("Lägesrapporten om ”%(t)s” är godkänd och publicerad."),
        Review.RETURNED: _(
            "Lägesrapporten om ”%(t)s” är tillbakaskickad. Partnern får motiveringen med e-post."
        ),
        Review.REJECTED: _("Lägesrapporten om ”%(t)s” är avslagen. Partnern får motiveringen med e-post."),
    }

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.item = get_object_or_404(
                MeasureUpdate.objects.select_related("measure__plan", "author"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def decide(self, decision, reason, text):
        if decision == Review.APPROVED:
            measure_services.approve_update(update=self.item, by=self.request.user, text=text)
        else:
            measure_services.decline_update(
                update=self.item, by=self.request.user, to=decision, reason=reason
            )

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Granska lägesrapport"), update=self.item, **kwargs)


class ReviewText(ReviewView):
    """/arbete/atgarder/texter/<pk>/granska/: review a partner's new text for residents."""

    template_name = "cycles/workspace/measure/review_text.html"
    done = {
        Review.APPROVED: _("Texten om ”%(t)s” är godkänd och publicerad."),
        Review.RETURNED: _("Texten om ”%(t)s” är tillbakaskickad. Partnern får motiveringen med e-post."),
        Review.REJECTED: _("Texten om ”%(t)s” är avslagen. Partnern får motiveringen med e-post."),
    }

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.item = get_object_or_404(
                MeasureTextChange.objects.select_related("measure", "author"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def decide(self, decision, reason, text):
        measure_services.review_text_change(
            change=self.item, by=self.request.user, to=decision, reason=reason, text=text
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Granska text för invånare"), change=self.item, **kwargs)
