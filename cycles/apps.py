from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    name = "cycles"
    verbose_name = _("Kretsloppet")

    def ready(self):
        from trygg import dashboard, navigation

        from .views import followup_workspace, measures, measures_workspace, public, reports, workspace

        navigation.add_public(
            navigation.NavItem(title=_("Kretsloppet"), url_name="cycles:kretslopp", order=10)
        )
        navigation.add_public(
            navigation.NavItem(title=_("Medborgarlöften"), url_name="cycles:promise-list", order=40)
        )
        navigation.add_public(
            navigation.NavItem(title=_("Åtgärder"), url_name="cycles:measure-list", order=35)
        )
        navigation.add_workspace(
            navigation.NavItem(
                title=_("Åtgärder"),
                url_name="cycles:measure-overview",
                order=20,
                permission="cycles.view_measure_overview",
            )
        )
        navigation.add_workspace(
            navigation.NavItem(
                title=_("Mina åtgärder"),
                url_name="cycles:my-measures",
                order=21,
                permission="cycles.view_own_measures",
            )
        )
        dashboard.register(
            dashboard.Panel(
                key="measures",
                title=_("Åtgärder"),
                template="cycles/workspace/_panel_measures.html",
                context=measures_workspace.measures_panel,
                order=15,
            )
        )
        dashboard.register(measures.PLACE_PANEL)
        dashboard.register(measures.AREA_PANEL)
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
        followup_workspace.register()
        reports.register()
