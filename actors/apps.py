from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    name = "actors"
    verbose_name = _("Aktörer och beslut")

    def ready(self):
        from trygg import dashboard, navigation

        from .views import workspace

        navigation.add_public(
            navigation.NavItem(title=_("Samverkan"), url_name="actors:collaboration", order=50)
        )
        navigation.add_workspace(
            navigation.NavItem(
                title=_("Samverkan"),
                url_name="actors:workspace-collaboration",
                order=50,
                permission="actors.view_collaboration_workspace",
            )
        )
        navigation.add_workspace(
            navigation.NavItem(
                title=_("Min organisation"),
                url_name="actors:own-organisation",
                order=60,
                permission="actors.edit_own_organisation",
            )
        )
        dashboard.register(
            dashboard.Panel(
                key="upcoming-meetings",
                title=_("Kommande möten"),
                template="actors/workspace/_panel_meetings.html",
                context=workspace.upcoming_meetings_panel,
                order=20,
            )
        )
        dashboard.register(
            dashboard.Panel(
                key="latest-decisions",
                title=_("Senaste besluten"),
                template="actors/workspace/_panel_decisions.html",
                context=workspace.latest_decisions_panel,
                order=30,
            )
        )
