"""Error pages in Swedish and in the site's design: 400 (unreadable input), 403 (no permission), the
CSRF failure page, and NUL bytes answered with 400 instead of a crash deep in a database query."""

import pytest
from django.test import Client

from trygg.models import AccessibilityFeedback

pytestmark = pytest.mark.django_db


def test_403_for_a_signed_in_user_without_the_role_is_swedish_and_says_what_to_do(no_role_client):
    response = no_role_client.get("/arbete/")

    body = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Du har inte behörighet till sidan</h1>" in body
    assert "Du är inloggad som utan-roll" in body
    assert "<title>Du har inte behörighet till sidan – " in body
    assert 'lang="sv"' in body


def test_403_in_the_admin_is_the_sites_page(coordinator_client):
    response = coordinator_client.get("/admin/trygg/municipalitysettings/1/change/")

    assert response.status_code == 403
    assert "Du har inte behörighet till sidan" in response.content.decode()


def test_a_form_without_a_valid_csrf_token_gets_the_swedish_page(coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)

    response = client.post("/arbete/kretslopp/punkter/ny/", {"text": "Ny punkt"})

    body = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Formuläret kunde inte skickas</h1>" in body
    assert "Ladda om sidan och skicka formuläret igen." in body


@pytest.mark.parametrize(
    "url",
    [
        "/admin/cycles/measure/?q=%00",
        "/admin/cycles/measure/?status__exact=a%00b",
        "/admin/autocomplete/?term=%00&app_label=cycles&model_name=measure&field_name=plan",
        "/atgarder/?status=%00",
        "/platser/%00/",
    ],
)
def test_a_nul_byte_in_the_url_answers_400_in_swedish(coordinator_client, url):
    response = coordinator_client.get(url)

    assert response.status_code == 400
    assert "Adressen eller formuläret går inte att läsa" in response.content.decode()


def test_a_nul_byte_in_a_form_answers_400_and_saves_nothing(coordinator_client):
    response = coordinator_client.post("/tillganglighet/", {"description": "Knappen\x00 fungerar inte"})

    assert response.status_code == 400
    assert AccessibilityFeedback.objects.count() == 0


def test_ordinary_input_passes(client):
    assert client.get("/atgarder/?status=ongoing").status_code == 200
    client.post("/tillganglighet/", {"description": "Knappen fungerar inte"})
    assert AccessibilityFeedback.objects.count() == 1
