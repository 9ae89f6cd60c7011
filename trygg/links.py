"""Links that leave the site, in e-mails sent outside a request."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` on the site's own address (SITE_URL, e.g. https://trygg.tingsryd.se)."""
    return settings.TRYGG_SITE_URL.rstrip("/") + path
