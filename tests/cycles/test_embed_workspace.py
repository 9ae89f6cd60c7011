"""/arbete/inbaddning/: only coordinators get the codes; each code frames the right embed at the site's
public address with a title; the note when no other site may show the boxes yet."""

import html
import re

import pytest

from tests.lagesbild.factories import AreaFactory
from tests.personas import ALL_PERSONAS

pytestmark = pytest.mark.django_db

URL = "/arbete/inbaddning/"

EXPECT = {
    "client": "login",
    "coordinator_client": 200,
    "police_partner_client": 403,
    "other_partner_client": 403,
    "board_client": 403,
    "admin_client": 403,
    "no_role_client": 403,
}


@pytest.fixture
def areas(db):
    return [AreaFactory(name="Ryd", slug="ryd"), AreaFactory(name="Väckelsång", slug="vackelsang")]


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
def test_permission_matrix(persona, request, areas):
    expected = EXPECT[request.node.callspec.params["persona"]]
    response = persona.get(URL)
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/logga-in/")
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
def test_only_coordinators_see_the_menu_entry(persona, request, areas):
    response = persona.get("/arbete/")
    if response.status_code == 200:
        shown = f'href="{URL}"' in response.content.decode()
        assert shown == (request.node.callspec.params["persona"] == "coordinator_client")


def codes(response) -> list[str]:
    return [
        html.unescape(code).strip()
        for code in re.findall(r"<textarea[^>]*>(.*?)</textarea>", response.content.decode(), re.S)
    ]


def test_the_codes_frame_each_embed_at_the_sites_address(coordinator_client, areas, settings):
    settings.TRYGG_SITE_URL = "https://trygg.tingsryd.se"
    response = coordinator_client.get(URL)
    found = codes(response)
    assert len(found) == 3
    status, ryd, vackelsang = found
    assert status.startswith('<iframe src="https://trygg.tingsryd.se/inbaddning/lage/" title="')
    assert "så långt har arbetet kommit" in status
    assert ryd.startswith('<iframe src="https://trygg.tingsryd.se/inbaddning/omraden/ryd/" title="')
    assert "åtgärder i Ryd" in ryd
    assert 'src="https://trygg.tingsryd.se/inbaddning/omraden/vackelsang/"' in vackelsang
    for code in found:
        assert re.search(r'" width="100%" height="\d+" loading="lazy"></iframe>$', code)
    page = response.content.decode()
    # The previews frame this very site, whatever address it has been given.
    assert '<iframe class="embed-preview' in page and 'src="/inbaddning/lage/"' in page
    for path in ("/inbaddning/lage/", "/inbaddning/omraden/ryd/"):
        assert coordinator_client.get(path).status_code == 200


def test_a_title_with_quotes_cannot_break_the_code(coordinator_client, areas):
    AreaFactory(name='Norra "Torget" & co', slug="torget")
    code = next(c for c in codes(coordinator_client.get(URL)) if "/torget/" in c)
    assert 'Norra &quot;Torget&quot; &amp; co"' in code


def test_the_page_says_when_no_other_site_may_show_the_boxes(coordinator_client, areas, settings):
    settings.TRYGG_EMBED_ORIGINS = []
    assert (
        "be driftansvarig att lägga till kommunens adress i EMBED_ORIGINS"
        in coordinator_client.get(URL).content.decode()
    )
    settings.TRYGG_EMBED_ORIGINS = ["https://www.tingsryd.se"]
    page = coordinator_client.get(URL).content.decode()
    assert "EMBED_ORIGINS" not in page and "https://www.tingsryd.se" in page


def test_the_workspace_page_itself_may_not_be_framed(coordinator_client, areas, settings):
    settings.TRYGG_EMBED_ORIGINS = ["https://www.tingsryd.se"]
    response = coordinator_client.get(URL)
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
