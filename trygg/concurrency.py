"""Optimistic locking: two people editing the same object cannot silently overwrite each other.

A model inherits `VersionedModel` (a `version` counter). Every save of an existing row bumps the
counter with `UPDATE … WHERE pk = … AND version = <the version this copy was loaded with>`; when
another save came first, no row matches and `EditConflict` is raised, so nothing is overwritten.

Forms carry the loaded version in a hidden field (`VersionedFormMixin`), and report a conflict as a
clear Swedish form error that keeps what the user typed; `VersionedAdminMixin` does the same in the
admin, and `VersionedInlineFormMixin` for each row of an admin inline (trygg/admin.py).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

CONFLICT_MESSAGE = _(
    "Någon annan har sparat ändringar här medan du redigerade. Dina ändringar är inte sparade men "
    "finns kvar i formuläret. Öppna sidan i en ny flik för att se den senaste versionen, för över "
    "dina ändringar och spara igen."
)


class EditConflict(Exception):
    """Raised when a row changed since this copy of it was loaded."""


def delete_unless_changed(obj, *, by, version: int | None) -> None:
    """Delete a versioned row in the user's name (its history stays), unless someone changed it since
    `version` was read (EditConflict). Nothing to do when it is gone already (a form sent twice)."""
    with transaction.atomic():
        stored = type(obj)._default_manager.select_for_update().filter(pk=obj.pk).first()
        if stored is None:
            return
        if version is not None and stored.version != version:
            raise EditConflict(f"{type(obj).__name__} {obj.pk} changed since it was loaded")
        stored._history_user = by
        stored.delete()


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None:
            return super().save(*args, **kwargs)
        with transaction.atomic(using=kwargs.get("using")):
            bumped = (
                type(self)
                ._base_manager.filter(pk=self.pk, version=self.version)
                .update(version=models.F("version") + 1)
            )
            if not bumped:
                raise EditConflict(f"{type(self).__name__} {self.pk} changed since it was loaded")
            self.version += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
            return super().save(*args, **kwargs)


class VersionForm(forms.Form):
    """Just the version the user saw: a confirmation page or a one-button action on a versioned object,
    so that acting on an object someone changed meanwhile fails instead of overwriting."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionedFormMixin(forms.ModelForm):
    """Put on a ModelForm of a VersionedModel: carries the version and reports conflicts."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["loaded_version"].initial = self.instance.version

    def checks_version(self) -> bool:
        """Whether this form's save must match the version in the database (an existing object)."""
        return self.instance.pk is not None

    def clean(self):
        cleaned = super().clean()
        if not self.checks_version():
            return cleaned
        loaded = cleaned.get("loaded_version")
        rows = type(self.instance)._base_manager.filter(pk=self.instance.pk)
        current = rows.values_list("version", flat=True).first()
        if loaded is None or loaded != current:
            raise ValidationError(CONFLICT_MESSAGE, code="edit_conflict")
        self.instance.version = loaded
        return cleaned

    def save(self, commit=True):
        try:
            return super().save(commit=commit)
        except EditConflict as exc:  # lost the race between clean() and save()
            raise ValidationError(CONFLICT_MESSAGE, code="edit_conflict") from exc


class VersionedInlineFormMixin(VersionedFormMixin):
    """One row of an admin inline of a VersionedModel: carries the row's own version, so that a row a
    colleague changed since the page was opened is refused instead of overwritten with the old values.

    A row is saved only when its shown values differ from the database (or it is to be deleted), so only
    then is the version checked: a row someone changed only in fields not shown here is left alone. The
    version field itself does not make a row "changed". Deleting a stale row is refused by the formset
    (trygg.admin.InlineFormSet), since a formset ignores the errors of rows marked for deletion."""

    @cached_property
    def changed_data(self):
        return [name for name in super().changed_data if name != "loaded_version"]

    def checks_version(self) -> bool:
        return super().checks_version() and self.has_changed()


def is_edit_conflict(exc: Exception) -> bool:
    """An EditConflict, or the form error VersionedFormMixin.save turns it into."""
    return isinstance(exc, EditConflict) or (
        isinstance(exc, ValidationError) and getattr(exc, "code", None) == "edit_conflict"
    )


class ConflictShownFormMixin(forms.BaseForm):
    """Put in front of a form that lost the race between its check and its save: it is shown again, with
    what the user typed and the conflict message, and cannot be saved."""

    def clean(self):
        super().clean()
        raise ValidationError(CONFLICT_MESSAGE, code="edit_conflict")


class VersionedAdminMixin:
    """On a ModelAdmin (every HistoryAdmin has it): for a VersionedModel, the change form carries and
    checks the version, so two people editing the same object in the admin cannot overwrite each
    other. Inline rows carry and check their own version (trygg.admin's inlines).

    Someone may save between the check (clean) and the save: then the save raises EditConflict, the
    whole page is rolled back, and the page is shown again with the user's input and the conflict
    message, instead of an error page."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (EditConflict, ValidationError) as exc:
            if not is_edit_conflict(exc) or request.method != "POST":
                raise
        # The transaction of the failed save is rolled back: nothing of the page is saved.
        request.trygg_lost_edit_race = True
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = kwargs.get("form", self.form)
        if issubclass(self.model, VersionedModel) and not issubclass(base, VersionedFormMixin):
            base = type(f"Versioned{base.__name__}", (VersionedFormMixin, base), {})
        if getattr(request, "trygg_lost_edit_race", False):
            base = type(f"ConflictShown{base.__name__}", (ConflictShownFormMixin, base), {})
        kwargs["form"] = base
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not isinstance(obj, VersionedModel) or any(
            "loaded_version" in opts.get("fields", ()) for _name, opts in fieldsets
        ):
            return fieldsets
        first_name, first_opts = fieldsets[0]
        return [
            (first_name, {**first_opts, "fields": [*first_opts["fields"], "loaded_version"]}),
            *fieldsets[1:],
        ]
