"""/lattlast/: the programme in easy-to-read Swedish, with the municipality's own name, linked from the
footer of every public page."""

import pytest

from trygg.models import MunicipalitySettings

pytestmark = pytest.mark.django_db


def test_lattlast_page_uses_the_municipalitys_name(client):
    site = MunicipalitySettings.load()
    site.name = "Ljusnarsbergs kommun"
    site.programme_name = "Trygg i Ljusnarsberg"
    site.save()

    response = client.get("/lattlast/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h2>Vad är Trygg i Ljusnarsberg?</h2>" in html
    assert "Ljusnarsbergs kommun vill att du ska känna dig trygg." in html
    assert "2023:196" in html
    assert "Tingsryd" not in html


def test_lattlast_headings_are_questions(client):
    html = client.get("/lattlast/").content.decode()

    headings = [h.split("</h2>")[0] for h in html.split("<h2>")[1:]]
    content = [h for h in headings if h not in {"Om sidan", "Kontakt"}]  # the footer's
    assert content and all(h.endswith("?") for h in content)


@pytest.mark.parametrize("url", ["/", "/atgarder/", "/omraden/"])
def test_footer_links_to_lattlast(client, url):
    html = client.get(url).content.decode()
    assert '<a href="/lattlast/">Lättläst</a>' in html
