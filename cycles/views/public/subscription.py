"""Följ arbetet: /folj/ explains every way to follow the work (e-mail and the Atom feeds); the "Följ"
forms on the measure, area and place pages post to /folj/ny/; the links in the mails confirm
(/folj/bekrafta/<token>/) and unsubscribe (/folj/avsluta/<token>/) without an account.

No cookies before the form is sent: the forms sit on cached public pages, so they carry no CSRF token
and the views they post to are csrf_exempt (each docstring says why that is safe). Pages that depend on
a token in the link are never cached.
"""

from django.conf import settings
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from lagesbild.models import Area
from trygg import throttle
from trygg.views import PublicPageMixin

from ...forms.subscription import SubscribeForm
from ...models import Measure, Subscription
from ...services import subscription as services

FOLLOW_CRUMB = [(_("Följ arbetet"), reverse_lazy("cycles:follow"))]


def follow_form(field: str = "", value: str = "", what: str = "", form=None) -> dict:
    """What templates/cycles/subscription/_form.html needs: the hidden target, and a bound form with
    errors when the page shows one."""
    return {"field": field, "value": value, "what": what, "form": form}


# --- Sections on the lägesbild app's area and place pages (registered in CyclesConfig.ready) --------


def area_follow(request, area) -> dict:
    return follow_form("area", area.slug, _("området %(name)s") % {"name": area.name})


def place_follow(request, place) -> dict:
    return follow_form("place", place.slug, _("platsen %(name)s") % {"name": place.name})


# --- Pages ---------------------------------------------------------------------------------------


class FollowPage(PublicPageMixin, TemplateView):
    """/folj/: the ways to follow the work, in plain words: e-mail (a form to follow everything) and
    the Atom feeds, each listed with what it holds."""

    template_name = "cycles/subscription/follow.html"
    title = _("Följ arbetet")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        public = Measure.objects.public()
        ctx.update(
            follow=follow_form(what=_("allt arbete för trygghet")),
            areas=Area.objects.filter(measures__in=public).distinct().order_by("name"),
            example_measure=public.order_by("title", "pk").first(),
        )
        return ctx


class SentPage(PublicPageMixin, TemplateView):
    """/folj/skickat/: "Kolla din e-post", the same answer whether the address was known or not."""

    template_name = "cycles/subscription/sent.html"
    title = _("Kolla din e-post")
    breadcrumbs = FOLLOW_CRUMB


@method_decorator(csrf_exempt, name="dispatch")
class Subscribe(PublicPageMixin, TemplateView):
    """/folj/ny/ (POST): ask to follow something; answers with /folj/skickat/.

    csrf_exempt, because the form sits on cached public pages that must set no cookie. That is safe:
    a forged request can only make the site mail a confirmation link to the address given, which is
    exactly what anyone can do with the form itself; nothing is followed until the mailbox confirms.
    The throttles (per client address and per e-mail address) keep it from flooding an inbox, and a
    honeypot field turns away robots that fill in everything.
    """

    template_name = "cycles/subscription/subscribe.html"
    title = _("Följ arbetet")
    breadcrumbs = FOLLOW_CRUMB
    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        return redirect("cycles:follow")

    def post(self, request, *args, **kwargs):
        form = SubscribeForm(request.POST, auto_id="folj-%s")
        if not form.is_valid():
            return self.answer(form)
        if form.is_spam():
            return redirect("cycles:follow-sent")
        email = services.normalise_email(form.cleaned_data["email"]).casefold()
        if not (
            throttle.allow_address("subscribe", request, limit=settings.TRYGG_SUBSCRIBE_PER_ADDRESS)
            and throttle.allow("subscribe:email", email, limit=settings.TRYGG_SUBSCRIBE_PER_EMAIL)
        ):
            form.add_error(
                None,
                _(
                    "Vi har fått många anmälningar från din uppkoppling eller till den här adressen den "
                    "senaste timmen. Vänta en stund och försök igen."
                ),
            )
            return self.answer(form, status=429)
        services.subscribe(email=form.cleaned_data["email"], kind=form.kind, target=form.target)
        return redirect("cycles:follow-sent")

    def answer(self, form, status: int = 200):
        """The form again with what the user typed and the errors, for the same target."""
        field = next((name for name in ("measure", "area", "place") if form.data.get(name)), "")
        target = getattr(form, "target", None)
        what = str(target) if target is not None else ""
        ctx = self.get_context_data(follow=follow_form(field, form.data.get(field, ""), what, form))
        return self.render_to_response(ctx, status=status)


@method_decorator(never_cache, name="dispatch")
class Confirm(PublicPageMixin, TemplateView):
    """/folj/bekrafta/<token>/: the link in the confirmation mail; says what is now followed."""

    template_name = "cycles/subscription/confirmed.html"
    title = _("Nu följer du arbetet")
    breadcrumbs = FOLLOW_CRUMB

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        subscription = services.confirm(token=self.kwargs["token"])
        ctx["subscription"] = subscription
        if subscription is None:
            ctx["title"] = _("Länken fungerar inte längre")
        else:
            ctx["followed"] = list(
                Subscription.objects.confirmed()
                .filter(subscriber=subscription.subscriber)
                .select_related("measure", "area", "place")
                .order_by("kind", "pk")
            )
        return ctx


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class Unsubscribe(PublicPageMixin, TemplateView):
    """/folj/avsluta/<token>/: one click from any mail removes the address (GET: the link; POST: the
    mail program's one-click unsubscribe of RFC 8058, which sends no cookie and no CSRF token, so the
    view is csrf_exempt; the unguessable token in the address is the proof).

    The page offers "Följ igen": a signed token (valid a day) that puts back what was followed, for a
    click by mistake or a mail scanner that opened the link."""

    template_name = "cycles/subscription/unsubscribed.html"
    title = _("Din adress är borttagen")
    breadcrumbs = FOLLOW_CRUMB

    def post(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["done"] = services.unsubscribe(token=self.kwargs["token"])
        if ctx["done"] is None:
            ctx["title"] = _("Adressen finns inte hos oss")
        return ctx


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class FollowAgain(PublicPageMixin, TemplateView):
    """/folj/igen/ (POST): put back what an unsubscribe removed, from the signed token on its page.

    csrf_exempt, like the pages it comes from (no cookies): the signed, time-limited token is the
    proof, and only the holder of the unsubscribe link ever saw it."""

    template_name = "cycles/subscription/followed_again.html"
    title = _("Du följer arbetet igen")
    breadcrumbs = FOLLOW_CRUMB
    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        return redirect("cycles:follow")

    def post(self, request, *args, **kwargs):
        subscriber = services.follow_again(token=request.POST.get("token", ""))
        ctx = self.get_context_data(subscriber=subscriber)
        if subscriber is None:
            ctx["title"] = _("Det gick inte att följa igen")
        else:
            ctx["followed"] = list(
                subscriber.subscriptions.confirmed()
                .filter(Q(measure__isnull=True) | Q(measure__in=Measure.objects.public()))
                .select_related("measure", "area", "place")
                .order_by("kind", "pk")
            )
            ctx["unsubscribe_url"] = reverse("cycles:follow-unsubscribe", args=[subscriber.token])
        return self.render_to_response(ctx)
