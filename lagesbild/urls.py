from django.urls import path

from .views import public, statistics, workspace

app_name = "lagesbild"

urlpatterns = [
    path("lagesbild/", public.SituationOverview.as_view(), name="overview"),
    path("lagesbild/<int:pk>/", public.ReportDetail.as_view(), name="report-detail"),
    path("platser/", public.PlaceList.as_view(), name="place-list"),
    path("platser/<slug:slug>/", public.PlaceDetail.as_view(), name="place-detail"),
    path("omraden/<slug:slug>/", public.AreaDetail.as_view(), name="area-detail"),
    path("arbete/lagesbild/", workspace.ReportList.as_view(), name="workspace-reports"),
    path("arbete/lagesbild/<int:pk>/", workspace.ReportDetail.as_view(), name="workspace-report-detail"),
    path(
        "arbete/lagesbild/<int:pk>/andra/", workspace.ReportUpdate.as_view(), name="workspace-report-update"
    ),
    path(
        "arbete/lagesbild/<int:pk>/status/<str:to>/",
        workspace.ReportMove.as_view(),
        name="workspace-report-move",
    ),
    path("arbete/problem/", workspace.ProblemList.as_view(), name="workspace-problems"),
    path("arbete/dialoger/", workspace.DialogueList.as_view(), name="workspace-dialogues"),
    path("arbete/dialoger/ny/", workspace.DialogueCreate.as_view(), name="workspace-dialogue-create"),
    path("arbete/dialoger/<int:pk>/", workspace.DialogueUpdate.as_view(), name="workspace-dialogue-update"),
    path("arbete/statistik/", statistics.StatisticsHome.as_view(), name="workspace-statistics"),
    path("arbete/statistik/importera/", statistics.ImportView.as_view(), name="workspace-import"),
    path(
        "arbete/statistik/importer/<int:pk>/",
        statistics.ImportRunDetail.as_view(),
        name="workspace-import-run",
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
