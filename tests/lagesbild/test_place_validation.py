"""Bad input in a place: coordinates come both or not at all."""

import pytest
from django.core.exceptions import ValidationError

from tests.lagesbild.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def test_place_needs_both_coordinates_or_none():
    place = PlaceFactory.build(latitude=56.5, longitude=None)
    with pytest.raises(ValidationError):
        place.full_clean()
