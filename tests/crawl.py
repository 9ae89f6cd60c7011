"""Every page of the portal, as a user reaches it by following links: one page per URL pattern, so
that validators (the Nu Html Checker, axe) check each kind of page once without visiting thousands."""

from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.urls import Resolver404, resolve

SKIP = ("/admin/", "/static/", "/media/", "/filer/", "/konto/logga-ut/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def crawl(client, seeds=("/",), *, limit: int = 300) -> list[tuple[str, str]]:
    """(url, html) of the HTML pages reachable from `seeds` with `client`, one per URL pattern."""
    seen_urls, seen_routes, pages, queue = set(), set(), [], list(seeds)
    while queue and len(pages) < limit:
        url = urldefrag(queue.pop(0))[0]
        parts = urlsplit(url)
        if url in seen_urls or parts.netloc or parts.path.startswith(SKIP):
            continue
        seen_urls.add(url)
        try:
            route = resolve(parts.path).route
        except Resolver404:
            continue
        if route in seen_routes:
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        seen_routes.add(route)
        html = response.content.decode()
        pages.append((url, html))
        parser = _Links()
        parser.feed(html)
        queue.extend(urljoin(url, href) for href in parser.links)
    return pages
