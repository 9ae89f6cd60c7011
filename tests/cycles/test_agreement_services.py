"""An agreement's status moves: every allowed and refused move, and what signing needs (§ 9)."""

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cycles.models import (
    AGREEMENT_MOVES,
    AgreementStatus,
)
from cycles.services import agreement as agreement_services
from tests.actors.factories import ActorFactory
from tests.cycles.factories import (
    AgreementFactory,
)

pytestmark = pytest.mark.django_db


AGREEMENT_PAIRS = list(itertools.product(AgreementStatus.values, AgreementStatus.values))


@pytest.mark.parametrize(("current", "target"), AGREEMENT_PAIRS)
def test_agreement_transition_follows_the_table(current, target):
    agreement = AgreementFactory(status=current, parties=[ActorFactory()])

    if target in AGREEMENT_MOVES[current]:
        agreement_services.change_agreement_status(agreement=agreement, to=target)
        agreement.refresh_from_db()
        assert agreement.status == target
        assert agreement.history.first().status == target
    else:
        with pytest.raises(ValidationError, match="Det går inte att ändra status"):
            agreement_services.change_agreement_status(agreement=agreement, to=target)
        agreement.refresh_from_db()
        assert agreement.status == current


def test_agreement_moves_cover_every_status():
    assert set(AGREEMENT_MOVES) == set(AgreementStatus.values)


@pytest.mark.parametrize("missing", ["purposes", "areas"])
def test_agreement_cannot_be_signed_without_purposes_and_areas(missing):
    agreement = AgreementFactory(parties=[ActorFactory()], **{missing: ""})

    with pytest.raises(ValidationError, match="kan inte undertecknas förrän"):
        agreement_services.change_agreement_status(agreement=agreement, to=AgreementStatus.SIGNED)

    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT


def test_agreement_cannot_be_signed_without_parties():
    agreement = AgreementFactory()
    with pytest.raises(ValidationError, match="parter"):
        agreement_services.change_agreement_status(agreement=agreement, to=AgreementStatus.SIGNED)


def test_database_refuses_signed_agreement_without_purposes():
    agreement = AgreementFactory(status=AgreementStatus.SIGNED)
    agreement.purposes = ""
    with pytest.raises(IntegrityError), transaction.atomic():
        agreement.save()


def test_agreement_clean_names_the_missing_fields():
    agreement = AgreementFactory.build(status=AgreementStatus.SIGNED, purposes="", areas="")
    with pytest.raises(ValidationError) as exc:
        agreement.clean()
    assert set(exc.value.message_dict) == {"purposes", "areas"}
