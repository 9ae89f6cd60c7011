"""URLs for follow-up reports: the workspace under /arbete/rapporter/ and the public /uppfoljning/
(included by cycles/urls.py)."""

from django.urls import path

from .views import followup_public, reports

patterns = [
    path("arbete/rapporter/", reports.ReportList.as_view(), name="report-list"),
    path("arbete/rapporter/ny/", reports.ReportCreate.as_view(), name="report-create"),
    path("arbete/rapporter/<int:pk>/", reports.ReportDetail.as_view(), name="report-detail"),
    path("arbete/rapporter/<int:pk>/andra/", reports.ReportEdit.as_view(), name="report-edit"),
    path("arbete/rapporter/<int:pk>/skicka/", reports.ReportFinalise.as_view(), name="report-finalise"),
    path("arbete/rapporter/<int:pk>/beslut/", reports.ReportAdvance.as_view(), name="report-advance"),
    path(
        "arbete/rapporter/<int:pk>/ny-version/", reports.ReportNewVersion.as_view(), name="report-new-version"
    ),
    path("arbete/rapporter/<int:pk>/kopiera/", reports.ReportCopy.as_view(), name="report-copy"),
    path("arbete/rapporter/<int:pk>/rapport.pdf", reports.ReportDownload.as_view(), name="report-pdf"),
    path(
        "arbete/rapporter/<int:pk>/rapport-offentlig.pdf",
        reports.ReportDownload.as_view(audience="public"),
        name="report-pdf-public",
    ),
    path(
        "arbete/rapporter/<int:pk>/atgarder.csv",
        reports.ReportDownload.as_view(kind="csv"),
        name="report-csv",
    ),
    path("uppfoljning/", followup_public.FollowUpOverview.as_view(), name="followup-public"),
    path("uppfoljning/<int:pk>/", followup_public.PublicReport.as_view(), name="followup-report"),
    path(
        "uppfoljning/<int:pk>/rapport.pdf",
        followup_public.PublicReportDownload.as_view(),
        name="followup-report-pdf",
    ),
    path(
        "uppfoljning/<int:pk>/atgarder.csv",
        followup_public.PublicReportDownload.as_view(kind="csv"),
        name="followup-report-csv",
    ),
]
