"""axe in chromium on every kind of page, with the demo data: each public page as a resident sees it
and each workspace page as a coordinator sees it (one page per URL pattern, found by following
links)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from tests.browser.axe import axe_violations
from tests.crawl import crawl
from trygg.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _violations(page, url) -> list[str]:
    page.goto(url)
    return axe_violations(page)


def test_every_public_and_workspace_page_has_no_axe_violations(page, live_server, settings):
    settings.DEBUG = True  # load_demo runs only in development
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False
    resident = [url for url, _html in crawl(Client(), ("/",)) if not url.startswith("/arbete/")]
    coordinator = Client()
    coordinator.force_login(get_user_model().objects.get(username="samordnare"))
    workspace = [url for url, _html in crawl(coordinator, ("/arbete/",)) if url.startswith("/arbete/")]

    found = []
    for url in resident:
        found += _violations(page, live_server.url + url)
    page.goto(live_server.url + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("samordnare")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(live_server.url + "/arbete/")
    for url in workspace:
        found += _violations(page, live_server.url + url)

    assert len(resident) > 15 and len(workspace) > 30
    assert found == []
