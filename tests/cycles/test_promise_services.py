"""A medborgarlöfte's status moves: every allowed and refused move, and what signing and following up need."""

import itertools

import pytest
from django.core.exceptions import ValidationError

from cycles.models import (
    PROMISE_MOVES,
    PromiseStatus,
)
from cycles.services import promise as promise_services
from tests.cycles.factories import (
    CitizenPromiseFactory,
    PromiseLineFactory,
)

pytestmark = pytest.mark.django_db


PROMISE_PAIRS = list(itertools.product(PromiseStatus.values, PromiseStatus.values))


@pytest.mark.parametrize(("current", "target"), PROMISE_PAIRS)
def test_promise_transition_follows_the_table(current, target):
    promise = CitizenPromiseFactory(status=current)
    PromiseLineFactory(promise=promise, follow_up="Gjort.")

    if target in PROMISE_MOVES[current]:
        promise_services.change_promise_status(promise=promise, to=target)
        promise.refresh_from_db()
        assert promise.status == target
        assert promise.history.first().status == target
    else:
        with pytest.raises(ValidationError, match="Det går inte att ändra status"):
            promise_services.change_promise_status(promise=promise, to=target)
        promise.refresh_from_db()
        assert promise.status == current


def test_promise_cannot_be_signed_without_lines():
    promise = CitizenPromiseFactory()
    with pytest.raises(ValidationError, match="minst ett löfte"):
        promise_services.change_promise_status(promise=promise, to=PromiseStatus.SIGNED)


def test_promise_cannot_be_signed_without_date_and_signatories():
    promise = CitizenPromiseFactory(signed_on=None, signatories="")
    PromiseLineFactory(promise=promise)
    with pytest.raises(ValidationError, match="undertecknare och datum"):
        promise_services.change_promise_status(promise=promise, to=PromiseStatus.SIGNED)


def test_promise_cannot_be_followed_up_before_every_line_is():
    promise = CitizenPromiseFactory(status=PromiseStatus.PUBLISHED)
    PromiseLineFactory(promise=promise, follow_up="Gjort.")
    PromiseLineFactory(promise=promise, follow_up="")
    with pytest.raises(ValidationError, match="uppföljning för varje löfte"):
        promise_services.change_promise_status(promise=promise, to=PromiseStatus.FOLLOWED_UP)
