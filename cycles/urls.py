"""The home page keeps its global name "home" (the base templates use it); everything else is "cycles:…"."""

from django.urls import include, path

from .views import public, workspace

cycles_patterns = [
    path("kretslopp/", public.Kretslopp.as_view(), name="kretslopp"),
    path("medborgarloften/", public.CitizenPromiseList.as_view(), name="promise-list"),
    path("samverkan/overenskommelser/", public.AgreementList.as_view(), name="agreement-list"),
    path("arbete/kretslopp/", workspace.CycleBoard.as_view(), name="board"),
    path("arbete/kretslopp/punkter/ny/", workspace.LocalItemCreate.as_view(), name="item-create"),
    path("arbete/kretslopp/punkter/<int:pk>/", workspace.ItemEdit.as_view(), name="item-edit"),
    path("arbete/kretslopp/nasta-steg/", workspace.MoveStep.as_view(), name="move-step"),
    path("arbete/kretslopp/ny-period/", workspace.StartCycle.as_view(), name="start-cycle"),
]

urlpatterns = [
    path("", public.Home.as_view(), name="home"),
    path("", include((cycles_patterns, "cycles"))),
]
