"""Bad input in a dialogue: a personnummer in an observation is refused."""

import pytest

from lagesbild.forms.dialogue import ObservationForm
from tests.lagesbild.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def test_observation_form_refuses_personnummer_in_the_note():
    place = PlaceFactory()
    form = ObservationForm({"place": place.pk, "category": "belysning", "note": "Ägaren 19850709-9805"})
    assert not form.is_valid()
    assert list(form.errors) == ["note"]
