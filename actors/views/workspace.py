"""The staff workspace under /arbete/: the coordinators' overview, a partner's own organisation,
meetings with their minutes, and the dashboard panels."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView

from trygg.concurrency import CONFLICT_MESSAGE, EditConflict
from trygg.exports import ExportMixin
from trygg.submissions import ALREADY_SAVED, run_once
from trygg.views import WorkspaceMixin

from .. import services
from ..forms import ContactForm
from ..models import Actor, Contact, Decision, Forum, Meeting
from ..rules import own_actor

PANEL_SIZE = 5


def upcoming_meetings_panel(request) -> dict | None:
    """Dashboard: the next meetings the user may see."""
    if not request.user.has_perm("trygg.view_workspace"):
        return None
    meetings = Meeting.objects.visible_to(request.user).upcoming().with_list_data()[:PANEL_SIZE]
    return {"meetings": list(meetings)}


def latest_decisions_panel(request) -> dict | None:
    """Dashboard: the latest decisions the user may see."""
    if not request.user.has_perm("trygg.view_workspace"):
        return None
    decisions = Decision.objects.visible_to(request.user).with_list_data().latest_first()[:PANEL_SIZE]
    return {"decisions": list(decisions)}


class CollaborationOverview(WorkspaceMixin, TemplateView):
    """/arbete/samverkan/: actors, forums and meetings for coordinators, linked to the admin."""

    permission_required = ("trygg.view_workspace", "actors.view_collaboration_workspace")
    template_name = "actors/workspace/collaboration.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            title=_("Samverkan"),
            actors=list(Actor.objects.with_list_data()),
            forums=list(Forum.objects.select_related("actor")),
            meetings=list(Meeting.objects.visible_to(self.request.user).with_list_data()[:20]),
        )
        return ctx


class MeetingDetail(WorkspaceMixin, DetailView):
    """A meeting with its agenda, minutes and decisions, for those who may read them."""

    template_name = "actors/workspace/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        # Invisible meetings answer 404, so that outsiders do not learn they exist.
        return Meeting.objects.visible_to(self.request.user).with_list_data().prefetch_related("attendees")

    def get_object(self, queryset=None):
        meeting = super().get_object(queryset)
        if not self.request.user.has_perm("actors.view_meeting", meeting):
            raise PermissionDenied
        return meeting

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = str(self.object)
        ctx["decisions"] = list(Decision.objects.visible_to(self.request.user).filter(meeting=self.object))
        ctx["breadcrumbs"] = [(_("Arbetsyta"), reverse("workspace:dashboard"))]
        return ctx


class OwnOrganisationMixin(WorkspaceMixin):
    """Pages where a partner editor keeps their own actor's contact details up to date."""

    permission_required = ("trygg.view_workspace", "actors.edit_own_organisation")

    @property
    def actor(self) -> Actor:
        return own_actor(self.request.user)


class OwnOrganisation(ExportMixin, OwnOrganisationMixin, ListView):
    """/arbete/min-organisation/: the people at the user's own actor (and as a file, with what the page
    shows of them)."""

    template_name = "actors/workspace/own_organisation.html"
    context_object_name = "contacts"
    export_name = "kontaktpersoner"
    export_columns = [
        (_("Namn"), "name"),
        (_("Organisation"), "actor.name"),
        (_("Titel"), "title"),
        (_("E-post"), "email"),
        (_("Telefon"), "phone"),
    ]

    def get_queryset(self):
        contacts = Contact.objects.visible_to(self.request.user).filter(actor=self.actor)
        return contacts.select_related("actor")

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Min organisation"), actor=self.actor, **kwargs)


class ContactFormMixin(OwnOrganisationMixin):
    """Saving a contact of the partner's own actor; a colleague's save in between is a conflict."""

    template_name = "actors/workspace/contact_form.html"
    form_class = ContactForm
    success_message = ""

    def form_valid(self, form):
        try:
            outcome = run_once(self.request, lambda: services.save_own_contact(form=form, actor=self.actor))
        except EditConflict:
            form.add_error(None, CONFLICT_MESSAGE)
            return self.form_invalid(form)
        if outcome.repeated:
            messages.info(self.request, ALREADY_SAVED)
        else:
            messages.success(self.request, self.success_message % {"name": outcome.object.name})
        return redirect("actors:own-organisation")


class ContactCreate(ContactFormMixin, CreateView):
    success_message = _("%(name)s är tillagd.")

    def has_permission(self):
        return super().has_permission() and self.request.user.has_perm(
            "actors.add_contact_to_actor", self.actor
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(title=_("Ny kontaktperson"), actor=self.actor, breadcrumbs=_own_crumbs())
        return ctx


class ContactUpdate(ContactFormMixin, UpdateView):
    context_object_name = "contact"
    success_message = _("Uppgifterna för %(name)s är sparade.")

    def get_queryset(self):
        # Another actor's contacts answer 404: a partner does not learn who works elsewhere.
        return Contact.objects.visible_to(self.request.user).filter(actor=self.actor)

    def get_object(self, queryset=None):
        contact = super().get_object(queryset)
        if not self.request.user.has_perm("actors.change_contact", contact):
            raise PermissionDenied
        return contact

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(title=_("Ändra kontaktperson"), actor=self.actor, breadcrumbs=_own_crumbs())
        return ctx


def _own_crumbs() -> list:
    return [
        (_("Arbetsyta"), reverse("workspace:dashboard")),
        (_("Min organisation"), reverse("actors:own-organisation")),
    ]
