"""Agreements in the workspace: the dashboard panel of the agreements the user may read."""

from ...models import Agreement


def agreements_panel(request) -> dict | None:
    """Dashboard: the agreements the user may read (a partner sees those their actor is party to)."""
    if not request.user.has_perm("trygg.view_workspace"):
        return None
    agreements = list(Agreement.objects.visible_to(request.user).order_by("-valid_from", "title")[:10])
    return {"agreements": agreements} if agreements else None
