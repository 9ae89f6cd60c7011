from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    name = "cycles"
    verbose_name = _("Kretsloppet")

    def ready(self):
        from trygg import dashboard, navigation

        from .views import public, workspace

        navigation.add_public(
            navigation.NavItem(title=_("Kretsloppet"), url_name="cycles:kretslopp", order=10)
        )
        navigation.add_public(
            navigation.NavItem(title=_("Medborgarlöften"), url_name="cycles:promise-list", order=40)
        )
        navigation.add_workspace(
            navigation.NavItem(
                title=_("Kretsloppet"),
                url_name="cycles:board",
                order=10,
                permission="cycles.view_cycle_board",
            )
        )
        dashboard.register(
            dashboard.Panel(
                key="cycle-now",
                title=_("Kretsloppet just nu"),
                template="cycles/workspace/_panel_cycle.html",
                context=workspace.cycle_panel,
                order=5,
            )
        )
        dashboard.register(
            dashboard.Panel(
                key="agreements",
                title=_("Samverkansöverenskommelser"),
                template="cycles/workspace/_panel_agreements.html",
                context=workspace.agreements_panel,
                order=40,
            )
        )
        dashboard.register(
            dashboard.Panel(
                key="collaboration-agreements",
                title=_("Samverkansöverenskommelser"),
                template="cycles/_collaboration_agreements.html",
                context=public.collaboration_agreements,
                order=10,
                page="collaboration",
            )
        )
