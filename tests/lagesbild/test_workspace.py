"""The workspace: recording a trygghetsvandring with its observations, editing and moving a lägesbild,
and the § 6 watch on the dashboard."""

import datetime

import pytest
from django.utils import timezone

from lagesbild.models import Dialogue, Observation, ReportKind, ReportStatus
from tests.actors.factories import ActorFactory, DecisionFactory
from tests.lagesbild.factories import (
    AreaFactory,
    DialogueFactory,
    ObservationFactory,
    PlaceFactory,
    SituationReportFactory,
)
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db


def _dialogue_data(area, observations, **overrides):
    data = {
        "dialog-kind": "trygghetsvandring",
        "dialog-held_on": "2025-10-14",
        "dialog-area": area.pk,
        "dialog-organiser": "",
        "dialog-residents": "12",
        "dialog-staff": "3",
        "dialog-police": "2",
        "dialog-politicians": "1",
        "dialog-other": "0",
        "dialog-summary": "Vi gick från torget till parken.",
        "dialog-visibility": "internal",
        "obs-TOTAL_FORMS": "5",
        "obs-INITIAL_FORMS": "0",
        "obs-MIN_NUM_FORMS": "0",
        "obs-MAX_NUM_FORMS": "40",
    }
    for i, (place, category, note, proposal) in enumerate(observations):
        data |= {
            f"obs-{i}-place": place.pk,
            f"obs-{i}-category": category,
            f"obs-{i}-note": note,
            f"obs-{i}-proposal": proposal,
        }
    return data | overrides


def test_new_dialogue_form_starts_as_a_trygghetsvandring_today(coordinator_client):
    response = coordinator_client.get("/arbete/dialoger/ny/")
    form = response.context["form"]
    assert (form["kind"].value(), form["held_on"].value()) == ("trygghetsvandring", timezone.localdate())
    assert len(response.context["formset"].forms) == 5
    html = response.content.decode()
    assert 'for="id_obs-0-note"' in html and 'for="id_dialog-residents"' in html
    assert "skriv aldrig deras namn" in html


def test_coordinator_records_a_trygghetsvandring_with_three_observations(coordinator_client):
    area = AreaFactory(name="Tingsryd")
    torget, park = PlaceFactory(area=area, name="Torget"), PlaceFactory(area=area, name="Parken")
    response = coordinator_client.post(
        "/arbete/dialoger/ny/",
        _dialogue_data(
            area,
            [
                (torget, "belysning", "Mörkt vid busskuren.", "Fler lampor."),
                (torget, "nedskrapning", "Skräp vid bänkarna.", ""),
                (park, "vegetation", "Buskar skymmer gångvägen.", "Röj buskarna."),
            ],
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == "/arbete/dialoger/"
    dialogue = Dialogue.objects.get()
    assert (dialogue.kind, dialogue.area, dialogue.participant_total) == ("trygghetsvandring", area, 18)
    assert [(o.place.name, o.category, o.note) for o in dialogue.observations.order_by("pk")] == [
        ("Torget", "belysning", "Mörkt vid busskuren."),
        ("Torget", "nedskrapning", "Skräp vid bänkarna."),
        ("Parken", "vegetation", "Buskar skymmer gångvägen."),
    ]


def test_save_and_add_more_goes_to_the_dialogue_with_new_empty_rows(coordinator_client):
    area = AreaFactory()
    place = PlaceFactory(area=area)
    response = coordinator_client.post(
        "/arbete/dialoger/ny/",
        _dialogue_data(area, [(place, "trafik", "Höga hastigheter.", "")], fler="1"),
    )
    dialogue = Dialogue.objects.get()
    assert response["Location"] == f"/arbete/dialoger/{dialogue.pk}/"
    page = coordinator_client.get(response["Location"])
    assert len(page.context["formset"].forms) == 6  # the saved one and five empty rows


def test_personnummer_in_an_observation_saves_nothing_and_explains(coordinator_client):
    area = AreaFactory()
    place = PlaceFactory(area=area)
    response = coordinator_client.post(
        "/arbete/dialoger/ny/",
        _dialogue_data(
            area,
            [(place, "annat", "Bra belysning.", ""), (place, "annat", "Ägaren 850709-9805 bor här.", "")],
        ),
    )
    assert response.status_code == 200
    assert (Dialogue.objects.count(), Observation.objects.count()) == (0, 0)
    html = response.content.decode()
    assert "Iakttagelse 2, Iakttagelse" in html
    assert "Uppgifter om enskilda personer får inte sparas här" in html
    assert 'aria-invalid="true"' in html


def test_missing_area_is_reported_and_keeps_the_observations(coordinator_client):
    area = AreaFactory()
    place = PlaceFactory(area=area)
    data = _dialogue_data(area, [(place, "annat", "Något vi såg.", "")], **{"dialog-area": ""})
    response = coordinator_client.post("/arbete/dialoger/ny/", data)
    assert response.status_code == 200
    assert Dialogue.objects.count() == 0
    assert "Något vi såg." in response.content.decode()


def test_edit_dialogue_deletes_an_observation(coordinator_client):
    dialogue = DialogueFactory()
    keep, drop = ObservationFactory(dialogue=dialogue), ObservationFactory(dialogue=dialogue)
    data = _dialogue_data(dialogue.area, [], **{"dialog-held_on": dialogue.held_on.isoformat()})
    data |= {"obs-TOTAL_FORMS": "7", "obs-INITIAL_FORMS": "2"}
    for i, obs in enumerate([keep, drop]):
        data |= {
            f"obs-{i}-id": obs.pk,
            f"obs-{i}-place": obs.place_id,
            f"obs-{i}-category": obs.category,
            f"obs-{i}-note": obs.note,
        }
    data["obs-1-DELETE"] = "on"
    response = coordinator_client.post(f"/arbete/dialoger/{dialogue.pk}/", data)
    assert response.status_code == 302
    assert list(dialogue.observations.all()) == [keep]


def test_report_edit_refuses_a_stale_version_and_keeps_the_typed_text(coordinator_client):
    report = SituationReportFactory(title="Original")
    loaded = report.version
    report.title = "Sparad av en kollega"
    report.save()
    response = coordinator_client.post(
        f"/arbete/lagesbild/{report.pk}/andra/",
        {
            "title": "Min ändring",
            "period_start": "2023-01-01",
            "period_end": "2024-12-31",
            "loaded_version": loaded,
        },
    )
    assert response.status_code == 200
    assert "Någon annan har sparat ändringar" in response.content.decode()
    assert "Min ändring" in response.content.decode()
    report.refresh_from_db()
    assert report.title == "Sparad av en kollega"


def test_adopted_report_is_not_editable_in_the_workspace(coordinator_client):
    report = SituationReportFactory(adopted=True)
    assert coordinator_client.get(f"/arbete/lagesbild/{report.pk}/andra/").status_code == 403


def test_coordinator_adopts_a_report_after_confirming(coordinator_client):
    report = SituationReportFactory(status=ReportStatus.REVIEW, decision=DecisionFactory(paragraph="KS § 7"))
    confirm = coordinator_client.get(f"/arbete/lagesbild/{report.pk}/status/faststalld/")
    assert confirm.status_code == 200
    report.refresh_from_db()
    assert report.status == ReportStatus.REVIEW  # nothing changes on GET
    response = coordinator_client.post(f"/arbete/lagesbild/{report.pk}/status/faststalld/", follow=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.ADOPTED
    assert "Lägesbilden har nu status ”Fastställd”." in response.content.decode()


def test_refused_move_shows_the_reason(coordinator_client):
    report = SituationReportFactory(status=ReportStatus.REVIEW)
    response = coordinator_client.post(f"/arbete/lagesbild/{report.pk}/status/faststalld/", follow=True)
    assert "Ange beslutet som fastställer lägesbilden" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.REVIEW


def test_unknown_status_answers_404(coordinator_client):
    report = SituationReportFactory()
    assert coordinator_client.get(f"/arbete/lagesbild/{report.pk}/status/ersatt/").status_code == 404


def test_report_detail_offers_only_the_allowed_moves(coordinator_client):
    report = SituationReportFactory(status=ReportStatus.REVIEW)
    response = coordinator_client.get(f"/arbete/lagesbild/{report.pk}/")
    assert [label for label, _url in response.context["moves"]] == [
        "Fastställ lägesbilden",
        "Skicka tillbaka till utkast",
    ]


# --- § 6 watch on the dashboard ------------------------------------------------------------------


def test_dashboard_warns_when_no_statutory_report_is_adopted(coordinator_client):
    html = coordinator_client.get("/arbete/").content.decode()
    assert "Det finns ingen fastställd lägesbild enligt 4 §." in html


def test_dashboard_warns_when_the_statutory_report_is_too_old(coordinator_client):
    decided = timezone.localdate() - datetime.timedelta(days=800)
    SituationReportFactory(
        kind=ReportKind.STATUTORY,
        title="Lägesbild 2023",
        status=ReportStatus.ADOPTED,
        decision=DecisionFactory(decided_on=decided),
    )
    html = coordinator_client.get("/arbete/").content.decode()
    assert "Lägesbilden skulle ha uppdaterats senast" in html
    assert "Lägesbild 2023" in html


def test_dashboard_warns_ahead_of_time(board_client):
    decided = timezone.localdate() - datetime.timedelta(days=700)
    SituationReportFactory(
        kind=ReportKind.STATUTORY, status=ReportStatus.ADOPTED, decision=DecisionFactory(decided_on=decided)
    )
    html = board_client.get("/arbete/").content.decode()
    assert "Lägesbilden behöver uppdateras inom" in html


def test_dashboard_is_calm_for_a_fresh_report(coordinator_client):
    SituationReportFactory(
        kind=ReportKind.STATUTORY,
        title="Färsk lägesbild",
        status=ReportStatus.ADOPTED,
        decision=DecisionFactory(decided_on=timezone.localdate() - datetime.timedelta(days=30)),
    )
    html = coordinator_client.get("/arbete/").content.decode()
    assert "Nästa uppdatering senast" in html
    assert "alert-warning" not in html.split("panel-report-watch")[1].split("</section>")[0]


def test_watch_panel_is_not_shown_to_partners(police_partner_client):
    assert "Lägesbilden enligt 6 §" not in police_partner_client.get("/arbete/").content.decode()


def test_dialogue_list_shows_counts(coordinator_client):
    dialogue = DialogueFactory(
        residents=7, staff=1, visibility=Visibility.PUBLIC, area=AreaFactory(name="Konga")
    )
    ObservationFactory.create_batch(2, dialogue=dialogue)
    response = coordinator_client.get("/arbete/dialoger/")
    assert list(response.context["dialogues"]) == [dialogue]
    assert "Konga" in response.content.decode()


def test_partner_records_a_dialogue_for_their_actor_later_editable(police_partner_client, police_partner):
    from tests.actors.factories import ContactFactory

    police = ActorFactory(name="Polisen LPO Nybro")
    ContactFactory(actor=police, user=police_partner)
    area = AreaFactory()
    data = _dialogue_data(area, [], **{"dialog-organiser": police.pk})
    assert police_partner_client.post("/arbete/dialoger/ny/", data).status_code == 302
    dialogue = Dialogue.objects.get()
    assert police_partner_client.get(f"/arbete/dialoger/{dialogue.pk}/").status_code == 200


def test_move_page_for_a_refused_move_explains_and_offers_no_button(coordinator_client):
    report = SituationReportFactory()
    response = coordinator_client.get(f"/arbete/lagesbild/{report.pk}/status/faststalld/")
    html = response.content.decode()
    assert (
        response.context["refusal"]
        == "Ett utkast kan inte fastställas direkt. Skicka det först till beredning."
    )
    assert 'type="submit" class="btn btn-primary"' not in html


def test_partner_can_only_name_their_own_actor_as_organiser(police_partner_client, police_partner):
    from tests.actors.factories import ContactFactory

    police = ActorFactory(name="Polisen LPO Nybro")
    other = ActorFactory(name="Tingsryds kommun")
    ContactFactory(actor=police, user=police_partner)
    form = police_partner_client.get("/arbete/dialoger/ny/").context["form"]
    assert list(form.fields["organiser"].queryset) == [police]
    area = AreaFactory()
    response = police_partner_client.post(
        "/arbete/dialoger/ny/", _dialogue_data(area, [], **{"dialog-organiser": other.pk})
    )
    assert response.status_code == 200
    assert Dialogue.objects.count() == 0


def test_problem_list_shows_cause_analyses_and_hides_confidential_from_board(board_client):
    from tests.lagesbild.factories import CauseAnalysisFactory, ProblemFactory

    focus = ProblemFactory(prioritised=True, priority=1, title="Torget kvällstid")
    CauseAnalysisFactory(problem=focus, offender_motivation="Unga utan sysselsättning.")
    ProblemFactory(prioritised=True, priority=2, title="Saknar analys")
    ProblemFactory(visibility=Visibility.CONFIDENTIAL, title="Sekretessbelagt problem")
    response = board_client.get("/arbete/problem/")
    html = response.content.decode()
    assert [p.title for p in response.context["problems"]] == ["Torget kvällstid", "Saknar analys"]
    assert "Unga utan sysselsättning." in html
    assert "Orsaksanalys saknas för det här fokusområdet." in html
    assert "Sekretessbelagt problem" not in html


@pytest.mark.parametrize("count", [1, 5])
def test_problem_list_query_count_is_constant(coordinator_client, count, django_assert_num_queries):
    from tests.lagesbild.factories import CauseAnalysisFactory

    for _ in range(count):
        CauseAnalysisFactory().problem.places.add(PlaceFactory())
    coordinator_client.get("/arbete/problem/")  # warm the session and the settings cache
    with django_assert_num_queries(12):
        response = coordinator_client.get("/arbete/problem/")
    assert len(response.context["problems"]) == count


def test_report_detail_lists_only_problems_the_reader_may_see(board_client):
    from tests.lagesbild.factories import ProblemFactory

    report = SituationReportFactory()
    ProblemFactory(title="Internt problem").reports.add(report)
    ProblemFactory(title="Hemligt problem", visibility=Visibility.CONFIDENTIAL).reports.add(report)
    response = board_client.get(f"/arbete/lagesbild/{report.pk}/")
    assert [p.title for p in response.context["problems"]] == ["Internt problem"]
