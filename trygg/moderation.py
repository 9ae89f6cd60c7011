"""What every moderated case shares: residents' feedback on a measure (cycles), reports of unsafe places
(lagesbild) and accessibility feedback (trygg) are each a case that staff act on in the workspace.

One piece here, so that the three workflows cannot drift apart: how an action on a case refuses to
overwrite a newer version (CaseVersionForm), how a form sent twice is done once and what the user is
told (run_case_action, CaseActionView), and how the forms residents send without an account turn away
robots (HoneypotMixin).
"""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .concurrency import CONFLICT_MESSAGE, EditConflict, VersionForm
from .submissions import ALREADY_SAVED, SentOnceMixin, run_once


class CaseVersionForm(VersionForm):
    """An action on a case, carrying the version the user saw: the case's own save would only notice a
    conflict after the user's words were spent, so the form refuses it first, with the form still filled
    in. `case` is the case the action is on (`self.case` in the action's fields)."""

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["version"].initial = case.version

    def clean(self):
        cleaned = super().clean()
        rows = type(self.case)._default_manager.filter(pk=self.case.pk)
        current = rows.values_list("version", flat=True).first()
        if cleaned.get("version") != current:
            raise ValidationError(CONFLICT_MESSAGE, code="edit_conflict")
        self.case.version = current  # the action saves on top of the version the user saw
        return cleaned


def run_case_action(request, form, act: Callable, *, done, on_invalid: Callable, success_url: str):
    """Validate `form`, run `act(form)` once per form token (trygg.submissions) and go to `success_url`
    saying `done` (a message, or a function of the form for one that depends on what was chosen).
    An invalid form, a conflict with someone else's change or a refusal from the service (a
    ValidationError) goes back to the user through `on_invalid(form)`, with the reason on the form."""
    if not form.is_valid():
        return on_invalid(form)
    try:
        outcome = run_once(request, lambda: act(form))
    except EditConflict:
        form.add_error(None, CONFLICT_MESSAGE)
        return on_invalid(form)
    except ValidationError as exc:
        form.add_error(None, exc.messages)
        return on_invalid(form)
    if outcome.repeated:
        messages.info(request, ALREADY_SAVED)
    else:
        messages.success(request, done(form) if callable(done) else done)
    return redirect(success_url)


class CaseActionFlow:
    """The POST of one action's form on a case page (see CaseActionView, which puts the one-time check
    in front of it). The case page view behind it provides `get_case()` (404 for a case the user may
    not see) and renders the page with `get_context_data(bound={key: form})`."""

    http_method_names = ["post"]
    key = ""  # the form's name in the case page's `forms`
    prefix = ""  # the form's prefix there
    form_class = None
    done = ""  # what the user is told after the action
    permission = ""  # an object permission the action needs beyond the page's own (else 403)

    def get_success_url(self) -> str:
        raise NotImplementedError

    def act(self, form):
        raise NotImplementedError

    def build_form(self):
        """A model form edits the case itself; any other form is a CaseVersionForm on it."""
        if issubclass(self.form_class, forms.ModelForm):
            return self.form_class(self.request.POST, instance=self.case, prefix=self.prefix)
        return self.form_class(self.request.POST, case=self.case, prefix=self.prefix)

    def done_message(self, form) -> str:
        return self.done

    def invalid(self, form):
        """The case page again, with the form just sent in place of its blank one."""
        return self.render_to_response(self.get_context_data(bound={self.key: form}))

    def post(self, request, *args, **kwargs):
        self.case = self.get_case()
        if self.permission and not request.user.has_perm(self.permission, self.case):
            raise PermissionDenied
        return run_case_action(
            request,
            self.build_form(),
            self.act,
            done=self.done_message,
            on_invalid=self.invalid,
            success_url=self.get_success_url(),
        )


class CasePage:
    """Before TemplateView on a case page: GET reads `get_case()` once and shows the page with one form
    per action the case allows now (`action_forms`); CaseActionView shows the same page again with the
    form just sent."""

    def get_case(self):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        self.case = self.get_case()
        return self.render_to_response(self.get_context_data())


class CaseActionView(SentOnceMixin, CaseActionFlow):
    """Put before an app's case page view (`class Publish(CaseActionView, FeedbackCase)`): one action's
    form, posted from that page. A form sent before goes to what the first sending changed
    (`repeated_url`) before anything is validated again (SentOnceMixin runs first)."""


class HoneypotMixin:
    """For a form residents send without an account: a field people never see (the template hides it
    with CSS and from screen readers) that only robots fill in. A form with it filled in is spam: the
    view pretends all went well and saves nothing, so the robot learns nothing."""

    honeypot = "webbplats"  # the field's name, which the page's template renders hidden
    honeypot_label = _("Lämna det här fältet tomt")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = forms.CharField(label=self.honeypot_label, required=False, max_length=200)
        field.widget.attrs.update(tabindex="-1", autocomplete="off")  # not reached with Tab, never filled in
        self.fields[self.honeypot] = field

    def is_spam(self) -> bool:
        """The hidden field was filled in (ask only after is_valid())."""
        return bool(self.cleaned_data.get(self.honeypot))

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != self.honeypot]


def end_case(case, *, to: str, by, fields: list[str], tell: Callable[[], None]):
    """Move a resident's case (a report of an unsafe place, feedback on a measure) to a status that ends
    it, once the caller has checked the move: moderation recorded if nobody moderated it before, the
    resident told (`tell` queues the mail while the address is still there), then the address erased,
    as the privacy page promises. Saves `fields` too and returns the case."""
    now = timezone.now()
    case.status, case.closed_at = to, now
    if case.moderated_at is None:
        case.moderated_at, case.moderated_by = now, by
    tell()
    case.email = ""
    case._history_user = by  # django-simple-history: who made this change
    case.save(
        update_fields=[*fields, "status", "closed_at", "moderated_at", "moderated_by", "email", "updated_at"]
    )
    return case
