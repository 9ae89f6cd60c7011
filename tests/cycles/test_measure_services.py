"""Lägesrapporter: a coordinator's is approved at once, a partner's waits for approval, the measure
follows its latest approved report, and the status moves follow the table."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cycles.models import (
    MEASURE_MOVES,
    MeasureStatus,
    MeasureUpdate,
)
from cycles.services import measure as measure_services
from tests.cycles.factories import (
    MeasureFactory,
    MeasureUpdateFactory,
    public_measure,
)
from tests.lagesbild.factories import CauseAnalysisFactory

pytestmark = pytest.mark.django_db


TODAY = timezone.localdate()


def test_coordinator_update_is_approved_and_moves_the_measure(coordinator):
    measure = public_measure(status=MeasureStatus.PLANNED)
    update = measure_services.post_update(
        measure=measure,
        by=coordinator,
        date=TODAY,
        status=MeasureStatus.ONGOING,
        progress=30,
        text="Startat.",
    )
    measure.refresh_from_db()
    assert update.is_approved and update.approved_by == coordinator
    assert (measure.status, measure.progress, measure.last_update_on) == (MeasureStatus.ONGOING, 30, TODAY)
    assert measure.history.first().history_user == coordinator


def test_partner_update_waits_for_approval_then_moves_the_measure(police_partner, coordinator):
    measure = public_measure()
    update = measure_services.post_update(
        measure=measure, by=police_partner, date=TODAY, status=MeasureStatus.DONE, progress=100, text="Klart."
    )
    measure.refresh_from_db()
    assert update.needs_approval and not update.is_approved
    assert (measure.status, measure.progress) == (MeasureStatus.ONGOING, 0)
    assert measure.last_update_on == TODAY  # it counts as activity: not stale

    measure_services.approve_update(update=update, by=coordinator)
    measure.refresh_from_db()
    update.refresh_from_db()
    assert update.approved_by == coordinator
    assert (measure.status, measure.progress) == (MeasureStatus.DONE, 100)
    with pytest.raises(ValidationError, match="redan granskad: Godkänd"):
        measure_services.approve_update(update=update, by=coordinator)


def test_partner_update_is_public_at_once_when_the_measure_does_not_need_approval(police_partner):
    measure = public_measure(updates_need_approval=False)
    update = measure_services.post_update(
        measure=measure, by=police_partner, date=TODAY, status=MeasureStatus.ONGOING, progress=10, text="x"
    )
    assert update.is_approved


def test_measure_follows_its_latest_approved_update_not_the_latest_written(coordinator):
    measure = public_measure()
    MeasureUpdateFactory(measure=measure, date=TODAY, progress=70)
    older = MeasureUpdateFactory(
        measure=measure,
        date=TODAY - datetime.timedelta(days=10),
        progress=40,
        approved_at=None,
        needs_approval=True,
    )
    measure_services.approve_update(update=older, by=coordinator)
    measure.refresh_from_db()
    assert measure.progress == 70


@pytest.mark.parametrize("start", list(MeasureStatus))
@pytest.mark.parametrize("target", list(MeasureStatus))
def test_measure_status_moves_follow_the_table(start, target, coordinator):
    measure = public_measure(status=start)
    allowed = target == start or target in MEASURE_MOVES[start]
    kwargs = {
        "measure": measure,
        "by": coordinator,
        "date": TODAY,
        "status": target,
        "progress": 50,
        "text": "x",
    }
    if allowed:
        measure_services.post_update(**kwargs)
    else:
        with pytest.raises(ValidationError, match="Det går inte att ändra status"):
            measure_services.post_update(**kwargs)
        assert not MeasureUpdate.objects.exists()


def test_no_updates_while_the_plan_is_a_draft(coordinator):
    measure = MeasureFactory(causes=[CauseAnalysisFactory()])
    with pytest.raises(ValidationError, match="när planen är beslutad"):
        measure_services.post_update(
            measure=measure, by=coordinator, date=TODAY, status=MeasureStatus.ONGOING, progress=5, text="x"
        )


def test_update_progress_and_future_date_are_refused(coordinator):
    measure = public_measure()
    with pytest.raises(ValidationError) as exc:
        measure_services.post_update(
            measure=measure,
            by=coordinator,
            date=TODAY + datetime.timedelta(days=1),
            status=MeasureStatus.ONGOING,
            progress=120,
            text="x",
        )
    assert set(exc.value.message_dict) == {"date", "progress"}


def test_sending_back_or_rejecting_needs_a_reason_and_tells_the_partner(
    police_partner, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    police_partner.email = "per@example.org"
    police_partner.save()
    measure = public_measure(title="Polisen i centrum")
    update = measure_services.post_update(
        measure=measure, by=police_partner, date=TODAY, status=MeasureStatus.ONGOING, progress=30, text="Bra."
    )

    with pytest.raises(ValidationError, match="Skriv varför"):
        measure_services.decline_update(update=update, by=coordinator, to="returned", reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        measure_services.decline_update(
            update=update, by=coordinator, to="returned", reason="Skriv hur många kvällar."
        )

    update.refresh_from_db()
    assert (update.review, update.review_reason, update.is_approved) == (
        "returned",
        "Skriv hur många kvällar.",
        False,
    )
    assert [m.to for m in mailoutbox] == [["per@example.org"]]
    assert "skickat tillbaka" in mailoutbox[0].subject and "Skriv hur många kvällar." in mailoutbox[0].body
    assert not MeasureUpdate.objects.public().filter(pk=update.pk).exists()
    with pytest.raises(ValidationError, match="redan granskad"):
        measure_services.approve_update(update=update, by=coordinator)


def test_a_coordinator_may_edit_the_text_before_approving_and_the_history_keeps_the_original(
    police_partner, coordinator
):
    measure = public_measure()
    update = measure_services.post_update(
        measure=measure,
        by=police_partner,
        date=TODAY,
        status=MeasureStatus.ONGOING,
        progress=30,
        text="Bra jobbat Kalle.",
    )

    measure_services.approve_update(update=update, by=coordinator, text="Patrullering fredag och lördag.")

    update.refresh_from_db()
    assert (update.text, update.review) == ("Patrullering fredag och lördag.", "approved")
    assert [h.text for h in update.history.order_by("history_date")] == [
        "Bra jobbat Kalle.",
        "Patrullering fredag och lördag.",
    ]


def test_a_partners_text_for_residents_is_published_only_when_approved(
    police_partner, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    police_partner.email = "per@example.org"
    police_partner.save()
    measure = public_measure(public_text="Gammal text.")

    change = measure_services.propose_text(measure=measure, text="Ny text från polisen.", by=police_partner)
    measure.refresh_from_db()
    assert measure.public_text == "Gammal text." and change.previous_text == "Gammal text."

    with django_capture_on_commit_callbacks(execute=True):
        measure_services.review_text_change(
            change=change, by=coordinator, to="returned", reason="Kortare, tack."
        )
    measure.refresh_from_db()
    assert measure.public_text == "Gammal text."
    assert "Kortare, tack." in mailoutbox[0].body

    again = measure_services.propose_text(measure=measure, text="Polisen patrullerar.", by=police_partner)
    measure_services.review_text_change(
        change=again, by=coordinator, to="approved", text="Polisen patrullerar i centrum."
    )
    measure.refresh_from_db()
    assert measure.public_text == "Polisen patrullerar i centrum."
    assert measure.history.first().history_user == coordinator
