"""Residents' feedback on a measure: the form "Har du synpunkter på åtgärden?" on every public measure
page posts to /atgarder/<slug>/synpunkter/ (which also shows it on a page of its own, with errors), and
/atgarder/<slug>/synpunkter/tack/ says what happens next. Published feedback, as the moderator wrote it,
is shown on the measure page (`measure_section`, through cycles.templatetags.feedback).

No cookie is set before the form is sent, nor after: the form sits on the cached measure page and
carries no CSRF token, and the view is csrf_exempt. That is acceptable here: a forged post would only
send anonymous feedback that anyone may send anyway, with no session or account to ride on; nothing of
it is public before a coordinator has published a moderated text, and posts are throttled per client
address. The honeypot field, the throttle and the repeat check keep robots, floods and double taps out
without tracking anyone. Feedback on a measure that is not public is refused (404).
"""

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from trygg import throttle
from trygg.clientip import client_ip
from trygg.views import PublicPageMixin, throttled

from ...forms.feedback import MeasureFeedbackForm
from ...models import Measure, MeasureFeedback
from ...services.feedback import repeat_key, submit_feedback

# The same text again from the same address within this many seconds is a double tap, not new feedback.
REPEAT_SECONDS = 10 * 60


def feedback_per_address() -> int:
    return settings.TRYGG_MEASURE_FEEDBACK_PER_ADDRESS


def measure_section(measure: Measure) -> dict:
    """The measure page's section: its published feedback (public_text, and the answer when it is
    public; never the resident's text, the address or unpublished feedback) in one query, and a new form."""
    return {
        "published": list(MeasureFeedback.objects.public().filter(measure=measure)),
        "form": MeasureFeedbackForm(),
        "measure": measure,
    }


class MeasureFeedbackMixin(PublicPageMixin):
    def dispatch(self, request, *args, **kwargs):
        self.measure = get_object_or_404(Measure.objects.public(), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return [
            *super().get_breadcrumbs(),
            (_("Åtgärder"), reverse("cycles:measure-list")),
            (self.measure.title, self.measure.get_absolute_url()),
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(measure=self.measure, **kwargs)


@method_decorator(csrf_exempt, name="dispatch")
class SendFeedback(MeasureFeedbackMixin, FormView):
    """/atgarder/<slug>/synpunkter/: the form; valid feedback is saved as new and waits for a moderator."""

    template_name = "cycles/feedback/form.html"
    form_class = MeasureFeedbackForm
    title = _("Har du synpunkter på åtgärden?")

    def thanks(self):
        return redirect("cycles:measure-feedback-thanks", slug=self.measure.slug)

    def form_valid(self, form):
        if not throttle.allow_address("measure-feedback", self.request, limit=feedback_per_address()):
            return throttled(
                self,
                form,
                _(
                    "Vi har tagit emot många synpunkter från din uppkoppling den senaste timmen. Vänta en "
                    "stund och skicka igen. Det du har skrivit finns kvar."
                ),
            )
        if form.is_spam():
            return self.thanks()
        key = repeat_key(
            address=client_ip(self.request) or "unknown", measure=self.measure, text=form.cleaned_data["text"]
        )
        if not throttle.allow("measure-feedback-repeat", key, limit=1, period=REPEAT_SECONDS):
            return self.thanks()  # sent twice: the first one is saved
        feedback = form.save(commit=False)
        feedback.measure = self.measure
        submit_feedback(feedback=feedback)
        return self.thanks()


class FeedbackThanks(MeasureFeedbackMixin, TemplateView):
    """/atgarder/<slug>/synpunkter/tack/: what happens with the feedback now."""

    template_name = "cycles/feedback/thanks.html"
    title = _("Tack för din synpunkt")
