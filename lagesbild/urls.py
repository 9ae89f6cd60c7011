from django.urls import path

from .views.public import place as public_place
from .views.public import report as public_report
from .views.public import unsafe_place as public_unsafe_place
from .views.workspace import dialogue, problem, report, statistics, unsafe_place

app_name = "lagesbild"

urlpatterns = [
    # --- Reports (lägesbilder) ---------------------------------------------------------------------------
    path("lagesbild/", public_report.SituationOverview.as_view(), name="overview"),
    path("lagesbild/<int:pk>/", public_report.ReportDetail.as_view(), name="report-detail"),
    path("arbete/lagesbild/", report.ReportList.as_view(), name="workspace-reports"),
    path("arbete/lagesbild/<int:pk>/", report.ReportDetail.as_view(), name="workspace-report-detail"),
    path("arbete/lagesbild/<int:pk>/andra/", report.ReportUpdate.as_view(), name="workspace-report-update"),
    path(
        "arbete/lagesbild/<int:pk>/status/<str:to>/",
        report.ReportMove.as_view(),
        name="workspace-report-move",
    ),
    # --- Places and areas --------------------------------------------------------------------------------
    path("platser/", public_place.PlaceList.as_view(), name="place-list"),
    path("platser/<slug:slug>/", public_place.PlaceDetail.as_view(), name="place-detail"),
    path("omraden/", public_place.AreaList.as_view(), name="area-list"),
    path("omraden/<slug:slug>/", public_place.AreaDetail.as_view(), name="area-detail"),
    # --- Problems ----------------------------------------------------------------------------------------
    path("arbete/problem/", problem.ProblemList.as_view(), name="workspace-problems"),
    # --- Dialogues ---------------------------------------------------------------------------------------
    path("arbete/dialoger/", dialogue.DialogueList.as_view(), name="workspace-dialogues"),
    path("arbete/dialoger/ny/", dialogue.DialogueCreate.as_view(), name="workspace-dialogue-create"),
    path(
        "arbete/dialoger/granska/",
        dialogue.PublicationQueue.as_view(),
        name="workspace-dialogue-review-queue",
    ),
    path(
        "arbete/dialoger/<int:pk>/granska/",
        dialogue.PublicationReview.as_view(),
        name="workspace-dialogue-review",
    ),
    path("arbete/dialoger/<int:pk>/", dialogue.DialogueUpdate.as_view(), name="workspace-dialogue-update"),
    # --- Unsafe places: residents report them (public) ---------------------------------------------------
    path("rapportera/", public_unsafe_place.ReportUnsafePlace.as_view(), name="unsafe-place-report"),
    path("rapportera/tack/", public_unsafe_place.ReportThanks.as_view(), name="unsafe-place-thanks"),
    # --- Unsafe places: moderation (workspace) -----------------------------------------------------------
    path(
        "arbete/trygghetsrapporter/", unsafe_place.UnsafePlaceQueue.as_view(), name="workspace-unsafe-places"
    ),
    path(
        "arbete/trygghetsrapporter/siffror/",
        unsafe_place.UnsafePlaceCounts.as_view(),
        name="workspace-unsafe-place-counts",
    ),
    path(
        "arbete/trygghetsrapporter/nytt-problem/",
        unsafe_place.ProblemFromReports.as_view(),
        name="workspace-unsafe-place-problem-create",
    ),
    path(
        "arbete/trygghetsrapporter/<int:pk>/",
        unsafe_place.UnsafePlaceCase.as_view(),
        name="workspace-unsafe-place",
    ),
    path(
        "arbete/trygghetsrapporter/<int:pk>/publicera/",
        unsafe_place.Publish.as_view(),
        name="workspace-unsafe-place-publish",
    ),
    path(
        "arbete/trygghetsrapporter/<int:pk>/avvisa/",
        unsafe_place.Reject.as_view(),
        name="workspace-unsafe-place-reject",
    ),
    path(
        "arbete/trygghetsrapporter/<int:pk>/dubblett/",
        unsafe_place.Duplicate.as_view(),
        name="workspace-unsafe-place-duplicate",
    ),
    path(
        "arbete/trygghetsrapporter/<int:pk>/problem/",
        unsafe_place.LinkProblem.as_view(),
        name="workspace-unsafe-place-problem",
    ),
    path(
        "arbete/trygghetsrapporter/<int:pk>/stang/",
        unsafe_place.Close.as_view(),
        name="workspace-unsafe-place-close",
    ),
    path(
        "arbete/trygghetsrapporter/<int:pk>/svara/",
        unsafe_place.Answer.as_view(),
        name="workspace-unsafe-place-answer",
    ),
    # --- Statistics --------------------------------------------------------------------------------------
    path("arbete/statistik/", statistics.StatisticsHome.as_view(), name="workspace-statistics"),
    path("arbete/statistik/importera/", statistics.ImportView.as_view(), name="workspace-import"),
    path(
        "arbete/statistik/importer/<int:pk>/",
        statistics.ImportRunDetail.as_view(),
        name="workspace-import-run",
    ),
    path(
        "arbete/statistik/importer/<int:pk>/bekrafta/",
        statistics.ImportRunDecide.as_view(),
        name="workspace-import-decide",
    ),
    path(
        "arbete/statistik/importer/<int:pk>/forhandsvisning.csv",
        statistics.ImportPreviewCsv.as_view(),
        name="workspace-import-preview-csv",
    ),
    path(
        "arbete/statistik/nytt-varde/", statistics.SurveyValueCreate.as_view(), name="workspace-survey-value"
    ),
    path(
        "arbete/statistik/indikatorer/ny/",
        statistics.IndicatorCreate.as_view(),
        name="workspace-indicator-create",
    ),
    path(
        "arbete/statistik/indikatorer/<int:pk>/",
        statistics.IndicatorUpdate.as_view(),
        name="workspace-indicator-update",
    ),
]
