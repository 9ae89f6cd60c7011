"""The workspace for measures: the coordinators' overview and CSV export, Mina åtgärder, the approval
queue, the public-text form with its conflict check, and the dashboard panels."""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.utils import timezone

from cycles.models import (
    Measure,
    MeasureStatus,
    MeasureUpdate,
)
from tests.actors.factories import ActorFactory
from tests.cycles.factories import (
    MeasureFactory,
    MeasureUpdateFactory,
    link_user_to_actor,
    public_measure,
    running_plan,
)
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db


OLD = timezone.localdate() - datetime.timedelta(days=120)


def _stale(measure):
    Measure.objects.filter(pk=measure.pk).update(last_update_on=OLD)
    return measure


def test_text_form_reports_a_conflict_and_keeps_the_text(coordinator_client):
    measure = public_measure()
    url = f"/arbete/atgarder/{measure.slug}/text/"
    coordinator_client.post(url, {"public_text": "Min version", "loaded_version": measure.version})
    response = coordinator_client.post(url, {"public_text": "Din version", "loaded_version": measure.version})
    assert response.status_code == 200
    assert "Någon annan har sparat ändringar" in response.content.decode()
    assert "Din version" in response.content.decode()
    assert Measure.objects.get(pk=measure.pk).public_text == "Min version"


def test_overview_counts_stale_and_without_cause(coordinator_client):
    plan = running_plan()
    _stale(public_measure(plan=plan, title="Gammal åtgärd"))
    MeasureFactory(plan=plan, title="Åtgärd utan orsak", status=MeasureStatus.DONE)
    public_measure(plan=plan, title="Färsk åtgärd", status=MeasureStatus.ONGOING)

    response = coordinator_client.get("/arbete/atgarder/")
    html = response.content.decode()

    assert dict((str(label), n) for label, n in response.context["status_counts"])["Pågår"] == 2
    assert [m.title for m in response.context["stale"]] == ["Gammal åtgärd"]
    assert [m.title for m in response.context["without_cause"]] == ["Åtgärd utan orsak"]
    assert "inaktuell" in html
    assert "<caption>" in html


def test_overview_filters_and_csv_export_the_same_rows(coordinator_client):
    plan = running_plan()
    _stale(public_measure(plan=plan, title="Gammal åtgärd", internal_notes="hemligt"))
    public_measure(plan=plan, title="Färsk åtgärd")

    filtered = coordinator_client.get("/arbete/atgarder/?inaktuell=on")
    assert [m.title for m in filtered.context["measures"]] == ["Gammal åtgärd"]
    assert "export.csv?inaktuell=on" in filtered.content.decode()

    response = coordinator_client.get("/arbete/atgarder/export.csv?inaktuell=on")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Åtgärd"
    assert [r[0] for r in rows[1:]] == ["Gammal åtgärd"]
    assert rows[1][9] == "ja"
    assert "hemligt" not in response.content.decode("utf-8-sig")


def test_csv_export_writes_formula_like_titles_as_text(coordinator_client):
    public_measure(title='=HYPERLINK("https://example.org")')

    response = coordinator_client.get("/arbete/atgarder/export.csv")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][0] == '\'=HYPERLINK("https://example.org")'


def test_csv_has_only_what_the_user_may_see(board_client):
    public_measure(title="Synlig för styrelsen", visibility=Visibility.INTERNAL)
    rows = board_client.get("/arbete/atgarder/export.csv").content.decode("utf-8-sig")
    assert "Synlig för styrelsen" in rows  # board readers read everything


def test_my_measures_lists_own_and_contributed_with_what_is_due(police_partner_client, police_partner):
    police = link_user_to_actor(police_partner, ActorFactory(name="Polisen"))
    plan = running_plan()
    _stale(public_measure(plan=plan, lead_actor=police, title="Polisens åtgärd"))
    public_measure(plan=plan, title="Kommunens åtgärd med polisen", contributors=[police])
    public_measure(plan=plan, title="Någon annans åtgärd")

    response = police_partner_client.get("/arbete/atgarder/mina/")
    html = response.content.decode()

    assert [r["measure"].title for r in response.context["due"]] == ["Polisens åtgärd"]
    assert "Kommunens åtgärd med polisen" in html
    assert "Någon annans åtgärd" not in html
    assert "Medverkar" in html and "Ansvarig" in html


def test_approval_queue_and_approve_flow(coordinator_client):
    measure = public_measure()
    update = MeasureUpdateFactory(
        measure=measure, status=MeasureStatus.DONE, progress=100, approved_at=None, needs_approval=True
    )
    queue = coordinator_client.get("/arbete/atgarder/granska/").content.decode()
    assert update.text in queue
    response = coordinator_client.post(
        f"/arbete/atgarder/rapporter/{update.pk}/godkann/", {"decision": "approved"}
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.status, measure.progress) == (MeasureStatus.DONE, 100)
    assert update.text in coordinator_client.get(measure.get_absolute_url()).content.decode()


def test_post_update_form_shows_clear_errors(coordinator_client):
    measure = public_measure(status=MeasureStatus.DONE)
    response = coordinator_client.post(
        f"/arbete/atgarder/{measure.slug}/rapport/",
        {"date": "2025-10-01", "status": "ongoing", "progress": "140", "text": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ange ett tal mellan 0 och 100." in html
    assert "Skriv vad som har hänt." in html
    response = coordinator_client.post(
        f"/arbete/atgarder/{measure.slug}/rapport/",
        {"date": "2025-10-01", "status": "ongoing", "progress": "40", "text": "Igen"},
    )
    assert "från ”Genomförd” till ”Pågår”" in response.content.decode()
    assert not MeasureUpdate.objects.exists()


def test_dashboard_panel_for_coordinators(coordinator_client):
    MeasureUpdateFactory(measure=public_measure(), approved_at=None, needs_approval=True)
    html = coordinator_client.get("/arbete/").content.decode()
    assert "1 lägesrapport att granska" in html


def test_dashboard_panel_for_partners(police_partner_client, police_partner):
    _stale(public_measure(lead_actor=link_user_to_actor(police_partner)))
    html = police_partner_client.get("/arbete/").content.decode()
    assert "1 åtgärd för din organisation" in html
    assert "1 behöver en lägesrapport" in html
    assert "att granska" not in html


def test_the_queue_lets_a_coordinator_send_back_with_a_reason_the_partner_then_sees(
    coordinator, police_partner, police_partner_client
):
    coordinator_client = _signed_in_as(coordinator)
    actor = link_user_to_actor(police_partner)
    measure = public_measure(lead_actor=actor, title="Polisen i centrum")
    update = MeasureUpdateFactory(
        measure=measure, author=police_partner, approved_at=None, needs_approval=True
    )
    url = f"/arbete/atgarder/rapporter/{update.pk}/godkann/"

    without = coordinator_client.post(url, {"decision": "returned", "text": update.text, "reason": ""})
    assert "Skriv varför, så att den som skrev vet vad som behöver ändras." in without.content.decode()
    response = coordinator_client.post(
        url, {"decision": "returned", "text": update.text, "reason": "Lägg till datum."}
    )
    assert response["Location"] == "/arbete/atgarder/granska/"

    mine = police_partner_client.get("/arbete/atgarder/mina/").content.decode()
    assert "Lägesrapporten om ”Polisen i centrum”" in mine and "Lägg till datum." in mine
    assert update.text not in police_partner_client.get(measure.get_absolute_url()).content.decode()


def test_a_partners_new_text_waits_in_the_queue_and_is_not_public_until_approved(
    coordinator, police_partner, police_partner_client
):
    coordinator_client = _signed_in_as(coordinator)
    actor = link_user_to_actor(police_partner)
    measure = public_measure(lead_actor=actor, public_text="Gammal text.")

    police_partner_client.post(
        f"/arbete/atgarder/{measure.slug}/text/",
        {"public_text": "Hemlig ny text.", "loaded_version": measure.version},
    )

    assert "Hemlig ny text." not in coordinator_client.get(measure.get_absolute_url()).content.decode()
    queue = coordinator_client.get("/arbete/atgarder/granska/").content.decode()
    change = measure.text_changes.get()
    assert f"/arbete/atgarder/texter/{change.pk}/granska/" in queue
    page = coordinator_client.get(f"/arbete/atgarder/texter/{change.pk}/granska/").content.decode()
    assert "Gammal text." in page and "Hemlig ny text." in page
    coordinator_client.post(
        f"/arbete/atgarder/texter/{change.pk}/granska/",
        {"decision": "approved", "text": "Ny text.", "reason": ""},
    )
    assert "Ny text." in coordinator_client.get(measure.get_absolute_url()).content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_the_review_queue_query_count_is_constant(coordinator_client, django_assert_num_queries, count):
    for _ in range(count):
        MeasureUpdateFactory(approved_at=None, needs_approval=True)
        public_measure().text_changes.create(text="Förslag")
    with django_assert_num_queries(16):
        response = coordinator_client.get("/arbete/atgarder/granska/")
    assert (len(response.context["updates"]), len(response.context["texts"])) == (count, count)


def _signed_in_as(user) -> Client:
    """A second signed-in client in one test (the persona fixtures share pytest-django's `client`)."""
    other = Client()
    other.force_login(user)
    return other
