"""/sok/: search across what residents may see, grouped by kind, with the matching words marked; never
anything internal, unapproved or unpublished; Swedish stemming on PostgreSQL and a simple fallback."""

import pytest
from django.db import connection

from cycles.models import MeasureStatus, PromiseStatus
from tests.cycles.factories import (
    ActionPlanFactory,
    CitizenPromiseFactory,
    FollowUpReportFactory,
    MeasureFactory,
    MeasureUpdateFactory,
    public_measure,
    published_report,
)
from tests.lagesbild.factories import AreaFactory, PlaceFactory, SituationReportFactory
from trygg import pagecache, search
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL"
)


def page(client, query, **params):
    response = client.get("/sok/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def main(html: str) -> str:
    """The page's main content (the header's search form and menu left out)."""
    return html[html.index("<main") : html.index("</main>")]


def test_empty_query_explains_what_to_search(client):
    html = main(page(client, ""))

    assert 'role="search"' in html
    assert "Skriv vad du letar efter" in html
    assert "Inga träffar" not in html


def test_no_results_give_helpful_advice(client):
    html = main(page(client, "zyxkvarn"))

    assert "Inga träffar" in html
    assert "Vi hittade inget som passar ”zyxkvarn”." in html
    assert "Kontrollera stavningen." in html
    assert 'href="/atgarder/"' in html


def test_every_public_page_has_a_search_form_in_the_header(client):
    html = client.get("/personuppgifter/").content.decode()
    header = html[html.index("<header") : html.index("</header>")]

    assert 'role="search"' in header
    assert 'action="/sok/"' in header
    assert 'method="get"' in header
    assert '<label class="visually-hidden" for="sok-sidhuvud">Sök</label>' in header


def test_results_are_grouped_by_kind_with_heading_and_count(client):
    area = AreaFactory(name="Ryd", slug="ryd")
    PlaceFactory(name="Rydsparken", area=area, description="En park med belysning och lekplats.")
    for n in range(2):
        public_measure(title=f"Ny belysning i parken {n}", public_text="Fler lampor längs gångvägen.")
    SituationReportFactory(public=True, title="Lägesbild 2024", public_summary="Dålig belysning oroar.")
    CitizenPromiseFactory(
        title="Löfte om belysning",
        background="Vi lovar bättre belysning.",
        status=PromiseStatus.PUBLISHED,
        visibility=Visibility.PUBLIC,
    )
    published_report(FollowUpReportFactory(title="Uppföljning 2025", conclusions="Belysning fungerar."))

    html = main(page(client, "belysning"))

    assert "Åtgärder: 2 träffar" in html
    assert "Platser: 1 träff" in html
    assert "Lägesbilder: 1 träff" in html
    assert "Medborgarlöften: 1 träff" in html
    assert "Uppföljningsrapporter: 1 träff" in html
    assert "Områden" not in html  # no area is called "belysning"
    assert html.index("Åtgärder: 2") < html.index("Platser: 1") < html.index("Lägesbilder: 1")
    assert 'href="/platser/' in html
    assert 'href="/atgarder/' in html
    assert "#lofte-" in html

    areas = main(page(client, "Ryd"))
    assert "Områden: 1 träff" in areas
    assert 'href="/omraden/ryd/"' in areas


def test_matching_words_are_marked_and_everything_else_escaped(client):
    public_measure(
        title="<script>alert(1)</script> Belysning",
        public_text='<img src=x onerror="alert(2)"> Mer belysning vid <b>skolan</b>.',
    )

    html = main(page(client, "belysning"))

    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "<b>skolan</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "skolan" in html  # escaped (the fallback) or without its tags (ts_headline drops them)
    assert "<mark>Belysning</mark>" in html
    assert "<mark>belysning</mark>" in html


def test_more_than_five_hits_lead_to_one_kind_page_by_page(client):
    for n in range(23):
        public_measure(title=f"Belysning etapp {n}")

    html = main(page(client, "belysning"))
    assert html.count("<h3") == search.PER_KIND
    assert "Visa fler åtgärder (23 träffar)" in html
    assert "typ=atgarder" in html

    first = main(page(client, "belysning", typ="atgarder"))
    assert first.count("<h3") == search.PAGE_SIZE
    assert "Sida 1 av 2" in first
    assert "Visa träffar av alla slag" in first
    second = main(page(client, "belysning", typ="atgarder", page=2))
    assert second.count("<h3") == 3


def test_nothing_internal_unapproved_or_unpublished_is_returned(client):
    """The leak test: every hidden object below contains the search word; none may be found."""
    word = "hemlighetsord"
    MeasureFactory(title=f"Intern åtgärd {word}", visibility=Visibility.INTERNAL)
    MeasureFactory(title=f"Konfidentiell åtgärd {word}", visibility=Visibility.CONFIDENTIAL)
    visible = public_measure(title="Synlig åtgärd med intern anteckning", internal_notes=word)
    public_measure(
        title="Åtgärd i ett utkast till plan",
        plan=ActionPlanFactory(),  # a draft, internal plan
        public_text=word,
        status=MeasureStatus.PLANNED,
    )
    MeasureUpdateFactory(measure=visible, text=f"Ej godkänd {word}", approved_at=None, needs_approval=True)
    SituationReportFactory(title="Utkast", public_summary=f"Utkastets sammanfattning {word}")
    SituationReportFactory(adopted=True, visibility=Visibility.INTERNAL, public_summary=f"Intern {word}")
    PlaceFactory(name="Vanlig plats", description="Ett torg.")
    CitizenPromiseFactory(title=f"Löfte i utkast {word}", background=word)
    CitizenPromiseFactory(
        title=f"Undertecknat men inte publicerat {word}",
        status=PromiseStatus.SIGNED,
        visibility=Visibility.PUBLIC,
    )
    FollowUpReportFactory(title=f"Rapport i utkast {word}", conclusions=word)

    html = page(client, word)

    assert word not in html.replace(f"”{word}”", "").replace(f'value="{word}"', "")
    assert "Inga träffar" in html
    for kind in search.kinds():
        assert main(page(client, word, typ=kind.key)).count("<h3") == 0
        assert not search.search_simple(kind, word).exists()
        if connection.vendor == "postgresql":
            assert not search.search_full_text(kind, word).exists()


def test_an_unknown_kind_searches_everything(client):
    public_measure(title="Trygg belysning")

    html = main(page(client, "belysning", typ="finns-inte"))

    assert "Åtgärder: 1 träff" in html


@postgres_only
def test_swedish_stemming_finds_other_forms_of_a_word(client):
    public_measure(title="Ny belysning i Ryd", public_text="Lamporna sätts upp under våren.")
    PlaceFactory(name="Torget", description="Belysningarna på torget byts ut.")

    html = main(page(client, "belysningen"))

    assert "Åtgärder: 1 träff" in html
    assert "Platser: 1 träff" in html
    assert "Ny <mark>belysning</mark> i Ryd" in html
    assert "<mark>Belysningarna</mark>" in html


@postgres_only
def test_full_text_ranks_a_match_in_the_title_first():
    public_measure(title="Trygghetsvandring", public_text="Vi pratar också om belysning.")
    public_measure(title="Belysning vid skolan", public_text="Nya lampor.")

    hits = list(search.matching(search.get_kind("atgarder"), "belysning"))

    assert [m.title for m in hits] == ["Belysning vid skolan", "Trygghetsvandring"]


def test_simple_fallback_matches_every_word_in_any_field_and_marks_them():
    """The fallback used on SQLite, called directly so that it is tested on PostgreSQL too."""
    public_measure(title="Belysning i parken", public_text="Nya lampor vid lekplatsen.")
    public_measure(title="Belysning vid skolan", public_text="Fler lampor.")
    public_measure(title="Kameror", public_text="Inget om ljus.")
    kind = search.get_kind("atgarder")

    rows = list(search.search_simple(kind, "BELYSNING lekplatsen"))

    assert [m.title for m in rows] == ["Belysning i parken"]
    hit = search.to_hit(kind, rows[0], "BELYSNING lekplatsen")
    assert hit.title == "<mark>Belysning</mark> i parken"
    assert hit.snippet == "Nya lampor vid <mark>lekplatsen</mark>."
    assert not search.search_simple(kind, '  "" ').exists()


def test_simple_fallback_escapes_before_marking():
    assert search.highlight("<b>bus</b> & bus", ["bus"]) == (
        "&lt;b&gt;<mark>bus</mark>&lt;/b&gt; &amp; <mark>bus</mark>"
    )
    assert search.highlight("a<mark>b", ["mark"]) == "a&lt;<mark>mark</mark>&gt;b"


def test_fallback_snippet_is_cut_around_the_first_match():
    text = "Inledning. " * 40 + "Här står ordet belysning mitt i. " + "Slut. " * 40

    snippet = search.excerpt(text, ["belysning"])

    assert "belysning" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet) <= search.SNIPPET_CHARS + 2


def test_a_long_query_is_cut():
    assert search.clean_query("  a   b ") == "a b"
    assert len(search.clean_query("x" * 1000)) == search.MAX_QUERY_LENGTH


@pytest.mark.parametrize("count", [1, 5])
def test_query_count_is_the_same_for_one_and_five_matches(client, django_assert_num_queries, count):
    for n in range(count):
        public_measure(title=f"Belysning {n}")
        PlaceFactory(description=f"Belysning på plats {n}")
    page(client, "belysning")  # creates the municipality's settings on first use
    pagecache.bump()
    # The municipality's settings, then a count and a page for each kind that has hits (two here),
    # and a count for each kind that has none.
    expected = 1 + 2 * 2 + (len(search.kinds()) - 2)
    with django_assert_num_queries(expected):
        html = page(client, "belysning")
    assert f"Åtgärder: {count} träff" in html

    pagecache.bump()
    with django_assert_num_queries(3):  # settings, the count and the page of one kind
        page(client, "belysning", typ="atgarder")


@pytest.mark.parametrize("query", ['"', "&& || !", "och", "a'b (", "<mark>", "belysning -"])
def test_odd_queries_answer_with_a_page(client, query):
    public_measure(title="Belysning")

    html = main(page(client, query, page="x"))

    assert "<mark><mark>" not in html
    assert ("&lt;mark&gt;" in html) == (query == "<mark>")
    assert "<mark>a</mark>" not in html  # single letters are not searched for in the fallback
