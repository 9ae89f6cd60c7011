from django.urls import path

from .views import public, workspace

app_name = "actors"

urlpatterns = [
    path("samverkan/", public.Collaboration.as_view(), name="collaboration"),
    path("arbete/samverkan/", workspace.CollaborationOverview.as_view(), name="workspace-collaboration"),
    path("arbete/moten/<int:pk>/", workspace.MeetingDetail.as_view(), name="meeting-detail"),
    path("arbete/min-organisation/", workspace.OwnOrganisation.as_view(), name="own-organisation"),
    path(
        "arbete/min-organisation/kontakter/ny/", workspace.ContactCreate.as_view(), name="own-contact-create"
    ),
    path(
        "arbete/min-organisation/kontakter/<int:pk>/",
        workspace.ContactUpdate.as_view(),
        name="own-contact-update",
    ),
]
