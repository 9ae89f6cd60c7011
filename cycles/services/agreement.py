"""A samverkansöverenskommelse's status moves (utkast → undertecknad → gällande → upphörd/ersatt)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trygg.workflow import check_move

from ..models import (
    AGREEMENT_MOVES,
    Agreement,
    AgreementStatus,
)


@transaction.atomic
def change_agreement_status(
    *, agreement: Agreement, to: str, by=None, version: int | None = None
) -> Agreement:
    """Move an agreement along utkast → undertecknad → gällande → upphörd/ersatt (see AGREEMENT_MOVES)."""
    to = check_move(
        agreement,
        to=to,
        choices=AgreementStatus,
        moves=AGREEMENT_MOVES,
        what=_("en överenskommelse"),
        by=by,
        version=version,
    )
    if to == AgreementStatus.SIGNED:
        missing = [
            str(label)
            for label, value in ((_("syften"), agreement.purposes), (_("samverkansområden"), agreement.areas))
            if not value.strip()
        ]
        if missing:
            raise ValidationError(
                _("Överenskommelsen kan inte undertecknas förrän %(missing)s är ifyllda (9 §).")
                % {"missing": _(" och ").join(missing)}
            )
        if not agreement.parties.exists():
            raise ValidationError(_("Ange överenskommelsens parter innan den undertecknas."))
    agreement.status = to
    agreement.save(update_fields=["status", "updated_at"])
    return agreement
