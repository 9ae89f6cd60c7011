"""Site-wide middleware."""

from django.core.exceptions import BadRequest


def _has_nul(query) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query.lists())


class RejectNulBytesMiddleware:
    """A NUL byte in the path, the query string or a posted form field answers 400 Bad Request.

    PostgreSQL cannot store or compare text that holds NUL, so such input (a search term or an admin
    filter, say) would otherwise fail deep inside a query and answer 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _has_nul(request.GET):
            raise BadRequest("NUL byte in the URL")
        if request.method == "POST" and _has_nul(request.POST):
            raise BadRequest("NUL byte in the form")
        return self.get_response(request)
