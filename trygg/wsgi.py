"""WSGI entry point (gunicorn trygg.wsgi:application), with DJANGO_SETTINGS_MODULE=trygg.settings_prod."""

from django.core.wsgi import get_wsgi_application

from trygg.deployment import require_server_settings

require_server_settings()
application = get_wsgi_application()
