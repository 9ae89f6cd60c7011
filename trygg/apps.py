import sys

from django.apps import AppConfig
from django.contrib import admin
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class TryggConfig(AppConfig):
    default = True  # this module also holds the admin's AppConfig
    name = "trygg"
    verbose_name = "Webbplats och kommun"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import reference, roles

        # Role permissions are recomputed after every migrate, so that models added by later
        # migrations get into the right groups without a data migration per app.
        post_migrate.connect(roles.sync_role_permissions, dispatch_uid="trygg-sync-roles")
        # Reference data (municipalities, the five steps, …) is also put back after a flush.
        post_migrate.connect(reference.ensure_all, dispatch_uid="trygg-reference-data")

        from django.apps import apps
        from django.tasks.signals import task_finished

        from . import accessibility, dashboard, mail, navigation, pagecache, services, validators

        # Residents' cached pages are invalidated by every change of the data, and after every task.
        pagecache.connect_signals()
        task_finished.connect(pagecache.on_task_finished, dispatch_uid="trygg-pagecache-task")

        # Every date and long text the portal stores gets the same plausibility and length checks.
        own = {"trygg", "actors", "lagesbild", "cycles"}
        validators.add_input_limits(m for m in apps.get_models() if m._meta.app_label in own)

        # Residents' accessibility feedback as cases: the handlers' queue, and no address kept in the
        # answers once they are sent (the address is erased from the case when it is closed).
        mail.forget_recipients_of(services.REPORTER_MAIL_PURPOSE)
        navigation.add_workspace(
            navigation.NavItem(
                title=_("Tillgänglighet"),
                url_name="workspace:accessibility-queue",
                order=90,
                permission=accessibility.HANDLE,
            )
        )
        dashboard.register(
            dashboard.Panel(
                key="accessibility-new",
                title=_("Synpunkter om tillgänglighet"),
                template="trygg/workspace/accessibility/_panel_new.html",
                context=accessibility.new_feedback_panel,
                order=20,
            )
        )
        dashboard.register(
            dashboard.Panel(
                key="roles",
                title="Din roll",
                template="trygg/workspace/dashboard/_panel_roles.html",
                context=roles.dashboard_context,
                order=1000,
            )
        )
        dashboard.register(
            dashboard.Panel(
                key="mail-trouble",
                title="E-post som inte har gått fram",
                template="trygg/workspace/dashboard/_panel_mail.html",
                context=mail.trouble_panel,
                order=4,
            )
        )


def expose_history_models(app_config: AppConfig) -> None:
    """Make an app's historical models importable from the module their `__module__` names.

    django-simple-history gives the history of a model that lives in a models package (e.g.
    cycles/models/measure.py) the app package as its module ("cycles"), but puts the class in the
    concept module; `manage.py shell` then cannot import it. This sets it where the name says.
    """
    for model in app_config.get_models():
        module = sys.modules.get(model.__module__)
        if module is not None and model.__name__.startswith("Historical"):
            setattr(module, model.__name__, model)


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


class TryggAdminConfig(admin_apps.AdminConfig):
    """The admin app with the site above (INSTALLED_APPS names it instead of django.contrib.admin)."""

    default = False
    default_site = "trygg.apps.TryggAdminSite"
