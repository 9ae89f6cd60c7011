from django.apps import AppConfig


class TryggConfig(AppConfig):
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

        from . import dashboard

        dashboard.register(
            dashboard.Panel(
                key="roles",
                title="Din roll",
                template="trygg/workspace/_panel_roles.html",
                context=roles.dashboard_context,
                order=1000,
            )
        )
