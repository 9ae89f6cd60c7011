"""Following the work by e-mail from the public pages, without an account or a cookie: the "Följ" form
on an area's, a place's and a measure's page, the confirmation mail and its link, one-click unsubscribe
(the link, and the mail program's POST of RFC 8058), "Följ igen", the errors, the throttle, and /folj/
with every feed it lists."""

import re

import pytest
from django.test import Client

from cycles.models import Subscriber, Subscription, SubscriptionKind
from cycles.tasks import send_subscription_digests
from tests.cycles.factories import MeasureUpdateFactory, public_measure
from tests.lagesbild.factories import AreaFactory, PlaceFactory
from trygg import pagecache
from trygg.models import OutgoingMail
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

SITE = "https://trygg.tingsryd.se"
EMAIL = "anna@example.se"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.TRYGG_SITE_URL = SITE


@pytest.fixture
def ryd():
    area = AreaFactory(name="Ryd", slug="ryd")
    park = PlaceFactory(name="Rydsparken", slug="rydsparken", area=area)
    measure = public_measure(title="Belysning i Rydsparken", slug="belysning-ryd")
    measure.areas.add(area)
    measure.places.add(park)
    return {"area": area, "place": park, "measure": measure}


def no_cookie(response) -> None:
    assert dict(response.cookies) == {}
    assert not response.has_header("Set-Cookie")


def subscribe(client, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/folj/ny/", data)


def link_in(message, path: str) -> str:
    return re.search(rf"{SITE}(/folj/{path}/[\w-]+/)", message.body).group(1)


@pytest.mark.parametrize(
    ("page", "field", "value"),
    [
        ("/omraden/ryd/", "area", "ryd"),
        ("/platser/rydsparken/", "place", "rydsparken"),
        ("/atgarder/belysning-ryd/", "measure", "belysning-ryd"),
        ("/folj/", None, None),
    ],
)
def test_the_pages_with_the_form_set_no_cookie_and_carry_the_target(client, ryd, page, field, value):
    pagecache.bump()
    response = client.get(page)

    assert response.status_code == 200
    no_cookie(response)
    html = response.content.decode()
    form = re.search(r'<form method="post" action="/folj/ny/".*?</form>', html, re.S).group(0)
    assert "csrfmiddlewaretoken" not in form
    hidden = re.findall(r'<input type="hidden" name="(\w+)" value="([\w-]*)">', form)
    assert hidden == ([(field, value)] if field else [])
    assert '<label class="form-label" for="folj-email">Din e-postadress</label>' in form
    assert ">Följ</button>" in form


def test_a_resident_subscribes_to_an_area_confirms_and_is_told_what_is_followed(
    client, ryd, mailoutbox, django_capture_on_commit_callbacks
):
    csrf_checking = Client(enforce_csrf_checks=True)

    response = subscribe(csrf_checking, django_capture_on_commit_callbacks, email=EMAIL, area="ryd")

    assert (response.status_code, response["Location"]) == (302, "/folj/skickat/")
    no_cookie(response)
    (message,) = mailoutbox
    assert message.to == [EMAIL]
    assert message.subject == "Trygg i Tingsryds kommun: bekräfta att du vill följa området Ryd"
    token = Subscriber.objects.get().token
    assert message.extra_headers == {
        "List-Unsubscribe": f"<{SITE}/folj/avsluta/{token}/>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    # On the wire as one plain line: a long URL folded into RFC 2047 encoded words is no URL.
    assert f"\nList-Unsubscribe: <{SITE}/folj/avsluta/{token}/>\n".encode() in message.message().as_bytes()
    assert Subscription.objects.get().confirmed_at is None
    stored = OutgoingMail.objects.get()
    assert (stored.body, stored.headers) == ("", {})  # the links with keys are erased once sent

    sent = client.get("/folj/skickat/")
    assert "Kolla din e-post" in sent.content.decode()
    no_cookie(sent)

    confirmed = client.get(link_in(message, "bekrafta"))

    assert confirmed.status_code == 200
    no_cookie(confirmed)
    assert "Tack! Nu följer du området Ryd." in confirmed.content.decode()
    assert Subscription.objects.get().confirmed_at is not None
    assert "no-store" in confirmed["Cache-Control"]


def test_the_answer_is_the_same_whether_the_address_is_known_or_not(
    client, ryd, mailoutbox, django_capture_on_commit_callbacks
):
    first = subscribe(client, django_capture_on_commit_callbacks, email=EMAIL, area="ryd")
    Subscription.objects.update(confirmed_at="2026-01-01T00:00:00Z")
    second = subscribe(client, django_capture_on_commit_callbacks, email=EMAIL, area="ryd")

    assert (first.status_code, first["Location"]) == (second.status_code, second["Location"])
    assert [m.subject for m in mailoutbox] == [
        "Trygg i Tingsryds kommun: bekräfta att du vill följa området Ryd",
        "Trygg i Tingsryds kommun: du följer redan området Ryd",
    ]


def test_unsubscribing_with_the_link_removes_the_address_and_offers_to_follow_again(
    client, ryd, mailoutbox, django_capture_on_commit_callbacks
):
    subscribe(client, django_capture_on_commit_callbacks, email=EMAIL, area="ryd")
    client.get(link_in(mailoutbox[0], "bekrafta"))

    response = client.get(link_in(mailoutbox[0], "avsluta"))

    html = response.content.decode()
    assert response.status_code == 200
    no_cookie(response)
    assert "<h1>Din adress är borttagen</h1>" in html
    assert Subscriber.objects.count() == 0
    restore = re.search(r'name="token" value="([^"]+)"', html).group(1)

    again = Client(enforce_csrf_checks=True).post("/folj/igen/", {"token": restore})

    assert again.status_code == 200
    no_cookie(again)
    assert "<h1>Du följer arbetet igen</h1>" in again.content.decode()
    subscription = Subscription.objects.get()
    assert (subscription.subscriber.email, subscription.area, subscription.kind) == (
        EMAIL,
        ryd["area"],
        SubscriptionKind.AREA,
    )
    assert subscription.confirmed_at is not None
    assert len(mailoutbox) == 1  # no new confirmation


def test_the_mail_programs_one_click_post_unsubscribes_without_a_csrf_token(
    client, ryd, mailoutbox, django_capture_on_commit_callbacks
):
    subscribe(client, django_capture_on_commit_callbacks, email=EMAIL, measure="belysning-ryd")

    response = Client(enforce_csrf_checks=True).post(
        link_in(mailoutbox[0], "avsluta"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert Subscriber.objects.count() == 0


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/folj/avsluta/okand-nyckel/", "<h1>Adressen finns inte hos oss</h1>"),
        ("/folj/bekrafta/okand-nyckel/", "<h1>Länken fungerar inte längre</h1>"),
    ],
)
def test_an_unknown_or_used_link_gives_a_friendly_page(client, path, text):
    response = client.get(path)

    assert response.status_code == 200
    assert text in response.content.decode()


def test_following_again_with_a_bad_token_says_so(client):
    response = client.post("/folj/igen/", {"token": "forfalskad"})

    assert response.status_code == 200
    assert "<h1>Det gick inte att följa igen</h1>" in response.content.decode()
    assert Subscriber.objects.count() == 0


def test_a_bad_address_gets_a_clear_error_that_keeps_what_was_typed(client, ryd, mailoutbox):
    response = client.post("/folj/ny/", {"email": "anna@exempel", "area": "ryd"})

    html = response.content.decode()
    assert response.status_code == 200
    no_cookie(response)
    assert 'value="anna@exempel"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="folj-email_helptext folj-email_error1"' in html
    assert '<div id="folj-email_error1" class="invalid-feedback d-block">' in html
    assert "Skriv e-postadressen så här: namn@exempel.se" in html
    assert '<input type="hidden" name="area" value="ryd">' in html
    assert "Du vill få e-post när något händer med Ryd." in html
    assert mailoutbox == []
    assert Subscriber.objects.count() == 0


def test_a_target_that_is_not_public_is_refused(client, mailoutbox):
    public_measure(slug="intern", visibility=Visibility.INTERNAL)

    response = client.post("/folj/ny/", {"email": EMAIL, "measure": "intern"})

    assert response.status_code == 200
    assert "Det du vill följa finns inte längre på webbplatsen." in response.content.decode()
    assert Subscriber.objects.count() == 0


def test_too_many_requests_get_429_with_a_swedish_message(
    client, ryd, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.TRYGG_SUBSCRIBE_PER_EMAIL = 2

    answers = [
        subscribe(client, django_capture_on_commit_callbacks, email=EMAIL, area="ryd").status_code
        for _ in range(3)
    ]

    assert answers == [302, 302, 429]
    response = client.post("/folj/ny/", {"email": EMAIL.upper(), "area": "ryd"})
    assert response.status_code == 429
    assert "Vänta en stund och försök igen." in response.content.decode()
    assert len(mailoutbox) == 2


def test_the_client_address_is_throttled_too(client, ryd, settings, django_capture_on_commit_callbacks):
    settings.TRYGG_SUBSCRIBE_PER_ADDRESS = 1

    answers = [
        subscribe(client, django_capture_on_commit_callbacks, email=f"person{n}@example.se").status_code
        for n in range(2)
    ]

    assert answers == [302, 429]


def test_a_robot_filling_in_the_honeypot_is_told_nothing_and_nothing_is_sent(client, ryd, mailoutbox):
    response = client.post("/folj/ny/", {"email": EMAIL, "website": "http://spam.example"})

    assert (response.status_code, response["Location"]) == (302, "/folj/skickat/")
    assert mailoutbox == []
    assert Subscriber.objects.count() == 0


def test_the_follow_page_lists_feeds_that_work(client, ryd):
    AreaFactory(name="Tomt område", slug="tomt")  # no measures: no feed listed

    pagecache.bump()
    response = client.get("/folj/")

    html = response.content.decode()
    feeds = re.findall(r'href="(/[^"]*/flode/)"', html)
    assert feeds == ["/atgarder/flode/", "/atgarder/omrade/ryd/flode/", "/atgarder/belysning-ryd/flode/"]
    for feed in feeds:
        answer = client.get(feed)
        assert (feed, answer.status_code, answer["Content-Type"].split(";")[0]) == (
            feed,
            200,
            "application/atom+xml",
        )
    assert 'href="/personuppgifter/"' in html


def test_the_footer_links_the_follow_page(client):
    pagecache.bump()
    assert 'href="/folj/"' in client.get("/").content.decode()


def test_the_personal_data_page_explains_the_subscriptions(client):
    html = client.get("/personuppgifter/").content.decode()

    assert "När du följer arbetet med e-post" in html
    assert "Om du inte bekräftar med länken i det första e-brevet tar vi bort adressen efter 7 dagar." in html


def test_a_resident_of_ryd_finds_the_work_there_follows_it_and_gets_one_mail_when_something_happens(
    client, ryd, mailoutbox, django_capture_on_commit_callbacks
):
    """A resident follows what is done where they live: two clicks from the home page to Ryd, the form
    there, the confirmation, then one digest after an approved lägesrapport on a measure in Ryd, and no
    second one the same day."""
    ryd["area"].measures.add(public_measure(title="Trygghetsvandring i Ryd", slug="vandring-ryd"))
    home = client.get("/").content.decode()
    assert 'href="/omraden/ryd/"' in home  # click 1 (from "Där du bor", or Områden then Ryd: click 2)
    area_page = client.get("/omraden/ryd/").content.decode()
    assert "Belysning i Rydsparken" in area_page
    assert 'action="/folj/ny/"' in area_page

    subscribe(client, django_capture_on_commit_callbacks, email=EMAIL, area="ryd")
    client.get(link_in(mailoutbox[0], "bekrafta"))
    MeasureUpdateFactory(measure=ryd["measure"], text="Nu lyser lamporna längs gångvägen.")
    with django_capture_on_commit_callbacks(execute=True):
        send_subscription_digests.call()
        send_subscription_digests.call()

    _confirmation, digest = mailoutbox
    assert digest.to == [EMAIL]
    assert "Belysning i Rydsparken" in digest.body
    assert "Trygghetsvandring i Ryd" not in digest.body  # nothing happened to it
    assert f"{SITE}/folj/avsluta/" in digest.body


@pytest.mark.parametrize("count", [1, 5])
def test_the_follow_page_query_count_is_constant(client, count, django_assert_num_queries):
    for n in range(count):
        public_measure(title=f"Åtgärd {n}").areas.add(AreaFactory(name=f"Område {n}"))
    pagecache.bump()
    with django_assert_num_queries(9):
        assert client.get("/folj/").status_code == 200
