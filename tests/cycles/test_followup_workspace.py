"""The follow-up workspace under /arbete/uppfoljning/: the overview's filters and query count, the form
(input kept, conflicts, commitments), submit → approve / send back / reopen through the views,
periods, and the dashboard panels with the § 6 watch."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from actors.models import ForumKind
from cycles.models import (
    CommitmentKept,
    FollowUp,
    FollowUpPeriod,
    FollowUpStatus,
)
from cycles.services import followup as followup_services
from tests.actors.factories import ActorFactory
from tests.cycles.factories import (
    FILLED,
    CycleFactory,
    FollowUpFactory,
    FollowUpPeriodFactory,
    FollowUpReportFactory,
    MeasureUpdateFactory,
    decision,
    follow_up_post_data,
    follow_up_url,
    link_user_to_actor,
    public_measure,
    running_plan,
)
from tests.lagesbild.factories import IndicatorFactory
from trygg.concurrency import CONFLICT_MESSAGE
from trygg.models import MunicipalitySettings

pytestmark = pytest.mark.django_db


def _as(user) -> Client:
    """A second signed-in client in one test (the persona fixtures share pytest-django's `client`)."""
    signed_in = Client()
    signed_in.force_login(user)
    signed_in.user = user
    return signed_in


def _period_with(count: int) -> FollowUpPeriod:
    MunicipalitySettings.load()  # created on first use; the count is for a running site
    plan = running_plan()
    period = FollowUpPeriodFactory(cycle=plan.cycle)
    for i in range(count):
        measure = public_measure(plan=plan, lead_actor=ActorFactory())
        if i % 2:
            FollowUpFactory(period=period, measure=measure, assessment="red")
    return period


def test_overview_lists_the_periods_measures_with_status_and_assessment(coordinator_client, followup_world):
    FollowUpFactory(
        period=followup_world["period"], measure=followup_world["own"], status=FollowUpStatus.SUBMITTED
    )
    FollowUpFactory(period=followup_world["period"], measure=followup_world["other"], assessment="yellow")
    public_measure(title="Åtgärd i en annan period")

    response = coordinator_client.get("/arbete/uppfoljning/")
    html = response.content.decode()

    rows = {r["measure"].title: r for r in response.context["rows"]}
    assert sorted(rows) == ["Brandskydd i skolan", "Intern kartläggning", "Polisen i centrum"]
    assert [str(rows[t]["status_label"]) for t in sorted(rows)] == ["Utkast", "Saknas", "Inlämnad"]
    assert str(rows["Polisen i centrum"]["action"]) == "Granska"
    assert str(rows["Intern kartläggning"]["action"]) == "Skriv uppföljning"
    assert "Gult: delvis enligt plan" in html and "bg-warning" in html  # colour never alone
    assert "Uppföljning 2025" in html
    assert "30 dagar kvar" in html
    assert (timezone.localdate() + datetime.timedelta(days=30)).isoformat() in html
    assert "<caption" in html and 'scope="col"' in html


def test_overview_filters_by_status_actor_and_title(coordinator_client, followup_world):
    FollowUpFactory(
        period=followup_world["period"], measure=followup_world["own"], status=FollowUpStatus.SUBMITTED
    )

    def titles(query):
        response = coordinator_client.get("/arbete/uppfoljning/?" + query)
        return [r["measure"].title for r in response.context["rows"]]

    assert titles("status=saknas") == ["Brandskydd i skolan", "Intern kartläggning"]
    assert titles("status=submitted") == ["Polisen i centrum"]
    assert titles(f"aktor={followup_world['third'].pk}") == ["Brandskydd i skolan", "Intern kartläggning"]
    assert titles("q=kartl") == ["Intern kartläggning"]
    response = coordinator_client.get("/arbete/uppfoljning/?q=finns+inte")
    assert "Inga åtgärder matchar filtren." in response.content.decode()


def test_overview_chooses_the_newest_open_period_and_lets_you_pick_another(
    coordinator_client, followup_world
):
    cycle = followup_world["period"].cycle
    closed = FollowUpPeriodFactory(
        cycle=cycle,
        name="Uppföljning 2024",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        closes_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    response = coordinator_client.get("/arbete/uppfoljning/")
    assert response.context["period"] == followup_world["period"]
    assert [p.name for p in response.context["periods"]] == ["Uppföljning 2025", "Uppföljning 2024"]
    response = coordinator_client.get(f"/arbete/uppfoljning/?period={closed.pk}")
    assert response.context["period"] == closed
    assert "Tiden för att lämna in har gått ut." in response.content.decode()
    assert coordinator_client.get("/arbete/uppfoljning/?period=999999").status_code == 404


def test_overview_without_periods_says_so(coordinator_client, board_reader):
    html = coordinator_client.get("/arbete/uppfoljning/").content.decode()
    assert "Det finns ingen uppföljningsperiod än." in html
    assert "/arbete/uppfoljning/perioder/ny/" in html
    board_html = _as(board_reader).get("/arbete/uppfoljning/").content.decode()
    assert "Det finns ingen uppföljningsperiod än." in board_html
    assert "/arbete/uppfoljning/perioder/ny/" not in board_html


def test_overview_of_a_period_without_measures_says_so(coordinator_client):
    FollowUpPeriodFactory(cycle=CycleFactory(is_current=False))
    html = coordinator_client.get("/arbete/uppfoljning/").content.decode()
    assert "Inga åtgärder ingår i perioden." in html


def test_board_readers_read_but_do_not_write(board_client, followup_world):
    rows = board_client.get("/arbete/uppfoljning/").context["rows"]
    assert {str(r["action"]) for r in rows} == {"Läs uppföljningen"}


def test_my_follow_ups_lists_led_and_contributed_measures(
    police_partner_client, other_partner, followup_world
):
    police = police_partner_client.get("/arbete/uppfoljning/mina/")
    assert [(r["measure"].title, str(r["action"]), r["leads"]) for r in police.context["rows"]] == [
        ("Polisen i centrum", "Skriv uppföljning", True)
    ]
    housing = _as(other_partner).get("/arbete/uppfoljning/mina/")
    html = housing.content.decode()
    assert [(r["measure"].title, str(r["action"])) for r in housing.context["rows"]] == [
        ("Intern kartläggning", "Läs uppföljningen"),
        ("Polisen i centrum", "Läs uppföljningen"),
    ]
    assert "Medverkar" in html and "Brandskydd i skolan" not in html


def test_my_follow_ups_empty_state(police_partner_client, police_partner):
    link_user_to_actor(police_partner)
    FollowUpPeriodFactory()
    html = police_partner_client.get("/arbete/uppfoljning/mina/").content.decode()
    assert "Din organisation har inga åtgärder som följs upp i den här perioden." in html


@pytest.mark.parametrize("count", [1, 5])
def test_overview_query_count_is_constant(coordinator_client, django_assert_num_queries, count):
    _period_with(count)
    with django_assert_num_queries(12):
        response = coordinator_client.get("/arbete/uppfoljning/")
    assert len(response.context["rows"]) == count


@pytest.mark.parametrize("count", [1, 5])
def test_my_follow_ups_query_count_is_constant(
    police_partner_client, police_partner, django_assert_num_queries, count
):
    police = link_user_to_actor(police_partner)
    period = _period_with(0)
    plan = period.cycle.action_plans.get()
    for _i in range(count):
        public_measure(plan=plan, lead_actor=police)
    with django_assert_num_queries(12):
        response = police_partner_client.get("/arbete/uppfoljning/mina/")
    assert len(response.context["rows"]) == count


def test_overview_is_paginated(coordinator_client):
    _period_with(27)
    first = coordinator_client.get("/arbete/uppfoljning/")
    second = coordinator_client.get("/arbete/uppfoljning/?page=2")
    assert (len(first.context["rows"]), len(second.context["rows"])) == (25, 2)
    assert "Sida 1 av 2" in first.content.decode()


def test_edit_page_shows_the_measure_indicators_and_approved_updates(police_partner_client, followup_world):
    measure = followup_world["own"]
    measure.goal = "Färre skadegörelser i centrum."
    measure.save()
    link = measure.indicator_links.create(
        indicator=IndicatorFactory(name="Anmälda skadegörelsebrott", public=False), baseline=120, target=90
    )
    MeasureUpdateFactory(measure=measure, text="Godkänd rapport om kvällspass.")
    MeasureUpdateFactory(measure=measure, text="Väntande rapport.", approved_at=None, needs_approval=True)

    html = police_partner_client.get(follow_up_url(followup_world["period"], measure)).content.decode()

    assert "Färre skadegörelser i centrum." in html
    assert link.indicator.name in html and "120" in html and "90" in html  # internal indicators too
    assert "Godkänd rapport om kvällspass." in html
    assert "Väntande rapport." not in html
    assert "Har Bostadsbolaget gjort det den åtog sig?" in html
    assert "Har Polisen LPO Nybro gjort det den åtog sig?" in html


def test_partner_saves_a_draft_with_commitments(police_partner_client, followup_world):
    url = follow_up_url(followup_world["period"], followup_world["own"])
    rows = [
        (followup_world["housing"], CommitmentKept.PARTLY, "Kom till hälften av passen."),
        (followup_world["police"], "yes", ""),
    ]
    response = police_partner_client.post(url, follow_up_post_data(rows=rows, action="spara", assessment=""))
    assert response.status_code == 302 and response["Location"] == url

    follow_up = FollowUp.objects.get()
    assert (follow_up.status, follow_up.done_text) == (FollowUpStatus.DRAFT, FILLED["done_text"])
    kept = {c.actor.name: (c.kept, c.comment) for c in follow_up.commitments.all()}
    assert kept == {
        "Bostadsbolaget": ("partly", "Kom till hälften av passen."),
        "Polisen LPO Nybro": ("yes", ""),
    }
    assert follow_up.history.first().history_user == police_partner_client.user
    assert "Utkastet är sparat." in police_partner_client.get(url).content.decode()


def test_form_keeps_input_and_says_what_is_wrong(police_partner_client, followup_world):
    url = follow_up_url(followup_world["period"], followup_world["own"])
    response = police_partner_client.post(
        url, follow_up_post_data(action="spara", visibility="public", public_summary="", assessment_reason="")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Skriv en sammanfattning för invånare innan uppföljningen görs offentlig." in html
    assert "Motivera bedömningen." in html
    assert FILLED["done_text"] in html
    assert 'value="green" id="id_assessment_0" checked' in html
    assert 'aria-describedby="id_public_summary_helptext id_public_summary_error1"' in html
    assert not FollowUp.objects.exists()


def test_submit_with_something_missing_keeps_the_draft_and_input(police_partner_client, followup_world):
    url = follow_up_url(followup_world["period"], followup_world["own"])
    response = police_partner_client.post(url, follow_up_post_data(action="lamna-in", effect_text=""))
    html = response.content.decode()

    follow_up = FollowUp.objects.get()
    assert follow_up.status == FollowUpStatus.DRAFT
    assert follow_up.done_text == FILLED["done_text"]  # the draft is saved
    assert "Utkastet är sparat men inte inlämnat. Fyll i effekt på problemet" in html
    assert "Fyll i det här innan uppföljningen lämnas in." in html
    assert 'href="#id_effect_text"' in html
    assert response.context["form"]["loaded_version"].value() == str(follow_up.version)

    # Fixing it and handing it in again works without a conflict.
    again = police_partner_client.post(url, follow_up_post_data(follow_up, action="lamna-in"))
    assert again.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.SUBMITTED
    assert follow_up.submitted_by == police_partner_client.user


def test_concurrent_edit_gets_the_conflict_message(police_partner_client, coordinator, followup_world):
    follow_up = followup_services.start_follow_up(
        period=followup_world["period"], measure=followup_world["own"], by=coordinator
    )
    loaded = FollowUp.objects.get(pk=follow_up.pk)
    follow_up.done_text = "Samordnarens ändring."
    follow_up.save()

    response = police_partner_client.post(
        follow_up_url(followup_world["period"], followup_world["own"]),
        follow_up_post_data(loaded, action="spara", done_text="Min text."),
    )
    html = response.content.decode()
    assert str(CONFLICT_MESSAGE)[:40] in html
    assert "Min text." in html
    follow_up.refresh_from_db()
    assert follow_up.done_text == "Samordnarens ändring."


def test_two_people_starting_the_same_follow_up_get_a_conflict(
    police_partner_client, coordinator, followup_world
):
    url = follow_up_url(followup_world["period"], followup_world["own"])
    assert (
        _as(coordinator).post(url, follow_up_post_data(action="spara", done_text="Först.")).status_code == 302
    )
    response = police_partner_client.post(url, follow_up_post_data(action="spara", done_text="Sen."))
    assert str(CONFLICT_MESSAGE)[:40] in response.content.decode()
    assert FollowUp.objects.get().done_text == "Först."


def test_submitted_follow_up_is_read_only_for_the_partner(police_partner_client, followup_world):
    follow_up = FollowUpFactory(
        period=followup_world["period"], measure=followup_world["own"], status=FollowUpStatus.SUBMITTED
    )
    url = follow_up_url(followup_world["period"], followup_world["own"])
    response = police_partner_client.get(url)
    assert response.context["can_write"] is False
    assert follow_up.done_text in response.content.decode()
    assert police_partner_client.post(url, follow_up_post_data(follow_up, action="spara")).status_code == 403


def test_submit_approve_flow_through_the_views(police_partner_client, coordinator, followup_world):
    url = follow_up_url(followup_world["period"], followup_world["own"])
    police_partner_client.post(url, follow_up_post_data(action="lamna-in"))
    follow_up = FollowUp.objects.get()
    assert follow_up.status == FollowUpStatus.SUBMITTED

    client = _as(coordinator)
    page = client.get(url).content.decode()
    assert f'href="{url}godkann/"' in page and f'href="{url}skicka-tillbaka/"' in page
    confirm = client.get(url + "godkann/").content.decode()
    assert "Ja, godkänn" in confirm
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.SUBMITTED  # nothing changes on GET

    response = client.post(url + "godkann/", {"version": follow_up.version})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.approved_by) == (FollowUpStatus.APPROVED, coordinator)
    assert f'href="{url}oppna-igen/"' in client.get(url).content.decode()


def test_send_back_with_a_reason_that_the_partner_sees(police_partner_client, coordinator, followup_world):
    follow_up = FollowUpFactory(
        period=followup_world["period"], measure=followup_world["own"], status=FollowUpStatus.SUBMITTED
    )
    url = follow_up_url(followup_world["period"], followup_world["own"])
    coordinator_client = _as(coordinator)
    confirm = coordinator_client.get(url + "skicka-tillbaka/").content.decode()
    assert "Motivering (frivillig)" in confirm
    coordinator_client.post(
        url + "skicka-tillbaka/", {"version": follow_up.version, "reason": "Beskriv effekten med siffror."}
    )
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.DRAFT

    response = police_partner_client.get(url)
    html = response.content.decode()
    assert response.context["can_write"] is True
    assert "Uppföljningen har skickats tillbaka" in html
    assert "Beskriv effekten med siffror." in html
    assert "inlämnad" not in html.split("Uppföljningens status:")[1].split("</p>")[0]


def test_sending_back_tells_the_partner_by_e_mail(
    police_partner, coordinator, followup_world, mailoutbox, django_capture_on_commit_callbacks
):
    follow_up = FollowUpFactory(
        period=followup_world["period"],
        measure=followup_world["own"],
        status=FollowUpStatus.SUBMITTED,
        submitted_by=police_partner,
    )
    url = follow_up_url(followup_world["period"], followup_world["own"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _as(coordinator).post(
            url + "skicka-tillbaka/",
            {"version": follow_up.version, "reason": "Beskriv effekten med siffror."},
            follow=True,
        )
    assert f"Ett e-postmeddelande om det går till {police_partner.email}" in response.content.decode()
    (message,) = mailoutbox
    assert message.to == [police_partner.email]
    assert followup_world["own"].title in message.subject and "kompletteras" in message.subject
    assert "Beskriv effekten med siffror." in message.body
    assert url in message.body


def test_reopen_an_approved_follow_up(coordinator_client, followup_world):
    follow_up = FollowUpFactory(
        period=followup_world["period"], measure=followup_world["own"], status=FollowUpStatus.APPROVED
    )
    url = follow_up_url(followup_world["period"], followup_world["own"])
    assert "Ja, öppna igen" in coordinator_client.get(url + "oppna-igen/").content.decode()
    coordinator_client.post(url + "oppna-igen/", {"version": follow_up.version, "reason": "Fel siffra."})
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.approved_at) == (FollowUpStatus.DRAFT, None)
    html = coordinator_client.get(url).content.decode()
    assert "En samordnare öppnade uppföljningen igen" in html and "Fel siffra." in html


def test_a_move_on_a_stale_page_gets_the_conflict_message(coordinator_client, followup_world):
    follow_up = FollowUpFactory(
        period=followup_world["period"], measure=followup_world["own"], status=FollowUpStatus.SUBMITTED
    )
    url = follow_up_url(followup_world["period"], followup_world["own"])
    stale = follow_up.version
    follow_up.lessons = "Ändrat av någon annan."
    follow_up.save()
    response = coordinator_client.post(url + "godkann/", {"version": stale}, follow=True)
    assert str(CONFLICT_MESSAGE)[:40] in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.SUBMITTED


def test_a_move_that_no_longer_fits_the_status_goes_back_to_the_follow_up(coordinator_client, followup_world):
    FollowUpFactory(
        period=followup_world["period"], measure=followup_world["own"], status=FollowUpStatus.DRAFT
    )
    url = follow_up_url(followup_world["period"], followup_world["own"])
    response = coordinator_client.get(url + "godkann/", follow=True)
    assert response.redirect_chain[-1][0] == url
    assert "Uppföljningen är ”Utkast”, så det går inte just nu." in response.content.decode()


def test_new_period_defaults_to_the_current_cycle_and_checks_dates(coordinator_client):
    current = CycleFactory(is_current=True)
    form = coordinator_client.get("/arbete/uppfoljning/perioder/ny/").context["form"]
    assert form["cycle"].value() == current.pk

    data = {
        "cycle": current.pk,
        "name": "Uppföljning 2026",
        "starts_on": "2026-01-01",
        "ends_on": "2025-12-31",
        "closes_on": "2025-06-30",
        "remind_days_before": "14",
    }
    response = coordinator_client.post("/arbete/uppfoljning/perioder/ny/", data)
    html = response.content.decode()
    assert "Perioden måste sluta efter att den börjar." in html
    assert 'value="Uppföljning 2026"' in html
    data.update(ends_on="2026-12-31")
    html = coordinator_client.post("/arbete/uppfoljning/perioder/ny/", data).content.decode()
    assert "Sista dag för uppföljningar ska vara efter att perioden slutar (2026-12-31)" in html
    assert 'href="#id_closes_on"' in html
    assert not FollowUpPeriod.objects.exists()

    data.update(ends_on="2026-12-31", closes_on="2027-01-31")
    response = coordinator_client.post("/arbete/uppfoljning/perioder/ny/", data)
    period = FollowUpPeriod.objects.get()
    assert response["Location"] == f"/arbete/uppfoljning/?period={period.pk}"
    assert (period.cycle, period.closes_on) == (current, datetime.date(2027, 1, 31))


def test_period_edit_conflict(coordinator_client, followup_world):
    period = followup_world["period"]
    stale = period.version
    period.name = "Ändrad av någon annan"
    period.save()
    response = coordinator_client.post(
        f"/arbete/uppfoljning/perioder/{period.pk}/andra/",
        {"cycle": period.cycle_id, "name": "Min ändring", "starts_on": "2025-01-01", "ends_on": "2025-12-31",
         "closes_on": period.closes_on.isoformat(), "remind_days_before": "14", "loaded_version": stale},
    )  # fmt: skip
    assert str(CONFLICT_MESSAGE)[:40] in response.content.decode()
    period.refresh_from_db()
    assert period.name == "Ändrad av någon annan"


def test_dashboard_panel_for_coordinators(coordinator_client, followup_world):
    FollowUpFactory(
        period=followup_world["period"], measure=followup_world["own"], status=FollowUpStatus.SUBMITTED
    )
    FollowUpFactory(
        period=followup_world["period"], measure=followup_world["other"], status=FollowUpStatus.DRAFT
    )
    html = coordinator_client.get("/arbete/").content.decode()
    assert "2 åtgärder saknar inlämnad uppföljning" in html
    assert "1 uppföljning väntar på godkännande" in html
    assert f"/arbete/uppfoljning/?period={followup_world['period'].pk}&amp;status=submitted" in html
    assert 'href="/arbete/uppfoljning/">Uppföljning</a>' in html  # the menu


def test_dashboard_panel_without_an_open_period(coordinator_client):
    html = coordinator_client.get("/arbete/").content.decode()
    assert "Ingen uppföljningsperiod är öppen just nu." in html


def test_dashboard_panel_for_partners_lists_their_measures_lacking_a_follow_up(
    police_partner_client, other_partner, followup_world
):
    html = police_partner_client.get("/arbete/").content.decode()
    assert "Polisen i centrum" in html
    assert follow_up_url(followup_world["period"], followup_world["own"]) in html
    assert 'href="/arbete/uppfoljning/mina/">Mina uppföljningar</a>' in html
    # Bodil's actor only contributes: nothing for her to write.
    assert "saknar en inlämnad uppföljning" not in _as(other_partner).get("/arbete/").content.decode()


def test_dashboard_panel_for_partners_is_gone_when_handed_in(police_partner_client, followup_world):
    FollowUpFactory(
        period=followup_world["period"], measure=followup_world["own"], status=FollowUpStatus.SUBMITTED
    )
    assert "saknar en inlämnad uppföljning" not in police_partner_client.get("/arbete/").content.decode()


def test_section_6_watch_warns_without_a_report_at_ks(coordinator, board_reader):
    for persona in (_as(coordinator), _as(board_reader)):
        html = persona.get("/arbete/").content.decode()
        assert "Åtgärdsplanen ska följas upp minst vartannat år (6 §)." in html
        assert "Ingen uppföljningsrapport har ännu behandlats av kommunstyrelsen." in html


def test_section_6_watch_names_the_latest_ks_decision(coordinator_client):
    old = decision(ForumKind.KS)
    old.decided_on = timezone.localdate() - datetime.timedelta(days=800)
    old.save()
    FollowUpReportFactory(board_decision=old, title="Uppföljning 2022")
    html = coordinator_client.get("/arbete/").content.decode()
    assert "Åtgärdsplanen ska följas upp minst vartannat år (6 §)." in html
    assert f"Kommunstyrelsen behandlade senast en uppföljning {old.decided_on.isoformat()}" in html

    recent = decision(ForumKind.KS)
    FollowUpReportFactory(board_decision=recent, title="Uppföljning 2025")
    html = coordinator_client.get("/arbete/").content.decode()
    assert "Åtgärdsplanen ska följas upp minst vartannat år (6 §)." not in html
    assert f"Kommunstyrelsen behandlade ”Uppföljning 2025” {recent.decided_on.isoformat()}" in html


def test_section_6_watch_is_not_for_partners(police_partner_client, followup_world):
    assert "vartannat år" not in police_partner_client.get("/arbete/").content.decode()
