"""The årshjul in the workspace (/arbete/arshjul/): who may read and write it, the year and month views
(same number of queries with 1 and 5 entries), creating, editing and deleting rules and items (Swedish
messages, what was typed kept, sent twice saves once, edit conflicts), the default rules, the calendar
address and the dashboard panel."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cycles.models import CalendarFeed, YearWheelItem, YearWheelRule
from tests.actors.factories import ActorFactory
from tests.cycles.factories import YearWheelItemFactory, YearWheelRuleFactory
from tests.personas import ALL_PERSONAS

pytestmark = pytest.mark.django_db

D = datetime.date
TOKEN = "5b3c1d2e-0f4a-4b6c-8d9e-a1b2c3d4e5f6"


def _rule_data(**changes):
    data = {
        "title": "Brå:s statistik publiceras",
        "month": "3",
        "day": "26",
        "description": "",
        "link": "/arbete/statistik/",
        "responsible_actor": "",
        "responsible_forum": "",
        "remind_days_before": "7",
        "active": "on",
    }
    return {**data, **changes}


def _item_data(**changes):
    data = {
        "title": "Trygghetsvandring i Ryd",
        "on": "2027-02-18",
        "description": "",
        "link": "",
        "responsible_actor": "",
        "responsible_forum": "",
        "remind_days_before": "14",
    }
    return {**data, **changes}


READ = {
    "client": 302,
    "coordinator_client": 200,
    "police_partner_client": 200,
    "other_partner_client": 200,
    "board_client": 200,
    "admin_client": 403,
    "no_role_client": 403,
}
WRITE = {**READ, "police_partner_client": 403, "other_partner_client": 403, "board_client": 403}


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
@pytest.mark.parametrize("url", ["/arbete/arshjul/", "/arbete/arshjul/manad/?manad=2027-03"])
def test_year_and_month_view_permission_matrix(persona, request, url):
    name = request.node.callspec.params["persona"]
    assert persona.get(url).status_code == READ[name]


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
@pytest.mark.parametrize(
    "url", ["/arbete/arshjul/aterkommande/ny/", "/arbete/arshjul/enstaka/ny/", "rule-edit", "item-delete"]
)
def test_writing_permission_matrix(persona, request, url):
    name = request.node.callspec.params["persona"]
    url = {
        "rule-edit": f"/arbete/arshjul/aterkommande/{YearWheelRuleFactory().pk}/",
        "item-delete": f"/arbete/arshjul/enstaka/{YearWheelItemFactory().pk}/ta-bort/",
    }.get(url, url)
    assert persona.get(url).status_code == WRITE[name]


def test_the_year_view_shows_twelve_months_with_their_entries_and_marks_this_month(coordinator_client):
    today = timezone.localdate()
    YearWheelRuleFactory(title="Brå:s statistik", month=3, day=26)
    YearWheelItemFactory(title="Vandring i år", on=today)

    response = coordinator_client.get(f"/arbete/arshjul/?ar={today.year}")

    months = response.context["months"]
    assert [m["number"] for m in months] == list(range(1, 13))
    assert [m["number"] for m in months if m["current"]] == [today.month]
    assert "Brå:s statistik" in [r["entry"].title for r in months[2]["rows"]]
    html = response.content.decode()
    assert f"<h1>Årshjul {today.year}</h1>" in html
    assert 'aria-current="date"' in html
    assert f'<time datetime="{today.isoformat()}">{today.isoformat()}</time>' in html


def test_the_year_view_reads_another_year_from_ar(coordinator_client):
    YearWheelItemFactory(title="Vandring 2027", on=D(2027, 2, 18))
    YearWheelItemFactory(title="Vandring 2028", on=D(2028, 2, 18))

    html = coordinator_client.get("/arbete/arshjul/?ar=2027").content.decode()

    assert "Vandring 2027" in html and "Vandring 2028" not in html
    assert 'href="/arbete/arshjul/?ar=2028"' in html and 'href="/arbete/arshjul/?ar=2026"' in html


def test_the_month_view_is_a_table_with_headers_and_links_to_the_months_around(coordinator_client):
    YearWheelItemFactory(title="Vandring i mars", on=D(2027, 3, 4))
    YearWheelItemFactory(title="Vandring i april", on=D(2027, 4, 4))

    response = coordinator_client.get("/arbete/arshjul/manad/?manad=2027-03")

    html = response.content.decode()
    assert "<caption>Händelser i mars 2027</caption>" in html
    assert '<th scope="col">Datum</th>' in html
    assert [r["entry"].title for r in response.context["rows"]] == ["Vandring i mars"]
    assert 'href="/arbete/arshjul/manad/?manad=2027-02"' in html
    assert 'href="/arbete/arshjul/manad/?manad=2027-04"' in html


def test_a_month_it_cannot_read_shows_this_month(coordinator_client):
    today = timezone.localdate()
    response = coordinator_client.get("/arbete/arshjul/manad/?manad=2027-13")
    assert response.status_code == 200 and response.context["is_current"]
    assert response.context["year"] == today.year


def test_partners_do_not_see_other_actors_entries_nor_edit_links(police_partner_client):
    YearWheelItemFactory(title="Bostadsbolagets vandring", on=D(2027, 3, 4), responsible_actor=ActorFactory())
    YearWheelItemFactory(title="Gemensam vandring", on=D(2027, 3, 5))

    partner = police_partner_client.get("/arbete/arshjul/manad/?manad=2027-03").content.decode()

    assert "Gemensam vandring" in partner and "Bostadsbolagets vandring" not in partner
    assert "/arbete/arshjul/enstaka/" not in partner


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url", ["/arbete/arshjul/?ar=2027", "/arbete/arshjul/manad/?manad=2027-03", "/arbete/"]
)
def test_the_pages_query_count_is_the_same_with_1_and_5_entries(coordinator_client, url):
    def add():
        YearWheelRuleFactory(month=3, day=1 + YearWheelRule.objects.count(), responsible_actor=ActorFactory())
        YearWheelItemFactory(on=D(2027, 3, 10), responsible_actor=ActorFactory())

    add()
    coordinator_client.get(url)  # warm the session and the settings row
    with_one = _queries(coordinator_client, url)
    for _n in range(4):
        add()
    assert _queries(coordinator_client, url) == with_one


def test_a_coordinator_adds_a_rule(coordinator_client, coordinator):
    response = coordinator_client.post("/arbete/arshjul/aterkommande/ny/", _rule_data(submission=TOKEN))

    assert response.status_code == 302 and response.url == "/arbete/arshjul/"
    rule = YearWheelRule.objects.get()
    assert (rule.title, rule.month, rule.day, rule.remind_days_before) == (
        "Brå:s statistik publiceras",
        3,
        26,
        7,
    )
    assert rule.history.get().history_user == coordinator


def test_a_rule_sent_twice_is_saved_once(coordinator_client):
    first = coordinator_client.post("/arbete/arshjul/aterkommande/ny/", _rule_data(submission=TOKEN))
    second = coordinator_client.post(
        "/arbete/arshjul/aterkommande/ny/", _rule_data(submission=TOKEN), follow=True
    )

    assert first.status_code == 302
    assert YearWheelRule.objects.count() == 1
    assert "Formuläret hade redan skickats" in second.content.decode()


def test_an_item_sent_twice_is_saved_once(coordinator_client):
    coordinator_client.post("/arbete/arshjul/enstaka/ny/", _item_data(submission=TOKEN))
    coordinator_client.post("/arbete/arshjul/enstaka/ny/", _item_data(submission=TOKEN))

    assert YearWheelItem.objects.count() == 1
    assert YearWheelItem.objects.get().on == D(2027, 2, 18)


def test_errors_are_in_swedish_and_what_was_typed_is_kept(coordinator_client):
    response = coordinator_client.post(
        "/arbete/arshjul/aterkommande/ny/",
        _rule_data(title="", month="2", day="30", link="bra.se", description="Läs in siffrorna"),
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["title"] == ["Skriv vad som ska göras eller hända."]
    assert errors["day"] == ["Februari har inte 30 dagar."]
    assert errors["link"] == ["Skriv en adress som börjar med https:// eller en sida här som börjar med /."]
    html = response.content.decode()
    assert "Läs in siffrorna" in html and 'value="bra.se"' in html
    assert YearWheelRule.objects.count() == 0


def test_a_date_it_cannot_read_is_refused_and_kept(coordinator_client):
    response = coordinator_client.post("/arbete/arshjul/enstaka/ny/", _item_data(on="18/2 2027"))

    assert response.context["form"].errors["on"] == [
        "Datumet går inte att läsa. Skriv det som ÅÅÅÅ-MM-DD, till exempel 2026-12-01."
    ]
    assert 'value="18/2 2027"' in response.content.decode()


def test_a_coordinator_edits_an_item_and_goes_back_to_its_month(coordinator_client):
    item = YearWheelItemFactory(title="Vandring", on=D(2027, 2, 18))

    response = coordinator_client.post(
        f"/arbete/arshjul/enstaka/{item.pk}/", _item_data(title="Kvällsvandring", loaded_version=item.version)
    )

    assert response.status_code == 302 and response.url == "/arbete/arshjul/manad/?manad=2027-02"
    item.refresh_from_db()
    assert item.title == "Kvällsvandring" and item.version == 1


def test_two_people_editing_the_same_rule_get_a_conflict_not_an_overwrite(coordinator_client):
    rule = YearWheelRuleFactory(title="Kolada")
    loaded = rule.version
    rule.title = "Kolada publicerar"
    rule.save()  # a colleague saved first

    response = coordinator_client.post(
        f"/arbete/arshjul/aterkommande/{rule.pk}/", _rule_data(title="Kolada i maj", loaded_version=loaded)
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Någon annan har sparat ändringar här" in html and 'value="Kolada i maj"' in html
    rule.refresh_from_db()
    assert rule.title == "Kolada publicerar"


def test_delete_asks_first_then_deletes_and_a_second_sending_says_it_is_gone(coordinator_client):
    rule = YearWheelRuleFactory(title="Kolada")

    page = coordinator_client.get(f"/arbete/arshjul/aterkommande/{rule.pk}/ta-bort/").content.decode()
    assert "Ja, ta bort" in page and "Varje år den 26 mars" in page and YearWheelRule.objects.count() == 1

    first = coordinator_client.post(
        f"/arbete/arshjul/aterkommande/{rule.pk}/ta-bort/", {"version": rule.version}
    )
    second = coordinator_client.post(
        f"/arbete/arshjul/aterkommande/{rule.pk}/ta-bort/", {"version": rule.version}, follow=True
    )

    assert first.status_code == 302 and YearWheelRule.objects.count() == 0
    assert "Händelsen är redan borttagen." in second.content.decode()


def test_delete_after_someone_changed_it_is_refused(coordinator_client):
    item = YearWheelItemFactory()
    loaded = item.version
    item.title = "Ändrad"
    item.save()

    response = coordinator_client.post(f"/arbete/arshjul/enstaka/{item.pk}/ta-bort/", {"version": loaded})

    assert response.status_code == 200 and YearWheelItem.objects.filter(pk=item.pk).exists()
    assert "Någon annan har sparat ändringar här" in response.content.decode()


def test_a_coordinator_adds_the_default_rules_once_from_the_empty_year_view(coordinator_client):
    html = coordinator_client.get("/arbete/arshjul/").content.decode()
    assert "Lägg in förslagen" in html

    coordinator_client.post("/arbete/arshjul/forslag/")
    count = YearWheelRule.objects.count()
    coordinator_client.post("/arbete/arshjul/forslag/")

    assert count == 5 and YearWheelRule.objects.count() == 5
    assert "Lägg in förslagen" not in coordinator_client.get("/arbete/arshjul/").content.decode()


def test_partners_may_not_add_the_default_rules(police_partner_client):
    assert police_partner_client.post("/arbete/arshjul/forslag/").status_code == 403
    assert YearWheelRule.objects.count() == 0


def test_the_calendar_address_is_made_on_request_and_a_new_one_replaces_it(police_partner_client):
    assert police_partner_client.get("/arbete/arshjul/").context["feed"] is None

    police_partner_client.post("/arbete/arshjul/kalender/")
    first = CalendarFeed.objects.get()
    html = police_partner_client.get("/arbete/arshjul/").content.decode()
    assert f"/kalender/{first.token}.ics" in html and "Skapa ny adress" in html
    confirm = police_partner_client.get("/arbete/arshjul/kalender/").content.decode()
    assert "Den gamla adressen slutar fungera direkt." in confirm

    police_partner_client.post("/arbete/arshjul/kalender/")

    second = CalendarFeed.objects.get()
    assert second.token != first.token and len(second.token) >= 40


def test_the_dashboard_shows_the_next_five_entries_with_a_link_to_the_year(coordinator_client):
    today = timezone.localdate()
    for n in range(6):
        YearWheelItemFactory(title=f"Händelse {n}", on=today + datetime.timedelta(days=n + 1))

    response = coordinator_client.get("/arbete/")

    panels = {panel.key: ctx for panel, ctx in response.context["panels"]}
    assert [e.title for e in panels["yearwheel-upcoming"]["entries"]] == [f"Händelse {n}" for n in range(5)]
    html = response.content.decode()
    assert "Närmast i årshjulet" in html and 'href="/arbete/arshjul/"' in html


def test_the_dashboard_panel_is_not_shown_to_the_administrator(admin_client):
    panels = {panel.key for panel, _ctx in admin_client.get("/arbete/").context["panels"]}
    assert "yearwheel-upcoming" not in panels
