"""Journeys in headless chromium for the actors app: /samverkan/ and the coordinator's dashboard pass axe."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.actors.factories import (
    ActorFactory,
    ContactFactory,
    DecisionFactory,
    ForumFactory,
    MeetingFactory,
    MembershipFactory,
)
from tests.browser.axe import assert_no_axe_violations
from tests.trygg.factories import UserFactory
from trygg.roles import Role
from trygg.visibility import Visibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "ett-bra-losenord-2026"


def _collaboration_data(user=None):
    municipality = ActorFactory(name="Tingsryds kommun", website="https://www.tingsryd.se/")
    ActorFactory(name="Kommunledningsförvaltningen", part_of=municipality)
    police = ActorFactory(name="Polisen LPO Nybro")
    forum = ForumFactory(name="Styrgruppen för trygghet", visibility=Visibility.PUBLIC)
    ks = ForumFactory(name="Kommunstyrelsen", visibility=Visibility.PUBLIC)
    for i in range(22):
        DecisionFactory(forum=ks, visibility=Visibility.PUBLIC, decided_on=datetime.date(2025, 1, 1 + i))
    contact = ContactFactory(actor=police, name="Sara Samordnare", user=user)
    MembershipFactory(forum=forum, contact=contact)
    meeting = MeetingFactory(forum=forum, starts_at=timezone.now() + datetime.timedelta(days=7))
    DecisionFactory(forum=forum, meeting=MeetingFactory(forum=forum), title="Intern prioritering")
    return meeting


def test_collaboration_page_has_no_axe_violations(page, live_server):
    _collaboration_data()
    page.goto(live_server.url + "/samverkan/")
    assert page.locator("h1").inner_text() == "Samverkan"
    assert page.locator("table caption").count() == 2
    expect(page.get_by_text("Sida 1 av 2 (22 träffar)")).to_be_visible()
    assert page.get_by_text("Sara Samordnare").count() == 0
    assert_no_axe_violations(page)


def test_coordinator_dashboard_with_meetings_and_decisions_has_no_axe_violations(page, live_server):
    user = UserFactory(username="sara", roles=[Role.COORDINATOR])
    meeting = _collaboration_data(user)
    page.goto(live_server.url + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("sara")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(live_server.url + "/arbete/")

    expect(page.get_by_role("heading", name="Kommande möten")).to_be_visible()
    expect(page.get_by_role("heading", name="Senaste besluten")).to_be_visible()
    expect(page.get_by_role("link", name="Samverkan", exact=True)).to_be_visible()
    # Once among the upcoming meetings (the årshjul's panel names it too).
    meetings = page.locator("section", has=page.get_by_role("heading", name="Kommande möten"))
    assert meetings.locator(f'a[href="/arbete/moten/{meeting.pk}/"]').count() == 1
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Samverkan", exact=True).click()
    page.wait_for_url(live_server.url + "/arbete/samverkan/")
    assert page.locator("h1").inner_text() == "Samverkan"
    assert_no_axe_violations(page)


def test_partner_edits_own_contact_with_an_accessible_form(page, live_server):
    user = UserFactory(username="per", roles=[Role.PARTNER_EDITOR])
    police = ActorFactory(name="Polisen LPO Nybro")
    ContactFactory(actor=police, name="Per Polis", user=user)
    colleague = ContactFactory(actor=police, name="Kalle Kollega")
    page.goto(live_server.url + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("per")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(live_server.url + "/arbete/")

    page.goto(live_server.url + "/arbete/min-organisation/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Ändra Kalle Kollega").click()
    page.get_by_label("Telefon").fill("ring mig")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Telefon").fill("0477-123 45")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(live_server.url + "/arbete/min-organisation/")
    colleague.refresh_from_db()
    assert colleague.phone == "0477-123 45"
