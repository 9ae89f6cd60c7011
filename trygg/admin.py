from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.forms.formsets import TOTAL_FORM_COUNT
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .concurrency import (
    CONFLICT_MESSAGE,
    EditConflict,
    VersionedAdminMixin,
    VersionedInlineFormMixin,
    VersionedModel,
)
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


# The most rows an inline holds and the most forms it builds from a request, whatever its TOTAL_FORMS
# says: without a limit a forged request makes the server build thousands of forms. An inline that needs
# more sets a higher max_num, up to the ceiling (a test checks every inline of the registry).
INLINE_MAX_ROWS = 100
INLINE_MAX_ROWS_CEILING = 200


class InlineFormSet(BaseInlineFormSet):
    """The formset of every inline (InlineMixin): refuses more rows than allowed before building them,
    and refuses deleting a row someone changed since the page was opened."""

    default_error_messages = {
        "too_many_forms": _(
            "Här går det att spara högst %(num)d rader åt gången. Ta bort rader och försök igen."
        ),
    }

    def total_form_count(self):
        # Django would still build absolute_max forms for a forged TOTAL_FORMS; build only those of
        # the rows that exist (at most absolute_max), and full_clean() reports "too many".
        if self.is_bound and self.management_form.cleaned_data[TOTAL_FORM_COUNT] > self.absolute_max:
            return min(self.initial_form_count(), self.absolute_max, len(self.get_queryset()))
        return super().total_form_count()

    def clean(self):
        super().clean()
        for form in self.forms:
            deleting = self.can_delete and self._should_delete_form(form)
            if deleting and form.has_error(NON_FIELD_ERRORS, "edit_conflict"):
                raise ValidationError(CONFLICT_MESSAGE, code="edit_conflict")

    def delete_existing(self, obj, commit=True):
        if commit and isinstance(obj, VersionedModel):
            stored = type(obj)._base_manager.select_for_update().filter(pk=obj.pk)
            current = stored.values_list("version", flat=True).first()
            if current is not None and current != obj.version:
                raise EditConflict(f"{type(obj).__name__} {obj.pk} changed since it was loaded")
        super().delete_existing(obj, commit=commit)


class InlineMixin:
    """Every inline of the project (TabularInline, StackedInline below; a test checks): at most max_num
    rows (INLINE_MAX_ROWS unless the inline sets another), and for a VersionedModel each row carries and
    checks its own version, so that a row a colleague changed meanwhile is not overwritten with the
    values shown when the page was opened."""

    formset = InlineFormSet
    max_num = INLINE_MAX_ROWS

    def get_formset(self, request, obj=None, **kwargs):
        max_num = kwargs.get("max_num", self.get_max_num(request, obj, **kwargs))
        # The class's limit: the admin sets max_num to 0 on an instance that may not add rows.
        kwargs.setdefault("absolute_max", type(self).max_num or INLINE_MAX_ROWS)
        kwargs.setdefault("validate_max", bool(max_num))  # 0 when rows cannot be added here
        base = kwargs.get("form", self.form)
        if issubclass(self.model, VersionedModel) and not issubclass(base, VersionedInlineFormMixin):
            kwargs["form"] = type(f"VersionedInline{base.__name__}", (VersionedInlineFormMixin, base), {})
        return super().get_formset(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        editable = self.has_change_permission(request, obj) or self.has_add_permission(request, obj)
        if not (issubclass(self.model, VersionedModel) and editable) or any(
            "loaded_version" in opts.get("fields", ()) for _name, opts in fieldsets
        ):
            return fieldsets
        first_name, first_opts = fieldsets[0]
        return [
            (first_name, {**first_opts, "fields": [*first_opts["fields"], "loaded_version"]}),
            *fieldsets[1:],
        ]


class TabularInline(InlineMixin, admin.TabularInline):
    pass


class StackedInline(InlineMixin, admin.StackedInline):
    pass


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
    # No list_editable: a list's inline edits carry no version, so the order is changed on the goal's
    # own page, where a colleague's change is not overwritten.
    list_display = ["text", "order", "updated_at"]
    search_fields = ["text"]


class AccessibilityAnswerInline(TabularInline):
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
