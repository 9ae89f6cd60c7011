from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    name = "cycles"
    verbose_name = _("Kretsloppet")

    def ready(self):
        """Every menu entry and dashboard panel of the app, in one place (lower apps show them without
        importing cycles: see trygg.navigation and trygg.dashboard)."""
        from django.urls import reverse

        from trygg import search
        from trygg.apps import expose_history_models
        from trygg.dashboard import Panel, register
        from trygg.mail import forget_recipients_of
        from trygg.navigation import NavItem, add_public, add_workspace

        from .models import CitizenPromise, FollowUpReport, Measure
        from .services.feedback import MAIL_PURPOSE as FEEDBACK_MAIL
        from .views.public import agreement as public_agreement
        from .views.public import followup as public_followup
        from .views.public import measure as public_measure
        from .views.public import promise as public_promise
        from .views.public import subscription as public_subscription
        from .views.workspace import agreement, cycle, feedback, followup, measure
        from .views.workspace import compliance as ws_compliance
        from .views.workspace import indicator as ws_indicator
        from .views.workspace import milestone as ws_milestone
        from .views.workspace import unsafe_place as ws_unsafe_place
        from .views.workspace import yearwheel as ws_yearwheel

        expose_history_models(self)
        # A resident's address on feedback is kept for the case only, not in the sent mail (trygg.mail).
        forget_recipients_of(FEEDBACK_MAIL)

        # The public site's menu.
        add_public(NavItem(title=_("Kretsloppet"), url_name="cycles:kretslopp", order=10))
        add_public(NavItem(title=_("Åtgärder"), url_name="cycles:measure-list", order=35))
        add_public(NavItem(title=_("Medborgarlöften"), url_name="cycles:promise-list", order=40))
        add_public(NavItem(title=_("Uppföljning"), url_name="cycles:followup-public", order=45))

        # What /sok/ searches (trygg.search): only the querysets the public pages start from.
        search.register(
            search.SearchKind(
                key="atgarder",
                title=_("Åtgärder"),
                order=10,
                queryset=Measure.objects.public,
                title_field="title",
                text_fields=("public_text",),
            )
        )
        search.register(
            search.SearchKind(
                key="medborgarloften",
                title=_("Medborgarlöften"),
                order=50,
                queryset=CitizenPromise.objects.public,
                title_field="title",
                text_fields=("background",),
                url=lambda promise: f"{reverse('cycles:promise-list')}#lofte-{promise.pk}",
            )
        )
        search.register(
            search.SearchKind(
                key="rapporter",
                title=_("Uppföljningsrapporter"),
                order=60,
                queryset=FollowUpReport.objects.public,
                title_field="title",
                text_fields=("introduction", "conclusions"),
                url=lambda report: reverse("cycles:followup-report", args=[report.pk]),
            )
        )

        # The workspace's menu, each entry shown to users with its permission.
        for title, url_name, order, permission in [
            (_("Kretsloppet"), "cycles:board", 10, "cycles.view_cycle_board"),
            (_("Planer"), "cycles:plan-list", 19, "cycles.view_actionplan"),
            (_("Åtgärder"), "cycles:measure-overview", 20, "cycles.view_measure_overview"),
            (_("Mina åtgärder"), "cycles:my-measures", 21, "cycles.view_own_measures"),
            # Partners' way in; coordinators find it on the Åtgärder page.
            (_("Importera ändringar"), "cycles:measure-import", 22, "cycles.view_own_measures"),
            (_("Uppföljning"), "cycles:followup-overview", 25, "cycles.view_followup_overview"),
            (_("Mina uppföljningar"), "cycles:my-followups", 26, "cycles.view_own_measures"),
            (_("Uppföljningsrapporter"), "cycles:report-list", 31, "cycles.view_followup_reports"),
            (_("Årshjul"), "cycles:yearwheel", 33, "cycles.view_yearwheel"),
            (_("Mina påminnelser"), "cycles:reminder-settings", 90, "cycles.choose_own_reminders"),
            (_("Visa på kommunens webbplats"), "cycles:embed-codes", 92, "cycles.view_embed_codes"),
            (_("Lagkrav"), "cycles:workspace-compliance", 32, "cycles.view_compliance"),
            (_("Synpunkter"), "cycles:feedback-queue", 27, "cycles.view_feedback_queue"),
        ]:
            add_workspace(NavItem(title=title, url_name=url_name, order=order, permission=permission))

        # Panels on the workspace dashboard (/arbete/).
        for key, title, template, context, order in [
            (
                "cycle-now",
                _("Kretsloppet just nu"),
                "cycles/workspace/cycle/_panel.html",
                cycle.cycle_panel,
                5,
            ),
            (
                "compliance-unmet",
                _("Lagkrav som inte är uppfyllda"),
                "cycles/workspace/compliance/_panel.html",
                ws_compliance.unmet_duties_panel,
                8,
            ),
            (
                "followup-watch",
                _("Uppföljningen enligt 6 §"),
                "cycles/workspace/followup/_panel_watch.html",
                followup.followup_watch_panel,
                11,
            ),
            ("measures", _("Åtgärder"), "cycles/workspace/measure/_panel.html", measure.measures_panel, 15),
            (
                "yearwheel-upcoming",
                _("Närmast i årshjulet"),
                "cycles/workspace/yearwheel/_panel.html",
                ws_yearwheel.upcoming_panel,
                13,
            ),
            (
                "feedback-new",
                _("Nya synpunkter"),
                "cycles/workspace/feedback/_panel_new.html",
                feedback.new_feedback_panel,
                17,
            ),
            (
                "followup",
                _("Uppföljning"),
                "cycles/workspace/followup/_panel.html",
                followup.followup_panel,
                16,
            ),
            (
                "agreements",
                _("Samverkansöverenskommelser"),
                "cycles/workspace/agreement/_panel.html",
                agreement.agreements_panel,
                40,
            ),
        ]:
            register(Panel(key=key, title=title, template=template, context=context, order=order))

        # Sections that cycles adds to pages of lower apps: /samverkan/, a place's and an area's page.
        register(
            Panel(
                key="collaboration-agreements",
                title=_("Samverkansöverenskommelser"),
                template="cycles/agreement/_collaboration_section.html",
                context=public_agreement.collaboration_agreements,
                order=10,
                page="collaboration",
            )
        )
        register(
            Panel(
                key="place-measures",
                title=_("Åtgärder på platsen"),
                template="cycles/measure/_section.html",
                context=public_measure.place_measures,
                order=30,
                page="place-detail",
            )
        )
        register(
            Panel(
                key="area-measures",
                title=_("Åtgärder i området"),
                template="cycles/measure/_section.html",
                context=public_measure.area_measures,
                order=30,
                page="area-detail",
            )
        )
        # "Där du bor": the area's medborgarlöften and published follow-ups, and /omraden/'s count column;
        # on a resident's report of an unsafe place (workspace), the measures that answer it.
        for key, title, template, context, order, page in [
            (
                "area-promises",
                _("Medborgarlöften som gäller området"),
                "cycles/promise/_area_section.html",
                public_promise.area_promises,
                40,
                "area-detail",
            ),
            (
                "area-followups",
                _("Uppföljning av åtgärderna i området"),
                "cycles/followup/_area_section.html",
                public_followup.area_followups,
                50,
                "area-detail",
            ),
            (
                "unsafe-place-measures",
                _("Åtgärder som svarar på rapporten"),
                "cycles/workspace/unsafe_place/_measures.html",
                ws_unsafe_place.report_measures_panel,
                10,
                "unsafe-place-case",
            ),
            (
                "area-index-measures",
                _("Åtgärder"),
                "cycles/measure/_area_count.html",
                public_measure.area_measure_counts,
                10,
                "area-index",
            ),
        ]:
            register(Panel(key=key, title=title, template=template, context=context, order=order, page=page))

        # "Följ": a form to follow the area or place by e-mail (cycles.views.public.subscription).
        for key, title, context, page in [
            (
                "area-follow",
                _("Få e-post när något händer här"),
                public_subscription.area_follow,
                "area-detail",
            ),
            (
                "place-follow",
                _("Få e-post när något händer här"),
                public_subscription.place_follow,
                "place-detail",
            ),
        ]:
            register(
                Panel(
                    key=key,
                    title=title,
                    template="cycles/subscription/_section.html",
                    context=context,
                    order=35,
                    page=page,
                )
            )

        # Panels on the measure's workspace page (/arbete/atgarder/<slug>/): indicators, milestones, links.
        for key, title, template, context, order in [
            (
                "measure-indicators",
                _("Indikatorer"),
                "cycles/workspace/indicator/_panel.html",
                ws_indicator.measure_indicators_panel,
                10,
            ),
            (
                "measure-milestones",
                _("Delmål och aktiviteter"),
                "cycles/workspace/milestone/_panel.html",
                ws_milestone.measure_milestones_panel,
                20,
            ),
            (
                "measure-links",
                _("Samband med andra åtgärder"),
                "cycles/workspace/milestone/_links_panel.html",
                ws_milestone.measure_links_panel,
                30,
            ),
        ]:
            register(
                Panel(
                    key=key,
                    title=title,
                    template=template,
                    context=context,
                    order=order,
                    page="workspace-measure",
                )
            )

        # The public API (/api/…, trygg.api) and the open data (/oppna-data/) read the same rows.
        from trygg import opendata
        from trygg.api import add_routers

        from .api import DATASETS, ROUTERS

        add_routers(*ROUTERS)
        for dataset in DATASETS:
            opendata.register(dataset)
