"""The client's address behind a reverse proxy (sign-in lockout), and the per-hour limits on the forms
anyone can send without signing in (password reset, accessibility feedback).

Every request of the test client comes from REMOTE_ADDR 127.0.0.1: here, the proxy's address. A
client's address is what nginx appends to X-Forwarded-For (`$proxy_add_x_forwarded_for`).
"""

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory

from tests.trygg.factories import DEFAULT_PASSWORD, UserFactory
from trygg.clientip import client_ip
from trygg.models import AccessibilityFeedback, OutgoingMail
from trygg.roles import Role

LOGIN = "/konto/logga-in/"
RESET = "/konto/glomt-losenord/"
FEEDBACK = "/tillganglighet/"
CLIENT, OTHER_CLIENT = "203.0.113.5", "198.51.100.7"


def through_proxy(address: str) -> dict:
    """Headers of a request that nginx passed on for a client at `address`."""
    return {"HTTP_X_FORWARDED_FOR": address}


def sign_in(password: str, **headers):
    return Client().post(LOGIN, {"username": "sara", "password": password}, **headers)


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, None, "127.0.0.1"),
        (0, CLIENT, "127.0.0.1"),  # no proxy: the header is the client's own word, never read
        (1, CLIENT, CLIENT),
        (1, f"{OTHER_CLIENT}, {CLIENT}", CLIENT),  # the client's forged entry stands left of nginx's
        (1, f'{OTHER_CLIENT}, "x, {CLIENT}', CLIENT),  # an unclosed quote cannot swallow nginx's entry
        (1, f"::ffff:{CLIENT}", CLIENT),
        (1, "10.0.0.7", "10.0.0.7"),  # a client on the municipality's own network
        (1, None, "127.0.0.1"),  # a request to the app server itself, not through the proxy
        (1, "garbage", "127.0.0.1"),
        (2, f"{OTHER_CLIENT}, {CLIENT}, 10.0.0.2", CLIENT),  # CDN → nginx → app
    ],
)
def test_client_address_counts_trusted_proxies_from_the_right(settings, proxies, forwarded_for, expected):
    settings.TRYGG_PROXY_COUNT = proxies
    headers = through_proxy(forwarded_for) if forwarded_for else {}

    assert client_ip(RequestFactory().get("/", **headers)) == expected


@pytest.mark.django_db
def test_behind_a_proxy_failures_lock_out_one_client_not_everyone(settings):
    settings.TRYGG_PROXY_COUNT, settings.AXES_FAILURE_LIMIT = 1, 5
    UserFactory(username="sara", roles=[Role.COORDINATOR])

    failures = [sign_in("fel", **through_proxy(CLIENT)).status_code for _ in range(5)]
    locked = sign_in(DEFAULT_PASSWORD, **through_proxy(CLIENT))
    other = sign_in(DEFAULT_PASSWORD, **through_proxy(OTHER_CLIENT))

    assert failures == [200, 200, 200, 200, 429]  # the fifth failure locks
    assert locked.status_code == 429
    assert "tillfälligt spärrad" in locked.content.decode()
    assert other.status_code == 302 and other["Location"] == "/arbete/"
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "forged",
    [f"{OTHER_CLIENT}, {CLIENT}", f'{OTHER_CLIENT}, "x, {CLIENT}', f"127.0.0.1, {CLIENT}"],
)
def test_a_forged_forwarded_for_does_not_escape_the_lockout(settings, forged):
    settings.TRYGG_PROXY_COUNT, settings.AXES_FAILURE_LIMIT = 1, 5
    UserFactory(username="sara", roles=[Role.COORDINATOR])
    for _ in range(5):
        sign_in("fel", **through_proxy(CLIENT))

    # The client sends its own X-Forwarded-For; nginx appends the real address after it.
    response = sign_in(DEFAULT_PASSWORD, HTTP_X_FORWARDED_FOR=forged)

    assert response.status_code == 429


@pytest.mark.django_db
def test_without_a_proxy_forwarded_for_is_ignored(settings):
    settings.TRYGG_PROXY_COUNT, settings.AXES_FAILURE_LIMIT = 0, 5
    UserFactory(username="sara", roles=[Role.COORDINATOR])

    for _ in range(5):
        sign_in("fel", **through_proxy(CLIENT))
    response = sign_in(DEFAULT_PASSWORD, **through_proxy(OTHER_CLIENT))

    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def ask_for_reset(email: str, address: str = CLIENT):
    return Client().post(RESET, {"email": email}, **through_proxy(address))


@pytest.mark.django_db
def test_password_reset_is_limited_per_address(settings, mailoutbox):
    settings.TRYGG_PROXY_COUNT = 1
    settings.TRYGG_PASSWORD_RESET_PER_ADDRESS, settings.TRYGG_PASSWORD_RESET_PER_EMAIL = 2, 100
    for name in ("sara", "per", "bodil", "stina"):
        UserFactory(username=name, roles=[Role.COORDINATOR])

    first = [ask_for_reset(f"{name}@example.org").status_code for name in ("sara", "per")]
    refused = ask_for_reset("bodil@example.org")
    elsewhere = ask_for_reset("stina@example.org", address=OTHER_CLIENT)

    assert first == [302, 302]
    html = refused.content.decode()
    assert refused.status_code == 429
    assert "för många länkar för att återställa lösenordet" in html
    assert 'id="formularfel"' in html and "site-brand-municipality" in html  # the form, in the site's design
    assert elsewhere.status_code == 302
    assert sorted(m.to[0] for m in OutgoingMail.objects.all()) == [
        "per@example.org",
        "sara@example.org",
        "stina@example.org",
    ]


@pytest.mark.django_db
def test_password_reset_is_limited_per_email_address_from_any_address(settings, mailoutbox):
    settings.TRYGG_PROXY_COUNT = 1
    settings.TRYGG_PASSWORD_RESET_PER_ADDRESS, settings.TRYGG_PASSWORD_RESET_PER_EMAIL = 100, 2
    UserFactory(username="sara", roles=[Role.COORDINATOR])

    answers = [
        ask_for_reset(email, address).status_code
        for email, address in [
            ("sara@example.org", CLIENT),
            ("Sara@Example.org", OTHER_CLIENT),  # the same account, however it is spelt
            ("sara@example.org", "192.0.2.44"),
        ]
    ]

    assert answers == [302, 302, 429]
    assert OutgoingMail.objects.count() == 2


@pytest.mark.django_db
def test_password_reset_for_an_unknown_address_counts_too(settings, mailoutbox):
    """The throttle answers the same whether or not an account has the address: it reveals nothing."""
    settings.TRYGG_PASSWORD_RESET_PER_ADDRESS, settings.TRYGG_PASSWORD_RESET_PER_EMAIL = 100, 1

    answers = [Client().post(RESET, {"email": "okand@example.org"}).status_code for _ in range(2)]

    assert answers == [302, 429]
    assert not OutgoingMail.objects.exists()


@pytest.mark.django_db
def test_accessibility_feedback_is_limited_per_address(settings, mailoutbox):
    settings.TRYGG_PROXY_COUNT, settings.TRYGG_FEEDBACK_PER_ADDRESS = 1, 2

    def send(address):
        data = {"description": "Knappen går inte att nå med tangentbordet."}
        return Client().post(FEEDBACK, data, **through_proxy(address))

    answers = [send(CLIENT).status_code for _ in range(3)]
    elsewhere = send(OTHER_CLIENT)

    assert answers == [302, 302, 429]
    assert elsewhere.status_code == 302
    assert AccessibilityFeedback.objects.count() == 3
    assert "många synpunkter från din uppkoppling" in send(CLIENT).content.decode()
