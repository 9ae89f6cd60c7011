"""The home page keeps its global name "home" (the base templates use it); everything else is "cycles:…"."""

from django.urls import include, path

from . import urls_followup, urls_reports
from .views import measures, measures_workspace, public, workspace

cycles_patterns = [
    path("kretslopp/", public.Kretslopp.as_view(), name="kretslopp"),
    path("medborgarloften/", public.CitizenPromiseList.as_view(), name="promise-list"),
    path("samverkan/overenskommelser/", public.AgreementList.as_view(), name="agreement-list"),
    path("atgarder/", measures.MeasureList.as_view(), name="measure-list"),
    path("atgarder/flode/", measures.UpdateFeed(), name="measure-feed"),
    path("atgarder/omrade/<slug:slug>/flode/", measures.AreaUpdateFeed(), name="area-measure-feed"),
    path("atgarder/<slug:slug>/", measures.MeasureDetail.as_view(), name="measure-detail"),
    path("atgarder/<slug:slug>/flode/", measures.MeasureUpdateFeed(), name="measure-update-feed"),
    path("arbete/atgarder/", measures_workspace.Overview.as_view(), name="measure-overview"),
    path("arbete/atgarder/export.csv", measures_workspace.OverviewCsv.as_view(), name="measure-export"),
    path("arbete/atgarder/mina/", measures_workspace.MyMeasures.as_view(), name="my-measures"),
    path("arbete/atgarder/granska/", measures_workspace.ApprovalQueue.as_view(), name="approval-queue"),
    path(
        "arbete/atgarder/rapporter/<int:pk>/godkann/",
        measures_workspace.ApproveUpdate.as_view(),
        name="approve-update",
    ),
    path("arbete/atgarder/<slug:slug>/rapport/", measures_workspace.PostUpdate.as_view(), name="post-update"),
    path("arbete/atgarder/<slug:slug>/text/", measures_workspace.EditText.as_view(), name="edit-text"),
    path("arbete/kretslopp/", workspace.CycleBoard.as_view(), name="board"),
    path("arbete/kretslopp/punkter/ny/", workspace.LocalItemCreate.as_view(), name="item-create"),
    path("arbete/kretslopp/punkter/<int:pk>/", workspace.ItemEdit.as_view(), name="item-edit"),
    path("arbete/kretslopp/nasta-steg/", workspace.MoveStep.as_view(), name="move-step"),
    path("arbete/kretslopp/ny-period/", workspace.StartCycle.as_view(), name="start-cycle"),
    *urls_followup.patterns,
    *urls_reports.patterns,
]

urlpatterns = [
    path("", public.Home.as_view(), name="home"),
    path("", include((cycles_patterns, "cycles"))),
]
