"""Residents' pages from the shared cache (trygg.pagecache): served again only while nothing has changed,
never to someone signed in, never with a form or a message in it."""

import uuid

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from cycles.models import Measure, MeasureStatus
from cycles.tasks import make_report_pdfs
from tests.cycles.factories import public_measure
from tests.trygg.factories import UserFactory
from trygg import pagecache
from trygg.models import MunicipalitySettings
from trygg.roles import Role
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

HEADER = "X-Trygg-Cache"


def anonymous_get(path: str, **extra):
    return Client().get(path, **extra)


@pytest.fixture
def measure():
    MunicipalitySettings.load()  # made on the first request otherwise, which is a change of its own
    return public_measure(title="Belysning vid busstationen")


def test_second_visit_is_served_from_the_cache_with_the_same_page_and_etag(measure):
    first = anonymous_get(measure.get_absolute_url())
    second = anonymous_get(measure.get_absolute_url())

    assert (first.status_code, first[HEADER]) == (200, "miss")
    assert (second.status_code, second[HEADER]) == (200, "hit")
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Cache-Control"] == "no-cache"
    assert "Content-Security-Policy" in second
    unchanged = anonymous_get(measure.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert unchanged.status_code == 304


def test_a_cached_page_costs_no_database_query(measure, django_assert_num_queries):
    anonymous_get(measure.get_absolute_url())
    with django_assert_num_queries(0):
        assert anonymous_get(measure.get_absolute_url())[HEADER] == "hit"


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda m: setattr(m, "title", "Ny belysning vid busstationen"), id="change"),
        pytest.param(lambda m: setattr(m, "visibility", Visibility.INTERNAL), id="withdraw"),
        pytest.param(lambda m: setattr(m, "status", MeasureStatus.DONE), id="status"),
    ],
)
def test_any_change_is_seen_at_once(measure, change):
    url = measure.get_absolute_url()
    listing = "/atgarder/"
    anonymous_get(url), anonymous_get(listing)
    assert anonymous_get(url)[HEADER] == anonymous_get(listing)[HEADER] == "hit"

    change(measure)
    measure.save()

    page, rows = anonymous_get(url), anonymous_get(listing)
    if measure.visibility == Visibility.INTERNAL:
        assert page.status_code == 404
        assert "Belysning vid busstationen" not in rows.content.decode()
    elif measure.status == MeasureStatus.DONE:
        assert page[HEADER] == "miss"
        assert "Genomförd" in page.content.decode()
    else:
        assert "Ny belysning vid busstationen" in page.content.decode()
        assert "Ny belysning vid busstationen" in rows.content.decode()


def test_publishing_shows_the_new_measure_in_the_list_at_once(measure):
    anonymous_get("/atgarder/")
    draft = public_measure(title="Fler vuxna ute på kvällen", visibility=Visibility.INTERNAL)
    assert "Fler vuxna ute på kvällen" not in anonymous_get("/atgarder/").content.decode()

    draft.visibility = Visibility.PUBLIC
    draft.save()

    assert "Fler vuxna ute på kvällen" in anonymous_get("/atgarder/").content.decode()


def test_queryset_updates_by_a_coordinator_are_seen_through_the_post_that_made_them(measure, client):
    """Writes that send no signal (QuerySet.update) are covered by the bump after a signed-in POST."""
    url = measure.get_absolute_url()
    anonymous_get(url)
    Measure.objects.filter(pk=measure.pk).update(title="Ändrad utan signal")
    assert anonymous_get(url)[HEADER] == "hit"  # what a signal-less write alone would leave

    client.force_login(UserFactory(roles=[Role.COORDINATOR]))
    client.post("/arbete/")  # any unsafe request from a signed-in user, whatever it answers

    assert "Ändrad utan signal" in anonymous_get(url).content.decode()


def test_the_commit_bumps_again_so_a_page_rendered_meanwhile_is_not_served(
    measure, django_capture_on_commit_callbacks
):
    url = measure.get_absolute_url()
    with django_capture_on_commit_callbacks() as callbacks:
        measure.title = "Under tiden"
        measure.save()
        anonymous_get(url)  # rendered before the commit, stored under the token of that moment
        assert anonymous_get(url)[HEADER] == "hit"
    assert callbacks, "a bump is registered for the commit"
    for callback in callbacks:
        callback()
    assert anonymous_get(url)[HEADER] == "miss"


def test_a_page_stored_under_an_older_token_is_never_served(measure):
    url = measure.get_absolute_url()
    anonymous_get(url)
    pagecache.bump()  # e.g. another app server's change, in the shared cache
    assert anonymous_get(url)[HEADER] == "miss"


def test_an_emptied_cache_starts_afresh(measure):
    url = measure.get_absolute_url()
    anonymous_get(url)
    cache.clear()
    assert anonymous_get(url)[HEADER] == "miss"
    assert anonymous_get(url)[HEADER] == "hit"


def test_a_finished_task_bumps(measure):
    url = measure.get_absolute_url()
    anonymous_get(url)
    make_report_pdfs.enqueue(0)  # any task: the immediate backend runs it here and signals its end
    assert anonymous_get(url)[HEADER] == "miss"


def test_signed_in_users_get_their_own_page_and_store_nothing(measure, client):
    url = measure.get_absolute_url()
    anonymous_get(url)
    client.force_login(UserFactory(roles=[Role.COORDINATOR]))

    response = client.get(url)
    listing = client.get("/atgarder/")

    assert HEADER not in response and HEADER not in listing
    assert response["Cache-Control"] == "private, no-store"
    assert anonymous_get("/atgarder/")[HEADER] == "miss"  # the signed-in visit stored nothing


def test_a_message_for_the_visitor_is_not_replaced_by_the_cached_page(measure):
    url = measure.get_absolute_url()
    anonymous_get(url)
    visitor = Client()
    visitor.cookies["messages"] = "x"
    assert HEADER not in visitor.get(url)


def test_a_page_with_a_form_is_never_stored(measure):
    """The CSRF token belongs to one visitor: a page that sets the cookie is never shared."""
    first = anonymous_get("/tillganglighet/")
    second = anonymous_get("/tillganglighet/")
    assert first.status_code == 200
    assert HEADER not in first and HEADER not in second
    assert "csrftoken" in second.cookies


@pytest.mark.parametrize("path", ["/atgarder/finns-inte/", "/arbete/", "/konto/logga-in/", "/healthz"])
def test_errors_staff_account_and_health_pages_are_not_cached(path):
    anonymous_get(path)
    assert HEADER not in anonymous_get(path)


def test_query_strings_are_pages_of_their_own(measure):
    anonymous_get("/atgarder/?status=ongoing")
    assert anonymous_get("/atgarder/?status=done")[HEADER] == "miss"
    assert anonymous_get("/atgarder/?status=ongoing")[HEADER] == "hit"


def test_writes_that_no_page_shows_do_not_throw_the_pages_away(measure):
    from trygg.mail import queue_mail

    url = measure.get_absolute_url()
    anonymous_get(url)
    queue_mail("Ämne", "Text", ["a@example.org"], purpose="test")
    assert anonymous_get(url)[HEADER] == "hit"


def test_the_cache_can_be_turned_off(measure, settings):
    settings.TRYGG_PAGE_CACHE_SECONDS = 0
    url = measure.get_absolute_url()
    anonymous_get(url)
    assert HEADER not in anonymous_get(url)


@pytest.fixture
def redis_cache(settings):
    """The production setup: the site's cache in Redis (a key prefix of the test's own)."""
    prefix = f"trygg-test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": prefix,
        }
    }
    yield pagecache.store()
    client = pagecache.store().client
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def test_with_redis_pages_are_shared_and_invalidated_like_in_memory(measure, redis_cache):
    url = measure.get_absolute_url()
    assert isinstance(redis_cache, pagecache.RedisStore)
    assert [anonymous_get(url)[HEADER] for _ in range(2)] == ["miss", "hit"]
    stored = redis_cache.client.keys(f"{settings.CACHES['default']['KEY_PREFIX']}:pagecache:*")
    assert len(stored) == 2  # the generation and the page, under the site cache's prefix

    measure.title = "Ändrad i Redis"
    measure.save()

    assert "Ändrad i Redis" in anonymous_get(url).content.decode()


def test_with_redis_down_pages_are_rendered_without_the_cache(measure, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    response = anonymous_get(measure.get_absolute_url())
    assert response.status_code == 200 and HEADER not in response
    assert "The page cache is unavailable" in caplog.text
