"""/arbete/paminnelser/ ("Mina påminnelser"): which reminders the daily e-mail names for the user."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from trygg.concurrency import CONFLICT_MESSAGE
from trygg.views import WorkspaceMixin, workspace_crumbs

from ...forms.reminders import ReminderSettingsForm
from ...models import ReminderKind, ReminderSettings
from ...services.reminders import recipient_email

# Who each kind of reminder goes to, shown beside the choices.
KIND_AUDIENCE = {
    ReminderKind.STALE: _("Till partner för åtgärder som deras organisation ansvarar för."),
    ReminderKind.MILESTONE: _(
        "Till den organisation som ansvarar för delmålet, annars åtgärdens ansvariga organisation."
    ),
    ReminderKind.END_DATE: _("Till partner för åtgärder som deras organisation ansvarar för."),
    ReminderKind.APPROVAL: _("Till samordnare."),
    ReminderKind.FOLLOWUP: _(
        "Till partner för åtgärder som deras organisation ansvarar för, från påminnelsedagen till "
        "sista dagen för uppföljningen."
    ),
    ReminderKind.YEARWHEEL: _(
        "Till samordnare, och till partner hos den aktör som ansvarar för händelsen. En gång per händelse, "
        "så många dagar före som händelsen anger."
    ),
}


class ReminderSettingsEdit(WorkspaceMixin, FormView):
    """Tick the kinds of reminders to get; all are on until the user turns one off."""

    permission_required = ("trygg.view_workspace", "cycles.choose_own_reminders")
    template_name = "cycles/workspace/reminders/settings.html"
    form_class = ReminderSettingsForm

    def get_form_kwargs(self):
        user = self.request.user
        instance = ReminderSettings.objects.filter(user=user).first() or ReminderSettings(user=user)
        return {**super().get_form_kwargs(), "instance": instance}

    def form_valid(self, form):
        try:
            with transaction.atomic():
                form.save()
        except IntegrityError:  # another tab saved the user's first choice in the same moment
            form.add_error(None, CONFLICT_MESSAGE)
            return self.form_invalid(form)
        wanted = len(form.cleaned_data["wanted"])
        if wanted:
            messages.success(self.request, _("Dina val är sparade."))
        else:
            messages.success(self.request, _("Dina val är sparade. Du får inga påminnelser med e-post."))
        return redirect(reverse("cycles:reminder-settings"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Mina påminnelser"),
            breadcrumbs=workspace_crumbs(),
            email=recipient_email(self.request.user),
            audience=[(kind.label, KIND_AUDIENCE[kind]) for kind in ReminderKind],
            **kwargs,
        )
