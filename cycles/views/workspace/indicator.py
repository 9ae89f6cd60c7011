"""A measure's indicators (cycles.MeasureIndicator) in the workspace: the panel "measure-indicators" on
the measure's page (registered in CyclesConfig) and the coordinators' pages under
/arbete/atgarder/<slug>/indikatorer/ to add, change and remove one.

The measure is looked up among those the user sees (404), then cycles.change_measure decides (403);
everyone who may open the measure's page reads the panel. Every page returns to the measure's page.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, FormView, UpdateView

from trygg.concurrency import CONFLICT_MESSAGE, EditConflict, VersionForm, delete_unless_changed
from trygg.models import MunicipalitySettings
from trygg.submissions import ALREADY_SAVED, SentOnceMixin, run_once

from ...forms.indicator import MeasureIndicatorForm, duplicate_message
from ...models import Measure, MeasureIndicator, indicators_with_latest
from .measure import MeasureObjectMixin

# The button that fills the baseline from the statistics instead of saving (the form's `name`).
FETCH_BASELINE = "hamta"


def area_code(request) -> str:
    """The municipality's kommunkod: the area whose figures the indicators are followed in."""
    return MunicipalitySettings.for_request(request).municipality_id or ""


def decimal_places(value) -> int:
    """How many decimals a stored figure needs to be shown exactly: 12.50 -> 1, 12.25 -> 2, 100.00 -> 0."""
    if value is None:
        return 0
    return max(0, -value.normalize().as_tuple().exponent)


def indicator_rows(links: list[MeasureIndicator], *, area: str) -> list[dict]:
    """indicators_with_latest, and how many decimals the baseline and target need (the workspace shows
    them as they were typed: 12,25 stays 12,25)."""
    rows = indicators_with_latest(links, area_code=area)
    for row in rows:
        row["baseline_places"] = decimal_places(row["link"].baseline)
        row["target_places"] = decimal_places(row["link"].target)
    return rows


def measure_indicators_panel(request, measure: Measure) -> dict | None:
    """The measure's indicators with baseline, target and the latest figure, and whether the user may
    change them; None for users who do not work on the measure. Two queries however many there are."""
    user = request.user
    if not (
        user.has_perm("trygg.view_workspace") and user.has_perm("cycles.view_measure_workspace", measure)
    ):
        return None
    links = list(measure.indicator_links.select_related("indicator"))
    return {
        "measure": measure,
        "rows": indicator_rows(links, area=area_code(request)),
        "has_internal": any(not link.indicator.public for link in links),
        "may_change": user.has_perm("cycles.change_measure", measure),
    }


class IndicatorMixin(MeasureObjectMixin):
    """A coordinator's page about one of the measure's indicators; breadcrumbs through the measure."""

    measure_permission = "cycles.change_measure"
    below_measure_page = True

    def load_link(self) -> MeasureIndicator | None:
        """The row <pk> of this measure (None when there is none, e.g. another measure's)."""
        return self.measure.indicator_links.select_related("indicator").filter(pk=self.kwargs["pk"]).first()

    def return_url(self, link: MeasureIndicator | None = None) -> str:
        return self.page_url() + (f"#indikator-{link.pk}" if link else "#panel-measure-indicators")

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=self.return_url(), **kwargs)


class IndicatorFormMixin(SentOnceMixin, IndicatorMixin):
    """The indicator form, new or changed: sent twice it saves once; "Hämta utgångsvärdet" fills the
    baseline from the statistics and shows the form again without saving anything."""

    form_class = MeasureIndicatorForm
    template_name = "cycles/workspace/indicator/form.html"
    saved_message = _("Indikatorn ”%(i)s” är sparad.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "measure": self.measure}

    def repeated_url(self, created) -> str:
        return self.return_url(created if isinstance(created, MeasureIndicator) else None)

    def post(self, request, *args, **kwargs):
        if FETCH_BASELINE in request.POST:
            self.object = self.get_object() if self.kwargs.get("pk") else None
            return self.fetch_baseline(self.get_form())
        return super().post(request, *args, **kwargs)

    def fetch_baseline(self, sent: MeasureIndicatorForm):
        """The form again, as the user filled it, with the baseline from the statistics when there is
        one for the chosen indicator and year (else a note saying why not)."""
        found, problem = sent.baseline_from_statistics(area_code=area_code(self.request))
        initial = {
            name: sent.data[sent.add_prefix(name)]
            for name in sent.fields
            if sent.add_prefix(name) in sent.data
        }
        if found is not None:
            initial["baseline"] = found.value
        form = self.form_class(**{**self.get_form_kwargs(), "data": None, "files": None, "initial": initial})
        return self.render_to_response(
            self.get_context_data(
                form=form,
                fetched=found,
                fetched_places=decimal_places(found.value) if found else 0,
                fetch_problem=problem,
            )
        )

    def form_valid(self, form):
        form.instance._history_user = self.request.user

        def save():
            with transaction.atomic():  # a broken constraint rolls back only this
                return form.save()

        try:
            outcome = run_once(self.request, save)
        except ValidationError as exc:  # lost a race with another save of the row
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        except IntegrityError:  # another sending added the same indicator at the same moment
            form.add_error("indicator", duplicate_message(form.cleaned_data["indicator"]))
            return self.form_invalid(form)
        link = outcome.object
        if outcome.repeated:
            messages.info(self.request, ALREADY_SAVED)
        else:
            messages.success(self.request, self.saved_message % {"i": link.indicator.name})
        return redirect(self.return_url(link))


class IndicatorCreate(IndicatorFormMixin, CreateView):
    """/arbete/atgarder/<slug>/indikatorer/ny/: follow the measure with an indicator from the statistics."""

    saved_message = _("Indikatorn ”%(i)s” är tillagd.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Lägg till indikator"), submit=_("Lägg till indikatorn"), **kwargs
        )


class IndicatorEdit(IndicatorFormMixin, UpdateView):
    """/arbete/atgarder/<slug>/indikatorer/<pk>/: change an indicator's baseline and target (or which
    indicator it is); two people cannot overwrite each other."""

    context_object_name = "link"

    def get_object(self, queryset=None):
        link = self.load_link()
        if link is None:
            raise Http404
        return link

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Ändra indikatorn"), submit=_("Spara indikatorn"), may_delete=True, **kwargs
        )


class IndicatorDelete(IndicatorMixin, FormView):
    """/arbete/atgarder/<slug>/indikatorer/<pk>/ta-bort/: stop following the measure with an indicator,
    after a confirmation. The indicator and its figures stay in the statistics."""

    template_name = "cycles/workspace/indicator/delete.html"
    form_class = VersionForm

    def dispatch(self, request, *args, **kwargs):
        self.link = None
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.link = self.load_link()
        if self.link is None:
            raise Http404
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.link = self.load_link()
        if self.link is None:  # sent twice: the first sending removed it
            messages.info(request, _("Indikatorn är redan borttagen från åtgärden."))
            return redirect(self.return_url())
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        return {"version": self.link.version}

    def form_valid(self, form):
        try:
            # Its history stays in the admin; refused (EditConflict) when it changed since the form was shown.
            delete_unless_changed(self.link, by=self.request.user, version=form.cleaned_data["version"])
        except EditConflict:
            form.add_error(None, CONFLICT_MESSAGE)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Indikatorn ”%(i)s” följer inte längre åtgärden.") % {"i": self.link.indicator.name},
        )
        return redirect(self.return_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Ta bort indikatorn"),
            row=indicator_rows([self.link], area=area_code(self.request))[0],
            **kwargs,
        )
