from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LagesbildConfig(AppConfig):
    name = "lagesbild"
    verbose_name = _("Lägesbild")

    def ready(self):
        """Every menu entry and dashboard panel of the app, in one place."""
        from django.urls import reverse

        from trygg import search
        from trygg.apps import expose_history_models
        from trygg.dashboard import Panel, register
        from trygg.mail import forget_recipients_of
        from trygg.navigation import NavItem, add_public, add_workspace

        from .models import Area, Place, SituationReport, UnsafePlaceReport
        from .services.unsafe_place import MAIL_PURPOSE as UNSAFE_PLACE_MAIL
        from .views.public import unsafe_place as public_unsafe_place
        from .views.workspace import report, statistics, unsafe_place

        expose_history_models(self)
        # A reporter's address is kept for their case only, not in the sent mail (trygg.mail).
        forget_recipients_of(UNSAFE_PLACE_MAIL)

        add_public(NavItem(title=_("Lägesbild"), url_name="lagesbild:overview", order=20))
        add_public(NavItem(title=_("Platser"), url_name="lagesbild:place-list", order=30))
        add_public(NavItem(title=_("Områden"), url_name="lagesbild:area-list", order=31))
        # What /sok/ searches (trygg.search): only the querysets the public pages start from. Areas
        # have no visibility: every area has a public page (/omraden/<slug>/).
        for kind in [
            search.SearchKind(
                key="platser",
                title=_("Platser"),
                order=20,
                queryset=Place.objects.public,
                title_field="name",
                text_fields=("description",),
            ),
            search.SearchKind(
                key="omraden", title=_("Områden"), order=30, queryset=Area.objects.all, title_field="name"
            ),
            search.SearchKind(
                key="lagesbilder",
                title=_("Lägesbilder"),
                order=40,
                queryset=SituationReport.objects.public,
                title_field="title",
                text_fields=("public_summary",),
                url=lambda situation_report: reverse("lagesbild:report-detail", args=[situation_report.pk]),
            ),
            # Residents' reports: only published ones at a place, by the moderator's text (never what the
            # resident wrote), found on the place's page.
            search.SearchKind(
                key="invanarrapporter",
                title=_("Rapporter från invånare"),
                order=45,
                queryset=UnsafePlaceReport.objects.searchable,
                title_field="place_name",
                text_fields=("public_text",),
                url=lambda r: reverse("lagesbild:place-detail", args=[r.place_slug]) + f"#rapport-{r.pk}",
            ),
        ]:
            search.register(kind)
        for title, url_name, order, permission in [
            (_("Lägesbilder"), "lagesbild:workspace-reports", 30, "lagesbild.view_workspace_lagesbild"),
            (_("Problem"), "lagesbild:workspace-problems", 32, "lagesbild.view_workspace_lagesbild"),
            (_("Dialoger"), "lagesbild:workspace-dialogues", 35, "lagesbild.view_workspace_lagesbild"),
            (_("Statistik"), "lagesbild:workspace-statistics", 37, "lagesbild.manage_statistics"),
            (
                _("Trygghetsrapporter"),
                "lagesbild:workspace-unsafe-places",
                36,
                "lagesbild.moderate_unsafeplacereport",
            ),
        ]:
            add_workspace(NavItem(title=title, url_name=url_name, order=order, permission=permission))
        register(
            Panel(
                key="report-watch",
                title=_("Lägesbilden enligt 6 §"),
                template="lagesbild/workspace/report/_panel_watch.html",
                context=report.report_watch_panel,
                order=10,
            )
        )
        register(
            Panel(
                key="kolada-refresh-failed",
                title=_("Automatisk uppdatering från Kolada"),
                template="lagesbild/workspace/statistics/_panel_refresh.html",
                context=statistics.failed_refresh_panel,
                order=5,
            )
        )
        # Residents' reports of unsafe places: the moderators' queue, and the published ones on a place.
        register(
            Panel(
                key="unsafe-place-new",
                title=_("Nya trygghetsrapporter"),
                template="lagesbild/workspace/unsafe_place/_panel_new.html",
                context=unsafe_place.new_reports_panel,
                order=15,
            )
        )
        register(
            Panel(
                key="unsafe-place-published",
                title=_("Rapporter från invånare"),
                template="lagesbild/unsafe_place/_place_section.html",
                context=public_unsafe_place.place_section,
                order=50,
                page="place-detail",
            )
        )

        # The public API (/api/…, trygg.api) and the open data (/oppna-data/) read the same rows.
        from trygg import opendata
        from trygg.api import add_routers

        from .api import DATASETS, router

        add_routers(router)
        for dataset in DATASETS:
            opendata.register(dataset)
