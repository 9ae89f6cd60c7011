"""The embeds on the municipality's own page, in headless chromium at 390 px: a host page on another
origin (a small server of the test's own) frames the status and an area's box when its
origin is configured, is refused when it is not, and never frames an ordinary page. Each box passes axe,
fits 320 px without scrolling sideways, and its links open the site in the whole window."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cycles.models import MeasureStatus
from tests.browser.axe import assert_no_axe_violations
from tests.cycles.factories import (
    CycleFactory,
    all_steps,
    public_measure,
    published_report,
    running_plan,
    step,
)
from tests.lagesbild.factories import AreaFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world():
    all_steps()
    CycleFactory(current_step=step(4))
    ryd = AreaFactory(name="Ryd", slug="ryd")
    plan = running_plan()
    for n, status in enumerate([MeasureStatus.ONGOING, MeasureStatus.DONE, MeasureStatus.DELAYED]):
        title = f"Belysning längs gång- och cykelvägen, etapp {n}"
        public_measure(plan=plan, status=status, title=title).areas.set([ryd])
    published_report()


class HostPage(BaseHTTPRequestHandler):
    """The municipality's "Trygg i Tingsryd" page, with the code from the workspace pasted in."""

    html = ""

    def do_GET(self):
        body = HostPage.html.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def host():
    """The municipality's own site: a server of its own on the loopback, so another origin than the
    live server's (Chromium lets a page reach the loopback only from the loopback)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), HostPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def host_page(page, live_server, host: str, path: str) -> None:
    HostPage.html = (
        '<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Trygg i Tingsryd</title></head>'
        "<body><h1>Trygg i Tingsryd</h1>"
        f'<iframe src="{live_server.url}{path}" title="Trygg i Tingsryd: läget" width="100%" height="460" '
        'loading="lazy"></iframe></body></html>'
    )
    page.set_viewport_size(PHONE)
    page.goto(f"{host}/trygg-i-tingsryd/")


@pytest.mark.parametrize(
    ("path", "heading"),
    [("/inbaddning/lage/", "Så långt har arbetet kommit"), ("/inbaddning/omraden/ryd/", "Åtgärder i Ryd")],
)
def test_a_configured_host_shows_the_box_and_its_links_open_the_site(
    page, live_server, settings, world, host, path, heading
):
    settings.TRYGG_EMBED_ORIGINS = [host]
    host_page(page, live_server, host, path)
    box = page.frame_locator("iframe")
    box.get_by_role("heading", name=heading, level=1).wait_for()
    assert box.locator("html").evaluate("e => e.scrollWidth <= e.clientWidth")
    box.get_by_role("link").first.click()
    page.wait_for_url(f"{live_server.url}/**")
    assert page.url.startswith(live_server.url)


@pytest.mark.parametrize("path", ["/inbaddning/lage/", "/oversikt/"])
def test_a_host_that_is_not_configured_and_an_ordinary_page_are_refused(
    page, live_server, settings, world, host, path
):
    settings.TRYGG_EMBED_ORIGINS = [] if path.startswith("/inbaddning/") else [host]
    host_page(page, live_server, host, path)
    page.wait_for_timeout(500)
    assert page.frame_locator("iframe").get_by_role("heading").count() == 0


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("path", ["/inbaddning/lage/", "/inbaddning/omraden/ryd/"])
def test_each_box_passes_axe_and_fits_a_narrow_frame(page, live_server, world, path, width):
    page.set_viewport_size({"width": width, "height": 600})
    page.goto(live_server.url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_no_axe_violations(page)
