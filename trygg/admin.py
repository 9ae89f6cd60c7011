from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .concurrency import CONFLICT_MESSAGE, EditConflict, VersionedAdminMixin
from .models import (
    AccessibilityAnswer,
    AccessibilityFeedback,
    Municipality,
    MunicipalitySettings,
    OutgoingMail,
    ProgrammeGoal,
)
from .roles import Role, set_roles


class HistoryAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose history page works for models without foreign keys too, with the
    conflict check of every versioned model (VersionedAdminMixin)."""

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # simple_history calls select_related() with no names for a model without foreign keys,
        # which Django 6.1 deprecates (and warnings are errors here): name them, or none.
        qs = history_manager.filter(**{pk_name: object_id}).select_related("history_user")
        fks = [f.name for f in history_manager.model.tracked_fields if isinstance(f, models.ForeignKey)]
        return qs.select_related(*fks) if fks else qs


def transition_action(service, to, label, object_arg):
    """An admin action that asks for confirmation, then moves each selected object to `to` through the
    service (`service(<object_arg>=obj, to=to, by=user)`), reporting each refusal in Swedish."""

    def action(modeladmin, request, queryset):
        if request.POST.get("confirm") != "yes":
            return TemplateResponse(
                request,
                "trygg/admin/confirm_transition.html",
                {
                    **modeladmin.admin_site.each_context(request),
                    "title": _("Bekräfta statusändring"),
                    "objects": list(queryset),
                    "target": label,
                    "action": request.POST.get("action"),
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                    "opts": modeladmin.model._meta,
                },
            )
        for obj in queryset:
            try:
                service(**{object_arg: obj, "to": to, "by": request.user})
            except ValidationError as exc:
                modeladmin.message_user(request, f"{obj}: {' '.join(exc.messages)}", messages.ERROR)
            except EditConflict:
                modeladmin.message_user(request, f"{obj}: {CONFLICT_MESSAGE}", messages.ERROR)
            else:
                modeladmin.message_user(
                    request, _("%(obj)s har nu status %(status)s.") % {"obj": obj, "status": label}
                )
        return None

    action.__name__ = f"mark_{to}"
    return admin.action(description=_("Ändra status till: %(s)s") % {"s": label}, permissions=["change"])(
        action
    )


@admin.register(MunicipalitySettings)
class MunicipalitySettingsAdmin(HistoryAdmin):
    fieldsets = [
        (None, {"fields": ["municipality", "name", "programme_name"]}),
        (
            "Ansvar och kontakt",
            {
                "fields": [
                    "responsible_unit",
                    "page_owner",
                    "contact_name",
                    "contact_title",
                    "contact_email",
                    "contact_phone",
                    "website",
                ]
            },
        ),
        ("Startsidan", {"fields": ["purpose", "programme_plan"]}),
        ("Tillgänglighet", {"fields": ["accessibility_reviewed"]}),
    ]
    autocomplete_fields = ["municipality"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not MunicipalitySettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProgrammeGoal)
class ProgrammeGoalAdmin(HistoryAdmin):
    list_display = ["text", "order", "updated_at"]
    list_editable = ["order"]
    search_fields = ["text"]


class AccessibilityAnswerInline(admin.TabularInline):
    model = AccessibilityAnswer
    fields = ["at", "by", "sent_to_reporter", "text"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(HistoryAdmin):
    """Only the handler can be changed here: the cases are handled in the workspace
    (/arbete/tillganglighet/), where answering mails the reporter and closing erases the address."""

    list_display = ["created_at", "page_url", "status", "assigned_to"]
    list_filter = ["status"]
    search_fields = ["description", "page_url"]
    fields = ["page_url", "description", "email", "status", "assigned_to", "created_at", "closed_at"]
    readonly_fields = ["page_url", "description", "email", "status", "created_at", "closed_at"]
    date_hierarchy = "created_at"
    inlines = [AccessibilityAnswerInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("assigned_to")

    def has_add_permission(self, request):
        return False


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """What the site has sent or is still trying to send, for the system owner; read only."""

    list_display = ["created_at", "subject", "purpose", "status", "attempts", "sent_at", "last_error"]
    list_filter = [
        "purpose",
        ("sent_at", admin.EmptyFieldListFilter),
        ("gave_up_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["subject", "to"]
    date_hierarchy = "created_at"
    exclude = ["body", "headers"]  # may hold a password-reset or unsubscribe link until it is sent

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "county_name"]
    search_fields = ["code", "name", "county_name"]
    list_filter = ["county_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users for the administrator role: who they are, whether they may sign in, and their roles.

    Only a superuser sees or sets superuser status, staff status and single permissions: through them
    a user would get more than the roles of trygg/roles.py give. Staff status follows the roles. An
    administrator cannot change or delete a superuser's account (not even its password).
    """

    SUPERUSER_ONLY_FIELDS = ("is_superuser", "is_staff", "user_permissions")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in self.SUPERUSER_ONLY_FIELDS]})
            for name, opts in fieldsets
        ]

    def get_list_filter(self, request):
        return self.list_filter if request.user.is_superuser else ("is_active", "groups")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = Group.objects.filter(name__in=[role.value for role in Role])
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        if not user.is_superuser:
            set_roles(user, [Role(g.name) for g in user.groups.filter(name__in=[r.value for r in Role])])
