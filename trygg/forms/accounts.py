"""Sign-in and password forms with Swedish messages."""

from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _


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


class SetPasswordForm(auth_forms.SetPasswordForm):
    pass
