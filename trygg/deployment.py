"""What the WSGI and ASGI entry points check before they serve: never the development settings in
production."""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEVELOPMENT_SETTINGS = "trygg.settings"
WRONG_SETTINGS = (
    "Trygg startar inte med utvecklingsinställningarna (trygg.settings) när DEBUG är av: "
    "sätt DJANGO_SETTINGS_MODULE=trygg.settings_prod (och SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL)."
)


def require_server_settings() -> None:
    """Default to the development settings, as manage.py does, but refuse them with DEBUG off.

    A server started without DJANGO_SETTINGS_MODULE would otherwise run in production without HTTPS
    redirect, HSTS or secure cookies, and nothing would say so. (Without SECRET_KEY the development
    settings stop earlier, on the missing key.)
    """
    module = os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEVELOPMENT_SETTINGS)
    if module != DEVELOPMENT_SETTINGS:
        return
    if not settings.DEBUG:
        raise ImproperlyConfigured(WRONG_SETTINGS)
