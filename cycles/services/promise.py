"""A medborgarlöfte's status moves (utkast → undertecknat → publicerat → uppföljt)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trygg.workflow import check_move

from ..models import (
    PROMISE_MOVES,
    CitizenPromise,
    PromiseStatus,
)


@transaction.atomic
def change_promise_status(
    *, promise: CitizenPromise, to: str, by=None, version: int | None = None
) -> CitizenPromise:
    """Move a medborgarlöfte along utkast → undertecknat → publicerat → uppföljt (see PROMISE_MOVES)."""
    to = check_move(
        promise,
        to=to,
        choices=PromiseStatus,
        moves=PROMISE_MOVES,
        what=_("ett medborgarlöfte"),
        by=by,
        version=version,
    )
    if to == PromiseStatus.SIGNED:
        if promise.signed_on is None or not promise.signatories.strip():
            raise ValidationError(
                _("Ange undertecknare och datum innan medborgarlöftet markeras som undertecknat.")
            )
        if not promise.lines.exists():
            raise ValidationError(_("Ett medborgarlöfte måste ha minst ett löfte."))
    if to == PromiseStatus.FOLLOWED_UP and promise.lines.filter(follow_up="").exists():
        raise ValidationError(
            _("Skriv en uppföljning för varje löfte innan medborgarlöftet markeras som uppföljt.")
        )
    promise.status = to
    promise.save(update_fields=["status", "updated_at"])
    return promise
