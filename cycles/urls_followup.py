"""Workspace URLs for follow-ups per measure and follow-up periods (included by cycles/urls.py)."""

from django.urls import path

from .views import followup_workspace as views

patterns = [
    path("arbete/uppfoljning/", views.Overview.as_view(), name="followup-overview"),
    path("arbete/uppfoljning/mina/", views.MyFollowUps.as_view(), name="my-followups"),
    path("arbete/uppfoljning/perioder/ny/", views.PeriodCreate.as_view(), name="followup-period-create"),
    path(
        "arbete/uppfoljning/perioder/<int:pk>/andra/",
        views.PeriodEdit.as_view(),
        name="followup-period-edit",
    ),
    path(
        "arbete/uppfoljning/<int:period_pk>/<slug:slug>/", views.FollowUpEdit.as_view(), name="followup-edit"
    ),
    path(
        "arbete/uppfoljning/<int:period_pk>/<slug:slug>/<slug:move>/",
        views.FollowUpMove.as_view(),
        name="followup-move",
    ),
]
