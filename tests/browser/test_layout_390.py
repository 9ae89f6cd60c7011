"""Phones first: at 390 px wide (an iPhone 12–15) no page scrolls sideways. Every public page (found the
way the axe and Nu Html Checker tests find them, by following links from /) and the main workspace
pages as a coordinator and as a partner, with the demo data."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cycles.models import Measure
from tests.browser.axe import assert_no_axe_violations
from tests.crawl import crawl
from trygg.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 390
# A table that scrolls sideways must sit in a region the keyboard can reach (WCAG 2.1.1).
SCROLLABLE_REGION = {"runOnly": {"type": "rule", "values": ["scrollable-region-focusable"]}}

# The main workspace pages, by URL name; a persona skips those its role may not open (403/404).
WORKSPACE = [
    "workspace:dashboard",
    "cycles:board",
    "cycles:plan-list",
    "cycles:measure-overview",
    "cycles:followup-overview",
    "cycles:report-list",
    "lagesbild:workspace-statistics",
    "lagesbild:workspace-reports",
    "cycles:my-measures",
    "cycles:my-followups",
]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": WIDTH, "height": 844}}


def _problems(page, url: str) -> list[str]:
    """The page's width if wider than the screen, and any scrolling region out of the keyboard's reach."""
    page.goto(url)
    width = page.evaluate("document.documentElement.scrollWidth")
    found = [] if width <= WIDTH else [f"{url}: {width} px wide"]
    regions = Axe().run(page, options=SCROLLABLE_REGION).response["violations"]
    return found + [
        f"{url}: {n['target']} scrolls but cannot be reached" for v in regions for n in v["nodes"]
    ]


def _log_in(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(live_server.url + "/arbete/")


def _workspace_urls(username: str) -> list[str]:
    user = get_user_model().objects.get(username=username)
    client = Client()
    client.force_login(user)
    measure = Measure.objects.visible_to(user).order_by("pk").first()
    urls = [reverse(name) for name in WORKSPACE]
    if measure:
        urls.append(reverse("cycles:measure-workspace", kwargs={"slug": measure.slug}))
    return [url for url in urls if client.get(url).status_code == 200]


def test_no_page_scrolls_sideways_at_390_px_and_every_scrolling_table_is_reachable(
    page, live_server, settings
):
    settings.DEBUG = True  # load_demo runs only in development
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False
    public = [url for url, _html in crawl(Client(), ("/",)) if not url.startswith("/arbete/")]

    problems = []
    for url in public:
        problems += _problems(page, live_server.url + url)
    checked = len(public)
    for username in ("samordnare", "polis"):
        urls = _workspace_urls(username)
        _log_in(page, live_server, username)
        for url in urls:
            problems += _problems(page, live_server.url + url)
        checked += len(urls)

    assert len(public) > 15 and checked > len(public) + 12
    assert problems == [], f"at {WIDTH} px:\n" + "\n".join(problems)


def test_menu_folds_into_a_disclosure_on_a_phone(page, live_server):
    page.goto(live_server.url + "/")
    menu = page.get_by_role("navigation", name="Huvudmeny")
    link = menu.get_by_role("link", name="Åtgärder")
    assert link.is_visible() is False

    menu.get_by_text("Meny").click()

    assert link.is_visible() is True
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert_no_axe_violations(page)


def test_menu_is_always_shown_on_a_wide_screen(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/")
    menu = page.get_by_role("navigation", name="Huvudmeny")

    assert menu.get_by_role("link", name="Åtgärder").is_visible() is True
    assert menu.get_by_text("Meny").is_visible() is False
