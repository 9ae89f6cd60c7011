"""Search across what residents may see (/sok/): a registry of searchable kinds, and the search itself.

Each app registers its kinds in `AppConfig.ready()` (as it registers menu entries), naming the
QuerySet its public pages start from (`Measure.objects.public`, `SituationReport.objects.public`, …):
only rows of that queryset are ever searched, and only the fields named here (never internal notes).
trygg imports no higher app; the apps hand their querysets in.

On PostgreSQL the search is full-text with the Swedish configuration ("belysningen" finds
"belysning"), ranked, with `ts_headline` snippets; the vectors are computed at query time (no stored
column, fine with the data sizes of one municipality). On other databases `search_simple` matches
every word with icontains and highlights in Python. Snippets are escaped first and get only `<mark>`.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q, QuerySet, TextField, Value
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SEARCH_CONFIG = "swedish"
MAX_QUERY_LENGTH = 200
PER_KIND = 5  # hits per kind on the grouped page; "visa fler" leads to ?typ=<key>
PAGE_SIZE = 20  # hits per page of one kind
SNIPPET_CHARS = 220  # length of a snippet in the fallback (the headline's is set in words)
# Marks for ts_headline, from Unicode's private use area: replaced by <mark> after escaping.
MARK_START, MARK_END = "\ue000", "\ue001"


@dataclass(frozen=True)
class SearchKind:
    """One kind of result: `queryset` returns the public rows, searched in `title_field` and `text_fields`."""

    key: str  # the ?typ= value
    title: str  # the group's heading
    order: int
    queryset: Callable[[], QuerySet]
    title_field: str
    text_fields: tuple[str, ...] = ()
    url: Callable[[object], str] = field(default=lambda obj: obj.get_absolute_url())


@dataclass
class Hit:
    title: SafeString
    url: str
    snippet: SafeString


@dataclass
class Group:
    kind: SearchKind
    count: int
    hits: list[Hit]


_kinds: dict[str, SearchKind] = {}


def register(kind: SearchKind) -> None:
    """Add a kind (from an app's ready(); registering the same key again replaces it)."""
    _kinds[kind.key] = kind


def kinds() -> list[SearchKind]:
    return sorted(_kinds.values(), key=lambda k: k.order)


def get_kind(key: str) -> SearchKind | None:
    return _kinds.get(key)


def clean_query(raw: str) -> str:
    """The query as searched: whitespace collapsed, at most MAX_QUERY_LENGTH characters."""
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH].strip()


def words(query: str) -> list[str]:
    """The words of a query for the simple search (quotes, search operators and single letters dropped)."""
    return [w for w in re.split(r"[\s\"'()|&!<>:*-]+", query) if len(w) > 1]


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def matching(kind: SearchKind, query: str) -> QuerySet:
    """The kind's public rows that match, best first, each with `search_title` and `search_snippet`."""
    if uses_full_text():
        return search_full_text(kind, query)
    return search_simple(kind, query)


def search_full_text(kind: SearchKind, query: str) -> QuerySet:
    """PostgreSQL: Swedish full-text search over the kind's public queryset."""
    search_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    vector = SearchVector(kind.title_field, config=SEARCH_CONFIG, weight="A")
    for name in kind.text_fields:
        vector += SearchVector(name, config=SEARCH_CONFIG, weight="B")
    body = _joined_text(kind)
    return (
        kind.queryset()
        .annotate(search_document=vector)
        .filter(search_document=search_query)
        .annotate(
            search_rank=SearchRank(vector, search_query),
            search_title_marked=SearchHeadline(
                kind.title_field,
                search_query,
                config=SEARCH_CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_END,
                highlight_all=True,
            ),
            search_snippet_marked=SearchHeadline(
                body,
                search_query,
                config=SEARCH_CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_END,
                max_words=35,
                min_words=15,
            ),
        )
        .order_by("-search_rank", "pk")
    )


def search_simple(kind: SearchKind, query: str) -> QuerySet:
    """Any database: every word in the title or a text field (icontains), ordered by title."""
    terms = words(query)
    if not terms:
        return kind.queryset().none()
    condition = Q()
    for term in terms:
        any_field = Q(**{f"{kind.title_field}__icontains": term})
        for name in kind.text_fields:
            any_field |= Q(**{f"{name}__icontains": term})
        condition &= any_field
    return kind.queryset().filter(condition).order_by(kind.title_field, "pk")


def _joined_text(kind: SearchKind):
    if not kind.text_fields:
        return Value("")
    if len(kind.text_fields) == 1:
        return kind.text_fields[0]
    parts = []
    for name in kind.text_fields:
        parts += [name, Value(" … ")]
    return Concat(*parts[:-1], output_field=TextField())


def marked(text: str) -> SafeString:
    """A ts_headline result as HTML: everything escaped, the marks turned into <mark>."""
    html = escape(text or "")
    html = html.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own <mark> tags are added


def highlight(text: str, terms: list[str]) -> SafeString:
    """Escape the text and wrap every occurrence of the terms (any case) in <mark>."""
    text = text or ""
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped


def excerpt(text: str, terms: list[str], length: int = SNIPPET_CHARS) -> str:
    """About `length` characters of the text around the first term found (the start if none)."""
    text = " ".join((text or "").split())
    if len(text) <= length:
        return text
    lowered = text.lower()
    found = [p for p in (lowered.find(t.lower()) for t in terms) if p >= 0]
    start = max(0, min(found) - length // 3) if found else 0
    start = text.rfind(" ", 0, start) + 1 if start else 0
    piece = text[start : start + length]
    return ("…" if start else "") + piece + ("…" if start + length < len(text) else "")


def to_hit(kind: SearchKind, obj, query: str) -> Hit:
    if hasattr(obj, "search_title_marked"):
        return Hit(
            title=marked(obj.search_title_marked),
            url=kind.url(obj),
            snippet=marked(obj.search_snippet_marked),
        )
    terms = words(query)
    body = " … ".join(str(getattr(obj, name) or "") for name in kind.text_fields if getattr(obj, name))
    return Hit(
        title=highlight(str(getattr(obj, kind.title_field)), terms),
        url=kind.url(obj),
        snippet=highlight(excerpt(body, terms), terms),
    )


def search(query: str, *, per_kind: int = PER_KIND) -> list[Group]:
    """Every kind with at least one hit: its count and its best `per_kind` hits (two queries a kind)."""
    groups = []
    for kind in kinds():
        rows = matching(kind, query)
        count = rows.count()
        if count:
            groups.append(Group(kind, count, [to_hit(kind, obj, query) for obj in rows[:per_kind]]))
    return groups


def search_kind(kind: SearchKind, query: str, page: str | int | None) -> tuple[Group, object]:
    """One kind, paginated: the group (its count and this page's hits) and the page."""
    page_obj = Paginator(matching(kind, query), PAGE_SIZE).get_page(page)
    hits = [to_hit(kind, obj, query) for obj in page_obj.object_list]
    return Group(kind, page_obj.paginator.count, hits), page_obj
