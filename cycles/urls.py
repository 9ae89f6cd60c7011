"""The cycles app's URLs, one block per concept: public pages first, then the workspace under /arbete/.

The home page keeps its global name "home" (the base templates use it); everything else is "cycles:…".
"""

from django.urls import include, path

from .views.public import agreement, cycle, embed, followup, map, measure, overview, promise, report
from .views.public import compliance as public_compliance
from .views.public import feedback as public_feedback
from .views.public import subscription as public_subscription
from .views.workspace import bulk as ws_bulk
from .views.workspace import compliance as ws_compliance
from .views.workspace import cycle as ws_cycle
from .views.workspace import embed as ws_embed
from .views.workspace import feedback as ws_feedback
from .views.workspace import followup as ws_followup
from .views.workspace import indicator as ws_indicator
from .views.workspace import measure as ws_measure
from .views.workspace import milestone as ws_milestone
from .views.workspace import plan as ws_plan
from .views.workspace import reminders as ws_reminders
from .views.workspace import report as ws_report
from .views.workspace import review as ws_review
from .views.workspace import unsafe_place as ws_unsafe_place
from .views.workspace import yearwheel as ws_yearwheel

cycles_patterns = [
    # Cycle: the five steps, and the coordinators' board.
    path("kretslopp/", cycle.Kretslopp.as_view(), name="kretslopp"),
    path("arbete/kretslopp/", ws_cycle.CycleBoard.as_view(), name="board"),
    path("arbete/kretslopp/punkter/ny/", ws_cycle.LocalItemCreate.as_view(), name="item-create"),
    path("arbete/kretslopp/punkter/<int:pk>/", ws_cycle.ItemEdit.as_view(), name="item-edit"),
    path("arbete/kretslopp/nasta-steg/", ws_cycle.MoveStep.as_view(), name="move-step"),
    path("arbete/kretslopp/ny-period/", ws_cycle.StartCycle.as_view(), name="start-cycle"),
    # Promise: medborgarlöften.
    path("medborgarloften/", promise.CitizenPromiseList.as_view(), name="promise-list"),
    # Agreement: samverkansöverenskommelser.
    path("samverkan/overenskommelser/", agreement.AgreementList.as_view(), name="agreement-list"),
    # Measure: the public list, pages and feeds; the workspace overview, lägesrapporter and approvals.
    path("atgarder/", measure.MeasureList.as_view(), name="measure-list"),
    path("atgarder/flode/", measure.UpdateFeed(), name="measure-feed"),
    path("atgarder/omrade/<slug:slug>/flode/", measure.AreaUpdateFeed(), name="area-measure-feed"),
    path("atgarder/<slug:slug>/", measure.MeasureDetail.as_view(), name="measure-detail"),
    path("atgarder/<slug:slug>/flode/", measure.MeasureUpdateFeed(), name="measure-update-feed"),
    path("arbete/atgarder/", ws_measure.Overview.as_view(), name="measure-overview"),
    path(
        "arbete/atgarder/export.csv", ws_measure.Overview.as_view(export_format="csv"), name="measure-export"
    ),
    path(
        "arbete/atgarder/export.xlsx",
        ws_measure.Overview.as_view(export_format="xlsx"),
        name="measure-export-xlsx",
    ),
    # Many measures at once: export to a spreadsheet, import the changes with a preview, the log.
    path("arbete/atgarder/exportera.csv", ws_bulk.ExportCsv.as_view(), name="measure-bulk-export-csv"),
    path("arbete/atgarder/exportera.xlsx", ws_bulk.ExportXlsx.as_view(), name="measure-bulk-export-xlsx"),
    path("arbete/atgarder/importera/", ws_bulk.ImportUpload.as_view(), name="measure-import"),
    path("arbete/atgarder/importer/", ws_bulk.ImportList.as_view(), name="measure-imports"),
    path("arbete/atgarder/importer/<int:pk>/", ws_bulk.ImportDetail.as_view(), name="measure-import-detail"),
    path(
        "arbete/atgarder/importer/<int:pk>/bekrafta/",
        ws_bulk.ImportConfirm.as_view(),
        name="measure-import-confirm",
    ),
    path(
        "arbete/atgarder/importer/<int:pk>/avbryt/",
        ws_bulk.ImportCancel.as_view(),
        name="measure-import-cancel",
    ),
    path("arbete/atgarder/mina/", ws_measure.MyMeasures.as_view(), name="my-measures"),
    path("arbete/atgarder/granska/", ws_review.ApprovalQueue.as_view(), name="approval-queue"),
    path(
        "arbete/atgarder/rapporter/<int:pk>/godkann/",
        ws_review.ApproveUpdate.as_view(),
        name="approve-update",
    ),
    path("arbete/atgarder/texter/<int:pk>/granska/", ws_review.ReviewText.as_view(), name="review-text"),
    path("arbete/atgarder/<slug:slug>/rapport/", ws_review.PostUpdate.as_view(), name="post-update"),
    path("arbete/atgarder/<slug:slug>/text/", ws_review.EditText.as_view(), name="edit-text"),
    path("arbete/atgarder/ny/", ws_measure.MeasureCreate.as_view(), name="measure-create"),
    path("arbete/atgarder/<slug:slug>/andra/", ws_measure.MeasureEdit.as_view(), name="measure-edit"),
    path("arbete/atgarder/<slug:slug>/kopiera/", ws_measure.MeasureCopy.as_view(), name="measure-copy"),
    path("arbete/atgarder/<slug:slug>/avbryt/", ws_measure.MeasureRetire.as_view(), name="measure-retire"),
    # Residents' reports of unsafe places that a measure answers, set from the report's case page.
    path(
        "arbete/atgarder/koppla-rapport/<int:pk>/",
        ws_unsafe_place.LinkMeasures.as_view(),
        name="unsafe-place-measures",
    ),
    # A measure's workspace page answers every single name under arbete/atgarder/ that no path above
    # takes: add fixed pages there above this line (and to services.measure.RESERVED_SLUGS).
    path("arbete/atgarder/<slug:slug>/", ws_measure.MeasurePage.as_view(), name="measure-workspace"),
    # Milestone: a measure's delmål och aktiviteter, and the links between measures (workspace).
    path("arbete/atgarder/<slug:slug>/delmal/", ws_milestone.MilestoneList.as_view(), name="milestone-list"),
    path(
        "arbete/atgarder/<slug:slug>/delmal/ny/",
        ws_milestone.MilestoneCreate.as_view(),
        name="milestone-create",
    ),
    path(
        "arbete/atgarder/<slug:slug>/delmal/<int:pk>/",
        ws_milestone.MilestoneEdit.as_view(),
        name="milestone-edit",
    ),
    path(
        "arbete/atgarder/<slug:slug>/delmal/<int:pk>/klar/",
        ws_milestone.MilestoneDone.as_view(),
        name="milestone-done",
    ),
    path(
        "arbete/atgarder/<slug:slug>/delmal/<int:pk>/ta-bort/",
        ws_milestone.MilestoneDelete.as_view(),
        name="milestone-delete",
    ),
    path("arbete/atgarder/<slug:slug>/samband/", ws_milestone.LinkList.as_view(), name="measure-links"),
    path("arbete/atgarder/<slug:slug>/samband/ny/", ws_milestone.LinkCreate.as_view(), name="link-create"),
    path(
        "arbete/atgarder/<slug:slug>/samband/<int:pk>/ta-bort/",
        ws_milestone.LinkDelete.as_view(),
        name="link-delete",
    ),
    # Indicator: the indicators that follow a measure, with baseline and target (workspace).
    path(
        "arbete/atgarder/<slug:slug>/indikatorer/ny/",
        ws_indicator.IndicatorCreate.as_view(),
        name="indicator-create",
    ),
    path(
        "arbete/atgarder/<slug:slug>/indikatorer/<int:pk>/",
        ws_indicator.IndicatorEdit.as_view(),
        name="indicator-edit",
    ),
    path(
        "arbete/atgarder/<slug:slug>/indikatorer/<int:pk>/ta-bort/",
        ws_indicator.IndicatorDelete.as_view(),
        name="indicator-delete",
    ),
    # Map: areas and places on a map of the municipality, with the filters of /atgarder/, and its data.
    path("karta/", map.MapView.as_view(), name="map"),
    path("karta/data.geojson", map.MapData.as_view(), name="map-data"),
    # Plan: åtgärdsplaner in the workspace, their status moves, copies and the next plan (carry-over).
    path("arbete/planer/", ws_plan.PlanList.as_view(), name="plan-list"),
    path("arbete/planer/ny/", ws_plan.PlanCreate.as_view(), name="plan-create"),
    path("arbete/planer/<int:pk>/", ws_plan.PlanDetail.as_view(), name="plan-detail"),
    path("arbete/planer/<int:pk>/andra/", ws_plan.PlanEdit.as_view(), name="plan-edit"),
    path("arbete/planer/<int:pk>/status/<slug:to>/", ws_plan.PlanMove.as_view(), name="plan-move"),
    path("arbete/planer/<int:pk>/kopiera/", ws_plan.PlanCopy.as_view(), name="plan-copy"),
    path("arbete/planer/<int:pk>/for-over/", ws_plan.PlanCarryOver.as_view(), name="plan-carry-over"),
    path("arbete/planer/<int:pk>/ta-bort/", ws_plan.PlanDelete.as_view(), name="plan-delete"),
    # Overview: "Så går arbetet", the measures and the latest follow-up as charts and tables (public).
    path("oversikt/", overview.Overview.as_view(), name="overview"),
    # Followup: the public /uppfoljning/; periods and each measure's follow-up in the workspace.
    path("uppfoljning/", followup.FollowUpOverview.as_view(), name="followup-public"),
    path("arbete/uppfoljning/", ws_followup.Overview.as_view(), name="followup-overview"),
    path("arbete/uppfoljning/mina/", ws_followup.MyFollowUps.as_view(), name="my-followups"),
    path(
        "arbete/uppfoljning/perioder/ny/", ws_followup.PeriodCreate.as_view(), name="followup-period-create"
    ),
    path(
        "arbete/uppfoljning/perioder/<int:pk>/andra/",
        ws_followup.PeriodEdit.as_view(),
        name="followup-period-edit",
    ),
    path(
        "arbete/uppfoljning/<int:period_pk>/<slug:slug>/",
        ws_followup.FollowUpEdit.as_view(),
        name="followup-edit",
    ),
    path(
        "arbete/uppfoljning/<int:period_pk>/<slug:slug>/<slug:move>/",
        ws_followup.FollowUpMove.as_view(),
        name="followup-move",
    ),
    # Report: a published report for residents; writing and moving reports in the workspace.
    path("uppfoljning/<int:pk>/", report.PublicReport.as_view(), name="followup-report"),
    path(
        "uppfoljning/<int:pk>/rapport.pdf", report.PublicReportDownload.as_view(), name="followup-report-pdf"
    ),
    path(
        "uppfoljning/<int:pk>/atgarder.csv",
        report.PublicReportDownload.as_view(kind="csv"),
        name="followup-report-csv",
    ),
    path("arbete/rapporter/", ws_report.ReportList.as_view(), name="report-list"),
    path("arbete/rapporter/ny/", ws_report.ReportCreate.as_view(), name="report-create"),
    path("arbete/rapporter/<int:pk>/", ws_report.ReportDetail.as_view(), name="report-detail"),
    path("arbete/rapporter/<int:pk>/andra/", ws_report.ReportEdit.as_view(), name="report-edit"),
    path("arbete/rapporter/<int:pk>/skicka/", ws_report.ReportFinalise.as_view(), name="report-finalise"),
    path("arbete/rapporter/<int:pk>/beslut/", ws_report.ReportAdvance.as_view(), name="report-advance"),
    path(
        "arbete/rapporter/<int:pk>/ny-version/",
        ws_report.ReportNewVersion.as_view(),
        name="report-new-version",
    ),
    path("arbete/rapporter/<int:pk>/kopiera/", ws_report.ReportCopy.as_view(), name="report-copy"),
    path("arbete/rapporter/<int:pk>/ta-bort/", ws_report.ReportDelete.as_view(), name="report-delete"),
    path("arbete/rapporter/<int:pk>/rapport.pdf", ws_report.ReportDownload.as_view(), name="report-pdf"),
    path(
        "arbete/rapporter/<int:pk>/rapport-offentlig.pdf",
        ws_report.ReportDownload.as_view(audience="public"),
        name="report-pdf-public",
    ),
    path(
        "arbete/rapporter/<int:pk>/atgarder.csv",
        ws_report.ReportDownload.as_view(kind="csv"),
        name="report-csv",
    ),
    # Subscription: residents follow the work by e-mail (double opt-in, one-click unsubscribe) or feeds.
    path("folj/", public_subscription.FollowPage.as_view(), name="follow"),
    path("folj/ny/", public_subscription.Subscribe.as_view(), name="follow-subscribe"),
    path("folj/skickat/", public_subscription.SentPage.as_view(), name="follow-sent"),
    path("folj/bekrafta/<str:token>/", public_subscription.Confirm.as_view(), name="follow-confirm"),
    path("folj/avsluta/<str:token>/", public_subscription.Unsubscribe.as_view(), name="follow-unsubscribe"),
    path("folj/igen/", public_subscription.FollowAgain.as_view(), name="follow-again"),
    # Feedback: residents' synpunkter on a measure (public form under the measure's own slug, so no
    # reserved word is needed), and the queue, case page and actions in the workspace.
    path("atgarder/<slug:slug>/synpunkter/", public_feedback.SendFeedback.as_view(), name="measure-feedback"),
    path(
        "atgarder/<slug:slug>/synpunkter/tack/",
        public_feedback.FeedbackThanks.as_view(),
        name="measure-feedback-thanks",
    ),
    path("arbete/synpunkter/", ws_feedback.FeedbackQueue.as_view(), name="feedback-queue"),
    path("arbete/synpunkter/<int:pk>/", ws_feedback.FeedbackCase.as_view(), name="feedback-case"),
    path("arbete/synpunkter/<int:pk>/foresla/", ws_feedback.Propose.as_view(), name="feedback-propose"),
    path("arbete/synpunkter/<int:pk>/publicera/", ws_feedback.Publish.as_view(), name="feedback-publish"),
    path("arbete/synpunkter/<int:pk>/svara/", ws_feedback.Answer.as_view(), name="feedback-answer"),
    path("arbete/synpunkter/<int:pk>/stang/", ws_feedback.Close.as_view(), name="feedback-close"),
    path("arbete/synpunkter/<int:pk>/avvisa/", ws_feedback.Reject.as_view(), name="feedback-reject"),
    # Embed: boxes for the municipality's own website (framed by EMBED_ORIGINS only), and their codes.
    path("inbaddning/lage/", embed.StatusEmbed.as_view(), name="embed-status"),
    path("inbaddning/omraden/<slug:slug>/", embed.AreaEmbed.as_view(), name="embed-area"),
    path("arbete/inbaddning/", ws_embed.EmbedCodes.as_view(), name="embed-codes"),
    # Reminders: what the daily reminder e-mail names for each user.
    path("arbete/paminnelser/", ws_reminders.ReminderSettingsEdit.as_view(), name="reminder-settings"),
    # Yearwheel: the årshjul (year, month, rules, one-off items, calendar address) and its iCalendar feeds.
    path("arbete/arshjul/", ws_yearwheel.YearView.as_view(), name="yearwheel"),
    path("arbete/arshjul/manad/", ws_yearwheel.MonthView.as_view(), name="yearwheel-month"),
    path("arbete/arshjul/aterkommande/ny/", ws_yearwheel.RuleCreate.as_view(), name="yearwheel-rule-create"),
    path(
        "arbete/arshjul/aterkommande/<int:pk>/", ws_yearwheel.RuleEdit.as_view(), name="yearwheel-rule-edit"
    ),
    path(
        "arbete/arshjul/aterkommande/<int:pk>/ta-bort/",
        ws_yearwheel.RuleDelete.as_view(),
        name="yearwheel-rule-delete",
    ),
    path("arbete/arshjul/enstaka/ny/", ws_yearwheel.ItemCreate.as_view(), name="yearwheel-item-create"),
    path("arbete/arshjul/enstaka/<int:pk>/", ws_yearwheel.ItemEdit.as_view(), name="yearwheel-item-edit"),
    path(
        "arbete/arshjul/enstaka/<int:pk>/ta-bort/",
        ws_yearwheel.ItemDelete.as_view(),
        name="yearwheel-item-delete",
    ),
    path("arbete/arshjul/forslag/", ws_yearwheel.AddDefaultRules.as_view(), name="yearwheel-defaults"),
    path("arbete/arshjul/kalender/", ws_yearwheel.RenewFeed.as_view(), name="yearwheel-feed"),
    path("kalender/<str:token>.ics", ws_yearwheel.CalendarFeedView.as_view(), name="calendar-feed"),
    path(
        "kalender/<str:token>/forum/<int:forum_id>.ics",
        ws_yearwheel.ForumFeedView.as_view(),
        name="calendar-forum-feed",
    ),
    # Compliance: the law's duties (§§ 4–13) and whether they are met, for residents and in the workspace.
    path("lagkrav/", public_compliance.Compliance.as_view(), name="compliance"),
    path("arbete/lagkrav/", ws_compliance.ComplianceOverview.as_view(), name="workspace-compliance"),
]

urlpatterns = [
    path("", cycle.Home.as_view(), name="home"),
    path("", include((cycles_patterns, "cycles"))),
]
