"""The "Följ" form: an e-mail address, and what to follow in hidden fields (a measure's, an area's or
a place's slug; none of them for everything)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lagesbild.models import Area, Place
from trygg.moderation import HoneypotMixin

from ..models import Measure, SubscriptionKind

# The hidden fields that name what is followed, and where to find it (only public measures).
TARGETS = {
    "measure": (SubscriptionKind.MEASURE, Measure.objects.public),
    "area": (SubscriptionKind.AREA, Area.objects.all),
    "place": (SubscriptionKind.PLACE, Place.objects.all),
}


class SubscribeForm(HoneypotMixin, forms.Form):
    """The address and what to follow (and the honeypot, `website`, which the template writes out)."""

    honeypot, honeypot_label = "website", _("Lämna tomt")
    email = forms.EmailField(
        label=_("Din e-postadress"),
        max_length=254,
        error_messages={
            "required": _("Skriv din e-postadress."),
            "invalid": _("Skriv e-postadressen så här: namn@exempel.se"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    measure = forms.CharField(required=False, widget=forms.HiddenInput, max_length=100)
    area = forms.CharField(required=False, widget=forms.HiddenInput, max_length=100)
    place = forms.CharField(required=False, widget=forms.HiddenInput, max_length=150)

    def clean(self):
        data = super().clean()
        chosen = [name for name in TARGETS if data.get(name)]
        if len(chosen) > 1:
            raise forms.ValidationError(_("Välj en sak att följa åt gången."))
        self.kind, self.target = SubscriptionKind.EVERYTHING, None
        if chosen:
            name = chosen[0]
            kind, queryset = TARGETS[name]
            self.target = queryset().filter(slug=data[name]).first()
            if self.target is None:
                raise forms.ValidationError(
                    _(
                        "Det du vill följa finns inte längre på webbplatsen. "
                        "Du kan följa allt arbete i stället."
                    )
                )
            self.kind = kind
        return data
