"""Uploaded files (trygg.files, /filer/<path>): each file only to someone who may see the object that
holds it, 404 to everyone else; never from /media/; handed to nginx with X-Accel-Redirect in
production; safe headers; no path traversal."""

import os
import subprocess
import sys

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone

from actors.models import Decision, Meeting
from cycles.models import AgreementStatus, ChecklistItem, FollowUpReport, MeasureUpdate
from tests.actors.factories import DecisionFactory, MeetingFactory
from tests.cycles.factories import (
    AgreementFactory,
    ChecklistItemFactory,
    FollowUpReportFactory,
    MeasureUpdateFactory,
    finalise,
    link_user_to_actor,
    public_agreement,
    public_measure,
    published_report,
)
from trygg.files import PROTECTED_FILES
from trygg.models import MunicipalitySettings
from trygg.uploads import file_url, upload_to
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Files go to a temporary folder, delivered by Django unless a test asks for nginx."""
    settings.MEDIA_ROOT = tmp_path
    settings.TRYGG_FILE_DELIVERY = "django"
    settings.TRYGG_FILE_ACCEL_PREFIX = "/_protected/"
    return tmp_path


def attach(obj, field: str, ext: str = ".pdf") -> str:
    """Store a file for obj's field as an upload would be stored, without saving the object (no
    version bump, no validation of a frozen report)."""
    name = default_storage.save(upload_to(obj, f"dokument{ext}"), ContentFile(PDF))
    type(obj).objects.filter(pk=obj.pk).update(**{field: name})
    return name


# --- One maker per case: (object's file name, whether anyone may read it) --------------------------


def programme_plan(request):
    site = MunicipalitySettings.load()
    return attach(site, "programme_plan")


def meeting(visibility):
    def make(request):
        return attach(MeetingFactory(visibility=visibility), "minutes_file")

    return make


def decision(visibility):
    def make(request):
        return attach(DecisionFactory(visibility=visibility), "document")

    return make


def agreement_public(request):
    return attach(public_agreement(), "document")


def agreement_draft(request):
    return attach(AgreementFactory(status=AgreementStatus.DRAFT, visibility=Visibility.PUBLIC), "document")


def agreement_internal_with_police(request):
    police = link_user_to_actor(request.getfixturevalue("police_partner"))
    agreement = AgreementFactory(
        status=AgreementStatus.IN_FORCE, visibility=Visibility.INTERNAL, parties=[police]
    )
    return attach(agreement, "document")


def checklist_item(*, done: bool, evidence_public: bool):
    def make(request):
        item = ChecklistItemFactory(
            done_on=timezone.localdate() if done else None, evidence_public=evidence_public
        )
        return attach(item, "evidence_document")

    return make


def measure_update(*, approved: bool, public: bool):
    def make(request):
        police = link_user_to_actor(request.getfixturevalue("police_partner"))
        measure = public_measure(
            lead_actor=police, visibility=Visibility.PUBLIC if public else Visibility.INTERNAL
        )
        update = MeasureUpdateFactory(measure=measure, approved_at=timezone.now() if approved else None)
        return attach(update, "evidence_document")

    return make


def report_pdf(stage: str, field: str):
    def make(request):
        report = FollowUpReportFactory()
        if stage == "published":
            published_report(report)
        elif stage == "steering":
            finalise(report)
        return attach(FollowUpReport.objects.get(pk=report.pk), field)

    return make


ANON, COORD, BOARD, POLICE = "client", "coordinator_client", "board_client", "police_partner_client"
PERSONAS = [ANON, COORD, BOARD, POLICE]


def expect(*allowed: str) -> dict[str, int]:
    return {p: 200 if p in allowed else 404 for p in PERSONAS}


EVERYONE = expect(*PERSONAS)

CASES = {
    "programme plan": (programme_plan, EVERYONE),
    "public meeting's minutes": (meeting(Visibility.PUBLIC), EVERYONE),
    "internal meeting's minutes, not a member": (meeting(Visibility.INTERNAL), expect(COORD)),
    "confidential meeting's minutes": (meeting(Visibility.CONFIDENTIAL), expect(COORD)),
    "public decision": (decision(Visibility.PUBLIC), EVERYONE),
    "internal decision, not a member": (decision(Visibility.INTERNAL), expect(COORD)),
    "public agreement in force": (agreement_public, EVERYONE),
    "draft agreement marked public": (agreement_draft, expect(COORD, BOARD)),
    "internal agreement, police a party": (agreement_internal_with_police, expect(COORD, BOARD, POLICE)),
    "ticked item, evidence public": (checklist_item(done=True, evidence_public=True), EVERYONE),
    "ticked item, evidence internal": (
        checklist_item(done=True, evidence_public=False),
        expect(COORD, BOARD),
    ),
    "open item, evidence marked public": (
        checklist_item(done=False, evidence_public=True),
        expect(COORD, BOARD),
    ),
    "approved update of a public measure": (measure_update(approved=True, public=True), EVERYONE),
    "approved update of an internal measure": (
        measure_update(approved=True, public=False),
        expect(COORD, BOARD, POLICE),
    ),
    "waiting update of a public measure": (measure_update(approved=False, public=True), expect(COORD)),
    "published report, public PDF": (report_pdf("published", "pdf_public"), EVERYONE),
    "published report, internal PDF": (report_pdf("published", "pdf_internal"), expect(COORD, BOARD)),
    "report at the styrgrupp, public PDF": (report_pdf("steering", "pdf_public"), expect(COORD, BOARD)),
    "report at the styrgrupp, internal PDF": (report_pdf("steering", "pdf_internal"), expect(COORD, BOARD)),
    "draft report, internal PDF": (report_pdf("draft", "pdf_internal"), expect(COORD)),
}
MATRIX = [(case, persona) for case in CASES for persona in PERSONAS]


@pytest.mark.parametrize(("case", "persona_name"), MATRIX)
def test_file_answers_only_those_who_may_see_its_object(case, persona_name, request):
    maker, expected = CASES[case]
    name = maker(request)
    client = request.getfixturevalue(persona_name)

    response = client.get(f"/filer/{name}")

    assert response.status_code == expected[persona_name]
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("case", CASES)
def test_file_is_never_served_from_media_url(case, request, coordinator_client):
    name = CASES[case][0](request)

    assert coordinator_client.get(f"/media/{name}").status_code == 404
    assert coordinator_client.get(f"/{name}").status_code == 404


def test_every_file_field_is_protected():
    fields = {
        (model, field.name)
        for model in apps.get_models()
        if not model.__name__.startswith("Historical")
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    }

    assert {(entry.model, entry.field) for entry in PROTECTED_FILES} == fields


def test_public_file_may_be_cached_and_is_not_sniffed(client):
    name = attach(public_agreement(title="Överenskommelse med polisen"), "document")

    response = client.get(f"/filer/{name}")

    assert response["Cache-Control"] == "public, max-age=3600"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="overenskommelse-med-polisen.pdf"'


def test_internal_file_is_private_and_not_stored(coordinator_client):
    name = decision(Visibility.INTERNAL)(None)

    response = coordinator_client.get(f"/filer/{name}")

    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    paragraph = Decision.objects.get().paragraph.lower().replace(" § ", "-")
    assert response["Content-Disposition"].startswith(f'inline; filename="beslut-{paragraph}-')


def test_office_document_is_downloaded_not_shown(client):
    name = attach(DecisionFactory(visibility=Visibility.PUBLIC), "document", ext=".docx")

    response = client.get(f"/filer/{name}")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert name.endswith(".docx") and response["Content-Disposition"].endswith('.docx"')


@pytest.mark.parametrize(
    ("persona_name", "case"),
    [(ANON, "public agreement in force"), (COORD, "internal decision, not a member")],
)
def test_nginx_delivery_hands_the_file_to_the_protected_location(persona_name, case, request, settings):
    settings.TRYGG_FILE_DELIVERY = "nginx"
    name = CASES[case][0](request)
    client = request.getfixturevalue(persona_name)

    response = client.get(f"/filer/{name}")

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_protected/{name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_nginx_delivery_still_answers_404_to_outsiders(client, settings):
    settings.TRYGG_FILE_DELIVERY = "nginx"
    name = decision(Visibility.INTERNAL)(None)

    response = client.get(f"/filer/{name}")

    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_nginx_delivery_answers_404_when_the_file_is_gone(client, settings):
    settings.TRYGG_FILE_DELIVERY = "nginx"
    name = agreement_public(None)
    default_storage.delete(name)

    assert client.get(f"/filer/{name}").status_code == 404


def test_django_delivery_answers_404_when_the_file_is_gone(client):
    name = agreement_public(None)
    default_storage.delete(name)

    assert client.get(f"/filer/{name}").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "../trygg/settings.py",
        "cycles/agreement/../../trygg/settings.py",
        "cycles/agreement/%2e%2e/%2e%2e/trygg/settings.py",
        "./plan/x.pdf",
        "plan//x.pdf",
        "..%2Fmanage.py",
        "%2Fetc%2Fpasswd",
    ],
)
def test_path_traversal_gets_404(coordinator_client, media, path):
    (media / "trygg").mkdir()
    (media / "trygg" / "settings.py").write_text("SECRET")

    response = coordinator_client.get(f"/filer/{path}")

    assert response.status_code == 404
    assert b"SECRET" not in response.content


def test_traversal_to_a_public_file_gets_404(client):
    name = agreement_public(None)
    folder, file = name.rsplit("/", 1)

    assert client.get(f"/filer/{folder}/../{folder.rsplit('/', 1)[1]}/{file}").status_code == 404


def test_stored_name_not_in_any_field_gets_404(coordinator_client):
    name = default_storage.save("cycles/agreement/loose.pdf", ContentFile(PDF))

    assert coordinator_client.get(f"/filer/{name}").status_code == 404


def test_pages_link_files_through_the_view(client):
    name = agreement_public(None)

    html = client.get("/samverkan/overenskommelser/").content.decode()

    assert f'href="/filer/{name}"' in html
    assert "/media/" not in html


def test_public_checklist_evidence_links_through_the_view():
    name = checklist_item(done=True, evidence_public=True)(None)
    item = ChecklistItem.objects.get()

    assert item.evidence(public=True) == [{"label": "Dokument", "url": f"/filer/{name}"}]


def test_file_url_is_empty_without_a_file():
    assert file_url(Meeting().minutes_file) == ""
    assert file_url(MeasureUpdate().evidence_document) == ""


# --- An object store (STORAGE=s3): a redirect to the store's signed link ---------------------------


@pytest.fixture
def object_store(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.objectstore.SignedLinkStorage", "OPTIONS": {"location": tmp_path}},
    }
    settings.TRYGG_FILE_DELIVERY = "redirect"
    return tmp_path


def test_object_store_delivery_redirects_to_a_signed_link_with_the_same_headers(client, object_store):
    name = agreement_public(None)

    response = client.get(f"/filer/{name}")

    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("https://objekt.example/trygg/") and "X-Amz-Signature=" in location
    assert "ResponseContentType=application%2Fpdf" in location
    assert "ResponseContentDisposition=inline" in location
    assert response["Cache-Control"] == "private, no-store"  # the link expires: never kept


def test_object_store_delivery_still_answers_404_to_outsiders_and_for_missing_files(client, object_store):
    internal = decision(Visibility.INTERNAL)(None)
    gone = agreement_public(None)
    default_storage.delete(gone)

    answers = [client.get(f"/filer/{internal}"), client.get(f"/filer/{gone}")]

    assert [r.status_code for r in answers] == [404, 404]
    assert not any(r.has_header("Location") for r in answers)


def test_storage_s3_configures_a_private_bucket_and_signed_links():
    """The settings for STORAGE=s3, and django-storages' real S3 backend signing a link (offline)."""
    code = (
        "import django; django.setup()\n"
        "from django.conf import settings; from django.core.files.storage import default_storage as s\n"
        "print(settings.STORAGES['default']['BACKEND'], settings.TRYGG_FILE_DELIVERY)\n"
        "print(s.url('dokument/a.pdf', parameters={'ResponseContentDisposition': 'inline'}))\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "trygg.settings_prod",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "trygg.example",
        "STORAGE": "s3",
        "S3_BUCKET": "trygg-filer",
        "S3_ENDPOINT_URL": "https://s3.example.se",
        "S3_ACCESS_KEY": "AKIAEXAMPLE",
        "S3_SECRET_KEY": "hemligt",
        "S3_REGION": "eu-north-1",
    }
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=django_settings.BASE_DIR,
    ).stdout.splitlines()
    assert out[0] == "storages.backends.s3.S3Storage redirect"
    assert out[1].startswith("https://s3.example.se/trygg-filer/dokument/a.pdf?")
    assert "X-Amz-Signature=" in out[1] and "X-Amz-Expires=60" in out[1]
    assert "response-content-disposition=inline" in out[1]


def test_a_download_looks_in_the_field_its_folder_names_first(client, django_assert_max_num_queries):
    """'<app>/<model>/…' names the field to look in: a public decision's document costs a few queries,
    not one per registered field."""
    name = decision(Visibility.PUBLIC)(None)
    with django_assert_max_num_queries(3):
        response = client.get(f"/filer/{name}")
    assert response.status_code == 200
