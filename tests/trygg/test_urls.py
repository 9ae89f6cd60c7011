"""Every route belongs to the app that trygg/urls.py says owns its path prefix (URL_OWNERS)."""

from django.urls import URLPattern, URLResolver, get_resolver

from trygg.urls import URL_OWNERS


def _routes(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry.callback


def _owner(route: str) -> str:
    best = max(
        (
            (app, prefix)
            for app, prefixes in URL_OWNERS.items()
            for prefix in prefixes
            if route.startswith(prefix)
        ),
        key=lambda pair: len(pair[1]),
    )
    return best[0]


def _view_module(callback) -> str:
    view = getattr(callback, "view_class", None) or getattr(callback, "__wrapped__", None) or callback
    return view.__module__


def test_every_route_is_served_by_the_app_that_owns_its_prefix():
    wrong = []
    for route, callback in _routes(get_resolver().url_patterns):
        if route.startswith("admin/"):
            continue  # the Django admin: each app registers its models there
        owner, module = _owner(route), _view_module(callback)
        # trygg's account pages and media serving use Django's own views.
        allowed = (owner,) if owner != "trygg" else ("trygg", "django.contrib.auth", "django.views")
        if not module.startswith(allowed):
            wrong.append(f"{route!r} is served by {module}, but URL_OWNERS gives it to {owner}")
    assert wrong == []


def test_every_prefix_in_the_table_has_a_route():
    routes = [route for route, _callback in _routes(get_resolver().url_patterns)]
    unused = [
        p
        for prefixes in URL_OWNERS.values()
        for p in prefixes
        if p and not any(r.startswith(p) for r in routes)
    ]
    assert unused == []
