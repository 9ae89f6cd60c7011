"""ASGI entry point; production sets DJANGO_SETTINGS_MODULE=trygg.settings_prod."""

from django.core.asgi import get_asgi_application

from trygg.deployment import require_server_settings

require_server_settings()
application = get_asgi_application()
