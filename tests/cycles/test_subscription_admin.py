"""The admin for residents who follow the work: find an address, see what it follows, delete it; the
address leaves the subscription mail too, as with the unsubscribe link. Nothing is added or edited."""

import pytest

from cycles.models import Subscriber, SubscriptionKind
from cycles.services import subscription as services
from tests.lagesbild.factories import AreaFactory
from trygg.models import OutgoingMail

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna():
    services.subscribe(email="anna@example.se", kind=SubscriptionKind.AREA, target=AreaFactory(name="Ryd"))
    services.subscribe(email="bo@example.se", kind=SubscriptionKind.EVERYTHING)
    return Subscriber.objects.get(email="anna@example.se")


def test_the_list_finds_an_address_and_shows_what_it_follows(coordinator_client, anna):
    html = coordinator_client.get("/admin/cycles/subscriber/?q=anna").content.decode()

    assert "anna@example.se" in html
    assert "området Ryd" in html
    assert "bo@example.se" not in html


def test_subscribers_are_neither_added_nor_edited_in_the_admin(coordinator_client, anna):
    assert coordinator_client.get("/admin/cycles/subscriber/add/").status_code == 403
    page = coordinator_client.get(f"/admin/cycles/subscriber/{anna.pk}/change/")
    assert page.status_code == 200
    assert 'name="email"' not in page.content.decode()


def test_deleting_a_subscriber_erases_the_address_from_the_subscription_mail(coordinator_client, anna):
    coordinator_client.post(
        "/admin/cycles/subscriber/",
        {"action": "delete_selected", "_selected_action": [anna.pk], "post": "yes"},
    )

    assert list(Subscriber.objects.values_list("email", flat=True)) == ["bo@example.se"]
    assert [m.to for m in OutgoingMail.objects.all()] == [["bo@example.se"]]
