"""The follow-up reports in the workspace (/arbete/rapporter/): the list's filters and query count, the
way of a report from draft to published through the views, decisions registered on the spot, edits
and conflicts, new versions and copies, downloads, the admin's limits and the navigation."""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.utils import timezone

from actors.models import Decision, ForumKind
from cycles.models import (
    FollowUpReport,
    ReportStatus,
)
from cycles.services import report as report_services
from tests.actors.factories import ForumFactory
from tests.cycles.factories import (
    FollowUpPeriodFactory,
    FollowUpReportFactory,
    MeasureFactory,
    decision,
    finalise,
    period_with_measures,
    published_report,
)
from tests.trygg.factories import UserFactory
from trygg.roles import Role
from trygg.visibility import Visibility

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


def _client_as(*roles):
    """Another signed-in client (the persona fixtures share one test client)."""
    other = Client()
    if roles:
        other.force_login(UserFactory(roles=list(roles)))
    return other


def _register(client, report, **fields):
    data = {"version": report.version, "new_public": "on", **{f"new_{k}": v for k, v in fields.items()}}
    return client.post(f"/arbete/rapporter/{report.pk}/beslut/", data)


def _leaky_period():
    period = period_with_measures(1, title="Belysning i parken")
    plan = period.measures().get().plan
    MeasureFactory(plan=plan, title="Intern kartläggning", visibility=Visibility.INTERNAL)
    return period


def test_list_shows_what_each_reader_may_see(coordinator_client, report_states):
    board_client = _client_as(Role.BOARD_READER)
    titles = [r.title for r in coordinator_client.get("/arbete/rapporter/").context["reports"]]
    assert sorted(titles) == ["Hos styrgruppen", "Publicerad", "Utkastet"]
    response = board_client.get("/arbete/rapporter/")
    html = response.content.decode()
    assert sorted(r.title for r in response.context["reports"]) == ["Hos styrgruppen", "Publicerad"]
    assert "Utkastet" not in html
    assert "Ny rapport" not in html


def test_list_shows_latest_decision_and_filters_by_status_and_period(coordinator_client, report_states):
    published = report_states["published"]
    html = coordinator_client.get("/arbete/rapporter/").content.decode()
    council = published.council_decision
    assert f"{council.forum.name}, {council.paragraph}, " in html
    assert council.decided_on.isoformat() in html
    assert published.diary_number in html

    by_status = coordinator_client.get("/arbete/rapporter/?status=steering")
    assert [r.title for r in by_status.context["reports"]] == ["Hos styrgruppen"]
    by_period = coordinator_client.get(f"/arbete/rapporter/?period={report_states['draft'].period_id}")
    assert [r.title for r in by_period.context["reports"]] == ["Utkastet"]
    nothing = coordinator_client.get("/arbete/rapporter/?status=council")
    assert "Inga rapporter matchar filtren." in nothing.content.decode()


def test_empty_list_says_so(coordinator_client):
    board_client = _client_as(Role.BOARD_READER)
    assert "Det finns inga rapporter ännu." in coordinator_client.get("/arbete/rapporter/").content.decode()
    assert (
        "Det finns inga rapporter att läsa ännu." in board_client.get("/arbete/rapporter/").content.decode()
    )


@pytest.mark.parametrize("count", [1, 5])
def test_list_query_count_is_constant(coordinator_client, django_assert_num_queries, count):
    for _n in range(count):
        published_report(FollowUpReportFactory(period=FollowUpPeriodFactory()))
        FollowUpReportFactory(period=FollowUpPeriodFactory())
    coordinator_client.get("/arbete/rapporter/")
    with django_assert_num_queries(10):
        response = coordinator_client.get("/arbete/rapporter/")
    assert len(response.context["reports"]) == 2 * count


def test_list_is_paginated(coordinator_client):
    for _n in range(26):
        FollowUpReportFactory(period=FollowUpPeriodFactory())
    first = coordinator_client.get("/arbete/rapporter/")
    second = coordinator_client.get("/arbete/rapporter/?page=2")
    assert (len(first.context["reports"]), len(second.context["reports"])) == (25, 1)
    assert "Sida 1 av 2" in first.content.decode()


def test_a_report_goes_from_draft_to_published_through_the_views(coordinator_client):
    client = _client_as()
    period = period_with_measures(1)
    response = coordinator_client.post(
        "/arbete/rapporter/ny/",
        {
            "period": period.pk,
            "title": "",
            "diary_number": "KS 2025/12",
            "introduction": "Vad som har hänt.",
            "conclusions": "",
        },
    )
    report = FollowUpReport.objects.get()
    assert response["Location"] == f"/arbete/rapporter/{report.pk}/"
    assert report.title == f"Uppföljning av det brottsförebyggande arbetet: {period.name}"
    assert (report.status, report.report_version, report.diary_number) == (
        ReportStatus.DRAFT,
        1,
        "KS 2025/12",
    )

    # Finalising without the texts: the service's reason is shown, nothing changes.
    response = coordinator_client.post(
        f"/arbete/rapporter/{report.pk}/skicka/", {"version": report.version, "accept_missing": "on"}
    )
    assert (
        "Skriv inledning och slutsatser innan rapporten överlämnas till styrgruppen."
        in response.content.decode()
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT

    response = coordinator_client.post(
        f"/arbete/rapporter/{report.pk}/andra/",
        {
            "loaded_version": report.version,
            "title": "Uppföljning 2025",
            "diary_number": "KS 2025/12",
            "introduction": "Arbetet har gått bra.",
            "conclusions": "Vi fortsätter.",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.title, report.introduction) == ("Uppföljning 2025", "Arbetet har gått bra.")

    confirm = coordinator_client.get(f"/arbete/rapporter/{report.pk}/skicka/").content.decode()
    assert "Innehållet fryses från och med nu." in confirm
    measure = period.measures().get()
    assert "1 åtgärd har ingen inlämnad uppföljning" in confirm and measure.title in confirm
    # The follow-up is missing: sending needs the explicit confirmation, which names what is missing.
    response = coordinator_client.post(f"/arbete/rapporter/{report.pk}/skicka/", {"version": report.version})
    assert (
        "Kryssa i rutan för att överlämna rapporten trots att uppföljningar saknas"
        in response.content.decode()
    )
    assert "1 av 1 åtgärder saknar en godkänd uppföljning med bedömning" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    coordinator_client.post(
        f"/arbete/rapporter/{report.pk}/skicka/", {"version": report.version, "accept_missing": "on"}
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.STEERING
    assert report.snapshot["report"]["introduction"] == "Arbetet har gått bra."
    assert report.snapshot["completeness"]["not_handed_in"] == [measure.title]

    # Advancing without a decision: the form says which decision is missing.
    response = coordinator_client.post(f"/arbete/rapporter/{report.pk}/beslut/", {"version": report.version})
    assert response.status_code == 200
    assert (
        "Ange styrgruppens beslut innan rapporten får status ”Hos kommunstyrelsen”."
        in response.content.decode()
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.STEERING

    steering, ks, kf = (
        decision(kind, days_after=5) for kind in (ForumKind.STEERING_GROUP, ForumKind.KS, ForumKind.KF)
    )
    for chosen, status in (
        (steering, ReportStatus.BOARD),
        (ks, ReportStatus.COUNCIL),
        (kf, ReportStatus.PUBLISHED),
    ):
        page = coordinator_client.get(f"/arbete/rapporter/{report.pk}/beslut/")
        choices = list(page.context["form"].fields["decision"].queryset)
        assert choices == [chosen], status  # only decisions of the right body are offered
        response = coordinator_client.post(
            f"/arbete/rapporter/{report.pk}/beslut/", {"version": report.version, "decision": chosen.pk}
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        report.refresh_from_db()
        assert report.status == status
    assert (report.steering_decision, report.board_decision, report.council_decision) == (steering, ks, kf)
    assert report.published_at is not None

    detail = coordinator_client.get(f"/arbete/rapporter/{report.pk}/").content.decode()
    assert f"{ks.paragraph}, " in detail and "här är rapporten nu" in detail
    assert f'href="/arbete/rapporter/{report.pk}/andra/"' not in detail
    assert client.get(f"/uppfoljning/{report.pk}/").status_code == 200


def test_a_decision_of_the_wrong_body_is_not_accepted(coordinator_client):
    report = finalise(FollowUpReportFactory())
    ks = decision(ForumKind.KS, days_after=5)
    response = coordinator_client.post(
        f"/arbete/rapporter/{report.pk}/beslut/", {"version": report.version, "decision": ks.pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["decision"]
    report.refresh_from_db()
    assert report.status == ReportStatus.STEERING


def test_advance_page_offers_newest_first_and_links_to_register_a_decision(coordinator_client):
    report = finalise(FollowUpReportFactory())
    older = decision(days_after=1, paragraph="SG § 3", diary_number="KS 2025/7")
    newer = decision(days_after=4, paragraph="SG § 9")
    page = coordinator_client.get(f"/arbete/rapporter/{report.pk}/beslut/")
    html = page.content.decode()
    assert list(page.context["form"].fields["decision"].queryset) == [newer, older]
    assert f"SG § 3, {older.decided_on:%Y-%m-%d}, dnr KS 2025/7" in html
    assert "Finns inte beslutet i listan? Registrera det här" in html


def test_the_decision_can_be_registered_on_the_spot(coordinator_client):
    report = finalise(FollowUpReportFactory(diary_number="KS 2025/88"))
    steering = ForumFactory(kind=ForumKind.STEERING_GROUP, name="Styrgruppen för trygghet")
    page = coordinator_client.get(f"/arbete/rapporter/{report.pk}/beslut/")
    assert page.context["form"]["new_forum"].value() == steering.pk  # the only styrgrupp
    day = timezone.localdate() - datetime.timedelta(days=2)
    response = _register(
        coordinator_client,
        report,
        forum=steering.pk,
        decided_on=day.isoformat(),
        paragraph="SG § 14",
        diary_number="KS 2025/88",
        title="Uppföljningsrapporten överlämnas till kommunstyrelsen",
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.BOARD
    made = report.steering_decision
    assert (made.forum, made.decided_on, made.paragraph, made.diary_number) == (
        steering,
        day,
        "SG § 14",
        "KS 2025/88",
    )
    assert made.visibility == Visibility.PUBLIC


def test_a_badly_written_decision_keeps_the_input_and_saves_nothing(coordinator_client):
    report = finalise(FollowUpReportFactory())
    steering = ForumFactory(kind=ForumKind.STEERING_GROUP)
    before = Decision.objects.count()
    response = _register(
        coordinator_client,
        report,
        forum=steering.pk,
        decided_on=timezone.localdate().isoformat(),
        paragraph="paragraf fjorton",
        title="Rapporten överlämnas",
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "KS § 123" in form.errors["new_paragraph"][0]
    assert 'value="paragraf fjorton"' in response.content.decode()
    assert Decision.objects.count() == before
    report.refresh_from_db()
    assert report.status == ReportStatus.STEERING


def test_a_registered_decision_is_not_kept_when_the_report_cannot_move(coordinator_client):
    report = finalise(FollowUpReportFactory(), days_ago=0)
    steering = ForumFactory(kind=ForumKind.STEERING_GROUP)
    before = Decision.objects.count()
    response = _register(
        coordinator_client,
        report,
        forum=steering.pk,
        decided_on=(timezone.localdate() - datetime.timedelta(days=30)).isoformat(),
        paragraph="SG § 2",
        title="För tidigt daterat",
    )
    assert "före rapporten överlämnades till styrgruppen" in response.content.decode()
    assert Decision.objects.count() == before


def test_choosing_and_registering_a_decision_at_once_is_refused(coordinator_client):
    report = finalise(FollowUpReportFactory())
    chosen = decision(days_after=4)
    response = coordinator_client.post(
        f"/arbete/rapporter/{report.pk}/beslut/",
        {
            "version": report.version,
            "decision": chosen.pk,
            "new_forum": chosen.forum.pk,
            "new_decided_on": chosen.decided_on.isoformat(),
            "new_paragraph": "SG § 99",
            "new_title": "Dubbelt",
        },
    )
    assert "inte båda" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.STEERING


def test_a_decision_dated_before_the_report_was_finalised_is_refused(coordinator_client):
    report = finalise(FollowUpReportFactory(), days_ago=0)
    early = decision(days_after=1)  # four days ago
    response = coordinator_client.post(
        f"/arbete/rapporter/{report.pk}/beslut/", {"version": report.version, "decision": early.pk}
    )
    assert "före rapporten överlämnades till styrgruppen" in response.content.decode()


def test_edit_keeps_input_and_reports_a_conflict(coordinator_client):
    report = FollowUpReportFactory()
    stale = report.version
    FollowUpReport.objects.get(pk=report.pk).save()  # someone else saved meanwhile
    response = coordinator_client.post(
        f"/arbete/rapporter/{report.pk}/andra/",
        {
            "loaded_version": stale,
            "title": "Min nya rubrik",
            "diary_number": "",
            "introduction": "Min text",
            "conclusions": "",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Någon annan har sparat ändringar här" in html
    assert "Min nya rubrik" in html and "Min text" in html
    report.refresh_from_db()
    assert report.title != "Min nya rubrik"


def test_edit_shows_field_errors_and_keeps_input(coordinator_client):
    report = FollowUpReportFactory()
    response = coordinator_client.post(
        f"/arbete/rapporter/{report.pk}/andra/",
        {
            "loaded_version": report.version,
            "title": "",
            "diary_number": "fel",
            "introduction": "Texten jag skrev",
            "conclusions": "",
        },
    )
    html = response.content.decode()
    assert "Skriv en rubrik för rapporten." in html
    assert "Ange diarienumret som ”KS 2024/123” eller ”2024/123”." in html
    assert "Texten jag skrev" in html
    assert 'aria-invalid="true"' in html


def test_create_form_requires_a_period_and_keeps_input(coordinator_client):
    response = coordinator_client.post(
        "/arbete/rapporter/ny/", {"period": "", "title": "Min rubrik", "introduction": "Mitt utkast"}
    )
    html = response.content.decode()
    assert "Välj vilken period rapporten gäller." in html
    assert "Mitt utkast" in html and "Min rubrik" in html
    assert not FollowUpReport.objects.exists()


def test_a_published_report_cannot_be_edited(coordinator_client):
    report = published_report()
    detail = coordinator_client.get(f"/arbete/rapporter/{report.pk}/").content.decode()
    assert f'href="/arbete/rapporter/{report.pk}/andra/"' not in detail
    response = coordinator_client.post(
        f"/arbete/rapporter/{report.pk}/andra/",
        {"loaded_version": report.version, "title": "Ändrad", "introduction": "x", "conclusions": "y"},
        follow=True,
    )
    assert response.redirect_chain == [(f"/arbete/rapporter/{report.pk}/", 302)]
    assert "kan inte ändras längre. Skapa en ny version" in response.content.decode()
    report.refresh_from_db()
    assert report.title != "Ändrad"


def test_new_version_supersedes_the_old_one_when_published(coordinator_client):
    client = _client_as()
    old = published_report()
    response = coordinator_client.post(f"/arbete/rapporter/{old.pk}/ny-version/", {"version": old.version})
    new = FollowUpReport.objects.get(previous=old)
    assert response["Location"] == f"/arbete/rapporter/{new.pk}/"
    assert (new.report_version, new.status, new.title) == (2, ReportStatus.DRAFT, old.title)
    assert "Ersätter" in coordinator_client.get(f"/arbete/rapporter/{new.pk}/").content.decode()
    # A second draft is refused with the service's words.
    again = coordinator_client.post(f"/arbete/rapporter/{old.pk}/ny-version/", {"version": old.version})
    assert "Det finns redan ett utkast till en ny version av rapporten." in again.content.decode()

    new = finalise(new, days_ago=0)
    old.refresh_from_db()
    assert old.status == ReportStatus.PUBLISHED  # the published one stays until the new one is published
    for kind, status in (
        (ForumKind.STEERING_GROUP, "board"),
        (ForumKind.KS, "council"),
        (ForumKind.KF, "published"),
    ):
        coordinator_client.post(
            f"/arbete/rapporter/{new.pk}/beslut/",
            {
                "version": FollowUpReport.objects.get(pk=new.pk).version,
                "decision": decision(kind, days_after=5).pk,
            },
        )
        assert FollowUpReport.objects.get(pk=new.pk).status == status
    old.refresh_from_db()
    assert (old.status, old.superseded_by_id) == (ReportStatus.SUPERSEDED, new.pk)
    detail = coordinator_client.get(f"/arbete/rapporter/{old.pk}/").content.decode()
    assert f'Ersatt av <a href="/arbete/rapporter/{new.pk}/">version 2</a>' in detail
    assert "Ny version" not in detail
    public = client.get("/uppfoljning/").content.decode()
    assert "Ersatt av en nyare version." in public
    assert client.get(f"/uppfoljning/{old.pk}/").status_code == 200


def test_copy_to_another_period(coordinator_client):
    report = finalise(FollowUpReportFactory(introduction="Så här gick det."))
    nxt = period_with_measures(1, title="Åtgärd 2027")
    page = coordinator_client.get(f"/arbete/rapporter/{report.pk}/kopiera/")
    assert report.period not in page.context["form"].fields["period"].queryset
    response = coordinator_client.post(f"/arbete/rapporter/{report.pk}/kopiera/", {"version": report.version})
    assert "Välj vilken period den nya rapporten ska gälla." in response.content.decode()
    response = coordinator_client.post(
        f"/arbete/rapporter/{report.pk}/kopiera/", {"version": report.version, "period": nxt.pk}
    )
    copy = FollowUpReport.objects.get(period=nxt)
    assert response["Location"] == f"/arbete/rapporter/{copy.pk}/"
    assert (copy.introduction, copy.status, copy.diary_number) == ("Så här gick det.", ReportStatus.DRAFT, "")


def test_finalise_of_a_changed_report_is_a_conflict(coordinator_client):
    report = FollowUpReportFactory()
    stale = report.version
    FollowUpReport.objects.get(pk=report.pk).save()
    response = coordinator_client.post(f"/arbete/rapporter/{report.pk}/skicka/", {"version": stale})
    assert "Någon annan har sparat ändringar här" in response.content.decode()
    assert FollowUpReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT


def test_detail_shows_the_chain_and_where_the_report_is(board_client):
    report = finalise(FollowUpReportFactory())
    report_services.advance_report(
        report=report, to="board", by=None, decision=decision(days_after=5, paragraph="SG § 4")
    )
    html = board_client.get(f"/arbete/rapporter/{report.pk}/").content.decode()
    chain = html[html.index("Rapportens väg till beslut") :]
    positions = [
        chain.index(label) for label in ("Utkast", "Hos styrgruppen", "Hos kommunstyrelsen", "Publicerad")
    ]
    assert positions == sorted(positions)
    assert "SG § 4" in chain
    assert 'aria-current="step"' in chain
    current = chain[chain.index('aria-current="step"') :]
    assert current.index("Hos kommunstyrelsen") < current.index("här är rapporten nu")
    # Board readers read and download; they get no buttons.
    for button in ("Registrera beslut och gå vidare", "Ny version", "Kopiera till en ny period", "Ändra"):
        assert f">{button}<" not in html
    assert f'href="/arbete/rapporter/{report.pk}/rapport.pdf"' in html


def test_downloads_have_the_right_audience(coordinator_client, pdf_html):
    report = finalise(FollowUpReportFactory(period=_leaky_period()))
    internal = coordinator_client.get(f"/arbete/rapporter/{report.pk}/rapport.pdf")
    assert internal["Content-Type"] == "application/pdf"
    assert internal.content.startswith(b"%PDF")
    public = coordinator_client.get(f"/arbete/rapporter/{report.pk}/rapport-offentlig.pdf")
    assert public.status_code == 200
    assert "Intern kartläggning" in pdf_html[0]
    assert "Intern kartläggning" not in pdf_html[1] and "Belysning i parken" in pdf_html[1]
    rows = coordinator_client.get(f"/arbete/rapporter/{report.pk}/atgarder.csv").content.decode("utf-8-sig")
    titles = [row[0] for row in csv.reader(io.StringIO(rows), delimiter=";")][1:]
    assert titles == ["Belysning i parken", "Intern kartläggning"]


def test_a_pdf_that_fails_gives_a_message_not_an_error(coordinator_client, monkeypatch):
    class Broken:
        def __init__(self, string, **kwargs):
            pass

        def write_pdf(self, **kwargs):
            raise OSError("no fonts")

    monkeypatch.setattr("weasyprint.HTML", Broken)
    report = FollowUpReportFactory()
    response = coordinator_client.get(f"/arbete/rapporter/{report.pk}/rapport.pdf", follow=True)
    assert response.redirect_chain == [(f"/arbete/rapporter/{report.pk}/", 302)]
    assert "PDF:en kunde inte skapas. Försök igen om en stund." in response.content.decode()


def test_the_real_pdf_is_a_pdf(coordinator_client):
    report = FollowUpReportFactory()
    response = coordinator_client.get(f"/arbete/rapporter/{report.pk}/rapport.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    period = report.period
    expected = f"uppfoljning-{period.starts_on:%Y-%m-%d}-{period.ends_on:%Y-%m-%d}-v1-intern.pdf"
    assert expected in response["Content-Disposition"]


def test_navigation_has_the_public_page_and_the_workspace_list(coordinator_client):
    assert 'href="/uppfoljning/"' in _client_as().get("/").content.decode()
    assert 'href="/arbete/rapporter/"' in coordinator_client.get("/arbete/").content.decode()
    assert 'href="/arbete/rapporter/"' in _client_as(Role.BOARD_READER).get("/arbete/").content.decode()
    partner = _client_as(Role.PARTNER_EDITOR).get("/arbete/").content.decode()
    assert 'href="/arbete/rapporter/"' not in partner


def test_new_report_without_any_period_points_to_where_one_is_added(coordinator_client):
    html = coordinator_client.get("/arbete/rapporter/ny/").content.decode()
    assert 'href="/arbete/uppfoljning/perioder/ny/"' in html
    FollowUpPeriodFactory()
    html = coordinator_client.get("/arbete/rapporter/ny/").content.decode()
    assert 'href="/arbete/uppfoljning/perioder/ny/"' not in html


def test_a_report_is_not_started_empty_or_for_a_period_without_measures(coordinator_client):
    empty_period = FollowUpPeriodFactory(name="Period utan åtgärder")
    period = period_with_measures(1)

    no_text = coordinator_client.post("/arbete/rapporter/ny/", {"period": period.pk, "title": "Min rubrik"})
    no_measures = coordinator_client.post(
        "/arbete/rapporter/ny/", {"period": empty_period.pk, "introduction": "Om perioden."}
    )

    assert "Skriv en inledning: vad rapporten handlar om" in no_text.content.decode()
    assert 'value="Min rubrik"' in no_text.content.decode()  # what was typed is kept
    assert "Perioden ”Period utan åtgärder” har inga åtgärder att följa upp." in no_measures.content.decode()
    assert FollowUpReport.objects.count() == 0


def test_an_unsent_draft_is_deleted_after_a_confirmation(coordinator_client):
    draft = FollowUpReportFactory(title="Felstartat utkast")
    sent = finalise(FollowUpReportFactory(title="Överlämnad rapport"))

    confirm = coordinator_client.get(f"/arbete/rapporter/{draft.pk}/ta-bort/")
    assert "Utkastet tas bort." in confirm.content.decode()
    assert FollowUpReport.objects.filter(pk=draft.pk).exists()  # nothing happens on GET
    response = coordinator_client.post(f"/arbete/rapporter/{draft.pk}/ta-bort/", {"version": draft.version})
    assert response["Location"] == "/arbete/rapporter/"
    assert not FollowUpReport.objects.filter(pk=draft.pk).exists()

    refused = coordinator_client.post(f"/arbete/rapporter/{sent.pk}/ta-bort/", {"version": sent.version})
    assert refused["Location"] == f"/arbete/rapporter/{sent.pk}/"
    assert FollowUpReport.objects.filter(pk=sent.pk).exists()


def test_deleting_a_draft_someone_changed_meanwhile_is_a_conflict(coordinator_client):
    draft = FollowUpReportFactory()
    stale = draft.version
    FollowUpReport.objects.get(pk=draft.pk).save()

    response = coordinator_client.post(f"/arbete/rapporter/{draft.pk}/ta-bort/", {"version": stale})

    assert "Någon annan har sparat ändringar här" in response.content.decode()
    assert FollowUpReport.objects.filter(pk=draft.pk).exists()
