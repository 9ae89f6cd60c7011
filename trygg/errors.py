"""Error pages in the site's design. The 500 page renders without the database."""

from django.http import HttpResponseNotFound, HttpResponseServerError
from django.template import loader


def page_not_found(request, exception=None):
    html = loader.render_to_string("404.html", {"title": "Sidan finns inte"}, request)
    return HttpResponseNotFound(html)


def server_error(request):
    # No request context: the database may be what failed.
    html = loader.render_to_string("500.html", {"title": "Något gick fel"})
    return HttpResponseServerError(html)
