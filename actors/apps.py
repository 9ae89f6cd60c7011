from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    name = "actors"
    verbose_name = _("Aktörer och beslut")

    def ready(self):
        """Every menu entry and dashboard panel of the app, in one place."""
        from trygg.dashboard import Panel, register
        from trygg.navigation import NavItem, add_public, add_workspace

        from .views import workspace

        add_public(NavItem(title=_("Samverkan"), url_name="actors:collaboration", order=50))
        for title, url_name, order, permission in [
            (_("Samverkan"), "actors:workspace-collaboration", 50, "actors.view_collaboration_workspace"),
            (_("Min organisation"), "actors:own-organisation", 60, "actors.edit_own_organisation"),
        ]:
            add_workspace(NavItem(title=title, url_name=url_name, order=order, permission=permission))
        for key, title, template, context, order in [
            (
                "upcoming-meetings",
                _("Kommande möten"),
                "actors/workspace/_panel_meetings.html",
                workspace.upcoming_meetings_panel,
                20,
            ),
            (
                "latest-decisions",
                _("Senaste besluten"),
                "actors/workspace/_panel_decisions.html",
                workspace.latest_decisions_panel,
                30,
            ),
        ]:
            register(Panel(key=key, title=title, template=template, context=context, order=order))
