"""/rapportera/: a resident reports an unsafe place without an account. No cookies, a honeypot, a
throttle per client address, photos accepted by content and stored without their metadata, and nothing
but the moderator's published text ever on a public page, search or feed."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import ExifTags, Image

from lagesbild.models import UnsafePlaceReport, UnsafePlaceStatus
from lagesbild.services import unsafe_place as service
from tests.lagesbild.factories import AreaFactory, PlaceFactory, UnsafePlaceReportFactory
from trygg import pagecache, search

pytestmark = pytest.mark.django_db

GPS_LATITUDE = (56.0, 38.0, 12.34)


def jpeg_with_gps(size=(120, 80)) -> bytes:
    """A real JPEG as a phone makes it: EXIF with the camera, the time and a GPS position, and XMP."""
    image = Image.new("RGB", size, (20, 40, 90))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Telefonmärket"
    exif[ExifTags.Base.Model] = "Modell 12"
    exif[ExifTags.Base.DateTime] = "2026:11:29 21:14:00"
    exif[ExifTags.Base.Orientation] = 1
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: GPS_LATITUDE,
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (14.0, 58.0, 30.0),
    }
    out = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>GPSLatitude 56,38</rdf:RDF></x:xmpmeta>'
    image.save(out, format="JPEG", exif=exif, xmp=xmp, comment=b"Kalle tog bilden")
    return out.getvalue()


def image_bytes(fmt: str, size=(40, 30), mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "white").save(out, format=fmt)
    return out.getvalue()


def report_data(**overrides) -> dict:
    data = {
        "category": "belysning",
        "place": "",
        "address": "Gångvägen bakom skolan",
        "description": "Det är helt mörkt här efter klockan fem.",
        "email": "",
        "webbplats": "",
    }
    return {**data, **overrides}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TRYGG_FILE_DELIVERY = "django"
    return tmp_path


# --- The form ----------------------------------------------------------------------------------------


def test_report_form_sets_no_cookie_and_has_no_csrf_token(client):
    response = client.get("/rapportera/")

    assert response.status_code == 200
    assert dict(response.cookies) == {}
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_report_form_labels_every_field_and_says_it_is_not_a_police_report(client):
    html = client.get("/rapportera/").content.decode()

    for field in ["id_place", "id_address", "id_description", "id_photo", "id_email"]:
        assert f'for="{field}"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "Det här är inte en polisanmälan" in html
    assert 'href="tel:112"' in html and 'href="tel:11414"' in html and "polisen.se" in html
    assert "Skriv inte namn på någon" in html
    assert "Vad händer sedan?" in html


def test_report_form_starts_with_the_place_from_the_place_page(client):
    place = PlaceFactory(slug="torget")

    response = client.get("/rapportera/?plats=torget")

    assert response.context["form"]["place"].value() == place.pk


def test_resident_reports_a_dark_path_without_cookies_or_csrf_token(db):
    place = PlaceFactory(name="Folkets park")
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/rapportera/",
        report_data(place=place.pk, address="", email="anna@example.org", category="skymd-sikt"),
    )

    assert response.status_code == 302
    assert response["Location"] == "/rapportera/tack/"
    assert dict(response.cookies) == {}
    report = UnsafePlaceReport.objects.get()
    assert (report.status, report.place, report.category, report.email, report.public_text) == (
        UnsafePlaceStatus.NEW,
        place,
        "skymd-sikt",
        "anna@example.org",
        "",
    )
    thanks = client.get("/rapportera/tack/")
    assert dict(thanks.cookies) == {}
    assert "Vad händer nu?" in thanks.content.decode()


def test_report_needs_a_place_or_an_address(client):
    response = client.post("/rapportera/", report_data(address=""))

    assert response.status_code == 200
    assert response.context["form"].errors == {"address": ["Välj en plats i listan eller skriv var det är."]}
    assert UnsafePlaceReport.objects.count() == 0


def test_report_refuses_a_personnummer_and_keeps_the_text(client):
    response = client.post("/rapportera/", report_data(description="Han heter 19850312-1234 och bråkar."))

    assert list(response.context["form"].errors) == ["description"]
    assert "personnummer" in response.context["form"].errors["description"][0]
    assert "Han heter 19850312-1234 och bråkar." in response.content.decode()


def test_report_refuses_a_too_long_description(client):
    response = client.post("/rapportera/", report_data(description="x" * 2001))

    assert list(response.context["form"].errors) == ["description"]
    assert UnsafePlaceReport.objects.count() == 0


# --- Abuse protection --------------------------------------------------------------------------------


def test_filled_honeypot_looks_like_success_but_saves_nothing(client):
    response = client.post("/rapportera/", report_data(webbplats="http://spam.example"))

    assert response.status_code == 302
    assert response["Location"] == "/rapportera/tack/"
    assert UnsafePlaceReport.objects.count() == 0


def test_honeypot_is_hidden_from_people_and_screen_readers(client):
    html = client.get("/rapportera/").content.decode()

    hidden = re.search(r'<div class="d-none" aria-hidden="true">(.*?)</div>\s*<button', html, re.S)
    assert hidden is not None
    assert 'name="webbplats"' in hidden.group(1) and 'tabindex="-1"' in hidden.group(1)


def test_reports_are_throttled_per_client_address_with_a_swedish_message(client, settings):
    settings.TRYGG_UNSAFE_PLACE_PER_ADDRESS = 2
    for n in range(2):
        assert client.post("/rapportera/", report_data(description=f"Mörkt, rapport {n}.")).status_code == 302

    response = client.post("/rapportera/", report_data(description="Den tredje rapporten."))

    assert response.status_code == 429
    assert "många rapporter från din uppkoppling" in response.content.decode()
    assert "Den tredje rapporten." in response.content.decode()  # what the user wrote is kept
    assert UnsafePlaceReport.objects.count() == 2
    other = client.post("/rapportera/", report_data(description="Från en annan."), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_the_same_report_sent_twice_is_saved_once(client):
    for _ in range(2):
        assert client.post("/rapportera/", report_data()).status_code == 302

    assert UnsafePlaceReport.objects.count() == 1


# --- Photos ------------------------------------------------------------------------------------------


def test_photo_is_stored_without_exif_gps_or_xmp(client):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test has GPS
    upload = SimpleUploadedFile("IMG_2041 Kalle.jpg", original, content_type="image/jpeg")

    response = client.post("/rapportera/", {**report_data(), "photo": upload})

    assert response.status_code == 302
    report = UnsafePlaceReport.objects.get()
    assert re.fullmatch(r"lagesbild/unsafeplacereport/[0-9a-f]{32}\.jpg", report.photo.name)
    stored = report.photo.open("rb").read()
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG"
    assert image.size == (120, 80)
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info and "xmp" not in image.info and "comment" not in image.info
    assert b"Exif" not in stored and b"xmpmeta" not in stored and b"Kalle" not in stored
    assert b"Telefonm" not in stored


@pytest.mark.parametrize(("fmt", "ext"), [("PNG", ".png"), ("WEBP", ".webp")])
def test_png_and_webp_photos_are_accepted(client, fmt, ext):
    upload = SimpleUploadedFile(f"bild{ext}", image_bytes(fmt), content_type="image/png")

    assert client.post("/rapportera/", {**report_data(), "photo": upload}).status_code == 302

    assert UnsafePlaceReport.objects.get().photo.name.endswith(ext)


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n",  # a PDF renamed to .jpg
        image_bytes("GIF"),  # a real image, in a format not accepted
        b"\xff\xd8\xff\xe0" + b"\x00" * 100,  # a JPEG's first bytes and nothing else
    ],
)
def test_a_file_that_is_not_a_photo_is_refused_and_the_text_kept(client, content):
    upload = SimpleUploadedFile("foto.jpg", content, content_type="image/jpeg")

    response = client.post(
        "/rapportera/", {**report_data(description="Mörkt vid busskuren."), "photo": upload}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "photo": ["Filen går inte att läsa som ett foto. Skicka en bild i formatet JPEG, PNG eller WebP."]
    }
    html = response.content.decode()
    assert "Mörkt vid busskuren." in html and 'value="Gångvägen bakom skolan"' in html
    assert UnsafePlaceReport.objects.count() == 0


def test_a_photo_over_8_mb_is_refused(client):
    upload = SimpleUploadedFile("stor.jpg", b"\xff\xd8" + b"0" * (8 * 1024 * 1024), content_type="image/jpeg")

    response = client.post("/rapportera/", {**report_data(), "photo": upload})

    assert response.context["form"].errors["photo"] == [
        "Fotot är för stort (högst 8 MB). Ta en ny bild eller skicka en mindre."
    ]


def test_a_photo_with_too_many_pixels_is_refused_before_it_is_decoded(client, monkeypatch):
    monkeypatch.setattr(service, "MAX_PHOTO_PIXELS", 1000)
    upload = SimpleUploadedFile("bild.png", image_bytes("PNG", size=(50, 50)), content_type="image/png")

    response = client.post("/rapportera/", {**report_data(), "photo": upload})

    assert response.context["form"].errors["photo"] == [
        "Fotot har för många bildpunkter. Skicka en mindre bild."
    ]


MODERATORS_ONLY = {
    "client": 404,
    "coordinator_client": 200,
    "police_partner_client": 404,
    "board_client": 404,
}


def store_photo(report) -> str:
    name = default_storage.save(
        "lagesbild/unsafeplacereport/abc.jpg", ContentFile(image_bytes("JPEG"), name="abc.jpg")
    )
    UnsafePlaceReport.objects.filter(pk=report.pk).update(photo=name)
    return name


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (
            "new",
            {"client": 404, "coordinator_client": 200, "police_partner_client": 404, "board_client": 404},
        ),
        (
            "published, photo not shown",
            {"client": 404, "coordinator_client": 200, "police_partner_client": 404, "board_client": 404},
        ),
        (
            "published, photo shown",
            {"client": 200, "coordinator_client": 200, "police_partner_client": 200, "board_client": 200},
        ),
    ],
)
@pytest.mark.parametrize("persona", ["client", "coordinator_client", "police_partner_client", "board_client"])
def test_photo_is_served_only_when_shown_or_to_moderators(kind, expected, persona, request):
    report = UnsafePlaceReportFactory(published=kind != "new", photo_public=kind == "published, photo shown")
    name = store_photo(report)
    client = request.getfixturevalue(persona)

    assert client.get(f"/filer/{name}").status_code == expected[persona]


# --- Leaks -------------------------------------------------------------------------------------------


@pytest.fixture
def reports():
    area = AreaFactory(slug="tingsryd")
    place = PlaceFactory(area=area, slug="folkets-park", name="Folkets park")
    new = UnsafePlaceReportFactory(place=place, description="HEMLIGNYTEXT vid parken", email="ny@example.org")
    store_photo(new)
    published = UnsafePlaceReportFactory(
        place=place,
        published=True,
        description="ORIGINALTEXTEN med detaljer",
        public_text="Gångvägen i parken är mörk på kvällen.",
        email="publicerad@example.org",
    )
    rejected = UnsafePlaceReportFactory(
        place=place,
        status=UnsafePlaceStatus.REJECTED,
        description="AVVISADTEXT reklam",
        reject_reason="SKALTEXT reklam",
    )
    return new, published, rejected


PUBLIC_URLS = [
    "/rapportera/",
    "/rapportera/tack/",
    "/platser/",
    "/platser/folkets-park/",
    "/omraden/tingsryd/",
    "/lagesbild/",
    "/sok/?q=HEMLIGNYTEXT",
    "/sok/?q=ORIGINALTEXTEN",
    "/sok/?q=parken",
    "/atgarder/flode/",
    "/atgarder/omrade/tingsryd/flode/",
    "/karta/",
    "/karta/data.geojson",
    "/oversikt/",
    "/",
]
SECRETS = [
    "HEMLIGNYTEXT",
    "ORIGINALTEXTEN",
    "AVVISADTEXT",
    "SKALTEXT",
    "ny@example.org",
    "publicerad@example.org",
    "unsafeplacereport/",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_no_original_text_address_or_unpublished_photo_on_any_public_page(client, reports, url):
    pagecache.bump()
    response = client.get(url)

    assert response.status_code == 200
    body = response.content.decode()
    searched = url.partition("?q=")[2]
    assert [secret for secret in SECRETS if secret in body and secret != searched] == []
    if searched in ("HEMLIGNYTEXT", "ORIGINALTEXTEN"):
        assert response.context["total"] == 0  # the search page repeats the question, finds nothing


def test_place_page_shows_the_published_report_as_the_moderator_wrote_it(client, reports):
    published = reports[1]

    response = client.get("/platser/folkets-park/")

    html = response.content.decode()
    assert "Rapporter från invånare" in html
    assert "Gångvägen i parken är mörk på kvällen." in html
    assert "Dålig belysning" in html
    section = next(
        ctx for panel, ctx in response.context["sections"] if panel.key == "unsafe-place-published"
    )
    assert section["reports"] == [published]
    assert 'href="/rapportera/?plats=folkets-park"' in html


def test_public_queryset_is_published_and_published_then_closed_only(reports):
    published = reports[1]
    closed_unpublished = UnsafePlaceReportFactory(status=UnsafePlaceStatus.CLOSED)
    closed_published = UnsafePlaceReportFactory(published=True, status=UnsafePlaceStatus.CLOSED)

    assert set(UnsafePlaceReport.objects.public()) == {published, closed_published}
    assert closed_unpublished not in UnsafePlaceReport.objects.public()


def test_every_public_page_offers_to_report_an_unsafe_place_in_its_header(client):
    html = client.get("/").content.decode()

    assert '<a class="btn btn-sm btn-primary" href="/rapportera/">Rapportera en otrygg plats</a>' in html
    assert "Rapportera en otrygg plats</a>" not in client.get("/rapportera/").content.decode()


# --- Search ------------------------------------------------------------------------------------------


def test_search_finds_a_published_report_by_the_moderators_text_and_links_to_it_on_its_place(client):
    place = PlaceFactory(slug="folkets-park", name="Folkets park")
    report = UnsafePlaceReportFactory(
        place=place, published=True, public_text="Trasig gatubelysning vid dammen."
    )
    pagecache.bump()

    response = client.get("/sok/", {"q": "dammen"})

    groups = {group.kind.key: group for group in response.context["groups"]}
    hit = groups["invanarrapporter"].hits[0]
    assert hit.url == f"/platser/folkets-park/#rapport-{report.pk}"
    assert "Folkets park" in hit.title
    assert "<mark>dammen</mark>" in hit.snippet
    assert f'id="rapport-{report.pk}"' in client.get(hit.url.partition("#")[0]).content.decode()


@pytest.mark.parametrize("how", ["simple", "page"])
def test_search_never_finds_an_unpublished_or_rejected_report_or_one_without_a_place(client, how):
    place = PlaceFactory(name="Parken")
    UnsafePlaceReportFactory(place=place, description="HEMLIGNYTEXT", public_text="OPUBLICERADTEXT utkast")
    UnsafePlaceReportFactory(place=place, status=UnsafePlaceStatus.REJECTED, public_text="AVVISADTEXT")
    UnsafePlaceReportFactory(place=None, address="Bakom skolan", published=True, public_text="UTANPLATSTEXT")
    UnsafePlaceReportFactory(status=UnsafePlaceStatus.CLOSED, public_text="STANGDTEXT", moderated_at=None)
    kind = search.get_kind("invanarrapporter")
    for secret in ["HEMLIGNYTEXT", "OPUBLICERADTEXT", "AVVISADTEXT", "UTANPLATSTEXT", "STANGDTEXT"]:
        if how == "simple":
            assert not search.search_simple(kind, secret).exists()
        else:
            pagecache.bump()
            response = client.get("/sok/", {"q": secret})
            assert response.context["total"] == 0, secret


@pytest.mark.parametrize("count", [1, 5])
def test_report_form_query_count_is_constant_whatever_the_places(client, count, django_assert_num_queries):
    """The place list and the map's area names are read in a fixed number of queries."""
    for n in range(count):
        PlaceFactory(name=f"Plats {n}", area=AreaFactory(name=f"Område {n}", latitude=56.5, longitude=15.0))
    pagecache.bump()
    with django_assert_num_queries(10):
        assert client.get("/rapportera/").status_code == 200
