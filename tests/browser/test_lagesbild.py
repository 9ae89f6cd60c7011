"""Journeys in headless chromium for the lagesbild app: the public pages pass axe, and a coordinator
records a trygghetsvandring with three observations on a phone-sized screen."""

import datetime

import pytest
from playwright.sync_api import expect

from lagesbild.models import Dialogue
from tests.browser.axe import assert_no_axe_violations
from tests.browser.session import log_in
from tests.lagesbild.factories import (
    AreaFactory,
    CauseAnalysisFactory,
    DialogueFactory,
    ObservationFactory,
    PlaceFactory,
    ProblemFactory,
    SituationReportFactory,
)
from tests.trygg.factories import UserFactory
from trygg.roles import Role
from trygg.visibility import Visibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _public_data():
    area = AreaFactory(name="Tingsryd", slug="tingsryd")
    torget = PlaceFactory(
        name="Torget i Tingsryd", slug="torget-tingsryd", area=area, latitude=56.5242, longitude=14.9773
    )
    park = PlaceFactory(name="Folkets park", slug="folkets-park", area=area)
    report = SituationReportFactory(public=True, title="Gemensam lägesbild 2025", kind="gemensam")
    problem = ProblemFactory(
        visibility=Visibility.PUBLIC, prioritised=True, priority=1, title="Otrygghet kring torget kvällstid"
    )
    problem.areas.add(area)
    problem.places.add(torget)
    problem.reports.add(report)
    walk = DialogueFactory(
        visibility=Visibility.PUBLIC, area=area, held_on=datetime.date(2024, 10, 15), police=2
    )
    ObservationFactory(dialogue=walk, place=torget, note="Mörkt vid busskuren.", proposal="Fler lampor.")
    ObservationFactory(dialogue=walk, place=park, category="vegetation", note="Buskar skymmer sikten.")
    return area, torget, park


@pytest.mark.parametrize(
    ("url", "h1"),
    [
        ("/lagesbild/", "Lägesbild"),
        ("/platser/", "Platser"),
        ("/platser/torget-tingsryd/", "Torget i Tingsryd"),
    ],
)
def test_public_page_has_no_axe_violations(page, live_server, url, h1):
    _public_data()
    page.goto(live_server.url + url)
    assert page.locator("h1").inner_text() == h1
    expect(page.get_by_role("contentinfo").get_by_text("Senast uppdaterad")).to_be_visible()
    assert_no_axe_violations(page)


def test_public_pages_can_be_walked_with_the_keyboard(page, live_server):
    _public_data()
    page.goto(live_server.url + "/platser/")
    link = page.get_by_role("link", name="Torget i Tingsryd", exact=True)
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/platser/torget-tingsryd/")
    heading = page.get_by_role("heading", name="Iakttagelser från dialoger och trygghetsvandringar")
    expect(heading).to_be_visible()


def test_coordinator_records_a_trygghetsvandring_on_a_phone(page, live_server):
    UserFactory(username="sara", roles=[Role.COORDINATOR])
    area = AreaFactory(name="Ryd", slug="ryd")
    PlaceFactory(name="Ryds centrum", slug="ryds-centrum", area=area)
    PlaceFactory(name="Skolgården i Ryd", slug="skolgarden-ryd", area=area)
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "sara")

    page.goto(live_server.url + "/arbete/dialoger/ny/")
    assert page.locator("h1").inner_text() == "Ny dialog eller trygghetsvandring"
    assert_no_axe_violations(page)
    # Nothing wider than the phone: no sideways scrolling during the walk.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    save = page.get_by_role("button", name="Spara", exact=True)
    assert save.bounding_box()["height"] >= 44

    page.get_by_label("Datum").fill("2025-10-14")
    page.get_by_label("Område").select_option(label="Ryd")
    page.get_by_label("Antal invånare").fill("9")
    page.get_by_label("Antal poliser").fill("1")
    observations = [
        ("Ryd: Ryds centrum", "Trafik", "Höga hastigheter genom centrum.", "Farthinder."),
        ("Ryd: Skolgården i Ryd", "Belysning", "Skolgården är mörk efter 17.", "Belysning med rörelsevakt."),
        ("Ryd: Ryds centrum", "Annat", "Tomma skyltfönster.", ""),
    ]
    for i, (place, category, note, proposal) in enumerate(observations):
        group = page.locator(f"#iakttagelse-{i + 1}")
        group.get_by_label("Plats").select_option(label=place)
        group.get_by_label("Kategori").select_option(label=category)
        group.get_by_label("Iakttagelse").fill(note)
        if proposal:
            group.get_by_label("Förslag").fill(proposal)
    save.click()
    page.wait_for_url(live_server.url + "/arbete/dialoger/")
    expect(page.get_by_text("är sparad med 3 iakttagelser")).to_be_visible()

    dialogue = Dialogue.objects.get()
    assert (dialogue.area.name, dialogue.residents, dialogue.police, dialogue.kind) == (
        "Ryd",
        9,
        1,
        "trygghetsvandring",
    )
    assert [o.note for o in dialogue.observations.order_by("pk")] == [o[2] for o in observations]
    assert_no_axe_violations(page)


def test_form_errors_are_announced_and_linked(page, live_server):
    UserFactory(username="sara", roles=[Role.COORDINATOR])
    PlaceFactory(name="Torget", area=AreaFactory(name="Konga"))
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "sara")
    page.goto(live_server.url + "/arbete/dialoger/ny/")
    group = page.locator("#iakttagelse-1")
    group.get_by_label("Plats").select_option(label="Konga: Torget")
    group.get_by_label("Kategori").select_option(label="Annat")
    group.get_by_label("Iakttagelse").fill("Mannen med personnummer 850709-9805")
    page.get_by_role("button", name="Spara", exact=True).click()
    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    assert "Uppgifter om enskilda personer får inte sparas här" in alert.inner_text()
    assert Dialogue.objects.count() == 0
    assert_no_axe_violations(page)


def test_workspace_pages_have_no_axe_violations(page, live_server):
    UserFactory(username="sara", roles=[Role.COORDINATOR])
    _public_data()
    report = SituationReportFactory(title="Kommunens utkast", status="beredning")
    CauseAnalysisFactory(problem=ProblemFactory(prioritised=True, priority=2, title="Narkotika bland unga"))
    log_in(page, live_server, "sara")
    expect(page.get_by_role("heading", name="Lägesbilden enligt 6 §")).to_be_visible()
    assert_no_axe_violations(page)
    for url, h1 in [
        ("/arbete/lagesbild/", "Lägesbilder"),
        (f"/arbete/lagesbild/{report.pk}/", "Kommunens utkast"),
        (f"/arbete/lagesbild/{report.pk}/andra/", "Ändra lägesbild"),
        (f"/arbete/lagesbild/{report.pk}/status/faststalld/", "Fastställ lägesbilden"),
        ("/arbete/problem/", "Problem och fokusområden"),
        ("/arbete/dialoger/", "Dialoger och trygghetsvandringar"),
    ]:
        page.goto(live_server.url + url)
        assert page.locator("h1").inner_text() == h1
        assert_no_axe_violations(page)
