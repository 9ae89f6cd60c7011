from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LagesbildConfig(AppConfig):
    name = "lagesbild"
    verbose_name = _("Lägesbild")

    def ready(self):
        from trygg.apps import expose_history_models

        expose_history_models(self)

        from trygg import dashboard, navigation

        from .views.workspace import report

        navigation.add_public(
            navigation.NavItem(title=_("Lägesbild"), url_name="lagesbild:overview", order=20)
        )
        navigation.add_public(
            navigation.NavItem(title=_("Platser"), url_name="lagesbild:place-list", order=30)
        )
        navigation.add_workspace(
            navigation.NavItem(
                title=_("Lägesbilder"),
                url_name="lagesbild:workspace-reports",
                order=30,
                permission="lagesbild.view_workspace_lagesbild",
            )
        )
        navigation.add_workspace(
            navigation.NavItem(
                title=_("Problem"),
                url_name="lagesbild:workspace-problems",
                order=32,
                permission="lagesbild.view_workspace_lagesbild",
            )
        )
        navigation.add_workspace(
            navigation.NavItem(
                title=_("Dialoger"),
                url_name="lagesbild:workspace-dialogues",
                order=35,
                permission="lagesbild.view_workspace_lagesbild",
            )
        )
        navigation.add_workspace(
            navigation.NavItem(
                title=_("Statistik"),
                url_name="lagesbild:workspace-statistics",
                order=37,
                permission="lagesbild.manage_statistics",
            )
        )
        dashboard.register(
            dashboard.Panel(
                key="report-watch",
                title=_("Lägesbilden enligt 6 §"),
                template="lagesbild/workspace/report/_panel_watch.html",
                context=report.report_watch_panel,
                order=10,
            )
        )
