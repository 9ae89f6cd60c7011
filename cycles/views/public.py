"""Read-only pages for residents."""

from django.views.generic import TemplateView

from trygg.models import MunicipalitySettings, ProgrammeGoal

from ..models import Step


class Home(TemplateView):
    """What the programme is, its goals, the five steps and who is responsible."""

    template_name = "cycles/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        site = MunicipalitySettings.for_request(self.request)
        goals = list(ProgrammeGoal.objects.all())
        steps = list(Step.objects.all())
        dates = [site.updated_at, *(g.updated_at for g in goals), *(s.updated_at for s in steps)]
        ctx.update(
            title=site.programme_name,
            goals=goals,
            steps=steps,
            last_updated=max(dates),
        )
        return ctx
