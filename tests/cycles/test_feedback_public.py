"""'Har du synpunkter på åtgärden?': residents send feedback from a measure's page without an account.
No cookies, a honeypot, a throttle per client address, size limits, and nothing but the moderator's
published text (and a public answer) ever on a public page, search, feed, map or overview."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from cycles.models import FeedbackStatus, MeasureFeedback
from tests.cycles.factories import MeasureFactory, MeasureFeedbackFactory, public_measure
from tests.lagesbild.factories import AreaFactory
from trygg import pagecache
from trygg.models import OutgoingMail
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure():
    return public_measure(slug="belysning", title="Bättre belysning i parken")


def url(measure, rest="") -> str:
    return f"/atgarder/{measure.slug}/synpunkter/{rest}"


def data(**overrides) -> dict:
    return {"text": "Bra, men lamporna vid lekplatsen är släckta.", "email": "", "webbplats": "", **overrides}


# --- The form ----------------------------------------------------------------------------------------


def test_measure_page_has_the_form_without_cookie_or_csrf_token(client, measure):
    response = client.get(measure.get_absolute_url())

    html = response.content.decode()
    assert dict(response.cookies) == {}
    assert "csrfmiddlewaretoken" not in html
    assert "Har du synpunkter på åtgärden?" in html
    assert 'action="/atgarder/belysning/synpunkter/"' in html
    assert 'for="synpunkt-text"' in html and 'for="synpunkt-email"' in html
    assert 'maxlength="2000"' in html


def test_resident_sends_feedback_without_cookies_or_csrf_token(measure):
    client = Client(enforce_csrf_checks=True)

    response = client.post(url(measure), data(email="anna@example.org"))

    assert response.status_code == 302
    assert response["Location"] == url(measure, "tack/")
    assert dict(response.cookies) == {}
    feedback = MeasureFeedback.objects.get()
    assert (feedback.measure, feedback.status, feedback.email, feedback.public_text) == (
        measure,
        FeedbackStatus.NEW,
        "anna@example.org",
        "",
    )
    thanks = client.get(url(measure, "tack/"))
    assert dict(thanks.cookies) == {}
    assert "Vad händer nu?" in thanks.content.decode()


def test_a_new_submission_does_not_empty_the_page_cache(client, measure):
    pagecache.bump()
    before = cache.get(pagecache.GENERATION_KEY)

    assert client.post(url(measure), data()).status_code == 302

    assert MeasureFeedback.objects.count() == 1
    assert cache.get(pagecache.GENERATION_KEY) == before


def test_the_form_page_shows_the_form_on_its_own(client, measure):
    response = client.get(url(measure))

    html = response.content.decode()
    assert dict(response.cookies) == {} and "csrfmiddlewaretoken" not in html
    assert "<h1>Har du synpunkter på åtgärden?</h1>" in html
    assert "Bättre belysning i parken" in html


def test_feedback_refuses_a_personnummer_and_keeps_the_text(client, measure):
    response = client.post(
        url(measure), data(text="Han heter 19850312-1234 och bråkar.", email="a@example.org")
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["text"]
    html = response.content.decode()
    assert "Han heter 19850312-1234 och bråkar." in html and 'value="a@example.org"' in html
    assert 'aria-describedby="synpunkt-text_helptext synpunkt-text_error1"' in html
    assert MeasureFeedback.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value"), [("text", "x" * 2001), ("text", ""), ("email", "inte-en-adress")]
)
def test_feedback_limits_and_required_text(client, measure, field, value):
    response = client.post(url(measure), data(**{field: value}))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert MeasureFeedback.objects.count() == 0


@pytest.mark.parametrize("visibility", ["internal measure", "missing"])
def test_feedback_on_a_measure_that_is_not_public_is_refused(client, visibility):
    slug = "finns-inte"
    if visibility == "internal measure":
        slug = MeasureFactory(visibility=Visibility.INTERNAL).slug

    assert client.get(f"/atgarder/{slug}/synpunkter/").status_code == 404
    assert client.post(f"/atgarder/{slug}/synpunkter/", data()).status_code == 404
    assert client.get(f"/atgarder/{slug}/synpunkter/tack/").status_code == 404
    assert MeasureFeedback.objects.count() == 0


# --- Abuse protection --------------------------------------------------------------------------------


def test_filled_honeypot_looks_like_success_but_saves_nothing(client, measure):
    response = client.post(url(measure), data(webbplats="http://spam.example"))

    assert response.status_code == 302 and response["Location"] == url(measure, "tack/")
    assert MeasureFeedback.objects.count() == 0


def test_honeypot_is_hidden_from_people_and_screen_readers(client, measure):
    html = client.get(measure.get_absolute_url()).content.decode()

    hidden = re.search(r'<div class="d-none" aria-hidden="true">(.*?)</div>\s*<button', html, re.S)
    assert hidden is not None
    assert 'name="webbplats"' in hidden.group(1) and 'tabindex="-1"' in hidden.group(1)


def test_feedback_is_throttled_per_client_address_with_a_swedish_message(client, measure, settings):
    settings.TRYGG_MEASURE_FEEDBACK_PER_ADDRESS = 2
    for n in range(2):
        assert client.post(url(measure), data(text=f"Synpunkt {n}.")).status_code == 302

    response = client.post(url(measure), data(text="Den tredje synpunkten."))

    assert response.status_code == 429
    html = response.content.decode()
    assert "många synpunkter från din uppkoppling" in html
    assert "Den tredje synpunkten." in html  # what the resident wrote is kept
    assert MeasureFeedback.objects.count() == 2
    assert client.post(url(measure), data(text="Annan."), REMOTE_ADDR="10.0.0.9").status_code == 302


def test_the_same_feedback_sent_twice_is_saved_once(client, measure):
    for _ in range(2):
        assert client.post(url(measure), data()).status_code == 302

    assert MeasureFeedback.objects.count() == 1


def test_staff_get_one_mail_without_the_residents_address_or_text(client, measure):
    client.post(url(measure), data(text="HEMLIG synpunkt", email="anna@example.org"))

    mails = list(OutgoingMail.objects.all())
    assert len(mails) <= 1
    for mail in mails:
        assert "anna@example.org" not in mail.body + " ".join(mail.to) and "HEMLIG" not in mail.body


# --- Published feedback on the measure page ----------------------------------------------------------


def test_measure_page_shows_published_feedback_with_its_public_answer(client, measure):
    MeasureFeedbackFactory(
        measure=measure,
        published=True,
        text="ORIGINAL med Kalle Svensson",
        public_text="Lamporna vid lekplatsen är släckta.",
        answer="Vi byter dem i vecka 12.",
        answer_public=True,
    )
    MeasureFeedbackFactory(
        measure=measure,
        published=True,
        public_text="Tyst svar här.",
        answer="INTERNTSVAR",
        answer_public=False,
    )

    html = client.get(measure.get_absolute_url()).content.decode()

    assert "Synpunkter från invånare" in html
    assert "Lamporna vid lekplatsen är släckta." in html and "Vi byter dem i vecka 12." in html
    assert "Tyst svar här." in html
    assert "ORIGINAL" not in html and "Kalle" not in html and "INTERNTSVAR" not in html


def test_measure_page_without_published_feedback_has_no_section(client, measure):
    MeasureFeedbackFactory(measure=measure, text="NYTEXT")

    html = client.get(measure.get_absolute_url()).content.decode()

    assert "Synpunkter från invånare" not in html and "NYTEXT" not in html


@pytest.mark.parametrize("count", [1, 10])
def test_the_section_costs_one_query_whatever_the_feedback(client, django_assert_num_queries, count):
    measure = public_measure()
    MeasureFeedbackFactory.create_batch(
        count, measure=measure, published=True, answer="Svar.", answer_public=True
    )
    client.get(measure.get_absolute_url())
    pagecache.bump()

    with django_assert_num_queries(14):  # the measure page's 13 (test_measure_public) and the section's 1
        client.get(measure.get_absolute_url())


# --- Leaks -------------------------------------------------------------------------------------------


@pytest.fixture
def feedback(measure):
    measure.areas.add(AreaFactory(slug="tingsryd"))
    return [
        MeasureFeedbackFactory(measure=measure, text="HEMLIGNYTEXT om parken", email="ny@example.org"),
        MeasureFeedbackFactory(
            measure=measure,
            published=True,
            text="ORIGINALTEXTEN med detaljer",
            public_text="Parken är mörk på kvällen.",
            email="publicerad@example.org",
            answer="SVARSTEXTEN inte offentlig",
        ),
        MeasureFeedbackFactory(
            measure=measure,
            status=FeedbackStatus.REJECTED,
            text="AVVISADTEXT reklam",
            reject_reason="SKALTEXT",
        ),
    ]


PUBLIC_URLS = [
    "/atgarder/belysning/",
    "/atgarder/belysning/synpunkter/",
    "/atgarder/belysning/synpunkter/tack/",
    "/atgarder/",
    "/sok/?q=HEMLIGNYTEXT",
    "/sok/?q=ORIGINALTEXTEN",
    "/sok/?q=parken",
    "/atgarder/flode/",
    "/atgarder/belysning/flode/",
    "/atgarder/omrade/tingsryd/flode/",
    "/karta/",
    "/karta/data.geojson",
    "/oversikt/",
    "/omraden/tingsryd/",
    "/",
]
SECRETS = [
    "HEMLIGNYTEXT",
    "ORIGINALTEXTEN",
    "AVVISADTEXT",
    "SKALTEXT",
    "SVARSTEXTEN",
    "ny@example.org",
    "publicerad@example.org",
]


@pytest.mark.parametrize("page", PUBLIC_URLS)
def test_no_original_text_address_or_unpublished_feedback_on_any_public_page(client, feedback, page):
    pagecache.bump()
    response = client.get(page)

    assert response.status_code == 200
    body = response.content.decode()
    searched = page.partition("?q=")[2]
    assert [secret for secret in SECRETS if secret in body and secret != searched] == []
    if searched in ("HEMLIGNYTEXT", "ORIGINALTEXTEN"):
        assert response.context["total"] == 0


def test_public_queryset_is_published_feedback_of_public_measures_only(feedback, measure):
    closed_published = MeasureFeedbackFactory(measure=measure, published=True, status=FeedbackStatus.CLOSED)
    MeasureFeedbackFactory(measure=measure, status=FeedbackStatus.CLOSED)
    MeasureFeedbackFactory(measure=MeasureFactory(visibility=Visibility.INTERNAL), published=True)

    assert set(MeasureFeedback.objects.public()) == {feedback[1], closed_published}
