"""The coordinator's workspace in chromium: the coordinator creates a measure and a milestone
in /arbete/, the partner reports on it, the milestone goes overdue, and the morning digest names it
once; the public page shows the milestone on its timeline."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from cycles.models import Measure, Milestone
from tests.actors.factories import ActorFactory
from tests.browser.axe import assert_no_axe_violations
from tests.browser.session import log_in
from tests.cycles.factories import link_user_to_actor, running_plan, step
from tests.lagesbild.factories import CauseAnalysisFactory
from tests.trygg.factories import UserFactory
from trygg.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Vuxna på stan fredagskvällar"
MILESTONE = "Tio vuxenvandrare utbildade"


def test_a_measure_from_its_creation_to_the_reminder_about_its_overdue_milestone(
    page, live_server, mailoutbox
):
    for n in range(1, 6):
        step(n)
    plan = running_plan()
    CauseAnalysisFactory()
    police = ActorFactory(name="Polisen LPO Nybro")
    partner = UserFactory(username="per", email="per@polisen.example", roles=[Role.PARTNER_EDITOR])
    link_user_to_actor(partner, police)
    UserFactory(username="sara", roles=[Role.COORDINATOR])
    today = timezone.localdate()

    # The coordinator writes the measure in the workspace, not the admin.
    log_in(page, live_server, "sara")
    page.goto(live_server.url + "/arbete/atgarder/")
    page.get_by_role("link", name="Ny åtgärd").first.click()
    assert_no_axe_violations(page)
    page.get_by_label("Åtgärdsplan").select_option(str(plan.pk))
    page.get_by_label("Rubrik").fill(TITLE)
    page.locator("#id_problems_0").check()  # lägesbild → problem → orsak
    page.locator("#id_cause_analyses_0").check()
    page.get_by_label("Social").check()
    page.get_by_label("Universell").check()
    page.get_by_label("Ansvarig aktör").select_option(label="Polisen LPO Nybro")
    page.get_by_label("Start").fill("1/12/2026")
    page.get_by_label("Offentlig").check()
    page.get_by_role("button", name="Skapa åtgärden").click()
    expect(page.get_by_text("2026-12-01").first).to_be_visible()  # says which format it wants
    expect(page.get_by_label("Rubrik")).to_have_value(TITLE)  # and keeps what was typed
    page.get_by_label("Start").fill(today.isoformat())
    page.get_by_role("button", name="Skapa åtgärden").click()
    measure = Measure.objects.get(title=TITLE)
    page.wait_for_url(f"{live_server.url}/arbete/atgarder/{measure.slug}/")
    assert_no_axe_violations(page)

    # A milestone, due in a week, for residents to see.
    page.get_by_role("link", name="Lägg till delmål").click()
    page.get_by_label("Delmål eller aktivitet").fill(MILESTONE)
    page.get_by_label("Klart senast").fill((today + datetime.timedelta(days=7)).isoformat())
    page.get_by_label("Alla: visas på den publika sidan").check()
    page.get_by_role("button", name="Lägg till delmålet").click()
    expect(page.get_by_text(MILESTONE).first).to_be_visible()
    assert_no_axe_violations(page)

    # The partner reports on the measure from "Mina åtgärder".
    log_in(page, live_server, "per")
    page.goto(live_server.url + "/arbete/atgarder/mina/")
    expect(page.get_by_text(TITLE).first).to_be_visible()
    assert_no_axe_violations(page)
    page.goto(f"{live_server.url}/arbete/atgarder/{measure.slug}/rapport/")
    page.get_by_label("Hur långt har åtgärden kommit? (procent, 0–100)").fill("20")
    page.get_by_label("Vad har hänt?").fill("Sex vuxenvandrare har gått utbildningen.")
    page.get_by_role("button", name="Spara lägesrapporten").click()
    page.wait_for_url(live_server.url + "/arbete/atgarder/mina/")

    # Two weeks later the milestone is overdue: the morning digest names it, once.
    Milestone.objects.filter(title=MILESTONE).update(due_on=today - datetime.timedelta(days=7))
    call_command("send_reminders", stdout=io.StringIO())
    call_command("send_reminders", stdout=io.StringIO())
    to_partner = [m for m in mailoutbox if m.to == ["per@polisen.example"]]
    assert len(to_partner) == 1
    assert to_partner[0].body.count(MILESTONE) == 1
    assert f"/arbete/atgarder/{measure.slug}/delmal/" in to_partner[0].body

    # Residents see it on the measure's timeline, overdue in words.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/atgarder/{measure.slug}/")
    timeline = page.locator("ol", has_text=MILESTONE)
    expect(timeline).to_contain_text("Försenat")
    assert_no_axe_violations(page)
