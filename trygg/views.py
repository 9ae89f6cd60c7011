"""Site-wide views: the accessibility statement, personal data, the workspace shell, healthz, readyz."""

import logging
import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import FormView, TemplateView

from . import dashboard, search, throttle
from .forms import AccessibilityFeedbackForm
from .models import ACCESSIBILITY_ANSWER_DAYS, MunicipalitySettings
from .services import submit_accessibility_feedback
from .submissions import run_once
from .tasks import tasks_waiting_longer_than

logger = logging.getLogger(__name__)


def newest(*dates):
    """The newest of the dates that are set (for "Senast uppdaterad"), or None."""
    present = [d for d in dates if d is not None]
    return max(present) if present else None


def workspace_crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs of a workspace page: "Arbetsyta", then the (title, url) pairs above the page."""
    return [(_("Arbetsyta"), reverse("workspace:dashboard")), *extra]


def throttled(view, form, message):
    """The form again, with `message` on top, as 429 Too Many Requests: nothing was sent or saved."""
    form.add_error(None, message)
    response = view.form_invalid(form)
    response.status_code = 429
    return response


class PublicPageMixin:
    """Breadcrumbs and "Senast uppdaterad" for a public page.

    `breadcrumbs` lists (title, url) pairs above the current page; `get_last_updated()` returns the
    date the page's content last changed (the municipality settings by default).
    """

    title: str = ""
    breadcrumbs: list[tuple[str, str]] = []

    def get_last_updated(self):
        return MunicipalitySettings.for_request(self.request).updated_at

    def get_breadcrumbs(self):
        return [(_("Startsida"), reverse("home")), *self.breadcrumbs]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("title", self.title)
        ctx["breadcrumbs"] = self.get_breadcrumbs()
        ctx["last_updated"] = self.get_last_updated()
        return ctx


class PersonalData(PublicPageMixin, TemplateView):
    template_name = "trygg/privacy/notice.html"
    title = _("Så hanterar vi personuppgifter")


class EasyToRead(PublicPageMixin, TemplateView):
    """/lattlast/: the programme in lättläst Swedish (short sentences, common words)."""

    template_name = "trygg/easy_read/page.html"
    title = _("Lättläst: om arbetet för trygghet")


class Search(PublicPageMixin, TemplateView):
    """/sok/?q=…: public measures, places, areas, lägesbilder, medborgarlöften and reports that match
    (trygg.search), grouped by kind; `?typ=<kind>` lists one kind page by page."""

    template_name = "trygg/search/results.html"
    title = _("Sök")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        query = search.clean_query(self.request.GET.get("q", ""))
        kind = search.get_kind(self.request.GET.get("typ", ""))
        ctx.update(query=query, kind=kind, groups=[], page_obj=None)
        if query and kind:
            group, ctx["page_obj"] = search.search_kind(kind, query, self.request.GET.get("page"))
            ctx["groups"] = [group]
        elif query:
            ctx["groups"] = search.search(query)
        if query:
            ctx["title"] = _("Sökresultat för ”%(query)s”") % {"query": query}
        ctx["total"] = sum(group.count for group in ctx["groups"])
        return ctx


class Accessibility(PublicPageMixin, FormView):
    template_name = "trygg/accessibility/statement.html"
    title = _("Tillgänglighet för webbplatsen")
    form_class = AccessibilityFeedbackForm

    def get_initial(self):
        return {"page_url": self.request.GET.get("sida", "")[:500]}

    def get_context_data(self, **kwargs):
        return super().get_context_data(answer_days=ACCESSIBILITY_ANSWER_DAYS, **kwargs)

    def form_valid(self, form):
        if not throttle.allow_address("feedback", self.request, limit=settings.TRYGG_FEEDBACK_PER_ADDRESS):
            return throttled(
                self,
                form,
                _(
                    "Vi har tagit emot många synpunkter från din uppkoppling den senaste timmen. "
                    "Vänta en stund och skicka igen, eller skriv till oss med e-post."
                ),
            )
        outcome = run_once(self.request, lambda: submit_accessibility_feedback(form=form))
        if outcome.repeated:
            messages.info(self.request, _("Vi har redan tagit emot din synpunkt. Den är sparad en gång."))
        else:
            messages.success(
                self.request,
                _(
                    "Tack! Vi har tagit emot din synpunkt och öppnat ett ärende med nummer %(n)s. Vi "
                    "återkommer om du har lämnat en e-postadress."
                )
                % {"n": outcome.object.pk},
            )
        return redirect(reverse("accessibility") + "#tack")


class WorkspaceMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Every workspace page: signed-in staff with a role; others get the login page or 403."""

    permission_required = "trygg.view_workspace"
    raise_exception = False

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            self.raise_exception = True
        return super().handle_no_permission()


class Dashboard(WorkspaceMixin, TemplateView):
    template_name = "trygg/workspace/dashboard/page.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["panels"] = dashboard.panels_for(self.request)
        ctx["title"] = _("Arbetsyta")
        return ctx


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def cache_ok() -> bool:
    key, value = f"readyz-{secrets.token_hex(8)}", secrets.token_hex(8)
    try:
        cache.set(key, value, timeout=10)
        answer = cache.get(key)
        cache.delete(key)
    except Exception:  # any backend's own connection errors (Redis, memcached, …)
        logger.warning("readyz: the cache failed", exc_info=True)
        return False
    return answer == value


def storage_ok() -> bool:
    """MEDIA_ROOT takes a small file and lets it go again."""
    try:
        name = default_storage.save(f"readyz-{secrets.token_hex(8)}.txt", ContentFile(b"ok"))
        default_storage.delete(name)
    except Exception:  # OSError from the file system, the backend's own errors for a remote storage
        logger.warning("readyz: the storage failed", exc_info=True)
        return False
    return True


def tasks_ok() -> bool:
    """No queued task has waited for a worker longer than TRYGG_READY_MAX_TASK_WAIT seconds."""
    try:
        late = tasks_waiting_longer_than(settings.TRYGG_READY_MAX_TASK_WAIT)
    except DatabaseError:
        logger.warning("readyz: the task queue could not be read", exc_info=True)
        return False
    if late:
        logger.warning("readyz: a task has waited over %s s for a worker", settings.TRYGG_READY_MAX_TASK_WAIT)
    return not late


@never_cache
@require_GET
def healthz(request):
    """Liveness and database check for the load balancer and monitoring."""
    if not database_ok():
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_not_required
@never_cache
@require_GET
def readyz(request):
    """Readiness: database, cache and storage answer, and the task queue is being worked (no task
    waits longer than TRYGG_READY_MAX_TASK_WAIT). 503 names what failed; the log says why."""
    checks = {"database": database_ok(), "cache": cache_ok(), "storage": storage_ok()}
    checks["tasks"] = checks["database"] and tasks_ok()
    body = {name: "ok" if ok else "unavailable" for name, ok in checks.items()}
    ready = all(checks.values())
    return JsonResponse({"status": "ok" if ready else "error", **body}, status=200 if ready else 503)


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /arbete/", "Disallow: /admin/", "Disallow: /konto/"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# --- Accounts: sign-in and passwords ---------------------------------------------------------------


class SiteIdentityMixin:
    """Django's account views put the server's own address in the context as `site`; every page of
    the portal, these included, shows the municipality and its programme instead."""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        site = MunicipalitySettings.for_request(self.request)
        ctx.update(site=site, site_name=site.programme_name)
        return ctx


class LoginView(SiteIdentityMixin, auth_views.LoginView):
    redirect_authenticated_user = True


class PasswordResetView(SiteIdentityMixin, auth_views.PasswordResetView):
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        # Counted whether or not an account has the e-mail address: the answer reveals nothing.
        email = form.cleaned_data["email"].strip().casefold()
        address_ok = throttle.allow_address(
            "password-reset", self.request, limit=settings.TRYGG_PASSWORD_RESET_PER_ADDRESS
        )
        if not (
            address_ok
            and throttle.allow("password-reset:email", email, limit=settings.TRYGG_PASSWORD_RESET_PER_EMAIL)
        ):
            return throttled(
                self,
                form,
                _(
                    "Du har bett om för många länkar för att återställa lösenordet. Vänta en timme och "
                    "försök igen. Kontakta systemägaren om du behöver hjälp direkt."
                ),
            )
        # The e-mail names the programme, not the server it was sent from.
        self.extra_email_context = {
            "site_name": MunicipalitySettings.for_request(self.request).programme_name
        }
        return super().form_valid(form)


class PasswordResetDoneView(SiteIdentityMixin, auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(SiteIdentityMixin, auth_views.PasswordResetConfirmView):
    pass


class PasswordResetCompleteView(SiteIdentityMixin, auth_views.PasswordResetCompleteView):
    pass
