"""Measures that answer a resident's report of an unsafe place: linked by a coordinator from the report's
case page (a cycles panel on a lagesbild page), shown on the measure's public page once the report is
published, never before, and never its original text."""

import pytest

from tests.cycles.factories import public_measure
from tests.lagesbild.factories import PlaceFactory, UnsafePlaceReportFactory
from tests.personas import ALL_PERSONAS
from trygg import pagecache

pytestmark = pytest.mark.django_db

ORIGINAL = "Jag såg Kalle Svensson vid lampan, ring 070-123 45 67."


def link_url(report) -> str:
    return f"/arbete/atgarder/koppla-rapport/{report.pk}/"


def test_a_coordinator_links_measures_from_the_case_page(coordinator_client):
    measure = public_measure(title="Belysning på gångvägen", slug="belysning")
    other = public_measure(title="Fältassistenter", slug="falt")
    report = UnsafePlaceReportFactory()

    page = coordinator_client.get(f"/arbete/trygghetsrapporter/{report.pk}/").content.decode()
    assert "Åtgärder som svarar på rapporten" in page
    assert f'action="{link_url(report)}"' in page
    assert "Belysning på gångvägen" in page and "Fältassistenter" in page

    response = coordinator_client.post(link_url(report), {"measures": [measure.pk]})
    again = coordinator_client.post(link_url(report), {"measures": [measure.pk]})  # sent twice: the same

    assert response.status_code == again.status_code == 302
    assert response["Location"] == f"/arbete/trygghetsrapporter/{report.pk}/"
    assert list(report.measures.all()) == [measure]
    assert other not in report.measures.all()
    coordinator_client.post(link_url(report), {})
    assert list(report.measures.all()) == []


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_only_moderators_may_link_measures(request, persona):
    measure = public_measure()
    report = UnsafePlaceReportFactory()
    client = request.getfixturevalue(persona)

    response = client.post(link_url(report), {"measures": [measure.pk]})

    if persona == "coordinator_client":
        assert response.status_code == 302
        assert list(report.measures.all()) == [measure]
    else:
        assert response.status_code in (302, 403) and report.measures.count() == 0
        if response.status_code == 302:  # anonymous: CSRF passes in tests, the view refuses
            assert response["Location"] != f"/arbete/trygghetsrapporter/{report.pk}/"


def test_the_measure_page_lists_a_linked_report_only_once_published_and_only_its_public_text(client):
    place = PlaceFactory(name="Folkets park", slug="folkets-park")
    measure = public_measure(title="Belysning på gångvägen", slug="belysning")
    waiting = UnsafePlaceReportFactory(place=place, description=ORIGINAL)
    published = UnsafePlaceReportFactory(
        place=place, description=ORIGINAL, published=True, public_text="Gångvägen är mörk på kvällen."
    )
    measure.unsafe_place_reports.add(waiting, published)

    pagecache.bump()
    html = client.get("/atgarder/belysning/").content.decode()

    assert "Rapporter från invånare som åtgärden svarar på" in html
    assert "Gångvägen är mörk på kvällen." in html
    assert f'href="/platser/folkets-park/#rapport-{published.pk}"' in html
    assert "Kalle" not in html and "070-123" not in html
    assert f"#rapport-{waiting.pk}" not in html


def test_no_section_without_a_published_report(client):
    measure = public_measure(slug="belysning")
    measure.unsafe_place_reports.add(UnsafePlaceReportFactory(description=ORIGINAL))

    html = client.get("/atgarder/belysning/").content.decode()

    assert "Rapporter från invånare" not in html and "Kalle" not in html
