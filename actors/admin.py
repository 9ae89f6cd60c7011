"""The Django admin for coordinators: actors, contacts, forums with members, meetings with decisions.

Object-level limits (who may read a meeting's minutes, who may edit a contact) come from
actors/rules.py through rules' ObjectPermissionsModelAdminMixin; history from django-simple-history.
"""

from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rules.contrib.admin import ObjectPermissionsModelAdminMixin

from trygg.admin import HistoryAdmin, StackedInline, TabularInline

from . import services
from .forms import DecisionForm
from .models import Actor, Contact, Decision, Forum, Meeting, Membership, ResourceInventory


class ContactInline(TabularInline):
    model = Contact
    fields = ["name", "title", "email", "phone"]
    extra = 0
    show_change_link = True


class ResourceInline(TabularInline):
    model = ResourceInventory
    fields = ["kind", "year_label", "period_start", "period_end", "description", "amount", "unit"]
    extra = 0


@admin.register(Actor)
class ActorAdmin(HistoryAdmin):
    list_display = ["name", "kind", "part_of", "organisation_number", "active", "updated_at"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "organisation_number", "contribution"]
    list_select_related = ["part_of"]
    autocomplete_fields = ["part_of"]
    inlines = [ContactInline, ResourceInline]
    actions = ["deactivate"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "part_of", "organisation_number", "website", "active"]}),
        (_("Visas offentligt"), {"fields": ["contribution"]}),
    ]

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        # Bulk deletion would only meet the protected references; deactivation is the way out.
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Avaktivera valda aktörer"), permissions=["change"])
    def deactivate(self, request, queryset):
        for actor in queryset.filter(active=True):
            actor.active = False
            actor.save(update_fields=["active", "updated_at"])
        self.message_user(request, _("De valda aktörerna är avaktiverade."), messages.SUCCESS)

    def delete_view(self, request, object_id, extra_context=None):
        """Refuse, with an explanation, to delete an actor that other data still refers to."""
        actor = self.get_object(request, unquote(object_id))
        if actor is not None and self.has_delete_permission(request, actor):
            blockers = services.actor_delete_blockers(actor)
            if blockers:
                self.message_user(
                    request,
                    _(
                        "%(actor)s kan inte tas bort eftersom aktören används av annat i systemet "
                        "(%(uses)s). Avaktivera aktören i stället genom att ta bort bocken i ”Aktiv”: "
                        "då visas den inte längre men historiken finns kvar."
                    )
                    % {"actor": actor, "uses": "; ".join(blockers)},
                    messages.ERROR,
                )
                return redirect(reverse("admin:actors_actor_change", args=[actor.pk]))
        return super().delete_view(request, object_id, extra_context)


@admin.register(Contact)
class ContactAdmin(ObjectPermissionsModelAdminMixin, HistoryAdmin):
    list_display = ["name", "title", "actor", "email", "phone", "user"]
    list_filter = ["actor__kind", "actor"]
    search_fields = ["name", "title", "email", "actor__name"]
    list_select_related = ["actor", "user"]
    autocomplete_fields = ["actor"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = get_user_model().objects.filter(is_active=True).order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MembershipInline(TabularInline):
    model = Membership
    fields = ["contact", "role", "start_date", "end_date"]
    autocomplete_fields = ["contact"]
    extra = 0


@admin.register(Forum)
class ForumAdmin(HistoryAdmin):
    list_display = ["name", "abbreviation", "kind", "actor", "visibility", "updated_at"]
    list_filter = ["kind", "visibility"]
    search_fields = ["name", "abbreviation", "description"]
    list_select_related = ["actor"]
    autocomplete_fields = ["actor"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["contact", "forum", "role", "start_date", "end_date"]
    list_filter = ["forum", "role"]
    search_fields = ["contact__name", "forum__name"]
    list_select_related = ["contact__actor", "forum"]
    autocomplete_fields = ["forum", "contact"]


class DecisionInline(StackedInline):
    """Decisions taken at a meeting; the deciding forum is the meeting's."""

    model = Decision
    fields = ["decided_on", "paragraph", "diary_number", "title", "summary", "document", "visibility"]
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(ObjectPermissionsModelAdminMixin, HistoryAdmin):
    list_display = ["starts_at", "forum", "place", "visibility", "decision_count"]
    list_filter = ["forum", "visibility"]
    search_fields = ["forum__name", "place", "agenda", "minutes"]
    list_select_related = ["forum"]
    autocomplete_fields = ["forum", "attendees"]
    date_hierarchy = "starts_at"
    inlines = [DecisionInline]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).visible_to(request.user).annotate(decision_total=Count("decisions"))
        )

    @admin.display(description=_("beslut"), ordering="decision_total")
    def decision_count(self, obj):
        return ngettext("%(n)d beslut", "%(n)d beslut", obj.decision_total) % {"n": obj.decision_total}

    def save_formset(self, request, form, formset, change):
        if formset.model is not Decision:
            return super().save_formset(request, form, formset, change)
        for decision in formset.save(commit=False):
            decision.forum = form.instance.forum
            decision.save()
        for decision in formset.deleted_objects:
            decision.delete()
        formset.save_m2m()
        return None


@admin.register(Decision)
class DecisionAdmin(ObjectPermissionsModelAdminMixin, HistoryAdmin):
    form = DecisionForm
    list_display = ["paragraph", "decided_on", "title", "forum", "diary_number", "visibility"]
    list_filter = ["forum", "visibility"]
    search_fields = ["paragraph", "diary_number", "title", "summary"]
    list_select_related = ["forum"]
    autocomplete_fields = ["forum", "meeting"]
    date_hierarchy = "decided_on"

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


@admin.register(ResourceInventory)
class ResourceInventoryAdmin(HistoryAdmin):
    list_display = ["actor", "kind", "period_label", "amount", "unit"]
    list_filter = ["kind", "actor"]
    search_fields = ["actor__name", "description"]
    list_select_related = ["actor"]
    autocomplete_fields = ["actor"]
