"""Root URLconf: Swedish public URLs, the workspace under /arbete/, the admin, accounts under /konto/.

Each app has one URLconf (`<app>/urls.py`, one commented block per concept); `URL_OWNERS` below says
which app answers which path prefix, and a test checks every route against it. From a URL, the app's
urls.py names the view; the view calls a QuerySet method or a service.
"""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from . import accessibility, api, files, views
from .forms import LoginForm, PasswordResetForm, SetPasswordForm
from .opendata import views as opendata

# Which app answers which paths: the longest matching prefix wins ("" is the home page).
URL_OWNERS = {
    "cycles": [
        "",  # the home page
        "kretslopp/",
        "medborgarloften/",
        "atgarder/",
        "uppfoljning/",
        "oversikt/",
        "karta/",
        "folj/",
        "samverkan/overenskommelser/",
        "inbaddning/",
        "arbete/inbaddning/",
        "lagkrav/",
        "arbete/lagkrav/",
        "arbete/arshjul/",
        "kalender/",  # the årshjul's iCalendar feeds, by a secret per-user address
        "arbete/kretslopp/",
        "arbete/atgarder/",
        "arbete/planer/",
        "arbete/uppfoljning/",
        "arbete/rapporter/",
        "arbete/paminnelser/",
        "arbete/synpunkter/",
    ],
    "actors": ["samverkan/", "arbete/samverkan/", "arbete/min-organisation/", "arbete/moten/"],
    "lagesbild": [
        "lagesbild/",
        "platser/",
        "omraden/",
        "rapportera/",
        "arbete/lagesbild/",
        "arbete/problem/",
        "arbete/dialoger/",
        "arbete/statistik/",
        "arbete/trygghetsrapporter/",
    ],
    "trygg": [
        "arbete/",
        "konto/",
        "tillganglighet/",
        "personuppgifter/",
        "lattlast/",
        "healthz",
        "readyz",
        "robots.txt",
        "sok/",
        "filer/",
        "oppna-data/",
        "api/",  # the public API (trygg.api); each app adds its routers in its AppConfig.ready()
    ],
    "django.contrib.admin": ["admin/"],  # each app registers its models in its admin/ or admin.py
}

account_patterns = [
    path("logga-in/", views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "glomt-losenord/",
        views.PasswordResetView.as_view(form_class=PasswordResetForm),
        name="password_reset",
    ),
    path("glomt-losenord/skickat/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "aterstall/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(
            form_class=SetPasswordForm, success_url=reverse_lazy("password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path("aterstall/klart/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]

# --- The workspace: the dashboard, and residents' accessibility feedback as cases ----------------------
workspace_patterns = [
    path("", views.Dashboard.as_view(), name="dashboard"),
    path("tillganglighet/", accessibility.FeedbackQueue.as_view(), name="accessibility-queue"),
    path("tillganglighet/<int:pk>/", accessibility.FeedbackCase.as_view(), name="accessibility-case"),
    path("tillganglighet/<int:pk>/ta/", accessibility.Take.as_view(), name="accessibility-take"),
    path("tillganglighet/<int:pk>/svara/", accessibility.Answer.as_view(), name="accessibility-answer"),
    path("tillganglighet/<int:pk>/stang/", accessibility.Close.as_view(), name="accessibility-close"),
]

# --- Open data: every public dataset as CSV and JSON, and the DCAT-AP-SE catalogue (trygg.opendata) -----
open_data_patterns = [
    path("", opendata.Index.as_view(), name="index"),
    path("katalog.rdf", opendata.catalogue_rdf, name="catalogue-rdf"),
    path("katalog.ttl", opendata.catalogue_turtle, name="catalogue-turtle"),
    path("<slug:slug>/", opendata.DatasetDetail.as_view(), name="dataset"),
    path("<slug:slug>-komma.csv", opendata.csv_comma, name="csv-comma"),  # before <slug>.csv
    path("<slug:slug>.csv", opendata.csv_semicolon, name="csv"),
    path("<slug:slug>.json", opendata.json_file, name="json"),
]

urlpatterns = [
    path("", include("cycles.urls")),  # /, /kretslopp/, /atgarder/, /uppfoljning/, … (URL_OWNERS)
    path("", include("actors.urls")),  # /samverkan/, /arbete/samverkan/, …
    path("", include("lagesbild.urls")),  # /lagesbild/, /platser/, /omraden/, /arbete/statistik/, …
    path("tillganglighet/", views.Accessibility.as_view(), name="accessibility"),
    path("personuppgifter/", views.PersonalData.as_view(), name="personal-data"),
    path("lattlast/", views.EasyToRead.as_view(), name="easy-to-read"),
    path("sok/", views.Search.as_view(), name="search"),
    path("oppna-data/", include((open_data_patterns, "opendata"))),
    path("api/", api.urls()),
    path("arbete/", include((workspace_patterns, "workspace"))),
    path("konto/", include(account_patterns)),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    # Uploaded files, only to those who may see their object (trygg.files); nothing serves MEDIA_URL.
    path("filer/<path:path>", files.download, name="file"),
]

handler400 = "trygg.errors.bad_request"
handler403 = "trygg.errors.permission_denied"
handler404 = "trygg.errors.page_not_found"
handler500 = "trygg.errors.server_error"
