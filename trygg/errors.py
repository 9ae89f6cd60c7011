"""Error pages in the site's design. The 500 page renders without the database."""

from django.http import (
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import loader


def bad_request(request, exception=None):
    html = loader.render_to_string(
        "400.html", {"title": "Adressen eller formuläret går inte att läsa"}, request
    )
    return HttpResponseBadRequest(html)


def permission_denied(request, exception=None):
    html = loader.render_to_string("403.html", {"title": "Du har inte behörighet till sidan"}, request)
    return HttpResponseForbidden(html)


def csrf_failure(request, reason=""):
    """A form that fails Django's CSRF check: usually a page left open too long, or cookies blocked."""
    html = loader.render_to_string("403_csrf.html", {"title": "Formuläret kunde inte skickas"}, request)
    return HttpResponseForbidden(html)


def page_not_found(request, exception=None):
    html = loader.render_to_string("404.html", {"title": "Sidan finns inte"}, request)
    return HttpResponseNotFound(html)


def server_error(request):
    # No request context: the database may be what failed.
    html = loader.render_to_string("500.html", {"title": "Något gick fel"})
    return HttpResponseServerError(html)
