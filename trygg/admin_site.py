from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class TryggAdminSite(admin.AdminSite):
    """The Django admin in Swedish, titled with the municipality's own name."""

    site_title = _("Trygg – administration")
    index_title = _("Administration")

    def each_context(self, request):
        from .models import MunicipalitySettings

        ctx = super().each_context(request)
        name = MunicipalitySettings.load().programme_name
        ctx["site_header"] = _("%(name)s – administration") % {"name": name}
        ctx["site_title"] = name
        return ctx


class TryggAdminConfig(AdminConfig):
    default_site = "trygg.admin_site.TryggAdminSite"
