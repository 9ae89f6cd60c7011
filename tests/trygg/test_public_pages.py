"""The site-wide public pages: content, identity from settings, no cookies, no leaks of staff links."""

import pytest

from tests.trygg.factories import ProgrammeGoalFactory
from trygg.models import AccessibilityFeedback, MunicipalitySettings

PUBLIC_URLS = ["/", "/tillganglighet/", "/personuppgifter/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_page_shows_identity_unit_and_last_updated(client, url):
    site = MunicipalitySettings.load()
    site.name = "Exempelby kommun"
    site.programme_name = "Trygg i Exempelby"
    site.responsible_unit = "Kommunkansliet"
    site.page_owner = "Webbredaktionen"
    site.save()

    response = client.get(url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Trygg i Exempelby" in html
    assert "Kommunkansliet" in html
    assert "Webbredaktionen" in html
    assert f'Senast uppdaterad</dt><dd><time datetime="{site.updated_at:%Y-%m-%d}"' in html
    assert html.count("<h1") == 1
    assert '<html lang="sv">' in html
    assert 'href="#innehall"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/personuppgifter/"])
def test_public_page_sets_no_cookies(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert dict(response.cookies) == {}


@pytest.mark.django_db
def test_home_lists_five_steps_in_order_and_goals(client):
    ProgrammeGoalFactory(text="Färre inbrott i centrum", order=2)
    ProgrammeGoalFactory(text="Tryggare skolvägar", order=1)

    response = client.get("/")

    html = response.content.decode()
    names = [
        "Initiera och ingå samverkan",
        "Egna förberedelser",
        "Gemensamma förberedelser",
        "Genomförande",
        "Uppföljning och återkoppling",
    ]
    positions = [html.index(n) for n in names]
    assert positions == sorted(positions)
    assert html.index("Tryggare skolvägar") < html.index("Färre inbrott i centrum")
    assert [g.text for g in response.context["goals"]] == ["Tryggare skolvägar", "Färre inbrott i centrum"]


@pytest.mark.django_db
def test_home_query_count_is_constant(client, django_assert_num_queries):
    ProgrammeGoalFactory.create_batch(5)
    MunicipalitySettings.load()
    with django_assert_num_queries(5):  # 3, the latest published follow-up report, the areas ("Där du bor")
        response = client.get("/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_home_shows_contact_from_settings(client):
    site = MunicipalitySettings.load()
    site.contact_email = "trygghet@exempel.se"
    site.contact_phone = "0123-456 78"
    site.save()

    html = client.get("/").content.decode()

    assert 'href="mailto:trygghet@exempel.se"' in html
    assert "0123-456 78" in html


@pytest.mark.django_db
def test_accessibility_feedback_is_stored_and_mailed(client, mailoutbox, django_capture_on_commit_callbacks):
    site = MunicipalitySettings.load()
    site.contact_email = "trygghet@exempel.se"
    site.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/tillganglighet/",
            {"page_url": "/", "description": "Menyn går inte att nå med tangentbordet.", "email": ""},
        )

    assert response.status_code == 302
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.description == "Menyn går inte att nå med tangentbordet."
    assert [m.to for m in mailoutbox] == [["trygghet@exempel.se"]]


@pytest.mark.django_db
def test_accessibility_feedback_without_description_keeps_input_and_explains(client):
    response = client.post(
        "/tillganglighet/", {"page_url": "/samverkan/", "description": "", "email": "a@b.se"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert AccessibilityFeedback.objects.count() == 0
    assert "Beskriv vad som inte fungerar." in html
    assert 'value="/samverkan/"' in html
    assert 'value="a@b.se"' in html
    assert 'aria-invalid="true"' in html


@pytest.mark.django_db
def test_not_found_page_is_swedish_in_site_design(client):
    response = client.get("/finns-inte/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Sidan finns inte" in html
    assert "Hoppa till innehållet" in html


def test_server_error_page_renders_without_database(rf):
    from trygg.errors import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Något gick fel" in response.content.decode()


@pytest.mark.django_db
def test_pages_carry_strict_content_security_policy(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "object-src 'none'" in csp
    assert 'style="' not in response.content.decode()
