"""Menu entries that apps add in AppConfig.ready(), for the public site and the workspace."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    title: str
    url_name: str
    order: int = 100
    permission: str | None = None  # workspace items: shown only to users with this permission


_public: dict[str, NavItem] = {}
_workspace: dict[str, NavItem] = {}


def add_public(item: NavItem) -> None:
    _public[item.url_name] = item


def add_workspace(item: NavItem) -> None:
    _workspace[item.url_name] = item


def _entries(items, request, check_perm):
    out = []
    for item in sorted(items.values(), key=lambda i: i.order):
        if check_perm and item.permission and not request.user.has_perm(item.permission):
            continue
        url = reverse(item.url_name)
        out.append({"title": item.title, "url": url, "current": request.path.startswith(url)})
    return out


def public_nav(request):
    return _entries(_public, request, check_perm=False)


def workspace_nav(request):
    if not request.path.startswith("/arbete/"):
        return []
    return _entries(_workspace, request, check_perm=True)
