"""The coordinator's review of what a partner wrote (trygg.review)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..review import Review


class ReviewForm(forms.Form):
    """A coordinator's review of what a partner wrote: the (possibly edited) text, and a reason when
    sending it back or rejecting it. The button pressed says which (`decision`)."""

    decision = forms.ChoiceField(choices=[(r.value, r.label) for r in Review if r != Review.WAITING])
    text = forms.CharField(
        label=_("Texten som publiceras"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=20_000,
        help_text=_("Du kan rätta texten innan du godkänner den. Historiken sparar det partnern skrev."),
    )
    reason = forms.CharField(
        label=_("Motivering till partnern"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2_000,
        help_text=_("Krävs när du skickar tillbaka eller avslår. Partnern får den i ett e-postmeddelande."),
    )

    def __init__(self, *args, with_text: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_text:
            del self.fields["text"]
