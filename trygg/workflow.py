"""Status moves checked against a table of allowed moves (a model's `*_MOVES`), refused in Swedish."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def check_move(obj, *, to, choices, moves, what, by, version):
    """The target status when `obj` may move there, else a ValidationError naming the move.

    `version` is the one the user saw (optimistic locking); `by` is recorded in the history.
    """
    if version is not None:
        obj.version = version
    if by is not None:
        obj._history_user = by  # the history names who moved it, also outside a request
    target = choices(to)
    if target not in moves[obj.status]:
        raise ValidationError(
            _("Det går inte att ändra status från ”%(current)s” till ”%(target)s” för %(what)s.")
            % {"current": obj.get_status_display(), "target": target.label, "what": what}
        )
    return target
