"""Site-wide middleware."""

from django.conf import settings
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


class NoStoreForStaffMiddleware:
    """`Cache-Control: private, no-store` on the workspace, the admin and the account pages, and on any
    response to a signed-in user that says nothing about caching; `no-cache` on the rest.

    Staff pages and downloads hold internal and personal data: no shared proxy may keep them, and no
    browser may leave them on disk for the next person at a shared municipal computer. A resident's
    page that says nothing about caching may be kept but is checked with the server every time
    (`no-cache`): a withdrawn measure is never shown from a cache, and an unchanged page costs a 304
    (ConditionalGetMiddleware's ETag) instead of the whole page.
    """

    PRIVATE_PREFIXES = ("/arbete/", "/admin/", "/konto/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.PRIVATE_PREFIXES) or (
            "Cache-Control" not in response and self._signed_in(request)
        ):
            response["Cache-Control"] = "private, no-store"
        elif "Cache-Control" not in response and request.method in ("GET", "HEAD"):
            response["Cache-Control"] = "no-cache"
        return response

    @staticmethod
    def _signed_in(request) -> bool:
        # Without a session cookie nobody is signed in: don't load a session (and add Vary: Cookie)
        # for a resident's request just to learn that.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False
        return request.user.is_authenticated
