"""Sign-in and password forms with Swedish messages."""

from django.contrib.auth import forms as auth_forms
from django.template import loader
from django.utils.translation import gettext_lazy as _

from ..mail import queue_mail


class LoginForm(auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Fel användarnamn eller lösenord. Tänk på att lösenordet skiljer på stora och små bokstäver."
        ),
        "inactive": _("Kontot är inte aktivt. Kontakta systemägaren."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Användarnamn")
        self.fields["password"].label = _("Lösenord")
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})


class PasswordResetForm(auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Din e-postadress")

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        """Queue the link instead of sending it in the request: a mail relay that is down delays it
        (trygg.mail tries again) instead of losing it."""
        subject = loader.render_to_string(subject_template_name, context)
        body = loader.render_to_string(email_template_name, context)
        queue_mail(subject, body, [to_email], purpose="password_reset")


class SetPasswordForm(auth_forms.SetPasswordForm):
    pass
