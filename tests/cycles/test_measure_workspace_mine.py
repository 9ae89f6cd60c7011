""" "Mina åtgärder" (/arbete/atgarder/mina/) and the dashboard panel for measures: what is due from the
partner's organisation in date order, contributing partners' parts and lägesrapporter, and a query
count that does not grow with the measures."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from cycles.models import Measure, MeasureStatus, MeasureTextChange, MeasureUpdate, Milestone
from cycles.views.workspace.measure import MyMeasures
from tests.actors.factories import ActorFactory
from tests.cycles.factories import (
    FollowUpPeriodFactory,
    MeasureUpdateFactory,
    link_user_to_actor,
    public_measure,
    running_plan,
)
from tests.personas import ALL_PERSONAS
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
OLD = TODAY - datetime.timedelta(days=120)
URL = "/arbete/atgarder/mina/"


def _days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def _stale(measure):
    Measure.objects.filter(pk=measure.pk).update(last_update_on=OLD)
    return measure


@pytest.fixture
def actors(police_partner, other_partner):
    return {
        "police": link_user_to_actor(police_partner, ActorFactory(name="Polisen LPO Nybro")),
        "housing": link_user_to_actor(other_partner, ActorFactory(name="Bostadsbolaget")),
        "third": ActorFactory(name="Räddningstjänsten"),
    }


# --- Contributing partners report on their part ---------------------------------------------------

UPDATE = {
    "date": TODAY.isoformat(),
    "status": "ongoing",
    "progress": "40",
    "text": "Tre vandringar i oktober.",
}


def test_a_contributing_partner_posts_an_update_that_says_who_wrote_it(actors, other_partner_client):
    measure = public_measure(lead_actor=actors["police"], contributors=[actors["housing"]])

    response = other_partner_client.post(f"/arbete/atgarder/{measure.slug}/rapport/", UPDATE)

    assert response.status_code == 302
    assert response["Location"] == URL
    update = MeasureUpdate.objects.get()
    assert (update.measure, update.author, update.text) == (
        measure,
        other_partner_client.user,
        "Tre vandringar i oktober.",
    )
    assert update.author.actor_contact.actor == actors["housing"]
    assert update.needs_approval and not update.is_approved


@pytest.mark.parametrize(
    "case,expected",
    [("public", 403), ("internal", 404)],
)
def test_a_partner_cannot_post_on_measures_it_does_not_contribute_to(
    actors, other_partner_client, case, expected
):
    visibility = Visibility.PUBLIC if case == "public" else Visibility.INTERNAL
    measure = public_measure(lead_actor=actors["third"], visibility=visibility)

    response = other_partner_client.post(f"/arbete/atgarder/{measure.slug}/rapport/", UPDATE)

    assert response.status_code == expected
    assert not MeasureUpdate.objects.exists()


def test_a_contributing_partner_still_cannot_change_the_text_for_residents(actors, other_partner_client):
    measure = public_measure(lead_actor=actors["police"], contributors=[actors["housing"]])

    response = other_partner_client.post(
        f"/arbete/atgarder/{measure.slug}/text/", {"public_text": "Ny", "loaded_version": measure.version}
    )

    assert response.status_code == 403
    assert not MeasureTextChange.objects.exists()


# --- Mina åtgärder ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
def test_my_measures_permission_matrix(persona, request, actors):
    expected = {
        "client": 302,
        "police_partner_client": 200,
        "other_partner_client": 200,
    }.get(request.node.callspec.params["persona"], 403)

    assert persona.get(URL).status_code == expected


def test_my_measures_lists_the_measure_due_soonest_first(actors, police_partner_client):
    plan = running_plan()
    police = actors["police"]
    nothing = public_measure(plan=plan, lead_actor=police, title="A utan datum")
    ends = public_measure(plan=plan, lead_actor=police, title="B slutar snart", end_date=_days(10))
    milestone = public_measure(plan=plan, lead_actor=police, title="C med delmål", end_date=_days(200))
    Milestone.objects.create(measure=milestone, title="Första delmålet", due_on=_days(4))
    Milestone.objects.create(measure=milestone, title="Andra delmålet", due_on=_days(8))
    done = public_measure(
        plan=plan, lead_actor=police, title="D genomförd", end_date=_days(-50), status=MeasureStatus.DONE
    )
    other_cycle = running_plan()  # the follow-up period covers the measures of its own cycle only
    followed_up = public_measure(plan=other_cycle, lead_actor=police, title="E uppföljning")
    FollowUpPeriodFactory(cycle=other_cycle.cycle, name="Uppföljning 2026", closes_on=_days(7))
    contributed = public_measure(
        plan=plan, lead_actor=actors["third"], contributors=[police], title="F medverkar", end_date=_days(1)
    )

    response = police_partner_client.get(URL)
    html = response.content.decode()

    assert [r["measure"] for r in response.context["rows"]] == [
        contributed,  # its end date, tomorrow
        milestone,  # its next milestone in 4 days
        followed_up,  # the follow-up's last day in 7 days
        ends,
        nothing,
        done,
    ]
    assert response.context["rows"][1]["next_milestone"].title == "Första delmålet"
    assert "Medverkar (Räddningstjänsten ansvarar)" in html
    assert f"Lämnas in senast {_days(7)}" in html


def test_what_is_due_comes_in_date_order_with_links(actors, police_partner_client):
    police = actors["police"]
    plan = running_plan()
    stale = _stale(public_measure(plan=plan, lead_actor=police, title="Gammal åtgärd"))
    late = public_measure(plan=plan, lead_actor=police, title="Sen åtgärd", end_date=_days(-2))
    Milestone.objects.create(measure=late, title="Försenat delmål", due_on=_days(-5))
    Milestone.objects.create(measure=late, title="Långt bort", due_on=_days(90))
    Milestone.objects.create(measure=stale, title="Snart klart", due_on=_days(3))

    response = police_partner_client.get(URL)

    due = [(d["on"], d["what"], d["measure"], d["late"], d["url"]) for d in response.context["due"]]
    assert due == [
        (
            OLD + datetime.timedelta(days=90),
            f"Skriv en lägesrapport (den senaste är från {OLD})",
            stale,
            True,
            f"/arbete/atgarder/{stale.slug}/rapport/",
        ),
        (_days(-5), "Delmål: Försenat delmål", late, True, f"/arbete/atgarder/{late.slug}/delmal/"),
        (_days(-2), "Åtgärden ska vara klar", late, True, f"/arbete/atgarder/{late.slug}/rapport/"),
        (_days(3), "Delmål: Snart klart", stale, False, f"/arbete/atgarder/{stale.slug}/delmal/"),
    ]
    html = response.content.decode()
    assert "försenat" in html
    assert f'href="/arbete/atgarder/{late.slug}/delmal/">Delmål: Försenat delmål' in html


def test_a_contributing_partner_sees_its_own_parts_and_may_report(actors, other_partner_client):
    measure = public_measure(
        lead_actor=actors["police"], contributors=[actors["housing"]], title="Polisen i centrum"
    )
    Milestone.objects.create(
        measure=measure, title="Bostadsbolagets vandring", responsible=actors["housing"], due_on=_days(-1)
    )
    Milestone.objects.create(measure=measure, title="Polisens delmål", due_on=_days(-3))
    Measure.objects.filter(pk=measure.pk).update(end_date=_days(-1), last_update_on=OLD)

    response = other_partner_client.get(URL)

    assert [d["what"] for d in response.context["due"]] == ["Delmål: Bostadsbolagets vandring"]
    (row,) = response.context["rows"]
    assert (row["leads"], row["can_post"]) == (False, True)
    html = response.content.decode()
    assert f'href="/arbete/atgarder/{measure.slug}/rapport/"' in html
    assert f'href="/arbete/atgarder/{measure.slug}/text/"' not in html


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_follow_ups_due_are_the_lead_partners(actors, police_partner, other_partner):
    plan = running_plan()
    measure = public_measure(plan=plan, lead_actor=actors["police"], contributors=[actors["housing"]])
    period = FollowUpPeriodFactory(cycle=plan.cycle, name="Uppföljning 2026", closes_on=_days(20))

    lead = _as(police_partner).get(URL).context
    contributor = _as(other_partner).get(URL).context

    assert [(d["what"], d["url"]) for d in lead["due"]] == [
        ("Lämna in uppföljningen (Uppföljning 2026)", f"/arbete/uppfoljning/{period.pk}/{measure.slug}/")
    ]
    assert lead["rows"][0]["follow_up"] == period
    assert contributor["due"] == [] and contributor["rows"][0]["follow_up"] is None


def test_my_measures_has_an_empty_state(actors, police_partner_client):
    html = police_partner_client.get(URL).content.decode()

    assert "Inget att göra just nu." in html
    assert "Din organisation har inga åtgärder i åtgärdsplanen." in html


def test_my_measures_is_paginated(actors, police_partner_client, monkeypatch):
    monkeypatch.setattr(MyMeasures, "paginate_by", 2)
    plan = running_plan()
    for n in range(3):
        public_measure(plan=plan, lead_actor=actors["police"], title=f"Åtgärd {n}", end_date=_days(n + 1))

    first = police_partner_client.get(URL)
    second = police_partner_client.get(URL + "?page=2")

    assert [r["measure"].title for r in first.context["rows"]] == ["Åtgärd 0", "Åtgärd 1"]
    assert [r["measure"].title for r in second.context["rows"]] == ["Åtgärd 2"]
    assert "Sida 1 av 2" in first.content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_my_measures_query_count_is_constant(actors, police_partner_client, count, django_assert_num_queries):
    plan = running_plan()
    FollowUpPeriodFactory(cycle=plan.cycle, closes_on=_days(10))
    for n in range(count):
        led = _stale(public_measure(plan=plan, lead_actor=actors["police"], end_date=_days(-n - 1)))
        contributed = public_measure(plan=plan, lead_actor=actors["third"], contributors=[actors["police"]])
        Milestone.objects.create(measure=led, title=f"Delmål {n}", due_on=_days(-n))
        Milestone.objects.create(
            measure=contributed, title=f"Del {n}", responsible=actors["police"], due_on=_days(n)
        )
        MeasureUpdateFactory(measure=led, approved_at=None, needs_approval=True)

    police_partner_client.get("/arbete/")  # the municipality's settings are made on the first request

    with django_assert_num_queries(17):
        response = police_partner_client.get(URL)

    assert response.status_code == 200
    assert len(response.context["rows"]) == 2 * count


# --- The dashboard panel --------------------------------------------------------------------------


def test_the_panel_tells_a_partner_about_its_overdue_milestones(actors, police_partner_client):
    measure = public_measure(lead_actor=actors["third"], contributors=[actors["police"]])
    Milestone.objects.create(
        measure=measure, title="Polisens del", responsible=actors["police"], due_on=_days(-1)
    )
    Milestone.objects.create(measure=measure, title="Inte polisens", due_on=_days(-1))

    html = police_partner_client.get("/arbete/").content.decode()

    assert "1 delmål har passerat sitt datum" in html
    assert "1 åtgärd för din organisation" in html


def test_the_panel_tells_coordinators_about_texts_waiting_too(coordinator_client, actors):
    measure = public_measure(lead_actor=actors["police"])
    MeasureUpdateFactory(measure=measure, approved_at=None, needs_approval=True)
    MeasureTextChange.objects.create(measure=measure, text="Ny text.")

    html = coordinator_client.get("/arbete/").content.decode()

    assert "1 lägesrapport att granska</a>, 1 text för invånare" in html
